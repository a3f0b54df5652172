use std::fmt;

use num_bigint::BigUint;

use crate::group::{pad_bytes, x_bytes};
use crate::mont::{self, Work};
use crate::{SecretString, SecureRandom, SrpError, b64};

/// What a client sends to `ConfirmDevice` for a newly tracked device, and the
/// random password it must keep to answer `DEVICE_SRP_AUTH` later.
#[derive(Clone, PartialEq, Eq)]
pub struct DeviceVerifierConfig {
    /// The device's random password (base64 of 40 random bytes). Keep it with
    /// the device key and group key; it is the device's secret.
    pub random_password: SecretString,
    /// `DeviceSecretVerifierConfig.Salt`: base64 of `bytes(padHex(salt))`.
    pub salt: String,
    /// `DeviceSecretVerifierConfig.PasswordVerifier`: base64 of `bytes(padHex(v))`.
    pub password_verifier: String,
}

impl fmt::Debug for DeviceVerifierConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DeviceVerifierConfig")
            .field("random_password", &self.random_password)
            .field("salt", &self.salt)
            .field("password_verifier", &self.password_verifier)
            .finish()
    }
}

impl DeviceVerifierConfig {
    /// A new random device password and salt, and their verifier.
    pub fn generate(
        device_group_key: &str,
        device_key: &str,
        rng: &mut impl SecureRandom,
    ) -> Result<Self, SrpError> {
        let mut pw = zeroize::Zeroizing::new([0u8; 40]);
        rng.fill(&mut pw[..])?;
        let mut salt = [0u8; 16];
        rng.fill(&mut salt)?;
        let random_password = zeroize::Zeroizing::new(b64(&pw[..]));
        Ok(Self::from_parts(
            device_group_key,
            device_key,
            &random_password,
            &salt,
        ))
    }

    /// The verifier for a given device password and salt bytes.
    pub fn from_parts(
        device_group_key: &str,
        device_key: &str,
        random_password: &str,
        salt: &[u8],
    ) -> Self {
        let salt = BigUint::from_bytes_be(salt);
        let x = x_bytes(&salt, device_group_key, device_key, random_password);
        let mut w = Work::new();
        let v = w.pow_g(&mont::limbs_from_be(&x[..]));
        let v = w.plain(&v);
        Self {
            random_password: SecretString::new(random_password),
            salt: b64(&pad_bytes(&salt)),
            password_verifier: b64(&mont::pad_bytes(&v)),
        }
    }
}
