/* arm64-internal boot helpers shared by setup.c and smp.c. */
#ifndef ARCH_ARM64_SETUP_H
#define ARCH_ARM64_SETUP_H

#include "common/bootinfo.h"
#include "common/types.h"

void arm64_cpu_setup(unsigned int id, uint64_t hwid);
void arm64_fp_trap(void);
uint64_t arm64_hcr_value(void);
void arm64_cpu_irq_setup(uint64_t hwid);
void arm64_start_primary(struct boot_info *bi, uint64_t entry_counter, uint64_t bad_relocs);

#endif
