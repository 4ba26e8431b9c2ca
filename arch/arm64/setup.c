/*
 * arm64 boot: from the entry stub to the generic hv_main(). In order:
 * per-CPU pointer and EL2 controls, the device tree (libfdt, while FP is
 * still allowed), our own EL2 tables, the console, FP/SIMD trapping, the
 * GIC and the EL2 timer.
 */
#include <assert.h>
#include <stddef.h>

#include "arch/arm64/asm.h"
#include "arch/arm64/dom0.h"
#include "arch/arm64/guest.h"
#include "arch/arm64/mmu.h"
#include "arch/arm64/stage2.h"
#include "common/arch_p2m.h"
#include "arch/arm64/platform.h"
#include "arch/arm64/psci.h"
#include "arch/arm64/setup.h"
#include "arch/arm64/sysreg.h"
#include "common/devtree.h"
#include "common/hypercall.h"
#include "common/log.h"
#include "common/percpu.h"
#include "common/setup.h"
#include "common/timer.h"
#include "drivers/gicv3.h"
#include "drivers/pl011.h"

/* CPTR_EL2 (non-VHE): RES1 bits plus TFP, so that any FP/SIMD instruction
 * executed at EL2 after boot traps instead of clobbering guest state. */
#define CPTR_EL2_RES1 0x33ffUL
#define CPTR_TFP      (1UL << 10)

#define HCR_HOST (HCR_RW | HCR_IMO | HCR_FMO | HCR_AMO)

struct arm64_pcpu arm64_pcpu[NR_CPUS];

static_assert(offsetof(struct arm64_pcpu, info) == PCPU_INFO, "asm offset");
static_assert(offsetof(struct arm64_pcpu, guest) == PCPU_GUEST, "asm offset");

void arm64_cpu_setup(unsigned int id, uint64_t hwid)
{
    cpu_info[id].id = id;
    cpu_info[id].hwid = hwid;
    arm64_pcpu[id].info = &cpu_info[id];
    write_sysreg(tpidr_el2, (uint64_t)(uintptr_t)&arm64_pcpu[id]);
    write_sysreg(hcr_el2, HCR_HOST);
    isb();
}

void arm64_fp_allow(void)
{
    write_sysreg(cptr_el2, CPTR_EL2_RES1);
    isb();
}

void arm64_fp_trap(void)
{
    write_sysreg(cptr_el2, CPTR_EL2_RES1 | CPTR_TFP);
    isb();
}

uint64_t arm64_hcr_value(void)
{
    return HCR_HOST;
}

void arm64_cpu_irq_setup(uint64_t hwid)
{
    int rc = gicv3_cpu_init(hwid);
    if (rc)
        pr_err("gic: CPU %u redistributor setup failed (%d)\n", arch_cpu_id(), rc);
    gicv3_enable_irq(platform.timer_hyp_irq, hwid);
    gicv3_enable_irq(VTIMER_PPI, hwid);
    gicv3_enable_irq(25, hwid); /* vGIC maintenance */
    write_sysreg(vtcr_el2, stage2_vtcr(read_sysreg(id_aa64mmfr0_el1) & 0xf));
    write_sysreg(vttbr_el2, 0);
    arch_timer_program(UINT64_MAX);
    timer_cpu_init(arch_cpu_id());
}

/* Guest-physical width: the CPU's physical width, at most 48 bits. */
static unsigned int ipa_bits(void)
{
    static const unsigned int bits[] = {32, 36, 40, 42, 44, 48, 52};
    uint64_t pa = read_sysreg(id_aa64mmfr0_el1) & 0xf;
    return pa < 7 ? MIN(bits[pa], 48u) : 48u;
}

static bool bootinfo_valid(const struct boot_info *bi)
{
    return bi && bi->magic == BOOTINFO_MAGIC && bi->version == BOOTINFO_VERSION &&
           bi->size == sizeof(*bi);
}

void arm64_start_primary(struct boot_info *bi, uint64_t entry_counter, uint64_t bad_relocs)
{
    arm64_cpu_setup(0, read_sysreg(mpidr_el1) & 0xff00ffffffUL);
    if (!bootinfo_valid(bi))
        arch_halt_cpu(); /* no console is known yet: nothing to say it on */
    const void *fdt = (const void *)(uintptr_t)bi->dtb_base;
    const char *err =
        dt_check(fdt) ? "device tree: bad header" : platform_probe(fdt, bi->cfg.console);
    mmu_init_boot(bi, platform.uart_base);
    if (platform.uart_base)
        pl011_init((void *)(uintptr_t)platform.uart_base);
    log_set_level((enum log_level)bi->cfg.loglevel);
    printk("\nDomus: hypervisor entered at EL%u, own EL2 page tables live\n", arch_current_el());
    if (err || bad_relocs) {
        if (bad_relocs)
            pr_err("Domus: %lu unsupported relocation(s) in the image\n",
                   (unsigned long)bad_relocs);
        if (err)
            pr_err("Domus: %s\n", err);
        pr_err("Domus: cannot continue; halting\n");
        arch_halt_cpu();
    }
    arm64_fp_trap(); /* libfdt is done: from here on FP/SIMD at EL2 traps */
    if (arch_p2m_setup(ipa_bits()) != 0) {
        pr_err("p2m: unsupported physical address size; halting\n");
        arch_halt_cpu();
    }
    int rc =
        gicv3_init(platform.gicd_base, platform.gicd_size, platform.gicr_base, platform.gicr_size);
    if (rc) {
        pr_err("gic: distributor init failed (%d); halting\n", rc);
        arch_halt_cpu();
    }
    arm64_cpu_irq_setup(cpu_info[0].hwid);
    cpu_info[0].online = true;
    if (platform.uart_irq) {
        gicv3_enable_irq(platform.uart_irq, cpu_info[0].hwid);
        pl011_enable_rx_irq();
    }
    hv_main(bi, entry_counter);
}

unsigned int arch_current_el(void)
{
    return (unsigned int)((read_sysreg(CurrentEL) >> 2) & 3);
}

const char *arch_name(void)
{
    return "arm64";
}

void arch_memory_ready(void)
{
    mmu_use_page_allocator();
}

void arch_irq_enable(void)
{
    __asm__ volatile("msr daifclr, #2" ::: "memory");
}

void arch_wait_for_interrupt(void)
{
    wfi();
}

int arch_console_getc(void)
{
    return pl011_getc();
}

void arch_console_guest_input(char c)
{
    /* Both of dom0's consoles get it: the emulated PL011 and the Xen console
     * (hvc0); the one dom0 does not use discards it. */
    if (domains[DOM0_ID]) {
        vpl011_input(domains[DOM0_ID], c);
        console_io_input(domains[DOM0_ID], c);
    }
}

bool arch_console_guest_present(void)
{
    return domains[DOM0_ID] != NULL;
}

void arch_poweroff(void)
{
    psci_system_off();
}

void arch_reboot(void)
{
    psci_system_reset();
}

void arch_selftest_fault(void)
{
    /* An address no table maps: the data abort must reach our dump. */
    volatile uint64_t *p = (volatile uint64_t *)0x0000fff000000000UL;
    (void)*p;
}

void arch_selftest_write_text(void)
{
    extern char _text_start[];
    volatile uint32_t *p = (volatile uint32_t *)(void *)(_text_start + 0x100);
    *p = 0xd503201f; /* a nop; the store itself must never happen */
}
