/*
 * The guest device tree (dom0-tools/libdomus/build_dtb.c), read back node
 * by node and property by property with libfdt, against what Xen's libxl
 * gives an arm64 domU; and decompiled with dtc.
 */
#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domus_build.h"
#include "ts.h"
#include "unit.h"

#define MIB (1024ULL * 1024ULL)

static char err[256];
static char dtb[64 * 1024];

/* Builds the tree for vcpus vCPUs, memory MiB, with or without an initrd. */
static int build(unsigned int vcpus, uint64_t memory, bool initrd, const char *bootargs,
                 struct domus_layout *l)
{
    static const char ramdisk[100];
    struct domus_image_info img = {0, 0x2010000, 0xa, 64};
    struct domus_build_input in =
        ts_input(ramdisk, 64, initrd ? ramdisk : NULL, initrd ? sizeof(ramdisk) : 0, memory, vcpus);
    in.bootargs = bootargs;
    if (domus_layout_plan(&in, &img, l, err, sizeof(err)) < 0)
        return -1;
    return domus_dtb_build(&in, l, dtb, sizeof(dtb), err, sizeof(err));
}

static int node(const char *path)
{
    return fdt_path_offset(dtb, path);
}

/* Property name of the node at path is exactly len bytes equal to want. */
static bool prop_is(const char *path, const char *name, const void *want, int len)
{
    int got_len;
    const void *got = fdt_getprop(dtb, node(path), name, &got_len);
    return got && got_len == len && !memcmp(got, want, (size_t)len);
}

static bool prop_str(const char *path, const char *name, const char *want)
{
    return prop_is(path, name, want, (int)strlen(want) + 1);
}

/* A string list, given as "a\0b\0c" and its sizeof. */
static bool prop_strs(const char *path, const char *name, const char *want, size_t size)
{
    return prop_is(path, name, want, (int)size);
}

/* Cells (32-bit, big endian in the tree). */
static bool prop_cells(const char *path, const char *name, const uint32_t *cells, int n)
{
    fdt32_t be[16];
    for (int i = 0; i < n; i++)
        be[i] = cpu_to_fdt32(cells[i]);
    return prop_is(path, name, be, n * 4);
}

static bool prop_u32(const char *path, const char *name, uint32_t v)
{
    return prop_cells(path, name, &v, 1);
}

static bool prop_u64(const char *path, const char *name, uint64_t v)
{
    fdt64_t be = cpu_to_fdt64(v);
    return prop_is(path, name, &be, 8);
}

static int nr_props(const char *path)
{
    int n = 0, off;
    fdt_for_each_property_offset(off, dtb, node(path)) n++;
    return n;
}

/* The root: its properties and exactly these nodes, in this order. */
TEST(dtb_root)
{
    struct domus_layout l;
    int size = build(1, 256, true, "console=hvc0", &l);
    REQUIRE(size > 0);
    CHECK(fdt_check_header(dtb) == 0);
    CHECK((int)fdt_totalsize(dtb) == size && size <= (int)DOMUS_DTB_MAX);
    CHECK(prop_str("/", "model", "XENVM-4.17"));
    static const char compat[] = "xen,xenvm-4.17\0xen,xenvm";
    CHECK(prop_strs("/", "compatible", compat, sizeof(compat)));
    CHECK(prop_u32("/", "#address-cells", 2));
    CHECK(prop_u32("/", "#size-cells", 2));
    CHECK(prop_u32("/", "interrupt-parent", 65000));
    CHECK(nr_props("/") == 5);
    static const char *const want[] = {
        "chosen", "cpus",       "psci", "memory@40000000", "interrupt-controller@3001000",
        "timer",  "hypervisor",
    };
    int i = 0, off;
    fdt_for_each_subnode(off, dtb, 0)
    {
        REQUIRE(i < 7);
        CHECK(!strcmp(fdt_get_name(dtb, off, NULL), want[i]));
        i++;
    }
    CHECK(i == 7);
}

/* /chosen: bootargs and the initrd's 64-bit bounds, only when there are. */
TEST(dtb_chosen)
{
    struct domus_layout l;
    REQUIRE(build(1, 256, true, "root=/dev/xvda ro", &l) > 0);
    CHECK(prop_str("/chosen", "bootargs", "root=/dev/xvda ro"));
    CHECK(prop_u64("/chosen", "linux,initrd-start", l.initrd_start));
    CHECK(prop_u64("/chosen", "linux,initrd-end", l.initrd_end));
    CHECK(l.initrd_end - l.initrd_start == 100);
    CHECK(nr_props("/chosen") == 3);
    REQUIRE(build(1, 256, false, NULL, &l) > 0);
    CHECK(node("/chosen") >= 0 && nr_props("/chosen") == 0);
}

/* /cpus: one node per vCPU named and numbered by its MPIDR affinity
 * (Aff0 = i & 0xf, Aff1 = i >> 4), as the hypervisor reports it. */
TEST(dtb_cpus)
{
    struct domus_layout l;
    REQUIRE(build(20, 256, false, NULL, &l) > 0);
    CHECK(prop_u32("/cpus", "#address-cells", 1));
    CHECK(prop_u32("/cpus", "#size-cells", 0));
    int n = 0, off;
    fdt_for_each_subnode(off, dtb, node("/cpus"))
    {
        uint32_t aff = ((uint32_t)(n >> 4) << 8) | (uint32_t)(n & 0xf);
        char path[32], name[16];
        snprintf(name, sizeof(name), "cpu@%x", aff);
        snprintf(path, sizeof(path), "/cpus/%s", name);
        CHECK(!strcmp(fdt_get_name(dtb, off, NULL), name));
        CHECK(prop_str(path, "device_type", "cpu"));
        CHECK(prop_str(path, "compatible", "arm,armv8"));
        CHECK(prop_str(path, "enable-method", "psci"));
        CHECK(prop_u32(path, "reg", aff));
        CHECK(nr_props(path) == 4);
        n++;
    }
    CHECK(n == 20);
    CHECK(node("/cpus/cpu@103") >= 0 && node("/cpus/cpu@104") < 0 && node("/cpus/cpu@10") < 0);
    /* The most vCPUs a guest may have still fit. */
    REQUIRE(build(128, 256, true, "x", &l) > 0);
    CHECK(node("/cpus/cpu@70f") >= 0);
}

/* /psci: PSCI 1.0, 0.2 and 0.1 over HVC with Xen's 0.1 function ids. */
TEST(dtb_psci)
{
    struct domus_layout l;
    REQUIRE(build(2, 256, false, NULL, &l) > 0);
    static const char compat[] = "arm,psci-1.0\0arm,psci-0.2\0arm,psci";
    CHECK(prop_strs("/psci", "compatible", compat, sizeof(compat)));
    CHECK(prop_str("/psci", "method", "hvc"));
    CHECK(prop_u32("/psci", "cpu_off", 1));
    CHECK(prop_u32("/psci", "cpu_on", 2));
    CHECK(nr_props("/psci") == 4);
}

/* /memory: one reg entry per bank in use. */
TEST(dtb_memory)
{
    struct domus_layout l;
    REQUIRE(build(1, 256, false, NULL, &l) > 0);
    CHECK(prop_str("/memory@40000000", "device_type", "memory"));
    static const uint32_t one[] = {0, 0x40000000, 0, 0x10000000};
    CHECK(prop_cells("/memory@40000000", "reg", one, 4));
    REQUIRE(build(1, 5120, false, NULL, &l) > 0);
    static const uint32_t two[] = {0, 0x40000000, 0, 0xc0000000, 2, 0, 0, 0x80000000};
    CHECK(prop_cells("/memory@40000000", "reg", two, 8));
}

/* The GICv3 at the guest-layout addresses, the phandle everything uses. */
TEST(dtb_gic)
{
    struct domus_layout l;
    REQUIRE(build(1, 256, false, NULL, &l) > 0);
    const char *gic = "/interrupt-controller@3001000";
    CHECK(prop_str(gic, "compatible", "arm,gic-v3"));
    CHECK(prop_u32(gic, "#interrupt-cells", 3));
    CHECK(prop_u32(gic, "#address-cells", 0));
    CHECK(prop_is(gic, "interrupt-controller", "", 0));
    static const uint32_t reg[] = {0, 0x03001000, 0, 0x10000, 0, 0x03020000, 0, 0x1000000};
    CHECK(prop_cells(gic, "reg", reg, 8));
    CHECK(prop_u32(gic, "#redistributor-regions", 1));
    CHECK(prop_u64(gic, "redistributor-stride", 0x20000));
    CHECK(prop_u32(gic, "linux,phandle", 65000));
    CHECK(prop_u32(gic, "phandle", 65000));
    CHECK(nr_props(gic) == 9);
    CHECK(fdt_node_offset_by_phandle(dtb, 65000) == node(gic));
}

/* The arch timer: secure, non-secure, virtual and hypervisor PPIs (INTIDs
 * 29, 30, 27, 26), level-low on all CPUs. */
TEST(dtb_timer)
{
    struct domus_layout l;
    REQUIRE(build(1, 256, false, NULL, &l) > 0);
    CHECK(prop_str("/timer", "compatible", "arm,armv8-timer"));
    static const uint32_t irqs[] = {1, 13, 0xf08, 1, 14, 0xf08, 1, 11, 0xf08, 1, 10, 0xf08};
    CHECK(prop_cells("/timer", "interrupts", irqs, 12));
    CHECK(prop_u32("/timer", "interrupt-parent", 65000));
    CHECK(nr_props("/timer") == 3);
}

/* /hypervisor: what Linux needs to find Xen: "xen,xen-4.17" first, the
 * 16 MiB grant-table window, the event-channel PPI 31. */
TEST(dtb_hypervisor)
{
    struct domus_layout l;
    REQUIRE(build(1, 256, false, NULL, &l) > 0);
    static const char compat[] = "xen,xen-4.17\0xen,xen";
    CHECK(prop_strs("/hypervisor", "compatible", compat, sizeof(compat)));
    static const uint32_t reg[] = {0, 0x38000000, 0, 0x1000000};
    CHECK(prop_cells("/hypervisor", "reg", reg, 4));
    static const uint32_t irq[] = {1, 15, 0xf08};
    CHECK(prop_cells("/hypervisor", "interrupts", irq, 3));
    CHECK(prop_u32("/hypervisor", "interrupt-parent", 65000));
    CHECK(nr_props("/hypervisor") == 4);
}

/* Too small a buffer is an error, not a truncated tree. */
TEST(dtb_no_room)
{
    struct domus_layout l;
    static const char k[64];
    struct domus_image_info img = {0, 0x2010000, 0xa, 64};
    struct domus_build_input in = ts_input(k, 64, NULL, 0, 256, 4);
    REQUIRE(domus_layout_plan(&in, &img, &l, err, sizeof(err)) == 0);
    CHECK(domus_dtb_build(&in, &l, dtb, 512, err, sizeof(err)) < 0);
    CHECK(strstr(err, "FDT_ERR_NOSPACE"));
}

/* dtc reads the tree back as source with the nodes we expect (skipped,
 * and said so, if dtc is not installed). */
TEST(dtb_dtc_decompiles)
{
    if (system("command -v dtc >/dev/null 2>&1") != 0) {
        printf("  skip: dtc not installed\n");
        return;
    }
    struct domus_layout l;
    int size = build(3, 256, true, "console=hvc0", &l);
    REQUIRE(size > 0);
    const char *path = ts_write("guest.dtb", dtb, (size_t)size);
    char cmd[512];
    snprintf(cmd, sizeof(cmd), "dtc -q -I dtb -O dts -o %s/guest.dts %s", ts_tmpdir(), path);
    REQUIRE(system(cmd) == 0);
    snprintf(cmd, sizeof(cmd), "%s/guest.dts", ts_tmpdir());
    FILE *f = fopen(cmd, "r");
    REQUIRE(f);
    static char dts[16384];
    size_t n = fread(dts, 1, sizeof(dts) - 1, f);
    fclose(f);
    dts[n] = '\0';
    CHECK(strstr(dts, "compatible = \"xen,xen-4.17\\0xen,xen\";"));
    CHECK(strstr(dts, "cpu@2 {"));
    CHECK(strstr(dts, "bootargs = \"console=hvc0\";"));
    CHECK(strstr(dts, "interrupt-controller;"));
}
