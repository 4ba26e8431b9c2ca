/* IRQ entry at EL2: acknowledge, dispatch by INTID, end of interrupt. */
#include "arch/arm64/platform.h"
#include "arch/arm64/regs.h"
#include "common/console.h"
#include "common/ipi.h"
#include "common/log.h"
#include "common/percpu.h"
#include "common/timer.h"
#include "drivers/gicv3.h"

static void dispatch(uint32_t intid)
{
    if (intid == GIC_SGI_IPI) {
        ipi_handle();
    } else if (intid == platform.timer_hyp_irq) {
        arch_timer_program(UINT64_MAX); /* level-triggered: quiet it first */
        timer_interrupt();
    } else if (platform.uart_irq && intid == platform.uart_irq) {
        console_input_interrupt();
    } else {
        pr_warn("irq: unexpected interrupt %u on CPU %u; disabled\n", intid, arch_cpu_id());
        gicv3_disable_irq(intid);
    }
}

void arm64_irq_current(struct cpu_regs *regs)
{
    (void)regs;
    for (;;) {
        uint32_t intid = gicv3_ack();
        if (intid >= 1020)
            break;
        this_cpu()->irqs++;
        dispatch(intid);
        gicv3_eoi(intid);
    }
}
