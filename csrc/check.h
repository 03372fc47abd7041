/* check.h -- contract checks (ZK_CHECK), in the style of libsecp256k1's VERIFY_CHECK.
 *
 * ZK_CHECK(cond) states a precondition of a contract (include/zkcred.h: reduced inputs, points on the curve, the
 * aliasing rules). In a ZK_DEBUG build (the sanitizer build: ZKCRED_DEBUG=1 for csrc/ffibuild.py, which
 * `make test-sanitize` uses) a false cond prints the file, line and condition to stderr and aborts. Otherwise
 * cond is not evaluated at all (it is only type-checked), so checks cost nothing in a shipped build and may call
 * any predicate, however slow. A check must never have a side effect the code relies on.
 *
 * The checks read secret inputs in ZK_DEBUG builds only (never timed; the constant-time check of csrc/tests is
 * built without ZK_DEBUG). */
#ifndef ZK_CHECK_H
#define ZK_CHECK_H

#include <stddef.h>
#include <stdint.h>

#ifdef ZK_DEBUG
#include <stdio.h>
#include <stdlib.h>

static void zk_check_fail(const char *file, int line, const char *cond) {
    fprintf(stderr, "zkcred: contract violated at %s:%d: %s\n", file, line, cond);
    fflush(stderr);
    abort();
}
#define ZK_CHECK(cond)                                                   \
    do {                                                                 \
        if (!(cond)) zk_check_fail(__FILE__, __LINE__, #cond);           \
    } while (0)
#else
#define ZK_CHECK(cond) ((void)sizeof(!(cond)))
#endif

/* Returns 1 if the byte ranges [a, a + alen) and [b, b + blen) do not overlap (empty ranges never do). */
static inline int zk_disjoint(const void *a, size_t alen, const void *b, size_t blen) {
    uintptr_t pa = (uintptr_t)a, pb = (uintptr_t)b;
    return alen == 0 || blen == 0 || pa + alen <= pb || pb + blen <= pa;
}

#endif
