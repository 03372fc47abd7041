/* fp2_impl.h -- code for fp2.h. */
#ifndef ZK_FP2_IMPL_H
#define ZK_FP2_IMPL_H

#include "fp2.h"

static inline void fp2_zero(fp2 *r) { memset(r, 0, sizeof *r); }
static inline void fp2_one(fp2 *r) { fp_one(&r->c0); fp_zero(&r->c1); }
static inline void fp2_add(fp2 *r, const fp2 *a, const fp2 *b) { fp_add(&r->c0, &a->c0, &b->c0); fp_add(&r->c1, &a->c1, &b->c1); }
static inline void fp2_sub(fp2 *r, const fp2 *a, const fp2 *b) { fp_sub(&r->c0, &a->c0, &b->c0); fp_sub(&r->c1, &a->c1, &b->c1); }
static inline void fp2_neg(fp2 *r, const fp2 *a) { fp_neg(&r->c0, &a->c0); fp_neg(&r->c1, &a->c1); }
static inline void fp2_dbl(fp2 *r, const fp2 *a) { fp_dbl(&r->c0, &a->c0); fp_dbl(&r->c1, &a->c1); }
static inline void fp2_conj(fp2 *r, const fp2 *a) { r->c0 = a->c0; fp_neg(&r->c1, &a->c1); }

static inline void fp2_mul(fp2 *r, const fp2 *a, const fp2 *b) {
    fp v0, v1, s, t;
    fp_mul(&v0, &a->c0, &b->c0);
    fp_mul(&v1, &a->c1, &b->c1);
    fp_add(&s, &a->c0, &a->c1);
    fp_add(&t, &b->c0, &b->c1);
    fp_mul(&s, &s, &t);
    fp_sub(&r->c0, &v0, &v1);
    fp_sub(&s, &s, &v0);
    fp_sub(&r->c1, &s, &v1);
}

static inline void fp2_sqr(fp2 *r, const fp2 *a) {
    fp s, d, m;
    fp_add(&s, &a->c0, &a->c1);
    fp_sub(&d, &a->c0, &a->c1);
    fp_mul(&m, &a->c0, &a->c1);
    fp_mul(&r->c0, &s, &d);
    fp_dbl(&r->c1, &m);
}

static inline void fp2_mul_fp(fp2 *r, const fp2 *a, const fp *b) { fp_mul(&r->c0, &a->c0, b); fp_mul(&r->c1, &a->c1, b); }

static inline void fp2_mul_xi(fp2 *r, const fp2 *a) {
    fp t0;
    fp_sub(&t0, &a->c0, &a->c1);          /* (a0 + a1 u)(1 + u) = (a0 - a1) + (a0 + a1) u */
    fp_add(&r->c1, &a->c0, &a->c1);
    r->c0 = t0;
}

static inline uint64_t fp2_eq(const fp2 *a, const fp2 *b) { return fp_eq(&a->c0, &b->c0) & fp_eq(&a->c1, &b->c1); }
static inline uint64_t fp2_is_zero(const fp2 *a) { return fp_is_zero(&a->c0) & fp_is_zero(&a->c1); }
static inline void fp2_cmov(fp2 *r, const fp2 *a, uint64_t flag) { fp_cmov(&r->c0, &a->c0, flag); fp_cmov(&r->c1, &a->c1, flag); }

static void fp2_inv(fp2 *r, const fp2 *a) {
    fp n, t;
    fp_sqr(&n, &a->c0);
    fp_sqr(&t, &a->c1);
    fp_add(&n, &n, &t);
    fp_inv(&n, &n);
    fp_mul(&r->c0, &a->c0, &n);
    fp_mul(&t, &a->c1, &n);
    fp_neg(&r->c1, &t);
}

static void fp2_inv_var(fp2 *r, const fp2 *a) {
    fp n, t;
    fp_sqr(&n, &a->c0);
    fp_sqr(&t, &a->c1);
    fp_add(&n, &n, &t);
    fp_inv_var(&n, &n);
    fp_mul(&r->c0, &a->c0, &n);
    fp_mul(&t, &a->c1, &n);
    fp_neg(&r->c1, &t);
}

/* Contract predicate (ZK_CHECK, check.h): both coefficients below p. */
static inline int fp2_is_reduced(const fp2 *a) { return fp_is_reduced(&a->c0) && fp_is_reduced(&a->c1); }

static void fp2_pow_fixed_exp(fp2 *r, const fp2 *a, const uint64_t *e, size_t nlimbs) {
    fp2 table[16], acc;
    fp2_one(&table[0]);
    table[1] = *a;
    for (int i = 2; i < 16; i++) fp2_mul(&table[i], &table[i - 1], a);
    fp2_one(&acc);
    int started = 0;
    for (size_t i = nlimbs; i-- > 0;)
        for (int sh = 60; sh >= 0; sh -= 4) {
            unsigned nib = (unsigned)(e[i] >> sh) & 15; /* public exponent */
            if (started)
                for (int k = 0; k < 4; k++) fp2_sqr(&acc, &acc);
            if (nib) {
                fp2_mul(&acc, &acc, &table[nib]);
                started = 1;
            }
        }
    *r = acc;
    ct_wipe(table, sizeof table);
}

static uint64_t fp2_sqrt(fp2 *r, const fp2 *a) {
    fp2 a1, alpha, x0, xi, xb, b, one, minus_one, check;
    fp2_pow_fixed_exp(&a1, a, FP_P_MINUS_3_DIV_4, 6);
    fp2_mul(&x0, &a1, a);                 /* a^((p+1)/4) */
    fp2_mul(&alpha, &a1, &x0);            /* a^((p-1)/2) */
    fp2_one(&one);
    fp2_neg(&minus_one, &one);
    /* branch alpha == -1: x = u * x0 = -x0.c1 + x0.c0 u */
    fp_neg(&xi.c0, &x0.c1);
    xi.c1 = x0.c0;
    /* other branch: x = (1 + alpha)^((p-1)/2) * x0 */
    fp2_add(&b, &alpha, &one);
    fp2_pow_fixed_exp(&b, &b, FP_LEGENDRE_EXP, 6);
    fp2_mul(&xb, &b, &x0);
    fp2_cmov(&xb, &xi, fp2_eq(&alpha, &minus_one));
    fp2_sqr(&check, &xb);
    *r = xb;
    return fp2_eq(&check, a);
}

static uint64_t fp2_sgn0(const fp2 *a) {
    return fp_sgn0(&a->c0) | (fp_is_zero(&a->c0) & fp_sgn0(&a->c1));
}

static uint64_t fp2_is_lex_largest(const fp2 *a) {
    uint64_t c1z = fp_is_zero(&a->c1);
    return ((1 ^ c1z) & fp_is_lex_largest(&a->c1)) | (c1z & fp_is_lex_largest(&a->c0));
}

#endif
