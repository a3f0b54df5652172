//! Typed inputs of every call, carrying every option of Amplify's API.

use std::collections::BTreeMap;

use cognito_auth_proto::{ParamMap, Sensitive};
use serde::{Deserialize, Serialize};

use crate::types::{AuthFactorType, AuthFlowType, MfaType};

/// What happens when `sign_in` is called while a user is already signed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExistingSession {
    /// Fail with `UserAlreadyAuthenticatedException` and leave the session
    /// alone (Amplify's behaviour). The default.
    #[default]
    Reject,
    /// Sign in anyway. The current user stays signed in until the new sign-in
    /// succeeds; then the old session is signed out locally (its refresh
    /// token revoked when possible) and replaced. A failed or abandoned
    /// re-login keeps the old session. Use it for "switch user" and re-login.
    Replace,
}

/// Options of `sign_in` (Amplify's `SignInInput.options`), also used to
/// remember how auto sign-in should sign in.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SignInOptions {
    /// The flow; `None` means `USER_SRP_AUTH`, or `USER_AUTH` when a
    /// [`preferred_challenge`](Self::preferred_challenge) is given.
    pub auth_flow_type: Option<AuthFlowType>,
    /// Passed to your Lambda triggers.
    pub client_metadata: BTreeMap<String, String>,
    /// For `USER_AUTH`: the first factor to try.
    pub preferred_challenge: Option<AuthFactorType>,
    /// What to do when a user is already signed in.
    #[serde(default)]
    pub existing_session: ExistingSession,
}

impl SignInOptions {
    /// Default options.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the flow.
    #[must_use]
    pub fn auth_flow_type(mut self, flow: AuthFlowType) -> Self {
        self.auth_flow_type = Some(flow);
        self
    }

    /// Adds a client-metadata entry.
    #[must_use]
    pub fn client_metadata(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.client_metadata.insert(key.into(), value.into());
        self
    }

    /// Sets the preferred first factor (implies `USER_AUTH` when no flow is set).
    #[must_use]
    pub fn preferred_challenge(mut self, factor: AuthFactorType) -> Self {
        self.preferred_challenge = Some(factor);
        self
    }

    /// Sets what happens when a user is already signed in.
    #[must_use]
    pub fn existing_session(mut self, policy: ExistingSession) -> Self {
        self.existing_session = policy;
        self
    }

    /// The flow that will run.
    pub fn effective_flow(&self) -> AuthFlowType {
        match (self.auth_flow_type, &self.preferred_challenge) {
            (Some(f), _) => f,
            (None, Some(_)) => AuthFlowType::UserAuth,
            (None, None) => AuthFlowType::UserSrpAuth,
        }
    }
}

/// Input of `sign_in`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct SignInInput {
    /// Username, or an alias (email, phone) the pool accepts.
    pub username: String,
    /// The password; absent for custom-auth-only and passwordless sign-in.
    pub password: Option<Sensitive>,
    /// Options.
    pub options: SignInOptions,
}

impl SignInInput {
    /// A sign-in with a password (the default SRP flow unless options say otherwise).
    pub fn new(username: impl Into<String>, password: impl Into<Sensitive>) -> Self {
        Self {
            username: username.into(),
            password: Some(password.into()),
            options: SignInOptions::default(),
        }
    }

    /// A sign-in without a password (`CUSTOM_WITHOUT_SRP`, or `USER_AUTH`
    /// with a one-time code or first-factor selection).
    pub fn without_password(username: impl Into<String>) -> Self {
        Self {
            username: username.into(),
            password: None,
            options: SignInOptions::default(),
        }
    }

    /// Replaces the options.
    #[must_use]
    pub fn options(mut self, options: SignInOptions) -> Self {
        self.options = options;
        self
    }

    /// Sets the flow.
    #[must_use]
    pub fn auth_flow_type(mut self, flow: AuthFlowType) -> Self {
        self.options.auth_flow_type = Some(flow);
        self
    }

    /// Sets the preferred first factor (`USER_AUTH`).
    #[must_use]
    pub fn preferred_challenge(mut self, factor: AuthFactorType) -> Self {
        self.options.preferred_challenge = Some(factor);
        self
    }

    /// Adds a client-metadata entry.
    #[must_use]
    pub fn client_metadata(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.options
            .client_metadata
            .insert(key.into(), value.into());
        self
    }

    /// Sets what happens when a user is already signed in.
    #[must_use]
    pub fn existing_session(mut self, policy: ExistingSession) -> Self {
        self.options.existing_session = policy;
        self
    }
}

/// Input of `sign_up`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct SignUpInput {
    /// The username (or the email/phone when the pool uses them as usernames).
    pub username: String,
    /// The password; may be absent in pools that allow passwordless sign-up.
    pub password: Option<Sensitive>,
    /// User attributes, in order (`email`, `phone_number`, `custom:x`, …).
    pub user_attributes: Vec<(String, String)>,
    /// Validation data for the pre-sign-up trigger.
    pub validation_data: Vec<(String, String)>,
    /// Passed to your Lambda triggers.
    pub client_metadata: BTreeMap<String, String>,
    /// Sign in automatically once the account is confirmed, with these options.
    pub auto_sign_in: Option<SignInOptions>,
}

impl SignUpInput {
    /// A sign-up with a password.
    pub fn new(username: impl Into<String>, password: impl Into<Sensitive>) -> Self {
        Self {
            username: username.into(),
            password: Some(password.into()),
            user_attributes: Vec::new(),
            validation_data: Vec::new(),
            client_metadata: BTreeMap::new(),
            auto_sign_in: None,
        }
    }

    /// A passwordless sign-up (pools with `USER_AUTH` one-time codes).
    pub fn without_password(username: impl Into<String>) -> Self {
        Self {
            password: None,
            ..Self::new(username, "")
        }
    }

    /// Adds a user attribute.
    #[must_use]
    pub fn user_attribute(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.user_attributes.push((name.into(), value.into()));
        self
    }

    /// Adds a validation-data entry.
    #[must_use]
    pub fn validation_data(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.validation_data.push((name.into(), value.into()));
        self
    }

    /// Adds a client-metadata entry.
    #[must_use]
    pub fn client_metadata(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.client_metadata.insert(key.into(), value.into());
        self
    }

    /// Turns auto sign-in on (`true`, default sign-in options) or off.
    #[must_use]
    pub fn auto_sign_in(mut self, enabled: bool) -> Self {
        self.auto_sign_in = enabled.then(SignInOptions::default);
        self
    }

    /// Turns auto sign-in on with these sign-in options.
    #[must_use]
    pub fn auto_sign_in_with(mut self, options: SignInOptions) -> Self {
        self.auto_sign_in = Some(options);
        self
    }
}

/// Input of `confirm_sign_up`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ConfirmSignUpInput {
    /// The username given at sign-up.
    pub username: String,
    /// The code that was delivered.
    pub confirmation_code: Sensitive,
    /// Passed to your Lambda triggers.
    pub client_metadata: BTreeMap<String, String>,
    /// Move an alias (email/phone) that another user holds to this user.
    pub force_alias_creation: Option<bool>,
}

impl ConfirmSignUpInput {
    /// A confirmation.
    pub fn new(username: impl Into<String>, confirmation_code: impl Into<Sensitive>) -> Self {
        Self {
            username: username.into(),
            confirmation_code: confirmation_code.into(),
            client_metadata: BTreeMap::new(),
            force_alias_creation: None,
        }
    }

    /// Adds a client-metadata entry.
    #[must_use]
    pub fn client_metadata(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.client_metadata.insert(key.into(), value.into());
        self
    }

    /// Sets `ForceAliasCreation`.
    #[must_use]
    pub fn force_alias_creation(mut self, force: bool) -> Self {
        self.force_alias_creation = Some(force);
        self
    }
}

/// Input of `resend_sign_up_code`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ResendSignUpCodeInput {
    /// The username given at sign-up.
    pub username: String,
    /// Passed to your Lambda triggers.
    pub client_metadata: BTreeMap<String, String>,
}

impl ResendSignUpCodeInput {
    /// A resend.
    pub fn new(username: impl Into<String>) -> Self {
        Self {
            username: username.into(),
            client_metadata: BTreeMap::new(),
        }
    }

    /// Adds a client-metadata entry.
    #[must_use]
    pub fn client_metadata(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.client_metadata.insert(key.into(), value.into());
        self
    }
}

/// The answer to a sign-in step.
///
/// Each step takes a specific kind of answer; a typed answer that does not fit
/// the current step is a validation error naming the step. [`Text`] is
/// Amplify's single string, interpreted by the step the way Amplify does
/// (for `MFA_SETUP`: `EMAIL`/`TOTP` choose, an address containing `@` sets up
/// email, digits verify a TOTP code).
///
/// [`Text`]: ChallengeResponse::Text
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ChallengeResponse {
    /// A one-time code: SMS, email, TOTP, or the first TOTP code during setup.
    Code(Sensitive),
    /// A second factor: to use (`CONTINUE_SIGN_IN_WITH_MFA_SELECTION`) or to
    /// set up (`CONTINUE_SIGN_IN_WITH_MFA_SETUP_SELECTION`).
    Mfa(MfaType),
    /// The email address that will receive MFA codes
    /// (`CONTINUE_SIGN_IN_WITH_EMAIL_SETUP`).
    SetupEmail(String),
    /// The new password (`CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED`).
    NewPassword(Sensitive),
    /// The answer to a custom challenge.
    CustomAnswer(Sensitive),
    /// The chosen first factor (`CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION`).
    FirstFactor(AuthFactorType),
    /// The password (`CONFIRM_SIGN_IN_WITH_PASSWORD`).
    Password(Sensitive),
    /// Amplify's untyped `challengeResponse` string.
    Text(Sensitive),
}

impl ChallengeResponse {
    /// True when the answer is an empty string.
    pub fn is_empty(&self) -> bool {
        match self {
            Self::Code(s)
            | Self::NewPassword(s)
            | Self::CustomAnswer(s)
            | Self::Password(s)
            | Self::Text(s) => s.expose().is_empty(),
            Self::SetupEmail(s) => s.is_empty(),
            Self::FirstFactor(f) => f.as_str().is_empty(),
            Self::Mfa(_) => false,
        }
    }

    /// A short name of the kind of answer (for error messages).
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Code(_) => "Code",
            Self::Mfa(_) => "Mfa",
            Self::SetupEmail(_) => "SetupEmail",
            Self::NewPassword(_) => "NewPassword",
            Self::CustomAnswer(_) => "CustomAnswer",
            Self::FirstFactor(_) => "FirstFactor",
            Self::Password(_) => "Password",
            Self::Text(_) => "Text",
        }
    }
}

impl From<&str> for ChallengeResponse {
    fn from(s: &str) -> Self {
        Self::Text(Sensitive::new(s))
    }
}

impl From<String> for ChallengeResponse {
    fn from(s: String) -> Self {
        Self::Text(Sensitive::new(s))
    }
}

impl From<MfaType> for ChallengeResponse {
    fn from(m: MfaType) -> Self {
        Self::Mfa(m)
    }
}

impl From<AuthFactorType> for ChallengeResponse {
    fn from(f: AuthFactorType) -> Self {
        Self::FirstFactor(f)
    }
}

/// Input of `confirm_sign_in`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ConfirmSignInInput {
    /// The answer to the current step.
    pub challenge_response: ChallengeResponse,
    /// Attributes to set with a new password (required attributes that are missing).
    pub user_attributes: Vec<(String, String)>,
    /// Passed to your Lambda triggers.
    pub client_metadata: BTreeMap<String, String>,
    /// A name for the authenticator being set up (TOTP setup).
    pub friendly_device_name: Option<String>,
}

impl ConfirmSignInInput {
    /// An answer (a `&str` is Amplify's untyped string).
    pub fn new(challenge_response: impl Into<ChallengeResponse>) -> Self {
        Self {
            challenge_response: challenge_response.into(),
            user_attributes: Vec::new(),
            client_metadata: BTreeMap::new(),
            friendly_device_name: None,
        }
    }

    /// Adds a user attribute (with a new password).
    #[must_use]
    pub fn user_attribute(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.user_attributes.push((name.into(), value.into()));
        self
    }

    /// Adds a client-metadata entry.
    #[must_use]
    pub fn client_metadata(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.client_metadata.insert(key.into(), value.into());
        self
    }

    /// Names the authenticator being set up.
    #[must_use]
    pub fn friendly_device_name(mut self, name: impl Into<String>) -> Self {
        self.friendly_device_name = Some(name.into());
        self
    }
}

pub(crate) fn metadata(map: &BTreeMap<String, String>) -> Option<ParamMap> {
    (!map.is_empty()).then(|| map.clone().into())
}
