//! The `cognito-auth` binary against mock-cognito, every step: run as a
//! script would (`--json`, one invocation per step, the state file between
//! them) and as a person would (prompts answered on standard input or a
//! terminal).

#![cfg(unix)]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod behaviour;
mod mfa;
mod prompting;
mod signin;
mod signup;
mod support;
mod tokens;
