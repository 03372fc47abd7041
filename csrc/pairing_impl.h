/* pairing_impl.h -- TEMPORARY STUB, replaced by the pairing module. */
ZK_API void zk_pairing(zk_fp12 *out, const zk_g1 *p, const zk_g2 *q) { (void)p; (void)q; memset(out, 0, sizeof *out); }
ZK_API void zk_multi_pairing(zk_fp12 *out, const zk_g1 *ps, const zk_g2 *qs, size_t n) { (void)ps; (void)qs; (void)n; memset(out, 0, sizeof *out); }
ZK_API int zk_pairing_check(const zk_g1 *ps, const zk_g2 *qs, size_t n) { (void)ps; (void)qs; (void)n; return 0; }
ZK_API void zk_gt_one(zk_fp12 *out) { memset(out, 0, sizeof *out); }
ZK_API void zk_gt_mul(zk_fp12 *out, const zk_fp12 *a, const zk_fp12 *b) { (void)a; (void)b; memset(out, 0, sizeof *out); }
ZK_API void zk_gt_inv(zk_fp12 *out, const zk_fp12 *a) { (void)a; memset(out, 0, sizeof *out); }
ZK_API void zk_gt_pow(zk_fp12 *out, const zk_fp12 *a, const zk_fr *k) { (void)a; (void)k; memset(out, 0, sizeof *out); }
ZK_API int zk_gt_eq(const zk_fp12 *a, const zk_fp12 *b) { (void)a; (void)b; return 0; }
ZK_API int zk_gt_is_one(const zk_fp12 *a) { (void)a; return 0; }
ZK_API void zk_gt_to_bytes(uint8_t *out, const zk_fp12 *a) { (void)a; memset(out, 0, 576); }
ZK_API zk_err zk_gt_from_bytes_var(zk_fp12 *out, const uint8_t *in) { (void)out; (void)in; return ZK_ERR_ARGUMENT; }
