//! The signed-in user (access-token operations): `GetUser`,
//! `UpdateUserAttributes`, `DeleteUser`, `DeleteUserAttributes`,
//! `GetUserAttributeVerificationCode`, `VerifyUserAttribute` and
//! `GetUserAuthFactors`.

use serde::{Deserialize, Serialize};

use crate::{Attribute, AuthFactor, CodeDeliveryDetails, MfaOption, ParamMap, Sensitive};

/// Input of `GetUser`: reads the signed-in user.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct GetUserRequest {
    /// The user's access token (scope `aws.cognito.signin.user.admin`).
    #[serde(rename = "AccessToken")]
    pub access_token: Sensitive,
}

/// Output of `GetUser`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct GetUserResponse {
    /// The user name, or an alias (email, phone) where the pool allows it.
    #[serde(rename = "Username")]
    pub username: String,
    /// User attributes.
    #[serde(rename = "UserAttributes")]
    pub user_attributes: Vec<Attribute>,
    /// Legacy SMS MFA settings.
    #[serde(
        rename = "MFAOptions",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub mfa_options: Option<Vec<MfaOption>>,
    /// The preferred MFA: `SMS_MFA`, `SOFTWARE_TOKEN_MFA` or `EMAIL_OTP`.
    #[serde(
        rename = "PreferredMfaSetting",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub preferred_mfa_setting: Option<String>,
    /// Enabled MFA methods (`SMS_MFA`, `SOFTWARE_TOKEN_MFA`, `EMAIL_OTP`).
    #[serde(
        rename = "UserMFASettingList",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub user_mfa_setting_list: Option<Vec<String>>,
}

/// Input of `UpdateUserAttributes`: updates the signed-in user's attributes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct UpdateUserAttributesRequest {
    /// User attributes.
    #[serde(rename = "UserAttributes")]
    pub user_attributes: Vec<Attribute>,
    /// The user's access token (scope `aws.cognito.signin.user.admin`).
    #[serde(rename = "AccessToken")]
    pub access_token: Sensitive,
    /// Key/values handed to the pool's Lambda triggers.
    #[serde(
        rename = "ClientMetadata",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub client_metadata: Option<ParamMap>,
}

/// Output of `UpdateUserAttributes`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct UpdateUserAttributesResponse {
    /// Where verification codes for changed attributes were sent.
    #[serde(
        rename = "CodeDeliveryDetailsList",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub code_delivery_details_list: Option<Vec<CodeDeliveryDetails>>,
}

/// Input of `DeleteUser`: deletes the signed-in user.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct DeleteUserRequest {
    /// The user's access token (scope `aws.cognito.signin.user.admin`).
    #[serde(rename = "AccessToken")]
    pub access_token: Sensitive,
}

/// Output of `DeleteUser` (always `{}`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct DeleteUserResponse {}

/// Input of `DeleteUserAttributes`: deletes attributes of the signed-in user.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct DeleteUserAttributesRequest {
    /// Names of the attributes to delete.
    #[serde(rename = "UserAttributeNames")]
    pub user_attribute_names: Vec<String>,
    /// The user's access token (scope `aws.cognito.signin.user.admin`).
    #[serde(rename = "AccessToken")]
    pub access_token: Sensitive,
}

/// Output of `DeleteUserAttributes`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct DeleteUserAttributesResponse {}

/// Input of `GetUserAttributeVerificationCode`: sends a code to verify an attribute.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct GetUserAttributeVerificationCodeRequest {
    /// The user's access token (scope `aws.cognito.signin.user.admin`).
    #[serde(rename = "AccessToken")]
    pub access_token: Sensitive,
    /// The attribute name (`email`, `phone_number`, …).
    #[serde(rename = "AttributeName")]
    pub attribute_name: String,
    /// Key/values handed to the pool's Lambda triggers.
    #[serde(
        rename = "ClientMetadata",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub client_metadata: Option<ParamMap>,
}

/// Output of `GetUserAttributeVerificationCode`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct GetUserAttributeVerificationCodeResponse {
    /// Where the code was sent (absent when none was sent).
    #[serde(
        rename = "CodeDeliveryDetails",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub code_delivery_details: Option<CodeDeliveryDetails>,
}

/// Input of `VerifyUserAttribute`: verifies an attribute with the code that was sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct VerifyUserAttributeRequest {
    /// The user's access token (scope `aws.cognito.signin.user.admin`).
    #[serde(rename = "AccessToken")]
    pub access_token: Sensitive,
    /// The attribute name (`email`, `phone_number`, …).
    #[serde(rename = "AttributeName")]
    pub attribute_name: String,
    /// The code that was sent.
    #[serde(rename = "Code")]
    pub code: Sensitive,
}

/// Output of `VerifyUserAttribute`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct VerifyUserAttributeResponse {}

/// Input of `GetUserAuthFactors`: lists the sign-in factors the signed-in user can use.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct GetUserAuthFactorsRequest {
    /// The user's access token (scope `aws.cognito.signin.user.admin`).
    #[serde(rename = "AccessToken")]
    pub access_token: Sensitive,
}

/// Output of `GetUserAuthFactors`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct GetUserAuthFactorsResponse {
    /// The user name, or an alias (email, phone) where the pool allows it.
    #[serde(rename = "Username")]
    pub username: String,
    /// The preferred MFA: `SMS_MFA`, `SOFTWARE_TOKEN_MFA` or `EMAIL_OTP`.
    #[serde(
        rename = "PreferredMfaSetting",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub preferred_mfa_setting: Option<String>,
    /// Enabled MFA methods (`SMS_MFA`, `SOFTWARE_TOKEN_MFA`, `EMAIL_OTP`).
    #[serde(
        rename = "UserMFASettingList",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub user_mfa_setting_list: Option<Vec<String>>,
    /// Sign-in factors the user has set up.
    #[serde(
        rename = "ConfiguredUserAuthFactors",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub configured_user_auth_factors: Option<Vec<AuthFactor>>,
}
