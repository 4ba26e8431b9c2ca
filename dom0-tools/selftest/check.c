/* SPDX-License-Identifier: MIT */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "check.h"

static unsigned int passed, failed;

bool check(bool ok, const char *name, const char *why_fmt, ...)
{
    if (ok) {
        printf("PASS %s\n", name);
        passed++;
    } else {
        va_list ap;
        va_start(ap, why_fmt);
        printf("FAIL %s: ", name);
        vprintf(why_fmt, ap);
        printf("\n");
        va_end(ap);
        failed++;
    }
    /* Lines must reach the console even if we crash dom0 next. */
    fflush(stdout);
    return ok;
}

const char *rc_str(long rc)
{
    static char buf[80];
    if (rc < 0)
        snprintf(buf, sizeof(buf), "%ld (%s)", rc, strerror((int)-rc));
    else
        snprintf(buf, sizeof(buf), "%ld", rc);
    return buf;
}

bool check_rc(const char *name, long got, long want)
{
    char want_s[80];
    snprintf(want_s, sizeof(want_s), "%s", rc_str(want));
    return check(got == want, name, "returned %s, expected %s", rc_str(got), want_s);
}

int check_summary(void)
{
    printf("selftest: %u passed, %u failed\n", passed, failed);
    fflush(stdout);
    return failed == 0 && passed > 0 ? 0 : 1;
}
