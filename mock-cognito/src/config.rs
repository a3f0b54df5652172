//! The start-up configuration (`--config FILE`, TOML or JSON, or built in code
//! with [`crate::MockCognitoBuilder`]): pools, clients and users to create.
//!
//! Every field is optional; unknown fields are errors so typos do not pass
//! silently. See `docs/mock.md` for an annotated example.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::password::PasswordPolicy;

/// The region used when nothing else says.
pub const DEFAULT_REGION: &str = "us-east-1";

/// How tokens name their issuer.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum IssuerMode {
    /// `{endpoint}/{userPoolId}`: the mock's own URL, so stock verifiers find
    /// the JWKS beside it (default).
    #[default]
    Local,
    /// `https://cognito-idp.{region}.amazonaws.com/{userPoolId}`, for clients
    /// that pin the AWS issuer.
    Aws,
}

/// The whole configuration.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct Config {
    /// Region of pools created without an explicit id (default `us-east-1`).
    pub region: Option<String>,
    /// The account id in ARNs (default `123456789012`).
    pub account_id: Option<String>,
    /// Issuer form of the tokens.
    pub issuer: IssuerMode,
    /// Primes in each RSA-2048 signing key the mock generates (2 to 8;
    /// default [`crate::jwt::GENERATED_KEY_PRIMES`]). Verifiers cannot tell the
    /// difference; 2 gives ordinary keys that OpenSSL-based tools can also sign
    /// with (OpenSSL refuses more than 3 primes at 2048 bits), at about half
    /// the mock's sign-in rate.
    pub signing_key_primes: Option<usize>,
    /// Pools to create. Empty: one default pool with one public client that
    /// allows every flow.
    pub pools: Vec<PoolConfig>,
}

/// A pool to create at start.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct PoolConfig {
    /// A fixed pool id (`{region}_{alnum}`); random when absent.
    pub id: Option<String>,
    /// `PoolName` (default `mock-cognito`).
    pub name: Option<String>,
    /// Password policy.
    pub password_policy: Option<PasswordPolicy>,
    /// `UsernameAttributes`: `email`, `phone_number`.
    pub username_attributes: Vec<String>,
    /// `AliasAttributes`: `email`, `phone_number`, `preferred_username`.
    pub alias_attributes: Vec<String>,
    /// `AutoVerifiedAttributes` (default `["email"]`).
    pub auto_verified_attributes: Option<Vec<String>>,
    /// `UsernameConfiguration.CaseSensitive` (default true, as the API).
    pub case_sensitive: Option<bool>,
    /// `MfaConfiguration`: OFF (default), ON, OPTIONAL.
    pub mfa: Option<String>,
    /// MFA types the pool offers: `SMS_MFA`, `SOFTWARE_TOKEN_MFA`, `EMAIL_OTP`.
    pub mfa_types: Vec<String>,
    /// `SignInPolicy.AllowedFirstAuthFactors` (default `["PASSWORD"]`).
    pub allowed_first_auth_factors: Option<Vec<String>>,
    /// Attributes the schema requires at sign-up (e.g. `email`).
    pub required_attributes: Vec<String>,
    /// Custom attribute names (with or without `custom:`).
    pub custom_attributes: Vec<String>,
    /// `AdminCreateUserConfig.AllowAdminCreateUserOnly`.
    pub allow_admin_create_user_only: bool,
    /// A code every delivery in this pool uses (for deterministic tests).
    pub fixed_code: Option<String>,
    /// Issuer of this pool's tokens: `IssuerConfiguration.Type` UPDATED.
    pub issuer_updated: bool,
    /// URL the custom-auth trigger events (DefineAuthChallenge,
    /// CreateAuthChallenge, VerifyAuthChallengeResponse) are POSTed to.
    pub trigger_webhook: Option<String>,
    /// Turn off the built-in custom-auth triggers (on by default).
    pub disable_builtin_custom_auth: bool,
    /// `DeviceConfiguration`: present (even empty) turns device tracking on.
    pub device_configuration: Option<DeviceConfig>,
    /// App clients. Empty: one public client that allows every flow.
    pub clients: Vec<ClientConfig>,
    /// Groups to create (before the users, who may name them in `groups`).
    pub groups: Vec<GroupConfig>,
    /// Users to create.
    pub users: Vec<UserConfig>,
}

/// A pool's device remembering (`DeviceConfiguration`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct DeviceConfig {
    /// `ChallengeRequiredOnNewDevice`: a remembered device signs in with
    /// device authentication instead of MFA.
    pub challenge_required_on_new_device: bool,
    /// `DeviceOnlyRememberedOnUserPrompt`: ConfirmDevice leaves the device
    /// not remembered until UpdateDeviceStatus.
    pub device_only_remembered_on_user_prompt: bool,
}

/// A user-pool group to create at start (CreateGroup's members).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct GroupConfig {
    /// `GroupName` (unique in the pool whatever its case; looked up exactly).
    pub name: String,
    /// `Description`.
    pub description: Option<String>,
    /// `Precedence` (non-negative; lower ranks first).
    pub precedence: Option<i32>,
    /// `RoleArn` (`arn:aws:iam::123456789012:role/…`).
    pub role_arn: Option<String>,
}

/// An app client to create at start.
#[derive(Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct ClientConfig {
    /// A fixed client id; random when absent.
    pub id: Option<String>,
    /// `ClientName` (default `mock-cognito-client`).
    pub name: Option<String>,
    /// A fixed client secret (makes the client confidential).
    pub secret: Option<String>,
    /// Generate a random secret.
    pub generate_secret: bool,
    /// `ExplicitAuthFlows` (default: every `ALLOW_*` flow).
    pub explicit_auth_flows: Option<Vec<String>>,
    /// Access-token lifetime in seconds (default 3600).
    pub access_token_validity_seconds: Option<i64>,
    /// ID-token lifetime in seconds (default 3600).
    pub id_token_validity_seconds: Option<i64>,
    /// Refresh-token lifetime in seconds (default 30 days).
    pub refresh_token_validity_seconds: Option<i64>,
    /// `AuthSessionValidity` in minutes (default 3).
    pub auth_session_validity_minutes: Option<i64>,
    /// `PreventUserExistenceErrors` ENABLED (default false = LEGACY).
    pub prevent_user_existence_errors: bool,
    /// `EnableTokenRevocation` (default true).
    pub enable_token_revocation: Option<bool>,
    /// `RefreshTokenRotation.Feature` ENABLED.
    pub refresh_token_rotation: bool,
    /// `RefreshTokenRotation.RetryGracePeriodSeconds`.
    pub retry_grace_period_seconds: Option<i64>,
    /// `ReadAttributes` (default: all).
    pub read_attributes: Option<Vec<String>>,
    /// `WriteAttributes` (default: all mutable).
    pub write_attributes: Option<Vec<String>>,
}

impl fmt::Debug for ClientConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientConfig")
            .field("id", &self.id)
            .field("name", &self.name)
            .field(
                "has_secret",
                &(self.secret.is_some() || self.generate_secret),
            )
            .field("explicit_auth_flows", &self.explicit_auth_flows)
            .finish_non_exhaustive()
    }
}

/// A user to create at start.
#[derive(Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct UserConfig {
    /// The username (with email/phone username attributes: the email or phone).
    pub username: String,
    /// The password (permanent unless `status` is FORCE_CHANGE_PASSWORD).
    pub password: Option<String>,
    /// Attributes, e.g. `{ email = "a@example.com", email_verified = "true" }`.
    pub attributes: BTreeMap<String, String>,
    /// `CONFIRMED` (default), `UNCONFIRMED`, `FORCE_CHANGE_PASSWORD`,
    /// `RESET_REQUIRED`.
    pub status: Option<String>,
    /// Default true.
    pub enabled: Option<bool>,
    /// A fixed `sub`.
    pub sub: Option<String>,
    /// MFA types enabled for the user (`SMS_MFA`, `SOFTWARE_TOKEN_MFA`,
    /// `EMAIL_OTP`).
    pub mfa_enabled: Vec<String>,
    /// The preferred MFA type.
    pub mfa_preferred: Option<String>,
    /// A TOTP secret (base32) registered for the user.
    pub totp_secret: Option<String>,
    /// Names of the pool's `groups` the user belongs to.
    pub groups: Vec<String>,
}

impl fmt::Debug for UserConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UserConfig")
            .field("username", &self.username)
            .field("status", &self.status)
            .field("attributes", &self.attributes)
            .field("groups", &self.groups)
            .finish_non_exhaustive()
    }
}

/// Why a configuration file was refused.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file could not be read.
    #[error("cannot read config {path}: {source}")]
    Io {
        /// The path.
        path: String,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// The file is not valid TOML/JSON for this schema.
    #[error("invalid config {path}: {message}")]
    Parse {
        /// The path.
        path: String,
        /// The parser's explanation.
        message: String,
    },
    /// The content is well-formed but inconsistent.
    #[error("invalid config: {0}")]
    Invalid(String),
}

impl Config {
    /// Reads a `.json` or `.toml` file (by extension; otherwise JSON is tried
    /// when the content starts with `{`, TOML otherwise).
    pub fn load(path: &Path) -> Result<Self, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Io {
            path: path.display().to_string(),
            source,
        })?;
        let is_json = match path.extension().and_then(|e| e.to_str()) {
            Some("json") => true,
            Some("toml") => false,
            _ => text.trim_start().starts_with('{'),
        };
        let parsed = if is_json {
            Self::from_json(&text)
        } else {
            Self::from_toml(&text)
        };
        parsed.map_err(|e| match e {
            ConfigError::Parse { message, .. } => ConfigError::Parse {
                path: path.display().to_string(),
                message,
            },
            other => other,
        })
    }

    /// Parses TOML.
    pub fn from_toml(text: &str) -> Result<Self, ConfigError> {
        let c: Self = toml::from_str(text).map_err(|e| ConfigError::Parse {
            path: "<toml>".into(),
            message: e.to_string(),
        })?;
        c.validate()?;
        Ok(c)
    }

    /// Parses JSON.
    pub fn from_json(text: &str) -> Result<Self, ConfigError> {
        let c: Self = serde_json::from_str(text).map_err(|e| ConfigError::Parse {
            path: "<json>".into(),
            message: e.to_string(),
        })?;
        c.validate()?;
        Ok(c)
    }

    /// The region in force.
    pub fn region(&self) -> &str {
        self.region.as_deref().unwrap_or(DEFAULT_REGION)
    }

    /// Checks what serde cannot.
    pub fn validate(&self) -> Result<(), ConfigError> {
        let bad = |m: String| Err(ConfigError::Invalid(m));
        if let Some(primes) = self.signing_key_primes
            && !(2..=8).contains(&primes)
        {
            return bad(format!("signingKeyPrimes must be 2 to 8, not {primes}"));
        }
        for p in &self.pools {
            if let Some(id) = &p.id {
                let ok = id.split_once('_').is_some_and(|(r, n)| {
                    !r.is_empty()
                        && !n.is_empty()
                        && n.bytes().all(|b| b.is_ascii_alphanumeric())
                        && id.len() <= 55
                });
                if !ok {
                    return bad(format!(
                        "pool id {id:?} is not of the form region_alphanumerics"
                    ));
                }
            }
            if let Some(m) = &p.mfa
                && !matches!(m.as_str(), "OFF" | "ON" | "OPTIONAL")
            {
                return bad(format!("mfa must be OFF, ON or OPTIONAL, not {m:?}"));
            }
            if let Some(pp) = &p.password_policy
                && !(6..=99).contains(&pp.minimum_length)
            {
                return bad("passwordPolicy.minimumLength must be 6 to 99".into());
            }
            if let Some(code) = &p.fixed_code
                && (code.is_empty() || code.len() > 2048)
            {
                return bad("fixedCode must be 1 to 2048 characters".into());
            }
            for c in &p.clients {
                if let Some(s) = &c.secret
                    && (s.len() < 24 || s.len() > 64)
                {
                    return bad("a client secret must be 24 to 64 characters".into());
                }
                if let Some(m) = c.auth_session_validity_minutes
                    && !(3..=15).contains(&m)
                {
                    return bad("authSessionValidityMinutes must be 3 to 15".into());
                }
            }
            for (i, g) in p.groups.iter().enumerate() {
                if g.name.is_empty() {
                    return bad("every group needs a name".into());
                }
                if p.groups[..i].iter().any(|o| o.name == g.name) {
                    return bad(format!("group {:?} is declared twice", g.name));
                }
            }
            for u in &p.users {
                if u.username.is_empty() {
                    return bad("every user needs a username".into());
                }
                if let Some(g) = u
                    .groups
                    .iter()
                    .find(|g| !p.groups.iter().any(|pg| &pg.name == *g))
                {
                    return bad(format!(
                        "user {}: group {g:?} is not among the pool's groups",
                        u.username
                    ));
                }
                if let Some(s) = &u.status
                    && !matches!(
                        s.as_str(),
                        "CONFIRMED" | "UNCONFIRMED" | "FORCE_CHANGE_PASSWORD" | "RESET_REQUIRED"
                    )
                {
                    return bad(format!("user {}: unknown status {s:?}", u.username));
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_and_json_agree() {
        let toml_text = r#"
region = "eu-west-1"
issuer = "aws"

[[pools]]
id = "eu-west-1_Test1"
usernameAttributes = ["email"]
fixedCode = "123456"
passwordPolicy = { minimumLength = 6, requireSymbols = false }

[[pools.clients]]
name = "web"
secret = "0123456789abcdef0123456789"
explicitAuthFlows = ["ALLOW_USER_PASSWORD_AUTH"]

[[pools.users]]
username = "a@example.com"
password = "Passw0rd"
attributes = { email_verified = "true" }
"#;
        let t = Config::from_toml(toml_text).expect("toml");
        assert_eq!(t.region(), "eu-west-1");
        assert_eq!(t.issuer, IssuerMode::Aws);
        let p = &t.pools[0];
        assert_eq!(p.id.as_deref(), Some("eu-west-1_Test1"));
        let pp = p.password_policy.clone().expect("policy");
        assert_eq!(pp.minimum_length, 6);
        assert!(!pp.require_symbols && pp.require_uppercase);
        assert_eq!(p.users[0].attributes["email_verified"], "true");
        let json = serde_json::to_string(&t).expect("json");
        let j = Config::from_json(&json).expect("back");
        assert_eq!(j.pools[0].clients[0].secret, p.clients[0].secret);
    }

    #[test]
    fn typos_and_bad_values_are_errors() {
        assert!(Config::from_toml("regoin = \"x\"").is_err());
        assert!(Config::from_toml("[[pools]]\nid = \"nounderscore\"").is_err());
        assert!(Config::from_toml("[[pools]]\nmfa = \"SOMETIMES\"").is_err());
        assert!(Config::from_json("{\"pools\": 3}").is_err());
        let e = Config::from_toml("[[pools]]\n[[pools.users]]\nusername = \"\"");
        assert!(matches!(e, Err(ConfigError::Invalid(_))));
        let e = Config::from_toml(
            "[[pools]]\ngroups = [{ name = \"a\" }]\n[[pools.users]]\nusername = \"u\"\ngroups = [\"A\"]",
        );
        assert!(matches!(e, Err(ConfigError::Invalid(m)) if m.contains("\"A\"")));
        let e = Config::from_toml("[[pools]]\ngroups = [{ name = \"a\" }, { name = \"a\" }]");
        assert!(matches!(e, Err(ConfigError::Invalid(_))));
        assert!(
            Config::from_toml("[[pools]]\ngroups = [{ name = \"a\", rolearn = \"x\" }]").is_err()
        );
    }
}
