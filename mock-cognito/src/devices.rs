//! Remembered devices: device tracking at sign-in (`NewDeviceMetadata`), the
//! `DEVICE_SRP_AUTH` / `DEVICE_PASSWORD_VERIFIER` challenges, and the device
//! actions (`ConfirmDevice`, `GetDevice`, `ListDevices`, `ForgetDevice`,
//! `UpdateDeviceStatus` and their `Admin*` twins).
//!
//! A pool tracks devices when it has a `DeviceConfiguration` ("When you
//! provide a value for any property of DeviceConfiguration, you activate the
//! device remembering for the user pool", API reference). A sign-in that
//! presents no `DEVICE_KEY` then gets a new device in `NewDeviceMetadata`;
//! once the client confirms it (ConfirmDevice, with a device SRP verifier), a
//! later sign-in presenting its key must prove the device with device SRP
//! after the password (and, when the device is remembered and the pool sets
//! `ChallengeRequiredOnNewDevice`, instead of MFA). An unknown or forgotten
//! key answers `ResourceNotFoundException: Device does not exist.`, on which
//! Amplify forgets its stored device and signs in again without it.

use std::sync::Arc;

use cognito_auth_proto::{
    Attribute, ChallengeName, ConfirmDeviceRequest, ConfirmDeviceResponse, Device,
    DeviceConfiguration, DeviceRememberedStatus, ErrorKind, ForgetDeviceRequest,
    ForgetDeviceResponse, GetDeviceRequest, GetDeviceResponse, ListDevicesRequest,
    ListDevicesResponse, ParamMap, Sensitive, UpdateDeviceStatusRequest,
    UpdateDeviceStatusResponse, params,
};
use cognito_auth_srp::{OsRandom, SrpServer, Verifier};
use serde::{Deserialize, Serialize};

use crate::admin::secs;
use crate::auth::{
    Outcome, SRP_CHALLENGE_MS, TIMESTAMP_WINDOW_SECS, consume_session, new_session, next_step,
    open_session,
};
use crate::common::check_secret_hash;
use crate::error::{
    ApiError, err, expired_session, incorrect_credentials, internal, invalid_parameter,
    invalid_session, missing_parameter, resource_not_found, user_not_found,
};
use crate::ids;
use crate::service::Inner;
use crate::state::{AuthProgress, Client, DeviceRecord, Pool, SrpPending, State, User};

/// Largest `Limit` of ListDevices / AdminListDevices (the API's range is 0–60).
pub const MAX_LIST_LIMIT: i32 = 60;

/// Devices handed out but never confirmed that a user keeps; older ones are
/// dropped first.
pub const MAX_UNCONFIRMED: usize = 20;

/// Context key of the `SECRET_BLOCK` a `DEVICE_PASSWORD_VERIFIER` session waits for.
const SECRET_BLOCK_CONTEXT: &str = "deviceSecretBlock";

/// `ResourceNotFoundException: Device does not exist.` (the message Amplify's
/// retry looks for).
pub fn device_not_found() -> ApiError {
    resource_not_found("Device does not exist.")
}

/// True for [`device_not_found`].
pub fn is_device_not_found(e: &ApiError) -> bool {
    e.kind == ErrorKind::ResourceNotFound && e.message == "Device does not exist."
}

/// The pool's device configuration, when it tracks devices.
pub fn tracking(pool: &Pool) -> Option<&DeviceConfiguration> {
    pool.settings.echo.device_configuration.as_ref()
}

/// A device key as Cognito shapes them: `{region}_{uuid}`.
fn new_device_key(region: &str) -> String {
    format!("{region}_{}", ids::uuid())
}

/// A device group key: `-` and nine random alphanumerics.
fn new_group_key() -> String {
    const ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let mut out = String::from("-");
    for b in ids::random_bytes(9) {
        out.push(char::from(ALNUM[usize::from(b) % ALNUM.len()]));
    }
    out
}

/// What the device of a sign-in means for the next step.
pub(crate) struct DevicePlan {
    /// The confirmed device the sign-in presented (`DEVICE_KEY`).
    pub device: Option<DeviceRecord>,
    /// The remembered device replaces MFA (`ChallengeRequiredOnNewDevice`).
    pub skips_mfa: bool,
    /// The pool tracks devices.
    pub tracking: bool,
}

/// Looks up the device a sign-in presented. A key the user does not have
/// (never issued, forgotten, another user's, or never confirmed) is
/// `Device does not exist.`; without device tracking the key is ignored.
pub(crate) fn plan(
    pool: &Pool,
    user: &User,
    progress: &AuthProgress,
) -> Result<DevicePlan, ApiError> {
    let Some(config) = tracking(pool) else {
        return Ok(DevicePlan {
            device: None,
            skips_mfa: false,
            tracking: false,
        });
    };
    let Some(key) = progress.device_key.as_deref() else {
        return Ok(DevicePlan {
            device: None,
            skips_mfa: false,
            tracking: true,
        });
    };
    let device = user
        .devices
        .get(key)
        .filter(|d| d.confirmed())
        .cloned()
        .ok_or_else(device_not_found)?;
    let skips_mfa = device.remembered() && config.challenge_required_on_new_device == Some(true);
    Ok(DevicePlan {
        device: Some(device),
        skips_mfa,
        tracking: true,
    })
}

/// The `DEVICE_SRP_AUTH` challenge for a presented device.
pub(crate) fn challenge(
    st: &mut State,
    pool_id: &str,
    client: &Client,
    user_key: &str,
    progress: AuthProgress,
    now_ms: i64,
) -> Outcome {
    let session = new_session(
        st,
        pool_id,
        client,
        user_key,
        &ChallengeName::DeviceSrpAuth,
        progress,
        now_ms,
    );
    Outcome {
        challenge: Some(ChallengeName::DeviceSrpAuth),
        session: Some(session),
        params: ParamMap::new(),
        ..Outcome::default()
    }
}

/// At the end of a sign-in: the device used (its last authentication is
/// now), or a new tracked device. Returns `(device_key, new_group_key)`.
pub(crate) fn finish_sign_in(
    st: &mut State,
    pool_id: &str,
    user_key: &str,
    plan: &DevicePlan,
    now_ms: i64,
) -> Result<(Option<String>, Option<String>), ApiError> {
    if !plan.tracking {
        return Ok((None, None));
    }
    let pool = crate::common::pool_mut(st, pool_id)?;
    let region = pool.region.clone();
    let user = pool.users.get_mut(user_key).ok_or_else(user_not_found)?;
    if let Some(d) = &plan.device {
        if let Some(rec) = user.devices.get_mut(&d.key) {
            rec.last_authenticated_ms = now_ms;
        }
        return Ok((Some(d.key.clone()), None));
    }
    // A new device, tracked but not confirmed until ConfirmDevice.
    let mut unconfirmed: Vec<(i64, String)> = user
        .devices
        .values()
        .filter(|d| !d.confirmed())
        .map(|d| (d.created_ms, d.key.clone()))
        .collect();
    if unconfirmed.len() >= MAX_UNCONFIRMED {
        unconfirmed.sort();
        let excess = unconfirmed.len() + 1 - MAX_UNCONFIRMED;
        for (_, k) in unconfirmed.into_iter().take(excess) {
            user.devices.remove(&k);
        }
    }
    let key = new_device_key(&region);
    let group_key = new_group_key();
    user.devices.insert(
        key.clone(),
        DeviceRecord {
            key: key.clone(),
            group_key: group_key.clone(),
            name: None,
            salt: None,
            verifier: None,
            remembered_status: None,
            created_ms: now_ms,
            modified_ms: now_ms,
            last_authenticated_ms: now_ms,
        },
    );
    Ok((Some(key), Some(group_key)))
}

/// `DeviceType` of a confirmed device.
fn device_type(pool: &Pool, user: &User, d: &DeviceRecord) -> Device {
    let owner = format!("{}.{}", user.username, pool.id);
    let arn_prefix = pool
        .arn
        .split_once(":userpool/")
        .map_or(pool.arn.as_str(), |(p, _)| p);
    let mut attrs = vec![Attribute {
        name: "device_status".into(),
        value: Some("valid".into()),
    }];
    if let Some(n) = &d.name {
        attrs.push(Attribute {
            name: "device_name".into(),
            value: Some(n.clone()),
        });
    }
    attrs.push(Attribute {
        name: "dev:device_arn".into(),
        value: Some(format!("{arn_prefix}:owner/{owner}/device/{}", d.key)),
    });
    attrs.push(Attribute {
        name: "dev:device_owner".into(),
        value: Some(owner),
    });
    if let Some(s) = &d.remembered_status {
        attrs.push(Attribute {
            name: "dev:device_remembered_status".into(),
            value: Some(s.clone()),
        });
    }
    Device {
        device_key: Some(d.key.clone()),
        device_attributes: Some(attrs),
        device_create_date: Some(secs(d.created_ms)),
        device_last_modified_date: Some(secs(d.modified_ms)),
        device_last_authenticated_date: Some(secs(d.last_authenticated_ms)),
    }
}

/// A confirmed device of a user, or `Device does not exist.`
fn confirmed<'a>(user: &'a User, key: &str) -> Result<&'a DeviceRecord, ApiError> {
    user.devices
        .get(key)
        .filter(|d| d.confirmed())
        .ok_or_else(device_not_found)
}

fn check_key(key: &str) -> Result<(), ApiError> {
    if key.is_empty() || key.len() > 55 {
        return Err(invalid_parameter(format!(
            "1 validation error detected: Value '{key}' at 'deviceKey' failed to satisfy constraint: Member must have length between 1 and 55"
        )));
    }
    Ok(())
}

/// One page of a user's confirmed devices, oldest first.
fn list_page(
    pool: &Pool,
    user: &User,
    limit: Option<i32>,
    token: Option<&str>,
) -> Result<ListDevicesResponse, ApiError> {
    let limit = limit.unwrap_or(MAX_LIST_LIMIT);
    if !(0..=MAX_LIST_LIMIT).contains(&limit) {
        return Err(invalid_parameter(format!(
            "1 validation error detected: Value '{limit}' at 'limit' failed to satisfy constraint: Member must have value {} {}",
            if limit < 0 {
                "greater than or equal to"
            } else {
                "less than or equal to"
            },
            if limit < 0 { 0 } else { MAX_LIST_LIMIT }
        )));
    }
    let mut all: Vec<&DeviceRecord> = user.devices.values().filter(|d| d.confirmed()).collect();
    all.sort_by(|a, b| (a.created_ms, &a.key).cmp(&(b.created_ms, &b.key)));
    let token = token.filter(|t| !t.is_empty()).map(str::to_owned);
    let start = match crate::admin::page_start(token.as_ref())? {
        None => 0,
        Some(after) => all
            .iter()
            .position(|d| d.key == after)
            .map(|i| i + 1)
            .ok_or_else(|| invalid_parameter("Invalid pagination token."))?,
    };
    let n = usize::try_from(limit).unwrap_or(0);
    let page: Vec<&DeviceRecord> = all.iter().skip(start).take(n).copied().collect();
    let more = start + page.len() < all.len() && !page.is_empty();
    Ok(ListDevicesResponse {
        devices: Some(page.iter().map(|d| device_type(pool, user, d)).collect()),
        pagination_token: more
            .then(|| page.last().map(|d| crate::admin::page_token(&d.key)))
            .flatten(),
    })
}

fn status_str(s: Option<&DeviceRememberedStatus>) -> Result<&'static str, ApiError> {
    match s {
        Some(DeviceRememberedStatus::Remembered) => Ok("remembered"),
        Some(DeviceRememberedStatus::NotRemembered) => Ok("not_remembered"),
        Some(DeviceRememberedStatus::Unknown(v)) => Err(invalid_parameter(format!(
            "1 validation error detected: Value '{v}' at 'deviceRememberedStatus' failed to satisfy constraint: Member must satisfy enum value set: [remembered, not_remembered]"
        ))),
        None => Err(missing_parameter("DeviceRememberedStatus")),
    }
}

/// `AdminGetDevice` input.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct AdminGetDeviceRequest {
    #[serde(rename = "DeviceKey")]
    pub device_key: String,
    #[serde(rename = "UserPoolId")]
    pub user_pool_id: String,
    #[serde(rename = "Username")]
    pub username: Sensitive,
}

/// `AdminListDevices` input.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct AdminListDevicesRequest {
    #[serde(rename = "UserPoolId")]
    pub user_pool_id: String,
    #[serde(rename = "Username")]
    pub username: Sensitive,
    #[serde(rename = "Limit", default)]
    pub limit: Option<i32>,
    #[serde(rename = "PaginationToken", default)]
    pub pagination_token: Option<String>,
}

/// `AdminForgetDevice` input.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct AdminForgetDeviceRequest {
    #[serde(rename = "UserPoolId")]
    pub user_pool_id: String,
    #[serde(rename = "Username")]
    pub username: Sensitive,
    #[serde(rename = "DeviceKey")]
    pub device_key: String,
}

/// `AdminUpdateDeviceStatus` input.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct AdminUpdateDeviceStatusRequest {
    #[serde(rename = "UserPoolId")]
    pub user_pool_id: String,
    #[serde(rename = "Username")]
    pub username: Sensitive,
    #[serde(rename = "DeviceKey")]
    pub device_key: String,
    #[serde(rename = "DeviceRememberedStatus", default)]
    pub device_remembered_status: Option<DeviceRememberedStatus>,
}

/// The empty output of the Admin device writes.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Empty {}

impl Inner {
    /// The pool and user key of an access token.
    fn token_user(&self, token: Option<&Sensitive>) -> Result<(String, String), ApiError> {
        let token = token
            .map(Sensitive::expose)
            .filter(|t| !t.is_empty())
            .ok_or_else(|| missing_parameter("AccessToken"))?;
        let ctx = self.verify_access_token(token)?;
        Ok((ctx.pool_id, ctx.user_key))
    }

    /// The pool id and user key an admin request names.
    fn admin_user(&self, pool_id: &str, username: &str) -> Result<(String, String), ApiError> {
        let st = self.lock();
        let pool = crate::common::pool(&st, pool_id)?;
        let key = pool.find_user_admin(username).ok_or_else(user_not_found)?;
        Ok((pool.id.clone(), key))
    }

    fn read_user<R>(
        &self,
        pool_id: &str,
        user_key: &str,
        f: impl FnOnce(&Pool, &User) -> Result<R, ApiError>,
    ) -> Result<R, ApiError> {
        let st = self.lock();
        let pool = crate::common::pool(&st, pool_id)?;
        let user = pool.users.get(user_key).ok_or_else(user_not_found)?;
        f(pool, user)
    }

    /// GetDevice and AdminGetDevice once the user is known.
    fn get(
        &self,
        pool_id: &str,
        user_key: &str,
        device_key: &str,
    ) -> Result<GetDeviceResponse, ApiError> {
        check_key(device_key)?;
        self.read_user(pool_id, user_key, |pool, user| {
            let d = confirmed(user, device_key)?;
            Ok(GetDeviceResponse {
                device: device_type(pool, user, d),
            })
        })
    }

    fn forget(&self, pool_id: &str, user_key: &str, key: &str) -> Result<(), ApiError> {
        check_key(key)?;
        self.write(|st| {
            let user = crate::common::user_mut(st, pool_id, user_key)?;
            user.devices.remove(key).ok_or_else(device_not_found)?;
            Ok(())
        })
    }

    fn set_status(
        &self,
        pool_id: &str,
        user_key: &str,
        key: &str,
        status: Option<&DeviceRememberedStatus>,
    ) -> Result<(), ApiError> {
        check_key(key)?;
        let status = status_str(status)?;
        let now_ms = self.clock.now_ms();
        self.write(|st| {
            let user = crate::common::user_mut(st, pool_id, user_key)?;
            let d = user
                .devices
                .get_mut(key)
                .filter(|d| d.confirmed())
                .ok_or_else(device_not_found)?;
            d.remembered_status = Some(status.to_owned());
            d.modified_ms = now_ms;
            Ok(())
        })
    }

    pub(crate) fn confirm_device(
        &self,
        req: ConfirmDeviceRequest,
    ) -> Result<ConfirmDeviceResponse, ApiError> {
        let (pool_id, user_key) = self.token_user(Some(&req.access_token))?;
        check_key(&req.device_key)?;
        if let Some(n) = &req.device_name
            && (n.is_empty() || n.chars().count() > 1024)
        {
            return Err(invalid_parameter(
                "1 validation error detected: Value at 'deviceName' failed to satisfy constraint: Member must have length between 1 and 1024",
            ));
        }
        let config = req
            .device_secret_verifier_config
            .as_ref()
            .ok_or_else(|| missing_parameter("DeviceSecretVerifierConfig"))?;
        let salt = config
            .salt
            .clone()
            .filter(|s| !s.is_empty())
            .ok_or_else(|| missing_parameter("DeviceSecretVerifierConfig.Salt"))?;
        let verifier = config
            .password_verifier
            .as_ref()
            .map(|v| v.expose().to_owned())
            .filter(|v| !v.is_empty())
            .ok_or_else(|| missing_parameter("DeviceSecretVerifierConfig.PasswordVerifier"))?;
        // The verifier must be usable for device SRP later.
        Verifier::from_device_config(&salt, &verifier).map_err(|_| {
            invalid_parameter("DeviceSecretVerifierConfig is not a valid SRP salt and verifier.")
        })?;
        let now_ms = self.clock.now_ms();
        self.write(|st| {
            let pool = crate::common::pool_mut(st, &pool_id)?;
            let prompt = tracking(pool)
                .and_then(|c| c.device_only_remembered_on_user_prompt)
                .unwrap_or(false);
            let user = pool.users.get_mut(&user_key).ok_or_else(user_not_found)?;
            let d = user
                .devices
                .get_mut(&req.device_key)
                .ok_or_else(device_not_found)?;
            if d.confirmed() {
                return Err(err(
                    ErrorKind::DeviceKeyExists,
                    "Device key already exists.",
                ));
            }
            d.salt = Some(salt);
            d.verifier = Some(verifier);
            d.name = req.device_name.clone();
            d.remembered_status = Some(
                if prompt {
                    "not_remembered"
                } else {
                    "remembered"
                }
                .into(),
            );
            d.modified_ms = now_ms;
            Ok(ConfirmDeviceResponse {
                user_confirmation_necessary: Some(prompt),
            })
        })
    }

    pub(crate) fn get_device(&self, req: GetDeviceRequest) -> Result<GetDeviceResponse, ApiError> {
        let (pool_id, user_key) = self.token_user(req.access_token.as_ref())?;
        self.get(&pool_id, &user_key, &req.device_key)
    }

    pub(crate) fn list_devices(
        &self,
        req: ListDevicesRequest,
    ) -> Result<ListDevicesResponse, ApiError> {
        let (pool_id, user_key) = self.token_user(Some(&req.access_token))?;
        self.read_user(&pool_id, &user_key, |pool, user| {
            list_page(pool, user, req.limit, req.pagination_token.as_deref())
        })
    }

    pub(crate) fn forget_device(
        &self,
        req: ForgetDeviceRequest,
    ) -> Result<ForgetDeviceResponse, ApiError> {
        let (pool_id, user_key) = self.token_user(req.access_token.as_ref())?;
        self.forget(&pool_id, &user_key, &req.device_key)?;
        Ok(ForgetDeviceResponse {})
    }

    pub(crate) fn update_device_status(
        &self,
        req: UpdateDeviceStatusRequest,
    ) -> Result<UpdateDeviceStatusResponse, ApiError> {
        let (pool_id, user_key) = self.token_user(Some(&req.access_token))?;
        self.set_status(
            &pool_id,
            &user_key,
            &req.device_key,
            req.device_remembered_status.as_ref(),
        )?;
        Ok(UpdateDeviceStatusResponse {})
    }

    pub(crate) fn admin_get_device(
        &self,
        req: AdminGetDeviceRequest,
    ) -> Result<GetDeviceResponse, ApiError> {
        let (pool_id, user_key) = self.admin_user(&req.user_pool_id, req.username.expose())?;
        self.get(&pool_id, &user_key, &req.device_key)
    }

    pub(crate) fn admin_list_devices(
        &self,
        req: AdminListDevicesRequest,
    ) -> Result<ListDevicesResponse, ApiError> {
        let (pool_id, user_key) = self.admin_user(&req.user_pool_id, req.username.expose())?;
        self.read_user(&pool_id, &user_key, |pool, user| {
            list_page(pool, user, req.limit, req.pagination_token.as_deref())
        })
    }

    pub(crate) fn admin_forget_device(
        &self,
        req: AdminForgetDeviceRequest,
    ) -> Result<Empty, ApiError> {
        let (pool_id, user_key) = self.admin_user(&req.user_pool_id, req.username.expose())?;
        self.forget(&pool_id, &user_key, &req.device_key)?;
        Ok(Empty {})
    }

    pub(crate) fn admin_update_device_status(
        &self,
        req: AdminUpdateDeviceStatusRequest,
    ) -> Result<Empty, ApiError> {
        let (pool_id, user_key) = self.admin_user(&req.user_pool_id, req.username.expose())?;
        self.set_status(
            &pool_id,
            &user_key,
            &req.device_key,
            req.device_remembered_status.as_ref(),
        )?;
        Ok(Empty {})
    }

    /// `DEVICE_SRP_AUTH` answer (`USERNAME`, `DEVICE_KEY`, `SRP_A`): the
    /// `DEVICE_PASSWORD_VERIFIER` challenge, with the stored device verifier.
    pub(crate) fn answer_device_srp_auth(
        &self,
        pool_id: &str,
        client: &Client,
        token: &str,
        r: &ParamMap,
        now_ms: i64,
    ) -> Result<Outcome, ApiError> {
        let username = require(r, params::USERNAME)?;
        let device_key = require(r, params::DEVICE_KEY)?;
        let srp_a = require(r, params::SRP_A)?;
        let a_ok = srp_a.len() <= 1024
            && cognito_auth_srp::group::parse_hex(srp_a)
                .is_some_and(|a| !cognito_auth_srp::group::is_zero_mod_n(&a));
        if !a_ok {
            return Err(invalid_parameter("SRP_A is not a valid SRP public value."));
        }
        let (session, device, internal_name) = {
            let st = self.lock();
            let s = open_session(
                &st,
                token,
                &client.id,
                &ChallengeName::DeviceSrpAuth,
                now_ms,
            )?;
            let pool = crate::common::pool(&st, pool_id)?;
            let user = pool.users.get(&s.user_key).ok_or_else(user_not_found)?;
            if pool.find_user(username).is_none_or(|k| k != s.user_key) {
                return Err(invalid_session());
            }
            check_secret_hash(
                client,
                &[username, &user.username],
                r.get(params::SECRET_HASH),
            )?;
            if s.progress.device_key.as_deref() != Some(device_key) {
                return Err(device_not_found());
            }
            let device = confirmed(user, device_key)?.clone();
            (s, device, user.username.clone())
        };
        let (Some(salt), Some(verifier)) = (&device.salt, &device.verifier) else {
            return Err(device_not_found());
        };
        let verifier = Verifier::from_device_config(salt, verifier)
            .map_err(|e| internal(format!("stored device verifier unusable: {e}")))?;
        let server = SrpServer::new(&verifier, &mut OsRandom)
            .map_err(|e| internal(format!("SRP failed: {e}")))?;
        let srp_b = server.srp_b();
        let salt_hex = server.salt();
        let secret_block = ids::secret_block();
        let mut progress = session.progress.clone();
        progress
            .context
            .insert(SECRET_BLOCK_CONTEXT.into(), secret_block.clone());
        let new_token = self.write(|st| -> Result<String, ApiError> {
            consume_session(st, token)?;
            st.srp_pending.insert(
                secret_block.clone(),
                SrpPending {
                    pool_id: pool_id.to_owned(),
                    client_id: client.id.clone(),
                    user_key: session.user_key.clone(),
                    user_id: device.key.clone(),
                    srp_a: srp_a.to_owned(),
                    server: Arc::new(server),
                    expires_ms: now_ms + SRP_CHALLENGE_MS,
                    progress: progress.clone(),
                    admin: false,
                    device_group_key: Some(device.group_key.clone()),
                },
            );
            Ok(new_session(
                st,
                pool_id,
                client,
                &session.user_key,
                &ChallengeName::DevicePasswordVerifier,
                progress,
                now_ms,
            ))
        })?;
        let mut out = ParamMap::new();
        out.insert(params::SALT, salt_hex);
        out.insert(params::SRP_B, srp_b);
        out.insert(params::SECRET_BLOCK, secret_block);
        out.insert(params::USERNAME, internal_name);
        Ok(Outcome {
            challenge: Some(ChallengeName::DevicePasswordVerifier),
            session: Some(new_token),
            params: out,
            ..Outcome::default()
        })
    }

    /// `DEVICE_PASSWORD_VERIFIER` answer: the device's SRP proof (pool name =
    /// device group key, user id = device key); then tokens.
    pub(crate) fn answer_device_password_verifier(
        &self,
        pool_id: &str,
        client: &Client,
        token: &str,
        r: &ParamMap,
        now_ms: i64,
    ) -> Result<Outcome, ApiError> {
        let username = require(r, params::USERNAME)?;
        let device_key = require(r, params::DEVICE_KEY)?;
        let block = require(r, params::PASSWORD_CLAIM_SECRET_BLOCK)?;
        let signature = require(r, params::PASSWORD_CLAIM_SIGNATURE)?;
        let timestamp = require(r, params::TIMESTAMP)?;
        // Single use: the session and the challenge go whatever the answer.
        let (session, pending) = self.write(|st| -> Result<_, ApiError> {
            let s = open_session(
                st,
                token,
                &client.id,
                &ChallengeName::DevicePasswordVerifier,
                now_ms,
            )?;
            consume_session(st, token)?;
            let expected = s.progress.context.get(SECRET_BLOCK_CONTEXT).cloned();
            let pending = expected.and_then(|b| st.srp_pending.remove(&b));
            let pool = crate::common::pool(st, pool_id)?;
            let user = pool.users.get(&s.user_key).ok_or_else(user_not_found)?;
            if pool.find_user(username).is_none_or(|k| k != s.user_key) {
                return Err(invalid_session());
            }
            check_secret_hash(
                client,
                &[username, &user.username],
                r.get(params::SECRET_HASH),
            )?;
            Ok((s, pending))
        })?;
        let pending = pending.ok_or_else(incorrect_credentials)?;
        if pending.expires_ms <= now_ms {
            return Err(expired_session());
        }
        let ts_ok = cognito_auth_srp::timestamp::parse(timestamp).is_ok_and(|t| {
            let mock_now = now_ms.div_euclid(1000);
            let sys_now = crate::clock::system_now_ms().div_euclid(1000);
            (t - mock_now).abs() <= TIMESTAMP_WINDOW_SECS
                || (t - sys_now).abs() <= TIMESTAMP_WINDOW_SECS
        });
        let group_key = pending.device_group_key.clone().unwrap_or_default();
        let proof_ok = ts_ok
            && pending.user_id == device_key
            && crate::common::decode_secret_block(block).is_some_and(|raw| {
                pending
                    .server
                    .verify(
                        &pending.srp_a,
                        &group_key,
                        &pending.user_id,
                        &raw,
                        timestamp,
                        signature,
                    )
                    .is_ok()
            });
        if !proof_ok {
            return Err(incorrect_credentials());
        }
        let step = self.write(|st| {
            crate::auth::pre_checks(st, pool_id, &session.user_key, now_ms)?;
            let mut progress = session.progress.clone();
            progress.context.remove(SECRET_BLOCK_CONTEXT);
            progress.device_done = true;
            next_step(st, pool_id, client, &session.user_key, progress, now_ms)
        })?;
        self.finish(step)
    }
}

fn require<'a>(p: &'a ParamMap, name: &str) -> Result<&'a str, ApiError> {
    p.get(name)
        .filter(|v| !v.is_empty())
        .ok_or_else(|| missing_parameter(name))
}
