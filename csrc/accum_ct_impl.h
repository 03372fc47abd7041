/* accum_ct_impl.h -- the VB accumulator's constant-time loops (accum.h): the issuer's epoch values (secret
 * alpha) and the holder's witness update (secret y and C).
 * CONSTANT TIME in alpha, y, C and every scalar derived from them; the counts, the kinds of the changes
 * (addition or removal) and the accumulator values are public. Nothing here may branch on or index memory by
 * secret data, and nothing here may call a _var function -- except the witness update's table pass over the
 * public points (vb_tables_var in vb_wu_part_task), which reads no secret. The one verdict that depends on
 * secrets -- a zero product (an element equal to -alpha for the issuer; the holder's y among the removed
 * elements) -- is returned as a flag, after the same straight-line work either way; the caller acts on it, which
 * reveals only that fact. */
#ifndef ZK_ACCUM_CT_IMPL_H
#define ZK_ACCUM_CT_IMPL_H

#include "accum.h"
#include "msm_lanes_impl.h" /* straus_lanes_ct: the holder's MSM on eight IFMA lanes */

_Static_assert(VB_WINDOWS == LANES_WINDOWS && VB_LIMBS == LANES_LIMBS && VB_LIMBS == MSM_CT_LIMBS &&
               VB_TABLE == LANES_TABLE,
               "the witness update recodes (msm_ct_recode) and tabulates as the shared lane kernel reads");

/* h_eff^-1 mod r (h_eff = 1 - z = 0xd201000000010001, RFC 9380 section 8.8.1), Montgomery form. */
static const uint64_t VB_HEFF_INV[4] = {0x9f28b2975ea64220ULL, 0xa1b0182e3d658a75ULL, 0xc01d69299e5d4f7bULL,
                                        0x4064e1dd9038cd2eULL};

/* t = d sigma^j(P) from tab = affine (1P, ..., 16P), where d is window w of half j of ks (j = 1 multiplies
 * [z^2]P = -sigma(P)). The window position is public; the digit is not: all 16 entries are read. */
static void vb_select(g1_affine *t, const g1_affine *tab, const uint64_t ks[2 * VB_LIMBS], unsigned w, unsigned j) {
    const uint64_t *k = ks + j * VB_LIMBS;
    unsigned bit = 5 * w, li = bit / 64, sh = bit % 64;
    uint64_t v = k[li] >> sh;
    if (sh > 59) v |= k[li + 1] << (64 - sh); /* public position */
    v &= 31;
    uint64_t neg = ((v - 16) >> 63) & 1, m = ct_mask(neg);
    uint64_t absd = ((v - 16) & ~m) | ((16 - v) & m);
    memset(t, 0, sizeof *t);
    t->infinity = 1;
    for (unsigned e = 1; e <= VB_TABLE; e++)
        ct_cmov((uint64_t *)t, (const uint64_t *)&tab[e - 1], sizeof *t / 8, ct_is_zero(absd ^ e));
    if (j == 1) {
        fp beta;
        memcpy(beta.l, G1_BETA, sizeof beta.l);
        fp_mul(&t->x, &t->x, &beta);
        neg ^= 1;
    }
    fp ny;
    fp_neg(&ny, &t->y);
    fp_cmov(&t->y, &ny, neg);
    ct_wipe(&ny, sizeof ny);
}

/* r = (1 - z) a = a - [z] a. Constant time in a. */
static void vb_mul_heff(g1 *r, const g1 *a) {
    g1 za;
    g1_mul_by_z(&za, a);
    g1_neg(&za, &za);
    g1_add(r, a, &za);
    ct_wipe(&za, sizeof za);
}

/* ---------------------------------------------------------------- issuer: the epoch's values */

/* Scratch: the comb (VB_WINDOWS * 16 affine entries), its projective staging, the factors and scalars. */
static size_t vb_update_points_bytes(size_t d) {
    return VB_WINDOWS * VB_TABLE * (sizeof(g1_affine) + sizeof(g1)) + 2 * d * sizeof(fr) + 2 * VB_LIMBS * 8;
}

/* out[i] = W_{i+1} (scaled by h_eff^-1 for i < d - 1): see accum.h. Returns 1 when some element equals -alpha
 * (out is then unspecified), else 0; the work is the same either way. */
static int vb_update_points_ct(g1 *out, const g1 *v_old, const fr *alpha, const fr *elems, const uint8_t *removal,
                               size_t d, uint8_t *scratch) {
    g1_affine *tab = (g1_affine *)scratch;
    g1 *stage = (g1 *)(scratch + VB_WINDOWS * VB_TABLE * sizeof(g1_affine));
    fr *f = (fr *)(scratch + VB_WINDOWS * VB_TABLE * (sizeof(g1_affine) + sizeof(g1)));
    fr *pre = f + d;
    uint64_t *ks = (uint64_t *)(pre + d);
    fr prod, inv, t, heff_inv;
    memcpy(heff_inv.l, VB_HEFF_INV, sizeof heff_inv.l);
    /* factors and the product of the removals' ones (Montgomery's trick for their inverses) */
    fr_one(&prod);
    for (size_t i = 0; i < d; i++) {
        fr_add(&f[i], &elems[i], alpha);
        pre[i] = prod;
        if (removal[i]) fr_mul(&prod, &prod, &f[i]); /* the kind is public */
    }
    fr all;
    fr_one(&all);
    for (size_t i = 0; i < d; i++) fr_mul(&all, &all, &f[i]);
    int zero = (int)fr_is_zero(&all); /* the verdict; with a zero factor the rest computes garbage */
    fr_inv(&inv, &prod);
    for (size_t i = d; i-- > 0;) {
        if (!removal[i]) continue;
        fr_mul(&t, &inv, &pre[i]); /* 1 / f_i */
        fr_mul(&inv, &inv, &f[i]);
        f[i] = t;
    }
    /* prefix products P_i, then the published scaling */
    fr_one(&prod);
    for (size_t i = 0; i < d; i++) {
        fr_mul(&prod, &prod, &f[i]);
        pre[i] = prod;
        if (i + 1 < d) fr_mul(&pre[i], &pre[i], &heff_inv);
    }
    /* the comb: tab[16 w + e - 1] = e 32^w V_old, e = 1..16 (public base: no secret in the table) */
    g1 cur = *v_old;
    for (size_t w = 0; w < VB_WINDOWS; w++) {
        stage[VB_TABLE * w] = cur;
        for (size_t e = 1; e < VB_TABLE; e++) g1_add(&stage[VB_TABLE * w + e], &stage[VB_TABLE * w + e - 1], &cur);
        for (int b = 0; b < 5; b++) g1_dbl(&cur, &cur);
    }
    zk_g1_batch_to_affine(tab, stage, VB_WINDOWS * VB_TABLE);
    g1_affine sel;
    for (size_t i = 0; i < d; i++) {
        g1 acc;
        msm_ct_recode(ks, &pre[i]);
        g1_set_identity(&acc);
        for (unsigned w = 0; w < VB_WINDOWS; w++)
            for (unsigned j = 0; j < 2; j++) {
                vb_select(&sel, tab + VB_TABLE * w, ks, w, j);
                g1_add_affine(&acc, &acc, &sel);
            }
        out[i] = acc;
    }
    ct_wipe(&sel, sizeof sel);
    ct_wipe(&prod, sizeof prod);
    ct_wipe(&inv, sizeof inv);
    ct_wipe(&t, sizeof t);
    ct_wipe(&all, sizeof all);
    ct_wipe(scratch, vb_update_points_bytes(d));
    return zero;
}

/* ---------------------------------------------------------------- holder: the witness update */

#ifdef ZK_HAVE_IFMA
/* Below this many MSM points the scalar loop is faster (the lanes' doublings and spare lanes cost more). */
#define VB_LANES_MIN 6
#endif

/* The MSM runs in parts of consecutive points (vb_parts, accum.h), one pool task each (tables and sum): whole
 * slots of eight points, at least VB_PART_MIN points a part (a smaller one is not worth a thread). The split
 * depends on the number of points and nthreads only (public). */
#define VB_PART_MIN 24
#define VB_MAX_PARTS 16
static size_t vb_wu_parts(size_t np, unsigned nthreads) { return vb_parts(np, nthreads, VB_PART_MIN, VB_MAX_PARTS); }

/* Scratch for d changes over d + 1 values: per MSM point (at most d + 2) a table of 16 affine entries, its
 * projective staging and the recoded scalar; the factors, inverses' prefixes and the coefficients; the public
 * tables' denominators and prefixes. */
static size_t vb_wu_base_bytes(size_t d) {
    size_t np = d + 2;
    return np * (VB_TABLE * (sizeof(g1_affine) + sizeof(g1)) + sizeof(g1) + sizeof(fr) + 2 * VB_LIMBS * 8) +
           3 * (d + 1) * sizeof(fr) + 2 * np * sizeof(fp);
}

/* Each part's eight-lane tables (straus_lanes_ct, msm_lanes_impl.h), 64-byte aligned: the parts but the last
 * hold whole slots, so together they hold the slots of all points, at most straus_lanes_bytes(np), plus less than
 * 64 bytes of alignment a part; and 64 for the region's own alignment. */
static size_t vb_wu_part_lane_bytes(size_t len) { return (straus_lanes_bytes(len) + 63) & ~(size_t)63; }
static size_t vb_wu_lane_bytes(size_t d, size_t k) { return straus_lanes_bytes(d + 2) + k * 64 + 64; }

static size_t vb_witness_update_bytes(size_t d, size_t k) { return vb_wu_base_bytes(d) + vb_wu_lane_bytes(d, k); }

/* The scratch's layout. The stage of point p (VB_TABLE g1, 2304 bytes: a multiple of 64, as the tables before
 * it) also serves vb_tables_var's lane columns for the public points from p on: VB_TABLES_LANE_BYTES(m) fits in
 * m stages for m >= 2, and the lanes run only for m >= 8. */
#define VB_WU_TAB(s, np) ((g1_affine *)(s))
#define VB_WU_STAGE(s, np) ((g1 *)((s) + (np) * VB_TABLE * sizeof(g1_affine)))
#define VB_WU_PTS(s, np) (VB_WU_STAGE(s, np) + (np) * VB_TABLE)
_Static_assert((VB_TABLE * sizeof(g1)) % 64 == 0 && (VB_TABLE * sizeof(g1_affine)) % 64 == 0,
               "every point's stage starts 64-byte aligned (the lane columns' alignment)");

/* tab[VB_TABLE p + e - 1] = e pts[p] (affine) for p < n, with complete formulas and one inversion (stage: n
 * VB_TABLE points of scratch). Constant time. */
static void vb_tables_ct(g1_affine *tab, g1 *stage, const g1 *pts, size_t n) {
    for (size_t p = 0; p < n; p++) {
        g1 *st = stage + VB_TABLE * p;
        st[0] = pts[p];
        for (unsigned e = 2; e <= VB_TABLE; e++) {
            if (e & 1)
                g1_add(&st[e - 1], &st[e - 2], &pts[p]);
            else
                g1_dbl(&st[e - 1], &st[e / 2 - 1]);
        }
    }
    zk_g1_batch_to_affine(tab, stage, n * VB_TABLE);
}

/* *acc = sum_p k_p P_p over n points from their tables (tab) and recoded scalars (ks): on eight IFMA lanes where
 * the CPU has them (lanes: straus_lanes_bytes(n) bytes, 64-byte aligned), else the scalar Straus loop. Constant
 * time (n public). */
static void vb_msm_part_ct(g1 *acc, const g1_affine *tab, const uint64_t *ks, size_t n, uint8_t *lanes) {
    g1_set_identity(acc);
#ifdef ZK_HAVE_IFMA
    if (fp_ifma_enabled && n >= VB_LANES_MIN) { /* the CPU's, and the count (public) */
        straus_lanes_ct(acc, tab, ks, n, lanes);
        return;
    }
#endif
    (void)lanes;
    g1_affine sel;
    memset(&sel, 0, sizeof sel);
    for (unsigned win = VB_WINDOWS; win-- > 0;) { /* the window position is public */
        if (win + 1 != VB_WINDOWS)
            for (unsigned b = 0; b < 5; b++) g1_dbl(acc, acc);
        for (size_t p = 0; p < n; p++)
            for (unsigned j = 0; j < 2; j++) {
                vb_select(&sel, tab + VB_TABLE * p, ks + p * 2 * VB_LIMBS, win, j);
                g1_add_affine(acc, acc, &sel);
            }
    }
    ct_wipe(&sel, sizeof sel);
}

/* One part of the MSM (vb_wu_part_task). */
typedef struct {
    g1_affine *tab;
    g1 *stage;
    const g1 *pts; /* pts[0] = C (secret), pts[1..n) public */
    const uint64_t *ks;
    fp *den, *pre;
    uint8_t *lanes;
    size_t n, len, lane_stride;
    g1 acc[VB_MAX_PARTS];
} vb_wu_ctx;

/* Part t: the tables of its points -- the public ones in variable time (vb_tables_var), or with complete formulas
 * when an addition there is exceptional (a hostile Omega with a small-order part: public); C's always with
 * complete formulas -- then its share of the MSM into acc[t]. The parts write disjoint memory. Constant time in C
 * and the scalars. */
static void vb_wu_part_task(void *vctx, unsigned worker, size_t t) {
    vb_wu_ctx *c = (vb_wu_ctx *)vctx;
    (void)worker;
    size_t off, len = vb_part_range(t, c->len, c->n, &off);
    if (len == 0) {
        g1_set_identity(&c->acc[t]);
        return;
    }
    size_t pub = off ? off : 1, end = off + len; /* the public points of the part: [pub, end) */
    size_t ct_end = off ? off : 1;               /* built with complete formulas: [off, ct_end) */
    if (pub < end && vb_tables_var(c->tab + VB_TABLE * pub, c->pts + pub, end - pub, c->den + pub, c->pre + pub,
                                   (uint8_t *)(c->stage + VB_TABLE * pub)))
        ct_end = end;
    if (ct_end > off) vb_tables_ct(c->tab + VB_TABLE * off, c->stage + VB_TABLE * off, c->pts + off, ct_end - off);
    vb_msm_part_ct(&c->acc[t], c->tab + VB_TABLE * off, c->ks + off * 2 * VB_LIMBS, len,
                   c->lanes + t * c->lane_stride);
}

/* *out = C after the d changes (elems, removal) between the values w[0..d] (scaled[i]: w[i] carries h_eff^-1),
 * the MSM split into parts (vb_wu_parts of its point count n, at most k) run on nthreads threads; scratch:
 * vb_witness_update_bytes(d, k), 64-byte aligned (k = vb_wu_parts(d + 2, nthreads): n <= d + 1). Returns 1 when
 * y is among the removed elements (*out is then unspecified), else 0; the work is the same. */
static int vb_witness_update_ct(g1 *out, const g1 *c, const fr *y, const fr *elems, const uint8_t *removal,
                                const g1 *w, const uint8_t *scaled, size_t d, size_t k, unsigned nthreads,
                                uint8_t *scratch) {
    size_t np = d + 2;
    g1 *pts = VB_WU_PTS(scratch, np);
    fr *sc = (fr *)(pts + np);
    uint64_t *ks = (uint64_t *)(sc + np);
    fr *fac = (fr *)(ks + np * 2 * VB_LIMBS);
    fr *pre = fac + (d + 1);
    fr *mu = pre + (d + 1);
    fp *den = (fp *)(mu + (d + 1));
    fr prod, inv, t, S, heff_inv;
    memcpy(heff_inv.l, VB_HEFF_INV, sizeof heff_inv.l);
    /* factors: (a - y) for an addition, (b - y)^-1 for a removal */
    fr_one(&prod);
    for (size_t i = 0; i < d; i++) {
        fr_sub(&fac[i], &elems[i], y);
        pre[i] = prod;
        if (removal[i]) fr_mul(&prod, &prod, &fac[i]); /* the kind is public */
    }
    int removed = (int)fr_is_zero(&prod); /* the verdict; with y removed the rest computes garbage */
    fr_inv(&inv, &prod);
    for (size_t i = d; i-- > 0;) {
        if (!removal[i]) continue;
        fr_mul(&t, &inv, &pre[i]);
        fr_mul(&inv, &inv, &fac[i]);
        fac[i] = t;
    }
    /* backward: S = prod_{j > i} factor_j; an addition at step i adds S W_{i-1}, a removal subtracts
     * S (b - y)^-1 W_i; finally lambda = S */
    for (size_t i = 0; i <= d; i++) fr_zero(&mu[i]);
    fr_one(&S);
    for (size_t i = d; i >= 1; i--) {
        if (removal[i - 1]) {
            fr_mul(&t, &S, &fac[i - 1]);
            fr_sub(&mu[i], &mu[i], &t);
        } else {
            fr_add(&mu[i - 1], &mu[i - 1], &S);
        }
        fr_mul(&S, &S, &fac[i - 1]);
    }
    /* the MSM's points: C with lambda h_eff^-1, then every referenced value (a public structure) */
    size_t n = 0;
    pts[n] = *c;
    fr_mul(&sc[n], &S, &heff_inv);
    n++;
    for (size_t i = 0; i <= d; i++) {
        int used = (i < d && !removal[i]) || (i >= 1 && removal[i - 1]);
        if (!used) continue;
        pts[n] = w[i];
        if (scaled[i])
            sc[n] = mu[i];
        else
            fr_mul(&sc[n], &mu[i], &heff_inv);
        n++;
    }
    for (size_t p = 0; p < n; p++) msm_ct_recode(ks + p * 2 * VB_LIMBS, &sc[p]);
    /* the parts: tables and partial sums, on the pool; then their sum and h_eff */
    vb_wu_ctx cx;
    cx.tab = VB_WU_TAB(scratch, np);
    cx.stage = VB_WU_STAGE(scratch, np);
    cx.pts = pts;
    cx.ks = ks;
    cx.den = den;
    cx.pre = den + np;
    cx.lanes = (uint8_t *)(((uintptr_t)scratch + vb_wu_base_bytes(d) + 63) & ~(uintptr_t)63);
    cx.n = n;
    size_t kn = vb_wu_parts(n, nthreads); /* <= k: the points (public) need no more parts than d + 2 would */
    cx.len = vb_part_len(n, kn);
    cx.lane_stride = vb_wu_part_lane_bytes(cx.len);
    pool_tasks(kn, nthreads, vb_wu_part_task, &cx);
    g1 acc = cx.acc[0];
    for (size_t i = 1; i < kn; i++) g1_add(&acc, &acc, &cx.acc[i]);
    vb_mul_heff(out, &acc);
    ct_wipe(&acc, sizeof acc);
    ct_wipe(cx.acc, sizeof cx.acc);
    ct_wipe(&prod, sizeof prod);
    ct_wipe(&inv, sizeof inv);
    ct_wipe(&t, sizeof t);
    ct_wipe(&S, sizeof S);
    ct_wipe(scratch, vb_witness_update_bytes(d, k));
    return removed;
}

/* ---------------------------------------------------------------- public API (zkcred.h) */

#define VB_MAX_D ((size_t)1 << 20)

ZK_API size_t zk_vb_update_points_scratch_size(size_t d) {
    if (d == 0 || d > VB_MAX_D) return 0;
    return vb_update_points_bytes(d) + 64;
}

ZK_API zk_err zk_vb_update_points(zk_g1 *out, int *zero, const zk_g1 *v_old, const zk_fr *alpha,
                                  const zk_fr *elems, const uint8_t *removal, size_t d, void *scratch,
                                  size_t scratch_len) {
    if (d == 0 || d > VB_MAX_D) return ZK_ERR_ARGUMENT;
    if (scratch == NULL || scratch_len < vb_update_points_bytes(d) + 64) return ZK_ERR_SCRATCH;
    ZK_CHECK(g1_is_valid(v_old) && fr_is_reduced(alpha) && fr_all_reduced(elems, d));
    ZK_CHECK(zk_disjoint(scratch, scratch_len, out, d * sizeof *out) &&
             zk_disjoint(scratch, scratch_len, elems, d * sizeof *elems) &&
             zk_disjoint(out, d * sizeof *out, elems, d * sizeof *elems));
    *zero = vb_update_points_ct(out, v_old, alpha, elems, removal, d, msm_align_scratch(scratch));
    return ZK_OK;
}

ZK_API size_t zk_vb_witness_update_scratch_size(size_t d, unsigned nthreads) {
    if (d == 0 || d > VB_MAX_D) return 0;
    return vb_witness_update_bytes(d, vb_wu_parts(d + 2, nthreads)) + 64;
}

ZK_API zk_err zk_vb_witness_update(zk_g1 *out, int *removed, const zk_g1 *c, const zk_fr *y, const zk_fr *elems,
                                   const uint8_t *removal, const zk_g1 *w, const uint8_t *scaled, size_t d,
                                   unsigned nthreads, void *scratch, size_t scratch_len) {
    if (d == 0 || d > VB_MAX_D) return ZK_ERR_ARGUMENT;
    /* the parts come from d + 2, the most points the MSM can have (their count is known only later) */
    size_t k = vb_wu_parts(d + 2, nthreads);
    if (scratch == NULL || scratch_len < vb_witness_update_bytes(d, k) + 64) return ZK_ERR_SCRATCH;
    ZK_CHECK(g1_is_valid(c) && fr_is_reduced(y) && fr_all_reduced(elems, d) && g1_all_valid(w, d + 1));
    ZK_CHECK(zk_disjoint(scratch, scratch_len, w, (d + 1) * sizeof *w) &&
             zk_disjoint(scratch, scratch_len, elems, d * sizeof *elems));
    *removed = vb_witness_update_ct(out, c, y, elems, removal, w, scaled, d, k, nthreads, msm_align_scratch(scratch));
    return ZK_OK;
}

ZK_API int zk_vb_witness_check(const zk_g1 *c, const zk_fr *y, const zk_g1 *v, const zk_g2_prepared *lq,
                               const zk_g2_prepared *lp) {
    ZK_CHECK(g1_is_valid(c) && g1_is_valid(v) && fr_is_reduced(y));
    const zk_g2_prepared *lines[2] = {lq, lp};
    g1 ps[2], nv;
    fp12 f;
    ps[0] = *c;
    g1_mul_ct(&ps[1], c, y);
    g1_neg(&nv, v);
    g1_add(&ps[1], &ps[1], &nv); /* y C - V */
    pairing_miller_prepared_all(&f, ps, lines, 2);
    pairing_final_exp(&f, &f);
    int ok = (int)fp12_is_one(&f);
    ct_wipe(ps, sizeof ps);
    ct_wipe(&f, sizeof f);
    return ok;
}

#endif
