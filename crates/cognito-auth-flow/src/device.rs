//! Remembered devices: the record a client keeps for a confirmed device, and
//! the requests of `ConfirmDevice`, `ListDevices`, `ForgetDevice` and
//! `UpdateDeviceStatus`.
//!
//! When a pool tracks devices, a completed sign-in that presented no
//! `DEVICE_KEY` returns `NewDeviceMetadata`; the client draws a random device
//! password, sends its SRP verifier with [`confirm_device_request`] and keeps
//! the [`RememberedDevice`]. Later sign-ins send its `DEVICE_KEY` and answer
//! `DEVICE_SRP_AUTH` / `DEVICE_PASSWORD_VERIFIER` with device SRP (see
//! [`crate::signin`]).

use std::fmt;

use cognito_auth_proto::{
    ConfirmDeviceRequest, DeviceRememberedStatus, DeviceSecretVerifierConfig, ForgetDeviceRequest,
    ListDevicesRequest, Sensitive, UpdateDeviceStatusRequest,
};
use cognito_auth_srp::{DeviceVerifierConfig, SecureRandom, SrpError};
use serde::{Deserialize, Serialize};

use crate::wire::{FlowRequest, NewDeviceMetadata};

/// The device name sent to `ConfirmDevice` when the caller gives none.
pub const DEFAULT_DEVICE_NAME: &str = "cognito-auth (Rust)";

/// A device confirmed with `ConfirmDevice`: its key, its group key and the
/// random password only this client knows. The password is a secret (it
/// proves the device in `DEVICE_PASSWORD_VERIFIER`): it is redacted in
/// `Debug`; store the record like a credential.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub struct RememberedDevice {
    /// `DeviceKey` (`<region>_<uuid>`).
    pub device_key: String,
    /// `DeviceGroupKey`.
    pub device_group_key: String,
    /// The device's random password (base64 of 40 random bytes).
    pub device_password: Sensitive,
}

impl fmt::Debug for RememberedDevice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RememberedDevice")
            .field("device_key", &self.device_key)
            .field("device_group_key", &self.device_group_key)
            .field("device_password", &"<redacted>")
            .finish()
    }
}

/// Builds the `ConfirmDevice` request for the `NewDeviceMetadata` of a
/// sign-in: draws a device password and salt, computes the verifier, and
/// returns the record to keep once Cognito accepted it. `None` when the
/// metadata lacks a key or group key (nothing to confirm).
pub fn confirm_device_request<R: SecureRandom>(
    access_token: &Sensitive,
    metadata: &NewDeviceMetadata,
    device_name: Option<&str>,
    rng: &mut R,
) -> Result<Option<(RememberedDevice, FlowRequest)>, SrpError> {
    let (Some(key), Some(group)) = (
        metadata.device_key.as_deref().filter(|k| !k.is_empty()),
        metadata
            .device_group_key
            .as_deref()
            .filter(|k| !k.is_empty()),
    ) else {
        return Ok(None);
    };
    let cfg = DeviceVerifierConfig::generate(group, key, rng)?;
    let device = RememberedDevice {
        device_key: key.to_owned(),
        device_group_key: group.to_owned(),
        device_password: Sensitive::new(cfg.random_password.expose()),
    };
    let req = ConfirmDeviceRequest {
        access_token: access_token.clone(),
        device_key: key.to_owned(),
        device_secret_verifier_config: Some(DeviceSecretVerifierConfig {
            password_verifier: Some(Sensitive::new(cfg.password_verifier)),
            salt: Some(cfg.salt),
        }),
        device_name: Some(device_name.unwrap_or(DEFAULT_DEVICE_NAME).to_owned()),
    };
    Ok(Some((device, FlowRequest::ConfirmDevice(req))))
}

/// `ListDevices` for one page (`Limit` 60, Cognito's maximum).
pub fn list_devices_request(
    access_token: &Sensitive,
    pagination_token: Option<String>,
) -> FlowRequest {
    FlowRequest::ListDevices(ListDevicesRequest {
        access_token: access_token.clone(),
        limit: Some(60),
        pagination_token,
    })
}

/// `ForgetDevice` for `device_key`.
pub fn forget_device_request(access_token: &Sensitive, device_key: &str) -> FlowRequest {
    FlowRequest::ForgetDevice(ForgetDeviceRequest {
        access_token: Some(access_token.clone()),
        device_key: device_key.to_owned(),
    })
}

/// `UpdateDeviceStatus` to `remembered` or `not_remembered`.
pub fn update_device_status_request(
    access_token: &Sensitive,
    device_key: &str,
    remembered: bool,
) -> FlowRequest {
    FlowRequest::UpdateDeviceStatus(UpdateDeviceStatusRequest {
        access_token: access_token.clone(),
        device_key: device_key.to_owned(),
        device_remembered_status: Some(if remembered {
            DeviceRememberedStatus::Remembered
        } else {
            DeviceRememberedStatus::NotRemembered
        }),
    })
}
