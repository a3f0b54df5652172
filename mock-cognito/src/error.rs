//! Errors the mock answers with: [`cognito_auth_proto::ServiceError`] plus
//! constructors for the messages real Cognito uses (wire spec §1.5).

pub use cognito_auth_proto::ServiceError as ApiError;
use cognito_auth_proto::{ErrorKind, ServiceError};

/// `Incorrect username or password.`
pub const INCORRECT_CREDENTIALS: &str = "Incorrect username or password.";

/// Any error.
pub fn err(kind: ErrorKind, message: impl Into<String>) -> ServiceError {
    ServiceError::new(kind, message)
}

/// `InternalErrorException` (HTTP 500).
pub fn internal(message: impl Into<String>) -> ServiceError {
    ServiceError::new(ErrorKind::InternalError, message)
}

/// `InvalidParameterException`.
pub fn invalid_parameter(message: impl Into<String>) -> ServiceError {
    ServiceError::new(ErrorKind::InvalidParameter, message)
}

/// `NotAuthorizedException`.
pub fn not_authorized(message: impl Into<String>) -> ServiceError {
    ServiceError::new(ErrorKind::NotAuthorized, message)
}

/// `NotAuthorizedException: Incorrect username or password.`
pub fn incorrect_credentials() -> ServiceError {
    not_authorized(INCORRECT_CREDENTIALS)
}

/// `ResourceNotFoundException`.
pub fn resource_not_found(message: impl Into<String>) -> ServiceError {
    ServiceError::new(ErrorKind::ResourceNotFound, message)
}

/// `ResourceNotFoundException` for an unknown pool.
pub fn pool_not_found(pool_id: &str) -> ServiceError {
    resource_not_found(format!("User pool {pool_id} does not exist."))
}

/// `ResourceNotFoundException` for an unknown client.
pub fn client_not_found(client_id: &str) -> ServiceError {
    resource_not_found(format!("User pool client {client_id} does not exist."))
}

/// `UserNotFoundException: User does not exist.`
pub fn user_not_found() -> ServiceError {
    ServiceError::new(ErrorKind::UserNotFound, "User does not exist.")
}

/// `UserNotConfirmedException: User is not confirmed.`
pub fn user_not_confirmed() -> ServiceError {
    ServiceError::new(ErrorKind::UserNotConfirmed, "User is not confirmed.")
}

/// `PasswordResetRequiredException`.
pub fn password_reset_required() -> ServiceError {
    ServiceError::new(
        ErrorKind::PasswordResetRequired,
        "Password reset required for the user",
    )
}

/// `NotAuthorizedException: User is disabled.`
pub fn user_disabled() -> ServiceError {
    not_authorized("User is disabled.")
}

/// `InvalidParameterException: Missing required parameter NAME`.
pub fn missing_parameter(name: &str) -> ServiceError {
    invalid_parameter(format!("Missing required parameter {name}"))
}

/// `CodeMismatchException` for sign-up / forgot-password codes.
pub fn code_mismatch() -> ServiceError {
    ServiceError::new(
        ErrorKind::CodeMismatch,
        "Invalid verification code provided, please try again.",
    )
}

/// `ExpiredCodeException`.
pub fn expired_code() -> ServiceError {
    ServiceError::new(
        ErrorKind::ExpiredCode,
        "Invalid code provided, please request a code again.",
    )
}

/// `LimitExceededException`.
pub fn limit_exceeded() -> ServiceError {
    ServiceError::new(
        ErrorKind::LimitExceeded,
        "Attempt limit exceeded, please try after some time.",
    )
}

/// `NotAuthorizedException` for a bad session.
pub fn invalid_session() -> ServiceError {
    not_authorized("Invalid session for the user.")
}

/// `NotAuthorizedException` for an expired session.
pub fn expired_session() -> ServiceError {
    not_authorized("Invalid session for the user, session is expired.")
}

/// `NotAuthorizedException` for a session presented twice.
pub fn reused_session() -> ServiceError {
    not_authorized("Invalid session for the user, session can only be used once.")
}

/// `NotAuthorizedException` for a bad or missing SECRET_HASH.
pub fn bad_secret_hash(client_id: &str) -> ServiceError {
    not_authorized(format!(
        "Unable to verify secret hash for client {client_id}"
    ))
}

/// `NotAuthorizedException` when a confidential client sent no SECRET_HASH.
pub fn missing_secret_hash(client_id: &str) -> ServiceError {
    not_authorized(format!(
        "Client {client_id} is configured for secret but secret was not received"
    ))
}

/// `UnsupportedOperationException` for something this mock does not do yet.
pub fn not_implemented(what: &str) -> ServiceError {
    ServiceError::new(
        ErrorKind::UnsupportedOperation,
        format!("mock-cognito does not implement {what} yet"),
    )
}

/// `UnsupportedOperationException` for passkey sign-in, wherever a client
/// can ask for it (`PREFERRED_CHALLENGE=WEB_AUTHN`, `SELECT_CHALLENGE` with
/// `ANSWER=WEB_AUTHN`, a `WEB_AUTHN` challenge response).
pub fn web_authn_unsupported() -> ServiceError {
    not_implemented("WEB_AUTHN (passkey) sign-in")
}
