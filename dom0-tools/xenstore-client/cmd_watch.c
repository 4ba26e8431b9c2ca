/* SPDX-License-Identifier: MIT */
/*
 * watch: sets a watch and prints the path of each event, one a line, the
 * first being the watched path itself (xenstored fires every new watch
 * once). -n N stops after N events, -t SECS gives up after SECS seconds
 * without one (exit status 1).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"

#define WATCH_TOKEN "xenstore-watch"

static bool number(const char *s, long *out)
{
    char *end;
    errno = 0;
    *out = strtol(s, &end, 10);
    return !errno && *s && !*end && *out > 0 && *out < 1000000;
}

int cmd_watch(struct cmd_env *e, int argc, char **argv)
{
    long count = -1, secs = -1;
    int i = 1;
    while (i < argc && argv[i][0] == '-') {
        if (!strcmp(argv[i], "-n") && i + 1 < argc) {
            if (!number(argv[i + 1], &count))
                return cmd_usage(argv[0], "-n needs a positive number, not '%s'", argv[i + 1]);
        } else if (!strcmp(argv[i], "-t") && i + 1 < argc) {
            if (!number(argv[i + 1], &secs))
                return cmd_usage(argv[0], "-t needs a positive number, not '%s'", argv[i + 1]);
        } else {
            return cmd_usage(argv[0], "unknown option '%s'", argv[i]);
        }
        i += 2;
    }
    if (argc - i != 1)
        return cmd_usage(argv[0], argc == i ? "no path" : "more than one path");
    const char *path = argv[i];
    const char *s[] = {path, WATCH_TOKEN};
    struct xsc_msg m;
    int rc = xsc_call(e->c, XS_WATCH, e->tx, s, 2, NULL, 0, &m);
    if (rc < 0)
        return cmd_fail(argv[0], path, rc);
    xsc_msg_free(&m);
    setvbuf(stdout, NULL, _IOLBF, 0);
    for (long seen = 0; count < 0 || seen < count; seen++) {
        rc = xsc_event(e->c, &m, secs < 0 ? -1 : (int)(secs * 1000));
        if (rc == -ETIMEDOUT) {
            fprintf(stderr, "xenstore watch: no event in %ld s\n", secs);
            return EXIT_FAIL;
        }
        if (rc < 0)
            return cmd_fail(argv[0], path, rc);
        printf("%s\n", m.body);
        xsc_msg_free(&m);
    }
    return EXIT_OK;
}
