/*
 * The scheduler: one run queue per pCPU, round robin with a time slice.
 * A vCPU stays on the pCPU it was placed on (dom0's vCPUs 1:1 while there
 * are enough pCPUs); with more vCPUs than pCPUs they share by time slice.
 */
#ifndef COMMON_SCHED_H
#define COMMON_SCHED_H

#include "common/domain.h"

#define SCHED_SLICE_NS 10000000ULL /* 10 ms */

void sched_init_cpu(unsigned int cpu);
/* Puts a new vCPU on a pCPU's queue (it runs once RUNNABLE). */
void sched_place(struct vcpu *v, unsigned int pcpu);
/* The calling pCPU's scheduling loop; never returns. */
NORETURN void sched_run(void);
/* True when the running vCPU should give the pCPU back. */
bool sched_need_resched(void);
/* The running vCPU waits for an interrupt (WFI). Returns false, leaving it
 * running, when one is already pending. */
bool sched_block(struct vcpu *v);
/* The running vCPU gives up the rest of its slice (WFE, sched_op yield). */
void sched_yield(struct vcpu *v);
/* The running vCPU is turned off (PSCI CPU_OFF, domain crash). */
void sched_offline(struct vcpu *v);
/* From the IPI handler: re-evaluate this pCPU. */
void sched_ipi(void);
/* Domain pause: v's domain was paused; returns once v is not running. */
void sched_wait_not_running(struct vcpu *v);
/* Domain unpause: v, if PAUSED, becomes runnable again. */
void sched_resume(struct vcpu *v);
/* Domain teardown (its dying flag set): v is taken off its run queue for
 * good, waiting until it is not running; its state ends OFFLINE. */
void sched_remove(struct vcpu *v);
/* Quiescence, for freeing what other pCPUs might have looked up: returns
 * once every other online pCPU has passed through its scheduling loop or
 * guest entry, or is itself waiting in sched_quiesce(), since the call
 * (they are kicked to make sure). The caller must not hold, across the
 * call, pointers it looked up in shared tables. The arch's run loop calls
 * cpu_quiescent() (common/percpu.h) before each entry. */
void sched_quiesce(void);

/* Arch hooks used by the scheduler (arch/arm64/vcpu.c). */
void arch_vcpu_switch_to(struct vcpu *next); /* loads next's state on this pCPU */
void arch_vcpu_run(struct vcpu *v);          /* runs until a reschedule is due */
void arch_idle_unload(void);                 /* idle: drops a dying domain's vCPU still loaded */
bool arch_vcpu_has_pending_irq(struct vcpu *v);

#endif
