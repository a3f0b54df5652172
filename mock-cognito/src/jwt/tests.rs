#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::OnceLock;

use num_bigint::BigUint;
use num_integer::Integer as _;
use num_traits::One as _;
use proptest::prelude::*;
use sha2::Digest as _;

use super::*;

/// Deterministic bytes for tests: SHA-256 in counter mode over a seed.
pub(crate) struct TestRng {
    seed: u64,
    counter: u64,
}

impl TestRng {
    pub(crate) fn new(seed: u64) -> Self {
        Self { seed, counter: 0 }
    }
}

impl SecureRandom for TestRng {
    fn fill(&mut self, dest: &mut [u8]) -> Result<(), cognito_auth_srp::SrpError> {
        for chunk in dest.chunks_mut(32) {
            let block = Sha256::new()
                .chain_update(self.seed.to_be_bytes())
                .chain_update(self.counter.to_be_bytes())
                .finalize();
            self.counter += 1;
            chunk.copy_from_slice(&block[..chunk.len()]);
        }
        Ok(())
    }
}

struct FailingRng;

impl SecureRandom for FailingRng {
    fn fill(&mut self, _: &mut [u8]) -> Result<(), cognito_auth_srp::SrpError> {
        Err(cognito_auth_srp::SrpError::Rng)
    }
}

/// One pool's keys for the whole test binary (key generation dominates).
fn keys() -> &'static PoolKeys {
    static KEYS: OnceLock<PoolKeys> = OnceLock::new();
    KEYS.get_or_init(|| PoolKeys::generate(&mut TestRng::new(7)).unwrap())
}

const NOW: u64 = 1_700_000_000;

fn access_claims(exp: u64) -> Vec<u8> {
    format!(
        concat!(
            r#"{{"sub":"3f1c2a7e-5b1d-4a8e-9d55-0c6c4a1e2b3f","iss":"http:\/\/127.0.0.1:9229\/us-east-1_AbCdEfGhI","#,
            r#""client_id":"4v2q1k3j5h6g7f8d9s0a1p2o3i","origin_jti":"0b5a6f0e-1d2c-4b3a-8f9e-7d6c5b4a3f2e","#,
            r#""event_id":"9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d","token_use":"access","#,
            r#""scope":"aws.cognito.signin.user.admin","auth_time":{now},"exp":{exp},"iat":{now},"#,
            r#""jti":"1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f","username":"alice"}}"#
        ),
        now = NOW,
        exp = exp,
    )
    .into_bytes()
}

fn access_token(exp: u64) -> String {
    keys().access.sign(&access_claims(exp)).unwrap()
}

fn b64(part: &str) -> Vec<u8> {
    URL_SAFE_NO_PAD.decode(part).unwrap()
}

fn replace_part(token: &str, index: usize, new: &str) -> String {
    let mut parts: Vec<&str> = token.split('.').collect();
    parts[index] = new;
    parts.join(".")
}

#[test]
fn header_is_exactly_cognitos() {
    let token = access_token(NOW + 3600);
    let header = b64(token.split('.').next().unwrap());
    let kid = keys().access.kid();
    assert_eq!(
        header,
        format!(r#"{{"kid":"{kid}","alg":"RS256"}}"#).into_bytes()
    );
    assert_eq!(kid.len(), 44);
    assert_eq!(STANDARD.decode(kid).unwrap().len(), 32);
    assert_ne!(
        keys().id.kid(),
        keys().access.kid(),
        "ID and access keys differ"
    );
}

#[test]
fn payload_is_carried_byte_for_byte() {
    let claims = access_claims(NOW + 3600);
    let token = access_token(NOW + 3600);
    assert_eq!(b64(token.split('.').nth(1).unwrap()), claims);
    assert!(
        token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b)),
        "Cognito's token pattern [A-Za-z0-9-_=.]+"
    );
}

#[test]
fn sign_then_verify_round_trips() {
    let token = access_token(NOW + 3600);
    let decoded = verify(&token, keys(), NOW).unwrap();
    assert_eq!(decoded.header["kid"], keys().access.kid());
    assert_eq!(decoded.claims["username"], "alice");
    assert_eq!(
        decoded.claims["iss"],
        "http://127.0.0.1:9229/us-east-1_AbCdEfGhI"
    );
    // Against the access key alone too.
    assert_eq!(verify(&token, &keys().access, NOW).unwrap(), decoded);
    assert_eq!(decode_unverified(&token).unwrap(), decoded);
}

#[test]
fn sign_claims_serialises_the_map() {
    let mut claims = Map::new();
    claims.insert("token_use".into(), json!("id"));
    claims.insert("exp".into(), json!(NOW + 60));
    claims.insert("email_verified".into(), json!(true));
    let token = keys().id.sign_claims(&claims).unwrap();
    assert_eq!(verify(&token, &keys().id, NOW).unwrap().claims, claims);
}

#[test]
fn signing_is_deterministic_for_one_payload() {
    // PKCS#1 v1.5 has no randomness: the same claims give the same token.
    assert_eq!(access_token(NOW + 5), access_token(NOW + 5));
}

#[test]
fn altered_header_fails() {
    let token = access_token(NOW + 3600);
    let kid = keys().access.kid();
    for header in [
        format!(r#"{{"kid":"{kid}","alg":"RS256","typ":"JWT"}}"#),
        format!(r#"{{"alg":"RS256","kid":"{kid}"}}"#),
        format!(r#"{{"kid":"{kid}", "alg":"RS256"}}"#),
    ] {
        let forged = replace_part(&token, 0, &URL_SAFE_NO_PAD.encode(header));
        assert_eq!(verify(&forged, keys(), NOW), Err(JwtError::BadSignature));
    }
}

#[test]
fn altered_payload_fails() {
    let token = access_token(NOW + 3600);
    let claims = String::from_utf8(access_claims(NOW + 3600)).unwrap();
    for forged_claims in [
        claims.replace("alice", "alicf"),
        claims.replace(&format!("{}", NOW + 3600), &format!("{}", NOW + 7200)),
        claims.replace(r#""username""#, r#" "username""#),
    ] {
        let forged = replace_part(&token, 1, &URL_SAFE_NO_PAD.encode(forged_claims));
        assert_eq!(verify(&forged, keys(), NOW), Err(JwtError::BadSignature));
    }
    // The ID token's payload under the access token's header and signature.
    let id = keys().id.sign(&access_claims(NOW + 3600)).unwrap();
    let swapped = replace_part(&token, 2, id.split('.').nth(2).unwrap());
    assert_eq!(verify(&swapped, keys(), NOW), Err(JwtError::BadSignature));
}

#[test]
fn altered_signature_fails() {
    let token = access_token(NOW + 3600);
    let mut sig = b64(token.split('.').nth(2).unwrap());
    for i in [0, 100, 255] {
        sig[i] ^= 1;
        let forged = replace_part(&token, 2, &URL_SAFE_NO_PAD.encode(&sig));
        assert_eq!(verify(&forged, keys(), NOW), Err(JwtError::BadSignature));
        sig[i] ^= 1;
    }
    // Truncated, extended and empty signatures.
    for bad in [&sig[..255], &[sig.as_slice(), &[0]].concat()[..], &[][..]] {
        let forged = replace_part(&token, 2, &URL_SAFE_NO_PAD.encode(bad));
        assert_eq!(verify(&forged, keys(), NOW), Err(JwtError::BadSignature));
    }
}

#[test]
fn wrong_kid_fails() {
    let token = access_token(NOW + 3600);
    // An access token checked against the ID key only.
    assert_eq!(verify(&token, &keys().id, NOW), Err(JwtError::UnknownKeyId));
    // An ID token where only access tokens are accepted.
    let id = keys().id.sign(&access_claims(NOW + 3600)).unwrap();
    assert_eq!(
        verify(&id, keys().access.public_key(), NOW),
        Err(JwtError::UnknownKeyId)
    );
    // Header naming the other key of the same pool: the signature no longer fits.
    let header = format!(r#"{{"kid":"{}","alg":"RS256"}}"#, keys().id.kid());
    let forged = replace_part(&token, 0, &URL_SAFE_NO_PAD.encode(header));
    assert_eq!(verify(&forged, keys(), NOW), Err(JwtError::BadSignature));
    // Missing or non-string kid.
    for header in [r#"{"alg":"RS256"}"#, r#"{"kid":7,"alg":"RS256"}"#] {
        let forged = replace_part(&token, 0, &URL_SAFE_NO_PAD.encode(header));
        assert_eq!(verify(&forged, keys(), NOW), Err(JwtError::UnknownKeyId));
    }
}

#[test]
fn other_algorithms_are_refused() {
    let token = access_token(NOW + 3600);
    let kid = keys().access.kid();
    for alg in [
        r#""none""#,
        r#""HS256""#,
        r#""RS512""#,
        r#""rs256""#,
        "null",
    ] {
        let header = format!(r#"{{"kid":"{kid}","alg":{alg}}}"#);
        let forged = replace_part(&token, 0, &URL_SAFE_NO_PAD.encode(header));
        assert_eq!(
            verify(&forged, keys(), NOW),
            Err(JwtError::UnsupportedAlgorithm)
        );
        let unsigned = replace_part(&forged, 2, "");
        assert_eq!(
            verify(&unsigned, keys(), NOW),
            Err(JwtError::UnsupportedAlgorithm)
        );
    }
}

#[test]
fn expiry_is_enforced() {
    let exp = NOW + 3600;
    let token = access_token(exp);
    assert!(verify(&token, keys(), exp - 1).is_ok());
    assert_eq!(verify(&token, keys(), exp), Err(JwtError::Expired { exp }));
    assert_eq!(
        verify(&token, keys(), exp + 86_400),
        Err(JwtError::Expired { exp })
    );
    // Expired tokens can still be read for diagnostics.
    assert_eq!(decode_unverified(&token).unwrap().claims["exp"], exp);
}

#[test]
fn missing_or_odd_expiry() {
    let sign = |claims: &str| keys().access.sign(claims.as_bytes()).unwrap();
    for claims in [
        r#"{"sub":"x"}"#,
        r#"{"exp":"9999999999"}"#,
        r#"{"exp":-5}"#,
        r#"{"exp":null}"#,
    ] {
        assert_eq!(
            verify(&sign(claims), keys(), NOW),
            Err(JwtError::MissingExpiry),
            "{claims}"
        );
    }
    let fractional = sign(&format!(r#"{{"exp":{}.5}}"#, NOW));
    assert!(verify(&fractional, keys(), NOW).is_ok());
    assert_eq!(
        verify(&fractional, keys(), NOW + 1),
        Err(JwtError::Expired { exp: NOW + 1 })
    );
}

#[test]
fn malformed_tokens_are_typed_errors() {
    let token = access_token(NOW + 3600);
    let (h, rest) = token.split_once('.').unwrap();
    let (p, s) = rest.split_once('.').unwrap();
    let cases = [
        String::new(),
        "..".to_owned(),
        format!("{h}.{p}"),
        format!("{h}.{p}.{s}."),
        format!("{h}.{p}.{s}.{s}"),
        format!("{h}=.{p}.{s}"),
        format!("{h}.{p}.{s}="),
        format!("{}.{p}.{s}", h.replace('e', "+")),
        format!("{}.{p}.{s}", URL_SAFE_NO_PAD.encode("[1]")),
        format!("{}.{p}.{s}", URL_SAFE_NO_PAD.encode("{\"kid\":")),
        "a".repeat(MAX_TOKEN_LEN + 1),
    ];
    for bad in cases {
        match verify(&bad, keys(), NOW) {
            Err(JwtError::Malformed(_) | JwtError::BadSignature | JwtError::UnknownKeyId) => {}
            other => panic!("{bad:.40}… gave {other:?}"),
        }
    }
    assert!(matches!(
        verify(&format!("{h}.!!.{s}"), keys(), NOW),
        Err(JwtError::BadSignature)
    ));
    assert!(matches!(
        decode_unverified(&format!("{h}.!!.{s}")),
        Err(JwtError::Malformed(_))
    ));
}

#[test]
fn sign_refuses_non_objects() {
    for payload in [
        &b""[..],
        b"[]",
        b"\"x\"",
        b"{",
        b"{} {}",
        b"  7",
        b"{\"a\":1,}",
    ] {
        assert_eq!(
            keys().id.sign(payload),
            Err(JwtError::InvalidPayload),
            "{payload:?}"
        );
    }
    assert!(keys().id.sign(b" {} ").is_ok());
}

#[test]
fn jwks_has_cognitos_shape() {
    let jwks = keys().jwks();
    let list = jwks["keys"].as_array().unwrap();
    assert_eq!(jwks.as_object().unwrap().len(), 1);
    assert_eq!(list.len(), 2);
    assert_eq!(list[0]["kid"], keys().id.kid());
    assert_eq!(list[1]["kid"], keys().access.kid());
    for key in list {
        let names: Vec<&str> = key
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(names, ["alg", "e", "kid", "kty", "n", "use"]);
        assert_eq!(key["alg"], "RS256");
        assert_eq!(key["kty"], "RSA");
        assert_eq!(key["e"], "AQAB");
        assert_eq!(key["use"], "sig");
        let n = b64(key["n"].as_str().unwrap());
        assert_eq!(n.len(), 256);
        assert!(n[0] >= 0x80, "2048-bit modulus, no leading zero byte");
    }
    let text = serde_json::to_string(&jwks).unwrap();
    assert!(text.starts_with(r#"{"keys":[{"alg":"RS256","e":"AQAB","kid":""#));
}

#[test]
fn tokens_verify_against_the_published_jwks() {
    let published = PublicKey::from_jwks(&keys().jwks()).unwrap();
    assert_eq!(published[0], *keys().id.public_key());
    assert_eq!(published[1], *keys().access.public_key());
    let token = access_token(NOW + 3600);
    assert!(verify(&token, &published, NOW).is_ok());
    assert!(verify(&token, published.as_slice(), NOW).is_ok());
    assert!(PublicKey::from_jwks(&json!({"keys": [{"kty": "EC"}]})).is_err());
    assert!(PublicKey::from_jwks(&json!({})).is_err());
    let mut short = keys().id.jwk();
    short["n"] = json!(URL_SAFE_NO_PAD.encode([0xffu8; 128]));
    assert!(
        PublicKey::from_jwk(&short).is_err(),
        "1024-bit keys refused"
    );
    for (field, value) in [
        ("n", ""),
        ("n", "AA"),
        ("e", ""),
        ("n", "not base64!"),
        ("kty", "oct"),
    ] {
        let mut bad = keys().id.jwk();
        bad[field] = json!(value);
        assert!(PublicKey::from_jwk(&bad).is_err(), "{field}={value:?}");
    }
    let mut wrong_alg = keys().id.jwk();
    wrong_alg["alg"] = json!("RS512");
    assert!(PublicKey::from_jwk(&wrong_alg).is_err());
    assert!(PublicKey::from_components(&[], &[1, 0, 1]).is_err());
}

/// RSASSA-PKCS1-v1_5 verification written out with num-bigint: `s^e mod n`
/// must equal `00 01 FF…FF 00 ‖ DigestInfo(SHA-256) ‖ SHA-256(signing input)`.
fn independent_check(token: &str, n: &[u8], e: &[u8]) -> bool {
    let (signing_input, sig) = token.rsplit_once('.').unwrap();
    let s = BigUint::from_bytes_be(&b64(sig));
    let n = BigUint::from_bytes_be(n);
    if s >= n {
        return false;
    }
    let m = s.modpow(&BigUint::from_bytes_be(e), &n).to_bytes_be();
    let k = n.bits().div_ceil(8) as usize;
    let digest_info: &[u8] = &[
        0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01,
        0x05, 0x00, 0x04, 0x20,
    ];
    let mut expected = vec![0x00, 0x01];
    expected.resize(k - digest_info.len() - 32 - 1, 0xff);
    expected.push(0x00);
    expected.extend_from_slice(digest_info);
    expected.extend_from_slice(&Sha256::digest(signing_input.as_bytes()));
    // to_bytes_be drops the leading 0x00.
    m == expected[1..]
}

#[test]
fn signatures_check_out_without_the_signing_library() {
    let token = access_token(NOW + 3600);
    let key = keys().access.public_key();
    assert!(independent_check(&token, key.modulus(), key.exponent()));
    let id_key = keys().id.public_key();
    assert!(!independent_check(
        &token,
        id_key.modulus(),
        id_key.exponent()
    ));
    let forged = replace_part(&token, 1, &URL_SAFE_NO_PAD.encode(b"{\"exp\":1}"));
    assert!(!independent_check(&forged, key.modulus(), key.exponent()));
}

#[test]
fn ring_accepts_the_keys_and_the_signatures() {
    use ring::signature as rs;
    // ring verifies the tokens of the pool's (six-prime) keys from `n` and `e`.
    let key = keys().access.public_key();
    let ring_public = der::encode_rsa_public_key(key.modulus(), key.exponent());
    let token = access_token(NOW + 3600);
    let (signing_input, sig) = token.rsplit_once('.').unwrap();
    rs::UnparsedPublicKey::new(&rs::RSA_PKCS1_2048_8192_SHA256, &ring_public)
        .verify(signing_input.as_bytes(), &b64(sig))
        .unwrap();

    // ring's strict PKCS#8 parser reads our two-prime DER, and signs identically.
    let two = KeyPair::generate_with_primes(2, &mut TestRng::new(21)).unwrap();
    assert_eq!(two.prime_count(), 2);
    let ring_key = rs::RsaKeyPair::from_pkcs8(&two.to_pkcs8_der()).unwrap();
    assert_eq!(
        der::decode_rsa_public_key(ring_key.public().as_ref()).unwrap(),
        (
            two.public_key().modulus().to_vec(),
            two.public_key().exponent().to_vec()
        )
    );
    let token = two.sign(&access_claims(NOW + 3600)).unwrap();
    let (signing_input, sig) = token.rsplit_once('.').unwrap();
    let mut ring_sig = vec![0; ring_key.public().modulus_len()];
    ring_key
        .sign(
            &rs::RSA_PKCS1_SHA256,
            &ring::rand::SystemRandom::new(),
            signing_input.as_bytes(),
            &mut ring_sig,
        )
        .unwrap();
    assert_eq!(ring_sig, b64(sig));
}

/// PKCS#1 v1.5 signatures are deterministic, so the CRT code used for
/// multi-prime keys, run on a two-prime key, must reproduce aws-lc's bytes.
#[test]
fn the_multi_prime_signer_matches_aws_lc_byte_for_byte() {
    for seed in [31u64, 32, 33] {
        let parts = keygen::generate(MODULUS_BITS, &mut TestRng::new(seed)).unwrap();
        let ours =
            super::multiprime::MultiPrimeSigner::new(&parts.n, &parts.d, &[&parts.p, &parts.q])
                .unwrap();
        let aws = KeyPair::from_pkcs8_der(&der::encode_pkcs8(&parts)).unwrap();
        assert_eq!(aws.prime_count(), 2);
        for len in [0usize, 1, 55, 56, 64, 1000] {
            let message = vec![seed as u8 ^ 0x5a; len];
            let mut expected = vec![0u8; 256];
            aws_lc_rs::rsa::KeyPair::from_pkcs8(&der::encode_pkcs8(&parts))
                .unwrap()
                .sign(
                    &aws_lc_rs::signature::RSA_PKCS1_SHA256,
                    &aws_lc_rs::rand::SystemRandom::new(),
                    &message,
                    &mut expected,
                )
                .unwrap();
            assert_eq!(
                ours.sign(&message).unwrap(),
                expected,
                "seed {seed}, {len} bytes"
            );
        }
    }
}

#[test]
fn generated_keys_are_sound() {
    for count in [2usize, 3, 6] {
        let key = keygen::generate_multi(MODULUS_BITS, count, &mut TestRng::new(7)).unwrap();
        let big = |b: &[u8]| BigUint::from_bytes_be(b);
        let (n, e, d) = (big(&key.n), big(&key.e), big(&key.d));
        let mut primes = vec![big(&key.p), big(&key.q)];
        primes.extend(key.others.iter().map(|o| big(&o.prime)));
        assert_eq!(primes.len(), count);
        assert_eq!(n.bits(), 2048);
        assert_eq!(e, BigUint::from(65_537u32));
        assert_eq!(primes.iter().product::<BigUint>(), n);
        assert!(
            primes.windows(2).all(|w| w[0] > w[1]),
            "largest first, distinct"
        );
        let sizes: u64 = primes.iter().map(BigUint::bits).sum();
        assert_eq!(sizes, 2048);
        for p in &primes {
            assert!(p.bits() == 2048 / count as u64 || p.bits() == 2048 / count as u64 + 1);
        }
        // Primality with a source independent of the generator's.
        let mut other = TestRng::new(0xdead_beef);
        for prime in &primes {
            assert!(keygen::miller_rabin(prime, &mut other, 40).unwrap());
            // Fermat to several bases as a second, differently-shaped test.
            for a in [3u32, 5, 7, 11, 13] {
                assert!(BigUint::from(a).modpow(&(prime - 1u32), prime).is_one());
            }
        }
        let one = BigUint::one();
        let lambda = primes
            .iter()
            .fold(one.clone(), |acc, p| acc.lcm(&(p - &one)));
        assert!((&d * &e % &lambda).is_one(), "d·e ≡ 1 mod λ(n)");
        assert!(d < lambda);
        assert!(d.bits() > 1024);
        assert_eq!(big(&key.dp), &d % (&primes[0] - &one));
        assert_eq!(big(&key.dq), &d % (&primes[1] - &one));
        assert!((big(&key.qinv) * &primes[1] % &primes[0]).is_one());
        let mut prefix = &primes[0] * &primes[1];
        for (other, r) in key.others.iter().zip(&primes[2..]) {
            assert_eq!(big(&other.exponent), &d % (r - &one));
            assert!((big(&other.coefficient) * &prefix % r).is_one());
            prefix *= r;
        }
        if count == 6 {
            // The pool generated from the same seed starts with this very key.
            assert_eq!(key.n, keys().id.public_key().modulus());
            assert_eq!(keys().id.prime_count(), 6);
        }
    }
    assert!(keygen::generate_multi(MODULUS_BITS, 9, &mut TestRng::new(7)).is_err());
    assert!(keygen::generate_multi(MODULUS_BITS, 1, &mut TestRng::new(7)).is_err());
}

/// A multi-prime key whose stored numbers disagree with each other is refused,
/// whichever number is wrong.
#[test]
fn inconsistent_multi_prime_keys_are_refused() {
    let good = keygen::generate_multi(MODULUS_BITS, 4, &mut TestRng::new(41)).unwrap();
    assert!(KeyPair::from_pkcs8_der(&der::encode_pkcs8(&good)).is_ok());
    let bump = |bytes: &mut zeroize::Zeroizing<Vec<u8>>| {
        let last = bytes.len() - 1;
        bytes[last] ^= 2;
    };
    for field in 0..7 {
        let mut bad = keygen::generate_multi(MODULUS_BITS, 4, &mut TestRng::new(41)).unwrap();
        match field {
            0 => bump(&mut bad.d),
            1 => bump(&mut bad.dp),
            2 => bump(&mut bad.dq),
            3 => bump(&mut bad.qinv),
            4 => bump(&mut bad.others[0].prime),
            5 => bump(&mut bad.others[1].exponent),
            _ => bump(&mut bad.others[1].coefficient),
        }
        assert!(
            KeyPair::from_pkcs8_der(&der::encode_pkcs8(&bad)).is_err(),
            "field {field}"
        );
    }
    // A version-1 key without other primes, and a version-0 key with them.
    let der_two =
        der::encode_pkcs8(&keygen::generate(MODULUS_BITS, &mut TestRng::new(42)).unwrap());
    let mut v1 = der_two.to_vec();
    let version_at = v1.windows(3).position(|w| w == [0x02, 0x01, 0x00]).unwrap();
    let second = version_at
        + 3
        + v1[version_at + 3..]
            .windows(3)
            .position(|w| w == [0x02, 0x01, 0x00])
            .unwrap();
    v1[second + 2] = 1;
    assert!(KeyPair::from_pkcs8_der(&v1).is_err());
}

#[test]
fn generation_is_deterministic_per_seed() {
    let a = KeyPair::generate(&mut TestRng::new(11)).unwrap();
    let b = KeyPair::generate(&mut TestRng::new(11)).unwrap();
    assert_eq!(a.kid(), b.kid());
    assert_eq!(*a.to_pkcs8_der(), *b.to_pkcs8_der());
    assert_ne!(a.kid(), keys().id.kid());
    assert_eq!(
        KeyPair::generate(&mut FailingRng).map(|k| k.kid().to_owned()),
        Err(JwtError::Rng)
    );
}

#[test]
fn private_keys_round_trip_through_pem_and_serde() {
    let pem = keys().access.to_pkcs8_pem();
    assert!(pem.starts_with("-----BEGIN PRIVATE KEY-----\n"));
    let back = KeyPair::from_pkcs8_pem(&pem).unwrap();
    assert_eq!(back.kid(), keys().access.kid());
    let token = back.sign(&access_claims(NOW + 3600)).unwrap();
    assert_eq!(token, access_token(NOW + 3600));

    let state = serde_json::to_value(keys()).unwrap();
    assert_eq!(state["access"], json!(*pem));
    let restored: PoolKeys = serde_json::from_value(state).unwrap();
    assert_eq!(restored.jwks(), keys().jwks());
    assert!(serde_json::from_value::<PoolKeys>(json!({"id": "x", "access": "y"})).is_err());
}

#[test]
fn inconsistent_or_foreign_private_keys_are_refused() {
    let der = keys().access.to_pkcs8_der();
    // Flip a bit among the private numbers (past the header, n and e).
    let mut tampered = der.to_vec();
    tampered[600] ^= 0x10;
    assert!(KeyPair::from_pkcs8_der(&tampered).is_err());
    // Trailing garbage, truncation, and other key types.
    assert!(KeyPair::from_pkcs8_der(&[der.as_slice(), &[0]].concat()).is_err());
    assert!(KeyPair::from_pkcs8_der(&der[..der.len() - 1]).is_err());
    let mut ec_oid = der.to_vec();
    ec_oid[19] = 0x02; // rsaEncryption …1.1.1 → md2WithRSA …1.1.2
    assert!(KeyPair::from_pkcs8_der(&ec_oid).is_err());
    assert!(KeyPair::from_pkcs8_pem("not a key").is_err());
}

#[test]
fn debug_output_hides_key_material() {
    let shown = format!("{:?}", keys());
    assert!(shown.contains(keys().id.kid()));
    assert!(shown.contains("<redacted>"));
    let pem = keys().id.to_pkcs8_pem();
    let body_line = pem.lines().nth(5).unwrap();
    assert!(!shown.contains(body_line));
    assert!(!shown.contains(&URL_SAFE_NO_PAD.encode(keys().id.public_key().modulus())[..40]));
}

#[test]
fn keys_are_shareable_across_threads() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<PoolKeys>();
    assert_send_sync::<PublicKey>();
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_text_never_verifies_or_panics(text in "[A-Za-z0-9_.=-]{0,400}") {
        prop_assert!(verify(&text, keys(), NOW).is_err());
        let _ = decode_unverified(&text);
    }

    #[test]
    fn arbitrary_bit_flips_never_verify(index in 0usize..600, bit in 0u8..8) {
        let token = access_token(NOW + 3600);
        let mut bytes = token.into_bytes();
        let index = index % bytes.len();
        bytes[index] ^= 1 << bit;
        if let Ok(forged) = String::from_utf8(bytes) {
            prop_assert!(verify(&forged, keys(), NOW).is_err());
        }
    }
}
