//! The contract that pins the SRP math: every `tests/vectors/*.json` file (a JSON
//! array of vector objects) is loaded and every expected field present is
//! checked. See `tests/vectors/README.md` for the schema and where each file
//! comes from.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use cognito_auth_srp::group::{self, parse_hex};
use cognito_auth_srp::{PasswordVerifierChallenge, SrpClient, SrpServer, Verifier, pool_name};
use serde::Deserialize;
use sha2::Digest;

/// One vector. Top-level fields outside the schema (a generator's comments,
/// the username it typed, …) are kept in `extra`, reported and otherwise
/// ignored; an unknown *expected* field is an error, since it would go
/// unchecked.
#[derive(Debug, Clone, Deserialize)]
struct Vector {
    name: String,
    source: String,
    pool_id: String,
    user_id_for_srp: String,
    password: String,
    salt_hex: String,
    a_hex: String,
    srp_b_hex: String,
    #[serde(default)]
    b_hex: Option<String>,
    secret_block_b64: String,
    timestamp: String,
    expected: BTreeMap<String, String>,
    #[serde(flatten)]
    extra: BTreeMap<String, serde_json::Value>,
}

/// Hex as generators write it: `0x` prefixes and surrounding blanks dropped.
fn clean_hex(s: &str) -> String {
    let t = s.trim();
    t.strip_prefix("0x")
        .or_else(|| t.strip_prefix("0X"))
        .unwrap_or(t)
        .to_owned()
}

impl Vector {
    fn normalised(mut self) -> Self {
        for h in [&mut self.salt_hex, &mut self.a_hex, &mut self.srp_b_hex] {
            *h = clean_hex(h);
        }
        if let Some(b) = &mut self.b_hex {
            *b = clean_hex(b);
        }
        for (k, v) in self.expected.iter_mut() {
            if k.ends_with("_hex") || k.ends_with("_prefix") || k.ends_with("_suffix") {
                *v = clean_hex(v);
            } else {
                *v = v.trim().to_owned();
            }
        }
        self
    }
}

/// Fields `expected` may carry. The first seven are the schema of issue #2; the
/// rest let a vector pin values that were published only in part.
const KNOWN_EXPECTED: &[&str] = &[
    "srp_a_hex",
    "u_hex",
    "x_hex",
    "s_hex",
    "verifier_hex",
    "key_hex",
    "signature_b64",
    "srp_a_hex_prefix",
    "srp_a_hex_suffix",
    "s_pad_hex_prefix",
    "verifier_sha256_hex",
    "srp_b_hex_prefix",
    "srp_b_hex_suffix",
    "k_hex",
    "srp_b_hex",
];

fn vectors_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors")
}

fn load_dir(dir: &Path) -> Result<Vec<(String, Vector)>, String> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for file in files {
        let text =
            std::fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
        // The schema is an array; a lone object is read as an array of one.
        let vectors: Vec<Vector> = serde_json::from_str(&text)
            .or_else(|e| {
                serde_json::from_str::<Vector>(&text)
                    .map(|v| vec![v])
                    .map_err(|_| e)
            })
            .map_err(|e| format!("{}: {e}", file.display()))?;
        let fname = file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        for v in vectors {
            if !v.extra.is_empty() {
                let keys: Vec<&String> = v.extra.keys().collect();
                eprintln!(
                    "{fname} / {}: ignoring fields outside the schema {keys:?}",
                    v.name
                );
            }
            out.push((fname.clone(), v.normalised()));
        }
    }
    Ok(out)
}

fn int_eq(field: &str, got: &str, want: &str) -> Result<(), String> {
    let g = parse_hex(got).ok_or_else(|| format!("{field}: computed value `{got}` is not hex"))?;
    let w =
        parse_hex(want).ok_or_else(|| format!("{field}: expected value `{want}` is not hex"))?;
    if g == w {
        Ok(())
    } else {
        Err(format!("{field}: computed {got}, expected {want}"))
    }
}

fn flip_one_bit_b64(sig: &str) -> String {
    use base64::Engine as _;
    let engine = base64::engine::general_purpose::STANDARD;
    let mut bytes = engine.decode(sig).unwrap_or_else(|_| vec![0]);
    if let Some(b) = bytes.first_mut() {
        *b ^= 1;
    }
    engine.encode(bytes)
}

/// Checks one vector; `Err` lists every mismatch.
fn check(v: &Vector) -> Result<(), String> {
    let mut errors = Vec::new();
    for key in v.expected.keys() {
        if !KNOWN_EXPECTED.contains(&key.as_str()) {
            errors.push(format!("unknown expected field `{key}`"));
        }
    }
    if v.source.trim().is_empty() {
        errors.push("`source` is empty".into());
    }
    let pool = pool_name(&v.pool_id).map_err(|e| e.to_string())?;
    let client = SrpClient::from_private_hex(&v.a_hex).map_err(|e| format!("a: {e}"))?;
    let challenge = PasswordVerifierChallenge {
        pool_name: pool,
        user_id_for_srp: &v.user_id_for_srp,
        salt_hex: &v.salt_hex,
        srp_b_hex: &v.srp_b_hex,
        secret_block_b64: &v.secret_block_b64,
    };
    let im = client
        .intermediates(&challenge, &v.password)
        .map_err(|e| format!("client: {e}"))?;
    let claim = client
        .password_claim(&challenge, &v.password, &v.timestamp)
        .map_err(|e| format!("client: {e}"))?;
    let salt = parse_hex(&v.salt_hex).ok_or("salt_hex is not hex")?;
    let verifier =
        Verifier::from_password(pool, &v.user_id_for_srp, &v.password, &salt.to_bytes_be());
    let s_pad = parse_hex(&im.s_hex)
        .map(|s| group::pad_hex(&s))
        .unwrap_or_default();
    let v_pad = parse_hex(&verifier.verifier_hex())
        .map(|x| group::pad_bytes(&x))
        .unwrap_or_default();

    for (field, want) in &v.expected {
        let result = match field.as_str() {
            "srp_a_hex" => int_eq(field, &im.srp_a_hex, want),
            "u_hex" => int_eq(field, &im.u_hex, want),
            "x_hex" => int_eq(field, &im.x_hex, want),
            "s_hex" => int_eq(field, &im.s_hex, want),
            "verifier_hex" => int_eq(field, &verifier.verifier_hex(), want),
            "k_hex" => int_eq(field, &group::to_hex(group::k()), want),
            // B as the server half computes it from the verifier and `b_hex`
            // (checked below, where `b_hex` is required).
            "srp_b_hex" if v.b_hex.is_none() => Err("srp_b_hex: expected without b_hex".into()),
            "srp_b_hex" => Ok(()),
            "key_hex" => {
                let got: String = im.key.iter().map(|b| format!("{b:02x}")).collect();
                if got == want.to_ascii_lowercase() {
                    Ok(())
                } else {
                    Err(format!("key_hex: computed {got}, expected {want}"))
                }
            }
            "signature_b64" => {
                if &claim.signature == want {
                    Ok(())
                } else {
                    Err(format!(
                        "signature_b64: computed {}, expected {want}",
                        claim.signature
                    ))
                }
            }
            "srp_a_hex_prefix" => prefix(field, &im.srp_a_hex, want),
            "srp_a_hex_suffix" => suffix(field, &im.srp_a_hex, want),
            "s_pad_hex_prefix" => prefix(field, &s_pad, want),
            "srp_b_hex_prefix" => prefix(field, &v.srp_b_hex.to_ascii_lowercase(), want),
            "srp_b_hex_suffix" => suffix(field, &v.srp_b_hex.to_ascii_lowercase(), want),
            "verifier_sha256_hex" => {
                let got: String = sha2::Sha256::digest(&v_pad)
                    .iter()
                    .map(|b| format!("{b:02x}"))
                    .collect();
                if &got == want {
                    Ok(())
                } else {
                    Err(format!(
                        "verifier_sha256_hex: computed {got}, expected {want}"
                    ))
                }
            }
            _ => Ok(()), // reported above
        };
        if let Err(e) = result {
            errors.push(e);
        }
    }

    if let Some(b_hex) = &v.b_hex {
        let b = parse_hex(b_hex).ok_or("b_hex is not hex")?;
        match SrpServer::with_private_bytes(&verifier, &b.to_bytes_be()) {
            Err(e) => errors.push(format!("server: {e}")),
            Ok(server) => {
                if let Err(e) = int_eq("server SRP_B", &server.srp_b(), &v.srp_b_hex) {
                    errors.push(e);
                }
                if let Some(want) = v.expected.get("srp_b_hex")
                    && let Err(e) = int_eq("expected srp_b_hex", &server.srp_b(), want)
                {
                    errors.push(e);
                }
                let block = decode_b64(&v.secret_block_b64);
                let signature = v
                    .expected
                    .get("signature_b64")
                    .cloned()
                    .unwrap_or_else(|| claim.signature.clone());
                if let Err(e) = server.verify(
                    &im.srp_a_hex,
                    pool,
                    &v.user_id_for_srp,
                    &block,
                    &v.timestamp,
                    &signature,
                ) {
                    errors.push(format!("server rejects the expected signature: {e}"));
                }
                if server
                    .verify(
                        &im.srp_a_hex,
                        pool,
                        &v.user_id_for_srp,
                        &block,
                        &v.timestamp,
                        &flip_one_bit_b64(&signature),
                    )
                    .is_ok()
                {
                    errors.push("server accepts a signature with one bit flipped".into());
                }
            }
        }
    }

    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors.join("; "))
    }
}

fn decode_b64(s: &str) -> Vec<u8> {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD
        .decode(s)
        .or_else(|_| base64::engine::general_purpose::STANDARD_NO_PAD.decode(s))
        .unwrap_or_default()
}

fn prefix(field: &str, got: &str, want: &str) -> Result<(), String> {
    if got.starts_with(&want.to_ascii_lowercase()) {
        Ok(())
    } else {
        Err(format!("{field}: {got} does not start with {want}"))
    }
}

fn suffix(field: &str, got: &str, want: &str) -> Result<(), String> {
    if got.ends_with(&want.to_ascii_lowercase()) {
        Ok(())
    } else {
        Err(format!("{field}: {got} does not end with {want}"))
    }
}

fn check_all(vectors: &[(String, Vector)]) -> Vec<String> {
    vectors
        .iter()
        .filter_map(|(file, v)| check(v).err().map(|e| format!("{file} / {}: {e}", v.name)))
        .collect()
}

#[test]
fn every_vector_file_holds() {
    let vectors = load_dir(&vectors_dir()).expect("vector files load");
    let failures = check_all(&vectors);
    assert!(
        failures.is_empty(),
        "failing vectors:\n{}",
        failures.join("\n")
    );
    let files: std::collections::BTreeSet<_> = vectors.iter().map(|(f, _)| f.clone()).collect();
    eprintln!("checked {} vectors from {:?}", vectors.len(), files);
    assert!(vectors.len() >= 3, "the published vectors must be present");
}

#[test]
fn a_wrong_value_in_a_vector_file_fails_the_suite() {
    let vectors = load_dir(&vectors_dir()).expect("vector files load");
    let mut mutated = 0;
    for (file, v) in &vectors {
        for field in v.expected.keys() {
            let mut bad = v.clone();
            let value = bad.expected.get_mut(field).expect("field exists");
            // Change one character to another of the same alphabet.
            let mut chars: Vec<char> = value.chars().collect();
            let i = chars.len() / 2;
            chars[i] = match chars[i] {
                '0' => '1',
                'a' | 'A' => 'b',
                _ => '0',
            };
            *value = chars.into_iter().collect();
            assert!(
                check(&bad).is_err(),
                "{file} / {}: changing expected.{field} went unnoticed",
                v.name
            );
            mutated += 1;
        }
        // A wrong input must be noticed too.
        let mut bad = v.clone();
        bad.password.push('!');
        if !bad.expected.is_empty() {
            assert!(
                check(&bad).is_err(),
                "{file} / {}: wrong password unnoticed",
                v.name
            );
        }
    }
    assert!(mutated > 0);

    // And through the directory loader: a temp dir with one corrupted file.
    let dir = std::env::temp_dir().join(format!("srp-vectors-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let (_, first) = vectors
        .iter()
        .find(|(_, v)| v.expected.contains_key("signature_b64"))
        .expect("a vector with a signature");
    let mut text = serde_json::to_string(&[serde_json::json!({
        "name": first.name, "source": first.source, "pool_id": first.pool_id,
        "user_id_for_srp": first.user_id_for_srp, "password": first.password,
        "salt_hex": first.salt_hex, "a_hex": first.a_hex, "srp_b_hex": first.srp_b_hex,
        "secret_block_b64": first.secret_block_b64, "timestamp": first.timestamp,
        "expected": { "signature_b64": "AAAA" }
    })])
    .expect("json");
    text.push('\n');
    std::fs::write(dir.join("corrupt.json"), text).expect("write");
    let loaded = load_dir(&dir).expect("loads");
    assert_eq!(check_all(&loaded).len(), 1);
    let _ = std::fs::remove_dir_all(&dir);
}

/// A generator's own habits (`0x` prefixes, upper-case hex, comment fields,
/// `k_hex`/`srp_b_hex` among the expected values) load and still hold; the same
/// file with one wrong `k_hex` does not.
#[test]
fn vectors_written_in_another_style_load_and_hold() {
    let vectors = load_dir(&vectors_dir()).expect("vector files load");
    let (_, v) = vectors
        .iter()
        .find(|(_, v)| v.b_hex.is_some() && v.expected.contains_key("signature_b64"))
        .expect("a vector with b_hex and a signature");
    let up = |s: &str| format!("0x{}", s.to_ascii_uppercase());
    let mut expected = serde_json::Map::new();
    for (k, val) in &v.expected {
        let val = if k.ends_with("_hex") && k != "key_hex" {
            up(val)
        } else {
            val.clone()
        };
        expected.insert(k.clone(), val.into());
    }
    expected.insert("k_hex".into(), up(&group::to_hex(group::k())).into());
    expected.insert("srp_b_hex".into(), up(&v.srp_b_hex).into());
    let file = |expected: &serde_json::Map<String, serde_json::Value>| {
        serde_json::json!([{
            "name": v.name, "source": v.source, "comment": "written by hand", "username": "x",
            "pool_id": v.pool_id, "user_id_for_srp": v.user_id_for_srp, "password": v.password,
            "salt_hex": up(&v.salt_hex), "a_hex": up(&v.a_hex), "srp_b_hex": up(&v.srp_b_hex),
            "b_hex": v.b_hex.as_deref().map(up), "secret_block_b64": v.secret_block_b64,
            "timestamp": v.timestamp, "expected": expected
        }])
        .to_string()
    };
    let dir = std::env::temp_dir().join(format!("srp-vectors-style-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    std::fs::write(dir.join("other.json"), file(&expected)).expect("write");
    let loaded = load_dir(&dir).expect("loads");
    assert_eq!(loaded.len(), 1);
    assert_eq!(check_all(&loaded), Vec::<String>::new());

    expected.insert("k_hex".into(), "0x539".into());
    std::fs::write(dir.join("other.json"), file(&expected)).expect("write");
    let loaded = load_dir(&dir).expect("loads");
    let failures = check_all(&loaded);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(failures.len(), 1);
    assert!(failures[0].contains("k_hex"), "{failures:?}");
}
