/*
 * Guest exits: decode ESR_EL2 once and route by exception class. Every
 * outcome is explicit: emulate and step past the instruction, block or
 * yield, or reflect a fault into the guest (undefined instruction or
 * external abort). Nothing a guest does here can stop the hypervisor.
 */
#include "arch/arm64/asm.h"
#include "arch/arm64/guest.h"
#include "arch/arm64/regs.h"
#include "arch/arm64/sysreg.h"
#include "arch/arm64/vgic.h"
#include "common/errno.h"
#include "common/hypercall.h"
#include "common/log.h"
#include "common/mmio.h"
#include "common/sched.h"

#define EC_UNKNOWN  0x00
#define EC_WFX      0x01
#define EC_HVC64    0x16
#define EC_SMC64    0x17
#define EC_SYSREG   0x18
#define EC_IABT_LOW 0x20
#define EC_DABT_LOW 0x24
#define ESR_IL      (1UL << 25)

#define XEN_HYPERCALL_TAG 0xea1

static void skip_insn(struct vcpu *v)
{
    v->arch.regs.pc += 4;
}

static uint64_t get_reg(struct vcpu *v, unsigned int r)
{
    return r == 31 ? 0 : v->arch.regs.x[r];
}

static void set_reg(struct vcpu *v, unsigned int r, uint64_t val)
{
    if (r != 31)
        v->arch.regs.x[r] = val;
}

/* Enters the guest's EL1 exception vector as the hardware would. */
static void inject_sync(struct vcpu *v, uint64_t esr, uint64_t far)
{
    struct guest_regs *r = &v->arch.regs;
    uint64_t mode = r->pstate & 0xf;
    uint64_t off = mode == 0 ? 0x400 : mode == 4 ? 0x000 : 0x200; /* EL0t, EL1t, EL1h */
    write_sysreg(elr_el1, r->pc);
    write_sysreg(spsr_el1, r->pstate);
    write_sysreg(esr_el1, esr);
    write_sysreg(far_el1, far);
    r->pc = read_sysreg(vbar_el1) + off;
    r->pstate = 0x3c5; /* EL1h, all exceptions masked */
}

static bool from_el0(const struct vcpu *v)
{
    return (v->arch.regs.pstate & 0xf) == 0;
}

void guest_inject_undef(struct vcpu *v)
{
    inject_sync(v, ESR_IL, 0);
}

void guest_inject_dabt(struct vcpu *v, uint64_t far, bool write)
{
    uint64_t ec = from_el0(v) ? 0x24 : 0x25;
    uint64_t wnr = write ? 1UL << 6 : 0;
    inject_sync(v, (ec << 26) | ESR_IL | wnr | 0x10, far); /* DFSC: synchronous external abort */
}

void guest_inject_pabt(struct vcpu *v, uint64_t far)
{
    uint64_t ec = from_el0(v) ? 0x20 : 0x21;
    inject_sync(v, (ec << 26) | ESR_IL | 0x10, far);
}

static void handle_wfx(struct vcpu *v, uint64_t esr)
{
    skip_insn(v);
    if (esr & 1) /* WFE: someone else may hold the lock it spins on */
        sched_yield(v);
    else
        sched_block(v);
}

static void handle_hvc(struct vcpu *v, uint64_t esr)
{
    unsigned int imm = esr & 0xffff;
    if (imm == XEN_HYPERCALL_TAG) {
        do_hypercall(v);
        return;
    }
    if (imm == 0 && vpsci_handle(v))
        return;
    v->arch.regs.x[0] = (uint64_t)-ENOSYS;
}

static void handle_smc(struct vcpu *v)
{
    skip_insn(v); /* a trapped SMC returns to itself */
    if (!vpsci_handle(v))
        v->arch.regs.x[0] = (uint64_t)-1; /* SMCCC NOT_SUPPORTED */
}

static void handle_sysreg(struct vcpu *v, uint64_t esr)
{
    unsigned int rt = (esr >> 5) & 0x1f;
    bool read = esr & 1;
    unsigned int op0 = (esr >> 20) & 3, op1 = (esr >> 14) & 7, crn = (esr >> 10) & 0xf;
    unsigned int crm = (esr >> 1) & 0xf, op2 = (esr >> 17) & 7;
    if (op0 == 3 && op1 == 0 && crn == 0 && crm >= 1 && read) { /* ID space (TID3) */
        set_reg(v, rt, vcpu_id_reg(crm, op2));
        skip_insn(v);
        return;
    }
    /* ICC_SGI1R_EL1: Op0 3, Op1 0, CRn 12, CRm 11, Op2 5. */
    if (op0 == 3 && op1 == 0 && crn == 12 && crm == 11 && op2 == 5 && !read) {
        vgic_sgi_write(v, get_reg(v, rt));
        skip_insn(v);
        return;
    }
    pr_debug("d%uv%u: trapped system register access (ESR %#lx) at pc %#lx: undefined\n",
             v->dom->id, v->id, (unsigned long)esr, (unsigned long)v->arch.regs.pc);
    guest_inject_undef(v);
}

static uint64_t fault_ipa(uint64_t far)
{
    return ((read_sysreg(hpfar_el2) & 0xfffffffffff0UL) << 8) | (far & 0xfff);
}

/*
 * A stage-2 fault on an address that is mapped, with the rights asked for,
 * by the time we look (under the p2m lock, so after any change in flight):
 * the access met a break-before-make window (another vCPU's hypercall
 * splitting or replacing a block) and only needs to run again.
 */
static bool transient_fault(struct vcpu *v, uint64_t ipa, bool write, bool exec)
{
    enum p2m_type t;
    if (p2m_lookup(&v->dom->p2m, ipa, NULL, &t, NULL) != 0)
        return false;
    switch (t) {
    case P2M_RAM_RW: return true;
    case P2M_RAM_RO: return !write;
    case P2M_GRANT_RW:
    case P2M_MMIO: return !exec;
    case P2M_GRANT_RO: return !exec && !write;
    default: return false;
    }
}

static void handle_iabt(struct vcpu *v)
{
    uint64_t far = read_sysreg(far_el2);
    if (!transient_fault(v, fault_ipa(far), false, true))
        guest_inject_pabt(v, far);
}

static void handle_dabt(struct vcpu *v, uint64_t esr)
{
    uint64_t far = read_sysreg(far_el2);
    bool isv = esr & (1UL << 24), s1ptw = esr & (1UL << 7);
    struct mmio_access a = {
        .gpa = fault_ipa(far), .size = 1u << ((esr >> 22) & 3), .write = esr & (1UL << 6)};
    unsigned int srt = (esr >> 16) & 0x1f;
    if (!isv || s1ptw) {
        /* A stage-1 walk reads its tables, whatever the access was. */
        if (!transient_fault(v, a.gpa, a.write && !s1ptw, false))
            guest_inject_dabt(v, far, a.write);
        return;
    }
    if (a.write)
        a.val = get_reg(v, srt) & (a.size == 8 ? ~0UL : (1UL << (8 * a.size)) - 1);
    if (!mmio_dispatch(v, &a)) {
        if (transient_fault(v, a.gpa, a.write, false))
            return;
        pr_debug("d%uv%u: unhandled %s at %#lx: abort injected\n", v->dom->id, v->id,
                 a.write ? "write" : "read", (unsigned long)a.gpa);
        guest_inject_dabt(v, far, a.write);
        return;
    }
    if (!a.write) {
        uint64_t val = a.val;
        unsigned int bits = 8 * a.size;
        if ((esr & (1UL << 21)) && bits < 64 && (val >> (bits - 1)) & 1) /* SSE */
            val |= ~0UL << bits;
        if (!(esr & (1UL << 15))) /* SF clear: 32-bit register */
            val &= 0xffffffffUL;
        set_reg(v, srt, val);
    }
    skip_insn(v);
}

/* Guests can cause these at will: say it a few times, then count quietly. */
#define UNKNOWN_TRAP_REPORTS 16
static unsigned int unknown_traps;

static void log_unknown(struct vcpu *v, uint64_t esr)
{
    const struct guest_regs *r = &v->arch.regs;
    if (++unknown_traps > UNKNOWN_TRAP_REPORTS) {
        if (unknown_traps == UNKNOWN_TRAP_REPORTS + 1)
            pr_warn("traps: further unhandled guest traps are counted, not logged ('t')\n");
        return;
    }
    pr_warn("d%uv%u: unhandled trap ESR %#lx (EC %#lx) at pc %#lx pstate %#lx: undefined "
            "instruction injected\n",
            v->dom->id, v->id, (unsigned long)esr, (unsigned long)(esr >> 26), (unsigned long)r->pc,
            (unsigned long)r->pstate);
    for (unsigned int i = 0; i < 31; i += 4)
        pr_warn("  x%u..: %lx %lx %lx %lx\n", i, (unsigned long)r->x[i],
                (unsigned long)(i + 1 < 31 ? r->x[i + 1] : 0),
                (unsigned long)(i + 2 < 31 ? r->x[i + 2] : 0),
                (unsigned long)(i + 3 < 31 ? r->x[i + 3] : 0));
}

static enum exit_kind kind_of(uint64_t esr)
{
    switch (esr >> 26) {
    case EC_WFX: return (esr & 1) ? EXITK_WFE : EXITK_WFI;
    case EC_HVC64: return EXITK_HVC;
    case EC_SMC64: return EXITK_SMC;
    case EC_SYSREG: return EXITK_SYSREG;
    case EC_DABT_LOW: return EXITK_MMIO;
    case EC_IABT_LOW: return EXITK_IABT;
    default: return EXITK_OTHER;
    }
}

static const char *const exit_names[EXITK_NR] = {"wfi",  "wfe",  "hvc", "smc",  "sysreg",
                                                 "mmio", "iabt", "irq", "other"};

void arch_dump_exit_stats(void)
{
    for (unsigned int id = 0; id < MAX_DOMAINS; id++) {
        struct domain *d = domains[id];
        if (!d)
            continue;
        uint64_t total = 0;
        for (unsigned int k = 0; k < EXITK_NR; k++)
            total += d->arch.exits[k];
        printk("traps d%u: total %lu", id, (unsigned long)total);
        for (unsigned int k = 0; k < EXITK_NR; k++)
            printk(" %s %lu", exit_names[k], (unsigned long)d->arch.exits[k]);
        printk("\n");
    }
}

static void handle_sync(struct vcpu *v)
{
    uint64_t esr = read_sysreg(esr_el2);
    v->dom->arch.exits[kind_of(esr)]++;
    switch (esr >> 26) {
    case EC_WFX: handle_wfx(v, esr); break;
    case EC_HVC64: handle_hvc(v, esr); break;
    case EC_SMC64: handle_smc(v); break;
    case EC_SYSREG: handle_sysreg(v, esr); break;
    case EC_DABT_LOW: handle_dabt(v, esr); break;
    case EC_IABT_LOW: handle_iabt(v); break;
    default:
        log_unknown(v, esr);
        guest_inject_undef(v);
        break;
    }
}

void guest_handle_exit(struct vcpu *v, uint64_t reason)
{
    switch (reason) {
    case EXIT_SYNC: handle_sync(v); break;
    case EXIT_IRQ:
        v->dom->arch.exits[EXITK_IRQ]++;
        arm64_irq_current(NULL);
        break;
    case EXIT_SERROR:
        /* An asynchronous abort caused by the guest's own access. */
        domain_crash(v->dom, "SError from the guest");
        break;
    default: break;
    }
}
