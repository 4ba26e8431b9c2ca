/* SPDX-License-Identifier: MIT */
/*
 * Domus's own per-domain management interface (not Xen's domctl layout),
 * for the control domain only. It reuses Xen's hypercall number for
 * domctl: the dom0 toolstack calls HVC #XEN_HYPERCALL_TAG with
 * x16 = __HYPERVISOR_domctl (36) and x0 = address of a struct domus_domctl
 * (through privcmd's IOCTL_PRIVCMD_HYPERCALL). The hypervisor reads the
 * whole structure, runs the command and writes the whole structure back.
 *
 * Building a domain takes, in order (the Xen ABI does the rest):
 *   DOMUS_DOMCTL_createdomain       a paused, empty domain with its vCPUs
 *   DOMUS_DOMCTL_max_mem            how much RAM it may ever hold
 *   XENMEM_populate_physmap         (memory_op, domid = the new domain)
 *                                   gives it RAM at guest frames of the
 *                                   toolstack's choosing (xen/guest_layout.h)
 *   privcmd foreign mapping         the toolstack writes the kernel, the
 *                                   device tree and the ring pages
 *   EVTCHNOP_alloc_unbound          ports in the new domain for its xenstore
 *                                   and console, remote end dom0
 *   HVMOP_set_param                 HVM_PARAM_STORE_PFN / _EVTCHN,
 *                                   HVM_PARAM_CONSOLE_PFN / _EVTCHN
 *   DOMUS_DOMCTL_setvcpucontext     vCPU 0's entry point and x0..x3
 *   DOMUS_DOMCTL_unpausedomain      it runs
 * and DOMUS_DOMCTL_destroydomain when it is done.
 *
 * Returns 0 on success, or: -XEN_EPERM if the caller is not the control
 * domain (or the target is), -XEN_EACCES if interface_version is not
 * DOMUS_DOMCTL_INTERFACE_VERSION, -XEN_ENOSYS for an unknown cmd,
 * -XEN_EFAULT for an unreadable or unwritable argument block, -XEN_ESRCH
 * if domid names no domain, -XEN_EINVAL for bad fields (reserved fields
 * and padding must be 0), and what each command lists.
 */
#ifndef DOMUS_PUBLIC_DOMUS_DOMCTL_H
#define DOMUS_PUBLIC_DOMUS_DOMCTL_H

#include "xen/xen.h"

/* Bumped on any incompatible change to this file. */
#define DOMUS_DOMCTL_INTERFACE_VERSION 1

#define DOMUS_HYPERCALL_domctl __HYPERVISOR_domctl

#define DOMUS_DOMCTL_createdomain   1
#define DOMUS_DOMCTL_destroydomain  2
#define DOMUS_DOMCTL_pausedomain    3
#define DOMUS_DOMCTL_unpausedomain  4
#define DOMUS_DOMCTL_max_mem        5
#define DOMUS_DOMCTL_setvcpucontext 6

/*
 * DOMUS_DOMCTL_createdomain: a new unprivileged domain, paused, with
 * max_vcpus vCPUs (all offline), no RAM (max_pages 0), its event channels,
 * grant table and a GICv3 at the xen/guest_layout.h addresses.
 * IN/OUT domid (in struct domus_domctl): the id wanted, or 0 for the
 * lowest free one; OUT: the id given.
 * IN max_vcpus: 1 .. GUEST_MAX_VCPUS; IN flags: 0 (none defined yet);
 * IN max_grant_frames: frames its grant table may grow to (512 grants
 * each; 0: the default, 32, which is also the most); IN
 * max_maptrack_frames: grant mappings of others it may hold, in frames of
 * 512 (0: the default, 2, which is also the most).
 * -XEN_EEXIST if the id is taken, -XEN_ENOSPC if no id is free,
 * -XEN_ENOMEM if the hypervisor is out of memory (nothing is left behind).
 */
struct domus_domctl_createdomain {
    uint32_t max_vcpus;
    uint32_t flags;
    uint32_t max_grant_frames;
    uint32_t max_maptrack_frames;
};

/*
 * DOMUS_DOMCTL_destroydomain: tears a domain down. Its vCPUs stop for
 * good at once; its event channels close (peers see them closed); grant
 * mappings it holds are undone; its RAM goes back to the hypervisor once
 * no other domain maps any of it. -XEN_EAGAIN while that is still under
 * way (other domains still map its pages or its grants): call again; the
 * domain is listed as dying meanwhile. No argument.
 */

/* DOMUS_DOMCTL_pausedomain / unpausedomain: stop and resume all of its
 * vCPUs (pauses nest: each pause needs an unpause). A new domain starts
 * with one pause, taken away by its first unpause. No argument.
 * -XEN_EINVAL to unpause a domain that is not paused. */

/*
 * DOMUS_DOMCTL_max_mem: IN max_pages, the 4 KiB pages of RAM the domain
 * may hold (populate_physmap fails beyond it). -XEN_EINVAL if it is below
 * what the domain holds now.
 */
struct domus_domctl_max_mem {
    uint64_t max_pages;
};

/*
 * DOMUS_DOMCTL_setvcpucontext: where an offline vCPU starts. IN vcpu: its
 * index; IN pc: the guest-physical entry point (MMU off, EL1h, interrupts
 * masked, as Linux's arm64 boot protocol asks); IN x[0..3]: its first
 * general registers (Linux: x0 = the device tree's guest-physical
 * address, x1..x3 = 0). The vCPU comes online, to run once the domain is
 * unpaused. -XEN_EINVAL for a vCPU out of range, -XEN_EBUSY if it is
 * online already.
 */
struct domus_domctl_setvcpucontext {
    uint32_t vcpu;
    uint32_t flags; /* 0 */
    uint64_t pc;
    uint64_t x[4];
};

/*
 * The argument block: 128 bytes whatever the command.
 * IN: cmd (DOMUS_DOMCTL_*), interface_version, domid (the target; never
 * 0, the control domain, except for createdomain where 0 means "pick");
 * u: per command, as above.
 */
struct domus_domctl {
    uint32_t cmd;
    uint32_t interface_version;
    domid_t domid;
    uint16_t pad[3];
    union {
        struct domus_domctl_createdomain createdomain;
        struct domus_domctl_max_mem max_mem;
        struct domus_domctl_setvcpucontext setvcpucontext;
        uint8_t pad[112];
    } u;
};

#endif
