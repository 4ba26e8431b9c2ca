/*
 * Copying to and from a guest's memory at a guest virtual address, as
 * hypercall arguments are passed: translated through the guest's own
 * stage-1 tables and its stage-2, with the permission the access needs, and
 * refused (-EFAULT) for anything unmapped, read-only (for writes) or not
 * normal memory. Only for the vCPU currently loaded on this pCPU.
 */
#ifndef COMMON_GUEST_ACCESS_H
#define COMMON_GUEST_ACCESS_H

#include "common/domain.h"

int copy_from_guest(struct vcpu *v, void *dst, uint64_t gva, size_t len);
int copy_to_guest(struct vcpu *v, uint64_t gva, const void *src, size_t len);

#endif
