/* msm_lanes_impl.h -- the constant-time Straus loop on eight AVX-512 IFMA lanes, shared by the constant-time G1
 * MSM (zk_g1_msm_ct, msm_ct_impl.h) and the holder's witness update (vb_witness_update_ct, accum_ct_impl.h).
 *
 * Input: per point p < n an affine table tab[16 p + e - 1] = e P_p (e = 1..16; an entry may be the affine
 * infinity: its flag is read as a mask) and the recoded scalar ks[6 p .. 6 p + 6) = (k1 + H, k2 + H) of the GLV
 * split k = k1 + k2 z^2 (scalar_split_z2), H = sum_{w<26} 16 * 32^w, so that window w of each half is the signed
 * digit d_w + 16, d_w in [-16, 15]. Output: sum_p k_p P_p.
 *
 * Lane k accumulates the points 8 s + k (s = 0, 1, ...), each lane with the same complete formulas
 * (Renes-Costello-Batina 2016, algorithms 8 and 9, a = 0, 3b = 12) in fp_ifma.h's arithmetic; the eight sums are
 * added at the end. CONSTANT TIME in the tables and the scalars: straight-line lane arithmetic (no branch, no
 * address depends on a digit or a point), digits selected by masked blends over all 16 entries, the identity cases
 * by masks. Only n is public. The lane code runs only where the CPU has IFMA, and valgrind (the ctime harness) has
 * no AVX-512: the harness checks the callers' scalar loops; this one is held to the same rules by construction
 * (every branch and index here is on n, s, e, k, the window or the half: public) and its results are tested
 * against the scalar loops. Every lane value is kept below 4p (the bounds in the comments). */
#ifndef ZK_MSM_LANES_IMPL_H
#define ZK_MSM_LANES_IMPL_H

/* The recoding both callers share: 26 windows of 5 bits per 128-bit GLV half, 3 limbs per half, 16 entries. */
#define LANES_WINDOWS 26
#define LANES_LIMBS 3
#define LANES_TABLE 16

/* The lane tables: per slot of eight points and entry, two lane vectors of 8 x 8 64-bit limbs (1024 bytes) and a
 * mask byte. straus_lanes_bytes(n): what straus_lanes_ct needs, from a 64-byte aligned start. */
#define LANES_ENTRY 1024
static size_t straus_lanes_bytes(size_t n) { return ((n + 7) / 8) * LANES_TABLE * (LANES_ENTRY + 1); }

#ifdef ZK_HAVE_IFMA
typedef struct { fpv x, y; } lg1_laff;    /* eight affine points, coordinates < 4p */
typedef struct { fpv x, y, z; } lg1_lpt;  /* eight projective points, coordinates < 4p */
typedef struct { fpv k4, beta, zero; } lg1_lconst;

/* lanes of m: r = a. */
ZK_IFMA_INLINE void fpv_blend(fpv *r, const fpv *a, __mmask8 m) {
#pragma GCC unroll 8
    for (int i = 0; i < 8; i++) r->l[i] = _mm512_mask_blend_epi64(m, r->l[i], a->l[i]);
}

/* The common tail of the additions below (RCB algorithms 7 and 8 from their step "t0 = 3 t0" on), with 3b = 12
 * applied by fpv_mul12 and each coordinate's sum or difference of two products taken with one Montgomery
 * reduction (fpv_mul_sum2, fpv_mul_diff2). On input: t0 = X1 X2 and t1 = Y1 Y2 (< 2p), t3, t4, y3 (< 6p) and
 * zb = the Z factor that 3b multiplies (Z1 Z2, or Z1 for a mixed addition; < 4p). On output: r, every coordinate
 * below 3p. */
ZK_IFMA_INLINE void lg1_add_tail(lg1_lpt *r, fpv t0, fpv t1, const fpv *t3, const fpv *t4, fpv y3, const fpv *zb,
                                 const lg1_lconst *c) {
    fpv t2, x3, z3;
    fpv_add(&x3, &t0, &t0);               /* < 4p */
    fpv_add(&t0, &x3, &t0);               /* < 6p */
    fpv_mul12(&t2, zb);                   /* < 4p */
    fpv_add(&z3, &t1, &t2);               /* < 6p */
    fpv_sub(&t1, &t1, &t2, &c->k4);       /* < 6p */
    fpv_mul12(&y3, &y3);                  /* < 4p */
    fpv_mul_diff2(&x3, t3, &t1, t4, &y3); /* t3 t1 - t4 y3, < 3p */
    fpv_mul_sum2(&r->y, &y3, &t0, &t1, &z3); /* y3 t0 + t1 z3, < 2p */
    fpv_mul_sum2(&r->z, &z3, t4, &t0, t3);   /* z3 t4 + t0 t3, < 2p */
    r->x = x3;
}

/* r = a + b: g1_add (RCB algorithm 7) on lanes, complete (either point may be the identity).
 * On input: every coordinate below 4p. On output: every coordinate below 3p. r may alias a or b. */
ZK_IFMA_INLINE void lg1_add(lg1_lpt *r, const lg1_lpt *a, const lg1_lpt *b, const lg1_lconst *c) {
    fpv t0, t1, t2, t3, t4, x3, y3;
    fpv_mul(&t0, &a->x, &b->x);           /* < 2p */
    fpv_mul(&t1, &a->y, &b->y);           /* < 2p */
    fpv_mul(&t2, &a->z, &b->z);           /* < 2p */
    fpv_add(&t3, &a->x, &a->y);           /* < 8p */
    fpv_add(&t4, &b->x, &b->y);           /* < 8p */
    fpv_mul(&t3, &t3, &t4);               /* < 2p */
    fpv_add(&t4, &t0, &t1);               /* < 4p */
    fpv_sub(&t3, &t3, &t4, &c->k4);       /* < 6p */
    fpv_add(&t4, &a->y, &a->z);           /* < 8p */
    fpv_add(&x3, &b->y, &b->z);           /* < 8p */
    fpv_mul(&t4, &t4, &x3);               /* < 2p */
    fpv_add(&x3, &t1, &t2);               /* < 4p */
    fpv_sub(&t4, &t4, &x3, &c->k4);       /* < 6p */
    fpv_add(&x3, &a->x, &a->z);           /* < 8p */
    fpv_add(&y3, &b->x, &b->z);           /* < 8p */
    fpv_mul(&x3, &x3, &y3);               /* < 2p */
    fpv_add(&y3, &t0, &t2);               /* < 4p */
    fpv_sub(&y3, &x3, &y3, &c->k4);       /* < 6p */
    lg1_add_tail(r, t0, t1, &t3, &t4, y3, &t2, c);
}

/* r = a + b, b affine and not the identity (the caller masks that case): g1_add_affine on lanes.
 * On input: every coordinate below 4p. On output: every coordinate below 3p. r may alias a. */
ZK_IFMA_INLINE void lg1_madd(lg1_lpt *r, const lg1_lpt *a, const lg1_laff *b, const lg1_lconst *c) {
    fpv t0, t1, t3, t4, y3;
    fpv_mul(&t0, &a->x, &b->x);           /* < 2p */
    fpv_mul(&t1, &a->y, &b->y);           /* < 2p */
    fpv_add(&t3, &b->x, &b->y);           /* < 8p */
    fpv_add(&t4, &a->x, &a->y);           /* < 8p */
    fpv_mul(&t3, &t3, &t4);               /* < 2p */
    fpv_add(&t4, &t0, &t1);               /* < 4p */
    fpv_sub(&t3, &t3, &t4, &c->k4);       /* < 6p */
    fpv_mul(&t4, &b->y, &a->z);           /* < 2p */
    fpv_add(&t4, &t4, &a->y);             /* < 6p */
    fpv_mul(&y3, &b->x, &a->z);           /* < 2p */
    fpv_add(&y3, &y3, &a->x);             /* < 6p */
    lg1_add_tail(r, t0, t1, &t3, &t4, y3, &a->z, c);
}

/* r = 2 a: g1_dbl (RCB algorithm 9) on lanes, 3b = 12 by fpv_mul12, Y3's sum of two products with one reduction.
 * On input: coordinates below 4p. On output: below 4p. r may alias a. */
ZK_IFMA_INLINE void lg1_dbl(lg1_lpt *r, const lg1_lpt *a, const lg1_lconst *c) {
    fpv t0, t1, t2, t6, x3, y3, z3;
    fpv_sqr(&t0, &a->y);                  /* < 2p */
    fpv_add(&z3, &t0, &t0);
    fpv_add(&z3, &z3, &z3);
    fpv_add(&z3, &z3, &z3);               /* 8 t0 < 16p */
    fpv_mul(&t1, &a->y, &a->z);           /* < 2p */
    fpv_sqr(&t2, &a->z);                  /* < 2p */
    fpv_mul12(&t2, &t2);                  /* 3b Z^2 < 4p */
    fpv_add(&t6, &t2, &t2);
    fpv_add(&t6, &t6, &t2);               /* < 12p */
    fpv_reduce(&t6, &t6);                 /* < 4p */
    fpv_add(&y3, &t0, &t2);               /* < 6p */
    fpv_sub(&t0, &t0, &t6, &c->k4);       /* < 6p */
    fpv_mul_sum2(&y3, &t2, &z3, &t0, &y3); /* t2 z3 + t0 y3, < 2p */
    fpv_mul(&z3, &t1, &z3);               /* < 2p */
    fpv_mul(&t1, &a->x, &a->y);           /* < 2p */
    fpv_mul(&x3, &t0, &t1);               /* < 2p */
    fpv_add(&x3, &x3, &x3);               /* < 4p */
    r->x = x3;
    r->y = y3;
    r->z = z3;
}

/* r = an Fp constant in the lanes' domain, below 4p. */
ZK_IFMA_INLINE void fpv_const(fpv *r, const fp *a) {
    uint64_t limbs[8];
    fpv_limbs_of(limbs, a->l, 32);
    fpv t;
    fpv_set_const(&t, limbs);
    fpv_reduce(r, &t);
}

/* The lane constants: 4p for the subtractions, beta (sigma), zero (3b = 12 is fpv_mul12's shifts). */
ZK_IFMA_INLINE void lg1_consts(lg1_lconst *c) {
    fp t;
    fpv_set_const(&c->k4, FPV_PK[4]);
    memcpy(t.l, G1_BETA, sizeof t.l);
    fpv_const(&c->beta, &t);
    for (int i = 0; i < 8; i++) c->zero.l[i] = _mm512_setzero_si512();
}

/* The lane tables of straus_lanes_run from scalar affine tables: lt[16 s + e - 1] holds e P for the points 8 s + k
 * in lane k (coordinates < 4p), inf_of[16 s + e - 1] the mask of its lanes at infinity (lanes past n: infinity).
 * Constant time in tab (n public). */
static ZK_IFMA_TARGET void straus_lanes_load(lg1_laff *lt, uint8_t *inf_of, const g1_affine *tab, size_t n) {
    size_t slots = (n + 7) / 8;
    uint64_t tx[6][8] __attribute__((aligned(64))), ty[6][8] __attribute__((aligned(64)));
    /* the tables, transposed: lane k of slot s is point 8 s + k (the identity past n) */
    for (size_t s = 0; s < slots; s++)
        for (unsigned e = 0; e < LANES_TABLE; e++) {
            unsigned inf = 0;
            for (unsigned k = 0; k < 8; k++) {
                size_t p = 8 * s + k;
                if (p < n) { /* public */
                    const g1_affine *q = tab + LANES_TABLE * p + e;
                    for (int j = 0; j < 6; j++) {
                        tx[j][k] = q->x.l[j];
                        ty[j][k] = q->y.l[j];
                    }
                    inf |= (unsigned)(q->infinity & 1) << k;
                } else {
                    for (int j = 0; j < 6; j++) tx[j][k] = ty[j][k] = 0;
                    inf |= 1u << k;
                }
            }
            __m512i w[6];
            fpv v;
            lg1_laff *dst = lt + LANES_TABLE * s + e;
            for (int j = 0; j < 6; j++) w[j] = _mm512_load_si512((const void *)tx[j]);
            fpv_from_words(&v, w);
            fpv_reduce(&dst->x, &v);
            for (int j = 0; j < 6; j++) w[j] = _mm512_load_si512((const void *)ty[j]);
            fpv_from_words(&v, w);
            fpv_reduce(&dst->y, &v);
            inf_of[LANES_TABLE * s + e] = (uint8_t)inf;
        }
    ct_wipe(tx, sizeof tx);
    ct_wipe(ty, sizeof ty);
}

/* r = a^(p - 2) = 1 / a (0 for a = 0): Fermat, square-and-multiply over the public exponent's bits.
 * On input: a normalized, below 2^415. On output: below 2p. Constant time in a. */
static ZK_IFMA_TARGET void lg1_fpv_inv(fpv *r, const fpv *a) {
    uint64_t e[6];
    fpv acc;
    memcpy(e, FP_P, sizeof e);
    e[0] -= 2; /* p's low word is ...aaab: no borrow */
    fpv_set_const(&acc, FPV_ONE);
    for (int b = 380; b >= 0; b--) { /* p < 2^381 */
        fpv_sqr(&acc, &acc);
        if ((e[b / 64] >> (b % 64)) & 1) fpv_mul(&acc, &acc, a); /* a bit of p - 2: public */
    }
    *r = acc;
}

/* The projective staging straus_lanes_tables_ct needs: 16 lane points per slot of eight points. */
static size_t straus_lanes_stage_bytes(size_t n) { return ((n + 7) / 8) * LANES_TABLE * 3 * 512; }

/* The lane tables of straus_lanes_run straight from projective points (secret ones: the witness in a proof), all on
 * the lanes: lane k of slot s builds 1P..16P of point 8 s + k (the identity past n) with the complete formulas,
 * then every entry is made affine with one Fermat inversion per lane (Montgomery's trick over all entries, an
 * entry at infinity, Z = 0, taking part as Z = 1 and flagged in inf_of). stage: straus_lanes_stage_bytes(n) bytes,
 * 64-byte aligned, left holding secrets (the caller wipes it). Constant time in the points (n public). */
static ZK_IFMA_TARGET void straus_lanes_tables_ct(lg1_laff *lt, uint8_t *inf_of, const g1 *points, size_t n,
                                                  lg1_lpt *stage) {
    size_t slots = (n + 7) / 8, m = slots * LANES_TABLE;
    uint64_t tw[6][8] __attribute__((aligned(64)));
    lg1_lconst c;
    lg1_lpt pt;
    fpv one, acc, inv, zinv;
    fp fone;
    lg1_consts(&c);
    fp_one(&fone);
    fpv_const(&one, &fone);
    for (size_t s = 0; s < slots; s++) {
        for (int ci = 0; ci < 3; ci++) { /* lane k <- point 8 s + k; past n: the identity (0 : 1 : 0) */
            for (unsigned k = 0; k < 8; k++) {
                size_t p = 8 * s + k;
                const fp *src = p < n ? (ci == 0 ? &points[p].x : ci == 1 ? &points[p].y : &points[p].z) : NULL;
                for (int j = 0; j < 6; j++) tw[j][k] = src ? src->l[j] : ci == 1 ? FP_ONE[j] : 0; /* p: public */
            }
            __m512i w[6];
            fpv v;
            for (int j = 0; j < 6; j++) w[j] = _mm512_load_si512((const void *)tw[j]);
            fpv_from_words(&v, w);
            fpv_reduce(ci == 0 ? &pt.x : ci == 1 ? &pt.y : &pt.z, &v);
        }
        lg1_lpt *st = stage + LANES_TABLE * s;
        st[0] = pt;
        for (unsigned e = 2; e <= LANES_TABLE; e++) {
            if (e & 1)
                lg1_add(&st[e - 1], &st[e - 2], &pt, &c);
            else
                lg1_dbl(&st[e - 1], &st[e / 2 - 1], &c);
        }
    }
    /* Montgomery's trick; the prefix products wait in lt[i].x */
    acc = one;
    for (size_t i = 0; i < m; i++) {
        __mmask8 inf = fpv_zero_mod_p(&stage[i].z, 4); /* Z < 4p */
        fpv_blend(&stage[i].z, &one, inf);
        inf_of[i] = (uint8_t)inf;
        lt[i].x = acc;
        fpv_mul(&acc, &acc, &stage[i].z); /* < 2p */
    }
    lg1_fpv_inv(&inv, &acc);
    for (size_t i = m; i-- > 0;) {
        fpv_mul(&zinv, &inv, &lt[i].x);
        fpv_mul(&inv, &inv, &stage[i].z);
        fpv_mul(&lt[i].x, &stage[i].x, &zinv); /* < 2p */
        fpv_mul(&lt[i].y, &stage[i].y, &zinv);
    }
    ct_wipe(tw, sizeof tw);
    ct_wipe(&pt, sizeof pt);
    ct_wipe(&acc, sizeof acc);
    ct_wipe(&inv, sizeof inv);
    ct_wipe(&zinv, sizeof zinv);
}

/* part[k] = the Straus sum of lane k: sum over the points p = 8 s + k < n of the lane tables (straus_lanes_load,
 * straus_lanes_tables_ct) and the recoded scalars ks, as the scalar loops of msm_ct_impl.h and accum_ct_impl.h
 * compute (straus_lanes_run adds the eight; the multi-output MSM adds them by group). Constant time (see above). */
static ZK_IFMA_TARGET void straus_lanes_run_parts(g1 part[8], const lg1_laff *lt, const uint8_t *inf_of,
                                                  const uint64_t *ks, size_t n) {
    size_t slots = (n + 7) / 8;
    uint64_t tx[6][8] __attribute__((aligned(64)));
    lg1_lconst c;
    lg1_consts(&c);
    lg1_lpt a, sum;
    lg1_laff sel;
    fpv ny;
    fp one;
    fp_one(&one);
    a.x = c.zero;
    fpv_const(&a.y, &one);
    a.z = c.zero;
    uint64_t ad[8] __attribute__((aligned(64))), ng[8] __attribute__((aligned(64)));
    for (unsigned win = LANES_WINDOWS; win-- > 0;) { /* the window position is public */
        if (win + 1 != LANES_WINDOWS)
            for (unsigned b = 0; b < 5; b++) lg1_dbl(&a, &a, &c);
        unsigned bit = 5 * win, li = bit / 64, sh = bit % 64;
        for (size_t s = 0; s < slots; s++)
            for (unsigned j = 0; j < 2; j++) {
                for (unsigned k = 0; k < 8; k++) {
                    size_t p = 8 * s + k < n ? 8 * s + k : 0; /* public; a dummy lane reads point 0's digit */
                    const uint64_t *kk = ks + p * 2 * LANES_LIMBS + j * LANES_LIMBS;
                    uint64_t v = kk[li] >> sh;
                    if (sh > 59) v |= kk[li + 1] << (64 - sh); /* public position */
                    v &= 31;
                    uint64_t neg = ((v - 16) >> 63) & 1, m = ct_mask(neg);
                    ad[k] = ((v - 16) & ~m) | ((16 - v) & m);
                    ng[k] = neg ^ j; /* j = 1 multiplies -sigma(P) (msm_ct_impl.h, vb_select) */
                }
                __m512i AD = _mm512_load_si512((const void *)ad), NG = _mm512_load_si512((const void *)ng);
                __mmask8 skip = _mm512_cmpeq_epi64_mask(AD, _mm512_setzero_si512());
                sel.x = c.zero;
                sel.y = c.zero;
                const lg1_laff *row = lt + LANES_TABLE * s;
                const uint8_t *irow = inf_of + LANES_TABLE * s;
                for (unsigned e = 1; e <= LANES_TABLE; e++) {
                    __mmask8 m = _mm512_cmpeq_epi64_mask(AD, _mm512_set1_epi64((long long)e));
                    fpv_blend(&sel.x, &row[e - 1].x, m);
                    fpv_blend(&sel.y, &row[e - 1].y, m);
                    skip = (__mmask8)(skip | (m & irow[e - 1]));
                }
                if (j == 1) fpv_mul(&sel.x, &sel.x, &c.beta); /* public half */
                fpv_sub(&ny, &c.zero, &sel.y, &c.k4);
                fpv_blend(&sel.y, &ny, _mm512_cmpneq_epi64_mask(NG, _mm512_setzero_si512()));
                lg1_madd(&sum, &a, &sel, &c);
                __mmask8 keep = (__mmask8)~skip;
                fpv_blend(&a.x, &sum.x, keep);
                fpv_blend(&a.y, &sum.y, keep);
                fpv_blend(&a.z, &sum.z, keep);
            }
    }
    /* the eight lane sums, back to the scalar form */
    const fpv *coords[3] = {&a.x, &a.y, &a.z};
    for (int ci = 0; ci < 3; ci++) {
        __m512i w[6];
        fpv_to_words(w, coords[ci]);
        for (int j = 0; j < 6; j++) _mm512_store_si512((void *)tx[j], w[j]);
        for (unsigned k = 0; k < 8; k++) {
            fp *dst = ci == 0 ? &part[k].x : ci == 1 ? &part[k].y : &part[k].z;
            for (int j = 0; j < 6; j++) dst->l[j] = tx[j][k];
        }
    }
    ct_wipe(&a, sizeof a);
    ct_wipe(&sum, sizeof sum);
    ct_wipe(&sel, sizeof sel);
    ct_wipe(&ny, sizeof ny);
    ct_wipe(ad, sizeof ad);
    ct_wipe(ng, sizeof ng);
    ct_wipe(tx, sizeof tx);
}

/* *acc = the sum of straus_lanes_run_parts' eight lane sums (complete formula). Constant time. */
static ZK_IFMA_TARGET void straus_lanes_run(g1 *acc, const lg1_laff *lt, const uint8_t *inf_of, const uint64_t *ks,
                                            size_t n) {
    g1 part[8];
    straus_lanes_run_parts(part, lt, inf_of, ks, n);
    g1_set_identity(acc);
    for (unsigned k = 0; k < 8; k++) g1_add(acc, acc, &part[k]);
    ct_wipe(part, sizeof part);
}

/* straus_lanes_run on scalar affine tables tab (affine 1P..16P of point p at tab[16 p ..]); lanes:
 * straus_lanes_bytes(n) bytes, 64-byte aligned. Constant time. */
static ZK_IFMA_TARGET void straus_lanes_ct(g1 *acc, const g1_affine *tab, const uint64_t *ks, size_t n,
                                           uint8_t *lanes) {
    lg1_laff *lt = (lg1_laff *)lanes;
    uint8_t *inf_of = lanes + ((n + 7) / 8) * LANES_TABLE * sizeof(lg1_laff);
    straus_lanes_load(lt, inf_of, tab, n);
    straus_lanes_run(acc, lt, inf_of, ks, n);
}
#endif

#endif
