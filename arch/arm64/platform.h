/* What the arm64 hypervisor learns from the device tree at boot. */
#ifndef ARCH_ARM64_PLATFORM_H
#define ARCH_ARM64_PLATFORM_H

#include "common/cpu.h"
#include "common/types.h"

enum psci_conduit { PSCI_NONE, PSCI_SMC, PSCI_HVC };

struct arm64_platform {
    paddr_t uart_base;
    uint32_t uart_irq; /* INTID, 0 if none */
    char uart_path[96];
    paddr_t gicd_base, gicr_base;
    uint64_t gicd_size, gicr_size;
    uint32_t timer_hyp_irq; /* INTID of the EL2 physical timer */
    enum psci_conduit psci;
    unsigned int nr_cpus;
    uint64_t cpu_hwid[NR_CPUS];
    unsigned int cpus_ignored; /* described beyond NR_CPUS */
};

extern struct arm64_platform platform;

/* Fills 'platform' from the DTB; returns NULL or a message naming what is
 * missing. */
const char *platform_probe(const void *fdt, const char *console);

#endif
