//! The second factor: which MFA challenge a sign-in gets (SMS_MFA,
//! EMAIL_OTP, SOFTWARE_TOKEN_MFA, SELECT_MFA_TYPE, MFA_SETUP), the answers,
//! and software-token registration (AssociateSoftwareToken /
//! VerifySoftwareToken, by access token or by MFA_SETUP session).

use cognito_auth_proto::{
    AssociateSoftwareTokenRequest, AssociateSoftwareTokenResponse, ChallengeName, ErrorKind,
    ParamMap, Sensitive, VerifySoftwareTokenRequest, VerifySoftwareTokenResponse,
    VerifySoftwareTokenStatus, params,
};
use cognito_auth_srp::totp;

use crate::auth::{Outcome, Step, consume_session, new_session, next_step, open_session};
use crate::common::delivery_details;
use crate::error::{
    ApiError, err, invalid_parameter, invalid_session, missing_parameter, user_not_found,
};
use crate::ids;
use crate::service::Inner;
use crate::state::{AuthProgress, Client, Pool, SentCode, State, User};

/// `CodeMismatchException` for a wrong SMS or email code (SMS_MFA, EMAIL_OTP,
/// SMS_OTP): `Invalid code or auth state for the user.` (real answers quoted
/// in https://github.com/aws-amplify/amplify-js/issues/3066 and #11069).
pub fn mfa_code_mismatch() -> ApiError {
    err(
        ErrorKind::CodeMismatch,
        "Invalid code or auth state for the user.",
    )
}

/// `CodeMismatchException` for a wrong SOFTWARE_TOKEN_MFA code: `Invalid
/// code received for user` (no full stop), as real-service error catalogues
/// and i18n tables of Cognito apps quote it (e.g. the AuthErrorStrings enum
/// and the German Amplify vocabulary found by `find_string`).
pub fn totp_code_mismatch() -> ApiError {
    err(ErrorKind::CodeMismatch, "Invalid code received for user")
}

/// What the second factor will be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MfaPlan {
    /// A code challenge: SMS_MFA, EMAIL_OTP or SOFTWARE_TOKEN_MFA.
    Factor(ChallengeName),
    /// SELECT_MFA_TYPE among these.
    Select(Vec<String>),
    /// MFA_SETUP offering these.
    Setup(Vec<String>),
}

fn factor_name(f: &str) -> ChallengeName {
    ChallengeName::from(f)
}

/// The factors a user can use in this pool right now.
fn usable_factors(pool: &Pool, user: &User) -> Vec<String> {
    let s = &pool.settings;
    let mut v = Vec::new();
    if user.mfa.sms_enabled && s.sms_mfa_enabled && user.attributes.contains_key("phone_number") {
        v.push("SMS_MFA".to_owned());
    }
    if user.mfa.totp_enabled && s.software_token_mfa_enabled && user.mfa.totp_secret.is_some() {
        v.push("SOFTWARE_TOKEN_MFA".to_owned());
    }
    if user.mfa.email_enabled && s.email_mfa_enabled && user.attributes.contains_key("email") {
        v.push("EMAIL_OTP".to_owned());
    }
    v
}

/// Decides the second factor (`None`: no MFA for this sign-in).
pub fn plan(pool: &Pool, user: &User) -> Option<MfaPlan> {
    let mode = pool.settings.mfa_configuration.as_str();
    if mode == "OFF" {
        return None;
    }
    let usable = usable_factors(pool, user);
    if let Some(pref) = user.mfa.preferred().filter(|p| usable.contains(p)) {
        return Some(MfaPlan::Factor(factor_name(&pref)));
    }
    match usable.len() {
        1 => usable.first().map(|f| MfaPlan::Factor(factor_name(f))),
        0 if mode == "ON" => {
            // Required but nothing set up: a phone number on file is used for
            // SMS (Cognito's long-standing behaviour); otherwise set one up.
            let s = &pool.settings;
            if s.sms_mfa_enabled && user.attributes.contains_key("phone_number") {
                return Some(MfaPlan::Factor(ChallengeName::SmsMfa));
            }
            // "The MFA types activated for the user pool will be listed in
            // the challenge parameters MFAS_CAN_SETUP" (API reference), in
            // the order MFAS_CAN_CHOOSE uses.
            let mut can = Vec::new();
            if s.sms_mfa_enabled {
                can.push("SMS_MFA".to_owned());
            }
            if s.software_token_mfa_enabled {
                can.push("SOFTWARE_TOKEN_MFA".to_owned());
            }
            if s.email_mfa_enabled {
                can.push("EMAIL_OTP".to_owned());
            }
            Some(MfaPlan::Setup(can))
        }
        0 => None,
        _ => Some(MfaPlan::Select(usable)),
    }
}

/// Sends an SMS or email code for a challenge and records it in the
/// session context. Returns the challenge parameters and the outbox entry.
pub(crate) fn send_challenge_code(
    st: &mut State,
    pool_id: &str,
    user_key: &str,
    challenge: &ChallengeName,
    progress: &mut AuthProgress,
    now_ms: i64,
) -> Result<(ParamMap, SentCode), ApiError> {
    let (attr, medium) = match challenge {
        ChallengeName::SmsMfa | ChallengeName::SmsOtp => ("phone_number", "SMS"),
        _ => ("email", "EMAIL"),
    };
    let pool = crate::common::pool(st, pool_id)?;
    let user = pool.users.get(user_key).ok_or_else(user_not_found)?;
    let dest =
        user.attributes.get(attr).cloned().ok_or_else(|| {
            invalid_parameter(format!("The user has no {attr} to send a code to."))
        })?;
    let code = pool
        .settings
        .fixed_code
        .clone()
        .unwrap_or_else(ids::six_digit_code);
    let sent = SentCode {
        user_pool_id: pool_id.to_owned(),
        username: user.username.clone(),
        code: code.clone(),
        purpose: challenge.as_str().to_owned(),
        medium: medium.to_owned(),
        destination: dest.clone(),
        sent_at: now_ms as f64 / 1000.0,
    };
    crate::common::push_outbox(st, sent.clone());
    progress.context.insert("code".into(), code);
    let details = delivery_details(
        &cognito_auth_proto::DeliveryMedium::from(medium),
        attr,
        &dest,
    );
    let mut p = ParamMap::new();
    p.insert(params::CODE_DELIVERY_DELIVERY_MEDIUM, medium);
    p.insert(
        params::CODE_DELIVERY_DESTINATION,
        details.destination.unwrap_or_default(),
    );
    Ok((p, sent))
}

/// Opens the MFA challenge a plan calls for.
pub(crate) fn start(
    st: &mut State,
    pool_id: &str,
    client: &Client,
    user_key: &str,
    mut progress: AuthProgress,
    plan: MfaPlan,
    now_ms: i64,
) -> Result<Outcome, ApiError> {
    let username = crate::common::pool(st, pool_id)?
        .users
        .get(user_key)
        .map(|u| u.username.clone())
        .ok_or_else(user_not_found)?;
    progress.context.clear();
    let (challenge, mut p, sent) = match plan {
        MfaPlan::Factor(ChallengeName::SoftwareTokenMfa) => {
            (ChallengeName::SoftwareTokenMfa, ParamMap::new(), None)
        }
        MfaPlan::Factor(c) => {
            let (p, s) = send_challenge_code(st, pool_id, user_key, &c, &mut progress, now_ms)?;
            (c, p, Some(s))
        }
        MfaPlan::Select(list) => {
            let json = serde_json::to_string(&list).unwrap_or_else(|_| "[]".into());
            progress
                .context
                .insert(params::MFAS_CAN_CHOOSE.into(), json.clone());
            let mut p = ParamMap::new();
            p.insert(params::MFAS_CAN_CHOOSE, json);
            (ChallengeName::SelectMfaType, p, None)
        }
        MfaPlan::Setup(list) => {
            let json = serde_json::to_string(&list).unwrap_or_else(|_| "[]".into());
            progress
                .context
                .insert(params::MFAS_CAN_SETUP.into(), json.clone());
            let mut p = ParamMap::new();
            p.insert(params::MFAS_CAN_SETUP, json);
            (ChallengeName::MfaSetup, p, None)
        }
    };
    p.insert(params::USERNAME, username);
    let session = new_session(st, pool_id, client, user_key, &challenge, progress, now_ms);
    Ok(Outcome {
        challenge: Some(challenge),
        session: Some(session),
        params: p,
        sent: sent.into_iter().collect(),
        ..Outcome::default()
    })
}

impl Inner {
    /// Answers SMS_MFA / EMAIL_OTP / SMS_OTP / SOFTWARE_TOKEN_MFA.
    pub(crate) fn answer_mfa_code(
        &self,
        pool_id: &str,
        client: &Client,
        challenge: &ChallengeName,
        token: &str,
        r: &ParamMap,
        now_ms: i64,
    ) -> Result<Outcome, ApiError> {
        let key = match challenge {
            ChallengeName::SmsMfa => params::SMS_MFA_CODE,
            ChallengeName::SmsOtp => params::SMS_OTP_CODE,
            ChallengeName::EmailOtp => params::EMAIL_OTP_CODE,
            _ => params::SOFTWARE_TOKEN_MFA_CODE,
        };
        let username = r
            .get(params::USERNAME)
            .filter(|v| !v.is_empty())
            .ok_or_else(|| missing_parameter(params::USERNAME))?;
        let code = r
            .get(key)
            .filter(|v| !v.is_empty())
            .ok_or_else(|| missing_parameter(key))?;
        let step = self.write(|st| -> Result<Step, ApiError> {
            let s = open_session(st, token, &client.id, challenge, now_ms)?;
            if s.user_key.is_empty() {
                // The simulated challenge of a user who does not exist.
                return Err(mfa_code_mismatch());
            }
            crate::auth::check_lockout(st, pool_id, &s.user_key, now_ms)?;
            let pool = crate::common::pool(st, pool_id)?;
            let user = pool.users.get(&s.user_key).ok_or_else(user_not_found)?;
            if pool.find_user(username).is_none_or(|k| k != s.user_key) {
                return Err(invalid_session());
            }
            crate::common::check_secret_hash(
                client,
                &[&user.username],
                r.get(params::SECRET_HASH),
            )?;
            let ok = match challenge {
                ChallengeName::SoftwareTokenMfa => {
                    let secret = user
                        .mfa
                        .totp_secret
                        .as_deref()
                        .and_then(totp::base32_decode)
                        .ok_or_else(|| {
                            err(
                                ErrorKind::SoftwareTokenMfaNotFound,
                                "Software Token MFA has not been enabled by the user.",
                            )
                        })?;
                    match totp::verify(&secret, code, now_ms.div_euclid(1000), 1) {
                        Some(step) if user.mfa.totp_last_step.is_some_and(|l| step <= l) => {
                            return Err(err(
                                ErrorKind::ExpiredCode,
                                "Your software token has already been used once.",
                            ));
                        }
                        Some(step) => {
                            let u = crate::common::user_mut(st, pool_id, &s.user_key)?;
                            u.mfa.totp_last_step = Some(step);
                            true
                        }
                        None => false,
                    }
                }
                _ => s.progress.context.get("code").is_some_and(|c| {
                    crate::common::constant_eq(c.as_bytes(), code.trim().as_bytes())
                }),
            };
            if !ok {
                // A wrong code leaves the session usable (clients retry with
                // it: Amplify keeps the session after a failed confirmSignIn,
                // and amplify-swift PR #2617 "Enable retrying when confirm
                // signIn fails" made it do so against the real service); it
                // counts towards the user's lock-out instead.
                crate::auth::count_failure(st, pool_id, &s.user_key, now_ms);
                return Err(match challenge {
                    ChallengeName::SoftwareTokenMfa => totp_code_mismatch(),
                    _ => mfa_code_mismatch(),
                });
            }
            let s = consume_session(st, token)?;
            let mut progress = s.progress;
            // A code delivered to an address proves the address.
            let verified = match challenge {
                ChallengeName::SmsMfa | ChallengeName::SmsOtp => Some("phone_number"),
                ChallengeName::EmailOtp => Some("email"),
                _ => None,
            };
            let user = crate::common::user_mut(st, pool_id, &s.user_key)?;
            if let Some(a) = verified {
                user.attributes
                    .insert(format!("{a}_verified"), "true".into());
            }
            if progress
                .context
                .get("setup")
                .is_some_and(|v| v == "EMAIL_OTP")
            {
                user.mfa.email_enabled = true;
                user.mfa.email_preferred = true;
                user.mfa.sms_preferred = false;
                user.mfa.totp_preferred = false;
            }
            progress.context.clear();
            if progress.first_factor.is_some() {
                progress.mfa_done = true;
            } else {
                progress.first_factor = Some(challenge.as_str().to_owned());
            }
            next_step(st, pool_id, client, &s.user_key, progress, now_ms)
        })?;
        self.finish(step)
    }

    /// Answers SELECT_MFA_TYPE.
    pub(crate) fn answer_select_mfa(
        &self,
        pool_id: &str,
        client: &Client,
        token: &str,
        r: &ParamMap,
        now_ms: i64,
    ) -> Result<Outcome, ApiError> {
        let answer = r
            .get(params::ANSWER)
            .filter(|v| !v.is_empty())
            .ok_or_else(|| missing_parameter(params::ANSWER))?;
        let out = self.write(|st| -> Result<Outcome, ApiError> {
            let s = open_session(st, token, &client.id, &ChallengeName::SelectMfaType, now_ms)?;
            let allowed: Vec<String> = s
                .progress
                .context
                .get(params::MFAS_CAN_CHOOSE)
                .and_then(|j| serde_json::from_str(j).ok())
                .unwrap_or_default();
            if !allowed.iter().any(|a| a == answer) {
                return Err(err(
                    ErrorKind::MfaMethodNotFound,
                    format!("The MFA method {answer} is not available to the user."),
                ));
            }
            let s = consume_session(st, token)?;
            start(
                st,
                pool_id,
                client,
                &s.user_key,
                s.progress,
                MfaPlan::Factor(factor_name(answer)),
                now_ms,
            )
        })?;
        self.log_sent(&out);
        Ok(out)
    }

    /// Answers MFA_SETUP: after VerifySoftwareToken on the session (TOTP), or
    /// with `EMAIL` (email MFA, followed by an EMAIL_OTP challenge).
    pub(crate) fn answer_mfa_setup(
        &self,
        pool_id: &str,
        client: &Client,
        token: &str,
        r: &ParamMap,
        now_ms: i64,
    ) -> Result<Outcome, ApiError> {
        let email = r
            .get(params::EMAIL)
            .filter(|v| !v.is_empty())
            .map(str::to_owned);
        let step = self.write(|st| -> Result<Step, ApiError> {
            let s = open_session(st, token, &client.id, &ChallengeName::MfaSetup, now_ms)?;
            let can: Vec<String> = s
                .progress
                .context
                .get(params::MFAS_CAN_SETUP)
                .and_then(|j| serde_json::from_str(j).ok())
                .unwrap_or_default();
            let verified_secret = s
                .progress
                .context
                .get("verified_secret")
                .cloned();
            match (verified_secret, email) {
                (Some(secret), _) => {
                    let s = consume_session(st, token)?;
                    let u = crate::common::user_mut(st, pool_id, &s.user_key)?;
                    u.mfa.totp_secret = Some(secret);
                    u.mfa.totp_last_step = s
                        .progress
                        .context
                        .get("verified_step")
                        .and_then(|v| v.parse().ok());
                    u.mfa.totp_enabled = true;
                    u.mfa.totp_preferred = true;
                    u.mfa.sms_preferred = false;
                    u.mfa.email_preferred = false;
                    let mut progress = s.progress;
                    progress.context.clear();
                    progress.mfa_done = true;
                    next_step(st, pool_id, client, &s.user_key, progress, now_ms)
                }
                (None, Some(address)) => {
                    if !can.iter().any(|c| c == "EMAIL_OTP") {
                        return Err(invalid_parameter("Email MFA cannot be set up in this user pool."));
                    }
                    if !crate::provision::looks_like_email(&address) {
                        return Err(invalid_parameter("Invalid email address format."));
                    }
                    let s = consume_session(st, token)?;
                    let u = crate::common::user_mut(st, pool_id, &s.user_key)?;
                    if u.attributes.get("email") != Some(&address) {
                        u.attributes.insert("email".into(), address);
                        u.attributes.insert("email_verified".into(), "false".into());
                    }
                    let out = start(
                        st,
                        pool_id,
                        client,
                        &s.user_key,
                        s.progress,
                        MfaPlan::Factor(ChallengeName::EmailOtp),
                        now_ms,
                    )?;
                    // Remember that answering the code finishes the setup.
                    if let Some(live) = out.session.as_ref().and_then(|t| st.sessions.get_mut(t)) {
                        live.progress.context.insert("setup".into(), "EMAIL_OTP".into());
                    }
                    Ok(Step::Challenge(out))
                }
                (None, None) => Err(invalid_parameter(
                    "MFA setup is not complete: verify a software token (AssociateSoftwareToken, VerifySoftwareToken) or give EMAIL.",
                )),
            }
        })?;
        self.finish(step)
    }

    pub(crate) fn associate_software_token(
        &self,
        req: AssociateSoftwareTokenRequest,
    ) -> Result<AssociateSoftwareTokenResponse, ApiError> {
        let now_ms = self.clock.now_ms();
        let secret = totp::base32_encode(&ids::random_bytes(20));
        match (&req.access_token, &req.session) {
            (Some(at), None) => {
                let ctx = self.verify_access_token(at.expose())?;
                self.write(|st| -> Result<(), ApiError> {
                    let u = crate::common::user_mut(st, &ctx.pool_id, &ctx.user_key)?;
                    u.mfa.pending_totp_secret = Some(secret.clone());
                    Ok(())
                })?;
                Ok(AssociateSoftwareTokenResponse {
                    secret_code: Some(Sensitive::new(secret)),
                    session: None,
                })
            }
            (None, Some(session)) => {
                let token = session.expose();
                let new = self.write(|st| -> Result<String, ApiError> {
                    let s = crate::auth::lookup_session(st, token, now_ms)?.clone();
                    if s.expected != ChallengeName::MfaSetup.as_str() {
                        return Err(invalid_session());
                    }
                    if s.expires_ms <= now_ms {
                        return Err(crate::error::expired_session());
                    }
                    let client = crate::common::pool(st, &s.pool_id)?
                        .clients
                        .get(&s.client_id)
                        .cloned()
                        .ok_or_else(|| crate::error::client_not_found(&s.client_id))?;
                    let s = consume_session(st, token)?;
                    let mut progress = s.progress;
                    progress.context.remove("verified_secret");
                    progress
                        .context
                        .insert("pending_secret".into(), secret.clone());
                    Ok(new_session(
                        st,
                        &s.pool_id,
                        &client,
                        &s.user_key,
                        &ChallengeName::MfaSetup,
                        progress,
                        now_ms,
                    ))
                })?;
                Ok(AssociateSoftwareTokenResponse {
                    secret_code: Some(Sensitive::new(secret)),
                    session: Some(Sensitive::new(new)),
                })
            }
            _ => Err(invalid_parameter(
                "Exactly one of AccessToken and Session must be given.",
            )),
        }
    }

    pub(crate) fn verify_software_token(
        &self,
        req: VerifySoftwareTokenRequest,
    ) -> Result<VerifySoftwareTokenResponse, ApiError> {
        let now_ms = self.clock.now_ms();
        let code = req.user_code.expose().trim().to_owned();
        if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
            return Err(invalid_parameter(
                "1 validation error detected: Value at 'userCode' failed to satisfy constraint: Member must satisfy regular expression pattern: [0-9]+ and have length 6",
            ));
        }
        let mismatch = || {
            err(
                ErrorKind::EnableSoftwareTokenMfa,
                "Code mismatch and fail enable Software Token MFA",
            )
        };
        // The time step a good code belongs to. Cognito then refuses the
        // same code at sign-in ("Your software token has already been used
        // once.", observed after VerifySoftwareToken in the same 30 s window,
        // e.g. amplify-swift's TOTP integration tests sleep 30 s for it).
        let check = |secret: &str| {
            totp::base32_decode(secret)
                .and_then(|b| totp::verify(&b, &code, now_ms.div_euclid(1000), 1))
        };
        match (&req.access_token, &req.session) {
            (Some(at), None) => {
                let ctx = self.verify_access_token(at.expose())?;
                self.write(|st| -> Result<(), ApiError> {
                    let u = crate::common::user_mut(st, &ctx.pool_id, &ctx.user_key)?;
                    let pending = u.mfa.pending_totp_secret.clone().ok_or_else(|| {
                        err(
                            ErrorKind::SoftwareTokenMfaNotFound,
                            "Software Token MFA does not exist for the user. Call AssociateSoftwareToken first.",
                        )
                    })?;
                    let step = check(&pending).ok_or_else(mismatch)?;
                    u.mfa.totp_secret = Some(pending);
                    u.mfa.pending_totp_secret = None;
                    u.mfa.totp_last_step = Some(step);
                    Ok(())
                })?;
                Ok(VerifySoftwareTokenResponse {
                    status: Some(VerifySoftwareTokenStatus::Success),
                    session: None,
                })
            }
            (None, Some(session)) => {
                let token = session.expose();
                let new = self.write(|st| -> Result<String, ApiError> {
                    let s = crate::auth::lookup_session(st, token, now_ms)?.clone();
                    if s.expected != ChallengeName::MfaSetup.as_str() {
                        return Err(invalid_session());
                    }
                    if s.expires_ms <= now_ms {
                        return Err(crate::error::expired_session());
                    }
                    let pending = s.progress.context.get("pending_secret").cloned().ok_or_else(|| {
                        err(
                            ErrorKind::SoftwareTokenMfaNotFound,
                            "Software Token MFA does not exist for the user. Call AssociateSoftwareToken first.",
                        )
                    })?;
                    let step = check(&pending).ok_or_else(mismatch)?;
                    let client = crate::common::pool(st, &s.pool_id)?
                        .clients
                        .get(&s.client_id)
                        .cloned()
                        .ok_or_else(|| crate::error::client_not_found(&s.client_id))?;
                    let s = consume_session(st, token)?;
                    let mut progress = s.progress;
                    progress.context.remove("pending_secret");
                    progress.context.insert("verified_secret".into(), pending);
                    progress.context.insert("verified_step".into(), step.to_string());
                    Ok(new_session(
                        st,
                        &s.pool_id,
                        &client,
                        &s.user_key,
                        &ChallengeName::MfaSetup,
                        progress,
                        now_ms,
                    ))
                })?;
                Ok(VerifySoftwareTokenResponse {
                    status: Some(VerifySoftwareTokenStatus::Success),
                    session: Some(Sensitive::new(new)),
                })
            }
            _ => Err(invalid_parameter(
                "Exactly one of AccessToken and Session must be given.",
            )),
        }
    }
}
