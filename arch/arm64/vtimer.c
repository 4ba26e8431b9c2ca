/*
 * The guest's virtual timer. The guest programs CNTV_* directly (no
 * traps; CNTVOFF_EL2 is 0, so its counter is the physical one). When the
 * timer fires while the vCPU is loaded, the physical PPI 27 reaches EL2:
 * we mask the timer (IMASK, which Linux clears when it reprograms) and
 * inject virtual PPI 27. When the vCPU leaves its pCPU with the timer
 * armed, a hypervisor timer stands in for it and wakes the vCPU.
 */
#include "arch/arm64/guest.h"
#include "arch/arm64/sysreg.h"
#include "arch/arm64/vgic.h"
#include "common/event_channel.h"
#include "common/timer.h"

#define CTL_ENABLE  (1UL << 0)
#define CTL_IMASK   (1UL << 1)
#define CTL_ISTATUS (1UL << 2)

static bool armed(uint64_t ctl)
{
    return (ctl & CTL_ENABLE) && !(ctl & CTL_IMASK);
}

static void wake_fn(struct timer *t, void *data)
{
    (void)t;
    struct vcpu *v = data;
    v->arch.vtimer.ctl |= CTL_IMASK;
    vgic_inject(v->dom, v, VTIMER_PPI);
}

void vtimer_put(struct vcpu *v)
{
    struct vtimer *vt = &v->arch.vtimer;
    vt->ctl = read_sysreg(cntv_ctl_el0);
    vt->cval = read_sysreg(cntv_cval_el0);
    write_sysreg(cntv_ctl_el0, 0);
    if (armed(vt->ctl)) {
        if (!v->wake_timer.fn)
            timer_init(&v->wake_timer, wake_fn, v);
        timer_set(&v->wake_timer, vt->cval);
    }
}

void vtimer_load(struct vcpu *v)
{
    if (v->wake_timer.fn)
        timer_stop(&v->wake_timer);
    write_sysreg(cntvoff_el2, 0);
    write_sysreg(cntv_cval_el0, v->arch.vtimer.cval);
    write_sysreg(cntv_ctl_el0, v->arch.vtimer.ctl);
    /* EL1 may read the physical counter; the physical timer stays ours. */
    write_sysreg(cnthctl_el2, 1UL);
}

/* The event-channel upcall: the PPI Linux finds in /hypervisor. */
void arch_evtchn_upcall(struct vcpu *v)
{
    vgic_inject(v->dom, v, EVTCHN_PPI);
}

void vtimer_interrupt(void)
{
    struct vcpu *v = arm64_loaded_vcpu();
    uint64_t ctl = read_sysreg(cntv_ctl_el0);
    write_sysreg(cntv_ctl_el0, ctl | CTL_IMASK);
    isb();
    if (v && armed(ctl) && (ctl & CTL_ISTATUS))
        vgic_inject(v->dom, v, VTIMER_PPI);
}
