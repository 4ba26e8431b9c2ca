/*
 * Ballooning and building a domain's RAM: XENMEM_decrease_reservation and
 * XENMEM_populate_physmap, one extent at a time.
 *
 * A direct-mapped domain (dom0) had its RAM set aside in banks at creation
 * and guest frame == host frame, so giving a frame back only unmaps it
 * (the host frame stays the domain's, unused), and populating a frame maps
 * the same host frame again, zeroed. Nothing else can ever be mapped this
 * way: populate only accepts frames inside the banks that are unmapped.
 *
 * Any other domain gets fresh pages from the page allocator, owned and
 * counted (page_alloc_owned): populate maps them (a 2 MiB extent as one
 * stage-2 block), decrease unmaps them and drops the domain's reference, so
 * a page another domain still maps lives on until that mapping goes.
 *
 * tot_pages counts the RAM frames mapped (for dom0, those mapped 1:1: a
 * frame replaced by a special, foreign or granted page stops counting,
 * physmap_replacing()); max_pages bounds it.
 */
#include <string.h>

#include "common/arch.h"
#include "common/errno.h"
#include "common/mmio.h"
#include "common/page_alloc.h"
#include "common/physmap.h"

bool physmap_in_banks(const struct domain *d, uint64_t gpa, uint64_t size)
{
    for (unsigned int i = 0; i < d->nr_ram_banks; i++)
        if (gpa >= d->ram_base[i] && size <= d->ram_size[i] &&
            gpa - d->ram_base[i] <= d->ram_size[i] - size)
            return true;
    return false;
}

/* The extent [gfn << PAGE_SHIFT, + size): 0, or -EINVAL (misaligned, too
 * large, beyond the domain's guest-physical space, on an emulated device,
 * or for a direct-mapped domain not wholly inside its RAM banks). */
static int extent(struct domain *d, uint64_t gfn, unsigned int order, uint64_t *gpa, uint64_t *size)
{
    if (order > PHYSMAP_MAX_ORDER || gfn >= PHYSMAP_GFN_LIMIT || !IS_ALIGNED(gfn, 1ULL << order))
        return -EINVAL;
    *gpa = gfn << PAGE_SHIFT;
    *size = PAGE_SIZE << order;
    if (d->direct_map)
        return physmap_in_banks(d, *gpa, *size) ? 0 : -EINVAL;
    if (*gpa >= d->p2m.ipa_limit || d->p2m.ipa_limit - *gpa < *size)
        return -EINVAL;
    for (uint64_t off = 0; off < *size; off += PAGE_SIZE)
        if (mmio_covers(d, *gpa + off))
            return -EINVAL;
    return 0;
}

/* Every page of the range is the domain's own RAM: for a direct-mapped
 * domain its frame mapped 1:1, for others a RAM page (which in their
 * physmap is always one of their own: foreign and granted pages have
 * grant types). */
static bool all_own_ram(struct domain *d, uint64_t gpa, uint64_t size)
{
    for (uint64_t off = 0; off < size; off += PAGE_SIZE) {
        paddr_t pa;
        enum p2m_type t;
        if (p2m_lookup(&d->p2m, gpa + off, &pa, &t, NULL) != 0)
            return false;
        if (d->direct_map ? t != P2M_RAM_RW || pa != gpa + off
                          : (t != P2M_RAM_RW && t != P2M_RAM_RO) || page_refs(pa) == 0)
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

paddr_t physmap_replacing_locked(struct domain *d, uint64_t gfn)
{
    uint64_t gpa = gfn << PAGE_SHIFT;
    paddr_t pa;
    enum p2m_type t;
    if (gfn >= PHYSMAP_GFN_LIMIT || p2m_lookup(&d->p2m, gpa, &pa, &t, NULL) != 0 ||
        (t != P2M_RAM_RW && t != P2M_RAM_RO))
        return PADDR_INVALID;
    if (d->direct_map) {
        if (physmap_in_banks(d, gpa, PAGE_SIZE) && t == P2M_RAM_RW && pa == gpa)
            d->tot_pages--; /* the frame stays set aside: nothing to let go */
        return PADDR_INVALID;
    }
    if (page_refs(pa) == 0)
        return PADDR_INVALID; /* a special page (shared_info, grant frame) */
    d->tot_pages--;
    return pa;
}

paddr_t physmap_replacing(struct domain *d, uint64_t gfn)
{
    spin_lock(&d->lock);
    paddr_t old = physmap_replacing_locked(d, gfn);
    spin_unlock(&d->lock);
    return old;
}

void physmap_replaced_locked(struct domain *d, uint64_t gfn, paddr_t old)
{
    if (old == PADDR_INVALID)
        return;
    paddr_t pa;
    if (p2m_lookup(&d->p2m, gfn << PAGE_SHIFT, &pa, NULL, NULL) == 0 && pa == old)
        d->tot_pages++; /* the mapping failed before changing anything */
    else
        page_ref_put(old);
}

void physmap_replaced(struct domain *d, uint64_t gfn, paddr_t old)
{
    spin_lock(&d->lock);
    physmap_replaced_locked(d, gfn, old);
    spin_unlock(&d->lock);
}

/* d's lock held, the range all own RAM of a domain that is not
 * direct-mapped: unmaps it and drops the domain's reference on each page.
 * A range inside one block mapping is unmapped at once; otherwise page by
 * page, each page's frame read just before. */
static int release_owned(struct domain *d, uint64_t gpa, uint64_t size)
{
    paddr_t pa;
    uint64_t block;
    if (p2m_lookup(&d->p2m, gpa, &pa, NULL, &block) != 0)
        return -EINVAL;
    if (block >= size && IS_ALIGNED(gpa, size)) {
        int rc = p2m_unmap(&d->p2m, gpa, size);
        if (rc == 0)
            for (uint64_t off = 0; off < size; off += PAGE_SIZE)
                page_ref_put(pa + off);
        return rc;
    }
    for (uint64_t off = 0; off < size; off += PAGE_SIZE) {
        if (p2m_lookup(&d->p2m, gpa + off, &pa, NULL, NULL) != 0)
            return -EINVAL;
        int rc = p2m_unmap(&d->p2m, gpa + off, PAGE_SIZE);
        if (rc)
            return rc; /* only a split can fail, and pages need none */
        page_ref_put(pa);
    }
    return 0;
}

int physmap_decrease(struct domain *d, uint64_t gfn, unsigned int order)
{
    uint64_t gpa, size;
    int bad = extent(d, gfn, order, &gpa, &size);
    if (bad)
        return bad;
    spin_lock(&d->lock);
    int rc = -EINVAL;
    if (all_own_ram(d, gpa, size))
        rc = d->direct_map ? p2m_unmap(&d->p2m, gpa, size) : release_owned(d, gpa, size);
    if (rc == 0)
        d->tot_pages -= size >> PAGE_SHIFT;
    spin_unlock(&d->lock);
    return rc;
}

/* d's lock held, the range empty: backs it with fresh zeroed pages. */
static int populate_owned(struct domain *d, uint64_t gpa, uint64_t size, unsigned int order)
{
    paddr_t pa = page_alloc_owned(order);
    if (pa == PADDR_INVALID)
        return -ENOMEM;
    memset(arch_phys_to_virt(pa), 0, size);
    int rc = p2m_map(&d->p2m, gpa, pa, size, P2M_RAM_RW);
    if (rc)
        for (uint64_t off = 0; off < size; off += PAGE_SIZE)
            page_ref_put(pa + off);
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
    if (rc == 0 && d->direct_map) {
        /* The frame last held whatever the domain left there: fresh RAM
         * reads as zeroes, as it does on Xen. */
        memset(arch_phys_to_virt(gpa), 0, size);
        rc = p2m_map(&d->p2m, gpa, gpa, size, P2M_RAM_RW);
    } else if (rc == 0) {
        rc = populate_owned(d, gpa, size, order);
    }
    if (rc == 0)
        d->tot_pages += size >> PAGE_SHIFT;
    spin_unlock(&d->lock);
    return rc;
}

static void put_ram(uint64_t gpa, paddr_t pa, uint64_t size, enum p2m_type t, void *arg)
{
    (void)gpa;
    (void)arg;
    if (t == P2M_RAM_RW || t == P2M_RAM_RO)
        for (uint64_t off = 0; off < size; off += PAGE_SIZE)
            page_ref_put(pa + off);
}

void physmap_release_all(struct domain *d)
{
    spin_lock(&d->lock);
    if (!d->direct_map) /* a direct-mapped domain's banks stay set aside */
        p2m_for_each_leaf(&d->p2m, put_ram, NULL);
    d->tot_pages = 0;
    spin_unlock(&d->lock);
}

int physmap_take_page(struct domain *d, uint64_t gfn, paddr_t *pa, enum p2m_type *t)
{
    if (gfn >= PHYSMAP_GFN_LIMIT)
        return -EINVAL;
    if (d->direct_map) {
        /* Its frames are never freed (given back, they stay set aside):
         * nothing to count, no lock to take. */
        if (p2m_lookup(&d->p2m, gfn << PAGE_SHIFT, pa, t, NULL) != 0 ||
            (*t != P2M_RAM_RW && *t != P2M_RAM_RO))
            return -EINVAL;
        *pa &= ~(paddr_t)(PAGE_SIZE - 1);
        return 0;
    }
    spin_lock(&d->lock);
    int rc = -EINVAL;
    if (p2m_lookup(&d->p2m, gfn << PAGE_SHIFT, pa, t, NULL) == 0 &&
        (*t == P2M_RAM_RW || *t == P2M_RAM_RO))
        rc = page_ref_get(*pa) ? -EINVAL : 1;
    spin_unlock(&d->lock);
    *pa &= ~(paddr_t)(PAGE_SIZE - 1);
    return rc;
}
