/* mont.h -- n-limb Montgomery arithmetic shared by Fp (6 limbs) and Fr (4 limbs).
 *
 * The functions take the limb count as an argument and are always inlined into fp/fr wrappers with a
 * constant count, so the compiler unrolls them. Preconditions for all: inputs are fully reduced (< m), m is
 * odd, and the top limb of m is below 2^62 (true for p and r), which lets the multiplication skip the extra
 * carry word (the "no-carry" CIOS of Gautam/gnark). Constant time. */
#ifndef ZK_MONT_H
#define ZK_MONT_H

#include "ct.h"

#define ZK_INLINE static inline __attribute__((always_inline))

/* Carry-chain primitives: add/sub with carry in/out (cin, bin are 0 or 1). On x86-64 the compiler intrinsics
 * give straight adc/sbb chains; elsewhere 128-bit arithmetic. Constant time. */
#if defined(__x86_64__) && !defined(ZK_NO_ASM)
#include <x86intrin.h>
ZK_INLINE uint64_t addc(uint64_t a, uint64_t b, uint64_t cin, uint64_t *cout) {
    unsigned long long r;
    *cout = _addcarry_u64((unsigned char)cin, a, b, &r);
    return r;
}
ZK_INLINE uint64_t subb(uint64_t a, uint64_t b, uint64_t bin, uint64_t *bout) {
    unsigned long long r;
    *bout = _subborrow_u64((unsigned char)bin, a, b, &r);
    return r;
}
#else
ZK_INLINE uint64_t addc(uint64_t a, uint64_t b, uint64_t cin, uint64_t *cout) {
    u128 v = (u128)a + b + cin;
    *cout = (uint64_t)(v >> 64);
    return (uint64_t)v;
}
ZK_INLINE uint64_t subb(uint64_t a, uint64_t b, uint64_t bin, uint64_t *bout) {
    u128 v = (u128)a - b - bin;
    *bout = (uint64_t)(v >> 64) & 1;
    return (uint64_t)v;
}
#endif

/* r = a + b mod m. */
ZK_INLINE void mont_add(uint64_t *r, const uint64_t *a, const uint64_t *b, const uint64_t *m, size_t n) {
    uint64_t t[6], s[6], carry = 0, borrow = 0;
    ZK_UNROLL
    for (size_t i = 0; i < n; i++) t[i] = addc(a[i], b[i], carry, &carry);
    ZK_UNROLL
    for (size_t i = 0; i < n; i++) s[i] = subb(t[i], m[i], borrow, &borrow);
    /* a + b < 2m < 2^(64n): no carry out; keep t when t < m (borrow set). */
    uint64_t keep = ct_mask(borrow);
    ZK_UNROLL
    for (size_t i = 0; i < n; i++) r[i] = (t[i] & keep) | (s[i] & ~keep);
}

/* r = a - b mod m. */
ZK_INLINE void mont_sub(uint64_t *r, const uint64_t *a, const uint64_t *b, const uint64_t *m, size_t n) {
    uint64_t t[6], borrow = 0, carry = 0;
    ZK_UNROLL
    for (size_t i = 0; i < n; i++) t[i] = subb(a[i], b[i], borrow, &borrow);
    uint64_t mask = ct_mask(borrow);
    ZK_UNROLL
    for (size_t i = 0; i < n; i++) r[i] = addc(t[i], m[i] & mask, carry, &carry);
}

/* r = -a mod m (0 stays 0). */
ZK_INLINE void mont_neg(uint64_t *r, const uint64_t *a, const uint64_t *m, size_t n) {
    uint64_t nz = 1 ^ ct_limbs_is_zero(a, n), mask = ct_mask(nz), borrow = 0;
    ZK_UNROLL
    for (size_t i = 0; i < n; i++) r[i] = subb(m[i], a[i], borrow, &borrow) & mask;
}

/* r = a if a < m else a - m, for a < 2m. */
ZK_INLINE void mont_reduce_once(uint64_t *r, const uint64_t *a, const uint64_t *m, size_t n) {
    uint64_t s[6], borrow = 0;
    ZK_UNROLL
    for (size_t i = 0; i < n; i++) s[i] = subb(a[i], m[i], borrow, &borrow);
    uint64_t keep = ct_mask(borrow);
    ZK_UNROLL
    for (size_t i = 0; i < n; i++) r[i] = (a[i] & keep) | (s[i] & ~keep);
}

/* r = a * b / 2^(64n) mod m (CIOS, no-carry variant). */
ZK_INLINE void mont_mul(uint64_t *r, const uint64_t *a, const uint64_t *b, const uint64_t *m, uint64_t n0,
                        size_t n) {
    uint64_t t[6] = {0};
    ZK_UNROLL
    for (size_t i = 0; i < n; i++) {
        u128 v = (u128)a[0] * b[i] + t[0];
        uint64_t A = (uint64_t)(v >> 64);
        t[0] = (uint64_t)v;
        uint64_t q = t[0] * n0;
        u128 w = (u128)q * m[0] + t[0];
        uint64_t C = (uint64_t)(w >> 64);
        ZK_UNROLL
        for (size_t j = 1; j < n; j++) {
            v = (u128)a[j] * b[i] + t[j] + A;
            A = (uint64_t)(v >> 64);
            w = (u128)q * m[j] + (uint64_t)v + C;
            C = (uint64_t)(w >> 64);
            t[j - 1] = (uint64_t)w;
        }
        t[n - 1] = C + A;
    }
    mont_reduce_once(r, t, m, n);
}

/* r = a / 2^(64n) mod m: leaves Montgomery form. */
ZK_INLINE void mont_from(uint64_t *r, const uint64_t *a, const uint64_t *m, uint64_t n0, size_t n) {
    uint64_t one[6] = {1, 0, 0, 0, 0, 0};
    mont_mul(r, a, one, m, n0, n);
}

/* Returns 1 if the plain n-limb integer a is < m, else 0. Constant time. */
ZK_INLINE uint64_t mont_lt(const uint64_t *a, const uint64_t *m, size_t n) {
    uint64_t borrow = 0;
    ZK_UNROLL
    for (size_t i = 0; i < n; i++) {
        u128 v = (u128)a[i] - m[i] - borrow;
        borrow = (uint64_t)(v >> 64) & 1;
    }
    return borrow;
}

/* Big-endian bytes (exactly 8n) to little-endian limbs. */
ZK_INLINE void limbs_from_be(uint64_t *r, const uint8_t *in, size_t n) {
    ZK_UNROLL
    for (size_t i = 0; i < n; i++) {
        uint64_t w = 0;
        ZK_UNROLL
        for (size_t j = 0; j < 8; j++) w = (w << 8) | in[8 * (n - 1 - i) + j];
        r[i] = w;
    }
}

/* Little-endian limbs to big-endian bytes (exactly 8n). */
ZK_INLINE void limbs_to_be(uint8_t *out, const uint64_t *a, size_t n) {
    ZK_UNROLL
    for (size_t i = 0; i < n; i++)
        ZK_UNROLL
        for (size_t j = 0; j < 8; j++) out[8 * (n - 1 - i) + j] = (uint8_t)(a[i] >> (56 - 8 * j));
}

#endif
