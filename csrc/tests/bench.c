/* bench.c -- C micro-benchmark of the native core (run by `make bench`, or `make -C csrc/tests bench`).
 *
 * It #includes the whole translation unit (../zkcred.c) so that internal field operations (fp_mul, fp_sqr,
 * fp_inv, fp_sqrt, fp2_mul, fp12_mul, fp12_sqr, fp12_cyclotomic_sqr, the exponentiation by z and the final
 * exponentiation, on the IFMA lanes and on the scalar code) can be timed directly; group operations, the
 * constant-time MSM and the pairing through the public zk_* API. Each figure is the median over 7 batches of
 * the time per operation, with the operations chained (each result feeds the next) so that none can be
 * elided. Single thread; numbers are for reading, never for pass/fail. */
#define _POSIX_C_SOURCE 199309L
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "../zkcred.c"

static double now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

#define BATCHES 7

/* Times `body` (a statement run `iters` times per batch) and prints the median ns/op. */
#define BENCH(name, iters, body)                                                   \
    do {                                                                           \
        double t_[BATCHES];                                                        \
        for (int b_ = 0; b_ < BATCHES; b_++) {                                     \
            double s_ = now_ns();                                                  \
            for (long i_ = 0; i_ < (iters); i_++) { body; }                        \
            t_[b_] = (now_ns() - s_) / (double)(iters);                            \
        }                                                                          \
        qsort(t_, BATCHES, sizeof t_[0], cmp_double);                              \
        report(name, t_[BATCHES / 2]);                                             \
    } while (0)

static void report(const char *name, double ns) {
    if (ns >= 1e6)
        printf("| %-34s | %10.3f ms |\n", name, ns / 1e6);
    else if (ns >= 1e3)
        printf("| %-34s | %10.2f us |\n", name, ns / 1e3);
    else
        printf("| %-34s | %10.1f ns |\n", name, ns);
}

static volatile uint64_t sink;

int main(int argc, char **argv) {
    int quick = argc > 1 && argv[1][0] == 'q';
    long scale = quick ? 10 : 1;
    printf("### C micro-benchmark (%s)\n\n| operation | time |\n|---|---|\n", zk_build_info());

    fp a, b;
    uint8_t seed[64];
    for (int i = 0; i < 64; i++) seed[i] = (uint8_t)(i * 37 + 11);
    fp_from_be64_reduce(&a, seed);
    seed[0] ^= 0x5a;
    fp_from_be64_reduce(&b, seed);

    BENCH("Fp mul", 2000000 / scale, fp_mul(&a, &a, &b));
    BENCH("Fp square", 2000000 / scale, fp_sqr(&a, &a));
    BENCH("Fp inverse (Fermat)", 20000 / scale, fp_inv(&a, &a); fp_add(&a, &a, &b));
    BENCH("Fp square root", 20000 / scale, sink += fp_sqrt(&a, &a); fp_add(&a, &a, &b));
    sink = a.l[0];

    fp2 x, y;
    x.c0 = a; x.c1 = b; y.c0 = b; y.c1 = a;
    BENCH("Fp2 mul", 1000000 / scale, fp2_mul(&x, &x, &y));
    sink = x.c0.l[0];

    zk_g1 g, h;
    zk_g2 q, q2;
    zk_fr k;
    zk_fr_from_bytes_wide(&k, seed, sizeof seed);
    zk_g1_generator(&g);
    zk_g2_generator(&q);
    zk_g1_mul_var(&h, &g, &k);
    zk_g2_mul_var(&q2, &q, &k);

    zk_fp12 e, f;
    zk_pairing(&e, &g, &q);
    zk_pairing(&f, &h, &q2);
    BENCH("Fp12 mul", 100000 / scale, fp12_mul(&e, &e, &f));
    BENCH("Fp12 square", 100000 / scale, fp12_sqr(&e, &e));
    BENCH("Fp12 cyclotomic square (GT)", 100000 / scale, fp12_cyclotomic_sqr(&f, &f));
    /* the final exponentiation's parts: on the IFMA lanes where the CPU has them (tower_lanes_impl.h) */
    BENCH("GT exponentiation by z", 5000 / scale, fp12_cyclotomic_exp_z(&f, &f));
    BENCH("final exponentiation", 1000 / scale, pairing_final_exp(&e, &e));
#ifdef ZK_HAVE_IFMA
    if (fp_ifma_enabled) {
        fp_ifma_enabled = 0;
        BENCH("GT exponentiation by z, scalar", 5000 / scale, fp12_cyclotomic_exp_z(&f, &f));
        BENCH("final exponentiation, scalar", 1000 / scale, pairing_final_exp(&e, &e));
        fp_ifma_enabled = 1;
    }
#endif
    sink = e.c0.c0.c0.l[0] ^ f.c0.c0.c0.l[0];

    BENCH("G1 add (projective, complete)", 500000 / scale, zk_g1_add(&h, &h, &g));
    BENCH("G1 double", 500000 / scale, zk_g1_dbl(&h, &h));
    BENCH("G1 mul (constant time)", 2000 / scale, zk_g1_mul(&h, &h, &k));
    BENCH("G1 mul_var (public)", 2000 / scale, zk_g1_mul_var(&h, &h, &k));
    BENCH("G2 add", 200000 / scale, zk_g2_add(&q2, &q2, &q));
    BENCH("G2 mul (constant time)", 1000 / scale, zk_g2_mul(&q2, &q2, &k));
    BENCH("G2 mul_var (public)", 1000 / scale, zk_g2_mul_var(&q2, &q2, &k));
    sink = h.x.l[0] ^ q2.x.c0.l[0];

    uint8_t enc1[96], enc2[192]; /* sized for either format: gcc cannot see that len selects the branch */
    zk_g1_to_bytes(enc1, &h, 1);
    zk_g2_to_bytes(enc2, &q2, 1);
    BENCH("G1 decompress + subgroup check", 2000 / scale, sink += zk_g1_from_bytes_var(&h, enc1, 48));
    BENCH("G2 decompress + subgroup check", 1000 / scale, sink += zk_g2_from_bytes_var(&q2, enc2, 96));

    /* the constant-time MSM (secret points and scalars): the IFMA lanes where the CPU has them from
     * MSM_CT_LANES_MIN points on, and the portable loop (the lanes switched off) for the crossover */
    {
        enum { NMAX = 134 };
        static zk_g1 mp[NMAX];
        static zk_fr mk[NMAX];
        static const size_t ns[] = {4, 6, 8, 16, 32, 134};
        size_t cap = zk_g1_msm_ct_scratch_size(NMAX);
        uint8_t *scr = malloc(cap), kb[32];
        char name[64];
        if (scr == NULL) return 1;
        for (int i = 0; i < NMAX; i++) {
            zk_g1_add(&mp[i], i ? &mp[i - 1] : &h, &g);
            for (int j = 0; j < 32; j++) kb[j] = (uint8_t)(i * 131 + j * 29 + 7);
            kb[0] &= 0x3f; /* below r */
            if (zk_fr_from_bytes(&mk[i], kb) != ZK_OK) return 1;
        }
        for (size_t j = 0; j < sizeof ns / sizeof ns[0]; j++) {
            long it = (long)(4000 / ns[j]) / scale + 1;
            snprintf(name, sizeof name, "G1 msm_ct, %zu points", ns[j]);
            BENCH(name, it, sink += zk_g1_msm_ct(&h, mp, mk, ns[j], scr, cap));
#ifdef ZK_HAVE_IFMA
            if (fp_ifma_enabled) {
                fp_ifma_enabled = 0;
                snprintf(name, sizeof name, "G1 msm_ct, %zu points, portable", ns[j]);
                BENCH(name, it, sink += zk_g1_msm_ct(&h, mp, mk, ns[j], scr, cap));
                fp_ifma_enabled = 1;
            }
#endif
        }
        free(scr);
    }

    BENCH("pairing", 200 / scale, zk_pairing(&e, &h, &q2));
    zk_g1 ps[3] = {g, h, g};
    zk_g2 qs[3] = {q, q2, q2};
    BENCH("pairing_check, 2 pairs", 200 / scale, sink += zk_pairing_check(ps, qs, 2));
    BENCH("pairing_check, 3 pairs", 200 / scale, sink += zk_pairing_check(ps, qs, 3));
    {
        static zk_g2_prepared lines[2];
        const zk_g2_prepared *lp[2] = {&lines[0], &lines[1]};
        BENCH("g2_prepare", 200 / scale, zk_g2_prepare(&lines[0], &q));
        zk_g2_prepare(&lines[1], &q2);
        BENCH("pairing_check_prepared, 2 pairs", 200 / scale, sink += zk_pairing_check_prepared(ps, lp, 2));
    }
    sink = e.c0.c0.c0.l[0];
    return 0;
}
