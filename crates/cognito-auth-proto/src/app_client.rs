//! App clients (SigV4): `CreateUserPoolClient`, `DescribeUserPoolClient`,
//! `UpdateUserPoolClient`, `DeleteUserPoolClient` and `ListUserPoolClients`.

use serde::{Deserialize, Serialize};

use crate::{
    EpochSeconds, ExplicitAuthFlow, Feature, OAuthFlow, PreventUserExistenceErrors, Sensitive,
    TimeUnit,
};

/// An app client with all its settings (`UserPoolClientType`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct UserPoolClient {
    /// The pool id, `<region>_<id>`.
    #[serde(
        rename = "UserPoolId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub user_pool_id: Option<String>,
    #[serde(
        rename = "ClientName",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub client_name: Option<String>,
    /// The app client's id.
    #[serde(rename = "ClientId", default, skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    /// The raw client secret, for clients with a secret.
    #[serde(
        rename = "ClientSecret",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub client_secret: Option<Sensitive>,
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
        rename = "RefreshTokenValidity",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub refresh_token_validity: Option<i32>,
    #[serde(
        rename = "AccessTokenValidity",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub access_token_validity: Option<i32>,
    #[serde(
        rename = "IdTokenValidity",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub id_token_validity: Option<i32>,
    #[serde(
        rename = "TokenValidityUnits",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub token_validity_units: Option<TokenValidityUnits>,
    #[serde(
        rename = "ReadAttributes",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub read_attributes: Option<Vec<String>>,
    #[serde(
        rename = "WriteAttributes",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub write_attributes: Option<Vec<String>>,
    #[serde(
        rename = "ExplicitAuthFlows",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub explicit_auth_flows: Option<Vec<ExplicitAuthFlow>>,
    #[serde(
        rename = "SupportedIdentityProviders",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub supported_identity_providers: Option<Vec<String>>,
    #[serde(
        rename = "CallbackURLs",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub callback_urls: Option<Vec<String>>,
    #[serde(
        rename = "LogoutURLs",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub logout_urls: Option<Vec<String>>,
    #[serde(
        rename = "DefaultRedirectURI",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub default_redirect_uri: Option<String>,
    #[serde(
        rename = "AllowedOAuthFlows",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub allowed_oauth_flows: Option<Vec<OAuthFlow>>,
    #[serde(
        rename = "AllowedOAuthScopes",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub allowed_oauth_scopes: Option<Vec<String>>,
    #[serde(
        rename = "AllowedOAuthFlowsUserPoolClient",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub allowed_oauth_flows_user_pool_client: Option<bool>,
    #[serde(
        rename = "AnalyticsConfiguration",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub analytics_configuration: Option<AnalyticsConfiguration>,
    #[serde(
        rename = "PreventUserExistenceErrors",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub prevent_user_existence_errors: Option<PreventUserExistenceErrors>,
    #[serde(
        rename = "EnableTokenRevocation",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub enable_token_revocation: Option<bool>,
    #[serde(
        rename = "EnablePropagateAdditionalUserContextData",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub enable_propagate_additional_user_context_data: Option<bool>,
    #[serde(
        rename = "AuthSessionValidity",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub auth_session_validity: Option<i32>,
    #[serde(
        rename = "RefreshTokenRotation",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub refresh_token_rotation: Option<RefreshTokenRotation>,
    /// ARN of the secret in AWS Secrets Manager.
    #[serde(
        rename = "ClientSecretArn",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub client_secret_arn: Option<String>,
    /// `REGULAR` or `DCR`.
    #[serde(
        rename = "ClientType",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub client_type: Option<ClientType>,
}

/// Units of the token validity numbers (`TokenValidityUnitsType`); hours, hours, days when absent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct TokenValidityUnits {
    /// The user's access token (scope `aws.cognito.signin.user.admin`).
    #[serde(
        rename = "AccessToken",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub access_token: Option<TimeUnit>,
    /// The ID token (JWT).
    #[serde(rename = "IdToken", default, skip_serializing_if = "Option::is_none")]
    pub id_token: Option<TimeUnit>,
    /// The refresh token (absent on refresh without rotation).
    #[serde(
        rename = "RefreshToken",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub refresh_token: Option<TimeUnit>,
}

/// Amazon Pinpoint analytics settings of a client (`AnalyticsConfigurationType`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct AnalyticsConfiguration {
    #[serde(
        rename = "ApplicationId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub application_id: Option<String>,
    #[serde(
        rename = "ApplicationArn",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub application_arn: Option<String>,
    #[serde(rename = "RoleArn", default, skip_serializing_if = "Option::is_none")]
    pub role_arn: Option<String>,
    #[serde(
        rename = "ExternalId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub external_id: Option<String>,
    #[serde(
        rename = "UserDataShared",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub user_data_shared: Option<bool>,
}

/// Refresh-token rotation of a client (`RefreshTokenRotationType`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RefreshTokenRotation {
    #[serde(rename = "Feature")]
    pub feature: Feature,
    #[serde(
        rename = "RetryGracePeriodSeconds",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub retry_grace_period_seconds: Option<i32>,
}

/// An app client as `ListUserPoolClients` lists it (`UserPoolClientDescription`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct UserPoolClientDescription {
    /// The app client's id.
    #[serde(rename = "ClientId", default, skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    /// The pool id, `<region>_<id>`.
    #[serde(
        rename = "UserPoolId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub user_pool_id: Option<String>,
    #[serde(
        rename = "ClientName",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub client_name: Option<String>,
}

/// Input of `CreateUserPoolClient`: creates an app client (SigV4).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct CreateUserPoolClientRequest {
    /// The pool id, `<region>_<id>`.
    #[serde(rename = "UserPoolId")]
    pub user_pool_id: String,
    #[serde(rename = "ClientName")]
    pub client_name: String,
    #[serde(
        rename = "GenerateSecret",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub generate_secret: Option<bool>,
    /// The raw client secret, for clients with a secret.
    #[serde(
        rename = "ClientSecret",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub client_secret: Option<Sensitive>,
    #[serde(
        rename = "RefreshTokenValidity",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub refresh_token_validity: Option<i32>,
    #[serde(
        rename = "AccessTokenValidity",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub access_token_validity: Option<i32>,
    #[serde(
        rename = "IdTokenValidity",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub id_token_validity: Option<i32>,
    #[serde(
        rename = "TokenValidityUnits",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub token_validity_units: Option<TokenValidityUnits>,
    #[serde(
        rename = "ReadAttributes",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub read_attributes: Option<Vec<String>>,
    #[serde(
        rename = "WriteAttributes",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub write_attributes: Option<Vec<String>>,
    #[serde(
        rename = "ExplicitAuthFlows",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub explicit_auth_flows: Option<Vec<ExplicitAuthFlow>>,
    #[serde(
        rename = "SupportedIdentityProviders",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub supported_identity_providers: Option<Vec<String>>,
    #[serde(
        rename = "CallbackURLs",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub callback_urls: Option<Vec<String>>,
    #[serde(
        rename = "LogoutURLs",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub logout_urls: Option<Vec<String>>,
    #[serde(
        rename = "DefaultRedirectURI",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub default_redirect_uri: Option<String>,
    #[serde(
        rename = "AllowedOAuthFlows",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub allowed_oauth_flows: Option<Vec<OAuthFlow>>,
    #[serde(
        rename = "AllowedOAuthScopes",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub allowed_oauth_scopes: Option<Vec<String>>,
    #[serde(
        rename = "AllowedOAuthFlowsUserPoolClient",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub allowed_oauth_flows_user_pool_client: Option<bool>,
    #[serde(
        rename = "AnalyticsConfiguration",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub analytics_configuration: Option<AnalyticsConfiguration>,
    #[serde(
        rename = "PreventUserExistenceErrors",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub prevent_user_existence_errors: Option<PreventUserExistenceErrors>,
    #[serde(
        rename = "EnableTokenRevocation",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub enable_token_revocation: Option<bool>,
    #[serde(
        rename = "EnablePropagateAdditionalUserContextData",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub enable_propagate_additional_user_context_data: Option<bool>,
    #[serde(
        rename = "AuthSessionValidity",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub auth_session_validity: Option<i32>,
    #[serde(
        rename = "RefreshTokenRotation",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub refresh_token_rotation: Option<RefreshTokenRotation>,
    /// Whether the client secret is published to AWS Secrets Manager.
    #[serde(
        rename = "PublishSecretsInAWSSecretsManager",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub publish_secrets_in_aws_secrets_manager: Option<bool>,
}

/// Output of `CreateUserPoolClient`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct CreateUserPoolClientResponse {
    /// The app client.
    #[serde(
        rename = "UserPoolClient",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub user_pool_client: Option<UserPoolClient>,
}

/// Input of `DescribeUserPoolClient`: reads an app client (SigV4).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct DescribeUserPoolClientRequest {
    /// The pool id, `<region>_<id>`.
    #[serde(rename = "UserPoolId")]
    pub user_pool_id: String,
    /// The app client's id.
    #[serde(rename = "ClientId")]
    pub client_id: String,
}

/// Output of `DescribeUserPoolClient`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct DescribeUserPoolClientResponse {
    /// The app client.
    #[serde(
        rename = "UserPoolClient",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub user_pool_client: Option<UserPoolClient>,
}

/// Input of `UpdateUserPoolClient`: replaces the settings of an app client (SigV4).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct UpdateUserPoolClientRequest {
    /// The pool id, `<region>_<id>`.
    #[serde(rename = "UserPoolId")]
    pub user_pool_id: String,
    /// The app client's id.
    #[serde(rename = "ClientId")]
    pub client_id: String,
    #[serde(
        rename = "ClientName",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub client_name: Option<String>,
    #[serde(
        rename = "RefreshTokenValidity",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub refresh_token_validity: Option<i32>,
    #[serde(
        rename = "AccessTokenValidity",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub access_token_validity: Option<i32>,
    #[serde(
        rename = "IdTokenValidity",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub id_token_validity: Option<i32>,
    #[serde(
        rename = "TokenValidityUnits",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub token_validity_units: Option<TokenValidityUnits>,
    #[serde(
        rename = "ReadAttributes",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub read_attributes: Option<Vec<String>>,
    #[serde(
        rename = "WriteAttributes",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub write_attributes: Option<Vec<String>>,
    #[serde(
        rename = "ExplicitAuthFlows",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub explicit_auth_flows: Option<Vec<ExplicitAuthFlow>>,
    #[serde(
        rename = "SupportedIdentityProviders",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub supported_identity_providers: Option<Vec<String>>,
    #[serde(
        rename = "CallbackURLs",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub callback_urls: Option<Vec<String>>,
    #[serde(
        rename = "LogoutURLs",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub logout_urls: Option<Vec<String>>,
    #[serde(
        rename = "DefaultRedirectURI",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub default_redirect_uri: Option<String>,
    #[serde(
        rename = "AllowedOAuthFlows",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub allowed_oauth_flows: Option<Vec<OAuthFlow>>,
    #[serde(
        rename = "AllowedOAuthScopes",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub allowed_oauth_scopes: Option<Vec<String>>,
    #[serde(
        rename = "AllowedOAuthFlowsUserPoolClient",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub allowed_oauth_flows_user_pool_client: Option<bool>,
    #[serde(
        rename = "AnalyticsConfiguration",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub analytics_configuration: Option<AnalyticsConfiguration>,
    #[serde(
        rename = "PreventUserExistenceErrors",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub prevent_user_existence_errors: Option<PreventUserExistenceErrors>,
    #[serde(
        rename = "EnableTokenRevocation",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub enable_token_revocation: Option<bool>,
    #[serde(
        rename = "EnablePropagateAdditionalUserContextData",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub enable_propagate_additional_user_context_data: Option<bool>,
    #[serde(
        rename = "AuthSessionValidity",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub auth_session_validity: Option<i32>,
    #[serde(
        rename = "RefreshTokenRotation",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub refresh_token_rotation: Option<RefreshTokenRotation>,
    /// Whether the client secret is published to AWS Secrets Manager.
    #[serde(
        rename = "PublishSecretsInAWSSecretsManager",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub publish_secrets_in_aws_secrets_manager: Option<bool>,
}

/// Output of `UpdateUserPoolClient`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct UpdateUserPoolClientResponse {
    /// The app client.
    #[serde(
        rename = "UserPoolClient",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub user_pool_client: Option<UserPoolClient>,
}

/// Input of `DeleteUserPoolClient`: deletes an app client (SigV4).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct DeleteUserPoolClientRequest {
    /// The pool id, `<region>_<id>`.
    #[serde(rename = "UserPoolId")]
    pub user_pool_id: String,
    /// The app client's id.
    #[serde(rename = "ClientId")]
    pub client_id: String,
}

/// Output of `DeleteUserPoolClient` (always `{}`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct DeleteUserPoolClientResponse {}

/// Input of `ListUserPoolClients`: lists the app clients of a pool (SigV4).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ListUserPoolClientsRequest {
    /// The pool id, `<region>_<id>`.
    #[serde(rename = "UserPoolId")]
    pub user_pool_id: String,
    /// Page size.
    #[serde(
        rename = "MaxResults",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub max_results: Option<i32>,
    /// Continuation token of a paged listing.
    #[serde(rename = "NextToken", default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
    /// Only clients of this type.
    #[serde(
        rename = "ClientType",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub client_type: Option<ClientType>,
}

/// Output of `ListUserPoolClients`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ListUserPoolClientsResponse {
    #[serde(
        rename = "UserPoolClients",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub user_pool_clients: Option<Vec<UserPoolClientDescription>>,
    /// Continuation token of a paged listing.
    #[serde(rename = "NextToken", default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

string_enum! {
    /// `ClientTypeType`.
    pub enum ClientType {
        Regular => "REGULAR",
        Dcr => "DCR",
    }
}
