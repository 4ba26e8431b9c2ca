/* Host unit-test runner: runs every registered TEST in name order. */
#include <stdlib.h>
#include <string.h>

#include "unit.h"

static struct unit_test *tests;
int unit_current_failed;
static const char *current_name;

void unit_register(struct unit_test *t)
{
    struct unit_test **p = &tests;
    while (*p && strcmp((*p)->name, t->name) < 0)
        p = &(*p)->next;
    t->next = *p;
    *p = t;
}

void unit_fail(const char *file, int line, const char *expr)
{
    printf("  FAIL %s: %s:%d: %s\n", current_name, file, line, expr);
    unit_current_failed = 1;
}

int main(int argc, char **argv)
{
    int passed = 0, failed = 0;
    const char *only = argc > 1 ? argv[1] : NULL;
    for (struct unit_test *t = tests; t; t = t->next) {
        if (only && !strstr(t->name, only))
            continue;
        current_name = t->name;
        unit_current_failed = 0;
        t->fn();
        if (unit_current_failed) {
            printf("not ok %s\n", t->name);
            failed++;
        } else {
            printf("ok %s\n", t->name);
            passed++;
        }
    }
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
