/* fp_impl.h -- code for fp.h. */
#ifndef ZK_FP_IMPL_H
#define ZK_FP_IMPL_H

#include "fp.h"
#include "consts.h"

/* x86-64 fast path: Montgomery multiplication with mulx/adcx/adox (csrc/fp_x86.h), chosen once at load time by
 * CPUID (BMI2 and ADX); the portable C (mont_mul) stays the reference and the fallback, and tests run both
 * (zk_fp_force_portable). Builds with ZK_NO_ASM (ZKCRED_PORTABLE=1) contain only the portable code, and so do
 * the sanitizer builds (ZK_DEBUG): ASan/UBSan cannot look inside inline asm, and with the frame pointer kept the
 * kernel's eleven fixed registers leave the compiler too few for its operands. */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(ZK_NO_ASM)
/* The AVX-512 IFMA lanes (fp_ifma.h) are intrinsics, not fixed-register asm: sanitizer builds keep them. */
#define ZK_IFMA_ALLOWED 1
#endif
#if defined(ZK_DEBUG) && !defined(ZK_NO_ASM)
#define ZK_NO_ASM 1
#endif
#if defined(__x86_64__) && defined(__GNUC__) && !defined(ZK_NO_ASM)
#define ZK_HAVE_MULX 1
#include <cpuid.h>
#include "fp_x86.h"
static int fp_mulx_enabled; /* written only at load time and by zk_fp_force_portable (tests) */

__attribute__((constructor)) static void fp_detect_cpu(void) {
    unsigned a, b, c, d;
    if (__get_cpuid_count(7, 0, &a, &b, &c, &d)) fp_mulx_enabled = ((b >> 8) & 1) && ((b >> 19) & 1);
}
#endif

static inline void fp_zero(fp *r) { memset(r, 0, sizeof *r); }
static inline void fp_one(fp *r) { memcpy(r->l, FP_ONE, sizeof r->l); }
static inline void fp_add(fp *r, const fp *a, const fp *b) { mont_add(r->l, a->l, b->l, FP_P, 6); }
static inline void fp_sub(fp *r, const fp *a, const fp *b) { mont_sub(r->l, a->l, b->l, FP_P, 6); }
static inline void fp_neg(fp *r, const fp *a) { mont_neg(r->l, a->l, FP_P, 6); }
static inline void fp_dbl(fp *r, const fp *a) { mont_add(r->l, a->l, a->l, FP_P, 6); }
static inline void fp_mul3(fp *r, const fp *a) {
    fp t;
    fp_dbl(&t, a);
    fp_add(r, &t, a);
}
#ifdef ZK_HAVE_MULX
/* The portable fallback stays out of line where the mulx path exists, so that inlining fp_mul into the
 * tower code copies only the short mulx sequence. */
static __attribute__((noinline)) void fp_mul_portable(fp *r, const fp *a, const fp *b) {
    mont_mul(r->l, a->l, b->l, FP_P, FP_N0, 6);
}
#endif
static inline void fp_mul(fp *r, const fp *a, const fp *b) {
#ifdef ZK_HAVE_MULX
    if (fp_mulx_enabled) {
        uint64_t t[6];
        fp_mul_mulx_raw(t, a->l, b->l);
        mont_reduce_once(r->l, t, FP_P, 6);
        return;
    }
    fp_mul_portable(r, a, b);
#else
    mont_mul(r->l, a->l, b->l, FP_P, FP_N0, 6);
#endif
}
static inline void fp_sqr(fp *r, const fp *a) { fp_mul(r, a, a); }
static inline uint64_t fp_eq(const fp *a, const fp *b) { return ct_limbs_eq(a->l, b->l, 6); }
static inline uint64_t fp_is_zero(const fp *a) { return ct_limbs_is_zero(a->l, 6); }
static inline uint64_t fp_is_one(const fp *a) { return ct_limbs_eq(a->l, FP_ONE, 6); }
static inline void fp_cmov(fp *r, const fp *a, uint64_t flag) { ct_cmov(r->l, a->l, 6, flag); }
static inline void fp_cswap(fp *a, fp *b, uint64_t flag) { ct_cswap(a->l, b->l, 6, flag); }
static inline void fp_to_mont(fp *r, const fp *plain) { mont_mul(r->l, plain->l, FP_R2, FP_P, FP_N0, 6); }
static inline void fp_from_mont(fp *plain, const fp *a) { mont_from(plain->l, a->l, FP_P, FP_N0, 6); }

static void fp_pow_pub(fp *r, const fp *a, const uint64_t *e, size_t nlimbs) {
    fp table[16], acc;
    fp_one(&table[0]);
    table[1] = *a;
    for (int i = 2; i < 16; i++) fp_mul(&table[i], &table[i - 1], a);
    fp_one(&acc);
    int started = 0;
    for (size_t i = nlimbs; i-- > 0;) {
        for (int sh = 60; sh >= 0; sh -= 4) {
            unsigned nib = (unsigned)(e[i] >> sh) & 15; /* public exponent */
            if (started) {
                fp_sqr(&acc, &acc);
                fp_sqr(&acc, &acc);
                fp_sqr(&acc, &acc);
                fp_sqr(&acc, &acc);
            }
            if (nib) {
                fp_mul(&acc, &acc, &table[nib]);
                started = 1;
            }
        }
    }
    *r = acc;
    ct_wipe(table, sizeof table);
}

static void fp_inv(fp *r, const fp *a) { fp_pow_pub(r, a, FP_P_MINUS_2, 6); }

static uint64_t fp_sqrt(fp *r, const fp *a) {
    fp s, c;
    fp_pow_pub(&s, a, FP_SQRT_EXP, 6);
    fp_sqr(&c, &s);
    *r = s;
    return fp_eq(&c, a);
}

static inline uint64_t fp_sgn0(const fp *a) {
    fp t;
    fp_from_mont(&t, a);
    return t.l[0] & 1;
}

static uint64_t fp_is_lex_largest(const fp *a) {
    fp t;
    fp_from_mont(&t, a);
    /* (p-1)/2 < t  <=>  subtracting t from (p-1)/2 borrows */
    return mont_lt(FP_HALF_P, t.l, 6);
}

static uint64_t fp_from_be(fp *r, const uint8_t in[48]) {
    fp t;
    limbs_from_be(t.l, in, 6);
    uint64_t ok = mont_lt(t.l, FP_P, 6);
    fp_to_mont(r, &t);
    fp zero;
    fp_zero(&zero);
    fp_cmov(r, &zero, 1 ^ ok);
    return ok;
}

static void fp_to_be(uint8_t out[48], const fp *a) {
    fp t;
    fp_from_mont(&t, a);
    limbs_to_be(out, t.l, 6);
}

static void fp_from_be64_reduce(fp *r, const uint8_t in[64]) {
    /* in = hi * 2^256 + lo with hi < 2^256, lo < 2^256 (both < p). Montgomery: lo*R^2/R = lo*R;
     * hi * 2^256: mont_mul(hi, R^2) gives hi*R, then times 2^256 in Montgomery form. */
    uint8_t buf[48] = {0};
    fp hi, lo, t, two256;
    memcpy(buf + 16, in, 32);
    limbs_from_be(hi.l, buf, 6);
    memcpy(buf + 16, in + 32, 32);
    limbs_from_be(lo.l, buf, 6);
    fp_to_mont(&hi, &hi);
    fp_to_mont(&lo, &lo);
    fp_zero(&t);
    t.l[4] = 1; /* 2^256 as a plain integer (< p) */
    fp_to_mont(&two256, &t);
    fp_mul(&hi, &hi, &two256);
    fp_add(r, &hi, &lo);
    ct_wipe(buf, sizeof buf);
}

static void fp_batch_inv(fp *a, size_t n, fp *scratch) {
    if (n == 0) return;
    fp acc, inv, one;
    fp_one(&one);
    fp_one(&acc);
    for (size_t i = 0; i < n; i++) {
        /* zeros are replaced by one in the running product and stay zero in the output */
        fp t = a[i];
        fp_cmov(&t, &one, fp_is_zero(&a[i]));
        scratch[i] = acc;
        fp_mul(&acc, &acc, &t);
    }
    fp_inv(&inv, &acc);
    for (size_t i = n; i-- > 0;) {
        fp t = a[i], z = a[i];
        uint64_t zero = fp_is_zero(&a[i]);
        fp_cmov(&t, &one, zero);
        fp_mul(&z, &inv, &scratch[i]);
        fp_mul(&inv, &inv, &t);
        fp_cmov(&z, &a[i], zero); /* a[i] == 0: keep 0 */
        a[i] = z;
    }
}

#endif
