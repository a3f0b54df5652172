//! Operation names and the `X-Amz-Target` header.

/// The `X-Amz-Target` prefix of every cognito-idp operation.
pub const TARGET_PREFIX: &str = "AWSCognitoIdentityProviderService.";

/// The `Content-Type` of requests and responses.
pub const CONTENT_TYPE: &str = "application/x-amz-json-1.1";

string_enum! {
    /// A cognito-idp operation (the part of `X-Amz-Target` after the dot).
    #[non_exhaustive]
    pub enum Action {
        AddCustomAttributes => "AddCustomAttributes",
        AdminAddUserToGroup => "AdminAddUserToGroup",
        AdminConfirmSignUp => "AdminConfirmSignUp",
        AdminCreateUser => "AdminCreateUser",
        AdminDeleteUser => "AdminDeleteUser",
        AdminDeleteUserAttributes => "AdminDeleteUserAttributes",
        AdminDisableUser => "AdminDisableUser",
        AdminEnableUser => "AdminEnableUser",
        AdminForgetDevice => "AdminForgetDevice",
        AdminGetDevice => "AdminGetDevice",
        AdminGetUser => "AdminGetUser",
        AdminInitiateAuth => "AdminInitiateAuth",
        AdminListDevices => "AdminListDevices",
        AdminListGroupsForUser => "AdminListGroupsForUser",
        AdminRemoveUserFromGroup => "AdminRemoveUserFromGroup",
        AdminResetUserPassword => "AdminResetUserPassword",
        AdminRespondToAuthChallenge => "AdminRespondToAuthChallenge",
        AdminSetUserMfaPreference => "AdminSetUserMFAPreference",
        AdminSetUserPassword => "AdminSetUserPassword",
        AdminSetUserSettings => "AdminSetUserSettings",
        AdminUpdateDeviceStatus => "AdminUpdateDeviceStatus",
        AdminUpdateUserAttributes => "AdminUpdateUserAttributes",
        AdminUserGlobalSignOut => "AdminUserGlobalSignOut",
        AssociateSoftwareToken => "AssociateSoftwareToken",
        ChangePassword => "ChangePassword",
        CompleteWebAuthnRegistration => "CompleteWebAuthnRegistration",
        ConfirmDevice => "ConfirmDevice",
        ConfirmForgotPassword => "ConfirmForgotPassword",
        ConfirmSignUp => "ConfirmSignUp",
        CreateGroup => "CreateGroup",
        CreateUserPool => "CreateUserPool",
        CreateUserPoolClient => "CreateUserPoolClient",
        DeleteGroup => "DeleteGroup",
        DeleteUser => "DeleteUser",
        DeleteUserAttributes => "DeleteUserAttributes",
        DeleteUserPool => "DeleteUserPool",
        DeleteUserPoolClient => "DeleteUserPoolClient",
        DeleteWebAuthnCredential => "DeleteWebAuthnCredential",
        DescribeUserPool => "DescribeUserPool",
        DescribeUserPoolClient => "DescribeUserPoolClient",
        ForgetDevice => "ForgetDevice",
        ForgotPassword => "ForgotPassword",
        GetDevice => "GetDevice",
        GetGroup => "GetGroup",
        GetSigningCertificate => "GetSigningCertificate",
        GetTokensFromRefreshToken => "GetTokensFromRefreshToken",
        GetUser => "GetUser",
        GetUserAttributeVerificationCode => "GetUserAttributeVerificationCode",
        GetUserAuthFactors => "GetUserAuthFactors",
        GetUserPoolMfaConfig => "GetUserPoolMfaConfig",
        GlobalSignOut => "GlobalSignOut",
        InitiateAuth => "InitiateAuth",
        ListDevices => "ListDevices",
        ListGroups => "ListGroups",
        ListUserPoolClients => "ListUserPoolClients",
        ListUserPools => "ListUserPools",
        ListUsers => "ListUsers",
        ListUsersInGroup => "ListUsersInGroup",
        ListWebAuthnCredentials => "ListWebAuthnCredentials",
        ResendConfirmationCode => "ResendConfirmationCode",
        RespondToAuthChallenge => "RespondToAuthChallenge",
        RevokeToken => "RevokeToken",
        SetUserMfaPreference => "SetUserMFAPreference",
        SetUserPoolMfaConfig => "SetUserPoolMfaConfig",
        SetUserSettings => "SetUserSettings",
        SignUp => "SignUp",
        StartWebAuthnRegistration => "StartWebAuthnRegistration",
        UpdateAuthEventFeedback => "UpdateAuthEventFeedback",
        UpdateDeviceStatus => "UpdateDeviceStatus",
        UpdateGroup => "UpdateGroup",
        UpdateUserAttributes => "UpdateUserAttributes",
        UpdateUserPool => "UpdateUserPool",
        UpdateUserPoolClient => "UpdateUserPoolClient",
        VerifySoftwareToken => "VerifySoftwareToken",
        VerifyUserAttribute => "VerifyUserAttribute",
    }
}

/// The operations the service model marks unauthenticated (`authtype: none`):
/// sent without SigV4, authenticated by `ClientId`, an access token or a session.
const UNSIGNED: &[&str] = &[
    "AssociateSoftwareToken",
    "ChangePassword",
    "CompleteWebAuthnRegistration",
    "ConfirmDevice",
    "ConfirmForgotPassword",
    "ConfirmSignUp",
    "DeleteUser",
    "DeleteUserAttributes",
    "DeleteWebAuthnCredential",
    "ForgetDevice",
    "ForgotPassword",
    "GetDevice",
    "GetTokensFromRefreshToken",
    "GetUser",
    "GetUserAttributeVerificationCode",
    "GetUserAuthFactors",
    "GlobalSignOut",
    "InitiateAuth",
    "ListDevices",
    "ListWebAuthnCredentials",
    "ResendConfirmationCode",
    "RespondToAuthChallenge",
    "RevokeToken",
    "SetUserMFAPreference",
    "SetUserSettings",
    "SignUp",
    "StartWebAuthnRegistration",
    "UpdateAuthEventFeedback",
    "UpdateDeviceStatus",
    "UpdateUserAttributes",
    "VerifySoftwareToken",
    "VerifyUserAttribute",
];

/// Every operation of the cognito-idp service model (153 in botocore 1.44.8's model,
/// sorted), whether or not this crate has shapes for it. Lets a server tell a real
/// operation it does not implement from a name that is no operation at all.
/// `cargo xtask model-check` checks the list against the model.
pub const SERVICE_OPERATIONS: &[&str] = &[
    "AddCustomAttributes",
    "AddUserPoolClientSecret",
    "AdminAddUserToGroup",
    "AdminConfirmSignUp",
    "AdminCreateUser",
    "AdminDeleteSoftwareToken",
    "AdminDeleteUser",
    "AdminDeleteUserAttributes",
    "AdminDisableProviderForUser",
    "AdminDisableUser",
    "AdminEnableUser",
    "AdminForgetDevice",
    "AdminGetDevice",
    "AdminGetUser",
    "AdminGetUserAuthFactors",
    "AdminInitiateAuth",
    "AdminLinkProviderForUser",
    "AdminListDevices",
    "AdminListGroupsForUser",
    "AdminListUserAuthEvents",
    "AdminListUserSessions",
    "AdminRemoveUserFromGroup",
    "AdminResetUserPassword",
    "AdminRespondToAuthChallenge",
    "AdminRevokeUserSession",
    "AdminSetUserMFAPreference",
    "AdminSetUserPassword",
    "AdminSetUserSettings",
    "AdminUpdateAuthEventFeedback",
    "AdminUpdateDeviceStatus",
    "AdminUpdateUserAttributes",
    "AdminUserGlobalSignOut",
    "AssociateSoftwareToken",
    "CancelPointInTimeRecovery",
    "ChangePassword",
    "CompleteWebAuthnRegistration",
    "ConfirmDevice",
    "ConfirmForgotPassword",
    "ConfirmSignUp",
    "CreateCIMDPolicy",
    "CreateGroup",
    "CreateIdentityProvider",
    "CreateManagedLoginBranding",
    "CreateResourceServer",
    "CreateTerms",
    "CreateUserImportJob",
    "CreateUserPool",
    "CreateUserPoolClient",
    "CreateUserPoolDomain",
    "CreateUserPoolReplica",
    "DeleteCIMDPolicy",
    "DeleteGroup",
    "DeleteIdentityProvider",
    "DeleteManagedLoginBranding",
    "DeleteResourceServer",
    "DeleteTerms",
    "DeleteUser",
    "DeleteUserAttributes",
    "DeleteUserPool",
    "DeleteUserPoolClient",
    "DeleteUserPoolClientSecret",
    "DeleteUserPoolDomain",
    "DeleteUserPoolReplica",
    "DeleteWebAuthnCredential",
    "DescribeCIMDPolicy",
    "DescribeIdentityProvider",
    "DescribeManagedLoginBranding",
    "DescribeManagedLoginBrandingByClient",
    "DescribePointInTimeRecovery",
    "DescribeResourceServer",
    "DescribeRiskConfiguration",
    "DescribeTerms",
    "DescribeTermsByClient",
    "DescribeUserImportJob",
    "DescribeUserPool",
    "DescribeUserPoolClient",
    "DescribeUserPoolDomain",
    "ForgetDevice",
    "ForgotPassword",
    "GetCSVHeader",
    "GetClientToken",
    "GetDerivedToken",
    "GetDevice",
    "GetGroup",
    "GetIdentityProviderByIdentifier",
    "GetLogDeliveryConfiguration",
    "GetProvisionedLimit",
    "GetSigningCertificate",
    "GetTokensFromRefreshToken",
    "GetUICustomization",
    "GetUser",
    "GetUserAttributeVerificationCode",
    "GetUserAuthFactors",
    "GetUserPoolClientSessionConfiguration",
    "GetUserPoolMfaConfig",
    "GetUserPoolSessionConfiguration",
    "GlobalSignOut",
    "InitiateAuth",
    "InitiatePointInTimeRecovery",
    "ListCIMDPolicies",
    "ListClientMetadataURLs",
    "ListDevices",
    "ListGroups",
    "ListIdentityProviders",
    "ListPointInTimeRecoveries",
    "ListResourceServers",
    "ListTagsForResource",
    "ListTerms",
    "ListUserImportJobs",
    "ListUserPoolClientSecrets",
    "ListUserPoolClients",
    "ListUserPoolReplicas",
    "ListUserPools",
    "ListUserSessions",
    "ListUsers",
    "ListUsersInGroup",
    "ListWebAuthnCredentials",
    "ResendConfirmationCode",
    "RespondToAuthChallenge",
    "RevokeToken",
    "RevokeUserSession",
    "SetLogDeliveryConfiguration",
    "SetRiskConfiguration",
    "SetUICustomization",
    "SetUserMFAPreference",
    "SetUserPoolClientSessionConfiguration",
    "SetUserPoolMfaConfig",
    "SetUserPoolSessionConfiguration",
    "SetUserSettings",
    "SignUp",
    "StartPointInTimeRecovery",
    "StartUserImportJob",
    "StartWebAuthnRegistration",
    "StopUserImportJob",
    "TagResource",
    "UntagResource",
    "UpdateAuthEventFeedback",
    "UpdateCIMDPolicy",
    "UpdateClientMetadataURLState",
    "UpdateDeviceStatus",
    "UpdateGroup",
    "UpdateIdentityProvider",
    "UpdateManagedLoginBranding",
    "UpdateProvisionedLimit",
    "UpdateResourceServer",
    "UpdateTerms",
    "UpdateUserAttributes",
    "UpdateUserPool",
    "UpdateUserPoolClient",
    "UpdateUserPoolDomain",
    "UpdateUserPoolReplica",
    "VerifySoftwareToken",
    "VerifyUserAttribute",
];

/// True when `name` is an operation of the cognito-idp service (see
/// [`SERVICE_OPERATIONS`]).
pub fn is_service_operation(name: &str) -> bool {
    SERVICE_OPERATIONS.binary_search(&name).is_ok()
}

impl Action {
    /// The full `X-Amz-Target` value.
    pub fn target(&self) -> String {
        format!("{TARGET_PREFIX}{}", self.as_str())
    }

    /// Parses an `X-Amz-Target` value. `None` when the prefix is not
    /// cognito-idp's or the name is empty; unknown names give `Unknown`.
    pub fn from_target(target: &str) -> Option<Self> {
        let name = target.trim().strip_prefix(TARGET_PREFIX)?;
        if name.is_empty() {
            return None;
        }
        Some(Self::from(name))
    }

    /// True when the operation is sent unsigned (no SigV4).
    pub fn is_unsigned(&self) -> bool {
        UNSIGNED.contains(&self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_round_trip() {
        for a in Action::KNOWN {
            assert_eq!(Action::from_target(&a.target()).as_ref(), Some(a));
        }
        assert_eq!(
            Action::InitiateAuth.target(),
            "AWSCognitoIdentityProviderService.InitiateAuth"
        );
        assert_eq!(
            Action::SetUserMfaPreference.as_str(),
            "SetUserMFAPreference"
        );
    }

    #[test]
    fn service_operations_are_sorted_unique_and_cover_every_action() {
        assert!(SERVICE_OPERATIONS.windows(2).all(|w| w[0] < w[1]));
        for a in Action::KNOWN {
            assert!(is_service_operation(a.as_str()), "{}", a.as_str());
        }
        assert!(is_service_operation("DescribeUserPoolDomain"));
        assert!(!is_service_operation("Frobnicate"));
        assert!(!is_service_operation("initiateauth"));
    }

    #[test]
    fn bad_targets() {
        assert_eq!(Action::from_target("DynamoDB_20120810.GetItem"), None);
        assert_eq!(
            Action::from_target("AWSCognitoIdentityProviderService."),
            None
        );
        assert_eq!(
            Action::from_target("AWSCognitoIdentityProviderService.Frobnicate"),
            Some(Action::Unknown("Frobnicate".into()))
        );
    }

    #[test]
    fn unsigned_list() {
        assert!(Action::InitiateAuth.is_unsigned());
        assert!(Action::SetUserMfaPreference.is_unsigned());
        assert!(!Action::AdminInitiateAuth.is_unsigned());
        assert!(!Action::CreateUserPool.is_unsigned());
    }
}
