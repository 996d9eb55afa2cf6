/* isolate.c - fork, pipe, poll, timeout and the child's reports. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <jansson.h>
#include "isolate.h"

#define ARG_MAX_LEN 4096          /* longest job argument (a path) */

/* What the worker sends back per job, followed by the pointer, message and observed bytes. */
typedef struct {
    uint64_t index;              /* which job */
    int32_t status;              /* esc_status */
    uint32_t plen;               /* bytes of pointer that follow */
    uint32_t mlen;               /* bytes of message after them */
    uint32_t olen;               /* bytes of observed after them */
    double seconds;              /* wall time */
} wire_outcome;

struct esc_isolate {
    pid_t pid;                   /* the worker */
    int sock;                    /* our end of the SOCK_SEQPACKET pair */
    int jobs;                    /* children at once */
};

typedef struct {
    pid_t pid;                   /* 0 when the slot is free */
    int fd;                      /* read end of its pipe, -1 at EOF */
    int pidfd;                   /* readable when it has exited; -1 where the kernel has none */
    size_t index;                /* which job */
    double start;                /* when it was forked */
    char *buf;                   /* everything it wrote */
    size_t len;                  /* how much */
    size_t cap;                  /* allocated */
    char *page;                  /* shared with the child: the step it last started */
} child;

#define PROGRESS_PAGE 4096
/* In a child: the page shared with the worker where isolate_progress notes each step. A
 * shared page, not the pipe: a write per step woke the worker once per step. */
static char *child_page;

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

/* Returns nothing; notes "<pointer>\t<call>" in the shared page, or without one reports
 * "S\t<pointer>\t<call>\n" over the pipe. */
void isolate_progress(void *ctx, const char *pointer, const char *call)
{
    if (child_page != NULL) {
        size_t p = strnlen(pointer, PROGRESS_PAGE / 2), k = strnlen(call, PROGRESS_PAGE / 2 - 2);
        memcpy(child_page, pointer, p);
        child_page[p] = '\t';
        memcpy(child_page + p + 1, call, k);
        child_page[p + 1 + k] = '\0';
        return;
    }
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
static void child_main(int fd, size_t index, const char *arg, isolate_job job, void *ctx)
{
    static esc_outcome out;      /* static: the target may want the stack */
    memset(&out, 0, sizeof out);
    setpgid(0, 0);
    job(ctx, index, arg, fd, &out);
    json_t *r = json_pack("{s:s, s:s, s:s, s:s}", "status", status_word(out.status), "pointer",
                          out.pointer, "message", out.message, "observed", out.observed);
    if (r == NULL) /* not UTF-8: keep the status, say so rather than lose the result */
        r = json_pack("{s:s, s:s, s:s}", "status", status_word(out.status), "pointer", "",
                      "message", "(the result's message was not valid UTF-8)");
    char *text = json_dumps(r, JSON_COMPACT);
    write_all(fd, "R\t", 2);
    write_all(fd, text, strlen(text));
    write_all(fd, "\n", 1);
    free(text);
    json_decref(r);
    close(fd);
    exit(0);
}

/* Returns 1 when a child was forked for job index into slot c, else 0 (outcome set). The
 * child keeps only its own pipe: the worker's socket and the other children's fds are closed. */
static int start_child(child *c, size_t index, const char *arg, isolate_job job, void *ctx,
                       child *all, int jobs, int sock, esc_outcome *out)
{
    int fds[2];
    char *page = c->page;
    memset(c, 0, sizeof *c);
    c->index = index;
    if (page == NULL) {
        page = mmap(NULL, PROGRESS_PAGE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
        page = page == MAP_FAILED ? NULL : page;
    }
    c->page = page;
    if (page != NULL)
        page[0] = '\0';
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
        child_page = c->page;
        close(fds[0]);
        close(sock);
        for (int k = 0; k < jobs; k++)
            if (all[k].pid > 0 && &all[k] != c) {
                close(all[k].fd);
                if (all[k].pidfd >= 0)
                    close(all[k].pidfd);
            }
        child_main(fds[1], index, arg, job, ctx);
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
    if (c->page != NULL && c->page[0] != '\0') {
        const char *tab = strchr(c->page, '\t');
        if (tab == NULL)
            return 0;
        snprintf(pointer, psize, "%.*s", (int)(tab - c->page), c->page);
        snprintf(call, csize, "%s", tab + 1);
        return 1;
    }
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
                const char *observed = json_string_value(json_object_get(r, "observed"));
                snprintf(out->observed, sizeof out->observed, "%s", observed ? observed : "");
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
    char *page = c->page;
    memset(c, 0, sizeof *c);
    c->page = page;
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

/* Returns nothing; sends one outcome to the main process (ignoring a main process gone). */
static void send_outcome(int sock, size_t index, const esc_outcome *out)
{
    char buf[sizeof(wire_outcome) + sizeof out->pointer + sizeof out->message + sizeof out->observed];
    wire_outcome w = {index, (int32_t)out->status, (uint32_t)strnlen(out->pointer, sizeof out->pointer),
                      (uint32_t)strnlen(out->message, sizeof out->message),
                      (uint32_t)strnlen(out->observed, sizeof out->observed), out->seconds};
    memcpy(buf, &w, sizeof w);
    memcpy(buf + sizeof w, out->pointer, w.plen);
    memcpy(buf + sizeof w + w.plen, out->message, w.mlen);
    memcpy(buf + sizeof w + w.plen + w.mlen, out->observed, w.olen);
    while (send(sock, buf, sizeof w + w.plen + w.mlen + w.olen, MSG_NOSIGNAL) < 0 && errno == EINTR)
        ;
}

/* Returns nothing; reaps every child that ended or overran its time and sends its outcome. */
static void reap(child *kids, int jobs, double timeout, int sock, int *running)
{
    esc_outcome out;
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
        memset(&out, 0, sizeof out);
        finish(c, wstatus, late, timeout, &out);
        (*running)--;
        send_outcome(sock, index, &out);
    }
}

/* Returns nothing; kills and reaps every running child (the main process is gone). */
static void kill_all(child *kids, int jobs)
{
    for (int k = 0; k < jobs; k++)
        if (kids[k].pid > 0) {
            kill(-kids[k].pid, SIGKILL);
            kill(kids[k].pid, SIGKILL);
            waitpid(kids[k].pid, NULL, 0);
        }
}

/* Returns 1 when a job was read from the socket and started (or its failure sent back), 0 when
 * the main process closed it. */
static int take_job(int sock, child *kids, int jobs, isolate_job job, void *ctx, int *running)
{
    static char cmd[sizeof(uint64_t) + ARG_MAX_LEN + 1];
    ssize_t n;
    while ((n = recv(sock, cmd, sizeof cmd - 1, 0)) < 0 && errno == EINTR)
        ;
    if (n < (ssize_t)sizeof(uint64_t))
        return 0;
    cmd[n] = '\0';
    uint64_t index;
    memcpy(&index, cmd, sizeof index);
    int k = 0;
    while (k < jobs && kids[k].pid > 0)
        k++;
    esc_outcome out;
    memset(&out, 0, sizeof out);
    if (start_child(&kids[k], (size_t)index, cmd + sizeof index, job, ctx, kids, jobs, sock, &out))
        (*running)++;
    else
        send_outcome(sock, (size_t)index, &out);
    return 1;
}

/* Returns nothing: the worker's life. Takes a job whenever a slot is free, watches the
 * children, sends each outcome; leaves when the main process closes the socket (killing any
 * child still running: the main process is gone). It leaves through _exit: the main process
 * still has the target loaded and ends it normally. */
static void worker_main(int sock, int jobs, double timeout, isolate_job job, void *ctx)
{
    child *kids = calloc((size_t)jobs, sizeof *kids);
    struct pollfd *fds = calloc(2 * (size_t)jobs + 1, sizeof *fds);
    int running = 0;
    for (;;) {
        nfds_t nfds = 0;
        fds[nfds++] = (struct pollfd){.fd = sock, .events = running < jobs ? POLLIN : 0};
        for (int k = 0; k < jobs; k++) {
            if (kids[k].pid > 0 && kids[k].fd >= 0)
                fds[nfds++] = (struct pollfd){.fd = kids[k].fd, .events = POLLIN};
            if (kids[k].pid > 0 && kids[k].pidfd >= 0)
                fds[nfds++] = (struct pollfd){.fd = kids[k].pidfd, .events = POLLIN};
        }
        if (poll(fds, nfds, running > 0 ? poll_timeout(kids, jobs, timeout) : -1) < 0 && errno != EINTR)
            break;
        if ((fds[0].revents & POLLIN) && running < jobs) {
            if (!take_job(sock, kids, jobs, job, ctx, &running))
                break;
        } else if (fds[0].revents & (POLLHUP | POLLERR))
            break;
        for (int k = 0; k < jobs; k++)
            if (kids[k].pid > 0)
                drain(&kids[k]);
        reap(kids, jobs, timeout, sock, &running);
    }
    kill_all(kids, jobs);
    _exit(0);
}

/* Returns the worker, or NULL with a message. */
esc_isolate *isolate_start(int jobs, double timeout, isolate_job job, void *ctx, char *err,
                           size_t errsize)
{
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) != 0) {
        snprintf(err, errsize, "socketpair: %s", strerror(errno));
        return NULL;
    }
    esc_isolate *iso = calloc(1, sizeof *iso);
    iso->jobs = jobs > 0 ? jobs : 1;
    fflush(stdout);
    fflush(stderr);
    iso->pid = fork();
    if (iso->pid == 0) {
        close(sv[0]);
        worker_main(sv[1], iso->jobs, timeout, job, ctx);
    }
    close(sv[1]);
    if (iso->pid < 0) {
        snprintf(err, errsize, "fork: %s", strerror(errno));
        close(sv[0]);
        free(iso);
        return NULL;
    }
    iso->sock = sv[0];
    return iso;
}

/* Returns 1 when job index was sent to the worker, 0 when the worker is gone. */
static int send_job(esc_isolate *iso, size_t index, const char *arg)
{
    char cmd[sizeof(uint64_t) + ARG_MAX_LEN];
    uint64_t i = index;
    size_t len = strnlen(arg, ARG_MAX_LEN);
    memcpy(cmd, &i, sizeof i);
    memcpy(cmd + sizeof i, arg, len);
    ssize_t n;
    while ((n = send(iso->sock, cmd, sizeof i + len, MSG_NOSIGNAL)) < 0 && errno == EINTR)
        ;
    return n >= 0;
}

/* Returns 1 with the next outcome from the worker in *index and *out, 0 when it is gone. */
static int receive_outcome(esc_isolate *iso, size_t *index, esc_outcome *out)
{
    static char buf[sizeof(wire_outcome) + sizeof out->pointer + sizeof out->message + sizeof out->observed];
    wire_outcome w;
    ssize_t n;
    while ((n = recv(iso->sock, buf, sizeof buf, 0)) < 0 && errno == EINTR)
        ;
    if (n < (ssize_t)sizeof w)
        return 0;
    memcpy(&w, buf, sizeof w);
    if (w.plen >= sizeof out->pointer || w.mlen >= sizeof out->message ||
        w.olen >= sizeof out->observed || sizeof w + w.plen + w.mlen + w.olen > (size_t)n)
        return 0;
    memset(out, 0, sizeof *out);
    *index = (size_t)w.index;
    out->status = (esc_status)w.status;
    out->seconds = w.seconds;
    memcpy(out->pointer, buf + sizeof w, w.plen);
    memcpy(out->message, buf + sizeof w + w.plen, w.mlen);
    memcpy(out->observed, buf + sizeof w + w.plen + w.mlen, w.olen);
    return 1;
}

/* Returns nothing; every todo job that started has had its done call. */
void isolate_run(esc_isolate *iso, size_t n, const int *todo, isolate_arg arg, isolate_done done,
                 void *ctx)
{
    static esc_outcome out;
    size_t *pending = calloc((size_t)iso->jobs, sizeof *pending), next = 0, index;
    int outstanding = 0, stop = 0;
    for (;;) {
        while (!stop && outstanding < iso->jobs) {
            while (next < n && !todo[next])
                next++;
            if (next >= n)
                break;
            if (!send_job(iso, next, arg(ctx, next))) {
                stop = 1;
                break;
            }
            pending[outstanding++] = next++;
        }
        if (outstanding == 0)
            break;
        if (!receive_outcome(iso, &index, &out)) {
            /* the worker died: what it ran is lost */
            for (int k = 0; k < outstanding; k++) {
                memset(&out, 0, sizeof out);
                out.status = ESC_ERROR;
                snprintf(out.message, sizeof out.message, "esecheck's worker process died");
                done(ctx, pending[k], &out);
            }
            break;
        }
        for (int k = 0; k < outstanding; k++)
            if (pending[k] == index) {
                pending[k] = pending[--outstanding];
                break;
            }
        stop |= done(ctx, index, &out);
    }
    free(pending);
}

/* Returns nothing; the worker has exited. */
void isolate_stop(esc_isolate *iso)
{
    if (iso == NULL)
        return;
    close(iso->sock);
    waitpid(iso->pid, NULL, 0);
    free(iso);
}

/* Returns nothing; runs each todo job here, in order. */
void isolate_run_inline(size_t n, const int *todo, isolate_job job, isolate_arg arg,
                        isolate_done done, void *ctx)
{
    static esc_outcome out;
    for (size_t i = 0; i < n; i++) {
        if (!todo[i])
            continue;
        memset(&out, 0, sizeof out);
        double start = isolate_now();
        job(ctx, i, arg(ctx, i), -1, &out);
        out.seconds = isolate_now() - start;
        if (done(ctx, i, &out))
            break;
    }
}
