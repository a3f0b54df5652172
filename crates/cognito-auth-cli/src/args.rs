//! The command line: options, commands and the help text.

use std::ffi::OsString;
use std::path::PathBuf;

use cognito_auth::{AuthFactorType, AuthFlowType};

use crate::error::CliError;

/// The commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    SignUp,
    ConfirmSignUp,
    ResendSignUpCode,
    SignIn,
    ConfirmSignIn,
    AutoSignIn,
    SignOut,
    Tokens,
    Whoami,
}

impl Command {
    const ALL: [Command; 9] = [
        Self::SignUp,
        Self::ConfirmSignUp,
        Self::ResendSignUpCode,
        Self::SignIn,
        Self::ConfirmSignIn,
        Self::AutoSignIn,
        Self::SignOut,
        Self::Tokens,
        Self::Whoami,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Self::SignUp => "sign-up",
            Self::ConfirmSignUp => "confirm-sign-up",
            Self::ResendSignUpCode => "resend-sign-up-code",
            Self::SignIn => "sign-in",
            Self::ConfirmSignIn => "confirm-sign-in",
            Self::AutoSignIn => "auto-sign-in",
            Self::SignOut => "sign-out",
            Self::Tokens => "tokens",
            Self::Whoami => "whoami",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.name() == s)
    }

    /// The command-specific options it accepts.
    fn accepts(self, option: &str) -> bool {
        let allowed: &[&str] = match self {
            Self::SignUp => &[
                "username",
                "password",
                "password-stdin",
                "attribute",
                "validation-data",
                "client-metadata",
                "auto-sign-in",
                "flow",
            ],
            Self::ConfirmSignUp => &[
                "username",
                "code",
                "client-metadata",
                "force-alias-creation",
            ],
            Self::ResendSignUpCode => &["username", "client-metadata"],
            Self::SignIn => &[
                "username",
                "password",
                "password-stdin",
                "flow",
                "preferred-challenge",
                "client-metadata",
                "replace",
            ],
            Self::ConfirmSignIn => &[
                "response",
                "response-stdin",
                "attribute",
                "client-metadata",
                "friendly-device-name",
                "password",
                "password-stdin",
            ],
            Self::AutoSignIn | Self::Whoami => &[],
            Self::SignOut => &["global"],
            Self::Tokens => &["access", "id", "refresh", "force-refresh"],
        };
        allowed.contains(&option)
    }

    fn help(self) -> &'static str {
        match self {
            Self::SignUp => HELP_SIGN_UP,
            Self::ConfirmSignUp => HELP_CONFIRM_SIGN_UP,
            Self::ResendSignUpCode => HELP_RESEND,
            Self::SignIn => HELP_SIGN_IN,
            Self::ConfirmSignIn => HELP_CONFIRM_SIGN_IN,
            Self::AutoSignIn => HELP_AUTO_SIGN_IN,
            Self::SignOut => HELP_SIGN_OUT,
            Self::Tokens => HELP_TOKENS,
            Self::Whoami => HELP_WHOAMI,
        }
    }
}

/// Which single token `tokens` prints raw.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OneToken {
    Access,
    Id,
    Refresh,
}

/// Everything the command line said. Secrets given as arguments stay here
/// only until they are wrapped in `Sensitive` by the commands.
#[derive(Default)]
pub struct Opts {
    // Global.
    pub endpoint: Option<String>,
    pub user_pool_id: Option<String>,
    pub client_id: Option<String>,
    pub client_secret: Option<String>,
    pub state: Option<PathBuf>,
    pub json: bool,
    /// `Some(true)`: `--prompt`; `Some(false)`: `--no-prompt`.
    pub prompt: Option<bool>,
    pub totp_issuer: Option<String>,
    // Per command.
    pub username: Option<String>,
    pub password: Option<String>,
    pub password_stdin: bool,
    pub attributes: Vec<(String, String)>,
    pub validation_data: Vec<(String, String)>,
    pub client_metadata: Vec<(String, String)>,
    pub auto_sign_in: bool,
    pub flow: Option<AuthFlowType>,
    pub preferred_challenge: Option<AuthFactorType>,
    pub code: Option<String>,
    pub force_alias_creation: bool,
    pub response: Option<String>,
    pub response_stdin: bool,
    pub friendly_device_name: Option<String>,
    pub replace: bool,
    pub global: bool,
    pub one_token: Option<OneToken>,
    pub force_refresh: bool,
}

impl std::fmt::Debug for Opts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Opts")
            .field("endpoint", &self.endpoint)
            .field("user_pool_id", &self.user_pool_id)
            .field("client_id", &self.client_id)
            .field("state", &self.state)
            .field("username", &self.username)
            .field("flow", &self.flow)
            .finish_non_exhaustive()
    }
}

/// What to do.
#[derive(Debug)]
pub enum Parsed {
    Run(Command, Box<Opts>),
    /// Print this text and exit 0.
    Help(String),
    Version,
}

fn usage(message: impl Into<String>) -> CliError {
    CliError::usage(message)
}

fn lexopt_error(e: lexopt::Error) -> CliError {
    usage(e.to_string())
}

fn key_value(option: &str, raw: String) -> Result<(String, String), CliError> {
    match raw.split_once('=') {
        Some((k, v)) if !k.is_empty() => Ok((k.to_owned(), v.to_owned())),
        _ => Err(usage(format!("--{option} expects NAME=VALUE, got {raw:?}"))),
    }
}

/// Parses `--flow` (case-insensitive).
pub fn parse_flow(s: &str) -> Result<AuthFlowType, CliError> {
    AuthFlowType::parse(&s.to_ascii_uppercase()).ok_or_else(|| {
        usage(format!(
            "unknown flow {s:?}: use USER_SRP_AUTH, USER_PASSWORD_AUTH, CUSTOM_WITH_SRP, CUSTOM_WITHOUT_SRP or USER_AUTH"
        ))
    })
}

/// Parses `--preferred-challenge` (case-insensitive).
pub fn parse_factor(s: &str) -> Result<AuthFactorType, CliError> {
    match AuthFactorType::parse(&s.to_ascii_uppercase()) {
        AuthFactorType::Other(_) => Err(usage(format!(
            "unknown first factor {s:?}: use PASSWORD, PASSWORD_SRP, EMAIL_OTP or SMS_OTP"
        ))),
        f => Ok(f),
    }
}

/// Parses the arguments (without the program name).
pub fn parse(args: impl IntoIterator<Item = OsString>) -> Result<Parsed, CliError> {
    use lexopt::prelude::*;

    let mut p = lexopt::Parser::from_args(args);
    let mut o = Opts::default();
    let mut command: Option<Command> = None;
    let mut help = false;
    let mut help_topic: Option<String> = None;
    let mut help_command = false;
    let mut seen: Vec<&'static str> = Vec::new();

    while let Some(arg) = p.next().map_err(lexopt_error)? {
        let name: &'static str = match &arg {
            Short('h') | Long("help") => {
                help = true;
                continue;
            }
            Short('V') | Long("version") => return Ok(Parsed::Version),
            Value(v) => {
                let v = v.clone().string().map_err(lexopt_error)?;
                if help_command {
                    if help_topic.replace(v.clone()).is_some() {
                        return Err(usage(format!("unexpected argument {v:?}")));
                    }
                } else if command.is_none() {
                    if v == "help" {
                        help_command = true;
                    } else {
                        command = Some(Command::parse(&v).ok_or_else(|| {
                            usage(format!("unknown command {v:?}: see `cognito-auth --help`"))
                        })?);
                    }
                } else {
                    return Err(usage(format!(
                        "unexpected argument {v:?}: options take the form --name VALUE"
                    )));
                }
                continue;
            }
            Long("endpoint") => {
                o.endpoint = Some(string(&mut p)?);
                "endpoint"
            }
            Long("user-pool-id") => {
                o.user_pool_id = Some(string(&mut p)?);
                "user-pool-id"
            }
            Long("client-id") => {
                o.client_id = Some(string(&mut p)?);
                "client-id"
            }
            Long("client-secret") => {
                o.client_secret = Some(string(&mut p)?);
                "client-secret"
            }
            Long("state") => {
                o.state = Some(PathBuf::from(p.value().map_err(lexopt_error)?));
                "state"
            }
            Long("json") => {
                o.json = true;
                "json"
            }
            Long("prompt") => {
                o.prompt = Some(true);
                "prompt"
            }
            Long("no-prompt") => {
                o.prompt = Some(false);
                "no-prompt"
            }
            Long("totp-issuer") => {
                o.totp_issuer = Some(string(&mut p)?);
                "totp-issuer"
            }
            Long("username") => {
                o.username = Some(string(&mut p)?);
                "username"
            }
            Long("password") => {
                o.password = Some(string(&mut p)?);
                "password"
            }
            Long("password-stdin") => {
                o.password_stdin = true;
                "password-stdin"
            }
            Long("attribute") => {
                let v = string(&mut p)?;
                o.attributes.push(key_value("attribute", v)?);
                "attribute"
            }
            Long("validation-data") => {
                let v = string(&mut p)?;
                o.validation_data.push(key_value("validation-data", v)?);
                "validation-data"
            }
            Long("client-metadata") => {
                let v = string(&mut p)?;
                o.client_metadata.push(key_value("client-metadata", v)?);
                "client-metadata"
            }
            Long("auto-sign-in") => {
                o.auto_sign_in = true;
                "auto-sign-in"
            }
            Long("flow") => {
                o.flow = Some(parse_flow(&string(&mut p)?)?);
                "flow"
            }
            Long("preferred-challenge") => {
                o.preferred_challenge = Some(parse_factor(&string(&mut p)?)?);
                "preferred-challenge"
            }
            Long("code") => {
                o.code = Some(string(&mut p)?);
                "code"
            }
            Long("force-alias-creation") => {
                o.force_alias_creation = true;
                "force-alias-creation"
            }
            Long("response") => {
                o.response = Some(string(&mut p)?);
                "response"
            }
            Long("response-stdin") => {
                o.response_stdin = true;
                "response-stdin"
            }
            Long("friendly-device-name") => {
                o.friendly_device_name = Some(string(&mut p)?);
                "friendly-device-name"
            }
            Long("replace") => {
                o.replace = true;
                "replace"
            }
            Long("global") => {
                o.global = true;
                "global"
            }
            Long("access") => {
                set_one(&mut o, OneToken::Access)?;
                "access"
            }
            Long("id") => {
                set_one(&mut o, OneToken::Id)?;
                "id"
            }
            Long("refresh") => {
                set_one(&mut o, OneToken::Refresh)?;
                "refresh"
            }
            Long("force-refresh") => {
                o.force_refresh = true;
                "force-refresh"
            }
            _ => return Err(lexopt_error(arg.unexpected())),
        };
        seen.push(name);
    }

    if help_command {
        return match help_topic {
            None => Ok(Parsed::Help(full_help())),
            Some(t) => Command::parse(&t)
                .map(|c| Parsed::Help(command_help(c)))
                .ok_or_else(|| usage(format!("unknown command {t:?}: see `cognito-auth --help`"))),
        };
    }
    if help {
        return Ok(Parsed::Help(match command {
            Some(c) => command_help(c),
            None => full_help(),
        }));
    }
    let Some(command) = command else {
        return Err(usage(
            "no command given: try `cognito-auth sign-in --username NAME`, or see `cognito-auth --help`",
        ));
    };
    for name in seen {
        if !GLOBAL_OPTIONS.contains(&name) && !command.accepts(name) {
            return Err(usage(format!(
                "--{name} does not apply to {}: see `cognito-auth {} --help`",
                command.name(),
                command.name()
            )));
        }
    }
    if o.password.is_some() && o.password_stdin {
        return Err(usage(
            "give the password once: --password or --password-stdin",
        ));
    }
    if o.response.is_some() && o.response_stdin {
        return Err(usage(
            "give the answer once: --response or --response-stdin",
        ));
    }
    if o.response_stdin && o.password_stdin {
        return Err(usage(
            "standard input holds one secret: --response-stdin or --password-stdin",
        ));
    }
    if command == Command::SignUp && o.flow.is_some() && !o.auto_sign_in {
        return Err(usage(
            "--flow on sign-up chooses how auto sign-in signs in: add --auto-sign-in",
        ));
    }
    Ok(Parsed::Run(command, Box::new(o)))
}

const GLOBAL_OPTIONS: [&str; 9] = [
    "endpoint",
    "user-pool-id",
    "client-id",
    "client-secret",
    "state",
    "json",
    "prompt",
    "no-prompt",
    "totp-issuer",
];

fn string(p: &mut lexopt::Parser) -> Result<String, CliError> {
    use lexopt::ValueExt as _;
    p.value()
        .map_err(lexopt_error)?
        .string()
        .map_err(lexopt_error)
}

fn set_one(o: &mut Opts, t: OneToken) -> Result<(), CliError> {
    if o.one_token.is_some_and(|old| old != t) {
        return Err(usage("choose one of --access, --id, --refresh"));
    }
    o.one_token = Some(t);
    Ok(())
}

pub fn version() -> String {
    format!("cognito-auth {}\n", env!("CARGO_PKG_VERSION"))
}

fn command_help(c: Command) -> String {
    format!(
        "Usage: cognito-auth [OPTIONS] {}\n\nThe global options, passwords, the state file, the output and the exit status:\n`cognito-auth --help`.\n",
        c.help().trim()
    )
}

/// The complete help text.
pub fn full_help() -> String {
    let mut s = String::from(HELP_HEAD);
    for c in Command::ALL {
        s.push_str(c.help());
    }
    s.push_str(HELP_TAIL);
    s
}

const HELP_HEAD: &str = "\
cognito-auth: sign up, sign in and get tokens from an Amazon Cognito user pool.

Usage: cognito-auth [OPTIONS] COMMAND [COMMAND OPTIONS]

Commands:
  sign-up              Register a user
  confirm-sign-up      Confirm a registration with the delivered code
  resend-sign-up-code  Send a new confirmation code
  sign-in              Sign in with any flow; may stop at a step (MFA, new password, ...)
  confirm-sign-in      Answer the step a sign-in waits for
  auto-sign-in         Sign in after `sign-up --auto-sign-in` and `confirm-sign-up`
  sign-out             Sign out of this device, or of every device with --global
  tokens               Print the current tokens, refreshed first when due
  whoami               Print the signed-in user
  help [COMMAND]       Print this help, or one command's

Options (accepted anywhere on the line):
  --endpoint URL        Cognito endpoint [env COGNITO_ENDPOINT]. Default:
                        https://cognito-idp.REGION.amazonaws.com/ (REGION from the pool id)
  --user-pool-id ID     User pool id, e.g. us-east-1_AbC123 [env COGNITO_USER_POOL_ID]
  --client-id ID        App client id [env COGNITO_CLIENT_ID]
  --client-secret S     App client secret, for clients that have one [env COGNITO_CLIENT_SECRET];
                        prefer the variable: arguments are visible to other local users
  --state FILE          State file [env COGNITO_STATE_FILE]. Default:
                        $XDG_CONFIG_HOME/cognito-auth/state.json, else
                        ~/.config/cognito-auth/state.json (%APPDATA%\\cognito-auth on Windows)
  --json                Print one JSON object per command, with Amplify's field names
  --prompt              Ask for what the next step needs even when standard input is not a
                        terminal, reading one answer per line from it
  --no-prompt           Never ask: print the next step and exit
  --totp-issuer NAME    Issuer (app name) in the otpauth:// URI of TOTP setup [default: cognito-auth]
  -h, --help            Print help (after a command: that command's)
  -V, --version         Print the version

Commands and their options:
";

const HELP_SIGN_UP: &str = "
  sign-up --username U [--password P | --password-stdin] [--attribute NAME=VALUE]...
          [--validation-data NAME=VALUE]... [--client-metadata KEY=VALUE]...
          [--auto-sign-in [--flow FLOW]]
      Registers U (Amplify's signUp). --attribute sets user attributes (email=...,
      phone_number=+..., name=..., custom:tenant=...). Without a password (and without
      prompting) the sign-up is passwordless, for pools that allow one-time-code sign-in.
      --auto-sign-in keeps the sign-up (password included) in the state file so that
      auto-sign-in can sign in once the account is confirmed; --flow chooses how
      (default USER_SRP_AUTH). Prompting asks for the password (twice on a terminal; empty
      for none), then for the confirmation code, and with --auto-sign-in goes on until
      signed in.
";

const HELP_CONFIRM_SIGN_UP: &str = "
  confirm-sign-up --username U --code C [--client-metadata KEY=VALUE]... [--force-alias-creation]
      Confirms U with the delivered code (Amplify's confirmSignUp). After
      `sign-up --auto-sign-in` the next step is COMPLETE_AUTO_SIGN_IN: run auto-sign-in
      (prompting does it at once). --force-alias-creation moves an email or phone alias
      that another user holds to U. Prompting asks for a missing code.
";

const HELP_RESEND: &str = "
  resend-sign-up-code --username U [--client-metadata KEY=VALUE]...
      Sends a new confirmation code and prints where it went (Amplify's resendSignUpCode).
";

const HELP_SIGN_IN: &str = "
  sign-in --username U [--password P | --password-stdin] [--flow FLOW]
          [--preferred-challenge FACTOR] [--client-metadata KEY=VALUE]... [--replace]
      Signs U in (Amplify's signIn). FLOW: USER_SRP_AUTH (default), USER_PASSWORD_AUTH,
      CUSTOM_WITH_SRP, CUSTOM_WITHOUT_SRP (no password), USER_AUTH (choice-based; implied
      by --preferred-challenge). FACTOR, USER_AUTH's first factor: PASSWORD, PASSWORD_SRP,
      EMAIL_OTP, SMS_OTP. The sign-in may stop at a step (MFA code, MFA choice, TOTP or
      email MFA setup, new password, custom challenge, first-factor choice): it is kept in
      the state file and finished by confirm-sign-in, in this or a later shell. With a user
      signed in already it fails, unless --replace: then the old session is signed out
      once the new sign-in succeeded. Prompting asks for the password (when the flow needs
      one) and for every step until signed in, including the confirmation code of an
      unconfirmed account.
";

const HELP_CONFIRM_SIGN_IN: &str = "
  confirm-sign-in [--response R | --response-stdin] [--attribute NAME=VALUE]...
          [--client-metadata KEY=VALUE]... [--friendly-device-name NAME]
          [--password P | --password-stdin]
      Answers the step the sign-in waits for (Amplify's confirmSignIn challengeResponse):
        CONFIRM_SIGN_IN_WITH_SMS_CODE, _EMAIL_CODE, _TOTP_CODE   the code
        CONTINUE_SIGN_IN_WITH_MFA_SELECTION          SMS, TOTP or EMAIL
        CONTINUE_SIGN_IN_WITH_MFA_SETUP_SELECTION    TOTP or EMAIL
        CONTINUE_SIGN_IN_WITH_TOTP_SETUP             the authenticator app's current code
                                                     (--friendly-device-name names it)
        CONTINUE_SIGN_IN_WITH_EMAIL_SETUP            the email address for MFA codes
        CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED   the new password, with --attribute
                                                     for each of missingAttributes
        CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE        the answer
        CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION PASSWORD, PASSWORD_SRP, EMAIL_OTP, SMS_OTP
        CONFIRM_SIGN_IN_WITH_PASSWORD                the password
      --response-stdin reads R from the first line of standard input (use it for new
      passwords). A step that asks for the password is answered with --password,
      --password-stdin or COGNITO_PASSWORD when given, also right after choosing PASSWORD
      or PASSWORD_SRP. A wrong code keeps the step: answer again. Prompting asks for a
      missing answer and for every later step.
";

const HELP_AUTO_SIGN_IN: &str = "
  auto-sign-in
      Signs in after `sign-up --auto-sign-in` and `confirm-sign-up` (Amplify's autoSignIn),
      possibly stopping at an MFA step like sign-in.
";

const HELP_SIGN_OUT: &str = "
  sign-out [--global]
      Signs out (Amplify's signOut): clears the tokens and revokes this session's refresh
      token; --global ends every session of the user (GlobalSignOut). Network trouble
      does not stop the local sign-out; it is reported.
";

const HELP_TOKENS: &str = "
  tokens [--access | --id | --refresh] [--force-refresh]
      Prints the access and ID tokens, refreshed first when they expire within a minute,
      and the access token's expiry. --access, --id or --refresh prints that one token
      alone, raw, for \"$(cognito-auth tokens --access)\"; the refresh token is printed only
      when asked for. --force-refresh refreshes even when not due.
";

const HELP_WHOAMI: &str = "
  whoami
      Prints the signed-in user (Amplify's getCurrentUser): username, user id (sub), and
      the login id and flow of the sign-in. Refreshes the tokens when due.
";

const HELP_TAIL: &str = "
Passwords and secrets:
  Passwords come from --password, --password-stdin (the first line of standard input) or
  COGNITO_PASSWORD, else from a prompt that does not echo. They are never printed or
  logged. Tokens are printed only by `tokens`; a TOTP secret only by the TOTP setup step
  that asks you to register it.

Prompting:
  Without --json and with a terminal on standard input, commands ask for what the next
  step needs (password, codes, MFA choice, new password, ...) and go on until signed in.
  Otherwise they print the step and exit; answer it with confirm-sign-in. --prompt asks
  even then (one answer per line of standard input); --no-prompt never asks.

State file:
  Holds the tokens, a sign-in or auto sign-in in progress (an auto sign-in with the
  sign-up password), and the pool, client and endpoint last used, which later commands
  use when none is given (the client secret is not kept). Written atomically with mode
  0600. One user per file: use --state for more. A file holding a session is not used
  with another pool, client or endpoint.

Output:
  Results go to standard output; prompts, notes and (without --json) errors to standard
  error. With --json each command prints one JSON object, named as Amplify names them:
    sign-up              {isSignUpComplete, userId, nextStep: {signUpStep, codeDeliveryDetails}}
    confirm-sign-up      {isSignUpComplete, nextStep: {signUpStep}}
    resend-sign-up-code  {destination, deliveryMedium, attributeName}
    sign-in, confirm-sign-in, auto-sign-in
                         {isSignedIn, nextStep: {signInStep, and as the step has them:
                          codeDeliveryDetails, allowedMFATypes, totpSetupDetails: {sharedSecret,
                          setupUri}, additionalInfo, missingAttributes, availableChallenges}}
    sign-out             {signedOut, global, remote[, remoteError]}; remote: REVOKED,
                         GLOBAL_SIGNED_OUT, NOT_SIGNED_IN, NOT_REVOCABLE or FAILED
    tokens               {accessToken, idToken, expiresAt, userSub, username}; with --access,
                         --id or --refresh only that token
    whoami               {username, userId, signInDetails: {loginId, authFlowType}}
    any error            {error: {name, message}} on standard output; name is Cognito's
                         exception (NotAuthorizedException, ...) or Amplify's error name

Exit status:
  0  done; a sign-in that waits for a step is done too (see isSignedIn and nextStep)
  1  refused: by Cognito (wrong password or code, user exists, ...) or nothing to act on
     (nobody signed in, no sign-in waiting)
  2  usage: bad arguments, missing pool or client, invalid input, standard input ended
  3  network: no answer from Cognito (check the network and --endpoint; try again)
  4  local: the state file or the terminal could not be read or written

Examples:
  export COGNITO_USER_POOL_ID=us-east-1_AbC123 COGNITO_CLIENT_ID=1example23456789
  cognito-auth sign-in --username alice@example.com   # asks for the password and any MFA code
  curl -H \"Authorization: Bearer $(cognito-auth tokens --access)\" https://api.example.com/

  A script, with an MFA step between two invocations:
  printf '%s\\n' \"$PASSWORD\" | cognito-auth --json sign-in --username alice --password-stdin
  cognito-auth --json confirm-sign-in --response 123456
";

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    fn run(args: &[&str]) -> Result<Parsed, CliError> {
        parse(args.iter().map(OsString::from))
    }

    #[test]
    fn globals_anywhere_and_key_values() {
        let Parsed::Run(c, o) = run(&[
            "--json",
            "sign-up",
            "--username",
            "u",
            "--attribute",
            "email=a=b@x",
            "--user-pool-id=us-east-1_X",
        ])
        .unwrap() else {
            panic!("not a run")
        };
        assert_eq!(c, Command::SignUp);
        assert!(o.json);
        assert_eq!(o.user_pool_id.as_deref(), Some("us-east-1_X"));
        assert_eq!(o.attributes, vec![("email".into(), "a=b@x".into())]);
    }

    #[test]
    fn options_of_other_commands_are_refused() {
        let e = run(&["tokens", "--code", "1"]).unwrap_err();
        assert_eq!(e.exit, crate::error::EXIT_USAGE);
        assert!(
            e.message.contains("--code does not apply to tokens"),
            "{}",
            e.message
        );
        assert!(run(&["sign-in", "--flow", "NOPE"]).is_err());
        assert!(run(&["sign-in", "--password", "x", "--password-stdin"]).is_err());
        assert!(run(&["tokens", "--access", "--id"]).is_err());
        assert!(run(&["sign-up", "--flow", "USER_AUTH"]).is_err());
        assert!(run(&["frobnicate"]).is_err());
        assert!(run(&[]).is_err());
        assert!(run(&["sign-in", "--attribute", "novalue"]).is_err());
    }

    #[test]
    fn help_mentions_every_option_and_command() {
        let help = full_help();
        for c in Command::ALL {
            assert!(help.contains(&format!("\n  {}", c.name())), "{}", c.name());
        }
        for o in GLOBAL_OPTIONS {
            assert!(help.contains(&format!("--{o}")), "{o}");
        }
        for o in [
            "username",
            "password",
            "password-stdin",
            "attribute",
            "validation-data",
            "client-metadata",
            "auto-sign-in",
            "flow",
            "preferred-challenge",
            "code",
            "force-alias-creation",
            "response",
            "response-stdin",
            "friendly-device-name",
            "replace",
            "global",
            "access",
            "id",
            "refresh",
            "force-refresh",
        ] {
            assert!(help.contains(&format!("--{o}")), "{o}");
            assert!(
                Command::ALL
                    .iter()
                    .any(|c| c.accepts(o) && c.help().contains(&format!("--{o}"))),
                "{o} documented where accepted"
            );
        }
        match run(&["sign-in", "--help"]).unwrap() {
            Parsed::Help(h) => {
                assert!(h.contains("--preferred-challenge") && !h.contains("whoami"))
            }
            other => panic!("{other:?}"),
        }
        match run(&["help", "tokens"]).unwrap() {
            Parsed::Help(h) => assert!(h.contains("--force-refresh")),
            other => panic!("{other:?}"),
        }
    }
}
