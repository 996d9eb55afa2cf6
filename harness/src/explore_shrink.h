/*
 * explore_shrink.h - a diverging generated sequence reduced to a minimal one with the same
 * signature (the function, the reference's outcome, the target's): delta debugging over the
 * steps, then simpler arguments (0 for numbers and handles, an earlier variable of the same
 * handle type for an input variable, the main thread for thread steps).
 */
#ifndef ESC_EXPLORE_SHRINK_H
#define ESC_EXPLORE_SHRINK_H

#include "explore_gen.h"
#include "explore_run.h"

typedef struct {
    explore_runner *runner;      /* runs each candidate on both sides */
    char signature[192];         /* what must stay */
    size_t runs;                 /* candidates tried */
} explore_shrinker;

/* Shrinks plan, whose first difference is *first, into out (free with explore_shrunk_free);
 * out's last step is where it diverges. Returns nothing. */
void explore_shrink(explore_shrinker *sh, const esc_plan *plan, const explore_diff *first,
                    esc_plan *out);

/* Frees a plan made by explore_shrink; returns nothing. */
void explore_shrunk_free(esc_plan *p);

#endif /* ESC_EXPLORE_SHRINK_H */
