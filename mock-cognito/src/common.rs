//! Helpers shared by the actions: finding pools, clients and users, checking
//! `SECRET_HASH`, sending and checking codes.

use cognito_auth_proto::{CodeDeliveryDetails, DeliveryMedium, ErrorKind};

use crate::error::{
    ApiError, bad_secret_hash, client_not_found, code_mismatch, err, expired_code,
    missing_secret_hash, pool_not_found,
};
use crate::ids;
use crate::state::{Client, PendingCode, Pool, SentCode, State, User};

/// Wrong answers a code tolerates before it is withdrawn.
pub const CODE_ATTEMPTS: u32 = 5;

/// Code purposes (the `purpose` of `/_mock/codes`).
pub mod purpose {
    /// Sign-up confirmation.
    pub const SIGN_UP: &str = "SIGN_UP";
    /// Password reset.
    pub const FORGOT_PASSWORD: &str = "FORGOT_PASSWORD";
    /// Attribute verification.
    pub const VERIFY_ATTRIBUTE: &str = "VERIFY_ATTRIBUTE";
    /// AdminCreateUser invitation (the code is the temporary password).
    pub const INVITATION: &str = "INVITATION";
}

/// Finds the pool that owns a client.
pub fn pool_of_client<'a>(
    st: &'a State,
    client_id: &str,
) -> Result<(&'a Pool, &'a Client), ApiError> {
    st.pools
        .values()
        .find_map(|p| p.clients.get(client_id).map(|c| (p, c)))
        .ok_or_else(|| client_not_found(client_id))
}

/// A pool by id.
pub fn pool<'a>(st: &'a State, pool_id: &str) -> Result<&'a Pool, ApiError> {
    st.pools.get(pool_id).ok_or_else(|| pool_not_found(pool_id))
}

/// A pool by id, mutable.
pub fn pool_mut<'a>(st: &'a mut State, pool_id: &str) -> Result<&'a mut Pool, ApiError> {
    st.pools
        .get_mut(pool_id)
        .ok_or_else(|| pool_not_found(pool_id))
}

/// A user by key, mutable.
pub fn user_mut<'a>(st: &'a mut State, pool_id: &str, key: &str) -> Result<&'a mut User, ApiError> {
    pool_mut(st, pool_id)?
        .users
        .get_mut(key)
        .ok_or_else(crate::error::user_not_found)
}

/// Checks a top-level `SecretHash` / `SECRET_HASH` for a confidential client,
/// computed over any of `usernames` (the typed login and/or the internal name).
pub fn check_secret_hash(
    client: &Client,
    usernames: &[&str],
    presented: Option<&str>,
) -> Result<(), ApiError> {
    let Some(secret) = &client.secret else {
        return Ok(());
    };
    let Some(presented) = presented.filter(|p| !p.is_empty()) else {
        return Err(missing_secret_hash(&client.id));
    };
    let ok = usernames
        .iter()
        .any(|u| cognito_auth_srp::verify_secret_hash(u, &client.id, secret, presented));
    if ok {
        Ok(())
    } else {
        Err(bad_secret_hash(&client.id))
    }
}

/// Checks the raw `ClientSecret` of GetTokensFromRefreshToken / RevokeToken.
pub fn check_client_secret(client: &Client, presented: Option<&str>) -> Result<(), ApiError> {
    let Some(secret) = &client.secret else {
        return Ok(());
    };
    match presented {
        None | Some("") => Err(missing_secret_hash(&client.id)),
        Some(p) if constant_eq(p.as_bytes(), secret.as_bytes()) => Ok(()),
        Some(_) => Err(crate::error::not_authorized(format!(
            "Unable to verify secret for client {}",
            client.id
        ))),
    }
}

/// Constant-time equality.
pub fn constant_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Where a code for `attr` goes: (medium, unmasked destination).
pub fn destination(user: &User, attr: &str) -> Option<(DeliveryMedium, String)> {
    let value = user.attributes.get(attr)?.clone();
    match attr {
        "email" => Some((DeliveryMedium::Email, value)),
        "phone_number" => Some((DeliveryMedium::Sms, value)),
        _ => None,
    }
}

/// Applies attribute updates to a user and returns the attributes a
/// verification code must go to.
///
/// A changed `email` / `phone_number` becomes unverified, unless the same
/// update sets its `*_verified` flag (only AdminUpdateUserAttributes may), and
/// gets a code when the pool auto-verifies it. When the pool's
/// `UserAttributeUpdateSettings.AttributesRequireVerificationBeforeUpdate`
/// lists it and the user has a value, the new value waits in
/// [`User::pending_attributes`] instead and the current value (and its
/// verified flag) stays active until VerifyUserAttribute, or until an admin
/// sets the `*_verified` flag to `true`; AWS API reference,
/// UserAttributeUpdateSettingsType and VerifyUserAttribute ("this operation
/// updates the affected attribute to its pending value").
pub fn apply_attribute_updates(
    user: &mut User,
    attrs: &[(String, String)],
    settings: &crate::state::PoolSettings,
) -> Vec<String> {
    let auto = &settings.auto_verified_attributes;
    let mut to_verify = Vec::new();
    for (k, v) in attrs {
        if k != "email" && k != "phone_number" {
            // An admin marking the attribute verified accepts a pending value.
            if let Some(base) = k.strip_suffix("_verified")
                && v == "true"
                && !attrs.iter().any(|(n, _)| n == base)
                && let Some(new) = user.pending_attributes.remove(base)
            {
                user.attributes.insert(base.to_owned(), new);
                user.codes
                    .remove(&format!("{}:{base}", purpose::VERIFY_ATTRIBUTE));
            }
            user.attributes.insert(k.clone(), v.clone());
            continue;
        }
        let flag = format!("{k}_verified");
        let current = user.attributes.get(k);
        if current == Some(v) {
            // Back to the active value: nothing to verify, nothing pending.
            drop_pending(user, k);
            continue;
        }
        let auto_verified = auto.iter().any(|a| a == k);
        let set_explicitly = attrs.iter().any(|(n, _)| n == &flag);
        if !set_explicitly && auto_verified && current.is_some() && settings.verify_before_update(k)
        {
            user.pending_attributes.insert(k.clone(), v.clone());
            to_verify.push(k.clone());
            continue;
        }
        drop_pending(user, k);
        user.attributes.insert(k.clone(), v.clone());
        if !set_explicitly {
            user.attributes.insert(flag, "false".into());
            if auto_verified {
                to_verify.push(k.clone());
            }
        }
    }
    to_verify
}

/// Forgets a value waiting for verification, and the code sent to it (a code
/// proves control of the address it went to, not of another).
pub fn drop_pending(user: &mut User, attr: &str) {
    if user.pending_attributes.remove(attr).is_some() {
        user.codes
            .remove(&format!("{}:{attr}", purpose::VERIFY_ATTRIBUTE));
    }
}

/// Masked `CodeDeliveryDetails` for a destination.
pub fn delivery_details(medium: &DeliveryMedium, attr: &str, dest: &str) -> CodeDeliveryDetails {
    let masked = match medium {
        DeliveryMedium::Sms => ids::mask_phone(dest),
        _ => ids::mask_email(dest),
    };
    CodeDeliveryDetails {
        destination: Some(masked),
        delivery_medium: Some(medium.clone()),
        attribute_name: Some(attr.to_owned()),
    }
}

/// Generates a code for a user, stores it as pending for `purpose`, puts it
/// in the outbox, and returns the delivery details and the outbox entry (to
/// log after the lock is released).
pub fn send_code(
    st: &mut State,
    pool_id: &str,
    user_key: &str,
    purpose: &str,
    attr: &str,
    validity_ms: i64,
    now_ms: i64,
) -> Result<(CodeDeliveryDetails, SentCode), ApiError> {
    let pool = pool_mut(st, pool_id)?;
    let code = pool
        .settings
        .fixed_code
        .clone()
        .unwrap_or_else(ids::six_digit_code);
    let user = pool
        .users
        .get_mut(user_key)
        .ok_or_else(crate::error::user_not_found)?;
    // A verification code goes to the value waiting for it, if there is one.
    let pending = (purpose == format!("{}:{attr}", self::purpose::VERIFY_ATTRIBUTE))
        .then(|| user.pending_attributes.get(attr))
        .flatten()
        .and_then(|value| match attr {
            "email" => Some((DeliveryMedium::Email, value.clone())),
            "phone_number" => Some((DeliveryMedium::Sms, value.clone())),
            _ => None,
        });
    let (medium, dest) = pending.or_else(|| destination(user, attr)).ok_or_else(|| {
        crate::error::invalid_parameter(format!("The user has no {attr} to send a code to."))
    })?;
    user.codes.insert(
        purpose.to_owned(),
        PendingCode {
            code: code.clone(),
            expires_ms: now_ms + validity_ms,
            failed_attempts: 0,
            attribute: Some(attr.to_owned()),
        },
    );
    let sent = SentCode {
        user_pool_id: pool_id.to_owned(),
        username: user.username.clone(),
        code,
        purpose: purpose.to_owned(),
        medium: medium.as_str().to_owned(),
        destination: dest.clone(),
        sent_at: now_ms as f64 / 1000.0,
    };
    push_outbox(st, sent.clone());
    Ok((delivery_details(&medium, attr, &dest), sent))
}

/// Appends to the outbox, dropping the oldest entries past the limit.
pub fn push_outbox(st: &mut State, sent: SentCode) {
    st.outbox.push(sent);
    if st.outbox.len() > crate::state::OUTBOX_LIMIT {
        let excess = st.outbox.len() - crate::state::OUTBOX_LIMIT;
        st.outbox.drain(..excess);
    }
}

/// Logs a delivered code to stderr (call without the state lock).
pub fn log_code(sent: &SentCode) {
    eprintln!(
        "mock-cognito: {} code {} for {} in {} via {} to {}",
        sent.purpose, sent.code, sent.username, sent.user_pool_id, sent.medium, sent.destination
    );
}

/// Checks a presented code for `purpose`. On success the code is consumed and
/// the attribute it was sent to is returned.
pub fn check_code(
    user: &mut User,
    purpose: &str,
    presented: &str,
    now_ms: i64,
) -> Result<Option<String>, ApiError> {
    let Some(pending) = user.codes.get_mut(purpose) else {
        return Err(code_mismatch());
    };
    if pending.expires_ms <= now_ms {
        user.codes.remove(purpose);
        return Err(expired_code());
    }
    if !constant_eq(pending.code.as_bytes(), presented.trim().as_bytes()) {
        pending.failed_attempts += 1;
        if pending.failed_attempts >= CODE_ATTEMPTS {
            user.codes.remove(purpose);
            return Err(err(
                ErrorKind::TooManyFailedAttempts,
                "Too many failed attempts; request a new code.",
            ));
        }
        return Err(code_mismatch());
    }
    let attr = pending.attribute.clone();
    user.codes.remove(purpose);
    Ok(attr)
}

/// The attribute a sign-up confirmation code goes to: phone wins over email
/// when both are auto-verified (Cognito's rule).
pub fn signup_code_attribute(pool: &Pool, user: &User) -> Option<&'static str> {
    let auto = &pool.settings.auto_verified_attributes;
    if auto.iter().any(|a| a == "phone_number") && user.attributes.contains_key("phone_number") {
        Some("phone_number")
    } else if auto.iter().any(|a| a == "email") && user.attributes.contains_key("email") {
        Some("email")
    } else {
        None
    }
}

/// The attribute a password-reset code goes to, or `None` when the user has
/// no verified contact (or recovery is admin-only).
pub fn recovery_attribute(pool: &Pool, user: &User) -> Option<&'static str> {
    let mut mechanisms = pool.settings.recovery_mechanisms.clone();
    if mechanisms.is_empty() {
        mechanisms = vec![
            (1, "verified_phone_number".to_owned()),
            (2, "verified_email".to_owned()),
        ];
    }
    mechanisms.sort_by_key(|(p, _)| *p);
    mechanisms.iter().find_map(|(_, m)| match m.as_str() {
        "verified_email" if user.is_verified("email") && user.attr("email").is_some() => {
            Some("email")
        }
        "verified_phone_number"
            if user.is_verified("phone_number") && user.attr("phone_number").is_some() =>
        {
            Some("phone_number")
        }
        _ => None,
    })
}

/// Decodes a `SECRET_BLOCK` (standard base64, padding optional).
pub fn decode_secret_block(b64: &str) -> Option<Vec<u8>> {
    use base64::Engine as _;
    use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD};
    let s = b64.trim();
    STANDARD
        .decode(s)
        .or_else(|_| STANDARD_NO_PAD.decode(s))
        .ok()
}
