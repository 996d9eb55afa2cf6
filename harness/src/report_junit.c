/* report_junit.c - the run as JUnit XML: one testsuite, one testcase per scenario. */
#include <stdio.h>
#include <string.h>
#include "report.h"

/* Returns nothing; writes text with XML's special characters escaped and the characters
 * XML 1.0 forbids (control characters but tab, newline, return) replaced by '?'. */
static void xml_text(FILE *out, const char *text)
{
    for (const unsigned char *p = (const unsigned char *)(text ? text : ""); *p != '\0'; p++) {
        switch (*p) {
        case '&': fputs("&amp;", out); break;
        case '<': fputs("&lt;", out); break;
        case '>': fputs("&gt;", out); break;
        case '"': fputs("&quot;", out); break;
        case '\'': fputs("&apos;", out); break;
        default:
            fputc(*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r' ? '?' : *p, out);
        }
    }
}

/* Returns nothing; writes one testcase element. */
static void testcase(FILE *out, const esc_run_info *run, const esc_result *r)
{
    char cmd[2048];
    const char *element = status_junit(r->status);
    fputs("    <testcase classname=\"", out);
    xml_text(out, r->folder);
    fputs("\" name=\"", out);
    xml_text(out, r->id);
    fprintf(out, "\" file=\"");
    xml_text(out, r->path);
    fprintf(out, "\" time=\"%.3f\"", r->seconds);
    if (element[0] == '\0' && r->status == ESC_PASS) {
        fputs("/>\n", out);
        return;
    }
    if (element[0] == '\0') { /* passed, but not plainly (FLAKY): say how in system-out */
        fprintf(out, ">\n      <system-out>%s: ", status_word(r->status));
        xml_text(out, r->message);
        fputs("\nrerun: ", out);
        xml_text(out, report_rerun_command(run, r, cmd, sizeof cmd));
        fputs("</system-out>\n    </testcase>\n", out);
        return;
    }
    fprintf(out, ">\n      <%s message=\"%s: ", element, status_word(r->status));
    xml_text(out, r->message);
    fprintf(out, "\" type=\"%s\">", status_word(r->status));
    xml_text(out, r->pointer);
    fputs("\n", out);
    xml_text(out, r->message);
    if (r->note != NULL) {
        fputs("\nledger: ", out);
        xml_text(out, r->note);
    }
    fputs("\nrerun: ", out);
    xml_text(out, report_rerun_command(run, r, cmd, sizeof cmd));
    fprintf(out, "</%s>\n    </testcase>\n", element);
}

/* Returns 0, or -1 on an I/O error. */
int report_junit_stream(FILE *out, const esc_run_info *run)
{
    size_t counts[ESC_STATUS_COUNT], failures = 0, errors = 0, skipped = 0;
    report_count(run, counts);
    for (int s = 0; s < ESC_STATUS_COUNT; s++) {
        const char *e = status_junit((esc_status)s);
        failures += strcmp(e, "failure") == 0 ? counts[s] : 0;
        errors += strcmp(e, "error") == 0 ? counts[s] : 0;
        skipped += strcmp(e, "skipped") == 0 ? counts[s] : 0;
    }
    fprintf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    fprintf(out, "<testsuites name=\"esecheck\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" "
                 "skipped=\"%zu\" time=\"%.3f\">\n", run->count, failures, errors, skipped, run->seconds);
    fprintf(out, "  <testsuite name=\"esecheck.");
    xml_text(out, run->profile);
    fprintf(out, "\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" skipped=\"%zu\" time=\"%.3f\">\n",
            run->count, failures, errors, skipped, run->seconds);
    fprintf(out, "    <properties>\n      <property name=\"target\" value=\"");
    xml_text(out, run->target);
    fprintf(out, "\"/>\n      <property name=\"profile\" value=\"");
    xml_text(out, run->profile);
    if (run->reference != NULL) {
        fprintf(out, "\"/>\n      <property name=\"reference\" value=\"");
        xml_text(out, run->reference);
    }
    fprintf(out, "\"/>\n    </properties>\n");
    for (size_t i = 0; i < run->count; i++)
        testcase(out, run, &run->results[i]);
    fprintf(out, "  </testsuite>\n</testsuites>\n");
    return ferror(out) ? -1 : 0;
}

/* Returns 0, or -1 when the file cannot be written. */
int report_junit(const char *path, const esc_run_info *run)
{
    FILE *out = fopen(path, "w");
    if (out == NULL)
        return -1;
    int rc = report_junit_stream(out, run);
    return fclose(out) != 0 ? -1 : rc;
}
