/* The guest memory layout (dom0-tools/libdomus/build_layout.c). */
#include <stdlib.h>
#include <string.h>

#include "domus_build.h"
#include "ts.h"
#include "unit.h"
#include "xen/guest_layout.h"

#define MIB (1024ULL * 1024ULL)
#define GIB (1024ULL * MIB)

static char err[512];

static int plan(uint64_t text_offset, uint64_t image_size, size_t initrd, uint64_t memory_mib,
                struct domus_layout *l)
{
    struct domus_image_info img = {text_offset, image_size, 0xa, 64};
    static const char dummy[1];
    struct domus_build_input in = ts_input(dummy, 64, initrd ? dummy : NULL, initrd, memory_mib, 1);
    return domus_layout_plan(&in, &img, l, err, sizeof(err));
}

/* Debian's kernel (image_size 0x2010000) with a 5 MiB initrd in 256 MiB:
 * the exact addresses. */
TEST(layout_debian_kernel)
{
    struct domus_layout l;
    REQUIRE(plan(0, 0x2010000, 5 * MIB + 3, 256, &l) == 0);
    CHECK(l.nr_banks == 1);
    CHECK(l.bank[0].base == 0x40000000 && l.bank[0].size == 256 * MIB);
    CHECK(l.kernel_base == 0x40000000 && l.kernel_load == 0x40000000);
    CHECK(l.kernel_end == 0x42010000);
    CHECK(l.dtb_base == 0x42200000);
    CHECK(l.initrd_start == 0x42400000);
    CHECK(l.initrd_end == 0x42400000 + 5 * MIB + 3);
    CHECK(l.console_gfn == 0x39000 && l.store_gfn == 0x39001);
    CHECK(l.max_pages == 256 * 256 + 2);
}

static bool overlap(uint64_t a0, uint64_t a1, uint64_t b0, uint64_t b1)
{
    return a0 < b1 && b0 < a1;
}

/* The boot protocol's rules hold over a sweep of kernels, initrds and RAM
 * sizes: alignment, the DTB in a 2 MiB block of its own within 512 MiB of
 * RAM's start, nothing overlapping, everything in RAM0, the initrd in the
 * kernel's 1 GiB-aligned 32 GiB window, the rings outside RAM. */
TEST(layout_rules_hold)
{
    static const uint64_t offsets[] = {0, 0x80000, 0x1ff000};
    static const uint64_t sizes[] = {4096, 0x2010000, 0x1e00000, 300 * MIB};
    static const size_t initrds[] = {0, 1, 4096, 7 * MIB + 1, 900 * MIB};
    static const uint64_t mems[] = {64, 255, 1024, 3072, 3073, 6000};
    unsigned int planned = 0;
    for (size_t a = 0; a < 3; a++)
        for (size_t b = 0; b < 4; b++)
            for (size_t c = 0; c < 5; c++)
                for (size_t d = 0; d < 6; d++) {
                    struct domus_layout l;
                    if (plan(offsets[a], sizes[b], initrds[c], mems[d], &l) < 0) {
                        CHECK(strstr(err, "is too small"));
                        continue;
                    }
                    planned++;
                    uint64_t ram0_end = l.bank[0].base + l.bank[0].size;
                    CHECK(l.kernel_base % (2 * MIB) == 0);
                    CHECK(l.kernel_load == l.kernel_base + offsets[a]);
                    CHECK(l.kernel_end == l.kernel_load + sizes[b]);
                    CHECK(l.dtb_base % 8 == 0 && l.dtb_base % (2 * MIB) == 0);
                    CHECK(l.dtb_base >= l.kernel_end);
                    CHECK(l.dtb_base + DOMUS_DTB_SLOT <= GUEST_RAM0_BASE + 512 * MIB);
                    uint64_t end = l.dtb_base + DOMUS_DTB_SLOT;
                    if (initrds[c]) {
                        CHECK(l.initrd_start >= end);
                        CHECK(l.initrd_start % XEN_PAGE_SIZE == 0);
                        CHECK(l.initrd_end == l.initrd_start + initrds[c]);
                        CHECK(!overlap(l.initrd_start, l.initrd_end, l.kernel_load, l.kernel_end));
                        uint64_t window = l.kernel_load & ~(GIB - 1);
                        CHECK(l.initrd_end - window <= 32 * GIB);
                        end = l.initrd_end;
                    } else {
                        CHECK(l.initrd_start == 0 && l.initrd_end == 0);
                    }
                    CHECK(end <= ram0_end);
                    uint64_t magic = l.console_gfn * XEN_PAGE_SIZE;
                    CHECK(magic >= GUEST_MAGIC_BASE &&
                          magic + 2 * XEN_PAGE_SIZE <= GUEST_MAGIC_BASE + GUEST_MAGIC_SIZE);
                    for (unsigned int i = 0; i < l.nr_banks; i++)
                        CHECK(!overlap(magic, magic + 2 * XEN_PAGE_SIZE, l.bank[i].base,
                                       l.bank[i].base + l.bank[i].size));
                    uint64_t total = 0;
                    for (unsigned int i = 0; i < l.nr_banks; i++)
                        total += l.bank[i].size;
                    CHECK(total == mems[d] * MIB);
                }
    CHECK(planned > 200); /* most fit: the rules above were really checked */
}

/* Above 3 GiB the rest of RAM goes to the second bank, at 8 GiB. */
TEST(layout_two_banks)
{
    struct domus_layout l;
    REQUIRE(plan(0, 0x2010000, 0, 4096 + 2, &l) == 0);
    CHECK(l.nr_banks == 2);
    CHECK(l.bank[0].base == GUEST_RAM0_BASE && l.bank[0].size == 3 * GIB);
    CHECK(l.bank[1].base == GUEST_RAM1_BASE && l.bank[1].size == 1 * GIB + 2 * MIB);
    REQUIRE(plan(0, 0x2010000, 0, 3072, &l) == 0);
    CHECK(l.nr_banks == 1);
}

/* Too little RAM, too big a kernel: refused with the reason. */
TEST(layout_refused)
{
    struct domus_layout l;
    CHECK(plan(0, 0x2010000, 40 * MIB, 64, &l) < 0);
    CHECK(!strcmp(err, "memory = 64 MiB is too small: the kernel (33 MiB with its image_size), "
                       "the device tree's 2 MiB and the initrd (40 MiB) need at least 76 MiB"));
    CHECK(plan(0, 0x2010000, 40 * MIB, 76, &l) == 0);
    CHECK(plan(0, 0x2010000, 40 * MIB, 75, &l) < 0);
    CHECK(plan(0, 511 * MIB, 0, 1024, &l) < 0);
    CHECK(strstr(err, "within the first 512 MiB of RAM"));
    CHECK(plan(0, 510 * MIB, 0, 1024, &l) == 0);
}

/* max_pages: maxmem plus the two ring pages. */
TEST(layout_max_pages)
{
    struct domus_image_info img = {0, MIB, 0xa, 64};
    static const char dummy[1];
    struct domus_build_input in = ts_input(dummy, 64, NULL, 0, 128, 1);
    in.maxmem_mib = 1024;
    struct domus_layout l;
    REQUIRE(domus_layout_plan(&in, &img, &l, err, sizeof(err)) == 0);
    CHECK(l.max_pages == 1024 * 256 + 2);
    CHECK(l.bank[0].size == 128 * MIB);
    in.maxmem_mib = 64;
    CHECK(domus_layout_plan(&in, &img, &l, err, sizeof(err)) < 0);
}
