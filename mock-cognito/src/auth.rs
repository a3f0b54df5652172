//! The sign-in engine: InitiateAuth, RespondToAuthChallenge and their Admin
//! twins.
//!
//! Every flow runs its first factor (password, SRP proof, refresh token, …)
//! and then asks [`next_step`] what comes after it. That one function decides
//! the order Cognito uses: new password (FORCE_CHANGE_PASSWORD) → MFA → tokens.
//! A challenge is recorded as an [`AuthSession`] that knows the user, the
//! client, the challenge expected next and its context; answering it consumes
//! the session (single use) and calls [`next_step`] again.

use std::sync::Arc;

use cognito_auth_proto::{AuthFlow, AuthenticationResult, ChallengeName, ParamMap, params};
use cognito_auth_srp::{OsRandom, SrpServer, Verifier};

use crate::common::{check_secret_hash, pool_of_client};
use crate::error::{
    ApiError, expired_session, incorrect_credentials, internal, invalid_parameter, invalid_session,
    missing_parameter, not_authorized, password_reset_required, reused_session, user_disabled,
    user_not_confirmed, user_not_found,
};
use crate::ids;
use crate::password::PasswordRecord;
use crate::service::Inner;
use crate::state::{AuthProgress, AuthSession, Client, SrpPending, State};
use crate::tokens::{Grant, prune};

// Lock-out, as Amazon Cognito documents it ("Lockout behavior for failed
// sign-in attempts", https://docs.aws.amazon.com/cognito/latest/developerguide/authentication.html#authentication-flow-lockout-behavior,
// quoted in https://repost.aws/questions/QUBlVxXSYwTCiCUHp8gNFZ3g): after five
// failed sign-in attempts with a password the user is locked out for one
// second, doubling with each further failure up to about 15 minutes
// (2^(n-5) s for n failures); attempts during a lock-out answer
// `Password attempts exceeded` and do not count; a successful sign-in after
// the lock-out, or 15 minutes without attempts, resets the count. Wrong MFA
// codes count too ("After five unsuccessful attempts to present an MFA code,
// Amazon Cognito begins the exponential-timeout lockout process",
// user-pool-settings-mfa). Custom challenges do not, unless they check a
// password (CUSTOM_WITH_SRP).

/// Failed attempts before the first lock-out.
pub const LOCKOUT_AFTER: u32 = 5;

/// Longest lock-out (about 15 minutes: 2^10 s ≈ 17 min is capped).
pub const MAX_LOCKOUT_MS: i64 = 900_000;

/// Attempt-free time after which the count starts again from zero.
pub const LOCKOUT_RESET_MS: i64 = 900_000;

/// How far a `TIMESTAMP` may be from the mock's clock (or the system clock).
pub const TIMESTAMP_WINDOW_SECS: i64 = 300;

/// How long a `PASSWORD_VERIFIER` challenge waits for its answer.
pub const SRP_CHALLENGE_MS: i64 = 180_000;

/// Who calls: a public client, or an administrator naming the pool.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Caller<'a> {
    /// InitiateAuth / RespondToAuthChallenge.
    Public,
    /// AdminInitiateAuth / AdminRespondToAuthChallenge with `UserPoolId`.
    Admin(&'a str),
}

/// What a sign-in step answers.
#[derive(Debug, Default)]
pub(crate) struct Outcome {
    pub challenge: Option<ChallengeName>,
    pub session: Option<String>,
    pub params: ParamMap,
    pub result: Option<AuthenticationResult>,
    pub available: Option<Vec<ChallengeName>>,
    /// Codes delivered by this step (logged once the lock is released).
    pub sent: Vec<crate::state::SentCode>,
}

/// What [`next_step`] decided.
pub(crate) enum Step {
    Tokens(Grant),
    Challenge(Outcome),
}

/// The client a request names, checked against the admin's pool.
fn resolve_client(
    st: &State,
    caller: Caller<'_>,
    client_id: &str,
) -> Result<(String, Client), ApiError> {
    if let Caller::Admin(pool_id) = caller {
        let pool = crate::common::pool(st, pool_id)?;
        let client = pool
            .clients
            .get(client_id)
            .ok_or_else(|| crate::error::client_not_found(client_id))?;
        return Ok((pool.id.clone(), client.clone()));
    }
    let (pool, client) = pool_of_client(st, client_id)?;
    Ok((pool.id.clone(), client.clone()))
}

fn require<'a>(p: &'a ParamMap, name: &str) -> Result<&'a str, ApiError> {
    p.get(name)
        .filter(|v| !v.is_empty())
        .ok_or_else(|| missing_parameter(name))
}

fn allow_name(flow: &AuthFlow) -> &'static str {
    match flow {
        AuthFlow::UserSrpAuth => "ALLOW_USER_SRP_AUTH",
        AuthFlow::UserPasswordAuth => "ALLOW_USER_PASSWORD_AUTH",
        AuthFlow::AdminUserPasswordAuth | AuthFlow::AdminNoSrpAuth => {
            "ALLOW_ADMIN_USER_PASSWORD_AUTH"
        }
        AuthFlow::RefreshTokenAuth | AuthFlow::RefreshToken => "ALLOW_REFRESH_TOKEN_AUTH",
        AuthFlow::CustomAuth => "ALLOW_CUSTOM_AUTH",
        AuthFlow::UserAuth => "ALLOW_USER_AUTH",
        AuthFlow::Unknown(_) => "",
    }
}

fn flow_not_enabled(flow: &AuthFlow) -> ApiError {
    match flow {
        AuthFlow::AdminNoSrpAuth | AuthFlow::AdminUserPasswordAuth => {
            invalid_parameter("Auth flow not enabled for this client")
        }
        AuthFlow::RefreshToken | AuthFlow::RefreshTokenAuth => {
            invalid_parameter("Refresh Token flow not enabled for this client")
        }
        other => invalid_parameter(format!("{other} flow not enabled for this client")),
    }
}

/// Starts the count again when the user made no attempt for
/// [`LOCKOUT_RESET_MS`] and is not locked out.
fn forget_old_failures(u: &mut crate::state::User, now_ms: i64) {
    if u.failed_sign_ins != 0
        && u.locked_until_ms <= now_ms
        && now_ms - u.last_failed_attempt_ms >= LOCKOUT_RESET_MS
    {
        u.failed_sign_ins = 0;
        u.locked_until_ms = 0;
    }
}

/// Counts one failed attempt (wrong password, SRP proof or MFA code) and
/// locks the user out from the fifth on.
pub(crate) fn count_failure(st: &mut State, pool_id: &str, user_key: &str, now_ms: i64) {
    if let Some(u) = st
        .pools
        .get_mut(pool_id)
        .and_then(|p| p.users.get_mut(user_key))
    {
        forget_old_failures(u, now_ms);
        u.failed_sign_ins = u.failed_sign_ins.saturating_add(1);
        u.last_failed_attempt_ms = now_ms;
        if u.failed_sign_ins >= LOCKOUT_AFTER {
            let exp = (u.failed_sign_ins - LOCKOUT_AFTER).min(20);
            let delay = (1000i64 << exp).min(MAX_LOCKOUT_MS);
            u.locked_until_ms = now_ms + delay;
        }
    }
}

/// Records a wrong password and returns the error to answer with.
fn note_failure(st: &mut State, pool_id: &str, user_key: &str, now_ms: i64) -> ApiError {
    count_failure(st, pool_id, user_key, now_ms);
    incorrect_credentials()
}

/// `NotAuthorizedException: Password attempts exceeded` while the user is
/// locked out. The attempt does not lengthen the lock-out but does keep the
/// 15-minute reset from starting.
pub(crate) fn check_lockout(
    st: &mut State,
    pool_id: &str,
    user_key: &str,
    now_ms: i64,
) -> Result<(), ApiError> {
    if let Some(u) = st
        .pools
        .get_mut(pool_id)
        .and_then(|p| p.users.get_mut(user_key))
    {
        forget_old_failures(u, now_ms);
        if u.locked_until_ms > now_ms {
            u.last_failed_attempt_ms = now_ms;
            return Err(not_authorized("Password attempts exceeded"));
        }
    }
    Ok(())
}

/// Checks done before a password is even looked at: the account, then the
/// lock-out.
pub(crate) fn pre_checks(
    st: &mut State,
    pool_id: &str,
    user_key: &str,
    now_ms: i64,
) -> Result<(), ApiError> {
    account_checks(st, pool_id, user_key)?;
    check_lockout(st, pool_id, user_key, now_ms)
}

/// The account may sign in at all (not disabled, no reset pending).
pub(crate) fn account_checks(st: &State, pool_id: &str, user_key: &str) -> Result<(), ApiError> {
    let u = st
        .pools
        .get(pool_id)
        .and_then(|p| p.users.get(user_key))
        .ok_or_else(user_not_found)?;
    if !u.enabled {
        return Err(user_disabled());
    }
    if u.status == "RESET_REQUIRED" {
        return Err(password_reset_required());
    }
    Ok(())
}

/// Checks after a correct first factor: the user may sign in at all.
fn post_checks(st: &mut State, pool_id: &str, user_key: &str, now_ms: i64) -> Result<(), ApiError> {
    let u = crate::common::user_mut(st, pool_id, user_key)?;
    if !u.enabled {
        return Err(user_disabled());
    }
    match u.status.as_str() {
        "UNCONFIRMED" => Err(user_not_confirmed()),
        "RESET_REQUIRED" => Err(password_reset_required()),
        "FORCE_CHANGE_PASSWORD" if u.temporary_password_expires_ms.is_some_and(|t| t <= now_ms) => {
            Err(not_authorized(
                "Temporary password has expired and must be reset by an administrator.",
            ))
        }
        _ => Ok(()),
    }
}

/// Creates a challenge session.
pub(crate) fn new_session(
    st: &mut State,
    pool_id: &str,
    client: &Client,
    user_key: &str,
    expected: &ChallengeName,
    progress: AuthProgress,
    now_ms: i64,
) -> String {
    let minutes = client.settings.auth_session_validity.clamp(3, 15);
    let expires_ms = now_ms + minutes * 60_000;
    let token = ids::session_token(expires_ms);
    st.sessions.insert(
        token.clone(),
        AuthSession {
            pool_id: pool_id.to_owned(),
            client_id: client.id.clone(),
            user_key: user_key.to_owned(),
            expected: expected.as_str().to_owned(),
            issued_ms: now_ms,
            expires_ms,
            progress,
        },
    );
    token
}

/// Finds a session for an answer without consuming it.
pub(crate) fn open_session(
    st: &State,
    token: &str,
    client_id: &str,
    challenge: &ChallengeName,
    now_ms: i64,
) -> Result<AuthSession, ApiError> {
    let s = lookup_session(st, token, now_ms)?;
    if s.expires_ms <= now_ms {
        return Err(expired_session());
    }
    if s.client_id != client_id || s.expected != challenge.as_str() {
        return Err(invalid_session());
    }
    Ok(s.clone())
}

/// A live or expired session by token, or the error for one that is not
/// there: used already, expired (and forgotten), or never issued.
pub(crate) fn lookup_session<'a>(
    st: &'a State,
    token: &str,
    now_ms: i64,
) -> Result<&'a AuthSession, ApiError> {
    if st.used_sessions.contains_key(token) {
        return Err(reused_session());
    }
    st.sessions.get(token).ok_or_else(|| {
        if ids::session_expiry(token).is_some_and(|e| e <= now_ms) {
            expired_session()
        } else {
            invalid_session()
        }
    })
}

/// Consumes a session (single use).
pub(crate) fn consume_session(st: &mut State, token: &str) -> Result<AuthSession, ApiError> {
    match st.sessions.remove(token) {
        Some(s) => {
            st.used_sessions
                .insert(token.to_owned(), s.expires_ms + 3_600_000);
            Ok(s)
        }
        None if st.used_sessions.contains_key(token) => Err(reused_session()),
        None => Err(invalid_session()),
    }
}

/// The one place that decides what follows a passed factor:
/// FORCE_CHANGE_PASSWORD → NEW_PASSWORD_REQUIRED; then MFA; then tokens.
pub(crate) fn next_step(
    st: &mut State,
    pool_id: &str,
    client: &Client,
    user_key: &str,
    progress: AuthProgress,
    now_ms: i64,
) -> Result<Step, ApiError> {
    let pool = crate::common::pool(st, pool_id)?;
    let user = pool.users.get(user_key).ok_or_else(user_not_found)?;
    // Whatever the factor was (a custom challenge, a one-time password), an
    // account that may not sign in gets nothing.
    if !user.enabled {
        return Err(user_disabled());
    }
    match user.status.as_str() {
        "UNCONFIRMED" => return Err(user_not_confirmed()),
        "RESET_REQUIRED" => return Err(password_reset_required()),
        _ => {}
    }
    // The device the sign-in presented (DEVICE_KEY), when the pool tracks
    // devices: an unknown key fails here, before any further challenge.
    let device = crate::devices::plan(pool, user, &progress)?;
    if user.status == "FORCE_CHANGE_PASSWORD" && !progress.new_password_set {
        let mut attrs = serde_json::Map::new();
        for (k, v) in &user.attributes {
            attrs.insert(k.clone(), serde_json::Value::String(v.clone()));
        }
        let required: Vec<String> = pool
            .settings
            .required_attributes
            .iter()
            .filter(|a| !user.attributes.contains_key(a.as_str()))
            .map(|a| format!("{}{a}", params::USER_ATTRIBUTE_PREFIX))
            .collect();
        let username = user.username.clone();
        let mut p = ParamMap::new();
        p.insert(params::USER_ID_FOR_SRP, username);
        p.insert(
            params::REQUIRED_ATTRIBUTES,
            serde_json::to_string(&required).unwrap_or_else(|_| "[]".into()),
        );
        p.insert(
            params::USER_ATTRIBUTES,
            serde_json::Value::Object(attrs).to_string(),
        );
        let session = new_session(
            st,
            pool_id,
            client,
            user_key,
            &ChallengeName::NewPasswordRequired,
            progress,
            now_ms,
        );
        return Ok(Step::Challenge(Outcome {
            challenge: Some(ChallengeName::NewPasswordRequired),
            session: Some(session),
            params: p,
            ..Outcome::default()
        }));
    }
    // Passwordless first factors (EMAIL_OTP, SMS_OTP) are not followed by MFA.
    let passwordless = matches!(
        progress.first_factor.as_deref(),
        Some("EMAIL_OTP" | "SMS_OTP")
    );
    // A remembered device stands in for MFA when the pool says so
    // (`ChallengeRequiredOnNewDevice`); it still proves itself below.
    if !progress.mfa_done
        && !passwordless
        && !device.skips_mfa
        && let Some(plan) = crate::mfa::plan(pool, user)
    {
        let out = crate::mfa::start(st, pool_id, client, user_key, progress, plan, now_ms)?;
        return Ok(Step::Challenge(out));
    }
    if device.device.is_some() && !progress.device_done {
        let out = crate::devices::challenge(st, pool_id, client, user_key, progress, now_ms);
        return Ok(Step::Challenge(out));
    }
    let (device_key, new_device_group_key) =
        crate::devices::finish_sign_in(st, pool_id, user_key, &device, now_ms)?;
    // A completed sign-in clears the lock-out count.
    if let Ok(u) = crate::common::user_mut(st, pool_id, user_key)
        && u.failed_sign_ins != 0
    {
        u.failed_sign_ins = 0;
        u.locked_until_ms = 0;
    }
    Ok(Step::Tokens(Grant {
        pool_id: pool_id.to_owned(),
        client_id: client.id.clone(),
        user_key: user_key.to_owned(),
        with_refresh: true,
        origin: None,
        refresh_expires_ms: None,
        device_key,
        new_device_group_key,
    }))
}

impl Inner {
    /// Logs the codes a step delivered (after the lock is released).
    pub(crate) fn log_sent(&self, o: &Outcome) {
        for s in &o.sent {
            crate::common::log_code(s);
        }
    }

    /// Finishes a step: tokens are signed outside the lock.
    pub(crate) fn finish(&self, step: Step) -> Result<Outcome, ApiError> {
        match step {
            Step::Challenge(o) => {
                self.log_sent(&o);
                Ok(o)
            }
            Step::Tokens(g) => {
                let result = self.issue_tokens(&g)?;
                Ok(Outcome {
                    result: Some(result),
                    ..Outcome::default()
                })
            }
        }
    }

    /// InitiateAuth / AdminInitiateAuth. Their `ClientMetadata` is not
    /// taken: Cognito gives it only to the pre sign-up, pre authentication
    /// and user migration triggers, which the mock does not run (never to
    /// the custom-auth challenge triggers).
    pub(crate) fn initiate_auth(
        &self,
        caller: Caller<'_>,
        flow: &AuthFlow,
        client_id: &str,
        params: &ParamMap,
        session: Option<&str>,
    ) -> Result<Outcome, ApiError> {
        let admin = matches!(caller, Caller::Admin(_));
        match flow {
            AuthFlow::Unknown(v) => {
                return Err(invalid_parameter(format!(
                    "1 validation error detected: Value '{v}' at 'authFlow' failed to satisfy constraint: Member must satisfy enum value set: [USER_SRP_AUTH, REFRESH_TOKEN_AUTH, REFRESH_TOKEN, CUSTOM_AUTH, ADMIN_NO_SRP_AUTH, USER_PASSWORD_AUTH, ADMIN_USER_PASSWORD_AUTH, USER_AUTH]"
                )));
            }
            AuthFlow::AdminNoSrpAuth | AuthFlow::AdminUserPasswordAuth if !admin => {
                return Err(invalid_parameter("Initiate Auth method not supported."));
            }
            AuthFlow::UserPasswordAuth if admin => {
                return Err(invalid_parameter("Initiate Auth method not supported."));
            }
            _ => {}
        }
        let now_ms = self.clock.now_ms();
        let (pool_id, client) = {
            let mut st = self.lock();
            if now_ms - st.last_prune_ms > 60_000 {
                prune(&mut st, now_ms);
                st.last_prune_ms = now_ms;
            }
            resolve_client(&st, caller, client_id)?
        };
        if !client.settings.allows(allow_name(flow)) {
            return Err(flow_not_enabled(flow));
        }
        match flow {
            AuthFlow::UserPasswordAuth
            | AuthFlow::AdminUserPasswordAuth
            | AuthFlow::AdminNoSrpAuth => {
                self.password_auth(&pool_id, &client, params, flow, now_ms)
            }
            AuthFlow::UserSrpAuth => self.srp_start(&pool_id, &client, params, flow, admin, now_ms),
            AuthFlow::RefreshToken | AuthFlow::RefreshTokenAuth => {
                self.refresh_auth(&pool_id, &client, params, now_ms)
            }
            AuthFlow::CustomAuth => self.custom_auth(&pool_id, &client, params, now_ms),
            AuthFlow::UserAuth => match session.filter(|s| !s.is_empty()) {
                Some(token) => self.auto_sign_in(&pool_id, &client, params, token, now_ms),
                None => self.user_auth(&pool_id, &client, params, now_ms),
            },
            AuthFlow::Unknown(_) => Err(invalid_parameter("Unsupported auth flow")),
        }
    }

    /// USER_AUTH with the Session ConfirmSignUp returned: the confirmation
    /// code was the first factor, so tokens follow (or MFA), once.
    fn auto_sign_in(
        &self,
        pool_id: &str,
        client: &Client,
        p: &ParamMap,
        token: &str,
        now_ms: i64,
    ) -> Result<Outcome, ApiError> {
        let login = require(p, params::USERNAME)?;
        let step = self.write(|st| -> Result<Step, ApiError> {
            let s = lookup_session(st, token, now_ms)?;
            if s.expected != crate::users::AUTO_SIGN_IN_SESSION || s.client_id != client.id {
                return Err(invalid_session());
            }
            if s.expires_ms <= now_ms {
                return Err(expired_session());
            }
            let pool = crate::common::pool(st, pool_id)?;
            let internal = pool.users.get(&s.user_key).map(|u| u.username.clone());
            if pool.find_user(login).is_none_or(|k| k != s.user_key) {
                return Err(invalid_session());
            }
            check_secret_hash(
                client,
                &[login, internal.as_deref().unwrap_or("")],
                p.get(params::SECRET_HASH),
            )?;
            let s = consume_session(st, token)?;
            pre_checks(st, pool_id, &s.user_key, now_ms)?;
            post_checks(st, pool_id, &s.user_key, now_ms)?;
            let progress = AuthProgress {
                flow: AuthFlow::UserAuth.as_str().to_owned(),
                ..s.progress
            };
            next_step(st, pool_id, client, &s.user_key, progress, now_ms)
        })?;
        self.finish(step)
    }

    pub(crate) fn password_auth(
        &self,
        pool_id: &str,
        client: &Client,
        p: &ParamMap,
        flow: &AuthFlow,
        now_ms: i64,
    ) -> Result<Outcome, ApiError> {
        let login = require(p, params::USERNAME)?;
        let password = require(p, params::PASSWORD)?;
        let step = self.write(|st| -> Result<Step, ApiError> {
            let pool = crate::common::pool(st, pool_id)?;
            let Some(key) = pool.find_user(login) else {
                check_secret_hash(client, &[login], p.get(params::SECRET_HASH))?;
                return Err(if client.settings.prevent_user_existence_errors {
                    incorrect_credentials()
                } else {
                    user_not_found()
                });
            };
            let internal_name = pool
                .users
                .get(&key)
                .map(|u| u.username.clone())
                .unwrap_or_default();
            check_secret_hash(client, &[login, &internal_name], p.get(params::SECRET_HASH))?;
            pre_checks(st, pool_id, &key, now_ms)?;
            let ok = crate::common::pool(st, pool_id)?
                .users
                .get(&key)
                .and_then(|u| u.password.as_ref())
                .is_some_and(|r| r.matches(password));
            if !ok {
                return Err(note_failure(st, pool_id, &key, now_ms));
            }
            post_checks(st, pool_id, &key, now_ms)?;
            let progress = AuthProgress {
                flow: flow.as_str().to_owned(),
                first_factor: Some("PASSWORD".into()),
                device_key: device_key_param(p),
                ..AuthProgress::default()
            };
            next_step(st, pool_id, client, &key, progress, now_ms)
        })?;
        self.finish(step)
    }

    pub(crate) fn srp_start(
        &self,
        pool_id: &str,
        client: &Client,
        p: &ParamMap,
        flow: &AuthFlow,
        admin: bool,
        now_ms: i64,
    ) -> Result<Outcome, ApiError> {
        let login = require(p, params::USERNAME)?;
        let srp_a = require(p, params::SRP_A)?;
        let a_ok = srp_a.len() <= 1024
            && cognito_auth_srp::group::parse_hex(srp_a)
                .is_some_and(|a| !cognito_auth_srp::group::is_zero_mod_n(&a));
        if !a_ok {
            return Err(invalid_parameter("SRP_A is not a valid SRP public value."));
        }
        // Look the user up and copy the verifier out; the math runs unlocked.
        let found = {
            let mut st = self.lock();
            let pool = crate::common::pool(&st, pool_id)?;
            match pool.find_user(login) {
                None => {
                    check_secret_hash(client, &[login], p.get(params::SECRET_HASH))?;
                    // USER_AUTH (PASSWORD_SRP) never tells unknown users apart.
                    if !client.settings.prevent_user_existence_errors
                        && !matches!(flow, AuthFlow::UserAuth)
                    {
                        return Err(user_not_found());
                    }
                    None
                }
                Some(key) => {
                    let user = pool.users.get(&key).ok_or_else(user_not_found)?;
                    let internal_name = user.username.clone();
                    check_secret_hash(
                        client,
                        &[login, &internal_name],
                        p.get(params::SECRET_HASH),
                    )?;
                    let password = user.password.clone();
                    pre_checks(&mut st, pool_id, &key, now_ms)?;
                    Some((key, internal_name, password))
                }
            }
        };
        let pool_name = pool_id.split_once('_').map_or(pool_id, |(_, n)| n);
        // Unknown users (PreventUserExistenceErrors) and users without a
        // password get a challenge that no proof can satisfy.
        let (user_key, user_id, verifier, real) = match found {
            Some((key, name, Some(record))) => (key, name.clone(), record.verifier()?, true),
            Some((key, name, None)) => {
                (key, name.clone(), decoy_verifier(pool_name, &name)?, false)
            }
            None => (
                String::new(),
                login.to_owned(),
                decoy_verifier(pool_name, login)?,
                false,
            ),
        };
        // Users who sign in again and again get a precomputed table for
        // their verifier (same numbers, less work; see `srp_cache`).
        let table = real
            .then(|| self.srp_tables.get(pool_id, &user_key, &verifier))
            .flatten();
        let server = match &table {
            Some(t) => SrpServer::with_table(t, &mut OsRandom),
            None => SrpServer::new(&verifier, &mut OsRandom),
        }
        .map_err(|e| internal(format!("SRP failed: {e}")))?;
        let srp_b = server.srp_b();
        let salt = server.salt();
        let secret_block = ids::secret_block();
        let user_key_for_session = user_key.clone();
        let pending = SrpPending {
            pool_id: pool_id.to_owned(),
            client_id: client.id.clone(),
            user_key: if real { user_key } else { String::new() },
            user_id: user_id.clone(),
            srp_a: srp_a.to_owned(),
            server: Arc::new(server),
            expires_ms: now_ms + SRP_CHALLENGE_MS,
            progress: AuthProgress {
                flow: flow.as_str().to_owned(),
                device_key: device_key_param(p),
                ..AuthProgress::default()
            },
            admin,
            device_group_key: None,
        };
        let session = {
            let mut st = self.lock();
            st.srp_pending.insert(secret_block.clone(), pending);
            // Reached through USER_AUTH (PASSWORD_SRP), the challenge also
            // carries a Session, which the answer must bring back.
            // Unknown users get one too, so nothing tells them apart.
            matches!(flow, AuthFlow::UserAuth | AuthFlow::CustomAuth).then(|| {
                new_session(
                    &mut st,
                    pool_id,
                    client,
                    &user_key_for_session,
                    &ChallengeName::PasswordVerifier,
                    AuthProgress {
                        flow: flow.as_str().to_owned(),
                        ..AuthProgress::default()
                    },
                    now_ms,
                )
            })
        };
        let mut out = ParamMap::new();
        out.insert(params::SALT, salt);
        out.insert(params::SRP_B, srp_b);
        out.insert(params::SECRET_BLOCK, secret_block);
        out.insert(params::USERNAME, user_id.clone());
        out.insert(params::USER_ID_FOR_SRP, user_id);
        Ok(Outcome {
            challenge: Some(ChallengeName::PasswordVerifier),
            params: out,
            session,
            ..Outcome::default()
        })
    }

    fn refresh_auth(
        &self,
        pool_id: &str,
        client: &Client,
        p: &ParamMap,
        now_ms: i64,
    ) -> Result<Outcome, ApiError> {
        let token = require(p, params::REFRESH_TOKEN)?;
        if client.settings.refresh_token_rotation {
            return Err(not_authorized(
                "Refresh token rotation is enabled for this client; use GetTokensFromRefreshToken.",
            ));
        }
        let grant = {
            let st = self.lock();
            let rec = st
                .refresh_tokens
                .get(token)
                .filter(|r| r.pool_id == pool_id && r.client_id == client.id)
                .ok_or_else(|| crate::tokens::refresh_error("invalid"))?;
            if rec.revoked {
                return Err(crate::tokens::refresh_error("revoked"));
            }
            if rec.expires_ms <= now_ms {
                return Err(crate::tokens::refresh_error("expired"));
            }
            let pool = crate::common::pool(&st, pool_id)?;
            let user = pool
                .users
                .get(&rec.user_key)
                .filter(|u| u.sub == rec.sub)
                .ok_or_else(user_not_found)?;
            check_secret_hash(
                client,
                &[&user.username, &user.sub],
                p.get(params::SECRET_HASH),
            )?;
            if !user.enabled {
                return Err(user_disabled());
            }
            Grant {
                pool_id: pool_id.to_owned(),
                client_id: client.id.clone(),
                user_key: rec.user_key.clone(),
                with_refresh: false,
                origin: Some((rec.origin_jti.clone(), rec.event_id.clone(), rec.auth_time)),
                refresh_expires_ms: None,
                device_key: rec
                    .device_key
                    .clone()
                    .filter(|k| user.devices.contains_key(k)),
                new_device_group_key: None,
            }
        };
        let result = self.issue_tokens(&grant)?;
        Ok(Outcome {
            result: Some(result),
            ..Outcome::default()
        })
    }

    /// RespondToAuthChallenge / AdminRespondToAuthChallenge.
    pub(crate) fn respond_to_challenge(
        &self,
        caller: Caller<'_>,
        client_id: &str,
        challenge: &ChallengeName,
        session: Option<&str>,
        responses: &ParamMap,
        metadata: &serde_json::Value,
    ) -> Result<Outcome, ApiError> {
        let now_ms = self.clock.now_ms();
        let (pool_id, client) = resolve_client(&self.lock(), caller, client_id)?;
        match challenge {
            ChallengeName::PasswordVerifier => {
                let session = session.filter(|s| !s.is_empty());
                self.password_verifier(&pool_id, &client, session, responses, metadata, now_ms)
            }
            ChallengeName::CustomChallenge => {
                let token = session
                    .filter(|s| !s.is_empty())
                    .ok_or_else(|| missing_parameter("Session"))?;
                self.answer_custom_challenge(&pool_id, &client, token, responses, metadata, now_ms)
            }
            ChallengeName::SelectChallenge => {
                let token = session
                    .filter(|s| !s.is_empty())
                    .ok_or_else(|| missing_parameter("Session"))?;
                self.answer_select_challenge(&pool_id, &client, token, responses, now_ms)
            }
            ChallengeName::NewPasswordRequired => {
                let token = session
                    .filter(|s| !s.is_empty())
                    .ok_or_else(|| missing_parameter("Session"))?;
                self.new_password(&pool_id, &client, token, responses, now_ms)
            }
            ChallengeName::SmsMfa
            | ChallengeName::EmailOtp
            | ChallengeName::SmsOtp
            | ChallengeName::SoftwareTokenMfa => {
                let token = session
                    .filter(|s| !s.is_empty())
                    .ok_or_else(|| missing_parameter("Session"))?;
                self.answer_mfa_code(&pool_id, &client, challenge, token, responses, now_ms)
            }
            ChallengeName::SelectMfaType => {
                let token = session
                    .filter(|s| !s.is_empty())
                    .ok_or_else(|| missing_parameter("Session"))?;
                self.answer_select_mfa(&pool_id, &client, token, responses, now_ms)
            }
            ChallengeName::MfaSetup => {
                let token = session
                    .filter(|s| !s.is_empty())
                    .ok_or_else(|| missing_parameter("Session"))?;
                self.answer_mfa_setup(&pool_id, &client, token, responses, now_ms)
            }
            ChallengeName::DeviceSrpAuth => {
                let token = session
                    .filter(|s| !s.is_empty())
                    .ok_or_else(|| missing_parameter("Session"))?;
                self.answer_device_srp_auth(&pool_id, &client, token, responses, now_ms)
            }
            ChallengeName::DevicePasswordVerifier => {
                let token = session
                    .filter(|s| !s.is_empty())
                    .ok_or_else(|| missing_parameter("Session"))?;
                self.answer_device_password_verifier(&pool_id, &client, token, responses, now_ms)
            }
            ChallengeName::AdminNoSrpAuth => Err(invalid_parameter(
                "ADMIN_NO_SRP_AUTH cannot be answered with RespondToAuthChallenge.",
            )),
            ChallengeName::Unknown(v) => Err(invalid_parameter(format!(
                "1 validation error detected: Value '{v}' at 'challengeName' failed to satisfy constraint: Member must satisfy enum value set"
            ))),
            ChallengeName::WebAuthn => Err(crate::error::web_authn_unsupported()),
            other => Err(crate::error::not_implemented(&format!(
                "the {other} challenge"
            ))),
        }
    }

    fn password_verifier(
        &self,
        pool_id: &str,
        client: &Client,
        session: Option<&str>,
        r: &ParamMap,
        metadata: &serde_json::Value,
        now_ms: i64,
    ) -> Result<Outcome, ApiError> {
        let username = require(r, params::USERNAME)?;
        let block = require(r, params::PASSWORD_CLAIM_SECRET_BLOCK)?;
        let signature = require(r, params::PASSWORD_CLAIM_SIGNATURE)?;
        let timestamp = require(r, params::TIMESTAMP)?;
        if let Some(token) = session {
            // USER_AUTH's PASSWORD_SRP path: the session is part of the state.
            self.write(|st| -> Result<(), ApiError> {
                open_session(
                    st,
                    token,
                    &client.id,
                    &ChallengeName::PasswordVerifier,
                    now_ms,
                )?;
                consume_session(st, token).map(|_| ())
            })?;
        }
        // Single use: the challenge is taken out whatever the answer.
        let pending = self
            .lock()
            .srp_pending
            .remove(block)
            .ok_or_else(incorrect_credentials)?;
        if pending.client_id != client.id || pending.pool_id != pool_id {
            return Err(incorrect_credentials());
        }
        if pending.expires_ms <= now_ms {
            return Err(expired_session());
        }
        // SECRET_HASH over the internal username (USER_ID_FOR_SRP), never the alias.
        check_secret_hash(client, &[&pending.user_id], r.get(params::SECRET_HASH))?;
        if pending.user_key.is_empty() {
            return Err(incorrect_credentials());
        }
        let same_user = {
            let st = self.lock();
            let pool = crate::common::pool(&st, pool_id)?;
            pool.find_user(username)
                .is_some_and(|k| k == pending.user_key)
        };
        if !same_user {
            return Err(incorrect_credentials());
        }
        let ts_ok = cognito_auth_srp::timestamp::parse(timestamp).is_ok_and(|t| {
            let mock_now = now_ms.div_euclid(1000);
            let sys_now = crate::clock::system_now_ms().div_euclid(1000);
            (t - mock_now).abs() <= TIMESTAMP_WINDOW_SECS
                || (t - sys_now).abs() <= TIMESTAMP_WINDOW_SECS
        });
        let pool_name = pool_id.split_once('_').map_or(pool_id, |(_, n)| n);
        let proof_ok = ts_ok
            && crate::common::decode_secret_block(block).is_some_and(|raw| {
                pending
                    .server
                    .verify(
                        &pending.srp_a,
                        pool_name,
                        &pending.user_id,
                        &raw,
                        timestamp,
                        signature,
                    )
                    .is_ok()
            });
        let custom = pending.progress.flow == AuthFlow::CustomAuth.as_str();
        let step = self.write(|st| -> Result<Option<Step>, ApiError> {
            pre_checks(st, pool_id, &pending.user_key, now_ms)?;
            if !proof_ok {
                return Err(note_failure(st, pool_id, &pending.user_key, now_ms));
            }
            post_checks(st, pool_id, &pending.user_key, now_ms)?;
            if custom {
                return Ok(None);
            }
            let mut progress = AuthProgress {
                first_factor: Some("PASSWORD_SRP".into()),
                ..pending.progress.clone()
            };
            // Amplify sends the remembered device with the verifier answer.
            if let Some(k) = device_key_param(r) {
                progress.device_key = Some(k);
            }
            let step = next_step(st, pool_id, client, &pending.user_key, progress, now_ms);
            if let Err(e) = &step
                && crate::devices::is_device_not_found(e)
            {
                // The password was right but the device is unknown: the same
                // challenge may be answered again without it (Amplify's
                // "Device does not exist" retry resends this very answer).
                st.srp_pending.insert(block.to_owned(), pending.clone());
            }
            step.map(Some)
        })?;
        match step {
            Some(step) => self.finish(step),
            // CUSTOM_WITH_SRP: the triggers decide what follows the password.
            None => self.custom_after_password(
                pool_id,
                client,
                &pending.user_key,
                pending.progress.clone(),
                metadata,
                now_ms,
            ),
        }
    }

    fn new_password(
        &self,
        pool_id: &str,
        client: &Client,
        token: &str,
        r: &ParamMap,
        now_ms: i64,
    ) -> Result<Outcome, ApiError> {
        let session = open_session(
            &self.lock(),
            token,
            &client.id,
            &ChallengeName::NewPasswordRequired,
            now_ms,
        )?;
        let username = require(r, params::USERNAME)?;
        let new_password = require(r, params::NEW_PASSWORD)?;
        let (srp_name, internal_name, policy, attrs) = {
            let st = self.lock();
            let pool = crate::common::pool(&st, pool_id)?;
            let user = pool
                .users
                .get(&session.user_key)
                .ok_or_else(user_not_found)?;
            if pool
                .find_user(username)
                .is_none_or(|k| k != session.user_key)
            {
                return Err(invalid_session());
            }
            check_secret_hash(client, &[&user.username], r.get(params::SECRET_HASH))?;
            // userAttributes.* entries: schema-checked, writable, and every
            // required attribute the user lacks must be among them.
            let mut attrs = Vec::new();
            for (k, v) in r.iter() {
                if let Some(name) = k.strip_prefix(params::USER_ATTRIBUTE_PREFIX) {
                    attrs.push((name.to_owned(), v.to_owned()));
                }
            }
            crate::provision::check_attributes(pool, &attrs)?;
            if let Some(w) = &client.settings.write_attributes
                && let Some((bad, _)) = attrs.iter().find(|(n, _)| !w.iter().any(|a| a == n))
            {
                return Err(not_authorized(format!(
                    "A client attempted to write unauthorized attribute {bad}"
                )));
            }
            for req in &pool.settings.required_attributes {
                let has = user.attributes.contains_key(req) || attrs.iter().any(|(n, _)| n == req);
                if !has {
                    return Err(invalid_parameter(format!(
                        "Invalid attributes given, {req} is missing"
                    )));
                }
            }
            (
                pool.srp_name().to_owned(),
                user.username.clone(),
                pool.settings.password_policy.clone(),
                attrs,
            )
        };
        policy.check(new_password)?;
        let record = PasswordRecord::new(&srp_name, &internal_name, new_password, now_ms)?;
        let step = self.write(|st| -> Result<Step, ApiError> {
            let s = consume_session(st, token)?;
            let user = crate::common::user_mut(st, pool_id, &s.user_key)?;
            if let Some(old) = &user.password {
                user.password_history
                    .push((old.hash_salt.clone(), old.hash.clone()));
            }
            user.password = Some(record);
            user.status = "CONFIRMED".into();
            user.temporary_password_expires_ms = None;
            user.modified_ms = now_ms;
            for (k, v) in attrs {
                user.attributes.insert(k, v);
            }
            let progress = AuthProgress {
                new_password_set: true,
                ..s.progress
            };
            next_step(st, pool_id, client, &s.user_key, progress, now_ms)
        })?;
        self.finish(step)
    }
}

/// A non-empty `DEVICE_KEY` parameter.
pub(crate) fn device_key_param(p: &ParamMap) -> Option<String> {
    p.get(params::DEVICE_KEY)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
}

/// A verifier for a random password: the challenge for a user that does not
/// exist (or has no password) looks real but cannot be answered.
fn decoy_verifier(pool_name: &str, user_id: &str) -> Result<Verifier, ApiError> {
    let pw = ids::uuid();
    Verifier::generate(pool_name, user_id, &pw, &mut OsRandom)
        .map_err(|e| internal(format!("SRP failed: {e}")))
}
