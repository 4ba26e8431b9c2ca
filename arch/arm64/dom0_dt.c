/*
 * Dom0's device tree, derived from the firmware's with libfdt (boot only,
 * FP allowed: see common/devtree.h). Rules:
 *  - memory: one node listing dom0's banks; firmware reservations dropped;
 *  - CPUs: one node per vCPU (reg = its virtual MPIDR), PSCI enable method;
 *  - PSCI: method "hvc" (the hypervisor answers); the timer node stays;
 *  - GICv3: the distributor and one redistributor frame pair per vCPU,
 *    both emulated at the physical addresses; the ITS is removed;
 *  - devices the hypervisor owns disappear: the SMMU, with every
 *    iommu-map/iommus reference, and the PMU (not virtualised yet); MSI
 *    references (msi-map/msi-parent) go with the ITS;
 *  - /chosen: bootargs and the initrd; the UART stays (emulated);
 *  - every other device is passed through as it is (dom0_passthrough.c).
 */
#include <libfdt.h>
#include <string.h>

#include "arch/arm64/dom0.h"
#include "arch/arm64/guest.h"
#include "arch/arm64/platform.h"
#include "common/log.h"

static const char *const removed_compat[] = {"arm,smmu-v3", "arm,gic-v3-its", "arm,armv8-pmuv3"};
static const char *const removed_props[] = {"iommu-map", "iommus", "msi-map", "msi-parent",
                                            "iommu-map-mask"};

static int del_nodes_by_compat(void *fdt, const char *compat)
{
    int n, rc = 0;
    while (rc == 0 && (n = fdt_node_offset_by_compatible(fdt, -1, compat)) >= 0)
        rc = fdt_del_node(fdt, n);
    return rc;
}

static int del_nodes_by_type(void *fdt, const char *type)
{
    int n, rc = 0;
    while (rc == 0 && (n = fdt_node_offset_by_prop_value(fdt, -1, "device_type", type,
                                                         (int)strlen(type) + 1)) >= 0)
        rc = fdt_del_node(fdt, n);
    return rc;
}

static int strip_props(void *fdt)
{
    for (int n = fdt_next_node(fdt, -1, NULL); n >= 0; n = fdt_next_node(fdt, n, NULL))
        for (size_t i = 0; i < sizeof(removed_props) / sizeof(removed_props[0]); i++)
            if (fdt_getprop(fdt, n, removed_props[i], NULL))
                fdt_delprop(fdt, n, removed_props[i]);
    return 0;
}

static int add_cpus(void *fdt, const struct domain *d)
{
    int cpus = fdt_path_offset(fdt, "/cpus");
    int sub;
    if (cpus < 0)
        return cpus;
    while ((sub = fdt_first_subnode(fdt, cpus)) >= 0) /* cpu@N and cpu-map */
        fdt_del_node(fdt, sub);
    fdt_setprop_u32(fdt, cpus, "#address-cells", 1);
    fdt_setprop_u32(fdt, cpus, "#size-cells", 0);
    for (int i = (int)d->nr_vcpus - 1; i >= 0; i--) { /* added in front: go backwards */
        char name[24];
        uint32_t aff = (uint32_t)arm64_vcpu_affinity(d->vcpus[i]);
        fmt_snprintf(name, sizeof(name), "cpu@%x", aff);
        int n = fdt_add_subnode(fdt, cpus, name);
        if (n < 0)
            return n;
        int rc = fdt_setprop_string(fdt, n, "device_type", "cpu") ||
                 fdt_setprop_string(fdt, n, "compatible", "arm,armv8") ||
                 fdt_setprop_string(fdt, n, "enable-method", "psci") ||
                 fdt_setprop_u32(fdt, n, "reg", aff);
        if (rc)
            return -FDT_ERR_NOSPACE;
    }
    return 0;
}

static int add_memory(void *fdt, const struct dom0_plan *p)
{
    char name[32];
    fmt_snprintf(name, sizeof(name), "memory@%lx", (unsigned long)p->bank_base[0]);
    int n = fdt_add_subnode(fdt, 0, name);
    if (n < 0)
        return n;
    if (fdt_setprop_string(fdt, n, "device_type", "memory"))
        return -FDT_ERR_NOSPACE;
    fdt_setprop(fdt, n, "reg", NULL, 0);
    for (unsigned int i = 0; i < p->nr_banks; i++)
        if (fdt_appendprop_addrrange(fdt, 0, n, "reg", p->bank_base[i], p->bank_size[i]))
            return -FDT_ERR_NOSPACE;
    return 0;
}

static int fix_gic(void *fdt, const struct domain *d)
{
    int n = fdt_node_offset_by_compatible(fdt, -1, "arm,gic-v3");
    if (n < 0)
        return n;
    fdt_setprop(fdt, n, "reg", NULL, 0);
    if (fdt_appendprop_addrrange(fdt, 0, n, "reg", platform.gicd_base, 0x10000) ||
        fdt_appendprop_addrrange(fdt, 0, n, "reg", platform.gicr_base,
                                 (uint64_t)d->nr_vcpus * 0x20000))
        return -FDT_ERR_NOSPACE;
    fdt_setprop_u32(fdt, n, "#redistributor-regions", 1);
    return 0;
}

static int fix_psci_chosen(void *fdt, const struct dom0_plan *p, paddr_t initrd, uint64_t isz)
{
    int n = fdt_node_offset_by_compatible(fdt, -1, "arm,psci-0.2");
    if (n >= 0 && fdt_setprop_string(fdt, n, "method", "hvc"))
        return -FDT_ERR_NOSPACE;
    int c = fdt_path_offset(fdt, "/chosen");
    if (c < 0)
        c = fdt_add_subnode(fdt, 0, "chosen");
    if (c < 0)
        return c;
    if (fdt_setprop_string(fdt, c, "bootargs", p->cmdline))
        return -FDT_ERR_NOSPACE;
    if (isz && (fdt_setprop_u64(fdt, c, "linux,initrd-start", initrd) ||
                fdt_setprop_u64(fdt, c, "linux,initrd-end", initrd + isz)))
        return -FDT_ERR_NOSPACE;
    return 0;
}

/* Where dom0 maps grant-table frames: a window of guest physical space with
 * nothing behind it (above QEMU virt's 1 TiB of RAM and PCIe windows). */
#define GRANT_WINDOW_BASE 0x10000000000UL
#define GRANT_WINDOW_SIZE (32UL * 4096)
#define EVTCHN_PPI_NR     15 /* INTID 31 */
/* An "extended region" (reg entries after the first, as Xen 4.17 gives):
 * free guest physical space where a kernel with unpopulated-memory support
 * maps foreign and granted pages instead of ballooning RAM out. Debian's
 * 6.1 kernel is built without that support and ignores it. */
#define EXT_REGION_BASE 0x10040000000UL
#define EXT_REGION_SIZE 0x40000000UL

static int add_hypervisor_node(void *fdt, const struct domain *d)
{
    static const char compat[] = "xen,xen-4.17\0xen,xen";
    int n = fdt_add_subnode(fdt, 0, "hypervisor");
    if (n < 0)
        return n;
    fdt32_t irq[3] = {cpu_to_fdt32(1), cpu_to_fdt32(EVTCHN_PPI_NR), cpu_to_fdt32(4)};
    if (fdt_setprop(fdt, n, "compatible", compat, sizeof(compat)) ||
        fdt_setprop(fdt, n, "reg", NULL, 0) ||
        fdt_appendprop_addrrange(fdt, 0, n, "reg", GRANT_WINDOW_BASE, GRANT_WINDOW_SIZE) ||
        fdt_setprop(fdt, n, "interrupts", irq, sizeof(irq)))
        return -FDT_ERR_NOSPACE;
    if (EXT_REGION_BASE + EXT_REGION_SIZE <= d->p2m.ipa_limit &&
        fdt_appendprop_addrrange(fdt, 0, n, "reg", EXT_REGION_BASE, EXT_REGION_SIZE))
        return -FDT_ERR_NOSPACE;
    return 0;
}

int dom0_dt_build(void *out, size_t size, const void *fw, const struct domain *d,
                  const struct dom0_plan *p, paddr_t initrd, uint64_t initrd_size)
{
    int rc = fdt_open_into(fw, out, (int)size);
    while (rc == 0 && fdt_num_mem_rsv(out) > 0)
        rc = fdt_del_mem_rsv(out, 0);
    for (size_t i = 0; rc == 0 && i < sizeof(removed_compat) / sizeof(removed_compat[0]); i++)
        rc = del_nodes_by_compat(out, removed_compat[i]);
    if (rc == 0)
        rc = del_nodes_by_type(out, "memory");
    if (rc == 0)
        rc = strip_props(out);
    if (rc == 0)
        rc = add_cpus(out, d);
    if (rc == 0)
        rc = add_memory(out, p);
    if (rc == 0)
        rc = fix_gic(out, d);
    if (rc == 0)
        rc = fix_psci_chosen(out, p, initrd, initrd_size);
    if (rc == 0)
        rc = add_hypervisor_node(out, d);
    if (rc == 0)
        rc = fdt_pack(out);
    return rc;
}
