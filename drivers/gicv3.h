/* GICv3 distributor, redistributors and the EL2 view of the CPU interface. */
#ifndef DRIVERS_GICV3_H
#define DRIVERS_GICV3_H

#include "common/types.h"

#define GIC_SGI_IPI  1 /* the SGI used for hypervisor IPIs */
#define GIC_SPURIOUS 1023

/* Maps and initialises the distributor; returns 0 or -errno. */
int gicv3_init(paddr_t gicd, uint64_t gicd_size, paddr_t gicr, uint64_t gicr_size);
/* Wakes and configures the calling CPU's redistributor and CPU interface. */
int gicv3_cpu_init(uint64_t mpidr);

uint32_t gicv3_ack(void);
void gicv3_eoi(uint32_t intid);           /* priority drop and deactivate */
void gicv3_priority_drop(uint32_t intid); /* for interrupts a guest deactivates */
void gicv3_deactivate(uint32_t intid);
void gicv3_enable_irq(uint32_t intid, uint64_t target_mpidr);
void gicv3_disable_irq(uint32_t intid);
void gicv3_send_sgi(uint64_t target_mpidr, uint32_t sgi);
uint32_t gicv3_nr_irqs(void);

#endif
