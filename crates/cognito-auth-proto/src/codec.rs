//! Decoding bodies as the service and its clients do.
//!
//! Servers call [`decode_request`]: malformed JSON or a member of the wrong JSON
//! type is a `SerializationException`; a missing (or `null`) required member is
//! an `InvalidParameterException` worded like Cognito's model validation,
//! `1 validation error detected: Value null at 'clientId' failed to satisfy
//! constraint: Member must not be null`, naming every missing member with its
//! path (`userAttributes.1.member.name`).
//!
//! Clients call [`decode_response`]: a non-2xx answer is decoded as a
//! [`ServiceError`]; a 2xx answer whose body does not fit the output shape is a
//! [`DecodeError::Malformed`] that keeps a truncated, redacted copy of the body.
//!
//! Both treat an empty body as `{}`, ignore unknown members and treat JSON
//! `null` as an absent member.

use std::fmt;
use std::fmt::Write as _;

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::strict::{self, Seg};
use crate::{ErrorKind, ServiceError};

/// At most this many missing members are reported in one validation message.
const MAX_REPORTED: usize = 16;
/// At most this many decoding passes are spent looking for missing members;
/// past it the members found so far are reported.
const MAX_PASSES: usize = 256;
/// …and at most about this many body bytes are decoded again in total, so a
/// large hostile body costs a few passes, not hundreds.
const PASS_BYTES: usize = 4 << 20;
/// Characters of a malformed response body kept for diagnostics.
const EXCERPT_CHARS: usize = 1024;

/// Decodes a request body for a server.
///
/// Errors are shaped as Cognito answers them:
/// - the body is not JSON, is not a JSON object, or a member has the wrong JSON
///   type → `SerializationException`;
/// - required members are missing or `null` → `InvalidParameterException` with
///   the model-validation message naming each one in camelCase.
///
/// An empty body counts as `{}`. Never panics.
pub fn decode_request<T: DeserializeOwned>(body: &[u8]) -> Result<T, ServiceError> {
    let mut value = parse_object(body)?;
    strip_nulls(&mut value);
    let max_passes = (PASS_BYTES / body.len().max(1)).clamp(2, MAX_PASSES);
    decode_collecting(value, max_passes)
}

/// Decodes a response for a client: `status` is the HTTP status,
/// `error_type_header` the value of `x-amzn-ErrorType` if any.
///
/// A non-2xx status is a [`DecodeError::Service`] (decoded by the awsJson1_1
/// rule, see [`ServiceError::decode`]); a 2xx body that does not decode as `T`
/// is a [`DecodeError::Malformed`]. An empty 2xx body counts as `{}`.
pub fn decode_response<T: DeserializeOwned>(
    status: u16,
    error_type_header: Option<&str>,
    body: &[u8],
) -> Result<T, DecodeError> {
    if !(200..300).contains(&status) {
        return Err(DecodeError::Service(ServiceError::decode(
            error_type_header,
            body,
        )));
    }
    let malformed = |reason: String| {
        DecodeError::Malformed(MalformedBody {
            status,
            reason,
            body_len: body.len(),
            excerpt: String::from_utf8_lossy(body)
                .chars()
                .take(EXCERPT_CHARS)
                .collect(),
        })
    };
    let mut value: Value = if is_blank(body) {
        Value::Object(Map::new())
    } else {
        serde_json::from_slice(body).map_err(|e| malformed(e.to_string()))?
    };
    strip_nulls(&mut value);
    strict::from_value(&value).map_err(|f| {
        let at = render_path(&f.path);
        if at.is_empty() {
            malformed(f.message)
        } else {
            malformed(format!("{} (at '{at}')", f.message))
        }
    })
}

/// Why a client could not use a response.
#[derive(Clone, PartialEq)]
pub enum DecodeError {
    /// The service answered with an error.
    Service(ServiceError),
    /// The service answered 2xx with a body that is not the expected shape.
    Malformed(MalformedBody),
}

impl DecodeError {
    /// The service error, if this is one.
    pub fn service_error(&self) -> Option<&ServiceError> {
        match self {
            Self::Service(e) => Some(e),
            Self::Malformed(_) => None,
        }
    }
}

impl fmt::Debug for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Service(e) => f.debug_tuple("Service").field(e).finish(),
            Self::Malformed(m) => f.debug_tuple("Malformed").field(m).finish(),
        }
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Service(e) => fmt::Display::fmt(e, f),
            Self::Malformed(m) => fmt::Display::fmt(m, f),
        }
    }
}

impl std::error::Error for DecodeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Service(e) => Some(e),
            Self::Malformed(_) => None,
        }
    }
}

impl From<ServiceError> for DecodeError {
    fn from(e: ServiceError) -> Self {
        Self::Service(e)
    }
}

/// A 2xx response body that did not decode.
///
/// `Debug` and `Display` show the body with long token-like runs redacted (a
/// success body can carry tokens); [`MalformedBody::raw_excerpt`] gives the
/// unredacted text.
#[derive(Clone, PartialEq, Eq)]
pub struct MalformedBody {
    /// The HTTP status.
    pub status: u16,
    /// What did not fit (the JSON decoder's message).
    pub reason: String,
    /// Length of the whole body in bytes.
    pub body_len: usize,
    excerpt: String,
}

impl MalformedBody {
    /// The first 1024 characters of the body (lossy UTF-8), unredacted.
    pub fn raw_excerpt(&self) -> &str {
        &self.excerpt
    }

    /// The excerpt with token-like runs replaced by `<redacted>`.
    pub fn redacted_excerpt(&self) -> String {
        redact_tokens(&self.excerpt)
    }
}

impl fmt::Debug for MalformedBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MalformedBody")
            .field("status", &self.status)
            .field("reason", &redact_tokens(&self.reason))
            .field("body_len", &self.body_len)
            .field("excerpt", &self.redacted_excerpt())
            .finish()
    }
}

impl fmt::Display for MalformedBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "undecodable response (HTTP {}, {} bytes): {}; body: {}",
            self.status,
            self.body_len,
            redact_tokens(&self.reason),
            self.redacted_excerpt()
        )
    }
}

/// Replaces runs of 24+ token-alphabet characters that contain a digit (JWTs,
/// sessions, secrets, refresh tokens) with `<redacted>`. Member names have no
/// digits and stay readable.
fn redact_tokens(text: &str) -> String {
    fn token_char(c: char) -> bool {
        c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '=' | '.' | '+' | '/')
    }
    let mut out = String::with_capacity(text.len());
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut String| {
        if run.chars().count() >= 24 && run.chars().any(|c| c.is_ascii_digit()) {
            out.push_str("<redacted>");
        } else {
            out.push_str(run);
        }
        run.clear();
    };
    for c in text.chars() {
        if token_char(c) {
            run.push(c);
        } else {
            flush(&mut run, &mut out);
            out.push(c);
        }
    }
    flush(&mut run, &mut out);
    out
}

fn is_blank(body: &[u8]) -> bool {
    body.iter().all(u8::is_ascii_whitespace)
}

/// Parses the body as a JSON object (blank → `{}`).
fn parse_object(body: &[u8]) -> Result<Value, ServiceError> {
    if is_blank(body) {
        return Ok(Value::Object(Map::new()));
    }
    let value: Value =
        serde_json::from_slice(body).map_err(|e| serialization_error(&e.to_string()))?;
    match value {
        Value::Object(_) => Ok(value),
        Value::Array(_) => Err(ServiceError::new(
            ErrorKind::Serialization,
            "Start of list found where not expected",
        )),
        other => Err(ServiceError::new(
            ErrorKind::Serialization,
            format!(
                "Expected a JSON object as the request body, found {}",
                json_kind(&other)
            ),
        )),
    }
}

fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// Removes object members whose value is `null`, at every depth (the service
/// treats them as absent). List elements are kept.
fn strip_nulls(value: &mut Value) {
    match value {
        Value::Object(map) => {
            map.retain(|_, v| !v.is_null());
            map.values_mut().for_each(strip_nulls);
        }
        Value::Array(items) => items.iter_mut().for_each(strip_nulls),
        _ => {}
    }
}

/// The field name of a serde "missing field `X`" message.
fn missing_field(message: &str) -> Option<&str> {
    let rest = message.strip_prefix("missing field `")?;
    rest.find('`').map(|end| &rest[..end])
}

/// A `SerializationException` whose message says what was wrong, worded like
/// the service where its wording is known.
fn serialization_error(serde_message: &str) -> ServiceError {
    let msg = strip_position(serde_message);
    let text = if let Some(rest) = msg.strip_prefix("invalid type: ") {
        if rest.starts_with("map,") {
            "Start of structure or map found where not expected".to_owned()
        } else if rest.starts_with("sequence,") {
            "Start of list found where not expected".to_owned()
        } else if (rest.starts_with("integer") || rest.starts_with("floating point"))
            && rest.ends_with("expected a string")
        {
            "class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to an String"
                .to_owned()
        } else {
            format!("Invalid type: {rest}")
        }
    } else {
        let mut chars = msg.chars();
        match chars.next() {
            Some(first) => first.to_uppercase().chain(chars).collect(),
            None => "Malformed request body".to_owned(),
        }
    };
    ServiceError::new(ErrorKind::Serialization, text)
}

/// Cuts serde_json's ` at line L column C` suffix.
fn strip_position(message: &str) -> &str {
    match message.rfind(" at line ") {
        Some(i) if message[i..].contains(" column ") => &message[..i],
        _ => message,
    }
}

/// Renders a path as the service does: camelCase member names, list elements
/// as `<1-based index>.member` (`userAttributes.1.member.name`).
fn render_path(path: &[Seg]) -> String {
    let mut out = String::new();
    for seg in path {
        if !out.is_empty() {
            out.push('.');
        }
        match seg {
            Seg::Key(k) => out.push_str(&lower_first(k)),
            Seg::Index(i) => {
                let _ = write!(out, "{}.member", i + 1);
            }
        }
    }
    out
}

fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Values tried in place of a missing member so that decoding can go on and
/// find the next one.
fn placeholders() -> [Value; 5] {
    [
        Value::String(String::new()),
        Value::from(0),
        Value::Bool(false),
        Value::Array(Vec::new()),
        Value::Object(Map::new()),
    ]
}

/// Decodes `T`, collecting every missing required member: each one found is
/// filled with a placeholder of a fitting type and decoding goes on. Members
/// missing *inside* a placeholder are filled without being reported (the
/// service names only the outer one). A type error that no placeholder caused
/// wins, as the service deserialises before it validates.
fn decode_collecting<T: DeserializeOwned>(
    mut value: Value,
    max_passes: usize,
) -> Result<T, ServiceError> {
    let mut reported: Vec<String> = Vec::new();
    let mut filled: Vec<Vec<Seg>> = Vec::new();
    let mut passes = 0usize;
    let mut failure = match strict::from_value::<T>(&value) {
        Ok(v) => return Ok(v),
        Err(f) => f,
    };
    loop {
        let Some(field) = missing_field(&failure.message).map(str::to_owned) else {
            return Err(serialization_error(&failure.message));
        };
        let mut at = failure.path.clone();
        at.push(Seg::Key(field.clone()));
        if !filled.iter().any(|p| at.starts_with(p)) {
            reported.push(render_path(&at));
            if reported.len() >= MAX_REPORTED {
                break;
            }
        }
        let mut next = None;
        for placeholder in placeholders() {
            passes += 1;
            let Some(obj) = strict::object_at_mut(&mut value, &failure.path) else {
                break;
            };
            obj.insert(field.clone(), placeholder);
            match strict::from_value::<T>(&value) {
                Ok(_) => {
                    next = Some(None);
                    break;
                }
                Err(f) => {
                    let inside = f.path.starts_with(&at);
                    let wrong_type = missing_field(&f.message).is_none();
                    if !(inside && wrong_type) {
                        next = Some(Some(f));
                        break;
                    }
                }
            }
            if passes >= max_passes {
                break;
            }
        }
        filled.push(at);
        match next {
            Some(Some(f)) if passes < max_passes => failure = f,
            _ => break,
        }
    }
    Err(validation_error(&reported))
}

/// The service's model-validation message for members that must not be null.
fn validation_error(paths: &[String]) -> ServiceError {
    let n = paths.len();
    let details: Vec<String> = paths
        .iter()
        .map(|p| {
            format!("Value null at '{p}' failed to satisfy constraint: Member must not be null")
        })
        .collect();
    let noun = if n == 1 { "error" } else { "errors" };
    ServiceError::new(
        ErrorKind::InvalidParameter,
        format!("{n} validation {noun} detected: {}", details.join("; ")),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_render_like_the_service() {
        let p = vec![
            Seg::Key("UserAttributes".into()),
            Seg::Index(0),
            Seg::Key("Name".into()),
        ];
        assert_eq!(render_path(&p), "userAttributes.1.member.name");
    }

    #[test]
    fn missing_members_are_all_named_with_paths() {
        let e = decode_request::<crate::SignUpRequest>(
            br#"{"ClientId":"c","Username":"u","UserAttributes":[{"Value":"x"},{"Name":"a"},{}]}"#,
        )
        .err()
        .unwrap_or_else(|| ServiceError::new(ErrorKind::InternalError, ""));
        assert_eq!(e.kind, ErrorKind::InvalidParameter);
        assert_eq!(
            e.message,
            "2 validation errors detected: \
             Value null at 'userAttributes.1.member.name' failed to satisfy constraint: Member must not be null; \
             Value null at 'userAttributes.3.member.name' failed to satisfy constraint: Member must not be null"
        );
    }

    #[test]
    fn nested_and_top_level_members_are_told_apart() {
        let e = decode_request::<crate::AdminInitiateAuthRequest>(
            br#"{"ClientId":"c","AuthFlow":"USER_SRP_AUTH","ContextData":{"IpAddress":"1.2.3.4","ServerName":"s","ServerPath":"/","HttpHeaders":[]}}"#,
        )
        .err()
        .map(|e| e.message)
        .unwrap_or_default();
        assert_eq!(
            e,
            "1 validation error detected: Value null at 'userPoolId' failed to satisfy constraint: Member must not be null"
        );
    }

    #[test]
    fn type_errors_win_over_missing_members() {
        let e = decode_request::<crate::SignUpRequest>(br#"{"UserAttributes":[{"Name":5}]}"#)
            .err()
            .unwrap_or_else(|| ServiceError::new(ErrorKind::InternalError, ""));
        assert_eq!(e.kind, ErrorKind::Serialization);
        // The missing `userAttributes.1.member.name` is met first, the type
        // error in `ValidationData` after it: the type error still wins.
        let e = decode_request::<crate::SignUpRequest>(
            br#"{"ClientId":"c","UserAttributes":[{}],"Username":"u","ValidationData":[{"Name":{}}]}"#,
        )
        .err()
        .unwrap_or_else(|| ServiceError::new(ErrorKind::InternalError, ""));
        assert_eq!(e.kind, ErrorKind::Serialization);
        assert_eq!(
            e.message,
            "Start of structure or map found where not expected"
        );
    }

    #[test]
    fn only_the_outer_of_nested_missing_members_is_reported() {
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct Inner {
            #[serde(rename = "A")]
            a: String,
            #[serde(rename = "B")]
            b: Vec<String>,
        }
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct Outer {
            #[serde(rename = "Inner")]
            inner: Inner,
            #[serde(rename = "Count")]
            count: i32,
            #[serde(rename = "Flag")]
            flag: bool,
        }
        let e = decode_request::<Outer>(b"{}").err().map(|e| e.message);
        assert_eq!(
            e.as_deref(),
            Some(
                "3 validation errors detected: \
                 Value null at 'inner' failed to satisfy constraint: Member must not be null; \
                 Value null at 'count' failed to satisfy constraint: Member must not be null; \
                 Value null at 'flag' failed to satisfy constraint: Member must not be null"
            )
        );
        let ok = decode_request::<Outer>(br#"{"Inner":{"A":"x","B":[]},"Count":1,"Flag":true}"#);
        assert!(ok.is_ok());
    }

    #[test]
    fn structures_do_not_accept_lists() {
        let e = decode_request::<crate::SignUpRequest>(
            br#"{"ClientId":"c","Username":"u","UserContextData":["1.2.3.4","data"]}"#,
        )
        .err()
        .unwrap_or_else(|| ServiceError::new(ErrorKind::InternalError, ""));
        assert_eq!(e.kind, ErrorKind::Serialization);
        assert_eq!(e.message, "Start of list found where not expected");
    }

    #[test]
    fn redaction_keeps_names_and_hides_tokens() {
        let s = r#"{"AccessToken":"eyJraWQiOiJ3bXF3Q2ttbVFuYlluRXJEVGU2MDVOWUdMR0VTSW5iWUVmd3ZBeXJHc053PSIsImFsZyI6IlJTMjU2In0"}"#;
        let r = redact_tokens(s);
        assert!(r.contains("AccessToken"));
        assert!(!r.contains("eyJraWQ"));
    }
}
