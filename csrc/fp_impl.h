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

static void fp_pow_fixed_exp(fp *r, const fp *a, const uint64_t *e, size_t nlimbs) {
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

/* Contract predicates (ZK_CHECK, check.h): 1 if the limbs of a are below p. */
static inline int fp_is_reduced(const fp *a) { return (int)mont_lt(a->l, FP_P, 6); }

static void fp_inv(fp *r, const fp *a) { fp_pow_fixed_exp(r, a, FP_P_MINUS_2, 6); }

/* ------------------------------------------------------------------ variable-time inversion (safegcd) */

/* A signed integer sum v[i] 2^(62 i): v[0..len-2] in [0, 2^62), the top limb signed. 7 limbs hold 434 bits. */
typedef struct { int64_t v[7]; } fp_s62;
/* The transition matrix of 62 divsteps, scaled by 2^62: [f', g'] = [u v; q r] [f, g] / 2^62. */
typedef struct { int64_t u, v, q, r; } fp_trans2x2;

#define FP_M62 (UINT64_MAX >> 2)

/* 6 x 64-bit limbs (a plain integer < 2^384) -> 7 x 62-bit limbs. */
static void fp_s62_from_limbs(fp_s62 *r, const uint64_t a[6]) {
    r->v[0] = (int64_t)(a[0] & FP_M62);
    r->v[1] = (int64_t)((a[0] >> 62 | a[1] << 2) & FP_M62);
    r->v[2] = (int64_t)((a[1] >> 60 | a[2] << 4) & FP_M62);
    r->v[3] = (int64_t)((a[2] >> 58 | a[3] << 6) & FP_M62);
    r->v[4] = (int64_t)((a[3] >> 56 | a[4] << 8) & FP_M62);
    r->v[5] = (int64_t)((a[4] >> 54 | a[5] << 10) & FP_M62);
    r->v[6] = (int64_t)(a[5] >> 52);
}

/* Back to 6 x 64-bit limbs. On input: the value is in [0, 2^384), limbs carried (v[0..5] < 2^62). */
static void fp_s62_to_limbs(uint64_t r[6], const fp_s62 *a) {
    const uint64_t *v = (const uint64_t *)a->v;
    r[0] = v[0] | v[1] << 62;
    r[1] = v[1] >> 2 | v[2] << 60;
    r[2] = v[2] >> 4 | v[3] << 58;
    r[3] = v[3] >> 6 | v[4] << 56;
    r[4] = v[4] >> 8 | v[5] << 54;
    r[5] = v[5] >> 10 | v[6] << 52;
}

/* Propagate carries so that v[0..5] are in [0, 2^62) (the value is unchanged; v[6] takes the sign). */
static void fp_s62_carry(fp_s62 *a) {
    for (int i = 0; i < 6; i++) {
        a->v[i + 1] += a->v[i] >> 62; /* arithmetic shift (gcc, clang) */
        a->v[i] = (int64_t)((uint64_t)a->v[i] & FP_M62);
    }
}

/* 62 divsteps on the low limbs f0 (odd), g0 of f, g, starting from eta (= -delta); returns the new eta and the
 * transition matrix. Runs of zeros in g are skipped at once (count trailing zeros), and up to 6 (eta < 0)
 * or 4 bits of g are cancelled per step (libsecp256k1's modinv64 divsteps_62_var). Variable time. */
static int64_t fp_divsteps_62_var(int64_t eta, uint64_t f0, uint64_t g0, fp_trans2x2 *t) {
    uint64_t u = 1, v = 0, q = 0, r = 1, f = f0, g = g0, m, w;
    int i = 62, limit, zeros;
    for (;;) {
        zeros = __builtin_ctzll(g | (UINT64_MAX << i)); /* sentinel bit: at most i zeros */
        g >>= zeros;
        u <<= zeros;
        v <<= zeros;
        eta -= zeros;
        i -= zeros;
        if (i == 0) break;
        if (eta < 0) {
            uint64_t tmp;
            eta = -eta;
            tmp = f; f = g; g = 0 - tmp;
            tmp = u; u = q; q = 0 - tmp;
            tmp = v; v = r; r = 0 - tmp;
            limit = ((int)eta + 1) > i ? i : ((int)eta + 1);
            m = (UINT64_MAX >> (64 - limit)) & 63U;
            w = (f * g * (f * f - 2)) & m;   /* g + w f = 0 mod 2^min(limit, 6) */
        } else {
            limit = ((int)eta + 1) > i ? i : ((int)eta + 1);
            m = (UINT64_MAX >> (64 - limit)) & 15U;
            w = f + (((f + 1) & 4) << 1);    /* f^-1 mod 16 */
            w = ((0 - w) * g) & m;
        }
        g += f * w;
        q += u * w;
        r += v * w;
    }
    t->u = (int64_t)u;
    t->v = (int64_t)v;
    t->q = (int64_t)q;
    t->r = (int64_t)r;
    return eta;
}

/* [d, e] <- t [d, e] / 2^62 mod p, adding the multiples of p that clear the low 62 bits.
 * On input: d, e in (-2p, p), carried. On output: the same range, carried. Variable time only through t. */
static void fp_s62_update_de_var(fp_s62 *d, fp_s62 *e, const fp_trans2x2 *t, const fp_s62 *mod, uint64_t inv62) {
    const int64_t u = t->u, v = t->v, q = t->q, r = t->r;
    const int64_t sd = d->v[6] >> 63, se = e->v[6] >> 63;
    int64_t md = (u & sd) + (v & se), me = (q & sd) + (r & se);
    __int128 cd = (__int128)u * d->v[0] + (__int128)v * e->v[0];
    __int128 ce = (__int128)q * d->v[0] + (__int128)r * e->v[0];
    md -= (int64_t)((inv62 * (uint64_t)cd + (uint64_t)md) & FP_M62);
    me -= (int64_t)((inv62 * (uint64_t)ce + (uint64_t)me) & FP_M62);
    cd += (__int128)mod->v[0] * md;
    ce += (__int128)mod->v[0] * me;
    cd >>= 62; /* the low 62 bits are zero */
    ce >>= 62;
    for (int i = 1; i < 7; i++) {
        cd += (__int128)u * d->v[i] + (__int128)v * e->v[i] + (__int128)mod->v[i] * md;
        ce += (__int128)q * d->v[i] + (__int128)r * e->v[i] + (__int128)mod->v[i] * me;
        d->v[i - 1] = (int64_t)((uint64_t)cd & FP_M62);
        e->v[i - 1] = (int64_t)((uint64_t)ce & FP_M62);
        cd >>= 62;
        ce >>= 62;
    }
    d->v[6] = (int64_t)cd;
    e->v[6] = (int64_t)ce;
}

/* [f, g] <- t [f, g] / 2^62 (exact) on the first len limbs. Variable time. */
static void fp_s62_update_fg_var(int len, fp_s62 *f, fp_s62 *g, const fp_trans2x2 *t) {
    const int64_t u = t->u, v = t->v, q = t->q, r = t->r;
    __int128 cf = (__int128)u * f->v[0] + (__int128)v * g->v[0];
    __int128 cg = (__int128)q * f->v[0] + (__int128)r * g->v[0];
    cf >>= 62;
    cg >>= 62;
    for (int i = 1; i < len; i++) {
        cf += (__int128)u * f->v[i] + (__int128)v * g->v[i];
        cg += (__int128)q * f->v[i] + (__int128)r * g->v[i];
        f->v[i - 1] = (int64_t)((uint64_t)cf & FP_M62);
        g->v[i - 1] = (int64_t)((uint64_t)cg & FP_M62);
        cf >>= 62;
        cg >>= 62;
    }
    f->v[len - 1] = (int64_t)cf;
    g->v[len - 1] = (int64_t)cg;
}

/* Returns 1 if the carried, non-negative a is >= the carried b, else 0. Variable time. */
static int fp_s62_geq_var(const fp_s62 *a, const fp_s62 *b) {
    for (int i = 6; i >= 0; i--)
        if (a->v[i] != b->v[i]) return a->v[i] > b->v[i];
    return 1;
}

static void fp_inv_var(fp *r, const fp *a) {
    /* a holds A = x R mod p. safegcd gives y = A^-1 = x^-1 R^-1; then r = y R^3 / R = x^-1 R. */
    fp_s62 d = {{0}}, e = {{1}}, f, g, mod;
    fp_s62_from_limbs(&mod, FP_P);
    f = mod;
    fp_s62_from_limbs(&g, a->l);
    const uint64_t inv62 = (0 - FP_N0) & FP_M62; /* p^-1 mod 2^62 (FP_N0 = -p^-1 mod 2^64) */
    int64_t eta = -1;                             /* -delta, delta = 1 */
    int len = 7;
    for (;;) {
        fp_trans2x2 t;
        eta = fp_divsteps_62_var(eta, (uint64_t)f.v[0], (uint64_t)g.v[0], &t);
        fp_s62_update_de_var(&d, &e, &t, &mod, inv62);
        fp_s62_update_fg_var(len, &f, &g, &t);
        if (g.v[0] == 0) {
            int64_t cond = 0;
            for (int j = 1; j < len; j++) cond |= g.v[j];
            if (cond == 0) break;
        }
        /* shrink len while the top limbs of f and g are both 0 or -1 */
        int64_t fn = f.v[len - 1], gn = g.v[len - 1];
        int64_t cond = ((int64_t)len - 2) >> 63;
        cond |= fn ^ (fn >> 63);
        cond |= gn ^ (gn >> 63);
        if (cond == 0) {
            f.v[len - 2] = (int64_t)((uint64_t)f.v[len - 2] | (uint64_t)fn << 62);
            g.v[len - 2] = (int64_t)((uint64_t)g.v[len - 2] | (uint64_t)gn << 62);
            len--;
        }
    }
    /* now f = gcd = +-1 (or p when A = 0: then d = 0) and d = f / A mod p, in (-2p, p) */
    if (f.v[len - 1] < 0)
        for (int i = 0; i < 7; i++) d.v[i] = -d.v[i];
    fp_s62_carry(&d);
    while (d.v[6] < 0) {
        for (int i = 0; i < 7; i++) d.v[i] += mod.v[i];
        fp_s62_carry(&d);
    }
    while (fp_s62_geq_var(&d, &mod)) {
        for (int i = 0; i < 7; i++) d.v[i] -= mod.v[i];
        fp_s62_carry(&d);
    }
    fp y, r2, r3;
    fp_s62_to_limbs(y.l, &d);
    memcpy(r2.l, FP_R2, sizeof r2.l);
    fp_mul(&r3, &r2, &r2); /* R^4 / R = R^3 */
    fp_mul(r, &y, &r3);
}

static uint64_t fp_sqrt(fp *r, const fp *a) {
    fp s, c;
    fp_pow_fixed_exp(&s, a, FP_SQRT_EXP, 6);
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
