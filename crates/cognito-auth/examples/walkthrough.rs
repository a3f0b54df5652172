//! The seed's examples, end to end, printing every call and its next step.
//!
//! ```sh
//! cargo run --example walkthrough                     # against an embedded mock-cognito
//! cargo run --example walkthrough -- \
//!     --endpoint https://cognito-idp.eu-west-1.amazonaws.com \
//!     --user-pool-id eu-west-1_AbCdEf123 --client-id 1example23456789 \
//!     [--client-secret S] [--username you@example.com] [--password P] \
//!     [--mfa-username U --mfa-password P]
//! ```
//!
//! Against the embedded mock, codes are read from the mock's outbox and the
//! TOTP code is computed from the provisioned secret. Against any other pool
//! you type the codes you receive.

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
            "-h" | "--help" => {
                println!(
                    "walkthrough [--endpoint URL --user-pool-id ID --client-id ID [--client-secret S]\n             [--username U] [--password P] [--mfa-username U --mfa-password P]]"
                );
                std::process::exit(0);
            }
            other => return Err(format!("unknown argument {other} (try --help)").into()),
        }
    }
    Ok(a)
}

/// Where codes come from: the embedded mock's outbox, or the person running this.
enum Codes {
    Mock(mock_cognito::MockCognito),
    Stdin,
}

impl Codes {
    fn sign_up_code(&self, username: &str) -> Result<String> {
        match self {
            Self::Mock(m) => {
                let code = m
                    .last_code(username)
                    .ok_or("the mock delivered no confirmation code")?;
                println!("  (read code {code} from mock-cognito's outbox)");
                Ok(code)
            }
            Self::Stdin => prompt(&format!("confirmation code sent for {username}")),
        }
    }

    fn totp_code(&self) -> Result<String> {
        match self {
            Self::Mock(m) => {
                let secret =
                    cognito_auth_srp::totp::base32_decode(TOTP_SECRET).ok_or("bad TOTP secret")?;
                let code = cognito_auth_srp::totp::generate(&secret, m.clock().now_secs());
                println!("  (computed TOTP code {code} from the provisioned secret)");
                Ok(code)
            }
            Self::Stdin => prompt("authenticator / SMS / email code"),
        }
    }
}

fn prompt(what: &str) -> Result<String> {
    print!("  enter the {what}: ");
    std::io::stdout().flush()?;
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    Ok(line.trim().to_owned())
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
        Codes::Mock(mock),
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
    let (auth, codes, mfa_user, mfa_password) = match (&args.user_pool_id, &args.client_id) {
        (Some(pool), Some(client)) => {
            let mut b = Auth::builder(pool.clone(), client.clone());
            if let Some(e) = &args.endpoint {
                b = b.endpoint(e.clone());
            }
            if let Some(s) = &args.client_secret {
                b = b.client_secret(s.clone());
            }
            println!("pool {pool}, client {client}\n");
            (
                b.build()?,
                Codes::Stdin,
                args.mfa_username.clone().unwrap_or_default(),
                args.mfa_password.clone().unwrap_or_default(),
            )
        }
        (None, None) if args.endpoint.is_none() => embedded()?,
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
        let code = codes.sign_up_code(&username)?;
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
        println!("→ signIn({mfa_user}) — a user with TOTP MFA");
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
                    let code = codes.totp_code()?;
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
