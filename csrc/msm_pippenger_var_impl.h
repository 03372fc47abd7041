/* msm_pippenger_var_impl.h -- zk_g1_msm_var / zk_g2_msm_var: the plan (window size, split, threads, scratch)
 * and Pippenger's bucket method; small n goes to Straus (msm_straus_var_impl.h).
 *
 * VARIABLE TIME. Everything in this file branches on and indexes memory by the points and scalars it is given:
 * it may only ever see public data (verification, the Groth16 prover's MSMs over public keys). Secret scalars go
 * through msm_ct_impl.h. Functions here that touch points or scalars end in _var; the others depend on sizes
 * and thread counts only. */
#ifndef ZK_MSM_PIPPENGER_VAR_IMPL_H
#define ZK_MSM_PIPPENGER_VAR_IMPL_H

#include "msm_straus_var_impl.h"

/* ======================================================================== plan */

#define MSM_MAX_THREADS 64
#define MSM_MAX_BATCH 1024    /* G1 2^16: about 5% faster than 512 (the inversion is shared by more additions) */
#define MSM_MIN_BATCH 32        /* smaller batches go through XYZZ additions instead of an inversion */
#define MSM_GROUP_BUCKETS 2048  /* windows are grouped into one task until they hold this many buckets */
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
        unsigned need = ns == 1 ? 256 : ns == 2 ? 130 : 66; /* c * nwin must reach this (see msm_recode_var) */
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

static inline const uint8_t *msm_point_var(const msm_ctx *x, size_t i) {
    if (i < x->pl->n) return x->points + i * x->stride;
    return x->scratch + x->pl->off_ext + (i - x->pl->n) * x->g->pt_size;
}

static void msm_overflow_var(msm_state *s, const msm_op *op) {
    uint8_t *acc = s->ovf + (size_t)op->bucket * s->g->acc_size;
    if (!s->ovf_used[op->bucket]) {
        s->g->acc_identity(acc);
        s->ovf_used[op->bucket] = 1;
    }
    s->g->acc_madd(acc, op->pt, op->neg);
}

static void msm_flush_var(msm_state *s);

static inline void msm_place_var(msm_state *s, const msm_op *op) {
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
            msm_overflow_var(s, op);
        return;
    }
    s->busy[b] = s->gen;
    /* the batch reads this bucket at its flush: start loading it now (buckets are scattered over L2) */
    const uint8_t *bp = s->buckets + (size_t)b * s->g->pt_size;
    for (size_t off = 0; off < s->g->pt_size; off += 64) __builtin_prefetch(bp + off);
    s->ops[s->cnt++] = *op;
    if (s->cnt == s->batch) msm_flush_var(s);
}

static void msm_flush_var(msm_state *s) {
    if (s->cnt >= MSM_MIN_BATCH) {
        s->g->batch_add(s->buckets, s->full, s->ops, s->cnt, s->den, s->pre, s->kind);
    } else {
        for (size_t k = 0; k < s->cnt; k++) msm_overflow_var(s, &s->ops[k]);
    }
    s->cnt = 0;
    s->gen++;
    /* Re-place the deferred ops into the fresh batch. ndef <= batch / 2, so this cannot fill the batch and
     * recurse; an op that conflicts again is deferred again (in place: index <= the one being read). */
    size_t nd = s->ndef;
    s->ndef = 0;
    for (size_t k = 0; k < nd; k++) {
        msm_op op = s->defer[k];
        msm_place_var(s, &op);
    }
}

static inline int32_t msm_digit_var(const uint64_t *kp, unsigned limbs, unsigned c, unsigned w) {
    unsigned s = w * c, li = s >> 6, sh = s & 63;
    uint64_t v = kp[li] >> sh;
    if (sh + c > 64 && li + 1 < limbs) v |= kp[li + 1] << (64 - sh);
    return (int32_t)(v & ((1u << c) - 1)) - (int32_t)(1u << (c - 1));
}

/* Phase 1 on points [lo, hi): plain scalars (zero for points at infinity), split, + h; endomorphism images. */
static void msm_recode_var(const msm_ctx *x, size_t lo, size_t hi) {
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
static void msm_task_var(const msm_ctx *x, uint8_t *ts, size_t t) {
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
            int32_t d = msm_digit_var(ki, L, c, w);
            if (d == 0) continue;
            if (!pt) pt = msm_point_var(x, i);
            msm_op op;
            op.pt = pt;
            op.neg = d < 0;
            op.bucket = (uint32_t)((w - w0) * pl->nb) + (uint32_t)(d < 0 ? -d : d) - 1;
            msm_place_var(&s, &op);
        }
    }
    /* drain: full batches while they are worth an inversion, then XYZZ additions for the rest */
    while (s.cnt >= MSM_MIN_BATCH) msm_flush_var(&s);
    for (size_t k = 0; k < s.cnt; k++) msm_overflow_var(&s, &s.ops[k]);
    for (size_t k = 0; k < s.ndef; k++) msm_overflow_var(&s, &s.defer[k]);
    s.cnt = s.ndef = 0;

    uint8_t *res = x->scratch + pl->off_res;
    for (unsigned w = w0; w < w1; w++) {
        size_t off = (size_t)(w - w0) * pl->nb;
        g->reduce(res + ((size_t)w * pl->nchunks + ch) * g->acc_size, s.buckets + off * g->pt_size, s.full + off,
                  s.ovf + off * g->acc_size, s.ovf_used + off, pl->nb);
    }
}

#define MSM_RECODE_BLOCK 2048

/* Pool task of phase 1: recode the scalars of one block of points. */
static void msm_recode_task_var(void *arg, unsigned worker, size_t t) {
    const msm_ctx *x = arg;
    (void)worker;
    size_t lo = t * MSM_RECODE_BLOCK;
    size_t hi = lo + MSM_RECODE_BLOCK < x->pl->n ? lo + MSM_RECODE_BLOCK : x->pl->n;
    msm_recode_var(x, lo, hi);
}

/* Pool task of phase 2: one (window group, point chunk) task on the worker's own thread scratch. */
static void msm_bucket_task_var(void *arg, unsigned worker, size_t t) {
    const msm_ctx *x = arg;
    msm_task_var(x, x->scratch + x->pl->off_thr + (size_t)worker * x->pl->thr_size, t);
}

static void msm_pippenger_var(void *out, const msm_group *g, int is_g2, const msm_plan *pl, const void *points,
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

    /* phase 1: recode the scalars, build the endomorphism images; phase 2: the bucket tasks (pool.h: workers
     * take tasks from a shared counter, worker ids < pl->nthreads index the per-thread scratch) */
    pool_tasks((pl->n + MSM_RECODE_BLOCK - 1) / MSM_RECODE_BLOCK, pl->nthreads, msm_recode_task_var, &x);
    pool_tasks(x.ntasks, pl->nthreads, msm_bucket_task_var, &x);

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

/* ======================================================================== public API (zkcred.h) */

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
    ZK_CHECK(g1_affine_all_valid(points, n) && fr_all_reduced(scalars, n));
    ZK_CHECK(zk_disjoint(scratch, scratch_len, points, n * sizeof *points) &&
             zk_disjoint(scratch, scratch_len, scalars, n * sizeof *scalars) &&
             zk_disjoint(scratch, scratch_len, out, sizeof *out));
    const size_t stride = sizeof(zk_g1_affine), inf = offsetof(zk_g1_affine, infinity);
    if (pl.straus)
        msm_straus_var(out, &MSM_G1, &pl, points, stride, inf, scalars, msm_align_scratch(scratch));
    else
        msm_pippenger_var(out, &MSM_G1, 0, &pl, points, stride, inf, scalars, msm_align_scratch(scratch));
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
    ZK_CHECK(g2_affine_all_valid(points, n) && fr_all_reduced(scalars, n));
    ZK_CHECK(zk_disjoint(scratch, scratch_len, points, n * sizeof *points) &&
             zk_disjoint(scratch, scratch_len, scalars, n * sizeof *scalars) &&
             zk_disjoint(scratch, scratch_len, out, sizeof *out));
    const size_t stride = sizeof(zk_g2_affine), inf = offsetof(zk_g2_affine, infinity);
    if (pl.straus)
        msm_straus_var(out, &MSM_G2, &pl, points, stride, inf, scalars, msm_align_scratch(scratch));
    else
        msm_pippenger_var(out, &MSM_G2, 1, &pl, points, stride, inf, scalars, msm_align_scratch(scratch));
    return ZK_OK;
}

#endif
