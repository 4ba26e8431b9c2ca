/*
 * The ICH_* system-register side of the virtual GIC: list registers and
 * the virtual CPU interface control of the running pCPU. Kept apart so
 * that arch/arm64/vgic.c stays plain C for host unit tests (which supply
 * their own version of these functions).
 */
#include "arch/arm64/sysreg.h"
#include "arch/arm64/vgic.h"
#include "common/percpu.h"

/* Encodings older assemblers do not know by name. */
#define ICH_AP0R0_EL2 S3_4_C12_C8_0
#define ICH_AP0R1_EL2 S3_4_C12_C8_1
#define ICH_AP0R2_EL2 S3_4_C12_C8_2
#define ICH_AP0R3_EL2 S3_4_C12_C8_3
#define ICH_AP1R0_EL2 S3_4_C12_C9_0
#define ICH_AP1R1_EL2 S3_4_C12_C9_1
#define ICH_AP1R2_EL2 S3_4_C12_C9_2
#define ICH_AP1R3_EL2 S3_4_C12_C9_3
#define ICH_VTR_EL2   S3_4_C12_C11_1
#define ICH_ELRSR_EL2 S3_4_C12_C11_5
#define ICH_VMCR_EL2  S3_4_C12_C11_7
#define ICH_LR_LO(n)  S3_4_C12_C12_##n /* ICH_LR0..7_EL2 */
#define ICH_LR_HI(n)  S3_4_C12_C13_##n /* ICH_LR8..15_EL2 */

/* Expands a register name that is itself a macro before stringification. */
#define RD(r)    read_sysreg(r)
#define WR(r, v) write_sysreg(r, v)

/* System registers are named in the instruction: one case per index. */
uint64_t vgic_hw_read_lr(unsigned int n)
{
    switch (n) {
    case 0: return RD(ICH_LR_LO(0));
    case 1: return RD(ICH_LR_LO(1));
    case 2: return RD(ICH_LR_LO(2));
    case 3: return RD(ICH_LR_LO(3));
    case 4: return RD(ICH_LR_LO(4));
    case 5: return RD(ICH_LR_LO(5));
    case 6: return RD(ICH_LR_LO(6));
    case 7: return RD(ICH_LR_LO(7));
    case 8: return RD(ICH_LR_HI(0));
    case 9: return RD(ICH_LR_HI(1));
    case 10: return RD(ICH_LR_HI(2));
    case 11: return RD(ICH_LR_HI(3));
    case 12: return RD(ICH_LR_HI(4));
    case 13: return RD(ICH_LR_HI(5));
    case 14: return RD(ICH_LR_HI(6));
    case 15: return RD(ICH_LR_HI(7));
    default: return 0;
    }
}

void vgic_hw_write_lr(unsigned int n, uint64_t val)
{
    switch (n) {
    case 0: WR(ICH_LR_LO(0), val); break;
    case 1: WR(ICH_LR_LO(1), val); break;
    case 2: WR(ICH_LR_LO(2), val); break;
    case 3: WR(ICH_LR_LO(3), val); break;
    case 4: WR(ICH_LR_LO(4), val); break;
    case 5: WR(ICH_LR_LO(5), val); break;
    case 6: WR(ICH_LR_LO(6), val); break;
    case 7: WR(ICH_LR_LO(7), val); break;
    case 8: WR(ICH_LR_HI(0), val); break;
    case 9: WR(ICH_LR_HI(1), val); break;
    case 10: WR(ICH_LR_HI(2), val); break;
    case 11: WR(ICH_LR_HI(3), val); break;
    case 12: WR(ICH_LR_HI(4), val); break;
    case 13: WR(ICH_LR_HI(5), val); break;
    case 14: WR(ICH_LR_HI(6), val); break;
    case 15: WR(ICH_LR_HI(7), val); break;
    default: break;
    }
}

uint64_t vgic_hw_read_elrsr(void)
{
    return RD(ICH_ELRSR_EL2);
}

uint64_t vgic_hw_read_hcr(void)
{
    return RD(ICH_HCR_EL2);
}

/* The ISB makes a cleared UIE take effect before interrupts are unmasked
 * (a stale maintenance interrupt would be taken again otherwise). */
void vgic_hw_write_hcr(uint64_t val)
{
    WR(ICH_HCR_EL2, val);
    isb();
}

uint64_t vgic_hw_read_vmcr(void)
{
    return RD(ICH_VMCR_EL2);
}

void vgic_hw_write_vmcr(uint64_t val)
{
    WR(ICH_VMCR_EL2, val);
}

uint64_t vgic_hw_read_vtr(void)
{
    return RD(ICH_VTR_EL2);
}

uint64_t vgic_hw_read_apr(unsigned int group, unsigned int n)
{
    switch (group * 4 + n) {
    case 0: return RD(ICH_AP0R0_EL2);
    case 1: return RD(ICH_AP0R1_EL2);
    case 2: return RD(ICH_AP0R2_EL2);
    case 3: return RD(ICH_AP0R3_EL2);
    case 4: return RD(ICH_AP1R0_EL2);
    case 5: return RD(ICH_AP1R1_EL2);
    case 6: return RD(ICH_AP1R2_EL2);
    case 7: return RD(ICH_AP1R3_EL2);
    default: return 0;
    }
}

void vgic_hw_write_apr(unsigned int group, unsigned int n, uint64_t val)
{
    switch (group * 4 + n) {
    case 0: WR(ICH_AP0R0_EL2, val); break;
    case 1: WR(ICH_AP0R1_EL2, val); break;
    case 2: WR(ICH_AP0R2_EL2, val); break;
    case 3: WR(ICH_AP0R3_EL2, val); break;
    case 4: WR(ICH_AP1R0_EL2, val); break;
    case 5: WR(ICH_AP1R1_EL2, val); break;
    case 6: WR(ICH_AP1R2_EL2, val); break;
    case 7: WR(ICH_AP1R3_EL2, val); break;
    default: break;
    }
}

uint64_t vgic_hw_pcpu_mpidr(unsigned int pcpu)
{
    return pcpu < NR_CPUS ? cpu_info[pcpu].hwid : 0;
}
