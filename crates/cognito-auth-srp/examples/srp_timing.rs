//! Timing loop for `cargo xtask bench-srp`: the same computations and names
//! as `benches/srp.rs` and `xtask/bench/gmp_srp.py`, measured the way the GMP
//! script measures (batches of calls, median and minimum per call), so that
//! both sides use one estimator. Prints `name<TAB>median_s<TAB>min_s` lines.
//!
//! `cargo run --release -p cognito-auth-srp --example srp_timing [budget_s]`

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;
use std::time::Instant;

use cognito_auth_srp::{PasswordVerifierChallenge, SrpClient, SrpServer, Verifier, group};
use num_bigint::BigUint;

#[path = "../benches/support/inputs.rs"]
mod inputs;
use inputs::*;

/// Median and minimum seconds per call over batches of about 20 ms.
fn measure(budget: f64, mut f: impl FnMut()) -> (f64, f64) {
    f();
    let t = Instant::now();
    f();
    let once = t.elapsed().as_secs_f64().max(1e-7);
    let batch = ((0.02 / once) as usize).max(1);
    let mut samples = Vec::new();
    let start = Instant::now();
    while start.elapsed().as_secs_f64() < budget || samples.len() < 5 {
        let t = Instant::now();
        for _ in 0..batch {
            f();
        }
        samples.push(t.elapsed().as_secs_f64() / batch as f64);
    }
    samples.sort_by(f64::total_cmp);
    (samples[samples.len() / 2], samples[0])
}

fn main() {
    let budget: f64 = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(1.5);
    group::warm_up();
    let verifier = Verifier::from_password(POOL, USER, PASSWORD, &bytes("salt", 16));
    let b = bytes("b", 32);
    let server = SrpServer::with_private_bytes(&verifier, &b).unwrap();
    let (salt, srp_b) = (server.salt(), server.srp_b());
    let challenge = PasswordVerifierChallenge {
        pool_name: POOL,
        user_id_for_srp: USER,
        salt_hex: &salt,
        srp_b_hex: &srp_b,
        secret_block_b64: SECRET_BLOCK,
    };
    let a256 = bytes("a", 32);
    let a1024 = bytes("a", 128);
    let block: Vec<u8> = (0u8..32).collect();
    let client = SrpClient::from_private_bytes(&a256).unwrap();
    let claim = client
        .password_claim(&challenge, PASSWORD, TIMESTAMP)
        .unwrap();
    let srp_a = client.srp_a();
    server
        .verify(&srp_a, POOL, USER, &block, TIMESTAMP, &claim.signature)
        .unwrap();
    let sign_in = |a: &[u8]| {
        let c = SrpClient::from_private_bytes(a).unwrap();
        let claim = c.password_claim(&challenge, PASSWORD, TIMESTAMP).unwrap();
        (c.srp_a(), claim.signature)
    };

    let mut rows: Vec<(String, Box<dyn FnMut() + '_>)> = vec![
        (
            "srp/client_a".into(),
            Box::new(|| {
                black_box(SrpClient::from_private_bytes(black_box(&a256)).unwrap());
            }),
        ),
        (
            "srp/client_response".into(),
            Box::new(|| {
                black_box(client.password_claim(black_box(&challenge), PASSWORD, TIMESTAMP))
                    .unwrap();
            }),
        ),
        (
            "srp/client_sign_in".into(),
            Box::new(|| {
                black_box(sign_in(black_box(&a256)));
            }),
        ),
        (
            "srp/client_sign_in_a1024".into(),
            Box::new(|| {
                black_box(sign_in(black_box(&a1024)));
            }),
        ),
        (
            "srp/server_b".into(),
            Box::new(|| {
                black_box(SrpServer::with_private_bytes(&verifier, black_box(&b)).unwrap());
            }),
        ),
        (
            "srp/server_verify".into(),
            Box::new(|| {
                server
                    .verify(
                        black_box(&srp_a),
                        POOL,
                        USER,
                        &block,
                        TIMESTAMP,
                        &claim.signature,
                    )
                    .unwrap();
            }),
        ),
        (
            "srp/server_verification".into(),
            Box::new(|| {
                let s = SrpServer::with_private_bytes(&verifier, black_box(&b)).unwrap();
                s.verify(&srp_a, POOL, USER, &block, TIMESTAMP, &claim.signature)
                    .unwrap();
            }),
        ),
    ];
    let n = group::n();
    let base = BigUint::from_bytes_be(&bytes("base", 384)) % n;
    let two = BigUint::from(2u32);
    for bits in [256usize, 512, 1024] {
        let e = BigUint::from_bytes_be(&bytes("e", bits / 8));
        let (e1, e2, e3, e4) = (e.clone(), e.clone(), e.clone(), e);
        let (b1, b2) = (base.clone(), base.clone());
        let t = two.clone();
        rows.push((
            format!("modexp/g_{bits}"),
            Box::new(move || {
                black_box(group::pow_g(black_box(&e1)));
            }),
        ));
        rows.push((
            format!("modexp/var_{bits}"),
            Box::new(move || {
                black_box(group::pow_mod(black_box(&b1), black_box(&e2)));
            }),
        ));
        rows.push((
            format!("modexp/num_bigint_g_{bits}"),
            Box::new(move || {
                black_box(t.modpow(black_box(&e3), n));
            }),
        ));
        rows.push((
            format!("modexp/num_bigint_var_{bits}"),
            Box::new(move || {
                black_box(b2.modpow(black_box(&e4), n));
            }),
        ));
    }
    for (name, f) in rows.iter_mut() {
        let (median, min) = measure(budget, f);
        println!("{name}\t{median:.9}\t{min:.9}");
    }
}
