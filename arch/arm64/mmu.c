/*
 * EL2 stage-1 translation: 4 KiB granule, 48-bit VA, four levels, the
 * single TTBR0_EL2 of the non-VHE EL2 regime. Everything is identity mapped
 * (VA == PA): RAM as normal memory, devices as Device-nGnRE, and the
 * hypervisor image by section (text RX, rodata R, data RW). SCTLR_EL2.WXN
 * makes the hardware enforce that nothing is both writable and executable.
 */
#include <string.h>

#include "arch/arm64/mmu.h"
#include "arch/arm64/sysreg.h"
#include "common/errno.h"
#include "common/log.h"
#include "common/page_alloc.h"
#include "common/spinlock.h"

/* Descriptor bits (VMSAv8-64, EL2 regime). */
#define PTE_VALID    (1UL << 0)
#define PTE_TABLE    (1UL << 1) /* levels 0-2: table; level 3: page */
#define PTE_ATTR(i)  ((uint64_t)(i) << 2)
#define PTE_AP_RO    (1UL << 7)
#define PTE_SH_INNER (3UL << 8)
#define PTE_AF       (1UL << 10)
#define PTE_XN       (1UL << 54)
#define PTE_ADDR     0x0000fffffffff000UL

/* MAIR_EL2 slots. */
#define MT_DEVICE_nGnRE 0
#define MT_NORMAL       1
#define MAIR_VALUE      ((0x04UL << (8 * MT_DEVICE_nGnRE)) | (0xffUL << (8 * MT_NORMAL)))

#define PT_ENTRIES       512
#define EARLY_POOL_PAGES 48

static uint64_t root_table[PT_ENTRIES] __attribute__((aligned(PAGE_SIZE)));
static uint8_t early_pool[EARLY_POOL_PAGES][PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static unsigned int early_used;
static bool use_allocator;
static spinlock_t mmu_lock = SPINLOCK_INIT;
static struct mmu_regs live_regs;

extern char _text_start[], _text_end[], _rodata_start[], _rodata_end[];
extern char _data_start[], _image_end[];

static uint64_t *new_table(void)
{
    if (use_allocator)
        return page_alloc_zeroed_va();
    if (early_used == EARLY_POOL_PAGES)
        return NULL;
    uint64_t *t = (uint64_t *)(void *)early_pool[early_used++];
    memset(t, 0, PAGE_SIZE);
    return t;
}

static uint64_t leaf_bits(enum mmu_attr attr)
{
    uint64_t normal = PTE_AF | PTE_SH_INNER | PTE_ATTR(MT_NORMAL);
    switch (attr) {
    case MMU_RX: return normal | PTE_AP_RO;
    case MMU_RO: return normal | PTE_AP_RO | PTE_XN;
    case MMU_RW: return normal | PTE_XN;
    case MMU_DEVICE:
    default: return PTE_AF | PTE_ATTR(MT_DEVICE_nGnRE) | PTE_XN;
    }
}

static unsigned int level_shift(int level)
{
    return (unsigned int)(39 - 9 * level);
}

/* Returns the next-level table under entry *e, creating it if empty. */
static uint64_t *descend(uint64_t *e)
{
    if (*e & PTE_VALID) {
        if (!(*e & PTE_TABLE))
            return NULL; /* a block is in the way */
        return arch_phys_to_virt(*e & PTE_ADDR);
    }
    uint64_t *t = new_table();
    if (!t)
        return NULL;
    dsb(ishst);
    *e = arch_virt_to_phys(t) | PTE_TABLE | PTE_VALID;
    return t;
}

static int map_one(uint64_t va, paddr_t pa, uint64_t size, uint64_t bits, uint64_t *mapped)
{
    uint64_t *table = root_table;
    for (int level = 0; level <= 3; level++) {
        unsigned int shift = level_shift(level);
        uint64_t blk = 1UL << shift;
        uint64_t *e = &table[(va >> shift) & (PT_ENTRIES - 1)];
        bool can_block = level == 3 || (level >= 1 && IS_ALIGNED(va | pa, blk) && size >= blk);
        if (can_block) {
            uint64_t want = pa | bits | PTE_VALID | (level == 3 ? PTE_TABLE : 0);
            if ((*e & PTE_VALID) && *e != want)
                return -EEXIST;
            *e = want;
            *mapped = blk;
            return 0;
        }
        table = descend(e);
        if (!table)
            return (*e & PTE_VALID) ? -EEXIST : -ENOMEM;
    }
    return -EINVAL;
}

int mmu_map(uint64_t va, paddr_t pa, uint64_t size, enum mmu_attr attr)
{
    if (!IS_ALIGNED(va | pa | size, PAGE_SIZE) || va + size < va || (va + size) > (1UL << 48))
        return -EINVAL;
    uint64_t bits = leaf_bits(attr);
    unsigned long flags = spin_lock_irqsave(&mmu_lock);
    int rc = 0;
    while (size && rc == 0) {
        uint64_t done = 0;
        rc = map_one(va, pa, size, bits, &done);
        va += done;
        pa += done;
        size -= done;
    }
    dsb(ishst);
    __asm__ volatile("tlbi alle2is" ::: "memory");
    dsb(ish);
    isb();
    spin_unlock_irqrestore(&mmu_lock, flags);
    return rc;
}

void *ioremap(paddr_t pa, uint64_t size)
{
    paddr_t start = ALIGN_DOWN(pa, PAGE_SIZE);
    uint64_t len = ALIGN_UP(pa + size, PAGE_SIZE) - start;
    if (mmu_map(start, start, len, MMU_DEVICE) != 0)
        return NULL;
    return (void *)(uintptr_t)pa;
}

uint64_t mmu_lookup(uint64_t va)
{
    uint64_t *table = root_table;
    for (int level = 0; level <= 3; level++) {
        uint64_t e = table[(va >> level_shift(level)) & (PT_ENTRIES - 1)];
        if (!(e & PTE_VALID))
            return 0;
        if (level == 3 || !(e & PTE_TABLE))
            return e;
        table = arch_phys_to_virt(e & PTE_ADDR);
    }
    return 0;
}

static uint64_t pa_bits_to_ps(void)
{
    return read_sysreg(id_aa64mmfr0_el1) & 0xf; /* PARange encodes TCR.PS directly */
}

static void map_or_die(uint64_t va, paddr_t pa, uint64_t size, enum mmu_attr attr)
{
    int rc = mmu_map(va, pa, size, attr);
    if (rc) {
        pr_err("mmu: cannot map %#lx+%#lx (%d)\n", (unsigned long)va, (unsigned long)size, rc);
        arch_halt_cpu();
    }
}

/* Maps RAM range [b, e) minus the image [ib, ie). */
static void map_ram_around_image(paddr_t b, paddr_t e, paddr_t ib, paddr_t ie)
{
    if (e <= ib || b >= ie) {
        map_or_die(b, b, e - b, MMU_RW);
        return;
    }
    if (b < ib)
        map_or_die(b, b, ib - b, MMU_RW);
    if (e > ie)
        map_or_die(ie, ie, e - ie, MMU_RW);
}

static void map_image(void)
{
    paddr_t t0 = (paddr_t)(uintptr_t)_text_start, t1 = (paddr_t)(uintptr_t)_text_end;
    paddr_t r0 = (paddr_t)(uintptr_t)_rodata_start, r1 = (paddr_t)(uintptr_t)_rodata_end;
    paddr_t d0 = (paddr_t)(uintptr_t)_data_start, d1 = (paddr_t)(uintptr_t)_image_end;
    map_or_die(t0, t0, t1 - t0, MMU_RX);
    map_or_die(r0, r0, r1 - r0, MMU_RO);
    map_or_die(d0, d0, d1 - d0, MMU_RW);
}

void mmu_init_boot(const struct boot_info *bi, paddr_t uart_base)
{
    paddr_t ib = bi->image_base, ie = bi->image_base + ALIGN_UP(bi->image_size, PAGE_SIZE);
    map_image();
    for (uint32_t i = 0; i < bi->nr_mem; i++) {
        const struct boot_mem_range *m = &bi->mem[i];
        if (m->type == BOOT_MEM_USABLE)
            map_ram_around_image(m->base, m->base + m->size, ib, ie);
    }
    if (uart_base)
        map_or_die(ALIGN_DOWN(uart_base, PAGE_SIZE), ALIGN_DOWN(uart_base, PAGE_SIZE), PAGE_SIZE,
                   MMU_DEVICE);

    live_regs.mair = MAIR_VALUE;
    live_regs.tcr = (1UL << 31) | (1UL << 23) | (pa_bits_to_ps() << 16) | (3UL << 12) |
                    (1UL << 10) | (1UL << 8) | 16; /* 4K, inner-shareable WBWA walks, T0SZ=16 */
    live_regs.ttbr = arch_virt_to_phys(root_table);
    live_regs.sctlr = SCTLR_EL2_RES1 | SCTLR_M | SCTLR_C | SCTLR_SA | SCTLR_I | SCTLR_WXN;
    extern void arm64_mmu_switch(uint64_t ttbr, uint64_t tcr, uint64_t mair, uint64_t sctlr);
    arm64_mmu_switch(live_regs.ttbr, live_regs.tcr, live_regs.mair, live_regs.sctlr);
}

void mmu_get_regs(struct mmu_regs *r)
{
    *r = live_regs;
}

void mmu_use_page_allocator(void)
{
    use_allocator = true;
}
