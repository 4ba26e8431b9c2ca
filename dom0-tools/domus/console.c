/* SPDX-License-Identifier: MIT */
/*
 * domus console ID|NAME (and domus create -c): attaches this terminal to a
 * domain's console, like xl console. The console daemon (domus-consoled)
 * serves the domain's PV console ring on a pseudo-terminal and writes its
 * path to xenstore (console/tty); we open that terminal, put our own in
 * raw mode and copy bytes both ways until Ctrl-] is typed (detach), our
 * input ends, or the console goes away (the domain is gone).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "commands.h"
#include "domain_arg.h"
#include "libdomus.h"
#include "registry.h"
#include "xsc.h"

#define ESCAPE_CHAR 0x1d  /* Ctrl-] */
#define TTY_WAIT_MS 10000 /* for the console daemon to take a new domain */
#define TTY_POLL_MS 100

static volatile sig_atomic_t stop_signal;

static void on_signal(int sig)
{
    stop_signal = sig;
}

/* The path of dom's console terminal into tty[size], waiting a while for
 * the console daemon to fill it in. 0, or the exit status after saying
 * why not. */
static int find_tty(const char *cmd, domid_t dom, char *tty, size_t size)
{
    struct xsc xs;
    int rc = xsc_open(&xs, false, NULL);
    if (rc < 0)
        return cmd_error(1, cmd, "cannot reach xenstore (" XSC_DEVICE "): %s", strerror(-rc));
    char path[64];
    snprintf(path, sizeof(path), "/local/domain/%u/console/tty", dom);
    int status = -1;
    for (int waited = 0; status < 0; waited += TTY_POLL_MS) {
        char *v;
        rc = xsc_read(&xs, 0, path, &v);
        if (rc == -ENOENT) {
            status = cmd_error(1, cmd, "domain %u has no console in xenstore (%s)", dom, path);
        } else if (rc < 0) {
            status = cmd_error(1, cmd, "xenstore read %s: %s", path, strerror(-rc));
        } else {
            if (v[0] && strlen(v) < size) {
                snprintf(tty, size, "%s", v);
                status = 0;
            }
            free(v);
        }
        if (status < 0 && waited >= TTY_WAIT_MS)
            status = cmd_error(1, cmd,
                               "the console daemon has not taken domain %u's console (is "
                               "domus-consoled running? see /var/log/domus/consoled.log)",
                               dom);
        if (status < 0) {
            struct timespec t = {0, TTY_POLL_MS * 1000000L};
            nanosleep(&t, NULL);
        }
    }
    xsc_close(&xs);
    return status;
}

/* Writes all of buf to fd (blocking). false if fd is gone. */
static bool put_all(int fd, const char *buf, size_t len)
{
    while (len) {
        ssize_t n = write(fd, buf, len);
        if (n < 0 && (errno == EINTR || errno == EAGAIN)) {
            struct pollfd p = {.fd = fd, .events = POLLOUT};
            poll(&p, 1, 100);
            continue;
        }
        if (n <= 0)
            return false;
        buf += n;
        len -= (size_t)n;
    }
    return true;
}

enum end { DETACHED, INPUT_ENDED, CONSOLE_CLOSED, STOPPED };

/* Copies both ways until one of the ends. */
static enum end relay(int tty)
{
    char buf[4096];
    while (!stop_signal) {
        struct pollfd p[2] = {{.fd = STDIN_FILENO, .events = POLLIN},
                              {.fd = tty, .events = POLLIN}};
        if (poll(p, 2, -1) < 0) {
            if (errno == EINTR)
                continue;
            return CONSOLE_CLOSED;
        }
        if (p[1].revents & (POLLIN | POLLHUP | POLLERR)) {
            ssize_t n = read(tty, buf, sizeof(buf));
            if (n <= 0 && !(n < 0 && (errno == EAGAIN || errno == EINTR)))
                return CONSOLE_CLOSED; /* EIO: the daemon closed it */
            if (n > 0 && !put_all(STDOUT_FILENO, buf, (size_t)n))
                return INPUT_ENDED;
        }
        if (p[0].revents & (POLLIN | POLLHUP | POLLERR)) {
            ssize_t n = read(STDIN_FILENO, buf, sizeof(buf));
            if (n == 0 || (n < 0 && errno != EINTR && errno != EAGAIN))
                return INPUT_ENDED;
            if (n < 0)
                continue;
            char *esc = memchr(buf, ESCAPE_CHAR, (size_t)n);
            size_t keep = esc ? (size_t)(esc - buf) : (size_t)n;
            if (keep && !put_all(tty, buf, keep))
                return CONSOLE_CLOSED;
            if (esc)
                return DETACHED;
        }
    }
    return STOPPED;
}

int console_attach(domid_t dom)
{
    char tty_path[128], name[128];
    int status = find_tty("console", dom, tty_path, sizeof(tty_path));
    if (status)
        return status;
    if (registry_name(dom, name, sizeof(name)) < 0)
        snprintf(name, sizeof(name), "domain %u", dom);
    int tty = open(tty_path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
    if (tty < 0)
        return cmd_error(1, "console", "cannot open domain %u's console %s: %s", dom, tty_path,
                         strerror(errno));
    fprintf(stderr, "domus console: attached to %s (id %u) on %s; Ctrl-] detaches\n", name, dom,
            tty_path);
    struct termios saved, raw;
    bool is_tty = tcgetattr(STDIN_FILENO, &saved) == 0;
    if (is_tty) {
        raw = saved;
        cfmakeraw(&raw);
        tcsetattr(STDIN_FILENO, TCSANOW, &raw);
    }
    struct sigaction sa = {.sa_handler = on_signal};
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    enum end end = relay(tty);
    if (is_tty)
        tcsetattr(STDIN_FILENO, TCSANOW, &saved);
    close(tty);
    if (end != INPUT_ENDED)
        fputc('\n', stderr); /* the domain's last line may not have ended */
    switch (end) {
    case DETACHED: fprintf(stderr, "domus console: detached from %s\n", name); return 0;
    case INPUT_ENDED: return 0;
    case CONSOLE_CLOSED:
        return cmd_error(1, "console",
                         "%s's console closed (the domain is gone, or the console daemon dropped "
                         "it: see /var/log/domus/consoled.log)",
                         name);
    case STOPPED:
    default: return cmd_error(1, "console", "stopped by signal %d", (int)stop_signal);
    }
}

int cmd_console(int argc, char **argv)
{
    if (argc < 2)
        return cmd_error(2, "console", "which domain? (usage: domus console ID|NAME)");
    if (argc > 2)
        return cmd_error(2, "console", "unexpected argument '%s'", argv[2]);
    int privcmd = cmd_privcmd("console");
    if (privcmd < 0)
        return 1;
    domid_t dom;
    int status = domain_find(privcmd, "console", argv[1], &dom);
    close(privcmd);
    return status ? status : console_attach(dom);
}
