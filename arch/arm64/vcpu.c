/*
 * arm64 vCPUs: initial state, switching a pCPU between vCPUs (EL1 system
 * registers, FP/SIMD, virtual timer, vGIC state), and the run loop that
 * enters the guest and handles its exits.
 *
 * FP/SIMD policy: eager. A vCPU's FP/SIMD registers are restored when it
 * is loaded on a pCPU and saved when another vCPU takes that pCPU; the
 * hypervisor never touches them otherwise. CPTR_EL2.TFP is clear while a
 * vCPU is loaded (the guest controls its own traps through CPACR_EL1) and
 * set when none is, so stray FP/SIMD use at EL2 traps at least then.
 */
#include <string.h>

#include "arch/arm64/guest.h"
#include "arch/arm64/setup.h"
#include "arch/arm64/sysreg.h"
#include "arch/arm64/vgic.h"
#include "common/domain.h"
#include "common/hypercall.h"
#include "common/ipi.h"
#include "common/log.h"
#include "common/percpu.h"
#include "common/sched.h"

#define HCR_VM     (1UL << 0)
#define HCR_SWIO   (1UL << 1)
#define HCR_FB     (1UL << 9)
#define HCR_BSU_IS (1UL << 10)
#define HCR_TWI    (1UL << 13)
#define HCR_TWE    (1UL << 14)
#define HCR_TID3   (1UL << 18)
#define HCR_TSC    (1UL << 19)
#define HCR_GUEST                                                                                  \
    (HCR_VM | HCR_SWIO | HCR_FMO | HCR_IMO | HCR_AMO | HCR_FB | HCR_BSU_IS | HCR_TWI | HCR_TWE |   \
     HCR_TSC | HCR_TID3 | HCR_RW)

#define SCTLR_EL1_RESET    0x30d00800UL /* RES1 bits; MMU and caches off */
#define PSTATE_EL1H_MASKED 0x3c5UL      /* EL1h, D, A, I, F masked */

int arch_vcpu_init(struct vcpu *v)
{
    struct arch_vcpu *a = &v->arch;
    memset(a, 0, sizeof(*a));
    a->regs.pstate = PSTATE_EL1H_MASKED;
    a->sys.sctlr = SCTLR_EL1_RESET;
    /* Aff0 stays below 16 so one GICv3 SGI target list reaches it. */
    a->vmpidr = (1UL << 31) | ((uint64_t)(v->id >> 4) << 8) | (v->id & 0xf);
    a->hcr = HCR_GUEST;
    return vgic_vcpu_init(v);
}

int arch_domain_init(struct domain *d)
{
    d->arch.vttbr = ((uint64_t)d->p2m.vmid << 48) | d->p2m.root;
    return 0;
}

uint64_t arm64_vcpu_affinity(const struct vcpu *v)
{
    return v->arch.vmpidr & 0xff00ffffffUL;
}

void arm64_vcpu_reset(struct vcpu *v, uint64_t pc, uint64_t x0)
{
    memset(&v->arch.regs, 0, sizeof(v->arch.regs));
    memset(&v->arch.sys, 0, sizeof(v->arch.sys));
    v->arch.regs.pc = pc;
    v->arch.regs.x[0] = x0;
    v->arch.regs.pstate = PSTATE_EL1H_MASKED;
    v->arch.sys.sctlr = SCTLR_EL1_RESET;
    v->arch.vtimer.ctl = 0;
}

#define SAVE(r, f) (s->f = read_sysreg(r))
#define LOAD(r, f) write_sysreg(r, s->f)
/* clang-format off */
#define EL1_REGS(X)                                                  \
    X(sctlr_el1, sctlr) X(actlr_el1, actlr) X(cpacr_el1, cpacr)      \
    X(ttbr0_el1, ttbr0) X(ttbr1_el1, ttbr1) X(tcr_el1, tcr)          \
    X(mair_el1, mair) X(amair_el1, amair) X(vbar_el1, vbar)          \
    X(contextidr_el1, contextidr) X(tpidr_el0, tpidr_el0)            \
    X(tpidr_el1, tpidr_el1) X(tpidrro_el0, tpidrro_el0)              \
    X(sp_el0, sp_el0) X(sp_el1, sp_el1) X(elr_el1, elr_el1)          \
    X(spsr_el1, spsr_el1) X(esr_el1, esr) X(far_el1, far)            \
    X(afsr0_el1, afsr0) X(afsr1_el1, afsr1) X(par_el1, par)          \
    X(cntkctl_el1, cntkctl) X(csselr_el1, csselr) X(mdscr_el1, mdscr)
/* clang-format on */
#define X_SAVE(r, f) SAVE(r, f);
#define X_LOAD(r, f) LOAD(r, f);

static void sysregs_save(struct el1_sysregs *s)
{
    EL1_REGS(X_SAVE)
}

static void sysregs_load(const struct el1_sysregs *s)
{
    EL1_REGS(X_LOAD)
}

void arm64_fp_save(struct fp_state *fp);
void arm64_fp_restore(const struct fp_state *fp);

static void vcpu_put(struct vcpu *v)
{
    sysregs_save(&v->arch.sys);
    arm64_fp_save(&v->arch.fp);
    vtimer_put(v);
    vgic_vcpu_put(v);
    write_sysreg(hcr_el2, arm64_hcr_value());
    write_sysreg(vttbr_el2, 0);
    arm64_fp_trap();
    isb();
}

static void vcpu_load(struct vcpu *v)
{
    arm64_fp_allow(); /* FP/SIMD for the guest: see the top */
    write_sysreg(vttbr_el2, v->dom->arch.vttbr);
    write_sysreg(vmpidr_el2, v->arch.vmpidr);
    write_sysreg(vpidr_el2, read_sysreg(midr_el1));
    write_sysreg(hcr_el2, v->arch.hcr);
    sysregs_load(&v->arch.sys);
    arm64_fp_restore(&v->arch.fp);
    vgic_vcpu_load(v);
    vtimer_load(v);
    isb();
}

void arch_vcpu_switch_to(struct vcpu *next)
{
    struct arm64_pcpu *p = this_pcpu();
    if (p->loaded == next)
        return;
    unsigned long f = arch_irq_save();
    if (p->loaded)
        vcpu_put(p->loaded);
    vcpu_load(next);
    p->loaded = next;
    vcpu_runstate_publish(next);
    arch_irq_restore(f);
}

struct vcpu *arm64_loaded_vcpu(void)
{
    return this_pcpu()->loaded;
}

bool arch_vcpu_has_pending_irq(struct vcpu *v)
{
    return vgic_has_pending(v);
}

uint64_t arm64_guest_enter(struct guest_regs *regs);

/*
 * PSCI CPU_OFF: the vCPU's state is saved and it leaves this pCPU before
 * anyone can see it offline, so that a CPU_ON from another vCPU (which
 * rewrites that state) never races with this pCPU still using it, and the
 * restarted vCPU is loaded afresh (MMU off) rather than found loaded.
 */
static void go_offline(struct vcpu *v)
{
    v->arch.going_offline = false;
    vcpu_put(v);
    this_pcpu()->loaded = NULL;
    timer_stop(&v->wake_timer); /* its old timer is nothing to the next life */
    sched_offline(v);
}

void arch_vcpu_run(struct vcpu *v)
{
    struct cpu_info *ci = this_pcpu()->info;
    for (;;) {
        unsigned long f = arch_irq_save();
        if (sched_need_resched() || atomic_load(&v->state) != VCPU_RUNNING ||
            !domain_may_run(v->dom)) {
            arch_irq_restore(f);
            return;
        }
        cpu_quiescent(ci);
        vgic_flush_lrs(v);
        uint64_t reason = arm64_guest_enter(&v->arch.regs);
        vgic_sync_lrs(v);
        guest_handle_exit(v, reason);
        if (v->arch.going_offline) {
            go_offline(v);
            arch_irq_restore(f);
            return;
        }
        arch_irq_restore(f);
    }
}

void arch_idle_unload(void)
{
    struct arm64_pcpu *p = this_pcpu();
    struct vcpu *v = p->loaded;
    if (!v || !atomic_load(&v->dom->dying))
        return;
    unsigned long f = arch_irq_save();
    vcpu_put(v);
    __atomic_store_n(&p->loaded, NULL, __ATOMIC_RELEASE);
    arch_irq_restore(f);
}

static bool loaded_somewhere(const struct domain *d)
{
    for (unsigned int c = 0; c < NR_CPUS; c++) {
        const struct vcpu *v = __atomic_load_n(&arm64_pcpu[c].loaded, __ATOMIC_ACQUIRE);
        if (v && v->dom == d)
            return true;
    }
    return false;
}

void arch_domain_unload(struct domain *d)
{
    while (loaded_somewhere(d)) {
        for (unsigned int c = 0; c < NR_CPUS; c++) {
            const struct vcpu *v = __atomic_load_n(&arm64_pcpu[c].loaded, __ATOMIC_ACQUIRE);
            if (v && v->dom == d)
                ipi_send(c, IPI_RESCHED);
        }
        for (unsigned int spin = 0; spin < 100000 && loaded_somewhere(d); spin++)
            arch_cpu_relax();
    }
}

void arch_vcpu_set_entry(struct vcpu *v, uint64_t pc, const uint64_t x[4])
{
    arm64_vcpu_reset(v, pc, x[0]);
    for (unsigned int i = 1; i < 4; i++)
        v->arch.regs.x[i] = x[i];
}
