/* accum_var_impl.h -- the VB accumulator's variable-time code (accum.h): decoding the published Omega points.
 * VARIABLE TIME: public data only. */
#ifndef ZK_ACCUM_VAR_IMPL_H
#define ZK_ACCUM_VAR_IMPL_H

#include "accum.h"

/* den[0..n) = 1 / den[0..n) (all nonzero) with one inversion; pre: n elements of scratch. Variable time. */
static void vb_batch_inv_var(fp *den, fp *pre, size_t n) {
    fp acc, inv, t;
    fp_one(&acc);
    for (size_t i = 0; i < n; i++) {
        pre[i] = acc;
        fp_mul(&acc, &acc, &den[i]);
    }
    fp_inv_var(&inv, &acc);
    for (size_t i = n; i-- > 0;) {
        fp_mul(&t, &inv, &pre[i]);
        fp_mul(&inv, &inv, &den[i]);
        den[i] = t;
    }
}

#ifdef ZK_HAVE_IFMA
/* Lanes <-> the scalar form for the tables: a[k] (k < 8) into lanes (reduced below 4p), lanes into a[k]. */
ZK_IFMA_INLINE void vb_fpv_load(fpv *r, const fp *const a[8]) {
    uint64_t tmp[6][8] __attribute__((aligned(64)));
    __m512i w[6];
    for (int j = 0; j < 6; j++) {
        for (int k = 0; k < 8; k++) tmp[j][k] = a[k]->l[j];
        w[j] = _mm512_load_si512((const void *)tmp[j]);
    }
    fpv v;
    fpv_from_words(&v, w);
    fpv_reduce(r, &v);
}
ZK_IFMA_INLINE void vb_fpv_store(fp *const a[8], const fpv *r) {
    uint64_t tmp[6][8] __attribute__((aligned(64)));
    __m512i w[6];
    fpv_to_words(w, r);
    for (int j = 0; j < 6; j++) {
        _mm512_store_si512((void *)tmp[j], w[j]);
        for (int k = 0; k < 8; k++) a[k]->l[j] = tmp[j][k];
    }
}

/* vb_tables_var's columns 2..16 on eight lanes, once column 1 (the affine points) is in tab: lane k of slot s is
 * point 8 s + k (past n: point 0 again, its results dropped). Each column's denominators are multiplied along the
 * slots lane by lane, the eight lane products inverted with one scalar inversion, and every value is kept below
 * 4p (fpv_reduce after each formula). ws: VB_TABLES_LANE_BYTES(n) bytes, 64-byte aligned. Returns 1 on an
 * exceptional addition (a zero denominator), else 0. Variable time: public points only. */
static ZK_IFMA_TARGET int vb_tables_lanes_var(g1_affine *tab, size_t n, uint8_t *ws) {
    size_t slots = (n + 7) / 8;
    fpv *x1 = (fpv *)ws, *y1 = x1 + slots, *xp = y1 + slots, *yp = xp + slots, *num = yp + slots, *dn = num + slots,
        *pre = dn + slots;
    fpv k4, k8, t, u;
    fpv_set_const(&k4, FPV_PK[4]);
    fpv_set_const(&k8, FPV_PK[8]);
    fp sink[8];
    const fp *src[8];
    fp *dst[8];
    for (size_t s = 0; s < slots; s++) {
        for (int k = 0; k < 8; k++) src[k] = &tab[VB_TABLE * (8 * s + k < n ? 8 * s + k : 0)].x;
        vb_fpv_load(&x1[s], src);
        for (int k = 0; k < 8; k++) src[k] = &tab[VB_TABLE * (8 * s + k < n ? 8 * s + k : 0)].y;
        vb_fpv_load(&y1[s], src);
        xp[s] = x1[s];
        yp[s] = y1[s];
    }
    for (unsigned e = 2; e <= VB_TABLE; e++) {
        fpv acc;
        fpv_set_const(&acc, FPV_ONE);
        for (size_t s = 0; s < slots; s++) {
            if (e == 2) { /* tangent: (3 x^2) / (2 y) */
                fpv_mul(&t, &x1[s], &x1[s]);
                fpv_add(&u, &t, &t);
                fpv_add(&num[s], &u, &t);
                fpv_add(&dn[s], &y1[s], &y1[s]);
            } else { /* chord through (e-1)P and P */
                fpv_sub(&num[s], &yp[s], &y1[s], &k4);
                fpv_sub(&dn[s], &xp[s], &x1[s], &k4);
            }
            pre[s] = acc;
            fpv_mul(&acc, &acc, &dn[s]);
        }
        /* the eight lane products: one scalar inversion (Montgomery's trick over the lanes) */
        fp lp[8], lpre[8], inv, tt;
        for (int k = 0; k < 8; k++) dst[k] = &lp[k];
        vb_fpv_store(dst, &acc);
        fp_one(&tt);
        for (int k = 0; k < 8; k++) {
            if (fp_is_zero(&lp[k])) return 1; /* a zero denominator in this lane */
            lpre[k] = tt;
            fp_mul(&tt, &tt, &lp[k]);
        }
        fp_inv_var(&inv, &tt);
        for (int k = 8; k-- > 0;) {
            fp_mul(&tt, &inv, &lpre[k]);
            fp_mul(&inv, &inv, &lp[k]);
            lp[k] = tt;
        }
        for (int k = 0; k < 8; k++) src[k] = &lp[k];
        vb_fpv_load(&acc, src); /* 1 / (lane product) */
        for (size_t s = slots; s-- > 0;) {
            fpv lam, x3, y3;
            fpv_mul(&t, &acc, &pre[s]);         /* 1 / dn[s] */
            fpv_mul(&acc, &acc, &dn[s]);
            fpv_mul(&lam, &num[s], &t);         /* < 2p */
            fpv_mul(&t, &lam, &lam);            /* < 2p */
            fpv_add(&u, &xp[s], &x1[s]);     /* < 8p */
            fpv_sub(&x3, &t, &u, &k8);          /* < 10p */
            fpv_reduce(&x3, &x3);               /* < 4p */
            fpv_sub(&t, &xp[s], &x3, &k4);      /* < 8p */
            fpv_mul(&t, &t, &lam);              /* < 2p */
            fpv_sub(&y3, &t, &yp[s], &k4);      /* < 6p */
            fpv_reduce(&y3, &y3);               /* < 4p */
            xp[s] = x3;
            yp[s] = y3;
        }
        for (size_t s = 0; s < slots; s++) {
            for (int k = 0; k < 8; k++) dst[k] = 8 * s + k < n ? &tab[VB_TABLE * (8 * s + k) + e - 1].x : &sink[k];
            vb_fpv_store(dst, &xp[s]);
            for (int k = 0; k < 8; k++) dst[k] = 8 * s + k < n ? &tab[VB_TABLE * (8 * s + k) + e - 1].y : &sink[k];
            vb_fpv_store(dst, &yp[s]);
            for (int k = 0; k < 8 && 8 * s + k < n; k++) tab[VB_TABLE * (8 * s + k) + e - 1].infinity = 0;
        }
    }
    return 0;
}
#endif

/* (accum.h) Column by column: 1P (affine, one inversion for every point), 2P (tangent), then eP = (e-1)P + P,
 * each column's denominators inverted together: about 6 multiplications an entry (on eight IFMA lanes where the
 * CPU has them). */
static int vb_tables_var(g1_affine *tab, const g1 *pts, size_t n, fp *den, fp *pre, uint8_t *ws) {
    if (n == 0) return 0;
    for (size_t p = 0; p < n; p++) {
        if (g1_is_identity(&pts[p])) return 1;
        den[p] = pts[p].z;
    }
    vb_batch_inv_var(den, pre, n);
    for (size_t p = 0; p < n; p++) {
        g1_affine *t = tab + VB_TABLE * p;
        t[0].infinity = 0;
        fp_mul(&t[0].x, &pts[p].x, &den[p]);
        fp_mul(&t[0].y, &pts[p].y, &den[p]);
    }
#ifdef ZK_HAVE_IFMA
    if (fp_ifma_enabled && n >= 8) return vb_tables_lanes_var(tab, n, ws);
#endif
    (void)ws;
    for (unsigned e = 2; e <= VB_TABLE; e++) {
        for (size_t p = 0; p < n; p++) {
            const g1_affine *a = tab + VB_TABLE * p + e - 2, *b = tab + VB_TABLE * p;
            if (e == 2)
                fp_dbl(&den[p], &b->y); /* 2y; y = 0 only at a point of order 2 */
            else
                fp_sub(&den[p], &a->x, &b->x); /* x equal: (e-1)P = +-P, a small order */
            if (fp_is_zero(&den[p])) return 1;
        }
        vb_batch_inv_var(den, pre, n);
        for (size_t p = 0; p < n; p++) {
            const g1_affine *a = tab + VB_TABLE * p + e - 2, *b = tab + VB_TABLE * p;
            g1_affine *r = tab + VB_TABLE * p + e - 1;
            fp lam, t;
            if (e == 2) {
                fp_sqr(&t, &b->x);
                fp_add(&lam, &t, &t);
                fp_add(&lam, &lam, &t); /* 3 x^2 */
            } else {
                fp_sub(&lam, &a->y, &b->y);
            }
            fp_mul(&lam, &lam, &den[p]);
            fp_sqr(&t, &lam);
            fp_sub(&t, &t, &a->x);
            fp_sub(&r->x, &t, &b->x);
            fp_sub(&t, &a->x, &r->x);
            fp_mul(&t, &t, &lam);
            fp_sub(&r->y, &t, &a->y);
            r->infinity = 0;
        }
    }
    return 0;
}

/* First pass over one compressed G1 encoding: flags and coordinate range, no square root. On output: *inf set for
 * the identity encoding (out is then the identity, z = 0); otherwise out->x = x, out->y = x^3 + 4 (the square
 * root's argument), out->z = 1 and *sort = the sort flag. Returns ZK_OK or the first rule broken. Variable time. */
static ZK_WARN_UNUSED zk_err vb_decode_x_var(g1 *out, int *inf, int *sort, const uint8_t *in) {
    int compressed;
    zk_err err = zcash_flags_var(in, 48, 48, &compressed, inf, sort);
    g1_set_identity(out);
    if (err != ZK_OK || *inf) return err;
    uint8_t buf[48];
    memcpy(buf, in, 48);
    buf[0] &= 0x1f;
    if (!fp_from_be(&out->x, buf)) return ZK_ERR_COORDINATE_RANGE;
    fp t;
    fp_sqr(&out->y, &out->x);
    fp_mul(&out->y, &out->y, &out->x);
    memcpy(t.l, G1_B, sizeof t.l);
    fp_add(&out->y, &out->y, &t);
    fp_one(&out->z);
    return ZK_OK;
}

#ifdef ZK_HAVE_IFMA
/* s[k] = a[k]^((p + 1) / 4) for k < 8, on eight IFMA lanes: left-to-right sliding windows of up to 5 bits over
 * the public exponent (the odd powers a, a^3, ..., a^31 tabulated: 376 squarings and 81 multiplications in all,
 * against 376 and 106 for the 4-bit fixed window of fp_pow_fixed_exp). The candidate square roots: the caller
 * checks s^2 == a. On input: a[k]
 * reduced (Montgomery form). On output: s[k] reduced. Variable time (public data; fp_ifma.h's bounds: every lane
 * value stays below 2^411). */
#define VB_SQRT_EXP_BIT(i) ((unsigned)(FP_SQRT_EXP[(i) / 64] >> ((i) % 64)) & 1u)
#define VB_SQRT_EXP_TOP 378 /* (p + 1) / 4 < 2^379 */
static ZK_IFMA_TARGET void vb_sqrt8_var(fp s[8], const fp a[8]) {
    uint64_t tmp[6][8] __attribute__((aligned(64)));
    __m512i w[6];
    for (int j = 0; j < 6; j++) {
        for (int k = 0; k < 8; k++) tmp[j][k] = a[k].l[j];
        w[j] = _mm512_load_si512((const void *)tmp[j]);
    }
    fpv table[16], acc, a2; /* table[t] = a^(2t + 1) */
    memset(&acc, 0, sizeof acc); /* set by the exponent's top window; this tells the compiler */
    fpv_from_words(&table[0], w); /* a 2^32 < 2^32 p: products stay below 2^410 + p (fpv_mul) */
    fpv_sqr(&a2, &table[0]);
    for (int t = 1; t < 16; t++) fpv_mul(&table[t], &table[t - 1], &a2);
    int started = 0;
    for (int i = VB_SQRT_EXP_TOP; i >= 0;) { /* every branch is on the public exponent */
        if (!VB_SQRT_EXP_BIT(i)) {
            if (started) fpv_sqr(&acc, &acc);
            i--;
            continue;
        }
        int j = i >= 4 ? i - 4 : 0; /* the window i..j ends on a set bit */
        while (!VB_SQRT_EXP_BIT(j)) j++;
        unsigned v = 0;
        for (int b = i; b >= j; b--) v = (v << 1) | VB_SQRT_EXP_BIT(b);
        if (started) {
            for (int b = i; b >= j; b--) fpv_sqr(&acc, &acc);
            fpv_mul(&acc, &acc, &table[v >> 1]);
        } else {
            acc = table[v >> 1];
            started = 1;
        }
        i = j - 1;
    }
    fpv_to_words(w, &acc);
    for (int j = 0; j < 6; j++) {
        _mm512_store_si512((void *)tmp[j], w[j]);
        for (int k = 0; k < 8; k++) s[k].l[j] = tmp[j][k];
    }
}
#endif

/* Square-root candidates of the arguments in[0..n) (in[i].y; skipped where in[i].z is zero, the identity) into
 * root[0..n): eight lanes at a time where the CPU has IFMA, else fp_pow_fixed_exp. Variable time (public data). */
static void vb_sqrt_batch_var(fp *root, const g1 *in, size_t n) {
    size_t i = 0;
#ifdef ZK_HAVE_IFMA
    if (fp_ifma_enabled) {
        for (; i < n; i += 8) { /* a short last group fills its spare lanes with its first argument */
            fp a[8], r[8];
            size_t cnt = n - i < 8 ? n - i : 8;
            for (size_t k = 0; k < 8; k++) a[k] = in[i + (k < cnt ? k : 0)].y;
            vb_sqrt8_var(r, a);
            memcpy(root + i, r, cnt * sizeof(fp));
        }
        return;
    }
#endif
    for (; i < n; i++)
        if (!fp_is_zero(&in[i].z)) fp_pow_fixed_exp(&root[i], &in[i].y, FP_SQRT_EXP, 6);
}

/* Decode the compressed G1 encodings in[0..n) into out[0..n): flags, coordinate range and the curve equation, NOT
 * the subgroup (the holder multiplies by h_eff, which clears any part outside G1). The identity decodes (the
 * caller decides). Three passes (x and x^3 + 4; every square root, batched; the check s^2 = x^3 + 4 and the sign),
 * so that the square roots run on eight lanes. Returns ZK_OK, or the error of the first bad encoding with its index
 * in *bad_index (out is then unspecified). Variable time (public data). */
static zk_err vb_decode_range_var(g1 *out, const uint8_t *in, size_t n, size_t *bad_index) {
    size_t m = n;
    zk_err first = ZK_OK;
    for (size_t i = 0; i < n; i++) {
        int inf, sort;
        zk_err e = vb_decode_x_var(&out[i], &inf, &sort, in + 48 * i);
        if (e != ZK_OK) {
            m = i;
            first = e;
            break;
        }
    }
    /* out[0..m): the identity (z = 0), or (x, x^3 + 4, 1) until its root replaces y */
    enum { CHUNK = 64 };
    for (size_t base = 0; base < m; base += CHUNK) {
        fp root[CHUNK];
        size_t cnt = m - base < CHUNK ? m - base : CHUNK;
        vb_sqrt_batch_var(root, out + base, cnt);
        for (size_t k = 0; k < cnt; k++) {
            g1 *p = &out[base + k];
            if (fp_is_zero(&p->z)) continue; /* the identity */
            fp c;
            fp_sqr(&c, &root[k]);
            if (!fp_eq(&c, &p->y)) {
                g1_set_identity(p);
                *bad_index = base + k;
                return ZK_ERR_NOT_ON_CURVE;
            }
            int sort = (in[48 * (base + k)] & ZK_FLAG_SORT) != 0;
            if (fp_is_lex_largest(&root[k]) != (uint64_t)sort) fp_neg(&root[k], &root[k]);
            p->y = root[k];
        }
    }
    if (first != ZK_OK) {
        *bad_index = m;
        return first;
    }
    return ZK_OK;
}

/* zk_vb_decode_update_var runs the accumulator value's full decode as task 0 and Omega in parts of whole groups
 * of eight encodings (the square roots' lanes), at least VB_DECODE_PART_MIN a part, as tasks 1..k (k parts for
 * nthreads threads, as before the value joined): the workers take the tasks as they free up, so the value's
 * subgroup test overlaps Omega's square roots and the worker that took it takes one part fewer when there are more
 * parts than threads. The first bad Omega encoding is the first of the first part that has one. The split depends
 * on n and nthreads only. */
#define VB_DECODE_PART_MIN 32
#define VB_DECODE_MAX_PARTS 16
typedef struct {
    g1 *out, *value;
    const uint8_t *in, *value_in;
    size_t n, len;
    zk_err value_err;
    zk_err err[VB_DECODE_MAX_PARTS];
    size_t bad[VB_DECODE_MAX_PARTS];
} vb_decode_ctx;

static void vb_decode_task_var(void *vctx, unsigned worker, size_t t) {
    vb_decode_ctx *c = (vb_decode_ctx *)vctx;
    (void)worker;
    if (t == 0) {
        c->value_err = zk_g1_from_bytes_var(c->value, c->value_in, 48);
        return;
    }
    t--;
    size_t off, len = vb_part_range(t, c->len, c->n, &off);
    c->err[t] = len ? vb_decode_range_var(c->out + off, c->in + 48 * off, len, &c->bad[t]) : ZK_OK;
    c->bad[t] += off;
}

ZK_API zk_err zk_vb_decode_update_var(zk_g1 *value, zk_g1 *omega, const uint8_t *value_in, const uint8_t *omega_in,
                                      size_t n, unsigned nthreads, size_t *bad_index) {
    ZK_CHECK(zk_disjoint(omega, n * sizeof *omega, omega_in, n * 48));
    ZK_CHECK(zk_disjoint(value, sizeof *value, value_in, 48));
    ZK_CHECK(zk_disjoint(value, sizeof *value, omega, n * sizeof *omega));
    ZK_CHECK(zk_disjoint(value, sizeof *value, omega_in, n * 48) &&
             zk_disjoint(omega, n * sizeof *omega, value_in, 48));
    size_t k = vb_parts(n, nthreads, VB_DECODE_PART_MIN, VB_DECODE_MAX_PARTS);
    vb_decode_ctx c;
    c.out = omega;
    c.in = omega_in;
    c.value = value;
    c.value_in = value_in;
    c.n = n;
    c.len = vb_part_len(n, k);
    c.value_err = ZK_OK;
    memset(c.bad, 0, sizeof c.bad);
    pool_tasks(k + 1, nthreads, vb_decode_task_var, &c);
    if (c.value_err != ZK_OK) {
        *bad_index = SIZE_MAX;
        return c.value_err;
    }
    for (size_t t = 0; t < k; t++)
        if (c.err[t] != ZK_OK) {
            *bad_index = c.bad[t];
            return c.err[t];
        }
    return ZK_OK;
}

#endif
