//! Second factors and passkeys: TOTP enrolment (`AssociateSoftwareToken`,
//! `VerifySoftwareToken`), MFA preferences (`SetUserMFAPreference`,
//! `AdminSetUserMFAPreference`, and the legacy SMS-only `SetUserSettings`,
//! `AdminSetUserSettings`) and passkey registration (`StartWebAuthnRegistration`,
//! `CompleteWebAuthnRegistration`).

use serde::{Deserialize, Serialize};

use crate::{MfaOption, Sensitive, VerifySoftwareTokenStatus};

/// SMS MFA preference (`SMSMfaSettingsType`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct SmsMfaSettings {
    /// Whether it is enabled.
    #[serde(rename = "Enabled", default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    /// Whether it is the preferred MFA method.
    #[serde(
        rename = "PreferredMfa",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub preferred_mfa: Option<bool>,
}

/// TOTP MFA preference (`SoftwareTokenMfaSettingsType`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct SoftwareTokenMfaSettings {
    /// Whether it is enabled.
    #[serde(rename = "Enabled", default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    /// Whether it is the preferred MFA method.
    #[serde(
        rename = "PreferredMfa",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub preferred_mfa: Option<bool>,
}

/// Email MFA preference (`EmailMfaSettingsType`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct EmailMfaSettings {
    /// Whether it is enabled.
    #[serde(rename = "Enabled", default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    /// Whether it is the preferred MFA method.
    #[serde(
        rename = "PreferredMfa",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub preferred_mfa: Option<bool>,
}

/// Passkey-as-MFA preference (`WebAuthnMfaSettingsType`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct WebAuthnMfaSettings {
    /// Whether it is enabled.
    #[serde(rename = "Enabled", default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
}

/// Input of `AssociateSoftwareToken`: starts TOTP enrolment and returns the shared secret.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct AssociateSoftwareTokenRequest {
    /// The user's access token (scope `aws.cognito.signin.user.admin`).
    #[serde(
        rename = "AccessToken",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub access_token: Option<Sensitive>,
    /// Opaque session of a challenge chain: pass the latest one back, once.
    #[serde(rename = "Session", default, skip_serializing_if = "Option::is_none")]
    pub session: Option<Sensitive>,
}

/// Output of `AssociateSoftwareToken`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct AssociateSoftwareTokenResponse {
    /// The TOTP shared secret (base32).
    #[serde(
        rename = "SecretCode",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub secret_code: Option<Sensitive>,
    /// Opaque session of a challenge chain: pass the latest one back, once.
    #[serde(rename = "Session", default, skip_serializing_if = "Option::is_none")]
    pub session: Option<Sensitive>,
}

/// Input of `VerifySoftwareToken`: completes TOTP enrolment with a first code.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct VerifySoftwareTokenRequest {
    /// The user's access token (scope `aws.cognito.signin.user.admin`).
    #[serde(
        rename = "AccessToken",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub access_token: Option<Sensitive>,
    /// Opaque session of a challenge chain: pass the latest one back, once.
    #[serde(rename = "Session", default, skip_serializing_if = "Option::is_none")]
    pub session: Option<Sensitive>,
    /// The six-digit TOTP code.
    #[serde(rename = "UserCode")]
    pub user_code: Sensitive,
    /// A name for the authenticator.
    #[serde(
        rename = "FriendlyDeviceName",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub friendly_device_name: Option<String>,
}

/// Output of `VerifySoftwareToken`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct VerifySoftwareTokenResponse {
    /// Whether the code verified.
    #[serde(rename = "Status", default, skip_serializing_if = "Option::is_none")]
    pub status: Option<VerifySoftwareTokenStatus>,
    /// Opaque session of a challenge chain: pass the latest one back, once.
    #[serde(rename = "Session", default, skip_serializing_if = "Option::is_none")]
    pub session: Option<Sensitive>,
}

/// Input of `SetUserMFAPreference`: sets the signed-in user's MFA preferences.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct SetUserMfaPreferenceRequest {
    #[serde(
        rename = "SMSMfaSettings",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub sms_mfa_settings: Option<SmsMfaSettings>,
    #[serde(
        rename = "SoftwareTokenMfaSettings",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub software_token_mfa_settings: Option<SoftwareTokenMfaSettings>,
    #[serde(
        rename = "EmailMfaSettings",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub email_mfa_settings: Option<EmailMfaSettings>,
    #[serde(
        rename = "WebAuthnMfaSettings",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub web_authn_mfa_settings: Option<WebAuthnMfaSettings>,
    /// The user's access token (scope `aws.cognito.signin.user.admin`).
    #[serde(rename = "AccessToken")]
    pub access_token: Sensitive,
}

/// Output of `SetUserMFAPreference`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct SetUserMfaPreferenceResponse {}

/// Input of `AdminSetUserMFAPreference`: sets a user's MFA preferences (SigV4).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct AdminSetUserMfaPreferenceRequest {
    #[serde(
        rename = "SMSMfaSettings",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub sms_mfa_settings: Option<SmsMfaSettings>,
    #[serde(
        rename = "SoftwareTokenMfaSettings",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub software_token_mfa_settings: Option<SoftwareTokenMfaSettings>,
    #[serde(
        rename = "EmailMfaSettings",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub email_mfa_settings: Option<EmailMfaSettings>,
    #[serde(
        rename = "WebAuthnMfaSettings",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub web_authn_mfa_settings: Option<WebAuthnMfaSettings>,
    /// The user name, or an alias (email, phone) where the pool allows it.
    #[serde(rename = "Username")]
    pub username: String,
    /// The pool id, `<region>_<id>`.
    #[serde(rename = "UserPoolId")]
    pub user_pool_id: String,
}

/// Output of `AdminSetUserMFAPreference`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct AdminSetUserMfaPreferenceResponse {}

/// Input of `SetUserSettings`: the signed-in user's legacy MFA options. Cognito keeps
/// it for SMS MFA only (amazon-cognito-identity-js's `enableMFA`/`disableMFA` call it);
/// an empty list turns SMS MFA off.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct SetUserSettingsRequest {
    /// The user's access token (scope `aws.cognito.signin.user.admin`).
    #[serde(rename = "AccessToken")]
    pub access_token: Sensitive,
    /// `[{"DeliveryMedium": "SMS", "AttributeName": "phone_number"}]` or empty.
    #[serde(rename = "MFAOptions")]
    pub mfa_options: Vec<MfaOption>,
}

/// Output of `SetUserSettings`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct SetUserSettingsResponse {}

/// Input of `AdminSetUserSettings`: a user's legacy MFA options (SigV4), SMS only.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct AdminSetUserSettingsRequest {
    /// The pool id, `<region>_<id>`.
    #[serde(rename = "UserPoolId")]
    pub user_pool_id: String,
    /// The user name, or an alias (email, phone) where the pool allows it.
    #[serde(rename = "Username")]
    pub username: String,
    /// `[{"DeliveryMedium": "SMS", "AttributeName": "phone_number"}]` or empty.
    #[serde(rename = "MFAOptions")]
    pub mfa_options: Vec<MfaOption>,
}

/// Output of `AdminSetUserSettings`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct AdminSetUserSettingsResponse {}

/// Input of `StartWebAuthnRegistration`: starts passkey registration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct StartWebAuthnRegistrationRequest {
    /// The user's access token (scope `aws.cognito.signin.user.admin`).
    #[serde(rename = "AccessToken")]
    pub access_token: Sensitive,
}

/// Output of `StartWebAuthnRegistration`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct StartWebAuthnRegistrationResponse {
    /// WebAuthn `PublicKeyCredentialCreationOptionsJSON`.
    #[serde(rename = "CredentialCreationOptions")]
    pub credential_creation_options: serde_json::Value,
}

/// Input of `CompleteWebAuthnRegistration`: completes passkey registration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct CompleteWebAuthnRegistrationRequest {
    /// The user's access token (scope `aws.cognito.signin.user.admin`).
    #[serde(rename = "AccessToken")]
    pub access_token: Sensitive,
    /// WebAuthn `RegistrationResponseJSON`.
    #[serde(rename = "Credential")]
    pub credential: serde_json::Value,
}

/// Output of `CompleteWebAuthnRegistration`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct CompleteWebAuthnRegistrationResponse {}
