/* arm64 implementations of the simple arch hooks in common/arch.h. */
#include "arch/arm64/platform.h"
#include "arch/arm64/setup.h"
#include "arch/arm64/sysreg.h"
#include "common/arch.h"
#include "common/percpu.h"
#include "drivers/gicv3.h"
#include "drivers/pl011.h"

void *arch_phys_to_virt(paddr_t pa)
{
    return (void *)(uintptr_t)pa; /* identity direct map */
}

paddr_t arch_virt_to_phys(const void *va)
{
    return (paddr_t)(uintptr_t)va;
}

unsigned int arch_cpu_id(void)
{
    return this_pcpu()->info->id;
}

void arch_cpu_relax(void)
{
    __asm__ volatile("yield" ::: "memory");
}

void arch_halt_cpu(void)
{
    __asm__ volatile("msr daifset, #0xf" ::: "memory");
    for (;;)
        wfi();
}

unsigned long arch_irq_save(void)
{
    unsigned long flags = read_sysreg(daif);
    __asm__ volatile("msr daifset, #2" ::: "memory");
    return flags;
}

void arch_irq_restore(unsigned long flags)
{
    write_sysreg(daif, flags);
}

uint64_t arch_counter_read(void)
{
    isb();
    return read_sysreg(cntpct_el0);
}

uint64_t arch_counter_freq(void)
{
    return read_sysreg(cntfrq_el0);
}

void arch_timer_program(uint64_t deadline)
{
    if (deadline == 0 || deadline == UINT64_MAX) {
        write_sysreg(CNTHP_CTL_EL2, 2); /* IMASK, disabled */
        return;
    }
    write_sysreg(CNTHP_CVAL_EL2, deadline);
    write_sysreg(CNTHP_CTL_EL2, 1); /* ENABLE */
    isb();
}

void arch_send_ipi(unsigned int cpu, unsigned int reason)
{
    (void)reason; /* the reason travels in cpu_info.ipi_pending */
    gicv3_send_sgi(cpu_info[cpu].hwid, GIC_SGI_IPI);
}

void arch_console_write(const char *s, size_t len)
{
    pl011_write(s, len);
}
