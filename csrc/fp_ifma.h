/* fp_ifma.h -- eight Fp elements at a time with AVX-512 IFMA, for the variable-time MSM's batched affine
 * additions and G1 bucket reduction (msm_group_var_impl.h). x86-64 only; chosen at load time by CPUID next to the
 * mulx path (fp_impl.h), with the scalar code as the fallback and the reference (zk_fp_force_portable turns both
 * off).
 *
 * Representation. An fpv holds 8 lanes; l[i] holds limb i of every lane, 52 bits each once normalized
 * (0 <= l[i] < 2^52), so a lane's value is V = sum_i l[i] 2^(52 i) < 2^416. Montgomery form with R' = 2^416:
 * V = x * 2^416 (mod p), kept only partly reduced; every function states its bounds. An element in the scalar
 * Montgomery form (a = x * 2^384 mod p, a < p) enters as V = a * 2^32 (a shift, no arithmetic: V < 2^32 p) and
 * leaves through a Montgomery multiplication by 2^384 mod p (congruent to x * 2^384, below 2p) and one
 * conditional subtraction of p. log2(p) = 380.70: the 35 spare bits above p let sums and differences stay
 * unreduced. fpv_mul returns less than a b / 2^416 + p; msm_group_var_impl.h bounds every value it forms from that.
 *
 * VARIABLE TIME for the loads and stores whose addresses come from the data (they end in _var). The lane
 * arithmetic is branch-free (its names carry no _var: its timing does not depend on the values): fpv_mul,
 * fpv_add, fpv_sub, fpv_carry, fpv_reduce, fpv_from_words, fpv_to_words and fpv_set_const also serve two
 * CONSTANT-TIME kernels, straus_lanes_ct in msm_lanes_impl.h (zk_g1_msm_ct: secret points and scalars; the
 * holder's witness update: secret scalars and witness) and the final exponentiation's squarings in
 * tower_lanes_impl.h (pairing checks over secret points), so they must stay free of branches, data-dependent
 * addresses and variable-latency instructions (IFMA, add, shift, compare, blend, fixed permutations only). The
 * valgrind harness cannot check them (valgrind has no AVX-512): those kernels are held to the rule by
 * construction and their results are tested against the portable path. */
#ifndef ZK_FP_IFMA_H
#define ZK_FP_IFMA_H

#if defined(ZK_IFMA_ALLOWED)
#define ZK_HAVE_IFMA 1
#include <cpuid.h>
#include <immintrin.h>

#define ZK_IFMA_TARGET __attribute__((target("avx512f,avx512ifma")))
#define ZK_IFMA_INLINE static inline __attribute__((target("avx512f,avx512ifma"), always_inline))

typedef struct { __m512i l[8]; } fpv;

#define FPV_MASK ((1ULL << 52) - 1)

/* Constants, filled at load time from consts.h: in 52-bit limbs p, 2^32 p and 2^35 p (the offsets that keep
 * differences non-negative), 2^384 mod p (leaving the domain) and 2^32 (2^384 mod p) (one in the domain);
 * -p^-1 mod 2^52 (Montgomery), floor(2^416 / p) (fpv_reduce's quotient estimate). */
static uint64_t FPV_P[8], FPV_P32[8], FPV_P35[8], FPV_R384[8], FPV_ONE[8], FPV_N0, FPV_QINV;
static uint64_t FPV_PK[10][8]; /* k p for k = 0..9 (small offsets and the multiples that mean zero) */
static int fp_ifma_enabled; /* written only at load time and by zk_fp_force_portable (tests) */

/* out[i] = bits [52 i, 52 i + 52) of (w * 2^shift), w a 6-word integer; out has 8 limbs.
 * On input: shift <= 35 and w * 2^shift < 2^416. Variable time. */
static void fpv_limbs_of(uint64_t out[8], const uint64_t w[6], unsigned shift) {
    for (unsigned i = 0; i < 8; i++) {
        uint64_t v = 0;
        for (unsigned b = 0; b < 52; b++) {
            int src = (int)(52 * i + b) - (int)shift;
            if (src >= 0 && src < 384 && ((w[src >> 6] >> (src & 63)) & 1)) v |= 1ULL << b;
        }
        out[i] = v;
    }
}

/* Fills the FPV_* constants. Variable time (constants only). */
static void fpv_init_consts(void) {
    fpv_limbs_of(FPV_P, FP_P, 0);
    fpv_limbs_of(FPV_P32, FP_P, 32);
    fpv_limbs_of(FPV_P35, FP_P, 35);
    fpv_limbs_of(FPV_R384, FP_ONE, 0);
    fpv_limbs_of(FPV_ONE, FP_ONE, 32);
    FPV_N0 = FP_N0 & FPV_MASK;
    for (int k = 0; k <= 9; k++) { /* k p < 2^384: six words */
        uint64_t w[6];
        u128 c = 0;
        for (int i = 0; i < 6; i++) {
            c += (u128)FP_P[i] * (uint64_t)k;
            w[i] = (uint64_t)c;
            c >>= 64;
        }
        fpv_limbs_of(FPV_PK[k], w, 0);
    }
    /* floor(2^416 / p) (about 2^35.3), bit by bit: keep a bit when (q + bit) p < 2^416, i.e. when the
     * product's part above 2^384 is below 2^32 (p is odd, so the product never equals 2^416) */
    uint64_t q = 0;
    for (int b = 35; b >= 0; b--) {
        uint64_t cand = q | (1ULL << b);
        u128 c = 0;
        for (int i = 0; i < 6; i++) c = (c + (u128)cand * FP_P[i]) >> 64;
        if ((uint64_t)c < (1ULL << 32)) q = cand;
    }
    FPV_QINV = q;
}

/* CPUID: AVX-512F and AVX-512 IFMA, and the OS saves the ZMM state (XCR0 bits 1, 2, 5, 6, 7). */
static int fpv_cpu_has_ifma(void) {
    unsigned a, b, c, d;
    if (!__get_cpuid_count(1, 0, &a, &b, &c, &d) || !((c >> 27) & 1)) return 0; /* OSXSAVE */
    uint32_t lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    if ((lo & 0xE6) != 0xE6) return 0;
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return 0;
    return ((b >> 16) & 1) && ((b >> 21) & 1);
}

/* Load time (and zk_fp_force_portable(0)): fills the constants and turns the lanes on where the CPU has them. */
__attribute__((constructor)) static void fpv_detect_cpu(void) {
    fpv_init_consts();
    fp_ifma_enabled = fpv_cpu_has_ifma();
}

/* Every lane of r = the 8-limb constant c. */
ZK_IFMA_INLINE void fpv_set_const(fpv *r, const uint64_t c[8]) {
    for (int i = 0; i < 8; i++) r->l[i] = _mm512_set1_epi64((long long)c[i]);
}

/* Propagates carries so that every limb is below 2^52; signed carries (limbs may be negative after a
 * subtraction). On input: the lane values are in [0, 2^416) and every limb fits a signed 64-bit word with room
 * for the incoming carry. On output: normalized limbs, same values. */
ZK_IFMA_INLINE void fpv_carry(fpv *r) {
    const __m512i m = _mm512_set1_epi64((long long)FPV_MASK);
#pragma GCC unroll 8
    for (int i = 0; i < 7; i++) {
        __m512i c = _mm512_srai_epi64(r->l[i], 52);
        r->l[i] = _mm512_and_si512(r->l[i], m);
        r->l[i + 1] = _mm512_add_epi64(r->l[i + 1], c);
    }
}

/* r = a + b. On input: normalized, a + b < 2^416. On output: normalized. */
ZK_IFMA_INLINE void fpv_add(fpv *r, const fpv *a, const fpv *b) {
#pragma GCC unroll 8
    for (int i = 0; i < 8; i++) r->l[i] = _mm512_add_epi64(a->l[i], b->l[i]);
    fpv_carry(r);
}

/* r = a - b + k (k a multiple of p given in normalized limbs, k >= b lane-wise so that the result is
 * non-negative). On input: a, b, k normalized; a + k < 2^416. On output: normalized, r = a - b (mod p). */
ZK_IFMA_INLINE void fpv_sub(fpv *r, const fpv *a, const fpv *b, const fpv *k) {
#pragma GCC unroll 8
    for (int i = 0; i < 8; i++) r->l[i] = _mm512_add_epi64(_mm512_sub_epi64(a->l[i], b->l[i]), k->l[i]);
    fpv_carry(r);
}

/* r = a - q p for the quotient estimate q = floor(top limb * floor(2^416 / p) / 2^52), which is at most
 * floor(a / p) and at least floor(a / p) - 3. On input: a normalized (< 2^416). On output: normalized,
 * r = a (mod p), r < 4p < 2^383. */
ZK_IFMA_INLINE void fpv_reduce(fpv *r, const fpv *a) {
    const __m512i zero = _mm512_setzero_si512();
    __m512i q = _mm512_madd52hi_epu64(zero, a->l[7], _mm512_set1_epi64((long long)FPV_QINV));
    __m512i prev_hi = zero;
#pragma GCC unroll 8
    for (int j = 0; j < 8; j++) {
        __m512i pj = _mm512_set1_epi64((long long)FPV_P[j]);
        __m512i lo = _mm512_madd52lo_epu64(zero, q, pj);
        r->l[j] = _mm512_sub_epi64(_mm512_sub_epi64(a->l[j], lo), prev_hi);
        prev_hi = _mm512_madd52hi_epu64(zero, q, pj);
    }
    fpv_carry(r);
}

/* Mask of the lanes where the normalized a is 0 mod p, for a < kmax p (kmax <= 10): a equals one of 0, p, ...,
 * (kmax - 1) p limb for limb. */
ZK_IFMA_INLINE __mmask8 fpv_zero_mod_p(const fpv *a, int kmax) {
    __mmask8 any = 0;
    for (int k = 0; k < kmax; k++) {
        __mmask8 eq = 0xff;
        for (int i = 0; i < 8; i++)
            eq &= _mm512_cmpeq_epi64_mask(a->l[i], _mm512_set1_epi64((long long)FPV_PK[k][i]));
        any |= eq;
    }
    return any;
}

/* r = a * b / 2^416 (mod p), Montgomery multiplication by eight 52-bit rounds (operand scanning, one reduction
 * digit per round). On input: a, b normalized, a b / 2^416 + p < 2^416 (e.g. both below 2^415.9).
 * On output: normalized, r < a b / 2^416 + p. */
ZK_IFMA_INLINE void fpv_mul(fpv *r, const fpv *a, const fpv *b) {
    const __m512i zero = _mm512_setzero_si512();
    const __m512i n0 = _mm512_set1_epi64((long long)FPV_N0);
    __m512i t[9];
#pragma GCC unroll 9
    for (int j = 0; j < 9; j++) t[j] = zero;
#pragma GCC unroll 8
    for (int i = 0; i < 8; i++) {
        __m512i bi = b->l[i];
#pragma GCC unroll 8
        for (int j = 0; j < 8; j++) t[j] = _mm512_madd52lo_epu64(t[j], a->l[j], bi);
#pragma GCC unroll 8
        for (int j = 0; j < 8; j++) t[j + 1] = _mm512_madd52hi_epu64(t[j + 1], a->l[j], bi);
        /* m = t[0] * (-p^-1) mod 2^52: t + m p is divisible by 2^52 */
        __m512i m = _mm512_madd52lo_epu64(zero, t[0], n0);
#pragma GCC unroll 8
        for (int j = 0; j < 8; j++) {
            __m512i pj = _mm512_set1_epi64((long long)FPV_P[j]);
            t[j] = _mm512_madd52lo_epu64(t[j], m, pj);
        }
#pragma GCC unroll 8
        for (int j = 0; j < 8; j++) {
            __m512i pj = _mm512_set1_epi64((long long)FPV_P[j]);
            t[j + 1] = _mm512_madd52hi_epu64(t[j + 1], m, pj);
        }
        /* divide by 2^52: t[0] is now a multiple of 2^52, its high bits carry into t[1] */
        __m512i carry = _mm512_srli_epi64(t[0], 52);
#pragma GCC unroll 8
        for (int j = 0; j < 8; j++) t[j] = t[j + 1];
        t[8] = zero;
        t[0] = _mm512_add_epi64(t[0], carry);
    }
#pragma GCC unroll 8
    for (int j = 0; j < 8; j++) r->l[j] = t[j];
    fpv_carry(r);
}

/* r = 12 a (mod p), by shifts and one fpv_reduce instead of a multiplication by the constant 3b = 12 (the curve
 * formulas' only constant). On input: a normalized, a < 2^412. On output: normalized, r < 4p. */
ZK_IFMA_INLINE void fpv_mul12(fpv *r, const fpv *a) {
    fpv t;
#pragma GCC unroll 8
    for (int i = 0; i < 8; i++) /* every limb below 2^56: no overflow before the carry */
        t.l[i] = _mm512_add_epi64(_mm512_slli_epi64(a->l[i], 3), _mm512_slli_epi64(a->l[i], 2));
    fpv_carry(&t); /* 12 a < 2^416 */
    fpv_reduce(r, &t);
}

/* Eight Fp2 elements: c0 + c1 u with u^2 = -1. */
typedef struct { fpv c0, c1; } fpv2;

/* A double-width lane value: 16 columns of signed 64-bit accumulators, value sum_i w[i] 2^(52 i). */
typedef struct { __m512i w[16]; } fpvw;

/* r = a * b as a plain product (no reduction): column i + j gets lo(a_i b_j), column i + j + 1 gets hi(a_i b_j).
 * On input: a, b normalized. On output: columns below 2^56 (at most 16 terms below 2^52 each). */
ZK_IFMA_INLINE void fpv_mul_wide(fpvw *r, const fpv *a, const fpv *b) {
    const __m512i zero = _mm512_setzero_si512();
#pragma GCC unroll 16
    for (int i = 0; i < 16; i++) r->w[i] = zero;
#pragma GCC unroll 8
    for (int i = 0; i < 8; i++) {
#pragma GCC unroll 8
        for (int j = 0; j < 8; j++) r->w[i + j] = _mm512_madd52lo_epu64(r->w[i + j], a->l[i], b->l[j]);
#pragma GCC unroll 8
        for (int j = 0; j < 8; j++) r->w[i + j + 1] = _mm512_madd52hi_epu64(r->w[i + j + 1], a->l[i], b->l[j]);
    }
}

/* r = t / 2^416 (mod p), Montgomery reduction of a double-width value. On input: t >= 0 with signed columns
 * (|column| < 2^62) and t / 2^416 + p < 2^416. On output: normalized, r < t / 2^416 + p. */
ZK_IFMA_INLINE void fpv_redc(fpv *r, fpvw *t) {
    const __m512i zero = _mm512_setzero_si512();
    const __m512i n0 = _mm512_set1_epi64((long long)FPV_N0);
    const __m512i m52 = _mm512_set1_epi64((long long)FPV_MASK);
    /* normalize: every column but the top in [0, 2^52) (signed carries) */
#pragma GCC unroll 15
    for (int i = 0; i < 15; i++) {
        __m512i c = _mm512_srai_epi64(t->w[i], 52);
        t->w[i] = _mm512_and_si512(t->w[i], m52);
        t->w[i + 1] = _mm512_add_epi64(t->w[i + 1], c);
    }
#pragma GCC unroll 8
    for (int i = 0; i < 8; i++) {
        __m512i m = _mm512_madd52lo_epu64(zero, t->w[i], n0); /* t + m p 2^(52 i) is 0 in column i */
#pragma GCC unroll 8
        for (int j = 0; j < 8; j++)
            t->w[i + j] = _mm512_madd52lo_epu64(t->w[i + j], m, _mm512_set1_epi64((long long)FPV_P[j]));
#pragma GCC unroll 8
        for (int j = 0; j < 8; j++)
            t->w[i + j + 1] = _mm512_madd52hi_epu64(t->w[i + j + 1], m, _mm512_set1_epi64((long long)FPV_P[j]));
        t->w[i + 1] = _mm512_add_epi64(t->w[i + 1], _mm512_srli_epi64(t->w[i], 52));
    }
#pragma GCC unroll 8
    for (int i = 0; i < 8; i++) r->l[i] = t->w[i + 8];
    fpv_carry(r);
}

/* r += a * b as a plain product (fpv_mul_wide without the zeroing). On input: a, b normalized, r's columns below
 * 2^62 - 2^56. On output: each column grown by less than 2^56. */
ZK_IFMA_INLINE void fpv_mul_wide_acc(fpvw *r, const fpv *a, const fpv *b) {
#pragma GCC unroll 8
    for (int i = 0; i < 8; i++) {
#pragma GCC unroll 8
        for (int j = 0; j < 8; j++) r->w[i + j] = _mm512_madd52lo_epu64(r->w[i + j], a->l[i], b->l[j]);
#pragma GCC unroll 8
        for (int j = 0; j < 8; j++) r->w[i + j + 1] = _mm512_madd52hi_epu64(r->w[i + j + 1], a->l[i], b->l[j]);
    }
}

/* r = a^2 / 2^416 (mod p): the plain square with each cross product a_i a_j (i < j) formed once and the columns
 * doubled (72 IFMA products instead of 128), then one Montgomery reduction. Same bounds as fpv_mul(r, a, a):
 * on input a normalized with a^2 / 2^416 + p < 2^416; on output normalized, r < a^2 / 2^416 + p. */
ZK_IFMA_INLINE void fpv_sqr(fpv *r, const fpv *a) {
    const __m512i zero = _mm512_setzero_si512();
    fpvw w;
#pragma GCC unroll 16
    for (int i = 0; i < 16; i++) w.w[i] = zero;
#pragma GCC unroll 8
    for (int i = 0; i < 8; i++) {
#pragma GCC unroll 8
        for (int j = i + 1; j < 8; j++) {
            w.w[i + j] = _mm512_madd52lo_epu64(w.w[i + j], a->l[i], a->l[j]);
            w.w[i + j + 1] = _mm512_madd52hi_epu64(w.w[i + j + 1], a->l[i], a->l[j]);
        }
    }
#pragma GCC unroll 16
    for (int i = 0; i < 16; i++) w.w[i] = _mm512_add_epi64(w.w[i], w.w[i]); /* columns below 2^56 */
#pragma GCC unroll 8
    for (int i = 0; i < 8; i++) {
        w.w[2 * i] = _mm512_madd52lo_epu64(w.w[2 * i], a->l[i], a->l[i]);
        w.w[2 * i + 1] = _mm512_madd52hi_epu64(w.w[2 * i + 1], a->l[i], a->l[i]);
    }
    fpv_redc(r, &w);
}

/* r = (a b + c d) / 2^416 (mod p) with ONE Montgomery reduction (lazy reduction of a sum of products).
 * On input: a, b, c, d normalized, each below 2^397 (every caller's are below 16p < 2^385). On output: normalized,
 * r < (a b + c d) / 2^416 + p < 2p. */
ZK_IFMA_INLINE void fpv_mul_sum2(fpv *r, const fpv *a, const fpv *b, const fpv *c, const fpv *d) {
    fpvw w;
    fpv_mul_wide(&w, a, b);
    fpv_mul_wide_acc(&w, c, d);
    fpv_redc(r, &w);
}

/* r = (a b - c d) / 2^416 (mod p) with ONE Montgomery reduction: p 2^416 (p in columns 8..15) is added so that
 * the double-width value stays non-negative. On input: a, b, c, d normalized, each below 2^397 (so c d < 2^794 <
 * p 2^416). On output: normalized, r < a b / 2^416 + 2p < 3p. */
ZK_IFMA_INLINE void fpv_mul_diff2(fpv *r, const fpv *a, const fpv *b, const fpv *c, const fpv *d) {
    fpvw w, v;
    fpv_mul_wide(&w, a, b);
    fpv_mul_wide(&v, c, d);
#pragma GCC unroll 16
    for (int i = 0; i < 16; i++) w.w[i] = _mm512_sub_epi64(w.w[i], v.w[i]); /* signed columns, |.| < 2^56 */
#pragma GCC unroll 8
    for (int i = 0; i < 8; i++) w.w[i + 8] = _mm512_add_epi64(w.w[i + 8], _mm512_set1_epi64((long long)FPV_P[i]));
    fpv_redc(r, &w);
}

/* r = a * b in Fp2 (Karatsuba: three plain products, two Montgomery reductions).
 * On input: every component of a and b below 2^414.1. On output: normalized, c0 < 2^413.7 + p and
 * c1 < 2^413.2 + p, both below 2^414.1 again.
 * c1 = (a0 + a1)(b0 + b1) - a0 b0 - a1 b1 = a0 b1 + a1 b0 >= 0; c0 = a0 b0 - a1 b1 + 2^448 p >= 0, since
 * a1 b1 < 2^828.2 < 2^448 p (2^828.7). */
ZK_IFMA_INLINE void fpv2_mul(fpv2 *r, const fpv2 *a, const fpv2 *b) {
    fpvw w0, w1, ws;
    fpv sa, sb, k1;
    fpv_set_const(&k1, FPV_P32); /* 2^448 p = (2^32 p) in columns 8..15 */
    fpv_mul_wide(&w0, &a->c0, &b->c0);
    fpv_mul_wide(&w1, &a->c1, &b->c1);
    for (int i = 0; i < 8; i++) {
        sa.l[i] = _mm512_add_epi64(a->c0.l[i], a->c1.l[i]); /* < 2^415.1 */
        sb.l[i] = _mm512_add_epi64(b->c0.l[i], b->c1.l[i]);
    }
    fpv_carry(&sa);
    fpv_carry(&sb);
    fpv_mul_wide(&ws, &sa, &sb);
    for (int i = 0; i < 16; i++) {
        __m512i s01 = _mm512_add_epi64(w0.w[i], w1.w[i]);
        ws.w[i] = _mm512_sub_epi64(ws.w[i], s01);
        w0.w[i] = _mm512_sub_epi64(w0.w[i], w1.w[i]);
    }
    for (int i = 0; i < 8; i++) w0.w[i + 8] = _mm512_add_epi64(w0.w[i + 8], k1.l[i]);
    fpv_redc(&r->c0, &w0);
    fpv_redc(&r->c1, &ws);
}

/* r = a - b + (k, k) componentwise (fpv_sub on both components). */
ZK_IFMA_INLINE void fpv2_sub(fpv2 *r, const fpv2 *a, const fpv2 *b, const fpv *k) {
    fpv_sub(&r->c0, &a->c0, &b->c0, k);
    fpv_sub(&r->c1, &a->c1, &b->c1, k);
}

/* r = the Fp2 elements at byte addresses addr (c0 at +0, c1 at +48), entered into the domain. */
ZK_IFMA_INLINE void fpv2_gather_var(fpv2 *r, __m512i addr);

/* Lanes -> the scalar form: out = r reduced below p, as 64-bit words w[0..5] (word j of every lane in w[j]).
 * On input: r normalized (any value < 2^416). On output: w holds x * 2^384 mod p for r = x * 2^416. */
ZK_IFMA_INLINE void fpv_to_words(__m512i w[6], const fpv *r) {
    fpv c, t, d;
    fpv_set_const(&c, FPV_R384);
    fpv_mul(&t, r, &c); /* t < 2^416 p / 2^416 + p = 2p */
    for (int i = 0; i < 8; i++) d.l[i] = _mm512_sub_epi64(t.l[i], _mm512_set1_epi64((long long)FPV_P[i]));
    fpv_carry(&d); /* top limb negative iff t < p */
    __mmask8 keep = _mm512_cmplt_epi64_mask(d.l[7], _mm512_setzero_si512());
    for (int i = 0; i < 8; i++) t.l[i] = _mm512_mask_blend_epi64(keep, d.l[i], t.l[i]);
    w[0] = _mm512_or_si512(t.l[0], _mm512_slli_epi64(t.l[1], 52));
    w[1] = _mm512_or_si512(_mm512_srli_epi64(t.l[1], 12), _mm512_slli_epi64(t.l[2], 40));
    w[2] = _mm512_or_si512(_mm512_srli_epi64(t.l[2], 24), _mm512_slli_epi64(t.l[3], 28));
    w[3] = _mm512_or_si512(_mm512_srli_epi64(t.l[3], 36), _mm512_slli_epi64(t.l[4], 16));
    w[4] = _mm512_or_si512(_mm512_or_si512(_mm512_srli_epi64(t.l[4], 48), _mm512_slli_epi64(t.l[5], 4)),
                           _mm512_slli_epi64(t.l[6], 56));
    w[5] = _mm512_or_si512(_mm512_srli_epi64(t.l[6], 8), _mm512_slli_epi64(t.l[7], 44));
}

/* The scalar form -> lanes: r = a * 2^32 for a = w (six 64-bit words per lane, a < p). A pure re-split. */
ZK_IFMA_INLINE void fpv_from_words(fpv *r, const __m512i w[6]) {
    const __m512i m = _mm512_set1_epi64((long long)FPV_MASK);
    r->l[0] = _mm512_and_si512(_mm512_slli_epi64(w[0], 32), m);
    r->l[1] = _mm512_and_si512(_mm512_or_si512(_mm512_srli_epi64(w[0], 20), _mm512_slli_epi64(w[1], 44)), m);
    r->l[2] = _mm512_and_si512(_mm512_srli_epi64(w[1], 8), m);
    r->l[3] = _mm512_and_si512(_mm512_or_si512(_mm512_srli_epi64(w[1], 60), _mm512_slli_epi64(w[2], 4)), m);
    r->l[4] = _mm512_and_si512(_mm512_or_si512(_mm512_srli_epi64(w[2], 48), _mm512_slli_epi64(w[3], 16)), m);
    r->l[5] = _mm512_and_si512(_mm512_or_si512(_mm512_srli_epi64(w[3], 36), _mm512_slli_epi64(w[4], 28)), m);
    r->l[6] = _mm512_and_si512(_mm512_or_si512(_mm512_srli_epi64(w[4], 24), _mm512_slli_epi64(w[5], 40)), m);
    r->l[7] = _mm512_srli_epi64(w[5], 12);
}

/* r = the Fp elements at byte addresses addr (one per lane; six words each), entered into the domain.
 * On input: every address points to a readable, fully reduced fp. */
ZK_IFMA_INLINE void fpv_gather_var(fpv *r, __m512i addr) {
    __m512i w[6];
    for (int j = 0; j < 6; j++)
        w[j] = _mm512_i64gather_epi64(_mm512_add_epi64(addr, _mm512_set1_epi64(8 * j)), (const void *)0, 1);
    fpv_from_words(r, w);
}

/* (defined here, after fpv_gather_var; declared above) */
ZK_IFMA_INLINE void fpv2_gather_var(fpv2 *r, __m512i addr) {
    fpv_gather_var(&r->c0, addr);
    fpv_gather_var(&r->c1, _mm512_add_epi64(addr, _mm512_set1_epi64(48)));
}

/* Writes lane k of r (reduced, scalar form) to out[k] for the lanes set in mask. */
ZK_IFMA_INLINE void fpv_store_lanes_var(fp *const out[8], const fpv *r, unsigned mask) {
    __m512i w[6];
    uint64_t tmp[6][8] __attribute__((aligned(64)));
    fpv_to_words(w, r);
    for (int j = 0; j < 6; j++) _mm512_store_si512((void *)tmp[j], w[j]);
    for (int k = 0; k < 8; k++) {
        if (!((mask >> k) & 1)) continue;
        for (int j = 0; j < 6; j++) out[k]->l[j] = tmp[j][k];
    }
}

#endif /* ZK_IFMA_ALLOWED */
#endif
