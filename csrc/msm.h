/* msm.h -- multi-scalar multiplication on G1 and G2: sum_i k_i * P_i.
 *
 * Two engines:
 *  - Variable time (public points and scalars: verification, the Groth16 prover's witness MSMs):
 *    Pippenger's bucket method with signed c-bit digits (c chosen by a cost model from n), buckets kept in
 *    affine coordinates and filled by batches of independent additions that share one inversion
 *    (Montgomery's trick), running-sum bucket reduction in XYZZ coordinates, endomorphism splitting
 *    (G1: k = k1 + k2 (z^2 - 1) with sigma^2; G2: k = sum a_j |z|^j with psi^j) when the cost model says it
 *    pays, and the shared thread pool (pool.h) over (window, point-chunk) tasks. All memory comes from the
 *    caller's scratch.
 *    Small n (a few dozen points and fewer) goes to Straus instead: width-5 NAF digits of the split scalars,
 *    one table of odd multiples per point, one shared doubling chain.
 *    Where the CPU has AVX-512 IFMA (checked at load time; csrc/fp_ifma.h), the batched additions run on eight
 *    lanes of 52-bit-limb Fp arithmetic (G1 and G2), and so does G1's bucket reduction (eight segments of
 *    running sums); batches or windows that meet a doubling or an inverse take the scalar code, which stays
 *    the reference (zk_fp_force_portable selects it).
 *  - Constant time (secret scalars, small n: BBS proof generation): Straus over the GLV halves (constant-time
 *    split) with signed 5-bit windows, one 17-entry table per point read by a full masked scan and a masked
 *    negation, complete projective formulas, scratch wiped.
 *
 * Files, one timing class each:
 *   msm_common_impl.h         sizes only (scratch carving, bounds)
 *   msm_ct_impl.h             constant time: zk_g1_msm_ct
 *   msm_group_var_impl.h      variable time: scalar splitting, the msm_group parts of G1 and G2
 *   msm_straus_var_impl.h     variable time: Straus (small n)
 *   msm_pippenger_var_impl.h  variable time: the plan, Pippenger, zk_g1_msm_var / zk_g2_msm_var
 *   msm_fixed_var_impl.h      variable time: fixed-base tables, zk_g1_msm_fixed_var
 *
 * Scalars arrive in Montgomery form (zk_fr) and are converted to plain integers once.
 * The public entry points are declared in include/zkcred.h (MSM section); the internals below are static. */
#ifndef ZK_MSM_H
#define ZK_MSM_H

#include "g2.h"
#include "pool.h"

/* One pending bucket addition of the variable-time engine: bucket index, point (its x then y), sign. */
typedef struct {
    const void *pt;
    uint32_t bucket;
    uint32_t neg;
} msm_op;

/* Group-specific parts of the variable-time engine (one instance for G1, one for G2).
 * Every function is variable time: inputs must be public. */
typedef struct {
    size_t pt_size;  /* bytes of an affine point (x, y) as stored in buckets */
    size_t fe_size;  /* batch scratch bytes per op and coordinate slot (>= an Fp or Fp2; the IFMA lanes need more) */
    size_t acc_size; /* bytes of an XYZZ accumulator (X, Y, ZZ, ZZZ) */
    /* On input: pt points to an affine (x, y). On output: *bucket = neg ? -pt : pt. */
    void (*bucket_set)(void *bucket, const void *pt, unsigned neg);
    /* Adds, for each k < cnt, (ops[k].neg ? -pt : pt) into buckets[ops[k].bucket] (affine) with one inversion.
     * On input: no two ops name the same bucket; every named bucket is full (full[b] = 1); den and pre hold
     * cnt coordinates each, kind cnt bytes. On output: the buckets hold the sums; full[b] = 0 where a sum is
     * the identity (P + -P, or doubling a point of order 2). */
    void (*batch_add)(void *buckets, uint8_t *full, const msm_op *ops, size_t cnt, void *den, void *pre,
                      uint8_t *kind);
    /* *acc = identity. */
    void (*acc_identity)(void *acc);
    /* *acc += (neg ? -pt : pt) for an affine pt. Handles the identity, doubling and inverse cases. */
    void (*acc_madd)(void *acc, const void *pt, unsigned neg);
    /* *acc += *b (XYZZ + XYZZ). Handles all special cases. */
    void (*acc_add)(void *acc, const void *b);
    /* *acc = 2 * acc. */
    void (*acc_dbl)(void *acc);
    /* *out = sum_{j < nb} (j + 1) * (bucket_j [if full_j] + ovf_j [if ovf_used_j]) (running sums). */
    void (*reduce)(void *out, const void *buckets, const uint8_t *full, const void *ovf, const uint8_t *ovf_used,
                   unsigned nb);
    /* *out (zk_g1 or zk_g2, projective) = *acc. */
    void (*acc_to_proj)(void *out, const void *acc);
    /* *dst = -*src (XYZZ). */
    void (*acc_neg)(void *dst, const void *src);
    /* *dst = E_j(*src) (XYZZ), the endomorphism image that goes with split part j >= 1:
     * G1: sigma^2 = [z^2 - 1]; G2: j = 1, 2, 3: -psi, psi^2, -psi^3 = [|z|^j]. */
    void (*acc_endo)(void *dst, const void *src, unsigned j);
    /* Converts cnt XYZZ entries (stride bytes apart) to affine in place (x, y at the start of each entry) with
     * one inversion; pre holds cnt coordinates. Returns 0 and changes nothing if some entry is the identity. */
    int (*table_to_affine)(uint8_t *entries, size_t cnt, size_t stride, void *pre);
    /* *dst = E_j(*src) for affine points (same maps as acc_endo). */
    void (*pt_endo)(void *dst, const void *src, unsigned j);
} msm_group;

/* The plan of a variable-time MSM: window size, split, scratch layout; a pure function of (group, n, threads),
 * so that the scratch size query and the MSM agree. */
typedef struct {
    size_t n;          /* input points */
    size_t npts;       /* points after the endomorphism split (n * nsplit) */
    unsigned nsplit;   /* 1 (no split), 2 (G1 GLV) or 4 (G2 psi) */
    unsigned c;        /* window bits, 2..16; digits in [-2^(c-1), 2^(c-1)) */
    unsigned nwin;     /* windows: c * nwin >= scalar bits + 1 (see msm_plan_make) */
    unsigned nb;       /* buckets per window: 2^(c-1) */
    unsigned limbs;    /* 64-bit limbs per recoded scalar */
    unsigned nchunks;  /* point chunks (tasks = nwin * nchunks) */
    unsigned nthreads; /* workers (>= 1) */
    unsigned straus;   /* 1: small n, interleaved width-5 wNAF (Straus) on one thread instead of buckets */
    size_t batch;      /* batch size of affine additions */
    size_t batch_top;  /* batch size for the task holding the top window (<= batch): the top window sees only
                        * the scalars' top bits, so few buckets, and a full batch would mostly collide */
    size_t defer_cap;  /* capacity of the deferred (conflicting) ops queue */
    size_t off_kp, off_ext, off_res, off_thr, thr_size, total; /* scratch layout, bytes */
} msm_plan;

/* Fill *pl for n points of group g (is_g2 selects the split rule) on nthreads threads (0 means 1).
 * Variable time (n and nthreads are public). */
static void msm_plan_make(msm_plan *pl, const msm_group *g, int is_g2, size_t n, unsigned nthreads);

/* The variable-time engine behind zk_g1_msm_var / zk_g2_msm_var.
 * On input: points has n affine points (stride pt_stride bytes, x and y first, infinity flag at inf_off);
 * scalars has n canonical zk_fr (Montgomery form); scratch (aligned to 64 bytes by the caller) holds pl->total
 * bytes. On output: *out = sum scalars[i] * points[i]. Variable time: inputs must be public. */
static void msm_pippenger_var(void *out, const msm_group *g, int is_g2, const msm_plan *pl, const void *points,
                        size_t pt_stride, size_t inf_off, const zk_fr *scalars, uint8_t *scratch);

/* The small-n engine (pl->straus): all split scalars in width-5 NAF, one table of odd multiples 1..15 per point
 * (XYZZ; the endomorphism images of the table give the other parts' tables), one shared doubling chain.
 * Same contract as msm_pippenger_var. Variable time: inputs must be public. */
static void msm_straus_var(void *out, const msm_group *g, const msm_plan *pl, const void *points, size_t pt_stride,
                           size_t inf_off, const zk_fr *scalars, uint8_t *scratch);

/* Recode: k (plain, < r) into its GLV halves, k = k1 + k2 * (z^2 - 1), 0 <= k1, k2 < 2^128.
 * Variable time. */
static void msm_glv_split_var(uint64_t k1[2], uint64_t k2[2], const uint64_t k[4]);

/* Recode: k (plain, < r) into base |z| digits, k = sum_{j<4} a_j |z|^j, 0 <= a_j < |z|. Variable time. */
static void msm_gls4_split_var(uint64_t a[4], const uint64_t k[4]);

/* Constant-time MSM (zk_g1_msm_ct): *out = sum k_i P_i for projective P_i in G1 and canonical k_i.
 * On input: scratch (64-byte aligned) holds msm_ct_bytes(n): the larger of the portable loop's (n * (17 points +
 * 6 limbs)) and the IFMA lanes' (msm_ct_impl.h). On output: scratch wiped.
 * Constant time in the points and the scalars; n is public. */
static void g1_msm_ct(g1 *out, const g1 *points, const zk_fr *scalars, size_t n, uint8_t *scratch);

#endif
