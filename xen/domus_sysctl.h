/* SPDX-License-Identifier: MIT */
/*
 * Domus's own system-wide management interface (not Xen's sysctl layout).
 * It reuses Xen's hypercall number for sysctl: the dom0 toolstack calls
 * HVC #XEN_HYPERCALL_TAG with x16 = __HYPERVISOR_sysctl (35) and
 * x0 = address of a struct domus_sysctl (through privcmd's
 * IOCTL_PRIVCMD_HYPERCALL). The hypervisor reads the whole structure, runs
 * the command and writes the whole structure back.
 *
 * Returns 0 on success, or: -XEN_EPERM if the caller is not the control
 * domain, -XEN_EACCES if interface_version is not
 * DOMUS_SYSCTL_INTERFACE_VERSION, -XEN_ENOSYS for an unknown cmd,
 * -XEN_EFAULT for an unreadable or unwritable buffer, -XEN_EINVAL for bad
 * fields (reserved fields must be 0).
 */
#ifndef DOMUS_PUBLIC_DOMUS_SYSCTL_H
#define DOMUS_PUBLIC_DOMUS_SYSCTL_H

#include "xen/xen.h"

/* Bumped on any incompatible change to this file. */
#define DOMUS_SYSCTL_INTERFACE_VERSION 2

#define DOMUS_HYPERCALL_sysctl __HYPERVISOR_sysctl

#define DOMUS_SYSCTL_physinfo        1
#define DOMUS_SYSCTL_readconsole     2
#define DOMUS_SYSCTL_hypercall_stats 3
#define DOMUS_SYSCTL_getdomaininfo   4

/*
 * DOMUS_SYSCTL_physinfo: the machine and the hypervisor. All OUT.
 * nr_cpus: physical CPUs running the hypervisor; xen_version: what
 * XENVER_version reports to guests; total_pages / free_pages: 4 KiB pages
 * of RAM managed by the hypervisor, and how many are free; timer_hz: the
 * generic timer frequency; version_major / version_minor: Domus release;
 * version_string: NUL-terminated build description (source revision).
 */
struct domus_sysctl_physinfo {
    uint32_t nr_cpus;
    uint32_t xen_version;
    uint64_t total_pages;
    uint64_t free_pages;
    uint64_t timer_hz;
    uint16_t version_major;
    uint16_t version_minor;
    uint32_t pad0;
    char version_string[32];
};

/*
 * DOMUS_SYSCTL_readconsole: copy bytes of the hypervisor's log ring.
 * Positions are byte counts since boot, so they never wrap.
 * IN offset: first position wanted (0 = from the oldest byte kept);
 * IN buffer: char[size] to copy into; IN size: room in buffer;
 * OUT first_offset: position actually copied from (> offset if the bytes
 *   asked for were overwritten: first_offset - offset bytes were lost);
 * OUT copied: bytes written to buffer (0 if nothing new);
 * OUT next_offset: position to ask for next time (first_offset + copied).
 */
struct domus_sysctl_readconsole {
    uint64_t offset;
    xen_guest_handle_t buffer;
    uint32_t size;
    uint32_t copied;
    uint64_t first_offset;
    uint64_t next_offset;
};

/* Hypercall numbers counted (0 .. DOMUS_SYSCTL_HCSTATS_MAX - 1). */
#define DOMUS_SYSCTL_HCSTATS_MAX 64

/* flags of domus_sysctl_hypercall_stats. */
#define DOMUS_SYSCTL_HCSTATS_RESET (1U << 0) /* zero the counters after reading */

/*
 * DOMUS_SYSCTL_hypercall_stats: how often domain domid issued each
 * hypercall number. IN: domid (DOMID_SELF allowed), flags
 * (DOMUS_SYSCTL_HCSTATS_*), counts (uint64_t[nr_ops]); IN/OUT nr_ops: room
 * in counts, then entries written (at most DOMUS_SYSCTL_HCSTATS_MAX).
 * OUT: counts[n] = calls of hypercall number n (by any vCPU).
 * -XEN_ESRCH if the domain does not exist.
 */
struct domus_sysctl_hypercall_stats {
    domid_t domid;
    uint16_t flags;
    uint32_t nr_ops;
    xen_guest_handle_t counts;
};

/* flags of domus_sysctl_getdomaininfo. */
#define DOMUS_DOMINF_privileged (1U << 0) /* the control domain */
#define DOMUS_DOMINF_direct_map (1U << 1) /* guest physical == host physical */
#define DOMUS_DOMINF_dying      (1U << 2) /* being torn down */
#define DOMUS_DOMINF_paused     (1U << 3) /* paused by the toolstack (domctl) */
#define DOMUS_DOMINF_shutdown   (1U << 4) /* shut down: shutdown_reason says why */
#define DOMUS_DOMINF_running    (1U << 5) /* a vCPU is on a pCPU now */
#define DOMUS_DOMINF_blocked    (1U << 6) /* every online vCPU waits for an event */

/*
 * DOMUS_SYSCTL_getdomaininfo: one domain's figures.
 * IN domid (DOMID_SELF allowed). OUT: domid (the real id), shutdown_reason
 * (SHUTDOWN_* of xen/sched.h, with DOMUS_DOMINF_shutdown), flags
 * (DOMUS_DOMINF_*), nr_vcpus, vcpus_online (not offline), tot_pages /
 * max_pages (4 KiB pages of RAM it has now / may have), shared_pages
 * (grant mappings it holds of other domains' pages), cpu_time_ns (time its
 * vCPUs have run, summed). -XEN_ESRCH if the domain does not exist.
 */
struct domus_sysctl_getdomaininfo {
    domid_t domid;
    uint16_t shutdown_reason;
    uint32_t flags;
    uint32_t nr_vcpus;
    uint32_t vcpus_online;
    uint64_t tot_pages;
    uint64_t max_pages;
    uint64_t shared_pages;
    uint64_t cpu_time_ns;
};

/*
 * The argument block: 128 bytes whatever the command.
 * IN: cmd (DOMUS_SYSCTL_*), interface_version; u: per command, as above.
 */
struct domus_sysctl {
    uint32_t cmd;
    uint32_t interface_version;
    union {
        struct domus_sysctl_physinfo physinfo;
        struct domus_sysctl_readconsole readconsole;
        struct domus_sysctl_hypercall_stats hypercall_stats;
        struct domus_sysctl_getdomaininfo getdomaininfo;
        uint8_t pad[120];
    } u;
};

#endif
