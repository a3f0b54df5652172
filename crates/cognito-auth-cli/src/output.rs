//! What commands print: JSON with Amplify's field names, and text for people.

use cognito_auth::{
    CodeDeliveryDetails, ConfirmSignUpOutput, SignInOutput, SignInStep, SignUpOutput, SignUpStep,
};
use serde_json::{Map, Value, json};

/// A command's result.
#[derive(Debug)]
pub struct Output {
    /// Printed with `--json`.
    pub json: Value,
    /// Printed without `--json` (a final newline is added when missing).
    pub human: String,
}

/// Amplify's `CodeDeliveryDetails` (absent members left out, as Amplify's
/// `undefined`).
pub fn code_delivery_json(d: &CodeDeliveryDetails) -> Value {
    let mut m = Map::new();
    if let Some(v) = &d.destination {
        m.insert("destination".into(), v.clone().into());
    }
    if let Some(v) = &d.delivery_medium {
        m.insert("deliveryMedium".into(), v.as_str().into());
    }
    if let Some(v) = &d.attribute_name {
        m.insert("attributeName".into(), v.clone().into());
    }
    Value::Object(m)
}

/// "by EMAIL to a***@e***".
pub fn delivery_text(d: &CodeDeliveryDetails) -> String {
    let mut s = String::new();
    if let Some(m) = &d.delivery_medium {
        s.push_str(&format!(" by {}", m.as_str()));
    }
    if let Some(dest) = &d.destination {
        s.push_str(&format!(" to {dest}"));
    }
    s
}

fn sign_up_step_json(step: &SignUpStep) -> Value {
    let mut m = Map::new();
    m.insert("signUpStep".into(), step.as_str().into());
    if let Some(d) = step.code_delivery_details() {
        m.insert("codeDeliveryDetails".into(), code_delivery_json(d));
    }
    Value::Object(m)
}

/// Amplify's `SignUpOutput`.
pub fn sign_up_json(out: &SignUpOutput) -> Value {
    let mut m = Map::new();
    m.insert("isSignUpComplete".into(), out.is_sign_up_complete.into());
    m.insert("nextStep".into(), sign_up_step_json(&out.next_step));
    if let Some(id) = &out.user_id {
        m.insert("userId".into(), id.clone().into());
    }
    Value::Object(m)
}

/// Amplify's `ConfirmSignUpOutput`.
pub fn confirm_sign_up_json(out: &ConfirmSignUpOutput) -> Value {
    json!({
        "isSignUpComplete": out.is_sign_up_complete,
        "nextStep": sign_up_step_json(&out.next_step),
    })
}

/// Amplify's `nextStep` of a sign-in, with the step's data.
pub fn sign_in_step_json(step: &SignInStep, issuer: &str) -> Value {
    let mut m = Map::new();
    m.insert("signInStep".into(), step.as_str().into());
    match step {
        SignInStep::ConfirmSignInWithSmsCode {
            code_delivery_details,
        }
        | SignInStep::ConfirmSignInWithEmailCode {
            code_delivery_details,
        } => {
            m.insert(
                "codeDeliveryDetails".into(),
                code_delivery_json(code_delivery_details),
            );
        }
        SignInStep::ContinueSignInWithMfaSelection { allowed_mfa_types }
        | SignInStep::ContinueSignInWithMfaSetupSelection { allowed_mfa_types } => {
            let v: Vec<Value> = allowed_mfa_types
                .iter()
                .map(|t| t.as_str().into())
                .collect();
            m.insert("allowedMFATypes".into(), v.into());
        }
        SignInStep::ContinueSignInWithTotpSetup { totp_setup_details } => {
            // The user asked to set up an authenticator: the secret is the
            // answer to that, so it is shown (as Amplify returns it).
            m.insert(
                "totpSetupDetails".into(),
                json!({
                    "sharedSecret": totp_setup_details.shared_secret.expose(),
                    "setupUri": totp_setup_details.setup_uri(issuer, None),
                }),
            );
        }
        SignInStep::ConfirmSignInWithCustomChallenge { additional_info } => {
            m.insert("additionalInfo".into(), json!(additional_info));
        }
        SignInStep::ConfirmSignInWithNewPasswordRequired { missing_attributes } => {
            m.insert("missingAttributes".into(), json!(missing_attributes));
        }
        SignInStep::ContinueSignInWithFirstFactorSelection {
            available_challenges,
        } => {
            let v: Vec<Value> = available_challenges
                .iter()
                .map(|c| c.as_str().into())
                .collect();
            m.insert("availableChallenges".into(), v.into());
        }
        _ => {}
    }
    Value::Object(m)
}

/// Amplify's `SignInOutput`.
pub fn sign_in_json(out: &SignInOutput, issuer: &str) -> Value {
    json!({
        "isSignedIn": out.is_signed_in,
        "nextStep": sign_in_step_json(&out.next_step, issuer),
    })
}

/// What a person should do about a sign-in step (without prompting).
pub fn sign_in_step_text(step: &SignInStep, issuer: &str, username: Option<&str>) -> String {
    let user = username.unwrap_or("NAME");
    let (what, next) = match step {
        SignInStep::ConfirmSignInWithSmsCode {
            code_delivery_details,
        }
        | SignInStep::ConfirmSignInWithEmailCode {
            code_delivery_details,
        } => (
            format!("A code was sent{}.", delivery_text(code_delivery_details)),
            "cognito-auth confirm-sign-in --response CODE".to_owned(),
        ),
        SignInStep::ConfirmSignInWithTotpCode => (
            "Enter the code your authenticator app shows.".to_owned(),
            "cognito-auth confirm-sign-in --response CODE".to_owned(),
        ),
        SignInStep::ContinueSignInWithMfaSelection { allowed_mfa_types } => (
            format!(
                "Choose the second factor: {}.",
                join(allowed_mfa_types.iter().map(|t| t.as_str()))
            ),
            format!(
                "cognito-auth confirm-sign-in --response {}",
                join_with(allowed_mfa_types.iter().map(|t| t.as_str()), "|")
            ),
        ),
        SignInStep::ContinueSignInWithMfaSetupSelection { allowed_mfa_types } => (
            format!(
                "Choose a second factor to set up: {}.",
                join(allowed_mfa_types.iter().map(|t| t.as_str()))
            ),
            format!(
                "cognito-auth confirm-sign-in --response {}",
                join_with(allowed_mfa_types.iter().map(|t| t.as_str()), "|")
            ),
        ),
        SignInStep::ContinueSignInWithTotpSetup { totp_setup_details } => (
            format!(
                "Add this account to your authenticator app (scan the URI as a QR code, or type the secret):\n  {}\n  secret: {}",
                totp_setup_details.setup_uri(issuer, None),
                totp_setup_details.shared_secret.expose()
            ),
            "cognito-auth confirm-sign-in --response CODE   (the code the app shows)".to_owned(),
        ),
        SignInStep::ContinueSignInWithEmailSetup => (
            "Give the email address that will receive MFA codes.".to_owned(),
            "cognito-auth confirm-sign-in --response ADDRESS".to_owned(),
        ),
        SignInStep::ConfirmSignInWithCustomChallenge { additional_info } => {
            let mut s = "Answer the custom challenge.".to_owned();
            for (k, v) in additional_info {
                s.push_str(&format!("\n  {k}: {v}"));
            }
            (s, "cognito-auth confirm-sign-in --response ANSWER".to_owned())
        }
        SignInStep::ConfirmSignInWithNewPasswordRequired { missing_attributes } => {
            let mut what = "Choose a new password.".to_owned();
            let mut next = "cognito-auth confirm-sign-in --response-stdin".to_owned();
            if !missing_attributes.is_empty() {
                what.push_str(&format!(
                    " Give these attributes too: {}.",
                    join(missing_attributes.iter().map(String::as_str))
                ));
                for a in missing_attributes {
                    next.push_str(&format!(" --attribute {a}=VALUE"));
                }
            }
            next.push_str("   (the new password on standard input)");
            (what, next)
        }
        SignInStep::ContinueSignInWithFirstFactorSelection {
            available_challenges,
        } => (
            format!(
                "Choose how to sign in: {}.",
                join(available_challenges.iter().map(|c| c.as_str()))
            ),
            format!(
                "cognito-auth confirm-sign-in --response {}",
                join_with(available_challenges.iter().map(|c| c.as_str()), "|")
            ),
        ),
        SignInStep::ConfirmSignInWithPassword => (
            "Enter the password.".to_owned(),
            "cognito-auth confirm-sign-in --password-stdin".to_owned(),
        ),
        SignInStep::ConfirmSignUp => (
            "The account is not confirmed yet.".to_owned(),
            format!(
                "cognito-auth confirm-sign-up --username {user} --code CODE   (resend-sign-up-code --username {user} sends a new one), then sign in again"
            ),
        ),
        SignInStep::ResetPassword => (
            "The password must be reset first (the forgot-password flow), which cognito-auth cannot do yet; reset it with your app or `aws cognito-idp forgot-password`.".to_owned(),
            "sign in again with the new password".to_owned(),
        ),
        SignInStep::Done => return "Signed in.".to_owned(),
        other => (
            format!("The sign-in waits for a step this version cannot describe ({other})."),
            "cognito-auth confirm-sign-in --response ANSWER".to_owned(),
        ),
    };
    format!(
        "Sign-in continues at {}.\n{what}\nNext: {next}",
        step.as_str()
    )
}

fn join<'a>(items: impl Iterator<Item = &'a str>) -> String {
    join_with(items, ", ")
}

fn join_with<'a>(items: impl Iterator<Item = &'a str>, sep: &str) -> String {
    items.collect::<Vec<_>>().join(sep)
}

/// The text of a sign-up result.
pub fn sign_up_text(username: &str, out: &SignUpOutput) -> String {
    let id = out
        .user_id
        .as_deref()
        .map(|i| format!(" (user id {i})"))
        .unwrap_or_default();
    match &out.next_step {
        SignUpStep::ConfirmSignUp {
            code_delivery_details,
        } => format!(
            "Signed up {username}{id}. A confirmation code was sent{}.\nNext: cognito-auth confirm-sign-up --username {username} --code CODE",
            delivery_text(code_delivery_details)
        ),
        SignUpStep::CompleteAutoSignIn {
            code_delivery_details,
        } => {
            let sent = code_delivery_details
                .as_ref()
                .map(|d| format!(" A confirmation link or code was sent{}.", delivery_text(d)))
                .unwrap_or_default();
            format!("Signed up {username}{id}.{sent}\nNext: cognito-auth auto-sign-in")
        }
        SignUpStep::Done => format!(
            "Signed up {username}{id}; the account is confirmed.\nNext: cognito-auth sign-in --username {username}"
        ),
        other => format!("Signed up {username}{id}. Next step: {other}."),
    }
}

/// The text of a confirmation result.
pub fn confirm_sign_up_text(username: &str, out: &ConfirmSignUpOutput) -> String {
    match &out.next_step {
        SignUpStep::CompleteAutoSignIn { .. } => {
            format!("Confirmed {username}.\nNext: cognito-auth auto-sign-in")
        }
        _ => format!("Confirmed {username}.\nNext: cognito-auth sign-in --username {username}"),
    }
}
