/*
 * Foreign mappings: another domain's RAM frame mapped into a privileged
 * domain's physmap (XENMEM_add_to_physmap_batch with
 * XENMAPSPACE_gmfn_foreign, which Linux's privcmd uses), and removal of
 * whatever a guest frame holds (XENMEM_remove_from_physmap).
 *
 * Each foreign mapping is recorded in the mapper (struct domain
 * .foreign_maps) with its owner and host frame, and counted in the owner
 * (mapped_by_others), so that removal knows what it takes down and a
 * domain's teardown can tell who still maps it. A mapping is a stage-2
 * entry of type P2M_GRANT_RW (or _RO for a read-only owner page): never
 * executable, and not RAM, so the reservation ops leave it alone.
 *
 * The list is searched linearly; privcmd maps a guest's pages in the
 * hundreds at most (console ring, xenstore page, kernel loading), well
 * inside what that costs.
 */
#include "common/errno.h"
#include "common/mmio.h"
#include "common/page_alloc.h"
#include "common/physmap.h"
#include "common/xmalloc.h"
#include "xen/xen.h"

struct foreign_map {
    struct list_head link;
    uint64_t gpa; /* in the mapper */
    paddr_t pa;   /* the owner's host frame */
    domid_t owner;
    bool counted; /* holds a reference on pa */
};

bool physmap_gfn_replaceable(struct domain *d, uint64_t gfn)
{
    paddr_t pa;
    enum p2m_type t;
    if (gfn >= PHYSMAP_GFN_LIMIT)
        return false;
    uint64_t gpa = gfn << PAGE_SHIFT;
    if (gpa >= d->p2m.ipa_limit || mmio_covers(d, gpa))
        return false;
    if (p2m_lookup(&d->p2m, gpa, &pa, &t, NULL) != 0)
        return true;
    return t == P2M_RAM_RW || t == P2M_RAM_RO;
}

static struct domain *owner_domain(struct domain *d, domid_t id, int *err)
{
    *err = -EINVAL; /* mapping itself, as Xen refuses too */
    if (id == DOMID_SELF || id == d->id)
        return NULL;
    struct domain *od = domain_by_id(id);
    *err = -ESRCH;
    if (!od || atomic_load(&od->dying))
        return NULL;
    return od;
}

int foreign_map_add(struct domain *d, uint64_t gfn, domid_t owner, uint64_t idx)
{
    int rc;
    struct domain *od = owner_domain(d, owner, &rc);
    if (!od)
        return rc;
    paddr_t pa;
    enum p2m_type t;
    struct foreign_map *fm = xzalloc(sizeof(*fm));
    if (!fm)
        return -ENOMEM;
    int counted = physmap_take_page(od, idx, &pa, &t);
    if (counted < 0) {
        xfree(fm);
        return counted;
    }
    *fm = (struct foreign_map){
        .gpa = gfn << PAGE_SHIFT, .pa = pa, .owner = od->id, .counted = counted};
    spin_lock(&d->lock);
    if (!physmap_gfn_replaceable(d, gfn))
        rc = -EINVAL;
    else if (d->nr_foreign_maps >= FOREIGN_MAX_MAPS)
        rc = -ENOSPC;
    else {
        paddr_t old = physmap_replacing_locked(d, gfn);
        enum p2m_type mt = t == P2M_RAM_RW ? P2M_GRANT_RW : P2M_GRANT_RO;
        rc = p2m_map(&d->p2m, fm->gpa, pa, PAGE_SIZE, mt);
        physmap_replaced_locked(d, gfn, old);
    }
    if (rc == 0) {
        list_add(&fm->link, &d->foreign_maps);
        d->nr_foreign_maps++;
        atomic_fetch_add(&od->mapped_by_others, 1);
    }
    spin_unlock(&d->lock);
    if (rc) {
        if (counted)
            page_ref_put(pa);
        xfree(fm);
    }
    return rc == -EINVAL || rc == -ENOSPC || rc == 0 ? rc : -ENOMEM;
}

static struct foreign_map *find(struct domain *d, uint64_t gpa)
{
    struct list_head *pos;
    list_for_each(pos, &d->foreign_maps)
    {
        struct foreign_map *fm = list_entry(pos, struct foreign_map, link);
        if (fm->gpa == gpa)
            return fm;
    }
    return NULL;
}

/* d's lock held. The stage-2 entry goes only if it still shows the owner's
 * frame (a guest may have put something else there meanwhile). */
static void drop(struct domain *d, struct foreign_map *fm)
{
    paddr_t pa;
    enum p2m_type t;
    if (p2m_lookup(&d->p2m, fm->gpa, &pa, &t, NULL) == 0 && pa == fm->pa &&
        (t == P2M_GRANT_RW || t == P2M_GRANT_RO))
        (void)p2m_unmap(&d->p2m, fm->gpa, PAGE_SIZE);
    if (fm->counted)
        page_ref_put(fm->pa);
    struct domain *od = fm->owner == DOMID_INVALID ? NULL : domain_by_id(fm->owner);
    if (od)
        atomic_fetch_sub(&od->mapped_by_others, 1);
    list_del(&fm->link);
    d->nr_foreign_maps--;
    xfree(fm);
}

/* d's lock held: a RAM or special page at gpa (not foreign, not grant).
 * A domain's own RAM is given back (as decrease_reservation does). */
static int remove_page(struct domain *d, uint64_t gpa, paddr_t pa)
{
    bool own_ram =
        d->direct_map ? pa == gpa && physmap_in_banks(d, gpa, PAGE_SIZE) : page_refs(pa) > 0;
    int rc = p2m_unmap(&d->p2m, gpa, PAGE_SIZE); /* RAM, shared_info or a grant frame */
    if (rc == 0 && own_ram) {
        d->tot_pages--;
        if (!d->direct_map)
            page_ref_put(pa); /* a direct-mapped domain's frame stays set aside */
    }
    return rc;
}

int physmap_remove(struct domain *d, uint64_t gfn)
{
    if (gfn >= PHYSMAP_GFN_LIMIT)
        return -EINVAL;
    uint64_t gpa = gfn << PAGE_SHIFT;
    paddr_t pa;
    enum p2m_type t;
    int rc;
    spin_lock(&d->lock);
    struct foreign_map *fm = find(d, gpa);
    if (fm) {
        drop(d, fm);
        rc = 0;
    } else if (p2m_lookup(&d->p2m, gpa, &pa, &t, NULL) != 0) {
        rc = -ENOENT;
    } else if (t == P2M_RAM_RW || t == P2M_RAM_RO) {
        rc = remove_page(d, gpa, pa);
    } else {
        rc = -EINVAL; /* device, or a grant mapping (unmap_grant_ref) */
    }
    spin_unlock(&d->lock);
    return rc;
}

void foreign_map_release_all(struct domain *d)
{
    spin_lock(&d->lock);
    while (!list_empty(&d->foreign_maps))
        drop(d, list_entry(d->foreign_maps.next, struct foreign_map, link));
    spin_unlock(&d->lock);
}

void foreign_map_orphan_all(struct domain *d)
{
    for (unsigned int i = 0; i < MAX_DOMAINS; i++) {
        struct domain *m = domains[i];
        if (!m || m == d)
            continue;
        spin_lock(&m->lock);
        struct list_head *pos;
        list_for_each(pos, &m->foreign_maps)
        {
            struct foreign_map *fm = list_entry(pos, struct foreign_map, link);
            if (fm->owner == d->id) {
                fm->owner = DOMID_INVALID;
                atomic_fetch_sub(&d->mapped_by_others, 1);
            }
        }
        spin_unlock(&m->lock);
    }
}
