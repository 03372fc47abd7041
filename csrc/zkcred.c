/* zkcred.c -- the native core as one translation unit: every module's code is included here, so internals
 * stay static and the compiler sees across module boundaries. Order follows the dependency chain. */
#include "zkcred.h"

#include "check.h"        /* ZK_CHECK: contract checks of ZK_DEBUG builds */
#include "fp_impl.h"
#include "fp_ifma.h"     /* eight-lane Fp for the MSM (AVX-512 IFMA, chosen at run time) */
#include "fr_impl.h"
#include "fp2_impl.h"
#include "tower_impl.h"   /* fp6, fp12, cyclotomic ops */
#include "tower_lanes_impl.h" /* the final exponentiation's squarings on the IFMA lanes */
#include "g1_impl.h"
#include "g2_impl.h"
#include "pairing_impl.h"
#include "pool_impl.h"    /* the threads of the MSM, the NTT and Groth16 */
#include "msm_ct_impl.h"            /* constant-time MSM */
#include "msm_pippenger_var_impl.h"  /* variable-time MSM (with msm_group_var_impl.h, msm_straus_var_impl.h) */
#include "msm_fixed_var_impl.h"      /* variable-time fixed-base MSM */
#include "accum_ct_impl.h"          /* VB accumulator: issuer values, holder witness update (constant time) */
#include "accum_var_impl.h"         /* VB accumulator: decoding Omega points (public data) */
#include "h2c_impl.h"
#include "ntt_impl.h"
#include "groth16_impl.h"
#include "api_impl.h"
