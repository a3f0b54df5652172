//! CUSTOM_AUTH with triggers: built-in, Rust closures, an HTTP webhook;
//! CUSTOM_WITH_SRP (issue 4).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

use mock_cognito::Triggers;
use serde_json::{Value, json};
use support::{Mock, PASSWORD};

fn custom(m: &Mock, params: Value) -> support::Answer {
    m.call(
        "InitiateAuth",
        json!({"AuthFlow": "CUSTOM_AUTH", "ClientId": m.client, "AuthParameters": params,
               "ClientMetadata": {"purpose": "test"}}),
    )
}

fn answer(m: &Mock, session: &Value, user: &str, answer: &str) -> support::Answer {
    m.call(
        "RespondToAuthChallenge",
        json!({"ChallengeName": "CUSTOM_CHALLENGE", "ClientId": m.client, "Session": session,
               "ChallengeResponses": {"USERNAME": user, "ANSWER": answer},
               "ClientMetadata": {"purpose": "test"}}),
    )
}

#[test]
fn builtin_custom_challenge_is_a_code_in_the_outbox() {
    let m = Mock::new();
    m.confirmed_user("cara", Some("cara@example.com"));
    let a = custom(&m, json!({"USERNAME": "cara"}));
    assert_eq!(a.body["ChallengeName"], "CUSTOM_CHALLENGE", "{}", a.body);
    let p = &a.body["ChallengeParameters"];
    assert_eq!(p["USERNAME"], "cara");
    assert_eq!(p["CODE_DELIVERY_DESTINATION"], "c***@e***");
    let sent = m.svc.codes(Some("cara"), None);
    assert_eq!(sent.last().unwrap().purpose, "CUSTOM_CHALLENGE");
    // A wrong answer: a new round with a new code.
    let r = answer(&m, &a.body["Session"], "cara", "nope");
    assert_eq!(r.body["ChallengeName"], "CUSTOM_CHALLENGE", "{}", r.body);
    let r = answer(&m, &r.body["Session"], "cara", &m.last_code("cara"));
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(r.body["AuthenticationResult"]["AccessToken"].is_string());
    // Three wrong answers fail the sign-in.
    let mut s = custom(&m, json!({"USERNAME": "cara"})).body["Session"].clone();
    for i in 0..3 {
        let r = answer(&m, &s, "cara", "wrong");
        if i < 2 {
            s = r.body["Session"].clone();
        } else {
            assert_eq!(
                (r.error_type(), r.message()),
                ("NotAuthorizedException", "Incorrect username or password.")
            );
        }
    }
}

#[test]
fn pools_created_through_the_api_have_no_triggers() {
    let m = Mock::new();
    let pool = m.ok("CreateUserPool", json!({"PoolName": "bare"}))["UserPool"]["Id"].clone();
    let client = m.ok(
        "CreateUserPoolClient",
        json!({"UserPoolId": pool, "ClientName": "c"}),
    )["UserPoolClient"]["ClientId"]
        .clone();
    let (t, msg) = m.fail(
        "InitiateAuth",
        json!({"AuthFlow": "CUSTOM_AUTH", "ClientId": client, "AuthParameters": {"USERNAME": "x"}}),
    );
    assert_eq!(t, "InvalidParameterException");
    assert_eq!(
        msg,
        "Custom auth lambda trigger is not configured for the user pool."
    );
}

/// Two rounds: answers "one" then "two".
fn two_round_triggers(events: Arc<Mutex<Vec<Value>>>) -> Triggers {
    let (e1, e2, e3) = (events.clone(), events.clone(), events);
    Triggers::new(
        move |ev| {
            e1.lock().unwrap().push(ev.clone());
            let session = ev["request"]["session"].as_array().unwrap();
            let passed = session
                .iter()
                .filter(|s| {
                    s["challengeResult"] == true && s["challengeName"] == "CUSTOM_CHALLENGE"
                })
                .count();
            if session.iter().any(|s| s["challengeResult"] == false) {
                return Ok(json!({"issueTokens": false, "failAuthentication": true}));
            }
            if passed == 2 {
                Ok(json!({"issueTokens": true, "failAuthentication": false}))
            } else {
                Ok(
                    json!({"challengeName": "CUSTOM_CHALLENGE", "issueTokens": false, "failAuthentication": false}),
                )
            }
        },
        move |ev| {
            e2.lock().unwrap().push(ev.clone());
            let round = ev["request"]["session"].as_array().unwrap().len();
            let expected = if round == 0 { "one" } else { "two" };
            Ok(
                json!({"publicChallengeParameters": {"round": round.to_string()},
                      "privateChallengeParameters": {"answer": expected},
                      "challengeMetadata": format!("ROUND_{round}")}),
            )
        },
        move |ev| {
            e3.lock().unwrap().push(ev.clone());
            Ok(
                json!({"answerCorrect": ev["request"]["challengeAnswer"] == ev["request"]["privateChallengeParameters"]["answer"]}),
            )
        },
    )
}

#[test]
fn closure_triggers_run_several_rounds_with_lambda_events() {
    let m = Mock::new();
    let events = Arc::new(Mutex::new(Vec::new()));
    m.svc
        .set_triggers(&m.pool, two_round_triggers(events.clone()));
    m.confirmed_user("rex", Some("rex@example.com"));
    let a = custom(&m, json!({"USERNAME": "rex"}));
    assert_eq!(a.body["ChallengeParameters"]["round"], "0");
    let r = answer(&m, &a.body["Session"], "rex", "one");
    assert_eq!(r.body["ChallengeName"], "CUSTOM_CHALLENGE", "{}", r.body);
    assert_eq!(r.body["ChallengeParameters"]["round"], "1");
    let r = answer(&m, &r.body["Session"], "rex", "two");
    assert_eq!(r.status, 200, "{}", r.body);
    let ev = events.lock().unwrap();
    let define = &ev[0];
    assert_eq!(define["version"], "1");
    assert_eq!(
        define["triggerSource"],
        "DefineAuthChallenge_Authentication"
    );
    assert_eq!(define["userPoolId"], m.pool);
    assert_eq!(define["userName"], "rex");
    assert_eq!(define["callerContext"]["clientId"], m.client);
    assert_eq!(
        define["request"]["userAttributes"]["email"],
        "rex@example.com"
    );
    // InitiateAuth's ClientMetadata never reaches the challenge triggers
    // (Cognito gives it to pre sign-up/pre authentication/migration only)…
    assert!(
        define["request"].get("clientMetadata").is_none(),
        "{define}"
    );
    assert!(
        ev[1]["request"].get("clientMetadata").is_none(),
        "{}",
        ev[1]
    );
    assert_eq!(define["request"]["session"], json!([]));
    let last_define = ev
        .iter()
        .rev()
        .find(|e| e["triggerSource"] == "DefineAuthChallenge_Authentication")
        .unwrap();
    assert_eq!(
        last_define["request"]["session"],
        json!([
            {"challengeName": "CUSTOM_CHALLENGE", "challengeResult": true, "challengeMetadata": "ROUND_0"},
            {"challengeName": "CUSTOM_CHALLENGE", "challengeResult": true, "challengeMetadata": "ROUND_1"}
        ])
    );
    let verify = ev
        .iter()
        .find(|e| e["triggerSource"] == "VerifyAuthChallengeResponse_Authentication")
        .unwrap();
    assert_eq!(verify["request"]["challengeAnswer"], "one");
    // …while every RespondToAuthChallenge's does, to all three.
    for e in ev.iter().skip(2) {
        assert_eq!(e["request"]["clientMetadata"]["purpose"], "test", "{e}");
    }
    assert_eq!(
        verify["request"]["privateChallengeParameters"]["answer"],
        "one"
    );
    drop(ev);
    // A wrong answer makes the trigger fail the sign-in.
    let a = custom(&m, json!({"USERNAME": "rex"}));
    let r = answer(&m, &a.body["Session"], "rex", "zero");
    assert_eq!(r.message(), "Incorrect username or password.");
}

#[test]
fn trigger_errors_are_unexpected_lambda() {
    let m = Mock::new();
    m.svc.set_triggers(
        &m.pool,
        Triggers::new(|_| Err("boom".into()), |_| Ok(json!({})), |_| Ok(json!({}))),
    );
    m.confirmed_user("err", None);
    let a = custom(&m, json!({"USERNAME": "err"}));
    assert_eq!(a.error_type(), "UnexpectedLambdaException");
    m.svc.set_triggers(
        &m.pool,
        Triggers::new(
            |_| Ok(json!({"challengeName": "SOMETHING"})),
            |_| Ok(json!({})),
            |_| Ok(json!({})),
        ),
    );
    assert_eq!(
        custom(&m, json!({"USERNAME": "err"})).error_type(),
        "InvalidLambdaResponseException"
    );
}

/// A one-thread HTTP server that answers trigger events like the built-in
/// triggers would with a fixed answer "42", and records them.
fn webhook() -> (String, Arc<Mutex<Vec<Value>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let rec = seen.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut len = 0usize;
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
                if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                    len = v.trim().parse().unwrap_or(0);
                }
            }
            let mut body = vec![0; len];
            reader.read_exact(&mut body).unwrap();
            let mut ev: Value = serde_json::from_slice(&body).unwrap();
            rec.lock().unwrap().push(ev.clone());
            let resp = match ev["triggerSource"].as_str().unwrap_or("") {
                "DefineAuthChallenge_Authentication" => {
                    let s = ev["request"]["session"].as_array().unwrap();
                    match s.last() {
                        Some(l)
                            if l["challengeResult"] == true
                                && l["challengeName"] == "CUSTOM_CHALLENGE" =>
                        {
                            json!({"issueTokens": true})
                        }
                        Some(l) if l["challengeName"] == "SRP_A" => {
                            json!({"challengeName": "PASSWORD_VERIFIER"})
                        }
                        Some(l) if l["challengeResult"] == false => {
                            json!({"failAuthentication": true})
                        }
                        _ => json!({"challengeName": "CUSTOM_CHALLENGE"}),
                    }
                }
                "CreateAuthChallenge_Authentication" => {
                    json!({"publicChallengeParameters": {"hint": "the answer"}, "privateChallengeParameters": {"answer": "42"}})
                }
                _ => json!({"answerCorrect": ev["request"]["challengeAnswer"] == "42"}),
            };
            ev["response"] = resp;
            let out = ev.to_string();
            let _ = write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{out}",
                out.len()
            );
        }
    });
    (url, seen)
}

#[test]
fn webhook_triggers_get_the_lambda_event_json() {
    let (url, seen) = webhook();
    let m = Mock::toml(&format!("[[pools]]\ntriggerWebhook = \"{url}\"\n"));
    m.confirmed_user("web", None);
    let a = custom(&m, json!({"USERNAME": "web"}));
    assert_eq!(a.body["ChallengeName"], "CUSTOM_CHALLENGE", "{}", a.body);
    assert_eq!(a.body["ChallengeParameters"]["hint"], "the answer");
    let r = answer(&m, &a.body["Session"], "web", "42");
    assert_eq!(r.status, 200, "{}", r.body);
    let seen = seen.lock().unwrap();
    let sources: Vec<&str> = seen
        .iter()
        .map(|e| e["triggerSource"].as_str().unwrap())
        .collect();
    assert_eq!(
        sources,
        vec![
            "DefineAuthChallenge_Authentication",
            "CreateAuthChallenge_Authentication",
            "VerifyAuthChallengeResponse_Authentication",
            "DefineAuthChallenge_Authentication"
        ]
    );
    assert_eq!(seen[0]["region"], "us-east-1");
    assert_eq!(
        seen[0]["request"]["userAttributes"]["cognito:user_status"],
        "CONFIRMED"
    );
}

#[test]
fn custom_with_srp_through_a_webhook() {
    let (url, seen) = webhook();
    let m = Mock::toml(&format!("[[pools]]\ntriggerWebhook = \"{url}\"\n"));
    m.confirmed_user("srpc", None);
    let c = cognito_auth_srp::SrpClient::new(&mut cognito_auth_srp::OsRandom).unwrap();
    let a = custom(
        &m,
        json!({"USERNAME": "srpc", "CHALLENGE_NAME": "SRP_A", "SRP_A": c.srp_a()}),
    );
    assert_eq!(a.body["ChallengeName"], "PASSWORD_VERIFIER", "{}", a.body);
    let p = &a.body["ChallengeParameters"];
    let pool_name = m.pool_name();
    let claim = c
        .password_claim(
            &cognito_auth_srp::PasswordVerifierChallenge {
                pool_name: &pool_name,
                user_id_for_srp: p["USER_ID_FOR_SRP"].as_str().unwrap(),
                salt_hex: p["SALT"].as_str().unwrap(),
                srp_b_hex: p["SRP_B"].as_str().unwrap(),
                secret_block_b64: p["SECRET_BLOCK"].as_str().unwrap(),
            },
            PASSWORD,
            &cognito_auth_srp::timestamp::format(m.svc.clock().now_secs()),
        )
        .unwrap();
    let r = m.call(
        "RespondToAuthChallenge",
        json!({"ChallengeName": "PASSWORD_VERIFIER", "ClientId": m.client, "Session": a.body["Session"],
               "ChallengeResponses": {"USERNAME": "srpc", "PASSWORD_CLAIM_SECRET_BLOCK": claim.secret_block,
               "PASSWORD_CLAIM_SIGNATURE": claim.signature, "TIMESTAMP": claim.timestamp},
               "ClientMetadata": {"step": "verifier"}}),
    );
    assert_eq!(r.body["ChallengeName"], "CUSTOM_CHALLENGE", "{}", r.body);
    {
        // The verifier answer's ClientMetadata reaches the triggers that run
        // after it (define, then create); InitiateAuth's reached none.
        let seen = seen.lock().unwrap();
        let sources: Vec<&str> = seen
            .iter()
            .map(|e| e["triggerSource"].as_str().unwrap())
            .collect();
        assert_eq!(
            sources,
            vec![
                "DefineAuthChallenge_Authentication",
                "DefineAuthChallenge_Authentication",
                "CreateAuthChallenge_Authentication"
            ]
        );
        assert!(seen[0]["request"].get("clientMetadata").is_none());
        for e in &seen[1..] {
            assert_eq!(
                e["request"]["clientMetadata"],
                json!({"step": "verifier"}),
                "{e}"
            );
        }
    }
    let t = answer(&m, &r.body["Session"], "srpc", "42");
    assert_eq!(t.status, 200, "{}", t.body);
}

/// PreventUserExistenceErrors ENABLED: the triggers run for an unknown user
/// with `userNotFound: true` and the typed name; nothing is sent, no answer
/// passes, and a trigger that issues tokens anyway gets nothing. LEGACY
/// answers UserNotFoundException.
#[test]
fn unknown_users_reach_the_triggers_with_user_not_found() {
    let m = Mock::toml("[[pools]]\n[[pools.clients]]\npreventUserExistenceErrors = true\n");
    let a = custom(&m, json!({"USERNAME": "ghost@example.com"}));
    assert_eq!(a.body["ChallengeName"], "CUSTOM_CHALLENGE", "{}", a.body);
    assert_eq!(
        a.body["ChallengeParameters"]["USERNAME"],
        "ghost@example.com"
    );
    assert_eq!(
        a.body["ChallengeParameters"]["CODE_DELIVERY_DESTINATION"],
        "g***@e***"
    );
    assert!(m.svc.codes(None, None).is_empty(), "nothing is delivered");
    let mut s = a.body["Session"].clone();
    for i in 0..3 {
        let r = answer(&m, &s, "ghost@example.com", "123456");
        if i < 2 {
            assert_eq!(r.body["ChallengeName"], "CUSTOM_CHALLENGE", "{}", r.body);
            s = r.body["Session"].clone();
        } else {
            assert_eq!(r.message(), "Incorrect username or password.");
        }
    }
    // Closure triggers see the flag; issuing tokens for nobody fails.
    let events = Arc::new(Mutex::new(Vec::new()));
    let seen = events.clone();
    m.svc.set_triggers(
        &m.pool,
        Triggers::new(
            move |ev| {
                seen.lock().unwrap().push(ev.clone());
                Ok(json!({"issueTokens": true, "failAuthentication": false}))
            },
            |_| Ok(json!({})),
            |_| Ok(json!({"answerCorrect": true})),
        ),
    );
    let r = custom(&m, json!({"USERNAME": "ghost@example.com"}));
    assert_eq!(r.message(), "Incorrect username or password.", "{}", r.body);
    let ev = events.lock().unwrap();
    assert_eq!(ev[0]["request"]["userNotFound"], true);
    assert_eq!(ev[0]["userName"], "ghost@example.com");
    assert_eq!(ev[0]["request"]["userAttributes"], json!({}));
    drop(ev);
    let legacy = Mock::new();
    let r = custom(&legacy, json!({"USERNAME": "ghost@example.com"}));
    assert_eq!(r.error_type(), "UserNotFoundException");
}

/// The password lock-out does not apply to custom challenges, except when
/// they include a password (CUSTOM_WITH_SRP).
#[test]
fn lock_out_applies_to_custom_auth_only_with_srp() {
    let m = Mock::new();
    m.confirmed_user("lox", Some("lox@example.com"));
    for _ in 0..5 {
        assert_eq!(
            m.password_auth("lox", "Wr0ng!pass").message(),
            "Incorrect username or password."
        );
    }
    assert_eq!(
        m.password_auth("lox", PASSWORD).message(),
        "Password attempts exceeded"
    );
    let a = custom(&m, json!({"USERNAME": "lox"}));
    assert_eq!(a.body["ChallengeName"], "CUSTOM_CHALLENGE", "{}", a.body);
    let client = cognito_auth_srp::SrpClient::new(&mut cognito_auth_srp::OsRandom).unwrap();
    let r = custom(
        &m,
        json!({"USERNAME": "lox", "CHALLENGE_NAME": "SRP_A", "SRP_A": client.srp_a()}),
    );
    assert_eq!(r.message(), "Password attempts exceeded", "{}", r.body);
    // Wrong custom answers do not count towards it.
    m.svc.clock().advance(2);
    let a = custom(&m, json!({"USERNAME": "lox"}));
    let r = answer(&m, &a.body["Session"], "lox", "nope");
    let r = answer(&m, &r.body["Session"], "lox", "nope");
    let _ = answer(&m, &r.body["Session"], "lox", "nope");
    assert_eq!(m.password_auth("lox", PASSWORD).status, 200);
}

/// Custom authentication does not let an unconfirmed user in.
#[test]
fn unconfirmed_users_cannot_sign_in_with_custom_auth() {
    let m = Mock::toml("[[pools]]\nfixedCode = \"424242\"\n");
    m.ok(
        "SignUp",
        json!({"ClientId": m.client, "Username": "una", "Password": PASSWORD,
               "UserAttributes": [{"Name": "email", "Value": "una@example.com"}]}),
    );
    let a = custom(&m, json!({"USERNAME": "una"}));
    assert_eq!(
        (a.error_type(), a.message()),
        ("UserNotConfirmedException", "User is not confirmed.")
    );
    m.ok(
        "ConfirmSignUp",
        json!({"ClientId": m.client, "Username": "una", "ConfirmationCode": "424242"}),
    );
    let a = custom(&m, json!({"USERNAME": "una"}));
    let r = answer(&m, &a.body["Session"], "una", "424242");
    assert_eq!(r.status, 200, "{}", r.body);
}
