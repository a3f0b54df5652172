//! Sign-up, confirmation, code resend: request building and answer mapping,
//! including the auto-sign-in bookkeeping of Amplify's table (amplify-auth-flows §2).

use std::fmt;

use cognito_auth_proto::{ErrorKind, Sensitive, ServiceError};
use serde::{Deserialize, Serialize};

use crate::config::PoolConfig;
use crate::error::{FlowError, ValidationError};
use crate::input::{
    ConfirmSignUpInput, ResendSignUpCodeInput, SignInInput, SignInOptions, SignUpInput, metadata,
};
use crate::types::{AuthFlowType, CodeDeliveryDetails, SignUpStep, SignUpVerificationMethod};
use crate::wire::{
    Attribute, ConfirmSignUpRequest, ConfirmSignUpResponse, FlowRequest,
    ResendConfirmationCodeRequest, ResendConfirmationCodeResponse, SignUpRequest, SignUpResponse,
};

/// How long auto-sign-in state is kept by default: a sign-up code is valid
/// for 24 hours.
pub const AUTO_SIGN_IN_LIFETIME_SECS: i64 = 24 * 3600;

/// The result of `sign_up`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignUpOutput {
    /// True when the account is confirmed already.
    pub is_sign_up_complete: bool,
    /// The user's `sub`.
    pub user_id: Option<String>,
    /// What to do next.
    pub next_step: SignUpStep,
}

/// The result of `confirm_sign_up`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConfirmSignUpOutput {
    /// Always true after a successful confirmation.
    pub is_sign_up_complete: bool,
    /// `Done`, or `CompleteAutoSignIn` when auto sign-in is armed.
    pub next_step: SignUpStep,
}

/// Where auto sign-in stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AutoSignInPhase {
    /// Signed up; waiting for `confirm_sign_up`.
    AwaitingConfirmation,
    /// Confirmed (or confirmed at sign-up): `auto_sign_in` may run.
    Ready,
    /// Link-confirmation pool: `auto_sign_in` polls sign-in until the link is
    /// clicked.
    AwaitingLink,
}

/// What auto sign-in remembers between `sign_up`, `confirm_sign_up` and
/// `auto_sign_in`. Serialisable, so confirmation can happen in another
/// process.
///
/// It may hold the sign-up password (needed when Cognito gives no session to
/// sign in with): whoever stores it must protect it like a password (the
/// `Debug` output redacts it).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AutoSignInState {
    /// The username given at sign-up.
    pub username: String,
    /// The session to sign in with (`USER_AUTH`): from `ConfirmSignUp`, or
    /// from `SignUp` when the user was confirmed at once.
    pub session: Option<Sensitive>,
    /// The sign-up session, sent with `ConfirmSignUp` so Cognito answers with
    /// a sign-in session.
    pub sign_up_session: Option<Sensitive>,
    /// The password for a password sign-in (absent for `CUSTOM_WITHOUT_SRP`
    /// and passwordless sign-up).
    pub password: Option<Sensitive>,
    /// The sign-in options to use.
    pub options: SignInOptions,
    /// Where it stands.
    pub phase: AutoSignInPhase,
    /// Epoch seconds after which the state is discarded.
    pub expires_at: i64,
}

impl fmt::Debug for AutoSignInState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AutoSignInState")
            .field("username", &self.username)
            .field("has_session", &self.session.is_some())
            .field("has_password", &self.password.is_some())
            .field("options", &self.options)
            .field("phase", &self.phase)
            .field("expires_at", &self.expires_at)
            .finish()
    }
}

impl AutoSignInState {
    /// True once `expires_at` has passed.
    pub fn is_expired(&self, now: i64) -> bool {
        now >= self.expires_at
    }

    /// The sign-in auto sign-in falls back to (remembered credentials).
    pub fn password_sign_in(&self) -> SignInInput {
        SignInInput {
            username: self.username.clone(),
            password: self.password.clone(),
            options: self.options.clone(),
        }
    }

    /// True when a session-based `USER_AUTH` sign-in is possible: a session
    /// is present and the remembered flow is not `PASSWORD_SRP` (which always
    /// runs SRP, as in Amplify).
    pub fn can_use_session(&self) -> bool {
        self.session.is_some()
            && !matches!(
                self.options.preferred_challenge,
                Some(crate::types::AuthFactorType::PasswordSrp)
            )
    }
}

fn attributes(list: &[(String, String)]) -> Option<Vec<Attribute>> {
    (!list.is_empty()).then(|| {
        list.iter()
            .map(|(n, v)| Attribute {
                name: n.clone(),
                value: Some(v.clone()),
            })
            .collect()
    })
}

/// Builds the `SignUp` request.
pub fn sign_up_request(
    cfg: &PoolConfig,
    input: &SignUpInput,
) -> Result<FlowRequest, ValidationError> {
    if input.username.is_empty() {
        return Err(ValidationError::EmptySignUpUsername);
    }
    Ok(FlowRequest::SignUp(SignUpRequest {
        client_id: cfg.client_id().to_owned(),
        secret_hash: cfg.secret_hash(&input.username),
        username: input.username.clone(),
        password: input.password.clone().filter(|p| !p.is_empty()),
        user_attributes: attributes(&input.user_attributes),
        validation_data: attributes(&input.validation_data),
        client_metadata: metadata(&input.client_metadata),
        ..Default::default()
    }))
}

/// Maps a `SignUp` service error: Cognito's "password must not be null"
/// becomes [`ValidationError::EmptySignUpPassword`] (as in Amplify).
pub fn sign_up_error(e: ServiceError) -> FlowError {
    let m = e.message.to_ascii_lowercase();
    if e.kind == ErrorKind::InvalidParameter
        && m.contains("password")
        && m.contains("must not be null")
    {
        FlowError::Validation(ValidationError::EmptySignUpPassword)
    } else {
        FlowError::Service(e)
    }
}

/// Maps the `SignUp` answer: the output and, when auto sign-in was asked for,
/// the state to keep. `now` is epoch seconds.
pub fn sign_up_result(
    input: &SignUpInput,
    resp: SignUpResponse,
    method: SignUpVerificationMethod,
    now: i64,
) -> (SignUpOutput, Option<AutoSignInState>) {
    let details = resp.code_delivery_details.map(CodeDeliveryDetails::from);
    let user_id = (!resp.user_sub.is_empty()).then_some(resp.user_sub);
    let auto = input.auto_sign_in.as_ref().map(|options| {
        let phase = match (resp.user_confirmed, method) {
            (true, _) => AutoSignInPhase::Ready,
            (false, SignUpVerificationMethod::Code) => AutoSignInPhase::AwaitingConfirmation,
            (false, SignUpVerificationMethod::Link) => AutoSignInPhase::AwaitingLink,
        };
        let password = if options.effective_flow() == AuthFlowType::CustomWithoutSrp {
            None
        } else {
            input.password.clone().filter(|p| !p.is_empty())
        };
        AutoSignInState {
            username: input.username.clone(),
            session: resp
                .session
                .clone()
                .filter(|_| phase == AutoSignInPhase::Ready),
            sign_up_session: resp.session.clone(),
            password,
            options: options.clone(),
            phase,
            expires_at: now + AUTO_SIGN_IN_LIFETIME_SECS,
        }
    });
    let next_step = match (&auto, resp.user_confirmed) {
        (None, true) => SignUpStep::Done,
        (Some(_), true) => SignUpStep::CompleteAutoSignIn {
            code_delivery_details: None,
        },
        (Some(a), false) if a.phase == AutoSignInPhase::AwaitingLink => {
            SignUpStep::CompleteAutoSignIn {
                code_delivery_details: details,
            }
        }
        (_, false) => SignUpStep::ConfirmSignUp {
            code_delivery_details: details.unwrap_or_default(),
        },
    };
    (
        SignUpOutput {
            is_sign_up_complete: resp.user_confirmed,
            user_id,
            next_step,
        },
        auto,
    )
}

/// Builds the `ConfirmSignUp` request. When auto sign-in is pending for the
/// same username, the sign-up session is sent along so Cognito answers with a
/// session to sign in with.
pub fn confirm_sign_up_request(
    cfg: &PoolConfig,
    input: &ConfirmSignUpInput,
    auto: Option<&AutoSignInState>,
) -> Result<FlowRequest, ValidationError> {
    if input.username.is_empty() {
        return Err(ValidationError::EmptyConfirmSignUpUsername);
    }
    if input.confirmation_code.is_empty() {
        return Err(ValidationError::EmptyConfirmSignUpCode);
    }
    let session = auto
        .filter(|a| a.username == input.username)
        .and_then(|a| a.sign_up_session.clone());
    Ok(FlowRequest::ConfirmSignUp(ConfirmSignUpRequest {
        client_id: cfg.client_id().to_owned(),
        secret_hash: cfg.secret_hash(&input.username),
        username: input.username.clone(),
        confirmation_code: input.confirmation_code.clone(),
        force_alias_creation: input.force_alias_creation,
        client_metadata: metadata(&input.client_metadata),
        session,
        ..Default::default()
    }))
}

/// Maps the `ConfirmSignUp` answer. Returns the output and the auto-sign-in
/// state to keep (`None`: discard).
pub fn confirm_sign_up_result(
    input: &ConfirmSignUpInput,
    resp: ConfirmSignUpResponse,
    auto: Option<AutoSignInState>,
) -> (ConfirmSignUpOutput, Option<AutoSignInState>) {
    match auto.filter(|a| a.username == input.username) {
        Some(mut a) => {
            a.phase = AutoSignInPhase::Ready;
            a.session = resp.session;
            a.sign_up_session = None;
            (
                ConfirmSignUpOutput {
                    is_sign_up_complete: true,
                    next_step: SignUpStep::CompleteAutoSignIn {
                        code_delivery_details: None,
                    },
                },
                Some(a),
            )
        }
        None => (
            ConfirmSignUpOutput {
                is_sign_up_complete: true,
                next_step: SignUpStep::Done,
            },
            None,
        ),
    }
}

/// Builds the `ResendConfirmationCode` request.
pub fn resend_sign_up_code_request(
    cfg: &PoolConfig,
    input: &ResendSignUpCodeInput,
) -> Result<FlowRequest, ValidationError> {
    if input.username.is_empty() {
        return Err(ValidationError::EmptySignUpUsername);
    }
    Ok(FlowRequest::ResendConfirmationCode(
        ResendConfirmationCodeRequest {
            client_id: cfg.client_id().to_owned(),
            secret_hash: cfg.secret_hash(&input.username),
            username: input.username.clone(),
            client_metadata: metadata(&input.client_metadata),
            ..Default::default()
        },
    ))
}

/// Maps the `ResendConfirmationCode` answer.
pub fn resend_sign_up_code_result(resp: ResendConfirmationCodeResponse) -> CodeDeliveryDetails {
    resp.code_delivery_details
        .map(CodeDeliveryDetails::from)
        .unwrap_or_default()
}
