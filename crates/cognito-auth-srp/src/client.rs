use std::fmt;

use hmac::Mac;
use num_bigint::BigUint;
use num_traits::Zero;
use zeroize::Zeroizing;

use crate::group::{self, compute_u, derive_key_padded, pad_bytes, parse_hex, x_bytes};
use crate::mont::{self, Work};
use crate::secret::SecretBytes;
use crate::{EPHEMERAL_BYTES, SecureRandom, SrpError};

/// What the server's `PASSWORD_VERIFIER` (or `DEVICE_PASSWORD_VERIFIER`)
/// challenge gives the client, plus the names the math needs.
#[derive(Debug, Clone, Copy)]
pub struct PasswordVerifierChallenge<'a> {
    /// The pool name ([`crate::pool_name`]); for device SRP, the device group key.
    pub pool_name: &'a str,
    /// `USER_ID_FOR_SRP` from the challenge (not the typed login); for device
    /// SRP, the device key.
    pub user_id_for_srp: &'a str,
    /// `SALT`, hex, as sent.
    pub salt_hex: &'a str,
    /// `SRP_B`, hex, as sent.
    pub srp_b_hex: &'a str,
    /// `SECRET_BLOCK`, base64, as sent.
    pub secret_block_b64: &'a str,
}

/// The three values a `PASSWORD_VERIFIER` response carries besides `USERNAME`.
#[derive(Clone, PartialEq, Eq)]
pub struct PasswordClaim {
    /// `PASSWORD_CLAIM_SECRET_BLOCK`: the challenge's `SECRET_BLOCK`, verbatim.
    pub secret_block: String,
    /// `TIMESTAMP`, exactly as signed.
    pub timestamp: String,
    /// `PASSWORD_CLAIM_SIGNATURE`, standard base64.
    pub signature: String,
}

impl fmt::Debug for PasswordClaim {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PasswordClaim")
            .field("timestamp", &self.timestamp)
            .field("signature", &"<redacted>")
            .finish_non_exhaustive()
    }
}

/// Every intermediate value of the client computation, for test vectors and
/// debugging. Hex values are lowercase without padding.
#[derive(Clone, PartialEq, Eq)]
pub struct ClientIntermediates {
    /// `A`.
    pub srp_a_hex: String,
    /// `u = H(padHex(A) ‖ padHex(B))`.
    pub u_hex: String,
    /// `x`.
    pub x_hex: String,
    /// The premaster secret `S` (secret).
    pub s_hex: String,
    /// The 16-byte HKDF key (secret).
    pub key: [u8; 16],
}

impl fmt::Debug for ClientIntermediates {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientIntermediates")
            .field("srp_a_hex", &self.srp_a_hex)
            .field("u_hex", &self.u_hex)
            .field("x_hex", &"<redacted>")
            .field("s_hex", &"<redacted>")
            .field("key", &"<redacted>")
            .finish()
    }
}

/// The client half of one SRP exchange: a private ephemeral `a` and `A = g^a`.
///
/// Draw a fresh one for every `InitiateAuth` (or `DEVICE_SRP_AUTH`) attempt.
pub struct SrpClient {
    a: SecretBytes,
    a_pub: BigUint,
}

impl fmt::Debug for SrpClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SrpClient")
            .field("a", &"<redacted>")
            .field("srp_a", &group::to_hex(&self.a_pub))
            .finish()
    }
}

impl SrpClient {
    /// A fresh client with a random 256-bit `a`.
    pub fn new(rng: &mut impl SecureRandom) -> Result<Self, SrpError> {
        loop {
            let mut a = SecretBytes(vec![0u8; EPHEMERAL_BYTES]);
            rng.fill(&mut a.0)?;
            match Self::from_private_bytes(&a.0) {
                Ok(client) => return Ok(client),
                // a = 0 (or a multiple of the group order): draw again.
                Err(SrpError::IllegalA) => continue,
                Err(e) => return Err(e),
            }
        }
    }

    /// A client with a given private `a` (big-endian bytes). For test vectors
    /// and reproducible runs; real use wants [`SrpClient::new`].
    pub fn from_private_bytes(a: &[u8]) -> Result<Self, SrpError> {
        let a_limbs = mont::limbs_from_be(a);
        if a_limbs.iter().all(|&l| l == 0) {
            return Err(SrpError::IllegalA);
        }
        let mut w = Work::new();
        let a_mont = w.pow_g(&a_limbs);
        let a_pub = group::from_limbs(&w.plain(&a_mont));
        if a_pub.is_zero() {
            return Err(SrpError::IllegalA);
        }
        Ok(Self {
            a: SecretBytes(a.to_vec()),
            a_pub,
        })
    }

    /// Like [`SrpClient::from_private_bytes`], from hex.
    pub fn from_private_hex(a_hex: &str) -> Result<Self, SrpError> {
        let a = crate::decode_hex_secret(a_hex).ok_or(SrpError::InvalidHex("a"))?;
        Self::from_private_bytes(&a)
    }

    /// `SRP_A`: `A` as lowercase hex without padding.
    pub fn srp_a(&self) -> String {
        group::to_hex(&self.a_pub)
    }

    /// Computes `PASSWORD_CLAIM_SIGNATURE` for a challenge.
    ///
    /// `timestamp` is the TIMESTAMP string that will be sent (see
    /// [`crate::timestamp::format`]).
    pub fn password_claim(
        &self,
        challenge: &PasswordVerifierChallenge<'_>,
        password: &str,
        timestamp: &str,
    ) -> Result<PasswordClaim, SrpError> {
        let secret_block = crate::decode_base64_lenient(challenge.secret_block_b64)
            .ok_or(SrpError::InvalidBase64("SECRET_BLOCK"))?;
        let pm = self.premaster(challenge, password)?;
        let key = Zeroizing::new(derive_key_padded(
            &pad_bytes(&pm.u),
            &mont::pad_bytes(&pm.s),
        ));
        let signature = sign(
            &key,
            challenge.pool_name,
            challenge.user_id_for_srp,
            &secret_block,
            timestamp,
        );
        Ok(PasswordClaim {
            secret_block: challenge.secret_block_b64.to_owned(),
            timestamp: timestamp.to_owned(),
            signature,
        })
    }

    /// Every intermediate value (u, x, S, key) for a challenge.
    pub fn intermediates(
        &self,
        challenge: &PasswordVerifierChallenge<'_>,
        password: &str,
    ) -> Result<ClientIntermediates, SrpError> {
        let pm = self.premaster(challenge, password)?;
        let s_pad = mont::pad_bytes(&pm.s);
        let key = derive_key_padded(&pad_bytes(&pm.u), &s_pad);
        Ok(ClientIntermediates {
            srp_a_hex: self.srp_a(),
            u_hex: group::to_hex(&pm.u),
            x_hex: hex_trimmed(&pm.x[..]),
            s_hex: hex_trimmed(&s_pad),
            key,
        })
    }

    /// `u`, `x` and `S = (B − k·g^x)^(a + u·x) mod N`.
    fn premaster(
        &self,
        challenge: &PasswordVerifierChallenge<'_>,
        password: &str,
    ) -> Result<Premaster, SrpError> {
        let b_pub = parse_hex(challenge.srp_b_hex).ok_or(SrpError::InvalidHex("SRP_B"))?;
        if group::is_zero_mod_n(&b_pub) {
            return Err(SrpError::IllegalB);
        }
        let salt = parse_hex(challenge.salt_hex).ok_or(SrpError::InvalidHex("SALT"))?;
        let u = compute_u(&self.a_pub, &b_pub);
        if u.is_zero() {
            return Err(SrpError::ZeroU);
        }
        let x = x_bytes(
            &salt,
            challenge.pool_name,
            challenge.user_id_for_srp,
            password,
        );
        let x_limbs = mont::limbs_from_be(&x[..]);
        let mut w = Work::new();
        let mut kgx = w.pow_g(&x_limbs);
        w.mul(&mut kgx, group::k_mont());
        let b_mont = w.mont_form(&group::to_limbs(&b_pub));
        let base = mont::sub_mod(&b_mont, &kgx);
        let a = mont::limbs_from_be(&self.a.0);
        let exponent = mont::add_mul(&a, &u.to_u64_digits(), &x_limbs);
        let s = w.pow(&base, &exponent);
        let s = w.plain(&s);
        Ok(Premaster { u, x, s })
    }
}

/// The shared values of one exchange; the secret ones wipe themselves.
struct Premaster {
    u: BigUint,
    x: Zeroizing<[u8; 32]>,
    s: Zeroizing<mont::Limbs>,
}

/// Lowercase hex of big-endian bytes without leading zeros (`0` for zero).
fn hex_trimmed(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(2 * bytes.len());
    for b in bytes {
        out.push(char::from(HEX[usize::from(b >> 4)]));
        out.push(char::from(HEX[usize::from(b & 15)]));
    }
    let trimmed = out.trim_start_matches('0');
    if trimmed.is_empty() {
        "0".to_owned()
    } else {
        trimmed.to_owned()
    }
}

const HEX: &[u8; 16] = b"0123456789abcdef";

/// `base64(HMAC-SHA256(key, pool_name ‖ user_id ‖ secret_block ‖ timestamp))`.
pub(crate) fn sign(
    key: &[u8; 16],
    pool_name: &str,
    user_id: &str,
    secret_block: &[u8],
    timestamp: &str,
) -> String {
    crate::b64(
        &signature_mac(key, pool_name, user_id, secret_block, timestamp)
            .finalize()
            .into_bytes(),
    )
}

pub(crate) fn signature_mac(
    key: &[u8; 16],
    pool_name: &str,
    user_id: &str,
    secret_block: &[u8],
    timestamp: &str,
) -> hmac::Hmac<sha2::Sha256> {
    let mut mac = crate::hmac_sha256(key);
    mac.update(pool_name.as_bytes());
    mac.update(user_id.as_bytes());
    mac.update(secret_block);
    mac.update(timestamp.as_bytes());
    mac
}
