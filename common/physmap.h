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

/* A special, foreign or granted page is about to be mapped at gfn of d:
 * if the domain's own 1:1 RAM frame is there, it stops counting in
 * tot_pages (which counts the RAM frames mapped; populate_physmap can put
 * the frame back later). The _locked form is for holders of d's lock. */
void physmap_replacing(struct domain *d, uint64_t gfn);
void physmap_replacing_locked(struct domain *d, uint64_t gfn);

/* Gives back 2^order frames of RAM from gfn (aligned): 0, or -EINVAL if
 * any of them is not the domain's own RAM, -EOPNOTSUPP for a domain that
 * is not direct-mapped (none exist yet). The frames of a direct-mapped
 * domain stay set aside for it. */
int physmap_decrease(struct domain *d, uint64_t gfn, unsigned int order);

/* Backs 2^order empty frames from gfn (aligned) with zeroed RAM: 0, or
 * -EINVAL (a frame is mapped, or outside the domain's RAM banks), -ENOMEM
 * (max_pages reached, or no memory for tables), -EOPNOTSUPP as above. */
int physmap_populate(struct domain *d, uint64_t gfn, unsigned int order);

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

/* Drops every foreign mapping d holds (domain teardown). */
void foreign_map_release_all(struct domain *d);

#endif
