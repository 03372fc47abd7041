/* tower_impl.h -- code for tower.h (Fp6, Fp12, sparse line multiplication, Frobenius, cyclotomic squaring). */
#ifndef ZK_TOWER_IMPL_H
#define ZK_TOWER_IMPL_H

#include "tower.h"
#include "tower_consts.h"

/* ---------------------------------------------------------------- lazy reduction
 * Double-precision Fp values (fpw: 12 limbs, plain integers, not reduced) let an Fp2 product reduce twice
 * instead of three times and an Fp4 square four times instead of six, and replace modular additions by plain
 * ones (Aranha-Karabina-Longa-Gebotys-Lopez, Eurocrypt 2011). Bounds (p < 2^381, 2^384 / p > 9.8): fp_redc(T)
 * needs T < p 2^384 > 9.8 p^2; a product of two values < 2p is < 4p^2; differences are kept nonnegative by
 * adding multiples of p^2 (P2X2, P2X4 in tower_consts.h). Each caller states its bounds.
 * On x86-64 the kernels are inline assembly (tools/gen_fp_wide_x86.py -> fp_wide_x86.h): the products and the
 * reduction use mulx/adcx/adox when the CPU has BMI2 + ADX (fp_mulx_enabled, chosen at load time), the 768-bit
 * additions use baseline add/adc chains (GCC materialises every carry of the _addcarry intrinsics through
 * setb here, which made them several times slower). Elsewhere, and with zk_fp_force_portable, portable C. */
#ifdef ZK_HAVE_MULX
#include "fp_wide_x86.h"
#endif

typedef struct { uint64_t l[12]; } fpw;

/* Hot tower functions are compiled with every Fp operation inlined into them (the single translation unit
 * otherwise exceeds GCC's inlining budget and leaves fp_add/fp_mul as calls). */
#ifdef ZK_HAVE_MULX
#define ZK_HOT static __attribute__((flatten))
#else
#define ZK_HOT static /* flattening the unrolled portable multiplication would overflow the instruction cache */
#endif

/* Portable kernels (out of line where the mulx path exists, so the inlined fast path stays short). */
#ifdef ZK_HAVE_MULX
#define ZK_COLD static __attribute__((noinline))
#else
#define ZK_COLD static inline
#endif

/* On input: a, b are 6-limb integers. On output: t[0..11] = a * b (operand scanning). Constant time. */
ZK_COLD void fp_mul_wide_portable(uint64_t t[12], const uint64_t a[6], const uint64_t b[6]) {
    uint64_t r[12] = {0};
    ZK_UNROLL
    for (int i = 0; i < 6; i++) {
        uint64_t c = 0;
        ZK_UNROLL
        for (int j = 0; j < 6; j++) {
            u128 v = (u128)a[j] * b[i] + r[i + j] + c;
            r[i + j] = (uint64_t)v;
            c = (uint64_t)(v >> 64);
        }
        r[i + 6] = c;
    }
    memcpy(t, r, sizeof r);
}

/* On input: t is a 6-limb integer.
 * On output: u = (t + q p) / 2^384 <= p with q = -t p^-1 mod 2^384 chosen limb by limb (u = t 2^-384 mod p).
 * Constant time. */
ZK_COLD void fp_redc_lo_portable(uint64_t u[6], const uint64_t t[6]) {
    uint64_t w[6];
    memcpy(w, t, sizeof w);
    ZK_UNROLL
    for (int i = 0; i < 6; i++) {
        uint64_t q = w[0] * FP_N0;
        u128 v = (u128)q * FP_P[0] + w[0];
        uint64_t k = (uint64_t)(v >> 64);
        ZK_UNROLL
        for (int j = 1; j < 6; j++) {
            v = (u128)q * FP_P[j] + w[j] + k;
            w[j - 1] = (uint64_t)v;
            k = (uint64_t)(v >> 64);
        }
        w[5] = k;
    }
    memcpy(u, w, sizeof w);
}

/* On input: a, b < 2^383 (6 limbs). On output: *t = a * b exactly. Constant time. */
static inline void fp_mul_wide(fpw *t, const uint64_t a[6], const uint64_t b[6]) {
#ifdef ZK_HAVE_MULX
    if (fp_mulx_enabled) {
        fp_mul_wide_mulx(t->l, a, b);
        return;
    }
#endif
    fp_mul_wide_portable(t->l, a, b);
}

/* On input: T < p 2^384.
 * On output: *r = T 2^-384 mod p, fully reduced: REDC(T) = redc_lo(T mod 2^384) + floor(T / 2^384), where the
 * first term is <= p and the second < p, then one conditional subtraction of p.
 * Constant time. */
static inline void fp_redc(fp *r, const fpw *t) {
#ifdef ZK_HAVE_MULX
    if (fp_mulx_enabled) {
        fp_redc_mulx(r->l, t->l);
        return;
    }
#endif
    uint64_t u[6], s[6], c = 0;
    fp_redc_lo_portable(u, t->l);
    ZK_UNROLL
    for (int i = 0; i < 6; i++) s[i] = addc(u[i], t->l[6 + i], c, &c);
    mont_reduce_once(r->l, s, FP_P, 6);
}

/* On input: a, b < p 2^384. On output: *r = a - b mod p 2^384 (p 2^384 added on borrow). Constant time. */
static inline void fpw_sub_mod(fpw *r, const fpw *a, const fpw *b) {
#ifdef ZK_HAVE_MULX
    fpw_sub_mod_x86(r->l, a->l, b->l);
#else
    uint64_t borrow = 0, carry = 0;
    ZK_UNROLL
    for (int i = 0; i < 12; i++) r->l[i] = subb(a->l[i], b->l[i], borrow, &borrow);
    uint64_t m = ct_mask(borrow);
    ZK_UNROLL
    for (int i = 0; i < 6; i++) r->l[6 + i] = addc(r->l[6 + i], FP_P[i] & m, carry, &carry);
#endif
}

/* On input: a >= b. On output: *r = a - b exactly. Constant time. */
static inline void fpw_sub_exact(fpw *r, const fpw *a, const fpw *b) {
#ifdef ZK_HAVE_MULX
    fpw_sub_x86(r->l, a->l, b->l);
#else
    uint64_t borrow = 0;
    ZK_UNROLL
    for (int i = 0; i < 12; i++) r->l[i] = subb(a->l[i], b->l[i], borrow, &borrow);
#endif
}

/* On input: a + b < 2^384. On output: r = a + b exactly (6 limbs, not reduced mod p). Constant time. */
static inline void fp_add_plain(uint64_t r[6], const fp *a, const fp *b) {
#ifdef ZK_HAVE_MULX
    fp_add_plain_x86(r, a->l, b->l);
#else
    uint64_t c = 0;
    ZK_UNROLL
    for (int i = 0; i < 6; i++) r[i] = addc(a->l[i], b->l[i], c, &c);
#endif
}

/* On input: a + b < 2^768. On output: *r = a + b exactly. Constant time. */
static inline void fpw_add(fpw *r, const fpw *a, const fpw *b) {
#ifdef ZK_HAVE_MULX
    fpw_add_x86(r->l, a->l, b->l);
#else
    uint64_t c = 0;
    ZK_UNROLL
    for (int i = 0; i < 12; i++) r->l[i] = addc(a->l[i], b->l[i], c, &c);
#endif
}

/* On input: k is one of the P2Xk constants (k p^2), a + k < 2^768. On output: *r = a + k exactly.
 * Constant time. */
static inline void fpw_add_const(fpw *r, const fpw *a, const uint64_t k[12]) {
#ifdef ZK_HAVE_MULX
    fpw_add_x86(r->l, a->l, k);
#else
    uint64_t c = 0;
    ZK_UNROLL
    for (int i = 0; i < 12; i++) r->l[i] = addc(a->l[i], k[i], c, &c);
#endif
}

/* On input: x reduced.
 * On output: (X0, X1) = x^2 in double precision: X0 = (x0 + x1)(x0 - x1 mod p) < 2p^2, X1 = 2 x0 x1 < 2p^2.
 * Constant time. */
static inline void fp2_sqr_wide(fpw *X0, fpw *X1, const fp2 *x) {
    uint64_t s[6];
    fp d;
    fp_add_plain(s, &x->c0, &x->c1);
    fp_sub(&d, &x->c0, &x->c1);
    fp_mul_wide(X0, s, d.l);
    fp_mul_wide(X1, x->c0.l, x->c1.l);
    fpw_add(X1, X1, X1);
}

/* On input: a, b reduced. On output: *r = a * b in Fp2, reduced, with two reductions: t0 = a0 b0,
 * t1 = a1 b1, s = (a0 + a1)(b0 + b1) < 4p^2; c0 = REDC(t0 - t1 mod p 2^384), c1 = REDC(s - t0 - t1)
 * (= a0 b1 + a1 b0 < 2p^2, exact). Constant time. */
static inline void fp2_mul_lz(fp2 *r, const fp2 *a, const fp2 *b) {
    fpw t0, t1, s;
    uint64_t sa[6], sb[6];
    fp_mul_wide(&t0, a->c0.l, b->c0.l);
    fp_mul_wide(&t1, a->c1.l, b->c1.l);
    fp_add_plain(sa, &a->c0, &a->c1);
    fp_add_plain(sb, &b->c0, &b->c1);
    fp_mul_wide(&s, sa, sb);
    fpw_sub_exact(&s, &s, &t0);
    fpw_sub_exact(&s, &s, &t1);
    fpw_sub_mod(&t0, &t0, &t1);
    fp_redc(&r->c0, &t0);
    fp_redc(&r->c1, &s);
}

/* ---------------------------------------------------------------- Fp6 */

static inline void fp6_zero(fp6 *r) { memset(r, 0, sizeof *r); }
static inline void fp6_one(fp6 *r) { fp2_one(&r->c0); fp2_zero(&r->c1); fp2_zero(&r->c2); }

static inline void fp6_add(fp6 *r, const fp6 *a, const fp6 *b) {
    fp2_add(&r->c0, &a->c0, &b->c0);
    fp2_add(&r->c1, &a->c1, &b->c1);
    fp2_add(&r->c2, &a->c2, &b->c2);
}

static inline void fp6_sub(fp6 *r, const fp6 *a, const fp6 *b) {
    fp2_sub(&r->c0, &a->c0, &b->c0);
    fp2_sub(&r->c1, &a->c1, &b->c1);
    fp2_sub(&r->c2, &a->c2, &b->c2);
}

static inline void fp6_neg(fp6 *r, const fp6 *a) {
    fp2_neg(&r->c0, &a->c0);
    fp2_neg(&r->c1, &a->c1);
    fp2_neg(&r->c2, &a->c2);
}

static inline void fp6_dbl(fp6 *r, const fp6 *a) {
    fp2_dbl(&r->c0, &a->c0);
    fp2_dbl(&r->c1, &a->c1);
    fp2_dbl(&r->c2, &a->c2);
}

static void fp6_mul(fp6 *r, const fp6 *a, const fp6 *b) {
    /* v0 = a0 b0, v1 = a1 b1, v2 = a2 b2;
     * c0 = v0 + xi ((a1 + a2)(b1 + b2) - v1 - v2)
     * c1 = (a0 + a1)(b0 + b1) - v0 - v1 + xi v2
     * c2 = (a0 + a2)(b0 + b2) - v0 - v2 + v1 */
    fp2 v0, v1, v2, s, t, c0, c1, c2;
    fp2_mul_lz(&v0, &a->c0, &b->c0);
    fp2_mul_lz(&v1, &a->c1, &b->c1);
    fp2_mul_lz(&v2, &a->c2, &b->c2);

    fp2_add(&s, &a->c1, &a->c2);
    fp2_add(&t, &b->c1, &b->c2);
    fp2_mul_lz(&c0, &s, &t);
    fp2_sub(&c0, &c0, &v1);
    fp2_sub(&c0, &c0, &v2);
    fp2_mul_xi(&c0, &c0);
    fp2_add(&c0, &c0, &v0);

    fp2_add(&s, &a->c0, &a->c1);
    fp2_add(&t, &b->c0, &b->c1);
    fp2_mul_lz(&c1, &s, &t);
    fp2_sub(&c1, &c1, &v0);
    fp2_sub(&c1, &c1, &v1);
    fp2_mul_xi(&s, &v2);
    fp2_add(&c1, &c1, &s);

    fp2_add(&s, &a->c0, &a->c2);
    fp2_add(&t, &b->c0, &b->c2);
    fp2_mul_lz(&c2, &s, &t);
    fp2_sub(&c2, &c2, &v0);
    fp2_sub(&c2, &c2, &v2);
    fp2_add(&c2, &c2, &v1);

    r->c0 = c0;
    r->c1 = c1;
    r->c2 = c2;
}

static void fp6_sqr(fp6 *r, const fp6 *a) {
    /* s0 = a0^2, s1 = 2 a0 a1, s2 = (a0 - a1 + a2)^2, s3 = 2 a1 a2, s4 = a2^2;
     * c0 = s0 + xi s3, c1 = s1 + xi s4, c2 = s1 + s2 + s3 - s0 - s4. */
    fp2 s0, s1, s2, s3, s4, t;
    fp2_sqr(&s0, &a->c0);
    fp2_mul_lz(&s1, &a->c0, &a->c1);
    fp2_dbl(&s1, &s1);
    fp2_sub(&s2, &a->c0, &a->c1);
    fp2_add(&s2, &s2, &a->c2);
    fp2_sqr(&s2, &s2);
    fp2_mul_lz(&s3, &a->c1, &a->c2);
    fp2_dbl(&s3, &s3);
    fp2_sqr(&s4, &a->c2);

    fp2_mul_xi(&t, &s3);
    fp2_add(&r->c0, &s0, &t);
    fp2_add(&t, &s1, &s2);
    fp2_add(&t, &t, &s3);
    fp2_sub(&t, &t, &s0);
    fp2_sub(&r->c2, &t, &s4);
    fp2_mul_xi(&t, &s4);
    fp2_add(&r->c1, &s1, &t);
}

static inline void fp6_mul_by_v(fp6 *r, const fp6 *a) {
    fp2 t;
    fp2_mul_xi(&t, &a->c2);
    r->c2 = a->c1;
    r->c1 = a->c0;
    r->c0 = t;
}

static void fp6_mul_by_01(fp6 *r, const fp6 *a, const fp2 *b0, const fp2 *b1) {
    /* b2 = 0 in fp6_mul's formulas. */
    fp2 v0, v1, s, t, c0, c1, c2;
    fp2_mul_lz(&v0, &a->c0, b0);
    fp2_mul_lz(&v1, &a->c1, b1);

    fp2_add(&s, &a->c1, &a->c2);
    fp2_mul_lz(&c0, &s, b1);
    fp2_sub(&c0, &c0, &v1);
    fp2_mul_xi(&c0, &c0);
    fp2_add(&c0, &c0, &v0);

    fp2_add(&s, &a->c0, &a->c1);
    fp2_add(&t, b0, b1);
    fp2_mul_lz(&c1, &s, &t);
    fp2_sub(&c1, &c1, &v0);
    fp2_sub(&c1, &c1, &v1);

    fp2_add(&s, &a->c0, &a->c2);
    fp2_mul_lz(&c2, &s, b0);
    fp2_sub(&c2, &c2, &v0);
    fp2_add(&c2, &c2, &v1);

    r->c0 = c0;
    r->c1 = c1;
    r->c2 = c2;
}

static void fp6_mul_by_1(fp6 *r, const fp6 *a, const fp2 *b1) {
    fp2 t0, t1, t2;
    fp2_mul_lz(&t0, &a->c2, b1);
    fp2_mul_xi(&t0, &t0);
    fp2_mul_lz(&t1, &a->c0, b1);
    fp2_mul_lz(&t2, &a->c1, b1);
    r->c0 = t0;
    r->c1 = t1;
    r->c2 = t2;
}

static inline void fp6_inv(fp6 *r, const fp6 *a) {
    /* t0 = a0^2 - xi a1 a2, t1 = xi a2^2 - a0 a1, t2 = a1^2 - a0 a2;
     * N = a0 t0 + xi (a2 t1 + a1 t2) in Fp2;  a^-1 = (t0 + t1 v + t2 v^2) / N. */
    fp2 t0, t1, t2, s, n;
    fp2_sqr(&t0, &a->c0);
    fp2_mul_lz(&s, &a->c1, &a->c2);
    fp2_mul_xi(&s, &s);
    fp2_sub(&t0, &t0, &s);

    fp2_sqr(&t1, &a->c2);
    fp2_mul_xi(&t1, &t1);
    fp2_mul_lz(&s, &a->c0, &a->c1);
    fp2_sub(&t1, &t1, &s);

    fp2_sqr(&t2, &a->c1);
    fp2_mul_lz(&s, &a->c0, &a->c2);
    fp2_sub(&t2, &t2, &s);

    fp2_mul_lz(&n, &a->c2, &t1);
    fp2_mul_lz(&s, &a->c1, &t2);
    fp2_add(&n, &n, &s);
    fp2_mul_xi(&n, &n);
    fp2_mul_lz(&s, &a->c0, &t0);
    fp2_add(&n, &n, &s);
    fp2_inv(&n, &n);

    fp2_mul_lz(&r->c0, &t0, &n);
    fp2_mul_lz(&r->c1, &t1, &n);
    fp2_mul_lz(&r->c2, &t2, &n);
}

static inline uint64_t fp6_eq(const fp6 *a, const fp6 *b) {
    return fp2_eq(&a->c0, &b->c0) & fp2_eq(&a->c1, &b->c1) & fp2_eq(&a->c2, &b->c2);
}

static inline uint64_t fp6_is_zero(const fp6 *a) {
    return fp2_is_zero(&a->c0) & fp2_is_zero(&a->c1) & fp2_is_zero(&a->c2);
}

static inline void fp6_cmov(fp6 *r, const fp6 *a, uint64_t flag) {
    fp2_cmov(&r->c0, &a->c0, flag);
    fp2_cmov(&r->c1, &a->c1, flag);
    fp2_cmov(&r->c2, &a->c2, flag);
}

/* ---------------------------------------------------------------- Fp12 */

static inline void fp12_one(fp12 *r) { fp6_one(&r->c0); fp6_zero(&r->c1); }

static inline void fp12_mul(fp12 *r, const fp12 *a, const fp12 *b) {
    /* aa = a0 b0, bb = a1 b1; c1 = (a0 + a1)(b0 + b1) - aa - bb; c0 = aa + v bb. */
    fp6 aa, bb, s, t;
    fp6_mul(&aa, &a->c0, &b->c0);
    fp6_mul(&bb, &a->c1, &b->c1);
    fp6_add(&s, &a->c0, &a->c1);
    fp6_add(&t, &b->c0, &b->c1);
    fp6_mul(&s, &s, &t);
    fp6_sub(&s, &s, &aa);
    fp6_sub(&r->c1, &s, &bb);
    fp6_mul_by_v(&bb, &bb);
    fp6_add(&r->c0, &aa, &bb);
}

static inline void fp12_sqr(fp12 *r, const fp12 *a) {
    /* ab = a0 a1; c0 = (a0 + a1)(a0 + v a1) - ab - v ab; c1 = 2 ab. */
    fp6 ab, s, t;
    fp6_mul(&ab, &a->c0, &a->c1);
    fp6_add(&s, &a->c0, &a->c1);
    fp6_mul_by_v(&t, &a->c1);
    fp6_add(&t, &t, &a->c0);
    fp6_mul(&s, &s, &t);
    fp6_sub(&s, &s, &ab);
    fp6_mul_by_v(&t, &ab);
    fp6_sub(&r->c0, &s, &t);
    fp6_dbl(&r->c1, &ab);
}

static inline void fp12_conj(fp12 *r, const fp12 *a) {
    r->c0 = a->c0;
    fp6_neg(&r->c1, &a->c1);
}

static inline void fp12_inv(fp12 *r, const fp12 *a) {
    /* (a0 + a1 w)^-1 = (a0 - a1 w) / (a0^2 - v a1^2). */
    fp6 t0, t1;
    fp6_sqr(&t0, &a->c0);
    fp6_sqr(&t1, &a->c1);
    fp6_mul_by_v(&t1, &t1);
    fp6_sub(&t0, &t0, &t1);
    fp6_inv(&t0, &t0);
    fp6_mul(&r->c0, &a->c0, &t0);
    fp6_mul(&t1, &a->c1, &t0);
    fp6_neg(&r->c1, &t1);
}

static inline void fp12_mul_by_014(fp12 *r, const fp12 *a, const fp2 *c0, const fp2 *c1, const fp2 *c4) {
    /* l = L0 + L1 w with L0 = c0 + c1 v, L1 = c4 v.
     * aa = a0 L0, bb = a1 L1; r1 = (a0 + a1)(L0 + L1) - aa - bb; r0 = aa + v bb. */
    fp6 aa, bb, s;
    fp2 t;
    fp6_mul_by_01(&aa, &a->c0, c0, c1);
    fp6_mul_by_1(&bb, &a->c1, c4);
    fp2_add(&t, c1, c4);
    fp6_add(&s, &a->c0, &a->c1);
    fp6_mul_by_01(&s, &s, c0, &t);
    fp6_sub(&s, &s, &aa);
    fp6_sub(&r->c1, &s, &bb);
    fp6_mul_by_v(&bb, &bb);
    fp6_add(&r->c0, &aa, &bb);
}

/* r = a * (1 + c1 v + c4 v w): fp12_mul_by_014 for a line scaled to c0 = 1 (the prepared lines of a fixed G2 point,
 * pairing_line_mul_prepared): 9 Fp2 multiplications instead of 13. Constant time. */
static inline void fp12_mul_by_14(fp12 *r, const fp12 *a, const fp2 *c1, const fp2 *c4) {
    /* l = L0 + L1 w with L0 = 1 + c1 v, L1 = c4 v: aa = a0 + a0 c1 v, bb = a1 c4 v,
     * s = (a0 + a1)(1 + (c1 + c4) v); r1 = s - aa - bb, r0 = aa + v bb. */
    fp6 aa, bb, s, t;
    fp2 u;
    fp6_mul_by_1(&t, &a->c0, c1);
    fp6_add(&aa, &a->c0, &t);
    fp6_mul_by_1(&bb, &a->c1, c4);
    fp2_add(&u, c1, c4);
    fp6_add(&s, &a->c0, &a->c1);
    fp6_mul_by_1(&t, &s, &u);
    fp6_add(&s, &s, &t);
    fp6_sub(&s, &s, &aa);
    fp6_sub(&r->c1, &s, &bb);
    fp6_mul_by_v(&bb, &bb);
    fp6_add(&r->c0, &aa, &bb);
}

/* On input: tab is FROB_K1/2/3, 1 <= i <= 5, in_fp = 1 when tab's coefficients lie in Fp (k = 2).
 * On output: *r = a * tab[i] (the coefficient of w^i in the p^k Frobenius). Constant time in a. */
static inline void fp12_frob_coef(fp2 *r, const fp2 *a, const uint64_t (*tab)[2][6], int i, int in_fp) {
    fp2 c;
    memcpy(c.c0.l, tab[i][0], sizeof c.c0.l);
    if (in_fp) {
        fp2_mul_fp(r, a, &c.c0);
    } else {
        memcpy(c.c1.l, tab[i][1], sizeof c.c1.l);
        fp2_mul_lz(r, a, &c);
    }
}

static inline void fp12_frob(fp12 *r, const fp12 *a, int k) {
    /* flat coefficients: w^0 = c0.c0, w^1 = c1.c0, w^2 = c0.c1, w^3 = c1.c1, w^4 = c0.c2, w^5 = c1.c2.
     * k is a public constant of the caller. */
    const uint64_t (*tab)[2][6] = k == 1 ? FROB_K1 : k == 2 ? FROB_K2 : FROB_K3;
    int odd = k & 1, in_fp = (k == 2); /* the p^2 coefficients lie in Fp (asserted by the generator) */
    fp12 t = *a;
    if (odd) {
        fp2_conj(&t.c0.c0, &t.c0.c0);
        fp2_conj(&t.c0.c1, &t.c0.c1);
        fp2_conj(&t.c0.c2, &t.c0.c2);
        fp2_conj(&t.c1.c0, &t.c1.c0);
        fp2_conj(&t.c1.c1, &t.c1.c1);
        fp2_conj(&t.c1.c2, &t.c1.c2);
    }
    r->c0.c0 = t.c0.c0;
    fp12_frob_coef(&r->c1.c0, &t.c1.c0, tab, 1, in_fp);
    fp12_frob_coef(&r->c0.c1, &t.c0.c1, tab, 2, in_fp);
    fp12_frob_coef(&r->c1.c1, &t.c1.c1, tab, 3, in_fp);
    fp12_frob_coef(&r->c0.c2, &t.c0.c2, tab, 4, in_fp);
    fp12_frob_coef(&r->c1.c2, &t.c1.c2, tab, 5, in_fp);
}

/* (x + y t)^2 in Fp4 = Fp2[t]/(t^2 - xi) = (x^2 + xi y^2) + ((x + y)^2 - x^2 - y^2) t, with lazy reduction:
 * the three squares are kept in double precision (each coefficient < 2p^2) and each output coefficient is
 * reduced once: r1 = S - X - Y + 4p^2 and r0 = (X0 + Y0 - Y1 + 2p^2, X1 + Y0 + Y1) are nonnegative and
 * < 6p^2 < p 2^384. Inputs reduced. Constant time. */
static inline void fp4_sqr(fp2 *r0, fp2 *r1, const fp2 *x, const fp2 *y) {
    fpw X0, X1, Y0, Y1, S0, S1, t;
    fp2 s;
    fp2_sqr_wide(&X0, &X1, x);
    fp2_sqr_wide(&Y0, &Y1, y);
    fp2_add(&s, x, y);
    fp2_sqr_wide(&S0, &S1, &s);
    fpw_add_const(&S0, &S0, P2X4);
    fpw_sub_exact(&S0, &S0, &X0);
    fpw_sub_exact(&S0, &S0, &Y0);
    fp_redc(&r1->c0, &S0);
    fpw_add_const(&S1, &S1, P2X4);
    fpw_sub_exact(&S1, &S1, &X1);
    fpw_sub_exact(&S1, &S1, &Y1);
    fp_redc(&r1->c1, &S1);
    fpw_add(&t, &X0, &Y0);
    fpw_add_const(&t, &t, P2X2);
    fpw_sub_exact(&t, &t, &Y1);
    fp_redc(&r0->c0, &t);
    fpw_add(&t, &X1, &Y0);
    fpw_add(&t, &t, &Y1);
    fp_redc(&r0->c1, &t);
}

ZK_HOT void fp12_cyclotomic_sqr(fp12 *r, const fp12 *a) {
    /* Granger-Scott: view Fp12 = Fp4[s]/(s^3 - t), Fp4 = Fp2[t]/(t^2 - xi), s = w, t = w^3, so that
     * a = A0 + A1 s + A2 s^2 with A0 = (g0, h1), A1 = (h0, g2), A2 = (g1, h2) where a.c0 = (g0, g1, g2) and
     * a.c1 = (h0, h1, h2). For a in the cyclotomic subgroup, with conj(x + y t) = x - y t:
     *   a^2 = (3 A0^2 - 2 conj(A0)) + (3 t A2^2 + 2 conj(A1)) s + (3 A1^2 - 2 conj(A2)) s^2. */
    const fp2 *g0 = &a->c0.c0, *g1 = &a->c0.c1, *g2 = &a->c0.c2;
    const fp2 *h0 = &a->c1.c0, *h1 = &a->c1.c1, *h2 = &a->c1.c2;
    fp2 a0s0, a0s1, a1s0, a1s1, a2s0, a2s1, t;
    fp12 o;
    fp4_sqr(&a0s0, &a0s1, g0, h1);
    fp4_sqr(&a1s0, &a1s1, h0, g2);
    fp4_sqr(&a2s0, &a2s1, g1, h2);

    /* B0 = (3 a0s0 - 2 g0, 3 a0s1 + 2 h1) */
    fp2_sub(&t, &a0s0, g0);
    fp2_dbl(&t, &t);
    fp2_add(&o.c0.c0, &t, &a0s0);
    fp2_add(&t, &a0s1, h1);
    fp2_dbl(&t, &t);
    fp2_add(&o.c1.c1, &t, &a0s1);

    /* B1 = 3 t A2^2 + 2 conj(A1) = (3 xi a2s1 + 2 h0, 3 a2s0 - 2 g2) */
    fp2_mul_xi(&a2s1, &a2s1);
    fp2_add(&t, &a2s1, h0);
    fp2_dbl(&t, &t);
    fp2_add(&o.c1.c0, &t, &a2s1);
    fp2_sub(&t, &a2s0, g2);
    fp2_dbl(&t, &t);
    fp2_add(&o.c0.c2, &t, &a2s0);

    /* B2 = 3 A1^2 - 2 conj(A2) = (3 a1s0 - 2 g1, 3 a1s1 + 2 h2) */
    fp2_sub(&t, &a1s0, g1);
    fp2_dbl(&t, &t);
    fp2_add(&o.c0.c1, &t, &a1s0);
    fp2_add(&t, &a1s1, h2);
    fp2_dbl(&t, &t);
    fp2_add(&o.c1.c2, &t, &a1s1);
    *r = o;
}

#if defined(ZK_HAVE_IFMA)
ZK_IFMA_TARGET static void fp12_cyclotomic_exp_z_lanes(fp12 *r, const fp12 *a); /* tower_lanes_impl.h */
#endif

static void fp12_cyclotomic_exp_z(fp12 *r, const fp12 *a) {
    /* left to right over |z| = 0xd201000000010000 (bits 63, 62, 60, 57, 48, 16), then conjugate
     * because z < 0 and a^-1 = conj(a) on the cyclotomic subgroup. The squarings run on the IFMA lanes where the
     * CPU has them (tower_lanes_impl.h; the choice is the CPU's, not the data's). */
#if defined(ZK_HAVE_IFMA)
    if (fp_ifma_enabled) {
        fp12_cyclotomic_exp_z_lanes(r, a);
        return;
    }
#endif
    fp12 acc = *a;
    for (int i = 62; i >= 0; i--) {
        fp12_cyclotomic_sqr(&acc, &acc);
        if ((BLS_Z_ABS >> i) & 1) fp12_mul(&acc, &acc, a); /* public constant exponent */
    }
    fp12_conj(r, &acc);
}

static inline uint64_t fp12_eq(const fp12 *a, const fp12 *b) {
    return fp6_eq(&a->c0, &b->c0) & fp6_eq(&a->c1, &b->c1);
}

static inline uint64_t fp12_is_one(const fp12 *a) {
    fp12 one;
    fp12_one(&one);
    return fp12_eq(a, &one);
}

static inline uint64_t fp12_is_zero(const fp12 *a) { return fp6_is_zero(&a->c0) & fp6_is_zero(&a->c1); }

static inline void fp12_cmov(fp12 *r, const fp12 *a, uint64_t flag) {
    fp6_cmov(&r->c0, &a->c0, flag);
    fp6_cmov(&r->c1, &a->c1, flag);
}

#endif
