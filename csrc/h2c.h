/* h2c.h -- hash to curve for BLS12-381 (RFC 9380, suites BLS12381G1_*_SSWU_{RO,NU}_ and BLS12381G2_*_SSWU_*_).
 *
 * The C side starts after expand_message: Python runs expand_message_xmd/xof (hashlib) and passes the uniform
 * bytes; hash_to_field's reduction (OS2IP(64 bytes) mod p), the simplified SWU map onto the isogenous curves
 * E1' / E2' (RFC 9380 section 6.6.2 and appendix F.2), the isogeny maps (appendix E.2 / E.3) and cofactor
 * clearing (section 7: G1 by h_eff = 1 - z, G2 by the psi method of appendix G.3) run here.
 *
 * Hashed messages may be secret (e.g. BBS messages hashed to scalars or points), so everything here is constant
 * time in the field elements and points: no branch or memory index depends on them, exceptional cases are
 * handled with masks, and secret temporaries are wiped. Points are returned in projective coordinates without
 * any inversion. hash_to_curve adds the two SSWU outputs on the isogenous curve and applies the isogeny once (it
 * is a group homomorphism, so the result equals the RFC's iso(Q0) + iso(Q1)).
 *
 * Constants (Z, A', B', isogeny coefficients, sqrt_ratio constants) are in h2c_consts.h, generated and checked by
 * tools/gen_h2c_consts.py. */
#ifndef ZK_H2C_H
#define ZK_H2C_H

#include "g2.h"

/* sqrt_ratio for Fp (RFC 9380 appendix F.2.1.2, q = 3 mod 4) with the G1 SSWU constant Z = 11, on `lanes`
 * independent inputs whose exponentiations run in lockstep.
 * On input: 1 <= lanes <= 2; u[i], v[i] in Fp, v[i] != 0.
 * On output: for i < lanes, is_qr[i] = 1 and y[i] = sqrt(u[i] / v[i]) if u[i] / v[i] is a square, else
 * is_qr[i] = 0 and y[i] = sqrt(Z * u[i] / v[i]).
 * Constant time. */
static void h2c_sqrt_ratio_g1(fp *y, uint64_t *is_qr, const fp *u, const fp *v, size_t lanes);

/* Simplified SWU onto E1': y^2 = x^3 + A'x + B' (RFC 9380 appendix F.2, straight line), on `lanes` inputs.
 * On input: 1 <= lanes <= 2; u[i] in Fp (any value).
 * On output: r[i] = map_to_curve_simple_swu(u[i]) on E1' in projective coordinates (x : y : 1) scaled by the
 * denominator of x, so no inversion is needed; r[i].z != 0. (r holds points of E1', not of E: the g1 struct is
 * reused.) Constant time. */
static void h2c_sswu_g1(g1 *r, const fp *u, size_t lanes);

/* Complete addition on E1' (Renes-Costello-Batina 2016 algorithm 1, general a = A').
 * On input: a, b projective points of E1' (the identity is (0 : 1 : 0)). On output: *r = a + b on E1'.
 * Aliasing allowed. Constant time. */
static void h2c_add_iso_g1(g1 *r, const g1 *a, const g1 *b);

/* The 11-isogeny E1' -> E (RFC 9380 appendix E.2), evaluated on projective coordinates without inversion.
 * On input: a is a projective point of E1' (the identity allowed).
 * On output: *r = iso_map(a) on E, projective; the identity when a is the identity or a vanishing denominator
 * of the map says a is in its kernel (RFC 9380 section 6.6.3). Aliasing allowed.
 * Constant time. */
static void h2c_iso_g1(g1 *r, const g1 *a);

/* map_to_curve for G1: *r = iso_map(map_to_curve_simple_swu(u)), a point on E (not yet in G1).
 * Constant time. */
static void h2c_map_to_g1(g1 *r, const fp *u);

/* clear_cofactor for G1: *r = h_eff * a with h_eff = 1 - z = 0xd201000000010001 (RFC 9380 section 8.8.1).
 * On input: a on E. On output: *r in G1. Aliasing allowed. Constant time. */
static void h2c_clear_cofactor_g1(g1 *r, const g1 *a);

/* sqrt_ratio for Fp2 (RFC 9380 appendix F.2.1.1, the constant-time form for any field; q = p^2 = 9 mod 16, so
 * c1 = 3) with the G2 SSWU constant Z = -(2 + I), on `lanes` inputs in lockstep. The exponentiation by
 * c3 = (p^2 - 9)/16 runs as x^b conj(x)^a with c3 = a p + b (the Frobenius x^p = conj(x) is free).
 * On input: 1 <= lanes <= 2; u[i], v[i] in Fp2, v[i] != 0.
 * On output: for i < lanes, is_qr[i] = 1 and y[i] = sqrt(u[i] / v[i]) if u[i] / v[i] is a square, else
 * is_qr[i] = 0 and y[i] = sqrt(Z * u[i] / v[i]).
 * Constant time. */
static void h2c_sqrt_ratio_g2(fp2 *y, uint64_t *is_qr, const fp2 *u, const fp2 *v, size_t lanes);

/* Simplified SWU onto E2': y^2 = x^3 + 240 I x + 1012 (1 + I), on `lanes` inputs.
 * On input: 1 <= lanes <= 2; u[i] in Fp2. On output: r[i] = map_to_curve_simple_swu(u[i]) on E2', projective,
 * r[i].z != 0. Constant time. */
static void h2c_sswu_g2(g2 *r, const fp2 *u, size_t lanes);

/* Complete addition on E2' (RCB 2016 algorithm 1 over Fp2). Aliasing allowed. Constant time. */
static void h2c_add_iso_g2(g2 *r, const g2 *a, const g2 *b);

/* The 3-isogeny E2' -> E' (the G2 twist), RFC 9380 appendix E.3, on projective coordinates; identity on the
 * identity and on the kernel. Aliasing allowed. Constant time. */
static void h2c_iso_g2(g2 *r, const g2 *a);

/* map_to_curve for G2: *r = iso_map(map_to_curve_simple_swu(u)). Constant time. */
static void h2c_map_to_g2(g2 *r, const fp2 *u);

/* clear_cofactor for G2: *r = h_eff * a for the h_eff of RFC 9380 section 8.8.2, computed with psi as in
 * appendix G.3 (Budroni-Pintore): [z^2 - z - 1]a + [z - 1]psi(a) + psi^2(2a).
 * On input: a on E'(Fp2). On output: *r in G2. Aliasing allowed. Constant time. */
static void h2c_clear_cofactor_g2(g2 *r, const g2 *a);

#endif
