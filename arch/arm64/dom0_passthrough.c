/*
 * Passing the firmware's devices through to dom0: every top-level device
 * node except those the hypervisor owns or emulates gets its "reg" regions
 * (and, for PCIe host bridges and simple buses, its "ranges" windows)
 * mapped 1:1 into dom0's stage-2 as device memory, and every SPI not owned
 * by the hypervisor is routed to dom0 (the PCIe interrupt map included).
 * Boot only (libfdt).
 */
#include <libfdt.h>
#include <string.h>

#include "arch/arm64/dom0.h"
#include "arch/arm64/platform.h"
#include "common/devtree.h"
#include "common/log.h"
#include "drivers/gicv3.h"

/* Owned or emulated by the hypervisor: never mapped into dom0. */
static const char *const owned_compat[] = {"arm,gic-v3", "arm,smmu-v3", "arm,pl011"};

static bool owned(const void *fdt, int node)
{
    for (size_t i = 0; i < sizeof(owned_compat) / sizeof(owned_compat[0]); i++)
        if (fdt_node_check_compatible(fdt, node, owned_compat[i]) == 0)
            return true;
    const char *type = fdt_getprop(fdt, node, "device_type", NULL);
    return type && (strcmp(type, "memory") == 0 || strcmp(type, "cpu") == 0);
}

static int map_mmio(struct domain *d, paddr_t base, uint64_t size)
{
    if (!size)
        return 0;
    paddr_t b = ALIGN_DOWN(base, PAGE_SIZE), e = ALIGN_UP(base + size, PAGE_SIZE);
    return p2m_map(&d->p2m, b, b, e - b, P2M_MMIO);
}

static uint64_t cells(const fdt32_t *p, int n)
{
    uint64_t v = 0;
    for (int i = 0; i < n; i++)
        v = (v << 32) | fdt32_to_cpu(p[i]);
    return v;
}

/* "ranges": child address (child cells), parent address (2), size (child size cells). */
static int map_ranges(struct domain *d, const void *fdt, int node)
{
    int len, ca = fdt_address_cells(fdt, node), cs = fdt_size_cells(fdt, node);
    const fdt32_t *r = fdt_getprop(fdt, node, "ranges", &len);
    int stride = ca + 2 + cs;
    if (!r || len <= 0 || ca < 1 || cs < 1 || stride <= 0)
        return 0;
    for (int i = 0; (i + 1) * stride * 4 <= len; i++) {
        const fdt32_t *e = r + i * stride;
        int rc = map_mmio(d, cells(e + ca, 2), cells(e + ca + 2, cs));
        if (rc)
            return rc;
    }
    return 0;
}

static int map_node(struct domain *d, const void *fdt, int node)
{
    paddr_t base;
    uint64_t size;
    for (int i = 0; dt_get_reg(fdt, node, i, &base, &size) == 0; i++) {
        int rc = map_mmio(d, base, size);
        if (rc)
            return rc;
    }
    return map_ranges(d, fdt, node);
}

static bool disabled(const void *fdt, int node)
{
    const char *s = fdt_getprop(fdt, node, "status", NULL);
    return s && strcmp(s, "okay") != 0 && strcmp(s, "ok") != 0;
}

/* SPIs the hypervisor keeps: the console UART and the SMMU's. */
static bool spi_owned(const void *fdt, uint32_t intid)
{
    int n = dt_find_compatible(fdt, "arm,smmu-v3");
    uint32_t irq;
    if (intid == platform.uart_irq)
        return true;
    for (int i = 0; n >= 0 && dt_get_irq(fdt, n, i, &irq) == 0; i++)
        if (irq == intid)
            return true;
    return false;
}

int dom0_passthrough(struct domain *d, const void *fdt, uint32_t *spis, unsigned int *nr,
                     unsigned int max)
{
    int node, rc;
    fdt_for_each_subnode(node, fdt, 0)
    {
        if (owned(fdt, node) || disabled(fdt, node))
            continue;
        if ((rc = map_node(d, fdt, node)) != 0) {
            pr_err("dom0: cannot map %s (%d)\n", fdt_get_name(fdt, node, NULL), rc);
            return rc;
        }
    }
    *nr = 0;
    for (uint32_t intid = 32; intid < gicv3_nr_irqs() && *nr < max; intid++)
        if (!spi_owned(fdt, intid))
            spis[(*nr)++] = intid;
    return 0;
}
