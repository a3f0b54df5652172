//! `X-Amz-Target` → handler.

use cognito_auth_proto::{Action, ErrorKind};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::{ApiError, err};
use crate::service::{Inner, decode, encode};

fn run<I: DeserializeOwned, O: Serialize>(
    inner: &Inner,
    body: &[u8],
    f: fn(&Inner, I) -> Result<O, ApiError>,
) -> Result<Vec<u8>, ApiError> {
    let req = decode::<I>(body)?;
    encode(&f(inner, req)?)
}

/// Runs one action on a request body and returns the response body.
pub(crate) fn dispatch(inner: &Inner, action: &Action, body: &[u8]) -> Result<Vec<u8>, ApiError> {
    use Action as A;
    match action {
        // Provisioning.
        A::CreateUserPool => run(inner, body, Inner::create_user_pool),
        A::DescribeUserPool => run(inner, body, Inner::describe_user_pool),
        A::UpdateUserPool => run(inner, body, Inner::update_user_pool),
        A::DeleteUserPool => run(inner, body, Inner::delete_user_pool),
        A::ListUserPools => run(inner, body, Inner::list_user_pools),
        A::CreateUserPoolClient => run(inner, body, Inner::create_user_pool_client),
        A::DescribeUserPoolClient => run(inner, body, Inner::describe_user_pool_client),
        A::UpdateUserPoolClient => run(inner, body, Inner::update_user_pool_client),
        A::DeleteUserPoolClient => run(inner, body, Inner::delete_user_pool_client),
        A::ListUserPoolClients => run(inner, body, Inner::list_user_pool_clients),
        A::SetUserPoolMfaConfig => run(inner, body, Inner::set_user_pool_mfa_config),
        A::GetUserPoolMfaConfig => run(inner, body, Inner::get_user_pool_mfa_config),
        // Administering users.
        A::AdminCreateUser => run(inner, body, Inner::admin_create_user),
        A::AdminConfirmSignUp => run(inner, body, Inner::admin_confirm_sign_up),
        A::AdminSetUserPassword => run(inner, body, Inner::admin_set_user_password),
        A::AdminResetUserPassword => run(inner, body, Inner::admin_reset_user_password),
        A::AdminGetUser => run(inner, body, Inner::admin_get_user),
        A::AdminDeleteUser => run(inner, body, Inner::admin_delete_user),
        A::AdminDisableUser => run(inner, body, Inner::admin_disable_user),
        A::AdminEnableUser => run(inner, body, Inner::admin_enable_user),
        A::AdminUpdateUserAttributes => run(inner, body, Inner::admin_update_user_attributes),
        A::AdminDeleteUserAttributes => run(inner, body, Inner::admin_delete_user_attributes),
        A::AdminSetUserMfaPreference => run(inner, body, Inner::admin_set_user_mfa_preference),
        A::AdminSetUserSettings => run(inner, body, Inner::admin_set_user_settings),
        A::AdminUserGlobalSignOut => run(inner, body, Inner::admin_user_global_sign_out),
        A::ListUsers => run(inner, body, Inner::list_users),
        // Groups.
        A::CreateGroup => run(inner, body, Inner::create_group),
        A::GetGroup => run(inner, body, Inner::get_group),
        A::UpdateGroup => run(inner, body, Inner::update_group),
        A::DeleteGroup => run(inner, body, Inner::delete_group),
        A::ListGroups => run(inner, body, Inner::list_groups),
        A::AdminAddUserToGroup => run(inner, body, Inner::admin_add_user_to_group),
        A::AdminRemoveUserFromGroup => run(inner, body, Inner::admin_remove_user_from_group),
        A::AdminListGroupsForUser => run(inner, body, Inner::admin_list_groups_for_user),
        A::ListUsersInGroup => run(inner, body, Inner::list_users_in_group),
        // Users.
        A::SignUp => run(inner, body, Inner::sign_up),
        A::ConfirmSignUp => run(inner, body, Inner::confirm_sign_up),
        A::ResendConfirmationCode => run(inner, body, Inner::resend_confirmation_code),
        A::ForgotPassword => run(inner, body, Inner::forgot_password),
        A::ConfirmForgotPassword => run(inner, body, Inner::confirm_forgot_password),
        A::ChangePassword => run(inner, body, Inner::change_password),
        A::GetUser => run(inner, body, Inner::get_user),
        A::UpdateUserAttributes => run(inner, body, Inner::update_user_attributes),
        A::DeleteUserAttributes => run(inner, body, Inner::delete_user_attributes),
        A::GetUserAttributeVerificationCode => {
            run(inner, body, Inner::get_user_attribute_verification_code)
        }
        A::VerifyUserAttribute => run(inner, body, Inner::verify_user_attribute),
        A::DeleteUser => run(inner, body, Inner::delete_user),
        A::SetUserMfaPreference => run(inner, body, Inner::set_user_mfa_preference),
        A::SetUserSettings => run(inner, body, Inner::set_user_settings),
        A::AssociateSoftwareToken => run(inner, body, Inner::associate_software_token),
        A::VerifySoftwareToken => run(inner, body, Inner::verify_software_token),
        // Devices.
        A::ConfirmDevice => run(inner, body, Inner::confirm_device),
        A::GetDevice => run(inner, body, Inner::get_device),
        A::ListDevices => run(inner, body, Inner::list_devices),
        A::ForgetDevice => run(inner, body, Inner::forget_device),
        A::UpdateDeviceStatus => run(inner, body, Inner::update_device_status),
        A::AdminGetDevice => run(inner, body, Inner::admin_get_device),
        A::AdminListDevices => run(inner, body, Inner::admin_list_devices),
        A::AdminForgetDevice => run(inner, body, Inner::admin_forget_device),
        A::AdminUpdateDeviceStatus => run(inner, body, Inner::admin_update_device_status),
        // Sign-in and sign-out.
        A::InitiateAuth => run(inner, body, Inner::api_initiate_auth),
        A::RespondToAuthChallenge => run(inner, body, Inner::api_respond_to_auth_challenge),
        A::AdminInitiateAuth => run(inner, body, Inner::api_admin_initiate_auth),
        A::AdminRespondToAuthChallenge => {
            run(inner, body, Inner::api_admin_respond_to_auth_challenge)
        }
        A::GetTokensFromRefreshToken => run(inner, body, Inner::get_tokens_from_refresh_token),
        A::RevokeToken => run(inner, body, Inner::revoke_token),
        A::GlobalSignOut => run(inner, body, Inner::global_sign_out),
        // A real cognito-idp operation this crate has no shapes for (domains,
        // identity providers, tags, …): not implemented, not unknown.
        A::Unknown(name) if cognito_auth_proto::is_service_operation(name) => {
            Err(crate::error::not_implemented(&format!("the {name} action")))
        }
        A::Unknown(name) => Err(err(
            ErrorKind::UnknownOperation,
            format!("Unknown operation {name}"),
        )),
        other => Err(crate::error::not_implemented(&format!(
            "the {other} action"
        ))),
    }
}
