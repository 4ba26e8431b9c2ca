/* SPDX-License-Identifier: MIT */
/*
 * Event-channel operations the toolstack makes on behalf of other domains
 * (xen/event_channel.h). Dom0's own ports go through /dev/xen/evtchn.
 */
#include <string.h>

#include "libdomus.h"

long domus_evtchn_alloc_unbound(int privcmd, domid_t dom, domid_t remote, evtchn_port_t *port)
{
    struct evtchn_alloc_unbound a;
    memset(&a, 0, sizeof(a));
    a.dom = dom;
    a.remote_dom = remote;
    long rc = domus_hypercall(privcmd, __HYPERVISOR_event_channel_op, EVTCHNOP_alloc_unbound,
                              (uint64_t)(uintptr_t)&a, 0, 0, 0);
    if (rc == 0)
        *port = a.port;
    return rc;
}
