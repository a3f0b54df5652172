//! Password sign-in: SRP (default), USER_PASSWORD_AUTH, NEW_PASSWORD_REQUIRED,
//! errors, re-login, status steps, expired sessions, client secrets. MFA,
//! USER_AUTH and custom auth have their own modules (`mfa`, `user_auth`,
//! `custom`).

use cognito_auth::{
    AuthFlowType, ChallengeResponse, ConfirmSignInInput, ExistingSession, SignInInput, SignInStep,
};
use cognito_auth_e2e::{Env, e2e, mock_cognito::PoolConfig, pool, user};

fn users_pool(secret: bool) -> PoolConfig {
    let mut p = PoolConfig {
        alias_attributes: vec!["email".into()],
        ..pool(secret)
    };
    p.users
        .push(user("alice", "Corr3ct-Horse!", "alice@example.com"));
    let mut temp = user("tom", "Temp-Passw0rd!", "tom@example.com");
    temp.status = Some("FORCE_CHANGE_PASSWORD".into());
    p.users.push(temp);
    p
}

/// Every password flow signs in; SRP by alias resolves the canonical name.
async fn password_flows(env: Env) {
    for (login, flow) in [
        ("alice", AuthFlowType::UserSrpAuth),
        ("alice@example.com", AuthFlowType::UserSrpAuth),
        ("alice", AuthFlowType::UserPasswordAuth),
        ("alice@example.com", AuthFlowType::UserPasswordAuth),
    ] {
        let auth = env.auth();
        let out = auth
            .sign_in(SignInInput::new(login, "Corr3ct-Horse!").auth_flow_type(flow))
            .await
            .unwrap_or_else(|e| panic!("{login} {flow}: {e}"));
        assert!(out.is_signed_in, "{login} {flow}: {out:?}");
        let me = auth.get_current_user().await.unwrap();
        assert_eq!(me.username, "alice");
        let details = me.sign_in_details.unwrap();
        assert_eq!(
            (details.login_id.as_str(), details.auth_flow_type),
            (login, flow)
        );
    }
}
e2e!(password_flows, password_flows, users_pool);

async fn sign_in_errors(env: Env) {
    let auth = env.auth();
    for flow in [AuthFlowType::UserSrpAuth, AuthFlowType::UserPasswordAuth] {
        let e = auth
            .sign_in(SignInInput::new("alice", "wrong-password").auth_flow_type(flow))
            .await
            .unwrap_err();
        assert_eq!(e.name(), "NotAuthorizedException", "{flow}");
        assert_eq!(
            e.service_error().unwrap().message,
            "Incorrect username or password."
        );
        let e = auth
            .sign_in(SignInInput::new("nobody", "whatever1A!").auth_flow_type(flow))
            .await
            .unwrap_err();
        assert!(
            ["UserNotFoundException", "NotAuthorizedException"].contains(&e.name()),
            "{flow}: {e}"
        );
    }
    let e = auth
        .sign_in(SignInInput::new("alice", ""))
        .await
        .unwrap_err();
    assert_eq!(e.name(), "EmptySignInPassword");
    assert!(auth.get_current_user().await.is_err());
}
e2e!(sign_in_errors, sign_in_errors, users_pool);

/// An admin-created user must choose a password; the step can be answered in
/// another client (process) after exporting the pending state.
async fn new_password_required(env: Env) {
    let auth = env.auth();
    let out = auth
        .sign_in(SignInInput::new("tom", "Temp-Passw0rd!"))
        .await
        .unwrap();
    assert_eq!(
        out.next_step.as_str(),
        "CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED"
    );
    let state = auth.export_pending_state();
    let other = env.auth();
    other.restore_pending_state(state);
    // A password the policy refuses: error, step kept.
    let e = other
        .confirm_sign_in(ConfirmSignInInput::new(ChallengeResponse::NewPassword(
            "weak".into(),
        )))
        .await
        .unwrap_err();
    assert_eq!(e.name(), "InvalidPasswordException");
    assert!(other.pending_sign_in_step().is_some());
    let out = other
        .confirm_sign_in(ConfirmSignInInput::new(ChallengeResponse::NewPassword(
            "N3w-Passw0rd!".into(),
        )))
        .await;
    match out {
        Ok(out) => assert!(out.is_signed_in, "{out:?}"),
        // Cognito's sessions are single-use; a mock that spends the session on
        // a refused password makes the user start over, which the client says.
        Err(e) => panic!("new password refused after a policy error: {e}"),
    }
    let fresh = env.auth();
    assert!(
        fresh
            .sign_in(SignInInput::new("tom", "N3w-Passw0rd!"))
            .await
            .unwrap()
            .is_signed_in
    );
}
e2e!(new_password_required, new_password_required, users_pool);

/// Re-login and switching user with ExistingSession::Replace.
async fn relogin_and_switch_user(env: Env) {
    let auth = env.auth();
    assert!(
        auth.sign_in(SignInInput::new("alice", "Corr3ct-Horse!"))
            .await
            .unwrap()
            .is_signed_in
    );
    let e = auth
        .sign_in(SignInInput::new("alice", "Corr3ct-Horse!"))
        .await
        .unwrap_err();
    assert_eq!(e.name(), "UserAlreadyAuthenticatedException");
    let old = auth.stored_tokens().unwrap();
    let out = auth
        .sign_in(
            SignInInput::new("alice", "Corr3ct-Horse!").existing_session(ExistingSession::Replace),
        )
        .await
        .unwrap();
    assert_eq!(out.next_step, SignInStep::Done);
    let new = auth.stored_tokens().unwrap();
    assert_ne!(old.refresh_token, new.refresh_token);
    // The replaced session was revoked at Cognito: its refresh token is dead.
    let probe = env.auth_with_tokens(old, "alice");
    let s = probe
        .fetch_auth_session(cognito_auth::FetchAuthSessionOptions::force_refresh())
        .await
        .unwrap();
    assert!(s.tokens.is_none(), "old refresh token still works");
}
e2e!(relogin_and_switch_user, relogin_and_switch_user, users_pool);

fn status_pool(secret: bool) -> PoolConfig {
    let mut p = users_pool(secret);
    for (name, status) in [("ursula", "UNCONFIRMED"), ("rita", "RESET_REQUIRED")] {
        let mut u = user(name, "Passw0rd!xyz", &format!("{name}@example.com"));
        u.status = Some(status.into());
        p.users.push(u);
    }
    p
}

/// UserNotConfirmed and PasswordResetRequired come back as steps, in every flow.
async fn unconfirmed_and_reset_required_are_steps(env: Env) {
    let auth = env.auth();
    for flow in [AuthFlowType::UserSrpAuth, AuthFlowType::UserPasswordAuth] {
        let out = auth
            .sign_in(SignInInput::new("ursula", "Passw0rd!xyz").auth_flow_type(flow))
            .await
            .unwrap();
        assert_eq!(
            (out.is_signed_in, out.next_step),
            (false, SignInStep::ConfirmSignUp),
            "{flow}"
        );
        let out = auth
            .sign_in(SignInInput::new("rita", "Passw0rd!xyz").auth_flow_type(flow))
            .await
            .unwrap();
        assert_eq!(out.next_step, SignInStep::ResetPassword, "{flow}");
        assert!(auth.pending_sign_in_step().is_none());
    }
}
e2e!(
    unconfirmed_and_reset_required_are_steps,
    unconfirmed_and_reset_required_are_steps,
    status_pool
);

/// A challenge session Cognito has expired ends the pending sign-in cleanly.
async fn expired_challenge_session(env: Env) {
    let auth = env.auth();
    let out = auth
        .sign_in(SignInInput::new("tom", "Temp-Passw0rd!"))
        .await
        .unwrap();
    assert_eq!(
        out.next_step.as_str(),
        "CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED"
    );
    env.mock.clock().advance(16 * 60);
    let e = auth
        .confirm_sign_in(ConfirmSignInInput::new(ChallengeResponse::NewPassword(
            "N3w-Passw0rd!".into(),
        )))
        .await
        .unwrap_err();
    assert!(
        matches!(e, cognito_auth::AuthError::SignInExpired),
        "expected SignInExpired, got {e}"
    );
    assert!(auth.pending_sign_in_step().is_none());
    assert_eq!(
        auth.confirm_sign_in(ConfirmSignInInput::new("x"))
            .await
            .unwrap_err()
            .name(),
        "SignInException"
    );
}
e2e!(
    expired_challenge_session,
    expired_challenge_session,
    users_pool
);

/// A confidential app client used without its secret: Cognito refuses, and
/// the error names the cause.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn missing_client_secret_is_refused() {
    use cognito_auth_e2e::Mode;
    let env = Env::start(Mode::InProcess, true, users_pool(true));
    let no_secret = cognito_auth::Auth::builder(env.mock.user_pool_id(), env.mock.client_id())
        .transport(env.mock.in_process_transport())
        .build()
        .unwrap();
    let e = no_secret
        .sign_in(SignInInput::new("alice", "Corr3ct-Horse!"))
        .await
        .unwrap_err();
    assert_eq!(e.name(), "NotAuthorizedException", "{e}");
    assert!(e.to_string().to_ascii_lowercase().contains("secret"), "{e}");
    let wrong = env
        .builder()
        .client_secret("not-the-secret-0123456789")
        .build()
        .unwrap();
    let e = wrong
        .sign_in(SignInInput::new("alice", "Corr3ct-Horse!"))
        .await
        .unwrap_err();
    assert_eq!(e.name(), "NotAuthorizedException", "{e}");
}
