/* test_tmpdir.c - removing a scenario's temporary directory. */
#include <sys/stat.h>
#include "test_support.h"
#include "tmpdir.h"

/* Returns nothing; writes a small file at dir/rel. */
static void make_file(const char *dir, const char *rel)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, rel);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("x\n", f);
    assert_int_equal(fclose(f), 0);
}

/* Returns 1 when path exists (a link is not followed). */
static int exists(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0;
}

static void test_tmpdir_remove_removes_the_tree_not_what_links_name(void **state)
{
    (void)state;
    char dir[] = "/tmp/esecheck-test-tmpdir-XXXXXX", outside[] = "/tmp/esecheck-test-outside-XXXXXX";
    char path[512], kept[512];
    assert_non_null(mkdtemp(dir));
    assert_non_null(mkdtemp(outside));
    make_file(outside, "kept");
    snprintf(path, sizeof path, "%s/a", dir);
    assert_int_equal(mkdir(path, 0700), 0);
    snprintf(path, sizeof path, "%s/a/b", dir);
    assert_int_equal(mkdir(path, 0700), 0);
    make_file(dir, "top");
    make_file(dir, "a/f");
    make_file(dir, "a/b/g");
    snprintf(path, sizeof path, "%s/a/link", dir);
    assert_int_equal(symlink(outside, path), 0); /* removed itself; what it names is not */
    tmpdir_remove(dir);
    assert_false(exists(dir));
    snprintf(kept, sizeof kept, "%s/kept", outside);
    assert_true(exists(kept));
    tmpdir_remove(outside);
    assert_false(exists(outside));
}

static void test_tmpdir_remove_without_a_directory(void **state)
{
    (void)state;
    tmpdir_remove(NULL); /* mkdtemp failed */
    tmpdir_remove("");   /* no base directory was made */
    tmpdir_remove("/tmp/esecheck-test-tmpdir-never-made");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tmpdir_remove_removes_the_tree_not_what_links_name),
        cmocka_unit_test(test_tmpdir_remove_without_a_directory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
