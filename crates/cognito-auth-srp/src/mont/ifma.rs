//! Variable-base exponentiation modulo `N` with AVX-512 IFMA, used by
//! [`super::Work::pow`] when the CPU has it (checked at run time; otherwise
//! the portable code runs).
//!
//! # Why
//! `pow` is most of an SRP sign-in on both sides: the client's
//! `(B − k·v)^(a+u·x)` (a 512-bit exponent) and the server's `(A·v^u)^b`. The
//! portable Montgomery product already runs at about one 64-bit multiply per
//! cycle; IFMA's `vpmadd52luq`/`vpmadd52huq` do eight 52-bit multiplies per
//! instruction.
//!
//! # Representation and algorithm
//! 3120 bits as 60 lanes of 52 bits in eight 512-bit vectors (lanes 60–63 stay
//! zero). `R = 2^3120` is the same as the portable code's (52 × 60 = 60 × 52),
//! so Montgomery forms are interchangeable: values are converted on the way in
//! and out, and the results agree with the portable code's residues.
//!
//! The product is word-serial Montgomery multiplication in radix `2^52`
//! ("almost Montgomery multiplication", as in Gueron and Krasnov's RSAZ code,
//! written anew here): for each lane `i` of `b`, add the low halves of `a·bᵢ`
//! and `m·N` (with `m` = lane 0, because `N ≡ −1 (mod 2^52)` makes the
//! Montgomery constant 1), drop lane 0 (now a multiple of `2^52`, whose carry
//! goes to the next lane) by moving every lane down one, then add the high
//! halves. Lanes are left unnormalised inside the loop (below `2^60`: sixty
//! rounds of four 52-bit terms) and carried once at the end. As in the portable
//! code, inputs and outputs are in `[0, 2N)`.
//!
//! The workspace's only `unsafe` is here: the two calls into the
//! `#[target_feature]` functions ([`pow`] and [`pow_comb`]), each right after
//! the run-time check; the intrinsics themselves are safe to call there.

use std::arch::x86_64::{
    __m512i, _mm_cvtsi128_si64, _mm256_extract_epi64, _mm512_add_epi64, _mm512_alignr_epi64,
    _mm512_and_si512, _mm512_castsi512_si128, _mm512_extracti64x4_epi64, _mm512_madd52hi_epu64,
    _mm512_madd52lo_epu64, _mm512_maskz_set1_epi64, _mm512_permutexvar_epi64, _mm512_set_epi64,
    _mm512_set1_epi64, _mm512_setzero_si512, _mm512_srli_epi64, _mm512_test_epi64_mask,
};

use zeroize::Zeroizing;

use super::{
    BITS, COMB_BITS, COMB_HALF, COMB_SPAN, Comb, LIMBS, Limbs, MASK, N, ONE, Windows, bit_len,
    comb_columns,
};

/// Bits per lane.
const LANE_BITS: u32 = 52;
const LANE_MASK: u64 = (1 << LANE_BITS) - 1;
/// Lanes that carry the number (60 × 52 = 3120).
const LANES: usize = 60;
/// 512-bit vectors per number.
const VECS: usize = 8;

const _: () = assert!(LANES as u32 * LANE_BITS == LIMBS as u32 * BITS);
// Lane 0 of N is all ones, so −N⁻¹ ≡ 1 (mod 2^52).
const _: () = assert!(N[0] & LANE_MASK == LANE_MASK);

type Vecs = [__m512i; VECS];

/// Setting this environment variable (to anything) keeps the portable code,
/// e.g. to compare the two with the same binary.
pub const PORTABLE_ENV: &str = "COGNITO_AUTH_SRP_PORTABLE";

/// Whether the IFMA code runs: the CPU has it and [`PORTABLE_ENV`] is unset
/// (both looked at once per process).
pub(super) fn available() -> bool {
    static AVAILABLE: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *AVAILABLE.get_or_init(|| {
        std::env::var_os(PORTABLE_ENV).is_none()
            && std::is_x86_feature_detected!("avx512f")
            && std::is_x86_feature_detected!("avx512ifma")
            && std::is_x86_feature_detected!("avx2")
    })
}

/// `base^exp` as [`super::Work::pow`] computes it (Montgomery form in and
/// out, values in `[0, 2N)`), or `None` when the CPU lacks IFMA.
pub(super) fn pow(base: &Limbs, exp: &[u64]) -> Option<Zeroizing<Limbs>> {
    if !available() {
        return None;
    }
    #[allow(unsafe_code)]
    // SAFETY: `pow_vec` only needs the CPU features it is compiled for, and
    // `available()` has just confirmed that this CPU has all three.
    let result = unsafe { pow_vec(base, exp) };
    Some(result)
}

/// `base^exp` through a comb, as [`super::Work::pow_comb`] computes it, or
/// `None` when the CPU lacks IFMA or `exp` is too long for the comb.
pub(super) fn pow_comb(comb: &Comb, exp: &[u64]) -> Option<Zeroizing<Limbs>> {
    if !available() || bit_len(exp) > COMB_BITS {
        return None;
    }
    #[allow(unsafe_code)]
    // SAFETY: as in `pow`: the features `pow_comb_vec` is compiled for were
    // just confirmed.
    let result = unsafe { pow_comb_vec(comb, exp) };
    Some(result)
}

/// 60-bit limbs → 52-bit lanes (64 of them; the top four are zero for values
/// below 2^3120).
fn to_lanes(x: &Limbs) -> Zeroizing<[u64; 64]> {
    let mut out = Zeroizing::new([0u64; 64]);
    let mut acc: u128 = 0;
    let mut have = 0u32;
    let mut next = 0usize;
    for limb in x.iter() {
        acc |= u128::from(*limb & MASK) << have;
        have += BITS;
        while have >= LANE_BITS && next < LANES {
            out[next] = (acc as u64) & LANE_MASK;
            acc >>= LANE_BITS;
            have -= LANE_BITS;
            next += 1;
        }
    }
    out
}

/// 52-bit lanes (normalised) → 60-bit limbs.
fn from_lanes(x: &[u64; 64]) -> Zeroizing<Limbs> {
    let mut out = Zeroizing::new([0u64; LIMBS]);
    let mut acc: u128 = 0;
    let mut have = 0u32;
    let mut next = 0usize;
    for lane in x.iter().take(LANES) {
        acc |= u128::from(*lane & LANE_MASK) << have;
        have += LANE_BITS;
        while have >= BITS && next < LIMBS {
            out[next] = (acc as u64) & MASK;
            acc >>= BITS;
            have -= BITS;
            next += 1;
        }
    }
    out
}

#[target_feature(enable = "avx512f,avx512ifma,avx2")]
fn load(x: &[u64; 64]) -> Vecs {
    let mut v = [_mm512_setzero_si512(); VECS];
    for (k, chunk) in x.chunks_exact(8).enumerate() {
        let l = |i: usize| chunk[i] as i64;
        v[k] = _mm512_set_epi64(l(7), l(6), l(5), l(4), l(3), l(2), l(1), l(0));
    }
    v
}

#[target_feature(enable = "avx512f,avx512ifma,avx2")]
fn store(v: &Vecs) -> Zeroizing<[u64; 64]> {
    let mut out = Zeroizing::new([0u64; 64]);
    for (k, vec) in v.iter().enumerate() {
        let lo = _mm512_extracti64x4_epi64::<0>(*vec);
        let hi = _mm512_extracti64x4_epi64::<1>(*vec);
        out[8 * k] = _mm256_extract_epi64::<0>(lo) as u64;
        out[8 * k + 1] = _mm256_extract_epi64::<1>(lo) as u64;
        out[8 * k + 2] = _mm256_extract_epi64::<2>(lo) as u64;
        out[8 * k + 3] = _mm256_extract_epi64::<3>(lo) as u64;
        out[8 * k + 4] = _mm256_extract_epi64::<0>(hi) as u64;
        out[8 * k + 5] = _mm256_extract_epi64::<1>(hi) as u64;
        out[8 * k + 6] = _mm256_extract_epi64::<2>(hi) as u64;
        out[8 * k + 7] = _mm256_extract_epi64::<3>(hi) as u64;
    }
    out
}

/// Carries every lane's bits above 52 into the next lane until none is left.
#[target_feature(enable = "avx512f,avx512ifma,avx2")]
fn normalise(mut acc: Vecs) -> Vecs {
    let zero = _mm512_setzero_si512();
    let mask = _mm512_set1_epi64(LANE_MASK as i64);
    loop {
        let mut carries = [zero; VECS];
        for k in 0..VECS {
            carries[k] = _mm512_srli_epi64::<52>(acc[k]);
            acc[k] = _mm512_and_si512(acc[k], mask);
        }
        // Lane j's carry goes to lane j + 1: [previous vector's lane 7, lanes 0..6].
        let mut moved = [zero; VECS];
        moved[0] = _mm512_alignr_epi64::<7>(carries[0], zero);
        for k in 1..VECS {
            moved[k] = _mm512_alignr_epi64::<7>(carries[k], carries[k - 1]);
        }
        let mut nonzero = 0u8;
        for m in &moved {
            nonzero |= _mm512_test_epi64_mask(*m, *m);
        }
        if nonzero == 0 {
            return acc;
        }
        for k in 0..VECS {
            acc[k] = _mm512_add_epi64(acc[k], moved[k]);
        }
    }
}

/// `a·b·R⁻¹ mod N` in `[0, 2N)` for `a, b` in `[0, 2N)` (normalised lanes).
#[target_feature(enable = "avx512f,avx512ifma,avx2")]
fn mont_mul(a: &Vecs, b: &Vecs, n: &Vecs) -> Vecs {
    let zero = _mm512_setzero_si512();
    let mut acc = [zero; VECS];
    for i in 0..LANES {
        let bi = _mm512_permutexvar_epi64(_mm512_set1_epi64((i % 8) as i64), b[i / 8]);
        for k in 0..VECS {
            acc[k] = _mm512_madd52lo_epu64(acc[k], a[k], bi);
        }
        // m = lane 0 mod 2^52 (the Montgomery constant is 1).
        let lane0 = _mm_cvtsi128_si64(_mm512_castsi512_si128(acc[0])) as u64;
        let m = lane0 & LANE_MASK;
        let mv = _mm512_set1_epi64(m as i64);
        for k in 0..VECS {
            acc[k] = _mm512_madd52lo_epu64(acc[k], n[k], mv);
        }
        // Lane 0 is now lane0 + lo52(N₀·m) = lane0 + (2^52 − m) mod 2^52, a
        // multiple of 2^52; its carry joins lane 1, which becomes lane 0.
        let carry = (lane0 + (m.wrapping_neg() & LANE_MASK)) >> LANE_BITS;
        for k in 0..VECS - 1 {
            acc[k] = _mm512_alignr_epi64::<1>(acc[k + 1], acc[k]);
        }
        acc[VECS - 1] = _mm512_alignr_epi64::<1>(zero, acc[VECS - 1]);
        acc[0] = _mm512_add_epi64(acc[0], _mm512_maskz_set1_epi64(1, carry as i64));
        // The high halves belong one lane up, which after the move is lane k.
        for k in 0..VECS {
            acc[k] = _mm512_madd52hi_epu64(acc[k], a[k], bi);
            acc[k] = _mm512_madd52hi_epu64(acc[k], n[k], mv);
        }
    }
    normalise(acc)
}

/// Overwrites vectors that held secrets (best effort: `black_box` keeps the
/// stores from being dropped as dead).
#[target_feature(enable = "avx512f,avx512ifma,avx2")]
fn wipe(v: &mut [Vecs]) {
    for x in v.iter_mut() {
        for lane in x.iter_mut() {
            *lane = _mm512_setzero_si512();
        }
    }
    std::hint::black_box(&*v);
}

/// The sliding-window exponentiation of [`super::Work::pow`], with IFMA products.
#[target_feature(enable = "avx512f,avx512ifma,avx2")]
fn pow_vec(base: &Limbs, exp: &[u64]) -> Zeroizing<Limbs> {
    let Some(plan) = Windows::plan(exp) else {
        return Zeroizing::new(ONE);
    };
    let n = load(&to_lanes(&N));
    let b = load(&to_lanes(base));
    // Odd powers b, b³, …, b^(2^w − 1).
    let mut table: Vec<Vecs> = vec![b; plan.table_len];
    if table.len() > 1 {
        let b2 = mont_mul(&b, &b, &n);
        for i in 1..table.len() {
            table[i] = mont_mul(&table[i - 1], &b2, &n);
        }
    }
    let mut r = table[plan.first];
    for (squarings, index) in plan.steps() {
        for _ in 0..squarings {
            r = mont_mul(&r, &r, &n);
        }
        if let Some(index) = index {
            r = mont_mul(&r, &table[index], &n);
        }
    }
    let out = from_lanes(&store(&r));
    wipe(&mut table);
    wipe(std::slice::from_mut(&mut r));
    out
}

/// The comb walk of [`super::Work::pow_comb_portable`] with IFMA products;
/// table entries are converted as they are used.
#[target_feature(enable = "avx512f,avx512ifma,avx2")]
fn pow_comb_vec(comb: &Comb, exp: &[u64]) -> Zeroizing<Limbs> {
    let index = comb_columns(exp);
    let index = |column: usize| index[column];
    let n = load(&to_lanes(&N));
    let mut r = load(&to_lanes(&comb.low[index(COMB_HALF - 1)]));
    for j in (0..COMB_HALF).rev() {
        if j + 1 < COMB_HALF {
            r = mont_mul(&r, &r, &n);
            let t = load(&to_lanes(&comb.low[index(j)]));
            r = mont_mul(&r, &t, &n);
        }
        // The high table's last column would be the next span's first.
        if COMB_HALF + j < COMB_SPAN {
            let t = load(&to_lanes(&comb.high[index(COMB_HALF + j)]));
            r = mont_mul(&r, &t, &n);
        }
    }
    let out = from_lanes(&store(&r));
    wipe(std::slice::from_mut(&mut r));
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn lanes_round_trip() {
        let mut x = [0u64; LIMBS];
        for (i, l) in x.iter_mut().enumerate() {
            *l = (0x0123_4567_89ab_cdefu64.rotate_left(i as u32 * 7)) & MASK;
        }
        assert_eq!(*from_lanes(&to_lanes(&x)), x);
        assert_eq!(*from_lanes(&to_lanes(&N)), N);
    }
}
