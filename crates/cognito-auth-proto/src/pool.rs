//! User pools (SigV4): `CreateUserPool`, `DescribeUserPool`, `UpdateUserPool`,
//! `DeleteUserPool`, `ListUserPools`, and the pool's MFA and passkey
//! configuration (`SetUserPoolMfaConfig`, `GetUserPoolMfaConfig`).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::{
    AdvancedSecurityEnabledMode, AdvancedSecurityMode, AliasAttribute, AttributeDataType,
    AuthFactor, DefaultEmailOption, DeletionProtection, EmailSendingAccount, EncryptionKeyType,
    EpochSeconds, IssuerType, LambdaVersion, MfaConfiguration, RecoveryOptionName, UserPoolStatus,
    UserPoolTier, UserVerification, VerifiedAttribute, WebAuthnFactorConfiguration,
};

/// A user pool with all its settings (`UserPoolType`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct UserPool {
    #[serde(rename = "Id", default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(rename = "Name", default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(rename = "Policies", default, skip_serializing_if = "Option::is_none")]
    pub policies: Option<UserPoolPolicy>,
    #[serde(
        rename = "DeletionProtection",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub deletion_protection: Option<DeletionProtection>,
    #[serde(
        rename = "LambdaConfig",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub lambda_config: Option<LambdaConfig>,
    /// Whether the code verified.
    #[serde(rename = "Status", default, skip_serializing_if = "Option::is_none")]
    pub status: Option<UserPoolStatus>,
    #[serde(
        rename = "LastModifiedDate",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub last_modified_date: Option<EpochSeconds>,
    #[serde(
        rename = "CreationDate",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub creation_date: Option<EpochSeconds>,
    #[serde(
        rename = "SchemaAttributes",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub schema_attributes: Option<Vec<SchemaAttribute>>,
    #[serde(
        rename = "AutoVerifiedAttributes",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub auto_verified_attributes: Option<Vec<VerifiedAttribute>>,
    #[serde(
        rename = "AliasAttributes",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub alias_attributes: Option<Vec<AliasAttribute>>,
    #[serde(
        rename = "UsernameAttributes",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub username_attributes: Option<Vec<VerifiedAttribute>>,
    #[serde(
        rename = "SmsVerificationMessage",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub sms_verification_message: Option<String>,
    #[serde(
        rename = "EmailVerificationMessage",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub email_verification_message: Option<String>,
    #[serde(
        rename = "EmailVerificationSubject",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub email_verification_subject: Option<String>,
    #[serde(
        rename = "VerificationMessageTemplate",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub verification_message_template: Option<VerificationMessageTemplate>,
    #[serde(
        rename = "SmsAuthenticationMessage",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub sms_authentication_message: Option<String>,
    #[serde(
        rename = "UserAttributeUpdateSettings",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub user_attribute_update_settings: Option<UserAttributeUpdateSettings>,
    #[serde(
        rename = "MfaConfiguration",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub mfa_configuration: Option<MfaConfiguration>,
    #[serde(
        rename = "DeviceConfiguration",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub device_configuration: Option<DeviceConfiguration>,
    #[serde(
        rename = "EstimatedNumberOfUsers",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub estimated_number_of_users: Option<i32>,
    #[serde(
        rename = "EmailConfiguration",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub email_configuration: Option<EmailConfiguration>,
    #[serde(
        rename = "SmsConfiguration",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub sms_configuration: Option<SmsConfiguration>,
    #[serde(
        rename = "UserPoolTags",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub user_pool_tags: Option<BTreeMap<String, String>>,
    #[serde(
        rename = "SmsConfigurationFailure",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub sms_configuration_failure: Option<String>,
    #[serde(
        rename = "EmailConfigurationFailure",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub email_configuration_failure: Option<String>,
    #[serde(rename = "Domain", default, skip_serializing_if = "Option::is_none")]
    pub domain: Option<String>,
    #[serde(
        rename = "CustomDomain",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub custom_domain: Option<String>,
    #[serde(
        rename = "AdminCreateUserConfig",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub admin_create_user_config: Option<AdminCreateUserConfig>,
    #[serde(
        rename = "UserPoolAddOns",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub user_pool_add_ons: Option<UserPoolAddOns>,
    #[serde(
        rename = "UsernameConfiguration",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub username_configuration: Option<UsernameConfiguration>,
    #[serde(rename = "Arn", default, skip_serializing_if = "Option::is_none")]
    pub arn: Option<String>,
    #[serde(
        rename = "AccountRecoverySetting",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub account_recovery_setting: Option<AccountRecoverySetting>,
    #[serde(
        rename = "UserPoolTier",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub user_pool_tier: Option<UserPoolTier>,
    #[serde(
        rename = "KeyConfiguration",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub key_configuration: Option<KeyConfiguration>,
    #[serde(
        rename = "IssuerConfiguration",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub issuer_configuration: Option<IssuerConfiguration>,
    /// Authentication context class reference levels (OAuth).
    #[serde(
        rename = "AcrConfiguration",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub acr_configuration: Option<BTreeMap<String, AcrLevelConfig>>,
    /// Dynamic client registration settings (OAuth).
    #[serde(
        rename = "DcrConfiguration",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub dcr_configuration: Option<DcrConfiguration>,
}

/// A pool as `ListUserPools` lists it (`UserPoolDescriptionType`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct UserPoolDescription {
    #[serde(rename = "Id", default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(rename = "Name", default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(
        rename = "LambdaConfig",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub lambda_config: Option<LambdaConfig>,
    /// Whether the code verified.
    #[serde(rename = "Status", default, skip_serializing_if = "Option::is_none")]
    pub status: Option<UserPoolStatus>,
    #[serde(
        rename = "LastModifiedDate",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub last_modified_date: Option<EpochSeconds>,
    #[serde(
        rename = "CreationDate",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub creation_date: Option<EpochSeconds>,
    #[serde(
        rename = "ReplicaRegions",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub replica_regions: Option<Vec<String>>,
}

/// Password and sign-in policies of a pool (`UserPoolPolicyType`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct UserPoolPolicy {
    #[serde(
        rename = "PasswordPolicy",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub password_policy: Option<PasswordPolicy>,
    #[serde(
        rename = "SignInPolicy",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub sign_in_policy: Option<SignInPolicy>,
}

/// Password rules of a pool (`PasswordPolicyType`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct PasswordPolicy {
    #[serde(
        rename = "MinimumLength",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub minimum_length: Option<i32>,
    #[serde(
        rename = "RequireUppercase",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub require_uppercase: Option<bool>,
    #[serde(
        rename = "RequireLowercase",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub require_lowercase: Option<bool>,
    #[serde(
        rename = "RequireNumbers",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub require_numbers: Option<bool>,
    #[serde(
        rename = "RequireSymbols",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub require_symbols: Option<bool>,
    #[serde(
        rename = "PasswordHistorySize",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub password_history_size: Option<i32>,
    #[serde(
        rename = "TemporaryPasswordValidityDays",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub temporary_password_validity_days: Option<i32>,
}

/// First factors allowed for choice-based sign-in (`SignInPolicyType`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct SignInPolicy {
    #[serde(
        rename = "AllowedFirstAuthFactors",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub allowed_first_auth_factors: Option<Vec<AuthFactor>>,
}

/// Lambda triggers of a pool, by ARN (`LambdaConfigType`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct LambdaConfig {
    #[serde(rename = "PreSignUp", default, skip_serializing_if = "Option::is_none")]
    pub pre_sign_up: Option<String>,
    #[serde(
        rename = "CustomMessage",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub custom_message: Option<String>,
    #[serde(
        rename = "PostConfirmation",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub post_confirmation: Option<String>,
    #[serde(
        rename = "PreAuthentication",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub pre_authentication: Option<String>,
    #[serde(
        rename = "PostAuthentication",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub post_authentication: Option<String>,
    #[serde(
        rename = "DefineAuthChallenge",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub define_auth_challenge: Option<String>,
    #[serde(
        rename = "CreateAuthChallenge",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub create_auth_challenge: Option<String>,
    #[serde(
        rename = "VerifyAuthChallengeResponse",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub verify_auth_challenge_response: Option<String>,
    #[serde(
        rename = "PreTokenGeneration",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub pre_token_generation: Option<String>,
    #[serde(
        rename = "UserMigration",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub user_migration: Option<String>,
    #[serde(
        rename = "PreTokenGenerationConfig",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub pre_token_generation_config: Option<PreTokenGenerationVersionConfig>,
    #[serde(
        rename = "CustomSMSSender",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub custom_sms_sender: Option<CustomSmsLambdaVersionConfig>,
    #[serde(
        rename = "CustomEmailSender",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub custom_email_sender: Option<CustomEmailLambdaVersionConfig>,
    #[serde(rename = "KMSKeyID", default, skip_serializing_if = "Option::is_none")]
    pub kms_key_id: Option<String>,
    #[serde(
        rename = "InboundFederation",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub inbound_federation: Option<InboundFederationLambda>,
}

/// Pre-token-generation trigger with its event version (`PreTokenGenerationVersionConfigType`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PreTokenGenerationVersionConfig {
    #[serde(rename = "LambdaVersion")]
    pub lambda_version: LambdaVersion,
    #[serde(rename = "LambdaArn")]
    pub lambda_arn: String,
}

/// Custom SMS sender trigger (`CustomSMSLambdaVersionConfigType`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CustomSmsLambdaVersionConfig {
    #[serde(rename = "LambdaVersion")]
    pub lambda_version: LambdaVersion,
    #[serde(rename = "LambdaArn")]
    pub lambda_arn: String,
}

/// Custom email sender trigger (`CustomEmailLambdaVersionConfigType`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CustomEmailLambdaVersionConfig {
    #[serde(rename = "LambdaVersion")]
    pub lambda_version: LambdaVersion,
    #[serde(rename = "LambdaArn")]
    pub lambda_arn: String,
}

/// Inbound federation trigger (`InboundFederationLambdaType`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InboundFederationLambda {
    #[serde(rename = "LambdaVersion")]
    pub lambda_version: LambdaVersion,
    #[serde(rename = "LambdaArn")]
    pub lambda_arn: String,
}

/// Templates of verification messages (`VerificationMessageTemplateType`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct VerificationMessageTemplate {
    #[serde(
        rename = "SmsMessage",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub sms_message: Option<String>,
    #[serde(
        rename = "EmailMessage",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub email_message: Option<String>,
    #[serde(
        rename = "EmailSubject",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub email_subject: Option<String>,
    #[serde(
        rename = "EmailMessageByLink",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub email_message_by_link: Option<String>,
    #[serde(
        rename = "EmailSubjectByLink",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub email_subject_by_link: Option<String>,
    #[serde(
        rename = "DefaultEmailOption",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub default_email_option: Option<DefaultEmailOption>,
}

/// Attributes whose new value must be verified before it replaces the old one (`UserAttributeUpdateSettingsType`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct UserAttributeUpdateSettings {
    #[serde(
        rename = "AttributesRequireVerificationBeforeUpdate",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub attributes_require_verification_before_update: Option<Vec<VerifiedAttribute>>,
}

/// Device remembering settings of a pool (`DeviceConfigurationType`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct DeviceConfiguration {
    #[serde(
        rename = "ChallengeRequiredOnNewDevice",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub challenge_required_on_new_device: Option<bool>,
    #[serde(
        rename = "DeviceOnlyRememberedOnUserPrompt",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub device_only_remembered_on_user_prompt: Option<bool>,
}

/// How the pool sends email (`EmailConfigurationType`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct EmailConfiguration {
    #[serde(rename = "SourceArn", default, skip_serializing_if = "Option::is_none")]
    pub source_arn: Option<String>,
    #[serde(
        rename = "ReplyToEmailAddress",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub reply_to_email_address: Option<String>,
    #[serde(
        rename = "EmailSendingAccount",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub email_sending_account: Option<EmailSendingAccount>,
    #[serde(rename = "From", default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    #[serde(
        rename = "ConfigurationSet",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub configuration_set: Option<String>,
}

/// How the pool sends SMS (`SmsConfigurationType`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct SmsConfiguration {
    #[serde(
        rename = "SnsCallerArn",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub sns_caller_arn: Option<String>,
    #[serde(
        rename = "ExternalId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub external_id: Option<String>,
    #[serde(rename = "SnsRegion", default, skip_serializing_if = "Option::is_none")]
    pub sns_region: Option<String>,
    #[serde(rename = "EumsSms", default, skip_serializing_if = "Option::is_none")]
    pub eums_sms: Option<EumsSmsConfiguration>,
}

/// AWS End User Messaging SMS settings (`EumsSmsConfigurationType`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct EumsSmsConfiguration {
    #[serde(rename = "CallerArn")]
    pub caller_arn: String,
    #[serde(
        rename = "ExternalId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub external_id: Option<String>,
    #[serde(
        rename = "OriginationIdentity",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub origination_identity: Option<String>,
    #[serde(
        rename = "ConfigurationSetName",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub configuration_set_name: Option<String>,
    #[serde(
        rename = "InEntityId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub in_entity_id: Option<String>,
    #[serde(
        rename = "InTemplateId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub in_template_id: Option<String>,
    #[serde(rename = "Region", default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
}

/// Settings of admin-created users and their invitation (`AdminCreateUserConfigType`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct AdminCreateUserConfig {
    #[serde(
        rename = "AllowAdminCreateUserOnly",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub allow_admin_create_user_only: Option<bool>,
    #[serde(
        rename = "UnusedAccountValidityDays",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub unused_account_validity_days: Option<i32>,
    #[serde(
        rename = "InviteMessageTemplate",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub invite_message_template: Option<MessageTemplate>,
}

/// Invitation message template (`MessageTemplateType`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct MessageTemplate {
    #[serde(
        rename = "SMSMessage",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub sms_message: Option<String>,
    #[serde(
        rename = "EmailMessage",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub email_message: Option<String>,
    #[serde(
        rename = "EmailSubject",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub email_subject: Option<String>,
}

/// One attribute of the pool schema (`SchemaAttributeType`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct SchemaAttribute {
    #[serde(rename = "Name", default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(
        rename = "AttributeDataType",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub attribute_data_type: Option<AttributeDataType>,
    #[serde(
        rename = "DeveloperOnlyAttribute",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub developer_only_attribute: Option<bool>,
    #[serde(rename = "Mutable", default, skip_serializing_if = "Option::is_none")]
    pub mutable: Option<bool>,
    #[serde(rename = "Required", default, skip_serializing_if = "Option::is_none")]
    pub required: Option<bool>,
    #[serde(
        rename = "NumberAttributeConstraints",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub number_attribute_constraints: Option<NumberAttributeConstraints>,
    #[serde(
        rename = "StringAttributeConstraints",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub string_attribute_constraints: Option<StringAttributeConstraints>,
}

/// Bounds of a number attribute, as strings (`NumberAttributeConstraintsType`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct NumberAttributeConstraints {
    #[serde(rename = "MinValue", default, skip_serializing_if = "Option::is_none")]
    pub min_value: Option<String>,
    #[serde(rename = "MaxValue", default, skip_serializing_if = "Option::is_none")]
    pub max_value: Option<String>,
}

/// Length bounds of a string attribute, as strings (`StringAttributeConstraintsType`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct StringAttributeConstraints {
    #[serde(rename = "MinLength", default, skip_serializing_if = "Option::is_none")]
    pub min_length: Option<String>,
    #[serde(rename = "MaxLength", default, skip_serializing_if = "Option::is_none")]
    pub max_length: Option<String>,
}

/// Threat-protection settings (`UserPoolAddOnsType`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UserPoolAddOns {
    #[serde(rename = "AdvancedSecurityMode")]
    pub advanced_security_mode: AdvancedSecurityMode,
    #[serde(
        rename = "AdvancedSecurityAdditionalFlows",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub advanced_security_additional_flows: Option<AdvancedSecurityAdditionalFlows>,
}

/// Threat protection for custom auth (`AdvancedSecurityAdditionalFlowsType`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct AdvancedSecurityAdditionalFlows {
    #[serde(
        rename = "CustomAuthMode",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub custom_auth_mode: Option<AdvancedSecurityEnabledMode>,
}

/// User-name case sensitivity (`UsernameConfigurationType`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct UsernameConfiguration {
    #[serde(rename = "CaseSensitive")]
    pub case_sensitive: bool,
}

/// Account-recovery channels in priority order (`AccountRecoverySettingType`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct AccountRecoverySetting {
    #[serde(
        rename = "RecoveryMechanisms",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub recovery_mechanisms: Option<Vec<RecoveryOption>>,
}

/// One account-recovery channel (`RecoveryOptionType`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecoveryOption {
    #[serde(rename = "Priority")]
    pub priority: i32,
    #[serde(rename = "Name")]
    pub name: RecoveryOptionName,
}

/// Encryption key of the pool (`KeyConfigurationType`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct KeyConfiguration {
    #[serde(rename = "KeyType", default, skip_serializing_if = "Option::is_none")]
    pub key_type: Option<EncryptionKeyType>,
    #[serde(rename = "KmsKeyArn", default, skip_serializing_if = "Option::is_none")]
    pub kms_key_arn: Option<String>,
}

/// Which token issuer URL the pool uses (`IssuerConfigurationType`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct IssuerConfiguration {
    #[serde(rename = "Type", default, skip_serializing_if = "Option::is_none")]
    pub r#type: Option<IssuerType>,
}

/// SMS MFA settings of a pool (`SmsMfaConfigType`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct SmsMfaConfig {
    #[serde(
        rename = "SmsAuthenticationMessage",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub sms_authentication_message: Option<String>,
    #[serde(
        rename = "SmsConfiguration",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub sms_configuration: Option<SmsConfiguration>,
}

/// TOTP MFA switch of a pool (`SoftwareTokenMfaConfigType`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct SoftwareTokenMfaConfig {
    /// Whether it is enabled.
    #[serde(rename = "Enabled", default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
}

/// Email MFA message of a pool (`EmailMfaConfigType`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct EmailMfaConfig {
    #[serde(rename = "Message", default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    #[serde(rename = "Subject", default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
}

/// Passkey settings of a pool (`WebAuthnConfigurationType`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct WebAuthnConfiguration {
    #[serde(
        rename = "RelyingPartyId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub relying_party_id: Option<String>,
    #[serde(
        rename = "UserVerification",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub user_verification: Option<UserVerification>,
    #[serde(
        rename = "FactorConfiguration",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub factor_configuration: Option<WebAuthnFactorConfiguration>,
}

/// Input of `CreateUserPool`: creates a user pool (SigV4).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct CreateUserPoolRequest {
    #[serde(rename = "PoolName")]
    pub pool_name: String,
    #[serde(rename = "Policies", default, skip_serializing_if = "Option::is_none")]
    pub policies: Option<UserPoolPolicy>,
    #[serde(
        rename = "DeletionProtection",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub deletion_protection: Option<DeletionProtection>,
    #[serde(
        rename = "LambdaConfig",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub lambda_config: Option<LambdaConfig>,
    #[serde(
        rename = "AutoVerifiedAttributes",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub auto_verified_attributes: Option<Vec<VerifiedAttribute>>,
    #[serde(
        rename = "AliasAttributes",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub alias_attributes: Option<Vec<AliasAttribute>>,
    #[serde(
        rename = "UsernameAttributes",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub username_attributes: Option<Vec<VerifiedAttribute>>,
    #[serde(
        rename = "SmsVerificationMessage",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub sms_verification_message: Option<String>,
    #[serde(
        rename = "EmailVerificationMessage",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub email_verification_message: Option<String>,
    #[serde(
        rename = "EmailVerificationSubject",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub email_verification_subject: Option<String>,
    #[serde(
        rename = "VerificationMessageTemplate",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub verification_message_template: Option<VerificationMessageTemplate>,
    #[serde(
        rename = "SmsAuthenticationMessage",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub sms_authentication_message: Option<String>,
    #[serde(
        rename = "MfaConfiguration",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub mfa_configuration: Option<MfaConfiguration>,
    #[serde(
        rename = "UserAttributeUpdateSettings",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub user_attribute_update_settings: Option<UserAttributeUpdateSettings>,
    #[serde(
        rename = "DeviceConfiguration",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub device_configuration: Option<DeviceConfiguration>,
    #[serde(
        rename = "EmailConfiguration",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub email_configuration: Option<EmailConfiguration>,
    #[serde(
        rename = "SmsConfiguration",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub sms_configuration: Option<SmsConfiguration>,
    #[serde(
        rename = "UserPoolTags",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub user_pool_tags: Option<BTreeMap<String, String>>,
    #[serde(
        rename = "AdminCreateUserConfig",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub admin_create_user_config: Option<AdminCreateUserConfig>,
    #[serde(rename = "Schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<Vec<SchemaAttribute>>,
    #[serde(
        rename = "UserPoolAddOns",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub user_pool_add_ons: Option<UserPoolAddOns>,
    #[serde(
        rename = "UsernameConfiguration",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub username_configuration: Option<UsernameConfiguration>,
    #[serde(
        rename = "AccountRecoverySetting",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub account_recovery_setting: Option<AccountRecoverySetting>,
    #[serde(
        rename = "UserPoolTier",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub user_pool_tier: Option<UserPoolTier>,
    #[serde(
        rename = "KeyConfiguration",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub key_configuration: Option<KeyConfiguration>,
    #[serde(
        rename = "IssuerConfiguration",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub issuer_configuration: Option<IssuerConfiguration>,
    /// Authentication context class reference levels (OAuth).
    #[serde(
        rename = "AcrConfiguration",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub acr_configuration: Option<BTreeMap<String, AcrLevelConfig>>,
    /// Dynamic client registration settings (OAuth).
    #[serde(
        rename = "DcrConfiguration",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub dcr_configuration: Option<DcrConfiguration>,
}

/// Output of `CreateUserPool`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct CreateUserPoolResponse {
    /// The user pool.
    #[serde(rename = "UserPool", default, skip_serializing_if = "Option::is_none")]
    pub user_pool: Option<UserPool>,
}

/// Input of `DescribeUserPool`: reads a user pool (SigV4).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct DescribeUserPoolRequest {
    /// The pool id, `<region>_<id>`.
    #[serde(rename = "UserPoolId")]
    pub user_pool_id: String,
}

/// Output of `DescribeUserPool`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct DescribeUserPoolResponse {
    /// The user pool.
    #[serde(rename = "UserPool", default, skip_serializing_if = "Option::is_none")]
    pub user_pool: Option<UserPool>,
}

/// Input of `UpdateUserPool`: replaces the settings of a user pool (SigV4).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct UpdateUserPoolRequest {
    /// The pool id, `<region>_<id>`.
    #[serde(rename = "UserPoolId")]
    pub user_pool_id: String,
    #[serde(rename = "Policies", default, skip_serializing_if = "Option::is_none")]
    pub policies: Option<UserPoolPolicy>,
    #[serde(
        rename = "DeletionProtection",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub deletion_protection: Option<DeletionProtection>,
    #[serde(
        rename = "LambdaConfig",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub lambda_config: Option<LambdaConfig>,
    #[serde(
        rename = "AutoVerifiedAttributes",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub auto_verified_attributes: Option<Vec<VerifiedAttribute>>,
    #[serde(
        rename = "SmsVerificationMessage",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub sms_verification_message: Option<String>,
    #[serde(
        rename = "EmailVerificationMessage",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub email_verification_message: Option<String>,
    #[serde(
        rename = "EmailVerificationSubject",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub email_verification_subject: Option<String>,
    #[serde(
        rename = "VerificationMessageTemplate",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub verification_message_template: Option<VerificationMessageTemplate>,
    #[serde(
        rename = "SmsAuthenticationMessage",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub sms_authentication_message: Option<String>,
    #[serde(
        rename = "UserAttributeUpdateSettings",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub user_attribute_update_settings: Option<UserAttributeUpdateSettings>,
    #[serde(
        rename = "MfaConfiguration",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub mfa_configuration: Option<MfaConfiguration>,
    #[serde(
        rename = "DeviceConfiguration",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub device_configuration: Option<DeviceConfiguration>,
    #[serde(
        rename = "EmailConfiguration",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub email_configuration: Option<EmailConfiguration>,
    #[serde(
        rename = "SmsConfiguration",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub sms_configuration: Option<SmsConfiguration>,
    #[serde(
        rename = "UserPoolTags",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub user_pool_tags: Option<BTreeMap<String, String>>,
    #[serde(
        rename = "AdminCreateUserConfig",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub admin_create_user_config: Option<AdminCreateUserConfig>,
    #[serde(
        rename = "UserPoolAddOns",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub user_pool_add_ons: Option<UserPoolAddOns>,
    #[serde(
        rename = "AccountRecoverySetting",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub account_recovery_setting: Option<AccountRecoverySetting>,
    #[serde(rename = "PoolName", default, skip_serializing_if = "Option::is_none")]
    pub pool_name: Option<String>,
    #[serde(
        rename = "UserPoolTier",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub user_pool_tier: Option<UserPoolTier>,
    #[serde(
        rename = "KeyConfiguration",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub key_configuration: Option<KeyConfiguration>,
    #[serde(
        rename = "IssuerConfiguration",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub issuer_configuration: Option<IssuerConfiguration>,
    /// Authentication context class reference levels (OAuth).
    #[serde(
        rename = "AcrConfiguration",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub acr_configuration: Option<BTreeMap<String, AcrLevelConfig>>,
    /// Dynamic client registration settings (OAuth).
    #[serde(
        rename = "DcrConfiguration",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub dcr_configuration: Option<DcrConfiguration>,
}

/// Output of `UpdateUserPool`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct UpdateUserPoolResponse {}

/// Input of `DeleteUserPool`: deletes a user pool (SigV4).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct DeleteUserPoolRequest {
    /// The pool id, `<region>_<id>`.
    #[serde(rename = "UserPoolId")]
    pub user_pool_id: String,
}

/// Output of `DeleteUserPool` (always `{}`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct DeleteUserPoolResponse {}

/// Input of `ListUserPools`: lists user pools (SigV4).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ListUserPoolsRequest {
    /// Continuation token of a paged listing.
    #[serde(rename = "NextToken", default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
    /// Page size.
    #[serde(rename = "MaxResults")]
    pub max_results: i32,
}

/// Output of `ListUserPools`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ListUserPoolsResponse {
    #[serde(rename = "UserPools", default, skip_serializing_if = "Option::is_none")]
    pub user_pools: Option<Vec<UserPoolDescription>>,
    /// Continuation token of a paged listing.
    #[serde(rename = "NextToken", default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// Input of `SetUserPoolMfaConfig`: sets a pool's MFA and passkey configuration (SigV4).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct SetUserPoolMfaConfigRequest {
    /// The pool id, `<region>_<id>`.
    #[serde(rename = "UserPoolId")]
    pub user_pool_id: String,
    #[serde(
        rename = "SmsMfaConfiguration",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub sms_mfa_configuration: Option<SmsMfaConfig>,
    #[serde(
        rename = "SoftwareTokenMfaConfiguration",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub software_token_mfa_configuration: Option<SoftwareTokenMfaConfig>,
    #[serde(
        rename = "EmailMfaConfiguration",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub email_mfa_configuration: Option<EmailMfaConfig>,
    #[serde(
        rename = "MfaConfiguration",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub mfa_configuration: Option<MfaConfiguration>,
    #[serde(
        rename = "WebAuthnConfiguration",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub web_authn_configuration: Option<WebAuthnConfiguration>,
}

/// Output of `SetUserPoolMfaConfig`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct SetUserPoolMfaConfigResponse {
    #[serde(
        rename = "SmsMfaConfiguration",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub sms_mfa_configuration: Option<SmsMfaConfig>,
    #[serde(
        rename = "SoftwareTokenMfaConfiguration",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub software_token_mfa_configuration: Option<SoftwareTokenMfaConfig>,
    #[serde(
        rename = "EmailMfaConfiguration",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub email_mfa_configuration: Option<EmailMfaConfig>,
    #[serde(
        rename = "MfaConfiguration",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub mfa_configuration: Option<MfaConfiguration>,
    #[serde(
        rename = "WebAuthnConfiguration",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub web_authn_configuration: Option<WebAuthnConfiguration>,
}

/// Input of `GetUserPoolMfaConfig`: reads a pool's MFA and passkey configuration (SigV4).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct GetUserPoolMfaConfigRequest {
    /// The pool id, `<region>_<id>`.
    #[serde(rename = "UserPoolId")]
    pub user_pool_id: String,
}

/// Output of `GetUserPoolMfaConfig`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct GetUserPoolMfaConfigResponse {
    #[serde(
        rename = "SmsMfaConfiguration",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub sms_mfa_configuration: Option<SmsMfaConfig>,
    #[serde(
        rename = "SoftwareTokenMfaConfiguration",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub software_token_mfa_configuration: Option<SoftwareTokenMfaConfig>,
    #[serde(
        rename = "EmailMfaConfiguration",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub email_mfa_configuration: Option<EmailMfaConfig>,
    #[serde(
        rename = "MfaConfiguration",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub mfa_configuration: Option<MfaConfiguration>,
    #[serde(
        rename = "WebAuthnConfiguration",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub web_authn_configuration: Option<WebAuthnConfiguration>,
}

/// `AcrLevelConfigType`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct AcrLevelConfig {
    /// The ACR value.
    #[serde(rename = "AcrValue")]
    pub acr_value: String,
}

/// `DcrConfigurationType`: OAuth dynamic client registration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct DcrConfiguration {
    /// Scopes registered clients may request.
    #[serde(
        rename = "AllowedScopes",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub allowed_scopes: Option<Vec<String>>,
    /// Grant types for authenticated registration.
    #[serde(
        rename = "AuthenticatedGrantTypes",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub authenticated_grant_types: Option<Vec<crate::OAuthFlow>>,
    /// Whether registration is enabled.
    #[serde(
        rename = "EnableStatus",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub enable_status: Option<UserPoolStatus>,
    /// Whether open (unauthenticated) registration is enabled.
    #[serde(
        rename = "OpenDcrEnabled",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub open_dcr_enabled: Option<bool>,
    /// Grant types for open registration.
    #[serde(
        rename = "OpenDcrGrantTypes",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub open_dcr_grant_types: Option<Vec<crate::OAuthFlow>>,
}
