//! Tokens: claims, signatures against the JWKS, lifetimes, issuer,
//! verification of presented access tokens, revocation and sign-out.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use mock_cognito::jwt::{self, PublicKey};
use serde_json::json;
use support::{Mock, PASSWORD};

#[test]
fn tokens_verify_against_the_published_jwks() {
    let m = Mock::new();
    m.svc.set_endpoint("http://127.0.0.1:4567");
    m.confirmed_user("amy", None);
    let t = m.sign_in("amy");
    let jwks = m.get(&format!("/{}/.well-known/jwks.json", m.pool)).body;
    let keys = PublicKey::from_jwks(&jwks).unwrap();
    let now = u64::try_from(m.svc.clock().now_secs()).unwrap();
    let access = jwt::verify(t["AccessToken"].as_str().unwrap(), &keys, now).unwrap();
    let id = jwt::verify(t["IdToken"].as_str().unwrap(), &keys, now).unwrap();
    // Separate keys for the two token kinds.
    assert_ne!(access.header["kid"], id.header["kid"]);
    assert_eq!(access.header["alg"], "RS256");
    assert!(access.header.get("typ").is_none());
    let iss = format!("http://127.0.0.1:4567/{}", m.pool);
    assert_eq!(access.claims["iss"], iss);
    assert_eq!(id.claims["iss"], iss);
    for claim in [
        "sub",
        "event_id",
        "origin_jti",
        "jti",
        "auth_time",
        "iat",
        "exp",
        "username",
    ] {
        assert!(
            access.claims.contains_key(claim),
            "access token lacks {claim}"
        );
    }
    for claim in [
        "sub",
        "aud",
        "cognito:username",
        "event_id",
        "origin_jti",
        "jti",
        "auth_time",
        "token_use",
    ] {
        assert!(id.claims.contains_key(claim), "ID token lacks {claim}");
    }
    assert_eq!(
        access.claims["exp"].as_i64().unwrap() - access.claims["iat"].as_i64().unwrap(),
        3600
    );
}

#[test]
fn aws_issuer_form_is_a_setting() {
    let m = Mock::toml("issuer = \"aws\"\n");
    m.confirmed_user("ada", None);
    let t = m.sign_in("ada");
    let c = Mock::claims(t["IdToken"].as_str().unwrap());
    assert_eq!(
        c["iss"],
        format!("https://cognito-idp.us-east-1.amazonaws.com/{}", m.pool)
    );
    // The mock still accepts its own tokens.
    m.ok("GetUser", json!({"AccessToken": t["AccessToken"]}));
}

/// Signing keys have six primes unless the config asks otherwise; tokens
/// verify against the published JWKS either way, and the keys survive the
/// state file's PEM.
#[test]
fn signing_key_primes_is_a_setting() {
    for (config, primes) in [
        ("", 6usize),
        ("signingKeyPrimes = 2\n", 2),
        ("signingKeyPrimes = 4\n", 4),
    ] {
        let m = Mock::toml(config);
        m.confirmed_user("kim", None);
        let t = m.sign_in("kim");
        let jwks = m.get(&format!("/{}/.well-known/jwks.json", m.pool)).body;
        let keys = PublicKey::from_jwks(&jwks).unwrap();
        let now = u64::try_from(m.svc.clock().now_secs()).unwrap();
        for token in ["AccessToken", "IdToken"] {
            jwt::verify(t[token].as_str().unwrap(), &keys, now).unwrap();
        }
        let state = m.svc.snapshot();
        let pool_keys = state.current.pools[&m.pool].keys.clone().unwrap();
        assert_eq!(pool_keys.id.prime_count(), primes, "{config:?}");
        assert_eq!(pool_keys.access.prime_count(), primes, "{config:?}");
        let back: jwt::PoolKeys =
            serde_json::from_value(serde_json::to_value(&pool_keys).unwrap()).unwrap();
        assert_eq!(back.access.prime_count(), primes);
        assert_eq!(back.jwks(), pool_keys.jwks());
    }
    for bad in ["signingKeyPrimes = 1\n", "signingKeyPrimes = 9\n"] {
        assert!(
            mock_cognito::config::Config::from_toml(bad)
                .and_then(|c| c.validate().map(|()| c))
                .is_err(),
            "{bad:?}"
        );
    }
}

#[test]
fn lifetimes_come_from_the_client() {
    let m = Mock::toml(
        "[[pools]]\n[[pools.clients]]\naccessTokenValiditySeconds = 300\nidTokenValiditySeconds = 600\n",
    );
    m.confirmed_user("abe", None);
    let t = m.sign_in("abe");
    assert_eq!(t["ExpiresIn"], 300);
    let a = Mock::claims(t["AccessToken"].as_str().unwrap());
    let i = Mock::claims(t["IdToken"].as_str().unwrap());
    assert_eq!(a["exp"].as_i64().unwrap() - a["iat"].as_i64().unwrap(), 300);
    assert_eq!(i["exp"].as_i64().unwrap() - i["iat"].as_i64().unwrap(), 600);
}

#[test]
fn read_attributes_limit_the_id_token() {
    let m = Mock::toml("[[pools]]\n[[pools.clients]]\nreadAttributes = [\"email\"]\n");
    m.confirmed_user("al", Some("al@example.com"));
    m.ok(
        "AdminUpdateUserAttributes",
        json!({"UserPoolId": m.pool, "Username": "al", "UserAttributes": [{"Name": "name", "Value": "Al"}]}),
    );
    let t = m.sign_in("al");
    let i = Mock::claims(t["IdToken"].as_str().unwrap());
    assert_eq!(i["email"], "al@example.com");
    assert!(i.get("name").is_none());
}

#[test]
fn presented_access_tokens_are_verified_not_just_decoded() {
    let m = Mock::new();
    m.confirmed_user("bea", None);
    let t = m.sign_in("bea");
    let access = t["AccessToken"].as_str().unwrap();
    // Tampered payload: signature no longer matches.
    let mut parts: Vec<String> = access.split('.').map(str::to_owned).collect();
    let mut claims = Mock::claims(access);
    claims["username"] = json!("someone-else");
    use base64::Engine as _;
    parts[1] = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(claims.to_string());
    let forged = parts.join(".");
    let (e, msg) = m.fail("GetUser", json!({"AccessToken": forged}));
    assert_eq!(
        (e.as_str(), msg.as_str()),
        ("NotAuthorizedException", "Invalid Access Token")
    );
    // An ID token is not an access token.
    let (_, msg) = m.fail("GetUser", json!({"AccessToken": t["IdToken"]}));
    assert_eq!(msg, "Invalid Access Token");
    let (_, msg) = m.fail("GetUser", json!({"AccessToken": "not-a-jwt"}));
    assert_eq!(msg, "Invalid Access Token");
    // Expiry follows the mock's clock.
    m.svc.clock().advance(3601);
    let (_, msg) = m.fail("GetUser", json!({"AccessToken": access}));
    assert_eq!(msg, "Access Token has expired");
}

#[test]
fn revoke_token_kills_that_sign_in_only() {
    let m = Mock::new();
    m.confirmed_user("cy", None);
    let one = m.sign_in("cy");
    let two = m.sign_in("cy");
    m.ok(
        "RevokeToken",
        json!({"ClientId": m.client, "Token": one["RefreshToken"]}),
    );
    let (e, msg) = m.fail("GetUser", json!({"AccessToken": one["AccessToken"]}));
    assert_eq!(
        (e.as_str(), msg.as_str()),
        ("NotAuthorizedException", "Access Token has been revoked")
    );
    let (_, msg) = m.fail(
        "InitiateAuth",
        json!({"AuthFlow": "REFRESH_TOKEN_AUTH", "ClientId": m.client, "AuthParameters": {"REFRESH_TOKEN": one["RefreshToken"]}}),
    );
    assert_eq!(msg, "Refresh Token has been revoked");
    // The other sign-in is untouched.
    m.ok("GetUser", json!({"AccessToken": two["AccessToken"]}));
    m.ok(
        "InitiateAuth",
        json!({"AuthFlow": "REFRESH_TOKEN_AUTH", "ClientId": m.client, "AuthParameters": {"REFRESH_TOKEN": two["RefreshToken"]}}),
    );
    // Only refresh tokens can be revoked.
    let (e, _) = m.fail(
        "RevokeToken",
        json!({"ClientId": m.client, "Token": two["AccessToken"]}),
    );
    assert_eq!(e, "UnsupportedTokenTypeException");
    // Another client cannot revoke it.
    let other = m.ok(
        "CreateUserPoolClient",
        json!({"UserPoolId": m.pool, "ClientName": "other"}),
    )["UserPoolClient"]["ClientId"]
        .clone();
    let (e, _) = m.fail(
        "RevokeToken",
        json!({"ClientId": other, "Token": two["RefreshToken"]}),
    );
    assert_eq!(e, "UnauthorizedException");
}

/// Found by the model test (`tests/model.rs`): a token signed out globally and
/// then left to expire. The token itself is checked before its revocation, so
/// it reads as expired, not as revoked.
#[test]
fn a_revoked_token_past_its_expiry_reads_as_expired() {
    let m = Mock::new();
    m.confirmed_user("eve", None);
    let t = m.sign_in("eve");
    m.ok("GlobalSignOut", json!({"AccessToken": t["AccessToken"]}));
    let (_, msg) = m.fail("GetUser", json!({"AccessToken": t["AccessToken"]}));
    assert_eq!(msg, "Access Token has been revoked");
    m.svc.clock().advance(4000);
    let (e, msg) = m.fail("GetUser", json!({"AccessToken": t["AccessToken"]}));
    assert_eq!(
        (e.as_str(), msg.as_str()),
        ("NotAuthorizedException", "Access Token has expired")
    );
}

#[test]
fn revoke_token_needs_revocation_enabled_and_the_secret() {
    let m = Mock::toml("[[pools]]\n[[pools.clients]]\nenableTokenRevocation = false\n");
    m.confirmed_user("di", None);
    let t = m.sign_in("di");
    let a = Mock::claims(t["AccessToken"].as_str().unwrap());
    assert!(
        a.get("origin_jti").is_none(),
        "no origin_jti without revocation"
    );
    let (e, _) = m.fail(
        "RevokeToken",
        json!({"ClientId": m.client, "Token": t["RefreshToken"]}),
    );
    assert_eq!(e, "UnsupportedOperationException");
    // GlobalSignOut still works for such clients.
    m.ok("GlobalSignOut", json!({"AccessToken": t["AccessToken"]}));
    let (_, msg) = m.fail("GetUser", json!({"AccessToken": t["AccessToken"]}));
    assert_eq!(msg, "Access Token has been revoked");

    let secret = "abcdefghijklmnopqrstuvwxyz0123456789";
    let s = Mock::toml(&format!(
        "[[pools]]\n[[pools.clients]]\nsecret = \"{secret}\"\n"
    ));
    s.confirmed_user("ed", None);
    let hash = cognito_auth_srp::secret_hash("ed", &s.client, secret);
    let t = s.ok(
        "InitiateAuth",
        json!({"AuthFlow": "USER_PASSWORD_AUTH", "ClientId": s.client,
               "AuthParameters": {"USERNAME": "ed", "PASSWORD": PASSWORD, "SECRET_HASH": hash}}),
    )["AuthenticationResult"]
        .clone();
    let (e, _) = s.fail(
        "RevokeToken",
        json!({"ClientId": s.client, "Token": t["RefreshToken"]}),
    );
    assert_eq!(e, "UnauthorizedException");
    s.ok(
        "RevokeToken",
        json!({"ClientId": s.client, "Token": t["RefreshToken"], "ClientSecret": secret}),
    );
}

#[test]
fn global_sign_out_revokes_every_session_of_the_user() {
    let m = Mock::new();
    m.confirmed_user("flo", None);
    m.confirmed_user("gil", None);
    let a = m.sign_in("flo");
    let b = m.sign_in("flo");
    let other = m.sign_in("gil");
    m.ok("GlobalSignOut", json!({"AccessToken": a["AccessToken"]}));
    for t in [&a, &b] {
        let (_, msg) = m.fail("GetUser", json!({"AccessToken": t["AccessToken"]}));
        assert_eq!(msg, "Access Token has been revoked");
        let (_, msg) = m.fail(
            "InitiateAuth",
            json!({"AuthFlow": "REFRESH_TOKEN_AUTH", "ClientId": m.client, "AuthParameters": {"REFRESH_TOKEN": t["RefreshToken"]}}),
        );
        assert_eq!(msg, "Refresh Token has been revoked");
    }
    m.ok("GetUser", json!({"AccessToken": other["AccessToken"]}));
    // Signing in again works.
    let c = m.sign_in("flo");
    m.ok("GetUser", json!({"AccessToken": c["AccessToken"]}));
    // Admin variant.
    m.ok(
        "AdminUserGlobalSignOut",
        json!({"UserPoolId": m.pool, "Username": "flo"}),
    );
    let (_, msg) = m.fail("GetUser", json!({"AccessToken": c["AccessToken"]}));
    assert_eq!(msg, "Access Token has been revoked");
}

#[test]
fn disabled_users_tokens_stop_working() {
    let m = Mock::new();
    m.confirmed_user("hugo", None);
    let t = m.sign_in("hugo");
    m.ok(
        "AdminDisableUser",
        json!({"UserPoolId": m.pool, "Username": "hugo"}),
    );
    let (_, msg) = m.fail("GetUser", json!({"AccessToken": t["AccessToken"]}));
    assert_eq!(msg, "User is disabled.");
    let (_, msg) = m.fail(
        "InitiateAuth",
        json!({"AuthFlow": "REFRESH_TOKEN_AUTH", "ClientId": m.client, "AuthParameters": {"REFRESH_TOKEN": t["RefreshToken"]}}),
    );
    assert_eq!(msg, "User is disabled.");
}
