//! Published single-value vectors, typed errors for hostile input, `Debug`
//! redaction, and one regression test per SRP pitfall of landscape.md §2.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use base64::Engine as _;
use cognito_auth_srp::group::{self, compute_u, pad_bytes, pad_hex, parse_hex};
use cognito_auth_srp::{
    DeviceVerifierConfig, PasswordVerifierChallenge, SecretString, SrpClient, SrpError, SrpServer,
    Verifier, secret_hash, timestamp, verify_secret_hash,
};
use hmac::{Hmac, Mac};
use num_bigint::BigUint;
use sha2::{Digest, Sha256};

const B64: base64::engine::GeneralPurpose = base64::engine::general_purpose::STANDARD;

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn hmac(key: &[u8], parts: &[&[u8]]) -> Vec<u8> {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key).unwrap();
    for p in parts {
        mac.update(p);
    }
    mac.finalize().into_bytes().to_vec()
}

/// A client and server that completed one exchange, plus everything needed
/// to look at the secrets afterwards.
struct Run {
    client: SrpClient,
    server: SrpServer,
    verifier: Verifier,
    challenge_salt: String,
    challenge_b: String,
    block_b64: String,
}

const POOL: &str = "AbCdEf";
const USER: &str = "3f1c2b9e-7a4d-4e8b-9c0f-1a2b3c4d5e6f";
const PASSWORD: &str = "Tr0ub4dor&3-unique-password";
const TS: &str = "Tue Jan 2 15:04:05 UTC 2024";
const A_BYTES: [u8; 32] = [0xa1; 32];
const B_BYTES: [u8; 32] = [0xb2; 32];

fn run() -> Run {
    let verifier = Verifier::from_password(POOL, USER, PASSWORD, &[0x9c; 16]);
    let server = SrpServer::with_private_bytes(&verifier, &B_BYTES).unwrap();
    let client = SrpClient::from_private_bytes(&A_BYTES).unwrap();
    Run {
        challenge_salt: server.salt(),
        challenge_b: server.srp_b(),
        block_b64: B64.encode(b"opaque secret block bytes"),
        client,
        server,
        verifier,
    }
}

impl Run {
    fn challenge(&self) -> PasswordVerifierChallenge<'_> {
        PasswordVerifierChallenge {
            pool_name: POOL,
            user_id_for_srp: USER,
            salt_hex: &self.challenge_salt,
            srp_b_hex: &self.challenge_b,
            secret_block_b64: &self.block_b64,
        }
    }
}

// --- Published single values (amplify-auth-flows.md §8.7) -------------------

#[test]
fn secret_hash_matches_published_vector() {
    let expected = "LoIX/oPJWZzFYv8liJYRo+CHv16FNDY10JlZEDjL3Vg=";
    assert_eq!(secret_hash("test", "123abd", "clientSecret"), expected);
    assert!(verify_secret_hash(
        "test",
        "123abd",
        "clientSecret",
        expected
    ));
    assert!(!verify_secret_hash(
        "test",
        "123abd",
        "clientSecreT",
        expected
    ));
    assert!(!verify_secret_hash(
        "Test",
        "123abd",
        "clientSecret",
        expected
    ));
    assert!(!verify_secret_hash(
        "test",
        "123abd",
        "clientSecret",
        "not base64!"
    ));
}

#[test]
fn u_only_vector() {
    let a = parse_hex("6D797365637265746861736841").unwrap();
    let b = parse_hex("6D797365637265746861736842").unwrap();
    let expected = BigUint::parse_bytes(
        b"39743664823761398449876968619416475559594078623923024211668626611155104513539",
        10,
    )
    .unwrap();
    assert_eq!(compute_u(&a, &b), expected);
}

#[test]
fn device_verifier_matches_amplify_auth_flows_8_7() {
    let salt = parse_hex("00112233445566778899aabbccddeeff").unwrap();
    let cfg = DeviceVerifierConfig::from_parts(
        "-deviceGroupKey1",
        "us-east-1_00000000-1111-2222-3333-444444444444",
        "cmFuZG9tUGFzc3dvcmQ=",
        &salt.to_bytes_be(),
    );
    // The leading zero byte of the salt is dropped (it is an integer).
    assert_eq!(cfg.salt, "ESIzRFVmd4iZqrvM3e7/");
    let verifier = B64.decode(&cfg.password_verifier).unwrap();
    assert_eq!(verifier.len(), 385, "padHex(v): 770 hex digits");
    assert_eq!(
        hex(&Sha256::digest(&verifier)),
        "cb2285b9813fae519fb687a5cf6d896cacdb6c9381109c14727435a6c3b6fa80"
    );
    assert!(
        cfg.password_verifier
            .starts_with("ANJN7bvqyiGbZXCIdZ6SySZiFOLTDiT1HdAtl5DC")
    );
    assert_eq!(cfg.random_password.expose(), "cmFuZG9tUGFzc3dvcmQ=");
}

#[test]
fn device_srp_round_trip_through_the_confirm_device_form() {
    struct Counter(u8);
    impl cognito_auth_srp::SecureRandom for Counter {
        fn fill(&mut self, dest: &mut [u8]) -> Result<(), SrpError> {
            for b in dest {
                self.0 = self.0.wrapping_mul(31).wrapping_add(7);
                *b = self.0;
            }
            Ok(())
        }
    }
    let (group_key, device_key) = ("-Xyz123", "us-east-1_6b2c7f0e-0000-4000-8000-00000000abcd");
    let cfg = DeviceVerifierConfig::generate(group_key, device_key, &mut Counter(1)).unwrap();
    assert_eq!(B64.decode(cfg.random_password.expose()).unwrap().len(), 40);
    // What mock-cognito stores from ConfirmDevice…
    let verifier = Verifier::from_device_config(&cfg.salt, &cfg.password_verifier).unwrap();
    let server = SrpServer::new(&verifier, &mut Counter(9)).unwrap();
    // …and what the device answers DEVICE_PASSWORD_VERIFIER with.
    let client = SrpClient::new(&mut Counter(3)).unwrap();
    let (salt, srp_b) = (server.salt(), server.srp_b());
    let challenge = PasswordVerifierChallenge {
        pool_name: group_key,
        user_id_for_srp: device_key,
        salt_hex: &salt,
        srp_b_hex: &srp_b,
        secret_block_b64: "c2VjcmV0",
    };
    let claim = client
        .password_claim(&challenge, cfg.random_password.expose(), TS)
        .unwrap();
    let ok = server.verify(
        &client.srp_a(),
        group_key,
        device_key,
        b"secret",
        TS,
        &claim.signature,
    );
    assert_eq!(ok, Ok(()));
    let wrong = client
        .password_claim(&challenge, "another password", TS)
        .unwrap();
    let bad = server.verify(
        &client.srp_a(),
        group_key,
        device_key,
        b"secret",
        TS,
        &wrong.signature,
    );
    assert_eq!(bad, Err(SrpError::BadSignature));
}

// --- Typed errors ------------------------------------------------------------

#[test]
fn b_congruent_to_zero_mod_n_is_rejected() {
    let r = run();
    let n = group::n();
    let n_hex = group::to_hex(n);
    let two_n = group::to_hex(&(n * 2u32));
    for b in [
        "0",
        "000",
        n_hex.as_str(),
        &n_hex.to_uppercase(),
        two_n.as_str(),
    ] {
        let challenge = PasswordVerifierChallenge {
            srp_b_hex: b,
            ..r.challenge()
        };
        assert_eq!(
            r.client.password_claim(&challenge, PASSWORD, TS),
            Err(SrpError::IllegalB),
            "B = {}…",
            &b[..b.len().min(8)]
        );
        assert_eq!(
            r.client.intermediates(&challenge, PASSWORD).err(),
            Some(SrpError::IllegalB)
        );
    }
}

#[test]
fn server_rejects_a_congruent_to_zero_mod_n() {
    let r = run();
    let n_hex = group::to_hex(group::n());
    let two_n = group::to_hex(&(group::n() * 2u32));
    for a in ["0", "0000", n_hex.as_str(), two_n.as_str()] {
        assert_eq!(r.server.session_key(a), Err(SrpError::IllegalA));
        assert_eq!(
            r.server.verify(a, POOL, USER, b"", TS, "AAAA"),
            Err(SrpError::IllegalA)
        );
    }
}

#[test]
fn server_rejects_oversized_srp_a() {
    let r = run();
    let honest = r.client.srp_a();
    assert!(r.server.session_key(&honest).is_ok());
    // Leading zeros do not make a value bigger, but they do make the request
    // bigger: the length cap applies to the text.
    let padded = format!("{}{honest}", "0".repeat(1025 - honest.len()));
    assert_eq!(r.server.session_key(&padded), Err(SrpError::OversizedA));
    let huge = "f".repeat(100_000);
    assert_eq!(r.server.session_key(&huge), Err(SrpError::OversizedA));
    let at_cap = format!("{}{honest}", "0".repeat(1024 - honest.len()));
    assert!(r.server.session_key(&at_cap).is_ok());
}

#[test]
fn zero_private_values_are_rejected() {
    assert!(matches!(
        SrpClient::from_private_bytes(&[0; 32]),
        Err(SrpError::IllegalA)
    ));
    assert!(matches!(
        SrpClient::from_private_bytes(&[]),
        Err(SrpError::IllegalA)
    ));
    let v = Verifier::from_password(POOL, USER, PASSWORD, &[1; 16]);
    assert!(matches!(
        SrpServer::with_private_bytes(&v, &[0; 32]),
        Err(SrpError::IllegalB)
    ));
}

#[test]
fn bad_hex_and_base64_are_typed_errors() {
    let r = run();
    let cases: [(PasswordVerifierChallenge<'_>, SrpError); 5] = [
        (
            PasswordVerifierChallenge {
                srp_b_hex: "xyz",
                ..r.challenge()
            },
            SrpError::InvalidHex("SRP_B"),
        ),
        (
            PasswordVerifierChallenge {
                srp_b_hex: "",
                ..r.challenge()
            },
            SrpError::InvalidHex("SRP_B"),
        ),
        (
            PasswordVerifierChallenge {
                salt_hex: "12 34",
                ..r.challenge()
            },
            SrpError::InvalidHex("SALT"),
        ),
        (
            PasswordVerifierChallenge {
                salt_hex: "",
                ..r.challenge()
            },
            SrpError::InvalidHex("SALT"),
        ),
        (
            PasswordVerifierChallenge {
                secret_block_b64: "not*base64",
                ..r.challenge()
            },
            SrpError::InvalidBase64("SECRET_BLOCK"),
        ),
    ];
    for (challenge, want) in cases {
        assert_eq!(r.client.password_claim(&challenge, PASSWORD, TS), Err(want));
    }
    assert!(matches!(
        SrpClient::from_private_hex("0xz"),
        Err(SrpError::InvalidHex("a"))
    ));
    assert_eq!(
        r.server.session_key("12g4"),
        Err(SrpError::InvalidHex("SRP_A"))
    );
    assert_eq!(r.server.session_key(""), Err(SrpError::InvalidHex("SRP_A")));
    let srp_a = r.client.srp_a();
    assert_eq!(
        r.server.verify(&srp_a, POOL, USER, b"", TS, "%%%"),
        Err(SrpError::InvalidBase64("PASSWORD_CLAIM_SIGNATURE"))
    );
    assert_eq!(
        Verifier::from_hex("zz", "12").err(),
        Some(SrpError::InvalidHex("salt"))
    );
    assert_eq!(
        Verifier::from_hex("12", "").err(),
        Some(SrpError::InvalidHex("verifier"))
    );
    assert_eq!(
        Verifier::from_device_config("***", "AAAA").err(),
        Some(SrpError::InvalidBase64("Salt"))
    );
    assert_eq!(
        Verifier::from_device_config("AAAA", "***").err(),
        Some(SrpError::InvalidBase64("PasswordVerifier"))
    );
    assert_eq!(
        Verifier::from_device_config("", "").err(),
        Some(SrpError::InvalidBase64("DeviceSecretVerifierConfig"))
    );
    // Every error renders without panicking and names no secret.
    for e in [
        SrpError::InvalidHex("SRP_B"),
        SrpError::IllegalA,
        SrpError::IllegalB,
        SrpError::OversizedA,
        SrpError::BadSignature,
    ] {
        assert!(!e.to_string().is_empty());
    }
}

#[test]
fn verifier_survives_storage_as_hex() {
    let r = run();
    let stored = Verifier::from_hex(&r.verifier.salt_hex(), &r.verifier.verifier_hex()).unwrap();
    assert_eq!(stored, r.verifier);
    let server = SrpServer::with_private_bytes(&stored, &B_BYTES).unwrap();
    assert_eq!(server.srp_b(), r.server.srp_b());
}

// --- Debug never shows a secret ---------------------------------------------

#[test]
fn debug_of_every_secret_holding_type_shows_no_secret() {
    let r = run();
    let im = r.client.intermediates(&r.challenge(), PASSWORD).unwrap();
    let claim = r
        .client
        .password_claim(&r.challenge(), PASSWORD, TS)
        .unwrap();
    let server_key = r.server.session_key(&r.client.srp_a()).unwrap();
    assert_eq!(server_key, im.key);
    let device =
        DeviceVerifierConfig::from_parts("-g", "us-east-1_d", "RGV2aWNlUGFzc3dvcmQ=", &[7; 16]);
    let secret_string = SecretString::new(PASSWORD);

    let secrets: Vec<(&str, String)> = vec![
        ("password", PASSWORD.to_owned()),
        ("a", hex(&A_BYTES)),
        ("b", hex(&B_BYTES)),
        ("x", im.x_hex.clone()),
        ("S", im.s_hex.clone()),
        ("key", hex(&im.key)),
        ("signature", claim.signature.clone()),
        ("verifier", r.verifier.verifier_hex()),
        ("device password", "RGV2aWNlUGFzc3dvcmQ=".to_owned()),
    ];
    let shown = [
        format!("{:?}", r.client),
        format!("{:?}", r.server),
        format!("{:?}", r.verifier),
        format!("{im:?}"),
        format!("{claim:?}"),
        format!("{device:?}"),
        format!("{secret_string:?}"),
        format!("{:#?}", (&r.client, &r.server, &im, &claim, &device)),
    ];
    for text in &shown {
        for (what, secret) in &secrets {
            // Long secrets: any 16-character window would be a leak too.
            let probe = &secret[..secret.len().min(16)];
            assert!(
                !text.contains(probe),
                "{what} appears in Debug output: {text}"
            );
        }
    }
    // Public values are still there, so the output stays useful.
    assert!(shown[0].contains(&r.client.srp_a()));
    assert!(shown[1].contains(&r.server.srp_b()));
    assert!(shown[2].contains(&r.verifier.salt_hex()));
    assert!(shown[4].contains(TS));
}

// --- landscape.md §2 pitfalls 2–5 ---------------------------------------------

/// Pitfall 2: k and u hash the minimal signed hex (padHex), never values
/// padded to the width of N.
#[test]
fn pitfall_2_k_and_u_hash_minimal_signed_hex_not_fixed_width() {
    // k = H(padHex(N) ‖ padHex(g)): 385 bytes of N (with its sign byte), then 02.
    let mut h = Sha256::new();
    h.update(pad_bytes(group::n()));
    h.update([2u8]);
    assert_eq!(BigUint::from_bytes_be(&h.finalize()), *group::k());
    assert_eq!(
        group::to_hex(group::k()),
        "538282c4354742d7cbbde2359fcf67f9f5b3a6b08791e5011b43b8a5b66d9ee6"
    );
    let mut wide = Sha256::new();
    let mut n384 = group::n().to_bytes_be();
    n384.resize(384, 0);
    wide.update(&n384);
    wide.update([0u8; 383]);
    wide.update([2u8]);
    assert_ne!(BigUint::from_bytes_be(&wide.finalize()), *group::k());

    // u over a short B with its top bit set: the sign byte is added, no padding.
    let r = run();
    let a = parse_hex(&r.client.srp_a()).unwrap();
    let b = parse_hex("80a1b2c3").unwrap();
    assert_eq!(pad_hex(&b), "0080a1b2c3");
    let mut by_hand = Sha256::new();
    by_hand.update(pad_bytes(&a));
    by_hand.update([0x00, 0x80, 0xa1, 0xb2, 0xc3]);
    assert_eq!(
        compute_u(&a, &b),
        BigUint::from_bytes_be(&by_hand.finalize())
    );
    let mut padded_b = vec![0u8; 380];
    padded_b.extend_from_slice(&[0x80, 0xa1, 0xb2, 0xc3]);
    let mut fixed_width = Sha256::new();
    fixed_width.update(pad_bytes(&a));
    fixed_width.update(&padded_b);
    assert_ne!(
        compute_u(&a, &b),
        BigUint::from_bytes_be(&fixed_width.finalize())
    );

    // And the u the client uses is the u the server uses.
    let im = r.client.intermediates(&r.challenge(), PASSWORD).unwrap();
    let b_pub = parse_hex(&r.server.srp_b()).unwrap();
    assert_eq!(group::to_hex(&compute_u(&a, &b_pub)), im.u_hex);
}

/// Pitfall 3: HKDF-SHA256 with u as the salt, S as the input key material,
/// info "Caldera Derived Key" followed by the counter byte 1, first 16 bytes.
#[test]
fn pitfall_3_hkdf_is_salt_u_ikm_s_info_caldera_counter_1() {
    let r = run();
    let im = r.client.intermediates(&r.challenge(), PASSWORD).unwrap();
    let u = pad_bytes(&parse_hex(&im.u_hex).unwrap());
    let s = pad_bytes(&parse_hex(&im.s_hex).unwrap());
    let prk = hmac(&u, &[&s]);
    let okm = hmac(&prk, &[b"Caldera Derived Key", &[1u8]]);
    assert_eq!(im.key.as_slice(), &okm[..16]);
    // Each plausible mistake gives another key.
    let swapped = hmac(&hmac(&s, &[&u]), &[b"Caldera Derived Key", &[1u8]]);
    assert_ne!(im.key.as_slice(), &swapped[..16]);
    let no_counter = hmac(&prk, &[b"Caldera Derived Key"]);
    assert_ne!(im.key.as_slice(), &no_counter[..16]);
    assert_ne!(im.key.as_slice(), &prk[..16]);
    // The signature is HMAC(key, pool ‖ user ‖ block ‖ timestamp).
    let claim = r
        .client
        .password_claim(&r.challenge(), PASSWORD, TS)
        .unwrap();
    let sig = hmac(
        &okm[..16],
        &[
            POOL.as_bytes(),
            USER.as_bytes(),
            b"opaque secret block bytes",
            TS.as_bytes(),
        ],
    );
    assert_eq!(claim.signature, B64.encode(sig));
    // Published: alexrudd/cognito-srp's key for its fixed inputs.
    let published = SrpClient::from_private_hex("499602d2").unwrap();
    let challenge = PasswordVerifierChallenge {
        pool_name: "myPool",
        user_id_for_srp: "test",
        salt_hex: "499602d2",
        srp_b_hex: "499602d2",
        secret_block_b64: "c2VjcmV0c3NlY3Jlc3Rzc2VjcmV0cw==",
    };
    let key = published.intermediates(&challenge, "test").unwrap().key;
    assert_eq!(hex(&key), "d96cde6c95dda17175c1293140c5a81f");
}

/// Pitfall 4: TIMESTAMP has English names and a day that is not zero-padded;
/// the server refuses a padded day.
#[test]
fn pitfall_4_timestamp_day_is_not_zero_padded() {
    let t = timestamp::format(1_704_207_845);
    assert_eq!(t, "Tue Jan 2 15:04:05 UTC 2024");
    assert_eq!(timestamp::parse(&t), Ok(1_704_207_845));
    assert_eq!(
        timestamp::parse("Tue Jan 02 15:04:05 UTC 2024"),
        Err(SrpError::InvalidTimestamp)
    );
    for day in 1..=9i64 {
        let t = timestamp::format(1_704_067_200 + (day - 1) * 86_400);
        assert!(t.contains(&format!(" Jan {day} ")), "{t}");
    }
}

/// Pitfall 5: a value whose top bit is set needs a 00 sign byte wherever it
/// is hashed or sent as bytes (device salts and verifiers included).
#[test]
fn pitfall_5_values_with_the_top_bit_set_get_a_sign_byte() {
    let salt = [0x80u8, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15];
    let cfg = DeviceVerifierConfig::from_parts("-g", "us-east-1_d", "pw", &salt);
    let salt_sent = B64.decode(&cfg.salt).unwrap();
    assert_eq!(salt_sent[0], 0);
    assert_eq!(&salt_sent[1..], &salt);
    let v_sent = B64.decode(&cfg.password_verifier).unwrap();
    let v = BigUint::from_bytes_be(&v_sent);
    if v.bits().is_multiple_of(8) {
        assert_eq!(v_sent[0], 0, "verifier with its top bit set keeps a 00");
        assert_eq!(v_sent.len(), v.bits() as usize / 8 + 1);
    } else {
        assert_ne!(v_sent[0], 0);
    }
    // A salt without the top bit set gets no extra byte.
    let low = DeviceVerifierConfig::from_parts("-g", "us-east-1_d", "pw", &[0x7f; 16]);
    assert_eq!(B64.decode(&low.salt).unwrap(), vec![0x7f; 16]);
    // x hashes the salt with its sign byte: H(00 ‖ salt ‖ H(pool ‖ user ‖ ":" ‖ pw)).
    let inner = Sha256::digest(b"-gus-east-1_d:pw");
    let mut h = Sha256::new();
    h.update([0u8]);
    h.update(salt);
    h.update(inner);
    let x = BigUint::from_bytes_be(&h.finalize());
    assert_eq!(
        group::compute_x(&BigUint::from_bytes_be(&salt), "-g", "us-east-1_d", "pw"),
        x
    );
    assert_eq!(v, group::pow_g(&x));
}
