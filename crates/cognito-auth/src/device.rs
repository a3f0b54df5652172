//! Remembered devices as [`Auth::fetch_devices`](crate::Auth::fetch_devices)
//! reports them.

use std::collections::BTreeMap;

use cognito_auth_flow::wire::WireDevice;

/// One of the signed-in user's devices (Amplify's `AWSAuthDevice`): a device
/// Cognito tracks for the user, confirmed by a client with `ConfirmDevice`.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Device {
    /// The device key (`<region>_<uuid>`); pass it to
    /// [`Auth::forget_device`](crate::Auth::forget_device).
    pub id: String,
    /// The name given at `ConfirmDevice` (the `device_name` attribute).
    pub name: Option<String>,
    /// Every device attribute Cognito reports (`device_status`,
    /// `device_name`, `dev:device_remembered_status`, …).
    pub attributes: BTreeMap<String, String>,
    /// When the device was first confirmed, epoch seconds.
    pub created_at: Option<i64>,
    /// When the device record last changed, epoch seconds.
    pub last_modified_at: Option<i64>,
    /// When the device last signed in, epoch seconds.
    pub last_authenticated_at: Option<i64>,
}

impl Device {
    /// True when `dev:device_remembered_status` is `remembered`.
    pub fn is_remembered(&self) -> bool {
        self.attributes
            .get("dev:device_remembered_status")
            .is_some_and(|s| s == "remembered")
    }

    pub(crate) fn from_wire(d: WireDevice) -> Option<Self> {
        let id = d.device_key.filter(|k| !k.is_empty())?;
        let attributes: BTreeMap<String, String> = d
            .device_attributes
            .unwrap_or_default()
            .into_iter()
            .filter_map(|a| a.value.map(|v| (a.name, v)))
            .collect();
        Some(Self {
            id,
            name: attributes.get("device_name").cloned(),
            attributes,
            created_at: d.device_create_date.map(|t| t.as_secs()),
            last_modified_at: d.device_last_modified_date.map(|t| t.as_secs()),
            last_authenticated_at: d.device_last_authenticated_date.map(|t| t.as_secs()),
        })
    }
}
