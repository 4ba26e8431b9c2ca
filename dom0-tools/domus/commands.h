/* SPDX-License-Identifier: MIT */
/*
 * The domus subcommands. Each gets its own arguments (argv[0] is the
 * subcommand's name) and returns the exit status: 0 done, 1 the hypervisor
 * or the kernel refused, 2 bad command line.
 */
#ifndef DOMUS_COMMANDS_H
#define DOMUS_COMMANDS_H

#include "xen/xen.h"

int cmd_info(int argc, char **argv);
int cmd_dmesg(int argc, char **argv);
int cmd_hcstats(int argc, char **argv);
int cmd_create(int argc, char **argv);
int cmd_list(int argc, char **argv);
int cmd_destroy(int argc, char **argv);
int cmd_pause(int argc, char **argv);
int cmd_unpause(int argc, char **argv);
int cmd_console(int argc, char **argv);
int cmd_shutdown(int argc, char **argv);

/* Destroys dom (waiting while it answers -EAGAIN), forgets its name and
 * removes it from xenstore: 0, or the exit status after saying why not
 * (lifecycle.c; also domus shutdown). */
int domain_destroy(int privcmd, const char *cmd, domid_t dom);

/* Attaches this terminal to domain dom's console until Ctrl-]; the exit
 * status (console.c; also domus create -c). */
int console_attach(domid_t dom);

/* Prints "domus <cmd>: <message>" on stderr; returns status. */
int cmd_error(int status, const char *cmd, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Opens privcmd, or says why not (returns -1). */
int cmd_privcmd(const char *cmd);

#endif
