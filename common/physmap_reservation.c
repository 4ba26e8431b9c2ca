/*
 * Ballooning a direct-mapped domain (dom0). Its RAM was set aside in banks
 * at creation and guest frame == host frame, so giving a frame back only
 * unmaps it (the host frame stays the domain's, unused), and populating a
 * frame maps the same host frame again, zeroed. Nothing else can ever be
 * mapped this way: populate only accepts frames inside the banks that are
 * unmapped. tot_pages counts the RAM frames mapped 1:1 (a frame replaced
 * by a special, foreign or granted page stops counting:
 * physmap_replacing()); max_pages bounds it.
 */
#include <string.h>

#include "common/arch.h"
#include "common/errno.h"
#include "common/physmap.h"

bool physmap_in_banks(const struct domain *d, uint64_t gpa, uint64_t size)
{
    for (unsigned int i = 0; i < d->nr_ram_banks; i++)
        if (gpa >= d->ram_base[i] && size <= d->ram_size[i] &&
            gpa - d->ram_base[i] <= d->ram_size[i] - size)
            return true;
    return false;
}

/* The extent [gfn << PAGE_SHIFT, + size) of a direct-mapped domain: 0, or
 * -EOPNOTSUPP (not direct-mapped), -EINVAL (misaligned, too large, or not
 * wholly inside the RAM banks). */
static int extent(const struct domain *d, uint64_t gfn, unsigned int order, uint64_t *gpa,
                  uint64_t *size)
{
    if (!d->direct_map)
        return -EOPNOTSUPP;
    if (order > PHYSMAP_MAX_ORDER || gfn >= PHYSMAP_GFN_LIMIT || !IS_ALIGNED(gfn, 1ULL << order))
        return -EINVAL;
    *gpa = gfn << PAGE_SHIFT;
    *size = PAGE_SIZE << order;
    return physmap_in_banks(d, *gpa, *size) ? 0 : -EINVAL;
}

/* Every page of the range is the domain's own frame, mapped 1:1 as RAM. */
static bool all_own_ram(struct domain *d, uint64_t gpa, uint64_t size)
{
    for (uint64_t off = 0; off < size; off += PAGE_SIZE) {
        paddr_t pa;
        enum p2m_type t;
        if (p2m_lookup(&d->p2m, gpa + off, &pa, &t, NULL) != 0 || t != P2M_RAM_RW ||
            pa != gpa + off)
            return false;
    }
    return true;
}

static bool all_unmapped(struct domain *d, uint64_t gpa, uint64_t size)
{
    for (uint64_t off = 0; off < size; off += PAGE_SIZE)
        if (p2m_lookup(&d->p2m, gpa + off, NULL, NULL, NULL) == 0)
            return false;
    return true;
}

void physmap_replacing_locked(struct domain *d, uint64_t gfn)
{
    uint64_t gpa = gfn << PAGE_SHIFT;
    paddr_t pa;
    enum p2m_type t;
    if (d->direct_map && gfn < PHYSMAP_GFN_LIMIT && physmap_in_banks(d, gpa, PAGE_SIZE) &&
        p2m_lookup(&d->p2m, gpa, &pa, &t, NULL) == 0 && t == P2M_RAM_RW && pa == gpa)
        d->tot_pages--;
}

void physmap_replacing(struct domain *d, uint64_t gfn)
{
    spin_lock(&d->lock);
    physmap_replacing_locked(d, gfn);
    spin_unlock(&d->lock);
}

int physmap_decrease(struct domain *d, uint64_t gfn, unsigned int order)
{
    uint64_t gpa, size;
    int bad = extent(d, gfn, order, &gpa, &size);
    if (bad)
        return bad;
    spin_lock(&d->lock);
    int rc = all_own_ram(d, gpa, size) ? p2m_unmap(&d->p2m, gpa, size) : -EINVAL;
    if (rc == 0)
        d->tot_pages -= size >> PAGE_SHIFT;
    spin_unlock(&d->lock);
    return rc;
}

int physmap_populate(struct domain *d, uint64_t gfn, unsigned int order)
{
    uint64_t gpa, size;
    int bad = extent(d, gfn, order, &gpa, &size);
    if (bad)
        return bad;
    spin_lock(&d->lock);
    int rc = 0;
    if (d->tot_pages + (size >> PAGE_SHIFT) > d->max_pages)
        rc = -ENOMEM;
    else if (!all_unmapped(d, gpa, size))
        rc = -EINVAL;
    if (rc == 0) {
        /* The frame last held whatever the domain left there: fresh RAM
         * reads as zeroes, as it does on Xen. */
        memset(arch_phys_to_virt(gpa), 0, size);
        rc = p2m_map(&d->p2m, gpa, gpa, size, P2M_RAM_RW);
    }
    if (rc == 0)
        d->tot_pages += size >> PAGE_SHIFT;
    spin_unlock(&d->lock);
    return rc;
}
