/*
 * <esespec/catalogue.h> - the clause catalogue (spec/clauses.json): loading, lookup, and what
 * a clause expects under each profile.
 *
 * A clause records two outcomes: what the documentation promises and what the real engine
 * does. Each outcome is a set of codes, or one of: silent (the docs say nothing; the documented
 * profile then takes the engine's word), crash (the engine does not check; the process dies),
 * unreachable (the engine never gets there). The profiles follow:
 *   documented  the docs' outcome, the engine's where the docs are silent;
 *   esent       the engine's outcome;
 *   portable    only where the two resolve to the same set of codes.
 * A clause whose outcome in a profile is crash or unreachable does not apply in that profile.
 */
#ifndef ESESPEC_CATALOGUE_H
#define ESESPEC_CATALOGUE_H

#include <stddef.h>
#include <ese/jet.h>

#define ESPEC_MAX_CODES 8

typedef enum {
    ESPEC_PROFILE_DOCUMENTED,
    ESPEC_PROFILE_ESENT,
    ESPEC_PROFILE_PORTABLE,
    ESPEC_PROFILE_COUNT
} espec_profile;

typedef enum {
    ESPEC_OUTCOME_CODES,        /* one of `codes` */
    ESPEC_OUTCOME_SILENT,       /* the docs say nothing */
    ESPEC_OUTCOME_CRASH,        /* the engine does not check; the process dies */
    ESPEC_OUTCOME_UNREACHABLE   /* the engine never reaches this state */
} espec_outcome_kind;

typedef struct {
    JET_ERR codes[ESPEC_MAX_CODES];  /* the allowed codes */
    size_t count;                    /* how many of them */
} espec_codeset;

typedef struct {
    espec_outcome_kind kind;     /* codes, silent, crash or unreachable */
    espec_codeset allowed;       /* with ESPEC_OUTCOME_CODES */
} espec_outcome;

typedef struct {
    const char *id;              /* "JetDupSession.OutOfSessions" */
    const char *function;        /* "JetDupSession" */
    const char *text;            /* our one-line wording */
    espec_outcome docs;          /* what the documentation promises */
    espec_outcome engine;        /* what the real engine does */
    int needs_hook;              /* 1 when only a ref test hook reaches the state */
} espec_clause;

/* Where loading failed: like json_error_t. line and column are -1 when unknown. */
typedef struct {
    char source[256];            /* the file */
    int line, column;            /* 1-based, or -1 */
    char pointer[128];           /* a JSON pointer to the bad value ("/clauses/3/docs") */
    char text[256];              /* what is wrong */
} espec_error;

typedef struct espec_catalogue espec_catalogue;

/* Loads and checks a catalogue: every code known, every function in api.def, ids unique and
 * prefixed by their function. NULL on failure, with the first error in *err (may be NULL). */
espec_catalogue *espec_catalogue_load(const char *path, espec_error *err);
void espec_catalogue_free(espec_catalogue *catalogue);

size_t espec_catalogue_count(const espec_catalogue *catalogue);
const espec_clause *espec_catalogue_at(const espec_catalogue *catalogue, size_t i);
const espec_clause *espec_catalogue_find(const espec_catalogue *catalogue, const char *id);

/* What a clause expects under a profile: 1 and the allowed codes in *out when it applies,
 * 0 when it does not (crash or unreachable there, or the two sources disagree for portable). */
int espec_clause_expect(const espec_clause *clause, espec_profile profile, espec_codeset *out);

/* 1 when code is in the set. */
int espec_codeset_has(const espec_codeset *set, JET_ERR code);

/* "documented", "esent", "portable"; and back (returns 0 for an unknown name). */
const char *espec_profile_name(espec_profile profile);
int espec_profile_parse(const char *name, espec_profile *out);

#endif /* ESESPEC_CATALOGUE_H */
