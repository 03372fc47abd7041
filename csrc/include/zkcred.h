/*
 * zkcred.h -- the only public header of zkcred's native core (BLS12-381).
 *
 * Conventions (see DESIGN.md):
 *  - Every function states its contract: On input / On output / Returns, then a timing line.
 *    "Constant time." means constant time in every argument not documented as public.
 *    Functions whose name ends in _var are variable time: all their inputs must be public.
 *  - Nothing here allocates. Functions that need scratch memory take it from the caller, sized by a
 *    zk_*_scratch_size() query.
 *  - Field elements are stored in Montgomery form (Fp: R = 2^384, Fr: R = 2^256) as little-endian 64-bit limbs.
 *    Points are homogeneous projective (X:Y:Z), x = X/Z, y = Y/Z, identity has Z = 0; all group laws use the
 *    complete formulas of Renes-Costello-Batina (a = 0), so they have no exceptional cases.
 *  - Byte encodings are big-endian (ZCash BLS12-381 format for points).
 *  - Decoders return a zk_err; they never trust their input. Every zk_err result must be looked at
 *    (ZK_WARN_UNUSED: the compiler warns where one is dropped).
 *
 * Rules for every function below, unless its own contract says otherwise:
 *  - NULL: no pointer argument may be NULL, except an array whose count is 0 and an optional output described
 *    as "(if not NULL)".
 *  - Inputs: field elements and scalars are reduced (limbs of the Montgomery form below p, resp. r), as every
 *    function here returns them; points are on their curve (as every function here returns them) and, where a
 *    contract says so, in the prime-order subgroup. Only the decoders (zk_*_from_bytes*, *_from_zkey_var,
 *    zk_*_from_le, zk_qap_entries_from_zkey_var) accept arbitrary bytes.
 *  - Aliasing: a function that computes one element from others (the field, scalar, group and GT arithmetic:
 *    out = f(a, b)) allows out to alias any of its inputs. Array functions (a count n) need their output arrays
 *    disjoint from their input arrays, unless the contract says "in place"; scratch buffers never overlap any
 *    other argument. Outputs of different types never alias.
 *  - Checked contracts: a build with ZK_DEBUG (the sanitizer build, ZKCRED_DEBUG=1) checks these rules at the
 *    public entry points -- reduced inputs, points on the curve, the aliasing rules -- and aborts with the broken
 *    condition on stderr (ZK_CHECK, csrc/check.h). Shipped builds do not check and do not pay for it.
 *
 * The block between ZK_CDEF_BEGIN and ZK_CDEF_END is fed verbatim to cffi's cdef() (ZK_API and ZK_WARN_UNUSED
 * removed); keep it free of preprocessor conditionals and expressions in #defines. The test-only hooks have their
 * own block (ZK_TEST_HOOKS), compiled and declared only in the development build.
 */
#ifndef ZKCRED_H
#define ZKCRED_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define ZK_API __attribute__((visibility("default")))
#define ZK_WARN_UNUSED __attribute__((warn_unused_result))
#else
#define ZK_API
#define ZK_WARN_UNUSED
#endif

/* ZK_CDEF_BEGIN */

#define ZK_FR_BYTES 32
#define ZK_FP_BYTES 48
#define ZK_G1_COMPRESSED_BYTES 48
#define ZK_G1_UNCOMPRESSED_BYTES 96
#define ZK_G2_COMPRESSED_BYTES 96
#define ZK_G2_UNCOMPRESSED_BYTES 192
#define ZK_GT_BYTES 576
#define ZK_G1_UNIFORM_BYTES 64
#define ZK_G2_UNIFORM_BYTES 128

typedef enum {
    ZK_OK = 0,
    ZK_ERR_LENGTH = 1,             /* wrong byte length */
    ZK_ERR_COMPRESSION_FLAG = 2,   /* compression flag does not match the length */
    ZK_ERR_INFINITY_BITS = 3,      /* infinity flag set together with any other bit (sort flag included) */
    ZK_ERR_SORT_FLAG = 4,          /* sort flag set on an uncompressed point */
    ZK_ERR_COORDINATE_RANGE = 5,   /* a coordinate is >= p */
    ZK_ERR_NOT_ON_CURVE = 6,       /* no point on the curve has this x / (x, y) is not on the curve */
    ZK_ERR_NOT_IN_SUBGROUP = 7,    /* on the curve but outside the prime-order subgroup */
    ZK_ERR_SCALAR_RANGE = 8,       /* a scalar is >= r */
    ZK_ERR_SCRATCH = 9,            /* scratch buffer too small */
    ZK_ERR_ARGUMENT = 10           /* argument out of the documented domain (e.g. NTT size) */
} zk_err;

/* Field and group element types. The layout is public so that callers can allocate them; the meaning of the
 * limbs (Montgomery form) is not part of the API except where a function says so. */
typedef struct { uint64_t l[4]; } zk_fr;          /* scalar field Fr, r = 0x73ed..0001 (255 bits) */
typedef struct { uint64_t l[6]; } zk_fp;          /* base field Fp, p = 0x1a01..aaab (381 bits) */
typedef struct { zk_fp c0, c1; } zk_fp2;          /* Fp2 = Fp[u]/(u^2 + 1) */
typedef struct { zk_fp2 c0, c1, c2; } zk_fp6;     /* Fp6 = Fp2[v]/(v^3 - (1 + u)) */
typedef struct { zk_fp6 c0, c1; } zk_fp12;        /* Fp12 = Fp6[w]/(w^2 - v); GT is its order-r subgroup */
typedef struct { zk_fp x, y, z; } zk_g1;          /* E(Fp): y^2 = x^3 + 4, projective */
typedef struct { zk_fp2 x, y, z; } zk_g2;         /* E'(Fp2): y^2 = x^3 + 4(1 + u), projective */
typedef struct { zk_fp x, y; uint64_t infinity; } zk_g1_affine;
typedef struct { zk_fp2 x, y; uint64_t infinity; } zk_g2_affine;
/* A G2 point's Miller-loop lines (zk_g2_prepare): the 68 lines (63 doubling steps, 5 addition steps) of the loop
 * over |z|, each as 3 Fp2 coefficients (c0, c1, c4) before evaluation at the G1 point; whether the point is the
 * identity; c0_one = 1 when every line is scaled to c0 = 1 (all but a negligible set of points). */
typedef struct { zk_fp2 c[68][3]; uint64_t infinity, c0_one; } zk_g2_prepared;

/* ---------------------------------------------------------------- library info */

/* Returns a static NUL-terminated string naming the build (portable C or ADX path chosen at run time; ends in
 * ", contract checks (ZK_DEBUG)" in a build with the contract checks on). Constant time. */
ZK_API const char *zk_build_info(void);

/* ---------------------------------------------------------------- Fr (scalars) */

/* Decode a canonical scalar.
 * On input: in points to 32 bytes, big-endian.
 * On output: *out = in (in Montgomery form) on success; *out = 0 on failure.
 * Returns: ZK_OK, or ZK_ERR_SCALAR_RANGE when in >= r.
 * Constant time in the value of in (only the returned verdict depends on it). */
ZK_API ZK_WARN_UNUSED zk_err zk_fr_from_bytes(zk_fr *out, const uint8_t *in);
/* Decode n canonical scalars stored back to back (32 bytes big-endian each).
 * On output: out[i] as zk_fr_from_bytes gives it (0 for a rejected value); *bad_index (if not NULL) = the index
 * of the first value >= r, or n when all are canonical.
 * Returns: ZK_OK, or ZK_ERR_SCALAR_RANGE when some value is >= r.
 * Constant time in the values (only the verdict and that index depend on them); n is public. */
ZK_API ZK_WARN_UNUSED zk_err zk_fr_batch_from_bytes(zk_fr *out, const uint8_t *in, size_t n, size_t *bad_index);

/* Reduce an arbitrary big-endian byte string modulo r (hash_to_scalar, uniform sampling from 48+ bytes).
 * On input: in points to len bytes (len may be 0; then *out = 0).
 * Constant time in the value of in; len is public. */
ZK_API void zk_fr_from_bytes_wide(zk_fr *out, const uint8_t *in, size_t len);

/* On input: a reduced. On output: out[0..31] = a, canonical big-endian. Constant time. */
ZK_API void zk_fr_to_bytes(uint8_t *out, const zk_fr *a);

/* On output: *out = v (mod r, in Montgomery form). Constant time. */
ZK_API void zk_fr_from_u64(zk_fr *out, uint64_t v);

/* Arithmetic mod r. On input: a, b reduced; out may alias a or b.
 * On output: *out = a + b, a - b, a b, a^2, -a respectively (reduced). Constant time. */
ZK_API void zk_fr_add(zk_fr *out, const zk_fr *a, const zk_fr *b);
ZK_API void zk_fr_sub(zk_fr *out, const zk_fr *a, const zk_fr *b);
ZK_API void zk_fr_mul(zk_fr *out, const zk_fr *a, const zk_fr *b);
ZK_API void zk_fr_sqr(zk_fr *out, const zk_fr *a);
ZK_API void zk_fr_neg(zk_fr *out, const zk_fr *a);
/* On input: a reduced; out may alias a. On output: *out = a^-1 (Fermat), and 0 when a = 0. Constant time. */
ZK_API void zk_fr_inv(zk_fr *out, const zk_fr *a);
/* On input: a reduced; e a big-endian byte string of elen bytes (any value); out may alias a.
 * On output: *out = a^e. Constant time in a and e; elen is public. */
ZK_API void zk_fr_pow(zk_fr *out, const zk_fr *a, const uint8_t *e, size_t elen);
/* On input: a, b reduced. Returns: 1 if a == b, else 0. Constant time. */
ZK_API int zk_fr_eq(const zk_fr *a, const zk_fr *b);
/* On input: a reduced. Returns: 1 if a == 0, else 0. Constant time. */
ZK_API int zk_fr_is_zero(const zk_fr *a);
/* In place: a[i] <- a[i]^-1 for n scalars with one inversion (Montgomery's trick); zeros stay zero.
 * On input: a has n reduced scalars; scratch holds n zk_fr, disjoint from a. On output: scratch is wiped.
 * Constant time (n public). */
ZK_API void zk_fr_batch_inv(zk_fr *a, size_t n, zk_fr *scratch);

/* The Merkle path of a SECRET element in a tree over a public list (zkcred.circuit.MerkleTree.path_of_ct: the
 * set_membership witness of a holder's attribute).
 * On input: x reduced (secret); elements[0..n) the public list (reduced, n <= 2^depth); nodes the public tree's
 * levels 0..depth-1 back to back (level 0 the leaves), level d of level_len[d] <= 2^(depth-d) reduced nodes (node j
 * of level d at nodes[level_len[0] + ... + level_len[d-1] + j]); empty[0..depth) the value of a node missing from
 * level d (the empty-subtree root); 1 <= depth <= 64; siblings and bits have depth scalars each.
 * On output: with i the FIRST position of x in elements: *found = 1, siblings[d] = node (i >> d) ^ 1 of level d
 * (empty[d] when level d is shorter), bits[d] = (i >> d) & 1 (0 or 1 as a scalar), d = 0..depth-1 from the leaf
 * level up; when x is not in elements: *found = 0 and siblings, bits all zero.
 * Returns ZK_OK, or ZK_ERR_ARGUMENT (a NULL pointer, depth out of range, n or a level_len too large: public).
 * Constant time in x and the outputs: x is compared with every element, every node of every level is read, and
 * the index and the siblings are taken by masked moves (n, depth, level_len, elements, nodes, empty public; only
 * *found depends on x). */
ZK_API ZK_WARN_UNUSED zk_err zk_merkle_path_ct(zk_fr *siblings, zk_fr *bits, int *found, const zk_fr *x,
                                               const zk_fr *elements, size_t n, const zk_fr *nodes,
                                               const size_t *level_len, const zk_fr *empty, size_t depth);

/* ---------------------------------------------------------------- Fp (exposed for file formats and tests) */

/* On input: in has 48 bytes, big-endian. On output: *out = in (Montgomery form) on success.
 * Returns: ZK_OK or ZK_ERR_COORDINATE_RANGE (value >= p). Constant time. */
ZK_API ZK_WARN_UNUSED zk_err zk_fp_from_bytes(zk_fp *out, const uint8_t *in);
/* On input: a reduced. On output: out[0..47] = a, canonical big-endian. Constant time. */
ZK_API void zk_fp_to_bytes(uint8_t *out, const zk_fp *a);
/* Inversion mod p. On input: a (reduced). On output: *out = a^-1, and 0 when a = 0.
 * zk_fp_inv: Fermat (a^(p-2)). Constant time.
 * zk_fp_inv_var: Bernstein-Yang safegcd with 62-bit divsteps. Variable time: a must be public. */
ZK_API void zk_fp_inv(zk_fp *out, const zk_fp *a);
ZK_API void zk_fp_inv_var(zk_fp *out, const zk_fp *a);

/* ---------------------------------------------------------------- G1 */
/* Points of E(Fp): y^2 = x^3 + 4, projective (zk_g1); inputs on the curve (header rules), outputs always
 * are. Every function below that takes points also accepts the identity. */

/* On output: *out = the standard generator of the order-r subgroup (the ZCash / IETF one). Constant time. */
ZK_API void zk_g1_generator(zk_g1 *out);
/* On output: *out = the identity (0 : 1 : 0). Constant time. */
ZK_API void zk_g1_identity(zk_g1 *out);
/* Group law, complete formulas (no exceptional case: equal points, inverse points, the identity).
 * On input: a, b on the curve; out may alias a or b.
 * On output: *out = a + b, a - b, 2a, -a respectively. Constant time. */
ZK_API void zk_g1_add(zk_g1 *out, const zk_g1 *a, const zk_g1 *b);
ZK_API void zk_g1_sub(zk_g1 *out, const zk_g1 *a, const zk_g1 *b);
ZK_API void zk_g1_dbl(zk_g1 *out, const zk_g1 *a);
ZK_API void zk_g1_neg(zk_g1 *out, const zk_g1 *a);
/* On input: a, b on the curve. Returns: 1 if a and b are the same point (any Z), else 0. Constant time. */
ZK_API int zk_g1_eq(const zk_g1 *a, const zk_g1 *b);
/* On input: a on the curve. Returns: 1 if a is the identity, else 0. Constant time. */
ZK_API int zk_g1_is_identity(const zk_g1 *a);
/* On input: any coordinates (reduced). Returns: 1 if a is on the curve (the identity is; (0 : 0 : 0) is not),
 * else 0. Constant time. */
ZK_API int zk_g1_is_on_curve(const zk_g1 *a);
/* On input: any coordinates (reduced). Returns: 1 if a is on the curve and in the order-r subgroup, else 0
 * (the sigma endomorphism test). Variable time: a must be public. */
ZK_API int zk_g1_in_subgroup_var(const zk_g1 *a);
/* On input: p on the curve, k reduced; out may alias p.
 * On output: *out = k * p (GLV: k = k1 + k2 lambda).
 * zk_g1_mul: fixed 4-bit windows over the split scalar, masked table lookups. Constant time in p and k.
 * zk_g1_mul_var: wNAF over the split scalar. Variable time: p and k must be public. */
ZK_API void zk_g1_mul(zk_g1 *out, const zk_g1 *p, const zk_fr *k);
ZK_API void zk_g1_mul_var(zk_g1 *out, const zk_g1 *p, const zk_fr *k);
/* On input: a on the curve; out has 48 bytes (compressed != 0) or 96 (compressed == 0).
 * On output: out = the ZCash encoding of a (flags in the top bits of the first byte). Constant time in the
 * point; compressed is public. */
ZK_API void zk_g1_to_bytes(uint8_t *out, const zk_g1 *a, int compressed);
/* On input: in has len bytes (48: compressed, 96: uncompressed; any other len is an error).
 * On output: *out = the point on success, the identity on failure.
 * Returns: ZK_OK; ZK_ERR_LENGTH, ZK_ERR_COMPRESSION_FLAG, ZK_ERR_INFINITY_BITS, ZK_ERR_SORT_FLAG,
 * ZK_ERR_COORDINATE_RANGE, ZK_ERR_NOT_ON_CURVE or ZK_ERR_NOT_IN_SUBGROUP (the first rule broken).
 * Variable time: the encoding is public. */
ZK_API ZK_WARN_UNUSED zk_err zk_g1_from_bytes_var(zk_g1 *out, const uint8_t *in, size_t len);
/* On input: in has n encodings of len bytes each, back to back; bad_index not NULL; out (n points) disjoint from
 * in. On output: out[i] as zk_g1_from_bytes_var gives it, up to the first failure; *bad_index = its index.
 * Returns: ZK_OK, or the first failure's code. Variable time: the encodings are public. */
ZK_API ZK_WARN_UNUSED zk_err zk_g1_batch_from_bytes_var(zk_g1 *out, const uint8_t *in, size_t len, size_t n,
                                                        size_t *bad_index);
/* On input: in has n points on the curve; out (n affine points) disjoint from in.
 * On output: out[i] = in[i] in affine coordinates; the identity gives infinity = 1, x = y = 0.
 * One Fermat inversion for all n. Constant time (n public). */
ZK_API void zk_g1_batch_to_affine(zk_g1_affine *out, const zk_g1 *in, size_t n);
/* On input: in affine on the curve, or infinity != 0 (then x and y are ignored).
 * On output: *out = the same point, projective (Z = 1, or the identity). Constant time. */
ZK_API void zk_g1_from_affine(zk_g1 *out, const zk_g1_affine *in);
/* On input: in has n points on the curve; out (n affine points) disjoint from in.
 * On output: out[i] = in[i] in affine coordinates, one variable-time inversion (safegcd) for all n; points with
 * Z = 1 are copied, the identity maps to infinity = 1 (x = y = 0). Variable time: the points must be public. */
ZK_API void zk_g1_batch_to_affine_var(zk_g1_affine *out, const zk_g1 *in, size_t n);
/* On input: in has n points on the curve; out has n * 48 bytes (compressed != 0) or n * 96, disjoint from in.
 * On output: the n ZCash encodings back to back (as zk_g1_to_bytes writes them), one Fermat inversion per 16
 * points (zk_g1_batch_to_affine). Constant time in the points (n and compressed public). */
ZK_API void zk_g1_batch_to_bytes(uint8_t *out, const zk_g1 *in, size_t n, int compressed);
/* On input: in has n points on the curve; out has n * 48 bytes (compressed != 0) or n * 96, disjoint from in.
 * On output: the n ZCash encodings back to back, one variable-time inversion per 16 points.
 * Variable time: the points must be public. */
ZK_API void zk_g1_batch_to_bytes_var(uint8_t *out, const zk_g1 *in, size_t n, int compressed);

/* ---------------------------------------------------------------- G2 */
/* Points of E'(Fp2): y^2 = x^3 + 4(1 + u), projective (zk_g2); inputs on the curve (header rules), outputs always
 * are. Every function below that takes points also accepts the identity. */

/* On output: *out = the standard generator of the order-r subgroup (the ZCash / IETF one). Constant time. */
ZK_API void zk_g2_generator(zk_g2 *out);
/* On output: *out = the identity (0 : 1 : 0). Constant time. */
ZK_API void zk_g2_identity(zk_g2 *out);
/* Group law, complete formulas (no exceptional case: equal points, inverse points, the identity).
 * On input: a, b on the curve; out may alias a or b.
 * On output: *out = a + b, a - b, 2a, -a respectively. Constant time. */
ZK_API void zk_g2_add(zk_g2 *out, const zk_g2 *a, const zk_g2 *b);
ZK_API void zk_g2_sub(zk_g2 *out, const zk_g2 *a, const zk_g2 *b);
ZK_API void zk_g2_dbl(zk_g2 *out, const zk_g2 *a);
ZK_API void zk_g2_neg(zk_g2 *out, const zk_g2 *a);
/* On input: a, b on the curve. Returns: 1 if a and b are the same point (any Z), else 0. Constant time. */
ZK_API int zk_g2_eq(const zk_g2 *a, const zk_g2 *b);
/* On input: a on the curve. Returns: 1 if a is the identity, else 0. Constant time. */
ZK_API int zk_g2_is_identity(const zk_g2 *a);
/* On input: any coordinates (reduced). Returns: 1 if a is on the curve (the identity is; (0 : 0 : 0) is not),
 * else 0. Constant time. */
ZK_API int zk_g2_is_on_curve(const zk_g2 *a);
/* On input: any coordinates (reduced). Returns: 1 if a is on the curve and in the order-r subgroup, else 0
 * (the psi endomorphism test: psi(P) == [z]P). Variable time: a must be public. */
ZK_API int zk_g2_in_subgroup_var(const zk_g2 *a);
/* On input: p on the curve, k reduced; out may alias p.
 * On output: *out = k * p (the psi split: k in base |z|).
 * zk_g2_mul: fixed 4-bit windows over the split scalar, masked table lookups. Constant time in p and k.
 * zk_g2_mul_var: wNAF over the split scalar. Variable time: p and k must be public. */
ZK_API void zk_g2_mul(zk_g2 *out, const zk_g2 *p, const zk_fr *k);
/* On input: n <= ZK_G2_MSM_CT_MAX points on the curve (in G2: the split assumes the subgroup), n reduced scalars
 * (NULL when n = 0); out may alias a point.
 * On output: *out = sum_i scalars[i] * points[i] (n = 0: the identity): zk_g2_mul's split, tables and masked
 * lookups, one shared chain of doublings (Straus), so two products cost about 1.4 zk_g2_mul.
 * Returns: ZK_OK, or ZK_ERR_ARGUMENT (n too large, a NULL pointer). Constant time in points and scalars (n
 * public). */
#define ZK_G2_MSM_CT_MAX 4
ZK_API ZK_WARN_UNUSED zk_err zk_g2_msm_ct(zk_g2 *out, const zk_g2 *points, const zk_fr *scalars, size_t n);
ZK_API void zk_g2_mul_var(zk_g2 *out, const zk_g2 *p, const zk_fr *k);
/* On input: a on the curve; out has 96 bytes (compressed != 0) or 192 (compressed == 0).
 * On output: out = the ZCash encoding of a (flags in the top bits of the first byte). Constant time in the
 * point; compressed is public. */
ZK_API void zk_g2_to_bytes(uint8_t *out, const zk_g2 *a, int compressed);
/* On input: in has len bytes (96: compressed, 192: uncompressed; any other len is an error).
 * On output: *out = the point on success, the identity on failure.
 * Returns: ZK_OK; ZK_ERR_LENGTH, ZK_ERR_COMPRESSION_FLAG, ZK_ERR_INFINITY_BITS, ZK_ERR_SORT_FLAG,
 * ZK_ERR_COORDINATE_RANGE, ZK_ERR_NOT_ON_CURVE or ZK_ERR_NOT_IN_SUBGROUP (the first rule broken).
 * Variable time: the encoding is public. */
ZK_API ZK_WARN_UNUSED zk_err zk_g2_from_bytes_var(zk_g2 *out, const uint8_t *in, size_t len);
/* On input: in has n encodings of len bytes each, back to back; bad_index not NULL; out (n points) disjoint from
 * in. On output: out[i] as zk_g2_from_bytes_var gives it, up to the first failure; *bad_index = its index.
 * Returns: ZK_OK, or the first failure's code. Variable time: the encodings are public. */
ZK_API ZK_WARN_UNUSED zk_err zk_g2_batch_from_bytes_var(zk_g2 *out, const uint8_t *in, size_t len, size_t n,
                                                        size_t *bad_index);
/* On input: in has n points on the curve; out (n affine points) disjoint from in.
 * On output: out[i] = in[i] in affine coordinates; the identity gives infinity = 1, x = y = 0.
 * One Fermat inversion for all n. Constant time (n public). */
ZK_API void zk_g2_batch_to_affine(zk_g2_affine *out, const zk_g2 *in, size_t n);
/* On input: in affine on the curve, or infinity != 0 (then x and y are ignored).
 * On output: *out = the same point, projective (Z = 1, or the identity). Constant time. */
ZK_API void zk_g2_from_affine(zk_g2 *out, const zk_g2_affine *in);

/* ---------------------------------------------------------------- MSM (msm.h) */

/* Returns: the scratch bytes needed by zk_g1_msm_var / zk_g2_msm_var for n points on nthreads threads (0 means 1),
 * or 0 when n is 0 or too large (> 2^28). Constant time (public inputs). */
ZK_API size_t zk_g1_msm_scratch_size(size_t n, unsigned nthreads);
ZK_API size_t zk_g2_msm_scratch_size(size_t n, unsigned nthreads);
/* *out = sum scalars[i] * points[i] (Pippenger, signed windows sized by n, batch-affine buckets, GLV/psi
 * splits; Straus with width-5 NAF for small n).
 * On input: points are affine (infinity allowed) and in the prime-order subgroup (for other curve points the
 * result is some point on the curve, unspecified), scalars canonical; scratch has
 * zk_gX_msm_scratch_size(n, nthreads) bytes, disjoint from every other argument; nthreads >= 1 splits the work
 * over that many threads (0 means 1). n may be 0 (out = identity).
 * On output: *out = the sum.
 * Returns: ZK_OK, ZK_ERR_SCRATCH or ZK_ERR_ARGUMENT (n > 2^28). Variable time: points and scalars must be public. */
ZK_API ZK_WARN_UNUSED zk_err zk_g1_msm_var(zk_g1 *out, const zk_g1_affine *points, const zk_fr *scalars, size_t n,
                                           unsigned nthreads, void *scratch, size_t scratch_len);
ZK_API ZK_WARN_UNUSED zk_err zk_g2_msm_var(zk_g2 *out, const zk_g2_affine *points, const zk_fr *scalars, size_t n,
                                           unsigned nthreads, void *scratch, size_t scratch_len);
/* Constant-time MSM for small sums with secret scalars (BBS proofs): GLV halves, signed 5-bit windows, masked
 * lookups, complete formulas.
 * zk_g1_msm_ct_scratch_size returns the scratch bytes for n points (0 when n is 0 or > 2^28). Constant time.
 * zk_g1_msm_ct: On input: points (projective) in G1 (the split assumes the subgroup), scalars reduced; scratch
 * of zk_g1_msm_ct_scratch_size(n) bytes, disjoint from every other argument; n may be 0 (out = identity).
 * On output: *out = sum scalars[i] * points[i]; scratch wiped.
 * Returns: ZK_OK, ZK_ERR_SCRATCH or ZK_ERR_ARGUMENT (n > 2^28). Constant time in points and scalars (n public). */
ZK_API size_t zk_g1_msm_ct_scratch_size(size_t n);
ZK_API ZK_WARN_UNUSED zk_err zk_g1_msm_ct(zk_g1 *out, const zk_g1 *points, const zk_fr *scalars, size_t n,
                                          void *scratch, size_t scratch_len);
/* The multiples of public points, for constant-time sums over them that reuse the tables (zk_groth16_prove_ct's
 * hd_tab): tab[16 i + e - 1] = e pts[i] (e = 1..16), affine (infinity = 1 for the identity).
 * zk_g1_multiples_table_scratch_size returns the scratch bytes for n points. Constant time.
 * zk_g1_multiples_table_var: On input: tab has 16 n entries; scratch of the size above. On output: tab.
 * Returns ZK_OK, ZK_ERR_ARGUMENT (n > 2^28, NULL pointers) or ZK_ERR_SCRATCH. Variable time: the points must
 * be public. */
ZK_API size_t zk_g1_multiples_table_scratch_size(size_t n);
ZK_API ZK_WARN_UNUSED zk_err zk_g1_multiples_table_var(zk_g1_affine *tab, const zk_g1_affine *pts, size_t n,
                                                       void *scratch, size_t scratch_len);
/* Several constant-time MSMs in one call: out[o] = sum_{j < counts[o]} scalars[s_o + j] * points[s_o + j] with
 * s_o = counts[0] + ... + counts[o - 1] (a group of 0 points gives the identity). Where the CPU has AVX-512 IFMA,
 * up to 8 groups with MSM_CT_LANES_MIN (8) points or more in all share one pass of the eight-lane kernel (each
 * group on whole lanes: the pass costs about one zk_g1_msm_ct over 8 S points, S = the fewest slots that fit);
 * otherwise the groups run one after the other through zk_g1_msm_ct's code.
 * zk_g1_msm_ct_multi_scratch_size returns the scratch bytes for these counts (0 when m is 0, counts is NULL, no
 * group has a point, or the total exceeds 2^28). Variable time in m and the counts (public).
 * zk_g1_msm_ct_multi: On input: out has m points, disjoint from points; points (projective) in G1, scalars
 * reduced; scratch of zk_g1_msm_ct_multi_scratch_size(counts, m) bytes (any size when no group has a point),
 * disjoint from every other argument. On output: out[0..m); scratch wiped.
 * Returns: ZK_OK, ZK_ERR_SCRATCH or ZK_ERR_ARGUMENT (NULL pointers, a total over 2^28). Constant time in points
 * and scalars (m and the counts public). */
ZK_API size_t zk_g1_msm_ct_multi_scratch_size(const size_t *counts, size_t m);
ZK_API ZK_WARN_UNUSED zk_err zk_g1_msm_ct_multi(zk_g1 *out, const zk_g1 *points, const zk_fr *scalars,
                                                const size_t *counts, size_t m, void *scratch, size_t scratch_len);

/* Fixed-base tables for G1 points that take part in many variable-time MSMs (the BBS generators): per point,
 * the affine odd multiples 1P, 3P, ..., 255P and their sigma^2 images (width-9 NAF of the GLV halves).
 * A table for n points serves every prefix of those points (table_len covers the prefix).
 * zk_g1_fixed_table_size: the bytes of a table for n points. Constant time (n public).
 * zk_g1_fixed_table_init_var: on input points[0..n) in G1 (the identity allowed), table of table_len bytes,
 * 8-byte aligned. On output: the table. Returns ZK_OK, ZK_ERR_SCRATCH (table too small) or ZK_ERR_ARGUMENT.
 * Variable time: the points must be public. */
ZK_API size_t zk_g1_fixed_table_size(size_t n);
ZK_API ZK_WARN_UNUSED zk_err zk_g1_fixed_table_init_var(void *table, size_t table_len, const zk_g1 *points, size_t n);
/* Returns: the scratch bytes of zk_g1_msm_fixed_var for nf fixed and nv other points (0 when a count is too
 * large). Constant time (public inputs). */
ZK_API size_t zk_g1_msm_fixed_scratch_size(size_t nf, size_t nv);
/* *out = sum_{i < nf} fixed_scalars[i] * (point i of the table) + sum_{i < nv} scalars[i] * points[i], in one
 * doubling chain (GLV halves; width-9 NAF against the table, width-5 tables built for the other points).
 * On input: table from zk_g1_fixed_table_init_var for at least nf points (table_len bytes, so
 * table_len >= zk_g1_fixed_table_size(nf)); points affine in G1 (infinity allowed); scalars canonical; scratch
 * of zk_g1_msm_fixed_scratch_size(nf, nv) bytes. nf and nv may be 0.
 * Returns ZK_OK, ZK_ERR_ARGUMENT (table too small or misaligned) or ZK_ERR_SCRATCH.
 * Variable time: points, table and scalars must be public. */
ZK_API ZK_WARN_UNUSED zk_err zk_g1_msm_fixed_var(zk_g1 *out, const void *table, size_t table_len,
                                                 const zk_fr *fixed_scalars, size_t nf, const zk_g1_affine *points,
                                                 const zk_fr *scalars, size_t nv, void *scratch, size_t scratch_len);

/* ---------------------------------------------------------------- hash to curve (h2c.h), RFC 9380 */

/* hash_to_curve's tail for BLS12381G1_*_SSWU_RO_: the caller runs expand_message (XMD or XOF) for
 * len_in_bytes = 128 and passes the bytes; this reduces u0 = OS2IP(uniform[0..64]) mod p,
 * u1 = OS2IP(uniform[64..128]) mod p, maps both with SSWU + the 11-isogeny, adds and clears the cofactor.
 * Constant time in uniform. */
ZK_API void zk_g1_hash_from_uniform(zk_g1 *out, const uint8_t *uniform128);
/* encode_to_curve's tail (NU): one 64-byte element. Constant time. */
ZK_API void zk_g1_encode_from_uniform(zk_g1 *out, const uint8_t *uniform64);
/* Same for G2 (3-isogeny, psi-based cofactor clearing): 256 and 128 bytes (each Fp2 element takes 2 x 64). */
ZK_API void zk_g2_hash_from_uniform(zk_g2 *out, const uint8_t *uniform256);
ZK_API void zk_g2_encode_from_uniform(zk_g2 *out, const uint8_t *uniform128);

/* ---------------------------------------------------------------- pairing (pairing.h) */

/* Optimal ate pairing, output equal to arkworks' (and snarkjs' vk_alphabeta_12) element by element; it is
 * py_ecc's pairing to the power -3 (arkworks' final exponentiation raises to 3 (p^12 - 1)/r).
 * On input: p on E, q on E' (projective, any Z; the identity is allowed and gives *out = 1), both in their
 * prime-order subgroups (decoded or computed points; not checked here).
 * On output: *out = e(p, q) in GT.
 * Constant time (the points are public in zkcred's protocols; the code does not branch on them anyway). */
ZK_API void zk_pairing(zk_fp12 *out, const zk_g1 *p, const zk_g2 *q);
/* On input: ps[0..n-1], qs[0..n-1] as for zk_pairing; n may be 0.
 * On output: *out = prod e(ps[i], qs[i]): one multi-Miller loop (squarings shared per 16 pairs) and one final
 * exponentiation. Constant time (n public). */
ZK_API void zk_multi_pairing(zk_fp12 *out, const zk_g1 *ps, const zk_g2 *qs, size_t n);
/* On input: as for zk_multi_pairing.
 * Returns: 1 if prod e(ps[i], qs[i]) == 1 (always for n = 0), else 0. Constant time (n public). */
ZK_API int zk_pairing_check(const zk_g1 *ps, const zk_g2 *qs, size_t n);
/* Fixed G2 arguments (a verification key, an accumulator's public key): their lines once, many pairings after.
 * On input: q on E' (projective, any Z; the identity is allowed), in G2.
 * On output: *out = q's Miller-loop lines (zk_g2_prepared), the doubling and addition steps of zk_pairing done once,
 * each line divided by its c0 (which the final exponentiation ignores) unless some c0 is zero.
 * Constant time. */
ZK_API void zk_g2_prepare(zk_g2_prepared *out, const zk_g2 *q);
/* On input: ps[0..n-1] as for zk_pairing; qs[0..n-1] point to lines from zk_g2_prepare; n may be 0.
 * Returns: 1 if prod e(ps[i], q_i) == 1 (always for n = 0), else 0: zk_pairing_check's verdict without the G2
 * arithmetic of the Miller loop (line evaluations, the shared squarings, one final exponentiation).
 * Constant time in ps; the lines are public (the choice of the sparse multiplication follows their c0_one). */
ZK_API int zk_pairing_check_prepared(const zk_g1 *ps, const zk_g2_prepared *const *qs, size_t n);
/* On input: as for zk_pairing_check_prepared.
 * On output: *out = prod e(ps[i], q_i) in GT (1 for n = 0): zk_multi_pairing over prepared lines (a caller that
 * multiplies the product by constants of GT, such as e(alpha, beta), before comparing it with 1).
 * Constant time in ps; the lines are public. */
ZK_API void zk_multi_pairing_prepared(zk_fp12 *out, const zk_g1 *ps, const zk_g2_prepared *const *qs, size_t n);
/* On input: ps[0..n-1], qs[0..n-1] as for zk_multi_pairing; pl[0..nl-1] and ql[0..nl-1] as ps and qs of
 * zk_pairing_check_prepared; n and nl may be 0.
 * On output: *out = prod e(ps[i], qs[i]) * prod e(pl[j], ql_j) in GT, with one Miller loop for both kinds (the G2
 * arithmetic of the points' loop is done for qs only: a batch of proofs whose B differ, beside the fixed keys'
 * lines) and one final exponentiation.
 * Constant time in ps and pl; the lines are public. */
ZK_API void zk_multi_pairing_mixed(zk_fp12 *out, const zk_g1 *ps, const zk_g2 *qs, size_t n, const zk_g1 *pl,
                                   const zk_g2_prepared *const *ql, size_t nl);
/* On input: as for zk_multi_pairing_mixed.
 * Returns: 1 if that product is 1 (always for n = nl = 0), else 0. Constant time in ps and pl. */
ZK_API int zk_pairing_check_mixed(const zk_g1 *ps, const zk_g2 *qs, size_t n, const zk_g1 *pl,
                                  const zk_g2_prepared *const *ql, size_t nl);
/* GT (order-r subgroup of Fp12*) operations. Inputs are elements of GT (from the functions above or
 * zk_gt_from_bytes_var); outputs may alias inputs. Constant time. */
/* On output: *out = 1. */
ZK_API void zk_gt_one(zk_fp12 *out);
/* On output: *out = a * b. */
ZK_API void zk_gt_mul(zk_fp12 *out, const zk_fp12 *a, const zk_fp12 *b);
/* On output: *out = a^-1 (the conjugate: a is unitary). */
ZK_API void zk_gt_inv(zk_fp12 *out, const zk_fp12 *a);
/* On output: *out = a^k (fixed 4-bit windows, masked table lookups, cyclotomic squarings). Constant time in a
 * and k. */
ZK_API void zk_gt_pow(zk_fp12 *out, const zk_fp12 *a, const zk_fr *k);
/* Returns: 1 if a == b (resp. a == 1), else 0. */
ZK_API int zk_gt_eq(const zk_fp12 *a, const zk_fp12 *b);
ZK_API int zk_gt_is_one(const zk_fp12 *a);
/* On output: out[0..575] = the 12 Fp coefficients, 48 bytes big-endian each, in the order c0.c0.c0, c0.c0.c1,
 * c0.c1.c0, ... c1.c2.c1 (arkworks' order; arkworks writes each coefficient little-endian). */
ZK_API void zk_gt_to_bytes(uint8_t *out, const zk_fp12 *a);
/* On input: in[0..575] in the zk_gt_to_bytes layout.
 * On output: *out = the element on success, 0 on failure.
 * Returns: ZK_OK; ZK_ERR_COORDINATE_RANGE if a coefficient is >= p; ZK_ERR_NOT_IN_SUBGROUP if the element is
 * not in GT (test: nonzero, a^(p^4) a == a^(p^2) (cyclotomic) and a^p == a^z; sound because
 * gcd(p - z, p^4 - p^2 + 1) = r).
 * Variable time: the encoding is public. */
ZK_API ZK_WARN_UNUSED zk_err zk_gt_from_bytes_var(zk_fp12 *out, const uint8_t *in);

/* ---------------------------------------------------------------- NTT (ntt.h), owned by the Groth16 work */
/* Roots of unity are ffjavascript's (snarkjs): w_{2^32} = 5^((r-1)/2^32), w_{2^k} = w_{2^32}^(2^(32-k)).
 * A domain is caller-owned memory holding the twiddles of one size N = 2^log_n; it serves every transform of
 * size n <= N. Functions taking nthreads split the work over that many threads inside the call (0 means 1). */

/* Returns the bytes of a domain of size 2^log_n (0 when log_n > 32). Constant time (public input). */
ZK_API size_t zk_ntt_domain_size(unsigned log_n);
/* Fill a domain of size 2^log_n.
 * On input: domain has domain_len >= zk_ntt_domain_size(log_n) bytes. On output: the domain is initialised.
 * Returns ZK_OK, ZK_ERR_ARGUMENT (log_n > 32) or ZK_ERR_SCRATCH (too small). Constant time (no secret input). */
ZK_API ZK_WARN_UNUSED zk_err zk_ntt_domain_init(void *domain, size_t domain_len, unsigned log_n, unsigned nthreads);
/* *out = w_{2^log_n} (log_n <= 32). Constant time. */
ZK_API void zk_ntt_root_of_unity(zk_fr *out, unsigned log_n);
/* In place: a (n scalars, n a power of two <= the domain size) <- its values on <w_n> (forward:
 * a_i <- sum_k a_k w_n^(ik)), or the coefficients back (inverse, 1/n included). Natural order in and out.
 * Returns ZK_OK or ZK_ERR_ARGUMENT (bad n or domain). Constant time in the values of a (n public). */
ZK_API ZK_WARN_UNUSED zk_err zk_fr_ntt(zk_fr *a, size_t n, int inverse, const void *domain, size_t domain_len,
                                       unsigned nthreads);
/* Coset NTT: forward a_i <- sum_k a_k (g w_n^i)^k (values on the coset g<w_n>); inverse undoes it.
 * Returns as zk_fr_ntt. Constant time in a and g. */
ZK_API ZK_WARN_UNUSED zk_err zk_fr_coset_ntt(zk_fr *a, size_t n, const zk_fr *g, int inverse, const void *domain,
                                             size_t domain_len, unsigned nthreads);

/* ---------------------------------------------------------------- Groth16 (QAP, prover, setup, .zkey points) */

/* One non-zero coefficient of the QAP matrices: matrix 0 = A, 1 = B, 2 = C; value in Montgomery form. */
typedef struct { uint32_t matrix; uint32_t row; uint32_t wire; uint32_t reserved; zk_fr value; } zk_qap_entry;

/* Decode n .zkey section-4 records (44 bytes each: u32 matrix, u32 row, u32 wire, 32-byte LE value c*R^2 mod r).
 * On output: out[i] holds them with value = c in Montgomery form.
 * Returns ZK_OK; ZK_ERR_ARGUMENT when matrix > max_matrix, row >= n_rows or wire >= n_wires; ZK_ERR_SCALAR_RANGE
 * when a value is >= r; *bad_index (if not NULL) names the first bad record. Variable time: inputs public. */
ZK_API ZK_WARN_UNUSED zk_err zk_qap_entries_from_zkey_var(zk_qap_entry *out, const uint8_t *in, size_t n,
                                                          uint32_t max_matrix, uint32_t n_rows, uint32_t n_wires,
                                                          size_t *bad_index);
/* Encode n entries as .zkey section-4 records (44 * n bytes). Constant time. */
ZK_API void zk_qap_entries_to_zkey(uint8_t *out, const zk_qap_entry *in, size_t n);
/* Decode n 32-byte little-endian canonical scalars (the .wtns layout) into Montgomery form.
 * Returns ZK_OK or ZK_ERR_SCALAR_RANGE (a value >= r; it is replaced by 0); *bad_index (if not NULL) is set to
 * the index of the first bad value, or n when all are canonical.
 * Constant time in the values (only the verdict and that index depend on them). */
ZK_API ZK_WARN_UNUSED zk_err zk_fr_batch_from_le(zk_fr *out, const uint8_t *in, size_t n, size_t *bad_index);
/* Encode n scalars as 32-byte little-endian canonical integers. Constant time. */
ZK_API void zk_fr_batch_to_le(uint8_t *out, const zk_fr *in, size_t n);

/* Returns the scratch bytes for zk_groth16_witness_map on a domain of size n. Constant time (public input). */
ZK_API size_t zk_groth16_witness_map_scratch_size(size_t n);
/* The QAP witness map as snarkjs computes it: a_row = sum A[row][w] z_w, b_row likewise, c = a o b on the size-n
 * domain (n = 2^log_n); each of a, b, c is interpolated and evaluated on the odd coset w_2n <w_n>; h = a b - c
 * there (the coefficients that the .zkey H points, the odd size-2n Lagrange bases over delta, expect).
 * On input: entries (matrix 0 and 1 are read, 2 ignored) with row < n and wire < n_wires; witness has n_wires
 * scalars; domain has size >= 2n; scratch has zk_groth16_witness_map_scratch_size(n) bytes.
 * On output: h[0..n) as above; scratch is wiped.
 * Returns ZK_OK, ZK_ERR_ARGUMENT or ZK_ERR_SCRATCH. Constant time in the witness (the structure is public). */
ZK_API ZK_WARN_UNUSED zk_err zk_groth16_witness_map(zk_fr *h, const zk_qap_entry *entries, size_t n_entries,
                                                    const zk_fr *witness, size_t n_wires, unsigned log_n,
                                                    const void *domain, size_t domain_len, unsigned nthreads,
                                                    void *scratch, size_t scratch_len);

/* .zkey point encoding: G1 = x || y, G2 = x.c0 || x.c1 || y.c0 || y.c1, each coordinate 48 bytes little-endian
 * Montgomery (x * 2^384 mod p), the point at infinity all zeros. Decoding checks range and curve equation, not
 * the subgroup (trusted setup output; see zkcred/groth16/keys.py). The checks run on nthreads threads.
 * Returns ZK_OK, ZK_ERR_COORDINATE_RANGE or ZK_ERR_NOT_ON_CURVE with *bad_index (if not NULL) naming the first
 * bad point (out[] is then partly written). Variable time: inputs public. */
ZK_API ZK_WARN_UNUSED zk_err zk_g1_affine_from_zkey_var(zk_g1_affine *out, const uint8_t *in, size_t n,
                                                        unsigned nthreads, size_t *bad_index);
ZK_API ZK_WARN_UNUSED zk_err zk_g2_affine_from_zkey_var(zk_g2_affine *out, const uint8_t *in, size_t n,
                                                        unsigned nthreads, size_t *bad_index);
/* Encode n affine points (96 / 192 bytes each). Constant time in the coordinates. */
ZK_API void zk_g1_affine_to_zkey(uint8_t *out, const zk_g1_affine *in, size_t n);
ZK_API void zk_g2_affine_to_zkey(uint8_t *out, const zk_g2_affine *in, size_t n);

/* A Groth16 proving key in C memory (the .zkey sections, decoded). The arrays belong to the caller:
 * a, b1 (n_vars G1), b2 (n_vars G2) -- or, with a wire list, only the points at infinity left out (see
 * zk_g1_affine_compact_var; real circuits leave most of B out), c (n_vars - n_public - 1 G1: wires
 * n_public+1..n_vars-1), h (2^log_n G1),
 * entries (n_entries QAP entries, rows < 2^log_n, wires < n_vars). */
typedef struct {
    size_t n_vars;
    size_t n_public;
    unsigned log_n;
    const zk_g1_affine *a;
    const zk_g1_affine *b1;
    const zk_g2_affine *b2;
    const uint32_t *a_wires;   /* NULL: a is dense (n_vars points); else a has n_a points for these wires */
    size_t n_a;
    const uint32_t *b1_wires;  /* same for b1 */
    size_t n_b1;
    const uint32_t *b2_wires;  /* same for b2 */
    size_t n_b2;
    const zk_g1_affine *c;
    const zk_g1_affine *h;
    const zk_qap_entry *entries;
    size_t n_entries;
    zk_g1 alpha1;
    zk_g1 beta1;
    zk_g1 delta1;
    zk_g2 beta2;
    zk_g2 delta2;
} zk_groth16_pk;

/* Move the points of pts[0..n) that are not at infinity to the front (order kept) and set idx[k] to the
 * original index of the k-th one. Returns their count. Variable time: the points are public. */
ZK_API size_t zk_g1_affine_compact_var(zk_g1_affine *pts, uint32_t *idx, size_t n);
ZK_API size_t zk_g2_affine_compact_var(zk_g2_affine *pts, uint32_t *idx, size_t n);

/* Returns the scratch bytes for zk_groth16_prove_var with this key on nthreads threads (0 for a malformed key).
 * Variable time: the key is public. */
ZK_API size_t zk_groth16_prove_scratch_size(const zk_groth16_pk *pk, unsigned nthreads);
/* A Groth16 proof, computed as snarkjs's groth16_prove.js does:
 *   A = alpha1 + sum_j w_j A_j + r delta1,  B = beta2 + sum_j w_j B2_j + s delta2,
 *   B1 = beta1 + sum_j w_j B1_j + s delta1,
 *   C = sum_{j > n_public} w_j C_j + sum_i h_i H_i + s A + r B1 - r s delta1  (h: zk_groth16_witness_map).
 * On input: witness has pk->n_vars scalars (w_0 = 1); r, s fresh uniform scalars; domain has size
 * >= 2^(log_n + 1); scratch has zk_groth16_prove_scratch_size(pk, nthreads) bytes.
 * On output: *pi_a, *pi_b, *pi_c; scratch is wiped.
 * Returns ZK_OK, ZK_ERR_ARGUMENT or ZK_ERR_SCRATCH.
 * Variable time: the MSMs over the witness and h are variable time (Pippenger), so the witness's timing is
 * exposed to a local observer; the witness map and the r, s terms are constant time. */
ZK_API ZK_WARN_UNUSED zk_err zk_groth16_prove_var(zk_g1 *pi_a, zk_g2 *pi_b, zk_g1 *pi_c, const zk_groth16_pk *pk,
                                                  const zk_fr *witness, const zk_fr *r, const zk_fr *s,
                                                  const void *domain, size_t domain_len, unsigned nthreads,
                                                  void *scratch, size_t scratch_len);

/* Returns the scratch bytes for zk_groth16_prove_ct with this key on nthreads threads (0 for a malformed key).
 * Variable time: the key is public. */
ZK_API size_t zk_groth16_prove_ct_scratch_size(const zk_groth16_pk *pk, unsigned nthreads);
/* The proof of zk_groth16_prove_var, CONSTANT TIME in the witness, r and s (every predicate circuit of
 * zkcred.credentials: range64, set16, merkle<d>): the query points at infinity are skipped (the key's structure,
 * public; a compacted query has none); over A, B1, C and B2 a wire flagged in is_bit costs one complete addition
 * (always computed) kept by a masked move, the other wires go through the constant-time MSM (G1) or one
 * constant-time G2 MSM (Straus over chunks of 16 points, 5-bit signed windows, masked lookups; s delta2 is one of
 * its terms; split into up to nthreads tasks); sum_i h_i H_i is the constant-time MSM over the full scalars h, with
 * C's randomiser terms appended: C = acc_c + acc_h + s A + r (beta1 + acc_b1) (equal to snarkjs's
 * s A + r B1 - r s delta1 for B1 = beta1 + acc_b1 + s delta1), and A's r delta1 a term of A's MSM.
 * On input: pk as for zk_groth16_prove_var; witness has pk->n_vars reduced scalars with w_0 = 1 (added as is);
 * is_bit has pk->n_vars public flags, is_bit[0] = 0: 0 a secret wire, 1 a secret wire that holds 0 or 1 (a
 * circuit that constrains it boolean; another value counts as 0 and the proof does not verify), 2 a wire whose
 * VALUE IS PUBLIC (the caller vouches: a statement's public input, never a committed or private wire; allowed
 * on wires 1..pk->n_public only) -- its B2 term goes through the variable-time G2 MSM, its G1 terms through the
 * constant-time ones; hd NULL (the H query), or the
 * H query in the Lagrange basis of <w_n> at rows hd_rows[0..n_hd) (hd_i = sum_k L_(hd_rows[i])(rho_k) H_k over
 * the odd coset points rho_k), for circuits where h vanishes on every other row of <w_n>: so when the C matrix
 * is empty (each constraint reads x * y = 0) and A and B have no entry in those rows (h = AB/Z then has a zero
 * there); the sum over h then runs over n_hd points instead of 2^log_n; hd_tab NULL, or (with hd only) the
 * multiples of the hd points as zk_g1_multiples_table_var gives them (16 n_hd entries, computed once per key),
 * which the H sum then reads instead of building them at every proof; r, s fresh uniform scalars;
 * domain of size >= 2^(log_n + 1); scratch of zk_groth16_prove_ct_scratch_size(pk, nthreads) bytes, disjoint
 * from the rest; nthreads >= 2 runs two phases on the shared pool: first the G2 MSM's parts, the witness map with
 * A, and B1, C with B2's boolean terms; then the H sum split into up to nthreads chunks (0 means 1: everything on
 * the caller; the proof is the same for every nthreads).
 * On output: *pi_a, *pi_b, *pi_c; scratch is wiped.
 * Returns ZK_OK, ZK_ERR_ARGUMENT (also: a flag > 2, or 2 on a wire > n_public) or ZK_ERR_SCRATCH. Constant time
 * in witness, r and s (key, is_bit and nthreads public; the values of the wires flagged 2 are public too). */
ZK_API ZK_WARN_UNUSED zk_err zk_groth16_prove_ct(zk_g1 *pi_a, zk_g2 *pi_b, zk_g1 *pi_c, const zk_groth16_pk *pk,
                                                 const zk_fr *witness, const uint8_t *is_bit,
                                                 const zk_g1_affine *hd, const uint32_t *hd_rows, size_t n_hd,
                                                 const zk_g1_affine *hd_tab, const zk_fr *r, const zk_fr *s,
                                                 const void *domain,
                                                 size_t domain_len, unsigned nthreads, void *scratch,
                                                 size_t scratch_len);

/* The witness of zkcred.circuits.range64 (ZK_RANGE64_WIRES wires, .wtns layout: 32-byte little-endian each):
 * ONE, lo, hi, v, the 64 bits of v - lo, the 64 bits of hi - v (least significant first).
 * On input: v reduced (secret); lo, hi public; out has 32 * ZK_RANGE64_WIRES bytes.
 * On output: out = the witness, or all zero on failure; *failed = bit 0 set when v - lo is not an integer in
 * [0, 2^64) (v < lo, or v - lo >= 2^64), bit 1 the same for hi - v (so 0 iff lo <= v <= hi as integers).
 * Returns ZK_OK, or ZK_ERR_ARGUMENT when *failed != 0 or a pointer is NULL.
 * Constant time in v (the verdict is the one output that depends on it). */
#define ZK_RANGE64_WIRES 132
ZK_API ZK_WARN_UNUSED zk_err zk_range64_witness_ct(uint8_t *out, const zk_fr *v, uint64_t lo, uint64_t hi,
                                                   unsigned *failed);

/* Returns the scratch bytes for zk_groth16_setup (0 when log_n > 28). Constant time (public inputs). */
ZK_API size_t zk_groth16_setup_scratch_size(size_t n_vars, unsigned log_n, unsigned nthreads);
/* Development trusted setup (gamma = 1, the snarkjs key shape) from the toxic waste
 * toxic = {tau, alpha, beta, delta}, all nonzero, tau outside the 2n-th roots of unity.
 * On input: entries hold the A, B (matrix 0, 1; with the public-input rows) and C (matrix 2) coefficients,
 * rows < n = 2^log_n, wires < n_vars; domain has size >= 2n; scratch as sized.
 * On output: a, b1 (n_vars G1), b2 (n_vars G2), ic (n_public + 1 G1), c (n_vars - n_public - 1 G1), h (n G1),
 * g1 = {alpha1, beta1, delta1}, g2 = {beta2, gamma2, delta2}, tau1 = {tau^j G1 : j = 1..n} (n points),
 * tau2 = {tau G2, tau^n G2} (the powers that let a holder check the key: zkcred.groth16.lego.check_keys), all
 * affine; scratch is wiped.
 * Returns ZK_OK, ZK_ERR_ARGUMENT (bad sizes, entries or toxic waste) or ZK_ERR_SCRATCH.
 * Constant time in the toxic waste (fixed-base combs with masked lookups); the structure is public. */
ZK_API ZK_WARN_UNUSED zk_err zk_groth16_setup(zk_g1_affine *a, zk_g1_affine *b1, zk_g2_affine *b2, zk_g1_affine *ic,
                                              zk_g1_affine *c, zk_g1_affine *h, zk_g1_affine *g1, zk_g2_affine *g2,
                                              zk_g1_affine *tau1, zk_g2_affine *tau2, const zk_qap_entry *entries, size_t n_entries, size_t n_vars,
                                              size_t n_public, unsigned log_n, const zk_fr *toxic, const void *domain,
                                              size_t domain_len, unsigned nthreads, void *scratch, size_t scratch_len);

/* ---------------------------------------------------------------- VB accumulator (accum.h) */

/* The positive VB accumulator's epoch (zkcred.registry.accumulator; Vitto-Biryukov 2020, sections 3-4): d changes,
 * elems[i] with removal[i] = 0 (an addition, applied first) or 1 (a removal); h_eff = 1 - z = 0xd201000000010001.
 * zk_vb_update_points_scratch_size / zk_vb_witness_update_scratch_size: scratch bytes for d changes (0 when d is 0
 * or > 2^20). Constant time.
 *
 * zk_vb_update_points (issuer): On input: v_old in G1 (the value before the epoch), alpha reduced, elems[0..d)
 * reduced, removal[0..d) each 0 or 1, scratch of zk_vb_update_points_scratch_size(d) bytes, disjoint from every
 * other argument; out (d points) disjoint from elems.
 * On output: *zero = 1 when some element equals -alpha (out unspecified), else 0 and out[i] = W_{i+1}, the value
 * after change i (W_{i+1} = (a + alpha) W_i or W_i / (b + alpha)), multiplied by h_eff^-1 mod r for i < d - 1
 * (the published Omega points); out[d - 1] = V_new. scratch is wiped.
 * Returns ZK_OK, ZK_ERR_ARGUMENT (d = 0 or d > 2^20) or ZK_ERR_SCRATCH.
 * Constant time in alpha (removal, d and v_old public; *zero is the one secret-dependent verdict, computed with the
 * same work either way). */
ZK_API size_t zk_vb_update_points_scratch_size(size_t d);
ZK_API ZK_WARN_UNUSED zk_err zk_vb_update_points(zk_g1 *out, int *zero, const zk_g1 *v_old, const zk_fr *alpha,
                                                 const zk_fr *elems, const uint8_t *removal, size_t d,
                                                 void *scratch, size_t scratch_len);
/* zk_vb_witness_update (holder): On input: c in G1 (the witness for w[0]), y reduced, elems and removal as above
 * (the changes of one or more epochs, in order), w[0..d] the values around them (w[0] = the witness's value, w[i]
 * after change i), on the curve; scaled[i] = 1 when w[i] is an Omega point (it carries h_eff^-1; only its G1 part
 * matters), 0 when it is an accumulator value in G1 (w[0], w[d] and the values between epochs). scratch of
 * zk_vb_witness_update_scratch_size(d, nthreads) bytes, disjoint from every other argument; the MSM runs in parts
 * on up to nthreads threads (0 means 1): at most one part per 24 points, each a run of whole groups of eight
 * (the last may be shorter), so an update of 46 changes or fewer runs on the caller alone; a scratch sized for
 * nthreads serves any smaller count.
 * On output: *removed = 1 when y is among the removed elements (*out unspecified), else 0 and *out = the witness for
 * w[d], in G1. scratch is wiped.
 * Returns ZK_OK, ZK_ERR_ARGUMENT (d = 0 or d > 2^20) or ZK_ERR_SCRATCH.
 * Constant time in c and y (the rest public; *removed is the one secret-dependent verdict, computed with the same
 * work either way). */
ZK_API size_t zk_vb_witness_update_scratch_size(size_t d, unsigned nthreads);
ZK_API ZK_WARN_UNUSED zk_err zk_vb_witness_update(zk_g1 *out, int *removed, const zk_g1 *c, const zk_fr *y,
                                                  const zk_fr *elems, const uint8_t *removal, const zk_g1 *w,
                                                  const uint8_t *scaled, size_t d, unsigned nthreads,
                                                  void *scratch, size_t scratch_len);
/* zk_vb_witness_check (holder): VB20's membership check e(C, y P~ + Q~) == e(V, P~) for a witness C of y against
 * the accumulator value V, computed as e(C, Q~) e(y C - V, P~) == 1 so that the G2 arguments are fixed: one
 * constant-time multiplication y C (GLV), one Miller loop over the two pairs, one final exponentiation.
 * On input: c and v in G1 (projective, any Z), y reduced; lq and lp the lines (zk_g2_prepare) of the accumulator's
 * public key Q~ and of the G2 generator P~.
 * Returns 1 when the equation holds, else 0.
 * Constant time in c and y (v and the lines public); the verdict is the public outcome. This function wipes its
 * own copies of C and y C - V and the Miller loop's value; the temporaries inside the multiplication and the
 * Miller loop are not wiped (as in zk_pairing_check_prepared). */
ZK_API int zk_vb_witness_check(const zk_g1 *c, const zk_fr *y, const zk_g1 *v, const zk_g2_prepared *lq,
                               const zk_g2_prepared *lp);
/* zk_vb_decode_update_var: the points of a published update (zkcred.registry.accumulator.UpdateData). On input:
 * value_in holds one compressed G1 encoding (48 bytes: the new accumulator value), omega_in n of them (Omega);
 * value (one point) and omega (n points) disjoint from each other and from the inputs.
 * On output: *value decoded with every check (flags, range, on the curve, in G1), omega[i] with every check but
 * the subgroup test (flags, range, on the curve; the holder's h_eff clears the rest); the identity decodes.
 * Returns ZK_OK, or the first rule broken: the value's, with *bad_index = SIZE_MAX, else Omega's first, with
 * *bad_index its index (the outputs are then unspecified). The square roots run on eight AVX-512 IFMA lanes where
 * the CPU has them; the value's decode and Omega's parts run on up to nthreads threads (0 means 1): at most one
 * part per 32 encodings, each a run of whole groups of eight (the last may be shorter).
 * Variable time: public data. */
ZK_API ZK_WARN_UNUSED zk_err zk_vb_decode_update_var(zk_g1 *value, zk_g1 *omega, const uint8_t *value_in,
                                                     const uint8_t *omega_in, size_t n, unsigned nthreads,
                                                     size_t *bad_index);

/* ZK_CDEF_END */

/* ---------------------------------------------------------------- test-only hooks (development build only)
 * Compiled only with ZK_TEST_HOOKS (ZKCRED_TEST_HOOKS=1 for csrc/ffibuild.py, which `make` sets for the
 * development and test builds, and the C harnesses of csrc/tests); a wheel's library does not contain them. The
 * block between ZK_TEST_CDEF_BEGIN and ZK_TEST_CDEF_END joins the cdef in that build. */
#ifdef ZK_TEST_HOOKS
/* ZK_TEST_CDEF_BEGIN */
/* Testing hook: on != 0 makes Fp multiplication use the portable C even where the x86-64 mulx/adcx/adox path is
 * available, and the MSM use scalar additions where the AVX-512 IFMA lanes are; on == 0 restores the
 * CPU-detected choice. Returns 1 if the portable paths were in use before.
 * Not thread safe: call it only while no other thread uses the library. */
ZK_API int zk_fp_force_portable(int on);

/* Testing hook for the eight-lane AVX-512 IFMA arithmetic of the MSM (csrc/fp_ifma.h), on raw values: lane k's
 * limb i (52 bits) is at x[8 k + i] for x = a, b, c, d, r, s (64 words each).
 * op 0: r = fpv_mul(a, b); 1: r = fpv_reduce(a); 2: r = fpv_sub(a, b, 2^35 p); 3: (r, s) = fpv2_mul((a, b), (c, d));
 * op 4: r[8 k + j] (j < 6) = the 64-bit words of lane k of a leaving the domain; 5: r = a entering the domain,
 * where a[8 k + j] (j < 6) are the 64-bit words of lane k.
 * Returns ZK_OK, or ZK_ERR_ARGUMENT when the CPU (or the build) has no IFMA path or op is unknown. */
ZK_API ZK_WARN_UNUSED zk_err zk_fp_lanes_test(int op, uint64_t *r, uint64_t *s, const uint64_t *a, const uint64_t *b,
                                              const uint64_t *c, const uint64_t *d);
/* Testing hook for the GLV/GLS scalar split (scalar_split_z2, csrc/g1_impl.h): k = k1 + k2 z^2 with
 * out[0..1] = k1 = k mod z^2 and out[2..3] = k2 = k div z^2 (little-endian 64-bit limbs). On input: k canonical.
 * Constant time. */
ZK_API void zk_scalar_split_test(uint64_t out[4], const zk_fr *k);
/* Testing hooks for the eight-lane subgroup tests (g1_in_subgroup8_ifma, g2_in_subgroup8_ifma) alone, without
 * the one-point re-check of the lanes that do not pass: ok[i] = 1 when the lanes verified pts[i] in G1 (G2), else
 * 0. On input: 1 <= n <= 8; pts[i] with Z = 1 (as decoded), on the curve, not the identity.
 * Returns ZK_OK, or ZK_ERR_ARGUMENT when the CPU (or the build) has no IFMA path or the input breaks the above. */
ZK_API ZK_WARN_UNUSED zk_err zk_g1_subgroup_lanes_test(uint8_t *ok, const zk_g1 *pts, size_t n);
ZK_API ZK_WARN_UNUSED zk_err zk_g2_subgroup_lanes_test(uint8_t *ok, const zk_g2 *pts, size_t n);
/* ZK_TEST_CDEF_END */
#endif

#ifdef __cplusplus
}
#endif

#endif /* ZKCRED_H */
