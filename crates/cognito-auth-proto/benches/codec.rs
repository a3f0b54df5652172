//! Cost of decoding bodies: the common server and client paths, and the
//! slow path that names every missing member (what a hostile body can cost).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;

use cognito_auth_proto::{
    InitiateAuthRequest, InitiateAuthResponse, RespondToAuthChallengeRequest, SignUpRequest,
    decode_request, decode_response,
};
use criterion::{Criterion, criterion_group, criterion_main};

fn bench(c: &mut Criterion) {
    let srp = br#"{"AuthFlow":"USER_SRP_AUTH","ClientId":"6upe6ndundkv7f5i9jlo6a8p2t","AuthParameters":{"USERNAME":"alice","SRP_A":"b1ce118779e27c1c015d7a22b1ce118779e27c1c015d7a22b1ce118779e27c1c015d7a22b1ce118779e27c1c015d7a22b1ce118779e27c1c015d7a22b1ce118779e27c1c015d7a22b1ce118779e27c1c015d7a22b1ce118779e27c1c015d7a22b1ce118779e27c1c015d7a22b1ce118779e27c1c015d7a22b1ce118779e27c1c015d7a22b1ce118779e27c1c015d7a22b1ce118779e27c1c015d7a22b1ce118779e27c1c015d7a22b1ce118779e27c1c015d7a22b1ce118779e27c1c015d7a22"}}"#;
    c.bench_function("request/InitiateAuth USER_SRP_AUTH", |b| {
        b.iter(|| decode_request::<InitiateAuthRequest>(black_box(srp)).unwrap())
    });

    let verifier = br#"{"ChallengeName":"PASSWORD_VERIFIER","ClientId":"6upe6ndundkv7f5i9jlo6a8p2t","ChallengeResponses":{"USERNAME":"alice","PASSWORD_CLAIM_SECRET_BLOCK":"AgV4hdAD1AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=","TIMESTAMP":"Tue Jan 2 15:04:05 UTC 2024","PASSWORD_CLAIM_SIGNATURE":"8QnLTelswNrkTQau8DAjl2LeMk1BnTPWqIutHHKIBBM="}}"#;
    c.bench_function("request/RespondToAuthChallenge PASSWORD_VERIFIER", |b| {
        b.iter(|| decode_request::<RespondToAuthChallengeRequest>(black_box(verifier)).unwrap())
    });

    c.bench_function("request/SignUp {} (2 missing members)", |b| {
        b.iter(|| decode_request::<SignUpRequest>(black_box(b"{}")).unwrap_err())
    });

    // 1000 attributes without a Name: 16 are reported, each found with one
    // extra pass over the whole body.
    let mut hostile = String::from(r#"{"ClientId":"c","Username":"u","UserAttributes":["#);
    for i in 0..1000 {
        if i > 0 {
            hostile.push(',');
        }
        hostile.push_str(r#"{"Value":"x"}"#);
    }
    hostile.push_str("]}");
    c.bench_function(
        "request/SignUp 1000 nameless attributes (16 reported)",
        |b| b.iter(|| decode_request::<SignUpRequest>(black_box(hostile.as_bytes())).unwrap_err()),
    );

    // The same at 1.3 MB: the pass budget caps the work.
    let mut huge = String::from(r#"{"ClientId":"c","Username":"u","UserAttributes":["#);
    for i in 0..100_000 {
        if i > 0 {
            huge.push(',');
        }
        huge.push_str(r#"{"Value":"x"}"#);
    }
    huge.push_str("]}");
    c.bench_function("request/SignUp 100000 nameless attributes (1.3 MB)", |b| {
        b.iter(|| decode_request::<SignUpRequest>(black_box(huge.as_bytes())).unwrap_err())
    });

    let tokens = format!(
        r#"{{"ChallengeParameters":{{}},"AuthenticationResult":{{"AccessToken":"{a}","ExpiresIn":3600,"TokenType":"Bearer","RefreshToken":"{r}","IdToken":"{a}"}}}}"#,
        a = "eyJraWQiOiJ3bXF3In0.".repeat(50),
        r = "eyJjdHkiOiJKV1QifQ.".repeat(90),
    );
    c.bench_function("response/InitiateAuth tokens", |b| {
        b.iter(|| {
            decode_response::<InitiateAuthResponse>(200, None, black_box(tokens.as_bytes()))
                .unwrap()
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
