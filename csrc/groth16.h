/* groth16.h -- the Groth16 kernels of the native core, built on the NTT (ntt.h) and the MSM (msm.h):
 * the QAP witness map (as snarkjs computes it), the prover's C path, the development setup (fixed-base combs),
 * and the import/export of points in the .zkey encoding (48-byte little-endian Montgomery coordinates with
 * R = 2^384, which is exactly zk_fp's limb layout).
 *
 * The public entry points are declared in include/zkcred.h (Groth16 section); the internals are static.
 * Timing: the witness map and the setup are constant time in the witness and the toxic waste; the prover's MSMs
 * are variable time in zk_groth16_prove_var and constant time in zk_groth16_prove_ct (masked additions for the
 * boolean wires, zk_g1_msm_ct for the rest and for h, g2_msm_ct_chunked for B2's other wires); zk_range64_witness_ct is constant time in v; the .zkey
 * decoders are variable time (public files).
 * Threads: the shared pool (pool.h). Nothing allocates. */
#ifndef ZK_GROTH16_H
#define ZK_GROTH16_H

#include "msm.h"
#include "ntt.h"
#include "pool.h"

#endif
