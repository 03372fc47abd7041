/* h2c_impl.h -- code for h2c.h (RFC 9380 hash to curve, BLS12-381). */
#ifndef ZK_H2C_IMPL_H
#define ZK_H2C_IMPL_H

#include "h2c.h"
#include "h2c_consts.h"

/* ------------------------------------------------------------------------------------------------ shared */

/* Homogeneous polynomial evaluation: *r = sum_i k[i] * xn^i * xd^(deg - i), i = 0..deg, where k[deg] = 1 when
 * monic (and k then has deg entries) -- i.e. xd^deg * poly(xn / xd).
 * On input: xdp[j] = xd^j for 1 <= j <= deg (xdp[0] unused). deg and monic are public.
 * Constant time in xn and xd. */
static void h2c_hom_eval_fp(fp *r, const fp *k, size_t deg, int monic, const fp *xn, const fp *xdp) {
    fp acc, t;
    if (monic) fp_one(&acc);
    else acc = k[deg];
    for (size_t i = deg; i-- > 0;) {
        fp_mul(&acc, &acc, xn);
        fp_mul(&t, &k[i], &xdp[deg - i]);
        fp_add(&acc, &acc, &t);
    }
    *r = acc;
    ct_wipe(&acc, sizeof acc);
    ct_wipe(&t, sizeof t);
}

/* Same over Fp2. Constant time in xn and xd. */
static void h2c_hom_eval_fp2(fp2 *r, const fp2 *k, size_t deg, int monic, const fp2 *xn, const fp2 *xdp) {
    fp2 acc, t;
    if (monic) fp2_one(&acc);
    else acc = k[deg];
    for (size_t i = deg; i-- > 0;) {
        fp2_mul(&acc, &acc, xn);
        fp2_mul(&t, &k[i], &xdp[deg - i]);
        fp2_add(&acc, &acc, &t);
    }
    *r = acc;
    ct_wipe(&acc, sizeof acc);
    ct_wipe(&t, sizeof t);
}

/* Sliding-window evaluation of a public exponent (schedules in h2c_consts.h) on `lanes` independent inputs at
 * once: r[i] = a[i]^e for i < lanes, where e is described by steps[0..n) (square s times, then multiply by a^d)
 * followed by fin squarings. The lanes advance in lockstep so that the CPU overlaps their multiplications
 * (one exponentiation is a single dependency chain).
 * On input: 1 <= lanes <= 2; steps[k][1] are odd digits below 32. The schedule is public.
 * Constant time in a. */
static void h2c_pow_chain_fp(fp *r, const fp *a, size_t lanes, const uint8_t (*steps)[2], size_t n, size_t fin) {
    fp tab[2][16], a2[2], acc[2];
    for (size_t l = 0; l < lanes; l++) {
        tab[l][0] = a[l];
        fp_sqr(&a2[l], &a[l]);
    }
    for (int i = 1; i < 16; i++)
        for (size_t l = 0; l < lanes; l++) fp_mul(&tab[l][i], &tab[l][i - 1], &a2[l]);   /* a^(2i + 1) */
    for (size_t l = 0; l < lanes; l++) acc[l] = tab[l][steps[0][1] >> 1];
    for (size_t k = 1; k < n; k++) {
        for (unsigned j = 0; j < steps[k][0]; j++)
            for (size_t l = 0; l < lanes; l++) fp_sqr(&acc[l], &acc[l]);
        for (size_t l = 0; l < lanes; l++) fp_mul(&acc[l], &acc[l], &tab[l][steps[k][1] >> 1]);  /* public index */
    }
    for (size_t j = 0; j < fin; j++)
        for (size_t l = 0; l < lanes; l++) fp_sqr(&acc[l], &acc[l]);
    for (size_t l = 0; l < lanes; l++) r[l] = acc[l];
    ct_wipe(tab, sizeof tab);
    ct_wipe(a2, sizeof a2);
    ct_wipe(acc, sizeof acc);
}

/* The Fp2 analogue with the Frobenius split (schedules from frobenius_chain_c in tools/gen_h2c_consts.py):
 * r[i] = a[i]^e for i < lanes with e = a p + b, computed as a^b conj(a)^a over one joint schedule: each step
 * {s, t, d} squares s times, then multiplies by a^d (t = 0) or conj(a^d) = conj(a)^d (t = 1); fin squarings end.
 * On input: 1 <= lanes <= 2; digits are odd and below 64. The schedule is public.
 * Constant time in a. */
static void h2c_pow_chain_frob_fp2(fp2 *r, const fp2 *a, size_t lanes, const uint8_t (*steps)[3], size_t n,
                                   size_t fin) {
    fp2 tab[2][32], a2[2], acc[2], t;
    for (size_t l = 0; l < lanes; l++) {
        tab[l][0] = a[l];
        fp2_sqr(&a2[l], &a[l]);
    }
    for (int i = 1; i < 32; i++)
        for (size_t l = 0; l < lanes; l++) fp2_mul(&tab[l][i], &tab[l][i - 1], &a2[l]);   /* a^(2i + 1) */
    for (size_t l = 0; l < lanes; l++) {
        acc[l] = tab[l][steps[0][2] >> 1];
        if (steps[0][1]) fp2_conj(&acc[l], &acc[l]);                       /* public choice */
    }
    for (size_t k = 1; k < n; k++) {
        for (unsigned j = 0; j < steps[k][0]; j++)
            for (size_t l = 0; l < lanes; l++) fp2_sqr(&acc[l], &acc[l]);
        for (size_t l = 0; l < lanes; l++) {
            t = tab[l][steps[k][2] >> 1];                                  /* public index */
            if (steps[k][1]) fp2_conj(&t, &t);
            fp2_mul(&acc[l], &acc[l], &t);
        }
    }
    for (size_t j = 0; j < fin; j++)
        for (size_t l = 0; l < lanes; l++) fp2_sqr(&acc[l], &acc[l]);
    for (size_t l = 0; l < lanes; l++) r[l] = acc[l];
    ct_wipe(tab, sizeof tab);
    ct_wipe(a2, sizeof a2);
    ct_wipe(acc, sizeof acc);
    ct_wipe(&t, sizeof t);
}

_Static_assert(H2C_G1_C1_TABLE <= 16, "h2c_pow_chain_fp holds 16 odd powers");
_Static_assert(H2C_G2_C3_TABLE <= 32, "h2c_pow_chain_frob_fp2 holds 32 odd powers");

/* ------------------------------------------------------------------------------------------------ G1 */

static void h2c_sqrt_ratio_g1(fp *y, uint64_t *is_qr, const fp *u, const fp *v, size_t lanes) {
    fp tv1[2], tv2[2], tv3, y1[2], y2;
    for (size_t l = 0; l < lanes; l++) {
        fp_sqr(&tv1[l], &v[l]);                        /* 1. tv1 = v^2 */
        fp_mul(&tv2[l], &u[l], &v[l]);                 /* 2. tv2 = u v */
        fp_mul(&tv1[l], &tv1[l], &tv2[l]);             /* 3. tv1 = u v^3 */
    }
    h2c_pow_chain_fp(y1, tv1, lanes, H2C_G1_C1_STEPS,  /* 4. y1 = tv1^((p - 3)/4) */
                     sizeof H2C_G1_C1_STEPS / sizeof H2C_G1_C1_STEPS[0], H2C_G1_C1_FINAL);
    for (size_t l = 0; l < lanes; l++) {
        fp_mul(&y1[l], &y1[l], &tv2[l]);               /* 5. */
        fp_mul(&y2, &y1[l], &H2C_G1_SQRT_MINUS_Z);     /* 6. y2 = y1 sqrt(-Z) */
        fp_sqr(&tv3, &y1[l]);                          /* 7. */
        fp_mul(&tv3, &tv3, &v[l]);                     /* 8. */
        is_qr[l] = fp_eq(&tv3, &u[l]);                 /* 9. */
        fp_cmov(&y2, &y1[l], is_qr[l]);                /* 10. y = is_qr ? y1 : y2 */
        y[l] = y2;
    }
    ct_wipe(tv1, sizeof tv1);
    ct_wipe(tv2, sizeof tv2);
    ct_wipe(&tv3, sizeof tv3);
    ct_wipe(y1, sizeof y1);
    ct_wipe(&y2, sizeof y2);
}

static void h2c_sswu_g1(g1 *r, const fp *u, size_t lanes) {
    fp tv1[2], tv2[2], tv3[2], tv4[2], tv6[2], y1[2], tv5, x, yy, one, t;
    uint64_t is_gx1_square[2];
    fp_one(&one);
    for (size_t l = 0; l < lanes; l++) {
        fp_sqr(&tv1[l], &u[l]);                        /* 1. tv1 = u^2 */
        fp_mul(&tv1[l], &tv1[l], &H2C_G1_Z);           /* 2. tv1 = Z u^2 */
        fp_sqr(&tv2[l], &tv1[l]);                      /* 3. */
        fp_add(&tv2[l], &tv2[l], &tv1[l]);             /* 4. tv2 = Z^2 u^4 + Z u^2 */
        fp_add(&tv3[l], &tv2[l], &one);                /* 5. */
        fp_mul(&tv3[l], &tv3[l], &H2C_G1_B);           /* 6. tv3 = B (tv2 + 1) */
        fp_neg(&tv4[l], &tv2[l]);                      /* 7. tv4 = tv2 != 0 ? -tv2 : Z (exceptional case) */
        t = H2C_G1_Z;
        fp_cmov(&tv4[l], &t, fp_is_zero(&tv2[l]));
        fp_mul(&tv4[l], &tv4[l], &H2C_G1_A);           /* 8. tv4 = A tv4 (never 0) */
        fp_sqr(&tv2[l], &tv3[l]);                      /* 9. */
        fp_sqr(&tv6[l], &tv4[l]);                      /* 10. */
        fp_mul(&tv5, &tv6[l], &H2C_G1_A);              /* 11. */
        fp_add(&tv2[l], &tv2[l], &tv5);                /* 12. */
        fp_mul(&tv2[l], &tv2[l], &tv3[l]);             /* 13. */
        fp_mul(&tv6[l], &tv6[l], &tv4[l]);             /* 14. */
        fp_mul(&tv5, &tv6[l], &H2C_G1_B);              /* 15. */
        fp_add(&tv2[l], &tv2[l], &tv5);                /* 16. tv2 / tv6 = g(x1) */
    }
    h2c_sqrt_ratio_g1(y1, is_gx1_square, tv2, tv6, lanes);   /* 18. (both lanes share one exponentiation loop) */
    for (size_t l = 0; l < lanes; l++) {
        fp_mul(&x, &tv1[l], &tv3[l]);                  /* 17. x = x2 numerator */
        fp_mul(&yy, &tv1[l], &u[l]);                   /* 19. */
        fp_mul(&yy, &yy, &y1[l]);                      /* 20. */
        fp_cmov(&x, &tv3[l], is_gx1_square[l]);        /* 21. */
        fp_cmov(&yy, &y1[l], is_gx1_square[l]);        /* 22. */
        uint64_t e1 = 1 ^ (fp_sgn0(&u[l]) ^ fp_sgn0(&yy));   /* 23. e1 = sgn0(u) == sgn0(y) */
        fp_neg(&t, &yy);
        fp_cmov(&yy, &t, 1 ^ e1);                      /* 24. y = e1 ? y : -y */
        r[l].x = x;                                    /* 25. x = x / tv4: projective (x : y tv4 : tv4) */
        fp_mul(&r[l].y, &yy, &tv4[l]);
        r[l].z = tv4[l];
    }
    ct_wipe(tv1, sizeof tv1);
    ct_wipe(tv2, sizeof tv2);
    ct_wipe(tv3, sizeof tv3);
    ct_wipe(tv4, sizeof tv4);
    ct_wipe(tv6, sizeof tv6);
    ct_wipe(y1, sizeof y1);
    ct_wipe(&tv5, sizeof tv5);
    ct_wipe(&x, sizeof x);
    ct_wipe(&yy, sizeof yy);
    ct_wipe(&t, sizeof t);
}

static void h2c_iso_g1(g1 *r, const g1 *a) {
    /* With x' = X/Z, y' = Y/Z: x = x_num(x')/x_den(x') = XN / (XD Z) after homogenising (degrees 11 and 10),
     * y = y' y_num(x')/y_den(x') = Y YN / (Z YD) (both degree 15). Over the common denominator XD YD Z:
     * (X : Y : Z) -> (XN YD : Y YN XD : XD YD Z). */
    fp zp[16], XN, XD, YN, YD;
    g1 out, id;
    zp[1] = a->z;
    for (int i = 2; i < 16; i++) fp_mul(&zp[i], &zp[i - 1], &a->z);
    h2c_hom_eval_fp(&XN, H2C_G1_XNUM, 11, 0, &a->x, zp);
    h2c_hom_eval_fp(&XD, H2C_G1_XDEN, 10, 1, &a->x, zp);
    h2c_hom_eval_fp(&YN, H2C_G1_YNUM, 15, 0, &a->x, zp);
    h2c_hom_eval_fp(&YD, H2C_G1_YDEN, 15, 1, &a->x, zp);
    fp_mul(&out.x, &XN, &YD);
    fp_mul(&out.y, &a->y, &YN);
    fp_mul(&out.y, &out.y, &XD);
    fp_mul(&out.z, &XD, &YD);
    fp_mul(&out.z, &out.z, &a->z);
    /* the identity of E1' (Z = 0) and the kernel points (a vanishing denominator) map to the identity */
    g1_set_identity(&id);
    g1_cmov(&out, &id, fp_is_zero(&out.z));
    *r = out;
    ct_wipe(zp, sizeof zp);
    ct_wipe(&XN, sizeof XN);
    ct_wipe(&XD, sizeof XD);
    ct_wipe(&YN, sizeof YN);
    ct_wipe(&YD, sizeof YD);
    ct_wipe(&out, sizeof out);
}

static void h2c_add_iso_g1(g1 *r, const g1 *a, const g1 *b) {
    /* Renes-Costello-Batina 2016, algorithm 1 (complete, any a), with a = A', b3 = 3B'. */
    fp t0, t1, t2, t3, t4, t5, X3, Y3, Z3;
    fp_mul(&t0, &a->x, &b->x);
    fp_mul(&t1, &a->y, &b->y);
    fp_mul(&t2, &a->z, &b->z);
    fp_add(&t3, &a->x, &a->y);
    fp_add(&t4, &b->x, &b->y);
    fp_mul(&t3, &t3, &t4);
    fp_add(&t4, &t0, &t1);
    fp_sub(&t3, &t3, &t4);
    fp_add(&t4, &a->x, &a->z);
    fp_add(&t5, &b->x, &b->z);
    fp_mul(&t4, &t4, &t5);
    fp_add(&t5, &t0, &t2);
    fp_sub(&t4, &t4, &t5);
    fp_add(&t5, &a->y, &a->z);
    fp_add(&X3, &b->y, &b->z);
    fp_mul(&t5, &t5, &X3);
    fp_add(&X3, &t1, &t2);
    fp_sub(&t5, &t5, &X3);
    fp_mul(&Z3, &t4, &H2C_G1_A);
    fp_mul(&X3, &t2, &H2C_G1_B3);
    fp_add(&Z3, &X3, &Z3);
    fp_sub(&X3, &t1, &Z3);
    fp_add(&Z3, &t1, &Z3);
    fp_mul(&Y3, &X3, &Z3);
    fp_add(&t1, &t0, &t0);
    fp_add(&t1, &t1, &t0);
    fp_mul(&t2, &t2, &H2C_G1_A);
    fp_mul(&t4, &t4, &H2C_G1_B3);
    fp_add(&t1, &t1, &t2);
    fp_sub(&t2, &t0, &t2);
    fp_mul(&t2, &t2, &H2C_G1_A);
    fp_add(&t4, &t4, &t2);
    fp_mul(&t0, &t1, &t4);
    fp_add(&Y3, &Y3, &t0);
    fp_mul(&t0, &t5, &t4);
    fp_mul(&X3, &t3, &X3);
    fp_sub(&X3, &X3, &t0);
    fp_mul(&t0, &t3, &t1);
    fp_mul(&Z3, &t5, &Z3);
    fp_add(&Z3, &Z3, &t0);
    r->x = X3;
    r->y = Y3;
    r->z = Z3;
    ct_wipe(&t0, sizeof t0);
    ct_wipe(&t1, sizeof t1);
    ct_wipe(&t2, sizeof t2);
    ct_wipe(&t3, sizeof t3);
    ct_wipe(&t4, sizeof t4);
    ct_wipe(&t5, sizeof t5);
    ct_wipe(&X3, sizeof X3);
    ct_wipe(&Y3, sizeof Y3);
    ct_wipe(&Z3, sizeof Z3);
}

static void h2c_map_to_g1(g1 *r, const fp *u) {
    g1 t;
    h2c_sswu_g1(&t, u, 1);
    h2c_iso_g1(r, &t);
    ct_wipe(&t, sizeof t);
}

static void h2c_clear_cofactor_g1(g1 *r, const g1 *a) {
    g1 t;
    g1_mul_by_z(&t, a);                                /* [z] a */
    g1_neg(&t, &t);
    g1_add(r, a, &t);                                  /* (1 - z) a */
    ct_wipe(&t, sizeof t);
}

/* ------------------------------------------------------------------------------------------------ G2 */

static void h2c_sqrt_ratio_g2(fp2 *y, uint64_t *is_qr, const fp2 *u, const fp2 *v, size_t lanes) {
    fp2 tv1, tv2[2], tv3[2], tv4, tv5[2], one;
    memset(tv5, 0, sizeof tv5); /* lanes may be 1: keeps -O1 builds free of -Wmaybe-uninitialized */
    fp2_one(&one);
    for (size_t l = 0; l < lanes; l++) {
        fp2_sqr(&tv2[l], &v[l]);
        fp2_mul(&tv2[l], &tv2[l], &v[l]);
        fp2_sqr(&tv2[l], &tv2[l]);
        fp2_mul(&tv2[l], &tv2[l], &v[l]);              /* 2. tv2 = v^c4 = v^7 */
        fp2_sqr(&tv3[l], &tv2[l]);                     /* 3. */
        fp2_mul(&tv3[l], &tv3[l], &v[l]);              /* 4. tv3 = v^15 */
        fp2_mul(&tv5[l], &u[l], &tv3[l]);              /* 5. */
    }
    h2c_pow_chain_frob_fp2(tv5, tv5, lanes, H2C_G2_C3_STEPS,   /* 6. tv5 = tv5^c3 */
                           sizeof H2C_G2_C3_STEPS / sizeof H2C_G2_C3_STEPS[0], H2C_G2_C3_FINAL);
    for (size_t l = 0; l < lanes; l++) {
        tv1 = H2C_G2_C6;                               /* 1. tv1 = c6 = Z^c2 */
        fp2_mul(&tv5[l], &tv5[l], &tv2[l]);            /* 7. */
        fp2_mul(&tv2[l], &tv5[l], &v[l]);              /* 8. */
        fp2_mul(&tv3[l], &tv5[l], &u[l]);              /* 9. */
        fp2_mul(&tv4, &tv3[l], &tv2[l]);               /* 10. */
        fp2_sqr(&tv5[l], &tv4);
        fp2_sqr(&tv5[l], &tv5[l]);                     /* 11. tv5 = tv4^c5 = tv4^4 */
        is_qr[l] = fp2_eq(&tv5[l], &one);              /* 12. */
        fp2_mul(&tv2[l], &tv3[l], &H2C_G2_C7);         /* 13. */
        fp2_mul(&tv5[l], &tv4, &tv1);                  /* 14. */
        fp2_cmov(&tv2[l], &tv3[l], is_qr[l]);
        tv3[l] = tv2[l];                               /* 15. tv3 = is_qr ? tv3 : tv2 */
        fp2_cmov(&tv5[l], &tv4, is_qr[l]);
        tv4 = tv5[l];                                  /* 16. tv4 = is_qr ? tv4 : tv5 */
        for (int i = 3; i >= 2; i--) {                 /* 17. i = c1, ..., 2 (public loop) */
            tv5[l] = tv4;
            for (int j = 0; j < i - 2; j++) fp2_sqr(&tv5[l], &tv5[l]);   /* 18-20. tv5 = tv4^(2^(i - 2)) */
            uint64_t e1 = fp2_eq(&tv5[l], &one);       /* 21. */
            fp2_mul(&tv2[l], &tv3[l], &tv1);           /* 22. */
            fp2_sqr(&tv1, &tv1);                       /* 23. */
            fp2_mul(&tv5[l], &tv4, &tv1);              /* 24. */
            fp2_cmov(&tv2[l], &tv3[l], e1);
            tv3[l] = tv2[l];                           /* 25. */
            fp2_cmov(&tv5[l], &tv4, e1);
            tv4 = tv5[l];                              /* 26. */
        }
        y[l] = tv3[l];
    }
    ct_wipe(&tv1, sizeof tv1);
    ct_wipe(tv2, sizeof tv2);
    ct_wipe(tv3, sizeof tv3);
    ct_wipe(&tv4, sizeof tv4);
    ct_wipe(tv5, sizeof tv5);
}

static void h2c_sswu_g2(g2 *r, const fp2 *u, size_t lanes) {
    fp2 tv1[2], tv2[2], tv3[2], tv4[2], tv6[2], y1[2], tv5, x, yy, one, t;
    uint64_t is_gx1_square[2];
    /* only lanes < `lanes` are used; clearing both keeps gcc -O1 from warning about the unused one */
    memset(tv2, 0, sizeof tv2);
    memset(tv6, 0, sizeof tv6);
    fp2_one(&one);
    for (size_t l = 0; l < lanes; l++) {
        fp2_sqr(&tv1[l], &u[l]);                       /* 1. */
        fp2_mul(&tv1[l], &tv1[l], &H2C_G2_Z);          /* 2. tv1 = Z u^2 */
        fp2_sqr(&tv2[l], &tv1[l]);                     /* 3. */
        fp2_add(&tv2[l], &tv2[l], &tv1[l]);            /* 4. */
        fp2_add(&tv3[l], &tv2[l], &one);               /* 5. */
        fp2_mul(&tv3[l], &tv3[l], &H2C_G2_B);          /* 6. */
        fp2_neg(&tv4[l], &tv2[l]);                     /* 7. */
        t = H2C_G2_Z;
        fp2_cmov(&tv4[l], &t, fp2_is_zero(&tv2[l]));
        fp2_mul(&tv4[l], &tv4[l], &H2C_G2_A);          /* 8. */
        fp2_sqr(&tv2[l], &tv3[l]);                     /* 9. */
        fp2_sqr(&tv6[l], &tv4[l]);                     /* 10. */
        fp2_mul(&tv5, &tv6[l], &H2C_G2_A);             /* 11. */
        fp2_add(&tv2[l], &tv2[l], &tv5);               /* 12. */
        fp2_mul(&tv2[l], &tv2[l], &tv3[l]);            /* 13. */
        fp2_mul(&tv6[l], &tv6[l], &tv4[l]);            /* 14. */
        fp2_mul(&tv5, &tv6[l], &H2C_G2_B);             /* 15. */
        fp2_add(&tv2[l], &tv2[l], &tv5);               /* 16. */
    }
    h2c_sqrt_ratio_g2(y1, is_gx1_square, tv2, tv6, lanes);  /* 18. (lanes in lockstep) */
    for (size_t l = 0; l < lanes; l++) {
        fp2_mul(&x, &tv1[l], &tv3[l]);                 /* 17. */
        fp2_mul(&yy, &tv1[l], &u[l]);                  /* 19. */
        fp2_mul(&yy, &yy, &y1[l]);                     /* 20. */
        fp2_cmov(&x, &tv3[l], is_gx1_square[l]);       /* 21. */
        fp2_cmov(&yy, &y1[l], is_gx1_square[l]);       /* 22. */
        uint64_t e1 = 1 ^ (fp2_sgn0(&u[l]) ^ fp2_sgn0(&yy));   /* 23. */
        fp2_neg(&t, &yy);
        fp2_cmov(&yy, &t, 1 ^ e1);                     /* 24. */
        r[l].x = x;                                    /* 25. projective (x : y tv4 : tv4) */
        fp2_mul(&r[l].y, &yy, &tv4[l]);
        r[l].z = tv4[l];
    }
    ct_wipe(tv1, sizeof tv1);
    ct_wipe(tv2, sizeof tv2);
    ct_wipe(tv3, sizeof tv3);
    ct_wipe(tv4, sizeof tv4);
    ct_wipe(tv6, sizeof tv6);
    ct_wipe(y1, sizeof y1);
    ct_wipe(&tv5, sizeof tv5);
    ct_wipe(&x, sizeof x);
    ct_wipe(&yy, sizeof yy);
    ct_wipe(&t, sizeof t);
}

static void h2c_iso_g2(g2 *r, const g2 *a) {
    /* As h2c_iso_g1 with degrees 3 (x_num), 2 (x_den), 3 (y_num, y_den). */
    fp2 zp[4], XN, XD, YN, YD;
    g2 out, id;
    zp[1] = a->z;
    for (int i = 2; i < 4; i++) fp2_mul(&zp[i], &zp[i - 1], &a->z);
    h2c_hom_eval_fp2(&XN, H2C_G2_XNUM, 3, 0, &a->x, zp);
    h2c_hom_eval_fp2(&XD, H2C_G2_XDEN, 2, 1, &a->x, zp);
    h2c_hom_eval_fp2(&YN, H2C_G2_YNUM, 3, 0, &a->x, zp);
    h2c_hom_eval_fp2(&YD, H2C_G2_YDEN, 3, 1, &a->x, zp);
    fp2_mul(&out.x, &XN, &YD);
    fp2_mul(&out.y, &a->y, &YN);
    fp2_mul(&out.y, &out.y, &XD);
    fp2_mul(&out.z, &XD, &YD);
    fp2_mul(&out.z, &out.z, &a->z);
    g2_set_identity(&id);
    g2_cmov(&out, &id, fp2_is_zero(&out.z));
    *r = out;
    ct_wipe(zp, sizeof zp);
    ct_wipe(&XN, sizeof XN);
    ct_wipe(&XD, sizeof XD);
    ct_wipe(&YN, sizeof YN);
    ct_wipe(&YD, sizeof YD);
    ct_wipe(&out, sizeof out);
}

static void h2c_add_iso_g2(g2 *r, const g2 *a, const g2 *b) {
    /* Renes-Costello-Batina 2016, algorithm 1, over Fp2 with a = A', b3 = 3B'. */
    fp2 t0, t1, t2, t3, t4, t5, X3, Y3, Z3;
    fp2_mul(&t0, &a->x, &b->x);
    fp2_mul(&t1, &a->y, &b->y);
    fp2_mul(&t2, &a->z, &b->z);
    fp2_add(&t3, &a->x, &a->y);
    fp2_add(&t4, &b->x, &b->y);
    fp2_mul(&t3, &t3, &t4);
    fp2_add(&t4, &t0, &t1);
    fp2_sub(&t3, &t3, &t4);
    fp2_add(&t4, &a->x, &a->z);
    fp2_add(&t5, &b->x, &b->z);
    fp2_mul(&t4, &t4, &t5);
    fp2_add(&t5, &t0, &t2);
    fp2_sub(&t4, &t4, &t5);
    fp2_add(&t5, &a->y, &a->z);
    fp2_add(&X3, &b->y, &b->z);
    fp2_mul(&t5, &t5, &X3);
    fp2_add(&X3, &t1, &t2);
    fp2_sub(&t5, &t5, &X3);
    fp2_mul(&Z3, &t4, &H2C_G2_A);
    fp2_mul(&X3, &t2, &H2C_G2_B3);
    fp2_add(&Z3, &X3, &Z3);
    fp2_sub(&X3, &t1, &Z3);
    fp2_add(&Z3, &t1, &Z3);
    fp2_mul(&Y3, &X3, &Z3);
    fp2_add(&t1, &t0, &t0);
    fp2_add(&t1, &t1, &t0);
    fp2_mul(&t2, &t2, &H2C_G2_A);
    fp2_mul(&t4, &t4, &H2C_G2_B3);
    fp2_add(&t1, &t1, &t2);
    fp2_sub(&t2, &t0, &t2);
    fp2_mul(&t2, &t2, &H2C_G2_A);
    fp2_add(&t4, &t4, &t2);
    fp2_mul(&t0, &t1, &t4);
    fp2_add(&Y3, &Y3, &t0);
    fp2_mul(&t0, &t5, &t4);
    fp2_mul(&X3, &t3, &X3);
    fp2_sub(&X3, &X3, &t0);
    fp2_mul(&t0, &t3, &t1);
    fp2_mul(&Z3, &t5, &Z3);
    fp2_add(&Z3, &Z3, &t0);
    r->x = X3;
    r->y = Y3;
    r->z = Z3;
    ct_wipe(&t0, sizeof t0);
    ct_wipe(&t1, sizeof t1);
    ct_wipe(&t2, sizeof t2);
    ct_wipe(&t3, sizeof t3);
    ct_wipe(&t4, sizeof t4);
    ct_wipe(&t5, sizeof t5);
    ct_wipe(&X3, sizeof X3);
    ct_wipe(&Y3, sizeof Y3);
    ct_wipe(&Z3, sizeof Z3);
}

static void h2c_map_to_g2(g2 *r, const fp2 *u) {
    g2 t;
    h2c_sswu_g2(&t, u, 1);
    h2c_iso_g2(r, &t);
    ct_wipe(&t, sizeof t);
}

static void h2c_clear_cofactor_g2(g2 *r, const g2 *a) {
    /* RFC 9380 appendix G.3, clear_cofactor_bls12381_g2, with c1 = z. */
    g2 t1, t2, t3, p = *a;
    g2_mul_by_z(&t1, &p);                              /* 1. t1 = z P */
    g2_psi(&t2, &p);                                   /* 2. t2 = psi(P) */
    g2_dbl(&t3, &p);                                   /* 3. t3 = 2 P */
    g2_psi2(&t3, &t3);                                 /* 4. t3 = psi2(2 P) */
    g2_neg(&t2, &t2);
    g2_add(&t3, &t3, &t2);                             /* 5. t3 = t3 - t2 */
    g2_neg(&t2, &t2);
    g2_add(&t2, &t1, &t2);                             /* 6. t2 = t1 + t2 */
    g2_mul_by_z(&t2, &t2);                             /* 7. t2 = z t2 */
    g2_add(&t3, &t3, &t2);                             /* 8. t3 = t3 + t2 */
    g2_neg(&t1, &t1);
    g2_add(&t3, &t3, &t1);                             /* 9. t3 = t3 - t1 */
    g2_neg(&p, &p);
    g2_add(r, &t3, &p);                                /* 10. Q = t3 - P */
    ct_wipe(&t1, sizeof t1);
    ct_wipe(&t2, sizeof t2);
    ct_wipe(&t3, sizeof t3);
    ct_wipe(&p, sizeof p);
}

/* ------------------------------------------------------------------------------------------------ public */

ZK_API void zk_g1_hash_from_uniform(zk_g1 *out, const uint8_t *uniform128) {
    fp u[2];
    g1 q[2];
    fp_from_be64_reduce(&u[0], uniform128);            /* hash_to_field, count = 2, L = 64 */
    fp_from_be64_reduce(&u[1], uniform128 + 64);
    h2c_sswu_g1(q, u, 2);                              /* both maps in lockstep */
    /* iso_map is a group homomorphism: iso(Q0) + iso(Q1) = iso(Q0 + Q1), so add on E1' and map once */
    h2c_add_iso_g1(&q[0], &q[0], &q[1]);
    h2c_iso_g1(&q[0], &q[0]);
    h2c_clear_cofactor_g1(out, &q[0]);
    ct_wipe(u, sizeof u);
    ct_wipe(q, sizeof q);
}

ZK_API void zk_g1_encode_from_uniform(zk_g1 *out, const uint8_t *uniform64) {
    fp u;
    g1 q;
    fp_from_be64_reduce(&u, uniform64);
    h2c_map_to_g1(&q, &u);
    h2c_clear_cofactor_g1(out, &q);
    ct_wipe(&u, sizeof u);
    ct_wipe(&q, sizeof q);
}

ZK_API void zk_g2_hash_from_uniform(zk_g2 *out, const uint8_t *uniform256) {
    fp2 u[2];
    g2 q[2];
    fp_from_be64_reduce(&u[0].c0, uniform256);         /* hash_to_field, count = 2, m = 2, L = 64 */
    fp_from_be64_reduce(&u[0].c1, uniform256 + 64);
    fp_from_be64_reduce(&u[1].c0, uniform256 + 128);
    fp_from_be64_reduce(&u[1].c1, uniform256 + 192);
    h2c_sswu_g2(q, u, 2);                              /* both maps in lockstep */
    h2c_add_iso_g2(&q[0], &q[0], &q[1]);               /* add on E2', map once (iso is a homomorphism) */
    h2c_iso_g2(&q[0], &q[0]);
    h2c_clear_cofactor_g2(out, &q[0]);
    ct_wipe(u, sizeof u);
    ct_wipe(q, sizeof q);
}

ZK_API void zk_g2_encode_from_uniform(zk_g2 *out, const uint8_t *uniform128) {
    fp2 u;
    g2 q;
    fp_from_be64_reduce(&u.c0, uniform128);
    fp_from_be64_reduce(&u.c1, uniform128 + 64);
    h2c_map_to_g2(&q, &u);
    h2c_clear_cofactor_g2(out, &q);
    ct_wipe(&u, sizeof u);
    ct_wipe(&q, sizeof q);
}

#endif
