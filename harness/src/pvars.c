/* pvars.c - the variables of a running plan. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "pvars.h"

pvar_key *pvars_key(const plan_var *var, const long long *iters, pvar_key *key)
{
    key->family = var->family;
    key->nidx = var->nidx;
    for (uint32_t k = 0; k < var->nidx; k++)
        key->idx[k] = var->idx[k].depth >= 0 ? iters[var->idx[k].depth] : var->idx[k].literal;
    return key;
}

/* Returns 1 when two keys name the same variable. */
static int same_key(const pvar_key *a, const pvar_key *b)
{
    if (a->family != b->family || a->nidx != b->nidx)
        return 0;
    for (uint32_t k = 0; k < a->nidx; k++)
        if (a->idx[k] != b->idx[k])
            return 0;
    return 1;
}

/* Returns a hash of the key (FNV-1a over its numbers). */
static size_t key_hash(const pvar_key *key)
{
    uint64_t h = 14695981039346656037u ^ key->family;
    for (uint32_t k = 0; k < key->nidx; k++)
        h = (h ^ (uint64_t)key->idx[k]) * 1099511628211u;
    return (size_t)(h ^ (h >> 29));
}

/* Returns the slot holding key, or the empty slot where it would go. */
static size_t find_slot(const pvars *vars, const pvar_key *key)
{
    size_t mask = vars->nslots - 1, slot = key_hash(key) & mask;
    while (vars->table[slot] != NULL && !same_key(&vars->table[slot]->key, key))
        slot = (slot + 1) & mask;
    return slot;
}

pvar *pvars_get(const pvars *vars, const pvar_key *key)
{
    if (key->nidx == 0)
        return key->family < vars->nscalars && vars->scalars[key->family].bound
                   ? &vars->scalars[key->family] : NULL;
    if (vars->nslots == 0)
        return NULL;
    return vars->table[find_slot(vars, key)];
}

/* Returns nothing; doubles the table (at least 64 slots) and places every variable again. */
static void grow(pvars *vars)
{
    pvar **old = vars->table;
    size_t n = vars->nslots;
    vars->nslots = n ? 2 * n : 64;
    vars->table = calloc(vars->nslots, sizeof *vars->table);
    if (vars->table == NULL)
        abort();
    for (size_t i = 0; i < n; i++)
        if (old[i] != NULL)
            vars->table[find_slot(vars, &old[i]->key)] = old[i];
    free(old);
}

/* Returns the number of cells of block b: PVARS_FIRST_BLOCK, doubling up to PVARS_BLOCK. A
 * scenario with a few indexed variables then clears 1.7 kB, not 27 (7 pages, each a fault in
 * the forked child that runs it). */
static size_t block_cells(size_t b)
{
    return b >= 4 ? PVARS_BLOCK : (size_t)PVARS_FIRST_BLOCK << b;
}

/* Returns the cell for key, made when new (exits when memory runs out). */
static pvar *cell_for(pvars *vars, const pvar_key *key)
{
    if (key->nidx == 0) {
        if (key->family >= vars->nscalars) {
            size_t n = key->family + 16;
            vars->scalars = realloc(vars->scalars, n * sizeof *vars->scalars);
            if (vars->scalars == NULL)
                abort();
            memset(vars->scalars + vars->nscalars, 0, (n - vars->nscalars) * sizeof *vars->scalars);
            vars->nscalars = n;
        }
        return &vars->scalars[key->family];
    }
    if (2 * (vars->count + 1) > vars->nslots)
        grow(vars);
    size_t slot = find_slot(vars, key);
    if (vars->table[slot] == NULL) {
        if (vars->nblocks == 0 || vars->used == block_cells(vars->nblocks - 1)) {
            vars->blocks = realloc(vars->blocks, (vars->nblocks + 1) * sizeof *vars->blocks);
            if (vars->blocks == NULL ||
                (vars->blocks[vars->nblocks] = calloc(block_cells(vars->nblocks), sizeof **vars->blocks)) == NULL)
                abort();
            vars->nblocks++;
            vars->used = 0;
        }
        vars->table[slot] = &vars->blocks[vars->nblocks - 1][vars->used++];
        vars->count++;
    }
    return vars->table[slot];
}

/* Returns the slot of the value index holding value, or the empty slot where it would go. */
static size_t value_slot(const pvar_value *table, size_t nslots, uint64_t value)
{
    uint64_t h = (value ^ (value >> 31)) * 0x9E3779B97F4A7C15u;
    size_t mask = nslots - 1, slot = (size_t)(h >> 17) & mask;
    while (table[slot].used && table[slot].value != value)
        slot = (slot + 1) & mask;
    return slot;
}

/* Returns nothing; notes value's first family in the value index (grown at half full). */
static void index_value(pvars *vars, uint64_t value, uint32_t family)
{
    if (2 * (vars->nvalues + 1) > vars->nvslots) {
        pvar_value *old = vars->by_value;
        size_t n = vars->nvslots;
        vars->nvslots = n ? 2 * n : 64;
        vars->by_value = calloc(vars->nvslots, sizeof *vars->by_value);
        if (vars->by_value == NULL)
            abort();
        for (size_t i = 0; i < n; i++)
            if (old[i].used)
                vars->by_value[value_slot(vars->by_value, vars->nvslots, old[i].value)] = old[i];
        free(old);
    }
    pvar_value *v = &vars->by_value[value_slot(vars->by_value, vars->nvslots, value)];
    if (!v->used) {
        *v = (pvar_value){value, family, 1};
        vars->nvalues++;
    }
}

int pvars_first_with(const pvars *vars, uint64_t value, uint32_t *family)
{
    if (vars->nvslots == 0)
        return 0;
    const pvar_value *v = &vars->by_value[value_slot(vars->by_value, vars->nvslots, value)];
    *family = v->family;
    return (int)v->used;
}

int pvars_bind(pvars *vars, const pvar_key *key, uint64_t value, const char *text)
{
    pvar *v = cell_for(vars, key);
    if (v->bound)
        return 0;
    v->key = *key;
    v->bound = 1;
    v->value = value;
    v->is_string = text != NULL;
    v->text = text ? strdup(text) : NULL;
    v->order = ++vars->next_order;
    if (text == NULL)
        index_value(vars, value, key->family);
    return 1;
}

int pvars_each(const pvars *vars, int (*fn)(void *ctx, const pvar *v), void *ctx)
{
    int r = 0;
    for (size_t i = 0; i < vars->nscalars && r == 0; i++)
        if (vars->scalars[i].bound)
            r = fn(ctx, &vars->scalars[i]);
    for (size_t i = 0; i < vars->nslots && r == 0; i++)
        if (vars->table[i] != NULL)
            r = fn(ctx, vars->table[i]);
    return r;
}

char *pvars_name(const esc_plan *plan, const pvar_key *key, char *out, size_t size)
{
    size_t n = (size_t)snprintf(out, size, "$%s", plan->families[key->family]);
    for (uint32_t k = 0; k < key->nidx && n < size; k++)
        n += (size_t)snprintf(out + n, size - n, "[%lld]", key->idx[k]);
    return out;
}

void pvars_free(pvars *vars)
{
    for (size_t i = 0; i < vars->nscalars; i++)
        free(vars->scalars[i].text);
    for (size_t i = 0; i < vars->nslots; i++)
        if (vars->table[i] != NULL)
            free(vars->table[i]->text);
    for (size_t b = 0; b < vars->nblocks; b++)
        free(vars->blocks[b]);
    free(vars->blocks);
    free(vars->scalars);
    free(vars->table);
    free(vars->by_value);
    memset(vars, 0, sizeof *vars);
}
