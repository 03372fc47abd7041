/* fr_impl.h -- code for fr.h and the public zk_fr_* API. */
#ifndef ZK_FR_IMPL_H
#define ZK_FR_IMPL_H

#include "fr.h"
#include "consts.h"

static inline void fr_zero(fr *r) { memset(r, 0, sizeof *r); }
static inline void fr_one(fr *r) { memcpy(r->l, FR_ONE, sizeof r->l); }
static inline void fr_add(fr *r, const fr *a, const fr *b) { mont_add(r->l, a->l, b->l, FR_R, 4); }
static inline void fr_sub(fr *r, const fr *a, const fr *b) { mont_sub(r->l, a->l, b->l, FR_R, 4); }
static inline void fr_neg(fr *r, const fr *a) { mont_neg(r->l, a->l, FR_R, 4); }
static inline void fr_mul(fr *r, const fr *a, const fr *b) { mont_mul(r->l, a->l, b->l, FR_R, FR_N0, 4); }
static inline void fr_sqr(fr *r, const fr *a) { mont_mul(r->l, a->l, a->l, FR_R, FR_N0, 4); }
static inline uint64_t fr_eq(const fr *a, const fr *b) { return ct_limbs_eq(a->l, b->l, 4); }
static inline uint64_t fr_is_zero(const fr *a) { return ct_limbs_is_zero(a->l, 4); }
static inline void fr_cmov(fr *r, const fr *a, uint64_t flag) { ct_cmov(r->l, a->l, 4, flag); }
static inline void fr_to_mont(fr *r, const fr *plain) { mont_mul(r->l, plain->l, FR_R2, FR_R, FR_N0, 4); }
static inline void fr_from_mont(fr *plain, const fr *a) { mont_from(plain->l, a->l, FR_R, FR_N0, 4); }
static inline void fr_to_plain(uint64_t out[4], const fr *a) { mont_from(out, a->l, FR_R, FR_N0, 4); }

static void fr_pow_fixed_exp(fr *r, const fr *a, const uint64_t *e, size_t nlimbs) {
    fr acc, t;
    fr_one(&acc);
    for (size_t i = nlimbs; i-- > 0;)
        for (int b = 63; b >= 0; b--) {
            fr_sqr(&acc, &acc);
            if ((e[i] >> b) & 1) { /* public exponent */
                fr_mul(&t, &acc, a);
                acc = t;
            }
        }
    *r = acc;
}

static void fr_inv(fr *r, const fr *a) { fr_pow_fixed_exp(r, a, FR_R_MINUS_2, 4); }

/* Contract predicates (ZK_CHECK, check.h): 1 if the limbs of a (of all n of them) are below r. */
static inline int fr_is_reduced(const fr *a) { return (int)mont_lt(a->l, FR_R, 4); }
static inline int fr_all_reduced(const fr *a, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (!fr_is_reduced(&a[i])) return 0;
    return 1;
}

/* ---- public API ---- */

ZK_API zk_err zk_fr_from_bytes(zk_fr *out, const uint8_t *in) {
    fr t, zero;
    limbs_from_be(t.l, in, 4);
    uint64_t ok = mont_lt(t.l, FR_R, 4);
    fr_zero(&zero);
    fr_cmov(&t, &zero, 1 ^ ok); /* keep to_mont's precondition even for rejected input */
    fr_to_mont(out, &t);
    ct_wipe(&t, sizeof t);
    return ok ? ZK_OK : ZK_ERR_SCALAR_RANGE;
}

/* Decodes n 32-byte scalars (big-endian when be, else little-endian) into Montgomery form; a value >= r
 * becomes 0. *bad_index (if not NULL) gets the index of the first value >= r, n if none.
 * Returns ZK_OK or ZK_ERR_SCALAR_RANGE. Constant time in the values (n and be are public). */
static ZK_WARN_UNUSED zk_err fr_batch_decode(zk_fr *out, const uint8_t *in, size_t n, size_t *bad_index, int be) {
    uint64_t all_ok = 1, first = (uint64_t)n; /* index of the first bad value, n if none (mask-selected) */
    for (size_t i = 0; i < n; i++) {
        fr t, zero;
        const uint8_t *p = in + 32 * i;
        if (be) {
            limbs_from_be(t.l, p, 4);
        } else {
            for (int l = 0; l < 4; l++) {
                uint64_t w = 0;
                for (int j = 8; j-- > 0;) w = (w << 8) | p[8 * l + j];
                t.l[l] = w;
            }
        }
        uint64_t ok = mont_lt(t.l, FR_R, 4);
        fr_zero(&zero);
        fr_cmov(&t, &zero, 1 ^ ok);
        fr_to_mont(&out[i], &t);
        ct_wipe(&t, sizeof t);
        uint64_t take = ct_mask(all_ok & (1 ^ ok));
        first = (first & ~take) | ((uint64_t)i & take);
        all_ok &= ok;
    }
    if (bad_index) *bad_index = (size_t)first;
    return (zk_err)((uint64_t)ZK_ERR_SCALAR_RANGE & ct_mask(1 ^ all_ok));
}

ZK_API zk_err zk_fr_batch_from_bytes(zk_fr *out, const uint8_t *in, size_t n, size_t *bad_index) {
    return fr_batch_decode(out, in, n, bad_index, 1);
}

ZK_API void zk_fr_from_bytes_wide(zk_fr *out, const uint8_t *in, size_t len) {
    /* Horner over 16-byte chunks: acc = acc * 2^128 + chunk (each chunk < 2^128 < r). */
    fr acc, shift, chunk;
    uint8_t buf[32] = {0};
    fr_zero(&acc);
    fr_zero(&chunk);
    chunk.l[2] = 1; /* 2^128 */
    fr_to_mont(&shift, &chunk);
    size_t head = len % 16;
    size_t pos = 0;
    size_t first = head ? head : (len ? 16 : 0);
    while (pos < len) {
        size_t take = pos == 0 ? first : 16;
        memset(buf, 0, sizeof buf);
        memcpy(buf + 32 - take, in + pos, take);
        limbs_from_be(chunk.l, buf, 4);
        fr_to_mont(&chunk, &chunk);
        fr_mul(&acc, &acc, &shift);
        fr_add(&acc, &acc, &chunk);
        pos += take;
    }
    *out = acc;
    ct_wipe(buf, sizeof buf);
    ct_wipe(&chunk, sizeof chunk);
    ct_wipe(&acc, sizeof acc);
}

ZK_API void zk_fr_to_bytes(uint8_t *out, const zk_fr *a) {
    ZK_CHECK(fr_is_reduced(a));
    fr t;
    fr_from_mont(&t, a);
    limbs_to_be(out, t.l, 4);
    ct_wipe(&t, sizeof t);
}

ZK_API void zk_fr_from_u64(zk_fr *out, uint64_t v) {
    fr t;
    fr_zero(&t);
    t.l[0] = v;
    fr_to_mont(out, &t);
}

#define FR_CHECK2(a, b) ZK_CHECK(fr_is_reduced(a) && fr_is_reduced(b))
ZK_API void zk_fr_add(zk_fr *out, const zk_fr *a, const zk_fr *b) {
    FR_CHECK2(a, b);
    fr_add(out, a, b);
}
ZK_API void zk_fr_sub(zk_fr *out, const zk_fr *a, const zk_fr *b) {
    FR_CHECK2(a, b);
    fr_sub(out, a, b);
}
ZK_API void zk_fr_mul(zk_fr *out, const zk_fr *a, const zk_fr *b) {
    FR_CHECK2(a, b);
    fr_mul(out, a, b);
}
ZK_API void zk_fr_sqr(zk_fr *out, const zk_fr *a) {
    ZK_CHECK(fr_is_reduced(a));
    fr_sqr(out, a);
}
ZK_API void zk_fr_neg(zk_fr *out, const zk_fr *a) {
    ZK_CHECK(fr_is_reduced(a));
    fr_neg(out, a);
}
ZK_API void zk_fr_inv(zk_fr *out, const zk_fr *a) {
    ZK_CHECK(fr_is_reduced(a));
    fr_inv(out, a);
}
ZK_API int zk_fr_eq(const zk_fr *a, const zk_fr *b) {
    FR_CHECK2(a, b);
    return (int)fr_eq(a, b);
}
ZK_API int zk_fr_is_zero(const zk_fr *a) {
    ZK_CHECK(fr_is_reduced(a));
    return (int)fr_is_zero(a);
}

ZK_API void zk_fr_pow(zk_fr *out, const zk_fr *a, const uint8_t *e, size_t elen) {
    ZK_CHECK(fr_is_reduced(a));
    /* square-and-always-multiply with a masked select: constant time in a and e */
    fr acc, t;
    fr_one(&acc);
    for (size_t i = 0; i < elen; i++)
        for (int b = 7; b >= 0; b--) {
            fr_sqr(&acc, &acc);
            fr_mul(&t, &acc, a);
            fr_cmov(&acc, &t, (uint64_t)(e[i] >> b) & 1);
        }
    *out = acc;
    ct_wipe(&acc, sizeof acc);
    ct_wipe(&t, sizeof t);
}

ZK_API void zk_fr_batch_inv(zk_fr *a, size_t n, zk_fr *scratch) {
    ZK_CHECK(fr_all_reduced(a, n) && zk_disjoint(a, n * sizeof *a, scratch, n * sizeof *scratch));
    if (n == 0) return;
    fr acc, inv, one;
    fr_one(&one);
    fr_one(&acc);
    for (size_t i = 0; i < n; i++) {
        fr t = a[i];
        fr_cmov(&t, &one, fr_is_zero(&a[i]));
        scratch[i] = acc;
        fr_mul(&acc, &acc, &t);
    }
    fr_inv(&inv, &acc);
    for (size_t i = n; i-- > 0;) {
        fr t = a[i], z;
        uint64_t zero = fr_is_zero(&a[i]);
        fr_cmov(&t, &one, zero);
        fr_mul(&z, &inv, &scratch[i]);
        fr_mul(&inv, &inv, &t);
        fr_cmov(&z, &a[i], zero);
        a[i] = z;
    }
    ct_wipe(scratch, n * sizeof *scratch);
}

/* ---- Merkle path of a secret element (zkcred.circuit.MerkleTree.path_of_ct) ---- */

ZK_API zk_err zk_merkle_path_ct(zk_fr *siblings, zk_fr *bits, int *found, const zk_fr *x, const zk_fr *elements,
                                size_t n, const zk_fr *nodes, const size_t *level_len, const zk_fr *empty,
                                size_t depth) {
    if (!siblings || !bits || !found || !x || !level_len || !empty || (n && !elements)) return ZK_ERR_ARGUMENT;
    if (depth == 0 || depth > 64) return ZK_ERR_ARGUMENT;
    if (depth < 64 && (uint64_t)n > ((uint64_t)1 << depth)) return ZK_ERR_ARGUMENT;
    size_t total = 0;
    for (size_t d = 0; d < depth; d++) { /* public shape */
        if (depth - d < 64 && (uint64_t)level_len[d] > ((uint64_t)1 << (depth - d))) return ZK_ERR_ARGUMENT;
        total += level_len[d];
    }
    if (total && !nodes) return ZK_ERR_ARGUMENT;
    ZK_CHECK(fr_is_reduced(x) && fr_all_reduced(elements, n) && fr_all_reduced(nodes, total) &&
             fr_all_reduced(empty, depth));
    /* the first position of x: every element compared, the index taken by a masked move while none matched */
    uint64_t hit = 0, idx = 0;
    for (size_t i = 0; i < n; i++) {
        uint64_t eq = fr_eq(x, &elements[i]);
        uint64_t take = ct_mask(eq & (1 ^ hit));
        idx = (idx & ~take) | ((uint64_t)i & take);
        hit |= eq;
    }
    /* level d: the sibling of node idx >> d is node (idx >> d) ^ 1, the empty value when the level has no such
     * node; the whole level is scanned with masked moves */
    fr one, zero, sib;
    fr_one(&one);
    fr_zero(&zero);
    const zk_fr *level = nodes;
    for (size_t d = 0; d < depth; d++) {
        uint64_t want = (idx >> d) ^ 1;
        sib = empty[d];
        for (size_t j = 0; j < level_len[d]; j++) fr_cmov(&sib, &level[j], ct_u64_eq((uint64_t)j, want));
        fr_cmov(&sib, &zero, 1 ^ hit); /* absent: all zero out */
        siblings[d] = sib;
        bits[d] = zero;
        fr_cmov(&bits[d], &one, (idx >> d) & 1 & hit);
        level += level_len[d];
    }
    *found = (int)hit;
    ct_wipe(&sib, sizeof sib);
    ct_wipe(&idx, sizeof idx);
    ct_wipe(&hit, sizeof hit);
    return ZK_OK;
}

#endif
