//! Wire handlers of the sign-in and sign-out actions (the engine is in
//! [`crate::auth`]).

use cognito_auth_proto::{
    AdminInitiateAuthRequest, AdminInitiateAuthResponse, AdminRespondToAuthChallengeRequest,
    AdminRespondToAuthChallengeResponse, AdminUserGlobalSignOutRequest,
    AdminUserGlobalSignOutResponse, ErrorKind, GetTokensFromRefreshTokenRequest,
    GetTokensFromRefreshTokenResponse, GlobalSignOutRequest, GlobalSignOutResponse,
    InitiateAuthRequest, InitiateAuthResponse, ParamMap, RespondToAuthChallengeRequest,
    RespondToAuthChallengeResponse, RevokeTokenRequest, RevokeTokenResponse, Sensitive,
};

use crate::auth::{Caller, Outcome};
use crate::common::{check_client_secret, pool_of_client};
use crate::error::{ApiError, err, user_disabled, user_not_found};
use crate::service::Inner;
use crate::tokens::{Grant, refresh_error, revoke_origin, revoke_user};

fn parts(
    o: Outcome,
) -> (
    Option<cognito_auth_proto::ChallengeName>,
    Option<Sensitive>,
    Option<ParamMap>,
    Option<cognito_auth_proto::AuthenticationResult>,
) {
    (
        o.challenge,
        o.session.map(Sensitive::new),
        Some(o.params),
        o.result,
    )
}

/// `ClientMetadata` as the JSON object triggers receive.
fn metadata_value(m: Option<&ParamMap>) -> serde_json::Value {
    let mut out = serde_json::Map::new();
    if let Some(m) = m {
        for (k, v) in m.iter() {
            out.insert(k.to_owned(), serde_json::Value::String(v.to_owned()));
        }
    }
    serde_json::Value::Object(out)
}

impl Inner {
    pub(crate) fn api_initiate_auth(
        &self,
        req: InitiateAuthRequest,
    ) -> Result<InitiateAuthResponse, ApiError> {
        let params = req.auth_parameters.unwrap_or_default();
        let o = self.initiate_auth(
            Caller::Public,
            &req.auth_flow,
            &req.client_id,
            &params,
            req.session.as_ref().map(Sensitive::expose),
        )?;
        let available = o.available.clone();
        let (challenge_name, session, challenge_parameters, authentication_result) = parts(o);
        Ok(InitiateAuthResponse {
            challenge_name,
            session,
            challenge_parameters,
            authentication_result,
            available_challenges: available,
        })
    }

    pub(crate) fn api_admin_initiate_auth(
        &self,
        req: AdminInitiateAuthRequest,
    ) -> Result<AdminInitiateAuthResponse, ApiError> {
        let params = req.auth_parameters.unwrap_or_default();
        let o = self.initiate_auth(
            Caller::Admin(&req.user_pool_id),
            &req.auth_flow,
            &req.client_id,
            &params,
            req.session.as_ref().map(Sensitive::expose),
        )?;
        let available = o.available.clone();
        let (challenge_name, session, challenge_parameters, authentication_result) = parts(o);
        Ok(AdminInitiateAuthResponse {
            challenge_name,
            session,
            challenge_parameters,
            authentication_result,
            available_challenges: available,
        })
    }

    pub(crate) fn api_respond_to_auth_challenge(
        &self,
        req: RespondToAuthChallengeRequest,
    ) -> Result<RespondToAuthChallengeResponse, ApiError> {
        let responses = req.challenge_responses.unwrap_or_default();
        let o = self.respond_to_challenge(
            Caller::Public,
            &req.client_id,
            &req.challenge_name,
            req.session.as_ref().map(Sensitive::expose),
            &responses,
            &metadata_value(req.client_metadata.as_ref()),
        )?;
        let available = o.available.clone();
        let (challenge_name, session, challenge_parameters, authentication_result) = parts(o);
        Ok(RespondToAuthChallengeResponse {
            challenge_name,
            session,
            challenge_parameters,
            authentication_result,
            available_challenges: available,
        })
    }

    pub(crate) fn api_admin_respond_to_auth_challenge(
        &self,
        req: AdminRespondToAuthChallengeRequest,
    ) -> Result<AdminRespondToAuthChallengeResponse, ApiError> {
        let responses = req.challenge_responses.unwrap_or_default();
        let o = self.respond_to_challenge(
            Caller::Admin(&req.user_pool_id),
            &req.client_id,
            &req.challenge_name,
            req.session.as_ref().map(Sensitive::expose),
            &responses,
            &metadata_value(req.client_metadata.as_ref()),
        )?;
        let available = o.available.clone();
        let (challenge_name, session, challenge_parameters, authentication_result) = parts(o);
        Ok(AdminRespondToAuthChallengeResponse {
            challenge_name,
            session,
            challenge_parameters,
            authentication_result,
            available_challenges: available,
        })
    }

    pub(crate) fn get_tokens_from_refresh_token(
        &self,
        req: GetTokensFromRefreshTokenRequest,
    ) -> Result<GetTokensFromRefreshTokenResponse, ApiError> {
        let now_ms = self.clock.now_ms();
        let token = req.refresh_token.expose().to_owned();
        let grant = self.write(|st| -> Result<Grant, ApiError> {
            let (pool, client) = pool_of_client(st, &req.client_id)?;
            let (pool_id, client) = (pool.id.clone(), client.clone());
            check_client_secret(&client, req.client_secret.as_ref().map(Sensitive::expose))?;
            if !client.settings.allows("ALLOW_REFRESH_TOKEN_AUTH") {
                return Err(crate::error::invalid_parameter(
                    "Refresh Token flow not enabled for this client",
                ));
            }
            let rec = st
                .refresh_tokens
                .get(&token)
                .filter(|r| r.pool_id == pool_id && r.client_id == client.id)
                .cloned()
                .ok_or_else(|| refresh_error("invalid"))?;
            if rec.revoked {
                return Err(refresh_error("revoked"));
            }
            if rec.expires_ms <= now_ms {
                return Err(refresh_error("expired"));
            }
            let user = crate::common::pool(st, &pool_id)?
                .users
                .get(&rec.user_key)
                .filter(|u| u.sub == rec.sub)
                .ok_or_else(user_not_found)?;
            if !user.enabled {
                return Err(user_disabled());
            }
            let device_key = rec
                .device_key
                .clone()
                .filter(|k| user.devices.contains_key(k));
            let rotate = client.settings.refresh_token_rotation;
            if rotate {
                if let Some(at) = rec.rotated_at_ms {
                    let grace = client.settings.retry_grace_period_seconds.clamp(0, 60) * 1000;
                    if now_ms > at + grace {
                        // Reuse after the grace period: the whole family dies.
                        revoke_origin(st, &rec.origin_jti, &rec.event_id, now_ms);
                        return Err(refresh_error("reused"));
                    }
                } else if let Some(r) = st.refresh_tokens.get_mut(&token) {
                    r.rotated_at_ms = Some(now_ms);
                }
            }
            Ok(Grant {
                pool_id,
                client_id: client.id.clone(),
                user_key: rec.user_key.clone(),
                with_refresh: rotate,
                origin: Some((rec.origin_jti.clone(), rec.event_id.clone(), rec.auth_time)),
                refresh_expires_ms: Some(rec.expires_ms),
                device_key,
                new_device_group_key: None,
            })
        })?;
        let result = self.issue_tokens(&grant)?;
        if let Some(new) = &result.refresh_token {
            let new = new.expose().to_owned();
            self.write(|st| {
                if let Some(r) = st.refresh_tokens.get_mut(&token) {
                    r.replaced_by = Some(new);
                }
            });
        }
        Ok(GetTokensFromRefreshTokenResponse {
            authentication_result: Some(result),
        })
    }

    pub(crate) fn revoke_token(
        &self,
        req: RevokeTokenRequest,
    ) -> Result<RevokeTokenResponse, ApiError> {
        let now_ms = self.clock.now_ms();
        let token = req.token.expose();
        self.write(|st| -> Result<(), ApiError> {
            let (_, client) = pool_of_client(st, &req.client_id)?;
            let client = client.clone();
            if client.secret.is_some() {
                check_client_secret(&client, req.client_secret.as_ref().map(Sensitive::expose))
                    .map_err(|_| err(ErrorKind::Unauthorized, "Invalid client secret."))?;
            }
            if !client.settings.enable_token_revocation {
                return Err(err(
                    ErrorKind::UnsupportedOperation,
                    "Token revocation is not enabled for this client.",
                ));
            }
            // Access and ID tokens are JWTs (three parts); only refresh
            // tokens can be revoked.
            if token.split('.').count() == 3 && crate::jwt::decode_unverified(token).is_ok() {
                return Err(err(
                    ErrorKind::UnsupportedTokenType,
                    "Unsupported token type",
                ));
            }
            let Some(rec) = st.refresh_tokens.get(token).cloned() else {
                // RFC 7009: an unknown token is not an error.
                return Ok(());
            };
            if rec.client_id != client.id {
                return Err(err(
                    ErrorKind::Unauthorized,
                    "The refresh token was not issued to this client.",
                ));
            }
            revoke_origin(st, &rec.origin_jti, &rec.event_id, now_ms);
            Ok(())
        })?;
        Ok(RevokeTokenResponse {})
    }

    pub(crate) fn global_sign_out(
        &self,
        req: GlobalSignOutRequest,
    ) -> Result<GlobalSignOutResponse, ApiError> {
        let now_ms = self.clock.now_ms();
        let ctx = self.verify_access_token(req.access_token.expose())?;
        self.write(|st| revoke_user(st, &ctx.pool_id, &ctx.user_key, now_ms));
        Ok(GlobalSignOutResponse {})
    }

    pub(crate) fn admin_user_global_sign_out(
        &self,
        req: AdminUserGlobalSignOutRequest,
    ) -> Result<AdminUserGlobalSignOutResponse, ApiError> {
        let now_ms = self.clock.now_ms();
        self.write(|st| -> Result<(), ApiError> {
            let pool = crate::common::pool(st, &req.user_pool_id)?;
            let key = pool
                .find_user_admin(&req.username)
                .ok_or_else(user_not_found)?;
            revoke_user(st, &req.user_pool_id, &key, now_ms);
            Ok(())
        })?;
        Ok(AdminUserGlobalSignOutResponse {})
    }
}
