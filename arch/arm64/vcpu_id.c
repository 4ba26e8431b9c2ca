/*
 * The ID registers a guest sees. HCR_EL2.TID3 traps EL1 reads of the
 * feature ID registers; the guest gets the CPU's values with the features
 * the hypervisor does not (yet) switch per vCPU hidden: SVE, SME, MTE,
 * pointer authentication, AMU, MPAM, the PMU, SPE, trace, BRBE, WFxT and
 * MOPS. Other registers of the ID space read as zero, as reserved ones do.
 */
#include "arch/arm64/guest.h"
#include "arch/arm64/sysreg.h"

#define FIELD(hi, lo) (((~0UL) >> (63 - (hi))) & ~((1UL << (lo)) - 1))

struct id_reg {
    unsigned int crm, op2;
    uint64_t hide;
};

static const struct id_reg hidden[] = {
    {4, 0,
     FIELD(35, 32) | FIELD(43, 40) | FIELD(47, 44) | FIELD(55, 52)}, /* PFR0: SVE MPAM AMU RME */
    {4, 1,
     FIELD(11, 8) | FIELD(19, 16) | FIELD(27, 24) | FIELD(39, 36) | FIELD(47, 44) |
         FIELD(51, 48)}, /* PFR1: MTE MPAM SME NMI GCS THE */
    {4, 4, ~0UL},        /* ZFR0 (SVE) */
    {4, 5, ~0UL},        /* SMFR0 (SME) */
    {5, 0,
     FIELD(11, 8) | FIELD(35, 32) | FIELD(47, 40) | FIELD(55, 48)}, /* DFR0: PMU SPE trace BRBE */
    {6, 1, FIELD(11, 4) | FIELD(31, 24)},                           /* ISAR1: APA API GPA GPI */
    {6, 2, FIELD(3, 0) | FIELD(15, 8) | FIELD(19, 16)},             /* ISAR2: WFxT GPA3 APA3 MOPS */
};

#define R(crm, op2) ((crm) << 3 | (op2))

/* Reads the hardware value of ID register (3, 0, c0, crm, op2). */
static uint64_t read_id(unsigned int crm, unsigned int op2)
{
    switch (R(crm, op2)) {
    case R(4, 0): return read_sysreg(id_aa64pfr0_el1);
    case R(4, 1): return read_sysreg(id_aa64pfr1_el1);
    case R(5, 0): return read_sysreg(id_aa64dfr0_el1);
    case R(5, 1): return read_sysreg(id_aa64dfr1_el1);
    case R(5, 4): return read_sysreg(id_aa64afr0_el1);
    case R(5, 5): return read_sysreg(id_aa64afr1_el1);
    case R(6, 0): return read_sysreg(id_aa64isar0_el1);
    case R(6, 1): return read_sysreg(id_aa64isar1_el1);
    case R(6, 2): return read_sysreg(S3_0_C0_C6_2);
    case R(7, 0): return read_sysreg(id_aa64mmfr0_el1);
    case R(7, 1): return read_sysreg(id_aa64mmfr1_el1);
    case R(7, 2): return read_sysreg(id_aa64mmfr2_el1);
    case R(7, 3): return read_sysreg(S3_0_C0_C7_3);
    case R(7, 4): return read_sysreg(S3_0_C0_C7_4);
    case R(1, 0): return read_sysreg(id_pfr0_el1);
    case R(1, 1): return read_sysreg(id_pfr1_el1);
    case R(1, 2): return read_sysreg(id_dfr0_el1);
    case R(1, 4): return read_sysreg(id_mmfr0_el1);
    case R(1, 5): return read_sysreg(id_mmfr1_el1);
    case R(1, 6): return read_sysreg(id_mmfr2_el1);
    case R(1, 7): return read_sysreg(id_mmfr3_el1);
    case R(2, 0): return read_sysreg(id_isar0_el1);
    case R(2, 1): return read_sysreg(id_isar1_el1);
    case R(2, 2): return read_sysreg(id_isar2_el1);
    case R(2, 3): return read_sysreg(id_isar3_el1);
    case R(2, 4): return read_sysreg(id_isar4_el1);
    case R(2, 5): return read_sysreg(id_isar5_el1);
    case R(3, 0): return read_sysreg(mvfr0_el1);
    case R(3, 1): return read_sysreg(mvfr1_el1);
    case R(3, 2): return read_sysreg(mvfr2_el1);
    default: return 0; /* reserved ID space and hidden registers: RAZ */
    }
}

uint64_t vcpu_id_reg(unsigned int crm, unsigned int op2)
{
    uint64_t v = read_id(crm, op2);
    for (unsigned int i = 0; i < sizeof(hidden) / sizeof(hidden[0]); i++)
        if (hidden[i].crm == crm && hidden[i].op2 == op2)
            v &= ~hidden[i].hide;
    return v;
}
