/* pool.h -- the one threading module of the native core, shared by the MSM, the NTT and the Groth16 kernels.
 *
 * Contract (every function below):
 *  - Fork-join inside the call: worker threads are created for the call and joined before it returns, so the
 *    caller sees a plain synchronous function. No thread outlives a call, nothing global is kept (fork-safe, no
 *    init/shutdown), nothing allocates on the heap.
 *  - The calling thread is always one of the workers. nthreads 0 or 1 runs everything on the caller;
 *    nthreads is clamped to POOL_MAX_THREADS.
 *  - A thread that cannot be created is not an error: its share of the work runs on the threads that did start
 *    (in the worst case all of it on the caller). The result never depends on how many threads ran.
 *  - The work functions run concurrently: they must only write disjoint memory (or synchronise themselves).
 *  - Timing: the split of the work depends on n, ntasks and nthreads only (all public); the pool itself never
 *    looks at the data, so it keeps whatever timing class the work function has. */
#ifndef ZK_POOL_H
#define ZK_POOL_H

#include <stddef.h>

#define POOL_MAX_THREADS 256
/* The usual min_items of pool_for for light work per item (one or two field multiplications): below it the
 * threads cost more than they save. */
#define POOL_MIN_ITEMS 4096

/* A range of items [begin, end). */
typedef void (*pool_range_fn)(void *ctx, size_t begin, size_t end);
/* One task; worker is the id of the running worker, in [0, nthreads), distinct among the workers of one call
 * (for per-worker scratch). */
typedef void (*pool_task_fn)(void *ctx, unsigned worker, size_t task);

/* Static partition: fn(ctx, begin, end) over nthreads consecutive ranges of near-equal size that cover [0, n)
 * exactly once. Runs fn(ctx, 0, n) on the caller when nthreads <= 1, n < min_items or n < 2 * nthreads
 * (nothing when n = 0). For work of uniform cost per item. */
static void pool_for(size_t n, unsigned nthreads, size_t min_items, pool_range_fn fn, void *ctx);

/* Dynamic schedule: fn(ctx, worker, t) for every t in [0, ntasks) exactly once, the workers taking the next
 * task from a shared atomic counter (so uneven tasks balance themselves). At most min(nthreads, ntasks)
 * workers run. For work of uneven cost per task. */
static void pool_tasks(size_t ntasks, unsigned nthreads, pool_task_fn fn, void *ctx);

#endif
