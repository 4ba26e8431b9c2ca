/*
 * A domain's physmap beyond what it was built with: giving RAM back and
 * taking it again (ballooning), other domains' pages mapped into it
 * (foreign mappings, for the control domain's privcmd), and removing what
 * a guest frame holds. Each call takes the domain's lock (struct
 * domain.lock, outside the p2m lock) for the whole change.
 */
#ifndef COMMON_PHYSMAP_H
#define COMMON_PHYSMAP_H

#include "common/domain.h"

/* Largest extent a reservation op takes: 2 MiB, one stage-2 block. */
#define PHYSMAP_MAX_ORDER 9
/* Guest frame numbers at or above this lie beyond any 52-bit address. */
#define PHYSMAP_GFN_LIMIT (1ULL << (52 - PAGE_SHIFT))
/* Foreign mappings one domain may hold at once. */
#define FOREIGN_MAX_MAPS 65536

/* Can gfn take a special or foreign page? Only if it is the domain's RAM
 * or nothing: never a device, a grant or a foreign page already there. */
bool physmap_gfn_replaceable(struct domain *d, uint64_t gfn);

/* Is [gpa, gpa+size) inside the RAM banks of a direct-mapped domain? */
bool physmap_in_banks(const struct domain *d, uint64_t gpa, uint64_t size);

/* A special, foreign or granted page is about to be mapped at gfn of d,
 * replacing what is there. If that is the domain's own RAM it stops
 * counting in tot_pages (which counts the RAM frames mapped: for dom0 its
 * frames mapped 1:1, which populate_physmap can put back later). Returns
 * the page to let go once the new mapping is made (PADDR_INVALID if none):
 * pass it to physmap_replaced() whether the mapping worked or not. The
 * _locked forms are for holders of d's lock. */
paddr_t physmap_replacing(struct domain *d, uint64_t gfn);
paddr_t physmap_replacing_locked(struct domain *d, uint64_t gfn);
void physmap_replaced(struct domain *d, uint64_t gfn, paddr_t old);
void physmap_replaced_locked(struct domain *d, uint64_t gfn, paddr_t old);
/* Gives back 2^order frames of RAM from gfn (aligned): 0, or -EINVAL if
 * any of them is not the domain's own RAM. The frames of a direct-mapped
 * domain stay set aside for it; other domains' pages go back to the
 * allocator once no one else maps them. */
int physmap_decrease(struct domain *d, uint64_t gfn, unsigned int order);

/* Backs 2^order empty frames from gfn (aligned) with zeroed RAM: 0, or
 * -EINVAL (a frame is mapped, on an emulated device, beyond the domain's
 * guest-physical space, or for a direct-mapped domain outside its RAM
 * banks), -ENOMEM (max_pages reached, or no memory). */
int physmap_populate(struct domain *d, uint64_t gfn, unsigned int order);

/* The RAM page at gfn of d (its host frame, page-aligned, and type) for
 * foreign maps, grant pins and grant copies. Returns 1 with a page
 * reference taken for the caller (under d's lock, so that d cannot give
 * the page back in between; drop it with page_ref_put()), 0 when nothing
 * needs counting (a direct-mapped domain's frames are never freed), or
 * -EINVAL (not RAM). */
int physmap_take_page(struct domain *d, uint64_t gfn, paddr_t *pa, enum p2m_type *t);
/* Maps frame idx of domain owner at gfn of d (privileged d only; checked
 * by the caller): 0, -ESRCH (no such domain), -EINVAL (owner is d, idx is
 * not RAM of owner, gfn not replaceable), -ENOSPC (FOREIGN_MAX_MAPS),
 * -ENOMEM. */
int foreign_map_add(struct domain *d, uint64_t gfn, domid_t owner, uint64_t idx);

/* Unmaps whatever gfn holds: a foreign page, a special page (shared_info,
 * grant frame) or RAM (given back, as physmap_decrease). 0, or -ENOENT
 * (nothing there), -EINVAL (a device or a grant mapping: not removable
 * this way). */
int physmap_remove(struct domain *d, uint64_t gfn);

/* Domain teardown, d's vCPUs stopped for good: drops the domain's
 * reference on all of its RAM (pages others still map live on) and zeroes
 * tot_pages. Foreign and grant mappings d holds are released first, by
 * foreign_map_release_all() and the grant table. */
void physmap_release_all(struct domain *d);
/* Others' foreign mappings of d's pages stop counting in d (teardown):
 * they stay mapped, holding their pages, until their holders remove them. */
void foreign_map_orphan_all(struct domain *d);
/* Drops every foreign mapping d holds (domain teardown). */
void foreign_map_release_all(struct domain *d);

#endif
