/*
 * IPIs: the sender sets a reason bit in the target's cpu_info and raises
 * the one hardware IPI; the target handles every pending reason. The
 * round-trip self-test pings every other CPU from every CPU.
 */
#include <stdatomic.h>

#include "common/arch.h"
#include "common/ipi.h"
#include "common/log.h"
#include "common/percpu.h"
#include "common/sched.h"

/* Self-test state: who pinged whom, and how many pongs each CPU got. */
static _Atomic uint32_t ping_from[NR_CPUS];
static _Atomic uint32_t pongs[NR_CPUS];
static uint64_t rtt_ticks[NR_CPUS][NR_CPUS];
static _Atomic uint32_t selftest_done[NR_CPUS];
static _Atomic bool halting;
static _Atomic bool selftest_requested[NR_CPUS];

void ipi_send(unsigned int cpu, enum ipi_reason r)
{
    atomic_fetch_or_explicit(&cpu_info[cpu].ipi_pending, 1u << r, memory_order_release);
    arch_send_ipi(cpu, r);
}

/* Pings each other online CPU in turn and records the round-trip time. */
static void ping_all(void)
{
    unsigned int me = arch_cpu_id();
    for (unsigned int j = 0; j < cpu_online_count; j++) {
        if (j == me)
            continue;
        uint32_t before = atomic_load(&pongs[me]);
        uint64_t t0 = arch_counter_read(), limit = t0 + arch_counter_freq() / 10;
        atomic_store(&ping_from[j], me);
        ipi_send(j, IPI_PING);
        rtt_ticks[me][j] = 0;
        while (atomic_load(&pongs[me]) == before) {
            if (arch_counter_read() > limit)
                break;
            arch_cpu_relax();
        }
        if (atomic_load(&pongs[me]) != before)
            rtt_ticks[me][j] = arch_counter_read() - t0 + 1;
    }
}

void ipi_handle(void)
{
    unsigned int me = arch_cpu_id();
    uint32_t pending = atomic_exchange_explicit(&cpu_info[me].ipi_pending, 0, memory_order_acquire);
    if (pending & (1u << IPI_HALT))
        arch_halt_cpu();
    if (pending & (1u << IPI_PING))
        ipi_send(atomic_load(&ping_from[me]), IPI_PONG);
    if (pending & (1u << IPI_RESCHED))
        sched_ipi();
    if (pending & (1u << IPI_PONG))
        atomic_fetch_add(&pongs[me], 1);
    /* The test waits for pongs, which cannot arrive while this interrupt
     * is active: run it from the idle loop instead. */
    if (pending & (1u << IPI_SELFTEST))
        atomic_store(&selftest_requested[me], true);
}

void ipi_run_deferred(void)
{
    unsigned int me = arch_cpu_id();
    if (!atomic_exchange(&selftest_requested[me], false))
        return;
    ping_all();
    atomic_store(&selftest_done[me], 1);
}

static unsigned int report(void)
{
    unsigned int failed = 0, total = 0;
    uint64_t freq = arch_counter_freq();
    for (unsigned int i = 0; i < cpu_online_count; i++) {
        for (unsigned int j = 0; j < cpu_online_count; j++) {
            if (i == j)
                continue;
            total++;
            if (!rtt_ticks[i][j]) {
                pr_err("ipi: cpu%u -> cpu%u round trip FAILED (no reply)\n", i, j);
                failed++;
                continue;
            }
            printk("ipi: cpu%u -> cpu%u round trip ok (%lu ns)\n", i, j,
                   (unsigned long)(rtt_ticks[i][j] * 1000000000ULL / freq));
        }
    }
    printk("ipi: %u/%u round trips ok\n", total - failed, total);
    return failed;
}

unsigned int ipi_selftest_all(void)
{
    unsigned long flags = arch_irq_save();
    arch_irq_enable();
    for (unsigned int i = 0; i < cpu_online_count; i++) {
        if (i == arch_cpu_id()) {
            ping_all();
            continue;
        }
        atomic_store(&selftest_done[i], 0);
        ipi_send(i, IPI_SELFTEST);
        uint64_t limit = arch_counter_read() + arch_counter_freq();
        while (!atomic_load(&selftest_done[i]) && arch_counter_read() < limit)
            arch_cpu_relax();
    }
    arch_irq_restore(flags);
    return report();
}

void ipi_halt_others(void)
{
    if (atomic_exchange(&halting, true))
        return;
    for (unsigned int i = 0; i < cpu_online_count; i++)
        if (i != arch_cpu_id())
            ipi_send(i, IPI_HALT);
}
