/* Hypercall dispatch (Xen ABI: number in x16 on arm64, arguments in
 * x0..x4, result in x0). */
#ifndef COMMON_HYPERCALL_H
#define COMMON_HYPERCALL_H

#include "common/domain.h"

#define NR_HYPERCALLS 64

void do_hypercall(struct vcpu *v);

/* Per-domain, per-op counters (read by dom0 through the sysctl). */
uint64_t hypercall_count(const struct domain *d, unsigned int op);
void hypercall_reset_counts(const struct domain *d);

/* Handlers, one file each, named after the operation they implement. */
long do_xen_version(struct vcpu *v, uint64_t cmd, uint64_t arg);
long do_console_io(struct vcpu *v, uint64_t cmd, uint64_t count, uint64_t buf);
long do_memory_op(struct vcpu *v, uint64_t cmd, uint64_t arg);
long do_vcpu_op(struct vcpu *v, uint64_t cmd, uint64_t vcpuid, uint64_t arg);
void vcpu_runstate_publish(struct vcpu *v); /* after v is loaded on a pCPU */
long do_sched_op(struct vcpu *v, uint64_t cmd, uint64_t arg);
long do_hvm_op(struct vcpu *v, uint64_t cmd, uint64_t arg);
/* Typed input for the control domain's Xen console (raises VIRQ_CONSOLE). */
void console_io_input(struct domain *d, char c);
/* Domus's own sysctl (xen/domus_sysctl.h). */
long do_sysctl(struct vcpu *v, uint64_t arg);
long do_domctl(struct vcpu *v, uint64_t arg);
long do_physdev_op(struct vcpu *v, uint64_t cmd, uint64_t arg);
unsigned int physdev_pci_count(void); /* PCI devices dom0 has reported */

#endif
