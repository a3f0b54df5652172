//! Sign-up, confirmation, resend and auto sign-in.

use cognito_auth::{
    AuthError, ConfirmSignUpInput, ResendSignUpCodeInput, SignInInput, SignInStep, SignUpInput,
    SignUpStep,
};
use cognito_auth_e2e::{Env, e2e, mock_cognito::PoolConfig, pool};

/// Email is the username: the internal username is a generated id.
fn email_pool(secret: bool) -> PoolConfig {
    PoolConfig {
        username_attributes: vec!["email".into()],
        ..pool(secret)
    }
}

/// The seed's examples: sign-up with attributes, confirmation with the
/// delivered code, auto sign-in, then who is signed in.
async fn seed_sign_up_confirm_auto_sign_in(env: Env) {
    let auth = env.auth();
    let out = auth
        .sign_up(
            SignUpInput::new("user@example.com", "TempPassword123!")
                .user_attribute("email", "user@example.com")
                .user_attribute("name", "John Doe")
                .user_attribute("phone_number", "+12345678901")
                .auto_sign_in(true),
        )
        .await
        .unwrap();
    assert!(!out.is_sign_up_complete);
    let user_id = out.user_id.clone().expect("UserSub");
    let SignUpStep::ConfirmSignUp {
        code_delivery_details,
    } = &out.next_step
    else {
        panic!("{:?}", out.next_step)
    };
    assert_eq!(
        code_delivery_details.attribute_name.as_deref(),
        Some("email")
    );
    assert!(
        code_delivery_details
            .destination
            .as_deref()
            .unwrap()
            .contains('*'),
        "masked"
    );

    let code = env.code("user@example.com");
    let out = auth
        .confirm_sign_up(ConfirmSignUpInput::new("user@example.com", code))
        .await
        .unwrap();
    assert!(out.is_sign_up_complete);
    assert_eq!(out.next_step.as_str(), "COMPLETE_AUTO_SIGN_IN");

    let out = auth.auto_sign_in().await.unwrap();
    assert!(out.is_signed_in, "{out:?}");
    assert_eq!(out.next_step, SignInStep::Done);
    let me = auth.get_current_user().await.unwrap();
    assert_eq!(me.user_id, user_id);
    assert_ne!(
        me.username, "user@example.com",
        "canonical username, not the alias"
    );
}
e2e!(
    seed_sign_up_confirm_auto_sign_in,
    seed_sign_up_confirm_auto_sign_in,
    email_pool
);

/// Confirmation in "another process": the pending auto sign-in is exported
/// after sign-up and restored into a fresh client.
async fn auto_sign_in_survives_a_process_boundary(env: Env) {
    let first = env.auth();
    first
        .sign_up(
            SignUpInput::new("carol", "Passw0rd!x")
                .user_attribute("email", "carol@example.com")
                .auto_sign_in(true),
        )
        .await
        .unwrap();
    let exported = serde_json::to_string(&first.export_pending_state()).unwrap();
    drop(first);

    let second = env.auth();
    second.restore_pending_state(serde_json::from_str(&exported).unwrap());
    // A wrong code first: auto sign-in stays armed.
    let e = second
        .confirm_sign_up(ConfirmSignUpInput::new("carol", "000000"))
        .await
        .unwrap_err();
    assert_eq!(e.name(), "CodeMismatchException");
    let out = second
        .confirm_sign_up(ConfirmSignUpInput::new("carol", env.code("carol")))
        .await
        .unwrap();
    assert_eq!(out.next_step.as_str(), "COMPLETE_AUTO_SIGN_IN");
    assert!(second.auto_sign_in().await.unwrap().is_signed_in);
    assert_eq!(second.get_current_user().await.unwrap().username, "carol");
}
e2e!(
    auto_sign_in_survives_a_process_boundary,
    auto_sign_in_survives_a_process_boundary,
    pool
);

async fn resend_code_and_sign_up_errors(env: Env) {
    let auth = env.auth();
    let out = auth
        .sign_up(SignUpInput::new("dave", "Passw0rd!x").user_attribute("email", "dave@example.com"))
        .await
        .unwrap();
    assert_eq!(out.next_step.as_str(), "CONFIRM_SIGN_UP");
    // Signing in before confirming is a step, not an error.
    let step = auth
        .sign_in(SignInInput::new("dave", "Passw0rd!x"))
        .await
        .unwrap();
    assert_eq!(
        (step.is_signed_in, step.next_step),
        (false, SignInStep::ConfirmSignUp)
    );
    let first = env.code("dave");
    let d = auth
        .resend_sign_up_code(ResendSignUpCodeInput::new("dave"))
        .await
        .unwrap();
    assert_eq!(
        d.delivery_medium.map(|m| m.as_str().to_owned()).as_deref(),
        Some("EMAIL")
    );
    let second = env.code("dave");
    assert_eq!(env.mock.codes_for("dave").len(), 2, "{first} then {second}");
    // Duplicate sign-up.
    let e = auth
        .sign_up(SignUpInput::new("dave", "Passw0rd!x"))
        .await
        .unwrap_err();
    assert_eq!(e.name(), "UsernameExistsException");
    assert!(e.to_string().contains("Sign in instead"), "{e}");
    // Weak password.
    let e = auth
        .sign_up(SignUpInput::new("erin", "short"))
        .await
        .unwrap_err();
    assert_eq!(e.name(), "InvalidPasswordException");
    // Empty username never reaches the service.
    let e = auth
        .sign_up(SignUpInput::new("", "Passw0rd!x"))
        .await
        .unwrap_err();
    assert_eq!(e.name(), "EmptySignUpUsername");
    // Confirm with the newest code, then again.
    auth.confirm_sign_up(ConfirmSignUpInput::new("dave", second))
        .await
        .unwrap();
    let e = auth
        .confirm_sign_up(ConfirmSignUpInput::new("dave", env.code("dave")))
        .await
        .unwrap_err();
    assert_eq!(e.name(), "NotAuthorizedException");
    let e = auth
        .resend_sign_up_code(ResendSignUpCodeInput::new("nobody"))
        .await
        .unwrap_err();
    assert!(matches!(e, AuthError::Service { .. }), "{e}");
    assert!(
        auth.sign_in(SignInInput::new("dave", "Passw0rd!x"))
            .await
            .unwrap()
            .is_signed_in
    );
}
e2e!(
    resend_code_and_sign_up_errors,
    resend_code_and_sign_up_errors,
    pool
);
