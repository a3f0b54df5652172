//! Names of `AuthParameters`, `ChallengeParameters` and `ChallengeResponses`
//! entries, exactly as they travel.

#![allow(missing_docs)]

pub const USERNAME: &str = "USERNAME";
pub const PASSWORD: &str = "PASSWORD";
pub const NEW_PASSWORD: &str = "NEW_PASSWORD";
pub const SECRET_HASH: &str = "SECRET_HASH";
pub const DEVICE_KEY: &str = "DEVICE_KEY";
pub const REFRESH_TOKEN: &str = "REFRESH_TOKEN";
pub const SRP_A: &str = "SRP_A";
pub const SRP_B: &str = "SRP_B";
pub const SALT: &str = "SALT";
pub const SECRET_BLOCK: &str = "SECRET_BLOCK";
pub const USER_ID_FOR_SRP: &str = "USER_ID_FOR_SRP";
pub const PASSWORD_CLAIM_SECRET_BLOCK: &str = "PASSWORD_CLAIM_SECRET_BLOCK";
pub const PASSWORD_CLAIM_SIGNATURE: &str = "PASSWORD_CLAIM_SIGNATURE";
pub const TIMESTAMP: &str = "TIMESTAMP";
/// `CUSTOM_AUTH` with `CHALLENGE_NAME=SRP_A` starts a custom flow with SRP.
pub const CHALLENGE_NAME: &str = "CHALLENGE_NAME";
/// The value of [`CHALLENGE_NAME`] that starts `CUSTOM_WITH_SRP`.
pub const SRP_A_CHALLENGE: &str = "SRP_A";
pub const PREFERRED_CHALLENGE: &str = "PREFERRED_CHALLENGE";
pub const ANSWER: &str = "ANSWER";
pub const SMS_MFA_CODE: &str = "SMS_MFA_CODE";
pub const SMS_OTP_CODE: &str = "SMS_OTP_CODE";
pub const EMAIL_OTP_CODE: &str = "EMAIL_OTP_CODE";
pub const SOFTWARE_TOKEN_MFA_CODE: &str = "SOFTWARE_TOKEN_MFA_CODE";
pub const EMAIL: &str = "EMAIL";
pub const CREDENTIAL: &str = "CREDENTIAL";
pub const CREDENTIAL_REQUEST_OPTIONS: &str = "CREDENTIAL_REQUEST_OPTIONS";
pub const CODE_DELIVERY_DELIVERY_MEDIUM: &str = "CODE_DELIVERY_DELIVERY_MEDIUM";
pub const CODE_DELIVERY_DESTINATION: &str = "CODE_DELIVERY_DESTINATION";
pub const MFAS_CAN_CHOOSE: &str = "MFAS_CAN_CHOOSE";
pub const MFAS_CAN_SETUP: &str = "MFAS_CAN_SETUP";
pub const FRIENDLY_DEVICE_NAME: &str = "FRIENDLY_DEVICE_NAME";
/// `NEW_PASSWORD_REQUIRED`: JSON array string of required attribute names,
/// each prefixed with [`USER_ATTRIBUTE_PREFIX`].
pub const REQUIRED_ATTRIBUTES: &str = "requiredAttributes";
/// `NEW_PASSWORD_REQUIRED`: JSON object string of the user's attributes.
pub const USER_ATTRIBUTES: &str = "userAttributes";
/// Prefix of attribute entries in a `NEW_PASSWORD_REQUIRED` response.
pub const USER_ATTRIBUTE_PREFIX: &str = "userAttributes.";
