//! One-off costs in a fresh process: building the fixed-base table for `g`
//! (what the first SRP computation of a process pays, or `group::warm_up`),
//! then one client sign-in and one server verification right after.
//! Run by `cargo xtask bench-srp`; prints `name<TAB>seconds` lines.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Instant;

use cognito_auth_srp::{PasswordVerifierChallenge, SrpClient, SrpServer, Verifier, group};

fn main() {
    let t = Instant::now();
    group::warm_up();
    println!("comb_table_build_seconds\t{:.9}", t.elapsed().as_secs_f64());

    let t = Instant::now();
    let verifier = Verifier::from_password("AbCdEf", "user", "password", &[0x5a; 16]);
    let server = SrpServer::with_private_bytes(&verifier, &[0x42; 32]).unwrap();
    let client = SrpClient::from_private_bytes(&[0x17; 32]).unwrap();
    let (salt, srp_b) = (server.salt(), server.srp_b());
    let challenge = PasswordVerifierChallenge {
        pool_name: "AbCdEf",
        user_id_for_srp: "user",
        salt_hex: &salt,
        srp_b_hex: &srp_b,
        secret_block_b64: "AAAA",
    };
    let ts = "Tue Jan 2 15:04:05 UTC 2024";
    let claim = client.password_claim(&challenge, "password", ts).unwrap();
    server
        .verify(
            &client.srp_a(),
            "AbCdEf",
            "user",
            &[0, 0, 0],
            ts,
            &claim.signature,
        )
        .unwrap();
    println!("first_exchange_seconds\t{:.9}", t.elapsed().as_secs_f64());
}
