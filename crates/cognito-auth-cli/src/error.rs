//! Errors as the CLI reports them: a name, a message, an exit status.

use cognito_auth::{AuthError, AutoSignInError};

/// Cognito refused, or there is nothing to act on.
pub const EXIT_REFUSED: u8 = 1;
/// Bad arguments, missing configuration, invalid input, standard input ended.
pub const EXIT_USAGE: u8 = 2;
/// No answer from Cognito.
pub const EXIT_NETWORK: u8 = 3;
/// The state file or the terminal failed.
pub const EXIT_LOCAL: u8 = 4;

/// An error ready to print.
#[derive(Debug)]
pub struct CliError {
    /// Cognito's exception name, Amplify's error name, or the CLI's own
    /// (`UsageError`, `InputError`, `StateFileError`).
    pub name: String,
    /// The message of `{"error":{"name","message"}}`: Cognito's own message
    /// for service errors, so it compares with Amplify's.
    pub message: String,
    /// The line printed to standard error without `--json` (with hints).
    pub human: String,
    /// The exit status.
    pub exit: u8,
}

impl CliError {
    fn new(name: &str, message: String, exit: u8) -> Self {
        Self {
            name: name.to_owned(),
            human: message.clone(),
            message,
            exit,
        }
    }

    /// Bad arguments or configuration.
    pub fn usage(message: impl Into<String>) -> Self {
        Self::new("UsageError", message.into(), EXIT_USAGE)
    }

    /// Standard input ended or held something unusable.
    pub fn input(message: impl Into<String>) -> Self {
        Self::new("InputError", message.into(), EXIT_USAGE)
    }

    /// The state file failed.
    pub fn state(message: impl Into<String>) -> Self {
        Self::new("StateFileError", message.into(), EXIT_LOCAL)
    }

    /// The terminal or standard input could not be read.
    pub fn terminal(e: &std::io::Error) -> Self {
        Self::new(
            "InputError",
            format!("cannot read the answer: {e}"),
            EXIT_LOCAL,
        )
    }
}

impl From<AuthError> for CliError {
    fn from(e: AuthError) -> Self {
        let name = e.name().to_owned();
        let (message, exit) = match &e {
            AuthError::Service { error, .. } => (error.message.clone(), EXIT_REFUSED),
            AuthError::Transport { .. } => (e.to_string(), EXIT_NETWORK),
            AuthError::Store(_) => (e.to_string(), EXIT_LOCAL),
            AuthError::Validation(_) | AuthError::Config(_) => (e.to_string(), EXIT_USAGE),
            AuthError::UserAlreadyAuthenticated { username } => (
                format!(
                    "{username} is already signed in: run `cognito-auth sign-out` first, or sign in again with --replace"
                ),
                EXIT_REFUSED,
            ),
            AuthError::UserUnAuthenticated => (
                "no user is signed in: run `cognito-auth sign-in` first".to_owned(),
                EXIT_REFUSED,
            ),
            AuthError::NoSignInInProgress => (
                "no sign-in is waiting for an answer: run `cognito-auth sign-in` first".to_owned(),
                EXIT_REFUSED,
            ),
            AuthError::SignInExpired => (
                "the sign-in that waited for an answer expired: run `cognito-auth sign-in` again"
                    .to_owned(),
                EXIT_REFUSED,
            ),
            AuthError::AutoSignIn(a) => (auto_sign_in_message(*a), EXIT_REFUSED),
            _ => (e.to_string(), EXIT_REFUSED),
        };
        let human = match &e {
            // Cognito's message plus the operation and what to do.
            AuthError::Service { .. } => e.to_string(),
            _ => message.clone(),
        };
        Self {
            name,
            message,
            human,
            exit,
        }
    }
}

fn auto_sign_in_message(e: AutoSignInError) -> String {
    match e {
        AutoSignInError::NotStarted => "no auto sign-in is pending: run `cognito-auth sign-up --auto-sign-in` first (in this state file), or `cognito-auth sign-in`".to_owned(),
        AutoSignInError::NotConfirmed => "the account is not confirmed yet: run `cognito-auth confirm-sign-up --username U --code C` first".to_owned(),
        AutoSignInError::Expired => "the pending auto sign-in expired: run `cognito-auth sign-in`".to_owned(),
        other => other.to_string(),
    }
}
