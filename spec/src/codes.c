/* codes.c - the code table of codes.def as data, with lookups by number and by name. */
#include <string.h>
#include <esespec/codes.h>

static const espec_code code_table[] = {
#define ESE_CODE(name, value, category) {#name, (value), #category},
#include <ese/codes.def>
#undef ESE_CODE
};

size_t espec_code_count(void)
{
    return sizeof code_table / sizeof code_table[0];
}

const espec_code *espec_code_at(size_t i)
{
    return i < espec_code_count() ? &code_table[i] : NULL;
}

const espec_code *espec_code_by_value(JET_ERR value)
{
    for (size_t i = 0; i < espec_code_count(); i++)
        if (code_table[i].value == value)
            return &code_table[i];
    return NULL;
}

const espec_code *espec_code_by_name(const char *name)
{
    if (name == NULL)
        return NULL;
    for (size_t i = 0; i < espec_code_count(); i++)
        if (strcmp(code_table[i].name, name) == 0)
            return &code_table[i];
    return NULL;
}

const char *espec_code_name(JET_ERR value)
{
    const espec_code *code = espec_code_by_value(value);
    return code ? code->name : "unknown code";
}
