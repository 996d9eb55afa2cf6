/* report_html.c - the HTML report: a page, its data as JSON, its inline style and script. */
#include <stdio.h>
#include <stdlib.h>
#include <esespec/codes.h>
#include "report_html.h"

/* report_html.css and report_html.js, embedded by CMake (embed.cmake). */
extern const char esc_report_html_css[];
extern const char esc_report_html_js[];

/* Runs before the page's script: whatever error a script raises is kept (the self-test and
 * the ctest read it), and named on the root element in case the page's script never ends. */
static const char error_catcher[] =
    "window.__esecheckErrors = [];\n"
    "window.addEventListener('error', function (e) {\n"
    "  window.__esecheckErrors.push(String(e.message));\n"
    "  document.documentElement.setAttribute('data-script-errors', window.__esecheckErrors.join(' | '));\n"
    "});\n";

/* Returns {"-1104": "JET_errInvalidSesid", ...}: every code of codes.def, for the page to name
 * the numbers the results hold. */
static json_t *code_names(void)
{
    json_t *names = json_object();
    char key[16];
    for (size_t i = 0; i < espec_code_count(); i++) {
        const espec_code *c = espec_code_at(i);
        snprintf(key, sizeof key, "%d", (int)c->value);
        json_object_set_new(names, key, json_string(c->name));
    }
    return names;
}

/* Returns nothing; writes JSON text so that it cannot end the <script> element it sits in:
 * every '<' (only ever inside a JSON string) becomes \u003c, so no "</script" and no "<!--". */
static void put_script_json(FILE *out, const char *text)
{
    for (const char *p = text; *p != '\0'; p++)
        if (*p == '<')
            fputs("\\u003c", out);
        else
            fputc(*p, out);
}

/* Returns the page's data (new): the runs, the catalogue's clauses and source legend, the
 * code names. */
static json_t *page_data(json_t *const *runs, size_t n, const json_t *catalogue)
{
    json_t *list = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append(list, runs[i]);
    json_t *clauses = json_object_get(catalogue, "clauses"), *sources = json_object_get(catalogue, "sources");
    return json_pack("{s:o, s:O, s:O, s:o}", "runs", list, "clauses", clauses ? clauses : json_array(),
                     "sources", sources ? sources : json_object(), "code_names", code_names());
}

int report_html_write(const char *path, json_t *const *runs, size_t n, const json_t *catalogue)
{
    json_t *data = page_data(runs, n, catalogue);
    char *text = json_dumps(data, JSON_COMPACT);
    json_decref(data);
    FILE *out = text != NULL ? fopen(path, "w") : NULL;
    if (out == NULL) {
        free(text);
        return -1;
    }
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
          /* nothing from the network, ever: the page is one file */
          "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
          "style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n"
          "<title>esecheck report</title>\n<style>\n", out);
    fputs(esc_report_html_css, out);
    fputs("</style>\n<script>\n", out);
    fputs(error_catcher, out);
    fputs("</script>\n</head>\n<body>\n<div id=\"app\"></div>\n<pre id=\"selftest\">selftest: not run</pre>\n"
          "<script id=\"esecheck-data\" type=\"application/json\">", out);
    put_script_json(out, text);
    fputs("</script>\n<script>\n", out);
    fputs(esc_report_html_js, out);
    fputs("</script>\n</body>\n</html>\n", out);
    free(text);
    int failed = ferror(out);
    return fclose(out) != 0 || failed ? -1 : 0;
}
