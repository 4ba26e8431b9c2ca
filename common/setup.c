/*
 * The generic boot sequence, entered once the arch has a console, its own
 * page tables and interrupts: memory, secondary CPUs, self-tests of the
 * IPI and timer paths, the banner, then idle.
 */
#include <stdatomic.h>

#include "common/arch.h"
#include "common/console.h"
#include "common/dom0.h"
#include "common/sched.h"
#include "common/ipi.h"
#include "common/log.h"
#include "common/memory.h"
#include "common/page_alloc.h"
#include "common/percpu.h"
#include "common/setup.h"
#include "common/timer.h"
#include "common/version.h"

static const char *module_kind(uint32_t k)
{
    return k == BOOT_MOD_KERNEL ? "kernel" : k == BOOT_MOD_INITRD ? "initrd" : "module";
}

static uint64_t ticks_to_us(uint64_t t)
{
    return timer_ticks_to_ns(t) / 1000;
}

/* Three software timers armed out of order must fire in deadline order. */
static _Atomic unsigned int timer_order[3];
static _Atomic unsigned int timers_fired;

static void selftest_timer_fn(struct timer *t, void *data)
{
    (void)t;
    unsigned int slot = atomic_fetch_add(&timers_fired, 1);
    if (slot < 3)
        timer_order[slot] = (unsigned int)(uintptr_t)data;
}

static void selftest_timers(void)
{
    static struct timer t[3];
    uint64_t now = arch_counter_read(), ms = timer_ns_to_ticks(1000000);
    const unsigned int delay_ms[3] = {3, 1, 2};
    for (unsigned int i = 0; i < 3; i++) {
        timer_init(&t[i], selftest_timer_fn, (void *)(uintptr_t)delay_ms[i]);
        timer_set(&t[i], now + delay_ms[i] * ms);
    }
    uint64_t limit = now + 100 * ms;
    while (atomic_load(&timers_fired) < 3 && arch_counter_read() < limit)
        arch_wait_for_interrupt();
    bool ok =
        timers_fired == 3 && timer_order[0] == 1 && timer_order[1] == 2 && timer_order[2] == 3;
    if (ok)
        printk("timer: EL2 timer ok, 3 software timers fired in deadline order (1, 2, 3 ms)\n");
    else
        pr_err("timer: self-test FAILED (%u fired; order %u %u %u)\n", timers_fired, timer_order[0],
               timer_order[1], timer_order[2]);
}

static void banner(const struct boot_info *bi, const struct memory_report *mr, uint64_t entry)
{
    struct page_alloc_stats st;
    page_alloc_get_stats(&st);
    printk("\n"
           "Domus %s (%s) - a Xen-style microhypervisor for %s\n",
           DOMUS_VERSION, DOMUS_GIT, arch_name());
    printk("  exception level : EL%u\n", arch_current_el());
    printk("  CPUs online     : %u of %u\n", cpu_online_count, cpu_possible_count);
    printk("  RAM managed     : %lu MiB (%lu MiB free) of %lu MiB usable RAM\n",
           (unsigned long)(mr->managed >> 20), (unsigned long)((st.free_pages * PAGE_SIZE) >> 20),
           (unsigned long)(mr->ram_total >> 20));
    printk("  RAM held back   : %lu KiB for boot data and modules, %lu KiB left to firmware\n",
           (unsigned long)(mr->reserved >> 10), (unsigned long)(mr->left_to_fw >> 10));
    for (uint32_t i = 0; i < bi->nr_modules; i++) {
        const struct boot_module *m = &bi->modules[i];
        printk("  module          : %s '%s' at %#lx, %lu bytes\n", module_kind(m->kind), m->name,
               (unsigned long)m->base, (unsigned long)m->size);
    }
    if (!bi->nr_modules)
        printk("  module          : none\n");
    uint64_t now = arch_counter_read();
    printk("  boot time       : %lu us in the loader, %lu us from entry to banner\n",
           (unsigned long)ticks_to_us(bi->handoff_counter - bi->loader_entry_counter),
           (unsigned long)ticks_to_us(now - entry));
}

void cpu_idle_loop(void)
{
    sched_run();
}

void hv_main(const struct boot_info *bi, uint64_t entry_counter)
{
    struct memory_report mr;
    if (memory_init(bi, &mr)) {
        pr_err("memory: no usable RAM for the allocator; halting\n");
        arch_halt_cpu();
    }
    arch_memory_ready();
    for (unsigned int i = 0; i < NR_CPUS; i++)
        sched_init_cpu(i);
    arch_irq_enable();
    arch_smp_bringup();
    unsigned int ipi_failed = ipi_selftest_all();
    selftest_timers();
    banner(bi, &mr, entry_counter);
    if (ipi_failed)
        pr_err("Domus: %u IPI round trip(s) failed\n", ipi_failed);
    struct domain *dom0 = bi->nr_modules ? dom0_build(bi) : NULL;
    if (dom0)
        printk("Domus: ready; starting dom0. Ctrl-A three times switches the console "
               "between dom0 and the hypervisor ('h' for debug keys).\n");
    else
        printk("Domus: ready; no dom0. Type 'h' on this console for debug keys.\n");
    if (bi->cfg.bootflags & CFG_BOOT_SELFTEST_CRASH) {
        printk("Domus: boot self-test 'crash': taking a deliberate data abort\n");
        arch_selftest_fault();
    }
    if (bi->cfg.bootflags & CFG_BOOT_SELFTEST_WTEXT) {
        printk("Domus: boot self-test 'wtext': writing to the hypervisor's own text\n");
        arch_selftest_write_text();
        pr_err("Domus: the write to text went through: W^X is broken\n");
    }
    if (dom0) {
        printk("boot: entering dom0 %lu us after hypervisor entry\n",
               (unsigned long)ticks_to_us(arch_counter_read() - entry_counter));
        console_set_guest_focus(true);
    }
    cpu_idle_loop();
}
