/* Per-CPU data: one struct cpu_info per possible CPU, found by arch_cpu_id(). */
#ifndef COMMON_PERCPU_H
#define COMMON_PERCPU_H

#include <stdatomic.h>

#include "common/arch.h"
#include "common/cpu.h"
#include "common/types.h"

struct cpu_info {
    unsigned int id;
    uint64_t hwid; /* firmware's CPU id (MPIDR affinity on arm64) */
    _Atomic bool online;
    paddr_t stack;                /* base of this CPU's stack (0: boot stack) */
    _Atomic uint32_t ipi_pending; /* bitmask of enum ipi_reason */
    uint64_t irqs;                /* interrupts taken */
};

extern struct cpu_info cpu_info[NR_CPUS];
extern unsigned int cpu_possible_count; /* CPUs the firmware describes */

static inline struct cpu_info *this_cpu(void)
{
    return &cpu_info[arch_cpu_id()];
}

#endif
