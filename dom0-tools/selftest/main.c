/* SPDX-License-Identifier: MIT */
/*
 * domus-selftest: checks, from dom0's user space, the Xen interfaces that
 * the toolstack and backends depend on (grants, event channels,
 * xen_version, rejection of bad calls), and a small benchmark.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "selftest.h"

#define BENCH_DEFAULT 10000UL
#define BENCH_MAX     100000000UL

struct test {
    const char *name;
    void (*run)(void);
    const char *what;
};

static const struct test tests[] = {
    {"grant", selftest_grant, "grant a page to ourselves, map it and copy it"},
    {"evtchn", selftest_evtchn, "10,000 notifications through a loopback event channel"},
    {"xenver", selftest_xenver, "xen_version: 4.17, -domus, features"},
    {"badinput", selftest_badinput, "bad hypercalls fail and change nothing"},
    {"domu", selftest_domu, "build, run and destroy a test guest as a domU, four ways"},
};
#define NR_TESTS (sizeof(tests) / sizeof(tests[0]))

static void usage(FILE *f)
{
    fprintf(f, "usage: domus-selftest TEST\n       domus-selftest bench [N]\n\ntests:\n");
    for (size_t i = 0; i < NR_TESTS; i++)
        fprintf(f, "  %-9s %s\n", tests[i].name, tests[i].what);
    fprintf(f, "  %-9s all of the above\n", "all");
    fprintf(f,
            "  %-9s time N (default %lu) of each operation; prints "
            "\"bench NAME N TOTAL_NS NS_PER_OP\"\n",
            "bench", BENCH_DEFAULT);
    fprintf(f, "  %-9s time N (default 100) domain create+destroy and 16 MiB populate+decrease\n",
            "bench-domu");
}

static int bad_usage(const char *fmt, const char *arg)
{
    fprintf(stderr, "domus-selftest: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n");
    usage(stderr);
    return 2;
}

/* Parses a decimal count in [1, BENCH_MAX]; 0 if it is not one. */
static unsigned long parse_count(const char *s)
{
    char *end;
    errno = 0;
    if (*s < '0' || *s > '9')
        return 0;
    unsigned long n = strtoul(s, &end, 10);
    if (errno || *end || n == 0 || n > BENCH_MAX)
        return 0;
    return n;
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return bad_usage("%s", "which test?");
    const char *what = argv[1];
    if (!strcmp(what, "help") || !strcmp(what, "-h") || !strcmp(what, "--help")) {
        usage(stdout);
        return 0;
    }
    if (!strcmp(what, "bench-domu")) {
        unsigned long n = 100;
        if (argc > 3)
            return bad_usage("bench-domu: unexpected argument '%s'", argv[3]);
        if (argc == 3 && (n = parse_count(argv[2])) == 0)
            return bad_usage("bench-domu: N must be a number from 1 to 100000000, not '%s'",
                             argv[2]);
        return selftest_domu_bench(n);
    }
    if (!strcmp(what, "bench")) {
        unsigned long n = BENCH_DEFAULT;
        if (argc > 3)
            return bad_usage("bench: unexpected argument '%s'", argv[3]);
        if (argc == 3 && (n = parse_count(argv[2])) == 0)
            return bad_usage("bench: N must be a number from 1 to 100000000, not '%s'", argv[2]);
        return selftest_bench(n);
    }
    if (argc > 2)
        return bad_usage("unexpected argument '%s'", argv[2]);
    bool all = !strcmp(what, "all"), found = all;
    for (size_t i = 0; i < NR_TESTS; i++) {
        if (all || !strcmp(what, tests[i].name)) {
            tests[i].run();
            found = true;
        }
    }
    if (!found)
        return bad_usage("unknown test '%s'", what);
    return check_summary();
}
