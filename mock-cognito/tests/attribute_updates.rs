//! Email / phone changes in pools whose `UserAttributeUpdateSettings` keep the
//! original value active while an update is pending (found by the Amplify
//! account suite, xtask/conformance/js/account.cjs): the new value waits for
//! its code, the old one keeps working for sign-in, messages and tokens.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use serde_json::{Value, json};
use support::{Mock, PASSWORD};

/// A pool with email as an alias, auto-verified, and (when `keep`) verified before update;
/// returns (pool id, client id).
fn pool(m: &Mock, keep: bool) -> (String, String) {
    let mut req = json!({"PoolName": "keep", "AutoVerifiedAttributes": ["email"],
                         "AliasAttributes": ["email"]});
    if keep {
        req["UserAttributeUpdateSettings"] =
            json!({"AttributesRequireVerificationBeforeUpdate": ["email"]});
    }
    let p = m.ok("CreateUserPool", req)["UserPool"]["Id"]
        .as_str()
        .unwrap()
        .to_owned();
    let c = m.ok(
        "CreateUserPoolClient",
        json!({"UserPoolId": p, "ClientName": "c",
               "ExplicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]}),
    )["UserPoolClient"]["ClientId"]
        .as_str()
        .unwrap()
        .to_owned();
    (p, c)
}

fn user(m: &Mock, pool: &str, name: &str, email: &str) {
    m.ok(
        "AdminCreateUser",
        json!({"UserPoolId": pool, "Username": name, "MessageAction": "SUPPRESS", "UserAttributes": [
            {"Name": "email", "Value": email}, {"Name": "email_verified", "Value": "true"}]}),
    );
    m.ok(
        "AdminSetUserPassword",
        json!({"UserPoolId": pool, "Username": name, "Password": PASSWORD, "Permanent": true}),
    );
}

fn sign_in(m: &Mock, client: &str, login: &str) -> support::Answer {
    m.call(
        "InitiateAuth",
        json!({"AuthFlow": "USER_PASSWORD_AUTH", "ClientId": client,
               "AuthParameters": {"USERNAME": login, "PASSWORD": PASSWORD}}),
    )
}

fn attrs(m: &Mock, access: &Value) -> Value {
    let u = m.ok("GetUser", json!({"AccessToken": access}));
    let mut out = json!({});
    for a in u["UserAttributes"].as_array().unwrap() {
        out[a["Name"].as_str().unwrap()] = a["Value"].clone();
    }
    out
}

/// The newest outbox entry for a user of a pool.
fn outbox(m: &Mock, pool: &str, name: &str) -> Value {
    let a = m.get(&format!("/_mock/codes?username={name}&userPoolId={pool}"));
    a.body.as_array().unwrap().last().unwrap().clone()
}

#[test]
fn a_pending_email_leaves_the_original_active_until_verified() {
    let m = Mock::new();
    let (p, c) = pool(&m, true);
    user(&m, &p, "kim", "old@example.com");
    let t = sign_in(&m, &c, "kim").body["AuthenticationResult"].clone();
    let r = m.ok(
        "UpdateUserAttributes",
        json!({"AccessToken": t["AccessToken"], "UserAttributes": [
            {"Name": "email", "Value": "new@example.com"}, {"Name": "name", "Value": "Kim"}]}),
    );
    let d = &r["CodeDeliveryDetailsList"][0];
    assert_eq!(
        (&d["AttributeName"], &d["DeliveryMedium"], &d["Destination"]),
        (&json!("email"), &json!("EMAIL"), &json!("n***@e***")),
        "the code goes to the new address: {r}"
    );
    let sent = outbox(&m, &p, "kim");
    assert_eq!(sent["destination"], "new@example.com");
    assert_eq!(sent["purpose"], "VERIFY_ATTRIBUTE:email");

    // The original value, still verified, is what the user is until then.
    let a = attrs(&m, &t["AccessToken"]);
    assert_eq!(
        (&a["email"], &a["email_verified"], &a["name"]),
        (&json!("old@example.com"), &json!("true"), &json!("Kim"))
    );
    assert_eq!(sign_in(&m, &c, "old@example.com").status, 200);
    assert_eq!(
        sign_in(&m, &c, "new@example.com").error_type(),
        "UserNotFoundException",
        "the pending address is no alias yet (a LEGACY client says so)"
    );
    let id = Mock::claims(
        sign_in(&m, &c, "kim").body["AuthenticationResult"]["IdToken"]
            .as_str()
            .unwrap(),
    );
    assert_eq!(
        (&id["email"], &id["email_verified"]),
        (&json!("old@example.com"), &json!(true))
    );

    // Messages still go to the original address.
    m.ok("ForgotPassword", json!({"ClientId": c, "Username": "kim"}));
    let reset = outbox(&m, &p, "kim");
    assert_eq!(
        (&reset["purpose"], &reset["destination"]),
        (&json!("FORGOT_PASSWORD"), &json!("old@example.com"))
    );

    // A wrong code changes nothing; a resent code also goes to the new address.
    let (e, _) = m.fail(
        "VerifyUserAttribute",
        json!({"AccessToken": t["AccessToken"], "AttributeName": "email", "Code": "000000x"}),
    );
    assert_eq!(e, "CodeMismatchException");
    assert_eq!(attrs(&m, &t["AccessToken"])["email"], "old@example.com");
    let r = m.ok(
        "GetUserAttributeVerificationCode",
        json!({"AccessToken": t["AccessToken"], "AttributeName": "email"}),
    );
    assert_eq!(r["CodeDeliveryDetails"]["Destination"], "n***@e***");
    let sent = outbox(&m, &p, "kim");
    assert_eq!(sent["destination"], "new@example.com");

    m.ok(
        "VerifyUserAttribute",
        json!({"AccessToken": t["AccessToken"], "AttributeName": "email", "Code": sent["code"]}),
    );
    let a = attrs(&m, &t["AccessToken"]);
    assert_eq!(
        (&a["email"], &a["email_verified"]),
        (&json!("new@example.com"), &json!("true"))
    );
    assert_eq!(sign_in(&m, &c, "new@example.com").status, 200);
    assert_eq!(
        sign_in(&m, &c, "old@example.com").error_type(),
        "UserNotFoundException"
    );
}

#[test]
fn without_the_setting_a_new_email_replaces_the_old_one_unverified() {
    let m = Mock::new();
    let (p, c) = pool(&m, false);
    user(&m, &p, "lee", "old@example.com");
    let t = sign_in(&m, &c, "lee").body["AuthenticationResult"].clone();
    m.ok(
        "UpdateUserAttributes",
        json!({"AccessToken": t["AccessToken"], "UserAttributes": [{"Name": "email", "Value": "new@example.com"}]}),
    );
    let a = attrs(&m, &t["AccessToken"]);
    assert_eq!(
        (&a["email"], &a["email_verified"]),
        (&json!("new@example.com"), &json!("false"))
    );
    assert_eq!(outbox(&m, &p, "lee")["destination"], "new@example.com");
}

#[test]
fn a_pending_value_is_dropped_or_accepted_by_later_updates() {
    let m = Mock::new();
    let (p, c) = pool(&m, true);
    user(&m, &p, "max", "old@example.com");
    let t = sign_in(&m, &c, "max").body["AuthenticationResult"].clone();
    let update = |email: &str| {
        m.ok(
            "UpdateUserAttributes",
            json!({"AccessToken": t["AccessToken"], "UserAttributes": [{"Name": "email", "Value": email}]}),
        )
    };

    // Going back to the active value cancels the pending one and its code.
    update("new@example.com");
    let code = outbox(&m, &p, "max")["code"].clone();
    let r = update("old@example.com");
    assert!(r.get("CodeDeliveryDetailsList").is_none(), "{r}");
    let (e, _) = m.fail(
        "VerifyUserAttribute",
        json!({"AccessToken": t["AccessToken"], "AttributeName": "email", "Code": code}),
    );
    assert_eq!(e, "CodeMismatchException");
    assert_eq!(attrs(&m, &t["AccessToken"])["email"], "old@example.com");

    // An admin setting email_verified accepts the pending value.
    update("second@example.com");
    m.ok(
        "AdminUpdateUserAttributes",
        json!({"UserPoolId": p, "Username": "max", "UserAttributes": [{"Name": "email_verified", "Value": "true"}]}),
    );
    let a = attrs(&m, &t["AccessToken"]);
    assert_eq!(
        (&a["email"], &a["email_verified"]),
        (&json!("second@example.com"), &json!("true"))
    );

    // An admin update without the flag waits like the user's own; with it, it applies at once.
    m.ok(
        "AdminUpdateUserAttributes",
        json!({"UserPoolId": p, "Username": "max", "UserAttributes": [{"Name": "email", "Value": "third@example.com"}]}),
    );
    assert_eq!(attrs(&m, &t["AccessToken"])["email"], "second@example.com");
    assert_eq!(outbox(&m, &p, "max")["destination"], "third@example.com");
    m.ok(
        "AdminUpdateUserAttributes",
        json!({"UserPoolId": p, "Username": "max", "UserAttributes": [
            {"Name": "email", "Value": "fourth@example.com"}, {"Name": "email_verified", "Value": "true"}]}),
    );
    assert_eq!(attrs(&m, &t["AccessToken"])["email"], "fourth@example.com");
    let code = outbox(&m, &p, "max")["code"].clone();
    let (e, _) = m.fail(
        "VerifyUserAttribute",
        json!({"AccessToken": t["AccessToken"], "AttributeName": "email", "Code": code}),
    );
    assert_eq!(
        e, "CodeMismatchException",
        "the third address's code died with it"
    );

    // Deleting the attribute drops a pending value too.
    update("fifth@example.com");
    m.ok(
        "DeleteUserAttributes",
        json!({"AccessToken": t["AccessToken"], "UserAttributeNames": ["email"]}),
    );
    assert!(attrs(&m, &t["AccessToken"]).get("email").is_none());
    let r = m.call(
        "GetUserAttributeVerificationCode",
        json!({"AccessToken": t["AccessToken"], "AttributeName": "email"}),
    );
    assert_eq!(r.error_type(), "InvalidParameterException", "{}", r.body);
}
