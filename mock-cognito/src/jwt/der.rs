//! The little DER this module needs: writing and strictly reading PKCS#8
//! `PrivateKeyInfo` around a PKCS#1 `RSAPrivateKey` (two-prime, version 0, or
//! multi-prime with `otherPrimeInfos`, version 1; RFC 8017 §A.1.2), the PKCS#1
//! `RSAPublicKey`, and the PEM armour of a PKCS#8 key.
//!
//! Only definite, minimal lengths and minimal non-negative INTEGERs are
//! accepted, so one key has exactly one encoding.

use base64::Engine as _;
use zeroize::Zeroizing;

use super::JwtError;

const TAG_INTEGER: u8 = 0x02;
const TAG_OCTET_STRING: u8 = 0x04;
const TAG_NULL: u8 = 0x05;
const TAG_OID: u8 = 0x06;
const TAG_SEQUENCE: u8 = 0x30;

/// OID 1.2.840.113549.1.1.1 (rsaEncryption), content bytes.
const OID_RSA_ENCRYPTION: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];

const PEM_BEGIN: &str = "-----BEGIN PRIVATE KEY-----";
const PEM_END: &str = "-----END PRIVATE KEY-----";

/// The numbers of an RSA private key (PKCS#1 `RSAPrivateKey`): the eight of
/// a two-prime key and, for a multi-prime key, one [`OtherPrime`] per prime
/// after the second; minimal big-endian bytes, zeroized on drop.
pub(crate) struct RsaPrivateParts {
    pub(crate) n: Vec<u8>,
    pub(crate) e: Vec<u8>,
    pub(crate) d: Zeroizing<Vec<u8>>,
    pub(crate) p: Zeroizing<Vec<u8>>,
    pub(crate) q: Zeroizing<Vec<u8>>,
    pub(crate) dp: Zeroizing<Vec<u8>>,
    pub(crate) dq: Zeroizing<Vec<u8>>,
    pub(crate) qinv: Zeroizing<Vec<u8>>,
    /// `otherPrimeInfos`: empty for a two-prime key.
    pub(crate) others: Vec<OtherPrime>,
}

/// One `OtherPrimeInfo`: a prime `rᵢ` (i ≥ 3), `d mod (rᵢ − 1)` and
/// `(r₁·…·r_{i−1})⁻¹ mod rᵢ`.
pub(crate) struct OtherPrime {
    pub(crate) prime: Zeroizing<Vec<u8>>,
    pub(crate) exponent: Zeroizing<Vec<u8>>,
    pub(crate) coefficient: Zeroizing<Vec<u8>>,
}

fn push_len(out: &mut Vec<u8>, len: usize) {
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes = len.to_be_bytes();
        let skip = bytes.iter().take_while(|b| **b == 0).count();
        out.push(0x80 | (bytes.len() - skip) as u8);
        out.extend_from_slice(&bytes[skip..]);
    }
}

fn push_tlv(out: &mut Vec<u8>, tag: u8, content: &[u8]) {
    out.push(tag);
    push_len(out, content.len());
    out.extend_from_slice(content);
}

/// A non-negative INTEGER from big-endian magnitude bytes (leading zeros allowed
/// in the input; the output is minimal).
fn push_uint(out: &mut Vec<u8>, magnitude: &[u8]) {
    let skip = magnitude.iter().take_while(|b| **b == 0).count();
    let digits = &magnitude[skip..];
    out.push(TAG_INTEGER);
    match digits.first() {
        None => {
            push_len(out, 1);
            out.push(0);
        }
        Some(first) if first & 0x80 != 0 => {
            push_len(out, digits.len() + 1);
            out.push(0);
            out.extend_from_slice(digits);
        }
        Some(_) => {
            push_len(out, digits.len());
            out.extend_from_slice(digits);
        }
    }
}

/// PKCS#1 `RSAPublicKey ::= SEQUENCE { modulus, publicExponent }`.
pub(crate) fn encode_rsa_public_key(n: &[u8], e: &[u8]) -> Vec<u8> {
    let mut body = Vec::with_capacity(n.len() + e.len() + 16);
    push_uint(&mut body, n);
    push_uint(&mut body, e);
    let mut out = Vec::with_capacity(body.len() + 4);
    push_tlv(&mut out, TAG_SEQUENCE, &body);
    out
}

/// PKCS#8 `PrivateKeyInfo` (version 0, rsaEncryption with NULL parameters)
/// wrapping the PKCS#1 `RSAPrivateKey`.
pub(crate) fn encode_pkcs8(parts: &RsaPrivateParts) -> Zeroizing<Vec<u8>> {
    let mut rsa = Zeroizing::new(Vec::with_capacity(1200 + 400 * parts.others.len()));
    // Version 0 is two-prime, 1 multi-prime.
    push_uint(&mut rsa, &[u8::from(!parts.others.is_empty())]);
    for field in [
        &parts.n[..],
        &parts.e[..],
        &parts.d[..],
        &parts.p[..],
        &parts.q[..],
        &parts.dp[..],
        &parts.dq[..],
        &parts.qinv[..],
    ] {
        push_uint(&mut rsa, field);
    }
    if !parts.others.is_empty() {
        let mut infos = Zeroizing::new(Vec::with_capacity(400 * parts.others.len()));
        for other in &parts.others {
            let mut info = Zeroizing::new(Vec::with_capacity(400));
            push_uint(&mut info, &other.prime);
            push_uint(&mut info, &other.exponent);
            push_uint(&mut info, &other.coefficient);
            push_tlv(&mut infos, TAG_SEQUENCE, &info);
        }
        push_tlv(&mut rsa, TAG_SEQUENCE, &infos);
    }
    let mut rsa_seq = Zeroizing::new(Vec::with_capacity(rsa.len() + 4));
    push_tlv(&mut rsa_seq, TAG_SEQUENCE, &rsa);

    let mut body = Zeroizing::new(Vec::with_capacity(rsa_seq.len() + 32));
    push_uint(&mut body, &[0]);
    let mut alg = Vec::with_capacity(16);
    push_tlv(&mut alg, TAG_OID, OID_RSA_ENCRYPTION);
    push_tlv(&mut alg, TAG_NULL, &[]);
    push_tlv(&mut body, TAG_SEQUENCE, &alg);
    push_tlv(&mut body, TAG_OCTET_STRING, &rsa_seq);

    let mut out = Zeroizing::new(Vec::with_capacity(body.len() + 4));
    push_tlv(&mut out, TAG_SEQUENCE, &body);
    out
}

/// A cursor over DER bytes that refuses anything non-canonical.
struct Reader<'a> {
    rest: &'a [u8],
}

fn malformed() -> JwtError {
    JwtError::InvalidKey("not a DER PKCS#8 two-prime RSA private key")
}

impl<'a> Reader<'a> {
    fn new(input: &'a [u8]) -> Self {
        Self { rest: input }
    }

    fn is_empty(&self) -> bool {
        self.rest.is_empty()
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], JwtError> {
        if n > self.rest.len() {
            return Err(malformed());
        }
        let (head, tail) = self.rest.split_at(n);
        self.rest = tail;
        Ok(head)
    }

    fn read(&mut self, tag: u8) -> Result<&'a [u8], JwtError> {
        let header = self.take(2)?;
        if header[0] != tag {
            return Err(malformed());
        }
        let first = header[1];
        let len = if first < 0x80 {
            usize::from(first)
        } else {
            let count = usize::from(first & 0x7f);
            // Indefinite length (0x80) and absurd sizes are refused.
            if count == 0 || count > 4 {
                return Err(malformed());
            }
            let bytes = self.take(count)?;
            if bytes[0] == 0 {
                return Err(malformed());
            }
            let len = bytes
                .iter()
                .fold(0usize, |acc, b| (acc << 8) | usize::from(*b));
            if len < 0x80 {
                return Err(malformed());
            }
            len
        };
        self.take(len)
    }

    /// A non-negative minimal INTEGER; returns its magnitude without the sign byte.
    fn read_uint(&mut self) -> Result<&'a [u8], JwtError> {
        let content = self.read(TAG_INTEGER)?;
        match content {
            [] => Err(malformed()),
            [first, ..] if first & 0x80 != 0 => Err(malformed()),
            [0, second, ..] if second & 0x80 == 0 => Err(malformed()),
            [0, rest @ ..] if !rest.is_empty() => Ok(rest),
            _ => Ok(content),
        }
    }
}

/// Parses a PKCS#8 `PrivateKeyInfo` holding an RSA key: version 0 (two
/// primes) or version 1 (with at least one `OtherPrimeInfo`).
pub(crate) fn decode_pkcs8(input: &[u8]) -> Result<RsaPrivateParts, JwtError> {
    let mut outer = Reader::new(input);
    let mut info = Reader::new(outer.read(TAG_SEQUENCE)?);
    if !outer.is_empty() {
        return Err(malformed());
    }
    if info.read_uint()? != [0] {
        return Err(JwtError::InvalidKey("unsupported PKCS#8 version"));
    }
    let mut alg = Reader::new(info.read(TAG_SEQUENCE)?);
    if alg.read(TAG_OID)? != OID_RSA_ENCRYPTION {
        return Err(JwtError::InvalidKey("PKCS#8 key is not an RSA key"));
    }
    if !alg.read(TAG_NULL)?.is_empty() || !alg.is_empty() {
        return Err(malformed());
    }
    let mut octets = Reader::new(info.read(TAG_OCTET_STRING)?);
    // Optional attributes ([0] IMPLICIT) are not something we write; refuse them.
    if !info.is_empty() {
        return Err(malformed());
    }
    let mut rsa = Reader::new(octets.read(TAG_SEQUENCE)?);
    if !octets.is_empty() {
        return Err(malformed());
    }
    let multi = match rsa.read_uint()? {
        [0] => false,
        [1] => true,
        _ => return Err(JwtError::InvalidKey("unsupported RSAPrivateKey version")),
    };
    let n = rsa.read_uint()?.to_vec();
    let e = rsa.read_uint()?.to_vec();
    let secret = |r: &mut Reader<'_>| r.read_uint().map(|v| Zeroizing::new(v.to_vec()));
    let parts = RsaPrivateParts {
        n,
        e,
        d: secret(&mut rsa)?,
        p: secret(&mut rsa)?,
        q: secret(&mut rsa)?,
        dp: secret(&mut rsa)?,
        dq: secret(&mut rsa)?,
        qinv: secret(&mut rsa)?,
        others: Vec::new(),
    };
    let mut parts = parts;
    if multi {
        let mut infos = Reader::new(rsa.read(TAG_SEQUENCE)?);
        while !infos.is_empty() {
            let mut info = Reader::new(infos.read(TAG_SEQUENCE)?);
            parts.others.push(OtherPrime {
                prime: secret(&mut info)?,
                exponent: secret(&mut info)?,
                coefficient: secret(&mut info)?,
            });
            if !info.is_empty() {
                return Err(malformed());
            }
        }
        if parts.others.is_empty() {
            return Err(JwtError::InvalidKey(
                "a version-1 RSAPrivateKey must list other primes",
            ));
        }
    }
    if !rsa.is_empty() {
        return Err(malformed());
    }
    Ok(parts)
}

/// Parses a PKCS#1 `RSAPublicKey`, returning `(n, e)` magnitudes.
#[cfg(test)]
pub(crate) fn decode_rsa_public_key(input: &[u8]) -> Result<(Vec<u8>, Vec<u8>), JwtError> {
    let mut outer = Reader::new(input);
    let mut seq = Reader::new(outer.read(TAG_SEQUENCE)?);
    let n = seq.read_uint()?.to_vec();
    let e = seq.read_uint()?.to_vec();
    if !seq.is_empty() || !outer.is_empty() {
        return Err(malformed());
    }
    Ok((n, e))
}

/// PEM armour (`-----BEGIN PRIVATE KEY-----`, 64-column base64) of PKCS#8 DER.
pub(crate) fn pkcs8_to_pem(der: &[u8]) -> Zeroizing<String> {
    let b64 = Zeroizing::new(base64::engine::general_purpose::STANDARD.encode(der));
    let mut out = Zeroizing::new(String::with_capacity(b64.len() + b64.len() / 64 + 64));
    out.push_str(PEM_BEGIN);
    out.push('\n');
    for line in b64.as_bytes().chunks(64) {
        // base64 output is ASCII, so every chunk is valid UTF-8.
        out.push_str(std::str::from_utf8(line).unwrap_or_default());
        out.push('\n');
    }
    out.push_str(PEM_END);
    out.push('\n');
    out
}

/// The DER inside one `PRIVATE KEY` PEM block (surrounding whitespace allowed).
pub(crate) fn pem_to_pkcs8(pem: &str) -> Result<Zeroizing<Vec<u8>>, JwtError> {
    let not_pem = || JwtError::InvalidKey("not a PEM `PRIVATE KEY` block");
    let body = pem
        .trim()
        .strip_prefix(PEM_BEGIN)
        .and_then(|rest| rest.strip_suffix(PEM_END))
        .ok_or_else(not_pem)?;
    let compact: Zeroizing<String> =
        Zeroizing::new(body.chars().filter(|c| !c.is_ascii_whitespace()).collect());
    base64::engine::general_purpose::STANDARD
        .decode(compact.as_bytes())
        .map(Zeroizing::new)
        .map_err(|_| not_pem())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_use_the_short_and_long_forms() {
        let mut out = Vec::new();
        push_len(&mut out, 0x7f);
        push_len(&mut out, 0x80);
        push_len(&mut out, 0x1234);
        assert_eq!(out, [0x7f, 0x81, 0x80, 0x82, 0x12, 0x34]);
    }

    #[test]
    fn integers_are_minimal_and_non_negative() {
        let mut out = Vec::new();
        push_uint(&mut out, &[]);
        push_uint(&mut out, &[0, 0, 5]);
        push_uint(&mut out, &[0x80]);
        assert_eq!(out, [2, 1, 0, 2, 1, 5, 2, 2, 0, 0x80]);
        let mut r = Reader::new(&out);
        assert_eq!(r.read_uint().ok(), Some(&[0u8][..]));
        assert_eq!(r.read_uint().ok(), Some(&[5u8][..]));
        assert_eq!(r.read_uint().ok(), Some(&[0x80u8][..]));
        assert!(r.is_empty());
    }

    #[test]
    fn non_canonical_integers_and_lengths_are_refused() {
        for bad in [
            &[2u8, 2, 0, 5][..],       // redundant leading zero
            &[2, 1, 0x80],             // negative
            &[2, 0],                   // empty
            &[2, 0x81, 1, 5],          // long form for a short length
            &[2, 0x80, 5, 0, 0],       // indefinite length
            &[2, 3, 1],                // truncated
            &[4, 1, 1],                // wrong tag
            &[2, 0x82, 0, 0x80],       // length with a leading zero byte
            &[2, 0x85, 1, 1, 1, 1, 1], // absurd length
        ] {
            assert!(Reader::new(bad).read_uint().is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn public_key_round_trips() {
        let n = [0xc5u8; 256];
        let der = encode_rsa_public_key(&n, &[1, 0, 1]);
        assert_eq!(&der[..4], &[0x30, 0x82, 0x01, 0x0a]);
        let (n2, e2) = decode_rsa_public_key(&der).unwrap_or_default();
        assert_eq!(n2, n);
        assert_eq!(e2, [1, 0, 1]);
    }

    #[test]
    fn pem_armour_round_trips_and_rejects_other_blocks() {
        let der = vec![7u8; 100];
        let pem = pkcs8_to_pem(&der);
        assert!(pem.starts_with("-----BEGIN PRIVATE KEY-----\n"));
        assert!(pem.lines().all(|l| l.len() <= 64));
        assert_eq!(pem_to_pkcs8(&pem).ok().as_deref(), Some(&der));
        let rsa = pem.replace("PRIVATE KEY", "RSA PRIVATE KEY");
        assert!(pem_to_pkcs8(&rsa).is_err());
        assert!(
            pem_to_pkcs8("-----BEGIN PRIVATE KEY-----\n!!\n-----END PRIVATE KEY-----").is_err()
        );
    }
}
