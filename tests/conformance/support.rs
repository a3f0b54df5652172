//! What the scenarios share: the recording transport, step recording, the
//! mock's outbox, token verification against the pool's JWKS.

use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use cognito_auth::{
    Auth, AuthError, AuthSession, AuthUser, ConfirmSignUpOutput, Request, Response, SignInOutput,
    SignOutOutput, SignUpOutput, Transport, TransportError,
};
use cognito_auth_transport::HttpsTransport;
use serde_json::{Map, Value, json};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};

use crate::totp::Authenticator;

/// A scenario's result: `Err` is the reason it failed.
pub type R<T> = Result<T, String>;

pub const TARGET_PREFIX: &str = "AWSCognitoIdentityProviderService.";

// ------------------------------------------------------------------ the server

/// One pool of the scenarios file.
#[derive(Debug, Clone)]
pub struct Pool {
    pub user_pool_id: String,
    pub client_id: String,
}

/// One provisioned user (`scenarios.json` → `scenarios.X.users.rust`).
#[derive(Debug, Clone, Default)]
pub struct User {
    pub username: String,
    pub password: String,
    pub totp_secret: Option<String>,
    /// The TOTP step VerifySoftwareToken spent during provisioning.
    pub totp_used_step: Option<u64>,
}

impl User {
    pub fn from_json(v: &Value) -> Option<Self> {
        Some(Self {
            username: v.get("username")?.as_str()?.to_owned(),
            password: v.get("password")?.as_str()?.to_owned(),
            totp_secret: v
                .get("totpSecret")
                .and_then(Value::as_str)
                .map(str::to_owned),
            totp_used_step: v.get("totpUsedStep").and_then(Value::as_u64),
        })
    }
}

/// Run-wide settings and state.
#[derive(Debug)]
pub struct Shared {
    pub endpoint: String,
    pub mock_api: bool,
    pub run_id: String,
    pub clock_offset: f64,
    pub authenticator: Authenticator,
    /// The user `sign_up_confirm_sign_in_srp` confirmed (later scenarios sign it in).
    pub confirmed: Mutex<Option<String>>,
    jwks: Mutex<HashMap<String, Value>>,
}

impl Shared {
    pub fn new(endpoint: String, mock_api: bool, run_id: String, clock_offset: f64) -> Self {
        Self {
            endpoint,
            mock_api,
            run_id,
            clock_offset,
            authenticator: Authenticator::new(clock_offset),
            confirmed: Mutex::new(None),
            jwks: Mutex::new(HashMap::new()),
        }
    }

    /// Seconds since the epoch on the server's clock.
    pub fn now(&self) -> f64 {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs_f64())
            .unwrap_or(0.0)
            + self.clock_offset
    }
}

/// `GET {endpoint}{path}` over plain HTTP/1.0 (the mock's `/_mock` API and the
/// pool's JWKS live beside the Cognito endpoint, on loopback).
pub async fn http_get(endpoint: &str, path: &str) -> R<(u16, Value)> {
    let host = endpoint
        .strip_prefix("http://")
        .ok_or_else(|| format!("{endpoint}: only http:// endpoints have a /_mock API"))?
        .trim_end_matches('/');
    let exchange = async {
        let mut s = tokio::net::TcpStream::connect(host)
            .await
            .map_err(|e| format!("connect {host}: {e}"))?;
        let head =
            format!("GET {path} HTTP/1.0\r\nHost: {host}\r\nAccept: application/json\r\n\r\n");
        s.write_all(head.as_bytes())
            .await
            .map_err(|e| format!("GET {path}: {e}"))?;
        let mut raw = Vec::new();
        s.read_to_end(&mut raw)
            .await
            .map_err(|e| format!("GET {path}: {e}"))?;
        Ok::<_, String>(raw)
    };
    let raw = tokio::time::timeout(Duration::from_secs(15), exchange)
        .await
        .map_err(|_| format!("GET {path}: no answer within 15 s"))??;
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(|| format!("GET {path}: no HTTP header end"))?;
    let status_line = String::from_utf8_lossy(&raw[..split]);
    let status = status_line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse::<u16>().ok())
        .ok_or_else(|| format!("GET {path}: bad status line {status_line:?}"))?;
    let body = &raw[split + 4..];
    let value = if body.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(body).map_err(|e| format!("GET {path}: body is not JSON: {e}"))?
    };
    Ok((status, value))
}

/// Percent-encodes a query value.
pub fn query_escape(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

// ------------------------------------------------------------------ the wire

/// An `HttpsTransport` that logs every Cognito action it sends: action,
/// `AuthFlow`, `ChallengeName`, whether a `Session` went along, the status
/// and the error type — the same fields as the Amplify suite's wire log.
#[derive(Clone)]
pub struct Recorder {
    inner: Arc<HttpsTransport>,
    log: Arc<Mutex<Vec<Value>>>,
}

impl Recorder {
    pub fn new(endpoint: &str) -> R<Self> {
        Ok(Self {
            inner: Arc::new(HttpsTransport::new(endpoint).map_err(|e| e.to_string())?),
            log: Arc::new(Mutex::new(Vec::new())),
        })
    }

    pub fn entries(&self) -> Vec<Value> {
        self.log.lock().map(|l| l.clone()).unwrap_or_default()
    }

    /// A Cognito call that is not part of the scenario's record (checks).
    pub async fn call_unrecorded(&self, action: &str, body: &Value) -> R<(u16, Value)> {
        let r = self
            .inner
            .send(Request::new(
                format!("{TARGET_PREFIX}{action}"),
                body.to_string(),
            ))
            .await
            .map_err(|e| format!("{action}: {e}"))?;
        Ok((r.status, parse_body(&r)))
    }
}

fn parse_body(r: &Response) -> Value {
    serde_json::from_slice(&r.body).unwrap_or(Value::Null)
}

/// The error type of a failed answer: `x-amzn-ErrorType` (`Name:`), else `__type`.
pub fn error_type(r: &Response) -> Option<String> {
    if r.is_success() {
        return None;
    }
    r.header("x-amzn-errortype")
        .and_then(|h| h.split(':').next())
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .or_else(|| {
            parse_body(r)
                .get("__type")
                .and_then(Value::as_str)
                .map(|t| t.rsplit('#').next().unwrap_or(t).to_owned())
        })
}

#[async_trait::async_trait]
impl Transport for Recorder {
    async fn send(&self, request: Request) -> Result<Response, TransportError> {
        let action = request
            .target
            .strip_prefix(TARGET_PREFIX)
            .unwrap_or(&request.target)
            .to_owned();
        let mut entry = Map::new();
        entry.insert("action".into(), json!(action));
        if let Ok(body) = serde_json::from_slice::<Value>(&request.body) {
            for (field, key) in [("AuthFlow", "authFlow"), ("ChallengeName", "challengeName")] {
                if let Some(v) = body.get(field) {
                    entry.insert(key.into(), v.clone());
                }
            }
            if body.get("Session").is_some_and(|s| !s.is_null()) {
                entry.insert("session".into(), json!(true));
            }
        }
        let result = self.inner.send(request).await;
        match &result {
            Ok(r) => {
                entry.insert("status".into(), json!(r.status));
                if let Some(e) = error_type(r) {
                    entry.insert("error".into(), json!(e));
                }
            }
            Err(e) => {
                entry.insert("status".into(), json!(0));
                entry.insert("error".into(), json!(format!("transport: {e}")));
            }
        }
        if let Ok(mut log) = self.log.lock() {
            log.push(Value::Object(entry));
        }
        result
    }
}

// ------------------------------------------------------------------ steps

/// How a facade result appears in the step record (Amplify's field names).
pub trait Describe {
    fn describe(&self, entry: &mut Map<String, Value>);
}

impl Describe for SignInOutput {
    fn describe(&self, e: &mut Map<String, Value>) {
        e.insert("nextStep".into(), json!(self.next_step.as_str()));
        e.insert("isSignedIn".into(), json!(self.is_signed_in));
    }
}

impl Describe for SignUpOutput {
    fn describe(&self, e: &mut Map<String, Value>) {
        e.insert("nextStep".into(), json!(self.next_step.as_str()));
        e.insert("isSignUpComplete".into(), json!(self.is_sign_up_complete));
    }
}

impl Describe for ConfirmSignUpOutput {
    fn describe(&self, e: &mut Map<String, Value>) {
        e.insert("nextStep".into(), json!(self.next_step.as_str()));
        e.insert("isSignUpComplete".into(), json!(self.is_sign_up_complete));
    }
}

macro_rules! no_step {
    ($($t:ty),*) => {$(
        impl Describe for $t {
            fn describe(&self, e: &mut Map<String, Value>) {
                e.insert("nextStep".into(), Value::Null);
            }
        }
    )*};
}
no_step!(AuthSession, AuthUser, SignOutOutput);

/// The cognito-auth error as the step record shows it.
fn error_entry(call: &str, e: &AuthError) -> Value {
    let message = e
        .service_error()
        .map_or_else(|| e.to_string(), |s| s.message.clone());
    json!({"call": call, "error": e.name(), "message": message})
}

/// Tokens the scenario received, verified.
#[derive(Debug, Clone)]
pub struct Tokens {
    pub access: String,
    pub access_claims: Value,
}

/// One scenario's world: the facade client for its pool, the wire log, the
/// step record, its user.
pub struct Env {
    pub auth: Auth,
    pub wire: Recorder,
    pub steps: Vec<Value>,
    pub user: User,
    pub pool: Pool,
    pub shared: Arc<Shared>,
}

impl Env {
    pub fn new(shared: Arc<Shared>, pool: Pool, user: Option<User>) -> R<Self> {
        let wire = Recorder::new(&shared.endpoint)?;
        let auth = Auth::builder(&pool.user_pool_id, &pool.client_id)
            .transport(wire.clone())
            .build()
            .map_err(|e| format!("building the client: {e}"))?;
        Ok(Self {
            auth,
            wire,
            steps: Vec::new(),
            user: user.unwrap_or_default(),
            pool,
            shared,
        })
    }

    /// Runs one facade call, recording its step (or its error).
    pub async fn step<T: Describe>(
        &mut self,
        call: &str,
        fut: impl Future<Output = Result<T, AuthError>>,
    ) -> R<T> {
        match fut.await {
            Ok(out) => {
                let mut e = Map::new();
                e.insert("call".into(), json!(call));
                out.describe(&mut e);
                self.steps.push(Value::Object(e));
                Ok(out)
            }
            Err(err) => {
                self.steps.push(error_entry(call, &err));
                Err(format!("{call}: {}: {err}", err.name()))
            }
        }
    }

    /// Runs one facade call that must fail with `name` (and `message`).
    pub async fn refused<T: Describe + std::fmt::Debug>(
        &mut self,
        call: &str,
        fut: impl Future<Output = Result<T, AuthError>>,
        name: &str,
        message: Option<&str>,
    ) -> R<AuthError> {
        match fut.await {
            Ok(out) => {
                let mut e = Map::new();
                e.insert("call".into(), json!(call));
                out.describe(&mut e);
                self.steps.push(Value::Object(e));
                Err(format!("{call}: expected {name}, got {out:?}"))
            }
            Err(err) => {
                self.steps.push(error_entry(call, &err));
                let got_message = err
                    .service_error()
                    .map_or_else(|| err.to_string(), |s| s.message.clone());
                if err.name() != name || message.is_some_and(|m| m != got_message) {
                    return Err(format!(
                        "{call}: expected {name} {message:?}, got {} {got_message:?}",
                        err.name()
                    ));
                }
                Ok(err)
            }
        }
    }

    /// A Cognito action the facade has no call for, sent by hand and recorded
    /// as the step `wire:<Action>` (the error type when it fails).
    pub async fn raw(&mut self, action: &str, body: Value) -> R<Value> {
        let call = format!("wire:{action}");
        let r = self
            .wire
            .send(Request::new(
                format!("{TARGET_PREFIX}{action}"),
                body.to_string(),
            ))
            .await
            .map_err(|e| format!("{call}: {e}"))?;
        let parsed = parse_body(&r);
        match error_type(&r) {
            None => {
                self.steps
                    .push(json!({"call": call, "nextStep": Value::Null}));
                Ok(parsed)
            }
            Some(err) => {
                let message = parsed
                    .get("message")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_owned();
                self.steps
                    .push(json!({"call": call, "error": err, "message": message}));
                Err(format!("{call}: {err}: {message}"))
            }
        }
    }

    pub fn wire_has(&self, what: &str, pred: impl Fn(&Value) -> bool) -> R<()> {
        let entries = self.wire.entries();
        if entries.iter().any(pred) {
            return Ok(());
        }
        let actions: Vec<&str> = entries
            .iter()
            .filter_map(|w| w.get("action").and_then(Value::as_str))
            .collect();
        Err(format!(
            "cognito-auth never sent {what}; wire: {}",
            actions.join(", ")
        ))
    }

    /// The newest outbox entry for `username` in this pool (with `purpose`).
    pub async fn outbox(&self, username: &str, purpose: Option<&str>) -> R<Value> {
        let path = format!(
            "/_mock/codes?username={}&userPoolId={}",
            query_escape(username),
            query_escape(&self.pool.user_pool_id)
        );
        let (status, body) = http_get(&self.shared.endpoint, &path).await?;
        expect_eq(&status, &200, "GET /_mock/codes status")?;
        let entries = body.as_array().cloned().unwrap_or_default();
        entries
            .into_iter()
            .rev()
            .find(|e| purpose.is_none_or(|p| e.get("purpose").and_then(Value::as_str) == Some(p)))
            .ok_or_else(|| {
                format!(
                    "no {} code in the outbox for {username}",
                    purpose.unwrap_or("")
                )
            })
    }

    /// The newest code sent to `username` (any code on servers without an outbox,
    /// which accept any: moto).
    pub async fn code(&self, username: &str, purpose: Option<&str>) -> R<String> {
        if !self.shared.mock_api {
            return Ok("123456".into());
        }
        let e = self.outbox(username, purpose).await?;
        e.get("code")
            .and_then(Value::as_str)
            .map(str::to_owned)
            .ok_or_else(|| format!("outbox entry without a code: {e}"))
    }

    /// `fetch_auth_session`, requiring tokens, verified against the pool's JWKS.
    pub async fn session(&mut self, force_refresh: bool) -> R<Tokens> {
        let auth = self.auth.clone();
        let (call, options) = if force_refresh {
            (
                "fetchAuthSession(forceRefresh)",
                cognito_auth::FetchAuthSessionOptions::force_refresh(),
            )
        } else {
            (
                "fetchAuthSession",
                cognito_auth::FetchAuthSessionOptions::default(),
            )
        };
        let s = self.step(call, auth.fetch_auth_session(options)).await?;
        let tokens = s
            .tokens
            .ok_or_else(|| format!("{call} returned no tokens"))?;
        let access = tokens.access_token.expose().to_owned();
        let id = tokens
            .id_token
            .as_ref()
            .map(|t| t.expose().to_owned())
            .ok_or_else(|| format!("{call} returned no ID token"))?;
        let access_claims = self.verify_jwt(&access, "access").await?;
        self.verify_jwt(&id, "id").await?;
        expect_eq(
            &s.user_sub.as_deref(),
            &access_claims.get("sub").and_then(Value::as_str),
            "fetchAuthSession userSub",
        )?;
        Ok(Tokens {
            access,
            access_claims,
        })
    }

    async fn jwks(&self) -> R<Value> {
        if let Some(k) = self
            .shared
            .jwks
            .lock()
            .ok()
            .and_then(|m| m.get(&self.pool.user_pool_id).cloned())
        {
            return Ok(k);
        }
        let (status, body) = http_get(
            &self.shared.endpoint,
            &format!("/{}/.well-known/jwks.json", self.pool.user_pool_id),
        )
        .await?;
        expect_eq(&status, &200, "JWKS status")?;
        if let Ok(mut m) = self.shared.jwks.lock() {
            m.insert(self.pool.user_pool_id.clone(), body.clone());
        }
        Ok(body)
    }

    /// A Cognito JWT: RS256 signature by `kid` from the JWKS, `iss`, `exp`,
    /// `token_use`, `aud` (ID) / `client_id` (access). Returns the claims.
    pub async fn verify_jwt(&self, token: &str, token_use: &str) -> R<Value> {
        let parts: Vec<&str> = token.split('.').collect();
        let [h, c, sig] = parts.as_slice() else {
            return Err(format!("{token_use} token is not a JWS"));
        };
        let decode = |s: &str| {
            URL_SAFE_NO_PAD
                .decode(s)
                .map_err(|e| format!("{token_use} token: bad base64url: {e}"))
        };
        let header: Value = serde_json::from_slice(&decode(h)?)
            .map_err(|e| format!("{token_use} token header: {e}"))?;
        let claims: Value = serde_json::from_slice(&decode(c)?)
            .map_err(|e| format!("{token_use} token claims: {e}"))?;
        expect_eq(&header["alg"], &json!("RS256"), "token alg")?;
        let jwks = self.jwks().await?;
        let key = jwks["keys"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|k| k["kid"] == header["kid"])
            .ok_or_else(|| format!("{token_use} token kid {} is not in the JWKS", header["kid"]))?;
        let n = decode(key["n"].as_str().unwrap_or_default())?;
        let e = decode(key["e"].as_str().unwrap_or_default())?;
        ring::signature::RsaPublicKeyComponents { n, e }
            .verify(
                &ring::signature::RSA_PKCS1_2048_8192_SHA256,
                format!("{h}.{c}").as_bytes(),
                &decode(sig)?,
            )
            .map_err(|_| format!("{token_use} token signature does not verify"))?;
        let issuer = format!(
            "{}/{}",
            self.shared.endpoint.trim_end_matches('/'),
            self.pool.user_pool_id
        );
        expect_eq(&claims["iss"], &json!(issuer), "token iss")?;
        expect_eq(&claims["token_use"], &json!(token_use), "token_use")?;
        let exp = claims["exp"].as_f64().unwrap_or(0.0);
        if exp <= self.shared.now() {
            return Err(format!("{token_use} token expired"));
        }
        let (field, want) = if token_use == "id" {
            ("aud", &self.pool.client_id)
        } else {
            ("client_id", &self.pool.client_id)
        };
        expect_eq(&claims[field], &json!(want), field)?;
        Ok(claims)
    }
}

pub fn expect(cond: bool, message: impl Into<String>) -> R<()> {
    if cond { Ok(()) } else { Err(message.into()) }
}

pub fn expect_eq<T: PartialEq + std::fmt::Debug>(got: &T, want: &T, what: &str) -> R<()> {
    if got == want {
        Ok(())
    } else {
        Err(format!("{what}: expected {want:?}, got {got:?}"))
    }
}

/// The same code with its last digit changed: certainly wrong.
pub fn wrong_code(code: &str) -> String {
    let mut s: Vec<char> = code.chars().collect();
    if let Some(last) = s.last_mut() {
        *last = last
            .to_digit(10)
            .and_then(|d| char::from_digit((d + 1) % 10, 10))
            .unwrap_or('0');
    }
    s.into_iter().collect()
}
