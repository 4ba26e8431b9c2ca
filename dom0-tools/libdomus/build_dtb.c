/* SPDX-License-Identifier: MIT */
/*
 * The device tree a domU boots with, node for node what Xen's toolstack
 * gives arm64 guests (libxl's make_*_node), with our own code:
 *
 *   /            #address-cells = #size-cells = 2, compatible
 *                "xen,xenvm-X.Y" "xen,xenvm", model "XENVM-X.Y",
 *                interrupt-parent = the GIC
 *   /chosen      bootargs; linux,initrd-start / -end (64-bit, end
 *                exclusive) when there is an initrd
 *   /cpus        one cpu@<MPIDR affinity> per vCPU: "arm,armv8", psci
 *   /psci        PSCI 1.0 over HVC (cpu_off / cpu_on: PSCI 0.1 ids)
 *   /memory@...  one reg entry per RAM bank in use
 *   /interrupt-controller@...  GICv3 at the xen/guest_layout.h addresses
 *   /timer       the arch timer's PPIs
 *   /hypervisor  "xen,xen-X.Y" "xen,xen", the grant-table window, the
 *                event-channel PPI
 *
 * Interrupts are <type number flags>: type 1 = PPI, number = INTID - 16,
 * flags 0xf08 = all 4 CPUs (the GICv2 CPU mask field, which Xen sets for
 * GICv3 guests too) and level-sensitive active-low, as Xen gives them.
 */
#include <libfdt.h>
#include <stdio.h>
#include <string.h>

#include "domus_build.h"
#include "xen/guest_layout.h"

#define GIC_PHANDLE 65000 /* Xen's GUEST_PHANDLE_GIC */

#define IRQ_TYPE_PPI  1
#define IRQ_FLAGS_XEN 0xf08 /* CPU mask 0xf, level low */
#define PPI_BASE      16

/* The EL2 (hypervisor) timer's PPI, which Xen lists fourth in the timer
 * node of the domains it builds itself (dom0); xen/guest_layout.h has the
 * other three. */
#define GUEST_TIMER_HYP_PPI 26

/* Xen's PSCI 0.1 function ids, in the legacy cpu_off / cpu_on properties. */
#define PSCI_0_1_CPU_OFF 1
#define PSCI_0_1_CPU_ON  2

/* A device-tree writer that remembers its first error, so that the node
 * functions read as a plain list of properties. */
struct dtw {
    void *fdt;
    int err;
    const char *where; /* the node being written, for the message */
};

static void w_check(struct dtw *w, int r)
{
    if (r < 0 && !w->err)
        w->err = r;
}

static void w_begin(struct dtw *w, const char *name)
{
    if (!w->err) {
        w->where = name;
        w_check(w, fdt_begin_node(w->fdt, name));
    }
}

static void w_end(struct dtw *w)
{
    if (!w->err)
        w_check(w, fdt_end_node(w->fdt));
}

static void w_u32(struct dtw *w, const char *name, uint32_t v)
{
    if (!w->err)
        w_check(w, fdt_property_u32(w->fdt, name, v));
}

static void w_u64(struct dtw *w, const char *name, uint64_t v)
{
    if (!w->err)
        w_check(w, fdt_property_u64(w->fdt, name, v));
}

static void w_str(struct dtw *w, const char *name, const char *s)
{
    if (!w->err)
        w_check(w, fdt_property_string(w->fdt, name, s));
}

static void w_empty(struct dtw *w, const char *name)
{
    if (!w->err)
        w_check(w, fdt_property(w->fdt, name, NULL, 0));
}

/* A string list: the strings one after the other, each with its NUL. */
static void w_strs(struct dtw *w, const char *name, const char *const *s, unsigned int n)
{
    char buf[128];
    size_t len = 0;
    for (unsigned int i = 0; i < n; i++) {
        size_t l = strlen(s[i]) + 1;
        if (len + l > sizeof(buf)) {
            w_check(w, -FDT_ERR_NOSPACE);
            return;
        }
        memcpy(buf + len, s[i], l);
        len += l;
    }
    if (!w->err)
        w_check(w, fdt_property(w->fdt, name, buf, (int)len));
}

/* n cells, big endian. */
static void w_cells(struct dtw *w, const char *name, const uint32_t *cells, unsigned int n)
{
    fdt32_t be[16];
    if (n > sizeof(be) / sizeof(be[0])) {
        w_check(w, -FDT_ERR_NOSPACE);
        return;
    }
    for (unsigned int i = 0; i < n; i++)
        be[i] = cpu_to_fdt32(cells[i]);
    if (!w->err)
        w_check(w, fdt_property(w->fdt, name, be, (int)(n * sizeof(be[0]))));
}

/* reg with 2 address and 2 size cells: n (base, size) pairs. */
static void w_reg(struct dtw *w, const struct domus_mem_range *r, unsigned int n)
{
    uint32_t cells[4 * DOMUS_MAX_BANKS];
    if (n > DOMUS_MAX_BANKS) {
        w_check(w, -FDT_ERR_NOSPACE);
        return;
    }
    for (unsigned int i = 0; i < n; i++) {
        cells[4 * i + 0] = (uint32_t)(r[i].base >> 32);
        cells[4 * i + 1] = (uint32_t)r[i].base;
        cells[4 * i + 2] = (uint32_t)(r[i].size >> 32);
        cells[4 * i + 3] = (uint32_t)r[i].size;
    }
    w_cells(w, "reg", cells, 4 * n);
}

/* interrupts = the given PPIs (INTIDs 16..31), Xen's flags, and the GIC
 * as their parent. */
static void w_ppis(struct dtw *w, const unsigned int *intid, unsigned int n)
{
    uint32_t cells[3 * 4];
    for (unsigned int i = 0; i < n && i < 4; i++) {
        cells[3 * i + 0] = IRQ_TYPE_PPI;
        cells[3 * i + 1] = intid[i] - PPI_BASE;
        cells[3 * i + 2] = IRQ_FLAGS_XEN;
    }
    w_cells(w, "interrupts", cells, 3 * (n < 4 ? n : 4));
    w_u32(w, "interrupt-parent", GIC_PHANDLE);
}

/* vCPU i's MPIDR affinity as the hypervisor reports it in VMPIDR_EL2:
 * Aff0 = i & 0xf, Aff1 = i >> 4 (16 CPUs per cluster, as Xen does). */
static uint32_t vcpu_affinity(unsigned int i)
{
    return ((i >> 4) << 8) | (i & 0xf);
}

static void root_props(struct dtw *w, const struct domus_build_input *in)
{
    char model[32], compat[32];
    snprintf(model, sizeof(model), "XENVM-%u.%u", in->xen_major, in->xen_minor);
    snprintf(compat, sizeof(compat), "xen,xenvm-%u.%u", in->xen_major, in->xen_minor);
    const char *const compats[] = {compat, "xen,xenvm"};
    w_str(w, "model", model);
    w_strs(w, "compatible", compats, 2);
    w_u32(w, "interrupt-parent", GIC_PHANDLE);
    w_u32(w, "#address-cells", 2);
    w_u32(w, "#size-cells", 2);
}

static void chosen_node(struct dtw *w, const struct domus_build_input *in,
                        const struct domus_layout *l)
{
    w_begin(w, "chosen");
    if (in->bootargs)
        w_str(w, "bootargs", in->bootargs);
    if (in->ramdisk) {
        w_u64(w, "linux,initrd-start", l->initrd_start);
        w_u64(w, "linux,initrd-end", l->initrd_end);
    }
    w_end(w);
}

static void cpus_node(struct dtw *w, const struct domus_build_input *in)
{
    w_begin(w, "cpus");
    w_u32(w, "#address-cells", 1);
    w_u32(w, "#size-cells", 0);
    for (unsigned int i = 0; i < in->max_vcpus; i++) {
        char name[16];
        uint32_t aff = vcpu_affinity(i);
        snprintf(name, sizeof(name), "cpu@%x", aff);
        w_begin(w, name);
        w_str(w, "device_type", "cpu");
        w_str(w, "compatible", "arm,armv8");
        w_str(w, "enable-method", "psci");
        w_u32(w, "reg", aff);
        w_end(w);
    }
    w_end(w);
}

static void psci_node(struct dtw *w)
{
    static const char *const compats[] = {"arm,psci-1.0", "arm,psci-0.2", "arm,psci"};
    w_begin(w, "psci");
    w_strs(w, "compatible", compats, 3);
    w_str(w, "method", "hvc");
    w_u32(w, "cpu_off", PSCI_0_1_CPU_OFF);
    w_u32(w, "cpu_on", PSCI_0_1_CPU_ON);
    w_end(w);
}

static void memory_node(struct dtw *w, const struct domus_layout *l)
{
    char name[32];
    snprintf(name, sizeof(name), "memory@%llx", (unsigned long long)l->bank[0].base);
    w_begin(w, name);
    w_str(w, "device_type", "memory");
    w_reg(w, l->bank, l->nr_banks);
    w_end(w);
}

static void gic_node(struct dtw *w)
{
    static const struct domus_mem_range regs[] = {
        {GUEST_GICV3_GICD_BASE, GUEST_GICV3_GICD_SIZE},
        {GUEST_GICV3_GICR0_BASE, GUEST_GICV3_GICR0_SIZE},
    };
    char name[48];
    snprintf(name, sizeof(name), "interrupt-controller@%llx",
             (unsigned long long)GUEST_GICV3_GICD_BASE);
    w_begin(w, name);
    w_str(w, "compatible", "arm,gic-v3");
    w_u32(w, "#interrupt-cells", 3);
    w_u32(w, "#address-cells", 0);
    w_empty(w, "interrupt-controller");
    w_reg(w, regs, 2);
    w_u32(w, "#redistributor-regions", 1);
    w_u64(w, "redistributor-stride", GUEST_GICV3_RDIST_STRIDE);
    w_u32(w, "linux,phandle", GIC_PHANDLE);
    w_u32(w, "phandle", GIC_PHANDLE);
    w_end(w);
}

static void timer_node(struct dtw *w)
{
    /* The binding's order: secure physical, non-secure physical, virtual,
     * hypervisor. */
    static const unsigned int ppis[] = {GUEST_TIMER_PHYS_S_PPI, GUEST_TIMER_PHYS_NS_PPI,
                                        GUEST_TIMER_VIRT_PPI, GUEST_TIMER_HYP_PPI};
    w_begin(w, "timer");
    w_str(w, "compatible", "arm,armv8-timer");
    w_ppis(w, ppis, 4);
    w_end(w);
}

static void hypervisor_node(struct dtw *w, const struct domus_build_input *in)
{
    static const struct domus_mem_range gnttab = {GUEST_GNTTAB_BASE, GUEST_GNTTAB_SIZE};
    static const unsigned int evtchn = GUEST_EVTCHN_PPI;
    char compat[32];
    /* Linux reads the version from the first string: it must be first. */
    snprintf(compat, sizeof(compat), "xen,xen-%u.%u", in->xen_major, in->xen_minor);
    const char *const compats[] = {compat, "xen,xen"};
    w_begin(w, "hypervisor");
    w_strs(w, "compatible", compats, 2);
    w_reg(w, &gnttab, 1);
    w_ppis(w, &evtchn, 1);
    w_end(w);
}

int domus_dtb_build(const struct domus_build_input *in, const struct domus_layout *l, void *buf,
                    size_t size, char *err, size_t errlen)
{
    struct dtw w = {.fdt = buf, .where = "/"};
    if (size > DOMUS_DTB_MAX)
        size = DOMUS_DTB_MAX;
    w_check(&w, fdt_create(buf, (int)size));
    if (!w.err)
        w_check(&w, fdt_finish_reservemap(buf));
    w_begin(&w, "");
    root_props(&w, in);
    chosen_node(&w, in, l);
    cpus_node(&w, in);
    psci_node(&w);
    memory_node(&w, l);
    gic_node(&w);
    timer_node(&w);
    hypervisor_node(&w, in);
    w.where = "/";
    w_end(&w);
    if (!w.err)
        w_check(&w, fdt_finish(buf));
    if (w.err) {
        snprintf(err, errlen, "building the device tree (node '%s'): %s", w.where,
                 fdt_strerror(w.err));
        return -1;
    }
    return (int)fdt_totalsize(buf);
}
