/* SPDX-License-Identifier: MIT */
/*
 * Domus public interface: __HYPERVISOR_physdev_op (33), called as
 * physdev_op(cmd, arg). On arm, dom0 Linux only reports its PCI devices
 * (drivers/xen/pci.c, from a PCI bus notifier; failures are only logged):
 * pci_device_add / pci_device_remove, falling back to the manage_pci_* ops
 * if the first answer is -XEN_ENOSYS. xen-pciback also reports resets. The
 * PIRQ / IRQ / I/O-port ops are x86 only and are not described here.
 */
#ifndef DOMUS_PUBLIC_PHYSDEV_H
#define DOMUS_PUBLIC_PHYSDEV_H

#include "xen/xen.h"

#define PHYSDEVOP_manage_pci_add     15 /* physdev_manage_pci (segment 0 only) */
#define PHYSDEVOP_manage_pci_remove  16 /* physdev_manage_pci */
#define PHYSDEVOP_manage_pci_add_ext 20 /* physdev_manage_pci_ext */
#define PHYSDEVOP_pci_device_add     25 /* physdev_pci_device_add */
#define PHYSDEVOP_pci_device_remove  26 /* physdev_pci_device */
#define PHYSDEVOP_pci_device_reset   32 /* physdev_pci_device_reset */

/* A PCI function on segment 0 (legacy ops). IN: bus, devfn. */
struct physdev_manage_pci {
    uint8_t bus;
    uint8_t devfn;
};

/*
 * PHYSDEVOP_manage_pci_add_ext: IN bus, devfn; is_extfn (an ARI extended
 * function), is_virtfn (an SR-IOV VF, whose PF is physfn).
 */
struct physdev_manage_pci_ext {
    uint8_t bus;
    uint8_t devfn;
    uint32_t is_extfn;
    uint32_t is_virtfn;
    struct {
        uint8_t bus;
        uint8_t devfn;
    } physfn;
};

/* flags of physdev_pci_device_add. */
#define XEN_PCI_DEV_EXTFN  0x1 /* ARI extended function */
#define XEN_PCI_DEV_VIRTFN 0x2 /* SR-IOV virtual function; physfn is its PF */
#define XEN_PCI_DEV_PXM    0x4 /* optarr[0] holds the ACPI proximity domain */

/*
 * PHYSDEVOP_pci_device_add: dom0 found a PCI function.
 * IN: seg, bus, devfn, flags (XEN_PCI_DEV_*), physfn, optarr (as flags say).
 * sizeof() excludes optarr; Linux passes one element.
 */
struct physdev_pci_device_add {
    uint16_t seg;
    uint8_t bus;
    uint8_t devfn;
    uint32_t flags;
    struct {
        uint8_t bus;
        uint8_t devfn;
    } physfn;
    uint32_t optarr[];
};

/* PHYSDEVOP_pci_device_remove: a PCI function went away. IN: seg, bus, devfn. */
struct physdev_pci_device {
    uint16_t seg;
    uint8_t bus;
    uint8_t devfn;
};

/* reset kinds for physdev_pci_device_reset.flags. */
#define PCI_DEVICE_RESET_COLD 0x0
#define PCI_DEVICE_RESET_WARM 0x1
#define PCI_DEVICE_RESET_HOT  0x2
#define PCI_DEVICE_RESET_FLR  0x3
#define PCI_DEVICE_RESET_MASK 0x3

/*
 * PHYSDEVOP_pci_device_reset: dom0 reset a function (Linux sends FLR).
 * IN: dev, flags (PCI_DEVICE_RESET_*). Xen calls this struct pci_device_reset.
 */
struct physdev_pci_device_reset {
    struct physdev_pci_device dev;
    uint32_t flags;
};

#endif
