//! The SRP group Cognito uses and its encodings.
//!
//! * `N`: the RFC 3526 3072-bit MODP prime; `g = 2`; hash SHA-256.
//! * `padHex(x)`: lowercase hex of `x`, one `0` prepended when the length is odd,
//!   then `00` prepended when the first digit is `8`–`f`, i.e. the minimal
//!   big-endian two's-complement form (Java's `BigInteger.toByteArray`).
//!   Everything hashed is `bytes(padHex(·))`, see [`pad_bytes`].
//! * `k = H(padHex(N) ‖ padHex(g))`.

use std::sync::OnceLock;

use num_bigint::BigUint;
use num_traits::Zero;
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use crate::mont::{self, Work};

/// RFC 3526 §4, the 3072-bit MODP group prime, as Cognito's clients carry it.
pub const N_HEX: &str = concat!(
    "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD1",
    "29024E088A67CC74020BBEA63B139B22514A08798E3404DD",
    "EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245",
    "E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED",
    "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3D",
    "C2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F",
    "83655D23DCA3AD961C62F356208552BB9ED529077096966D",
    "670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B",
    "E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9",
    "DE2BCBF6955817183995497CEA956AE515D2261898FA0510",
    "15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64",
    "ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7",
    "ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6B",
    "F12FFA06D98A0864D87602733EC86A64521F2B18177B200C",
    "BBE117577A615D6C770988C0BAD946E208E24FA074E5AB31",
    "43DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF",
);

/// The generator.
pub const G: u32 = 2;

/// Length of `N` in bytes.
pub const N_BYTES: usize = 384;

struct Group {
    n: BigUint,
    g: BigUint,
    k: BigUint,
}

fn group() -> &'static Group {
    static GROUP: OnceLock<Group> = OnceLock::new();
    GROUP.get_or_init(|| {
        // The constant is valid hex; an empty value here would surface as a
        // failing vector test, never as undefined behaviour.
        let n = BigUint::parse_bytes(N_HEX.as_bytes(), 16).unwrap_or_default();
        let g = BigUint::from(G);
        let k = hash_to_int(&[&pad_bytes(&n), &pad_bytes(&g)]);
        Group { n, g, k }
    })
}

/// `N`.
pub fn n() -> &'static BigUint {
    &group().n
}

/// `g` (2).
pub fn g() -> &'static BigUint {
    &group().g
}

/// `k = H(padHex(N) ‖ padHex(g))`.
pub fn k() -> &'static BigUint {
    &group().k
}

/// `padHex(x)` as a string (lowercase).
pub fn pad_hex(x: &BigUint) -> String {
    let mut out = String::new();
    for b in pad_bytes(x) {
        out.push_str(&format!("{b:02x}"));
    }
    out
}

/// `bytes(padHex(x))`: big-endian bytes of `x`, at least one byte, with a `00`
/// prepended when the top bit of the first byte is set.
pub fn pad_bytes(x: &BigUint) -> Vec<u8> {
    let mut bytes = x.to_bytes_be(); // `[0]` for zero
    if bytes.first().is_some_and(|b| b & 0x80 != 0) {
        bytes.insert(0, 0);
    }
    bytes
}

/// SHA-256 over the concatenation of `parts`, as an integer.
pub fn hash_to_int(parts: &[&[u8]]) -> BigUint {
    BigUint::from_bytes_be(&sha256(parts))
}

pub(crate) fn sha256(parts: &[&[u8]]) -> [u8; 32] {
    let mut h = Sha256::new();
    for p in parts {
        h.update(p);
    }
    h.finalize().into()
}

/// Parses a hex integer as Cognito's clients do (case-insensitive, leading
/// zeros allowed). `None` for an empty or non-hex string.
pub fn parse_hex(s: &str) -> Option<BigUint> {
    let s = s.trim();
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    BigUint::parse_bytes(s.as_bytes(), 16)
}

/// Lowercase hex without padding (how `SRP_A`, `SRP_B` and `SALT` travel).
pub fn to_hex(x: &BigUint) -> String {
    x.to_str_radix(16)
}

/// `g^e mod N`.
///
/// Montgomery arithmetic with a fixed-base comb for exponents of up to 256
/// bits (the comb table is built on first use, or by [`warm_up`]).
pub fn pow_g(e: &BigUint) -> BigUint {
    let mut w = Work::new();
    let e = Zeroizing::new(e.to_u64_digits());
    let r = w.pow_g(&e);
    from_limbs(&w.plain(&r))
}

/// `base^e mod N` (sliding-window Montgomery exponentiation).
pub fn pow_mod(base: &BigUint, e: &BigUint) -> BigUint {
    let mut w = Work::new();
    let base = w.mont_form(&mont::element_from_be(&base.to_bytes_be()));
    let e = Zeroizing::new(e.to_u64_digits());
    let r = w.pow(&base, &e);
    from_limbs(&w.plain(&r))
}

/// Builds the fixed-base table for `g` now (about 350 modular products,
/// under a millisecond on a current machine) rather than inside the first SRP
/// computation. Optional; a server may call it at start-up.
pub fn warm_up() {
    mont::warm_up();
}

pub(crate) fn from_limbs(x: &mont::Limbs) -> BigUint {
    BigUint::from_bytes_be(&mont::to_be_bytes(x))
}

/// Plain limbs of a public value, reduced modulo `N`.
pub(crate) fn to_limbs(x: &BigUint) -> Zeroizing<mont::Limbs> {
    mont::element_from_be(&x.to_bytes_be())
}

/// `k` in Montgomery form.
pub(crate) fn k_mont() -> &'static mont::Limbs {
    static K_MONT: OnceLock<mont::Limbs> = OnceLock::new();
    K_MONT.get_or_init(|| *Work::new().mont_form(&to_limbs(k())))
}

/// True when `x ≡ 0 (mod N)`.
pub fn is_zero_mod_n(x: &BigUint) -> bool {
    (x % n()).is_zero()
}

/// `u = H(padHex(A) ‖ padHex(B))`.
pub fn compute_u(a_pub: &BigUint, b_pub: &BigUint) -> BigUint {
    hash_to_int(&[&pad_bytes(a_pub), &pad_bytes(b_pub)])
}

/// `x = H(padHex(salt) ‖ H(pool_name ‖ user_id ‖ ":" ‖ password))`.
pub fn compute_x(salt: &BigUint, pool_name: &str, user_id: &str, password: &str) -> BigUint {
    BigUint::from_bytes_be(&x_bytes(salt, pool_name, user_id, password)[..])
}

/// [`compute_x`] as 32 big-endian bytes, wiped on drop.
pub(crate) fn x_bytes(
    salt: &BigUint,
    pool_name: &str,
    user_id: &str,
    password: &str,
) -> Zeroizing<[u8; 32]> {
    let inner = Zeroizing::new(sha256(&[
        pool_name.as_bytes(),
        user_id.as_bytes(),
        b":",
        password.as_bytes(),
    ]));
    Zeroizing::new(sha256(&[&pad_bytes(salt), &inner[..]]))
}

/// The 16-byte session key: HKDF-SHA256 with salt `padHex(u)`, IKM `padHex(S)`
/// and info `"Caldera Derived Key"`, one output block truncated.
pub fn derive_key(u: &BigUint, s: &BigUint) -> [u8; 16] {
    derive_key_padded(&pad_bytes(u), &pad_bytes(s))
}

/// [`derive_key`] from `bytes(padHex(u))` and `bytes(padHex(S))`.
pub(crate) fn derive_key_padded(u_pad: &[u8], s_pad: &[u8]) -> [u8; 16] {
    use hmac::Mac;
    let mut extract = crate::hmac_sha256(u_pad);
    extract.update(s_pad);
    let prk = Zeroizing::new(<[u8; 32]>::from(extract.finalize().into_bytes()));
    let mut expand = crate::hmac_sha256(&prk[..]);
    expand.update(b"Caldera Derived Key");
    expand.update(&[1u8]);
    let okm = Zeroizing::new(<[u8; 32]>::from(expand.finalize().into_bytes()));
    let mut key = [0u8; 16];
    key.copy_from_slice(&okm[..16]);
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn k_matches_published_value() {
        assert_eq!(
            to_hex(k()),
            "538282c4354742d7cbbde2359fcf67f9f5b3a6b08791e5011b43b8a5b66d9ee6"
        );
    }

    #[test]
    fn pad_hex_matches_java_to_byte_array_table() {
        // Pairs from the Java-generated table in Amplify's and
        // amazon-cognito-identity-js's padHex tests (positive half).
        for (n, hex) in [
            (0u32, "00"),
            (1, "01"),
            (20, "14"),
            (127, "7f"),
            (128, "0080"),
            (200, "00c8"),
            (236, "00ec"),
            (255, "00ff"),
            (256, "0100"),
        ] {
            assert_eq!(pad_hex(&BigUint::from(n)), hex, "padHex({n})");
        }
        assert_eq!(pad_hex(g()), "02");
        let n_hex = pad_hex(n());
        assert_eq!(n_hex.len(), 770);
        assert!(n_hex.starts_with("00ffffffffffffffffc90f"));
    }

    #[test]
    fn n_is_the_rfc3526_prime_by_its_closed_form() {
        // N = 2^3072 - 2^3008 - 1 + 2^64 * (floor(2^2942 * pi) + 1690314):
        // check the two ends and the bit length, which a transcription error
        // in the middle would not keep... plus a Fermat test, which it would fail.
        assert_eq!(n().bits(), 3072);
        let two = BigUint::from(2u32);
        let one = BigUint::from(1u32);
        let exp = n() - &one;
        assert_eq!(two.modpow(&exp, n()), one, "2^(N-1) mod N must be 1");
        // Safe prime: q = (N-1)/2 is prime too (Fermat base 2 and 3).
        let q = &exp >> 1u32;
        let q1 = &q - &one;
        assert_eq!(BigUint::from(3u32).modpow(&q1, &q), one);
    }

    #[test]
    fn parse_hex_rejects_garbage() {
        assert!(parse_hex("").is_none());
        assert!(parse_hex("xyz").is_none());
        assert!(parse_hex("12 34").is_none());
        assert_eq!(parse_hex("00FF"), Some(BigUint::from(255u32)));
    }
}
