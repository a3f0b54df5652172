//! Sign-up, confirmation, password reset and change, the user's own record.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use serde_json::{Value, json};
use support::{Mock, PASSWORD};

fn sign_up(m: &Mock, username: &str, email: &str) -> Value {
    m.ok(
        "SignUp",
        json!({"ClientId": m.client, "Username": username, "Password": PASSWORD,
               "UserAttributes": [{"Name": "email", "Value": email}]}),
    )
}

#[test]
fn sign_up_returns_sub_masked_delivery_and_session() {
    let m = Mock::new();
    let r = sign_up(&m, "frank", "frank@example.com");
    assert_eq!(r["UserConfirmed"], false);
    assert_eq!(r["UserSub"].as_str().unwrap().len(), 36);
    assert_eq!(
        r["CodeDeliveryDetails"],
        json!({"Destination": "f***@e***", "DeliveryMedium": "EMAIL", "AttributeName": "email"})
    );
    assert!(r["Session"].as_str().unwrap().len() >= 20);
    let u = m.ok(
        "AdminGetUser",
        json!({"UserPoolId": m.pool, "Username": "frank"}),
    );
    assert_eq!(u["UserStatus"], "UNCONFIRMED");
    assert_eq!(u["Enabled"], true);
}

#[test]
fn sign_up_password_policy_messages() {
    let m = Mock::new();
    for (pw, msg) in [
        (
            "Ab1!",
            "Password did not conform with policy: Password not long enough",
        ),
        (
            "ABCDEFG1!",
            "Password did not conform with policy: Password must have lowercase characters",
        ),
        (
            "abcdefg1!",
            "Password did not conform with policy: Password must have uppercase characters",
        ),
        (
            "Abcdefgh!",
            "Password did not conform with policy: Password must have numeric characters",
        ),
        (
            "Abcdefgh1",
            "Password did not conform with policy: Password must have symbol characters",
        ),
    ] {
        let (t, got) = m.fail(
            "SignUp",
            json!({"ClientId": m.client, "Username": "gina", "Password": pw}),
        );
        assert_eq!(t, "InvalidPasswordException");
        assert_eq!(got, msg);
    }
    // Nothing was created by the failed attempts.
    let (t, _) = m.fail(
        "AdminGetUser",
        json!({"UserPoolId": m.pool, "Username": "gina"}),
    );
    assert_eq!(t, "UserNotFoundException");
}

#[test]
fn duplicate_sign_up_is_username_exists() {
    let m = Mock::new();
    sign_up(&m, "hank", "hank@example.com");
    let (t, msg) = m.fail(
        "SignUp",
        json!({"ClientId": m.client, "Username": "hank", "Password": PASSWORD}),
    );
    assert_eq!(t, "UsernameExistsException");
    assert_eq!(msg, "User already exists");
}

/// Pitfall found by the AWS SDK for JavaScript v3 suite (`e.message` of the SDK's
/// `UsernameExistsException`): AdminCreateUser and SignUp word a taken username differently.
/// The real service answers AdminCreateUser with `User account already exists` (as the AWS CLI
/// prints it: "An error occurred (UsernameExistsException) when calling the AdminCreateUser
/// operation: User account already exists"); the mock used SignUp's `User already exists`.
#[test]
fn admin_create_user_of_a_taken_username_says_user_account_already_exists() {
    let m = Mock::new();
    let create = || {
        m.call(
            "AdminCreateUser",
            json!({"UserPoolId": m.pool, "Username": "ilse", "MessageAction": "SUPPRESS",
                   "TemporaryPassword": PASSWORD}),
        )
    };
    assert_eq!(create().status, 200);
    let again = create();
    assert_eq!(again.status, 400);
    assert_eq!(again.error_type(), "UsernameExistsException");
    assert_eq!(again.message(), "User account already exists");
    // SignUp of the same name keeps its own wording.
    let (t, msg) = m.fail(
        "SignUp",
        json!({"ClientId": m.client, "Username": "ilse", "Password": PASSWORD}),
    );
    assert_eq!(
        (t.as_str(), msg.as_str()),
        ("UsernameExistsException", "User already exists")
    );
    // A user created by SignUp is just as taken for AdminCreateUser.
    sign_up(&m, "jack", "jack@example.com");
    let (t, msg) = m.fail(
        "AdminCreateUser",
        json!({"UserPoolId": m.pool, "Username": "jack", "MessageAction": "SUPPRESS"}),
    );
    assert_eq!(
        (t.as_str(), msg.as_str()),
        ("UsernameExistsException", "User account already exists")
    );
}

#[test]
fn email_as_username() {
    let m = Mock::toml("[[pools]]\nusernameAttributes = [\"email\"]\n");
    let r = m.ok(
        "SignUp",
        json!({"ClientId": m.client, "Username": "ivy@example.com", "Password": PASSWORD}),
    );
    let sub = r["UserSub"].as_str().unwrap().to_owned();
    let code = m.last_code("ivy@example.com");
    m.ok(
        "ConfirmSignUp",
        json!({"ClientId": m.client, "Username": "ivy@example.com", "ConfirmationCode": code}),
    );
    let u = m.ok(
        "AdminGetUser",
        json!({"UserPoolId": m.pool, "Username": "ivy@example.com"}),
    );
    assert_eq!(u["Username"], sub, "the internal username is the sub");
    let tokens = m.sign_in("ivy@example.com");
    let id = Mock::claims(tokens["IdToken"].as_str().unwrap());
    assert_eq!(id["cognito:username"], sub);
    assert_eq!(id["email_verified"], true);
    let (t, msg) = m.fail(
        "SignUp",
        json!({"ClientId": m.client, "Username": "IVY@example.com", "Password": PASSWORD}),
    );
    assert_eq!(
        (t.as_str(), msg.as_str()),
        (
            "UsernameExistsException",
            "An account with the given email already exists."
        )
    );
    let (t, msg) = m.fail(
        "SignUp",
        json!({"ClientId": m.client, "Username": "notanemail", "Password": PASSWORD}),
    );
    assert_eq!(
        (t.as_str(), msg.as_str()),
        ("InvalidParameterException", "Username should be an email.")
    );
}

#[test]
fn phone_as_username_gets_sms_code() {
    let m = Mock::toml(
        "[[pools]]\nusernameAttributes = [\"phone_number\"]\nautoVerifiedAttributes = [\"phone_number\"]\n",
    );
    let r = m.ok(
        "SignUp",
        json!({"ClientId": m.client, "Username": "+15551234567", "Password": PASSWORD}),
    );
    assert_eq!(
        r["CodeDeliveryDetails"],
        json!({"Destination": "+*******4567", "DeliveryMedium": "SMS", "AttributeName": "phone_number"})
    );
}

#[test]
fn confirm_sign_up_checks_code_and_returns_session() {
    let m = Mock::new();
    let r = sign_up(&m, "jack", "jack@example.com");
    let session = r["Session"].as_str().unwrap();
    let code = m.last_code("jack");
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let (t, msg) = m.fail(
        "ConfirmSignUp",
        json!({"ClientId": m.client, "Username": "jack", "ConfirmationCode": wrong}),
    );
    assert_eq!(t, "CodeMismatchException");
    assert_eq!(msg, "Invalid verification code provided, please try again.");
    let c = m.ok(
        "ConfirmSignUp",
        json!({"ClientId": m.client, "Username": "jack", "ConfirmationCode": code, "Session": session}),
    );
    assert!(c["Session"].as_str().unwrap().len() >= 20);
    let u = m.ok(
        "AdminGetUser",
        json!({"UserPoolId": m.pool, "Username": "jack"}),
    );
    assert_eq!(u["UserStatus"], "CONFIRMED");
    assert!(
        u["UserAttributes"]
            .as_array()
            .unwrap()
            .contains(&json!({"Name": "email_verified", "Value": "true"}))
    );
    let (t, msg) = m.fail(
        "ConfirmSignUp",
        json!({"ClientId": m.client, "Username": "jack", "ConfirmationCode": code}),
    );
    assert_eq!(t, "NotAuthorizedException");
    assert_eq!(msg, "User cannot be confirmed. Current status is CONFIRMED");
}

#[test]
fn confirmation_codes_expire_after_a_day() {
    let m = Mock::new();
    sign_up(&m, "kim", "kim@example.com");
    let code = m.last_code("kim");
    m.svc.clock().advance(24 * 3600 + 1);
    let (t, msg) = m.fail(
        "ConfirmSignUp",
        json!({"ClientId": m.client, "Username": "kim", "ConfirmationCode": code}),
    );
    assert_eq!(t, "ExpiredCodeException");
    assert_eq!(msg, "Invalid code provided, please request a code again.");
    // A new code works.
    let r = m.ok(
        "ResendConfirmationCode",
        json!({"ClientId": m.client, "Username": "kim"}),
    );
    assert_eq!(r["CodeDeliveryDetails"]["DeliveryMedium"], "EMAIL");
    let code = m.last_code("kim");
    m.ok(
        "ConfirmSignUp",
        json!({"ClientId": m.client, "Username": "kim", "ConfirmationCode": code}),
    );
}

#[test]
fn confirmation_attempts_are_limited() {
    let m = Mock::toml("[[pools]]\nfixedCode = \"424242\"\n");
    sign_up(&m, "lee", "lee@example.com");
    let mut last = String::new();
    for _ in 0..5 {
        let (t, _) = m.fail(
            "ConfirmSignUp",
            json!({"ClientId": m.client, "Username": "lee", "ConfirmationCode": "111111"}),
        );
        last = t;
    }
    assert_eq!(last, "TooManyFailedAttemptsException");
    // The code is withdrawn: even the right one no longer works.
    let (t, _) = m.fail(
        "ConfirmSignUp",
        json!({"ClientId": m.client, "Username": "lee", "ConfirmationCode": "424242"}),
    );
    assert_eq!(t, "CodeMismatchException");
}

#[test]
fn resend_for_confirmed_user_and_rate_limit() {
    let m = Mock::new();
    sign_up(&m, "mia", "mia@example.com");
    for _ in 0..5 {
        m.ok(
            "ResendConfirmationCode",
            json!({"ClientId": m.client, "Username": "mia"}),
        );
    }
    let (t, msg) = m.fail(
        "ResendConfirmationCode",
        json!({"ClientId": m.client, "Username": "mia"}),
    );
    assert_eq!(t, "LimitExceededException");
    assert_eq!(msg, "Attempt limit exceeded, please try after some time.");
    assert_eq!(m.svc.codes(Some("mia"), None).len(), 6);
    m.confirmed_user("ned", Some("ned@example.com"));
    let (t, msg) = m.fail(
        "ResendConfirmationCode",
        json!({"ClientId": m.client, "Username": "ned"}),
    );
    assert_eq!(
        (t.as_str(), msg.as_str()),
        ("InvalidParameterException", "User is already confirmed.")
    );
}

#[test]
fn unknown_user_errors_depend_on_prevent_user_existence_errors() {
    let m = Mock::new();
    let (t, msg) = m.fail(
        "ForgotPassword",
        json!({"ClientId": m.client, "Username": "ghost"}),
    );
    assert_eq!(
        (t.as_str(), msg.as_str()),
        (
            "UserNotFoundException",
            "Username/client id combination not found."
        )
    );
    let p = Mock::toml("[[pools]]\n[[pools.clients]]\npreventUserExistenceErrors = true\n");
    let r = p.ok(
        "ForgotPassword",
        json!({"ClientId": p.client, "Username": "ghost@example.com"}),
    );
    assert_eq!(r["CodeDeliveryDetails"]["Destination"], "g***@e***");
    let a = p.password_auth("ghost", PASSWORD);
    assert_eq!(a.message(), "Incorrect username or password.");
}

#[test]
fn forgot_and_confirm_forgot_password() {
    let m = Mock::new();
    m.confirmed_user("olga", Some("olga@example.com"));
    let r = m.ok(
        "ForgotPassword",
        json!({"ClientId": m.client, "Username": "olga"}),
    );
    assert_eq!(r["CodeDeliveryDetails"]["Destination"], "o***@e***");
    let code = m.last_code("olga");
    let (t, _) = m.fail(
        "ConfirmForgotPassword",
        json!({"ClientId": m.client, "Username": "olga", "ConfirmationCode": code, "Password": "weak"}),
    );
    assert_eq!(t, "InvalidPasswordException");
    m.ok(
        "ConfirmForgotPassword",
        json!({"ClientId": m.client, "Username": "olga", "ConfirmationCode": code, "Password": "N3w-Passw0rd"}),
    );
    assert_eq!(
        m.password_auth("olga", PASSWORD).error_type(),
        "NotAuthorizedException"
    );
    assert_eq!(m.password_auth("olga", "N3w-Passw0rd").status, 200);
    assert_eq!(
        m.srp_sign_in("olga", "N3w-Passw0rd").status,
        200,
        "SRP verifier follows the new password"
    );
    // The code was single use.
    let (t, _) = m.fail(
        "ConfirmForgotPassword",
        json!({"ClientId": m.client, "Username": "olga", "ConfirmationCode": code, "Password": "An0ther-Pass"}),
    );
    assert_eq!(t, "CodeMismatchException");
}

#[test]
fn forgot_password_needs_a_verified_contact() {
    let m = Mock::new();
    m.confirmed_user("pam", None);
    let (t, msg) = m.fail(
        "ForgotPassword",
        json!({"ClientId": m.client, "Username": "pam"}),
    );
    assert_eq!(t, "InvalidParameterException");
    assert_eq!(
        msg,
        "Cannot reset password for the user as there is no registered/verified email or phone_number"
    );
}

#[test]
fn change_password() {
    let m = Mock::new();
    m.confirmed_user("quinn", None);
    let t = m.sign_in("quinn");
    let (e, msg) = m.fail(
        "ChangePassword",
        json!({"AccessToken": t["AccessToken"], "PreviousPassword": "Wr0ng-pass", "ProposedPassword": "N3w-Passw0rd"}),
    );
    assert_eq!(
        (e.as_str(), msg.as_str()),
        ("NotAuthorizedException", "Incorrect username or password.")
    );
    m.ok(
        "ChangePassword",
        json!({"AccessToken": t["AccessToken"], "PreviousPassword": PASSWORD, "ProposedPassword": "N3w-Passw0rd"}),
    );
    assert_eq!(m.srp_sign_in("quinn", "N3w-Passw0rd").status, 200);
    assert_eq!(m.password_auth("quinn", PASSWORD).status, 400);
}

#[test]
fn update_attributes_sends_verification_and_verify_attribute() {
    let m = Mock::new();
    m.confirmed_user("rae", Some("rae@example.com"));
    let t = m.sign_in("rae");
    let r = m.ok(
        "UpdateUserAttributes",
        json!({"AccessToken": t["AccessToken"], "UserAttributes": [
            {"Name": "email", "Value": "rae2@example.com"}, {"Name": "given_name", "Value": "Rae"}]}),
    );
    assert_eq!(r["CodeDeliveryDetailsList"][0]["Destination"], "r***@e***");
    let u = m.ok("GetUser", json!({"AccessToken": t["AccessToken"]}));
    let attrs = u["UserAttributes"].as_array().unwrap();
    assert!(attrs.contains(&json!({"Name": "email", "Value": "rae2@example.com"})));
    assert!(attrs.contains(&json!({"Name": "email_verified", "Value": "false"})));
    assert!(attrs.contains(&json!({"Name": "given_name", "Value": "Rae"})));
    let code = m.last_code("rae");
    m.ok(
        "VerifyUserAttribute",
        json!({"AccessToken": t["AccessToken"], "AttributeName": "email", "Code": code}),
    );
    let u = m.ok("GetUser", json!({"AccessToken": t["AccessToken"]}));
    assert!(
        u["UserAttributes"]
            .as_array()
            .unwrap()
            .contains(&json!({"Name": "email_verified", "Value": "true"}))
    );
    let (e, _) = m.fail(
        "UpdateUserAttributes",
        json!({"AccessToken": t["AccessToken"], "UserAttributes": [{"Name": "custom:nope", "Value": "1"}]}),
    );
    assert_eq!(e, "InvalidParameterException");
}

#[test]
fn delete_user_removes_it_and_its_tokens() {
    let m = Mock::new();
    m.confirmed_user("sam", None);
    let t = m.sign_in("sam");
    m.ok("DeleteUser", json!({"AccessToken": t["AccessToken"]}));
    let (e, _) = m.fail(
        "AdminGetUser",
        json!({"UserPoolId": m.pool, "Username": "sam"}),
    );
    assert_eq!(e, "UserNotFoundException");
    let (e, _) = m.fail("GetUser", json!({"AccessToken": t["AccessToken"]}));
    assert_eq!(e, "NotAuthorizedException");
    let (e, _) = m.fail(
        "InitiateAuth",
        json!({"AuthFlow": "REFRESH_TOKEN_AUTH", "ClientId": m.client, "AuthParameters": {"REFRESH_TOKEN": t["RefreshToken"]}}),
    );
    assert_eq!(e, "NotAuthorizedException");
}

#[test]
fn secret_hash_is_enforced_on_sign_up() {
    let secret = "abcdefghijklmnopqrstuvwxyz0123456789";
    let m = Mock::toml(&format!(
        "[[pools]]\n[[pools.clients]]\nsecret = \"{secret}\"\n"
    ));
    let (t, msg) = m.fail(
        "SignUp",
        json!({"ClientId": m.client, "Username": "tom", "Password": PASSWORD}),
    );
    assert_eq!(t, "NotAuthorizedException");
    assert_eq!(
        msg,
        format!(
            "Client {} is configured for secret but secret was not received",
            m.client
        )
    );
    let (t, msg) = m.fail(
        "SignUp",
        json!({"ClientId": m.client, "Username": "tom", "Password": PASSWORD, "SecretHash": "bm9wZQ=="}),
    );
    assert_eq!(t, "NotAuthorizedException");
    assert_eq!(
        msg,
        format!("Unable to verify secret hash for client {}", m.client)
    );
    let hash = cognito_auth_srp::secret_hash("tom", &m.client, secret);
    m.ok(
        "SignUp",
        json!({"ClientId": m.client, "Username": "tom", "Password": PASSWORD, "SecretHash": hash}),
    );
}

#[test]
fn unknown_client_is_resource_not_found() {
    let m = Mock::new();
    let (t, msg) = m.fail(
        "SignUp",
        json!({"ClientId": "nope", "Username": "u", "Password": PASSWORD}),
    );
    assert_eq!(t, "ResourceNotFoundException");
    assert_eq!(msg, "User pool client nope does not exist.");
}

/// Real Cognito returns SignUp's `Session` (the start of the auto sign-in
/// chain) only to app clients that allow USER_AUTH (aws/aws-sdk-js-v3#6724).
#[test]
fn sign_up_session_only_for_clients_allowing_user_auth() {
    let m = Mock::new();
    let client = m.ok(
        "CreateUserPoolClient",
        json!({"UserPoolId": m.pool, "ClientName": "srp-only",
               "ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]}),
    );
    let srp_only = client["UserPoolClient"]["ClientId"].as_str().unwrap();
    let r = m.ok(
        "SignUp",
        json!({"ClientId": srp_only, "Username": "nosession", "Password": PASSWORD,
               "UserAttributes": [{"Name": "email", "Value": "nosession@example.com"}]}),
    );
    assert!(r.get("Session").is_none(), "{r}");
    // The default client allows every flow, USER_AUTH included.
    let r = sign_up(&m, "withsession", "withsession@example.com");
    assert!(r["Session"].as_str().unwrap().len() >= 20);
}
