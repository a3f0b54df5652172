//! The commands, on top of the `cognito_auth` facade.

use std::future::Future;

use cognito_auth::{
    Auth, AuthError, AuthFactorType, AuthFlowType, ChallengeResponse, ConfirmSignInInput,
    ConfirmSignUpInput, ConfirmSignUpOutput, ExistingSession, FetchAuthSessionOptions, MfaType,
    RemoteSignOut, ResendSignUpCodeInput, Sensitive, SignInInput, SignInOptions, SignInOutput,
    SignInStep, SignOutInput, SignUpInput, SignUpStep,
};
use serde_json::{Map, Value, json};

use crate::args::{Command, OneToken, Opts};
use crate::error::{CliError, EXIT_REFUSED};
use crate::input::Input;
use crate::output::{
    Output, code_delivery_json, confirm_sign_up_json, confirm_sign_up_text, delivery_text,
    sign_in_json, sign_in_step_text, sign_up_json, sign_up_text,
};

/// Wrong answers a prompt accepts before giving up.
const ANSWER_RETRIES: u32 = 2;

/// Everything a command needs.
pub struct Ctx {
    pub auth: Auth,
    pub rt: tokio::runtime::Runtime,
    pub opts: Opts,
    pub input: Input,
    /// Ask for what the next step needs.
    pub prompting: bool,
    /// Issuer of TOTP setup URIs.
    pub issuer: String,
    /// COGNITO_PASSWORD.
    pub env_password: Option<Sensitive>,
    /// The state file held a sign-in waiting for an answer.
    pub had_pending_sign_in: bool,
    /// A password given for this run, used once to answer a password step.
    password_for_step: Option<Sensitive>,
}

impl Ctx {
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        auth: Auth,
        rt: tokio::runtime::Runtime,
        opts: Opts,
        input: Input,
        prompting: bool,
        issuer: String,
        env_password: Option<Sensitive>,
        had_pending_sign_in: bool,
    ) -> Self {
        Self {
            auth,
            rt,
            opts,
            input,
            prompting,
            issuer,
            env_password,
            had_pending_sign_in,
            password_for_step: None,
        }
    }

    fn block<F: Future>(&self, f: F) -> F::Output {
        self.rt.block_on(f)
    }

    /// A line for the person at the terminal (standard error).
    fn note(&self, text: &str) {
        eprintln!("{text}");
    }

    fn username(&mut self) -> Result<String, CliError> {
        if let Some(u) = self.opts.username.take().filter(|u| !u.is_empty()) {
            return Ok(u);
        }
        if self.prompting {
            let u = self.input.line("Username: ", "the username")?;
            if !u.is_empty() {
                return Ok(u);
            }
        }
        Err(CliError::usage("--username is required"))
    }

    /// The password given by `--password`, `--password-stdin` or
    /// COGNITO_PASSWORD (in that order), read at most once.
    fn given_password(&mut self, use_env: bool) -> Result<Option<Sensitive>, CliError> {
        if let Some(p) = self.opts.password.take() {
            return Ok(Some(Sensitive::new(p)));
        }
        if self.opts.password_stdin {
            self.opts.password_stdin = false;
            let prompt = if self.input.is_tty() {
                "Password: "
            } else {
                ""
            };
            return self.input.secret(prompt, "the password").map(Some);
        }
        Ok(if use_env {
            self.env_password.clone()
        } else {
            None
        })
    }

    fn sign_in_password(
        &mut self,
        flow: AuthFlowType,
        factor: Option<&AuthFactorType>,
    ) -> Result<Option<Sensitive>, CliError> {
        let needed = match flow {
            AuthFlowType::UserSrpAuth
            | AuthFlowType::UserPasswordAuth
            | AuthFlowType::CustomWithSrp => true,
            AuthFlowType::UserAuth => matches!(
                factor,
                Some(AuthFactorType::Password | AuthFactorType::PasswordSrp)
            ),
            _ => false,
        };
        // CUSTOM_WITHOUT_SRP takes no password: only an explicit one is
        // passed on (and refused), never COGNITO_PASSWORD.
        let given = self.given_password(flow != AuthFlowType::CustomWithoutSrp)?;
        if given.is_some() || !needed {
            return Ok(given);
        }
        if self.prompting {
            return self.input.secret("Password: ", "the password").map(Some);
        }
        Err(CliError::usage(format!(
            "sign-in with {} needs a password: --password-stdin, COGNITO_PASSWORD or --password (or run it on a terminal to be asked)",
            flow.as_str()
        )))
    }

    fn confirm_input(&self, response: ChallengeResponse) -> ConfirmSignInInput {
        let mut i = ConfirmSignInInput::new(response);
        for (k, v) in &self.opts.attributes {
            i = i.user_attribute(k, v);
        }
        for (k, v) in &self.opts.client_metadata {
            i = i.client_metadata(k, v);
        }
        if let Some(n) = &self.opts.friendly_device_name {
            i = i.friendly_device_name(n);
        }
        i
    }

    fn confirm_sign_up_input(&self, username: &str, code: &str) -> ConfirmSignUpInput {
        let mut i = ConfirmSignUpInput::new(username, code);
        for (k, v) in &self.opts.client_metadata {
            i = i.client_metadata(k, v);
        }
        if self.opts.force_alias_creation {
            i = i.force_alias_creation(true);
        }
        i
    }

    fn resend_input(&self, username: &str) -> ResendSignUpCodeInput {
        let mut i = ResendSignUpCodeInput::new(username);
        for (k, v) in &self.opts.client_metadata {
            i = i.client_metadata(k, v);
        }
        i
    }

    /// Asks for the sign-up code until it is accepted (an empty answer sends
    /// a new one).
    fn confirm_sign_up_prompted(
        &mut self,
        username: &str,
    ) -> Result<ConfirmSignUpOutput, CliError> {
        let mut failures = 0;
        let mut resends = 0;
        loop {
            let code = self.input.line(
                "Confirmation code (empty: send a new one): ",
                "the confirmation code",
            )?;
            if code.is_empty() {
                if resends >= 3 {
                    return Err(CliError::input("no confirmation code given"));
                }
                resends += 1;
                let d = self.block(self.auth.resend_sign_up_code(self.resend_input(username)))?;
                self.note(&format!("A new code was sent{}.", delivery_text(&d)));
                continue;
            }
            match self.block(
                self.auth
                    .confirm_sign_up(self.confirm_sign_up_input(username, &code)),
            ) {
                Ok(out) => return Ok(out),
                Err(e) if failures < ANSWER_RETRIES && answer_can_be_retried(&e) => {
                    self.note(&CliError::from(e).human);
                    failures += 1;
                }
                Err(e) => return Err(e.into()),
            }
        }
    }

    /// Asks for the answer to `step` (`None`: not a step a prompt answers).
    fn ask(&mut self, step: &SignInStep) -> Result<Option<ConfirmSignInInput>, CliError> {
        let response = match step {
            SignInStep::ConfirmSignInWithSmsCode {
                code_delivery_details,
            }
            | SignInStep::ConfirmSignInWithEmailCode {
                code_delivery_details,
            } => ChallengeResponse::Code(
                self.input
                    .line(
                        &format!("Code sent{}: ", delivery_text(code_delivery_details)),
                        "the code",
                    )?
                    .into(),
            ),
            SignInStep::ConfirmSignInWithTotpCode => ChallengeResponse::Code(
                self.input
                    .line("Code from your authenticator app: ", "the code")?
                    .into(),
            ),
            SignInStep::ContinueSignInWithMfaSelection { allowed_mfa_types } => {
                ChallengeResponse::Mfa(self.choose_mfa("Second factor", allowed_mfa_types)?)
            }
            SignInStep::ContinueSignInWithMfaSetupSelection { allowed_mfa_types } => {
                ChallengeResponse::Mfa(
                    self.choose_mfa("Second factor to set up", allowed_mfa_types)?,
                )
            }
            SignInStep::ContinueSignInWithTotpSetup { totp_setup_details } => {
                self.note(&format!(
                    "Add this account to your authenticator app (scan the URI as a QR code, or type the secret):\n  {}\n  secret: {}",
                    totp_setup_details.setup_uri(&self.issuer, None),
                    totp_setup_details.shared_secret.expose()
                ));
                ChallengeResponse::Code(
                    self.input
                        .line("Code from your authenticator app: ", "the code")?
                        .into(),
                )
            }
            SignInStep::ContinueSignInWithEmailSetup => ChallengeResponse::SetupEmail(
                self.input
                    .line("Email address for MFA codes: ", "the email address")?,
            ),
            SignInStep::ConfirmSignInWithCustomChallenge { additional_info } => {
                let mut s = "Custom challenge.".to_owned();
                for (k, v) in additional_info {
                    s.push_str(&format!("\n  {k}: {v}"));
                }
                self.note(&s);
                ChallengeResponse::CustomAnswer(self.input.line("Answer: ", "the answer")?.into())
            }
            SignInStep::ConfirmSignInWithNewPasswordRequired { missing_attributes } => {
                let password = self
                    .input
                    .new_secret("New password: ", "the new password")?;
                let mut input = self.confirm_input(ChallengeResponse::NewPassword(password));
                for a in missing_attributes {
                    if !self.opts.attributes.iter().any(|(k, _)| k == a) {
                        let v = self.input.line(&format!("{a}: "), a)?;
                        input = input.user_attribute(a, v);
                    }
                }
                return Ok(Some(input));
            }
            SignInStep::ContinueSignInWithFirstFactorSelection {
                available_challenges,
            } => {
                let names: Vec<&str> = available_challenges.iter().map(|c| c.as_str()).collect();
                let chosen = self.input.choose("Sign in with", &names)?;
                ChallengeResponse::FirstFactor(AuthFactorType::parse(&chosen))
            }
            SignInStep::ConfirmSignInWithPassword => {
                ChallengeResponse::Password(self.input.secret("Password: ", "the password")?)
            }
            _ => return Ok(None),
        };
        Ok(Some(self.confirm_input(response)))
    }

    fn choose_mfa(&mut self, prompt: &str, allowed: &[MfaType]) -> Result<MfaType, CliError> {
        let names: Vec<&str> = allowed.iter().map(|t| t.as_str()).collect();
        let chosen = self.input.choose(prompt, &names)?;
        MfaType::parse(&chosen)
            .ok_or_else(|| CliError::input(format!("{chosen} is not a second factor")))
    }

    /// Answers steps (a password step with the given password; others by
    /// asking, when prompting) until signed in or a step nobody answers.
    fn drive(&mut self, mut out: SignInOutput) -> Result<SignInOutput, CliError> {
        let mut failures = 0;
        loop {
            if out.is_signed_in {
                return Ok(out);
            }
            let answer = if out.next_step == SignInStep::ConfirmSignInWithPassword
                && let Some(p) = self.password_for_step.take()
            {
                Some(self.confirm_input(ChallengeResponse::Password(p)))
            } else if self.prompting {
                self.ask(&out.next_step)?
            } else {
                None
            };
            let Some(answer) = answer else {
                return Ok(out);
            };
            match self.block(self.auth.confirm_sign_in(answer)) {
                Ok(next) => {
                    out = next;
                    failures = 0;
                }
                Err(e) => {
                    let kept = self.auth.pending_sign_in_step().as_ref() == Some(&out.next_step);
                    if self.prompting
                        && kept
                        && failures < ANSWER_RETRIES
                        && answer_can_be_retried(&e)
                    {
                        self.note(&CliError::from(e).human);
                        failures += 1;
                        continue;
                    }
                    return Err(e.into());
                }
            }
        }
    }

    fn sign_in_output(&self, out: &SignInOutput, username: Option<&str>) -> Output {
        let human = if out.is_signed_in {
            match self.block(self.auth.get_current_user()) {
                Ok(u) => format!("Signed in as {}.", u.username),
                Err(_) => "Signed in.".to_owned(),
            }
        } else {
            sign_in_step_text(&out.next_step, &self.issuer, username)
        };
        Output {
            json: sign_in_json(out, &self.issuer),
            human,
        }
    }
}

/// Errors after which the same step may be answered again.
fn answer_can_be_retried(e: &AuthError) -> bool {
    matches!(e, AuthError::Validation(_))
        || matches!(
            e.name(),
            "CodeMismatchException"
                | "ExpiredCodeException"
                | "InvalidPasswordException"
                | "InvalidParameterException"
                | "EnableSoftwareTokenMFAException"
        )
}

fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or(s)
}

/// Runs `command`.
pub fn run(command: Command, ctx: &mut Ctx) -> Result<Output, CliError> {
    match command {
        Command::SignUp => sign_up(ctx),
        Command::ConfirmSignUp => confirm_sign_up(ctx),
        Command::ResendSignUpCode => resend_sign_up_code(ctx),
        Command::SignIn => sign_in(ctx),
        Command::ConfirmSignIn => confirm_sign_in(ctx),
        Command::AutoSignIn => auto_sign_in(ctx),
        Command::SignOut => sign_out(ctx),
        Command::Tokens => tokens(ctx),
        Command::Whoami => whoami(ctx),
    }
}

fn sign_up(ctx: &mut Ctx) -> Result<Output, CliError> {
    let username = ctx.username()?;
    let mut password = ctx.given_password(true)?;
    if password.is_none() && ctx.prompting {
        let p = ctx.input.new_secret(
            "Password (empty for a passwordless sign-up): ",
            "the password",
        )?;
        password = (!p.is_empty()).then_some(p);
    }
    let mut input = match password {
        Some(p) => SignUpInput::new(&username, p),
        None => SignUpInput::without_password(&username),
    };
    for (k, v) in &ctx.opts.attributes {
        input = input.user_attribute(k, v);
    }
    for (k, v) in &ctx.opts.validation_data {
        input = input.validation_data(k, v);
    }
    for (k, v) in &ctx.opts.client_metadata {
        input = input.client_metadata(k, v);
    }
    if ctx.opts.auto_sign_in {
        let mut o = SignInOptions::new();
        if let Some(f) = ctx.opts.flow {
            o = o.auth_flow_type(f);
        }
        for (k, v) in &ctx.opts.client_metadata {
            o = o.client_metadata(k, v);
        }
        input = input.auto_sign_in_with(o);
    }
    let out = ctx.block(ctx.auth.sign_up(input))?;
    let text = sign_up_text(&username, &out);
    if !ctx.prompting || out.next_step == SignUpStep::Done {
        return Ok(Output {
            json: sign_up_json(&out),
            human: text,
        });
    }
    ctx.note(first_line(&text));
    if let SignUpStep::ConfirmSignUp { .. } = out.next_step {
        let confirmed = ctx.confirm_sign_up_prompted(&username)?;
        if !matches!(confirmed.next_step, SignUpStep::CompleteAutoSignIn { .. }) {
            return Ok(Output {
                json: confirm_sign_up_json(&confirmed),
                human: confirm_sign_up_text(&username, &confirmed),
            });
        }
        ctx.note(&format!("Confirmed {username}; signing in."));
    }
    let out = ctx.block(ctx.auth.auto_sign_in())?;
    let out = ctx.drive(out)?;
    Ok(ctx.sign_in_output(&out, Some(&username)))
}

fn confirm_sign_up(ctx: &mut Ctx) -> Result<Output, CliError> {
    let username = ctx.username()?;
    let out = match ctx.opts.code.take() {
        Some(code) => ctx.block(
            ctx.auth
                .confirm_sign_up(ctx.confirm_sign_up_input(&username, &code)),
        )?,
        None if ctx.prompting => ctx.confirm_sign_up_prompted(&username)?,
        None => {
            return Err(CliError::usage(
                "confirm-sign-up needs --code C, the code that was delivered",
            ));
        }
    };
    if ctx.prompting && matches!(out.next_step, SignUpStep::CompleteAutoSignIn { .. }) {
        ctx.note(&format!("Confirmed {username}; signing in."));
        let out = ctx.block(ctx.auth.auto_sign_in())?;
        let out = ctx.drive(out)?;
        return Ok(ctx.sign_in_output(&out, Some(&username)));
    }
    Ok(Output {
        json: confirm_sign_up_json(&out),
        human: confirm_sign_up_text(&username, &out),
    })
}

fn resend_sign_up_code(ctx: &mut Ctx) -> Result<Output, CliError> {
    let username = ctx.username()?;
    let d = ctx.block(ctx.auth.resend_sign_up_code(ctx.resend_input(&username)))?;
    Ok(Output {
        json: code_delivery_json(&d),
        human: format!("A new confirmation code was sent{}.", delivery_text(&d)),
    })
}

fn sign_in(ctx: &mut Ctx) -> Result<Output, CliError> {
    let username = ctx.username()?;
    let mut options = SignInOptions::new();
    if let Some(f) = ctx.opts.flow {
        options = options.auth_flow_type(f);
    }
    if let Some(c) = ctx.opts.preferred_challenge.clone() {
        options = options.preferred_challenge(c);
    }
    for (k, v) in &ctx.opts.client_metadata {
        options = options.client_metadata(k, v);
    }
    if ctx.opts.replace {
        options = options.existing_session(ExistingSession::Replace);
    }
    let flow = options.effective_flow();
    let password = ctx.sign_in_password(flow, options.preferred_challenge.as_ref())?;
    // USER_AUTH may ask for the password after the first-factor choice.
    ctx.password_for_step = password.clone();
    let input = match &password {
        Some(p) => SignInInput::new(&username, p.clone()),
        None => SignInInput::without_password(&username),
    }
    .options(options);
    let out = ctx.block(ctx.auth.sign_in(input.clone()))?;
    let mut out = ctx.drive(out)?;
    if ctx.prompting && out.next_step == SignInStep::ConfirmSignUp && password.is_some() {
        ctx.note("The account is not confirmed yet.");
        ctx.confirm_sign_up_prompted(&username)?;
        ctx.note(&format!("Confirmed {username}; signing in again."));
        ctx.password_for_step = password;
        let again = ctx.block(ctx.auth.sign_in(input))?;
        out = ctx.drive(again)?;
    }
    Ok(ctx.sign_in_output(&out, Some(&username)))
}

fn confirm_sign_in(ctx: &mut Ctx) -> Result<Output, CliError> {
    let Some(step) = ctx.auth.pending_sign_in_step() else {
        return Err(if ctx.had_pending_sign_in {
            AuthError::SignInExpired
        } else {
            AuthError::NoSignInInProgress
        }
        .into());
    };
    let username = ctx
        .auth
        .export_pending_state()
        .sign_in
        .map(|p| p.username().to_owned());
    ctx.password_for_step = ctx.given_password(true)?;
    let response = match ctx.opts.response.take() {
        Some(r) => Some(Sensitive::new(r)),
        None if ctx.opts.response_stdin => {
            let prompt = if ctx.input.is_tty() { "Answer: " } else { "" };
            Some(ctx.input.secret(prompt, "the answer")?)
        }
        None => None,
    };
    let out = match response {
        Some(r) => {
            let input = ctx.confirm_input(ChallengeResponse::Text(r));
            ctx.block(ctx.auth.confirm_sign_in(input))?
        }
        None => {
            let automatic =
                step == SignInStep::ConfirmSignInWithPassword && ctx.password_for_step.is_some();
            if !ctx.prompting && !automatic {
                return Err(CliError::usage(format!(
                    "confirm-sign-in needs --response (or --response-stdin). {}",
                    sign_in_step_text(&step, &ctx.issuer, username.as_deref())
                )));
            }
            SignInOutput {
                is_signed_in: false,
                next_step: step,
            }
        }
    };
    let out = ctx.drive(out)?;
    Ok(ctx.sign_in_output(&out, username.as_deref()))
}

fn auto_sign_in(ctx: &mut Ctx) -> Result<Output, CliError> {
    let out = ctx.block(ctx.auth.auto_sign_in())?;
    let out = ctx.drive(out)?;
    Ok(ctx.sign_in_output(&out, None))
}

fn sign_out(ctx: &mut Ctx) -> Result<Output, CliError> {
    let global = ctx.opts.global;
    let input = if global {
        SignOutInput::global()
    } else {
        SignOutInput::local()
    };
    let out = ctx.block(ctx.auth.sign_out(input))?;
    let mut m = Map::new();
    m.insert("signedOut".into(), true.into());
    m.insert("global".into(), global.into());
    let (remote, human) = match &out.remote {
        RemoteSignOut::NotSignedIn => ("NOT_SIGNED_IN", "Nobody was signed in.".to_owned()),
        RemoteSignOut::Revoked => (
            "REVOKED",
            "Signed out; the session's refresh token was revoked.".to_owned(),
        ),
        RemoteSignOut::GlobalSignedOut => (
            "GLOBAL_SIGNED_OUT",
            "Signed out of every device.".to_owned(),
        ),
        RemoteSignOut::NotRevocable => (
            "NOT_REVOCABLE",
            "Signed out here; the app client does not revoke tokens, so they stay valid until they expire.".to_owned(),
        ),
        RemoteSignOut::Failed(why) => {
            m.insert("remoteError".into(), why.clone().into());
            (
                "FAILED",
                format!("Signed out here, but Cognito could not be told: {why}"),
            )
        }
        _ => ("UNKNOWN", "Signed out here.".to_owned()),
    };
    m.insert("remote".into(), remote.into());
    Ok(Output {
        json: Value::Object(m),
        human,
    })
}

fn refused(name: &str, message: &str) -> CliError {
    CliError {
        name: name.to_owned(),
        message: message.to_owned(),
        human: message.to_owned(),
        exit: EXIT_REFUSED,
    }
}

fn tokens(ctx: &mut Ctx) -> Result<Output, CliError> {
    let options = if ctx.opts.force_refresh {
        FetchAuthSessionOptions::force_refresh()
    } else {
        FetchAuthSessionOptions::default()
    };
    let session = ctx.block(ctx.auth.fetch_auth_session(options))?;
    let Some(t) = session.tokens else {
        return Err(AuthError::UserUnAuthenticated.into());
    };
    let raw = |key: &str, token: &Sensitive| Output {
        json: json!({ key: token.expose() }),
        human: token.expose().to_owned(),
    };
    match ctx.opts.one_token {
        Some(OneToken::Access) => return Ok(raw("accessToken", &t.access_token)),
        Some(OneToken::Id) => {
            let id = t.id_token.as_ref().ok_or_else(|| {
                refused(
                    "NoIdToken",
                    "the session has no ID token (the app client's scopes leave it out)",
                )
            })?;
            return Ok(raw("idToken", id));
        }
        Some(OneToken::Refresh) => {
            let rt = ctx
                .auth
                .stored_tokens()
                .and_then(|s| s.refresh_token)
                .ok_or_else(|| refused("NoRefreshToken", "the session has no refresh token"))?;
            return Ok(raw("refreshToken", &rt));
        }
        None => {}
    }
    let username = ctx
        .block(ctx.auth.get_current_user())
        .ok()
        .map(|u| u.username);
    let mut m = Map::new();
    m.insert("accessToken".into(), t.access_token.expose().into());
    if let Some(id) = &t.id_token {
        m.insert("idToken".into(), id.expose().into());
    }
    if let Some(e) = t.expires_at {
        m.insert("expiresAt".into(), e.into());
    }
    if let Some(s) = &session.user_sub {
        m.insert("userSub".into(), s.clone().into());
    }
    if let Some(u) = &username {
        m.insert("username".into(), u.clone().into());
    }
    let mut human = String::new();
    if let Some(u) = &username {
        human.push_str(&format!("Signed in as {u}.\n"));
    }
    human.push_str("Access token");
    if let Some(e) = t.expires_at {
        human.push_str(&format!(" (expires {})", expiry_text(e)));
    }
    human.push_str(&format!(":\n{}\n", t.access_token.expose()));
    if let Some(id) = &t.id_token {
        human.push_str(&format!("ID token:\n{}\n", id.expose()));
    }
    Ok(Output {
        json: Value::Object(m),
        human,
    })
}

/// "in 59 min (epoch 1712345678)".
fn expiry_text(exp: i64) -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
        .unwrap_or(0);
    let left = exp - now;
    let when = if left <= 0 {
        "now".to_owned()
    } else if left < 120 {
        format!("in {left} s")
    } else {
        format!("in {} min", left / 60)
    };
    format!("{when}, at epoch {exp}")
}

fn whoami(ctx: &mut Ctx) -> Result<Output, CliError> {
    let u = ctx.block(ctx.auth.get_current_user())?;
    let mut m = Map::new();
    m.insert("username".into(), u.username.clone().into());
    m.insert("userId".into(), u.user_id.clone().into());
    let mut human = format!("{}\n  user id: {}", u.username, u.user_id);
    if let Some(d) = &u.sign_in_details {
        m.insert(
            "signInDetails".into(),
            json!({ "loginId": d.login_id, "authFlowType": d.auth_flow_type.as_str() }),
        );
        human.push_str(&format!(
            "\n  signed in as {} with {}",
            d.login_id,
            d.auth_flow_type.as_str()
        ));
    }
    Ok(Output {
        json: Value::Object(m),
        human,
    })
}
