/* history.c - recording a parallel block's calls and printing them. */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <esespec/codes.h>
#include "args.h"
#include "history.h"

void history_init(esc_history *h)
{
    memset(h, 0, sizeof *h);
    pthread_mutex_init(&h->lock, NULL);
    h->start_ns = history_now_ns();
}

void history_add(esc_history *h, const hist_op *op)
{
    pthread_mutex_lock(&h->lock);
    if (h->count == h->cap) {
        h->cap = h->cap ? 2 * h->cap : 64;
        h->ops = realloc(h->ops, h->cap * sizeof *h->ops);
        if (h->ops == NULL)
            abort();
    }
    h->ops[h->count++] = *op;
    pthread_mutex_unlock(&h->lock);
}

void history_free(esc_history *h)
{
    free(h->ops);
    pthread_mutex_destroy(&h->lock);
    memset(h, 0, sizeof *h);
}

uint64_t history_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

char *history_format(const esc_history *h, const hist_op *op, const char *const *names, char *out,
                     size_t size)
{
    const esc_call *call = op->step->call;
    size_t n = (size_t)snprintf(out, size, "%s %s(", names[op->list], call->name);
    for (int i = 0; i < call->arity && n < size; i++) {
        const char *sep = i ? ", " : "";
        if (args_is_output(call->args[i].kind) && op->step->args[i].type == PLAN_ARG_VAR)
            n += (size_t)snprintf(out + n, size - n, "%s%s->0x%llx", sep, call->args[i].name,
                                  (unsigned long long)op->out[i]);
        else if (op->step->args[i].type == PLAN_ARG_STRING)
            n += (size_t)snprintf(out + n, size - n, "%s%s=\"%s\"", sep, call->args[i].name,
                                  op->step->args[i].text);
        else
            n += (size_t)snprintf(out + n, size - n, "%s%s=0x%llx", sep, call->args[i].name,
                                  (unsigned long long)op->in[i]);
    }
    if (n < size)
        snprintf(out + n, size - n, ") [%llu, %llu] -> %s (%d)",
                 (unsigned long long)(op->invoke_ns - h->start_ns),
                 (unsigned long long)(op->return_ns - h->start_ns),
                 espec_code_name(op->rc), (int)op->rc);
    return out;
}
