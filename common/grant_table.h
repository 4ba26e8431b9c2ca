/*
 * Grant tables (Xen ABI, version 1 entries only): how a domain shares its
 * frames with another. See common/grant_table.c for the model and locking.
 */
#ifndef COMMON_GRANT_TABLE_H
#define COMMON_GRANT_TABLE_H

#include "common/domain.h"
#include "common/types.h"

#define GNTTAB_MAX_FRAMES         32   /* grant-table frames per domain (512 entries each) */
#define GNTTAB_MAX_MAPTRACK       1024 /* mappings a domain may hold at once */
#define GNTTAB_MAPTRACK_PER_FRAME 512  /* the domctl counts maptrack in frames of these */
#define GNTTAB_MAX_BATCH          512  /* entries per grant_table_op call */

/* Gives d an empty table (no frames yet) and its maptrack. 0, -ENOMEM. */
int gnttab_domain_init(struct domain *d);

/* Lowers d's limits: grant frames (1..GNTTAB_MAX_FRAMES) and mappings it
 * may hold (1..GNTTAB_MAX_MAPTRACK). 0, -EINVAL, or -EBUSY once it has more
 * frames or holds any mapping. */
int gnttab_set_limits(struct domain *d, unsigned int frames, unsigned int maps);

/* Undoes every mapping d holds (its p2m entries, the pins it holds in the
 * granters), revokes every mapping others hold of d's grants (they are
 * unmapped from the mappers' p2m; their handles stay valid until unmapped),
 * then frees d's frames. The caller makes sure no grant-table call that
 * names d is still running (d->dying set, then a quiescent point). */
void gnttab_domain_destroy(struct domain *d);

/* Host physical address of grant frame idx of d, growing the table to
 * idx + 1 frames if needed (XENMAPSPACE_grant_table). 0, -EINVAL (idx
 * beyond GNTTAB_MAX_FRAMES or no table), -ENOMEM. */
int gnttab_frame_pa(struct domain *d, unsigned int idx, paddr_t *pa);

/* __HYPERVISOR_grant_table_op(cmd, arg, count). */
long do_grant_table_op(struct vcpu *v, uint64_t cmd, uint64_t arg, uint64_t count);

/* Introspection (debug keys, tests, fuzzing). */
unsigned int gnttab_nr_frames(struct domain *d); /* frames in use */
unsigned int gnttab_nr_maps(struct domain *d);   /* live maptrack entries d holds */
uint64_t gnttab_nr_pins(struct domain *d);       /* pins held on d's grants */
/* Checks d's table against its own bookkeeping: pin totals, GTF_reading and
 * GTF_writing of every pinned entry, p2m entries of d's mappings. 0 or -EIO. */
int gnttab_audit(struct domain *d);

#endif
