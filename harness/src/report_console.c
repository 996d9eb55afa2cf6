/* report_console.c - the human summary of a run. */
#include <stdlib.h>
#include <string.h>
#include "differ.h"
#include "report.h"

/* Returns nothing; counts[s] is the number of results with status s. */
void report_count(const esc_run_info *run, size_t *counts)
{
    memset(counts, 0, ESC_STATUS_COUNT * sizeof *counts);
    for (size_t i = 0; i < run->count; i++)
        counts[run->results[i].status]++;
}

/* Returns the number of bytes written: text single-quoted for a POSIX shell when needed. */
static size_t quote(char *out, size_t size, const char *text)
{
    if (size == 0)
        return 0;
    if (text[0] != '\0' && strspn(text, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                        "0123456789_-./:=+,@%") == strlen(text))
        return (size_t)snprintf(out, size, "%s", text);
    size_t n = 0;
    out[n++] = '\'';
    for (const char *p = text; *p != '\0' && n + 5 < size; p++) {
        if (*p == '\'') {
            memcpy(out + n, "'\\''", 4);
            n += 4;
        } else
            out[n++] = *p;
    }
    if (n + 1 < size)
        out[n++] = '\'';
    out[n < size ? n : size - 1] = '\0';
    return n;
}

/* Returns buf, holding the command that reruns r alone. */
char *report_rerun_command(const esc_run_info *run, const esc_result *r, char *buf, size_t size)
{
    const char *parts[28]; /* 21 at most: the options below and the program */
    size_t k = 0;
    parts[k++] = run->program;
    if (run->target != NULL) {
        parts[k++] = "--target";
        parts[k++] = run->target;
    }
    if (run->target_profile != NULL) {
        parts[k++] = "--target-profile";
        parts[k++] = run->target_profile;
    }
    if (run->reference != NULL) {
        parts[k++] = "--reference";
        parts[k++] = run->reference;
    }
    if (run->reference_profile != NULL) {
        parts[k++] = "--reference-profile";
        parts[k++] = run->reference_profile;
    }
    if (run->catalogue != NULL) {
        parts[k++] = "--catalogue";
        parts[k++] = run->catalogue;
    }
    if (run->unimplemented != NULL) {
        parts[k++] = "--unimplemented";
        parts[k++] = run->unimplemented;
    }
    if (run->linearizable)
        parts[k++] = "--linearizable";
    if (run->repeat != NULL) { /* a race may need many runs to show again */
        parts[k++] = "--repeat";
        parts[k++] = run->repeat;
    }
    parts[k++] = "--profile";
    parts[k++] = run->profile;
    parts[k++] = "--id";
    parts[k++] = r->id;
    parts[k++] = r->path;
    size_t n = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < k && n + 2 < size; i++) {
        if (i > 0)
            buf[n++] = ' ';
        n += quote(buf + n, size - n, parts[i]);
    }
    return buf;
}

/* Returns nothing; writes one scenario's lines (status, message, ledger note, rerun). */
static void report_one(FILE *out, const esc_run_info *run, const esc_result *r)
{
    char cmd[2048];
    if (r->status == ESC_SKIP) { /* not a divergence: one line */
        fprintf(out, "%-11s %s: %s\n", status_word(r->status), r->id, r->message ? r->message : "");
        return;
    }
    fprintf(out, "%-11s %s (%s)\n", status_word(r->status), r->id, r->path);
    if (r->message != NULL && r->message[0] != '\0') {
        /* an ERROR's message may hold one problem per line */
        fprintf(out, "    %s%s", r->pointer && r->pointer[0] ? r->pointer : "",
                r->pointer && r->pointer[0] ? ": " : "");
        for (const char *p = r->message; *p != '\0'; p++) {
            if (*p == '\n')
                fputs("\n    ", out);
            else
                fputc(*p, out);
        }
        fputc('\n', out);
    }
    if (r->note != NULL)
        fprintf(out, "    ledger: %s\n", r->note);
    if (status_rerun(r->status))
        fprintf(out, "    rerun: %s\n", report_rerun_command(run, r, cmd, sizeof cmd));
}

/* SKIPs counted by reason: the clause that does not apply, or the whole message. */
typedef struct {
    const char *reason;          /* the clause id (clause = 1) or the message; borrowed */
    size_t len;                  /* its length */
    int clause;                  /* 1: a clause that does not apply */
    size_t count;                /* SKIPs with it */
} skip_reason;

/* Returns the reason of a SKIP's message: the clause of "clause ID does not apply in profile
 * P", else the message. */
static skip_reason reason_of(const char *message)
{
    static const char head[] = "clause ", tail[] = " does not apply in profile ";
    skip_reason r = {message ? message : "", 0, 0, 1};
    const char *end = strstr(r.reason, tail);
    r.clause = strncmp(r.reason, head, sizeof head - 1) == 0 && end != NULL;
    if (r.clause)
        r.reason += sizeof head - 1;
    r.len = r.clause ? (size_t)(end - r.reason) : strlen(r.reason);
    return r;
}

/* Returns nothing; adds count SKIPs of a clause of function (the clause id up to its first
 * dot: len bytes) to the tally by function (fns, *n of them; room for every SKIP). */
static void tally_function(skip_reason *fns, size_t *n, const char *function, size_t len, size_t count)
{
    size_t k = 0;
    while (k < *n && !(fns[k].len == len && memcmp(fns[k].reason, function, len) == 0))
        k++;
    if (k == *n)
        fns[(*n)++] = (skip_reason){function, len, 1, 0};
    fns[k].count += count;
}

/* Returns nothing; prints the SKIPs counted, not listed: those whose clause does not apply in
 * the profile on one line of counts, then the functions of those clauses, each with its
 * count, wrapped at about 100 columns; one line per other reason. */
static void report_skips(FILE *out, const esc_run_info *run)
{
    size_t cap = run->count ? run->count : 1;
    skip_reason *all = calloc(cap, sizeof *all), *fns = calloc(cap, sizeof *fns);
    size_t n = 0, nfns = 0, scenarios = 0, clauses = 0;
    for (size_t i = 0; i < run->count; i++) {
        if (run->results[i].status != ESC_SKIP)
            continue;
        skip_reason r = reason_of(run->results[i].message);
        size_t k = 0;
        while (k < n && !(all[k].clause == r.clause && all[k].len == r.len && memcmp(all[k].reason, r.reason, r.len) == 0))
            k++;
        if (k == n)
            all[n++] = (skip_reason){r.reason, r.len, r.clause, 0};
        all[k].count++;
        scenarios += (size_t)r.clause;
    }
    for (size_t k = 0; k < n; k++)
        if (all[k].clause) {
            clauses++;
            tally_function(fns, &nfns, all[k].reason, strcspn(all[k].reason, "."), all[k].count);
        }
    if (clauses > 0)
        fprintf(out, "%-11s %zu scenario%s: %zu clause%s that do%s not apply in profile %s, by function "
                     "(-v lists each):", status_word(ESC_SKIP), scenarios, scenarios == 1 ? "" : "s", clauses,
                clauses == 1 ? "" : "s", clauses == 1 ? "es" : "", run->profile);
    for (size_t k = 0, col = 100; k < nfns; k++) {
        if (k > 0)
            col += (size_t)fprintf(out, ",");
        if (col + fns[k].len + 6 > 100) { /* about 100 columns a line */
            fputs("\n   ", out);
            col = 3;
        }
        col += (size_t)fprintf(out, " %.*s %zu", (int)fns[k].len, fns[k].reason, fns[k].count);
    }
    if (clauses > 0)
        fputc('\n', out);
    for (size_t k = 0; k < n; k++)
        if (!all[k].clause)
            fprintf(out, "%-11s %zu scenario%s: %.*s\n", status_word(ESC_SKIP), all[k].count,
                    all[k].count == 1 ? "" : "s", (int)all[k].len, all[k].reason);
    free(fns);
    free(all);
}

/* Returns 0, or -1 on an I/O error. */
int report_console(FILE *out, const esc_run_info *run, int verbose, int quiet)
{
    size_t counts[ESC_STATUS_COUNT];
    for (size_t i = 0; i < run->count && !quiet; i++)
        if ((run->results[i].status != ESC_PASS || verbose) && (run->results[i].status != ESC_SKIP || verbose))
            report_one(out, run, &run->results[i]);
    if (!quiet && !verbose)
        report_skips(out, run);
    if (!quiet)
        differ_print_summary(out, run->results, run->count);
    report_count(run, counts);
    fprintf(out, "%zu scenarios in %.2f s (profile %s):", run->count, run->seconds, run->profile);
    for (int s = 0; s < ESC_STATUS_COUNT; s++)
        if (counts[s] > 0)
            fprintf(out, " %zu %s", counts[s], status_word((esc_status)s));
    fprintf(out, "\n");
    if (run->coverage != NULL)
        coverage_summary(out, run->coverage);
    return ferror(out) ? -1 : 0;
}
