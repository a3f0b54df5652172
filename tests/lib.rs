//! End-to-end test support: a mock-cognito per test and a `cognito-auth`
//! client wired to it, in-process (no socket) or over loopback HTTP, with
//! or without an app-client secret. The tests live in `e2e/`.
//!
//! Every scenario runs in the four combinations through [`e2e!`].

#![allow(clippy::unwrap_used, clippy::expect_used)]

use cognito_auth::{
    Auth, AuthBuilder, AuthError, ChallengeResponse, ConfirmSignInInput, RetryPolicy, SignInOutput,
};
use mock_cognito::{ClientConfig, Config, MockCognito, MockCognitoBuilder, PoolConfig, UserConfig};

pub use cognito_auth;
pub use mock_cognito;

/// How the client reaches the mock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// `InProcessTransport`: the mock's service called directly.
    InProcess,
    /// The default HTTPS transport over `http://127.0.0.1:PORT` (the real
    /// client stack: hyper, headers, status codes).
    Loopback,
}

/// The app client secret used by the `*_secret` variants.
pub const CLIENT_SECRET: &str = "e2e-client-secret-0123456789abcdef";

/// A running mock and what is needed to build clients for it.
pub struct Env {
    /// The mock.
    pub mock: MockCognito,
    /// Transport mode.
    pub mode: Mode,
    /// Whether the app client has a secret.
    pub secret: bool,
}

/// The mock's clock as a `cognito_auth::Clock`, so expiry tests move both.
#[derive(Debug, Clone)]
pub struct MockClock(pub mock_cognito::Clock);

impl cognito_auth::Clock for MockClock {
    fn now_millis(&self) -> i64 {
        self.0.now_ms()
    }
}

/// A pool with one client allowing every flow (and a secret when asked).
pub fn pool(secret: bool) -> PoolConfig {
    PoolConfig {
        id: Some("us-east-1_E2ePool01".into()),
        fixed_code: None,
        clients: vec![ClientConfig {
            id: Some("e2eclient0123456789abcdefg".into()),
            name: Some("e2e".into()),
            secret: secret.then(|| CLIENT_SECRET.into()),
            explicit_auth_flows: Some(
                [
                    "ALLOW_USER_SRP_AUTH",
                    "ALLOW_USER_PASSWORD_AUTH",
                    "ALLOW_CUSTOM_AUTH",
                    "ALLOW_REFRESH_TOKEN_AUTH",
                    "ALLOW_USER_AUTH",
                ]
                .map(String::from)
                .to_vec(),
            ),
            ..ClientConfig::default()
        }],
        ..PoolConfig::default()
    }
}

/// A confirmed user.
pub fn user(username: &str, password: &str, email: &str) -> UserConfig {
    let mut u = UserConfig {
        username: username.into(),
        password: Some(password.into()),
        ..UserConfig::default()
    };
    u.attributes.insert("email".into(), email.into());
    u.attributes.insert("email_verified".into(), "true".into());
    u
}

impl Env {
    /// Starts a mock with `pool` (its first client is used).
    pub fn start(mode: Mode, secret: bool, pool: PoolConfig) -> Self {
        Self::start_with(mode, secret, pool, |b| b)
    }

    /// Starts a mock with `pool`, letting `setup` finish the builder (to
    /// register custom-auth trigger closures, for instance).
    pub fn start_with(
        mode: Mode,
        secret: bool,
        pool: PoolConfig,
        setup: impl FnOnce(MockCognitoBuilder) -> MockCognitoBuilder,
    ) -> Self {
        let mock = setup(MockCognito::builder().config(Config {
            pools: vec![pool],
            ..Config::default()
        }))
        .start()
        .expect("mock-cognito starts");
        Self { mock, mode, secret }
    }

    /// A builder for a client of the mock's default pool and client.
    pub fn builder(&self) -> AuthBuilder {
        let mut b = Auth::builder(self.mock.user_pool_id(), self.mock.client_id())
            .clock(MockClock(self.mock.clock().clone()))
            .retry_policy(RetryPolicy {
                max_attempts: 2,
                base_delay: std::time::Duration::from_millis(5),
                max_delay: std::time::Duration::from_millis(20),
            });
        b = match self.mode {
            Mode::InProcess => b.transport(self.mock.in_process_transport()),
            Mode::Loopback => b.endpoint(self.mock.endpoint()),
        };
        if self.secret {
            b = b.client_secret(CLIENT_SECRET);
        }
        b
    }

    /// A client with default settings.
    pub fn auth(&self) -> Auth {
        self.builder().build().expect("client builds")
    }

    /// A client whose token store already holds `tokens` (as if `username`
    /// had signed in with it earlier), to probe what Cognito thinks of them.
    pub fn auth_with_tokens(&self, tokens: cognito_auth::AuthTokens, username: &str) -> Auth {
        use cognito_auth::TokenStore as _;
        let store = cognito_auth::MemoryTokenStore::new();
        store
            .save(&cognito_auth::StoredSession {
                tokens,
                username: username.into(),
                user_sub: None,
                sign_in_details: None,
                clock_drift_ms: 0,
            })
            .expect("memory store");
        self.builder()
            .token_store(store)
            .build()
            .expect("client builds")
    }

    /// The current RFC 6238 code for a base32 `secret`, on the mock's clock.
    pub fn totp(&self, secret: &str) -> String {
        let key = cognito_auth_srp::totp::base32_decode(secret).expect("base32 TOTP secret");
        cognito_auth_srp::totp::generate(&key, self.mock.clock().now_secs())
    }

    /// Moves the mock's clock (and the client's, which reads it) to the
    /// start of the next 30-second TOTP step, so a new code is due.
    pub fn next_totp_step(&self) {
        let now = self.mock.clock().now_ms();
        let next = (now.div_euclid(30_000) + 1) * 30_000;
        self.mock.clock().advance_ms(next - now);
    }

    /// The newest code delivered to `username` (username, alias or sub).
    pub fn code(&self, username: &str) -> String {
        self.mock
            .last_code(username)
            .unwrap_or_else(|| panic!("no code was delivered to {username}"))
    }
}

/// Runs an `async fn(Env)` scenario in-process and over loopback, with and
/// without a client secret: `e2e!(name, scenario, pool_fn)` where
/// `pool_fn(secret: bool) -> PoolConfig`, or
/// `e2e!(name, scenario, pool_fn, setup)` where
/// `setup(MockCognitoBuilder) -> MockCognitoBuilder` finishes the mock
/// (e.g. registers trigger closures).
#[macro_export]
macro_rules! e2e {
    ($name:ident, $scenario:path, $pool:expr) => {
        $crate::e2e!($name, $scenario, $pool, |b| b);
    };
    ($name:ident, $scenario:path, $pool:expr, $setup:expr) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            use $crate::{Env, Mode};

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn in_process() {
                $scenario(Env::start_with(
                    Mode::InProcess,
                    false,
                    $pool(false),
                    $setup,
                ))
                .await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn in_process_secret() {
                $scenario(Env::start_with(Mode::InProcess, true, $pool(true), $setup)).await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn loopback() {
                $scenario(Env::start_with(Mode::Loopback, false, $pool(false), $setup)).await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn loopback_secret() {
                $scenario(Env::start_with(Mode::Loopback, true, $pool(true), $setup)).await;
            }
        }
    };
}

// Helpers shared by the MFA, USER_AUTH, custom-auth and secrets tests.

pub const PW: &str = "Corr3ct-Horse!";
pub const TOTP_SECRET: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

/// A user whose username is the email (pools with `usernameAttributes = [email]`).
pub fn email_user(email: &str) -> UserConfig {
    user(email, PW, email)
}

/// A pool whose usernames are emails, with MFA `mode` and these factors.
pub fn email_pool(secret: bool, mode: &str, types: &[&str]) -> PoolConfig {
    PoolConfig {
        username_attributes: vec!["email".into()],
        mfa: Some(mode.into()),
        mfa_types: types.iter().map(|s| (*s).to_owned()).collect(),
        ..pool(secret)
    }
}

pub async fn confirm(
    auth: &Auth,
    answer: impl Into<ChallengeResponse>,
) -> Result<SignInOutput, AuthError> {
    auth.confirm_sign_in(ConfirmSignInInput::new(answer)).await
}

pub fn code(c: impl Into<String>) -> ChallengeResponse {
    ChallengeResponse::Code(c.into().into())
}

/// Every request a client sent: the action (the `X-Amz-Target` suffix) and
/// the JSON body. Wraps the transport [`Env::builder`] would use.
#[derive(Default)]
pub struct Recorder {
    calls: std::sync::Mutex<Vec<(String, serde_json::Value)>>,
}

impl Recorder {
    /// The calls so far.
    pub fn calls(&self) -> Vec<(String, serde_json::Value)> {
        self.calls.lock().unwrap().clone()
    }

    /// Forgets the calls so far.
    pub fn clear(&self) {
        self.calls.lock().unwrap().clear();
    }

    /// The actions so far, with the challenge name for RespondToAuthChallenge
    /// (`RespondToAuthChallenge:DEVICE_SRP_AUTH`).
    pub fn actions(&self) -> Vec<String> {
        self.calls()
            .into_iter()
            .map(|(a, b)| match b["ChallengeName"].as_str() {
                Some(c) if a == "RespondToAuthChallenge" => format!("{a}:{c}"),
                _ => a,
            })
            .collect()
    }
}

struct RecordingTransport {
    inner: std::sync::Arc<dyn cognito_auth::Transport>,
    recorder: std::sync::Arc<Recorder>,
}

#[async_trait::async_trait]
impl cognito_auth::Transport for RecordingTransport {
    async fn send(
        &self,
        request: cognito_auth::Request,
    ) -> Result<cognito_auth::Response, cognito_auth::TransportError> {
        let action = request
            .target
            .rsplit('.')
            .next()
            .unwrap_or_default()
            .to_owned();
        let body = serde_json::from_slice(&request.body).unwrap_or(serde_json::Value::Null);
        self.recorder.calls.lock().unwrap().push((action, body));
        self.inner.send(request).await
    }
}

impl Env {
    /// [`Env::builder`] whose requests are recorded.
    pub fn recording_builder(&self) -> (AuthBuilder, std::sync::Arc<Recorder>) {
        let inner: std::sync::Arc<dyn cognito_auth::Transport> = match self.mode {
            Mode::InProcess => std::sync::Arc::new(self.mock.in_process_transport()),
            Mode::Loopback => std::sync::Arc::new(
                cognito_auth_transport::HttpsTransport::new(self.mock.endpoint())
                    .expect("loopback transport"),
            ),
        };
        let recorder = std::sync::Arc::new(Recorder::default());
        let t = RecordingTransport {
            inner,
            recorder: recorder.clone(),
        };
        (self.builder().transport(t), recorder)
    }
}
