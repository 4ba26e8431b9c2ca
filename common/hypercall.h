/* Hypercall dispatch (Xen ABI: number in x16 on arm64, arguments in
 * x0..x4, result in x0). */
#ifndef COMMON_HYPERCALL_H
#define COMMON_HYPERCALL_H

#include "common/domain.h"

#define NR_HYPERCALLS 64

void do_hypercall(struct vcpu *v);

/* Per-domain, per-op counters (read by dom0 from the Xen-ABI milestone on). */
uint64_t hypercall_count(const struct domain *d, unsigned int op);

#endif
