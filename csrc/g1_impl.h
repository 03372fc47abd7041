/* g1_impl.h -- code for g1.h, the scalar-splitting helper shared with G2, and the public zk_g1_* API. */
#ifndef ZK_G1_IMPL_H
#define ZK_G1_IMPL_H

#include "g1.h"

/* ------------------------------------------------------------------ scalar splitting (G1 and G2) */

/* |z|^2 = 0xac45a4010001a4020000000100000000 (128 bits). k = k1 + k2 * z^2 with k1, k2 < 2^128 because
 * r / z^2 < z^2 + 1 (r = z^4 - z^2 + 1). On G1, [z^2]P = -sigma(P); on G2, [z^2]P = psi^2(P). */
static const uint64_t GLV_Z2[2] = {0x0000000100000000ULL, 0xac45a4010001a402ULL};

/* floor(2^256 / z^2) (129 bits), the Barrett constant of scalar_split_z2. */
static const uint64_t GLV_Z2_MU[3] = {0x63f6e522f6cfee2eULL, 0x7c6becf1e01faaddULL, 0x1ULL};

/* Split a scalar for GLV/GLS: *k1 = k mod z^2, *k2 = k div z^2 (each two limbs, little-endian).
 * On input: k is a canonical scalar in Montgomery form.
 * Barrett division (Menezes-van Oorschot-Vanstone, Handbook of Applied Cryptography, algorithm 14.42, radix 2,
 * n = 128 bits of z^2, which has its top bit set): q3 = floor(floor(k / 2^127) mu / 2^129) with mu =
 * floor(2^256 / z^2). HAC's bound is q3 <= q <= q3 + 2 for any k < 2^256; for k < r it is q <= q3 + 1: q3 falls
 * short of k / z^2 by less than (k mod 2^127) / 2^127 * mu / 2^129 + floor(k / 2^127) (2^256 / z^2 - mu) / 2^129
 * < 0.7431 + 0.0059 < 1 (tests/native/test_scalar_split.py recomputes these constants). So rem = k - q3 z^2 < 2 z^2
 * and one masked conditional subtraction finishes it. (It replaced a 256-step restoring division.)
 * Constant time (straight-line limb arithmetic and masks). */
static void scalar_split_z2(uint64_t k1[2], uint64_t k2[2], const fr *k) {
    uint64_t kp[4], h[2], q[2], rem[3], t[3], m[5] = {0, 0, 0, 0, 0};
    fr_to_plain(kp, k);
    /* h = floor(k / 2^127) < 2^128 (k < r < 2^255) */
    h[0] = (kp[1] >> 63) | (kp[2] << 1);
    h[1] = (kp[2] >> 63) | (kp[3] << 1);
    /* m = h mu (< 2^257, five limbs) */
    for (int i = 0; i < 2; i++) {
        uint64_t c = 0;
        for (int j = 0; j < 3; j++) {
            u128 v = (u128)h[i] * GLV_Z2_MU[j] + m[i + j] + c;
            m[i + j] = (uint64_t)v;
            c = (uint64_t)(v >> 64);
        }
        m[i + 3] = c;
    }
    /* q3 = floor(m / 2^129) < 2^128 */
    q[0] = (m[2] >> 1) | (m[3] << 63);
    q[1] = (m[3] >> 1) | (m[4] << 63);
    /* rem = k - q3 z^2, exact in its low three limbs (0 <= rem < 2 z^2 < 2^129) */
    {
        uint64_t p[3] = {0, 0, 0}; /* q3 z^2 mod 2^192 */
        u128 v;
        for (int i = 0; i < 2; i++) {
            uint64_t c = 0;
            for (int j = 0; j < 2; j++) {
                v = (u128)q[i] * GLV_Z2[j] + p[i + j] + c;
                p[i + j] = (uint64_t)v;
                c = (uint64_t)(v >> 64);
            }
            if (i == 0) p[2] = c; /* for i = 1 the carry out of limb 2 is dropped: mod 2^192 */
        }
        uint64_t b = 0;
        v = (u128)kp[0] - p[0];
        rem[0] = (uint64_t)v;
        b = (uint64_t)(v >> 64) & 1;
        v = (u128)kp[1] - p[1] - b;
        rem[1] = (uint64_t)v;
        b = (uint64_t)(v >> 64) & 1;
        rem[2] = kp[2] - p[2] - b;
        ct_wipe(p, sizeof p);
    }
    {
        /* if rem >= z^2: rem -= z^2, q += 1 */
        uint64_t borrow;
        u128 v = (u128)rem[0] - GLV_Z2[0];
        t[0] = (uint64_t)v;
        borrow = (uint64_t)(v >> 64) & 1;
        v = (u128)rem[1] - GLV_Z2[1] - borrow;
        t[1] = (uint64_t)v;
        borrow = (uint64_t)(v >> 64) & 1;
        v = (u128)rem[2] - borrow;
        t[2] = (uint64_t)v;
        borrow = (uint64_t)(v >> 64) & 1;
        uint64_t ge = 1 ^ borrow;
        ct_cmov(rem, t, 3, ge);
        v = (u128)q[0] + ge;
        q[0] = (uint64_t)v;
        q[1] += (uint64_t)(v >> 64);
    }
    k1[0] = rem[0];
    k1[1] = rem[1];
    k2[0] = q[0];
    k2[1] = q[1];
    ct_wipe(kp, sizeof kp);
    ct_wipe(h, sizeof h);
    ct_wipe(m, sizeof m);
    ct_wipe(rem, sizeof rem);
    ct_wipe(t, sizeof t);
    ct_wipe(q, sizeof q);
}

/* Width-5 NAF of a 128-bit public value: digits[i] in {0, +-1, +-3, ..., +-15}; returns the digit count
 * (<= 129). Variable time: k must be public. */
static int wnaf5_var(int8_t digits[130], const uint64_t k[2]) {
    uint64_t v[3] = {k[0], k[1], 0};
    int len = 0;
    while (v[0] | v[1] | v[2]) {
        int8_t d = 0;
        if (v[0] & 1) {
            int m = (int)(v[0] & 31);
            d = (int8_t)(m > 16 ? m - 32 : m);
            /* v -= d */
            if (d > 0) {
                u128 s = (u128)v[0] - (uint64_t)d;
                v[0] = (uint64_t)s;
                uint64_t b = (uint64_t)(s >> 64) & 1;
                s = (u128)v[1] - b;
                v[1] = (uint64_t)s;
                v[2] -= (uint64_t)(s >> 64) & 1;
            } else {
                u128 s = (u128)v[0] + (uint64_t)(-d);
                v[0] = (uint64_t)s;
                s = (u128)v[1] + (uint64_t)(s >> 64);
                v[1] = (uint64_t)s;
                v[2] += (uint64_t)(s >> 64);
            }
        }
        digits[len++] = d;
        v[0] = (v[0] >> 1) | (v[1] << 63);
        v[1] = (v[1] >> 1) | (v[2] << 63);
        v[2] >>= 1;
    }
    return len;
}

/* ------------------------------------------------------------------ group law */

/* r = 12 a (3b with b = 4), by additions. */
static inline void fp_mul_b3(fp *r, const fp *a) {
    fp t;
    fp_mul3(&t, a);
    fp_dbl(&t, &t);
    fp_dbl(r, &t);
}

static inline void g1_set_identity(g1 *r) {
    fp_zero(&r->x);
    fp_one(&r->y);
    fp_zero(&r->z);
}

static inline void g1_set_generator(g1 *r) {
    memcpy(r->x.l, G1_GEN_X, sizeof r->x.l);
    memcpy(r->y.l, G1_GEN_Y, sizeof r->y.l);
    fp_one(&r->z);
}

static void g1_add(g1 *r, const g1 *a, const g1 *b) {
    fp t0, t1, t2, t3, t4, x3, y3, z3;
    fp_mul(&t0, &a->x, &b->x);
    fp_mul(&t1, &a->y, &b->y);
    fp_mul(&t2, &a->z, &b->z);
    fp_add(&t3, &a->x, &a->y);
    fp_add(&t4, &b->x, &b->y);
    fp_mul(&t3, &t3, &t4);
    fp_add(&t4, &t0, &t1);
    fp_sub(&t3, &t3, &t4);
    fp_add(&t4, &a->y, &a->z);
    fp_add(&x3, &b->y, &b->z);
    fp_mul(&t4, &t4, &x3);
    fp_add(&x3, &t1, &t2);
    fp_sub(&t4, &t4, &x3);
    fp_add(&x3, &a->x, &a->z);
    fp_add(&y3, &b->x, &b->z);
    fp_mul(&x3, &x3, &y3);
    fp_add(&y3, &t0, &t2);
    fp_sub(&y3, &x3, &y3);
    fp_dbl(&x3, &t0);
    fp_add(&t0, &x3, &t0);
    fp_mul_b3(&t2, &t2);
    fp_add(&z3, &t1, &t2);
    fp_sub(&t1, &t1, &t2);
    fp_mul_b3(&y3, &y3);
    fp_mul(&x3, &t4, &y3);
    fp_mul(&t2, &t3, &t1);
    fp_sub(&x3, &t2, &x3);
    fp_mul(&y3, &y3, &t0);
    fp_mul(&t1, &t1, &z3);
    fp_add(&y3, &t1, &y3);
    fp_mul(&t0, &t0, &t3);
    fp_mul(&z3, &z3, &t4);
    fp_add(&z3, &z3, &t0);
    r->x = x3;
    r->y = y3;
    r->z = z3;
}

static void g1_add_affine(g1 *r, const g1 *a, const g1_affine *b) {
    fp t0, t1, t2, t3, t4, x3, y3, z3;
    fp_mul(&t0, &a->x, &b->x);
    fp_mul(&t1, &a->y, &b->y);
    fp_add(&t3, &b->x, &b->y);
    fp_add(&t4, &a->x, &a->y);
    fp_mul(&t3, &t3, &t4);
    fp_add(&t4, &t0, &t1);
    fp_sub(&t3, &t3, &t4);
    fp_mul(&t4, &b->y, &a->z);
    fp_add(&t4, &t4, &a->y);
    fp_mul(&y3, &b->x, &a->z);
    fp_add(&y3, &y3, &a->x);
    fp_dbl(&x3, &t0);
    fp_add(&t0, &x3, &t0);
    fp_mul_b3(&t2, &a->z);
    fp_add(&z3, &t1, &t2);
    fp_sub(&t1, &t1, &t2);
    fp_mul_b3(&y3, &y3);
    fp_mul(&x3, &t4, &y3);
    fp_mul(&t2, &t3, &t1);
    fp_sub(&x3, &t2, &x3);
    fp_mul(&y3, &y3, &t0);
    fp_mul(&t1, &t1, &z3);
    fp_add(&y3, &t1, &y3);
    fp_mul(&t0, &t0, &t3);
    fp_mul(&z3, &z3, &t4);
    fp_add(&z3, &z3, &t0);
    /* the mixed formula needs Z2 = 1; an affine infinity has no such form: keep a */
    g1 sum = {x3, y3, z3};
    g1 keep = *a;
    g1_cmov(&sum, &keep, b->infinity & 1);
    *r = sum;
}

static void g1_dbl(g1 *r, const g1 *a) {
    fp t0, t1, t2, x3, y3, z3;
    fp_sqr(&t0, &a->y);
    fp_dbl(&z3, &t0);
    fp_dbl(&z3, &z3);
    fp_dbl(&z3, &z3);
    fp_mul(&t1, &a->y, &a->z);
    fp_sqr(&t2, &a->z);
    fp_mul_b3(&t2, &t2);
    fp_mul(&x3, &t2, &z3);
    fp_add(&y3, &t0, &t2);
    fp_mul(&z3, &t1, &z3);
    fp_dbl(&t1, &t2);
    fp_add(&t2, &t1, &t2);
    fp_sub(&t0, &t0, &t2);
    fp_mul(&y3, &t0, &y3);
    fp_add(&y3, &x3, &y3);
    fp_mul(&t1, &a->x, &a->y);
    fp_mul(&x3, &t0, &t1);
    fp_dbl(&x3, &x3);
    r->x = x3;
    r->y = y3;
    r->z = z3;
}

static inline void g1_neg(g1 *r, const g1 *a) {
    r->x = a->x;
    fp_neg(&r->y, &a->y);
    r->z = a->z;
}

static inline void g1_cmov(g1 *r, const g1 *a, uint64_t flag) {
    fp_cmov(&r->x, &a->x, flag);
    fp_cmov(&r->y, &a->y, flag);
    fp_cmov(&r->z, &a->z, flag);
}

static uint64_t g1_eq(const g1 *a, const g1 *b) {
    fp l, rr;
    uint64_t ok;
    fp_mul(&l, &a->x, &b->z);
    fp_mul(&rr, &b->x, &a->z);
    ok = fp_eq(&l, &rr);
    fp_mul(&l, &a->y, &b->z);
    fp_mul(&rr, &b->y, &a->z);
    return ok & fp_eq(&l, &rr);
}

static inline uint64_t g1_is_identity(const g1 *a) { return fp_is_zero(&a->z); }

static uint64_t g1_is_on_curve(const g1 *a) {
    fp lhs, rhs, t, z3;
    fp_sqr(&lhs, &a->y);
    fp_mul(&lhs, &lhs, &a->z);        /* Y^2 Z */
    fp_sqr(&rhs, &a->x);
    fp_mul(&rhs, &rhs, &a->x);        /* X^3 */
    fp_sqr(&z3, &a->z);
    fp_mul(&z3, &z3, &a->z);
    fp_dbl(&t, &z3);
    fp_dbl(&t, &t);                   /* 4 Z^3 */
    fp_add(&rhs, &rhs, &t);
    uint64_t degenerate = fp_is_zero(&a->x) & fp_is_zero(&a->y) & fp_is_zero(&a->z);
    return fp_eq(&lhs, &rhs) & (1 ^ degenerate);
}

static void g1_to_affine(g1_affine *r, const g1 *a) {
    fp zinv;
    fp_inv(&zinv, &a->z);
    fp_mul(&r->x, &a->x, &zinv);
    fp_mul(&r->y, &a->y, &zinv);
    r->infinity = g1_is_identity(a);
}

static void g1_from_affine(g1 *r, const g1_affine *a) {
    g1 id;
    r->x = a->x;
    r->y = a->y;
    fp_one(&r->z);
    g1_set_identity(&id);
    g1_cmov(r, &id, a->infinity & 1);
}

static inline void g1_sigma(g1 *r, const g1 *a) {
    fp beta;
    memcpy(beta.l, G1_BETA, sizeof beta.l);
    fp_mul(&r->x, &a->x, &beta);
    r->y = a->y;
    r->z = a->z;
}

/* Jacobian doubling on y^2 = x^3 + b (dbl-2009-l, 2M + 5S): (X, Y, Z) with x = X/Z^2, y = Y/Z^3. Z = 0 stays 0.
 * E(Fp) has odd order, so Y = 0 happens only with Z = 0. Constant time. */
static inline void g1_jac_dbl(fp *X, fp *Y, fp *Z) {
    fp A, B, C, D, E, F, t;
    fp_sqr(&A, X);
    fp_sqr(&B, Y);
    fp_sqr(&C, &B);
    fp_add(&t, X, &B);
    fp_sqr(&t, &t);
    fp_sub(&t, &t, &A);
    fp_sub(&t, &t, &C);
    fp_dbl(&D, &t);
    fp_mul3(&E, &A);
    fp_sqr(&F, &E);
    fp_mul(Z, Y, Z);
    fp_dbl(Z, Z);
    fp_sub(X, &F, &D);
    fp_sub(X, X, &D);
    fp_sub(&t, &D, X);
    fp_mul(Y, &E, &t);
    fp_dbl(&C, &C);
    fp_dbl(&C, &C);
    fp_dbl(&C, &C);
    fp_sub(Y, Y, &C);
}

/* Jacobian (X, Y, Z) -> projective (XZ : Y : Z^3); any Z = 0 becomes the canonical identity (0 : 1 : 0).
 * Constant time. */
static void g1_from_jac(g1 *r, const fp *X, const fp *Y, const fp *Z) {
    fp z2;
    g1 id;
    fp_mul(&r->x, X, Z);
    r->y = *Y;
    fp_sqr(&z2, Z);
    fp_mul(&r->z, &z2, Z);
    g1_set_identity(&id);
    g1_cmov(r, &id, fp_is_zero(Z));
}

/* r = [z] a: the bits of |z| (public) with Jacobian doublings, the five additions through the complete formula
 * (so any point, of any order, is handled), then the sign. Constant time in a. */
static void g1_mul_by_z(g1 *r, const g1 *a) {
    fp X, Y, Z, z2;
    g1 acc;
    fp_mul(&X, &a->x, &a->z);               /* projective -> Jacobian: (XZ, YZ^2, Z) */
    fp_sqr(&z2, &a->z);
    fp_mul(&Y, &a->y, &z2);
    Z = a->z;
    for (int i = 62; i >= 0; i--) {         /* bit 63 of |z| is the starting point */
        g1_jac_dbl(&X, &Y, &Z);
        if ((BLS_Z_ABS >> i) & 1) {         /* public constant */
            g1_from_jac(&acc, &X, &Y, &Z);
            g1_add(&acc, &acc, a);
            fp_mul(&X, &acc.x, &acc.z);
            fp_sqr(&z2, &acc.z);
            fp_mul(&Y, &acc.y, &z2);
            Z = acc.z;
        }
    }
    g1_from_jac(r, &X, &Y, &Z);
    g1_neg(r, r); /* z < 0 */
}

/* Masked lookup: r = table[idx] scanning all 16 entries. Constant time in idx. */
static void g1_table_lookup(g1 *r, const g1 table[16], uint64_t idx) {
    *r = table[0];
    for (uint64_t i = 1; i < 16; i++) g1_cmov(r, &table[i], ct_is_zero(i ^ idx));
}

/* Constant-time [k]P: k = k1 + k2 z^2 and [z^2]P = -sigma(P), so [k]P = [k1]P + [k2]Q with Q = -sigma(P).
 * Fixed 4-bit windows over both 128-bit halves, complete additions, masked table lookups. */
static void g1_mul_ct(g1 *r, const g1 *p, const fr *k) {
    uint64_t k1[2], k2[2];
    g1 t1[16], t2[16], acc, sel;
    scalar_split_z2(k1, k2, k);
    g1_set_identity(&t1[0]);
    t1[1] = *p;
    for (int i = 2; i < 16; i++) g1_add(&t1[i], &t1[i - 1], p);
    for (int i = 0; i < 16; i++) {
        g1_sigma(&t2[i], &t1[i]);
        g1_neg(&t2[i], &t2[i]);
    }
    g1_set_identity(&acc);
    for (int w = 31; w >= 0; w--) {
        for (int j = 0; j < 4; j++) g1_dbl(&acc, &acc);
        g1_table_lookup(&sel, t1, (k1[w / 16] >> (4 * (w % 16))) & 15);
        g1_add(&acc, &acc, &sel);
        g1_table_lookup(&sel, t2, (k2[w / 16] >> (4 * (w % 16))) & 15);
        g1_add(&acc, &acc, &sel);
    }
    *r = acc;
    ct_wipe(k1, sizeof k1);
    ct_wipe(k2, sizeof k2);
    ct_wipe(t1, sizeof t1);
    ct_wipe(t2, sizeof t2);
    ct_wipe(&sel, sizeof sel);
}

/* Variable-time [k]P: the same split, width-5 NAF of both halves, one shared doubling chain. */
static void g1_mul_wnaf_var(g1 *r, const g1 *p, const fr *k) {
    uint64_t k1[2], k2[2];
    int8_t d1[130], d2[130];
    g1 odd1[8], odd2[8], p2, acc, t;
    scalar_split_z2(k1, k2, k);
    int n1 = wnaf5_var(d1, k1), n2 = wnaf5_var(d2, k2);
    odd1[0] = *p;
    g1_dbl(&p2, p);
    for (int i = 1; i < 8; i++) g1_add(&odd1[i], &odd1[i - 1], &p2);
    for (int i = 0; i < 8; i++) {
        g1_sigma(&odd2[i], &odd1[i]);
        g1_neg(&odd2[i], &odd2[i]);
    }
    g1_set_identity(&acc);
    for (int i = (n1 > n2 ? n1 : n2) - 1; i >= 0; i--) {
        g1_dbl(&acc, &acc);
        if (i < n1 && d1[i]) {
            if (d1[i] > 0) g1_add(&acc, &acc, &odd1[d1[i] / 2]);
            else { g1_neg(&t, &odd1[-d1[i] / 2]); g1_add(&acc, &acc, &t); }
        }
        if (i < n2 && d2[i]) {
            if (d2[i] > 0) g1_add(&acc, &acc, &odd2[d2[i] / 2]);
            else { g1_neg(&t, &odd2[-d2[i] / 2]); g1_add(&acc, &acc, &t); }
        }
    }
    *r = acc;
}

/* Scott's test: P (on the curve) is in G1 iff sigma(P) = [-z^2]P, i.e. sigma(P) + [z]([z]P) = O. */
static uint64_t g1_in_subgroup_var(const g1 *a) {
    g1 s, t;
    g1_sigma(&s, a);
    g1_mul_by_z(&t, a);
    g1_mul_by_z(&t, &t);
    g1_add(&t, &t, &s);
    return g1_is_identity(&t);
}

#ifdef ZK_HAVE_IFMA
/* ------------------------------------------------------------------ Scott's test on eight lanes (IFMA) */

/* Eight G1 points in Jacobian coordinates (x = X/Z^2, y = Y/Z^3), one per lane, in fp_ifma.h's lane form.
 * Bounds are tracked as multiples of p in the comments; every value stays below 16p (far below the 2^398 that
 * keeps a product of two below 2p, fpv_mul's contract). */
typedef struct { fpv x, y, z; } g1v_jac;

/* r = a - b + k p (k <= 9, k p >= b lane-wise). */
ZK_IFMA_INLINE void g1v_sub(fpv *r, const fpv *a, const fpv *b, int k) {
    fpv kp;
    fpv_set_const(&kp, FPV_PK[k]);
    fpv_sub(r, a, b, &kp);
}


/* a = 2a (dbl-2009-l, a = 0). On input: X, Y, Z < 8p; no lane of order 2 (G1 has none: the cofactor is odd).
 * On output: X < 4p, Y < 6p, Z < 4p. An identity lane (Z = 0) stays one (Z3 = 2 Y Z). */
ZK_IFMA_INLINE void g1v_dbl(g1v_jac *a) {
    fpv A, B, C, D, E, F, t, x3;
    fpv_sqr(&A, &a->x);             /* < 2p */
    fpv_sqr(&B, &a->y);             /* < 2p */
    fpv_sqr(&C, &B);                /* < 2p */
    fpv_add(&t, &a->x, &B);         /* < 10p */
    fpv_sqr(&t, &t);                /* < 2p */
    g1v_sub(&t, &t, &A, 2);         /* < 4p */
    g1v_sub(&t, &t, &C, 2);         /* < 6p */
    fpv_add(&D, &t, &t);            /* < 12p */
    fpv_reduce(&D, &D);             /* < 4p */
    fpv_add(&E, &A, &A);
    fpv_add(&E, &E, &A);            /* 3A < 6p */
    fpv_sqr(&F, &E);                /* < 2p */
    fpv_mul(&a->z, &a->y, &a->z);
    fpv_add(&a->z, &a->z, &a->z);   /* Z3 = 2 Y Z < 4p */
    fpv_add(&t, &D, &D);            /* 2D < 8p */
    g1v_sub(&x3, &F, &t, 8);        /* X3 = F - 2D < 10p */
    fpv_reduce(&x3, &x3);           /* < 4p */
    g1v_sub(&t, &D, &x3, 4);        /* D - X3 < 8p */
    fpv_mul(&t, &E, &t);            /* < 2p */
    fpv_add(&C, &C, &C);
    fpv_add(&C, &C, &C);
    fpv_add(&C, &C, &C);            /* 8C < 16p */
    fpv_reduce(&C, &C);             /* < 4p */
    g1v_sub(&a->y, &t, &C, 4);      /* Y3 = E (D - X3) - 8C < 6p */
    a->x = x3;
}

/* a += (x2, y2) (madd-2007-bl). On input: X, Y, Z < 8p; x2, y2 < 4p. On output: X < 8p, Y < 6p, Z < 6p.
 * Returns the lanes where x2 Z^2 = X (a = +-(x2, y2): the formula does not apply there, those lanes' results are
 * meaningless and must be decided elsewhere). An identity lane (Z = 0) stays one or is returned. */
ZK_IFMA_INLINE __mmask8 g1v_madd(g1v_jac *a, const fpv *x2, const fpv *y2) {
    fpv z1z1, u2, s2, h, hh, i4, j, r, v, t, x3;
    fpv_sqr(&z1z1, &a->z);          /* < 2p */
    fpv_mul(&u2, x2, &z1z1);        /* < 2p */
    fpv_mul(&s2, &a->z, &z1z1);
    fpv_mul(&s2, y2, &s2);          /* < 2p */
    g1v_sub(&h, &u2, &a->x, 8);     /* H < 10p */
    __mmask8 bad = fpv_zero_mod_p(&h, 10);
    fpv_sqr(&hh, &h);               /* < 2p */
    fpv_add(&i4, &hh, &hh);
    fpv_add(&i4, &i4, &i4);         /* I = 4 HH < 8p */
    fpv_mul(&j, &h, &i4);           /* J < 2p */
    g1v_sub(&r, &s2, &a->y, 8);
    fpv_add(&r, &r, &r);            /* r = 2 (S2 - Y1) < 20p */
    fpv_mul(&v, &a->x, &i4);        /* V < 2p */
    fpv_sqr(&t, &r);                /* < 2p */
    g1v_sub(&t, &t, &j, 2);         /* < 4p */
    fpv_add(&x3, &v, &v);           /* 2V < 4p */
    g1v_sub(&x3, &t, &x3, 4);       /* X3 = r^2 - J - 2V < 8p */
    g1v_sub(&t, &v, &x3, 8);        /* V - X3 < 10p */
    fpv_mul(&t, &r, &t);            /* < 2p */
    fpv_mul(&j, &a->y, &j);         /* Y1 J < 2p */
    fpv_add(&j, &j, &j);            /* < 4p */
    g1v_sub(&a->y, &t, &j, 4);      /* Y3 < 6p */
    fpv_add(&t, &a->z, &h);         /* < 18p */
    fpv_sqr(&t, &t);                /* < 2p */
    g1v_sub(&t, &t, &z1z1, 2);      /* < 4p */
    g1v_sub(&a->z, &t, &hh, 2);     /* Z3 = (Z1 + H)^2 - Z1Z1 - HH < 6p */
    a->x = x3;
    return bad;
}

/* Scott's test on up to eight affine points at once: for lane k < n, ok[k] = 1 when [z^2] pts[k] = -sigma(pts[k])
 * was verified (then pts[k] is in G1), else 0: not in G1, or a lane that met an exceptional case of the formulas
 * (the caller decides those with g1_in_subgroup_var). [z^2]P = [z]([z]P) is computed from P's affine coordinates
 * by the 128 bits of z^2 = 0xac45a4010001a402_0000000100000000 (127 doublings, 16 mixed additions).
 * On input: 1 <= n <= 8; pts[k] on the curve with Z = 1 (as decoded), not the identity.
 * Variable time: the points are public (and so is which lanes pass). */
ZK_IFMA_TARGET __attribute__((noinline)) static void g1_in_subgroup8_ifma(uint8_t ok[8], const g1 *const pts[8],
                                                                         unsigned n) {
    static const uint64_t Z2[2] = {0x0000000100000000ULL, 0xac45a4010001a402ULL}; /* z^2, little-endian */
    uint64_t ax[8] __attribute__((aligned(64))), ay[8] __attribute__((aligned(64)));
    for (unsigned k = 0; k < 8; k++) {
        const g1 *p = pts[k < n ? k : 0];   /* idle lanes repeat lane 0 */
        ax[k] = (uint64_t)(uintptr_t)&p->x;
        ay[k] = (uint64_t)(uintptr_t)&p->y;
    }
    fpv x, y;
    fpv_gather_var(&x, _mm512_load_si512((const void *)ax));
    fpv_gather_var(&y, _mm512_load_si512((const void *)ay));
    fpv_reduce(&x, &x);             /* < 4p */
    fpv_reduce(&y, &y);
    g1v_jac acc;
    acc.x = x;
    acc.y = y;
    fpv_set_const(&acc.z, FPV_ONE);
    fpv_reduce(&acc.z, &acc.z);
    __mmask8 bad = 0;
    for (int i = 126; i >= 0; i--) {    /* bit 127 is the starting point */
        g1v_dbl(&acc);
        if ((Z2[i >> 6] >> (i & 63)) & 1) bad |= g1v_madd(&acc, &x, &y);
    }
    zk_fp X[8], Y[8], Z[8];
    fp *ox[8], *oy[8], *oz[8];
    for (unsigned k = 0; k < 8; k++) {
        ox[k] = &X[k];
        oy[k] = &Y[k];
        oz[k] = &Z[k];
    }
    fpv_store_lanes_var(ox, &acc.x, 0xff);
    fpv_store_lanes_var(oy, &acc.y, 0xff);
    fpv_store_lanes_var(oz, &acc.z, 0xff);
    fp beta;
    memcpy(beta.l, G1_BETA, sizeof beta.l);
    for (unsigned k = 0; k < n; k++) {
        /* (X / Z^2, Y / Z^3) = (beta x, -y) with Z != 0 */
        fp z2, z3, t, u;
        ok[k] = 0;
        if (((bad >> k) & 1) || fp_is_zero(&Z[k])) continue;
        fp_sqr(&z2, &Z[k]);
        fp_mul(&z3, &z2, &Z[k]);
        fp_mul(&t, &beta, &pts[k]->x);
        fp_mul(&t, &t, &z2);
        fp_mul(&u, &pts[k]->y, &z3);
        fp_add(&u, &u, &Y[k]);      /* Y + y Z^3 = 0 */
        ok[k] = (uint8_t)(fp_eq(&t, &X[k]) & fp_is_zero(&u));
    }
}
#endif

/* Below this many points the lanes are not worth filling (one lane costs about what a scalar test does). */
#define G1_SUBGROUP_LANES_MIN 2

/* Subgroup checks of n decoded points: the index of the first point not in G1, or n if all are. Lanes of eight
 * on IFMA CPUs (a lane that does not pass is decided again by g1_in_subgroup_var), else one by one.
 * On input: every point on the curve, as g1_decode_var leaves it (Z = 1, or the identity).
 * Variable time: the points are public. */
static size_t g1_batch_first_not_in_subgroup_var(const g1 *pts, size_t n) {
    size_t i = 0;
#ifdef ZK_HAVE_IFMA
    if (fp_ifma_enabled && n >= G1_SUBGROUP_LANES_MIN) {
        const g1 *lane[8];
        size_t idx[8];
        uint8_t ok[8];
        while (i < n) {
            unsigned m = 0;
            for (; i < n && m < 8; i++)
                if (!g1_is_identity(&pts[i])) { lane[m] = &pts[i]; idx[m++] = i; }
            if (m == 0) continue;
            g1_in_subgroup8_ifma(ok, lane, m);
            for (unsigned k = 0; k < m; k++)
                if (!ok[k] && !g1_in_subgroup_var(lane[k])) return idx[k]; /* lanes are in index order */
        }
        return n;
    }
#endif
    for (; i < n; i++)
        if (!g1_in_subgroup_var(&pts[i])) return i;
    return n;
}

/* ------------------------------------------------------------------ ZCash encoding */

#define ZK_FLAG_COMPRESSED 0x80
#define ZK_FLAG_INFINITY 0x40
#define ZK_FLAG_SORT 0x20

/* Shared flag validation for G1 and G2 encodings (public data).
 * On input: in has len bytes; compressed_len is the compressed size for the group (48 or 96).
 * On output: *compressed, *infinity, *sort are the decoded flags.
 * Returns ZK_OK or the first rule broken (length, compression flag, infinity bits, sort flag). */
static ZK_WARN_UNUSED zk_err zcash_flags_var(const uint8_t *in, size_t len, size_t compressed_len, int *compressed,
                              int *infinity, int *sort) {
    if (len != compressed_len && len != 2 * compressed_len) return ZK_ERR_LENGTH;
    *compressed = (in[0] & ZK_FLAG_COMPRESSED) != 0;
    *infinity = (in[0] & ZK_FLAG_INFINITY) != 0;
    *sort = (in[0] & ZK_FLAG_SORT) != 0;
    if (*compressed != (len == compressed_len)) return ZK_ERR_COMPRESSION_FLAG;
    if (*infinity) {
        if (*sort || (in[0] & 0x1f)) return ZK_ERR_INFINITY_BITS;
        for (size_t i = 1; i < len; i++)
            if (in[i]) return ZK_ERR_INFINITY_BITS;
        return ZK_OK;
    }
    if (!*compressed && *sort) return ZK_ERR_SORT_FLAG;
    return ZK_OK;
}

/* Encode an affine point (ZCash format). The identity has x = y = 0 (g1_to_affine), so the same straight-line
 * code serves every point and only the flag byte depends on it, through masks.
 * Constant time in the point; compressed is public. */
static void g1_encode_affine(uint8_t *out, const g1_affine *aff, int compressed) {
    uint8_t inf = (uint8_t)(aff->infinity & 1);
    fp_to_be(out, &aff->x);
    if (compressed) {
        out[0] |= (uint8_t)(ZK_FLAG_COMPRESSED | (inf << 6) | ((uint8_t)fp_is_lex_largest(&aff->y) << 5));
    } else {
        fp_to_be(out + 48, &aff->y);
        out[0] |= (uint8_t)(inf << 6);
    }
}

/* Encode a point (ZCash format): one Fermat inversion, then g1_encode_affine. Constant time in the point;
 * compressed is public. */
static void g1_encode(uint8_t *out, const g1 *a, int compressed) {
    g1_affine aff;
    g1_to_affine(&aff, a);
    g1_encode_affine(out, &aff, compressed);
}

/* Affine conversion of n public points with one variable-time inversion (Montgomery's trick); points with
 * Z = 1 are copied and the identity gives infinity = 1, x = y = 0, neither takes part in the inversion.
 * On input: out and in do not overlap. Variable time: the points must be public. */
static void g1_batch_to_affine_var(g1_affine *out, const g1 *in, size_t n) {
    fp acc, inv;
    size_t pending = 0;
    fp_one(&acc);
    for (size_t i = 0; i < n; i++) {
        out[i].infinity = g1_is_identity(&in[i]);
        if (out[i].infinity) {
            fp_zero(&out[i].x);
            fp_zero(&out[i].y);
        } else if (fp_is_one(&in[i].z)) {
            out[i].x = in[i].x;
            out[i].y = in[i].y;
        } else {
            out[i].y = acc; /* prefix product, kept until the backward pass */
            fp_mul(&acc, &acc, &in[i].z);
            pending++;
        }
    }
    if (pending == 0) return;
    fp_inv_var(&inv, &acc);
    for (size_t i = n; i-- > 0;) {
        if (out[i].infinity || fp_is_one(&in[i].z)) continue;
        fp zinv;
        fp_mul(&zinv, &inv, &out[i].y);
        fp_mul(&inv, &inv, &in[i].z);
        fp_mul(&out[i].x, &in[i].x, &zinv);
        fp_mul(&out[i].y, &in[i].y, &zinv);
    }
}

/* g1_decode_var with the subgroup check left out when check_subgroup is 0 (the caller makes it). */
static ZK_WARN_UNUSED zk_err g1_decode_point_var(g1 *out, const uint8_t *in, size_t len, int check_subgroup) {
    int compressed, infinity, sort;
    zk_err err = zcash_flags_var(in, len, 48, &compressed, &infinity, &sort);
    g1_set_identity(out);
    if (err != ZK_OK || infinity) return err;
    uint8_t buf[48];
    memcpy(buf, in, 48);
    buf[0] &= 0x1f;
    g1_affine aff;
    aff.infinity = 0;
    if (!fp_from_be(&aff.x, buf)) return ZK_ERR_COORDINATE_RANGE;
    if (compressed) {
        fp rhs, t;
        fp_sqr(&rhs, &aff.x);
        fp_mul(&rhs, &rhs, &aff.x);
        memcpy(t.l, G1_B, sizeof t.l);
        fp_add(&rhs, &rhs, &t);
        if (!fp_sqrt(&aff.y, &rhs)) return ZK_ERR_NOT_ON_CURVE;
        if (fp_is_lex_largest(&aff.y) != (uint64_t)sort) fp_neg(&aff.y, &aff.y);
    } else {
        if (!fp_from_be(&aff.y, in + 48)) return ZK_ERR_COORDINATE_RANGE;
    }
    g1 p;
    g1_from_affine(&p, &aff);
    if (!g1_is_on_curve(&p)) return ZK_ERR_NOT_ON_CURVE;
    if (check_subgroup && !g1_in_subgroup_var(&p)) return ZK_ERR_NOT_IN_SUBGROUP;
    *out = p;
    return ZK_OK;
}

static ZK_WARN_UNUSED zk_err g1_decode_var(g1 *out, const uint8_t *in, size_t len) {
    return g1_decode_point_var(out, in, len, 1);
}

/* ------------------------------------------------------------------ contract predicates (ZK_CHECK, check.h) */

/* 1 if the coordinates of a are reduced and a is on the curve (projective; the identity is). */
static inline int g1_is_valid(const g1 *a) {
    return fp_is_reduced(&a->x) && fp_is_reduced(&a->y) && fp_is_reduced(&a->z) && (int)g1_is_on_curve(a);
}
static inline int g1_all_valid(const g1 *a, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (!g1_is_valid(&a[i])) return 0;
    return 1;
}
/* 1 if a is the point at infinity (infinity = 1) or has reduced coordinates on the curve. */
static inline int g1_affine_is_valid(const g1_affine *a) {
    if (a->infinity) return 1;
    g1 p;
    g1_from_affine(&p, a);
    return fp_is_reduced(&a->x) && fp_is_reduced(&a->y) && (int)g1_is_on_curve(&p);
}
static inline int g1_affine_all_valid(const g1_affine *a, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (!g1_affine_is_valid(&a[i])) return 0;
    return 1;
}

/* ------------------------------------------------------------------ public API */

ZK_API void zk_g1_generator(zk_g1 *out) { g1_set_generator(out); }
ZK_API void zk_g1_identity(zk_g1 *out) { g1_set_identity(out); }
ZK_API void zk_g1_add(zk_g1 *out, const zk_g1 *a, const zk_g1 *b) {
    ZK_CHECK(g1_is_valid(a) && g1_is_valid(b));
    g1_add(out, a, b);
}
ZK_API void zk_g1_sub(zk_g1 *out, const zk_g1 *a, const zk_g1 *b) {
    g1 nb;
    ZK_CHECK(g1_is_valid(a) && g1_is_valid(b));
    g1_neg(&nb, b);
    g1_add(out, a, &nb);
}
ZK_API void zk_g1_dbl(zk_g1 *out, const zk_g1 *a) {
    ZK_CHECK(g1_is_valid(a));
    g1_dbl(out, a);
}
ZK_API void zk_g1_neg(zk_g1 *out, const zk_g1 *a) {
    ZK_CHECK(g1_is_valid(a));
    g1_neg(out, a);
}
ZK_API int zk_g1_eq(const zk_g1 *a, const zk_g1 *b) {
    ZK_CHECK(g1_is_valid(a) && g1_is_valid(b));
    return (int)g1_eq(a, b);
}
ZK_API int zk_g1_is_identity(const zk_g1 *a) {
    ZK_CHECK(g1_is_valid(a));
    return (int)g1_is_identity(a);
}
ZK_API int zk_g1_is_on_curve(const zk_g1 *a) { return (int)g1_is_on_curve(a); }
ZK_API int zk_g1_in_subgroup_var(const zk_g1 *a) { return (int)(g1_is_on_curve(a) && g1_in_subgroup_var(a)); }
ZK_API void zk_g1_mul(zk_g1 *out, const zk_g1 *p, const zk_fr *k) {
    ZK_CHECK(g1_is_valid(p) && fr_is_reduced(k));
    g1_mul_ct(out, p, k);
}
ZK_API void zk_g1_mul_var(zk_g1 *out, const zk_g1 *p, const zk_fr *k) {
    ZK_CHECK(g1_is_valid(p) && fr_is_reduced(k));
    g1_mul_wnaf_var(out, p, k);
}
ZK_API void zk_g1_to_bytes(uint8_t *out, const zk_g1 *a, int compressed) {
    ZK_CHECK(g1_is_valid(a));
    g1_encode(out, a, compressed != 0);
}
ZK_API zk_err zk_g1_from_bytes_var(zk_g1 *out, const uint8_t *in, size_t len) { return g1_decode_var(out, in, len); }

ZK_API zk_err zk_g1_batch_from_bytes_var(zk_g1 *out, const uint8_t *in, size_t len, size_t n, size_t *bad_index) {
    ZK_CHECK(zk_disjoint(out, n * sizeof *out, in, n * len));
    /* encodings first (up to the first bad one), then the subgroup checks of the points before it, batched: the
     * first failure by index is the one reported, as if each point were decoded in turn */
    size_t f = n;
    zk_err e = ZK_OK;
    for (size_t i = 0; i < n; i++) {
        e = g1_decode_point_var(&out[i], in + i * len, len, 0);
        if (e != ZK_OK) {
            f = i;
            break;
        }
    }
    size_t s = g1_batch_first_not_in_subgroup_var(out, f);
    if (s < f) {
        g1_set_identity(&out[s]);
        *bad_index = s;
        return ZK_ERR_NOT_IN_SUBGROUP;
    }
    if (f < n) {
        *bad_index = f;
        return e;
    }
    return ZK_OK;
}

ZK_API void zk_g1_batch_to_affine(zk_g1_affine *out, const zk_g1 *in, size_t n) {
    ZK_CHECK(g1_all_valid(in, n) && zk_disjoint(out, n * sizeof *out, in, n * sizeof *in));
    /* Montgomery's trick using out[] as scratch: out[i].x = Z_i (1 if Z_i = 0), out[i].y = prefix product. */
    fp acc, inv, one;
    if (n == 0) return;
    fp_one(&one);
    fp_one(&acc);
    for (size_t i = 0; i < n; i++) {
        uint64_t inf = fp_is_zero(&in[i].z);
        out[i].x = in[i].z;
        fp_cmov(&out[i].x, &one, inf);
        out[i].y = acc;
        out[i].infinity = inf;
        fp_mul(&acc, &acc, &out[i].x);
    }
    fp_inv(&inv, &acc);
    for (size_t i = n; i-- > 0;) {
        fp zinv, z = out[i].x, zero;
        fp_mul(&zinv, &inv, &out[i].y);
        fp_mul(&inv, &inv, &z);
        fp_mul(&out[i].x, &in[i].x, &zinv);
        fp_mul(&out[i].y, &in[i].y, &zinv);
        fp_zero(&zero);
        fp_cmov(&out[i].x, &zero, out[i].infinity);
        fp_cmov(&out[i].y, &zero, out[i].infinity);
    }
}

ZK_API void zk_g1_from_affine(zk_g1 *out, const zk_g1_affine *in) {
    ZK_CHECK(g1_affine_is_valid(in));
    g1_from_affine(out, in);
}

ZK_API void zk_g1_batch_to_affine_var(zk_g1_affine *out, const zk_g1 *in, size_t n) {
    ZK_CHECK(g1_all_valid(in, n) && zk_disjoint(out, n * sizeof *out, in, n * sizeof *in));
    g1_batch_to_affine_var(out, in, n);
}

ZK_API void zk_g1_batch_to_bytes(uint8_t *out, const zk_g1 *in, size_t n, int compressed) {
    g1_affine aff[16]; /* chunks of 16 points, one Fermat inversion each */
    const size_t size = compressed ? 48 : 96;
    ZK_CHECK(g1_all_valid(in, n) && zk_disjoint(out, n * size, in, n * sizeof *in));
    for (size_t i = 0; i < n; i += 16) { /* n public */
        size_t m = n - i < 16 ? n - i : 16;
        zk_g1_batch_to_affine(aff, in + i, m);
        for (size_t j = 0; j < m; j++) g1_encode_affine(out + (i + j) * size, &aff[j], compressed != 0);
    }
    ct_wipe(aff, sizeof aff);
}

ZK_API void zk_g1_batch_to_bytes_var(uint8_t *out, const zk_g1 *in, size_t n, int compressed) {
    g1_affine aff[16]; /* chunks of 16 points, one inversion each */
    const size_t size = compressed ? 48 : 96;
    ZK_CHECK(g1_all_valid(in, n) && zk_disjoint(out, n * size, in, n * sizeof *in));
    for (size_t i = 0; i < n; i += 16) {
        size_t m = n - i < 16 ? n - i : 16;
        g1_batch_to_affine_var(aff, in + i, m);
        for (size_t j = 0; j < m; j++) g1_encode_affine(out + (i + j) * size, &aff[j], compressed != 0);
    }
}

#endif
