//! The same comparison as `rsa_sign.rs`, counted in CPU time instead of wall
//! time, so that it stays meaningful on a machine shared with other builds:
//! RSA-2048 PKCS#1 v1.5 SHA-256 signatures per CPU-second with aws-lc-rs and
//! ring (same key, same message), and CPU time per RSA-2048 key generation
//! (ours, and aws-lc-rs's own).
//!
//! `cargo bench -p mock-cognito --bench rsa_cpu` (release);
//! `cargo bench -p mock-cognito --bench rsa_cpu --profile dev` (debug build,
//! where key generation time matters for tests).
//!
//! CPU time is this process's user + system time from `/proc/self/stat`
//! (Linux only; clock ticks of 10 ms, so every measurement runs for seconds).
//!
//! Measured on the project's 2-core machine (Xeon with AVX-512 IFMA), quiet,
//! release, 2026-11-26: aws-lc-rs 357 µs CPU per signature with a two-prime
//! key, ring 652 µs; mock-cognito's multi-prime signer 721 / 313 / 197 / 106 /
//! 84 µs per ID-token-sized JWT with 3 / 4 / 5 / 6 / 8 primes; key generation
//! 75 ms (two primes) and 13 ms (six primes) ours, 107 ms aws-lc-rs (those three
//! from a run at about 1.4× slower). See docs/mock.md "Signing keys".

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Instant;

use mock_cognito::jwt::KeyPair;

/// User + system CPU seconds of this process (fields 14 and 15 of
/// `/proc/self/stat`, in ticks of 1/100 s, the Linux `USER_HZ`).
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").expect("Linux /proc");
    // The command name (field 2) is parenthesised and may contain spaces.
    let after_name = &stat[stat.rfind(')').expect("stat format") + 2..];
    let fields: Vec<&str> = after_name.split(' ').collect();
    let ticks: u64 = fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap();
    ticks as f64 / 100.0
}

/// Runs `op` until at least `cpu_budget` CPU seconds are spent; returns
/// (CPU seconds per op, wall seconds per op, ops).
fn measure(cpu_budget: f64, mut op: impl FnMut()) -> (f64, f64, u64) {
    op(); // warm-up
    let (cpu0, wall0) = (cpu_seconds(), Instant::now());
    let mut ops = 0u64;
    while cpu_seconds() - cpu0 < cpu_budget {
        for _ in 0..10 {
            op();
        }
        ops += 10;
    }
    let cpu = cpu_seconds() - cpu0;
    let wall = wall0.elapsed().as_secs_f64();
    (cpu / ops as f64, wall / ops as f64, ops)
}

fn report(name: &str, (cpu, wall, ops): (f64, f64, u64)) {
    println!(
        "{name:<40} {:>9.1} µs CPU/op {:>9.0} op/CPU-s   ({:.1} µs wall/op, {ops} ops)",
        cpu * 1e6,
        1.0 / cpu,
        wall * 1e6,
    );
}

fn main() {
    let profile = if cfg!(debug_assertions) {
        "debug"
    } else {
        "release"
    };
    println!("RSA-2048 on this machine ({profile} build of this crate)");
    // aws-lc-rs and ring read two-prime keys only.
    let key = KeyPair::generate_with_primes(2, &mut cognito_auth_srp::OsRandom).unwrap();
    let pkcs8 = key.to_pkcs8_der();
    let msg = vec![b'e'; 1100];

    let lc = aws_lc_rs::rsa::KeyPair::from_pkcs8(&pkcs8).unwrap();
    let lc_rng = aws_lc_rs::rand::SystemRandom::new();
    let mut sig = vec![0u8; lc.public_modulus_len()];
    report(
        "sign PKCS#1 v1.5 SHA-256, aws-lc-rs",
        measure(5.0, || {
            lc.sign(
                &aws_lc_rs::signature::RSA_PKCS1_SHA256,
                &lc_rng,
                &msg,
                &mut sig,
            )
            .unwrap();
        }),
    );
    let ring_key = ring::signature::RsaKeyPair::from_pkcs8(&pkcs8).unwrap();
    let ring_rng = ring::rand::SystemRandom::new();
    report(
        "sign PKCS#1 v1.5 SHA-256, ring",
        measure(5.0, || {
            ring_key
                .sign(
                    &ring::signature::RSA_PKCS1_SHA256,
                    &ring_rng,
                    &msg,
                    &mut sig,
                )
                .unwrap();
        }),
    );
    // Claims of an ID token's size (its payload is about 800 bytes).
    let token_claims = format!(r#"{{"exp":1700003600,"pad":"{}"}}"#, "x".repeat(780));
    report(
        "jwt::KeyPair::sign, 2 primes (aws-lc)",
        measure(5.0, || {
            std::hint::black_box(key.sign(token_claims.as_bytes()).unwrap());
        }),
    );
    for primes in [3usize, 4, 5, 6, 8] {
        let multi = KeyPair::generate_with_primes(primes, &mut cognito_auth_srp::OsRandom).unwrap();
        let default = if primes == mock_cognito::jwt::GENERATED_KEY_PRIMES {
            " (default)"
        } else {
            ""
        };
        report(
            &format!("jwt::KeyPair::sign, {primes} primes{default}"),
            measure(5.0, || {
                std::hint::black_box(multi.sign(token_claims.as_bytes()).unwrap());
            }),
        );
    }
    report(
        "keygen, ours, 2 primes",
        measure(10.0, || {
            std::hint::black_box(
                KeyPair::generate_with_primes(2, &mut cognito_auth_srp::OsRandom).unwrap(),
            );
        }),
    );
    report(
        "keygen, ours, 6 primes",
        measure(10.0, || {
            std::hint::black_box(KeyPair::generate(&mut cognito_auth_srp::OsRandom).unwrap());
        }),
    );
    report(
        "keygen, aws-lc-rs",
        measure(10.0, || {
            std::hint::black_box(
                aws_lc_rs::rsa::KeyPair::generate(aws_lc_rs::rsa::KeySize::Rsa2048).unwrap(),
            );
        }),
    );
}
