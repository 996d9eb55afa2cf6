/*
 * bench_ref.c - ref's session throughput against malloc+free, on 1 and 2 threads.
 *
 * Every figure is a ratio of two things measured in this run, repeated; min and median of
 * each are printed and written as JSON. Each is measured twice: in wall time, and in the CPU
 * time the threads used (CLOCK_THREAD_CPUTIME_ID). On a machine that other jobs share, wall
 * time mostly measures the scheduler; CPU time is the work itself. Not a test: it asserts nothing about time, only that
 * every call succeeded and the limit held.
 *
 * usage: bench_ref [--pairs N] [--repeats R] [--json FILE]
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <ese/jet.h>
#include <esehook.h>

typedef struct {
    const char *name;       /* what one iteration is */
    int threads;            /* 1 or 2 */
    int shared_instance;    /* with 2 threads: both on one instance */
    int dup;                /* JetDupSession+JetEndSession instead of Begin+End */
    int malloc_only;        /* the floor: malloc+free of a session-sized block */
} workload;

typedef struct {
    const workload *w;
    JET_INSTANCE instance;  /* this thread's instance */
    JET_SESID source;       /* for dup */
    long pairs;             /* iterations */
    long failures;          /* calls that did not succeed */
    double cpu;             /* CPU seconds the thread's loop used */
} worker;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Called through volatile pointers so that the compiler cannot pair and drop them. */
static void *(*volatile bench_malloc)(size_t) = malloc;
static void (*volatile bench_free)(void *) = free;

static double thread_cpu(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void *run_worker(void *p)
{
    worker *k = p;
    double start = thread_cpu();
    for (long i = 0; i < k->pairs; i++) {
        if (k->w->malloc_only) {
            bench_free(bench_malloc(64));
            continue;
        }
        JET_SESID s;
        JET_ERR err = k->w->dup ? JetDupSession(k->source, &s)
                                : JetBeginSession(k->instance, &s, NULL, NULL);
        if (err != JET_errSuccess || JetEndSession(s, 0) != JET_errSuccess)
            k->failures++;
    }
    k->cpu = thread_cpu() - start;
    return NULL;
}

static JET_INSTANCE make_instance(const char *name)
{
    JET_INSTANCE instance = 0;
    if (JetCreateInstance(&instance, name) != JET_errSuccess || JetInit(&instance) != JET_errSuccess) {
        fprintf(stderr, "bench_ref: cannot create instance %s\n", name);
        exit(2);
    }
    return instance;
}

/* Seconds per iteration: wall time / (pairs * threads); *cpu: CPU time / (pairs * threads). */
static double measure(const workload *w, long pairs, double *cpu)
{
    esehook_reset();
    worker workers[2];
    JET_INSTANCE shared = w->malloc_only ? 0 : make_instance("shared");
    for (int t = 0; t < w->threads; t++) {
        char name[16];
        snprintf(name, sizeof name, "own%d", t);
        workers[t] = (worker){w, shared, 0, pairs, 0, 0};
        if (!w->malloc_only && !w->shared_instance && t > 0)
            workers[t].instance = make_instance(name);
        if (w->dup)
            JetBeginSession(workers[t].instance, &workers[t].source, NULL, NULL);
    }
    pthread_t threads[2];
    double start = now();
    for (int t = 0; t < w->threads; t++)
        pthread_create(&threads[t], NULL, run_worker, &workers[t]);
    for (int t = 0; t < w->threads; t++)
        pthread_join(threads[t], NULL);
    double elapsed = now() - start;
    for (int t = 0; t < w->threads; t++)
        if (workers[t].failures) {
            fprintf(stderr, "bench_ref: %s: %ld calls failed\n", w->name, workers[t].failures);
            exit(2);
        }
    esehook_reset();
    *cpu = 0;
    for (int t = 0; t < w->threads; t++)
        *cpu += workers[t].cpu / (double)(pairs * w->threads);
    return elapsed / (double)(pairs * w->threads);
}

static int compare(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static const workload workloads[] = {
    {"malloc+free (64 B)", 1, 0, 0, 1},
    {"Begin+End, 1 thread", 1, 0, 0, 0},
    {"Dup+End, 1 thread", 1, 0, 1, 0},
    {"Begin+End, 2 threads, 2 instances", 2, 0, 0, 0},
    {"Begin+End, 2 threads, 1 instance", 2, 1, 0, 0},
    {"Dup+End, 2 threads, 2 instances", 2, 0, 1, 0},
};
#define NWORK (sizeof workloads / sizeof workloads[0])
#define MAX_REPEATS 64

int main(int argc, char **argv)
{
    long pairs = 200000;
    int repeats = 7;
    const char *json = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--pairs") == 0 && i + 1 < argc)
            pairs = atol(argv[++i]);
        else if (strcmp(argv[i], "--repeats") == 0 && i + 1 < argc)
            repeats = atoi(argv[++i]);
        else if (strcmp(argv[i], "--json") == 0 && i + 1 < argc)
            json = argv[++i];
        else {
            fprintf(stderr, "usage: bench_ref [--pairs N] [--repeats R] [--json FILE]\n");
            return 2;
        }
    }
    if (repeats < 1 || repeats > MAX_REPEATS || pairs < 1) {
        fprintf(stderr, "bench_ref: --repeats 1..%d, --pairs >= 1\n", MAX_REPEATS);
        return 2;
    }
    /* Interleave the workloads in each round so that machine noise hits them alike. */
    static double samples[NWORK][MAX_REPEATS], cpu_samples[NWORK][MAX_REPEATS];
    for (int r = 0; r < repeats; r++)
        for (size_t w = 0; w < NWORK; w++)
            samples[w][r] = measure(&workloads[w], pairs, &cpu_samples[w][r]);
    double min[NWORK], median[NWORK], cpu[NWORK];
    for (size_t w = 0; w < NWORK; w++) {
        qsort(samples[w], repeats, sizeof(double), compare);
        qsort(cpu_samples[w], repeats, sizeof(double), compare);
        min[w] = samples[w][0];
        median[w] = samples[w][repeats / 2];
        cpu[w] = cpu_samples[w][repeats / 2];
    }
    FILE *out = json ? fopen(json, "w") : NULL;
    printf("%-36s %12s %12s %10s %12s %10s\n", "workload", "ns/op min", "ns/op med", "vs malloc",
           "CPU ns/op", "vs malloc");
    if (out)
        fprintf(out, "{\"pairs\": %ld, \"repeats\": %d, \"workloads\": [\n", pairs, repeats);
    for (size_t w = 0; w < NWORK; w++) {
        printf("%-36s %12.1f %12.1f %9.2fx %12.1f %9.2fx\n", workloads[w].name, min[w] * 1e9,
               median[w] * 1e9, median[w] / median[0], cpu[w] * 1e9, cpu[w] / cpu[0]);
        if (out)
            fprintf(out, "  {\"name\": \"%s\", \"ns_min\": %.1f, \"ns_median\": %.1f, \"vs_malloc\": %.3f, "
                         "\"cpu_ns_median\": %.1f, \"cpu_vs_malloc\": %.3f}%s\n",
                    workloads[w].name, min[w] * 1e9, median[w] * 1e9, median[w] / median[0],
                    cpu[w] * 1e9, cpu[w] / cpu[0], w + 1 < NWORK ? "," : "");
    }
    /* Throughput scaling: time per op on one thread over time per op with two threads. */
    printf("2 threads, 2 instances vs 1 thread: %.2fx throughput\n", median[1] / median[3]);
    printf("2 threads, 1 instance  vs 1 thread: %.2fx throughput\n", median[1] / median[4]);
    /* The same from CPU time: the throughput two threads would have with a core each. */
    printf("2 threads, 2 instances vs 1 thread, CPU time: %.2fx throughput\n", 2 * cpu[1] / cpu[3]);
    if (out) {
        fprintf(out, "], \"scale_2_instances\": %.3f, \"scale_1_instance\": %.3f, "
                     "\"cpu_scale_2_instances\": %.3f}\n",
                median[1] / median[3], median[1] / median[4], 2 * cpu[1] / cpu[3]);
        fclose(out);
    }
    return 0;
}
