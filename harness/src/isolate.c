/* isolate.c - the worker: fork, pidfd, poll, timeout, and the slots children report in. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
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

#define STEP_LEN 512             /* "<pointer>\t<call>": what finish() keeps of them fits */

/* One slot's memory, shared between the worker and the child it runs. The worker clears it
 * before the fork; the child notes there each step it starts and, at its end, its outcome
 * and then done. The worker reads it once the child has exited: the child has no pipe to
 * write to and the worker is not woken before that (a write per step, then the result's
 * lines, each woke it). Shared memory costs the child no copy-on-write fault either. */
typedef struct {
    char step[STEP_LEN];         /* the step it last started, or "" */
    uint32_t done;               /* 1 once out is complete: the child's last write */
    esc_outcome out;             /* the child's outcome */
} shared_slot;

/* The worker's own state. It lives in the shared mapping too, in its first pages, for the
 * same reason: the worker writes it after every fork, and private pages written after a fork
 * are copied on the first write (a fault each). Each child unmaps it, and the other slots,
 * before it runs anything else: a child sees and can write only its own slot. */
typedef struct {
    pid_t pid;                   /* 0 when the slot is free */
    int pidfd;                   /* readable when it has exited; -1 where the kernel has none */
    int ready;                   /* 1 when poll said its pidfd is readable */
    size_t index;                /* which job */
    double start;                /* when it was forked */
    shared_slot *slot;           /* its shared slot */
} child;

struct esc_isolate {
    pid_t pid;                   /* the worker */
    int sock;                    /* our end of the SOCK_SEQPACKET pair */
    int jobs;                    /* children at once */
};

/* The worker's layout of the shared mapping: its state, then one slot per child. */
typedef struct {
    char *base;                  /* the mapping */
    size_t state_size;           /* bytes of the worker's state at base (whole pages) */
    size_t slot_size;            /* bytes of a slot (whole pages) */
    size_t size;                 /* the whole mapping */
    child *kids;                 /* in the state pages */
    struct pollfd *fds;          /* in the state pages, after kids */
} shared_map;

#define CMD_LEN (sizeof(uint64_t) + ARG_MAX_LEN + 1)

/* In a child: its slot, where isolate_progress notes each step. */
static shared_slot *child_slot;

/* Returns the monotonic time in seconds. */
double isolate_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Returns n rounded up to whole pages. */
static size_t whole_pages(size_t n)
{
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    return (n + page - 1) / page * page;
}

/* Returns 1 with the shared mapping for jobs children made in *m, else 0. */
static int shared_map_make(shared_map *m, int jobs)
{
    m->state_size = whole_pages((size_t)jobs * (sizeof(child) + sizeof(struct pollfd)) +
                                sizeof(struct pollfd) + 16);
    m->slot_size = whole_pages(sizeof(shared_slot));
    m->size = m->state_size + (size_t)jobs * m->slot_size;
    m->base = mmap(NULL, m->size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (m->base == MAP_FAILED)
        return 0;
    m->kids = (child *)(void *)m->base;
    m->fds = (struct pollfd *)(void *)(m->kids + jobs);
    for (int k = 0; k < jobs; k++)
        m->kids[k].slot = (shared_slot *)(void *)(m->base + m->state_size + (size_t)k * m->slot_size);
    return 1;
}

/* Returns nothing: in a child, unmaps the worker's state and every slot but its own. */
static void shared_map_keep_only(const shared_map *m, const shared_slot *own)
{
    char *from = (char *)own, *to = from + m->slot_size, *end = m->base + m->size;
    munmap(m->base, (size_t)(from - m->base));
    if (to < end)
        munmap(to, (size_t)(end - to));
}

/* Returns nothing; notes "<pointer>\t<call>" in the child's slot (cut where finish() would
 * cut them: 255 and 127 bytes). */
void isolate_progress(void *ctx, const char *pointer, const char *call)
{
    (void)ctx;
    if (child_slot == NULL)
        return;
    char *step = child_slot->step;
    size_t p = strnlen(pointer, 255), k = strnlen(call, 127);
    memcpy(step, pointer, p);
    step[p] = '\t';
    memcpy(step + p + 1, call, k);
    step[p + 1 + k] = '\0';
}

/* Returns 1 when the string in text[size] is valid UTF-8 (jansson's test: a JSON string can
 * hold it), else 0. */
static int utf8_valid(const char *text, size_t size)
{
    json_t *probe = json_stringn(text, strnlen(text, size));
    json_decref(probe);
    return probe != NULL;
}

/* Returns nothing: the child's life. Runs the job, leaves its outcome in its slot, exits.
 * It leaves through exit(), not _exit(), so that the target's destructors run as at a normal
 * process end (an instrumented target writes its coverage counters there); the worker never
 * writes to stdio and stdio was flushed before the worker was forked, so nothing of the main
 * process's is written twice. */
static void child_main(shared_slot *slot, size_t index, const char *arg, isolate_job job, void *ctx)
{
    esc_outcome *out = &slot->out;
    setpgid(0, 0);
    job(ctx, index, arg, 1, out);
    /* their ends are not written here: a page of the slot the child need not touch (the
       worker ends them) */
    if (!utf8_valid(out->pointer, sizeof out->pointer) || !utf8_valid(out->message, sizeof out->message) ||
        !utf8_valid(out->observed, sizeof out->observed)) {
        /* keep the status, say so rather than lose the result: the reports are JSON */
        out->pointer[0] = out->observed[0] = '\0';
        snprintf(out->message, sizeof out->message, "(the result's message was not valid UTF-8)");
    }
    __atomic_store_n(&slot->done, 1, __ATOMIC_RELEASE);
    exit(0);
}

/* Returns 1 when a child was forked for job index into c, else 0 (its slot's outcome set).
 * The child keeps only its slot: the worker's socket, the other children's pidfds, the
 * worker's state and the other slots are closed or unmapped before the job runs. */
static int start_child(const shared_map *m, child *c, size_t index, const char *arg,
                       isolate_job job, void *ctx, int jobs, int sock)
{
    shared_slot *slot = c->slot;
    memset(slot, 0, sizeof *slot);
    c->index = index;
    c->ready = 0;
    /* the fds the child closes, listed here: once forked, the worker changes its state
       (shared) whenever another child ends or starts */
    int inherited[jobs + 1], ninherited = 0;
    inherited[ninherited++] = sock;
    for (int k = 0; k < jobs; k++)
        if (m->kids[k].pid > 0 && m->kids[k].pidfd >= 0)
            inherited[ninherited++] = m->kids[k].pidfd;
    c->start = isolate_now();
    pid_t pid = fork(); /* not into c->pid: the child would write its 0 there, c is shared */
    if (pid == 0) {
        for (int k = 0; k < ninherited; k++)
            close(inherited[k]);
        child_slot = slot;
        shared_map_keep_only(m, slot);
        child_main(slot, index, arg, job, ctx);
    }
    if (pid < 0) {
        slot->out.status = ESC_ERROR;
        snprintf(slot->out.message, sizeof slot->out.message, "fork: %s", strerror(errno));
        return 0;
    }
    c->pid = pid;
    setpgid(c->pid, c->pid);
    /* Polling a pidfd wakes us the moment the child exits, instead of polling waitpid. */
    c->pidfd = (int)syscall(SYS_pidfd_open, c->pid, 0);
    return 1;
}

/* Returns 1 with the last step started (pointer and call) from the child's slot, else 0. */
static int last_step(shared_slot *slot, char *pointer, size_t psize, char *call, size_t csize)
{
    slot->step[STEP_LEN - 1] = '\0'; /* the child may have died writing it */
    const char *tab = strchr(slot->step, '\t');
    if (tab == NULL)
        return 0;
    snprintf(pointer, psize, "%.*s", (int)(tab - slot->step), slot->step);
    snprintf(call, csize, "%s", tab + 1);
    return 1;
}

/* Returns 1 when the child left a complete outcome in its slot, else 0. */
static int has_result(const shared_slot *slot)
{
    return __atomic_load_n(&slot->done, __ATOMIC_ACQUIRE) == 1 &&
           (unsigned)slot->out.status < (unsigned)ESC_STATUS_COUNT;
}

/* Returns nothing; turns a finished child (wait status, or timed out) into the outcome in its
 * slot. */
static void finish(child *c, int wstatus, int timed_out, double timeout)
{
    char pointer[256] = "", call[128] = "", during[512] = "";
    esc_outcome *out = &c->slot->out;
    double seconds = isolate_now() - c->start;
    if (last_step(c->slot, pointer, sizeof pointer, call, sizeof call))
        snprintf(during, sizeof during, " during step %s (%s)", pointer, call);
    else
        snprintf(during, sizeof during, " before the first step");
    if (timed_out || !has_result(c->slot)) {
        memset(out, 0, sizeof *out);
        snprintf(out->pointer, sizeof out->pointer, "%s", pointer);
    }
    /* the target's destructors ran after the child wrote its outcome and may have written
       over it: its strings end inside their arrays whatever happened (the main process
       refuses an outcome whose strings fill them) */
    out->pointer[sizeof out->pointer - 1] = out->message[sizeof out->message - 1] = '\0';
    out->observed[sizeof out->observed - 1] = '\0';
    if (timed_out) {
        out->status = ESC_TIMEOUT;
        snprintf(out->message, sizeof out->message, "no result after %g s%s; killed", timeout, during);
    } else if (!has_result(c->slot)) {
        out->status = ESC_CRASH;
        if (WIFSIGNALED(wstatus))
            snprintf(out->message, sizeof out->message, "signal SIG%s (%s)%s",
                     sigabbrev_np(WTERMSIG(wstatus)) ? sigabbrev_np(WTERMSIG(wstatus)) : "?",
                     strsignal(WTERMSIG(wstatus)), during);
        else
            snprintf(out->message, sizeof out->message, "the process exited with status %d%s",
                     WEXITSTATUS(wstatus), during);
    }
    out->seconds = seconds;
    if (c->pidfd >= 0)
        close(c->pidfd);
    c->pid = 0;
    c->pidfd = -1;
}

/* Returns the poll timeout in ms: until the nearest deadline, at most 100 (1 while a child
 * without a pidfd runs: it is reaped by asking). */
static int poll_timeout(const child *kids, int jobs, double timeout)
{
    double now = isolate_now(), wait = 0.1;
    for (int k = 0; k < jobs; k++) {
        if (kids[k].pid > 0 && kids[k].start + timeout - now < wait)
            wait = kids[k].start + timeout - now;
        if (kids[k].pid > 0 && kids[k].pidfd < 0 && wait > 0.001)
            wait = 0.001;
    }
    return wait < 0 ? 0 : (int)(wait * 1000) + 1;
}

/* Returns nothing; sends one outcome to the main process (ignoring a main process gone),
 * straight from where it lies: the header and the three strings, one packet. */
static void send_outcome(int sock, size_t index, const esc_outcome *out)
{
    wire_outcome w = {index, (int32_t)out->status, (uint32_t)strnlen(out->pointer, sizeof out->pointer),
                      (uint32_t)strnlen(out->message, sizeof out->message),
                      (uint32_t)strnlen(out->observed, sizeof out->observed), out->seconds};
    struct iovec iov[4] = {{&w, sizeof w}, {(void *)out->pointer, w.plen},
                           {(void *)out->message, w.mlen}, {(void *)out->observed, w.olen}};
    struct msghdr msg = {.msg_iov = iov, .msg_iovlen = 4};
    while (sendmsg(sock, &msg, MSG_NOSIGNAL) < 0 && errno == EINTR)
        ;
}

/* Returns nothing; reaps every child that ended or overran its time and sends its outcome. A
 * child with a pidfd is asked only once poll said it exited, or at its deadline. */
static void reap(child *kids, int jobs, double timeout, int sock, int *running)
{
    for (int k = 0; k < jobs; k++) {
        child *c = &kids[k];
        int wstatus = 0;
        if (c->pid <= 0)
            continue;
        int late = isolate_now() - c->start > timeout;
        if (c->pidfd >= 0 && !c->ready && !late)
            continue;
        pid_t got = waitpid(c->pid, &wstatus, WNOHANG);
        late = got == 0 && late;
        if (late) {
            kill(-c->pid, SIGKILL);
            kill(c->pid, SIGKILL);
            waitpid(c->pid, &wstatus, 0);
        }
        if (got == 0 && !late)
            continue;
        size_t index = c->index;
        finish(c, wstatus, late, timeout);
        (*running)--;
        send_outcome(sock, index, &c->slot->out);
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
static int take_job(const shared_map *m, int sock, int jobs, isolate_job job, void *ctx, int *running)
{
    /* private, not in the shared state: the next job is read into it while the child forked
       for this one may not have read its path yet; a child has its own copy of this page */
    static char cmd[CMD_LEN];
    ssize_t n;
    while ((n = recv(sock, cmd, CMD_LEN - 1, 0)) < 0 && errno == EINTR)
        ;
    if (n < (ssize_t)sizeof(uint64_t))
        return 0;
    cmd[n] = '\0';
    uint64_t index;
    memcpy(&index, cmd, sizeof index);
    int k = 0;
    while (k < jobs && m->kids[k].pid > 0)
        k++;
    if (start_child(m, &m->kids[k], (size_t)index, cmd + sizeof index, job, ctx, jobs, sock))
        (*running)++;
    else
        send_outcome(sock, (size_t)index, &m->kids[k].slot->out);
    return 1;
}

/* Returns the number of poll entries: the socket (POLLIN while a slot is free), then each
 * running child's pidfd. */
static nfds_t poll_set(const shared_map *m, int sock, int jobs, int running)
{
    nfds_t nfds = 0;
    m->fds[nfds++] = (struct pollfd){.fd = sock, .events = running < jobs ? POLLIN : 0};
    for (int k = 0; k < jobs; k++)
        if (m->kids[k].pid > 0 && m->kids[k].pidfd >= 0)
            m->fds[nfds++] = (struct pollfd){.fd = m->kids[k].pidfd, .events = POLLIN};
    return nfds;
}

/* Returns nothing; marks each child whose pidfd poll found readable. */
static void mark_ready(const shared_map *m, int jobs, nfds_t nfds)
{
    for (int k = 0; k < jobs; k++)
        for (nfds_t i = 1; i < nfds && m->kids[k].pid > 0 && m->kids[k].pidfd >= 0; i++)
            if (m->fds[i].fd == m->kids[k].pidfd && (m->fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
                m->kids[k].ready = 1;
}

/* Returns nothing; jansson's calls into libc are bound lazily (Debian builds it without
 * -z now): a scenario's parse bound some of them in every child, each a written page and
 * the resolver's pages. Parsing, dumping and failing on a small document here binds them once,
 * in the worker, before its children are forked. Only a cost: a call missed is bound in the
 * child as before. */
static void bind_jansson_early(void)
{
    json_error_t jerr;
    json_t *v = json_loads("{\"a\": [1, -2.5e3, \"x\\u00e9\", true, false, null, {}]}",
                           JSON_REJECT_DUPLICATES, &jerr);
    char *text = json_dumps(v, JSON_COMPACT);
    free(text);
    json_decref(v);
    json_decref(json_loads("{\"a\": 1, \"a\": 99999999999999999999}", JSON_REJECT_DUPLICATES, &jerr));
    json_decref(json_loads("[1, x]", 0, &jerr));
    json_decref(json_pack("{s:s, s:i}", "a", "b", "c", 1));
}

/* Returns nothing: the worker's life. Takes a job whenever a slot is free, watches the
 * children, sends each outcome; leaves when the main process closes the socket (killing any
 * child still running: the main process is gone). It leaves through _exit: the main process
 * still has the target loaded and ends it normally. */
static void worker_main(const shared_map *m, int sock, int jobs, double timeout, isolate_job job,
                        void *ctx)
{
    int running = 0;
    bind_jansson_early();
    for (int k = 0; k < jobs; k++) {
        memset(m->kids[k].slot, 0, sizeof *m->kids[k].slot); /* its pages in place once */
        m->kids[k].pidfd = -1;
    }
    for (;;) {
        nfds_t nfds = poll_set(m, sock, jobs, running);
        if (poll(m->fds, nfds, running > 0 ? poll_timeout(m->kids, jobs, timeout) : -1) < 0 && errno != EINTR)
            break;
        mark_ready(m, jobs, nfds);
        if ((m->fds[0].revents & POLLIN) && running < jobs) {
            if (!take_job(m, sock, jobs, job, ctx, &running))
                break;
        } else if (m->fds[0].revents & (POLLHUP | POLLERR))
            break;
        reap(m->kids, jobs, timeout, sock, &running);
    }
    kill_all(m->kids, jobs);
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
    shared_map m;
    if (!shared_map_make(&m, iso->jobs)) {
        snprintf(err, errsize, "mmap: %s", strerror(errno));
        close(sv[0]);
        close(sv[1]);
        free(iso);
        return NULL;
    }
    fflush(stdout);
    fflush(stderr);
    iso->pid = fork();
    if (iso->pid == 0) {
        close(sv[0]);
        worker_main(&m, sv[1], iso->jobs, timeout, job, ctx);
    }
    munmap(m.base, m.size); /* the worker's alone */
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
                 void *ctx, int ahead)
{
    static esc_outcome out;
    int most = iso->jobs + (ahead > 0 ? ahead : 0);
    size_t *pending = calloc((size_t)most, sizeof *pending), next = 0, index;
    int outstanding = 0, stop = 0;
    for (;;) {
        while (!stop && outstanding < most) {
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
        job(ctx, i, arg(ctx, i), 0, &out);
        out.seconds = isolate_now() - start;
        if (done(ctx, i, &out))
            break;
    }
}
