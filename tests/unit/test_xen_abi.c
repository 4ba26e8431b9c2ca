/*
 * Host test of the Xen guest ABI headers in xen/: the size, alignment and
 * field offsets of every public structure must be those an arm64 guest
 * uses, even though this test is built by the host (x86_64) compiler.
 *
 * The expected numbers were obtained by compiling Xen's own public headers
 * (xen-project/xen, xen/include/public/, with an aarch64 compiler and
 * __XEN_TOOLS__) and checked again against the Xen headers shipped with
 * Linux 6.1 (include/xen/interface/, include/xen/arm/interface.h, Debian
 * linux-headers-6.1.0-50-common). Two knowing differences from Linux 6.1:
 * its xencons_interface ends after out_prod (3088 bytes; Xen added the
 * connection byte at 3088), and its generic shared_info has an extra x86
 * wc_sec_hi after the arm wall-clock block (1096 bytes; arm Linux reads
 * the seconds' high half at 1084, as here).
 *
 * Each check is made twice: a _Static_assert stops the build on a layout
 * change, and a CHECK counts it in the runner's output.
 */
#include <stddef.h>
#include <stdint.h>

#include "unit.h"
#include "xen/xen.h"
#include "xen/version.h"
#include "xen/memory.h"
#include "xen/vcpu.h"
#include "xen/event_channel.h"
#include "xen/grant_table.h"
#include "xen/sched.h"
#include "xen/console.h"
#include "xen/io_console.h"
#include "xen/hvm.h"
#include "xen/physdev.h"
#include "xen/errno.h"
#include "xen/domus_domctl.h"
#include "xen/domus_sysctl.h"
#include "xen/guest_layout.h"
#include "xen/io_xs_wire.h"

#define SIZE_ALIGN(type, size, align)                                                              \
    do {                                                                                           \
        _Static_assert(sizeof(type) == (size), "sizeof " #type);                                   \
        _Static_assert(_Alignof(type) == (align), "alignment of " #type);                          \
        CHECK(sizeof(type) == (size));                                                             \
        CHECK(_Alignof(type) == (align));                                                          \
    } while (0)

#define OFFSET(type, field, off)                                                                   \
    do {                                                                                           \
        _Static_assert(offsetof(type, field) == (off), "offset of " #type "." #field);             \
        CHECK(offsetof(type, field) == (off));                                                     \
    } while (0)

#define VALUE(name, value)                                                                         \
    do {                                                                                           \
        _Static_assert((name) == (value), #name);                                                  \
        CHECK((name) == (value));                                                                  \
    } while (0)

/* xen/xen.h */
TEST(xen_abi_core)
{
    SIZE_ALIGN(xen_guest_handle_t, 8, 8);
    SIZE_ALIGN(xen_domain_handle_t, 16, 1);
    SIZE_ALIGN(struct multicall_entry, 64, 8);
    OFFSET(struct multicall_entry, op, 0);
    OFFSET(struct multicall_entry, result, 8);
    OFFSET(struct multicall_entry, args, 16);
    SIZE_ALIGN(struct vcpu_time_info, 32, 8);
    OFFSET(struct vcpu_time_info, version, 0);
    OFFSET(struct vcpu_time_info, pad0, 4);
    OFFSET(struct vcpu_time_info, tsc_timestamp, 8);
    OFFSET(struct vcpu_time_info, system_time, 16);
    OFFSET(struct vcpu_time_info, tsc_to_system_mul, 24);
    OFFSET(struct vcpu_time_info, tsc_shift, 28);
    OFFSET(struct vcpu_time_info, flags, 29);
    OFFSET(struct vcpu_time_info, pad1, 30);
    SIZE_ALIGN(struct vcpu_info, 48, 8);
    OFFSET(struct vcpu_info, evtchn_upcall_pending, 0);
    OFFSET(struct vcpu_info, pad0, 1);
    OFFSET(struct vcpu_info, evtchn_pending_sel, 8);
    OFFSET(struct vcpu_info, time, 16);
    SIZE_ALIGN(struct shared_info, 1088, 8);
    OFFSET(struct shared_info, vcpu_info, 0);
    OFFSET(struct shared_info, evtchn_pending, 48);
    OFFSET(struct shared_info, evtchn_mask, 560);
    OFFSET(struct shared_info, wc_version, 1072);
    OFFSET(struct shared_info, wc_sec, 1076);
    OFFSET(struct shared_info, wc_nsec, 1080);
    OFFSET(struct shared_info, wc_sec_hi, 1084);
}

/* xen/version.h */
TEST(xen_abi_version)
{
    SIZE_ALIGN(xen_extraversion_t, 16, 1);
    SIZE_ALIGN(struct xen_compile_info, 144, 1);
    OFFSET(struct xen_compile_info, compiler, 0);
    OFFSET(struct xen_compile_info, compile_by, 64);
    OFFSET(struct xen_compile_info, compile_domain, 80);
    OFFSET(struct xen_compile_info, compile_date, 112);
    SIZE_ALIGN(xen_capabilities_info_t, 1024, 1);
    SIZE_ALIGN(xen_changeset_info_t, 64, 1);
    SIZE_ALIGN(struct xen_platform_parameters, 8, 8);
    OFFSET(struct xen_platform_parameters, virt_start, 0);
    SIZE_ALIGN(struct xen_feature_info, 8, 4);
    OFFSET(struct xen_feature_info, submap_idx, 0);
    OFFSET(struct xen_feature_info, submap, 4);
    SIZE_ALIGN(xen_commandline_t, 1024, 1);
    SIZE_ALIGN(struct xen_build_id, 4, 4);
    OFFSET(struct xen_build_id, len, 0);
    OFFSET(struct xen_build_id, buf, 4);
    SIZE_ALIGN(struct xen_varbuf, 4, 4);
    OFFSET(struct xen_varbuf, len, 0);
    OFFSET(struct xen_varbuf, buf, 4);
}

/* xen/memory.h */
TEST(xen_abi_memory)
{
    SIZE_ALIGN(struct xen_memory_reservation, 32, 8);
    OFFSET(struct xen_memory_reservation, extent_start, 0);
    OFFSET(struct xen_memory_reservation, nr_extents, 8);
    OFFSET(struct xen_memory_reservation, extent_order, 16);
    OFFSET(struct xen_memory_reservation, mem_flags, 20);
    OFFSET(struct xen_memory_reservation, domid, 24);
    SIZE_ALIGN(struct xen_add_to_physmap, 24, 8);
    OFFSET(struct xen_add_to_physmap, domid, 0);
    OFFSET(struct xen_add_to_physmap, size, 2);
    OFFSET(struct xen_add_to_physmap, space, 4);
    OFFSET(struct xen_add_to_physmap, idx, 8);
    OFFSET(struct xen_add_to_physmap, gpfn, 16);
    SIZE_ALIGN(struct xen_add_to_physmap_batch, 32, 8);
    OFFSET(struct xen_add_to_physmap_batch, domid, 0);
    OFFSET(struct xen_add_to_physmap_batch, space, 2);
    OFFSET(struct xen_add_to_physmap_batch, size, 4);
    OFFSET(struct xen_add_to_physmap_batch, foreign_domid, 6);
    OFFSET(struct xen_add_to_physmap_batch, idxs, 8);
    OFFSET(struct xen_add_to_physmap_batch, gpfns, 16);
    OFFSET(struct xen_add_to_physmap_batch, errs, 24);
    SIZE_ALIGN(struct xen_remove_from_physmap, 16, 8);
    OFFSET(struct xen_remove_from_physmap, domid, 0);
    OFFSET(struct xen_remove_from_physmap, gpfn, 8);
    SIZE_ALIGN(struct xen_mem_acquire_resource, 32, 8);
    OFFSET(struct xen_mem_acquire_resource, domid, 0);
    OFFSET(struct xen_mem_acquire_resource, type, 2);
    OFFSET(struct xen_mem_acquire_resource, id, 4);
    OFFSET(struct xen_mem_acquire_resource, nr_frames, 8);
    OFFSET(struct xen_mem_acquire_resource, flags, 12);
    OFFSET(struct xen_mem_acquire_resource, frame, 16);
    OFFSET(struct xen_mem_acquire_resource, frame_list, 24);
}

/* xen/vcpu.h */
TEST(xen_abi_vcpu)
{
    SIZE_ALIGN(struct vcpu_runstate_info, 48, 8);
    OFFSET(struct vcpu_runstate_info, state, 0);
    OFFSET(struct vcpu_runstate_info, state_entry_time, 8);
    OFFSET(struct vcpu_runstate_info, time, 16);
    SIZE_ALIGN(struct vcpu_register_runstate_memory_area, 8, 8);
    OFFSET(struct vcpu_register_runstate_memory_area, addr, 0);
    SIZE_ALIGN(struct vcpu_set_periodic_timer, 8, 8);
    OFFSET(struct vcpu_set_periodic_timer, period_ns, 0);
    SIZE_ALIGN(struct vcpu_set_singleshot_timer, 16, 8);
    OFFSET(struct vcpu_set_singleshot_timer, timeout_abs_ns, 0);
    OFFSET(struct vcpu_set_singleshot_timer, flags, 8);
    SIZE_ALIGN(struct vcpu_register_vcpu_info, 16, 8);
    OFFSET(struct vcpu_register_vcpu_info, mfn, 0);
    OFFSET(struct vcpu_register_vcpu_info, offset, 8);
    OFFSET(struct vcpu_register_vcpu_info, rsvd, 12);
    SIZE_ALIGN(struct vcpu_get_physid, 8, 8);
    OFFSET(struct vcpu_get_physid, phys_id, 0);
    SIZE_ALIGN(struct vcpu_register_time_memory_area, 8, 8);
    OFFSET(struct vcpu_register_time_memory_area, addr, 0);
}

/* xen/event_channel.h */
TEST(xen_abi_event_channel)
{
    SIZE_ALIGN(struct evtchn_alloc_unbound, 8, 4);
    OFFSET(struct evtchn_alloc_unbound, dom, 0);
    OFFSET(struct evtchn_alloc_unbound, remote_dom, 2);
    OFFSET(struct evtchn_alloc_unbound, port, 4);
    SIZE_ALIGN(struct evtchn_bind_interdomain, 12, 4);
    OFFSET(struct evtchn_bind_interdomain, remote_dom, 0);
    OFFSET(struct evtchn_bind_interdomain, remote_port, 4);
    OFFSET(struct evtchn_bind_interdomain, local_port, 8);
    SIZE_ALIGN(struct evtchn_bind_virq, 12, 4);
    OFFSET(struct evtchn_bind_virq, virq, 0);
    OFFSET(struct evtchn_bind_virq, vcpu, 4);
    OFFSET(struct evtchn_bind_virq, port, 8);
    SIZE_ALIGN(struct evtchn_bind_pirq, 12, 4);
    OFFSET(struct evtchn_bind_pirq, pirq, 0);
    OFFSET(struct evtchn_bind_pirq, flags, 4);
    OFFSET(struct evtchn_bind_pirq, port, 8);
    SIZE_ALIGN(struct evtchn_bind_ipi, 8, 4);
    OFFSET(struct evtchn_bind_ipi, vcpu, 0);
    OFFSET(struct evtchn_bind_ipi, port, 4);
    SIZE_ALIGN(struct evtchn_close, 4, 4);
    OFFSET(struct evtchn_close, port, 0);
    SIZE_ALIGN(struct evtchn_send, 4, 4);
    OFFSET(struct evtchn_send, port, 0);
    SIZE_ALIGN(struct evtchn_status, 24, 4);
    OFFSET(struct evtchn_status, dom, 0);
    OFFSET(struct evtchn_status, port, 4);
    OFFSET(struct evtchn_status, status, 8);
    OFFSET(struct evtchn_status, vcpu, 12);
    OFFSET(struct evtchn_status, u, 16);
    OFFSET(struct evtchn_status, u.unbound.dom, 16);
    OFFSET(struct evtchn_status, u.interdomain.dom, 16);
    OFFSET(struct evtchn_status, u.interdomain.port, 20);
    OFFSET(struct evtchn_status, u.pirq, 16);
    OFFSET(struct evtchn_status, u.virq, 16);
    SIZE_ALIGN(struct evtchn_bind_vcpu, 8, 4);
    OFFSET(struct evtchn_bind_vcpu, port, 0);
    OFFSET(struct evtchn_bind_vcpu, vcpu, 4);
    SIZE_ALIGN(struct evtchn_unmask, 4, 4);
    OFFSET(struct evtchn_unmask, port, 0);
    SIZE_ALIGN(struct evtchn_reset, 2, 2);
    OFFSET(struct evtchn_reset, dom, 0);
    SIZE_ALIGN(struct evtchn_init_control, 24, 8);
    OFFSET(struct evtchn_init_control, control_gfn, 0);
    OFFSET(struct evtchn_init_control, offset, 8);
    OFFSET(struct evtchn_init_control, vcpu, 12);
    OFFSET(struct evtchn_init_control, link_bits, 16);
    OFFSET(struct evtchn_init_control, _pad, 17);
    SIZE_ALIGN(struct evtchn_expand_array, 8, 8);
    OFFSET(struct evtchn_expand_array, array_gfn, 0);
    SIZE_ALIGN(struct evtchn_set_priority, 8, 4);
    OFFSET(struct evtchn_set_priority, port, 0);
    OFFSET(struct evtchn_set_priority, priority, 4);
    SIZE_ALIGN(struct evtchn_fifo_control_block, 72, 4);
    OFFSET(struct evtchn_fifo_control_block, ready, 0);
    OFFSET(struct evtchn_fifo_control_block, _rsvd, 4);
    OFFSET(struct evtchn_fifo_control_block, head, 8);
}

/* xen/grant_table.h */
TEST(xen_abi_grant_table)
{
    SIZE_ALIGN(struct grant_entry_v1, 8, 4);
    OFFSET(struct grant_entry_v1, flags, 0);
    OFFSET(struct grant_entry_v1, domid, 2);
    OFFSET(struct grant_entry_v1, frame, 4);
    SIZE_ALIGN(struct grant_entry_header, 4, 2);
    OFFSET(struct grant_entry_header, flags, 0);
    OFFSET(struct grant_entry_header, domid, 2);
    SIZE_ALIGN(union grant_entry_v2, 16, 8);
    OFFSET(union grant_entry_v2, hdr, 0);
    OFFSET(union grant_entry_v2, full_page.frame, 8);
    OFFSET(union grant_entry_v2, sub_page.page_off, 4);
    OFFSET(union grant_entry_v2, sub_page.length, 6);
    OFFSET(union grant_entry_v2, sub_page.frame, 8);
    OFFSET(union grant_entry_v2, transitive.trans_domid, 4);
    OFFSET(union grant_entry_v2, transitive.gref, 8);
    SIZE_ALIGN(struct gnttab_map_grant_ref, 32, 8);
    OFFSET(struct gnttab_map_grant_ref, host_addr, 0);
    OFFSET(struct gnttab_map_grant_ref, flags, 8);
    OFFSET(struct gnttab_map_grant_ref, ref, 12);
    OFFSET(struct gnttab_map_grant_ref, dom, 16);
    OFFSET(struct gnttab_map_grant_ref, status, 18);
    OFFSET(struct gnttab_map_grant_ref, handle, 20);
    OFFSET(struct gnttab_map_grant_ref, dev_bus_addr, 24);
    SIZE_ALIGN(struct gnttab_unmap_grant_ref, 24, 8);
    OFFSET(struct gnttab_unmap_grant_ref, host_addr, 0);
    OFFSET(struct gnttab_unmap_grant_ref, dev_bus_addr, 8);
    OFFSET(struct gnttab_unmap_grant_ref, handle, 16);
    OFFSET(struct gnttab_unmap_grant_ref, status, 20);
    SIZE_ALIGN(struct gnttab_setup_table, 24, 8);
    OFFSET(struct gnttab_setup_table, dom, 0);
    OFFSET(struct gnttab_setup_table, nr_frames, 4);
    OFFSET(struct gnttab_setup_table, status, 8);
    OFFSET(struct gnttab_setup_table, frame_list, 16);
    SIZE_ALIGN(struct gnttab_dump_table, 4, 2);
    OFFSET(struct gnttab_dump_table, dom, 0);
    OFFSET(struct gnttab_dump_table, status, 2);
    SIZE_ALIGN(struct gnttab_transfer, 24, 8);
    OFFSET(struct gnttab_transfer, mfn, 0);
    OFFSET(struct gnttab_transfer, domid, 8);
    OFFSET(struct gnttab_transfer, ref, 12);
    OFFSET(struct gnttab_transfer, status, 16);
    SIZE_ALIGN(struct gnttab_copy_ptr, 16, 8);
    OFFSET(struct gnttab_copy_ptr, u, 0);
    OFFSET(struct gnttab_copy_ptr, u.ref, 0);
    OFFSET(struct gnttab_copy_ptr, u.gmfn, 0);
    OFFSET(struct gnttab_copy_ptr, domid, 8);
    OFFSET(struct gnttab_copy_ptr, offset, 10);
    SIZE_ALIGN(struct gnttab_copy, 40, 8);
    OFFSET(struct gnttab_copy, source, 0);
    OFFSET(struct gnttab_copy, dest, 16);
    OFFSET(struct gnttab_copy, dest.u.gmfn, 16);
    OFFSET(struct gnttab_copy, dest.domid, 24);
    OFFSET(struct gnttab_copy, dest.offset, 26);
    OFFSET(struct gnttab_copy, len, 32);
    OFFSET(struct gnttab_copy, flags, 34);
    OFFSET(struct gnttab_copy, status, 36);
    SIZE_ALIGN(struct gnttab_query_size, 16, 4);
    OFFSET(struct gnttab_query_size, dom, 0);
    OFFSET(struct gnttab_query_size, nr_frames, 4);
    OFFSET(struct gnttab_query_size, max_nr_frames, 8);
    OFFSET(struct gnttab_query_size, status, 12);
    SIZE_ALIGN(struct gnttab_unmap_and_replace, 24, 8);
    OFFSET(struct gnttab_unmap_and_replace, host_addr, 0);
    OFFSET(struct gnttab_unmap_and_replace, new_addr, 8);
    OFFSET(struct gnttab_unmap_and_replace, handle, 16);
    OFFSET(struct gnttab_unmap_and_replace, status, 20);
    SIZE_ALIGN(struct gnttab_set_version, 4, 4);
    OFFSET(struct gnttab_set_version, version, 0);
    SIZE_ALIGN(struct gnttab_get_status_frames, 16, 8);
    OFFSET(struct gnttab_get_status_frames, nr_frames, 0);
    OFFSET(struct gnttab_get_status_frames, dom, 4);
    OFFSET(struct gnttab_get_status_frames, status, 6);
    OFFSET(struct gnttab_get_status_frames, frame_list, 8);
    SIZE_ALIGN(struct gnttab_get_version, 8, 4);
    OFFSET(struct gnttab_get_version, dom, 0);
    OFFSET(struct gnttab_get_version, pad, 2);
    OFFSET(struct gnttab_get_version, version, 4);
    SIZE_ALIGN(struct gnttab_swap_grant_ref, 12, 4);
    OFFSET(struct gnttab_swap_grant_ref, ref_a, 0);
    OFFSET(struct gnttab_swap_grant_ref, ref_b, 4);
    OFFSET(struct gnttab_swap_grant_ref, status, 8);
    SIZE_ALIGN(struct gnttab_cache_flush, 16, 8);
    OFFSET(struct gnttab_cache_flush, a.dev_bus_addr, 0);
    OFFSET(struct gnttab_cache_flush, a.ref, 0);
    OFFSET(struct gnttab_cache_flush, offset, 8);
    OFFSET(struct gnttab_cache_flush, length, 10);
    OFFSET(struct gnttab_cache_flush, op, 12);
}

/* xen/sched.h */
TEST(xen_abi_sched)
{
    SIZE_ALIGN(struct sched_shutdown, 4, 4);
    OFFSET(struct sched_shutdown, reason, 0);
    SIZE_ALIGN(struct sched_poll, 24, 8);
    OFFSET(struct sched_poll, ports, 0);
    OFFSET(struct sched_poll, nr_ports, 8);
    OFFSET(struct sched_poll, timeout, 16);
    SIZE_ALIGN(struct sched_remote_shutdown, 8, 4);
    OFFSET(struct sched_remote_shutdown, domain_id, 0);
    OFFSET(struct sched_remote_shutdown, reason, 4);
    SIZE_ALIGN(struct sched_watchdog, 8, 4);
    OFFSET(struct sched_watchdog, id, 0);
    OFFSET(struct sched_watchdog, timeout, 4);
    SIZE_ALIGN(struct sched_pin_override, 4, 4);
    OFFSET(struct sched_pin_override, pcpu, 0);
}

/* xen/console.h: console_io's sub-ops. */
TEST(xen_abi_console_io)
{
    VALUE(CONSOLEIO_write, 0);
    VALUE(CONSOLEIO_read, 1);
}

/* xen/io_console.h: the PV console ring page as Xen 4.21 lays it out (Linux
 * 6.1 stops after out_prod) and its constants. */
TEST(xen_abi_io_console)
{
    SIZE_ALIGN(XENCONS_RING_IDX, 4, 4);
    SIZE_ALIGN(struct xencons_interface, 3092, 4);
    OFFSET(struct xencons_interface, in, 0);
    OFFSET(struct xencons_interface, out, 1024);
    OFFSET(struct xencons_interface, in_cons, 3072);
    OFFSET(struct xencons_interface, in_prod, 3076);
    OFFSET(struct xencons_interface, out_cons, 3080);
    OFFSET(struct xencons_interface, out_prod, 3084);
    OFFSET(struct xencons_interface, connection, 3088);
    VALUE(XENCONS_IN_SIZE, 1024);
    VALUE(XENCONS_OUT_SIZE, 2048);
    VALUE(sizeof(((struct xencons_interface *)0)->connection), 1);
    VALUE(XENCONSOLE_CONNECTED, 0);
    VALUE(XENCONSOLE_DISCONNECTED, 1);
    struct xencons_interface intf;
    CHECK(MASK_XENCONS_IDX(1025U, intf.in) == 1);
    CHECK(MASK_XENCONS_IDX(2049U, intf.out) == 1);
    CHECK(MASK_XENCONS_IDX(0xffffffffU, intf.out) == 2047);
}

/* xen/hvm.h */
TEST(xen_abi_hvm)
{
    SIZE_ALIGN(struct xen_hvm_param, 16, 8);
    OFFSET(struct xen_hvm_param, domid, 0);
    OFFSET(struct xen_hvm_param, pad, 2);
    OFFSET(struct xen_hvm_param, index, 4);
    OFFSET(struct xen_hvm_param, value, 8);
}

/* xen/physdev.h */
TEST(xen_abi_physdev)
{
    SIZE_ALIGN(struct physdev_manage_pci, 2, 1);
    OFFSET(struct physdev_manage_pci, bus, 0);
    OFFSET(struct physdev_manage_pci, devfn, 1);
    SIZE_ALIGN(struct physdev_manage_pci_ext, 16, 4);
    OFFSET(struct physdev_manage_pci_ext, bus, 0);
    OFFSET(struct physdev_manage_pci_ext, devfn, 1);
    OFFSET(struct physdev_manage_pci_ext, is_extfn, 4);
    OFFSET(struct physdev_manage_pci_ext, is_virtfn, 8);
    OFFSET(struct physdev_manage_pci_ext, physfn.bus, 12);
    OFFSET(struct physdev_manage_pci_ext, physfn.devfn, 13);
    SIZE_ALIGN(struct physdev_pci_device_add, 12, 4);
    OFFSET(struct physdev_pci_device_add, seg, 0);
    OFFSET(struct physdev_pci_device_add, bus, 2);
    OFFSET(struct physdev_pci_device_add, devfn, 3);
    OFFSET(struct physdev_pci_device_add, flags, 4);
    OFFSET(struct physdev_pci_device_add, physfn.bus, 8);
    OFFSET(struct physdev_pci_device_add, physfn.devfn, 9);
    OFFSET(struct physdev_pci_device_add, optarr, 12);
    SIZE_ALIGN(struct physdev_pci_device, 4, 2);
    OFFSET(struct physdev_pci_device, seg, 0);
    OFFSET(struct physdev_pci_device, bus, 2);
    OFFSET(struct physdev_pci_device, devfn, 3);
    SIZE_ALIGN(struct physdev_pci_device_reset, 8, 4);
    OFFSET(struct physdev_pci_device_reset, dev, 0);
    OFFSET(struct physdev_pci_device_reset, flags, 4);
}

/* xen/domus_sysctl.h */
TEST(xen_abi_domus_sysctl)
{
    SIZE_ALIGN(struct domus_sysctl_physinfo, 72, 8);
    OFFSET(struct domus_sysctl_physinfo, nr_cpus, 0);
    OFFSET(struct domus_sysctl_physinfo, xen_version, 4);
    OFFSET(struct domus_sysctl_physinfo, total_pages, 8);
    OFFSET(struct domus_sysctl_physinfo, free_pages, 16);
    OFFSET(struct domus_sysctl_physinfo, timer_hz, 24);
    OFFSET(struct domus_sysctl_physinfo, version_major, 32);
    OFFSET(struct domus_sysctl_physinfo, version_minor, 34);
    OFFSET(struct domus_sysctl_physinfo, pad0, 36);
    OFFSET(struct domus_sysctl_physinfo, version_string, 40);
    SIZE_ALIGN(struct domus_sysctl_readconsole, 40, 8);
    OFFSET(struct domus_sysctl_readconsole, offset, 0);
    OFFSET(struct domus_sysctl_readconsole, buffer, 8);
    OFFSET(struct domus_sysctl_readconsole, size, 16);
    OFFSET(struct domus_sysctl_readconsole, copied, 20);
    OFFSET(struct domus_sysctl_readconsole, first_offset, 24);
    OFFSET(struct domus_sysctl_readconsole, next_offset, 32);
    SIZE_ALIGN(struct domus_sysctl_hypercall_stats, 16, 8);
    OFFSET(struct domus_sysctl_hypercall_stats, domid, 0);
    OFFSET(struct domus_sysctl_hypercall_stats, flags, 2);
    OFFSET(struct domus_sysctl_hypercall_stats, nr_ops, 4);
    OFFSET(struct domus_sysctl_hypercall_stats, counts, 8);
    SIZE_ALIGN(struct domus_sysctl_getdomaininfo, 48, 8);
    OFFSET(struct domus_sysctl_getdomaininfo, domid, 0);
    OFFSET(struct domus_sysctl_getdomaininfo, shutdown_reason, 2);
    OFFSET(struct domus_sysctl_getdomaininfo, flags, 4);
    OFFSET(struct domus_sysctl_getdomaininfo, nr_vcpus, 8);
    OFFSET(struct domus_sysctl_getdomaininfo, vcpus_online, 12);
    OFFSET(struct domus_sysctl_getdomaininfo, tot_pages, 16);
    OFFSET(struct domus_sysctl_getdomaininfo, cpu_time_ns, 40);
    SIZE_ALIGN(struct domus_sysctl, 128, 8);
    OFFSET(struct domus_sysctl, cmd, 0);
    OFFSET(struct domus_sysctl, interface_version, 4);
    OFFSET(struct domus_sysctl, u, 8);
}

/* xen/domus_domctl.h */
TEST(xen_abi_domus_domctl)
{
    SIZE_ALIGN(struct domus_domctl_createdomain, 16, 4);
    OFFSET(struct domus_domctl_createdomain, max_vcpus, 0);
    OFFSET(struct domus_domctl_createdomain, flags, 4);
    OFFSET(struct domus_domctl_createdomain, max_grant_frames, 8);
    OFFSET(struct domus_domctl_createdomain, max_maptrack_frames, 12);
    SIZE_ALIGN(struct domus_domctl_max_mem, 8, 8);
    SIZE_ALIGN(struct domus_domctl_setvcpucontext, 48, 8);
    OFFSET(struct domus_domctl_setvcpucontext, vcpu, 0);
    OFFSET(struct domus_domctl_setvcpucontext, flags, 4);
    OFFSET(struct domus_domctl_setvcpucontext, pc, 8);
    OFFSET(struct domus_domctl_setvcpucontext, x, 16);
    SIZE_ALIGN(struct domus_domctl, 128, 8);
    OFFSET(struct domus_domctl, cmd, 0);
    OFFSET(struct domus_domctl, interface_version, 4);
    OFFSET(struct domus_domctl, domid, 8);
    OFFSET(struct domus_domctl, u, 16);
}

/* xen/guest_layout.h: Xen's domU layout, and regions that do not overlap. */
TEST(xen_abi_guest_layout)
{
    VALUE(GUEST_GICV3_GICD_BASE, 0x03001000);
    VALUE(GUEST_GICV3_GICR0_BASE, 0x03020000);
    VALUE(GUEST_GNTTAB_BASE, 0x38000000);
    VALUE(GUEST_MAGIC_BASE, 0x39000000);
    VALUE(GUEST_RAM0_BASE, 0x40000000);
    VALUE(GUEST_RAM1_BASE, 0x200000000);
    VALUE(GUEST_EVTCHN_PPI, 31);
    VALUE(GUEST_TIMER_VIRT_PPI, 27);
    CHECK(GUEST_GICV3_GICR0_SIZE / GUEST_GICV3_RDIST_STRIDE >= GUEST_MAX_VCPUS);
    CHECK(GUEST_GICV3_GICD_BASE + GUEST_GICV3_GICD_SIZE <= GUEST_GICV3_GICR0_BASE);
    CHECK(GUEST_GICV3_GICR0_BASE + GUEST_GICV3_GICR0_SIZE <= GUEST_PL011_BASE);
    CHECK(GUEST_GNTTAB_BASE + GUEST_GNTTAB_SIZE <= GUEST_MAGIC_BASE);
    CHECK(GUEST_MAGIC_BASE + GUEST_MAGIC_SIZE <= GUEST_RAM0_BASE);
    CHECK(GUEST_RAM0_BASE + GUEST_RAM0_SIZE <= GUEST_RAM1_BASE);
}

/* Hypercall numbers, domain ids, VIRQs and 2-level event-channel sizes. */
TEST(xen_abi_core_values)
{
    VALUE(XEN_HYPERCALL_TAG, 0xEA1);
    VALUE(XEN_PAGE_SIZE, 4096);
    VALUE(__HYPERVISOR_platform_op, 7);
    VALUE(__HYPERVISOR_memory_op, 12);
    VALUE(__HYPERVISOR_multicall, 13);
    VALUE(__HYPERVISOR_xen_version, 17);
    VALUE(__HYPERVISOR_console_io, 18);
    VALUE(__HYPERVISOR_grant_table_op, 20);
    VALUE(__HYPERVISOR_vm_assist, 21);
    VALUE(__HYPERVISOR_vcpu_op, 24);
    VALUE(__HYPERVISOR_sched_op, 29);
    VALUE(__HYPERVISOR_event_channel_op, 32);
    VALUE(__HYPERVISOR_physdev_op, 33);
    VALUE(__HYPERVISOR_hvm_op, 34);
    VALUE(__HYPERVISOR_sysctl, 35);
    VALUE(__HYPERVISOR_domctl, 36);
    VALUE(__HYPERVISOR_dm_op, 41);
    VALUE(__HYPERVISOR_hypfs_op, 42);
    VALUE(__HYPERVISOR_arch_7, 55);
    VALUE(VMASST_CMD_enable, 0);
    VALUE(VMASST_TYPE_runstate_update_flag, 5);

    VALUE(DOMID_FIRST_RESERVED, 0x7FF0);
    VALUE(DOMID_SELF, 0x7FF0);
    VALUE(DOMID_IO, 0x7FF1);
    VALUE(DOMID_XEN, 0x7FF2);
    VALUE(DOMID_COW, 0x7FF3);
    VALUE(DOMID_INVALID, 0x7FF4);
    VALUE(DOMID_ANY, 0x7FF5);
    VALUE(DOMID_IDLE, 0x7FFF);

    VALUE(VIRQ_TIMER, 0);
    VALUE(VIRQ_CONSOLE, 2);
    VALUE(VIRQ_DOM_EXC, 3);
    VALUE(VIRQ_CON_RING, 8);
    VALUE(VIRQ_ARCH_0, 16);
    VALUE(NR_VIRQS, 24);

    /* 2-level ABI on arm64: 64 words of 64 bits, one bit per port. */
    VALUE(EVTCHN_2L_NR_CHANNELS, 4096);
    VALUE(sizeof(((struct shared_info *)0)->evtchn_pending) * 8, EVTCHN_2L_NR_CHANNELS);
    VALUE(sizeof(((struct shared_info *)0)->evtchn_mask) * 8, EVTCHN_2L_NR_CHANNELS);
    VALUE(sizeof(((struct vcpu_info *)0)->evtchn_pending_sel) * 8, XEN_EVTCHN_2L_WORDS);
    VALUE(XEN_LEGACY_MAX_VCPUS, 1);
    CHECK(sizeof(struct shared_info) <= XEN_PAGE_SIZE);

    xen_guest_handle_t h = XEN_GUEST_HANDLE_INIT(0xffff800012345678ULL);
    CHECK(h.p == 0xffff800012345678ULL);
}

TEST(xen_abi_version_values)
{
    VALUE(XENVER_version, 0);
    VALUE(XENVER_capabilities, 3);
    VALUE(XENVER_get_features, 6);
    VALUE(XENVER_pagesize, 7);
    VALUE(XENVER_commandline, 9);
    VALUE(XENVER_build_id, 10);
    VALUE(XENVER_commandline2, 14);
    VALUE(XEN_EXTRAVERSION_LEN, 16);
    VALUE(XEN_CAPABILITIES_INFO_LEN, 1024);
    VALUE(XEN_CHANGESET_INFO_LEN, 64);
    VALUE(XENFEAT_writable_page_tables, 0);
    VALUE(XENFEAT_auto_translated_physmap, 2);
    VALUE(XENFEAT_supervisor_mode_kernel, 3);
    VALUE(XENFEAT_hvm_callback_vector, 8);
    VALUE(XENFEAT_dom0, 11);
    VALUE(XENFEAT_grant_map_identity, 12);
    VALUE(XENFEAT_ARM_SMCCC_supported, 14);
    VALUE(XENFEAT_not_direct_mapped, 16);
    VALUE(XENFEAT_direct_mapped, 17);
    VALUE(XENFEAT_runstate_phys_area, 18);
    VALUE(XENFEAT_NR_SUBMAPS, 1);
}

TEST(xen_abi_memory_values)
{
    VALUE(XENMEM_increase_reservation, 0);
    VALUE(XENMEM_decrease_reservation, 1);
    VALUE(XENMEM_maximum_ram_page, 2);
    VALUE(XENMEM_current_reservation, 3);
    VALUE(XENMEM_maximum_reservation, 4);
    VALUE(XENMEM_populate_physmap, 6);
    VALUE(XENMEM_add_to_physmap, 7);
    VALUE(XENMEM_remove_from_physmap, 15);
    VALUE(XENMEM_add_to_physmap_batch, 23);
    VALUE(XENMEM_acquire_resource, 28);
    VALUE(MEMOP_EXTENT_SHIFT, 6);
    VALUE(MEMOP_CMD_MASK, 63);
    VALUE(XENMAPSPACE_shared_info, 0);
    VALUE(XENMAPSPACE_grant_table, 1);
    VALUE(XENMAPSPACE_gmfn, 2);
    VALUE(XENMAPSPACE_gmfn_range, 3);
    VALUE(XENMAPSPACE_gmfn_foreign, 4);
    VALUE(XENMAPSPACE_dev_mmio, 5);
    VALUE(XENMAPIDX_grant_table_status, 0x80000000U);
    VALUE(XENMEM_resource_grant_table, 1);
    VALUE(XENMEMF_node(0), 0x100);
}

TEST(xen_abi_vcpu_values)
{
    VALUE(VCPUOP_initialise, 0);
    VALUE(VCPUOP_up, 1);
    VALUE(VCPUOP_down, 2);
    VALUE(VCPUOP_is_up, 3);
    VALUE(VCPUOP_get_runstate_info, 4);
    VALUE(VCPUOP_register_runstate_memory_area, 5);
    VALUE(VCPUOP_set_periodic_timer, 6);
    VALUE(VCPUOP_stop_singleshot_timer, 9);
    VALUE(VCPUOP_register_vcpu_info, 10);
    VALUE(VCPUOP_register_vcpu_time_phys_area, 15);
    VALUE(RUNSTATE_running, 0);
    VALUE(RUNSTATE_offline, 3);
    VALUE(XEN_RUNSTATE_UPDATE, 0x8000000000000000ULL);
    VALUE(VCPU_SSHOTTMR_future, 1);
}

TEST(xen_abi_event_channel_values)
{
    VALUE(EVTCHNOP_bind_interdomain, 0);
    VALUE(EVTCHNOP_bind_virq, 1);
    VALUE(EVTCHNOP_bind_pirq, 2);
    VALUE(EVTCHNOP_close, 3);
    VALUE(EVTCHNOP_send, 4);
    VALUE(EVTCHNOP_status, 5);
    VALUE(EVTCHNOP_alloc_unbound, 6);
    VALUE(EVTCHNOP_bind_ipi, 7);
    VALUE(EVTCHNOP_bind_vcpu, 8);
    VALUE(EVTCHNOP_unmask, 9);
    VALUE(EVTCHNOP_reset, 10);
    VALUE(EVTCHNOP_init_control, 11);
    VALUE(EVTCHNOP_expand_array, 12);
    VALUE(EVTCHNOP_set_priority, 13);
    VALUE(EVTCHNSTAT_closed, 0);
    VALUE(EVTCHNSTAT_unbound, 1);
    VALUE(EVTCHNSTAT_interdomain, 2);
    VALUE(EVTCHNSTAT_pirq, 3);
    VALUE(EVTCHNSTAT_virq, 4);
    VALUE(EVTCHNSTAT_ipi, 5);
    VALUE(BIND_PIRQ__WILL_SHARE, 1);
    VALUE(EVTCHN_FIFO_PRIORITY_DEFAULT, 7);
    VALUE(EVTCHN_FIFO_MAX_QUEUES, 16);
    VALUE(EVTCHN_FIFO_PENDING, 31);
    VALUE(EVTCHN_FIFO_BUSY, 28);
    VALUE(EVTCHN_FIFO_LINK_MASK, 0x1FFFF);
    VALUE(EVTCHN_FIFO_NR_CHANNELS, 131072);
}

TEST(xen_abi_grant_table_values)
{
    VALUE(GNTTABOP_map_grant_ref, 0);
    VALUE(GNTTABOP_unmap_grant_ref, 1);
    VALUE(GNTTABOP_setup_table, 2);
    VALUE(GNTTABOP_dump_table, 3);
    VALUE(GNTTABOP_transfer, 4);
    VALUE(GNTTABOP_copy, 5);
    VALUE(GNTTABOP_query_size, 6);
    VALUE(GNTTABOP_unmap_and_replace, 7);
    VALUE(GNTTABOP_set_version, 8);
    VALUE(GNTTABOP_get_status_frames, 9);
    VALUE(GNTTABOP_get_version, 10);
    VALUE(GNTTABOP_swap_grant_ref, 11);
    VALUE(GNTTABOP_cache_flush, 12);
    VALUE(GNTTAB_V1_ENTRIES_PER_FRAME, 512);
    VALUE(GNTTAB_NR_RESERVED_ENTRIES, 8);
    VALUE(GTF_permit_access, 1);
    VALUE(GTF_accept_transfer, 2);
    VALUE(GTF_transitive, 3);
    VALUE(GTF_readonly, 0x4);
    VALUE(GTF_reading, 0x8);
    VALUE(GTF_writing, 0x10);
    VALUE(GTF_sub_page, 0x100);
    VALUE(GNTMAP_device_map, 1);
    VALUE(GNTMAP_host_map, 2);
    VALUE(GNTMAP_readonly, 4);
    VALUE(GNTMAP_application_map, 8);
    VALUE(GNTMAP_contains_pte, 16);
    VALUE(GNTCOPY_source_gref, 1);
    VALUE(GNTCOPY_dest_gref, 2);
    VALUE(GNTTAB_CACHE_CLEAN, 1);
    VALUE(GNTTAB_CACHE_INVAL, 2);
    VALUE(GNTTAB_CACHE_SOURCE_GREF, 0x80000000U);
    VALUE(GNTST_okay, 0);
    VALUE(GNTST_general_error, -1);
    VALUE(GNTST_bad_gntref, -3);
    VALUE(GNTST_permission_denied, -8);
    VALUE(GNTST_bad_copy_arg, -10);
    VALUE(GNTST_eagain, -12);
    VALUE(GNTST_no_space, -13);
}

TEST(xen_abi_sched_console_hvm_physdev_values)
{
    VALUE(SCHEDOP_yield, 0);
    VALUE(SCHEDOP_block, 1);
    VALUE(SCHEDOP_shutdown, 2);
    VALUE(SCHEDOP_poll, 3);
    VALUE(SCHEDOP_remote_shutdown, 4);
    VALUE(SCHEDOP_shutdown_code, 5);
    VALUE(SCHEDOP_watchdog, 6);
    VALUE(SHUTDOWN_poweroff, 0);
    VALUE(SHUTDOWN_reboot, 1);
    VALUE(SHUTDOWN_suspend, 2);
    VALUE(SHUTDOWN_crash, 3);
    VALUE(SHUTDOWN_watchdog, 4);
    VALUE(SHUTDOWN_soft_reset, 5);

    VALUE(CONSOLEIO_write, 0);
    VALUE(CONSOLEIO_read, 1);
    VALUE(XENCONSOLE_CONNECTED, 0);
    struct xencons_interface *ring = 0;
    VALUE(MASK_XENCONS_IDX(1025U, ring->in), 1);
    VALUE(MASK_XENCONS_IDX(2049U, ring->out), 1);
    CHECK(sizeof(struct xencons_interface) <= XEN_PAGE_SIZE);

    VALUE(HVMOP_set_param, 0);
    VALUE(HVMOP_get_param, 1);
    VALUE(HVM_PARAM_CALLBACK_IRQ, 0);
    VALUE(HVM_PARAM_STORE_PFN, 1);
    VALUE(HVM_PARAM_STORE_EVTCHN, 2);
    VALUE(HVM_PARAM_CONSOLE_PFN, 17);
    VALUE(HVM_PARAM_CONSOLE_EVTCHN, 18);
    VALUE(HVM_PARAM_MONITOR_RING_PFN, 28);
    VALUE(HVM_PARAM_CALLBACK_TYPE_PPI, 2);
    /* What Xen's toolstack stores for the domU upcall: PPI 31, level, active low. */
    VALUE(HVM_PARAM_CALLBACK_PPI(31, HVM_PARAM_CALLBACK_TYPE_PPI_FLAG_LOW_LEVEL),
          0x020000000000021FULL);

    VALUE(PHYSDEVOP_manage_pci_add, 15);
    VALUE(PHYSDEVOP_manage_pci_remove, 16);
    VALUE(PHYSDEVOP_manage_pci_add_ext, 20);
    VALUE(PHYSDEVOP_pci_device_add, 25);
    VALUE(PHYSDEVOP_pci_device_remove, 26);
    VALUE(PHYSDEVOP_pci_device_reset, 32);
    VALUE(XEN_PCI_DEV_PXM, 4);
}

/* Xen's errno list (xen/include/public/errno.h), the same as Linux's. */
TEST(xen_abi_errno_values)
{
    VALUE(XEN_EPERM, 1);
    VALUE(XEN_ENOENT, 2);
    VALUE(XEN_ESRCH, 3);
    VALUE(XEN_EINTR, 4);
    VALUE(XEN_EIO, 5);
    VALUE(XEN_ENXIO, 6);
    VALUE(XEN_E2BIG, 7);
    VALUE(XEN_EBADF, 9);
    VALUE(XEN_EAGAIN, 11);
    VALUE(XEN_ENOMEM, 12);
    VALUE(XEN_EACCES, 13);
    VALUE(XEN_EFAULT, 14);
    VALUE(XEN_EBUSY, 16);
    VALUE(XEN_EEXIST, 17);
    VALUE(XEN_EXDEV, 18);
    VALUE(XEN_ENODEV, 19);
    VALUE(XEN_EINVAL, 22);
    VALUE(XEN_ENFILE, 23);
    VALUE(XEN_ENOSPC, 28);
    VALUE(XEN_ERANGE, 34);
    VALUE(XEN_ENOSYS, 38);
    VALUE(XEN_ENOTEMPTY, 39);
    VALUE(XEN_ENODATA, 61);
    VALUE(XEN_ETIME, 62);
    VALUE(XEN_EOVERFLOW, 75);
    VALUE(XEN_ERESTART, 85);
    VALUE(XEN_EOPNOTSUPP, 95);
    VALUE(XEN_ENOBUFS, 105);
    VALUE(XEN_EISCONN, 106);
    VALUE(XEN_ETIMEDOUT, 110);
    VALUE(XEN_ECONNREFUSED, 111);
}

TEST(xen_abi_domus_sysctl_values)
{
    VALUE(DOMUS_HYPERCALL_sysctl, 35);
    VALUE(DOMUS_SYSCTL_INTERFACE_VERSION, 2);
    VALUE(DOMUS_SYSCTL_physinfo, 1);
    VALUE(DOMUS_SYSCTL_readconsole, 2);
    VALUE(DOMUS_SYSCTL_hypercall_stats, 3);
    VALUE(sizeof(((struct domus_sysctl *)0)->u), 120);
}

/* xen/io_xs_wire.h: message types, the header, the ring page and its limits,
 * as in Linux 6.1's include/xen/interface/io/xs_wire.h (20 was XS_RESTRICT,
 * since removed, so RESET_WATCHES is 21 and DIRECTORY_PART 22). */
TEST(xen_abi_xs_wire)
{
    VALUE(XS_CONTROL, 0);
    VALUE(XS_DIRECTORY, 1);
    VALUE(XS_READ, 2);
    VALUE(XS_GET_PERMS, 3);
    VALUE(XS_WATCH, 4);
    VALUE(XS_UNWATCH, 5);
    VALUE(XS_TRANSACTION_START, 6);
    VALUE(XS_TRANSACTION_END, 7);
    VALUE(XS_INTRODUCE, 8);
    VALUE(XS_RELEASE, 9);
    VALUE(XS_GET_DOMAIN_PATH, 10);
    VALUE(XS_WRITE, 11);
    VALUE(XS_MKDIR, 12);
    VALUE(XS_RM, 13);
    VALUE(XS_SET_PERMS, 14);
    VALUE(XS_WATCH_EVENT, 15);
    VALUE(XS_ERROR, 16);
    VALUE(XS_IS_DOMAIN_INTRODUCED, 17);
    VALUE(XS_RESUME, 18);
    VALUE(XS_SET_TARGET, 19);
    VALUE(XS_RESTRICT, 20);
    VALUE(XS_RESET_WATCHES, 21);
    VALUE(XS_DIRECTORY_PART, 22);
    VALUE(XS_INVALID, 0xffff);
    SIZE_ALIGN(struct xsd_sockmsg, 16, 4);
    OFFSET(struct xsd_sockmsg, type, 0);
    OFFSET(struct xsd_sockmsg, req_id, 4);
    OFFSET(struct xsd_sockmsg, tx_id, 8);
    OFFSET(struct xsd_sockmsg, len, 12);
    SIZE_ALIGN(struct xenstore_domain_interface, 2076, 4);
    OFFSET(struct xenstore_domain_interface, req, 0);
    OFFSET(struct xenstore_domain_interface, rsp, 1024);
    OFFSET(struct xenstore_domain_interface, req_cons, 2048);
    OFFSET(struct xenstore_domain_interface, req_prod, 2052);
    OFFSET(struct xenstore_domain_interface, rsp_cons, 2056);
    OFFSET(struct xenstore_domain_interface, rsp_prod, 2060);
    OFFSET(struct xenstore_domain_interface, server_features, 2064);
    OFFSET(struct xenstore_domain_interface, connection, 2068);
    OFFSET(struct xenstore_domain_interface, error, 2072);
    VALUE(XENSTORE_RING_SIZE, 1024);
    VALUE(MASK_XENSTORE_IDX(1025U), 1);
    VALUE(XENSTORE_PAYLOAD_MAX, 4096);
    VALUE(XENSTORE_ABS_PATH_MAX, 3072);
    VALUE(XENSTORE_REL_PATH_MAX, 2048);
    VALUE(XENSTORE_SERVER_FEATURE_RECONNECTION, 1);
    VALUE(XENSTORE_SERVER_FEATURE_ERROR, 2);
    VALUE(XENSTORE_CONNECTED, 0);
    VALUE(XENSTORE_RECONNECT, 1);
    VALUE(XENSTORE_ERROR_NONE, 0);
    VALUE(XENSTORE_ERROR_COMM, 1);
    VALUE(XENSTORE_ERROR_RINGIDX, 2);
    VALUE(XENSTORE_ERROR_PROTO, 3);
    VALUE(GNTTAB_RESERVED_XENSTORE, 1);
}
