//! The seed's examples, end to end, printing every call and its next step.
//!
//! ```sh
//! cargo run --example walkthrough                     # against an embedded mock-cognito
//! cargo run --example walkthrough -- \
//!     --endpoint https://cognito-idp.eu-west-1.amazonaws.com \
//!     --user-pool-id eu-west-1_AbCdEf123 --client-id 1example23456789 \
//!     [--client-secret S] [--username you@example.com] [--password P] \
//!     [--mfa-username U --mfa-password P] [--totp-secret BASE32] [--codes-from-stdin]
//! ```
//!
//! Where the codes come from:
//!
//! * embedded mock (no arguments): the mock's outbox; the MFA user's TOTP
//!   code is computed from its provisioned secret;
//! * `--endpoint` of a mock-cognito server (`cargo run -p mock-cognito`,
//!   recognised by its `GET /_mock/info`): its outbox (`GET /_mock/codes`);
//!   TOTP codes are computed from `--totp-secret` on the mock's clock
//!   (`GET /_mock/clock`), else asked for;
//! * any other endpoint (real Cognito), or with `--codes-from-stdin`: each
//!   code is asked for on stdin (a
//!   closed stdin stops the walkthrough with an error saying which code was
//!   missing); with `--totp-secret` the TOTP code is computed on the system
//!   clock.
//!
//! Without `--mfa-username` the MFA sign-in is skipped (said so in the
//! output); the global sign-out then ends a plain sign-in. The sign-up user
//! must not exist yet: pass another `--username` on a second run against the
//! same pool.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

use std::error::Error;
use std::io::{BufRead as _, Write as _};

use cognito_auth::{
    Auth, ConfirmSignInInput, ConfirmSignUpInput, SignInInput, SignInOutput, SignInStep,
    SignOutInput, SignUpInput, SignUpStep,
};

type Result<T> = std::result::Result<T, Box<dyn Error>>;

const TOTP_SECRET: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

#[derive(Default)]
struct Args {
    endpoint: Option<String>,
    user_pool_id: Option<String>,
    client_id: Option<String>,
    client_secret: Option<String>,
    username: Option<String>,
    password: Option<String>,
    mfa_username: Option<String>,
    mfa_password: Option<String>,
    totp_secret: Option<String>,
    codes_from_stdin: bool,
}

fn parse_args() -> Result<Args> {
    let mut a = Args::default();
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or_else(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--endpoint" => a.endpoint = Some(value()?),
            "--user-pool-id" => a.user_pool_id = Some(value()?),
            "--client-id" => a.client_id = Some(value()?),
            "--client-secret" => a.client_secret = Some(value()?),
            "--username" => a.username = Some(value()?),
            "--password" => a.password = Some(value()?),
            "--mfa-username" => a.mfa_username = Some(value()?),
            "--mfa-password" => a.mfa_password = Some(value()?),
            "--totp-secret" => a.totp_secret = Some(value()?),
            "--codes-from-stdin" => a.codes_from_stdin = true,
            "-h" | "--help" => {
                println!(
                    "walkthrough [--endpoint URL --user-pool-id ID --client-id ID [--client-secret S]\n             [--username U] [--password P] [--mfa-username U --mfa-password P]\n             [--totp-secret BASE32] [--codes-from-stdin]]\n\nCodes come from the embedded mock, from a mock-cognito server's outbox, or from stdin."
                );
                std::process::exit(0);
            }
            other => return Err(format!("unknown argument {other} (try --help)").into()),
        }
    }
    Ok(a)
}

/// Where codes come from: the embedded mock's outbox, a mock-cognito
/// server's outbox (over its `/_mock` endpoints), or the person running this.
enum Codes {
    Embedded(mock_cognito::MockCognito),
    MockServer { endpoint: String, pool_id: String },
    Stdin,
}

/// What kind of code a step asks for.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    SignUp,
    Mfa,
    Totp,
}

impl Codes {
    /// Recognises a mock-cognito server by its `/_mock/info` answer.
    fn for_endpoint(endpoint: &str, pool_id: &str) -> Self {
        match http_get(endpoint, "/_mock/info") {
            Some(info) if info.contains("userPoolId") => {
                println!(
                    "  (the endpoint is a mock-cognito server: codes are read from its outbox)"
                );
                Self::MockServer {
                    endpoint: endpoint.to_owned(),
                    pool_id: pool_id.to_owned(),
                }
            }
            _ => Self::Stdin,
        }
    }

    /// The newest code delivered to `username`.
    fn outbox(&self, username: &str) -> Result<Option<String>> {
        Ok(match self {
            Self::Embedded(m) => m.last_code(username),
            Self::MockServer { endpoint, pool_id } => {
                let path = format!(
                    "/_mock/codes?username={}&userPoolId={}",
                    query_escape(username),
                    query_escape(pool_id)
                );
                let body = http_get(endpoint, &path).ok_or("GET /_mock/codes failed")?;
                let codes: Vec<serde_json::Value> = serde_json::from_str(&body)?;
                codes
                    .last()
                    .and_then(|c| c["code"].as_str())
                    .map(str::to_owned)
            }
            Self::Stdin => None,
        })
    }

    /// Seconds on the server's clock (mocks may have moved theirs).
    fn now_secs(&self) -> i64 {
        let system = || {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64)
        };
        match self {
            Self::Embedded(m) => m.clock().now_secs(),
            Self::MockServer { endpoint, .. } => http_get(endpoint, "/_mock/clock")
                .and_then(|b| serde_json::from_str::<serde_json::Value>(&b).ok())
                .and_then(|v| v["now"].as_f64())
                .map_or_else(system, |n| n as i64),
            Self::Stdin => system(),
        }
    }

    fn code(&self, kind: Kind, username: &str, totp_secret: Option<&str>) -> Result<String> {
        if kind == Kind::Totp
            && let Some(secret) = totp_secret
        {
            let key = cognito_auth_srp::totp::base32_decode(secret).ok_or("bad TOTP secret")?;
            let code = cognito_auth_srp::totp::generate(&key, self.now_secs());
            println!("  (computed TOTP code {code} from the secret)");
            return Ok(code);
        }
        if kind != Kind::Totp
            && let Some(code) = self.outbox(username)?
        {
            println!("  (read code {code} from mock-cognito's outbox)");
            return Ok(code);
        }
        let (what, hint) = match kind {
            Kind::SignUp => (
                format!("confirmation code sent for {username}"),
                "or against a mock-cognito server, whose outbox it reads",
            ),
            Kind::Mfa => (
                format!("sign-in code sent for {username}"),
                "or against a mock-cognito server, whose outbox it reads",
            ),
            Kind::Totp => (
                format!("authenticator code of {username}"),
                "or pass --totp-secret to compute it",
            ),
        };
        prompt(&what, hint)
    }
}

/// A plain-HTTP GET (mock-cognito servers only listen on http://); `None`
/// for https endpoints and on any failure.
fn http_get(endpoint: &str, path: &str) -> Option<String> {
    use std::io::Read as _;
    let hostport = endpoint.strip_prefix("http://")?.trim_end_matches('/');
    let hostport = hostport.split('/').next()?;
    let addr = std::net::ToSocketAddrs::to_socket_addrs(hostport)
        .ok()?
        .next()?;
    let mut stream =
        std::net::TcpStream::connect_timeout(&addr, std::time::Duration::from_secs(2)).ok()?;
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(5)))
        .ok()?;
    write!(
        stream,
        "GET {path} HTTP/1.0\r\nHost: {hostport}\r\nAccept: application/json\r\n\r\n"
    )
    .ok()?;
    let mut raw = String::new();
    stream.read_to_string(&mut raw).ok()?;
    let (head, body) = raw.split_once("\r\n\r\n")?;
    head.split(' ')
        .nth(1)
        .is_some_and(|s| s.starts_with('2'))
        .then(|| body.to_owned())
}

fn query_escape(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

fn prompt(what: &str, hint: &str) -> Result<String> {
    print!("  enter the {what}: ");
    std::io::stdout().flush()?;
    let mut line = String::new();
    let n = std::io::stdin().lock().read_line(&mut line)?;
    let code = line.trim().to_owned();
    if n == 0 || code.is_empty() {
        return Err(format!(
            "no {what} was given (stdin closed or empty line); run the walkthrough in a terminal, {hint}"
        )
        .into());
    }
    Ok(code)
}

fn show_sign_in(out: &SignInOutput) {
    println!("  isSignedIn: {}", out.is_signed_in);
    println!("  nextStep:   {}", out.next_step.as_str());
    match &out.next_step {
        SignInStep::ConfirmSignInWithSmsCode {
            code_delivery_details,
        }
        | SignInStep::ConfirmSignInWithEmailCode {
            code_delivery_details,
        } => {
            println!("  code sent to: {:?}", code_delivery_details.destination);
        }
        SignInStep::ContinueSignInWithTotpSetup { totp_setup_details } => {
            println!(
                "  setup URI: {}",
                totp_setup_details.setup_uri("walkthrough", None)
            );
        }
        SignInStep::ContinueSignInWithMfaSelection { allowed_mfa_types } => {
            println!("  allowed MFA types: {allowed_mfa_types:?}");
        }
        _ => {}
    }
}

fn embedded() -> Result<(Auth, Codes, String, String)> {
    use mock_cognito::{ClientConfig, Config, MockCognito, PoolConfig, UserConfig};
    let mut mfa_user = UserConfig {
        username: "mfa-user@example.com".into(),
        password: Some("Mfa-Passw0rd!".into()),
        mfa_enabled: vec!["SOFTWARE_TOKEN_MFA".into()],
        mfa_preferred: Some("SOFTWARE_TOKEN_MFA".into()),
        totp_secret: Some(TOTP_SECRET.into()),
        ..UserConfig::default()
    };
    mfa_user
        .attributes
        .insert("email".into(), "mfa-user@example.com".into());
    mfa_user
        .attributes
        .insert("email_verified".into(), "true".into());
    let pool = PoolConfig {
        id: Some("us-east-1_Walkthru1".into()),
        username_attributes: vec!["email".into()],
        mfa: Some("OPTIONAL".into()),
        mfa_types: vec!["SOFTWARE_TOKEN_MFA".into()],
        clients: vec![ClientConfig {
            name: Some("walkthrough".into()),
            explicit_auth_flows: Some(
                [
                    "ALLOW_USER_SRP_AUTH",
                    "ALLOW_USER_PASSWORD_AUTH",
                    "ALLOW_REFRESH_TOKEN_AUTH",
                    "ALLOW_USER_AUTH",
                ]
                .map(String::from)
                .to_vec(),
            ),
            ..ClientConfig::default()
        }],
        users: vec![mfa_user],
        ..PoolConfig::default()
    };
    let mock = MockCognito::builder()
        .config(Config {
            pools: vec![pool],
            ..Config::default()
        })
        .start()?;
    println!(
        "embedded mock-cognito at {} (pool {}, client {})\n",
        mock.endpoint(),
        mock.user_pool_id(),
        mock.client_id()
    );
    let auth = Auth::builder(mock.user_pool_id(), mock.client_id())
        .endpoint(mock.endpoint())
        .build()?;
    Ok((
        auth,
        Codes::Embedded(mock),
        "mfa-user@example.com".into(),
        "Mfa-Passw0rd!".into(),
    ))
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    if let Err(e) = run().await {
        eprintln!("\nwalkthrough FAILED: {e}");
        std::process::exit(1);
    }
}

async fn run() -> Result<()> {
    let args = parse_args()?;
    let mut totp_secret = args.totp_secret.clone();
    let (auth, codes, mfa_user, mfa_password) = match (&args.user_pool_id, &args.client_id) {
        (Some(pool), Some(client)) => {
            let mut b = Auth::builder(pool.clone(), client.clone());
            if let Some(e) = &args.endpoint {
                b = b.endpoint(e.clone());
            }
            if let Some(s) = &args.client_secret {
                b = b.client_secret(s.clone());
            }
            println!("pool {pool}, client {client}");
            let codes = match &args.endpoint {
                Some(e) if !args.codes_from_stdin => Codes::for_endpoint(e, pool),
                _ => Codes::Stdin,
            };
            println!();
            (
                b.build()?,
                codes,
                args.mfa_username.clone().unwrap_or_default(),
                args.mfa_password.clone().unwrap_or_default(),
            )
        }
        (None, None) if args.endpoint.is_none() => {
            totp_secret.get_or_insert_with(|| TOTP_SECRET.to_owned());
            embedded()?
        }
        _ => return Err("--endpoint needs --user-pool-id and --client-id".into()),
    };
    let username = args
        .username
        .clone()
        .unwrap_or_else(|| "user@example.com".into());
    let password = args
        .password
        .clone()
        .unwrap_or_else(|| "TempPassword123!".into());

    println!("→ signUp({username}, attributes email/name/phone_number, autoSignIn: true)");
    let out = auth
        .sign_up(
            SignUpInput::new(username.as_str(), password.as_str())
                .user_attribute("email", username.as_str())
                .user_attribute("name", "John Doe")
                .user_attribute("phone_number", "+12345678901")
                .auto_sign_in(true),
        )
        .await?;
    println!("  isSignUpComplete: {}", out.is_sign_up_complete);
    println!("  userId: {:?}", out.user_id);
    println!("  nextStep: {}", out.next_step.as_str());
    if let SignUpStep::ConfirmSignUp {
        code_delivery_details,
    } = &out.next_step
    {
        println!("  Code sent to: {:?}", code_delivery_details.destination);
        let code = codes.code(Kind::SignUp, &username, None)?;
        println!("→ confirmSignUp({username}, {code})");
        let out = auth
            .confirm_sign_up(ConfirmSignUpInput::new(username.as_str(), code))
            .await?;
        println!("  isSignUpComplete: {}", out.is_sign_up_complete);
        println!("  nextStep: {}", out.next_step.as_str());
    }

    println!("→ autoSignIn()");
    let out = auth.auto_sign_in().await?;
    show_sign_in(&out);
    let me = auth.get_current_user().await?;
    println!("  current user: {} (userId {})", me.username, me.user_id);

    println!("→ signOut()");
    let out = auth.sign_out(SignOutInput::local()).await?;
    println!("  remote: {:?}", out.remote);

    println!("→ signIn({username}) with the default SRP flow");
    let out = auth
        .sign_in(SignInInput::new(username.as_str(), password.as_str()))
        .await?;
    show_sign_in(&out);
    println!("→ signOut()");
    let out = auth.sign_out(SignOutInput::local()).await?;
    println!("  remote: {:?}", out.remote);

    if mfa_user.is_empty() {
        println!("\n(MFA sign-in skipped: pass --mfa-username/--mfa-password for a user with MFA)");
        println!("→ signIn({username}) again, for the global sign-out");
        let out = auth
            .sign_in(SignInInput::new(username.as_str(), password.as_str()))
            .await?;
        show_sign_in(&out);
    } else {
        println!("→ signIn({mfa_user}) — a user with MFA");
        let out = auth
            .sign_in(SignInInput::new(mfa_user.as_str(), mfa_password.as_str()))
            .await?;
        show_sign_in(&out);
        let mut out = out;
        while !out.is_signed_in {
            match &out.next_step {
                SignInStep::ConfirmSignInWithTotpCode
                | SignInStep::ConfirmSignInWithSmsCode { .. }
                | SignInStep::ConfirmSignInWithEmailCode { .. } => {
                    let kind = if out.next_step == SignInStep::ConfirmSignInWithTotpCode {
                        Kind::Totp
                    } else {
                        Kind::Mfa
                    };
                    let code = codes.code(kind, &mfa_user, totp_secret.as_deref())?;
                    println!("→ confirmSignIn({code})");
                    out = auth
                        .confirm_sign_in(ConfirmSignInInput::new(code.as_str()))
                        .await?;
                    show_sign_in(&out);
                }
                other => {
                    return Err(format!(
                        "expected an MFA code step, got {} (the pool or user has no MFA)",
                        other.as_str()
                    )
                    .into());
                }
            }
        }
    }

    println!("→ signOut({{ global: true }})");
    let out = auth.sign_out(SignOutInput::global()).await?;
    println!("  remote: {:?}", out.remote);
    println!("\nwalkthrough complete");
    Ok(())
}
