/* linearize.c - the linearizability check of a parallel block's history (linearize.h). */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <esespec/codes.h>
#include "args.h"
#include "linearize.h"

/* One call as the model makes it: a step and the iterations it ran in. */
typedef struct {
    const plan_step *step;       /* the call step */
    long long iters[ESC_MAX_DEPTH]; /* its repeat iterations */
    size_t depth;                /* how many */
} lin_call;

/* The order found for a block: replayed before the blocks after it. */
typedef struct {
    const plan_step *block;      /* the block */
    lin_call *calls;             /* its calls in that order (busy no-ops left out) */
    size_t n;                    /* how many */
} witness;

struct lin_state {
    esc_exec mx;                 /* the model's run */
    exec_session *model;         /* its session (variables, named threads) */
    witness *done;               /* the blocks explained so far */
    size_t ndone;                /* how many */
};

/* The search over one (part of a) history. */
typedef struct {
    struct lin_state *lin;       /* the model */
    const exec_session *s;       /* the target's session: its plan */
    const plan_step *block;      /* the block */
    const hist_op **ops;         /* the calls to place, by invoke time */
    size_t n;                    /* how many */
    size_t *path;                /* the calls placed, in order */
    uint8_t *noop;               /* path[k] was placed as a busy no-op */
    size_t depth;                /* how many are placed */
    long applied;                /* the model holds path[0..applied); -1: unknown */
    uint64_t *bits;              /* the set placed (bit k: ops[k]) */
    size_t words;                /* its length in 64-bit words */
    uint64_t *memo;              /* sets known to lead nowhere: open addressing, words each */
    uint8_t *memo_used;          /* memo slot in use */
    size_t memo_slots;           /* a power of two */
    size_t memo_count;           /* sets in memo */
    uint64_t calls;              /* model calls made */
    int gave_up;                 /* 1 when the budget ran out */
} search;

/* ---- the model ------------------------------------------------------------------------- */

/* Returns 1 with the model's result of one call in res (code, outputs), 0 when it cannot be
 * made (a variable the model never bound: the model got a different result earlier). */
static int model_call(struct lin_state *lin, const lin_call *c, hist_op *res)
{
    exec_session *m = lin->model;
    xframe f;
    memcpy(m->iters, c->iters, sizeof m->iters);
    m->depth = c->depth;
    if (exec_skip_unbound(m, c->step))
        return 0;
    int built = xframe_build(m, &f, c->step);
    JET_ERR rc = 0;
    if (built && (c->step->thread == NULL ||
                  threads_call(m->threads, c->step->thread, lin->mx.target, c->step->call, f.slots, &rc))) {
        if (c->step->thread == NULL)
            rc = target_call(lin->mx.target, c->step->call, f.slots);
        res->rc = rc;
        for (int i = 0; i < c->step->call->arity; i++) {
            res->in[i] = f.storage[i] ? f.initial[i] : f.slots[i];
            res->out[i] = f.storage[i] ? xframe_output(&f, i) : f.slots[i];
        }
        if (rc >= 0)
            exec_bind_outputs(m, &f);
    } else
        built = 0;
    xframe_free(&f);
    return built;
}

/* Returns nothing; makes each call of steps (repeats expanded) on the model, whatever it
 * answers: the sequential steps before a block (the target passed them as the contract says). */
static void model_steps(struct lin_state *lin, const plan_step *steps, size_t n, lin_call *c)
{
    for (size_t i = 0; i < n; i++) {
        hist_op res;
        if (steps[i].is_repeat) {
            for (long long k = 0; k < steps[i].count; k++) {
                c->iters[c->depth++] = k;
                model_steps(lin, steps[i].steps, steps[i].nsteps, c);
                c->depth--;
            }
        } else if (steps[i].call != NULL) {
            c->step = &steps[i];
            model_call(lin, c, &res);
        }
    }
}

/* Returns 1 when the model was reset and brought to the state before the block: the steps
 * before it, the earlier blocks in the order found for them; 0 when its hooks refuse. */
static int model_restart(struct lin_state *lin, const esc_plan *plan, const plan_step *block)
{
    const esc_hooks *hooks = lin->mx.target->hooks;
    if (hooks->esehook_reset() != 0 ||
        hooks->esehook_set_profile(lin->mx.profile == ESPEC_PROFILE_ESENT ? 1u : 0u) != 0)
        return 0;
    pvars_free(lin->model->vars);
    for (const plan_step *st = plan->steps; st < plan->steps + plan->nsteps && st != block; st++) {
        lin_call c;
        memset(&c, 0, sizeof c);
        if (!st->is_parallel) {
            model_steps(lin, st, 1, &c);
            continue;
        }
        for (size_t w = 0; w < lin->ndone; w++)
            for (size_t k = 0; lin->done[w].block == st && k < lin->done[w].n; k++) {
                hist_op res;
                model_call(lin, &lin->done[w].calls[k], &res);
            }
    }
    return 1;
}

/* Returns the check state of the session, made on first use. */
static struct lin_state *lin_get(exec_session *s)
{
    if (s->lin != NULL)
        return s->lin;
    struct lin_state *lin = calloc(1, sizeof *lin);
    char msg[256];
    if (lin == NULL)
        abort();
    lin->mx = (esc_exec){.target = s->x->model, .profile = s->x->profile, .tmpdir = s->x->tmpdir};
    lin->model = exec_begin(&lin->mx, msg, sizeof msg);
    if (lin->model == NULL) {
        free(lin);
        return NULL;
    }
    return s->lin = lin;
}

void linearize_free(struct lin_state *lin)
{
    if (lin == NULL)
        return;
    exec_end(lin->model);
    for (size_t w = 0; w < lin->ndone; w++)
        free(lin->done[w].calls);
    free(lin->done);
    free(lin);
}

/* ---- matching a call ------------------------------------------------------------------- */

/* Returns what an output held, as the check compares it: the start value, 0 and nil as
 * themselves, any other handle as 1 (handles are the engine's to choose), numbers as is. */
static uint64_t output_class(espec_argkind kind, uint64_t value, uint64_t initial)
{
    espec_argshape shape = espec_argkind_shape(kind);
    int narrow = shape == ESPEC_SHAPE_OUT_HANDLE32;
    uint64_t nil = narrow ? UINT32_MAX : ~(uint64_t)0;
    if (value == initial)
        return ~(uint64_t)0 - 1; /* unchanged */
    if (value == 0 || value == nil)
        return value;
    if (shape == ESPEC_SHAPE_OUT_HANDLE || shape == ESPEC_SHAPE_OUT_HANDLE32 ||
        shape == ESPEC_SHAPE_INOUT_HANDLE)
        return 1;
    return value;
}

/* Returns 1 when the model's result of the call is the target's: code and outputs. */
static int same_result(const hist_op *op, const hist_op *res)
{
    const esc_call *call = op->step->call;
    if (op->rc != res->rc)
        return 0;
    for (int i = 0; i < call->arity; i++) {
        espec_argkind kind = call->args[i].kind;
        if (!args_is_output(kind) || op->step->args[i].type != PLAN_ARG_VAR)
            continue;
        if (output_class(kind, op->out[i], op->in[i]) != output_class(kind, res->out[i], res->in[i]))
            return 0;
    }
    return 1;
}

/* Returns 1 when rc is a code the function's SessionSharingViolation clause names in either
 * profile: how a call is refused while another thread is inside one on its session. */
static int busy_code(const espec_catalogue *cat, const esc_call *call, JET_ERR rc)
{
    char id[160];
    snprintf(id, sizeof id, "%s.SessionSharingViolation", call->name);
    const espec_clause *clause = cat ? espec_catalogue_find(cat, id) : NULL;
    if (clause == NULL)
        return rc == JET_errSessionSharingViolation;
    for (int p = 0; p < ESPEC_PROFILE_COUNT; p++) {
        espec_codeset set;
        if (espec_clause_expect(clause, (espec_profile)p, &set) && espec_codeset_has(&set, rc))
            return 1;
    }
    return 0;
}

/* Returns the session an op names (its first sesid argument), or 0. */
static uint64_t op_session(const hist_op *op)
{
    for (int i = 0; i < op->step->call->arity; i++)
        if (op->step->call->args[i].kind == ESPEC_ARG_SESID)
            return op->in[i];
    return 0;
}

/* Returns 1 when ops[k] may be placed as a no-op: refused as busy while another call of the
 * set on its session overlapped it in time. */
static int busy_noop(const search *S, size_t k)
{
    const hist_op *op = S->ops[k];
    uint64_t sesid = op_session(op);
    if (sesid == 0 || op->rc >= 0 || !busy_code(S->s->x->catalogue, op->step->call, op->rc))
        return 0;
    for (size_t j = 0; j < S->n; j++) {
        const hist_op *o = S->ops[j];
        if (j != k && op_session(o) == sesid && o->invoke_ns <= op->return_ns && op->invoke_ns <= o->return_ns)
            return 1;
    }
    return 0;
}

/* ---- the search ------------------------------------------------------------------------ */

/* Returns a hash of the set placed. */
static uint64_t bits_hash(const search *S)
{
    uint64_t h = 1469598103934665603u;
    for (size_t w = 0; w < S->words; w++)
        h = (h ^ S->bits[w]) * 1099511628211u;
    return h;
}

/* Returns 1 when the set placed is known to lead nowhere; with add, records it (returns 0). */
static int memo_probe(search *S, int add)
{
    if (add && 2 * (S->memo_count + 1) > S->memo_slots) { /* grow */
        search old = *S;
        S->memo_slots = S->memo_slots ? 2 * S->memo_slots : 256;
        S->memo = calloc(S->memo_slots * S->words, sizeof *S->memo);
        S->memo_used = calloc(S->memo_slots, 1);
        if (S->memo == NULL || S->memo_used == NULL)
            abort();
        S->memo_count = 0;
        uint64_t *keep = S->bits;
        for (size_t i = 0; i < old.memo_slots; i++)
            if (old.memo_used[i]) {
                S->bits = &old.memo[i * S->words];
                memo_probe(S, 1);
            }
        S->bits = keep;
        free(old.memo);
        free(old.memo_used);
    }
    for (size_t i = bits_hash(S) & (S->memo_slots - 1); S->memo_slots > 0; i = (i + 1) & (S->memo_slots - 1)) {
        uint64_t *slot = &S->memo[i * S->words];
        if (!S->memo_used[i]) {
            if (!add)
                return 0;
            memcpy(slot, S->bits, S->words * sizeof *slot);
            S->memo_used[i] = 1;
            S->memo_count++;
            return 0;
        }
        if (memcmp(slot, S->bits, S->words * sizeof *slot) == 0)
            return 1;
    }
    return 0;
}

/* Returns the call of ops[k] as the model makes it. */
static lin_call call_of(const hist_op *op)
{
    lin_call c = {.step = op->step, .depth = op->depth};
    memcpy(c.iters, op->iters, sizeof c.iters);
    return c;
}

/* Returns 1 when the model holds path[0..depth): reset and replayed when it did not. */
static int model_at(search *S)
{
    if (S->applied == (long)S->depth)
        return 1;
    if (!model_restart(S->lin, S->s->plan, S->block))
        return 0;
    for (size_t d = 0; d < S->depth; d++)
        if (!S->noop[d]) {
            hist_op res;
            lin_call c = call_of(S->ops[S->path[d]]);
            model_call(S->lin, &c, &res);
            S->calls++;
        }
    S->applied = (long)S->depth;
    return 1;
}

/* Returns 1 when ops[k], made now on the model, gives what the target got. */
static int try_call(search *S, size_t k)
{
    hist_op res;
    if (!model_at(S))
        return 0;
    lin_call c = call_of(S->ops[k]);
    S->calls++;
    S->applied = -1;
    if (!model_call(S->lin, &c, &res) || !same_result(S->ops[k], &res))
        return 0;
    S->applied = (long)S->depth + 1;
    return 1;
}

/* Returns 1 when the calls not yet placed can follow path[0..depth) in some order. */
static int place_rest(search *S)
{
    if (S->depth == S->n)
        return 1;
    if (S->calls > ESC_LIN_MAX_CALLS) {
        S->gave_up = 1;
        return 0;
    }
    if (memo_probe(S, 0))
        return 0;
    uint64_t first_return = UINT64_MAX; /* a call invoked after it cannot come next */
    for (size_t k = 0; k < S->n; k++)
        if (!(S->bits[k / 64] >> (k % 64) & 1) && S->ops[k]->return_ns < first_return)
            first_return = S->ops[k]->return_ns;
    for (size_t k = 0; k < S->n && !S->gave_up; k++) {
        if ((S->bits[k / 64] >> (k % 64) & 1) || S->ops[k]->invoke_ns > first_return)
            continue;
        int noop = busy_noop(S, k);
        if (noop && S->applied == (long)S->depth)
            S->applied++;
        else if (!noop && !try_call(S, k))
            continue;
        S->path[S->depth] = k;
        S->noop[S->depth++] = (uint8_t)noop;
        S->bits[k / 64] |= 1ull << (k % 64);
        if (place_rest(S))
            return 1;
        S->bits[k / 64] &= ~(1ull << (k % 64));
        S->depth--;
        if (S->applied > (long)S->depth)
            S->applied = -1;
    }
    memo_probe(S, 1);
    return 0;
}

/* Returns 1 when the n calls (sorted by invoke time) can be explained, 0 when not; -1 when the
 * search gave up. With path_out, the order found is kept there (n entries). */
static int explain(struct lin_state *lin, const exec_session *s, const plan_step *block,
                   const hist_op **ops, size_t n, lin_call *order, size_t *norder)
{
    search S;
    memset(&S, 0, sizeof S);
    S.lin = lin;
    S.s = s;
    S.block = block;
    S.ops = ops;
    S.n = n;
    S.words = n / 64 + 1;
    S.path = calloc(n + 1, sizeof *S.path);
    S.noop = calloc(n + 1, 1);
    S.bits = calloc(S.words, sizeof *S.bits);
    S.applied = -1;
    if (S.path == NULL || S.noop == NULL || S.bits == NULL)
        abort();
    int ok = place_rest(&S);
    for (size_t d = 0; ok && order != NULL && d < S.depth; d++)
        if (!S.noop[d])
            order[(*norder)++] = call_of(ops[S.path[d]]);
    free(S.path);
    free(S.noop);
    free(S.bits);
    free(S.memo);
    free(S.memo_used);
    return S.gave_up ? -1 : ok;
}

/* ---- the smallest unexplained part ------------------------------------------------------- */

/* Returns 1 when a and b name the same variable. */
static int same_key(const pvar_key *a, const pvar_key *b)
{
    return a->family == b->family && a->nidx == b->nidx &&
           memcmp(a->idx, b->idx, a->nidx * sizeof *a->idx) == 0;
}

/* Returns 1 when user reads a variable that op binds: op cannot be left out while user stays. */
static int needed_by(const hist_op *op, const hist_op *user)
{
    for (int i = 0; i < op->step->call->arity; i++) {
        pvar_key bound, used;
        if (op->rc < 0 || op->step->args[i].type != PLAN_ARG_VAR || !args_is_output(op->step->call->args[i].kind))
            continue;
        pvars_key(&op->step->args[i].var, op->iters, &bound);
        for (int j = 0; j < user->step->call->arity; j++)
            if (user->step->args[j].type == PLAN_ARG_VAR && !args_is_output(user->step->call->args[j].kind) &&
                same_key(&bound, pvars_key(&user->step->args[j].var, user->iters, &used)))
                return 1;
        if (user->step->has_if_bound && same_key(&bound, pvars_key(&user->step->if_bound, user->iters, &used)))
            return 1;
    }
    return 0;
}

/* Returns the new count after shrinking ops[0..n) to a 1-minimal unexplained part: first the
 * shortest unexplained prefix by invoke time (found by bisection: what comes later cannot
 * explain what came before), then each call in turn is left out when no kept call needs it
 * and the rest stays unexplained. */
static size_t shrink(struct lin_state *lin, const exec_session *s, const plan_step *block,
                     const hist_op **ops, size_t n)
{
    size_t lo = 1, hi = n; /* ops[0..hi) is unexplained */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (explain(lin, s, block, ops, mid, NULL, NULL) == 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    n = hi;
    const hist_op **trial = malloc((n + 1) * sizeof *trial);
    if (trial == NULL)
        abort();
    for (size_t k = n; k-- > 0;) {
        int needed = 0;
        for (size_t j = 0; j < n && !needed; j++)
            needed = j != k && needed_by(ops[k], ops[j]);
        if (needed)
            continue;
        size_t m = 0;
        for (size_t j = 0; j < n; j++)
            if (j != k)
                trial[m++] = ops[j];
        if (explain(lin, s, block, trial, m, NULL, NULL) == 0) {
            memcpy(ops, trial, m * sizeof *ops);
            n = m;
        }
    }
    free(trial);
    return n;
}

/* Returns the order of a and b by invoke time (for qsort). */
static int by_invoke(const void *a, const void *b)
{
    const hist_op *x = *(const hist_op *const *)a, *y = *(const hist_op *const *)b;
    return x->invoke_ns < y->invoke_ns ? -1 : x->invoke_ns > y->invoke_ns;
}

/* Returns FAIL after writing the unexplained part into the session's message, one call a line
 * (as many as fit; the rest are counted). */
static esc_status report(exec_session *s, const plan_step *block, const esc_history *h,
                         const hist_op **ops, size_t n, const char *const *names)
{
    char line[1024];
    size_t used = (size_t)snprintf(s->msg, s->msize,
        "not linearizable: no order of these %zu of the block's %zu calls, consistent with real "
        "time, explains their results on the model (ref, profile %s); [invoke, return] in ns "
        "from the block's start:", n, h->count, espec_profile_name(s->x->profile));
    for (size_t k = 0; k < n && used < s->msize; k++) {
        history_format(h, ops[k], names, line, sizeof line);
        if (used + strlen(line) + 64 >= s->msize) {
            snprintf(s->msg + used, s->msize - used, "\n    ... and %zu more not shown", n - k);
            break;
        }
        used += (size_t)snprintf(s->msg + used, s->msize - used, "\n    %s", line);
    }
    snprintf(s->pointer, s->psize, "%s", block->pointer);
    return ESC_FAIL;
}

esc_status linearize_check(exec_session *s, const plan_step *block, const esc_history *h,
                           const char *const *names)
{
    if (h->count > ESC_LIN_MAX_OPS)
        return exec_diverge(s, block, ESC_ERROR, "history too long for the linearizability check");
    struct lin_state *lin = lin_get(s);
    if (lin == NULL || s->x->model->hooks == NULL)
        return exec_diverge(s, block, ESC_ERROR, "the model (ref) cannot be reset: no esehook_reset");
    const hist_op **ops = malloc((h->count + 1) * sizeof *ops);
    lin_call *order = malloc((h->count + 1) * sizeof *order);
    size_t norder = 0;
    if (ops == NULL || order == NULL)
        abort();
    for (size_t k = 0; k < h->count; k++)
        ops[k] = &h->ops[k];
    qsort(ops, h->count, sizeof *ops, by_invoke);
    int ok = explain(lin, s, block, ops, h->count, order, &norder);
    esc_status status = ESC_PASS;
    if (ok < 0)
        status = exec_diverge(s, block, ESC_ERROR, "linearizability check gave up (search budget spent)");
    else if (ok == 0)
        status = report(s, block, h, ops, shrink(lin, s, block, ops, h->count), names);
    else {
        lin->done = realloc(lin->done, (lin->ndone + 1) * sizeof *lin->done);
        if (lin->done == NULL)
            abort();
        lin->done[lin->ndone++] = (witness){block, order, norder};
        order = NULL;
    }
    free(order);
    free(ops);
    return status;
}

int linearize_open_model(const char *path, const char *dir, esc_target *model, char *err,
                         size_t errsize)
{
    char copy[4096], buf[65536];
    snprintf(copy, sizeof copy, "%s/model-libeseref.so", dir);
    int in = open(path, O_RDONLY), out = open(copy, O_WRONLY | O_CREAT | O_TRUNC, 0700);
    ssize_t got = 0;
    int ok = in >= 0 && out >= 0;
    while (ok && (got = read(in, buf, sizeof buf)) > 0)
        ok = write(out, buf, (size_t)got) == got;
    ok &= got == 0;
    if (in >= 0)
        close(in);
    if (out >= 0)
        ok &= close(out) == 0;
    if (!ok) {
        snprintf(err, errsize, "the model: cannot copy %s to %s", path, copy);
        return 0;
    }
    if (!target_open(model, copy, err, errsize))
        return 0;
    if (model->hooks == NULL || model->hooks->esehook_set_profile == NULL) {
        snprintf(err, errsize, "the model %s has no ref hooks (esehook_reset, esehook_set_profile)", path);
        target_close(model);
        return 0;
    }
    return 1;
}
