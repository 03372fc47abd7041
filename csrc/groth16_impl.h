/* groth16_impl.h -- code for groth16.h: the public zk_qap_* / zk_fr_batch_*_le / zk_groth16_* / .zkey point API. */
#ifndef ZK_GROTH16_IMPL_H
#define ZK_GROTH16_IMPL_H

#include <pthread.h>

#include "groth16.h"

/* ---------------------------------------------------------------- QAP entries and the witness map */

static inline uint32_t g16_le32(const uint8_t *p) {
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline void g16_limbs_from_le(uint64_t *r, const uint8_t *in, size_t n) {
    for (size_t i = 0; i < n; i++) {
        uint64_t w = 0;
        for (size_t j = 8; j-- > 0;) w = (w << 8) | in[8 * i + j];
        r[i] = w;
    }
}

static inline void g16_limbs_to_le(uint8_t *out, const uint64_t *a, size_t n) {
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < 8; j++) out[8 * i + j] = (uint8_t)(a[i] >> (8 * j));
}

ZK_API zk_err zk_qap_entries_from_zkey_var(zk_qap_entry *out, const uint8_t *in, size_t n, uint32_t max_matrix,
                                           uint32_t n_rows, uint32_t n_wires, size_t *bad_index) {
    for (size_t i = 0; i < n; i++) {
        const uint8_t *p = in + 44 * i;
        zk_qap_entry e;
        fr raw;
        e.matrix = g16_le32(p);
        e.row = g16_le32(p + 4);
        e.wire = g16_le32(p + 8);
        e.reserved = 0;
        g16_limbs_from_le(raw.l, p + 12, 4);
        zk_err err = ZK_OK;
        if (e.matrix > max_matrix || e.row >= n_rows || e.wire >= n_wires)
            err = ZK_ERR_ARGUMENT;
        else if (!mont_lt(raw.l, FR_R, 4))
            err = ZK_ERR_SCALAR_RANGE;
        if (err != ZK_OK) {
            if (bad_index) *bad_index = i;
            return err;
        }
        fr_from_mont(&e.value, &raw); /* stored c * R^2 (plain) -> c * R, i.e. c in Montgomery form */
        out[i] = e;
    }
    return ZK_OK;
}

ZK_API void zk_qap_entries_to_zkey(uint8_t *out, const zk_qap_entry *in, size_t n) {
    for (size_t i = 0; i < n; i++) {
        ZK_CHECK(fr_is_reduced(&in[i].value));
        uint8_t *p = out + 44 * i;
        uint32_t v[3] = {in[i].matrix, in[i].row, in[i].wire};
        for (int k = 0; k < 3; k++)
            for (int b = 0; b < 4; b++) p[4 * k + b] = (uint8_t)(v[k] >> (8 * b));
        fr raw;
        fr_to_mont(&raw, &in[i].value); /* c * R -> c * R^2 */
        g16_limbs_to_le(p + 12, raw.l, 4);
    }
}

ZK_API zk_err zk_fr_batch_from_le(zk_fr *out, const uint8_t *in, size_t n, size_t *bad_index) {
    return fr_batch_decode(out, in, n, bad_index, 0);
}

ZK_API void zk_fr_batch_to_le(uint8_t *out, const zk_fr *in, size_t n) {
    ZK_CHECK(fr_all_reduced(in, n) && zk_disjoint(out, 32 * n, in, n * sizeof *in));
    for (size_t i = 0; i < n; i++) {
        fr t;
        fr_from_mont(&t, &in[i]);
        g16_limbs_to_le(out + 32 * i, t.l, 4);
        ct_wipe(&t, sizeof t);
    }
}

ZK_API size_t zk_groth16_witness_map_scratch_size(size_t n) { return 2 * n * sizeof(fr); }

typedef struct {
    fr *a, *b, *c;
} g16_abc_ctx;

static void g16_hadamard_task(void *vctx, size_t begin, size_t end) { /* c = a * b */
    g16_abc_ctx *x = (g16_abc_ctx *)vctx;
    for (size_t i = begin; i < end; i++) fr_mul(&x->c[i], &x->a[i], &x->b[i]);
}

static void g16_h_task(void *vctx, size_t begin, size_t end) { /* c = a * b - c */
    g16_abc_ctx *x = (g16_abc_ctx *)vctx;
    for (size_t i = begin; i < end; i++) {
        fr t;
        fr_mul(&t, &x->a[i], &x->b[i]);
        fr_sub(&x->c[i], &t, &x->c[i]);
    }
}

/* The odd-coset values of one polynomial given by its values on the size-n domain (in place). */
static void g16_to_odd_coset(fr *a, unsigned log_n, const ntt_domain *d, unsigned nthreads) {
    ntt_transform(a, log_n, d, 1, nthreads);
    ntt_scale_coset_table(a, (size_t)1 << log_n, d, 0, nthreads);
    ntt_transform(a, log_n, d, 0, nthreads);
}

ZK_API zk_err zk_groth16_witness_map(zk_fr *h, const zk_qap_entry *entries, size_t n_entries, const zk_fr *witness,
                                     size_t n_wires, unsigned log_n, const void *domain, size_t domain_len,
                                     unsigned nthreads, void *scratch, size_t scratch_len) {
    if (log_n > 31) return ZK_ERR_ARGUMENT;
    const ntt_domain *d = ntt_domain_check(domain, domain_len, log_n + 1);
    size_t n = (size_t)1 << log_n;
    if (!d || !h || (n_entries && !entries) || (n_wires && !witness)) return ZK_ERR_ARGUMENT;
    if (!scratch || scratch_len < zk_groth16_witness_map_scratch_size(n)) return ZK_ERR_SCRATCH;
    for (size_t i = 0; i < n_entries; i++) /* public structure */
        if (entries[i].row >= n || entries[i].wire >= n_wires) return ZK_ERR_ARGUMENT;
    ZK_CHECK(fr_all_reduced(witness, n_wires) && zk_disjoint(h, n * sizeof *h, witness, n_wires * sizeof *witness) &&
             zk_disjoint(h, n * sizeof *h, scratch, scratch_len) &&
             zk_disjoint(scratch, scratch_len, witness, n_wires * sizeof *witness));
    fr *a = (fr *)scratch, *b = a + n;
    memset(a, 0, 2 * n * sizeof(fr));
    for (size_t i = 0; i < n_entries; i++) {
        const zk_qap_entry *e = &entries[i];
        if (e->matrix > 1) continue; /* C is a o b for a satisfying witness; the prover never reads it */
        fr t, *acc = (e->matrix == 0 ? a : b) + e->row;
        fr_mul(&t, &e->value, &witness[e->wire]);
        fr_add(acc, acc, &t);
    }
    g16_abc_ctx x = {a, b, h};
    pool_for(n, nthreads, POOL_MIN_ITEMS, g16_hadamard_task, &x);
    g16_to_odd_coset(a, log_n, d, nthreads);
    g16_to_odd_coset(b, log_n, d, nthreads);
    g16_to_odd_coset(h, log_n, d, nthreads);
    pool_for(n, nthreads, POOL_MIN_ITEMS, g16_h_task, &x);
    ct_wipe(scratch, 2 * n * sizeof(fr));
    return ZK_OK;
}

/* ---------------------------------------------------------------- .zkey point encoding */

static void g16_fp_four(fp *r) {
    fp_one(r);
    fp_add(r, r, r);
    fp_add(r, r, r);
}

static int g16_all_zero(const uint8_t *p, size_t len) {
    uint8_t acc = 0;
    for (size_t i = 0; i < len; i++) acc |= p[i];
    return acc == 0;
}

/* Reads one LE Montgomery coordinate; returns 1 if it is < p. */
static int g16_fp_from_zkey(fp *r, const uint8_t *in) {
    g16_limbs_from_le(r->l, in, 6);
    return (int)mont_lt(r->l, FP_P, 6);
}

/* One point of the .zkey encoding: returns ZK_OK, ZK_ERR_COORDINATE_RANGE or ZK_ERR_NOT_ON_CURVE. */
static ZK_WARN_UNUSED zk_err g16_g1_from_zkey_one_var(zk_g1_affine *out, const uint8_t *p) {
    zk_g1_affine q;
    memset(&q, 0, sizeof q);
    if (g16_all_zero(p, 96)) {
        q.infinity = 1;
    } else {
        if (!g16_fp_from_zkey(&q.x, p) || !g16_fp_from_zkey(&q.y, p + 48)) return ZK_ERR_COORDINATE_RANGE;
        fp lhs, rhs, four;
        g16_fp_four(&four);
        fp_sqr(&lhs, &q.y);
        fp_sqr(&rhs, &q.x);
        fp_mul(&rhs, &rhs, &q.x);
        fp_add(&rhs, &rhs, &four);
        if (!fp_eq(&lhs, &rhs)) return ZK_ERR_NOT_ON_CURVE;
    }
    *out = q;
    return ZK_OK;
}

static ZK_WARN_UNUSED zk_err g16_g2_from_zkey_one_var(zk_g2_affine *out, const uint8_t *p) {
    zk_g2_affine q;
    memset(&q, 0, sizeof q);
    if (g16_all_zero(p, 192)) {
        q.infinity = 1;
    } else {
        if (!g16_fp_from_zkey(&q.x.c0, p) || !g16_fp_from_zkey(&q.x.c1, p + 48) ||
            !g16_fp_from_zkey(&q.y.c0, p + 96) || !g16_fp_from_zkey(&q.y.c1, p + 144))
            return ZK_ERR_COORDINATE_RANGE;
        fp2 lhs, rhs, b;
        g16_fp_four(&b.c0);
        b.c1 = b.c0; /* 4(1 + u) */
        fp2_sqr(&lhs, &q.y);
        fp2_sqr(&rhs, &q.x);
        fp2_mul(&rhs, &rhs, &q.x);
        fp2_add(&rhs, &rhs, &b);
        if (!fp2_eq(&lhs, &rhs)) return ZK_ERR_NOT_ON_CURVE;
    }
    *out = q;
    return ZK_OK;
}

typedef struct {
    void *out;
    const uint8_t *in;
    int is_g2;
    pthread_mutex_t lock;
    size_t bad;   /* smallest failing index found (n if none) */
    zk_err err;
} g16_import_ctx;

static void g16_import_task_var(void *vctx, size_t begin, size_t end) {
    g16_import_ctx *c = (g16_import_ctx *)vctx;
    for (size_t i = begin; i < end; i++) {
        zk_err e = c->is_g2 ? g16_g2_from_zkey_one_var((zk_g2_affine *)c->out + i, c->in + 192 * i)
                            : g16_g1_from_zkey_one_var((zk_g1_affine *)c->out + i, c->in + 96 * i);
        if (e != ZK_OK) {
            pthread_mutex_lock(&c->lock);
            if (i < c->bad) {
                c->bad = i;
                c->err = e;
            }
            pthread_mutex_unlock(&c->lock);
            return;
        }
    }
}

static ZK_WARN_UNUSED zk_err g16_import_var(void *out, const uint8_t *in, size_t n, int is_g2, unsigned nthreads, size_t *bad_index) {
    g16_import_ctx c;
    c.out = out;
    c.in = in;
    c.is_g2 = is_g2;
    c.bad = n;
    c.err = ZK_OK;
    pthread_mutex_init(&c.lock, NULL);
    pool_for(n, nthreads, POOL_MIN_ITEMS, g16_import_task_var, &c);
    pthread_mutex_destroy(&c.lock);
    if (c.err != ZK_OK && bad_index) *bad_index = c.bad;
    return c.err;
}

ZK_API zk_err zk_g1_affine_from_zkey_var(zk_g1_affine *out, const uint8_t *in, size_t n, unsigned nthreads,
                                         size_t *bad_index) {
    return g16_import_var(out, in, n, 0, nthreads, bad_index);
}

ZK_API zk_err zk_g2_affine_from_zkey_var(zk_g2_affine *out, const uint8_t *in, size_t n, unsigned nthreads,
                                         size_t *bad_index) {
    return g16_import_var(out, in, n, 1, nthreads, bad_index);
}

ZK_API void zk_g1_affine_to_zkey(uint8_t *out, const zk_g1_affine *in, size_t n) {
    for (size_t i = 0; i < n; i++) {
        uint8_t *p = out + 96 * i;
        if (in[i].infinity) {
            memset(p, 0, 96);
            continue;
        }
        g16_limbs_to_le(p, in[i].x.l, 6);
        g16_limbs_to_le(p + 48, in[i].y.l, 6);
    }
}

ZK_API void zk_g2_affine_to_zkey(uint8_t *out, const zk_g2_affine *in, size_t n) {
    for (size_t i = 0; i < n; i++) {
        uint8_t *p = out + 192 * i;
        if (in[i].infinity) {
            memset(p, 0, 192);
            continue;
        }
        g16_limbs_to_le(p, in[i].x.c0.l, 6);
        g16_limbs_to_le(p + 48, in[i].x.c1.l, 6);
        g16_limbs_to_le(p + 96, in[i].y.c0.l, 6);
        g16_limbs_to_le(p + 144, in[i].y.c1.l, 6);
    }
}

/* ---------------------------------------------------------------- Groth16 prover */

static size_t g16_max3(size_t a, size_t b, size_t c) {
    size_t m = a > b ? a : b;
    return m > c ? m : c;
}

static int g16_wires_ok_var(const uint32_t *wires, size_t n, size_t n_vars) {
    if (!wires) return 1;
    if (n > n_vars) return 0;
    for (size_t i = 0; i < n; i++)
        if (wires[i] >= n_vars) return 0;
    return 1;
}

static int g16_pk_ok_var(const zk_groth16_pk *pk) {
    return pk && pk->log_n <= 28 && pk->n_vars > pk->n_public && pk->a && pk->b1 && pk->b2 && pk->h &&
           (pk->c || pk->n_vars == pk->n_public + 1) && (pk->entries || pk->n_entries == 0) &&
           g16_wires_ok_var(pk->a_wires, pk->n_a, pk->n_vars) && g16_wires_ok_var(pk->b1_wires, pk->n_b1, pk->n_vars) &&
           g16_wires_ok_var(pk->b2_wires, pk->n_b2, pk->n_vars);
}

ZK_API size_t zk_g1_affine_compact_var(zk_g1_affine *pts, uint32_t *idx, size_t n) {
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (!pts[i].infinity) {
            pts[k] = pts[i];
            idx[k++] = (uint32_t)i;
        }
    return k;
}

ZK_API size_t zk_g2_affine_compact_var(zk_g2_affine *pts, uint32_t *idx, size_t n) {
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (!pts[i].infinity) {
            pts[k] = pts[i];
            idx[k++] = (uint32_t)i;
        }
    return k;
}

/* The scalars of one (possibly compacted) MSM: the witness itself, or its values gathered into buf. */
static const fr *g16_gather(fr *buf, const fr *w, const uint32_t *wires, size_t n) {
    if (!wires) return w;
    for (size_t i = 0; i < n; i++) buf[i] = w[wires[i]];
    return buf;
}

/* The largest zk_g1_msm_scratch_size over the G1 MSMs of zk_groth16_prove_var: A, B1, C and H (the MSM's scratch
 * is not monotone in n -- its plan changes with n -- so each count is asked, not only the largest). */
static size_t g16_g1_msm_bytes(const zk_groth16_pk *pk, unsigned nthreads) {
    size_t counts[4] = {pk->a_wires ? pk->n_a : pk->n_vars, pk->b1_wires ? pk->n_b1 : pk->n_vars,
                        pk->n_vars - pk->n_public - 1, (size_t)1 << pk->log_n};
    size_t m = 0;
    for (unsigned i = 0; i < 4; i++) {
        size_t b = zk_g1_msm_scratch_size(counts[i], nthreads);
        if (b > m) m = b;
    }
    return m;
}

ZK_API size_t zk_groth16_prove_scratch_size(const zk_groth16_pk *pk, unsigned nthreads) {
    if (!g16_pk_ok_var(pk)) return 0;
    size_t n = (size_t)1 << pk->log_n;
    return (n + pk->n_vars) * sizeof(fr) +
           g16_max3(zk_groth16_witness_map_scratch_size(n), g16_g1_msm_bytes(pk, nthreads),
                    zk_g2_msm_scratch_size(pk->b2_wires ? pk->n_b2 : pk->n_vars, nthreads));
}

ZK_API zk_err zk_groth16_prove_var(zk_g1 *pi_a, zk_g2 *pi_b, zk_g1 *pi_c, const zk_groth16_pk *pk,
                                   const zk_fr *witness, const zk_fr *r, const zk_fr *s, const void *domain,
                                   size_t domain_len, unsigned nthreads, void *scratch, size_t scratch_len) {
    if (!g16_pk_ok_var(pk) || !witness || !r || !s || !pi_a || !pi_b || !pi_c) return ZK_ERR_ARGUMENT;
    size_t n = (size_t)1 << pk->log_n, need = zk_groth16_prove_scratch_size(pk, nthreads);
    if (!scratch || scratch_len < need) return ZK_ERR_SCRATCH;
    ZK_CHECK(fr_all_reduced(witness, pk->n_vars) && fr_is_reduced(r) && fr_is_reduced(s));
    ZK_CHECK(zk_disjoint(scratch, scratch_len, witness, pk->n_vars * sizeof *witness));
    fr *h = (fr *)scratch, *gw = h + n;
    uint8_t *rest = (uint8_t *)(gw + pk->n_vars);
    size_t rest_len = scratch_len - (n + pk->n_vars) * sizeof(fr);
    size_t n_a = pk->a_wires ? pk->n_a : pk->n_vars, n_b1 = pk->b1_wires ? pk->n_b1 : pk->n_vars;
    size_t n_b2 = pk->b2_wires ? pk->n_b2 : pk->n_vars;
    g1 acc_a, acc_b1, acc_c, acc_h, t1, a_pt, b1_pt, c_pt;
    g2 acc_b2, t2, b_pt;
    fr rs;
    zk_err err = zk_groth16_witness_map(h, pk->entries, pk->n_entries, witness, pk->n_vars, pk->log_n, domain,
                                        domain_len, nthreads, rest, rest_len);
    if (err == ZK_OK)
        err = zk_g1_msm_var(&acc_a, pk->a, g16_gather(gw, witness, pk->a_wires, n_a), n_a, nthreads, rest,
                            rest_len);
    if (err == ZK_OK)
        err = zk_g1_msm_var(&acc_b1, pk->b1, g16_gather(gw, witness, pk->b1_wires, n_b1), n_b1, nthreads, rest,
                            rest_len);
    if (err == ZK_OK)
        err = zk_g2_msm_var(&acc_b2, pk->b2, g16_gather(gw, witness, pk->b2_wires, n_b2), n_b2, nthreads, rest,
                            rest_len);
    if (err == ZK_OK)
        err = zk_g1_msm_var(&acc_c, pk->c, witness + pk->n_public + 1, pk->n_vars - pk->n_public - 1, nthreads,
                            rest, rest_len);
    if (err == ZK_OK) err = zk_g1_msm_var(&acc_h, pk->h, h, n, nthreads, rest, rest_len);
    if (err == ZK_OK) {
        /* A = alpha1 + acc_a + r delta1 */
        g1_mul_ct(&t1, &pk->delta1, r);
        g1_add(&a_pt, &pk->alpha1, &acc_a);
        g1_add(&a_pt, &a_pt, &t1);
        /* B = beta2 + acc_b2 + s delta2 */
        g2_mul_ct(&t2, &pk->delta2, s);
        g2_add(&b_pt, &pk->beta2, &acc_b2);
        g2_add(&b_pt, &b_pt, &t2);
        /* B1 = beta1 + acc_b1 + s delta1 */
        g1_mul_ct(&t1, &pk->delta1, s);
        g1_add(&b1_pt, &pk->beta1, &acc_b1);
        g1_add(&b1_pt, &b1_pt, &t1);
        /* C = acc_c + acc_h + s A + r B1 - r s delta1 */
        g1_add(&c_pt, &acc_c, &acc_h);
        g1_mul_ct(&t1, &a_pt, s);
        g1_add(&c_pt, &c_pt, &t1);
        g1_mul_ct(&t1, &b1_pt, r);
        g1_add(&c_pt, &c_pt, &t1);
        fr_mul(&rs, r, s);
        g1_mul_ct(&t1, &pk->delta1, &rs);
        g1_neg(&t1, &t1);
        g1_add(&c_pt, &c_pt, &t1);
        *pi_a = a_pt;
        *pi_b = b_pt;
        *pi_c = c_pt;
    }
    ct_wipe(scratch, need);
    ct_wipe(&rs, sizeof rs);
    ct_wipe(&t1, sizeof t1);
    ct_wipe(&t2, sizeof t2);
    ct_wipe(&acc_a, sizeof acc_a);
    ct_wipe(&acc_b1, sizeof acc_b1);
    ct_wipe(&acc_b2, sizeof acc_b2);
    ct_wipe(&acc_c, sizeof acc_c);
    ct_wipe(&acc_h, sizeof acc_h);
    ct_wipe(&b1_pt, sizeof b1_pt);
    return err;
}

/* ---------------------------------------------------------------- Groth16 prover, constant time in the witness */

/* The prover runs in two phases, each a fixed set of tasks over the shared pool (pool_tasks: the split depends
 * only on public sizes; with one thread the tasks run in turn on the caller and the result is the same):
 *  1. g16ct_g2_tasks(nthreads) + 2 tasks: first the G2 MSM sum_j w_j B2_j + s delta2 over the secret non-boolean wires
 *     of B2 (gathered on the caller before the phase), split into consecutive ranges, one task each
 *     (g2_msm_ct_chunked: Straus, 5-bit signed windows, masked lookups); then (A) the witness map, h's values
 *     gathered for the H sum, and A = alpha1 + sum_j w_j A_j + r delta1; (B) sum_j w_j B1_j,
 *     sum_{j > n_public} w_j C_j, B2's ONE and boolean terms and its public ones (zk_g2_msm_var, flag 2);
 *     B = beta2 + the G2 parts;
 *  2. the H sum, the constant-time MSM over the full scalars h, with C's two randomiser terms appended
 *     (C = acc_c + acc_h + s A + r (beta1 + acc_b1), which equals snarkjs's s A + r B1 - r s delta1 for
 *     B1 = beta1 + acc_b1 + s delta1), split into g16ct_chunks chunks, one task each. */

/* The H sum's constant-time MSM is split into g16ct_chunks(n, nthreads) chunks of at most g16ct_chunk(n, k)
 * points, one task each (the split depends only on public sizes). */
#define G16CT_MAX_CHUNKS 16
/* is_bit's classes: a secret wire (the constant-time MSMs), a secret wire the circuit constrains boolean (masked
 * additions), a public input whose value the caller vouches is public (B2's variable-time MSM) */
#define G16CT_SECRET 0
#define G16CT_BOOL 1
#define G16CT_PUBLIC 2
#define G16CT_EXTRA 2 /* C's randomiser terms appended to the H sum: s A, r (beta1 + acc_b1) */
static size_t g16ct_chunks(size_t n, unsigned nthreads) {
    size_t k = nthreads ? nthreads : 1;
    if (k > G16CT_MAX_CHUNKS) k = G16CT_MAX_CHUNKS;
    while (k > 1 && n / k < 32) k--; /* a chunk of fewer than 32 points is not worth a thread */
    return k;
}

static size_t g16ct_chunk(size_t n, size_t k) { return (n + k - 1) / k; }

/* The G2 MSM of zk_groth16_prove_ct runs as up to g16ct_g2_tasks(nthreads) tasks of phase 1 (one G2_MSM_CT_SCRATCH
 * each), over consecutive ranges of the gathered points; the split depends on public sizes only. */
static size_t g16ct_g2_tasks(unsigned nthreads) {
    size_t k = nthreads ? nthreads : 1;
    return k > G16CT_MAX_CHUNKS ? G16CT_MAX_CHUNKS : k;
}

/* Bytes of zk_g2_msm_var's scratch for any count up to n_public on one thread (its size is not monotone in n). */
static size_t g16ct_public_msm_bytes(const zk_groth16_pk *pk) {
    size_t m = 0;
    for (size_t i = 1; i <= pk->n_public; i++) {
        size_t b = zk_g2_msm_scratch_size(i, 1);
        if (b > m) m = b;
    }
    return m;
}

/* Bytes of the MSM part of the scratch: the B1 / C MSMs of phase 1 (up to n_vars points) or the k chunks of the H
 * sum (up to n + G16CT_EXTRA points). */
static size_t g16ct_msm_bytes(const zk_groth16_pk *pk, unsigned nthreads) {
    size_t nh = ((size_t)1 << pk->log_n) + G16CT_EXTRA, k = g16ct_chunks(nh, nthreads);
    size_t gen = zk_g1_msm_ct_scratch_size(pk->n_vars), hch = k * zk_g1_msm_ct_scratch_size(g16ct_chunk(nh, k));
    return gen > hch ? gen : hch;
}

/* Scratch layout of zk_groth16_prove_ct (fr, g1 and g1_affine are 8-byte aligned; msm_ct aligns its own parts):
 * h (n fr) | map scratch (2n fr) | H scalars (n + 2 fr) | task 1's MSM scalars (n_vars fr) | task 0's (n_vars + 1
 * fr) | task 1's MSM points (n_vars g1) | task 0's (n_vars + 1 g1) | H points (n + 2 g1) | the H points' multiples
 * (16 (n + 2) g1_affine, with hd_tab) | the G2 MSM: scalars (n_vars + 1 fr), points (n_vars + 1 g2), the
 * tables of its g16ct_g2_tasks(nthreads) tasks (G2_MSM_CT_SCRATCH each) | task 0's MSM scratch (msm_ct of
 * n_vars + 1) | the MSM part (g16ct_msm_bytes: task 1's MSMs, then the H chunks) | up to 8 bytes to align | B2's
 * public wires: values (n_public fr), points (n_public g2_affine), the variable-time MSM's scratch
 * (g16ct_public_msm_bytes). */
ZK_API size_t zk_groth16_prove_ct_scratch_size(const zk_groth16_pk *pk, unsigned nthreads) {
    if (!g16_pk_ok_var(pk)) return 0;
    size_t n = (size_t)1 << pk->log_n, nh = n + G16CT_EXTRA, nv = pk->n_vars;
    return (3 * n + nh + 2 * nv + 1) * sizeof(fr) + (2 * nv + 1 + nh) * sizeof(g1) +
           LANES_TABLE * nh * sizeof(g1_affine) + zk_g1_msm_ct_scratch_size(nv + 1) + g16ct_msm_bytes(pk, nthreads) +
           (nv + 1) * (sizeof(fr) + sizeof(g2)) + g16ct_g2_tasks(nthreads) * G2_MSM_CT_SCRATCH +
           8 + pk->n_public * (sizeof(fr) + sizeof(g2_affine)) + g16ct_public_msm_bytes(pk);
}

/* acc += sum_k w[wire_k] P_k over one G1 query (P_k affine; wire_k = wires[k], or k + offset when wires is NULL).
 * A point at infinity is skipped (the key's structure: a wire absent from the query, public); wire 0 (ONE) is
 * added as is; a wire flagged in is_bit takes one complete addition whose result is kept by a masked move when
 * w[wire] == 1; the others are appended to (gp, gs) for one constant-time MSM. The points, is_bit and the wire
 * indices are public; the values are not branched on. */
static void g16ct_sum_g1(g1 *acc, const g1_affine *pts, const uint32_t *wires, size_t n, size_t offset,
                         const fr *w, const uint8_t *is_bit, g1 *gp, fr *gs, size_t *ng) {
    fr one;
    g1 t;
    fr_one(&one);
    for (size_t k = 0; k < n; k++) {
        size_t wire = wires ? wires[k] : k + offset;
        if (pts[k].infinity) { /* public: the key's structure, not the witness */
            continue;
        } else if (wire == 0) {
            g1_add_affine(acc, acc, &pts[k]);
        } else if (is_bit[wire] == G16CT_BOOL) {
            g1_add_affine(&t, acc, &pts[k]);
            g1_cmov(acc, &t, fr_eq(&w[wire], &one));
        } else {
            g1_from_affine(&gp[*ng], &pts[k]);
            gs[(*ng)++] = w[wire];
        }
    }
    ct_wipe(&t, sizeof t);
}

/* The G2 query B2 in two passes over the same public structure (points at infinity skipped: the key's
 * structure, public). g16ct_sum_g2_bits: acc += ONE's point + the boolean wires' points, each by a complete addition
 * kept by a masked move when w[wire] == 1. g16ct_gather_g2: the other wires appended to (gp, gs) for the
 * constant-time G2 MSM (g2_msm_ct_chunked; n_vars + 1 entries at most, with the caller's s delta2). Public: the
 * points, is_bit, the wire indices; the values are not branched on. */
static void g16ct_sum_g2_bits(g2 *acc, const g2_affine *pts, const uint32_t *wires, size_t n, const fr *w,
                              const uint8_t *is_bit) {
    fr one;
    g2 t;
    fr_one(&one);
    for (size_t k = 0; k < n; k++) {
        size_t wire = wires ? wires[k] : k;
        if (pts[k].infinity) { /* public: the key's structure, not the witness */
            continue;
        } else if (wire == 0) {
            g2_add_affine(acc, acc, &pts[k]);
        } else if (is_bit[wire] == G16CT_BOOL) {
            g2_add_affine(&t, acc, &pts[k]);
            g2_cmov(acc, &t, fr_eq(&w[wire], &one));
        }
    }
    ct_wipe(&t, sizeof t);
}

static size_t g16ct_gather_g2(g2 *gp, fr *gs, const g2_affine *pts, const uint32_t *wires, size_t n, const fr *w,
                              const uint8_t *is_bit) {
    size_t ng = 0;
    for (size_t k = 0; k < n; k++) {
        size_t wire = wires ? wires[k] : k;
        if (pts[k].infinity || wire == 0 || is_bit[wire] != G16CT_SECRET) continue; /* public: structure, flags */
        g2_from_affine(&gp[ng], &pts[k]);
        gs[ng++] = w[wire];
    }
    return ng;
}

/* The wires flagged G16CT_PUBLIC in B2 (public values, at most n_public of them): their points and values copied
 * to (pp, ps) for one variable-time MSM. Variable time: the caller vouches that these values are public. */
static size_t g16ct_gather_g2_public_var(g2_affine *pp, fr *ps, const g2_affine *pts, const uint32_t *wires,
                                         size_t n, const fr *w, const uint8_t *is_bit) {
    size_t np = 0;
    for (size_t k = 0; k < n; k++) {
        size_t wire = wires ? wires[k] : k;
        if (pts[k].infinity || wire == 0 || is_bit[wire] != G16CT_PUBLIC) continue;
        pp[np] = pts[k];
        ps[np++] = w[wire];
    }
    return np;
}


/* What the tasks of zk_groth16_prove_ct share: the inputs, the scratch carved, the results (secret: wiped). */
typedef struct {
    const zk_groth16_pk *pk;
    const fr *w, *r, *s;
    const uint8_t *is_bit;
    const g1_affine *hd, *hd_tab;
    const uint32_t *hd_rows;
    size_t n_hd;
    const void *domain;
    size_t domain_len;
    const ntt_domain *nd;
    fr *h, *map, *hs, *gs1, *gs0;
    g1 *gp1, *gp0, *hp;
    g1_affine *tab; /* with hd_tab: the multiples of the H sum's points, 16 each */
    uint8_t *mscr0, *mscr1;
    size_t mlen0, mlen1;
    fr *gs2; /* the G2 MSM: scalars, points (n_vars + 1 each), tables (G2_MSM_CT_SCRATCH bytes per task) */
    g2 *gp2;
    uint8_t *mscr2;
    size_t ng2, k2, chunk2; /* its points, tasks and points per task */
    g2 out2[G16CT_MAX_CHUNKS], acc2; /* the tasks' sums; ONE + the boolean wires of B2 (+ its public ones) */
    fr *ps; /* B2's public wires: values, points, the variable-time MSM's scratch */
    g2_affine *pp;
    uint8_t *pscr;
    size_t plen;
    /* phase 1's results: A, beta1 + acc_b1, acc_c, B; the H sum's length */
    g1 a_pt, b1_pt, acc_c;
    g2 b_pt;
    size_t nh;
    zk_err err[2];
    /* phase 2: the H chunks */
    size_t chunk, scr_len;
    uint8_t *scr;
    g1 out[G16CT_MAX_CHUNKS];
    zk_err herr[G16CT_MAX_CHUNKS];
} g16ct_ctx;

/* Phase 1, task 0: the witness map, the H sum's scalars and points (hs, hp: nh of them), and A. */
static zk_err g16ct_task_h_a(g16ct_ctx *c) {
    const zk_groth16_pk *pk = c->pk;
    size_t n = (size_t)1 << pk->log_n, n_a = pk->a_wires ? pk->n_a : pk->n_vars, ng = 0;
    g1 acc, t;
    zk_err err = zk_groth16_witness_map(c->h, pk->entries, pk->n_entries, c->w, pk->n_vars, pk->log_n, c->domain,
                                        c->domain_len, 1, c->map, 2 * n * sizeof(fr));
    if (err != ZK_OK) return err;
    if (c->hd) {
        /* h's values on the domain <w_n> (from its odd-coset values), gathered at the rows of hd */
        ntt_transform(c->h, pk->log_n, c->nd, 1, 1);
        ntt_scale_coset_table(c->h, n, c->nd, 1, 1);
        ntt_transform(c->h, pk->log_n, c->nd, 0, 1);
        for (size_t i = 0; i < c->n_hd; i++) c->hs[i] = c->h[c->hd_rows[i]];
        if (c->hd_tab) /* the multiples are given: the H sum reads them (public) */
            memcpy(c->tab, c->hd_tab, LANES_TABLE * c->n_hd * sizeof(g1_affine));
        else
            for (size_t i = 0; i < c->n_hd; i++) g1_from_affine(&c->hp[i], &c->hd[i]);
        c->nh = c->n_hd;
    } else {
        for (size_t i = 0; i < n; i++) {
            c->hs[i] = c->h[i];
            g1_from_affine(&c->hp[i], &pk->h[i]);
        }
        c->nh = n;
    }
    /* A = alpha1 + sum_j w_j A_j + r delta1, r delta1 as one more term of the MSM */
    g1_set_identity(&acc);
    g16ct_sum_g1(&acc, pk->a, pk->a_wires, n_a, 0, c->w, c->is_bit, c->gp0, c->gs0, &ng);
    c->gp0[ng] = pk->delta1;
    c->gs0[ng++] = *c->r;
    err = zk_g1_msm_ct(&t, c->gp0, c->gs0, ng, c->mscr0, c->mlen0);
    g1_add(&acc, &acc, &t);
    g1_add(&c->a_pt, &pk->alpha1, &acc);
    ct_wipe(&acc, sizeof acc);
    ct_wipe(&t, sizeof t);
    return err;
}

/* Phase 1, task 1: beta1 + sum_j w_j B1_j, sum_{j > n_public} w_j C_j, and B. */
static zk_err g16ct_task_b_c(g16ct_ctx *c) {
    const zk_groth16_pk *pk = c->pk;
    size_t n_b1 = pk->b1_wires ? pk->n_b1 : pk->n_vars, n_b2 = pk->b2_wires ? pk->n_b2 : pk->n_vars, ng = 0;
    g1 acc, t;
    zk_err err;
    g1_set_identity(&acc);
    g16ct_sum_g1(&acc, pk->b1, pk->b1_wires, n_b1, 0, c->w, c->is_bit, c->gp1, c->gs1, &ng);
    if ((err = zk_g1_msm_ct(&t, c->gp1, c->gs1, ng, c->mscr1, c->mlen1)) != ZK_OK) goto done;
    g1_add(&acc, &acc, &t);
    g1_add(&c->b1_pt, &pk->beta1, &acc);
    g1_set_identity(&acc);
    ng = 0;
    g16ct_sum_g1(&acc, pk->c, NULL, pk->n_vars - pk->n_public - 1, pk->n_public + 1, c->w, c->is_bit, c->gp1,
                 c->gs1, &ng);
    if ((err = zk_g1_msm_ct(&t, c->gp1, c->gs1, ng, c->mscr1, c->mlen1)) != ZK_OK) goto done;
    g1_add(&c->acc_c, &acc, &t);
    /* B's ONE and boolean terms (the rest: the G2 tasks) */
    g2_set_identity(&c->acc2);
    g16ct_sum_g2_bits(&c->acc2, pk->b2, pk->b2_wires, n_b2, c->w, c->is_bit);
    /* the public wires of B2 (variable time: public values) */
    size_t np = g16ct_gather_g2_public_var(c->pp, c->ps, pk->b2, pk->b2_wires, n_b2, c->w, c->is_bit);
    g2 pub;
    if ((err = zk_g2_msm_var(&pub, c->pp, c->ps, np, 1, c->pscr, c->plen)) != ZK_OK) goto done;
    g2_add(&c->acc2, &c->acc2, &pub);
done:
    ct_wipe(&acc, sizeof acc);
    ct_wipe(&t, sizeof t);
    return err;
}

static void g16ct_phase1_task(void *vctx, unsigned worker, size_t t) {
    g16ct_ctx *c = (g16ct_ctx *)vctx;
    (void)worker;
    if (t < c->k2) { /* the G2 MSM's ranges first (the longest tasks), then A, then B1 and C */
        size_t off = t * c->chunk2, len = off >= c->ng2 ? 0 : (c->ng2 - off < c->chunk2 ? c->ng2 - off : c->chunk2);
        g2_msm_ct_chunked(&c->out2[t], c->gp2 + off, c->gs2 + off, len, c->mscr2 + t * G2_MSM_CT_SCRATCH);
        return;
    }
    t -= c->k2;
    c->err[t] = t == 0 ? g16ct_task_h_a(c) : g16ct_task_b_c(c);
}

static void g16ct_h_task(void *vctx, unsigned worker, size_t t) {
    g16ct_ctx *c = (g16ct_ctx *)vctx;
    (void)worker;
    size_t off = t * c->chunk, len = c->nh - off < c->chunk ? c->nh - off : c->chunk;
    if (c->tab) { /* len >= 1 and the chunk's scratch holds msm_ct_bytes(len) + 64 */
        g1_msm_ct_tab(&c->out[t], c->tab + LANES_TABLE * off, c->hs + off, len,
                      msm_align_scratch(c->scr + t * c->scr_len));
        c->herr[t] = ZK_OK;
        return;
    }
    c->herr[t] = zk_g1_msm_ct(&c->out[t], c->hp + off, c->hs + off, len, c->scr + t * c->scr_len, c->scr_len);
}

ZK_API zk_err zk_groth16_prove_ct(zk_g1 *pi_a, zk_g2 *pi_b, zk_g1 *pi_c, const zk_groth16_pk *pk,
                                  const zk_fr *witness, const uint8_t *is_bit, const zk_g1_affine *hd,
                                  const uint32_t *hd_rows, size_t n_hd, const zk_g1_affine *hd_tab, const zk_fr *r,
                                  const zk_fr *s, const void *domain, size_t domain_len, unsigned nthreads,
                                  void *scratch, size_t scratch_len) {
    if (!g16_pk_ok_var(pk) || !witness || !is_bit || !r || !s || !pi_a || !pi_b || !pi_c) return ZK_ERR_ARGUMENT;
    if (hd_tab && !hd) return ZK_ERR_ARGUMENT;
    if (is_bit[0]) return ZK_ERR_ARGUMENT; /* wire 0 is ONE */
    for (size_t i = 1; i < pk->n_vars; i++) /* public flags; G16CT_PUBLIC on public inputs only */
        if (is_bit[i] > G16CT_PUBLIC || (is_bit[i] == G16CT_PUBLIC && i > pk->n_public)) return ZK_ERR_ARGUMENT;
    if (hd && (!hd_rows || n_hd > ((size_t)1 << pk->log_n))) return ZK_ERR_ARGUMENT;
    if (hd)
        for (size_t i = 0; i < n_hd; i++) /* public structure */
            if (hd_rows[i] >= ((size_t)1 << pk->log_n)) return ZK_ERR_ARGUMENT;
    const ntt_domain *nd = ntt_domain_check(domain, domain_len, pk->log_n + 1);
    if (!nd) return ZK_ERR_ARGUMENT;
    size_t n = (size_t)1 << pk->log_n, need = zk_groth16_prove_ct_scratch_size(pk, nthreads), nv = pk->n_vars;
    if (!scratch || scratch_len < need) return ZK_ERR_SCRATCH;
    ZK_CHECK(fr_all_reduced(witness, pk->n_vars) && fr_is_reduced(r) && fr_is_reduced(s));
    ZK_CHECK(zk_disjoint(scratch, scratch_len, witness, pk->n_vars * sizeof *witness));
    unsigned nt = nthreads ? nthreads : 1;
    g16ct_ctx c;
    memset(&c, 0, sizeof c);
    c.pk = pk;
    c.w = witness;
    c.r = r;
    c.s = s;
    c.is_bit = is_bit;
    c.hd = hd;
    c.hd_tab = hd_tab;
    c.hd_rows = hd_rows;
    c.n_hd = n_hd;
    c.domain = domain;
    c.domain_len = domain_len;
    c.nd = nd;
    c.h = (fr *)scratch;
    c.map = c.h + n;
    c.hs = c.map + 2 * n;
    c.gs1 = c.hs + n + G16CT_EXTRA;
    c.gs0 = c.gs1 + nv;
    c.gp1 = (g1 *)(c.gs0 + nv + 1);
    c.gp0 = c.gp1 + nv;
    c.hp = c.gp0 + nv + 1;
    c.tab = hd_tab ? (g1_affine *)(c.hp + n + G16CT_EXTRA) : NULL;
    c.gs2 = (fr *)((uint8_t *)(c.hp + n + G16CT_EXTRA) + LANES_TABLE * (n + G16CT_EXTRA) * sizeof(g1_affine));
    c.gp2 = (g2 *)(c.gs2 + nv + 1);
    c.mscr2 = (uint8_t *)(c.gp2 + nv + 1);
    c.mscr0 = c.mscr2 + g16ct_g2_tasks(nthreads) * G2_MSM_CT_SCRATCH;
    c.mlen0 = zk_g1_msm_ct_scratch_size(nv + 1);
    c.mscr1 = c.mscr0 + c.mlen0;
    c.mlen1 = g16ct_msm_bytes(pk, nthreads);
    c.ps = (fr *)((uint8_t *)scratch + ((size_t)(c.mscr1 + c.mlen1 - (uint8_t *)scratch) + 7) / 8 * 8);
    c.pp = (g2_affine *)(c.ps + pk->n_public);
    c.pscr = (uint8_t *)(c.pp + pk->n_public);
    c.plen = g16ct_public_msm_bytes(pk);
    zk_err err = ZK_OK;
    /* the G2 MSM's points: the non-boolean wires of B2 and delta2 (for s), gathered here (public structure) */
    c.ng2 = g16ct_gather_g2(c.gp2, c.gs2, pk->b2, pk->b2_wires, pk->b2_wires ? pk->n_b2 : nv, witness, is_bit);
    c.gp2[c.ng2] = pk->delta2;
    c.gs2[c.ng2++] = *s;
    c.k2 = g16ct_g2_tasks(nthreads);
    c.chunk2 = (c.ng2 + c.k2 - 1) / c.k2;
    pool_tasks(c.k2 + 2, nt, g16ct_phase1_task, &c);
    for (unsigned t = 0; t < 2; t++)
        if (c.err[t] != ZK_OK) err = c.err[t];
    if (err != ZK_OK) goto done;
    /* B = beta2 + ONE's and the boolean terms + the G2 MSM (which holds s delta2) */
    g2_add(&c.b_pt, &pk->beta2, &c.acc2);
    for (size_t t = 0; t < c.k2; t++) g2_add(&c.b_pt, &c.b_pt, &c.out2[t]);
    /* phase 2: sum_i h_i H_i + s A + r (beta1 + acc_b1) */
    c.hs[c.nh] = *s;
    c.hp[c.nh] = c.a_pt;
    c.hs[c.nh + 1] = *r;
    c.hp[c.nh + 1] = c.b1_pt;
    if (c.tab) { /* the two secret points' multiples: complete formulas, one Fermat inversion */
        g1 ext[G16CT_EXTRA * LANES_TABLE];
        for (size_t i = 0; i < G16CT_EXTRA; i++) msm_ct_multiples(ext + LANES_TABLE * i, &c.hp[c.nh + i]);
        zk_g1_batch_to_affine(c.tab + LANES_TABLE * c.nh, ext, G16CT_EXTRA * LANES_TABLE);
        ct_wipe(ext, sizeof ext);
    }
    c.nh += G16CT_EXTRA;
    size_t k = g16ct_chunks(c.nh, nthreads); /* at most the chunks the scratch was sized for (nh <= n + 2) */
    c.chunk = g16ct_chunk(c.nh, k);
    c.scr_len = zk_g1_msm_ct_scratch_size(c.chunk);
    if (k * c.scr_len > c.mlen1) { /* rounding: one chunk always fits */
        k = 1;
        c.chunk = c.nh;
        c.scr_len = zk_g1_msm_ct_scratch_size(c.nh);
    }
    c.scr = c.mscr1;
    pool_tasks(k, nt, g16ct_h_task, &c);
    g1 acc;
    g1_set_identity(&acc);
    for (size_t t = 0; t < k; t++) {
        if (c.herr[t] != ZK_OK) err = c.herr[t];
        g1_add(&acc, &acc, &c.out[t]);
    }
    if (err == ZK_OK) {
        g1_add(&acc, &acc, &c.acc_c);
        *pi_a = c.a_pt;
        *pi_b = c.b_pt;
        *pi_c = acc;
    }
    ct_wipe(&acc, sizeof acc);
done:
    ct_wipe(scratch, need);
    ct_wipe(&c, sizeof c);
    return err;
}

/* ---------------------------------------------------------------- the range64 witness (zkcred.circuits.range64) */

ZK_API zk_err zk_range64_witness_ct(uint8_t *out, const zk_fr *v, uint64_t lo, uint64_t hi, unsigned *failed) {
    if (!out || !v || !failed) return ZK_ERR_ARGUMENT;
    ZK_CHECK(fr_is_reduced(v));
    fr pv;
    uint64_t a[4], b[4], borrow_a = 0, borrow_b = 0;
    fr_from_mont(&pv, v);
    for (unsigned i = 0; i < 4; i++) { /* a = v - lo, b = hi - v over 256 bits */
        u128 da = (u128)pv.l[i] - (i == 0 ? lo : 0) - borrow_a;
        u128 db = (u128)(i == 0 ? hi : 0) - pv.l[i] - borrow_b;
        a[i] = (uint64_t)da;
        b[i] = (uint64_t)db;
        borrow_a = (uint64_t)(da >> 64) & 1;
        borrow_b = (uint64_t)(db >> 64) & 1;
    }
    /* each difference is a 64-bit integer iff no borrow and the high limbs are zero */
    uint64_t bad_a = 1 ^ ct_is_zero(borrow_a | a[1] | a[2] | a[3]);
    uint64_t bad_b = 1 ^ ct_is_zero(borrow_b | b[1] | b[2] | b[3]);
    memset(out, 0, 32 * ZK_RANGE64_WIRES);
    out[0] = 1;
    g16_limbs_to_le(out + 32, &lo, 1);
    g16_limbs_to_le(out + 64, &hi, 1);
    g16_limbs_to_le(out + 96, pv.l, 4);
    for (unsigned i = 0; i < 64; i++) {
        out[32 * (4 + i)] = (uint8_t)((a[0] >> i) & 1);
        out[32 * (68 + i)] = (uint8_t)((b[0] >> i) & 1);
    }
    *failed = (unsigned)(bad_a | bad_b << 1); /* the verdict is the one public output */
    ct_wipe(&pv, sizeof pv);
    ct_wipe(a, sizeof a);
    ct_wipe(b, sizeof b);
    if (*failed) {
        ct_wipe(out, 32 * ZK_RANGE64_WIRES);
        return ZK_ERR_ARGUMENT;
    }
    return ZK_OK;
}

/* ---------------------------------------------------------------- development setup */

#define SETUP_WINDOWS 64 /* 4-bit windows over 256 bits */
#define SETUP_TABLE (SETUP_WINDOWS * 16)
#define SETUP_CHUNK 8192

/* tab[16 w + d] = d 16^w base (d = 0: infinity), affine. tmp holds SETUP_TABLE projective points. */
static void setup_comb_g1(g1_affine *tab, g1 *tmp, const g1 *base) {
    g1 cur = *base;
    for (size_t w = 0; w < SETUP_WINDOWS; w++) {
        g1_set_identity(&tmp[16 * w]);
        for (size_t d = 1; d < 16; d++) g1_add(&tmp[16 * w + d], &tmp[16 * w + d - 1], &cur);
        for (int i = 0; i < 4; i++) g1_dbl(&cur, &cur);
    }
    zk_g1_batch_to_affine(tab, tmp, SETUP_TABLE);
}

static void setup_comb_g2(g2_affine *tab, g2 *tmp, const g2 *base) {
    g2 cur = *base;
    for (size_t w = 0; w < SETUP_WINDOWS; w++) {
        g2_set_identity(&tmp[16 * w]);
        for (size_t d = 1; d < 16; d++) g2_add(&tmp[16 * w + d], &tmp[16 * w + d - 1], &cur);
        for (int i = 0; i < 4; i++) g2_dbl(&cur, &cur);
    }
    zk_g2_batch_to_affine(tab, tmp, SETUP_TABLE);
}

/* r = k base from the comb: 64 mixed additions of masked lookups. Constant time in k. */
static void setup_comb_mul_g1(g1 *r, const g1_affine *tab, const fr *k) {
    uint64_t e[4];
    g1_affine sel;
    g1 acc;
    fr_to_plain(e, k);
    g1_set_identity(&acc);
    for (size_t w = 0; w < SETUP_WINDOWS; w++) {
        uint64_t nib = (e[w >> 4] >> (4 * (w & 15))) & 15;
        memset(&sel, 0, sizeof sel);
        for (uint64_t d = 0; d < 16; d++)
            ct_cmov((uint64_t *)&sel, (const uint64_t *)&tab[16 * w + d], sizeof sel / 8, ct_is_zero(d ^ nib));
        g1_add_affine(&acc, &acc, &sel);
    }
    *r = acc;
    ct_wipe(e, sizeof e);
    ct_wipe(&sel, sizeof sel);
    ct_wipe(&acc, sizeof acc);
}

static void setup_comb_mul_g2(g2 *r, const g2_affine *tab, const fr *k) {
    uint64_t e[4];
    g2_affine sel;
    g2 acc;
    fr_to_plain(e, k);
    g2_set_identity(&acc);
    for (size_t w = 0; w < SETUP_WINDOWS; w++) {
        uint64_t nib = (e[w >> 4] >> (4 * (w & 15))) & 15;
        memset(&sel, 0, sizeof sel);
        for (uint64_t d = 0; d < 16; d++)
            ct_cmov((uint64_t *)&sel, (const uint64_t *)&tab[16 * w + d], sizeof sel / 8, ct_is_zero(d ^ nib));
        g2_add_affine(&acc, &acc, &sel);
    }
    *r = acc;
    ct_wipe(e, sizeof e);
    ct_wipe(&sel, sizeof sel);
    ct_wipe(&acc, sizeof acc);
}

typedef struct {
    const fr *k;
    const void *tab;
    void *proj;
    int is_g2;
} setup_mul_ctx;

static void setup_mul_task(void *vctx, size_t begin, size_t end) {
    setup_mul_ctx *c = (setup_mul_ctx *)vctx;
    for (size_t i = begin; i < end; i++) {
        if (c->is_g2)
            setup_comb_mul_g2((g2 *)c->proj + i, (const g2_affine *)c->tab, &c->k[i]);
        else
            setup_comb_mul_g1((g1 *)c->proj + i, (const g1_affine *)c->tab, &c->k[i]);
    }
}

/* out[i] = k[i] base for i < n, affine, in chunks of SETUP_CHUNK through the projective buffer proj. */
static void setup_batch_mul(void *out, const fr *k, size_t n, const void *tab, int is_g2, void *proj,
                            unsigned nthreads) {
    for (size_t off = 0; off < n; off += SETUP_CHUNK) {
        size_t len = n - off < SETUP_CHUNK ? n - off : SETUP_CHUNK;
        setup_mul_ctx c = {k + off, tab, proj, is_g2};
        pool_for(len, nthreads, 64, setup_mul_task, &c);
        if (is_g2)
            zk_g2_batch_to_affine((g2_affine *)out + off, (const g2 *)proj, len);
        else
            zk_g1_batch_to_affine((g1_affine *)out + off, (const g1 *)proj, len);
    }
}

static size_t setup_scalar_count(size_t n_vars, size_t n) { return 3 * n + 3 * n_vars; }

ZK_API size_t zk_groth16_setup_scratch_size(size_t n_vars, unsigned log_n, unsigned nthreads) {
    (void)nthreads;
    if (log_n > 28) return 0;
    size_t n = (size_t)1 << log_n;
    size_t proj = SETUP_CHUNK > SETUP_TABLE ? SETUP_CHUNK : SETUP_TABLE;
    return setup_scalar_count(n_vars, n) * sizeof(fr) + SETUP_TABLE * (sizeof(g1_affine) + sizeof(g2_affine)) +
           proj * sizeof(g2);
}

ZK_API zk_err zk_groth16_setup(zk_g1_affine *a, zk_g1_affine *b1, zk_g2_affine *b2, zk_g1_affine *ic,
                               zk_g1_affine *c, zk_g1_affine *h, zk_g1_affine *g1out, zk_g2_affine *g2out,
                               zk_g1_affine *tau1, zk_g2_affine *tau2, const zk_qap_entry *entries, size_t n_entries, size_t n_vars, size_t n_public,
                               unsigned log_n, const zk_fr *toxic, const void *domain, size_t domain_len,
                               unsigned nthreads, void *scratch, size_t scratch_len) {
    if (log_n > 28 || n_vars <= n_public || !a || !b1 || !b2 || !ic || !h || !g1out || !g2out || !tau1 || !tau2 ||
        !toxic ||
        (!c && n_vars > n_public + 1) || (!entries && n_entries))
        return ZK_ERR_ARGUMENT;
    const ntt_domain *d = ntt_domain_check(domain, domain_len, log_n + 1);
    if (!d) return ZK_ERR_ARGUMENT;
    size_t n = (size_t)1 << log_n, need = zk_groth16_setup_scratch_size(n_vars, log_n, nthreads);
    if (!scratch || scratch_len < need) return ZK_ERR_SCRATCH;
    for (size_t i = 0; i < n_entries; i++)
        if (entries[i].matrix > 2 || entries[i].row >= n || entries[i].wire >= n_vars) return ZK_ERR_ARGUMENT;
    ZK_CHECK(fr_all_reduced(toxic, 4) && zk_disjoint(scratch, scratch_len, toxic, 4 * sizeof *toxic));
    const fr *tau = &toxic[0], *alpha = &toxic[1], *beta = &toxic[2], *delta = &toxic[3];
    fr zn, z2n, t, rho, one, dinv;
    uint64_t en = (uint64_t)n, e2n = 2 * (uint64_t)n;
    fr_one(&one);
    fr_pow_fixed_exp(&zn, tau, &en, 1);    /* tau^n */
    fr_pow_fixed_exp(&z2n, tau, &e2n, 1);  /* tau^2n */
    /* A degenerate draw (probability ~2^-200) is reported at the end; the work below runs either way (zeros
     * stay zeros through the batch inversions), so no branch depends on the toxic waste. */
    uint64_t bad = fr_is_zero(tau) | fr_is_zero(alpha) | fr_is_zero(beta) | fr_is_zero(delta) | fr_eq(&z2n, &one);
    fr *L = (fr *)scratch, *U = L + n, *V = U + n_vars, *W = V + n_vars, *T = W + n_vars, *D = T + n;
    g1_affine *tab1 = (g1_affine *)(D + n);
    g2_affine *tab2 = (g2_affine *)(tab1 + SETUP_TABLE);
    void *proj = tab2 + SETUP_TABLE;
    /* Lagrange basis of <w_n> at tau: L_i = (tau^n - 1)/n * w^i / (tau - w^i) */
    fr_sub(&zn, &zn, &one);
    fr_mul(&zn, &zn, &d->n_inv);
    for (unsigned i = log_n; i < d->log_n; i++) fr_add(&zn, &zn, &zn); /* d->n_inv = 1/N, N = n 2^(..) */
    for (size_t i = 0; i < n; i++) {
        ntt_root_pow(&rho, d, log_n, i);
        fr_sub(&D[i], tau, &rho);
    }
    zk_fr_batch_inv(D, n, T);
    for (size_t i = 0; i < n; i++) {
        ntt_root_pow(&rho, d, log_n, i);
        fr_mul(&L[i], &D[i], &rho);
        fr_mul(&L[i], &L[i], &zn);
    }
    /* U_j, V_j, W_j at tau */
    memset(U, 0, 3 * n_vars * sizeof(fr));
    for (size_t i = 0; i < n_entries; i++) {
        fr *acc = (entries[i].matrix == 0 ? U : entries[i].matrix == 1 ? V : W) + entries[i].wire;
        fr_mul(&t, &entries[i].value, &L[entries[i].row]);
        fr_add(acc, acc, &t);
    }
    /* H scalars: L^(2n)_(2i+1)(tau) / delta = (tau^2n - 1)/(2n) * rho_i / (tau - rho_i) / delta */
    fr_sub(&z2n, &z2n, &one);
    fr_mul(&z2n, &z2n, &d->n_inv);
    for (unsigned i = log_n + 1; i < d->log_n; i++) fr_add(&z2n, &z2n, &z2n);
    fr_inv(&dinv, delta);
    fr_mul(&z2n, &z2n, &dinv);
    for (size_t i = 0; i < n; i++) {
        ntt_root_pow(&rho, d, log_n + 1, 2 * i + 1);
        fr_sub(&D[i], tau, &rho);
    }
    zk_fr_batch_inv(D, n, T);
    for (size_t i = 0; i < n; i++) {
        ntt_root_pow(&rho, d, log_n + 1, 2 * i + 1);
        fr_mul(&D[i], &D[i], &rho);
        fr_mul(&D[i], &D[i], &z2n);
    }
    /* W_j <- beta U_j + alpha V_j + W_j (IC, gamma = 1); divided by delta for the private wires (C) */
    for (size_t j = 0; j < n_vars; j++) {
        fr_mul(&t, beta, &U[j]);
        fr_add(&W[j], &W[j], &t);
        fr_mul(&t, alpha, &V[j]);
        fr_add(&W[j], &W[j], &t);
        if (j > n_public) fr_mul(&W[j], &W[j], &dinv);
    }
    /* points */
    g1 gen1;
    g2 gen2;
    g1_set_generator(&gen1);
    g2_set_generator(&gen2);
    setup_comb_g1(tab1, (g1 *)proj, &gen1);
    setup_comb_g2(tab2, (g2 *)proj, &gen2);
    setup_batch_mul(a, U, n_vars, tab1, 0, proj, nthreads);
    setup_batch_mul(b1, V, n_vars, tab1, 0, proj, nthreads);
    setup_batch_mul(b2, V, n_vars, tab2, 1, proj, nthreads);
    setup_batch_mul(ic, W, n_public + 1, tab1, 0, proj, nthreads);
    if (n_vars > n_public + 1) setup_batch_mul(c, W + n_public + 1, n_vars - n_public - 1, tab1, 0, proj, nthreads);
    setup_batch_mul(h, D, n, tab1, 0, proj, nthreads);
    /* powers of tau (zkcred.groth16.lego.check_keys): D[j] = tau^(j+1) for j < n (D is free after H) */
    D[0] = *tau;
    for (size_t j = 1; j < n; j++) fr_mul(&D[j], &D[j - 1], tau);
    setup_batch_mul(tau1, D, n, tab1, 0, proj, nthreads);
    fr kt[2] = {*tau, D[n - 1]};
    setup_batch_mul(tau2, kt, 2, tab2, 1, proj, 1);
    ct_wipe(kt, sizeof kt);
    fr k[3] = {*alpha, *beta, *delta};
    setup_batch_mul(g1out, k, 3, tab1, 0, proj, 1);
    fr k2[3] = {*beta, one, *delta};
    setup_batch_mul(g2out, k2, 3, tab2, 1, proj, 1);
    ct_wipe(scratch, need);
    ct_wipe(k, sizeof k);
    ct_wipe(k2, sizeof k2);
    ct_wipe(&zn, sizeof zn);
    ct_wipe(&z2n, sizeof z2n);
    ct_wipe(&dinv, sizeof dinv);
    ct_wipe(&t, sizeof t);
    ct_wipe(&rho, sizeof rho);
    return (zk_err)((uint64_t)ZK_ERR_ARGUMENT & ct_mask(bad)); /* the verdict is the one public output */
}

#endif
