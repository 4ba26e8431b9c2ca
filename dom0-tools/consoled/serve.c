/* SPDX-License-Identifier: MIT */
/*
 * The daemon's poll loop: the event channels (one file for all consoles),
 * the xenstore connection (watch events), and the terminal of every
 * console whose ring has room for input. Any wake-up serves every console
 * (there are few): a domain's output is taken whether or not its own
 * event is among those that fired, so nothing waits for a lost one.
 */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>

#include "consoled.h"
#include "libdomus.h"
#include "log.h"

static long ms_since(const struct timespec *t)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (now.tv_sec - t->tv_sec) * 1000 + (now.tv_nsec - t->tv_nsec) / 1000000;
}

static size_t count_consoles(const struct consoled *d)
{
    size_t n = 0;
    for (const struct console *c = d->consoles; c; c = c->next)
        n++;
    return n;
}

int consoled_serve(struct consoled *d, volatile int *stopping)
{
    int status = 0;
    while (!*stopping) {
        size_t room = 2 + count_consoles(d);
        struct pollfd *fds = calloc(room, sizeof(*fds));
        if (!fds) {
            cd_log("out of memory");
            return 1;
        }
        nfds_t n = 0;
        fds[n++] = (struct pollfd){.fd = d->evtchn_fd, .events = POLLIN};
        fds[n++] = (struct pollfd){.fd = d->xs_failed ? -1 : d->xs.fd, .events = POLLIN};
        for (struct console *c = d->consoles; c; c = c->next) {
            if (console_wants_input(c))
                fds[n++] = (struct pollfd){.fd = c->pty.master, .events = POLLIN};
        }
        long wait = CONSOLED_CHECK_MS - ms_since(&d->last_check);
        int rc = poll(fds, n, wait < 0 ? 0 : (int)wait);
        bool events = rc > 0 && (fds[0].revents & POLLIN);
        free(fds);
        if (rc < 0 && errno != EINTR) {
            cd_log("poll: %s", strerror(errno));
            status = 1;
            break;
        }
        if (events) {
            uint32_t ports[64];
            int got = domus_evtchn_pending(d->evtchn_fd, ports, 64);
            if (got < 0)
                cd_log("reading /dev/xen/evtchn: %s", strerror(-got));
        }
        discover_events(d);
        struct console *c = d->consoles;
        while (c) {
            struct console *next = c->next;
            console_serve(d, c);
            c = next;
        }
        if (ms_since(&d->last_check) >= CONSOLED_CHECK_MS) {
            clock_gettime(CLOCK_MONOTONIC, &d->last_check);
            discover_check_alive(d);
        }
    }
    return status;
}
