/* vars.c - binding and expanding scenario variables. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "vars.h"

/* Returns the length of the identifier at p (letters, digits, _; not starting with a digit). */
static size_t ident_len(const char *p)
{
    size_t n = 0;
    if (!isalpha((unsigned char)p[0]) && p[0] != '_')
        return 0;
    while (isalnum((unsigned char)p[n]) || p[n] == '_')
        n++;
    return n;
}

/* Returns 1 when text is $ident followed by [$ident] or [digits] groups only. */
int vars_is_variable(const char *text)
{
    if (text == NULL || text[0] != '$')
        return 0;
    size_t n = ident_len(text + 1);
    if (n == 0)
        return 0;
    const char *p = text + 1 + n;
    while (*p == '[') {
        p++;
        if (*p == '$') {
            size_t k = ident_len(p + 1);
            if (k == 0)
                return 0;
            p += 1 + k;
        } else {
            size_t k = strspn(p, "0123456789");
            if (k == 0)
                return 0;
            p += k;
        }
        if (*p++ != ']')
            return 0;
    }
    return *p == '\0';
}

/* Returns 1 and the value of index `name` (length len) when in force, else 0. */
static int index_lookup(const esc_index_env *env, const char *name, size_t len, long long *value)
{
    for (size_t i = env ? env->count : 0; i-- > 0;)
        if (strlen(env->items[i].name) == len && strncmp(env->items[i].name, name, len) == 0) {
            *value = env->items[i].value;
            return 1;
        }
    return 0;
}

/* Writes a repeat index (never negative) in decimal: cheaper than snprintf, which a long
 * repeat would call once per variable per iteration. */
static void format_index(char *out, long long value)
{
    char digits[24];
    size_t n = 0;
    unsigned long long v = value < 0 ? 0 : (unsigned long long)value;
    do {
        digits[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v > 0);
    for (size_t i = 0; i < n; i++)
        out[i] = digits[n - 1 - i];
    out[n] = '\0';
}

/* Returns 1 with the expanded name in out, 0 with a message. */
int vars_expand(const char *written, const esc_index_env *env, char *out, size_t size, char *err,
                size_t errsize)
{
    if (!vars_is_variable(written)) {
        snprintf(err, errsize, "\"%s\" is not a variable ($name or $name[$index])", written);
        return 0;
    }
    size_t used = 0;
    for (const char *p = written; *p != '\0';) {
        char piece[ESC_VAR_NAME_MAX];
        if (p != written && p[0] == '$') {
            size_t k = ident_len(p + 1);
            long long value;
            if (!index_lookup(env, p + 1, k, &value)) {
                snprintf(err, errsize, "index $%.*s of %s is not a repeat index in force", (int)k,
                         p + 1, written);
                return 0;
            }
            format_index(piece, value);
            p += 1 + k;
        } else {
            piece[0] = *p++;
            piece[1] = '\0';
        }
        size_t n = strlen(piece);
        if (used + n + 1 > size) {
            snprintf(err, errsize, "variable name %s is too long", written);
            return 0;
        }
        memcpy(out + used, piece, n + 1);
        used += n;
    }
    return 1;
}

/* Returns 1 and the value when written is "$<index in force>". */
int vars_index_value(const char *written, const esc_index_env *env, long long *value)
{
    if (written == NULL || written[0] != '$')
        return 0;
    size_t k = ident_len(written + 1);
    return k > 0 && written[1 + k] == '\0' && index_lookup(env, written + 1, k, value);
}

/* Returns the FNV-1a hash of name. */
static size_t name_hash(const char *name)
{
    size_t h = 14695981039346656037u;
    for (const unsigned char *p = (const unsigned char *)name; *p != '\0'; p++)
        h = (h ^ *p) * 1099511628211u;
    return h;
}

/* Returns the slot that holds name, or the empty slot where it would go. */
static size_t find_slot(const esc_vars *vars, const char *name)
{
    size_t mask = vars->nslots - 1, slot = name_hash(name) & mask;
    while (vars->slots[slot] != 0 && strcmp(vars->items[vars->slots[slot] - 1].name, name) != 0)
        slot = (slot + 1) & mask;
    return slot;
}

/* Returns nothing; doubles the slots (at least 64) and places every variable again. */
static void grow_slots(esc_vars *vars)
{
    free(vars->slots);
    vars->nslots = vars->nslots ? vars->nslots * 2 : 64;
    vars->slots = calloc(vars->nslots, sizeof *vars->slots);
    if (vars->slots == NULL)
        abort();
    for (size_t i = 0; i < vars->count; i++)
        vars->slots[find_slot(vars, vars->items[i].name)] = (uint32_t)(i + 1);
}

/* Returns the variable called name, or NULL. */
esc_var *vars_find(const esc_vars *vars, const char *name)
{
    if (vars->nslots == 0)
        return NULL;
    uint32_t position = vars->slots[find_slot(vars, name)];
    return position ? &vars->items[position - 1] : NULL;
}

/* Returns 1 when name is bound. */
int vars_is_bound(const esc_vars *vars, const char *name)
{
    const esc_var *v = vars_find(vars, name);
    return v != NULL && v->bound;
}

/* Returns 1 when bound now, 0 when it was bound already; exits when memory runs out. */
int vars_bind(esc_vars *vars, const char *name, uint64_t value, const char *text)
{
    esc_var *v = vars_find(vars, name);
    if (v != NULL && v->bound)
        return 0;
    if (v == NULL) {
        if (vars->count == vars->cap) {
            size_t cap = vars->cap ? vars->cap * 2 : 16;
            esc_var *items = realloc(vars->items, cap * sizeof *items);
            if (items == NULL)
                abort();
            vars->items = items;
            vars->cap = cap;
        }
        if (2 * (vars->count + 1) > vars->nslots)
            grow_slots(vars);
        size_t slot = find_slot(vars, name);
        v = &vars->items[vars->count];
        memset(v, 0, sizeof *v);
        v->name = strdup(name);
        if (v->name == NULL)
            abort();
        vars->slots[slot] = (uint32_t)++vars->count;
    }
    v->bound = 1;
    v->value = value;
    v->is_string = text != NULL;
    v->text = text ? strdup(text) : NULL;
    return 1;
}

/* Returns nothing; the table is empty afterwards. */
void vars_free(esc_vars *vars)
{
    for (size_t i = 0; i < vars->count; i++) {
        free(vars->items[i].name);
        free(vars->items[i].text);
    }
    free(vars->items);
    free(vars->slots);
    memset(vars, 0, sizeof *vars);
}
