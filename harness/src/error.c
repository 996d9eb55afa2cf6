/* error.c - the problem list of a scenario file. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "error.h"

/* Returns 0 always (see error.h); exits the process when memory runs out. */
int error_add(esc_errors *list, const char *source, int line, int column, const char *pointer,
              const char *fmt, ...)
{
    esc_error e;
    memset(&e, 0, sizeof e);
    snprintf(e.source, sizeof e.source, "%s", source ? source : "");
    snprintf(e.pointer, sizeof e.pointer, "%s", pointer ? pointer : "");
    e.line = line;
    e.column = column;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e.text, sizeof e.text, fmt, ap);
    va_end(ap);
    for (size_t i = 0; i < list->count; i++)
        if (strcmp(list->items[i].pointer, e.pointer) == 0 && strcmp(list->items[i].text, e.text) == 0)
            return 0;
    if (list->count == list->cap) {
        size_t cap = list->cap ? list->cap * 2 : 8;
        esc_error *items = realloc(list->items, cap * sizeof *items);
        if (items == NULL) {
            perror("esecheck");
            exit(2);
        }
        list->items = items;
        list->cap = cap;
    }
    list->items[list->count++] = e;
    return 0;
}

/* Returns buf, holding "source:line:column: pointer: text". */
char *error_format(const esc_error *error, char *buf, size_t size)
{
    char where[64] = "";
    if (error->line > 0)
        snprintf(where, sizeof where, ":%d:%d", error->line, error->column);
    if (error->pointer[0] != '\0')
        snprintf(buf, size, "%s%s: %s: %s", error->source, where, error->pointer, error->text);
    else
        snprintf(buf, size, "%s%s: %s", error->source, where, error->text);
    return buf;
}

/* Returns the number of problems printed. */
size_t error_print_all(const esc_errors *list, FILE *out)
{
    char buf[1200];
    for (size_t i = 0; i < list->count; i++)
        fprintf(out, "%s\n", error_format(&list->items[i], buf, sizeof buf));
    return list->count;
}

/* Returns nothing; the list is empty afterwards. */
void error_clear(esc_errors *list)
{
    free(list->items);
    memset(list, 0, sizeof *list);
}
