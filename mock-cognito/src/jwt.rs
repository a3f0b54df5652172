//! RS256 JSON Web Tokens the way Amazon Cognito issues them.
//!
//! * Header exactly `{"kid":"<44-char standard base64>","alg":"RS256"}` (no
//!   `typ`); the `kid` is the standard base64 of SHA-256 over the key's PKCS#1
//!   `RSAPublicKey` DER, so it is stable across restarts.
//! * Two RSA-2048 keys per user pool, one for ID tokens and one for access
//!   tokens ([`PoolKeys`]), published as a JWKS document
//!   (`{"keys":[{"alg":"RS256","e":"AQAB","kid":…,"kty":"RSA","n":…,"use":"sig"},…]}`).
//! * [`verify`] checks what the mock must check on tokens it receives (GetUser,
//!   GlobalSignOut, …): algorithm, key id, signature and `exp`. Which key to
//!   accept is the caller's choice: pass `&pool.access` to refuse ID tokens.
//!   Claim checks (`token_use`, `client_id`, revocation) are the caller's too.
//!
//! Keys are generated here from an injected [`SecureRandom`] (deterministic
//! keys from a seeded source). Two signatures per sign-in are the mock's main
//! cost, so generated keys have [`GENERATED_KEY_PRIMES`] primes (RFC 8017
//! multi-prime) and sign through our own CRT code (`jwt/multiprime.rs`), about twice as fast as
//! aws-lc-rs's two-prime RSA-2048 here (`benches/rsa_cpu.rs`); verifiers see an
//! ordinary 2048-bit `n` and `e`. Two-prime keys (older state files,
//! `signingKeyPrimes = 2`) sign through aws-lc-rs.
//!
//! Private keys are kept as PKCS#8 DER that is zeroized on drop, appear in
//! `Debug` output only as their `kid`, and serialise (for the `--state` file) as
//! a PEM `PRIVATE KEY` block.

mod der;
mod keygen;
mod multiprime;

use std::fmt;
use std::sync::Arc;

use aws_lc_rs::signature::{ParsedPublicKey, RSA_PKCS1_2048_8192_SHA256, RSA_PKCS1_SHA256};
use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
pub use cognito_auth_srp::SecureRandom;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value, json};
use sha2::{Digest as _, Sha256};
use zeroize::Zeroizing;

/// The only signing algorithm Cognito uses and this module accepts.
pub const ALG: &str = "RS256";

/// The modulus size of every key this module generates (Cognito's).
pub const MODULUS_BITS: u64 = 2048;

/// How many primes a generated key has: six primes of 341–342 bits sign
/// about twice as fast as aws-lc's two-prime RSA-2048 here, and the tokens
/// are indistinguishable (see `jwt/multiprime.rs` and docs/mock.md).
pub const GENERATED_KEY_PRIMES: usize = 6;

/// Tokens longer than this are refused before any decoding (Cognito's own
/// tokens are far below it, even with many custom attributes).
pub const MAX_TOKEN_LEN: usize = 64 * 1024;

/// Everything that can go wrong creating keys, signing or checking a token.
/// Messages never contain key material or token text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum JwtError {
    /// The random source failed while generating a key.
    #[error("the random number source failed")]
    Rng,
    /// A private or public key that cannot be used.
    #[error("invalid RSA key: {0}")]
    InvalidKey(&'static str),
    /// [`KeyPair::sign`] was given something other than a JSON object.
    #[error("the token payload is not a JSON object")]
    InvalidPayload,
    /// The signing library refused to sign (should not happen with a valid key).
    #[error("RSA signing failed")]
    Signing,
    /// Not three base64url parts holding a JSON header and payload.
    #[error("malformed token: {0}")]
    Malformed(&'static str),
    /// `alg` is missing or anything but `RS256` (`none`, `HS256`, …).
    #[error("unsupported token algorithm; only RS256 is accepted")]
    UnsupportedAlgorithm,
    /// `kid` is missing or names none of the keys the token was checked against.
    #[error("the token's key id matches none of the accepted keys")]
    UnknownKeyId,
    /// The RS256 signature does not verify.
    #[error("the token's signature does not verify")]
    BadSignature,
    /// The payload has no numeric `exp` claim.
    #[error("the token has no numeric `exp` claim")]
    MissingExpiry,
    /// `now >= exp`.
    #[error("the token expired at {exp} (epoch seconds)")]
    Expired {
        /// The token's `exp` claim, in whole epoch seconds.
        exp: u64,
    },
}

/// An RSA public key with its Cognito-style key id: what a JWKS entry holds.
#[derive(Clone)]
pub struct PublicKey {
    kid: String,
    n: Vec<u8>,
    e: Vec<u8>,
    verifier: ParsedPublicKey,
}

impl PublicKey {
    /// From the modulus and exponent (big-endian magnitudes); the `kid` is
    /// derived from them.
    pub fn from_components(n: &[u8], e: &[u8]) -> Result<Self, JwtError> {
        let (n, e) = (strip_zeros(n), strip_zeros(e));
        let der = der::encode_rsa_public_key(n, e);
        let kid = STANDARD.encode(Sha256::digest(&der));
        Self::with_kid(kid, n, e, &der)
    }

    /// From one JWKS entry (`kty` `RSA`, base64url `n` and `e`). Its `kid` is kept
    /// as given (or derived when absent); an `alg` other than `RS256` is refused.
    pub fn from_jwk(jwk: &Value) -> Result<Self, JwtError> {
        let field = |name: &str| jwk.get(name).and_then(Value::as_str);
        if field("kty") != Some("RSA") {
            return Err(JwtError::InvalidKey("JWK `kty` is not `RSA`"));
        }
        if field("alg").is_some_and(|alg| alg != ALG) {
            return Err(JwtError::InvalidKey("JWK `alg` is not `RS256`"));
        }
        let decode = |name: &'static str| {
            field(name)
                .and_then(|v| URL_SAFE_NO_PAD.decode(v).ok())
                .ok_or(JwtError::InvalidKey(
                    "JWK `n` or `e` is missing or not base64url",
                ))
        };
        let (n, e) = (decode("n")?, decode("e")?);
        match field("kid") {
            Some(kid) => {
                let (n, e) = (strip_zeros(&n), strip_zeros(&e));
                Self::with_kid(kid.to_owned(), n, e, &der::encode_rsa_public_key(n, e))
            }
            None => Self::from_components(&n, &e),
        }
    }

    /// Every key of a JWKS document (`{"keys":[…]}`).
    pub fn from_jwks(jwks: &Value) -> Result<Vec<Self>, JwtError> {
        jwks.get("keys")
            .and_then(Value::as_array)
            .ok_or(JwtError::InvalidKey("JWKS has no `keys` array"))?
            .iter()
            .map(Self::from_jwk)
            .collect()
    }

    fn with_kid(kid: String, n: &[u8], e: &[u8], der: &[u8]) -> Result<Self, JwtError> {
        // `n` has no leading zero byte, so its first byte holds the top bit.
        let bits = n
            .first()
            .map_or(0, |top| n.len() * 8 - top.leading_zeros() as usize);
        if !(2048..=8192).contains(&bits) {
            return Err(JwtError::InvalidKey(
                "RSA modulus must have 2048 to 8192 bits",
            ));
        }
        let verifier = ParsedPublicKey::new(&RSA_PKCS1_2048_8192_SHA256, der)
            .map_err(|_| JwtError::InvalidKey("RSA public key rejected"))?;
        Ok(Self {
            kid,
            n: n.to_vec(),
            e: e.to_vec(),
            verifier,
        })
    }

    /// The key id (`kid`) tokens signed with this key carry.
    pub fn kid(&self) -> &str {
        &self.kid
    }

    /// The modulus, big-endian, without leading zeros.
    pub fn modulus(&self) -> &[u8] {
        &self.n
    }

    /// The public exponent, big-endian, without leading zeros.
    pub fn exponent(&self) -> &[u8] {
        &self.e
    }

    /// The JWKS entry: `{"alg":"RS256","e":…,"kid":…,"kty":"RSA","n":…,"use":"sig"}`.
    pub fn jwk(&self) -> Value {
        json!({
            "alg": ALG,
            "e": URL_SAFE_NO_PAD.encode(&self.e),
            "kid": self.kid,
            "kty": "RSA",
            "n": URL_SAFE_NO_PAD.encode(&self.n),
            "use": "sig",
        })
    }

    /// Checks an RSASSA-PKCS1-v1_5 SHA-256 signature over `message`.
    pub fn verify_signature(&self, message: &[u8], signature: &[u8]) -> Result<(), JwtError> {
        if signature.len() != self.n.len() {
            return Err(JwtError::BadSignature);
        }
        self.verifier
            .verify_sig(message, signature)
            .map_err(|_| JwtError::BadSignature)
    }
}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PublicKey")
            .field("kid", &self.kid)
            .field("modulus_bytes", &self.n.len())
            .finish_non_exhaustive()
    }
}

impl PartialEq for PublicKey {
    fn eq(&self, other: &Self) -> bool {
        self.kid == other.kid && self.n == other.n && self.e == other.e
    }
}

impl Eq for PublicKey {}

fn strip_zeros(bytes: &[u8]) -> &[u8] {
    let skip = bytes.iter().take_while(|b| **b == 0).count();
    &bytes[skip..]
}

/// An RSA private key that signs tokens: the ID-token key or the access-token
/// key of one pool.
#[derive(Clone)]
pub struct KeyPair {
    public: PublicKey,
    signer: Signer,
    pkcs8: Zeroizing<Vec<u8>>,
    /// `base64url({"kid":"…","alg":"RS256"})`, the same for every token.
    header_b64: String,
}

/// What computes the signatures: aws-lc for two-prime keys (those of older
/// state files and imported keys), our own CRT code for multi-prime keys,
/// which aws-lc does not read.
#[derive(Clone)]
enum Signer {
    AwsLc(aws_lc_rs::rsa::KeyPair),
    MultiPrime(Arc<multiprime::MultiPrimeSigner>),
}

impl KeyPair {
    /// A fresh RSA-2048 key (e = 65537) of [`GENERATED_KEY_PRIMES`] primes
    /// drawn from `rng`. The same random bytes give the same key.
    pub fn generate(rng: &mut dyn SecureRandom) -> Result<Self, JwtError> {
        Self::generate_with_primes(GENERATED_KEY_PRIMES, rng)
    }

    /// A fresh RSA-2048 key of `primes` primes (2 to 8).
    pub fn generate_with_primes(
        primes: usize,
        rng: &mut dyn SecureRandom,
    ) -> Result<Self, JwtError> {
        let parts = keygen::generate_multi(MODULUS_BITS, primes, rng)?;
        Self::from_pkcs8_der(&der::encode_pkcs8(&parts))
    }

    /// From PKCS#8 `PrivateKeyInfo` DER holding an RSA key of 2048 to 8192
    /// bits, two-prime or multi-prime (RFC 8017); the key's consistency is
    /// checked.
    pub fn from_pkcs8_der(pkcs8: &[u8]) -> Result<Self, JwtError> {
        let parts = der::decode_pkcs8(pkcs8)?;
        let public = PublicKey::from_components(&parts.n, &parts.e)?;
        let signer =
            if parts.others.is_empty() {
                Signer::AwsLc(aws_lc_rs::rsa::KeyPair::from_pkcs8(pkcs8).map_err(|_| {
                    JwtError::InvalidKey("RSA private key rejected as inconsistent")
                })?)
            } else {
                let signer = multi_prime_signer(&parts)?;
                // A composite "prime" or a wrong exponent shows here.
                let probe = b"mock-cognito key self-test";
                let signature = signer.sign(probe)?;
                public.verify_signature(probe, &signature).map_err(|_| {
                    JwtError::InvalidKey("RSA private key rejected as inconsistent")
                })?;
                Signer::MultiPrime(Arc::new(signer))
            };
        let header = format!(r#"{{"kid":"{}","alg":"{ALG}"}}"#, public.kid);
        Ok(Self {
            header_b64: URL_SAFE_NO_PAD.encode(header),
            public,
            signer,
            pkcs8: Zeroizing::new(pkcs8.to_vec()),
        })
    }

    /// From a PEM `-----BEGIN PRIVATE KEY-----` (PKCS#8) block.
    pub fn from_pkcs8_pem(pem: &str) -> Result<Self, JwtError> {
        Self::from_pkcs8_der(&der::pem_to_pkcs8(pem)?)
    }

    /// The private key as PKCS#8 DER.
    pub fn to_pkcs8_der(&self) -> Zeroizing<Vec<u8>> {
        self.pkcs8.clone()
    }

    /// The private key as a PEM `PRIVATE KEY` block (what the state file holds;
    /// `openssl pkey` reads it).
    pub fn to_pkcs8_pem(&self) -> Zeroizing<String> {
        der::pkcs8_to_pem(&self.pkcs8)
    }

    /// The key id in the header of every token this key signs.
    pub fn kid(&self) -> &str {
        &self.public.kid
    }

    /// How many primes the private key has (2 for an ordinary RSA key).
    pub fn prime_count(&self) -> usize {
        match &self.signer {
            Signer::AwsLc(_) => 2,
            Signer::MultiPrime(key) => key.prime_count(),
        }
    }

    /// The public half.
    pub fn public_key(&self) -> &PublicKey {
        &self.public
    }

    /// The public JWKS entry.
    pub fn jwk(&self) -> Value {
        self.public.jwk()
    }

    /// Signs `payload_json` (the claims, a JSON object, used byte for byte)
    /// and returns the compact token `header.payload.signature`.
    pub fn sign(&self, payload_json: &[u8]) -> Result<String, JwtError> {
        let object = payload_json
            .iter()
            .find(|b| !b.is_ascii_whitespace())
            .is_some_and(|b| *b == b'{');
        if !object || serde_json::from_slice::<serde::de::IgnoredAny>(payload_json).is_err() {
            return Err(JwtError::InvalidPayload);
        }
        let sig_len = self.public.n.len();
        let mut token = String::with_capacity(
            self.header_b64.len() + 2 + (payload_json.len() + sig_len) * 4 / 3 + 4,
        );
        token.push_str(&self.header_b64);
        token.push('.');
        URL_SAFE_NO_PAD.encode_string(payload_json, &mut token);
        let signature = match &self.signer {
            Signer::AwsLc(key) => {
                let mut signature = vec![0u8; sig_len];
                // aws-lc-rs ignores the generator (aws-lc blinds with its own).
                key.sign(
                    &RSA_PKCS1_SHA256,
                    &aws_lc_rs::rand::SystemRandom::new(),
                    token.as_bytes(),
                    &mut signature,
                )
                .map_err(|_| JwtError::Signing)?;
                signature
            }
            Signer::MultiPrime(key) => key.sign(token.as_bytes())?,
        };
        token.push('.');
        URL_SAFE_NO_PAD.encode_string(&signature, &mut token);
        Ok(token)
    }

    /// Signs claims given as a JSON map (serialised compactly, keys in map order).
    pub fn sign_claims(&self, claims: &Map<String, Value>) -> Result<String, JwtError> {
        let payload = serde_json::to_vec(claims).map_err(|_| JwtError::InvalidPayload)?;
        self.sign(&payload)
    }
}

/// Builds the CRT signer of a multi-prime key after checking every stored
/// number against its definition (RFC 8017 §3.2): `e·d ≡ 1 (mod rᵢ − 1)`,
/// `dᵢ = d mod (rᵢ − 1)`, `qInv = r₂⁻¹ mod r₁` and
/// `tᵢ = (r₁·…·r_{i−1})⁻¹ mod rᵢ`.
fn multi_prime_signer(
    parts: &der::RsaPrivateParts,
) -> Result<multiprime::MultiPrimeSigner, JwtError> {
    use num_bigint::BigUint;
    let inconsistent = || JwtError::InvalidKey("RSA private key rejected as inconsistent");
    let int = |bytes: &[u8]| BigUint::from_bytes_be(bytes);
    let (e, d) = (int(&parts.e), int(&parts.d));
    let mut primes: Vec<&[u8]> = vec![&parts.p, &parts.q];
    let mut exponents: Vec<&[u8]> = vec![&parts.dp, &parts.dq];
    let mut coefficients: Vec<&[u8]> = vec![&parts.qinv];
    for other in &parts.others {
        primes.push(&other.prime);
        exponents.push(&other.exponent);
        coefficients.push(&other.coefficient);
    }
    if primes.len() > 16 {
        return Err(JwtError::InvalidKey("too many primes in the RSA key"));
    }
    let mut prefix = int(&parts.p);
    for (i, (prime, exponent)) in primes.iter().zip(&exponents).enumerate() {
        let r = int(prime);
        if r <= BigUint::from(2u32) {
            return Err(inconsistent());
        }
        let r1 = &r - 1u32;
        if (&e * &d) % &r1 != BigUint::from(1u32) || int(exponent) != &d % &r1 {
            return Err(inconsistent());
        }
        if i >= 1 {
            let coefficient = int(coefficients[i - 1]);
            let expected = if i == 1 {
                // qInv = r₂⁻¹ mod r₁.
                (&r % &int(&parts.p)).modinv(&int(&parts.p))
            } else {
                (&prefix % &r).modinv(&r)
            };
            if expected != Some(coefficient) {
                return Err(inconsistent());
            }
            prefix *= &r;
        }
    }
    multiprime::MultiPrimeSigner::new(&parts.n, &parts.d, &primes)
}

impl fmt::Debug for KeyPair {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KeyPair")
            .field("kid", &self.public.kid)
            .field("private_key", &"<redacted>")
            .finish()
    }
}

/// Serialises as the PKCS#8 PEM string.
impl Serialize for KeyPair {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_pkcs8_pem())
    }
}

impl<'de> Deserialize<'de> for KeyPair {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let pem = Zeroizing::new(String::deserialize(deserializer)?);
        Self::from_pkcs8_pem(&pem).map_err(serde::de::Error::custom)
    }
}

/// The two signing keys of one user pool.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PoolKeys {
    /// Signs ID tokens.
    pub id: KeyPair,
    /// Signs access tokens.
    pub access: KeyPair,
}

impl PoolKeys {
    /// Two fresh keys from `rng` (ID key first).
    pub fn generate(rng: &mut dyn SecureRandom) -> Result<Self, JwtError> {
        Self::generate_with_primes(GENERATED_KEY_PRIMES, rng)
    }

    /// Two fresh keys of `primes` primes each (2 to 8).
    pub fn generate_with_primes(
        primes: usize,
        rng: &mut dyn SecureRandom,
    ) -> Result<Self, JwtError> {
        let id = KeyPair::generate_with_primes(primes, rng)?;
        let access = KeyPair::generate_with_primes(primes, rng)?;
        Ok(Self { id, access })
    }

    /// The pool's JWKS document (`/{userPoolId}/.well-known/jwks.json`): the ID
    /// key, then the access key.
    pub fn jwks(&self) -> Value {
        json!({ "keys": [self.id.jwk(), self.access.jwk()] })
    }
}

/// Where [`verify`] looks up the key a token's `kid` names.
pub trait KeySet {
    /// The key with this `kid`, if it is one the caller accepts.
    fn key_for_kid(&self, kid: &str) -> Option<&PublicKey>;
}

impl KeySet for PublicKey {
    fn key_for_kid(&self, kid: &str) -> Option<&PublicKey> {
        (self.kid == kid).then_some(self)
    }
}

impl KeySet for KeyPair {
    fn key_for_kid(&self, kid: &str) -> Option<&PublicKey> {
        self.public.key_for_kid(kid)
    }
}

impl KeySet for PoolKeys {
    fn key_for_kid(&self, kid: &str) -> Option<&PublicKey> {
        self.id
            .key_for_kid(kid)
            .or_else(|| self.access.key_for_kid(kid))
    }
}

impl KeySet for [PublicKey] {
    fn key_for_kid(&self, kid: &str) -> Option<&PublicKey> {
        self.iter().find(|k| k.kid == kid)
    }
}

impl KeySet for Vec<PublicKey> {
    fn key_for_kid(&self, kid: &str) -> Option<&PublicKey> {
        self.as_slice().key_for_kid(kid)
    }
}

/// A token's decoded header and claims.
#[derive(Debug, Clone, PartialEq)]
pub struct DecodedToken {
    /// The JOSE header (`kid`, `alg`).
    pub header: Map<String, Value>,
    /// The payload.
    pub claims: Map<String, Value>,
}

/// The three parts of a compact JWS, split without decoding.
struct Parts<'a> {
    header: &'a str,
    payload: &'a str,
    signature: &'a str,
    signing_input: &'a str,
}

fn split(token: &str) -> Result<Parts<'_>, JwtError> {
    if token.len() > MAX_TOKEN_LEN {
        return Err(JwtError::Malformed("token too long"));
    }
    let mut pieces = token.split('.');
    let (Some(header), Some(payload), Some(signature), None) =
        (pieces.next(), pieces.next(), pieces.next(), pieces.next())
    else {
        return Err(JwtError::Malformed("not three dot-separated parts"));
    };
    Ok(Parts {
        header,
        payload,
        signature,
        signing_input: &token[..header.len() + 1 + payload.len()],
    })
}

fn json_object(part: &str, what: &'static str) -> Result<Map<String, Value>, JwtError> {
    let bytes = URL_SAFE_NO_PAD
        .decode(part)
        .map_err(|_| JwtError::Malformed(what))?;
    serde_json::from_slice(&bytes).map_err(|_| JwtError::Malformed(what))
}

/// Decodes header and claims **without checking anything else**; for
/// diagnostics and for reading claims of a token already verified.
pub fn decode_unverified(token: &str) -> Result<DecodedToken, JwtError> {
    let parts = split(token)?;
    Ok(DecodedToken {
        header: json_object(parts.header, "header is not base64url JSON object")?,
        claims: json_object(parts.payload, "payload is not base64url JSON object")?,
    })
}

/// Verifies a compact RS256 token against `keys` at time `now` (epoch seconds):
/// `alg` must be `RS256`, `kid` must name one of `keys`, the signature must
/// verify, and `now < exp`. Returns the decoded header and claims.
///
/// Checks run in that order; a Cognito-like caller maps [`JwtError::Expired`]
/// to `Access Token has expired` and every other error to `Invalid Access Token`.
pub fn verify<K: KeySet + ?Sized>(
    token: &str,
    keys: &K,
    now: u64,
) -> Result<DecodedToken, JwtError> {
    let parts = split(token)?;
    let header = json_object(parts.header, "header is not base64url JSON object")?;
    if header.get("alg").and_then(Value::as_str) != Some(ALG) {
        return Err(JwtError::UnsupportedAlgorithm);
    }
    let key = header
        .get("kid")
        .and_then(Value::as_str)
        .and_then(|kid| keys.key_for_kid(kid))
        .ok_or(JwtError::UnknownKeyId)?;
    let signature = URL_SAFE_NO_PAD
        .decode(parts.signature)
        .map_err(|_| JwtError::Malformed("signature is not base64url"))?;
    key.verify_signature(parts.signing_input.as_bytes(), &signature)?;
    let claims = json_object(parts.payload, "payload is not base64url JSON object")?;
    let exp = claims.get("exp").ok_or(JwtError::MissingExpiry)?;
    let exp = match (exp.as_u64(), exp.as_f64()) {
        (Some(exp), _) => exp,
        // A fractional NumericDate: `now < exp` ⇔ `now < ceil(exp)` for whole `now`.
        (None, Some(exp)) if exp.is_finite() && exp >= 0.0 => exp.ceil() as u64,
        _ => return Err(JwtError::MissingExpiry),
    };
    if now >= exp {
        return Err(JwtError::Expired { exp });
    }
    Ok(DecodedToken { header, claims })
}

#[cfg(test)]
mod tests;
