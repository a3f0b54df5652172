//! Creating pools, clients and users: shared by the start-up configuration and
//! by the provisioning actions.

use std::collections::BTreeMap;

use crate::config::{ClientConfig, Config, PoolConfig, UserConfig};
use crate::error::{ApiError, err, invalid_parameter};
use crate::ids;
use crate::password::PasswordRecord;
use crate::service::ServiceSettings;
use crate::state::{Client, ClientSettings, Pool, PoolSettings, STATE_VERSION, State, User};
use cognito_auth_proto::ErrorKind;

/// Standard attributes of every pool's schema.
pub const STANDARD_ATTRIBUTES: &[&str] = &[
    "address",
    "birthdate",
    "email",
    "email_verified",
    "family_name",
    "gender",
    "given_name",
    "locale",
    "middle_name",
    "name",
    "nickname",
    "phone_number",
    "phone_number_verified",
    "picture",
    "preferred_username",
    "profile",
    "updated_at",
    "website",
    "zoneinfo",
];

/// Every `ALLOW_*` flow (the default client allows them all).
pub const ALL_FLOWS: &[&str] = &[
    "ALLOW_USER_SRP_AUTH",
    "ALLOW_USER_PASSWORD_AUTH",
    "ALLOW_ADMIN_USER_PASSWORD_AUTH",
    "ALLOW_CUSTOM_AUTH",
    "ALLOW_REFRESH_TOKEN_AUTH",
    "ALLOW_USER_AUTH",
];

/// Builds the start-up state from a configuration.
pub fn seed_state(
    config: &Config,
    settings: &ServiceSettings,
    now_ms: i64,
) -> Result<State, String> {
    let mut st = State {
        version: STATE_VERSION,
        ..State::default()
    };
    let default_pool = PoolConfig {
        name: Some("mock-cognito".into()),
        ..PoolConfig::default()
    };
    let pools: Vec<PoolConfig> = if config.pools.is_empty() {
        vec![default_pool]
    } else {
        config.pools.clone()
    };
    for (i, pc) in pools.iter().enumerate() {
        let pool_id = seed_pool(&mut st, pc, settings, now_ms)
            .map_err(|e| format!("pool #{}: {}", i + 1, e.message))?;
        if i == 0 {
            st.default_pool = pool_id.clone();
            st.default_client = st
                .pools
                .get(&pool_id)
                .and_then(|p| {
                    p.clients
                        .values()
                        .min_by_key(|c| c.created_ms)
                        .map(|c| c.id.clone())
                })
                .unwrap_or_default();
            // The first configured client is the default, whatever its id sorts as.
            if let Some(first) = pc.clients.first().and_then(|c| c.id.clone()) {
                st.default_client = first;
            }
        }
    }
    Ok(st)
}

/// The default pool and client of a state.
pub fn default_ids(st: &State) -> Option<(String, String)> {
    let pool = st.pools.get(&st.default_pool)?;
    let client = if pool.clients.contains_key(&st.default_client) {
        st.default_client.clone()
    } else {
        pool.clients.keys().next()?.clone()
    };
    Some((pool.id.clone(), client))
}

fn seed_pool(
    st: &mut State,
    pc: &PoolConfig,
    settings: &ServiceSettings,
    now_ms: i64,
) -> Result<String, ApiError> {
    let mut ps = PoolSettings {
        username_attributes: pc.username_attributes.clone(),
        alias_attributes: pc.alias_attributes.clone(),
        auto_verified_attributes: pc
            .auto_verified_attributes
            .clone()
            .unwrap_or_else(|| vec!["email".into()]),
        case_sensitive: pc.case_sensitive.unwrap_or(true),
        mfa_configuration: pc.mfa.clone().unwrap_or_else(|| "OFF".into()),
        allow_admin_create_user_only: pc.allow_admin_create_user_only,
        required_attributes: pc.required_attributes.clone(),
        custom_attributes: pc
            .custom_attributes
            .iter()
            .map(|a| {
                if a.starts_with("custom:") {
                    a.clone()
                } else {
                    format!("custom:{a}")
                }
            })
            .collect(),
        fixed_code: pc.fixed_code.clone(),
        issuer_updated: pc.issuer_updated,
        trigger_webhook: pc.trigger_webhook.clone(),
        builtin_custom_auth: !pc.disable_builtin_custom_auth,
        ..PoolSettings::default()
    };
    if let Some(pp) = &pc.password_policy {
        ps.password_policy = pp.clone();
    }
    if let Some(dc) = &pc.device_configuration {
        ps.echo.device_configuration = Some(cognito_auth_proto::DeviceConfiguration {
            challenge_required_on_new_device: Some(dc.challenge_required_on_new_device),
            device_only_remembered_on_user_prompt: Some(dc.device_only_remembered_on_user_prompt),
        });
    }
    if let Some(f) = &pc.allowed_first_auth_factors {
        ps.allowed_first_auth_factors = f.clone();
    }
    for t in &pc.mfa_types {
        match t.as_str() {
            "SMS_MFA" => ps.sms_mfa_enabled = true,
            "SOFTWARE_TOKEN_MFA" => ps.software_token_mfa_enabled = true,
            "EMAIL_OTP" => ps.email_mfa_enabled = true,
            other => return Err(invalid_parameter(format!("unknown MFA type {other}"))),
        }
    }
    if ps.mfa_configuration != "OFF" && pc.mfa_types.is_empty() {
        ps.software_token_mfa_enabled = true;
        ps.sms_mfa_enabled = true;
        ps.email_mfa_enabled = true;
    }
    let name = pc.name.clone().unwrap_or_else(|| "mock-cognito".into());
    let pool_id = create_pool(st, settings, pc.id.clone(), &name, ps, now_ms)?;
    let pool = st
        .pools
        .get_mut(&pool_id)
        .ok_or_else(|| crate::error::pool_not_found(&pool_id))?;
    let clients: Vec<ClientConfig> = if pc.clients.is_empty() {
        vec![ClientConfig::default()]
    } else {
        pc.clients.clone()
    };
    for cc in &clients {
        seed_client(pool, cc, now_ms)?;
    }
    for gc in &pc.groups {
        crate::groups::seed_group(pool, gc, now_ms)
            .map_err(|e| invalid_parameter(format!("group {}: {}", gc.name, e.message)))?;
    }
    for uc in &pc.users {
        seed_user(pool, uc, now_ms)
            .map_err(|e| invalid_parameter(format!("user {}: {}", uc.username, e.message)))?;
    }
    Ok(pool_id)
}

fn seed_client(pool: &mut Pool, cc: &ClientConfig, now_ms: i64) -> Result<String, ApiError> {
    let mut cs = ClientSettings {
        explicit_auth_flows: Some(
            cc.explicit_auth_flows
                .clone()
                .unwrap_or_else(|| ALL_FLOWS.iter().map(|s| (*s).to_owned()).collect()),
        ),
        prevent_user_existence_errors: cc.prevent_user_existence_errors,
        enable_token_revocation: cc.enable_token_revocation.unwrap_or(true),
        refresh_token_rotation: cc.refresh_token_rotation,
        retry_grace_period_seconds: cc.retry_grace_period_seconds.unwrap_or(0),
        read_attributes: cc.read_attributes.clone(),
        write_attributes: cc.write_attributes.clone(),
        ..ClientSettings::default()
    };
    if let Some(s) = cc.access_token_validity_seconds {
        cs.access_token_validity = s;
        cs.access_token_unit = "seconds".into();
        cs.units_given = true;
    }
    if let Some(s) = cc.id_token_validity_seconds {
        cs.id_token_validity = s;
        cs.id_token_unit = "seconds".into();
        cs.units_given = true;
    }
    if let Some(s) = cc.refresh_token_validity_seconds {
        cs.refresh_token_validity = s;
        cs.refresh_token_unit = "seconds".into();
        cs.units_given = true;
    }
    if let Some(m) = cc.auth_session_validity_minutes {
        cs.auth_session_validity = m;
    }
    let secret = match (&cc.secret, cc.generate_secret) {
        (Some(s), _) => Some(s.clone()),
        (None, true) => Some(ids::client_secret()),
        (None, false) => None,
    };
    let name = cc
        .name
        .clone()
        .unwrap_or_else(|| "mock-cognito-client".into());
    create_client(pool, cc.id.clone(), &name, secret, cs, now_ms)
}

fn seed_user(pool: &mut Pool, uc: &UserConfig, now_ms: i64) -> Result<(), ApiError> {
    let attrs: Vec<(String, String)> = uc
        .attributes
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let plan = plan_user(pool, &uc.username, &attrs, uc.sub.clone())?;
    let status = uc.status.clone().unwrap_or_else(|| "CONFIRMED".into());
    let password = match &uc.password {
        Some(pw) => Some(PasswordRecord::new(
            pool.srp_name(),
            &plan.username,
            pw,
            now_ms,
        )?),
        None => None,
    };
    let mut user = plan.into_user(&status, now_ms);
    user.enabled = uc.enabled.unwrap_or(true);
    user.password = password;
    if status == "FORCE_CHANGE_PASSWORD" {
        let days = i64::from(
            pool.settings
                .password_policy
                .temporary_password_validity_days
                .max(1),
        );
        user.temporary_password_expires_ms = Some(now_ms + days * 86_400_000);
    }
    for m in &uc.mfa_enabled {
        match m.as_str() {
            "SMS_MFA" => user.mfa.sms_enabled = true,
            "SOFTWARE_TOKEN_MFA" => user.mfa.totp_enabled = true,
            "EMAIL_OTP" => user.mfa.email_enabled = true,
            other => return Err(invalid_parameter(format!("unknown MFA type {other}"))),
        }
    }
    match uc.mfa_preferred.as_deref() {
        Some("SMS_MFA") => user.mfa.sms_preferred = true,
        Some("SOFTWARE_TOKEN_MFA") => user.mfa.totp_preferred = true,
        Some("EMAIL_OTP") => user.mfa.email_preferred = true,
        Some(other) => return Err(invalid_parameter(format!("unknown MFA type {other}"))),
        None => {}
    }
    user.mfa.totp_secret = uc.totp_secret.clone();
    let key = plan_key(pool, &user.username);
    pool.users.insert(key.clone(), user);
    crate::groups::seed_memberships(pool, &key, &uc.groups)
}

fn plan_key(pool: &Pool, username: &str) -> String {
    pool.user_key(username)
}

/// Creates a pool and returns its id.
pub fn create_pool(
    st: &mut State,
    settings: &ServiceSettings,
    id: Option<String>,
    name: &str,
    pool_settings: PoolSettings,
    now_ms: i64,
) -> Result<String, ApiError> {
    let id = match id {
        Some(id) => {
            if st.pools.contains_key(&id) {
                return Err(invalid_parameter(format!("User pool {id} already exists.")));
            }
            id
        }
        None => loop {
            let candidate = ids::pool_id(&settings.region);
            if !st.pools.contains_key(&candidate) {
                break candidate;
            }
        },
    };
    let region = id
        .split_once('_')
        .map_or(settings.region.as_str(), |(r, _)| r)
        .to_owned();
    let arn = format!(
        "arn:aws:cognito-idp:{region}:{}:userpool/{id}",
        settings.account_id
    );
    st.pools.insert(
        id.clone(),
        Pool {
            id: id.clone(),
            name: name.to_owned(),
            region,
            arn,
            created_ms: now_ms,
            modified_ms: now_ms,
            settings: pool_settings,
            clients: BTreeMap::new(),
            users: BTreeMap::new(),
            groups: BTreeMap::new(),
            keys: None,
        },
    );
    Ok(id)
}

/// Creates a client in a pool and returns its id.
pub fn create_client(
    pool: &mut Pool,
    id: Option<String>,
    name: &str,
    secret: Option<String>,
    settings: ClientSettings,
    now_ms: i64,
) -> Result<String, ApiError> {
    let id = id.unwrap_or_else(ids::client_id);
    if pool.clients.contains_key(&id) {
        return Err(invalid_parameter(format!("Client {id} already exists.")));
    }
    pool.clients.insert(
        id.clone(),
        Client {
            id: id.clone(),
            name: name.to_owned(),
            secret,
            created_ms: now_ms,
            modified_ms: now_ms,
            settings,
        },
    );
    Ok(id)
}

/// Who a new user will be, checked against the pool's rules but not stored.
#[derive(Debug, Clone)]
pub struct UserPlan {
    /// Internal username.
    pub username: String,
    /// `sub`.
    pub sub: String,
    /// Attributes (without `sub`).
    pub attributes: BTreeMap<String, String>,
}

impl UserPlan {
    /// The user record (no password yet).
    pub fn into_user(self, status: &str, now_ms: i64) -> User {
        User {
            username: self.username,
            sub: self.sub,
            attributes: self.attributes,
            status: status.to_owned(),
            enabled: true,
            created_ms: now_ms,
            modified_ms: now_ms,
            password: None,
            temporary_password_expires_ms: None,
            password_history: Vec::new(),
            mfa: Default::default(),
            codes: BTreeMap::new(),
            recent: BTreeMap::new(),
            failed_sign_ins: 0,
            locked_until_ms: 0,
            last_failed_attempt_ms: 0,
            groups: Default::default(),
            pending_attributes: BTreeMap::new(),
            devices: BTreeMap::new(),
        }
    }
}

/// True when a string is shaped like an email address.
pub fn looks_like_email(s: &str) -> bool {
    match s.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty() && !domain.is_empty() && !domain.contains('@') && !s.contains(' ')
        }
        None => false,
    }
}

/// True when a string is an E.164 phone number (`+` and 4–15 digits).
pub fn looks_like_phone(s: &str) -> bool {
    s.strip_prefix('+')
        .is_some_and(|d| (4..=15).contains(&d.len()) && d.bytes().all(|b| b.is_ascii_digit()))
}

/// Checks attribute names and values against the pool's schema.
pub fn check_attributes(pool: &Pool, attrs: &[(String, String)]) -> Result<(), ApiError> {
    for (name, value) in attrs {
        if name == "sub" {
            return Err(invalid_parameter(
                "Attributes did not conform to the schema: sub: Attribute cannot be updated.",
            ));
        }
        let known = STANDARD_ATTRIBUTES.contains(&name.as_str())
            || pool.settings.custom_attributes.iter().any(|c| c == name);
        if !known {
            return Err(invalid_parameter(format!(
                "Attributes did not conform to the schema: Type for attribute {{{name}}} could not be determined"
            )));
        }
        if value.len() > 2048 {
            return Err(invalid_parameter(format!(
                "Attributes did not conform to the schema: {name}: String must be no longer than 2048 characters"
            )));
        }
        if name == "email" && !looks_like_email(value) {
            return Err(invalid_parameter("Invalid email address format."));
        }
        if name == "phone_number" && !looks_like_phone(value) {
            return Err(invalid_parameter("Invalid phone number format."));
        }
        if (name == "email_verified" || name == "phone_number_verified")
            && value != "true"
            && value != "false"
        {
            return Err(invalid_parameter(format!(
                "Attributes did not conform to the schema: {name}: Value must be true or false"
            )));
        }
    }
    Ok(())
}

/// SignUp's answer for a taken username (AdminCreateUser words it differently).
pub const USERNAME_EXISTS: &str = "User already exists";

/// Works out a new user's internal username and attributes from what the
/// client typed, enforcing username/alias rules and uniqueness.
pub fn plan_user(
    pool: &Pool,
    login: &str,
    attrs: &[(String, String)],
    sub: Option<String>,
) -> Result<UserPlan, ApiError> {
    if login.is_empty() || login.chars().count() > 128 {
        return Err(invalid_parameter(
            "1 validation error detected: Value at 'username' failed to satisfy constraint: Member must have length between 1 and 128",
        ));
    }
    if login.chars().any(char::is_whitespace) {
        return Err(invalid_parameter(
            "1 validation error detected: Value at 'username' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+",
        ));
    }
    check_attributes(pool, attrs)?;
    let mut attributes: BTreeMap<String, String> = attrs.iter().cloned().collect();
    let s = &pool.settings;
    let sub = sub.unwrap_or_else(ids::uuid);
    let username = if s.username_attributes.is_empty() {
        if s.alias_attributes.iter().any(|a| a == "email") && looks_like_email(login) {
            return Err(invalid_parameter(
                "Username cannot be of email format, since user pool is configured for email alias.",
            ));
        }
        if s.alias_attributes.iter().any(|a| a == "phone_number") && looks_like_phone(login) {
            return Err(invalid_parameter(
                "Username cannot be of phone format, since user pool is configured for phone_number alias.",
            ));
        }
        if pool.users.contains_key(&pool.user_key(login)) {
            return Err(err(ErrorKind::UsernameExists, USERNAME_EXISTS));
        }
        login.to_owned()
    } else {
        let email_ok = s.username_attributes.iter().any(|a| a == "email");
        let phone_ok = s.username_attributes.iter().any(|a| a == "phone_number");
        let attr = if email_ok && looks_like_email(login) {
            "email"
        } else if phone_ok && looks_like_phone(login) {
            "phone_number"
        } else {
            let what = match (email_ok, phone_ok) {
                (true, true) => "Username should be either an email or a phone number.",
                (true, false) => "Username should be an email.",
                _ => "Username should be a phone number.",
            };
            return Err(invalid_parameter(what));
        };
        let taken = pool.users.values().any(|u| {
            u.attributes
                .get(attr)
                .is_some_and(|v| v.eq_ignore_ascii_case(login))
        });
        if taken {
            return Err(err(
                ErrorKind::UsernameExists,
                if attr == "email" {
                    "An account with the given email already exists."
                } else {
                    "An account with the given phone_number already exists."
                },
            ));
        }
        attributes.insert(attr.to_owned(), login.to_owned());
        sub.clone()
    };
    Ok(UserPlan {
        username,
        sub,
        attributes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::IssuerMode;

    fn settings() -> ServiceSettings {
        ServiceSettings {
            region: "us-east-1".into(),
            account_id: "123456789012".into(),
            issuer: IssuerMode::Local,
            signing_key_primes: 6,
        }
    }

    #[test]
    fn default_seed_has_one_pool_and_open_client() {
        let st = seed_state(&Config::default(), &settings(), 1000).expect("seed");
        let (pool_id, client_id) = default_ids(&st).expect("ids");
        assert!(pool_id.starts_with("us-east-1_"));
        let pool = &st.pools[&pool_id];
        let client = &pool.clients[&client_id];
        for f in ALL_FLOWS {
            assert!(client.settings.allows(f), "{f}");
        }
        assert!(client.secret.is_none());
    }

    #[test]
    fn email_as_username_gets_uuid_internal_name() {
        let cfg = Config::from_toml(
            "[[pools]]\nusernameAttributes=[\"email\"]\n[[pools.users]]\nusername=\"a@b.co\"\npassword=\"Passw0rd!\"\n",
        )
        .expect("cfg");
        let st = seed_state(&cfg, &settings(), 1).expect("seed");
        let pool = st.pools.values().next().expect("pool");
        let key = pool.find_user("A@B.CO").expect("found by email");
        let user = &pool.users[&key];
        assert_eq!(user.username, user.sub);
        assert_eq!(user.attr("email"), Some("a@b.co"));
        assert_eq!(
            user.password.as_ref().map(|p| p.srp_user_id.clone()),
            Some(user.username.clone())
        );
        let e = plan_user(pool, "a@b.co", &[], None)
            .err()
            .map(|e| e.message);
        assert_eq!(
            e.as_deref(),
            Some("An account with the given email already exists.")
        );
        let e = plan_user(pool, "plainname", &[], None)
            .err()
            .map(|e| e.message);
        assert_eq!(e.as_deref(), Some("Username should be an email."));
    }

    #[test]
    fn attributes_are_checked() {
        let st = seed_state(&Config::default(), &settings(), 1).expect("seed");
        let pool = st.pools.values().next().expect("pool");
        assert!(check_attributes(pool, &[("email".into(), "x@y.z".into())]).is_ok());
        assert!(check_attributes(pool, &[("email".into(), "nope".into())]).is_err());
        assert!(check_attributes(pool, &[("custom:x".into(), "1".into())]).is_err());
        assert!(check_attributes(pool, &[("sub".into(), "1".into())]).is_err());
    }
}
