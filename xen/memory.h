/* SPDX-License-Identifier: MIT */
/*
 * Domus public interface: __HYPERVISOR_memory_op (12), called as
 * memory_op(cmd, arg). Changes what backs a domain's guest frames (gfns):
 * ballooning, populating, and mapping special or foreign pages.
 */
#ifndef DOMUS_PUBLIC_MEMORY_H
#define DOMUS_PUBLIC_MEMORY_H

#include "xen/xen.h"

/*
 * The cmd word: the sub-op is in bits 5:0. For long operations the
 * hypervisor may restart the hypercall with the progress (index of the next
 * extent) stored above MEMOP_EXTENT_SHIFT, so guests must pass clean sub-op
 * numbers.
 */
#define MEMOP_EXTENT_SHIFT 6
#define MEMOP_CMD_MASK     ((1U << MEMOP_EXTENT_SHIFT) - 1)

/* Sub-ops. Those without a structure here are not used by arm guests. */
#define XENMEM_increase_reservation       0  /* xen_memory_reservation */
#define XENMEM_decrease_reservation       1  /* xen_memory_reservation */
#define XENMEM_maximum_ram_page           2  /* arg unused; returns the highest mfn */
#define XENMEM_current_reservation        3  /* arg: domid_t; returns pages owned */
#define XENMEM_maximum_reservation        4  /* arg: domid_t; returns the page limit */
#define XENMEM_machphys_mfn_list          5  /* x86 */
#define XENMEM_populate_physmap           6  /* xen_memory_reservation */
#define XENMEM_add_to_physmap             7  /* xen_add_to_physmap */
#define XENMEM_memory_map                 9  /* x86 */
#define XENMEM_machine_memory_map         10 /* x86 */
#define XENMEM_exchange                   11
#define XENMEM_machphys_mapping           12 /* x86 */
#define XENMEM_set_memory_map             13 /* x86 */
#define XENMEM_maximum_gpfn               14 /* arg: domid_t; returns the highest gfn */
#define XENMEM_remove_from_physmap        15 /* xen_remove_from_physmap */
#define XENMEM_set_pod_target             16
#define XENMEM_get_pod_target             17
#define XENMEM_get_sharing_freed_pages    18
#define XENMEM_get_sharing_shared_pages   19
#define XENMEM_paging_op                  20
#define XENMEM_access_op                  21
#define XENMEM_sharing_op                 22
#define XENMEM_add_to_physmap_batch       23 /* xen_add_to_physmap_batch */
#define XENMEM_claim_pages                24
#define XENMEM_machphys_compat_mfn_list   25 /* x86 */
#define XENMEM_get_vnumainfo              26
#define XENMEM_reserved_device_memory_map 27
#define XENMEM_acquire_resource           28 /* xen_mem_acquire_resource */

/* Linux's older name for XENMEM_add_to_physmap_batch. */
#define XENMEM_add_to_physmap_range XENMEM_add_to_physmap_batch

/* mem_flags of xen_memory_reservation (Linux on arm passes 0). */
#define XENMEMF_address_bits(x)     (x) /* bits 7:0: address width limit */
#define XENMEMF_get_address_bits(x) ((x)&0xffU)
#define XENMEMF_node(n)             (((n) + 1) << 8) /* bits 15:8: NUMA node + 1 */
#define XENMEMF_get_node(x)         ((((x) >> 8) - 1) & 0xffU)
#define XENMEMF_populate_on_demand  (1U << 16)
#define XENMEMF_exact_node_request  (1U << 17)
#define XENMEMF_exact_node(n)       (XENMEMF_node(n) | XENMEMF_exact_node_request)
#define XENMEMF_vnode               (1U << 18)

/*
 * Argument of increase/decrease_reservation and populate_physmap: a list of
 * extents of 2^extent_order frames each. Returns the number of extents done
 * (which may be fewer than asked) or a negative error.
 * IN extent_start: xen_pfn_t[nr_extents]; decrease: gfns to give back;
 *   populate: gfns to back with fresh RAM; increase: OUT mfns allocated.
 * IN nr_extents, extent_order, mem_flags (XENMEMF_*), domid (DOMID_SELF, or
 *   another domain for a privileged caller).
 */
struct xen_memory_reservation {
    xen_guest_handle_t extent_start;
    xen_ulong_t nr_extents;
    uint32_t extent_order;
    uint32_t mem_flags;
    domid_t domid;
};

/* Where XENMEM_add_to_physmap(_batch) takes the page it maps (space). */
#define XENMAPSPACE_shared_info  0 /* idx 0: the domain's shared_info page */
#define XENMAPSPACE_grant_table  1 /* idx: grant-table frame (status frame if bit 31) */
#define XENMAPSPACE_gmfn         2 /* idx: one of the domain's own gfns (move it) */
#define XENMAPSPACE_gmfn_range   3 /* as gmfn, for size frames from idx */
#define XENMAPSPACE_gmfn_foreign 4 /* idx: a gfn of foreign_domid (batch only) */
#define XENMAPSPACE_dev_mmio     5 /* idx: a device MMIO frame (dom0, 1:1) */

/* In idx with XENMAPSPACE_grant_table: a v2 status frame, not a shared one. */
#define XENMAPIDX_grant_table_status 0x80000000U

/*
 * XENMEM_add_to_physmap: make one page of "space" appear at gfn gpfn of
 * domain domid, replacing whatever was mapped there. All fields IN; size is
 * only used with XENMAPSPACE_gmfn_range. Returns 0 or a negative error.
 */
struct xen_add_to_physmap {
    domid_t domid;
    uint16_t size;
    uint32_t space; /* XENMAPSPACE_* */
    xen_ulong_t idx;
    xen_pfn_t gpfn;
};

/*
 * XENMEM_add_to_physmap_batch: map size pages of "space" into domain domid,
 * idxs[i] at gpfns[i]. Used by privcmd for foreign mappings with
 * XENMAPSPACE_gmfn_foreign. Per-page results go to errs[i] (0 or a negative
 * error); the call itself returns 0 unless the whole request is bad.
 * IN: domid, space, size, foreign_domid (owner of idxs for gmfn_foreign,
 *   else 0), idxs (xen_ulong_t[size]), gpfns (xen_pfn_t[size]);
 * OUT: errs (int32_t[size]).
 */
struct xen_add_to_physmap_batch {
    domid_t domid;
    uint16_t space; /* XENMAPSPACE_* */
    uint16_t size;
    domid_t foreign_domid;
    xen_guest_handle_t idxs;
    xen_guest_handle_t gpfns;
    xen_guest_handle_t errs;
};

/*
 * XENMEM_remove_from_physmap: unmap whatever is mapped at gfn gpfn of domain
 * domid (a foreign or grant page, shared_info, ...). All fields IN.
 */
struct xen_remove_from_physmap {
    domid_t domid;
    xen_pfn_t gpfn;
};

/* Resource types and ids for XENMEM_acquire_resource. */
#define XENMEM_resource_ioreq_server          0
#define XENMEM_resource_grant_table           1
#define XENMEM_resource_vmtrace_buf           2
#define XENMEM_resource_grant_table_id_shared 0 /* id for grant_table: shared frames */
#define XENMEM_resource_grant_table_id_status 1 /* id for grant_table: v2 status frames */

/*
 * XENMEM_acquire_resource: map frames of another domain's resource (e.g. its
 * grant table) into the caller. nr_frames 0 with a NULL frame_list is a size
 * query. IN: domid, type, id, frame (first frame index), frame_list
 * (xen_pfn_t[nr_frames]: for an auto-translated caller, the caller's gfns to
 * map the frames at); IN/OUT: nr_frames (OUT: the maximum on a size query).
 * flags must be 0 on entry and Domus leaves it 0 (newer Xen calls it "pad";
 * Linux names it flags).
 */
struct xen_mem_acquire_resource {
    domid_t domid;
    uint16_t type;
    uint32_t id;
    uint32_t nr_frames;
    uint32_t flags;
    uint64_t frame;
    xen_guest_handle_t frame_list;
};

#endif
