/*
 * What the console daemon's per-console code (dom0-tools/consoled/
 * console.c) needs from libdomus and from its xenstore side, faked for
 * the host tests: domains' ring pages are plain memory, event channels
 * are counters, and console/tty writes are recorded.
 */
#ifndef TESTS_TOOLSTACK_FAKE_CONSOLED_H
#define TESTS_TOOLSTACK_FAKE_CONSOLED_H

#include "consoled.h"

#define FAKE_MAX_DOMS 8

struct fake_consoled {
    struct xencons_interface *page[FAKE_MAX_DOMS]; /* NULL: cannot be mapped */
    bool bind_fails[FAKE_MAX_DOMS];
    bool mapped[FAKE_MAX_DOMS], bound[FAKE_MAX_DOMS];
    int notified[FAKE_MAX_DOMS]; /* notifications sent to the domain */
    char tty[FAKE_MAX_DOMS][64]; /* the last console/tty written */
    int tty_writes[FAKE_MAX_DOMS];
};

extern struct fake_consoled fake_cd;

/* Local ports are 100 + domid. */
#define FAKE_PORT(dom) (100 + (dom))

void fake_consoled_reset(void);

#endif
