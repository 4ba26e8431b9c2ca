/* SPDX-License-Identifier: MIT */
/*
 * Domus public interface: grant tables and __HYPERVISOR_grant_table_op (20),
 * called as grant_table_op(cmd, array, count) on an array of count argument
 * structures. The hypercall returns 0 once the batch is processed; each
 * entry's own result is in its status field (GNTST_*).
 *
 * A domain shares one of its frames by filling a grant entry in its own
 * grant table (frames it maps with XENMAPSPACE_grant_table); the grantee
 * names it by (granting domid, grant_ref_t) to map or copy it.
 */
#ifndef DOMUS_PUBLIC_GRANT_TABLE_H
#define DOMUS_PUBLIC_GRANT_TABLE_H

#include "xen/xen.h"

typedef uint32_t grant_ref_t;    /* index into a domain's grant table */
typedef uint32_t grant_handle_t; /* names one mapping made by map_grant_ref */

/*
 * Version 1 grant entry (8 bytes; 512 per frame), written by the granting
 * guest: domid and frame first, then (after a barrier) flags. The hypervisor
 * keeps GTF_reading/GTF_writing up to date while the grant is in use.
 * flags: GTF_*; domid: who may use the grant; frame: the granter's gfn.
 */
struct grant_entry_v1 {
    uint16_t flags;
    domid_t domid;
    uint32_t frame;
};

#define GNTTAB_V1_ENTRIES_PER_FRAME (XEN_PAGE_SIZE / 8U)

/* Entries 0..7 are not handed out by guests; 0 and 1 may be pre-filled by the
 * domain builder for the console and xenstore rings. */
#define GNTTAB_NR_RESERVED_ENTRIES 8
#define GNTTAB_RESERVED_CONSOLE    0
#define GNTTAB_RESERVED_XENSTORE   1

/* flags, bits 1:0: the kind of grant. */
#define GTF_invalid         (0U << 0) /* grants nothing */
#define GTF_permit_access   (1U << 0) /* domid may map / copy frame */
#define GTF_accept_transfer (2U << 0) /* domid may transfer a page to us */
#define GTF_transitive      (3U << 0) /* v2 only: re-grant of another grant */
#define GTF_type_mask       (3U << 0)

/* flags, other bits, for GTF_permit_access. [G] = guest writes, [H] =
 * hypervisor writes. */
#define _GTF_readonly 2
#define GTF_readonly  (1U << _GTF_readonly) /* [G] read-only access only */
#define _GTF_reading  3
#define GTF_reading   (1U << _GTF_reading) /* [H] in use for reading */
#define _GTF_writing  4
#define GTF_writing   (1U << _GTF_writing) /* [H] in use for writing */
#define _GTF_PWT      5
#define GTF_PWT       (1U << _GTF_PWT) /* x86 cache attribute */
#define _GTF_PCD      6
#define GTF_PCD       (1U << _GTF_PCD) /* x86 cache attribute */
#define _GTF_PAT      7
#define GTF_PAT       (1U << _GTF_PAT) /* x86 cache attribute */
#define _GTF_sub_page 8
#define GTF_sub_page  (1U << _GTF_sub_page) /* [G] v2: byte range only, copy only */

/* flags, for GTF_accept_transfer (same bits as reading/writing). */
#define _GTF_transfer_committed 2
#define GTF_transfer_committed  (1U << _GTF_transfer_committed)
#define _GTF_transfer_completed 3
#define GTF_transfer_completed  (1U << _GTF_transfer_completed)

/* ------------------------------------------------------------------------
 * Version 2 entries (16 bytes) and status words. Domus supports version 1
 * only; these are here so the sizes are known and checked.
 */
struct grant_entry_header {
    uint16_t flags;
    domid_t domid;
};

union grant_entry_v2 {
    struct grant_entry_header hdr;
    struct {
        struct grant_entry_header hdr;
        uint32_t pad0;
        uint64_t frame;
    } full_page;
    struct {
        struct grant_entry_header hdr;
        uint16_t page_off;
        uint16_t length;
        uint64_t frame;
    } sub_page;
    struct {
        struct grant_entry_header hdr;
        domid_t trans_domid;
        uint16_t pad0;
        grant_ref_t gref;
    } transitive;
    uint32_t spacer[4];
};

typedef uint16_t grant_status_t;

/* ------------------------------------------------------------------------
 * Sub-ops.
 */
#define GNTTABOP_map_grant_ref     0
#define GNTTABOP_unmap_grant_ref   1
#define GNTTABOP_setup_table       2
#define GNTTABOP_dump_table        3
#define GNTTABOP_transfer          4
#define GNTTABOP_copy              5
#define GNTTABOP_query_size        6
#define GNTTABOP_unmap_and_replace 7
#define GNTTABOP_set_version       8
#define GNTTABOP_get_status_frames 9
#define GNTTABOP_get_version       10
#define GNTTABOP_swap_grant_ref    11
#define GNTTABOP_cache_flush       12

/* flags of gnttab_map_grant_ref. On arm only host_map and readonly are
 * accepted. */
#define _GNTMAP_device_map      0
#define GNTMAP_device_map       (1U << _GNTMAP_device_map) /* for device DMA */
#define _GNTMAP_host_map        1
#define GNTMAP_host_map         (1U << _GNTMAP_host_map) /* for the CPU, at host_addr */
#define _GNTMAP_readonly        2
#define GNTMAP_readonly         (1U << _GNTMAP_readonly) /* map read-only */
#define _GNTMAP_application_map 3
#define GNTMAP_application_map  (1U << _GNTMAP_application_map) /* x86 PV user */
#define _GNTMAP_contains_pte    4
#define GNTMAP_contains_pte     (1U << _GNTMAP_contains_pte) /* x86 PV: host_addr is a PTE */
#define _GNTMAP_guest_avail0    16
#define GNTMAP_guest_avail_mask (0xFFFFFFFFU << _GNTMAP_guest_avail0)

/*
 * GNTTABOP_map_grant_ref: map grant (dom, ref). On arm host_addr is the
 * guest physical address (page aligned) where the frame appears.
 * IN: host_addr, flags (GNTMAP_*), ref, dom;
 * OUT: status, handle (for the unmap), dev_bus_addr (machine address of the
 * granted frame, for DMA).
 */
struct gnttab_map_grant_ref {
    uint64_t host_addr;
    uint32_t flags;
    grant_ref_t ref;
    domid_t dom;
    int16_t status;
    grant_handle_t handle;
    uint64_t dev_bus_addr;
};

/*
 * GNTTABOP_unmap_grant_ref: undo the mapping "handle". A zero host_addr or
 * dev_bus_addr means "not given".
 * IN: host_addr, dev_bus_addr, handle; OUT: status.
 */
struct gnttab_unmap_grant_ref {
    uint64_t host_addr;
    uint64_t dev_bus_addr;
    grant_handle_t handle;
    int16_t status;
};

/*
 * GNTTABOP_setup_table: grow dom's table to nr_frames and list its frames
 * (for guests without auto-translation; unused on arm).
 * IN: dom, nr_frames, frame_list (xen_pfn_t[nr_frames], filled); OUT: status.
 */
struct gnttab_setup_table {
    domid_t dom;
    uint32_t nr_frames;
    int16_t status;
    xen_guest_handle_t frame_list;
};

/* GNTTABOP_dump_table: print dom's table on the hypervisor console.
 * IN: dom; OUT: status. */
struct gnttab_dump_table {
    domid_t dom;
    int16_t status;
};

/*
 * GNTTABOP_transfer: give page mfn to domain domid, into its
 * GTF_accept_transfer entry ref. IN: mfn, domid, ref; OUT: status.
 */
struct gnttab_transfer {
    xen_pfn_t mfn;
    domid_t domid;
    grant_ref_t ref;
    int16_t status;
};

/* flags of gnttab_copy: which sides are grant references. */
#define _GNTCOPY_source_gref 0
#define GNTCOPY_source_gref  (1U << _GNTCOPY_source_gref)
#define _GNTCOPY_dest_gref   1
#define GNTCOPY_dest_gref    (1U << _GNTCOPY_dest_gref)

/*
 * One side of a grant copy: either a grant (u.ref of domain domid, when the
 * matching GNTCOPY_*_gref flag is set) or a frame of the caller (u.gmfn, a
 * gfn, with domid = DOMID_SELF). offset: byte offset in that frame.
 */
struct gnttab_copy_ptr {
    union {
        grant_ref_t ref;
        xen_pfn_t gmfn;
    } u;
    domid_t domid;
    uint16_t offset;
};

/*
 * GNTTABOP_copy: copy len bytes from source to dest; neither side may cross
 * its frame. IN: source, dest, len, flags (GNTCOPY_*); OUT: status.
 */
struct gnttab_copy {
    struct gnttab_copy_ptr source;
    struct gnttab_copy_ptr dest;
    uint16_t len;
    uint16_t flags;
    int16_t status;
};

/*
 * GNTTABOP_query_size: current and maximum number of grant frames of dom.
 * IN: dom; OUT: nr_frames, max_nr_frames, status.
 */
struct gnttab_query_size {
    domid_t dom;
    uint32_t nr_frames;
    uint32_t max_nr_frames;
    int16_t status;
};

/*
 * GNTTABOP_unmap_and_replace: x86 PV only.
 * IN: host_addr, new_addr, handle; OUT: status.
 */
struct gnttab_unmap_and_replace {
    uint64_t host_addr;
    uint64_t new_addr;
    grant_handle_t handle;
    int16_t status;
};

/*
 * GNTTABOP_set_version: choose the entry format (1 or 2) before any grant is
 * used. IN: version; OUT: version in effect (the hypercall fails if the
 * request cannot be met).
 */
struct gnttab_set_version {
    uint32_t version;
};

/*
 * GNTTABOP_get_status_frames (v2): list the frames of dom's status table.
 * IN: nr_frames, dom, frame_list (uint64_t[nr_frames], filled); OUT: status.
 */
struct gnttab_get_status_frames {
    uint32_t nr_frames;
    domid_t dom;
    int16_t status;
    xen_guest_handle_t frame_list;
};

/* GNTTABOP_get_version: IN dom; OUT version (1 or 2). */
struct gnttab_get_version {
    domid_t dom;
    uint16_t pad;
    uint32_t version;
};

/* GNTTABOP_swap_grant_ref: swap two of the caller's entries.
 * IN: ref_a, ref_b; OUT: status. */
struct gnttab_swap_grant_ref {
    grant_ref_t ref_a;
    grant_ref_t ref_b;
    int16_t status;
};

/* op bits of gnttab_cache_flush. */
#define GNTTAB_CACHE_CLEAN       (1U << 0)  /* clean to the point of coherency */
#define GNTTAB_CACHE_INVAL       (1U << 1)  /* invalidate */
#define GNTTAB_CACHE_SOURCE_GREF (1U << 31) /* a.ref names a grant, not an address */

/*
 * GNTTABOP_cache_flush: clean and/or invalidate the data cache for bytes
 * [offset, offset + length) of one frame, named by a.dev_bus_addr: the
 * machine address of a page the caller owns or has mapped from a grant.
 * Naming it by grant (GNTTAB_CACHE_SOURCE_GREF, a.ref) is reserved; Xen
 * answers -XEN_EOPNOTSUPP. All fields IN; the hypercall result is the only
 * status. An all-zero entry is a no-op, which Linux uses as a probe.
 */
struct gnttab_cache_flush {
    union {
        uint64_t dev_bus_addr;
        grant_ref_t ref;
    } a;
    uint16_t offset;
    uint16_t length;
    uint32_t op;
};

/* status codes of the per-entry status fields. */
#define GNTST_okay              0
#define GNTST_general_error     (-1)
#define GNTST_bad_domain        (-2)  /* no such domain */
#define GNTST_bad_gntref        (-3)  /* ref out of range or not usable */
#define GNTST_bad_handle        (-4)  /* no such mapping handle */
#define GNTST_bad_virt_addr     (-5)  /* host_addr not acceptable */
#define GNTST_bad_dev_addr      (-6)  /* dev_bus_addr not acceptable */
#define GNTST_no_device_space   (-7)  /* IOMMU out of room */
#define GNTST_permission_denied (-8)  /* e.g. write access to a read-only grant */
#define GNTST_bad_page          (-9)  /* the frame cannot be used */
#define GNTST_bad_copy_arg      (-10) /* copy crosses a frame boundary */
#define GNTST_address_too_big   (-11) /* transfer: frame above the limit */
#define GNTST_eagain            (-12) /* try again later */
#define GNTST_no_space          (-13) /* out of maptrack or table space */

#endif
