//! `cognito-auth`: sign up, sign in (every Cognito flow and challenge) and
//! get tokens from a terminal or a script. See `cognito-auth --help`.

mod args;
mod commands;
mod error;
mod input;
mod output;
mod state;

use std::ffi::OsString;
use std::io::Write as _;
use std::process::ExitCode;
use std::sync::Arc;

use cognito_auth::{Auth, Sensitive, TokenStore};

use crate::args::{Command, Opts, Parsed};
use crate::commands::Ctx;
use crate::error::{CliError, EXIT_LOCAL};
use crate::input::Input;
use crate::output::Output;
use crate::state::{PoolRecord, StateFile};

fn main() -> ExitCode {
    let args: Vec<OsString> = std::env::args_os().skip(1).collect();
    // Known before parsing, so that even a usage error comes out as JSON.
    let json = args.iter().any(|a| a == "--json");
    let result = match args::parse(args) {
        Ok(Parsed::Help(text)) => {
            let _ = std::io::stdout().write_all(text.as_bytes());
            return ExitCode::SUCCESS;
        }
        Ok(Parsed::Version) => {
            let _ = std::io::stdout().write_all(args::version().as_bytes());
            return ExitCode::SUCCESS;
        }
        Ok(Parsed::Run(command, opts)) => run(command, *opts),
        Err(e) => Err(e),
    };
    let mut out = std::io::stdout().lock();
    match result {
        Ok(o) => {
            let text = if json { o.json.to_string() } else { o.human };
            let _ = writeln!(out, "{}", text.trim_end_matches('\n'));
            ExitCode::SUCCESS
        }
        Err(e) => {
            if json {
                let v = serde_json::json!({ "error": { "name": e.name, "message": e.message } });
                let _ = writeln!(out, "{v}");
            } else {
                eprintln!("cognito-auth: {}", e.human);
            }
            ExitCode::from(e.exit)
        }
    }
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

/// The pool, client, endpoint and secret of this run: options, then the
/// environment, then what the state file recorded.
struct Settings {
    record: PoolRecord,
    client_secret: Option<Sensitive>,
}

fn settings(opts: &mut Opts, state: &StateFile) -> Result<Settings, CliError> {
    let recorded = state.recorded_pool();
    let pick = |opt: Option<String>, var: &str, rec: Option<String>| {
        opt.filter(|v| !v.is_empty()).or_else(|| env(var)).or(rec)
    };
    let user_pool_id = pick(
        opts.user_pool_id.take(),
        "COGNITO_USER_POOL_ID",
        recorded.as_ref().map(|r| r.user_pool_id.clone()),
    )
    .ok_or_else(|| {
        CliError::usage("no user pool: pass --user-pool-id ID or set COGNITO_USER_POOL_ID")
    })?;
    let client_id = pick(
        opts.client_id.take(),
        "COGNITO_CLIENT_ID",
        recorded.as_ref().map(|r| r.client_id.clone()),
    )
    .ok_or_else(|| {
        CliError::usage("no app client: pass --client-id ID or set COGNITO_CLIENT_ID")
    })?;
    let endpoint = pick(
        opts.endpoint.take(),
        "COGNITO_ENDPOINT",
        recorded.as_ref().and_then(|r| r.endpoint.clone()),
    );
    let client_secret = opts
        .client_secret
        .take()
        .filter(|v| !v.is_empty())
        .or_else(|| env("COGNITO_CLIENT_SECRET"))
        .map(Sensitive::new);
    let record = PoolRecord {
        user_pool_id,
        client_id,
        endpoint,
        has_client_secret: client_secret.is_some(),
    };
    if let Some(r) = recorded.filter(|_| state.holds_something()) {
        if (&r.user_pool_id, &r.client_id, &r.endpoint)
            != (&record.user_pool_id, &record.client_id, &record.endpoint)
        {
            return Err(CliError::usage(format!(
                "the state file {} holds a session of user pool {} and app client {}{}: pass --state FILE to use another file for this pool, or run `cognito-auth sign-out` first",
                state.path().display(),
                r.user_pool_id,
                r.client_id,
                r.endpoint.map(|e| format!(" at {e}")).unwrap_or_default()
            )));
        }
        if r.has_client_secret && client_secret.is_none() {
            return Err(CliError::usage(
                "this session's app client has a secret: pass it with COGNITO_CLIENT_SECRET (or --client-secret)",
            ));
        }
    }
    Ok(Settings {
        record,
        client_secret,
    })
}

fn run(command: Command, mut opts: Opts) -> Result<Output, CliError> {
    let path = match opts.state.take() {
        Some(p) => p,
        None => match env("COGNITO_STATE_FILE") {
            Some(p) => p.into(),
            None => state::default_path(&env)?,
        },
    };
    let state = Arc::new(StateFile::open(path)?);
    let s = settings(&mut opts, &state)?;
    state.set_pool(s.record.clone());

    let mut builder = Auth::builder(&s.record.user_pool_id, &s.record.client_id)
        .token_store_arc(Arc::clone(&state) as Arc<dyn TokenStore>);
    if let Some(e) = &s.record.endpoint {
        builder = builder.endpoint(e);
    }
    if let Some(secret) = s.client_secret {
        builder = builder.client_secret(secret);
    }
    let auth = builder.build()?;
    let pending = state.pending();
    let had_pending_sign_in = pending.sign_in.is_some();
    auth.restore_pending_state(pending);

    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| CliError {
            name: "RuntimeError".into(),
            message: format!("cannot start the I/O runtime: {e}"),
            human: format!("cannot start the I/O runtime: {e}"),
            exit: EXIT_LOCAL,
        })?;
    let input = Input::new();
    let prompting = opts.prompt.unwrap_or(!opts.json && input.is_tty());
    let issuer = opts
        .totp_issuer
        .clone()
        .unwrap_or_else(|| "cognito-auth".to_owned());
    let mut ctx = Ctx::new(
        auth.clone(),
        rt,
        opts,
        input,
        prompting,
        issuer,
        env("COGNITO_PASSWORD").map(Sensitive::new),
        had_pending_sign_in,
    );
    let result = commands::run(command, &mut ctx);
    // Whatever happened, keep what is pending (a wrong code keeps the step).
    let saved = state.finish(auth.export_pending_state());
    match (result, saved) {
        (Ok(o), Ok(())) => Ok(o),
        (Ok(_), Err(e)) => Err(e),
        (Err(e), Ok(())) => Err(e),
        (Err(e), Err(s)) => {
            eprintln!("cognito-auth: {}", s.human);
            Err(e)
        }
    }
}
