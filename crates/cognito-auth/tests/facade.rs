#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The facade against scripted Cognito exchanges (FnTransport): the I/O
//! decisions — retries, refresh, token storage, sign-out, pending state,
//! auto sign-in — with answers shaped like real captures.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use base64::Engine as _;
use cognito_auth::{
    Auth, AuthError, AuthFactorType, AuthFlowType, AutoSignInError, ChallengeResponse,
    ConfirmSignInInput, ConfirmSignUpInput, ExistingSession, FetchAuthSessionOptions,
    FileTokenStore, FnTransport, ManualClock, MemoryTokenStore, RemoteSignOut, Response,
    RetryPolicy, SignInInput, SignInOptions, SignInStep, SignOutInput, SignUpInput, SignUpStep,
    TokenStore, TransportError,
};
use serde_json::{Value, json};

const POOL: &str = "us-east-1_TestPool1";
const CLIENT: &str = "client123";
const SECRET: &str = "client-secret-abcdefghijklmnop";
const T0: i64 = 1_704_207_845;
const SUB: &str = "8f0c2d9e-1111-2222-3333-444455556666";

fn jwt(payload: Value) -> String {
    let e = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    format!(
        "{}.{}.sig",
        e.encode(br#"{"alg":"RS256","kid":"k"}"#),
        e.encode(payload.to_string())
    )
}

fn tokens_at(iat: i64, refresh: Option<&str>, origin_jti: bool) -> Value {
    let mut access = json!({"sub": SUB, "username": SUB, "exp": iat + 3600, "iat": iat,
        "token_use": "access", "client_id": CLIENT, "jti": format!("j{iat}")});
    if origin_jti {
        access["origin_jti"] = json!("origin-1");
    }
    let mut result = json!({
        "AccessToken": jwt(access),
        "IdToken": jwt(json!({"sub": SUB, "cognito:username": SUB, "exp": iat + 3600, "iat": iat,
            "token_use": "id", "aud": CLIENT, "email": "user@example.com"})),
        "ExpiresIn": 3600, "TokenType": "Bearer"
    });
    if let Some(r) = refresh {
        result["RefreshToken"] = json!(r);
    }
    json!({"ChallengeParameters": {}, "AuthenticationResult": result})
}

fn tokens() -> Value {
    tokens_at(T0, Some("refresh-token-1"), true)
}

type Reply = Result<(u16, Value), TransportError>;

/// A scripted Cognito: each call pops the next expected (action, reply).
#[derive(Clone, Default)]
struct Script {
    replies: Arc<Mutex<VecDeque<(String, Reply)>>>,
    log: Arc<Mutex<Vec<(String, Value)>>>,
}

impl Script {
    fn then(&self, action: &str, status: u16, body: Value) -> &Self {
        self.replies
            .lock()
            .unwrap()
            .push_back((action.into(), Ok((status, body))));
        self
    }

    fn then_err(&self, action: &str, e: TransportError) -> &Self {
        self.replies
            .lock()
            .unwrap()
            .push_back((action.into(), Err(e)));
        self
    }

    fn error(&self, action: &str, name: &str, message: &str) -> &Self {
        let status = if name.starts_with("Internal") {
            500
        } else {
            400
        };
        self.then(action, status, json!({"__type": name, "message": message}))
    }

    fn calls(&self) -> Vec<(String, Value)> {
        self.log.lock().unwrap().clone()
    }

    fn actions(&self) -> Vec<String> {
        self.calls().into_iter().map(|(a, _)| a).collect()
    }

    fn remaining(&self) -> usize {
        self.replies.lock().unwrap().len()
    }

    fn transport(&self) -> FnTransport {
        let s = self.clone();
        FnTransport::new(move |req: cognito_auth::Request| {
            let s = s.clone();
            async move {
                let action = req
                    .target
                    .strip_prefix("AWSCognitoIdentityProviderService.")
                    .unwrap_or(&req.target)
                    .to_owned();
                let body: Value = serde_json::from_slice(&req.body).unwrap();
                s.log.lock().unwrap().push((action.clone(), body));
                // Let other tasks run, as a real network round trip would.
                tokio::task::yield_now().await;
                let (expected, reply) = s
                    .replies
                    .lock()
                    .unwrap()
                    .pop_front()
                    .unwrap_or_else(|| panic!("unexpected call {action}"));
                assert_eq!(action, expected, "calls out of order");
                let (status, body) = reply?;
                let mut headers =
                    vec![("content-type".into(), "application/x-amz-json-1.1".into())];
                if status >= 300 {
                    headers.push((
                        "x-amzn-errortype".into(),
                        format!("{}:", body["__type"].as_str().unwrap_or("")),
                    ));
                }
                Ok(Response {
                    status,
                    headers,
                    body: body.to_string().into_bytes(),
                })
            }
        })
    }
}

fn io_error() -> TransportError {
    TransportError::Io {
        endpoint: "x".into(),
        source: "connection reset".into(),
    }
}

fn fast_retry() -> RetryPolicy {
    RetryPolicy {
        max_attempts: 3,
        base_delay: Duration::from_millis(1),
        max_delay: Duration::from_millis(5),
    }
}

fn auth_with(
    script: &Script,
    clock: &ManualClock,
    store: Arc<dyn TokenStore>,
    secret: bool,
) -> Auth {
    let mut b = Auth::builder(POOL, CLIENT)
        .transport(script.transport())
        .clock(clock.clone())
        .token_store_arc(store)
        .retry_policy(fast_retry());
    if secret {
        b = b.client_secret(SECRET);
    }
    b.build().unwrap()
}

fn setup() -> (Script, ManualClock, Auth) {
    let s = Script::default();
    let c = ManualClock::at_secs(T0);
    let a = auth_with(&s, &c, Arc::new(MemoryTokenStore::new()), false);
    (s, c, a)
}

fn password_sign_in(user: &str) -> SignInInput {
    SignInInput::new(user, "Passw0rd!").auth_flow_type(AuthFlowType::UserPasswordAuth)
}

fn sms_challenge() -> Value {
    json!({"ChallengeName": "SMS_MFA", "Session": "sms-session-0123456789abcdef",
        "ChallengeParameters": {"USERNAME": SUB, "CODE_DELIVERY_DELIVERY_MEDIUM": "SMS",
            "CODE_DELIVERY_DESTINATION": "+*******8901"}})
}

async fn signed_in() -> (Script, ManualClock, Auth) {
    let (s, c, a) = setup();
    s.then("InitiateAuth", 200, tokens());
    assert!(
        a.sign_in(password_sign_in("user@example.com"))
            .await
            .unwrap()
            .is_signed_in
    );
    (s, c, a)
}

#[tokio::test]
async fn seed_example_sign_up_confirm_auto_sign_in_with_the_confirm_session() {
    let (s, _c, a) = setup();
    s.then(
        "SignUp",
        200,
        json!({"UserConfirmed": false, "UserSub": SUB, "Session": "signup-session-0123456789",
            "CodeDeliveryDetails": {"Destination": "u***@e***", "DeliveryMedium": "EMAIL", "AttributeName": "email"}}),
    )
    .error("ConfirmSignUp", "CodeMismatchException", "Invalid verification code provided, please try again.")
    .then("ConfirmSignUp", 200, json!({"Session": "confirm-session-0123456789"}))
    .then("InitiateAuth", 200, tokens());

    let out = a
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
    assert_eq!(out.user_id.as_deref(), Some(SUB));
    assert_eq!(out.next_step.as_str(), "CONFIRM_SIGN_UP");
    assert_eq!(
        out.next_step
            .code_delivery_details()
            .unwrap()
            .destination
            .as_deref(),
        Some("u***@e***")
    );
    assert!(matches!(
        a.auto_sign_in().await.unwrap_err(),
        AuthError::AutoSignIn(AutoSignInError::NotConfirmed)
    ));
    // A wrong code is an error that keeps auto sign-in armed.
    let e = a
        .confirm_sign_up(ConfirmSignUpInput::new("user@example.com", "000000"))
        .await
        .unwrap_err();
    assert_eq!(e.name(), "CodeMismatchException");
    assert!(e.to_string().contains("Enter the code again"), "{e}");
    let out = a
        .confirm_sign_up(ConfirmSignUpInput::new("user@example.com", "123456"))
        .await
        .unwrap();
    assert!(out.is_sign_up_complete);
    assert_eq!(
        out.next_step,
        SignUpStep::CompleteAutoSignIn {
            code_delivery_details: None
        }
    );
    let out = a.auto_sign_in().await.unwrap();
    assert!(out.is_signed_in);
    assert_eq!(out.next_step, SignInStep::Done);

    let calls = s.calls();
    assert_eq!(
        calls[2].1["Session"], "signup-session-0123456789",
        "ConfirmSignUp carries the SignUp session"
    );
    assert_eq!(calls[3].1["AuthFlow"], "USER_AUTH");
    assert_eq!(calls[3].1["Session"], "confirm-session-0123456789");
    assert_eq!(
        calls[3].1["AuthParameters"],
        json!({"USERNAME": "user@example.com"})
    );
    let user = a.get_current_user().await.unwrap();
    assert_eq!(user.user_id, SUB);
    assert_eq!(user.username, SUB);
    assert!(matches!(
        a.auto_sign_in().await.unwrap_err(),
        AuthError::AutoSignIn(AutoSignInError::NotStarted)
    ));
}

#[tokio::test]
async fn auto_sign_in_falls_back_to_remembered_credentials() {
    // No session from ConfirmSignUp: password sign-in with the remembered flow.
    let (s, _c, a) = setup();
    s.then(
        "SignUp",
        200,
        json!({"UserConfirmed": false, "UserSub": SUB}),
    )
    .then("ConfirmSignUp", 200, json!({}))
    .then("InitiateAuth", 200, tokens());
    a.sign_up(
        SignUpInput::new("u", "Passw0rd!")
            .auto_sign_in_with(SignInOptions::new().auth_flow_type(AuthFlowType::UserPasswordAuth)),
    )
    .await
    .unwrap();
    a.confirm_sign_up(ConfirmSignUpInput::new("u", "123456"))
        .await
        .unwrap();
    assert!(a.auto_sign_in().await.unwrap().is_signed_in);
    let calls = s.calls();
    assert_eq!(calls[2].1["AuthFlow"], "USER_PASSWORD_AUTH");
    assert_eq!(calls[2].1["AuthParameters"]["PASSWORD"], "Passw0rd!");

    // A session Cognito refuses (client without ALLOW_USER_AUTH): fallback.
    let (s, _c, a) = setup();
    s.then(
        "SignUp",
        200,
        json!({"UserConfirmed": true, "UserSub": SUB, "Session": "signup-session-0123456789"}),
    )
    .error(
        "InitiateAuth",
        "InvalidParameterException",
        "USER_AUTH flow not enabled for this client",
    )
    .then("InitiateAuth", 200, tokens());
    let out =
        a.sign_up(SignUpInput::new("u", "Passw0rd!").auto_sign_in_with(
            SignInOptions::new().auth_flow_type(AuthFlowType::UserPasswordAuth),
        ))
        .await
        .unwrap();
    assert_eq!(out.next_step.as_str(), "COMPLETE_AUTO_SIGN_IN");
    assert!(a.auto_sign_in().await.unwrap().is_signed_in);
    assert_eq!(s.actions(), ["SignUp", "InitiateAuth", "InitiateAuth"]);
    assert_eq!(s.calls()[1].1["Session"], "signup-session-0123456789");
}

#[tokio::test]
async fn pending_state_moves_to_another_process() {
    let (s, c, a) = setup();
    s.then("InitiateAuth", 200, sms_challenge());
    let out = a
        .sign_in(password_sign_in("user@example.com"))
        .await
        .unwrap();
    assert_eq!(out.next_step.as_str(), "CONFIRM_SIGN_IN_WITH_SMS_CODE");
    let dir = std::env::temp_dir().join(format!("cognito-auth-pending-{}", std::process::id()));
    let path = dir.join("pending.json");
    a.export_pending_state().save_to_file(&path).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        assert_eq!(
            std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
    // "Another process": a new client, same pool, restored state.
    let s2 = Script::default();
    s2.then("RespondToAuthChallenge", 200, tokens());
    let b = auth_with(&s2, &c, Arc::new(MemoryTokenStore::new()), false);
    assert!(matches!(
        b.confirm_sign_in(ConfirmSignInInput::new("123456"))
            .await
            .unwrap_err(),
        AuthError::NoSignInInProgress
    ));
    b.restore_pending_state(cognito_auth::PendingState::load_from_file(&path).unwrap());
    assert_eq!(
        b.pending_sign_in_step().unwrap().as_str(),
        "CONFIRM_SIGN_IN_WITH_SMS_CODE"
    );
    assert!(
        b.confirm_sign_in(ConfirmSignInInput::new("123456"))
            .await
            .unwrap()
            .is_signed_in
    );
    let (_, body) = &s2.calls()[0];
    assert_eq!(body["Session"], "sms-session-0123456789abcdef");
    assert_eq!(body["ChallengeResponses"]["USERNAME"], SUB);
    assert!(b.pending_sign_in_step().is_none());
    let _ = std::fs::remove_dir_all(dir);
    assert_eq!(s.remaining() + s2.remaining(), 0);
}

#[tokio::test]
async fn a_wrong_code_keeps_the_step_an_expired_session_ends_it() {
    let (s, _c, a) = setup();
    s.then("InitiateAuth", 200, sms_challenge())
        .error(
            "RespondToAuthChallenge",
            "CodeMismatchException",
            "Invalid code or auth state for the user.",
        )
        .then("RespondToAuthChallenge", 200, tokens());
    a.sign_in(password_sign_in("u")).await.unwrap();
    let e = a
        .confirm_sign_in(ConfirmSignInInput::new("000000"))
        .await
        .unwrap_err();
    assert_eq!(e.name(), "CodeMismatchException");
    assert!(a.pending_sign_in_step().is_some());
    assert!(
        a.confirm_sign_in(ConfirmSignInInput::new("123456"))
            .await
            .unwrap()
            .is_signed_in
    );

    let (s, _c, a) = setup();
    s.then("InitiateAuth", 200, sms_challenge()).error(
        "RespondToAuthChallenge",
        "NotAuthorizedException",
        "Invalid session for the user, session is expired.",
    );
    a.sign_in(password_sign_in("u")).await.unwrap();
    assert!(matches!(
        a.confirm_sign_in(ConfirmSignInInput::new("123456"))
            .await
            .unwrap_err(),
        AuthError::SignInExpired
    ));
    assert!(a.pending_sign_in_step().is_none());
    // Validation errors send nothing and keep the step.
    let (s, _c, a) = setup();
    s.then("InitiateAuth", 200, sms_challenge());
    a.sign_in(password_sign_in("u")).await.unwrap();
    let e = a
        .confirm_sign_in(ConfirmSignInInput::new(""))
        .await
        .unwrap_err();
    assert_eq!(e.name(), "EmptyChallengeResponse");
    let e = a
        .confirm_sign_in(ConfirmSignInInput::new(ChallengeResponse::FirstFactor(
            AuthFactorType::EmailOtp,
        )))
        .await
        .unwrap_err();
    assert!(matches!(e, AuthError::Validation(_)), "{e}");
    assert_eq!(s.actions(), ["InitiateAuth"]);
    assert!(a.pending_sign_in_step().is_some());
}

#[tokio::test]
async fn unconfirmed_and_reset_required_are_steps() {
    let (s, _c, a) = setup();
    s.error(
        "InitiateAuth",
        "UserNotConfirmedException",
        "User is not confirmed.",
    )
    .error(
        "InitiateAuth",
        "PasswordResetRequiredException",
        "Password reset required for the user",
    );
    let out = a.sign_in(password_sign_in("u")).await.unwrap();
    assert_eq!(
        (out.is_signed_in, out.next_step),
        (false, SignInStep::ConfirmSignUp)
    );
    let out = a.sign_in(password_sign_in("u")).await.unwrap();
    assert_eq!(out.next_step, SignInStep::ResetPassword);
    assert!(a.pending_sign_in_step().is_none());
    s.error(
        "InitiateAuth",
        "NotAuthorizedException",
        "Incorrect username or password.",
    );
    let e = a.sign_in(password_sign_in("u")).await.unwrap_err();
    assert_eq!(e.name(), "NotAuthorizedException");
    assert_eq!(
        e.service_error().unwrap().message,
        "Incorrect username or password."
    );
    // Validation: nothing sent.
    let before = s.calls().len();
    assert_eq!(
        a.sign_in(SignInInput::new("", "x"))
            .await
            .unwrap_err()
            .name(),
        "EmptySignInUsername"
    );
    assert_eq!(s.calls().len(), before);
}

#[tokio::test]
async fn signing_in_while_signed_in_rejects_or_replaces() {
    let (s, _c, a) = signed_in().await;
    let e = a.sign_in(password_sign_in("other")).await.unwrap_err();
    assert_eq!(e.name(), "UserAlreadyAuthenticatedException");
    assert!(e.to_string().contains("ExistingSession::Replace"));
    // A failed re-login keeps the old session.
    s.error(
        "InitiateAuth",
        "NotAuthorizedException",
        "Incorrect username or password.",
    );
    let replace = password_sign_in("other").existing_session(ExistingSession::Replace);
    assert!(a.sign_in(replace.clone()).await.is_err());
    assert!(a.get_current_user().await.is_ok());
    // A successful one revokes the old refresh token, then stores the new session.
    s.then(
        "InitiateAuth",
        200,
        tokens_at(T0 + 5, Some("refresh-token-2"), true),
    )
    .then("RevokeToken", 200, json!({}));
    assert!(a.sign_in(replace).await.unwrap().is_signed_in);
    let calls = s.calls();
    let (action, body) = calls.last().unwrap();
    assert_eq!(action, "RevokeToken");
    assert_eq!(body["Token"], "refresh-token-1");
    assert_eq!(
        a.stored_tokens().unwrap().refresh_token.unwrap().expose(),
        "refresh-token-2"
    );
}

#[tokio::test]
async fn sign_out_local_revokes_global_signs_out_and_neither_fails_on_network() {
    let (s, _c, a) = signed_in().await;
    s.then("RevokeToken", 200, json!({}));
    let out = a.sign_out(SignOutInput::local()).await.unwrap();
    assert_eq!(out.remote, RemoteSignOut::Revoked);
    assert!(a.stored_tokens().is_none());
    assert_eq!(
        a.sign_out(SignOutInput::local()).await.unwrap().remote,
        RemoteSignOut::NotSignedIn
    );

    let (s, _c, a) = signed_in().await;
    s.then("GlobalSignOut", 200, json!({}));
    assert_eq!(
        a.sign_out(SignOutInput::global()).await.unwrap().remote,
        RemoteSignOut::GlobalSignedOut
    );
    assert!(s.calls().last().unwrap().1["AccessToken"].is_string());

    // Network down for every attempt: still signed out locally.
    let (s, _c, a) = signed_in().await;
    for _ in 0..3 {
        s.then_err("GlobalSignOut", io_error());
    }
    let out = a.sign_out(SignOutInput::global()).await.unwrap();
    assert!(matches!(out.remote, RemoteSignOut::Failed(_)), "{out:?}");
    assert_eq!(s.remaining(), 0, "GlobalSignOut is idempotent: retried");
    assert!(a.stored_tokens().is_none());
    assert!(matches!(
        a.get_current_user().await.unwrap_err(),
        AuthError::UserUnAuthenticated
    ));

    // No origin_jti (revocation off): nothing to call.
    let (s, _c, a) = setup();
    s.then("InitiateAuth", 200, tokens_at(T0, Some("r"), false));
    a.sign_in(password_sign_in("u")).await.unwrap();
    assert_eq!(
        a.sign_out(SignOutInput::local()).await.unwrap().remote,
        RemoteSignOut::NotRevocable
    );
    assert_eq!(s.actions(), ["InitiateAuth"]);
}

#[tokio::test]
async fn client_secret_goes_everywhere_it_is_needed() {
    let s = Script::default();
    let c = ManualClock::at_secs(T0);
    let a = auth_with(&s, &c, Arc::new(MemoryTokenStore::new()), true);
    s.then(
        "SignUp",
        200,
        json!({"UserConfirmed": false, "UserSub": SUB}),
    )
    .then("ConfirmSignUp", 200, json!({}))
    .then(
        "ResendConfirmationCode",
        200,
        json!({"CodeDeliveryDetails": {"Destination": "x", "DeliveryMedium": "EMAIL"}}),
    )
    .then("InitiateAuth", 200, sms_challenge())
    .then("RespondToAuthChallenge", 200, tokens())
    .then(
        "GetTokensFromRefreshToken",
        200,
        tokens_at(T0 + 10, None, true),
    )
    .then("RevokeToken", 200, json!({}));
    a.sign_up(SignUpInput::new("alice", "Passw0rd!"))
        .await
        .unwrap();
    a.confirm_sign_up(ConfirmSignUpInput::new("alice", "1"))
        .await
        .unwrap();
    a.resend_sign_up_code(cognito_auth::ResendSignUpCodeInput::new("alice"))
        .await
        .unwrap();
    a.sign_in(password_sign_in("alice")).await.unwrap();
    a.confirm_sign_in(ConfirmSignInInput::new("123456"))
        .await
        .unwrap();
    a.fetch_auth_session(FetchAuthSessionOptions::force_refresh())
        .await
        .unwrap();
    a.sign_out(SignOutInput::local()).await.unwrap();
    let h = |u: &str| cognito_auth_srp::secret_hash(u, CLIENT, SECRET);
    let calls = s.calls();
    assert_eq!(calls[0].1["SecretHash"], h("alice"));
    assert_eq!(calls[1].1["SecretHash"], h("alice"));
    assert_eq!(calls[2].1["SecretHash"], h("alice"));
    assert_eq!(calls[3].1["AuthParameters"]["SECRET_HASH"], h("alice"));
    assert_eq!(
        calls[4].1["ChallengeResponses"]["SECRET_HASH"],
        h(SUB),
        "canonical name after the first challenge"
    );
    assert_eq!(calls[5].1["ClientSecret"], SECRET);
    assert_eq!(calls[6].1["ClientSecret"], SECRET);
    assert!(!format!("{a:?}").contains(SECRET));
}

#[tokio::test]
async fn retry_rule_throttling_always_server_errors_only_when_idempotent() {
    // Throttled RespondToAuthChallenge: refused before processing, retried.
    let (s, _c, a) = setup();
    s.then("InitiateAuth", 200, sms_challenge())
        .error(
            "RespondToAuthChallenge",
            "TooManyRequestsException",
            "Rate exceeded",
        )
        .then("RespondToAuthChallenge", 200, tokens());
    a.sign_in(password_sign_in("u")).await.unwrap();
    assert!(
        a.confirm_sign_in(ConfirmSignInInput::new("1"))
            .await
            .unwrap()
            .is_signed_in
    );

    // 500 on a single-use request: not retried (the session may be spent).
    let (s, _c, a) = setup();
    s.then("InitiateAuth", 200, sms_challenge()).error(
        "RespondToAuthChallenge",
        "InternalErrorException",
        "oops",
    );
    a.sign_in(password_sign_in("u")).await.unwrap();
    let e = a
        .confirm_sign_in(ConfirmSignInInput::new("1"))
        .await
        .unwrap_err();
    assert_eq!(e.name(), "InternalErrorException");
    assert!(e.is_retryable());
    assert_eq!(s.remaining(), 0);

    // 500 and a timeout on an idempotent InitiateAuth: retried.
    let (s, _c, a) = setup();
    s.error("InitiateAuth", "InternalErrorException", "oops")
        .then_err(
            "InitiateAuth",
            TransportError::Timeout {
                endpoint: "x".into(),
                seconds: 1.0,
            },
        )
        .then("InitiateAuth", 200, tokens());
    assert!(a.sign_in(password_sign_in("u")).await.unwrap().is_signed_in);

    // A timeout on a single-use request is not retried…
    let (s, _c, a) = setup();
    s.then_err(
        "SignUp",
        TransportError::Timeout {
            endpoint: "x".into(),
            seconds: 1.0,
        },
    );
    let e = a.sign_up(SignUpInput::new("u", "p")).await.unwrap_err();
    assert!(matches!(e, AuthError::Transport { attempts: 1, .. }), "{e}");
    // …but a connection that never opened is.
    let (s, _c, a) = setup();
    s.then_err(
        "SignUp",
        TransportError::Connect {
            endpoint: "x".into(),
            source: "refused".into(),
        },
    )
    .then(
        "SignUp",
        200,
        json!({"UserConfirmed": true, "UserSub": SUB}),
    );
    assert_eq!(
        a.sign_up(SignUpInput::new("u", "p"))
            .await
            .unwrap()
            .next_step,
        SignUpStep::Done
    );

    // Bounded: three attempts, then the error says how many.
    let (s, _c, a) = setup();
    for _ in 0..3 {
        s.error("InitiateAuth", "ThrottlingException", "Rate exceeded");
    }
    let e = a.sign_in(password_sign_in("u")).await.unwrap_err();
    assert_eq!(e.name(), "ThrottlingException");
    assert_eq!(s.calls().len(), 3);
    // LimitExceeded (hourly limits) is not retried.
    let (s, _c, a) = setup();
    s.error(
        "ConfirmSignUp",
        "LimitExceededException",
        "Attempt limit exceeded, please try after some time.",
    );
    assert_eq!(
        a.confirm_sign_up(ConfirmSignUpInput::new("u", "1"))
            .await
            .unwrap_err()
            .name(),
        "LimitExceededException"
    );
}

#[tokio::test(start_paused = true)]
async fn requests_time_out() {
    let slow = FnTransport::new(|_req| async {
        tokio::time::sleep(Duration::from_secs(60)).await;
        Ok(Response::default())
    });
    let a = Auth::builder(POOL, CLIENT)
        .transport(slow)
        .request_timeout(Duration::from_secs(2))
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let e = a.sign_up(SignUpInput::new("u", "p")).await.unwrap_err();
    assert!(
        matches!(
            e,
            AuthError::Transport {
                source: TransportError::Timeout { .. },
                ..
            }
        ),
        "{e}"
    );
}

#[tokio::test]
async fn refresh_before_expiry_keeps_refresh_token_and_uses_clock_drift() {
    // The local clock is two hours behind Cognito's.
    let s = Script::default();
    let c = ManualClock::at_secs(T0 - 7200);
    let a = auth_with(&s, &c, Arc::new(MemoryTokenStore::new()), false);
    s.then("InitiateAuth", 200, tokens());
    a.sign_in(password_sign_in("u")).await.unwrap();
    // 50 minutes later (Cognito time T0+3000): not due, no call.
    c.advance_secs(3000);
    a.fetch_auth_session(FetchAuthSessionOptions::default())
        .await
        .unwrap();
    assert_eq!(s.actions(), ["InitiateAuth"]);
    // 59.5 minutes (within the 60 s margin): refreshed, although the local
    // clock alone says the token is valid for two more hours.
    c.advance_secs(570);
    s.then(
        "GetTokensFromRefreshToken",
        200,
        tokens_at(T0 + 3570, None, true),
    );
    let session = a
        .fetch_auth_session(FetchAuthSessionOptions::default())
        .await
        .unwrap();
    assert_eq!(session.tokens.unwrap().expires_at, Some(T0 + 3570 + 3600));
    assert_eq!(session.user_sub.as_deref(), Some(SUB));
    assert_eq!(s.calls()[1].1["RefreshToken"], "refresh-token-1");
    assert_eq!(
        a.stored_tokens().unwrap().refresh_token.unwrap().expose(),
        "refresh-token-1",
        "kept when not rotated"
    );
}

#[tokio::test]
async fn concurrent_callers_share_one_refresh() {
    let (s, c, a) = signed_in().await;
    c.advance_secs(3590);
    s.then(
        "GetTokensFromRefreshToken",
        200,
        tokens_at(T0 + 3590, Some("rotated"), true),
    );
    let (r1, r2, r3) = tokio::join!(
        a.fetch_auth_session(FetchAuthSessionOptions::default()),
        a.get_current_user(),
        a.fetch_auth_session(FetchAuthSessionOptions::default())
    );
    r1.unwrap();
    r2.unwrap();
    r3.unwrap();
    assert_eq!(s.actions(), ["InitiateAuth", "GetTokensFromRefreshToken"]);
    assert_eq!(
        a.stored_tokens().unwrap().refresh_token.unwrap().expose(),
        "rotated"
    );
}

#[tokio::test]
async fn refresh_errors_clear_tokens_only_when_definitive() {
    let (s, c, a) = signed_in().await;
    c.advance_secs(3590);
    for _ in 0..3 {
        s.then_err("GetTokensFromRefreshToken", io_error());
    }
    assert!(
        a.fetch_auth_session(FetchAuthSessionOptions::default())
            .await
            .is_err()
    );
    assert!(
        a.stored_tokens().is_some(),
        "network trouble never signs out"
    );
    assert_eq!(s.remaining(), 0, "refresh is idempotent: retried");
    s.error(
        "GetTokensFromRefreshToken",
        "NotAuthorizedException",
        "Refresh Token has been revoked",
    );
    let session = a
        .fetch_auth_session(FetchAuthSessionOptions::default())
        .await
        .unwrap();
    assert!(session.tokens.is_none());
    assert!(a.stored_tokens().is_none());
}

#[tokio::test]
async fn refresh_falls_back_to_refresh_token_auth_once_and_remembers() {
    let s = Script::default();
    let c = ManualClock::at_secs(T0);
    let a = auth_with(&s, &c, Arc::new(MemoryTokenStore::new()), true);
    s.then("InitiateAuth", 200, tokens())
        .error("GetTokensFromRefreshToken", "UnknownOperationException", "")
        .then("InitiateAuth", 200, tokens_at(T0 + 1, None, true))
        .then("InitiateAuth", 200, tokens_at(T0 + 2, None, true));
    a.sign_in(password_sign_in("u")).await.unwrap();
    a.fetch_auth_session(FetchAuthSessionOptions::force_refresh())
        .await
        .unwrap();
    a.fetch_auth_session(FetchAuthSessionOptions::force_refresh())
        .await
        .unwrap();
    assert_eq!(
        s.actions(),
        [
            "InitiateAuth",
            "GetTokensFromRefreshToken",
            "InitiateAuth",
            "InitiateAuth"
        ]
    );
    let body = &s.calls()[2].1;
    assert_eq!(body["AuthFlow"], "REFRESH_TOKEN_AUTH");
    assert_eq!(
        body["AuthParameters"]["SECRET_HASH"],
        cognito_auth_srp::secret_hash(SUB, CLIENT, SECRET)
    );
}

#[tokio::test]
async fn file_store_is_private_atomic_and_tolerates_garbage() {
    let dir = std::env::temp_dir().join(format!("cognito-auth-store-{}", std::process::id()));
    let path = dir.join("nested").join("tokens.json");
    let store = Arc::new(FileTokenStore::new(&path));
    let s = Script::default();
    let c = ManualClock::at_secs(T0);
    let a = auth_with(&s, &c, store.clone(), false);
    s.then("InitiateAuth", 200, tokens());
    a.sign_in(password_sign_in("u")).await.unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        assert_eq!(
            std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
    // Only the final file exists (no temporary left behind).
    let names: Vec<_> = std::fs::read_dir(path.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(names, ["tokens.json"]);
    // Another client on the same file sees the user.
    let b = auth_with(&Script::default(), &c, store.clone(), false);
    assert_eq!(b.get_current_user().await.unwrap().user_id, SUB);
    // Garbage in the file reads as signed out, not as an error.
    std::fs::write(&path, b"{not json").unwrap();
    assert!(matches!(
        b.get_current_user().await.unwrap_err(),
        AuthError::UserUnAuthenticated
    ));
    assert!(store.load().is_err());
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn srp_sign_in_end_to_end_against_the_real_server_half() {
    use cognito_auth_srp::{SrpServer, Verifier};
    let pool = cognito_auth_srp::pool_name(POOL).unwrap();
    let verifier = Verifier::from_password(pool, SUB, "Corr3ct-Horse!", &[0x5a; 16]);
    let server = Arc::new(SrpServer::with_private_bytes(&verifier, &[9u8; 32]).unwrap());
    let srp_a = Arc::new(Mutex::new(String::new()));
    let secret_block = base64::engine::general_purpose::STANDARD.encode([3u8; 32]);
    let verified = Arc::new(AtomicUsize::new(0));
    let (srv, a_hex, sb, ok) = (
        server.clone(),
        srp_a.clone(),
        secret_block.clone(),
        verified.clone(),
    );
    let t = FnTransport::new(move |req: cognito_auth::Request| {
        let (srv, a_hex, sb, ok) = (srv.clone(), a_hex.clone(), sb.clone(), ok.clone());
        async move {
            let body: Value = serde_json::from_slice(&req.body).unwrap();
            let reply = if req.target.ends_with("InitiateAuth") {
                *a_hex.lock().unwrap() = body["AuthParameters"]["SRP_A"].as_str().unwrap().into();
                json!({"ChallengeName": "PASSWORD_VERIFIER", "ChallengeParameters": {
                    "SALT": srv.salt(), "SRP_B": srv.srp_b(), "SECRET_BLOCK": sb,
                    "USERNAME": SUB, "USER_ID_FOR_SRP": SUB}})
            } else {
                let r = &body["ChallengeResponses"];
                let good = srv
                    .verify(
                        &a_hex.lock().unwrap(),
                        "TestPool1",
                        r["USERNAME"].as_str().unwrap(),
                        &[3u8; 32],
                        r["TIMESTAMP"].as_str().unwrap(),
                        r["PASSWORD_CLAIM_SIGNATURE"].as_str().unwrap(),
                    )
                    .is_ok();
                if !good {
                    return Ok(Response {
                        status: 400,
                        headers: vec![],
                        body: br#"{"__type":"NotAuthorizedException","message":"Incorrect username or password."}"#.to_vec(),
                    });
                }
                ok.fetch_add(1, Ordering::SeqCst);
                tokens()
            };
            Ok(Response {
                status: 200,
                headers: vec![],
                body: reply.to_string().into_bytes(),
            })
        }
    });
    let a = Auth::builder(POOL, CLIENT)
        .transport(t)
        .clock(ManualClock::at_secs(T0))
        .build()
        .unwrap();
    let e = a
        .sign_in(SignInInput::new("user@example.com", "wrong"))
        .await
        .unwrap_err();
    assert_eq!(e.name(), "NotAuthorizedException");
    assert!(
        a.sign_in(SignInInput::new("user@example.com", "Corr3ct-Horse!"))
            .await
            .unwrap()
            .is_signed_in
    );
    assert_eq!(verified.load(Ordering::SeqCst), 1);
    let user = a.get_current_user().await.unwrap();
    assert_eq!(user.sign_in_details.unwrap().login_id, "user@example.com");
}

#[test]
fn misconfiguration_is_a_typed_error() {
    let e = Auth::builder("no-underscore", CLIENT)
        .transport(Script::default().transport())
        .build()
        .unwrap_err();
    assert_eq!(e.name(), "AuthUserPoolException");
    let e = Auth::builder(POOL, "")
        .transport(Script::default().transport())
        .build()
        .unwrap_err();
    assert!(e.to_string().contains("client id"));
}

#[tokio::test]
async fn a_dead_session_does_not_block_sign_in() {
    let (s, c, a) = signed_in().await;
    c.advance_secs(7200);
    s.error(
        "GetTokensFromRefreshToken",
        "NotAuthorizedException",
        "Refresh Token has been revoked",
    )
    .then(
        "InitiateAuth",
        200,
        tokens_at(T0 + 7200, Some("refresh-token-2"), true),
    );
    assert!(a.sign_in(password_sign_in("u")).await.unwrap().is_signed_in);
    assert_eq!(
        s.actions(),
        ["InitiateAuth", "GetTokensFromRefreshToken", "InitiateAuth"]
    );
}

#[test]
fn inputs_and_state_never_show_secrets_in_debug() {
    let dbg = format!(
        "{:?} {:?} {:?} {:?}",
        SignInInput::new("u", "hunter2-password"),
        SignUpInput::new("u", "hunter2-password"),
        ConfirmSignInInput::new("123987"),
        ConfirmSignInInput::new(ChallengeResponse::NewPassword("hunter2-password".into())),
    );
    assert!(!dbg.contains("hunter2") && !dbg.contains("123987"), "{dbg}");
}

/// What moto (and proxies) answer for an action they do not serve: HTTP 500
/// with an HTML page, no `x-amzn-ErrorType`. Captured from moto 5.2.5 for
/// GetTokensFromRefreshToken and RevokeToken.
const HTML_500: &str = "<!doctype html>\n<html lang=en>\n<title>500 Internal Server Error</title>\n<h1>Internal Server Error</h1>\n<p>The server encountered an internal error and was unable to complete your request. Either the server is overloaded or there is an error in the application.</p>\n";

#[tokio::test]
async fn an_html_error_page_is_named_as_such_and_still_triggers_the_refresh_fallback() {
    let calls = Arc::new(Mutex::new(Vec::<String>::new()));
    let log = calls.clone();
    let transport = FnTransport::new(move |req: cognito_auth::Request| {
        let log = log.clone();
        async move {
            let action = req.target.rsplit('.').next().unwrap_or_default().to_owned();
            log.lock().unwrap().push(action.clone());
            let (status, ctype, body) = match action.as_str() {
                "InitiateAuth" => (200, "application/x-amz-json-1.1", tokens().to_string()),
                _ => (500, "text/html; charset=utf-8", HTML_500.to_owned()),
            };
            Ok(Response {
                status,
                headers: vec![("content-type".into(), ctype.into())],
                body: body.into_bytes(),
            })
        }
    });
    let a = Auth::builder(POOL, CLIENT)
        .transport(transport)
        .clock(ManualClock::at_secs(T0))
        .retry_policy(fast_retry())
        .build()
        .unwrap();
    a.sign_in(password_sign_in("u")).await.unwrap();
    // GetTokensFromRefreshToken: 500 (retried: refresh is idempotent), then
    // REFRESH_TOKEN_AUTH, which works.
    let s = a
        .fetch_auth_session(FetchAuthSessionOptions::force_refresh())
        .await
        .unwrap();
    assert!(s.tokens.is_some());
    assert_eq!(
        calls.lock().unwrap().as_slice(),
        [
            "InitiateAuth",
            "GetTokensFromRefreshToken",
            "GetTokensFromRefreshToken",
            "GetTokensFromRefreshToken",
            "InitiateAuth"
        ]
    );
    // RevokeToken: 500 on every attempt; signed out locally, and the failure
    // says what came back instead of pasting the page.
    let out = a.sign_out(SignOutInput::local()).await.unwrap();
    let RemoteSignOut::Failed(why) = out.remote else {
        panic!("expected a failed revocation, got {:?}", out.remote);
    };
    assert!(
        why.contains("HTTP 500 with a body that is not a Cognito error (text/html"),
        "{why}"
    );
    assert!(why.contains("check the endpoint"), "{why}");
    assert!(!why.contains('\n') && why.len() < 400, "{why}");
    assert!(a.stored_tokens().is_none());
}

#[tokio::test]
async fn service_errors_read_as_one_sentence_each() {
    let (s, _c, a) = setup();
    s.error(
        "InitiateAuth",
        "NotAuthorizedException",
        "Incorrect username or password.",
    );
    let e = a.sign_in(password_sign_in("u")).await.unwrap_err();
    let text = e.to_string();
    assert_eq!(
        text,
        "InitiateAuth: Cognito answered NotAuthorizedException: Incorrect username or password. \
         Check the username and password (or the session: start the sign-in again if it expired)"
    );
    s.error(
        "InitiateAuth",
        "InvalidParameterException",
        "No period here",
    );
    let e = a.sign_in(password_sign_in("u")).await.unwrap_err();
    assert!(
        e.to_string()
            .contains("InvalidParameterException: No period here. Check the input values"),
        "{e}"
    );
}

#[test]
fn file_store_keeps_devices_beside_the_session_and_across_clear() {
    use cognito_auth::RememberedDevice;
    let dir = std::env::temp_dir().join(format!("cognito-auth-devices-{}", std::process::id()));
    let path = dir.join("tokens.json");
    let store = FileTokenStore::new(&path);
    assert_eq!(store.devices_path(), dir.join("tokens.json.devices.json"));
    assert!(store.load_device("alice").unwrap().is_none());
    let device = RememberedDevice {
        device_key: "us-east-1_0f0e0d0c-1111-2222-3333-444455556666".into(),
        device_group_key: "-abcDEF123".into(),
        device_password: "device-secret-password".into(),
    };
    store.save_device("alice", &device).unwrap();
    store.clear().unwrap();
    // A second handle on the same file (another process) sees it.
    let again = FileTokenStore::new(&path);
    assert_eq!(again.load_device("alice").unwrap(), Some(device.clone()));
    assert!(again.load_device("bob").unwrap().is_none());
    assert!(!format!("{device:?}").contains("device-secret-password"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        assert_eq!(
            std::fs::metadata(store.devices_path())
                .unwrap()
                .permissions()
                .mode()
                & 0o777,
            0o600
        );
    }
    again.remove_device("alice").unwrap();
    assert!(store.load_device("alice").unwrap().is_none());
    // Garbage in the devices file: no device, and saving replaces it.
    std::fs::write(store.devices_path(), b"not json").unwrap();
    assert!(store.load_device("alice").is_err());
    store.save_device("alice", &device).unwrap();
    assert_eq!(store.load_device("alice").unwrap(), Some(device));
    // A memory store keeps devices across clear too.
    let mem = MemoryTokenStore::new();
    mem.save_device("a", &store.load_device("alice").unwrap().unwrap())
        .unwrap();
    mem.clear().unwrap();
    assert!(mem.load_device("a").unwrap().is_some());
    let _ = std::fs::remove_dir_all(&dir);
}
