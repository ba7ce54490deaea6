/* fk_parallel of fused_kernels.h: a fork-join pool of helper threads that live as long as the
 * process (plugins are never unloaded). A call hands out task indices to itself and to the
 * helpers and returns when every task has finished.
 *
 * Why not the host's pool (Dispatch): its per-call bookkeeping is allocated on the calling
 * thread and freed on a worker, and glibc's per-thread caches then kept the calling thread's
 * heap from coalescing around the large tensors of a training step: an LSTM benchmark's heap
 * grew by ~40 MB per epoch. The helpers here allocate nothing after they start. */
#include "fused_kernels.h"
#include <pthread.h>
#include <stdatomic.h>

enum { MAX_HELPERS = 63 };

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t work_ready = PTHREAD_COND_INITIALIZER;
static pthread_cond_t work_done = PTHREAD_COND_INITIALIZER;
/* One job at a time; a call that finds the pool busy runs its tasks itself. */
static pthread_mutex_t one_job = PTHREAD_MUTEX_INITIALIZER;

static int helpers;                /* started so far */
static uint64_t generation;        /* bumped per job (under lock) */
static int64_t job_count;          /* tasks of the current job */
static fk_task_fn job_task;
static void *job_argument;
static _Atomic int64_t next_index; /* next task index to hand out */
static int64_t finished;           /* tasks finished (under lock) */
static int wanted_helpers;         /* helpers that may join the current job */
static int joined;                 /* helpers that joined it (under lock) */

/* Claims and runs tasks until none is left; returns how many it ran. A helper that wakes after
 * its job has finished claims nothing of it, or (the job's fields being published before
 * next_index is reset) tasks of the next job, which it then counts for that job. */
static int64_t run_tasks(void) {
    int64_t ran = 0;
    for (;;) {
        int64_t i = atomic_fetch_add_explicit(&next_index, 1, memory_order_acq_rel);
        if (i >= job_count) return ran;
        job_task(job_argument, i);
        ran++;
    }
}

static void *helper_main(void *unused) {
    (void)unused;
    uint64_t seen = 0;
    pthread_mutex_lock(&lock);
    for (;;) {
        while (generation == seen || joined >= wanted_helpers) {
            if (generation != seen) seen = generation; /* a job that needs no more helpers */
            pthread_cond_wait(&work_ready, &lock);
        }
        seen = generation;
        joined++;
        pthread_mutex_unlock(&lock);
        int64_t ran = run_tasks();
        pthread_mutex_lock(&lock);
        finished += ran;
        if (finished == job_count) pthread_cond_broadcast(&work_done);
    }
    return 0;
}

void fk_parallel(void *context, int64_t count, fk_task_fn task, void *argument) {
    (void)context;
    if (count <= 0) return;
    if (count == 1 || pthread_mutex_trylock(&one_job) != 0) {
        for (int64_t i = 0; i < count; i++) task(argument, i);
        return;
    }
    pthread_mutex_lock(&lock);
    int want = count - 1 > MAX_HELPERS ? MAX_HELPERS : (int)(count - 1);
    while (helpers < want) {
        pthread_t thread;
        if (pthread_create(&thread, 0, helper_main, 0) != 0) break;
        pthread_detach(thread);
        helpers++;
    }
    job_count = count;
    job_task = task;
    job_argument = argument;
    atomic_store_explicit(&next_index, 0, memory_order_release);
    finished = 0;
    joined = 0;
    wanted_helpers = want < helpers ? want : helpers;
    generation++;
    pthread_cond_broadcast(&work_ready);
    pthread_mutex_unlock(&lock);

    int64_t ran = run_tasks();

    pthread_mutex_lock(&lock);
    finished += ran;
    while (finished < job_count) pthread_cond_wait(&work_done, &lock);
    pthread_mutex_unlock(&lock);
    pthread_mutex_unlock(&one_job);
}
