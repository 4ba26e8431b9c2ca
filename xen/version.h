/* SPDX-License-Identifier: MIT */
/*
 * Domus public interface: __HYPERVISOR_xen_version (17), called as
 * xen_version(cmd, arg). Every sub-op returns 0 on success except
 * XENVER_version and XENVER_pagesize, whose result is the return value.
 * Also the feature bits reported by XENVER_get_features.
 */
#ifndef DOMUS_PUBLIC_VERSION_H
#define DOMUS_PUBLIC_VERSION_H

#include "xen/xen.h"

/* arg unused; returns (major << 16) | minor of the Xen ABI we present. */
#define XENVER_version 0

/* OUT: NUL-terminated version suffix, e.g. ".0" or "-domus". */
#define XENVER_extraversion 1
typedef char xen_extraversion_t[16];
#define XEN_EXTRAVERSION_LEN (sizeof(xen_extraversion_t))

/* OUT: who built the hypervisor, with what, and when (NUL-terminated strings). */
#define XENVER_compile_info 2
struct xen_compile_info {
    char compiler[64];
    char compile_by[16];
    char compile_domain[32];
    char compile_date[32];
};

/* OUT: space-separated guest types accepted, e.g. "xen-3.0-aarch64 ". */
#define XENVER_capabilities 3
typedef char xen_capabilities_info_t[1024];
#define XEN_CAPABILITIES_INFO_LEN (sizeof(xen_capabilities_info_t))

/* OUT: source revision of the hypervisor build. */
#define XENVER_changeset 4
typedef char xen_changeset_info_t[64];
#define XEN_CHANGESET_INFO_LEN (sizeof(xen_changeset_info_t))

/* OUT: start of the hypervisor's reserved virtual range (0 on arm). */
#define XENVER_platform_parameters 5
struct xen_platform_parameters {
    xen_ulong_t virt_start;
};

/*
 * Feature bits, 32 per submap. IN: submap_idx (only 0 exists);
 * OUT: submap, bit n = feature (32 * submap_idx + n).
 */
#define XENVER_get_features 6
struct xen_feature_info {
    uint32_t submap_idx;
    uint32_t submap;
};

/* arg unused; returns the hypervisor page size (4096). */
#define XENVER_pagesize 7

/* OUT: the calling domain's xen_domain_handle_t (UUID, 16 bytes). */
#define XENVER_guest_handle 8

/* OUT: the hypervisor's command line, NUL-terminated. */
#define XENVER_commandline 9
typedef char xen_commandline_t[1024];

/*
 * The hypervisor's build id (raw bytes). arg NULL: returns the length only.
 * Otherwise IN: len = room in buf; OUT: buf; returns the length copied, or
 * -XEN_ENOBUFS if it does not fit, -XEN_ENODATA if there is no build id.
 * len itself is not written back.
 */
#define XENVER_build_id 10
struct xen_build_id {
    uint32_t len;
    unsigned char buf[];
};

/*
 * Variable-length variants of 1, 3, 4 and 9 (newer Xen), used exactly like
 * XENVER_build_id with a struct xen_varbuf; the text has no NUL.
 */
#define XENVER_extraversion2 11
#define XENVER_capabilities2 12
#define XENVER_changeset2    13
#define XENVER_commandline2  14
struct xen_varbuf {
    uint32_t len;
    unsigned char buf[];
};

/*
 * XENFEAT_* bit numbers for XENVER_get_features. What an arm guest needs:
 * auto_translated_physmap for every domain, dom0 for the control domain, and
 * exactly one of direct_mapped (1:1 dom0) or not_direct_mapped (domUs).
 */
#define XENFEAT_writable_page_tables       0  /* guest may write its page tables */
#define XENFEAT_writable_descriptor_tables 1  /* x86 */
#define XENFEAT_auto_translated_physmap    2  /* hypervisor owns gfn->mfn (stage 2) */
#define XENFEAT_supervisor_mode_kernel     3  /* x86 */
#define XENFEAT_pae_pgdir_above_4gb        4  /* x86 */
#define XENFEAT_mmu_pt_update_preserve_ad  5  /* x86 */
#define XENFEAT_highmem_assist             6  /* x86 */
#define XENFEAT_gnttab_map_avail_bits      7  /* x86 PV grant PTE bits */
#define XENFEAT_hvm_callback_vector        8  /* x86 */
#define XENFEAT_hvm_safe_pvclock           9  /* x86 */
#define XENFEAT_hvm_pirqs                  10 /* x86 */
#define XENFEAT_dom0                       11 /* this is the control domain */
#define XENFEAT_grant_map_identity         12 /* deprecated, never set */
#define XENFEAT_memory_op_vnode_supported  13 /* XENMEMF_vnode accepted */
#define XENFEAT_ARM_SMCCC_supported        14 /* SMCCC calls reach the hypervisor */
#define XENFEAT_linux_rsdp_unrestricted    15 /* x86 PVH */
#define XENFEAT_not_direct_mapped          16 /* guest RAM is not 1:1 with host RAM */
#define XENFEAT_direct_mapped              17 /* guest RAM is 1:1 (gfn == mfn) */
#define XENFEAT_runstate_phys_area         18 /* VCPUOP_register_runstate_phys_area */
#define XENFEAT_vcpu_time_phys_area        19 /* VCPUOP_register_vcpu_time_phys_area */
#define XENFEAT_dm_msix_all_writes         20 /* x86 device models */
#define XENFEAT_NR_SUBMAPS                 1

#endif
