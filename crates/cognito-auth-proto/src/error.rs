//! The service-error envelope of the awsJson1_1 protocol.
//!
//! On the wire: HTTP 400 (500 for internal errors), header
//! `x-amzn-ErrorType: <Name>` (real Cognito appends a `:`), and a body
//! `{"__type":"<Name>","message":"<text>"}` (`InvalidParameterException` may add
//! `reasonCode`). Decoding follows the Smithy rule: take the header if present,
//! else body `__type`, else body `code`; keep only what follows a `#`; cut at the
//! first `:` or `,`.

use std::fmt;

use serde::{Deserialize, Serialize};

string_enum! {
    /// Every exception name the cognito-idp model declares (each with
    /// `message`), plus `Unknown` for anything else.
    #[non_exhaustive]
    pub enum ErrorKind {
        AccessDenied => "AccessDeniedException",
        AliasExists => "AliasExistsException",
        CodeDeliveryFailure => "CodeDeliveryFailureException",
        CodeMismatch => "CodeMismatchException",
        ConcurrentModification => "ConcurrentModificationException",
        DeviceKeyExists => "DeviceKeyExistsException",
        DuplicateProvider => "DuplicateProviderException",
        EnableSoftwareTokenMfa => "EnableSoftwareTokenMFAException",
        ExpiredCode => "ExpiredCodeException",
        FeatureUnavailableInTier => "FeatureUnavailableInTierException",
        Forbidden => "ForbiddenException",
        GroupExists => "GroupExistsException",
        InternalError => "InternalErrorException",
        InternalServer => "InternalServerException",
        InvalidEmailRoleAccessPolicy => "InvalidEmailRoleAccessPolicyException",
        InvalidLambdaResponse => "InvalidLambdaResponseException",
        InvalidOAuthFlow => "InvalidOAuthFlowException",
        InvalidParameter => "InvalidParameterException",
        InvalidPassword => "InvalidPasswordException",
        InvalidSmsRoleAccessPolicy => "InvalidSmsRoleAccessPolicyException",
        InvalidSmsRoleTrustRelationship => "InvalidSmsRoleTrustRelationshipException",
        InvalidUserPoolConfiguration => "InvalidUserPoolConfigurationException",
        LimitExceeded => "LimitExceededException",
        MfaMethodNotFound => "MFAMethodNotFoundException",
        ManagedLoginBrandingExists => "ManagedLoginBrandingExistsException",
        NotAuthorized => "NotAuthorizedException",
        OperationNotEnabled => "OperationNotEnabledException",
        PasswordHistoryPolicyViolation => "PasswordHistoryPolicyViolationException",
        PasswordResetRequired => "PasswordResetRequiredException",
        PreconditionNotMet => "PreconditionNotMetException",
        RefreshTokenReuse => "RefreshTokenReuseException",
        ResourceNotFound => "ResourceNotFoundException",
        ScopeDoesNotExist => "ScopeDoesNotExistException",
        ServiceQuotaExceeded => "ServiceQuotaExceededException",
        SoftwareTokenMfaNotFound => "SoftwareTokenMFANotFoundException",
        TermsExists => "TermsExistsException",
        TierChangeNotAllowed => "TierChangeNotAllowedException",
        TooManyFailedAttempts => "TooManyFailedAttemptsException",
        TooManyRequests => "TooManyRequestsException",
        Unauthorized => "UnauthorizedException",
        UnexpectedLambda => "UnexpectedLambdaException",
        UnsupportedIdentityProvider => "UnsupportedIdentityProviderException",
        UnsupportedOperation => "UnsupportedOperationException",
        UnsupportedTokenType => "UnsupportedTokenTypeException",
        UnsupportedUserState => "UnsupportedUserStateException",
        UserImportInProgress => "UserImportInProgressException",
        UserLambdaValidation => "UserLambdaValidationException",
        UserNotConfirmed => "UserNotConfirmedException",
        UserNotFound => "UserNotFoundException",
        UserPoolAddOnNotEnabled => "UserPoolAddOnNotEnabledException",
        UserPoolTagging => "UserPoolTaggingException",
        UsernameExists => "UsernameExistsException",
        WebAuthnChallengeNotFound => "WebAuthnChallengeNotFoundException",
        WebAuthnClientMismatch => "WebAuthnClientMismatchException",
        WebAuthnConfigurationMissing => "WebAuthnConfigurationMissingException",
        WebAuthnCredentialNotSupported => "WebAuthnCredentialNotSupportedException",
        WebAuthnNotEnabled => "WebAuthnNotEnabledException",
        WebAuthnOriginNotAllowed => "WebAuthnOriginNotAllowedException",
        WebAuthnRelyingPartyMismatch => "WebAuthnRelyingPartyMismatchException",
        // Protocol-level errors every AWS JSON service can answer with.
        Serialization => "SerializationException",
        UnknownOperation => "UnknownOperationException",
        Validation => "ValidationException",
        Throttling => "ThrottlingException",
        RequestEntityTooLarge => "RequestEntityTooLargeException",
    }
}

impl ErrorKind {
    /// The HTTP status real Cognito answers with: 500 for internal errors,
    /// 400 for every client error (SDKs dispatch on the name, not the status).
    pub fn http_status(&self) -> u16 {
        match self {
            Self::InternalError | Self::InternalServer => 500,
            Self::RequestEntityTooLarge => 413,
            _ => 400,
        }
    }

    /// True for errors worth retrying after a pause (throttling, internal).
    pub fn is_retryable(&self) -> bool {
        matches!(
            self,
            Self::TooManyRequests
                | Self::Throttling
                | Self::LimitExceeded
                | Self::InternalError
                | Self::InternalServer
        )
    }
}

/// An error answer from Cognito (or from mock-cognito).
#[derive(Clone, PartialEq, Eq)]
pub struct ServiceError {
    /// The exception name.
    pub kind: ErrorKind,
    /// The service's message (may be empty).
    pub message: String,
    /// `reasonCode`, sent with some `InvalidParameterException`s.
    pub reason_code: Option<String>,
}

impl fmt::Debug for ServiceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ServiceError")
            .field("kind", &self.kind)
            .field("message", &self.message)
            .field("reason_code", &self.reason_code)
            .finish()
    }
}

impl fmt::Display for ServiceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.message.is_empty() {
            f.write_str(self.kind.as_str())
        } else {
            write!(f, "{}: {}", self.kind, self.message)
        }
    }
}

impl std::error::Error for ServiceError {}

#[derive(Serialize, Deserialize)]
struct Envelope {
    #[serde(rename = "__type", default, skip_serializing_if = "Option::is_none")]
    type_: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    message: Option<String>,
    #[serde(rename = "Message", default, skip_serializing_if = "Option::is_none")]
    message_upper: Option<String>,
    #[serde(
        rename = "reasonCode",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    reason_code: Option<String>,
}

/// Reduces a raw error type to its name: keeps what follows the last `#`
/// before the first `:`/`,` and cuts there
/// (`aws.protocoltests#FooError:http://…` → `FooError`).
pub fn sanitize_error_type(raw: &str) -> &str {
    let cut = raw.find([':', ',']).map_or(raw, |i| &raw[..i]);
    let name = cut.rfind('#').map_or(cut, |i| &cut[i + 1..]);
    name.trim()
}

impl ServiceError {
    /// A new error.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
            reason_code: None,
        }
    }

    /// Decodes an error response. `error_type_header` is the value of
    /// `x-amzn-ErrorType` if present. Never fails: an unreadable body yields
    /// `Unknown("UnknownError")` with the body text (truncated) as message.
    pub fn decode(error_type_header: Option<&str>, body: &[u8]) -> Self {
        let env: Option<Envelope> = serde_json::from_slice(body).ok();
        let from_header = error_type_header
            .map(sanitize_error_type)
            .filter(|s| !s.is_empty());
        let from_body = env.as_ref().and_then(|e| {
            e.type_
                .as_deref()
                .or(e.code.as_deref())
                .map(sanitize_error_type)
                .filter(|s| !s.is_empty())
        });
        let kind = ErrorKind::from(from_header.or(from_body).unwrap_or("UnknownError"));
        let (message, reason_code) = match env {
            Some(e) => (
                e.message.or(e.message_upper).unwrap_or_default(),
                e.reason_code,
            ),
            None => {
                let text = String::from_utf8_lossy(body);
                (text.chars().take(512).collect(), None)
            }
        };
        Self {
            kind,
            message,
            reason_code,
        }
    }

    /// The JSON body a server sends: `{"__type","message"}` (+`reasonCode`).
    pub fn to_body(&self) -> Vec<u8> {
        let env = Envelope {
            type_: Some(self.kind.as_str().to_owned()),
            code: None,
            message: Some(self.message.clone()),
            message_upper: None,
            reason_code: self.reason_code.clone(),
        };
        serde_json::to_vec(&env).unwrap_or_default()
    }

    /// The HTTP status a server sends ([`ErrorKind::http_status`]).
    pub fn http_status(&self) -> u16 {
        self.kind.http_status()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_real_cognito_error_with_trailing_colon_header() {
        let body =
            br#"{"__type":"NotAuthorizedException","message":"Incorrect username or password."}"#;
        let e = ServiceError::decode(Some("NotAuthorizedException:"), body);
        assert_eq!(e.kind, ErrorKind::NotAuthorized);
        assert_eq!(e.message, "Incorrect username or password.");
    }

    #[test]
    fn header_wins_and_is_sanitised() {
        let e = ServiceError::decode(
            Some("aws.cognito#UserNotFoundException:http://internal.amazon.com/"),
            br#"{"__type":"Other","message":"m"}"#,
        );
        assert_eq!(e.kind, ErrorKind::UserNotFound);
    }

    #[test]
    fn falls_back_to_type_then_code() {
        let e = ServiceError::decode(
            None,
            br#"{"__type":"com.amazon#CodeMismatchException","message":"x"}"#,
        );
        assert_eq!(e.kind, ErrorKind::CodeMismatch);
        let e = ServiceError::decode(None, br#"{"code":"ExpiredCodeException","Message":"y"}"#);
        assert_eq!(e.kind, ErrorKind::ExpiredCode);
        assert_eq!(e.message, "y");
    }

    #[test]
    fn garbage_body_is_not_a_panic() {
        let e = ServiceError::decode(None, b"<html>bad gateway</html>");
        assert_eq!(e.kind, ErrorKind::Unknown("UnknownError".into()));
        assert!(e.message.contains("bad gateway"));
        let e = ServiceError::decode(Some(""), b"");
        assert_eq!(e.kind.as_str(), "UnknownError");
    }

    #[test]
    fn unknown_names_are_kept() {
        let e = ServiceError::decode(None, br#"{"__type":"BrandNewException","message":"z"}"#);
        assert_eq!(e.kind, ErrorKind::Unknown("BrandNewException".into()));
        assert_eq!(e.kind.as_str(), "BrandNewException");
    }

    #[test]
    fn body_round_trips_and_status() {
        let mut e = ServiceError::new(ErrorKind::InvalidParameter, "bad");
        e.reason_code = Some("INVALID_PHONE".into());
        let back = ServiceError::decode(None, &e.to_body());
        assert_eq!(back, e);
        assert_eq!(e.http_status(), 400);
        assert_eq!(
            ServiceError::new(ErrorKind::InternalError, "").http_status(),
            500
        );
    }
}
