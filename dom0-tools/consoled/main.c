/* SPDX-License-Identifier: MIT */
/*
 * domus-consoled [OPTIONS]: the console daemon (consoled.h). Dom0's init
 * starts it after xenstored; it connects to xenstore and sets its watches
 * before it forks into the background, so when the command returns every
 * domain introduced from then on gets its console served.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "consoled.h"
#include "libdomus.h"
#include "log.h"

struct options {
    const char *log_path, *log_dir, *pid_path;
    size_t log_limit;
    bool foreground;
};

static volatile int stopping;

static void on_signal(int sig)
{
    stopping = sig;
}

static void usage(FILE *f)
{
    fprintf(f,
            "usage: domus-consoled [OPTIONS]\n"
            "  -l, --log FILE        the daemon's own log (default: standard error)\n"
            "  -d, --log-dir DIR     where console-<id>.log files go (default " CONSOLED_LOG_DIR
            ")\n"
            "  -L, --log-limit BYTES a console log starts again past this size (default %u;\n"
            "                        0: no limit)\n"
            "  -F, --foreground      do not become a daemon\n"
            "  -p, --pid-file FILE   write the daemon's pid to FILE\n"
            "  -h, --help            this text\n",
            CONSOLED_LOG_LIMIT);
}

/* 0 to go on, -1 done (help), else the exit status. */
static int parse(int argc, char **argv, struct options *o)
{
    static const struct option longs[] = {
        {"log", required_argument, NULL, 'l'},
        {"log-dir", required_argument, NULL, 'd'},
        {"log-limit", required_argument, NULL, 'L'},
        {"foreground", no_argument, NULL, 'F'},
        {"pid-file", required_argument, NULL, 'p'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int c;
    char *end;
    while ((c = getopt_long(argc, argv, "l:d:L:Fp:h", longs, NULL)) != -1) {
        switch (c) {
        case 'l': o->log_path = optarg; break;
        case 'd': o->log_dir = optarg; break;
        case 'L':
            errno = 0;
            o->log_limit = strtoul(optarg, &end, 10);
            if (errno || end == optarg || *end || optarg[0] == '-') {
                fprintf(stderr, "domus-consoled: bad log limit '%s'\n", optarg);
                usage(stderr);
                return 2;
            }
            break;
        case 'F': o->foreground = true; break;
        case 'p': o->pid_path = optarg; break;
        case 'h': usage(stdout); return -1;
        default: usage(stderr); return 2;
        }
    }
    if (optind != argc) {
        fprintf(stderr, "domus-consoled: unexpected argument '%s'\n", argv[optind]);
        usage(stderr);
        return 2;
    }
    return 0;
}

/* A reason not to start: on standard error and in the log. */
static int cannot_start(const char *what, const char *why)
{
    fprintf(stderr, "domus-consoled: %s: %s\n", what, why);
    cd_log("cannot start: %s: %s", what, why);
    return 1;
}

static int setup(struct consoled *d, const struct options *o)
{
    d->log_dir = o->log_dir;
    d->log_limit = o->log_limit;
    clock_gettime(CLOCK_MONOTONIC, &d->last_check);
    if (mkdir(o->log_dir, 0755) < 0 && errno != EEXIST)
        return cannot_start(o->log_dir, strerror(errno));
    d->privcmd_fd = domus_privcmd_open();
    if (d->privcmd_fd < 0)
        return cannot_start("/dev/xen/privcmd", strerror(-d->privcmd_fd));
    d->evtchn_fd = domus_evtchn_open();
    if (d->evtchn_fd < 0)
        return cannot_start("/dev/xen/evtchn", strerror(-d->evtchn_fd));
    fcntl(d->evtchn_fd, F_SETFL, fcntl(d->evtchn_fd, F_GETFL) | O_NONBLOCK);
    int rc = discover_start(d);
    if (rc < 0)
        return cannot_start("xenstore (" XSC_DEVICE ")", strerror(-rc));
    return 0;
}

int main(int argc, char **argv)
{
    struct options o = {.log_dir = CONSOLED_LOG_DIR, .log_limit = CONSOLED_LOG_LIMIT};
    int rc = parse(argc, argv, &o);
    if (rc)
        return rc < 0 ? 0 : rc;
    rc = cd_log_open(o.log_path);
    if (rc < 0) {
        fprintf(stderr, "domus-consoled: %s: %s\n", o.log_path, strerror(-rc));
        return 1;
    }
    cd_log("domus-consoled starting (pid %d)", (int)getpid());
    signal(SIGPIPE, SIG_IGN);
    signal(SIGTERM, on_signal);
    signal(SIGINT, on_signal);

    static struct consoled d;
    if ((rc = setup(&d, &o)))
        return rc;
    if (!o.foreground && (rc = domus_daemonize("domus-consoled", o.pid_path)) < 0) {
        fprintf(stderr, "domus-consoled: fork: %s\n", strerror(-rc));
        return 1;
    }
    if (o.foreground && o.pid_path)
        domus_write_pid(o.pid_path, getpid());
    cd_log("serving (pid %d)", (int)getpid());
    discover_scan(&d);
    rc = consoled_serve(&d, &stopping);
    if (stopping)
        cd_log("stopping on signal %d", stopping);
    while (d.consoles)
        console_detach(&d, d.consoles, "the console daemon is stopping");
    xsc_close(&d.xs);
    return rc;
}
