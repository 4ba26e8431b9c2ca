/* SPDX-License-Identifier: MIT */
/*
 * Domus public interface: the core of the Xen guest ABI as seen by an arm64
 * guest. Hypercall numbers, the special domain ids, the basic scalar types,
 * guest handles, and the layout of the shared_info page and of a vCPU's
 * vcpu_info area.
 *
 * Every structure in xen/ describes memory shared with an arm64 guest (or an
 * argument block read from it), so the headers only use fixed-width types:
 * they give the arm64 layout with any compiler whose uint64_t is 8-byte
 * aligned, which includes the x86_64 host used for the unit tests.
 */
#ifndef DOMUS_PUBLIC_XEN_H
#define DOMUS_PUBLIC_XEN_H

#include <stdint.h>

_Static_assert(_Alignof(uint64_t) == 8, "xen/ headers need an 8-byte aligned uint64_t");

/* ------------------------------------------------------------------------
 * Calling convention (arm64): "HVC #XEN_HYPERCALL_TAG", hypercall number in
 * x16, up to five arguments in x0..x4, result in x0 (negative XEN_E* value
 * on failure). Pointer arguments are guest virtual addresses.
 */
#define XEN_HYPERCALL_TAG 0xEA1

/* Xen's pages are always 4 KiB, whatever page size the guest kernel uses. */
#define XEN_PAGE_SHIFT 12
#define XEN_PAGE_SIZE  (1U << XEN_PAGE_SHIFT)

/* Hypercall numbers (x16). Those marked x86 have no meaning on arm64. */
#define __HYPERVISOR_set_trap_table                0  /* x86 */
#define __HYPERVISOR_mmu_update                    1  /* x86 */
#define __HYPERVISOR_set_gdt                       2  /* x86 */
#define __HYPERVISOR_stack_switch                  3  /* x86 */
#define __HYPERVISOR_set_callbacks                 4  /* x86 */
#define __HYPERVISOR_fpu_taskswitch                5  /* x86 */
#define __HYPERVISOR_sched_op_compat               6  /* superseded by 29 */
#define __HYPERVISOR_platform_op                   7  /* dom0: XENPF_* */
#define __HYPERVISOR_set_debugreg                  8  /* x86 */
#define __HYPERVISOR_get_debugreg                  9  /* x86 */
#define __HYPERVISOR_update_descriptor             10 /* x86 */
#define __HYPERVISOR_memory_op                     12 /* xen/memory.h */
#define __HYPERVISOR_multicall                     13 /* array of multicall_entry */
#define __HYPERVISOR_update_va_mapping             14 /* x86 */
#define __HYPERVISOR_set_timer_op                  15
#define __HYPERVISOR_event_channel_op_compat       16 /* superseded by 32 */
#define __HYPERVISOR_xen_version                   17 /* xen/version.h */
#define __HYPERVISOR_console_io                    18 /* xen/console.h */
#define __HYPERVISOR_physdev_op_compat             19 /* superseded by 33 */
#define __HYPERVISOR_grant_table_op                20 /* xen/grant_table.h */
#define __HYPERVISOR_vm_assist                     21 /* VMASST_* below */
#define __HYPERVISOR_update_va_mapping_otherdomain 22 /* x86 */
#define __HYPERVISOR_iret                          23 /* x86 */
#define __HYPERVISOR_vcpu_op                       24 /* xen/vcpu.h */
#define __HYPERVISOR_set_segment_base              25 /* x86 */
#define __HYPERVISOR_mmuext_op                     26 /* x86 */
#define __HYPERVISOR_xsm_op                        27
#define __HYPERVISOR_nmi_op                        28
#define __HYPERVISOR_sched_op                      29 /* xen/sched.h */
#define __HYPERVISOR_callback_op                   30
#define __HYPERVISOR_xenoprof_op                   31
#define __HYPERVISOR_event_channel_op              32 /* xen/event_channel.h */
#define __HYPERVISOR_physdev_op                    33 /* xen/physdev.h */
#define __HYPERVISOR_hvm_op                        34 /* xen/hvm.h */
#define __HYPERVISOR_sysctl                        35 /* Domus: xen/domus_sysctl.h */
#define __HYPERVISOR_domctl                        36 /* Domus: our own domctl */
#define __HYPERVISOR_kexec_op                      37
#define __HYPERVISOR_tmem_op                       38
#define __HYPERVISOR_argo_op                       39
#define __HYPERVISOR_xenpmu_op                     40
#define __HYPERVISOR_dm_op                         41
#define __HYPERVISOR_hypfs_op                      42
#define __HYPERVISOR_arch_0                        48 /* 48..55: per architecture */
#define __HYPERVISOR_arch_1                        49
#define __HYPERVISOR_arch_2                        50
#define __HYPERVISOR_arch_3                        51
#define __HYPERVISOR_arch_4                        52
#define __HYPERVISOR_arch_5                        53
#define __HYPERVISOR_arch_6                        54
#define __HYPERVISOR_arch_7                        55

/* vm_assist(cmd, type): switch optional guest-visible behaviours on or off. */
#define VMASST_CMD_enable                0
#define VMASST_CMD_disable               1
#define VMASST_TYPE_4gb_segments         0  /* x86 */
#define VMASST_TYPE_4gb_segments_notify  1  /* x86 */
#define VMASST_TYPE_writable_pagetables  2  /* x86 */
#define VMASST_TYPE_pae_extended_cr3     3  /* x86 */
#define VMASST_TYPE_architectural_iopl   4  /* x86 */
#define VMASST_TYPE_runstate_update_flag 5  /* XEN_RUNSTATE_UPDATE in xen/vcpu.h */
#define VMASST_TYPE_m2p_strict           32 /* x86 */

/* ------------------------------------------------------------------------
 * Basic types.
 */
typedef uint16_t domid_t;     /* domain id */
typedef uint64_t xen_pfn_t;   /* a frame number (gfn or mfn), 64-bit on arm */
typedef uint64_t xen_ulong_t; /* "unsigned long" of the ABI: 64-bit on arm */
typedef int64_t xen_long_t;
typedef uint8_t xen_domain_handle_t[16]; /* a domain's UUID */

/*
 * A guest handle: a pointer into the caller's address space (a guest virtual
 * address, or a user address when dom0 user space calls through privcmd),
 * stored as 8 bytes with 8-byte alignment on every arm guest. 0 is NULL.
 * The element type it points to is given in the comment of each use.
 */
typedef struct {
    _Alignas(8) uint64_t p;
} xen_guest_handle_t;

#define XEN_GUEST_HANDLE_INIT(va) ((xen_guest_handle_t){.p = (uint64_t)(va)})

/* ------------------------------------------------------------------------
 * Special domain ids. Ordinary domains use 0 .. DOMID_FIRST_RESERVED - 1.
 */
#define DOMID_FIRST_RESERVED 0x7FF0U
#define DOMID_SELF           0x7FF0U /* the calling domain */
#define DOMID_IO             0x7FF1U /* owner of I/O memory */
#define DOMID_XEN            0x7FF2U /* the hypervisor itself */
#define DOMID_COW            0x7FF3U /* owner of shared copy-on-write pages */
#define DOMID_INVALID        0x7FF4U /* no domain */
#define DOMID_ANY            0x7FF5U /* wildcard, where an operation allows one */
#define DOMID_IDLE           0x7FFFU /* the idle vCPUs' domain */
#define DOMID_MASK           0x7FFFU /* bits of a domid that carry the id */

/* ------------------------------------------------------------------------
 * Virtual IRQs: events the hypervisor raises, delivered through an event
 * channel bound with EVTCHNOP_bind_virq. Per-vCPU ones are bound once on each
 * vCPU and stay there; global ones are bound once per domain (on vCPU 0).
 */
#define VIRQ_TIMER      0  /* per vCPU: timer (unused on arm: arch timer) */
#define VIRQ_DEBUG      1  /* per vCPU: please dump debug state */
#define VIRQ_CONSOLE    2  /* global, dom0: hypervisor console input ready */
#define VIRQ_DOM_EXC    3  /* global, dom0: a domain shut down or died */
#define VIRQ_TBUF       4  /* global: trace records available */
#define VIRQ_DEBUGGER   6  /* global: a domain paused for a debugger */
#define VIRQ_XENOPROF   7  /* per vCPU: profiling sample */
#define VIRQ_CON_RING   8  /* global: hypervisor log ring has new bytes */
#define VIRQ_PCPU_STATE 9  /* global: a physical CPU changed state */
#define VIRQ_MEM_EVENT  10 /* global: a memory event occurred */
#define VIRQ_ARGO       11 /* per domain: Argo message arrived */
#define VIRQ_ENOMEM     12 /* global: hypervisor heap is low */
#define VIRQ_XENPMU     13 /* per vCPU: PMU interrupt */
#define VIRQ_ARCH_0     16 /* 16..23: per architecture, none used on arm */
#define VIRQ_ARCH_1     17
#define VIRQ_ARCH_2     18
#define VIRQ_ARCH_3     19
#define VIRQ_ARCH_4     20
#define VIRQ_ARCH_5     21
#define VIRQ_ARCH_6     22
#define VIRQ_ARCH_7     23
#define NR_VIRQS        24

/* ------------------------------------------------------------------------
 * 2-level event channels: one pending bit and one mask bit per port in
 * shared_info, grouped in 64-bit words; each vCPU has a selector word whose
 * bit w says "word w of evtchn_pending may have work".
 */
#define XEN_EVTCHN_WORD_BITS  64 /* bits in a xen_ulong_t */
#define XEN_EVTCHN_2L_WORDS   64 /* words in evtchn_pending / evtchn_mask */
#define EVTCHN_2L_NR_CHANNELS (XEN_EVTCHN_2L_WORDS * XEN_EVTCHN_WORD_BITS) /* 4096 ports */
#define NR_EVENT_CHANNELS     EVTCHN_2L_NR_CHANNELS

/*
 * Multicall: one entry of the array given to __HYPERVISOR_multicall. IN: op
 * and args; OUT: result (what the hypercall would have returned in x0).
 */
struct multicall_entry {
    xen_ulong_t op;
    xen_ulong_t result;
    xen_ulong_t args[6];
};

/*
 * Per-vCPU time record (inside vcpu_info). Written by the hypervisor only;
 * version is odd while an update is in progress. Linux on arm does not read
 * it (it uses the architected timer), so it may stay zero.
 */
struct vcpu_time_info {
    uint32_t version;
    uint32_t pad0;
    uint64_t tsc_timestamp;     /* counter value at the last update */
    uint64_t system_time;       /* ns since the domain's time origin, then */
    uint32_t tsc_to_system_mul; /* counter-to-ns factor, 32.32 fixed point */
    int8_t tsc_shift;           /* shift applied to the counter delta first */
    uint8_t flags;              /* XEN_PVCLOCK_* */
    uint8_t pad1[2];
};

#define XEN_PVCLOCK_TSC_STABLE_BIT (1U << 0)
#define XEN_PVCLOCK_GUEST_STOPPED  (1U << 1)

/*
 * arch_vcpu_info and arch_shared_info are empty on arm and take no space.
 * Strict C11 has no empty structures, so the vcpu_info and shared_info below
 * simply have no "arch" member; the layout is the same.
 */

/*
 * Per-vCPU event state, 48 bytes on arm64. vCPU 0 starts with the copy in
 * shared_info; VCPUOP_register_vcpu_info moves it to a guest-chosen area.
 * evtchn_upcall_pending: set by the hypervisor when it raises the upcall,
 * cleared by the guest before it scans. Arm has no upcall mask byte.
 * evtchn_pending_sel: selector of the 2-level ABI (set by the hypervisor,
 * cleared by the guest).
 */
struct vcpu_info {
    uint8_t evtchn_upcall_pending;
    uint8_t pad0;
    xen_ulong_t evtchn_pending_sel;
    struct vcpu_time_info time;
};

/* Number of vcpu_info slots in shared_info. */
#define XEN_LEGACY_MAX_VCPUS 1

/*
 * The shared_info page (the structure is at offset 0; the rest of the page
 * is unused), mapped by the guest with XENMEM_add_to_physmap /
 * XENMAPSPACE_shared_info. 1088 bytes on arm64.
 * evtchn_pending: set by the hypervisor, cleared by the guest.
 * evtchn_mask: written by the guest only.
 * wc_*: wall-clock time (UTC) at the domain's time origin, written by the
 * hypervisor with wc_version odd during the update.
 */
struct shared_info {
    struct vcpu_info vcpu_info[XEN_LEGACY_MAX_VCPUS];
    xen_ulong_t evtchn_pending[XEN_EVTCHN_2L_WORDS];
    xen_ulong_t evtchn_mask[XEN_EVTCHN_2L_WORDS];
    uint32_t wc_version;
    uint32_t wc_sec;    /* seconds, low 32 bits */
    uint32_t wc_nsec;   /* nanoseconds */
    uint32_t wc_sec_hi; /* seconds, high 32 bits */
};

#endif
