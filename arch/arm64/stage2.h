/*
 * The AArch64 stage-2 translation format (VMSAv8-64, 4 KiB granule) as pure
 * functions: stage2.c implements the arch_p2m_* descriptor and geometry
 * interface of common/arch_p2m.h without touching system registers, so the
 * host unit tests run the very encoding the hypervisor uses.
 */
#ifndef ARCH_ARM64_STAGE2_H
#define ARCH_ARM64_STAGE2_H

#include "common/types.h"

/*
 * VTCR_EL2 fields set by stage2_vtcr():
 *   T0SZ  [5:0]   64 - IPA bits
 *   SL0   [7:6]   start level with TG0=4K: 0b10 level 0, 0b01 level 1, 0b00 level 2
 *   IRGN0 [9:8]   0b01: table walks inner write-back write-allocate cacheable
 *   ORGN0 [11:10] 0b01: table walks outer write-back write-allocate cacheable
 *   SH0   [13:12] 0b11: table walks inner shareable (so walks snoop the caches
 *                 and a DSB is all that publishing a descriptor needs)
 *   TG0   [15:14] 0b00: 4 KiB granule
 *   PS    [18:16] output (physical) address size, the ID_AA64MMFR0_EL1.PARange
 *                 encoding; 52 bits is clamped to 48 (the 4K descriptors here
 *                 carry OA[47:12] only)
 *   VS    [19]    left 0: 8-bit VMIDs (VMIDs must be below 256 unless the
 *                 caller sets VTCR_VS on hardware with 16-bit VMID support)
 *   bit 31        RES1
 */
#define VTCR_T0SZ(bits) ((uint64_t)(64 - (bits)) << 0)
#define VTCR_SL0(sl0)   ((uint64_t)(sl0) << 6)
#define VTCR_IRGN0_WBWA (1ULL << 8)
#define VTCR_ORGN0_WBWA (1ULL << 10)
#define VTCR_SH0_INNER  (3ULL << 12)
#define VTCR_TG0_4K     (0ULL << 14)
#define VTCR_PS(f)      ((uint64_t)(f) << 16)
#define VTCR_VS         (1ULL << 19)
#define VTCR_RES1       (1ULL << 31)
#define VTCR_PARANGE_48 5U /* PARange/PS encoding of 48 bits */

/* VTCR_EL2 for the geometry chosen by arch_p2m_setup(), with PS set from
 * pa_range_field (ID_AA64MMFR0_EL1.PARange). 0 before arch_p2m_setup(). */
uint64_t stage2_vtcr(unsigned int pa_range_field);

#endif
