#include "onednn_loops.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stddef.h>

/* libgomp's entry points, looked up in the copy oneDNN loaded (never loading one). */
typedef void (*gomp_parallel_t)(void (*)(void *), void *, unsigned, unsigned);
typedef int (*omp_query_t)(void);

static gomp_parallel_t gomp_parallel;
static omp_query_t omp_thread_num, omp_num_threads;
static pthread_once_t resolved = PTHREAD_ONCE_INIT;

static void resolve(void) {
    void *gomp = dlopen("libgomp.so.1", RTLD_LAZY | RTLD_NOLOAD);
    if (!gomp) return;
    gomp_parallel_t parallel = (gomp_parallel_t)dlsym(gomp, "GOMP_parallel");
    omp_query_t num = (omp_query_t)dlsym(gomp, "omp_get_thread_num");
    omp_query_t count = (omp_query_t)dlsym(gomp, "omp_get_num_threads");
    if (parallel && num && count) {
        omp_thread_num = num;
        omp_num_threads = count;
        gomp_parallel = parallel;
    }
}

struct job {
    void (*body)(void *, int64_t, int64_t);
    void *context;
    int64_t count;
};

/* One OpenMP thread's chunk. */
static void run_chunk(void *data) {
    const struct job *job = data;
    int64_t t = omp_thread_num(), n = omp_num_threads();
    int64_t chunk = (job->count + n - 1) / n;
    int64_t begin = t * chunk, end = begin + chunk < job->count ? begin + chunk : job->count;
    if (begin < end) job->body(job->context, begin, end);
}

int onednn_parallel_for(int64_t count, int threads, void (*body)(void *context, int64_t begin, int64_t end),
                        void *context) {
    if (count <= 0) return 0;
    pthread_once(&resolved, resolve);
    if (!gomp_parallel || threads <= 1 || count == 1) {
        body(context, 0, count);
        return 1;
    }
    if (threads > count) threads = (int)count;
    struct job job = {body, context, count};
    gomp_parallel(run_chunk, &job, (unsigned)threads, 0);
    return threads;
}
