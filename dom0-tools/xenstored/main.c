/* SPDX-License-Identifier: MIT */
/*
 * xenstored: the xenstore daemon of Domus's dom0. It serves dom0's own
 * kernel through the ring the kernel set up at boot, the domains the
 * toolstack introduces through theirs, and dom0's tools through a Unix
 * socket, all from one poll loop. docs/xenstore.md has the design.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core.h"
#include "dom0_ring.h"
#include "domain_map.h"
#include "libdomus.h"
#include "log.h"
#include "socket.h"
#include "serve.h"
#include "util.h"

#define LOG_LIMIT_DEFAULT (4U << 20)

struct options {
    const char *log_path;
    const char *pid_path;
    const char *socket_path;
    bool foreground, trace, dom0_ring;
    struct xs_quota quota;
};

static volatile sig_atomic_t stopping;

static void on_signal(int sig)
{
    stopping = sig;
}

static void usage(FILE *f)
{
    fprintf(f, "usage: xenstored [OPTIONS]\n"
               "  -l, --log FILE        log to FILE (default: standard error)\n"
               "  -T, --trace           log every request and reply\n"
               "  -F, --foreground      do not become a daemon\n"
               "  -p, --pid-file FILE   write the daemon's pid to FILE\n"
               "  -s, --socket PATH     the tools' socket (default " XS_SOCKET_PATH ")\n"
               "  -S, --no-socket       no socket\n"
               "  -N, --no-dom0-ring    do not serve dom0's kernel (testing)\n"
               "  -Q, --quota NAME=N    nodes, watches, transactions, value-size, permissions,\n"
               "                        outstanding, transaction-nodes, events\n"
               "  -h, --help            this text\n");
}

static bool set_quota(struct xs_quota *q, const char *arg)
{
    static const struct {
        const char *name;
        size_t offset;
    } names[] = {
        {"nodes", offsetof(struct xs_quota, nodes)},
        {"watches", offsetof(struct xs_quota, watches)},
        {"transactions", offsetof(struct xs_quota, transactions)},
        {"value-size", offsetof(struct xs_quota, value_size)},
        {"permissions", offsetof(struct xs_quota, perms)},
        {"outstanding", offsetof(struct xs_quota, outstanding)},
        {"transaction-nodes", offsetof(struct xs_quota, tx_nodes)},
        {"events", offsetof(struct xs_quota, events)},
    };
    const char *eq = strchr(arg, '=');
    uint64_t v;
    if (!eq || !xs_parse_uint(eq + 1, UINT32_MAX, &v) || v == 0)
        return false;
    for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
        if (strlen(names[i].name) == (size_t)(eq - arg) && !strncmp(arg, names[i].name, eq - arg)) {
            *(unsigned int *)((char *)q + names[i].offset) = (unsigned int)v;
            return true;
        }
    }
    return false;
}

/* 0 to go on, else the exit status. */
static int parse(int argc, char **argv, struct options *o)
{
    static const struct option longs[] = {
        {"log", required_argument, NULL, 'l'},    {"trace", no_argument, NULL, 'T'},
        {"foreground", no_argument, NULL, 'F'},   {"pid-file", required_argument, NULL, 'p'},
        {"socket", required_argument, NULL, 's'}, {"no-socket", no_argument, NULL, 'S'},
        {"no-dom0-ring", no_argument, NULL, 'N'}, {"quota", required_argument, NULL, 'Q'},
        {"help", no_argument, NULL, 'h'},         {NULL, 0, NULL, 0},
    };
    int c;
    while ((c = getopt_long(argc, argv, "l:TFp:s:SNQ:h", longs, NULL)) != -1) {
        switch (c) {
        case 'l': o->log_path = optarg; break;
        case 'T': o->trace = true; break;
        case 'F': o->foreground = true; break;
        case 'p': o->pid_path = optarg; break;
        case 's': o->socket_path = optarg; break;
        case 'S': o->socket_path = NULL; break;
        case 'N': o->dom0_ring = false; break;
        case 'Q':
            if (!set_quota(&o->quota, optarg)) {
                fprintf(stderr, "xenstored: bad quota '%s'\n", optarg);
                usage(stderr);
                return 2;
            }
            break;
        case 'h': usage(stdout); return -1;
        default: usage(stderr); return 2;
        }
    }
    if (optind != argc) {
        fprintf(stderr, "xenstored: unexpected argument '%s'\n", argv[optind]);
        usage(stderr);
        return 2;
    }
    return 0;
}

/* A reason not to start: on standard error and in the log. */
static int cannot_start(const char *what, const char *why)
{
    fprintf(stderr, "xenstored: %s: %s\n", what, why);
    xs_log("cannot start: %s: %s", what, why);
    return 1;
}

/* dom0's ring first: a second xenstored fails there, before it could
 * take the first one's socket or VIRQ. */
static int setup(struct xs_daemon *d, const struct options *o)
{
    xs_core_init(&d->core, &o->quota);
    d->listen_fd = d->privcmd_fd = d->dom_exc_port = -1;
    clock_gettime(CLOCK_MONOTONIC, &d->last_check);
    d->evtchn_fd = domus_evtchn_open();
    if (d->evtchn_fd < 0)
        return cannot_start("/dev/xen/evtchn", strerror(-d->evtchn_fd));
    fcntl(d->evtchn_fd, F_SETFL, fcntl(d->evtchn_fd, F_GETFL) | O_NONBLOCK);
    xs_domain_map_init(&d->map, d->evtchn_fd);
    xs_core_set_domain_ops(&d->core, &xs_domain_map_ops, &d->map);
    if (o->dom0_ring) {
        char why[256];
        if (!xs_dom0_ring_attach(&d->core, d->evtchn_fd, why, sizeof(why)))
            return cannot_start("cannot serve dom0's kernel", why);
    }
    d->dom_exc_port = domus_evtchn_bind_virq(d->evtchn_fd, VIRQ_DOM_EXC);
    if (d->dom_exc_port < 0)
        xs_log("VIRQ_DOM_EXC unavailable (%s): checking domains every %d ms",
               strerror(-d->dom_exc_port), XS_DOMAIN_CHECK_MS);
    if (o->socket_path) {
        d->listen_fd = xs_socket_listen(o->socket_path);
        if (d->listen_fd < 0)
            return cannot_start(o->socket_path, strerror(-d->listen_fd));
    }
    return 0;
}

int main(int argc, char **argv)
{
    struct options o = {
        .socket_path = XS_SOCKET_PATH, .dom0_ring = true, .quota = XS_QUOTA_DEFAULT};
    int rc = parse(argc, argv, &o);
    if (rc)
        return rc < 0 ? 0 : rc;
    rc = xs_log_open(o.log_path, LOG_LIMIT_DEFAULT);
    if (rc < 0) {
        fprintf(stderr, "xenstored: %s: %s\n", o.log_path, strerror(-rc));
        return 1;
    }
    xs_log_set_trace(o.trace);
    xs_log("xenstored starting (pid %d)", (int)getpid());
    signal(SIGPIPE, SIG_IGN);
    signal(SIGTERM, on_signal);
    signal(SIGINT, on_signal);

    static struct xs_daemon d;
    if ((rc = setup(&d, &o)))
        return rc;
    if (!o.foreground && (rc = domus_daemonize("xenstored", o.pid_path)) < 0) {
        fprintf(stderr, "xenstored: fork: %s\n", strerror(-rc));
        return 1;
    }
    if (o.foreground && o.pid_path)
        domus_write_pid(o.pid_path, getpid());
    xs_log("serving (pid %d)", (int)getpid());
    rc = xs_serve(&d, &stopping);
    xs_core_fini(&d.core);
    if (o.socket_path)
        unlink(o.socket_path);
    return rc;
}
