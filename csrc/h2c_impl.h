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

/* ------------------------------------------------------------------------------------------------ G1 */

static uint64_t h2c_sqrt_ratio_g1(fp *y, const fp *u, const fp *v) {
    fp tv1, tv2, tv3, y1, y2;
    fp_sqr(&tv1, v);                                   /* 1. tv1 = v^2 */
    fp_mul(&tv2, u, v);                                /* 2. tv2 = u v */
    fp_mul(&tv1, &tv1, &tv2);                          /* 3. tv1 = u v^3 */
    fp_pow_pub(&y1, &tv1, FP_P_MINUS_3_DIV_4, 6);      /* 4. y1 = tv1^((p - 3)/4) (public exponent) */
    fp_mul(&y1, &y1, &tv2);                            /* 5. */
    fp_mul(&y2, &y1, &H2C_G1_SQRT_MINUS_Z);            /* 6. y2 = y1 sqrt(-Z) */
    fp_sqr(&tv3, &y1);                                 /* 7. */
    fp_mul(&tv3, &tv3, v);                             /* 8. */
    uint64_t is_qr = fp_eq(&tv3, u);                   /* 9. */
    fp_cmov(&y2, &y1, is_qr);                          /* 10. y = is_qr ? y1 : y2 */
    *y = y2;
    ct_wipe(&tv1, sizeof tv1);
    ct_wipe(&tv2, sizeof tv2);
    ct_wipe(&tv3, sizeof tv3);
    ct_wipe(&y1, sizeof y1);
    ct_wipe(&y2, sizeof y2);
    return is_qr;
}

static void h2c_sswu_g1(fp *xn, fp *xd, fp *y, const fp *u) {
    fp tv1, tv2, tv3, tv4, tv5, tv6, x, yy, y1, one, t;
    fp_sqr(&tv1, u);                                   /* 1. tv1 = u^2 */
    fp_mul(&tv1, &tv1, &H2C_G1_Z);                     /* 2. tv1 = Z u^2 */
    fp_sqr(&tv2, &tv1);                                /* 3. */
    fp_add(&tv2, &tv2, &tv1);                          /* 4. tv2 = Z^2 u^4 + Z u^2 */
    fp_one(&one);
    fp_add(&tv3, &tv2, &one);                          /* 5. */
    fp_mul(&tv3, &tv3, &H2C_G1_B);                     /* 6. tv3 = B (tv2 + 1) */
    fp_neg(&tv4, &tv2);                                /* 7. tv4 = tv2 != 0 ? -tv2 : Z (exceptional case) */
    t = H2C_G1_Z;
    fp_cmov(&tv4, &t, fp_is_zero(&tv2));
    fp_mul(&tv4, &tv4, &H2C_G1_A);                     /* 8. tv4 = A tv4 (never 0) */
    fp_sqr(&tv2, &tv3);                                /* 9. */
    fp_sqr(&tv6, &tv4);                                /* 10. */
    fp_mul(&tv5, &tv6, &H2C_G1_A);                     /* 11. */
    fp_add(&tv2, &tv2, &tv5);                          /* 12. */
    fp_mul(&tv2, &tv2, &tv3);                          /* 13. */
    fp_mul(&tv6, &tv6, &tv4);                          /* 14. */
    fp_mul(&tv5, &tv6, &H2C_G1_B);                     /* 15. */
    fp_add(&tv2, &tv2, &tv5);                          /* 16. tv2 / tv6 = g(x1) */
    fp_mul(&x, &tv1, &tv3);                            /* 17. x = x2 numerator */
    uint64_t is_gx1_square = h2c_sqrt_ratio_g1(&y1, &tv2, &tv6);   /* 18. */
    fp_mul(&yy, &tv1, u);                              /* 19. */
    fp_mul(&yy, &yy, &y1);                             /* 20. */
    fp_cmov(&x, &tv3, is_gx1_square);                  /* 21. */
    fp_cmov(&yy, &y1, is_gx1_square);                  /* 22. */
    uint64_t e1 = 1 ^ (fp_sgn0(u) ^ fp_sgn0(&yy));     /* 23. e1 = sgn0(u) == sgn0(y) */
    fp_neg(&t, &yy);
    fp_cmov(&yy, &t, 1 ^ e1);                          /* 24. y = e1 ? y : -y */
    *xn = x;                                           /* 25. x = x / tv4, kept as a fraction */
    *xd = tv4;
    *y = yy;
    ct_wipe(&tv1, sizeof tv1);
    ct_wipe(&tv2, sizeof tv2);
    ct_wipe(&tv3, sizeof tv3);
    ct_wipe(&tv4, sizeof tv4);
    ct_wipe(&tv5, sizeof tv5);
    ct_wipe(&tv6, sizeof tv6);
    ct_wipe(&x, sizeof x);
    ct_wipe(&yy, sizeof yy);
    ct_wipe(&y1, sizeof y1);
    ct_wipe(&t, sizeof t);
}

static void h2c_iso_g1(g1 *r, const fp *xn, const fp *xd, const fp *y) {
    /* x = x_num(x')/x_den(x') with x' = xn/xd: homogenised, x = XN / (XD xd) (degrees 11 and 10);
     * y = y' y_num(x')/y_den(x') = y' YN / YD (both degree 15). Projective result:
     * Z = XD xd YD, X = XN YD, Y = y' YN XD xd. */
    fp xdp[16], XN, XD, YN, YD, t;
    g1 id;
    xdp[1] = *xd;
    for (int i = 2; i < 16; i++) fp_mul(&xdp[i], &xdp[i - 1], xd);
    h2c_hom_eval_fp(&XN, H2C_G1_XNUM, 11, 0, xn, xdp);
    h2c_hom_eval_fp(&XD, H2C_G1_XDEN, 10, 1, xn, xdp);
    h2c_hom_eval_fp(&YN, H2C_G1_YNUM, 15, 0, xn, xdp);
    h2c_hom_eval_fp(&YD, H2C_G1_YDEN, 15, 1, xn, xdp);
    fp_mul(&t, &XD, xd);
    fp_mul(&r->z, &t, &YD);
    fp_mul(&r->x, &XN, &YD);
    fp_mul(&r->y, y, &YN);
    fp_mul(&r->y, &r->y, &t);
    /* a vanishing denominator (x' is the x of a kernel point) maps to the identity */
    g1_set_identity(&id);
    g1_cmov(r, &id, fp_is_zero(&r->z));
    ct_wipe(xdp, sizeof xdp);
    ct_wipe(&XN, sizeof XN);
    ct_wipe(&XD, sizeof XD);
    ct_wipe(&YN, sizeof YN);
    ct_wipe(&YD, sizeof YD);
    ct_wipe(&t, sizeof t);
}

static void h2c_map_to_g1(g1 *r, const fp *u) {
    fp xn, xd, y;
    h2c_sswu_g1(&xn, &xd, &y, u);
    h2c_iso_g1(r, &xn, &xd, &y);
    ct_wipe(&xn, sizeof xn);
    ct_wipe(&xd, sizeof xd);
    ct_wipe(&y, sizeof y);
}

static void h2c_clear_cofactor_g1(g1 *r, const g1 *a) {
    g1 t;
    g1_mul_by_z(&t, a);                                /* [z] a */
    g1_neg(&t, &t);
    g1_add(r, a, &t);                                  /* (1 - z) a */
    ct_wipe(&t, sizeof t);
}

/* ------------------------------------------------------------------------------------------------ G2 */

static uint64_t h2c_sqrt_ratio_g2(fp2 *y, const fp2 *u, const fp2 *v) {
    fp2 tv1, tv2, tv3, tv4, tv5, one;
    fp2_one(&one);
    tv1 = H2C_G2_C6;                                   /* 1. tv1 = c6 = Z^c2 */
    fp2_sqr(&tv2, v);
    fp2_mul(&tv2, &tv2, v);
    fp2_sqr(&tv2, &tv2);
    fp2_mul(&tv2, &tv2, v);                            /* 2. tv2 = v^c4 = v^7 */
    fp2_sqr(&tv3, &tv2);                               /* 3. */
    fp2_mul(&tv3, &tv3, v);                            /* 4. tv3 = v^15 */
    fp2_mul(&tv5, u, &tv3);                            /* 5. */
    fp2_pow_pub(&tv5, &tv5, H2C_G2_C3, 12);            /* 6. tv5 = tv5^c3 (public exponent) */
    fp2_mul(&tv5, &tv5, &tv2);                         /* 7. */
    fp2_mul(&tv2, &tv5, v);                            /* 8. */
    fp2_mul(&tv3, &tv5, u);                            /* 9. */
    fp2_mul(&tv4, &tv3, &tv2);                         /* 10. */
    fp2_sqr(&tv5, &tv4);
    fp2_sqr(&tv5, &tv5);                               /* 11. tv5 = tv4^c5 = tv4^4 */
    uint64_t is_qr = fp2_eq(&tv5, &one);               /* 12. */
    fp2_mul(&tv2, &tv3, &H2C_G2_C7);                   /* 13. */
    fp2_mul(&tv5, &tv4, &tv1);                         /* 14. */
    fp2_cmov(&tv2, &tv3, is_qr);
    tv3 = tv2;                                         /* 15. tv3 = is_qr ? tv3 : tv2 */
    fp2_cmov(&tv5, &tv4, is_qr);
    tv4 = tv5;                                         /* 16. tv4 = is_qr ? tv4 : tv5 */
    for (int i = 3; i >= 2; i--) {                     /* 17. i = c1, ..., 2 (public loop) */
        tv5 = tv4;
        for (int j = 0; j < i - 2; j++) fp2_sqr(&tv5, &tv5);   /* 18-20. tv5 = tv4^(2^(i - 2)) */
        uint64_t e1 = fp2_eq(&tv5, &one);              /* 21. */
        fp2_mul(&tv2, &tv3, &tv1);                     /* 22. */
        fp2_sqr(&tv1, &tv1);                           /* 23. */
        fp2_mul(&tv5, &tv4, &tv1);                     /* 24. */
        fp2_cmov(&tv2, &tv3, e1);
        tv3 = tv2;                                     /* 25. */
        fp2_cmov(&tv5, &tv4, e1);
        tv4 = tv5;                                     /* 26. */
    }
    *y = tv3;
    ct_wipe(&tv1, sizeof tv1);
    ct_wipe(&tv2, sizeof tv2);
    ct_wipe(&tv3, sizeof tv3);
    ct_wipe(&tv4, sizeof tv4);
    ct_wipe(&tv5, sizeof tv5);
    return is_qr;
}

static void h2c_sswu_g2(fp2 *xn, fp2 *xd, fp2 *y, const fp2 *u) {
    fp2 tv1, tv2, tv3, tv4, tv5, tv6, x, yy, y1, one, t;
    fp2_sqr(&tv1, u);                                  /* 1. */
    fp2_mul(&tv1, &tv1, &H2C_G2_Z);                    /* 2. tv1 = Z u^2 */
    fp2_sqr(&tv2, &tv1);                               /* 3. */
    fp2_add(&tv2, &tv2, &tv1);                         /* 4. */
    fp2_one(&one);
    fp2_add(&tv3, &tv2, &one);                         /* 5. */
    fp2_mul(&tv3, &tv3, &H2C_G2_B);                    /* 6. */
    fp2_neg(&tv4, &tv2);                               /* 7. */
    t = H2C_G2_Z;
    fp2_cmov(&tv4, &t, fp2_is_zero(&tv2));
    fp2_mul(&tv4, &tv4, &H2C_G2_A);                    /* 8. */
    fp2_sqr(&tv2, &tv3);                               /* 9. */
    fp2_sqr(&tv6, &tv4);                               /* 10. */
    fp2_mul(&tv5, &tv6, &H2C_G2_A);                    /* 11. */
    fp2_add(&tv2, &tv2, &tv5);                         /* 12. */
    fp2_mul(&tv2, &tv2, &tv3);                         /* 13. */
    fp2_mul(&tv6, &tv6, &tv4);                         /* 14. */
    fp2_mul(&tv5, &tv6, &H2C_G2_B);                    /* 15. */
    fp2_add(&tv2, &tv2, &tv5);                         /* 16. */
    fp2_mul(&x, &tv1, &tv3);                           /* 17. */
    uint64_t is_gx1_square = h2c_sqrt_ratio_g2(&y1, &tv2, &tv6);   /* 18. */
    fp2_mul(&yy, &tv1, u);                             /* 19. */
    fp2_mul(&yy, &yy, &y1);                            /* 20. */
    fp2_cmov(&x, &tv3, is_gx1_square);                 /* 21. */
    fp2_cmov(&yy, &y1, is_gx1_square);                 /* 22. */
    uint64_t e1 = 1 ^ (fp2_sgn0(u) ^ fp2_sgn0(&yy));   /* 23. */
    fp2_neg(&t, &yy);
    fp2_cmov(&yy, &t, 1 ^ e1);                         /* 24. */
    *xn = x;                                           /* 25. kept as the fraction x / tv4 */
    *xd = tv4;
    *y = yy;
    ct_wipe(&tv1, sizeof tv1);
    ct_wipe(&tv2, sizeof tv2);
    ct_wipe(&tv3, sizeof tv3);
    ct_wipe(&tv4, sizeof tv4);
    ct_wipe(&tv5, sizeof tv5);
    ct_wipe(&tv6, sizeof tv6);
    ct_wipe(&x, sizeof x);
    ct_wipe(&yy, sizeof yy);
    ct_wipe(&y1, sizeof y1);
    ct_wipe(&t, sizeof t);
}

static void h2c_iso_g2(g2 *r, const fp2 *xn, const fp2 *xd, const fp2 *y) {
    /* As h2c_iso_g1 with degrees 3 (x_num), 2 (x_den), 3 (y_num, y_den). */
    fp2 xdp[4], XN, XD, YN, YD, t;
    g2 id;
    xdp[1] = *xd;
    for (int i = 2; i < 4; i++) fp2_mul(&xdp[i], &xdp[i - 1], xd);
    h2c_hom_eval_fp2(&XN, H2C_G2_XNUM, 3, 0, xn, xdp);
    h2c_hom_eval_fp2(&XD, H2C_G2_XDEN, 2, 1, xn, xdp);
    h2c_hom_eval_fp2(&YN, H2C_G2_YNUM, 3, 0, xn, xdp);
    h2c_hom_eval_fp2(&YD, H2C_G2_YDEN, 3, 1, xn, xdp);
    fp2_mul(&t, &XD, xd);
    fp2_mul(&r->z, &t, &YD);
    fp2_mul(&r->x, &XN, &YD);
    fp2_mul(&r->y, y, &YN);
    fp2_mul(&r->y, &r->y, &t);
    g2_set_identity(&id);
    g2_cmov(r, &id, fp2_is_zero(&r->z));
    ct_wipe(xdp, sizeof xdp);
    ct_wipe(&XN, sizeof XN);
    ct_wipe(&XD, sizeof XD);
    ct_wipe(&YN, sizeof YN);
    ct_wipe(&YD, sizeof YD);
    ct_wipe(&t, sizeof t);
}

static void h2c_map_to_g2(g2 *r, const fp2 *u) {
    fp2 xn, xd, y;
    h2c_sswu_g2(&xn, &xd, &y, u);
    h2c_iso_g2(r, &xn, &xd, &y);
    ct_wipe(&xn, sizeof xn);
    ct_wipe(&xd, sizeof xd);
    ct_wipe(&y, sizeof y);
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
    fp u0, u1;
    g1 q0, q1;
    fp_from_be64_reduce(&u0, uniform128);              /* hash_to_field, count = 2, L = 64 */
    fp_from_be64_reduce(&u1, uniform128 + 64);
    h2c_map_to_g1(&q0, &u0);
    h2c_map_to_g1(&q1, &u1);
    g1_add(&q0, &q0, &q1);
    h2c_clear_cofactor_g1(out, &q0);
    ct_wipe(&u0, sizeof u0);
    ct_wipe(&u1, sizeof u1);
    ct_wipe(&q0, sizeof q0);
    ct_wipe(&q1, sizeof q1);
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
    fp2 u0, u1;
    g2 q0, q1;
    fp_from_be64_reduce(&u0.c0, uniform256);           /* hash_to_field, count = 2, m = 2, L = 64 */
    fp_from_be64_reduce(&u0.c1, uniform256 + 64);
    fp_from_be64_reduce(&u1.c0, uniform256 + 128);
    fp_from_be64_reduce(&u1.c1, uniform256 + 192);
    h2c_map_to_g2(&q0, &u0);
    h2c_map_to_g2(&q1, &u1);
    g2_add(&q0, &q0, &q1);
    h2c_clear_cofactor_g2(out, &q0);
    ct_wipe(&u0, sizeof u0);
    ct_wipe(&u1, sizeof u1);
    ct_wipe(&q0, sizeof q0);
    ct_wipe(&q1, sizeof q1);
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
