//! The cognito-auth facade against mock-cognito, end to end. One binary (to
//! save link time); every scenario runs in-process and over loopback, with
//! and without an app-client secret (see `cognito_auth_e2e::e2e!`).
//!
//! Adding a scenario: write `async fn name(env: Env)` in the module for its
//! area and add `e2e!(name, name, pool_fn);` below it.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod custom;
mod devices;
mod mfa;
mod signin;
mod signup;
mod tokens;
mod user_auth;
