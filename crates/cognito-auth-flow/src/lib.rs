//! Sans-I/O sign-up and sign-in state machines for Amazon Cognito user pools.
//!
//! Nothing here performs I/O, sleeps or reads a clock: every function takes
//! what it needs (the pool configuration, the decoded answer or the user's
//! input, `now` as epoch seconds, an RNG) and returns the next request to
//! send, the next step to show the user, or tokens. The `cognito-auth` crate
//! performs the I/O; tests drive these machines with captured answers.
//!
//! * [`signup`]: `SignUp`, `ConfirmSignUp`, `ResendConfirmationCode` and the
//!   auto-sign-in bookkeeping.
//! * [`signin`]: every sign-in flow (`USER_SRP_AUTH`, `USER_PASSWORD_AUTH`,
//!   `CUSTOM_WITH_SRP`, `CUSTOM_WITHOUT_SRP`, `USER_AUTH` with every first
//!   factor) and every challenge, as [`signin::Expect`] (a request in flight)
//!   and [`signin::PendingSignIn`] (waiting for the user; serialisable).
//! * [`refresh`]: refresh, revoke and global sign-out requests and the rules
//!   for their errors.
//! * [`device`]: remembered devices (`ConfirmDevice` with a fresh device
//!   verifier, `ListDevices`, `ForgetDevice`, `UpdateDeviceStatus`); device
//!   SRP (`DEVICE_SRP_AUTH`, `DEVICE_PASSWORD_VERIFIER`) runs inside
//!   [`signin`].
//!
//! Rules these machines follow (see `docs/flows.md`):
//! * `SECRET_HASH` goes with every call when the app client has a secret;
//!   after the first challenge it is computed over the canonical username
//!   Cognito returned (`USERNAME` / `USER_ID_FOR_SRP`), not the alias typed.
//! * `UserNotConfirmedException` and `PasswordResetRequiredException` end a
//!   sign-in with the `CONFIRM_SIGN_UP` / `RESET_PASSWORD` step, not an error.
//! * Choosing `PASSWORD`/`PASSWORD_SRP` at first-factor selection and `EMAIL`
//!   at MFA-setup selection are local transitions (no request).
//! * A remembered device's `DEVICE_KEY` goes where Amplify sends it
//!   (`USER_PASSWORD_AUTH` / `CUSTOM_WITHOUT_SRP` `InitiateAuth`, the
//!   `PASSWORD_VERIFIER`, MFA-code and custom-challenge answers); on
//!   `Device does not exist.` the same request is sent once more without it
//!   and the device is reported as rejected.
//! * Passkeys (`WEB_AUTHN`) are reported as [`Unsupported`].

#![warn(missing_docs)]

mod config;
pub mod device;
mod error;
mod input;
pub mod refresh;
pub mod signin;
pub mod signup;
mod tokens;
mod types;
pub mod wire;

pub use config::PoolConfig;
pub use device::RememberedDevice;
pub use error::{FlowError, ProtocolError, Unsupported, ValidationError};
pub use input::{
    ChallengeResponse, ConfirmSignInInput, ConfirmSignUpInput, ExistingSession,
    ResendSignUpCodeInput, SignInInput, SignInOptions, SignUpInput,
};
pub use tokens::{AuthTokens, Claims};
pub use types::{
    AuthFactorType, AuthFlowType, CodeDeliveryDetails, MfaType, SignInDetails, SignInStep,
    SignUpStep, SignUpVerificationMethod, TotpSetupDetails,
};

pub use cognito_auth_proto::{DeliveryMedium, Sensitive, ServiceError};
pub use cognito_auth_srp::{OsRandom, SecureRandom};
