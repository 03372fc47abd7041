/* msm_straus_var_impl.h -- the small-n engine of zk_g1_msm_var / zk_g2_msm_var: Straus with width-5 NAF digits
 * of the split scalars, one table of odd multiples per point, one shared doubling chain.
 *
 * VARIABLE TIME. Everything in this file branches on and indexes memory by the points and scalars it is given:
 * it may only ever see public data (verification, the Groth16 prover's MSMs over public keys). Secret scalars go
 * through msm_ct_impl.h. Functions here that touch points or scalars end in _var; the others depend on sizes
 * and thread counts only. */
#ifndef ZK_MSM_STRAUS_VAR_IMPL_H
#define ZK_MSM_STRAUS_VAR_IMPL_H

#include "msm_group_var_impl.h"

#define MSM_WNAF_TABLE 8 /* odd multiples 1, 3, ..., 15 */
#define MSM_STRAUS_AFFINE_MIN 1 /* tables from which one batch inversion for affine tables pays (safegcd: from 1 on) */

/* Digits of the split parts: at most bits + 1 of them. */
static unsigned msm_straus_len(unsigned nsplit) { return nsplit == 1 ? 257 : nsplit == 2 ? 130 : 66; }

/* Width-5 NAF of the plain 4-limb k: d[i] in {0, +-1, +-3, ..., +-15}, at most one nonzero digit in any 5
 * consecutive ones; returns the length (k = sum d[i] 2^i). Variable time: k must be public. */
static unsigned msm_wnaf5_var(int8_t *d, const uint64_t k[4], unsigned maxlen) {
    uint64_t v[5] = {k[0], k[1], k[2], k[3], 0};
    unsigned len = 0;
    while ((v[0] | v[1] | v[2] | v[3] | v[4]) && len < maxlen) {
        int8_t dig = 0;
        if (v[0] & 1) {
            int m = (int)(v[0] & 31);
            dig = (int8_t)(m > 16 ? m - 32 : m);
            /* v -= dig (dig odd, |dig| < 16; v >= 1 stays >= 0 since dig == v mod 32 and v > 0) */
            uint64_t carry = 0, borrow = 0;
            if (dig > 0) {
                u128 t = (u128)v[0] - (uint64_t)dig;
                v[0] = (uint64_t)t;
                borrow = (uint64_t)(t >> 64) & 1;
                for (int i = 1; i < 5 && borrow; i++) borrow = (v[i]-- == 0);
            } else {
                u128 t = (u128)v[0] + (uint64_t)(-dig);
                v[0] = (uint64_t)t;
                carry = (uint64_t)(t >> 64);
                for (int i = 1; i < 5 && carry; i++) carry = (++v[i] == 0);
            }
        }
        d[len++] = dig;
        v[0] = (v[0] >> 1) | (v[1] << 63);
        v[1] = (v[1] >> 1) | (v[2] << 63);
        v[2] = (v[2] >> 1) | (v[3] << 63);
        v[3] = (v[3] >> 1) | (v[4] << 63);
        v[4] >>= 1;
    }
    return len;
}

static void msm_straus_var(void *out, const msm_group *g, const msm_plan *pl, const void *points, size_t pt_stride,
                           size_t inf_off, const zk_fr *scalars, uint8_t *scratch) {
    const unsigned ns = pl->nsplit, len = msm_straus_len(ns);
    const size_t asz = g->acc_size;
    uint8_t *tab = scratch + pl->off_res;    /* npts * 8 XYZZ entries */
    int8_t *dig = (int8_t *)(scratch + pl->off_kp); /* npts * len digits */
    uint8_t *used = scratch + pl->off_ext;   /* npts flags: this part has a nonzero scalar */
    uint8_t *has_tab = scratch + pl->off_ext + msm_align64(pl->npts); /* n flags: point i has a table */
    size_t ntab = 0;
    unsigned maxlen = 0;
    union {
        msm_g1_xyzz a;
        msm_g2_xyzz b;
    } acc, dbl, tmp;
    for (size_t i = 0; i < pl->n; i++) {
        const uint8_t *pt = (const uint8_t *)points + i * pt_stride;
        uint64_t inf, k[4], parts[4][4];
        memcpy(&inf, pt + inf_off, sizeof inf);
        memset(parts, 0, sizeof parts);
        if (inf) {
            memset(k, 0, sizeof k);
        } else {
            fr_to_plain(k, &scalars[i]);
        }
        if (ns == 1) {
            memcpy(parts[0], k, sizeof k);
        } else if (ns == 2) {
            msm_glv_split_var(parts[0], parts[1], k);
        } else {
            uint64_t a[4];
            msm_gls4_split_var(a, k);
            for (int j = 0; j < 4; j++) parts[j][0] = a[j];
        }
        int any = 0;
        for (unsigned j = 0; j < ns; j++) {
            int8_t *d = dig + ((size_t)i * ns + j) * len;
            memset(d, 0, len);
            unsigned l = msm_wnaf5_var(d, parts[j], len);
            used[(size_t)i * ns + j] = l != 0;
            any |= l != 0;
            if (l > maxlen) maxlen = l;
        }
        has_tab[i] = 0;
        if (!any) continue;
        /* table of P: P, 3P, ..., 15P; the other parts' tables are its endomorphism images */
        uint8_t *t0 = tab + (size_t)i * ns * MSM_WNAF_TABLE * asz;
        g->acc_identity(t0);
        g->acc_madd(t0, pt, 0);
        memcpy(&dbl, t0, asz);
        g->acc_dbl(&dbl);
        for (unsigned m = 1; m < MSM_WNAF_TABLE; m++) {
            memcpy(t0 + m * asz, t0 + (m - 1) * asz, asz);
            g->acc_add(t0 + m * asz, &dbl);
        }
        has_tab[i] = 1;
        ntab++;
    }
    /* Affine tables (mixed additions in the main loop) when the one inversion pays: from 4 tables on. */
    int affine = 0;
    if (ntab >= MSM_STRAUS_AFFINE_MIN) {
        /* copy the base tables (8 entries each) back to back into the spare region, convert them there */
        uint8_t *base = tab + (size_t)pl->npts * MSM_WNAF_TABLE * asz; /* spare region, see msm_plan_make */
        size_t cnt = 0;
        for (size_t i = 0; i < pl->n; i++) {
            if (!has_tab[i]) continue;
            memcpy(base + cnt * MSM_WNAF_TABLE * asz, tab + i * ns * MSM_WNAF_TABLE * asz, MSM_WNAF_TABLE * asz);
            cnt++;
        }
        affine = g->table_to_affine(base, cnt * MSM_WNAF_TABLE, asz, scratch + pl->off_thr);
        if (affine) {
            size_t c2 = 0;
            for (size_t i = 0; i < pl->n; i++) {
                if (!has_tab[i]) continue;
                memcpy(tab + i * ns * MSM_WNAF_TABLE * asz, base + c2 * MSM_WNAF_TABLE * asz, MSM_WNAF_TABLE * asz);
                c2++;
            }
        }
    }
    for (size_t i = 0; i < pl->n; i++) {
        if (!has_tab[i]) continue;
        uint8_t *t0 = tab + i * ns * MSM_WNAF_TABLE * asz;
        for (unsigned j = 1; j < ns; j++) {
            if (!used[i * ns + j]) continue;
            uint8_t *tj = t0 + (size_t)j * MSM_WNAF_TABLE * asz;
            for (unsigned m = 0; m < MSM_WNAF_TABLE; m++) {
                if (affine)
                    g->pt_endo(tj + m * asz, t0 + m * asz, j);
                else
                    g->acc_endo(tj + m * asz, t0 + m * asz, j);
            }
        }
    }
    g->acc_identity(&acc);
    for (unsigned b = maxlen; b-- > 0;) {
        g->acc_dbl(&acc);
        for (size_t q = 0; q < pl->npts; q++) {
            if (!used[q]) continue;
            int d = dig[q * len + b];
            if (d == 0) continue;
            const uint8_t *e = tab + (q * MSM_WNAF_TABLE + (unsigned)((d < 0 ? -d : d) - 1) / 2) * asz;
            if (affine) {
                g->acc_madd(&acc, e, d < 0);
            } else if (d > 0) {
                g->acc_add(&acc, e);
            } else {
                g->acc_neg(&tmp, e);
                g->acc_add(&acc, &tmp);
            }
        }
    }
    g->acc_to_proj(out, &acc);
}

#endif
