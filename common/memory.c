/*
 * Boot memory: every usable range of the firmware's map goes to the page
 * allocator except what must survive boot (the hypervisor image, the
 * boot_info block, the DTB copy and the modules) and the first
 * firmware_reserve bytes of RAM, which are left alone on request.
 */
#include "common/log.h"
#include "common/memory.h"
#include "common/page_alloc.h"

#define MAX_HOLES (BOOT_MAX_MODULES + 4)

struct hole {
    paddr_t b, e;
};

static unsigned int collect_holes(const struct boot_info *bi, struct hole *h)
{
    unsigned int n = 0;
    h[n++] = (struct hole){bi->image_base, bi->image_base + bi->image_size};
    h[n++] = (struct hole){bi->self_base, bi->self_base + bi->self_size};
    h[n++] = (struct hole){bi->dtb_base, bi->dtb_base + bi->dtb_size};
    for (uint32_t i = 0; i < bi->nr_modules && i < BOOT_MAX_MODULES; i++)
        h[n++] = (struct hole){bi->modules[i].base, bi->modules[i].base + bi->modules[i].size};
    for (unsigned int i = 0; i < n; i++) { /* page-align outwards */
        h[i].b = ALIGN_DOWN(h[i].b, PAGE_SIZE);
        h[i].e = ALIGN_UP(h[i].e, PAGE_SIZE);
    }
    return n;
}

/* Adds [b, e) minus the holes to the allocator, recursively splitting. */
static void add_minus_holes(paddr_t b, paddr_t e, const struct hole *h, unsigned int n,
                            struct memory_report *rep)
{
    for (unsigned int i = 0; i < n; i++) {
        if (h[i].e <= b || h[i].b >= e)
            continue;
        rep->reserved += MIN(e, h[i].e) - MAX(b, h[i].b);
        if (h[i].b > b)
            add_minus_holes(b, h[i].b, h, n, rep);
        if (h[i].e < e)
            add_minus_holes(h[i].e, e, h, n, rep);
        return;
    }
    if (e - b < 16 * PAGE_SIZE)
        return; /* too small to be worth its metadata */
    int rc = page_alloc_add_region(b, e);
    if (rc) {
        pr_warn("memory: range %#lx-%#lx not used (%d)\n", (unsigned long)b, (unsigned long)e, rc);
        return;
    }
    rep->regions++;
}

int memory_init(const struct boot_info *bi, struct memory_report *rep)
{
    struct hole holes[MAX_HOLES];
    unsigned int n = collect_holes(bi, holes);
    uint64_t fw_left = bi->cfg.firmware_reserve;
    *rep = (struct memory_report){0};
    for (uint32_t i = 0; i < bi->nr_mem; i++) {
        const struct boot_mem_range *m = &bi->mem[i];
        if (m->type != BOOT_MEM_USABLE)
            continue;
        paddr_t b = ALIGN_UP(m->base, PAGE_SIZE), e = ALIGN_DOWN(m->base + m->size, PAGE_SIZE);
        if (e <= b)
            continue;
        rep->ram_total += e - b;
        uint64_t skip = MIN(fw_left, e - b); /* the lowest RAM goes to the firmware */
        fw_left -= skip;
        rep->left_to_fw += skip;
        add_minus_holes(b + skip, e, holes, n, rep);
    }
    struct page_alloc_stats st;
    page_alloc_get_stats(&st);
    rep->managed = st.total_pages * PAGE_SIZE;
    return rep->regions ? 0 : -1;
}
