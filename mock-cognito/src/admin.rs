//! Signed (administrator) actions: pools, clients, users, MFA settings.
//! Any SigV4 signature (or none) is accepted, as other local mocks do.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use cognito_auth_proto::{
    AccountRecoverySetting, AdminConfirmSignUpRequest, AdminConfirmSignUpResponse,
    AdminCreateUserConfig, AdminCreateUserRequest, AdminCreateUserResponse,
    AdminDeleteUserAttributesRequest, AdminDeleteUserAttributesResponse, AdminDeleteUserRequest,
    AdminDeleteUserResponse, AdminDisableUserRequest, AdminDisableUserResponse,
    AdminEnableUserRequest, AdminEnableUserResponse, AdminGetUserRequest, AdminGetUserResponse,
    AdminResetUserPasswordRequest, AdminResetUserPasswordResponse,
    AdminSetUserMfaPreferenceRequest, AdminSetUserMfaPreferenceResponse,
    AdminSetUserPasswordRequest, AdminSetUserPasswordResponse, AdminSetUserSettingsRequest,
    AdminSetUserSettingsResponse, AdminUpdateUserAttributesRequest,
    AdminUpdateUserAttributesResponse, AliasAttribute, AttributeDataType, AuthFactor,
    CreateUserPoolClientRequest, CreateUserPoolClientResponse, CreateUserPoolRequest,
    CreateUserPoolResponse, DeleteUserAttributesRequest, DeleteUserAttributesResponse,
    DeleteUserPoolClientRequest, DeleteUserPoolClientResponse, DeleteUserPoolRequest,
    DeleteUserPoolResponse, DeletionProtection, DeliveryMedium, DescribeUserPoolClientRequest,
    DescribeUserPoolClientResponse, DescribeUserPoolRequest, DescribeUserPoolResponse,
    EmailMfaConfig, EmailMfaSettings, EpochSeconds, ErrorKind, ExplicitAuthFlow, Feature,
    GetUserPoolMfaConfigRequest, GetUserPoolMfaConfigResponse, IssuerConfiguration, IssuerType,
    ListUserPoolClientsRequest, ListUserPoolClientsResponse, ListUserPoolsRequest,
    ListUserPoolsResponse, ListUsersRequest, ListUsersResponse, MessageAction, MfaConfiguration,
    MfaOption, PreventUserExistenceErrors, RecoveryOption, RecoveryOptionName,
    RefreshTokenRotation, SchemaAttribute, Sensitive, SetUserMfaPreferenceRequest,
    SetUserMfaPreferenceResponse, SetUserPoolMfaConfigRequest, SetUserPoolMfaConfigResponse,
    SetUserSettingsRequest, SetUserSettingsResponse, SignInPolicy, SmsMfaConfig, SmsMfaSettings,
    SoftwareTokenMfaConfig, SoftwareTokenMfaSettings, StringAttributeConstraints, TimeUnit,
    TokenValidityUnits, UpdateUserPoolClientRequest, UpdateUserPoolClientResponse,
    UpdateUserPoolRequest, UpdateUserPoolResponse, User as WireUser, UserPool, UserPoolClient,
    UserPoolClientDescription, UserPoolDescription, UserPoolPolicy, UserPoolStatus, UserPoolTier,
    UserStatus, UsernameConfiguration, VerifiedAttribute,
};

use crate::common::{log_code, pool, pool_mut, purpose, recovery_attribute, send_code};
use crate::error::{ApiError, err, invalid_parameter, not_authorized, user_not_found};
use crate::ids;
use crate::password::{PasswordPolicy, PasswordRecord};
use crate::provision::{
    STANDARD_ATTRIBUTES, USERNAME_EXISTS, check_attributes, create_client, create_pool, plan_user,
};
use crate::service::Inner;
use crate::state::{Client, ClientSettings, Pool, PoolSettings, SentCode, User};
use crate::users::{FORGOT_CODE_MS, VERIFY_CODE_MS, attribute_list, mfa_options, set_password};

/// AdminCreateUser answers a taken username with `User account already exists` (the real
/// service's text, as the AWS CLI prints it), where SignUp says `User already exists`; a taken
/// email or phone number of a username-attribute pool reads the same for both.
fn admin_create_wording(e: ApiError) -> ApiError {
    if e.kind == ErrorKind::UsernameExists && e.message == USERNAME_EXISTS {
        err(ErrorKind::UsernameExists, "User account already exists")
    } else {
        e
    }
}

pub(crate) fn secs(ms: i64) -> EpochSeconds {
    EpochSeconds(ms as f64 / 1000.0)
}

fn strings<T: ToString>(v: &[T]) -> Vec<String> {
    v.iter().map(ToString::to_string).collect()
}

fn user_status(s: &str) -> UserStatus {
    UserStatus::from(s)
}

/// A user in `UserType` form (ListUsers, AdminCreateUser).
pub(crate) fn wire_user(u: &User, only: Option<&[String]>) -> WireUser {
    WireUser {
        username: Some(u.username.clone()),
        attributes: Some(attribute_list(u, only)),
        user_create_date: Some(secs(u.created_ms)),
        user_last_modified_date: Some(secs(u.modified_ms)),
        enabled: Some(u.enabled),
        user_status: Some(user_status(&u.status)),
        mfa_options: mfa_options(u),
    }
}

fn check_pool_name(name: &str) -> Result<(), ApiError> {
    let n = name.chars().count();
    if n == 0 || n > 128 {
        return Err(invalid_parameter(
            "1 validation error detected: Value at 'poolName' failed to satisfy constraint: Member must have length between 1 and 128",
        ));
    }
    Ok(())
}

/// Applies a wire `PasswordPolicy` over the defaults (model ranges checked).
fn password_policy(
    p: Option<&cognito_auth_proto::PasswordPolicy>,
) -> Result<PasswordPolicy, ApiError> {
    let mut out = PasswordPolicy::default();
    let Some(p) = p else { return Ok(out) };
    if let Some(m) = p.minimum_length {
        if !(6..=99).contains(&m) {
            return Err(invalid_parameter(format!(
                "1 validation error detected: Value '{m}' at 'policies.passwordPolicy.minimumLength' failed to satisfy constraint: Member must have value between 6 and 99"
            )));
        }
        out.minimum_length = m as u32;
    }
    out.require_uppercase = p.require_uppercase.unwrap_or(false);
    out.require_lowercase = p.require_lowercase.unwrap_or(false);
    out.require_numbers = p.require_numbers.unwrap_or(false);
    out.require_symbols = p.require_symbols.unwrap_or(false);
    if let Some(h) = p.password_history_size {
        if !(0..=24).contains(&h) {
            return Err(invalid_parameter(
                "1 validation error detected: Value at 'policies.passwordPolicy.passwordHistorySize' failed to satisfy constraint: Member must have value between 0 and 24",
            ));
        }
        out.password_history_size = h as u32;
    }
    if let Some(d) = p.temporary_password_validity_days {
        if !(0..=365).contains(&d) {
            return Err(invalid_parameter(
                "1 validation error detected: Value at 'policies.passwordPolicy.temporaryPasswordValidityDays' failed to satisfy constraint: Member must have value between 0 and 365",
            ));
        }
        if d > 0 {
            out.temporary_password_validity_days = d as u32;
        }
    }
    Ok(out)
}

fn wire_password_policy(p: &PasswordPolicy) -> cognito_auth_proto::PasswordPolicy {
    cognito_auth_proto::PasswordPolicy {
        minimum_length: Some(p.minimum_length as i32),
        require_uppercase: Some(p.require_uppercase),
        require_lowercase: Some(p.require_lowercase),
        require_numbers: Some(p.require_numbers),
        require_symbols: Some(p.require_symbols),
        password_history_size: Some(p.password_history_size as i32),
        temporary_password_validity_days: Some(p.temporary_password_validity_days as i32),
    }
}

fn standard_schema() -> Vec<SchemaAttribute> {
    let mut v = vec![SchemaAttribute {
        name: Some("sub".into()),
        attribute_data_type: Some(AttributeDataType::String),
        developer_only_attribute: Some(false),
        mutable: Some(false),
        required: Some(true),
        number_attribute_constraints: None,
        string_attribute_constraints: Some(StringAttributeConstraints {
            min_length: Some("1".into()),
            max_length: Some("2048".into()),
        }),
    }];
    for name in STANDARD_ATTRIBUTES {
        let ty = match *name {
            "email_verified" | "phone_number_verified" => AttributeDataType::Boolean,
            "updated_at" => AttributeDataType::Number,
            _ => AttributeDataType::String,
        };
        let strings = matches!(ty, AttributeDataType::String).then(|| StringAttributeConstraints {
            min_length: Some("0".into()),
            max_length: Some("2048".into()),
        });
        v.push(SchemaAttribute {
            name: Some((*name).to_owned()),
            attribute_data_type: Some(ty),
            developer_only_attribute: Some(false),
            mutable: Some(true),
            required: Some(false),
            number_attribute_constraints: None,
            string_attribute_constraints: strings,
        });
    }
    v
}

/// Settings and echo from a CreateUserPool request.
fn pool_settings_from_create(req: &CreateUserPoolRequest) -> Result<PoolSettings, ApiError> {
    let mut s = PoolSettings {
        password_policy: password_policy(
            req.policies
                .as_ref()
                .and_then(|p| p.password_policy.as_ref()),
        )?,
        username_attributes: req
            .username_attributes
            .as_deref()
            .map(strings)
            .unwrap_or_default(),
        alias_attributes: req
            .alias_attributes
            .as_deref()
            .map(strings)
            .unwrap_or_default(),
        auto_verified_attributes: req
            .auto_verified_attributes
            .as_deref()
            .map(strings)
            .unwrap_or_default(),
        case_sensitive: req
            .username_configuration
            .as_ref()
            .is_none_or(|u| u.case_sensitive),
        ..PoolSettings::default()
    };
    if !s.username_attributes.is_empty() && !s.alias_attributes.is_empty() {
        return Err(invalid_parameter(
            "Only one of the aliasAttributes or usernameAttributes can be set in a User Pool",
        ));
    }
    apply_common_pool_fields(
        &mut s,
        req.policies.as_ref(),
        req.mfa_configuration.as_ref(),
        req.admin_create_user_config.as_ref(),
        req.account_recovery_setting.as_ref(),
        req.deletion_protection.as_ref(),
        req.user_pool_tier.as_ref(),
        req.issuer_configuration.as_ref(),
        req.sms_configuration.is_some(),
    )?;
    let mut schema = standard_schema();
    for a in req.schema.iter().flatten() {
        let Some(name) = &a.name else {
            return Err(invalid_parameter("A schema attribute needs a Name."));
        };
        if let Some(existing) = schema
            .iter_mut()
            .find(|x| x.name.as_deref() == Some(name.as_str()))
        {
            if let Some(r) = a.required {
                existing.required = Some(r);
            }
            if let Some(m) = a.mutable {
                existing.mutable = Some(m);
            }
            if a.required == Some(true) {
                s.required_attributes.push(name.clone());
            }
        } else {
            if a.required == Some(true) {
                return Err(invalid_parameter(
                    "Required custom attributes are not supported currently.",
                ));
            }
            let full = format!("custom:{name}");
            let mut custom = a.clone();
            custom.name = Some(full.clone());
            custom.required = Some(false);
            if custom.attribute_data_type.is_none() {
                custom.attribute_data_type = Some(AttributeDataType::String);
            }
            schema.push(custom);
            s.custom_attributes.push(full);
        }
    }
    s.echo = UserPool {
        lambda_config: req.lambda_config.clone(),
        schema_attributes: Some(schema),
        sms_verification_message: req.sms_verification_message.clone(),
        email_verification_message: req.email_verification_message.clone(),
        email_verification_subject: req.email_verification_subject.clone(),
        verification_message_template: req.verification_message_template.clone(),
        sms_authentication_message: req.sms_authentication_message.clone(),
        user_attribute_update_settings: req.user_attribute_update_settings.clone(),
        device_configuration: req.device_configuration.clone(),
        email_configuration: req.email_configuration.clone(),
        sms_configuration: req.sms_configuration.clone(),
        user_pool_tags: req.user_pool_tags.clone(),
        user_pool_add_ons: req.user_pool_add_ons.clone(),
        key_configuration: req.key_configuration.clone(),
        admin_create_user_config: req.admin_create_user_config.clone(),
        ..UserPool::default()
    };
    Ok(s)
}

#[allow(clippy::too_many_arguments)]
fn apply_common_pool_fields(
    s: &mut PoolSettings,
    policies: Option<&UserPoolPolicy>,
    mfa: Option<&MfaConfiguration>,
    admin_create: Option<&AdminCreateUserConfig>,
    recovery: Option<&AccountRecoverySetting>,
    deletion: Option<&DeletionProtection>,
    tier: Option<&UserPoolTier>,
    issuer: Option<&IssuerConfiguration>,
    has_sms_config: bool,
) -> Result<(), ApiError> {
    s.allowed_first_auth_factors = policies
        .and_then(|p| p.sign_in_policy.as_ref())
        .and_then(|p| p.allowed_first_auth_factors.as_deref())
        .map(strings)
        .unwrap_or_else(|| vec!["PASSWORD".into()]);
    if !s.allowed_first_auth_factors.iter().any(|f| f == "PASSWORD") {
        return Err(invalid_parameter(
            "AllowedFirstAuthFactors must include PASSWORD.",
        ));
    }
    let mfa = mfa.map_or("OFF".to_owned(), ToString::to_string);
    if !matches!(mfa.as_str(), "OFF" | "ON" | "OPTIONAL") {
        return Err(invalid_parameter(format!(
            "1 validation error detected: Value '{mfa}' at 'mfaConfiguration' failed to satisfy constraint: Member must satisfy enum value set: [OFF, ON, OPTIONAL]"
        )));
    }
    if mfa != "OFF" && !has_sms_config && !s.software_token_mfa_enabled && !s.email_mfa_enabled {
        return Err(invalid_parameter(
            "SMS configuration and Auth Message are required when MFA is required/optional",
        ));
    }
    if mfa != "OFF" && has_sms_config {
        s.sms_mfa_enabled = true;
    }
    s.mfa_configuration = mfa;
    s.allow_admin_create_user_only = admin_create
        .and_then(|a| a.allow_admin_create_user_only)
        .unwrap_or(false);
    s.recovery_mechanisms = recovery
        .and_then(|r| r.recovery_mechanisms.as_ref())
        .map(|m| {
            m.iter()
                .map(|o| (o.priority.max(0) as u32, o.name.to_string()))
                .collect()
        })
        .unwrap_or_default();
    s.deletion_protection = matches!(deletion, Some(DeletionProtection::Active));
    s.tier = tier.map_or("ESSENTIALS".to_owned(), ToString::to_string);
    s.issuer_updated = matches!(
        issuer.and_then(|i| i.r#type.as_ref()),
        Some(IssuerType::Updated)
    );
    Ok(())
}

fn describe_pool(p: &Pool) -> UserPool {
    let s = &p.settings;
    let mut u = s.echo.clone();
    u.id = Some(p.id.clone());
    u.name = Some(p.name.clone());
    u.arn = Some(p.arn.clone());
    u.status = Some(UserPoolStatus::Enabled);
    u.creation_date = Some(secs(p.created_ms));
    u.last_modified_date = Some(secs(p.modified_ms));
    u.policies = Some(UserPoolPolicy {
        password_policy: Some(wire_password_policy(&s.password_policy)),
        sign_in_policy: Some(SignInPolicy {
            allowed_first_auth_factors: Some(
                s.allowed_first_auth_factors
                    .iter()
                    .map(|f| AuthFactor::from(f.as_str()))
                    .collect(),
            ),
        }),
    });
    u.deletion_protection = Some(if s.deletion_protection {
        DeletionProtection::Active
    } else {
        DeletionProtection::Inactive
    });
    let list = |v: &Vec<String>| (!v.is_empty()).then(|| v.clone());
    u.auto_verified_attributes = list(&s.auto_verified_attributes).map(|v| {
        v.iter()
            .map(|a| VerifiedAttribute::from(a.as_str()))
            .collect()
    });
    u.username_attributes = list(&s.username_attributes).map(|v| {
        v.iter()
            .map(|a| VerifiedAttribute::from(a.as_str()))
            .collect()
    });
    u.alias_attributes = list(&s.alias_attributes)
        .map(|v| v.iter().map(|a| AliasAttribute::from(a.as_str())).collect());
    u.mfa_configuration = Some(MfaConfiguration::from(s.mfa_configuration.as_str()));
    u.estimated_number_of_users = Some(i32::try_from(p.users.len()).unwrap_or(i32::MAX));
    let mut acu = u.admin_create_user_config.take().unwrap_or_default();
    acu.allow_admin_create_user_only = Some(s.allow_admin_create_user_only);
    if acu.unused_account_validity_days.is_none() {
        acu.unused_account_validity_days = Some(7);
    }
    u.admin_create_user_config = Some(acu);
    u.username_configuration = Some(UsernameConfiguration {
        case_sensitive: s.case_sensitive,
    });
    u.account_recovery_setting =
        (!s.recovery_mechanisms.is_empty()).then(|| AccountRecoverySetting {
            recovery_mechanisms: Some(
                s.recovery_mechanisms
                    .iter()
                    .map(|(p, n)| RecoveryOption {
                        priority: *p as i32,
                        name: RecoveryOptionName::from(n.as_str()),
                    })
                    .collect(),
            ),
        });
    u.user_pool_tier = Some(UserPoolTier::from(s.tier.as_str()));
    u.issuer_configuration = Some(IssuerConfiguration {
        r#type: Some(if s.issuer_updated {
            IssuerType::Updated
        } else {
            IssuerType::Original
        }),
    });
    u
}

/// Validity value and unit from a request; `None` keeps Cognito's default.
fn validity(
    value: Option<i32>,
    unit: Option<&TimeUnit>,
    default_unit: &str,
    min_s: i64,
    max_s: i64,
    what: &str,
) -> Result<Option<(i64, String)>, ApiError> {
    let Some(v) = value else { return Ok(None) };
    let unit = unit.map_or(default_unit.to_owned(), ToString::to_string);
    let per = match unit.as_str() {
        "seconds" => 1,
        "minutes" => 60,
        "hours" => 3600,
        "days" => 86_400,
        other => {
            return Err(invalid_parameter(format!("Invalid time unit {other}")));
        }
    };
    let total = i64::from(v) * per;
    if total < min_s || total > max_s {
        return Err(invalid_parameter(format!(
            "Invalid range for token validity: {what} must be between {min_s} and {max_s} seconds"
        )));
    }
    Ok(Some((i64::from(v), unit)))
}

#[allow(clippy::too_many_arguments)]
fn client_settings(
    flows: Option<&Vec<ExplicitAuthFlow>>,
    refresh: Option<i32>,
    access: Option<i32>,
    id: Option<i32>,
    units: Option<&TokenValidityUnits>,
    read: Option<&Vec<String>>,
    write: Option<&Vec<String>>,
    prevent: Option<&PreventUserExistenceErrors>,
    revocation: Option<bool>,
    session_validity: Option<i32>,
    rotation: Option<&RefreshTokenRotation>,
) -> Result<ClientSettings, ApiError> {
    let mut s = ClientSettings::default();
    if let Some(f) = flows {
        let names = strings(f);
        let legacy = names.iter().any(|n| !n.starts_with("ALLOW_"));
        let modern = names.iter().any(|n| n.starts_with("ALLOW_"));
        if legacy && modern {
            return Err(invalid_parameter(
                "ExplicitAuthFlows cannot combine legacy values (ADMIN_NO_SRP_AUTH, CUSTOM_AUTH_FLOW_ONLY, USER_PASSWORD_AUTH) with ALLOW_ values.",
            ));
        }
        if let Some(bad) = f.iter().find(|x| x.is_unknown()) {
            return Err(invalid_parameter(format!(
                "1 validation error detected: Value '[{bad}]' at 'explicitAuthFlows' failed to satisfy constraint: Member must satisfy enum value set"
            )));
        }
        s.explicit_auth_flows = Some(names);
    }
    let u = |f: fn(&TokenValidityUnits) -> Option<&TimeUnit>| units.and_then(f);
    if let Some((v, unit)) = validity(
        access,
        u(|x| x.access_token.as_ref()),
        "hours",
        300,
        86_400,
        "AccessTokenValidity",
    )? {
        s.access_token_validity = v;
        s.access_token_unit = unit;
        s.units_given = true;
    }
    if let Some((v, unit)) = validity(
        id,
        u(|x| x.id_token.as_ref()),
        "hours",
        300,
        86_400,
        "IdTokenValidity",
    )? {
        s.id_token_validity = v;
        s.id_token_unit = unit;
        s.units_given = true;
    }
    if let Some((v, unit)) = validity(
        refresh.filter(|r| *r != 0),
        u(|x| x.refresh_token.as_ref()),
        "days",
        3600,
        315_360_000,
        "RefreshTokenValidity",
    )? {
        s.refresh_token_validity = v;
        s.refresh_token_unit = unit;
        s.units_given = true;
    }
    s.read_attributes = read.cloned();
    s.write_attributes = write.cloned();
    s.prevent_user_existence_errors = matches!(prevent, Some(PreventUserExistenceErrors::Enabled));
    s.enable_token_revocation = revocation.unwrap_or(true);
    if let Some(m) = session_validity {
        if !(3..=15).contains(&m) {
            return Err(invalid_parameter(
                "1 validation error detected: Value at 'authSessionValidity' failed to satisfy constraint: Member must have value between 3 and 15",
            ));
        }
        s.auth_session_validity = i64::from(m);
    }
    if let Some(r) = rotation {
        s.refresh_token_rotation = matches!(r.feature, Feature::Enabled);
        let grace = r.retry_grace_period_seconds.unwrap_or(0);
        if !(0..=60).contains(&grace) {
            return Err(invalid_parameter(
                "RetryGracePeriodSeconds must be between 0 and 60",
            ));
        }
        s.retry_grace_period_seconds = i64::from(grace);
    }
    Ok(s)
}

fn describe_client(pool_id: &str, c: &Client) -> UserPoolClient {
    let s = &c.settings;
    let mut out = s.echo.clone();
    out.user_pool_id = Some(pool_id.to_owned());
    out.client_name = Some(c.name.clone());
    out.client_id = Some(c.id.clone());
    out.client_secret = c.secret.clone().map(Sensitive::new);
    out.creation_date = Some(secs(c.created_ms));
    out.last_modified_date = Some(secs(c.modified_ms));
    out.refresh_token_validity = Some(i32::try_from(s.refresh_token_validity).unwrap_or(i32::MAX));
    out.access_token_validity = Some(i32::try_from(s.access_token_validity).unwrap_or(i32::MAX));
    out.id_token_validity = Some(i32::try_from(s.id_token_validity).unwrap_or(i32::MAX));
    out.token_validity_units = Some(TokenValidityUnits {
        access_token: Some(TimeUnit::from(s.access_token_unit.as_str())),
        id_token: Some(TimeUnit::from(s.id_token_unit.as_str())),
        refresh_token: Some(TimeUnit::from(s.refresh_token_unit.as_str())),
    });
    out.read_attributes = s.read_attributes.clone();
    out.write_attributes = s.write_attributes.clone();
    out.explicit_auth_flows = s.explicit_auth_flows.as_ref().map(|f| {
        f.iter()
            .map(|x| ExplicitAuthFlow::from(x.as_str()))
            .collect()
    });
    out.prevent_user_existence_errors = Some(if s.prevent_user_existence_errors {
        PreventUserExistenceErrors::Enabled
    } else {
        PreventUserExistenceErrors::Legacy
    });
    out.enable_token_revocation = Some(s.enable_token_revocation);
    out.auth_session_validity = Some(i32::try_from(s.auth_session_validity).unwrap_or(3));
    out.refresh_token_rotation = s.refresh_token_rotation.then(|| RefreshTokenRotation {
        feature: Feature::Enabled,
        retry_grace_period_seconds: Some(i32::try_from(s.retry_grace_period_seconds).unwrap_or(0)),
    });
    out
}

#[allow(clippy::too_many_arguments)]
fn client_echo(
    identity_providers: Option<&Vec<String>>,
    callbacks: Option<&Vec<String>>,
    logouts: Option<&Vec<String>>,
    default_redirect: Option<&String>,
    oauth_flows: Option<&Vec<cognito_auth_proto::OAuthFlow>>,
    oauth_scopes: Option<&Vec<String>>,
    oauth_client: Option<bool>,
    analytics: Option<&cognito_auth_proto::AnalyticsConfiguration>,
    propagate: Option<bool>,
) -> UserPoolClient {
    UserPoolClient {
        supported_identity_providers: identity_providers.cloned(),
        callback_urls: callbacks.cloned(),
        logout_urls: logouts.cloned(),
        default_redirect_uri: default_redirect.cloned(),
        allowed_oauth_flows: oauth_flows.cloned(),
        allowed_oauth_scopes: oauth_scopes.cloned(),
        allowed_oauth_flows_user_pool_client: oauth_client,
        analytics_configuration: analytics.cloned(),
        enable_propagate_additional_user_context_data: propagate,
        ..UserPoolClient::default()
    }
}

/// An opaque pagination token over a key.
pub(crate) fn page_token(key: &str) -> String {
    URL_SAFE_NO_PAD.encode(key.as_bytes())
}

pub(crate) fn page_start(token: Option<&String>) -> Result<Option<String>, ApiError> {
    match token {
        None => Ok(None),
        Some(t) => URL_SAFE_NO_PAD
            .decode(t.as_bytes())
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
            .map(Some)
            .ok_or_else(|| invalid_parameter("Invalid pagination token.")),
    }
}

/// One `ListUsers` filter: `attr = "v"` or `attr ^= "v"`.
#[derive(Debug, PartialEq)]
struct Filter {
    attr: String,
    prefix: bool,
    value: String,
}

const SEARCHABLE: &[&str] = &[
    "username",
    "email",
    "phone_number",
    "name",
    "given_name",
    "family_name",
    "preferred_username",
    "cognito:user_status",
    "status",
    "sub",
];

fn parse_filter(f: &str) -> Result<Option<Filter>, ApiError> {
    let f = f.trim();
    if f.is_empty() {
        return Ok(None);
    }
    let bad = || invalid_parameter("Error while parsing filter.");
    let (attr, prefix, rest) = if let Some(i) = f.find("^=") {
        (
            f.get(..i).ok_or_else(bad)?,
            true,
            f.get(i + 2..).ok_or_else(bad)?,
        )
    } else if let Some(i) = f.find('=') {
        (
            f.get(..i).ok_or_else(bad)?,
            false,
            f.get(i + 1..).ok_or_else(bad)?,
        )
    } else {
        return Err(bad());
    };
    let attr = attr.trim().trim_matches('"').to_owned();
    let rest = rest.trim();
    let value = rest
        .strip_prefix('"')
        .and_then(|r| r.strip_suffix('"'))
        .ok_or_else(bad)?
        .replace("\\\"", "\"");
    if !SEARCHABLE.contains(&attr.as_str()) {
        return Err(invalid_parameter(format!(
            "Invalid search attribute: {attr}"
        )));
    }
    Ok(Some(Filter {
        attr,
        prefix,
        value,
    }))
}

fn filter_matches(f: &Filter, u: &User) -> bool {
    let (actual, case_insensitive) = match f.attr.as_str() {
        "username" => (Some(u.username.clone()), false),
        "cognito:user_status" => (Some(u.status.clone()), true),
        "status" => (
            Some(if u.enabled { "Enabled" } else { "Disabled" }.to_owned()),
            true,
        ),
        "sub" => (Some(u.sub.clone()), false),
        other => (u.attributes.get(other).cloned(), false),
    };
    let Some(actual) = actual else { return false };
    let (a, v) = if case_insensitive {
        (actual.to_lowercase(), f.value.to_lowercase())
    } else {
        (actual, f.value.clone())
    };
    if f.prefix { a.starts_with(&v) } else { a == v }
}

pub(crate) fn find_user_key(p: &Pool, name: &str) -> Result<String, ApiError> {
    p.find_user_admin(name).ok_or_else(user_not_found)
}

impl Inner {
    pub(crate) fn create_user_pool(
        &self,
        req: CreateUserPoolRequest,
    ) -> Result<CreateUserPoolResponse, ApiError> {
        check_pool_name(&req.pool_name)?;
        let settings = pool_settings_from_create(&req)?;
        let now_ms = self.clock.now_ms();
        let described = self.write(|st| -> Result<UserPool, ApiError> {
            let id = create_pool(st, &self.settings, None, &req.pool_name, settings, now_ms)?;
            Ok(describe_pool(pool(st, &id)?))
        })?;
        Ok(CreateUserPoolResponse {
            user_pool: Some(described),
        })
    }

    pub(crate) fn describe_user_pool(
        &self,
        req: DescribeUserPoolRequest,
    ) -> Result<DescribeUserPoolResponse, ApiError> {
        let st = self.lock();
        Ok(DescribeUserPoolResponse {
            user_pool: Some(describe_pool(pool(&st, &req.user_pool_id)?)),
        })
    }

    pub(crate) fn update_user_pool(
        &self,
        req: UpdateUserPoolRequest,
    ) -> Result<UpdateUserPoolResponse, ApiError> {
        let now_ms = self.clock.now_ms();
        if let Some(n) = &req.pool_name {
            check_pool_name(n)?;
        }
        self.write(|st| -> Result<(), ApiError> {
            let p = pool_mut(st, &req.user_pool_id)?;
            // Like Cognito, fields left out go back to their defaults.
            let mut s = p.settings.clone();
            s.password_policy = password_policy(
                req.policies
                    .as_ref()
                    .and_then(|x| x.password_policy.as_ref()),
            )?;
            s.auto_verified_attributes = req
                .auto_verified_attributes
                .as_deref()
                .map(strings)
                .unwrap_or_default();
            let totp = s.software_token_mfa_enabled;
            let has_sms = req.sms_configuration.is_some() || s.sms_mfa_enabled;
            apply_common_pool_fields(
                &mut s,
                req.policies.as_ref(),
                req.mfa_configuration.as_ref(),
                req.admin_create_user_config.as_ref(),
                req.account_recovery_setting.as_ref(),
                req.deletion_protection.as_ref(),
                req.user_pool_tier.as_ref(),
                req.issuer_configuration.as_ref(),
                has_sms,
            )?;
            s.software_token_mfa_enabled = totp;
            let schema = s.echo.schema_attributes.take();
            s.echo = UserPool {
                lambda_config: req.lambda_config.clone(),
                schema_attributes: schema,
                sms_verification_message: req.sms_verification_message.clone(),
                email_verification_message: req.email_verification_message.clone(),
                email_verification_subject: req.email_verification_subject.clone(),
                verification_message_template: req.verification_message_template.clone(),
                sms_authentication_message: req.sms_authentication_message.clone(),
                user_attribute_update_settings: req.user_attribute_update_settings.clone(),
                device_configuration: req.device_configuration.clone(),
                email_configuration: req.email_configuration.clone(),
                sms_configuration: req.sms_configuration.clone(),
                user_pool_tags: req.user_pool_tags.clone(),
                user_pool_add_ons: req.user_pool_add_ons.clone(),
                key_configuration: req.key_configuration.clone(),
                admin_create_user_config: req.admin_create_user_config.clone(),
                ..UserPool::default()
            };
            p.settings = s;
            if let Some(n) = &req.pool_name {
                p.name = n.clone();
            }
            p.modified_ms = now_ms;
            Ok(())
        })?;
        Ok(UpdateUserPoolResponse {})
    }

    pub(crate) fn delete_user_pool(
        &self,
        req: DeleteUserPoolRequest,
    ) -> Result<DeleteUserPoolResponse, ApiError> {
        let id = req.user_pool_id.clone();
        self.write(|st| -> Result<(), ApiError> {
            let p = pool(st, &id)?;
            if p.settings.deletion_protection {
                return Err(invalid_parameter(
                    "The user pool cannot be deleted because deletion protection is activated.",
                ));
            }
            st.pools.remove(&id);
            st.refresh_tokens.retain(|_, r| r.pool_id != id);
            st.sessions.retain(|_, s| s.pool_id != id);
            st.srp_pending.retain(|_, s| s.pool_id != id);
            Ok(())
        })?;
        self.forget_keys(&id);
        Ok(DeleteUserPoolResponse {})
    }

    pub(crate) fn list_user_pools(
        &self,
        req: ListUserPoolsRequest,
    ) -> Result<ListUserPoolsResponse, ApiError> {
        if !(1..=60).contains(&req.max_results) {
            return Err(invalid_parameter(
                "1 validation error detected: Value at 'maxResults' failed to satisfy constraint: Member must have value between 1 and 60",
            ));
        }
        let start = page_start(req.next_token.as_ref())?;
        let st = self.lock();
        let mut it = st
            .pools
            .values()
            .filter(|p| start.as_ref().is_none_or(|s| p.id.as_str() > s.as_str()));
        let page: Vec<&Pool> = it.by_ref().take(req.max_results as usize).collect();
        let more = it.next().is_some();
        Ok(ListUserPoolsResponse {
            next_token: if more {
                page.last().map(|p| page_token(&p.id))
            } else {
                None
            },
            user_pools: Some(
                page.iter()
                    .map(|p| UserPoolDescription {
                        id: Some(p.id.clone()),
                        name: Some(p.name.clone()),
                        lambda_config: p.settings.echo.lambda_config.clone(),
                        status: Some(UserPoolStatus::Enabled),
                        last_modified_date: Some(secs(p.modified_ms)),
                        creation_date: Some(secs(p.created_ms)),
                        replica_regions: None,
                    })
                    .collect(),
            ),
        })
    }

    pub(crate) fn create_user_pool_client(
        &self,
        req: CreateUserPoolClientRequest,
    ) -> Result<CreateUserPoolClientResponse, ApiError> {
        let now_ms = self.clock.now_ms();
        if req.client_name.is_empty() || req.client_name.chars().count() > 128 {
            return Err(invalid_parameter(
                "1 validation error detected: Value at 'clientName' failed to satisfy constraint: Member must have length between 1 and 128",
            ));
        }
        let mut s = client_settings(
            req.explicit_auth_flows.as_ref(),
            req.refresh_token_validity,
            req.access_token_validity,
            req.id_token_validity,
            req.token_validity_units.as_ref(),
            req.read_attributes.as_ref(),
            req.write_attributes.as_ref(),
            req.prevent_user_existence_errors.as_ref(),
            req.enable_token_revocation,
            req.auth_session_validity,
            req.refresh_token_rotation.as_ref(),
        )?;
        s.echo = client_echo(
            req.supported_identity_providers.as_ref(),
            req.callback_urls.as_ref(),
            req.logout_urls.as_ref(),
            req.default_redirect_uri.as_ref(),
            req.allowed_oauth_flows.as_ref(),
            req.allowed_oauth_scopes.as_ref(),
            req.allowed_oauth_flows_user_pool_client,
            req.analytics_configuration.as_ref(),
            req.enable_propagate_additional_user_context_data,
        );
        let secret = match (&req.client_secret, req.generate_secret.unwrap_or(false)) {
            (Some(cs), _) => {
                let v = cs.expose();
                let ok = (24..=64).contains(&v.len())
                    && v.bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'+');
                if !ok {
                    return Err(invalid_parameter(
                        "1 validation error detected: Value at 'clientSecret' failed to satisfy constraint: Member must have length between 24 and 64 and match [\\w+]+",
                    ));
                }
                Some(v.to_owned())
            }
            (None, true) => Some(ids::client_secret()),
            (None, false) => None,
        };
        let client = self.write(|st| -> Result<UserPoolClient, ApiError> {
            let p = pool_mut(st, &req.user_pool_id)?;
            let id = create_client(p, None, &req.client_name, secret, s, now_ms)?;
            let c = p
                .clients
                .get(&id)
                .ok_or_else(|| crate::error::client_not_found(&id))?;
            Ok(describe_client(&req.user_pool_id, c))
        })?;
        Ok(CreateUserPoolClientResponse {
            user_pool_client: Some(client),
        })
    }

    pub(crate) fn describe_user_pool_client(
        &self,
        req: DescribeUserPoolClientRequest,
    ) -> Result<DescribeUserPoolClientResponse, ApiError> {
        let st = self.lock();
        let p = pool(&st, &req.user_pool_id)?;
        let c = p
            .clients
            .get(&req.client_id)
            .ok_or_else(|| crate::error::client_not_found(&req.client_id))?;
        Ok(DescribeUserPoolClientResponse {
            user_pool_client: Some(describe_client(&p.id, c)),
        })
    }

    pub(crate) fn update_user_pool_client(
        &self,
        req: UpdateUserPoolClientRequest,
    ) -> Result<UpdateUserPoolClientResponse, ApiError> {
        let now_ms = self.clock.now_ms();
        let mut s = client_settings(
            req.explicit_auth_flows.as_ref(),
            req.refresh_token_validity,
            req.access_token_validity,
            req.id_token_validity,
            req.token_validity_units.as_ref(),
            req.read_attributes.as_ref(),
            req.write_attributes.as_ref(),
            req.prevent_user_existence_errors.as_ref(),
            req.enable_token_revocation,
            req.auth_session_validity,
            req.refresh_token_rotation.as_ref(),
        )?;
        s.echo = client_echo(
            req.supported_identity_providers.as_ref(),
            req.callback_urls.as_ref(),
            req.logout_urls.as_ref(),
            req.default_redirect_uri.as_ref(),
            req.allowed_oauth_flows.as_ref(),
            req.allowed_oauth_scopes.as_ref(),
            req.allowed_oauth_flows_user_pool_client,
            req.analytics_configuration.as_ref(),
            req.enable_propagate_additional_user_context_data,
        );
        let client = self.write(|st| -> Result<UserPoolClient, ApiError> {
            let p = pool_mut(st, &req.user_pool_id)?;
            let c = p
                .clients
                .get_mut(&req.client_id)
                .ok_or_else(|| crate::error::client_not_found(&req.client_id))?;
            c.settings = s;
            if let Some(n) = &req.client_name {
                c.name = n.clone();
            }
            c.modified_ms = now_ms;
            Ok(describe_client(&req.user_pool_id, c))
        })?;
        Ok(UpdateUserPoolClientResponse {
            user_pool_client: Some(client),
        })
    }

    pub(crate) fn delete_user_pool_client(
        &self,
        req: DeleteUserPoolClientRequest,
    ) -> Result<DeleteUserPoolClientResponse, ApiError> {
        self.write(|st| -> Result<(), ApiError> {
            let p = pool_mut(st, &req.user_pool_id)?;
            p.clients
                .remove(&req.client_id)
                .ok_or_else(|| crate::error::client_not_found(&req.client_id))?;
            st.refresh_tokens
                .retain(|_, r| r.client_id != req.client_id);
            Ok(())
        })?;
        Ok(DeleteUserPoolClientResponse {})
    }

    pub(crate) fn list_user_pool_clients(
        &self,
        req: ListUserPoolClientsRequest,
    ) -> Result<ListUserPoolClientsResponse, ApiError> {
        let max = req.max_results.unwrap_or(60);
        if !(1..=60).contains(&max) {
            return Err(invalid_parameter(
                "1 validation error detected: Value at 'maxResults' failed to satisfy constraint: Member must have value between 1 and 60",
            ));
        }
        let start = page_start(req.next_token.as_ref())?;
        let st = self.lock();
        let p = pool(&st, &req.user_pool_id)?;
        let mut it = p
            .clients
            .values()
            .filter(|c| start.as_ref().is_none_or(|s| c.id.as_str() > s.as_str()));
        let page: Vec<&Client> = it.by_ref().take(max as usize).collect();
        let more = it.next().is_some();
        Ok(ListUserPoolClientsResponse {
            next_token: if more {
                page.last().map(|c| page_token(&c.id))
            } else {
                None
            },
            user_pool_clients: Some(
                page.iter()
                    .map(|c| UserPoolClientDescription {
                        client_id: Some(c.id.clone()),
                        user_pool_id: Some(p.id.clone()),
                        client_name: Some(c.name.clone()),
                    })
                    .collect(),
            ),
        })
    }

    pub(crate) fn admin_create_user(
        &self,
        req: AdminCreateUserRequest,
    ) -> Result<AdminCreateUserResponse, ApiError> {
        let now_ms = self.clock.now_ms();
        let attrs: Vec<(String, String)> = req
            .user_attributes
            .iter()
            .flatten()
            .map(|a| (a.name.clone(), a.value.clone().unwrap_or_default()))
            .collect();
        let resend = matches!(req.message_action, Some(MessageAction::Resend));
        let suppress = matches!(req.message_action, Some(MessageAction::Suppress));
        if let Some(MessageAction::Unknown(v)) = &req.message_action {
            return Err(invalid_parameter(format!(
                "1 validation error detected: Value '{v}' at 'messageAction' failed to satisfy constraint: Member must satisfy enum value set: [RESEND, SUPPRESS]"
            )));
        }
        let temp = match &req.temporary_password {
            Some(t) => t.expose().to_owned(),
            None => ids::temporary_password(),
        };
        // Work out who the user is (and check the password) under the lock,
        // compute the verifier outside it.
        let (pool_id, internal, srp_name, plan) = {
            let st = self.lock();
            let p = pool(&st, &req.user_pool_id)?;
            if req.temporary_password.is_some() {
                p.settings.password_policy.check(&temp)?;
            }
            if resend {
                let key = find_user_key(p, &req.username)?;
                let u = p.users.get(&key).ok_or_else(user_not_found)?;
                if u.status != "FORCE_CHANGE_PASSWORD" {
                    return Err(err(
                        ErrorKind::UnsupportedUserState,
                        format!(
                            "Resend not possible. {} status is not FORCE_CHANGE_PASSWORD",
                            u.username
                        ),
                    ));
                }
                (
                    p.id.clone(),
                    u.username.clone(),
                    p.srp_name().to_owned(),
                    None,
                )
            } else {
                let plan =
                    plan_user(p, &req.username, &attrs, None).map_err(admin_create_wording)?;
                (
                    p.id.clone(),
                    plan.username.clone(),
                    p.srp_name().to_owned(),
                    Some(plan),
                )
            }
        };
        let record = PasswordRecord::new(&srp_name, &internal, &temp, now_ms)?;
        let mediums: Vec<DeliveryMedium> = req
            .desired_delivery_mediums
            .clone()
            .unwrap_or_else(|| vec![DeliveryMedium::Sms]);
        let (user, sent) = self.write(|st| -> Result<(WireUser, Vec<SentCode>), ApiError> {
            let p = pool_mut(st, &pool_id)?;
            let days = i64::from(
                p.settings
                    .password_policy
                    .temporary_password_validity_days
                    .max(1),
            );
            let key = match plan {
                Some(plan) => {
                    // Re-check uniqueness (a concurrent create may have won).
                    let plan = plan_user(p, &req.username, &attrs, Some(plan.sub.clone()))
                        .map_err(admin_create_wording)?;
                    let key = p.user_key(&plan.username);
                    let mut u = plan.into_user("FORCE_CHANGE_PASSWORD", now_ms);
                    u.password = Some(record);
                    u.temporary_password_expires_ms = Some(now_ms + days * 86_400_000);
                    p.users.insert(key.clone(), u);
                    key
                }
                None => {
                    let key = find_user_key(p, &internal)?;
                    let u = p.users.get_mut(&key).ok_or_else(user_not_found)?;
                    u.password = Some(record);
                    u.temporary_password_expires_ms = Some(now_ms + days * 86_400_000);
                    u.modified_ms = now_ms;
                    key
                }
            };
            let mut sent = Vec::new();
            if !suppress {
                let u = p.users.get(&key).ok_or_else(user_not_found)?;
                let targets: Vec<(&str, &str)> = mediums
                    .iter()
                    .filter_map(|m| match m {
                        DeliveryMedium::Sms => Some(("phone_number", "SMS")),
                        DeliveryMedium::Email => Some(("email", "EMAIL")),
                        _ => None,
                    })
                    .filter(|(a, _)| u.attributes.contains_key(*a))
                    .collect();
                for (attr, medium) in targets {
                    let dest = u.attributes.get(attr).cloned().unwrap_or_default();
                    sent.push(SentCode {
                        user_pool_id: pool_id.clone(),
                        username: u.username.clone(),
                        code: temp.clone(),
                        purpose: purpose::INVITATION.into(),
                        medium: medium.into(),
                        destination: dest,
                        sent_at: now_ms as f64 / 1000.0,
                    });
                }
            }
            let user = p
                .users
                .get(&key)
                .map(|u| wire_user(u, None))
                .ok_or_else(user_not_found)?;
            for s in &sent {
                crate::common::push_outbox(st, s.clone());
            }
            Ok((user, sent))
        })?;
        for s in &sent {
            log_code(s);
        }
        Ok(AdminCreateUserResponse { user: Some(user) })
    }

    pub(crate) fn admin_confirm_sign_up(
        &self,
        req: AdminConfirmSignUpRequest,
    ) -> Result<AdminConfirmSignUpResponse, ApiError> {
        let now_ms = self.clock.now_ms();
        self.write(|st| -> Result<(), ApiError> {
            let p = pool_mut(st, &req.user_pool_id)?;
            let key = find_user_key(p, &req.username)?;
            let u = p.users.get_mut(&key).ok_or_else(user_not_found)?;
            if u.status != "UNCONFIRMED" {
                return Err(not_authorized(format!(
                    "User cannot be confirmed. Current status is {}",
                    u.status
                )));
            }
            u.status = "CONFIRMED".into();
            u.codes.remove(purpose::SIGN_UP);
            u.modified_ms = now_ms;
            Ok(())
        })?;
        Ok(AdminConfirmSignUpResponse {})
    }

    pub(crate) fn admin_set_user_password(
        &self,
        req: AdminSetUserPasswordRequest,
    ) -> Result<AdminSetUserPasswordResponse, ApiError> {
        let now_ms = self.clock.now_ms();
        let permanent = req.permanent.unwrap_or(false);
        let (key, internal, srp_name, policy, history) = {
            let st = self.lock();
            let p = pool(&st, &req.user_pool_id)?;
            let key = find_user_key(p, &req.username)?;
            let u = p.users.get(&key).ok_or_else(user_not_found)?;
            (
                key,
                u.username.clone(),
                p.srp_name().to_owned(),
                p.settings.password_policy.clone(),
                p.settings.password_policy.password_history_size,
            )
        };
        let pw = req.password.expose();
        policy.check(pw)?;
        let record = PasswordRecord::new(&srp_name, &internal, pw, now_ms)?;
        self.write(|st| -> Result<(), ApiError> {
            let p = pool_mut(st, &req.user_pool_id)?;
            let days = i64::from(policy.temporary_password_validity_days.max(1));
            let u = p.users.get_mut(&key).ok_or_else(user_not_found)?;
            set_password(u, record, pw, if permanent { history } else { 0 })?;
            if permanent {
                u.status = "CONFIRMED".into();
            } else {
                u.status = "FORCE_CHANGE_PASSWORD".into();
                u.temporary_password_expires_ms = Some(now_ms + days * 86_400_000);
            }
            u.failed_sign_ins = 0;
            u.locked_until_ms = 0;
            u.modified_ms = now_ms;
            Ok(())
        })?;
        Ok(AdminSetUserPasswordResponse {})
    }

    pub(crate) fn admin_reset_user_password(
        &self,
        req: AdminResetUserPasswordRequest,
    ) -> Result<AdminResetUserPasswordResponse, ApiError> {
        let now_ms = self.clock.now_ms();
        let sent = self.write(|st| -> Result<Option<SentCode>, ApiError> {
            let p = pool(st, &req.user_pool_id)?;
            let key = find_user_key(p, &req.username)?;
            let u = p.users.get(&key).ok_or_else(user_not_found)?;
            let attr = recovery_attribute(p, u);
            let pool_id = p.id.clone();
            crate::tokens::revoke_user(st, &pool_id, &key, now_ms);
            let u = crate::common::user_mut(st, &pool_id, &key)?;
            if u.status == "UNCONFIRMED" || u.status == "FORCE_CHANGE_PASSWORD" {
                return Err(not_authorized(
                    "User password cannot be reset in the current state.",
                ));
            }
            u.status = "RESET_REQUIRED".into();
            u.modified_ms = now_ms;
            match attr {
                Some(a) => {
                    let (_, s) = send_code(
                        st,
                        &pool_id,
                        &key,
                        purpose::FORGOT_PASSWORD,
                        a,
                        FORGOT_CODE_MS,
                        now_ms,
                    )?;
                    Ok(Some(s))
                }
                None => Ok(None),
            }
        })?;
        if let Some(s) = &sent {
            log_code(s);
        }
        Ok(AdminResetUserPasswordResponse {})
    }

    pub(crate) fn admin_get_user(
        &self,
        req: AdminGetUserRequest,
    ) -> Result<AdminGetUserResponse, ApiError> {
        let st = self.lock();
        let p = pool(&st, &req.user_pool_id)?;
        let key = find_user_key(p, &req.username)?;
        let u = p.users.get(&key).ok_or_else(user_not_found)?;
        let list = u.mfa.setting_list();
        Ok(AdminGetUserResponse {
            username: u.username.clone(),
            user_attributes: Some(attribute_list(u, None)),
            user_create_date: Some(secs(u.created_ms)),
            user_last_modified_date: Some(secs(u.modified_ms)),
            enabled: Some(u.enabled),
            user_status: Some(user_status(&u.status)),
            mfa_options: mfa_options(u),
            preferred_mfa_setting: u.mfa.preferred(),
            user_mfa_setting_list: (!list.is_empty()).then_some(list),
        })
    }

    pub(crate) fn admin_delete_user(
        &self,
        req: AdminDeleteUserRequest,
    ) -> Result<AdminDeleteUserResponse, ApiError> {
        let now_ms = self.clock.now_ms();
        self.write(|st| -> Result<(), ApiError> {
            let key = find_user_key(pool(st, &req.user_pool_id)?, &req.username)?;
            crate::tokens::revoke_user(st, &req.user_pool_id, &key, now_ms);
            pool_mut(st, &req.user_pool_id)?.users.remove(&key);
            Ok(())
        })?;
        Ok(AdminDeleteUserResponse {})
    }

    fn set_enabled(&self, pool_id: &str, username: &str, enabled: bool) -> Result<(), ApiError> {
        let now_ms = self.clock.now_ms();
        self.write(|st| -> Result<(), ApiError> {
            let p = pool_mut(st, pool_id)?;
            let key = find_user_key(p, username)?;
            let u = p.users.get_mut(&key).ok_or_else(user_not_found)?;
            u.enabled = enabled;
            u.modified_ms = now_ms;
            Ok(())
        })
    }

    pub(crate) fn admin_disable_user(
        &self,
        req: AdminDisableUserRequest,
    ) -> Result<AdminDisableUserResponse, ApiError> {
        self.set_enabled(&req.user_pool_id, &req.username, false)?;
        Ok(AdminDisableUserResponse {})
    }

    pub(crate) fn admin_enable_user(
        &self,
        req: AdminEnableUserRequest,
    ) -> Result<AdminEnableUserResponse, ApiError> {
        self.set_enabled(&req.user_pool_id, &req.username, true)?;
        Ok(AdminEnableUserResponse {})
    }

    pub(crate) fn admin_update_user_attributes(
        &self,
        req: AdminUpdateUserAttributesRequest,
    ) -> Result<AdminUpdateUserAttributesResponse, ApiError> {
        let now_ms = self.clock.now_ms();
        let attrs: Vec<(String, String)> = req
            .user_attributes
            .iter()
            .map(|a| (a.name.clone(), a.value.clone().unwrap_or_default()))
            .collect();
        let sent = self.write(|st| -> Result<Vec<SentCode>, ApiError> {
            let p = pool(st, &req.user_pool_id)?;
            check_attributes(p, &attrs)?;
            let key = find_user_key(p, &req.username)?;
            let settings = p.settings.clone();
            let pool_id = p.id.clone();
            let u = crate::common::user_mut(st, &pool_id, &key)?;
            let to_verify = crate::common::apply_attribute_updates(u, &attrs, &settings);
            u.modified_ms = now_ms;
            let mut sent = Vec::new();
            for attr in to_verify {
                let (_, s) = send_code(
                    st,
                    &pool_id,
                    &key,
                    &format!("{}:{attr}", purpose::VERIFY_ATTRIBUTE),
                    &attr,
                    VERIFY_CODE_MS,
                    now_ms,
                )?;
                sent.push(s);
            }
            Ok(sent)
        })?;
        for s in &sent {
            log_code(s);
        }
        Ok(AdminUpdateUserAttributesResponse {})
    }

    pub(crate) fn admin_delete_user_attributes(
        &self,
        req: AdminDeleteUserAttributesRequest,
    ) -> Result<AdminDeleteUserAttributesResponse, ApiError> {
        let now_ms = self.clock.now_ms();
        self.write(|st| -> Result<(), ApiError> {
            let p = pool_mut(st, &req.user_pool_id)?;
            let required = p.settings.required_attributes.clone();
            let key = find_user_key(p, &req.username)?;
            let u = p.users.get_mut(&key).ok_or_else(user_not_found)?;
            delete_attributes(u, &req.user_attribute_names, &required)?;
            u.modified_ms = now_ms;
            Ok(())
        })?;
        Ok(AdminDeleteUserAttributesResponse {})
    }

    pub(crate) fn delete_user_attributes(
        &self,
        req: DeleteUserAttributesRequest,
    ) -> Result<DeleteUserAttributesResponse, ApiError> {
        let now_ms = self.clock.now_ms();
        let ctx = self.verify_access_token(req.access_token.expose())?;
        self.write(|st| -> Result<(), ApiError> {
            let p = pool_mut(st, &ctx.pool_id)?;
            let required = p.settings.required_attributes.clone();
            let u = p.users.get_mut(&ctx.user_key).ok_or_else(user_not_found)?;
            delete_attributes(u, &req.user_attribute_names, &required)?;
            u.modified_ms = now_ms;
            Ok(())
        })?;
        Ok(DeleteUserAttributesResponse {})
    }

    pub(crate) fn list_users(&self, req: ListUsersRequest) -> Result<ListUsersResponse, ApiError> {
        let limit = match req.limit {
            None | Some(0) => 60,
            Some(l) if (1..=60).contains(&l) => l as usize,
            Some(_) => {
                return Err(invalid_parameter(
                    "1 validation error detected: Value at 'limit' failed to satisfy constraint: Member must have value less than or equal to 60",
                ));
            }
        };
        let filter = match &req.filter {
            Some(f) => parse_filter(f)?,
            None => None,
        };
        let start = page_start(req.pagination_token.as_ref())?;
        let st = self.lock();
        let p = pool(&st, &req.user_pool_id)?;
        let only = req.attributes_to_get.as_deref();
        // Filter first, then paginate (moto gets this order wrong).
        let mut it = p
            .users
            .iter()
            .filter(|(k, _)| start.as_ref().is_none_or(|s| k.as_str() > s.as_str()))
            .filter(|(_, u)| filter.as_ref().is_none_or(|f| filter_matches(f, u)));
        let page: Vec<(&String, &User)> = it.by_ref().take(limit).collect();
        let more = it.next().is_some();
        Ok(ListUsersResponse {
            pagination_token: if more {
                page.last().map(|(k, _)| page_token(k))
            } else {
                None
            },
            users: Some(page.iter().map(|(_, u)| wire_user(u, only)).collect()),
        })
    }

    pub(crate) fn set_user_pool_mfa_config(
        &self,
        req: SetUserPoolMfaConfigRequest,
    ) -> Result<SetUserPoolMfaConfigResponse, ApiError> {
        let now_ms = self.clock.now_ms();
        self.write(|st| -> Result<(), ApiError> {
            let p = pool_mut(st, &req.user_pool_id)?;
            let s = &mut p.settings;
            if let Some(sms) = &req.sms_mfa_configuration {
                s.sms_mfa_enabled = true;
                s.echo.sms_authentication_message = sms.sms_authentication_message.clone();
                if sms.sms_configuration.is_some() {
                    s.echo.sms_configuration = sms.sms_configuration.clone();
                }
            } else if req.mfa_configuration.is_some() {
                s.sms_mfa_enabled = false;
            }
            if let Some(t) = &req.software_token_mfa_configuration {
                s.software_token_mfa_enabled = t.enabled.unwrap_or(false);
            }
            if let Some(e) = &req.email_mfa_configuration {
                s.email_mfa_enabled = true;
                s.email_mfa = Some((e.message.clone(), e.subject.clone()));
            }
            if let Some(m) = &req.mfa_configuration {
                let m = m.to_string();
                if !matches!(m.as_str(), "OFF" | "ON" | "OPTIONAL") {
                    return Err(invalid_parameter(format!(
                        "1 validation error detected: Value '{m}' at 'mfaConfiguration' failed to satisfy constraint: Member must satisfy enum value set: [OFF, ON, OPTIONAL]"
                    )));
                }
                if m != "OFF"
                    && !s.sms_mfa_enabled
                    && !s.software_token_mfa_enabled
                    && !s.email_mfa_enabled
                {
                    return Err(invalid_parameter(
                        "Invalid MFA configuration given, can't turn off all MFAs and set MFA configuration to ON/OPTIONAL",
                    ));
                }
                s.mfa_configuration = m;
            }
            p.modified_ms = now_ms;
            Ok(())
        })?;
        let g = self.get_user_pool_mfa_config(GetUserPoolMfaConfigRequest {
            user_pool_id: req.user_pool_id.clone(),
        })?;
        Ok(SetUserPoolMfaConfigResponse {
            sms_mfa_configuration: g.sms_mfa_configuration,
            software_token_mfa_configuration: g.software_token_mfa_configuration,
            email_mfa_configuration: g.email_mfa_configuration,
            mfa_configuration: g.mfa_configuration,
            web_authn_configuration: g.web_authn_configuration,
        })
    }

    pub(crate) fn get_user_pool_mfa_config(
        &self,
        req: GetUserPoolMfaConfigRequest,
    ) -> Result<GetUserPoolMfaConfigResponse, ApiError> {
        let st = self.lock();
        let p = pool(&st, &req.user_pool_id)?;
        let s = &p.settings;
        Ok(GetUserPoolMfaConfigResponse {
            sms_mfa_configuration: s.sms_mfa_enabled.then(|| SmsMfaConfig {
                sms_authentication_message: s.echo.sms_authentication_message.clone(),
                sms_configuration: s.echo.sms_configuration.clone(),
            }),
            software_token_mfa_configuration: Some(SoftwareTokenMfaConfig {
                enabled: Some(s.software_token_mfa_enabled),
            }),
            email_mfa_configuration: s.email_mfa_enabled.then(|| {
                let (message, subject) = s.email_mfa.clone().unwrap_or((None, None));
                EmailMfaConfig { message, subject }
            }),
            mfa_configuration: Some(MfaConfiguration::from(s.mfa_configuration.as_str())),
            web_authn_configuration: None,
        })
    }

    pub(crate) fn admin_set_user_mfa_preference(
        &self,
        req: AdminSetUserMfaPreferenceRequest,
    ) -> Result<AdminSetUserMfaPreferenceResponse, ApiError> {
        let now_ms = self.clock.now_ms();
        self.write(|st| -> Result<(), ApiError> {
            let p = pool_mut(st, &req.user_pool_id)?;
            let key = find_user_key(p, &req.username)?;
            let u = p.users.get_mut(&key).ok_or_else(user_not_found)?;
            apply_mfa_preference(
                u,
                req.sms_mfa_settings.as_ref(),
                req.software_token_mfa_settings.as_ref(),
                req.email_mfa_settings.as_ref(),
            )?;
            u.modified_ms = now_ms;
            Ok(())
        })?;
        Ok(AdminSetUserMfaPreferenceResponse {})
    }

    pub(crate) fn set_user_mfa_preference(
        &self,
        req: SetUserMfaPreferenceRequest,
    ) -> Result<SetUserMfaPreferenceResponse, ApiError> {
        let now_ms = self.clock.now_ms();
        let ctx = self.verify_access_token(req.access_token.expose())?;
        self.write(|st| -> Result<(), ApiError> {
            let u = crate::common::user_mut(st, &ctx.pool_id, &ctx.user_key)?;
            apply_mfa_preference(
                u,
                req.sms_mfa_settings.as_ref(),
                req.software_token_mfa_settings.as_ref(),
                req.email_mfa_settings.as_ref(),
            )?;
            u.modified_ms = now_ms;
            Ok(())
        })?;
        Ok(SetUserMfaPreferenceResponse {})
    }
}

impl Inner {
    /// SetUserSettings: the legacy, SMS-only MFA switch (amazon-cognito-identity-js's
    /// `enableMFA`/`disableMFA`), the SMS part of SetUserMFAPreference.
    pub(crate) fn set_user_settings(
        &self,
        req: SetUserSettingsRequest,
    ) -> Result<SetUserSettingsResponse, ApiError> {
        let now_ms = self.clock.now_ms();
        let sms = legacy_sms_setting(&req.mfa_options)?;
        let ctx = self.verify_access_token(req.access_token.expose())?;
        self.write(|st| -> Result<(), ApiError> {
            let u = crate::common::user_mut(st, &ctx.pool_id, &ctx.user_key)?;
            apply_mfa_preference(u, Some(&sms), None, None)?;
            u.modified_ms = now_ms;
            Ok(())
        })?;
        Ok(SetUserSettingsResponse {})
    }

    /// AdminSetUserSettings: SetUserSettings for any user (SigV4).
    pub(crate) fn admin_set_user_settings(
        &self,
        req: AdminSetUserSettingsRequest,
    ) -> Result<AdminSetUserSettingsResponse, ApiError> {
        let now_ms = self.clock.now_ms();
        let sms = legacy_sms_setting(&req.mfa_options)?;
        self.write(|st| -> Result<(), ApiError> {
            let p = pool_mut(st, &req.user_pool_id)?;
            let key = find_user_key(p, &req.username)?;
            let u = p.users.get_mut(&key).ok_or_else(user_not_found)?;
            apply_mfa_preference(u, Some(&sms), None, None)?;
            u.modified_ms = now_ms;
            Ok(())
        })?;
        Ok(AdminSetUserSettingsResponse {})
    }
}

/// `MFAOptions` of (Admin)SetUserSettings as the SMS setting it stands for: SMS to
/// `phone_number` turns SMS MFA on (preference unchanged), an empty list turns it off.
/// Cognito accepts nothing else there ("You can use this parameter to set only the SMS
/// delivery medium value"; "The only valid value is phone_number").
fn legacy_sms_setting(options: &[MfaOption]) -> Result<SmsMfaSettings, ApiError> {
    for o in options {
        if o.delivery_medium != Some(DeliveryMedium::Sms) {
            return Err(invalid_parameter(
                "Only SMS can be set as the MFA delivery medium with SetUserSettings.",
            ));
        }
        if o.attribute_name.as_deref() != Some("phone_number") {
            return Err(invalid_parameter(
                "Only phone_number can be set as the MFA attribute with SetUserSettings.",
            ));
        }
    }
    Ok(SmsMfaSettings {
        enabled: Some(!options.is_empty()),
        preferred_mfa: None,
    })
}

fn delete_attributes(u: &mut User, names: &[String], required: &[String]) -> Result<(), ApiError> {
    for n in names {
        if n == "sub" || required.iter().any(|r| r == n) {
            return Err(invalid_parameter(format!(
                "Attributes did not conform to the schema: {n}: The attribute is required"
            )));
        }
    }
    for n in names {
        u.attributes.remove(n);
        crate::common::drop_pending(u, n);
        if n == "email" || n == "phone_number" {
            u.attributes.remove(&format!("{n}_verified"));
        }
    }
    Ok(())
}

/// SetUserMFAPreference semantics: absent settings are left alone; only one
/// factor may be preferred; TOTP needs a verified secret; SMS needs a phone
/// number and email MFA an email address.
fn apply_mfa_preference(
    u: &mut User,
    sms: Option<&SmsMfaSettings>,
    totp: Option<&SoftwareTokenMfaSettings>,
    email: Option<&EmailMfaSettings>,
) -> Result<(), ApiError> {
    let preferred = [
        sms.and_then(|s| s.preferred_mfa).unwrap_or(false),
        totp.and_then(|s| s.preferred_mfa).unwrap_or(false),
        email.and_then(|s| s.preferred_mfa).unwrap_or(false),
    ];
    if preferred.iter().filter(|p| **p).count() > 1 {
        return Err(invalid_parameter("Only one MFA method can be preferred."));
    }
    if let Some(t) = totp
        && t.enabled == Some(true)
        && u.mfa.totp_secret.is_none()
    {
        return Err(invalid_parameter(
            "User has not verified software token mfa",
        ));
    }
    if let Some(s) = sms
        && s.enabled == Some(true)
        && !u.attributes.contains_key("phone_number")
    {
        return Err(invalid_parameter(
            "User does not have a phone number for SMS MFA.",
        ));
    }
    if let Some(e) = email
        && e.enabled == Some(true)
        && !u.attributes.contains_key("email")
    {
        return Err(invalid_parameter(
            "User does not have an email address for email MFA.",
        ));
    }
    let any_preferred = preferred.iter().any(|p| *p);
    if any_preferred {
        u.mfa.sms_preferred = false;
        u.mfa.totp_preferred = false;
        u.mfa.email_preferred = false;
    }
    if let Some(s) = sms {
        if let Some(e) = s.enabled {
            u.mfa.sms_enabled = e;
        }
        u.mfa.sms_preferred = s.preferred_mfa.unwrap_or(u.mfa.sms_preferred) && u.mfa.sms_enabled;
    }
    if let Some(t) = totp {
        if let Some(e) = t.enabled {
            u.mfa.totp_enabled = e;
        }
        u.mfa.totp_preferred =
            t.preferred_mfa.unwrap_or(u.mfa.totp_preferred) && u.mfa.totp_enabled;
    }
    if let Some(m) = email {
        if let Some(e) = m.enabled {
            u.mfa.email_enabled = e;
        }
        u.mfa.email_preferred =
            m.preferred_mfa.unwrap_or(u.mfa.email_preferred) && u.mfa.email_enabled;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_parse() {
        assert_eq!(
            parse_filter("email ^= \"a\"").ok().flatten(),
            Some(Filter {
                attr: "email".into(),
                prefix: true,
                value: "a".into()
            })
        );
        assert_eq!(
            parse_filter("username = \"bob\"")
                .ok()
                .flatten()
                .map(|f| f.prefix),
            Some(false)
        );
        assert!(parse_filter("custom:x = \"1\"").is_err());
        assert!(parse_filter("email = bob").is_err());
        assert!(parse_filter("").ok().flatten().is_none());
    }
}
