/* msm_common_impl.h -- what the MSM engines share and that depends on sizes only (no point or scalar data):
 * scratch carving, the input bound, the inlining attribute of the hot functions. */
#ifndef ZK_MSM_COMMON_IMPL_H
#define ZK_MSM_COMMON_IMPL_H

#include "msm.h"

/* The hot G1 functions are flattened: every field operation they call is inlined into them (G1 MSM 2^16 about
 * 12% faster with gcc 12, which otherwise keeps fp_mul and fp_sub out of line; no gain measured for G2). */
#if defined(__GNUC__)
#define MSM_HOT __attribute__((flatten))
#else
#define MSM_HOT
#endif

/* Rounds x up to a multiple of 64 (scratch carving). */
static size_t msm_align64(size_t x) { return (x + 63) & ~(size_t)63; }

/* The largest n any MSM entry point accepts (scratch sizes stay far from SIZE_MAX). */
#define MSM_MAX_N ((size_t)1 << 28)

/* Returns scratch rounded up to a 64-byte boundary (the scratch queries add 64 bytes for it). */
static uint8_t *msm_align_scratch(void *scratch) {
    uintptr_t p = (uintptr_t)scratch;
    return (uint8_t *)((p + 63) & ~(uintptr_t)63);
}

#endif
