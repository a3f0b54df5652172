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

/// `ResourceNotFoundException` for an unknown pool — or, for an id that could
/// not be a pool id at all, the model's validation error the service gives
/// before it looks (`UserPoolIdType`: 1–55 characters, `[\w-]+_[0-9a-zA-Z]+`).
pub fn pool_not_found(pool_id: &str) -> ServiceError {
    if pool_id.chars().count() > 55 {
        return invalid_parameter(format!(
            "1 validation error detected: Value '{pool_id}' at 'userPoolId' failed to satisfy constraint: Member must have length less than or equal to 55"
        ));
    }
    if !is_pool_id(pool_id) {
        return invalid_parameter(format!(
            "1 validation error detected: Value '{pool_id}' at 'userPoolId' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w-]+_[0-9a-zA-Z]+"
        ));
    }
    resource_not_found(format!("User pool {pool_id} does not exist."))
}

/// `[\w-]+_[0-9a-zA-Z]+` matched whole (`\w` as in Java: ASCII letters,
/// digits and `_`): a non-empty `[\w-]` prefix, then `_` and an alphanumeric
/// tail. The tail cannot hold `_`, so the split is at the last `_`.
fn is_pool_id(id: &str) -> bool {
    match id.rsplit_once('_') {
        Some((head, tail)) => {
            !head.is_empty()
                && !tail.is_empty()
                && head
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
                && tail.chars().all(|c| c.is_ascii_alphanumeric())
        }
        None => false,
    }
}

/// `ResourceNotFoundException` for an unknown client — or the validation
/// error for an id outside `ClientIdType` (1–128 characters of `[\w+]`; the
/// type is sensitive, so the message leaves the value out).
pub fn client_not_found(client_id: &str) -> ServiceError {
    if client_id.chars().count() > 128 {
        return invalid_parameter(
            "1 validation error detected: Value at 'clientId' failed to satisfy constraint: Member must have length less than or equal to 128",
        );
    }
    if client_id.is_empty()
        || !client_id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '+')
    {
        return invalid_parameter(
            "1 validation error detected: Value at 'clientId' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+]+",
        );
    }
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

#[cfg(test)]
mod id_tests {
    use super::*;

    #[test]
    fn pool_and_client_ids_outside_their_patterns_are_validation_errors() {
        for ok in ["us-east-1_AbC123", "eu-west-2_x", "a_b", "my_pool-x_Z9"] {
            assert_eq!(pool_not_found(ok).kind, ErrorKind::ResourceNotFound, "{ok}");
        }
        for bad in [
            "nope",
            "_abc",
            "us-east-1_",
            "us-east-1_ab-c",
            "us east_1",
            "üs_1",
        ] {
            let e = pool_not_found(bad);
            assert_eq!(e.kind, ErrorKind::InvalidParameter, "{bad}");
            assert!(
                e.message
                    .contains("regular expression pattern: [\\w-]+_[0-9a-zA-Z]+"),
                "{}",
                e.message
            );
            assert!(
                e.message
                    .contains(&format!("Value '{bad}' at 'userPoolId'")),
                "{}",
                e.message
            );
        }
        let long = format!("us-east-1_{}", "a".repeat(50));
        assert!(
            pool_not_found(&long)
                .message
                .contains("length less than or equal to 55")
        );
        assert_eq!(
            client_not_found("1example23456789").kind,
            ErrorKind::ResourceNotFound
        );
        for bad in ["", "has space", "dash-ed"] {
            let e = client_not_found(bad);
            assert_eq!(e.kind, ErrorKind::InvalidParameter, "{bad:?}");
            assert!(!e.message.contains(bad) || bad.is_empty(), "{}", e.message);
        }
        assert!(client_not_found(&"a".repeat(129)).message.contains("128"));
    }
}
