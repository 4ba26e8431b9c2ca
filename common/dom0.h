/* Building domain 0 from domus.cfg at boot. */
#ifndef COMMON_DOM0_H
#define COMMON_DOM0_H

#include "common/bootinfo.h"
#include "common/domain.h"

#define DOM0_MAX_BANKS   MAX_RAM_BANKS
#define DOM0_DEFAULT_MEM MiB(512)

struct dom0_plan {
    const struct boot_module *kernel, *initrd;
    const char *cmdline;
    uint64_t mem;
    unsigned int nr_vcpus;
    unsigned int nr_banks;
    paddr_t bank_base[DOM0_MAX_BANKS];
    uint64_t bank_size[DOM0_MAX_BANKS];
};

/* Checks the configuration, builds dom0 and queues its first vCPU.
 * Returns NULL, after printing why, when dom0 cannot be built; the
 * hypervisor then stays up without it. */
struct domain *dom0_build(const struct boot_info *bi);

/* Arch part: loads the kernel, initrd and device tree into the banks,
 * maps devices, sets up the interrupt controller and vCPU 0. */
int arch_dom0_build(struct domain *d, const struct dom0_plan *plan, const struct boot_info *bi);
/* Arch check of the kernel image; returns NULL or what is wrong. */
const char *arch_kernel_check(const void *image, uint64_t size);

#endif
