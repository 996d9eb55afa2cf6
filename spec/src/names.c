/* names.c - parameter and grbit names as data; checks grbits.def against <ese/jet.h>. */
#include <string.h>
#include <ese/jet.h>
#include <esespec/names.h>

/* Every row of grbits.def must equal the header's macro of the same name. */
#define ESE_GRBIT(name, value) _Static_assert((name) == (value), #name " differs from jet.h");
#include <ese/grbits.def>
#undef ESE_GRBIT

typedef struct {
    const char *name;  /* "JET_paramMaxSessions" */
    uint32_t value;    /* 5 */
} named_value;

static const named_value param_names[] = {
#define ESE_PARAM(name, id, type, scope, advanced, when_docs, when_engine, low, high_docs, high_engine, \
                  default_docs, default_engine, str) \
    {#name, (id)},
#include <ese/params.def>
#undef ESE_PARAM
};

static const named_value grbit_names[] = {
#define ESE_GRBIT(name, value) {#name, (value)},
#include <ese/grbits.def>
#undef ESE_GRBIT
};

static int find(const named_value *table, size_t n, const char *name, uint32_t *out)
{
    for (size_t i = 0; name && i < n; i++)
        if (strcmp(table[i].name, name) == 0) {
            *out = table[i].value;
            return 1;
        }
    return 0;
}

int espec_param_by_name(const char *name, uint32_t *id)
{
    return find(param_names, sizeof param_names / sizeof param_names[0], name, id);
}

int espec_grbit_by_name(const char *name, uint32_t *value)
{
    return find(grbit_names, sizeof grbit_names / sizeof grbit_names[0], name, value);
}

const char *espec_param_name(uint32_t id)
{
    for (size_t i = 0; i < sizeof param_names / sizeof param_names[0]; i++)
        if (param_names[i].value == id)
            return param_names[i].name;
    return NULL;
}
