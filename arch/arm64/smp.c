/*
 * Secondary CPU bring-up through PSCI CPU_ON. Each CPU gets a logical id,
 * its own stack from the page allocator and a secondary_boot block holding
 * the register values it needs to join our page tables; the block is
 * cleaned to memory because the CPU reads it with its MMU off.
 */
#include <assert.h>
#include <stddef.h>

#include "arch/arm64/asm.h"
#include "arch/arm64/mmu.h"
#include "arch/arm64/platform.h"
#include "arch/arm64/psci.h"
#include "arch/arm64/setup.h"
#include "arch/arm64/sysreg.h"
#include "common/log.h"
#include "common/page_alloc.h"
#include "common/percpu.h"
#include "common/setup.h"

struct secondary_boot {
    uint64_t mair, tcr, ttbr, sctlr, hcr, stack, cpu;
} __attribute__((aligned(64)));

static_assert(offsetof(struct secondary_boot, mair) == SB_MAIR, "asm offset");
static_assert(offsetof(struct secondary_boot, tcr) == SB_TCR, "asm offset");
static_assert(offsetof(struct secondary_boot, ttbr) == SB_TTBR, "asm offset");
static_assert(offsetof(struct secondary_boot, sctlr) == SB_SCTLR, "asm offset");
static_assert(offsetof(struct secondary_boot, hcr) == SB_HCR, "asm offset");
static_assert(offsetof(struct secondary_boot, stack) == SB_STACK, "asm offset");
static_assert(offsetof(struct secondary_boot, cpu) == SB_CPU, "asm offset");

static struct secondary_boot sboot[NR_CPUS];
extern char secondary_entry[];
unsigned int cpu_online_count = 1;
unsigned int cpu_possible_count = 1;
struct cpu_info cpu_info[NR_CPUS];

#define STACK_ORDER 2 /* 16 KiB: CPU_STACK_SIZE */

static void clean_dcache(const void *p, size_t len)
{
    uintptr_t a = ALIGN_DOWN((uintptr_t)p, 64), end = (uintptr_t)p + len;
    for (; a < end; a += 64)
        __asm__ volatile("dc cvac, %0" ::"r"(a) : "memory");
    dsb(sy);
}

static bool wait_online(unsigned int id)
{
    uint64_t deadline = arch_counter_read() + arch_counter_freq(); /* 1 s */
    while (!cpu_info[id].online) {
        if (arch_counter_read() > deadline)
            return false;
        arch_cpu_relax();
    }
    return true;
}

static bool start_cpu(unsigned int id, uint64_t hwid, const struct mmu_regs *r)
{
    paddr_t stack = page_alloc(STACK_ORDER);
    if (stack == PADDR_INVALID) {
        pr_err("smp: no memory for CPU %u's stack\n", id);
        return false;
    }
    struct secondary_boot *sb = &sboot[id];
    *sb = (struct secondary_boot){
        r->mair, r->tcr, r->ttbr, r->sctlr, arm64_hcr_value(), stack + (PAGE_SIZE << STACK_ORDER),
        id};
    cpu_info[id].stack = stack;
    cpu_info[id].hwid = hwid;
    clean_dcache(sb, sizeof(*sb));
    int64_t rc = psci_cpu_on(hwid, arch_virt_to_phys(secondary_entry), arch_virt_to_phys(sb));
    if (rc != PSCI_SUCCESS) {
        pr_err("smp: PSCI CPU_ON for CPU %u (mpidr %#lx) failed: %ld\n", id, (unsigned long)hwid,
               (long)rc);
        page_free(stack, STACK_ORDER);
        return false;
    }
    if (!wait_online(id)) {
        pr_err("smp: CPU %u (mpidr %#lx) did not come online\n", id, (unsigned long)hwid);
        return false;
    }
    return true;
}

unsigned int arch_smp_bringup(void)
{
    struct mmu_regs r;
    mmu_get_regs(&r);
    unsigned int next = 1;
    cpu_possible_count = platform.nr_cpus;
    for (unsigned int i = 0; i < platform.nr_cpus; i++) {
        uint64_t hwid = platform.cpu_hwid[i];
        if (hwid == cpu_info[0].hwid)
            continue;
        if (start_cpu(next, hwid, &r)) {
            next++;
            cpu_online_count++;
        }
    }
    if (platform.cpus_ignored)
        pr_warn("smp: %u CPU(s) beyond the limit of %u ignored\n", platform.cpus_ignored, NR_CPUS);
    return cpu_online_count;
}

void arm64_start_secondary(struct secondary_boot *sb);

void arm64_start_secondary(struct secondary_boot *sb)
{
    unsigned int id = (unsigned int)sb->cpu;
    arm64_cpu_setup(id, cpu_info[id].hwid);
    arm64_fp_trap();
    arm64_cpu_irq_setup(cpu_info[id].hwid);
    cpu_info[id].online = true;
    cpu_idle_loop();
}
