//! One zero-sized marker type per operation, tying its [`Action`] to its
//! request and response types through [`Operation`].
//!
//! ```
//! use cognito_auth_proto::{Action, Operation, ops};
//!
//! fn target<O: Operation>() -> String {
//!     O::ACTION.target()
//! }
//! assert_eq!(target::<ops::InitiateAuth>(), "AWSCognitoIdentityProviderService.InitiateAuth");
//! ```

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::Action;

/// A cognito-idp operation: its action name and its input/output shapes.
pub trait Operation {
    /// The operation (`X-Amz-Target` suffix).
    const ACTION: Action;
    /// The request body.
    type Input: Serialize + DeserializeOwned;
    /// The success response body.
    type Output: Serialize + DeserializeOwned;
}

macro_rules! operations {
    ($( $(#[$meta:meta])* $name:ident => ($input:ident, $output:ident) ),* $(,)?) => {
        $(
            $(#[$meta])*
            #[doc = concat!("Marker of `", stringify!($name), "` ([`", stringify!($input), "`](crate::", stringify!($input), ") → [`", stringify!($output), "`](crate::", stringify!($output), ")).")]
            #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
            pub struct $name;

            impl Operation for $name {
                const ACTION: Action = Action::$name;
                type Input = crate::$input;
                type Output = crate::$output;
            }
        )*

        /// Every operation that has a marker type here, in declaration order.
        pub const ALL: &[Action] = &[ $( Action::$name ),* ];
    };
}

operations! {
    // Sign-up, confirmation, passwords.
    SignUp => (SignUpRequest, SignUpResponse),
    ConfirmSignUp => (ConfirmSignUpRequest, ConfirmSignUpResponse),
    ResendConfirmationCode => (ResendConfirmationCodeRequest, ResendConfirmationCodeResponse),
    ForgotPassword => (ForgotPasswordRequest, ForgotPasswordResponse),
    ConfirmForgotPassword => (ConfirmForgotPasswordRequest, ConfirmForgotPasswordResponse),
    ChangePassword => (ChangePasswordRequest, ChangePasswordResponse),
    // Sign-in, tokens, sign-out.
    InitiateAuth => (InitiateAuthRequest, InitiateAuthResponse),
    RespondToAuthChallenge => (RespondToAuthChallengeRequest, RespondToAuthChallengeResponse),
    AdminInitiateAuth => (AdminInitiateAuthRequest, AdminInitiateAuthResponse),
    AdminRespondToAuthChallenge => (AdminRespondToAuthChallengeRequest, AdminRespondToAuthChallengeResponse),
    GetTokensFromRefreshToken => (GetTokensFromRefreshTokenRequest, GetTokensFromRefreshTokenResponse),
    RevokeToken => (RevokeTokenRequest, RevokeTokenResponse),
    GlobalSignOut => (GlobalSignOutRequest, GlobalSignOutResponse),
    AdminUserGlobalSignOut => (AdminUserGlobalSignOutRequest, AdminUserGlobalSignOutResponse),
    // TOTP, MFA preferences, passkeys.
    AssociateSoftwareToken => (AssociateSoftwareTokenRequest, AssociateSoftwareTokenResponse),
    VerifySoftwareToken => (VerifySoftwareTokenRequest, VerifySoftwareTokenResponse),
    SetUserMfaPreference => (SetUserMfaPreferenceRequest, SetUserMfaPreferenceResponse),
    AdminSetUserMfaPreference => (AdminSetUserMfaPreferenceRequest, AdminSetUserMfaPreferenceResponse),
    SetUserSettings => (SetUserSettingsRequest, SetUserSettingsResponse),
    AdminSetUserSettings => (AdminSetUserSettingsRequest, AdminSetUserSettingsResponse),
    StartWebAuthnRegistration => (StartWebAuthnRegistrationRequest, StartWebAuthnRegistrationResponse),
    CompleteWebAuthnRegistration => (CompleteWebAuthnRegistrationRequest, CompleteWebAuthnRegistrationResponse),
    // The signed-in user.
    GetUser => (GetUserRequest, GetUserResponse),
    UpdateUserAttributes => (UpdateUserAttributesRequest, UpdateUserAttributesResponse),
    DeleteUser => (DeleteUserRequest, DeleteUserResponse),
    DeleteUserAttributes => (DeleteUserAttributesRequest, DeleteUserAttributesResponse),
    GetUserAttributeVerificationCode => (GetUserAttributeVerificationCodeRequest, GetUserAttributeVerificationCodeResponse),
    VerifyUserAttribute => (VerifyUserAttributeRequest, VerifyUserAttributeResponse),
    GetUserAuthFactors => (GetUserAuthFactorsRequest, GetUserAuthFactorsResponse),
    // Devices.
    ConfirmDevice => (ConfirmDeviceRequest, ConfirmDeviceResponse),
    GetDevice => (GetDeviceRequest, GetDeviceResponse),
    ListDevices => (ListDevicesRequest, ListDevicesResponse),
    ForgetDevice => (ForgetDeviceRequest, ForgetDeviceResponse),
    UpdateDeviceStatus => (UpdateDeviceStatusRequest, UpdateDeviceStatusResponse),
    // User administration.
    AdminCreateUser => (AdminCreateUserRequest, AdminCreateUserResponse),
    AdminConfirmSignUp => (AdminConfirmSignUpRequest, AdminConfirmSignUpResponse),
    AdminSetUserPassword => (AdminSetUserPasswordRequest, AdminSetUserPasswordResponse),
    AdminResetUserPassword => (AdminResetUserPasswordRequest, AdminResetUserPasswordResponse),
    AdminGetUser => (AdminGetUserRequest, AdminGetUserResponse),
    AdminDeleteUser => (AdminDeleteUserRequest, AdminDeleteUserResponse),
    AdminDisableUser => (AdminDisableUserRequest, AdminDisableUserResponse),
    AdminEnableUser => (AdminEnableUserRequest, AdminEnableUserResponse),
    AdminUpdateUserAttributes => (AdminUpdateUserAttributesRequest, AdminUpdateUserAttributesResponse),
    AdminDeleteUserAttributes => (AdminDeleteUserAttributesRequest, AdminDeleteUserAttributesResponse),
    ListUsers => (ListUsersRequest, ListUsersResponse),
    // Groups and their members.
    CreateGroup => (CreateGroupRequest, CreateGroupResponse),
    GetGroup => (GetGroupRequest, GetGroupResponse),
    UpdateGroup => (UpdateGroupRequest, UpdateGroupResponse),
    DeleteGroup => (DeleteGroupRequest, DeleteGroupResponse),
    ListGroups => (ListGroupsRequest, ListGroupsResponse),
    AdminAddUserToGroup => (AdminAddUserToGroupRequest, AdminAddUserToGroupResponse),
    AdminRemoveUserFromGroup => (AdminRemoveUserFromGroupRequest, AdminRemoveUserFromGroupResponse),
    AdminListGroupsForUser => (AdminListGroupsForUserRequest, AdminListGroupsForUserResponse),
    ListUsersInGroup => (ListUsersInGroupRequest, ListUsersInGroupResponse),
    // User pools and their MFA configuration.
    CreateUserPool => (CreateUserPoolRequest, CreateUserPoolResponse),
    DescribeUserPool => (DescribeUserPoolRequest, DescribeUserPoolResponse),
    UpdateUserPool => (UpdateUserPoolRequest, UpdateUserPoolResponse),
    DeleteUserPool => (DeleteUserPoolRequest, DeleteUserPoolResponse),
    ListUserPools => (ListUserPoolsRequest, ListUserPoolsResponse),
    SetUserPoolMfaConfig => (SetUserPoolMfaConfigRequest, SetUserPoolMfaConfigResponse),
    GetUserPoolMfaConfig => (GetUserPoolMfaConfigRequest, GetUserPoolMfaConfigResponse),
    // App clients.
    CreateUserPoolClient => (CreateUserPoolClientRequest, CreateUserPoolClientResponse),
    DescribeUserPoolClient => (DescribeUserPoolClientRequest, DescribeUserPoolClientResponse),
    UpdateUserPoolClient => (UpdateUserPoolClientRequest, UpdateUserPoolClientResponse),
    DeleteUserPoolClient => (DeleteUserPoolClientRequest, DeleteUserPoolClientResponse),
    ListUserPoolClients => (ListUserPoolClientsRequest, ListUserPoolClientsResponse),
}
