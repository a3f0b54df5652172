use std::fmt;
use std::sync::Arc;

use hmac::Mac;
use num_bigint::BigUint;
use num_traits::Zero;
use zeroize::Zeroizing;

use crate::client::signature_mac;
use crate::group::{self, compute_u, derive_key_padded, pad_bytes, parse_hex, x_bytes};
use crate::mont::{self, Work};
use crate::secret::SecretBytes;
use crate::{EPHEMERAL_BYTES, SecureRandom, SrpError};

/// Longest `SRP_A` accepted, in hex digits. Honest clients send at most 768
/// (770 with a sign byte); anything much longer is a denial-of-service attempt.
pub const MAX_SRP_A_HEX: usize = 1024;

/// What the server stores per password: the salt and `v = g^x mod N`.
#[derive(Clone, PartialEq, Eq)]
pub struct Verifier {
    salt: BigUint,
    /// `v` as plain limbs below `N`.
    v: Zeroizing<mont::Limbs>,
}

impl fmt::Debug for Verifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Verifier")
            .field("salt", &group::to_hex(&self.salt))
            .field("v", &"<redacted>")
            .finish()
    }
}

impl Verifier {
    /// Computes the verifier for a password with a given salt (big-endian bytes).
    ///
    /// `pool_name` is [`crate::pool_name`] of the pool (or the device group key),
    /// `user_id` the canonical username, `USER_ID_FOR_SRP` (or the device key).
    pub fn from_password(pool_name: &str, user_id: &str, password: &str, salt: &[u8]) -> Self {
        let salt = BigUint::from_bytes_be(salt);
        let x = x_bytes(&salt, pool_name, user_id, password);
        let mut w = Work::new();
        let v = w.pow_g(&mont::limbs_from_be(&x[..]));
        Self {
            v: w.plain(&v),
            salt,
        }
    }

    /// A verifier with a fresh random 16-byte salt whose first hex digit is not
    /// zero, so every client's salt parsing agrees (see `docs/srp.md`).
    pub fn generate(
        pool_name: &str,
        user_id: &str,
        password: &str,
        rng: &mut impl SecureRandom,
    ) -> Result<Self, SrpError> {
        let mut salt = [0u8; 16];
        loop {
            rng.fill(&mut salt)?;
            if salt[0] >= 0x10 {
                break;
            }
        }
        Ok(Self::from_password(pool_name, user_id, password, &salt))
    }

    /// A verifier from its stored parts (hex), e.g. loaded from disk.
    pub fn from_hex(salt_hex: &str, verifier_hex: &str) -> Result<Self, SrpError> {
        Ok(Self {
            salt: parse_hex(salt_hex).ok_or(SrpError::InvalidHex("salt"))?,
            v: mont::element_from_be(
                &crate::decode_hex_secret(verifier_hex).ok_or(SrpError::InvalidHex("verifier"))?,
            ),
        })
    }

    /// A verifier from `ConfirmDevice`'s `DeviceSecretVerifierConfig`
    /// (`Salt` and `PasswordVerifier`, both base64 of big-endian bytes).
    pub fn from_device_config(salt_b64: &str, verifier_b64: &str) -> Result<Self, SrpError> {
        let salt = crate::decode_base64_lenient(salt_b64).ok_or(SrpError::InvalidBase64("Salt"))?;
        let v = Zeroizing::new(
            crate::decode_base64_lenient(verifier_b64)
                .ok_or(SrpError::InvalidBase64("PasswordVerifier"))?,
        );
        if salt.is_empty() || v.is_empty() {
            return Err(SrpError::InvalidBase64("DeviceSecretVerifierConfig"));
        }
        Ok(Self {
            salt: BigUint::from_bytes_be(&salt),
            v: mont::element_from_be(&v),
        })
    }

    /// `SALT` as the server sends it: lowercase hex, no padding.
    pub fn salt_hex(&self) -> String {
        group::to_hex(&self.salt)
    }

    /// `v` as lowercase hex, no padding (for storage).
    pub fn verifier_hex(&self) -> String {
        group::to_hex(&group::from_limbs(&self.v))
    }
}

/// Precomputed powers of one user's verifier `v`: a fixed-base comb for
/// `v^u` and `k·v`, for a server that sees the same users sign in again and
/// again.
///
/// Building it costs about as much as one `v^u` done without it (237
/// squarings and 114 products, under a millisecond); every later sign-in
/// with [`SrpServer::with_table`] then computes `v^u` with 21 squarings and
/// 42 products instead of about 300 operations, which is about a quarter of
/// the server's SRP work. It takes 52 KiB, is wiped when dropped, and is
/// cheap to clone (shared).
#[derive(Clone)]
pub struct VerifierTable {
    inner: Arc<TableInner>,
}

struct TableInner {
    verifier: Verifier,
    /// `k·v` in Montgomery form.
    kv: Zeroizing<mont::Limbs>,
    comb: mont::Comb,
}

impl fmt::Debug for VerifierTable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("VerifierTable")
            .field("verifier", &self.inner.verifier)
            .finish_non_exhaustive()
    }
}

impl VerifierTable {
    /// Builds the tables for a verifier.
    pub fn new(verifier: &Verifier) -> Self {
        let mut w = Work::new();
        let v = w.mont_form(&verifier.v);
        let mut kv = Zeroizing::new(*v);
        w.mul(&mut kv, group::k_mont());
        Self {
            inner: Arc::new(TableInner {
                verifier: verifier.clone(),
                kv,
                comb: mont::Comb::new(&v),
            }),
        }
    }

    /// The verifier the tables were built for.
    pub fn verifier(&self) -> &Verifier {
        &self.inner.verifier
    }
}

/// The server half of one SRP exchange: private `b` and
/// `B = (k·v + g^b) mod N` for one user's verifier.
pub struct SrpServer {
    b: SecretBytes,
    b_pub: BigUint,
    verifier: Verifier,
    table: Option<VerifierTable>,
}

impl fmt::Debug for SrpServer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SrpServer")
            .field("b", &"<redacted>")
            .field("srp_b", &group::to_hex(&self.b_pub))
            .field("verifier", &self.verifier)
            .finish()
    }
}

impl SrpServer {
    /// A fresh server half with a random 256-bit `b`.
    pub fn new(verifier: &Verifier, rng: &mut impl SecureRandom) -> Result<Self, SrpError> {
        loop {
            let mut b = SecretBytes(vec![0u8; EPHEMERAL_BYTES]);
            rng.fill(&mut b.0)?;
            match Self::with_private_bytes(verifier, &b.0) {
                Err(SrpError::IllegalB) => continue,
                other => return other,
            }
        }
    }

    /// A server half with a given private `b` (big-endian bytes).
    ///
    /// Fails with [`SrpError::IllegalB`] if `B ≡ 0 (mod N)`.
    pub fn with_private_bytes(verifier: &Verifier, b: &[u8]) -> Result<Self, SrpError> {
        Self::build(verifier, None, b)
    }

    /// A fresh server half for the verifier of `table`, using its
    /// precomputed powers (same results as [`SrpServer::new`], less work).
    pub fn with_table(
        table: &VerifierTable,
        rng: &mut impl SecureRandom,
    ) -> Result<Self, SrpError> {
        loop {
            let mut b = SecretBytes(vec![0u8; EPHEMERAL_BYTES]);
            rng.fill(&mut b.0)?;
            match Self::build(&table.inner.verifier, Some(table), &b.0) {
                Err(SrpError::IllegalB) => continue,
                other => return other,
            }
        }
    }

    /// [`SrpServer::with_table`] with a given private `b`.
    pub fn with_table_and_private_bytes(table: &VerifierTable, b: &[u8]) -> Result<Self, SrpError> {
        Self::build(&table.inner.verifier, Some(table), b)
    }

    fn build(
        verifier: &Verifier,
        table: Option<&VerifierTable>,
        b: &[u8],
    ) -> Result<Self, SrpError> {
        let b_limbs = mont::limbs_from_be(b);
        if b_limbs.iter().all(|&l| l == 0) {
            return Err(SrpError::IllegalB);
        }
        let mut w = Work::new();
        let kv = match table {
            Some(t) => Zeroizing::new(*t.inner.kv),
            None => {
                let mut kv = w.mont_form(&verifier.v);
                w.mul(&mut kv, group::k_mont());
                kv
            }
        };
        let gb = w.pow_g(&b_limbs);
        let b_mont = mont::add_mod(&kv, &gb);
        let b_pub = group::from_limbs(&w.plain(&b_mont));
        if b_pub.is_zero() {
            return Err(SrpError::IllegalB);
        }
        Ok(Self {
            b: SecretBytes(b.to_vec()),
            b_pub,
            verifier: verifier.clone(),
            table: table.cloned(),
        })
    }

    /// `SRP_B`: lowercase hex without padding.
    pub fn srp_b(&self) -> String {
        group::to_hex(&self.b_pub)
    }

    /// `SALT`: lowercase hex without padding.
    pub fn salt(&self) -> String {
        self.verifier.salt_hex()
    }

    /// Checks a client's `PASSWORD_CLAIM_SIGNATURE` in constant time.
    ///
    /// `srp_a_hex` is the `SRP_A` the client sent with `InitiateAuth`;
    /// `secret_block` the raw bytes of the `SECRET_BLOCK` this server issued;
    /// `timestamp` the client's TIMESTAMP string exactly as received (checking
    /// its form and skew is the caller's business, see [`crate::timestamp`]).
    pub fn verify(
        &self,
        srp_a_hex: &str,
        pool_name: &str,
        user_id: &str,
        secret_block: &[u8],
        timestamp: &str,
        signature_b64: &str,
    ) -> Result<(), SrpError> {
        let key = Zeroizing::new(self.session_key(srp_a_hex)?);
        let presented = crate::decode_base64_lenient(signature_b64)
            .ok_or(SrpError::InvalidBase64("PASSWORD_CLAIM_SIGNATURE"))?;
        signature_mac(&key, pool_name, user_id, secret_block, timestamp)
            .verify_slice(&presented)
            .map_err(|_| SrpError::BadSignature)
    }

    /// The 16-byte key the server derives for a given `SRP_A`.
    pub fn session_key(&self, srp_a_hex: &str) -> Result<[u8; 16], SrpError> {
        let a_pub = parse_srp_a(srp_a_hex)?;
        let u = compute_u(&a_pub, &self.b_pub);
        if u.is_zero() {
            return Err(SrpError::ZeroU);
        }
        // S = (A · v^u)^b mod N.
        let mut w = Work::new();
        let u_limbs = u.to_u64_digits();
        // `u` is a SHA-256 value, so it always fits the comb.
        let vu = match self
            .table
            .as_ref()
            .and_then(|t| w.pow_comb(&t.inner.comb, &u_limbs))
        {
            Some(vu) => vu,
            None => {
                let v = w.mont_form(&self.verifier.v);
                w.pow(&v, &u_limbs)
            }
        };
        let mut base = w.mont_form(&group::to_limbs(&a_pub));
        w.mul(&mut base, &vu);
        let s = w.pow(&base, &mont::limbs_from_be(&self.b.0));
        let s = w.plain(&s);
        Ok(derive_key_padded(&pad_bytes(&u), &mont::pad_bytes(&s)))
    }
}

/// Parses and checks a client's `SRP_A`.
pub(crate) fn parse_srp_a(srp_a_hex: &str) -> Result<BigUint, SrpError> {
    if srp_a_hex.trim().len() > MAX_SRP_A_HEX {
        return Err(SrpError::OversizedA);
    }
    let a_pub = parse_hex(srp_a_hex).ok_or(SrpError::InvalidHex("SRP_A"))?;
    if group::is_zero_mod_n(&a_pub) {
        return Err(SrpError::IllegalA);
    }
    Ok(a_pub)
}
