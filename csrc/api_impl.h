/* api_impl.h -- small public entry points that belong to no single module. */
#ifndef ZK_API_IMPL_H
#define ZK_API_IMPL_H

ZK_API const char *zk_build_info(void) {
#ifdef ZK_HAVE_MULX
    if (fp_mulx_enabled) return "zkcred native core: C11, x86-64 mulx/adcx/adox Fp multiplication";
#endif
    return "zkcred native core: portable C11, 64-bit limbs";
}

ZK_API int zk_fp_force_portable(int on) {
#ifdef ZK_HAVE_MULX
    int was = !fp_mulx_enabled;
    if (on) {
        fp_mulx_enabled = 0;
    } else {
        fp_detect_cpu();
    }
    return was;
#else
    (void)on;
    return 1;
#endif
}

ZK_API zk_err zk_fp_from_bytes(zk_fp *out, const uint8_t *in) {
    return fp_from_be(out, in) ? ZK_OK : ZK_ERR_COORDINATE_RANGE;
}

ZK_API void zk_fp_to_bytes(uint8_t *out, const zk_fp *a) { fp_to_be(out, a); }

ZK_API void zk_fp_inv(zk_fp *out, const zk_fp *a) { fp_inv(out, a); }

ZK_API void zk_fp_inv_var(zk_fp *out, const zk_fp *a) { fp_inv_var(out, a); }

#endif
