/* System register access and barriers for AArch64. */
#ifndef ARCH_ARM64_SYSREG_H
#define ARCH_ARM64_SYSREG_H

#include "common/types.h"

#define read_sysreg(r)                                                                             \
    ({                                                                                             \
        uint64_t v_;                                                                               \
        __asm__ volatile("mrs %0, " #r : "=r"(v_));                                                \
        v_;                                                                                        \
    })

#define write_sysreg(r, v)                                                                         \
    do {                                                                                           \
        uint64_t w_ = (uint64_t)(v);                                                               \
        __asm__ volatile("msr " #r ", %0" : : "r"(w_) : "memory");                                 \
    } while (0)

#define isb()    __asm__ volatile("isb" : : : "memory")
#define dsb(opt) __asm__ volatile("dsb " #opt : : : "memory")
#define dmb(opt) __asm__ volatile("dmb " #opt : : : "memory")
#define wfi()    __asm__ volatile("wfi" : : : "memory")
#define wfe()    __asm__ volatile("wfe" : : : "memory")
#define sev()    __asm__ volatile("sev" : : : "memory")

/* GICv3 CPU interface registers by encoding (older assemblers lack names). */
#define ICC_PMR_EL1     S3_0_C4_C6_0
#define ICC_IAR1_EL1    S3_0_C12_C12_0
#define ICC_EOIR1_EL1   S3_0_C12_C12_1
#define ICC_DIR_EL1     S3_0_C12_C11_1
#define ICC_BPR1_EL1    S3_0_C12_C12_3
#define ICC_CTLR_EL1    S3_0_C12_C12_4
#define ICC_SRE_EL1     S3_0_C12_C12_5
#define ICC_IGRPEN1_EL1 S3_0_C12_C12_7
#define ICC_SGI1R_EL1   S3_0_C12_C11_5
#define ICC_SRE_EL2     S3_4_C12_C9_5
#define ICH_HCR_EL2     S3_4_C12_C11_0

/* The EL2 physical timer. */
#define CNTHP_CTL_EL2  cnthp_ctl_el2
#define CNTHP_CVAL_EL2 cnthp_cval_el2

/* SCTLR_EL2 (non-VHE) bits. */
#define SCTLR_M        (1UL << 0)
#define SCTLR_A        (1UL << 1)
#define SCTLR_C        (1UL << 2)
#define SCTLR_SA       (1UL << 3)
#define SCTLR_I        (1UL << 12)
#define SCTLR_WXN      (1UL << 19)
#define SCTLR_EL2_RES1 0x30c50830UL

/* HCR_EL2 bits used so far. */
#define HCR_FMO (1UL << 3)
#define HCR_IMO (1UL << 4)
#define HCR_AMO (1UL << 5)
#define HCR_RW  (1UL << 31)
#define HCR_E2H (1UL << 34)

#endif
