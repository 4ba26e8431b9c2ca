/*
 * Grant tables, Xen ABI version 1.
 *
 * Model. Each domain has a grant table of up to GNTTAB_MAX_FRAMES hypervisor
 * pages holding struct grant_entry_v1 (512 per page). The guest maps them
 * into its own physical space (XENMEM_add_to_physmap, XENMAPSPACE_grant_table,
 * through gnttab_frame_pa(), which allocates frames lazily) and writes its
 * entries there; the hypervisor only ever touches an entry with atomic
 * operations on its first word (flags | domid << 16) and a load of its
 * second (frame), since the guest writes them concurrently. Beside every
 * frame of entries lies a hypervisor-private array of active entries: the
 * pin counts of the grant (read-only and writable users: maps and copies in
 * flight) and the host frame resolved at the first pin, used by every later
 * pin for as long as any is held (as in Xen).
 *
 * Each domain also has a maptrack of GNTTAB_MAX_MAPTRACK slots: a map handle
 * is a slot index recording (granting domid, ref, read-only, host PA,
 * guest-physical address in the mapper). Mappings are stage-2 entries of
 * type P2M_GRANT_RW / P2M_GRANT_RO at host_addr; dev_bus_addr is the host
 * PA (the bus address for a direct-mapped dom0).
 *
 * Locking. One spinlock per table (struct gnttab_domain.lock) guards its
 * frames, active entries and maptrack. An operation that involves two
 * domains (mapper and granter, copy source and destination) takes both
 * locks in ascending domain-id order, a single lock when both are the same
 * domain. The p2m lock is taken inside, never the other way round.
 *
 * Deviations from Xen, all on paths a correct guest does not take:
 *  - setup_table lists host frame numbers (frames are hypervisor pages;
 *    auto-translated arm guests map them with add_to_physmap instead).
 *  - An entry that is not GTF_permit_access answers GNTST_bad_gntref, a
 *    grant for another domid or a write to a GTF_readonly grant
 *    GNTST_permission_denied (Xen: GNTST_general_error for all three).
 *  - A full maptrack answers GNTST_no_device_space (older Xen; newer Xen
 *    says GNTST_no_space).
 *  - host_addr may not already hold a grant or MMIO mapping
 *    (GNTST_bad_virt_addr); RAM there is replaced, as in Xen.
 *  - Destroying a domain leaves others' mappings of its grants in place as
 *    orphans (their pages live on, referenced, until unmapped) instead of
 *    keeping the dying domain as a zombie.
 *  - set_version(2), transfer, unmap_and_replace, dump_table,
 *    get_status_frames, swap_grant_ref and cache_flush answer -ENOSYS.
 */
#include <string.h>

#include "common/arch.h"
#include "common/errno.h"
#include "common/grant_table.h"
#include "common/guest_access.h"
#include "common/p2m.h"
#include "common/page_alloc.h"
#include "common/physmap.h"
#include "common/spinlock.h"
#include "common/xmalloc.h"
#include "xen/grant_table.h"

#define EPF ((unsigned int)GNTTAB_V1_ENTRIES_PER_FRAME)

_Static_assert(sizeof(struct grant_entry_v1) == 8, "v1 entry is two words");
_Static_assert(EPF * 8 == PAGE_SIZE, "one frame is one page");

struct active_entry {
    uint32_t rd;   /* read-only pins */
    uint32_t wr;   /* writable pins */
    paddr_t pa;    /* host frame, valid while rd + wr > 0 */
    bool frame_rw; /* that frame is writable RAM of the granter */
    bool counted;  /* the pins hold a page reference on pa */
};

struct maptrack {
    bool in_use;
    bool ro;
    domid_t dom; /* granting domain; DOMID_INVALID once revoked */
    grant_ref_t ref;
    paddr_t pa;   /* host frame mapped */
    uint64_t gpa; /* where, in the mapper's stage 2 */
    bool counted; /* the mapping holds a page reference on pa */
};

struct gnttab_domain {
    spinlock_t lock;
    unsigned int nr_frames;
    uint32_t *frames[GNTTAB_MAX_FRAMES]; /* host VA, two words per entry */
    struct active_entry *active[GNTTAB_MAX_FRAMES];
    struct maptrack *maptrack; /* GNTTAB_MAX_MAPTRACK slots */
    unsigned int max_frames;   /* this domain's limits (gnttab_set_limits) */
    unsigned int max_maps;
    unsigned int nr_maps; /* slots in use */
    unsigned int mt_hint; /* where to start looking for a free slot */
    uint64_t nr_pins;     /* sum of rd + wr over the active entries */
};

/* ------------------------------------------------------------------------
 * Domains and locks.
 */

/* The domain a grant operation of ld may name: not dying, with a table. */
static struct domain *lookup_live(struct domain *ld, domid_t id)
{
    if (id == DOMID_SELF)
        return ld;
    if (id >= MAX_DOMAINS)
        return NULL;
    struct domain *d = domains[id];
    if (!d || d->id != id || atomic_load(&d->dying) || !d->gnttab)
        return NULL;
    return d;
}

/* Any domain with a table, dying or not (to release what is held there). */
static struct domain *lookup_any(domid_t id)
{
    if (id >= MAX_DOMAINS)
        return NULL;
    struct domain *d = domains[id];
    return d && d->id == id && d->gnttab ? d : NULL;
}

/* Locks the tables of a and b (either may be NULL) in domain-id order. */
static void lock_pair(struct domain *a, struct domain *b)
{
    if (!a || a == b) {
        if (b)
            spin_lock(&b->gnttab->lock);
        return;
    }
    if (!b) {
        spin_lock(&a->gnttab->lock);
        return;
    }
    if (a->id < b->id) {
        spin_lock(&a->gnttab->lock);
        spin_lock(&b->gnttab->lock);
    } else {
        spin_lock(&b->gnttab->lock);
        spin_lock(&a->gnttab->lock);
    }
}

static void unlock_pair(struct domain *a, struct domain *b)
{
    if (a)
        spin_unlock(&a->gnttab->lock);
    if (b && b != a)
        spin_unlock(&b->gnttab->lock);
}

/* ------------------------------------------------------------------------
 * Frames and entries.
 */

/* Grows gt to n frames. Caller holds gt->lock. 0 or -ENOMEM (the frames
 * allocated so far stay). */
static int grow_locked(struct gnttab_domain *gt, unsigned int n)
{
    while (gt->nr_frames < n) {
        unsigned int i = gt->nr_frames;
        uint32_t *f = page_alloc_zeroed_va();
        if (!f)
            return -ENOMEM;
        struct active_entry *a = xzalloc(EPF * sizeof(*a));
        if (!a) {
            page_free_va(f);
            return -ENOMEM;
        }
        gt->frames[i] = f;
        gt->active[i] = a;
        gt->nr_frames = i + 1;
    }
    return 0;
}

static uint32_t *entry_word(struct gnttab_domain *gt, grant_ref_t ref)
{
    return gt->frames[ref / EPF] + (size_t)(ref % EPF) * 2;
}

static struct active_entry *active_of(struct gnttab_domain *gt, grant_ref_t ref)
{
    return &gt->active[ref / EPF][ref % EPF];
}

/* Clears GTF_writing / GTF_reading once no pin needs them. */
static void fix_flags(struct gnttab_domain *gt, grant_ref_t ref)
{
    const struct active_entry *act = active_of(gt, ref);
    uint32_t clear = 0;
    if (act->wr == 0)
        clear |= GTF_writing;
    if (act->wr == 0 && act->rd == 0)
        clear |= GTF_reading;
    if (clear)
        __atomic_fetch_and(entry_word(gt, ref), ~clear, __ATOMIC_RELEASE);
}

/*
 * Pins grant ref of rd for use by domain ldom (reading, or writing too),
 * setting GTF_reading/GTF_writing in the entry the granter shares with us.
 * Caller holds rd's table lock. Returns GNTST_okay with the host frame and
 * whether it is writable RAM, or a GNTST_* error with nothing changed.
 */
static int pin_grant(struct domain *rd, grant_ref_t ref, domid_t ldom, bool write, paddr_t *pa)
{
    struct gnttab_domain *gt = rd->gnttab;
    if (ref >= gt->nr_frames * EPF)
        return GNTST_bad_gntref;
    uint32_t *w = entry_word(gt, ref);
    struct active_entry *act = active_of(gt, ref);
    uint32_t cur = __atomic_load_n(w, __ATOMIC_ACQUIRE);
    for (unsigned int tries = 0;; tries++) {
        uint32_t flags = cur & 0xffffU;
        if ((flags & GTF_type_mask) != GTF_permit_access)
            return GNTST_bad_gntref;
        if ((domid_t)(cur >> 16) != ldom)
            return GNTST_permission_denied;
        if (write && (flags & GTF_readonly))
            return GNTST_permission_denied;
        uint32_t want = cur | GTF_reading | (write ? GTF_writing : 0);
        if (want == cur ||
            __atomic_compare_exchange_n(w, &cur, want, false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
            break;
        if (tries == 4)
            return GNTST_general_error; /* the granter keeps changing it */
    }
    if (act->rd + act->wr == 0) {
        uint32_t frame = __atomic_load_n(w + 1, __ATOMIC_RELAXED);
        paddr_t fpa;
        enum p2m_type t;
        int counted = physmap_take_page(rd, frame, &fpa, &t);
        if (counted < 0) {
            fix_flags(gt, ref);
            return GNTST_bad_page;
        }
        act->pa = fpa;
        act->frame_rw = t == P2M_RAM_RW;
        act->counted = counted;
    }
    if (write && !act->frame_rw) {
        fix_flags(gt, ref);
        return GNTST_permission_denied;
    }
    if (write)
        act->wr++;
    else
        act->rd++;
    gt->nr_pins++;
    *pa = act->pa;
    return GNTST_okay;
}

/* Drops one pin taken by pin_grant(). Caller holds rd's table lock. */
static void unpin_grant(struct domain *rd, grant_ref_t ref, bool write)
{
    struct gnttab_domain *gt = rd->gnttab;
    struct active_entry *act = active_of(gt, ref);
    if (write)
        act->wr--;
    else
        act->rd--;
    gt->nr_pins--;
    fix_flags(gt, ref);
    if (act->rd + act->wr == 0 && act->counted)
        page_ref_put(act->pa);
}

/* ------------------------------------------------------------------------
 * Domain life.
 */

int gnttab_domain_init(struct domain *d)
{
    struct gnttab_domain *gt = xzalloc(sizeof(*gt));
    if (!gt)
        return -ENOMEM;
    gt->maptrack = xzalloc(GNTTAB_MAX_MAPTRACK * sizeof(*gt->maptrack));
    if (!gt->maptrack) {
        xfree(gt);
        return -ENOMEM;
    }
    spin_lock_init(&gt->lock);
    gt->max_frames = GNTTAB_MAX_FRAMES;
    gt->max_maps = GNTTAB_MAX_MAPTRACK;
    d->gnttab = gt;
    return 0;
}

int gnttab_set_limits(struct domain *d, unsigned int frames, unsigned int maps)
{
    struct gnttab_domain *gt = d->gnttab;
    if (!gt || frames == 0 || frames > GNTTAB_MAX_FRAMES || maps == 0 || maps > GNTTAB_MAX_MAPTRACK)
        return -EINVAL;
    spin_lock(&gt->lock);
    int rc = gt->nr_frames > frames || gt->nr_maps ? -EBUSY : 0;
    if (rc == 0) {
        gt->max_frames = frames;
        gt->max_maps = maps;
    }
    spin_unlock(&gt->lock);
    return rc;
}

int gnttab_frame_pa(struct domain *d, unsigned int idx, paddr_t *pa)
{
    struct gnttab_domain *gt = d->gnttab;
    if (!gt || idx >= gt->max_frames)
        return -EINVAL;
    spin_lock(&gt->lock);
    int rc = grow_locked(gt, idx + 1);
    if (rc == 0)
        *pa = arch_virt_to_phys(gt->frames[idx]);
    spin_unlock(&gt->lock);
    return rc;
}

/* Removes mapper ld's stage-2 entry for mt if it still maps mt's frame,
 * and lets the frame go. */
static void unmap_p2m(struct domain *ld, const struct maptrack *mt)
{
    paddr_t pa;
    enum p2m_type t;
    uint64_t bs;
    if (p2m_lookup(&ld->p2m, mt->gpa, &pa, &t, &bs) == 0 && (pa & PAGE_MASK) == mt->pa &&
        (t == P2M_GRANT_RW || t == P2M_GRANT_RO))
        (void)p2m_unmap(&ld->p2m, mt->gpa, PAGE_SIZE);
    if (mt->counted)
        page_ref_put(mt->pa); /* the mapping's own reference */
}

static void free_slot(struct gnttab_domain *gt, unsigned int h)
{
    memset(&gt->maptrack[h], 0, sizeof(gt->maptrack[h]));
    gt->nr_maps--;
    if (h < gt->mt_hint)
        gt->mt_hint = h;
}

void gnttab_domain_destroy(struct domain *d)
{
    struct gnttab_domain *gt = d->gnttab;
    if (!gt)
        return;

    /* Mappings d holds: unmap them and release their pins. */
    for (unsigned int h = 0; h < GNTTAB_MAX_MAPTRACK; h++) {
        struct maptrack *mt = &gt->maptrack[h];
        if (!mt->in_use)
            continue;
        struct domain *rd = lookup_any(mt->dom);
        lock_pair(d, rd);
        if (rd)
            unpin_grant(rd, mt->ref, !mt->ro);
        unmap_p2m(d, mt);
        free_slot(gt, h);
        unlock_pair(d, rd);
    }

    /* Mappings others hold of d's grants: they stay (the mapper may be in
     * the middle of using them) and keep their pages, which go with the
     * mapper's unmap; d's table no longer knows them. */
    for (unsigned int i = 0; i < MAX_DOMAINS; i++) {
        struct domain *o = domains[i];
        if (!o || o == d || !o->gnttab)
            continue;
        lock_pair(d, o);
        for (unsigned int h = 0; h < GNTTAB_MAX_MAPTRACK; h++) {
            struct maptrack *mt = &o->gnttab->maptrack[h];
            if (!mt->in_use || mt->dom != d->id)
                continue;
            unpin_grant(d, mt->ref, !mt->ro);
            mt->dom = DOMID_INVALID; /* an orphan: still mapped, holding its page */
        }
        unlock_pair(d, o);
    }

    d->gnttab = NULL;
    for (unsigned int i = 0; i < gt->nr_frames; i++) {
        page_free_va(gt->frames[i]);
        xfree(gt->active[i]);
    }
    xfree(gt->maptrack);
    xfree(gt);
}

/* ------------------------------------------------------------------------
 * map_grant_ref / unmap_grant_ref.
 */

static int16_t map_one(struct domain *ld, struct gnttab_map_grant_ref *op)
{
    op->handle = ~0U;
    if (!(op->flags & GNTMAP_host_map) ||
        (op->flags & (GNTMAP_application_map | GNTMAP_contains_pte)))
        return GNTST_general_error;
    struct domain *rd = lookup_live(ld, op->dom);
    if (!rd)
        return GNTST_bad_domain;
    if (!IS_ALIGNED(op->host_addr, PAGE_SIZE) || op->host_addr >= ld->p2m.ipa_limit)
        return GNTST_bad_virt_addr;

    struct gnttab_domain *lgt = ld->gnttab;
    bool ro = (op->flags & GNTMAP_readonly) != 0;
    int16_t st = GNTST_okay;
    lock_pair(ld, rd);

    unsigned int h = lgt->mt_hint;
    while (h < lgt->max_maps && lgt->maptrack[h].in_use)
        h++;
    paddr_t pa, old;
    enum p2m_type t;
    uint64_t bs;
    if (op->ref >= rd->gnttab->nr_frames * EPF) {
        st = GNTST_bad_gntref;
    } else if (h >= lgt->max_maps) {
        st = GNTST_no_device_space;
    } else if (p2m_lookup(&ld->p2m, op->host_addr, &old, &t, &bs) == 0 && t != P2M_RAM_RW &&
               t != P2M_RAM_RO) {
        st = GNTST_bad_virt_addr; /* a grant or MMIO is there already */
    } else if ((st = (int16_t)pin_grant(rd, op->ref, ld->id, !ro, &pa)) == GNTST_okay) {
        uint64_t gfn = op->host_addr >> PAGE_SHIFT;
        bool counted = active_of(rd->gnttab, op->ref)->counted;
        int rc = counted ? page_ref_get(pa) : 0; /* the mapping's own, beside the pin's */
        if (rc == 0) {
            paddr_t replaced = physmap_replacing(ld, gfn);
            rc = p2m_map(&ld->p2m, op->host_addr, pa, PAGE_SIZE, ro ? P2M_GRANT_RO : P2M_GRANT_RW);
            physmap_replaced(ld, gfn, replaced);
            if (rc && counted)
                page_ref_put(pa);
        }
        if (rc != 0) {
            unpin_grant(rd, op->ref, !ro);
            st = rc == -EINVAL ? GNTST_bad_virt_addr : GNTST_general_error;
        } else {
            lgt->maptrack[h] =
                (struct maptrack){true, ro, rd->id, op->ref, pa, op->host_addr, counted};
            lgt->nr_maps++;
            lgt->mt_hint = h + 1;
            op->handle = h;
            op->dev_bus_addr = pa;
        }
    }
    unlock_pair(ld, rd);
    return st;
}

static int16_t unmap_one(struct domain *ld, const struct gnttab_unmap_grant_ref *op)
{
    struct gnttab_domain *lgt = ld->gnttab;
    grant_handle_t h = op->handle;
    if (h >= GNTTAB_MAX_MAPTRACK)
        return GNTST_bad_handle;
    spin_lock(&lgt->lock);
    bool in_use = lgt->maptrack[h].in_use;
    domid_t dom = lgt->maptrack[h].dom;
    spin_unlock(&lgt->lock);
    if (!in_use)
        return GNTST_bad_handle;

    struct domain *rd = lookup_any(dom);
    int16_t st = GNTST_okay;
    lock_pair(ld, rd);
    struct maptrack *mt = &lgt->maptrack[h];
    if (!mt->in_use || mt->dom != dom)
        st = GNTST_bad_handle; /* unmapped or revoked meanwhile */
    else if (op->host_addr && op->host_addr != mt->gpa)
        st = GNTST_bad_virt_addr;
    else if (op->dev_bus_addr && (op->dev_bus_addr & PAGE_MASK) != mt->pa)
        st = GNTST_bad_dev_addr;
    if (st == GNTST_okay) {
        if (rd)
            unpin_grant(rd, mt->ref, !mt->ro);
        unmap_p2m(ld, mt);
        free_slot(lgt, h);
    }
    unlock_pair(ld, rd);
    return st;
}

/* ------------------------------------------------------------------------
 * copy.
 */

/* One side of a copy: pins a grant, or takes a page of the caller. */
struct copy_side {
    struct domain *gd; /* granting domain, NULL for a local gfn */
    bool pinned;       /* a grant pin held (gd) */
    bool held;         /* a page reference held (local gfn) */
    paddr_t pa;
};

static int16_t copy_claim(struct domain *ld, const struct gnttab_copy_ptr *p, struct copy_side *s,
                          bool write)
{
    if (s->gd) {
        int st = pin_grant(s->gd, p->u.ref, ld->id, write, &s->pa);
        s->pinned = st == GNTST_okay;
        return (int16_t)st;
    }
    enum p2m_type t;
    int counted = physmap_take_page(ld, p->u.gmfn, &s->pa, &t);
    if (counted < 0)
        return GNTST_bad_page;
    s->held = counted;
    return write && t != P2M_RAM_RW ? GNTST_permission_denied : GNTST_okay;
}

static void copy_release(const struct gnttab_copy_ptr *p, const struct copy_side *s, bool write)
{
    if (s->pinned)
        unpin_grant(s->gd, p->u.ref, write);
    if (s->held)
        page_ref_put(s->pa);
}

static int16_t copy_one(struct domain *ld, const struct gnttab_copy *op)
{
    bool sg = (op->flags & GNTCOPY_source_gref) != 0;
    bool dg = (op->flags & GNTCOPY_dest_gref) != 0;
    if ((uint32_t)op->source.offset + op->len > PAGE_SIZE ||
        (uint32_t)op->dest.offset + op->len > PAGE_SIZE)
        return GNTST_bad_copy_arg;
    /* Frames by number only from the caller itself. */
    if ((!sg && op->source.domid != DOMID_SELF) || (!dg && op->dest.domid != DOMID_SELF))
        return GNTST_permission_denied;
    struct copy_side src = {0}, dst = {0};
    if (sg && !(src.gd = lookup_live(ld, op->source.domid)))
        return GNTST_bad_domain;
    if (dg && !(dst.gd = lookup_live(ld, op->dest.domid)))
        return GNTST_bad_domain;

    lock_pair(src.gd, dst.gd);
    int16_t st = copy_claim(ld, &op->source, &src, false);
    if (st == GNTST_okay)
        st = copy_claim(ld, &op->dest, &dst, true);
    if (st == GNTST_okay && op->len)
        memmove((char *)arch_phys_to_virt(dst.pa) + op->dest.offset,
                (const char *)arch_phys_to_virt(src.pa) + op->source.offset, op->len);
    copy_release(&op->dest, &dst, true);
    copy_release(&op->source, &src, false);
    unlock_pair(src.gd, dst.gd);
    return st;
}

/* ------------------------------------------------------------------------
 * Single-structure operations.
 */

/* The table op.dom names for ld: itself, or anyone for the privileged. */
static int16_t target_domain(struct domain *ld, domid_t id, struct domain **out)
{
    struct domain *d = lookup_live(ld, id);
    if (!d)
        return GNTST_bad_domain;
    if (d != ld && !ld->is_privileged)
        return GNTST_permission_denied;
    *out = d;
    return GNTST_okay;
}

static long setup_table(struct vcpu *v, uint64_t arg)
{
    struct gnttab_setup_table op;
    if (copy_from_guest(v, &op, arg, sizeof(op)))
        return -EFAULT;
    struct domain *d = NULL;
    op.status = target_domain(v->dom, op.dom, &d);
    if (op.status == GNTST_okay && op.nr_frames > d->gnttab->max_frames)
        op.status = GNTST_general_error;
    if (op.status == GNTST_okay) {
        struct gnttab_domain *gt = d->gnttab;
        xen_pfn_t list[GNTTAB_MAX_FRAMES];
        spin_lock(&gt->lock);
        if (grow_locked(gt, op.nr_frames) != 0)
            op.status = GNTST_general_error;
        for (unsigned int i = 0; op.status == GNTST_okay && i < op.nr_frames; i++)
            list[i] = arch_virt_to_phys(gt->frames[i]) >> PAGE_SHIFT;
        spin_unlock(&gt->lock);
        if (op.status == GNTST_okay && op.nr_frames &&
            copy_to_guest(v, op.frame_list.p, list, op.nr_frames * sizeof(list[0])))
            op.status = GNTST_bad_virt_addr;
    }
    return copy_to_guest(v, arg, &op, sizeof(op)) ? -EFAULT : 0;
}

static long query_size(struct vcpu *v, uint64_t arg)
{
    struct gnttab_query_size op;
    if (copy_from_guest(v, &op, arg, sizeof(op)))
        return -EFAULT;
    struct domain *d = NULL;
    op.status = target_domain(v->dom, op.dom, &d);
    if (op.status == GNTST_okay) {
        op.nr_frames = gnttab_nr_frames(d);
        op.max_nr_frames = d->gnttab->max_frames;
    }
    return copy_to_guest(v, arg, &op, sizeof(op)) ? -EFAULT : 0;
}

static long set_version(struct vcpu *v, uint64_t arg)
{
    struct gnttab_set_version op;
    if (copy_from_guest(v, &op, arg, sizeof(op)))
        return -EFAULT;
    if (op.version == 2)
        return -ENOSYS; /* v2 is not supported; Linux falls back to v1 */
    if (op.version != 1)
        return -EINVAL;
    return copy_to_guest(v, arg, &op, sizeof(op)) ? -EFAULT : 0;
}

static long get_version(struct vcpu *v, uint64_t arg)
{
    struct gnttab_get_version op;
    if (copy_from_guest(v, &op, arg, sizeof(op)))
        return -EFAULT;
    struct domain *d = NULL;
    int16_t st = target_domain(v->dom, op.dom, &d);
    if (st == GNTST_bad_domain)
        return -ESRCH;
    if (st != GNTST_okay)
        return -EPERM;
    op.version = 1;
    return copy_to_guest(v, arg, &op, sizeof(op)) ? -EFAULT : 0;
}

/* ------------------------------------------------------------------------
 * Entry point.
 */

long do_grant_table_op(struct vcpu *v, uint64_t cmd, uint64_t arg, uint64_t count)
{
    struct domain *ld = v->dom;
    if (!ld->gnttab)
        return -ENOSYS;
    if (count > GNTTAB_MAX_BATCH)
        return -EINVAL;

    switch (cmd) {
    case GNTTABOP_map_grant_ref:
        for (uint64_t i = 0; i < count; i++) {
            struct gnttab_map_grant_ref op;
            uint64_t at = arg + i * sizeof(op);
            if (copy_from_guest(v, &op, at, sizeof(op)))
                return -EFAULT;
            op.status = map_one(ld, &op);
            if (copy_to_guest(v, at, &op, sizeof(op))) {
                if (op.status == GNTST_okay) { /* the guest cannot learn the handle */
                    struct gnttab_unmap_grant_ref un = {0, 0, op.handle, 0};
                    (void)unmap_one(ld, &un);
                }
                return -EFAULT;
            }
        }
        return 0;
    case GNTTABOP_unmap_grant_ref:
        for (uint64_t i = 0; i < count; i++) {
            struct gnttab_unmap_grant_ref op;
            uint64_t at = arg + i * sizeof(op);
            if (copy_from_guest(v, &op, at, sizeof(op)))
                return -EFAULT;
            op.status = unmap_one(ld, &op);
            if (copy_to_guest(v, at, &op, sizeof(op)))
                return -EFAULT;
        }
        return 0;
    case GNTTABOP_copy:
        for (uint64_t i = 0; i < count; i++) {
            struct gnttab_copy op;
            uint64_t at = arg + i * sizeof(op);
            if (copy_from_guest(v, &op, at, sizeof(op)))
                return -EFAULT;
            op.status = copy_one(ld, &op);
            if (copy_to_guest(v, at, &op, sizeof(op)))
                return -EFAULT;
        }
        return 0;
    case GNTTABOP_setup_table: return count == 1 ? setup_table(v, arg) : -EINVAL;
    case GNTTABOP_query_size: return count == 1 ? query_size(v, arg) : -EINVAL;
    case GNTTABOP_set_version: return count == 1 ? set_version(v, arg) : -EINVAL;
    case GNTTABOP_get_version: return count == 1 ? get_version(v, arg) : -EINVAL;
    default: return -ENOSYS; /* transfer, dump_table, v2 and x86-only ops */
    }
}

/* ------------------------------------------------------------------------
 * Introspection.
 */

unsigned int gnttab_nr_frames(struct domain *d)
{
    struct gnttab_domain *gt = d->gnttab;
    if (!gt)
        return 0;
    spin_lock(&gt->lock);
    unsigned int n = gt->nr_frames;
    spin_unlock(&gt->lock);
    return n;
}

unsigned int gnttab_nr_maps(struct domain *d)
{
    struct gnttab_domain *gt = d->gnttab;
    if (!gt)
        return 0;
    spin_lock(&gt->lock);
    unsigned int n = gt->nr_maps;
    spin_unlock(&gt->lock);
    return n;
}

uint64_t gnttab_nr_pins(struct domain *d)
{
    struct gnttab_domain *gt = d->gnttab;
    if (!gt)
        return 0;
    spin_lock(&gt->lock);
    uint64_t n = gt->nr_pins;
    spin_unlock(&gt->lock);
    return n;
}

int gnttab_audit(struct domain *d)
{
    struct gnttab_domain *gt = d->gnttab;
    if (!gt)
        return 0;
    int rc = 0;
    spin_lock(&gt->lock);
    uint64_t pins = 0;
    for (unsigned int f = 0; f < gt->nr_frames; f++) {
        for (unsigned int i = 0; i < EPF; i++) {
            const struct active_entry *act = &gt->active[f][i];
            uint32_t flags = __atomic_load_n(&gt->frames[f][2 * i], __ATOMIC_RELAXED) & 0xffffU;
            pins += (uint64_t)act->rd + act->wr;
            if (act->rd + act->wr && !(flags & GTF_reading))
                rc = -EIO;
            if (act->wr && !(flags & GTF_writing))
                rc = -EIO;
            if (!act->wr && (flags & GTF_writing))
                rc = -EIO;
            if (!act->rd && !act->wr && (flags & GTF_reading))
                rc = -EIO;
        }
    }
    if (pins != gt->nr_pins)
        rc = -EIO;
    unsigned int maps = 0;
    for (unsigned int h = 0; h < GNTTAB_MAX_MAPTRACK; h++) {
        const struct maptrack *mt = &gt->maptrack[h];
        if (!mt->in_use)
            continue;
        maps++;
        if (mt->dom == DOMID_INVALID)
            continue; /* revoked: no longer in the p2m */
        paddr_t pa;
        enum p2m_type t;
        uint64_t bs;
        if (p2m_lookup(&d->p2m, mt->gpa, &pa, &t, &bs) != 0 || (pa & PAGE_MASK) != mt->pa ||
            t != (mt->ro ? P2M_GRANT_RO : P2M_GRANT_RW))
            rc = -EIO;
    }
    if (maps != gt->nr_maps)
        rc = -EIO;
    spin_unlock(&gt->lock);
    return rc;
}
