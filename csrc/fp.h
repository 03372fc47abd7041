/* fp.h -- the base field Fp of BLS12-381 (p = 0x1a01..aaab, 381 bits), Montgomery form, 6 x 64-bit limbs.
 *
 * Every fp argument is fully reduced (< p) in Montgomery form unless said otherwise; outputs are too.
 * Outputs may alias inputs. All functions are constant time unless the name ends in _var. */
#ifndef ZK_FP_H
#define ZK_FP_H

#include "zkcred.h"
#include "mont.h"

typedef zk_fp fp;

/* r = 0 / r = 1. */
static inline void fp_zero(fp *r);
static inline void fp_one(fp *r);
/* r = a + b, a - b, -a, 2a, 3a, a * b, a^2 (mod p). */
static inline void fp_add(fp *r, const fp *a, const fp *b);
static inline void fp_sub(fp *r, const fp *a, const fp *b);
static inline void fp_neg(fp *r, const fp *a);
static inline void fp_dbl(fp *r, const fp *a);
static inline void fp_mul3(fp *r, const fp *a);
static inline void fp_mul(fp *r, const fp *a, const fp *b);
static inline void fp_sqr(fp *r, const fp *a);
/* Returns 1 if a == b / a == 0 / a == 1, else 0. */
static inline uint64_t fp_eq(const fp *a, const fp *b);
static inline uint64_t fp_is_zero(const fp *a);
static inline uint64_t fp_is_one(const fp *a);
/* r = flag ? a : r; swap a, b when flag (flag is 0 or 1). */
static inline void fp_cmov(fp *r, const fp *a, uint64_t flag);
static inline void fp_cswap(fp *a, fp *b, uint64_t flag);
/* r = a^e for a public exponent e of nlimbs little-endian limbs (fixed 4-bit windows).
 * Constant time in a; variable time in e, which must be public. */
static void fp_pow_fixed_exp(fp *r, const fp *a, const uint64_t *e, size_t nlimbs);
/* r = a^-1 (Fermat: a^(p-2)); r = 0 when a = 0. */
static void fp_inv(fp *r, const fp *a);
/* r = a^-1 (Bernstein-Yang safegcd, 62-bit divsteps with the variable-time inner loop of libsecp256k1's
 * modinv64_var, adapted to 384 bits: 7 signed 62-bit limbs); r = 0 when a = 0. About 5x faster than fp_inv.
 * Variable time: a must be public. */
static void fp_inv_var(fp *r, const fp *a);
/* r = a^((p+1)/4). Returns 1 if r^2 == a (a is a square; r is then a square root), else 0. */
static uint64_t fp_sqrt(fp *r, const fp *a);
/* Returns the parity of the canonical integer (RFC 9380 sgn0 for m = 1). */
static inline uint64_t fp_sgn0(const fp *a);
/* Returns 1 if the canonical integer of a is > (p-1)/2 (ZCash "lexicographically largest"), else 0. */
static uint64_t fp_is_lex_largest(const fp *a);
/* r = canonical integer in Montgomery form / back: to_mont(x) = x*R mod p for plain x < p. */
static inline void fp_to_mont(fp *r, const fp *plain);
static inline void fp_from_mont(fp *plain, const fp *a);
/* Decode 48 big-endian bytes; returns 1 if the value is < p (r set), else 0 (r = 0). */
static uint64_t fp_from_be(fp *r, const uint8_t in[48]);
/* Encode a as 48 canonical big-endian bytes. */
static void fp_to_be(uint8_t out[48], const fp *a);
/* r = OS2IP(in[0..64]) mod p (hash_to_field's reduction of a 64-byte chunk). */
static void fp_from_be64_reduce(fp *r, const uint8_t in[64]);
/* Invert n elements in place with one inversion; zeros stay zero. scratch holds n elements. n public. */
static void fp_batch_inv(fp *a, size_t n, fp *scratch);

#endif
