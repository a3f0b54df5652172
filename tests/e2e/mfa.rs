//! The second factor through the facade: SMS, email and TOTP codes, MFA
//! selection, TOTP and email setup during sign-in, setup selection,
//! NEW_PASSWORD_REQUIRED continuing into MFA, and their error paths (wrong,
//! reused and expired codes, wrong method strings, empty answers, expired
//! sessions, the lock-out after wrong codes).
//!
//! Users sign in with an email (an alias or the pool's username attribute),
//! so every challenge answer must carry SECRET_HASH over the internal
//! username Cognito returned, not the email that was typed.

use cognito_auth::{
    Auth, AuthError, AuthFlowType, ChallengeResponse, ConfirmSignInInput, ConfirmSignUpInput,
    MfaType, SignInInput, SignInOutput, SignInStep, SignUpInput,
};
use cognito_auth_e2e::{Env, e2e, mock_cognito::PoolConfig, mock_cognito::UserConfig, pool, user};

pub use cognito_auth_e2e::{PW, TOTP_SECRET, code, confirm, email_pool, email_user};

fn with_phone(mut u: UserConfig, phone: &str) -> UserConfig {
    u.attributes.insert("phone_number".into(), phone.into());
    u.attributes
        .insert("phone_number_verified".into(), "true".into());
    u
}

fn with_mfa(mut u: UserConfig, enabled: &[&str], preferred: Option<&str>) -> UserConfig {
    u.mfa_enabled = enabled.iter().map(|s| (*s).to_owned()).collect();
    u.mfa_preferred = preferred.map(str::to_owned);
    if enabled.contains(&"SOFTWARE_TOKEN_MFA") {
        u.totp_secret = Some(TOTP_SECRET.into());
    }
    u
}

pub fn pending(auth: &Auth) -> Option<&'static str> {
    auth.pending_sign_in_step().map(|s| s.as_str())
}

fn medium_and_destination(step: &SignInStep) -> (String, String) {
    let d = step
        .code_delivery_details()
        .unwrap_or_else(|| panic!("no delivery details on {step}"));
    (
        d.delivery_medium
            .as_ref()
            .map(|m| m.as_str().to_owned())
            .unwrap_or_default(),
        d.destination.clone().unwrap_or_default(),
    )
}

/// Signed in, with the canonical (internal) username, not the email typed.
pub async fn assert_signed_in_as(auth: &Auth, out: &SignInOutput, login: &str) {
    assert!(out.is_signed_in, "{out:?}");
    assert_eq!(out.next_step, SignInStep::Done);
    assert!(auth.pending_sign_in_step().is_none());
    let me = auth.get_current_user().await.unwrap();
    assert_eq!(me.sign_in_details.unwrap().login_id, login);
    if login.contains('@') {
        assert!(!me.username.contains('@'), "{} is the alias", me.username);
    }
}

fn mfa_pool(secret: bool) -> PoolConfig {
    let mut p = email_pool(
        secret,
        "OPTIONAL",
        &["SMS_MFA", "SOFTWARE_TOKEN_MFA", "EMAIL_OTP"],
    );
    p.users.push(with_mfa(
        with_phone(email_user("sam@example.com"), "+15550001111"),
        &["SMS_MFA"],
        None,
    ));
    p.users.push(with_mfa(
        email_user("emma@example.com"),
        &["EMAIL_OTP"],
        None,
    ));
    p.users.push(with_mfa(
        email_user("tina@example.com"),
        &["SOFTWARE_TOKEN_MFA"],
        Some("SOFTWARE_TOKEN_MFA"),
    ));
    p.users.push(with_mfa(
        with_phone(email_user("multi@example.com"), "+15550002222"),
        &["SMS_MFA", "SOFTWARE_TOKEN_MFA", "EMAIL_OTP"],
        None,
    ));
    p.users.push(with_mfa(
        with_phone(email_user("duo@example.com"), "+15550003333"),
        &["SMS_MFA", "SOFTWARE_TOKEN_MFA"],
        None,
    ));
    p
}

/// SMS_MFA → CONFIRM_SIGN_IN_WITH_SMS_CODE, after SRP and after
/// USER_PASSWORD_AUTH: delivery details, a wrong code keeps the step, an empty
/// answer is refused locally, the right code signs in, and the spent session
/// cannot be answered again (from an exported copy in another client).
async fn sms_mfa_code(env: Env) {
    for flow in [AuthFlowType::UserSrpAuth, AuthFlowType::UserPasswordAuth] {
        let auth = env.auth();
        let out = auth
            .sign_in(SignInInput::new("sam@example.com", PW).auth_flow_type(flow))
            .await
            .unwrap();
        assert_eq!(
            out.next_step.as_str(),
            "CONFIRM_SIGN_IN_WITH_SMS_CODE",
            "{flow}"
        );
        assert_eq!(
            medium_and_destination(&out.next_step),
            ("SMS".into(), "+*******1111".into())
        );
        let e = confirm(&auth, "99999999").await.unwrap_err();
        assert_eq!(e.name(), "CodeMismatchException", "{e}");
        assert_eq!(pending(&auth), Some("CONFIRM_SIGN_IN_WITH_SMS_CODE"));
        let e = confirm(&auth, "").await.unwrap_err();
        assert_eq!(e.name(), "EmptyChallengeResponse");
        let copy = auth.export_pending_state();
        let sms = env.code("sam@example.com");
        let out = confirm(&auth, code(sms.clone())).await.unwrap();
        assert_signed_in_as(&auth, &out, "sam@example.com").await;
        // The code and its session were spent: a replay ends the sign-in.
        let replay = env.auth();
        replay.restore_pending_state(copy);
        let e = confirm(&replay, sms).await.unwrap_err();
        assert!(matches!(e, AuthError::SignInExpired), "{e}");
        assert!(replay.pending_sign_in_step().is_none());
    }
}
e2e!(sms_mfa_code, sms_mfa_code, mfa_pool);

/// Repeated wrong codes: the session stays usable (Cognito lets a client
/// retry), but they count towards the user's lock-out: after the fifth, even
/// the right code gets `Password attempts exceeded` until the lock-out (1 s)
/// has passed; the client keeps the sign-in pending throughout, and the
/// right code then finishes it.
async fn wrong_codes_lock_out_but_keep_the_session(env: Env) {
    let auth = env.auth();
    auth.sign_in(SignInInput::new("sam@example.com", PW))
        .await
        .unwrap();
    for _ in 0..5 {
        let e = confirm(&auth, "99999999").await.unwrap_err();
        assert_eq!(e.name(), "CodeMismatchException", "{e:?}");
        assert_eq!(pending(&auth), Some("CONFIRM_SIGN_IN_WITH_SMS_CODE"));
    }
    let right = env.code("sam@example.com");
    let e = confirm(&auth, right.as_str()).await.unwrap_err();
    assert_eq!(
        e.service_error().map(|s| s.message.as_str()),
        Some("Password attempts exceeded"),
        "{e:?}"
    );
    assert_eq!(pending(&auth), Some("CONFIRM_SIGN_IN_WITH_SMS_CODE"));
    env.mock.clock().advance(2);
    let out = confirm(&auth, right.as_str()).await.unwrap();
    assert!(out.is_signed_in);
}
e2e!(
    wrong_codes_lock_out_but_keep_the_session,
    wrong_codes_lock_out_but_keep_the_session,
    mfa_pool
);

/// EMAIL_OTP as a second factor → CONFIRM_SIGN_IN_WITH_EMAIL_CODE; a code
/// whose session Cognito expired (the mock's clock moved past
/// AuthSessionValidity) ends the sign-in.
async fn email_mfa_code(env: Env) {
    let auth = env.auth();
    let out = auth
        .sign_in(SignInInput::new("emma@example.com", PW))
        .await
        .unwrap();
    assert_eq!(out.next_step.as_str(), "CONFIRM_SIGN_IN_WITH_EMAIL_CODE");
    assert_eq!(
        medium_and_destination(&out.next_step),
        ("EMAIL".into(), "e***@e***".into())
    );
    let out = confirm(&auth, env.code("emma@example.com")).await.unwrap();
    assert_signed_in_as(&auth, &out, "emma@example.com").await;

    // Expired: the code arrives after the 3-minute challenge session.
    let late = env.auth();
    late.sign_in(SignInInput::new("emma@example.com", PW))
        .await
        .unwrap();
    let c = env.code("emma@example.com");
    env.mock.clock().advance(3 * 60 + 1);
    let e = confirm(&late, c).await.unwrap_err();
    assert!(matches!(e, AuthError::SignInExpired), "{e}");
    assert!(late.pending_sign_in_step().is_none());
}
e2e!(email_mfa_code, email_mfa_code, mfa_pool);

/// SOFTWARE_TOKEN_MFA → CONFIRM_SIGN_IN_WITH_TOTP_CODE with a code computed
/// from the secret; a wrong code keeps the step; a code already used is
/// refused (step kept) and the next step's code works.
async fn totp_mfa_code(env: Env) {
    let auth = env.auth();
    let out = auth
        .sign_in(SignInInput::new("tina@example.com", PW))
        .await
        .unwrap();
    assert_eq!(out.next_step, SignInStep::ConfirmSignInWithTotpCode);
    let right = env.totp(TOTP_SECRET);
    let wrong = format!(
        "{:06}",
        (right.parse::<u32>().unwrap() + 500_000) % 1_000_000
    );
    let e = confirm(&auth, code(wrong)).await.unwrap_err();
    assert_eq!(e.name(), "CodeMismatchException", "{e}");
    assert_eq!(pending(&auth), Some("CONFIRM_SIGN_IN_WITH_TOTP_CODE"));
    let out = confirm(&auth, right.as_str()).await.unwrap();
    assert_signed_in_as(&auth, &out, "tina@example.com").await;

    // The same code again, in a new sign-in: refused, step kept.
    let again = env.auth();
    again
        .sign_in(SignInInput::new("tina@example.com", PW))
        .await
        .unwrap();
    let e = confirm(&again, code(right)).await.unwrap_err();
    assert!(
        ["ExpiredCodeException", "CodeMismatchException"].contains(&e.name()),
        "{e}"
    );
    assert_eq!(pending(&again), Some("CONFIRM_SIGN_IN_WITH_TOTP_CODE"));
    env.next_totp_step();
    let out = confirm(&again, code(env.totp(TOTP_SECRET))).await.unwrap();
    assert!(out.is_signed_in);
}
e2e!(totp_mfa_code, totp_mfa_code, mfa_pool);

/// SELECT_MFA_TYPE → CONTINUE_SIGN_IN_WITH_MFA_SELECTION, then each choice
/// (typed and as Amplify's strings) into its code step and signed in.
async fn mfa_selection_each_choice(env: Env) {
    let choices: [(ChallengeResponse, &str); 3] = [
        (MfaType::Sms.into(), "CONFIRM_SIGN_IN_WITH_SMS_CODE"),
        ("TOTP".into(), "CONFIRM_SIGN_IN_WITH_TOTP_CODE"),
        (MfaType::Email.into(), "CONFIRM_SIGN_IN_WITH_EMAIL_CODE"),
    ];
    for (choice, next) in choices {
        let auth = env.auth();
        let out = auth
            .sign_in(SignInInput::new("multi@example.com", PW))
            .await
            .unwrap();
        assert_eq!(
            out.next_step,
            SignInStep::ContinueSignInWithMfaSelection {
                allowed_mfa_types: vec![MfaType::Sms, MfaType::Totp, MfaType::Email]
            }
        );
        let out = confirm(&auth, choice).await.unwrap();
        assert_eq!(out.next_step.as_str(), next);
        let answer = if next == "CONFIRM_SIGN_IN_WITH_TOTP_CODE" {
            env.totp(TOTP_SECRET)
        } else {
            env.code("multi@example.com")
        };
        let out = confirm(&auth, code(answer)).await.unwrap();
        assert_signed_in_as(&auth, &out, "multi@example.com").await;
    }
}
e2e!(
    mfa_selection_each_choice,
    mfa_selection_each_choice,
    mfa_pool
);

/// Wrong answers to the MFA selection never reach Cognito and keep the step.
async fn mfa_selection_errors(env: Env) {
    let auth = env.auth();
    let out = auth
        .sign_in(SignInInput::new("duo@example.com", PW))
        .await
        .unwrap();
    assert_eq!(
        out.next_step,
        SignInStep::ContinueSignInWithMfaSelection {
            allowed_mfa_types: vec![MfaType::Sms, MfaType::Totp]
        }
    );
    let sent_before = env.mock.codes().len();
    for bad in [
        ChallengeResponse::from("PUSH"),
        ChallengeResponse::from("sms"),
        ChallengeResponse::from("SMS_MFA"),
        MfaType::Email.into(),
    ] {
        let e = confirm(&auth, bad.clone()).await.unwrap_err();
        assert_eq!(e.name(), "IncorrectMFAMethod", "{bad:?}: {e}");
    }
    let e = confirm(&auth, code("123456")).await.unwrap_err();
    assert_eq!(e.name(), "InvalidChallengeResponse", "{e}");
    let e = confirm(&auth, "").await.unwrap_err();
    assert_eq!(e.name(), "EmptyChallengeResponse");
    assert_eq!(env.mock.codes().len(), sent_before, "nothing was sent");
    assert_eq!(pending(&auth), Some("CONTINUE_SIGN_IN_WITH_MFA_SELECTION"));
    let out = confirm(&auth, "SMS").await.unwrap();
    assert_eq!(out.next_step.as_str(), "CONFIRM_SIGN_IN_WITH_SMS_CODE");
    let out = confirm(&auth, env.code("duo@example.com")).await.unwrap();
    assert!(out.is_signed_in);
}
e2e!(mfa_selection_errors, mfa_selection_errors, mfa_pool);

fn setup_pool(secret: bool) -> PoolConfig {
    let mut p = email_pool(secret, "ON", &["SOFTWARE_TOKEN_MFA"]);
    p.users.push(email_user("newbie@example.com"));
    p
}

/// MFA_SETUP offering TOTP → CONTINUE_SIGN_IN_WITH_TOTP_SETUP
/// (AssociateSoftwareToken by session), the otpauth URI, the step finished in
/// another client after export, a wrong first code (step kept), the right one
/// (VerifySoftwareToken by session, then MFA_SETUP) → signed in; the next
/// sign-in asks for the TOTP code.
async fn totp_setup(env: Env) {
    let auth = env.auth();
    let out = auth
        .sign_in(SignInInput::new("newbie@example.com", PW))
        .await
        .unwrap();
    let SignInStep::ContinueSignInWithTotpSetup { totp_setup_details } = &out.next_step else {
        panic!("{:?}", out.next_step)
    };
    let secret = totp_setup_details.shared_secret.expose().to_owned();
    assert!(secret.len() >= 16, "{secret}");
    let internal = totp_setup_details.username.clone();
    assert!(
        !internal.contains('@'),
        "the internal username, not {internal}"
    );
    assert_eq!(
        totp_setup_details.setup_uri("My App", None),
        format!("otpauth://totp/My%20App:{internal}?secret={secret}&issuer=My%20App")
    );
    assert_eq!(
        totp_setup_details.setup_uri("App", Some("newbie@example.com")),
        format!("otpauth://totp/App:newbie@example.com?secret={secret}&issuer=App")
    );
    assert!(
        !format!("{totp_setup_details:?}").contains(&secret),
        "secret in Debug"
    );
    let other = env.auth();
    other.restore_pending_state(auth.export_pending_state());

    let right = env.totp(&secret);
    let wrong = format!(
        "{:06}",
        (right.parse::<u32>().unwrap() + 500_000) % 1_000_000
    );
    let e = confirm(&other, code(wrong)).await.unwrap_err();
    assert_eq!(e.name(), "EnableSoftwareTokenMFAException", "{e}");
    assert_eq!(pending(&other), Some("CONTINUE_SIGN_IN_WITH_TOTP_SETUP"));
    let out = other
        .confirm_sign_in(ConfirmSignInInput::new(code(right)).friendly_device_name("phone"))
        .await
        .unwrap();
    assert_signed_in_as(&other, &out, "newbie@example.com").await;

    env.next_totp_step();
    let next = env.auth();
    let out = next
        .sign_in(SignInInput::new("newbie@example.com", PW))
        .await
        .unwrap();
    assert_eq!(out.next_step, SignInStep::ConfirmSignInWithTotpCode);
    let out = confirm(&next, code(env.totp(&secret))).await.unwrap();
    assert!(out.is_signed_in);
}
e2e!(totp_setup, totp_setup, setup_pool);

fn email_setup_pool(secret: bool) -> PoolConfig {
    let mut p = PoolConfig {
        alias_attributes: vec!["email".into()],
        mfa: Some("ON".into()),
        mfa_types: vec!["EMAIL_OTP".into()],
        ..pool(secret)
    };
    p.users.push(UserConfig {
        username: "ed".into(),
        password: Some(PW.into()),
        ..UserConfig::default()
    });
    p
}

/// MFA_SETUP offering email → CONTINUE_SIGN_IN_WITH_EMAIL_SETUP: a malformed
/// answer is refused locally, an address Cognito refuses keeps the step, a
/// good address leads to CONFIRM_SIGN_IN_WITH_EMAIL_CODE and signed in; the
/// next sign-in, by the now verified email alias, asks for an email code.
async fn email_setup(env: Env) {
    let auth = env.auth();
    let out = auth.sign_in(SignInInput::new("ed", PW)).await.unwrap();
    assert_eq!(out.next_step, SignInStep::ContinueSignInWithEmailSetup);
    let e = confirm(&auth, "nonsense").await.unwrap_err();
    assert_eq!(e.name(), "InvalidChallengeResponse", "{e}");
    let e = confirm(
        &auth,
        ChallengeResponse::SetupEmail("not-an-address".into()),
    )
    .await
    .unwrap_err();
    assert_eq!(e.name(), "InvalidParameterException", "{e}");
    assert_eq!(pending(&auth), Some("CONTINUE_SIGN_IN_WITH_EMAIL_SETUP"));
    let out = confirm(&auth, "ed@example.com").await.unwrap();
    assert_eq!(out.next_step.as_str(), "CONFIRM_SIGN_IN_WITH_EMAIL_CODE");
    assert_eq!(
        medium_and_destination(&out.next_step),
        ("EMAIL".into(), "e***@e***".into())
    );
    let out = confirm(&auth, code(env.code("ed"))).await.unwrap();
    assert_signed_in_as(&auth, &out, "ed").await;

    let next = env.auth();
    let out = next
        .sign_in(SignInInput::new("ed@example.com", PW))
        .await
        .unwrap();
    assert_eq!(out.next_step.as_str(), "CONFIRM_SIGN_IN_WITH_EMAIL_CODE");
    let out = confirm(&next, env.code("ed")).await.unwrap();
    assert_signed_in_as(&next, &out, "ed@example.com").await;
}
e2e!(email_setup, email_setup, email_setup_pool);

fn setup_selection_pool(secret: bool) -> PoolConfig {
    let mut p = email_pool(secret, "ON", &["SOFTWARE_TOKEN_MFA", "EMAIL_OTP"]);
    p.users.push(email_user("pick-totp@example.com"));
    p.users.push(email_user("pick-email@example.com"));
    p
}

/// MFA_SETUP offering TOTP and email → CONTINUE_SIGN_IN_WITH_MFA_SETUP_SELECTION:
/// SMS and codes are refused locally; TOTP leads to TOTP setup, `EMAIL` to
/// email setup; both end signed in.
async fn mfa_setup_selection(env: Env) {
    let allowed = SignInStep::ContinueSignInWithMfaSetupSelection {
        allowed_mfa_types: vec![MfaType::Totp, MfaType::Email],
    };
    let auth = env.auth();
    let out = auth
        .sign_in(SignInInput::new("pick-totp@example.com", PW))
        .await
        .unwrap();
    assert_eq!(out.next_step, allowed);
    let e = confirm(&auth, MfaType::Sms).await.unwrap_err();
    assert_eq!(e.name(), "IncorrectMFAMethod", "{e}");
    let e = confirm(&auth, code("123456")).await.unwrap_err();
    assert_eq!(e.name(), "InvalidChallengeResponse", "{e}");
    let out = confirm(&auth, MfaType::Totp).await.unwrap();
    let SignInStep::ContinueSignInWithTotpSetup { totp_setup_details } = &out.next_step else {
        panic!("{:?}", out.next_step)
    };
    let c = env.totp(totp_setup_details.shared_secret.expose());
    let out = confirm(&auth, c.as_str()).await.unwrap();
    assert_signed_in_as(&auth, &out, "pick-totp@example.com").await;

    let auth = env.auth();
    let out = auth
        .sign_in(SignInInput::new("pick-email@example.com", PW))
        .await
        .unwrap();
    assert_eq!(out.next_step, allowed);
    let out = confirm(&auth, "EMAIL").await.unwrap();
    assert_eq!(out.next_step, SignInStep::ContinueSignInWithEmailSetup);
    let out = confirm(
        &auth,
        ChallengeResponse::SetupEmail("pick-email@example.com".into()),
    )
    .await
    .unwrap();
    assert_eq!(out.next_step.as_str(), "CONFIRM_SIGN_IN_WITH_EMAIL_CODE");
    let out = confirm(&auth, env.code("pick-email@example.com"))
        .await
        .unwrap();
    assert_signed_in_as(&auth, &out, "pick-email@example.com").await;
}
e2e!(
    mfa_setup_selection,
    mfa_setup_selection,
    setup_selection_pool
);

fn new_password_mfa_pool(secret: bool) -> PoolConfig {
    let mut p = email_pool(secret, "ON", &["SMS_MFA", "SOFTWARE_TOKEN_MFA"]);
    p.required_attributes = vec!["name".into()];
    let mut nora = with_phone(
        user("nora@example.com", "Temp-Passw0rd!", "nora@example.com"),
        "+15550004444",
    );
    nora.status = Some("FORCE_CHANGE_PASSWORD".into());
    p.users.push(nora);
    let mut nick = user("nick@example.com", "Temp-Passw0rd!", "nick@example.com");
    nick.status = Some("FORCE_CHANGE_PASSWORD".into());
    p.users.push(nick);
    p
}

/// NEW_PASSWORD_REQUIRED continuing into MFA: with a phone on file into an SMS
/// code, without one into TOTP setup. A missing required attribute is
/// refused and keeps the step.
async fn new_password_then_mfa(env: Env) {
    let auth = env.auth();
    let out = auth
        .sign_in(SignInInput::new("nora@example.com", "Temp-Passw0rd!"))
        .await
        .unwrap();
    assert_eq!(
        out.next_step,
        SignInStep::ConfirmSignInWithNewPasswordRequired {
            missing_attributes: vec!["name".into()]
        }
    );
    let e = confirm(&auth, ChallengeResponse::NewPassword(PW.into()))
        .await
        .unwrap_err();
    assert_eq!(e.name(), "InvalidParameterException", "{e}");
    let out = auth
        .confirm_sign_in(
            ConfirmSignInInput::new(ChallengeResponse::NewPassword(PW.into()))
                .user_attribute("name", "Nora"),
        )
        .await
        .unwrap();
    assert_eq!(out.next_step.as_str(), "CONFIRM_SIGN_IN_WITH_SMS_CODE");
    let out = confirm(&auth, env.code("nora@example.com")).await.unwrap();
    assert_signed_in_as(&auth, &out, "nora@example.com").await;

    let auth = env.auth();
    auth.sign_in(SignInInput::new("nick@example.com", "Temp-Passw0rd!"))
        .await
        .unwrap();
    let out = auth
        .confirm_sign_in(ConfirmSignInInput::new(PW).user_attribute("name", "Nick"))
        .await
        .unwrap();
    let SignInStep::ContinueSignInWithTotpSetup { totp_setup_details } = &out.next_step else {
        panic!("{:?}", out.next_step)
    };
    let c = env.totp(totp_setup_details.shared_secret.expose());
    let out = confirm(&auth, code(c)).await.unwrap();
    assert_signed_in_as(&auth, &out, "nick@example.com").await;
    // The new password is the password now.
    env.next_totp_step();
    let out = env
        .auth()
        .sign_in(SignInInput::new("nick@example.com", PW))
        .await
        .unwrap();
    assert_eq!(out.next_step, SignInStep::ConfirmSignInWithTotpCode);
}
e2e!(
    new_password_then_mfa,
    new_password_then_mfa,
    new_password_mfa_pool
);

fn sms_required_pool(secret: bool) -> PoolConfig {
    email_pool(secret, "ON", &["SMS_MFA"])
}

/// Auto sign-in in a pool that requires MFA: the sign-in it starts stops at
/// the SMS code step, which confirm_sign_in finishes.
async fn auto_sign_in_into_mfa(env: Env) {
    let auth = env.auth();
    auth.sign_up(
        SignUpInput::new("amy@example.com", PW)
            .user_attribute("phone_number", "+15550006666")
            .auto_sign_in(true),
    )
    .await
    .unwrap();
    let out = auth
        .confirm_sign_up(ConfirmSignUpInput::new(
            "amy@example.com",
            env.code("amy@example.com"),
        ))
        .await
        .unwrap();
    assert_eq!(out.next_step.as_str(), "COMPLETE_AUTO_SIGN_IN");
    let out = auth.auto_sign_in().await.unwrap();
    assert_eq!(out.next_step.as_str(), "CONFIRM_SIGN_IN_WITH_SMS_CODE");
    assert_eq!(
        medium_and_destination(&out.next_step),
        ("SMS".into(), "+*******6666".into())
    );
    let out = confirm(&auth, env.code("amy@example.com")).await.unwrap();
    assert_signed_in_as(&auth, &out, "amy@example.com").await;
}
e2e!(
    auto_sign_in_into_mfa,
    auto_sign_in_into_mfa,
    sms_required_pool
);
