//! The scenarios, one function each, with the inputs of the Amplify suite
//! (`xtask/conformance/js/amplify.cjs` and `challenges.cjs`): the same calls
//! in the same order, answered with cognito-auth's typed answers. Keep the two
//! in step; `cargo xtask conformance` compares their step sequences.

use cognito_auth::{
    AuthFactorType, AuthFlowType, ChallengeResponse, ConfirmSignInInput, ConfirmSignUpInput,
    DeliveryMedium, MfaType, SignInInput, SignInOptions, SignInOutput, SignInStep, SignOutInput,
    SignUpInput,
};
use serde_json::json;

use crate::support::{Env, R, expect, expect_eq, wrong_code};

pub const PASSWORD: &str = "Correct-Horse-9!";
const WRONG_PASSWORD: &str = "Wrong-Horse-9!";
const NEW_PASSWORD: &str = "New-Horse-9!x";
const INCORRECT: &str = "Incorrect username or password.";
const REVOKED: &str = "Access Token has been revoked";
const MFA_MISMATCH: &str = "Invalid code or auth state for the user.";
/// A wrong SOFTWARE_TOKEN_MFA code has a message of its own on the real service
/// (mock-cognito's fidelity notes in docs/mock.md).
const TOTP_MISMATCH: &str = "Invalid code received for user";
const CODE_MISMATCH: &str = "Invalid verification code provided, please try again.";

/// A scenario: its name (the Amplify scenario's without `amplify.`), its pool,
/// whether it runs as a provisioned user, whether it needs the user
/// `sign_up_confirm_sign_in_srp` confirmed.
pub struct Scenario {
    pub name: &'static str,
    pub pool: &'static str,
    pub user: bool,
    pub needs_confirmed: bool,
}

const fn sc(name: &'static str, pool: &'static str, user: bool) -> Scenario {
    Scenario {
        name,
        pool,
        user,
        needs_confirmed: false,
    }
}

const fn after_confirmed(name: &'static str) -> Scenario {
    Scenario {
        name,
        pool: "basic",
        user: false,
        needs_confirmed: true,
    }
}

pub const SCENARIOS: &[Scenario] = &[
    sc("sign_up_confirm_sign_in_srp", "basic", false),
    after_confirmed("sign_in_wrong_password"),
    after_confirmed("sign_in_user_password_auth"),
    after_confirmed("refresh"),
    after_confirmed("global_sign_out"),
    sc("sign_in_unconfirmed", "basic", false),
    sc("auto_sign_in", "basic", false),
    sc("mfa_sms", "mfa_optional", true),
    sc("mfa_email", "mfa_optional", true),
    sc("mfa_totp", "mfa_optional", true),
    sc("mfa_selection", "mfa_optional", true),
    sc("mfa_setup_totp", "mfa_on_totp", true),
    sc("mfa_setup_email", "mfa_on_email", true),
    sc("mfa_setup_selection_totp", "mfa_on_both", true),
    sc("mfa_setup_selection_email", "mfa_on_both", true),
    sc("new_password_required", "required_name", true),
    sc("new_password_then_totp_setup", "mfa_on_totp", true),
    sc("reset_password", "basic", true),
    sc("user_auth_select_password", "user_auth", true),
    sc("user_auth_select_password_srp", "user_auth", true),
    sc("user_auth_select_email_otp", "user_auth", true),
    sc("user_auth_preferred_password", "user_auth", true),
    sc("user_auth_preferred_password_srp", "user_auth", true),
    sc("user_auth_preferred_email_otp", "user_auth", true),
    sc("user_auth_preferred_sms_otp", "user_auth", true),
    sc("auto_sign_in_user_auth", "user_auth", false),
    sc("custom_without_srp", "default", true),
    sc("custom_with_srp", "default", true),
    sc("custom_wrong_answers", "default", true),
];

pub async fn run(name: &str, env: &mut Env) -> R<String> {
    match name {
        "sign_up_confirm_sign_in_srp" => sign_up_confirm_sign_in_srp(env).await,
        "sign_in_wrong_password" => sign_in_wrong_password(env).await,
        "sign_in_user_password_auth" => sign_in_user_password_auth(env).await,
        "refresh" => refresh(env).await,
        "global_sign_out" => global_sign_out(env).await,
        "sign_in_unconfirmed" => sign_in_unconfirmed(env).await,
        "auto_sign_in" => auto_sign_in(env).await,
        "mfa_sms" => mfa_code(env, "SMS_MFA").await,
        "mfa_email" => mfa_code(env, "EMAIL_OTP").await,
        "mfa_totp" => mfa_totp(env).await,
        "mfa_selection" => mfa_selection(env).await,
        "mfa_setup_totp" => mfa_setup_totp(env).await,
        "mfa_setup_email" => mfa_setup_email(env).await,
        "mfa_setup_selection_totp" => mfa_setup_selection(env, MfaType::Totp).await,
        "mfa_setup_selection_email" => mfa_setup_selection(env, MfaType::Email).await,
        "new_password_required" => new_password_required(env).await,
        "new_password_then_totp_setup" => new_password_then_totp_setup(env).await,
        "reset_password" => reset_password(env).await,
        "user_auth_select_password" => user_auth_select(env, AuthFactorType::Password).await,
        "user_auth_select_password_srp" => user_auth_select(env, AuthFactorType::PasswordSrp).await,
        "user_auth_select_email_otp" => user_auth_select(env, AuthFactorType::EmailOtp).await,
        "user_auth_preferred_password" => user_auth_preferred(env, AuthFactorType::Password).await,
        "user_auth_preferred_password_srp" => {
            user_auth_preferred(env, AuthFactorType::PasswordSrp).await
        }
        "user_auth_preferred_email_otp" => user_auth_preferred(env, AuthFactorType::EmailOtp).await,
        "user_auth_preferred_sms_otp" => user_auth_preferred(env, AuthFactorType::SmsOtp).await,
        "auto_sign_in_user_auth" => auto_sign_in_user_auth(env).await,
        "custom_without_srp" => custom_without_srp(env).await,
        "custom_with_srp" => custom_with_srp(env).await,
        "custom_wrong_answers" => custom_wrong_answers(env).await,
        other => Err(format!("no Rust implementation of scenario {other}")),
    }
}

// ------------------------------------------------------------------ helpers

fn username(env: &Env, role: &str) -> String {
    format!("rus-{}-{role}", env.shared.run_id)
}

async fn sign_in(env: &mut Env, input: SignInInput) -> R<SignInOutput> {
    let auth = env.auth.clone();
    env.step("signIn", auth.sign_in(input)).await
}

async fn confirm(env: &mut Env, input: ConfirmSignInInput) -> R<SignInOutput> {
    let auth = env.auth.clone();
    env.step("confirmSignIn", auth.confirm_sign_in(input)).await
}

async fn confirm_refused(
    env: &mut Env,
    input: ConfirmSignInInput,
    name: &str,
    message: Option<&str>,
) -> R<()> {
    let auth = env.auth.clone();
    env.refused("confirmSignIn", auth.confirm_sign_in(input), name, message)
        .await
        .map(drop)
}

async fn sign_out(env: &mut Env) -> R<()> {
    let auth = env.auth.clone();
    env.step("signOut", auth.sign_out(SignOutInput::local()))
        .await
        .map(drop)
}

fn code_answer(code: &str) -> ConfirmSignInInput {
    ConfirmSignInInput::new(ChallengeResponse::Code(code.into()))
}

fn expect_step(out: &SignInOutput, want: &str, what: &str) -> R<()> {
    expect_eq(
        &(out.is_signed_in, out.next_step.as_str()),
        &(want == "DONE", want),
        what,
    )
}

/// Signed in: DONE, then the tokens verified.
async fn signed_in(env: &mut Env, out: &SignInOutput, what: &str) -> R<()> {
    expect_step(out, "DONE", what)?;
    env.session(false).await.map(drop)
}

/// The code sent for this step, after checking the step's delivery details.
async fn sent_code(env: &Env, out: &SignInOutput, purpose: &str, medium: &str) -> R<String> {
    let user = env.user.username.clone();
    let entry = env.outbox(&user, Some(purpose)).await?;
    expect_eq(
        &entry["medium"].as_str(),
        &Some(medium),
        &format!("{purpose} code medium"),
    )?;
    let details = out
        .next_step
        .code_delivery_details()
        .ok_or("the step has no code delivery details")?;
    expect_eq(
        &details.delivery_medium.as_ref().map(DeliveryMedium::as_str),
        &Some(medium),
        "code_delivery_details.delivery_medium",
    )?;
    let dest = details.destination.as_deref().unwrap_or_default();
    expect(
        !dest.is_empty() && Some(dest) != entry["destination"].as_str(),
        format!("code_delivery_details.destination is not masked: {dest:?}"),
    )?;
    entry["code"]
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| "outbox entry without a code".into())
}

/// A one-time-code step: a wrong code is refused, the right one signs in.
async fn answer_code(env: &mut Env, code: &str, error: &str, message: &str) -> R<()> {
    confirm_refused(env, code_answer(&wrong_code(code)), error, Some(message)).await?;
    let out = confirm(env, code_answer(code)).await?;
    signed_in(env, &out, "confirm_sign_in with the right code").await
}

async fn totp_step(env: &mut Env, secret: &str) -> R<()> {
    let wrong = env.shared.authenticator.wrong_code(secret)?;
    confirm_refused(
        env,
        code_answer(&wrong),
        "CodeMismatchException",
        Some(TOTP_MISMATCH),
    )
    .await?;
    let code = env.shared.authenticator.code(secret).await?;
    let out = confirm(env, code_answer(&code)).await?;
    signed_in(env, &out, "confirm_sign_in with the TOTP code").await
}

/// CONTINUE_SIGN_IN_WITH_TOTP_SETUP: a wrong first code, then the right one.
async fn totp_setup(env: &mut Env, out: &SignInOutput) -> R<String> {
    let SignInStep::ContinueSignInWithTotpSetup { totp_setup_details } = &out.next_step else {
        return Err(format!(
            "TOTP setup step: expected CONTINUE_SIGN_IN_WITH_TOTP_SETUP, got {}",
            out.next_step.as_str()
        ));
    };
    let secret = totp_setup_details.shared_secret.expose().to_owned();
    expect(!secret.is_empty(), "no shared secret")?;
    let uri = totp_setup_details.setup_uri("Conformance", None);
    expect(
        uri.starts_with("otpauth://totp/Conformance:") && uri.contains(&format!("secret={secret}")),
        format!("setup URI {uri}"),
    )?;
    env.wire_has("AssociateSoftwareToken", |w| {
        w["action"] == "AssociateSoftwareToken" && w["status"] == 200
    })?;
    let wrong = env.shared.authenticator.wrong_code(&secret)?;
    confirm_refused(
        env,
        code_answer(&wrong),
        "EnableSoftwareTokenMFAException",
        Some("Code mismatch and fail enable Software Token MFA"),
    )
    .await?;
    let code = env.shared.authenticator.code(&secret).await?;
    let done = confirm(env, code_answer(&code).friendly_device_name("conformance")).await?;
    signed_in(env, &done, "confirm_sign_in with the first TOTP code").await?;
    env.wire_has("VerifySoftwareToken", |w| {
        w["action"] == "VerifySoftwareToken" && w["status"] == 200
    })?;
    env.wire_has("RespondToAuthChallenge MFA_SETUP", |w| {
        w["challengeName"] == "MFA_SETUP" && w["status"] == 200
    })?;
    Ok(secret)
}

/// CONTINUE_SIGN_IN_WITH_EMAIL_SETUP: give an address, then the code sent there.
async fn email_setup(env: &mut Env, out: &SignInOutput) -> R<()> {
    expect_step(out, "CONTINUE_SIGN_IN_WITH_EMAIL_SETUP", "email setup step")?;
    let address = format!("{}@example.com", env.user.username);
    let sent = confirm(
        env,
        ConfirmSignInInput::new(ChallengeResponse::SetupEmail(address.clone())),
    )
    .await?;
    expect_step(
        &sent,
        "CONFIRM_SIGN_IN_WITH_EMAIL_CODE",
        "after giving the address",
    )?;
    let code = sent_code(env, &sent, "EMAIL_OTP", "EMAIL").await?;
    let user = env.user.username.clone();
    let entry = env.outbox(&user, Some("EMAIL_OTP")).await?;
    expect_eq(
        &entry["destination"].as_str(),
        &Some(address.as_str()),
        "EMAIL_OTP destination",
    )?;
    answer_code(env, &code, "CodeMismatchException", MFA_MISMATCH).await
}

fn user_input(env: &Env) -> SignInInput {
    SignInInput::new(&env.user.username, env.user.password.as_str())
}

async fn expect_revoked(env: &Env, access: &str) -> R<()> {
    let (status, body) = env
        .wire
        .call_unrecorded("GetUser", &json!({"AccessToken": access}))
        .await?;
    expect_eq(
        &(status, body["__type"].as_str(), body["message"].as_str()),
        &(400, Some("NotAuthorizedException"), Some(REVOKED)),
        "GetUser with the signed-out access token",
    )
}

fn confirmed_user(env: &Env) -> R<String> {
    env.shared
        .confirmed
        .lock()
        .ok()
        .and_then(|c| c.clone())
        .ok_or_else(|| "no confirmed user".into())
}

async fn sign_up_user(env: &mut Env, username: &str, auto: Option<SignInOptions>) -> R<()> {
    let mut input = SignUpInput::new(username, PASSWORD)
        .user_attribute("email", format!("{username}@example.com"));
    if let Some(options) = auto {
        input = input.auto_sign_in_with(options);
    }
    let auth = env.auth.clone();
    let out = env.step("signUp", auth.sign_up(input)).await?;
    expect_eq(
        &(out.is_sign_up_complete, out.next_step.as_str()),
        &(false, "CONFIRM_SIGN_UP"),
        "sign_up",
    )
}

async fn confirm_sign_up(env: &mut Env, username: &str, code: &str, want: &str) -> R<()> {
    let auth = env.auth.clone();
    let out = env
        .step(
            "confirmSignUp",
            auth.confirm_sign_up(ConfirmSignUpInput::new(username, code)),
        )
        .await?;
    expect_eq(
        &(out.is_sign_up_complete, out.next_step.as_str()),
        &(true, want),
        "confirm_sign_up",
    )
}

// ------------------------------------------------------------------ basic

async fn sign_up_confirm_sign_in_srp(env: &mut Env) -> R<String> {
    let username = username(env, "srp");
    sign_up_user(env, &username, None).await?;
    let code = env.code(&username, None).await?;
    confirm_sign_up(env, &username, &code, "DONE").await?;
    if let Ok(mut c) = env.shared.confirmed.lock() {
        *c = Some(username.clone());
    }
    let out = sign_in(env, SignInInput::new(&username, PASSWORD)).await?;
    expect_step(&out, "DONE", "sign_in")?;
    env.wire_has("InitiateAuth USER_SRP_AUTH", |w| {
        w["authFlow"] == "USER_SRP_AUTH"
    })?;
    env.wire_has("a PASSWORD_VERIFIER answer", |w| {
        w["challengeName"] == "PASSWORD_VERIFIER"
    })?;
    let tokens = env.session(false).await?;
    let auth = env.auth.clone();
    let me = env.step("getCurrentUser", auth.get_current_user()).await?;
    expect_eq(&me.username, &username, "get_current_user username")?;
    expect_eq(
        &Some(me.user_id.as_str()),
        &tokens.access_claims["sub"].as_str(),
        "get_current_user user_id",
    )?;
    expect(
        tokens.access_claims.get("origin_jti").is_some(),
        "access token has no origin_jti, so sign_out cannot revoke",
    )?;
    sign_out(env).await?;
    env.wire_has("a successful RevokeToken", |w| {
        w["action"] == "RevokeToken" && w["status"] == 200
    })?;
    let auth = env.auth.clone();
    let after = env
        .step(
            "fetchAuthSession",
            auth.fetch_auth_session(Default::default()),
        )
        .await?;
    expect(after.tokens.is_none(), "tokens survived sign_out")?;
    expect_revoked(env, &tokens.access).await?;
    Ok("sign_up → confirm_sign_up (outbox code) → SRP sign_in → tokens verified → sign_out revoked them".into())
}

async fn sign_in_wrong_password(env: &mut Env) -> R<String> {
    let user = confirmed_user(env)?;
    let auth = env.auth.clone();
    env.refused(
        "signIn",
        auth.sign_in(SignInInput::new(user, WRONG_PASSWORD)),
        "NotAuthorizedException",
        Some(INCORRECT),
    )
    .await?;
    Ok(String::new())
}

async fn sign_in_user_password_auth(env: &mut Env) -> R<String> {
    let user = confirmed_user(env)?;
    let out = sign_in(
        env,
        SignInInput::new(user, PASSWORD).auth_flow_type(AuthFlowType::UserPasswordAuth),
    )
    .await?;
    expect_step(&out, "DONE", "sign_in")?;
    env.wire_has("InitiateAuth USER_PASSWORD_AUTH", |w| {
        w["authFlow"] == "USER_PASSWORD_AUTH"
    })?;
    env.session(false).await?;
    sign_out(env).await?;
    Ok(String::new())
}

async fn refresh(env: &mut Env) -> R<String> {
    let user = confirmed_user(env)?;
    sign_in(env, SignInInput::new(user, PASSWORD)).await?;
    let before = env.session(false).await?;
    let after = env.session(true).await?;
    env.wire_has("a successful refresh", |w| {
        (w["action"] == "GetTokensFromRefreshToken" || w["authFlow"] == "REFRESH_TOKEN_AUTH")
            && w["status"] == 200
    })?;
    expect(
        after.access != before.access,
        "force_refresh kept the old access token",
    )?;
    expect_eq(
        &after.access_claims["origin_jti"],
        &before.access_claims["origin_jti"],
        "origin_jti after refresh",
    )?;
    sign_out(env).await?;
    let how = if env
        .wire
        .entries()
        .iter()
        .any(|w| w["action"] == "GetTokensFromRefreshToken" && w["status"] == 200)
    {
        "GetTokensFromRefreshToken"
    } else {
        "REFRESH_TOKEN_AUTH"
    };
    Ok(format!("refreshed with {how}"))
}

async fn global_sign_out(env: &mut Env) -> R<String> {
    let user = confirmed_user(env)?;
    sign_in(env, SignInInput::new(user, PASSWORD)).await?;
    let tokens = env.session(false).await?;
    let auth = env.auth.clone();
    env.step("signOut(global)", auth.sign_out(SignOutInput::global()))
        .await?;
    env.wire_has("a successful GlobalSignOut", |w| {
        w["action"] == "GlobalSignOut" && w["status"] == 200
    })?;
    expect_revoked(env, &tokens.access).await?;
    Ok(String::new())
}

async fn sign_in_unconfirmed(env: &mut Env) -> R<String> {
    let username = username(env, "unconfirmed");
    sign_up_user(env, &username, None).await?;
    let out = sign_in(env, SignInInput::new(&username, PASSWORD)).await?;
    expect_step(&out, "CONFIRM_SIGN_UP", "sign_in of an unconfirmed user")?;
    let code = env.code(&username, None).await?;
    if env.shared.mock_api {
        let auth = env.auth.clone();
        env.refused(
            "confirmSignUp",
            auth.confirm_sign_up(ConfirmSignUpInput::new(&username, wrong_code(&code))),
            "CodeMismatchException",
            Some(CODE_MISMATCH),
        )
        .await?;
    }
    confirm_sign_up(env, &username, &code, "DONE").await?;
    let out = sign_in(env, SignInInput::new(&username, PASSWORD)).await?;
    expect_step(&out, "DONE", "sign_in after confirm_sign_up")?;
    env.session(false).await?;
    Ok(String::new())
}

async fn auto_sign_in(env: &mut Env) -> R<String> {
    let username = username(env, "auto");
    sign_up_user(env, &username, Some(SignInOptions::new())).await?;
    let code = env.code(&username, None).await?;
    confirm_sign_up(env, &username, &code, "COMPLETE_AUTO_SIGN_IN").await?;
    let auth = env.auth.clone();
    let out = env.step("autoSignIn", auth.auto_sign_in()).await?;
    expect_step(&out, "DONE", "auto_sign_in")?;
    let tokens = env.session(false).await?;
    expect_eq(
        &tokens.access_claims["username"].as_str(),
        &Some(username.as_str()),
        "access token username",
    )?;
    sign_out(env).await?;
    Ok(String::new())
}

// ------------------------------------------------------------------ MFA

async fn mfa_code(env: &mut Env, purpose: &str) -> R<String> {
    let (step, medium) = match purpose {
        "SMS_MFA" => ("CONFIRM_SIGN_IN_WITH_SMS_CODE", "SMS"),
        _ => ("CONFIRM_SIGN_IN_WITH_EMAIL_CODE", "EMAIL"),
    };
    let out = sign_in(env, user_input(env)).await?;
    expect_step(&out, step, "sign_in with the factor preferred")?;
    let code = sent_code(env, &out, purpose, medium).await?;
    answer_code(env, &code, "CodeMismatchException", MFA_MISMATCH).await?;
    Ok(String::new())
}

/// The provisioned user's TOTP secret; the step VerifySoftwareToken spent
/// while provisioning is marked as used on the authenticator.
fn totp_secret(env: &Env) -> R<String> {
    let secret = env
        .user
        .totp_secret
        .clone()
        .ok_or("the provisioned user has no TOTP secret")?;
    if let Some(step) = env.user.totp_used_step {
        env.shared.authenticator.mark_used(&secret, step);
    }
    Ok(secret)
}

async fn mfa_totp(env: &mut Env) -> R<String> {
    let out = sign_in(env, user_input(env)).await?;
    expect_step(
        &out,
        "CONFIRM_SIGN_IN_WITH_TOTP_CODE",
        "sign_in with TOTP preferred",
    )?;
    let secret = totp_secret(env)?;
    totp_step(env, &secret).await?;
    Ok(String::new())
}

async fn mfa_selection(env: &mut Env) -> R<String> {
    let out = sign_in(env, user_input(env)).await?;
    expect_step(
        &out,
        "CONTINUE_SIGN_IN_WITH_MFA_SELECTION",
        "sign_in with three factors, none preferred",
    )?;
    let SignInStep::ContinueSignInWithMfaSelection { allowed_mfa_types } = &out.next_step else {
        return Err("no allowed MFA types".into());
    };
    let mut allowed: Vec<&str> = allowed_mfa_types.iter().map(MfaType::as_str).collect();
    allowed.sort_unstable();
    expect_eq(&allowed, &vec!["EMAIL", "SMS", "TOTP"], "allowed_mfa_types")?;
    // Amplify's string answer that names no factor.
    confirm_refused(
        env,
        ConfirmSignInInput::new("VOICE"),
        "IncorrectMFAMethod",
        None,
    )
    .await?;
    let chosen = confirm(env, ConfirmSignInInput::new(MfaType::Totp)).await?;
    expect_step(
        &chosen,
        "CONFIRM_SIGN_IN_WITH_TOTP_CODE",
        "after choosing TOTP",
    )?;
    env.wire_has("a SELECT_MFA_TYPE answer", |w| {
        w["challengeName"] == "SELECT_MFA_TYPE" && w["status"] == 200
    })?;
    let secret = totp_secret(env)?;
    totp_step(env, &secret).await?;
    Ok(String::new())
}

// ------------------------------------------------------------------ MFA setup

async fn mfa_setup_totp(env: &mut Env) -> R<String> {
    let out = sign_in(env, user_input(env)).await?;
    let secret = totp_setup(env, &out).await?;
    sign_out(env).await?;
    let again = sign_in(env, user_input(env)).await?;
    expect_step(
        &again,
        "CONFIRM_SIGN_IN_WITH_TOTP_CODE",
        "sign_in after setting TOTP up",
    )?;
    let code = env.shared.authenticator.code(&secret).await?;
    let done = confirm(env, code_answer(&code)).await?;
    signed_in(env, &done, "confirm_sign_in with TOTP").await?;
    Ok(String::new())
}

async fn mfa_setup_email(env: &mut Env) -> R<String> {
    let out = sign_in(env, user_input(env)).await?;
    email_setup(env, &out).await?;
    Ok(String::new())
}

async fn mfa_setup_selection(env: &mut Env, choice: MfaType) -> R<String> {
    let out = sign_in(env, user_input(env)).await?;
    expect_step(
        &out,
        "CONTINUE_SIGN_IN_WITH_MFA_SETUP_SELECTION",
        "sign_in, MFA required, nothing set up",
    )?;
    if let SignInStep::ContinueSignInWithMfaSetupSelection { allowed_mfa_types } = &out.next_step {
        let mut allowed: Vec<&str> = allowed_mfa_types.iter().map(MfaType::as_str).collect();
        allowed.sort_unstable();
        expect_eq(&allowed, &vec!["EMAIL", "TOTP"], "allowed_mfa_types")?;
    }
    let next = confirm(env, ConfirmSignInInput::new(choice)).await?;
    match choice {
        MfaType::Email => email_setup(env, &next).await?,
        _ => {
            totp_setup(env, &next).await?;
        }
    }
    Ok(String::new())
}

// ------------------------------------------------------------------ new password

async fn new_password_required(env: &mut Env) -> R<String> {
    let out = sign_in(env, user_input(env)).await?;
    expect_step(
        &out,
        "CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED",
        "sign_in with the temporary password",
    )?;
    let SignInStep::ConfirmSignInWithNewPasswordRequired { missing_attributes } = &out.next_step
    else {
        return Err("no missing attributes".into());
    };
    expect_eq(
        missing_attributes,
        &vec!["name".to_owned()],
        "missing_attributes",
    )?;
    let new_password = |p: &str| ConfirmSignInInput::new(ChallengeResponse::NewPassword(p.into()));
    confirm_refused(
        env,
        new_password("weak").user_attribute("name", "N"),
        "InvalidPasswordException",
        None,
    )
    .await?;
    confirm_refused(
        env,
        new_password(NEW_PASSWORD),
        "InvalidParameterException",
        None,
    )
    .await?;
    let done = confirm(
        env,
        new_password(NEW_PASSWORD).user_attribute("name", "Conformance"),
    )
    .await?;
    signed_in(
        env,
        &done,
        "confirm_sign_in with a new password and the missing attribute",
    )
    .await?;
    sign_out(env).await?;
    let user = env.user.username.clone();
    let again = sign_in(env, SignInInput::new(user, NEW_PASSWORD)).await?;
    signed_in(env, &again, "sign_in with the new password").await?;
    Ok(String::new())
}

async fn new_password_then_totp_setup(env: &mut Env) -> R<String> {
    let out = sign_in(env, user_input(env)).await?;
    expect_step(
        &out,
        "CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED",
        "sign_in with the temporary password",
    )?;
    let next = confirm(
        env,
        ConfirmSignInInput::new(ChallengeResponse::NewPassword(NEW_PASSWORD.into())),
    )
    .await?;
    totp_setup(env, &next).await?;
    Ok(String::new())
}

// ------------------------------------------------------------------ password reset

/// cognito-auth has no password-reset calls (the seed API has none): the
/// reset is done with ForgotPassword / ConfirmForgotPassword on the wire,
/// recorded as `wire:` steps (a deliberate difference, see xtask's comparison).
async fn reset_password(env: &mut Env) -> R<String> {
    let out = sign_in(env, user_input(env)).await?;
    expect_step(
        &out,
        "RESET_PASSWORD",
        "sign_in after AdminResetUserPassword",
    )?;
    let user = env.user.username.clone();
    let client = env.pool.client_id.clone();
    env.raw(
        "ForgotPassword",
        json!({"ClientId": client, "Username": user}),
    )
    .await?;
    let code = env.code(&user, Some("FORGOT_PASSWORD")).await?;
    let body = |c: &str| json!({"ClientId": client, "Username": user, "ConfirmationCode": c, "Password": NEW_PASSWORD});
    match env
        .raw("ConfirmForgotPassword", body(&wrong_code(&code)))
        .await
    {
        Err(e) if e.contains("CodeMismatchException") => {}
        Err(e) => return Err(e),
        Ok(v) => return Err(format!("a wrong code reset the password: {v}")),
    }
    env.raw("ConfirmForgotPassword", body(&code)).await?;
    let again = sign_in(env, SignInInput::new(user, NEW_PASSWORD)).await?;
    signed_in(env, &again, "sign_in with the new password").await?;
    Ok(String::new())
}

// ------------------------------------------------------------------ USER_AUTH

async fn user_auth_select(env: &mut Env, factor: AuthFactorType) -> R<String> {
    let input =
        SignInInput::without_password(&env.user.username).auth_flow_type(AuthFlowType::UserAuth);
    let out = sign_in(env, input).await?;
    expect_step(
        &out,
        "CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION",
        "USER_AUTH without a preference",
    )?;
    if let SignInStep::ContinueSignInWithFirstFactorSelection {
        available_challenges,
    } = &out.next_step
    {
        let mut offered: Vec<&str> = available_challenges
            .iter()
            .map(AuthFactorType::as_str)
            .collect();
        offered.sort_unstable();
        expect_eq(
            &offered,
            &vec!["EMAIL_OTP", "PASSWORD", "PASSWORD_SRP"],
            "available_challenges",
        )?;
    }
    let chosen = confirm(env, ConfirmSignInInput::new(factor.clone())).await?;
    match factor {
        AuthFactorType::EmailOtp => {
            expect_step(
                &chosen,
                "CONFIRM_SIGN_IN_WITH_EMAIL_CODE",
                "after choosing EMAIL_OTP",
            )?;
            let code = sent_code(env, &chosen, "EMAIL_OTP", "EMAIL").await?;
            answer_code(env, &code, "CodeMismatchException", MFA_MISMATCH).await?;
        }
        _ => {
            expect_step(
                &chosen,
                "CONFIRM_SIGN_IN_WITH_PASSWORD",
                "after choosing a password factor",
            )?;
            let pw = env.user.password.clone();
            let done = confirm(
                env,
                ConfirmSignInInput::new(ChallengeResponse::Password(pw.into())),
            )
            .await?;
            signed_in(env, &done, "confirm_sign_in with the password").await?;
            if factor == AuthFactorType::PasswordSrp {
                env.wire_has("PASSWORD_VERIFIER", |w| {
                    w["challengeName"] == "PASSWORD_VERIFIER" && w["status"] == 200
                })?;
            } else {
                env.wire_has("SELECT_CHALLENGE", |w| {
                    w["challengeName"] == "SELECT_CHALLENGE" && w["status"] == 200
                })?;
            }
        }
    }
    Ok(String::new())
}

async fn user_auth_preferred(env: &mut Env, factor: AuthFactorType) -> R<String> {
    let base = match factor {
        AuthFactorType::Password | AuthFactorType::PasswordSrp => user_input(env),
        _ => SignInInput::without_password(&env.user.username),
    };
    let input = base
        .auth_flow_type(AuthFlowType::UserAuth)
        .preferred_challenge(factor.clone());
    let out = sign_in(env, input).await?;
    match factor {
        AuthFactorType::EmailOtp | AuthFactorType::SmsOtp => {
            let (step, purpose, medium) = if factor == AuthFactorType::EmailOtp {
                ("CONFIRM_SIGN_IN_WITH_EMAIL_CODE", "EMAIL_OTP", "EMAIL")
            } else {
                ("CONFIRM_SIGN_IN_WITH_SMS_CODE", "SMS_OTP", "SMS")
            };
            expect_step(&out, step, "USER_AUTH preferring a one-time code")?;
            let code = sent_code(env, &out, purpose, medium).await?;
            answer_code(env, &code, "CodeMismatchException", MFA_MISMATCH).await?;
        }
        _ => {
            signed_in(env, &out, "USER_AUTH preferring a password factor").await?;
            if factor == AuthFactorType::PasswordSrp {
                env.wire_has("PASSWORD_VERIFIER", |w| {
                    w["challengeName"] == "PASSWORD_VERIFIER" && w["status"] == 200
                })?;
            }
        }
    }
    Ok(String::new())
}

async fn auto_sign_in_user_auth(env: &mut Env) -> R<String> {
    let username = username(env, "auto-ua");
    sign_up_user(
        env,
        &username,
        Some(SignInOptions::new().auth_flow_type(AuthFlowType::UserAuth)),
    )
    .await?;
    let code = env.code(&username, Some("SIGN_UP")).await?;
    confirm_sign_up(env, &username, &code, "COMPLETE_AUTO_SIGN_IN").await?;
    env.wire_has("ConfirmSignUp with SignUp's Session", |w| {
        w["action"] == "ConfirmSignUp" && w["session"] == true && w["status"] == 200
    })?;
    let auth = env.auth.clone();
    let out = env.step("autoSignIn", auth.auto_sign_in()).await?;
    signed_in(env, &out, "auto_sign_in").await?;
    env.wire_has("InitiateAuth USER_AUTH with ConfirmSignUp's Session", |w| {
        w["authFlow"] == "USER_AUTH" && w["session"] == true && w["status"] == 200
    })?;
    Ok("USER_AUTH auto sign-in with ConfirmSignUp's session: no further factor".into())
}

// ------------------------------------------------------------------ custom auth

fn custom_input(env: &Env) -> SignInInput {
    SignInInput::without_password(&env.user.username).auth_flow_type(AuthFlowType::CustomWithoutSrp)
}

fn custom_answer(code: &str) -> ConfirmSignInInput {
    ConfirmSignInInput::new(ChallengeResponse::CustomAnswer(code.into()))
}

async fn custom_without_srp(env: &mut Env) -> R<String> {
    let out = sign_in(env, custom_input(env)).await?;
    expect_step(
        &out,
        "CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE",
        "CUSTOM_WITHOUT_SRP",
    )?;
    let user = env.user.username.clone();
    let first = env.code(&user, Some("CUSTOM_CHALLENGE")).await?;
    let again = confirm(env, custom_answer(&wrong_code(&first))).await?;
    expect_step(
        &again,
        "CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE",
        "after a wrong answer",
    )?;
    let second = env.code(&user, Some("CUSTOM_CHALLENGE")).await?;
    let done = confirm(env, custom_answer(&second)).await?;
    signed_in(env, &done, "confirm_sign_in with the custom answer").await?;
    env.wire_has("InitiateAuth CUSTOM_AUTH", |w| {
        w["authFlow"] == "CUSTOM_AUTH"
    })?;
    Ok(String::new())
}

async fn custom_with_srp(env: &mut Env) -> R<String> {
    let out = sign_in(
        env,
        user_input(env).auth_flow_type(AuthFlowType::CustomWithSrp),
    )
    .await?;
    expect_step(
        &out,
        "CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE",
        "CUSTOM_WITH_SRP",
    )?;
    env.wire_has("PASSWORD_VERIFIER", |w| {
        w["challengeName"] == "PASSWORD_VERIFIER" && w["status"] == 200
    })?;
    let user = env.user.username.clone();
    let code = env.code(&user, Some("CUSTOM_CHALLENGE")).await?;
    let done = confirm(env, custom_answer(&code)).await?;
    signed_in(env, &done, "confirm_sign_in with the custom answer").await?;
    Ok(String::new())
}

async fn custom_wrong_answers(env: &mut Env) -> R<String> {
    let out = sign_in(env, custom_input(env)).await?;
    expect_step(
        &out,
        "CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE",
        "CUSTOM_WITHOUT_SRP",
    )?;
    let user = env.user.username.clone();
    for i in 1..=2 {
        let code = env.code(&user, Some("CUSTOM_CHALLENGE")).await?;
        let again = confirm(env, custom_answer(&wrong_code(&code))).await?;
        expect_step(
            &again,
            "CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE",
            &format!("wrong answer {i}"),
        )?;
    }
    let code = env.code(&user, Some("CUSTOM_CHALLENGE")).await?;
    confirm_refused(
        env,
        custom_answer(&wrong_code(&code)),
        "NotAuthorizedException",
        None,
    )
    .await?;
    Ok(String::new())
}
