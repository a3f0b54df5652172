//! Property: for random users, passwords (unicode included) and salts, the
//! client's PASSWORD_CLAIM_SIGNATURE always verifies on the server half, and
//! never verifies when the client used a different password.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use base64::Engine as _;
use cognito_auth_srp::{
    PasswordVerifierChallenge, SrpClient, SrpError, SrpServer, Verifier, VerifierTable, timestamp,
};
use proptest::prelude::*;

fn nonzero_bytes(len: std::ops::RangeInclusive<usize>) -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(any::<u8>(), len).prop_map(|mut v| {
        if v.iter().all(|&b| b == 0) {
            v[0] = 1;
        }
        v
    })
}

/// Salts as a server stores them: no leading zero byte (see docs/srp.md).
fn salt() -> impl Strategy<Value = Vec<u8>> {
    (1u8..=255, prop::collection::vec(any::<u8>(), 0..=31)).prop_map(|(first, rest)| {
        let mut s = vec![first];
        s.extend(rest);
        s
    })
}

struct Exchange {
    server: SrpServer,
    srp_a: String,
    signature: String,
    block: Vec<u8>,
    ts: String,
}

struct Inputs<'a> {
    pool: &'a str,
    user: &'a str,
    stored_password: &'a str,
    typed_password: &'a str,
    salt: &'a [u8],
    a: &'a [u8],
    b: &'a [u8],
    block: &'a [u8],
    when: i64,
}

fn exchange(i: &Inputs<'_>) -> Exchange {
    let Inputs {
        pool,
        user,
        stored_password,
        typed_password,
        salt,
        a,
        b,
        block,
        when,
    } = *i;
    let verifier = Verifier::from_password(pool, user, stored_password, salt);
    let server = SrpServer::with_private_bytes(&verifier, b).unwrap();
    let client = SrpClient::from_private_bytes(a).unwrap();
    let block_b64 = base64::engine::general_purpose::STANDARD.encode(block);
    let (salt_hex, srp_b) = (server.salt(), server.srp_b());
    let challenge = PasswordVerifierChallenge {
        pool_name: pool,
        user_id_for_srp: user,
        salt_hex: &salt_hex,
        srp_b_hex: &srp_b,
        secret_block_b64: &block_b64,
    };
    let ts = timestamp::format(when);
    let claim = client
        .password_claim(&challenge, typed_password, &ts)
        .unwrap();
    assert_eq!(claim.secret_block, block_b64);
    assert_eq!(claim.timestamp, ts);
    Exchange {
        server,
        srp_a: client.srp_a(),
        signature: claim.signature,
        block: block.to_vec(),
        ts,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn right_password_always_verifies_and_a_different_one_never_does(
        pool in "[A-Za-z0-9]{1,12}",
        user in "\\PC{1,40}",
        password in "\\PC{0,64}",
        other in "\\PC{0,64}",
        salt in salt(),
        a in nonzero_bytes(32..=32),
        b in nonzero_bytes(32..=32),
        block in prop::collection::vec(any::<u8>(), 0..=64),
        when in 0i64..4_102_444_800,
    ) {
        let mut inputs = Inputs {
            pool: &pool,
            user: &user,
            stored_password: &password,
            typed_password: &password,
            salt: &salt,
            a: &a,
            b: &b,
            block: &block,
            when,
        };
        let ok = exchange(&inputs);
        prop_assert_eq!(
            ok.server.verify(&ok.srp_a, &pool, &user, &ok.block, &ok.ts, &ok.signature),
            Ok(())
        );
        prop_assume!(other != password);
        inputs.typed_password = &other;
        let bad = exchange(&inputs);
        prop_assert_eq!(
            bad.server.verify(&bad.srp_a, &pool, &user, &bad.block, &bad.ts, &bad.signature),
            Err(SrpError::BadSignature)
        );
    }

    #[test]
    fn signature_is_bound_to_user_pool_block_and_timestamp(
        user in "\\PC{1,20}",
        password in "\\PC{1,20}",
        salt in salt(),
        a in nonzero_bytes(1..=128),
        b in nonzero_bytes(32..=32),
        when in 0i64..4_102_444_800,
    ) {
        let pool = "AbCdEf";
        let block = b"secret block".to_vec();
        let ok = exchange(&Inputs {
            pool,
            user: &user,
            stored_password: &password,
            typed_password: &password,
            salt: &salt,
            a: &a,
            b: &b,
            block: &block,
            when,
        });
        let verify = |pool: &str, user: &str, block: &[u8], ts: &str| {
            ok.server.verify(&ok.srp_a, pool, user, block, ts, &ok.signature)
        };
        prop_assert_eq!(verify(pool, &user, &block, &ok.ts), Ok(()));
        prop_assert_eq!(verify("AbCdEg", &user, &block, &ok.ts), Err(SrpError::BadSignature));
        prop_assert_eq!(verify(pool, &format!("{user}x"), &block, &ok.ts), Err(SrpError::BadSignature));
        prop_assert_eq!(verify(pool, &user, b"secret blocK", &ok.ts), Err(SrpError::BadSignature));
        prop_assert_eq!(
            verify(pool, &user, &block, &timestamp::format(when + 1)),
            Err(SrpError::BadSignature)
        );
    }

    #[test]
    fn a_verifier_table_gives_the_same_b_and_key_as_plain_arithmetic(
        user in "\\PC{1,20}",
        password in "\\PC{0,20}",
        salt in salt(),
        a in nonzero_bytes(1..=128),
        b in nonzero_bytes(1..=32),
    ) {
        let verifier = Verifier::from_password("AbCdEf", &user, &password, &salt);
        let plain = SrpServer::with_private_bytes(&verifier, &b).unwrap();
        let table = VerifierTable::new(&verifier);
        prop_assert_eq!(table.verifier(), &verifier);
        let fast = SrpServer::with_table_and_private_bytes(&table, &b).unwrap();
        prop_assert_eq!(plain.srp_b(), fast.srp_b());
        prop_assert_eq!(plain.salt(), fast.salt());
        let client = SrpClient::from_private_bytes(&a).unwrap();
        let srp_a = client.srp_a();
        prop_assert_eq!(plain.session_key(&srp_a), fast.session_key(&srp_a));
        // The table is for this verifier only: a different password's
        // claim is refused through it.
        let other = Verifier::from_password("AbCdEf", &user, &format!("{password}x"), &salt);
        let other_fast = SrpServer::with_table_and_private_bytes(&VerifierTable::new(&other), &b).unwrap();
        prop_assert_ne!(other_fast.session_key(&srp_a), fast.session_key(&srp_a));
    }
}
