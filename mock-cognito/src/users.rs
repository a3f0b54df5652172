//! Unsigned user actions: sign-up and confirmation, password reset and
//! change, the signed-in user's own record.

use cognito_auth_proto::{
    Attribute, ChangePasswordRequest, ChangePasswordResponse, ConfirmForgotPasswordRequest,
    ConfirmForgotPasswordResponse, ConfirmSignUpRequest, ConfirmSignUpResponse, DeleteUserRequest,
    DeleteUserResponse, DeliveryMedium, ErrorKind, ForgotPasswordRequest, ForgotPasswordResponse,
    GetUserAttributeVerificationCodeRequest, GetUserAttributeVerificationCodeResponse,
    GetUserRequest, GetUserResponse, MfaOption, ResendConfirmationCodeRequest,
    ResendConfirmationCodeResponse, Sensitive, SignUpRequest, SignUpResponse,
    UpdateUserAttributesRequest, UpdateUserAttributesResponse, VerifyUserAttributeRequest,
    VerifyUserAttributeResponse,
};

use crate::common::{
    check_code, check_secret_hash, delivery_details, log_code, pool_of_client, purpose,
    recovery_attribute, send_code, signup_code_attribute,
};
use crate::error::{
    ApiError, err, incorrect_credentials, invalid_parameter, limit_exceeded, not_authorized,
    user_not_found,
};
use crate::ids;
use crate::password::PasswordRecord;
use crate::provision::plan_user;
use crate::service::Inner;
use crate::state::{AuthProgress, AuthSession, SentCode, State, User};

/// Sign-up codes live 24 hours.
pub const SIGN_UP_CODE_MS: i64 = 24 * 3_600_000;
/// Password-reset codes live 1 hour.
pub const FORGOT_CODE_MS: i64 = 3_600_000;
/// Attribute-verification codes live 24 hours.
pub const VERIFY_CODE_MS: i64 = 24 * 3_600_000;

/// The session that links SignUp → ConfirmSignUp → USER_AUTH (auto sign-in).
pub const SIGN_UP_SESSION: &str = "SIGN_UP";
/// The session ConfirmSignUp returns for auto sign-in.
pub const AUTO_SIGN_IN_SESSION: &str = "AUTO_SIGN_IN";

fn attrs_of(list: Option<&Vec<Attribute>>) -> Vec<(String, String)> {
    list.map(|l| {
        l.iter()
            .map(|a| (a.name.clone(), a.value.clone().unwrap_or_default()))
            .collect()
    })
    .unwrap_or_default()
}

/// A user's attributes as the wire list (`sub` first).
pub(crate) fn attribute_list(user: &User, only: Option<&[String]>) -> Vec<Attribute> {
    user.all_attributes()
        .into_iter()
        .filter(|(k, _)| only.is_none_or(|o| o.iter().any(|a| a == k)))
        .map(|(name, value)| Attribute {
            name,
            value: Some(value),
        })
        .collect()
}

/// Legacy `MFAOptions` (SMS only).
pub(crate) fn mfa_options(user: &User) -> Option<Vec<MfaOption>> {
    user.mfa.sms_enabled.then(|| {
        vec![MfaOption {
            delivery_medium: Some(DeliveryMedium::Sms),
            attribute_name: Some("phone_number".into()),
        }]
    })
}

fn log_all(sent: &[SentCode]) {
    for s in sent {
        log_code(s);
    }
}

/// Marks the attribute a code was delivered to as verified, enforcing
/// alias uniqueness (`ForceAliasCreation` moves the alias).
fn verify_attribute(
    st: &mut State,
    pool_id: &str,
    user_key: &str,
    attr: &str,
    force_alias: bool,
) -> Result<(), ApiError> {
    let pool = crate::common::pool_mut(st, pool_id)?;
    let is_alias = pool.settings.alias_attributes.iter().any(|a| a == attr);
    let value = pool
        .users
        .get(user_key)
        .and_then(|u| u.attributes.get(attr).cloned());
    if let (true, Some(value)) = (is_alias, value) {
        let holder = pool
            .users
            .iter()
            .find(|(k, u)| {
                k.as_str() != user_key
                    && u.is_verified(attr)
                    && u.attributes
                        .get(attr)
                        .is_some_and(|v| v.eq_ignore_ascii_case(&value))
            })
            .map(|(k, _)| k.clone());
        if let Some(other) = holder {
            if !force_alias {
                return Err(err(
                    ErrorKind::AliasExists,
                    format!("An account with the given {attr} already exists."),
                ));
            }
            if let Some(o) = pool.users.get_mut(&other) {
                o.attributes
                    .insert(format!("{attr}_verified"), "false".into());
            }
        }
    }
    let user = pool.users.get_mut(user_key).ok_or_else(user_not_found)?;
    user.attributes
        .insert(format!("{attr}_verified"), "true".into());
    Ok(())
}

impl Inner {
    pub(crate) fn sign_up(&self, req: SignUpRequest) -> Result<SignUpResponse, ApiError> {
        let now_ms = self.clock.now_ms();
        let attrs = attrs_of(req.user_attributes.as_ref());
        // Check everything cheap under the lock, compute the verifier outside it.
        let (pool_id, client, plan, policy_name) = {
            let st = self.lock();
            let (pool, client) = pool_of_client(&st, &req.client_id)?;
            check_secret_hash(
                client,
                &[&req.username],
                req.secret_hash.as_ref().map(Sensitive::expose),
            )?;
            if pool.settings.allow_admin_create_user_only {
                return Err(not_authorized("SignUp is not permitted for this user pool"));
            }
            if let Some(w) = &client.settings.write_attributes
                && let Some((bad, _)) = attrs.iter().find(|(n, _)| !w.iter().any(|a| a == n))
            {
                return Err(not_authorized(format!(
                    "A client attempted to write unauthorized attribute {bad}"
                )));
            }
            let plan = plan_user(pool, &req.username, &attrs, None)?;
            for r in &pool.settings.required_attributes {
                if !plan.attributes.contains_key(r) {
                    return Err(invalid_parameter(format!(
                        "Attributes did not conform to the schema: {r}: The attribute is required\n"
                    )));
                }
            }
            let passwordless_ok = pool
                .settings
                .allowed_first_auth_factors
                .iter()
                .any(|f| f == "EMAIL_OTP" || f == "SMS_OTP");
            (
                pool.id.clone(),
                client.clone(),
                plan,
                (
                    pool.settings.password_policy.clone(),
                    pool.srp_name().to_owned(),
                    passwordless_ok,
                ),
            )
        };
        let (policy, srp_name, passwordless_ok) = policy_name;
        // Without a password only where a passwordless first factor is allowed.
        let record = match req
            .password
            .as_ref()
            .map(Sensitive::expose)
            .filter(|p| !p.is_empty())
        {
            Some(password) => {
                policy.check(password)?;
                Some(PasswordRecord::new(
                    &srp_name,
                    &plan.username,
                    password,
                    now_ms,
                )?)
            }
            None if passwordless_ok => None,
            None => {
                return Err(invalid_parameter(
                    "1 validation error detected: Value null at 'password' failed to satisfy constraint: Member must not be null",
                ));
            }
        };
        let sub = plan.sub.clone();
        let (details, session, sent) = self.write(|st| -> Result<_, ApiError> {
            // Re-check uniqueness: another sign-up may have won meanwhile.
            let pool = crate::common::pool(st, &pool_id)?;
            let plan = plan_user(pool, &req.username, &attrs, Some(plan.sub.clone()))?;
            let key = pool.user_key(&plan.username);
            let mut user = plan.into_user("UNCONFIRMED", now_ms);
            user.password = record;
            let attr = signup_code_attribute(pool, &user);
            crate::common::pool_mut(st, &pool_id)?
                .users
                .insert(key.clone(), user);
            let (details, sent) = match attr {
                Some(a) => {
                    let (d, s) = send_code(
                        st,
                        &pool_id,
                        &key,
                        purpose::SIGN_UP,
                        a,
                        SIGN_UP_CODE_MS,
                        now_ms,
                    )?;
                    (Some(d), vec![s])
                }
                None => (None, Vec::new()),
            };
            // The session that chains into auto sign-in exists only for
            // clients that allow USER_AUTH: real Cognito returns none otherwise
            // (aws/aws-sdk-js-v3#6724, fixed by enabling ALLOW_USER_AUTH).
            let token = client.settings.allows("ALLOW_USER_AUTH").then(|| {
                let token = ids::session_token(now_ms + SIGN_UP_CODE_MS);
                st.sessions.insert(
                    token.clone(),
                    AuthSession {
                        pool_id: pool_id.clone(),
                        client_id: client.id.clone(),
                        user_key: key,
                        expected: SIGN_UP_SESSION.into(),
                        issued_ms: now_ms,
                        expires_ms: now_ms + SIGN_UP_CODE_MS,
                        progress: AuthProgress::default(),
                    },
                );
                token
            });
            Ok((details, token, sent))
        })?;
        log_all(&sent);
        Ok(SignUpResponse {
            user_confirmed: false,
            code_delivery_details: details,
            user_sub: sub,
            session: session.map(Sensitive::new),
        })
    }

    pub(crate) fn confirm_sign_up(
        &self,
        req: ConfirmSignUpRequest,
    ) -> Result<ConfirmSignUpResponse, ApiError> {
        let now_ms = self.clock.now_ms();
        let session = self.write(|st| -> Result<Option<String>, ApiError> {
            let (pool, client) = pool_of_client(st, &req.client_id)?;
            let (pool_id, client) = (pool.id.clone(), client.clone());
            let found = pool.find_user(&req.username);
            let internal = found
                .as_ref()
                .and_then(|k| pool.users.get(k))
                .map(|u| u.username.clone())
                .unwrap_or_default();
            check_secret_hash(
                &client,
                &[&req.username, &internal],
                req.secret_hash.as_ref().map(Sensitive::expose),
            )?;
            let Some(key) = found else {
                return Err(if client.settings.prevent_user_existence_errors {
                    crate::error::code_mismatch()
                } else {
                    err(
                        ErrorKind::UserNotFound,
                        "Username/client id combination not found.",
                    )
                });
            };
            let user = crate::common::user_mut(st, &pool_id, &key)?;
            if user.note_event("ConfirmSignUp", now_ms) > 15 {
                return Err(limit_exceeded());
            }
            if user.status != "UNCONFIRMED" {
                return Err(not_authorized(format!(
                    "User cannot be confirmed. Current status is {}",
                    user.status
                )));
            }
            let attr = check_code(
                user,
                purpose::SIGN_UP,
                req.confirmation_code.expose(),
                now_ms,
            )?;
            if let Some(a) = &attr {
                verify_attribute(
                    st,
                    &pool_id,
                    &key,
                    a,
                    req.force_alias_creation.unwrap_or(false),
                )?;
            }
            let user = crate::common::user_mut(st, &pool_id, &key)?;
            user.status = "CONFIRMED".into();
            user.modified_ms = now_ms;
            // Chain SignUp's session into one for auto sign-in (USER_AUTH).
            let incoming = req.session.as_ref().map(Sensitive::expose);
            let chained = incoming.and_then(|t| {
                let s = st.sessions.get(t)?;
                (s.expected == SIGN_UP_SESSION
                    && s.client_id == client.id
                    && s.user_key == key
                    && s.expires_ms > now_ms)
                    .then_some(t.to_owned())
            });
            match chained {
                Some(t) => {
                    st.sessions.remove(&t);
                    let minutes = client.settings.auth_session_validity.clamp(3, 15);
                    let token = ids::session_token(now_ms + minutes * 60_000);
                    st.sessions.insert(
                        token.clone(),
                        AuthSession {
                            pool_id: pool_id.clone(),
                            client_id: client.id.clone(),
                            user_key: key,
                            expected: AUTO_SIGN_IN_SESSION.into(),
                            issued_ms: now_ms,
                            expires_ms: now_ms + minutes * 60_000,
                            progress: AuthProgress {
                                first_factor: Some("SIGN_UP_CODE".into()),
                                ..AuthProgress::default()
                            },
                        },
                    );
                    Ok(Some(token))
                }
                None => Ok(None),
            }
        })?;
        Ok(ConfirmSignUpResponse {
            session: session.map(Sensitive::new),
        })
    }

    pub(crate) fn resend_confirmation_code(
        &self,
        req: ResendConfirmationCodeRequest,
    ) -> Result<ResendConfirmationCodeResponse, ApiError> {
        let now_ms = self.clock.now_ms();
        let (details, sent) = self.write(|st| -> Result<_, ApiError> {
            let (pool, client) = pool_of_client(st, &req.client_id)?;
            let (pool_id, client) = (pool.id.clone(), client.clone());
            let found = pool.find_user(&req.username);
            let internal = found
                .as_ref()
                .and_then(|k| pool.users.get(k))
                .map(|u| u.username.clone())
                .unwrap_or_default();
            check_secret_hash(
                &client,
                &[&req.username, &internal],
                req.secret_hash.as_ref().map(Sensitive::expose),
            )?;
            let Some(key) = found else {
                if client.settings.prevent_user_existence_errors {
                    return Ok((
                        delivery_details(&DeliveryMedium::Email, "email", &req.username),
                        None,
                    ));
                }
                return Err(err(
                    ErrorKind::UserNotFound,
                    "Username/client id combination not found.",
                ));
            };
            let user = pool.users.get(&key).ok_or_else(user_not_found)?;
            if user.status != "UNCONFIRMED" {
                return Err(invalid_parameter("User is already confirmed."));
            }
            let attr = signup_code_attribute(pool, user).ok_or_else(|| {
                invalid_parameter("Cannot resend codes. Auto verification not turned on.")
            })?;
            let user = crate::common::user_mut(st, &pool_id, &key)?;
            if user.note_event("ResendConfirmationCode", now_ms) > 5 {
                return Err(limit_exceeded());
            }
            let (d, s) = send_code(
                st,
                &pool_id,
                &key,
                purpose::SIGN_UP,
                attr,
                SIGN_UP_CODE_MS,
                now_ms,
            )?;
            Ok((d, Some(s)))
        })?;
        if let Some(s) = &sent {
            log_code(s);
        }
        Ok(ResendConfirmationCodeResponse {
            code_delivery_details: Some(details),
        })
    }

    pub(crate) fn forgot_password(
        &self,
        req: ForgotPasswordRequest,
    ) -> Result<ForgotPasswordResponse, ApiError> {
        let now_ms = self.clock.now_ms();
        let (details, sent) = self.write(|st| -> Result<_, ApiError> {
            let (pool, client) = pool_of_client(st, &req.client_id)?;
            let (pool_id, client) = (pool.id.clone(), client.clone());
            let found = pool.find_user(&req.username);
            let internal = found
                .as_ref()
                .and_then(|k| pool.users.get(k))
                .map(|u| u.username.clone())
                .unwrap_or_default();
            check_secret_hash(
                &client,
                &[&req.username, &internal],
                req.secret_hash.as_ref().map(Sensitive::expose),
            )?;
            let Some(key) = found else {
                if client.settings.prevent_user_existence_errors {
                    // A simulated delivery, indistinguishable from a real one.
                    let fake = if crate::provision::looks_like_phone(&req.username) {
                        delivery_details(&DeliveryMedium::Sms, "phone_number", &req.username)
                    } else {
                        delivery_details(&DeliveryMedium::Email, "email", &req.username)
                    };
                    return Ok((fake, None));
                }
                return Err(err(ErrorKind::UserNotFound, "Username/client id combination not found."));
            };
            let user = pool.users.get(&key).ok_or_else(user_not_found)?;
            if !user.enabled {
                return Err(crate::error::user_disabled());
            }
            if pool
                .settings
                .recovery_mechanisms
                .iter()
                .any(|(_, m)| m == "admin_only")
            {
                return Err(not_authorized(
                    "Contact administrator to reset password.",
                ));
            }
            if user.status == "FORCE_CHANGE_PASSWORD" {
                return Err(not_authorized(
                    "User password cannot be reset in the current state.",
                ));
            }
            let attr = recovery_attribute(pool, user).ok_or_else(|| {
                invalid_parameter(
                    "Cannot reset password for the user as there is no registered/verified email or phone_number",
                )
            })?;
            let user = crate::common::user_mut(st, &pool_id, &key)?;
            if user.note_event("ForgotPassword", now_ms) > 5 {
                return Err(limit_exceeded());
            }
            let (d, s) = send_code(
                st,
                &pool_id,
                &key,
                purpose::FORGOT_PASSWORD,
                attr,
                FORGOT_CODE_MS,
                now_ms,
            )?;
            Ok((d, Some(s)))
        })?;
        if let Some(s) = &sent {
            log_code(s);
        }
        Ok(ForgotPasswordResponse {
            code_delivery_details: Some(details),
        })
    }

    pub(crate) fn confirm_forgot_password(
        &self,
        req: ConfirmForgotPasswordRequest,
    ) -> Result<ConfirmForgotPasswordResponse, ApiError> {
        let now_ms = self.clock.now_ms();
        let (pool_id, key, internal, policy, srp_name) = {
            let st = self.lock();
            let (pool, client) = pool_of_client(&st, &req.client_id)?;
            let found = pool.find_user(&req.username);
            let internal = found
                .as_ref()
                .and_then(|k| pool.users.get(k))
                .map(|u| u.username.clone())
                .unwrap_or_default();
            check_secret_hash(
                client,
                &[&req.username, &internal],
                req.secret_hash.as_ref().map(Sensitive::expose),
            )?;
            let Some(key) = found else {
                return Err(if client.settings.prevent_user_existence_errors {
                    crate::error::code_mismatch()
                } else {
                    err(
                        ErrorKind::UserNotFound,
                        "Username/client id combination not found.",
                    )
                });
            };
            (
                pool.id.clone(),
                key,
                internal,
                pool.settings.password_policy.clone(),
                pool.srp_name().to_owned(),
            )
        };
        let password = req.password.expose();
        policy.check(password)?;
        let record = PasswordRecord::new(&srp_name, &internal, password, now_ms)?;
        self.write(|st| -> Result<(), ApiError> {
            let history = crate::common::pool(st, &pool_id)?
                .settings
                .password_policy
                .password_history_size;
            let user = crate::common::user_mut(st, &pool_id, &key)?;
            if user.note_event("ConfirmForgotPassword", now_ms) > 20 {
                return Err(limit_exceeded());
            }
            check_code(
                user,
                purpose::FORGOT_PASSWORD,
                req.confirmation_code.expose(),
                now_ms,
            )?;
            set_password(user, record, password, history)?;
            if user.status == "RESET_REQUIRED" {
                user.status = "CONFIRMED".into();
            }
            user.failed_sign_ins = 0;
            user.locked_until_ms = 0;
            user.modified_ms = now_ms;
            Ok(())
        })?;
        Ok(ConfirmForgotPasswordResponse {})
    }

    pub(crate) fn change_password(
        &self,
        req: ChangePasswordRequest,
    ) -> Result<ChangePasswordResponse, ApiError> {
        let now_ms = self.clock.now_ms();
        let ctx = self.verify_access_token(req.access_token.expose())?;
        let (policy, srp_name, internal, history, matches) = {
            let st = self.lock();
            let pool = crate::common::pool(&st, &ctx.pool_id)?;
            let user = pool.users.get(&ctx.user_key).ok_or_else(user_not_found)?;
            let matches = match (&user.password, &req.previous_password) {
                (Some(r), Some(prev)) => r.matches(prev.expose()),
                (None, None) => true,
                _ => false,
            };
            (
                pool.settings.password_policy.clone(),
                pool.srp_name().to_owned(),
                user.username.clone(),
                pool.settings.password_policy.password_history_size,
                matches,
            )
        };
        if !matches {
            self.write(|st| {
                if let Ok(u) = crate::common::user_mut(st, &ctx.pool_id, &ctx.user_key) {
                    u.note_event("ChangePassword", now_ms);
                }
            });
            return Err(incorrect_credentials());
        }
        let proposed = req.proposed_password.expose();
        policy.check(proposed)?;
        let record = PasswordRecord::new(&srp_name, &internal, proposed, now_ms)?;
        self.write(|st| -> Result<(), ApiError> {
            let user = crate::common::user_mut(st, &ctx.pool_id, &ctx.user_key)?;
            if user.note_event("ChangePassword", now_ms) > 5 {
                return Err(limit_exceeded());
            }
            set_password(user, record, proposed, history)?;
            user.modified_ms = now_ms;
            Ok(())
        })?;
        Ok(ChangePasswordResponse {})
    }

    pub(crate) fn get_user(&self, req: GetUserRequest) -> Result<GetUserResponse, ApiError> {
        let ctx = self.verify_access_token(req.access_token.expose())?;
        let st = self.lock();
        let pool = crate::common::pool(&st, &ctx.pool_id)?;
        let client = pool.clients.get(&ctx.client_id);
        let user = pool.users.get(&ctx.user_key).ok_or_else(user_not_found)?;
        let readable = client.and_then(|c| c.settings.read_attributes.clone());
        let mut attrs = attribute_list(user, None);
        if let Some(r) = readable {
            attrs.retain(|a| a.name == "sub" || r.iter().any(|x| x == &a.name));
        }
        let list = user.mfa.setting_list();
        Ok(GetUserResponse {
            username: user.username.clone(),
            user_attributes: attrs,
            mfa_options: mfa_options(user),
            preferred_mfa_setting: user.mfa.preferred(),
            user_mfa_setting_list: (!list.is_empty()).then_some(list),
        })
    }

    pub(crate) fn update_user_attributes(
        &self,
        req: UpdateUserAttributesRequest,
    ) -> Result<UpdateUserAttributesResponse, ApiError> {
        let now_ms = self.clock.now_ms();
        let ctx = self.verify_access_token(req.access_token.expose())?;
        let attrs = attrs_of(Some(&req.user_attributes));
        let (list, sent) = self.write(|st| -> Result<_, ApiError> {
            let pool = crate::common::pool(st, &ctx.pool_id)?;
            crate::provision::check_attributes(pool, &attrs)?;
            if let Some(w) = pool
                .clients
                .get(&ctx.client_id)
                .and_then(|c| c.settings.write_attributes.as_ref())
                && let Some((bad, _)) = attrs.iter().find(|(n, _)| !w.iter().any(|a| a == n)) {
                    return Err(not_authorized(format!(
                        "A client attempted to write unauthorized attribute {bad}"
                    )));
                }
            if let Some((bad, _)) = attrs
                .iter()
                .find(|(n, _)| n == "email_verified" || n == "phone_number_verified")
            {
                return Err(invalid_parameter(format!(
                    "Cannot modify {bad} through UpdateUserAttributes; verify the attribute instead."
                )));
            }
            let settings = pool.settings.clone();
            let user = crate::common::user_mut(st, &ctx.pool_id, &ctx.user_key)?;
            let to_verify = crate::common::apply_attribute_updates(user, &attrs, &settings);
            user.modified_ms = now_ms;
            let mut list = Vec::new();
            let mut sent = Vec::new();
            for attr in to_verify {
                let (d, s) = send_code(
                    st,
                    &ctx.pool_id,
                    &ctx.user_key,
                    &format!("{}:{attr}", purpose::VERIFY_ATTRIBUTE),
                    &attr,
                    VERIFY_CODE_MS,
                    now_ms,
                )?;
                list.push(d);
                sent.push(s);
            }
            Ok((list, sent))
        })?;
        log_all(&sent);
        Ok(UpdateUserAttributesResponse {
            code_delivery_details_list: (!list.is_empty()).then_some(list),
        })
    }

    pub(crate) fn get_user_attribute_verification_code(
        &self,
        req: GetUserAttributeVerificationCodeRequest,
    ) -> Result<GetUserAttributeVerificationCodeResponse, ApiError> {
        let now_ms = self.clock.now_ms();
        let ctx = self.verify_access_token(req.access_token.expose())?;
        let attr = req.attribute_name.clone();
        if attr != "email" && attr != "phone_number" {
            return Err(invalid_parameter(format!(
                "Invalid attribute name {attr}: only email and phone_number can be verified"
            )));
        }
        let (d, s) = self.write(|st| -> Result<_, ApiError> {
            let user = crate::common::user_mut(st, &ctx.pool_id, &ctx.user_key)?;
            if user.note_event("GetUserAttributeVerificationCode", now_ms) > 5 {
                return Err(limit_exceeded());
            }
            send_code(
                st,
                &ctx.pool_id,
                &ctx.user_key,
                &format!("{}:{attr}", purpose::VERIFY_ATTRIBUTE),
                &attr,
                VERIFY_CODE_MS,
                now_ms,
            )
        })?;
        log_code(&s);
        Ok(GetUserAttributeVerificationCodeResponse {
            code_delivery_details: Some(d),
        })
    }

    pub(crate) fn verify_user_attribute(
        &self,
        req: VerifyUserAttributeRequest,
    ) -> Result<VerifyUserAttributeResponse, ApiError> {
        let now_ms = self.clock.now_ms();
        let ctx = self.verify_access_token(req.access_token.expose())?;
        self.write(|st| -> Result<(), ApiError> {
            let user = crate::common::user_mut(st, &ctx.pool_id, &ctx.user_key)?;
            if user.note_event("VerifyUserAttribute", now_ms) > 15 {
                return Err(limit_exceeded());
            }
            let p = format!("{}:{}", purpose::VERIFY_ATTRIBUTE, req.attribute_name);
            check_code(user, &p, req.code.expose(), now_ms)?;
            // A value waiting for this code replaces the active one now.
            let attr = req.attribute_name.as_str();
            let Some(new) = user.pending_attributes.remove(attr) else {
                return verify_attribute(st, &ctx.pool_id, &ctx.user_key, attr, false);
            };
            let flag = format!("{attr}_verified");
            let old = user.attributes.insert(attr.to_owned(), new.clone());
            let old_flag = user.attributes.get(&flag).cloned();
            let verified = verify_attribute(st, &ctx.pool_id, &ctx.user_key, attr, false);
            if verified.is_err() {
                // The new value stays pending (another user holds it as an alias).
                let user = crate::common::user_mut(st, &ctx.pool_id, &ctx.user_key)?;
                user.pending_attributes.insert(attr.to_owned(), new);
                for (k, v) in [(attr.to_owned(), old), (flag, old_flag)] {
                    match v {
                        Some(v) => user.attributes.insert(k, v),
                        None => user.attributes.remove(&k),
                    };
                }
            }
            verified
        })?;
        Ok(VerifyUserAttributeResponse {})
    }

    pub(crate) fn delete_user(
        &self,
        req: DeleteUserRequest,
    ) -> Result<DeleteUserResponse, ApiError> {
        let now_ms = self.clock.now_ms();
        let ctx = self.verify_access_token(req.access_token.expose())?;
        self.write(|st| -> Result<(), ApiError> {
            crate::tokens::revoke_user(st, &ctx.pool_id, &ctx.user_key, now_ms);
            crate::common::pool_mut(st, &ctx.pool_id)?
                .users
                .remove(&ctx.user_key)
                .ok_or_else(user_not_found)?;
            Ok(())
        })?;
        Ok(DeleteUserResponse {})
    }
}

/// Stores a new password, enforcing `PasswordHistorySize`.
pub(crate) fn set_password(
    user: &mut User,
    record: PasswordRecord,
    plain: &str,
    history_size: u32,
) -> Result<(), ApiError> {
    if history_size > 0 {
        let mut previous: Vec<(String, String)> = user.password_history.clone();
        if let Some(cur) = &user.password {
            previous.push((cur.hash_salt.clone(), cur.hash.clone()));
        }
        let recent = previous.iter().rev().take(history_size as usize);
        let reused = recent.into_iter().any(|(salt, hash)| {
            PasswordRecord {
                hash_salt: salt.clone(),
                hash: hash.clone(),
                srp_salt: String::new(),
                srp_verifier: String::new(),
                srp_user_id: String::new(),
                set_at_ms: 0,
            }
            .matches(plain)
        });
        if reused {
            return Err(err(
                ErrorKind::PasswordHistoryPolicyViolation,
                "The password has been used recently; choose a different one.",
            ));
        }
    }
    if let Some(old) = user.password.take() {
        user.password_history.push((old.hash_salt, old.hash));
        if user.password_history.len() > 24 {
            user.password_history.remove(0);
        }
    }
    user.password = Some(record);
    user.temporary_password_expires_ms = None;
    Ok(())
}
