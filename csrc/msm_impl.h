/* msm_impl.h -- code for msm.h: variable-time Pippenger MSM (G1, G2) and the constant-time G1 MSM. */
#ifndef ZK_MSM_IMPL_H
#define ZK_MSM_IMPL_H

#include <pthread.h>
#include <stdatomic.h>

#include "msm.h"

/* The hot G1 functions are flattened: every field operation they call is inlined into them (G1 MSM 2^16 about
 * 12% faster with gcc 12, which otherwise keeps fp_mul and fp_sub out of line; no gain measured for G2). */
#if defined(__GNUC__)
#define MSM_HOT __attribute__((flatten))
#else
#define MSM_HOT
#endif

/* Rounds x up to a multiple of 64 (scratch carving). */
static size_t msm_align64(size_t x) { return (x + 63) & ~(size_t)63; }

/* ======================================================================== scalar splitting */

/* mu = floor(2^256 / lambda), lambda = z^2 - 1 = 0xac45a4010001a40200000000ffffffff (GLV_LAMBDA in consts.h):
 * the Barrett constant for k2 = floor(k / lambda). Derivation: python3 -c "z=0xd201000000010000;
 * print(hex(2**256//(z*z-1)))" -> 0x1_7c6becf1e01faadd_63f6e522f6cfee30 (129 bits). */
static const uint64_t MSM_GLV_MU[3] = {0x63f6e522f6cfee30ULL, 0x7c6becf1e01faaddULL, 0x1ULL};

/* r[0..na+nb) = a * b (schoolbook, plain integers). Variable time. */
static void msm_mul_limbs(uint64_t *r, const uint64_t *a, size_t na, const uint64_t *b, size_t nb) {
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
static void msm_sub_limbs(uint64_t *a, const uint64_t *b, size_t n) {
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
    msm_mul_limbs(prod, k, 4, MSM_GLV_MU, 3);
    q[0] = prod[4];
    q[1] = prod[5];
    q[2] = prod[6];
    msm_mul_limbs(ql, q, 3, GLV_LAMBDA, 2);
    for (int i = 0; i < 4; i++) rem[i] = k[i];
    rem[4] = 0;
    msm_sub_limbs(rem, ql, 5);
    while (msm_geq_var(rem, lam, 3)) {
        msm_sub_limbs(rem, lam, 3);
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
static void msm_g1_bucket_set(void *bucket, const void *pt, unsigned neg) {
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
static int msm_batch_special(const void *buckets, size_t pt_size, size_t x_size, const msm_op *ops, size_t cnt) {
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

/* msm_g1_batch_add on eight lanes at once: lane k of group g carries op 8 g + k; each lane keeps its own chain
 * of prefix products and the eight chain totals share one scalar inversion.
 * On input: as msm_group.batch_add, and no op has the x of its bucket (msm_batch_special is 0); den and pre
 * hold msm_lanes8(cnt) / 8 fpv each (64-byte aligned). Variable time.
 * Bounds (p < 2^380.70, K1 = 2^32 p, K2 = 2^35 p; fpv_mul gives < a b / 2^416 + p): loaded values < K1;
 * d, t < 2^413.7; products < 2^414.1; x3 = lam^2 - x1 - x2 + 2 K1 < 2^415; u = x1 - x3 + K2 < 2^415.9;
 * y3 = u lam - y1 + K1 < 2^414.6; all below 2^416, and x3, y3 leave through fpv_store_lanes (reduced). */
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
        fpv_gather(&bx, ab);
        fpv_gather(&px, ap);
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
        fpv_store_lanes(out, &acc, 0xff);
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
        fpv_gather(&inv, _mm512_load_si512((const void *)base));
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
        fpv_gather(&bx, ab);
        fpv_gather(&by, _mm512_add_epi64(ab, eight));
        fpv_gather(&px, ap);
        fpv_gather(&py, _mm512_add_epi64(ap, eight));
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
        fpv_store_lanes(ox, &x3, live);
        fpv_store_lanes(oy, &y3, live);
    }
}
#endif

/* Batch of independent affine additions bucket += +-pt with one inversion (see msm_group.batch_add).
 * Variable time. */
MSM_HOT static void msm_g1_batch_add(void *buckets, uint8_t *full, const msm_op *ops, size_t cnt, void *den_,
                                     void *pre_, uint8_t *kind) {
    msm_g1_xy *bk = buckets;
    fp *den = den_, *pre = pre_;
    fp acc, inv;
    if (cnt == 0) return;
#ifdef ZK_HAVE_IFMA
    if (fp_ifma_enabled && !msm_batch_special(bk, sizeof *bk, sizeof bk->x, ops, cnt)) {
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

static void msm_g1_acc_identity(void *acc) { memset(acc, 0, sizeof(msm_g1_xyzz)); }

MSM_HOT static void msm_g1_acc_dbl(void *acc_) {
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
static void msm_g1_acc_set_dbl_affine(msm_g1_xyzz *a, const fp *x, const fp *y) {
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

MSM_HOT static void msm_g1_acc_madd(void *acc_, const void *pt, unsigned neg) {
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
            msm_g1_acc_set_dbl_affine(a, &p->x, &y2);
        else
            msm_g1_acc_identity(a);
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

MSM_HOT static void msm_g1_acc_add(void *acc_, const void *b_) {
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
            msm_g1_acc_dbl(a);
        else
            msm_g1_acc_identity(a);
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

/* a += (x2, y2) on the lanes of mask m (XYZZ mixed addition, as msm_g1_acc_madd). Returns the lanes of m where
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

/* a += b on the lanes of mask m (XYZZ addition, as msm_g1_acc_add). Returns the lanes of m where the x's
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
    fpv_store_lanes(o[0], &a->x, 0xff);
    fpv_store_lanes(o[1], &a->y, 0xff);
    fpv_store_lanes(o[2], &a->zz, 0xff);
    fpv_store_lanes(o[3], &a->zzz, 0xff);
    for (int k = 0; k < 8; k++)
        if (!((set >> k) & 1)) msm_g1_acc_identity(&out[k]);
}

/* msm_g1_reduce's sum_j (j + 1) bucket_j on eight lanes: lane k runs the running-sum reduction over the
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
            fpv_gather(&b.x, addr);
            fpv_gather(&b.y, _mm512_add_epi64(addr, _mm512_set1_epi64(48)));
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
    msm_g1_acc_identity(&run2);
    msm_g1_acc_identity(&tot2);
    for (int k = 7; k >= 1; k--) {
        msm_g1_acc_add(&run2, &R[k]);
        msm_g1_acc_add(&tot2, &run2);
    }
    for (unsigned v = seg; v > 1; v >>= 1) msm_g1_acc_dbl(&tot2);
    acc = tot2;
    for (int k = 0; k < 8; k++) msm_g1_acc_add(&acc, &T[k]);
    *out = acc;
    return 1;
}
#endif

MSM_HOT static void msm_g1_reduce(void *out, const void *buckets, const uint8_t *full, const void *ovf,
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
            if (wfull[j]) msm_g1_acc_madd(&a, &wb[j], 0);
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
    msm_g1_acc_identity(&run);
    msm_g1_acc_identity(&tot);
    for (unsigned j = nb; j-- > 0;) {
        if (full[j]) msm_g1_acc_madd(&run, &bk[j], 0);
        if (ovf_used[j]) msm_g1_acc_add(&run, &ov[j]);
        msm_g1_acc_add(&tot, &run);
    }
    *(msm_g1_xyzz *)out = tot;
}

static void msm_g1_acc_to_proj(void *out, const void *acc_) {
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

static void msm_g1_acc_neg(void *dst, const void *src) {
    msm_g1_xyzz *d = dst;
    *d = *(const msm_g1_xyzz *)src;
    fp_neg(&d->y, &d->y);
}

/* sigma^2 on XYZZ: x = X/ZZ -> beta^2 x, i.e. X -> beta^2 X. */
static void msm_g1_acc_endo(void *dst, const void *src, unsigned j) {
    msm_g1_xyzz *d = dst;
    fp beta2;
    (void)j;
    *d = *(const msm_g1_xyzz *)src;
    memcpy(beta2.l, G1_BETA, sizeof beta2.l);
    fp_sqr(&beta2, &beta2);
    fp_mul(&d->x, &d->x, &beta2);
}

/* XYZZ -> affine for a table: 1/ZZZ by Montgomery's trick, then 1/ZZ = (ZZ / ZZZ)^2 (ZZ^3 = ZZZ^2). */
static int msm_g1_table_to_affine(uint8_t *entries, size_t cnt, size_t stride, void *pre_) {
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

static void msm_g1_pt_endo(void *dst, const void *src, unsigned j) {
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
    sizeof(msm_g1_xy), MSM_FE_G1, sizeof(msm_g1_xyzz), msm_g1_bucket_set, msm_g1_batch_add,
    msm_g1_acc_identity, msm_g1_acc_madd, msm_g1_acc_add, msm_g1_acc_dbl, msm_g1_reduce, msm_g1_acc_to_proj,
    msm_g1_acc_neg, msm_g1_acc_endo, msm_g1_table_to_affine, msm_g1_pt_endo,
};

/* ======================================================================== G2 group parts (same formulas over Fp2) */

typedef struct { fp2 x, y; } msm_g2_xy;
typedef struct { fp2 x, y, zz, zzz; } msm_g2_xyzz;

static inline void msm_fp2_mul3(fp2 *r, const fp2 *a) {
    fp2 t;
    fp2_dbl(&t, a);
    fp2_add(r, &t, a);
}

static void msm_g2_bucket_set(void *bucket, const void *pt, unsigned neg) {
    msm_g2_xy *b = bucket;
    const msm_g2_xy *p = pt;
    b->x = p->x;
    if (neg)
        fp2_neg(&b->y, &p->y);
    else
        b->y = p->y;
}

#ifdef ZK_HAVE_IFMA
/* msm_g2_batch_add on eight lanes (see msm_g1_batch_add_ifma), over Fp2.
 * On input: as msm_group.batch_add, no op has the x of its bucket (msm_batch_special is 0); den and pre
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
        fpv2_gather(&bx, ab);
        fpv2_gather(&px, ap);
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
        fpv_store_lanes(o0, &acc.c0, 0xff);
        fpv_store_lanes(o1, &acc.c1, 0xff);
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
        fpv2_gather(&inv, _mm512_load_si512((const void *)base));
    }
    for (size_t g = ng; g-- > 0;) {
        __m512i ab, ap;
        __mmask8 neg;
        unsigned live = msm_lanes(&ab, &ap, &neg, bk, sizeof *bk, ops, cnt, g);
        fpv2 di, bx, by, px, py, t, lam, x3, u, y3;
        fpv2_mul(&di, &inv, &pre[g]);
        fpv2_mul(&inv, &inv, &den[g]);
        const __m512i yoff = _mm512_set1_epi64(96);
        fpv2_gather(&bx, ab);
        fpv2_gather(&by, _mm512_add_epi64(ab, yoff));
        fpv2_gather(&px, ap);
        fpv2_gather(&py, _mm512_add_epi64(ap, yoff));
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
        fpv_store_lanes(o[0], &x3.c0, live);
        fpv_store_lanes(o[1], &x3.c1, live);
        fpv_store_lanes(o[2], &y3.c0, live);
        fpv_store_lanes(o[3], &y3.c1, live);
    }
}
#endif

static void msm_g2_batch_add(void *buckets, uint8_t *full, const msm_op *ops, size_t cnt, void *den_, void *pre_,
                             uint8_t *kind) {
    msm_g2_xy *bk = buckets;
    fp2 *den = den_, *pre = pre_;
    fp2 acc, inv;
    if (cnt == 0) return;
#ifdef ZK_HAVE_IFMA
    if (fp_ifma_enabled && !msm_batch_special(bk, sizeof *bk, sizeof bk->x, ops, cnt)) {
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
            msm_fp2_mul3(&t, &t);
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

static void msm_g2_acc_identity(void *acc) { memset(acc, 0, sizeof(msm_g2_xyzz)); }

static void msm_g2_acc_dbl(void *acc_) {
    msm_g2_xyzz *a = acc_;
    fp2 u, v, w, s, m, t;
    if (fp2_is_zero(&a->zz)) return;
    fp2_dbl(&u, &a->y);
    fp2_sqr(&v, &u);
    fp2_mul(&w, &u, &v);
    fp2_mul(&s, &a->x, &v);
    fp2_sqr(&m, &a->x);
    msm_fp2_mul3(&m, &m);
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

static void msm_g2_acc_set_dbl_affine(msm_g2_xyzz *a, const fp2 *x, const fp2 *y) {
    fp2 u, v, w, s, m, t;
    fp2_dbl(&u, y);
    fp2_sqr(&v, &u);
    fp2_mul(&w, &u, &v);
    fp2_mul(&s, x, &v);
    fp2_sqr(&m, x);
    msm_fp2_mul3(&m, &m);
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

static void msm_g2_acc_madd(void *acc_, const void *pt, unsigned neg) {
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
            msm_g2_acc_set_dbl_affine(a, &p->x, &y2);
        else
            msm_g2_acc_identity(a);
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

static void msm_g2_acc_add(void *acc_, const void *b_) {
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
            msm_g2_acc_dbl(a);
        else
            msm_g2_acc_identity(a);
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

static void msm_g2_reduce(void *out, const void *buckets, const uint8_t *full, const void *ovf,
                          const uint8_t *ovf_used, unsigned nb) {
    const msm_g2_xy *bk = buckets;
    const msm_g2_xyzz *ov = ovf;
    msm_g2_xyzz run, tot;
    msm_g2_acc_identity(&run);
    msm_g2_acc_identity(&tot);
    for (unsigned j = nb; j-- > 0;) {
        if (full[j]) msm_g2_acc_madd(&run, &bk[j], 0);
        if (ovf_used[j]) msm_g2_acc_add(&run, &ov[j]);
        msm_g2_acc_add(&tot, &run);
    }
    *(msm_g2_xyzz *)out = tot;
}

static void msm_g2_acc_to_proj(void *out, const void *acc_) {
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

static void msm_g2_acc_neg(void *dst, const void *src) {
    msm_g2_xyzz *d = dst;
    *d = *(const msm_g2_xyzz *)src;
    fp2_neg(&d->y, &d->y);
}

/* psi on XYZZ: conj is a field automorphism, so psi(X/ZZ, Y/ZZZ) = (conj(X) PSI_X / conj(ZZ), conj(Y) PSI_Y /
 * conj(ZZZ)). psi^2 multiplies x by PSI2_X (in Fp) and negates y. */
static void msm_g2_psi_xyzz(msm_g2_xyzz *d, const msm_g2_xyzz *a) {
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

static void msm_g2_psi2_xyzz(msm_g2_xyzz *d, const msm_g2_xyzz *a) {
    fp c;
    memcpy(c.l, G2_PSI2_X, sizeof c.l);
    fp2_mul_fp(&d->x, &a->x, &c);
    fp2_neg(&d->y, &a->y);
    d->zz = a->zz;
    d->zzz = a->zzz;
}

/* [|z|^j] = -psi, psi^2, -psi^3 for j = 1, 2, 3 (psi acts as z < 0). */
static void msm_g2_acc_endo(void *dst, const void *src, unsigned j) {
    msm_g2_xyzz *d = dst, t;
    const msm_g2_xyzz *a = src;
    if (j == 1) {
        msm_g2_psi_xyzz(d, a);
        fp2_neg(&d->y, &d->y);
    } else if (j == 2) {
        msm_g2_psi2_xyzz(d, a);
    } else {
        msm_g2_psi2_xyzz(&t, a);
        msm_g2_psi_xyzz(d, &t);
        fp2_neg(&d->y, &d->y);
    }
}

static int msm_g2_table_to_affine(uint8_t *entries, size_t cnt, size_t stride, void *pre_) {
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
static void msm_g2_pt_endo(void *dst, const void *src, unsigned j) {
    msm_g2_xyzz t, u;
    const msm_g2_xy *a = src;
    msm_g2_xy *d = dst;
    t.x = a->x;
    t.y = a->y;
    fp2_one(&t.zz);
    fp2_one(&t.zzz);
    msm_g2_acc_endo(&u, &t, j); /* conj(1) = 1: the images stay affine */
    d->x = u.x;
    d->y = u.y;
}

static const msm_group MSM_G2 = {
    sizeof(msm_g2_xy), MSM_FE_G2, sizeof(msm_g2_xyzz), msm_g2_bucket_set, msm_g2_batch_add,
    msm_g2_acc_identity, msm_g2_acc_madd, msm_g2_acc_add, msm_g2_acc_dbl, msm_g2_reduce, msm_g2_acc_to_proj,
    msm_g2_acc_neg, msm_g2_acc_endo, msm_g2_table_to_affine, msm_g2_pt_endo,
};


/* ======================================================================== small n: Straus with width-5 NAF */

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

/* ======================================================================== plan */

#define MSM_MAX_THREADS 64
#define MSM_MAX_BATCH 1024    /* G1 2^16: about 5% faster than 512 (the inversion is shared by more additions) */
#define MSM_MIN_BATCH 32        /* smaller batches go through XYZZ additions instead of an inversion */
#define MSM_GROUP_BUCKETS 2048  /* windows are grouped into one task until they hold this many buckets */
#define MSM_MAX_N ((size_t)1 << 28)
/* Up to this many points Straus beats the buckets (both engines measured on the shared 2-core Zen 5 box, with
 * affine tables: G1 Straus/buckets ~0.64 at n = 1, 0.72 at 8, ~0.87 at 32-48, ~0.97 at 64; G2 0.6 at 1, ~1 at 8-16,
 * noisy). */
#define MSM_STRAUS_MAX_G1 48
#define MSM_STRAUS_MAX_G2 10


/* Per-thread scratch bytes for g*nb buckets and batch size B. */
static size_t msm_thread_bytes(const msm_group *g, size_t nbt, size_t batch, size_t defer_cap) {
    return msm_align64(nbt * g->pt_size) + msm_align64(nbt * g->acc_size) + msm_align64(nbt) + msm_align64(nbt) +
           msm_align64(nbt * sizeof(uint32_t)) + msm_align64(batch * sizeof(msm_op)) +
           msm_align64(defer_cap * sizeof(msm_op)) + 2 * msm_align64(msm_lanes8(batch) * g->fe_size) + msm_align64(batch);
}

/* Windows per task for window size c: group windows until they hold MSM_GROUP_BUCKETS buckets. */
static unsigned msm_group_windows(unsigned c, unsigned nwin) {
    unsigned nb = 1u << (c - 1);
    unsigned g = (MSM_GROUP_BUCKETS + nb - 1) / nb;
    return g < nwin ? g : nwin;
}

static size_t msm_batch_for(size_t nbt) {
    size_t b = nbt / 4;
    if (b > MSM_MAX_BATCH) b = MSM_MAX_BATCH;
    return b ? b : 1;
}

/* Cost of one batched affine addition in the plan's units (one scalar Fp multiplication; for G2 the units are
 * the same kind of step over Fp2): about 6.5 on the scalar path, about 3 on the IFMA lanes (G1 2^16: ~110 ns
 * per addition against 40 ns per Fp multiplication). */
static double msm_add_cost(void) {
#ifdef ZK_HAVE_IFMA
    if (fp_ifma_enabled) return 3.0;
#endif
    return 6.5;
}

static void msm_plan_make(msm_plan *pl, const msm_group *g, int is_g2, size_t n, unsigned nthreads) {
    memset(pl, 0, sizeof *pl);
    if (nthreads == 0) nthreads = 1;
    if (nthreads > MSM_MAX_THREADS) nthreads = MSM_MAX_THREADS;
    pl->n = n;
    if (n == 0 || n > MSM_MAX_N) return;
    /* Cost model in field-multiplication units: a batched affine addition msm_add_cost() + 80/B (the
     * variable-time inversion, ~50, and the lanes' products, shared by a batch of B), a bucket in the running-sum reduction ~24 (one mixed and one full XYZZ addition),
     * the endomorphism split ~8 per input point. Time ~ rounds of tasks over the threads. */
    double best = 0;
    const unsigned splits[2] = {1, is_g2 ? 4u : 2u};
    for (int si = 0; si < 2; si++) {
        unsigned ns = splits[si];
        size_t npts = n * ns;
        unsigned need = ns == 1 ? 256 : ns == 2 ? 130 : 66; /* c * nwin must reach this (see msm_recode) */
        for (unsigned c = 2; c <= 16; c++) {
            unsigned nwin = (need + c - 1) / c;
            unsigned gw = msm_group_windows(c, nwin);
            unsigned ngroups = (nwin + gw - 1) / gw;
            size_t nb = (size_t)1 << (c - 1);
            size_t batch = msm_batch_for(gw * nb);
            for (unsigned ch = 1; ch <= nthreads; ch++) {
                size_t npc = (npts + ch - 1) / ch;
                size_t tasks = (size_t)ngroups * ch;
                size_t rounds = (tasks + nthreads - 1) / nthreads;
                double ops = (double)npc * gw * (1.0 - 1.0 / (double)(nb * 2));
                double task = ops * (msm_add_cost() + 80.0 / (double)batch) + (double)gw * (double)nb * 24.0;
                /* The top window sees only the scalars' top bits (the split parts have 255, 128 or 64 bits): when
                 * that leaves it fewer buckets than a batch holds, its additions collide and most of them go
                 * through XYZZ accumulators (~12 units each) instead. */
                int top = (ns == 1 ? 256 : ns == 2 ? 129 : 65) - (int)(c * (nwin - 1));
                double nb_top = top >= (int)c ? (double)nb : (double)((size_t)1 << (top > 1 ? top - 1 : 0));
                if (nb_top * 1.5 < (double)batch)
                    task += (double)npc / nwin * (1.0 - nb_top * 1.5 / (double)batch) * 12.0;
                double cost = (double)rounds * task + (ns > 1 ? 8.0 * (double)n / nthreads : 0.0) +
                              (double)c * nwin * 10.0 + (double)tasks * 24.0;
                if (best == 0 || cost < best) {
                    best = cost;
                    pl->nsplit = ns;
                    pl->npts = npts;
                    pl->c = c;
                    pl->nwin = nwin;
                    pl->nb = (unsigned)nb;
                    pl->nchunks = ch;
                    pl->batch = batch;
                }
            }
        }
    }
    if (n <= (is_g2 ? MSM_STRAUS_MAX_G2 : MSM_STRAUS_MAX_G1)) {
        /* small n: Straus on one thread (layout: digits at off_kp, part flags at off_ext, tables at off_res) */
        unsigned ns = is_g2 ? 4 : 2;
        memset(pl, 0, sizeof *pl);
        pl->n = n;
        pl->npts = n * ns;
        pl->nsplit = ns;
        pl->straus = 1;
        pl->nthreads = 1;
        /* digits | part flags, table flags | tables (npts * 8 XYZZ) + a spare n * 8 for compaction | prefixes */
        pl->off_kp = 0;
        pl->off_ext = msm_align64(pl->npts * msm_straus_len(ns));
        pl->off_res = pl->off_ext + msm_align64(pl->npts) + msm_align64(n);
        pl->off_thr = pl->off_res + msm_align64((pl->npts + n) * MSM_WNAF_TABLE * g->acc_size);
        pl->total = pl->off_thr + n * MSM_WNAF_TABLE * g->fe_size;
        return;
    }
    unsigned gw = msm_group_windows(pl->c, pl->nwin);
    unsigned ngroups = (pl->nwin + gw - 1) / gw;
    size_t tasks = (size_t)ngroups * pl->nchunks;
    pl->nthreads = tasks < nthreads ? (unsigned)tasks : nthreads;
    pl->limbs = (pl->c * pl->nwin + 63) / 64;
    pl->defer_cap = pl->batch / 2 ? pl->batch / 2 : 1;
    {
        /* buckets the top window can reach: the split parts have about 255, 127.4 or 63.7 bits */
        int top = (pl->nsplit == 1 ? 255 : pl->nsplit == 2 ? 127 : 63) - (int)(pl->c * (pl->nwin - 1));
        size_t reach = top >= (int)pl->c ? pl->nb : (size_t)1 << (top > 0 ? top : 0);
        size_t reach_task = (size_t)(gw - 1) * pl->nb + reach; /* the top task also holds gw - 1 full windows */
        pl->batch_top = reach_task / 8 < pl->batch ? reach_task / 8 : pl->batch;
        if (pl->batch_top < MSM_MIN_BATCH) pl->batch_top = pl->batch < MSM_MIN_BATCH ? pl->batch : MSM_MIN_BATCH;
    }
    pl->off_kp = 0;
    pl->off_ext = msm_align64(pl->npts * pl->limbs * sizeof(uint64_t));
    pl->off_res = pl->off_ext + msm_align64((pl->nsplit - 1) * n * g->pt_size);
    pl->off_thr = pl->off_res + msm_align64((size_t)pl->nwin * pl->nchunks * g->acc_size);
    pl->thr_size = msm_align64(msm_thread_bytes(g, (size_t)gw * pl->nb, pl->batch, pl->defer_cap));
    pl->total = pl->off_thr + pl->thr_size * pl->nthreads;
}

/* ======================================================================== the variable-time engine */

typedef struct {
    const msm_group *g;
    const msm_plan *pl;
    int is_g2;
    const uint8_t *points;
    size_t stride, inf_off;
    const zk_fr *scalars;
    uint8_t *scratch;
    uint64_t h[5];   /* sum_w 2^(c-1) 2^(wc): added to every scalar so that digits are plain bit fields */
    unsigned gw;     /* windows per task */
    unsigned ngroups;
    size_t ntasks;
    int phase;       /* 1: recode scalars and build endomorphism images; 2: bucket tasks */
    atomic_size_t next;
    atomic_uint next_tid;
} msm_ctx;

/* State of one task (a group of windows over a chunk of points) on one thread. */
typedef struct {
    const msm_group *g;
    uint8_t *buckets, *ovf, *full, *ovf_used, *kind;
    uint32_t *busy, gen;
    msm_op *ops, *defer;
    void *den, *pre;
    size_t cnt, ndef, batch, defer_cap;
} msm_state;

static inline const uint8_t *msm_point(const msm_ctx *x, size_t i) {
    if (i < x->pl->n) return x->points + i * x->stride;
    return x->scratch + x->pl->off_ext + (i - x->pl->n) * x->g->pt_size;
}

static void msm_overflow(msm_state *s, const msm_op *op) {
    uint8_t *acc = s->ovf + (size_t)op->bucket * s->g->acc_size;
    if (!s->ovf_used[op->bucket]) {
        s->g->acc_identity(acc);
        s->ovf_used[op->bucket] = 1;
    }
    s->g->acc_madd(acc, op->pt, op->neg);
}

static void msm_flush(msm_state *s);

static inline void msm_place(msm_state *s, const msm_op *op) {
    uint32_t b = op->bucket;
    if (!s->full[b]) {
        s->g->bucket_set(s->buckets + (size_t)b * s->g->pt_size, op->pt, op->neg);
        s->full[b] = 1;
        return;
    }
    if (s->busy[b] == s->gen) { /* this bucket already has an addition in the open batch */
        if (s->ndef < s->defer_cap)
            s->defer[s->ndef++] = *op;
        else
            msm_overflow(s, op);
        return;
    }
    s->busy[b] = s->gen;
    /* the batch reads this bucket at its flush: start loading it now (buckets are scattered over L2) */
    const uint8_t *bp = s->buckets + (size_t)b * s->g->pt_size;
    for (size_t off = 0; off < s->g->pt_size; off += 64) __builtin_prefetch(bp + off);
    s->ops[s->cnt++] = *op;
    if (s->cnt == s->batch) msm_flush(s);
}

static void msm_flush(msm_state *s) {
    if (s->cnt >= MSM_MIN_BATCH) {
        s->g->batch_add(s->buckets, s->full, s->ops, s->cnt, s->den, s->pre, s->kind);
    } else {
        for (size_t k = 0; k < s->cnt; k++) msm_overflow(s, &s->ops[k]);
    }
    s->cnt = 0;
    s->gen++;
    /* Re-place the deferred ops into the fresh batch. ndef <= batch / 2, so this cannot fill the batch and
     * recurse; an op that conflicts again is deferred again (in place: index <= the one being read). */
    size_t nd = s->ndef;
    s->ndef = 0;
    for (size_t k = 0; k < nd; k++) {
        msm_op op = s->defer[k];
        msm_place(s, &op);
    }
}

static inline int32_t msm_digit(const uint64_t *kp, unsigned limbs, unsigned c, unsigned w) {
    unsigned s = w * c, li = s >> 6, sh = s & 63;
    uint64_t v = kp[li] >> sh;
    if (sh + c > 64 && li + 1 < limbs) v |= kp[li + 1] << (64 - sh);
    return (int32_t)(v & ((1u << c) - 1)) - (int32_t)(1u << (c - 1));
}

/* Phase 1 on points [lo, hi): plain scalars (zero for points at infinity), split, + h; endomorphism images. */
static void msm_recode(const msm_ctx *x, size_t lo, size_t hi) {
    const msm_plan *pl = x->pl;
    uint64_t *kp = (uint64_t *)(x->scratch + pl->off_kp);
    uint8_t *ext = x->scratch + pl->off_ext;
    unsigned L = pl->limbs;
    fp beta2;
    memcpy(beta2.l, G1_BETA, sizeof beta2.l);
    fp_sqr(&beta2, &beta2);
    for (size_t i = lo; i < hi; i++) {
        uint64_t k[4], parts[4][4];
        const uint8_t *pt = x->points + i * x->stride;
        uint64_t inf;
        memcpy(&inf, pt + x->inf_off, sizeof inf);
        if (inf) {
            memset(k, 0, sizeof k);
        } else {
            fr_to_plain(k, &x->scalars[i]);
        }
        memset(parts, 0, sizeof parts);
        if (pl->nsplit == 1) {
            memcpy(parts[0], k, sizeof k);
        } else if (pl->nsplit == 2) {
            msm_glv_split_var(parts[0], parts[1], k);
        } else {
            uint64_t a[4];
            msm_gls4_split_var(a, k);
            for (int j = 0; j < 4; j++) parts[j][0] = a[j];
        }
        for (unsigned j = 0; j < pl->nsplit; j++) {
            uint64_t *dst = kp + ((size_t)j * pl->n + i) * L, carry = 0;
            for (unsigned l = 0; l < L; l++) {
                u128 t = (u128)(l < 4 ? parts[j][l] : 0) + x->h[l] + carry;
                dst[l] = (uint64_t)t;
                carry = (uint64_t)(t >> 64);
            }
        }
        if (pl->nsplit == 1 || inf) continue;
        if (!x->is_g2) {
            /* sigma^2(x, y) = (beta^2 x, y) = [z^2 - 1](x, y) */
            const msm_g1_xy *p = (const msm_g1_xy *)pt;
            msm_g1_xy *e = (msm_g1_xy *)ext + i;
            fp_mul(&e->x, &p->x, &beta2);
            e->y = p->y;
        } else {
            /* |z| P = -psi(P), |z|^2 P = psi^2(P), |z|^3 P = -psi^3(P) (psi acts as z, z < 0) */
            const msm_g2_xy *p = (const msm_g2_xy *)pt;
            msm_g2_xy *e1 = (msm_g2_xy *)ext + i, *e2 = e1 + pl->n, *e3 = e2 + pl->n;
            fp2 px, py;
            fp psi2x;
            memcpy(px.c0.l, G2_PSI_X0, sizeof px.c0.l);
            memcpy(px.c1.l, G2_PSI_X1, sizeof px.c1.l);
            memcpy(py.c0.l, G2_PSI_Y0, sizeof py.c0.l);
            memcpy(py.c1.l, G2_PSI_Y1, sizeof py.c1.l);
            memcpy(psi2x.l, G2_PSI2_X, sizeof psi2x.l);
            fp2 t;
            /* psi(P) */
            fp2_conj(&t, &p->x);
            fp2_mul(&e1->x, &t, &px);
            fp2_conj(&t, &p->y);
            fp2_mul(&e1->y, &t, &py);
            /* psi^2(P) = (x * PSI2_X, -y) */
            fp2_mul_fp(&e2->x, &p->x, &psi2x);
            fp2_neg(&e2->y, &p->y);
            /* psi^3(P) = psi(psi^2(P)) */
            fp2_conj(&t, &e2->x);
            fp2_mul(&e3->x, &t, &px);
            fp2_conj(&t, &e2->y);
            fp2_mul(&e3->y, &t, &py);
            /* signs: -psi(P), +psi^2(P), -psi^3(P) */
            fp2_neg(&e1->y, &e1->y);
            fp2_neg(&e3->y, &e3->y);
        }
    }
}

/* Phase 2: task t = (window group, point chunk) on thread scratch ts. */
static void msm_task(const msm_ctx *x, uint8_t *ts, size_t t) {
    const msm_plan *pl = x->pl;
    const msm_group *g = x->g;
    unsigned gi = (unsigned)(t / pl->nchunks), ch = (unsigned)(t % pl->nchunks);
    unsigned w0 = gi * x->gw, w1 = w0 + x->gw < pl->nwin ? w0 + x->gw : pl->nwin, nw = w1 - w0;
    size_t chunk = (pl->npts + pl->nchunks - 1) / pl->nchunks;
    size_t lo = (size_t)ch * chunk, hi = lo + chunk < pl->npts ? lo + chunk : pl->npts;
    size_t nbt = (size_t)nw * pl->nb, nbt_max = (size_t)x->gw * pl->nb;
    msm_state s;
    uint8_t *p = ts;
    s.g = g;
    s.buckets = p;
    p += msm_align64(nbt_max * g->pt_size);
    s.ovf = p;
    p += msm_align64(nbt_max * g->acc_size);
    s.full = p;
    p += msm_align64(nbt_max);
    s.ovf_used = p;
    p += msm_align64(nbt_max);
    s.busy = (uint32_t *)p;
    p += msm_align64(nbt_max * sizeof(uint32_t));
    s.ops = (msm_op *)p;
    p += msm_align64(pl->batch * sizeof(msm_op));
    s.defer = (msm_op *)p;
    p += msm_align64(pl->defer_cap * sizeof(msm_op));
    s.den = p;
    p += msm_align64(msm_lanes8(pl->batch) * g->fe_size);
    s.pre = p;
    p += msm_align64(msm_lanes8(pl->batch) * g->fe_size);
    s.kind = p;
    memset(s.full, 0, nbt);
    memset(s.ovf_used, 0, nbt);
    memset(s.busy, 0, nbt * sizeof(uint32_t));
    s.gen = 1;
    s.cnt = s.ndef = 0;
    s.batch = w1 == pl->nwin ? pl->batch_top : pl->batch;
    s.defer_cap = pl->defer_cap;

    const uint64_t *kp = (const uint64_t *)(x->scratch + pl->off_kp);
    unsigned L = pl->limbs, c = pl->c;
    for (size_t i = lo; i < hi; i++) {
        const uint64_t *ki = kp + i * L;
        const uint8_t *pt = NULL;
        for (unsigned w = w0; w < w1; w++) {
            int32_t d = msm_digit(ki, L, c, w);
            if (d == 0) continue;
            if (!pt) pt = msm_point(x, i);
            msm_op op;
            op.pt = pt;
            op.neg = d < 0;
            op.bucket = (uint32_t)((w - w0) * pl->nb) + (uint32_t)(d < 0 ? -d : d) - 1;
            msm_place(&s, &op);
        }
    }
    /* drain: full batches while they are worth an inversion, then XYZZ additions for the rest */
    while (s.cnt >= MSM_MIN_BATCH) msm_flush(&s);
    for (size_t k = 0; k < s.cnt; k++) msm_overflow(&s, &s.ops[k]);
    for (size_t k = 0; k < s.ndef; k++) msm_overflow(&s, &s.defer[k]);
    s.cnt = s.ndef = 0;

    uint8_t *res = x->scratch + pl->off_res;
    for (unsigned w = w0; w < w1; w++) {
        size_t off = (size_t)(w - w0) * pl->nb;
        g->reduce(res + ((size_t)w * pl->nchunks + ch) * g->acc_size, s.buckets + off * g->pt_size, s.full + off,
                  s.ovf + off * g->acc_size, s.ovf_used + off, pl->nb);
    }
}

#define MSM_RECODE_BLOCK 2048

static void *msm_worker(void *arg) {
    msm_ctx *x = arg;
    unsigned tid = atomic_fetch_add(&x->next_tid, 1);
    uint8_t *ts = x->scratch + x->pl->off_thr + (size_t)tid * x->pl->thr_size;
    for (;;) {
        size_t t = atomic_fetch_add(&x->next, 1);
        if (x->phase == 1) {
            size_t lo = t * MSM_RECODE_BLOCK;
            if (lo >= x->pl->n) break;
            size_t hi = lo + MSM_RECODE_BLOCK < x->pl->n ? lo + MSM_RECODE_BLOCK : x->pl->n;
            msm_recode(x, lo, hi);
        } else {
            if (t >= x->ntasks) break;
            msm_task(x, ts, t);
        }
    }
    return NULL;
}

/* Run the current phase on up to nthreads threads (the caller's thread included). Work is taken from an atomic
 * counter, so if a thread cannot be created the others still finish everything. */
static void msm_run_phase(msm_ctx *x, unsigned nthreads) {
    pthread_t th[MSM_MAX_THREADS];
    unsigned started = 0;
    atomic_store(&x->next, 0);
    atomic_store(&x->next_tid, 0);
    for (unsigned i = 1; i < nthreads; i++) {
        if (pthread_create(&th[started], NULL, msm_worker, x) != 0) break;
        started++;
    }
    msm_worker(x);
    for (unsigned i = 0; i < started; i++) pthread_join(th[i], NULL);
}

static void msm_var_run(void *out, const msm_group *g, int is_g2, const msm_plan *pl, const void *points,
                        size_t pt_stride, size_t inf_off, const zk_fr *scalars, uint8_t *scratch) {
    msm_ctx x;
    memset(&x, 0, sizeof x);
    x.g = g;
    x.pl = pl;
    x.is_g2 = is_g2;
    x.points = points;
    x.stride = pt_stride;
    x.inf_off = inf_off;
    x.scalars = scalars;
    x.scratch = scratch;
    for (unsigned w = 0; w < pl->nwin; w++) {
        unsigned bit = w * pl->c + pl->c - 1;
        x.h[bit >> 6] |= (uint64_t)1 << (bit & 63);
    }
    x.gw = msm_group_windows(pl->c, pl->nwin);
    x.ngroups = (pl->nwin + x.gw - 1) / x.gw;
    x.ntasks = (size_t)x.ngroups * pl->nchunks;

    x.phase = 1;
    size_t blocks = (pl->n + MSM_RECODE_BLOCK - 1) / MSM_RECODE_BLOCK;
    msm_run_phase(&x, blocks < pl->nthreads ? (unsigned)blocks : pl->nthreads);
    x.phase = 2;
    msm_run_phase(&x, pl->nthreads);

    /* Horner over the windows: acc = sum_w 2^(cw) T_w, T_w = sum over chunks */
    union {
        msm_g1_xyzz a;
        msm_g2_xyzz b;
    } acc;
    const uint8_t *res = scratch + pl->off_res;
    g->acc_identity(&acc);
    for (unsigned w = pl->nwin; w-- > 0;) {
        if (w + 1 != pl->nwin)
            for (unsigned i = 0; i < pl->c; i++) g->acc_dbl(&acc);
        for (unsigned ch = 0; ch < pl->nchunks; ch++)
            g->acc_add(&acc, res + ((size_t)w * pl->nchunks + ch) * g->acc_size);
    }
    g->acc_to_proj(out, &acc);
}

/* ======================================================================== constant-time MSM (G1) */

/* GLV with the g1 module's constant-time split k = k1 + k2 z^2 ([z^2]P = -sigma(P) on G1), then signed 5-bit
 * windows: k_j + H = sum_w (d_w + 16) 32^w with H = sum_{w<26} 16 * 32^w, so every digit d_w in [-16, 15] is a
 * plain bit field minus 16 (k_j < 2^128 and H < 0.52 * 2^130 keep k_j + H below 2^130 = 32^26). */
#define MSM_CT_TABLE 17 /* 0P (identity), 1P, ..., 16P */
#define MSM_CT_WINDOWS 26
#define MSM_CT_LIMBS 3

static size_t msm_ct_bytes(size_t n) {
    return n * (MSM_CT_TABLE * sizeof(g1) + 2 * MSM_CT_LIMBS * sizeof(uint64_t));
}

static void g1_msm_ct(g1 *out, const g1 *points, const zk_fr *scalars, size_t n, uint8_t *scratch) {
    g1 *tab = (g1 *)scratch;
    uint64_t *ks = (uint64_t *)(scratch + n * MSM_CT_TABLE * sizeof(g1)); /* n * (k1 + H, k2 + H) */
    uint64_t h[MSM_CT_LIMBS] = {0, 0, 0};
    g1 acc, t, nt;
    for (unsigned w = 0; w < MSM_CT_WINDOWS; w++) h[(5 * w + 4) / 64] |= (uint64_t)1 << ((5 * w + 4) % 64);
    for (size_t i = 0; i < n; i++) {
        g1 *ti = tab + i * MSM_CT_TABLE;
        uint64_t parts[2][2];
        scalar_split_z2(parts[0], parts[1], &scalars[i]);
        for (unsigned j = 0; j < 2; j++) {
            uint64_t *dst = ks + (2 * i + j) * MSM_CT_LIMBS, carry = 0;
            for (unsigned l = 0; l < MSM_CT_LIMBS; l++) {
                u128 v = (u128)(l < 2 ? parts[j][l] : 0) + h[l] + carry;
                dst[l] = (uint64_t)v;
                carry = (uint64_t)(v >> 64);
            }
        }
        ct_wipe(parts, sizeof parts);
        g1_set_identity(&ti[0]);
        ti[1] = points[i];
        for (unsigned j = 2; j < MSM_CT_TABLE; j++) {
            if (j & 1)
                g1_add(&ti[j], &ti[j - 1], &points[i]);
            else
                g1_dbl(&ti[j], &ti[j / 2]);
        }
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
    ct_wipe(scratch, msm_ct_bytes(n));
}

/* ======================================================================== fixed-base tables (G1, variable time) */

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
static void msm_g1_fixed_block_init(msm_g1_fixed_block *b, const g1 *p) {
    msm_g1_xyzz t[MSM_FIXED_ENTRIES], dbl;
    fp pre[MSM_FIXED_ENTRIES];
    g1_affine a;
    memset(b, 0, sizeof *b);
    g1_batch_to_affine_var(&a, p, 1);
    b->infinity = a.infinity;
    if (a.infinity) return;
    msm_g1_xy base = {a.x, a.y};
    msm_g1_acc_identity(&t[0]);
    msm_g1_acc_madd(&t[0], &base, 0);
    dbl = t[0];
    msm_g1_acc_dbl(&dbl);
    for (unsigned m = 1; m < MSM_FIXED_ENTRIES; m++) {
        t[m] = t[m - 1];
        msm_g1_acc_add(&t[m], &dbl);
    }
    /* odd multiples of a point of prime order r are never the identity, so the conversion succeeds */
    msm_g1_table_to_affine((uint8_t *)t, MSM_FIXED_ENTRIES, sizeof t[0], pre);
    for (unsigned m = 0; m < MSM_FIXED_ENTRIES; m++) {
        memcpy(&b->e[0][m], &t[m], sizeof b->e[0][m]); /* table_to_affine left (x, y) at the front */
        msm_g1_pt_endo(&b->e[1][m], &b->e[0][m], 1);
    }
}

/* Scratch of msm_g1_fixed_run: digits (2 per point), then per variable point two width-5 affine tables, then
 * the XYZZ tables and prefix products of their normalisation. */
static size_t msm_fixed_scratch_bytes(size_t nf, size_t nv) {
    return msm_align64((nf + nv) * 2 * MSM_FIXED_DIGITS * sizeof(int16_t)) + msm_align64((nf + nv) * 2 * sizeof(uint32_t)) +
           msm_align64(nv * 2 * MSM_WNAF_TABLE * sizeof(msm_g1_xy)) +
           msm_align64(nv * MSM_WNAF_TABLE * sizeof(msm_g1_xyzz)) + msm_align64(nv * MSM_WNAF_TABLE * sizeof(fp));
}

/* *out = sum_{i < nf} fs[i] * (fixed point i) + sum_{i < nv} vs[i] * pts[i].
 * On input: blocks holds nf blocks; pts nv affine points in G1 (infinity allowed); scalars canonical; scratch
 * (64-byte aligned) holds msm_fixed_scratch_bytes(nf, nv). Variable time: all inputs must be public. */
static void msm_g1_fixed_run(g1 *out, const msm_g1_fixed_block *blocks, const zk_fr *fs, size_t nf,
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
            msm_g1_acc_identity(&t[0]);
            msm_g1_acc_madd(&t[0], &base, 0);
            dbl = t[0];
            msm_g1_acc_dbl(&dbl);
            for (unsigned m = 1; m < MSM_WNAF_TABLE; m++) {
                t[m] = t[m - 1];
                msm_g1_acc_add(&t[m], &dbl);
            }
            ntab++;
        }
    }
    if (ntab) msm_g1_table_to_affine((uint8_t *)xyzz, ntab * MSM_WNAF_TABLE, sizeof(msm_g1_xyzz), pre);
    /* affine tables of the variable points with their sigma^2 images, in point order */
    size_t ti = 0;
    for (size_t i = nf; i < nf + nv; i++) {
        if (!(lens[2 * i] | lens[2 * i + 1])) continue;
        msm_g1_xy *vt = vtab + (i - nf) * 2 * MSM_WNAF_TABLE;
        for (unsigned m = 0; m < MSM_WNAF_TABLE; m++) {
            vt[m] = *(const msm_g1_xy *)&xyzz[ti * MSM_WNAF_TABLE + m];
            msm_g1_pt_endo(&vt[MSM_WNAF_TABLE + m], &vt[m], 1);
        }
        ti++;
    }
    msm_g1_xyzz acc;
    msm_g1_acc_identity(&acc);
    for (unsigned b = maxlen; b-- > 0;) {
        msm_g1_acc_dbl(&acc);
        for (size_t q = 0; q < nparts; q++) {
            if (b >= lens[q]) continue;
            int d = dig[q * MSM_FIXED_DIGITS + b];
            if (d == 0) continue;
            size_t i = q / 2, j = q % 2, m = (size_t)((d < 0 ? -d : d) - 1) / 2;
            const msm_g1_xy *e = i < nf ? &blocks[i].e[j][m] : &vtab[((i - nf) * 2 + j) * MSM_WNAF_TABLE + m];
            msm_g1_acc_madd(&acc, e, d < 0);
        }
    }
    msm_g1_acc_to_proj(out, &acc);
}

/* ======================================================================== public API (zkcred.h) */

static uint8_t *msm_align_scratch(void *scratch) {
    uintptr_t p = (uintptr_t)scratch;
    return (uint8_t *)((p + 63) & ~(uintptr_t)63);
}

ZK_API size_t zk_g1_msm_scratch_size(size_t n, unsigned nthreads) {
    msm_plan pl;
    if (n == 0 || n > MSM_MAX_N) return 0;
    msm_plan_make(&pl, &MSM_G1, 0, n, nthreads);
    return pl.total + 64;
}

ZK_API size_t zk_g2_msm_scratch_size(size_t n, unsigned nthreads) {
    msm_plan pl;
    if (n == 0 || n > MSM_MAX_N) return 0;
    msm_plan_make(&pl, &MSM_G2, 1, n, nthreads);
    return pl.total + 64;
}

ZK_API zk_err zk_g1_msm_var(zk_g1 *out, const zk_g1_affine *points, const zk_fr *scalars, size_t n,
                            unsigned nthreads, void *scratch, size_t scratch_len) {
    msm_plan pl;
    if (n == 0) {
        g1_set_identity(out);
        return ZK_OK;
    }
    if (n > MSM_MAX_N) return ZK_ERR_ARGUMENT;
    msm_plan_make(&pl, &MSM_G1, 0, n, nthreads);
    if (scratch == NULL || scratch_len < pl.total + 64) return ZK_ERR_SCRATCH;
    const size_t stride = sizeof(zk_g1_affine), inf = offsetof(zk_g1_affine, infinity);
    if (pl.straus)
        msm_straus_var(out, &MSM_G1, &pl, points, stride, inf, scalars, msm_align_scratch(scratch));
    else
        msm_var_run(out, &MSM_G1, 0, &pl, points, stride, inf, scalars, msm_align_scratch(scratch));
    return ZK_OK;
}

ZK_API zk_err zk_g2_msm_var(zk_g2 *out, const zk_g2_affine *points, const zk_fr *scalars, size_t n,
                            unsigned nthreads, void *scratch, size_t scratch_len) {
    msm_plan pl;
    if (n == 0) {
        g2_set_identity(out);
        return ZK_OK;
    }
    if (n > MSM_MAX_N) return ZK_ERR_ARGUMENT;
    msm_plan_make(&pl, &MSM_G2, 1, n, nthreads);
    if (scratch == NULL || scratch_len < pl.total + 64) return ZK_ERR_SCRATCH;
    const size_t stride = sizeof(zk_g2_affine), inf = offsetof(zk_g2_affine, infinity);
    if (pl.straus)
        msm_straus_var(out, &MSM_G2, &pl, points, stride, inf, scalars, msm_align_scratch(scratch));
    else
        msm_var_run(out, &MSM_G2, 1, &pl, points, stride, inf, scalars, msm_align_scratch(scratch));
    return ZK_OK;
}

ZK_API size_t zk_g1_msm_ct_scratch_size(size_t n) {
    if (n == 0 || n > MSM_MAX_N) return 0;
    return msm_ct_bytes(n) + 64;
}

ZK_API zk_err zk_g1_msm(zk_g1 *out, const zk_g1 *points, const zk_fr *scalars, size_t n, void *scratch,
                        size_t scratch_len) {
    if (n == 0) {
        g1_set_identity(out);
        return ZK_OK;
    }
    if (n > MSM_MAX_N) return ZK_ERR_ARGUMENT;
    if (scratch == NULL || scratch_len < msm_ct_bytes(n) + 64) return ZK_ERR_SCRATCH;
    g1_msm_ct(out, points, scalars, n, msm_align_scratch(scratch));
    return ZK_OK;
}

ZK_API size_t zk_g1_fixed_table_size(size_t n) { return n * sizeof(msm_g1_fixed_block); }

ZK_API zk_err zk_g1_fixed_table_init_var(void *table, size_t table_len, const zk_g1 *points, size_t n) {
    if (n > MSM_MAX_N) return ZK_ERR_ARGUMENT;
    if (n && (table == NULL || table_len < n * sizeof(msm_g1_fixed_block))) return ZK_ERR_SCRATCH;
    for (size_t i = 0; i < n; i++) msm_g1_fixed_block_init((msm_g1_fixed_block *)table + i, &points[i]);
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
    msm_g1_fixed_run(out, (const msm_g1_fixed_block *)table, fixed_scalars, nf, points, scalars, nv,
                     msm_align_scratch(scratch));
    return ZK_OK;
}

#endif
