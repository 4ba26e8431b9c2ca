/* SPDX-License-Identifier: MIT */
/*
 * xenstore: reads and changes xenstore from dom0's shell. By default it
 * goes through the kernel's /dev/xen/xenbus, so each request travels the
 * real path: kernel, ring, xenstored. -s talks to xenstored's socket.
 */
#include <stdarg.h>
#include <string.h>

#include "cmd.h"

static const struct command commands[] = {
    {"read", cmd_read, "PATH...", "print the values"},
    {"write", cmd_write, "PATH VALUE...", "set values (pairs), creating nodes"},
    {"ls", cmd_ls, "[-p] [PATH]", "the tree under PATH (default /) with values (-p: permissions)"},
    {"rm", cmd_rm, "PATH...", "remove nodes and everything under them"},
    {"mkdir", cmd_mkdir, "PATH...", "create nodes (existing ones are kept)"},
    {"exists", cmd_exists, "PATH...", "exit status 0 if all exist, 1 if not"},
    {"chmod", cmd_chmod, "PATH PERM...", "set permissions: owner first, e.g. n0 r5 (n r w b)"},
    {"perms", cmd_perms, "PATH...", "print the permissions"},
    {"watch", cmd_watch, "[-n N] [-t SECS] PATH", "print changed paths (N events, SECS timeout)"},
    {"control", cmd_control, "COMMAND [ARG...]", "xenstored's own commands (help lists them)"},
    {"raw", cmd_raw, "[-t TX] [-l LEN] [-x] TYPE [ARG...]",
     "send one message (ARGs NUL-terminated, -x: not the last), print the reply"},
    {"session", cmd_session, "",
     "run commands from standard input on one connection, with "
     "begin/commit/abort transactions"},
};
#define NR_COMMANDS (sizeof(commands) / sizeof(commands[0]))

const struct command *cmd_find(const char *name)
{
    for (size_t i = 0; i < NR_COMMANDS; i++) {
        if (!strcmp(name, commands[i].name))
            return &commands[i];
    }
    return NULL;
}

static void usage(FILE *f)
{
    fprintf(f, "usage: xenstore [-s] COMMAND [ARGS]\n"
               "  -s  talk to xenstored's socket (" XSC_SOCKET ") instead of " XSC_DEVICE "\n\n"
               "commands:\n");
    for (size_t i = 0; i < NR_COMMANDS; i++)
        fprintf(f, "  %-8s %-22s %s\n", commands[i].name, commands[i].args, commands[i].what);
    fprintf(f, "\nexit status: 0 done, 1 refused or failed, 2 bad command line\n");
}

int cmd_usage(const char *name, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "xenstore %s: ", name);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    const struct command *c = cmd_find(name);
    fprintf(stderr, "\nusage: xenstore %s %s\n", name, c ? c->args : "");
    return EXIT_USAGE;
}

int main(int argc, char **argv)
{
    int arg = 1;
    bool socket = false;
    if (arg < argc && !strcmp(argv[arg], "-s")) {
        socket = true;
        arg++;
    }
    if (arg >= argc || !strcmp(argv[arg], "help") || !strcmp(argv[arg], "-h") ||
        !strcmp(argv[arg], "--help")) {
        usage(arg >= argc ? stderr : stdout);
        return arg >= argc ? EXIT_USAGE : EXIT_OK;
    }
    const struct command *cmd = cmd_find(argv[arg]);
    if (!cmd) {
        fprintf(stderr, "xenstore: unknown command '%s'\n", argv[arg]);
        usage(stderr);
        return EXIT_USAGE;
    }
    struct xsc c;
    int rc = xsc_open(&c, socket, NULL);
    if (rc < 0)
        return cmd_fail(cmd->name, socket ? XSC_SOCKET : XSC_DEVICE, rc);
    struct cmd_env e = {.c = &c, .tx = 0};
    rc = cmd->run(&e, argc - arg, argv + arg);
    xsc_close(&c);
    return rc;
}
