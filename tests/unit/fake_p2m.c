/*
 * Fake stage-2 TLB maintenance for host tests: counts flushes, remembers
 * the last range, and checks break-before-make by walking the tables at
 * flush time (a ranged flush must find its start address unmapped).
 * The descriptor format is the real one (arch/arm64/stage2.c).
 */
#include "common/arch.h"
#include "common/arch_p2m.h"

unsigned int fake_p2m_flushes;      /* arch_p2m_flush() calls */
uint64_t fake_p2m_last_gpa;         /* its last range */
uint64_t fake_p2m_last_size;        /* 0: the whole VMID */
unsigned int fake_p2m_bbm_failures; /* ranged flushes of a still-valid leaf */

/* True when gpa still reaches a valid leaf through p's tables. */
static bool still_mapped(const struct p2m *p, uint64_t gpa)
{
    const uint64_t *tbl = arch_phys_to_virt(p->root);
    for (unsigned int level = arch_p2m_root_level(); level <= 3; level++) {
        size_t idx = (size_t)(gpa >> arch_p2m_level_shift(level));
        if (level != arch_p2m_root_level())
            idx &= PAGE_SIZE / sizeof(uint64_t) - 1;
        uint64_t e = tbl[idx];
        if (!arch_p2m_is_valid(e))
            return false;
        if (!arch_p2m_is_table(e, level))
            return true;
        tbl = arch_phys_to_virt(arch_p2m_entry_addr(e, level));
    }
    return false;
}

void arch_p2m_flush(const struct p2m *p, uint64_t gpa, uint64_t size)
{
    fake_p2m_flushes++;
    fake_p2m_last_gpa = gpa;
    fake_p2m_last_size = size;
    if (size != 0 && still_mapped(p, gpa))
        fake_p2m_bbm_failures++;
}

void arch_p2m_table_written(void *va, size_t len)
{
    (void)va;
    (void)len;
}
