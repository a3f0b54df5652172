//! User administration (SigV4): `AdminCreateUser`, `AdminConfirmSignUp`,
//! `AdminSetUserPassword`, `AdminResetUserPassword`, `AdminGetUser`,
//! `AdminDeleteUser`, `AdminDisableUser`, `AdminEnableUser`,
//! `AdminUpdateUserAttributes`, `AdminDeleteUserAttributes` and `ListUsers`
//! (groups and their members are in [`crate::group`]).
//!
//! Note the model's asymmetry: [`User`] (`AdminCreateUser`, `ListUsers`) keeps
//! attributes under `Attributes`, [`AdminGetUserResponse`] under
//! `UserAttributes`.

use serde::{Deserialize, Serialize};

use crate::{
    Attribute, DeliveryMedium, EpochSeconds, MessageAction, MfaOption, ParamMap, Sensitive,
    UserStatus,
};

/// A user as `AdminCreateUser` and `ListUsers` return it (`UserType`; attributes are under `Attributes`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct User {
    /// The user name, or an alias (email, phone) where the pool allows it.
    #[serde(rename = "Username", default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    #[serde(
        rename = "Attributes",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub attributes: Option<Vec<Attribute>>,
    /// Creation time.
    #[serde(
        rename = "UserCreateDate",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub user_create_date: Option<EpochSeconds>,
    /// Last modification time.
    #[serde(
        rename = "UserLastModifiedDate",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub user_last_modified_date: Option<EpochSeconds>,
    /// Whether it is enabled.
    #[serde(rename = "Enabled", default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    /// The user status.
    #[serde(
        rename = "UserStatus",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub user_status: Option<UserStatus>,
    /// Legacy SMS MFA settings.
    #[serde(
        rename = "MFAOptions",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub mfa_options: Option<Vec<MfaOption>>,
}

/// Input of `AdminCreateUser`: creates a user with a temporary password (SigV4).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct AdminCreateUserRequest {
    /// The pool id, `<region>_<id>`.
    #[serde(rename = "UserPoolId")]
    pub user_pool_id: String,
    /// The user name, or an alias (email, phone) where the pool allows it.
    #[serde(rename = "Username")]
    pub username: String,
    /// User attributes.
    #[serde(
        rename = "UserAttributes",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub user_attributes: Option<Vec<Attribute>>,
    /// Attributes for the pre-sign-up trigger only; not stored.
    #[serde(
        rename = "ValidationData",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub validation_data: Option<Vec<Attribute>>,
    /// The temporary password (generated when absent).
    #[serde(
        rename = "TemporaryPassword",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub temporary_password: Option<Sensitive>,
    /// Move an alias (email/phone) that another user holds to this user.
    #[serde(
        rename = "ForceAliasCreation",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub force_alias_creation: Option<bool>,
    /// `RESEND` an invitation to an existing user, or `SUPPRESS` it.
    #[serde(
        rename = "MessageAction",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub message_action: Option<MessageAction>,
    /// Where to send the invitation (default `SMS`).
    #[serde(
        rename = "DesiredDeliveryMediums",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub desired_delivery_mediums: Option<Vec<DeliveryMedium>>,
    /// Key/values handed to the pool's Lambda triggers.
    #[serde(
        rename = "ClientMetadata",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub client_metadata: Option<ParamMap>,
}

/// Output of `AdminCreateUser`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct AdminCreateUserResponse {
    /// The user.
    #[serde(rename = "User", default, skip_serializing_if = "Option::is_none")]
    pub user: Option<User>,
}

/// Input of `AdminConfirmSignUp`: confirms a user without a code (SigV4).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct AdminConfirmSignUpRequest {
    /// The pool id, `<region>_<id>`.
    #[serde(rename = "UserPoolId")]
    pub user_pool_id: String,
    /// The user name, or an alias (email, phone) where the pool allows it.
    #[serde(rename = "Username")]
    pub username: String,
    /// Key/values handed to the pool's Lambda triggers.
    #[serde(
        rename = "ClientMetadata",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub client_metadata: Option<ParamMap>,
}

/// Output of `AdminConfirmSignUp`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct AdminConfirmSignUpResponse {}

/// Input of `AdminSetUserPassword`: sets a user's password (SigV4).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct AdminSetUserPasswordRequest {
    /// The pool id, `<region>_<id>`.
    #[serde(rename = "UserPoolId")]
    pub user_pool_id: String,
    /// The user name, or an alias (email, phone) where the pool allows it.
    #[serde(rename = "Username")]
    pub username: String,
    /// The password.
    #[serde(rename = "Password")]
    pub password: Sensitive,
    /// True: the password is final (`CONFIRMED`); false: it must be changed (`FORCE_CHANGE_PASSWORD`).
    #[serde(rename = "Permanent", default, skip_serializing_if = "Option::is_none")]
    pub permanent: Option<bool>,
}

/// Output of `AdminSetUserPassword`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct AdminSetUserPasswordResponse {}

/// Input of `AdminResetUserPassword`: forces a password reset (SigV4).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct AdminResetUserPasswordRequest {
    /// The pool id, `<region>_<id>`.
    #[serde(rename = "UserPoolId")]
    pub user_pool_id: String,
    /// The user name, or an alias (email, phone) where the pool allows it.
    #[serde(rename = "Username")]
    pub username: String,
    /// Key/values handed to the pool's Lambda triggers.
    #[serde(
        rename = "ClientMetadata",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub client_metadata: Option<ParamMap>,
}

/// Output of `AdminResetUserPassword`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct AdminResetUserPasswordResponse {}

/// Input of `AdminGetUser`: reads a user (SigV4).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct AdminGetUserRequest {
    /// The pool id, `<region>_<id>`.
    #[serde(rename = "UserPoolId")]
    pub user_pool_id: String,
    /// The user name, or an alias (email, phone) where the pool allows it.
    #[serde(rename = "Username")]
    pub username: String,
}

/// Output of `AdminGetUser`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct AdminGetUserResponse {
    /// The user name, or an alias (email, phone) where the pool allows it.
    #[serde(rename = "Username")]
    pub username: String,
    /// User attributes.
    #[serde(
        rename = "UserAttributes",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub user_attributes: Option<Vec<Attribute>>,
    /// Creation time.
    #[serde(
        rename = "UserCreateDate",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub user_create_date: Option<EpochSeconds>,
    /// Last modification time.
    #[serde(
        rename = "UserLastModifiedDate",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub user_last_modified_date: Option<EpochSeconds>,
    /// Whether it is enabled.
    #[serde(rename = "Enabled", default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    /// The user status.
    #[serde(
        rename = "UserStatus",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub user_status: Option<UserStatus>,
    /// Legacy SMS MFA settings.
    #[serde(
        rename = "MFAOptions",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub mfa_options: Option<Vec<MfaOption>>,
    /// The preferred MFA: `SMS_MFA`, `SOFTWARE_TOKEN_MFA` or `EMAIL_OTP`.
    #[serde(
        rename = "PreferredMfaSetting",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub preferred_mfa_setting: Option<String>,
    /// Enabled MFA methods (`SMS_MFA`, `SOFTWARE_TOKEN_MFA`, `EMAIL_OTP`).
    #[serde(
        rename = "UserMFASettingList",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub user_mfa_setting_list: Option<Vec<String>>,
}

/// Input of `AdminDeleteUser`: deletes a user (SigV4).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct AdminDeleteUserRequest {
    /// The pool id, `<region>_<id>`.
    #[serde(rename = "UserPoolId")]
    pub user_pool_id: String,
    /// The user name, or an alias (email, phone) where the pool allows it.
    #[serde(rename = "Username")]
    pub username: String,
}

/// Output of `AdminDeleteUser` (always `{}`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct AdminDeleteUserResponse {}

/// Input of `AdminDisableUser`: disables a user (SigV4).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct AdminDisableUserRequest {
    /// The pool id, `<region>_<id>`.
    #[serde(rename = "UserPoolId")]
    pub user_pool_id: String,
    /// The user name, or an alias (email, phone) where the pool allows it.
    #[serde(rename = "Username")]
    pub username: String,
}

/// Output of `AdminDisableUser`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct AdminDisableUserResponse {}

/// Input of `AdminEnableUser`: enables a user (SigV4).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct AdminEnableUserRequest {
    /// The pool id, `<region>_<id>`.
    #[serde(rename = "UserPoolId")]
    pub user_pool_id: String,
    /// The user name, or an alias (email, phone) where the pool allows it.
    #[serde(rename = "Username")]
    pub username: String,
}

/// Output of `AdminEnableUser`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct AdminEnableUserResponse {}

/// Input of `AdminUpdateUserAttributes`: updates a user's attributes (SigV4).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct AdminUpdateUserAttributesRequest {
    /// The pool id, `<region>_<id>`.
    #[serde(rename = "UserPoolId")]
    pub user_pool_id: String,
    /// The user name, or an alias (email, phone) where the pool allows it.
    #[serde(rename = "Username")]
    pub username: String,
    /// User attributes.
    #[serde(rename = "UserAttributes")]
    pub user_attributes: Vec<Attribute>,
    /// Key/values handed to the pool's Lambda triggers.
    #[serde(
        rename = "ClientMetadata",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub client_metadata: Option<ParamMap>,
}

/// Output of `AdminUpdateUserAttributes`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct AdminUpdateUserAttributesResponse {}

/// Input of `AdminDeleteUserAttributes`: deletes a user's attributes (SigV4).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct AdminDeleteUserAttributesRequest {
    /// The pool id, `<region>_<id>`.
    #[serde(rename = "UserPoolId")]
    pub user_pool_id: String,
    /// The user name, or an alias (email, phone) where the pool allows it.
    #[serde(rename = "Username")]
    pub username: String,
    /// Names of the attributes to delete.
    #[serde(rename = "UserAttributeNames")]
    pub user_attribute_names: Vec<String>,
}

/// Output of `AdminDeleteUserAttributes`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct AdminDeleteUserAttributesResponse {}

/// Input of `ListUsers`: lists and filters the users of a pool (SigV4).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ListUsersRequest {
    /// The pool id, `<region>_<id>`.
    #[serde(rename = "UserPoolId")]
    pub user_pool_id: String,
    /// Restricts the attributes returned.
    #[serde(
        rename = "AttributesToGet",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub attributes_to_get: Option<Vec<String>>,
    /// Page size.
    #[serde(rename = "Limit", default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<i32>,
    /// Continuation token of a paged listing.
    #[serde(
        rename = "PaginationToken",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub pagination_token: Option<String>,
    /// A filter such as `email = "a@b.c"` or `email ^= "a"`.
    #[serde(rename = "Filter", default, skip_serializing_if = "Option::is_none")]
    pub filter: Option<String>,
}

/// Output of `ListUsers`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ListUsersResponse {
    /// The users.
    #[serde(rename = "Users", default, skip_serializing_if = "Option::is_none")]
    pub users: Option<Vec<User>>,
    /// Continuation token of a paged listing.
    #[serde(
        rename = "PaginationToken",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub pagination_token: Option<String>,
}
