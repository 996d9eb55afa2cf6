/*
 * invariant.h - what must hold of a parallel block's history once every thread is done
 * (cases/FORMAT.md, "Parallel blocks"):
 *   {"count": LABEL, "code": CODE or {"any": [CODES]}, "equals"|"at_least"|"at_most": N}
 *       how many calls of the steps tallied LABEL returned one of the codes;
 *   {"distinct": LABEL, "arg": NAME}
 *       the values the successful calls tallied LABEL wrote to NAME are pairwise distinct.
 * Either may name "profiles": [...], the profiles it holds in (default: all).
 */
#ifndef ESC_INVARIANT_H
#define ESC_INVARIANT_H

#include <jansson.h>
#include <esespec/catalogue.h>
#include "error.h"
#include "history.h"
#include "scenario.h"

typedef enum { INV_COUNT, INV_DISTINCT } inv_kind;
typedef enum { INV_EQUALS, INV_AT_LEAST, INV_AT_MOST } inv_bound;

typedef struct esc_invariant {
    inv_kind kind;               /* count or distinct */
    const char *pointer;         /* "/steps/4/invariants/0" (owned) */
    const char *label;           /* the tally (borrowed from the scenario's JSON) */
    espec_codeset codes;         /* count: the codes counted */
    inv_bound bound;             /* count: how the number compares */
    long long number;            /* count: N */
    const char *arg;             /* distinct: the out-argument's name (borrowed) */
    unsigned profiles;           /* bit p: holds in profile p */
} esc_invariant;

/* Checks a parallel block's "invariants" (shape, labels its steps tally, codes, arguments).
 * Returns 1, or 0 with every problem added to errors against source. */
int invariant_validate(const esc_step *block, const char *source, esc_errors *errors);

/* Compiles a validated block's invariants into a new array; returns how many. */
size_t invariant_compile(const esc_step *block, esc_invariant **out);

/* Frees compiled invariants; returns nothing. */
void invariant_free(esc_invariant *inv, size_t n);

/* Checks each invariant that holds in the profile against the history. Returns 1, or 0 with
 * the first that does not hold described in msg (its pointer in pointer). */
int invariant_check(const esc_invariant *inv, size_t n, espec_profile profile,
                    const esc_history *h, const char *const *names, char *pointer, size_t psize,
                    char *msg, size_t msize);

#endif /* ESC_INVARIANT_H */
