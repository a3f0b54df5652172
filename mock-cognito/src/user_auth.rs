//! Choice-based sign-in (`USER_AUTH`): `SELECT_CHALLENGE` with
//! `AvailableChallenges`, or straight to `PREFERRED_CHALLENGE`: `PASSWORD`,
//! `PASSWORD_SRP` (→ `PASSWORD_VERIFIER`), `EMAIL_OTP`, `SMS_OTP`.
//! The auto sign-in with ConfirmSignUp's Session is in [`crate::auth`].

use cognito_auth_proto::{AuthFlow, ChallengeName, ErrorKind, ParamMap, params};

use crate::auth::{Outcome, consume_session, new_session, open_session};
use crate::common::check_secret_hash;
use crate::error::{
    ApiError, err, incorrect_credentials, invalid_parameter, missing_parameter, user_not_found,
};
use crate::mfa::{self, MfaPlan};
use crate::service::Inner;
use crate::state::{AuthProgress, Client, Pool, User};

/// The first factors a user may choose, in Cognito's order.
///
/// * `PASSWORD` and `PASSWORD_SRP` when the pool allows passwords and the
///   user has one (passwordless users have none).
/// * `EMAIL_OTP` / `SMS_OTP` when the pool allows them, the user has that
///   address verified, and MFA is not required: one-time-password first
///   factors cannot be followed by MFA (developer guide, "Things to know
///   about authentication": "Users who sign in with a one-time password
///   (OTP) as a first factor can't add a multi-factor authentication (MFA)
///   factor"), so a pool that requires MFA offers passwords only (ministack's
///   `_available_first_auth_factors` models the same).
/// * `WEB_AUTHN` never: passkeys are not implemented (see
///   [`crate::error::web_authn_unsupported`]).
///
/// For a user who does not exist (`None`), the factors the pool allows: the
/// developer guide ("Managing user existence error responses") says
/// choice-based sign-in is not affected by PreventUserExistenceErrors and
/// answers unknown users with challenge types the pool allows.
fn available(pool: &Pool, user: Option<&User>) -> Vec<ChallengeName> {
    let s = &pool.settings;
    let allowed = |f: &str| s.allowed_first_auth_factors.iter().any(|a| a == f);
    let mut v = Vec::new();
    let has_password = user.is_none_or(|u| u.password.is_some());
    if allowed("PASSWORD") && has_password {
        v.push(ChallengeName::Password);
        v.push(ChallengeName::PasswordSrp);
    }
    if s.mfa_configuration != "ON" {
        let has = |attr: &str| user.is_none_or(|u| u.attr(attr).is_some() && u.is_verified(attr));
        if allowed("EMAIL_OTP") && has("email") {
            v.push(ChallengeName::EmailOtp);
        }
        if allowed("SMS_OTP") && has("phone_number") {
            v.push(ChallengeName::SmsOtp);
        }
    }
    v
}

fn user_auth_progress() -> AuthProgress {
    AuthProgress {
        flow: AuthFlow::UserAuth.as_str().to_owned(),
        ..AuthProgress::default()
    }
}

impl Inner {
    /// InitiateAuth USER_AUTH without a session.
    pub(crate) fn user_auth(
        &self,
        pool_id: &str,
        client: &Client,
        p: &ParamMap,
        now_ms: i64,
    ) -> Result<Outcome, ApiError> {
        let login = p
            .get(params::USERNAME)
            .filter(|v| !v.is_empty())
            .ok_or_else(|| missing_parameter(params::USERNAME))?;
        let preferred = p
            .get(params::PREFERRED_CHALLENGE)
            .filter(|v| !v.is_empty())
            .map(ChallengeName::from);
        // Who is it, and what may they choose?
        let (key, choices) = {
            let st = self.lock();
            let pool = crate::common::pool(&st, pool_id)?;
            match pool.find_user(login) {
                Some(k) => {
                    let u = pool.users.get(&k).ok_or_else(user_not_found)?;
                    check_secret_hash(client, &[login, &u.username], p.get(params::SECRET_HASH))?;
                    if !u.enabled {
                        return Err(crate::error::user_disabled());
                    }
                    (Some(k), available(pool, Some(u)))
                }
                None => {
                    // Not affected by PreventUserExistenceErrors: an unknown
                    // user gets challenges that cannot be passed.
                    check_secret_hash(client, &[login], p.get(params::SECRET_HASH))?;
                    (None, available(pool, None))
                }
            }
        };
        if let Some(ChallengeName::WebAuthn) = preferred {
            return Err(crate::error::web_authn_unsupported());
        }
        if let Some(pref) = preferred.clone().filter(|c| choices.contains(c)) {
            // The typed name goes on: SECRET_HASH was computed over it.
            return self.begin_factor(pool_id, client, key.as_deref(), login, &pref, p, now_ms);
        }
        if choices.is_empty() {
            return Err(err(
                ErrorKind::NotAuthorized,
                "No first factor is available to this user.",
            ));
        }
        let session = {
            let mut st = self.lock();
            let mut progress = user_auth_progress();
            progress.context.insert(
                "choices".into(),
                serde_json::to_string(&choices).unwrap_or_else(|_| "[]".into()),
            );
            new_session(
                &mut st,
                pool_id,
                client,
                key.as_deref().unwrap_or(""),
                &ChallengeName::SelectChallenge,
                progress,
                now_ms,
            )
        };
        Ok(Outcome {
            challenge: Some(ChallengeName::SelectChallenge),
            session: Some(session),
            params: ParamMap::new(),
            available: Some(choices),
            ..Outcome::default()
        })
    }

    /// Starts one first factor for a user (or a decoy for an unknown one).
    /// `login` is the name the client sent (username or alias); the password
    /// factors check SECRET_HASH over it or the internal username.
    #[allow(clippy::too_many_arguments)]
    fn begin_factor(
        &self,
        pool_id: &str,
        client: &Client,
        key: Option<&str>,
        login: &str,
        factor: &ChallengeName,
        p: &ParamMap,
        now_ms: i64,
    ) -> Result<Outcome, ApiError> {
        let mut params_for = ParamMap::new();
        params_for.insert(params::USERNAME, login);
        if let Some(h) = p.get(params::SECRET_HASH) {
            params_for.insert(params::SECRET_HASH, h);
        }
        match factor {
            ChallengeName::Password => {
                let pw = p
                    .get(params::PASSWORD)
                    .filter(|v| !v.is_empty())
                    .ok_or_else(|| missing_parameter(params::PASSWORD))?;
                if key.is_none() {
                    return Err(incorrect_credentials());
                }
                params_for.insert(params::PASSWORD, pw);
                self.password_auth(pool_id, client, &params_for, &AuthFlow::UserAuth, now_ms)
            }
            ChallengeName::PasswordSrp => {
                let a = p
                    .get(params::SRP_A)
                    .filter(|v| !v.is_empty())
                    .ok_or_else(|| missing_parameter(params::SRP_A))?;
                params_for.insert(params::SRP_A, a);
                self.srp_start(
                    pool_id,
                    client,
                    &params_for,
                    &AuthFlow::UserAuth,
                    false,
                    now_ms,
                )
            }
            ChallengeName::EmailOtp | ChallengeName::SmsOtp => {
                let Some(key) = key else {
                    return Ok(self.decoy_otp(pool_id, client, login, factor, now_ms));
                };
                let out = self.write(|st| {
                    mfa::start(
                        st,
                        pool_id,
                        client,
                        key,
                        user_auth_progress(),
                        MfaPlan::Factor(factor.clone()),
                        now_ms,
                    )
                })?;
                self.log_sent(&out);
                Ok(out)
            }
            ChallengeName::WebAuthn => Err(crate::error::web_authn_unsupported()),
            other => Err(invalid_parameter(format!(
                "{other} is not an available challenge for this user."
            ))),
        }
    }

    /// The EMAIL_OTP / SMS_OTP challenge of a user who does not exist: it
    /// looks like a code was sent, and no code passes.
    fn decoy_otp(
        &self,
        pool_id: &str,
        client: &Client,
        login: &str,
        factor: &ChallengeName,
        now_ms: i64,
    ) -> Outcome {
        let (medium, destination) = match factor {
            ChallengeName::SmsOtp => (
                "SMS",
                crate::ids::mask_phone(if crate::provision::looks_like_phone(login) {
                    login
                } else {
                    "+10000000000"
                }),
            ),
            _ => (
                "EMAIL",
                crate::ids::mask_email(if crate::provision::looks_like_email(login) {
                    login
                } else {
                    "user@example.com"
                }),
            ),
        };
        let session = self.write(|st| {
            new_session(
                st,
                pool_id,
                client,
                "",
                factor,
                user_auth_progress(),
                now_ms,
            )
        });
        let mut out = ParamMap::new();
        out.insert(params::CODE_DELIVERY_DELIVERY_MEDIUM, medium);
        out.insert(params::CODE_DELIVERY_DESTINATION, destination);
        out.insert(params::USERNAME, login);
        Outcome {
            challenge: Some(factor.clone()),
            session: Some(session),
            params: out,
            ..Outcome::default()
        }
    }

    /// RespondToAuthChallenge SELECT_CHALLENGE.
    pub(crate) fn answer_select_challenge(
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
            .map(ChallengeName::from)
            .ok_or_else(|| missing_parameter(params::ANSWER))?;
        let given = r.get(params::USERNAME).filter(|v| !v.is_empty());
        let (key, internal) = self.write(|st| -> Result<(String, String), ApiError> {
            let s = open_session(
                st,
                token,
                &client.id,
                &ChallengeName::SelectChallenge,
                now_ms,
            )?;
            // SELECT_CHALLENGE carries no USERNAME parameter, so the client
            // answers with the name it typed (an alias, perhaps) and computes
            // SECRET_HASH over it; the internal name is accepted too.
            let pool = crate::common::pool(st, pool_id)?;
            let internal = pool
                .users
                .get(&s.user_key)
                .map(|u| u.username.clone())
                .unwrap_or_default();
            if let Some(g) = given
                && !s.user_key.is_empty()
                && pool.find_user(g).is_none_or(|k| k != s.user_key)
            {
                return Err(crate::error::invalid_session());
            }
            check_secret_hash(
                client,
                &[given.unwrap_or(&internal), &internal],
                r.get(params::SECRET_HASH),
            )?;
            let choices: Vec<ChallengeName> = s
                .progress
                .context
                .get("choices")
                .and_then(|j| serde_json::from_str(j).ok())
                .unwrap_or_default();
            if answer == ChallengeName::WebAuthn {
                return Err(crate::error::web_authn_unsupported());
            }
            if !choices.contains(&answer) {
                return Err(invalid_parameter(format!(
                    "{answer} is not one of the available challenges."
                )));
            }
            let s = consume_session(st, token)?;
            Ok((s.user_key, internal))
        })?;
        let key = (!key.is_empty()).then_some(key);
        let name = given.map_or(internal, str::to_owned);
        self.begin_factor(pool_id, client, key.as_deref(), &name, &answer, r, now_ms)
    }
}
