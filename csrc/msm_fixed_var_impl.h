/* msm_fixed_var_impl.h -- fixed-base G1 MSM (zk_g1_fixed_table_init_var, zk_g1_msm_fixed_var): precomputed
 * affine tables for points reused across many MSMs (the BBS generators).
 *
 * VARIABLE TIME. Everything in this file branches on and indexes memory by the points and scalars it is given:
 * it may only ever see public data (verification, the Groth16 prover's MSMs over public keys). Secret scalars go
 * through msm_ct_impl.h. Functions here that touch points or scalars end in _var; the others depend on sizes
 * and thread counts only. */
#ifndef ZK_MSM_FIXED_VAR_IMPL_H
#define ZK_MSM_FIXED_VAR_IMPL_H

#include "msm_straus_var_impl.h"

/* For points reused across many MSMs (the BBS generators): the GLV halves of each scalar, k = k1 + k2 lambda
 * (lambda = z^2 - 1, sigma^2), each recoded in width-MSM_FIXED_W NAF, against precomputed affine tables of the
 * odd multiples 1, 3, ..., 2^(W-1) - 1 of P and of sigma^2(P). A width-9 table (128 entries per half, 24 KiB per
 * point) cuts the additions per point from ~43 (width 5, the Straus path) to ~26, and no table is built or
 * normalised per call. Measured on a BBS proof's T2 (12 fixed points + 1): W = 7 / 8 / 9 give 13.6 / 13.0 / 12.6 M
 * instructions per batch-verified proof (callgrind); on the wall clock T2 took 7% less with W = 9 than with 8, and
 * W = 10 another ~4% less in a hot loop, but its tables (576 KiB for 12 points) would crowd L2: 9 it is.
 * Other points of the same sum go through width-5 tables built per call, all in one shared doubling chain. */
#define MSM_FIXED_W 9
#define MSM_FIXED_ENTRIES (1u << (MSM_FIXED_W - 2))
#define MSM_FIXED_DIGITS 130 /* a 128-bit half has at most 129 NAF digits */

typedef struct {
    uint64_t infinity;                          /* 1: the point is the identity (its terms are skipped) */
    uint64_t reserved;
    msm_g1_xy e[2][MSM_FIXED_ENTRIES];          /* e[0][m] = (2m + 1) P, e[1][m] = sigma^2 of it, affine */
} msm_g1_fixed_block;

/* Width-w NAF (2 <= w <= 10) of a 128-bit public value k: digits odd in (-2^(w-1), 2^(w-1)) or 0, at most one
 * nonzero digit in any w consecutive ones, k = sum d[i] 2^i. Returns the length (<= 129). Variable time. */
static unsigned msm_wnaf128_var(int16_t *d, const uint64_t k[2], unsigned w) {
    uint64_t v[3] = {k[0], k[1], 0};
    const int64_t full = (int64_t)1 << w, half = (int64_t)1 << (w - 1);
    unsigned len = 0;
    while (v[0] | v[1] | v[2]) {
        int64_t dig = 0;
        if (v[0] & 1) {
            dig = (int64_t)(v[0] & (uint64_t)(full - 1));
            if (dig >= half) dig -= full;
            if (dig > 0) { /* v -= dig */
                uint64_t b = v[0] < (uint64_t)dig;
                v[0] -= (uint64_t)dig;
                if (b) {
                    b = v[1] == 0;
                    v[1]--;
                    if (b) v[2]--;
                }
            } else { /* v += -dig */
                v[0] += (uint64_t)(-dig);
                if (v[0] < (uint64_t)(-dig)) {
                    v[1]++;
                    if (v[1] == 0) v[2]++;
                }
            }
        }
        d[len++] = (int16_t)dig;
        v[0] = (v[0] >> 1) | (v[1] << 63);
        v[1] = (v[1] >> 1) | (v[2] << 63);
        v[2] >>= 1;
    }
    return len;
}

/* Fill one block from the projective point p (on the curve, in G1). Variable time: p must be public. */
static void msm_g1_fixed_block_init_var(msm_g1_fixed_block *b, const g1 *p) {
    msm_g1_xyzz t[MSM_FIXED_ENTRIES], dbl;
    fp pre[MSM_FIXED_ENTRIES];
    g1_affine a;
    memset(b, 0, sizeof *b);
    g1_batch_to_affine_var(&a, p, 1);
    b->infinity = a.infinity;
    if (a.infinity) return;
    msm_g1_xy base = {a.x, a.y};
    msm_g1_acc_identity_var(&t[0]);
    msm_g1_acc_madd_var(&t[0], &base, 0);
    dbl = t[0];
    msm_g1_acc_dbl_var(&dbl);
    for (unsigned m = 1; m < MSM_FIXED_ENTRIES; m++) {
        t[m] = t[m - 1];
        msm_g1_acc_add_var(&t[m], &dbl);
    }
    /* odd multiples of a point of prime order r are never the identity, so the conversion succeeds */
    msm_g1_table_to_affine_var((uint8_t *)t, MSM_FIXED_ENTRIES, sizeof t[0], pre);
    for (unsigned m = 0; m < MSM_FIXED_ENTRIES; m++) {
        memcpy(&b->e[0][m], &t[m], sizeof b->e[0][m]); /* table_to_affine left (x, y) at the front */
        msm_g1_pt_endo_var(&b->e[1][m], &b->e[0][m], 1);
    }
}

/* Scratch of msm_g1_fixed_run_var: digits (2 per point), then per variable point two width-5 affine tables, then
 * the XYZZ tables and prefix products of their normalisation. */
static size_t msm_fixed_scratch_bytes(size_t nf, size_t nv) {
    return msm_align64((nf + nv) * 2 * MSM_FIXED_DIGITS * sizeof(int16_t)) + msm_align64((nf + nv) * 2 * sizeof(uint32_t)) +
           msm_align64(nv * 2 * MSM_WNAF_TABLE * sizeof(msm_g1_xy)) +
           msm_align64(nv * MSM_WNAF_TABLE * sizeof(msm_g1_xyzz)) + msm_align64(nv * MSM_WNAF_TABLE * sizeof(fp));
}

/* *out = sum_{i < nf} fs[i] * (fixed point i) + sum_{i < nv} vs[i] * pts[i].
 * On input: blocks holds nf blocks; pts nv affine points in G1 (infinity allowed); scalars canonical; scratch
 * (64-byte aligned) holds msm_fixed_scratch_bytes(nf, nv). Variable time: all inputs must be public. */
static void msm_g1_fixed_run_var(g1 *out, const msm_g1_fixed_block *blocks, const zk_fr *fs, size_t nf,
                             const zk_g1_affine *pts, const zk_fr *vs, size_t nv, uint8_t *scratch) {
    const size_t nparts = (nf + nv) * 2;
    int16_t *dig = (int16_t *)scratch;
    uint32_t *lens = (uint32_t *)(scratch + msm_align64(nparts * MSM_FIXED_DIGITS * sizeof(int16_t)));
    msm_g1_xy *vtab = (msm_g1_xy *)((uint8_t *)lens + msm_align64(nparts * sizeof(uint32_t)));
    msm_g1_xyzz *xyzz = (msm_g1_xyzz *)((uint8_t *)vtab + msm_align64(nv * 2 * MSM_WNAF_TABLE * sizeof(msm_g1_xy)));
    fp *pre = (fp *)((uint8_t *)xyzz + msm_align64(nv * MSM_WNAF_TABLE * sizeof(msm_g1_xyzz)));
    unsigned maxlen = 0;
    size_t ntab = 0;
    /* recode: part 2i, 2i+1 of point i (fixed points first, then the variable ones) */
    for (size_t i = 0; i < nf + nv; i++) {
        int fixed = i < nf;
        uint64_t k[4], parts[2][2];
        int skip = fixed ? (int)blocks[i].infinity : (int)pts[i - nf].infinity;
        for (unsigned j = 0; j < 2; j++) lens[2 * i + j] = 0;
        if (skip) continue;
        fr_to_plain(k, fixed ? &fs[i] : &vs[i - nf]);
        msm_glv_split_var(parts[0], parts[1], k);
        for (unsigned j = 0; j < 2; j++) {
            unsigned l = msm_wnaf128_var(dig + (2 * i + j) * MSM_FIXED_DIGITS, parts[j], fixed ? MSM_FIXED_W : 5);
            lens[2 * i + j] = l;
            if (l > maxlen) maxlen = l;
        }
        if (!fixed && (lens[2 * i] | lens[2 * i + 1])) {
            /* width-5 table of the variable point: P, 3P, ..., 15P in XYZZ, normalised below */
            msm_g1_xyzz *t = xyzz + ntab * MSM_WNAF_TABLE, dbl;
            msm_g1_xy base = {pts[i - nf].x, pts[i - nf].y};
            msm_g1_acc_identity_var(&t[0]);
            msm_g1_acc_madd_var(&t[0], &base, 0);
            dbl = t[0];
            msm_g1_acc_dbl_var(&dbl);
            for (unsigned m = 1; m < MSM_WNAF_TABLE; m++) {
                t[m] = t[m - 1];
                msm_g1_acc_add_var(&t[m], &dbl);
            }
            ntab++;
        }
    }
    if (ntab) msm_g1_table_to_affine_var((uint8_t *)xyzz, ntab * MSM_WNAF_TABLE, sizeof(msm_g1_xyzz), pre);
    /* affine tables of the variable points with their sigma^2 images, in point order */
    size_t ti = 0;
    for (size_t i = nf; i < nf + nv; i++) {
        if (!(lens[2 * i] | lens[2 * i + 1])) continue;
        msm_g1_xy *vt = vtab + (i - nf) * 2 * MSM_WNAF_TABLE;
        for (unsigned m = 0; m < MSM_WNAF_TABLE; m++) {
            vt[m] = *(const msm_g1_xy *)&xyzz[ti * MSM_WNAF_TABLE + m];
            msm_g1_pt_endo_var(&vt[MSM_WNAF_TABLE + m], &vt[m], 1);
        }
        ti++;
    }
    msm_g1_xyzz acc;
    msm_g1_acc_identity_var(&acc);
    for (unsigned b = maxlen; b-- > 0;) {
        msm_g1_acc_dbl_var(&acc);
        for (size_t q = 0; q < nparts; q++) {
            if (b >= lens[q]) continue;
            int d = dig[q * MSM_FIXED_DIGITS + b];
            if (d == 0) continue;
            size_t i = q / 2, j = q % 2, m = (size_t)((d < 0 ? -d : d) - 1) / 2;
            const msm_g1_xy *e = i < nf ? &blocks[i].e[j][m] : &vtab[((i - nf) * 2 + j) * MSM_WNAF_TABLE + m];
            msm_g1_acc_madd_var(&acc, e, d < 0);
        }
    }
    msm_g1_acc_to_proj_var(out, &acc);
}

/* ======================================================================== public API (zkcred.h) */

ZK_API size_t zk_g1_fixed_table_size(size_t n) { return n * sizeof(msm_g1_fixed_block); }

ZK_API zk_err zk_g1_fixed_table_init_var(void *table, size_t table_len, const zk_g1 *points, size_t n) {
    if (n > MSM_MAX_N) return ZK_ERR_ARGUMENT;
    if (n && (table == NULL || table_len < n * sizeof(msm_g1_fixed_block))) return ZK_ERR_SCRATCH;
    ZK_CHECK(g1_all_valid(points, n) && zk_disjoint(table, table_len, points, n * sizeof *points));
    for (size_t i = 0; i < n; i++) msm_g1_fixed_block_init_var((msm_g1_fixed_block *)table + i, &points[i]);
    return ZK_OK;
}

ZK_API size_t zk_g1_msm_fixed_scratch_size(size_t nf, size_t nv) {
    if (nf > MSM_MAX_N || nv > MSM_MAX_N) return 0;
    return msm_fixed_scratch_bytes(nf, nv) + 64;
}

ZK_API zk_err zk_g1_msm_fixed_var(zk_g1 *out, const void *table, size_t table_len, const zk_fr *fixed_scalars,
                                  size_t nf, const zk_g1_affine *points, const zk_fr *scalars, size_t nv,
                                  void *scratch, size_t scratch_len) {
    if (nf > MSM_MAX_N || nv > MSM_MAX_N) return ZK_ERR_ARGUMENT;
    if (nf && (table == NULL || table_len < nf * sizeof(msm_g1_fixed_block))) return ZK_ERR_ARGUMENT;
    if (scratch == NULL || scratch_len < msm_fixed_scratch_bytes(nf, nv) + 64) return ZK_ERR_SCRATCH;
    if (((uintptr_t)table & 7) != 0) return ZK_ERR_ARGUMENT;
    ZK_CHECK(fr_all_reduced(fixed_scalars, nf) && fr_all_reduced(scalars, nv) && g1_affine_all_valid(points, nv));
    ZK_CHECK(zk_disjoint(scratch, scratch_len, table, table_len) &&
             zk_disjoint(scratch, scratch_len, points, nv * sizeof *points) &&
             zk_disjoint(scratch, scratch_len, out, sizeof *out));
    msm_g1_fixed_run_var(out, (const msm_g1_fixed_block *)table, fixed_scalars, nf, points, scalars, nv,
                     msm_align_scratch(scratch));
    return ZK_OK;
}


#endif
