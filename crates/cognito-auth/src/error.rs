//! The one error type of the client. Every variant says what to do.

use cognito_auth_flow::{FlowError, ProtocolError, Unsupported, ValidationError};
use cognito_auth_proto::{ErrorKind, ServiceError};
use cognito_auth_srp::SrpError;
use cognito_auth_transport::TransportError;

use crate::store::StoreError;

/// The error name [`ServiceError::decode`] gives an answer that carries no
/// Cognito error type (an HTML error page from a proxy or an emulator).
pub(crate) const NOT_COGNITO: &str = "UnknownError";

/// Why auto sign-in could not run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AutoSignInError {
    /// No sign-up with auto sign-in is pending (never started, finished,
    /// expired, or started in another process and not restored).
    #[error(
        "no auto sign-in is pending: sign up with auto sign-in first (or restore the exported state), or call sign_in"
    )]
    NotStarted,
    /// The account is not confirmed yet.
    #[error("the account is not confirmed yet: call confirm_sign_up with the delivered code first")]
    NotConfirmed,
    /// The pending state expired.
    #[error("the pending auto sign-in expired; call sign_in")]
    Expired,
    /// A link-confirmation pool: the link was not clicked in time.
    #[error(
        "the account was not confirmed (link not followed) in time; confirm it and call sign_in"
    )]
    LinkTimeout,
}

/// Everything the client can fail with.
///
/// For branching use [`AuthError::name`] (Amplify's error names, Cognito's
/// exception names) or match the variants; the `Display` text is for people
/// and ends with what to do.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum AuthError {
    /// Bad input, caught before anything was sent.
    #[error("{0}")]
    Validation(#[from] ValidationError),
    /// Cognito answered with an error.
    #[error("{operation}: Cognito answered {error}{}", service_tail(error))]
    Service {
        /// The Cognito action.
        operation: String,
        /// The error (name, message).
        error: ServiceError,
    },
    /// No answer from Cognito (after the retries the rule allows).
    #[error(
        "{operation}: no answer from Cognito after {attempts} attempt(s): {source}. Check the network and the endpoint, then try again"
    )]
    Transport {
        /// The Cognito action.
        operation: String,
        /// Attempts made.
        attempts: u32,
        /// The last transport error.
        #[source]
        source: TransportError,
    },
    /// Cognito's answer does not fit the protocol.
    #[error(
        "{operation}: {error}. This is a service or client bug; report it with the operation name"
    )]
    Protocol {
        /// The Cognito action.
        operation: String,
        /// What is wrong.
        error: ProtocolError,
    },
    /// A Cognito feature this crate does not implement yet.
    #[error("{0}")]
    Unsupported(#[from] Unsupported),
    /// `sign_in` while a user is signed in, with [`ExistingSession::Reject`](crate::ExistingSession::Reject).
    #[error(
        "{username} is already signed in: call sign_out first, or sign in with ExistingSession::Replace to switch user or re-login"
    )]
    UserAlreadyAuthenticated {
        /// Who is signed in.
        username: String,
    },
    /// No user is signed in.
    #[error("no user is signed in: call sign_in first")]
    UserUnAuthenticated,
    /// `confirm_sign_in` without a pending sign-in.
    #[error(
        "no sign-in is waiting for an answer: call sign_in first (or restore the exported pending state)"
    )]
    NoSignInInProgress,
    /// The pending sign-in is too old (or Cognito said its session expired).
    #[error("the pending sign-in expired: call sign_in again")]
    SignInExpired,
    /// Auto sign-in could not run.
    #[error("{0}")]
    AutoSignIn(#[from] AutoSignInError),
    /// The token store failed.
    #[error("{0}. Check the store's file and permissions")]
    Store(#[from] StoreError),
    /// The client is misconfigured.
    #[error("configuration: {0}")]
    Config(String),
    /// SRP refused the server's values or the RNG failed.
    #[error("SRP: {0}. If it repeats, the endpoint is not a genuine Cognito")]
    Srp(#[from] SrpError),
    /// A device operation without a remembered device on this client.
    #[error(
        "this client has no remembered device for {username}: sign in on a user pool that tracks devices first, or pass the device key"
    )]
    NoRememberedDevice {
        /// The signed-in user.
        username: String,
    },
}

/// What follows Cognito's message: the hint, after a full stop unless the
/// message ends with one already (Cognito's messages usually do).
fn service_tail(error: &ServiceError) -> String {
    let ends = error.message.trim_end().ends_with(['.', '!', '?']);
    let sep = if ends { " " } else { ". " };
    format!("{sep}{}", service_hint(&error.kind))
}

fn service_hint(kind: &ErrorKind) -> &'static str {
    match kind {
        ErrorKind::NotAuthorized => {
            "Check the username and password (or the session: start the sign-in again if it expired)"
        }
        ErrorKind::UserNotFound => "Check the username, or sign up first",
        ErrorKind::UsernameExists => "Sign in instead, or choose another username",
        ErrorKind::InvalidPassword => "Choose a password that meets the pool's password policy",
        ErrorKind::CodeMismatch => "Enter the code again exactly as delivered",
        ErrorKind::ExpiredCode => "Request a new code and use it",
        ErrorKind::TooManyFailedAttempts | ErrorKind::LimitExceeded => {
            "Cognito's hourly limit was reached; wait before trying again"
        }
        ErrorKind::TooManyRequests | ErrorKind::Throttling => "Slow down and try again shortly",
        ErrorKind::InvalidParameter => "Check the input values against the pool's configuration",
        ErrorKind::ResourceNotFound => {
            "Check the user pool id, app client id and region (or the endpoint)"
        }
        ErrorKind::AliasExists => {
            "Another account uses this email/phone; confirm with force_alias_creation or use another"
        }
        ErrorKind::UserNotConfirmed => "Confirm the account with the delivered code first",
        ErrorKind::PasswordResetRequired => "Reset the password (forgot-password flow) first",
        ErrorKind::InternalError | ErrorKind::InternalServer => "Cognito failed; try again later",
        ErrorKind::InvalidUserPoolConfiguration
        | ErrorKind::InvalidSmsRoleAccessPolicy
        | ErrorKind::InvalidSmsRoleTrustRelationship
        | ErrorKind::InvalidEmailRoleAccessPolicy => {
            "The user pool is misconfigured; fix it in Cognito"
        }
        ErrorKind::CodeDeliveryFailure => "The code could not be delivered; check the email/phone",
        ErrorKind::UserLambdaValidation
        | ErrorKind::UnexpectedLambda
        | ErrorKind::InvalidLambdaResponse => "A Lambda trigger refused or failed; see its logs",
        ErrorKind::MfaMethodNotFound | ErrorKind::SoftwareTokenMfaNotFound => {
            "Set up the MFA method for this user first"
        }
        ErrorKind::EnableSoftwareTokenMfa => "The authenticator code was wrong; try the next code",
        ErrorKind::Unknown(name) if name == NOT_COGNITO => {
            "The answer did not come from Cognito (a proxy's or an emulator's error page?); check the endpoint"
        }
        _ => "See Cognito's message",
    }
}

impl AuthError {
    /// A stable name to branch on: Amplify's name for client-side errors
    /// (`EmptySignInUsername`, `UserAlreadyAuthenticatedException`, …) and
    /// Cognito's exception name for service errors (`NotAuthorizedException`).
    pub fn name(&self) -> &str {
        match self {
            Self::Validation(v) => v.name(),
            Self::Service { error, .. } => error.kind.as_str(),
            Self::Transport { .. } => "NetworkError",
            Self::Protocol { .. } => "UnexpectedServiceResponse",
            Self::Unsupported(_) => "NotSupportedException",
            Self::UserAlreadyAuthenticated { .. } => "UserAlreadyAuthenticatedException",
            Self::UserUnAuthenticated => "UserUnAuthenticatedException",
            Self::NoSignInInProgress | Self::SignInExpired => "SignInException",
            Self::AutoSignIn(_) => "AutoSignInException",
            Self::Store(_) => "TokenStoreException",
            Self::Config(_) => "AuthUserPoolException",
            Self::Srp(_) => "SrpException",
            Self::NoRememberedDevice { .. } => "DeviceMetadataNotFoundException",
        }
    }

    /// The Cognito error, for service errors.
    pub fn service_error(&self) -> Option<&ServiceError> {
        match self {
            Self::Service { error, .. } => Some(error),
            _ => None,
        }
    }

    /// True when the same call may succeed later unchanged (network trouble,
    /// throttling, Cognito internal errors).
    pub fn is_retryable(&self) -> bool {
        match self {
            Self::Transport { .. } => true,
            Self::Service { error, .. } => matches!(
                error.kind,
                ErrorKind::TooManyRequests
                    | ErrorKind::Throttling
                    | ErrorKind::InternalError
                    | ErrorKind::InternalServer
            ),
            _ => false,
        }
    }

    pub(crate) fn from_flow(operation: &str, e: FlowError) -> Self {
        match e {
            FlowError::Validation(v) => Self::Validation(v),
            FlowError::Service(error) => Self::Service {
                operation: operation.to_owned(),
                error,
            },
            FlowError::Protocol(error) => Self::Protocol {
                operation: operation.to_owned(),
                error,
            },
            FlowError::Unsupported(u) => Self::Unsupported(u),
            FlowError::Srp(s) => Self::Srp(s),
            // FlowError is non-exhaustive; keep whatever it says.
            other => Self::Protocol {
                operation: operation.to_owned(),
                error: ProtocolError::Malformed {
                    action: operation.to_owned(),
                    detail: other.to_string(),
                },
            },
        }
    }
}
