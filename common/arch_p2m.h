/*
 * What the generic p2m code needs from the architecture: the stage-2
 * descriptor format and the TLB maintenance. arm64 supplies the format as
 * pure functions in arch/arm64/stage2.h (so that host unit tests run the
 * real encoding) and the maintenance in arch/arm64/p2m.c.
 */
#ifndef COMMON_ARCH_P2M_H
#define COMMON_ARCH_P2M_H

#include "common/p2m.h"

/* Geometry, fixed once at boot by arch_p2m_setup(ipa_bits): the root level,
 * the number of concatenated root pages, the IPA width. */
int arch_p2m_setup(unsigned int ipa_bits);
unsigned int arch_p2m_root_level(void);
unsigned int arch_p2m_root_pages(void);
unsigned int arch_p2m_ipa_bits(void);

/* The descriptor format (pure functions: no hardware access). Levels run
 * from the root level to 3; level 3 maps pages. */
unsigned int arch_p2m_level_shift(unsigned int level);
bool arch_p2m_block_allowed(unsigned int level);
uint64_t arch_p2m_make_leaf(paddr_t pa, enum p2m_type t, unsigned int level);
uint64_t arch_p2m_make_table(paddr_t table);
bool arch_p2m_is_valid(uint64_t e);
bool arch_p2m_is_table(uint64_t e, unsigned int level);
paddr_t arch_p2m_entry_addr(uint64_t e, unsigned int level);
enum p2m_type arch_p2m_entry_type(uint64_t e);

/* Invalidates stage-2 TLB entries of the VMID for the range (all of the
 * VMID's when size is 0), with the barriers needed for break-before-make. */
void arch_p2m_flush(const struct p2m *p, uint64_t gpa, uint64_t size);

/* Makes a table page's contents visible to the walker (clean to PoC when
 * walks are not coherent; a barrier otherwise). */
void arch_p2m_table_written(void *va, size_t len);

#endif
