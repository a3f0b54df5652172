//! The public vocabulary of sign-up and sign-in: flows, factors, steps and
//! their data. Names follow Amplify's (`as_str()` gives Amplify's string).

use std::collections::BTreeMap;
use std::fmt;

use cognito_auth_proto::{ChallengeName, DeliveryMedium, Sensitive};
use serde::{Deserialize, Serialize};

use crate::wire::WireCodeDeliveryDetails;

/// How `sign_in` authenticates (Amplify's `AuthFlowType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum AuthFlowType {
    /// Secure Remote Password: the password never leaves the client. The default.
    #[default]
    UserSrpAuth,
    /// The password is sent (over TLS) to Cognito. The app client must allow
    /// `ALLOW_USER_PASSWORD_AUTH`.
    UserPasswordAuth,
    /// `CUSTOM_AUTH` that starts with an SRP password check, then custom challenges.
    CustomWithSrp,
    /// `CUSTOM_AUTH` driven only by your auth-challenge Lambdas; no password.
    CustomWithoutSrp,
    /// Choice-based sign-in (`USER_AUTH`): password, SRP, email or SMS one-time codes.
    UserAuth,
}

impl AuthFlowType {
    /// Amplify's name (`USER_SRP_AUTH`, `CUSTOM_WITH_SRP`, …).
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::UserSrpAuth => "USER_SRP_AUTH",
            Self::UserPasswordAuth => "USER_PASSWORD_AUTH",
            Self::CustomWithSrp => "CUSTOM_WITH_SRP",
            Self::CustomWithoutSrp => "CUSTOM_WITHOUT_SRP",
            Self::UserAuth => "USER_AUTH",
        }
    }

    /// Parses Amplify's name.
    pub fn parse(s: &str) -> Option<Self> {
        [
            Self::UserSrpAuth,
            Self::UserPasswordAuth,
            Self::CustomWithSrp,
            Self::CustomWithoutSrp,
            Self::UserAuth,
        ]
        .into_iter()
        .find(|f| f.as_str() == s)
    }
}

impl fmt::Display for AuthFlowType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A first factor of choice-based sign-in (`USER_AUTH`): the values of
/// `PREFERRED_CHALLENGE` and of `AvailableChallenges`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AuthFactorType {
    /// The password, sent to Cognito.
    #[serde(rename = "PASSWORD")]
    Password,
    /// The password, proven with SRP.
    #[serde(rename = "PASSWORD_SRP")]
    PasswordSrp,
    /// A one-time code sent by email.
    #[serde(rename = "EMAIL_OTP")]
    EmailOtp,
    /// A one-time code sent by SMS.
    #[serde(rename = "SMS_OTP")]
    SmsOtp,
    /// A passkey (not yet supported by this crate).
    #[serde(rename = "WEB_AUTHN")]
    WebAuthn,
    /// A value this version does not know, kept verbatim.
    #[serde(untagged)]
    Other(String),
}

impl AuthFactorType {
    /// The wire and Amplify name.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Password => "PASSWORD",
            Self::PasswordSrp => "PASSWORD_SRP",
            Self::EmailOtp => "EMAIL_OTP",
            Self::SmsOtp => "SMS_OTP",
            Self::WebAuthn => "WEB_AUTHN",
            Self::Other(s) => s,
        }
    }

    /// Parses a wire name (unknown names become [`AuthFactorType::Other`]).
    pub fn parse(s: &str) -> Self {
        match s {
            "PASSWORD" => Self::Password,
            "PASSWORD_SRP" => Self::PasswordSrp,
            "EMAIL_OTP" => Self::EmailOtp,
            "SMS_OTP" => Self::SmsOtp,
            "WEB_AUTHN" => Self::WebAuthn,
            other => Self::Other(other.to_owned()),
        }
    }

    pub(crate) fn from_challenge(c: &ChallengeName) -> Self {
        Self::parse(c.as_str())
    }
}

impl fmt::Display for AuthFactorType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A second factor, in Amplify's short names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum MfaType {
    /// SMS code (`SMS_MFA`).
    Sms,
    /// Authenticator app (`SOFTWARE_TOKEN_MFA`).
    Totp,
    /// Email code (`EMAIL_OTP`).
    Email,
}

impl MfaType {
    /// Amplify's name: `SMS`, `TOTP`, `EMAIL`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Sms => "SMS",
            Self::Totp => "TOTP",
            Self::Email => "EMAIL",
        }
    }

    /// Parses Amplify's name exactly (`SMS`, `TOTP`, `EMAIL`).
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "SMS" => Some(Self::Sms),
            "TOTP" => Some(Self::Totp),
            "EMAIL" => Some(Self::Email),
            _ => None,
        }
    }

    /// The Cognito challenge name (`SMS_MFA`, `SOFTWARE_TOKEN_MFA`, `EMAIL_OTP`).
    pub fn challenge_name(&self) -> &'static str {
        match self {
            Self::Sms => "SMS_MFA",
            Self::Totp => "SOFTWARE_TOKEN_MFA",
            Self::Email => "EMAIL_OTP",
        }
    }

    /// From a Cognito challenge name; unknown names give `None`.
    pub fn from_challenge_name(s: &str) -> Option<Self> {
        match s {
            "SMS_MFA" => Some(Self::Sms),
            "SOFTWARE_TOKEN_MFA" => Some(Self::Totp),
            "EMAIL_OTP" => Some(Self::Email),
            _ => None,
        }
    }
}

impl fmt::Display for MfaType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a code was sent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeDeliveryDetails {
    /// Masked destination, e.g. `j***@e***`.
    pub destination: Option<String>,
    /// `SMS` or `EMAIL`.
    pub delivery_medium: Option<DeliveryMedium>,
    /// The attribute the code went to (`email`, `phone_number`); absent for
    /// sign-in codes.
    pub attribute_name: Option<String>,
}

impl From<WireCodeDeliveryDetails> for CodeDeliveryDetails {
    fn from(d: WireCodeDeliveryDetails) -> Self {
        Self {
            destination: d.destination,
            delivery_medium: d.delivery_medium,
            attribute_name: d.attribute_name,
        }
    }
}

/// What an authenticator app needs to be set up during sign-in.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TotpSetupDetails {
    /// The shared secret (base32), as Cognito's `SecretCode`.
    pub shared_secret: Sensitive,
    /// The (canonical) username, the default account name in the URI.
    pub username: String,
}

impl fmt::Debug for TotpSetupDetails {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TotpSetupDetails")
            .field("shared_secret", &self.shared_secret)
            .field("username", &self.username)
            .finish()
    }
}

impl TotpSetupDetails {
    /// The `otpauth://` URI authenticator apps scan (as a QR code):
    /// `otpauth://totp/<issuer>:<account>?secret=<secret>&issuer=<issuer>`.
    ///
    /// `account_name` defaults to the username. Unlike Amplify, the issuer and
    /// account are percent-encoded, so names with spaces, `:` or `&` work.
    pub fn setup_uri(&self, app_name: &str, account_name: Option<&str>) -> String {
        let account = account_name.unwrap_or(&self.username);
        format!(
            "otpauth://totp/{}:{}?secret={}&issuer={}",
            percent_encode(app_name),
            percent_encode(account),
            percent_encode(self.shared_secret.expose()),
            percent_encode(app_name)
        )
    }
}

fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'@') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Who signed in and how (stored with the tokens).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignInDetails {
    /// The username as the user typed it (may be an alias such as an email).
    pub login_id: String,
    /// The flow used.
    pub auth_flow_type: AuthFlowType,
}

/// The next thing a user must do to finish signing in (Amplify's
/// `nextStep.signInStep` plus its data).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub enum SignInStep {
    /// Enter the code sent by SMS (`SMS_MFA` or `SMS_OTP`).
    ConfirmSignInWithSmsCode {
        /// Where it was sent.
        code_delivery_details: CodeDeliveryDetails,
    },
    /// Enter the code sent by email (`EMAIL_OTP`).
    ConfirmSignInWithEmailCode {
        /// Where it was sent.
        code_delivery_details: CodeDeliveryDetails,
    },
    /// Enter the code from the authenticator app (`SOFTWARE_TOKEN_MFA`).
    ConfirmSignInWithTotpCode,
    /// Choose which second factor to use (`SELECT_MFA_TYPE`).
    ContinueSignInWithMfaSelection {
        /// The factors offered.
        allowed_mfa_types: Vec<MfaType>,
    },
    /// Choose which second factor to set up (`MFA_SETUP` offering both).
    ContinueSignInWithMfaSetupSelection {
        /// The factors that can be set up (email and TOTP).
        allowed_mfa_types: Vec<MfaType>,
    },
    /// Set up an authenticator app, then answer with its current code.
    ContinueSignInWithTotpSetup {
        /// The secret and the `otpauth://` URI.
        totp_setup_details: TotpSetupDetails,
    },
    /// Give the email address that will receive MFA codes.
    ContinueSignInWithEmailSetup,
    /// Answer your custom auth challenge (`CUSTOM_CHALLENGE`).
    ConfirmSignInWithCustomChallenge {
        /// The challenge's public parameters, unchanged.
        additional_info: BTreeMap<String, String>,
    },
    /// Choose a new password (`NEW_PASSWORD_REQUIRED`); give the missing
    /// required attributes too.
    ConfirmSignInWithNewPasswordRequired {
        /// Required attributes the user has no value for (without the
        /// `userAttributes.` prefix).
        missing_attributes: Vec<String>,
    },
    /// Choose the first factor (`SELECT_CHALLENGE` of `USER_AUTH`).
    ContinueSignInWithFirstFactorSelection {
        /// The factors Cognito offers for this user.
        available_challenges: Vec<AuthFactorType>,
    },
    /// Enter the password (after choosing `PASSWORD` or `PASSWORD_SRP`).
    ConfirmSignInWithPassword,
    /// The account is not confirmed: confirm sign-up, then sign in again.
    ConfirmSignUp,
    /// The password must be reset (forgot-password flow), then sign in again.
    ResetPassword,
    /// Signed in.
    Done,
}

impl SignInStep {
    /// Amplify's `signInStep` string.
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::ConfirmSignInWithSmsCode { .. } => "CONFIRM_SIGN_IN_WITH_SMS_CODE",
            Self::ConfirmSignInWithEmailCode { .. } => "CONFIRM_SIGN_IN_WITH_EMAIL_CODE",
            Self::ConfirmSignInWithTotpCode => "CONFIRM_SIGN_IN_WITH_TOTP_CODE",
            Self::ContinueSignInWithMfaSelection { .. } => "CONTINUE_SIGN_IN_WITH_MFA_SELECTION",
            Self::ContinueSignInWithMfaSetupSelection { .. } => {
                "CONTINUE_SIGN_IN_WITH_MFA_SETUP_SELECTION"
            }
            Self::ContinueSignInWithTotpSetup { .. } => "CONTINUE_SIGN_IN_WITH_TOTP_SETUP",
            Self::ContinueSignInWithEmailSetup => "CONTINUE_SIGN_IN_WITH_EMAIL_SETUP",
            Self::ConfirmSignInWithCustomChallenge { .. } => {
                "CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE"
            }
            Self::ConfirmSignInWithNewPasswordRequired { .. } => {
                "CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED"
            }
            Self::ContinueSignInWithFirstFactorSelection { .. } => {
                "CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION"
            }
            Self::ConfirmSignInWithPassword => "CONFIRM_SIGN_IN_WITH_PASSWORD",
            Self::ConfirmSignUp => "CONFIRM_SIGN_UP",
            Self::ResetPassword => "RESET_PASSWORD",
            Self::Done => "DONE",
        }
    }

    /// Where a code was sent, for the code steps.
    pub fn code_delivery_details(&self) -> Option<&CodeDeliveryDetails> {
        match self {
            Self::ConfirmSignInWithSmsCode {
                code_delivery_details,
            }
            | Self::ConfirmSignInWithEmailCode {
                code_delivery_details,
            } => Some(code_delivery_details),
            _ => None,
        }
    }
}

impl fmt::Display for SignInStep {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The next thing to do after a sign-up call (Amplify's `nextStep.signUpStep`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub enum SignUpStep {
    /// Enter the code that was sent, with `confirm_sign_up`.
    ConfirmSignUp {
        /// Where it was sent.
        code_delivery_details: CodeDeliveryDetails,
    },
    /// Call `auto_sign_in` to finish (auto sign-in was requested).
    CompleteAutoSignIn {
        /// Where a confirmation code or link went, when one was sent
        /// (link-confirmation pools).
        code_delivery_details: Option<CodeDeliveryDetails>,
    },
    /// Nothing left to do; sign in when you like.
    Done,
}

impl SignUpStep {
    /// Amplify's `signUpStep` string.
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::ConfirmSignUp { .. } => "CONFIRM_SIGN_UP",
            Self::CompleteAutoSignIn { .. } => "COMPLETE_AUTO_SIGN_IN",
            Self::Done => "DONE",
        }
    }

    /// Where the code went, when one was sent.
    pub fn code_delivery_details(&self) -> Option<&CodeDeliveryDetails> {
        match self {
            Self::ConfirmSignUp {
                code_delivery_details,
            } => Some(code_delivery_details),
            Self::CompleteAutoSignIn {
                code_delivery_details,
            } => code_delivery_details.as_ref(),
            Self::Done => None,
        }
    }
}

impl fmt::Display for SignUpStep {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How the pool confirms new accounts (Amplify's `signUpVerificationMethod`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SignUpVerificationMethod {
    /// The user types a code into the app (`confirm_sign_up`). The default.
    #[default]
    Code,
    /// The user clicks a link; the app learns about it by trying to sign in.
    Link,
}
