/* pairing_impl.h -- code for pairing.h and the zk_pairing* / zk_gt_* entry points of zkcred.h. */
#ifndef ZK_PAIRING_IMPL_H
#define ZK_PAIRING_IMPL_H

#include "pairing.h"

static void pairing_dbl_step(g2 *T, fp2 *c0, fp2 *c1, fp2 *c4) {
    /* With b' = 4 xi (so 3b' = 12 xi), A = XY, B = Y^2, C = Z^2, E = 3b'C, F = 3E, G = B + F,
     * H = (Y + Z)^2 - B - C = 2YZ, J = X^2 (CLN 2010, scaled by 4 to avoid halvings):
     *   X3 = 2A (B - F), Y3 = G^2 - 12 E^2, Z3 = 4 B H;  line (E - B, 3J, -H). */
    fp2 A, B, C, E, F, G, H, J, t;
    fp2_mul_lz(&A, &T->x, &T->y);
    fp2_sqr(&B, &T->y);
    fp2_sqr(&C, &T->z);
    fp2_mul_xi(&E, &C);
    fp2_dbl(&t, &E);
    fp2_add(&E, &t, &E);   /* 3 xi C */
    fp2_dbl(&E, &E);
    fp2_dbl(&E, &E);       /* 12 xi C */
    fp2_dbl(&F, &E);
    fp2_add(&F, &F, &E);   /* 3E */
    fp2_add(&G, &B, &F);
    fp2_add(&H, &T->y, &T->z);
    fp2_sqr(&H, &H);
    fp2_sub(&H, &H, &B);
    fp2_sub(&H, &H, &C);
    fp2_sqr(&J, &T->x);

    fp2_sub(c0, &E, &B);
    fp2_dbl(c1, &J);
    fp2_add(c1, c1, &J);
    fp2_neg(c4, &H);

    fp2_sub(&t, &B, &F);
    fp2_mul_lz(&T->x, &A, &t);
    fp2_dbl(&T->x, &T->x);
    fp2_sqr(&E, &E);       /* E^2 */
    fp2_dbl(&t, &E);
    fp2_add(&t, &t, &E);
    fp2_dbl(&t, &t);
    fp2_dbl(&t, &t);       /* 12 E^2 */
    fp2_sqr(&G, &G);
    fp2_sub(&T->y, &G, &t);
    fp2_mul_lz(&T->z, &B, &H);
    fp2_dbl(&T->z, &T->z);
    fp2_dbl(&T->z, &T->z);
}

static void pairing_add_step(g2 *T, const fp2 *qx, const fp2 *qy, fp2 *c0, fp2 *c1, fp2 *c4) {
    /* theta = Y - qy Z, lambda = X - qx Z, C = theta^2, D = lambda^2, E = lambda D, F = Z C, G = X D,
     * H = E + F - 2G:  X3 = lambda H, Y3 = theta (G - H) - E Y, Z3 = Z E;
     * line (theta qx - lambda qy, -theta, lambda). */
    fp2 theta, lambda, C, D, E, F, G, H, t;
    fp2_mul_lz(&t, qy, &T->z);
    fp2_sub(&theta, &T->y, &t);
    fp2_mul_lz(&t, qx, &T->z);
    fp2_sub(&lambda, &T->x, &t);
    fp2_sqr(&C, &theta);
    fp2_sqr(&D, &lambda);
    fp2_mul_lz(&E, &lambda, &D);
    fp2_mul_lz(&F, &T->z, &C);
    fp2_mul_lz(&G, &T->x, &D);
    fp2_add(&H, &E, &F);
    fp2_sub(&H, &H, &G);
    fp2_sub(&H, &H, &G);

    fp2_mul_lz(&T->x, &lambda, &H);
    fp2_sub(&t, &G, &H);
    fp2_mul_lz(&t, &t, &theta);
    fp2_mul_lz(&T->y, &E, &T->y);
    fp2_sub(&T->y, &t, &T->y);
    fp2_mul_lz(&T->z, &T->z, &E);

    fp2_mul_lz(c0, &theta, qx);
    fp2_mul_lz(&t, &lambda, qy);
    fp2_sub(c0, c0, &t);
    fp2_neg(c1, &theta);
    *c4 = lambda;
}

static void pairing_prepare(g1_affine *pa, g2_affine *qa, uint64_t *skip, const g1 *ps, const g2 *qs, size_t n) {
    /* One batch inversion over [P_i.Z] ++ [N(Q_i.Z)], N(a0 + a1 u) = a0^2 + a1^2 (zero only for a = 0, as -1
     * is not a square mod p); 1/Z = conj(Z) / N(Z) in Fp2. */
    fp zs[2 * PAIRING_CHUNK], scratch[2 * PAIRING_CHUNK], t;
    g1_affine g1gen;
    g2_affine g2gen;
    memcpy(g1gen.x.l, G1_GEN_X, sizeof g1gen.x.l);
    memcpy(g1gen.y.l, G1_GEN_Y, sizeof g1gen.y.l);
    g1gen.infinity = 0;
    memcpy(g2gen.x.c0.l, G2_GEN_X0, sizeof g2gen.x.c0.l);
    memcpy(g2gen.x.c1.l, G2_GEN_X1, sizeof g2gen.x.c1.l);
    memcpy(g2gen.y.c0.l, G2_GEN_Y0, sizeof g2gen.y.c0.l);
    memcpy(g2gen.y.c1.l, G2_GEN_Y1, sizeof g2gen.y.c1.l);
    g2gen.infinity = 0;

    for (size_t i = 0; i < n; i++) {
        zs[i] = ps[i].z;
        fp_sqr(&zs[n + i], &qs[i].z.c0);
        fp_sqr(&t, &qs[i].z.c1);
        fp_add(&zs[n + i], &zs[n + i], &t);
    }
    fp_batch_inv(zs, 2 * n, scratch);
    for (size_t i = 0; i < n; i++) {
        fp2 zi;
        uint64_t deg = fp_is_zero(&zs[i]) | fp_is_zero(&zs[n + i]);
        fp_mul(&pa[i].x, &ps[i].x, &zs[i]);
        fp_mul(&pa[i].y, &ps[i].y, &zs[i]);
        pa[i].infinity = 0;
        fp2_conj(&zi, &qs[i].z);
        fp2_mul_fp(&zi, &zi, &zs[n + i]);
        fp2_mul_lz(&qa[i].x, &qs[i].x, &zi);
        fp2_mul_lz(&qa[i].y, &qs[i].y, &zi);
        qa[i].infinity = 0;
        fp_cmov(&pa[i].x, &g1gen.x, deg);
        fp_cmov(&pa[i].y, &g1gen.y, deg);
        fp2_cmov(&qa[i].x, &g2gen.x, deg);
        fp2_cmov(&qa[i].y, &g2gen.y, deg);
        skip[i] = deg;
    }
}

/* On input: (c0, c1, c4) a line from a dbl/add step, P affine, skip 0 or 1.
 * On output: *f = f * l(P), where l(P) = c0 + (c1 xP) v + (c4 yP) v w, or f unchanged when skip (the line is
 * replaced by 1 with masks); c1, c4 are overwritten. Constant time. */
static inline void pairing_line_mul(fp12 *f, fp2 *c0, fp2 *c1, fp2 *c4, const g1_affine *P, uint64_t skip) {
    fp2 one, zero;
    fp2_one(&one);
    fp2_zero(&zero);
    fp2_mul_fp(c1, c1, &P->x);
    fp2_mul_fp(c4, c4, &P->y);
    fp2_cmov(c0, &one, skip);
    fp2_cmov(c1, &zero, skip);
    fp2_cmov(c4, &zero, skip);
    fp12_mul_by_014(f, f, c0, c1, c4);
}

/* f = f * l(P) for prepared line li of q (its c0 is 1 when q->c0_one: the cheaper sparse multiplication), or f
 * unchanged when skip. Constant time in P and skip; q's lines are public (the branch follows c0_one). */
static inline void pairing_line_mul_prepared(fp12 *f, const zk_g2_prepared *q, size_t li, const g1_affine *P,
                                             uint64_t skip) {
    fp2 c0 = q->c[li][0], c1 = q->c[li][1], c4 = q->c[li][2];
    if (q->c0_one) { /* public: a property of the lines */
        fp2 zero;
        fp2_zero(&zero);
        fp2_mul_fp(&c1, &c1, &P->x);
        fp2_mul_fp(&c4, &c4, &P->y);
        fp2_cmov(&c1, &zero, skip);
        fp2_cmov(&c4, &zero, skip);
        fp12_mul_by_14(f, f, &c1, &c4);
    } else {
        pairing_line_mul(f, &c0, &c1, &c4, P, skip);
    }
}

static void pairing_miller_loop(fp12 *f, const g1_affine *pa, const g2_affine *qa, const uint64_t *skip, size_t n,
                                const g1_affine *la, const zk_g2_prepared *const *ql, const uint64_t *skipl,
                                size_t nl) {
    g2 T[PAIRING_CHUNK];
    fp2 c0, c1, c4;
    size_t li = 0;
    for (size_t i = 0; i < n; i++) {
        T[i].x = qa[i].x;
        T[i].y = qa[i].y;
        fp2_one(&T[i].z);
    }
    fp12_one(f);
    /* bits of |z| below the top one, most significant first (a public constant) */
    for (int b = 62; b >= 0; b--) {
        if (b != 62) fp12_sqr(f, f); /* f = 1 before the first step */
        for (size_t i = 0; i < n; i++) {
            pairing_dbl_step(&T[i], &c0, &c1, &c4);
            pairing_line_mul(f, &c0, &c1, &c4, &pa[i], skip[i]);
        }
        for (size_t j = 0; j < nl; j++) pairing_line_mul_prepared(f, ql[j], li, &la[j], skipl[j]);
        li++;
        if ((BLS_Z_ABS >> b) & 1) {
            for (size_t i = 0; i < n; i++) {
                pairing_add_step(&T[i], &qa[i].x, &qa[i].y, &c0, &c1, &c4);
                pairing_line_mul(f, &c0, &c1, &c4, &pa[i], skip[i]);
            }
            for (size_t j = 0; j < nl; j++) pairing_line_mul_prepared(f, ql[j], li, &la[j], skipl[j]);
            li++;
        }
    }
}

/* la[j], skipl[j] for m <= PAIRING_CHUNK G1 points paired with prepared lines: affine with one batch inversion,
 * the generator (and skipl[j] = 1) where the point is the identity or the lines are the identity's.
 * On input: pl[0..m) on the curve (projective), ql[0..m) from zk_g2_prepare. Constant time (m public). */
static void pairing_prepare_lines(g1_affine *la, uint64_t *skipl, const g1 *pl, const zk_g2_prepared *const *ql,
                                  size_t m) {
    fp zs[PAIRING_CHUNK], scratch[PAIRING_CHUNK];
    g1_affine gen;
    memcpy(gen.x.l, G1_GEN_X, sizeof gen.x.l);
    memcpy(gen.y.l, G1_GEN_Y, sizeof gen.y.l);
    gen.infinity = 0;
    for (size_t i = 0; i < m; i++) zs[i] = pl[i].z;
    fp_batch_inv(zs, m, scratch); /* 0 stays 0: the identity */
    for (size_t i = 0; i < m; i++) {
        uint64_t deg = fp_is_zero(&zs[i]) | (ql[i]->infinity & 1);
        fp_mul(&la[i].x, &pl[i].x, &zs[i]);
        fp_mul(&la[i].y, &pl[i].y, &zs[i]);
        la[i].infinity = 0;
        fp_cmov(&la[i].x, &gen.x, deg);
        fp_cmov(&la[i].y, &gen.y, deg);
        skipl[i] = deg;
    }
}

static void pairing_miller_mixed(fp12 *f, const g1 *ps, const g2 *qs, size_t n, const g1 *pl,
                                 const zk_g2_prepared *const *ql, size_t nl) {
    g1_affine pa[PAIRING_CHUNK], la[PAIRING_CHUNK];
    g2_affine qa[PAIRING_CHUNK];
    uint64_t skip[PAIRING_CHUNK], skipl[PAIRING_CHUNK];
    fp12 part;
    fp12_one(f); /* the empty product */
    /* chunk k takes points [k C, k C + C) and lines [k C, k C + C), C = PAIRING_CHUNK, either range maybe empty */
    for (size_t off = 0; off < n || off < nl; off += PAIRING_CHUNK) {
        size_t m = off < n ? (n - off < PAIRING_CHUNK ? n - off : PAIRING_CHUNK) : 0;
        size_t ml = off < nl ? (nl - off < PAIRING_CHUNK ? nl - off : PAIRING_CHUNK) : 0;
        if (m) pairing_prepare(pa, qa, skip, ps + off, qs + off, m);
        if (ml) pairing_prepare_lines(la, skipl, pl + off, ql + off, ml);
        pairing_miller_loop(&part, pa, qa, skip, m, la, ml ? ql + off : ql, skipl, ml);
        if (off == 0)
            *f = part;
        else
            fp12_mul(f, f, &part);
    }
    fp12_conj(f, f); /* z < 0 */
}

_Static_assert(sizeof(((zk_g2_prepared *)0)->c) == PAIRING_LINES * 3 * sizeof(fp2),
               "zk_g2_prepared holds PAIRING_LINES lines of three Fp2 coefficients");

static void pairing_final_exp(fp12 *r, const fp12 *f) {
    fp12 m, t0, t1, t2;
    /* easy part: m = f^((p^6 - 1)(p^2 + 1)), which lies in the cyclotomic subgroup */
    fp12_inv(&t0, f);
    fp12_conj(&m, f);
    fp12_mul(&m, &m, &t0);
    fp12_frob(&t0, &m, 2);
    fp12_mul(&m, &t0, &m);
    /* hard part: m^(3 Phi12(p)/r) = m^3 * A^(z^2 + p^2 - 1) with A = m^((z - 1)^2 (z + p)) */
    fp12_cyclotomic_sqr(&t0, &m);          /* m^2 */
    fp12_cyclotomic_exp_z(&t1, &m);        /* m^z */
    fp12_conj(&t2, &m);
    fp12_mul(&t1, &t1, &t2);               /* m^(z - 1) */
    fp12_cyclotomic_exp_z(&t2, &t1);       /* m^(z (z - 1)) */
    fp12_conj(&t1, &t1);
    fp12_mul(&t1, &t1, &t2);               /* m^((z - 1)^2) */
    fp12_cyclotomic_exp_z(&t2, &t1);       /* m^((z - 1)^2 z) */
    fp12_frob(&t1, &t1, 1);                /* m^((z - 1)^2 p) */
    fp12_mul(&t1, &t1, &t2);               /* A */
    fp12_mul(&m, &m, &t0);                 /* m^3 */
    fp12_cyclotomic_exp_z(&t0, &t1);       /* A^z */
    fp12_cyclotomic_exp_z(&t2, &t0);       /* A^(z^2) */
    fp12_frob(&t0, &t1, 2);                /* A^(p^2) */
    fp12_conj(&t1, &t1);                   /* A^-1 */
    fp12_mul(&t1, &t1, &t2);
    fp12_mul(&t1, &t1, &t0);               /* A^(z^2 + p^2 - 1) */
    fp12_mul(r, &m, &t1);
}

static int gt_is_member_var(const fp12 *a) {
    fp12 t0, t1;
    if (fp12_is_zero(a)) return 0;
    fp12_frob(&t0, a, 2);
    fp12_frob(&t1, &t0, 2);
    fp12_mul(&t1, &t1, a);
    if (!fp12_eq(&t1, &t0)) return 0;      /* not in the cyclotomic subgroup */
    fp12_frob(&t0, a, 1);
    fp12_cyclotomic_exp_z(&t1, a);
    return (int)fp12_eq(&t0, &t1);
}

/* ---------------------------------------------------------------- public entry points */

/* Contract predicate (ZK_CHECK, check.h): the 12 Fp coefficients of a are reduced. */
static inline int fp12_is_reduced(const fp12 *a) {
    const fp6 *h[2] = {&a->c0, &a->c1};
    for (int i = 0; i < 2; i++)
        if (!fp2_is_reduced(&h[i]->c0) || !fp2_is_reduced(&h[i]->c1) || !fp2_is_reduced(&h[i]->c2)) return 0;
    return 1;
}

ZK_API void zk_pairing(zk_fp12 *out, const zk_g1 *p, const zk_g2 *q) {
    fp12 f;
    ZK_CHECK(g1_is_valid(p) && g2_is_valid(q));
    pairing_miller_mixed(&f, p, q, 1, NULL, NULL, 0);
    pairing_final_exp(out, &f);
}

ZK_API void zk_multi_pairing(zk_fp12 *out, const zk_g1 *ps, const zk_g2 *qs, size_t n) {
    fp12 f;
    ZK_CHECK(g1_all_valid(ps, n) && g2_all_valid(qs, n));
    pairing_miller_mixed(&f, ps, qs, n, NULL, NULL, 0);
    pairing_final_exp(out, &f);
}

ZK_API int zk_pairing_check(const zk_g1 *ps, const zk_g2 *qs, size_t n) {
    fp12 f;
    ZK_CHECK(g1_all_valid(ps, n) && g2_all_valid(qs, n));
    pairing_miller_mixed(&f, ps, qs, n, NULL, NULL, 0);
    pairing_final_exp(&f, &f);
    return (int)fp12_is_one(&f);
}

ZK_API void zk_g2_prepare(zk_g2_prepared *out, const zk_g2 *q) {
    /* pairing_prepare normalises q (the generator in its place for the identity) with any G1 partner */
    g1 gen;
    g1_affine pa;
    g2_affine qa;
    g2 T;
    uint64_t skip;
    size_t li = 0;
    ZK_CHECK(g2_is_valid(q));
    zk_g1_generator(&gen);
    pairing_prepare(&pa, &qa, &skip, &gen, q, 1);
    T.x = qa.x;
    T.y = qa.y;
    fp2_one(&T.z);
    for (int b = 62; b >= 0; b--) {
        pairing_dbl_step(&T, &out->c[li][0], &out->c[li][1], &out->c[li][2]);
        li++;
        if ((BLS_Z_ABS >> b) & 1) {
            pairing_add_step(&T, &qa.x, &qa.y, &out->c[li][0], &out->c[li][1], &out->c[li][2]);
            li++;
        }
    }
    out->infinity = skip;
    /* scale every line by 1 / c0 (Fp2* factors die in the final exponentiation): one batch inversion of the norms
     * N(c0) = c0 conj(c0) in Fp, 1 / c0 = conj(c0) / N(c0); kept unscaled when some c0 is zero */
    fp nrm[PAIRING_LINES], scr[PAIRING_LINES], t;
    uint64_t anyzero = 0;
    for (size_t i = 0; i < PAIRING_LINES; i++) {
        fp_sqr(&nrm[i], &out->c[i][0].c0);
        fp_sqr(&t, &out->c[i][0].c1);
        fp_add(&nrm[i], &nrm[i], &t);
        anyzero |= fp_is_zero(&nrm[i]);
    }
    fp_batch_inv(nrm, PAIRING_LINES, scr);
    for (size_t i = 0; i < PAIRING_LINES; i++) {
        fp2 inv, one, c1, c4;
        fp2_conj(&inv, &out->c[i][0]);
        fp2_mul_fp(&inv, &inv, &nrm[i]);
        fp2_mul_lz(&c1, &out->c[i][1], &inv);
        fp2_mul_lz(&c4, &out->c[i][2], &inv);
        fp2_one(&one);
        fp2_cmov(&out->c[i][0], &one, anyzero ^ 1);
        fp2_cmov(&out->c[i][1], &c1, anyzero ^ 1);
        fp2_cmov(&out->c[i][2], &c4, anyzero ^ 1);
    }
    out->c0_one = anyzero ^ 1;
}

/* f = the Miller loop of prod e(ps[i], q_i) over prepared lines (pairing_miller_mixed without points). */
static void pairing_miller_prepared_all(fp12 *out, const zk_g1 *ps, const zk_g2_prepared *const *qs, size_t n) {
    ZK_CHECK(g1_all_valid(ps, n));
    pairing_miller_mixed(out, NULL, NULL, 0, ps, qs, n);
}

ZK_API int zk_pairing_check_prepared(const zk_g1 *ps, const zk_g2_prepared *const *qs, size_t n) {
    fp12 f;
    pairing_miller_prepared_all(&f, ps, qs, n);
    pairing_final_exp(&f, &f);
    return (int)fp12_is_one(&f);
}

ZK_API void zk_multi_pairing_prepared(zk_fp12 *out, const zk_g1 *ps, const zk_g2_prepared *const *qs, size_t n) {
    fp12 f;
    pairing_miller_prepared_all(&f, ps, qs, n);
    pairing_final_exp(out, &f);
}

ZK_API void zk_multi_pairing_mixed(zk_fp12 *out, const zk_g1 *ps, const zk_g2 *qs, size_t n, const zk_g1 *pl,
                                   const zk_g2_prepared *const *ql, size_t nl) {
    fp12 f;
    ZK_CHECK(g1_all_valid(ps, n) && g2_all_valid(qs, n) && g1_all_valid(pl, nl));
    pairing_miller_mixed(&f, ps, qs, n, pl, ql, nl);
    pairing_final_exp(out, &f);
}

ZK_API int zk_pairing_check_mixed(const zk_g1 *ps, const zk_g2 *qs, size_t n, const zk_g1 *pl,
                                  const zk_g2_prepared *const *ql, size_t nl) {
    fp12 f;
    ZK_CHECK(g1_all_valid(ps, n) && g2_all_valid(qs, n) && g1_all_valid(pl, nl));
    pairing_miller_mixed(&f, ps, qs, n, pl, ql, nl);
    pairing_final_exp(&f, &f);
    return (int)fp12_is_one(&f);
}

ZK_API void zk_gt_one(zk_fp12 *out) { fp12_one(out); }

ZK_API void zk_gt_mul(zk_fp12 *out, const zk_fp12 *a, const zk_fp12 *b) {
    ZK_CHECK(fp12_is_reduced(a) && fp12_is_reduced(b));
    fp12_mul(out, a, b);
}

ZK_API void zk_gt_inv(zk_fp12 *out, const zk_fp12 *a) {
    ZK_CHECK(fp12_is_reduced(a));
    fp12_conj(out, a);
}

ZK_API void zk_gt_pow(zk_fp12 *out, const zk_fp12 *a, const zk_fr *k) {
    /* Fixed 4-bit windows over the 256-bit canonical k, masked table lookups, cyclotomic squarings
     * (a is in GT). */
    fp12 table[16], acc, sel;
    uint64_t e[4];
    ZK_CHECK(fp12_is_reduced(a) && fr_is_reduced(k));
    fr_to_plain(e, k);
    fp12_one(&table[0]);
    table[1] = *a;
    for (int i = 2; i < 16; i++) fp12_mul(&table[i], &table[i - 1], a);
    fp12_one(&acc);
    for (int w = 63; w >= 0; w--) {
        uint64_t nib = (e[w / 16] >> (4 * (w % 16))) & 15;
        for (int s = 0; s < 4; s++) fp12_cyclotomic_sqr(&acc, &acc);
        sel = table[0];
        for (uint64_t j = 1; j < 16; j++) fp12_cmov(&sel, &table[j], ct_is_zero(j ^ nib));
        fp12_mul(&acc, &acc, &sel);
    }
    *out = acc;
    ct_wipe(table, sizeof table);
    ct_wipe(&sel, sizeof sel);
    ct_wipe(&acc, sizeof acc);
    ct_wipe(e, sizeof e);
}

ZK_API int zk_gt_eq(const zk_fp12 *a, const zk_fp12 *b) {
    ZK_CHECK(fp12_is_reduced(a) && fp12_is_reduced(b));
    return (int)fp12_eq(a, b);
}

ZK_API int zk_gt_is_one(const zk_fp12 *a) {
    ZK_CHECK(fp12_is_reduced(a));
    return (int)fp12_is_one(a);
}

/* On input: 0 <= i < 12. Returns: the address of a's i-th Fp coefficient in the order c0.c0.c0, c0.c0.c1,
 * c0.c1.c0, ..., c1.c2.c1 (the zk_gt_to_bytes order). Constant time (i public). */
static inline fp *gt_coeff(fp12 *a, int i) {
    fp6 *h = i < 6 ? &a->c0 : &a->c1;
    fp2 *q = (i % 6) < 2 ? &h->c0 : (i % 6) < 4 ? &h->c1 : &h->c2;
    return (i & 1) ? &q->c1 : &q->c0;
}

ZK_API void zk_gt_to_bytes(uint8_t *out, const zk_fp12 *a) {
    fp12 t = *a;
    ZK_CHECK(fp12_is_reduced(a));
    for (int i = 0; i < 12; i++) fp_to_be(out + 48 * i, gt_coeff(&t, i));
}

ZK_API zk_err zk_gt_from_bytes_var(zk_fp12 *out, const uint8_t *in) {
    fp12 t;
    for (int i = 0; i < 12; i++) {
        if (!fp_from_be(gt_coeff(&t, i), in + 48 * i)) {
            memset(out, 0, sizeof *out);
            return ZK_ERR_COORDINATE_RANGE;
        }
    }
    if (!gt_is_member_var(&t)) {
        memset(out, 0, sizeof *out);
        return ZK_ERR_NOT_IN_SUBGROUP;
    }
    *out = t;
    return ZK_OK;
}

#endif
