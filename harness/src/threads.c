/* threads.c - worker threads that run one call at a time on behalf of the replay. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "threads.h"

typedef struct worker {
    char *name;                  /* the step's "thread" */
    pthread_t tid;               /* the thread */
    int has_job;                 /* a call is waiting */
    int quit;                    /* end the thread */
    const esc_target *target;    /* the job: what to call */
    const esc_call *call;
    const uint64_t *slots;
    void (*fn)(void *arg);       /* or a function to run (a parallel block's list) */
    void *arg;                   /* its argument */
    JET_ERR rc;                  /* its result */
    struct worker *next;         /* the set's list */
} worker;

struct esc_threads {
    pthread_mutex_t mu;          /* guards every worker's job fields */
    pthread_cond_t cv;           /* signalled on a new job and on a finished one */
    worker *head;                /* the threads, newest first */
};

/* Returns the fresh set. */
esc_threads *threads_new(void)
{
    esc_threads *set = calloc(1, sizeof *set);
    if (set == NULL)
        abort();
    pthread_mutex_init(&set->mu, NULL);
    pthread_cond_init(&set->cv, NULL);
    return set;
}

typedef struct {
    esc_threads *set;            /* for the lock */
    worker *self;                /* this thread's job slot */
} worker_arg;

/* Returns NULL when told to quit; runs each job it is handed. */
static void *worker_main(void *p)
{
    worker_arg arg = *(worker_arg *)p;
    free(p);
    pthread_mutex_lock(&arg.set->mu);
    for (;;) {
        while (!arg.self->has_job && !arg.self->quit)
            pthread_cond_wait(&arg.set->cv, &arg.set->mu);
        if (arg.self->quit)
            break;
        pthread_mutex_unlock(&arg.set->mu);
        JET_ERR rc = 0;
        if (arg.self->fn != NULL)
            arg.self->fn(arg.self->arg);
        else
            rc = target_call(arg.self->target, arg.self->call, arg.self->slots);
        pthread_mutex_lock(&arg.set->mu);
        arg.self->rc = rc;
        arg.self->has_job = 0;
        pthread_cond_broadcast(&arg.set->cv);
    }
    pthread_mutex_unlock(&arg.set->mu);
    return NULL;
}

/* Returns the worker called name, creating it; NULL when the thread cannot start. */
static worker *find_or_start(esc_threads *set, const char *name)
{
    for (worker *w = set->head; w != NULL; w = w->next)
        if (strcmp(w->name, name) == 0)
            return w;
    worker *w = calloc(1, sizeof *w);
    worker_arg *arg = malloc(sizeof *arg);
    w->name = strdup(name);
    arg->set = set;
    arg->self = w;
    if (pthread_create(&w->tid, NULL, worker_main, arg) != 0) {
        free(arg);
        free(w->name);
        free(w);
        return NULL;
    }
    w->next = set->head;
    set->head = w;
    return w;
}

/* Returns 1 with the call's code in *rc, 0 when no thread could run it. */
int threads_call(esc_threads *set, const char *name, const esc_target *target,
                 const esc_call *call, const uint64_t *slots, JET_ERR *rc)
{
    worker *w = find_or_start(set, name);
    if (w == NULL)
        return 0;
    pthread_mutex_lock(&set->mu);
    w->target = target;
    w->call = call;
    w->slots = slots;
    w->fn = NULL;
    w->has_job = 1;
    pthread_cond_broadcast(&set->cv);
    while (w->has_job)
        pthread_cond_wait(&set->cv, &set->mu);
    *rc = w->rc;
    pthread_mutex_unlock(&set->mu);
    return 1;
}

/* Returns 1 when fn(arg) was handed to the thread called name (created on first use), which
 * runs it while the caller goes on; 0 when the thread cannot be created. */
int threads_start(esc_threads *set, const char *name, void (*fn)(void *arg), void *arg)
{
    worker *w = find_or_start(set, name);
    if (w == NULL)
        return 0;
    pthread_mutex_lock(&set->mu);
    w->fn = fn;
    w->arg = arg;
    w->has_job = 1;
    pthread_cond_broadcast(&set->cv);
    pthread_mutex_unlock(&set->mu);
    return 1;
}

/* Returns nothing once no thread of the set has a job. */
void threads_wait(esc_threads *set)
{
    pthread_mutex_lock(&set->mu);
    for (;;) {
        int busy = 0;
        for (worker *w = set->head; w != NULL; w = w->next)
            busy |= w->has_job;
        if (!busy)
            break;
        pthread_cond_wait(&set->cv, &set->mu);
    }
    pthread_mutex_unlock(&set->mu);
}

/* Returns nothing; every thread is joined. */
void threads_free(esc_threads *set)
{
    if (set == NULL)
        return;
    pthread_mutex_lock(&set->mu);
    for (worker *w = set->head; w != NULL; w = w->next)
        w->quit = 1;
    pthread_cond_broadcast(&set->cv);
    pthread_mutex_unlock(&set->mu);
    while (set->head != NULL) {
        worker *w = set->head;
        set->head = w->next;
        pthread_join(w->tid, NULL);
        free(w->name);
        free(w);
    }
    pthread_mutex_destroy(&set->mu);
    pthread_cond_destroy(&set->cv);
    free(set);
}
