//! Amazon Cognito's SRP-6a variant, both halves, plus the other small pieces of
//! Cognito cryptography a client or a local Cognito server needs.
//!
//! * [`SrpClient`]: the client half of `USER_SRP_AUTH` / `PASSWORD_VERIFIER`
//!   (and of `DEVICE_SRP_AUTH` / `DEVICE_PASSWORD_VERIFIER`, with the device group
//!   key as pool name and the device key as user id).
//! * [`Verifier`] and [`SrpServer`]: the server half, as mock-cognito runs it.
//! * [`DeviceVerifierConfig`]: the random device password, salt and verifier that
//!   `ConfirmDevice` takes, in the exact base64 form Cognito expects.
//! * [`secret_hash`], [`timestamp`] (TIMESTAMP formatting and strict parsing), and
//!   [`totp`] (RFC 6238, with base32).
//!
//! Cognito's variant differs from RFC 5054 in its encodings; see `docs/srp.md` in
//! the repository. Every encoding rule is pinned by vectors computed with
//! independent implementations (`tests/vectors/*.json`).
//!
//! Randomness comes from a caller-supplied [`SecureRandom`]; time enters only as
//! explicit arguments. Secrets are redacted in `Debug` and zeroized on drop.

mod client;
mod device;
mod error;
pub mod group;
mod mont;
mod rng;
mod secret;
mod server;
pub mod timestamp;
pub mod totp;

pub use client::{ClientIntermediates, PasswordClaim, PasswordVerifierChallenge, SrpClient};
pub use device::DeviceVerifierConfig;
pub use error::SrpError;
pub use rng::{OsRandom, SecureRandom};
pub use secret::SecretString;
pub use server::{SrpServer, Verifier, VerifierTable};

use base64::Engine as _;
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// Size in bytes of the ephemeral private values (`a`, `b`) this crate draws:
/// 256 bits, the floor RFC 5054 sets; see `docs/srp.md` for why not Amplify's 1024.
pub const EPHEMERAL_BYTES: usize = 32;

/// The pool name Cognito's SRP uses: the text after the first `_` of a user
/// pool id (`us-east-1_AbCdEf` → `AbCdEf`).
///
/// Returns [`SrpError::InvalidPoolId`] when the id has no `_` or nothing after it.
pub fn pool_name(user_pool_id: &str) -> Result<&str, SrpError> {
    match user_pool_id.split_once('_') {
        Some((_, name)) if !name.is_empty() => Ok(name),
        _ => Err(SrpError::InvalidPoolId),
    }
}

/// `SECRET_HASH` / `SecretHash`: base64 of HMAC-SHA256 keyed with the client
/// secret over `username ‖ client_id`.
///
/// After the first challenge, `username` must be the internal username Cognito
/// returned (`USER_ID_FOR_SRP` / `USERNAME`), not the alias the user typed.
pub fn secret_hash(username: &str, client_id: &str, client_secret: &str) -> String {
    let mut mac = hmac_sha256(client_secret.as_bytes());
    mac.update(username.as_bytes());
    mac.update(client_id.as_bytes());
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

/// Checks a `SECRET_HASH` in constant time.
pub fn verify_secret_hash(
    username: &str,
    client_id: &str,
    client_secret: &str,
    presented_b64: &str,
) -> bool {
    let Ok(presented) = base64::engine::general_purpose::STANDARD.decode(presented_b64.trim())
    else {
        return false;
    };
    let mut mac = hmac_sha256(client_secret.as_bytes());
    mac.update(username.as_bytes());
    mac.update(client_id.as_bytes());
    mac.verify_slice(&presented).is_ok()
}

pub(crate) fn hmac_sha256(key: &[u8]) -> Hmac<Sha256> {
    // RFC 2104: a key longer than the 64-byte block is hashed first, a shorter
    // one is zero-padded to the block. Doing that here gives a block-sized key,
    // which the infallible constructor takes: no error path to handle.
    let mut block = [0u8; 64];
    if key.len() > block.len() {
        block[..32].copy_from_slice(&group::sha256(&[key]));
    } else {
        block[..key.len()].copy_from_slice(key);
    }
    let mac = <Hmac<Sha256> as hmac::digest::KeyInit>::new(&block.into());
    zeroize::Zeroize::zeroize(&mut block);
    mac
}

/// Decodes base64 the way Cognito's clients do: standard or URL-safe alphabet,
/// padding optional, surrounding whitespace ignored.
pub(crate) fn decode_base64_lenient(input: &str) -> Option<Vec<u8>> {
    use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
    let s = input.trim();
    STANDARD
        .decode(s)
        .or_else(|_| STANDARD_NO_PAD.decode(s))
        .or_else(|_| URL_SAFE.decode(s))
        .or_else(|_| URL_SAFE_NO_PAD.decode(s))
        .ok()
}

/// Decodes a hex number (odd length allowed, surrounding whitespace ignored)
/// into big-endian bytes that wipe themselves. `None` when empty or not hex.
pub(crate) fn decode_hex_secret(input: &str) -> Option<zeroize::Zeroizing<Vec<u8>>> {
    let s = input.trim().as_bytes();
    if s.is_empty() {
        return None;
    }
    let mut out = zeroize::Zeroizing::new(Vec::with_capacity(s.len() / 2 + 1));
    let nibble = |c: u8| char::from(c).to_digit(16).map(|d| d as u8);
    let (head, rest) = s.split_at(s.len() % 2);
    if let Some(&c) = head.first() {
        out.push(nibble(c)?);
    }
    for pair in rest.chunks_exact(2) {
        out.push(nibble(pair[0])? << 4 | nibble(pair[1])?);
    }
    Some(out)
}

pub(crate) fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

#[cfg(test)]
mod hmac_tests {
    use hmac::Mac;

    fn hex(b: &[u8]) -> String {
        b.iter().map(|x| format!("{x:02x}")).collect()
    }

    #[test]
    fn rfc4231_cases_short_and_longer_than_block_keys() {
        // Test case 2: short key.
        let mut m = super::hmac_sha256(b"Jefe");
        m.update(b"what do ya want for nothing?");
        assert_eq!(
            hex(&m.finalize().into_bytes()),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        // Test case 6: a 131-byte key, hashed first.
        let mut m = super::hmac_sha256(&[0xaa; 131]);
        m.update(b"Test Using Larger Than Block-Size Key - Hash Key First");
        assert_eq!(
            hex(&m.finalize().into_bytes()),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
        );
        // A key of exactly the block size is used as is.
        let mut a = super::hmac_sha256(&[7u8; 64]);
        let mut b = <hmac::Hmac<sha2::Sha256> as Mac>::new_from_slice(&[7u8; 64]).unwrap();
        a.update(b"x");
        b.update(b"x");
        assert_eq!(a.finalize().into_bytes(), b.finalize().into_bytes());
    }
}
