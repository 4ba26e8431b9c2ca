/* arm64 guest support shared between vcpu.c, the exit handlers, PSCI and
 * the virtual timer. */
#ifndef ARCH_ARM64_GUEST_H
#define ARCH_ARM64_GUEST_H

#include "common/domain.h"

/* Exit handling (guest_traps.c). */
void guest_handle_exit(struct vcpu *v, uint64_t reason);
void guest_inject_undef(struct vcpu *v);
void guest_inject_dabt(struct vcpu *v, uint64_t far, bool write);
void guest_inject_pabt(struct vcpu *v, uint64_t far);

/* PSCI and SMCCC calls from guests (vpsci.c): true when fid was one. */
bool vpsci_handle(struct vcpu *v);

/* Virtual timer (vtimer.c). */
#define VTIMER_PPI 27
#define EVTCHN_PPI 31 /* Xen on arm uses PPI 15 (INTID 31) for event channels */
void vtimer_load(struct vcpu *v);
void vtimer_put(struct vcpu *v);
void vtimer_interrupt(void); /* the physical PPI 27 fired on this pCPU */

/* ID registers as the guest sees them (vcpu_id.c). */
uint64_t vcpu_id_reg(unsigned int crm, unsigned int op2);

void arm64_vcpu_reset(struct vcpu *v, uint64_t pc, uint64_t x0);
uint64_t arm64_vcpu_affinity(const struct vcpu *v);
struct vcpu *arm64_loaded_vcpu(void);

#endif
