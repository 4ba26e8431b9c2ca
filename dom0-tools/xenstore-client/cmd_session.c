/* SPDX-License-Identifier: MIT */
/*
 * session: commands from standard input, one a line (words split at
 * blanks, no quoting; '#' starts a comment), all on one connection, so
 * that a transaction can span several of them:
 *   begin            start a transaction; the commands that follow run in it
 *   commit           end it; a conflict with a change made meanwhile
 *                    prints EAGAIN (the changes are dropped)
 *   abort            end it, dropping its changes
 *   notx COMMAND...  run one command outside the open transaction
 * and any other subcommand but session. Each line's result is reported on
 * failure; the exit status is 1 if any line failed, 2 if any was malformed.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"

#define MAX_WORDS 64

static int begin(struct cmd_env *e)
{
    if (e->tx)
        return cmd_usage("session", "begin: a transaction is already open");
    const char *s[] = {""};
    struct xsc_msg m;
    int rc = xsc_call(e->c, XS_TRANSACTION_START, 0, s, 1, NULL, 0, &m);
    if (rc < 0)
        return cmd_fail("session", "begin", rc);
    e->tx = (uint32_t)strtoul(m.body, NULL, 10);
    xsc_msg_free(&m);
    return e->tx ? EXIT_OK : cmd_fail("session", "begin", -EPROTO);
}

static int end(struct cmd_env *e, bool commit)
{
    const char *what = commit ? "commit" : "abort";
    if (!e->tx)
        return cmd_usage("session", "%s: no transaction is open", what);
    const char *s[] = {commit ? "T" : "F"};
    struct xsc_msg m;
    int rc = xsc_call(e->c, XS_TRANSACTION_END, e->tx, s, 1, NULL, 0, &m);
    e->tx = 0; /* ended whatever the answer */
    if (rc < 0)
        return cmd_fail("session", what, rc);
    xsc_msg_free(&m);
    return EXIT_OK;
}

static int run_line(struct cmd_env *e, int argc, char **argv)
{
    if (!strcmp(argv[0], "begin") && argc == 1)
        return begin(e);
    if ((!strcmp(argv[0], "commit") || !strcmp(argv[0], "abort")) && argc == 1)
        return end(e, argv[0][0] == 'c');
    if (!strcmp(argv[0], "notx") && argc > 1) {
        struct cmd_env outside = {.c = e->c, .tx = 0};
        return run_line(&outside, argc - 1, argv + 1);
    }
    const struct command *cmd = cmd_find(argv[0]);
    if (!cmd || cmd->run == cmd_session)
        return cmd_usage("session", "unknown command '%s'", argv[0]);
    return cmd->run(e, argc, argv);
}

int cmd_session(struct cmd_env *e, int argc, char **argv)
{
    if (argc != 1)
        return cmd_usage(argv[0], "unexpected argument '%s'", argv[1]);
    char line[8192];
    int status = EXIT_OK;
    while (fgets(line, sizeof(line), stdin)) {
        char *hash = strchr(line, '#');
        if (hash)
            *hash = '\0';
        char *words[MAX_WORDS];
        int n = 0;
        for (char *w = strtok(line, " \t\r\n"); w && n < MAX_WORDS; w = strtok(NULL, " \t\r\n"))
            words[n++] = w;
        if (!n)
            continue;
        int rc = run_line(e, n, words);
        fflush(stdout);
        if (rc > status)
            status = rc;
    }
    if (e->tx) {
        fprintf(stderr, "xenstore session: transaction left open at the end: aborted\n");
        end(e, false);
        status = status > EXIT_FAIL ? status : EXIT_FAIL;
    }
    return status;
}
