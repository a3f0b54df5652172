//! Which RSA library should sign mock-cognito's tokens? RSA-2048
//! RSASSA-PKCS1-v1_5 SHA-256 signing with aws-lc-rs and with ring on the same
//! key and message, one thread and two threads at once (this project's machines
//! have two cores), plus key-generation time (ours from num-bigint, and
//! aws-lc-rs's own for comparison).
//!
//! `cargo bench -p mock-cognito --bench rsa_sign`
//! Debug-build key generation: `cargo bench -p mock-cognito --bench rsa_sign --profile dev -- keygen`

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use mock_cognito::jwt::KeyPair;

/// A JWT signing input of realistic length (an ID token's header and claims).
fn message() -> Vec<u8> {
    vec![b'e'; 1100]
}

/// Runs `iters` calls of `sign` split over `threads` threads; wall time.
fn parallel(iters: u64, threads: u64, sign: &(dyn Fn() + Sync)) -> Duration {
    let start = Instant::now();
    std::thread::scope(|scope| {
        for t in 0..threads {
            let share = iters / threads + u64::from(t < iters % threads);
            scope.spawn(move || {
                for _ in 0..share {
                    sign();
                }
            });
        }
    });
    start.elapsed()
}

fn signing(c: &mut Criterion) {
    // aws-lc-rs and ring read two-prime keys only; the mock's own keys have six.
    let key = KeyPair::generate_with_primes(2, &mut cognito_auth_srp::OsRandom).unwrap();
    let pkcs8 = key.to_pkcs8_der();
    let msg = message();
    let six = KeyPair::generate(&mut cognito_auth_srp::OsRandom).unwrap();
    let claims = format!(r#"{{"exp":1700003600,"pad":"{}"}}"#, "x".repeat(1060));
    let six_sign = || {
        std::hint::black_box(six.sign(claims.as_bytes()).unwrap());
    };

    let lc = aws_lc_rs::rsa::KeyPair::from_pkcs8(&pkcs8).unwrap();
    let lc_rng = aws_lc_rs::rand::SystemRandom::new();
    let lc_sign = || {
        let mut sig = vec![0u8; lc.public_modulus_len()];
        lc.sign(
            &aws_lc_rs::signature::RSA_PKCS1_SHA256,
            &lc_rng,
            &msg,
            &mut sig,
        )
        .unwrap();
        std::hint::black_box(sig);
    };
    let ring_key = ring::signature::RsaKeyPair::from_pkcs8(&pkcs8).unwrap();
    let ring_rng = ring::rand::SystemRandom::new();
    let ring_sign = || {
        let mut sig = vec![0u8; ring_key.public().modulus_len()];
        ring_key
            .sign(
                &ring::signature::RSA_PKCS1_SHA256,
                &ring_rng,
                &msg,
                &mut sig,
            )
            .unwrap();
        std::hint::black_box(sig);
    };

    let mut group = c.benchmark_group("rsa2048_pkcs1_sha256_sign");
    group.throughput(Throughput::Elements(1));
    group.bench_function("aws-lc-rs", |b| b.iter(lc_sign));
    group.bench_function("ring", |b| b.iter(ring_sign));
    group.bench_function("mock-cognito 6-prime (whole token)", |b| b.iter(six_sign));
    // Time per signature with two threads signing at once: the machine's total rate.
    group.bench_function("aws-lc-rs/2 threads", |b| {
        b.iter_custom(|iters| parallel(iters, 2, &lc_sign))
    });
    group.bench_function("ring/2 threads", |b| {
        b.iter_custom(|iters| parallel(iters, 2, &ring_sign))
    });
    group.bench_function("mock-cognito 6-prime/2 threads", |b| {
        b.iter_custom(|iters| parallel(iters, 2, &six_sign))
    });
    group.finish();
}

fn keygen(c: &mut Criterion) {
    let mut group = c.benchmark_group("rsa2048_keygen");
    group.sample_size(10);
    group.bench_function("num-bigint (ours)", |b| {
        b.iter(|| KeyPair::generate(&mut cognito_auth_srp::OsRandom).unwrap())
    });
    group.bench_function("aws-lc-rs", |b| {
        b.iter(|| aws_lc_rs::rsa::KeyPair::generate(aws_lc_rs::rsa::KeySize::Rsa2048).unwrap())
    });
    group.finish();
}

criterion_group!(benches, signing, keygen);
criterion_main!(benches);
