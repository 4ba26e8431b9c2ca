/*
 * PSCI 1.0 and SMCCC 1.1 for guests, through HVC #0 or a trapped SMC #0.
 * CPU_ON starts an offline vCPU of the same domain at the given entry with
 * its MMU off; SYSTEM_OFF/RESET of the control domain act on the machine.
 */
#include "arch/arm64/guest.h"
#include "arch/arm64/psci.h"
#include "common/arch.h"
#include "common/log.h"
#include "common/sched.h"

#define PSCI_FN_VERSION       0x84000000u
#define PSCI_FN_CPU_SUSPEND   0x84000001u
#define PSCI_FN_CPU_OFF       0x84000002u
#define PSCI_FN_CPU_ON        0x84000003u
#define PSCI_FN_AFFINITY_INFO 0x84000004u
#define PSCI_FN_MIGRATE_INFO  0x84000006u
#define PSCI_FN_SYSTEM_OFF    0x84000008u
#define PSCI_FN_SYSTEM_RESET  0x84000009u
#define PSCI_FN_FEATURES      0x8400000au
#define PSCI_64(fn)           ((fn) | 0x40000000u)
#define SMCCC_VERSION         0x80000000u
#define SMCCC_ARCH_FEATURES   0x80000001u

#define PSCI_RET_SUCCESS        0
#define PSCI_RET_NOT_SUPPORTED  (-1)
#define PSCI_RET_INVALID_PARAMS (-2)
#define PSCI_RET_ALREADY_ON     (-4)
#define PSCI_RET_ON_PENDING     (-5)

static struct vcpu *vcpu_by_mpidr(struct domain *d, uint64_t mpidr)
{
    for (unsigned int i = 0; i < d->nr_vcpus; i++)
        if (arm64_vcpu_affinity(d->vcpus[i]) == (mpidr & 0xff00ffffffUL))
            return d->vcpus[i];
    return NULL;
}

static int64_t cpu_on(struct vcpu *v, uint64_t target, uint64_t entry, uint64_t ctx)
{
    struct vcpu *t = vcpu_by_mpidr(v->dom, target);
    if (!t)
        return PSCI_RET_INVALID_PARAMS;
    int s = atomic_load(&t->state);
    if (s != VCPU_OFFLINE)
        return s == VCPU_RUNNABLE ? PSCI_RET_ON_PENDING : PSCI_RET_ALREADY_ON;
    arm64_vcpu_reset(t, entry, ctx);
    vcpu_wake(t);
    return PSCI_RET_SUCCESS;
}

static int64_t affinity_info(struct vcpu *v, uint64_t target, uint64_t level)
{
    if (level != 0)
        return PSCI_RET_INVALID_PARAMS;
    struct vcpu *t = vcpu_by_mpidr(v->dom, target);
    if (!t)
        return PSCI_RET_INVALID_PARAMS;
    int s = atomic_load(&t->state);
    return s == VCPU_OFFLINE ? 1 : 0; /* ON or OFF */
}

static bool supported(uint32_t fn)
{
    switch (fn) {
    case PSCI_FN_VERSION:
    case PSCI_FN_CPU_OFF:
    case PSCI_FN_CPU_ON:
    case PSCI_64(PSCI_FN_CPU_ON):
    case PSCI_FN_AFFINITY_INFO:
    case PSCI_64(PSCI_FN_AFFINITY_INFO):
    case PSCI_FN_MIGRATE_INFO:
    case PSCI_FN_SYSTEM_OFF:
    case PSCI_FN_SYSTEM_RESET:
    case PSCI_FN_FEATURES:
    case SMCCC_VERSION: return true;
    default: return false;
    }
}

static void power_action(struct vcpu *v, bool reset)
{
    if (!v->dom->is_privileged) {
        domain_crash(v->dom, reset ? "reset requested" : "powered off");
        return;
    }
    printk("Domus: dom0 asked for system %s\n", reset ? "reset" : "off");
    if (reset)
        arch_reboot();
    arch_poweroff();
}

static int64_t dispatch(struct vcpu *v, uint32_t fn, const uint64_t *x)
{
    switch (fn) {
    case PSCI_FN_VERSION: return 0x10000; /* 1.0 */
    case PSCI_FN_CPU_ON:
    case PSCI_64(PSCI_FN_CPU_ON): return cpu_on(v, x[1], x[2], x[3]);
    case PSCI_FN_CPU_OFF: v->arch.going_offline = true; return PSCI_RET_SUCCESS;
    case PSCI_FN_AFFINITY_INFO:
    case PSCI_64(PSCI_FN_AFFINITY_INFO): return affinity_info(v, x[1], x[2]);
    case PSCI_FN_MIGRATE_INFO: return 2; /* no trusted OS to migrate */
    case PSCI_FN_SYSTEM_OFF: power_action(v, false); return PSCI_RET_SUCCESS;
    case PSCI_FN_SYSTEM_RESET: power_action(v, true); return PSCI_RET_SUCCESS;
    case PSCI_FN_FEATURES: return supported((uint32_t)x[1]) ? 0 : PSCI_RET_NOT_SUPPORTED;
    case SMCCC_VERSION: return 0x10001; /* 1.1 */
    case SMCCC_ARCH_FEATURES: return PSCI_RET_NOT_SUPPORTED;
    default: return PSCI_RET_NOT_SUPPORTED;
    }
}

bool vpsci_handle(struct vcpu *v)
{
    uint32_t fn = (uint32_t)v->arch.regs.x[0];
    bool psci = (fn & 0xbfffffe0u) == 0x84000000u; /* PSCI range, 32 or 64-bit */
    bool smccc = (fn & 0xffff0000u) == 0x80000000u;
    if (!psci && !smccc)
        return false;
    v->arch.regs.x[0] = (uint64_t)dispatch(v, fn, v->arch.regs.x);
    return true;
}
