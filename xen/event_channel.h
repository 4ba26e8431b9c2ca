/* SPDX-License-Identifier: MIT */
/*
 * Domus public interface: __HYPERVISOR_event_channel_op (32), called as
 * event_channel_op(cmd, arg). Event channels are the ABI's doorbells: a port
 * in a domain that can be bound to another domain's port, to a virtual IRQ,
 * or to an IPI, and that is signalled through shared_info (2-level ABI, see
 * xen/xen.h) or the FIFO ABI.
 * Where a field says "dom", DOMID_SELF means the caller; other domains need a
 * privileged caller.
 */
#ifndef DOMUS_PUBLIC_EVENT_CHANNEL_H
#define DOMUS_PUBLIC_EVENT_CHANNEL_H

#include "xen/xen.h"

typedef uint32_t evtchn_port_t; /* port number; 0 is never handed out */

#define EVTCHNOP_bind_interdomain 0
#define EVTCHNOP_bind_virq        1
#define EVTCHNOP_bind_pirq        2
#define EVTCHNOP_close            3
#define EVTCHNOP_send             4
#define EVTCHNOP_status           5
#define EVTCHNOP_alloc_unbound    6
#define EVTCHNOP_bind_ipi         7
#define EVTCHNOP_bind_vcpu        8
#define EVTCHNOP_unmask           9
#define EVTCHNOP_reset            10
#define EVTCHNOP_init_control     11
#define EVTCHNOP_expand_array     12
#define EVTCHNOP_set_priority     13

/*
 * EVTCHNOP_alloc_unbound: allocate a fresh port in dom that remote_dom may
 * later connect to with bind_interdomain.
 * IN: dom, remote_dom (DOMID_SELF = the caller); OUT: port (in dom).
 */
struct evtchn_alloc_unbound {
    domid_t dom;
    domid_t remote_dom;
    evtchn_port_t port;
};

/*
 * EVTCHNOP_bind_interdomain: connect a fresh local port to remote_port of
 * remote_dom, which must be unbound and reserved for the caller.
 * IN: remote_dom (may be DOMID_SELF: loopback), remote_port;
 * OUT: local_port.
 */
struct evtchn_bind_interdomain {
    domid_t remote_dom;
    evtchn_port_t remote_port;
    evtchn_port_t local_port;
};

/*
 * EVTCHNOP_bind_virq: bind a fresh port to virtual IRQ virq on vCPU vcpu
 * (global VIRQs: vCPU 0). -XEN_EEXIST if virq is already bound there.
 * IN: virq (VIRQ_*), vcpu; OUT: port.
 */
struct evtchn_bind_virq {
    uint32_t virq;
    uint32_t vcpu;
    evtchn_port_t port;
};

/*
 * EVTCHNOP_bind_pirq: bind a fresh port to physical IRQ pirq (x86 only).
 * IN: pirq, flags (BIND_PIRQ__WILL_SHARE); OUT: port.
 */
struct evtchn_bind_pirq {
    uint32_t pirq;
    uint32_t flags;
    evtchn_port_t port;
};

#define BIND_PIRQ__WILL_SHARE 1

/*
 * EVTCHNOP_bind_ipi: bind a fresh port that the domain signals to itself,
 * delivered to vCPU vcpu. IN: vcpu; OUT: port.
 */
struct evtchn_bind_ipi {
    uint32_t vcpu;
    evtchn_port_t port;
};

/*
 * EVTCHNOP_close: free a local port. An interdomain peer goes back to
 * unbound, reserved for the closing domain. IN: port.
 */
struct evtchn_close {
    evtchn_port_t port;
};

/*
 * EVTCHNOP_send: signal the other end of a local port (the peer port for
 * interdomain, the port itself for IPI). IN: port.
 */
struct evtchn_send {
    evtchn_port_t port;
};

/* Port states reported by EVTCHNOP_status. */
#define EVTCHNSTAT_closed      0 /* not in use */
#define EVTCHNSTAT_unbound     1 /* waiting for bind_interdomain from u.unbound.dom */
#define EVTCHNSTAT_interdomain 2 /* connected to u.interdomain.{dom,port} */
#define EVTCHNSTAT_pirq        3 /* bound to physical IRQ u.pirq */
#define EVTCHNSTAT_virq        4 /* bound to virtual IRQ u.virq */
#define EVTCHNSTAT_ipi         5 /* bound to an IPI */

/*
 * EVTCHNOP_status: describe port "port" of domain "dom".
 * IN: dom, port; OUT: status (EVTCHNSTAT_*), vcpu (notified vCPU), u.
 */
struct evtchn_status {
    domid_t dom;
    evtchn_port_t port;
    uint32_t status;
    uint32_t vcpu;
    union {
        struct {
            domid_t dom;
        } unbound;
        struct {
            domid_t dom;
            evtchn_port_t port;
        } interdomain;
        uint32_t pirq;
        uint32_t virq;
    } u;
};

/*
 * EVTCHNOP_bind_vcpu: change which vCPU is notified for a port (not for
 * per-vCPU VIRQs or IPIs). IN: port, vcpu.
 */
struct evtchn_bind_vcpu {
    evtchn_port_t port;
    uint32_t vcpu;
};

/*
 * EVTCHNOP_unmask: clear the port's mask bit and, if it is pending, notify
 * its vCPU again. IN: port.
 */
struct evtchn_unmask {
    evtchn_port_t port;
};

/* EVTCHNOP_reset: close every port of domain dom. IN: dom. */
struct evtchn_reset {
    domid_t dom;
};

/*
 * EVTCHNOP_init_control (FIFO ABI): register vCPU vcpu's control block at
 * byte "offset" of guest frame control_gfn; switches the domain to FIFO.
 * IN: control_gfn, offset, vcpu; OUT: link_bits (EVTCHN_FIFO_LINK_BITS).
 */
struct evtchn_init_control {
    uint64_t control_gfn;
    uint32_t offset;
    uint32_t vcpu;
    uint8_t link_bits;
    uint8_t _pad[7];
};

/* EVTCHNOP_expand_array (FIFO ABI): add guest frame array_gfn to the event
 * array. IN: array_gfn. */
struct evtchn_expand_array {
    uint64_t array_gfn;
};

/* EVTCHNOP_set_priority (FIFO ABI): IN port, priority (0 highest .. 15). */
struct evtchn_set_priority {
    evtchn_port_t port;
    uint32_t priority;
};

/* ------------------------------------------------------------------------
 * FIFO ABI: one 32-bit event word per port in guest-provided array pages,
 * and one control block per vCPU with a queue head per priority.
 */
#define EVTCHN_FIFO_PRIORITY_MAX     0
#define EVTCHN_FIFO_PRIORITY_DEFAULT 7
#define EVTCHN_FIFO_PRIORITY_MIN     15
#define EVTCHN_FIFO_MAX_QUEUES       (EVTCHN_FIFO_PRIORITY_MIN + 1)

typedef uint32_t event_word_t;

/* Bit numbers in an event word; the low LINK_BITS bits link to the next port. */
#define EVTCHN_FIFO_PENDING     31
#define EVTCHN_FIFO_MASKED      30
#define EVTCHN_FIFO_LINKED      29
#define EVTCHN_FIFO_BUSY        28
#define EVTCHN_FIFO_LINK_BITS   17
#define EVTCHN_FIFO_LINK_MASK   ((1U << EVTCHN_FIFO_LINK_BITS) - 1)
#define EVTCHN_FIFO_NR_CHANNELS (1U << EVTCHN_FIFO_LINK_BITS)

/*
 * Per-vCPU FIFO control block (72 bytes): ready = bitmap of queues with work
 * (set by the hypervisor, cleared by the guest); head[q] = first port of
 * queue q.
 */
struct evtchn_fifo_control_block {
    uint32_t ready;
    uint32_t _rsvd;
    event_word_t head[EVTCHN_FIFO_MAX_QUEUES];
};

#endif
