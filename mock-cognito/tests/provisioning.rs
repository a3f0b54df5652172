//! Pools, clients, admin user management, ListUsers, MFA settings.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use serde_json::{Value, json};
use support::{Mock, PASSWORD};

fn create_pool(m: &Mock, body: Value) -> Value {
    m.ok("CreateUserPool", body)["UserPool"].clone()
}

#[test]
fn create_user_pool_defaults() {
    let m = Mock::new();
    let p = create_pool(&m, json!({"PoolName": "app"}));
    let id = p["Id"].as_str().unwrap();
    let (region, name) = id.split_once('_').unwrap();
    assert_eq!(region, "us-east-1");
    assert_eq!(name.len(), 9);
    assert!(name.chars().all(|c| c.is_ascii_alphanumeric()));
    assert_eq!(
        p["Arn"],
        format!("arn:aws:cognito-idp:us-east-1:123456789012:userpool/{id}")
    );
    assert_eq!(
        p["Policies"]["PasswordPolicy"],
        json!({"MinimumLength": 8, "RequireUppercase": true, "RequireLowercase": true,
               "RequireNumbers": true, "RequireSymbols": true, "PasswordHistorySize": 0,
               "TemporaryPasswordValidityDays": 7})
    );
    assert_eq!(p["MfaConfiguration"], "OFF");
    assert_eq!(p["UsernameConfiguration"]["CaseSensitive"], true);
    assert_eq!(p["UserPoolTier"], "ESSENTIALS");
    assert!(p["CreationDate"].as_f64().unwrap() > 1.7e9);
    let schema = p["SchemaAttributes"].as_array().unwrap();
    assert!(
        schema
            .iter()
            .any(|a| a["Name"] == "sub" && a["Required"] == true)
    );
    assert!(schema.iter().any(|a| a["Name"] == "email"));
    let d = m.ok("DescribeUserPool", json!({"UserPoolId": id}));
    assert_eq!(d["UserPool"]["Name"], "app");
}

#[test]
fn create_user_pool_with_settings_and_custom_attributes() {
    let m = Mock::new();
    let p = create_pool(
        &m,
        json!({"PoolName": "custom",
               "Policies": {"PasswordPolicy": {"MinimumLength": 6}},
               "UsernameAttributes": ["email"], "AutoVerifiedAttributes": ["email"],
               "Schema": [{"Name": "tenant", "AttributeDataType": "String", "Mutable": true}],
               "UserPoolTags": {"team": "auth"},
               "LambdaConfig": {"PreSignUp": "arn:aws:lambda:us-east-1:123456789012:function:f"}}),
    );
    assert_eq!(p["Policies"]["PasswordPolicy"]["MinimumLength"], 6);
    assert_eq!(p["Policies"]["PasswordPolicy"]["RequireUppercase"], false);
    assert_eq!(p["UsernameAttributes"], json!(["email"]));
    assert_eq!(p["UserPoolTags"], json!({"team": "auth"}));
    assert!(p["LambdaConfig"]["PreSignUp"].is_string());
    assert!(
        p["SchemaAttributes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["Name"] == "custom:tenant")
    );
    let id = p["Id"].as_str().unwrap();
    m.ok(
        "AdminCreateUser",
        json!({"UserPoolId": id, "Username": "a@example.com", "MessageAction": "SUPPRESS",
               "UserAttributes": [{"Name": "custom:tenant", "Value": "t1"}]}),
    );
    let (t, _) = m.fail(
        "CreateUserPool",
        json!({"PoolName": "bad", "Policies": {"PasswordPolicy": {"MinimumLength": 4}}}),
    );
    assert_eq!(t, "InvalidParameterException");
    let (t, _) = m.fail("CreateUserPool", json!({"PoolName": ""}));
    assert_eq!(t, "InvalidParameterException");
}

#[test]
fn update_delete_and_list_user_pools() {
    let m = Mock::new();
    let p = create_pool(
        &m,
        json!({"PoolName": "one", "DeletionProtection": "ACTIVE"}),
    );
    let id = p["Id"].as_str().unwrap().to_owned();
    let (t, msg) = m.fail("DeleteUserPool", json!({"UserPoolId": id}));
    assert_eq!(t, "InvalidParameterException");
    assert!(msg.contains("deletion protection"));
    m.ok(
        "UpdateUserPool",
        json!({"UserPoolId": id, "Policies": {"PasswordPolicy": {"MinimumLength": 10, "RequireNumbers": true}},
               "AutoVerifiedAttributes": ["email"]}),
    );
    let d = m.ok("DescribeUserPool", json!({"UserPoolId": id}))["UserPool"].clone();
    assert_eq!(d["Policies"]["PasswordPolicy"]["MinimumLength"], 10);
    assert_eq!(
        d["DeletionProtection"], "INACTIVE",
        "omitted fields go back to defaults"
    );
    for i in 0..3 {
        create_pool(&m, json!({"PoolName": format!("p{i}")}));
    }
    let mut seen = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let mut body = json!({"MaxResults": 2});
        if let Some(t) = &token {
            body["NextToken"] = json!(t);
        }
        let r = m.ok("ListUserPools", body);
        for p in r["UserPools"].as_array().unwrap() {
            seen.push(p["Id"].as_str().unwrap().to_owned());
        }
        match r["NextToken"].as_str() {
            Some(t) => token = Some(t.to_owned()),
            None => break,
        }
    }
    assert_eq!(seen.len(), 5, "default + 4 created: {seen:?}");
    m.ok("DeleteUserPool", json!({"UserPoolId": seen[1]}));
    let (t, _) = m.fail("DescribeUserPool", json!({"UserPoolId": seen[1]}));
    assert_eq!(t, "ResourceNotFoundException");
    let (t, _) = m.fail("ListUserPools", json!({}));
    assert_eq!(t, "InvalidParameterException");
}

#[test]
fn user_pool_clients() {
    let m = Mock::new();
    let c = m.ok(
        "CreateUserPoolClient",
        json!({"UserPoolId": m.pool, "ClientName": "web", "GenerateSecret": true,
               "ExplicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
               "AccessTokenValidity": 5, "IdTokenValidity": 10,
               "TokenValidityUnits": {"AccessToken": "minutes", "IdToken": "minutes"},
               "PreventUserExistenceErrors": "ENABLED", "AuthSessionValidity": 5,
               "CallbackURLs": ["https://example.com/cb"]}),
    )["UserPoolClient"]
        .clone();
    let id = c["ClientId"].as_str().unwrap();
    assert_eq!(id.len(), 26);
    assert!(c["ClientSecret"].as_str().unwrap().len() >= 24);
    assert_eq!(c["AccessTokenValidity"], 5);
    assert_eq!(c["TokenValidityUnits"]["AccessToken"], "minutes");
    assert_eq!(c["PreventUserExistenceErrors"], "ENABLED");
    assert_eq!(c["EnableTokenRevocation"], true);
    assert_eq!(c["AuthSessionValidity"], 5);
    assert_eq!(c["CallbackURLs"], json!(["https://example.com/cb"]));
    let d = m.ok(
        "DescribeUserPoolClient",
        json!({"UserPoolId": m.pool, "ClientId": id}),
    );
    assert_eq!(d["UserPoolClient"]["ClientName"], "web");
    let u = m.ok(
        "UpdateUserPoolClient",
        json!({"UserPoolId": m.pool, "ClientId": id, "ClientName": "web2", "ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH"]}),
    );
    assert_eq!(u["UserPoolClient"]["ClientName"], "web2");
    assert_eq!(u["UserPoolClient"]["ClientSecret"], c["ClientSecret"]);
    let l = m.ok("ListUserPoolClients", json!({"UserPoolId": m.pool}));
    assert_eq!(l["UserPoolClients"].as_array().unwrap().len(), 2);
    for bad in [
        json!({"UserPoolId": m.pool, "ClientName": "x", "AuthSessionValidity": 20}),
        json!({"UserPoolId": m.pool, "ClientName": "x", "AccessTokenValidity": 2, "TokenValidityUnits": {"AccessToken": "days"}}),
        json!({"UserPoolId": m.pool, "ClientName": "x", "ExplicitAuthFlows": ["USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH"]}),
    ] {
        let (t, _) = m.fail("CreateUserPoolClient", bad);
        assert_eq!(t, "InvalidParameterException");
    }
    m.ok(
        "DeleteUserPoolClient",
        json!({"UserPoolId": m.pool, "ClientId": id}),
    );
    let (t, msg) = m.fail(
        "DescribeUserPoolClient",
        json!({"UserPoolId": m.pool, "ClientId": id}),
    );
    assert_eq!(t, "ResourceNotFoundException");
    assert_eq!(msg, format!("User pool client {id} does not exist."));
}

#[test]
fn admin_create_user_gets_force_change_password_and_invitation() {
    let m = Mock::new();
    let r = m.ok(
        "AdminCreateUser",
        json!({"UserPoolId": m.pool, "Username": "uma", "TemporaryPassword": "Temp0rary!",
               "UserAttributes": [{"Name": "email", "Value": "uma@example.com"}],
               "DesiredDeliveryMediums": ["EMAIL"]}),
    );
    let u = &r["User"];
    assert_eq!(u["Username"], "uma");
    assert_eq!(u["UserStatus"], "FORCE_CHANGE_PASSWORD");
    assert_eq!(u["Enabled"], true);
    assert!(
        u["Attributes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["Name"] == "sub")
    );
    let codes = m.svc.codes(Some("uma"), None);
    assert_eq!(codes.len(), 1);
    assert_eq!(codes[0].purpose, "INVITATION");
    assert_eq!(codes[0].code, "Temp0rary!");
    let (t, _) = m.fail(
        "AdminCreateUser",
        json!({"UserPoolId": m.pool, "Username": "uma"}),
    );
    assert_eq!(t, "UsernameExistsException");
    // RESEND issues a new temporary password.
    m.ok(
        "AdminCreateUser",
        json!({"UserPoolId": m.pool, "Username": "uma", "MessageAction": "RESEND", "DesiredDeliveryMediums": ["EMAIL"]}),
    );
    let codes = m.svc.codes(Some("uma"), None);
    assert_eq!(codes.len(), 2);
    assert_ne!(codes[1].code, "Temp0rary!");
    let (t, _) = m.fail(
        "AdminCreateUser",
        json!({"UserPoolId": m.pool, "Username": "vic", "TemporaryPassword": "short"}),
    );
    assert_eq!(t, "InvalidPasswordException");
}

#[test]
fn admin_confirm_disable_enable_delete() {
    let m = Mock::new();
    m.ok(
        "SignUp",
        json!({"ClientId": m.client, "Username": "walt", "Password": PASSWORD}),
    );
    assert_eq!(
        m.password_auth("walt", PASSWORD).error_type(),
        "UserNotConfirmedException"
    );
    m.ok(
        "AdminConfirmSignUp",
        json!({"UserPoolId": m.pool, "Username": "walt"}),
    );
    let (t, msg) = m.fail(
        "AdminConfirmSignUp",
        json!({"UserPoolId": m.pool, "Username": "walt"}),
    );
    assert_eq!(
        (t.as_str(), msg.as_str()),
        (
            "NotAuthorizedException",
            "User cannot be confirmed. Current status is CONFIRMED"
        )
    );
    assert_eq!(m.password_auth("walt", PASSWORD).status, 200);
    m.ok(
        "AdminDisableUser",
        json!({"UserPoolId": m.pool, "Username": "walt"}),
    );
    let a = m.password_auth("walt", PASSWORD);
    assert_eq!(
        (a.error_type(), a.message()),
        ("NotAuthorizedException", "User is disabled.")
    );
    let u = m.ok(
        "AdminGetUser",
        json!({"UserPoolId": m.pool, "Username": "walt"}),
    );
    assert_eq!(u["Enabled"], false);
    m.ok(
        "AdminEnableUser",
        json!({"UserPoolId": m.pool, "Username": "walt"}),
    );
    assert_eq!(m.password_auth("walt", PASSWORD).status, 200);
    // AdminGetUser by sub.
    let sub = u["UserAttributes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["Name"] == "sub")
        .unwrap()["Value"]
        .clone();
    let by_sub = m.ok(
        "AdminGetUser",
        json!({"UserPoolId": m.pool, "Username": sub}),
    );
    assert_eq!(by_sub["Username"], "walt");
    m.ok(
        "AdminDeleteUser",
        json!({"UserPoolId": m.pool, "Username": "walt"}),
    );
    let (t, msg) = m.fail(
        "AdminGetUser",
        json!({"UserPoolId": m.pool, "Username": "walt"}),
    );
    assert_eq!(
        (t.as_str(), msg.as_str()),
        ("UserNotFoundException", "User does not exist.")
    );
}

#[test]
fn admin_set_user_password_permanent_and_temporary() {
    let m = Mock::new();
    m.confirmed_user("xena", None);
    m.ok(
        "AdminSetUserPassword",
        json!({"UserPoolId": m.pool, "Username": "xena", "Password": "Another1!", "Permanent": false}),
    );
    let u = m.ok(
        "AdminGetUser",
        json!({"UserPoolId": m.pool, "Username": "xena"}),
    );
    assert_eq!(u["UserStatus"], "FORCE_CHANGE_PASSWORD");
    let a = m.password_auth("xena", "Another1!");
    assert_eq!(a.body["ChallengeName"], "NEW_PASSWORD_REQUIRED");
    let (t, _) = m.fail(
        "AdminSetUserPassword",
        json!({"UserPoolId": m.pool, "Username": "xena", "Password": "weak", "Permanent": true}),
    );
    assert_eq!(t, "InvalidPasswordException");
}

#[test]
fn admin_update_and_delete_attributes() {
    let m = Mock::new();
    m.confirmed_user("yara", None);
    m.ok(
        "AdminUpdateUserAttributes",
        json!({"UserPoolId": m.pool, "Username": "yara", "UserAttributes": [
            {"Name": "email", "Value": "yara@example.com"}, {"Name": "email_verified", "Value": "true"},
            {"Name": "name", "Value": "Yara"}]}),
    );
    let u = m.ok(
        "AdminGetUser",
        json!({"UserPoolId": m.pool, "Username": "yara"}),
    );
    let attrs = u["UserAttributes"].as_array().unwrap();
    assert!(attrs.contains(&json!({"Name": "email_verified", "Value": "true"})));
    assert!(attrs.contains(&json!({"Name": "name", "Value": "Yara"})));
    m.ok(
        "AdminDeleteUserAttributes",
        json!({"UserPoolId": m.pool, "Username": "yara", "UserAttributeNames": ["name"]}),
    );
    let u = m.ok(
        "AdminGetUser",
        json!({"UserPoolId": m.pool, "Username": "yara"}),
    );
    assert!(
        !u["UserAttributes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["Name"] == "name")
    );
    let (t, _) = m.fail(
        "AdminUpdateUserAttributes",
        json!({"UserPoolId": m.pool, "Username": "yara", "UserAttributes": [{"Name": "sub", "Value": "x"}]}),
    );
    assert_eq!(t, "InvalidParameterException");
}

#[test]
fn list_users_filter_limit_pagination() {
    let m = Mock::new();
    for i in 0..7 {
        m.ok(
            "AdminCreateUser",
            json!({"UserPoolId": m.pool, "Username": format!("user{i}"), "MessageAction": "SUPPRESS",
                   "UserAttributes": [{"Name": "email", "Value": format!("{}{i}@example.com", if i % 2 == 0 { "even" } else { "odd" })}]}),
        );
    }
    let all = m.ok("ListUsers", json!({"UserPoolId": m.pool}));
    assert_eq!(all["Users"].as_array().unwrap().len(), 7);
    assert!(all.get("PaginationToken").is_none());
    // Filter before limit: the 4 "even" users in pages of 3.
    let p1 = m.ok(
        "ListUsers",
        json!({"UserPoolId": m.pool, "Filter": "email ^= \"even\"", "Limit": 3}),
    );
    assert_eq!(p1["Users"].as_array().unwrap().len(), 3);
    let tok = p1["PaginationToken"].as_str().unwrap();
    let p2 = m.ok(
        "ListUsers",
        json!({"UserPoolId": m.pool, "Filter": "email ^= \"even\"", "Limit": 3, "PaginationToken": tok}),
    );
    assert_eq!(p2["Users"].as_array().unwrap().len(), 1);
    assert!(p2.get("PaginationToken").is_none());
    let exact = m.ok(
        "ListUsers",
        json!({"UserPoolId": m.pool, "Filter": "username = \"user3\""}),
    );
    assert_eq!(exact["Users"][0]["Username"], "user3");
    let status = m.ok(
        "ListUsers",
        json!({"UserPoolId": m.pool, "Filter": "cognito:user_status = \"force_change_password\""}),
    );
    assert_eq!(status["Users"].as_array().unwrap().len(), 7);
    let only = m.ok(
        "ListUsers",
        json!({"UserPoolId": m.pool, "Filter": "username = \"user0\"", "AttributesToGet": ["email"]}),
    );
    assert_eq!(
        only["Users"][0]["Attributes"],
        json!([{"Name": "email", "Value": "even0@example.com"}])
    );
    for bad in [
        json!({"UserPoolId": m.pool, "Limit": 61}),
        json!({"UserPoolId": m.pool, "Filter": "custom:x = \"1\""}),
        json!({"UserPoolId": m.pool, "PaginationToken": "!!!"}),
    ] {
        let (t, _) = m.fail("ListUsers", bad);
        assert_eq!(t, "InvalidParameterException");
    }
}

#[test]
fn pool_mfa_config_and_user_preferences() {
    let m = Mock::new();
    let r = m.ok(
        "SetUserPoolMfaConfig",
        json!({"UserPoolId": m.pool, "SoftwareTokenMfaConfiguration": {"Enabled": true}, "MfaConfiguration": "OPTIONAL"}),
    );
    assert_eq!(r["MfaConfiguration"], "OPTIONAL");
    assert_eq!(r["SoftwareTokenMfaConfiguration"]["Enabled"], true);
    let g = m.ok("GetUserPoolMfaConfig", json!({"UserPoolId": m.pool}));
    assert_eq!(g["MfaConfiguration"], "OPTIONAL");
    let (t, _) = m.fail(
        "SetUserPoolMfaConfig",
        json!({"UserPoolId": m.pool, "SoftwareTokenMfaConfiguration": {"Enabled": false}, "MfaConfiguration": "ON"}),
    );
    assert_eq!(t, "InvalidParameterException");
    m.confirmed_user("zoe", Some("zoe@example.com"));
    let (t, msg) = m.fail(
        "AdminSetUserMFAPreference",
        json!({"UserPoolId": m.pool, "Username": "zoe", "SoftwareTokenMfaSettings": {"Enabled": true}}),
    );
    assert_eq!(
        (t.as_str(), msg.as_str()),
        (
            "InvalidParameterException",
            "User has not verified software token mfa"
        )
    );
    m.ok(
        "AdminSetUserMFAPreference",
        json!({"UserPoolId": m.pool, "Username": "zoe", "EmailMfaSettings": {"Enabled": true, "PreferredMfa": true}}),
    );
    let u = m.ok(
        "AdminGetUser",
        json!({"UserPoolId": m.pool, "Username": "zoe"}),
    );
    assert_eq!(u["PreferredMfaSetting"], "EMAIL_OTP");
    assert_eq!(u["UserMFASettingList"], json!(["EMAIL_OTP"]));
}
