/* ntt_impl.h -- code for ntt.h and the public zk_ntt_* / zk_fr_ntt / zk_fr_coset_ntt API. */
#ifndef ZK_NTT_IMPL_H
#define ZK_NTT_IMPL_H

#include "ntt.h"

#define NTT_DOMAIN_MAGIC 0x7a6b6e7474646f6dULL /* "zkntt dom" */

/* w_{2^32} = 5^((r-1)/2^32) (ffjavascript's Fr.w[32]), plain little-endian limbs:
 * 0x0212d79e5b416b6f0fd56dc8d168d6c0c4024ff270b3e0941b788f500b912f1f. tests/groth16 recomputes it from 5. */
static const uint64_t NTT_ROOT_2_32[4] = {0x1b788f500b912f1fULL, 0xc4024ff270b3e094ULL, 0x0fd56dc8d168d6c0ULL,
                                          0x0212d79e5b416b6fULL};

/* ---------------------------------------------------------------- domain */

static inline size_t ntt_domain_half(uint64_t log_n) { return log_n ? (size_t)1 << (log_n - 1) : 1; }
static inline const fr *ntt_tw(const ntt_domain *d) { return (const fr *)(d + 1); }
static inline const fr *ntt_itw(const ntt_domain *d) { return ntt_tw(d) + ntt_domain_half(d->log_n); }

/* Returns the domain if dom/len hold an initialised domain of size >= 2^min_log, else NULL. */
static const ntt_domain *ntt_domain_check(const void *dom, size_t len, unsigned min_log) {
    const ntt_domain *d = (const ntt_domain *)dom;
    if (!dom || len < sizeof *d || d->magic != NTT_DOMAIN_MAGIC || d->log_n > 32 || d->log_n < min_log)
        return NULL;
    if (len < sizeof *d + 2 * ntt_domain_half(d->log_n) * sizeof(fr)) return NULL;
    return d;
}

/* *r = w_{2^log_m}^k for k < 2^log_m (log_m <= domain log), from the table and the sign of the half turn. */
static void ntt_root_pow(fr *r, const ntt_domain *d, unsigned log_m, size_t k) {
    if (log_m == 0) {
        fr_one(r);
        return;
    }
    size_t half = (size_t)1 << (log_m - 1);
    size_t kk = k & (half - 1);
    *r = ntt_tw(d)[kk << (d->log_n - log_m)];
    if (k & half) fr_neg(r, r); /* public index */
}

/* ---------------------------------------------------------------- transforms */

typedef struct {
    fr *a;
    const fr *tw;
    unsigned log_n, log_dom, s_lo, s_hi; /* stages s in [s_lo, s_hi), stage s has half-size 2^s */
} ntt_stage_ctx;

static inline void ntt_butterfly(fr *a, size_t i0, size_t h, const fr *w) {
    fr t;
    fr_mul(&t, &a[i0 + h], w);
    fr_sub(&a[i0 + h], &a[i0], &t);
    fr_add(&a[i0], &a[i0], &t);
}

/* Blocks of 2^s_hi elements: all stages below s_hi inside each block [begin, end) (block indices). */
static void ntt_blocks_task(void *vctx, size_t begin, size_t end) {
    ntt_stage_ctx *c = (ntt_stage_ctx *)vctx;
    size_t bsz = (size_t)1 << c->s_hi;
    for (size_t blk = begin; blk < end; blk++) {
        fr *a = c->a + blk * bsz;
        for (unsigned s = 0; s < c->s_hi; s++) {
            size_t h = (size_t)1 << s;
            unsigned sh = c->log_dom - s - 1;
            for (size_t g = 0; g < bsz; g += 2 * h)
                for (size_t j = 0; j < h; j++) ntt_butterfly(a, g + j, h, &c->tw[j << sh]);
        }
    }
}

/* One stage s = s_lo over butterflies [begin, end). */
static void ntt_stage_task(void *vctx, size_t begin, size_t end) {
    ntt_stage_ctx *c = (ntt_stage_ctx *)vctx;
    unsigned s = c->s_lo, sh = c->log_dom - s - 1;
    size_t h = (size_t)1 << s;
    for (size_t b = begin; b < end; b++) {
        size_t j = b & (h - 1);
        size_t i0 = ((b >> s) << (s + 1)) | j;
        ntt_butterfly(c->a, i0, h, &c->tw[j << sh]);
    }
}

static void ntt_bitrev(fr *a, unsigned log_n) {
    size_t n = (size_t)1 << log_n;
    for (size_t i = 1, j = 0; i < n; i++) {
        size_t bit = n >> 1;
        for (; j & bit; bit >>= 1) j ^= bit;
        j ^= bit;
        if (i < j) { /* public indices */
            fr t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}

typedef struct {
    fr *a;
    fr k;
} ntt_scale_ctx;

static void ntt_scale_task(void *vctx, size_t begin, size_t end) {
    ntt_scale_ctx *c = (ntt_scale_ctx *)vctx;
    for (size_t i = begin; i < end; i++) fr_mul(&c->a[i], &c->a[i], &c->k);
}

static void ntt_transform(fr *a, unsigned log_n, const ntt_domain *d, int inverse, unsigned nthreads) {
    if (log_n == 0) return;
    size_t n = (size_t)1 << log_n;
    ntt_bitrev(a, log_n);
    unsigned lt = 0;
    while (lt < 8 && ((unsigned)1 << lt) < nthreads) lt++;
    unsigned local = log_n > lt ? log_n - lt : 0;
    if (local > 13) local = 13; /* 2^13 elements = 256 KiB: one block stays in L2 */
    if (n < POOL_MIN_ITEMS && local < log_n) local = log_n;
    ntt_stage_ctx c = {a, inverse ? ntt_itw(d) : ntt_tw(d), log_n, (unsigned)d->log_n, 0, local};
    pool_for(n >> local, nthreads, 2, ntt_blocks_task, &c); /* blocks are heavy: split even a few */
    for (unsigned s = local; s < log_n; s++) {
        c.s_lo = s;
        pool_for(n / 2, nthreads, POOL_MIN_ITEMS, ntt_stage_task, &c);
    }
    if (inverse) {
        ntt_scale_ctx sc;
        sc.a = a;
        zk_fr_from_u64(&sc.k, (uint64_t)n);
        fr_inv(&sc.k, &sc.k);
        pool_for(n, nthreads, POOL_MIN_ITEMS, ntt_scale_task, &sc);
    }
}

typedef struct {
    fr *a;
    const fr *g;
} ntt_powers_ctx;

static void ntt_powers_task(void *vctx, size_t begin, size_t end) {
    ntt_powers_ctx *c = (ntt_powers_ctx *)vctx;
    uint64_t e = (uint64_t)begin; /* public */
    fr p;
    fr_pow_fixed_exp(&p, c->g, &e, 1);
    for (size_t i = begin; i < end; i++) {
        fr_mul(&c->a[i], &c->a[i], &p);
        fr_mul(&p, &p, c->g);
    }
    ct_wipe(&p, sizeof p);
}

static void ntt_scale_powers(fr *a, size_t n, const fr *g, unsigned nthreads) {
    ntt_powers_ctx c = {a, g};
    pool_for(n, nthreads, POOL_MIN_ITEMS, ntt_powers_task, &c);
}

typedef struct {
    fr *a;
    const fr *tw;
    unsigned sh;
} ntt_coset_ctx;

static void ntt_coset_task(void *vctx, size_t begin, size_t end) {
    ntt_coset_ctx *c = (ntt_coset_ctx *)vctx;
    for (size_t i = begin; i < end; i++) fr_mul(&c->a[i], &c->a[i], &c->tw[i << c->sh]);
}

static void ntt_scale_coset_table(fr *a, size_t n, const ntt_domain *d, int inverse, unsigned nthreads) {
    unsigned log_n = 0;
    while (((size_t)1 << log_n) < n) log_n++;
    ntt_coset_ctx c = {a, inverse ? ntt_itw(d) : ntt_tw(d), (unsigned)d->log_n - log_n - 1};
    pool_for(n, nthreads, POOL_MIN_ITEMS, ntt_coset_task, &c);
}

/* ---------------------------------------------------------------- public NTT API */

ZK_API size_t zk_ntt_domain_size(unsigned log_n) {
    if (log_n > 32) return 0;
    return sizeof(ntt_domain) + 2 * ntt_domain_half(log_n) * sizeof(fr);
}

typedef struct {
    fr *tw;
    fr w;
} ntt_twiddle_ctx;

static void ntt_twiddle_task(void *vctx, size_t begin, size_t end) {
    ntt_twiddle_ctx *c = (ntt_twiddle_ctx *)vctx;
    uint64_t e = (uint64_t)begin;
    fr p;
    fr_pow_fixed_exp(&p, &c->w, &e, 1);
    for (size_t i = begin; i < end; i++) {
        c->tw[i] = p;
        fr_mul(&p, &p, &c->w);
    }
}

ZK_API zk_err zk_ntt_domain_init(void *domain, size_t domain_len, unsigned log_n, unsigned nthreads) {
    if (log_n > 32 || !domain) return ZK_ERR_ARGUMENT;
    if (domain_len < zk_ntt_domain_size(log_n)) return ZK_ERR_SCRATCH;
    ntt_domain *d = (ntt_domain *)domain;
    fr w, plain;
    memcpy(plain.l, NTT_ROOT_2_32, sizeof plain.l);
    fr_to_mont(&w, &plain);
    for (unsigned i = log_n; i < 32; i++) fr_sqr(&w, &w);
    d->magic = 0;
    d->log_n = log_n;
    d->omega = w;
    zk_fr_from_u64(&d->n_inv, (uint64_t)1 << log_n);
    fr_inv(&d->n_inv, &d->n_inv);
    size_t half = ntt_domain_half(log_n);
    fr *tw = (fr *)(d + 1);
    ntt_twiddle_ctx c = {tw, w};
    pool_for(half, nthreads, POOL_MIN_ITEMS, ntt_twiddle_task, &c);
    c.tw = tw + half;
    fr_inv(&c.w, &w);
    pool_for(half, nthreads, POOL_MIN_ITEMS, ntt_twiddle_task, &c);
    d->magic = NTT_DOMAIN_MAGIC;
    return ZK_OK;
}

ZK_API void zk_ntt_root_of_unity(zk_fr *out, unsigned log_n) {
    fr plain;
    memcpy(plain.l, NTT_ROOT_2_32, sizeof plain.l);
    fr_to_mont(out, &plain);
    for (unsigned i = log_n > 32 ? 32 : log_n; i < 32; i++) fr_sqr(out, out);
}

static ZK_WARN_UNUSED zk_err ntt_check_size(size_t n, const ntt_domain *d, unsigned *log_n) {
    unsigned l = 0;
    while (l < 40 && ((size_t)1 << l) < n) l++;
    if (n == 0 || ((size_t)1 << l) != n || l > d->log_n) return ZK_ERR_ARGUMENT;
    *log_n = l;
    return ZK_OK;
}

ZK_API zk_err zk_fr_ntt(zk_fr *a, size_t n, int inverse, const void *domain, size_t domain_len, unsigned nthreads) {
    const ntt_domain *d = ntt_domain_check(domain, domain_len, 0);
    unsigned log_n;
    if (!d || !a || ntt_check_size(n, d, &log_n) != ZK_OK) return ZK_ERR_ARGUMENT;
    ZK_CHECK(fr_all_reduced(a, n) && zk_disjoint(a, n * sizeof *a, domain, domain_len));
    ntt_transform(a, log_n, d, inverse != 0, nthreads);
    return ZK_OK;
}

ZK_API zk_err zk_fr_coset_ntt(zk_fr *a, size_t n, const zk_fr *g, int inverse, const void *domain, size_t domain_len,
                              unsigned nthreads) {
    const ntt_domain *d = ntt_domain_check(domain, domain_len, 0);
    unsigned log_n;
    if (!d || !a || !g || ntt_check_size(n, d, &log_n) != ZK_OK) return ZK_ERR_ARGUMENT;
    ZK_CHECK(fr_all_reduced(a, n) && fr_is_reduced(g) && zk_disjoint(a, n * sizeof *a, domain, domain_len) &&
             zk_disjoint(a, n * sizeof *a, g, sizeof *g));
    if (!inverse) {
        ntt_scale_powers(a, n, g, nthreads);
        ntt_transform(a, log_n, d, 0, nthreads);
    } else {
        fr gi;
        fr_inv(&gi, g);
        ntt_transform(a, log_n, d, 1, nthreads);
        ntt_scale_powers(a, n, &gi, nthreads);
        ct_wipe(&gi, sizeof gi);
    }
    return ZK_OK;
}


#endif
