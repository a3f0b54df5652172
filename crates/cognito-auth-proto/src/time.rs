use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A timestamp as Cognito sends it: epoch seconds as a JSON number, printed
/// Java-style by the real service (`1.682955829578E9`) and as integers by some
/// tools. Both decode; it encodes as a JSON number with fractional seconds.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Default)]
pub struct EpochSeconds(pub f64);

impl EpochSeconds {
    /// Whole seconds (rounded down).
    pub fn as_secs(&self) -> i64 {
        self.0.floor() as i64
    }
}

impl From<i64> for EpochSeconds {
    fn from(secs: i64) -> Self {
        Self(secs as f64)
    }
}

impl Serialize for EpochSeconds {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.0.fract() == 0.0 && self.0.abs() < 9.0e15 {
            s.serialize_i64(self.0 as i64)
        } else {
            s.serialize_f64(self.0)
        }
    }
}

impl<'de> Deserialize<'de> for EpochSeconds {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // serde_json hands floats (incl. `1.6E9`) as f64 and integers as
        // i64/u64; f64 accepts all three.
        f64::deserialize(d).map(EpochSeconds)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_java_style_doubles_and_integers() {
        let t: EpochSeconds = serde_json::from_str("1.682955829578E9").unwrap_or_default();
        assert_eq!(t.as_secs(), 1_682_955_829);
        let t: EpochSeconds = serde_json::from_str("1682955829").unwrap_or_default();
        assert_eq!(t.as_secs(), 1_682_955_829);
        assert!(serde_json::from_str::<EpochSeconds>("\"x\"").is_err());
    }
}
