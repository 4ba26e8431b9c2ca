/*
 * A minimal unit-test framework for host tests of common/ code.
 * TEST(name) { ... } registers itself; CHECK(cond) records a failure and
 * continues; REQUIRE(cond) records and leaves the test.
 * The runner prints one line per failed check and ends with
 * "N passed, N failed" alone on the last line.
 */
#ifndef TESTS_UNIT_H
#define TESTS_UNIT_H

#include <stdio.h>

struct unit_test {
    const char *name;
    void (*fn)(void);
    struct unit_test *next;
};

void unit_register(struct unit_test *t);
void unit_fail(const char *file, int line, const char *expr);
extern int unit_current_failed;

#define TEST(name)                                                                                 \
    static void test_##name(void);                                                                 \
    static struct unit_test unit_##name = {#name, test_##name, 0};                                 \
    __attribute__((constructor)) static void unit_reg_##name(void)                                 \
    {                                                                                              \
        unit_register(&unit_##name);                                                               \
    }                                                                                              \
    static void test_##name(void)

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond))                                                                               \
            unit_fail(__FILE__, __LINE__, #cond);                                                  \
    } while (0)

#define REQUIRE(cond)                                                                              \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            unit_fail(__FILE__, __LINE__, #cond);                                                  \
            return;                                                                                \
        }                                                                                          \
    } while (0)

#endif
