/* api_impl.h -- small public entry points that belong to no single module. */
#ifndef ZK_API_IMPL_H
#define ZK_API_IMPL_H

#ifdef ZK_DEBUG
#define ZK_BUILD_CHECKS ", contract checks (ZK_DEBUG)"
#else
#define ZK_BUILD_CHECKS ""
#endif

ZK_API const char *zk_build_info(void) {
#ifdef ZK_HAVE_IFMA
    int ifma = fp_ifma_enabled;
#else
    int ifma = 0;
#endif
#ifdef ZK_HAVE_MULX
    if (fp_mulx_enabled && ifma)
        return "zkcred native core: C11, x86-64 mulx/adcx/adox Fp multiplication, AVX-512 IFMA MSM additions"
            ZK_BUILD_CHECKS;
    if (fp_mulx_enabled) return "zkcred native core: C11, x86-64 mulx/adcx/adox Fp multiplication" ZK_BUILD_CHECKS;
#endif
    if (ifma) return "zkcred native core: portable C11, 64-bit limbs, AVX-512 IFMA MSM additions" ZK_BUILD_CHECKS;
    return "zkcred native core: portable C11, 64-bit limbs" ZK_BUILD_CHECKS;
}

/* ---------------------------------------------------------------- test-only hooks (ZK_TEST_HOOKS builds only) */
#ifdef ZK_TEST_HOOKS

ZK_API int zk_fp_force_portable(int on) {
    int was = 1;
#ifdef ZK_HAVE_MULX
    was = !fp_mulx_enabled;
    if (on)
        fp_mulx_enabled = 0;
    else
        fp_detect_cpu();
#endif
#ifdef ZK_HAVE_IFMA
    if (fp_ifma_enabled) was = 0;
    if (on)
        fp_ifma_enabled = 0;
    else
        fpv_detect_cpu();
#endif
    (void)on;
    return was;
}

#ifdef ZK_HAVE_IFMA
/* Lane-major (x[8 k + i]) <-> fpv (limb-major). */
ZK_IFMA_INLINE void fpv_load_test(fpv *v, const uint64_t *x) {
    uint64_t t[8][8] __attribute__((aligned(64)));
    for (int k = 0; k < 8; k++)
        for (int i = 0; i < 8; i++) t[i][k] = x[8 * k + i];
    for (int i = 0; i < 8; i++) v->l[i] = _mm512_load_si512((const void *)t[i]);
}
ZK_IFMA_INLINE void fpv_save_test(uint64_t *x, const __m512i *l, int nl) {
    uint64_t t[8][8] __attribute__((aligned(64)));
    for (int i = 0; i < nl; i++) _mm512_store_si512((void *)t[i], l[i]);
    for (int k = 0; k < 8; k++)
        for (int i = 0; i < 8; i++) x[8 * k + i] = i < nl ? t[i][k] : 0;
}
ZK_IFMA_TARGET static void fp_lanes_test(int op, uint64_t *r, uint64_t *s, const uint64_t *a, const uint64_t *b,
                                         const uint64_t *c, const uint64_t *d) {
    fpv va, vb, vr, k2;
    fpv_load_test(&va, a);
    fpv_load_test(&vb, b);
    switch (op) {
    case 0: fpv_mul(&vr, &va, &vb); break;
    case 1: fpv_reduce(&vr, &va); break;
    case 2: fpv_set_const(&k2, FPV_P35); fpv_sub(&vr, &va, &vb, &k2); break;
    case 3: {
        fpv2 x, y, z;
        x.c0 = va;
        x.c1 = vb;
        fpv_load_test(&y.c0, c);
        fpv_load_test(&y.c1, d);
        fpv2_mul(&z, &x, &y);
        fpv_save_test(s, z.c1.l, 8);
        vr = z.c0;
        break;
    }
    case 4: {
        __m512i w[6];
        fpv_to_words(w, &va);
        fpv_save_test(r, w, 6);
        return;
    }
    default: {
        __m512i w[6];
        for (int j = 0; j < 6; j++) w[j] = va.l[j];
        fpv_from_words(&vr, w);
        break;
    }
    }
    fpv_save_test(r, vr.l, 8);
}
#endif

ZK_API zk_err zk_fp_lanes_test(int op, uint64_t *r, uint64_t *s, const uint64_t *a, const uint64_t *b,
                               const uint64_t *c, const uint64_t *d) {
#ifdef ZK_HAVE_IFMA
    if (!fp_ifma_enabled || op < 0 || op > 5) return ZK_ERR_ARGUMENT;
    fp_lanes_test(op, r, s, a, b, c, d);
    return ZK_OK;
#else
    (void)op, (void)r, (void)s, (void)a, (void)b, (void)c, (void)d;
    return ZK_ERR_ARGUMENT;
#endif
}

ZK_API void zk_scalar_split_test(uint64_t out[4], const zk_fr *k) {
    ZK_CHECK(fr_is_reduced(k));
    scalar_split_z2(out, out + 2, k);
}

ZK_API zk_err zk_g1_subgroup_lanes_test(uint8_t *ok, const zk_g1 *pts, size_t n) {
#ifdef ZK_HAVE_IFMA
    if (!fp_ifma_enabled || n < 1 || n > 8) return ZK_ERR_ARGUMENT;
    const g1 *lane[8];
    uint8_t out[8];
    fp one;
    fp_one(&one);
    for (size_t i = 0; i < n; i++) {
        if (!g1_is_valid(&pts[i]) || g1_is_identity(&pts[i]) || !fp_eq(&pts[i].z, &one)) return ZK_ERR_ARGUMENT;
        lane[i] = &pts[i];
    }
    g1_in_subgroup8_ifma(out, lane, (unsigned)n);
    memcpy(ok, out, n);
    return ZK_OK;
#else
    (void)ok, (void)pts, (void)n;
    return ZK_ERR_ARGUMENT;
#endif
}

ZK_API zk_err zk_g2_subgroup_lanes_test(uint8_t *ok, const zk_g2 *pts, size_t n) {
#ifdef ZK_HAVE_IFMA
    if (!fp_ifma_enabled || n < 1 || n > 8) return ZK_ERR_ARGUMENT;
    const g2 *lane[8];
    uint8_t out[8];
    fp2 one;
    fp2_one(&one);
    for (size_t i = 0; i < n; i++) {
        if (!g2_is_valid(&pts[i]) || g2_is_identity(&pts[i]) || !fp2_eq(&pts[i].z, &one)) return ZK_ERR_ARGUMENT;
        lane[i] = &pts[i];
    }
    g2_in_subgroup8_ifma(out, lane, (unsigned)n);
    memcpy(ok, out, n);
    return ZK_OK;
#else
    (void)ok, (void)pts, (void)n;
    return ZK_ERR_ARGUMENT;
#endif
}

#endif /* ZK_TEST_HOOKS */

ZK_API zk_err zk_fp_from_bytes(zk_fp *out, const uint8_t *in) {
    return fp_from_be(out, in) ? ZK_OK : ZK_ERR_COORDINATE_RANGE;
}

ZK_API void zk_fp_to_bytes(uint8_t *out, const zk_fp *a) {
    ZK_CHECK(fp_is_reduced(a));
    fp_to_be(out, a);
}

ZK_API void zk_fp_inv(zk_fp *out, const zk_fp *a) {
    ZK_CHECK(fp_is_reduced(a));
    fp_inv(out, a);
}

ZK_API void zk_fp_inv_var(zk_fp *out, const zk_fp *a) {
    ZK_CHECK(fp_is_reduced(a));
    fp_inv_var(out, a);
}

#endif
