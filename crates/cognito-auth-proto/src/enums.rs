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
    /// `AuthFactorType` (`SignInPolicy.AllowedFirstAuthFactors`) and the values of
    /// `PREFERRED_CHALLENGE` / `AvailableChallenges` for choice-based sign-in.
    pub enum AuthFactor {
        Password => "PASSWORD",
        EmailOtp => "EMAIL_OTP",
        SmsOtp => "SMS_OTP",
        WebAuthn => "WEB_AUTHN",
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
