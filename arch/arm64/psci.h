/* PSCI calls from the hypervisor to the firmware (conduit from the DT). */
#ifndef ARCH_ARM64_PSCI_H
#define ARCH_ARM64_PSCI_H

#include "common/types.h"

#define PSCI_0_2_VERSION      0x84000000u
#define PSCI_0_2_CPU_OFF      0x84000002u
#define PSCI_0_2_CPU_ON_64    0xc4000003u
#define PSCI_0_2_SYSTEM_OFF   0x84000008u
#define PSCI_0_2_SYSTEM_RESET 0x84000009u

#define PSCI_SUCCESS    0
#define PSCI_ALREADY_ON (-4)

int64_t psci_call(uint32_t fn, uint64_t a1, uint64_t a2, uint64_t a3);
int64_t psci_cpu_on(uint64_t hwid, paddr_t entry, uint64_t context);
NORETURN void psci_system_off(void);
NORETURN void psci_system_reset(void);

#endif
