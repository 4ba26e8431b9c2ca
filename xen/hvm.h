/* SPDX-License-Identifier: MIT */
/*
 * Domus public interface: __HYPERVISOR_hvm_op (34), called as
 * hvm_op(cmd, arg). On arm only the per-domain parameters are used: a domU
 * reads where its xenstore and console rings are; the toolstack sets them.
 */
#ifndef DOMUS_PUBLIC_HVM_H
#define DOMUS_PUBLIC_HVM_H

#include "xen/xen.h"

#define HVMOP_set_param 0
#define HVMOP_get_param 1

/*
 * Argument of HVMOP_set_param / HVMOP_get_param.
 * IN: domid (DOMID_SELF or, for a privileged caller, another domain), index
 * (HVM_PARAM_*); IN for set, OUT for get: value.
 */
struct xen_hvm_param {
    domid_t domid;
    uint16_t pad;
    uint32_t index;
    uint64_t value;
};

/* Parameter indexes used on arm. */
#define HVM_PARAM_CALLBACK_IRQ     0  /* how events are signalled (encoding below) */
#define HVM_PARAM_STORE_PFN        1  /* gfn of the xenstore ring page */
#define HVM_PARAM_STORE_EVTCHN     2  /* port of the xenstore event channel */
#define HVM_PARAM_CONSOLE_PFN      17 /* gfn of the PV console ring page */
#define HVM_PARAM_CONSOLE_EVTCHN   18 /* port of the PV console event channel */
#define HVM_PARAM_MONITOR_RING_PFN 28 /* gfn of the vm_event monitor ring */
#define HVM_NR_PARAMS              39 /* indexes are below this */

/*
 * HVM_PARAM_CALLBACK_IRQ value: 0 = no callback; otherwise bits 63:56 give
 * the type. On arm the type is PPI: bits 55:16 zero, bits 15:8 flags, bits
 * 7:0 the PPI's interrupt id (16..31). Flags: bit 0 (value bit 8) edge (1) or
 * level (0); bit 1 (value bit 9) active low (1) or high (0).
 * Example: PPI 31, level, active low = 0x020000000000021F.
 */
#define HVM_PARAM_CALLBACK_IRQ_TYPE_SHIFT          56
#define HVM_PARAM_CALLBACK_IRQ_TYPE_MASK           0xFF00000000000000ULL
#define HVM_PARAM_CALLBACK_TYPE_GSI                0 /* x86 */
#define HVM_PARAM_CALLBACK_TYPE_PCI_INTX           1 /* x86 */
#define HVM_PARAM_CALLBACK_TYPE_PPI                2 /* arm */
#define HVM_PARAM_CALLBACK_TYPE_PPI_FLAG_SHIFT     8
#define HVM_PARAM_CALLBACK_TYPE_PPI_FLAG_MASK      0xFF00
#define HVM_PARAM_CALLBACK_TYPE_PPI_FLAG_EDGE      1 /* flag values, before the shift */
#define HVM_PARAM_CALLBACK_TYPE_PPI_FLAG_LOW_LEVEL 2

#define HVM_PARAM_CALLBACK_PPI(ppi, flags)                                                         \
    (((uint64_t)HVM_PARAM_CALLBACK_TYPE_PPI << HVM_PARAM_CALLBACK_IRQ_TYPE_SHIFT) |                \
     ((uint64_t)(flags) << HVM_PARAM_CALLBACK_TYPE_PPI_FLAG_SHIFT) | (uint64_t)(ppi))

#endif
