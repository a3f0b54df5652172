use crate::SrpError;

/// A source of cryptographically secure random bytes, injected wherever this
/// crate needs randomness (SRP ephemerals, salts, device passwords) so tests can
/// be deterministic.
pub trait SecureRandom {
    /// Fills `dest` entirely with random bytes.
    fn fill(&mut self, dest: &mut [u8]) -> Result<(), SrpError>;
}

/// The operating system's generator (`getrandom`).
#[derive(Debug, Default, Clone, Copy)]
pub struct OsRandom;

impl SecureRandom for OsRandom {
    fn fill(&mut self, dest: &mut [u8]) -> Result<(), SrpError> {
        getrandom::fill(dest).map_err(|_| SrpError::Rng)
    }
}

impl<R: SecureRandom + ?Sized> SecureRandom for &mut R {
    fn fill(&mut self, dest: &mut [u8]) -> Result<(), SrpError> {
        (**self).fill(dest)
    }
}
