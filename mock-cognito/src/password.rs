//! Password policy checks with Cognito's messages, and the password record a
//! user carries: a fast salted hash for `USER_PASSWORD_AUTH` and the SRP
//! verifier for `USER_SRP_AUTH`, both computed when the password is set.

use std::fmt;

use cognito_auth_srp::{OsRandom, Verifier};
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

use crate::error::{ApiError, internal, invalid_parameter};
use cognito_auth_proto::ErrorKind;

/// The symbols Cognito counts as special characters.
pub const SYMBOLS: &str = "^$*.[]{}()?\"!@#%&/\\,><':;|_~`=+- ";

/// The longest password Cognito accepts.
pub const MAX_PASSWORD_LENGTH: usize = 256;

/// A pool's password policy.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct PasswordPolicy {
    /// 6–99, default 8.
    pub minimum_length: u32,
    /// Default true.
    pub require_uppercase: bool,
    /// Default true.
    pub require_lowercase: bool,
    /// Default true.
    pub require_numbers: bool,
    /// Default true.
    pub require_symbols: bool,
    /// 0–24; 0 disables the history check.
    pub password_history_size: u32,
    /// Days a temporary password stays valid (default 7).
    pub temporary_password_validity_days: u32,
}

impl Default for PasswordPolicy {
    fn default() -> Self {
        Self {
            minimum_length: 8,
            require_uppercase: true,
            require_lowercase: true,
            require_numbers: true,
            require_symbols: true,
            password_history_size: 0,
            temporary_password_validity_days: 7,
        }
    }
}

impl PasswordPolicy {
    /// Checks a password, failing with Cognito's `InvalidPasswordException`
    /// naming the first rule broken.
    pub fn check(&self, password: &str) -> Result<(), ApiError> {
        if password.chars().count() > MAX_PASSWORD_LENGTH {
            return Err(invalid_parameter(
                "1 validation error detected: Value at 'password' failed to satisfy constraint: Member must have length less than or equal to 256",
            ));
        }
        if password.chars().any(|c| c.is_whitespace() && c != ' ')
            || password.starts_with(' ')
            || password.ends_with(' ')
        {
            return Err(invalid_parameter(
                "1 validation error detected: Value at 'password' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[\\S]+.*[\\S]+$",
            ));
        }
        let rule = if (password.chars().count() as u32) < self.minimum_length {
            Some("Password not long enough")
        } else if self.require_lowercase && !password.chars().any(|c| c.is_ascii_lowercase()) {
            Some("Password must have lowercase characters")
        } else if self.require_uppercase && !password.chars().any(|c| c.is_ascii_uppercase()) {
            Some("Password must have uppercase characters")
        } else if self.require_numbers && !password.chars().any(|c| c.is_ascii_digit()) {
            Some("Password must have numeric characters")
        } else if self.require_symbols && !password.chars().any(|c| SYMBOLS.contains(c)) {
            Some("Password must have symbol characters")
        } else {
            None
        };
        match rule {
            Some(r) => Err(ApiError::new(
                ErrorKind::InvalidPassword,
                format!("Password did not conform with policy: {r}"),
            )),
            None => Ok(()),
        }
    }
}

/// What the mock keeps of a password. Never the password itself.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PasswordRecord {
    /// Salt of the fast hash (hex).
    pub hash_salt: String,
    /// HMAC-SHA256(salt, password) (hex).
    pub hash: String,
    /// SRP salt (hex, as sent in `SALT`).
    pub srp_salt: String,
    /// SRP verifier `v` (hex).
    pub srp_verifier: String,
    /// The user id the verifier was computed for (the internal username).
    pub srp_user_id: String,
    /// When the password was set (ms since the epoch).
    pub set_at_ms: i64,
}

impl fmt::Debug for PasswordRecord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PasswordRecord")
            .field("srp_user_id", &self.srp_user_id)
            .field("set_at_ms", &self.set_at_ms)
            .finish_non_exhaustive()
    }
}

fn hex(bytes: &[u8]) -> String {
    crate::ids::hex(bytes)
}

fn fast_hash(salt: &str, password: &str) -> Vec<u8> {
    let mut mac = match <Hmac<Sha256> as Mac>::new_from_slice(salt.as_bytes()) {
        Ok(m) => m,
        // HMAC takes keys of any length; an empty result would simply never match.
        Err(_) => return Vec::new(),
    };
    mac.update(password.as_bytes());
    mac.finalize().into_bytes().to_vec()
}

impl PasswordRecord {
    /// Computes both halves for a password. `pool_name` is the part of the pool
    /// id after `_`; `user_id` the canonical (internal) username that clients
    /// receive as `USER_ID_FOR_SRP`.
    ///
    /// This costs one modular exponentiation; call it outside the state lock.
    pub fn new(
        pool_name: &str,
        user_id: &str,
        password: &str,
        now_ms: i64,
    ) -> Result<Self, ApiError> {
        let salt = hex(&crate::ids::random_bytes(16));
        let verifier = Verifier::generate(pool_name, user_id, password, &mut OsRandom)
            .map_err(|e| internal(format!("could not compute the SRP verifier: {e}")))?;
        Ok(Self {
            hash: hex(&fast_hash(&salt, password)),
            hash_salt: salt,
            srp_salt: verifier.salt_hex(),
            srp_verifier: verifier.verifier_hex(),
            srp_user_id: user_id.to_owned(),
            set_at_ms: now_ms,
        })
    }

    /// Constant-time check of a password against the fast hash.
    pub fn matches(&self, password: &str) -> bool {
        let computed = hex(&fast_hash(&self.hash_salt, password));
        let (a, b) = (computed.as_bytes(), self.hash.as_bytes());
        a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
    }

    /// The SRP verifier.
    pub fn verifier(&self) -> Result<Verifier, ApiError> {
        Verifier::from_hex(&self.srp_salt, &self.srp_verifier)
            .map_err(|e| internal(format!("stored SRP verifier is unreadable: {e}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn msg(p: &PasswordPolicy, pw: &str) -> String {
        p.check(pw).err().map(|e| e.message).unwrap_or_default()
    }

    #[test]
    fn policy_messages_are_cognitos() {
        let p = PasswordPolicy::default();
        assert_eq!(
            msg(&p, "Ab1!"),
            "Password did not conform with policy: Password not long enough"
        );
        assert_eq!(
            msg(&p, "ABCDEFG1!"),
            "Password did not conform with policy: Password must have lowercase characters"
        );
        assert_eq!(
            msg(&p, "abcdefg1!"),
            "Password did not conform with policy: Password must have uppercase characters"
        );
        assert_eq!(
            msg(&p, "Abcdefgh!"),
            "Password did not conform with policy: Password must have numeric characters"
        );
        assert_eq!(
            msg(&p, "Abcdefgh1"),
            "Password did not conform with policy: Password must have symbol characters"
        );
        assert!(p.check("Abcdefg1!").is_ok());
        assert!(p.check("Abcdefg1^").is_ok());
        let lax = PasswordPolicy {
            minimum_length: 6,
            require_uppercase: false,
            require_lowercase: false,
            require_numbers: false,
            require_symbols: false,
            ..PasswordPolicy::default()
        };
        assert!(lax.check("aaaaaa").is_ok());
        assert_eq!(
            p.check("Abc defg1!").err().map(|e| e.kind),
            None,
            "an inner space is a symbol"
        );
        assert_eq!(
            p.check("Abcdefg1!\t").err().map(|e| e.kind),
            Some(ErrorKind::InvalidParameter)
        );
    }

    #[test]
    fn record_checks_password_and_keeps_verifier() {
        let r = PasswordRecord::new("abc", "alice", "Passw0rd!", 1).expect("record");
        assert!(r.matches("Passw0rd!"));
        assert!(!r.matches("Passw0rd?"));
        assert!(r.verifier().is_ok());
        assert!(!format!("{r:?}").contains(&r.hash));
        let same = Verifier::from_password(
            "abc",
            "alice",
            "Passw0rd!",
            &cognito_auth_srp::group::parse_hex(&r.srp_salt)
                .expect("salt")
                .to_bytes_be(),
        );
        assert_eq!(same.verifier_hex(), r.srp_verifier);
    }
}
