/* tower_lanes_impl.h -- the final exponentiation's exponentiations by z on eight AVX-512 IFMA lanes (fp_ifma.h):
 * fp12_cyclotomic_exp_z_lanes, which tower_impl.h's fp12_cyclotomic_exp_z calls where the CPU has the lanes.
 *
 * A Granger-Scott cyclotomic squaring (tower_impl.h, fp12_cyclotomic_sqr) squares three Fp4 elements
 * A_i = X_i + Y_i t (X, Y in Fp2): X^2, Y^2 and X Y are eight Fp products, one lane each, so one fpv_mul per A_i
 * replaces the scalar code's 18 sequential products. Between the 63 squarings of a^|z| the element stays on the
 * lanes, as three vectors q[i] whose lanes 0..3 hold (X_i.c0, X_i.c1, Y_i.c0, Y_i.c1) (lanes 4..7: zero):
 *   A_0 = (g0, h1), A_1 = (h0, g2), A_2 = (g1, h2), where a.c0 = (g0, g1, g2) and a.c1 = (h0, h1, h2);
 * it leaves the lanes only for the five multiplications by a (fp12_mul, at the set bits of |z|).
 *
 * One squaring, for each i: L = (x0 + x1, x0, y0 + y1, y0, x0, x1, x0, x1), R = (x0 - x1, x1, y0 - y1, y1, y0, y1,
 * y1, y0), P = L R lane by lane, so that X^2 = (p0, 2 p1), Y^2 = (p2, 2 p3), X Y = (p4 - p5, p6 + p7), and
 *   A_i^2 = (X^2 + xi Y^2, 2 X Y) = (p0 + p2 - 2 p3, 2 p1 + p2 + 2 p3; 2 p4 - 2 p5, 2 p6 + 2 p7)   (xi = 1 + u).
 * Then, as in fp12_cyclotomic_sqr: A_0' = 3 A_0^2 - 2 conj(A_0) (conj(X + Y t) = X - Y t), the new A_2 (g1, h2) =
 * 3 A_1^2 - 2 conj(A_2), and the new A_1 (h0, g2) = 3 t A_2^2 + 2 conj(A_1) with t (X + Y t) = xi Y + X t.
 * Each new lane is 3 (a signed sum of products, coefficients 1 or 2) +- 2 (an old lane): lane permutations,
 * shifts and adds (cyclo_lanes_combine), with 56 p added so that every value stays non-negative.
 *
 * Bounds (fp_ifma.h's contracts): q < 4p after each squaring (fpv_reduce); L, R < 8p < 2^384, so P < 2^352 + p <
 * 2p (fpv_mul); a combination is below 3 * 8 * 2p + 2 * 4p + 56p = 112p < 2^388 (normalized by fpv_carry: the
 * signed limbs stay below 2^58), and fpv_reduce brings it below 4p again. Entering the lanes (fpv_from_words:
 * V = a 2^32 < 2^413) is followed by fpv_reduce; leaving (fpv_to_words) reduces fully.
 *
 * CONSTANT TIME: fixed permutations, masks and shifts; the multiplications by a at the public bits of z. The
 * element may be derived from secrets (the final exponentiation of a pairing check over secret points). */
#ifndef ZK_TOWER_LANES_IMPL_H
#define ZK_TOWER_LANES_IMPL_H

#if defined(ZK_HAVE_IFMA)

typedef struct { fpv q[3]; } fp12_lanes;

/* The twelve coefficients, pair by pair in the order of the file comment, as indices into the fp12 seen as twelve
 * fp (c0.c0.c0, c0.c0.c1, c0.c1.c0, ..., c1.c2.c1): g0, h1 | h0, g2 | g1, h2. */
_Static_assert(sizeof(fp12) == 12 * sizeof(fp), "an fp12 is twelve fp, c0 before c1 at every level");
static const unsigned char CYCLO_LANES_COEFF[12] = {0, 1, 8, 9, 6, 7, 4, 5, 2, 3, 10, 11};

/* r = a on the lanes (each q[i] reduced below 4p). On input: a's coefficients below p. */
ZK_IFMA_INLINE void cyclo_lanes_load(fp12_lanes *r, const fp12 *a) {
    const fp *c = (const fp *)a;
    uint64_t w[3][6][8] __attribute__((aligned(64)));
    memset(w, 0, sizeof w);
    for (int i = 0; i < 3; i++)
        for (int k = 0; k < 4; k++)
            for (int j = 0; j < 6; j++) w[i][j][k] = c[CYCLO_LANES_COEFF[4 * i + k]].l[j];
    for (int i = 0; i < 3; i++) {
        __m512i v[6];
        for (int j = 0; j < 6; j++) v[j] = _mm512_load_si512((const void *)w[i][j]);
        fpv_from_words(&r->q[i], v);
        fpv_reduce(&r->q[i], &r->q[i]);
    }
    ct_wipe(w, sizeof w);
}

/* r = a back in the scalar form (coefficients fully reduced). */
ZK_IFMA_INLINE void cyclo_lanes_store(fp12 *r, const fp12_lanes *a) {
    fp *c = (fp *)r;
    uint64_t w[3][6][8] __attribute__((aligned(64)));
    for (int i = 0; i < 3; i++) {
        __m512i v[6];
        fpv_to_words(v, &a->q[i]);
        for (int j = 0; j < 6; j++) _mm512_store_si512((void *)w[i][j], v[j]);
    }
    for (int i = 0; i < 3; i++)
        for (int k = 0; k < 4; k++)
            for (int j = 0; j < 6; j++) c[CYCLO_LANES_COEFF[4 * i + k]].l[j] = w[i][j][k];
    ct_wipe(w, sizeof w);
}

/* Lane permutation of every limb: r lane k = a lane idx[k] where mask has bit k, else 0. */
ZK_IFMA_INLINE void fpv_permute_z(fpv *r, const fpv *a, __m512i idx, __mmask8 mask) {
#pragma GCC unroll 8
    for (int i = 0; i < 8; i++) r->l[i] = _mm512_maskz_permutexvar_epi64(mask, idx, a->l[i]);
}

/* P = L R for the pair q (file comment). q < 4p on input; P < 2p on output. */
ZK_IFMA_INLINE void cyclo_lanes_products(fpv *p, const fpv *q) {
    fpv l, r, s, k4;
    /* L = (x0, x0, y0, y0, x0, x1, x0, x1) + (x1, 0, y1, 0, 0, 0, 0, 0) */
    fpv_permute_z(&l, q, _mm512_set_epi64(1, 0, 1, 0, 2, 2, 0, 0), 0xff);
    fpv_permute_z(&s, q, _mm512_set_epi64(0, 0, 0, 0, 0, 3, 0, 1), 0x05);
    /* R = (x0, x1, y0, y1, y0, y1, y1, y0) - (x1, 0, y1, 0, ...) + (4p, 0, 4p, 0, ...) */
    fpv_permute_z(&r, q, _mm512_set_epi64(2, 3, 3, 2, 3, 2, 1, 0), 0xff);
#pragma GCC unroll 8
    for (int i = 0; i < 8; i++) {
        k4.l[i] = _mm512_maskz_mov_epi64(0x05, _mm512_set1_epi64((long long)FPV_PK[4][i]));
        l.l[i] = _mm512_add_epi64(l.l[i], s.l[i]);
        r.l[i] = _mm512_add_epi64(_mm512_sub_epi64(r.l[i], s.l[i]), k4.l[i]);
    }
    fpv_carry(&l);
    fpv_carry(&r);
    fpv_mul(p, &l, &r);
}

/* One term of a combination: lanes of P picked by idx (where active), doubled where dbl, subtracted where neg. */
typedef struct {
    long long idx[4];
    __mmask8 active, dbl, neg;
} cyclo_term;

/* The combinations of the file comment, lanes 0..3. Kind A: 3 A^2 -+ 2 (old lanes) with the signs (-, -, +, +) --
 * the new A_0 from A_0's products, the new A_2 from A_1's; kind B: 3 t A^2 + 2 conj(old) with the signs
 * (+, +, -, -) -- the new A_1 from A_2's products:
 *   kind A: (p0 + p2 - 2p3, 2p1 + p2 + 2p3, 2p4 - 2p5, 2p6 + 2p7)
 *   kind B: xi (2p4 - 2p5 + (2p6 + 2p7) u), then A^2's first half: (2p4 - 2p5 - 2p6 - 2p7, 2p4 - 2p5 + 2p6 + 2p7,
 *           p0 + p2 - 2p3, 2p1 + p2 + 2p3) */
static const cyclo_term CYCLO_KIND_A[4] = {
    {{0, 1, 4, 6}, 0x0f, 0x0e, 0x00},
    {{2, 2, 5, 7}, 0x0f, 0x0c, 0x04},
    {{3, 3, 0, 0}, 0x03, 0x03, 0x01},
    {{0, 0, 0, 0}, 0x00, 0x00, 0x00},
};
static const cyclo_term CYCLO_KIND_B[4] = {
    {{4, 4, 0, 1}, 0x0f, 0x0b, 0x00},
    {{5, 5, 2, 2}, 0x0f, 0x03, 0x03},
    {{6, 6, 3, 3}, 0x0f, 0x0f, 0x05},
    {{7, 7, 0, 0}, 0x03, 0x03, 0x01},
};

/* r = 3 (sum of the terms over p) + 2 old (subtracted in the lanes of old_neg) + 56 p, reduced below 4p.
 * On input: p < 2p, old < 4p. */
ZK_IFMA_INLINE void cyclo_lanes_combine(fpv *r, const fpv *p, const cyclo_term terms[4], const fpv *old,
                                        __mmask8 old_neg) {
    const __m512i zero = _mm512_setzero_si512();
    fpv acc;
#pragma GCC unroll 8
    for (int i = 0; i < 8; i++) acc.l[i] = zero;
    for (int t = 0; t < 4; t++) {
        if (!terms[t].active) continue; /* the table is a constant: public */
        const __m512i idx = _mm512_set_epi64(0, 0, 0, 0, terms[t].idx[3], terms[t].idx[2], terms[t].idx[1],
                                             terms[t].idx[0]);
#pragma GCC unroll 8
        for (int i = 0; i < 8; i++) {
            __m512i v = _mm512_maskz_permutexvar_epi64(terms[t].active, idx, p->l[i]);
            v = _mm512_mask_slli_epi64(v, terms[t].dbl, v, 1);
            acc.l[i] = _mm512_mask_sub_epi64(_mm512_add_epi64(acc.l[i], v), terms[t].neg, acc.l[i], v);
        }
    }
#pragma GCC unroll 8
    for (int i = 0; i < 8; i++) {
        __m512i a3 = _mm512_add_epi64(acc.l[i], _mm512_slli_epi64(acc.l[i], 1));
        __m512i o2 = _mm512_slli_epi64(old->l[i], 1);
        __m512i k56 = _mm512_maskz_mov_epi64(0x0f, _mm512_slli_epi64(_mm512_set1_epi64((long long)FPV_PK[7][i]), 3));
        __m512i s = _mm512_mask_sub_epi64(_mm512_add_epi64(a3, o2), old_neg, a3, o2);
        r->l[i] = _mm512_add_epi64(s, k56);
    }
    fpv_carry(r);
    fpv_reduce(r, r);
}

/* a = a^2 for a in the cyclotomic subgroup, on the lanes (file comment). */
ZK_IFMA_INLINE void cyclo_lanes_sqr(fp12_lanes *a) {
    fpv p[3];
    for (int i = 0; i < 3; i++) cyclo_lanes_products(&p[i], &a->q[i]);
    fpv q1 = a->q[1], q2 = a->q[2];
    cyclo_lanes_combine(&a->q[0], &p[0], CYCLO_KIND_A, &a->q[0], 0x03);
    cyclo_lanes_combine(&a->q[2], &p[1], CYCLO_KIND_A, &q2, 0x03);
    cyclo_lanes_combine(&a->q[1], &p[2], CYCLO_KIND_B, &q1, 0x0c);
}

/* r = a^z for a in the cyclotomic subgroup (fp12_cyclotomic_exp_z's result). Constant time. */
ZK_IFMA_TARGET static void fp12_cyclotomic_exp_z_lanes(fp12 *r, const fp12 *a) {
    fp12_lanes acc;
    fp12 t;
    cyclo_lanes_load(&acc, a);
    for (int i = 62; i >= 0; i--) {
        cyclo_lanes_sqr(&acc);
        if ((BLS_Z_ABS >> i) & 1) { /* public constant exponent */
            cyclo_lanes_store(&t, &acc);
            fp12_mul(&t, &t, a);
            cyclo_lanes_load(&acc, &t);
        }
    }
    cyclo_lanes_store(&t, &acc);
    fp12_conj(r, &t);
    ct_wipe(&acc, sizeof acc);
    ct_wipe(&t, sizeof t);
}

#endif /* ZK_HAVE_IFMA */
#endif
