/* msm_ct_impl.h -- the constant-time G1 MSM (zk_g1_msm_ct): secret scalars (BBS proof generation).
 * CONSTANT TIME in the points and the scalars; only n is public. Nothing here may branch on or index memory by
 * point or scalar data, and nothing here may call a _var function. Two paths, chosen by the CPU (fp_ifma.h) and
 * n (both public): the portable loop, and from MSM_CT_LANES_MIN points on where the CPU has AVX-512 IFMA, the
 * eight-lane kernel of msm_lanes_impl.h (shared with the witness update) on affine tables. */
#ifndef ZK_MSM_CT_IMPL_H
#define ZK_MSM_CT_IMPL_H

#include "msm_common_impl.h"
#include "msm_lanes_impl.h" /* straus_lanes_ct: the Straus loop on eight IFMA lanes, shared with accum_ct_impl.h */

/* GLV with the g1 module's constant-time split k = k1 + k2 z^2 ([z^2]P = -sigma(P) on G1), then signed 5-bit
 * windows: k_j + H = sum_w (d_w + 16) 32^w with H = sum_{w<26} 16 * 32^w, so every digit d_w in [-16, 15] is a
 * plain bit field minus 16 (k_j < 2^128 and H < 0.52 * 2^130 keep k_j + H below 2^130 = 32^26). */
#define MSM_CT_TABLE 17 /* 0P (identity), 1P, ..., 16P */
#define MSM_CT_WINDOWS 26
#define MSM_CT_LIMBS 3

_Static_assert(MSM_CT_WINDOWS == LANES_WINDOWS && MSM_CT_LIMBS == LANES_LIMBS && MSM_CT_TABLE == LANES_TABLE + 1,
               "the portable loop and the lane kernel read the same recoding and the same multiples");

/* The portable loop's scratch: per point the projective table 0P..16P and the recoded halves. */
static size_t msm_ct_portable_bytes(size_t n) {
    return n * (MSM_CT_TABLE * sizeof(g1) + 2 * MSM_CT_LIMBS * sizeof(uint64_t));
}

#ifdef ZK_HAVE_IFMA
/* From this many points on, the eight IFMA lanes are faster than the portable loop (measured: the lanes' fixed
 * cost is their 125 doublings, one Fermat inversion and the spare lanes of the last slot: from 8 points on the
 * lanes win, 1.15x at 8 and 3.7x at 134 points; below, the portable loop is as fast or faster). */
#define MSM_CT_LANES_MIN 8

/* The lanes path's scratch: the recoded halves, then (64-byte aligned) the lane tables (straus_lanes_bytes) and
 * their projective staging (straus_lanes_stage_bytes). */
static size_t msm_ct_lanes_head(size_t n) { return msm_align64(n * 2 * MSM_CT_LIMBS * sizeof(uint64_t)); }
static size_t msm_ct_lanes_bytes(size_t n) {
    return msm_ct_lanes_head(n) + msm_align64(straus_lanes_bytes(n)) + straus_lanes_stage_bytes(n);
}
#endif

static size_t msm_ct_bytes(size_t n) {
    size_t b = msm_ct_portable_bytes(n);
#ifdef ZK_HAVE_IFMA
    if (msm_ct_lanes_bytes(n) > b) b = msm_ct_lanes_bytes(n); /* either path may run: the CPU decides at load */
#endif
    return b;
}

/* ks[0..6) = (k1 + H, k2 + H) for k = k1 + k2 z^2 (scalar_split_z2): window w of each half is the digit d_w + 16.
 * Constant time. */
static void msm_ct_recode(uint64_t ks[2 * MSM_CT_LIMBS], const zk_fr *k) {
    uint64_t h[MSM_CT_LIMBS] = {0, 0, 0}, parts[2][2];
    for (unsigned w = 0; w < MSM_CT_WINDOWS; w++) h[(5 * w + 4) / 64] |= (uint64_t)1 << ((5 * w + 4) % 64);
    scalar_split_z2(parts[0], parts[1], k);
    for (unsigned j = 0; j < 2; j++) {
        uint64_t *dst = ks + j * MSM_CT_LIMBS, carry = 0;
        for (unsigned l = 0; l < MSM_CT_LIMBS; l++) {
            u128 v = (u128)(l < 2 ? parts[j][l] : 0) + h[l] + carry;
            dst[l] = (uint64_t)v;
            carry = (uint64_t)(v >> 64);
        }
    }
    ct_wipe(parts, sizeof parts);
}

/* tab[0..16) = 1P, ..., 16P, projective, complete formulas (P may be the identity). Constant time. */
static void msm_ct_multiples(g1 *tab, const g1 *p) {
    tab[0] = *p;
    for (unsigned e = 2; e <= LANES_TABLE; e++) {
        if (e & 1)
            g1_add(&tab[e - 1], &tab[e - 2], p);
        else
            g1_dbl(&tab[e - 1], &tab[e / 2 - 1]);
    }
}

#ifdef ZK_HAVE_IFMA
/* g1_msm_ct on the eight IFMA lanes: the tables of the secret points built on the lanes
 * (straus_lanes_tables_ct: complete formulas, one Fermat inversion per lane), then straus_lanes_run. Constant time
 * (n public). */
static void g1_msm_ct_lanes(g1 *out, const g1 *points, const zk_fr *scalars, size_t n, uint8_t *scratch) {
    uint64_t *ks = (uint64_t *)scratch;
    uint8_t *lanes = scratch + msm_ct_lanes_head(n); /* 64-byte aligned: scratch is */
    lg1_laff *lt = (lg1_laff *)lanes;
    uint8_t *inf_of = lanes + ((n + 7) / 8) * LANES_TABLE * sizeof(lg1_laff);
    lg1_lpt *stage = (lg1_lpt *)(lanes + msm_align64(straus_lanes_bytes(n)));
    for (size_t i = 0; i < n; i++) msm_ct_recode(ks + i * 2 * MSM_CT_LIMBS, &scalars[i]);
    straus_lanes_tables_ct(lt, inf_of, points, n, stage);
    straus_lanes_run(out, lt, inf_of, ks, n);
    ct_wipe(scratch, msm_ct_lanes_bytes(n));
}
#endif

static void g1_msm_ct(g1 *out, const g1 *points, const zk_fr *scalars, size_t n, uint8_t *scratch) {
#ifdef ZK_HAVE_IFMA
    if (fp_ifma_enabled && n >= MSM_CT_LANES_MIN) { /* the CPU's, and the count (public) */
        g1_msm_ct_lanes(out, points, scalars, n, scratch);
        return;
    }
#endif
    g1 *tab = (g1 *)scratch;
    uint64_t *ks = (uint64_t *)(scratch + n * MSM_CT_TABLE * sizeof(g1)); /* n * (k1 + H, k2 + H) */
    g1 acc, t, nt;
    for (size_t i = 0; i < n; i++) {
        g1 *ti = tab + i * MSM_CT_TABLE;
        msm_ct_recode(ks + i * 2 * MSM_CT_LIMBS, &scalars[i]);
        g1_set_identity(&ti[0]);
        msm_ct_multiples(ti + 1, &points[i]);
    }
    g1_set_identity(&acc);
    for (unsigned w = MSM_CT_WINDOWS; w-- > 0;) { /* the window position is public */
        if (w + 1 != MSM_CT_WINDOWS)
            for (unsigned d = 0; d < 5; d++) g1_dbl(&acc, &acc);
        unsigned bit = 5 * w, li = bit / 64, sh = bit % 64;
        for (size_t i = 0; i < n; i++) {
            const g1 *ti = tab + i * MSM_CT_TABLE;
            for (unsigned j = 0; j < 2; j++) {
                const uint64_t *k = ks + (2 * i + j) * MSM_CT_LIMBS;
                uint64_t v = k[li] >> sh;
                if (sh > 59) v |= k[li + 1] << (64 - sh); /* public position */
                v &= 31;
                /* d = v - 16: sign = (v < 16), |d| = sign ? 16 - v : v - 16 */
                uint64_t neg = ((v - 16) >> 63) & 1, m = ct_mask(neg);
                uint64_t absd = ((v - 16) & ~m) | ((16 - v) & m);
                g1_set_identity(&t);
                for (unsigned e = 0; e < MSM_CT_TABLE; e++) g1_cmov(&t, &ti[e], ct_is_zero(absd ^ e));
                if (j == 1) {
                    g1_sigma(&t, &t); /* part 2 multiplies [z^2]P = -sigma(P): flip the sign once more */
                    neg ^= 1;
                }
                g1_neg(&nt, &t);
                g1_cmov(&t, &nt, neg);
                g1_add(&acc, &acc, &t);
            }
        }
    }
    *out = acc;
    ct_wipe(&acc, sizeof acc);
    ct_wipe(&t, sizeof t);
    ct_wipe(&nt, sizeof nt);
    ct_wipe(scratch, msm_ct_portable_bytes(n));
}

/* ---------------------------------------------------------------- from precomputed multiples (Groth16's H sum) */

/* g1_msm_ct with the multiples of every point given: tab[16 i + e - 1] = e P_i affine (e = 1..16; an entry may be
 * the affine infinity), as the lanes path loads them (straus_lanes_ct) instead of building them. On input:
 * scratch (64-byte aligned) holds msm_ct_bytes(n). On output: scratch wiped. Constant time in the tables and the
 * scalars (n public). */
static void g1_msm_ct_tab(g1 *out, const g1_affine *tab, const zk_fr *scalars, size_t n, uint8_t *scratch) {
#ifdef ZK_HAVE_IFMA
    if (fp_ifma_enabled && n >= MSM_CT_LANES_MIN) { /* the CPU's, and the count (public) */
        uint64_t *ks = (uint64_t *)scratch;
        for (size_t i = 0; i < n; i++) msm_ct_recode(ks + i * 2 * MSM_CT_LIMBS, &scalars[i]);
        straus_lanes_ct(out, tab, ks, n, scratch + msm_ct_lanes_head(n));
        ct_wipe(scratch, msm_ct_lanes_head(n) + straus_lanes_bytes(n)); /* the staging part is not used here */
        return;
    }
#endif
    /* the portable loop: the same tables, projective, with 0P in front */
    g1 *tmp = (g1 *)scratch;
    uint64_t *ks = (uint64_t *)(scratch + n * MSM_CT_TABLE * sizeof(g1));
    g1 acc, t, nt;
    for (size_t i = 0; i < n; i++) {
        g1 *ti = tmp + i * MSM_CT_TABLE;
        msm_ct_recode(ks + i * 2 * MSM_CT_LIMBS, &scalars[i]);
        g1_set_identity(&ti[0]);
        for (unsigned e = 1; e < MSM_CT_TABLE; e++) g1_from_affine(&ti[e], &tab[LANES_TABLE * i + e - 1]);
    }
    g1_set_identity(&acc);
    for (unsigned w = MSM_CT_WINDOWS; w-- > 0;) { /* the window position is public */
        if (w + 1 != MSM_CT_WINDOWS)
            for (unsigned d = 0; d < 5; d++) g1_dbl(&acc, &acc);
        unsigned bit = 5 * w, li = bit / 64, sh = bit % 64;
        for (size_t i = 0; i < n; i++) {
            const g1 *ti = tmp + i * MSM_CT_TABLE;
            for (unsigned j = 0; j < 2; j++) {
                const uint64_t *k = ks + (2 * i + j) * MSM_CT_LIMBS;
                uint64_t v = k[li] >> sh;
                if (sh > 59) v |= k[li + 1] << (64 - sh); /* public position */
                v &= 31;
                uint64_t neg = ((v - 16) >> 63) & 1, m = ct_mask(neg);
                uint64_t absd = ((v - 16) & ~m) | ((16 - v) & m);
                g1_set_identity(&t);
                for (unsigned e = 0; e < MSM_CT_TABLE; e++) g1_cmov(&t, &ti[e], ct_is_zero(absd ^ e));
                if (j == 1) {
                    g1_sigma(&t, &t);
                    neg ^= 1;
                }
                g1_neg(&nt, &t);
                g1_cmov(&t, &nt, neg);
                g1_add(&acc, &acc, &t);
            }
        }
    }
    *out = acc;
    ct_wipe(&acc, sizeof acc);
    ct_wipe(&t, sizeof t);
    ct_wipe(&nt, sizeof nt);
    ct_wipe(scratch, msm_ct_portable_bytes(n));
}

/* tab[16 i + e - 1] = e P_i (e = 1..16), affine, for n public points; tmp holds 16 n projective points.
 * Variable time: the points must be public. */
static void g1_multiples_table_var(g1_affine *tab, const g1_affine *pts, size_t n, g1 *tmp) {
    for (size_t i = 0; i < n; i++) {
        g1 p;
        g1_from_affine(&p, &pts[i]);
        msm_ct_multiples(tmp + LANES_TABLE * i, &p);
    }
    g1_batch_to_affine_var(tab, tmp, LANES_TABLE * n);
}

ZK_API size_t zk_g1_multiples_table_scratch_size(size_t n) { return n * LANES_TABLE * sizeof(g1); }

ZK_API zk_err zk_g1_multiples_table_var(zk_g1_affine *tab, const zk_g1_affine *pts, size_t n, void *scratch,
                                        size_t scratch_len) {
    if (n > MSM_MAX_N || (n && (!tab || !pts))) return ZK_ERR_ARGUMENT;
    if (n && (!scratch || scratch_len < zk_g1_multiples_table_scratch_size(n))) return ZK_ERR_SCRATCH;
    g1_multiples_table_var(tab, pts, n, (g1 *)scratch);
    return ZK_OK;
}

/* ---------------------------------------------------------------- several sums in one pass (zk_g1_msm_ct_multi) */

/* m sums, group o of counts[o] points (consecutive in points / scalars). On the IFMA lanes the groups share one
 * pass: each group takes whole lanes (its points spread over them, slot after slot), the other lanes' entries are
 * the identity with scalar 0, and each output adds the lane sums of its group; S slots, the fewest that fit
 * every group in the eight lanes. Everything here depends on m and the counts only (public). */
#define MSM_CT_MULTI_MAX 8

/* The slots of the shared pass, or 0 when it does not apply (no IFMA, more than eight groups, fewer than
 * MSM_CT_LANES_MIN points in all: the groups then run one after the other). Variable time in the counts
 * (public). */
static size_t msm_ct_multi_slots(const size_t *counts, size_t m) {
#ifdef ZK_HAVE_IFMA
    size_t total = 0, maxc = 0;
    if (!fp_ifma_enabled || m > MSM_CT_MULTI_MAX) return 0;
    for (size_t o = 0; o < m; o++) {
        total += counts[o];
        if (counts[o] > maxc) maxc = counts[o];
    }
    if (total < MSM_CT_LANES_MIN) return 0;
    for (size_t S = 1; S <= maxc; S++) {
        size_t lanes = 0;
        for (size_t o = 0; o < m; o++) lanes += (counts[o] + S - 1) / S;
        if (lanes <= 8) return S;
    }
    return maxc ? maxc : 1;
#else
    (void)counts;
    (void)m;
    return 0;
#endif
}

static size_t msm_ct_multi_bytes(const size_t *counts, size_t m) {
    size_t S = msm_ct_multi_slots(counts, m), maxc = 0;
    for (size_t o = 0; o < m; o++)
        if (counts[o] > maxc) maxc = counts[o];
    size_t one = maxc ? msm_ct_bytes(maxc) : 0; /* the groups one after the other */
#ifdef ZK_HAVE_IFMA
    if (S) {
        size_t np = 8 * S, b = msm_align64(np * sizeof(g1)) + msm_ct_lanes_bytes(np);
        return b > one ? b : one;
    }
#endif
    (void)S;
    return one;
}

#ifdef ZK_HAVE_IFMA
/* The shared pass on S slots: scratch (64-byte aligned) holds the padded points (8 S g1), then the lanes path's
 * layout for 8 S points. Constant time (m, the counts and S public). */
static void g1_msm_ct_multi_lanes(g1 *out, const g1 *points, const zk_fr *scalars, const size_t *counts, size_t m,
                                  size_t S, uint8_t *scratch) {
    size_t np = 8 * S, lane = 0, off = 0;
    g1 *pad = (g1 *)scratch;
    uint8_t *ls = scratch + msm_align64(np * sizeof(g1));
    uint64_t *ks = (uint64_t *)ls;
    uint8_t *lanes = ls + msm_ct_lanes_head(np);
    lg1_laff *lt = (lg1_laff *)lanes;
    uint8_t *inf_of = lanes + S * LANES_TABLE * sizeof(lg1_laff);
    lg1_lpt *stage = (lg1_lpt *)(lanes + msm_align64(straus_lanes_bytes(np)));
    unsigned owner[8];
    zk_fr zero;
    g1 part[8];
    memset(&zero, 0, sizeof zero);
    for (size_t i = 0; i < np; i++) {
        g1_set_identity(&pad[i]);
        msm_ct_recode(ks + i * 2 * MSM_CT_LIMBS, &zero);
    }
    for (unsigned k = 0; k < 8; k++) owner[k] = MSM_CT_MULTI_MAX; /* a spare lane: no group */
    for (size_t o = 0; o < m; o++) {
        size_t l = (counts[o] + S - 1) / S; /* the group's lanes: lane .. lane + l - 1 */
        for (size_t j = 0; j < counts[o]; j++) {
            size_t idx = 8 * (j / l) + lane + j % l;
            pad[idx] = points[off + j];
            msm_ct_recode(ks + idx * 2 * MSM_CT_LIMBS, &scalars[off + j]);
        }
        for (size_t k = 0; k < l; k++) owner[lane + k] = (unsigned)o;
        lane += l;
        off += counts[o];
    }
    straus_lanes_tables_ct(lt, inf_of, pad, np, stage);
    straus_lanes_run_parts(part, lt, inf_of, ks, np);
    for (size_t o = 0; o < m; o++) g1_set_identity(&out[o]);
    for (unsigned k = 0; k < 8; k++)
        if (owner[k] < m) g1_add(&out[owner[k]], &out[owner[k]], &part[k]); /* the owner is public */
    ct_wipe(part, sizeof part);
    ct_wipe(scratch, msm_align64(np * sizeof(g1)) + msm_ct_lanes_bytes(np));
}
#endif

ZK_API size_t zk_g1_msm_ct_multi_scratch_size(const size_t *counts, size_t m) {
    size_t total = 0;
    if (m == 0 || m > MSM_MAX_N || !counts) return 0;
    for (size_t o = 0; o < m; o++) {
        if (counts[o] > MSM_MAX_N - total) return 0;
        total += counts[o];
    }
    if (total == 0) return 0;
    return msm_ct_multi_bytes(counts, m) + 64;
}

ZK_API zk_err zk_g1_msm_ct_multi(zk_g1 *out, const zk_g1 *points, const zk_fr *scalars, const size_t *counts,
                                 size_t m, void *scratch, size_t scratch_len) {
    size_t total = 0;
    if (m == 0) return ZK_OK;
    if (!counts || !out) return ZK_ERR_ARGUMENT;
    for (size_t o = 0; o < m; o++) {
        if (counts[o] > MSM_MAX_N - total) return ZK_ERR_ARGUMENT;
        total += counts[o];
    }
    if (total == 0) {
        for (size_t o = 0; o < m; o++) g1_set_identity(&out[o]);
        return ZK_OK;
    }
    if (!points || !scalars) return ZK_ERR_ARGUMENT;
    if (scratch == NULL || scratch_len < msm_ct_multi_bytes(counts, m) + 64) return ZK_ERR_SCRATCH;
    ZK_CHECK(g1_all_valid(points, total) && fr_all_reduced(scalars, total));
    ZK_CHECK(zk_disjoint(scratch, scratch_len, points, total * sizeof *points) &&
             zk_disjoint(scratch, scratch_len, scalars, total * sizeof *scalars) &&
             zk_disjoint(scratch, scratch_len, out, m * sizeof *out) &&
             zk_disjoint(out, m * sizeof *out, points, total * sizeof *points));
    uint8_t *scr = msm_align_scratch(scratch);
#ifdef ZK_HAVE_IFMA
    size_t S = msm_ct_multi_slots(counts, m);
    if (S) {
        g1_msm_ct_multi_lanes(out, points, scalars, counts, m, S, scr);
        return ZK_OK;
    }
#endif
    for (size_t o = 0, off = 0; o < m; off += counts[o], o++) {
        if (counts[o] == 0)
            g1_set_identity(&out[o]);
        else
            g1_msm_ct(&out[o], points + off, scalars + off, counts[o], scr);
    }
    return ZK_OK;
}

/* ---------------------------------------------------------------- public API (zkcred.h) */

ZK_API size_t zk_g1_msm_ct_scratch_size(size_t n) {
    if (n == 0 || n > MSM_MAX_N) return 0;
    return msm_ct_bytes(n) + 64;
}

ZK_API zk_err zk_g1_msm_ct(zk_g1 *out, const zk_g1 *points, const zk_fr *scalars, size_t n, void *scratch,
                        size_t scratch_len) {
    if (n == 0) {
        g1_set_identity(out);
        return ZK_OK;
    }
    if (n > MSM_MAX_N) return ZK_ERR_ARGUMENT;
    if (scratch == NULL || scratch_len < msm_ct_bytes(n) + 64) return ZK_ERR_SCRATCH;
    ZK_CHECK(g1_all_valid(points, n) && fr_all_reduced(scalars, n));
    ZK_CHECK(zk_disjoint(scratch, scratch_len, points, n * sizeof *points) &&
             zk_disjoint(scratch, scratch_len, scalars, n * sizeof *scalars) &&
             zk_disjoint(scratch, scratch_len, out, sizeof *out));
    g1_msm_ct(out, points, scalars, n, msm_align_scratch(scratch));
    return ZK_OK;
}

#endif
