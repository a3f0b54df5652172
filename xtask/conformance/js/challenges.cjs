'use strict';
// The sign-in challenge scenarios of the Amplify suite: every `signInStep` of the seed and
// every step Amplify adds, each driven by the real Amplify v6 against a pool provisioned
// for it (py/suite_scenarios.py) and completed to signed-in where the step allows.
//
// A scenario names its pool (`pool`) and, with `user: true`, runs as the user provisioned
// for it (`u`: username, password, email, phone, totpSecret). Codes come from the mock's
// outbox (/_mock/codes), TOTP codes from totp.cjs, custom-challenge answers from the
// outbox code the mock's built-in custom-auth trigger sends. Wrong answers come first
// where Cognito has an error for them, so the error is checked too.
//
// The Rust runner (tests/bin/conformance_runner.rs) implements the same scenarios with
// the same inputs; keep the two in step.

module.exports = function challengeScenarios(h) {
  const { auth, step, refused, expect, expectEq, stepOf, session, wireHas, wrongCode } = h;
  const { PASSWORD, NEW_PASSWORD, authenticator } = h;
  const MFA_MISMATCH = 'Invalid code or auth state for the user.';
  // A wrong SOFTWARE_TOKEN_MFA code gets a message of its own on the real service
  // (see mock-cognito's fidelity notes in docs/mock.md).
  const TOTP_MISMATCH = 'Invalid code received for user';
  const CODE_MISMATCH = 'Invalid verification code provided, please try again.';

  /** signIn/confirmSignIn answered DONE: check it and verify the tokens. */
  async function signedIn(rec, r, what) {
    expectEq([r.isSignedIn, stepOf(r)], [true, 'DONE'], what);
    await session(rec);
  }

  function expectStep(r, want, what) {
    expectEq([r.isSignedIn, stepOf(r)], [false, want], what);
  }

  const signIn = (rec, input) => step(rec, 'signIn', () => auth.signIn(input));
  const confirm = (rec, challengeResponse, options) =>
    step(rec, 'confirmSignIn', () => auth.confirmSignIn({ challengeResponse, options }));

  /** The code the mock sent for this challenge, after checking the step's delivery details. */
  async function sentCode(u, r, purpose, medium) {
    const entry = await h.outboxEntry(u.username, purpose);
    expectEq(entry.medium, medium, `${purpose} code medium`);
    const details = r.nextStep.codeDeliveryDetails || {};
    expectEq(details.deliveryMedium, medium, 'codeDeliveryDetails.deliveryMedium');
    expect(details.destination && details.destination !== entry.destination,
      `codeDeliveryDetails.destination is not masked: ${details.destination}`);
    return String(entry.code);
  }

  /** A one-time-code step: a wrong code is refused with `error`, the right one signs in. */
  async function answerCode(rec, code, error, message) {
    await refused(rec, 'confirmSignIn', () => auth.confirmSignIn({ challengeResponse: wrongCode(code) }),
      error, message);
    await signedIn(rec, await confirm(rec, code), 'confirmSignIn with the right code');
  }

  async function totpStep(rec, u, secret) {
    await refused(rec, 'confirmSignIn',
      () => auth.confirmSignIn({ challengeResponse: authenticator.wrongCode(secret) }),
      'CodeMismatchException', TOTP_MISMATCH);
    const code = await authenticator.code(secret);
    await signedIn(rec, await confirm(rec, code), 'confirmSignIn with the TOTP code');
  }

  /** CONTINUE_SIGN_IN_WITH_TOTP_SETUP: a wrong first code, then the right one. */
  async function totpSetup(rec, r, u) {
    expectStep(r, 'CONTINUE_SIGN_IN_WITH_TOTP_SETUP', 'TOTP setup step');
    const details = r.nextStep.totpSetupDetails;
    expect(details && details.sharedSecret, 'no totpSetupDetails.sharedSecret');
    const uri = details.getSetupUri('Conformance').toString();
    expect(uri.startsWith('otpauth://totp/Conformance:') && uri.includes(`secret=${details.sharedSecret}`),
      `setup URI ${uri}`);
    wireHas(rec, (w) => w.action === 'AssociateSoftwareToken' && w.status === 200, 'AssociateSoftwareToken');
    await refused(rec, 'confirmSignIn',
      () => auth.confirmSignIn({ challengeResponse: authenticator.wrongCode(details.sharedSecret) }),
      'EnableSoftwareTokenMFAException', 'Code mismatch and fail enable Software Token MFA');
    const code = await authenticator.code(details.sharedSecret);
    const done = await step(rec, 'confirmSignIn', () =>
      auth.confirmSignIn({ challengeResponse: code, options: { friendlyDeviceName: 'conformance' } }),
    );
    await signedIn(rec, done, 'confirmSignIn with the first TOTP code');
    wireHas(rec, (w) => w.action === 'VerifySoftwareToken' && w.status === 200, 'VerifySoftwareToken');
    wireHas(rec, (w) => w.challengeName === 'MFA_SETUP' && w.status === 200, 'RespondToAuthChallenge MFA_SETUP');
    return details.sharedSecret;
  }

  /** CONTINUE_SIGN_IN_WITH_EMAIL_SETUP: give an address, then the code sent there. */
  async function emailSetup(rec, r, u) {
    expectStep(r, 'CONTINUE_SIGN_IN_WITH_EMAIL_SETUP', 'email setup step');
    const address = `${u.username}@example.com`;
    const sent = await confirm(rec, address);
    expectStep(sent, 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE', 'after giving the address');
    const code = await sentCode(u, sent, 'EMAIL_OTP', 'EMAIL');
    expectEq((await h.outboxEntry(u.username, 'EMAIL_OTP')).destination, address, 'EMAIL_OTP destination');
    await answerCode(rec, code, 'CodeMismatchException', MFA_MISMATCH);
  }

  return [
    // ------------------------------------------------------------ MFA
    {
      name: 'amplify.mfa_sms',
      pool: 'mfa_optional',
      user: true,
      async run(rec, u) {
        const r = await signIn(rec, { username: u.username, password: u.password });
        expectStep(r, 'CONFIRM_SIGN_IN_WITH_SMS_CODE', 'signIn with SMS MFA preferred');
        await answerCode(rec, await sentCode(u, r, 'SMS_MFA', 'SMS'), 'CodeMismatchException', MFA_MISMATCH);
      },
    },
    {
      name: 'amplify.mfa_email',
      pool: 'mfa_optional',
      user: true,
      async run(rec, u) {
        const r = await signIn(rec, { username: u.username, password: u.password });
        expectStep(r, 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE', 'signIn with email MFA preferred');
        await answerCode(rec, await sentCode(u, r, 'EMAIL_OTP', 'EMAIL'), 'CodeMismatchException', MFA_MISMATCH);
      },
    },
    {
      name: 'amplify.mfa_totp',
      pool: 'mfa_optional',
      user: true,
      async run(rec, u) {
        const r = await signIn(rec, { username: u.username, password: u.password });
        expectStep(r, 'CONFIRM_SIGN_IN_WITH_TOTP_CODE', 'signIn with TOTP MFA preferred');
        authenticator.markUsed(u.totpSecret, u.totpUsedStep);
        await totpStep(rec, u, u.totpSecret);
      },
    },
    {
      name: 'amplify.mfa_selection',
      pool: 'mfa_optional',
      user: true,
      async run(rec, u) {
        const r = await signIn(rec, { username: u.username, password: u.password });
        expectStep(r, 'CONTINUE_SIGN_IN_WITH_MFA_SELECTION', 'signIn with three factors, none preferred');
        expectEq([...r.nextStep.allowedMFATypes].sort(), ['EMAIL', 'SMS', 'TOTP'], 'allowedMFATypes');
        await refused(rec, 'confirmSignIn', () => auth.confirmSignIn({ challengeResponse: 'VOICE' }),
          'IncorrectMFAMethod');
        const chosen = await confirm(rec, 'TOTP');
        expectStep(chosen, 'CONFIRM_SIGN_IN_WITH_TOTP_CODE', 'after choosing TOTP');
        wireHas(rec, (w) => w.challengeName === 'SELECT_MFA_TYPE' && w.status === 200, 'a SELECT_MFA_TYPE answer');
        authenticator.markUsed(u.totpSecret, u.totpUsedStep);
        await totpStep(rec, u, u.totpSecret);
      },
    },
    // ------------------------------------------------------------ MFA setup
    {
      name: 'amplify.mfa_setup_totp',
      pool: 'mfa_on_totp',
      user: true,
      async run(rec, u) {
        const r = await signIn(rec, { username: u.username, password: u.password });
        const secret = await totpSetup(rec, r, u);
        // The authenticator is now the user's factor.
        await step(rec, 'signOut', () => auth.signOut());
        const again = await signIn(rec, { username: u.username, password: u.password });
        expectStep(again, 'CONFIRM_SIGN_IN_WITH_TOTP_CODE', 'signIn after setting TOTP up');
        await signedIn(rec, await confirm(rec, await authenticator.code(secret)), 'confirmSignIn with TOTP');
      },
    },
    {
      name: 'amplify.mfa_setup_email',
      pool: 'mfa_on_email',
      user: true,
      async run(rec, u) {
        await emailSetup(rec, await signIn(rec, { username: u.username, password: u.password }), u);
      },
    },
    {
      name: 'amplify.mfa_setup_selection_totp',
      pool: 'mfa_on_both',
      user: true,
      async run(rec, u) {
        const r = await signIn(rec, { username: u.username, password: u.password });
        expectStep(r, 'CONTINUE_SIGN_IN_WITH_MFA_SETUP_SELECTION', 'signIn, MFA required, nothing set up');
        expectEq([...r.nextStep.allowedMFATypes].sort(), ['EMAIL', 'TOTP'], 'allowedMFATypes');
        await totpSetup(rec, await confirm(rec, 'TOTP'), u);
      },
    },
    {
      name: 'amplify.mfa_setup_selection_email',
      pool: 'mfa_on_both',
      user: true,
      async run(rec, u) {
        const r = await signIn(rec, { username: u.username, password: u.password });
        expectStep(r, 'CONTINUE_SIGN_IN_WITH_MFA_SETUP_SELECTION', 'signIn, MFA required, nothing set up');
        await emailSetup(rec, await confirm(rec, 'EMAIL'), u);
      },
    },
    // ------------------------------------------------------------ new password
    {
      name: 'amplify.new_password_required',
      pool: 'required_name',
      user: true,
      async run(rec, u) {
        const r = await signIn(rec, { username: u.username, password: u.password });
        expectStep(r, 'CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED', 'signIn with the temporary password');
        expectEq(r.nextStep.missingAttributes, ['name'], 'missingAttributes');
        await refused(rec, 'confirmSignIn',
          () => auth.confirmSignIn({ challengeResponse: 'weak', options: { userAttributes: { name: 'N' } } }),
          'InvalidPasswordException');
        await refused(rec, 'confirmSignIn', () => auth.confirmSignIn({ challengeResponse: NEW_PASSWORD }),
          'InvalidParameterException');
        await signedIn(rec, await confirm(rec, NEW_PASSWORD, { userAttributes: { name: 'Conformance' } }),
          'confirmSignIn with a new password and the missing attribute');
        await step(rec, 'signOut', () => auth.signOut());
        await signedIn(rec, await signIn(rec, { username: u.username, password: NEW_PASSWORD }),
          'signIn with the new password');
      },
    },
    {
      name: 'amplify.new_password_then_totp_setup',
      pool: 'mfa_on_totp',
      user: true,
      async run(rec, u) {
        const r = await signIn(rec, { username: u.username, password: u.password });
        expectStep(r, 'CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED', 'signIn with the temporary password');
        await totpSetup(rec, await confirm(rec, NEW_PASSWORD), u);
      },
    },
    // ------------------------------------------------------------ password reset
    {
      name: 'amplify.reset_password',
      pool: 'basic',
      user: true,
      async run(rec, u) {
        const r = await signIn(rec, { username: u.username, password: u.password });
        expectStep(r, 'RESET_PASSWORD', 'signIn after AdminResetUserPassword');
        const reset = await step(rec, 'resetPassword', () => auth.resetPassword({ username: u.username }));
        expectEq([reset.isPasswordReset, stepOf(reset)], [false, 'CONFIRM_RESET_PASSWORD_WITH_CODE'], 'resetPassword');
        const code = await h.latestCode(u.username, 'FORGOT_PASSWORD');
        await refused(rec, 'confirmResetPassword',
          () => auth.confirmResetPassword({ username: u.username, confirmationCode: wrongCode(code), newPassword: NEW_PASSWORD }),
          'CodeMismatchException', CODE_MISMATCH);
        await step(rec, 'confirmResetPassword', () =>
          auth.confirmResetPassword({ username: u.username, confirmationCode: code, newPassword: NEW_PASSWORD }));
        await signedIn(rec, await signIn(rec, { username: u.username, password: NEW_PASSWORD }),
          'signIn with the new password');
      },
    },
    // ------------------------------------------------------------ USER_AUTH
    {
      name: 'amplify.user_auth_select_password',
      pool: 'user_auth',
      user: true,
      async run(rec, u) {
        const r = await signIn(rec, { username: u.username, options: { authFlowType: 'USER_AUTH' } });
        expectStep(r, 'CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION', 'USER_AUTH without a preference');
        expectEq([...r.nextStep.availableChallenges].sort(), ['EMAIL_OTP', 'PASSWORD', 'PASSWORD_SRP'],
          'availableChallenges');
        expectStep(await confirm(rec, 'PASSWORD'), 'CONFIRM_SIGN_IN_WITH_PASSWORD', 'after choosing PASSWORD');
        await signedIn(rec, await confirm(rec, u.password), 'confirmSignIn with the password');
        wireHas(rec, (w) => w.challengeName === 'SELECT_CHALLENGE' && w.status === 200, 'SELECT_CHALLENGE');
      },
    },
    {
      name: 'amplify.user_auth_select_password_srp',
      pool: 'user_auth',
      user: true,
      async run(rec, u) {
        const r = await signIn(rec, { username: u.username, options: { authFlowType: 'USER_AUTH' } });
        expectStep(r, 'CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION', 'USER_AUTH without a preference');
        expectStep(await confirm(rec, 'PASSWORD_SRP'), 'CONFIRM_SIGN_IN_WITH_PASSWORD', 'after choosing PASSWORD_SRP');
        await signedIn(rec, await confirm(rec, u.password), 'confirmSignIn with the password');
        wireHas(rec, (w) => w.challengeName === 'PASSWORD_VERIFIER' && w.status === 200, 'PASSWORD_VERIFIER');
      },
    },
    {
      name: 'amplify.user_auth_select_email_otp',
      pool: 'user_auth',
      user: true,
      async run(rec, u) {
        const r = await signIn(rec, { username: u.username, options: { authFlowType: 'USER_AUTH' } });
        expectStep(r, 'CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION', 'USER_AUTH without a preference');
        const sent = await confirm(rec, 'EMAIL_OTP');
        expectStep(sent, 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE', 'after choosing EMAIL_OTP');
        await answerCode(rec, await sentCode(u, sent, 'EMAIL_OTP', 'EMAIL'), 'CodeMismatchException', MFA_MISMATCH);
      },
    },
    {
      name: 'amplify.user_auth_preferred_password',
      pool: 'user_auth',
      user: true,
      async run(rec, u) {
        const r = await signIn(rec, {
          username: u.username,
          password: u.password,
          options: { authFlowType: 'USER_AUTH', preferredChallenge: 'PASSWORD' },
        });
        await signedIn(rec, r, 'USER_AUTH preferring PASSWORD');
      },
    },
    {
      name: 'amplify.user_auth_preferred_password_srp',
      pool: 'user_auth',
      user: true,
      async run(rec, u) {
        const r = await signIn(rec, {
          username: u.username,
          password: u.password,
          options: { authFlowType: 'USER_AUTH', preferredChallenge: 'PASSWORD_SRP' },
        });
        await signedIn(rec, r, 'USER_AUTH preferring PASSWORD_SRP');
        wireHas(rec, (w) => w.challengeName === 'PASSWORD_VERIFIER' && w.status === 200, 'PASSWORD_VERIFIER');
      },
    },
    {
      name: 'amplify.user_auth_preferred_email_otp',
      pool: 'user_auth',
      user: true,
      async run(rec, u) {
        const r = await signIn(rec, {
          username: u.username,
          options: { authFlowType: 'USER_AUTH', preferredChallenge: 'EMAIL_OTP' },
        });
        expectStep(r, 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE', 'USER_AUTH preferring EMAIL_OTP');
        await answerCode(rec, await sentCode(u, r, 'EMAIL_OTP', 'EMAIL'), 'CodeMismatchException', MFA_MISMATCH);
      },
    },
    {
      name: 'amplify.user_auth_preferred_sms_otp',
      pool: 'user_auth',
      user: true,
      async run(rec, u) {
        const r = await signIn(rec, {
          username: u.username,
          options: { authFlowType: 'USER_AUTH', preferredChallenge: 'SMS_OTP' },
        });
        expectStep(r, 'CONFIRM_SIGN_IN_WITH_SMS_CODE', 'USER_AUTH preferring SMS_OTP');
        await answerCode(rec, await sentCode(u, r, 'SMS_OTP', 'SMS'), 'CodeMismatchException', MFA_MISMATCH);
      },
    },
    {
      name: 'amplify.auto_sign_in_user_auth',
      pool: 'user_auth',
      async run(rec) {
        const username = `amp-${h.runId}-auto-ua`;
        const up = await step(rec, 'signUp', () =>
          auth.signUp({
            username,
            password: PASSWORD,
            options: {
              userAttributes: { email: `${username}@example.com` },
              autoSignIn: { authFlowType: 'USER_AUTH' },
            },
          }),
        );
        expectEq([up.isSignUpComplete, stepOf(up)], [false, 'CONFIRM_SIGN_UP'], 'signUp');
        const code = await h.latestCode(username, 'SIGN_UP');
        const confirmed = await step(rec, 'confirmSignUp', () => auth.confirmSignUp({ username, confirmationCode: code }));
        expectEq([confirmed.isSignUpComplete, stepOf(confirmed)], [true, 'COMPLETE_AUTO_SIGN_IN'], 'confirmSignUp');
        // Amplify never passes SignUp's Session to ConfirmSignUp, and Cognito returns a
        // Session from ConfirmSignUp only when it got SignUp's (the chain SignUp ->
        // ConfirmSignUp -> InitiateAuth USER_AUTH; wire spec, ConfirmSignUp). So Amplify's
        // autoSignIn sends USER_AUTH without a session and Cognito asks for a first factor
        // instead of issuing tokens. (Our facade passes the session: docs/flows.md.)
        wireHas(rec, (w) => w.action === 'ConfirmSignUp' && !w.session && w.status === 200, 'ConfirmSignUp without a Session');
        const auto = await step(rec, 'autoSignIn', () => auth.autoSignIn());
        expectStep(auto, 'CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION', 'autoSignIn (USER_AUTH, no session)');
        wireHas(rec, (w) => w.authFlow === 'USER_AUTH' && !w.session && w.status === 200, 'InitiateAuth USER_AUTH without a Session');
        expectStep(await confirm(rec, 'PASSWORD'), 'CONFIRM_SIGN_IN_WITH_PASSWORD', 'after choosing PASSWORD');
        await signedIn(rec, await confirm(rec, PASSWORD), 'confirmSignIn with the sign-up password');
        return 'Amplify\'s USER_AUTH auto sign-in needed a first factor: it drops the sign-up session';
      },
    },
    // ------------------------------------------------------------ custom auth (built-in trigger)
    {
      name: 'amplify.custom_without_srp',
      pool: 'default',
      user: true,
      async run(rec, u) {
        const r = await signIn(rec, { username: u.username, options: { authFlowType: 'CUSTOM_WITHOUT_SRP' } });
        expectStep(r, 'CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE', 'CUSTOM_WITHOUT_SRP');
        const first = await h.latestCode(u.username, 'CUSTOM_CHALLENGE');
        // A wrong answer: the built-in trigger asks again (a new code).
        const again = await confirm(rec, wrongCode(first));
        expectStep(again, 'CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE', 'after a wrong answer');
        const second = await h.latestCode(u.username, 'CUSTOM_CHALLENGE');
        await signedIn(rec, await confirm(rec, second), 'confirmSignIn with the custom answer');
        wireHas(rec, (w) => w.authFlow === 'CUSTOM_AUTH', 'InitiateAuth CUSTOM_AUTH');
      },
    },
    {
      name: 'amplify.custom_with_srp',
      pool: 'default',
      user: true,
      async run(rec, u) {
        const r = await signIn(rec, {
          username: u.username,
          password: u.password,
          options: { authFlowType: 'CUSTOM_WITH_SRP' },
        });
        expectStep(r, 'CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE', 'CUSTOM_WITH_SRP');
        wireHas(rec, (w) => w.challengeName === 'PASSWORD_VERIFIER' && w.status === 200, 'PASSWORD_VERIFIER');
        const code = await h.latestCode(u.username, 'CUSTOM_CHALLENGE');
        await signedIn(rec, await confirm(rec, code), 'confirmSignIn with the custom answer');
      },
    },
    {
      name: 'amplify.custom_wrong_answers',
      pool: 'default',
      user: true,
      async run(rec, u) {
        const r = await signIn(rec, { username: u.username, options: { authFlowType: 'CUSTOM_WITHOUT_SRP' } });
        expectStep(r, 'CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE', 'CUSTOM_WITHOUT_SRP');
        for (let i = 0; i < 2; i += 1) {
          const code = await h.latestCode(u.username, 'CUSTOM_CHALLENGE');
          expectStep(await confirm(rec, wrongCode(code)), 'CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE', `wrong answer ${i + 1}`);
        }
        const code = await h.latestCode(u.username, 'CUSTOM_CHALLENGE');
        await refused(rec, 'confirmSignIn', () => auth.confirmSignIn({ challengeResponse: wrongCode(code) }),
          'NotAuthorizedException');
      },
    },
  ];
};
