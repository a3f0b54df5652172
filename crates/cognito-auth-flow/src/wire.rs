//! The request and response shapes the flows use: `cognito-auth-proto`'s
//! types, re-exported, plus [`FlowRequest`] (every request a flow can ask for,
//! with its action, body and retry class).

use cognito_auth_proto::Action;

pub use cognito_auth_proto::{
    AssociateSoftwareTokenRequest, AssociateSoftwareTokenResponse, Attribute, AuthenticationResult,
    CodeDeliveryDetails as WireCodeDeliveryDetails, ConfirmDeviceRequest, ConfirmDeviceResponse,
    ConfirmSignUpRequest, ConfirmSignUpResponse, Device as WireDevice, ForgetDeviceRequest,
    ForgetDeviceResponse, GetTokensFromRefreshTokenRequest, GetTokensFromRefreshTokenResponse,
    GlobalSignOutRequest, GlobalSignOutResponse, InitiateAuthRequest, InitiateAuthResponse,
    ListDevicesRequest, ListDevicesResponse, NewDeviceMetadata, ResendConfirmationCodeRequest,
    ResendConfirmationCodeResponse, RespondToAuthChallengeRequest, RespondToAuthChallengeResponse,
    RevokeTokenRequest, RevokeTokenResponse, SignUpRequest, SignUpResponse,
    UpdateDeviceStatusRequest, UpdateDeviceStatusResponse, VerifySoftwareTokenRequest,
    VerifySoftwareTokenResponse,
};

/// Every request the flows produce, with its action.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum FlowRequest {
    /// `SignUp`.
    SignUp(SignUpRequest),
    /// `ConfirmSignUp`.
    ConfirmSignUp(ConfirmSignUpRequest),
    /// `ResendConfirmationCode`.
    ResendConfirmationCode(ResendConfirmationCodeRequest),
    /// `InitiateAuth`.
    InitiateAuth(InitiateAuthRequest),
    /// `RespondToAuthChallenge`.
    RespondToAuthChallenge(RespondToAuthChallengeRequest),
    /// `AssociateSoftwareToken`.
    AssociateSoftwareToken(AssociateSoftwareTokenRequest),
    /// `VerifySoftwareToken`.
    VerifySoftwareToken(VerifySoftwareTokenRequest),
    /// `GetTokensFromRefreshToken`.
    GetTokensFromRefreshToken(GetTokensFromRefreshTokenRequest),
    /// `RevokeToken`.
    RevokeToken(RevokeTokenRequest),
    /// `GlobalSignOut`.
    GlobalSignOut(GlobalSignOutRequest),
    /// `ConfirmDevice`.
    ConfirmDevice(ConfirmDeviceRequest),
    /// `ListDevices`.
    ListDevices(ListDevicesRequest),
    /// `ForgetDevice`.
    ForgetDevice(ForgetDeviceRequest),
    /// `UpdateDeviceStatus`.
    UpdateDeviceStatus(UpdateDeviceStatusRequest),
}

/// Whether a request may be sent again after an answer was lost.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Idempotency {
    /// Sending it twice has the effect of sending it once (or starts a fresh,
    /// equivalent exchange): safe to retry after a timeout or a 5xx.
    Idempotent,
    /// It consumes something single-use (a session, a code) or creates
    /// something: retried only when the service certainly did not process it
    /// (throttling, or the connection was never made).
    SingleUse,
}

impl FlowRequest {
    /// The action.
    pub fn action(&self) -> Action {
        match self {
            Self::SignUp(_) => Action::SignUp,
            Self::ConfirmSignUp(_) => Action::ConfirmSignUp,
            Self::ResendConfirmationCode(_) => Action::ResendConfirmationCode,
            Self::InitiateAuth(_) => Action::InitiateAuth,
            Self::RespondToAuthChallenge(_) => Action::RespondToAuthChallenge,
            Self::AssociateSoftwareToken(_) => Action::AssociateSoftwareToken,
            Self::VerifySoftwareToken(_) => Action::VerifySoftwareToken,
            Self::GetTokensFromRefreshToken(_) => Action::GetTokensFromRefreshToken,
            Self::RevokeToken(_) => Action::RevokeToken,
            Self::GlobalSignOut(_) => Action::GlobalSignOut,
            Self::ConfirmDevice(_) => Action::ConfirmDevice,
            Self::ListDevices(_) => Action::ListDevices,
            Self::ForgetDevice(_) => Action::ForgetDevice,
            Self::UpdateDeviceStatus(_) => Action::UpdateDeviceStatus,
        }
    }

    /// The JSON body.
    pub fn to_body(&self) -> Vec<u8> {
        let r = match self {
            Self::SignUp(r) => serde_json::to_vec(r),
            Self::ConfirmSignUp(r) => serde_json::to_vec(r),
            Self::ResendConfirmationCode(r) => serde_json::to_vec(r),
            Self::InitiateAuth(r) => serde_json::to_vec(r),
            Self::RespondToAuthChallenge(r) => serde_json::to_vec(r),
            Self::AssociateSoftwareToken(r) => serde_json::to_vec(r),
            Self::VerifySoftwareToken(r) => serde_json::to_vec(r),
            Self::GetTokensFromRefreshToken(r) => serde_json::to_vec(r),
            Self::RevokeToken(r) => serde_json::to_vec(r),
            Self::GlobalSignOut(r) => serde_json::to_vec(r),
            Self::ConfirmDevice(r) => serde_json::to_vec(r),
            Self::ListDevices(r) => serde_json::to_vec(r),
            Self::ForgetDevice(r) => serde_json::to_vec(r),
            Self::UpdateDeviceStatus(r) => serde_json::to_vec(r),
        };
        // Serialising plain structs of strings and maps cannot fail.
        r.unwrap_or_else(|_| b"{}".to_vec())
    }

    /// The retry class of this request (see [`Idempotency`]).
    ///
    /// Rule: a request is idempotent when it consumes nothing single-use and
    /// creates nothing: `InitiateAuth` without a `Session` that does not ask
    /// Cognito to send a code, refresh, `RevokeToken` and `GlobalSignOut`.
    /// Everything carrying a challenge `Session` (single-use on the service),
    /// a confirmation code, `SignUp` and OTP-sending `InitiateAuth`s are
    /// single-use.
    pub fn idempotency(&self) -> Idempotency {
        use cognito_auth_proto::params::PREFERRED_CHALLENGE;
        match self {
            Self::InitiateAuth(r) => {
                let sends_code = matches!(
                    r.auth_parameters
                        .as_ref()
                        .and_then(|p| p.get(PREFERRED_CHALLENGE)),
                    Some("EMAIL_OTP" | "SMS_OTP")
                );
                if r.session.is_some() || sends_code {
                    Idempotency::SingleUse
                } else {
                    Idempotency::Idempotent
                }
            }
            Self::GetTokensFromRefreshToken(_)
            | Self::RevokeToken(_)
            | Self::GlobalSignOut(_)
            | Self::ListDevices(_)
            | Self::UpdateDeviceStatus(_) => Idempotency::Idempotent,
            Self::SignUp(_)
            | Self::ConfirmSignUp(_)
            | Self::ResendConfirmationCode(_)
            | Self::RespondToAuthChallenge(_)
            | Self::AssociateSoftwareToken(_)
            | Self::VerifySoftwareToken(_)
            | Self::ConfirmDevice(_)
            | Self::ForgetDevice(_) => Idempotency::SingleUse,
        }
    }
}
