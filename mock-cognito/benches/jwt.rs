//! The token cost of one sign-in: build and sign one ID token and one access
//! token with realistic claims (what `InitiateAuth` returns), and verify an
//! access token (what `GetUser` does).
//!
//! `cargo bench -p mock-cognito --bench jwt`

#![allow(clippy::unwrap_used, clippy::expect_used)]

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use mock_cognito::jwt::{PoolKeys, verify};
use serde_json::json;

const NOW: u64 = 1_700_000_000;
const ISS: &str = "http://127.0.0.1:9229/us-east-1_AbCdEfGhI";
const CLIENT: &str = "4v2q1k3j5h6g7f8d9s0a1p2o3i";

fn id_claims(n: u64) -> Vec<u8> {
    serde_json::to_vec(&json!({
        "sub": "3f1c2a7e-5b1d-4a8e-9d55-0c6c4a1e2b3f",
        "email_verified": true,
        "iss": ISS,
        "cognito:username": "3f1c2a7e-5b1d-4a8e-9d55-0c6c4a1e2b3f",
        "origin_jti": format!("0b5a6f0e-1d2c-4b3a-8f9e-{n:012x}"),
        "aud": CLIENT,
        "event_id": format!("9a8b7c6d-5e4f-4a3b-2c1d-{n:012x}"),
        "token_use": "id",
        "auth_time": NOW,
        "name": "Alice Example",
        "phone_number": "+15555550100",
        "phone_number_verified": false,
        "exp": NOW + 3600,
        "iat": NOW,
        "jti": format!("1c2d3e4f-5a6b-4c7d-8e9f-{n:012x}"),
        "email": "alice@example.com",
    }))
    .unwrap()
}

fn access_claims(n: u64) -> Vec<u8> {
    serde_json::to_vec(&json!({
        "sub": "3f1c2a7e-5b1d-4a8e-9d55-0c6c4a1e2b3f",
        "iss": ISS,
        "client_id": CLIENT,
        "origin_jti": format!("0b5a6f0e-1d2c-4b3a-8f9e-{n:012x}"),
        "event_id": format!("9a8b7c6d-5e4f-4a3b-2c1d-{n:012x}"),
        "token_use": "access",
        "scope": "aws.cognito.signin.user.admin",
        "auth_time": NOW,
        "exp": NOW + 3600,
        "iat": NOW,
        "jti": format!("2d3e4f5a-6b7c-4d8e-9f0a-{n:012x}"),
        "username": "3f1c2a7e-5b1d-4a8e-9d55-0c6c4a1e2b3f",
    }))
    .unwrap()
}

fn tokens(c: &mut Criterion) {
    let keys = PoolKeys::generate(&mut cognito_auth_srp::OsRandom).unwrap();
    let mut n = 0u64;

    let mut group = c.benchmark_group("jwt");
    group.throughput(Throughput::Elements(1));
    group.bench_function("sign_id_and_access_token", |b| {
        b.iter(|| {
            n += 1;
            let id = keys.id.sign(&id_claims(n)).unwrap();
            let access = keys.access.sign(&access_claims(n)).unwrap();
            (id, access)
        })
    });
    let access = keys.access.sign(&access_claims(0)).unwrap();
    let id = keys.id.sign(&id_claims(0)).unwrap();
    eprintln!(
        "token sizes: id {} bytes, access {} bytes",
        id.len(),
        access.len()
    );
    group.bench_function("verify_access_token", |b| {
        b.iter(|| verify(&access, &keys.access, NOW).unwrap())
    });
    group.finish();
}

criterion_group!(benches, tokens);
criterion_main!(benches);
