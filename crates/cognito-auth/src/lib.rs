//! Amazon Cognito user-pool authentication for Rust, shaped like Amplify's
//! `@aws-amplify/auth`: [`Auth::sign_up`], [`Auth::confirm_sign_up`],
//! [`Auth::resend_sign_up_code`], [`Auth::sign_in`] (every Cognito flow and
//! challenge), [`Auth::confirm_sign_in`], [`Auth::auto_sign_in`],
//! [`Auth::sign_out`], plus [`Auth::fetch_auth_session`] and
//! [`Auth::get_current_user`] with token refresh.
//!
//! ```no_run
//! # async fn demo() -> Result<(), cognito_auth::AuthError> {
//! use cognito_auth::{Auth, SignInInput, SignInStep};
//!
//! let auth = Auth::builder("us-east-1_AbCdEf123", "1example23456789")
//!     // .client_secret("...")            // confidential app clients
//!     // .endpoint("http://127.0.0.1:9229") // a local mock-cognito
//!     .build()?;
//!
//! let out = auth.sign_in(SignInInput::new("user@example.com", "MyPassword123!")).await?;
//! if out.is_signed_in {
//!     println!("User signed in successfully");
//! } else if let SignInStep::ConfirmSignInWithSmsCode { .. } = out.next_step {
//!     println!("SMS code required for MFA");
//! }
//! # Ok(()) }
//! ```
//!
//! # What differs from Amplify, deliberately
//!
//! * App clients with a secret work: `SECRET_HASH` is sent everywhere,
//!   computed over Cognito's canonical username after the first challenge.
//! * Signing in while signed in: [`ExistingSession::Reject`] (default, like
//!   Amplify) or [`ExistingSession::Replace`] for re-login / switching user;
//!   the old session is revoked only after the new sign-in succeeded.
//! * Pending sign-in and auto-sign-in state can be exported and restored
//!   ([`Auth::export_pending_state`]), so confirmation can happen in another
//!   process; a wrong confirmation code does not break auto sign-in.
//! * Steps take typed answers ([`ChallengeResponse`]); MFA setup is an
//!   explicit choice ([`ChallengeResponse::Mfa`], [`ChallengeResponse::SetupEmail`]),
//!   with Amplify's single string still accepted ([`ChallengeResponse::Text`]).
//! * Refresh failures clear tokens only when Cognito says the session is over;
//!   network trouble never signs anyone out. Sign-out never fails because of
//!   the network.
//! * Retries follow a documented rule that never repeats a single-use
//!   request after Cognito may have processed it ([`retry`]).
//! * Remembered devices as in Amplify: a pool that tracks devices gets each
//!   new device confirmed after sign-in (`ConfirmDevice`, the device's secret
//!   kept in the [`TokenStore`]); later sign-ins prove the device with device
//!   SRP (which can replace MFA on a remembered device);
//!   [`Auth::remember_device`], [`Auth::forget_device`] and
//!   [`Auth::fetch_devices`] manage them. Signing out keeps the device.
//! * Passkeys (`WEB_AUTHN`) are not supported yet and say so with
//!   [`Unsupported`].
//!
//! Secrets (passwords, codes, tokens, sessions, the client secret) are
//! [`Sensitive`]: redacted in `Debug`, never logged. Tracing spans are named
//! `cognito_auth.<operation>`.

#![warn(missing_docs)]

mod auth;
pub mod clock;
mod device;
mod error;
pub mod retry;
pub mod store;

pub use auth::{
    Auth, AuthBuilder, AuthSession, AuthSessionTokens, AuthUser, DEFAULT_REFRESH_MARGIN,
    FetchAuthSessionOptions, PendingState, RemoteSignOut, SignInOutput, SignOutInput,
    SignOutOutput,
};
pub use clock::{Clock, ManualClock, SystemClock};
pub use device::Device;
pub use error::{AuthError, AutoSignInError};
pub use retry::RetryPolicy;
pub use store::{FileTokenStore, MemoryTokenStore, StoreError, StoredSession, TokenStore};

pub use cognito_auth_flow::signin::PendingSignIn;
pub use cognito_auth_flow::signup::{AutoSignInState, ConfirmSignUpOutput, SignUpOutput};
pub use cognito_auth_flow::{
    AuthFactorType, AuthFlowType, AuthTokens, ChallengeResponse, Claims, CodeDeliveryDetails,
    ConfirmSignInInput, ConfirmSignUpInput, DeliveryMedium, ExistingSession, MfaType,
    ProtocolError, RememberedDevice, ResendSignUpCodeInput, SecureRandom, Sensitive, ServiceError,
    SignInDetails, SignInInput, SignInOptions, SignInStep, SignUpInput, SignUpStep,
    SignUpVerificationMethod, TotpSetupDetails, Unsupported, ValidationError,
};
pub use cognito_auth_proto::ErrorKind;
pub use cognito_auth_transport::{FnTransport, Request, Response, Transport, TransportError};
