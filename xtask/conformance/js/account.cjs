'use strict';
// Amplify v6's account-management API against a Cognito-compatible server: the calls a
// signed-in user makes on their own account (attributes and their verification, password,
// TOTP and MFA preference, a refreshed session, remembered devices). Part of the Amplify suite
// (amplify.cjs runs these checks after its scenarios and records them in amplify.json);
// they are not sign-in step sequences, so they stay out of amplify-steps.json and the
// comparison with cognito-auth.
//
// Every check provisions its own confirmed user with the AWS admin API (AdminCreateUser with
// a verified email, AdminSetUserPassword Permanent) and starts from Amplify signIn (SRP).
// Pools: `basic` (the boto3 suite's: email auto-verified, nothing else), `mfa_optional` (the
// scenario pool with TOTP allowed) and `account`, created here with CreateUserPool: email
// auto-verified, an email alias, a custom attribute, and UserAttributeUpdateSettings
// `AttributesRequireVerificationBeforeUpdate: [email]` ("keep original attribute value
// active when an update is pending"), and `devices`, created with a DeviceConfiguration
// (ChallengeRequiredOnNewDevice, DeviceOnlyRememberedOnUserPrompt). Codes come from the mock's outbox (/_mock/codes), TOTP
// codes from totp.cjs; checks that need codes are skipped on servers without /_mock.

module.exports = function accountChecks(h) {
  const { auth, step, refused, expect, expectEq, stepOf, session, wireHas, wrongCode } = h;
  const { PASSWORD, NEW_PASSWORD, authenticator, runId, Skip } = h;
  const INCORRECT = 'Incorrect username or password.';
  const CODE_MISMATCH = 'Invalid verification code provided, please try again.';
  let seq = 0;

  /** An admin call that must succeed (unsigned: the servers this suite targets do not check SigV4). */
  async function admin(action, body) {
    const r = await h.cognito(action, body);
    expect(r.status === 200, `${action}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  }

  /** A confirmed user with a verified email (and `extra` attributes) in the current pool. */
  async function newUser(tag, extra = {}) {
    seq += 1;
    const username = `acct-${runId}-${seq}-${tag}`;
    const email = `${username}@example.com`;
    const attrs = { email, email_verified: 'true', ...extra };
    await admin('AdminCreateUser', {
      UserPoolId: h.pool.userPoolId,
      Username: username,
      MessageAction: 'SUPPRESS',
      UserAttributes: Object.entries(attrs).map(([Name, Value]) => ({ Name, Value })),
    });
    await admin('AdminSetUserPassword', {
      UserPoolId: h.pool.userPoolId, Username: username, Password: PASSWORD, Permanent: true,
    });
    return { username, email };
  }

  async function signedIn(rec, username, password = PASSWORD) {
    const r = await step(rec, 'signIn', () => auth.signIn({ username, password }));
    expectEq([r.isSignedIn, stepOf(r)], [true, 'DONE'], `signIn of ${username}`);
    return session(rec);
  }

  function needCodes() {
    if (!h.target.mockApi) throw new Skip('needs the /_mock outbox for the verification code');
  }

  const fetchAttributes = (rec) => step(rec, 'fetchUserAttributes', () => auth.fetchUserAttributes());

  /** A masked destination for this address: not the address itself, Cognito's `x***@y***` shape. */
  function expectMasked(details, medium, attributeName, address) {
    expectEq([details.deliveryMedium, details.attributeName], [medium, attributeName], 'codeDeliveryDetails');
    expect(typeof details.destination === 'string' && details.destination !== address
      && details.destination.includes('***') && details.destination[0] === address[0],
    `destination ${JSON.stringify(details.destination)} is not ${address} masked`);
  }

  /** The newest attribute-verification code, checking where it was sent. */
  async function verificationCode(username, attr, destination) {
    const entry = await h.outboxEntry(username, `VERIFY_ATTRIBUTE:${attr}`);
    expectEq(entry.destination, destination, `${attr} verification code destination`);
    return String(entry.code);
  }

  /** A pool that tracks devices (created once; remembered only on the user's prompt), configured in Amplify. */
  let devicePool = null;
  async function useDevicePool() {
    if (!devicePool) {
      const p = await admin('CreateUserPool', {
        PoolName: `amplify-devices-${runId}`,
        AutoVerifiedAttributes: ['email'],
        DeviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: true },
      });
      expectEq(p.UserPool.DeviceConfiguration,
        { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: true }, 'DeviceConfiguration echoed');
      const c = await admin('CreateUserPoolClient', {
        UserPoolId: p.UserPool.Id,
        ClientName: 'amplify-devices',
        ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
        EnableTokenRevocation: true,
      });
      devicePool = { userPoolId: p.UserPool.Id, userPoolClientId: c.UserPoolClient.ClientId };
    }
    h.configure('devices', devicePool);
  }

  /** The `account` pool (created once), configured in Amplify. */
  let accountPool = null;
  async function useAccountPool() {
    if (!accountPool) {
      const p = await admin('CreateUserPool', {
        PoolName: `amplify-account-${runId}`,
        AutoVerifiedAttributes: ['email'],
        AliasAttributes: ['email'],
        UserAttributeUpdateSettings: { AttributesRequireVerificationBeforeUpdate: ['email'] },
        Schema: [{ Name: 'plan', AttributeDataType: 'String', Mutable: true }],
      });
      const poolId = p.UserPool.Id;
      expectEq(p.UserPool.UserAttributeUpdateSettings,
        { AttributesRequireVerificationBeforeUpdate: ['email'] }, 'UserAttributeUpdateSettings echoed');
      const c = await admin('CreateUserPoolClient', {
        UserPoolId: poolId,
        ClientName: 'amplify-account',
        ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
        PreventUserExistenceErrors: 'ENABLED',
        EnableTokenRevocation: true,
      });
      accountPool = { userPoolId: poolId, userPoolClientId: c.UserPoolClient.ClientId };
    }
    h.configure('account', accountPool);
  }

  return [
    {
      name: 'amplify.account.fetch_user_attributes',
      async run(rec) {
        const u = await newUser('fetch', { name: 'Ada Lovelace', given_name: 'Ada' });
        const tokens = await signedIn(rec, u.username);
        const attrs = await fetchAttributes(rec);
        wireHas(rec, (w) => w.action === 'GetUser' && w.status === 200, 'GetUser');
        const sorted = (o) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
        expectEq(sorted(attrs), sorted({
          sub: tokens.accessClaims.sub,
          email: u.email,
          email_verified: 'true',
          name: 'Ada Lovelace',
          given_name: 'Ada',
        }), 'fetchUserAttributes');
        return `every attribute, sub = the token's, email_verified "true"`;
      },
    },
    {
      name: 'amplify.account.update_user_attributes',
      async run(rec) {
        needCodes();
        const u = await newUser('update', { name: 'Before' });
        await signedIn(rec, u.username);
        // Plain attributes: updated at once.
        const plain = await step(rec, 'updateUserAttributes', () =>
          auth.updateUserAttributes({ userAttributes: { name: 'After', family_name: 'Added' } }));
        for (const key of ['name', 'family_name']) {
          expectEq(plain[key], { isUpdated: true, nextStep: { updateAttributeStep: 'DONE' } }, `result for ${key}`);
        }
        let attrs = await fetchAttributes(rec);
        expectEq([attrs.name, attrs.family_name], ['After', 'Added'], 'attributes after the update');
        // A new email in a pool that auto-verifies it (and does not keep the original): a code.
        const newEmail = `new-${u.email}`;
        const r = await step(rec, 'updateUserAttributes(email)', () =>
          auth.updateUserAttributes({ userAttributes: { email: newEmail } }));
        expectEq([r.email.isUpdated, r.email.nextStep.updateAttributeStep], [false, 'CONFIRM_ATTRIBUTE_WITH_CODE'],
          'result for email');
        expectMasked(r.email.nextStep.codeDeliveryDetails, 'EMAIL', 'email', newEmail);
        const code = await verificationCode(u.username, 'email', newEmail);
        attrs = await fetchAttributes(rec);
        expectEq([attrs.email, attrs.email_verified], [newEmail, 'false'],
          'email until verified (the pool does not keep the original)');
        await refused(rec, 'confirmUserAttribute',
          () => auth.confirmUserAttribute({ userAttributeKey: 'email', confirmationCode: wrongCode(code) }),
          'CodeMismatchException', CODE_MISMATCH);
        await step(rec, 'confirmUserAttribute', () =>
          auth.confirmUserAttribute({ userAttributeKey: 'email', confirmationCode: code }));
        wireHas(rec, (w) => w.action === 'VerifyUserAttribute' && w.status === 200, 'VerifyUserAttribute');
        attrs = await fetchAttributes(rec);
        expectEq([attrs.email, attrs.email_verified], [newEmail, 'true'], 'email after confirmUserAttribute');
      },
    },
    {
      name: 'amplify.account.update_email_keeps_original',
      async run(rec) {
        needCodes();
        await useAccountPool();
        const u = await newUser('keep', { 'custom:plan': 'free' });
        await signedIn(rec, u.username);
        const newEmail = `new-${u.email}`;
        const r = await step(rec, 'updateUserAttributes', () =>
          auth.updateUserAttributes({ userAttributes: { email: newEmail, 'custom:plan': 'pro' } }));
        expectEq(r['custom:plan'], { isUpdated: true, nextStep: { updateAttributeStep: 'DONE' } }, 'custom:plan result');
        expectEq([r.email.isUpdated, r.email.nextStep.updateAttributeStep], [false, 'CONFIRM_ATTRIBUTE_WITH_CODE'],
          'email result');
        expectMasked(r.email.nextStep.codeDeliveryDetails, 'EMAIL', 'email', newEmail);
        const code = await verificationCode(u.username, 'email', newEmail);
        // Until verified, the original address is the user's: attributes, alias sign-in.
        let attrs = await fetchAttributes(rec);
        expectEq([attrs.email, attrs.email_verified, attrs['custom:plan']], [u.email, 'true', 'pro'],
          'attributes while the new email is pending');
        await step(rec, 'signOut', () => auth.signOut());
        await signedIn(rec, u.email);
        await step(rec, 'signOut', () => auth.signOut());
        await refused(rec, 'signIn(new email)', () => auth.signIn({ username: newEmail, password: PASSWORD }),
          'NotAuthorizedException', INCORRECT);
        await signedIn(rec, u.username);
        await step(rec, 'confirmUserAttribute', () =>
          auth.confirmUserAttribute({ userAttributeKey: 'email', confirmationCode: code }));
        attrs = await fetchAttributes(rec);
        expectEq([attrs.email, attrs.email_verified], [newEmail, 'true'], 'email after confirmUserAttribute');
        await step(rec, 'signOut', () => auth.signOut());
        await signedIn(rec, newEmail);
        return 'old email active (verified, alias) until the code; then the new one';
      },
    },
    {
      name: 'amplify.account.update_user_attribute',
      async run(rec) {
        needCodes();
        const u = await newUser('single');
        await signedIn(rec, u.username);
        const r = await step(rec, 'updateUserAttribute', () =>
          auth.updateUserAttribute({ userAttribute: { attributeKey: 'name', value: 'Single' } }));
        expectEq(r, { isUpdated: true, nextStep: { updateAttributeStep: 'DONE' } }, 'updateUserAttribute(name)');
        const newEmail = `new-${u.email}`;
        const e = await step(rec, 'updateUserAttribute(email)', () =>
          auth.updateUserAttribute({ userAttribute: { attributeKey: 'email', value: newEmail } }));
        expectEq([e.isUpdated, e.nextStep.updateAttributeStep], [false, 'CONFIRM_ATTRIBUTE_WITH_CODE'],
          'updateUserAttribute(email)');
        expectMasked(e.nextStep.codeDeliveryDetails, 'EMAIL', 'email', newEmail);
        const attrs = await fetchAttributes(rec);
        expectEq([attrs.name, attrs.email], ['Single', newEmail], 'attributes');
      },
    },
    {
      name: 'amplify.account.send_user_attribute_verification_code',
      async run(rec) {
        needCodes();
        const u = await newUser('resend');
        await signedIn(rec, u.username);
        const newEmail = `new-${u.email}`;
        await step(rec, 'updateUserAttributes(email)', () =>
          auth.updateUserAttributes({ userAttributes: { email: newEmail } }));
        const first = await verificationCode(u.username, 'email', newEmail);
        const d = await step(rec, 'sendUserAttributeVerificationCode', () =>
          auth.sendUserAttributeVerificationCode({ userAttributeKey: 'email' }));
        wireHas(rec, (w) => w.action === 'GetUserAttributeVerificationCode' && w.status === 200,
          'GetUserAttributeVerificationCode');
        expectMasked(d, 'EMAIL', 'email', newEmail);
        const second = await verificationCode(u.username, 'email', newEmail);
        if (first !== second) {
          // The new code replaces the first one.
          await refused(rec, 'confirmUserAttribute',
            () => auth.confirmUserAttribute({ userAttributeKey: 'email', confirmationCode: first }),
            'CodeMismatchException', CODE_MISMATCH);
        }
        await step(rec, 'confirmUserAttribute', () =>
          auth.confirmUserAttribute({ userAttributeKey: 'email', confirmationCode: second }));
        const attrs = await fetchAttributes(rec);
        expectEq(attrs.email_verified, 'true', 'email_verified after the resent code');
      },
    },
    {
      name: 'amplify.account.delete_user_attributes',
      async run(rec) {
        const u = await newUser('delete', { name: 'Gone', given_name: 'Soon', family_name: 'Kept' });
        await signedIn(rec, u.username);
        await step(rec, 'deleteUserAttributes', () =>
          auth.deleteUserAttributes({ userAttributeKeys: ['name', 'given_name'] }));
        wireHas(rec, (w) => w.action === 'DeleteUserAttributes' && w.status === 200, 'DeleteUserAttributes');
        const attrs = await fetchAttributes(rec);
        expect(!('name' in attrs) && !('given_name' in attrs), `attributes still there: ${JSON.stringify(attrs)}`);
        expectEq([attrs.family_name, attrs.email], ['Kept', u.email], 'the other attributes');
      },
    },
    {
      name: 'amplify.account.update_password',
      async run(rec) {
        const u = await newUser('password');
        await signedIn(rec, u.username);
        await refused(rec, 'updatePassword',
          () => auth.updatePassword({ oldPassword: 'Not-The-Password-1!', newPassword: NEW_PASSWORD }),
          'NotAuthorizedException', INCORRECT);
        await step(rec, 'updatePassword', () => auth.updatePassword({ oldPassword: PASSWORD, newPassword: NEW_PASSWORD }));
        wireHas(rec, (w) => w.action === 'ChangePassword' && w.status === 200, 'a successful ChangePassword');
        await step(rec, 'signOut', () => auth.signOut());
        await refused(rec, 'signIn(old password)', () => auth.signIn({ username: u.username, password: PASSWORD }),
          'NotAuthorizedException', INCORRECT);
        await signedIn(rec, u.username, NEW_PASSWORD);
      },
    },
    {
      name: 'amplify.account.totp_mfa',
      pool: 'mfa_optional',
      async run(rec) {
        const u = await newUser('totp');
        await signedIn(rec, u.username);
        const before = await step(rec, 'fetchMFAPreference', () => auth.fetchMFAPreference());
        expect(!before.preferred && !(before.enabled && before.enabled.length),
          `fetchMFAPreference before setup: ${JSON.stringify(before)}`);
        const setup = await step(rec, 'setUpTOTP', () => auth.setUpTOTP());
        expect(/^[A-Z2-7]{16,}=*$/.test(setup.sharedSecret), `sharedSecret ${setup.sharedSecret}`);
        const uri = setup.getSetupUri('Conformance').toString();
        expect(uri.startsWith('otpauth://totp/Conformance:') && uri.includes(`secret=${setup.sharedSecret}`),
          `setup URI ${uri}`);
        await refused(rec, 'verifyTOTPSetup',
          () => auth.verifyTOTPSetup({ code: authenticator.wrongCode(setup.sharedSecret) }),
          'EnableSoftwareTokenMFAException', 'Code mismatch and fail enable Software Token MFA');
        const code = await authenticator.code(setup.sharedSecret);
        await step(rec, 'verifyTOTPSetup', () =>
          auth.verifyTOTPSetup({ code, options: { friendlyDeviceName: 'conformance' } }));
        await step(rec, 'updateMFAPreference', () => auth.updateMFAPreference({ totp: 'PREFERRED' }));
        wireHas(rec, (w) => w.action === 'SetUserMFAPreference' && w.status === 200, 'SetUserMFAPreference');
        const pref = await step(rec, 'fetchMFAPreference', () => auth.fetchMFAPreference());
        expectEq(pref, { preferred: 'TOTP', enabled: ['TOTP'] }, 'fetchMFAPreference');
        await step(rec, 'signOut', () => auth.signOut());
        const r = await step(rec, 'signIn', () => auth.signIn({ username: u.username, password: PASSWORD }));
        expectEq([r.isSignedIn, stepOf(r)], [false, 'CONFIRM_SIGN_IN_WITH_TOTP_CODE'], 'signIn with TOTP preferred');
        const done = await step(rec, 'confirmSignIn', async () =>
          auth.confirmSignIn({ challengeResponse: await authenticator.code(setup.sharedSecret) }));
        expectEq([done.isSignedIn, stepOf(done)], [true, 'DONE'], 'confirmSignIn with the TOTP code');
        await session(rec);
      },
    },
    {
      name: 'amplify.account.refresh_reflects_attributes',
      async run(rec) {
        const u = await newUser('refresh', { name: 'Old Name' });
        const first = await signedIn(rec, u.username);
        const firstId = await h.verifyJwt(first.id, 'id');
        expectEq(firstId.name, 'Old Name', 'ID token name before');
        await step(rec, 'updateUserAttributes', () =>
          auth.updateUserAttributes({ userAttributes: { name: 'New Name' } }));
        const cached = await session(rec);
        expectEq(cached.id, first.id, 'fetchAuthSession without forceRefresh keeps the ID token');
        const refreshed = await session(rec, { forceRefresh: true });
        expect(refreshed.id !== first.id && refreshed.access !== first.access, 'forceRefresh kept a token');
        const id = await h.verifyJwt(refreshed.id, 'id');
        expectEq(id.name, 'New Name', 'refreshed ID token name');
        expectEq([id.sub, id.email, id.email_verified], [firstId.sub, u.email, true], 'refreshed ID token claims');
        expectEq(refreshed.accessClaims.origin_jti, first.accessClaims.origin_jti, 'origin_jti');
      },
    },
    {
      name: 'amplify.account.remembered_device',
      async run(rec) {
        // A pool that tracks devices (created here) and asks the user before remembering
        // one: a sign-in without a device key gets NewDeviceMetadata, Amplify confirms the
        // device; rememberDevice marks it remembered; the next sign-in of that user goes through
        // DEVICE_SRP_AUTH without the app noticing; forgetDevice removes it.
        await useDevicePool();
        const u = await newUser('devices');
        const first = await signedIn(rec, u.username);
        wireHas(rec, (w) => w.action === 'ConfirmDevice' && w.status === 200, 'ConfirmDevice after the first sign-in');
        const deviceKey = first.accessClaims.device_key;
        expect(typeof deviceKey === 'string' && deviceKey.startsWith(`${h.target.region}_`),
          `access token device_key ${JSON.stringify(deviceKey)}`);
        let devices = await step(rec, 'fetchDevices', () => auth.fetchDevices());
        expectEq(devices.map((d) => [d.id, d.attributes['dev:device_remembered_status']]),
          [[deviceKey, 'not_remembered']], 'fetchDevices before rememberDevice');
        await step(rec, 'rememberDevice', () => auth.rememberDevice());
        wireHas(rec, (w) => w.action === 'UpdateDeviceStatus' && w.status === 200, 'UpdateDeviceStatus');
        devices = await step(rec, 'fetchDevices', () => auth.fetchDevices());
        expectEq(devices.map((d) => [d.id, d.attributes['dev:device_remembered_status'], d.attributes.device_status]),
          [[deviceKey, 'remembered', 'valid']], 'fetchDevices after rememberDevice');
        expect(devices[0].createDate instanceof Date && devices[0].lastAuthenticatedDate instanceof Date,
          'fetchDevices dates');
        await step(rec, 'signOut', () => auth.signOut());
        // Signing in again: Amplify answers DEVICE_SRP_AUTH itself and no new device appears.
        let calls = rec.wire.length;
        const second = await signedIn(rec, u.username);
        const flow = (from) => rec.wire.slice(from)
          .filter((w) => w.action === 'InitiateAuth' || w.action === 'RespondToAuthChallenge' || w.action === 'ConfirmDevice')
          .map((w) => [w.action, w.authFlow || w.challengeName || null, w.status]);
        expectEq(flow(calls), [
          ['InitiateAuth', 'USER_SRP_AUTH', 200],
          ['RespondToAuthChallenge', 'PASSWORD_VERIFIER', 200],
          ['RespondToAuthChallenge', 'DEVICE_SRP_AUTH', 200],
          ['RespondToAuthChallenge', 'DEVICE_PASSWORD_VERIFIER', 200],
        ], 'sign-in with the remembered device on the wire');
        expectEq(second.accessClaims.device_key, deviceKey, 'device_key after the device sign-in');
        // forgetDevice: ForgetDevice, the list is empty, and the next sign-in is a new device.
        await step(rec, 'forgetDevice', () => auth.forgetDevice());
        wireHas(rec, (w) => w.action === 'ForgetDevice' && w.status === 200, 'ForgetDevice');
        devices = await step(rec, 'fetchDevices', () => auth.fetchDevices());
        expectEq(devices, [], 'fetchDevices after forgetDevice');
        await step(rec, 'signOut', () => auth.signOut());
        calls = rec.wire.length;
        const third = await signedIn(rec, u.username);
        expectEq(flow(calls), [
          ['InitiateAuth', 'USER_SRP_AUTH', 200],
          ['RespondToAuthChallenge', 'PASSWORD_VERIFIER', 200],
          ['ConfirmDevice', null, 200],
        ], 'sign-in after forgetDevice on the wire');
        expect(third.accessClaims.device_key && third.accessClaims.device_key !== deviceKey, 'a new device key');
        return 'NewDeviceMetadata → ConfirmDevice; rememberDevice (UpdateDeviceStatus); fetchDevices (ListDevices); '
          + 'sign-in again through DEVICE_SRP_AUTH/DEVICE_PASSWORD_VERIFIER; forgetDevice (ForgetDevice) → a new device next time';
      },
    },
  ];
};
