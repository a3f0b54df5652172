//! Everything the mock knows, serde-serialisable for `--state`.
//!
//! The whole [`State`] lives behind one mutex in the service. Handlers keep the
//! lock for lookups and bookkeeping only; SRP arithmetic, password hashing and
//! RSA signing happen outside it on copies of what they need.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;
use std::sync::Arc;

use cognito_auth_srp::SrpServer;
use serde::{Deserialize, Serialize};

use crate::password::{PasswordPolicy, PasswordRecord};

/// Version of the state file layout.
pub const STATE_VERSION: u32 = 1;

/// Oldest entries of the code outbox are dropped beyond this many.
pub const OUTBOX_LIMIT: usize = 10_000;

/// The mock's whole state.
#[derive(Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct State {
    /// Layout version.
    pub version: u32,
    /// The pool printed at start-up (the first configured one).
    pub default_pool: String,
    /// That pool's first client.
    pub default_client: String,
    /// Pools by id.
    pub pools: BTreeMap<String, Pool>,
    /// Every code the mock "sent", oldest first.
    pub outbox: Vec<SentCode>,
    /// Refresh tokens by token value.
    pub refresh_tokens: HashMap<String, RefreshRecord>,
    /// Revoked authentication events (`origin_jti` and `event_id` values) and
    /// when the entry may be forgotten (ms; after every token of it expired).
    pub revoked_events: HashMap<String, i64>,
    /// Challenge sessions by `Session` value.
    pub sessions: HashMap<String, AuthSession>,
    /// Sessions already used, and when they may be forgotten (ms).
    pub used_sessions: HashMap<String, i64>,
    /// Pending `PASSWORD_VERIFIER` challenges by `SECRET_BLOCK`. In memory
    /// only: the SRP private value is never written to disk, and a challenge
    /// must be answered within seconds anyway.
    #[serde(skip)]
    pub srp_pending: HashMap<String, SrpPending>,
    /// When expired bookkeeping was last dropped (ms).
    #[serde(skip)]
    pub last_prune_ms: i64,
}

impl fmt::Debug for State {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("State")
            .field("pools", &self.pools.keys().collect::<Vec<_>>())
            .field("outbox", &self.outbox.len())
            .field("refresh_tokens", &self.refresh_tokens.len())
            .field("sessions", &self.sessions.len())
            .finish_non_exhaustive()
    }
}

/// A user pool.
#[derive(Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Pool {
    /// `{region}_{9 alnum}`.
    pub id: String,
    /// `PoolName`.
    pub name: String,
    /// The region part of the id.
    pub region: String,
    /// `arn:aws:cognito-idp:{region}:{account}:userpool/{id}`.
    pub arn: String,
    /// ms since the epoch.
    pub created_ms: i64,
    /// ms since the epoch.
    pub modified_ms: i64,
    /// Behavioural settings.
    pub settings: PoolSettings,
    /// App clients by id.
    #[serde(default)]
    pub clients: BTreeMap<String, Client>,
    /// Users by [`Pool::user_key`] of their internal username.
    #[serde(default)]
    pub users: BTreeMap<String, User>,
    /// Groups by name (case-sensitive). Membership is kept on the user
    /// ([`User::groups`]); absent from state files written before groups.
    #[serde(default)]
    pub groups: BTreeMap<String, Group>,
    /// Signing keys (ID and access), created on first use.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keys: Option<crate::jwt::PoolKeys>,
}

/// What a pool does, as set by CreateUserPool / UpdateUserPool / the config.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct PoolSettings {
    /// `Policies.PasswordPolicy`.
    pub password_policy: PasswordPolicy,
    /// `Policies.SignInPolicy.AllowedFirstAuthFactors`.
    pub allowed_first_auth_factors: Vec<String>,
    /// `UsernameAttributes` (`email`, `phone_number`).
    pub username_attributes: Vec<String>,
    /// `AliasAttributes` (`email`, `phone_number`, `preferred_username`).
    pub alias_attributes: Vec<String>,
    /// `AutoVerifiedAttributes` (`email`, `phone_number`).
    pub auto_verified_attributes: Vec<String>,
    /// `UsernameConfiguration.CaseSensitive`.
    pub case_sensitive: bool,
    /// `MfaConfiguration`: OFF, ON or OPTIONAL.
    pub mfa_configuration: String,
    /// SMS MFA configured (`SmsMfaConfiguration` / `SmsConfiguration`).
    pub sms_mfa_enabled: bool,
    /// `SoftwareTokenMfaConfiguration.Enabled`.
    pub software_token_mfa_enabled: bool,
    /// Email MFA configured (`EmailMfaConfiguration`).
    pub email_mfa_enabled: bool,
    /// `EmailMfaConfiguration` message and subject.
    pub email_mfa: Option<(Option<String>, Option<String>)>,
    /// `AdminCreateUserConfig.AllowAdminCreateUserOnly`.
    pub allow_admin_create_user_only: bool,
    /// `AccountRecoverySetting.RecoveryMechanisms` as (priority, name), empty
    /// for the legacy rule (verified phone, then verified email).
    pub recovery_mechanisms: Vec<(u32, String)>,
    /// `DeletionProtection` ACTIVE.
    pub deletion_protection: bool,
    /// `UserPoolTier`.
    pub tier: String,
    /// `IssuerConfiguration.Type` UPDATED (`https://issuer-cognito-idp…`).
    pub issuer_updated: bool,
    /// Attributes the schema marks required (checked at sign-up).
    pub required_attributes: Vec<String>,
    /// Custom attribute names (with the `custom:` prefix) from the schema.
    pub custom_attributes: Vec<String>,
    /// A fixed code every delivery uses instead of a random one (for
    /// deterministic tests). Wrong codes are still refused.
    pub fixed_code: Option<String>,
    /// URL the custom-auth trigger events are POSTed to.
    pub trigger_webhook: Option<String>,
    /// Use the built-in custom-auth triggers when no others are set
    /// (configured pools: yes; pools created through the API: no).
    pub builtin_custom_auth: bool,
    /// Request fields kept only to be echoed by DescribeUserPool (Lambda,
    /// email and SMS configuration, tags, templates, schema, …). Behavioural
    /// fields are filled from the typed settings when describing.
    pub echo: cognito_auth_proto::UserPool,
}

impl PoolSettings {
    /// True when `UserAttributeUpdateSettings.AttributesRequireVerificationBeforeUpdate`
    /// lists `attr`: a new value waits for its code while the old one stays active.
    pub fn verify_before_update(&self, attr: &str) -> bool {
        self.echo
            .user_attribute_update_settings
            .as_ref()
            .and_then(|s| s.attributes_require_verification_before_update.as_ref())
            .is_some_and(|list| list.iter().any(|a| a.as_str() == attr))
    }
}

impl Default for PoolSettings {
    fn default() -> Self {
        Self {
            password_policy: PasswordPolicy::default(),
            allowed_first_auth_factors: vec!["PASSWORD".into()],
            username_attributes: Vec::new(),
            alias_attributes: Vec::new(),
            auto_verified_attributes: Vec::new(),
            case_sensitive: true,
            mfa_configuration: "OFF".into(),
            sms_mfa_enabled: false,
            software_token_mfa_enabled: false,
            email_mfa_enabled: false,
            email_mfa: None,
            allow_admin_create_user_only: false,
            recovery_mechanisms: Vec::new(),
            deletion_protection: false,
            tier: "ESSENTIALS".into(),
            issuer_updated: false,
            required_attributes: Vec::new(),
            custom_attributes: Vec::new(),
            fixed_code: None,
            trigger_webhook: None,
            builtin_custom_auth: false,
            echo: Default::default(),
        }
    }
}

/// An app client.
#[derive(Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Client {
    /// 26 lowercase alphanumerics.
    pub id: String,
    /// `ClientName`.
    pub name: String,
    /// The secret of a confidential client.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret: Option<String>,
    /// ms since the epoch.
    pub created_ms: i64,
    /// ms since the epoch.
    pub modified_ms: i64,
    /// Behavioural settings.
    pub settings: ClientSettings,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("id", &self.id)
            .field("name", &self.name)
            .field("has_secret", &self.secret.is_some())
            .field("settings", &self.settings)
            .finish()
    }
}

/// What a client allows and how long its tokens live.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ClientSettings {
    /// `ExplicitAuthFlows` as given; `None` means Cognito's default
    /// (`ALLOW_REFRESH_TOKEN_AUTH`, `ALLOW_USER_SRP_AUTH`, `ALLOW_CUSTOM_AUTH`).
    pub explicit_auth_flows: Option<Vec<String>>,
    /// `AccessTokenValidity` in `access_token_unit`s.
    pub access_token_validity: i64,
    /// `IdTokenValidity` in `id_token_unit`s.
    pub id_token_validity: i64,
    /// `RefreshTokenValidity` in `refresh_token_unit`s.
    pub refresh_token_validity: i64,
    /// `TokenValidityUnits.AccessToken`.
    pub access_token_unit: String,
    /// `TokenValidityUnits.IdToken`.
    pub id_token_unit: String,
    /// `TokenValidityUnits.RefreshToken`.
    pub refresh_token_unit: String,
    /// Whether the request named validity units (echoed only then).
    pub units_given: bool,
    /// `ReadAttributes` (`None`: every attribute).
    pub read_attributes: Option<Vec<String>>,
    /// `WriteAttributes` (`None`: every mutable attribute).
    pub write_attributes: Option<Vec<String>>,
    /// `PreventUserExistenceErrors` is ENABLED.
    pub prevent_user_existence_errors: bool,
    /// `EnableTokenRevocation`.
    pub enable_token_revocation: bool,
    /// `AuthSessionValidity` in minutes (3–15).
    pub auth_session_validity: i64,
    /// `RefreshTokenRotation.Feature` is ENABLED.
    pub refresh_token_rotation: bool,
    /// `RefreshTokenRotation.RetryGracePeriodSeconds`.
    pub retry_grace_period_seconds: i64,
    /// Request fields only echoed by DescribeUserPoolClient (OAuth
    /// settings, analytics, …).
    pub echo: cognito_auth_proto::UserPoolClient,
}

impl Default for ClientSettings {
    fn default() -> Self {
        Self {
            explicit_auth_flows: None,
            access_token_validity: 60,
            id_token_validity: 60,
            refresh_token_validity: 30,
            access_token_unit: "minutes".into(),
            id_token_unit: "minutes".into(),
            refresh_token_unit: "days".into(),
            units_given: false,
            read_attributes: None,
            write_attributes: None,
            prevent_user_existence_errors: false,
            enable_token_revocation: true,
            auth_session_validity: 3,
            refresh_token_rotation: false,
            retry_grace_period_seconds: 0,
            echo: Default::default(),
        }
    }
}

fn unit_seconds(unit: &str) -> i64 {
    match unit {
        "seconds" => 1,
        "minutes" => 60,
        "days" => 86_400,
        _ => 3600,
    }
}

impl ClientSettings {
    /// Access-token lifetime in seconds.
    pub fn access_seconds(&self) -> i64 {
        self.access_token_validity
            .saturating_mul(unit_seconds(&self.access_token_unit))
    }

    /// ID-token lifetime in seconds.
    pub fn id_seconds(&self) -> i64 {
        self.id_token_validity
            .saturating_mul(unit_seconds(&self.id_token_unit))
    }

    /// Refresh-token lifetime in seconds.
    pub fn refresh_seconds(&self) -> i64 {
        self.refresh_token_validity
            .saturating_mul(unit_seconds(&self.refresh_token_unit))
    }

    /// The flows in force (explicit, or Cognito's default).
    pub fn flows(&self) -> Vec<String> {
        match &self.explicit_auth_flows {
            Some(f) => f.clone(),
            None => vec![
                "ALLOW_REFRESH_TOKEN_AUTH".into(),
                "ALLOW_USER_SRP_AUTH".into(),
                "ALLOW_CUSTOM_AUTH".into(),
            ],
        }
    }

    /// True when the client allows `flow` (an `ALLOW_*` name; legacy names
    /// are honoured too).
    pub fn allows(&self, flow: &str) -> bool {
        let legacy = match flow {
            "ALLOW_USER_PASSWORD_AUTH" => Some("USER_PASSWORD_AUTH"),
            "ALLOW_ADMIN_USER_PASSWORD_AUTH" => Some("ADMIN_NO_SRP_AUTH"),
            "ALLOW_CUSTOM_AUTH" => Some("CUSTOM_AUTH_FLOW_ONLY"),
            _ => None,
        };
        match &self.explicit_auth_flows {
            None => matches!(
                flow,
                "ALLOW_REFRESH_TOKEN_AUTH" | "ALLOW_USER_SRP_AUTH" | "ALLOW_CUSTOM_AUTH"
            ),
            Some(list) => {
                // Legacy-only lists implicitly allow SRP and refresh.
                let legacy_only = !list.is_empty() && list.iter().all(|f| !f.starts_with("ALLOW_"));
                list.iter().any(|f| f == flow || Some(f.as_str()) == legacy)
                    || (legacy_only
                        && matches!(flow, "ALLOW_USER_SRP_AUTH" | "ALLOW_REFRESH_TOKEN_AUTH"))
            }
        }
    }
}

/// Per-user MFA settings (SetUserMFAPreference / AdminSetUserMFAPreference).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct UserMfa {
    /// SMS MFA enabled.
    pub sms_enabled: bool,
    /// SMS MFA preferred.
    pub sms_preferred: bool,
    /// TOTP MFA enabled.
    pub totp_enabled: bool,
    /// TOTP MFA preferred.
    pub totp_preferred: bool,
    /// Email MFA enabled.
    pub email_enabled: bool,
    /// Email MFA preferred.
    pub email_preferred: bool,
    /// The verified TOTP secret (base32), once VerifySoftwareToken succeeded.
    pub totp_secret: Option<String>,
    /// A TOTP secret issued by AssociateSoftwareToken, not yet verified.
    pub pending_totp_secret: Option<String>,
    /// The last TOTP time step accepted (a code is good once).
    pub totp_last_step: Option<i64>,
}

impl UserMfa {
    /// `UserMFASettingList` values.
    pub fn setting_list(&self) -> Vec<String> {
        let mut v = Vec::new();
        if self.sms_enabled {
            v.push("SMS_MFA".to_owned());
        }
        if self.totp_enabled {
            v.push("SOFTWARE_TOKEN_MFA".to_owned());
        }
        if self.email_enabled {
            v.push("EMAIL_OTP".to_owned());
        }
        v
    }

    /// `PreferredMfaSetting`.
    pub fn preferred(&self) -> Option<String> {
        if self.sms_preferred && self.sms_enabled {
            Some("SMS_MFA".into())
        } else if self.totp_preferred && self.totp_enabled {
            Some("SOFTWARE_TOKEN_MFA".into())
        } else if self.email_preferred && self.email_enabled {
            Some("EMAIL_OTP".into())
        } else {
            None
        }
    }
}

/// A code the user must present (sign-up confirmation, password reset, …).
#[derive(Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PendingCode {
    /// The code.
    pub code: String,
    /// When it stops being accepted (ms).
    pub expires_ms: i64,
    /// Wrong attempts so far.
    pub failed_attempts: u32,
    /// The attribute it was sent to (`email` / `phone_number`), if any.
    pub attribute: Option<String>,
}

impl fmt::Debug for PendingCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PendingCode")
            .field("expires_ms", &self.expires_ms)
            .field("failed_attempts", &self.failed_attempts)
            .finish_non_exhaustive()
    }
}

/// A user.
#[derive(Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct User {
    /// The internal username (what `USER_ID_FOR_SRP` and `username` claims carry).
    pub username: String,
    /// The immutable `sub` UUID.
    pub sub: String,
    /// Attributes other than `sub`.
    #[serde(default)]
    pub attributes: BTreeMap<String, String>,
    /// `UserStatus`.
    pub status: String,
    /// `Enabled`.
    pub enabled: bool,
    /// ms since the epoch.
    pub created_ms: i64,
    /// ms since the epoch.
    pub modified_ms: i64,
    /// The password, if one is set.
    #[serde(default)]
    pub password: Option<PasswordRecord>,
    /// When a temporary password stops working (ms).
    #[serde(default)]
    pub temporary_password_expires_ms: Option<i64>,
    /// Fast hashes of earlier passwords (`PasswordHistorySize`).
    #[serde(default)]
    pub password_history: Vec<(String, String)>,
    /// MFA settings.
    #[serde(default)]
    pub mfa: UserMfa,
    /// Outstanding codes by purpose.
    #[serde(default)]
    pub codes: BTreeMap<String, PendingCode>,
    /// Recent events per rate-limited operation (ms timestamps, last hour).
    #[serde(default)]
    pub recent: BTreeMap<String, Vec<i64>>,
    /// Consecutive failed sign-ins.
    #[serde(default)]
    pub failed_sign_ins: u32,
    /// Sign-ins are refused until then (ms).
    #[serde(default)]
    pub locked_until_ms: i64,
    /// The last sign-in attempt that counted against the user (a wrong
    /// password or code, or an attempt refused during a lock-out), ms.
    #[serde(default)]
    pub last_failed_attempt_ms: i64,
    /// Names of the groups the user belongs to (keys of [`Pool::groups`]).
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub groups: BTreeSet<String>,
    /// New `email` / `phone_number` values waiting for their verification code
    /// in pools whose `UserAttributeUpdateSettings` require it: the current
    /// value stays active (sign-in, messages, GetUser, tokens) until then.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub pending_attributes: BTreeMap<String, String>,
    /// Devices Cognito tracks for the user, by device key (absent from
    /// state files written before devices).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub devices: BTreeMap<String, DeviceRecord>,
}

/// A device handed out in `NewDeviceMetadata`, and once confirmed
/// (`ConfirmDevice`) its SRP verifier.
#[derive(Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeviceRecord {
    /// `DeviceKey`, `{region}_{uuid}`.
    pub key: String,
    /// `DeviceGroupKey` (the "pool name" of device SRP).
    pub group_key: String,
    /// `DeviceName` given to ConfirmDevice.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `DeviceSecretVerifierConfig.Salt` (base64), once confirmed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub salt: Option<String>,
    /// `DeviceSecretVerifierConfig.PasswordVerifier` (base64), once confirmed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verifier: Option<String>,
    /// `dev:device_remembered_status`: `remembered` or `not_remembered`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remembered_status: Option<String>,
    /// ms since the epoch.
    pub created_ms: i64,
    /// ms since the epoch.
    pub modified_ms: i64,
    /// The last sign-in that used (or created) the device, ms.
    pub last_authenticated_ms: i64,
}

impl DeviceRecord {
    /// Confirmed with ConfirmDevice (it has a verifier).
    pub fn confirmed(&self) -> bool {
        self.verifier.is_some() && self.salt.is_some()
    }

    /// Remembered: it may stand in for MFA when the pool allows.
    pub fn remembered(&self) -> bool {
        self.confirmed() && self.remembered_status.as_deref() == Some("remembered")
    }
}

impl fmt::Debug for DeviceRecord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DeviceRecord")
            .field("key", &self.key)
            .field("name", &self.name)
            .field("confirmed", &self.confirmed())
            .field("remembered_status", &self.remembered_status)
            .finish_non_exhaustive()
    }
}

/// A user-pool group (CreateGroup / the config's `groups`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Group {
    /// `GroupName`, exactly as created (names are case-sensitive).
    pub name: String,
    /// `Description`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// `RoleArn`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role_arn: Option<String>,
    /// `Precedence` (non-negative; absent ranks after every number).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub precedence: Option<i32>,
    /// ms since the epoch.
    pub created_ms: i64,
    /// ms since the epoch.
    pub modified_ms: i64,
}

impl Group {
    /// The order of `cognito:groups` and AdminListGroupsForUser: precedence
    /// ascending, groups without one last, then by name.
    pub fn rank(&self) -> (u64, &str) {
        let p = self
            .precedence
            .and_then(|p| u64::try_from(p).ok())
            .unwrap_or(u64::MAX);
        (p, self.name.as_str())
    }
}

impl fmt::Debug for User {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("User")
            .field("username", &self.username)
            .field("sub", &self.sub)
            .field("status", &self.status)
            .field("enabled", &self.enabled)
            .finish_non_exhaustive()
    }
}

impl User {
    /// An attribute value.
    pub fn attr(&self, name: &str) -> Option<&str> {
        if name == "sub" {
            return Some(&self.sub);
        }
        self.attributes.get(name).map(String::as_str)
    }

    /// True when `email_verified` / `phone_number_verified` is `true`.
    pub fn is_verified(&self, attribute: &str) -> bool {
        self.attributes
            .get(&format!("{attribute}_verified"))
            .is_some_and(|v| v == "true")
    }

    /// Every attribute including `sub`, in Cognito's order (`sub` first).
    pub fn all_attributes(&self) -> Vec<(String, String)> {
        let mut v = Vec::with_capacity(self.attributes.len() + 1);
        v.push(("sub".to_owned(), self.sub.clone()));
        v.extend(
            self.attributes
                .iter()
                .map(|(k, val)| (k.clone(), val.clone())),
        );
        v
    }

    /// Records an event for a rate limit and returns how many happened in the
    /// last hour (including this one).
    pub fn note_event(&mut self, what: &str, now_ms: i64) -> usize {
        let list = self.recent.entry(what.to_owned()).or_default();
        list.retain(|t| now_ms - *t < 3_600_000);
        list.push(now_ms);
        list.len()
    }

    /// How many events of a kind happened in the last hour.
    pub fn events_in_last_hour(&self, what: &str, now_ms: i64) -> usize {
        self.recent
            .get(what)
            .map_or(0, |l| l.iter().filter(|t| now_ms - **t < 3_600_000).count())
    }
}

/// One code the mock "delivered", as `/_mock/codes` shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SentCode {
    /// Pool id.
    pub user_pool_id: String,
    /// Internal username.
    pub username: String,
    /// The code (or temporary password for invitations).
    pub code: String,
    /// `SIGN_UP`, `FORGOT_PASSWORD`, `INVITATION`, `VERIFY_ATTRIBUTE`, `MFA`,
    /// `EMAIL_OTP`, `SMS_OTP`, `CUSTOM_CHALLENGE`.
    pub purpose: String,
    /// `EMAIL` or `SMS`.
    pub medium: String,
    /// The unmasked address or number.
    pub destination: String,
    /// Epoch seconds (fractional).
    pub sent_at: f64,
}

/// A refresh token the mock issued.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RefreshRecord {
    /// Pool id.
    pub pool_id: String,
    /// Client that obtained it.
    pub client_id: String,
    /// User key in the pool.
    pub user_key: String,
    /// `sub` of the user (detects a user deleted and re-created).
    pub sub: String,
    /// `origin_jti` shared by every token of this sign-in.
    pub origin_jti: String,
    /// `event_id` of the sign-in.
    pub event_id: String,
    /// `auth_time` (epoch seconds).
    pub auth_time: i64,
    /// When it stops working (ms).
    pub expires_ms: i64,
    /// Revoked (RevokeToken, GlobalSignOut, rotation past the grace period).
    pub revoked: bool,
    /// With rotation: when it was exchanged for a new one (ms).
    #[serde(default)]
    pub rotated_at_ms: Option<i64>,
    /// With rotation: the token that replaced it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replaced_by: Option<String>,
    /// The device of the sign-in (refreshed access tokens keep its `device_key`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_key: Option<String>,
}

/// Where a sign-in stands: the user, client, and the challenge expected next.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AuthSession {
    /// Pool id.
    pub pool_id: String,
    /// The client the session is bound to.
    pub client_id: String,
    /// User key in the pool.
    pub user_key: String,
    /// The challenge whose answer this session expects.
    pub expected: String,
    /// When it was issued (ms).
    pub issued_ms: i64,
    /// When it expires (ms).
    pub expires_ms: i64,
    /// What has happened so far in this sign-in.
    pub progress: AuthProgress,
}

/// The facts about a sign-in in progress that decide what comes next.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct AuthProgress {
    /// The `AuthFlow` that started it.
    pub flow: String,
    /// The first factor passed (`PASSWORD`, `PASSWORD_SRP`, `EMAIL_OTP`, …).
    pub first_factor: Option<String>,
    /// A new password was set during this sign-in.
    pub new_password_set: bool,
    /// MFA was completed.
    pub mfa_done: bool,
    /// Challenge-specific context (e.g. the MFA types offered, a pending
    /// code), for the step named by [`AuthSession::expected`].
    pub context: BTreeMap<String, String>,
    /// `DEVICE_KEY` presented with the first factor.
    pub device_key: Option<String>,
    /// The device proved itself (DEVICE_PASSWORD_VERIFIER).
    pub device_done: bool,
}

/// A `PASSWORD_VERIFIER` challenge waiting for its answer (memory only).
#[derive(Clone)]
pub struct SrpPending {
    /// Pool id.
    pub pool_id: String,
    /// Client id.
    pub client_id: String,
    /// User key in the pool.
    pub user_key: String,
    /// The internal username (`USER_ID_FOR_SRP`).
    pub user_id: String,
    /// `SRP_A` as sent.
    pub srp_a: String,
    /// The server half.
    pub server: Arc<SrpServer>,
    /// Expiry (ms).
    pub expires_ms: i64,
    /// The sign-in so far.
    pub progress: AuthProgress,
    /// `ADMIN_*` flows answer through AdminRespondToAuthChallenge.
    pub admin: bool,
    /// Device SRP (`DEVICE_PASSWORD_VERIFIER`): the device group key, which
    /// takes the place of the pool name (`user_id` is then the device key).
    pub device_group_key: Option<String>,
}

impl fmt::Debug for SrpPending {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SrpPending")
            .field("pool_id", &self.pool_id)
            .field("client_id", &self.client_id)
            .field("user_id", &self.user_id)
            .finish_non_exhaustive()
    }
}

impl Pool {
    /// The key of a username in [`Pool::users`] (lowercase when the pool is
    /// case-insensitive).
    pub fn user_key(&self, username: &str) -> String {
        if self.settings.case_sensitive {
            username.to_owned()
        } else {
            username.to_lowercase()
        }
    }

    /// Finds a user by what a client typed: the internal username, an email
    /// or phone number used as username, or a verified alias. Returns the key.
    pub fn find_user(&self, login: &str) -> Option<String> {
        let key = self.user_key(login);
        if self.users.contains_key(&key) {
            return Some(key);
        }
        let s = &self.settings;
        for attr in ["email", "phone_number", "preferred_username"] {
            let as_username = s.username_attributes.iter().any(|a| a == attr);
            let as_alias = s.alias_attributes.iter().any(|a| a == attr);
            if !as_username && !as_alias {
                continue;
            }
            let found = self.users.iter().find(|(_, u)| {
                let Some(v) = u.attributes.get(attr) else {
                    return false;
                };
                let same = if attr == "email" || !s.case_sensitive {
                    v.eq_ignore_ascii_case(login)
                } else {
                    v == login
                };
                // An alias works once verified (preferred_username needs no
                // verification); a username attribute always works.
                same && (as_username || attr == "preferred_username" || u.is_verified(attr))
            });
            if let Some((k, _)) = found {
                return Some(k.clone());
            }
        }
        None
    }

    /// Like [`Pool::find_user`], also accepting the `sub` (admin APIs do).
    pub fn find_user_admin(&self, name: &str) -> Option<String> {
        self.find_user(name).or_else(|| {
            self.users
                .iter()
                .find(|(_, u)| u.sub == name)
                .map(|(k, _)| k.clone())
        })
    }

    /// The pool name SRP uses (after the `_`).
    pub fn srp_name(&self) -> &str {
        self.id.split_once('_').map_or(self.id.as_str(), |(_, n)| n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_flow_rules() {
        let mut s = ClientSettings::default();
        assert!(s.allows("ALLOW_USER_SRP_AUTH"));
        assert!(!s.allows("ALLOW_USER_PASSWORD_AUTH"));
        s.explicit_auth_flows = Some(vec!["ALLOW_USER_PASSWORD_AUTH".into()]);
        assert!(s.allows("ALLOW_USER_PASSWORD_AUTH"));
        assert!(!s.allows("ALLOW_USER_SRP_AUTH"));
        s.explicit_auth_flows = Some(vec!["USER_PASSWORD_AUTH".into()]);
        assert!(s.allows("ALLOW_USER_PASSWORD_AUTH"));
        assert!(s.allows("ALLOW_USER_SRP_AUTH"));
        assert_eq!(ClientSettings::default().access_seconds(), 3600);
        assert_eq!(ClientSettings::default().refresh_seconds(), 30 * 86_400);
    }

    #[test]
    fn mfa_lists() {
        let m = UserMfa {
            sms_enabled: true,
            totp_enabled: true,
            totp_preferred: true,
            ..UserMfa::default()
        };
        assert_eq!(m.setting_list(), vec!["SMS_MFA", "SOFTWARE_TOKEN_MFA"]);
        assert_eq!(m.preferred().as_deref(), Some("SOFTWARE_TOKEN_MFA"));
    }
}
