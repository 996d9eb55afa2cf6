/* isolate.c - fork, pipe, poll, timeout and the child's reports. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <jansson.h>
#include "isolate.h"

typedef struct {
    pid_t pid;                   /* 0 when the slot is free */
    int fd;                      /* read end of its pipe, -1 at EOF */
    int pidfd;                   /* readable when it has exited; -1 where the kernel has none */
    size_t index;                /* which job */
    double start;                /* when it was forked */
    char *buf;                   /* everything it wrote */
    size_t len;                  /* how much */
    size_t cap;                  /* allocated */
} child;

/* Returns the monotonic time in seconds. */
double isolate_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Returns nothing; writes all of buf to fd, ignoring errors (the parent may be gone). */
static void write_all(int fd, const char *buf, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, buf, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return;
        buf += n;
        len -= (size_t)n;
    }
}

/* Returns nothing; reports "S\t<pointer>\t<call>\n". */
void isolate_progress(void *ctx, const char *pointer, const char *call)
{
    int fd = *(int *)ctx;
    char line[512];
    int n = snprintf(line, sizeof line, "S\t%s\t%s\n", pointer, call);
    if (fd >= 0 && n > 0)
        write_all(fd, line, (size_t)n < sizeof line ? (size_t)n : sizeof line - 1);
}

/* Returns nothing: the child's life. Runs the job, reports its outcome, exits. It leaves
 * through exit(), not _exit(), so that the target's destructors run as at a normal process
 * end (an instrumented target writes its coverage counters there); stdio was flushed before
 * the fork, so nothing of the parent's is written twice. */
static void child_main(int fd, size_t index, isolate_job job, void *ctx)
{
    esc_outcome out;
    memset(&out, 0, sizeof out);
    setpgid(0, 0);
    job(ctx, index, fd, &out);
    json_t *r = json_pack("{s:s, s:s, s:s}", "status", status_word(out.status), "pointer",
                          out.pointer, "message", out.message);
    char *text = json_dumps(r, JSON_COMPACT);
    write_all(fd, "R\t", 2);
    write_all(fd, text, strlen(text));
    write_all(fd, "\n", 1);
    free(text);
    json_decref(r);
    close(fd);
    exit(0);
}

/* Returns 1 when a child was forked for job index into slot c, else 0 (outcome set). */
static int start_child(child *c, size_t index, isolate_job job, void *ctx, child *all, int jobs,
                       esc_outcome *out)
{
    int fds[2];
    memset(c, 0, sizeof *c);
    c->index = index;
    if (pipe2(fds, O_CLOEXEC) != 0) {
        out->status = ESC_ERROR;
        snprintf(out->message, sizeof out->message, "pipe: %s", strerror(errno));
        return 0;
    }
    fflush(stdout);
    fflush(stderr);
    c->start = isolate_now();
    c->pid = fork();
    if (c->pid == 0) {
        close(fds[0]);
        for (int k = 0; k < jobs; k++)
            if (all[k].pid > 0 && &all[k] != c)
                close(all[k].fd);
        child_main(fds[1], index, job, ctx);
    }
    close(fds[1]);
    if (c->pid < 0) {
        close(fds[0]);
        c->pid = 0;
        out->status = ESC_ERROR;
        snprintf(out->message, sizeof out->message, "fork: %s", strerror(errno));
        return 0;
    }
    setpgid(c->pid, c->pid);
    /* Polling a pidfd wakes us the moment the child exits, instead of polling waitpid. */
    c->pidfd = (int)syscall(SYS_pidfd_open, c->pid, 0);
    c->fd = fds[0];
    fcntl(c->fd, F_SETFL, O_NONBLOCK);
    return 1;
}

/* Returns nothing; reads what the child wrote so far, closing the fd at EOF. */
static void drain(child *c)
{
    while (c->fd >= 0) {
        if (c->cap - c->len < 4096) {
            c->cap = c->cap ? c->cap * 2 : 8192;
            c->buf = realloc(c->buf, c->cap);
        }
        ssize_t n = read(c->fd, c->buf + c->len, c->cap - c->len - 1);
        if (n > 0) {
            c->len += (size_t)n;
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n == 0) {
            close(c->fd);
            c->fd = -1;
        }
        return;
    }
}

/* Returns 1 with the last step started (pointer and call) from the child's reports, else 0. */
static int last_step(const child *c, char *pointer, size_t psize, char *call, size_t csize)
{
    int found = 0;
    const char *end = c->buf + c->len;
    for (const char *p = c->buf; p != NULL && p < end;) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (nl == NULL)
            break;
        const char *tab = memchr(p + 2, '\t', (size_t)(nl - p));
        if (p[0] == 'S' && p[1] == '\t' && tab != NULL) {
            snprintf(pointer, psize, "%.*s", (int)(tab - p - 2), p + 2);
            snprintf(call, csize, "%.*s", (int)(nl - tab - 1), tab + 1);
            found = 1;
        }
        p = nl + 1;
    }
    return found;
}

/* Returns 1 when the child's result line was read into out, else 0. */
static int read_result(const child *c, esc_outcome *out)
{
    const char *end = c->buf + c->len;
    for (const char *p = c->buf; p != NULL && p < end;) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (nl == NULL)
            return 0;
        if (p[0] == 'R' && p[1] == '\t') {
            json_t *r = json_loadb(p + 2, (size_t)(nl - p - 2), 0, NULL);
            int ok = r != NULL && status_parse(json_string_value(json_object_get(r, "status")), &out->status);
            if (ok) {
                snprintf(out->pointer, sizeof out->pointer, "%s", json_string_value(json_object_get(r, "pointer")));
                snprintf(out->message, sizeof out->message, "%s", json_string_value(json_object_get(r, "message")));
            }
            json_decref(r);
            return ok;
        }
        p = nl + 1;
    }
    return 0;
}

/* Returns nothing; turns a finished child (wait status, or timed out) into its outcome. */
static void finish(child *c, int wstatus, int timed_out, double timeout, esc_outcome *out)
{
    char pointer[256] = "", call[128] = "", during[512] = "";
    drain(c);
    out->seconds = isolate_now() - c->start;
    if (last_step(c, pointer, sizeof pointer, call, sizeof call))
        snprintf(during, sizeof during, " during step %s (%s)", pointer, call);
    else
        snprintf(during, sizeof during, " before the first step");
    if (timed_out) {
        out->status = ESC_TIMEOUT;
        snprintf(out->pointer, sizeof out->pointer, "%s", pointer);
        snprintf(out->message, sizeof out->message, "no result after %g s%s; killed", timeout, during);
    } else if (!read_result(c, out)) {
        out->status = ESC_CRASH;
        snprintf(out->pointer, sizeof out->pointer, "%s", pointer);
        if (WIFSIGNALED(wstatus))
            snprintf(out->message, sizeof out->message, "signal SIG%s (%s)%s",
                     sigabbrev_np(WTERMSIG(wstatus)) ? sigabbrev_np(WTERMSIG(wstatus)) : "?",
                     strsignal(WTERMSIG(wstatus)), during);
        else
            snprintf(out->message, sizeof out->message, "the process exited with status %d%s",
                     WEXITSTATUS(wstatus), during);
    }
    if (c->fd >= 0)
        close(c->fd);
    if (c->pidfd >= 0)
        close(c->pidfd);
    free(c->buf);
    memset(c, 0, sizeof *c);
}

/* Returns the poll timeout in ms: until the nearest deadline, at most 100 (1 while a child
 * without a pidfd whose pipe closed is still to be reaped). */
static int poll_timeout(const child *kids, int jobs, double timeout)
{
    double now = isolate_now(), wait = 0.1;
    for (int k = 0; k < jobs; k++) {
        if (kids[k].pid > 0 && kids[k].start + timeout - now < wait)
            wait = kids[k].start + timeout - now;
        if (kids[k].pid > 0 && kids[k].fd < 0 && kids[k].pidfd < 0 && wait > 0.001)
            wait = 0.001; /* its pipe closed: it is exiting, reap it soon */
    }
    return wait < 0 ? 0 : (int)(wait * 1000) + 1;
}

/* Returns 1 when a done callback asked to stop starting jobs; reaps every child that ended or
 * overran its time. */
static int reap(child *kids, int jobs, double timeout, isolate_done done, void *ctx,
                esc_outcome *outcomes, int *running)
{
    int stop = 0;
    for (int k = 0; k < jobs; k++) {
        child *c = &kids[k];
        int wstatus = 0;
        if (c->pid <= 0)
            continue;
        size_t index = c->index;
        pid_t got = waitpid(c->pid, &wstatus, WNOHANG);
        int late = got == 0 && isolate_now() - c->start > timeout;
        if (late) {
            kill(-c->pid, SIGKILL);
            kill(c->pid, SIGKILL);
            waitpid(c->pid, &wstatus, 0);
        }
        if (got == 0 && !late)
            continue;
        finish(c, wstatus, late, timeout, &outcomes[index]);
        outcomes[index].ran = 1;
        (*running)--;
        if (done != NULL)
            stop |= done(ctx, index, &outcomes[index]);
    }
    return stop;
}

/* Returns nothing; every todo job has its outcome. */
void isolate_run(size_t n, const int *todo, int jobs, double timeout, isolate_job job,
                 isolate_done done, void *ctx, esc_outcome *outcomes)
{
    child *kids = calloc((size_t)jobs, sizeof *kids);
    struct pollfd *fds = calloc(2 * (size_t)jobs, sizeof *fds);
    size_t next = 0;
    int running = 0, stop = 0;
    while ((next < n && !stop) || running > 0) {
        for (int k = 0; k < jobs && next < n && !stop; k++) {
            while (next < n && !todo[next])
                next++;
            if (next < n && kids[k].pid == 0) {
                running += start_child(&kids[k], next, job, ctx, kids, jobs, &outcomes[next]);
                next++;
            }
        }
        nfds_t nfds = 0;
        for (int k = 0; k < jobs; k++) {
            if (kids[k].pid > 0 && kids[k].fd >= 0)
                fds[nfds++] = (struct pollfd){.fd = kids[k].fd, .events = POLLIN};
            if (kids[k].pid > 0 && kids[k].pidfd >= 0)
                fds[nfds++] = (struct pollfd){.fd = kids[k].pidfd, .events = POLLIN};
        }
        if (running > 0)
            poll(fds, nfds, poll_timeout(kids, jobs, timeout));
        for (int k = 0; k < jobs; k++)
            if (kids[k].pid > 0)
                drain(&kids[k]);
        stop |= reap(kids, jobs, timeout, done, ctx, outcomes, &running);
    }
    free(fds);
    free(kids);
}

/* Returns nothing; runs each todo job here, in order. */
void isolate_run_inline(size_t n, const int *todo, isolate_job job, isolate_done done, void *ctx,
                        esc_outcome *outcomes)
{
    for (size_t i = 0; i < n; i++) {
        if (!todo[i])
            continue;
        double start = isolate_now();
        job(ctx, i, -1, &outcomes[i]);
        outcomes[i].seconds = isolate_now() - start;
        outcomes[i].ran = 1;
        if (done != NULL && done(ctx, i, &outcomes[i]))
            break;
    }
}
