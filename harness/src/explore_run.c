/* explore_run.c - one generated sequence on both sides, and the first difference. */
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <esespec/codes.h>
#include "explore_run.h"
#include "isolate.h"
#include "tmpdir.h"

int explore_runner_init(explore_runner *r, char *err, size_t errsize)
{
    size_t bytes = sizeof(esc_trace) + r->max_steps * sizeof(esc_trace_step);
    for (int k = 0; k < 2; k++) {
        void *mem = r->in_process ? calloc(1, bytes)
                                  : mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
        if (mem == NULL || mem == MAP_FAILED) {
            snprintf(err, errsize, "cannot allocate %zu bytes for a trace", bytes);
            return 0;
        }
        r->sides[k].trace = mem;
        r->sides[k].trace->cap = r->max_steps;
        r->sides[k].trace->steps = (esc_trace_step *)(r->sides[k].trace + 1);
    }
    return 1;
}

void explore_runner_free(explore_runner *r)
{
    if (r->in_process) { /* the libraries hold what the last run made: reset them */
        target_reset(r->target);
        target_reset(r->reference);
    }
    size_t bytes = sizeof(esc_trace) + r->max_steps * sizeof(esc_trace_step);
    for (int k = 0; k < 2; k++) {
        if (r->sides[k].trace == NULL)
            continue;
        if (r->in_process)
            free(r->sides[k].trace);
        else
            munmap(r->sides[k].trace, bytes);
        r->sides[k].trace = NULL;
    }
}

/* Returns nothing; runs the plan on side k's library in record mode into its side's trace,
 * with $TMPDIR a fresh directory of its own (database files of a real engine go there). The
 * side's setup, when it has one, runs first in the same session, in check mode: a divergence
 * there is noted in the trace's `failed` and nothing is recorded. */
static void record(const explore_runner *r, int k, explore_side *side, const esc_plan *plan)
{
    char pointer[64], msg[512], dir[] = "/tmp/esecheck-explore-XXXXXX";
    esc_exec x = {.target = k == 0 ? r->target : r->reference, .profile = r->profile,
                  .tmpdir = mkdtemp(dir)};
    side->trace->count = 0;
    side->trace->failed[0] = '\0';
    exec_session *s = exec_begin(&x, msg, sizeof msg);
    /* The session reads the mode from x at each step: no trace while the setup runs. */
    if (s != NULL && r->setup[k] != NULL &&
        exec_plan(s, r->setup[k], "target profile setup: ", pointer, sizeof pointer, msg, sizeof msg) != ESC_PASS)
        snprintf(side->trace->failed, sizeof side->trace->failed, "%s: %s", pointer, msg);
    else if (s == NULL)
        snprintf(side->trace->failed, sizeof side->trace->failed, "%s", msg);
    else {
        x.trace = side->trace;
        exec_plan(s, plan, "", pointer, sizeof pointer, msg, sizeof msg);
    }
    exec_end(s);
    tmpdir_remove(x.tmpdir);
}

/* Returns the child's pid after forking it to record one side, or -1. */
static pid_t spawn(const explore_runner *r, int k, const esc_plan *plan)
{
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        record(r, k, (explore_side *)&r->sides[k], plan);
        _exit(0);
    }
    return pid;
}

/* Returns nothing; the side's status from how its child ended. */
static void ended(explore_side *side, int wstatus, int timed_out)
{
    side->message[0] = '\0';
    if (timed_out) {
        side->status = ESC_TIMEOUT;
        snprintf(side->message, sizeof side->message, "still running after the timeout");
    } else if (WIFSIGNALED(wstatus)) {
        side->status = ESC_CRASH;
        snprintf(side->message, sizeof side->message, "signal %s", sigabbrev_np(WTERMSIG(wstatus)));
    } else if (WEXITSTATUS(wstatus) != 0) {
        side->status = ESC_CRASH;
        snprintf(side->message, sizeof side->message, "exited with status %d", WEXITSTATUS(wstatus));
    } else
        side->status = ESC_PASS;
}

/* One child recording one side. */
typedef struct {
    pid_t pid;                   /* -1 when fork failed */
    int pidfd;                   /* readable when it exits; -1 without */
    explore_side *side;          /* where its status goes */
    int done;                    /* reaped */
} kid;

/* Returns 1 when kid k was reaped now (or is done), else 0; kills it when timed_out. */
static int try_reap(kid *k, int timed_out)
{
    int wstatus = 0;
    if (k->done)
        return 1;
    if (k->pid < 0) {
        k->side->status = ESC_CRASH;
        snprintf(k->side->message, sizeof k->side->message, "cannot fork");
    } else if (waitpid(k->pid, &wstatus, WNOHANG) == k->pid)
        ended(k->side, wstatus, 0);
    else if (timed_out) {
        kill(k->pid, SIGKILL);
        waitpid(k->pid, &wstatus, 0);
        ended(k->side, wstatus, 1);
    } else
        return 0;
    if (k->pidfd >= 0)
        close(k->pidfd);
    return k->done = 1;
}

/* Returns nothing; waits for every child, killing those that outlive the timeout. */
static void reap(kid *kids, size_t n, double timeout)
{
    struct pollfd fds[2 * EXPLORE_MAX_JOBS];
    double deadline = isolate_now() + timeout;
    for (size_t k = 0; k < n; k++)
        kids[k].pidfd = kids[k].pid > 0 ? (int)syscall(SYS_pidfd_open, kids[k].pid, 0) : -1;
    for (;;) {
        size_t left = 0, nfds = 0;
        double wait = deadline - isolate_now();
        for (size_t k = 0; k < n; k++)
            if (!try_reap(&kids[k], wait <= 0)) {
                left++;
                if (kids[k].pidfd >= 0)
                    fds[nfds++] = (struct pollfd){.fd = kids[k].pidfd, .events = POLLIN};
            }
        if (left == 0)
            return;
        /* Without pidfds (old kernels) poll just sleeps a little between waitpid rounds. */
        poll(fds, (nfds_t)nfds, nfds == left ? (int)(wait * 1000) + 1 : 2);
    }
}

void explore_run_batch(explore_runner *const *runners, const esc_plan *const *plans, size_t n)
{
    kid kids[2 * EXPLORE_MAX_JOBS];
    size_t nkids = 0;
    for (size_t j = 0; j < n && j < EXPLORE_MAX_JOBS; j++) {
        explore_runner *r = runners[j];
        for (int k = 0; k < 2; k++) {
            if (r->in_process) {
                record(r, k, &r->sides[k], plans[j]);
                r->sides[k].status = ESC_PASS;
                continue;
            }
            kids[nkids] = (kid){.pid = spawn(r, k, plans[j]), .side = &r->sides[k]};
            nkids++;
        }
    }
    reap(kids, nkids, n > 0 ? runners[0]->timeout : 0);
}

void explore_run_pair(explore_runner *r, const esc_plan *plan)
{
    explore_run_batch(&r, &plan, 1);
}
