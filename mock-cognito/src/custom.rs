//! `CUSTOM_AUTH`: the DefineAuthChallenge / CreateAuthChallenge /
//! VerifyAuthChallengeResponse loop, with triggers given three ways:
//! Rust closures ([`Triggers`], registered per pool), an HTTP webhook per pool
//! (`triggerWebhook` in the config; the mock POSTs the Lambda event JSON and
//! reads back the `response` object), or the built-in default of configured
//! pools (one custom challenge whose answer is a code sent to the outbox).
//!
//! Triggers run outside the state lock, so they may call the mock back.

use std::io::{Read as _, Write as _};
use std::sync::Arc;
use std::time::Duration;

use cognito_auth_proto::{AuthFlow, ChallengeName, ErrorKind, ParamMap, params};
use serde_json::{Map, Value, json};

use crate::auth::{Outcome, consume_session, new_session, next_step, open_session};
use crate::common::check_secret_hash;
use crate::error::{
    ApiError, err, incorrect_credentials, invalid_session, missing_parameter, user_not_found,
};
use crate::ids;
use crate::service::Inner;
use crate::state::{AuthProgress, Client, SentCode};

/// One trigger: takes the Lambda event JSON, returns its `response` object
/// (or the whole event with `response` filled in).
pub type TriggerFn = Arc<dyn Fn(&Value) -> Result<Value, String> + Send + Sync>;

/// The three custom-authentication triggers of a pool, as Rust closures.
#[derive(Clone)]
pub struct Triggers {
    /// DefineAuthChallenge.
    pub define: TriggerFn,
    /// CreateAuthChallenge.
    pub create: TriggerFn,
    /// VerifyAuthChallengeResponse.
    pub verify: TriggerFn,
}

impl std::fmt::Debug for Triggers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Triggers { define, create, verify }")
    }
}

impl Triggers {
    /// Triggers from three closures.
    pub fn new(
        define: impl Fn(&Value) -> Result<Value, String> + Send + Sync + 'static,
        create: impl Fn(&Value) -> Result<Value, String> + Send + Sync + 'static,
        verify: impl Fn(&Value) -> Result<Value, String> + Send + Sync + 'static,
    ) -> Self {
        Self {
            define: Arc::new(define),
            create: Arc::new(create),
            verify: Arc::new(verify),
        }
    }
}

/// How many custom challenges the built-in triggers allow before failing.
pub const BUILTIN_ATTEMPTS: usize = 3;

/// Where a pool's triggers come from.
#[derive(Clone)]
pub(crate) enum Source {
    Closures(Triggers),
    Webhook(String),
    Builtin,
}

fn trigger_error(which: &str, e: &str) -> ApiError {
    err(
        ErrorKind::UnexpectedLambda,
        format!("{which} failed with error {e}."),
    )
}

/// POSTs an event to a webhook (plain HTTP, loopback or LAN) and returns the
/// JSON it answers.
fn post_webhook(url: &str, event: &Value) -> Result<Value, String> {
    let rest = url
        .strip_prefix("http://")
        .ok_or_else(|| format!("webhook {url} is not an http:// URL"))?;
    let (hostport, path) = match rest.find('/') {
        Some(i) => (rest.get(..i).unwrap_or(""), rest.get(i..).unwrap_or("/")),
        None => (rest, "/"),
    };
    let addr = if hostport.contains(':') {
        hostport.to_owned()
    } else {
        format!("{hostport}:80")
    };
    let mut stream = std::net::TcpStream::connect(&addr).map_err(|e| format!("{url}: {e}"))?;
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let _ = stream.set_write_timeout(Some(Duration::from_secs(10)));
    let body = event.to_string();
    let req = format!(
        "POST {path} HTTP/1.1\r\nHost: {hostport}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream
        .write_all(req.as_bytes())
        .map_err(|e| format!("{url}: {e}"))?;
    let mut raw = Vec::new();
    stream
        .take(4 * 1024 * 1024)
        .read_to_end(&mut raw)
        .map_err(|e| format!("{url}: {e}"))?;
    let text = String::from_utf8_lossy(&raw);
    let (head, body) = text
        .split_once("\r\n\r\n")
        .ok_or_else(|| format!("{url}: malformed HTTP answer"))?;
    let status = head.split(' ').nth(1).unwrap_or("");
    if !status.starts_with('2') {
        return Err(format!("{url} answered HTTP {status}"));
    }
    let body = if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        dechunk(body)
    } else {
        body.to_owned()
    };
    serde_json::from_str(&body).map_err(|e| format!("{url}: answer is not JSON ({e})"))
}

fn dechunk(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some((size, tail)) = rest.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if n == 0 {
            break;
        }
        out.push_str(tail.get(..n).unwrap_or(tail));
        rest = tail.get(n + 2..).unwrap_or("");
    }
    out
}

/// The `response` part of what a trigger returned.
fn response_of(v: Value) -> Value {
    match v {
        Value::Object(mut m) if m.contains_key("response") => {
            m.remove("response").unwrap_or(Value::Null)
        }
        other => other,
    }
}

/// The built-in triggers: one custom challenge, answered with a code sent
/// to the user's email (or phone); three wrong answers fail the sign-in.
fn builtin(kind: &str, event: &Value) -> Value {
    let session = event["request"]["session"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    match kind {
        "DefineAuthChallenge" => {
            let last = session.last();
            let custom: Vec<&Value> = session
                .iter()
                .filter(|s| s["challengeName"] == "CUSTOM_CHALLENGE")
                .collect();
            if last.is_some_and(|l| {
                l["challengeName"] == "CUSTOM_CHALLENGE" && l["challengeResult"] == true
            }) {
                json!({"issueTokens": true, "failAuthentication": false})
            } else if custom.len() >= BUILTIN_ATTEMPTS
                || last.is_some_and(|l| {
                    l["challengeResult"] == false && l["challengeName"] != "CUSTOM_CHALLENGE"
                })
            {
                json!({"issueTokens": false, "failAuthentication": true})
            } else if last.is_some_and(|l| l["challengeName"] == "SRP_A") {
                json!({"challengeName": "PASSWORD_VERIFIER", "issueTokens": false, "failAuthentication": false})
            } else {
                json!({"challengeName": "CUSTOM_CHALLENGE", "issueTokens": false, "failAuthentication": false})
            }
        }
        "CreateAuthChallenge" => json!({
            "publicChallengeParameters": {},
            "privateChallengeParameters": {"answer": "<builtin>"},
            "challengeMetadata": "MOCK_CODE",
        }),
        _ => {
            let expected = event["request"]["privateChallengeParameters"]["answer"].as_str();
            let given = event["request"]["challengeAnswer"].as_str();
            json!({"answerCorrect": expected.is_some() && expected == given})
        }
    }
}

fn pool_status(st: &crate::state::State, pool_id: &str, user_key: &str) -> String {
    st.pools
        .get(pool_id)
        .and_then(|p| p.users.get(user_key))
        .map(|u| u.status.clone())
        .unwrap_or_default()
}

/// What the define trigger decided.
enum Decision {
    Tokens,
    Fail,
    Challenge(String),
}

impl Inner {
    fn trigger_source(&self, pool_id: &str) -> Option<Source> {
        if let Some(t) = self.triggers_for(pool_id) {
            return Some(Source::Closures(t));
        }
        let st = self.lock();
        let pool = st.pools.get(pool_id)?;
        if let Some(url) = &pool.settings.trigger_webhook {
            return Some(Source::Webhook(url.clone()));
        }
        pool.settings.builtin_custom_auth.then_some(Source::Builtin)
    }

    /// Runs one trigger outside the lock.
    fn run_trigger(&self, source: &Source, kind: &str, event: &Value) -> Result<Value, ApiError> {
        let out = match source {
            Source::Closures(t) => {
                let f = match kind {
                    "DefineAuthChallenge" => &t.define,
                    "CreateAuthChallenge" => &t.create,
                    _ => &t.verify,
                };
                f(event).map_err(|e| trigger_error(kind, &e))?
            }
            Source::Webhook(url) => {
                post_webhook(url, event).map_err(|e| trigger_error(kind, &e))?
            }
            Source::Builtin => builtin(kind, event),
        };
        Ok(response_of(out))
    }

    /// The Lambda event skeleton for a user. An empty `user_key` is a user
    /// who does not exist (PreventUserExistenceErrors): `userName` is what
    /// the client typed (`login`), there are no attributes, and
    /// `request.userNotFound` is true.
    fn event(
        &self,
        pool_id: &str,
        client_id: &str,
        (user_key, login): (&str, &str),
        trigger_source: &str,
        mut request: Map<String, Value>,
    ) -> Result<Value, ApiError> {
        let st = self.lock();
        let pool = crate::common::pool(&st, pool_id)?;
        let mut attrs = Map::new();
        let user_name = if user_key.is_empty() {
            login.to_owned()
        } else {
            let user = pool.users.get(user_key).ok_or_else(user_not_found)?;
            for (k, v) in user.all_attributes() {
                attrs.insert(k, Value::String(v));
            }
            attrs.insert(
                "cognito:user_status".into(),
                Value::String(user.status.clone()),
            );
            user.username.clone()
        };
        // "userNotFound: A Boolean that Amazon Cognito populates when
        // PreventUserExistenceErrors is set to ENABLED for your user pool
        // client" (developer guide, define auth challenge trigger).
        request.insert("userNotFound".into(), Value::Bool(user_key.is_empty()));
        let mut req = Map::new();
        req.insert("userAttributes".into(), Value::Object(attrs));
        req.extend(request);
        Ok(json!({
            "version": "1",
            "triggerSource": trigger_source,
            "region": self.settings.region,
            "userPoolId": pool_id,
            "userName": user_name,
            "callerContext": {"awsSdkVersion": "mock-cognito", "clientId": client_id},
            "request": Value::Object(req),
            "response": {},
        }))
    }

    /// Asks DefineAuthChallenge what comes next.
    fn define(
        &self,
        source: &Source,
        pool_id: &str,
        client_id: &str,
        who: (&str, &str),
        history: &[Value],
        metadata: Option<&Value>,
    ) -> Result<Decision, ApiError> {
        let mut req = Map::new();
        req.insert("session".into(), Value::Array(history.to_vec()));
        if let Some(m) = metadata {
            req.insert("clientMetadata".into(), m.clone());
        }
        let event = self.event(
            pool_id,
            client_id,
            who,
            "DefineAuthChallenge_Authentication",
            req,
        )?;
        let r = self.run_trigger(source, "DefineAuthChallenge", &event)?;
        if r["issueTokens"] == true {
            return Ok(Decision::Tokens);
        }
        if r["failAuthentication"] == true {
            return Ok(Decision::Fail);
        }
        match r["challengeName"].as_str() {
            Some(c @ ("CUSTOM_CHALLENGE" | "PASSWORD_VERIFIER")) => {
                Ok(Decision::Challenge(c.to_owned()))
            }
            Some(other) => Err(err(
                ErrorKind::InvalidLambdaResponse,
                format!("DefineAuthChallenge asked for an unsupported challenge {other}."),
            )),
            None => Err(err(
                ErrorKind::InvalidLambdaResponse,
                "Unrecognizable lambda output",
            )),
        }
    }

    /// Acts on a define decision: tokens (via next_step), failure, or a
    /// custom challenge created by CreateAuthChallenge.
    #[allow(clippy::too_many_arguments)]
    fn custom_continue(
        &self,
        source: &Source,
        pool_id: &str,
        client: &Client,
        user_key: &str,
        mut progress: AuthProgress,
        history: Vec<Value>,
        metadata: Option<&Value>,
        now_ms: i64,
    ) -> Result<Outcome, ApiError> {
        let login = progress.context.get("login").cloned().unwrap_or_default();
        let who = (user_key, login.as_str());
        match self.define(source, pool_id, &client.id, who, &history, metadata)? {
            Decision::Fail => Err(incorrect_credentials()),
            // A trigger that ignores `userNotFound` still issues nothing.
            Decision::Tokens if user_key.is_empty() => Err(incorrect_credentials()),
            Decision::Tokens => {
                let step = self.write(|st| {
                    progress.context.clear();
                    progress
                        .first_factor
                        .get_or_insert_with(|| "CUSTOM_CHALLENGE".into());
                    next_step(st, pool_id, client, user_key, progress, now_ms)
                })?;
                self.finish(step)
            }
            Decision::Challenge(c) if c == "PASSWORD_VERIFIER" => Err(err(
                ErrorKind::InvalidLambdaResponse,
                "DefineAuthChallenge asked for PASSWORD_VERIFIER without SRP_A.",
            )),
            Decision::Challenge(_) => {
                let mut req = Map::new();
                req.insert("challengeName".into(), json!("CUSTOM_CHALLENGE"));
                req.insert("session".into(), Value::Array(history.clone()));
                if let Some(m) = metadata {
                    req.insert("clientMetadata".into(), m.clone());
                }
                let event = self.event(
                    pool_id,
                    &client.id,
                    who,
                    "CreateAuthChallenge_Authentication",
                    req,
                )?;
                let mut r = self.run_trigger(source, "CreateAuthChallenge", &event)?;
                let mut sent = Vec::new();
                if matches!(source, Source::Builtin) && user_key.is_empty() {
                    // A user who does not exist: nothing is sent and no
                    // answer passes.
                    r["privateChallengeParameters"]["answer"] = Value::String(ids::uuid());
                    r["publicChallengeParameters"]["CODE_DELIVERY_DELIVERY_MEDIUM"] =
                        json!("EMAIL");
                    r["publicChallengeParameters"]["CODE_DELIVERY_DESTINATION"] = json!(
                        ids::mask_email(if crate::provision::looks_like_email(&login) {
                            &login
                        } else {
                            "user@example.com"
                        })
                    );
                } else if matches!(source, Source::Builtin) {
                    // The built-in challenge's answer is a code in the outbox.
                    let (code, s) = self.builtin_code(pool_id, user_key, now_ms)?;
                    r["privateChallengeParameters"]["answer"] = Value::String(code);
                    r["publicChallengeParameters"]["CODE_DELIVERY_DELIVERY_MEDIUM"] =
                        json!(s.medium);
                    r["publicChallengeParameters"]["CODE_DELIVERY_DESTINATION"] =
                        json!(if s.medium == "SMS" {
                            ids::mask_phone(&s.destination)
                        } else {
                            ids::mask_email(&s.destination)
                        });
                    sent.push(s);
                }
                let mut public = ParamMap::new();
                if let Some(m) = r["publicChallengeParameters"].as_object() {
                    for (k, v) in m {
                        let v = v.as_str().map_or_else(|| v.to_string(), str::to_owned);
                        public.insert(k.clone(), v);
                    }
                }
                let out = self.write(|st| -> Result<Outcome, ApiError> {
                    let username = if user_key.is_empty() {
                        login.clone()
                    } else {
                        crate::common::pool(st, pool_id)?
                            .users
                            .get(user_key)
                            .map(|u| u.username.clone())
                            .ok_or_else(user_not_found)?
                    };
                    public.insert(params::USERNAME, username);
                    progress
                        .context
                        .insert("history".into(), Value::Array(history).to_string());
                    progress.context.insert(
                        "private".into(),
                        r["privateChallengeParameters"].to_string(),
                    );
                    progress.context.insert(
                        "metadata".into(),
                        r["challengeMetadata"].as_str().unwrap_or("").to_owned(),
                    );
                    let session = new_session(
                        st,
                        pool_id,
                        client,
                        user_key,
                        &ChallengeName::CustomChallenge,
                        progress,
                        now_ms,
                    );
                    Ok(Outcome {
                        challenge: Some(ChallengeName::CustomChallenge),
                        session: Some(session),
                        params: public,
                        sent,
                        ..Outcome::default()
                    })
                })?;
                self.log_sent(&out);
                Ok(out)
            }
        }
    }

    fn builtin_code(
        &self,
        pool_id: &str,
        user_key: &str,
        now_ms: i64,
    ) -> Result<(String, SentCode), ApiError> {
        self.write(|st| {
            let pool = crate::common::pool(st, pool_id)?;
            let user = pool.users.get(user_key).ok_or_else(user_not_found)?;
            let (attr, medium) = if user.attributes.contains_key("email") {
                ("email", "EMAIL")
            } else if user.attributes.contains_key("phone_number") {
                ("phone_number", "SMS")
            } else {
                return Err(crate::error::invalid_parameter(
                    "The built-in custom challenge needs an email or phone_number to send its code to.",
                ));
            };
            let code = pool.settings.fixed_code.clone().unwrap_or_else(ids::six_digit_code);
            let sent = SentCode {
                user_pool_id: pool_id.to_owned(),
                username: user.username.clone(),
                code: code.clone(),
                purpose: "CUSTOM_CHALLENGE".into(),
                medium: medium.into(),
                destination: user.attributes.get(attr).cloned().unwrap_or_default(),
                sent_at: now_ms as f64 / 1000.0,
            };
            crate::common::push_outbox(st, sent.clone());
            Ok((code, sent))
        })
    }

    /// InitiateAuth CUSTOM_AUTH. Its `ClientMetadata` is not given to the
    /// challenge triggers: Cognito passes InitiateAuth's metadata only to the
    /// pre sign-up, pre authentication and user migration triggers (API
    /// reference, InitiateAuth `ClientMetadata`), so these events carry no
    /// `clientMetadata`. Answers (RespondToAuthChallenge) do pass theirs.
    pub(crate) fn custom_auth(
        &self,
        pool_id: &str,
        client: &Client,
        p: &ParamMap,
        now_ms: i64,
    ) -> Result<Outcome, ApiError> {
        let login = p
            .get(params::USERNAME)
            .filter(|v| !v.is_empty())
            .ok_or_else(|| missing_parameter(params::USERNAME))?;
        let source = self.trigger_source(pool_id).ok_or_else(|| {
            crate::error::invalid_parameter(
                "Custom auth lambda trigger is not configured for the user pool.",
            )
        })?;
        let srp = p.get(params::CHALLENGE_NAME) == Some(params::SRP_A_CHALLENGE);
        let key = {
            let mut st = self.lock();
            let pool = crate::common::pool(&st, pool_id)?;
            let key = pool.find_user(login);
            let internal = key
                .as_ref()
                .and_then(|k| pool.users.get(k))
                .map(|u| u.username.clone())
                .unwrap_or_default();
            check_secret_hash(client, &[login, &internal], p.get(params::SECRET_HASH))?;
            // PreventUserExistenceErrors: the triggers run for an unknown
            // user with `userNotFound: true` ("Managing user existence error
            // responses": custom authentication errors are the triggers' to
            // shape); LEGACY answers UserNotFoundException.
            match key {
                // The lock-out guards passwords: custom challenges are not
                // subject to it unless they include one (CUSTOM_WITH_SRP).
                Some(key) => {
                    if srp {
                        crate::auth::pre_checks(&mut st, pool_id, &key, now_ms)?;
                    } else {
                        crate::auth::account_checks(&st, pool_id, &key)?;
                    }
                    // Unconfirmed users cannot sign in by any flow.
                    if pool_status(&st, pool_id, &key) == "UNCONFIRMED" {
                        return Err(crate::error::user_not_confirmed());
                    }
                    key
                }
                None if client.settings.prevent_user_existence_errors => String::new(),
                None => return Err(user_not_found()),
            }
        };
        let mut progress = AuthProgress {
            flow: AuthFlow::CustomAuth.as_str().to_owned(),
            device_key: crate::auth::device_key_param(p),
            ..AuthProgress::default()
        };
        if key.is_empty() {
            progress.context.insert("login".into(), login.to_owned());
        }
        if srp {
            // CUSTOM_WITH_SRP: the trigger first sees a passed SRP_A step.
            let history = vec![
                json!({"challengeName": "SRP_A", "challengeResult": true, "challengeMetadata": null}),
            ];
            return match self.define(&source, pool_id, &client.id, (&key, login), &history, None)? {
                Decision::Challenge(c) if c == "PASSWORD_VERIFIER" => {
                    let mut srp_params = p.clone();
                    srp_params.remove(params::CHALLENGE_NAME);
                    self.srp_start(
                        pool_id,
                        client,
                        &srp_params,
                        &AuthFlow::CustomAuth,
                        false,
                        now_ms,
                    )
                }
                Decision::Fail => Err(incorrect_credentials()),
                _ => Err(err(
                    ErrorKind::InvalidLambdaResponse,
                    "After SRP_A, DefineAuthChallenge must ask for PASSWORD_VERIFIER.",
                )),
            };
        }
        self.custom_continue(
            &source,
            pool_id,
            client,
            &key,
            progress,
            Vec::new(),
            None,
            now_ms,
        )
    }

    /// After the PASSWORD_VERIFIER of CUSTOM_WITH_SRP: back to the triggers,
    /// with the verifier answer's `ClientMetadata`.
    pub(crate) fn custom_after_password(
        &self,
        pool_id: &str,
        client: &Client,
        user_key: &str,
        progress: AuthProgress,
        metadata: &Value,
        now_ms: i64,
    ) -> Result<Outcome, ApiError> {
        let source = self.trigger_source(pool_id).ok_or_else(|| {
            crate::error::invalid_parameter(
                "Custom auth lambda trigger is not configured for the user pool.",
            )
        })?;
        let history = vec![
            json!({"challengeName": "SRP_A", "challengeResult": true, "challengeMetadata": null}),
            json!({"challengeName": "PASSWORD_VERIFIER", "challengeResult": true, "challengeMetadata": null}),
        ];
        let progress = AuthProgress {
            first_factor: Some("PASSWORD_SRP".into()),
            ..progress
        };
        self.custom_continue(
            &source,
            pool_id,
            client,
            user_key,
            progress,
            history,
            Some(metadata),
            now_ms,
        )
    }

    /// RespondToAuthChallenge CUSTOM_CHALLENGE.
    pub(crate) fn answer_custom_challenge(
        &self,
        pool_id: &str,
        client: &Client,
        token: &str,
        r: &ParamMap,
        metadata: &Value,
        now_ms: i64,
    ) -> Result<Outcome, ApiError> {
        let answer = r
            .get(params::ANSWER)
            .ok_or_else(|| missing_parameter(params::ANSWER))?
            .to_owned();
        let username = r
            .get(params::USERNAME)
            .filter(|v| !v.is_empty())
            .ok_or_else(|| missing_parameter(params::USERNAME))?;
        let source = self.trigger_source(pool_id).ok_or_else(|| {
            crate::error::invalid_parameter(
                "Custom auth lambda trigger is not configured for the user pool.",
            )
        })?;
        let s = self.write(|st| -> Result<crate::state::AuthSession, ApiError> {
            let s = open_session(
                st,
                token,
                &client.id,
                &ChallengeName::CustomChallenge,
                now_ms,
            )?;
            let pool = crate::common::pool(st, pool_id)?;
            if s.user_key.is_empty() {
                // The challenge of a user who does not exist.
                let login = s.progress.context.get("login").map_or("", String::as_str);
                if login != username {
                    return Err(invalid_session());
                }
                check_secret_hash(client, &[login], r.get(params::SECRET_HASH))?;
                return consume_session(st, token);
            }
            let internal = pool
                .users
                .get(&s.user_key)
                .map(|u| u.username.clone())
                .unwrap_or_default();
            if pool.find_user(username).is_none_or(|k| k != s.user_key) {
                return Err(invalid_session());
            }
            check_secret_hash(client, &[&internal], r.get(params::SECRET_HASH))?;
            consume_session(st, token)
        })?;
        let ctx = &s.progress.context;
        let mut history: Vec<Value> = ctx
            .get("history")
            .and_then(|h| serde_json::from_str(h).ok())
            .unwrap_or_default();
        let private: Value = ctx
            .get("private")
            .and_then(|h| serde_json::from_str(h).ok())
            .unwrap_or(Value::Null);
        let challenge_metadata = ctx.get("metadata").cloned().unwrap_or_default();
        let mut req = Map::new();
        req.insert("privateChallengeParameters".into(), private);
        req.insert("challengeAnswer".into(), Value::String(answer));
        req.insert("clientMetadata".into(), metadata.clone());
        let login = ctx.get("login").cloned().unwrap_or_default();
        let event = self.event(
            pool_id,
            &client.id,
            (&s.user_key, &login),
            "VerifyAuthChallengeResponse_Authentication",
            req,
        )?;
        let v = self.run_trigger(&source, "VerifyAuthChallengeResponse", &event)?;
        let correct = v["answerCorrect"] == true;
        history.push(json!({
            "challengeName": "CUSTOM_CHALLENGE",
            "challengeResult": correct,
            "challengeMetadata": if challenge_metadata.is_empty() { Value::Null } else { Value::String(challenge_metadata) },
        }));
        let mut progress = s.progress.clone();
        progress.context.clear();
        if s.user_key.is_empty() {
            progress.context.insert("login".into(), login);
        }
        self.custom_continue(
            &source,
            pool_id,
            client,
            &s.user_key,
            progress,
            history,
            Some(metadata),
            now_ms,
        )
    }
}
