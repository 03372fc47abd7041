/* g2_impl.h -- code for g2.h and the public zk_g2_* API. Same formulas as g1_impl.h over Fp2. */
#ifndef ZK_G2_IMPL_H
#define ZK_G2_IMPL_H

#include "g2.h"

/* r = 3b' a = 12 (1 + u) a: multiply by xi, then by 12 with additions. */
static inline void fp2_mul_b3(fp2 *r, const fp2 *a) {
    fp2 t, u;
    fp2_mul_xi(&t, a);
    fp2_dbl(&u, &t);
    fp2_add(&t, &u, &t);  /* 3 */
    fp2_dbl(&t, &t);      /* 6 */
    fp2_dbl(r, &t);       /* 12 */
}

static inline void g2_set_identity(g2 *r) {
    fp2_zero(&r->x);
    fp2_one(&r->y);
    fp2_zero(&r->z);
}

static inline void g2_set_generator(g2 *r) {
    memcpy(r->x.c0.l, G2_GEN_X0, sizeof r->x.c0.l);
    memcpy(r->x.c1.l, G2_GEN_X1, sizeof r->x.c1.l);
    memcpy(r->y.c0.l, G2_GEN_Y0, sizeof r->y.c0.l);
    memcpy(r->y.c1.l, G2_GEN_Y1, sizeof r->y.c1.l);
    fp2_one(&r->z);
}

static void g2_add(g2 *r, const g2 *a, const g2 *b) {
    fp2 t0, t1, t2, t3, t4, x3, y3, z3;
    fp2_mul(&t0, &a->x, &b->x);
    fp2_mul(&t1, &a->y, &b->y);
    fp2_mul(&t2, &a->z, &b->z);
    fp2_add(&t3, &a->x, &a->y);
    fp2_add(&t4, &b->x, &b->y);
    fp2_mul(&t3, &t3, &t4);
    fp2_add(&t4, &t0, &t1);
    fp2_sub(&t3, &t3, &t4);
    fp2_add(&t4, &a->y, &a->z);
    fp2_add(&x3, &b->y, &b->z);
    fp2_mul(&t4, &t4, &x3);
    fp2_add(&x3, &t1, &t2);
    fp2_sub(&t4, &t4, &x3);
    fp2_add(&x3, &a->x, &a->z);
    fp2_add(&y3, &b->x, &b->z);
    fp2_mul(&x3, &x3, &y3);
    fp2_add(&y3, &t0, &t2);
    fp2_sub(&y3, &x3, &y3);
    fp2_dbl(&x3, &t0);
    fp2_add(&t0, &x3, &t0);
    fp2_mul_b3(&t2, &t2);
    fp2_add(&z3, &t1, &t2);
    fp2_sub(&t1, &t1, &t2);
    fp2_mul_b3(&y3, &y3);
    fp2_mul(&x3, &t4, &y3);
    fp2_mul(&t2, &t3, &t1);
    fp2_sub(&x3, &t2, &x3);
    fp2_mul(&y3, &y3, &t0);
    fp2_mul(&t1, &t1, &z3);
    fp2_add(&y3, &t1, &y3);
    fp2_mul(&t0, &t0, &t3);
    fp2_mul(&z3, &z3, &t4);
    fp2_add(&z3, &z3, &t0);
    r->x = x3;
    r->y = y3;
    r->z = z3;
}

static void g2_add_affine(g2 *r, const g2 *a, const g2_affine *b) {
    fp2 t0, t1, t2, t3, t4, x3, y3, z3;
    fp2_mul(&t0, &a->x, &b->x);
    fp2_mul(&t1, &a->y, &b->y);
    fp2_add(&t3, &b->x, &b->y);
    fp2_add(&t4, &a->x, &a->y);
    fp2_mul(&t3, &t3, &t4);
    fp2_add(&t4, &t0, &t1);
    fp2_sub(&t3, &t3, &t4);
    fp2_mul(&t4, &b->y, &a->z);
    fp2_add(&t4, &t4, &a->y);
    fp2_mul(&y3, &b->x, &a->z);
    fp2_add(&y3, &y3, &a->x);
    fp2_dbl(&x3, &t0);
    fp2_add(&t0, &x3, &t0);
    fp2_mul_b3(&t2, &a->z);
    fp2_add(&z3, &t1, &t2);
    fp2_sub(&t1, &t1, &t2);
    fp2_mul_b3(&y3, &y3);
    fp2_mul(&x3, &t4, &y3);
    fp2_mul(&t2, &t3, &t1);
    fp2_sub(&x3, &t2, &x3);
    fp2_mul(&y3, &y3, &t0);
    fp2_mul(&t1, &t1, &z3);
    fp2_add(&y3, &t1, &y3);
    fp2_mul(&t0, &t0, &t3);
    fp2_mul(&z3, &z3, &t4);
    fp2_add(&z3, &z3, &t0);
    g2 sum = {x3, y3, z3};
    g2 keep = *a;
    g2_cmov(&sum, &keep, b->infinity & 1);
    *r = sum;
}

static void g2_dbl(g2 *r, const g2 *a) {
    fp2 t0, t1, t2, x3, y3, z3;
    fp2_sqr(&t0, &a->y);
    fp2_dbl(&z3, &t0);
    fp2_dbl(&z3, &z3);
    fp2_dbl(&z3, &z3);
    fp2_mul(&t1, &a->y, &a->z);
    fp2_sqr(&t2, &a->z);
    fp2_mul_b3(&t2, &t2);
    fp2_mul(&x3, &t2, &z3);
    fp2_add(&y3, &t0, &t2);
    fp2_mul(&z3, &t1, &z3);
    fp2_dbl(&t1, &t2);
    fp2_add(&t2, &t1, &t2);
    fp2_sub(&t0, &t0, &t2);
    fp2_mul(&y3, &t0, &y3);
    fp2_add(&y3, &x3, &y3);
    fp2_mul(&t1, &a->x, &a->y);
    fp2_mul(&x3, &t0, &t1);
    fp2_dbl(&x3, &x3);
    r->x = x3;
    r->y = y3;
    r->z = z3;
}

static inline void g2_neg(g2 *r, const g2 *a) {
    r->x = a->x;
    fp2_neg(&r->y, &a->y);
    r->z = a->z;
}

static inline void g2_cmov(g2 *r, const g2 *a, uint64_t flag) {
    fp2_cmov(&r->x, &a->x, flag);
    fp2_cmov(&r->y, &a->y, flag);
    fp2_cmov(&r->z, &a->z, flag);
}

static uint64_t g2_eq(const g2 *a, const g2 *b) {
    fp2 l, rr;
    uint64_t ok;
    fp2_mul(&l, &a->x, &b->z);
    fp2_mul(&rr, &b->x, &a->z);
    ok = fp2_eq(&l, &rr);
    fp2_mul(&l, &a->y, &b->z);
    fp2_mul(&rr, &b->y, &a->z);
    return ok & fp2_eq(&l, &rr);
}

static inline uint64_t g2_is_identity(const g2 *a) { return fp2_is_zero(&a->z); }

static uint64_t g2_is_on_curve(const g2 *a) {
    fp2 lhs, rhs, z3, b;
    fp2_sqr(&lhs, &a->y);
    fp2_mul(&lhs, &lhs, &a->z);
    fp2_sqr(&rhs, &a->x);
    fp2_mul(&rhs, &rhs, &a->x);
    fp2_sqr(&z3, &a->z);
    fp2_mul(&z3, &z3, &a->z);
    memcpy(b.c0.l, G2_B, sizeof b.c0.l);
    memcpy(b.c1.l, G2_B, sizeof b.c1.l);
    fp2_mul(&z3, &z3, &b);
    fp2_add(&rhs, &rhs, &z3);
    uint64_t degenerate = fp2_is_zero(&a->x) & fp2_is_zero(&a->y) & fp2_is_zero(&a->z);
    return fp2_eq(&lhs, &rhs) & (1 ^ degenerate);
}

static void g2_to_affine(g2_affine *r, const g2 *a) {
    fp2 zinv;
    fp2_inv(&zinv, &a->z);
    fp2_mul(&r->x, &a->x, &zinv);
    fp2_mul(&r->y, &a->y, &zinv);
    r->infinity = g2_is_identity(a);
}

static void g2_from_affine(g2 *r, const g2_affine *a) {
    g2 id;
    r->x = a->x;
    r->y = a->y;
    fp2_one(&r->z);
    g2_set_identity(&id);
    g2_cmov(r, &id, a->infinity & 1);
}

static void g2_psi(g2 *r, const g2 *a) {
    fp2 cx, cy, t;
    memcpy(cx.c0.l, G2_PSI_X0, sizeof cx.c0.l);
    memcpy(cx.c1.l, G2_PSI_X1, sizeof cx.c1.l);
    memcpy(cy.c0.l, G2_PSI_Y0, sizeof cy.c0.l);
    memcpy(cy.c1.l, G2_PSI_Y1, sizeof cy.c1.l);
    fp2_conj(&t, &a->x);
    fp2_mul(&r->x, &t, &cx);
    fp2_conj(&t, &a->y);
    fp2_mul(&r->y, &t, &cy);
    fp2_conj(&r->z, &a->z);
}

static void g2_psi2(g2 *r, const g2 *a) {
    fp c;
    memcpy(c.l, G2_PSI2_X, sizeof c.l);
    fp2_mul_fp(&r->x, &a->x, &c);
    fp2_neg(&r->y, &a->y);
    r->z = a->z;
}

/* Jacobian doubling over Fp2, as g1_jac_dbl (E'(Fp2) has odd order too). Constant time. */
static inline void g2_jac_dbl(fp2 *X, fp2 *Y, fp2 *Z) {
    fp2 A, B, C, D, E, F, t;
    fp2_sqr(&A, X);
    fp2_sqr(&B, Y);
    fp2_sqr(&C, &B);
    fp2_add(&t, X, &B);
    fp2_sqr(&t, &t);
    fp2_sub(&t, &t, &A);
    fp2_sub(&t, &t, &C);
    fp2_dbl(&D, &t);
    fp2_add(&E, &A, &A);
    fp2_add(&E, &E, &A);
    fp2_sqr(&F, &E);
    fp2_mul(Z, Y, Z);
    fp2_dbl(Z, Z);
    fp2_sub(X, &F, &D);
    fp2_sub(X, X, &D);
    fp2_sub(&t, &D, X);
    fp2_mul(Y, &E, &t);
    fp2_dbl(&C, &C);
    fp2_dbl(&C, &C);
    fp2_dbl(&C, &C);
    fp2_sub(Y, Y, &C);
}

/* Jacobian -> projective, Z = 0 -> (0 : 1 : 0), as g1_from_jac. Constant time. */
static void g2_from_jac(g2 *r, const fp2 *X, const fp2 *Y, const fp2 *Z) {
    fp2 z2;
    g2 id;
    fp2_mul(&r->x, X, Z);
    r->y = *Y;
    fp2_sqr(&z2, Z);
    fp2_mul(&r->z, &z2, Z);
    g2_set_identity(&id);
    g2_cmov(r, &id, fp2_is_zero(Z));
}

/* r = [z] a, as g1_mul_by_z. Constant time in a. */
static void g2_mul_by_z(g2 *r, const g2 *a) {
    fp2 X, Y, Z, z2;
    g2 acc;
    fp2_mul(&X, &a->x, &a->z);
    fp2_sqr(&z2, &a->z);
    fp2_mul(&Y, &a->y, &z2);
    Z = a->z;
    for (int i = 62; i >= 0; i--) {
        g2_jac_dbl(&X, &Y, &Z);
        if ((BLS_Z_ABS >> i) & 1) {
            g2_from_jac(&acc, &X, &Y, &Z);
            g2_add(&acc, &acc, a);
            fp2_mul(&X, &acc.x, &acc.z);
            fp2_sqr(&z2, &acc.z);
            fp2_mul(&Y, &acc.y, &z2);
            Z = acc.z;
        }
    }
    g2_from_jac(r, &X, &Y, &Z);
    g2_neg(r, r);
}

static void g2_table_lookup(g2 *r, const g2 table[16], uint64_t idx) {
    *r = table[0];
    for (uint64_t i = 1; i < 16; i++) g2_cmov(r, &table[i], ct_is_zero(i ^ idx));
}

/* Constant-time [k]P on G2: k = k1 + k2 z^2 and [z^2]P = psi^2(P). Fixed 4-bit windows, masked lookups. */
static void g2_mul_ct(g2 *r, const g2 *p, const fr *k) {
    uint64_t k1[2], k2[2];
    g2 t1[16], t2[16], acc, sel;
    scalar_split_z2(k1, k2, k);
    g2_set_identity(&t1[0]);
    t1[1] = *p;
    for (int i = 2; i < 16; i++) g2_add(&t1[i], &t1[i - 1], p);
    for (int i = 0; i < 16; i++) g2_psi2(&t2[i], &t1[i]);
    g2_set_identity(&acc);
    for (int w = 31; w >= 0; w--) {
        for (int j = 0; j < 4; j++) g2_dbl(&acc, &acc);
        g2_table_lookup(&sel, t1, (k1[w / 16] >> (4 * (w % 16))) & 15);
        g2_add(&acc, &acc, &sel);
        g2_table_lookup(&sel, t2, (k2[w / 16] >> (4 * (w % 16))) & 15);
        g2_add(&acc, &acc, &sel);
    }
    *r = acc;
    ct_wipe(k1, sizeof k1);
    ct_wipe(k2, sizeof k2);
    ct_wipe(t1, sizeof t1);
    ct_wipe(t2, sizeof t2);
    ct_wipe(&sel, sizeof sel);
}

/* Constant-time sum_i [k_i]P_i for n <= ZK_G2_MSM_CT_MAX points: g2_mul_ct's split, tables and 4-bit windows, one
 * shared chain of doublings (Straus). Constant time in the points and scalars (n public). */
static void g2_msm_ct_small(g2 *r, const g2 *pts, const fr *ks, size_t n) {
    uint64_t k[ZK_G2_MSM_CT_MAX][2][2];
    g2 tab[ZK_G2_MSM_CT_MAX][2][16], acc, sel;
    for (size_t i = 0; i < n; i++) {
        scalar_split_z2(k[i][0], k[i][1], &ks[i]);
        g2_set_identity(&tab[i][0][0]);
        tab[i][0][1] = pts[i];
        for (int j = 2; j < 16; j++) g2_add(&tab[i][0][j], &tab[i][0][j - 1], &pts[i]);
        for (int j = 0; j < 16; j++) g2_psi2(&tab[i][1][j], &tab[i][0][j]);
    }
    g2_set_identity(&acc);
    for (int w = 31; w >= 0; w--) {
        for (int j = 0; j < 4; j++) g2_dbl(&acc, &acc);
        for (size_t i = 0; i < n; i++)
            for (int h = 0; h < 2; h++) {
                g2_table_lookup(&sel, tab[i][h], (k[i][h][w / 16] >> (4 * (w % 16))) & 15);
                g2_add(&acc, &acc, &sel);
            }
    }
    *r = acc;
    ct_wipe(k, sizeof k);
    ct_wipe(tab, sizeof tab);
    ct_wipe(&sel, sizeof sel);
    ct_wipe(&acc, sizeof acc);
}

/* The 5-bit signed (Booth) digit of a 128-bit k = (k[0], k[1]) at window i in [0, 26): bits 5i - 1 .. 5i + 4
 * (bit -1 = 0) read as d = b_(5i-1) + sum_(j<4) b_(5i+j) 2^j - 16 b_(5i+4), so that sum_i d_i 32^i = k (the top
 * window's sign bit is 0: k < 2^128). Returns |d| in [0, 16]; *neg = 1 when d < 0. Constant time in k (i public). */
static inline uint64_t g2_booth5(const uint64_t k[2], unsigned i, uint64_t *neg) {
    unsigned p = 5 * i; /* bits p - 1 .. p + 4 */
    uint64_t w;
    if (i == 0) w = k[0] << 1;
    else if (p + 5 <= 64) w = k[0] >> (p - 1);
    else if (p - 1 < 64) w = (k[0] >> (p - 1)) | (k[1] << (65 - p));
    else w = k[1] >> (p - 65);
    w &= 0x3f;
    uint64_t mask = 0 - (w >> 5);
    w = (w + 1) >> 1;
    w = (w & ~mask) | ((0 - w) & mask);
    *neg = (w >> 5) & 1;
    return w & 0x1f;
}

/* Constant-time sum_i [k_i]P_i for any number of points, in chunks of G2_MSM_CT_CHUNK points: per point the split
 * k = k1 + k2 z^2 ([z^2]P = psi^2(P)), a table [0..16]P and its psi^2 image, 5-bit signed (Booth) windows over
 * the two 128-bit halves, masked lookups (all 17 entries read) and a masked negation; one chain of doublings
 * shared by the chunk's points (Straus). A point costs its table (8 doublings, 7 additions, 17 psi^2) and 52
 * additions, plus 130 / G2_MSM_CT_CHUNK doublings.
 * On input: pts[0..n) on the curve (in G2: the split assumes the subgroup), ks[0..n) reduced (either may be NULL
 * when n = 0); scratch of G2_MSM_CT_SCRATCH bytes, 8-byte aligned, disjoint from the rest.
 * On output: *r = sum_i [ks_i] pts_i (n = 0: the identity); the part of scratch written is wiped.
 * Constant time in the points and the scalars (n public). */
#define G2_MSM_CT_CHUNK 16
#define G2_MSM_CT_TAB 17
#define G2_MSM_CT_SCRATCH (G2_MSM_CT_CHUNK * 2 * G2_MSM_CT_TAB * sizeof(g2) + G2_MSM_CT_CHUNK * 4 * sizeof(uint64_t))
static void g2_msm_ct_chunked(g2 *r, const g2 *pts, const fr *ks, size_t n, void *scratch) {
    g2 *tab = (g2 *)scratch, acc, sel, neg_sel; /* tab[(2 i + h) * 17 + j] = [j] psi^(2h)(P_i) */
    uint64_t *k = (uint64_t *)(tab + G2_MSM_CT_CHUNK * 2 * G2_MSM_CT_TAB); /* k[i * 4 + h * 2 + l] */
    g2_set_identity(r);
    for (size_t off = 0; off < n; off += G2_MSM_CT_CHUNK) {
        size_t m = n - off < G2_MSM_CT_CHUNK ? n - off : G2_MSM_CT_CHUNK;
        for (size_t i = 0; i < m; i++) {
            g2 *t = tab + 2 * G2_MSM_CT_TAB * i;
            scalar_split_z2(k + 4 * i, k + 4 * i + 2, &ks[off + i]);
            g2_set_identity(&t[0]);
            t[1] = pts[off + i];
            for (int j = 2; j < G2_MSM_CT_TAB; j++) {
                if (j & 1) g2_add(&t[j], &t[j - 1], &pts[off + i]);
                else g2_dbl(&t[j], &t[j / 2]);
            }
            for (int j = 0; j < G2_MSM_CT_TAB; j++) g2_psi2(&t[G2_MSM_CT_TAB + j], &t[j]);
        }
        g2_set_identity(&acc);
        for (int w = 25; w >= 0; w--) {
            for (int j = 0; j < 5; j++) g2_dbl(&acc, &acc);
            for (size_t i = 0; i < m; i++)
                for (int h = 0; h < 2; h++) {
                    const g2 *t = tab + (2 * i + h) * G2_MSM_CT_TAB;
                    uint64_t neg, d = g2_booth5(k + 4 * i + 2 * h, (unsigned)w, &neg);
                    sel = t[0];
                    for (uint64_t j = 1; j < G2_MSM_CT_TAB; j++) g2_cmov(&sel, &t[j], ct_is_zero(j ^ d));
                    g2_neg(&neg_sel, &sel);
                    g2_cmov(&sel, &neg_sel, neg);
                    g2_add(&acc, &acc, &sel);
                }
        }
        g2_add(r, r, &acc);
    }
    size_t used = n < G2_MSM_CT_CHUNK ? n : G2_MSM_CT_CHUNK; /* the entries written (public) */
    ct_wipe(tab, used * 2 * G2_MSM_CT_TAB * sizeof(g2));
    ct_wipe(k, used * 4 * sizeof(uint64_t));
    ct_wipe(&sel, sizeof sel);
    ct_wipe(&neg_sel, sizeof neg_sel);
    ct_wipe(&acc, sizeof acc);
}

static void g2_mul_wnaf_var(g2 *r, const g2 *p, const fr *k) {
    uint64_t k1[2], k2[2];
    int8_t d1[130], d2[130];
    g2 odd1[8], odd2[8], p2, acc, t;
    scalar_split_z2(k1, k2, k);
    int n1 = wnaf5_var(d1, k1), n2 = wnaf5_var(d2, k2);
    odd1[0] = *p;
    g2_dbl(&p2, p);
    for (int i = 1; i < 8; i++) g2_add(&odd1[i], &odd1[i - 1], &p2);
    for (int i = 0; i < 8; i++) g2_psi2(&odd2[i], &odd1[i]);
    g2_set_identity(&acc);
    for (int i = (n1 > n2 ? n1 : n2) - 1; i >= 0; i--) {
        g2_dbl(&acc, &acc);
        if (i < n1 && d1[i]) {
            if (d1[i] > 0) g2_add(&acc, &acc, &odd1[d1[i] / 2]);
            else { g2_neg(&t, &odd1[-d1[i] / 2]); g2_add(&acc, &acc, &t); }
        }
        if (i < n2 && d2[i]) {
            if (d2[i] > 0) g2_add(&acc, &acc, &odd2[d2[i] / 2]);
            else { g2_neg(&t, &odd2[-d2[i] / 2]); g2_add(&acc, &acc, &t); }
        }
    }
    *r = acc;
}

/* Scott's test: P (on the curve) is in G2 iff psi(P) = [z]P. */
static uint64_t g2_in_subgroup_var(const g2 *a) {
    g2 s, t;
    g2_psi(&s, a);
    g2_mul_by_z(&t, a);
    return g2_eq(&s, &t);
}

#ifdef ZK_HAVE_IFMA
/* ------------------------------------------------------------------ Scott's test on eight lanes (IFMA) */

/* Eight G2 points in Jacobian coordinates over Fp2 (x = X/Z^2, y = Y/Z^3), one per lane, in fp_ifma.h's lane form.
 * Bounds: every fpv2 these functions take or leave is below 4p componentwise: each helper reduces its result
 * (fpv_reduce: below 4p from anything below 2^416), so the bound holds by construction, at the price of a reduction
 * (an eighth of a multiplication) per step. The g2v_* helpers are branch-free lane arithmetic (their timing does
 * not depend on the values); their one user, g2_in_subgroup8_ifma, is variable time and takes public points. */
typedef struct { fpv2 x, y, z; } g2v_jac;

ZK_IFMA_INLINE void g2v_reduce(fpv2 *r) {
    fpv_reduce(&r->c0, &r->c0);
    fpv_reduce(&r->c1, &r->c1);
}

/* r = a + b (sums below 8p, then reduced). */
ZK_IFMA_INLINE void g2v_add(fpv2 *r, const fpv2 *a, const fpv2 *b) {
    fpv_add(&r->c0, &a->c0, &b->c0);
    fpv_add(&r->c1, &a->c1, &b->c1);
    g2v_reduce(r);
}

/* r = a - b (a - b + 4p, non-negative and below 8p, then reduced). */
ZK_IFMA_INLINE void g2v_sub(fpv2 *r, const fpv2 *a, const fpv2 *b) {
    fpv k4;
    fpv_set_const(&k4, FPV_PK[4]);
    fpv2_sub(r, a, b, &k4);
    g2v_reduce(r);
}

/* r = a b (fpv2_mul: c0 below 2^32 p + 2p with its offset, c1 below 2p; then reduced). */
ZK_IFMA_INLINE void g2v_mul(fpv2 *r, const fpv2 *a, const fpv2 *b) {
    fpv2_mul(r, a, b);
    g2v_reduce(r);
}

/* r = a^2 = ((a0 + a1)(a0 - a1 + 4p), 2 a0 a1): factors below 8p, so each product is below 64 p^2 / 2^416 + p
 * < 2p (fpv_mul's bound), and c1 = 2 a0 a1 < 4p. r may alias a. */
ZK_IFMA_INLINE void g2v_sqr(fpv2 *r, const fpv2 *a) {
    fpv s, d, t, k4;
    fpv_set_const(&k4, FPV_PK[4]);
    fpv_add(&s, &a->c0, &a->c1);
    fpv_sub(&d, &a->c0, &a->c1, &k4);
    fpv_mul(&t, &a->c0, &a->c1);
    fpv_mul(&r->c0, &s, &d);
    fpv_add(&r->c1, &t, &t);
}

/* a = 2a (dbl-2009-l, a = 0), as g1v_dbl over Fp2. An identity lane (Z = 0) stays one (Z3 = 2 Y Z). */
ZK_IFMA_INLINE void g2v_dbl(g2v_jac *a) {
    fpv2 A, B, C, D, E, F, t;
    g2v_sqr(&A, &a->x);
    g2v_sqr(&B, &a->y);
    g2v_sqr(&C, &B);
    g2v_add(&t, &a->x, &B);
    g2v_sqr(&t, &t);
    g2v_sub(&t, &t, &A);
    g2v_sub(&t, &t, &C);
    g2v_add(&D, &t, &t);            /* D = 2 ((X + B)^2 - A - C) */
    g2v_add(&E, &A, &A);
    g2v_add(&E, &E, &A);            /* E = 3A */
    g2v_sqr(&F, &E);
    g2v_mul(&a->z, &a->y, &a->z);
    g2v_add(&a->z, &a->z, &a->z);   /* Z3 = 2 Y Z (before Y changes) */
    g2v_add(&t, &D, &D);
    g2v_sub(&a->x, &F, &t);         /* X3 = F - 2D */
    g2v_sub(&t, &D, &a->x);
    g2v_mul(&t, &E, &t);
    g2v_add(&C, &C, &C);
    g2v_add(&C, &C, &C);
    g2v_add(&C, &C, &C);            /* 8C */
    g2v_sub(&a->y, &t, &C);         /* Y3 = E (D - X3) - 8C */
}

/* a += (x2, y2) (madd-2007-bl), as g1v_madd over Fp2. Returns the lanes where x2 Z^2 = X (a = +-(x2, y2): the
 * formula does not apply there, those lanes' results are meaningless and must be decided elsewhere). An identity
 * lane (Z = 0) stays one (Z3 = (Z + H)^2 - Z^2 - H^2 = 2 Z H) or is returned. */
ZK_IFMA_INLINE __mmask8 g2v_madd(g2v_jac *a, const fpv2 *x2, const fpv2 *y2) {
    fpv2 z1z1, u2, s2, h, hh, i4, j, r, v, t, x3;
    g2v_sqr(&z1z1, &a->z);
    g2v_mul(&u2, x2, &z1z1);
    g2v_mul(&s2, &a->z, &z1z1);
    g2v_mul(&s2, y2, &s2);
    g2v_sub(&h, &u2, &a->x);        /* H = U2 - X1 < 4p */
    __mmask8 bad = (__mmask8)(fpv_zero_mod_p(&h.c0, 4) & fpv_zero_mod_p(&h.c1, 4));
    g2v_sqr(&hh, &h);
    g2v_add(&i4, &hh, &hh);
    g2v_add(&i4, &i4, &i4);         /* I = 4 HH */
    g2v_mul(&j, &h, &i4);           /* J = H I */
    g2v_sub(&r, &s2, &a->y);
    g2v_add(&r, &r, &r);            /* r = 2 (S2 - Y1) */
    g2v_mul(&v, &a->x, &i4);        /* V = X1 I */
    g2v_sqr(&t, &r);
    g2v_sub(&t, &t, &j);
    g2v_sub(&t, &t, &v);
    g2v_sub(&x3, &t, &v);           /* X3 = r^2 - J - 2V */
    g2v_sub(&t, &v, &x3);
    g2v_mul(&t, &r, &t);
    g2v_mul(&j, &a->y, &j);
    g2v_add(&j, &j, &j);
    g2v_sub(&a->y, &t, &j);         /* Y3 = r (V - X3) - 2 Y1 J */
    g2v_add(&t, &a->z, &h);
    g2v_sqr(&t, &t);
    g2v_sub(&t, &t, &z1z1);
    g2v_sub(&a->z, &t, &hh);        /* Z3 = (Z1 + H)^2 - Z1Z1 - HH */
    a->x = x3;
    return bad;
}

/* Scott's test on up to eight affine points at once: for lane k < n, ok[k] = 1 when psi(pts[k]) = [z] pts[k] was
 * verified (then pts[k] is in G2), else 0: not in G2, or a lane that met an exceptional case of the formulas or
 * the identity on the way (the caller decides those with g2_in_subgroup_var). [|z|]P is computed on the lanes from
 * P's affine coordinates by the 64 bits of |z| (63 doublings, 5 mixed additions); the comparison with
 * psi(P) = -[|z|]P is made per lane in the scalar code: X psi_z = psi_x Z^2 and Y psi_z + psi_y Z^3 = 0.
 * On input: 1 <= n <= 8; pts[k] on the curve with Z = 1 (as decoded), not the identity.
 * Variable time: the points are public (and so is which lanes pass). */
ZK_IFMA_TARGET __attribute__((noinline)) static void g2_in_subgroup8_ifma(uint8_t ok[8], const g2 *const pts[8],
                                                                         unsigned n) {
    uint64_t ax[8] __attribute__((aligned(64))), ay[8] __attribute__((aligned(64)));
    for (unsigned k = 0; k < 8; k++) {
        const g2 *p = pts[k < n ? k : 0];   /* idle lanes repeat lane 0 */
        ax[k] = (uint64_t)(uintptr_t)&p->x;
        ay[k] = (uint64_t)(uintptr_t)&p->y;
    }
    fpv2 x, y;
    fpv2_gather_var(&x, _mm512_load_si512((const void *)ax));
    fpv2_gather_var(&y, _mm512_load_si512((const void *)ay));
    g2v_reduce(&x);                 /* < 4p */
    g2v_reduce(&y);
    g2v_jac acc;
    acc.x = x;
    acc.y = y;
    fpv_set_const(&acc.z.c0, FPV_ONE);
    fpv_reduce(&acc.z.c0, &acc.z.c0);
    for (int i = 0; i < 8; i++) acc.z.c1.l[i] = _mm512_setzero_si512();
    __mmask8 bad = 0;
    for (int i = 62; i >= 0; i--) {     /* bit 63 is the starting point */
        g2v_dbl(&acc);
        if ((BLS_Z_ABS >> i) & 1) bad |= g2v_madd(&acc, &x, &y);
    }
    fp2 X[8], Y[8], Z[8];
    fp *o[6][8];
    for (unsigned k = 0; k < 8; k++) {
        o[0][k] = &X[k].c0;
        o[1][k] = &X[k].c1;
        o[2][k] = &Y[k].c0;
        o[3][k] = &Y[k].c1;
        o[4][k] = &Z[k].c0;
        o[5][k] = &Z[k].c1;
    }
    fpv_store_lanes_var(o[0], &acc.x.c0, 0xff);
    fpv_store_lanes_var(o[1], &acc.x.c1, 0xff);
    fpv_store_lanes_var(o[2], &acc.y.c0, 0xff);
    fpv_store_lanes_var(o[3], &acc.y.c1, 0xff);
    fpv_store_lanes_var(o[4], &acc.z.c0, 0xff);
    fpv_store_lanes_var(o[5], &acc.z.c1, 0xff);
    for (unsigned k = 0; k < n; k++) {
        g2 s;
        fp2 z2, z3, t, u;
        ok[k] = 0;
        if (((bad >> k) & 1) || fp2_is_zero(&Z[k])) continue;
        g2_psi(&s, pts[k]);             /* projective: (s.x / s.z, s.y / s.z) */
        fp2_sqr(&z2, &Z[k]);
        fp2_mul(&z3, &z2, &Z[k]);
        fp2_mul(&t, &X[k], &s.z);
        fp2_mul(&u, &s.x, &z2);
        uint64_t eq_x = fp2_eq(&t, &u);
        fp2_mul(&t, &Y[k], &s.z);
        fp2_mul(&u, &s.y, &z3);
        fp2_add(&t, &t, &u);
        ok[k] = (uint8_t)(eq_x & fp2_is_zero(&t));
    }
}
#endif

/* Below this many points the lanes are not worth filling. */
#define G2_SUBGROUP_LANES_MIN 2

/* Subgroup checks of n decoded points: the index of the first point not in G2, or n if all are. Lanes of eight
 * on IFMA CPUs (a lane that does not pass is decided again by g2_in_subgroup_var), else one by one.
 * On input: every point on the curve, as g2_decode_point_var leaves it (Z = 1, or the identity).
 * Variable time: the points are public. */
static size_t g2_batch_first_not_in_subgroup_var(const g2 *pts, size_t n) {
    size_t i = 0;
#ifdef ZK_HAVE_IFMA
    if (fp_ifma_enabled && n >= G2_SUBGROUP_LANES_MIN) {
        const g2 *lane[8];
        size_t idx[8];
        uint8_t ok[8];
        while (i < n) {
            unsigned m = 0;
            for (; i < n && m < 8; i++)
                if (!g2_is_identity(&pts[i])) { lane[m] = &pts[i]; idx[m++] = i; }
            if (m == 0) continue;
            g2_in_subgroup8_ifma(ok, lane, m);
            for (unsigned k = 0; k < m; k++)
                if (!ok[k] && !g2_in_subgroup_var(lane[k])) return idx[k]; /* lanes are in index order */
        }
        return n;
    }
#endif
    for (; i < n; i++)
        if (!g2_in_subgroup_var(&pts[i])) return i;
    return n;
}

/* ------------------------------------------------------------------ ZCash encoding: x.c1 || x.c0 [|| y.c1 || y.c0] */

/* Encode a point (ZCash format); constant time in the point, as g1_encode. */
static void g2_encode(uint8_t *out, const g2 *a, int compressed) {
    g2_affine aff;
    g2_to_affine(&aff, a);
    uint8_t inf = (uint8_t)(aff.infinity & 1);
    fp_to_be(out, &aff.x.c1);
    fp_to_be(out + 48, &aff.x.c0);
    if (compressed) {
        out[0] |= (uint8_t)(ZK_FLAG_COMPRESSED | (inf << 6) | ((uint8_t)fp2_is_lex_largest(&aff.y) << 5));
    } else {
        fp_to_be(out + 96, &aff.y.c1);
        fp_to_be(out + 144, &aff.y.c0);
        out[0] |= (uint8_t)(inf << 6);
    }
}

/* g2_decode_var with the subgroup check left out when check_subgroup is 0 (the caller makes it). */
static ZK_WARN_UNUSED zk_err g2_decode_point_var(g2 *out, const uint8_t *in, size_t len, int check_subgroup) {
    int compressed, infinity, sort;
    zk_err err = zcash_flags_var(in, len, 96, &compressed, &infinity, &sort);
    g2_set_identity(out);
    if (err != ZK_OK || infinity) return err;
    uint8_t buf[48];
    memcpy(buf, in, 48);
    buf[0] &= 0x1f;
    g2_affine aff;
    aff.infinity = 0;
    if (!fp_from_be(&aff.x.c1, buf) || !fp_from_be(&aff.x.c0, in + 48)) return ZK_ERR_COORDINATE_RANGE;
    if (compressed) {
        fp2 rhs, b;
        fp2_sqr(&rhs, &aff.x);
        fp2_mul(&rhs, &rhs, &aff.x);
        memcpy(b.c0.l, G2_B, sizeof b.c0.l);
        memcpy(b.c1.l, G2_B, sizeof b.c1.l);
        fp2_add(&rhs, &rhs, &b);
        if (!fp2_sqrt(&aff.y, &rhs)) return ZK_ERR_NOT_ON_CURVE;
        if (fp2_is_lex_largest(&aff.y) != (uint64_t)sort) fp2_neg(&aff.y, &aff.y);
    } else {
        if (!fp_from_be(&aff.y.c1, in + 96) || !fp_from_be(&aff.y.c0, in + 144)) return ZK_ERR_COORDINATE_RANGE;
    }
    g2 p;
    g2_from_affine(&p, &aff);
    if (!g2_is_on_curve(&p)) return ZK_ERR_NOT_ON_CURVE;
    if (check_subgroup && !g2_in_subgroup_var(&p)) return ZK_ERR_NOT_IN_SUBGROUP;
    *out = p;
    return ZK_OK;
}

static ZK_WARN_UNUSED zk_err g2_decode_var(g2 *out, const uint8_t *in, size_t len) {
    return g2_decode_point_var(out, in, len, 1);
}

/* ------------------------------------------------------------------ contract predicates (ZK_CHECK, check.h) */

/* 1 if the coordinates of a are reduced and a is on the curve (projective; the identity is). */
static inline int g2_is_valid(const g2 *a) {
    return fp2_is_reduced(&a->x) && fp2_is_reduced(&a->y) && fp2_is_reduced(&a->z) && (int)g2_is_on_curve(a);
}
static inline int g2_all_valid(const g2 *a, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (!g2_is_valid(&a[i])) return 0;
    return 1;
}
/* 1 if a is the point at infinity (infinity = 1) or has reduced coordinates on the curve. */
static inline int g2_affine_is_valid(const g2_affine *a) {
    if (a->infinity) return 1;
    g2 p;
    g2_from_affine(&p, a);
    return fp2_is_reduced(&a->x) && fp2_is_reduced(&a->y) && (int)g2_is_on_curve(&p);
}
static inline int g2_affine_all_valid(const g2_affine *a, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (!g2_affine_is_valid(&a[i])) return 0;
    return 1;
}

/* ------------------------------------------------------------------ public API */

ZK_API void zk_g2_generator(zk_g2 *out) { g2_set_generator(out); }
ZK_API void zk_g2_identity(zk_g2 *out) { g2_set_identity(out); }
ZK_API void zk_g2_add(zk_g2 *out, const zk_g2 *a, const zk_g2 *b) {
    ZK_CHECK(g2_is_valid(a) && g2_is_valid(b));
    g2_add(out, a, b);
}
ZK_API void zk_g2_sub(zk_g2 *out, const zk_g2 *a, const zk_g2 *b) {
    g2 nb;
    ZK_CHECK(g2_is_valid(a) && g2_is_valid(b));
    g2_neg(&nb, b);
    g2_add(out, a, &nb);
}
ZK_API void zk_g2_dbl(zk_g2 *out, const zk_g2 *a) {
    ZK_CHECK(g2_is_valid(a));
    g2_dbl(out, a);
}
ZK_API void zk_g2_neg(zk_g2 *out, const zk_g2 *a) {
    ZK_CHECK(g2_is_valid(a));
    g2_neg(out, a);
}
ZK_API int zk_g2_eq(const zk_g2 *a, const zk_g2 *b) {
    ZK_CHECK(g2_is_valid(a) && g2_is_valid(b));
    return (int)g2_eq(a, b);
}
ZK_API int zk_g2_is_identity(const zk_g2 *a) {
    ZK_CHECK(g2_is_valid(a));
    return (int)g2_is_identity(a);
}
ZK_API int zk_g2_is_on_curve(const zk_g2 *a) { return (int)g2_is_on_curve(a); }
ZK_API int zk_g2_in_subgroup_var(const zk_g2 *a) { return (int)(g2_is_on_curve(a) && g2_in_subgroup_var(a)); }
ZK_API void zk_g2_mul(zk_g2 *out, const zk_g2 *p, const zk_fr *k) {
    ZK_CHECK(g2_is_valid(p) && fr_is_reduced(k));
    g2_mul_ct(out, p, k);
}
ZK_API zk_err zk_g2_msm_ct(zk_g2 *out, const zk_g2 *points, const zk_fr *scalars, size_t n) {
    if (n > ZK_G2_MSM_CT_MAX || !out || (n && (!points || !scalars))) return ZK_ERR_ARGUMENT;
    ZK_CHECK(g2_all_valid(points, n) && fr_all_reduced(scalars, n));
    g2_msm_ct_small(out, points, scalars, n);
    return ZK_OK;
}
ZK_API void zk_g2_mul_var(zk_g2 *out, const zk_g2 *p, const zk_fr *k) {
    ZK_CHECK(g2_is_valid(p) && fr_is_reduced(k));
    g2_mul_wnaf_var(out, p, k);
}
ZK_API void zk_g2_to_bytes(uint8_t *out, const zk_g2 *a, int compressed) {
    ZK_CHECK(g2_is_valid(a));
    g2_encode(out, a, compressed != 0);
}
ZK_API zk_err zk_g2_from_bytes_var(zk_g2 *out, const uint8_t *in, size_t len) { return g2_decode_var(out, in, len); }

ZK_API zk_err zk_g2_batch_from_bytes_var(zk_g2 *out, const uint8_t *in, size_t len, size_t n, size_t *bad_index) {
    ZK_CHECK(zk_disjoint(out, n * sizeof *out, in, n * len));
    /* as zk_g1_batch_from_bytes_var: encodings first (up to the first bad one), then the subgroup checks of the
     * points before it, batched; the first failure by index is the one reported */
    size_t f = n;
    zk_err e = ZK_OK;
    for (size_t i = 0; i < n; i++) {
        e = g2_decode_point_var(&out[i], in + i * len, len, 0);
        if (e != ZK_OK) {
            f = i;
            break;
        }
    }
    size_t s = g2_batch_first_not_in_subgroup_var(out, f);
    if (s < f) {
        g2_set_identity(&out[s]);
        *bad_index = s;
        return ZK_ERR_NOT_IN_SUBGROUP;
    }
    if (f < n) {
        *bad_index = f;
        return e;
    }
    return ZK_OK;
}

ZK_API void zk_g2_batch_to_affine(zk_g2_affine *out, const zk_g2 *in, size_t n) {
    ZK_CHECK(g2_all_valid(in, n) && zk_disjoint(out, n * sizeof *out, in, n * sizeof *in));
    fp2 acc, inv, one;
    if (n == 0) return;
    fp2_one(&one);
    fp2_one(&acc);
    for (size_t i = 0; i < n; i++) {
        uint64_t inf = fp2_is_zero(&in[i].z);
        out[i].x = in[i].z;
        fp2_cmov(&out[i].x, &one, inf);
        out[i].y = acc;
        out[i].infinity = inf;
        fp2_mul(&acc, &acc, &out[i].x);
    }
    fp2_inv(&inv, &acc);
    for (size_t i = n; i-- > 0;) {
        fp2 zinv, z = out[i].x, zero;
        fp2_mul(&zinv, &inv, &out[i].y);
        fp2_mul(&inv, &inv, &z);
        fp2_mul(&out[i].x, &in[i].x, &zinv);
        fp2_mul(&out[i].y, &in[i].y, &zinv);
        fp2_zero(&zero);
        fp2_cmov(&out[i].x, &zero, out[i].infinity);
        fp2_cmov(&out[i].y, &zero, out[i].infinity);
    }
}

ZK_API void zk_g2_from_affine(zk_g2 *out, const zk_g2_affine *in) {
    ZK_CHECK(g2_affine_is_valid(in));
    g2_from_affine(out, in);
}

#endif
