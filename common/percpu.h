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
    /* Bumped by this CPU alone each time it passes a quiescent point (a
     * guest entry, its scheduling loop): see sched_quiesce(). */
    _Atomic uint64_t quiesce_gen;
};

extern struct cpu_info cpu_info[NR_CPUS];
extern unsigned int cpu_possible_count; /* CPUs the firmware describes */

static inline struct cpu_info *this_cpu(void)
{
    return &cpu_info[arch_cpu_id()];
}

/* This CPU passes a quiescent point: it holds no pointer to anything
 * another CPU may free once it has seen this (common/sched.c). */
static inline void cpu_quiescent(struct cpu_info *ci)
{
    uint64_t g = atomic_load_explicit(&ci->quiesce_gen, memory_order_relaxed);
    atomic_store_explicit(&ci->quiesce_gen, g + 1, memory_order_release);
}

#endif
