//! The request and response shapes of the actions the flows use.
//!
//! Field names are exactly Cognito's; absent optional fields are omitted on
//! the wire. Secrets are [`Sensitive`] (redacted in `Debug`).
//!
//! These mirror `cognito-auth-proto`'s shapes for the handful of actions the
//! client drives; they are re-exported as [`crate::wire`] so the facade and
//! tests name one set.

use cognito_auth_proto::{
    Action, AuthFlow, ChallengeName, DeliveryMedium, ParamMap, Sensitive, VerifySoftwareTokenStatus,
};
use serde::{Deserialize, Serialize};

/// `AttributeType`: `{Name, Value}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AttributeType {
    /// Attribute name (`email`, `custom:x`, …).
    pub name: String,
    /// Attribute value.
    #[serde(default)]
    pub value: String,
}

/// `CodeDeliveryDetailsType`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CodeDeliveryDetailsType {
    /// Masked destination (`a***@e***`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub destination: Option<String>,
    /// `SMS` or `EMAIL`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery_medium: Option<DeliveryMedium>,
    /// The attribute the code was sent to (`email`, `phone_number`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attribute_name: Option<String>,
}

/// `NewDeviceMetadataType`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct NewDeviceMetadataType {
    /// `DeviceKey`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_key: Option<String>,
    /// `DeviceGroupKey`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_group_key: Option<String>,
}

/// `AuthenticationResultType`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AuthenticationResultType {
    /// The access token (JWT).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_token: Option<Sensitive>,
    /// Access-token lifetime in seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_in: Option<i64>,
    /// `Bearer`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_type: Option<String>,
    /// The refresh token (opaque).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<Sensitive>,
    /// The ID token (JWT).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_token: Option<Sensitive>,
    /// Present when device tracking is on and a new device was seen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_device_metadata: Option<NewDeviceMetadataType>,
}

/// `SignUp` request.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SignUpRequest {
    /// App client id.
    pub client_id: String,
    /// `SecretHash` over the typed username.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret_hash: Option<Sensitive>,
    /// The username as typed.
    pub username: String,
    /// The password (absent for passwordless sign-up).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<Sensitive>,
    /// User attributes in the caller's order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_attributes: Option<Vec<AttributeType>>,
    /// Validation data for the pre-sign-up trigger.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub validation_data: Option<Vec<AttributeType>>,
    /// Client metadata for triggers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_metadata: Option<ParamMap>,
}

/// `SignUp` response.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SignUpResponse {
    /// True when the user was confirmed at sign-up (auto-confirm trigger).
    #[serde(default)]
    pub user_confirmed: bool,
    /// Where the confirmation code went.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code_delivery_details: Option<CodeDeliveryDetailsType>,
    /// The user's `sub`.
    #[serde(default)]
    pub user_sub: String,
    /// Session to pass to `ConfirmSignUp` (chains into `USER_AUTH`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session: Option<Sensitive>,
}

/// `ConfirmSignUp` request.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ConfirmSignUpRequest {
    /// App client id.
    pub client_id: String,
    /// `SecretHash` over the username.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret_hash: Option<Sensitive>,
    /// Username.
    pub username: String,
    /// The code.
    pub confirmation_code: Sensitive,
    /// Move an alias from another user.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub force_alias_creation: Option<bool>,
    /// Client metadata for triggers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_metadata: Option<ParamMap>,
    /// The `SignUp` session (so the answer carries a session for auto sign-in).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session: Option<Sensitive>,
}

/// `ConfirmSignUp` response.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ConfirmSignUpResponse {
    /// Session for a `USER_AUTH` sign-in without a second factor.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session: Option<Sensitive>,
}

/// `ResendConfirmationCode` request.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ResendConfirmationCodeRequest {
    /// App client id.
    pub client_id: String,
    /// `SecretHash` over the username.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret_hash: Option<Sensitive>,
    /// Username.
    pub username: String,
    /// Client metadata for triggers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_metadata: Option<ParamMap>,
}

/// `ResendConfirmationCode` response.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ResendConfirmationCodeResponse {
    /// Where the new code went.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code_delivery_details: Option<CodeDeliveryDetailsType>,
}

/// `InitiateAuth` request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct InitiateAuthRequest {
    /// The flow.
    pub auth_flow: AuthFlow,
    /// `AuthParameters`.
    #[serde(default)]
    pub auth_parameters: ParamMap,
    /// Client metadata for triggers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_metadata: Option<ParamMap>,
    /// App client id.
    pub client_id: String,
    /// A session from `ConfirmSignUp` (auto sign-in with `USER_AUTH`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session: Option<Sensitive>,
}

/// `InitiateAuth` / `RespondToAuthChallenge` response.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AuthResponse {
    /// The next challenge, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub challenge_name: Option<ChallengeName>,
    /// The session to answer it with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session: Option<Sensitive>,
    /// Challenge parameters (lists/objects are JSON strings).
    #[serde(default)]
    pub challenge_parameters: ParamMap,
    /// Tokens, when the sign-in is complete.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authentication_result: Option<AuthenticationResultType>,
    /// `USER_AUTH` choices (InitiateAuth only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub available_challenges: Option<Vec<ChallengeName>>,
}

/// `InitiateAuth` response.
pub type InitiateAuthResponse = AuthResponse;
/// `RespondToAuthChallenge` response.
pub type RespondToAuthChallengeResponse = AuthResponse;

/// `RespondToAuthChallenge` request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct RespondToAuthChallengeRequest {
    /// App client id.
    pub client_id: String,
    /// The challenge being answered.
    pub challenge_name: ChallengeName,
    /// The session of that challenge (none for `USER_SRP_AUTH`'s verifier).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session: Option<Sensitive>,
    /// The answers.
    #[serde(default)]
    pub challenge_responses: ParamMap,
    /// Client metadata for triggers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_metadata: Option<ParamMap>,
}

/// `AssociateSoftwareToken` request (session form during `MFA_SETUP`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AssociateSoftwareTokenRequest {
    /// Access token (signed-in form).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_token: Option<Sensitive>,
    /// `MFA_SETUP` session.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session: Option<Sensitive>,
}

/// `AssociateSoftwareToken` response.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AssociateSoftwareTokenResponse {
    /// The TOTP shared secret (base32).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret_code: Option<Sensitive>,
    /// The new session.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session: Option<Sensitive>,
}

/// `VerifySoftwareToken` request.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct VerifySoftwareTokenRequest {
    /// Access token (signed-in form).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_token: Option<Sensitive>,
    /// `MFA_SETUP` session.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session: Option<Sensitive>,
    /// The 6-digit code.
    pub user_code: Sensitive,
    /// A name for the authenticator.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub friendly_device_name: Option<String>,
}

/// `VerifySoftwareToken` response.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct VerifySoftwareTokenResponse {
    /// `SUCCESS` or `ERROR`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<VerifySoftwareTokenStatus>,
    /// The session for `RespondToAuthChallenge(MFA_SETUP)`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session: Option<Sensitive>,
}

/// `GetTokensFromRefreshToken` request.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetTokensFromRefreshTokenRequest {
    /// The refresh token.
    pub refresh_token: Sensitive,
    /// App client id.
    pub client_id: String,
    /// The raw client secret (not a hash).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_secret: Option<Sensitive>,
    /// A remembered device's key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_key: Option<String>,
    /// Client metadata for the pre-token-generation trigger.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_metadata: Option<ParamMap>,
}

/// `GetTokensFromRefreshToken` response.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetTokensFromRefreshTokenResponse {
    /// The new tokens.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authentication_result: Option<AuthenticationResultType>,
}

/// `RevokeToken` request.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct RevokeTokenRequest {
    /// The refresh token to revoke.
    pub token: Sensitive,
    /// App client id.
    pub client_id: String,
    /// The raw client secret.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_secret: Option<Sensitive>,
}

/// `GlobalSignOut` request.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GlobalSignOutRequest {
    /// The access token.
    pub access_token: Sensitive,
}

/// A response with no members (`{}`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmptyResponse {}

/// Every request the flows produce, with its action.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum FlowRequest {
    /// `SignUp`.
    SignUp(SignUpRequest),
    /// `ConfirmSignUp`.
    ConfirmSignUp(ConfirmSignUpRequest),
    /// `ResendConfirmationCode`.
    ResendConfirmationCode(ResendConfirmationCodeRequest),
    /// `InitiateAuth`.
    InitiateAuth(InitiateAuthRequest),
    /// `RespondToAuthChallenge`.
    RespondToAuthChallenge(RespondToAuthChallengeRequest),
    /// `AssociateSoftwareToken`.
    AssociateSoftwareToken(AssociateSoftwareTokenRequest),
    /// `VerifySoftwareToken`.
    VerifySoftwareToken(VerifySoftwareTokenRequest),
    /// `GetTokensFromRefreshToken`.
    GetTokensFromRefreshToken(GetTokensFromRefreshTokenRequest),
    /// `RevokeToken`.
    RevokeToken(RevokeTokenRequest),
    /// `GlobalSignOut`.
    GlobalSignOut(GlobalSignOutRequest),
}

/// Whether a request may be sent again after an answer was lost.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Idempotency {
    /// Sending it twice has the effect of sending it once (or starts a fresh,
    /// equivalent exchange): safe to retry after a timeout or a 5xx.
    Idempotent,
    /// It consumes something single-use (a session, a code) or creates
    /// something: retried only when the service certainly did not process it
    /// (throttling, or the connection was never made).
    SingleUse,
}

impl FlowRequest {
    /// The action.
    pub fn action(&self) -> Action {
        match self {
            Self::SignUp(_) => Action::SignUp,
            Self::ConfirmSignUp(_) => Action::ConfirmSignUp,
            Self::ResendConfirmationCode(_) => Action::ResendConfirmationCode,
            Self::InitiateAuth(_) => Action::InitiateAuth,
            Self::RespondToAuthChallenge(_) => Action::RespondToAuthChallenge,
            Self::AssociateSoftwareToken(_) => Action::AssociateSoftwareToken,
            Self::VerifySoftwareToken(_) => Action::VerifySoftwareToken,
            Self::GetTokensFromRefreshToken(_) => Action::GetTokensFromRefreshToken,
            Self::RevokeToken(_) => Action::RevokeToken,
            Self::GlobalSignOut(_) => Action::GlobalSignOut,
        }
    }

    /// The JSON body.
    pub fn to_body(&self) -> Vec<u8> {
        let r = match self {
            Self::SignUp(r) => serde_json::to_vec(r),
            Self::ConfirmSignUp(r) => serde_json::to_vec(r),
            Self::ResendConfirmationCode(r) => serde_json::to_vec(r),
            Self::InitiateAuth(r) => serde_json::to_vec(r),
            Self::RespondToAuthChallenge(r) => serde_json::to_vec(r),
            Self::AssociateSoftwareToken(r) => serde_json::to_vec(r),
            Self::VerifySoftwareToken(r) => serde_json::to_vec(r),
            Self::GetTokensFromRefreshToken(r) => serde_json::to_vec(r),
            Self::RevokeToken(r) => serde_json::to_vec(r),
            Self::GlobalSignOut(r) => serde_json::to_vec(r),
        };
        // Serialising plain structs of strings and maps cannot fail.
        r.unwrap_or_else(|_| b"{}".to_vec())
    }

    /// The retry class of this request (see [`Idempotency`]).
    ///
    /// Rule: a request is idempotent when it consumes nothing single-use and
    /// creates nothing: `InitiateAuth` without a `Session` that does not ask
    /// Cognito to send a code, refresh, `RevokeToken` and `GlobalSignOut`.
    /// Everything carrying a challenge `Session` (single-use on the service),
    /// a confirmation code, `SignUp` and OTP-sending `InitiateAuth`s are
    /// single-use.
    pub fn idempotency(&self) -> Idempotency {
        use cognito_auth_proto::params::PREFERRED_CHALLENGE;
        match self {
            Self::InitiateAuth(r) => {
                let sends_code = matches!(
                    r.auth_parameters.get(PREFERRED_CHALLENGE),
                    Some("EMAIL_OTP" | "SMS_OTP")
                );
                if r.session.is_some() || sends_code {
                    Idempotency::SingleUse
                } else {
                    Idempotency::Idempotent
                }
            }
            Self::GetTokensFromRefreshToken(_) | Self::RevokeToken(_) | Self::GlobalSignOut(_) => {
                Idempotency::Idempotent
            }
            Self::SignUp(_)
            | Self::ConfirmSignUp(_)
            | Self::ResendConfirmationCode(_)
            | Self::RespondToAuthChallenge(_)
            | Self::AssociateSoftwareToken(_)
            | Self::VerifySoftwareToken(_) => Idempotency::SingleUse,
        }
    }
}

/// Decodes a successful response body. An empty body reads as `{}`.
pub fn decode<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, serde_json::Error> {
    if body.iter().all(u8::is_ascii_whitespace) {
        serde_json::from_slice(b"{}")
    } else {
        serde_json::from_slice(body)
    }
}
