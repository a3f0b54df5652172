//! Shapes shared by several areas: attributes, code delivery, analytics and
//! threat-protection context.

use serde::{Deserialize, Serialize};

use crate::DeliveryMedium;

/// A user attribute: name and string value (`AttributeType`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Attribute {
    #[serde(rename = "Name")]
    pub name: String,
    #[serde(rename = "Value", default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

/// Where a code was sent: masked destination, medium and attribute (`CodeDeliveryDetailsType`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct CodeDeliveryDetails {
    /// The masked destination (`a***@e***`, `+********1234`).
    #[serde(
        rename = "Destination",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub destination: Option<String>,
    /// `SMS` or `EMAIL`.
    #[serde(
        rename = "DeliveryMedium",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub delivery_medium: Option<DeliveryMedium>,
    /// The attribute name (`email`, `phone_number`, …).
    #[serde(
        rename = "AttributeName",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub attribute_name: Option<String>,
}

/// Amazon Pinpoint analytics endpoint of the caller (`AnalyticsMetadataType`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct AnalyticsMetadata {
    #[serde(
        rename = "AnalyticsEndpointId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub analytics_endpoint_id: Option<String>,
}

/// Threat-protection context of the end user's device, for unsigned calls (`UserContextDataType`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct UserContextData {
    #[serde(rename = "IpAddress", default, skip_serializing_if = "Option::is_none")]
    pub ip_address: Option<String>,
    #[serde(
        rename = "EncodedData",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub encoded_data: Option<String>,
}

/// Threat-protection context of the end user's request, for `Admin*` sign-in (`ContextDataType`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ContextData {
    #[serde(rename = "IpAddress")]
    pub ip_address: String,
    #[serde(rename = "ServerName")]
    pub server_name: String,
    #[serde(rename = "ServerPath")]
    pub server_path: String,
    #[serde(rename = "HttpHeaders")]
    pub http_headers: Vec<HttpHeader>,
    #[serde(
        rename = "EncodedData",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub encoded_data: Option<String>,
}

/// One HTTP header of the end user's request (`HttpHeader`; members are camelCase on the wire).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct HttpHeader {
    #[serde(
        rename = "headerName",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub header_name: Option<String>,
    #[serde(
        rename = "headerValue",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub header_value: Option<String>,
}

/// Legacy SMS MFA setting of a user (`MFAOptionType`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct MfaOption {
    /// `SMS` or `EMAIL`.
    #[serde(
        rename = "DeliveryMedium",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub delivery_medium: Option<DeliveryMedium>,
    /// The attribute name (`email`, `phone_number`, …).
    #[serde(
        rename = "AttributeName",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub attribute_name: Option<String>,
}
