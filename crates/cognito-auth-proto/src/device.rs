//! Remembered devices: `ConfirmDevice`, `GetDevice`, `ListDevices`,
//! `ForgetDevice` and `UpdateDeviceStatus`.

use serde::{Deserialize, Serialize};

use crate::{Attribute, DeviceRememberedStatus, EpochSeconds, Sensitive};

/// The device SRP verifier and salt, both base64 (`DeviceSecretVerifierConfigType`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct DeviceSecretVerifierConfig {
    /// base64 of the big-endian bytes of the device verifier `g^x mod N`.
    #[serde(
        rename = "PasswordVerifier",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub password_verifier: Option<Sensitive>,
    /// base64 of the big-endian bytes of the device salt.
    #[serde(rename = "Salt", default, skip_serializing_if = "Option::is_none")]
    pub salt: Option<String>,
}

/// A remembered or tracked device (`DeviceType`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Device {
    /// The device key, `<region>_<uuid>`.
    #[serde(rename = "DeviceKey", default, skip_serializing_if = "Option::is_none")]
    pub device_key: Option<String>,
    #[serde(
        rename = "DeviceAttributes",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub device_attributes: Option<Vec<Attribute>>,
    #[serde(
        rename = "DeviceCreateDate",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub device_create_date: Option<EpochSeconds>,
    #[serde(
        rename = "DeviceLastModifiedDate",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub device_last_modified_date: Option<EpochSeconds>,
    #[serde(
        rename = "DeviceLastAuthenticatedDate",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub device_last_authenticated_date: Option<EpochSeconds>,
}

/// Input of `ConfirmDevice`: registers a device for remembered-device sign-in (device SRP verifier).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ConfirmDeviceRequest {
    /// The user's access token (scope `aws.cognito.signin.user.admin`).
    #[serde(rename = "AccessToken")]
    pub access_token: Sensitive,
    /// The device key, `<region>_<uuid>`.
    #[serde(rename = "DeviceKey")]
    pub device_key: String,
    /// The device SRP verifier and salt.
    #[serde(
        rename = "DeviceSecretVerifierConfig",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub device_secret_verifier_config: Option<DeviceSecretVerifierConfig>,
    /// A name for the device.
    #[serde(
        rename = "DeviceName",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub device_name: Option<String>,
}

/// Output of `ConfirmDevice`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ConfirmDeviceResponse {
    /// True when the user must still choose to remember the device (`UpdateDeviceStatus`).
    #[serde(
        rename = "UserConfirmationNecessary",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub user_confirmation_necessary: Option<bool>,
}

/// Input of `GetDevice`: reads one device of the signed-in user.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct GetDeviceRequest {
    /// The device key, `<region>_<uuid>`.
    #[serde(rename = "DeviceKey")]
    pub device_key: String,
    /// The user's access token (scope `aws.cognito.signin.user.admin`).
    #[serde(
        rename = "AccessToken",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub access_token: Option<Sensitive>,
}

/// Output of `GetDevice`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct GetDeviceResponse {
    /// The device.
    #[serde(rename = "Device")]
    pub device: Device,
}

/// Input of `ListDevices`: lists the signed-in user's devices.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ListDevicesRequest {
    /// The user's access token (scope `aws.cognito.signin.user.admin`).
    #[serde(rename = "AccessToken")]
    pub access_token: Sensitive,
    /// Page size.
    #[serde(rename = "Limit", default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<i32>,
    /// Continuation token of a paged listing.
    #[serde(
        rename = "PaginationToken",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub pagination_token: Option<String>,
}

/// Output of `ListDevices`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ListDevicesResponse {
    /// The devices.
    #[serde(rename = "Devices", default, skip_serializing_if = "Option::is_none")]
    pub devices: Option<Vec<Device>>,
    /// Continuation token of a paged listing.
    #[serde(
        rename = "PaginationToken",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub pagination_token: Option<String>,
}

/// Input of `ForgetDevice`: forgets a device.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ForgetDeviceRequest {
    /// The user's access token (scope `aws.cognito.signin.user.admin`).
    #[serde(
        rename = "AccessToken",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub access_token: Option<Sensitive>,
    /// The device key, `<region>_<uuid>`.
    #[serde(rename = "DeviceKey")]
    pub device_key: String,
}

/// Output of `ForgetDevice` (always `{}`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ForgetDeviceResponse {}

/// Input of `UpdateDeviceStatus`: marks a device remembered or not remembered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct UpdateDeviceStatusRequest {
    /// The user's access token (scope `aws.cognito.signin.user.admin`).
    #[serde(rename = "AccessToken")]
    pub access_token: Sensitive,
    /// The device key, `<region>_<uuid>`.
    #[serde(rename = "DeviceKey")]
    pub device_key: String,
    /// Remembered or not.
    #[serde(
        rename = "DeviceRememberedStatus",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub device_remembered_status: Option<DeviceRememberedStatus>,
}

/// Output of `UpdateDeviceStatus`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct UpdateDeviceStatusResponse {}
