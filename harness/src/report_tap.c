/* report_tap.c - the run as TAP version 13. */
#include <string.h>
#include "report.h"

/* Returns nothing; writes text on one line (newlines become spaces). */
static void one_line(FILE *out, const char *text)
{
    for (const char *p = text ? text : ""; *p != '\0'; p++)
        fputc(*p == '\n' || *p == '\r' ? ' ' : *p, out);
}

/* Returns nothing; writes text for a single-quoted YAML scalar (' doubled, newlines as spaces). */
static void yaml_quoted(FILE *out, const char *text)
{
    for (const char *p = text ? text : ""; *p != '\0'; p++) {
        if (*p == '\'')
            fputs("''", out);
        else
            fputc(*p == '\n' || *p == '\r' ? ' ' : *p, out);
    }
}

/* Returns 0, or -1 on an I/O error. */
int report_tap_stream(FILE *out, const esc_run_info *run)
{
    char cmd[2048];
    fprintf(out, "TAP version 13\n1..%zu\n", run->count);
    for (size_t i = 0; i < run->count; i++) {
        const esc_result *r = &run->results[i];
        const char *tap = status_tap(r->status);
        const char *directive = strchr(tap, '#');
        fprintf(out, "%.*s %zu - %s", directive ? (int)(directive - tap - 1) : (int)strlen(tap), tap,
                i + 1, r->id);
        if (directive != NULL) {
            fprintf(out, " %s %s: ", directive, status_word(r->status));
            one_line(out, r->message);
        }
        fputc('\n', out);
        if (r->status == ESC_PASS)
            continue;
        fprintf(out, "  ---\n  result: %s\n  file: %s\n", status_word(r->status), r->path);
        if (r->pointer && r->pointer[0])
            fprintf(out, "  step: '%s'\n", r->pointer);
        fputs("  message: '", out);
        yaml_quoted(out, r->message);
        fputs("'\n  rerun: '", out);
        yaml_quoted(out, report_rerun_command(run, r, cmd, sizeof cmd));
        fputs("'\n  ...\n", out);
    }
    return ferror(out) ? -1 : 0;
}

/* Returns 0, or -1 when the file cannot be written. */
int report_tap(const char *path, const esc_run_info *run)
{
    FILE *out = fopen(path, "w");
    if (out == NULL)
        return -1;
    int rc = report_tap_stream(out, run);
    return fclose(out) != 0 ? -1 : rc;
}
