/* fp2.h -- Fp2 = Fp[u]/(u^2 + 1), elements c0 + c1*u.
 *
 * Conventions as in fp.h: reduced inputs/outputs, aliasing allowed, constant time unless _var. */
#ifndef ZK_FP2_H
#define ZK_FP2_H

#include "fp.h"

typedef zk_fp2 fp2;

static inline void fp2_zero(fp2 *r);
static inline void fp2_one(fp2 *r);
static inline void fp2_add(fp2 *r, const fp2 *a, const fp2 *b);
static inline void fp2_sub(fp2 *r, const fp2 *a, const fp2 *b);
static inline void fp2_neg(fp2 *r, const fp2 *a);
static inline void fp2_dbl(fp2 *r, const fp2 *a);
/* r = conj(a) = c0 - c1*u (also the p-power Frobenius). */
static inline void fp2_conj(fp2 *r, const fp2 *a);
/* Karatsuba multiplication (3 Fp muls) and complex squaring (2 Fp muls). */
static inline void fp2_mul(fp2 *r, const fp2 *a, const fp2 *b);
static inline void fp2_sqr(fp2 *r, const fp2 *a);
/* r = a * b for b in Fp. */
static inline void fp2_mul_fp(fp2 *r, const fp2 *a, const fp *b);
/* r = a * (1 + u), the non-residue xi that defines Fp6. */
static inline void fp2_mul_xi(fp2 *r, const fp2 *a);
static inline uint64_t fp2_eq(const fp2 *a, const fp2 *b);
static inline uint64_t fp2_is_zero(const fp2 *a);
static inline void fp2_cmov(fp2 *r, const fp2 *a, uint64_t flag);
/* r = a^-1 through the norm (0 -> 0). */
static void fp2_inv(fp2 *r, const fp2 *a);
/* The same with fp_inv_var for the norm. Variable time: a must be public. */
static void fp2_inv_var(fp2 *r, const fp2 *a);
/* r = a^e, e a public integer of nlimbs limbs. Constant time in a only. */
static void fp2_pow_fixed_exp(fp2 *r, const fp2 *a, const uint64_t *e, size_t nlimbs);
/* r = a square root of a (Adj-Rodriguez-Henriquez alg. 9, both branches computed and selected).
 * Returns 1 if a is a square (r^2 == a), else 0 (r is then unspecified). */
static uint64_t fp2_sqrt(fp2 *r, const fp2 *a);
/* RFC 9380 sgn0 for m = 2: sgn0(c0) OR (c0 == 0 AND sgn0(c1)). */
static uint64_t fp2_sgn0(const fp2 *a);
/* ZCash order: compare c1, and c0 when c1 == 0; returns 1 if a > -a lexicographically. */
static uint64_t fp2_is_lex_largest(const fp2 *a);

#endif
