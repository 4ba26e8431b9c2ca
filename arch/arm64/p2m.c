/*
 * Stage-2 TLB maintenance for the generic p2m code (the descriptor format
 * itself lives in stage2.c). Stage-2 table walks are inner-shareable and
 * write-back cacheable (see stage2_vtcr()), so they snoop the data caches:
 * publishing a descriptor needs a barrier, never a cache clean.
 */
#include "arch/arm64/sysreg.h"
#include "common/arch.h"
#include "common/arch_p2m.h"

#define VTTBR_VMID_SHIFT 48
/* Past this many pages one VMID-wide invalidation beats a TLBI per page. */
#define FLUSH_MAX_PAGES 64

static inline void tlbi_ipas2e1is(uint64_t gpa)
{
    /* The operand holds IPA[47:12] in bits [35:0]. */
    __asm__ volatile("tlbi ipas2e1is, %0" : : "r"(gpa >> PAGE_SHIFT) : "memory");
}

/* Invalidates by IPA; stage-1 entries of the VMID may have been combined
 * with the stage-2 ones, and TLBI by IPA cannot find those, so the VMID's
 * stage-1 entries go too (after the IPA invalidations complete). */
static void flush_range(uint64_t gpa, uint64_t size)
{
    for (uint64_t off = 0; off < size; off += PAGE_SIZE)
        tlbi_ipas2e1is(gpa + off);
    dsb(ish);
    __asm__ volatile("tlbi vmalle1is" : : : "memory");
}

/*
 * TLBI IPAS2E1IS, VMALLE1IS and VMALLS12E1IS act on the VMID in VTTBR_EL2,
 * which may belong to another domain (or none) when the hypervisor edits
 * a p2m. So the target VMID is installed for the duration, with interrupts
 * masked so that nothing enters a guest with the borrowed VTTBR_EL2.
 */
void arch_p2m_flush(const struct p2m *p, uint64_t gpa, uint64_t size)
{
    unsigned long flags = arch_irq_save();
    uint64_t saved = read_sysreg(vttbr_el2);

    dsb(ishst); /* the cleared descriptors are visible before the TLBIs */
    write_sysreg(vttbr_el2, p->root | ((uint64_t)p->vmid << VTTBR_VMID_SHIFT));
    isb();
    if (size != 0 && size / PAGE_SIZE <= FLUSH_MAX_PAGES)
        flush_range(gpa, size);
    else
        __asm__ volatile("tlbi vmalls12e1is" : : : "memory");
    dsb(ish);
    isb();
    write_sysreg(vttbr_el2, saved);
    isb();
    arch_irq_restore(flags);
}

void arch_p2m_table_written(void *va, size_t len)
{
    (void)va;
    (void)len;
    dsb(ishst); /* walks are coherent: ordering the stores is enough */
}
