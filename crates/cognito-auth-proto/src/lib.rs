//! Wire types for the Amazon Cognito user-pool API (`cognito-idp`, awsJson1_1).
//!
//! No I/O and no cryptography: what travels in the body of each operation, how
//! to decode it on either side, and the errors the service answers with. The
//! HTTP client lives in `cognito-auth-transport`, the SRP math in
//! `cognito-auth-srp`.
//!
//! # Layout
//!
//! | module | what |
//! |---|---|
//! | [`signup`] | `SignUp`, `ConfirmSignUp`, `ResendConfirmationCode`, `ForgotPassword`, `ConfirmForgotPassword`, `ChangePassword` |
//! | [`auth`] | `InitiateAuth`, `RespondToAuthChallenge` and their `Admin*` twins, `GetTokensFromRefreshToken`, `RevokeToken`, `GlobalSignOut`, `AdminUserGlobalSignOut`; [`AuthenticationResult`] |
//! | [`user`] | the signed-in user: `GetUser`, attributes, verification codes, `GetUserAuthFactors`, `DeleteUser` |
//! | [`mfa`] | TOTP enrolment, MFA preferences, passkey registration |
//! | [`device`] | remembered devices |
//! | [`admin`] | user administration and `ListUsers`; [`User`] |
//! | [`group`] | groups and their members; [`Group`] |
//! | [`pool`] | user pools and their MFA configuration; [`UserPool`] |
//! | [`app_client`] | app clients; [`UserPoolClient`] |
//! | [`common`] | shapes several areas share: [`Attribute`], [`CodeDeliveryDetails`], context data |
//! | [`ops`] | one marker type per operation, implementing [`Operation`] |
//! | [`params`] | names of `AuthParameters` / `ChallengeParameters` / `ChallengeResponses` entries |
//!
//! Everything is re-exported at the crate root. Every shape follows botocore's
//! `cognito-idp` service model (2016-04-18): types are the model's names
//! without `Type` (`UserPoolClientType` → [`UserPoolClient`]), requests and
//! responses are `<Operation>Request` / `<Operation>Response`, members keep
//! their exact wire names (`SMSMfaSettings`, `MFAOptions`, `headerName`, …)
//! through `#[serde(rename)]`. A required member is a plain field, an optional
//! one an `Option` that is omitted from the JSON when `None`. Unknown incoming
//! members are ignored; enum values this version does not know are kept in an
//! `Unknown(String)` arm ([`ChallengeName`], [`AuthFlow`], …). Timestamps are
//! [`EpochSeconds`] (the service sends `1.682955829578E9`), WebAuthn documents
//! are [`serde_json::Value`], operations without output members have an empty
//! `…Response {}` that encodes as `{}`.
//!
//! # Secrets
//!
//! Passwords, tokens, sessions, client secrets, secret hashes and codes are
//! [`Sensitive`]: plain strings on the wire, `"<redacted>"` in `Debug`,
//! zeroized on drop. The string maps (`AuthParameters`, `ChallengeResponses`,
//! …) are [`ParamMap`], whose `Debug` redacts the values of secret keys
//! ([`SENSITIVE_PARAM_KEYS`]). User names, client ids and attribute values stay
//! readable.
//!
//! # Decoding
//!
//! ```
//! use cognito_auth_proto::{ErrorKind, InitiateAuthRequest, InitiateAuthResponse, decode_request, decode_response, ops, Operation};
//!
//! // Server side: errors come out as the service words them.
//! let err = decode_request::<InitiateAuthRequest>(br#"{"AuthFlow":"USER_SRP_AUTH"}"#).unwrap_err();
//! assert_eq!(err.kind, ErrorKind::InvalidParameter);
//! assert_eq!(err.message, "1 validation error detected: Value null at 'clientId' \
//!     failed to satisfy constraint: Member must not be null");
//!
//! // Client side: status + x-amzn-ErrorType + body.
//! let e = decode_response::<<ops::InitiateAuth as Operation>::Output>(
//!     400,
//!     Some("NotAuthorizedException:"),
//!     br#"{"__type":"NotAuthorizedException","message":"Incorrect username or password."}"#,
//! )
//! .unwrap_err();
//! assert_eq!(e.service_error().map(|s| &s.kind), Some(&ErrorKind::NotAuthorized));
//! ```
//!
//! [`decode_request`] answers malformed bodies with `SerializationException`
//! and missing required members with `InvalidParameterException`, naming each
//! one with its path (`userAttributes.1.member.name`); [`decode_response`]
//! turns error statuses into [`ServiceError`] (by the awsJson1_1 rule:
//! `x-amzn-ErrorType`, else `__type`/`code`) and undecodable success bodies
//! into [`DecodeError::Malformed`].

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
pub mod group;
pub mod mfa;
pub mod ops;
pub mod params;
pub mod pool;
mod sensitive;
pub mod signup;
mod strict;
mod time;
pub mod user;

pub use action::{Action, CONTENT_TYPE, SERVICE_OPERATIONS, TARGET_PREFIX, is_service_operation};
pub use admin::*;
pub use app_client::*;
pub use auth::*;
pub use codec::{DecodeError, MalformedBody, decode_request, decode_response};
pub use common::*;
pub use device::*;
pub use enums::*;
pub use error::{ErrorKind, ServiceError, sanitize_error_type};
pub use group::*;
pub use mfa::*;
pub use ops::Operation;
pub use pool::*;
pub use sensitive::{ParamMap, SENSITIVE_PARAM_KEYS, Sensitive, is_sensitive_param};
pub use signup::*;
pub use time::EpochSeconds;
pub use user::*;
