//! String enums of the cognito-idp model. Each keeps unknown values verbatim.

string_enum! {
    /// `AuthFlow` of `InitiateAuth` / `AdminInitiateAuth`.
    pub enum AuthFlow {
        UserSrpAuth => "USER_SRP_AUTH",
        RefreshTokenAuth => "REFRESH_TOKEN_AUTH",
        RefreshToken => "REFRESH_TOKEN",
        CustomAuth => "CUSTOM_AUTH",
        AdminNoSrpAuth => "ADMIN_NO_SRP_AUTH",
        UserPasswordAuth => "USER_PASSWORD_AUTH",
        AdminUserPasswordAuth => "ADMIN_USER_PASSWORD_AUTH",
        UserAuth => "USER_AUTH",
    }
}

string_enum! {
    /// `ChallengeName` (the model's 16 values).
    pub enum ChallengeName {
        SmsMfa => "SMS_MFA",
        EmailOtp => "EMAIL_OTP",
        SoftwareTokenMfa => "SOFTWARE_TOKEN_MFA",
        SelectMfaType => "SELECT_MFA_TYPE",
        MfaSetup => "MFA_SETUP",
        PasswordVerifier => "PASSWORD_VERIFIER",
        CustomChallenge => "CUSTOM_CHALLENGE",
        SelectChallenge => "SELECT_CHALLENGE",
        DeviceSrpAuth => "DEVICE_SRP_AUTH",
        DevicePasswordVerifier => "DEVICE_PASSWORD_VERIFIER",
        AdminNoSrpAuth => "ADMIN_NO_SRP_AUTH",
        NewPasswordRequired => "NEW_PASSWORD_REQUIRED",
        SmsOtp => "SMS_OTP",
        Password => "PASSWORD",
        WebAuthn => "WEB_AUTHN",
        PasswordSrp => "PASSWORD_SRP",
    }
}

string_enum! {
    /// `DeliveryMediumType`.
    pub enum DeliveryMedium {
        Sms => "SMS",
        Email => "EMAIL",
    }
}

string_enum! {
    /// `UserStatusType`.
    pub enum UserStatus {
        Unconfirmed => "UNCONFIRMED",
        Confirmed => "CONFIRMED",
        Archived => "ARCHIVED",
        Compromised => "COMPROMISED",
        UnknownStatus => "UNKNOWN",
        ResetRequired => "RESET_REQUIRED",
        ForceChangePassword => "FORCE_CHANGE_PASSWORD",
        ExternalProvider => "EXTERNAL_PROVIDER",
    }
}

string_enum! {
    /// `ExplicitAuthFlowsType`.
    pub enum ExplicitAuthFlow {
        AdminNoSrpAuth => "ADMIN_NO_SRP_AUTH",
        CustomAuthFlowOnly => "CUSTOM_AUTH_FLOW_ONLY",
        UserPasswordAuth => "USER_PASSWORD_AUTH",
        AllowAdminUserPasswordAuth => "ALLOW_ADMIN_USER_PASSWORD_AUTH",
        AllowCustomAuth => "ALLOW_CUSTOM_AUTH",
        AllowUserPasswordAuth => "ALLOW_USER_PASSWORD_AUTH",
        AllowUserSrpAuth => "ALLOW_USER_SRP_AUTH",
        AllowRefreshTokenAuth => "ALLOW_REFRESH_TOKEN_AUTH",
        AllowUserAuth => "ALLOW_USER_AUTH",
        AllowTokenExchangeDelegation => "ALLOW_TOKEN_EXCHANGE_DELEGATION",
        AllowTokenExchangeImpersonation => "ALLOW_TOKEN_EXCHANGE_IMPERSONATION",
    }
}

string_enum! {
    /// `UserPoolMfaType`.
    pub enum MfaConfiguration {
        Off => "OFF",
        On => "ON",
        Optional => "OPTIONAL",
    }
}

string_enum! {
    /// `AuthFactorType` (`SignInPolicy.AllowedFirstAuthFactors`,
    /// `GetUserAuthFactors.ConfiguredUserAuthFactors`) and the values of
    /// `PREFERRED_CHALLENGE` / `AvailableChallenges` for choice-based sign-in.
    pub enum AuthFactor {
        Password => "PASSWORD",
        EmailOtp => "EMAIL_OTP",
        SmsOtp => "SMS_OTP",
        WebAuthn => "WEB_AUTHN",
        SoftwareToken => "SOFTWARE_TOKEN",
    }
}

string_enum! {
    /// `PreventUserExistenceErrorTypes`.
    pub enum PreventUserExistenceErrors {
        Legacy => "LEGACY",
        Enabled => "ENABLED",
    }
}

string_enum! {
    /// `TimeUnitsType` of `TokenValidityUnits`.
    pub enum TimeUnit {
        Seconds => "seconds",
        Minutes => "minutes",
        Hours => "hours",
        Days => "days",
    }
}

impl TimeUnit {
    /// Seconds in one unit (`None` for an unknown unit).
    pub fn seconds(&self) -> Option<i64> {
        match self {
            Self::Seconds => Some(1),
            Self::Minutes => Some(60),
            Self::Hours => Some(3600),
            Self::Days => Some(86_400),
            Self::Unknown(_) => None,
        }
    }
}

string_enum! {
    /// `VerifySoftwareTokenResponseType`.
    pub enum VerifySoftwareTokenStatus {
        Success => "SUCCESS",
        Error => "ERROR",
    }
}

string_enum! {
    /// `MessageActionType` of `AdminCreateUser`.
    pub enum MessageAction {
        Resend => "RESEND",
        Suppress => "SUPPRESS",
    }
}

string_enum! {
    /// `VerifiedAttributeType` / `UsernameAttributeType` values.
    pub enum VerifiedAttribute {
        PhoneNumber => "phone_number",
        Email => "email",
    }
}

string_enum! {
    /// `AliasAttributeType`.
    pub enum AliasAttribute {
        PhoneNumber => "phone_number",
        Email => "email",
        PreferredUsername => "preferred_username",
    }
}

/// `UsernameAttributeType` has the same values as `VerifiedAttributeType`.
pub type UsernameAttribute = VerifiedAttribute;

string_enum! {
    /// `DeviceRememberedStatusType` of `UpdateDeviceStatus`.
    pub enum DeviceRememberedStatus {
        Remembered => "remembered",
        NotRemembered => "not_remembered",
    }
}

string_enum! {
    /// `DeletionProtectionType` of a user pool.
    pub enum DeletionProtection {
        Active => "ACTIVE",
        Inactive => "INACTIVE",
    }
}

string_enum! {
    /// `StatusType` of a user pool (deprecated by the service, still sent).
    pub enum UserPoolStatus {
        Enabled => "Enabled",
        Disabled => "Disabled",
    }
}

string_enum! {
    /// `DefaultEmailOptionType` of `VerificationMessageTemplate`.
    pub enum DefaultEmailOption {
        ConfirmWithLink => "CONFIRM_WITH_LINK",
        ConfirmWithCode => "CONFIRM_WITH_CODE",
    }
}

string_enum! {
    /// `EmailSendingAccountType` of `EmailConfiguration`.
    pub enum EmailSendingAccount {
        CognitoDefault => "COGNITO_DEFAULT",
        Developer => "DEVELOPER",
    }
}

string_enum! {
    /// `AttributeDataType` of a schema attribute.
    pub enum AttributeDataType {
        String => "String",
        Number => "Number",
        DateTime => "DateTime",
        Boolean => "Boolean",
    }
}

string_enum! {
    /// `AdvancedSecurityModeType` of `UserPoolAddOns`.
    pub enum AdvancedSecurityMode {
        Off => "OFF",
        Audit => "AUDIT",
        Enforced => "ENFORCED",
    }
}

string_enum! {
    /// `AdvancedSecurityEnabledModeType` (threat protection for custom auth).
    pub enum AdvancedSecurityEnabledMode {
        Audit => "AUDIT",
        Enforced => "ENFORCED",
    }
}

string_enum! {
    /// `RecoveryOptionNameType` of `AccountRecoverySetting`.
    pub enum RecoveryOptionName {
        VerifiedEmail => "verified_email",
        VerifiedPhoneNumber => "verified_phone_number",
        AdminOnly => "admin_only",
    }
}

string_enum! {
    /// `UserPoolTierType` (feature plan).
    pub enum UserPoolTier {
        Lite => "LITE",
        Essentials => "ESSENTIALS",
        Plus => "PLUS",
    }
}

string_enum! {
    /// `EncryptionKeyType` of `KeyConfiguration`.
    pub enum EncryptionKeyType {
        AwsOwnedKey => "AWS_OWNED_KEY",
        CustomerManagedKey => "CUSTOMER_MANAGED_KEY",
    }
}

string_enum! {
    /// `IssuerType` of `IssuerConfiguration`: `UPDATED` switches the token
    /// `iss` to `https://issuer-cognito-idp.<region>.amazonaws.com/<pool>`.
    pub enum IssuerType {
        Original => "ORIGINAL",
        Updated => "UPDATED",
    }
}

string_enum! {
    /// `OAuthFlowType` of an app client.
    pub enum OAuthFlow {
        Code => "code",
        Implicit => "implicit",
        ClientCredentials => "client_credentials",
    }
}

string_enum! {
    /// `FeatureType` of `RefreshTokenRotation`.
    pub enum Feature {
        Enabled => "ENABLED",
        Disabled => "DISABLED",
    }
}

string_enum! {
    /// `UserVerificationType` of `WebAuthnConfiguration`.
    pub enum UserVerification {
        Required => "required",
        Preferred => "preferred",
    }
}

string_enum! {
    /// `WebAuthnFactorConfigurationType`.
    pub enum WebAuthnFactorConfiguration {
        SingleFactor => "SINGLE_FACTOR",
        MultiFactorWithUserVerification => "MULTI_FACTOR_WITH_USER_VERIFICATION",
    }
}

string_enum! {
    /// Event version of a Lambda trigger (`PreTokenGenerationLambdaVersionType`,
    /// `CustomSMSSenderLambdaVersionType`, `CustomEmailSenderLambdaVersionType`,
    /// `InboundFederationLambdaVersionType` share these values).
    pub enum LambdaVersion {
        V1_0 => "V1_0",
        V2_0 => "V2_0",
        V3_0 => "V3_0",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_and_unknown_values_round_trip() {
        let c: ChallengeName = serde_json::from_str("\"PASSWORD_VERIFIER\"")
            .unwrap_or(ChallengeName::Unknown(String::new()));
        assert_eq!(c, ChallengeName::PasswordVerifier);
        let u: ChallengeName = serde_json::from_str("\"SOMETHING_NEW\"")
            .unwrap_or(ChallengeName::Unknown(String::new()));
        assert_eq!(u, ChallengeName::Unknown("SOMETHING_NEW".into()));
        assert_eq!(
            serde_json::to_string(&u).unwrap_or_default(),
            "\"SOMETHING_NEW\""
        );
        for f in AuthFlow::KNOWN {
            assert_eq!(&AuthFlow::from(f.as_str()), f);
        }
        assert_eq!(ChallengeName::KNOWN.len(), 16);
    }
}
