/* The hypervisor's own EL2 stage-1 translation tables. */
#ifndef ARCH_ARM64_MMU_H
#define ARCH_ARM64_MMU_H

#include "common/bootinfo.h"
#include "common/types.h"

enum mmu_attr {
    MMU_RX,     /* normal memory, read-only, executable (text) */
    MMU_RO,     /* normal memory, read-only, never executable */
    MMU_RW,     /* normal memory, read-write, never executable */
    MMU_DEVICE, /* Device-nGnRE, read-write, never executable */
};

/* Maps [va, va+size) to pa (page aligned). Uses 1 GiB and 2 MiB blocks where
 * alignment allows. An existing identical mapping is accepted; anything else
 * already mapped there is refused with -EEXIST. */
int mmu_map(uint64_t va, paddr_t pa, uint64_t size, enum mmu_attr attr);

/* Identity-maps a device region and returns its address. NULL on failure. */
void *ioremap(paddr_t pa, uint64_t size);

/* Builds the tables (image by section, RAM, console) and switches to them. */
void mmu_init_boot(const struct boot_info *bi, paddr_t uart_base);

/* Register values secondary CPUs load to share the tables. */
struct mmu_regs {
    uint64_t mair, tcr, ttbr, sctlr;
};
void mmu_get_regs(struct mmu_regs *r);

/* Walks the tables for va; returns the leaf descriptor or 0. */
uint64_t mmu_lookup(uint64_t va);

/* From now on, table pages come from the page allocator. */
void mmu_use_page_allocator(void);

#endif
