/* SPDX-License-Identifier: MIT */
/*
 * The self-test's report: one line per check, "PASS <name>" or
 * "FAIL <name>: <why>", and a summary line at the end.
 */
#ifndef DOMUS_SELFTEST_CHECK_H
#define DOMUS_SELFTEST_CHECK_H

#include <stdbool.h>

/* Reports check name as passed if ok, else failed with the formatted
 * reason. Returns ok. */
bool check(bool ok, const char *name, const char *why_fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* A check that a call returned want (0, a count, or -errno). */
bool check_rc(const char *name, long got, long want);

/* Prints "selftest: N passed, M failed"; returns the exit status. */
int check_summary(void);

/* Text for a result: "0", "-22 (Invalid argument)". Static buffer. */
const char *rc_str(long rc);

#endif
