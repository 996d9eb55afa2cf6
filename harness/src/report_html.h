/*
 * report_html.h - one self-contained HTML page over the results of one or more runs (one per
 * target): no network, no file beside it; the data is a JSON blob in the page, drawn by an
 * inline script (report_html.js, styled by report_html.css, both compiled in).
 */
#ifndef ESC_REPORT_HTML_H
#define ESC_REPORT_HTML_H

#include <stddef.h>
#include <jansson.h>

/* Writes the page of the n results objects (results.json) with the clauses of catalogue (the
 * object of spec/clauses.json). Returns 0, or -1 (errno) when the file cannot be written. */
int report_html_write(const char *path, json_t *const *runs, size_t n, const json_t *catalogue);

#endif /* ESC_REPORT_HTML_H */
