/* SPDX-License-Identifier: MIT */
/* domus: the dom0 toolstack's command, xl-style subcommands. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "libdomus.h"

struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *args;
    const char *what;
};

static const struct command commands[] = {
    {"info", cmd_info, "", "the hypervisor, the machine and dom0"},
    {"dmesg", cmd_dmesg, "", "the hypervisor's log"},
    {"hcstats", cmd_hcstats, "[DOMID]", "hypercalls issued by a domain (default 0), by number"},
    {"create", cmd_create, "[-n] [-p] [-c] [-v] [--dtb-out FILE] CFG [KEY=VALUE...]",
     "build a domain from an xl-style configuration (-n: dry run, print the plan; -c: attach "
     "to its console)"},
    {"list", cmd_list, "", "the domains, as xl list shows them"},
    {"destroy", cmd_destroy, "ID|NAME", "tear a domain down"},
    {"pause", cmd_pause, "ID|NAME", "stop a domain's vCPUs"},
    {"unpause", cmd_unpause, "ID|NAME", "let them run again"},
    {"shutdown", cmd_shutdown, "[-t SECS] ID|NAME",
     "ask it to power off, wait, then act on on_poweroff (destroy)"},
    {"console", cmd_console, "ID|NAME", "attach this terminal to its console (Ctrl-] detaches)"},
};
#define NR_COMMANDS (sizeof(commands) / sizeof(commands[0]))

/* "  NAME ARGS" in a 24-column field, then what it does (on a line of its
 * own when NAME ARGS is wider). */
static void usage_line(FILE *f, const char *name, const char *args, const char *what)
{
    char head[96];
    snprintf(head, sizeof(head), "%s%s%s", name, args[0] ? " " : "", args);
    if (strlen(head) < 22)
        fprintf(f, "  %-22s %s\n", head, what);
    else
        fprintf(f, "  %s\n  %-22s %s\n", head, "", what);
}

static void usage(FILE *f)
{
    fprintf(f, "usage: domus COMMAND [ARGS]\n\ncommands:\n");
    for (size_t i = 0; i < NR_COMMANDS; i++)
        usage_line(f, commands[i].name, commands[i].args, commands[i].what);
    usage_line(f, "help", "", "this text");
}

int cmd_error(int status, const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "domus %s: ", cmd);
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\n");
    va_end(ap);
    return status;
}

int cmd_privcmd(const char *cmd)
{
    int fd = domus_privcmd_open();
    if (fd < 0) {
        cmd_error(1, cmd, "cannot open /dev/xen/privcmd: %s (is this dom0 under Domus?)",
                  strerror(-fd));
        return -1;
    }
    return fd;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stdout);
        return 0;
    }
    const char *name = argv[1];
    if (!strcmp(name, "help") || !strcmp(name, "-h") || !strcmp(name, "--help")) {
        usage(stdout);
        return 0;
    }
    for (size_t i = 0; i < NR_COMMANDS; i++) {
        if (!strcmp(name, commands[i].name))
            return commands[i].run(argc - 1, argv + 1);
    }
    fprintf(stderr, "domus: unknown command '%s'\n", name);
    usage(stderr);
    return 2;
}
