//! Token refresh and sign-out requests, and the rules for their answers.

// `..Default::default()` keeps these literals valid when the service model
// (and so cognito-auth-proto) adds optional members.
#![allow(clippy::needless_update)]

use cognito_auth_proto::{AuthFlow, ErrorKind, ParamMap, Sensitive, ServiceError, params as p};

use crate::config::PoolConfig;
use crate::error::ProtocolError;
use crate::tokens::AuthTokens;
use crate::wire::{
    AuthenticationResult, FlowRequest, GetTokensFromRefreshTokenRequest, GlobalSignOutRequest,
    InitiateAuthRequest, RevokeTokenRequest,
};

/// `GetTokensFromRefreshToken` (the current refresh action; supports rotation).
pub fn refresh_request(
    cfg: &PoolConfig,
    refresh_token: &Sensitive,
    device_key: Option<String>,
    client_metadata: Option<ParamMap>,
) -> FlowRequest {
    FlowRequest::GetTokensFromRefreshToken(GetTokensFromRefreshTokenRequest {
        refresh_token: refresh_token.clone(),
        client_id: cfg.client_id().to_owned(),
        client_secret: cfg.client_secret().cloned(),
        device_key,
        client_metadata,
        ..Default::default()
    })
}

/// `InitiateAuth(REFRESH_TOKEN_AUTH)`, for services without
/// `GetTokensFromRefreshToken`. `username` is the internal username (for
/// `SECRET_HASH`).
pub fn refresh_fallback_request(
    cfg: &PoolConfig,
    refresh_token: &Sensitive,
    username: &str,
    device_key: Option<String>,
    client_metadata: Option<ParamMap>,
) -> FlowRequest {
    let mut params = ParamMap::new().with(p::REFRESH_TOKEN, refresh_token.expose());
    if let Some(h) = cfg.secret_hash(username) {
        params.insert(p::SECRET_HASH, h.expose());
    }
    if let Some(d) = device_key {
        params.insert(p::DEVICE_KEY, d);
    }
    let mut req = InitiateAuthRequest::new(AuthFlow::RefreshTokenAuth, cfg.client_id());
    req.auth_parameters = Some(params);
    req.client_metadata = client_metadata;
    FlowRequest::InitiateAuth(req)
}

/// True when the service does not know `GetTokensFromRefreshToken`, so the
/// `REFRESH_TOKEN_AUTH` fallback should be used (older emulators).
pub fn refresh_needs_fallback(e: &ServiceError) -> bool {
    match &e.kind {
        ErrorKind::UnknownOperation | ErrorKind::UnsupportedOperation => true,
        ErrorKind::Unknown(name) => {
            let n = name.to_ascii_lowercase();
            n.contains("unknownoperation")
                || n.contains("notimplemented")
                || n.contains("invalidaction")
                || n == "unknownerror"
        }
        _ => false,
    }
}

/// True for refresh errors that prove the session is over (tokens must be
/// cleared). Network, throttling and server errors are not: the tokens are
/// kept and the caller sees the error.
pub fn is_definitive_refresh_error(e: &ServiceError) -> bool {
    match &e.kind {
        ErrorKind::NotAuthorized
        | ErrorKind::UserNotFound
        | ErrorKind::PasswordResetRequired
        | ErrorKind::UserNotConfirmed
        | ErrorKind::RefreshTokenReuse => true,
        ErrorKind::Unknown(name) => name == "TokenRevokedException",
        _ => false,
    }
}

/// The tokens after a refresh: new access and ID tokens; the refresh token is
/// replaced only when Cognito rotated it.
pub fn refresh_result(
    old: &AuthTokens,
    result: Option<AuthenticationResult>,
) -> Result<AuthTokens, ProtocolError> {
    let result = result.ok_or_else(|| ProtocolError::NoResult {
        action: "GetTokensFromRefreshToken".into(),
    })?;
    let mut new = AuthTokens::from_result(result)?;
    if new.refresh_token.is_none() {
        new.refresh_token = old.refresh_token.clone();
    }
    if new.id_token.is_none() {
        new.id_token = old.id_token.clone();
    }
    Ok(new)
}

/// `RevokeToken` for a refresh token (local sign-out).
pub fn revoke_request(cfg: &PoolConfig, refresh_token: &Sensitive) -> FlowRequest {
    FlowRequest::RevokeToken(RevokeTokenRequest {
        token: refresh_token.clone(),
        client_id: cfg.client_id().to_owned(),
        client_secret: cfg.client_secret().cloned(),
        ..Default::default()
    })
}

/// `GlobalSignOut` (signs the user out of every device).
pub fn global_sign_out_request(access_token: &Sensitive) -> FlowRequest {
    FlowRequest::GlobalSignOut(GlobalSignOutRequest {
        access_token: access_token.clone(),
        ..Default::default()
    })
}
