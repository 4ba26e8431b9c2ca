/* arm64-internal boot helpers shared by setup.c and smp.c. */
#ifndef ARCH_ARM64_SETUP_H
#define ARCH_ARM64_SETUP_H

#include "common/bootinfo.h"
#include "common/types.h"

/* What TPIDR_EL2 points at on each pCPU (offsets in asm.h). */
struct arch_vcpu;
struct vcpu;
struct arm64_pcpu {
    struct cpu_info *info;
    struct arch_vcpu *guest; /* register block of the guest being entered */
    struct vcpu *loaded;     /* vCPU whose EL1 state is in the registers */
};
extern struct arm64_pcpu arm64_pcpu[];

static inline struct arm64_pcpu *this_pcpu(void)
{
    struct arm64_pcpu *p;
    __asm__ volatile("mrs %0, tpidr_el2" : "=r"(p));
    return p;
}

void arm64_cpu_setup(unsigned int id, uint64_t hwid);
void arm64_fp_trap(void);
void arm64_fp_allow(void); /* boot only: libfdt holds FP/SIMD instructions */
uint64_t arm64_hcr_value(void);
void arm64_cpu_irq_setup(uint64_t hwid);
void arm64_start_primary(struct boot_info *bi, uint64_t entry_counter, uint64_t bad_relocs);

#endif
