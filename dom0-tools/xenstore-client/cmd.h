/* SPDX-License-Identifier: MIT */
/* The xenstore command's subcommands and what they share. */
#ifndef XSC_CMD_H
#define XSC_CMD_H

#include <stdint.h>
#include <stdio.h>

#include "xsc.h"

/* Exit statuses. */
#define EXIT_OK    0
#define EXIT_FAIL  1 /* xenstored or the kernel refused, or no connection */
#define EXIT_USAGE 2 /* bad command line */

/* Where a subcommand runs: the connection and the transaction (0: none). */
struct cmd_env {
    struct xsc *c;
    uint32_t tx;
};

struct command {
    const char *name;
    int (*run)(struct cmd_env *e, int argc, char **argv); /* argv[0]: the name */
    const char *args;
    const char *what;
};

const struct command *cmd_find(const char *name);
/* Prints "xenstore NAME: WHAT: ENAME (description)"; returns EXIT_FAIL. */
int cmd_fail(const char *name, const char *what, int err);
/* Prints the message and NAME's usage line; returns EXIT_USAGE. */
int cmd_usage(const char *name, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Writes bytes with anything unprintable (and '\\', and '"' if quoted)
 * as an escape. */
void cmd_print_escaped(FILE *f, const char *s, size_t len, int quoted);

int cmd_read(struct cmd_env *e, int argc, char **argv);
int cmd_write(struct cmd_env *e, int argc, char **argv);
int cmd_rm(struct cmd_env *e, int argc, char **argv);
int cmd_mkdir(struct cmd_env *e, int argc, char **argv);
int cmd_exists(struct cmd_env *e, int argc, char **argv);
int cmd_ls(struct cmd_env *e, int argc, char **argv);
int cmd_chmod(struct cmd_env *e, int argc, char **argv);
int cmd_perms(struct cmd_env *e, int argc, char **argv);
int cmd_watch(struct cmd_env *e, int argc, char **argv);
int cmd_raw(struct cmd_env *e, int argc, char **argv);
int cmd_control(struct cmd_env *e, int argc, char **argv);
int cmd_session(struct cmd_env *e, int argc, char **argv);

#endif
