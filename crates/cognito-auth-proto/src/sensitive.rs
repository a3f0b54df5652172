use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};
use zeroize::{Zeroize, ZeroizeOnDrop};

/// A string the service model marks `sensitive` (passwords, tokens, sessions,
/// codes, secret hashes): serialised as a plain JSON string, but redacted in
/// `Debug` and zeroized on drop.
#[derive(Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize, Zeroize, ZeroizeOnDrop)]
#[serde(transparent)]
pub struct Sensitive(String);

impl Sensitive {
    /// Wraps a value.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The value. Named so that every use is visible in review.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// True when the value is the empty string.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Sensitive {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("\"<redacted>\"")
    }
}

impl From<String> for Sensitive {
    fn from(value: String) -> Self {
        Self(value)
    }
}

impl From<&str> for Sensitive {
    fn from(value: &str) -> Self {
        Self(value.to_owned())
    }
}

/// Keys of `AuthParameters` / `ChallengeResponses` / `ChallengeParameters`
/// whose values are secret and must not be shown by `Debug`.
pub const SENSITIVE_PARAM_KEYS: &[&str] = &[
    "PASSWORD",
    "NEW_PASSWORD",
    "SECRET_HASH",
    "PASSWORD_CLAIM_SIGNATURE",
    "REFRESH_TOKEN",
    "SMS_MFA_CODE",
    "SMS_OTP_CODE",
    "EMAIL_OTP_CODE",
    "SOFTWARE_TOKEN_MFA_CODE",
    "ANSWER",
    "CREDENTIAL",
    "SESSION",
];

/// True when a parameter name carries a secret value.
pub fn is_sensitive_param(key: &str) -> bool {
    SENSITIVE_PARAM_KEYS.contains(&key)
}

/// A `map<string,string>` of the Cognito model (`AuthParameters`,
/// `ChallengeParameters`, `ChallengeResponses`, `ClientMetadata`): a JSON
/// object of strings whose `Debug` redacts the values of
/// [`SENSITIVE_PARAM_KEYS`].
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ParamMap(BTreeMap<String, String>);

impl ParamMap {
    /// An empty map.
    pub fn new() -> Self {
        Self::default()
    }

    /// The value for a key.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.0.get(key).map(String::as_str)
    }

    /// Sets a value, returning the previous one.
    pub fn insert(&mut self, key: impl Into<String>, value: impl Into<String>) -> Option<String> {
        self.0.insert(key.into(), value.into())
    }

    /// Builder-style [`ParamMap::insert`].
    #[must_use]
    pub fn with(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.insert(key, value);
        self
    }

    /// Removes a key.
    pub fn remove(&mut self, key: &str) -> Option<String> {
        self.0.remove(key)
    }

    /// True when the key is present.
    pub fn contains_key(&self, key: &str) -> bool {
        self.0.contains_key(key)
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Entries in key order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// The underlying map.
    pub fn as_map(&self) -> &BTreeMap<String, String> {
        &self.0
    }

    /// Consumes into the underlying map.
    pub fn into_map(self) -> BTreeMap<String, String> {
        self.0
    }
}

impl fmt::Debug for ParamMap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut m = f.debug_map();
        for (k, v) in &self.0 {
            if is_sensitive_param(k) {
                m.entry(k, &"<redacted>");
            } else {
                m.entry(k, v);
            }
        }
        m.finish()
    }
}

impl<K: Into<String>, V: Into<String>> FromIterator<(K, V)> for ParamMap {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        Self(
            iter.into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
        )
    }
}

impl From<BTreeMap<String, String>> for ParamMap {
    fn from(map: BTreeMap<String, String>) -> Self {
        Self(map)
    }
}

impl<'a> IntoIterator for &'a ParamMap {
    type Item = (&'a String, &'a String);
    type IntoIter = std::collections::btree_map::Iter<'a, String, String>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_redacts_secrets() {
        let s = Sensitive::new("hunter2");
        assert!(!format!("{s:?}").contains("hunter2"));
        let m: ParamMap = [
            ("USERNAME", "alice"),
            ("PASSWORD", "hunter2"),
            ("SMS_MFA_CODE", "123456"),
        ]
        .into_iter()
        .collect();
        let dbg = format!("{m:?}");
        assert!(dbg.contains("alice"));
        assert!(!dbg.contains("hunter2"));
        assert!(!dbg.contains("123456"));
    }

    #[test]
    fn serialises_as_plain_json() {
        let s = Sensitive::new("x");
        assert_eq!(serde_json::to_string(&s).unwrap_or_default(), "\"x\"");
        let m = ParamMap::new().with("A", "1");
        assert_eq!(
            serde_json::to_string(&m).unwrap_or_default(),
            r#"{"A":"1"}"#
        );
        let back: ParamMap = serde_json::from_str(r#"{"B":"2"}"#).unwrap_or_default();
        assert_eq!(back.get("B"), Some("2"));
    }
}
