/* g1.h -- G1: E(Fp): y^2 = x^3 + 4, homogeneous projective coordinates (X:Y:Z), identity = (0:1:0).
 *
 * The group law uses the complete formulas of Renes-Costello-Batina 2016 for a = 0 (algorithms 7, 8, 9):
 * no exceptional cases, so they are safe on secret points. Inputs need not be normalised; every point
 * argument must be on the curve (callers validate untrusted input first). Outputs may alias inputs.
 * Constant time unless the name ends in _var. */
#ifndef ZK_G1_H
#define ZK_G1_H

#include "fp2.h"
#include "fr.h"

typedef zk_g1 g1;
typedef zk_g1_affine g1_affine;

static inline void g1_set_identity(g1 *r);
static inline void g1_set_generator(g1 *r);
/* r = a + b (RCB alg. 7). */
static void g1_add(g1 *r, const g1 *a, const g1 *b);
/* r = a + b for affine b (RCB alg. 8); b may be the point at infinity (infinity = 1). */
static void g1_add_affine(g1 *r, const g1 *a, const g1_affine *b);
/* r = 2a (RCB alg. 9). */
static void g1_dbl(g1 *r, const g1 *a);
static inline void g1_neg(g1 *r, const g1 *a);
static inline void g1_cmov(g1 *r, const g1 *a, uint64_t flag);
/* Returns 1 if a == b as points (cross-multiplied), else 0. */
static uint64_t g1_eq(const g1 *a, const g1 *b);
static inline uint64_t g1_is_identity(const g1 *a);
/* Returns 1 if Y^2 Z = X^3 + 4 Z^3 and not X = Y = Z = 0. */
static uint64_t g1_is_on_curve(const g1 *a);
/* Affine conversion (one inversion); the identity gives infinity = 1, x = y = 0. */
static void g1_to_affine(g1_affine *r, const g1 *a);
static void g1_from_affine(g1 *r, const g1_affine *a);
/* sigma(x, y) = (beta x, y): acts on G1 as multiplication by -z^2 (mod r). */
static inline void g1_sigma(g1 *r, const g1 *a);
/* r = [z] a (z = -0xd201000000010000, public): Jacobian doublings over its fixed bits, the five additions by the
 * complete formula, so points of any order are handled. Constant time in a. */
static void g1_mul_by_z(g1 *r, const g1 *a);

#endif
