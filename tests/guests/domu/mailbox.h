/* SPDX-License-Identifier: MIT */
/*
 * The page through which the domU test guest (tests/guests/domu) and its
 * builder in dom0 (domus-selftest domu) talk: the last page of the
 * guest's RAM, which the guest writes with its MMU off and dom0 reads and
 * writes through a foreign mapping. Everything else they say goes over
 * the Xen interfaces under test (a grant and an event channel).
 *
 * The builder starts vCPU 0 at the Image with x0 = 0 (no device tree),
 * x1 = the RAM's guest-physical base, x2 = its size, x3 = DOMU_MODE_*.
 */
#ifndef DOMUS_TEST_DOMU_MAILBOX_H
#define DOMUS_TEST_DOMU_MAILBOX_H

#include <stdint.h>

#define DOMU_MAILBOX_MAGIC 0x74736574756d6f64ULL /* "domutest" */
#define DOMU_REPLY_MAGIC   0x796c7065726d6f64ULL /* "domreply" */

/* What the guest does once its checks are done. */
enum domu_mode {
    DOMU_MODE_POWEROFF = 0, /* SCHEDOP_shutdown(poweroff) */
    DOMU_MODE_REBOOT = 1,   /* SCHEDOP_shutdown(reboot) */
    DOMU_MODE_CRASH = 2,    /* SCHEDOP_shutdown(crash) */
    DOMU_MODE_SPIN = 3,     /* runs on, both vCPUs busy, until destroyed */
};

/* Progress, in order. */
enum domu_state {
    DOMU_BOOTED = 1,    /* running, RAM checked */
    DOMU_READY = 2,     /* port and grant published; waiting for the event */
    DOMU_GOT_EVENT = 3, /* the event came, with dom0's reply in the page */
    DOMU_DONE = 4,      /* all checks run: failures says how they went */
};

struct domu_mailbox {
    uint64_t magic;
    uint32_t state;    /* enum domu_state */
    uint32_t failures; /* checks that failed; first_failure names the first */
    uint32_t port;     /* unbound event channel, remote end dom0 */
    uint32_t gref;     /* grant of granted_gfn to dom0, writable */
    uint64_t granted_gfn;
    uint64_t pages_checked; /* RAM pages found zeroed and then kept a pattern */
    uint32_t secondary_up;  /* vCPU 1 came up through PSCI CPU_ON */
    uint32_t pad;
    char first_failure[96];
};

/* The granted page, as the guest fills it: word i holds pattern(i). */
static inline uint64_t domu_pattern(unsigned int i)
{
    return 0x9e3779b97f4a7c15ULL * (i + 1);
}

#endif
