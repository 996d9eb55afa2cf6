/*
 * error.h - scenario and validation problems, shaped like jansson's json_error_t.
 *
 * Every problem has a source file, a line and column (-1 when unknown: jansson gives them for
 * parse errors only), a JSON pointer to the bad value ("" for the whole document) and a text.
 * A list collects every problem of a file, so --validate can report all of them.
 */
#ifndef ESC_ERROR_H
#define ESC_ERROR_H

#include <stddef.h>
#include <stdio.h>

typedef struct {
    char source[256];            /* the file */
    int line;                    /* 1-based, or -1 */
    int column;                  /* 1-based, or -1 */
    char pointer[256];           /* JSON pointer to the bad value, "" for the document */
    char text[512];              /* what is wrong */
} esc_error;

typedef struct {
    esc_error *items;            /* in the order found */
    size_t count;                /* how many */
    size_t cap;                  /* allocated */
} esc_errors;

/* Adds a problem unless the same pointer already has the same text (a repeat step reports
 * once, not once per iteration). Returns 0, so callers can `return error_add(...)`. */
int error_add(esc_errors *list, const char *source, int line, int column, const char *pointer,
              const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* Formats one problem as "source:line:column: pointer: text" (line and column left out when
 * unknown, the pointer when empty) into buf; returns buf. */
char *error_format(const esc_error *error, char *buf, size_t size);

/* Prints every problem, one per line; returns how many. */
size_t error_print_all(const esc_errors *list, FILE *out);

/* Frees the list's storage and empties it. */
void error_clear(esc_errors *list);

#endif /* ESC_ERROR_H */
