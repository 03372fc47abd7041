/* ct.h -- constant-time building blocks: masks, selects, wiping.
 *
 * A "mask" is 0 or all-ones (uint64_t). Secret-dependent choices are made with these, never with branches
 * or secret-indexed memory accesses. */
#ifndef ZK_CT_H
#define ZK_CT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef unsigned __int128 u128;

/* Fully unroll the short limb loops (6 limbs at most) so that limbs live in registers. */
#define ZK_UNROLL _Pragma("GCC unroll 8")

/* Returns all-ones if bit (0 or 1) is 1, else 0. Constant time. */
static inline uint64_t ct_mask(uint64_t bit) { return (uint64_t)0 - (bit & 1); }

/* Returns 1 if x == 0, else 0. Constant time. */
static inline uint64_t ct_is_zero(uint64_t x) { return 1 ^ ((x | ((uint64_t)0 - x)) >> 63); }

/* Returns 1 if a == b, else 0. Constant time. */
static inline uint64_t ct_u64_eq(uint64_t a, uint64_t b) { return ct_is_zero(a ^ b); }

/* Returns 1 if the n-limb values a and b are equal, else 0. Constant time. */
static inline uint64_t ct_limbs_eq(const uint64_t *a, const uint64_t *b, size_t n) {
    uint64_t d = 0;
    ZK_UNROLL
    for (size_t i = 0; i < n; i++) d |= a[i] ^ b[i];
    return ct_is_zero(d);
}

/* Returns 1 if the n-limb value a is zero, else 0. Constant time. */
static inline uint64_t ct_limbs_is_zero(const uint64_t *a, size_t n) {
    uint64_t d = 0;
    ZK_UNROLL
    for (size_t i = 0; i < n; i++) d |= a[i];
    return ct_is_zero(d);
}

/* r = flag ? a : r, over n limbs (flag is 0 or 1). Constant time. */
static inline void ct_cmov(uint64_t *r, const uint64_t *a, size_t n, uint64_t flag) {
    uint64_t m = ct_mask(flag);
    ZK_UNROLL
    for (size_t i = 0; i < n; i++) r[i] ^= m & (r[i] ^ a[i]);
}

/* Swap a and b over n limbs when flag is 1. Constant time. */
static inline void ct_cswap(uint64_t *a, uint64_t *b, size_t n, uint64_t flag) {
    uint64_t m = ct_mask(flag);
    ZK_UNROLL
    for (size_t i = 0; i < n; i++) {
        uint64_t t = m & (a[i] ^ b[i]);
        a[i] ^= t;
        b[i] ^= t;
    }
}

/* Wipe secret memory in a way the compiler may not elide. With GCC/Clang: memset, then an empty asm that takes p
 * and clobbers memory, so the stores count as read (explicit_bzero's idiom; a byte-wise volatile loop is ~30x
 * slower on the hundreds of kilobytes of an MSM's scratch). Elsewhere: volatile byte stores. */
static inline void ct_wipe(void *p, size_t len) {
#if defined(__GNUC__)
    memset(p, 0, len);
    __asm__ __volatile__("" : : "r"(p) : "memory");
#else
    volatile unsigned char *v = (volatile unsigned char *)p;
    while (len--) *v++ = 0;
#endif
}

#endif
