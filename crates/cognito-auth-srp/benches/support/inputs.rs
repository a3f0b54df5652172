//! The fixed inputs shared by `benches/srp.rs` and `examples/srp_timing.rs`
//! (and mirrored by `xtask/bench/gmp_srp.py`), so every timing run uses the
//! same numbers.

pub const POOL: &str = "AbCdEf123";
pub const USER: &str = "3f1c2b9e-7a4d-4e8b-9c0f-1a2b3c4d5e6f";
pub const PASSWORD: &str = "correct horse battery staple";
pub const TIMESTAMP: &str = "Tue Jan 2 15:04:05 UTC 2024";
pub const SECRET_BLOCK: &str = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

/// Deterministic, well-mixed bytes (SHA-256 in counter mode) with the top bit
/// set, so every run times the same full-length inputs.
pub fn bytes(label: &str, len: usize) -> Vec<u8> {
    use sha2::Digest;
    let mut out = Vec::new();
    let mut i = 0u32;
    while out.len() < len {
        let mut h = sha2::Sha256::new();
        h.update(label.as_bytes());
        h.update(i.to_be_bytes());
        out.extend_from_slice(&h.finalize());
        i += 1;
    }
    out.truncate(len);
    out[0] |= 0x80;
    out
}
