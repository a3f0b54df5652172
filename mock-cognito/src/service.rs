//! The service: HTTP in, HTTP out, no socket. [`MockService::handle`] is what
//! the loopback server, the in-process transport and tests all call.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, RwLock};

use bytes::Bytes;
use cognito_auth_proto::{Action, ErrorKind, ServiceError};
use http::{HeaderValue, Method, Request, Response, StatusCode, header};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use crate::clock::Clock;
use crate::config::{Config, IssuerMode};
use crate::error::{ApiError, err, internal};
use crate::ids;
use crate::jwt::PoolKeys;
use crate::persist::Persister;
use crate::state::State;

/// Largest request body accepted, in bytes.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// The JSON 1.1 content type.
pub const AMZ_JSON: &str = "application/x-amz-json-1.1";

const ALLOW_HEADERS: &str = "content-type,x-amz-target,x-amz-user-agent,cache-control,authorization,x-amz-date,x-amz-security-token,x-amz-content-sha256,amz-sdk-invocation-id,amz-sdk-request";
const EXPOSE_HEADERS: &str = "x-amzn-RequestId,x-amzn-ErrorType,x-amzn-ErrorMessage,Date";

/// Settings fixed for the life of a service.
#[derive(Clone, Debug)]
pub struct ServiceSettings {
    /// Region of new pools.
    pub region: String,
    /// Account id in ARNs.
    pub account_id: String,
    /// Issuer form.
    pub issuer: IssuerMode,
    /// Primes per generated signing key.
    pub signing_key_primes: usize,
}

/// A local Cognito user-pool service. Cheap to clone (an `Arc` inside); every
/// clone serves the same state.
#[derive(Clone)]
pub struct MockService {
    pub(crate) inner: Arc<Inner>,
}

impl std::fmt::Debug for MockService {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MockService")
            .field("endpoint", &self.inner.endpoint())
            .finish_non_exhaustive()
    }
}

/// The shared insides of a [`MockService`].
pub(crate) struct Inner {
    pub(crate) state: Mutex<State>,
    /// The start-up state `/_mock/reset` returns to.
    pub(crate) seed: Mutex<State>,
    pub(crate) clock: Clock,
    pub(crate) settings: ServiceSettings,
    endpoint: RwLock<String>,
    /// Signing keys by pool id, so signing never needs the state lock.
    keys: RwLock<HashMap<String, Arc<PoolKeys>>>,
    pub(crate) persister: Option<Persister>,
    /// Custom-auth triggers registered as Rust closures, by pool id.
    triggers: RwLock<HashMap<String, crate::custom::Triggers>>,
    /// Pool and client created for the "default" role (printed at start).
    pub(crate) default_ids: (String, String),
    /// SRP verifier tables of users who sign in repeatedly.
    pub(crate) srp_tables: crate::srp_cache::SrpTables,
}

impl MockService {
    /// A service provisioned from `config` (an empty config gives one default
    /// pool and client).
    pub fn new(config: &Config) -> Result<Self, crate::StartError> {
        Self::build(config, Clock::new(), None, None)
    }

    pub(crate) fn build(
        config: &Config,
        clock: Clock,
        loaded: Option<crate::persist::StateFile>,
        persister: Option<Persister>,
    ) -> Result<Self, crate::StartError> {
        let settings = ServiceSettings {
            region: config.region().to_owned(),
            account_id: config
                .account_id
                .clone()
                .unwrap_or_else(|| "123456789012".into()),
            issuer: config.issuer.clone(),
            signing_key_primes: config
                .signing_key_primes
                .unwrap_or(crate::jwt::GENERATED_KEY_PRIMES),
        };
        let (seed, current) = match loaded {
            Some(file) => (file.seed, file.current),
            None => {
                let seed = crate::provision::seed_state(config, &settings, clock.now_ms())
                    .map_err(crate::StartError::Config)?;
                (seed.clone(), seed)
            }
        };
        let default_ids = crate::provision::default_ids(&seed)
            .ok_or_else(|| crate::StartError::Config("no pool with a client".into()))?;
        let inner = Inner {
            state: Mutex::new(current),
            seed: Mutex::new(seed),
            clock,
            settings,
            endpoint: RwLock::new("http://localhost".into()),
            keys: RwLock::new(HashMap::new()),
            persister,
            triggers: RwLock::new(HashMap::new()),
            default_ids,
            srp_tables: crate::srp_cache::SrpTables::default(),
        };
        // The fixed-base table for g: paid once here, not in the first sign-in.
        cognito_auth_srp::group::warm_up();
        Ok(Self {
            inner: Arc::new(inner),
        })
    }

    /// Registers custom-auth triggers (Rust closures) for a pool; they take
    /// precedence over a webhook and the built-in triggers.
    pub fn set_triggers(&self, user_pool_id: &str, triggers: crate::custom::Triggers) {
        self.inner
            .triggers
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(user_pool_id.to_owned(), triggers);
    }

    /// The mock's clock.
    pub fn clock(&self) -> &Clock {
        &self.inner.clock
    }

    /// The base URL used in issuers and discovery documents.
    pub fn endpoint(&self) -> String {
        self.inner.endpoint()
    }

    /// Sets the base URL (the server does this once it is bound).
    pub fn set_endpoint(&self, endpoint: &str) {
        let mut e = self
            .inner
            .endpoint
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        *e = endpoint.trim_end_matches('/').to_owned();
    }

    /// The region of the default pool.
    pub fn region(&self) -> &str {
        &self.inner.settings.region
    }

    /// Id of the default (first) pool.
    pub fn user_pool_id(&self) -> String {
        self.inner.default_ids.0.clone()
    }

    /// Id of the default (first) pool's first client.
    pub fn client_id(&self) -> String {
        self.inner.default_ids.1.clone()
    }

    /// Codes delivered so far (oldest first), optionally only one user's
    /// (username, alias or sub) and/or one pool's.
    pub fn codes(
        &self,
        username: Option<&str>,
        user_pool_id: Option<&str>,
    ) -> Vec<crate::SentCode> {
        let st = self.inner.lock();
        crate::mock_api::filter_codes(&st, username, user_pool_id)
    }

    /// The newest code sent to a user (username, alias or sub), in any pool.
    pub fn last_code(&self, username: &str) -> Option<String> {
        self.codes(Some(username), None).pop().map(|c| c.code)
    }

    /// Back to the start-up state: configured pools, clients and users with
    /// the same ids and keys; everything else forgotten. The clock is reset too.
    pub fn reset(&self) {
        let seed = self.inner.seed_snapshot();
        {
            let mut st = self.inner.lock();
            *st = seed;
        }
        self.inner.clock.reset();
        self.inner.keys_clear();
        self.inner.touch();
    }

    /// A copy of the whole state (what `--state` writes).
    pub fn snapshot(&self) -> crate::persist::StateFile {
        crate::persist::StateFile {
            version: crate::state::STATE_VERSION,
            seed: self.inner.seed_snapshot(),
            current: self.inner.lock().clone(),
        }
    }

    /// Writes the state file now (if the service has one).
    pub fn flush(&self) -> std::io::Result<()> {
        match &self.inner.persister {
            Some(p) => p.write_now(|| self.snapshot()),
            None => Ok(()),
        }
    }

    /// Answers one HTTP request. Never panics; every failure is a
    /// Cognito-shaped error response.
    pub async fn handle(&self, req: Request<Bytes>) -> Response<Bytes> {
        self.handle_sync(req)
    }

    /// [`MockService::handle`] without the `async`: all work is CPU-bound.
    pub fn handle_sync(&self, req: Request<Bytes>) -> Response<Bytes> {
        let request_id = ids::request_id();
        let (parts, body) = req.into_parts();
        let path = parts.uri.path();
        let mut resp = if parts.method == Method::OPTIONS {
            preflight(&parts.headers)
        } else if path.starts_with("/_mock/") || path == "/_mock" {
            crate::mock_api::handle(self, &parts.method, &parts.uri, &body)
        } else if parts.method == Method::POST && (path == "/" || path.is_empty()) {
            self.api(&parts.headers, &body)
        } else if parts.method == Method::GET || parts.method == Method::HEAD {
            crate::mock_api::well_known(self, path)
        } else {
            error_response(&err(
                ErrorKind::UnknownOperation,
                format!("No route for {} {path}", parts.method),
            ))
        };
        decorate(&mut resp, &request_id);
        resp
    }

    fn api(&self, headers: &http::HeaderMap, body: &Bytes) -> Response<Bytes> {
        match self.api_inner(headers, body) {
            Ok(bytes) => json_response(StatusCode::OK, bytes),
            Err(e) => error_response(&e),
        }
    }

    fn api_inner(&self, headers: &http::HeaderMap, body: &Bytes) -> Result<Vec<u8>, ApiError> {
        if body.len() > MAX_BODY_BYTES {
            return Err(too_large());
        }
        let target = headers
            .get("x-amz-target")
            .and_then(|v| v.to_str().ok())
            .ok_or_else(|| {
                err(
                    ErrorKind::UnknownOperation,
                    "Missing X-Amz-Target header: cannot tell which operation to run",
                )
            })?;
        if let Some(ct) = headers.get(header::CONTENT_TYPE) {
            let ct = ct.to_str().unwrap_or("");
            let base = ct.split(';').next().unwrap_or("").trim();
            if !base.is_empty()
                && !base.eq_ignore_ascii_case(AMZ_JSON)
                && !base.eq_ignore_ascii_case("application/json")
                && !base.eq_ignore_ascii_case("application/x-amz-json-1.0")
            {
                return Err(err(
                    ErrorKind::UnknownOperation,
                    format!("Unsupported Content-Type {base}; use {AMZ_JSON}"),
                ));
            }
        }
        let action = Action::from_target(target).ok_or_else(|| {
            err(
                ErrorKind::UnknownOperation,
                format!("Unknown operation target {target}"),
            )
        })?;
        crate::dispatch::dispatch(&self.inner, &action, body)
    }
}

impl Inner {
    /// Locks the state (recovering from a poisoned lock: handlers do not
    /// panic, and state is only written in complete steps).
    pub(crate) fn lock(&self) -> MutexGuard<'_, State> {
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Runs `f` on the state and schedules a state-file write.
    pub(crate) fn write<R>(&self, f: impl FnOnce(&mut State) -> R) -> R {
        let r = {
            let mut st = self.lock();
            f(&mut st)
        };
        self.touch();
        r
    }

    /// Schedules a state-file write (debounced, in the background).
    pub(crate) fn touch(&self) {
        if let Some(p) = &self.persister {
            p.mark_dirty();
        }
    }

    pub(crate) fn seed_snapshot(&self) -> State {
        self.seed
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    pub(crate) fn endpoint(&self) -> String {
        self.endpoint
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    /// The issuer of a pool's tokens.
    pub(crate) fn issuer(&self, pool_id: &str, updated: bool) -> String {
        let region = pool_id.split_once('_').map_or("us-east-1", |(r, _)| r);
        match self.settings.issuer {
            IssuerMode::Local => format!("{}/{pool_id}", self.endpoint()),
            IssuerMode::Aws if updated => {
                format!("https://issuer-cognito-idp.{region}.amazonaws.com/{pool_id}")
            }
            IssuerMode::Aws => format!("https://cognito-idp.{region}.amazonaws.com/{pool_id}"),
        }
    }

    fn keys_clear(&self) {
        self.srp_tables.clear();
        self.keys
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clear();
    }

    /// The closure triggers of a pool, if any.
    pub(crate) fn triggers_for(&self, pool_id: &str) -> Option<crate::custom::Triggers> {
        self.triggers
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .get(pool_id)
            .cloned()
    }

    /// Forgets the cached keys of one pool (after it is deleted).
    pub(crate) fn forget_keys(&self, pool_id: &str) {
        self.srp_tables.clear();
        self.keys
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .remove(pool_id);
    }

    /// The signing keys of a pool, generated on first use (outside the state
    /// lock) and stored in the state so they survive restarts.
    pub(crate) fn pool_keys(&self, pool_id: &str) -> Result<Arc<PoolKeys>, ApiError> {
        if let Some(k) = self
            .keys
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .get(pool_id)
        {
            return Ok(k.clone());
        }
        // Stored in the state already (loaded from disk, or the seed)?
        let stored = {
            let st = self.lock();
            let pool = st
                .pools
                .get(pool_id)
                .ok_or_else(|| crate::error::pool_not_found(pool_id))?;
            pool.keys.clone()
        };
        let keys = match stored {
            Some(k) => k,
            None => {
                let fresh = PoolKeys::generate_with_primes(
                    self.settings.signing_key_primes,
                    &mut cognito_auth_srp::OsRandom,
                )
                .map_err(|e| internal(format!("could not generate signing keys: {e}")))?;
                // Another request may have raced us; the first writer wins.
                self.write(|st| match st.pools.get_mut(pool_id) {
                    Some(pool) => match &pool.keys {
                        Some(existing) => Ok(existing.clone()),
                        None => {
                            pool.keys = Some(fresh.clone());
                            Ok(fresh)
                        }
                    },
                    None => Err(crate::error::pool_not_found(pool_id)),
                })?
            }
        };
        let keys = Arc::new(keys);
        self.keys
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(pool_id.to_owned(), keys.clone());
        Ok(keys)
    }
}

/// Decodes a request body into `T`, mapping failures to the errors Cognito
/// gives for malformed input.
pub(crate) fn decode<T: DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    cognito_auth_proto::decode_request::<T>(body)
}

/// Encodes a response body.
pub(crate) fn encode<T: Serialize>(value: &T) -> Result<Vec<u8>, ApiError> {
    serde_json::to_vec(value).map_err(|e| internal(format!("could not encode the response: {e}")))
}

fn too_large() -> ServiceError {
    err(
        ErrorKind::RequestEntityTooLarge,
        format!("Request body larger than {MAX_BODY_BYTES} bytes"),
    )
}

/// The error for a body over the limit (used by the server before reading it all).
pub(crate) fn too_large_response() -> Response<Bytes> {
    let mut r = error_response(&too_large());
    decorate(&mut r, &ids::request_id());
    r
}

pub(crate) fn json_response(status: StatusCode, body: Vec<u8>) -> Response<Bytes> {
    let mut r = Response::new(Bytes::from(body));
    *r.status_mut() = status;
    r.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(AMZ_JSON));
    r
}

/// A JSON document answer (`application/json`), for JWKS, discovery and `/_mock`.
pub(crate) fn document_response(status: StatusCode, value: &Value) -> Response<Bytes> {
    let mut r = Response::new(Bytes::from(serde_json::to_vec(value).unwrap_or_default()));
    *r.status_mut() = status;
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    r
}

/// A Cognito error answer: status, `x-amzn-ErrorType`/`ErrorMessage`, body.
pub(crate) fn error_response(e: &ServiceError) -> Response<Bytes> {
    let status = StatusCode::from_u16(e.http_status()).unwrap_or(StatusCode::BAD_REQUEST);
    let mut r = json_response(status, e.to_body());
    let h = r.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&format!("{}:", e.kind.as_str())) {
        h.insert("x-amzn-errortype", v);
    }
    // Header values must be visible ASCII; anything else is dropped rather than sent broken.
    let msg: String = e
        .message
        .chars()
        .map(|c| {
            if c.is_ascii() && !c.is_ascii_control() {
                c
            } else {
                '?'
            }
        })
        .collect();
    if let Ok(v) = HeaderValue::from_str(&msg) {
        h.insert("x-amzn-errormessage", v);
    }
    r
}

/// A CORS preflight answer. Allows the headers AWS clients send, plus any
/// other header the browser asks about (a header-name token list only), so
/// browser SDKs that add headers of their own are not refused.
fn preflight(request: &http::HeaderMap) -> Response<Bytes> {
    let mut r = Response::new(Bytes::new());
    *r.status_mut() = StatusCode::OK;
    let asked = request
        .get("access-control-request-headers")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let mut allowed = ALLOW_HEADERS.to_owned();
    for name in asked.split(',').map(str::trim) {
        let token = !name.is_empty()
            && name.len() <= 64
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        let known = ALLOW_HEADERS
            .split(',')
            .any(|k| k.eq_ignore_ascii_case(name));
        if token && !known && allowed.len() < 2048 {
            allowed.push(',');
            allowed.push_str(&name.to_ascii_lowercase());
        }
    }
    let h = r.headers_mut();
    h.insert(
        "access-control-allow-methods",
        HeaderValue::from_static("GET,POST,OPTIONS"),
    );
    if let Ok(v) = HeaderValue::from_str(&allowed) {
        h.insert("access-control-allow-headers", v);
    }
    h.insert("access-control-max-age", HeaderValue::from_static("86400"));
    r
}

/// Headers every answer carries: request id and CORS.
fn decorate(r: &mut Response<Bytes>, request_id: &str) {
    let h = r.headers_mut();
    if let Ok(v) = HeaderValue::from_str(request_id) {
        h.insert("x-amzn-requestid", v);
    }
    h.insert("access-control-allow-origin", HeaderValue::from_static("*"));
    h.insert(
        "access-control-expose-headers",
        HeaderValue::from_static(EXPOSE_HEADERS),
    );
    let len = r.body().len();
    r.headers_mut()
        .insert(header::CONTENT_LENGTH, HeaderValue::from(len));
}

/// The JSON shape `/_mock/*` answers use on success.
pub(crate) fn ok_doc(v: Value) -> Response<Bytes> {
    document_response(StatusCode::OK, &v)
}

/// A `/_mock` error.
pub(crate) fn mock_error(status: StatusCode, message: &str) -> Response<Bytes> {
    document_response(
        status,
        &json!({"__type": "InvalidParameterException", "message": message}),
    )
}
