//! Random identifiers in the shapes Cognito uses, and code delivery masking.

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};

const ALNUM: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const LOWER_ALNUM: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";

/// Fills a buffer from the operating system's generator. The generator
/// failing is not something a mock can recover from sensibly, so it degrades
/// to a time-seeded fallback rather than panicking.
pub fn fill_random(buf: &mut [u8]) {
    if getrandom::fill(buf).is_err() {
        // Extremely unlikely (no entropy source). Mix the clock so ids stay
        // distinct; none of this protects real secrets.
        let mut x = crate::clock::system_now_ms() as u64 ^ 0x9E37_79B9_7F4A_7C15;
        for b in buf.iter_mut() {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            *b = x as u8;
        }
    }
}

/// `n` random bytes.
pub fn random_bytes(n: usize) -> Vec<u8> {
    let mut v = vec![0u8; n];
    fill_random(&mut v);
    v
}

fn random_from(alphabet: &[u8], len: usize) -> String {
    // Rejection sampling keeps the distribution uniform.
    let limit = 256 - (256 % alphabet.len());
    let mut out = String::with_capacity(len);
    let mut buf = [0u8; 64];
    while out.len() < len {
        fill_random(&mut buf);
        for &b in &buf {
            if (b as usize) < limit {
                if let Some(&c) = alphabet.get(b as usize % alphabet.len()) {
                    out.push(c as char);
                }
                if out.len() == len {
                    break;
                }
            }
        }
    }
    out
}

/// A user pool id: `{region}_{9 alphanumerics}`.
pub fn pool_id(region: &str) -> String {
    format!("{region}_{}", random_from(ALNUM, 9))
}

/// An app client id: 26 lowercase alphanumerics.
pub fn client_id() -> String {
    random_from(LOWER_ALNUM, 26)
}

/// An app client secret: 51 lowercase alphanumerics (real ones are 51 chars).
pub fn client_secret() -> String {
    random_from(LOWER_ALNUM, 51)
}

/// A random (version 4) UUID in its lowercase hyphenated form.
pub fn uuid() -> String {
    let mut b = [0u8; 16];
    fill_random(&mut b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let mut out = String::with_capacity(36);
    for (i, x) in b.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            out.push('-');
        }
        push_hex(&mut out, *x);
    }
    out
}

/// Appends a byte as two lowercase hex digits.
pub fn push_hex(out: &mut String, byte: u8) {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    out.push(char::from(DIGITS[usize::from(byte >> 4)]));
    out.push(char::from(DIGITS[usize::from(byte & 0x0f)]));
}

/// Lowercase hex of some bytes.
pub fn hex(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        push_hex(&mut out, *b);
    }
    out
}

/// A 6-digit code.
pub fn six_digit_code() -> String {
    random_from(b"0123456789", 6)
}

/// A challenge `Session`: opaque, long, URL-safe, shaped like the real ones
/// (which start with `AYABe`). Like Cognito's (an encrypted envelope that
/// carries its own expiry), it records when it expires, so that an expired
/// session is recognised as such even after the mock has forgotten it.
pub fn session_token(expires_ms: i64) -> String {
    let mut raw = random_bytes(136);
    raw.extend_from_slice(&expires_ms.to_be_bytes());
    format!("AYABe{}", URL_SAFE_NO_PAD.encode(raw))
}

/// The expiry a [`session_token`] carries (`None` for anything else).
pub fn session_expiry(token: &str) -> Option<i64> {
    let raw = URL_SAFE_NO_PAD.decode(token.strip_prefix("AYABe")?).ok()?;
    if raw.len() != 144 {
        return None;
    }
    let tail: [u8; 8] = raw.get(136..)?.try_into().ok()?;
    Some(i64::from_be_bytes(tail))
}

/// A `SECRET_BLOCK`: standard base64 with padding; real ones begin `AgV4`.
pub fn secret_block() -> String {
    let mut raw = vec![0x02, 0x05, 0x78];
    raw.extend_from_slice(&random_bytes(93));
    STANDARD.encode(raw)
}

/// An opaque refresh token shaped like Cognito's (a five-part compact JWE
/// whose header names `RSA-OAEP` / `A256GCM`); only the mock can read it,
/// because it is just a random key into the mock's state.
pub fn refresh_token() -> String {
    const HEADER: &str = "eyJjdHkiOiJKV1QiLCJlbmMiOiJBMjU2R0NNIiwiYWxnIjoiUlNBLU9BRVAifQ";
    format!(
        "{HEADER}.{}.{}.{}.{}",
        URL_SAFE_NO_PAD.encode(random_bytes(32)),
        URL_SAFE_NO_PAD.encode(random_bytes(12)),
        URL_SAFE_NO_PAD.encode(random_bytes(48)),
        URL_SAFE_NO_PAD.encode(random_bytes(16))
    )
}

/// A request id for `x-amzn-RequestId`.
pub fn request_id() -> String {
    uuid()
}

/// A temporary password that satisfies any policy Cognito allows.
pub fn temporary_password() -> String {
    format!("{}aA1!{}", random_from(ALNUM, 6), random_from(ALNUM, 6))
}

/// Masks an email the way Cognito does in `CodeDeliveryDetails`:
/// `jane@example.com` → `j***@e***`.
pub fn mask_email(email: &str) -> String {
    let (local, domain) = email.split_once('@').unwrap_or((email, ""));
    let first = |s: &str| s.chars().next().map(String::from).unwrap_or_default();
    format!("{}***@{}***", first(local), first(domain))
}

/// Masks a phone number: `+15551234567` → `+*******4567`.
pub fn mask_phone(phone: &str) -> String {
    let digits: Vec<char> = phone.chars().filter(char::is_ascii_digit).collect();
    let keep = digits.len().min(4);
    let hidden = digits.len() - keep;
    let tail: String = digits.get(hidden..).unwrap_or(&[]).iter().collect();
    format!("+{}{}", "*".repeat(hidden), tail)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes() {
        let p = pool_id("us-east-1");
        assert!(p.starts_with("us-east-1_") && p.len() == "us-east-1_".len() + 9);
        let c = client_id();
        assert_eq!(c.len(), 26);
        assert!(
            c.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        );
        let u = uuid();
        assert_eq!(u.len(), 36);
        assert_eq!(u.as_bytes()[14], b'4');
        assert_ne!(uuid(), uuid());
        let code = six_digit_code();
        assert!(code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit()));
        assert!(secret_block().starts_with("AgV4"));
        assert!(session_token(5).len() >= 20);
        let u = uuid();
        assert_eq!(u.len(), 36);
        let parts: Vec<&str> = u.split('-').collect();
        assert_eq!(
            parts.iter().map(|p| p.len()).collect::<Vec<_>>(),
            vec![8, 4, 4, 4, 12]
        );
        assert!(
            u.bytes()
                .all(|c| c == b'-' || c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
        );
        assert_eq!(&u[14..15], "4", "version 4");
        assert!(
            matches!(&u[19..20], "8" | "9" | "a" | "b"),
            "RFC 4122 variant"
        );
        assert_eq!(hex(&[0x00, 0x0f, 0xa0, 0xff]), "000fa0ff");
        assert_eq!(session_expiry(&session_token(1_234_567)), Some(1_234_567));
        assert_eq!(session_expiry("AYABeabc"), None);
        assert_eq!(refresh_token().split('.').count(), 5);
        let t = temporary_password();
        assert!(t.chars().any(|c| c.is_ascii_uppercase()));
        assert!(t.chars().any(|c| c.is_ascii_lowercase()));
        assert!(t.chars().any(|c| c.is_ascii_digit()));
        assert!(t.contains('!'));
    }

    #[test]
    fn masking() {
        assert_eq!(mask_email("jane@example.com"), "j***@e***");
        assert_eq!(mask_email("x"), "x***@***");
        assert_eq!(mask_phone("+15551234567"), "+*******4567");
        assert_eq!(mask_phone("+12"), "+12");
    }
}
