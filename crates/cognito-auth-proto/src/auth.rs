//! Sign-in and sign-out: `InitiateAuth`, `RespondToAuthChallenge`, their
//! `Admin*` twins, `GetTokensFromRefreshToken`, `RevokeToken`,
//! `GlobalSignOut` and `AdminUserGlobalSignOut`.

use serde::{Deserialize, Serialize};

use crate::{
    AnalyticsMetadata, AuthFlow, ChallengeName, ContextData, ParamMap, Sensitive, UserContextData,
};

/// The tokens of a completed sign-in (`AuthenticationResultType`). `RefreshToken` is absent on refresh without rotation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct AuthenticationResult {
    /// The user's access token (scope `aws.cognito.signin.user.admin`).
    #[serde(
        rename = "AccessToken",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub access_token: Option<Sensitive>,
    /// Lifetime of the access token in seconds.
    #[serde(rename = "ExpiresIn", default, skip_serializing_if = "Option::is_none")]
    pub expires_in: Option<i32>,
    /// Always `Bearer`.
    #[serde(rename = "TokenType", default, skip_serializing_if = "Option::is_none")]
    pub token_type: Option<String>,
    /// The refresh token (absent on refresh without rotation).
    #[serde(
        rename = "RefreshToken",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub refresh_token: Option<Sensitive>,
    /// The ID token (JWT).
    #[serde(rename = "IdToken", default, skip_serializing_if = "Option::is_none")]
    pub id_token: Option<Sensitive>,
    /// Present when the pool tracks devices and no known device was used.
    #[serde(
        rename = "NewDeviceMetadata",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub new_device_metadata: Option<NewDeviceMetadata>,
}

/// A new device to confirm with `ConfirmDevice` (`NewDeviceMetadataType`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct NewDeviceMetadata {
    /// The device key, `<region>_<uuid>`.
    #[serde(rename = "DeviceKey", default, skip_serializing_if = "Option::is_none")]
    pub device_key: Option<String>,
    /// The device group key (the "pool name" of device SRP).
    #[serde(
        rename = "DeviceGroupKey",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub device_group_key: Option<String>,
}

/// Input of `InitiateAuth`: starts a sign-in flow.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InitiateAuthRequest {
    /// The sign-in flow.
    #[serde(rename = "AuthFlow")]
    pub auth_flow: AuthFlow,
    /// Flow parameters ([`params`](crate::params) names: `USERNAME`, `SRP_A`, `PASSWORD`, `SECRET_HASH`, …).
    #[serde(
        rename = "AuthParameters",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub auth_parameters: Option<ParamMap>,
    /// Key/values handed to the pool's Lambda triggers.
    #[serde(
        rename = "ClientMetadata",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub client_metadata: Option<ParamMap>,
    /// The app client's id.
    #[serde(rename = "ClientId")]
    pub client_id: String,
    /// Pinpoint analytics endpoint.
    #[serde(
        rename = "AnalyticsMetadata",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub analytics_metadata: Option<AnalyticsMetadata>,
    /// Threat-protection data about the end user's device.
    #[serde(
        rename = "UserContextData",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub user_context_data: Option<UserContextData>,
    /// Opaque session of a challenge chain: pass the latest one back, once.
    #[serde(rename = "Session", default, skip_serializing_if = "Option::is_none")]
    pub session: Option<Sensitive>,
}

/// Output of `InitiateAuth`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct InitiateAuthResponse {
    /// The challenge being answered, or the next one to answer.
    #[serde(
        rename = "ChallengeName",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub challenge_name: Option<ChallengeName>,
    /// Opaque session of a challenge chain: pass the latest one back, once.
    #[serde(rename = "Session", default, skip_serializing_if = "Option::is_none")]
    pub session: Option<Sensitive>,
    /// Challenge parameters ([`params`](crate::params) names); lists and objects are JSON-encoded strings.
    #[serde(
        rename = "ChallengeParameters",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub challenge_parameters: Option<ParamMap>,
    #[serde(
        rename = "AuthenticationResult",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub authentication_result: Option<AuthenticationResult>,
    /// With `SELECT_CHALLENGE`: the first factors the user may choose.
    #[serde(
        rename = "AvailableChallenges",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub available_challenges: Option<Vec<ChallengeName>>,
}

/// Input of `RespondToAuthChallenge`: answers the challenge of a sign-in flow.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RespondToAuthChallengeRequest {
    /// The app client's id.
    #[serde(rename = "ClientId")]
    pub client_id: String,
    /// The challenge being answered, or the next one to answer.
    #[serde(rename = "ChallengeName")]
    pub challenge_name: ChallengeName,
    /// Opaque session of a challenge chain: pass the latest one back, once.
    #[serde(rename = "Session", default, skip_serializing_if = "Option::is_none")]
    pub session: Option<Sensitive>,
    /// Challenge answers ([`params`](crate::params) names), always with `USERNAME`.
    #[serde(
        rename = "ChallengeResponses",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub challenge_responses: Option<ParamMap>,
    /// Pinpoint analytics endpoint.
    #[serde(
        rename = "AnalyticsMetadata",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub analytics_metadata: Option<AnalyticsMetadata>,
    /// Threat-protection data about the end user's device.
    #[serde(
        rename = "UserContextData",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub user_context_data: Option<UserContextData>,
    /// Key/values handed to the pool's Lambda triggers.
    #[serde(
        rename = "ClientMetadata",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub client_metadata: Option<ParamMap>,
}

/// Output of `RespondToAuthChallenge`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct RespondToAuthChallengeResponse {
    /// The challenge being answered, or the next one to answer.
    #[serde(
        rename = "ChallengeName",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub challenge_name: Option<ChallengeName>,
    /// Opaque session of a challenge chain: pass the latest one back, once.
    #[serde(rename = "Session", default, skip_serializing_if = "Option::is_none")]
    pub session: Option<Sensitive>,
    /// Challenge parameters ([`params`](crate::params) names); lists and objects are JSON-encoded strings.
    #[serde(
        rename = "ChallengeParameters",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub challenge_parameters: Option<ParamMap>,
    #[serde(
        rename = "AuthenticationResult",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub authentication_result: Option<AuthenticationResult>,
    /// Choices offered for the next step (newer service models also return
    /// them here, not only from `InitiateAuth`).
    #[serde(
        rename = "AvailableChallenges",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub available_challenges: Option<Vec<ChallengeName>>,
}

/// Input of `AdminInitiateAuth`: starts a sign-in flow server-side (SigV4).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AdminInitiateAuthRequest {
    /// The pool id, `<region>_<id>`.
    #[serde(rename = "UserPoolId")]
    pub user_pool_id: String,
    /// The app client's id.
    #[serde(rename = "ClientId")]
    pub client_id: String,
    /// The sign-in flow.
    #[serde(rename = "AuthFlow")]
    pub auth_flow: AuthFlow,
    /// Flow parameters ([`params`](crate::params) names: `USERNAME`, `SRP_A`, `PASSWORD`, `SECRET_HASH`, …).
    #[serde(
        rename = "AuthParameters",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub auth_parameters: Option<ParamMap>,
    /// Key/values handed to the pool's Lambda triggers.
    #[serde(
        rename = "ClientMetadata",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub client_metadata: Option<ParamMap>,
    /// Pinpoint analytics endpoint.
    #[serde(
        rename = "AnalyticsMetadata",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub analytics_metadata: Option<AnalyticsMetadata>,
    /// Threat-protection data about the end user's request.
    #[serde(
        rename = "ContextData",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub context_data: Option<ContextData>,
    /// Opaque session of a challenge chain: pass the latest one back, once.
    #[serde(rename = "Session", default, skip_serializing_if = "Option::is_none")]
    pub session: Option<Sensitive>,
}

/// Output of `AdminInitiateAuth`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct AdminInitiateAuthResponse {
    /// The challenge being answered, or the next one to answer.
    #[serde(
        rename = "ChallengeName",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub challenge_name: Option<ChallengeName>,
    /// Opaque session of a challenge chain: pass the latest one back, once.
    #[serde(rename = "Session", default, skip_serializing_if = "Option::is_none")]
    pub session: Option<Sensitive>,
    /// Challenge parameters ([`params`](crate::params) names); lists and objects are JSON-encoded strings.
    #[serde(
        rename = "ChallengeParameters",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub challenge_parameters: Option<ParamMap>,
    #[serde(
        rename = "AuthenticationResult",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub authentication_result: Option<AuthenticationResult>,
    /// With `SELECT_CHALLENGE`: the first factors the user may choose.
    #[serde(
        rename = "AvailableChallenges",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub available_challenges: Option<Vec<ChallengeName>>,
}

/// Input of `AdminRespondToAuthChallenge`: answers a challenge server-side (SigV4).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AdminRespondToAuthChallengeRequest {
    /// The pool id, `<region>_<id>`.
    #[serde(rename = "UserPoolId")]
    pub user_pool_id: String,
    /// The app client's id.
    #[serde(rename = "ClientId")]
    pub client_id: String,
    /// The challenge being answered, or the next one to answer.
    #[serde(rename = "ChallengeName")]
    pub challenge_name: ChallengeName,
    /// Challenge answers ([`params`](crate::params) names), always with `USERNAME`.
    #[serde(
        rename = "ChallengeResponses",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub challenge_responses: Option<ParamMap>,
    /// Opaque session of a challenge chain: pass the latest one back, once.
    #[serde(rename = "Session", default, skip_serializing_if = "Option::is_none")]
    pub session: Option<Sensitive>,
    /// Pinpoint analytics endpoint.
    #[serde(
        rename = "AnalyticsMetadata",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub analytics_metadata: Option<AnalyticsMetadata>,
    /// Threat-protection data about the end user's request.
    #[serde(
        rename = "ContextData",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub context_data: Option<ContextData>,
    /// Key/values handed to the pool's Lambda triggers.
    #[serde(
        rename = "ClientMetadata",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub client_metadata: Option<ParamMap>,
}

/// Output of `AdminRespondToAuthChallenge`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct AdminRespondToAuthChallengeResponse {
    /// The challenge being answered, or the next one to answer.
    #[serde(
        rename = "ChallengeName",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub challenge_name: Option<ChallengeName>,
    /// Opaque session of a challenge chain: pass the latest one back, once.
    #[serde(rename = "Session", default, skip_serializing_if = "Option::is_none")]
    pub session: Option<Sensitive>,
    /// Challenge parameters ([`params`](crate::params) names); lists and objects are JSON-encoded strings.
    #[serde(
        rename = "ChallengeParameters",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub challenge_parameters: Option<ParamMap>,
    #[serde(
        rename = "AuthenticationResult",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub authentication_result: Option<AuthenticationResult>,
    /// Choices offered for the next step (newer service models also return
    /// them here, not only from `InitiateAuth`).
    #[serde(
        rename = "AvailableChallenges",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub available_challenges: Option<Vec<ChallengeName>>,
}

/// Input of `GetTokensFromRefreshToken`: exchanges a refresh token for new tokens (with optional rotation).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct GetTokensFromRefreshTokenRequest {
    /// The refresh token (absent on refresh without rotation).
    #[serde(rename = "RefreshToken")]
    pub refresh_token: Sensitive,
    /// The app client's id.
    #[serde(rename = "ClientId")]
    pub client_id: String,
    /// The raw client secret, for clients with a secret.
    #[serde(
        rename = "ClientSecret",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub client_secret: Option<Sensitive>,
    /// The device key, `<region>_<uuid>`.
    #[serde(rename = "DeviceKey", default, skip_serializing_if = "Option::is_none")]
    pub device_key: Option<String>,
    /// Key/values handed to the pool's Lambda triggers.
    #[serde(
        rename = "ClientMetadata",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub client_metadata: Option<ParamMap>,
}

/// Output of `GetTokensFromRefreshToken`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct GetTokensFromRefreshTokenResponse {
    #[serde(
        rename = "AuthenticationResult",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub authentication_result: Option<AuthenticationResult>,
}

/// Input of `RevokeToken`: revokes a refresh token and the tokens minted from it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct RevokeTokenRequest {
    /// The refresh token to revoke.
    #[serde(rename = "Token")]
    pub token: Sensitive,
    /// The app client's id.
    #[serde(rename = "ClientId")]
    pub client_id: String,
    /// The raw client secret, for clients with a secret.
    #[serde(
        rename = "ClientSecret",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub client_secret: Option<Sensitive>,
    /// Whether tokens of sessions linked to this one are revoked too.
    #[serde(
        rename = "RevokeAssociatedSessions",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub revoke_associated_sessions: Option<RevokeAssociatedSessions>,
}

string_enum! {
    /// `RevokeAssociatedSessionsType` of `RevokeToken`.
    pub enum RevokeAssociatedSessions {
        None => "NONE",
        Linked => "LINKED",
    }
}

/// Output of `RevokeToken`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct RevokeTokenResponse {}

/// Input of `GlobalSignOut`: signs the user out everywhere (revokes every token of the user).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct GlobalSignOutRequest {
    /// The user's access token (scope `aws.cognito.signin.user.admin`).
    #[serde(rename = "AccessToken")]
    pub access_token: Sensitive,
}

/// Output of `GlobalSignOut`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct GlobalSignOutResponse {}

/// Input of `AdminUserGlobalSignOut`: signs a user out everywhere (SigV4).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct AdminUserGlobalSignOutRequest {
    /// The pool id, `<region>_<id>`.
    #[serde(rename = "UserPoolId")]
    pub user_pool_id: String,
    /// The user name, or an alias (email, phone) where the pool allows it.
    #[serde(rename = "Username")]
    pub username: String,
}

/// Output of `AdminUserGlobalSignOut`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct AdminUserGlobalSignOutResponse {}

impl InitiateAuthRequest {
    /// A request with its required members; set the others as needed.
    pub fn new(auth_flow: AuthFlow, client_id: impl Into<String>) -> Self {
        Self {
            auth_flow,
            auth_parameters: None,
            client_metadata: None,
            client_id: client_id.into(),
            analytics_metadata: None,
            user_context_data: None,
            session: None,
        }
    }
}

impl RespondToAuthChallengeRequest {
    /// A request with its required members; set the others as needed.
    pub fn new(challenge_name: ChallengeName, client_id: impl Into<String>) -> Self {
        Self {
            client_id: client_id.into(),
            challenge_name,
            session: None,
            challenge_responses: None,
            analytics_metadata: None,
            user_context_data: None,
            client_metadata: None,
        }
    }
}

impl AdminInitiateAuthRequest {
    /// A request with its required members; set the others as needed.
    pub fn new(
        user_pool_id: impl Into<String>,
        client_id: impl Into<String>,
        auth_flow: AuthFlow,
    ) -> Self {
        Self {
            user_pool_id: user_pool_id.into(),
            client_id: client_id.into(),
            auth_flow,
            auth_parameters: None,
            client_metadata: None,
            analytics_metadata: None,
            context_data: None,
            session: None,
        }
    }
}

impl AdminRespondToAuthChallengeRequest {
    /// A request with its required members; set the others as needed.
    pub fn new(
        user_pool_id: impl Into<String>,
        client_id: impl Into<String>,
        challenge_name: ChallengeName,
    ) -> Self {
        Self {
            user_pool_id: user_pool_id.into(),
            client_id: client_id.into(),
            challenge_name,
            challenge_responses: None,
            session: None,
            analytics_metadata: None,
            context_data: None,
            client_metadata: None,
        }
    }
}
