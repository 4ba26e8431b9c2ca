/* PSCI client: the SMC or HVC conduit named by the device tree. */
#include "arch/arm64/psci.h"
#include "arch/arm64/platform.h"
#include "common/arch.h"

int64_t psci_call(uint32_t fn, uint64_t a1, uint64_t a2, uint64_t a3)
{
    register uint64_t x0 __asm__("x0") = fn;
    register uint64_t x1 __asm__("x1") = a1;
    register uint64_t x2 __asm__("x2") = a2;
    register uint64_t x3 __asm__("x3") = a3;
    if (platform.psci == PSCI_SMC)
        __asm__ volatile("smc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3) : : "memory");
    else
        __asm__ volatile("hvc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3) : : "memory");
    return (int64_t)x0;
}

int64_t psci_cpu_on(uint64_t hwid, paddr_t entry, uint64_t context)
{
    return psci_call(PSCI_0_2_CPU_ON_64, hwid, entry, context);
}

void psci_system_off(void)
{
    psci_call(PSCI_0_2_SYSTEM_OFF, 0, 0, 0);
    arch_halt_cpu();
}

void psci_system_reset(void)
{
    psci_call(PSCI_0_2_SYSTEM_RESET, 0, 0, 0);
    arch_halt_cpu();
}
