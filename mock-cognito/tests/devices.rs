//! Remembered devices: NewDeviceMetadata, ConfirmDevice, device SRP
//! (DEVICE_SRP_AUTH → DEVICE_PASSWORD_VERIFIER) with the srp crate's client
//! half, the device actions and their Admin twins, MFA interplay, persistence.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use cognito_auth_srp::{DeviceVerifierConfig, OsRandom, PasswordVerifierChallenge, SrpClient};
use serde_json::{Value, json};
use support::{Answer, Mock, PASSWORD};

const TRACKING: &str = "[[pools]]\ndeviceConfiguration = { challengeRequiredOnNewDevice = false, deviceOnlyRememberedOnUserPrompt = false }\n[[pools.users]]\nusername = \"dana\"\npassword = \"Passw0rd!\"\n[[pools.users]]\nusername = \"eve\"\npassword = \"Passw0rd!\"\n";

/// What Amplify keeps for a confirmed device.
struct Dev {
    key: String,
    group: String,
    password: String,
}

fn new_device_metadata(result: &Value) -> (String, String) {
    let md = &result["NewDeviceMetadata"];
    (
        md["DeviceKey"].as_str().expect("DeviceKey").to_owned(),
        md["DeviceGroupKey"]
            .as_str()
            .expect("DeviceGroupKey")
            .to_owned(),
    )
}

/// Password sign-in, then ConfirmDevice with a generated verifier.
fn confirm_new_device(m: &Mock, user: &str, name: &str) -> (Dev, Value, String) {
    let result = m.sign_in(user);
    let (key, group) = new_device_metadata(&result);
    let cfg = DeviceVerifierConfig::generate(&group, &key, &mut OsRandom).unwrap();
    let access = result["AccessToken"].as_str().unwrap().to_owned();
    let r = m.ok(
        "ConfirmDevice",
        json!({"AccessToken": access, "DeviceKey": key, "DeviceName": name,
               "DeviceSecretVerifierConfig": {"PasswordVerifier": cfg.password_verifier, "Salt": cfg.salt}}),
    );
    (
        Dev {
            key,
            group,
            password: cfg.random_password.expose().to_owned(),
        },
        r,
        access,
    )
}

fn now_ts(m: &Mock) -> String {
    cognito_auth_srp::timestamp::format(m.svc.clock().now_secs())
}

fn respond(m: &Mock, challenge: &str, session: &Value, responses: Value) -> Answer {
    m.call(
        "RespondToAuthChallenge",
        json!({"ChallengeName": challenge, "ClientId": m.client, "Session": session,
               "ChallengeResponses": responses}),
    )
}

/// Answers DEVICE_SRP_AUTH and DEVICE_PASSWORD_VERIFIER as Amplify does;
/// `device_password` may be wrong on purpose.
fn device_srp(
    m: &Mock,
    username: &str,
    dev: &Dev,
    session: &Value,
    device_password: &str,
) -> Answer {
    let client = SrpClient::new(&mut OsRandom).unwrap();
    let c = respond(
        m,
        "DEVICE_SRP_AUTH",
        session,
        json!({"USERNAME": username, "DEVICE_KEY": dev.key, "SRP_A": client.srp_a()}),
    );
    assert_eq!(c.status, 200, "{}", c.body);
    assert_eq!(
        c.body["ChallengeName"], "DEVICE_PASSWORD_VERIFIER",
        "{}",
        c.body
    );
    let p = &c.body["ChallengeParameters"];
    for k in ["SALT", "SRP_B", "SECRET_BLOCK", "USERNAME"] {
        assert!(p[k].as_str().is_some_and(|v| !v.is_empty()), "{k} in {p}");
    }
    let ch = PasswordVerifierChallenge {
        pool_name: &dev.group,
        user_id_for_srp: &dev.key,
        salt_hex: p["SALT"].as_str().unwrap(),
        srp_b_hex: p["SRP_B"].as_str().unwrap(),
        secret_block_b64: p["SECRET_BLOCK"].as_str().unwrap(),
    };
    let claim = client
        .password_claim(&ch, device_password, &now_ts(m))
        .unwrap();
    respond(
        m,
        "DEVICE_PASSWORD_VERIFIER",
        &c.body["Session"],
        json!({"USERNAME": p["USERNAME"], "DEVICE_KEY": dev.key,
               "PASSWORD_CLAIM_SECRET_BLOCK": claim.secret_block,
               "PASSWORD_CLAIM_SIGNATURE": claim.signature, "TIMESTAMP": claim.timestamp}),
    )
}

/// USER_SRP_AUTH whose PASSWORD_VERIFIER answer carries DEVICE_KEY (as
/// Amplify sends it). Returns the answer and the verifier answer body, for a
/// retry.
fn srp_with_device(m: &Mock, username: &str, device_key: Option<&str>) -> (Answer, Value) {
    let client = SrpClient::new(&mut OsRandom).unwrap();
    let init = m.ok(
        "InitiateAuth",
        json!({"AuthFlow": "USER_SRP_AUTH", "ClientId": m.client,
               "AuthParameters": {"USERNAME": username, "SRP_A": client.srp_a()}}),
    );
    let p = &init["ChallengeParameters"];
    let user_id = p["USER_ID_FOR_SRP"].as_str().unwrap().to_owned();
    let pool_name = m.pool_name();
    let ch = PasswordVerifierChallenge {
        pool_name: &pool_name,
        user_id_for_srp: &user_id,
        salt_hex: p["SALT"].as_str().unwrap(),
        srp_b_hex: p["SRP_B"].as_str().unwrap(),
        secret_block_b64: p["SECRET_BLOCK"].as_str().unwrap(),
    };
    let claim = client.password_claim(&ch, PASSWORD, &now_ts(m)).unwrap();
    let mut responses = json!({"USERNAME": user_id,
        "PASSWORD_CLAIM_SECRET_BLOCK": claim.secret_block,
        "PASSWORD_CLAIM_SIGNATURE": claim.signature, "TIMESTAMP": claim.timestamp});
    if let Some(k) = device_key {
        responses["DEVICE_KEY"] = json!(k);
    }
    let a = m.call(
        "RespondToAuthChallenge",
        json!({"ChallengeName": "PASSWORD_VERIFIER", "ClientId": m.client,
               "ChallengeResponses": responses}),
    );
    (a, responses)
}

fn password_with_device(m: &Mock, username: &str, device_key: &str) -> Answer {
    m.call(
        "InitiateAuth",
        json!({"AuthFlow": "USER_PASSWORD_AUTH", "ClientId": m.client,
               "AuthParameters": {"USERNAME": username, "PASSWORD": PASSWORD, "DEVICE_KEY": device_key}}),
    )
}

fn attr<'a>(device: &'a Value, name: &str) -> Option<&'a str> {
    device["DeviceAttributes"]
        .as_array()?
        .iter()
        .find(|a| a["Name"] == name)
        .and_then(|a| a["Value"].as_str())
}

fn list(m: &Mock, access: &str) -> Vec<Value> {
    m.ok("ListDevices", json!({"AccessToken": access, "Limit": 60}))["Devices"]
        .as_array()
        .unwrap()
        .clone()
}

#[test]
fn new_device_metadata_only_when_the_pool_tracks_devices() {
    let plain =
        Mock::toml("[[pools]]\n[[pools.users]]\nusername = \"dana\"\npassword = \"Passw0rd!\"\n");
    let r = plain.sign_in("dana");
    assert!(r.get("NewDeviceMetadata").is_none(), "{r}");
    // DEVICE_KEY is ignored without device tracking.
    let a = password_with_device(
        &plain,
        "dana",
        "us-east-1_00000000-0000-0000-0000-000000000000",
    );
    assert_eq!(a.status, 200, "{}", a.body);

    let m = Mock::toml(TRACKING);
    let r = m.sign_in("dana");
    let (key, group) = new_device_metadata(&r);
    let (region, uuid) = key.split_once('_').unwrap();
    assert_eq!(region, "us-east-1");
    assert_eq!(uuid.len(), 36, "{key}");
    assert!(group.starts_with('-') && group.len() > 1, "{group}");
    // Each sign-in without a key tracks another device.
    let (key2, _) = new_device_metadata(&m.sign_in("dana"));
    assert_ne!(key, key2);
    // The access token names the device; unconfirmed devices are not listed.
    let access = r["AccessToken"].as_str().unwrap();
    assert_eq!(Mock::claims(access)["device_key"], key.as_str());
    assert!(list(&m, access).is_empty());
}

#[test]
fn confirm_list_get_then_device_srp_sign_in_without_new_metadata() {
    let m = Mock::toml(TRACKING);
    let (dev, confirmed, access) = confirm_new_device(&m, "dana", "Rust test device");
    assert_eq!(confirmed["UserConfirmationNecessary"], false);

    let devices = list(&m, &access);
    assert_eq!(devices.len(), 1);
    let d = &devices[0];
    assert_eq!(d["DeviceKey"], dev.key.as_str());
    assert_eq!(attr(d, "device_name"), Some("Rust test device"));
    assert_eq!(attr(d, "device_status"), Some("valid"));
    assert_eq!(attr(d, "dev:device_remembered_status"), Some("remembered"));
    assert!(d["DeviceCreateDate"].is_number() && d["DeviceLastAuthenticatedDate"].is_number());
    let got = m.ok(
        "GetDevice",
        json!({"AccessToken": access, "DeviceKey": dev.key}),
    );
    assert_eq!(&got["Device"], d);
    let admin = m.ok(
        "AdminGetDevice",
        json!({"UserPoolId": m.pool, "Username": "dana", "DeviceKey": dev.key}),
    );
    assert_eq!(&admin["Device"], d);
    let admin_list = m.ok(
        "AdminListDevices",
        json!({"UserPoolId": m.pool, "Username": "dana"}),
    );
    assert_eq!(admin_list["Devices"].as_array().unwrap().len(), 1);

    // SRP sign-in presenting the device: DEVICE_SRP_AUTH after the password.
    let (a, _) = srp_with_device(&m, "dana", Some(&dev.key));
    assert_eq!(a.body["ChallengeName"], "DEVICE_SRP_AUTH", "{}", a.body);
    let session = a.body["Session"].clone();
    let done = device_srp(&m, "dana", &dev, &session, &dev.password);
    assert_eq!(done.status, 200, "{}", done.body);
    let result = &done.body["AuthenticationResult"];
    assert!(result["AccessToken"].is_string() && result["RefreshToken"].is_string());
    assert!(result.get("NewDeviceMetadata").is_none(), "{result}");
    let claims = Mock::claims(result["AccessToken"].as_str().unwrap());
    assert_eq!(claims["device_key"], dev.key.as_str());
    // The DEVICE_SRP_AUTH session was single use.
    let again = respond(
        &m,
        "DEVICE_SRP_AUTH",
        &session,
        json!({"USERNAME": "dana", "DEVICE_KEY": dev.key, "SRP_A": "02"}),
    );
    assert_eq!(
        again.error_type(),
        "NotAuthorizedException",
        "{}",
        again.body
    );

    // USER_PASSWORD_AUTH with DEVICE_KEY goes the same way.
    let a = password_with_device(&m, "dana", &dev.key);
    assert_eq!(a.body["ChallengeName"], "DEVICE_SRP_AUTH", "{}", a.body);
    let done = device_srp(&m, "dana", &dev, &a.body["Session"], &dev.password);
    assert_eq!(done.status, 200, "{}", done.body);
    assert!(
        done.body["AuthenticationResult"]
            .get("NewDeviceMetadata")
            .is_none()
    );
}

#[test]
fn a_wrong_device_proof_is_refused() {
    let m = Mock::toml(TRACKING);
    let (dev, _, _) = confirm_new_device(&m, "dana", "d");
    let a = password_with_device(&m, "dana", &dev.key);
    let r = device_srp(
        &m,
        "dana",
        &dev,
        &a.body["Session"],
        "not-the-device-password",
    );
    assert_eq!(
        (r.error_type(), r.message()),
        ("NotAuthorizedException", "Incorrect username or password."),
        "{}",
        r.body
    );
    // Another user's device key is not the user's device.
    let other = password_with_device(&m, "eve", &dev.key);
    assert_eq!(
        (other.error_type(), other.message()),
        ("ResourceNotFoundException", "Device does not exist.")
    );
    // DEVICE_SRP_AUTH naming another key than the sign-in presented.
    let a = password_with_device(&m, "dana", &dev.key);
    let bad = respond(
        &m,
        "DEVICE_SRP_AUTH",
        &a.body["Session"],
        json!({"USERNAME": "dana", "DEVICE_KEY": "us-east-1_11111111-2222-3333-4444-555555555555",
               "SRP_A": SrpClient::new(&mut OsRandom).unwrap().srp_a()}),
    );
    assert_eq!(
        bad.error_type(),
        "ResourceNotFoundException",
        "{}",
        bad.body
    );
    // Missing parameters.
    let a = password_with_device(&m, "dana", &dev.key);
    let bad = respond(
        &m,
        "DEVICE_SRP_AUTH",
        &a.body["Session"],
        json!({"USERNAME": "dana", "DEVICE_KEY": dev.key}),
    );
    assert_eq!(
        (bad.error_type(), bad.message()),
        (
            "InvalidParameterException",
            "Missing required parameter SRP_A"
        )
    );
}

#[test]
fn forgotten_device_is_unknown_again_and_amplifys_retry_works() {
    let m = Mock::toml(TRACKING);
    let (dev, _, access) = confirm_new_device(&m, "dana", "d");
    m.ok(
        "ForgetDevice",
        json!({"AccessToken": access, "DeviceKey": dev.key}),
    );
    assert!(list(&m, &access).is_empty());
    let (t, msg) = m.fail(
        "GetDevice",
        json!({"AccessToken": access, "DeviceKey": dev.key}),
    );
    assert_eq!(
        (t.as_str(), msg.as_str()),
        ("ResourceNotFoundException", "Device does not exist.")
    );
    let (t, _) = m.fail(
        "ForgetDevice",
        json!({"AccessToken": access, "DeviceKey": dev.key}),
    );
    assert_eq!(t, "ResourceNotFoundException");

    let a = password_with_device(&m, "dana", &dev.key);
    assert_eq!(
        (a.error_type(), a.message()),
        ("ResourceNotFoundException", "Device does not exist.")
    );
    // SRP: the verifier answer with the unknown key fails, and the very same
    // answer without DEVICE_KEY (Amplify's retry) then signs in with a new device.
    let (a, mut responses) = srp_with_device(&m, "dana", Some(&dev.key));
    assert_eq!(a.error_type(), "ResourceNotFoundException", "{}", a.body);
    responses.as_object_mut().unwrap().remove("DEVICE_KEY");
    let retry = m.call(
        "RespondToAuthChallenge",
        json!({"ChallengeName": "PASSWORD_VERIFIER", "ClientId": m.client, "ChallengeResponses": responses}),
    );
    assert_eq!(retry.status, 200, "{}", retry.body);
    let (new_key, _) = new_device_metadata(&retry.body["AuthenticationResult"]);
    assert_ne!(new_key, dev.key);
}

#[test]
fn a_remembered_device_replaces_mfa_only_when_the_pool_says_so() {
    for challenge_required in [true, false] {
        let m = Mock::toml(&format!(
            "[[pools]]\nmfa = \"ON\"\nmfaTypes = [\"SMS_MFA\"]\nfixedCode = \"123456\"\ndeviceConfiguration = {{ challengeRequiredOnNewDevice = {challenge_required} }}\n[[pools.users]]\nusername = \"sid\"\npassword = \"Passw0rd!\"\nattributes = {{ phone_number = \"+15550001234\", phone_number_verified = \"true\" }}\nmfaEnabled = [\"SMS_MFA\"]\n"
        ));
        // A new device: MFA, then tokens with NewDeviceMetadata.
        let c = m.password_auth("sid", PASSWORD);
        assert_eq!(c.body["ChallengeName"], "SMS_MFA", "{}", c.body);
        let r = respond(
            &m,
            "SMS_MFA",
            &c.body["Session"],
            json!({"USERNAME": "sid", "SMS_MFA_CODE": "123456"}),
        );
        let result = &r.body["AuthenticationResult"];
        let (key, group) = new_device_metadata(result);
        let cfg = DeviceVerifierConfig::generate(&group, &key, &mut OsRandom).unwrap();
        m.ok(
            "ConfirmDevice",
            json!({"AccessToken": result["AccessToken"], "DeviceKey": key,
                   "DeviceSecretVerifierConfig": {"PasswordVerifier": cfg.password_verifier, "Salt": cfg.salt}}),
        );
        let dev = Dev {
            key,
            group,
            password: cfg.random_password.expose().to_owned(),
        };
        // The remembered device signs in.
        let mut a = password_with_device(&m, "sid", &dev.key);
        if !challenge_required {
            // Without ChallengeRequiredOnNewDevice, MFA still comes first.
            assert_eq!(a.body["ChallengeName"], "SMS_MFA", "{}", a.body);
            a = respond(
                &m,
                "SMS_MFA",
                &a.body["Session"],
                json!({"USERNAME": "sid", "SMS_MFA_CODE": "123456", "DEVICE_KEY": dev.key}),
            );
        }
        assert_eq!(
            a.body["ChallengeName"], "DEVICE_SRP_AUTH",
            "{challenge_required}: {}",
            a.body
        );
        let done = device_srp(&m, "sid", &dev, &a.body["Session"], &dev.password);
        assert_eq!(done.status, 200, "{}", done.body);
        assert!(done.body["AuthenticationResult"]["IdToken"].is_string());
    }
}

#[test]
fn user_prompt_pools_remember_only_after_update_device_status() {
    let m = Mock::toml(
        "[[pools]]\nmfa = \"ON\"\nmfaTypes = [\"SMS_MFA\"]\nfixedCode = \"123456\"\ndeviceConfiguration = { challengeRequiredOnNewDevice = true, deviceOnlyRememberedOnUserPrompt = true }\n[[pools.users]]\nusername = \"sid\"\npassword = \"Passw0rd!\"\nattributes = { phone_number = \"+15550001234\", phone_number_verified = \"true\" }\nmfaEnabled = [\"SMS_MFA\"]\n",
    );
    let c = m.password_auth("sid", PASSWORD);
    let r = respond(
        &m,
        "SMS_MFA",
        &c.body["Session"],
        json!({"USERNAME": "sid", "SMS_MFA_CODE": "123456"}),
    );
    let result = r.body["AuthenticationResult"].clone();
    let access = result["AccessToken"].as_str().unwrap().to_owned();
    let (key, group) = new_device_metadata(&result);
    let cfg = DeviceVerifierConfig::generate(&group, &key, &mut OsRandom).unwrap();
    let confirmed = m.ok(
        "ConfirmDevice",
        json!({"AccessToken": access, "DeviceKey": key,
               "DeviceSecretVerifierConfig": {"PasswordVerifier": cfg.password_verifier, "Salt": cfg.salt}}),
    );
    assert_eq!(confirmed["UserConfirmationNecessary"], true);
    let dev = Dev {
        key: key.clone(),
        group,
        password: cfg.random_password.expose().to_owned(),
    };
    assert_eq!(
        attr(&list(&m, &access)[0], "dev:device_remembered_status"),
        Some("not_remembered")
    );
    // Not remembered: MFA first, then the device proves itself.
    let a = password_with_device(&m, "sid", &key);
    assert_eq!(a.body["ChallengeName"], "SMS_MFA", "{}", a.body);
    // Remembered: the device replaces MFA.
    m.ok(
        "UpdateDeviceStatus",
        json!({"AccessToken": access, "DeviceKey": key, "DeviceRememberedStatus": "remembered"}),
    );
    assert_eq!(
        attr(&list(&m, &access)[0], "dev:device_remembered_status"),
        Some("remembered")
    );
    let a = password_with_device(&m, "sid", &key);
    assert_eq!(a.body["ChallengeName"], "DEVICE_SRP_AUTH", "{}", a.body);
    assert_eq!(
        device_srp(&m, "sid", &dev, &a.body["Session"], &dev.password).status,
        200
    );
    // The admin can take it back.
    m.ok(
        "AdminUpdateDeviceStatus",
        json!({"UserPoolId": m.pool, "Username": "sid", "DeviceKey": key, "DeviceRememberedStatus": "not_remembered"}),
    );
    let a = password_with_device(&m, "sid", &key);
    assert_eq!(a.body["ChallengeName"], "SMS_MFA", "{}", a.body);
    let (t, msg) = m.fail(
        "UpdateDeviceStatus",
        json!({"AccessToken": access, "DeviceKey": key, "DeviceRememberedStatus": "forever"}),
    );
    assert_eq!(t, "InvalidParameterException", "{msg}");
}

#[test]
fn list_devices_pages_and_checks_its_limit() {
    let m = Mock::toml(TRACKING);
    let mut keys = Vec::new();
    let mut access = String::new();
    for i in 0..3 {
        m.svc.clock().advance(1);
        let (dev, _, a) = confirm_new_device(&m, "dana", &format!("device {i}"));
        keys.push(dev.key);
        access = a;
    }
    let p1 = m.ok("ListDevices", json!({"AccessToken": access, "Limit": 2}));
    let token = p1["PaginationToken"]
        .as_str()
        .expect("a next page")
        .to_owned();
    let p2 = m.ok(
        "ListDevices",
        json!({"AccessToken": access, "Limit": 2, "PaginationToken": token}),
    );
    assert!(p2.get("PaginationToken").is_none(), "{p2}");
    let seen: Vec<&str> = p1["Devices"]
        .as_array()
        .unwrap()
        .iter()
        .chain(p2["Devices"].as_array().unwrap())
        .map(|d| d["DeviceKey"].as_str().unwrap())
        .collect();
    assert_eq!(seen, keys);
    let admin = m.ok(
        "AdminListDevices",
        json!({"UserPoolId": m.pool, "Username": "dana", "Limit": 1}),
    );
    assert_eq!(admin["Devices"].as_array().unwrap().len(), 1);
    assert!(admin["PaginationToken"].is_string());
    let (t, _) = m.fail("ListDevices", json!({"AccessToken": access, "Limit": 61}));
    assert_eq!(t, "InvalidParameterException");
    let (t, msg) = m.fail(
        "ListDevices",
        json!({"AccessToken": access, "PaginationToken": "!!"}),
    );
    assert_eq!(
        (t.as_str(), msg.as_str()),
        ("InvalidParameterException", "Invalid pagination token.")
    );
    let (t, _) = m.fail("ListDevices", json!({"AccessToken": "not-a-token"}));
    assert_eq!(t, "NotAuthorizedException");
}

#[test]
fn device_action_errors() {
    let m = Mock::toml(TRACKING);
    let (dev, _, access) = confirm_new_device(&m, "dana", "d");
    let eve = m.sign_in("eve");
    let eve_access = eve["AccessToken"].as_str().unwrap();
    let (eve_key, _) = new_device_metadata(&eve);
    // Someone else's device does not exist for this user.
    let (t, _) = m.fail(
        "GetDevice",
        json!({"AccessToken": eve_access, "DeviceKey": dev.key}),
    );
    assert_eq!(t, "ResourceNotFoundException");
    let (t, _) = m.fail(
        "ForgetDevice",
        json!({"AccessToken": eve_access, "DeviceKey": dev.key}),
    );
    assert_eq!(t, "ResourceNotFoundException");
    // Confirming twice, an unknown key, no verifier, a malformed verifier.
    let cfg = DeviceVerifierConfig::generate("-g", &dev.key, &mut OsRandom).unwrap();
    let verifier = json!({"PasswordVerifier": cfg.password_verifier, "Salt": cfg.salt});
    let (t, _) = m.fail(
        "ConfirmDevice",
        json!({"AccessToken": access, "DeviceKey": dev.key, "DeviceSecretVerifierConfig": verifier}),
    );
    assert_eq!(t, "DeviceKeyExistsException");
    let (t, _) = m.fail(
        "ConfirmDevice",
        json!({"AccessToken": access, "DeviceKey": eve_key, "DeviceSecretVerifierConfig": verifier}),
    );
    assert_eq!(t, "ResourceNotFoundException");
    let (t, _) = m.fail(
        "ConfirmDevice",
        json!({"AccessToken": eve_access, "DeviceKey": eve_key}),
    );
    assert_eq!(t, "InvalidParameterException");
    let (t, _) = m.fail(
        "ConfirmDevice",
        json!({"AccessToken": eve_access, "DeviceKey": eve_key,
               "DeviceSecretVerifierConfig": {"PasswordVerifier": "%%%", "Salt": "AA=="}}),
    );
    assert_eq!(t, "InvalidParameterException");
    // An unconfirmed device is not a device to sign in with or to read.
    let (t, _) = m.fail(
        "GetDevice",
        json!({"AccessToken": eve_access, "DeviceKey": eve_key}),
    );
    assert_eq!(t, "ResourceNotFoundException");
    assert_eq!(
        password_with_device(&m, "eve", &eve_key).error_type(),
        "ResourceNotFoundException"
    );
    // Admin twins: unknown user, unknown device.
    let (t, _) = m.fail(
        "AdminGetDevice",
        json!({"UserPoolId": m.pool, "Username": "nobody", "DeviceKey": dev.key}),
    );
    assert_eq!(t, "UserNotFoundException");
    let (t, _) = m.fail(
        "AdminForgetDevice",
        json!({"UserPoolId": m.pool, "Username": "eve", "DeviceKey": dev.key}),
    );
    assert_eq!(t, "ResourceNotFoundException");
    m.ok(
        "AdminForgetDevice",
        json!({"UserPoolId": m.pool, "Username": "dana", "DeviceKey": dev.key}),
    );
    let (t, _) = m.fail(
        "AdminGetDevice",
        json!({"UserPoolId": m.pool, "Username": "dana", "DeviceKey": dev.key}),
    );
    assert_eq!(t, "ResourceNotFoundException");
    let (t, _) = m.fail("GetDevice", json!({"DeviceKey": dev.key}));
    assert_eq!(t, "InvalidParameterException");
}

#[test]
fn pools_created_through_the_api_track_devices_until_updated_without() {
    let m = Mock::new();
    let pool = m.ok(
        "CreateUserPool",
        json!({"PoolName": "devices", "DeviceConfiguration": {"ChallengeRequiredOnNewDevice": true}}),
    )["UserPool"]["Id"]
        .as_str()
        .unwrap()
        .to_owned();
    let client = m.ok(
        "CreateUserPoolClient",
        json!({"UserPoolId": pool, "ClientName": "c", "ExplicitAuthFlows": ["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]}),
    )["UserPoolClient"]["ClientId"]
        .as_str()
        .unwrap()
        .to_owned();
    m.ok(
        "AdminCreateUser",
        json!({"UserPoolId": pool, "Username": "ann", "MessageAction": "SUPPRESS"}),
    );
    m.ok(
        "AdminSetUserPassword",
        json!({"UserPoolId": pool, "Username": "ann", "Password": PASSWORD, "Permanent": true}),
    );
    let sign_in = || {
        m.ok(
            "AdminInitiateAuth",
            json!({"UserPoolId": pool, "ClientId": client, "AuthFlow": "ADMIN_USER_PASSWORD_AUTH",
                   "AuthParameters": {"USERNAME": "ann", "PASSWORD": PASSWORD}}),
        )["AuthenticationResult"]
            .clone()
    };
    assert!(sign_in()["NewDeviceMetadata"]["DeviceKey"].is_string());
    let d = m.ok("DescribeUserPool", json!({"UserPoolId": pool}));
    assert_eq!(
        d["UserPool"]["DeviceConfiguration"]["ChallengeRequiredOnNewDevice"],
        true
    );
    m.ok("UpdateUserPool", json!({"UserPoolId": pool}));
    assert!(sign_in().get("NewDeviceMetadata").is_none());
}

#[test]
fn devices_survive_global_sign_out_and_the_state_file_and_old_files_load() {
    let dir = std::env::temp_dir().join(format!("mock-cognito-devices-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("state.json");
    let _ = std::fs::remove_file(&path);
    let cfg = mock_cognito::Config::from_toml(TRACKING).unwrap();
    let open = || {
        let svc = mock_cognito::build_service(&cfg, Some(path.clone())).unwrap();
        Mock {
            pool: svc.user_pool_id(),
            client: svc.client_id(),
            svc,
        }
    };
    let dev = {
        let m = open();
        let (dev, _, access) = confirm_new_device(&m, "dana", "kept");
        m.ok("GlobalSignOut", json!({"AccessToken": access}));
        m.svc.flush().unwrap();
        dev
    };
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        !text.contains(&dev.password),
        "the device password never reaches the server"
    );
    {
        let m = open();
        let listed = m.ok(
            "AdminListDevices",
            json!({"UserPoolId": m.pool, "Username": "dana"}),
        );
        assert_eq!(listed["Devices"][0]["DeviceKey"], dev.key.as_str());
        let a = password_with_device(&m, "dana", &dev.key);
        assert_eq!(a.body["ChallengeName"], "DEVICE_SRP_AUTH", "{}", a.body);
        let done = device_srp(&m, "dana", &dev, &a.body["Session"], &dev.password);
        assert_eq!(done.status, 200, "{}", done.body);
    }
    // A file written before devices (no `devices` anywhere) loads.
    let mut v: Value = serde_json::from_str(&text).unwrap();
    fn strip(v: &mut Value) {
        match v {
            Value::Object(o) => {
                o.remove("devices");
                o.values_mut().for_each(strip);
            }
            Value::Array(a) => a.iter_mut().for_each(strip),
            _ => {}
        }
    }
    strip(&mut v);
    assert!(!v.to_string().contains("\"devices\""));
    std::fs::write(&path, v.to_string()).unwrap();
    let m = open();
    let listed = m.ok(
        "AdminListDevices",
        json!({"UserPoolId": m.pool, "Username": "dana"}),
    );
    assert_eq!(listed["Devices"].as_array().unwrap().len(), 0);
    assert!(m.sign_in("dana")["NewDeviceMetadata"]["DeviceKey"].is_string());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn custom_auth_with_a_device_key_ends_in_device_srp() {
    let m = Mock::toml(
        "[[pools]]\ndeviceConfiguration = {}\n[[pools.users]]\nusername = \"dana\"\npassword = \"Passw0rd!\"\nattributes = { email = \"dana@example.com\", email_verified = \"true\" }\n",
    );
    let (dev, _, _) = confirm_new_device(&m, "dana", "d");
    let c = m.ok(
        "InitiateAuth",
        json!({"AuthFlow": "CUSTOM_AUTH", "ClientId": m.client,
               "AuthParameters": {"USERNAME": "dana", "DEVICE_KEY": dev.key}}),
    );
    assert_eq!(c["ChallengeName"], "CUSTOM_CHALLENGE", "{c}");
    let code = m
        .svc
        .codes(Some("dana"), None)
        .into_iter()
        .rfind(|c| c.purpose == "CUSTOM_CHALLENGE")
        .expect("a custom challenge code")
        .code
        .clone();
    let a = respond(
        &m,
        "CUSTOM_CHALLENGE",
        &c["Session"],
        json!({"USERNAME": "dana", "ANSWER": code, "DEVICE_KEY": dev.key}),
    );
    assert_eq!(a.body["ChallengeName"], "DEVICE_SRP_AUTH", "{}", a.body);
    let done = device_srp(&m, "dana", &dev, &a.body["Session"], &dev.password);
    assert_eq!(done.status, 200, "{}", done.body);
    assert!(
        done.body["AuthenticationResult"]
            .get("NewDeviceMetadata")
            .is_none()
    );
}

#[test]
fn refreshed_access_tokens_keep_the_device_until_it_is_forgotten() {
    let m = Mock::toml(TRACKING);
    let (dev, _, _) = confirm_new_device(&m, "dana", "d");
    let a = password_with_device(&m, "dana", &dev.key);
    let done = device_srp(&m, "dana", &dev, &a.body["Session"], &dev.password);
    let result = done.body["AuthenticationResult"].clone();
    let refresh = result["RefreshToken"].as_str().unwrap();
    let access = result["AccessToken"].as_str().unwrap();
    let refreshed = |flow: &str| -> Value {
        let r = if flow == "GetTokensFromRefreshToken" {
            m.ok(
                "GetTokensFromRefreshToken",
                json!({"ClientId": m.client, "RefreshToken": refresh, "DeviceKey": dev.key}),
            )
        } else {
            m.ok(
                "InitiateAuth",
                json!({"AuthFlow": "REFRESH_TOKEN_AUTH", "ClientId": m.client,
                       "AuthParameters": {"REFRESH_TOKEN": refresh, "DEVICE_KEY": dev.key}}),
            )
        };
        Mock::claims(r["AuthenticationResult"]["AccessToken"].as_str().unwrap())
    };
    for flow in ["REFRESH_TOKEN_AUTH", "GetTokensFromRefreshToken"] {
        assert_eq!(refreshed(flow)["device_key"], dev.key.as_str(), "{flow}");
    }
    m.ok(
        "ForgetDevice",
        json!({"AccessToken": access, "DeviceKey": dev.key}),
    );
    for flow in ["REFRESH_TOKEN_AUTH", "GetTokensFromRefreshToken"] {
        assert!(refreshed(flow).get("device_key").is_none(), "{flow}");
    }
}
