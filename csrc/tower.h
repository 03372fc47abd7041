/* tower.h -- the extension tower above Fp2: Fp6 = Fp2[v]/(v^3 - xi), Fp12 = Fp6[w]/(w^2 - v), xi = 1 + u.
 *
 * An fp12 is c0 + c1 w with c0, c1 in Fp6; an fp6 is c0 + c1 v + c2 v^2 with ci in Fp2. This is the layout of
 * zk_fp6/zk_fp12 in zkcred.h (and of snarkjs' vk_alphabeta_12 and arkworks' Fp12).
 *
 * Conventions as in fp.h: inputs are reduced, outputs are reduced, outputs may alias inputs, and every function
 * is constant time in all its arguments (none of them branches on or indexes memory by data). The functions
 * named cyclotomic require their input to lie in the cyclotomic subgroup of order p^4 - p^2 + 1 (every
 * element after the easy part of the final exponentiation, hence all of GT); on other inputs they return a
 * wrong value (no crash). */
#ifndef ZK_TOWER_H
#define ZK_TOWER_H

#include "fp2.h"

typedef zk_fp6 fp6;
typedef zk_fp12 fp12;

/* ---- Fp6 */
/* r = 0 / r = 1. */
static inline void fp6_zero(fp6 *r);
static inline void fp6_one(fp6 *r);
/* r = a + b, a - b, -a, 2a. */
static inline void fp6_add(fp6 *r, const fp6 *a, const fp6 *b);
static inline void fp6_sub(fp6 *r, const fp6 *a, const fp6 *b);
static inline void fp6_neg(fp6 *r, const fp6 *a);
static inline void fp6_dbl(fp6 *r, const fp6 *a);
/* r = a * b (Karatsuba, 6 Fp2 multiplications). */
static void fp6_mul(fp6 *r, const fp6 *a, const fp6 *b);
/* r = a^2 (Chung-Hasan SQR2: 2 Fp2 multiplications + 3 squarings). */
static void fp6_sqr(fp6 *r, const fp6 *a);
/* r = a * v = (xi a2) + a0 v + a1 v^2. */
static inline void fp6_mul_by_v(fp6 *r, const fp6 *a);
/* r = a * (b0 + b1 v) (5 Fp2 multiplications). */
static void fp6_mul_by_01(fp6 *r, const fp6 *a, const fp2 *b0, const fp2 *b1);
/* r = a * (b1 v) (3 Fp2 multiplications). */
static void fp6_mul_by_1(fp6 *r, const fp6 *a, const fp2 *b1);
/* r = a^-1; r = 0 when a = 0 (one Fp inversion). */
static inline void fp6_inv(fp6 *r, const fp6 *a);
/* Returns 1 if a == b / a == 0, else 0. */
static inline uint64_t fp6_eq(const fp6 *a, const fp6 *b);
static inline uint64_t fp6_is_zero(const fp6 *a);
/* r = flag ? a : r (flag is 0 or 1). */
static inline void fp6_cmov(fp6 *r, const fp6 *a, uint64_t flag);

/* ---- Fp12 */
static inline void fp12_one(fp12 *r);
/* r = a * b (Karatsuba over Fp6: 3 Fp6 multiplications). */
static inline void fp12_mul(fp12 *r, const fp12 *a, const fp12 *b);
/* r = a^2 (complex squaring: 2 Fp6 multiplications). */
static inline void fp12_sqr(fp12 *r, const fp12 *a);
/* r = conj(a) = a0 - a1 w = a^(p^6); the inverse of a when a is unitary (a^(p^6 + 1) = 1, e.g. a in GT). */
static inline void fp12_conj(fp12 *r, const fp12 *a);
/* r = a^-1; r = 0 when a = 0 (one Fp inversion). */
static inline void fp12_inv(fp12 *r, const fp12 *a);
/* r = a * l for the sparse line value l = (c0 + c1 v) + (c4 v) w (13 Fp2 multiplications instead of 18).
 * The name gives the flat positions 0, 1, 4 of l's nonzero coefficients in (c0.c0, c0.c1, c0.c2, c1.c0,
 * c1.c1, c1.c2). */
static inline void fp12_mul_by_014(fp12 *r, const fp12 *a, const fp2 *c0, const fp2 *c1, const fp2 *c4);
/* r = a^(p^k), k in {1, 2, 3} (coefficients from tower_consts.h). */
static inline void fp12_frob(fp12 *r, const fp12 *a, int k);
/* r = a^2 for a in the cyclotomic subgroup (Granger-Scott 2010: 9 Fp2 squarings). */
static void fp12_cyclotomic_sqr(fp12 *r, const fp12 *a);
/* r = a^z, z = -0xd201000000010000 the BLS parameter, for a in the cyclotomic subgroup (63 cyclotomic
 * squarings, 5 multiplications, a conjugation; the exponent is a public constant). */
static void fp12_cyclotomic_exp_z(fp12 *r, const fp12 *a);
/* Returns 1 if a == b / a == 1, else 0. */
static inline uint64_t fp12_eq(const fp12 *a, const fp12 *b);
static inline uint64_t fp12_is_one(const fp12 *a);
static inline uint64_t fp12_is_zero(const fp12 *a);
static inline void fp12_cmov(fp12 *r, const fp12 *a, uint64_t flag);

#endif
