/* pool_impl.h -- code for pool.h (POSIX threads). */
#ifndef ZK_POOL_IMPL_H
#define ZK_POOL_IMPL_H

#include <pthread.h>
#include <stdatomic.h>

#include "pool.h"

typedef struct {
    pool_range_fn fn;
    void *ctx;
    size_t begin, end;
} pool_range_job;

static void *pool_range_main(void *arg) {
    pool_range_job *j = (pool_range_job *)arg;
    j->fn(j->ctx, j->begin, j->end);
    return NULL;
}

static void pool_for(size_t n, unsigned nthreads, size_t min_items, pool_range_fn fn, void *ctx) {
    if (nthreads > POOL_MAX_THREADS) nthreads = POOL_MAX_THREADS;
    if (nthreads <= 1 || n < 2 * (size_t)nthreads || n < min_items) {
        if (n) fn(ctx, 0, n);
        return;
    }
    pool_range_job jobs[POOL_MAX_THREADS];
    pthread_t tid[POOL_MAX_THREADS];
    int started[POOL_MAX_THREADS];
    for (unsigned t = 0; t < nthreads; t++) {
        jobs[t].fn = fn;
        jobs[t].ctx = ctx;
        jobs[t].begin = (size_t)((unsigned __int128)n * t / nthreads);
        jobs[t].end = (size_t)((unsigned __int128)n * (t + 1) / nthreads);
    }
    for (unsigned t = 1; t < nthreads; t++) started[t] = pthread_create(&tid[t], NULL, pool_range_main, &jobs[t]) == 0;
    fn(ctx, jobs[0].begin, jobs[0].end);
    for (unsigned t = 1; t < nthreads; t++) {
        if (started[t])
            pthread_join(tid[t], NULL);
        else
            fn(ctx, jobs[t].begin, jobs[t].end); /* the caller takes the share of a thread that did not start */
    }
}

typedef struct {
    pool_task_fn fn;
    void *ctx;
    size_t ntasks;
    atomic_size_t next;
    atomic_uint next_worker;
} pool_tasks_job;

static void *pool_tasks_main(void *arg) {
    pool_tasks_job *j = (pool_tasks_job *)arg;
    unsigned worker = atomic_fetch_add(&j->next_worker, 1);
    for (;;) {
        size_t t = atomic_fetch_add(&j->next, 1);
        if (t >= j->ntasks) break;
        j->fn(j->ctx, worker, t);
    }
    return NULL;
}

static void pool_tasks(size_t ntasks, unsigned nthreads, pool_task_fn fn, void *ctx) {
    if (nthreads > POOL_MAX_THREADS) nthreads = POOL_MAX_THREADS;
    if ((size_t)nthreads > ntasks) nthreads = (unsigned)ntasks;
    pool_tasks_job j;
    j.fn = fn;
    j.ctx = ctx;
    j.ntasks = ntasks;
    atomic_init(&j.next, 0);
    atomic_init(&j.next_worker, 0);
    pthread_t tid[POOL_MAX_THREADS];
    unsigned started = 0;
    for (unsigned i = 1; i < nthreads; i++) {
        if (pthread_create(&tid[started], NULL, pool_tasks_main, &j) != 0) break;
        started++;
    }
    pool_tasks_main(&j); /* the caller works too; it ends when the counter is spent */
    for (unsigned i = 0; i < started; i++) pthread_join(tid[i], NULL);
}

#endif
