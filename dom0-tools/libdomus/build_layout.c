/* SPDX-License-Identifier: MIT */
/*
 * Where a new domain's pieces go in its guest-physical space, following
 * Linux's arm64 boot protocol (Documentation/arch/arm64/booting.rst):
 *
 *   RAM      memory MiB from GUEST_RAM0_BASE (up to GUEST_RAM0_SIZE), the
 *            rest from GUEST_RAM1_BASE
 *   kernel   at RAM0's start (2 MiB aligned, as low as possible since old
 *            kernels cannot use RAM below themselves) + text_offset;
 *            image_size bytes from there belong to the kernel
 *   DTB      at the next 2 MiB boundary, alone in its 2 MiB block (8-byte
 *            aligned, never crossing a 2 MiB boundary, at most 2 MiB,
 *            within the first 512 MiB of RAM as kernels before 4.2 ask)
 *   initrd   at the 2 MiB boundary after the DTB's block, within the same
 *            1 GiB-aligned 32 GiB window as the kernel
 *   rings    the console and xenstore pages at GUEST_MAGIC_BASE + 0 and
 *            + 1 page, as Xen places them
 */
#include <stdio.h>

#include "domus_build.h"
#include "xen/guest_layout.h"

#define MIB           (1024ULL * 1024ULL)
#define GIB           (1024ULL * MIB)
#define BLOCK_2M      (2 * MIB)
#define DTB_WINDOW    (512 * MIB)
#define INITRD_WINDOW (32 * GIB)
#define PAGES_PER_MIB (MIB / XEN_PAGE_SIZE)

_Static_assert(GUEST_RAM0_BASE % BLOCK_2M == 0, "the kernel's base must be 2 MiB aligned");

static uint64_t align_up(uint64_t v, uint64_t a)
{
    return (v + a - 1) & ~(a - 1);
}

static uint64_t mib_up(uint64_t bytes)
{
    return (bytes + MIB - 1) / MIB;
}

static void plan_banks(const struct domus_build_input *in, struct domus_layout *l)
{
    uint64_t bytes = in->memory_mib * MIB;
    uint64_t low = bytes < GUEST_RAM0_SIZE ? bytes : GUEST_RAM0_SIZE;
    l->bank[0] = (struct domus_mem_range){GUEST_RAM0_BASE, low};
    l->nr_banks = 1;
    if (bytes > low) {
        l->bank[1] = (struct domus_mem_range){GUEST_RAM1_BASE, bytes - low};
        l->nr_banks = 2;
    }
}

int domus_layout_plan(const struct domus_build_input *in, const struct domus_image_info *img,
                      struct domus_layout *out, char *err, size_t errlen)
{
    struct domus_layout l = {0};
    if (in->memory_mib == 0 || in->memory_mib * MIB > GUEST_RAM0_SIZE + GUEST_RAM1_SIZE ||
        in->maxmem_mib < in->memory_mib ||
        in->maxmem_mib * MIB > GUEST_RAM0_SIZE + GUEST_RAM1_SIZE) {
        snprintf(err, errlen, "memory %llu MiB / maxmem %llu MiB: out of range",
                 (unsigned long long)in->memory_mib, (unsigned long long)in->maxmem_mib);
        return -1;
    }
    plan_banks(in, &l);
    l.kernel_base = GUEST_RAM0_BASE;
    l.kernel_load = l.kernel_base + img->text_offset;
    l.kernel_end = l.kernel_load + img->image_size;
    l.dtb_base = align_up(l.kernel_end, BLOCK_2M);
    uint64_t end = l.dtb_base + DOMUS_DTB_SLOT;
    if (end > GUEST_RAM0_BASE + DTB_WINDOW) {
        snprintf(err, errlen,
                 "the kernel needs %llu MiB (image_size): too large to keep the device tree "
                 "within the first 512 MiB of RAM",
                 (unsigned long long)mib_up(img->image_size));
        return -1;
    }
    if (in->ramdisk) {
        l.initrd_start = end;
        l.initrd_end = l.initrd_start + in->ramdisk_size;
        end = align_up(l.initrd_end, XEN_PAGE_SIZE);
        uint64_t window = l.kernel_base & ~(GIB - 1);
        if (end - window > INITRD_WINDOW) {
            snprintf(err, errlen,
                     "the initrd (%llu MiB) does not fit in the 32 GiB window the "
                     "kernel can reach it in",
                     (unsigned long long)mib_up(in->ramdisk_size));
            return -1;
        }
    }
    if (end - GUEST_RAM0_BASE > l.bank[0].size) {
        snprintf(err, errlen,
                 "memory = %llu MiB is too small: the kernel (%llu MiB with its image_size), "
                 "the device tree's 2 MiB and the initrd (%llu MiB) need at least %llu MiB",
                 (unsigned long long)in->memory_mib, (unsigned long long)mib_up(img->image_size),
                 (unsigned long long)mib_up(in->ramdisk ? in->ramdisk_size : 0),
                 (unsigned long long)mib_up(end - GUEST_RAM0_BASE));
        return -1;
    }
    l.console_gfn = GUEST_MAGIC_BASE / XEN_PAGE_SIZE;
    l.store_gfn = l.console_gfn + 1;
    l.max_pages = in->maxmem_mib * PAGES_PER_MIB + DOMUS_NR_MAGIC_PAGES;
    *out = l;
    return 0;
}
