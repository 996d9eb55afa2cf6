/* groups.h - declares each group's table function (groups.def). */
#ifndef REF_TESTS_GROUPS_H
#define REF_TESTS_GROUPS_H
#include <stddef.h>
#define REF_TEST_GROUP(name) const struct CMUnitTest *tests_##name(size_t *count);
#include "groups.def"
#undef REF_TEST_GROUP
/* Ends a group file: returns its table. */
#define REF_GROUP_TABLE(name, table)                                  \
    const struct CMUnitTest *tests_##name(size_t *count)             \
    {                                                                 \
        *count = sizeof(table) / sizeof((table)[0]);                  \
        return table;                                                 \
    }
#endif
