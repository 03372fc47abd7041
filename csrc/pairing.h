/* pairing.h -- the optimal ate pairing of BLS12-381 and the group GT.
 *
 * e(P, Q) = conj(f_{|z|,Q}(P))^(3 (p^12 - 1)/r), computed with
 *   - Miller loop over the bits of |z| = 0xd201000000010000 with homogeneous projective G2 coordinates for the
 *     running point T (Costello-Lange-Naehrig 2010 doubling/addition formulas for the M-type twist), lines
 *     evaluated at the affine P and multiplied in sparsely (fp12_mul_by_014); since z < 0 the loop value is
 *     conjugated at the end (f_{z,Q} = 1 / f_{|z|,Q} up to factors the final exponentiation kills);
 *   - final exponentiation f^((p^12 - 1)/r * 3): easy part f^((p^6 - 1)(p^2 + 1)), then the hard part with
 *     the decomposition 3 (p^4 - p^2 + 1)/r = (z - 1)^2 (z + p)(z^2 + p^2 - 1) + 3 (Hayashida-Hayasaka-Teruya,
 *     eprint 2020/875) using exponentiations by z with cyclotomic squarings. The factor 3 (coprime to r) is the
 *     convention of arkworks and snarkjs: zk_pairing's output equals theirs element by element.
 * Line values are scaled by elements of Fp2 and by w^3; both are killed by the easy part (w^3 squared is
 * xi, so (w^3)^((p^6 - 1)(p^2 + 1)) = (-1)^(p^2 + 1) = 1).
 *
 * Identity inputs contribute 1: such a pair is replaced by (generator, generator) and its lines by 1 with
 * masks, so the code is constant time even though pairing inputs are public in zkcred.
 * Multi-pairings run the shared-squaring Miller loop on chunks of PAIRING_CHUNK pairs held on the stack (C
 * never allocates), multiply the chunk values, and do ONE final exponentiation. */
#ifndef ZK_PAIRING_H
#define ZK_PAIRING_H

#include "tower.h"
#include "g2.h"

/* Pairs per Miller-loop pass in multi-pairings (stack use ~ 600 bytes per pair). */
#define PAIRING_CHUNK 16

/* Doubling step: T = 2T, and the line tangent at T as (c0, c1, c4) before evaluation at P
 * (the evaluated line is c0 + (c1 xP) v + (c4 yP) v w).
 * On input: T is a projective point of E'(Fp2), not the identity.
 * On output: T = 2T (projective, scaled by 4); c0 = 3b'Z^2 - Y^2, c1 = 3X^2, c4 = -2YZ.
 * Constant time. */
static void pairing_dbl_step(g2 *T, fp2 *c0, fp2 *c1, fp2 *c4);

/* Mixed addition step: T = T + Q and the line through T and Q.
 * On input: T projective, Q = (qx, qy) affine, T != +-Q.
 * On output: T = T + Q; c0 = theta qx - lambda qy, c1 = -theta, c4 = lambda with theta = Y - qy Z,
 * lambda = X - qx Z.
 * Constant time. */
static void pairing_add_step(g2 *T, const fp2 *qx, const fp2 *qy, fp2 *c0, fp2 *c1, fp2 *c4);

/* Normalise n <= PAIRING_CHUNK pairs to affine with one Fp inversion and mark the degenerate ones.
 * On input: ps, qs are n projective points on their curves.
 * On output: pa[i], qa[i] are the affine points, or the generators when either input of pair i is the
 * identity, in which case skip[i] = 1 (else 0).
 * Constant time (n public). */
static void pairing_prepare(g1_affine *pa, g2_affine *qa, uint64_t *skip, const g1 *ps, const g2 *qs, size_t n);

/* Lines per Miller loop: one per doubling step (the 63 bits of |z| below the top one) and one per addition step
 * (the 5 set bits among them); zk_g2_prepared holds them in the loop's order. */
#define PAIRING_LINES 68

/* Shared-squaring Miller loop over n <= PAIRING_CHUNK pairs of points and nl <= PAIRING_CHUNK pairs whose G2
 * side comes as precomputed lines (zk_g2_prepare: only their line evaluations at P), the squarings shared by all.
 * On input: pa, qa, skip from pairing_prepare; la[j] affine (the generator where skipl[j]), ql[j] prepared lines;
 * n, nl public (either may be 0).
 * On output: *f = prod over non-skipped pairs of f_{|z|,Q}(P), up to factors in Fp2* and w^3 that the final
 * exponentiation kills (no conjugation, no final exponentiation).
 * Constant time (in the points; the lines are public: the choice of the sparse multiplication follows their
 * c0_one). */
static void pairing_miller_loop(fp12 *f, const g1_affine *pa, const g2_affine *qa, const uint64_t *skip, size_t n,
                                const g1_affine *la, const zk_g2_prepared *const *ql, const uint64_t *skipl,
                                size_t nl);

/* Miller loop value of the whole product prod e(ps[i], qs[i]) * prod e(pl[j], ql_j), conjugated for z < 0:
 * chunks of PAIRING_CHUNK pairs of each kind share one loop.
 * On input: ps[0..n-1], qs[0..n-1] are points on E and E' (projective, identity allowed); pl[0..nl-1] points on
 * E, ql[0..nl-1] lines from zk_g2_prepare (the identity's marked); n and nl are public and may be 0.
 * On output: *f = the product's Miller loop value before the final exponentiation (*f = 1 when n = nl = 0).
 * Constant time. */
static void pairing_miller_mixed(fp12 *f, const g1 *ps, const g2 *qs, size_t n, const g1 *pl,
                                 const zk_g2_prepared *const *ql, size_t nl);

/* On input: f != 0 (true for every Miller loop value).
 * On output: *r = f^(3 (p^12 - 1)/r), an element of GT (r may alias f).
 * Constant time. */
static void pairing_final_exp(fp12 *r, const fp12 *f);

/* On input: a is reduced (every coefficient < p).
 * Returns: 1 if a is in GT (the order-r subgroup of Fp12*), else 0.
 * Test: a != 0, a^(p^4) a = a^(p^2) (a is in the cyclotomic subgroup C of order Phi12(p) = p^4 - p^2 + 1),
 * and a^p = a^z. Sound and complete because gcd(p - z, Phi12(p)) = r (asserted in tests/native) and C is
 * cyclic: in C, a^(p - z) = 1 iff ord(a) divides r. Costs one exponentiation by |z| instead of one by r.
 * Variable time: a must be public. */
static int gt_is_member_var(const fp12 *a);

#endif
