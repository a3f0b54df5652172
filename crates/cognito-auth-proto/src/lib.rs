//! Wire types for the Amazon Cognito user-pool API (`cognito-idp`, awsJson1_1).
//!
//! No I/O and no cryptography: request and response shapes for each action with
//! the exact field names (absent optional fields are omitted), string enums that
//! keep unknown values ([`ChallengeName`], [`AuthFlow`], …), the names of
//! challenge parameters ([`params`]), the [`Action`] / `X-Amz-Target` mapping and
//! the service-error envelope ([`ServiceError`]).
//!
//! Secret fields are [`Sensitive`] and the string maps are [`ParamMap`]; both
//! redact secrets in `Debug`.

#[macro_use]
mod macros;

mod action;
pub mod admin;
pub mod app_client;
pub mod auth;
mod codec;
pub mod common;
pub mod device;
mod enums;
mod error;
pub mod mfa;
pub mod ops;
pub mod params;
pub mod pool;
mod sensitive;
pub mod signup;
mod time;
pub mod user;

pub use action::{Action, CONTENT_TYPE, TARGET_PREFIX};
pub use admin::*;
pub use app_client::*;
pub use auth::*;
pub use codec::{DecodeError, decode_request, decode_response};
pub use common::*;
pub use device::*;
pub use enums::*;
pub use error::{ErrorKind, ServiceError, sanitize_error_type};
pub use mfa::*;
pub use ops::Operation;
pub use pool::*;
pub use sensitive::{ParamMap, SENSITIVE_PARAM_KEYS, Sensitive, is_sensitive_param};
pub use signup::*;
pub use time::EpochSeconds;
pub use user::*;
