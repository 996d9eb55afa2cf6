/*
 * stress.c - sessions begun, duplicated and ended by several threads at once, against any ESE
 * library (loaded with dlopen), with the invariants checked on every call:
 *   - the session limit (JET_paramMaxSessions) is never exceeded: the sessions the threads
 *     hold on an instance never outnumber it;
 *   - no handle is handed out twice while live;
 *   - no session is lost: every handle begun or duplicated is ended with Success, and the
 *     instance's open count (esehook_open_sessions, when the library has it) is back to 0.
 * The only codes allowed are Success, and OutOfSessions from JetBeginSession and JetDupSession.
 *
 * A thread holds up to --hold sessions; each step it begins one, duplicates one of its own
 * (never another thread's: that would be a sharing violation, not a stress), or ends one, at
 * random. With --hold above the limit, threads on one instance contend for its last slots.
 *
 * Counting is exact and conservative: a handle enters the shared registry after the call that
 * made it returned, and leaves it before the call that ends it, so the registry never holds
 * more than the library has open: a registry above the limit proves the library overshot.
 *
 * usage: stress LIBRARY [--count N] [--threads T] [--instances 1|2|both] [--max-sessions M]
 *                       [--hold H] [--slack S] [--seed X]
 * Exit 0 when every invariant held, 1 on a violation, 2 on bad usage or a library that does
 * not load.
 */
#include <dlfcn.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <ese/jet.h>

#define MAX_THREADS 8
#define MAX_HOLD 64

/* --- the library ---------------------------------------------------------------------------- */

static struct {
    JET_ERR (*create_instance)(JET_INSTANCE *, JET_PCSTR);
    JET_ERR (*set_param)(JET_INSTANCE *, JET_SESID, uint32_t, JET_API_PTR, JET_PCSTR);
    JET_ERR (*init)(JET_INSTANCE *);
    JET_ERR (*term)(JET_INSTANCE);
    JET_ERR (*begin)(JET_INSTANCE, JET_SESID *, JET_PCSTR, JET_PCSTR);
    JET_ERR (*dup)(JET_SESID, JET_SESID *);
    JET_ERR (*end)(JET_SESID, JET_GRBIT);
    JET_ERR (*open_sessions)(JET_INSTANCE, uint32_t *); /* ref's hook; NULL elsewhere */
} lib;

/* A function by its plain name, else its A alias (as ESE exports some). */
static void *resolve(void *handle, const char *name)
{
    void *p = dlsym(handle, name);
    if (p == NULL) {
        char alias[64];
        snprintf(alias, sizeof alias, "%sA", name);
        p = dlsym(handle, alias);
    }
    return p;
}

static int load(const char *path)
{
    void *handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (handle == NULL) {
        fprintf(stderr, "stress: cannot load %s: %s\n", path, dlerror());
        return 0;
    }
    struct { void **slot; const char *name; } table[] = {
        {(void **)&lib.create_instance, "JetCreateInstance"},
        {(void **)&lib.set_param, "JetSetSystemParameter"},
        {(void **)&lib.init, "JetInit"},
        {(void **)&lib.term, "JetTerm"},
        {(void **)&lib.begin, "JetBeginSession"},
        {(void **)&lib.dup, "JetDupSession"},
        {(void **)&lib.end, "JetEndSession"},
    };
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        *table[i].slot = resolve(handle, table[i].name);
        if (*table[i].slot == NULL) {
            fprintf(stderr, "stress: %s has no %s\n", path, table[i].name);
            return 0;
        }
    }
    *(void **)&lib.open_sessions = dlsym(handle, "esehook_open_sessions");
    return 1;
}

/* --- the registry of live handles ----------------------------------------------------------- */

typedef struct {
    JET_SESID sesid;
    int instance;                   /* index in run.instances */
} live_handle;

static struct {
    pthread_mutex_t lock;
    live_handle live[MAX_THREADS * MAX_HOLD];
    int count;
    int held[2];                    /* per instance: handles in the registry */
    int most_held[2];               /* the highest held[] seen */
    long violations;
} registry = {.lock = PTHREAD_MUTEX_INITIALIZER};

static long limit_allowed;          /* --max-sessions + --slack */

/* Prints a violation (the first few only) and counts it; registry lock held. */
static void violation(const char *what, JET_SESID sesid)
{
    if (registry.violations++ < 10)
        fprintf(stderr, "stress: VIOLATION: %s (sesid 0x%" PRIx64 ")\n", what, (uint64_t)sesid);
}

/* A handle a call just returned: new to the registry, and within the limit. */
static void registry_add(JET_SESID sesid, int instance)
{
    pthread_mutex_lock(&registry.lock);
    for (int i = 0; i < registry.count; i++)
        if (registry.live[i].sesid == sesid)
            violation("a handle handed out twice while live", sesid);
    registry.live[registry.count++] = (live_handle){sesid, instance};
    if (++registry.held[instance] > registry.most_held[instance])
        registry.most_held[instance] = registry.held[instance];
    if (registry.held[instance] > limit_allowed)
        violation("more sessions open than JET_paramMaxSessions allows", sesid);
    pthread_mutex_unlock(&registry.lock);
}

/* A handle about to be ended. */
static void registry_remove(JET_SESID sesid, int instance)
{
    pthread_mutex_lock(&registry.lock);
    for (int i = 0; i < registry.count; i++) {
        if (registry.live[i].sesid == sesid) {
            registry.live[i] = registry.live[--registry.count];
            break;
        }
    }
    registry.held[instance]--;
    pthread_mutex_unlock(&registry.lock);
}

static void report_code(const char *call, JET_ERR err)
{
    pthread_mutex_lock(&registry.lock);
    if (registry.violations++ < 10)
        fprintf(stderr, "stress: VIOLATION: %s returned %d\n", call, (int)err);
    pthread_mutex_unlock(&registry.lock);
}

/* --- the threads ---------------------------------------------------------------------------- */

typedef struct {
    JET_INSTANCE instance;
    int instance_index;
    long calls;                     /* to make */
    int hold;                       /* most sessions held at once */
    uint64_t random;                /* xorshift state */
    JET_SESID held[MAX_HOLD];
    int count;
    long begun, dups, ended, refused;
} worker;

static uint64_t next_random(worker *w)
{
    w->random ^= w->random << 13;
    w->random ^= w->random >> 7;
    w->random ^= w->random << 17;
    return w->random;
}

/* Begins (or duplicates one of its own); OutOfSessions is the only refusal allowed. */
static void open_one(worker *w, int duplicate)
{
    JET_SESID sesid = JET_sesidNil;
    JET_ERR err = duplicate ? lib.dup(w->held[next_random(w) % w->count], &sesid)
                            : lib.begin(w->instance, &sesid, NULL, NULL);
    if (err == JET_errOutOfSessions) {
        w->refused++;
        return;
    }
    if (err != JET_errSuccess) {
        report_code(duplicate ? "JetDupSession" : "JetBeginSession", err);
        return;
    }
    registry_add(sesid, w->instance_index);
    w->held[w->count++] = sesid;
    w->begun++;
    w->dups += duplicate;
}

static void end_one(worker *w, int index)
{
    JET_SESID sesid = w->held[index];
    w->held[index] = w->held[--w->count];
    registry_remove(sesid, w->instance_index);
    JET_ERR err = lib.end(sesid, 0);
    if (err != JET_errSuccess)
        report_code("JetEndSession", err);
    else
        w->ended++;
}

static void *run_worker(void *p)
{
    worker *w = p;
    for (long i = 0; i < w->calls; i++) {
        uint64_t r = next_random(w);
        if (w->count == 0)
            open_one(w, 0);
        else if (w->count == w->hold || r % 3 == 2)
            end_one(w, (int)((r >> 8) % (uint64_t)w->count));
        else
            open_one(w, r % 3 == 1);
    }
    while (w->count > 0)
        end_one(w, w->count - 1);
    return NULL;
}

/* --- a run ---------------------------------------------------------------------------------- */

typedef struct {
    long calls;
    int threads, instances, hold;
    uint32_t max_sessions;
    uint64_t seed;
} options;

static JET_INSTANCE make_instance(const char *name, uint32_t max_sessions)
{
    JET_INSTANCE instance = 0;
    JET_ERR err = lib.create_instance(&instance, name);
    if (err == JET_errSuccess)
        err = lib.set_param(&instance, 0, JET_paramMaxSessions, max_sessions, NULL);
    if (err == JET_errSuccess)
        err = lib.init(&instance);
    if (err != JET_errSuccess) {
        fprintf(stderr, "stress: instance %s: setup failed with %d\n", name, (int)err);
        exit(2);
    }
    return instance;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* One run; returns its violations. */
static long run(const options *o)
{
    JET_INSTANCE instances[2];
    for (int i = 0; i < o->instances; i++) {
        char name[32];
        snprintf(name, sizeof name, "stress-%d-%d", o->instances, i);
        instances[i] = make_instance(name, o->max_sessions);
    }
    worker workers[MAX_THREADS];
    pthread_t threads[MAX_THREADS];
    long before = registry.violations;
    memset(registry.most_held, 0, sizeof registry.most_held);
    double start = now();
    for (int t = 0; t < o->threads; t++) {
        int index = t % o->instances;
        workers[t] = (worker){.instance = instances[index], .instance_index = index,
                              .calls = o->calls, .hold = o->hold,
                              .random = o->seed * 2654435761u + (uint64_t)t + 1};
        if (pthread_create(&threads[t], NULL, run_worker, &workers[t]) != 0) {
            fprintf(stderr, "stress: cannot start a thread\n");
            exit(2);
        }
    }
    for (int t = 0; t < o->threads; t++)
        pthread_join(threads[t], NULL);
    double seconds = now() - start;

    long begun = 0, dups = 0, ended = 0, refused = 0;
    for (int t = 0; t < o->threads; t++) {
        begun += workers[t].begun, dups += workers[t].dups;
        ended += workers[t].ended, refused += workers[t].refused;
    }
    if (ended != begun) {
        pthread_mutex_lock(&registry.lock);
        violation("a session begun was not ended (lost)", JET_sesidNil);
        pthread_mutex_unlock(&registry.lock);
    }
    const char *open_note = "not counted: no esehook_open_sessions";
    for (int i = 0; i < o->instances; i++) {
        uint32_t open = 0;
        if (lib.open_sessions == NULL)
            continue;
        open_note = "0 left open";
        if (lib.open_sessions(instances[i], &open) != JET_errSuccess || open != 0) {
            fprintf(stderr, "stress: VIOLATION: instance %d has %u sessions open after the run\n", i, open);
            registry.violations++;
            open_note = "sessions LEFT OPEN";
        }
    }
    for (int i = 0; i < o->instances; i++) {
        JET_ERR err = lib.term(instances[i]);
        if (err != JET_errSuccess)
            report_code("JetTerm", err);
    }
    int most = registry.most_held[0] > registry.most_held[1] ? registry.most_held[0] : registry.most_held[1];
    printf("stress: %d thread(s) on %d instance(s), %ld calls each: %ld begun (%ld by JetDupSession), "
           "%ld ended, %ld OutOfSessions, at most %d held of %u on one instance, %s; "
           "%.0f calls/s; %s\n",
           o->threads, o->instances, o->calls, begun, dups, ended, refused, most, o->max_sessions,
           open_note, (double)(o->calls * o->threads) / seconds,
           registry.violations == before ? "OK" : "VIOLATIONS");
    return registry.violations - before;
}

static void usage(void)
{
    fprintf(stderr,
            "usage: stress LIBRARY [--count N] [--threads T] [--instances 1|2|both]\n"
            "                      [--max-sessions M] [--hold H] [--slack S] [--seed X]\n"
            "  --count N         calls per thread (default 100000)\n"
            "  --threads T       1..%d (default 2)\n"
            "  --instances       threads share one instance, or spread over two; both (default)\n"
            "                    runs each\n"
            "  --max-sessions M  JET_paramMaxSessions of each instance (default 16)\n"
            "  --hold H          sessions a thread holds at most, 1..%d (default 24)\n"
            "  --slack S         sessions allowed above M (the real engine lets users open about\n"
            "                    M + 65: its internal sessions share the quota; default 0)\n"
            "  --seed X          the random choices (default 1)\n",
            MAX_THREADS, MAX_HOLD);
}

/* A whole number in [low, high], or exit 2 naming the option. */
static long number(const char *option, const char *text, long low, long high)
{
    char *end;
    long value = strtol(text, &end, 10);
    if (*text == '\0' || *end != '\0' || value < low || value > high) {
        fprintf(stderr, "stress: %s wants a number from %ld to %ld, not '%s'\n", option, low, high, text);
        exit(2);
    }
    return value;
}

int main(int argc, char **argv)
{
    options o = {.calls = 100000, .threads = 2, .hold = 24, .max_sessions = 16, .seed = 1};
    const char *path = NULL, *instances = "both";
    long slack = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0) {
            usage();
            return 0;
        }
        if (a[0] != '-') {
            path = a;
            continue;
        }
        if (i + 1 >= argc) {
            fprintf(stderr, "stress: %s wants a value\n", a);
            return 2;
        }
        const char *v = argv[++i];
        if (strcmp(a, "--count") == 0)
            o.calls = number(a, v, 1, 1000000000);
        else if (strcmp(a, "--threads") == 0)
            o.threads = (int)number(a, v, 1, MAX_THREADS);
        else if (strcmp(a, "--max-sessions") == 0)
            o.max_sessions = (uint32_t)number(a, v, 1, 30000);
        else if (strcmp(a, "--hold") == 0)
            o.hold = (int)number(a, v, 1, MAX_HOLD);
        else if (strcmp(a, "--slack") == 0)
            slack = number(a, v, 0, 1000);
        else if (strcmp(a, "--seed") == 0)
            o.seed = (uint64_t)number(a, v, 0, 1000000000);
        else if (strcmp(a, "--instances") == 0 && (!strcmp(v, "1") || !strcmp(v, "2") || !strcmp(v, "both")))
            instances = v;
        else {
            fprintf(stderr, "stress: unknown option %s %s\n", a, v);
            usage();
            return 2;
        }
    }
    if (path == NULL) {
        usage();
        return 2;
    }
    if (!load(path))
        return 2;
    limit_allowed = (long)o.max_sessions + slack;
    long violations = 0;
    for (int n = 1; n <= 2; n++) {
        if (strcmp(instances, "both") != 0 && instances[0] - '0' != n)
            continue;
        o.instances = n;
        violations += run(&o);
    }
    return violations == 0 ? 0 : 1;
}
