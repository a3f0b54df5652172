//! TOTP (RFC 6238: HMAC-SHA-1, 6 digits, 30-second steps) as Cognito's
//! software-token MFA uses it, and the base32 (RFC 4648, unpadded, uppercase)
//! form of the shared secret that `AssociateSoftwareToken` returns as
//! `SecretCode`.

use hmac::{Hmac, Mac};
use sha1::Sha1;

/// Seconds per TOTP step.
pub const STEP_SECONDS: i64 = 30;
/// Digits per code.
pub const DIGITS: u32 = 6;

const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// Base32-encodes (RFC 4648 alphabet, no padding).
pub fn base32_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(5) * 8);
    let mut buffer: u32 = 0;
    let mut bits = 0;
    for &b in bytes {
        buffer = (buffer << 8) | u32::from(b);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(ALPHABET[((buffer >> bits) & 31) as usize] as char);
        }
    }
    if bits > 0 {
        out.push(ALPHABET[((buffer << (5 - bits)) & 31) as usize] as char);
    }
    out
}

/// Base32-decodes; case-insensitive, ignores `=` padding and spaces.
/// `None` on any other character.
pub fn base32_decode(s: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len() * 5 / 8);
    let mut buffer: u32 = 0;
    let mut bits = 0;
    for c in s.bytes() {
        if c == b'=' || c == b' ' {
            continue;
        }
        let c = c.to_ascii_uppercase();
        let v = ALPHABET.iter().position(|&a| a == c)? as u32;
        buffer = (buffer << 5) | v;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
        }
    }
    Some(out)
}

/// The RFC 4226 HOTP value for a counter, as a zero-padded 6-digit string.
pub fn hotp(secret: &[u8], counter: u64) -> String {
    let mut mac = match <Hmac<Sha1> as Mac>::new_from_slice(secret) {
        Ok(mac) => mac,
        Err(_) => return String::new(), // impossible: HMAC takes any key length
    };
    mac.update(&counter.to_be_bytes());
    let digest = mac.finalize().into_bytes();
    let offset = (digest[19] & 0x0f) as usize;
    let bin = (u32::from(digest[offset]) & 0x7f) << 24
        | u32::from(digest[offset + 1]) << 16
        | u32::from(digest[offset + 2]) << 8
        | u32::from(digest[offset + 3]);
    format!("{:06}", bin % 10u32.pow(DIGITS))
}

/// The step number for a time.
pub fn step(unix_seconds: i64) -> i64 {
    unix_seconds.div_euclid(STEP_SECONDS)
}

/// The TOTP code at a time.
pub fn generate(secret: &[u8], unix_seconds: i64) -> String {
    hotp(secret, step(unix_seconds) as u64)
}

/// Checks a code against the steps `now - window ..= now + window` and returns
/// the step that matched, so a caller can refuse a step it already accepted.
/// Comparison is constant-time per step.
pub fn verify(secret: &[u8], code: &str, unix_seconds: i64, window: i64) -> Option<i64> {
    if code.len() != DIGITS as usize || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let now = step(unix_seconds);
    let mut found = None;
    for s in (now - window)..=(now + window) {
        if s < 0 {
            continue;
        }
        let expected = hotp(secret, s as u64);
        if constant_time_eq(expected.as_bytes(), code.as_bytes()) && found.is_none() {
            found = Some(s);
        }
    }
    found
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    // RFC 6238 Appendix B, SHA-1 column, truncated to 6 digits.
    const RFC_SECRET: &[u8] = b"12345678901234567890";

    #[test]
    fn rfc6238_sha1_vectors() {
        for (t, code) in [
            (59, "287082"),
            (1_111_111_109, "081804"),
            (1_111_111_111, "050471"),
            (1_234_567_890, "005924"),
            (2_000_000_000, "279037"),
            (20_000_000_000, "353130"),
        ] {
            assert_eq!(generate(RFC_SECRET, t), code, "t={t}");
        }
    }

    #[test]
    fn rfc4226_hotp_vectors() {
        let expected = [
            "755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583",
            "399871", "520489",
        ];
        for (i, code) in expected.iter().enumerate() {
            assert_eq!(hotp(RFC_SECRET, i as u64), *code);
        }
    }

    #[test]
    fn window_is_one_step_each_way() {
        let t = 1_111_111_111;
        let code = generate(RFC_SECRET, t);
        assert_eq!(verify(RFC_SECRET, &code, t, 1), Some(step(t)));
        assert_eq!(verify(RFC_SECRET, &code, t + 30, 1), Some(step(t)));
        assert_eq!(verify(RFC_SECRET, &code, t - 30, 1), Some(step(t)));
        assert_eq!(verify(RFC_SECRET, &code, t + 60, 1), None);
        assert_eq!(verify(RFC_SECRET, "12345", t, 1), None);
        assert_eq!(verify(RFC_SECRET, "abcdef", t, 1), None);
    }

    #[test]
    fn base32_round_trip_and_rfc4648_vectors() {
        for (raw, enc) in [
            ("", ""),
            ("f", "MY"),
            ("fo", "MZXQ"),
            ("foo", "MZXW6"),
            ("foob", "MZXW6YQ"),
            ("fooba", "MZXW6YTB"),
            ("foobar", "MZXW6YTBOI"),
        ] {
            assert_eq!(base32_encode(raw.as_bytes()), enc);
            assert_eq!(base32_decode(enc).as_deref(), Some(raw.as_bytes()));
        }
        assert_eq!(base32_decode("mzxw6==="), Some(b"foo".to_vec()));
        assert_eq!(base32_decode("MZ1W"), None);
    }
}
