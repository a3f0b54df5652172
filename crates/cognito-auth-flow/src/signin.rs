//! The sign-in state machine: every flow and every challenge.
//!
//! Two kinds of state, rustls-style:
//!
//! * [`Expect`]: a request is in flight; feed it the service's answer with
//!   [`Expect::handle`]. It may hold an SRP ephemeral secret, so it is neither
//!   `Clone` nor serialisable and lives only inside one call.
//! * [`PendingSignIn`]: Cognito is waiting for the user (an MFA code, a new
//!   password, a choice…). It holds the canonical username, the challenge
//!   session and what the step needs; it is `Clone` and serde-serialisable so
//!   a sign-in can be finished in another process. Feed it the user's answer
//!   with [`PendingSignIn::answer`].
//!
//! Every transition returns a [`Transition`]: send this request and come back,
//! ask the user, the sign-in ended without tokens (`CONFIRM_SIGN_UP`,
//! `RESET_PASSWORD`), or signed in.

use std::collections::BTreeMap;
use std::fmt;

use cognito_auth_proto::{
    Action, AuthFlow, ChallengeName, DeliveryMedium, ErrorKind, ParamMap, Sensitive, ServiceError,
    VerifySoftwareTokenStatus, params as p,
};
use cognito_auth_srp::{PasswordVerifierChallenge, SecureRandom, SrpClient};
use serde::{Deserialize, Serialize};

use crate::config::PoolConfig;
use crate::device::RememberedDevice;
use crate::error::{FlowError, ProtocolError, Unsupported, ValidationError};
use crate::input::{ChallengeResponse, ConfirmSignInInput, SignInInput, metadata};
use crate::tokens::AuthTokens;
use crate::types::{
    AuthFactorType, AuthFlowType, CodeDeliveryDetails, MfaType, SignInDetails, SignInStep,
    TotpSetupDetails,
};
use crate::wire::{
    AssociateSoftwareTokenRequest, AssociateSoftwareTokenResponse, AuthenticationResult,
    FlowRequest, InitiateAuthRequest, InitiateAuthResponse, RespondToAuthChallengeRequest,
    RespondToAuthChallengeResponse, VerifySoftwareTokenRequest, VerifySoftwareTokenResponse,
};
use cognito_auth_proto::{DecodeError, decode_response};

/// How long a pending sign-in is kept: Cognito's longest challenge-session
/// lifetime (`AuthSessionValidity` is 3–15 minutes). Cognito itself rejects a
/// session that expired earlier.
pub const PENDING_SIGN_IN_LIFETIME_SECS: i64 = 15 * 60;

/// A decoded successful answer to a request the sign-in machine sent.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum FlowResponse {
    /// `InitiateAuth`.
    InitiateAuth(Box<InitiateAuthResponse>),
    /// `RespondToAuthChallenge`.
    RespondToAuthChallenge(Box<RespondToAuthChallengeResponse>),
    /// `AssociateSoftwareToken`.
    AssociateSoftwareToken(AssociateSoftwareTokenResponse),
    /// `VerifySoftwareToken`.
    VerifySoftwareToken(VerifySoftwareTokenResponse),
}

impl FlowResponse {
    /// Decodes Cognito's raw answer to `action`: `Ok(Ok(_))` for a success,
    /// `Ok(Err(_))` for a service error (to feed to [`Expect::handle`]), and
    /// `Err(_)` for a 2xx body that does not fit the shape.
    pub fn decode(
        action: &Action,
        status: u16,
        error_type_header: Option<&str>,
        body: &[u8],
    ) -> Result<Result<Self, ServiceError>, ProtocolError> {
        fn go<T: serde::de::DeserializeOwned>(
            status: u16,
            header: Option<&str>,
            body: &[u8],
            wrap: impl FnOnce(T) -> FlowResponse,
        ) -> Result<Result<FlowResponse, ServiceError>, DecodeError> {
            match decode_response::<T>(status, header, body) {
                Ok(v) => Ok(Ok(wrap(v))),
                Err(DecodeError::Service(e)) => Ok(Err(e)),
                Err(e) => Err(e),
            }
        }
        let h = error_type_header;
        let r = match action {
            Action::InitiateAuth => go(status, h, body, |r| Self::InitiateAuth(Box::new(r))),
            Action::RespondToAuthChallenge => go(status, h, body, |r| {
                Self::RespondToAuthChallenge(Box::new(r))
            }),
            Action::AssociateSoftwareToken => go(status, h, body, Self::AssociateSoftwareToken),
            Action::VerifySoftwareToken => go(status, h, body, Self::VerifySoftwareToken),
            other => {
                return Err(ProtocolError::WrongAnswer {
                    expected: "a sign-in action".into(),
                    got: other.to_string(),
                });
            }
        };
        r.map_err(|e| ProtocolError::Malformed {
            action: action.to_string(),
            detail: e.to_string(),
        })
    }

    fn action_name(&self) -> &'static str {
        match self {
            Self::InitiateAuth(_) => "InitiateAuth",
            Self::RespondToAuthChallenge(_) => "RespondToAuthChallenge",
            Self::AssociateSoftwareToken(_) => "AssociateSoftwareToken",
            Self::VerifySoftwareToken(_) => "VerifySoftwareToken",
        }
    }
}

/// The common part of `InitiateAuth` and `RespondToAuthChallenge` answers.
struct AuthAnswer {
    challenge_name: Option<ChallengeName>,
    session: Option<Sensitive>,
    challenge_parameters: ParamMap,
    authentication_result: Option<AuthenticationResult>,
    available_challenges: Option<Vec<ChallengeName>>,
}

impl From<InitiateAuthResponse> for AuthAnswer {
    fn from(r: InitiateAuthResponse) -> Self {
        Self {
            challenge_name: r.challenge_name,
            session: r.session,
            challenge_parameters: r.challenge_parameters.unwrap_or_default(),
            authentication_result: r.authentication_result,
            available_challenges: r.available_challenges,
        }
    }
}

impl From<RespondToAuthChallengeResponse> for AuthAnswer {
    fn from(r: RespondToAuthChallengeResponse) -> Self {
        Self {
            challenge_name: r.challenge_name,
            session: r.session,
            challenge_parameters: r.challenge_parameters.unwrap_or_default(),
            authentication_result: r.authentication_result,
            available_challenges: None,
        }
    }
}

/// A finished sign-in.
#[derive(Debug, Clone)]
pub struct SignedIn {
    /// The tokens.
    pub tokens: AuthTokens,
    /// The canonical username Cognito used during the exchange.
    pub username: String,
    /// Who signed in and how.
    pub details: SignInDetails,
    /// The device key Cognito answered `Device does not exist.` for during
    /// this sign-in (the sign-in went on without it): forget it locally.
    pub rejected_device: Option<String>,
}

/// What to do after a transition.
#[derive(Debug)]
#[must_use]
// Moved a handful of times per sign-in; boxing would only add allocations.
#[allow(clippy::large_enum_variant)]
pub enum Transition {
    /// Send this request and feed the answer to the [`Expect`].
    Send(Expect, FlowRequest),
    /// Ask the user ([`PendingSignIn::step`]), then call [`PendingSignIn::answer`].
    AwaitUser(PendingSignIn),
    /// The sign-in ended without tokens; the step says why
    /// ([`SignInStep::ConfirmSignUp`] or [`SignInStep::ResetPassword`]).
    Finished(SignInStep),
    /// Signed in.
    SignedIn(SignedIn),
}

#[derive(Clone, Serialize, Deserialize)]
struct Ctx {
    /// The active (canonical once Cognito told us) username.
    username: String,
    details: SignInDetails,
    /// The remembered device this sign-in presents, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    device: Option<RememberedDevice>,
    /// A device key Cognito did not know (`Device does not exist.`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    rejected_device: Option<String>,
}

struct SrpPending {
    client: SrpClient,
    password: Sensitive,
    /// Device SRP (`DEVICE_SRP_AUTH`) rather than the user's password SRP.
    device: bool,
}

enum ExpectKind {
    Auth {
        action: Action,
        srp: Option<SrpPending>,
        /// The same request without `DEVICE_KEY`, to send once if Cognito
        /// answers `Device does not exist.`.
        retry_without_device: Option<Box<FlowRequest>>,
    },
    AssociateSoftwareToken {
        setup_options: Vec<MfaType>,
        prev_session: Option<Sensitive>,
    },
    VerifySoftwareToken {
        prev_session: Option<Sensitive>,
        client_metadata: Option<ParamMap>,
    },
}

/// A request is in flight; waiting for Cognito's answer.
pub struct Expect {
    ctx: Ctx,
    kind: ExpectKind,
    client_metadata: Option<ParamMap>,
}

impl fmt::Debug for Expect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Expect")
            .field("action", &self.expected_action())
            .field("username", &self.ctx.username)
            .finish_non_exhaustive()
    }
}

impl Expect {
    /// The action whose answer this state waits for.
    pub fn expected_action(&self) -> Action {
        match &self.kind {
            ExpectKind::Auth { action, .. } => action.clone(),
            ExpectKind::AssociateSoftwareToken { .. } => Action::AssociateSoftwareToken,
            ExpectKind::VerifySoftwareToken { .. } => Action::VerifySoftwareToken,
        }
    }

    /// Feeds Cognito's answer (decoded success, or service error). `now` is
    /// epoch seconds (it signs SRP timestamps and dates pending state).
    pub fn handle<R: SecureRandom>(
        self,
        cfg: &PoolConfig,
        answer: Result<FlowResponse, ServiceError>,
        now: i64,
        rng: &mut R,
    ) -> Result<Transition, FlowError> {
        let Self {
            mut ctx,
            kind,
            client_metadata,
        } = self;
        match kind {
            ExpectKind::Auth {
                srp,
                action,
                retry_without_device,
            } => match (answer, action) {
                (Ok(FlowResponse::InitiateAuth(resp)), Action::InitiateAuth) => on_auth_response(
                    cfg,
                    &mut ctx,
                    (*resp).into(),
                    srp,
                    client_metadata,
                    now,
                    rng,
                ),
                (
                    Ok(FlowResponse::RespondToAuthChallenge(resp)),
                    Action::RespondToAuthChallenge,
                ) => on_auth_response(
                    cfg,
                    &mut ctx,
                    (*resp).into(),
                    srp,
                    client_metadata,
                    now,
                    rng,
                ),
                (Ok(other), action) => Err(wrong_answer(action.as_str(), &other)),
                (Err(e), action) => match (retry_without_device, ctx.device.take()) {
                    (Some(retry), Some(device)) if is_device_missing(&e) => {
                        // Amplify's retry: Cognito does not know the device
                        // (forgotten elsewhere, another user's): send the same
                        // answer without it, once.
                        ctx.rejected_device = Some(device.device_key);
                        Ok(Transition::Send(
                            Expect {
                                ctx,
                                kind: ExpectKind::Auth {
                                    action,
                                    srp,
                                    retry_without_device: None,
                                },
                                client_metadata,
                            },
                            *retry,
                        ))
                    }
                    _ => map_sign_in_error(e),
                },
            },
            ExpectKind::AssociateSoftwareToken {
                setup_options,
                prev_session,
            } => {
                let resp = match answer {
                    Ok(FlowResponse::AssociateSoftwareToken(r)) => r,
                    Ok(other) => return Err(wrong_answer("AssociateSoftwareToken", &other)),
                    Err(e) => return Err(FlowError::Service(e)),
                };
                let secret = resp.secret_code.filter(|s| !s.is_empty()).ok_or(
                    ProtocolError::MissingChallengeParameter {
                        challenge: "AssociateSoftwareToken".into(),
                        name: "SecretCode",
                    },
                )?;
                let step = SignInStep::ContinueSignInWithTotpSetup {
                    totp_setup_details: TotpSetupDetails {
                        shared_secret: secret,
                        username: ctx.username.clone(),
                    },
                };
                Ok(Transition::AwaitUser(PendingSignIn::new(
                    ctx,
                    resp.session.or(prev_session),
                    PendingChallenge::TotpSetup { setup_options },
                    step,
                    now,
                )))
            }
            ExpectKind::VerifySoftwareToken {
                prev_session,
                client_metadata,
            } => {
                let resp = match answer {
                    Ok(FlowResponse::VerifySoftwareToken(r)) => r,
                    Ok(other) => return Err(wrong_answer("VerifySoftwareToken", &other)),
                    Err(e) => return Err(FlowError::Service(e)),
                };
                if resp.status == Some(VerifySoftwareTokenStatus::Error) {
                    return Err(ProtocolError::TotpVerificationFailed.into());
                }
                Ok(respond(
                    cfg,
                    ctx,
                    resp.session.or(prev_session),
                    ChallengeName::MfaSetup,
                    ParamMap::new(),
                    client_metadata,
                    None,
                ))
            }
        }
    }
}

/// Cognito's answer to a `DEVICE_KEY` it does not know for this user.
fn is_device_missing(e: &ServiceError) -> bool {
    e.kind == ErrorKind::ResourceNotFound && e.message.contains("Device does not exist")
}

fn wrong_answer(expected: &str, got: &FlowResponse) -> FlowError {
    ProtocolError::WrongAnswer {
        expected: expected.into(),
        got: got.action_name().into(),
    }
    .into()
}

/// `UserNotConfirmed` and `PasswordResetRequired` end the sign-in with a step;
/// every other error is returned.
fn map_sign_in_error(e: ServiceError) -> Result<Transition, FlowError> {
    match e.kind {
        ErrorKind::UserNotConfirmed => Ok(Transition::Finished(SignInStep::ConfirmSignUp)),
        ErrorKind::PasswordResetRequired => Ok(Transition::Finished(SignInStep::ResetPassword)),
        _ => Err(FlowError::Service(e)),
    }
}

/// Which challenge a [`PendingSignIn`] answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "challenge", rename_all = "snake_case")]
enum PendingChallenge {
    SmsMfa,
    SmsOtp,
    EmailOtp,
    SoftwareTokenMfa,
    SelectMfaType,
    MfaSetupSelection { setup_options: Vec<MfaType> },
    EmailSetup { setup_options: Vec<MfaType> },
    TotpSetup { setup_options: Vec<MfaType> },
    CustomChallenge,
    NewPasswordRequired,
    SelectChallenge,
    Password,
    PasswordSrp,
}

/// A sign-in waiting for the user. Serialisable; holds no user password and
/// no SRP secret, but the challenge session (during TOTP setup, the shared
/// secret; on a remembered device, the device's key and password, needed to
/// answer `DEVICE_SRP_AUTH` after this step): store it like a credential.
#[derive(Clone, Serialize, Deserialize)]
pub struct PendingSignIn {
    ctx: Ctx,
    session: Option<Sensitive>,
    challenge: PendingChallenge,
    step: SignInStep,
    expires_at: i64,
}

impl fmt::Debug for PendingSignIn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PendingSignIn")
            .field("username", &self.ctx.username)
            .field("step", &self.step.as_str())
            .field("has_session", &self.session.is_some())
            .field("expires_at", &self.expires_at)
            .finish()
    }
}

impl PendingSignIn {
    fn new(
        ctx: Ctx,
        session: Option<Sensitive>,
        challenge: PendingChallenge,
        step: SignInStep,
        now: i64,
    ) -> Self {
        Self {
            ctx,
            session,
            challenge,
            step,
            expires_at: now + PENDING_SIGN_IN_LIFETIME_SECS,
        }
    }

    /// The step the user must complete.
    pub fn step(&self) -> &SignInStep {
        &self.step
    }

    /// The canonical username Cognito is signing in.
    pub fn username(&self) -> &str {
        &self.ctx.username
    }

    /// Who is signing in and how.
    pub fn details(&self) -> &SignInDetails {
        &self.ctx.details
    }

    /// The device key Cognito did not know during this sign-in (it went on
    /// without it): forget it locally.
    pub fn rejected_device(&self) -> Option<&str> {
        self.ctx.rejected_device.as_deref()
    }

    /// Epoch seconds after which the state is discarded.
    pub fn expires_at(&self) -> i64 {
        self.expires_at
    }

    /// True once [`expires_at`](Self::expires_at) has passed.
    pub fn is_expired(&self, now: i64) -> bool {
        now >= self.expires_at
    }

    /// Answers the current step. The state is not consumed: on an error
    /// (a wrong code…) the same step can be answered again.
    pub fn answer<R: SecureRandom>(
        &self,
        cfg: &PoolConfig,
        input: &ConfirmSignInInput,
        now: i64,
        rng: &mut R,
    ) -> Result<Transition, FlowError> {
        let step = self.step.as_str();
        let resp = &input.challenge_response;
        if resp.is_empty() {
            return Err(ValidationError::EmptyChallengeResponse { step }.into());
        }
        let ctx = self.ctx.clone();
        let session = self.session.clone();
        let cm = metadata(&input.client_metadata);
        let wrong = |expected: &'static str| -> FlowError {
            ValidationError::WrongChallengeResponse {
                step,
                given: resp.kind(),
                expected,
            }
            .into()
        };
        let code_answer = |name: ChallengeName, key: &str| -> Result<Transition, FlowError> {
            let code = match resp {
                ChallengeResponse::Code(c) | ChallengeResponse::Text(c) => c,
                _ => return Err(wrong("a Code (or Text) answer")),
            };
            Ok(respond_with_device(
                cfg,
                ctx.clone(),
                session.clone(),
                name,
                ParamMap::new().with(key, code.expose()),
                cm.clone(),
            ))
        };
        match &self.challenge {
            PendingChallenge::SmsMfa => code_answer(ChallengeName::SmsMfa, p::SMS_MFA_CODE),
            PendingChallenge::SmsOtp => code_answer(ChallengeName::SmsOtp, p::SMS_OTP_CODE),
            PendingChallenge::EmailOtp => code_answer(ChallengeName::EmailOtp, p::EMAIL_OTP_CODE),
            PendingChallenge::SoftwareTokenMfa => {
                code_answer(ChallengeName::SoftwareTokenMfa, p::SOFTWARE_TOKEN_MFA_CODE)
            }
            PendingChallenge::SelectMfaType => {
                let allowed = match &self.step {
                    SignInStep::ContinueSignInWithMfaSelection { allowed_mfa_types } => {
                        allowed_mfa_types.clone()
                    }
                    _ => Vec::new(),
                };
                let mfa = mfa_choice(resp, &allowed, &wrong)?;
                Ok(respond(
                    cfg,
                    ctx,
                    session,
                    ChallengeName::SelectMfaType,
                    ParamMap::new().with(p::ANSWER, mfa.challenge_name()),
                    cm,
                    None,
                ))
            }
            PendingChallenge::MfaSetupSelection { setup_options }
            | PendingChallenge::EmailSetup { setup_options }
            | PendingChallenge::TotpSetup { setup_options } => {
                self.answer_mfa_setup(cfg, input, setup_options, now, &wrong)
            }
            PendingChallenge::CustomChallenge => {
                let answer = match resp {
                    ChallengeResponse::CustomAnswer(a) | ChallengeResponse::Text(a) => a,
                    _ => return Err(wrong("a CustomAnswer (or Text) answer")),
                };
                Ok(respond_with_device(
                    cfg,
                    ctx,
                    session,
                    ChallengeName::CustomChallenge,
                    ParamMap::new().with(p::ANSWER, answer.expose()),
                    cm,
                ))
            }
            PendingChallenge::NewPasswordRequired => {
                let pw = match resp {
                    ChallengeResponse::NewPassword(pw) | ChallengeResponse::Text(pw) => pw,
                    _ => return Err(wrong("a NewPassword (or Text) answer")),
                };
                let mut params = ParamMap::new().with(p::NEW_PASSWORD, pw.expose());
                for (k, v) in input.user_attributes.iter().filter(|(_, v)| !v.is_empty()) {
                    params.insert(format!("{}{k}", p::USER_ATTRIBUTE_PREFIX), v.clone());
                }
                Ok(respond(
                    cfg,
                    ctx,
                    session,
                    ChallengeName::NewPasswordRequired,
                    params,
                    cm,
                    None,
                ))
            }
            PendingChallenge::SelectChallenge => {
                let factor = match resp {
                    ChallengeResponse::FirstFactor(f) => f.clone(),
                    ChallengeResponse::Text(t) => AuthFactorType::parse(t.expose()),
                    _ => return Err(wrong("a FirstFactor (or Text) answer")),
                };
                if let SignInStep::ContinueSignInWithFirstFactorSelection {
                    available_challenges,
                } = &self.step
                {
                    // PASSWORD covers PASSWORD_SRP and vice versa: Cognito
                    // lists the factor, the client picks how to prove it.
                    let offered = available_challenges.is_empty()
                        || available_challenges.iter().any(|a| {
                            a == &factor
                                || (matches!(
                                    a,
                                    AuthFactorType::Password | AuthFactorType::PasswordSrp
                                ) && matches!(
                                    factor,
                                    AuthFactorType::Password | AuthFactorType::PasswordSrp
                                ))
                        });
                    if !offered {
                        return Err(ValidationError::FactorNotOffered {
                            given: factor.as_str().to_owned(),
                            available: available_challenges
                                .iter()
                                .map(|a| a.as_str().to_owned())
                                .collect(),
                        }
                        .into());
                    }
                }
                match factor {
                    AuthFactorType::Password => Ok(Transition::AwaitUser(PendingSignIn::new(
                        ctx,
                        session,
                        PendingChallenge::Password,
                        SignInStep::ConfirmSignInWithPassword,
                        now,
                    ))),
                    AuthFactorType::PasswordSrp => Ok(Transition::AwaitUser(PendingSignIn::new(
                        ctx,
                        session,
                        PendingChallenge::PasswordSrp,
                        SignInStep::ConfirmSignInWithPassword,
                        now,
                    ))),
                    AuthFactorType::WebAuthn => Err(Unsupported::WebAuthn.into()),
                    other => Ok(respond(
                        cfg,
                        ctx,
                        session,
                        ChallengeName::SelectChallenge,
                        ParamMap::new().with(p::ANSWER, other.as_str()),
                        cm,
                        None,
                    )),
                }
            }
            PendingChallenge::Password => {
                let pw = password_answer(resp, &wrong)?;
                Ok(respond(
                    cfg,
                    ctx,
                    session,
                    ChallengeName::SelectChallenge,
                    ParamMap::new()
                        .with(p::ANSWER, "PASSWORD")
                        .with(p::PASSWORD, pw.expose()),
                    cm,
                    None,
                ))
            }
            PendingChallenge::PasswordSrp => {
                let pw = password_answer(resp, &wrong)?;
                let client = SrpClient::new(rng)?;
                let params = ParamMap::new()
                    .with(p::ANSWER, "PASSWORD_SRP")
                    .with(p::SRP_A, client.srp_a());
                Ok(respond(
                    cfg,
                    ctx,
                    session,
                    ChallengeName::SelectChallenge,
                    params,
                    cm,
                    Some(SrpPending {
                        client,
                        password: pw.clone(),
                        device: false,
                    }),
                ))
            }
        }
    }

    fn answer_mfa_setup(
        &self,
        cfg: &PoolConfig,
        input: &ConfirmSignInInput,
        setup_options: &[MfaType],
        now: i64,
        wrong: &dyn Fn(&'static str) -> FlowError,
    ) -> Result<Transition, FlowError> {
        let resp = &input.challenge_response;
        let cm = metadata(&input.client_metadata);
        // What the answer means, explicitly or by Amplify's shape rules.
        enum Setup {
            Choose(MfaType),
            Email(String),
            TotpCode(Sensitive),
        }
        let setup = match resp {
            ChallengeResponse::Mfa(m) => Setup::Choose(*m),
            ChallengeResponse::SetupEmail(a) => Setup::Email(a.clone()),
            ChallengeResponse::Code(c) => Setup::TotpCode(c.clone()),
            ChallengeResponse::Text(t) => {
                let t = t.expose();
                if let Some(m) = MfaType::parse(t) {
                    Setup::Choose(m)
                } else if t.contains('@') {
                    Setup::Email(t.to_owned())
                } else if t.bytes().all(|b| b.is_ascii_digit()) {
                    Setup::TotpCode(Sensitive::new(t))
                } else {
                    return Err(wrong(
                        "EMAIL or TOTP (Mfa), an email address (SetupEmail) or an authenticator code (Code)",
                    ));
                }
            }
            _ => {
                return Err(wrong(
                    "an Mfa choice, a SetupEmail address or an authenticator Code",
                ));
            }
        };
        let offered: Vec<&'static str> = setup_options.iter().map(MfaType::as_str).collect();
        let ensure = |m: MfaType| -> Result<(), FlowError> {
            if setup_options.contains(&m) {
                Ok(())
            } else {
                Err(ValidationError::IncorrectMfaMethod {
                    given: m.as_str().to_owned(),
                    allowed: offered.clone(),
                }
                .into())
            }
        };
        match setup {
            Setup::Choose(MfaType::Email) => {
                ensure(MfaType::Email)?;
                Ok(Transition::AwaitUser(PendingSignIn::new(
                    self.ctx.clone(),
                    self.session.clone(),
                    PendingChallenge::EmailSetup {
                        setup_options: setup_options.to_vec(),
                    },
                    SignInStep::ContinueSignInWithEmailSetup,
                    now,
                )))
            }
            Setup::Choose(MfaType::Totp) => {
                ensure(MfaType::Totp)?;
                Ok(associate(
                    self.ctx.clone(),
                    self.session.clone(),
                    setup_options.to_vec(),
                    cm,
                ))
            }
            Setup::Choose(MfaType::Sms) => Err(ValidationError::IncorrectMfaMethod {
                given: "SMS".into(),
                allowed: offered,
            }
            .into()),
            Setup::Email(address) => {
                ensure(MfaType::Email)?;
                Ok(respond(
                    cfg,
                    self.ctx.clone(),
                    self.session.clone(),
                    ChallengeName::MfaSetup,
                    ParamMap::new().with(p::EMAIL, address),
                    cm,
                    None,
                ))
            }
            Setup::TotpCode(code) => {
                if !matches!(self.challenge, PendingChallenge::TotpSetup { .. }) {
                    return Err(wrong(
                        "a choice first: an authenticator code is only taken once TOTP setup has started",
                    ));
                }
                Ok(Transition::Send(
                    Expect {
                        ctx: self.ctx.clone(),
                        kind: ExpectKind::VerifySoftwareToken {
                            prev_session: self.session.clone(),
                            client_metadata: cm.clone(),
                        },
                        client_metadata: cm,
                    },
                    FlowRequest::VerifySoftwareToken(VerifySoftwareTokenRequest {
                        session: self.session.clone(),
                        user_code: code,
                        friendly_device_name: input.friendly_device_name.clone(),
                        ..Default::default()
                    }),
                ))
            }
        }
    }
}

fn password_answer<'a>(
    resp: &'a ChallengeResponse,
    wrong: &dyn Fn(&'static str) -> FlowError,
) -> Result<&'a Sensitive, FlowError> {
    match resp {
        ChallengeResponse::Password(pw) | ChallengeResponse::Text(pw) => Ok(pw),
        _ => Err(wrong("a Password (or Text) answer")),
    }
}

fn mfa_choice(
    resp: &ChallengeResponse,
    allowed: &[MfaType],
    wrong: &dyn Fn(&'static str) -> FlowError,
) -> Result<MfaType, FlowError> {
    let allowed_names: Vec<&'static str> = allowed.iter().map(MfaType::as_str).collect();
    let mfa = match resp {
        ChallengeResponse::Mfa(m) => *m,
        ChallengeResponse::Text(t) => {
            MfaType::parse(t.expose()).ok_or_else(|| ValidationError::IncorrectMfaMethod {
                given: t.expose().to_owned(),
                allowed: allowed_names.clone(),
            })?
        }
        _ => return Err(wrong("an Mfa (or Text: SMS, TOTP, EMAIL) answer")),
    };
    if !allowed.is_empty() && !allowed.contains(&mfa) {
        return Err(ValidationError::IncorrectMfaMethod {
            given: mfa.as_str().to_owned(),
            allowed: allowed_names,
        }
        .into());
    }
    Ok(mfa)
}

/// A `RespondToAuthChallenge` with `USERNAME` (and `SECRET_HASH` over it).
fn respond(
    cfg: &PoolConfig,
    ctx: Ctx,
    session: Option<Sensitive>,
    challenge: ChallengeName,
    params: ParamMap,
    client_metadata: Option<ParamMap>,
    srp: Option<SrpPending>,
) -> Transition {
    respond_inner(
        cfg,
        ctx,
        session,
        challenge,
        params,
        client_metadata,
        srp,
        false,
    )
}

/// [`respond`] plus the remembered device's `DEVICE_KEY` (where Amplify sends
/// it), with the same answer without it kept for the `Device does not
/// exist.` retry.
fn respond_with_device(
    cfg: &PoolConfig,
    ctx: Ctx,
    session: Option<Sensitive>,
    challenge: ChallengeName,
    params: ParamMap,
    client_metadata: Option<ParamMap>,
) -> Transition {
    respond_inner(
        cfg,
        ctx,
        session,
        challenge,
        params,
        client_metadata,
        None,
        true,
    )
}

#[allow(clippy::too_many_arguments)]
fn respond_inner(
    cfg: &PoolConfig,
    ctx: Ctx,
    session: Option<Sensitive>,
    challenge: ChallengeName,
    mut params: ParamMap,
    client_metadata: Option<ParamMap>,
    srp: Option<SrpPending>,
    with_device: bool,
) -> Transition {
    params.insert(p::USERNAME, ctx.username.clone());
    if let Some(h) = cfg.secret_hash(&ctx.username) {
        params.insert(p::SECRET_HASH, h.expose());
    }
    let build = |params: ParamMap| {
        let mut req = RespondToAuthChallengeRequest::new(challenge.clone(), cfg.client_id());
        req.session = session.clone();
        req.challenge_responses = Some(params);
        req.client_metadata = client_metadata.clone();
        req
    };
    let mut retry_without_device = None;
    if let (true, Some(device)) = (with_device, &ctx.device) {
        retry_without_device = Some(Box::new(FlowRequest::RespondToAuthChallenge(build(
            params.clone(),
        ))));
        params.insert(p::DEVICE_KEY, device.device_key.clone());
    }
    let req = build(params);
    Transition::Send(
        Expect {
            ctx,
            kind: ExpectKind::Auth {
                action: Action::RespondToAuthChallenge,
                srp,
                retry_without_device,
            },
            client_metadata,
        },
        FlowRequest::RespondToAuthChallenge(req),
    )
}

fn associate(
    ctx: Ctx,
    session: Option<Sensitive>,
    setup_options: Vec<MfaType>,
    client_metadata: Option<ParamMap>,
) -> Transition {
    Transition::Send(
        Expect {
            ctx,
            kind: ExpectKind::AssociateSoftwareToken {
                setup_options,
                prev_session: session.clone(),
            },
            client_metadata,
        },
        FlowRequest::AssociateSoftwareToken(AssociateSoftwareTokenRequest {
            session,
            ..Default::default()
        }),
    )
}

fn delivery(params: &ParamMap) -> CodeDeliveryDetails {
    CodeDeliveryDetails {
        destination: params.get(p::CODE_DELIVERY_DESTINATION).map(str::to_owned),
        delivery_medium: params
            .get(p::CODE_DELIVERY_DELIVERY_MEDIUM)
            .map(DeliveryMedium::from),
        attribute_name: None,
    }
}

fn json_list(params: &ParamMap, key: &str) -> Vec<String> {
    params
        .get(key)
        .and_then(|s| serde_json::from_str::<Vec<String>>(s).ok())
        .unwrap_or_default()
}

fn mfa_list(params: &ParamMap, key: &str) -> Vec<MfaType> {
    json_list(params, key)
        .iter()
        .filter_map(|s| MfaType::from_challenge_name(s))
        .collect()
}

fn on_auth_response<R: SecureRandom>(
    cfg: &PoolConfig,
    ctx: &mut Ctx,
    resp: AuthAnswer,
    srp: Option<SrpPending>,
    client_metadata: Option<ParamMap>,
    now: i64,
    rng: &mut R,
) -> Result<Transition, FlowError> {
    if let Some(result) = resp.authentication_result {
        let tokens = AuthTokens::from_result(result)?;
        return Ok(Transition::SignedIn(SignedIn {
            tokens,
            username: ctx.username.clone(),
            details: ctx.details.clone(),
            rejected_device: ctx.rejected_device.clone(),
        }));
    }
    let Some(challenge) = resp.challenge_name else {
        return Err(ProtocolError::NoResult {
            action: "InitiateAuth/RespondToAuthChallenge".into(),
        }
        .into());
    };
    let params = resp.challenge_parameters;
    // The canonical username: Cognito's USERNAME, else USER_ID_FOR_SRP.
    if let Some(u) = params
        .get(p::USERNAME)
        .or_else(|| params.get(p::USER_ID_FOR_SRP))
        .filter(|u| !u.is_empty())
    {
        ctx.username = u.to_owned();
    }
    let session = resp.session;
    let ctx = ctx.clone();
    let pending = |challenge: PendingChallenge, step: SignInStep| {
        Ok(Transition::AwaitUser(PendingSignIn::new(
            ctx.clone(),
            session.clone(),
            challenge,
            step,
            now,
        )))
    };
    // A challenge parameter the answer needs, present and non-empty.
    let need = |name: &'static str| {
        params
            .get(name)
            .filter(|v| !v.is_empty())
            .ok_or(ProtocolError::MissingChallengeParameter {
                challenge: challenge.to_string(),
                name,
            })
    };
    match &challenge {
        ChallengeName::PasswordVerifier => {
            let Some(srp) = srp.filter(|s| !s.device) else {
                return Err(ProtocolError::UnexpectedChallenge {
                    got: challenge.to_string(),
                }
                .into());
            };
            let user_id = need(p::USER_ID_FOR_SRP)?;
            let ch = PasswordVerifierChallenge {
                pool_name: cfg.pool_name(),
                user_id_for_srp: user_id,
                salt_hex: need(p::SALT)?,
                srp_b_hex: need(p::SRP_B)?,
                secret_block_b64: need(p::SECRET_BLOCK)?,
            };
            let timestamp = cognito_auth_srp::timestamp::format(now);
            let claim = srp
                .client
                .password_claim(&ch, srp.password.expose(), &timestamp)?;
            let mut verifier_ctx = ctx.clone();
            verifier_ctx.username = user_id.to_owned();
            let params = ParamMap::new()
                .with(p::PASSWORD_CLAIM_SECRET_BLOCK, claim.secret_block)
                .with(p::TIMESTAMP, claim.timestamp)
                .with(p::PASSWORD_CLAIM_SIGNATURE, claim.signature);
            // The verifier answer goes out now; the SRP secret is dropped here.
            Ok(respond_with_device(
                cfg,
                verifier_ctx,
                session,
                ChallengeName::PasswordVerifier,
                params,
                client_metadata,
            ))
        }
        ChallengeName::DeviceSrpAuth => {
            // Only asked for when this sign-in presented a DEVICE_KEY.
            let Some(device) = ctx.device.clone() else {
                return Err(ProtocolError::UnexpectedChallenge {
                    got: challenge.to_string(),
                }
                .into());
            };
            let client = SrpClient::new(rng)?;
            let params = ParamMap::new()
                .with(p::DEVICE_KEY, device.device_key.clone())
                .with(p::SRP_A, client.srp_a());
            Ok(respond(
                cfg,
                ctx,
                session,
                ChallengeName::DeviceSrpAuth,
                params,
                client_metadata,
                Some(SrpPending {
                    client,
                    password: device.device_password,
                    device: true,
                }),
            ))
        }
        ChallengeName::DevicePasswordVerifier => {
            let (Some(srp), Some(device)) = (srp.filter(|s| s.device), ctx.device.clone()) else {
                return Err(ProtocolError::UnexpectedChallenge {
                    got: challenge.to_string(),
                }
                .into());
            };
            // Device SRP: the group key plays the pool name, the device key
            // the user id, the device password the password.
            let ch = PasswordVerifierChallenge {
                pool_name: &device.device_group_key,
                user_id_for_srp: &device.device_key,
                salt_hex: need(p::SALT)?,
                srp_b_hex: need(p::SRP_B)?,
                secret_block_b64: need(p::SECRET_BLOCK)?,
            };
            let timestamp = cognito_auth_srp::timestamp::format(now);
            let claim = srp
                .client
                .password_claim(&ch, srp.password.expose(), &timestamp)?;
            let params = ParamMap::new()
                .with(p::PASSWORD_CLAIM_SECRET_BLOCK, claim.secret_block)
                .with(p::TIMESTAMP, claim.timestamp)
                .with(p::PASSWORD_CLAIM_SIGNATURE, claim.signature)
                .with(p::DEVICE_KEY, device.device_key.clone());
            Ok(respond(
                cfg,
                ctx,
                session,
                ChallengeName::DevicePasswordVerifier,
                params,
                client_metadata,
                None,
            ))
        }
        ChallengeName::WebAuthn => Err(Unsupported::WebAuthn.into()),
        ChallengeName::SmsMfa => pending(
            PendingChallenge::SmsMfa,
            SignInStep::ConfirmSignInWithSmsCode {
                code_delivery_details: delivery(&params),
            },
        ),
        ChallengeName::SmsOtp => pending(
            PendingChallenge::SmsOtp,
            SignInStep::ConfirmSignInWithSmsCode {
                code_delivery_details: delivery(&params),
            },
        ),
        ChallengeName::EmailOtp => pending(
            PendingChallenge::EmailOtp,
            SignInStep::ConfirmSignInWithEmailCode {
                code_delivery_details: delivery(&params),
            },
        ),
        ChallengeName::SoftwareTokenMfa => pending(
            PendingChallenge::SoftwareTokenMfa,
            SignInStep::ConfirmSignInWithTotpCode,
        ),
        ChallengeName::SelectMfaType => pending(
            PendingChallenge::SelectMfaType,
            SignInStep::ContinueSignInWithMfaSelection {
                allowed_mfa_types: mfa_list(&params, p::MFAS_CAN_CHOOSE),
            },
        ),
        ChallengeName::MfaSetup => {
            let offered = mfa_list(&params, p::MFAS_CAN_SETUP);
            let setup_options: Vec<MfaType> = offered
                .iter()
                .copied()
                .filter(|m| matches!(m, MfaType::Email | MfaType::Totp))
                .collect();
            match setup_options.as_slice() {
                [MfaType::Totp] => Ok(associate(ctx, session, setup_options, client_metadata)),
                [MfaType::Email] => pending(
                    PendingChallenge::EmailSetup {
                        setup_options: setup_options.clone(),
                    },
                    SignInStep::ContinueSignInWithEmailSetup,
                ),
                [] if offered.contains(&MfaType::Sms) => Err(Unsupported::SmsMfaSetup.into()),
                [] => Err(ProtocolError::NoSetupOption {
                    offered: params.get(p::MFAS_CAN_SETUP).unwrap_or("").to_owned(),
                }
                .into()),
                _ => pending(
                    PendingChallenge::MfaSetupSelection {
                        setup_options: setup_options.clone(),
                    },
                    SignInStep::ContinueSignInWithMfaSetupSelection {
                        allowed_mfa_types: setup_options.clone(),
                    },
                ),
            }
        }
        ChallengeName::CustomChallenge => pending(
            PendingChallenge::CustomChallenge,
            SignInStep::ConfirmSignInWithCustomChallenge {
                additional_info: params.as_map().clone(),
            },
        ),
        ChallengeName::NewPasswordRequired => {
            let missing = json_list(&params, p::REQUIRED_ATTRIBUTES)
                .into_iter()
                .map(|a| {
                    a.strip_prefix(p::USER_ATTRIBUTE_PREFIX)
                        .map(str::to_owned)
                        .unwrap_or(a)
                })
                .collect();
            pending(
                PendingChallenge::NewPasswordRequired,
                SignInStep::ConfirmSignInWithNewPasswordRequired {
                    missing_attributes: missing,
                },
            )
        }
        ChallengeName::SelectChallenge => pending(
            PendingChallenge::SelectChallenge,
            SignInStep::ContinueSignInWithFirstFactorSelection {
                available_challenges: resp
                    .available_challenges
                    .unwrap_or_default()
                    .iter()
                    .map(AuthFactorType::from_challenge)
                    .collect(),
            },
        ),
        ChallengeName::Password => pending(
            PendingChallenge::Password,
            SignInStep::ConfirmSignInWithPassword,
        ),
        ChallengeName::PasswordSrp => pending(
            PendingChallenge::PasswordSrp,
            SignInStep::ConfirmSignInWithPassword,
        ),
        other => Err(ProtocolError::UnexpectedChallenge {
            got: other.to_string(),
        }
        .into()),
    }
}

fn require_password(
    input: &SignInInput,
    flow: AuthFlowType,
) -> Result<&Sensitive, ValidationError> {
    input
        .password
        .as_ref()
        .filter(|p| !p.is_empty())
        .ok_or(ValidationError::EmptySignInPassword {
            flow: flow.as_str(),
        })
}

/// Starts a sign-in: validates the input and builds the first `InitiateAuth`.
///
/// `session` is an auto-sign-in session (from `ConfirmSignUp`); it is sent
/// only with `USER_AUTH` (not with `PASSWORD_SRP`, as in Amplify).
pub fn start_sign_in<R: SecureRandom>(
    cfg: &PoolConfig,
    input: &SignInInput,
    session: Option<Sensitive>,
    rng: &mut R,
) -> Result<(Expect, FlowRequest), FlowError> {
    start_sign_in_with_device(cfg, input, session, None, rng)
}

/// [`start_sign_in`] on a remembered device: its `DEVICE_KEY` is sent where
/// Amplify sends it (`USER_PASSWORD_AUTH` and `CUSTOM_WITHOUT_SRP`
/// `InitiateAuth`, the `PASSWORD_VERIFIER`, MFA-code and custom-challenge
/// answers) and `DEVICE_SRP_AUTH` is answered with device SRP. If Cognito
/// does not know the device (`Device does not exist.`) the request goes again
/// without it, once, and [`SignedIn::rejected_device`] names the key.
pub fn start_sign_in_with_device<R: SecureRandom>(
    cfg: &PoolConfig,
    input: &SignInInput,
    session: Option<Sensitive>,
    device: Option<RememberedDevice>,
    rng: &mut R,
) -> Result<(Expect, FlowRequest), FlowError> {
    if input.username.is_empty() {
        return Err(ValidationError::EmptySignInUsername.into());
    }
    let flow = input.options.effective_flow();
    if let (Some(pc), true) = (
        &input.options.preferred_challenge,
        flow != AuthFlowType::UserAuth,
    ) {
        return Err(ValidationError::InvalidPreferredChallenge {
            challenge: pc.as_str().to_owned(),
            flow: flow.as_str(),
        }
        .into());
    }
    let username = input.username.as_str();
    let mut params = ParamMap::new().with(p::USERNAME, username);
    if let Some(h) = cfg.secret_hash(username) {
        params.insert(p::SECRET_HASH, h.expose());
    }
    let mut srp = None;
    let mut send_session = None;
    let mut device_in_initiate = false;
    let auth_flow = match flow {
        AuthFlowType::UserSrpAuth | AuthFlowType::CustomWithSrp => {
            let password = require_password(input, flow)?;
            let client = SrpClient::new(rng)?;
            params.insert(p::SRP_A, client.srp_a());
            srp = Some(SrpPending {
                client,
                password: password.clone(),
                device: false,
            });
            if flow == AuthFlowType::CustomWithSrp {
                params.insert(p::CHALLENGE_NAME, p::SRP_A_CHALLENGE);
                AuthFlow::CustomAuth
            } else {
                AuthFlow::UserSrpAuth
            }
        }
        AuthFlowType::UserPasswordAuth => {
            let password = require_password(input, flow)?;
            params.insert(p::PASSWORD, password.expose());
            device_in_initiate = true;
            AuthFlow::UserPasswordAuth
        }
        AuthFlowType::CustomWithoutSrp => {
            if input.password.as_ref().is_some_and(|p| !p.is_empty()) {
                return Err(ValidationError::CustomAuthSignInPassword.into());
            }
            device_in_initiate = true;
            AuthFlow::CustomAuth
        }
        AuthFlowType::UserAuth => {
            match &input.options.preferred_challenge {
                None => send_session = session,
                Some(AuthFactorType::Password) => {
                    let password = require_password(input, flow)?;
                    params.insert(p::PASSWORD, password.expose());
                    params.insert(p::PREFERRED_CHALLENGE, "PASSWORD");
                    send_session = session;
                }
                Some(AuthFactorType::PasswordSrp) => {
                    let password = require_password(input, flow)?;
                    let client = SrpClient::new(rng)?;
                    params.insert(p::SRP_A, client.srp_a());
                    params.insert(p::PREFERRED_CHALLENGE, "PASSWORD_SRP");
                    srp = Some(SrpPending {
                        client,
                        password: password.clone(),
                        device: false,
                    });
                }
                Some(AuthFactorType::WebAuthn) => return Err(Unsupported::WebAuthn.into()),
                Some(other) => {
                    params.insert(p::PREFERRED_CHALLENGE, other.as_str());
                    send_session = session;
                }
            }
            AuthFlow::UserAuth
        }
    };
    let client_metadata = metadata(&input.options.client_metadata);
    let build = |params: ParamMap| {
        let mut req = InitiateAuthRequest::new(auth_flow.clone(), cfg.client_id());
        req.auth_parameters = Some(params);
        req.client_metadata = client_metadata.clone();
        req.session = send_session.clone();
        req
    };
    let mut retry_without_device = None;
    if let (true, Some(d)) = (device_in_initiate, &device) {
        retry_without_device = Some(Box::new(FlowRequest::InitiateAuth(build(params.clone()))));
        params.insert(p::DEVICE_KEY, d.device_key.clone());
    }
    let req = build(params);
    Ok((
        Expect {
            ctx: Ctx {
                username: input.username.clone(),
                details: SignInDetails {
                    login_id: input.username.clone(),
                    auth_flow_type: flow,
                },
                device,
                rejected_device: None,
            },
            kind: ExpectKind::Auth {
                action: Action::InitiateAuth,
                srp,
                retry_without_device,
            },
            client_metadata,
        },
        FlowRequest::InitiateAuth(req),
    ))
}

/// The additional info of a custom challenge as a plain map (helper for
/// callers that display it).
pub fn additional_info(step: &SignInStep) -> Option<&BTreeMap<String, String>> {
    match step {
        SignInStep::ConfirmSignInWithCustomChallenge { additional_info } => Some(additional_info),
        _ => None,
    }
}
