//! Errors of the flows. Every message says what to do about it.

use cognito_auth_proto::ServiceError;
use cognito_auth_srp::SrpError;

/// A bad input, caught before anything is sent. [`ValidationError::name`] is
/// Amplify's name for it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ValidationError {
    /// `sign_in` without a username.
    #[error("username is required to sign in; pass the username or alias the user typed")]
    EmptySignInUsername,
    /// A password flow without a password.
    #[error("password is required for {flow}; pass the password, or use a passwordless flow")]
    EmptySignInPassword {
        /// The flow that needs it.
        flow: &'static str,
    },
    /// `CUSTOM_WITHOUT_SRP` given a password.
    #[error(
        "CUSTOM_WITHOUT_SRP takes no password; drop the password or use CUSTOM_WITH_SRP to check it first"
    )]
    CustomAuthSignInPassword,
    /// `sign_up` / `resend_sign_up_code` without a username.
    #[error("username is required to sign up")]
    EmptySignUpUsername,
    /// Cognito requires a password for this pool's sign-up.
    #[error("this user pool requires a password to sign up; pass one")]
    EmptySignUpPassword,
    /// `confirm_sign_up` without a username.
    #[error("username is required to confirm sign-up")]
    EmptyConfirmSignUpUsername,
    /// `confirm_sign_up` without a code.
    #[error("the confirmation code is required; pass the code that was delivered")]
    EmptyConfirmSignUpCode,
    /// `confirm_sign_in` with an empty answer.
    #[error("challenge response is empty; pass the answer to step {step}")]
    EmptyChallengeResponse {
        /// The current step.
        step: &'static str,
    },
    /// An MFA selection that is not one of the offered types.
    #[error("{given:?} is not an offered MFA type; answer with one of {allowed:?}")]
    IncorrectMfaMethod {
        /// What was given.
        given: String,
        /// What the step offers (`SMS`, `TOTP`, `EMAIL`).
        allowed: Vec<&'static str>,
    },
    /// A preferred first factor that cannot be used with the chosen flow.
    #[error(
        "preferred challenge {challenge} needs the USER_AUTH flow, but {flow} was chosen; drop one of the two"
    )]
    InvalidPreferredChallenge {
        /// The factor.
        challenge: String,
        /// The flow.
        flow: &'static str,
    },
    /// An answer of a kind the current step does not take.
    #[error("step {step} does not take a {given} answer; {expected}")]
    WrongChallengeResponse {
        /// The current step.
        step: &'static str,
        /// The kind given.
        given: &'static str,
        /// What it takes.
        expected: &'static str,
    },
    /// A first factor not in the offered list.
    #[error("{given} was not offered; choose one of {available:?}")]
    FactorNotOffered {
        /// What was given.
        given: String,
        /// What Cognito offered.
        available: Vec<String>,
    },
}

impl ValidationError {
    /// Amplify's name for this error (`EmptySignInUsername`, …).
    pub fn name(&self) -> &'static str {
        match self {
            Self::EmptySignInUsername => "EmptySignInUsername",
            Self::EmptySignInPassword { .. } => "EmptySignInPassword",
            Self::CustomAuthSignInPassword => "CustomAuthSignInPassword",
            Self::EmptySignUpUsername => "EmptySignUpUsername",
            Self::EmptySignUpPassword => "EmptySignUpPassword",
            Self::EmptyConfirmSignUpUsername => "EmptyConfirmSignUpUsername",
            Self::EmptyConfirmSignUpCode => "EmptyConfirmSignUpCode",
            Self::EmptyChallengeResponse { .. } => "EmptyChallengeResponse",
            Self::IncorrectMfaMethod { .. } => "IncorrectMFAMethod",
            Self::InvalidPreferredChallenge { .. } => "InvalidPreferredChallenge",
            Self::WrongChallengeResponse { .. } | Self::FactorNotOffered { .. } => {
                "InvalidChallengeResponse"
            }
        }
    }
}

/// A feature of Cognito this crate does not implement yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Unsupported {
    /// Passkeys (`WEB_AUTHN`).
    #[error(
        "passkey sign-in (WEB_AUTHN) is not supported yet; choose another first factor (PASSWORD, PASSWORD_SRP, EMAIL_OTP, SMS_OTP)"
    )]
    WebAuthn,
    /// `MFA_SETUP` offering only SMS: Cognito cannot set SMS MFA up inside a
    /// sign-in.
    #[error(
        "MFA_SETUP offered only SMS, which cannot be set up during sign-in; add a verified phone number to the user (or enable TOTP/email MFA on the pool) and sign in again"
    )]
    SmsMfaSetup,
}

/// A Cognito answer that does not fit the protocol.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ProtocolError {
    /// The body is not the JSON shape of the action.
    #[error("the {action} answer is not valid JSON for its shape: {detail}")]
    Malformed {
        /// The action.
        action: String,
        /// What is wrong.
        detail: String,
    },
    /// A challenge parameter the step needs is missing.
    #[error("challenge {challenge} came without the {name} parameter")]
    MissingChallengeParameter {
        /// The challenge.
        challenge: String,
        /// The parameter.
        name: &'static str,
    },
    /// A challenge at a point where it makes no sense, or an unknown one.
    #[error("Cognito answered with challenge {got}, which this client does not handle here")]
    UnexpectedChallenge {
        /// The challenge name.
        got: String,
    },
    /// A response with neither tokens nor a challenge.
    #[error("the {action} answer has neither tokens nor a challenge")]
    NoResult {
        /// The action.
        action: String,
    },
    /// An answer for an action other than the one awaited.
    #[error("expected the answer to {expected}, got one for {got}")]
    WrongAnswer {
        /// The action awaited.
        expected: String,
        /// The action given.
        got: String,
    },
    /// A token that is not a decodable JWT.
    #[error("the {which} token is not a readable JWT: {detail}")]
    BadToken {
        /// Which token.
        which: &'static str,
        /// What is wrong.
        detail: String,
    },
    /// `MFA_SETUP` offered nothing this client can set up.
    #[error("MFA_SETUP offered {offered:?}, none of which can be set up during sign-in")]
    NoSetupOption {
        /// The offered types.
        offered: String,
    },
    /// `VerifySoftwareToken` answered `ERROR`.
    #[error(
        "the authenticator code was not accepted (VerifySoftwareToken status ERROR); try the next code"
    )]
    TotpVerificationFailed,
}

/// Everything a flow step can fail with.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum FlowError {
    /// A bad input.
    #[error(transparent)]
    Validation(#[from] ValidationError),
    /// Cognito said no.
    #[error("Cognito: {0}")]
    Service(#[from] ServiceError),
    /// Cognito's answer does not fit the protocol.
    #[error(transparent)]
    Protocol(#[from] ProtocolError),
    /// Not implemented by this crate yet.
    #[error(transparent)]
    Unsupported(#[from] Unsupported),
    /// SRP math refused the server's values (or the RNG failed).
    #[error("SRP: {0}")]
    Srp(#[from] SrpError),
}
