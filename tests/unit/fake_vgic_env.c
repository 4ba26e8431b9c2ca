/*
 * Host stand-ins for what arch/arm64/vgic*.c needs from the rest of the
 * hypervisor: domains (vcpu_kick, domain_vcpu), MMIO registration, the
 * physical GIC driver, and the ICH_* registers (a fake set of 4 list
 * registers whose ELRSR follows their state). Tests look at the fake_*
 * variables, which they declare extern.
 */
#include <string.h>

#include "arch/arm64/vgic.h"
#include "common/domain.h"
#include "common/errno.h"
#include "common/mmio.h"
#include "drivers/gicv3.h"

#define FAKE_MAX_VCPUS 8

void fake_vgic_reset(void);

/* ListRegs 3 (4 LRs), PREbits 4 and PRIbits 4 (5 bits each). */
uint64_t fake_ich_vtr = 3 | 4ULL << 26 | 4ULL << 29;
uint64_t fake_lr[VGIC_MAX_LRS];
uint64_t fake_ich_hcr, fake_ich_vmcr;
uint64_t fake_ich_apr[2][4];
unsigned int fake_kicks[FAKE_MAX_VCPUS];
unsigned int fake_enable_calls, fake_disable_calls, fake_deactivate_calls;
uint32_t fake_enable_intid, fake_disable_intid, fake_deactivate_intid;
uint64_t fake_enable_mpidr;

void fake_vgic_reset(void)
{
    memset(fake_lr, 0, sizeof(fake_lr));
    memset(fake_ich_apr, 0, sizeof(fake_ich_apr));
    memset(fake_kicks, 0, sizeof(fake_kicks));
    fake_ich_hcr = fake_ich_vmcr = 0;
    fake_enable_calls = fake_disable_calls = fake_deactivate_calls = 0;
    fake_enable_intid = fake_disable_intid = fake_deactivate_intid = 0;
    fake_enable_mpidr = 0;
}

void vcpu_kick(struct vcpu *v)
{
    if (v->id < FAKE_MAX_VCPUS)
        fake_kicks[v->id]++;
}

void vcpu_unblock(struct vcpu *v)
{
    vcpu_kick(v); /* the fakes only count wake-ups */
}

struct vcpu *domain_vcpu(struct domain *d, unsigned int id)
{
    return id < d->nr_vcpus ? d->vcpus[id] : NULL;
}

/* Same bookkeeping as the real table, so tests dispatch through it. */
int mmio_register(struct domain *d, uint64_t base, uint64_t size, mmio_handler_fn fn, void *priv)
{
    struct mmio_table *t = &d->arch.mmio;
    if (t->nr >= MMIO_MAX_RANGES)
        return -ENOSPC;
    t->r[t->nr++] = (struct mmio_range){base, size, fn, priv};
    return 0;
}

void gicv3_enable_irq(uint32_t intid, uint64_t target_mpidr)
{
    fake_enable_calls++;
    fake_enable_intid = intid;
    fake_enable_mpidr = target_mpidr;
}

void gicv3_disable_irq(uint32_t intid)
{
    fake_disable_calls++;
    fake_disable_intid = intid;
}

void gicv3_deactivate(uint32_t intid)
{
    fake_deactivate_calls++;
    fake_deactivate_intid = intid;
}

uint64_t vgic_hw_read_lr(unsigned int n)
{
    return n < VGIC_MAX_LRS ? fake_lr[n] : 0;
}

void vgic_hw_write_lr(unsigned int n, uint64_t val)
{
    if (n < VGIC_MAX_LRS)
        fake_lr[n] = val;
}

/* An LR is empty when its state is invalid (no EOI maintenance is used). */
uint64_t vgic_hw_read_elrsr(void)
{
    uint64_t e = 0;
    for (unsigned int i = 0; i < (fake_ich_vtr & 0x1f) + 1; i++) {
        if (!(fake_lr[i] & VGIC_LR_STATE))
            e |= 1ULL << i;
    }
    return e;
}

uint64_t vgic_hw_read_hcr(void)
{
    return fake_ich_hcr;
}

void vgic_hw_write_hcr(uint64_t val)
{
    fake_ich_hcr = val;
}

uint64_t vgic_hw_read_vmcr(void)
{
    return fake_ich_vmcr;
}

void vgic_hw_write_vmcr(uint64_t val)
{
    fake_ich_vmcr = val;
}

uint64_t vgic_hw_read_vtr(void)
{
    return fake_ich_vtr;
}

uint64_t vgic_hw_read_apr(unsigned int group, unsigned int n)
{
    return group < 2 && n < 4 ? fake_ich_apr[group][n] : 0;
}

void vgic_hw_write_apr(unsigned int group, unsigned int n, uint64_t val)
{
    if (group < 2 && n < 4)
        fake_ich_apr[group][n] = val;
}

/* pCPU p has Aff2 = 1, Aff1 = p: distinct from any vMPIDR in the tests. */
uint64_t vgic_hw_pcpu_mpidr(unsigned int pcpu)
{
    return 0x10000ULL | (uint64_t)pcpu << 8;
}
