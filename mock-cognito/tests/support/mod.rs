//! Test helpers: call a MockService in-process with JSON, run SRP as a client.

#![allow(dead_code)]

use bytes::Bytes;
use cognito_auth_srp::{OsRandom, PasswordVerifierChallenge, SrpClient};
use mock_cognito::{Config, MockService};
use serde_json::{Value, json};

pub const PASSWORD: &str = "Passw0rd!";

pub struct Mock {
    pub svc: MockService,
    pub pool: String,
    pub client: String,
}

pub struct Answer {
    pub status: u16,
    pub headers: http::HeaderMap,
    pub body: Value,
}

impl Answer {
    pub fn error_type(&self) -> &str {
        self.body["__type"].as_str().unwrap_or("")
    }
    pub fn message(&self) -> &str {
        self.body["message"].as_str().unwrap_or("")
    }
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

impl Mock {
    pub fn new() -> Self {
        Self::with_config(Config::default())
    }

    pub fn with_config(config: Config) -> Self {
        let svc = MockService::new(&config).expect("service");
        let pool = svc.user_pool_id();
        let client = svc.client_id();
        Self { svc, pool, client }
    }

    pub fn toml(text: &str) -> Self {
        Self::with_config(Config::from_toml(text).expect("config"))
    }

    /// Sends raw bytes to an action.
    pub fn raw(&self, target: Option<&str>, body: &[u8]) -> Answer {
        let mut b = http::Request::builder()
            .method("POST")
            .uri("/")
            .header("content-type", "application/x-amz-json-1.1");
        if let Some(t) = target {
            b = b.header(
                "x-amz-target",
                format!("AWSCognitoIdentityProviderService.{t}"),
            );
        }
        let resp = self
            .svc
            .handle_sync(b.body(Bytes::copy_from_slice(body)).expect("request"));
        let status = resp.status().as_u16();
        let headers = resp.headers().clone();
        let body: Value = if resp.body().is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(resp.body()).expect("JSON body")
        };
        Answer {
            status,
            headers,
            body,
        }
    }

    pub fn call(&self, action: &str, body: Value) -> Answer {
        self.raw(Some(action), body.to_string().as_bytes())
    }

    /// Calls an action that must succeed.
    pub fn ok(&self, action: &str, body: Value) -> Value {
        let a = self.call(action, body);
        assert_eq!(a.status, 200, "{action} failed: {}", a.body);
        a.body
    }

    /// Calls an action that must fail; returns (type, message).
    pub fn fail(&self, action: &str, body: Value) -> (String, String) {
        let a = self.call(action, body);
        assert_ne!(a.status, 200, "{action} unexpectedly succeeded: {}", a.body);
        (a.error_type().to_owned(), a.message().to_owned())
    }

    pub fn get(&self, path: &str) -> Answer {
        let req = http::Request::builder()
            .method("GET")
            .uri(path)
            .body(Bytes::new())
            .expect("request");
        let resp = self.svc.handle_sync(req);
        let status = resp.status().as_u16();
        let headers = resp.headers().clone();
        let body = serde_json::from_slice(resp.body()).unwrap_or(Value::Null);
        Answer {
            status,
            headers,
            body,
        }
    }

    pub fn post_path(&self, path: &str, body: Value) -> Answer {
        let req = http::Request::builder()
            .method("POST")
            .uri(path)
            .body(Bytes::from(body.to_string()))
            .expect("request");
        let resp = self.svc.handle_sync(req);
        let status = resp.status().as_u16();
        let headers = resp.headers().clone();
        let body = serde_json::from_slice(resp.body()).unwrap_or(Value::Null);
        Answer {
            status,
            headers,
            body,
        }
    }

    /// Creates a confirmed user with `PASSWORD` through the admin API.
    pub fn confirmed_user(&self, username: &str, email: Option<&str>) {
        let mut attrs = vec![];
        if let Some(e) = email {
            attrs.push(json!({"Name": "email", "Value": e}));
            attrs.push(json!({"Name": "email_verified", "Value": "true"}));
        }
        self.ok(
            "AdminCreateUser",
            json!({"UserPoolId": self.pool, "Username": username, "UserAttributes": attrs, "MessageAction": "SUPPRESS"}),
        );
        self.ok(
            "AdminSetUserPassword",
            json!({"UserPoolId": self.pool, "Username": username, "Password": PASSWORD, "Permanent": true}),
        );
    }

    pub fn password_auth(&self, username: &str, password: &str) -> Answer {
        self.call(
            "InitiateAuth",
            json!({"AuthFlow": "USER_PASSWORD_AUTH", "ClientId": self.client,
                   "AuthParameters": {"USERNAME": username, "PASSWORD": password}}),
        )
    }

    /// Signs in with USER_PASSWORD_AUTH and returns the AuthenticationResult.
    pub fn sign_in(&self, username: &str) -> Value {
        let a = self.password_auth(username, PASSWORD);
        assert_eq!(a.status, 200, "sign-in failed: {}", a.body);
        a.body["AuthenticationResult"].clone()
    }

    pub fn pool_name(&self) -> String {
        self.pool
            .split_once('_')
            .map(|(_, n)| n.to_owned())
            .expect("pool id")
    }

    /// Full SRP sign-in through InitiateAuth + RespondToAuthChallenge with
    /// the given TIMESTAMP function; returns the final answer.
    pub fn srp_sign_in_with(
        &self,
        username: &str,
        password: &str,
        timestamp: &dyn Fn() -> String,
        secret: Option<&str>,
    ) -> Answer {
        let client = SrpClient::new(&mut OsRandom).expect("srp client");
        let mut params = json!({"USERNAME": username, "SRP_A": client.srp_a()});
        if let Some(s) = secret {
            params["SECRET_HASH"] = json!(cognito_auth_srp::secret_hash(username, &self.client, s));
        }
        let init = self.call(
            "InitiateAuth",
            json!({"AuthFlow": "USER_SRP_AUTH", "ClientId": self.client, "AuthParameters": params}),
        );
        if init.status != 200 {
            return init;
        }
        assert_eq!(
            init.body["ChallengeName"], "PASSWORD_VERIFIER",
            "{}",
            init.body
        );
        let p = &init.body["ChallengeParameters"];
        let user_id = p["USER_ID_FOR_SRP"]
            .as_str()
            .expect("USER_ID_FOR_SRP")
            .to_owned();
        let pool_name = self.pool_name();
        let ch = PasswordVerifierChallenge {
            pool_name: &pool_name,
            user_id_for_srp: &user_id,
            salt_hex: p["SALT"].as_str().expect("SALT"),
            srp_b_hex: p["SRP_B"].as_str().expect("SRP_B"),
            secret_block_b64: p["SECRET_BLOCK"].as_str().expect("SECRET_BLOCK"),
        };
        let ts = timestamp();
        let claim = client.password_claim(&ch, password, &ts).expect("claim");
        let mut responses = json!({
            "USERNAME": user_id,
            "PASSWORD_CLAIM_SECRET_BLOCK": claim.secret_block,
            "PASSWORD_CLAIM_SIGNATURE": claim.signature,
            "TIMESTAMP": claim.timestamp,
        });
        if let Some(s) = secret {
            responses["SECRET_HASH"] =
                json!(cognito_auth_srp::secret_hash(&user_id, &self.client, s));
        }
        self.call(
            "RespondToAuthChallenge",
            json!({"ChallengeName": "PASSWORD_VERIFIER", "ClientId": self.client, "ChallengeResponses": responses}),
        )
    }

    pub fn srp_sign_in(&self, username: &str, password: &str) -> Answer {
        let clock = self.svc.clock().clone();
        self.srp_sign_in_with(
            username,
            password,
            &move || cognito_auth_srp::timestamp::format(clock.now_secs()),
            None,
        )
    }

    /// Decodes a JWT payload without checking it.
    pub fn claims(token: &str) -> Value {
        use base64::Engine as _;
        let part = token.split('.').nth(1).expect("payload");
        let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(part)
            .expect("base64url");
        serde_json::from_slice(&bytes).expect("json")
    }

    pub fn last_code(&self, username: &str) -> String {
        self.svc.last_code(username).expect("a code was sent")
    }
}
