/* accum.h -- the positive VB accumulator's hot loops (zkcred.registry.accumulator; Vitto-Biryukov 2020,
 * sections 3-4). The algebra is in the Python module's docstring; here:
 *
 *  - vb_update_points_ct (accum_ct_impl.h): the issuer's values after each change of one epoch,
 *    W_i = P_i V_old with P_i the prefix products of (a_j + alpha) (additions) and (b_j + alpha)^-1 (removals);
 *    the first d - 1 are published scaled by h_eff^-1 (Omega), the last is V_new. A constant-time comb of V_old
 *    (GLV halves, signed 5-bit digits, masked affine lookups): 52 mixed additions per point, no doublings.
 *  - vb_witness_update_ct (accum_ct_impl.h): the holder's fold of the single-update rules over any number of
 *    changes, C_new = h_eff * (lambda h_eff^-1 C + sum_i mu_i' W_i), as one constant-time MSM (Straus, per-point
 *    affine tables built with complete formulas and normalised with one inversion, masked lookups) and one
 *    multiplication by h_eff = 1 - z (g1_mul_by_z). Points that carry h_eff^-1 (Omega) need only be on the curve.
 *    The tables of the public points (every MSM point but C) come from vb_tables_var (accum_var_impl.h: batched
 *    affine additions, one inversion per multiple); only C's table is built in constant time. The tables and the
 *    MSM run in parts of consecutive points on the pool's threads (pool.h), their sums added at the end.
 *  - zk_vb_decode_update_var (accum_var_impl.h): an update's Omega points checked for flags, range and the curve
 *    equation, without the subgroup test (h_eff clears the rest), in parts on the pool's threads, beside the full
 *    decode of its new value. Public data.
 */
#ifndef ZK_ACCUM_H
#define ZK_ACCUM_H

#include "g1.h"

/* 26 windows of 5 bits cover each 128-bit GLV half plus the offset H (as msm_ct_impl.h). */
#define VB_WINDOWS 26
#define VB_LIMBS 3
#define VB_TABLE 16 /* affine 1P .. 16P; 0P is the affine infinity */

/* tab[VB_TABLE p + e - 1] = e pts[p] (affine), p < n, e = 1..VB_TABLE; den and pre: n elements of scratch; ws:
 * VB_TABLES_LANE_BYTES(n) bytes of 64-byte aligned scratch (the lanes' columns). Returns 0, or 1 when an addition
 * is exceptional (a multiple is the identity: a point of small order, only from a hostile Omega); tab is then
 * unspecified. Variable time: public points only (accum_var_impl.h). */
#define VB_TABLES_LANE_BYTES(n) ((((n) + 7) / 8) * 7 * 512)

/* The holder's loops run in parts of consecutive items on the pool's threads (pool.h): vb_parts is the number of
 * parts for n items -- at most nthreads (0 means 1) and max_parts, each at least min_len items -- and each part
 * but the last holds vb_part_len(n, k) items, whole groups of eight (the lanes' unit), spread evenly; part t
 * starts at *off and holds vb_part_range's result (the last may hold fewer, or none). Sizes only (public). */
static size_t vb_parts(size_t n, unsigned nthreads, size_t min_len, size_t max_parts) {
    size_t k = nthreads ? nthreads : 1;
    if (k > max_parts) k = max_parts;
    while (k > 1 && n / k < min_len) k--;
    return k;
}
static size_t vb_part_len(size_t n, size_t k) { return ((n + 7) / 8 + k - 1) / k * 8; }
static size_t vb_part_range(size_t t, size_t len, size_t n, size_t *off) {
    *off = t * len;
    return *off >= n ? 0 : (n - *off < len ? n - *off : len);
}
static int vb_tables_var(g1_affine *tab, const g1 *pts, size_t n, fp *den, fp *pre, uint8_t *ws);

#endif
