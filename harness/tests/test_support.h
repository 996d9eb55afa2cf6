/* test_support.h - helpers the harness's unit tests share (header-only, static). */
#ifndef ESECHECK_TEST_SUPPORT_H
#define ESECHECK_TEST_SUPPORT_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <esespec/catalogue.h>
#include "scenario.h"
#include "validate.h"

/* Returns the path of a file in harness/tests (a static buffer). */
static inline const char *test_path(const char *rel)
{
    static char buf[1024];
    snprintf(buf, sizeof buf, "%s/%s", ESECHECK_TEST_DIR, rel);
    return buf;
}

/* Returns the result of scenario_load on text written to a temporary file (removed after). */
static inline int test_load_text(const char *text, esc_scenario *sc)
{
    char path[] = "/tmp/esecheck-test-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    int ok = scenario_load(path, sc);
    unlink(path);
    return ok;
}

/* Returns the catalogue (fails the test when it does not load). */
static inline espec_catalogue *test_catalogue(void)
{
    espec_catalogue *cat = espec_catalogue_load(ESECHECK_CATALOGUE, NULL);
    assert_non_null(cat);
    return cat;
}

/* Returns 1 when some recorded problem has this pointer and its text holds fragment. */
static inline int test_has_error(const esc_errors *errors, const char *pointer, const char *fragment)
{
    for (size_t i = 0; i < errors->count; i++)
        if (strcmp(errors->items[i].pointer, pointer) == 0 && strstr(errors->items[i].text, fragment))
            return 1;
    return 0;
}

/* A scenario prefix: an instance, JetInit and session $s1. Close with "]}". */
#define TEST_PREFIX                                                                              \
    "{\"id\": \"t.x\", \"title\": \"t\", \"clauses\": [], \"requires\": [%s], \"steps\": ["    \
    "{\"call\": \"JetCreateInstance\", \"args\": {\"pinstance\": \"$inst\", \"szInstanceName\": null}},"  \
    "{\"call\": \"JetInit\", \"args\": {\"pinstance\": \"$inst\"}},"                             \
    "{\"call\": \"JetBeginSession\", \"args\": {\"instance\": \"$inst\", \"psesid\": \"$s1\", "    \
    "\"szUserName\": null, \"szPassword\": null}},"

#endif
