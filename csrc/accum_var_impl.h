/* accum_var_impl.h -- the VB accumulator's variable-time code (accum.h): decoding the published Omega points.
 * VARIABLE TIME: public data only. */
#ifndef ZK_ACCUM_VAR_IMPL_H
#define ZK_ACCUM_VAR_IMPL_H

#include "accum.h"

/* Decode one compressed G1 encoding: flags, coordinate range and the curve equation, NOT the subgroup (the holder
 * multiplies by h_eff, which clears any part outside G1). The identity decodes (the caller decides). */
static ZK_WARN_UNUSED zk_err vb_decode_on_curve_var(g1 *out, const uint8_t *in) {
    int compressed, infinity, sort;
    zk_err err = zcash_flags_var(in, 48, 48, &compressed, &infinity, &sort);
    g1_set_identity(out);
    if (err != ZK_OK || infinity) return err;
    uint8_t buf[48];
    memcpy(buf, in, 48);
    buf[0] &= 0x1f;
    g1_affine aff;
    aff.infinity = 0;
    if (!fp_from_be(&aff.x, buf)) return ZK_ERR_COORDINATE_RANGE;
    fp rhs, t;
    fp_sqr(&rhs, &aff.x);
    fp_mul(&rhs, &rhs, &aff.x);
    memcpy(t.l, G1_B, sizeof t.l);
    fp_add(&rhs, &rhs, &t);
    if (!fp_sqrt(&aff.y, &rhs)) return ZK_ERR_NOT_ON_CURVE;
    if (fp_is_lex_largest(&aff.y) != (uint64_t)sort) fp_neg(&aff.y, &aff.y);
    g1_from_affine(out, &aff);
    if (!g1_is_on_curve(out)) {
        g1_set_identity(out);
        return ZK_ERR_NOT_ON_CURVE;
    }
    return ZK_OK;
}

ZK_API zk_err zk_vb_decode_on_curve_var(zk_g1 *out, const uint8_t *in, size_t n, size_t *bad_index) {
    ZK_CHECK(zk_disjoint(out, n * sizeof *out, in, n * 48));
    for (size_t i = 0; i < n; i++) {
        zk_err e = vb_decode_on_curve_var(&out[i], in + 48 * i);
        if (e != ZK_OK) {
            *bad_index = i;
            return e;
        }
    }
    return ZK_OK;
}

#endif
