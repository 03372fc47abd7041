/* g2.h -- G2: the M-type sextic twist E'(Fp2): y^2 = x^3 + 4(1 + u), projective (X:Y:Z), identity (0:1:0).
 *
 * Same formulas and conventions as g1.h. psi is the untwist-Frobenius-twist endomorphism; on G2 it acts as
 * multiplication by z (mod r), which gives both the subgroup test and the fast cofactor clearing. */
#ifndef ZK_G2_H
#define ZK_G2_H

#include "g1.h"

typedef zk_g2 g2;
typedef zk_g2_affine g2_affine;

static inline void g2_set_identity(g2 *r);
static inline void g2_set_generator(g2 *r);
static void g2_add(g2 *r, const g2 *a, const g2 *b);
static void g2_add_affine(g2 *r, const g2 *a, const g2_affine *b);
static void g2_dbl(g2 *r, const g2 *a);
static inline void g2_neg(g2 *r, const g2 *a);
static inline void g2_cmov(g2 *r, const g2 *a, uint64_t flag);
static uint64_t g2_eq(const g2 *a, const g2 *b);
static inline uint64_t g2_is_identity(const g2 *a);
static uint64_t g2_is_on_curve(const g2 *a);
static void g2_to_affine(g2_affine *r, const g2 *a);
static void g2_from_affine(g2 *r, const g2_affine *a);
/* psi(x, y) = (conj(x) * PSI_X, conj(y) * PSI_Y) in affine terms; works on projective points directly. */
static void g2_psi(g2 *r, const g2 *a);
/* psi^2 (x, y) = (x * PSI2_X, -y). */
static void g2_psi2(g2 *r, const g2 *a);
/* r = [z] a. */
static void g2_mul_by_z(g2 *r, const g2 *a);

#endif
