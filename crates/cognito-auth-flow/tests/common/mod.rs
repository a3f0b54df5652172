#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]
//! Helpers for the table tests: a deterministic RNG, a fake SRP server that
//! really verifies the client's proof, and shorthand for transitions.

use base64::Engine as _;
use cognito_auth_flow::signin::{Expect, FlowResponse, PendingSignIn, SignedIn, Transition};
use cognito_auth_flow::wire::FlowRequest;
use cognito_auth_flow::{PoolConfig, SecureRandom, ServiceError};
use cognito_auth_proto::ErrorKind;
use cognito_auth_srp::{SrpError, SrpServer, Verifier};
use serde_json::Value;

pub const POOL: &str = "us-east-1_TestPool1";
pub const CLIENT: &str = "client123";
pub const SECRET: &str = "client-secret-abcdefghijklmnop";
/// 2024-01-02 15:04:05 UTC
pub const NOW: i64 = 1_704_207_845;
pub const CANONICAL: &str = "8f0c2d9e-1111-2222-3333-444455556666";

pub fn cfg() -> PoolConfig {
    PoolConfig::new(POOL, CLIENT).unwrap()
}

pub fn cfg_secret() -> PoolConfig {
    cfg().with_client_secret(SECRET)
}

pub fn hash(username: &str) -> String {
    cognito_auth_srp::secret_hash(username, CLIENT, SECRET)
}

/// Counter bytes: deterministic, never all zero.
pub struct Rng(pub u8);

impl SecureRandom for Rng {
    fn fill(&mut self, dest: &mut [u8]) -> Result<(), SrpError> {
        for b in dest {
            self.0 = self.0.wrapping_add(37);
            *b = self.0 | 1;
        }
        Ok(())
    }
}

pub fn body(req: &FlowRequest) -> Value {
    serde_json::from_slice(&req.to_body()).unwrap()
}

/// Feeds a JSON answer (a successful InitiateAuth/RespondToAuthChallenge
/// body) to the state, decoded the way the facade decodes it.
pub fn reply(
    e: Expect,
    cfg: &PoolConfig,
    json: Value,
    now: i64,
    rng: &mut Rng,
) -> Result<Transition, cognito_auth_flow::FlowError> {
    let action = e.expected_action();
    let decoded = FlowResponse::decode(&action, 200, None, json.to_string().as_bytes())
        .unwrap()
        .unwrap();
    e.handle(cfg, Ok(decoded), now, rng)
}

pub fn svc(kind: ErrorKind, msg: &str) -> Result<FlowResponse, ServiceError> {
    Err(ServiceError::new(kind, msg))
}

#[track_caller]
pub fn send(t: Transition) -> (Expect, FlowRequest) {
    match t {
        Transition::Send(e, r) => (e, r),
        other => panic!("expected a request, got {other:?}"),
    }
}

#[track_caller]
pub fn user(t: Transition) -> PendingSignIn {
    match t {
        Transition::AwaitUser(p) => p,
        other => panic!("expected a user step, got {other:?}"),
    }
}

#[track_caller]
pub fn signed_in(t: Transition) -> SignedIn {
    match t {
        Transition::SignedIn(s) => s,
        other => panic!("expected tokens, got {other:?}"),
    }
}

pub fn jwt(payload: Value) -> String {
    let e = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    format!(
        "{}.{}.{}",
        e.encode(br#"{"kid":"k1","alg":"RS256"}"#),
        e.encode(payload.to_string()),
        e.encode(b"signature")
    )
}

pub fn tokens_json() -> Value {
    serde_json::json!({
        "ChallengeParameters": {},
        "AuthenticationResult": {
            "AccessToken": jwt(serde_json::json!({"sub": CANONICAL, "username": CANONICAL,
                "exp": NOW + 3600, "iat": NOW, "origin_jti": "oj-1", "token_use": "access",
                "client_id": CLIENT})),
            "IdToken": jwt(serde_json::json!({"sub": CANONICAL, "cognito:username": CANONICAL,
                "exp": NOW + 3600, "iat": NOW, "token_use": "id", "aud": CLIENT,
                "email": "alice@example.com"})),
            "RefreshToken": "eyJjdHkiOiJKV1QiLCJlbmMiOiJBMjU2R0NNIiwiYWxnIjoiUlNBLU9BRVAifQ.r.e.f.t",
            "ExpiresIn": 3600,
            "TokenType": "Bearer"
        }
    })
}

/// The server half of one SRP exchange, with a known password.
pub struct FakeSrp {
    pub server: SrpServer,
    pub secret_block: Vec<u8>,
    pub user_id: String,
}

pub const PASSWORD: &str = "Corr3ct-Horse!";

impl FakeSrp {
    pub fn new(user_id: &str, password: &str) -> Self {
        let pool = cognito_auth_srp::pool_name(POOL).unwrap();
        let v = Verifier::from_password(pool, user_id, password, &[0x5a; 16]);
        Self {
            server: SrpServer::with_private_bytes(&v, &[7u8; 32]).unwrap(),
            secret_block: (0u8..48).collect(),
            user_id: user_id.to_owned(),
        }
    }

    /// The PASSWORD_VERIFIER answer to an InitiateAuth.
    pub fn challenge(&self, session: Option<&str>) -> Value {
        let mut v = serde_json::json!({
            "ChallengeName": "PASSWORD_VERIFIER",
            "ChallengeParameters": {
                "SALT": self.server.salt(),
                "SRP_B": self.server.srp_b(),
                "SECRET_BLOCK": base64::engine::general_purpose::STANDARD.encode(&self.secret_block),
                "USERNAME": self.user_id,
                "USER_ID_FOR_SRP": self.user_id,
            }
        });
        if let Some(s) = session {
            v["Session"] = Value::String(s.to_owned());
        }
        v
    }

    /// Checks the client's PASSWORD_VERIFIER answer like Cognito would.
    pub fn verify(&self, srp_a: &str, responses: &Value) -> Result<(), SrpError> {
        let pool = cognito_auth_srp::pool_name(POOL).unwrap();
        assert_eq!(responses["USERNAME"], self.user_id.as_str());
        assert_eq!(
            responses["PASSWORD_CLAIM_SECRET_BLOCK"],
            base64::engine::general_purpose::STANDARD.encode(&self.secret_block)
        );
        self.server.verify(
            srp_a,
            pool,
            &self.user_id,
            &self.secret_block,
            responses["TIMESTAMP"].as_str().unwrap(),
            responses["PASSWORD_CLAIM_SIGNATURE"].as_str().unwrap(),
        )
    }
}
