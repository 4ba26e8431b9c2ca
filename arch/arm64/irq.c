/* IRQ entry at EL2: acknowledge, dispatch by INTID, end of interrupt. */
#include "arch/arm64/guest.h"
#include "arch/arm64/platform.h"
#include "arch/arm64/vgic.h"
#include "arch/arm64/regs.h"
#include "common/console.h"
#include "common/ipi.h"
#include "common/log.h"
#include "common/percpu.h"
#include "common/timer.h"
#include "drivers/gicv3.h"

#define MAINTENANCE_PPI 25

/* SPIs passed through to a guest (dom0): acknowledged and priority-dropped
 * here, deactivated by the guest through the list register's HW link. */
static struct domain *spi_owner[1020];

void arm64_route_spis(struct domain *d, const uint32_t *spis, unsigned int n)
{
    for (unsigned int i = 0; i < n; i++)
        if (spis[i] >= 32 && spis[i] < 1020)
            spi_owner[spis[i]] = d;
}

static void dispatch(uint32_t intid)
{
    if (intid == GIC_SGI_IPI) {
        ipi_handle();
    } else if (intid == VTIMER_PPI) {
        vtimer_interrupt();
    } else if (intid == MAINTENANCE_PPI) {
        vgic_maintenance();
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
        if (intid >= 32 && spi_owner[intid]) {
            gicv3_priority_drop(intid);
            vgic_inject_hw_spi(spi_owner[intid], intid);
            continue;
        }
        dispatch(intid);
        gicv3_eoi(intid);
    }
}
