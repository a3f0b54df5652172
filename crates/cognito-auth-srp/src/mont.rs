//! Fast arithmetic modulo the fixed 3072-bit group prime `N`, in safe Rust.
//!
//! # Representation
//! An element is 52 little-endian limbs of 60 bits each (3120 bits) held in
//! `u64`s. The spare bits let a whole column of a product plus its reduction
//! (at most 104 terms, each below 2^120) sum in one `u128` accumulator: one
//! multiply and one 128-bit add per term, with no carry handling inside a
//! column.
//!
//! # Montgomery multiplication
//! With `R = 2^3120`, [`Work::mul`] computes `a·b·R⁻¹ mod N` by finely
//! integrated product scanning: column by column, the product terms and the
//! reduction terms `m_i·N_j` are summed together, two neighbouring columns
//! per pass so that every limb loaded feeds two multiplications. Because
//! `N ≡ −1 (mod 2^60)`, the Montgomery constant `n0' = −N⁻¹ mod 2^60` is 1:
//! each reduction digit `m_k` is just the low 60 bits of the column, and
//! `m_k·N_0 = m_k·2^60 − m_k` clears them with a carry of `m_k`. [`Work::sqr`]
//! forms each cross product once and doubles it. Since `R > 4N`, inputs and
//! outputs are kept in `[0, 2N)` with no final subtraction ("lazy
//! reduction"); values are brought into `[0, N)` only on the way out.
//!
//! # Exponentiation
//! Variable bases use left-to-right sliding windows over a table of odd powers
//! ([`Work::pow`]). The generator `g = 2` uses a fixed-base comb (Lim–Lee,
//! 6 teeth 43 bits apart, two tables of 64 entries, 52 KiB) built lazily once
//! per process, for exponents of up to [`COMB_BITS`] bits; longer ones use
//! fixed windows in which multiplying by `2^v` is a shift and a small fold,
//! so they cost their squarings alone ([`Work::pow_g`]). A 256-bit `g^e` then costs
//! 21 squarings and 42 products instead of about 300 operations; building the
//! tables costs 237 squarings and 114 products, about what the two `g^e` of
//! one client sign-in cost without it, so a one-off sign-in breaks even.
//!
//! Everything derived from a secret (exponent limbs, reduction digits,
//! results, window tables, scratch) lives in [`Zeroizing`] buffers. The code
//! is not hardened against cache-timing observers: window and comb lookups
//! are indexed by exponent bits, as in the num-bigint and GMP code it replaces
//! (see `docs/srp.md`).

use std::sync::OnceLock;

use zeroize::Zeroizing;

#[cfg(target_arch = "x86_64")]
mod ifma;

use crate::group::N_HEX;

/// Bits per limb.
const BITS: u32 = 60;
const MASK: u64 = (1 << BITS) - 1;
/// Limbs per element.
pub(crate) const LIMBS: usize = 52;
/// One element (Montgomery form or plain), little-endian 60-bit limbs.
pub(crate) type Limbs = [u64; LIMBS];

const _: () = assert!(N_HEX.len() == 768);
const _: () = assert!(LIMBS as u32 * BITS >= 3072 + 2); // R > 4N

/// `N`, parsed from [`N_HEX`] at compile time.
const N: Limbs = parse_n();

/// `R mod N` with `R = 2^3120`: the Montgomery form of 1.
const ONE: Limbs = pow2_mod_n(LIMBS * BITS as usize);

/// `R² mod N`, for conversion into Montgomery form.
const R2: Limbs = pow2_mod_n(2 * LIMBS * BITS as usize);

/// `2` in Montgomery form (`2R mod N`).
const G_MONT: Limbs = pow2_mod_n(LIMBS * BITS as usize + 1);

/// `2^3072 − N` (below 2^3008): folding the bits above 2^3072 back in.
const C: Limbs = two_3072_minus_n();

/// Where bit 3072 sits: limb 51, bit 12.
const TOP_SHIFT: u32 = 3072 - BITS * (LIMBS as u32 - 1);

/// Widest exponent the comb for `g` covers (258 bits).
pub(crate) const COMB_BITS: usize = COMB_TEETH * COMB_SPAN;
/// Teeth: each table has `2^COMB_TEETH` entries.
const COMB_TEETH: usize = 6;
/// Bits between teeth.
const COMB_SPAN: usize = 43;
/// Columns per table: the low table covers offsets `0..22` of each span, the
/// high table `22..43`.
const COMB_HALF: usize = COMB_SPAN.div_ceil(2);
const COMB_LIMBS: usize = COMB_BITS.div_ceil(64);

const fn hex_val(c: u8) -> u64 {
    match c {
        b'0'..=b'9' => (c - b'0') as u64,
        b'a'..=b'f' => (c - b'a' + 10) as u64,
        b'A'..=b'F' => (c - b'A' + 10) as u64,
        _ => panic!("N_HEX is not hex"), // compile-time only
    }
}

const fn parse_n() -> Limbs {
    let s = N_HEX.as_bytes();
    let mut out = [0u64; LIMBS];
    // Hex digit d (from the right) holds bits 4d … 4d+3; 60 is a multiple of 4.
    let mut d = 0;
    while d < s.len() {
        let v = hex_val(s[s.len() - 1 - d]);
        let bit = 4 * d;
        out[bit / BITS as usize] |= v << (bit % BITS as usize);
        d += 1;
    }
    out
}

/// `x − N` if that is non-negative, else `x`, for `x < 2N` (no branch on the
/// value).
const fn reduce_once_const(x: &Limbs) -> Limbs {
    let mut d = [0u64; LIMBS];
    let mut borrow = 0u64;
    let mut i = 0;
    while i < LIMBS {
        let v = x[i].wrapping_sub(N[i]).wrapping_sub(borrow);
        d[i] = v & MASK;
        borrow = v >> 63;
        i += 1;
    }
    // borrow = 1: x < N, keep x.
    let keep_x = 0u64.wrapping_sub(borrow);
    let mut out = [0u64; LIMBS];
    let mut i = 0;
    while i < LIMBS {
        out[i] = (x[i] & keep_x) | (d[i] & !keep_x);
        i += 1;
    }
    out
}

const fn two_3072_minus_n() -> Limbs {
    let mut out = [0u64; LIMBS];
    let mut borrow = 0u64;
    let mut i = 0;
    while i < LIMBS {
        let top = if i == LIMBS - 1 {
            1u64 << (3072 - BITS as usize * (LIMBS - 1))
        } else {
            0
        };
        let v = top.wrapping_sub(N[i]).wrapping_sub(borrow);
        out[i] = v & MASK;
        borrow = v >> 63;
        i += 1;
    }
    out
}

/// `2^e mod N` by repeated modular doubling (compile time).
const fn pow2_mod_n(e: usize) -> Limbs {
    let mut x = [0u64; LIMBS];
    x[0] = 1;
    let mut i = 0;
    while i < e {
        let mut carry = 0u64;
        let mut j = 0;
        while j < LIMBS {
            let v = (x[j] << 1) | carry;
            x[j] = v & MASK;
            carry = v >> BITS;
            j += 1;
        }
        x = reduce_once_const(&x);
        i += 1;
    }
    x
}

#[inline(always)]
fn prod(a: u64, b: u64) -> u128 {
    u128::from(a) * u128::from(b)
}

/// `(Σ x_i·y[j − i], Σ x_i·y[j + 1 − i])` over `i < x.len()`, given
/// `ys = y[j + 1 − x.len() ..= j + 1]`: two neighbouring columns at once, so
/// that each `x_i` and each `y` limb is loaded once for two products.
#[inline(always)]
#[allow(clippy::needless_range_loop)] // indexed form compiles to the tighter loop
fn dot2(x: &[u64], ys: &[u64]) -> (u128, u128) {
    let n = x.len();
    let ys = &ys[..n + 1];
    let (mut s0, mut s1) = (0u128, 0u128);
    for i in 0..n {
        let xi = x[i];
        s0 += prod(xi, ys[n - 1 - i]);
        s1 += prod(xi, ys[n - i]);
    }
    (s0, s1)
}

/// `out = a·b·R⁻¹ mod N`, in `[0, 2N)` for inputs in `[0, 2N)`; `m` receives
/// the reduction digits. Columns are taken two at a time (52 is even).
fn mont_mul(out: &mut Limbs, a: &Limbs, b: &Limbs, m: &mut Limbs) {
    let mut acc: u128 = 0;
    for k in (0..LIMBS).step_by(2) {
        // Product columns k and k+1 share a_0 … a_k; k+1 also has a_{k+1}·b_0.
        let (p0, mut p1) = dot2(&a[..=k], &b[..=k + 1]);
        p1 += prod(a[k + 1], b[0]);
        // Reduction terms m_i·N_{k−i} for i < k, and for k+1 also m_k·N_1
        // once m_k is known.
        let (r0, r1) = dot2(&m[..k], &N[1..=k + 1]);
        acc = finish_low_column(acc + p0 + r0, m, k);
        acc = finish_low_column(acc + p1 + r1 + prod(m[k], N[1]), m, k + 1);
    }
    for k in (LIMBS..2 * LIMBS - 2).step_by(2) {
        // Columns k and k+1 share i = from+1 … 51; column k also has i = from.
        let from = k - (LIMBS - 1);
        let (mut p0, p1) = dot2(&a[from + 1..], &b[from..]);
        p0 += prod(a[from], b[LIMBS - 1]);
        let (mut r0, r1) = dot2(&m[from + 1..], &N[from..]);
        r0 += prod(m[from], N[LIMBS - 1]);
        acc = emit(out, acc + p0 + r0, k);
        acc = emit(out, acc + p1 + r1, k + 1);
    }
    let last = prod(a[LIMBS - 1], b[LIMBS - 1]) + prod(m[LIMBS - 1], N[LIMBS - 1]);
    finish_top(out, acc + last);
}

/// `out = a²·R⁻¹ mod N`, as [`mont_mul`] with each cross product formed once.
fn mont_sqr(out: &mut Limbs, a: &Limbs, m: &mut Limbs) {
    let mut acc: u128 = 0;
    for k in (0..LIMBS).step_by(2) {
        let (p0, p1) = square_columns(a, 0, k);
        let (r0, r1) = dot2(&m[..k], &N[1..=k + 1]);
        acc = finish_low_column(acc + p0 + r0, m, k);
        acc = finish_low_column(acc + p1 + r1 + prod(m[k], N[1]), m, k + 1);
    }
    for k in (LIMBS..2 * LIMBS - 2).step_by(2) {
        let from = k - (LIMBS - 1);
        let (p0, p1) = square_columns(a, from, k);
        let (mut r0, r1) = dot2(&m[from + 1..], &N[from..]);
        r0 += prod(m[from], N[LIMBS - 1]);
        acc = emit(out, acc + p0 + r0, k);
        acc = emit(out, acc + p1 + r1, k + 1);
    }
    let last = prod(a[LIMBS - 1], a[LIMBS - 1]) + prod(m[LIMBS - 1], N[LIMBS - 1]);
    finish_top(out, acc + last);
}

/// Columns `k` (even) and `k + 1` of `a²`, over the indices `i ≥ from` (and
/// `j = k − i ≤ 51`): the cross products `i < j` doubled, plus `a_{k/2}²`.
#[inline(always)]
fn square_columns(a: &Limbs, from: usize, k: usize) -> (u128, u128) {
    let h = k / 2;
    // Cross pairs of column k: i in from … h−1; of column k+1: i in from' … h
    // with from' = from + 1 above the diagonal block (from > 0), else 0.
    let (shared_from, top) = if from == 0 {
        (0, k + 1)
    } else {
        (from + 1, k - from)
    };
    let (mut c0, mut c1) = dot2(&a[shared_from..h], &a[h + 1..=top]);
    if from > 0 {
        c0 += prod(a[from], a[k - from]);
    }
    c1 += prod(a[h], a[h + 1]);
    ((c0 << 1) + prod(a[h], a[h]), c1 << 1)
}

/// Column `k < 52`: its low 60 bits give the reduction digit `m_k` (as
/// `n0' = 1`), and adding `m_k·N_0 = m_k·2^60 − m_k` clears them.
#[inline(always)]
fn finish_low_column(acc: u128, m: &mut Limbs, k: usize) -> u128 {
    let mk = (acc as u64) & MASK;
    m[k] = mk;
    (acc >> BITS) + u128::from(mk)
}

/// Column `k ≥ 52` is limb `k − 52` of the result.
#[inline(always)]
fn emit(out: &mut Limbs, acc: u128, k: usize) -> u128 {
    out[k - LIMBS] = (acc as u64) & MASK;
    acc >> BITS
}

/// Column 102 and the carry above it: the result is below 2N < 2^3073, so
/// the rest fits the top limb.
#[inline(always)]
fn finish_top(out: &mut Limbs, acc: u128) {
    out[LIMBS - 2] = (acc as u64) & MASK;
    out[LIMBS - 1] = (acc >> BITS) as u64;
}

/// `r = r·2^v mod N` for `r < 2N` and `v < 32`, result in `[0, 2N)`: a
/// shift, then the bits `q` above 2^3072 are folded back as `q·(2^3072 − N)`.
/// About 100 word operations instead of a Montgomery product.
fn mul_pow2(r: &mut Limbs, v: u32) {
    let v = v & 31;
    let mut carry = 0u64;
    for l in r.iter_mut() {
        let wide = (u128::from(*l) << v) | u128::from(carry);
        *l = (wide as u64) & MASK;
        carry = (wide >> BITS) as u64;
    }
    // r·2^v < 2^3104, so nothing is left in `carry` and q < 2^32.
    let q = r[LIMBS - 1] >> TOP_SHIFT;
    r[LIMBS - 1] &= (1 << TOP_SHIFT) - 1;
    // r + q·C < 2^3072 + 2^3040 < 2N.
    let mut acc: u128 = 0;
    for (l, &c) in r.iter_mut().zip(C.iter()) {
        acc += u128::from(*l) + prod(q, c);
        *l = (acc as u64) & MASK;
        acc >>= BITS;
    }
}

/// Scratch space for one computation; wiped when dropped.
pub(crate) struct Work {
    m: Zeroizing<Limbs>,
    out: Zeroizing<Limbs>,
}

impl Work {
    pub(crate) fn new() -> Self {
        Self {
            m: Zeroizing::new([0u64; LIMBS]),
            out: Zeroizing::new([0u64; LIMBS]),
        }
    }

    /// `r = r·b·R⁻¹ mod N` (values in `[0, 2N)`).
    pub(crate) fn mul(&mut self, r: &mut Limbs, b: &Limbs) {
        mont_mul(&mut self.out, r, b, &mut self.m);
        *r = *self.out;
    }

    /// `r = r²·R⁻¹ mod N` (values in `[0, 2N)`).
    pub(crate) fn sqr(&mut self, r: &mut Limbs) {
        mont_sqr(&mut self.out, r, &mut self.m);
        *r = *self.out;
    }

    /// Montgomery form of a plain value below `2N`.
    pub(crate) fn mont_form(&mut self, x: &Limbs) -> Zeroizing<Limbs> {
        let mut r = Zeroizing::new(*x);
        self.mul(&mut r, &R2);
        r
    }

    /// Plain value, in `[0, N)`, of a Montgomery-form element.
    pub(crate) fn plain(&mut self, x: &Limbs) -> Zeroizing<Limbs> {
        let mut one = [0u64; LIMBS];
        one[0] = 1;
        let mut r = Zeroizing::new(*x);
        self.mul(&mut r, &one);
        Zeroizing::new(reduce_once_const(&r))
    }

    /// `base^exp` for a Montgomery-form base and little-endian exponent limbs;
    /// the result is in Montgomery form. Left-to-right sliding window, with
    /// AVX-512 IFMA products when the CPU has them (`mont/ifma.rs`), else
    /// [`Work::pow_portable`].
    pub(crate) fn pow(&mut self, base: &Limbs, exp: &[u64]) -> Zeroizing<Limbs> {
        #[cfg(target_arch = "x86_64")]
        if let Some(r) = ifma::pow(base, exp) {
            return r;
        }
        self.pow_portable(base, exp)
    }

    /// [`Work::pow`] in portable code.
    pub(crate) fn pow_portable(&mut self, base: &Limbs, exp: &[u64]) -> Zeroizing<Limbs> {
        let Some(plan) = Windows::plan(exp) else {
            return Zeroizing::new(ONE);
        };
        // Odd powers base^1, base^3, …, base^(2^w − 1).
        let mut table: Zeroizing<Vec<Limbs>> = Zeroizing::new(vec![*base; plan.table_len]);
        if table.len() > 1 {
            let mut b2 = Zeroizing::new(*base);
            self.sqr(&mut b2);
            for i in 1..table.len() {
                let mut next = Zeroizing::new(table[i - 1]);
                self.mul(&mut next, &b2);
                table[i] = *next;
            }
        }
        let mut r = Zeroizing::new(table[plan.first]);
        for (squarings, index) in plan.steps() {
            for _ in 0..squarings {
                self.sqr(&mut r);
            }
            if let Some(index) = index {
                self.mul(&mut r, &table[index]);
            }
        }
        r
    }

    /// `2^exp` in Montgomery form for exponents of any length: fixed 5-bit
    /// windows where "multiply by the table entry" is [`mul_pow2`], so the
    /// cost is the squarings alone.
    fn pow_two(&mut self, exp: &[u64]) -> Zeroizing<Limbs> {
        const W: usize = 5;
        let windows = bit_len(exp).div_ceil(W);
        let mut r = Zeroizing::new(ONE);
        for w in (0..windows).rev() {
            if w + 1 < windows {
                for _ in 0..W {
                    self.sqr(&mut r);
                }
            }
            let mut v = 0u32;
            for k in (w * W..(w + 1) * W).rev() {
                v = (v << 1) | u32::from(bit(exp, k));
            }
            mul_pow2(&mut r, v);
        }
        r
    }

    /// `g^exp` (g = 2) in Montgomery form: the comb when `exp` fits in
    /// [`COMB_BITS`] bits, else the sliding window.
    pub(crate) fn pow_g(&mut self, exp: &[u64]) -> Zeroizing<Limbs> {
        if let Some(r) = self.pow_comb(comb(), exp) {
            return r;
        }
        // Longer exponents (Amplify's 1024-bit `a`): the IFMA window beats the
        // portable shift-and-fold windows when the CPU has it.
        #[cfg(target_arch = "x86_64")]
        if let Some(r) = ifma::pow(&G_MONT, exp) {
            return r;
        }
        self.pow_two(exp)
    }

    /// `base^exp` in Montgomery form through a comb built for `base`
    /// ([`Comb::new`]); `None` when `exp` is longer than [`COMB_BITS`] bits.
    pub(crate) fn pow_comb(&mut self, comb: &Comb, exp: &[u64]) -> Option<Zeroizing<Limbs>> {
        if bit_len(exp) > COMB_BITS {
            return None;
        }
        #[cfg(target_arch = "x86_64")]
        if let Some(r) = ifma::pow_comb(comb, exp) {
            return Some(r);
        }
        self.pow_comb_portable(comb, exp)
    }

    /// [`Work::pow_comb`] in portable code, for exponents of at most
    /// [`COMB_BITS`] bits.
    pub(crate) fn pow_comb_portable(
        &mut self,
        comb: &Comb,
        exp: &[u64],
    ) -> Option<Zeroizing<Limbs>> {
        if bit_len(exp) > COMB_BITS {
            return None;
        }
        let index = comb_columns(exp);
        let index = |column: usize| index[column];
        let mut r = Zeroizing::new(comb.low[index(COMB_HALF - 1)]);
        for j in (0..COMB_HALF).rev() {
            if j + 1 < COMB_HALF {
                self.sqr(&mut r);
                self.mul(&mut r, &comb.low[index(j)]);
            }
            // The high table's last column would be the next span's first.
            if COMB_HALF + j < COMB_SPAN {
                self.mul(&mut r, &comb.high[index(COMB_HALF + j)]);
            }
        }
        Some(r)
    }
}

/// For each column `0..COMB_SPAN` of the comb, the table index it selects:
/// the exponent's bits at that offset of every span, one per tooth. Shared by
/// the portable and the IFMA comb walks; wiped on drop.
pub(crate) fn comb_columns(exp: &[u64]) -> Zeroizing<[usize; COMB_SPAN]> {
    let mut e = Zeroizing::new([0u64; COMB_LIMBS]);
    for (d, s) in e.iter_mut().zip(exp.iter()) {
        *d = *s;
    }
    let mut out = Zeroizing::new([0usize; COMB_SPAN]);
    for (column, idx) in out.iter_mut().enumerate() {
        for tooth in 0..COMB_TEETH {
            *idx |= usize::from(bit(&e[..], tooth * COMB_SPAN + column)) << tooth;
        }
    }
    out
}

/// Fixed-base comb tables for one base `b` (in Montgomery form):
/// `low[i] = Π b^(2^(43·t))` and `high[i] = Π b^(2^(43·t + 22))` over the set
/// bits `t` of `i`. 128 elements, 52 KiB; wiped when dropped.
pub(crate) struct Comb {
    low: Zeroizing<Vec<Limbs>>,
    high: Zeroizing<Vec<Limbs>>,
}

fn comb() -> &'static Comb {
    static COMB: OnceLock<Comb> = OnceLock::new();
    COMB.get_or_init(|| Comb::new(&G_MONT))
}

/// Builds the comb tables now instead of at the first use of `g`.
pub(crate) fn warm_up() {
    let _ = comb();
}

impl Comb {
    /// The tables for `base` (Montgomery form): 237 squarings and 114
    /// products.
    pub(crate) fn new(base: &Limbs) -> Self {
        let mut w = Work::new();
        // The teeth b^(2^(43·t)) and b^(2^(43·t + 22)), interleaved, from one
        // chain of 237 squarings.
        let mut powers: Zeroizing<Vec<Limbs>> = Zeroizing::new(Vec::with_capacity(2 * COMB_TEETH));
        let mut p = Zeroizing::new(*base);
        let mut at = 0;
        for tooth in 0..COMB_TEETH {
            for position in [tooth * COMB_SPAN, tooth * COMB_SPAN + COMB_HALF] {
                while at < position {
                    w.sqr(&mut p);
                    at += 1;
                }
                powers.push(*p);
            }
        }
        // 57 products per table.
        let table = |offset: usize, w: &mut Work| {
            let mut t = Zeroizing::new(vec![ONE; 1 << COMB_TEETH]);
            for i in 1..t.len() {
                let tooth = i.trailing_zeros() as usize;
                let rest = i & (i - 1);
                let base = &powers[2 * tooth + offset];
                let mut v = *base;
                if rest != 0 {
                    v = t[rest];
                    w.mul(&mut v, base);
                }
                t[i] = v;
            }
            t
        };
        let low = table(0, &mut w);
        let high = table(1, &mut w);
        Self { low, high }
    }
}

/// A left-to-right sliding-window schedule for one exponent (odd windows of
/// up to [`window_bits`] bits), shared by the portable and the IFMA
/// exponentiation: start from `table[first]`, then for each step square
/// `squarings` times and multiply by `table[index]` if there is one. Derived
/// from the exponent, so wiped on drop.
pub(crate) struct Windows {
    /// Entries of the table of odd powers `base^1, base^3, …`.
    pub(crate) table_len: usize,
    /// Table index of the first (highest) window.
    pub(crate) first: usize,
    /// Flattened `(squarings, index + 1)` pairs; an index of 0 means no product.
    steps: Zeroizing<Vec<usize>>,
}

impl Windows {
    /// The schedule for `exp`, or `None` for a zero exponent.
    pub(crate) fn plan(exp: &[u64]) -> Option<Self> {
        let nbits = bit_len(exp);
        if nbits == 0 {
            return None;
        }
        let w = window_bits(nbits);
        let mut first = None;
        let mut steps = Zeroizing::new(Vec::with_capacity(2 * nbits / w + 4));
        let mut pending = 0usize; // squarings owed since the last product
        let mut i = nbits; // bits i-1 … 0 remain
        while i > 0 {
            if !bit(exp, i - 1) {
                pending += 1;
                i -= 1;
                continue;
            }
            // The longest window of at most w bits ending at bit i-1 whose
            // lowest bit is set.
            let mut lo = i.saturating_sub(w);
            while !bit(exp, lo) {
                lo += 1;
            }
            let mut value = 0usize;
            for k in (lo..i).rev() {
                value = (value << 1) | usize::from(bit(exp, k));
            }
            if first.is_none() {
                first = Some(value >> 1);
            } else {
                steps.push(pending + (i - lo));
                steps.push((value >> 1) + 1);
            }
            pending = 0;
            i = lo;
        }
        if pending > 0 {
            steps.push(pending);
            steps.push(0);
        }
        Some(Self {
            table_len: 1 << (w - 1),
            first: first.unwrap_or(0),
            steps,
        })
    }

    /// `(squarings, table index)` in order.
    pub(crate) fn steps(&self) -> impl Iterator<Item = (usize, Option<usize>)> + '_ {
        self.steps
            .chunks_exact(2)
            .map(|pair| (pair[0], pair[1].checked_sub(1)))
    }
}

fn bit(e: &[u64], i: usize) -> bool {
    e.get(i / 64).is_some_and(|l| (l >> (i % 64)) & 1 == 1)
}

fn bit_len(e: &[u64]) -> usize {
    e.iter()
        .rposition(|&l| l != 0)
        .map_or(0, |i| 64 * i + 64 - e[i].leading_zeros() as usize)
}

/// Window width for an exponent of `bits` bits (the usual thresholds that
/// minimise squarings plus multiplications).
fn window_bits(bits: usize) -> usize {
    match bits {
        0..=23 => 1,
        24..=79 => 3,
        80..=239 => 4,
        240..=671 => 5,
        _ => 6,
    }
}

/// `(a + b) mod N` in `[0, N)` for `a, b < 2N` (Montgomery or plain alike).
pub(crate) fn add_mod(a: &Limbs, b: &Limbs) -> Zeroizing<Limbs> {
    let (a, b) = (reduce_once_const(a), reduce_once_const(b));
    let mut s = Zeroizing::new([0u64; LIMBS]);
    let mut carry = 0u64;
    for ((o, &x), &y) in s.iter_mut().zip(a.iter()).zip(b.iter()) {
        let v = x + y + carry;
        *o = v & MASK;
        carry = v >> BITS;
    }
    Zeroizing::new(reduce_once_const(&s))
}

/// `(a − b) mod N` in `[0, N)` for `a, b < 2N`.
pub(crate) fn sub_mod(a: &Limbs, b: &Limbs) -> Zeroizing<Limbs> {
    let (a, b) = (reduce_once_const(a), reduce_once_const(b));
    let mut d = Zeroizing::new([0u64; LIMBS]);
    let mut borrow = 0u64;
    for ((o, &x), &y) in d.iter_mut().zip(a.iter()).zip(b.iter()) {
        let v = x.wrapping_sub(y).wrapping_sub(borrow);
        *o = v & MASK;
        borrow = v >> 63;
    }
    // Add N back when the difference went negative.
    let mask = 0u64.wrapping_sub(borrow);
    let mut carry = 0u64;
    for (o, &n) in d.iter_mut().zip(N.iter()) {
        let v = *o + (n & mask) + carry;
        *o = v & MASK;
        carry = v >> BITS;
    }
    d
}

/// Little-endian 64-bit limbs of a big-endian byte string (an exponent).
pub(crate) fn limbs_from_be(bytes: &[u8]) -> Zeroizing<Vec<u64>> {
    let mut out = Zeroizing::new(vec![0u64; bytes.len().div_ceil(8)]);
    for (i, &b) in bytes.iter().rev().enumerate() {
        out[i / 8] |= u64::from(b) << (8 * (i % 8));
    }
    out
}

/// A plain element from big-endian bytes, reduced modulo `N`. Inputs longer
/// than `N` are reduced by Horner's rule with modular doubling: slow, but
/// only malformed input is that long.
pub(crate) fn element_from_be(bytes: &[u8]) -> Zeroizing<Limbs> {
    let first = bytes.iter().position(|&b| b != 0).unwrap_or(bytes.len());
    let bytes = &bytes[first..];
    let mut out = Zeroizing::new([0u64; LIMBS]);
    if bytes.len() <= 384 {
        for (i, &b) in bytes.iter().rev().enumerate() {
            let bit = 8 * i;
            let (limb, off) = (bit / BITS as usize, bit % BITS as usize);
            out[limb] |= (u64::from(b) << off) & MASK;
            if off > BITS as usize - 8 {
                out[limb + 1] |= u64::from(b) >> (BITS as usize - off);
            }
        }
        // Below 2^3072 < 2N: one subtraction at most.
        *out = reduce_once_const(&out);
        return out;
    }
    for &b in bytes {
        for _ in 0..8 {
            let doubled = add_mod(&out, &out);
            *out = *doubled;
        }
        let mut small = [0u64; LIMBS];
        small[0] = u64::from(b);
        let sum = add_mod(&out, &small);
        *out = *sum;
    }
    out
}

/// Big-endian bytes of a plain element below `2^3072`, without leading zero
/// bytes (`[0]` for zero).
pub(crate) fn to_be_bytes(x: &Limbs) -> Zeroizing<Vec<u8>> {
    let mut out = Zeroizing::new(vec![0u8; 384]);
    for (i, o) in out.iter_mut().rev().enumerate() {
        let bit = 8 * i;
        let (limb, off) = (bit / BITS as usize, bit % BITS as usize);
        let mut v = x[limb] >> off;
        if off > BITS as usize - 8 && limb + 1 < LIMBS {
            v |= x[limb + 1] << (BITS as usize - off);
        }
        *o = v as u8;
    }
    let first = out.iter().position(|&b| b != 0).unwrap_or(out.len() - 1);
    out.drain(..first);
    out
}

/// `bytes(padHex(x))` of a plain element: minimal big-endian bytes with a
/// `00` in front when the top bit is set.
pub(crate) fn pad_bytes(x: &Limbs) -> Zeroizing<Vec<u8>> {
    let mut out = to_be_bytes(x);
    if out.first().is_some_and(|b| b & 0x80 != 0) {
        out.insert(0, 0);
    }
    out
}

/// `a + b·c` for little-endian 64-bit limb strings (an SRP exponent `a + u·x`).
pub(crate) fn add_mul(a: &[u64], b: &[u64], c: &[u64]) -> Zeroizing<Vec<u64>> {
    let len = a.len().max(b.len() + c.len()) + 1;
    let mut out = Zeroizing::new(vec![0u64; len]);
    out[..a.len()].copy_from_slice(a);
    for (i, &bi) in b.iter().enumerate() {
        let mut carry = 0u64;
        for (j, &cj) in c.iter().enumerate() {
            let t = prod(bi, cj) + u128::from(out[i + j]) + u128::from(carry);
            out[i + j] = t as u64;
            carry = (t >> 64) as u64;
        }
        let mut k = i + c.len();
        while carry != 0 && k < len {
            let (v, o) = out[k].overflowing_add(carry);
            out[k] = v;
            carry = u64::from(o);
            k += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use num_bigint::BigUint;
    use proptest::prelude::*;

    fn big(x: &Limbs) -> BigUint {
        BigUint::from_bytes_be(&to_be_bytes(x))
    }

    fn elem(x: &BigUint) -> Limbs {
        *element_from_be(&x.to_bytes_be())
    }

    fn n_big() -> BigUint {
        crate::group::n().clone()
    }

    fn r_big() -> BigUint {
        BigUint::from(1u32) << 3120u32
    }

    /// Bases and exponents at the edges, through both exponentiations.
    #[test]
    fn pow_edge_cases_agree() {
        let n = n_big();
        let bases = [
            BigUint::from(0u32),
            BigUint::from(1u32),
            BigUint::from(2u32),
            &n - 1u32,
            &n - 2u32,
            (BigUint::from(1u32) << 3071u32) - 1u32,
        ];
        let exps = [
            BigUint::from(0u32),
            BigUint::from(1u32),
            BigUint::from(2u32),
            BigUint::from(u64::MAX),
            (BigUint::from(1u32) << 512u32) - 1u32,
            (BigUint::from(1u32) << 1024u32) - 1u32,
            &n - 2u32,
        ];
        let mut w = Work::new();
        for base in &bases {
            let bm = w.mont_form(&elem(base));
            for e in &exps {
                let want = base.modpow(e, &n);
                let r = w.pow(&bm, &e.to_u64_digits());
                assert_eq!(big(&w.plain(&r)), want);
                let r = w.pow_portable(&bm, &e.to_u64_digits());
                assert_eq!(big(&w.plain(&r)), want);
            }
        }
        #[cfg(target_arch = "x86_64")]
        eprintln!("IFMA exponentiation in use: {}", ifma::available());
    }

    #[test]
    fn constants_agree_with_num_bigint() {
        assert_eq!(big(&N), n_big());
        assert_eq!(big(&ONE), r_big() % n_big());
        assert_eq!(big(&R2), (r_big() * r_big()) % n_big());
        assert_eq!(big(&G_MONT), (BigUint::from(2u32) * r_big()) % n_big());
        // n0' = 1 needs N ≡ −1 (mod 2^60); lazy reduction needs R > 4N.
        assert_eq!(N[0], MASK);
        assert!(r_big() > n_big() * 4u32);
        assert!(N.iter().all(|&l| l <= MASK));
    }

    #[test]
    fn edge_values_round_trip_through_montgomery_form() {
        let mut w = Work::new();
        let n_minus_1 = n_big() - 1u32;
        for x in [BigUint::from(0u32), BigUint::from(1u32), n_minus_1.clone()] {
            let m = w.mont_form(&elem(&x));
            assert_eq!(big(&w.plain(&m)), x);
        }
        // (N−1)² ≡ 1.
        let mut m = w.mont_form(&elem(&n_minus_1));
        w.sqr(&mut m);
        assert_eq!(big(&w.plain(&m)), BigUint::from(1u32));
        // N and 2N reduce to zero on the way in, and so does anything ≡ 0.
        assert_eq!(
            big(&element_from_be(&n_big().to_bytes_be())),
            BigUint::from(0u32)
        );
        let two_n = n_big() * 2u32;
        assert_eq!(
            big(&element_from_be(&two_n.to_bytes_be())),
            BigUint::from(0u32)
        );
        let huge = (n_big() << 100u32) + 5u32;
        assert_eq!(
            big(&element_from_be(&huge.to_bytes_be())),
            BigUint::from(5u32)
        );
        let top = (BigUint::from(1u32) << 3072u32) - 1u32;
        assert_eq!(big(&element_from_be(&top.to_bytes_be())), &top % n_big());
    }

    #[test]
    fn mul_pow2_matches_num_bigint_at_the_edges() {
        let two_n_minus_1 = n_big() * 2u32 - 1u32;
        assert_eq!(big(&C) + n_big(), BigUint::from(1u32) << 3072u32);
        for x in [
            BigUint::from(0u32),
            BigUint::from(1u32),
            n_big() - 1u32,
            two_n_minus_1,
        ] {
            for v in [0u32, 1, 12, 31] {
                let mut r = element_from_be_unreduced(&x);
                mul_pow2(&mut r, v);
                assert!(big(&r) < n_big() * 2u32);
                let want = (&x << v) % n_big();
                assert_eq!(big(&reduce_once_const(&r)), want, "x·2^{v}");
            }
        }
    }

    #[test]
    fn comb_covers_every_tooth_and_the_boundaries() {
        let mut w = Work::new();
        let two = BigUint::from(2u32);
        let mut cases = vec![
            BigUint::from(0u32),
            BigUint::from(1u32),
            (BigUint::from(1u32) << 256u32) - 1u32,
            (BigUint::from(1u32) << 256u32),
            (BigUint::from(1u32) << 258u32) - 1u32,
            (BigUint::from(1u32) << 258u32),
            (BigUint::from(1u32) << 300u32) + 12345u32,
        ];
        for t in 0..259u32 {
            cases.push(BigUint::from(1u32) << t);
        }
        for e in cases {
            let got = w.pow_g(&e.to_u64_digits());
            assert_eq!(big(&w.plain(&got)), two.modpow(&e, &n_big()), "2^{e:x}");
        }
    }

    /// Values up to 2N − 1 (the lazily reduced range) in Montgomery form.
    fn arb_elem() -> impl Strategy<Value = BigUint> {
        prop_oneof![
            prop::collection::vec(any::<u8>(), 1..=384)
                .prop_map(|b| BigUint::from_bytes_be(&b) % n_big()),
            (0u32..1000).prop_map(|d| n_big() - 1u32 - d),
            (0u32..1000).prop_map(BigUint::from),
        ]
    }

    fn arb_exp() -> impl Strategy<Value = BigUint> {
        prop::collection::vec(any::<u8>(), 0..=140).prop_map(|b| BigUint::from_bytes_be(&b))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn mul_and_sqr_match_num_bigint(a in arb_elem(), b in arb_elem(), lazy in any::<bool>()) {
            let mut w = Work::new();
            let mut am = w.mont_form(&elem(&a));
            let mut bm = w.mont_form(&elem(&b));
            if lazy {
                // Non-canonical representatives in [N, 2N) must work too.
                am = w.mont_form(&element_from_be_unreduced(&(&a + n_big())));
                bm = w.mont_form(&element_from_be_unreduced(&(&b + n_big())));
            }
            let mut sq = am.clone();
            w.sqr(&mut sq);
            w.mul(&mut am, &bm);
            for x in [&*am, &*sq] {
                prop_assert!(big(x) < n_big() * 2u32, "lazy range kept");
            }
            prop_assert_eq!(big(&w.plain(&am)), (&a * &b) % n_big());
            prop_assert_eq!(big(&w.plain(&sq)), (&a * &a) % n_big());
            prop_assert_eq!(big(&add_mod(&elem(&a), &elem(&b))), (&a + &b) % n_big());
            prop_assert_eq!(big(&sub_mod(&elem(&a), &elem(&b))), (&a + n_big() - &b) % n_big());
        }

        #[test]
        fn pow_matches_num_bigint(base in arb_elem(), e in arb_exp()) {
            let mut w = Work::new();
            let bm = w.mont_form(&elem(&base));
            let r = w.pow(&bm, &e.to_u64_digits());
            prop_assert_eq!(big(&w.plain(&r)), base.modpow(&e, &n_big()));
            let g = w.pow_g(&e.to_u64_digits());
            prop_assert_eq!(big(&w.plain(&g)), BigUint::from(2u32).modpow(&e, &n_big()));
            // The portable long-exponent path, whichever path `pow_g` took.
            let g = w.pow_two(&e.to_u64_digits());
            prop_assert_eq!(big(&w.plain(&g)), BigUint::from(2u32).modpow(&e, &n_big()));
        }

        /// The IFMA exponentiation (where the CPU has it) and the portable one
        /// agree, from canonical and from lazy `[N, 2N)` bases, and stay in range.
        #[test]
        fn ifma_pow_matches_the_portable_pow(base in arb_elem(), e in arb_exp(), lazy in any::<bool>()) {
            let mut w = Work::new();
            let bm = if lazy {
                w.mont_form(&element_from_be_unreduced(&(&base + n_big())))
            } else {
                w.mont_form(&elem(&base))
            };
            let portable = w.pow_portable(&bm, &e.to_u64_digits());
            #[cfg(target_arch = "x86_64")]
            if let Some(fast) = ifma::pow(&bm, &e.to_u64_digits()) {
                prop_assert!(big(&fast) < n_big() * 2u32, "lazy range kept");
                prop_assert_eq!(big(&w.plain(&fast)), big(&w.plain(&portable)));
            }
            prop_assert_eq!(big(&w.plain(&portable)), base.modpow(&e, &n_big()));

            // The same through a comb for this base (exponents up to COMB_BITS).
            let short = &e % (BigUint::from(1u32) << COMB_BITS);
            let comb = Comb::new(&bm);
            let via_comb = w.pow_comb(&comb, &short.to_u64_digits()).unwrap();
            let portable = w.pow_comb_portable(&comb, &short.to_u64_digits()).unwrap();
            prop_assert!(big(&via_comb) < n_big() * 2u32, "lazy range kept");
            prop_assert_eq!(big(&w.plain(&via_comb)), base.modpow(&short, &n_big()));
            prop_assert_eq!(big(&w.plain(&portable)), base.modpow(&short, &n_big()));
        }

        #[test]
        fn add_mul_matches_num_bigint(
            a in prop::collection::vec(any::<u64>(), 0..20),
            b in prop::collection::vec(any::<u64>(), 0..6),
            c in prop::collection::vec(any::<u64>(), 0..6),
        ) {
            let to_big = |v: &[u64]| {
                let bytes: Vec<u8> = v.iter().rev().flat_map(|l| l.to_be_bytes()).collect();
                BigUint::from_bytes_be(&bytes)
            };
            let got = add_mul(&a, &b, &c);
            prop_assert_eq!(to_big(&got), to_big(&a) + to_big(&b) * to_big(&c));
        }
    }

    /// Limbs of a value below 2^3120 without reducing it.
    fn element_from_be_unreduced(x: &BigUint) -> Zeroizing<Limbs> {
        let mut out = Zeroizing::new([0u64; LIMBS]);
        let digits = x.to_u64_digits();
        for i in 0..(LIMBS * BITS as usize) {
            if bit(&digits, i) {
                out[i / BITS as usize] |= 1 << (i % BITS as usize);
            }
        }
        out
    }
}
