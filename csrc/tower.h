/* tower.h -- the extension tower above Fp2: Fp6 = Fp2[v]/(v^3 - xi), Fp12 = Fp6[w]/(w^2 - v), xi = 1 + u.
 *
 * An fp12 is c0 + c1 w with c0, c1 in Fp6; an fp6 is c0 + c1 v + c2 v^2 with ci in Fp2. This is the layout of
 * zk_fp6/zk_fp12 in zkcred.h (and of snarkjs' vk_alphabeta_12 and arkworks' Fp12).
 *
 * Conventions for every function below (as in fp.h):
 *   On input:  every field argument is fully reduced (each Fp coefficient < p, Montgomery form); outputs may
 *              alias inputs.
 *   On output: every field result is fully reduced.
 *   Constant time in all arguments (no branch or memory index depends on field data); k in fp12_frob is a
 *   public constant of the caller.
 * The "cyclotomic" functions also require their input to lie in the cyclotomic subgroup of order
 * Phi12(p) = p^4 - p^2 + 1 (every value after the easy part of the final exponentiation, hence all of GT);
 * on other inputs they return a wrong value (never crash). Multiplications use the lazy-reduction kernels of
 * tower_impl.h (double-precision products, one Montgomery reduction per output coefficient of an Fp2 product
 * or an Fp4 square). */
#ifndef ZK_TOWER_H
#define ZK_TOWER_H

#include "fp2.h"

typedef zk_fp6 fp6;
typedef zk_fp12 fp12;

/* ---- Fp6 */

/* On output: *r = 0 / *r = 1. Constant time. */
static inline void fp6_zero(fp6 *r);
static inline void fp6_one(fp6 *r);
/* On output: *r = a + b, a - b, -a, 2a. Constant time. */
static inline void fp6_add(fp6 *r, const fp6 *a, const fp6 *b);
static inline void fp6_sub(fp6 *r, const fp6 *a, const fp6 *b);
static inline void fp6_neg(fp6 *r, const fp6 *a);
static inline void fp6_dbl(fp6 *r, const fp6 *a);
/* On output: *r = a * b (Karatsuba, 6 Fp2 multiplications). Constant time. */
static void fp6_mul(fp6 *r, const fp6 *a, const fp6 *b);
/* On output: *r = a^2 (Chung-Hasan SQR2: 2 Fp2 multiplications and 3 squarings). Constant time. */
static void fp6_sqr(fp6 *r, const fp6 *a);
/* On output: *r = a * v = xi a2 + a0 v + a1 v^2. Constant time. */
static inline void fp6_mul_by_v(fp6 *r, const fp6 *a);
/* On output: *r = a * (b0 + b1 v) (5 Fp2 multiplications). Constant time. */
static void fp6_mul_by_01(fp6 *r, const fp6 *a, const fp2 *b0, const fp2 *b1);
/* On output: *r = a * (b1 v) (3 Fp2 multiplications). Constant time. */
static void fp6_mul_by_1(fp6 *r, const fp6 *a, const fp2 *b1);
/* On output: *r = a^-1, and 0 when a = 0 (one Fp inversion, Fermat). Constant time. */
static inline void fp6_inv(fp6 *r, const fp6 *a);
/* Returns: 1 if a == b (resp. a == 0), else 0. Constant time. */
static inline uint64_t fp6_eq(const fp6 *a, const fp6 *b);
static inline uint64_t fp6_is_zero(const fp6 *a);
/* On input: flag is 0 or 1. On output: *r = a if flag, unchanged otherwise. Constant time. */
static inline void fp6_cmov(fp6 *r, const fp6 *a, uint64_t flag);

/* ---- Fp12 */

/* On output: *r = 1. Constant time. */
static inline void fp12_one(fp12 *r);
/* On output: *r = a * b (Karatsuba over Fp6: 3 Fp6 multiplications). Constant time. */
static inline void fp12_mul(fp12 *r, const fp12 *a, const fp12 *b);
/* On output: *r = a^2 (complex squaring: 2 Fp6 multiplications). Constant time. */
static inline void fp12_sqr(fp12 *r, const fp12 *a);
/* On output: *r = conj(a) = a0 - a1 w = a^(p^6), which is a^-1 when a is unitary (a^(p^6 + 1) = 1, e.g. a in
 * GT). Constant time. */
static inline void fp12_conj(fp12 *r, const fp12 *a);
/* On output: *r = a^-1, and 0 when a = 0 (one Fp inversion). Constant time. */
static inline void fp12_inv(fp12 *r, const fp12 *a);
/* On input: c0, c1, c4 are the coefficients of a sparse line value l = (c0 + c1 v) + (c4 v) w (flat positions
 * 0, 1, 4 of (c0.c0, c0.c1, c0.c2, c1.c0, c1.c1, c1.c2), hence the name).
 * On output: *r = a * l (13 Fp2 multiplications instead of 18). Constant time. */
static inline void fp12_mul_by_014(fp12 *r, const fp12 *a, const fp2 *c0, const fp2 *c1, const fp2 *c4);
/* On input: k in {1, 2, 3}, a public constant. On output: *r = a^(p^k) (coefficients from tower_consts.h,
 * generated and checked by tools/gen_tower_consts.py). Constant time in a. */
static inline void fp12_frob(fp12 *r, const fp12 *a, int k);
/* On input: a in the cyclotomic subgroup. On output: *r = a^2 (Granger-Scott 2010: three Fp4 squarings, each
 * with 6 double-precision products and 4 reductions). Constant time. */
static void fp12_cyclotomic_sqr(fp12 *r, const fp12 *a);
/* On input: a in the cyclotomic subgroup. On output: *r = a^z, z = -0xd201000000010000 (63 cyclotomic
 * squarings, 5 multiplications over the fixed bits of |z|, then a conjugation as z < 0). Constant time. */
static void fp12_cyclotomic_exp_z(fp12 *r, const fp12 *a);
/* Returns: 1 if a == b (resp. a == 1, a == 0), else 0. Constant time. */
static inline uint64_t fp12_eq(const fp12 *a, const fp12 *b);
static inline uint64_t fp12_is_one(const fp12 *a);
static inline uint64_t fp12_is_zero(const fp12 *a);
/* On input: flag is 0 or 1. On output: *r = a if flag, unchanged otherwise. Constant time. */
static inline void fp12_cmov(fp12 *r, const fp12 *a, uint64_t flag);

#endif
