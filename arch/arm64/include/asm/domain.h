/* arm64 parts of struct domain and struct vcpu (see common/domain.h). */
#ifndef ASM_DOMAIN_H
#define ASM_DOMAIN_H

#include "arch/arm64/vgic.h"
#include "common/mmio.h"
#include "common/types.h"

/* Guest general-purpose state, saved and restored on every exit/entry by
 * arch/arm64/guest_entry.S (offsets in arch/arm64/asm.h). */
struct guest_regs {
    uint64_t x[31];
    uint64_t pc;     /* ELR_EL2 */
    uint64_t pstate; /* SPSR_EL2 */
};

/* EL1 system registers: switched only when another vCPU takes the pCPU. */
struct el1_sysregs {
    uint64_t sctlr, actlr, cpacr, ttbr0, ttbr1, tcr, mair, amair, vbar;
    uint64_t contextidr, tpidr_el0, tpidr_el1, tpidrro_el0, sp_el0, sp_el1;
    uint64_t elr_el1, spsr_el1, esr, far, afsr0, afsr1, par, cntkctl, csselr, mdscr;
};

/* FP/SIMD state: saved and restored eagerly on vCPU switch (asm only). */
struct fp_state {
    uint64_t v[64];
    uint64_t fpsr, fpcr;
} __attribute__((aligned(16)));

struct vtimer {
    uint64_t ctl, cval;
};

struct arch_vcpu {
    struct guest_regs regs; /* first: the entry code uses offset 0 */
    struct el1_sysregs sys;
    struct fp_state fp;
    struct vtimer vtimer;
    uint64_t vmpidr;
    uint64_t hcr;
    struct vgic_cpu vgic;
    bool going_offline; /* PSCI CPU_OFF taken: leave the pCPU after this exit */
};

/* Guest exits by kind, for the trap statistics ('t' debug key, benchmarks). */
enum exit_kind {
    EXITK_WFI,
    EXITK_WFE,
    EXITK_HVC,
    EXITK_SMC,
    EXITK_SYSREG,
    EXITK_MMIO,
    EXITK_IABT,
    EXITK_IRQ,
    EXITK_OTHER,
    EXITK_NR
};

struct arch_domain {
    uint64_t exits[EXITK_NR]; /* updated without locks: statistics only */
    struct mmio_table mmio;
    struct vgic_dist vgic;
    uint64_t vttbr;
};

#endif
