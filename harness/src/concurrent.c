/* concurrent.c - running a parallel block: its lists at the same time, then its invariants. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "args.h"
#include "concurrent.h"
#include "history.h"
#include "invariant.h"
#include "linearize.h"


/* What the lists of one block share. */
typedef struct {
    pthread_barrier_t start;     /* releases every list at once */
    pthread_mutex_t vars_lock;   /* around every use of the session's variables */
    esc_history history;         /* every call, in order of return */
} block_run;

/* One thread's list and its own view of the session. */
typedef struct {
    exec_session view;           /* the session, with this list's iterations and messages */
    const plan_step *list;       /* the list */
    int index;                   /* its place in the block */
    block_run *run;              /* what the block shares */
    esc_status status;           /* PASS, or its first divergence */
    uint64_t diverged_ns;        /* when it diverged */
    char pointer[256];           /* the divergence */
    char msg[8192];
} list_job;

/* Returns the op's record of the frame after the call: inputs as passed, outputs as held. */
static void record(hist_op *op, const list_job *job, const xframe *f, JET_ERR rc)
{
    const esc_call *call = f->step->call;
    op->list = job->index;
    op->step = f->step;
    op->depth = job->view.depth;
    memcpy(op->iters, job->view.iters, sizeof op->iters);
    op->rc = rc;
    for (int i = 0; i < call->arity; i++) {
        op->in[i] = f->slots[i];
        op->out[i] = f->storage[i] && args_is_output(call->args[i].kind) ? xframe_output(f, i) : f->slots[i];
        if (f->storage[i] && args_is_output(call->args[i].kind))
            op->in[i] = f->initial[i];
    }
}

/* Returns PASS, or FAIL/ERROR with the divergence in the job's view: one call of the list,
 * made on this thread, judged and recorded. */
static esc_status run_call(list_job *job, const plan_step *step)
{
    exec_session *s = &job->view;
    exec_call_site site = {.lock = s->vars_lock};
    xframe f;
    hist_op op;
    JET_ERR rc;
    memset(&op, 0, sizeof op);
    /* The "if_bound" test and the frame take the lock apart: a variable once bound stays bound,
     * so the frame never finds unbound what the test found bound. */
    pthread_mutex_lock(s->vars_lock);
    int skip = exec_skip_unbound(s, step);
    pthread_mutex_unlock(s->vars_lock);
    if (skip)
        return ESC_PASS;
    if (exec_make_call(s, &f, step, &rc, &site) != ESC_PASS)
        return ESC_ERROR;
    op.invoke_ns = site.invoke_ns;
    op.return_ns = site.return_ns;
    record(&op, job, &f, rc);
    history_add(&job->run->history, &op);
    pthread_mutex_lock(s->vars_lock);
    exec_log_code(s, step, rc);
    esc_status status = exec_judge(s, &f, rc);
    if (status == ESC_PASS && rc >= 0)
        exec_bind_outputs(s, &f);
    pthread_mutex_unlock(s->vars_lock);
    xframe_free(&f);
    return status;
}

/* Returns PASS when every step of the list ran as allowed, else the first divergence. */
static esc_status run_steps(list_job *job, const plan_step *steps, size_t n)
{
    exec_session *s = &job->view;
    for (size_t i = 0; i < n; i++) {
        const plan_step *step = &steps[i];
        esc_status st = ESC_PASS;
        if (!step->is_repeat)
            st = run_call(job, step);
        else {
            s->index_names[s->depth] = step->index_name;
            s->depth++;
            for (long long k = 0; k < step->count && st == ESC_PASS; k++) {
                s->iters[s->depth - 1] = k;
                st = run_steps(job, step->steps, step->nsteps);
            }
            if (st == ESC_PASS)
                s->depth--;
        }
        if (st != ESC_PASS)
            return st;
    }
    return ESC_PASS;
}

/* The body of one list, on its thread: waits for the others, runs, notes when it diverged. */
static void list_main(void *arg)
{
    list_job *job = arg;
    pthread_barrier_wait(&job->run->start);
    job->status = run_steps(job, job->list->steps, job->list->nsteps);
    job->diverged_ns = history_now_ns();
}

/* Returns the job of the list that diverged first, or NULL when none did. */
static const list_job *first_divergence(const list_job *jobs, size_t n)
{
    const list_job *first = NULL;
    for (size_t k = 0; k < n; k++)
        if (jobs[k].status != ESC_PASS && (first == NULL || jobs[k].diverged_ns < first->diverged_ns))
            first = &jobs[k];
    return first;
}

/* Returns nothing; gives each list its view of the session. */
static void prepare_jobs(exec_session *s, const plan_step *block, block_run *run, list_job *jobs)
{
    for (size_t k = 0; k < block->nsteps; k++) {
        list_job *job = &jobs[k];
        job->view = *s;
        job->view.depth = 0;
        job->view.pointer = job->pointer;
        job->view.psize = sizeof job->pointer;
        job->view.msg = job->msg;
        job->view.msize = sizeof job->msg;
        job->view.vars_lock = &run->vars_lock;
        job->list = &block->steps[k];
        job->index = (int)k;
        job->run = run;
        job->status = ESC_PASS;
    }
}

/* Returns PASS, or the status of what went wrong after the lists ran: a divergence of a list,
 * an invariant that does not hold, a history the model does not explain. */
static esc_status judge_block(exec_session *s, const plan_step *block, const list_job *jobs,
                              const block_run *run, const char *const *names)
{
    const list_job *bad = first_divergence(jobs, block->nsteps);
    if (bad != NULL) {
        snprintf(s->pointer, s->psize, "%s", bad->pointer);
        snprintf(s->msg, s->msize, "%s: %s", names[bad->index], bad->msg);
        return bad->status;
    }
    if (!invariant_check(block->invariants, block->ninvariants, s->x->profile, &run->history,
                         names, s->pointer, s->psize, s->msg, s->msize))
        return ESC_FAIL;
    if (s->x->linearizable)
        return linearize_check(s, block, &run->history, names);
    return ESC_PASS;
}

esc_status concurrent_run(exec_session *s, const plan_step *block)
{
    block_run run;
    list_job *jobs = calloc(block->nsteps, sizeof *jobs);
    const char *names[ESC_MAX_LISTS];
    size_t n = block->nsteps < ESC_MAX_LISTS ? block->nsteps : ESC_MAX_LISTS;
    if (jobs == NULL)
        abort();
    if (s->x->progress != NULL)
        s->x->progress(s->x->progress_ctx, block->pointer, "parallel");
    history_init(&run.history);
    pthread_mutex_init(&run.vars_lock, NULL);
    pthread_barrier_init(&run.start, NULL, (unsigned)n);
    prepare_jobs(s, block, &run, jobs);
    size_t started = 0, main_list = n;
    for (size_t k = 0; k < n; k++) {
        names[k] = block->steps[k].thread ? block->steps[k].thread : "main";
        if (block->steps[k].thread == NULL)
            main_list = k;
        else
            started += threads_start(s->threads, block->steps[k].thread, list_main, &jobs[k]);
    }
    esc_status status = ESC_PASS;
    if (started + (main_list < n) != n) /* a thread that cannot start would leave the rest at the barrier */
        status = exec_diverge(s, block, ESC_ERROR, "cannot start a thread");
    else {
        if (main_list < n)
            list_main(&jobs[main_list]);
        threads_wait(s->threads);
        status = judge_block(s, block, jobs, &run, names);
    }
    pthread_barrier_destroy(&run.start);
    pthread_mutex_destroy(&run.vars_lock);
    history_free(&run.history);
    free(jobs);
    return status;
}
