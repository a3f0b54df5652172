//! A full sign-in through the facade against an in-process mock-cognito (no
//! socket): `cargo bench -p cognito-auth --bench sign_in`.
//!
//! `srp` is USER_SRP_AUTH (InitiateAuth + PASSWORD_VERIFIER, both SRP halves
//! and the token signing of the mock included); `password` is
//! USER_PASSWORD_AUTH for comparison.
//!
//! On the project's 2-core machine (AVX-512 IFMA), 2026-11-26: `srp` 1.41 ms,
//! `password` 0.38 ms; before the six-prime signing keys and the IFMA SRP
//! arithmetic, 4.79 ms and about 1 ms.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use cognito_auth::{Auth, AuthFlowType, SignInInput};
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use mock_cognito::{ClientConfig, Config, MockCognito, PoolConfig, UserConfig};

fn mock() -> MockCognito {
    let user = UserConfig {
        username: "bench".into(),
        password: Some("Bench-Passw0rd!".into()),
        ..UserConfig::default()
    };
    let pool = PoolConfig {
        clients: vec![ClientConfig {
            explicit_auth_flows: Some(
                [
                    "ALLOW_USER_SRP_AUTH",
                    "ALLOW_USER_PASSWORD_AUTH",
                    "ALLOW_REFRESH_TOKEN_AUTH",
                ]
                .map(String::from)
                .to_vec(),
            ),
            ..ClientConfig::default()
        }],
        users: vec![user],
        ..PoolConfig::default()
    };
    MockCognito::builder()
        .config(Config {
            pools: vec![pool],
            ..Config::default()
        })
        .start()
        .unwrap()
}

fn bench(c: &mut Criterion) {
    let mock = mock();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let client = |m: &MockCognito| {
        Auth::builder(m.user_pool_id(), m.client_id())
            .transport(m.in_process_transport())
            .build()
            .unwrap()
    };
    let mut g = c.benchmark_group("sign_in_in_process");
    g.sample_size(30);
    for (name, flow) in [
        ("srp", AuthFlowType::UserSrpAuth),
        ("password", AuthFlowType::UserPasswordAuth),
    ] {
        g.bench_function(name, |b| {
            b.iter_batched(
                || client(&mock),
                |auth| {
                    let out = rt
                        .block_on(auth.sign_in(
                            SignInInput::new("bench", "Bench-Passw0rd!").auth_flow_type(flow),
                        ))
                        .unwrap();
                    assert!(out.is_signed_in);
                },
                BatchSize::SmallInput,
            );
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
