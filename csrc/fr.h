/* fr.h -- the scalar field Fr of BLS12-381 (r = 0x73ed..0001, 255 bits), Montgomery form, 4 x 64-bit limbs.
 *
 * Same conventions as fp.h: inputs reduced, outputs reduced, aliasing allowed, constant time unless _var.
 * The public zk_fr_* functions (zkcred.h) are thin wrappers over these. */
#ifndef ZK_FR_H
#define ZK_FR_H

#include "zkcred.h"
#include "mont.h"

typedef zk_fr fr;

static inline void fr_zero(fr *r);
static inline void fr_one(fr *r);
static inline void fr_add(fr *r, const fr *a, const fr *b);
static inline void fr_sub(fr *r, const fr *a, const fr *b);
static inline void fr_neg(fr *r, const fr *a);
static inline void fr_mul(fr *r, const fr *a, const fr *b);
static inline void fr_sqr(fr *r, const fr *a);
static inline uint64_t fr_eq(const fr *a, const fr *b);
static inline uint64_t fr_is_zero(const fr *a);
static inline void fr_cmov(fr *r, const fr *a, uint64_t flag);
/* plain <-> Montgomery. to_mont requires plain < r. */
static inline void fr_to_mont(fr *r, const fr *plain);
static inline void fr_from_mont(fr *plain, const fr *a);
/* r = a^e for a public exponent of nlimbs limbs. Constant time in a only. */
static void fr_pow_fixed_exp(fr *r, const fr *a, const uint64_t *e, size_t nlimbs);
/* r = a^-1 (0 -> 0). */
static void fr_inv(fr *r, const fr *a);
/* Canonical plain little-endian limbs of a (for scalar multiplication recoding). */
static inline void fr_to_plain(uint64_t out[4], const fr *a);

#endif
