/* SPDX-License-Identifier: MIT */
/*
 * Domus public interface: __HYPERVISOR_sched_op (29), called as
 * sched_op(cmd, arg). Yielding, blocking, and shutting domains down.
 */
#ifndef DOMUS_PUBLIC_SCHED_H
#define DOMUS_PUBLIC_SCHED_H

#include "xen/xen.h"

#define SCHEDOP_yield           0 /* arg unused: give up the CPU for now */
#define SCHEDOP_block           1 /* arg unused: sleep until an event is pending */
#define SCHEDOP_shutdown        2 /* sched_shutdown: stop the calling domain */
#define SCHEDOP_poll            3 /* sched_poll: wait for one of some ports */
#define SCHEDOP_remote_shutdown 4 /* sched_remote_shutdown: stop another domain */
#define SCHEDOP_shutdown_code   5 /* sched_shutdown: record the reason, do not stop */
#define SCHEDOP_watchdog        6 /* sched_watchdog: arm / pet / stop a watchdog */
#define SCHEDOP_pin_override    7 /* sched_pin_override: dom0, x86 firmware calls */

/* Why a domain stopped (sched_shutdown.reason). */
#define SHUTDOWN_poweroff   0 /* powered off: destroy it */
#define SHUTDOWN_reboot     1 /* wants a restart */
#define SHUTDOWN_suspend    2 /* state saved for resume */
#define SHUTDOWN_crash      3 /* crashed */
#define SHUTDOWN_watchdog   4 /* its watchdog expired */
#define SHUTDOWN_soft_reset 5 /* reset without tearing the domain down */
#define SHUTDOWN_MAX        5

/* SCHEDOP_shutdown / SCHEDOP_shutdown_code: IN reason (SHUTDOWN_*). */
struct sched_shutdown {
    uint32_t reason;
};

/*
 * SCHEDOP_poll: block until one of the listed local ports is pending or the
 * timeout passes. IN: ports (evtchn_port_t[nr_ports]), nr_ports, timeout
 * (absolute system time in ns; 0 = none).
 */
struct sched_poll {
    xen_guest_handle_t ports;
    uint32_t nr_ports;
    uint64_t timeout;
};

/* SCHEDOP_remote_shutdown (privileged): IN domain_id, reason (SHUTDOWN_*). */
struct sched_remote_shutdown {
    domid_t domain_id;
    uint32_t reason;
};

/*
 * SCHEDOP_watchdog: IN id = 0 to create a watchdog (returns its id), or an
 * existing id to pet it (timeout in seconds) or, with timeout 0, destroy it.
 * An expired watchdog shuts the domain down with SHUTDOWN_watchdog.
 */
struct sched_watchdog {
    uint32_t id;
    uint32_t timeout;
};

/* SCHEDOP_pin_override: IN pcpu to pin the calling vCPU to, or -1 to undo. */
struct sched_pin_override {
    int32_t pcpu;
};

#endif
