/*
 * Stage-2 translation (guest physical -> host physical), one table tree per
 * domain, in the architecture's descriptor format behind the small
 * arch_p2m_* interface (common/arch_p2m.h). The generic code here walks,
 * splits and merges nothing it cannot undo: every operation either
 * completes or leaves the tables as they were.
 */
#ifndef COMMON_P2M_H
#define COMMON_P2M_H

#include "common/spinlock.h"
#include "common/types.h"

/* What a guest-physical range is backed by, and with which rights. */
enum p2m_type {
    P2M_INVALID = 0,
    P2M_RAM_RW,   /* normal memory, read/write/execute */
    P2M_RAM_RO,   /* normal memory, read/execute (writes fault to the hypervisor) */
    P2M_MMIO,     /* device memory (nGnRE), read/write, never execute */
    P2M_GRANT_RW, /* foreign or granted page, read/write, never execute (later milestones) */
    P2M_GRANT_RO,
    P2M_NR_TYPES
};

struct p2m {
    spinlock_t lock;
    paddr_t root; /* physical address of the root table(s) */
    uint16_t vmid;
    uint64_t ipa_limit;   /* first guest-physical address beyond reach */
    uint64_t table_pages; /* table pages in use, root included */
    uint64_t mapped[4];   /* leaf entries in use per level (statistics) */
};

/* Sets up an empty tree (root from the page allocator). 0, -ENOMEM. */
int p2m_init(struct p2m *p, uint16_t vmid);
/* Frees every table page (not the memory mapped). */
void p2m_destroy(struct p2m *p);

/* Calls fn for every leaf mapping, in address order, with the p2m lock
 * held (fn must not call back into this p2m). For teardown and audits. */
typedef void p2m_leaf_fn(uint64_t gpa, paddr_t pa, uint64_t size, enum p2m_type t, void *arg);
void p2m_for_each_leaf(struct p2m *p, p2m_leaf_fn *fn, void *arg);
/* Maps [gpa, gpa+size) to [pa, pa+size) with type t, using 1 GiB and
 * 2 MiB blocks where both addresses are aligned and the range covers them.
 * Anything already mapped in the range is replaced (break-before-make).
 * Returns 0, -EINVAL (misaligned, beyond ipa_limit, bad type) or -ENOMEM
 * (then the range is left unmapped, never half-typed). */
int p2m_map(struct p2m *p, uint64_t gpa, paddr_t pa, uint64_t size, enum p2m_type t);

/* Unmaps [gpa, gpa+size), splitting blocks that straddle the edges. */
int p2m_unmap(struct p2m *p, uint64_t gpa, uint64_t size);

/* Changes the type (rights) of every mapped page in the range, splitting
 * blocks at the edges; unmapped holes stay unmapped. */
int p2m_set_type(struct p2m *p, uint64_t gpa, uint64_t size, enum p2m_type t);

/* Translates one address. Returns 0 with *pa (exact, offset included),
 * *t and *block_size (size of the leaf mapping it), or -ENOENT. */
int p2m_lookup(struct p2m *p, uint64_t gpa, paddr_t *pa, enum p2m_type *t, uint64_t *block_size);

#endif
