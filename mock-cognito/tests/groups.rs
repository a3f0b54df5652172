//! User-pool groups: the nine actions, their errors and pagination, the
//! `cognito:groups` / `cognito:roles` / `cognito:preferred_role` claims,
//! configuration seeding and persistence.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use serde_json::{Value, json};
use support::{Mock, PASSWORD};

const ADMIN_ROLE: &str = "arn:aws:iam::123456789012:role/Admins";
const EDITOR_ROLE: &str = "arn:aws:iam::123456789012:role/Editors";

fn create(m: &Mock, name: &str, extra: Value) -> Value {
    let mut body = json!({"UserPoolId": m.pool, "GroupName": name});
    if let (Some(b), Some(e)) = (body.as_object_mut(), extra.as_object()) {
        b.extend(e.clone());
    }
    m.ok("CreateGroup", body)["Group"].clone()
}

fn add(m: &Mock, user: &str, group: &str) {
    m.ok(
        "AdminAddUserToGroup",
        json!({"UserPoolId": m.pool, "Username": user, "GroupName": group}),
    );
}

fn groups_for(m: &Mock, user: &str) -> Vec<String> {
    names(
        &m.ok(
            "AdminListGroupsForUser",
            json!({"UserPoolId": m.pool, "Username": user}),
        )["Groups"],
    )
}

fn names(groups: &Value) -> Vec<String> {
    groups
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["GroupName"].as_str().unwrap().to_owned())
        .collect()
}

fn members(m: &Mock, group: &str) -> Vec<String> {
    m.ok(
        "ListUsersInGroup",
        json!({"UserPoolId": m.pool, "GroupName": group}),
    )["Users"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["Username"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn create_get_update_and_list_a_group() {
    let m = Mock::new();
    let before = m.svc.clock().now_secs();
    let g = create(
        &m,
        "admins",
        json!({"Description": "Administrators", "RoleArn": ADMIN_ROLE, "Precedence": 1}),
    );
    assert_eq!(g["GroupName"], "admins");
    assert_eq!(g["UserPoolId"], m.pool.as_str());
    assert_eq!(g["Description"], "Administrators");
    assert_eq!(g["RoleArn"], ADMIN_ROLE);
    assert_eq!(g["Precedence"], 1);
    let created = g["CreationDate"].as_f64().unwrap();
    assert!(created >= before as f64 - 1.0, "{created} vs {before}");
    assert_eq!(g["LastModifiedDate"], g["CreationDate"]);

    // A group without optional members has none in its GroupType.
    let bare = create(&m, "plain", json!({}));
    for absent in ["Description", "RoleArn", "Precedence"] {
        assert!(bare.get(absent).is_none(), "{absent} in {bare}");
    }

    let got = m.ok(
        "GetGroup",
        json!({"UserPoolId": m.pool, "GroupName": "admins"}),
    )["Group"]
        .clone();
    assert_eq!(got, g);

    // UpdateGroup changes what it names and keeps the rest.
    m.svc.clock().advance(10);
    let up = m.ok(
        "UpdateGroup",
        json!({"UserPoolId": m.pool, "GroupName": "admins", "Precedence": 0}),
    )["Group"]
        .clone();
    assert_eq!(up["Precedence"], 0);
    assert_eq!(up["Description"], "Administrators");
    assert_eq!(up["RoleArn"], ADMIN_ROLE);
    assert_eq!(up["CreationDate"], g["CreationDate"]);
    assert!(up["LastModifiedDate"].as_f64().unwrap() >= created + 10.0);
    let up = m.ok(
        "UpdateGroup",
        json!({"UserPoolId": m.pool, "GroupName": "admins", "Description": "root", "RoleArn": EDITOR_ROLE}),
    )["Group"]
        .clone();
    assert_eq!(
        (&up["Description"], &up["RoleArn"], &up["Precedence"]),
        (&json!("root"), &json!(EDITOR_ROLE), &json!(0))
    );

    let all = m.ok("ListGroups", json!({"UserPoolId": m.pool}));
    assert_eq!(names(&all["Groups"]), ["admins", "plain"]);
    assert!(all.get("NextToken").is_none());
}

#[test]
fn duplicate_names_are_refused_whatever_their_case_and_lookups_are_exact() {
    let m = Mock::new();
    create(&m, "admins", json!({}));
    let (t, msg) = m.fail(
        "CreateGroup",
        json!({"UserPoolId": m.pool, "GroupName": "admins", "Precedence": 3}),
    );
    assert_eq!(t, "GroupExistsException");
    assert_eq!(msg, "A group with the name already exists");
    // The first group is untouched.
    let g = m.ok(
        "GetGroup",
        json!({"UserPoolId": m.pool, "GroupName": "admins"}),
    );
    assert!(g["Group"].get("Precedence").is_none());
    // Uniqueness ignores case (aws-amplify/amplify-backend#1781: renaming
    // ADMINS to Admins is refused) ...
    let (t, _) = m.fail(
        "CreateGroup",
        json!({"UserPoolId": m.pool, "GroupName": "Admins"}),
    );
    assert_eq!(t, "GroupExistsException");
    // ... but lookups take the exact name.
    let (t, msg) = m.fail(
        "GetGroup",
        json!({"UserPoolId": m.pool, "GroupName": "ADMINS"}),
    );
    assert_eq!(
        (t.as_str(), msg.as_str()),
        ("ResourceNotFoundException", "Group not found.")
    );
}

#[test]
fn unknown_groups_users_and_pools() {
    let m = Mock::new();
    m.confirmed_user("alice", None);
    create(&m, "g", json!({}));
    let nf = (
        "ResourceNotFoundException".to_owned(),
        "Group not found.".to_owned(),
    );
    let p = &m.pool;
    for (action, body) in [
        ("GetGroup", json!({"UserPoolId": p, "GroupName": "nope"})),
        (
            "UpdateGroup",
            json!({"UserPoolId": p, "GroupName": "nope", "Precedence": 1}),
        ),
        ("DeleteGroup", json!({"UserPoolId": p, "GroupName": "nope"})),
        (
            "ListUsersInGroup",
            json!({"UserPoolId": p, "GroupName": "nope"}),
        ),
        (
            "AdminAddUserToGroup",
            json!({"UserPoolId": p, "GroupName": "nope", "Username": "alice"}),
        ),
        (
            "AdminRemoveUserFromGroup",
            json!({"UserPoolId": p, "GroupName": "nope", "Username": "alice"}),
        ),
    ] {
        assert_eq!(m.fail(action, body), nf, "{action}");
    }
    let unf = (
        "UserNotFoundException".to_owned(),
        "User does not exist.".to_owned(),
    );
    for (action, body) in [
        (
            "AdminAddUserToGroup",
            json!({"UserPoolId": p, "GroupName": "g", "Username": "bob"}),
        ),
        (
            "AdminRemoveUserFromGroup",
            json!({"UserPoolId": p, "GroupName": "g", "Username": "bob"}),
        ),
        (
            "AdminListGroupsForUser",
            json!({"UserPoolId": p, "Username": "bob"}),
        ),
    ] {
        assert_eq!(m.fail(action, body), unf, "{action}");
    }
    let pool = "us-east-1_Missing00";
    let pnf = (
        "ResourceNotFoundException".to_owned(),
        format!("User pool {pool} does not exist."),
    );
    for (action, body) in [
        ("CreateGroup", json!({"UserPoolId": pool, "GroupName": "g"})),
        ("GetGroup", json!({"UserPoolId": pool, "GroupName": "g"})),
        ("UpdateGroup", json!({"UserPoolId": pool, "GroupName": "g"})),
        ("DeleteGroup", json!({"UserPoolId": pool, "GroupName": "g"})),
        ("ListGroups", json!({"UserPoolId": pool})),
        (
            "ListUsersInGroup",
            json!({"UserPoolId": pool, "GroupName": "g"}),
        ),
        (
            "AdminAddUserToGroup",
            json!({"UserPoolId": pool, "GroupName": "g", "Username": "alice"}),
        ),
        (
            "AdminRemoveUserFromGroup",
            json!({"UserPoolId": pool, "GroupName": "g", "Username": "alice"}),
        ),
        (
            "AdminListGroupsForUser",
            json!({"UserPoolId": pool, "Username": "alice"}),
        ),
    ] {
        assert_eq!(m.fail(action, body), pnf, "{action}");
    }
    // Missing required members are the model's validation errors.
    let (t, msg) = m.fail("CreateGroup", json!({"UserPoolId": p}));
    assert_eq!(t, "InvalidParameterException");
    assert!(msg.contains("'groupName'"), "{msg}");
}

#[test]
fn invalid_names_precedence_descriptions_roles_and_limits() {
    let m = Mock::new();
    let p = &m.pool;
    let cases = [
        (
            json!({"UserPoolId": p, "GroupName": "has space"}),
            "1 validation error detected: Value 'has space' at 'groupName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+",
        ),
        (
            json!({"UserPoolId": p, "GroupName": ""}),
            "1 validation error detected: Value '' at 'groupName' failed to satisfy constraint: Member must have length greater than or equal to 1",
        ),
        (
            json!({"UserPoolId": p, "GroupName": "x".repeat(129)}),
            "Member must have length less than or equal to 128",
        ),
        (
            json!({"UserPoolId": p, "GroupName": "g", "Precedence": -1}),
            "1 validation error detected: Value '-1' at 'precedence' failed to satisfy constraint: Member must have value greater than or equal to 0",
        ),
        (
            json!({"UserPoolId": p, "GroupName": "g", "Description": "d".repeat(2049)}),
            "at 'description' failed to satisfy constraint: Member must have length less than or equal to 2048",
        ),
        (
            json!({"UserPoolId": p, "GroupName": "g", "RoleArn": "arn:short"}),
            "1 validation error detected: Value 'arn:short' at 'roleArn' failed to satisfy constraint: Member must have length greater than or equal to 20",
        ),
        (
            json!({"UserPoolId": p, "GroupName": "g", "RoleArn": "Team group (managed by Terraform)"}),
            "Invalid ARN format Team group (managed by Terraform)",
        ),
        (
            json!({"UserPoolId": p, "GroupName": "a b", "Precedence": -2}),
            "2 validation errors detected: Value 'a b' at 'groupName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+; Value '-2' at 'precedence' failed to satisfy constraint: Member must have value greater than or equal to 0",
        ),
    ];
    for (body, want) in cases {
        let (t, msg) = m.fail("CreateGroup", body.clone());
        assert_eq!(t, "InvalidParameterException", "{body}");
        assert!(msg.contains(want), "{msg}\nwanted {want}");
    }
    assert_eq!(
        m.ok("ListGroups", json!({"UserPoolId": p}))["Groups"],
        json!([]),
        "nothing was created"
    );
    // UpdateGroup checks the same way and changes nothing on failure.
    create(&m, "g", json!({"Precedence": 4}));
    let (t, _) = m.fail(
        "UpdateGroup",
        json!({"UserPoolId": p, "GroupName": "g", "Precedence": -1}),
    );
    assert_eq!(t, "InvalidParameterException");
    let g = m.ok("GetGroup", json!({"UserPoolId": p, "GroupName": "g"}));
    assert_eq!(g["Group"]["Precedence"], 4);
    // Wrong JSON types are serialization errors.
    let (t, _) = m.fail(
        "CreateGroup",
        json!({"UserPoolId": p, "GroupName": "g2", "Precedence": "high"}),
    );
    assert_eq!(t, "SerializationException");
    for (action, body) in [
        ("ListGroups", json!({"UserPoolId": p, "Limit": 61})),
        ("ListGroups", json!({"UserPoolId": p, "Limit": -1})),
        (
            "ListUsersInGroup",
            json!({"UserPoolId": p, "GroupName": "g", "Limit": 61}),
        ),
        (
            "AdminListGroupsForUser",
            json!({"UserPoolId": p, "Username": "u", "Limit": 100}),
        ),
        (
            "ListGroups",
            json!({"UserPoolId": p, "NextToken": "!!not a token!!"}),
        ),
    ] {
        let (t, msg) = m.fail(action, body);
        assert_eq!(t, "InvalidParameterException", "{action}: {msg}");
    }
}

#[test]
fn membership_add_remove_and_both_listings() {
    let m = Mock::toml(
        "[[pools]]\naliasAttributes = [\"email\"]\nautoVerifiedAttributes = [\"email\"]\n",
    );
    m.confirmed_user("alice", Some("alice@example.com"));
    m.confirmed_user("bob", None);
    create(&m, "readers", json!({"Precedence": 5}));
    create(&m, "editors", json!({"Precedence": 2}));
    create(&m, "admins", json!({"Precedence": 0}));
    create(&m, "misc", json!({}));
    assert_eq!(groups_for(&m, "alice"), Vec::<String>::new());

    add(&m, "alice", "readers");
    // By verified alias, as AdminGetUser accepts it.
    add(&m, "alice@example.com", "misc");
    add(&m, "alice", "admins");
    // Twice is fine.
    add(&m, "alice", "admins");
    add(&m, "bob", "admins");

    // Ordered by precedence, groups without one last.
    assert_eq!(groups_for(&m, "alice"), ["admins", "readers", "misc"]);
    assert_eq!(
        groups_for(&m, "alice@example.com"),
        ["admins", "readers", "misc"]
    );
    let full = m.ok(
        "AdminListGroupsForUser",
        json!({"UserPoolId": m.pool, "Username": "alice"}),
    );
    assert_eq!(full["Groups"][0]["Precedence"], 0);
    assert_eq!(full["Groups"][0]["UserPoolId"], m.pool.as_str());
    assert_eq!(members(&m, "admins"), ["alice", "bob"]);
    assert_eq!(members(&m, "editors"), Vec::<String>::new());
    // ListUsersInGroup gives UserType (attributes under `Attributes`).
    let users = m.ok(
        "ListUsersInGroup",
        json!({"UserPoolId": m.pool, "GroupName": "misc"}),
    );
    let alice = &users["Users"][0];
    assert_eq!(alice["UserStatus"], "CONFIRMED");
    assert_eq!(alice["Enabled"], true);
    assert!(
        alice["Attributes"]
            .as_array()
            .unwrap()
            .contains(&json!({"Name": "email", "Value": "alice@example.com"}))
    );

    m.ok(
        "AdminRemoveUserFromGroup",
        json!({"UserPoolId": m.pool, "Username": "alice", "GroupName": "admins"}),
    );
    // Removing a non-member is not an error.
    m.ok(
        "AdminRemoveUserFromGroup",
        json!({"UserPoolId": m.pool, "Username": "alice", "GroupName": "editors"}),
    );
    assert_eq!(groups_for(&m, "alice"), ["readers", "misc"]);
    assert_eq!(members(&m, "admins"), ["bob"]);
    // Group names are case-sensitive for membership too.
    let (t, _) = m.fail(
        "AdminAddUserToGroup",
        json!({"UserPoolId": m.pool, "Username": "bob", "GroupName": "ADMINS"}),
    );
    assert_eq!(t, "ResourceNotFoundException");
    // A precedence change reorders the user's groups.
    m.ok(
        "UpdateGroup",
        json!({"UserPoolId": m.pool, "GroupName": "misc", "Precedence": 1}),
    );
    assert_eq!(groups_for(&m, "alice"), ["misc", "readers"]);
}

#[test]
fn every_listing_pages_through_everything_once() {
    let m = Mock::new();
    m.confirmed_user("alice", None);
    let mut made = Vec::new();
    for i in 0..7 {
        let name = format!("g{i}");
        // Precedence in reverse so that the user's order differs from ListGroups'.
        create(&m, &name, json!({"Precedence": 10 - i}));
        add(&m, "alice", &name);
        made.push(name);
    }
    for u in ["u1", "u2", "u3", "u4", "u5"] {
        m.confirmed_user(u, None);
        add(&m, u, "g3");
    }

    let walk = |action: &str, base: Value, key: &str, field: &str| -> (Vec<String>, usize) {
        let mut out = Vec::new();
        let mut token: Option<Value> = None;
        let mut pages = 0;
        loop {
            let mut body = base.clone();
            body["Limit"] = json!(3);
            if let Some(t) = &token {
                body["NextToken"] = t.clone();
            }
            let r = m.ok(action, body);
            pages += 1;
            let items = r[key].as_array().unwrap();
            assert!(items.len() <= 3);
            out.extend(items.iter().map(|i| i[field].as_str().unwrap().to_owned()));
            match r.get("NextToken") {
                Some(t) => token = Some(t.clone()),
                None => break,
            }
            assert!(pages < 10, "no end");
        }
        (out, pages)
    };

    let (all, pages) = walk(
        "ListGroups",
        json!({"UserPoolId": m.pool}),
        "Groups",
        "GroupName",
    );
    assert_eq!(all, made);
    assert_eq!(pages, 3);
    let (mine, pages) = walk(
        "AdminListGroupsForUser",
        json!({"UserPoolId": m.pool, "Username": "alice"}),
        "Groups",
        "GroupName",
    );
    let mut reversed = made.clone();
    reversed.reverse();
    assert_eq!(mine, reversed);
    assert_eq!(pages, 3);
    let (users, pages) = walk(
        "ListUsersInGroup",
        json!({"UserPoolId": m.pool, "GroupName": "g3"}),
        "Users",
        "Username",
    );
    assert_eq!(users, ["alice", "u1", "u2", "u3", "u4", "u5"]);
    assert_eq!(pages, 2);
    // A page of exactly the rest has no NextToken; Limit 0 means the default.
    let r = m.ok("ListGroups", json!({"UserPoolId": m.pool, "Limit": 7}));
    assert!(r.get("NextToken").is_none());
    let r = m.ok("ListGroups", json!({"UserPoolId": m.pool, "Limit": 0}));
    assert_eq!(r["Groups"].as_array().unwrap().len(), 7);
}

#[test]
fn deleting_cascades_both_ways() {
    let m = Mock::new();
    m.confirmed_user("alice", None);
    m.confirmed_user("bob", None);
    create(&m, "a", json!({}));
    create(&m, "b", json!({}));
    for u in ["alice", "bob"] {
        add(&m, u, "a");
        add(&m, u, "b");
    }
    // Deleting a group with members works and ends the memberships.
    m.ok(
        "DeleteGroup",
        json!({"UserPoolId": m.pool, "GroupName": "a"}),
    );
    assert_eq!(groups_for(&m, "alice"), ["b"]);
    assert_eq!(groups_for(&m, "bob"), ["b"]);
    // A new group of the same name starts empty.
    create(&m, "a", json!({}));
    assert_eq!(members(&m, "a"), Vec::<String>::new());
    assert_eq!(groups_for(&m, "alice"), ["b"]);

    // Deleting users (admin and self-service) takes them out of their groups.
    m.ok(
        "AdminDeleteUser",
        json!({"UserPoolId": m.pool, "Username": "alice"}),
    );
    assert_eq!(members(&m, "b"), ["bob"]);
    let t = m.sign_in("bob");
    m.ok("DeleteUser", json!({"AccessToken": t["AccessToken"]}));
    assert_eq!(members(&m, "b"), Vec::<String>::new());
    // A user re-created under the same name is in no group.
    m.confirmed_user("alice", None);
    assert_eq!(groups_for(&m, "alice"), Vec::<String>::new());
}

#[test]
fn tokens_carry_groups_roles_and_the_preferred_role() {
    let m = Mock::new();
    m.confirmed_user("alice", None);
    m.confirmed_user("nobody", None);
    // Without groups the claims are absent.
    let t = m.sign_in("nobody");
    let (id, access) = (
        Mock::claims(t["IdToken"].as_str().unwrap()),
        Mock::claims(t["AccessToken"].as_str().unwrap()),
    );
    for c in ["cognito:groups", "cognito:roles", "cognito:preferred_role"] {
        assert!(id.get(c).is_none() && access.get(c).is_none(), "{c}");
    }

    create(&m, "viewers", json!({}));
    create(
        &m,
        "editors",
        json!({"Precedence": 2, "RoleArn": EDITOR_ROLE}),
    );
    create(&m, "admins", json!({"Precedence": 1}));
    for g in ["viewers", "editors", "admins"] {
        add(&m, "alice", g);
    }
    let t = m.sign_in("alice");
    let id = Mock::claims(t["IdToken"].as_str().unwrap());
    let access = Mock::claims(t["AccessToken"].as_str().unwrap());
    let order = json!(["admins", "editors", "viewers"]);
    assert_eq!(id["cognito:groups"], order);
    assert_eq!(access["cognito:groups"], order);
    assert_eq!(id["cognito:roles"], json!([EDITOR_ROLE]));
    // admins ranks first but has no role: the best group with one wins.
    assert_eq!(id["cognito:preferred_role"], EDITOR_ROLE);
    assert!(access.get("cognito:roles").is_none());
    assert!(access.get("cognito:preferred_role").is_none());
    // The tokens still verify as the mock's own (GetUser checks the access token).
    m.ok("GetUser", json!({"AccessToken": t["AccessToken"]}));

    // Same precedence, different roles: neither is preferred.
    m.ok(
        "UpdateGroup",
        json!({"UserPoolId": m.pool, "GroupName": "admins", "Precedence": 2, "RoleArn": ADMIN_ROLE}),
    );
    let id = Mock::claims(m.sign_in("alice")["IdToken"].as_str().unwrap());
    assert_eq!(id["cognito:roles"], json!([ADMIN_ROLE, EDITOR_ROLE]));
    assert!(id.get("cognito:preferred_role").is_none(), "{id}");
    // Same precedence, same role: that role.
    m.ok(
        "UpdateGroup",
        json!({"UserPoolId": m.pool, "GroupName": "admins", "RoleArn": EDITOR_ROLE}),
    );
    let id = Mock::claims(m.sign_in("alice")["IdToken"].as_str().unwrap());
    assert_eq!(id["cognito:roles"], json!([EDITOR_ROLE]));
    assert_eq!(id["cognito:preferred_role"], EDITOR_ROLE);
    // A lower precedence takes it.
    m.ok(
        "UpdateGroup",
        json!({"UserPoolId": m.pool, "GroupName": "admins", "Precedence": 0, "RoleArn": ADMIN_ROLE}),
    );
    let id = Mock::claims(m.sign_in("alice")["IdToken"].as_str().unwrap());
    assert_eq!(id["cognito:preferred_role"], ADMIN_ROLE);
    assert_eq!(id["cognito:roles"], json!([ADMIN_ROLE, EDITOR_ROLE]));

    // SRP sign-ins carry them too.
    let srp = m.srp_sign_in("alice", PASSWORD);
    assert_eq!(srp.status, 200, "{}", srp.body);
    let access = Mock::claims(
        srp.body["AuthenticationResult"]["AccessToken"]
            .as_str()
            .unwrap(),
    );
    assert_eq!(
        access["cognito:groups"],
        json!(["admins", "editors", "viewers"])
    );
}

#[test]
fn refreshed_tokens_reflect_current_membership() {
    let m = Mock::new();
    m.confirmed_user("alice", None);
    create(&m, "a", json!({"Precedence": 1, "RoleArn": ADMIN_ROLE}));
    create(&m, "b", json!({"Precedence": 2}));
    add(&m, "alice", "a");
    let first = m.sign_in("alice");
    let refresh = first["RefreshToken"].clone();
    assert_eq!(
        Mock::claims(first["AccessToken"].as_str().unwrap())["cognito:groups"],
        json!(["a"])
    );

    add(&m, "alice", "b");
    let r = m.ok(
        "InitiateAuth",
        json!({"AuthFlow": "REFRESH_TOKEN_AUTH", "ClientId": m.client, "AuthParameters": {"REFRESH_TOKEN": refresh}}),
    )["AuthenticationResult"]
        .clone();
    let id = Mock::claims(r["IdToken"].as_str().unwrap());
    assert_eq!(id["cognito:groups"], json!(["a", "b"]));
    assert_eq!(
        Mock::claims(r["AccessToken"].as_str().unwrap())["cognito:groups"],
        json!(["a", "b"])
    );

    // The group with the role is deleted: roles go, membership of b stays.
    m.ok(
        "DeleteGroup",
        json!({"UserPoolId": m.pool, "GroupName": "a"}),
    );
    let r = m.ok(
        "GetTokensFromRefreshToken",
        json!({"ClientId": m.client, "RefreshToken": refresh}),
    );
    let id = Mock::claims(r["AuthenticationResult"]["IdToken"].as_str().unwrap());
    assert_eq!(id["cognito:groups"], json!(["b"]));
    assert!(id.get("cognito:roles").is_none(), "{id}");
    assert!(id.get("cognito:preferred_role").is_none(), "{id}");

    // Out of every group: the claim disappears.
    m.ok(
        "AdminRemoveUserFromGroup",
        json!({"UserPoolId": m.pool, "Username": "alice", "GroupName": "b"}),
    );
    let r = m.ok(
        "InitiateAuth",
        json!({"AuthFlow": "REFRESH_TOKEN_AUTH", "ClientId": m.client, "AuthParameters": {"REFRESH_TOKEN": refresh}}),
    );
    let access = Mock::claims(r["AuthenticationResult"]["AccessToken"].as_str().unwrap());
    assert!(access.get("cognito:groups").is_none(), "{access}");
}

const SEEDED: &str = r#"
[[pools]]
id = "us-east-1_Groups01"
usernameAttributes = ["email"]

[[pools.groups]]
name = "admins"
description = "Administrators"
precedence = 0
roleArn = "arn:aws:iam::123456789012:role/Admins"

[[pools.groups]]
name = "readers"

[[pools.users]]
username = "alice@example.com"
password = "Passw0rd!"
groups = ["readers", "admins"]

[[pools.users]]
username = "bob@example.com"
password = "Passw0rd!"
"#;

#[test]
fn groups_and_memberships_come_from_the_config() {
    let m = Mock::toml(SEEDED);
    let all = m.ok("ListGroups", json!({"UserPoolId": m.pool}));
    assert_eq!(names(&all["Groups"]), ["admins", "readers"]);
    let admins = &all["Groups"][0];
    assert_eq!(admins["Description"], "Administrators");
    assert_eq!(admins["Precedence"], 0);
    assert_eq!(admins["RoleArn"], ADMIN_ROLE);
    assert!(all["Groups"][1].get("Precedence").is_none());
    assert_eq!(groups_for(&m, "alice@example.com"), ["admins", "readers"]);
    assert_eq!(groups_for(&m, "bob@example.com"), Vec::<String>::new());
    let t = m.sign_in("alice@example.com");
    let id = Mock::claims(t["IdToken"].as_str().unwrap());
    assert_eq!(id["cognito:groups"], json!(["admins", "readers"]));
    assert_eq!(id["cognito:preferred_role"], ADMIN_ROLE);

    // /_mock/reset returns to the configured groups and memberships.
    create(&m, "extra", json!({}));
    m.ok(
        "AdminRemoveUserFromGroup",
        json!({"UserPoolId": m.pool, "Username": "alice@example.com", "GroupName": "admins"}),
    );
    m.svc.reset();
    assert_eq!(
        names(&m.ok("ListGroups", json!({"UserPoolId": m.pool}))["Groups"]),
        ["admins", "readers"]
    );
    assert_eq!(groups_for(&m, "alice@example.com"), ["admins", "readers"]);
}

#[test]
fn bad_group_configs_are_refused() {
    for (text, want) in [
        (
            "[[pools]]\n[[pools.groups]]\nname = \"a\"\n[[pools.users]]\nusername = \"u\"\ngroups = [\"b\"]\n",
            "\"b\"",
        ),
        (
            "[[pools]]\n[[pools.groups]]\nname = \"a\"\n[[pools.groups]]\nname = \"a\"\n",
            "twice",
        ),
        (
            "[[pools]]\n[[pools.groups]]\ndescription = \"x\"\n",
            "needs a name",
        ),
        (
            "[[pools]]\n[[pools.groups]]\nname = \"a\"\nprecedense = 1\n",
            "unknown field",
        ),
    ] {
        let e = mock_cognito::Config::from_toml(text).expect_err(text);
        assert!(e.to_string().contains(want), "{e}");
    }
    // Values the API would refuse are refused at start, naming the group.
    for (text, want) in [
        (
            "[[pools]]\n[[pools.groups]]\nname = \"a b\"\n",
            "group a b:",
        ),
        (
            "[[pools]]\n[[pools.groups]]\nname = \"a\"\nprecedence = -1\n",
            "'precedence'",
        ),
        (
            "[[pools]]\n[[pools.groups]]\nname = \"a\"\nroleArn = \"not an arn at all, really\"\n",
            "Invalid ARN format",
        ),
    ] {
        let cfg = mock_cognito::Config::from_toml(text).expect("parses");
        let e = mock_cognito::MockService::new(&cfg).expect_err(text);
        assert!(e.to_string().contains(want), "{e}");
    }
}

#[test]
fn groups_survive_the_state_file_and_old_state_files_load() {
    let dir = std::env::temp_dir().join(format!("mock-cognito-groups-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("state.json");
    let _ = std::fs::remove_file(&path);
    let cfg = mock_cognito::Config::from_toml(SEEDED).unwrap();
    {
        let svc = mock_cognito::build_service(&cfg, Some(path.clone())).unwrap();
        let m = Mock {
            pool: svc.user_pool_id(),
            client: svc.client_id(),
            svc,
        };
        create(
            &m,
            "runtime",
            json!({"Precedence": 7, "Description": "made later"}),
        );
        add(&m, "bob@example.com", "runtime");
        m.svc.flush().unwrap();
    }
    let text = std::fs::read_to_string(&path).unwrap();
    {
        let svc = mock_cognito::build_service(&cfg, Some(path.clone())).unwrap();
        let m = Mock {
            pool: svc.user_pool_id(),
            client: svc.client_id(),
            svc,
        };
        let g = m.ok(
            "GetGroup",
            json!({"UserPoolId": m.pool, "GroupName": "runtime"}),
        );
        assert_eq!(g["Group"]["Description"], "made later");
        assert_eq!(groups_for(&m, "bob@example.com"), ["runtime"]);
        assert_eq!(groups_for(&m, "alice@example.com"), ["admins", "readers"]);
        // The seed kept in the file has the configured groups only.
        m.svc.reset();
        assert_eq!(groups_for(&m, "bob@example.com"), Vec::<String>::new());
    }

    // A file written before groups existed (no `groups` anywhere) loads.
    let mut v: Value = serde_json::from_str(&text).unwrap();
    fn strip(v: &mut Value) {
        match v {
            Value::Object(o) => {
                o.remove("groups");
                o.values_mut().for_each(strip);
            }
            Value::Array(a) => a.iter_mut().for_each(strip),
            _ => {}
        }
    }
    strip(&mut v);
    assert!(!v.to_string().contains("\"groups\""));
    std::fs::write(&path, v.to_string()).unwrap();
    let svc = mock_cognito::build_service(&cfg, Some(path.clone())).unwrap();
    let m = Mock {
        pool: svc.user_pool_id(),
        client: svc.client_id(),
        svc,
    };
    assert_eq!(
        m.ok("ListGroups", json!({"UserPoolId": m.pool}))["Groups"],
        json!([])
    );
    assert_eq!(groups_for(&m, "alice@example.com"), Vec::<String>::new());
    let t = m.sign_in("alice@example.com");
    assert!(
        Mock::claims(t["IdToken"].as_str().unwrap())
            .get("cognito:groups")
            .is_none()
    );
    create(&m, "fresh", json!({}));
    drop(m);
    let _ = std::fs::remove_dir_all(&dir);
}
