//! RS256 signing with a multi-prime RSA key (RFC 8017 §3.2, `u > 2` primes),
//! in safe Rust.
//!
//! # Why
//! Two RS256 signatures per sign-in are most of what a sign-in costs the mock.
//! With `k` primes of `2048/k` bits, the private operation is `k` modular
//! exponentiations of `2048/k`-bit numbers instead of two of 1024 bits: about
//! `k²/4` times less arithmetic. The signature is the same PKCS#1 v1.5 value
//! `m^d mod n` any RSA implementation computes for that key (it is
//! deterministic), so verifiers, which only ever see `n` and `e`, cannot tell.
//! `benches/rsa_sign.rs` compares it with aws-lc-rs and ring; docs/mock.md has
//! the figures and the security reasoning (the smallest factor stays far beyond
//! ECM's reach).
//!
//! # Arithmetic
//! Each prime gets a [`Field`]: Montgomery multiplication over `L` limbs of 60
//! bits with `R = 2^(60·L) > 4p`, by finely integrated product scanning (each
//! column of `a·b` and of the reduction `m·p` summed in one `u128`, no carries
//! inside a column) and lazy reduction (values stay in `[0, 2p)`; one final
//! subtraction on the way out). Exponentiation is a left-to-right sliding
//! window. The CRT results are recombined with Garner's formula in num-bigint.
//!
//! Not hardened against timing observers: it signs a mock's tokens. Key
//! material is wiped on drop (best effort, as in `keygen`).

use num_bigint::BigUint;
use num_traits::{One as _, Zero as _};
use sha2::{Digest as _, Sha256};
use zeroize::{Zeroize, Zeroizing};

use super::JwtError;
use super::keygen::wipe;

/// Bits per limb.
const BITS: u32 = 60;
const MASK: u64 = (1 << BITS) - 1;

/// The DER `DigestInfo` prefix for SHA-256 (RFC 8017 §9.2, note 1).
const SHA256_DIGEST_INFO: [u8; 19] = [
    0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05,
    0x00, 0x04, 0x20,
];

#[inline(always)]
fn prod(a: u64, b: u64) -> u128 {
    u128::from(a) * u128::from(b)
}

/// `Σ x[i]·y[len − 1 − i]`: one column of a product.
#[inline(always)]
fn dot(x: &[u64], y: &[u64]) -> u128 {
    let mut s = 0u128;
    for (a, b) in x.iter().zip(y.iter().rev()) {
        s += prod(*a, *b);
    }
    s
}

/// Arithmetic modulo one odd prime `p` with `60·L ≥ bits(p) + 2`.
struct Field<const L: usize> {
    p: [u64; L],
    /// `−p⁻¹ mod 2^60`.
    n0: u64,
    /// `R² mod p`, to enter Montgomery form.
    r2: [u64; L],
}

impl<const L: usize> Drop for Field<L> {
    fn drop(&mut self) {
        self.p.zeroize();
        self.r2.zeroize();
        self.n0.zeroize();
    }
}

fn to_limbs<const L: usize>(x: &BigUint) -> [u64; L] {
    let mut out = [0u64; L];
    let mut acc: u128 = 0;
    let mut have = 0u32;
    let mut next = 0usize;
    for digit in x.iter_u64_digits() {
        acc |= u128::from(digit) << have;
        have += 64;
        while have >= BITS && next < L {
            out[next] = (acc as u64) & MASK;
            acc >>= BITS;
            have -= BITS;
            next += 1;
        }
    }
    if next < L {
        out[next] = (acc as u64) & MASK;
    }
    out
}

fn from_limbs(x: &[u64]) -> BigUint {
    // Repack the 60-bit limbs as little-endian bytes.
    let mut bytes = Zeroizing::new(Vec::with_capacity(x.len() * 8));
    let mut acc: u128 = 0;
    let mut have = 0u32;
    for limb in x {
        acc |= u128::from(*limb & MASK) << have;
        have += BITS;
        while have >= 8 {
            bytes.push(acc as u8);
            acc >>= 8;
            have -= 8;
        }
    }
    bytes.push(acc as u8);
    BigUint::from_bytes_le(&bytes)
}

impl<const L: usize> Field<L> {
    fn new(p: &BigUint) -> Self {
        let limbs = to_limbs::<L>(p);
        // Newton's iteration for p⁻¹ mod 2^64 (p is odd): 6 steps double 1 bit to 64.
        let mut inv: u64 = 1;
        for _ in 0..6 {
            inv = inv.wrapping_mul(2u64.wrapping_sub(limbs[0].wrapping_mul(inv)));
        }
        let mut r2 = (BigUint::one() << (2 * BITS as usize * L)) % p;
        let field = Self {
            p: limbs,
            n0: inv.wrapping_neg() & MASK,
            r2: to_limbs(&r2),
        };
        wipe(&mut r2);
        field
    }

    /// `a·b·R⁻¹ mod p`, in `[0, 2p)` for inputs in `[0, 2p)`.
    #[inline(always)]
    fn mul(&self, a: &[u64; L], b: &[u64; L]) -> [u64; L] {
        let p = &self.p;
        let mut m = [0u64; L];
        let mut out = [0u64; L];
        let mut acc: u128 = 0;
        for k in 0..L {
            acc += dot(&a[..=k], &b[..=k]) + dot(&m[..k], &p[1..=k]);
            let mk = (acc as u64).wrapping_mul(self.n0) & MASK;
            m[k] = mk;
            acc += prod(mk, p[0]);
            acc >>= BITS;
        }
        for k in L..2 * L - 1 {
            let lo = k + 1 - L;
            acc += dot(&a[lo..], &b[lo..]) + dot(&m[lo..], &p[lo..]);
            out[k - L] = (acc as u64) & MASK;
            acc >>= BITS;
        }
        // The result is below 2p < 2^(60·L − 1): what is left fits the top limb.
        out[L - 1] = acc as u64;
        m.zeroize();
        out
    }

    /// `a²·R⁻¹ mod p`. A squaring that forms each cross product once was
    /// slower than this at these widths (the doubling and the uneven columns
    /// cost more than the 20 % fewer products save), so it is a product.
    #[inline(always)]
    fn sqr(&self, a: &[u64; L]) -> [u64; L] {
        self.mul(a, a)
    }

    /// `base^exp mod p` for `base < p` (plain, not Montgomery form), by a
    /// left-to-right sliding window of up to 5 bits.
    fn pow(&self, base: &BigUint, exp: &[u64]) -> BigUint {
        const W: usize = 5;
        let bit = |i: usize| (exp[i / 64] >> (i % 64)) & 1 == 1;
        let nbits = (0..exp.len() * 64)
            .rev()
            .find(|&i| bit(i))
            .map_or(0, |top| top + 1);
        let mut one = [0u64; L];
        one[0] = 1;
        let mut plain = Zeroizing::new(to_limbs::<L>(base));
        let b = Zeroizing::new(self.mul(&plain, &self.r2));
        plain.zeroize();
        // Odd powers b, b³, …, b^31.
        let b2 = Zeroizing::new(self.sqr(&b));
        let mut table = Zeroizing::new([*b; 1 << (W - 1)]);
        for i in 1..table.len() {
            table[i] = self.mul(&table[i - 1], &b2);
        }
        // x^0 in Montgomery form is R mod p: one·R² ·R⁻¹.
        let mut r = Zeroizing::new(self.mul(&one, &self.r2));
        let mut started = false;
        let mut i = nbits; // bits i−1 … 0 remain
        while i > 0 {
            if !bit(i - 1) {
                if started {
                    *r = self.sqr(&r);
                }
                i -= 1;
                continue;
            }
            let mut lo = i.saturating_sub(W);
            while !bit(lo) {
                lo += 1;
            }
            let mut value = 0usize;
            for k in (lo..i).rev() {
                value = (value << 1) | usize::from(bit(k));
            }
            if started {
                for _ in lo..i {
                    *r = self.sqr(&r);
                }
                *r = self.mul(&r, &table[value >> 1]);
            } else {
                *r = table[value >> 1];
                started = true;
            }
            i = lo;
        }
        // Leave Montgomery form; the result is in [0, p] and equals p only for 0.
        *r = self.mul(&r, &one);
        let mut out = from_limbs(&r[..]);
        let p = from_limbs(&self.p);
        if out >= p {
            out -= p;
        }
        out
    }
}

/// A [`Field`] of the right width for one prime.
enum AnyField {
    L5(Field<5>),
    L6(Field<6>),
    L7(Field<7>),
    L9(Field<9>),
    L12(Field<12>),
    L18(Field<18>),
}

impl AnyField {
    fn new(p: &BigUint) -> Result<Self, JwtError> {
        let need = p.bits() + 2;
        Ok(match need {
            _ if need <= 300 => Self::L5(Field::new(p)),
            _ if need <= 360 => Self::L6(Field::new(p)),
            _ if need <= 420 => Self::L7(Field::new(p)),
            _ if need <= 540 => Self::L9(Field::new(p)),
            _ if need <= 720 => Self::L12(Field::new(p)),
            _ if need <= 1080 => Self::L18(Field::new(p)),
            _ => {
                return Err(JwtError::InvalidKey(
                    "multi-prime RSA keys with primes over 1078 bits are not supported",
                ));
            }
        })
    }

    fn pow(&self, base: &BigUint, exp: &[u64]) -> BigUint {
        match self {
            Self::L5(f) => f.pow(base, exp),
            Self::L6(f) => f.pow(base, exp),
            Self::L7(f) => f.pow(base, exp),
            Self::L9(f) => f.pow(base, exp),
            Self::L12(f) => f.pow(base, exp),
            Self::L18(f) => f.pow(base, exp),
        }
    }
}

/// One prime of the key with what the CRT needs.
struct CrtPrime {
    p: BigUint,
    field: AnyField,
    /// `d mod (p − 1)`, little-endian 64-bit limbs.
    exponent: Zeroizing<Vec<u64>>,
    /// `(r₁·…·r_{i−1})⁻¹ mod rᵢ` (unused for the first prime).
    coefficient: BigUint,
    /// `r₁·…·r_{i−1}` (1 for the first prime).
    prefix: BigUint,
}

impl Drop for CrtPrime {
    fn drop(&mut self) {
        wipe(&mut self.p);
        wipe(&mut self.coefficient);
        wipe(&mut self.prefix);
    }
}

/// A private RSA key of two or more primes that signs RS256.
pub(crate) struct MultiPrimeSigner {
    modulus_len: usize,
    primes: Vec<CrtPrime>,
}

impl MultiPrimeSigner {
    /// From the modulus, the private exponent and the primes (big-endian
    /// magnitudes). Checks that the primes multiply to `n` and are distinct
    /// and odd; the caller checks the rest (`e·d ≡ 1`, a test signature).
    pub(crate) fn new(n: &[u8], d: &[u8], primes: &[&[u8]]) -> Result<Self, JwtError> {
        let n = BigUint::from_bytes_be(n);
        let mut d = BigUint::from_bytes_be(d);
        if primes.len() < 2 {
            return Err(JwtError::InvalidKey("an RSA key needs at least two primes"));
        }
        let mut product = BigUint::one();
        let mut out: Vec<CrtPrime> = Vec::with_capacity(primes.len());
        for raw in primes {
            let p = BigUint::from_bytes_be(raw);
            if p.bits() < 64 || !p.bit(0) || out.iter().any(|q| q.p == p) {
                wipe(&mut d);
                return Err(JwtError::InvalidKey(
                    "RSA key primes must be distinct, odd and not tiny",
                ));
            }
            let field = AnyField::new(&p)?;
            let mut exponent = &d % (&p - 1u32);
            let limbs = Zeroizing::new(exponent.to_u64_digits());
            wipe(&mut exponent);
            let coefficient = if out.is_empty() {
                BigUint::zero()
            } else {
                (&product % &p)
                    .modinv(&p)
                    .ok_or(JwtError::InvalidKey("RSA key primes are not coprime"))?
            };
            out.push(CrtPrime {
                field,
                exponent: limbs,
                coefficient,
                prefix: product.clone(),
                p: p.clone(),
            });
            product *= &p;
        }
        wipe(&mut d);
        if product != n {
            return Err(JwtError::InvalidKey(
                "the product of the RSA key's primes is not its modulus",
            ));
        }
        Ok(Self {
            modulus_len: n.bits().div_ceil(8) as usize,
            primes: out,
        })
    }

    /// The RSASSA-PKCS1-v1_5 SHA-256 signature of `message`, `modulus_len` bytes.
    pub(crate) fn sign(&self, message: &[u8]) -> Result<Vec<u8>, JwtError> {
        let k = self.modulus_len;
        let t_len = SHA256_DIGEST_INFO.len() + 32;
        if k < t_len + 11 {
            return Err(JwtError::Signing);
        }
        // EM = 0x00 0x01 FF…FF 0x00 DigestInfo(SHA-256(message)).
        let mut em = vec![0xffu8; k];
        em[0] = 0;
        em[1] = 1;
        em[k - t_len - 1] = 0;
        em[k - t_len..k - 32].copy_from_slice(&SHA256_DIGEST_INFO);
        em[k - 32..].copy_from_slice(&Sha256::digest(message));
        let m = BigUint::from_bytes_be(&em);

        // s = m^d mod n through the CRT; Garner: s = s₁ + Σ prefixᵢ·hᵢ.
        let mut s = BigUint::zero();
        for (i, prime) in self.primes.iter().enumerate() {
            // sᵢ = s mod rᵢ of the public signature s: not wiped (rᵢ is kept anyway).
            let si = prime.field.pow(&(&m % &prime.p), &prime.exponent);
            if i == 0 {
                s = si;
                continue;
            }
            let current = &s % &prime.p;
            let diff = if si >= current {
                &si - &current
            } else {
                &si + &prime.p - &current
            };
            let h = (diff * &prime.coefficient) % &prime.p;
            s += &prime.prefix * h;
        }
        let bytes = s.to_bytes_be();
        if bytes.len() > k {
            return Err(JwtError::Signing);
        }
        // `s` is the signature itself: public, nothing to wipe.
        let mut out = vec![0u8; k - bytes.len()];
        out.extend_from_slice(&bytes);
        Ok(out)
    }

    /// How many primes the key has.
    pub(crate) fn prime_count(&self) -> usize {
        self.primes.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn odd(bytes: &[u8], bits: u64) -> BigUint {
        let mut x = BigUint::from_bytes_be(bytes) % (BigUint::one() << bits);
        x.set_bit(bits - 1, true);
        x.set_bit(0, true);
        x
    }

    fn check<const L: usize>(modulus: &BigUint, base: &BigUint, exp: &BigUint) {
        let field = Field::<L>::new(modulus);
        let base = base % modulus;
        let got = field.pow(&base, &exp.to_u64_digits());
        assert_eq!(got, base.modpow(exp, modulus), "L = {L}");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        /// Montgomery exponentiation agrees with num-bigint for odd moduli of
        /// every width, including the largest each `L` allows.
        #[test]
        fn pow_matches_num_bigint(
            m in proptest::collection::vec(any::<u8>(), 136),
            b in proptest::collection::vec(any::<u8>(), 0..140),
            e in proptest::collection::vec(any::<u8>(), 0..140),
            top in 0u64..3,
        ) {
            let base = BigUint::from_bytes_be(&b);
            let exp = BigUint::from_bytes_be(&e);
            check::<5>(&odd(&m, 298 - top), &base, &exp);
            check::<6>(&odd(&m, 342 - top), &base, &exp);
            check::<7>(&odd(&m, 418 - top), &base, &exp);
            check::<9>(&odd(&m, 538 - top), &base, &exp);
            check::<12>(&odd(&m, 683 - top), &base, &exp);
            check::<18>(&odd(&m, 1078 - top), &base, &exp);
        }
    }

    #[test]
    fn extreme_bases_and_exponents() {
        let p = (BigUint::one() << 340u32) - 3u32; // odd, 340 bits
        for base in [
            BigUint::zero(),
            BigUint::one(),
            &p - 1u32,
            BigUint::from(2u32),
        ] {
            for exp in [
                BigUint::zero(),
                BigUint::one(),
                BigUint::from(2u32),
                &p - 2u32,
            ] {
                check::<6>(&p, &base, &exp);
            }
        }
        // All-ones modulus limbs: the largest values every column can see.
        let all_ones = (BigUint::one() << 358u32) - 1u32;
        check::<6>(&all_ones, &(&all_ones - 2u32), &(&all_ones - 1u32));
    }

    #[test]
    fn limbs_round_trip() {
        let x = (BigUint::one() << 1000u32) - 12345u32;
        assert_eq!(from_limbs(&to_limbs::<18>(&x)), x);
        assert_eq!(
            from_limbs(&to_limbs::<5>(&BigUint::zero())),
            BigUint::zero()
        );
    }

    #[test]
    fn bad_prime_sets_are_refused() {
        let p = BigUint::from(0xffff_ffff_ffff_ffc5u64); // 2^64 − 59, prime
        let q = BigUint::from(0xffff_ffff_ffff_ff43u64); // 2^64 − 189, prime
        let n = (&p * &q).to_bytes_be();
        let d = [3u8];
        let (pb, qb) = (p.to_bytes_be(), q.to_bytes_be());
        assert!(MultiPrimeSigner::new(&n, &d, &[&pb, &qb]).is_ok());
        assert!(MultiPrimeSigner::new(&n, &d, &[&pb]).is_err());
        assert!(MultiPrimeSigner::new(&n, &d, &[&pb, &pb]).is_err());
        let wrong_n = (&p * &q + 2u32).to_bytes_be();
        assert!(MultiPrimeSigner::new(&wrong_n, &d, &[&pb, &qb]).is_err());
        let even = (&q + 1u32).to_bytes_be();
        assert!(MultiPrimeSigner::new(&n, &d, &[&pb, &even]).is_err());
        let huge = ((BigUint::one() << 1100u32) - 1u32).to_bytes_be();
        assert!(MultiPrimeSigner::new(&n, &d, &[&pb, &huge]).is_err());
    }
}
