/* msm_impl.h -- TEMPORARY STUB, replaced by the msm module. */
ZK_API size_t zk_g1_msm_scratch_size(size_t n, unsigned t) { (void)n; (void)t; return 0; }
ZK_API size_t zk_g2_msm_scratch_size(size_t n, unsigned t) { (void)n; (void)t; return 0; }
ZK_API zk_err zk_g1_msm_var(zk_g1 *out, const zk_g1_affine *points, const zk_fr *scalars, size_t n, unsigned t, void *scratch, size_t scratch_len) { (void)t; (void)out; (void)points; (void)scalars; (void)n; (void)scratch; (void)scratch_len; return ZK_ERR_ARGUMENT; }
ZK_API zk_err zk_g2_msm_var(zk_g2 *out, const zk_g2_affine *points, const zk_fr *scalars, size_t n, unsigned t, void *scratch, size_t scratch_len) { (void)t; (void)out; (void)points; (void)scalars; (void)n; (void)scratch; (void)scratch_len; return ZK_ERR_ARGUMENT; }
ZK_API size_t zk_g1_msm_ct_scratch_size(size_t n) { (void)n; return 0; }
ZK_API zk_err zk_g1_msm(zk_g1 *out, const zk_g1 *points, const zk_fr *scalars, size_t n, void *scratch, size_t scratch_len) { (void)out; (void)points; (void)scalars; (void)n; (void)scratch; (void)scratch_len; return ZK_ERR_ARGUMENT; }
