/*
 * Guest memory access: the hardware walks the loaded vCPU's stage 1 (AT
 * S1E1R/W, which also checks the guest's own permission) to get the guest
 * physical address; the domain's p2m then says whether that is RAM the
 * domain owns, writable if needed, and where it is. PAR_EL1 belongs to the
 * guest while its vCPU is loaded, so it is saved and restored around.
 */
#include <string.h>

#include "arch/arm64/sysreg.h"
#include "common/arch.h"
#include "common/errno.h"
#include "common/guest_access.h"

#define PAR_F       (1UL << 0)
#define PAR_PA_MASK 0x0000fffffffff000UL

/* Guest physical address of one guest virtual address, or PADDR_INVALID. */
static uint64_t stage1(uint64_t gva, bool write)
{
    unsigned long flags = arch_irq_save();
    uint64_t saved = read_sysreg(par_el1);
    if (write)
        __asm__ volatile("at s1e1w, %0" ::"r"(gva));
    else
        __asm__ volatile("at s1e1r, %0" ::"r"(gva));
    isb();
    uint64_t par = read_sysreg(par_el1);
    write_sysreg(par_el1, saved);
    arch_irq_restore(flags);
    if (par & PAR_F)
        return PADDR_INVALID;
    return (par & PAR_PA_MASK) | (gva & (PAGE_SIZE - 1));
}

/* Host physical address behind a guest virtual address, or PADDR_INVALID
 * unless it is the domain's own RAM (writable, for a write). */
static paddr_t translate(struct vcpu *v, uint64_t gva, bool write)
{
    uint64_t ipa = stage1(gva, write);
    paddr_t pa;
    enum p2m_type t;
    if (ipa == PADDR_INVALID || p2m_lookup(&v->dom->p2m, ipa, &pa, &t, NULL) != 0)
        return PADDR_INVALID;
    if (t == P2M_RAM_RW || (!write && t == P2M_RAM_RO))
        return pa;
    return PADDR_INVALID;
}

static int copy_guest(struct vcpu *v, uint64_t gva, void *buf, size_t len, bool to_guest)
{
    unsigned char *b = buf;
    while (len) {
        size_t chunk = MIN(len, PAGE_SIZE - (gva & (PAGE_SIZE - 1)));
        paddr_t pa = translate(v, gva, to_guest);
        if (pa == PADDR_INVALID)
            return -EFAULT;
        if (to_guest)
            memcpy(arch_phys_to_virt(pa), b, chunk);
        else
            memcpy(b, arch_phys_to_virt(pa), chunk);
        gva += chunk;
        b += chunk;
        len -= chunk;
    }
    return 0;
}

int copy_from_guest(struct vcpu *v, void *dst, uint64_t gva, size_t len)
{
    return copy_guest(v, gva, dst, len, false);
}

int copy_to_guest(struct vcpu *v, uint64_t gva, const void *src, size_t len)
{
    return copy_guest(v, gva, (void *)(uintptr_t)src, len, true);
}
