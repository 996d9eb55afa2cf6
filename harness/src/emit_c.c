/*
 * emit_c.c - the reproducer of a divergence as a standalone C program: the parts that depend on
 * the plan and the reference's trace. The fixed parts (storage, observation, threads, main) are
 * the lines of emit_c_runtime.c; the order of the file is
 *   top comment, prelude, function pointers, TITLE/REFERENCE/PROFILE, variables, codes, threads,
 *   helpers, step functions, the steps table, resolve_all, main.
 */
#include <stdlib.h>
#include <string.h>
#include <esespec/codes.h>
#include "args.h"
#include "emit_c.h"
#include "emit_c_runtime.h"

/* The C type of each argument kind, as argkinds.def spells it. */
static const char *const ctype_of[] = {
#define ESE_ARGKIND(kind, ctype, json, shape) [ESPEC_ARG_##kind] = #ctype,
#include <ese/argkinds.def>
#undef ESE_ARGKIND
};

/* How the program reads an argument back after the call (the runtime's OUT_* names). */
static const char *const out_class_name[] = {"OUT_NONE", "OUT_HANDLE", "OUT_VALUE32", "OUT_VALUE64",
                                             "OUT_TEXT", "OUT_HANDLE32"};
enum { CLASS_NONE, CLASS_HANDLE, CLASS_VALUE32, CLASS_VALUE64, CLASS_TEXT, CLASS_HANDLE32 };

/* The runtime's OBS_* names, in esc_obs_kind order. */
static const char *const obs_name[] = {"OBS_NONE", "OBS_UNCHANGED", "OBS_ZERO", "OBS_NIL", "OBS_NEW",
                                       "OBS_SAME", "OBS_VALUE", "OBS_TEXT", "OBS_UNTERMINATED", "OBS_GUARD"};

typedef struct {
    FILE *out;                   /* where the program goes */
    const esc_plan *plan;        /* its calls */
    const esc_trace *trace;      /* the reference's codes and outputs */
    size_t nsteps;               /* steps written: those the reference recorded, and the next */
    const char **threads;        /* distinct thread names, in order of first use */
    size_t nthreads;
} emitter;

/* Returns nothing; writes lines, each followed by a newline. */
static void write_lines(FILE *out, const char *const *lines)
{
    for (size_t i = 0; lines[i] != NULL; i++)
        fprintf(out, "%s\n", lines[i]);
}

/* Returns nothing; writes text as a C string literal (octal escapes for anything unprintable). */
static void write_literal(FILE *out, const char *text)
{
    fputc('"', out);
    for (const unsigned char *p = (const unsigned char *)text; *p != '\0'; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(out, "\\%c", *p);
        else if (*p < 0x20 || *p >= 0x7F || *p == '?') /* '?': no trigraphs */
            fprintf(out, "\\%03o", *p);
        else
            fputc(*p, out);
    }
    fputc('"', out);
}

/* Returns nothing; writes text for a comment: no line breaks, no end of comment. */
static void write_comment_text(FILE *out, const char *text)
{
    for (const char *p = text; *p != '\0'; p++) {
        if (*p == '\n' || *p == '\r')
            fputc(' ', out);
        else if (*p == '*' && p[1] == '/')
            fputs("* ", out);
        else
            fputc(*p, out);
    }
}

/* Returns nothing; writes the C name of a variable family: V<index>_<name>. */
static void write_var(emitter *e, uint32_t family)
{
    fprintf(e->out, "V%u_", family);
    for (const char *p = e->plan->families[family]; *p != '\0'; p++)
        fputc((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ? *p : '_',
              e->out);
}

/* Returns 1 when every step is a call and no argument is a repeat's index. */
static int plan_is_flat(const esc_plan *plan)
{
    for (size_t k = 0; k < plan->nsteps; k++) {
        if (plan->steps[k].is_repeat || plan->steps[k].call == NULL)
            return 0;
        for (int i = 0; i < plan->steps[k].call->arity; i++)
            if (plan->steps[k].args[i].type == PLAN_ARG_INDEX)
                return 0;
    }
    return 1;
}

/* Returns how the program reads argument i of a step back (CLASS_*). */
static int out_class(const plan_step *st, int i)
{
    if (st->args[i].type == PLAN_ARG_NULLPTR || !args_is_output(st->call->args[i].kind))
        return CLASS_NONE;
    switch (espec_argkind_shape(st->call->args[i].kind)) {
    case ESPEC_SHAPE_OUT_NUMBER32: return CLASS_VALUE32;
    case ESPEC_SHAPE_OUT_NUMBER64: return CLASS_VALUE64;
    case ESPEC_SHAPE_OUT_STRING: return CLASS_TEXT;
    case ESPEC_SHAPE_OUT_HANDLE32: return CLASS_HANDLE32;
    default: return CLASS_HANDLE;
    }
}

/* Returns nothing; writes the top comment and the program's fixed beginning. */
static void write_header(emitter *e, const char *title, const char *reference_name, const char *file_name)
{
    fputs("/*\n * ", e->out);
    write_comment_text(e->out, title);
    fputs("\n *\n * Written by esecheck explore. The codes and outputs this program expects are what the\n"
          " * reference library (", e->out);
    write_comment_text(e->out, reference_name);
    fputs(") returned for the same calls, not what the\n"
          " * contract (spec/) says: a difference is a divergence between the two libraries.\n *\n"
          " * Build: cc -I spec/include -o repro ", e->out);
    write_comment_text(e->out, file_name != NULL ? file_name : "THIS_FILE.c");
    fputs(" -ldl -lpthread\n"
          " * Run:   ./repro path/to/libese.so\n"
          " * Exit:  1 at the first step that differs from the reference, crashes or hangs (a call\n"
          " *        still running after 10 s, or $REPRO_TIMEOUT seconds): reproduced; 0 when none\n"
          " *        does; 2 when the library does not load or lacks a function.\n */\n", e->out);
    fprintf(e->out, "#define MAX_ARGS %d /* arguments of the widest function */\n", ESPEC_MAX_ARGS);
    write_lines(e->out, emit_c_prelude);
}

/* Returns 1 when call is made by one of the first k steps. */
static int called_before(const emitter *e, size_t k, const esc_call *call)
{
    for (size_t j = 0; j < k; j++)
        if (e->plan->steps[j].call == call)
            return 1;
    return 0;
}

/* Returns nothing; writes a pointer type and a pointer for each function the steps call. */
static void write_functions(emitter *e)
{
    fputs("\n/* --- the functions the steps call, resolved by resolve_all() ------------------------------- */\n\n", e->out);
    for (size_t k = 0; k < e->nsteps; k++) {
        const esc_call *call = e->plan->steps[k].call;
        if (called_before(e, k, call))
            continue;
        fprintf(e->out, "typedef JET_ERR (*fn_%s)(", call->name);
        for (int i = 0; i < call->arity; i++)
            fprintf(e->out, "%s%s", i ? ", " : "", ctype_of[call->args[i].kind]);
        fprintf(e->out, "%s);\nstatic fn_%s p_%s;\n", call->arity ? "" : "void", call->name, call->name);
    }
}

/* Returns nothing; writes TITLE, REFERENCE, PROFILE and the variables. */
static void write_variables(emitter *e, espec_profile profile, const char *title, const char *reference_name)
{
    fputs("\n#define TITLE ", e->out);
    write_literal(e->out, title);
    fputs("\n#define REFERENCE ", e->out);
    write_literal(e->out, reference_name);
    fprintf(e->out, "\n#define PROFILE %uu /* told to a library with ref's hooks: 1 esent, 0 documented */\n",
            profile == ESPEC_PROFILE_ESENT ? 1u : 0u);
    fputs("\n/* The scenario's variables: bound when a call that writes one returns a code >= 0. */\nenum { ", e->out);
    for (size_t v = 0; v < e->plan->nfamilies; v++) {
        write_var(e, (uint32_t)v);
        fputs(", ", e->out);
    }
    fputs("NVARS };\nstatic variable vars[NVARS + 1] = {\n", e->out);
    if (e->plan->nfamilies == 0)
        fputs("    {.name = NULL}, /* none (ISO C has no empty initializer) */\n", e->out);
    for (size_t v = 0; v < e->plan->nfamilies; v++) {
        char name[ESC_VAR_NAME_MAX + 1];
        snprintf(name, sizeof name, "$%s", e->plan->families[v]);
        fputs("    {.name = ", e->out);
        write_literal(e->out, name);
        fputs("},\n", e->out);
    }
    fputs("};\n", e->out);
}

/* Returns 1 when rc is among the first n codes of trace (capped at its count). */
static int code_in(const esc_trace *trace, size_t n, JET_ERR rc)
{
    for (size_t k = 0; trace != NULL && k < n && k < trace->count; k++)
        if (trace->steps[k].rc == rc)
            return 1;
    return 0;
}

/* Returns nothing; writes the names of the codes the reference (and the target) returned. */
static void write_codes(emitter *e, const esc_trace *target)
{
    size_t n = 0;
    const esc_trace *traces[2] = {e->trace, target};
    fputs("\n/* The codes the program prints, by name (spec/include/ese/codes.def). */\n"
          "static const code_name_entry codes[] = {\n", e->out);
    for (int w = 0; w < 2; w++)
        for (size_t k = 0; traces[w] != NULL && k < traces[w]->count && k < e->nsteps; k++) {
            JET_ERR rc = traces[w]->steps[k].rc;
            if (code_in(traces[w], k, rc) || (w == 1 && code_in(e->trace, e->nsteps, rc)))
                continue;
            fprintf(e->out, "    {%d, \"%s\"},\n", (int)rc, espec_code_name(rc));
            n++;
        }
    fprintf(e->out, "    {0, NULL}\n};\n#define NCODES %zu\n", n);
}

/* Returns the worker index of a thread name, adding it when new. */
static int thread_index(emitter *e, const char *name)
{
    for (size_t t = 0; t < e->nthreads; t++)
        if (strcmp(e->threads[t], name) == 0)
            return (int)t;
    e->threads[e->nthreads] = name;
    return (int)e->nthreads++;
}

/* Returns nothing; writes the named threads (workers), in order of first use. */
static void write_workers(emitter *e)
{
    for (size_t k = 0; k < e->nsteps; k++)
        if (e->plan->steps[k].thread != NULL)
            thread_index(e, e->plan->steps[k].thread);
    fprintf(e->out, "\n/* The named threads: each makes its steps' calls, the same thread every time. */\n"
                    "#define NWORKERS %zu\nstatic worker workers[NWORKERS + 1] = {\n", e->nthreads);
    if (e->nthreads == 0)
        fputs("    {.name = NULL}, /* none (ISO C has no empty initializer) */\n", e->out);
    for (size_t t = 0; t < e->nthreads; t++) {
        fputs("    {.name = ", e->out);
        write_literal(e->out, e->threads[t]);
        fputs("},\n", e->out);
    }
    fputs("};\n", e->out);
}

/* Returns nothing; writes a constant argument of a kind as a C expression of the kind's type. */
static void write_const(emitter *e, espec_argkind kind, const plan_arg *a)
{
    const char *ctype = ctype_of[kind];
    espec_argshape shape = espec_argkind_shape(kind);
    if (shape == ESPEC_SHAPE_INOUT_HANDLE || shape == ESPEC_SHAPE_IN_PHANDLE)
        ctype = "JET_API_PTR"; /* the value in the cell the pointer points to */
    if (a->value < 1000000)
        fprintf(e->out, "(%s)%llu", ctype, (unsigned long long)a->value);
    else
        fprintf(e->out, "(%s)0x%llxull", ctype, (unsigned long long)a->value);
    if (a->written == ESC_VAL_NIL)
        fputs(" /* nil */", e->out);
    else if (a->written == ESC_VAL_GARBAGE)
        fputs(" /* garbage */", e->out);
}

/* Returns nothing; writes helper(i, V) for a variable argument. */
static void write_var_call(emitter *e, const char *helper, int i, const plan_arg *a)
{
    fprintf(e->out, "%s(%d, ", helper, i);
    write_var(e, a->var.family);
    fputc(')', e->out);
}

/* Returns nothing; writes argument i of step k as the expression the call is made with. */
static void write_arg(emitter *e, size_t k, int i)
{
    const plan_step *st = &e->plan->steps[k];
    const plan_arg *a = &st->args[i];
    espec_argkind kind = st->call->args[i].kind;
    espec_argshape shape = espec_argkind_shape(kind);
    int is_var = a->type == PLAN_ARG_VAR;
    if (a->type == PLAN_ARG_NULLPTR) {
        fputs("NULL", e->out);
        return;
    }
    switch (shape) {
    case ESPEC_SHAPE_OUT_HANDLE:
    case ESPEC_SHAPE_OUT_NUMBER64: fprintf(e->out, "(%s)out_cell(%d)", ctype_of[kind], i); return;
    case ESPEC_SHAPE_OUT_HANDLE32:
    case ESPEC_SHAPE_OUT_NUMBER32: fprintf(e->out, "(%s)out_cell32(%d)", ctype_of[kind], i); return;
    case ESPEC_SHAPE_OUT_STRING:
        fprintf(e->out, "out_buffer(%d, ", i);
        if (i + 1 < st->call->arity)
            write_arg(e, k, i + 1); /* its size is the next argument, as in the harness */
        else
            fputc('0', e->out);
        fputc(')', e->out);
        return;
    case ESPEC_SHAPE_SETSYSPARAMS: fprintf(e->out, "params_%zu_%d", k, i); return;
    case ESPEC_SHAPE_STRING:
        fputs(a->tmpdir ? "with_tmpdir(" : "", e->out);
        write_literal(e->out, a->text != NULL ? a->text : "");
        fputs(a->tmpdir ? ")" : "", e->out);
        return;
    case ESPEC_SHAPE_INOUT_HANDLE:
    case ESPEC_SHAPE_IN_PHANDLE:
        if (is_var)
            write_var_call(e, shape == ESPEC_SHAPE_INOUT_HANDLE ? "inout_cell" : "in_cell", i, a);
        else {
            fprintf(e->out, "cell(%d, ", i);
            write_const(e, kind, a);
            fputc(')', e->out);
        }
        return;
    default:
        if (is_var)
            write_var_call(e, "in_value", i, a);
        else
            write_const(e, kind, a);
        return;
    }
}

/* Returns nothing; writes "name=value" for each argument of step k, for a comment. */
static void write_arg_comment(emitter *e, const plan_step *st)
{
    for (int i = 0; i < st->call->arity; i++) {
        const plan_arg *a = &st->args[i];
        fprintf(e->out, "%s%s=", i ? ", " : "", st->call->args[i].name);
        if (a->type == PLAN_ARG_VAR)
            fprintf(e->out, "$%s", e->plan->families[a->var.family]);
        else if (a->type == PLAN_ARG_NULLPTR)
            fputs("null", e->out);
        else if (a->type == PLAN_ARG_STRING) {
            fputc('"', e->out);
            write_comment_text(e->out, a->text != NULL ? a->text : "");
            fputc('"', e->out);
        } else if (a->type == PLAN_ARG_PARAMS)
            fprintf(e->out, "[%zu entries]", a->nparams);
        else if (a->written == ESC_VAL_NIL || a->written == ESC_VAL_GARBAGE)
            fputs(a->written == ESC_VAL_NIL ? "nil" : "garbage", e->out);
        else
            fprintf(e->out, "%llu", (unsigned long long)a->value);
    }
}

/* Returns nothing; writes the setsysparams arrays of step k (with spare zeroed entries). */
static void write_params(emitter *e, size_t k)
{
    const plan_step *st = &e->plan->steps[k];
    for (int i = 0; i < st->call->arity; i++) {
        const plan_arg *a = &st->args[i];
        if (a->type != PLAN_ARG_PARAMS)
            continue;
        fprintf(e->out, "static JET_SETSYSPARAM_A params_%zu_%d[%zu + 16] = {\n", k, i, a->nparams);
        for (size_t j = 0; j < a->nparams; j++) {
            fprintf(e->out, "    {.paramid = %u, .lParam = 0x%llxull, .sz = ", a->params[j].paramid,
                    (unsigned long long)a->params[j].lParam);
            if (a->params[j].sz == NULL || a->tmpdir)
                fputs("NULL", e->out); /* with $TMPDIR: filled in by the step */
            else
                write_literal(e->out, a->params[j].sz);
            fputs("},\n", e->out);
        }
        fputs("};\n", e->out);
    }
}

/* Returns nothing; writes the function that makes step k's call. */
static void write_step_function(emitter *e, size_t k)
{
    const plan_step *st = &e->plan->steps[k];
    write_params(e, k);
    fprintf(e->out, "\n/* %s: %s(", st->pointer, st->call->name);
    write_arg_comment(e, st);
    fputs(")", e->out);
    if (st->thread != NULL) {
        fputs(" on thread ", e->out);
        write_comment_text(e->out, st->thread);
    }
    fprintf(e->out, " */\nstatic JET_ERR step_%zu(void)\n{\n", k);
    for (int i = 0; i < st->call->arity; i++)
        for (size_t j = 0; st->args[i].type == PLAN_ARG_PARAMS && st->args[i].tmpdir && j < st->args[i].nparams; j++)
            if (st->args[i].params[j].sz != NULL) {
                fprintf(e->out, "    params_%zu_%d[%zu].sz = with_tmpdir(", k, i, j);
                write_literal(e->out, st->args[i].params[j].sz);
                fputs(");\n", e->out);
            }
    fprintf(e->out, "    return p_%s(", st->call->name);
    for (int i = 0; i < st->call->arity; i++) {
        fputs(i ? ", " : "", e->out);
        write_arg(e, k, i);
    }
    fputs(");\n}\n", e->out);
}

/* Returns nothing; writes what the reference's argument held, as an obs initializer. */
static void write_obs(emitter *e, const esc_obs *o)
{
    uint8_t kind = o->kind <= ESC_OBS_GUARD ? o->kind : ESC_OBS_NONE;
    fprintf(e->out, "{%s, ", obs_name[kind]);
    if (kind == ESC_OBS_SAME)
        write_var(e, o->same);
    else
        fputs("-1", e->out);
    fprintf(e->out, ", 0x%llxull, ", kind == ESC_OBS_VALUE ? (unsigned long long)o->value : 0ull);
    if (kind == ESC_OBS_TEXT) {
        char text[ESC_OBS_TEXT_MAX];
        snprintf(text, sizeof text, "%s", o->text);
        write_literal(e->out, text);
    } else
        fputs("NULL", e->out);
    fputc('}', e->out);
}

/* Returns nothing; writes step k's row of the steps table. */
static void write_step_row(emitter *e, size_t k)
{
    const plan_step *st = &e->plan->steps[k];
    const esc_trace_step *t = k < e->trace->count ? &e->trace->steps[k] : NULL;
    int arity = st->call->arity;
    fputs("    {.pointer = ", e->out);
    write_literal(e->out, st->pointer != NULL ? st->pointer : "");
    fprintf(e->out, ", .call = \"%s\", .thread = %d, .run = step_%zu,\n", st->call->name,
            st->thread != NULL ? thread_index(e, st->thread) : -1, k);
    if (t != NULL)
        fprintf(e->out, "     .has_reference = 1, .rc = %d /* %s */, .unbound = 0x%xu,\n", (int)t->rc,
                espec_code_name(t->rc), t->unbound);
    if (arity > 0) { /* ISO C has no empty initializer: a call without arguments leaves them out */
        fputs("     .argname = {", e->out);
        for (int i = 0; i < arity; i++)
            fprintf(e->out, "%s\"%s\"", i ? ", " : "", st->call->args[i].name);
        fputs("},\n     .out = {", e->out);
        for (int i = 0; i < arity; i++)
            fprintf(e->out, "%s%s", i ? ", " : "", out_class_name[out_class(st, i)]);
        fputs("},\n", e->out);
    }
    fputs("     .binds = {", e->out);
    for (int i = 0; i < ESPEC_MAX_ARGS; i++) {
        fputs(i ? ", " : "", e->out);
        if (i < arity && st->args[i].type == PLAN_ARG_VAR && out_class(st, i) != CLASS_NONE)
            write_var(e, st->args[i].var.family);
        else
            fputs("-1", e->out);
    }
    fputs("}", e->out);
    if (t != NULL && arity > 0) {
        fputs(",\n     .want = {", e->out);
        for (int i = 0; i < arity; i++) {
            fputs(i ? ", " : "", e->out);
            write_obs(e, &t->out[i]);
        }
        fputs("}", e->out);
    }
    fputs("},\n", e->out);
}

/* Returns nothing; writes the step functions, the steps table and resolve_all(). */
static void write_steps(emitter *e)
{
    fputs("\n/* --- the steps ---------------------------------------------------------------------------- */\n", e->out);
    for (size_t k = 0; k < e->nsteps; k++)
        write_step_function(e, k);
    fprintf(e->out, "\n#define NSTEPS %zu\nstatic const step steps[NSTEPS + 1] = {\n", e->nsteps);
    if (e->nsteps == 0)
        fputs("    {.pointer = NULL}, /* none (ISO C has no empty initializer) */\n", e->out);
    for (size_t k = 0; k < e->nsteps; k++)
        write_step_row(e, k);
    fputs("};\n\n/* Returns 1 when every function the steps call was found. */\n"
          "static int resolve_all(void *lib)\n{\n", e->out);
    for (size_t k = 0; k < e->nsteps; k++) {
        const esc_call *call = e->plan->steps[k].call;
        if (!called_before(e, k, call))
            fprintf(e->out, "    if ((*(void **)&p_%s = resolve(lib, \"%s\", %d)) == NULL)\n        return 0;\n",
                    call->name, call->name, call->has_ansi_alias);
    }
    fputs("    return 1;\n}\n\n", e->out);
}

int emit_c_with(FILE *out, const esc_plan *plan, const esc_trace *reference,
                const emit_c_options *options, const char *title, const char *reference_name)
{
    emit_c_options none = {.profile = ESPEC_PROFILE_DOCUMENTED, .target = NULL};
    if (options == NULL)
        options = &none;
    if (!plan_is_flat(plan))
        return 0;
    emitter e = {.out = out, .plan = plan, .trace = reference};
    e.nsteps = reference->count < plan->nsteps ? reference->count + 1 : plan->nsteps;
    e.threads = calloc(e.nsteps + 1, sizeof *e.threads);
    if (e.threads == NULL)
        return 0;
    write_header(&e, title, reference_name, options->file_name);
    write_functions(&e);
    write_variables(&e, options->profile, title, reference_name);
    write_codes(&e, options->target);
    write_workers(&e);
    fputc('\n', out);
    write_lines(out, emit_c_helpers);
    write_steps(&e);
    write_lines(out, emit_c_main);
    free(e.threads);
    return fflush(out) == 0 && !ferror(out);
}

int emit_c(FILE *out, const esc_plan *plan, const esc_trace *reference, const char *title,
           const char *reference_name)
{
    return emit_c_with(out, plan, reference, NULL, title, reference_name);
}
