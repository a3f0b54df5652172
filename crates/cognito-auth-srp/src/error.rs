use std::fmt;

/// Everything that can go wrong in this crate. Small and `Copy`; the message
/// names the offending input but never a secret value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum SrpError {
    /// A user pool id without a `_` (or nothing after it).
    InvalidPoolId,
    /// A field that should be hex is empty or not hex.
    InvalidHex(&'static str),
    /// A field that should be base64 is not.
    InvalidBase64(&'static str),
    /// The server's `SRP_B` is congruent to zero modulo N (a protocol attack).
    IllegalB,
    /// The client's `SRP_A` is congruent to zero modulo N (a protocol attack).
    IllegalA,
    /// `SRP_A` is longer than any honest client sends.
    OversizedA,
    /// `u = H(A ‖ B)` came out as zero.
    ZeroU,
    /// A TIMESTAMP that is not `Ddd Mmm D HH:MM:SS UTC YYYY` or names a date
    /// that does not exist (including a weekday that does not match the date).
    InvalidTimestamp,
    /// The random number source failed.
    Rng,
    /// The password claim signature does not verify.
    BadSignature,
}

impl fmt::Display for SrpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidPoolId => f.write_str("user pool id has no `_region_name` form"),
            Self::InvalidHex(field) => write!(f, "{field} is not a hex number"),
            Self::InvalidBase64(field) => write!(f, "{field} is not base64"),
            Self::IllegalB => f.write_str("SRP_B is zero modulo N; refusing to continue"),
            Self::IllegalA => f.write_str("SRP_A is zero modulo N; refusing to continue"),
            Self::OversizedA => f.write_str("SRP_A is longer than 1024 hex digits"),
            Self::ZeroU => f.write_str("u = H(A, B) is zero; refusing to continue"),
            Self::InvalidTimestamp => {
                f.write_str("TIMESTAMP is not of the form `Tue Jan 2 15:04:05 UTC 2024`")
            }
            Self::Rng => f.write_str("the random number source failed"),
            Self::BadSignature => f.write_str("PASSWORD_CLAIM_SIGNATURE does not verify"),
        }
    }
}

impl std::error::Error for SrpError {}
