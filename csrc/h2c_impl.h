/* h2c_impl.h -- TEMPORARY STUB, replaced by the h2c module. */
ZK_API void zk_g1_hash_from_uniform(zk_g1 *out, const uint8_t *u) { (void)u; memset(out, 0, sizeof *out); }
ZK_API void zk_g1_encode_from_uniform(zk_g1 *out, const uint8_t *u) { (void)u; memset(out, 0, sizeof *out); }
ZK_API void zk_g2_hash_from_uniform(zk_g2 *out, const uint8_t *u) { (void)u; memset(out, 0, sizeof *out); }
ZK_API void zk_g2_encode_from_uniform(zk_g2 *out, const uint8_t *u) { (void)u; memset(out, 0, sizeof *out); }
