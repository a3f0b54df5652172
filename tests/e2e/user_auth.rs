//! Choice-based sign-in (USER_AUTH) through the facade: first-factor
//! selection with each factor, each preferred challenge, MFA after a password
//! factor (and none after a one-time code), and the validation errors.

use cognito_auth::{
    AuthFactorType, AuthFlowType, ChallengeResponse, SignInInput, SignInOptions, SignInStep,
};
use cognito_auth_e2e::{Env, e2e, mock_cognito::PoolConfig};

use crate::mfa::{PW, TOTP_SECRET, assert_signed_in_as, code, confirm, email_pool, email_user};

fn user_auth_pool(secret: bool) -> PoolConfig {
    let mut p = email_pool(secret, "OPTIONAL", &["SOFTWARE_TOKEN_MFA"]);
    p.allowed_first_auth_factors = Some(
        ["PASSWORD", "EMAIL_OTP", "SMS_OTP"]
            .map(String::from)
            .to_vec(),
    );
    let mut otto = email_user("otto@example.com");
    otto.attributes
        .insert("phone_number".into(), "+15550005555".into());
    otto.attributes
        .insert("phone_number_verified".into(), "true".into());
    p.users.push(otto);
    let mut tim = email_user("tim@example.com");
    tim.mfa_enabled = vec!["SOFTWARE_TOKEN_MFA".into()];
    tim.mfa_preferred = Some("SOFTWARE_TOKEN_MFA".into());
    tim.totp_secret = Some(TOTP_SECRET.into());
    p.users.push(tim);
    p
}

const ALL: [AuthFactorType; 4] = [
    AuthFactorType::Password,
    AuthFactorType::PasswordSrp,
    AuthFactorType::EmailOtp,
    AuthFactorType::SmsOtp,
];

fn user_auth(login: &str) -> SignInInput {
    SignInInput::without_password(login).auth_flow_type(AuthFlowType::UserAuth)
}

/// USER_AUTH without a preference → CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION;
/// each factor: PASSWORD and PASSWORD_SRP via CONFIRM_SIGN_IN_WITH_PASSWORD,
/// EMAIL_OTP and SMS_OTP via their code steps; all end signed in.
async fn first_factor_selection_each_factor(env: Env) {
    for factor in ALL {
        let auth = env.auth();
        let out = auth.sign_in(user_auth("otto@example.com")).await.unwrap();
        assert_eq!(
            out.next_step,
            SignInStep::ContinueSignInWithFirstFactorSelection {
                available_challenges: ALL.to_vec()
            }
        );
        let out = confirm(&auth, factor.clone()).await.unwrap();
        let out = match factor {
            AuthFactorType::Password | AuthFactorType::PasswordSrp => {
                assert_eq!(out.next_step, SignInStep::ConfirmSignInWithPassword);
                confirm(&auth, ChallengeResponse::Password(PW.into()))
                    .await
                    .unwrap()
            }
            AuthFactorType::EmailOtp => {
                assert_eq!(
                    out.next_step.as_str(),
                    "CONFIRM_SIGN_IN_WITH_EMAIL_CODE",
                    "{factor}"
                );
                confirm(&auth, code(env.code("otto@example.com")))
                    .await
                    .unwrap()
            }
            _ => {
                assert_eq!(
                    out.next_step.as_str(),
                    "CONFIRM_SIGN_IN_WITH_SMS_CODE",
                    "{factor}"
                );
                let sent = env.mock.codes_for("otto@example.com");
                assert_eq!(sent.last().unwrap().medium, "SMS");
                confirm(&auth, env.code("otto@example.com")).await.unwrap()
            }
        };
        assert_signed_in_as(&auth, &out, "otto@example.com").await;
        let details = auth.get_current_user().await.unwrap().sign_in_details;
        assert_eq!(details.unwrap().auth_flow_type, AuthFlowType::UserAuth);
    }
}
e2e!(
    first_factor_selection_each_factor,
    first_factor_selection_each_factor,
    user_auth_pool
);

/// First-factor selection errors: factors not offered are refused locally; Amplify's strings work; a wrong password is Cognito's
/// NotAuthorizedException.
async fn first_factor_selection_errors(env: Env) {
    let auth = env.auth();
    auth.sign_in(user_auth("otto@example.com")).await.unwrap();
    let e = confirm(&auth, "CARRIER_PIGEON").await.unwrap_err();
    assert_eq!(e.name(), "InvalidChallengeResponse", "{e}");
    // Passkeys are not offered here (and not supported yet either).
    let e = confirm(&auth, AuthFactorType::WebAuthn).await.unwrap_err();
    assert_eq!(e.name(), "InvalidChallengeResponse", "{e}");
    let e = confirm(&auth, "").await.unwrap_err();
    assert_eq!(e.name(), "EmptyChallengeResponse");
    let out = confirm(&auth, "PASSWORD").await.unwrap();
    assert_eq!(out.next_step, SignInStep::ConfirmSignInWithPassword);
    // A code where a password is due: the answer's kind is checked.
    let e = confirm(&auth, code("123456")).await.unwrap_err();
    assert_eq!(e.name(), "InvalidChallengeResponse", "{e}");
    let e = confirm(&auth, "wrong-Passw0rd!").await.unwrap_err();
    assert_eq!(e.name(), "NotAuthorizedException", "{e}");
    // The selection session was spent on the wrong password: over.
    let e = confirm(&auth, PW).await.unwrap_err();
    assert!(matches!(e, cognito_auth::AuthError::SignInExpired), "{e}");

    let auth = env.auth();
    auth.sign_in(user_auth("otto@example.com")).await.unwrap();
    let out = confirm(&auth, "PASSWORD_SRP").await.unwrap();
    assert_eq!(out.next_step, SignInStep::ConfirmSignInWithPassword);
    let out = confirm(&auth, PW).await.unwrap();
    assert!(out.is_signed_in);
}
e2e!(
    first_factor_selection_errors,
    first_factor_selection_errors,
    user_auth_pool
);

/// USER_AUTH with each preferred challenge goes straight to it.
async fn preferred_challenges(env: Env) {
    for factor in ALL {
        let auth = env.auth();
        let input = match factor {
            AuthFactorType::Password | AuthFactorType::PasswordSrp => {
                SignInInput::new("otto@example.com", PW)
            }
            _ => SignInInput::without_password("otto@example.com"),
        }
        .preferred_challenge(factor.clone());
        let out = auth.sign_in(input).await.unwrap();
        let out = match factor {
            AuthFactorType::Password | AuthFactorType::PasswordSrp => out,
            AuthFactorType::EmailOtp => {
                assert_eq!(out.next_step.as_str(), "CONFIRM_SIGN_IN_WITH_EMAIL_CODE");
                confirm(&auth, env.code("otto@example.com")).await.unwrap()
            }
            _ => {
                assert_eq!(out.next_step.as_str(), "CONFIRM_SIGN_IN_WITH_SMS_CODE");
                confirm(&auth, env.code("otto@example.com")).await.unwrap()
            }
        };
        assert_signed_in_as(&auth, &out, "otto@example.com").await;
    }
}
e2e!(preferred_challenges, preferred_challenges, user_auth_pool);

/// MFA follows a password first factor; a one-time-code first factor is not
/// followed by MFA.
async fn user_auth_and_mfa(env: Env) {
    for factor in [AuthFactorType::Password, AuthFactorType::PasswordSrp] {
        let auth = env.auth();
        let out = auth
            .sign_in(SignInInput::new("tim@example.com", PW).preferred_challenge(factor.clone()))
            .await
            .unwrap();
        assert_eq!(
            out.next_step,
            SignInStep::ConfirmSignInWithTotpCode,
            "{factor}"
        );
        let out = confirm(&auth, code(env.totp(TOTP_SECRET))).await.unwrap();
        assert_signed_in_as(&auth, &out, "tim@example.com").await;
        env.next_totp_step();
    }
    let auth = env.auth();
    let out = auth
        .sign_in(
            SignInInput::without_password("tim@example.com")
                .preferred_challenge(AuthFactorType::EmailOtp),
        )
        .await
        .unwrap();
    assert_eq!(out.next_step.as_str(), "CONFIRM_SIGN_IN_WITH_EMAIL_CODE");
    let out = confirm(&auth, env.code("tim@example.com")).await.unwrap();
    assert_signed_in_as(&auth, &out, "tim@example.com").await;
}
e2e!(user_auth_and_mfa, user_auth_and_mfa, user_auth_pool);

/// Inputs refused before anything is sent.
async fn user_auth_validation(env: Env) {
    let auth = env.auth();
    let e = auth
        .sign_in(
            SignInInput::without_password("otto@example.com")
                .preferred_challenge(AuthFactorType::WebAuthn),
        )
        .await
        .unwrap_err();
    assert_eq!(e.name(), "NotSupportedException", "{e}");
    let e = auth
        .sign_in(
            SignInInput::without_password("otto@example.com")
                .preferred_challenge(AuthFactorType::Password),
        )
        .await
        .unwrap_err();
    assert_eq!(e.name(), "EmptySignInPassword", "{e}");
    let e = auth
        .sign_in(
            SignInInput::new("otto@example.com", PW).options(
                SignInOptions::new()
                    .auth_flow_type(AuthFlowType::UserSrpAuth)
                    .preferred_challenge(AuthFactorType::EmailOtp),
            ),
        )
        .await
        .unwrap_err();
    assert_eq!(e.name(), "InvalidPreferredChallenge", "{e}");
    let e = auth.sign_in(user_auth("")).await.unwrap_err();
    assert_eq!(e.name(), "EmptySignInUsername", "{e}");
    assert!(env.mock.codes().is_empty(), "nothing was sent");
}
e2e!(user_auth_validation, user_auth_validation, user_auth_pool);
