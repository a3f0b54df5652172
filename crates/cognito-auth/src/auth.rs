//! The configured client: performs the I/O the flow machines ask for.

use std::fmt;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use cognito_auth_flow::device::{
    confirm_device_request, forget_device_request, list_devices_request,
    update_device_status_request,
};
use cognito_auth_flow::refresh::{
    global_sign_out_request, is_definitive_refresh_error, refresh_fallback_request,
    refresh_needs_fallback, refresh_request, refresh_result, revoke_request,
};
use cognito_auth_flow::signin::{
    FlowResponse, PendingSignIn, SignedIn, Transition, start_sign_in_with_device,
};
use cognito_auth_flow::signup::{
    AutoSignInPhase, AutoSignInState, ConfirmSignUpOutput, SignUpOutput, confirm_sign_up_request,
    confirm_sign_up_result, resend_sign_up_code_request, resend_sign_up_code_result, sign_up_error,
    sign_up_request, sign_up_result,
};
use cognito_auth_flow::wire::{
    ConfirmDeviceResponse, ConfirmSignUpResponse, FlowRequest, ForgetDeviceResponse,
    GetTokensFromRefreshTokenResponse, Idempotency, InitiateAuthResponse, ListDevicesResponse,
    NewDeviceMetadata, ResendConfirmationCodeResponse, SignUpResponse, UpdateDeviceStatusResponse,
};
use cognito_auth_flow::{
    AuthFlowType, AuthTokens, CodeDeliveryDetails, ConfirmSignInInput, ConfirmSignUpInput,
    ExistingSession, PoolConfig, RememberedDevice, ResendSignUpCodeInput, SignInDetails,
    SignInInput, SignInOptions, SignInStep, SignUpInput, SignUpVerificationMethod,
};
use cognito_auth_proto::{DecodeError, ErrorKind, Sensitive, ServiceError, decode_response};
use cognito_auth_srp::{OsRandom, SecureRandom};
use cognito_auth_transport::{Request, Response, Transport, TransportError};
use serde::{Deserialize, Serialize};
use tracing::{Instrument as _, debug, info_span, warn};

use crate::clock::{Clock, SystemClock};
use crate::device::Device;
use crate::error::{AuthError, AutoSignInError};
use crate::retry::RetryPolicy;
use crate::store::{MemoryTokenStore, StoreError, StoredSession, TokenStore};

/// Refresh this long before the access or ID token expires (Amplify: 5 s).
pub const DEFAULT_REFRESH_MARGIN: Duration = Duration::from_secs(60);

/// The result of `sign_in`, `confirm_sign_in` and `auto_sign_in`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignInOutput {
    /// True once tokens were obtained and stored.
    pub is_signed_in: bool,
    /// What to do next ([`SignInStep::Done`] when signed in).
    pub next_step: SignInStep,
}

/// Options of `sign_out`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct SignOutInput {
    /// Sign out of every device (`GlobalSignOut`) instead of only this one.
    pub global: bool,
}

impl SignOutInput {
    /// Local sign-out (revokes this session's refresh token when possible).
    pub fn local() -> Self {
        Self { global: false }
    }

    /// Global sign-out (every session of the user).
    pub fn global() -> Self {
        Self { global: true }
    }
}

/// What sign-out did at Cognito. Local tokens are cleared in every case.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum RemoteSignOut {
    /// Nobody was signed in.
    NotSignedIn,
    /// The refresh token was revoked (`RevokeToken`).
    Revoked,
    /// Every session was ended (`GlobalSignOut`).
    GlobalSignedOut,
    /// Nothing to do remotely: no refresh token, or the app client has token
    /// revocation off (no `origin_jti` claim). The tokens stay valid at
    /// Cognito until they expire.
    NotRevocable,
    /// The remote call failed (network, expired token…); local sign-out
    /// still happened. The text says why.
    Failed(String),
}

/// The result of `sign_out`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignOutOutput {
    /// What happened at Cognito.
    pub remote: RemoteSignOut,
}

/// Options of `fetch_auth_session`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct FetchAuthSessionOptions {
    /// Refresh even if the tokens are not about to expire.
    pub force_refresh: bool,
}

impl FetchAuthSessionOptions {
    /// Forces a refresh.
    pub fn force_refresh() -> Self {
        Self {
            force_refresh: true,
        }
    }
}

/// Current tokens (refreshed when they were about to expire).
#[derive(Clone, PartialEq)]
pub struct AuthSessionTokens {
    /// The access token: send it to your APIs as `Authorization: Bearer`.
    pub access_token: Sensitive,
    /// The ID token.
    pub id_token: Option<Sensitive>,
    /// Access-token expiry, epoch seconds (Cognito's clock).
    pub expires_at: Option<i64>,
    /// Who signed in and how.
    pub sign_in_details: Option<SignInDetails>,
}

impl fmt::Debug for AuthSessionTokens {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AuthSessionTokens")
            .field("access_token", &self.access_token)
            .field("id_token", &self.id_token)
            .field("expires_at", &self.expires_at)
            .field("sign_in_details", &self.sign_in_details)
            .finish()
    }
}

/// The result of `fetch_auth_session`.
#[derive(Debug, Clone, PartialEq)]
pub struct AuthSession {
    /// The tokens; `None` when nobody is signed in.
    pub tokens: Option<AuthSessionTokens>,
    /// The user's `sub`.
    pub user_sub: Option<String>,
}

/// The result of `get_current_user`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthUser {
    /// The internal username (`cognito:username`).
    pub username: String,
    /// The user's `sub`.
    pub user_id: String,
    /// Who signed in and how.
    pub sign_in_details: Option<SignInDetails>,
}

/// Sign-in and auto-sign-in state that waits for the user, exported so the
/// next step can run in another process (a CLI invocation, a worker).
///
/// It holds challenge sessions and, for auto sign-in without a Cognito
/// session, the sign-up password: store it like a credential (the file store
/// helper writes it with mode 0600). `Debug` redacts it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct PendingState {
    /// A sign-in waiting for `confirm_sign_in`.
    pub sign_in: Option<PendingSignIn>,
    /// An auto sign-in waiting for `confirm_sign_up` / `auto_sign_in`.
    pub auto_sign_in: Option<AutoSignInState>,
}

impl PendingState {
    /// True when nothing is pending.
    pub fn is_empty(&self) -> bool {
        self.sign_in.is_none() && self.auto_sign_in.is_none()
    }

    /// Writes the state to `path` (JSON, mode 0600, atomic).
    pub fn save_to_file(&self, path: &std::path::Path) -> Result<(), StoreError> {
        let bytes =
            serde_json::to_vec_pretty(self).map_err(|e| StoreError::Other(e.to_string()))?;
        crate::store::write_private_atomic(path, &bytes).map_err(|source| StoreError::Io {
            path: path.display().to_string(),
            source,
        })
    }

    /// Reads state written by [`save_to_file`](Self::save_to_file); a missing
    /// file is an empty state.
    pub fn load_from_file(path: &std::path::Path) -> Result<Self, StoreError> {
        match std::fs::read(path) {
            Ok(b) => serde_json::from_slice(&b).map_err(|e| StoreError::Corrupt {
                path: path.display().to_string(),
                detail: e.to_string(),
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Self::default()),
            Err(source) => Err(StoreError::Io {
                path: path.display().to_string(),
                source,
            }),
        }
    }
}

/// Builds an [`Auth`]. Required: user pool id and app client id.
pub struct AuthBuilder {
    user_pool_id: String,
    client_id: String,
    client_secret: Option<Sensitive>,
    endpoint: Option<String>,
    transport: Option<Arc<dyn Transport>>,
    store: Arc<dyn TokenStore>,
    clock: Arc<dyn Clock>,
    rng: Box<dyn SecureRandom + Send>,
    retry: RetryPolicy,
    request_timeout: Duration,
    refresh_margin: Duration,
    verification: SignUpVerificationMethod,
    link_poll_interval: Duration,
    link_poll_timeout: Duration,
    device_name: Option<String>,
}

impl fmt::Debug for AuthBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AuthBuilder")
            .field("user_pool_id", &self.user_pool_id)
            .field("client_id", &self.client_id)
            .field(
                "client_secret",
                &self.client_secret.as_ref().map(|_| "<redacted>"),
            )
            .field("endpoint", &self.endpoint)
            .finish_non_exhaustive()
    }
}

impl AuthBuilder {
    /// The app client's secret (confidential clients): every call then
    /// carries `SECRET_HASH` (or `ClientSecret` for refresh and revoke).
    pub fn client_secret(mut self, secret: impl Into<Sensitive>) -> Self {
        self.client_secret = Some(secret.into());
        self
    }

    /// Talk to this endpoint instead of `https://cognito-idp.<region>.amazonaws.com/`
    /// (e.g. a local mock-cognito). Ignored when a transport is given.
    pub fn endpoint(mut self, url: impl Into<String>) -> Self {
        self.endpoint = Some(url.into());
        self
    }

    /// Send requests through this transport.
    pub fn transport(mut self, transport: impl Transport + 'static) -> Self {
        self.transport = Some(Arc::new(transport));
        self
    }

    /// Send requests through this shared transport.
    pub fn transport_arc(mut self, transport: Arc<dyn Transport>) -> Self {
        self.transport = Some(transport);
        self
    }

    /// Keep tokens here (default: in memory).
    pub fn token_store(mut self, store: impl TokenStore + 'static) -> Self {
        self.store = Arc::new(store);
        self
    }

    /// Keep tokens in this shared store.
    pub fn token_store_arc(mut self, store: Arc<dyn TokenStore>) -> Self {
        self.store = store;
        self
    }

    /// Read time from this clock (default: the system clock).
    pub fn clock(mut self, clock: impl Clock + 'static) -> Self {
        self.clock = Arc::new(clock);
        self
    }

    /// Draw SRP secrets and retry jitter from this generator (default: the OS).
    pub fn rng(mut self, rng: impl SecureRandom + Send + 'static) -> Self {
        self.rng = Box::new(rng);
        self
    }

    /// Retry policy (default: 3 attempts, jittered exponential backoff).
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Time allowed for one attempt of one request (default 10 s).
    pub fn request_timeout(mut self, timeout: Duration) -> Self {
        self.request_timeout = timeout;
        self
    }

    /// Refresh this long before expiry (default 60 s).
    pub fn refresh_margin(mut self, margin: Duration) -> Self {
        self.refresh_margin = margin;
        self
    }

    /// How the pool confirms accounts (default: code).
    pub fn sign_up_verification_method(mut self, method: SignUpVerificationMethod) -> Self {
        self.verification = method;
        self
    }

    /// Link-confirmation auto sign-in: how often and how long to poll
    /// (default every 5 s for 3 minutes).
    pub fn link_polling(mut self, interval: Duration, timeout: Duration) -> Self {
        self.link_poll_interval = interval;
        self.link_poll_timeout = timeout;
        self
    }

    /// The `DeviceName` sent to `ConfirmDevice` when a user pool that tracks
    /// devices sees this client for the first time (default
    /// `"cognito-auth (Rust)"`); it shows in [`Auth::fetch_devices`].
    pub fn device_name(mut self, name: impl Into<String>) -> Self {
        self.device_name = Some(name.into());
        self
    }

    /// Builds the client.
    pub fn build(self) -> Result<Auth, AuthError> {
        let mut cfg = PoolConfig::new(&self.user_pool_id, &self.client_id)
            .map_err(|e| AuthError::Config(format!("user pool id {:?}: {e}", self.user_pool_id)))?;
        if self.client_id.is_empty() {
            return Err(AuthError::Config("the app client id is empty".into()));
        }
        if let Some(s) = self.client_secret {
            cfg = cfg.with_client_secret(s);
        }
        let transport = match self.transport {
            Some(t) => t,
            None => default_transport(&cfg, self.endpoint.as_deref())?,
        };
        Ok(Auth {
            inner: Arc::new(Inner {
                cfg,
                transport,
                store: self.store,
                clock: self.clock,
                rng: Mutex::new(self.rng),
                retry: self.retry,
                request_timeout: self.request_timeout,
                refresh_margin: self.refresh_margin,
                verification: self.verification,
                link_poll_interval: self.link_poll_interval,
                link_poll_timeout: self.link_poll_timeout,
                device_name: self.device_name,
                pending: Mutex::new(None),
                auto: Mutex::new(None),
                refresh_lock: tokio::sync::Mutex::new(()),
                use_refresh_fallback: AtomicBool::new(false),
            }),
        })
    }
}

#[cfg(feature = "https")]
fn default_transport(
    cfg: &PoolConfig,
    endpoint: Option<&str>,
) -> Result<Arc<dyn Transport>, AuthError> {
    let url = endpoint.map_or_else(
        || cognito_auth_transport::HttpsTransport::regional_endpoint(cfg.region()),
        str::to_owned,
    );
    let t = cognito_auth_transport::HttpsTransport::new(url)
        .map_err(|e| AuthError::Config(e.to_string()))?;
    Ok(Arc::new(t))
}

#[cfg(not(feature = "https"))]
fn default_transport(_: &PoolConfig, _: Option<&str>) -> Result<Arc<dyn Transport>, AuthError> {
    Err(AuthError::Config(
        "no transport given and the `https` feature is off; pass one with AuthBuilder::transport"
            .into(),
    ))
}

struct Inner {
    cfg: PoolConfig,
    transport: Arc<dyn Transport>,
    store: Arc<dyn TokenStore>,
    clock: Arc<dyn Clock>,
    rng: Mutex<Box<dyn SecureRandom + Send>>,
    retry: RetryPolicy,
    request_timeout: Duration,
    refresh_margin: Duration,
    verification: SignUpVerificationMethod,
    link_poll_interval: Duration,
    link_poll_timeout: Duration,
    device_name: Option<String>,
    /// A sign-in waiting for the user.
    pending: Mutex<Option<PendingSignIn>>,
    /// Auto sign-in bookkeeping.
    auto: Mutex<Option<AutoSignInState>>,
    /// One refresh at a time.
    refresh_lock: tokio::sync::Mutex<()>,
    /// The endpoint does not know GetTokensFromRefreshToken.
    use_refresh_fallback: AtomicBool,
}

/// A configured Cognito user-pool client: sign-up, confirmation, sign-in with
/// every flow and challenge, auto sign-in, sign-out, tokens.
///
/// Build it once and share it: it is cheap to clone (`Arc` inside) and
/// `Send + Sync`. Calls may run concurrently; the pending sign-in is one per
/// client (a new `sign_in` replaces it).
///
/// ```no_run
/// # async fn demo() -> Result<(), cognito_auth::AuthError> {
/// use cognito_auth::{Auth, SignInInput};
/// let auth = Auth::builder("us-east-1_AbCdEf123", "1example23456789").build()?;
/// let out = auth.sign_in(SignInInput::new("user@example.com", "MyPassword123!")).await?;
/// if out.is_signed_in {
///     println!("User signed in successfully");
/// }
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Auth {
    inner: Arc<Inner>,
}

impl fmt::Debug for Auth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Auth")
            .field("config", &self.inner.cfg)
            .finish_non_exhaustive()
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // Values behind these locks are replaced whole; a poisoned lock still
    // holds a consistent value.
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// What the flow loop ended with.
enum Outcome {
    Pending(PendingSignIn),
    Finished(SignInStep),
    SignedIn(SignedIn),
}

impl Auth {
    /// Starts building a client for a user pool and app client.
    pub fn builder(user_pool_id: impl Into<String>, client_id: impl Into<String>) -> AuthBuilder {
        AuthBuilder {
            user_pool_id: user_pool_id.into(),
            client_id: client_id.into(),
            client_secret: None,
            endpoint: None,
            transport: None,
            store: Arc::new(MemoryTokenStore::new()),
            clock: Arc::new(SystemClock),
            rng: Box::new(OsRandom),
            retry: RetryPolicy::default(),
            request_timeout: Duration::from_secs(10),
            refresh_margin: DEFAULT_REFRESH_MARGIN,
            verification: SignUpVerificationMethod::Code,
            link_poll_interval: Duration::from_secs(5),
            link_poll_timeout: Duration::from_secs(180),
            device_name: None,
        }
    }

    /// The pool and app client.
    pub fn config(&self) -> &PoolConfig {
        &self.inner.cfg
    }

    fn now(&self) -> i64 {
        self.inner.clock.now_secs()
    }

    // ---------------------------------------------------------------- I/O

    /// Sends one request with the retry rule of [`crate::retry`].
    async fn send(&self, req: &FlowRequest) -> Result<Response, AuthError> {
        let action = req.action();
        let body = req.to_body();
        let idempotent = req.idempotency() == Idempotency::Idempotent;
        let policy = self.inner.retry;
        let max = policy.max_attempts.max(1);
        let mut attempt = 0;
        loop {
            attempt += 1;
            let request = Request::new(action.target(), body.clone());
            let result = tokio::time::timeout(
                self.inner.request_timeout,
                self.inner.transport.send(request),
            )
            .await
            .unwrap_or_else(|_| {
                Err(TransportError::Timeout {
                    endpoint: "cognito".into(),
                    seconds: self.inner.request_timeout.as_secs_f64(),
                })
            });
            let retry = match &result {
                Ok(resp) if resp.is_success() => false,
                Ok(resp) => {
                    let e = ServiceError::decode(resp.header("x-amzn-errortype"), &resp.body);
                    let throttled =
                        matches!(e.kind, ErrorKind::TooManyRequests | ErrorKind::Throttling);
                    let server_side = resp.status >= 500
                        || matches!(e.kind, ErrorKind::InternalError | ErrorKind::InternalServer);
                    throttled || (server_side && idempotent)
                }
                Err(TransportError::Connect { .. }) => true,
                Err(e) => e.is_retryable() && idempotent,
            };
            debug!(
                action = action.as_str(),
                attempt,
                status = result.as_ref().map(|r| r.status).ok(),
                retry = retry && attempt < max,
                "cognito request"
            );
            if !retry || attempt >= max {
                return result.map_err(|source| AuthError::Transport {
                    operation: action.to_string(),
                    attempts: attempt,
                    source,
                });
            }
            let jitter = {
                let mut b = [0u8; 2];
                let mut rng = lock(&self.inner.rng);
                match rng.fill(&mut b) {
                    Ok(()) => f64::from(u16::from_be_bytes(b)) / 65536.0,
                    Err(_) => 0.5,
                }
            };
            tokio::time::sleep(policy.delay(attempt, jitter)).await;
        }
    }

    /// Sends a request and decodes a typed answer.
    async fn call<T: serde::de::DeserializeOwned>(
        &self,
        req: &FlowRequest,
    ) -> Result<T, AuthError> {
        let resp = self.send(req).await?;
        let operation = req.action().to_string();
        decode_response::<T>(resp.status, resp.header("x-amzn-errortype"), &resp.body).map_err(
            |e| match e {
                DecodeError::Service(mut error) => {
                    if let Some(what) = foreign_error_body(&resp, &error) {
                        error.message = what;
                    }
                    AuthError::Service { operation, error }
                }
                other => AuthError::Protocol {
                    operation: operation.clone(),
                    error: cognito_auth_flow::ProtocolError::Malformed {
                        action: operation,
                        detail: other.to_string(),
                    },
                },
            },
        )
    }

    /// Runs the sign-in machine until it needs the user or is done.
    async fn drive(&self, mut t: Transition) -> Result<Outcome, AuthError> {
        loop {
            match t {
                Transition::Send(expect, req) => {
                    let action = expect.expected_action();
                    let resp = self.send(&req).await?;
                    let answer = FlowResponse::decode(
                        &action,
                        resp.status,
                        resp.header("x-amzn-errortype"),
                        &resp.body,
                    )
                    .map_err(|error| AuthError::Protocol {
                        operation: action.to_string(),
                        error,
                    })?;
                    let now = self.now();
                    let next = {
                        let mut guard = lock(&self.inner.rng);
                        let mut rng: &mut dyn SecureRandom = &mut **guard;
                        expect.handle(&self.inner.cfg, answer, now, &mut rng)
                    };
                    t = next.map_err(|e| AuthError::from_flow(action.as_str(), e))?;
                }
                Transition::AwaitUser(p) => return Ok(Outcome::Pending(p)),
                Transition::Finished(step) => return Ok(Outcome::Finished(step)),
                Transition::SignedIn(s) => return Ok(Outcome::SignedIn(s)),
            }
        }
    }

    /// Applies an outcome: keeps the pending state or stores the tokens.
    async fn settle(&self, outcome: Outcome) -> Result<SignInOutput, AuthError> {
        match outcome {
            Outcome::Pending(p) => {
                if let Some(key) = p.rejected_device() {
                    self.drop_local_device(&[p.username(), &p.details().login_id], Some(key));
                }
                let step = p.step().clone();
                *lock(&self.inner.pending) = Some(p);
                Ok(SignInOutput {
                    is_signed_in: false,
                    next_step: step,
                })
            }
            Outcome::Finished(step) => {
                *lock(&self.inner.pending) = None;
                Ok(SignInOutput {
                    is_signed_in: false,
                    next_step: step,
                })
            }
            Outcome::SignedIn(s) => {
                *lock(&self.inner.pending) = None;
                self.store_session(s).await?;
                Ok(SignInOutput {
                    is_signed_in: true,
                    next_step: SignInStep::Done,
                })
            }
        }
    }

    async fn store_session(&self, s: SignedIn) -> Result<(), AuthError> {
        let rejected_device = s.rejected_device.clone();
        let login_id = s.details.login_id.clone();
        let claims = s
            .tokens
            .access_claims()
            .map_err(|error| AuthError::Protocol {
                operation: "sign-in".into(),
                error,
            })?;
        let id_claims = s.tokens.id_claims().ok().flatten();
        let username = id_claims
            .as_ref()
            .and_then(|c| c.any_username().map(str::to_owned))
            .or_else(|| claims.any_username().map(str::to_owned))
            .unwrap_or(s.username);
        let drift = claims.iat.map_or(0, |iat| {
            iat.saturating_mul(1000) - self.inner.clock.now_millis()
        });
        let session = StoredSession {
            user_sub: claims.sub.clone().or_else(|| id_claims.and_then(|c| c.sub)),
            tokens: s.tokens,
            username,
            sign_in_details: Some(s.details),
            clock_drift_ms: drift,
        };
        // Replacing another user's session: revoke it first (best effort).
        if let Some(old) = self.load_session()
            && old.tokens.refresh_token != session.tokens.refresh_token
        {
            let _ = self.revoke_remote(&old).await;
        }
        self.inner.store.save(&session)?;
        *lock(&self.inner.auto) = None;
        if let Some(key) = rejected_device {
            self.drop_local_device(&[&session.username, &login_id], Some(&key));
        }
        if let Some(meta) = &session.tokens.new_device_metadata {
            self.confirm_new_device(&session, &login_id, meta).await;
        }
        Ok(())
    }

    // ------------------------------------------------------------ devices

    /// The remembered device kept for `username`; an unreadable store counts
    /// as none.
    fn local_device(&self, username: &str) -> Option<RememberedDevice> {
        match self.inner.store.load_device(username) {
            Ok(d) => d,
            Err(e) => {
                warn!(error = %e, "remembered device unreadable; signing in without it");
                None
            }
        }
    }

    /// Drops the local device record under each of `names` (the canonical
    /// username and the login typed), only when it is `key` if one is given.
    fn drop_local_device(&self, names: &[&str], key: Option<&str>) {
        for name in names {
            let matches = self
                .local_device(name)
                .is_some_and(|d| key.is_none_or(|k| d.device_key == k));
            if matches && let Err(e) = self.inner.store.remove_device(name) {
                warn!(error = %e, "could not drop the remembered device");
            }
        }
    }

    /// Amplify's new-device step: a fresh device password and verifier,
    /// `ConfirmDevice`, and the record kept under the canonical username and
    /// the login typed. Failures are logged and swallowed (the sign-in
    /// stands; the next one gets a new device), as in Amplify.
    async fn confirm_new_device(
        &self,
        session: &StoredSession,
        login_id: &str,
        meta: &NewDeviceMetadata,
    ) {
        let built = {
            let mut guard = lock(&self.inner.rng);
            let mut rng: &mut dyn SecureRandom = &mut **guard;
            confirm_device_request(
                &session.tokens.access_token,
                meta,
                self.inner.device_name.as_deref(),
                &mut rng,
            )
        };
        let (device, req) = match built {
            Ok(Some(v)) => v,
            Ok(None) => return,
            Err(e) => {
                debug!(error = %e, "device verifier failed; the device is not remembered");
                return;
            }
        };
        if let Err(e) = self.call::<ConfirmDeviceResponse>(&req).await {
            debug!(error = %e, "ConfirmDevice failed; the device is not remembered");
            return;
        }
        let mut names = vec![session.username.as_str()];
        if !login_id.is_empty() && login_id != session.username {
            names.push(login_id);
        }
        for name in names {
            if let Err(e) = self.inner.store.save_device(name, &device) {
                warn!(error = %e, "could not keep the remembered device");
            }
        }
    }

    async fn signed_in_session(&self) -> Result<StoredSession, AuthError> {
        self.current_session(false)
            .await?
            .ok_or(AuthError::UserUnAuthenticated)
    }

    /// The login the session was started with, for the device lookup.
    fn login_id(session: &StoredSession) -> &str {
        session
            .sign_in_details
            .as_ref()
            .map_or("", |d| d.login_id.as_str())
    }

    fn session_device(&self, session: &StoredSession) -> Option<RememberedDevice> {
        self.local_device(&session.username).or_else(|| {
            Some(Self::login_id(session))
                .filter(|l| !l.is_empty())
                .and_then(|l| self.local_device(l))
        })
    }

    /// Marks this client's device as remembered for the signed-in user
    /// (Amplify's `rememberDevice`; `UpdateDeviceStatus` `remembered`).
    ///
    /// Needed on pools that remember devices only on the user's say-so
    /// (`DeviceOnlyRememberedOnUserPrompt`); a remembered device can then
    /// sign in with device SRP instead of MFA when the pool allows it.
    /// Fails with [`AuthError::UserUnAuthenticated`] when nobody is signed in
    /// and [`AuthError::NoRememberedDevice`] when this client confirmed no
    /// device for the user (the pool does not track devices).
    pub async fn remember_device(&self) -> Result<(), AuthError> {
        async move {
            let s = self.signed_in_session().await?;
            let device = self
                .session_device(&s)
                .ok_or_else(|| AuthError::NoRememberedDevice {
                    username: s.username.clone(),
                })?;
            let req =
                update_device_status_request(&s.tokens.access_token, &device.device_key, true);
            self.call::<UpdateDeviceStatusResponse>(&req).await?;
            Ok(())
        }
        .instrument(info_span!("cognito_auth.remember_device"))
        .await
    }

    /// Forgets a device of the signed-in user (Amplify's `forgetDevice`;
    /// `ForgetDevice`): `None` forgets this client's own device, which is
    /// then dropped locally too (the next sign-in confirms a new device);
    /// `Some(key)` forgets that device (a key from [`Auth::fetch_devices`]),
    /// and drops it locally when it is this client's.
    ///
    /// Fails with [`AuthError::NoRememberedDevice`] for `None` when this
    /// client has no device, and with Cognito's `ResourceNotFoundException`
    /// for an unknown key.
    pub async fn forget_device(&self, device_key: Option<&str>) -> Result<(), AuthError> {
        async move {
            let s = self.signed_in_session().await?;
            let local = self.session_device(&s);
            let key = match (device_key, &local) {
                (Some(k), _) => k.to_owned(),
                (None, Some(d)) => d.device_key.clone(),
                (None, None) => {
                    return Err(AuthError::NoRememberedDevice {
                        username: s.username.clone(),
                    });
                }
            };
            let req = forget_device_request(&s.tokens.access_token, &key);
            self.call::<ForgetDeviceResponse>(&req).await?;
            if local.is_some_and(|d| d.device_key == key) {
                self.drop_local_device(&[&s.username, Self::login_id(&s)], Some(&key));
            }
            Ok(())
        }
        .instrument(info_span!("cognito_auth.forget_device"))
        .await
    }

    /// The signed-in user's devices (Amplify's `fetchDevices`; `ListDevices`,
    /// every page), oldest first as Cognito lists them.
    pub async fn fetch_devices(&self) -> Result<Vec<Device>, AuthError> {
        async move {
            let s = self.signed_in_session().await?;
            let mut devices = Vec::new();
            let mut token = None;
            // Cognito pages by 60; the guard stops a server that never ends.
            for _ in 0..1000 {
                let req = list_devices_request(&s.tokens.access_token, token.take());
                let page = self.call::<ListDevicesResponse>(&req).await?;
                devices.extend(
                    page.devices
                        .unwrap_or_default()
                        .into_iter()
                        .filter_map(Device::from_wire),
                );
                match page.pagination_token.filter(|t| !t.is_empty()) {
                    Some(t) => token = Some(t),
                    None => break,
                }
            }
            Ok(devices)
        }
        .instrument(info_span!("cognito_auth.fetch_devices"))
        .await
    }

    /// The stored session; unreadable data counts as signed out.
    fn load_session(&self) -> Option<StoredSession> {
        match self.inner.store.load() {
            Ok(s) => s,
            Err(e) => {
                warn!(error = %e, "token store unreadable; treating as signed out");
                None
            }
        }
    }

    // ------------------------------------------------------------ sign-up

    /// Registers a user (Amplify's `signUp`).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let mock = mock_cognito::MockCognito::start()?;
    /// # let auth = cognito_auth::Auth::builder(mock.user_pool_id(), mock.client_id())
    /// #     .endpoint(mock.endpoint())
    /// #     .build()?;
    /// use cognito_auth::{SignUpInput, SignUpStep};
    ///
    /// let out = auth
    ///     .sign_up(
    ///         SignUpInput::new("user@example.com", "TempPassword123!")
    ///             .user_attribute("email", "user@example.com")
    ///             .user_attribute("name", "John Doe")
    ///             .user_attribute("phone_number", "+12345678901"),
    ///     )
    ///     .await?;
    /// if let SignUpStep::ConfirmSignUp { code_delivery_details } = &out.next_step {
    ///     // User needs to confirm with verification code
    ///     println!("Code sent to: {:?}", code_delivery_details.destination);
    /// }
    /// # assert_eq!(out.next_step.as_str(), "CONFIRM_SIGN_UP");
    /// # Ok(()) }
    /// ```
    pub async fn sign_up(&self, input: SignUpInput) -> Result<SignUpOutput, AuthError> {
        let span = info_span!("cognito_auth.sign_up", username = %input.username);
        async move {
            let req = sign_up_request(&self.inner.cfg, &input)?;
            let resp: SignUpResponse = match self.call(&req).await {
                Ok(r) => r,
                Err(AuthError::Service { error, .. }) => {
                    return Err(AuthError::from_flow("SignUp", sign_up_error(error)));
                }
                Err(e) => return Err(e),
            };
            let (out, auto) = sign_up_result(&input, resp, self.inner.verification, self.now());
            if auto.is_some() {
                *lock(&self.inner.auto) = auto;
            }
            Ok(out)
        }
        .instrument(span)
        .await
    }

    /// Confirms a registration with the delivered code (Amplify's `confirmSignUp`).
    ///
    /// A wrong code keeps any pending auto sign-in, so the user can simply
    /// enter the code again.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let mock = mock_cognito::MockCognito::start()?;
    /// # let auth = cognito_auth::Auth::builder(mock.user_pool_id(), mock.client_id())
    /// #     .endpoint(mock.endpoint())
    /// #     .build()?;
    /// # auth.sign_up(cognito_auth::SignUpInput::new("user@example.com", "TempPassword123!").user_attribute("email", "user@example.com")).await?;
    /// # let code = mock.last_code("user@example.com").ok_or("no code was sent")?;
    /// use cognito_auth::ConfirmSignUpInput;
    ///
    /// let out = auth
    ///     .confirm_sign_up(ConfirmSignUpInput::new("user@example.com", code /* "123456" */))
    ///     .await?;
    /// if out.is_sign_up_complete {
    ///     println!("User registration confirmed successfully");
    /// }
    /// # assert!(out.is_sign_up_complete);
    /// # Ok(()) }
    /// ```
    pub async fn confirm_sign_up(
        &self,
        input: ConfirmSignUpInput,
    ) -> Result<ConfirmSignUpOutput, AuthError> {
        let span = info_span!("cognito_auth.confirm_sign_up", username = %input.username);
        async move {
            let now = self.now();
            let auto = lock(&self.inner.auto)
                .clone()
                .filter(|a| !a.is_expired(now) && a.username == input.username);
            let req = confirm_sign_up_request(&self.inner.cfg, &input, auto.as_ref())?;
            let resp: ConfirmSignUpResponse = self.call(&req).await?;
            let had_auto = auto.is_some();
            let (out, new_auto) = confirm_sign_up_result(&input, resp, auto);
            if had_auto {
                *lock(&self.inner.auto) = new_auto;
            }
            Ok(out)
        }
        .instrument(span)
        .await
    }

    /// Sends a new confirmation code (Amplify's `resendSignUpCode`).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let mock = mock_cognito::MockCognito::start()?;
    /// # let auth = cognito_auth::Auth::builder(mock.user_pool_id(), mock.client_id())
    /// #     .endpoint(mock.endpoint())
    /// #     .build()?;
    /// # auth.sign_up(cognito_auth::SignUpInput::new("user@example.com", "TempPassword123!").user_attribute("email", "user@example.com")).await?;
    /// use cognito_auth::ResendSignUpCodeInput;
    ///
    /// let code_delivery = auth
    ///     .resend_sign_up_code(ResendSignUpCodeInput::new("user@example.com"))
    ///     .await?;
    /// println!("New code sent to: {:?}", code_delivery.destination);
    /// # assert!(code_delivery.destination.is_some());
    /// # Ok(()) }
    /// ```
    pub async fn resend_sign_up_code(
        &self,
        input: ResendSignUpCodeInput,
    ) -> Result<CodeDeliveryDetails, AuthError> {
        let span = info_span!("cognito_auth.resend_sign_up_code", username = %input.username);
        async move {
            let req = resend_sign_up_code_request(&self.inner.cfg, &input)?;
            let resp: ResendConfirmationCodeResponse = self.call(&req).await?;
            Ok(resend_sign_up_code_result(resp))
        }
        .instrument(span)
        .await
    }

    // ------------------------------------------------------------ sign-in

    /// Signs a user in (Amplify's `signIn`) with any flow.
    ///
    /// * A pending sign-in (waiting for `confirm_sign_in`) is abandoned and
    ///   replaced by this one.
    /// * If a user is already signed in (with tokens that are valid or could
    ///   be refreshed), [`ExistingSession::Reject`] (the default) fails with
    ///   `UserAlreadyAuthenticatedException`;
    ///   [`ExistingSession::Replace`] signs in anyway and, only once the new
    ///   sign-in has succeeded, signs the old session out (revoking its
    ///   refresh token) and stores the new one.
    /// * `UserNotConfirmedException` / `PasswordResetRequiredException` come
    ///   back as the `ConfirmSignUp` / `ResetPassword` steps, not errors.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let mock = mock_cognito::MockCognito::start()?;
    /// # let auth = cognito_auth::Auth::builder(mock.user_pool_id(), mock.client_id())
    /// #     .endpoint(mock.endpoint())
    /// #     .build()?;
    /// # use cognito_auth::{ConfirmSignUpInput as C, SignUpInput as S};
    /// # auth.sign_up(S::new("user@example.com", "MyPassword123!").user_attribute("email", "user@example.com")).await?;
    /// # let code = mock.last_code("user@example.com").ok_or("no code was sent")?;
    /// # auth.confirm_sign_up(C::new("user@example.com", code)).await?;
    /// use cognito_auth::{SignInInput, SignInStep};
    ///
    /// let out = auth.sign_in(SignInInput::new("user@example.com", "MyPassword123!")).await?;
    /// if out.is_signed_in {
    ///     println!("User signed in successfully");
    /// } else if let SignInStep::ConfirmSignInWithSmsCode { .. } = out.next_step {
    ///     // Handle MFA challenge
    ///     println!("SMS code required for MFA");
    /// }
    /// # assert!(out.is_signed_in);
    /// # Ok(()) }
    /// ```
    pub async fn sign_in(&self, input: SignInInput) -> Result<SignInOutput, AuthError> {
        let span = info_span!(
            "cognito_auth.sign_in",
            username = %input.username,
            flow = input.options.effective_flow().as_str()
        );
        async move {
            // A stored session counts only if it is still alive: an expired
            // one is refreshed first, and one Cognito refuses is cleared
            // (a dead session never blocks signing in). If the refresh
            // cannot reach Cognito, the sign-in itself will say so.
            if input.options.existing_session == ExistingSession::Reject
                && let Ok(Some(s)) = self.current_session(false).await
            {
                return Err(AuthError::UserAlreadyAuthenticated {
                    username: s.username,
                });
            }
            *lock(&self.inner.pending) = None;
            self.run_sign_in(&input, None).await
        }
        .instrument(span)
        .await
    }

    async fn run_sign_in(
        &self,
        input: &SignInInput,
        session: Option<Sensitive>,
    ) -> Result<SignInOutput, AuthError> {
        let device = self.local_device(&input.username);
        let (expect, req) = {
            let mut guard = lock(&self.inner.rng);
            let mut rng: &mut dyn SecureRandom = &mut **guard;
            start_sign_in_with_device(&self.inner.cfg, input, session, device, &mut rng)
        }
        .map_err(|e| AuthError::from_flow("InitiateAuth", e))?;
        let outcome = self.drive(Transition::Send(expect, req)).await?;
        self.settle(outcome).await
    }

    /// Answers the current sign-in step (Amplify's `confirmSignIn`).
    ///
    /// On an error (a wrong code…) the step stays pending and can be answered
    /// again, unless Cognito says the challenge session is over.
    ///
    /// (Run against an embedded mock-cognito whose pool requires SMS MFA and
    /// delivers the code `123456`.)
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # use mock_cognito::{MockCognito, PoolConfig, UserConfig};
    /// # let mut user = UserConfig { username: "user@example.com".into(), password: Some("MyPassword123!".into()), ..Default::default() };
    /// # user.attributes.insert("phone_number".into(), "+12345678901".into());
    /// # user.mfa_enabled = vec!["SMS_MFA".into()];
    /// # let mock = MockCognito::builder()
    /// #     .pool(PoolConfig {
    /// #         username_attributes: vec!["email".into()],
    /// #         mfa: Some("ON".into()),
    /// #         mfa_types: vec!["SMS_MFA".into()],
    /// #         fixed_code: Some("123456".into()),
    /// #         users: vec![user],
    /// #         ..Default::default()
    /// #     })
    /// #     .start()?;
    /// # let auth = cognito_auth::Auth::builder(mock.user_pool_id(), mock.client_id())
    /// #     .endpoint(mock.endpoint())
    /// #     .build()?;
    /// # let out = auth.sign_in(cognito_auth::SignInInput::new("user@example.com", "MyPassword123!")).await?;
    /// # assert_eq!(out.next_step.as_str(), "CONFIRM_SIGN_IN_WITH_SMS_CODE");
    /// use cognito_auth::ConfirmSignInInput;
    ///
    /// // Confirm with SMS MFA code
    /// let out = auth.confirm_sign_in(ConfirmSignInInput::new("123456")).await?;
    /// if out.is_signed_in {
    ///     println!("Sign in completed successfully");
    /// }
    /// # assert!(out.is_signed_in);
    /// # Ok(()) }
    /// ```
    pub async fn confirm_sign_in(
        &self,
        input: ConfirmSignInInput,
    ) -> Result<SignInOutput, AuthError> {
        let pending = lock(&self.inner.pending).clone();
        let Some(pending) = pending else {
            return Err(AuthError::NoSignInInProgress);
        };
        let span = info_span!(
            "cognito_auth.confirm_sign_in",
            username = %pending.username(),
            step = pending.step().as_str()
        );
        async move {
            let now = self.now();
            if pending.is_expired(now) {
                *lock(&self.inner.pending) = None;
                return Err(AuthError::SignInExpired);
            }
            let t = {
                let mut guard = lock(&self.inner.rng);
                let mut rng: &mut dyn SecureRandom = &mut **guard;
                pending.answer(&self.inner.cfg, &input, now, &mut rng)
            }
            .map_err(|e| AuthError::from_flow("RespondToAuthChallenge", e))?;
            match self.drive(t).await {
                Ok(outcome) => self.settle(outcome).await,
                Err(e) => {
                    if session_is_over(&e) {
                        *lock(&self.inner.pending) = None;
                        return Err(AuthError::SignInExpired);
                    }
                    Err(e)
                }
            }
        }
        .instrument(span)
        .await
    }

    /// The step the pending sign-in waits for, if any.
    pub fn pending_sign_in_step(&self) -> Option<SignInStep> {
        lock(&self.inner.pending).as_ref().map(|p| p.step().clone())
    }

    /// Exports the pending sign-in and auto-sign-in state (see [`PendingState`]).
    pub fn export_pending_state(&self) -> PendingState {
        PendingState {
            sign_in: lock(&self.inner.pending).clone(),
            auto_sign_in: lock(&self.inner.auto).clone(),
        }
    }

    /// Restores state exported by [`export_pending_state`](Self::export_pending_state)
    /// (possibly in another process). Expired parts are dropped.
    pub fn restore_pending_state(&self, state: PendingState) {
        let now = self.now();
        *lock(&self.inner.pending) = state.sign_in.filter(|p| !p.is_expired(now));
        *lock(&self.inner.auto) = state.auto_sign_in.filter(|a| !a.is_expired(now));
    }

    /// Signs in after sign-up (Amplify's `autoSignIn`).
    ///
    /// With a session from `ConfirmSignUp` (pools with choice-based sign-in)
    /// it signs in with `USER_AUTH` and no password; otherwise, or if Cognito
    /// refuses the session, with the remembered credentials and flow. The
    /// state is discarded once the sign-in got an answer (success, a step, or
    /// a definitive error); after a network error it is kept for a retry.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let mock = mock_cognito::MockCognito::start()?;
    /// # let auth = cognito_auth::Auth::builder(mock.user_pool_id(), mock.client_id())
    /// #     .endpoint(mock.endpoint())
    /// #     .build()?;
    /// use cognito_auth::{ConfirmSignUpInput, SignUpInput};
    ///
    /// // During sign up with auto sign-in enabled
    /// auth.sign_up(
    ///     SignUpInput::new("user@example.com", "TempPassword123!")
    ///         .user_attribute("email", "user@example.com")
    ///         .auto_sign_in(true),
    /// )
    /// .await?;
    /// # let code = mock.last_code("user@example.com").ok_or("no code was sent")?;
    /// auth.confirm_sign_up(ConfirmSignUpInput::new("user@example.com", code)).await?;
    /// // After confirming sign up, auto sign in
    /// let out = auth.auto_sign_in().await?;
    /// if out.is_signed_in {
    ///     println!("User automatically signed in");
    /// }
    /// # assert!(out.is_signed_in);
    /// # Ok(()) }
    /// ```
    pub async fn auto_sign_in(&self) -> Result<SignInOutput, AuthError> {
        let state = lock(&self.inner.auto).clone();
        let Some(state) = state else {
            return Err(AutoSignInError::NotStarted.into());
        };
        let span = info_span!("cognito_auth.auto_sign_in", username = %state.username);
        async move {
            if state.is_expired(self.now()) {
                *lock(&self.inner.auto) = None;
                return Err(AutoSignInError::Expired.into());
            }
            let result = match state.phase {
                AutoSignInPhase::AwaitingConfirmation => {
                    return Err(AutoSignInError::NotConfirmed.into());
                }
                AutoSignInPhase::Ready => self.auto_sign_in_ready(&state).await,
                AutoSignInPhase::AwaitingLink => self.auto_sign_in_link(&state).await,
            };
            let keep = matches!(&result, Err(e) if e.is_retryable());
            if !keep {
                *lock(&self.inner.auto) = None;
            }
            result
        }
        .instrument(span)
        .await
    }

    async fn auto_sign_in_ready(&self, state: &AutoSignInState) -> Result<SignInOutput, AuthError> {
        *lock(&self.inner.pending) = None;
        let can_fall_back = state.password.is_some()
            || state.options.effective_flow() == AuthFlowType::CustomWithoutSrp;
        if state.can_use_session() {
            let input = SignInInput::without_password(state.username.clone()).options(
                SignInOptions::new()
                    .auth_flow_type(AuthFlowType::UserAuth)
                    .existing_session(ExistingSession::Replace),
            );
            let mut options = input.options.clone();
            options.client_metadata = state.options.client_metadata.clone();
            let input = input.options(options);
            match self.run_sign_in(&input, state.session.clone()).await {
                Err(AuthError::Service { error, .. })
                    if can_fall_back
                        && !matches!(
                            error.kind,
                            ErrorKind::TooManyRequests | ErrorKind::Throttling
                        ) =>
                {
                    debug!(error = %error, "session auto sign-in refused; using the remembered credentials");
                }
                other => return other,
            }
        }
        if !can_fall_back {
            return Err(AutoSignInError::NotStarted.into());
        }
        self.run_sign_in(&state.password_sign_in(), None).await
    }

    async fn auto_sign_in_link(&self, state: &AutoSignInState) -> Result<SignInOutput, AuthError> {
        let started = self.inner.clock.now_millis();
        let timeout = i64::try_from(self.inner.link_poll_timeout.as_millis()).unwrap_or(i64::MAX);
        loop {
            let out = self.run_sign_in(&state.password_sign_in(), None).await?;
            if out.next_step != SignInStep::ConfirmSignUp {
                return Ok(out);
            }
            if self.inner.clock.now_millis() - started >= timeout {
                return Err(AutoSignInError::LinkTimeout.into());
            }
            tokio::time::sleep(self.inner.link_poll_interval).await;
        }
    }

    // ----------------------------------------------------------- sign-out

    /// Signs out (Amplify's `signOut`). Local tokens are always cleared;
    /// network or service failures never make it fail (they are reported in
    /// [`SignOutOutput::remote`]). Only a token store that cannot be cleared
    /// is an error.
    ///
    /// * local: revokes the refresh token (`RevokeToken`) when the access
    ///   token carries `origin_jti` (token revocation on);
    /// * global: `GlobalSignOut` ends every session of the user; an expired
    ///   access token is refreshed first so the call can succeed.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let mock = mock_cognito::MockCognito::start()?;
    /// # let auth = cognito_auth::Auth::builder(mock.user_pool_id(), mock.client_id())
    /// #     .endpoint(mock.endpoint())
    /// #     .build()?;
    /// # use cognito_auth::{ConfirmSignUpInput as C, SignUpInput as S};
    /// # auth.sign_up(S::new("user@example.com", "MyPassword123!").user_attribute("email", "user@example.com")).await?;
    /// # let code = mock.last_code("user@example.com").ok_or("no code was sent")?;
    /// # auth.confirm_sign_up(C::new("user@example.com", code)).await?;
    /// # auth.sign_in(cognito_auth::SignInInput::new("user@example.com", "MyPassword123!")).await?;
    /// use cognito_auth::SignOutInput;
    ///
    /// // Sign out locally
    /// auth.sign_out(SignOutInput::local()).await?;
    /// # auth.sign_in(cognito_auth::SignInInput::new("user@example.com", "MyPassword123!")).await?;
    /// // Global sign out (signs out from all devices)
    /// let out = auth.sign_out(SignOutInput::global()).await?;
    /// println!("User signed out successfully");
    /// # assert_eq!(out.remote, cognito_auth::RemoteSignOut::GlobalSignedOut);
    /// # Ok(()) }
    /// ```
    pub async fn sign_out(&self, input: SignOutInput) -> Result<SignOutOutput, AuthError> {
        let span = info_span!("cognito_auth.sign_out", global = input.global);
        async move {
            let Some(mut session) = self.load_session() else {
                self.inner.store.clear()?;
                return Ok(SignOutOutput {
                    remote: RemoteSignOut::NotSignedIn,
                });
            };
            let remote = if input.global {
                if self.needs_refresh(&session)
                    && let Ok(Some(s)) = self.refresh(&session, true).await
                {
                    session = s;
                }
                let req = global_sign_out_request(&session.tokens.access_token);
                match self
                    .call::<cognito_auth_proto::GlobalSignOutResponse>(&req)
                    .await
                {
                    Ok(_) => RemoteSignOut::GlobalSignedOut,
                    Err(e) => {
                        debug!(error = %e, "GlobalSignOut failed; signing out locally");
                        RemoteSignOut::Failed(e.to_string())
                    }
                }
            } else {
                self.revoke_remote(&session).await
            };
            self.inner.store.clear()?;
            Ok(SignOutOutput { remote })
        }
        .instrument(span)
        .await
    }

    async fn revoke_remote(&self, session: &StoredSession) -> RemoteSignOut {
        let revocable = session
            .tokens
            .access_claims()
            .ok()
            .and_then(|c| c.origin_jti)
            .is_some();
        let Some(rt) = session.tokens.refresh_token.as_ref().filter(|_| revocable) else {
            return RemoteSignOut::NotRevocable;
        };
        let req = revoke_request(&self.inner.cfg, rt);
        match self
            .call::<cognito_auth_proto::RevokeTokenResponse>(&req)
            .await
        {
            Ok(_) => RemoteSignOut::Revoked,
            Err(e) => {
                debug!(error = %e, "RevokeToken failed; signing out locally");
                RemoteSignOut::Failed(e.to_string())
            }
        }
    }

    // -------------------------------------------------------------- tokens

    fn needs_refresh(&self, s: &StoredSession) -> bool {
        let margin = i64::try_from(self.inner.refresh_margin.as_millis()).unwrap_or(i64::MAX);
        let now = self.inner.clock.now_millis() + s.clock_drift_ms;
        let expired = |exp: Option<i64>| exp.is_some_and(|e| now + margin > e.saturating_mul(1000));
        let access = s.tokens.access_claims().ok().and_then(|c| c.exp);
        let id = s.tokens.id_claims().ok().flatten().and_then(|c| c.exp);
        expired(access) || expired(id)
    }

    /// Refreshes once, however many callers ask at the same time. Returns the
    /// new session, `None` when the session ended (tokens cleared), or the
    /// error (tokens kept) for network trouble and throttling.
    async fn refresh(
        &self,
        seen: &StoredSession,
        force: bool,
    ) -> Result<Option<StoredSession>, AuthError> {
        let _guard = self.inner.refresh_lock.lock().await;
        let Some(current) = self.load_session() else {
            return Ok(None);
        };
        // Someone else refreshed while we waited.
        if current.tokens.access_token != seen.tokens.access_token
            || (!force && !self.needs_refresh(&current))
        {
            return Ok(Some(current));
        }
        let Some(rt) = current.tokens.refresh_token.clone() else {
            self.inner.store.clear()?;
            return Ok(None);
        };
        let device_key = current
            .tokens
            .access_claims()
            .ok()
            .and_then(|c| c.device_key);
        let span = info_span!("cognito_auth.refresh", username = %current.username);
        let result = async {
            if !self.inner.use_refresh_fallback.load(Ordering::Relaxed) {
                let req = refresh_request(&self.inner.cfg, &rt, device_key.clone(), None);
                match self.call::<GetTokensFromRefreshTokenResponse>(&req).await {
                    Ok(r) => return Ok(r.authentication_result),
                    Err(AuthError::Service { error, .. }) if refresh_needs_fallback(&error) => {
                        debug!(error = %error, "GetTokensFromRefreshToken unknown here; using REFRESH_TOKEN_AUTH");
                        self.inner.use_refresh_fallback.store(true, Ordering::Relaxed);
                    }
                    Err(e) => return Err(e),
                }
            }
            let req = refresh_fallback_request(&self.inner.cfg, &rt, &current.username, device_key, None);
            self.call::<InitiateAuthResponse>(&req)
                .await
                .map(|r| r.authentication_result)
        }
        .instrument(span)
        .await;
        match result {
            Ok(result) => {
                let tokens = refresh_result(&current.tokens, result).map_err(|error| {
                    AuthError::Protocol {
                        operation: "GetTokensFromRefreshToken".into(),
                        error,
                    }
                })?;
                let drift = tokens
                    .access_claims()
                    .ok()
                    .and_then(|c| c.iat)
                    .map_or(current.clock_drift_ms, |iat| {
                        iat.saturating_mul(1000) - self.inner.clock.now_millis()
                    });
                let session = StoredSession {
                    tokens,
                    clock_drift_ms: drift,
                    ..current
                };
                self.inner.store.save(&session)?;
                Ok(Some(session))
            }
            Err(AuthError::Service { error, operation }) => {
                if is_definitive_refresh_error(&error) {
                    warn!(error = %error, "refresh refused; the session is over");
                    self.inner.store.clear()?;
                    Ok(None)
                } else {
                    Err(AuthError::Service { error, operation })
                }
            }
            Err(e) => Err(e),
        }
    }

    async fn current_session(&self, force: bool) -> Result<Option<StoredSession>, AuthError> {
        let Some(s) = self.load_session() else {
            return Ok(None);
        };
        if force || self.needs_refresh(&s) {
            self.refresh(&s, force).await
        } else {
            Ok(Some(s))
        }
    }

    /// The current tokens, refreshed first when they are about to expire
    /// (Amplify's `fetchAuthSession`). Nobody signed in is not an error:
    /// `tokens` is `None`. A refresh Cognito refuses definitively (revoked,
    /// user gone…) clears the tokens; network trouble and throttling are
    /// returned as errors and the tokens are kept.
    pub async fn fetch_auth_session(
        &self,
        options: FetchAuthSessionOptions,
    ) -> Result<AuthSession, AuthError> {
        let span = info_span!(
            "cognito_auth.fetch_auth_session",
            force = options.force_refresh
        );
        async move {
            let Some(s) = self.current_session(options.force_refresh).await? else {
                return Ok(AuthSession {
                    tokens: None,
                    user_sub: None,
                });
            };
            let expires_at = s.tokens.access_claims().ok().and_then(|c| c.exp);
            Ok(AuthSession {
                user_sub: s.user_sub.clone(),
                tokens: Some(AuthSessionTokens {
                    access_token: s.tokens.access_token.clone(),
                    id_token: s.tokens.id_token.clone(),
                    expires_at,
                    sign_in_details: s.sign_in_details.clone(),
                }),
            })
        }
        .instrument(span)
        .await
    }

    /// The signed-in user (Amplify's `getCurrentUser`), from the ID token
    /// (refreshed first when due).
    pub async fn get_current_user(&self) -> Result<AuthUser, AuthError> {
        let s = self
            .current_session(false)
            .instrument(info_span!("cognito_auth.get_current_user"))
            .await?
            .ok_or(AuthError::UserUnAuthenticated)?;
        let id = s.tokens.id_claims().ok().flatten();
        let access = s.tokens.access_claims().ok();
        let user_id = s
            .user_sub
            .clone()
            .or_else(|| id.as_ref().and_then(|c| c.sub.clone()))
            .or_else(|| access.as_ref().and_then(|c| c.sub.clone()))
            .ok_or(AuthError::UserUnAuthenticated)?;
        Ok(AuthUser {
            username: id
                .as_ref()
                .and_then(|c| c.any_username().map(str::to_owned))
                .unwrap_or(s.username),
            user_id,
            sign_in_details: s.sign_in_details,
        })
    }

    /// The raw stored tokens (for callers that need the refresh token).
    pub fn stored_tokens(&self) -> Option<AuthTokens> {
        self.load_session().map(|s| s.tokens)
    }
}

/// True when Cognito says the challenge session can no longer be used.
fn session_is_over(e: &AuthError) -> bool {
    e.service_error().is_some_and(|s| {
        s.kind == ErrorKind::NotAuthorized && s.message.to_ascii_lowercase().contains("session")
    })
}

/// For an error answer that is not Cognito's (no error type in the header or
/// a JSON body: a proxy's or an emulator's HTML error page), a short
/// description to use as the message instead of the page itself.
fn foreign_error_body(resp: &Response, error: &ServiceError) -> Option<String> {
    let is_foreign = matches!(&error.kind, ErrorKind::Unknown(n) if n == crate::error::NOT_COGNITO)
        && resp.header("x-amzn-errortype").is_none()
        && serde_json::from_slice::<serde_json::Value>(&resp.body).is_err();
    if !is_foreign {
        return None;
    }
    let content_type = resp.header("content-type").unwrap_or("no content type");
    let text: String = String::from_utf8_lossy(&resp.body)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let excerpt: String = text.chars().take(120).collect();
    let more = if text.chars().count() > 120 {
        "…"
    } else {
        ""
    };
    Some(format!(
        "HTTP {} with a body that is not a Cognito error ({content_type}, {} bytes: {excerpt:?}{more})",
        resp.status,
        resp.body.len()
    ))
}

#[cfg(test)]
mod tests {
    #[test]
    fn auth_is_clone_send_sync() {
        fn is<T: Send + Sync + Clone + 'static>() {}
        is::<super::Auth>();
    }
}
