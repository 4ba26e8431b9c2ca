/* Reads the board description (console, GIC, timer, PSCI, CPUs) from the
 * device tree. Boot only (libfdt: see common/devtree.h). */
#include <libfdt.h>
#include <string.h>

#include "arch/arm64/platform.h"
#include "common/devtree.h"

struct arm64_platform platform;

static const char *probe_console(const void *fdt, const char *console)
{
    int node = dt_console_node(fdt, console);
    if (node < 0)
        return "console: no UART found (check stdout-path or the console option)";
    if (fdt_node_check_compatible(fdt, node, "arm,pl011") != 0)
        return "console: the chosen UART is not an arm,pl011";
    uint64_t size;
    if (dt_get_reg(fdt, node, 0, &platform.uart_base, &size) < 0)
        return "console: UART node has no usable reg";
    if (dt_get_irq(fdt, node, 0, &platform.uart_irq) < 0)
        platform.uart_irq = 0;
    if (fdt_get_path(fdt, node, platform.uart_path, sizeof(platform.uart_path)) < 0)
        strcpy(platform.uart_path, "?");
    return NULL;
}

static const char *probe_gic(const void *fdt)
{
    int node = dt_find_compatible(fdt, "arm,gic-v3");
    if (node < 0)
        return "gic: no arm,gic-v3 node (Domus needs GICv3: use gic-version=3)";
    if (dt_get_reg(fdt, node, 0, &platform.gicd_base, &platform.gicd_size) < 0 ||
        dt_get_reg(fdt, node, 1, &platform.gicr_base, &platform.gicr_size) < 0)
        return "gic: missing distributor or redistributor reg";
    return NULL;
}

static const char *probe_timer(const void *fdt)
{
    int node = dt_find_compatible(fdt, "arm,armv8-timer");
    if (node < 0)
        return "timer: no arm,armv8-timer node";
    /* interrupts: secure phys, non-secure phys, virtual, hypervisor */
    if (dt_get_irq(fdt, node, 3, &platform.timer_hyp_irq) < 0)
        return "timer: no hypervisor timer interrupt";
    return NULL;
}

static const char *probe_psci(const void *fdt)
{
    int node = dt_find_compatible(fdt, "arm,psci-1.0");
    if (node < 0)
        node = dt_find_compatible(fdt, "arm,psci-0.2");
    if (node < 0)
        return "psci: no PSCI 0.2+ node";
    const char *method = fdt_getprop(fdt, node, "method", NULL);
    if (method && strcmp(method, "smc") == 0)
        platform.psci = PSCI_SMC;
    else if (method && strcmp(method, "hvc") == 0)
        platform.psci = PSCI_HVC;
    else
        return "psci: method is neither smc nor hvc";
    return NULL;
}

static const char *probe_cpus(const void *fdt)
{
    int cpus = fdt_path_offset(fdt, "/cpus");
    if (cpus < 0)
        return "cpus: no /cpus node";
    int node;
    fdt_for_each_subnode(node, fdt, cpus)
    {
        const char *type = fdt_getprop(fdt, node, "device_type", NULL);
        paddr_t hwid;
        uint64_t unused;
        if (!type || strcmp(type, "cpu") != 0)
            continue;
        if (dt_get_reg(fdt, node, 0, &hwid, &unused) < 0)
            continue;
        if (platform.nr_cpus == NR_CPUS) {
            platform.cpus_ignored++;
            continue;
        }
        platform.cpu_hwid[platform.nr_cpus++] = hwid;
    }
    return platform.nr_cpus ? NULL : "cpus: no CPU described";
}

const char *platform_probe(const void *fdt, const char *console)
{
    const char *err;
    if ((err = probe_console(fdt, console)) || (err = probe_gic(fdt)) || (err = probe_timer(fdt)) ||
        (err = probe_psci(fdt)) || (err = probe_cpus(fdt)))
        return err;
    return NULL;
}
