/* SPDX-License-Identifier: MIT */
/*
 * Self-test "bench": the cost of dom0's ways into the hypervisor, timed
 * with CLOCK_MONOTONIC over n iterations each. Figures, not checks: one
 * line per operation, "bench <name> <n> <total_ns> <ns_per_op>".
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "evtchn_pair.h"
#include "grant_util.h"
#include "libdomus.h"
#include "selftest.h"
#include "xen/grant_table.h"
#include "xen/version.h"

#define EVENT_TIMEOUT_MS 5000

/* What one timed operation needs. */
struct bench_ctx {
    int privcmd;
    int gntdev;
    struct evtchn_pair ep;
    struct gref_page g;
    uint8_t *buf;
};

typedef int (*bench_op)(struct bench_ctx *c);

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static int op_getpid(struct bench_ctx *c)
{
    (void)c;
    return syscall(SYS_getpid) > 0 ? 0 : -EIO; /* the raw call: no caching */
}

static int op_xen_version(struct bench_ctx *c)
{
    long rc = domus_xen_version(c->privcmd, XENVER_version, NULL);
    return rc > 0 ? 0 : (int)rc;
}

static int op_evtchn(struct bench_ctx *c)
{
    return evtchn_round_trip(&c->ep, EVENT_TIMEOUT_MS);
}

static int op_grant_map(struct bench_ctx *c)
{
    struct gref_mapping m;
    int rc = gref_map(c->gntdev, 0, c->g.ref, &m);
    if (rc)
        return rc;
    volatile uint8_t *p = m.page;
    p[0] = (uint8_t)(p[1] + 1); /* touch: read and write through the mapping */
    return gref_unmap(c->gntdev, &m);
}

static int op_grant_copy(struct bench_ctx *c)
{
    int16_t st = GNTST_general_error;
    int rc = gref_copy_from(c->gntdev, 0, c->g.ref, c->buf, XEN_PAGE_SIZE, &st);
    return rc ? rc : st == GNTST_okay ? 0 : -EIO;
}

/* Runs op n times and prints its line; 0, or 1 if an iteration failed. */
static int run(const char *name, bench_op op, struct bench_ctx *c, unsigned long n)
{
    uint64_t t0 = now_ns();
    for (unsigned long i = 0; i < n; i++) {
        int rc = op(c);
        if (rc) {
            fprintf(stderr, "bench %s: iteration %lu failed: %s\n", name, i, strerror(-rc));
            return 1;
        }
    }
    uint64_t total = now_ns() - t0;
    printf("bench %s %lu %llu %llu\n", name, n, (unsigned long long)total,
           (unsigned long long)(total / n));
    fflush(stdout);
    return 0;
}

/* Opens everything the operations use; 0 or 1 with a message. */
static int setup(struct bench_ctx *c)
{
    static uint8_t buf[XEN_PAGE_SIZE] __attribute__((aligned(XEN_PAGE_SIZE)));
    char why[160] = "";
    c->buf = buf;
    c->privcmd = domus_privcmd_open();
    c->gntdev = gntdev_open();
    if (c->privcmd < 0 || c->gntdev < 0) {
        fprintf(stderr, "bench: cannot open privcmd (%s) or gntdev (%s)\n",
                strerror(c->privcmd < 0 ? -c->privcmd : 0),
                strerror(c->gntdev < 0 ? -c->gntdev : 0));
        return 1;
    }
    if (evtchn_pair_open(&c->ep, why, sizeof(why)) != 0 ||
        gref_page_alloc(&c->g, 0, why, sizeof(why)) != 0) {
        fprintf(stderr, "bench: %s\n", why);
        return 1;
    }
    /* The bind leaves one event pending on q (as Xen): take it out of the way. */
    unsigned int port;
    if (evtchn_wait(c->ep.fd, EVENT_TIMEOUT_MS, &port) == 1)
        evtchn_unmask(c->ep.fd, port);
    return 0;
}

int selftest_bench(unsigned long n)
{
    struct bench_ctx c;
    memset(&c, 0, sizeof(c));
    if (setup(&c))
        return 1;
    int failed = run("getpid", op_getpid, &c, n);
    failed |= run("xen_version", op_xen_version, &c, n);
    failed |= run("evtchn_roundtrip", op_evtchn, &c, n);
    failed |= run("grant_map_unmap", op_grant_map, &c, n);
    failed |= run("grant_copy", op_grant_copy, &c, n);
    gref_page_free(&c.g);
    close(c.ep.fd);
    close(c.gntdev);
    close(c.privcmd);
    return failed;
}
