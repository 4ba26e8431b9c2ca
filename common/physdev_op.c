/*
 * physdev_op: the PCI devices the control domain finds. Linux's dom0
 * reports every device it enumerates (PHYSDEVOP_pci_device_add, or the
 * older manage_pci_add when segments are refused) so that the hypervisor
 * knows what may later be assigned to other domains behind the IOMMU.
 * Domus keeps that list; nothing else changes. Interrupt routing sub-ops
 * (PIRQs, MSI mapping) are x86 matters: -ENOSYS, as Xen on arm.
 */
#include "common/errno.h"
#include "common/guest_access.h"
#include "common/hypercall.h"
#include "common/log.h"
#include "common/spinlock.h"
#include "xen/physdev.h"

#define MAX_PCI_DEVICES 256

struct pci_dev_entry {
    bool in_use;
    uint16_t seg;
    uint8_t bus;
    uint8_t devfn;
    uint32_t flags; /* XEN_PCI_DEV_* */
};

static struct pci_dev_entry pci_devs[MAX_PCI_DEVICES];
static spinlock_t pci_lock = SPINLOCK_INIT;

static struct pci_dev_entry *find(uint16_t seg, uint8_t bus, uint8_t devfn)
{
    for (unsigned int i = 0; i < MAX_PCI_DEVICES; i++)
        if (pci_devs[i].in_use && pci_devs[i].seg == seg && pci_devs[i].bus == bus &&
            pci_devs[i].devfn == devfn)
            return &pci_devs[i];
    return NULL;
}

/* Reporting a known device again updates its flags, as on Xen. */
static long add(uint16_t seg, uint8_t bus, uint8_t devfn, uint32_t flags)
{
    long rc = 0;
    spin_lock(&pci_lock);
    struct pci_dev_entry *e = find(seg, bus, devfn);
    for (unsigned int i = 0; !e && i < MAX_PCI_DEVICES; i++)
        if (!pci_devs[i].in_use)
            e = &pci_devs[i];
    if (!e)
        rc = -ENOSPC;
    else
        *e = (struct pci_dev_entry){true, seg, bus, devfn, flags};
    spin_unlock(&pci_lock);
    if (rc == 0)
        pr_info("pci: dom0 reports %04x:%02x:%02x.%u%s\n", seg, bus, devfn >> 3, devfn & 7,
                (flags & XEN_PCI_DEV_VIRTFN) ? " (virtual function)" : "");
    return rc;
}

static long del(uint16_t seg, uint8_t bus, uint8_t devfn)
{
    spin_lock(&pci_lock);
    struct pci_dev_entry *e = find(seg, bus, devfn);
    if (e)
        e->in_use = false;
    spin_unlock(&pci_lock);
    return e ? 0 : -ENODEV;
}

unsigned int physdev_pci_count(void)
{
    unsigned int n = 0;
    spin_lock(&pci_lock);
    for (unsigned int i = 0; i < MAX_PCI_DEVICES; i++)
        n += pci_devs[i].in_use;
    spin_unlock(&pci_lock);
    return n;
}

long do_physdev_op(struct vcpu *v, uint64_t cmd, uint64_t arg)
{
    switch (cmd) {
    case PHYSDEVOP_pci_device_add:
    case PHYSDEVOP_pci_device_remove:
    case PHYSDEVOP_manage_pci_add:
    case PHYSDEVOP_manage_pci_remove:
    case PHYSDEVOP_manage_pci_add_ext:
        if (!v->dom->is_privileged)
            return -EPERM;
        break;
    default: return -ENOSYS;
    }
    switch (cmd) {
    case PHYSDEVOP_pci_device_add: {
        struct physdev_pci_device_add a;
        if (copy_from_guest(v, &a, arg, sizeof(a)))
            return -EFAULT;
        if (a.flags & ~(uint32_t)(XEN_PCI_DEV_EXTFN | XEN_PCI_DEV_VIRTFN | XEN_PCI_DEV_PXM))
            return -EINVAL;
        return add(a.seg, a.bus, a.devfn, a.flags);
    }
    case PHYSDEVOP_pci_device_remove: {
        struct physdev_pci_device a;
        if (copy_from_guest(v, &a, arg, sizeof(a)))
            return -EFAULT;
        return del(a.seg, a.bus, a.devfn);
    }
    case PHYSDEVOP_manage_pci_add:
    case PHYSDEVOP_manage_pci_remove: {
        struct physdev_manage_pci a;
        if (copy_from_guest(v, &a, arg, sizeof(a)))
            return -EFAULT;
        return cmd == PHYSDEVOP_manage_pci_add ? add(0, a.bus, a.devfn, 0) : del(0, a.bus, a.devfn);
    }
    default: { /* PHYSDEVOP_manage_pci_add_ext */
        struct physdev_manage_pci_ext a;
        if (copy_from_guest(v, &a, arg, sizeof(a)))
            return -EFAULT;
        uint32_t flags = (a.is_extfn ? XEN_PCI_DEV_EXTFN : 0) | (a.is_virtfn ? XEN_PCI_DEV_VIRTFN : 0);
        return add(0, a.bus, a.devfn, flags);
    }
    }
}
