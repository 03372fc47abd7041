/* msm_group_var_impl.h -- the parts the variable-time MSM engines (Pippenger, Straus, fixed-base) share:
 * scalar splitting (GLV on G1, base-|z| digits on G2) and the group-specific operations behind msm_group
 * (affine buckets, batched affine additions with one inversion, XYZZ accumulators, endomorphisms), G1 and G2.
 *
 * VARIABLE TIME. Everything in this file branches on and indexes memory by the points and scalars it is given:
 * it may only ever see public data (verification, the Groth16 prover's MSMs over public keys). Secret scalars go
 * through msm_ct_impl.h. Functions here that touch points or scalars end in _var; the others depend on sizes
 * and thread counts only. */
#ifndef ZK_MSM_GROUP_VAR_IMPL_H
#define ZK_MSM_GROUP_VAR_IMPL_H

#include "msm_common_impl.h"

/* ======================================================================== scalar splitting */

/* mu = floor(2^256 / lambda), lambda = z^2 - 1 = 0xac45a4010001a40200000000ffffffff (GLV_LAMBDA in consts.h):
 * the Barrett constant for k2 = floor(k / lambda). Derivation: python3 -c "z=0xd201000000010000;
 * print(hex(2**256//(z*z-1)))" -> 0x1_7c6becf1e01faadd_63f6e522f6cfee30 (129 bits). */
static const uint64_t MSM_GLV_MU[3] = {0x63f6e522f6cfee30ULL, 0x7c6becf1e01faaddULL, 0x1ULL};

/* r[0..na+nb) = a * b (schoolbook, plain integers). Variable time. */
static void msm_mul_limbs_var(uint64_t *r, const uint64_t *a, size_t na, const uint64_t *b, size_t nb) {
    for (size_t i = 0; i < na + nb; i++) r[i] = 0;
    for (size_t i = 0; i < na; i++) {
        uint64_t carry = 0;
        for (size_t j = 0; j < nb; j++) {
            u128 t = (u128)a[i] * b[j] + r[i + j] + carry;
            r[i + j] = (uint64_t)t;
            carry = (uint64_t)(t >> 64);
        }
        r[i + nb] = carry;
    }
}

/* Returns 1 if the n-limb a >= b, else 0. Variable time. */
static int msm_geq_var(const uint64_t *a, const uint64_t *b, size_t n) {
    for (size_t i = n; i-- > 0;) {
        if (a[i] != b[i]) return a[i] > b[i];
    }
    return 1;
}

/* a -= b over n limbs (a >= b). */
static void msm_sub_limbs_var(uint64_t *a, const uint64_t *b, size_t n) {
    uint64_t borrow = 0;
    for (size_t i = 0; i < n; i++) {
        u128 t = (u128)a[i] - b[i] - borrow;
        a[i] = (uint64_t)t;
        borrow = (uint64_t)(t >> 64) & 1;
    }
}

static void msm_glv_split_var(uint64_t k1[2], uint64_t k2[2], const uint64_t k[4]) {
    /* q = floor(k * mu / 2^256) <= floor(k / lambda) <= q + 2 */
    uint64_t prod[7], q[3], ql[5], rem[5];
    const uint64_t lam[3] = {GLV_LAMBDA[0], GLV_LAMBDA[1], 0};
    msm_mul_limbs_var(prod, k, 4, MSM_GLV_MU, 3);
    q[0] = prod[4];
    q[1] = prod[5];
    q[2] = prod[6];
    msm_mul_limbs_var(ql, q, 3, GLV_LAMBDA, 2);
    for (int i = 0; i < 4; i++) rem[i] = k[i];
    rem[4] = 0;
    msm_sub_limbs_var(rem, ql, 5);
    while (msm_geq_var(rem, lam, 3)) {
        msm_sub_limbs_var(rem, lam, 3);
        q[0]++;
        if (q[0] == 0) q[1]++;
    }
    k1[0] = rem[0];
    k1[1] = rem[1];
    k2[0] = q[0];
    k2[1] = q[1];
}

static void msm_gls4_split_var(uint64_t a[4], const uint64_t k[4]) {
    uint64_t t[4] = {k[0], k[1], k[2], k[3]};
    for (int j = 0; j < 4; j++) {
        uint64_t rem = 0;
        for (int i = 3; i >= 0; i--) {
            u128 cur = ((u128)rem << 64) | t[i];
            t[i] = (uint64_t)(cur / BLS_Z_ABS);
            rem = (uint64_t)(cur % BLS_Z_ABS);
        }
        a[j] = rem;
    }
}

/* ======================================================================== G1 group parts */

typedef struct { fp x, y; } msm_g1_xy;
typedef struct { fp x, y, zz, zzz; } msm_g1_xyzz; /* x = X/ZZ, y = Y/ZZZ, ZZ^3 = ZZZ^2; identity: ZZ = 0 */

enum { MSM_KIND_ADD = 0, MSM_KIND_DBL = 1, MSM_KIND_KILL = 2 };

/* *bucket = neg ? -pt : pt. Variable time. */
static void msm_g1_bucket_set_var(void *bucket, const void *pt, unsigned neg) {
    msm_g1_xy *b = bucket;
    const msm_g1_xy *p = pt;
    b->x = p->x;
    if (neg)
        fp_neg(&b->y, &p->y);
    else
        b->y = p->y;
}

#ifdef ZK_HAVE_IFMA
/* Bytes of batch scratch per coordinate slot: the IFMA path stores its denominators and prefix products as
 * eight-lane vectors (one fpv, 512 bytes, per 8 ops of G1; two per 8 ops of G2), rounded up to whole groups. */
#define MSM_FE_G1 64
#define MSM_FE_G2 128
#else
#define MSM_FE_G1 sizeof(fp)
#define MSM_FE_G2 sizeof(fp2)
#endif

/* Ops per lane group of the IFMA path; batches are sized in whole groups. */
static size_t msm_lanes8(size_t n) { return (n + 7) & ~(size_t)7; }

#ifdef ZK_HAVE_IFMA
/* Returns 1 if some op of the batch adds a point to a bucket with the same x (a doubling or P + -P): those
 * batches take the scalar path, which handles them. Buckets are pt_size bytes apart, x (x_size bytes) first in
 * buckets and points. Variable time. */
static int msm_batch_special_var(const void *buckets, size_t pt_size, size_t x_size, const msm_op *ops, size_t cnt) {
    const uint8_t *bk = buckets;
    for (size_t k = 0; k < cnt; k++) {
        const uint8_t *b = bk + (size_t)ops[k].bucket * pt_size, *p = ops[k].pt;
        uint64_t b0, p0;
        memcpy(&b0, b, 8);
        memcpy(&p0, p, 8);
        if (b0 == p0 && memcmp(p, b, x_size) == 0) return 1;
    }
    return 0;
}

/* Lane addresses of the buckets (pt_size bytes apart) and points of ops [8 g, 8 g + 8); lanes past cnt repeat
 * op 0 (their results are discarded). Returns the mask of live lanes; *neg gets the lanes that add -P. */
ZK_IFMA_INLINE unsigned msm_lanes(__m512i *ab, __m512i *ap, __mmask8 *neg, const void *buckets, size_t pt_size,
                                  const msm_op *ops, size_t cnt, size_t g) {
    uint64_t a[8] __attribute__((aligned(64))), b[8] __attribute__((aligned(64)));
    unsigned live = 0, nm = 0;
    for (unsigned k = 0; k < 8; k++) {
        size_t i = 8 * g + k;
        if (i < cnt) {
            live |= 1u << k;
            if (ops[i].neg) nm |= 1u << k;
        } else {
            i = 0;
        }
        a[k] = (uint64_t)(uintptr_t)((const uint8_t *)buckets + (size_t)ops[i].bucket * pt_size);
        b[k] = (uint64_t)(uintptr_t)ops[i].pt;
    }
    *ab = _mm512_load_si512((const void *)a);
    *ap = _mm512_load_si512((const void *)b);
    *neg = (__mmask8)nm;
    return live;
}

/* msm_g1_batch_add_var on eight lanes at once: lane k of group g carries op 8 g + k; each lane keeps its own chain
 * of prefix products and the eight chain totals share one scalar inversion.
 * On input: as msm_group.batch_add, and no op has the x of its bucket (msm_batch_special_var is 0); den and pre
 * hold msm_lanes8(cnt) / 8 fpv each (64-byte aligned). Variable time.
 * Bounds (p < 2^380.70, K1 = 2^32 p, K2 = 2^35 p; fpv_mul gives < a b / 2^416 + p): loaded values < K1;
 * d, t < 2^413.7; products < 2^414.1; x3 = lam^2 - x1 - x2 + 2 K1 < 2^415; u = x1 - x3 + K2 < 2^415.9;
 * y3 = u lam - y1 + K1 < 2^414.6; all below 2^416, and x3, y3 leave through fpv_store_lanes_var (reduced). */
ZK_IFMA_TARGET __attribute__((noinline)) static void msm_g1_batch_add_ifma(msm_g1_xy *bk, const msm_op *ops,
                                                                          size_t cnt, fpv *den, fpv *pre) {
    const size_t ng = msm_lanes8(cnt) / 8;
    fpv acc, inv, k1, k2, one;
    fpv_set_const(&k1, FPV_P32);
    fpv_set_const(&k2, FPV_P35);
    fpv_set_const(&one, FPV_ONE);
    acc = one;
    /* pass 1: d = x2 - x1 per lane and the lanes' prefix products */
    for (size_t g = 0; g < ng; g++) {
        __m512i ab, ap;
        __mmask8 neg;
        unsigned live = msm_lanes(&ab, &ap, &neg, bk, sizeof *bk, ops, cnt, g);
        fpv bx, px, d;
        fpv_gather_var(&bx, ab);
        fpv_gather_var(&px, ap);
        fpv_sub(&d, &px, &bx, &k1);
        if (live != 0xff)
            for (int i = 0; i < 8; i++) d.l[i] = _mm512_mask_blend_epi64((__mmask8)live, one.l[i], d.l[i]);
        den[g] = d;
        pre[g] = acc;
        fpv_mul(&acc, &acc, &d);
    }
    /* one scalar inversion for the eight chain totals (Montgomery's trick across the lanes) */
    {
        fp a[8], q[8], r[8], t;
        fp *out[8];
        for (int k = 0; k < 8; k++) out[k] = &a[k];
        fpv_store_lanes_var(out, &acc, 0xff);
        q[0] = a[0];
        for (int k = 1; k < 8; k++) fp_mul(&q[k], &q[k - 1], &a[k]);
        fp_inv_var(&t, &q[7]);
        for (int k = 7; k > 0; k--) {
            fp_mul(&r[k], &t, &q[k - 1]);
            fp_mul(&t, &t, &a[k]);
        }
        r[0] = t;
        uint64_t base[8] __attribute__((aligned(64)));
        for (int k = 0; k < 8; k++) base[k] = (uint64_t)(uintptr_t)&r[k];
        fpv_gather_var(&inv, _mm512_load_si512((const void *)base));
    }
    /* pass 2: walk back, peel each lane's inverse, finish the additions */
    for (size_t g = ng; g-- > 0;) {
        __m512i ab, ap;
        __mmask8 neg;
        unsigned live = msm_lanes(&ab, &ap, &neg, bk, sizeof *bk, ops, cnt, g);
        fpv di, bx, by, px, py, t, lam, x3, u, y3;
        fpv_mul(&di, &inv, &pre[g]);
        fpv_mul(&inv, &inv, &den[g]);
        const __m512i eight = _mm512_set1_epi64(48);
        fpv_gather_var(&bx, ab);
        fpv_gather_var(&by, _mm512_add_epi64(ab, eight));
        fpv_gather_var(&px, ap);
        fpv_gather_var(&py, _mm512_add_epi64(ap, eight));
        if (neg) { /* adding -P: y2 -> K1 - y2 (in [0, K1]) */
            fpv ny, z;
            for (int i = 0; i < 8; i++) z.l[i] = _mm512_setzero_si512();
            fpv_sub(&ny, &z, &py, &k1);
            for (int i = 0; i < 8; i++) py.l[i] = _mm512_mask_blend_epi64(neg, py.l[i], ny.l[i]);
        }
        fpv_sub(&t, &py, &by, &k1);
        fpv_mul(&lam, &t, &di);    /* lam = (y2 - y1) / (x2 - x1) */
        fpv_mul(&x3, &lam, &lam);
        fpv_sub(&x3, &x3, &bx, &k1);
        fpv_sub(&x3, &x3, &px, &k1); /* x3 = lam^2 - x1 - x2 */
        fpv_sub(&u, &bx, &x3, &k2);
        fpv_mul(&y3, &u, &lam);
        fpv_sub(&y3, &y3, &by, &k1); /* y3 = lam (x1 - x3) - y1 */
        fp *ox[8], *oy[8];
        for (unsigned k = 0; k < 8; k++) {
            size_t i = 8 * g + k < cnt ? 8 * g + k : 0;
            ox[k] = &bk[ops[i].bucket].x;
            oy[k] = &bk[ops[i].bucket].y;
        }
        fpv_store_lanes_var(ox, &x3, live);
        fpv_store_lanes_var(oy, &y3, live);
    }
}
#endif

/* Batch of independent affine additions bucket += +-pt with one inversion (see msm_group.batch_add).
 * Variable time. */
MSM_HOT static void msm_g1_batch_add_var(void *buckets, uint8_t *full, const msm_op *ops, size_t cnt, void *den_,
                                     void *pre_, uint8_t *kind) {
    msm_g1_xy *bk = buckets;
    fp *den = den_, *pre = pre_;
    fp acc, inv;
    if (cnt == 0) return;
#ifdef ZK_HAVE_IFMA
    if (fp_ifma_enabled && !msm_batch_special_var(bk, sizeof *bk, sizeof bk->x, ops, cnt)) {
        msm_g1_batch_add_ifma(bk, ops, cnt, den_, pre_);
        return;
    }
#endif
    fp_one(&acc);
    /* pass 1: denominators x2 - x1 (or 2 y1 for a doubling) and their prefix products */
    for (size_t k = 0; k < cnt; k++) {
        const msm_g1_xy *b = &bk[ops[k].bucket], *p = ops[k].pt;
        fp d;
        fp_sub(&d, &p->x, &b->x);
        kind[k] = MSM_KIND_ADD;
        if (fp_is_zero(&d)) {
            fp y2;
            if (ops[k].neg)
                fp_neg(&y2, &p->y);
            else
                y2 = p->y;
            if (fp_eq(&y2, &b->y) && !fp_is_zero(&b->y)) {
                kind[k] = MSM_KIND_DBL;
                fp_dbl(&d, &b->y);
            } else { /* P + (-P), or 2P with y = 0: the identity */
                kind[k] = MSM_KIND_KILL;
                fp_one(&d);
            }
        }
        den[k] = d;
        if (k == 0) {
            acc = d;
        } else {
            pre[k] = acc;
            fp_mul(&acc, &acc, &d);
        }
    }
    fp_inv_var(&inv, &acc);
    /* pass 2: walk back, peel one inverse per op, finish the additions */
    for (size_t k = cnt; k-- > 0;) {
        msm_g1_xy *b = &bk[ops[k].bucket];
        const msm_g1_xy *p = ops[k].pt;
        fp di, lam, t, u;
        if (k == 0) {
            di = inv;
        } else {
            fp_mul(&di, &inv, &pre[k]);
            fp_mul(&inv, &inv, &den[k]);
        }
        if (kind[k] == MSM_KIND_ADD) {
            /* for -pt the slope is -lam' with lam' = (y2 + y1) / (x2 - x1): lam'^2 = lam^2 and
             * lam (x1 - x3) = lam' (x3 - x1), so no negation is needed */
            if (ops[k].neg)
                fp_add(&t, &p->y, &b->y);
            else
                fp_sub(&t, &p->y, &b->y);
            fp_mul(&lam, &t, &di);
            fp_sqr(&t, &lam);
            fp_sub(&t, &t, &b->x);
            fp_sub(&t, &t, &p->x); /* x3 = lam^2 - x1 - x2 */
            if (ops[k].neg)
                fp_sub(&u, &t, &b->x);
            else
                fp_sub(&u, &b->x, &t);
            fp_mul(&u, &u, &lam);
            fp_sub(&b->y, &u, &b->y); /* y3 = lam (x1 - x3) - y1 */
            b->x = t;
        } else if (kind[k] == MSM_KIND_DBL) {
            fp_sqr(&t, &b->x);
            fp_mul3(&t, &t);
            fp_mul(&lam, &t, &di); /* lam = 3 x^2 / 2y */
            fp_sqr(&t, &lam);
            fp_sub(&t, &t, &b->x);
            fp_sub(&t, &t, &b->x);
            fp_sub(&u, &b->x, &t);
            fp_mul(&u, &u, &lam);
            fp_sub(&b->y, &u, &b->y);
            b->x = t;
        } else {
            full[ops[k].bucket] = 0;
        }
    }
}

static void msm_g1_acc_identity_var(void *acc) { memset(acc, 0, sizeof(msm_g1_xyzz)); }

MSM_HOT static void msm_g1_acc_dbl_var(void *acc_) {
    msm_g1_xyzz *a = acc_;
    fp u, v, w, s, m, t;
    if (fp_is_zero(&a->zz)) return;
    fp_dbl(&u, &a->y);          /* U = 2Y */
    fp_sqr(&v, &u);             /* V = U^2 */
    fp_mul(&w, &u, &v);         /* W = U V */
    fp_mul(&s, &a->x, &v);      /* S = X V */
    fp_sqr(&m, &a->x);
    fp_mul3(&m, &m);            /* M = 3 X^2 */
    fp_sqr(&t, &m);
    fp_sub(&t, &t, &s);
    fp_sub(&t, &t, &s);         /* X3 = M^2 - 2S */
    fp_sub(&s, &s, &t);
    fp_mul(&s, &s, &m);
    fp_mul(&u, &w, &a->y);
    fp_sub(&a->y, &s, &u);      /* Y3 = M (S - X3) - W Y */
    a->x = t;
    fp_mul(&a->zz, &a->zz, &v); /* ZZ3 = V ZZ */
    fp_mul(&a->zzz, &a->zzz, &w);
}

/* *acc = 2 (x, y) for an affine point. */
static void msm_g1_acc_set_dbl_affine_var(msm_g1_xyzz *a, const fp *x, const fp *y) {
    fp u, v, w, s, m, t;
    fp_dbl(&u, y);
    fp_sqr(&v, &u);
    fp_mul(&w, &u, &v);
    fp_mul(&s, x, &v);
    fp_sqr(&m, x);
    fp_mul3(&m, &m);
    fp_sqr(&t, &m);
    fp_sub(&t, &t, &s);
    fp_sub(&t, &t, &s);
    fp_sub(&s, &s, &t);
    fp_mul(&s, &s, &m);
    fp_mul(&u, &w, y);
    fp_sub(&a->y, &s, &u);
    a->x = t;
    a->zz = v;
    a->zzz = w;
}

MSM_HOT static void msm_g1_acc_madd_var(void *acc_, const void *pt, unsigned neg) {
    msm_g1_xyzz *a = acc_;
    const msm_g1_xy *p = pt;
    fp y2, u2, s2, pp, ppp, q, r, t;
    if (neg)
        fp_neg(&y2, &p->y);
    else
        y2 = p->y;
    if (fp_is_zero(&a->zz)) {
        a->x = p->x;
        a->y = y2;
        fp_one(&a->zz);
        fp_one(&a->zzz);
        return;
    }
    fp_mul(&u2, &p->x, &a->zz);
    fp_mul(&s2, &y2, &a->zzz);
    fp_sub(&u2, &u2, &a->x); /* P = U2 - X1 */
    fp_sub(&r, &s2, &a->y);  /* R = S2 - Y1 */
    if (fp_is_zero(&u2)) {
        if (fp_is_zero(&r))
            msm_g1_acc_set_dbl_affine_var(a, &p->x, &y2);
        else
            msm_g1_acc_identity_var(a);
        return;
    }
    fp_sqr(&pp, &u2);
    fp_mul(&ppp, &pp, &u2);
    fp_mul(&q, &a->x, &pp);
    fp_sqr(&t, &r);
    fp_sub(&t, &t, &ppp);
    fp_sub(&t, &t, &q);
    fp_sub(&t, &t, &q); /* X3 = R^2 - PPP - 2Q */
    fp_sub(&q, &q, &t);
    fp_mul(&q, &q, &r);
    fp_mul(&s2, &a->y, &ppp);
    fp_sub(&a->y, &q, &s2); /* Y3 = R (Q - X3) - Y1 PPP */
    a->x = t;
    fp_mul(&a->zz, &a->zz, &pp);
    fp_mul(&a->zzz, &a->zzz, &ppp);
}

MSM_HOT static void msm_g1_acc_add_var(void *acc_, const void *b_) {
    msm_g1_xyzz *a = acc_;
    const msm_g1_xyzz *b = b_;
    fp u1, u2, s1, s2, pp, ppp, q, r, t;
    if (fp_is_zero(&b->zz)) return;
    if (fp_is_zero(&a->zz)) {
        *a = *b;
        return;
    }
    fp_mul(&u1, &a->x, &b->zz);
    fp_mul(&u2, &b->x, &a->zz);
    fp_mul(&s1, &a->y, &b->zzz);
    fp_mul(&s2, &b->y, &a->zzz);
    fp_sub(&u2, &u2, &u1); /* P */
    fp_sub(&r, &s2, &s1);  /* R */
    if (fp_is_zero(&u2)) {
        if (fp_is_zero(&r))
            msm_g1_acc_dbl_var(a);
        else
            msm_g1_acc_identity_var(a);
        return;
    }
    fp_sqr(&pp, &u2);
    fp_mul(&ppp, &pp, &u2);
    fp_mul(&q, &u1, &pp);
    fp_sqr(&t, &r);
    fp_sub(&t, &t, &ppp);
    fp_sub(&t, &t, &q);
    fp_sub(&t, &t, &q);
    fp_sub(&q, &q, &t);
    fp_mul(&q, &q, &r);
    fp_mul(&s1, &s1, &ppp);
    fp_sub(&a->y, &q, &s1);
    a->x = t;
    fp_mul(&a->zz, &a->zz, &b->zz);
    fp_mul(&a->zz, &a->zz, &pp);
    fp_mul(&a->zzz, &a->zzz, &b->zzz);
    fp_mul(&a->zzz, &a->zzz, &ppp);
}

#ifdef ZK_HAVE_IFMA
/* Eight XYZZ accumulators (lanes). Kept "small": every coordinate below 2^390, so that any product of two of
 * them is below 2p and sums and differences need only small multiples of p as offsets. */
typedef struct { fpv x, y, zz, zzz; } fpv_xyzz;

/* r = a - b + k p (k p from FPV_PK). */
ZK_IFMA_INLINE void fpv_subk(fpv *r, const fpv *a, const fpv *b, int k) {
    fpv kp;
    fpv_set_const(&kp, FPV_PK[k]);
    fpv_sub(r, a, b, &kp);
}

/* a += (x2, y2) on the lanes of mask m (XYZZ mixed addition, as msm_g1_acc_madd_var). Returns the lanes of m where
 * x2 = x1 (a doubling or P + -P: not handled here). On input: a small, x2 and y2 below 4p. */
ZK_IFMA_INLINE __mmask8 fpv_xyzz_madd(fpv_xyzz *a, const fpv *x2, const fpv *y2, __mmask8 m) {
    fpv u2, s2, pp, ppp, q, r, t, x3, y3, zz3, zzz3;
    fpv_mul(&u2, x2, &a->zz);   /* < 2p */
    fpv_mul(&s2, y2, &a->zzz);
    fpv_subk(&u2, &u2, &a->x, 8); /* P < 10p */
    fpv_subk(&r, &s2, &a->y, 8);  /* R < 10p */
    __mmask8 bad = fpv_zero_mod_p(&u2, 10) & m; /* P in (0, 10p) */
    fpv_mul(&pp, &u2, &u2);
    fpv_mul(&ppp, &pp, &u2);
    fpv_mul(&q, &a->x, &pp);
    fpv_mul(&t, &r, &r);
    fpv_subk(&t, &t, &ppp, 2);
    fpv_subk(&t, &t, &q, 2);
    fpv_subk(&x3, &t, &q, 2);     /* X3 = R^2 - PPP - 2Q < 8p */
    fpv_subk(&t, &q, &x3, 8);     /* < 10p */
    fpv_mul(&t, &t, &r);
    fpv_mul(&s2, &a->y, &ppp);
    fpv_subk(&y3, &t, &s2, 2);    /* Y3 = R (Q - X3) - Y1 PPP < 4p */
    fpv_mul(&zz3, &a->zz, &pp);
    fpv_mul(&zzz3, &a->zzz, &ppp);
    for (int i = 0; i < 8; i++) {
        a->x.l[i] = _mm512_mask_blend_epi64(m, a->x.l[i], x3.l[i]);
        a->y.l[i] = _mm512_mask_blend_epi64(m, a->y.l[i], y3.l[i]);
        a->zz.l[i] = _mm512_mask_blend_epi64(m, a->zz.l[i], zz3.l[i]);
        a->zzz.l[i] = _mm512_mask_blend_epi64(m, a->zzz.l[i], zzz3.l[i]);
    }
    return bad;
}

/* a += b on the lanes of mask m (XYZZ addition, as msm_g1_acc_add_var). Returns the lanes of m where the x's
 * agree. On input: a, b small. */
ZK_IFMA_INLINE __mmask8 fpv_xyzz_add(fpv_xyzz *a, const fpv_xyzz *b, __mmask8 m) {
    fpv u1, u2, s1, s2, pp, ppp, q, r, t, x3, y3, zz3, zzz3;
    fpv_mul(&u1, &a->x, &b->zz);
    fpv_mul(&u2, &b->x, &a->zz);
    fpv_mul(&s1, &a->y, &b->zzz);
    fpv_mul(&s2, &b->y, &a->zzz);
    fpv_subk(&u2, &u2, &u1, 2); /* P < 4p */
    fpv_subk(&r, &s2, &s1, 2);  /* R < 4p */
    __mmask8 bad = fpv_zero_mod_p(&u2, 4) & m;
    fpv_mul(&pp, &u2, &u2);
    fpv_mul(&ppp, &pp, &u2);
    fpv_mul(&q, &u1, &pp);
    fpv_mul(&t, &r, &r);
    fpv_subk(&t, &t, &ppp, 2);
    fpv_subk(&t, &t, &q, 2);
    fpv_subk(&x3, &t, &q, 2);
    fpv_subk(&t, &q, &x3, 8);
    fpv_mul(&t, &t, &r);
    fpv_mul(&s1, &s1, &ppp);
    fpv_subk(&y3, &t, &s1, 2);
    fpv_mul(&zz3, &a->zz, &b->zz);
    fpv_mul(&zz3, &zz3, &pp);
    fpv_mul(&zzz3, &a->zzz, &b->zzz);
    fpv_mul(&zzz3, &zzz3, &ppp);
    for (int i = 0; i < 8; i++) {
        a->x.l[i] = _mm512_mask_blend_epi64(m, a->x.l[i], x3.l[i]);
        a->y.l[i] = _mm512_mask_blend_epi64(m, a->y.l[i], y3.l[i]);
        a->zz.l[i] = _mm512_mask_blend_epi64(m, a->zz.l[i], zz3.l[i]);
        a->zzz.l[i] = _mm512_mask_blend_epi64(m, a->zzz.l[i], zzz3.l[i]);
    }
    return bad;
}

/* lanes of m: a = b */
ZK_IFMA_INLINE void fpv_xyzz_set(fpv_xyzz *a, const fpv_xyzz *b, __mmask8 m) {
    for (int i = 0; i < 8; i++) {
        a->x.l[i] = _mm512_mask_blend_epi64(m, a->x.l[i], b->x.l[i]);
        a->y.l[i] = _mm512_mask_blend_epi64(m, a->y.l[i], b->y.l[i]);
        a->zz.l[i] = _mm512_mask_blend_epi64(m, a->zz.l[i], b->zz.l[i]);
        a->zzz.l[i] = _mm512_mask_blend_epi64(m, a->zzz.l[i], b->zzz.l[i]);
    }
}

/* Lanes -> scalar XYZZ accumulators (identity where the lane is not set). */
ZK_IFMA_INLINE void fpv_xyzz_store(msm_g1_xyzz out[8], const fpv_xyzz *a, __mmask8 set) {
    fp *o[4][8];
    for (int k = 0; k < 8; k++) {
        o[0][k] = &out[k].x;
        o[1][k] = &out[k].y;
        o[2][k] = &out[k].zz;
        o[3][k] = &out[k].zzz;
    }
    fpv_store_lanes_var(o[0], &a->x, 0xff);
    fpv_store_lanes_var(o[1], &a->y, 0xff);
    fpv_store_lanes_var(o[2], &a->zz, 0xff);
    fpv_store_lanes_var(o[3], &a->zzz, 0xff);
    for (int k = 0; k < 8; k++)
        if (!((set >> k) & 1)) msm_g1_acc_identity_var(&out[k]);
}

/* msm_g1_reduce_var's sum_j (j + 1) bucket_j on eight lanes: lane k runs the running-sum reduction over the
 * segment [k s, k s + s) (s = nb / 8), giving T_k = sum (j - k s + 1) bucket_j and R_k = sum bucket_j; then
 * sum_j (j + 1) bucket_j = sum_k T_k + s * sum_k k R_k, finished in scalar XYZZ.
 * On input: nb a multiple of 8, no overflow accumulator in use. Returns 0 (and leaves *out alone) if a lane
 * met a doubling or an inverse (the caller then runs the scalar reduction), else 1. Variable time. */
ZK_IFMA_TARGET __attribute__((noinline)) static int msm_g1_reduce_ifma(msm_g1_xyzz *out, const msm_g1_xy *bk,
                                                                      const uint8_t *full, unsigned nb) {
    const unsigned seg = nb / 8;
    fpv_xyzz run, tot, b;
    fpv one;
    __mmask8 run_set = 0, tot_set = 0;
    fpv_set_const(&one, FPV_ONE);
    fpv_reduce(&one, &one);
    memset(&run, 0, sizeof run);
    memset(&tot, 0, sizeof tot);
    b.zz = one;
    b.zzz = one;
    uint64_t base[8] __attribute__((aligned(64)));
    for (unsigned st = seg; st-- > 0;) {
        __mmask8 live = 0;
        for (unsigned k = 0; k < 8; k++) {
            unsigned j = k * seg + st;
            base[k] = (uint64_t)(uintptr_t)&bk[j];
            if (full[j]) live |= (__mmask8)(1u << k);
        }
        if (live) {
            __m512i addr = _mm512_load_si512((const void *)base);
            fpv_gather_var(&b.x, addr);
            fpv_gather_var(&b.y, _mm512_add_epi64(addr, _mm512_set1_epi64(48)));
            fpv_reduce(&b.x, &b.x);
            fpv_reduce(&b.y, &b.y);
            __mmask8 m = live & run_set;
            if (m && fpv_xyzz_madd(&run, &b.x, &b.y, m)) return 0;
            fpv_xyzz_set(&run, &b, live & (__mmask8)~run_set);
            run_set |= live;
        }
        __mmask8 m = run_set & tot_set;
        if (m && fpv_xyzz_add(&tot, &run, m)) return 0;
        fpv_xyzz_set(&tot, &run, run_set & (__mmask8)~tot_set);
        tot_set |= run_set;
    }
    msm_g1_xyzz T[8], R[8], acc, run2, tot2;
    fpv_xyzz_store(T, &tot, tot_set);
    fpv_xyzz_store(R, &run, run_set);
    /* sum_k k R_k by a running sum over k = 7..1, then times s (a power of two: nb is) */
    msm_g1_acc_identity_var(&run2);
    msm_g1_acc_identity_var(&tot2);
    for (int k = 7; k >= 1; k--) {
        msm_g1_acc_add_var(&run2, &R[k]);
        msm_g1_acc_add_var(&tot2, &run2);
    }
    for (unsigned v = seg; v > 1; v >>= 1) msm_g1_acc_dbl_var(&tot2);
    acc = tot2;
    for (int k = 0; k < 8; k++) msm_g1_acc_add_var(&acc, &T[k]);
    *out = acc;
    return 1;
}
#endif

MSM_HOT static void msm_g1_reduce_var(void *out, const void *buckets, const uint8_t *full, const void *ovf,
                                  const uint8_t *ovf_used, unsigned nb) {
    const msm_g1_xy *bk = buckets;
    const msm_g1_xyzz *ov = ovf;
    msm_g1_xyzz run, tot;
#ifdef ZK_HAVE_IFMA
    /* nb = 2^(c-1) >= 64: the lanes. The few overflow accumulators (a task's last additions) are first folded
     * into their buckets, in place (the buckets are the task's scratch, dead after this reduction); a lane that
     * meets a doubling or an inverse sends the window back to the scalar loop below, which sees the same sums. */
    if (fp_ifma_enabled && nb >= 64 && (nb & (nb - 1)) == 0) {
        msm_g1_xy *wb = (msm_g1_xy *)(uintptr_t)buckets;
        uint8_t *wfull = (uint8_t *)(uintptr_t)full, *wused = (uint8_t *)(uintptr_t)ovf_used;
        for (unsigned j = 0; j < nb; j++) {
            if (!wused[j]) continue;
            msm_g1_xyzz a = ov[j];
            if (wfull[j]) msm_g1_acc_madd_var(&a, &wb[j], 0);
            wused[j] = 0;
            wfull[j] = !fp_is_zero(&a.zz);
            if (wfull[j]) { /* x = X / ZZ, y = Y / ZZZ with one inversion of ZZ ZZZ */
                fp t, inv;
                fp_mul(&t, &a.zz, &a.zzz);
                fp_inv_var(&inv, &t);
                fp_mul(&t, &inv, &a.zzz);
                fp_mul(&wb[j].x, &a.x, &t);
                fp_mul(&t, &inv, &a.zz);
                fp_mul(&wb[j].y, &a.y, &t);
            }
        }
        if (msm_g1_reduce_ifma(out, bk, full, nb)) return;
    }
#endif
    msm_g1_acc_identity_var(&run);
    msm_g1_acc_identity_var(&tot);
    for (unsigned j = nb; j-- > 0;) {
        if (full[j]) msm_g1_acc_madd_var(&run, &bk[j], 0);
        if (ovf_used[j]) msm_g1_acc_add_var(&run, &ov[j]);
        msm_g1_acc_add_var(&tot, &run);
    }
    *(msm_g1_xyzz *)out = tot;
}

static void msm_g1_acc_to_proj_var(void *out, const void *acc_) {
    zk_g1 *o = out;
    const msm_g1_xyzz *a = acc_;
    if (fp_is_zero(&a->zz)) {
        fp_zero(&o->x);
        fp_one(&o->y);
        fp_zero(&o->z);
        return;
    }
    /* x = X/ZZ, y = Y/ZZZ  ->  (X ZZZ : Y ZZ : ZZ ZZZ) */
    fp_mul(&o->x, &a->x, &a->zzz);
    fp_mul(&o->y, &a->y, &a->zz);
    fp_mul(&o->z, &a->zz, &a->zzz);
}

static void msm_g1_acc_neg_var(void *dst, const void *src) {
    msm_g1_xyzz *d = dst;
    *d = *(const msm_g1_xyzz *)src;
    fp_neg(&d->y, &d->y);
}

/* sigma^2 on XYZZ: x = X/ZZ -> beta^2 x, i.e. X -> beta^2 X. */
static void msm_g1_acc_endo_var(void *dst, const void *src, unsigned j) {
    msm_g1_xyzz *d = dst;
    fp beta2;
    (void)j;
    *d = *(const msm_g1_xyzz *)src;
    memcpy(beta2.l, G1_BETA, sizeof beta2.l);
    fp_sqr(&beta2, &beta2);
    fp_mul(&d->x, &d->x, &beta2);
}

/* XYZZ -> affine for a table: 1/ZZZ by Montgomery's trick, then 1/ZZ = (ZZ / ZZZ)^2 (ZZ^3 = ZZZ^2). */
static int msm_g1_table_to_affine_var(uint8_t *entries, size_t cnt, size_t stride, void *pre_) {
    fp *pre = pre_, acc, inv;
    for (size_t k = 0; k < cnt; k++)
        if (fp_is_zero(&((const msm_g1_xyzz *)(entries + k * stride))->zzz)) return 0;
    fp_one(&acc);
    for (size_t k = 0; k < cnt; k++) {
        pre[k] = acc;
        fp_mul(&acc, &acc, &((const msm_g1_xyzz *)(entries + k * stride))->zzz);
    }
    fp_inv_var(&inv, &acc); /* variable-time engine: public points */
    for (size_t k = cnt; k-- > 0;) {
        msm_g1_xyzz *e = (msm_g1_xyzz *)(entries + k * stride);
        fp izzz, izz, x, y;
        fp_mul(&izzz, &inv, &pre[k]);
        fp_mul(&inv, &inv, &e->zzz);
        fp_mul(&izz, &e->zz, &izzz);
        fp_sqr(&izz, &izz);
        fp_mul(&x, &e->x, &izz);
        fp_mul(&y, &e->y, &izzz);
        ((msm_g1_xy *)e)->x = x;
        ((msm_g1_xy *)e)->y = y;
    }
    return 1;
}

static void msm_g1_pt_endo_var(void *dst, const void *src, unsigned j) {
    msm_g1_xy *d = dst;
    const msm_g1_xy *a = src;
    fp beta2;
    (void)j;
    memcpy(beta2.l, G1_BETA, sizeof beta2.l);
    fp_sqr(&beta2, &beta2);
    fp_mul(&d->x, &a->x, &beta2);
    d->y = a->y;
}

static const msm_group MSM_G1 = {
    sizeof(msm_g1_xy), MSM_FE_G1, sizeof(msm_g1_xyzz), msm_g1_bucket_set_var, msm_g1_batch_add_var,
    msm_g1_acc_identity_var, msm_g1_acc_madd_var, msm_g1_acc_add_var, msm_g1_acc_dbl_var, msm_g1_reduce_var,
    msm_g1_acc_to_proj_var, msm_g1_acc_neg_var, msm_g1_acc_endo_var, msm_g1_table_to_affine_var, msm_g1_pt_endo_var,
};

/* ======================================================================== G2 group parts (same formulas over Fp2) */

typedef struct { fp2 x, y; } msm_g2_xy;
typedef struct { fp2 x, y, zz, zzz; } msm_g2_xyzz;

static inline void msm_fp2_mul3_var(fp2 *r, const fp2 *a) {
    fp2 t;
    fp2_dbl(&t, a);
    fp2_add(r, &t, a);
}

static void msm_g2_bucket_set_var(void *bucket, const void *pt, unsigned neg) {
    msm_g2_xy *b = bucket;
    const msm_g2_xy *p = pt;
    b->x = p->x;
    if (neg)
        fp2_neg(&b->y, &p->y);
    else
        b->y = p->y;
}

#ifdef ZK_HAVE_IFMA
/* msm_g2_batch_add_var on eight lanes (see msm_g1_batch_add_ifma), over Fp2.
 * On input: as msm_group.batch_add, no op has the x of its bucket (msm_batch_special_var is 0); den and pre
 * hold msm_lanes8(cnt) / 8 fpv2 each (64-byte aligned). Variable time.
 * Bounds (componentwise; fpv2_mul needs inputs below 2^414.1 and returns below 2^413.7 + p): loaded values
 * < K1 = 2^32 p; d, t < 2^413.7; x3 = lam^2 - x1 - x2 + 2 K1 < 2^414.6; u = x1 - x3 + K2 < 2^415.9, reduced
 * below 4p before it is multiplied; y3 = u lam - y1 + K1 < 2^414.1. */
ZK_IFMA_TARGET __attribute__((noinline)) static void msm_g2_batch_add_ifma(msm_g2_xy *bk, const msm_op *ops,
                                                                          size_t cnt, fpv2 *den, fpv2 *pre) {
    const size_t ng = msm_lanes8(cnt) / 8;
    fpv2 acc, inv, one;
    fpv k1, k2;
    fpv_set_const(&k1, FPV_P32);
    fpv_set_const(&k2, FPV_P35);
    fpv_set_const(&one.c0, FPV_ONE);
    for (int i = 0; i < 8; i++) one.c1.l[i] = _mm512_setzero_si512();
    acc = one;
    for (size_t g = 0; g < ng; g++) {
        __m512i ab, ap;
        __mmask8 neg;
        unsigned live = msm_lanes(&ab, &ap, &neg, bk, sizeof *bk, ops, cnt, g);
        fpv2 bx, px, d;
        fpv2_gather_var(&bx, ab);
        fpv2_gather_var(&px, ap);
        fpv2_sub(&d, &px, &bx, &k1);
        if (live != 0xff)
            for (int i = 0; i < 8; i++) {
                d.c0.l[i] = _mm512_mask_blend_epi64((__mmask8)live, one.c0.l[i], d.c0.l[i]);
                d.c1.l[i] = _mm512_mask_blend_epi64((__mmask8)live, one.c1.l[i], d.c1.l[i]);
            }
        den[g] = d;
        pre[g] = acc;
        fpv2_mul(&acc, &acc, &d);
    }
    {
        fp2 a[8], q[8], r[8], t;
        fp *o0[8], *o1[8];
        for (int k = 0; k < 8; k++) {
            o0[k] = &a[k].c0;
            o1[k] = &a[k].c1;
        }
        fpv_store_lanes_var(o0, &acc.c0, 0xff);
        fpv_store_lanes_var(o1, &acc.c1, 0xff);
        q[0] = a[0];
        for (int k = 1; k < 8; k++) fp2_mul(&q[k], &q[k - 1], &a[k]);
        fp2_inv_var(&t, &q[7]);
        for (int k = 7; k > 0; k--) {
            fp2_mul(&r[k], &t, &q[k - 1]);
            fp2_mul(&t, &t, &a[k]);
        }
        r[0] = t;
        uint64_t base[8] __attribute__((aligned(64)));
        for (int k = 0; k < 8; k++) base[k] = (uint64_t)(uintptr_t)&r[k];
        fpv2_gather_var(&inv, _mm512_load_si512((const void *)base));
    }
    for (size_t g = ng; g-- > 0;) {
        __m512i ab, ap;
        __mmask8 neg;
        unsigned live = msm_lanes(&ab, &ap, &neg, bk, sizeof *bk, ops, cnt, g);
        fpv2 di, bx, by, px, py, t, lam, x3, u, y3;
        fpv2_mul(&di, &inv, &pre[g]);
        fpv2_mul(&inv, &inv, &den[g]);
        const __m512i yoff = _mm512_set1_epi64(96);
        fpv2_gather_var(&bx, ab);
        fpv2_gather_var(&by, _mm512_add_epi64(ab, yoff));
        fpv2_gather_var(&px, ap);
        fpv2_gather_var(&py, _mm512_add_epi64(ap, yoff));
        if (neg) {
            fpv2 ny, z;
            for (int i = 0; i < 8; i++) z.c0.l[i] = z.c1.l[i] = _mm512_setzero_si512();
            fpv2_sub(&ny, &z, &py, &k1);
            for (int i = 0; i < 8; i++) {
                py.c0.l[i] = _mm512_mask_blend_epi64(neg, py.c0.l[i], ny.c0.l[i]);
                py.c1.l[i] = _mm512_mask_blend_epi64(neg, py.c1.l[i], ny.c1.l[i]);
            }
        }
        fpv2_sub(&t, &py, &by, &k1);
        fpv2_mul(&lam, &t, &di);
        fpv2_mul(&x3, &lam, &lam);
        fpv2_sub(&x3, &x3, &bx, &k1);
        fpv2_sub(&x3, &x3, &px, &k1);
        fpv2_sub(&u, &bx, &x3, &k2);
        fpv_reduce(&u.c0, &u.c0);
        fpv_reduce(&u.c1, &u.c1);
        fpv2_mul(&y3, &u, &lam);
        fpv2_sub(&y3, &y3, &by, &k1);
        fp *o[4][8];
        for (unsigned k = 0; k < 8; k++) {
            size_t i = 8 * g + k < cnt ? 8 * g + k : 0;
            msm_g2_xy *b = &bk[ops[i].bucket];
            o[0][k] = &b->x.c0;
            o[1][k] = &b->x.c1;
            o[2][k] = &b->y.c0;
            o[3][k] = &b->y.c1;
        }
        fpv_store_lanes_var(o[0], &x3.c0, live);
        fpv_store_lanes_var(o[1], &x3.c1, live);
        fpv_store_lanes_var(o[2], &y3.c0, live);
        fpv_store_lanes_var(o[3], &y3.c1, live);
    }
}
#endif

static void msm_g2_batch_add_var(void *buckets, uint8_t *full, const msm_op *ops, size_t cnt, void *den_, void *pre_,
                             uint8_t *kind) {
    msm_g2_xy *bk = buckets;
    fp2 *den = den_, *pre = pre_;
    fp2 acc, inv;
    if (cnt == 0) return;
#ifdef ZK_HAVE_IFMA
    if (fp_ifma_enabled && !msm_batch_special_var(bk, sizeof *bk, sizeof bk->x, ops, cnt)) {
        msm_g2_batch_add_ifma(bk, ops, cnt, den_, pre_);
        return;
    }
#endif
    fp2_one(&acc);
    for (size_t k = 0; k < cnt; k++) {
        const msm_g2_xy *b = &bk[ops[k].bucket], *p = ops[k].pt;
        fp2 d;
        fp2_sub(&d, &p->x, &b->x);
        kind[k] = MSM_KIND_ADD;
        if (fp2_is_zero(&d)) {
            fp2 y2;
            if (ops[k].neg)
                fp2_neg(&y2, &p->y);
            else
                y2 = p->y;
            if (fp2_eq(&y2, &b->y) && !fp2_is_zero(&b->y)) {
                kind[k] = MSM_KIND_DBL;
                fp2_dbl(&d, &b->y);
            } else {
                kind[k] = MSM_KIND_KILL;
                fp2_one(&d);
            }
        }
        den[k] = d;
        if (k == 0) {
            acc = d;
        } else {
            pre[k] = acc;
            fp2_mul(&acc, &acc, &d);
        }
    }
    fp2_inv_var(&inv, &acc);
    for (size_t k = cnt; k-- > 0;) {
        msm_g2_xy *b = &bk[ops[k].bucket];
        const msm_g2_xy *p = ops[k].pt;
        fp2 di, lam, t, u;
        if (k == 0) {
            di = inv;
        } else {
            fp2_mul(&di, &inv, &pre[k]);
            fp2_mul(&inv, &inv, &den[k]);
        }
        if (kind[k] == MSM_KIND_ADD) {
            /* for -pt the slope is -lam' with lam' = (y2 + y1) / (x2 - x1): lam'^2 = lam^2 and
             * lam (x1 - x3) = lam' (x3 - x1), so no negation is needed */
            if (ops[k].neg)
                fp2_add(&t, &p->y, &b->y);
            else
                fp2_sub(&t, &p->y, &b->y);
            fp2_mul(&lam, &t, &di);
            fp2_sqr(&t, &lam);
            fp2_sub(&t, &t, &b->x);
            fp2_sub(&t, &t, &p->x);
            if (ops[k].neg)
                fp2_sub(&u, &t, &b->x);
            else
                fp2_sub(&u, &b->x, &t);
            fp2_mul(&u, &u, &lam);
            fp2_sub(&b->y, &u, &b->y);
            b->x = t;
        } else if (kind[k] == MSM_KIND_DBL) {
            fp2_sqr(&t, &b->x);
            msm_fp2_mul3_var(&t, &t);
            fp2_mul(&lam, &t, &di);
            fp2_sqr(&t, &lam);
            fp2_sub(&t, &t, &b->x);
            fp2_sub(&t, &t, &b->x);
            fp2_sub(&u, &b->x, &t);
            fp2_mul(&u, &u, &lam);
            fp2_sub(&b->y, &u, &b->y);
            b->x = t;
        } else {
            full[ops[k].bucket] = 0;
        }
    }
}

static void msm_g2_acc_identity_var(void *acc) { memset(acc, 0, sizeof(msm_g2_xyzz)); }

static void msm_g2_acc_dbl_var(void *acc_) {
    msm_g2_xyzz *a = acc_;
    fp2 u, v, w, s, m, t;
    if (fp2_is_zero(&a->zz)) return;
    fp2_dbl(&u, &a->y);
    fp2_sqr(&v, &u);
    fp2_mul(&w, &u, &v);
    fp2_mul(&s, &a->x, &v);
    fp2_sqr(&m, &a->x);
    msm_fp2_mul3_var(&m, &m);
    fp2_sqr(&t, &m);
    fp2_sub(&t, &t, &s);
    fp2_sub(&t, &t, &s);
    fp2_sub(&s, &s, &t);
    fp2_mul(&s, &s, &m);
    fp2_mul(&u, &w, &a->y);
    fp2_sub(&a->y, &s, &u);
    a->x = t;
    fp2_mul(&a->zz, &a->zz, &v);
    fp2_mul(&a->zzz, &a->zzz, &w);
}

static void msm_g2_acc_set_dbl_affine_var(msm_g2_xyzz *a, const fp2 *x, const fp2 *y) {
    fp2 u, v, w, s, m, t;
    fp2_dbl(&u, y);
    fp2_sqr(&v, &u);
    fp2_mul(&w, &u, &v);
    fp2_mul(&s, x, &v);
    fp2_sqr(&m, x);
    msm_fp2_mul3_var(&m, &m);
    fp2_sqr(&t, &m);
    fp2_sub(&t, &t, &s);
    fp2_sub(&t, &t, &s);
    fp2_sub(&s, &s, &t);
    fp2_mul(&s, &s, &m);
    fp2_mul(&u, &w, y);
    fp2_sub(&a->y, &s, &u);
    a->x = t;
    a->zz = v;
    a->zzz = w;
}

static void msm_g2_acc_madd_var(void *acc_, const void *pt, unsigned neg) {
    msm_g2_xyzz *a = acc_;
    const msm_g2_xy *p = pt;
    fp2 y2, u2, s2, pp, ppp, q, r, t;
    if (neg)
        fp2_neg(&y2, &p->y);
    else
        y2 = p->y;
    if (fp2_is_zero(&a->zz)) {
        a->x = p->x;
        a->y = y2;
        fp2_one(&a->zz);
        fp2_one(&a->zzz);
        return;
    }
    fp2_mul(&u2, &p->x, &a->zz);
    fp2_mul(&s2, &y2, &a->zzz);
    fp2_sub(&u2, &u2, &a->x);
    fp2_sub(&r, &s2, &a->y);
    if (fp2_is_zero(&u2)) {
        if (fp2_is_zero(&r))
            msm_g2_acc_set_dbl_affine_var(a, &p->x, &y2);
        else
            msm_g2_acc_identity_var(a);
        return;
    }
    fp2_sqr(&pp, &u2);
    fp2_mul(&ppp, &pp, &u2);
    fp2_mul(&q, &a->x, &pp);
    fp2_sqr(&t, &r);
    fp2_sub(&t, &t, &ppp);
    fp2_sub(&t, &t, &q);
    fp2_sub(&t, &t, &q);
    fp2_sub(&q, &q, &t);
    fp2_mul(&q, &q, &r);
    fp2_mul(&s2, &a->y, &ppp);
    fp2_sub(&a->y, &q, &s2);
    a->x = t;
    fp2_mul(&a->zz, &a->zz, &pp);
    fp2_mul(&a->zzz, &a->zzz, &ppp);
}

static void msm_g2_acc_add_var(void *acc_, const void *b_) {
    msm_g2_xyzz *a = acc_;
    const msm_g2_xyzz *b = b_;
    fp2 u1, u2, s1, s2, pp, ppp, q, r, t;
    if (fp2_is_zero(&b->zz)) return;
    if (fp2_is_zero(&a->zz)) {
        *a = *b;
        return;
    }
    fp2_mul(&u1, &a->x, &b->zz);
    fp2_mul(&u2, &b->x, &a->zz);
    fp2_mul(&s1, &a->y, &b->zzz);
    fp2_mul(&s2, &b->y, &a->zzz);
    fp2_sub(&u2, &u2, &u1);
    fp2_sub(&r, &s2, &s1);
    if (fp2_is_zero(&u2)) {
        if (fp2_is_zero(&r))
            msm_g2_acc_dbl_var(a);
        else
            msm_g2_acc_identity_var(a);
        return;
    }
    fp2_sqr(&pp, &u2);
    fp2_mul(&ppp, &pp, &u2);
    fp2_mul(&q, &u1, &pp);
    fp2_sqr(&t, &r);
    fp2_sub(&t, &t, &ppp);
    fp2_sub(&t, &t, &q);
    fp2_sub(&t, &t, &q);
    fp2_sub(&q, &q, &t);
    fp2_mul(&q, &q, &r);
    fp2_mul(&s1, &s1, &ppp);
    fp2_sub(&a->y, &q, &s1);
    a->x = t;
    fp2_mul(&a->zz, &a->zz, &b->zz);
    fp2_mul(&a->zz, &a->zz, &pp);
    fp2_mul(&a->zzz, &a->zzz, &b->zzz);
    fp2_mul(&a->zzz, &a->zzz, &ppp);
}

static void msm_g2_reduce_var(void *out, const void *buckets, const uint8_t *full, const void *ovf,
                          const uint8_t *ovf_used, unsigned nb) {
    const msm_g2_xy *bk = buckets;
    const msm_g2_xyzz *ov = ovf;
    msm_g2_xyzz run, tot;
    msm_g2_acc_identity_var(&run);
    msm_g2_acc_identity_var(&tot);
    for (unsigned j = nb; j-- > 0;) {
        if (full[j]) msm_g2_acc_madd_var(&run, &bk[j], 0);
        if (ovf_used[j]) msm_g2_acc_add_var(&run, &ov[j]);
        msm_g2_acc_add_var(&tot, &run);
    }
    *(msm_g2_xyzz *)out = tot;
}

static void msm_g2_acc_to_proj_var(void *out, const void *acc_) {
    zk_g2 *o = out;
    const msm_g2_xyzz *a = acc_;
    if (fp2_is_zero(&a->zz)) {
        fp2_zero(&o->x);
        fp2_one(&o->y);
        fp2_zero(&o->z);
        return;
    }
    fp2_mul(&o->x, &a->x, &a->zzz);
    fp2_mul(&o->y, &a->y, &a->zz);
    fp2_mul(&o->z, &a->zz, &a->zzz);
}

static void msm_g2_acc_neg_var(void *dst, const void *src) {
    msm_g2_xyzz *d = dst;
    *d = *(const msm_g2_xyzz *)src;
    fp2_neg(&d->y, &d->y);
}

/* psi on XYZZ: conj is a field automorphism, so psi(X/ZZ, Y/ZZZ) = (conj(X) PSI_X / conj(ZZ), conj(Y) PSI_Y /
 * conj(ZZZ)). psi^2 multiplies x by PSI2_X (in Fp) and negates y. */
static void msm_g2_psi_xyzz_var(msm_g2_xyzz *d, const msm_g2_xyzz *a) {
    fp2 px, py, t;
    memcpy(px.c0.l, G2_PSI_X0, sizeof px.c0.l);
    memcpy(px.c1.l, G2_PSI_X1, sizeof px.c1.l);
    memcpy(py.c0.l, G2_PSI_Y0, sizeof py.c0.l);
    memcpy(py.c1.l, G2_PSI_Y1, sizeof py.c1.l);
    fp2_conj(&t, &a->x);
    fp2_mul(&d->x, &t, &px);
    fp2_conj(&t, &a->y);
    fp2_mul(&d->y, &t, &py);
    fp2_conj(&d->zz, &a->zz);
    fp2_conj(&d->zzz, &a->zzz);
}

static void msm_g2_psi2_xyzz_var(msm_g2_xyzz *d, const msm_g2_xyzz *a) {
    fp c;
    memcpy(c.l, G2_PSI2_X, sizeof c.l);
    fp2_mul_fp(&d->x, &a->x, &c);
    fp2_neg(&d->y, &a->y);
    d->zz = a->zz;
    d->zzz = a->zzz;
}

/* [|z|^j] = -psi, psi^2, -psi^3 for j = 1, 2, 3 (psi acts as z < 0). */
static void msm_g2_acc_endo_var(void *dst, const void *src, unsigned j) {
    msm_g2_xyzz *d = dst, t;
    const msm_g2_xyzz *a = src;
    if (j == 1) {
        msm_g2_psi_xyzz_var(d, a);
        fp2_neg(&d->y, &d->y);
    } else if (j == 2) {
        msm_g2_psi2_xyzz_var(d, a);
    } else {
        msm_g2_psi2_xyzz_var(&t, a);
        msm_g2_psi_xyzz_var(d, &t);
        fp2_neg(&d->y, &d->y);
    }
}

static int msm_g2_table_to_affine_var(uint8_t *entries, size_t cnt, size_t stride, void *pre_) {
    fp2 *pre = pre_, acc, inv;
    for (size_t k = 0; k < cnt; k++)
        if (fp2_is_zero(&((const msm_g2_xyzz *)(entries + k * stride))->zzz)) return 0;
    fp2_one(&acc);
    for (size_t k = 0; k < cnt; k++) {
        pre[k] = acc;
        fp2_mul(&acc, &acc, &((const msm_g2_xyzz *)(entries + k * stride))->zzz);
    }
    fp2_inv_var(&inv, &acc); /* variable-time engine: public points */
    for (size_t k = cnt; k-- > 0;) {
        msm_g2_xyzz *e = (msm_g2_xyzz *)(entries + k * stride);
        fp2 izzz, izz, x, y;
        fp2_mul(&izzz, &inv, &pre[k]);
        fp2_mul(&inv, &inv, &e->zzz);
        fp2_mul(&izz, &e->zz, &izzz);
        fp2_sqr(&izz, &izz);
        fp2_mul(&x, &e->x, &izz);
        fp2_mul(&y, &e->y, &izzz);
        ((msm_g2_xy *)e)->x = x;
        ((msm_g2_xy *)e)->y = y;
    }
    return 1;
}

/* Affine endomorphism images with the signs of acc_endo: -psi, psi^2, -psi^3. */
static void msm_g2_pt_endo_var(void *dst, const void *src, unsigned j) {
    msm_g2_xyzz t, u;
    const msm_g2_xy *a = src;
    msm_g2_xy *d = dst;
    t.x = a->x;
    t.y = a->y;
    fp2_one(&t.zz);
    fp2_one(&t.zzz);
    msm_g2_acc_endo_var(&u, &t, j); /* conj(1) = 1: the images stay affine */
    d->x = u.x;
    d->y = u.y;
}

static const msm_group MSM_G2 = {
    sizeof(msm_g2_xy), MSM_FE_G2, sizeof(msm_g2_xyzz), msm_g2_bucket_set_var, msm_g2_batch_add_var,
    msm_g2_acc_identity_var, msm_g2_acc_madd_var, msm_g2_acc_add_var, msm_g2_acc_dbl_var, msm_g2_reduce_var,
    msm_g2_acc_to_proj_var, msm_g2_acc_neg_var, msm_g2_acc_endo_var, msm_g2_table_to_affine_var, msm_g2_pt_endo_var,
};


#endif
