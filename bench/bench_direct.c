/*
 * bench_direct.c - the floors the harness is measured against, for the same calls:
 *   direct    JetDupSession+JetEndSession called straight from C through dlsym'd pointers
 *             (the pairs' loop timed alone)
 *   fork      a bare fork+wait of a child that makes a scenario's calls directly
 *
 * usage: bench_direct TARGET.so direct PAIRS | fork CHILDREN
 * Prints one number: seconds per Dup+End pair, or per child.
 */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <ese/jet.h>

typedef struct {
    JET_ERR (*create)(JET_INSTANCE *, JET_PCSTR);
    JET_ERR (*init)(JET_INSTANCE *);
    JET_ERR (*begin)(JET_INSTANCE, JET_SESID *, JET_PCSTR, JET_PCSTR);
    JET_ERR (*dup)(JET_SESID, JET_SESID *);
    JET_ERR (*end)(JET_SESID, JET_GRBIT);
    JET_ERR (*term)(JET_INSTANCE);
} api;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void *need(void *lib, const char *name)
{
    void *p = dlsym(lib, name);
    if (p == NULL) {
        fprintf(stderr, "bench_direct: the target lacks %s\n", name);
        exit(2);
    }
    return p;
}

/* The calls of bench's scenario: create, init, begin, `pairs` x (dup, end), term. The pairs
 * alone take *seconds (when not NULL): creating the instance is no part of a pair's cost. */
static int scenario_calls(const api *a, long pairs, double *seconds)
{
    JET_INSTANCE inst = 0;
    JET_SESID s, d;
    if (a->create(&inst, "bench") || a->init(&inst) || a->begin(inst, &s, NULL, NULL))
        return 1;
    double start = seconds ? now() : 0;
    for (long i = 0; i < pairs; i++)
        if (a->dup(s, &d) || a->end(d, 0))
            return 1;
    if (seconds)
        *seconds = now() - start;
    return a->term(inst) != JET_errSuccess;
}

int main(int argc, char **argv)
{
    if (argc != 4 || (strcmp(argv[2], "direct") != 0 && strcmp(argv[2], "fork") != 0)) {
        fprintf(stderr, "usage: bench_direct TARGET.so direct PAIRS | fork CHILDREN\n");
        return 2;
    }
    void *lib = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
    if (lib == NULL) {
        fprintf(stderr, "bench_direct: %s\n", dlerror());
        return 2;
    }
    api a = {need(lib, "JetCreateInstance"), need(lib, "JetInit"), need(lib, "JetBeginSession"),
             need(lib, "JetDupSession"), need(lib, "JetEndSession"), need(lib, "JetTerm")};
    long n = atol(argv[3]);
    double start = now(), pairs = 0;
    if (strcmp(argv[2], "direct") == 0) {
        if (scenario_calls(&a, n, &pairs))
            return 1;
        printf("%.9f\n", pairs / (double)n);
        return 0;
    } else {
        for (long i = 0; i < n; i++) {
            pid_t pid = fork();
            if (pid == 0)
                _exit(scenario_calls(&a, 1, NULL));
            int status;
            if (pid < 0 || waitpid(pid, &status, 0) != pid || status != 0)
                return 1;
        }
    }
    printf("%.9f\n", (now() - start) / (double)n);
    return 0;
}
