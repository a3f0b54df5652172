//! Sign-up, confirmation and passwords: `SignUp`, `ConfirmSignUp`,
//! `ResendConfirmationCode`, `ForgotPassword`, `ConfirmForgotPassword` and
//! `ChangePassword`.

use serde::{Deserialize, Serialize};

use crate::{
    AnalyticsMetadata, Attribute, CodeDeliveryDetails, ParamMap, Sensitive, UserContextData,
};

/// Input of `SignUp`: registers a user through an app client.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct SignUpRequest {
    /// The app client's id.
    #[serde(rename = "ClientId")]
    pub client_id: String,
    /// `SECRET_HASH` (base64 HMAC-SHA256 of user name + client id under the client secret), for clients with a secret.
    #[serde(
        rename = "SecretHash",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub secret_hash: Option<Sensitive>,
    /// The user name, or an alias (email, phone) where the pool allows it.
    #[serde(rename = "Username")]
    pub username: String,
    /// The password.
    #[serde(rename = "Password", default, skip_serializing_if = "Option::is_none")]
    pub password: Option<Sensitive>,
    /// User attributes.
    #[serde(
        rename = "UserAttributes",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub user_attributes: Option<Vec<Attribute>>,
    /// Attributes for the pre-sign-up trigger only; not stored.
    #[serde(
        rename = "ValidationData",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub validation_data: Option<Vec<Attribute>>,
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

/// Output of `SignUp`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct SignUpResponse {
    /// True when the user needs no confirmation (e.g. auto-confirmed by a trigger).
    #[serde(rename = "UserConfirmed")]
    pub user_confirmed: bool,
    /// Where the code was sent (absent when none was sent).
    #[serde(
        rename = "CodeDeliveryDetails",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub code_delivery_details: Option<CodeDeliveryDetails>,
    /// The new user's immutable `sub`.
    #[serde(rename = "UserSub")]
    pub user_sub: String,
    /// Opaque session of a challenge chain: pass the latest one back, once.
    #[serde(rename = "Session", default, skip_serializing_if = "Option::is_none")]
    pub session: Option<Sensitive>,
}

/// Input of `ConfirmSignUp`: confirms a sign-up with the code that was sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ConfirmSignUpRequest {
    /// The app client's id.
    #[serde(rename = "ClientId")]
    pub client_id: String,
    /// `SECRET_HASH` (base64 HMAC-SHA256 of user name + client id under the client secret), for clients with a secret.
    #[serde(
        rename = "SecretHash",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub secret_hash: Option<Sensitive>,
    /// The user name, or an alias (email, phone) where the pool allows it.
    #[serde(rename = "Username")]
    pub username: String,
    /// The code that was sent.
    #[serde(rename = "ConfirmationCode")]
    pub confirmation_code: Sensitive,
    /// Move an alias (email/phone) that another user holds to this user.
    #[serde(
        rename = "ForceAliasCreation",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub force_alias_creation: Option<bool>,
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
    /// Opaque session of a challenge chain: pass the latest one back, once.
    #[serde(rename = "Session", default, skip_serializing_if = "Option::is_none")]
    pub session: Option<Sensitive>,
}

/// Output of `ConfirmSignUp`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ConfirmSignUpResponse {
    /// Opaque session of a challenge chain: pass the latest one back, once.
    #[serde(rename = "Session", default, skip_serializing_if = "Option::is_none")]
    pub session: Option<Sensitive>,
}

/// Input of `ResendConfirmationCode`: sends the sign-up code again.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ResendConfirmationCodeRequest {
    /// The app client's id.
    #[serde(rename = "ClientId")]
    pub client_id: String,
    /// `SECRET_HASH` (base64 HMAC-SHA256 of user name + client id under the client secret), for clients with a secret.
    #[serde(
        rename = "SecretHash",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub secret_hash: Option<Sensitive>,
    /// Threat-protection data about the end user's device.
    #[serde(
        rename = "UserContextData",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub user_context_data: Option<UserContextData>,
    /// The user name, or an alias (email, phone) where the pool allows it.
    #[serde(rename = "Username")]
    pub username: String,
    /// Pinpoint analytics endpoint.
    #[serde(
        rename = "AnalyticsMetadata",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub analytics_metadata: Option<AnalyticsMetadata>,
    /// Key/values handed to the pool's Lambda triggers.
    #[serde(
        rename = "ClientMetadata",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub client_metadata: Option<ParamMap>,
}

/// Output of `ResendConfirmationCode`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ResendConfirmationCodeResponse {
    /// Where the code was sent (absent when none was sent).
    #[serde(
        rename = "CodeDeliveryDetails",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub code_delivery_details: Option<CodeDeliveryDetails>,
}

/// Input of `ForgotPassword`: sends a password-reset code.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ForgotPasswordRequest {
    /// The app client's id.
    #[serde(rename = "ClientId")]
    pub client_id: String,
    /// `SECRET_HASH` (base64 HMAC-SHA256 of user name + client id under the client secret), for clients with a secret.
    #[serde(
        rename = "SecretHash",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub secret_hash: Option<Sensitive>,
    /// Threat-protection data about the end user's device.
    #[serde(
        rename = "UserContextData",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub user_context_data: Option<UserContextData>,
    /// The user name, or an alias (email, phone) where the pool allows it.
    #[serde(rename = "Username")]
    pub username: String,
    /// Pinpoint analytics endpoint.
    #[serde(
        rename = "AnalyticsMetadata",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub analytics_metadata: Option<AnalyticsMetadata>,
    /// Key/values handed to the pool's Lambda triggers.
    #[serde(
        rename = "ClientMetadata",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub client_metadata: Option<ParamMap>,
}

/// Output of `ForgotPassword`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ForgotPasswordResponse {
    /// Where the code was sent (absent when none was sent).
    #[serde(
        rename = "CodeDeliveryDetails",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub code_delivery_details: Option<CodeDeliveryDetails>,
}

/// Input of `ConfirmForgotPassword`: sets a new password with a reset code.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ConfirmForgotPasswordRequest {
    /// The app client's id.
    #[serde(rename = "ClientId")]
    pub client_id: String,
    /// `SECRET_HASH` (base64 HMAC-SHA256 of user name + client id under the client secret), for clients with a secret.
    #[serde(
        rename = "SecretHash",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub secret_hash: Option<Sensitive>,
    /// The user name, or an alias (email, phone) where the pool allows it.
    #[serde(rename = "Username")]
    pub username: String,
    /// The code that was sent.
    #[serde(rename = "ConfirmationCode")]
    pub confirmation_code: Sensitive,
    /// The password.
    #[serde(rename = "Password")]
    pub password: Sensitive,
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

/// Output of `ConfirmForgotPassword`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ConfirmForgotPasswordResponse {}

/// Input of `ChangePassword`: changes the signed-in user's password.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ChangePasswordRequest {
    /// The current password (may be omitted only by passwordless users).
    #[serde(
        rename = "PreviousPassword",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub previous_password: Option<Sensitive>,
    /// The new password.
    #[serde(rename = "ProposedPassword")]
    pub proposed_password: Sensitive,
    /// The user's access token (scope `aws.cognito.signin.user.admin`).
    #[serde(rename = "AccessToken")]
    pub access_token: Sensitive,
}

/// Output of `ChangePassword`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ChangePasswordResponse {}
