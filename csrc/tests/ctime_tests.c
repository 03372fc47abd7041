/* ctime_tests.c -- constant-time check under valgrind (libsecp256k1's ctime_tests idea).
 *
 * Secret inputs are marked undefined with VALGRIND_MAKE_MEM_UNDEFINED; memcheck then reports every
 * conditional branch and every memory address that depends on them ("Conditional jump or move depends on
 * uninitialised value(s)", "Use of uninitialised value of size 8"). The functions exercised here are the ones
 * documented as constant time in their secret arguments: zk_fr_* arithmetic, zk_g1_mul / zk_g2_mul
 * (secret scalar and secret point), the group law on secret points, the constant-time MSMs zk_g1_msm_ct and
 * zk_g1_msm_ct_multi, zk_g2_msm_ct, the batch encoder zk_g1_batch_to_bytes, zk_gt_pow,
 * hash_from_uniform (the hashed message may be secret), zk_g2_prepare and zk_pairing_check_prepared (secret
 * points), and the VB accumulator's zk_vb_update_points (alpha), zk_vb_witness_update and zk_vb_witness_check
 * (y and C), and zk_merkle_path_ct (the element, its position and its path secret, the tree public). Outputs
 * are marked defined again before anything looks at them (a result that is published, e.g. encoded, is public
 * by definition).
 *
 * Every check runs on both Fp multiplication paths where both are available: the CPU-detected one, then the
 * portable C. Note: valgrind 3.19 presents a CPU without ADX, so under valgrind the detected path is the
 * portable C already (the printed build line says which path ran); the mulx/adcx/adox code is straight-line
 * inline assembly without branches or table lookups.
 *
 * Every check runs on both Fp multiplication paths where both are available: the CPU-detected one, then the
 * portable C. Note: valgrind 3.19 presents a CPU without ADX, so under valgrind the detected path is the
 * portable C already (the printed build line says which path ran); the mulx/adcx/adox code is straight-line
 * inline assembly without branches or table lookups.
 *
 * Run: make -C csrc/tests ctime  (valgrind --error-exitcode=42; exit status 0 means no report).
 * Without valgrind the program just runs the calls (the client requests are no-ops). */
#include <stdio.h>
#include <string.h>

#include <valgrind/memcheck.h>

#include "zkcred.h"

#define SECRET(p, n) VALGRIND_MAKE_MEM_UNDEFINED((p), (n))
#define PUBLIC(p, n) VALGRIND_MAKE_MEM_DEFINED((p), (n))

/* Harness failures (a call that should succeed did not). Every zk_err is looked at: a public one directly, one
 * that depends on secrets only after PUBLIC() (the verdict is the one allowed leak). */
static int failures;
static void expect_ok(const char *what, int err) {
    if (err != ZK_OK) {
        fprintf(stderr, "ctime_tests: %s returned %d\n", what, err);
        failures++;
    }
}

static void fill(uint8_t *out, size_t n, uint8_t seed) {
    for (size_t i = 0; i < n; i++) out[i] = (uint8_t)(seed + 131 * i + (i >> 3));
}

static void fr_ops(void) {
    uint8_t in[64], out[32];
    zk_fr a, b, c, arr[4], scratch[4];
    fill(in, sizeof in, 1);
    SECRET(in, sizeof in);
    zk_fr_from_bytes_wide(&a, in, 64);
    zk_fr_from_bytes_wide(&b, in + 16, 48);
    int ok = (int)zk_fr_from_bytes(&c, in + 32); /* the verdict is the one allowed leak */
    PUBLIC(&ok, sizeof ok);
    expect_ok("zk_fr_from_bytes", ok);
    zk_fr_add(&c, &a, &b);
    zk_fr_sub(&c, &c, &a);
    zk_fr_mul(&c, &c, &b);
    zk_fr_sqr(&c, &c);
    zk_fr_neg(&c, &c);
    zk_fr_inv(&c, &c);
    zk_fr_pow(&c, &a, in, 32); /* secret base and secret exponent */
    int eq = zk_fr_eq(&a, &b), z = zk_fr_is_zero(&c);
    PUBLIC(&eq, sizeof eq);
    PUBLIC(&z, sizeof z);
    arr[0] = a; arr[1] = b; arr[2] = c; arr[3] = a;
    zk_fr_batch_inv(arr, 4, scratch);
    zk_fr_to_bytes(out, &arr[2]);
    PUBLIC(out, sizeof out);
}

static void scalar_mul(void) {
    uint8_t in[64];
    zk_fr k;
    zk_g1 g, p, r;
    zk_g2 q, s, t;
    fill(in, sizeof in, 7);
    zk_fr_from_bytes_wide(&k, in, 64);
    zk_g1_generator(&g);
    zk_g1_mul_var(&p, &g, &k); /* a public point, then made secret */
    zk_g2_generator(&q);
    zk_g2_mul_var(&s, &q, &k);
    fill(in, sizeof in, 9);
    zk_fr_from_bytes_wide(&k, in, 64);
    SECRET(&k, sizeof k);
    SECRET(&p, sizeof p);
    SECRET(&s, sizeof s);
    zk_g1_mul(&r, &p, &k);
    zk_g2_mul(&t, &s, &k);
    zk_g1_add(&r, &r, &p);
    zk_g1_dbl(&r, &r);
    zk_g2_add(&t, &t, &s);
    /* the G2 sum of two secret products on secret points (shared doublings) */
    zk_g2 g2pts[2];
    zk_fr g2ks[2];
    g2pts[0] = s;
    g2pts[1] = t;
    g2ks[0] = k;
    zk_fr_mul(&g2ks[1], &k, &k);
    if (zk_g2_msm_ct(&t, g2pts, g2ks, 2) != ZK_OK) failures++;
    /* Encoding is constant time in the point (both formats); the bytes it writes are what gets published. */
    uint8_t enc1[96], enc2[192];
    zk_g1_to_bytes(enc1, &r, 1);
    zk_g1_to_bytes(enc1, &r, 0);
    zk_g2_to_bytes(enc2, &t, 1);
    zk_g2_to_bytes(enc2, &t, 0);
    /* the batch encoder: secret points, the identity among them (one Fermat inversion for all) */
    zk_g1 batch[3];
    uint8_t encb[3 * 96];
    batch[0] = r;
    batch[1] = p;
    zk_g1_identity(&batch[2]);
    SECRET(batch, sizeof batch);
    zk_g1_batch_to_bytes(encb, batch, 3, 1);
    zk_g1_batch_to_bytes(encb, batch, 3, 0);
    PUBLIC(encb, sizeof encb);
    zk_g1_identity(&r);
    SECRET(&r, sizeof r);
    zk_g1_to_bytes(enc1, &r, 1);
    PUBLIC(enc1, sizeof enc1);
    PUBLIC(enc2, sizeof enc2);
}

#define MSM_N 8
static unsigned char msm_scratch[1 << 20];

static int msm_ct(void) {
    zk_g1 pts[MSM_N], g, r;
    zk_fr sc[MSM_N];
    uint8_t in[48];
    zk_g1_generator(&g);
    for (int i = 0; i < MSM_N; i++) {
        fill(in, sizeof in, (uint8_t)(40 + i));
        zk_fr_from_bytes_wide(&sc[i], in, 48);
        zk_g1_mul_var(&pts[i], &g, &sc[i]);
        fill(in, sizeof in, (uint8_t)(90 + i));
        zk_fr_from_bytes_wide(&sc[i], in, 48);
    }
    size_t need = zk_g1_msm_ct_scratch_size(MSM_N);
    if (need > sizeof msm_scratch) {
        fprintf(stderr, "ctime_tests: msm scratch %zu > %zu\n", need, sizeof msm_scratch);
        return 1;
    }
    SECRET(sc, sizeof sc);
    SECRET(pts, sizeof pts);
    zk_err err = zk_g1_msm_ct(&r, pts, sc, MSM_N, msm_scratch, need);
    PUBLIC(&r, sizeof r);
    PUBLIC(msm_scratch, sizeof msm_scratch);
    if (err != ZK_OK) {
        fprintf(stderr, "ctime_tests: zk_g1_msm_ct returned %d\n", (int)err);
        return 1;
    }
    /* several sums in one call (the BBS ProofInit shapes: 5 + 1 points, then 2 + 2 + 4) */
    const size_t counts[2][3] = {{5, 1, 0}, {2, 2, 4}};
    zk_g1 outs[3];
    for (int c = 0; c < 2; c++) {
        size_t m = c == 0 ? 2 : 3;
        need = zk_g1_msm_ct_multi_scratch_size(counts[c], m);
        if (need == 0 || need > sizeof msm_scratch) {
            fprintf(stderr, "ctime_tests: msm_ct_multi scratch %zu\n", need);
            return 1;
        }
        SECRET(sc, sizeof sc);
        SECRET(pts, sizeof pts);
        err = zk_g1_msm_ct_multi(outs, pts, sc, counts[c], m, msm_scratch, need);
        PUBLIC(outs, sizeof outs);
        PUBLIC(msm_scratch, sizeof msm_scratch);
        if (err != ZK_OK) {
            fprintf(stderr, "ctime_tests: zk_g1_msm_ct_multi returned %d\n", (int)err);
            return 1;
        }
    }
    return 0;
}

static void gt_and_hash(void) {
    uint8_t u[256];
    zk_g1 g, h;
    zk_g2 q, h2;
    zk_fp12 e, f;
    zk_fr k;
    zk_g1_generator(&g);
    zk_g2_generator(&q);
    zk_pairing(&e, &g, &q);
    fill(u, sizeof u, 3);
    zk_fr_from_bytes_wide(&k, u, 64);
    SECRET(&k, sizeof k);
    zk_gt_pow(&f, &e, &k);
    PUBLIC(&f, sizeof f);
    SECRET(u, sizeof u);
    zk_g1_hash_from_uniform(&h, u);
    zk_g1_encode_from_uniform(&h, u);
    zk_g2_hash_from_uniform(&h2, u);
    zk_g2_encode_from_uniform(&h2, u);
    PUBLIC(&h, sizeof h);
    PUBLIC(&h2, sizeof h2);
    /* fixed-G2 pairings: zk_g2_prepare constant time in Q, zk_pairing_check_prepared in the G1 points (its lines
     * are public); e(kG, Q) e(-kG, Q) with k, the G1 points and Q secret, the verdict public */
    static zk_g2_prepared lines[2];
    const zk_g2_prepared *lp[2] = {&lines[0], &lines[1]};
    zk_g1 ps[2];
    zk_g2 qk;
    zk_g2_mul(&qk, &q, &k);
    zk_g2_prepare(&lines[0], &qk);
    zk_g2_prepare(&lines[1], &qk);
    PUBLIC(lines, sizeof lines); /* public data: zk_pairing_check_prepared picks its multiplication by c0_one */
    zk_g1_mul(&ps[0], &g, &k);
    zk_g1_neg(&ps[1], &ps[0]);
    int ok = zk_pairing_check_prepared(ps, lp, 2);
    PUBLIC(&ok, sizeof ok);
    if (ok != 1) failures++;
    /* zk_multi_pairing_prepared, the same loop with the GT value out (made public to compare it with 1) */
    zk_fp12 prod, one;
    zk_multi_pairing_prepared(&prod, ps, lp, 2);
    PUBLIC(&prod, sizeof prod);
    zk_gt_one(&one);
    if (memcmp(&prod, &one, sizeof one) != 0) failures++;
}

/* After a zk_groth16_prove_ct run: its outputs (the verdict, the proof, the wiped scratch) are public; the
 * verdict must be ZK_OK. */
static void prove_ct_done(const char *what, int err, zk_g1 *pi_a, zk_g2 *pi_b, zk_g1 *pi_c, void *scratch,
                          size_t need) {
    PUBLIC(&err, sizeof err);
    PUBLIC(pi_a, sizeof *pi_a);
    PUBLIC(pi_b, sizeof *pi_b);
    PUBLIC(pi_c, sizeof *pi_c);
    PUBLIC(scratch, need);
    expect_ok(what, err);
}

/* Groth16 (csrc/ntt): the NTT and coset NTT on secret data, the QAP witness map with a secret witness (the
 * structure is public), and the development setup with secret toxic waste. */
static void groth16_paths(void) {
    static uint8_t dom[8192], scratch[1 << 20];
    uint8_t in[32 * 8];
    zk_fr w[8], a[8], g, toxic[4];
    size_t bad = 0;
    expect_ok("zk_ntt_domain_init", zk_ntt_domain_init(dom, sizeof dom, 4, 1));
    fill(in, sizeof in, 11);
    for (int i = 0; i < 8; i++) in[32 * i + 31] &= 0x3f; /* canonical */
    SECRET(in, sizeof in);
    int err = (int)zk_fr_batch_from_le(w, in, 8, &bad);
    PUBLIC(&err, sizeof err);
    PUBLIC(&bad, sizeof bad);
    expect_ok("zk_fr_batch_from_le", err);
    memcpy(a, w, sizeof a);
    expect_ok("zk_fr_ntt", zk_fr_ntt(a, 8, 0, dom, sizeof dom, 1));
    expect_ok("zk_fr_ntt (inverse)", zk_fr_ntt(a, 8, 1, dom, sizeof dom, 1));
    g = w[3];
    expect_ok("zk_fr_coset_ntt", zk_fr_coset_ntt(a, 8, &g, 0, dom, sizeof dom, 1));
    expect_ok("zk_fr_coset_ntt (inverse)", zk_fr_coset_ntt(a, 8, &g, 1, dom, sizeof dom, 1));
    /* x * x = y, y * x = z over wires (1, x, y, z, ...), plus public-input rows */
    zk_qap_entry e[7];
    uint32_t spec[7][3] = {{0, 0, 1}, {1, 0, 1}, {2, 0, 2}, {0, 1, 2}, {1, 1, 1}, {2, 1, 3}, {0, 2, 0}};
    for (int i = 0; i < 7; i++) {
        e[i].matrix = spec[i][0];
        e[i].row = spec[i][1];
        e[i].wire = spec[i][2];
        e[i].reserved = 0;
        zk_fr_from_u64(&e[i].value, 1 + (uint64_t)i);
    }
    zk_fr h[4];
    err = (int)zk_groth16_witness_map(h, e, 7, w, 8, 2, dom, sizeof dom, 1, scratch, sizeof scratch);
    PUBLIC(&err, sizeof err);
    expect_ok("zk_groth16_witness_map", err);
    zk_fr_batch_to_le(in, h, 4);
    PUBLIC(in, sizeof in);
    /* setup: secret tau, alpha, beta, delta */
    static zk_g1_affine pa[8], pb1[8], pic[2], pc[8], ph[4], g1v[3];
    static zk_g2_affine pb2[8], g2v[3], pt2[2];
    static zk_g1_affine pt1[4];
    fill(in, 64, 29);
    SECRET(in, 64);
    for (int i = 0; i < 4; i++) zk_fr_from_bytes_wide(&toxic[i], in + 8 * i, 32);
    size_t need = zk_groth16_setup_scratch_size(8, 2, 1);
    if (need > sizeof scratch) return;
    err = (int)zk_groth16_setup(pa, pb1, pb2, pic, pc, ph, g1v, g2v, pt1, pt2, e, 7, 8, 1, 2, toxic, dom,
                                sizeof dom, 1, scratch, sizeof scratch);
    PUBLIC(&err, sizeof err);
    expect_ok("zk_groth16_setup", err);
    PUBLIC(pa, sizeof pa);
    PUBLIC(pb1, sizeof pb1);
    PUBLIC(pb2, sizeof pb2);
    PUBLIC(pc, sizeof pc);
    PUBLIC(ph, sizeof ph);
    PUBLIC(g1v, sizeof g1v);
    PUBLIC(g2v, sizeof g2v);
    PUBLIC(pt1, sizeof pt1);
    PUBLIC(pt2, sizeof pt2);
    /* the prover that is constant time in the witness (secret w, r, s; wires 2, 3 and 5 flagged boolean) */
    zk_groth16_pk pk;
    memset(&pk, 0, sizeof pk);
    pk.n_vars = 8;
    pk.n_public = 1;
    pk.log_n = 2;
    pk.a = pa;
    pk.b1 = pb1;
    pk.b2 = pb2;
    pk.c = pc;
    pk.h = ph;
    pk.entries = e;
    pk.n_entries = 7;
    zk_g1_from_affine(&pk.alpha1, &g1v[0]);
    zk_g1_from_affine(&pk.beta1, &g1v[1]);
    zk_g1_from_affine(&pk.delta1, &g1v[2]);
    zk_g2_from_affine(&pk.beta2, &g2v[0]);
    zk_g2_from_affine(&pk.delta2, &g2v[2]);
    const uint8_t is_bit[8] = {0, 0, 1, 1, 0, 1, 0, 0};
    zk_fr rs[2], one;
    zk_fr_from_u64(&one, 1);
    zk_fr_from_u64(&w[2], 1);
    zk_fr_from_u64(&w[3], 0);
    zk_fr_from_u64(&w[5], 1);
    w[0] = one;
    fill(in, 64, 31);
    zk_fr_from_bytes_wide(&rs[0], in, 32);
    zk_fr_from_bytes_wide(&rs[1], in + 32, 32);
    need = zk_groth16_prove_ct_scratch_size(&pk, 1);
    if (need == 0 || need > sizeof scratch) {
        failures++;
        return;
    }
    SECRET(w + 1, 7 * sizeof w[0]);
    SECRET(rs, sizeof rs);
    zk_g1 pi_a, pi_c;
    zk_g2 pi_b;
    err = (int)zk_groth16_prove_ct(&pi_a, &pi_b, &pi_c, &pk, w, is_bit, NULL, NULL, 0, NULL, &rs[0], &rs[1], dom,
                                   sizeof dom, 1,
                                   scratch, need);
    prove_ct_done("zk_groth16_prove_ct", err, &pi_a, &pi_b, &pi_c, scratch, need);
    /* the same with the H query in the domain basis over some rows (public points and rows) */
    const uint32_t hd_rows[3] = {0, 1, 3};
    SECRET(w + 1, 7 * sizeof w[0]);
    SECRET(rs, sizeof rs);
    err = (int)zk_groth16_prove_ct(&pi_a, &pi_b, &pi_c, &pk, w, is_bit, ph, hd_rows, 3, NULL, &rs[0], &rs[1], dom,
                                   sizeof dom, 1, scratch, need);
    prove_ct_done("zk_groth16_prove_ct (domain-basis H)", err, &pi_a, &pi_b, &pi_c, scratch, need);
    /* the same on two threads (the phases' tasks on the pool) */
    need = zk_groth16_prove_ct_scratch_size(&pk, 2);
    if (need == 0 || need > sizeof scratch) {
        failures++;
        return;
    }
    static zk_g1_affine ph_tab[16 * 3];
    static zk_g1 tab_tmp[16 * 3];
    expect_ok("zk_g1_multiples_table_var", zk_g1_multiples_table_var(ph_tab, ph, 3, tab_tmp, sizeof tab_tmp));
    SECRET(w + 1, 7 * sizeof w[0]);
    SECRET(rs, sizeof rs);
    err = (int)zk_groth16_prove_ct(&pi_a, &pi_b, &pi_c, &pk, w, is_bit, ph, hd_rows, 3, ph_tab, &rs[0], &rs[1],
                                   dom, sizeof dom, 2, scratch, need);
    prove_ct_done("zk_groth16_prove_ct (two threads, the H multiples given)", err, &pi_a, &pi_b, &pi_c, scratch, need);
    /* the same with wire 1 (the public input) flagged public (2): its value public, the rest secret */
    const uint8_t is_bit_pub[8] = {0, 2, 1, 1, 0, 1, 0, 0};
    PUBLIC(w + 1, sizeof w[0]);
    SECRET(w + 2, 6 * sizeof w[0]);
    SECRET(rs, sizeof rs);
    err = (int)zk_groth16_prove_ct(&pi_a, &pi_b, &pi_c, &pk, w, is_bit_pub, ph, hd_rows, 3, ph_tab, &rs[0], &rs[1],
                                   dom, sizeof dom, 2, scratch, need);
    prove_ct_done("zk_groth16_prove_ct (wire 1 flagged public)", err, &pi_a, &pi_b, &pi_c, scratch, need);
    /* the range64 witness: secret v, public bounds; the verdict is the one public output */
    static uint8_t wtns[32 * ZK_RANGE64_WIRES];
    zk_fr v;
    unsigned failed = 0;
    zk_fr_from_u64(&v, 1000);
    SECRET(&v, sizeof v);
    err = (int)zk_range64_witness_ct(wtns, &v, 10, 5000, &failed);
    PUBLIC(&failed, sizeof failed);
    PUBLIC(&err, sizeof err);
    PUBLIC(wtns, sizeof wtns);
    expect_ok("zk_range64_witness_ct", err);
    err = (int)zk_range64_witness_ct(wtns, &v, 2000, 5000, &failed);
    PUBLIC(&failed, sizeof failed);
    PUBLIC(&err, sizeof err);
    if (err == 0 || failed != 1) failures++;
}

/* The VB accumulator (accum_ct_impl.h): the issuer's epoch values with alpha secret, the holder's witness update
 * with y and C secret (the accumulator values, elements and kinds are public), on one thread and in two parts on
 * two (60 changes: 61 MSM points and more, two parts of at least 24). The single allowed leak is the
 * zero/removed verdict, made public before it is looked at. */
#define VB_D 60
static void accumulator_paths(void) {
    zk_g1 g, v, w[VB_D + 1], c, out;
    zk_fr alpha, elems[VB_D], y, t;
    uint8_t in[48], removal[VB_D], scaled[VB_D + 1];
    int zero = 0, removed = 0;
    zk_g1_generator(&g);
    for (int i = 0; i < VB_D; i++) {
        fill(in, sizeof in, (uint8_t)(150 + i));
        zk_fr_from_bytes_wide(&elems[i], in, 48);
        removal[i] = i % 3 != 0; /* additions and removals mixed */
        scaled[i] = i != 0;      /* Omega points carry h_eff^-1; w[0] and w[d] are values */
    }
    scaled[VB_D] = 0;
    fill(in, sizeof in, 7);
    zk_fr_from_bytes_wide(&alpha, in, 48);
    fill(in, sizeof in, 9);
    zk_fr_from_bytes_wide(&y, in, 48);
    zk_g1_mul_var(&v, &g, &y);                       /* some public V_old */
    size_t need = zk_vb_update_points_scratch_size(VB_D);
    if (need > sizeof msm_scratch) {
        fprintf(stderr, "ctime_tests: the accumulator's scratch does not fit\n");
        failures++;
        return;
    }
    SECRET(&alpha, sizeof alpha);
    int err = (int)zk_vb_update_points(w + 1, &zero, &v, &alpha, elems, removal, VB_D, msm_scratch, need);
    PUBLIC(&zero, sizeof zero);
    PUBLIC(w, sizeof w);
    PUBLIC(msm_scratch, need);
    PUBLIC(&err, sizeof err);
    expect_ok("zk_vb_update_points", err);
    if (zero) failures++;
    w[0] = v;
    zk_fr_add(&t, &y, &alpha);                       /* C = V / (y + alpha) for a non-removed y */
    PUBLIC(&t, sizeof t);
    zk_fr_inv(&t, &t);
    zk_g1_mul_var(&c, &v, &t);
    for (unsigned nthreads = 1; nthreads <= 2; nthreads++) {
        need = zk_vb_witness_update_scratch_size(VB_D, nthreads);
        if (need > sizeof msm_scratch) {
            fprintf(stderr, "ctime_tests: the witness update's scratch does not fit\n");
            failures++;
            return;
        }
        SECRET(&y, sizeof y);
        SECRET(&c, sizeof c);
        err = (int)zk_vb_witness_update(&out, &removed, &c, &y, elems, removal, w, scaled, VB_D, nthreads,
                                        msm_scratch, need);
        PUBLIC(&removed, sizeof removed);
        PUBLIC(&out, sizeof out);
        PUBLIC(msm_scratch, need);
        PUBLIC(&err, sizeof err);
        PUBLIC(&y, sizeof y);
        PUBLIC(&c, sizeof c);
        expect_ok("zk_vb_witness_update", err);
        if (removed) failures++;
    }
    /* zk_vb_witness_check: secret C and y (the witness just updated), public V and lines; only the verdict is
     * looked at. The public key is some Q~ = a P~ for which the witness is valid: a = alpha. */
    {
        static zk_g2_prepared lq, lp;
        zk_g2 q, pg;
        zk_g2_generator(&pg);
        PUBLIC(&alpha, sizeof alpha); /* the key is not under test here */
        zk_g2_mul_var(&q, &pg, &alpha);
        PUBLIC(&q, sizeof q);
        zk_g2_prepare(&lq, &q);
        zk_g2_prepare(&lp, &pg);
        PUBLIC(&lq, sizeof lq);
        PUBLIC(&lp, sizeof lp);
        zk_g1 cw = out;
        SECRET(&y, sizeof y);
        SECRET(&cw, sizeof cw);
        int ok = zk_vb_witness_check(&cw, &y, &w[VB_D], &lq, &lp);
        PUBLIC(&ok, sizeof ok);
        PUBLIC(&y, sizeof y);
        PUBLIC(&cw, sizeof cw);
        if (ok != 1) {
            fprintf(stderr, "ctime_tests: zk_vb_witness_check rejected the updated witness\n");
            failures++;
        }
    }
}

/* zk_merkle_path_ct: a public tree of 5 elements at depth 4 (levels of 5, 3, 2, 1 nodes: the siblings past a
 * level's end are the empty values), a secret element present twice (the first position wins) and an absent one;
 * only the found flag is looked at before the outputs are published. */
#define MK_DEPTH 4
static void merkle_paths(void) {
    zk_fr elems[5], nodes[5 + 3 + 2 + 1], empty[MK_DEPTH], x, sib[MK_DEPTH], bits[MK_DEPTH], one;
    const size_t level_len[MK_DEPTH] = {5, 3, 2, 1};
    const uint64_t vals[5] = {11, 22, 33, 22, 44};
    for (int i = 0; i < 5; i++) zk_fr_from_u64(&elems[i], vals[i]);
    for (int i = 0; i < 11; i++) zk_fr_from_u64(&nodes[i], 1000 + (uint64_t)i);
    for (int d = 0; d < MK_DEPTH; d++) zk_fr_from_u64(&empty[d], 7000 + (uint64_t)d);
    zk_fr_from_u64(&one, 1);
    for (int trial = 0; trial < 2; trial++) {
        int found = -1;
        zk_fr_from_u64(&x, trial == 0 ? 22 : 55);
        SECRET(&x, sizeof x);
        int err = (int)zk_merkle_path_ct(sib, bits, &found, &x, elems, 5, nodes, level_len, empty, MK_DEPTH);
        PUBLIC(&err, sizeof err);
        PUBLIC(&found, sizeof found);
        PUBLIC(sib, sizeof sib);
        PUBLIC(bits, sizeof bits);
        expect_ok("zk_merkle_path_ct", err);
        if (found != (trial == 0)) failures++;
        /* 22 first sits at position 1: bits 1, 0, 0, 0; siblings node 0 of level 0, node 1 of level 1, node 1 of
         * level 2, the empty value of level 3 */
        if (trial == 0 && (!zk_fr_eq(&bits[0], &one) || !zk_fr_is_zero(&bits[1]) || !zk_fr_eq(&sib[0], &nodes[0]) ||
                           !zk_fr_eq(&sib[1], &nodes[6]) || !zk_fr_eq(&sib[2], &nodes[9]) ||
                           !zk_fr_eq(&sib[3], &empty[3])))
            failures++;
    }
}

static int run_all(void) {
    printf("ctime_tests: %s\n", zk_build_info());
    fr_ops();
    scalar_mul();
    gt_and_hash();
    groth16_paths();
    accumulator_paths();
    merkle_paths();
    return msm_ct() || failures;
}

int main(void) {
    if (!RUNNING_ON_VALGRIND)
        fprintf(stderr, "ctime_tests: not under valgrind: the calls run but nothing is checked\n");
    /* Both Fp multiplication paths: the CPU-detected one (the x86-64 mulx/adcx/adox code where the CPU, as
     * valgrind presents it, has BMI2 and ADX), then the portable C. */
    if (run_all()) return 1;
    int was_portable = zk_fp_force_portable(1);
    if (!was_portable && run_all()) return 1;
    zk_fp_force_portable(0);
    printf("ctime_tests: done (%s)\n", RUNNING_ON_VALGRIND ? "valgrind memcheck decides" : "unchecked");
    return 0;
}
