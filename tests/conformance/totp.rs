//! RFC 6238 TOTP (SHA-1, 6 digits, 30 s steps) over RFC 4226 HOTP: the
//! authenticator app of the MFA scenarios, checked against the RFC's vectors.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use hmac::{Hmac, Mac};
use sha1::Sha1;

/// RFC 4648 base32 (Cognito's `SecretCode`); padding and spaces ignored.
pub fn base32_decode(text: &str) -> Result<Vec<u8>, String> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let mut out = Vec::new();
    let mut buffer: u32 = 0;
    let mut bits = 0u32;
    for c in text.bytes().filter(|c| !matches!(c, b'=' | b' ')) {
        let c = c.to_ascii_uppercase();
        let v = ALPHABET
            .iter()
            .position(|a| *a == c)
            .ok_or_else(|| format!("not base32: {:?}", c as char))?;
        buffer = ((buffer << 5) | v as u32) & 0xffff;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push(((buffer >> bits) & 0xff) as u8);
        }
    }
    Ok(out)
}

/// RFC 4226 HOTP: HMAC-SHA-1 over the big-endian counter, dynamic truncation.
pub fn hotp(key: &[u8], counter: u64, digits: u32) -> String {
    let Ok(mut mac) = Hmac::<Sha1>::new_from_slice(key) else {
        // HMAC takes keys of any length; this branch cannot happen.
        return String::new();
    };
    mac.update(&counter.to_be_bytes());
    let tag = mac.finalize().into_bytes();
    let offset = usize::from(tag[tag.len() - 1] & 0x0f);
    let value = u32::from_be_bytes([
        tag[offset] & 0x7f,
        tag[offset + 1],
        tag[offset + 2],
        tag[offset + 3],
    ]);
    format!(
        "{:0width$}",
        value % 10u32.pow(digits),
        width = digits as usize
    )
}

/// The RFC 6238 appendix B vectors (SHA-1) and a base32 round trip.
pub fn self_test() -> Result<(), String> {
    let key = b"12345678901234567890";
    for (t, want) in [
        (59u64, "94287082"),
        (1_111_111_109, "07081804"),
        (2_000_000_000, "69279037"),
    ] {
        let got = hotp(key, t / 30, 8);
        if got != want {
            return Err(format!("RFC 6238 vector T={t}: expected {want}, got {got}"));
        }
    }
    if base32_decode("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ")? != key {
        return Err("base32 decoding is wrong".into());
    }
    Ok(())
}

/// An authenticator app that never hands out the same time step twice for a
/// secret (Cognito refuses a code used before): when the current step was
/// used it gives the next one (servers accept ±1 step), beyond that it waits.
#[derive(Debug)]
pub struct Authenticator {
    clock_offset: f64,
    used: Mutex<HashMap<String, u64>>,
}

impl Authenticator {
    /// `clock_offset`: seconds the server's clock is ahead of this machine's.
    pub fn new(clock_offset: f64) -> Self {
        Self {
            clock_offset,
            used: Mutex::new(HashMap::new()),
        }
    }

    fn now_step(&self) -> u64 {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs_f64())
            .unwrap_or(0.0)
            + self.clock_offset;
        (now / 30.0).floor().max(0.0) as u64
    }

    /// Records a step spent elsewhere (e.g. by VerifySoftwareToken during
    /// provisioning), so its code is not handed out again.
    pub fn mark_used(&self, secret: &str, step: u64) {
        if let Ok(mut used) = self.used.lock() {
            let last = used.entry(secret.to_owned()).or_insert(step);
            *last = (*last).max(step);
        }
    }

    /// The code to type now.
    pub async fn code(&self, secret: &str) -> Result<String, String> {
        let key = base32_decode(secret)?;
        loop {
            let now = self.now_step();
            {
                let mut used = self
                    .used
                    .lock()
                    .map_err(|_| "authenticator lock poisoned")?;
                let step = used.get(secret).map_or(now, |last| now.max(last + 1));
                if step <= now + 1 {
                    used.insert(secret.to_owned(), step);
                    return Ok(hotp(&key, step, 6));
                }
            }
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
    }

    /// A 6-digit code that is not valid within ±2 steps of now.
    pub fn wrong_code(&self, secret: &str) -> Result<String, String> {
        let key = base32_decode(secret)?;
        let now = self.now_step();
        let valid: Vec<String> = (now.saturating_sub(2)..=now + 2)
            .map(|s| hotp(&key, s, 6))
            .collect();
        (0..=9)
            .map(|d: u32| d.to_string().repeat(6))
            .find(|c| !valid.contains(c))
            .ok_or_else(|| "no wrong code found".to_owned())
    }
}
