/* ntt.h -- number-theoretic transforms over Fr.
 *
 * Fr has 2-adicity 32. The roots of unity are those of ffjavascript/wasmcurves (and so of snarkjs): the
 * 2^32-th root is w32 = 5^((r-1)/2^32) (5 is the smallest quadratic non-residue mod r) and the 2^k-th root is
 * w32^(2^(32-k)). Any other choice of root gives H points that do not match a snarkjs .zkey.
 *
 * A "domain" is caller-owned memory (zk_ntt_domain_size(log_n) bytes, filled by zk_ntt_domain_init) holding
 * the twiddles w^j and w^-j for j < N/2 of one size N = 2^log_n. A domain of size N serves every transform of
 * size n <= N (stride N/n through the table); a domain of size 2n also gives the powers of w_2n, the shift of
 * the odd coset that the snarkjs prover evaluates on.
 *
 * The Groth16 kernels built on the transforms (the QAP witness map, the prover, the setup) are in groth16.h.
 *
 * Threads: functions taking nthreads split their work over that many threads of the shared pool (pool.h: created
 * and joined inside the call, so the caller sees a plain synchronous function). Nothing allocates. */
#ifndef ZK_NTT_H
#define ZK_NTT_H

#include "fr.h"
#include "pool.h"

/* Internal layout of a domain (the public API treats it as opaque bytes). */
typedef struct {
    uint64_t magic;   /* NTT_DOMAIN_MAGIC once initialised */
    uint64_t log_n;
    fr n_inv;         /* N^-1 */
    fr omega;         /* w_N */
    /* followed by fr tw[N/2] (w^j) and fr itw[N/2] (w^-j); for N = 1 both are one element (1). */
} ntt_domain;

/* Twiddle tables of an initialised domain. */
static inline const fr *ntt_tw(const ntt_domain *d);
static inline const fr *ntt_itw(const ntt_domain *d);

/* In place, a has n = 2^log_n elements, n <= the domain size: a <- NTT(a) (inverse: a <- NTT^-1(a), the
 * 1/n included). Natural order in and out. Constant time (the data are not secret-indexed; n is public). */
static void ntt_transform(fr *a, unsigned log_n, const ntt_domain *d, int inverse, unsigned nthreads);

/* a_k <- a_k * g^k for k < n (start from g^0 = 1). Constant time in a and g. */
static void ntt_scale_powers(fr *a, size_t n, const fr *g, unsigned nthreads);

/* a_k <- a_k * w_2n^k for k < n using the domain table (domain size >= 2n). Constant time. */
static void ntt_scale_coset_table(fr *a, size_t n, const ntt_domain *d, int inverse, unsigned nthreads);

#endif
