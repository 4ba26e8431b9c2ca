/* SPDX-License-Identifier: MIT */
/*
 * Domus public interface: __HYPERVISOR_vcpu_op (24), called as
 * vcpu_op(cmd, vcpuid, arg). Per-vCPU registration of shared areas, and
 * vCPU control. On arm, Linux uses only register_vcpu_info and
 * register_runstate_memory_area; secondaries are started with PSCI CPU_ON.
 */
#ifndef DOMUS_PUBLIC_VCPU_H
#define DOMUS_PUBLIC_VCPU_H

#include "xen/xen.h"

#define VCPUOP_initialise                     0  /* arg: vcpu_guest_context (not on arm) */
#define VCPUOP_up                             1  /* arg unused: start a vCPU */
#define VCPUOP_down                           2  /* arg unused: stop a vCPU */
#define VCPUOP_is_up                          3  /* arg unused: returns 1 if running */
#define VCPUOP_get_runstate_info              4  /* OUT: vcpu_runstate_info */
#define VCPUOP_register_runstate_memory_area  5  /* vcpu_register_runstate_memory_area */
#define VCPUOP_set_periodic_timer             6  /* vcpu_set_periodic_timer */
#define VCPUOP_stop_periodic_timer            7  /* arg unused */
#define VCPUOP_set_singleshot_timer           8  /* vcpu_set_singleshot_timer */
#define VCPUOP_stop_singleshot_timer          9  /* arg unused */
#define VCPUOP_register_vcpu_info             10 /* vcpu_register_vcpu_info */
#define VCPUOP_send_nmi                       11 /* x86 */
#define VCPUOP_get_physid                     12 /* OUT: vcpu_get_physid */
#define VCPUOP_register_vcpu_time_memory_area 13 /* vcpu_register_time_memory_area */
#define VCPUOP_register_runstate_phys_area    14 /* as 5, addr is a guest physical address */
#define VCPUOP_register_vcpu_time_phys_area   15 /* as 13, addr is a guest physical address */

/* What a vCPU is doing (vcpu_runstate_info.state, and index into time[]). */
#define RUNSTATE_running  0 /* on a physical CPU */
#define RUNSTATE_runnable 1 /* wants a physical CPU */
#define RUNSTATE_blocked  2 /* waiting for an event */
#define RUNSTATE_offline  3 /* down, or paused by the toolstack */

/* Bit of state_entry_time set while the hypervisor rewrites the record (only
 * if the guest enabled VMASST_TYPE_runstate_update_flag). */
#define XEN_RUNSTATE_UPDATE (1ULL << 63)

/*
 * Accounting of a vCPU's time, 48 bytes. Written by the hypervisor only.
 * state: RUNSTATE_*; state_entry_time: system time (ns) when it entered that
 * state; time[s]: total ns spent in state s.
 */
struct vcpu_runstate_info {
    int32_t state;
    uint64_t state_entry_time;
    uint64_t time[4];
};

/*
 * VCPUOP_register_runstate_memory_area: IN addr = guest virtual address of a
 * vcpu_runstate_info the hypervisor keeps up to date while the vCPU runs
 * (for VCPUOP_register_runstate_phys_area, a guest physical address).
 */
struct vcpu_register_runstate_memory_area {
    xen_guest_handle_t addr;
};

/* VCPUOP_set_periodic_timer: IN period_ns (VIRQ_TIMER every period). */
struct vcpu_set_periodic_timer {
    uint64_t period_ns;
};

/*
 * VCPUOP_set_singleshot_timer: IN timeout_abs_ns = system time of the one
 * VIRQ_TIMER; IN flags: VCPU_SSHOTTMR_future = fail with -XEN_ETIME if that
 * time has already passed.
 */
struct vcpu_set_singleshot_timer {
    uint64_t timeout_abs_ns;
    uint32_t flags;
};

#define VCPU_SSHOTTMR_future (1U << 0)

/*
 * VCPUOP_register_vcpu_info: move this vCPU's vcpu_info out of shared_info
 * to byte "offset" of guest frame "mfn" (a gfn on arm). All fields IN; the
 * 48-byte area must not cross a page. rsvd must be 0.
 */
struct vcpu_register_vcpu_info {
    uint64_t mfn;
    uint32_t offset;
    uint32_t rsvd;
};

/* VCPUOP_get_physid: OUT phys_id = the physical CPU id (x86 APIC ids). */
struct vcpu_get_physid {
    uint64_t phys_id;
};

/*
 * VCPUOP_register_vcpu_time_memory_area: IN addr = guest virtual address of a
 * second vcpu_time_info copy kept up to date by the hypervisor.
 */
struct vcpu_register_time_memory_area {
    xen_guest_handle_t addr;
};

#endif
