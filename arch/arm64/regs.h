/* The register frame saved by every EL2 exception entry (entry.S). */
#ifndef ARCH_ARM64_REGS_H
#define ARCH_ARM64_REGS_H

#include <assert.h>
#include <stddef.h>

#include "arch/arm64/asm.h"
#include "common/types.h"

struct cpu_regs {
    uint64_t x[31];
    uint64_t sp;
    uint64_t elr, spsr, esr, far;
};

static_assert(offsetof(struct cpu_regs, x[30]) == REGS_X30, "asm offset");
static_assert(offsetof(struct cpu_regs, sp) == REGS_SP, "asm offset");
static_assert(offsetof(struct cpu_regs, elr) == REGS_ELR, "asm offset");
static_assert(offsetof(struct cpu_regs, esr) == REGS_ESR, "asm offset");
static_assert(offsetof(struct cpu_regs, far) == REGS_FAR, "asm offset");
static_assert(sizeof(struct cpu_regs) == REGS_SIZE, "asm size");

void arm64_irq_current(struct cpu_regs *regs);
struct domain;
void arm64_route_spis(struct domain *d, const uint32_t *spis, unsigned int n);
void arm64_sync_current(struct cpu_regs *regs);
void arm64_unexpected(struct cpu_regs *regs, uint64_t kind, uint64_t origin);

#endif
