/*
 * merge.h - esecheck merge: shard results (--shard K/N runs, written with --json) put back
 * together into the results of the whole run, refused when shards overlap, leave scenarios
 * out, or come from different runs (target, profile, selection).
 */
#ifndef ESC_MERGE_H
#define ESC_MERGE_H

#include <stdio.h>
#include <jansson.h>

/* Merges the n results objects (named by files, for messages) into one: the results in the
 * order of the whole selection, the summary counted again, the coverage tables joined.
 * Returns a new object, or NULL after printing every refusal to errs. */
json_t *merge_runs(json_t *const *runs, const char *const *files, size_t n, FILE *errs);

/* `esecheck merge [--json F] [--junit F] [--tap F] [--html F] [--catalogue F] FILE...`:
 * argv[0] is "merge". Returns the exit status: that of the whole run (0 or 1; 2 for an
 * ERROR), or 2 on a refusal or a usage error. */
int merge_main(int argc, char **argv, const char *program);

#endif /* ESC_MERGE_H */
