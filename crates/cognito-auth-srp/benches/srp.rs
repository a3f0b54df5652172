//! SRP timings: the client half (A; the whole PASSWORD_VERIFIER response; a
//! whole sign-in), the server half (B; verification; both), and the single
//! exponentiations they are made of, at the exponent sizes the protocol uses.
//!
//! `cargo bench -p cognito-auth-srp --bench srp`; `cargo xtask bench-srp`
//! runs this and times the same computations with GMP for comparison.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;

use cognito_auth_srp::group;
use cognito_auth_srp::{PasswordVerifierChallenge, SrpClient, SrpServer, Verifier};
use criterion::{Criterion, criterion_group, criterion_main};
use num_bigint::BigUint;

#[path = "support/inputs.rs"]
mod inputs;
use inputs::*;

struct Fixture {
    verifier: Verifier,
    b: Vec<u8>,
    srp_b: String,
    salt: String,
}

fn fixture() -> Fixture {
    let verifier = Verifier::from_password(POOL, USER, PASSWORD, &bytes("salt", 16));
    let b = bytes("b", 32);
    let server = SrpServer::with_private_bytes(&verifier, &b).unwrap();
    Fixture {
        srp_b: server.srp_b(),
        salt: server.salt(),
        verifier,
        b,
    }
}

fn client_sign_in(a: &[u8], f: &Fixture) -> (String, String) {
    let client = SrpClient::from_private_bytes(a).unwrap();
    let challenge = PasswordVerifierChallenge {
        pool_name: POOL,
        user_id_for_srp: USER,
        salt_hex: &f.salt,
        srp_b_hex: &f.srp_b,
        secret_block_b64: SECRET_BLOCK,
    };
    let claim = client
        .password_claim(&challenge, PASSWORD, TIMESTAMP)
        .unwrap();
    (client.srp_a(), claim.signature)
}

fn benches(c: &mut Criterion) {
    group::warm_up();
    let f = fixture();
    let a256 = bytes("a", 32);
    let a1024 = bytes("a", 128);
    let block: Vec<u8> = (0u8..32).collect();

    let mut g = c.benchmark_group("srp");

    g.bench_function("client_a", |bench| {
        bench.iter(|| SrpClient::from_private_bytes(black_box(&a256)).unwrap())
    });
    let client = SrpClient::from_private_bytes(&a256).unwrap();
    let challenge = PasswordVerifierChallenge {
        pool_name: POOL,
        user_id_for_srp: USER,
        salt_hex: &f.salt,
        srp_b_hex: &f.srp_b,
        secret_block_b64: SECRET_BLOCK,
    };
    g.bench_function("client_response", |bench| {
        bench.iter(|| {
            client
                .password_claim(black_box(&challenge), PASSWORD, TIMESTAMP)
                .unwrap()
        })
    });
    g.bench_function("client_sign_in", |bench| {
        bench.iter(|| client_sign_in(black_box(&a256), &f))
    });
    g.bench_function("client_sign_in_a1024", |bench| {
        bench.iter(|| client_sign_in(black_box(&a1024), &f))
    });

    g.bench_function("server_b", |bench| {
        bench.iter(|| SrpServer::with_private_bytes(&f.verifier, black_box(&f.b)).unwrap())
    });
    let (srp_a, signature) = client_sign_in(&a256, &f);
    let server = SrpServer::with_private_bytes(&f.verifier, &f.b).unwrap();
    g.bench_function("server_verify", |bench| {
        bench.iter(|| {
            server
                .verify(black_box(&srp_a), POOL, USER, &block, TIMESTAMP, &signature)
                .unwrap()
        })
    });
    g.bench_function("server_verification", |bench| {
        bench.iter(|| {
            let server = SrpServer::with_private_bytes(&f.verifier, black_box(&f.b)).unwrap();
            server
                .verify(&srp_a, POOL, USER, &block, TIMESTAMP, &signature)
                .unwrap()
        })
    });
    g.finish();

    // Single exponentiations, ours and plain num-bigint, at the sizes used.
    let mut g = c.benchmark_group("modexp");
    let n = group::n();
    let base = BigUint::from_bytes_be(&bytes("base", 384)) % n;
    let two = BigUint::from(2u32);
    for bits in [256usize, 512, 1024] {
        let e = BigUint::from_bytes_be(&bytes("e", bits / 8));
        g.bench_function(format!("g_{bits}"), |bench| {
            bench.iter(|| group::pow_g(black_box(&e)))
        });
        g.bench_function(format!("var_{bits}"), |bench| {
            bench.iter(|| group::pow_mod(black_box(&base), black_box(&e)))
        });
        g.bench_function(format!("num_bigint_var_{bits}"), |bench| {
            bench.iter(|| black_box(&base).modpow(black_box(&e), n))
        });
        g.bench_function(format!("num_bigint_g_{bits}"), |bench| {
            bench.iter(|| two.modpow(black_box(&e), n))
        });
    }
    g.finish();
}

criterion_group! {
    name = srp;
    config = Criterion::default().sample_size(30);
    targets = benches
}
criterion_main!(srp);
