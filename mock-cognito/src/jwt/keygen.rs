//! Two-prime RSA key generation from an injected random source, so that a
//! seeded generator gives the same keys every time.
//!
//! Follows the shape of FIPS 186-5 §A.1.3 (random probable primes): each prime
//! has its two top bits set (so `n` has exactly `2 * bits` bits), `gcd(e, p-1) = 1`,
//! `|p - q| > 2^(bits-100)`, and `d = e⁻¹ mod λ(n)` with `d > 2^(bits)`.
//! Candidates are found by sieving a window of odd numbers above a random start
//! by every prime below 2¹⁶ (and by the `p ≡ 1 (mod e)` condition), then
//! Miller–Rabin with base 2 and [`MR_RANDOM_ROUNDS`] random bases.

use std::sync::OnceLock;

use cognito_auth_srp::SecureRandom;
use num_bigint::BigUint;
use num_integer::Integer as _;
use num_traits::{One as _, ToPrimitive as _};
use zeroize::Zeroizing;

use super::JwtError;
use super::der::{OtherPrime, RsaPrivateParts};

/// The public exponent every Cognito JWKS key has (`"e":"AQAB"`).
pub(crate) const PUBLIC_EXPONENT: u32 = 65_537;

/// Miller–Rabin rounds with random bases after the base-2 round. FIPS 186-5
/// Table B.1 asks for 4 (error ≤ 2⁻¹²⁵ for 1024-bit candidates); one more costs
/// nothing measurable because composites almost always fail the first round.
pub(crate) const MR_RANDOM_ROUNDS: usize = 5;

/// Sieve bound: candidates are divided by every odd prime below this.
const SIEVE_BOUND: usize = 1 << 16;

/// Odd candidates per sieve window. The mean gap between 1024-bit primes is
/// about 710, so a window of 2048 odd numbers (a span of 4096) almost always
/// holds one; if not, a fresh random start is drawn.
const WINDOW: usize = 2048;

fn small_primes() -> &'static [u32] {
    static PRIMES: OnceLock<Vec<u32>> = OnceLock::new();
    PRIMES.get_or_init(|| {
        let mut composite = vec![false; SIEVE_BOUND];
        let mut primes = Vec::with_capacity(6542);
        for i in 2..SIEVE_BOUND {
            if composite[i] {
                continue;
            }
            if i > 2 {
                primes.push(i as u32);
            }
            let mut j = i * i;
            while j < SIEVE_BOUND {
                composite[j] = true;
                j += i;
            }
        }
        primes
    })
}

/// Overwrites a number's limbs in place before it is dropped (best effort:
/// copies num-bigint made while computing are freed without wiping).
pub(crate) fn wipe(x: &mut BigUint) {
    for bit in 0..x.bits() {
        x.set_bit(bit, false);
    }
}

/// A `BigUint` that is wiped when dropped.
struct Secret(BigUint);

impl Drop for Secret {
    fn drop(&mut self) {
        wipe(&mut self.0);
    }
}

impl std::ops::Deref for Secret {
    type Target = BigUint;
    fn deref(&self) -> &BigUint {
        &self.0
    }
}

fn random_bytes(rng: &mut dyn SecureRandom, len: usize) -> Result<Zeroizing<Vec<u8>>, JwtError> {
    let mut buf = Zeroizing::new(vec![0u8; len]);
    rng.fill(&mut buf).map_err(|_| JwtError::Rng)?;
    Ok(buf)
}

/// Miller–Rabin: `false` means certainly composite, `true` probably prime.
/// `n` must be odd and greater than 3.
pub(crate) fn miller_rabin(
    n: &BigUint,
    rng: &mut dyn SecureRandom,
    random_rounds: usize,
) -> Result<bool, JwtError> {
    let one = BigUint::one();
    let n_minus_1 = n - &one;
    let s = n_minus_1.trailing_zeros().unwrap_or(0);
    let d = &n_minus_1 >> s;
    let round = |a: &BigUint| -> bool {
        let mut x = a.modpow(&d, n);
        if x == one || x == n_minus_1 {
            return true;
        }
        for _ in 1..s {
            x = (&x * &x) % n;
            if x == n_minus_1 {
                return true;
            }
            if x == one {
                return false;
            }
        }
        false
    };
    if !round(&BigUint::from(2u32)) {
        return Ok(false);
    }
    let byte_len = n.bits().div_ceil(8) as usize + 8;
    let span = n - 3u32; // bases in [2, n-2]
    for _ in 0..random_rounds {
        let raw = random_bytes(rng, byte_len)?;
        let a = BigUint::from_bytes_be(&raw) % &span + 2u32;
        if !round(&a) {
            return Ok(false);
        }
    }
    Ok(true)
}

/// A random probable prime of exactly `bits` bits with its `top_ones` highest
/// bits set (two for a two-prime key, so that `n` has exactly twice the bits)
/// and `p mod e != 1`.
pub(crate) fn random_prime(
    bits: u64,
    top_ones: u32,
    rng: &mut dyn SecureRandom,
) -> Result<BigUint, JwtError> {
    let primes = small_primes();
    let byte_len = bits.div_ceil(8) as usize;
    let excess = byte_len as u64 * 8 - bits;
    let mut sieve = vec![false; WINDOW];
    loop {
        let mut raw = random_bytes(rng, byte_len)?;
        // Clear the bits above `bits`, set the `top_ones` top bits and the low bit.
        raw[0] &= 0xff >> excess;
        for t in 0..u64::from(top_ones).min(bits) {
            let position = bits - 1 - t; // counted from the least significant bit
            raw[byte_len - 1 - (position / 8) as usize] |= 1 << (position % 8);
        }
        raw[byte_len - 1] |= 1;
        let start = Secret(BigUint::from_bytes_be(&raw));

        // sieve[k] marks start + 2k as having a small factor (or ≡ 1 mod e).
        sieve.iter_mut().for_each(|s| *s = false);
        let mut mark = |modulus: u64, target: u64| {
            // start + 2k ≡ target (mod modulus)  ⇔  k ≡ (target - r) * 2⁻¹.
            let r = (&*start % modulus).to_u64().unwrap_or(0);
            let inv2 = modulus.div_ceil(2);
            let mut k = ((target + modulus - r) % modulus) * inv2 % modulus;
            while (k as usize) < WINDOW {
                sieve[k as usize] = true;
                k += modulus;
            }
        };
        for &p in primes {
            mark(u64::from(p), 0);
        }
        mark(u64::from(PUBLIC_EXPONENT), 1);

        for (k, composite) in sieve.iter().enumerate() {
            if *composite {
                continue;
            }
            let candidate = Secret(&*start + 2 * k as u64);
            if candidate.bits() != bits {
                break; // ran past 2^bits; draw again
            }
            if miller_rabin(&candidate, rng, MR_RANDOM_ROUNDS)? {
                let mut found = candidate;
                return Ok(std::mem::take(&mut found.0));
            }
        }
    }
}

/// Generates a two-prime RSA key with a modulus of exactly `modulus_bits` bits
/// (even, at least 1024) and `e = 65537`.
pub(crate) fn generate(
    modulus_bits: u64,
    rng: &mut dyn SecureRandom,
) -> Result<RsaPrivateParts, JwtError> {
    if modulus_bits < 1024 || !modulus_bits.is_multiple_of(2) {
        return Err(JwtError::InvalidKey(
            "modulus size must be even and at least 1024",
        ));
    }
    let half = modulus_bits / 2;
    let e = BigUint::from(PUBLIC_EXPONENT);
    let one = BigUint::one();
    loop {
        let a = Secret(random_prime(half, 2, rng)?);
        let b = Secret(random_prime(half, 2, rng)?);
        // p > q, as OpenSSL and ring lay keys out.
        let (p, q) = if *a > *b { (a, b) } else { (b, a) };
        let diff = Secret(&*p - &*q);
        if diff.bits() <= half - 100 {
            continue;
        }
        let n = &*p * &*q;
        if n.bits() != modulus_bits {
            continue; // cannot happen with two top bits set; kept as a guard
        }
        let p1 = Secret(&*p - &one);
        let q1 = Secret(&*q - &one);
        let lambda = Secret(p1.lcm(&q1));
        let Some(d) = e.modinv(&lambda).map(Secret) else {
            continue; // gcd(e, λ) ≠ 1; excluded by the sieve, kept as a guard
        };
        if d.bits() <= half {
            continue;
        }
        let dp = Secret(&*d % &*p1);
        let dq = Secret(&*d % &*q1);
        let Some(qinv) = q.modinv(&p).map(Secret) else {
            continue;
        };
        let secret = |x: &Secret| Zeroizing::new(x.to_bytes_be());
        return Ok(RsaPrivateParts {
            n: n.to_bytes_be(),
            e: e.to_bytes_be(),
            d: secret(&d),
            p: secret(&p),
            q: secret(&q),
            dp: secret(&dp),
            dq: secret(&dq),
            qinv: secret(&qinv),
            others: Vec::new(),
        });
    }
}

/// Most primes a generated key may have: with their four top bits set, the
/// product of up to ten primes still has exactly the requested size
/// (`(15/16)^10 > 1/2`); six is what the mock uses (see `multiprime`).
pub(crate) const MAX_PRIMES: usize = 8;

/// Generates an RSA key of `count` primes (RFC 8017 multi-prime when
/// `count > 2`) with a modulus of exactly `modulus_bits` bits and `e = 65537`.
/// Two primes give exactly what [`generate`] gives.
///
/// The primes' sizes differ by at most one bit and add up to `modulus_bits`;
/// each has its four top bits set so that their product cannot fall short.
/// `d = e⁻¹ mod λ(n)` with `λ(n) = lcm(rᵢ − 1)`.
pub(crate) fn generate_multi(
    modulus_bits: u64,
    count: usize,
    rng: &mut dyn SecureRandom,
) -> Result<RsaPrivateParts, JwtError> {
    if count == 2 {
        return generate(modulus_bits, rng);
    }
    if !(3..=MAX_PRIMES).contains(&count) || modulus_bits < 256 * count as u64 {
        return Err(JwtError::InvalidKey(
            "a multi-prime key needs 3 to 8 primes of at least 256 bits each",
        ));
    }
    let e = BigUint::from(PUBLIC_EXPONENT);
    let one = BigUint::one();
    let base = modulus_bits / count as u64;
    let longer = (modulus_bits % count as u64) as usize;
    loop {
        let mut primes: Vec<Secret> = Vec::with_capacity(count);
        for i in 0..count {
            let bits = base + u64::from(i < longer);
            primes.push(Secret(random_prime(bits, 4, rng)?));
        }
        // Largest first, as r₁ > r₂ in two-prime keys.
        primes.sort_by(|a, b| b.0.cmp(&a.0));
        if primes.windows(2).any(|w| w[0].0 == w[1].0) {
            continue;
        }
        let n = primes.iter().fold(BigUint::one(), |acc, p| acc * &p.0);
        if n.bits() != modulus_bits {
            continue; // cannot happen with four top bits set; kept as a guard
        }
        let mut lambda = Secret(BigUint::one());
        for p in &primes {
            let p1 = Secret(&p.0 - &one);
            lambda = Secret(lambda.lcm(&p1));
        }
        let Some(d) = e.modinv(&lambda).map(Secret) else {
            continue; // excluded by the sieve, kept as a guard
        };
        if d.bits() <= modulus_bits / 2 {
            continue;
        }
        let secret = |x: &BigUint| Zeroizing::new(x.to_bytes_be());
        let exponent = |p: &BigUint| Secret(&*d % (p - &one));
        let (p, q) = (&primes[0].0, &primes[1].0);
        let Some(qinv) = q.modinv(p).map(Secret) else {
            continue;
        };
        let mut others = Vec::with_capacity(count - 2);
        let mut prefix = Secret(p * q);
        for r in &primes[2..] {
            let Some(coefficient) = (&*prefix % &r.0).modinv(&r.0).map(Secret) else {
                break;
            };
            others.push(OtherPrime {
                prime: secret(&r.0),
                exponent: secret(&exponent(&r.0)),
                coefficient: secret(&coefficient),
            });
            prefix = Secret(&*prefix * &r.0);
        }
        if others.len() != count - 2 {
            continue; // distinct primes are coprime; kept as a guard
        }
        return Ok(RsaPrivateParts {
            n: n.to_bytes_be(),
            e: e.to_bytes_be(),
            d: secret(&d),
            p: secret(p),
            q: secret(q),
            dp: secret(&exponent(p)),
            dq: secret(&exponent(q)),
            qinv: secret(&qinv),
            others,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::jwt::tests::TestRng;

    #[test]
    fn small_prime_table_is_right() {
        let primes = small_primes();
        assert_eq!(primes.len(), 6542 - 1); // π(65536) = 6542, minus the prime 2
        assert_eq!(&primes[..5], &[3, 5, 7, 11, 13]);
        assert_eq!(primes.last(), Some(&65_521));
    }

    #[test]
    fn miller_rabin_separates_primes_from_composites() {
        let mut rng = TestRng::new(1);
        // 2^127 - 1 and 2^521 - 1 are Mersenne primes.
        for prime in [
            (BigUint::one() << 127u32) - 1u32,
            (BigUint::one() << 521u32) - 1u32,
        ] {
            assert_eq!(miller_rabin(&prime, &mut rng, 10).ok(), Some(true));
        }
        // Carmichael numbers and strong pseudoprimes to base 2 must still fail.
        for composite in [561u64, 41_041, 825_265, 2047, 3_215_031_751, 1_373_653] {
            let n = BigUint::from(composite);
            assert_eq!(
                miller_rabin(&n, &mut rng, 10).ok(),
                Some(false),
                "{composite}"
            );
        }
        // 2^128 + 1 = 59649589127497217 × 5704689200685129054721.
        let f7 = (BigUint::one() << 128u32) + 1u32;
        assert_eq!(miller_rabin(&f7, &mut rng, 10).ok(), Some(false));
    }

    #[test]
    fn random_primes_have_the_requested_shape() {
        let mut rng = TestRng::new(2);
        for bits in [512u64, 517] {
            let p = random_prime(bits, 2, &mut rng).unwrap_or_default();
            assert_eq!(p.bits(), bits);
            assert!(p.bit(bits - 2), "second-highest bit set");
            assert!(p.bit(0));
            assert_ne!(&p % PUBLIC_EXPONENT, BigUint::one());
            assert_eq!(miller_rabin(&p, &mut TestRng::new(99), 30).ok(), Some(true));
        }
    }

    #[test]
    fn refuses_odd_or_tiny_moduli() {
        let mut rng = TestRng::new(3);
        assert!(generate(1023, &mut rng).is_err());
        assert!(generate(512, &mut rng).is_err());
    }

    #[test]
    fn wipe_zeroes_in_place() {
        let mut x = (BigUint::one() << 200u32) - 12345u32;
        wipe(&mut x);
        assert_eq!(x, BigUint::default());
    }
}
