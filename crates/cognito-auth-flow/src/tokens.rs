//! Tokens as Cognito returns them, and the JWT claims the client reads
//! (without verifying signatures: the tokens come straight from Cognito over
//! TLS; services that receive them must verify them).

use std::fmt;

use base64::Engine as _;
use cognito_auth_proto::Sensitive;
use serde::{Deserialize, Serialize};

use crate::error::ProtocolError;
use crate::wire::{AuthenticationResult, NewDeviceMetadata};

/// The tokens of a successful sign-in or refresh.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub struct AuthTokens {
    /// The access token (JWT).
    pub access_token: Sensitive,
    /// The ID token (JWT), when issued.
    pub id_token: Option<Sensitive>,
    /// The refresh token, when issued.
    pub refresh_token: Option<Sensitive>,
    /// Access-token lifetime in seconds, as Cognito reported it.
    pub expires_in: Option<i64>,
    /// A new device Cognito saw (device tracking); the `cognito-auth` client
    /// confirms it (see [`crate::device`]).
    pub new_device_metadata: Option<NewDeviceMetadata>,
}

impl fmt::Debug for AuthTokens {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AuthTokens")
            .field("access_token", &self.access_token)
            .field("id_token", &self.id_token)
            .field("refresh_token", &self.refresh_token)
            .field("expires_in", &self.expires_in)
            .finish_non_exhaustive()
    }
}

impl AuthTokens {
    /// From an `AuthenticationResult`; fails without an access token.
    pub fn from_result(r: AuthenticationResult) -> Result<Self, ProtocolError> {
        let access_token = r.access_token.ok_or_else(|| ProtocolError::BadToken {
            which: "access",
            detail: "AuthenticationResult has no AccessToken".into(),
        })?;
        Ok(Self {
            access_token,
            id_token: r.id_token,
            refresh_token: r.refresh_token,
            expires_in: r.expires_in.map(i64::from),
            new_device_metadata: r.new_device_metadata,
        })
    }

    /// The access token's claims.
    pub fn access_claims(&self) -> Result<Claims, ProtocolError> {
        Claims::decode(self.access_token.expose(), "access")
    }

    /// The ID token's claims, when there is an ID token.
    pub fn id_claims(&self) -> Result<Option<Claims>, ProtocolError> {
        self.id_token
            .as_ref()
            .map(|t| Claims::decode(t.expose(), "id"))
            .transpose()
    }
}

/// The claims of a Cognito access or ID token the client uses.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    /// The user's immutable id.
    #[serde(default)]
    pub sub: Option<String>,
    /// Access token: the internal username.
    #[serde(default)]
    pub username: Option<String>,
    /// ID token: the internal username.
    #[serde(default, rename = "cognito:username")]
    pub cognito_username: Option<String>,
    /// Expiry, epoch seconds.
    #[serde(default)]
    pub exp: Option<i64>,
    /// Issued at, epoch seconds.
    #[serde(default)]
    pub iat: Option<i64>,
    /// Original authentication time.
    #[serde(default)]
    pub auth_time: Option<i64>,
    /// The authentication's id; present when token revocation is enabled.
    #[serde(default)]
    pub origin_jti: Option<String>,
    /// This token's id.
    #[serde(default)]
    pub jti: Option<String>,
    /// `access` or `id`.
    #[serde(default)]
    pub token_use: Option<String>,
    /// Access token: the app client.
    #[serde(default)]
    pub client_id: Option<String>,
    /// ID token: the app client.
    #[serde(default)]
    pub aud: Option<String>,
    /// Issuer.
    #[serde(default)]
    pub iss: Option<String>,
    /// A remembered device's key.
    #[serde(default)]
    pub device_key: Option<String>,
    /// ID token: email.
    #[serde(default)]
    pub email: Option<String>,
}

impl Claims {
    /// Decodes the payload of a JWT (no signature check). `which` names the
    /// token in errors.
    pub fn decode(jwt: &str, which: &'static str) -> Result<Self, ProtocolError> {
        let bad = |detail: &str| ProtocolError::BadToken {
            which,
            detail: detail.to_owned(),
        };
        let mut parts = jwt.split('.');
        let (Some(_), Some(payload), Some(_), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(bad("not three dot-separated parts"));
        };
        let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(payload.trim_end_matches('='))
            .map_err(|_| bad("payload is not base64url"))?;
        // Numbers may be floats in hand-made tokens; read leniently.
        let v: serde_json::Value =
            serde_json::from_slice(&bytes).map_err(|_| bad("payload is not JSON"))?;
        let num = |k: &str| {
            v.get(k)
                .and_then(|n| n.as_i64().or_else(|| n.as_f64().map(|f| f as i64)))
        };
        let text = |k: &str| v.get(k).and_then(|s| s.as_str()).map(str::to_owned);
        if !v.is_object() {
            return Err(bad("payload is not a JSON object"));
        }
        Ok(Self {
            sub: text("sub"),
            username: text("username"),
            cognito_username: text("cognito:username"),
            exp: num("exp"),
            iat: num("iat"),
            auth_time: num("auth_time"),
            origin_jti: text("origin_jti"),
            jti: text("jti"),
            token_use: text("token_use"),
            client_id: text("client_id"),
            aud: text("aud"),
            iss: text("iss"),
            device_key: text("device_key"),
            email: text("email"),
        })
    }

    /// The internal username (`cognito:username` or `username`).
    pub fn any_username(&self) -> Option<&str> {
        self.cognito_username
            .as_deref()
            .or(self.username.as_deref())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jwt(payload: &str) -> String {
        let e = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        format!(
            "{}.{}.{}",
            e.encode(br#"{"alg":"RS256","kid":"k"}"#),
            e.encode(payload),
            e.encode(b"sig")
        )
    }

    #[test]
    fn decodes_cognito_access_token_claims() {
        let t = jwt(
            r#"{"sub":"5c1e","username":"5c1e","exp":1700003600,"iat":1.7E9,"origin_jti":"o-1","token_use":"access","client_id":"c"}"#,
        );
        let c = Claims::decode(&t, "access").unwrap();
        assert_eq!(c.sub.as_deref(), Some("5c1e"));
        assert_eq!(c.exp, Some(1_700_003_600));
        assert_eq!(c.iat, Some(1_700_000_000));
        assert_eq!(c.origin_jti.as_deref(), Some("o-1"));
        assert_eq!(c.any_username(), Some("5c1e"));
    }

    #[test]
    fn rejects_garbage_tokens() {
        assert!(Claims::decode("abc", "access").is_err());
        assert!(Claims::decode("a.!!!.c", "access").is_err());
        assert!(Claims::decode(&jwt("[1]"), "id").is_err());
        assert!(Claims::decode(&jwt("not json"), "id").is_err());
    }
}
