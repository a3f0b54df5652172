//! Token issuance (RS256 ID and access tokens with Cognito's claims, opaque
//! refresh tokens), access-token verification, refresh, revocation.
//!
//! Locking: the state lock is taken to read the user and record the refresh
//! token; RSA signing and verification happen after it is released.

use cognito_auth_proto::{AuthenticationResult, ErrorKind, Sensitive};
use serde::Serialize;
use serde_json::{Map, Value};

use crate::error::{ApiError, err, internal, not_authorized, user_not_found};
use crate::groups::GroupClaims;
use crate::ids;
use crate::jwt::{self, JwtError};
use crate::service::Inner;
use crate::state::{RefreshRecord, State};

/// The scope of API-issued access tokens.
pub const SIGNIN_SCOPE: &str = "aws.cognito.signin.user.admin";

/// Longest token lifetime (1 day): revocation entries are kept this long.
const MAX_TOKEN_SECONDS: i64 = 86_400;

/// What a sign-in (or refresh) hands to [`Inner::issue_tokens`].
#[derive(Clone, Debug)]
pub(crate) struct Grant {
    pub pool_id: String,
    pub client_id: String,
    pub user_key: String,
    /// Issue a refresh token (sign-ins do; refreshes only with rotation).
    pub with_refresh: bool,
    /// Continue an existing authentication (refresh): `(origin_jti, event_id, auth_time)`.
    pub origin: Option<(String, String, i64)>,
    /// With rotation: the refresh token's own expiry (ms) to keep.
    pub refresh_expires_ms: Option<i64>,
    /// The device of this sign-in (`device_key` claim of the access token).
    pub device_key: Option<String>,
    /// Set for a device tracked by this sign-in: its group key, and the
    /// result carries `NewDeviceMetadata`.
    pub new_device_group_key: Option<String>,
}

/// What issuance needs, copied out of the state under the lock.
struct Material {
    issuer_updated: bool,
    username: String,
    sub: String,
    id_claims: Map<String, Value>,
    groups: GroupClaims,
    access_seconds: i64,
    id_seconds: i64,
    revocable: bool,
    origin_jti: String,
    event_id: String,
    auth_time: i64,
    refresh: Option<String>,
}

#[derive(Serialize)]
struct AccessClaims<'a> {
    sub: &'a str,
    #[serde(
        rename = "cognito:groups",
        skip_serializing_if = "<[String]>::is_empty"
    )]
    groups: &'a [String],
    iss: &'a str,
    client_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    origin_jti: Option<&'a str>,
    event_id: &'a str,
    token_use: &'static str,
    scope: &'static str,
    auth_time: i64,
    exp: i64,
    iat: i64,
    jti: &'a str,
    username: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    device_key: Option<&'a str>,
}

/// An access token that passed every check.
#[derive(Clone, Debug)]
pub(crate) struct AccessContext {
    pub pool_id: String,
    pub user_key: String,
    pub client_id: String,
}

/// Attribute values that go into ID tokens as JSON booleans.
fn claim_value(name: &str, value: &str) -> Value {
    if name == "email_verified" || name == "phone_number_verified" {
        Value::Bool(value == "true")
    } else {
        Value::String(value.to_owned())
    }
}

impl Inner {
    /// Issues tokens for a completed sign-in or refresh.
    pub(crate) fn issue_tokens(&self, g: &Grant) -> Result<AuthenticationResult, ApiError> {
        let now_ms = self.clock.now_ms();
        let m = self.write(|st| prepare(st, g, now_ms))?;
        let keys = self.pool_keys(&g.pool_id)?;
        let iss = self.issuer(&g.pool_id, m.issuer_updated);
        let iat = now_ms.div_euclid(1000);
        let access_jti = ids::uuid();
        let access = AccessClaims {
            sub: &m.sub,
            groups: &m.groups.groups,
            iss: &iss,
            client_id: &g.client_id,
            origin_jti: m.revocable.then_some(m.origin_jti.as_str()),
            event_id: &m.event_id,
            token_use: "access",
            scope: SIGNIN_SCOPE,
            auth_time: m.auth_time,
            exp: iat + m.access_seconds,
            iat,
            jti: &access_jti,
            username: &m.username,
            device_key: g.device_key.as_deref(),
        };
        let payload = serde_json::to_vec(&access)
            .map_err(|e| internal(format!("could not encode claims: {e}")))?;
        let access_token = keys
            .access
            .sign(&payload)
            .map_err(|e| internal(format!("could not sign the access token: {e}")))?;
        let mut id = m.id_claims;
        id.insert("sub".into(), Value::String(m.sub.clone()));
        let strings = |v: &[String]| Value::Array(v.iter().cloned().map(Value::String).collect());
        if !m.groups.groups.is_empty() {
            id.insert("cognito:groups".into(), strings(&m.groups.groups));
        }
        if !m.groups.roles.is_empty() {
            id.insert("cognito:roles".into(), strings(&m.groups.roles));
        }
        if let Some(r) = &m.groups.preferred_role {
            id.insert("cognito:preferred_role".into(), Value::String(r.clone()));
        }
        id.insert("iss".into(), Value::String(iss));
        id.insert("cognito:username".into(), Value::String(m.username.clone()));
        if m.revocable {
            id.insert("origin_jti".into(), Value::String(m.origin_jti.clone()));
        }
        id.insert("aud".into(), Value::String(g.client_id.clone()));
        id.insert("event_id".into(), Value::String(m.event_id.clone()));
        id.insert("token_use".into(), Value::String("id".into()));
        id.insert("auth_time".into(), Value::from(m.auth_time));
        id.insert("exp".into(), Value::from(iat + m.id_seconds));
        id.insert("iat".into(), Value::from(iat));
        id.insert("jti".into(), Value::String(ids::uuid()));
        let id_token = keys
            .id
            .sign_claims(&id)
            .map_err(|e| internal(format!("could not sign the ID token: {e}")))?;
        Ok(AuthenticationResult {
            access_token: Some(Sensitive::new(access_token)),
            expires_in: Some(i32::try_from(m.access_seconds).unwrap_or(i32::MAX)),
            token_type: Some("Bearer".into()),
            refresh_token: m.refresh.map(Sensitive::new),
            id_token: Some(Sensitive::new(id_token)),
            new_device_metadata: g.new_device_group_key.as_ref().map(|group| {
                cognito_auth_proto::NewDeviceMetadata {
                    device_key: g.device_key.clone(),
                    device_group_key: Some(group.clone()),
                }
            }),
        })
    }

    /// Checks an access token presented to GetUser, ChangePassword, …:
    /// signature, expiry, `token_use`, revocation, and that its user exists
    /// and is enabled.
    pub(crate) fn verify_access_token(&self, token: &str) -> Result<AccessContext, ApiError> {
        let invalid = || not_authorized("Invalid Access Token");
        let unverified = jwt::decode_unverified(token).map_err(|_| invalid())?;
        let iss = unverified
            .claims
            .get("iss")
            .and_then(Value::as_str)
            .ok_or_else(invalid)?;
        let pool_id = iss.rsplit('/').next().unwrap_or("").to_owned();
        if !self.lock().pools.contains_key(&pool_id) {
            return Err(invalid());
        }
        let keys = self.pool_keys(&pool_id)?;
        let now = u64::try_from(self.clock.now_secs()).unwrap_or(0);
        let verified = jwt::verify(token, &keys.access, now).map_err(|e| match e {
            JwtError::Expired { .. } => not_authorized("Access Token has expired"),
            _ => invalid(),
        })?;
        let c = &verified.claims;
        let get = |k: &str| c.get(k).and_then(Value::as_str).unwrap_or("");
        if get("token_use") != "access" || get("iss") != iss {
            return Err(invalid());
        }
        let (sub, username, client_id) = (get("sub"), get("username"), get("client_id"));
        let (origin, event) = (get("origin_jti"), get("event_id"));
        let st = self.lock();
        if (!origin.is_empty() && st.revoked_events.contains_key(origin))
            || (!event.is_empty() && st.revoked_events.contains_key(event))
        {
            return Err(not_authorized("Access Token has been revoked"));
        }
        let pool = st.pools.get(&pool_id).ok_or_else(invalid)?;
        let key = pool.user_key(username);
        let user = pool
            .users
            .get(&key)
            .filter(|u| u.sub == sub)
            .ok_or_else(user_not_found)?;
        if !user.enabled {
            return Err(crate::error::user_disabled());
        }
        Ok(AccessContext {
            pool_id,
            user_key: key,
            client_id: client_id.to_owned(),
        })
    }
}

fn prepare(st: &mut State, g: &Grant, now_ms: i64) -> Result<Material, ApiError> {
    let pool = st
        .pools
        .get(&g.pool_id)
        .ok_or_else(|| crate::error::pool_not_found(&g.pool_id))?;
    let client = pool
        .clients
        .get(&g.client_id)
        .ok_or_else(|| crate::error::client_not_found(&g.client_id))?;
    let user = pool.users.get(&g.user_key).ok_or_else(user_not_found)?;
    let readable = client.settings.read_attributes.as_ref();
    // Read at issuance, so refreshed tokens show the current membership.
    let groups = crate::groups::group_claims(pool, user);
    let mut id_claims = Map::new();
    for (name, value) in &user.attributes {
        if readable.is_none_or(|r| r.iter().any(|a| a == name)) {
            id_claims.insert(name.clone(), claim_value(name, value));
        }
    }
    let (origin_jti, event_id, auth_time) = match &g.origin {
        Some(o) => o.clone(),
        None => (ids::uuid(), ids::uuid(), now_ms.div_euclid(1000)),
    };
    let m = Material {
        issuer_updated: pool.settings.issuer_updated,
        username: user.username.clone(),
        sub: user.sub.clone(),
        id_claims,
        groups,
        access_seconds: client.settings.access_seconds(),
        id_seconds: client.settings.id_seconds(),
        revocable: client.settings.enable_token_revocation,
        origin_jti,
        event_id,
        auth_time,
        refresh: None,
    };
    let refresh_seconds = client.settings.refresh_seconds();
    let sub = user.sub.clone();
    if !g.with_refresh {
        return Ok(m);
    }
    let token = ids::refresh_token();
    st.refresh_tokens.insert(
        token.clone(),
        RefreshRecord {
            pool_id: g.pool_id.clone(),
            client_id: g.client_id.clone(),
            user_key: g.user_key.clone(),
            sub,
            origin_jti: m.origin_jti.clone(),
            event_id: m.event_id.clone(),
            auth_time: m.auth_time,
            expires_ms: g
                .refresh_expires_ms
                .unwrap_or(now_ms + refresh_seconds.saturating_mul(1000)),
            revoked: false,
            rotated_at_ms: None,
            replaced_by: None,
            device_key: g.device_key.clone(),
        },
    );
    Ok(Material {
        refresh: Some(token),
        ..m
    })
}

/// Revokes every token of one authentication (a refresh token family).
pub(crate) fn revoke_origin(st: &mut State, origin_jti: &str, event_id: &str, now_ms: i64) {
    let keep_until = now_ms + MAX_TOKEN_SECONDS * 1000;
    for r in st.refresh_tokens.values_mut() {
        if r.origin_jti == origin_jti {
            r.revoked = true;
        }
    }
    st.revoked_events.insert(origin_jti.to_owned(), keep_until);
    st.revoked_events.insert(event_id.to_owned(), keep_until);
}

/// Revokes every token of a user (GlobalSignOut, deletion, password reset by
/// an administrator).
pub(crate) fn revoke_user(st: &mut State, pool_id: &str, user_key: &str, now_ms: i64) {
    let families: Vec<(String, String)> = st
        .refresh_tokens
        .values()
        .filter(|r| r.pool_id == pool_id && r.user_key == user_key && !r.revoked)
        .map(|r| (r.origin_jti.clone(), r.event_id.clone()))
        .collect();
    for (o, e) in families {
        revoke_origin(st, &o, &e, now_ms);
    }
}

/// Drops expired bookkeeping: refresh tokens past their expiry, revocation
/// entries past every token's lifetime, sessions long expired.
pub(crate) fn prune(st: &mut State, now_ms: i64) {
    st.refresh_tokens
        .retain(|_, r| r.expires_ms + MAX_TOKEN_SECONDS * 1000 > now_ms);
    st.revoked_events.retain(|_, until| *until > now_ms);
    st.used_sessions.retain(|_, until| *until > now_ms);
    st.sessions.retain(|_, s| s.expires_ms + 3_600_000 > now_ms);
    st.srp_pending.retain(|_, p| p.expires_ms + 60_000 > now_ms);
}

/// A refresh token looked up for use.
pub(crate) fn refresh_error(kind: &str) -> ApiError {
    match kind {
        "expired" => not_authorized("Refresh Token has expired"),
        "revoked" => not_authorized("Refresh Token has been revoked"),
        "reused" => err(
            ErrorKind::RefreshTokenReuse,
            "Refresh token has already been used; sign in again.",
        ),
        _ => not_authorized("Invalid Refresh Token"),
    }
}
