/*
 * Stage-2 tables (guest physical -> host physical), walked generically over
 * the arch descriptor interface (common/arch_p2m.h).
 *
 * Every change to a valid descriptor is break-before-make: write 0, flush
 * the TLBs for the descriptor's range, write the new value. A guest touching
 * the range in between takes a stage-2 fault, so the fault path must look
 * the address up again (under the lock) before treating it as a real one.
 *
 * Atomicity: p2m_unmap and p2m_set_type first split the blocks straddling
 * the range's two edges (splitting never changes a translation), so the
 * only allocation they need happens before anything visible changes.
 * p2m_map may need fresh tables anywhere in the range; when one cannot be
 * had it unmaps what it had already mapped, so no part of the range is left
 * with the new type.
 */
#include <string.h>

#include "common/arch.h"
#include "common/arch_p2m.h"
#include "common/errno.h"
#include "common/page_alloc.h"
#include "common/p2m.h"

#define PTES_PER_PAGE (PAGE_SIZE / sizeof(uint64_t))

enum p2m_op_kind { OP_MAP, OP_UNMAP, OP_SET_TYPE };

/* One walk over [gpa, end). gpa advances as entries are handled, so on
 * failure it tells how far the walk got. */
struct p2m_op {
    struct p2m *p;
    enum p2m_op_kind kind;
    uint64_t gpa;
    uint64_t end;
    paddr_t pa; /* OP_MAP: the address gpa maps to; advances with gpa */
    enum p2m_type t;
};

static int walk(struct p2m_op *op, uint64_t *tbl, unsigned int level, uint64_t limit);

static uint64_t level_size(unsigned int level)
{
    return 1ULL << arch_p2m_level_shift(level);
}

static unsigned int root_order(void)
{
    unsigned int order = 0;
    while ((1U << order) < arch_p2m_root_pages())
        order++;
    return order;
}

/* The root may be several concatenated pages: its index is not masked to
 * one page (the gpa < ipa_limit checks keep it inside the root). */
static size_t entry_index(unsigned int level, uint64_t gpa)
{
    size_t idx = (size_t)(gpa >> arch_p2m_level_shift(level));
    if (level != arch_p2m_root_level())
        idx &= PTES_PER_PAGE - 1;
    return idx;
}

static uint64_t *table_of(uint64_t e, unsigned int level)
{
    return arch_phys_to_virt(arch_p2m_entry_addr(e, level));
}

/* One 64-bit store, so the table walker never sees half a descriptor. */
static void write_entry(uint64_t *e, uint64_t v)
{
    *(volatile uint64_t *)e = v;
    arch_p2m_table_written(e, sizeof(*e));
}

static bool is_leaf(uint64_t e, unsigned int level)
{
    return arch_p2m_is_valid(e) && !arch_p2m_is_table(e, level);
}

/* A zeroed table page, published to the walker before anyone links it. */
static uint64_t *new_table(struct p2m *p)
{
    uint64_t *t = page_alloc_zeroed_va();
    if (!t)
        return NULL;
    arch_p2m_table_written(t, PAGE_SIZE);
    p->table_pages++;
    return t;
}

/* Frees a table and everything below it, dropping its leaves from the
 * counters. Only called once no walker can reach the table any more. */
static void free_tree(struct p2m *p, uint64_t *tbl, unsigned int level)
{
    for (size_t i = 0; i < PTES_PER_PAGE; i++) {
        if (arch_p2m_is_table(tbl[i], level))
            free_tree(p, table_of(tbl[i], level), level + 1);
        else if (arch_p2m_is_valid(tbl[i]))
            p->mapped[level]--;
    }
    page_free_va(tbl);
    p->table_pages--;
}

/* Drops what a descriptor just removed from the tree referenced. */
static void drop_entry(struct p2m *p, uint64_t old, unsigned int level)
{
    if (arch_p2m_is_table(old, level))
        free_tree(p, table_of(old, level), level + 1);
    else if (arch_p2m_is_valid(old))
        p->mapped[level]--;
}

/* Writes v over *e, break-before-make when *e is valid. A table that v
 * replaces is freed only after the flush: until then a walk may use it. */
static void set_entry(struct p2m *p, uint64_t *e, unsigned int level, uint64_t base, uint64_t v)
{
    uint64_t old = *e;
    if (old == v)
        return;
    if (arch_p2m_is_valid(old)) {
        write_entry(e, 0);
        arch_p2m_flush(p, base, level_size(level));
        drop_entry(p, old, level);
    }
    write_entry(e, v);
    if (is_leaf(v, level))
        p->mapped[level]++;
}

/* Replaces the block at *e by a table of the next level that maps the same
 * range with the same type, so the translation is unchanged. */
static uint64_t *split_block(struct p2m *p, uint64_t *e, unsigned int level, uint64_t base)
{
    uint64_t *t = new_table(p);
    if (!t)
        return NULL;
    paddr_t pa = arch_p2m_entry_addr(*e, level);
    enum p2m_type type = arch_p2m_entry_type(*e);
    uint64_t step = level_size(level + 1);
    for (size_t i = 0; i < PTES_PER_PAGE; i++)
        t[i] = arch_p2m_make_leaf(pa + i * step, type, level + 1);
    arch_p2m_table_written(t, PAGE_SIZE);
    p->mapped[level + 1] += PTES_PER_PAGE;
    set_entry(p, e, level, base, arch_p2m_make_table(arch_virt_to_phys(t)));
    return t;
}

/* The table under *e for a walk that needs to go below this level: the
 * existing one, a split of a block, or a new empty one. A block the walk
 * will overwrite whole is replaced by an empty table rather than split:
 * that saves flushing each of its 512 replicas again. */
static uint64_t *table_for(struct p2m_op *op, uint64_t *e, unsigned int level, uint64_t base,
                           bool whole)
{
    if (arch_p2m_is_table(*e, level))
        return table_of(*e, level);
    if (arch_p2m_is_valid(*e) && !(whole && op->kind == OP_MAP))
        return split_block(op->p, e, level, base);
    uint64_t *t = new_table(op->p);
    if (t)
        set_entry(op->p, e, level, base, arch_p2m_make_table(arch_virt_to_phys(t)));
    return t;
}

/* Moves the walk to next (the end of the entry just handled). */
static void advance(struct p2m_op *op, uint64_t next)
{
    uint64_t to = next < op->end ? next : op->end;
    op->pa += to - op->gpa;
    op->gpa = to;
}

/* Walks the table below *e for the part of the range inside the entry. */
static int descend(struct p2m_op *op, uint64_t *e, unsigned int level, uint64_t base, bool whole)
{
    uint64_t *t = table_for(op, e, level, base, whole);
    if (!t)
        return -ENOMEM;
    return walk(op, t, level + 1, base + level_size(level));
}

/* After an unmap walked below *e: an emptied table is unlinked, flushed
 * out of the walk caches, then freed. The scan for a remaining entry
 * starts where the unmap ended (near addr), where one is most likely. */
static void prune(struct p2m *p, uint64_t *e, unsigned int level, uint64_t base, uint64_t addr)
{
    if (!arch_p2m_is_table(*e, level))
        return;
    const uint64_t *t = table_of(*e, level);
    size_t start = addr > base ? entry_index(level + 1, addr) % PTES_PER_PAGE : 0;
    for (size_t n = 0, i = start; n < PTES_PER_PAGE; n++, i = (i + 1) % PTES_PER_PAGE) {
        if (arch_p2m_is_valid(t[i]))
            return;
    }
    set_entry(p, e, level, base, 0);
}

/* A leaf fits when the entry lies wholly in the range and, for a block,
 * the level allows blocks and the output address is aligned to it. */
static int map_entry(struct p2m_op *op, uint64_t *e, unsigned int level, uint64_t base, bool whole)
{
    uint64_t size = level_size(level);
    bool leaf_ok = level == 3 || arch_p2m_block_allowed(level);
    if (whole && leaf_ok && IS_ALIGNED(op->pa, size)) {
        uint64_t v = arch_p2m_make_leaf(op->pa, op->t, level);
        set_entry(op->p, e, level, base, v);
        advance(op, base + size);
        return 0;
    }
    return descend(op, e, level, base, whole);
}

static int unmap_entry(struct p2m_op *op, uint64_t *e, unsigned int level, uint64_t base,
                       bool whole)
{
    if (whole) {
        set_entry(op->p, e, level, base, 0); /* a whole table goes in one flush */
        advance(op, base + level_size(level));
        return 0;
    }
    int rc = descend(op, e, level, base, whole);
    prune(op->p, e, level, base, op->gpa); /* also after a failure: no empty table stays */
    return rc;
}

static int set_type_entry(struct p2m_op *op, uint64_t *e, unsigned int level, uint64_t base,
                          bool whole)
{
    if (is_leaf(*e, level) && (whole || arch_p2m_entry_type(*e) == op->t)) {
        paddr_t pa = arch_p2m_entry_addr(*e, level);
        set_entry(op->p, e, level, base, arch_p2m_make_leaf(pa, op->t, level));
        advance(op, base + level_size(level));
        return 0;
    }
    return descend(op, e, level, base, whole);
}

static int visit(struct p2m_op *op, uint64_t *e, unsigned int level, uint64_t base)
{
    bool whole = op->gpa == base && op->end - base >= level_size(level);
    if (op->kind == OP_MAP)
        return map_entry(op, e, level, base, whole);
    if (!arch_p2m_is_valid(*e)) {
        advance(op, base + level_size(level)); /* a hole stays a hole */
        return 0;
    }
    if (op->kind == OP_UNMAP)
        return unmap_entry(op, e, level, base, whole);
    return set_type_entry(op, e, level, base, whole);
}

/* Handles the part of the range below limit (the end of what tbl maps). */
static int walk(struct p2m_op *op, uint64_t *tbl, unsigned int level, uint64_t limit)
{
    uint64_t size = level_size(level);
    while (op->gpa < op->end && op->gpa < limit) {
        uint64_t base = ALIGN_DOWN(op->gpa, size);
        int rc = visit(op, &tbl[entry_index(level, op->gpa)], level, base);
        if (rc)
            return rc;
    }
    return 0;
}

static int run(struct p2m *p, struct p2m_op *op)
{
    return walk(op, arch_phys_to_virt(p->root), arch_p2m_root_level(), p->ipa_limit);
}

/* Splits the blocks containing addr until addr starts a leaf or falls in a
 * hole. Splitting keeps every translation, so failing here is harmless. A
 * block already of type 'keep' (set_type's target) needs no split: the walk
 * leaves it alone. */
static int split_at(struct p2m *p, uint64_t addr, enum p2m_type keep)
{
    if (addr >= p->ipa_limit)
        return 0;
    uint64_t *tbl = arch_phys_to_virt(p->root);
    for (unsigned int level = arch_p2m_root_level(); level <= 3; level++) {
        uint64_t *e = &tbl[entry_index(level, addr)];
        uint64_t base = ALIGN_DOWN(addr, level_size(level));
        if (!arch_p2m_is_valid(*e))
            return 0;
        if (is_leaf(*e, level) && (base == addr || arch_p2m_entry_type(*e) == keep))
            return 0;
        tbl = is_leaf(*e, level) ? split_block(p, e, level, base) : table_of(*e, level);
        if (!tbl)
            return -ENOMEM;
    }
    return 0;
}

static bool type_ok(enum p2m_type t)
{
    return (unsigned int)t > P2M_INVALID && (unsigned int)t < P2M_NR_TYPES;
}

static bool range_ok(const struct p2m *p, uint64_t gpa, uint64_t size)
{
    return p->root != PADDR_INVALID && IS_ALIGNED(gpa | size, PAGE_SIZE) && gpa <= p->ipa_limit &&
           size <= p->ipa_limit - gpa;
}

/* The output range must not wrap, and its last page must survive the
 * descriptor's address field (the only arch-neutral way to know how many
 * physical address bits a descriptor holds). */
static bool pa_ok(paddr_t pa, uint64_t size)
{
    if (!IS_ALIGNED(pa, PAGE_SIZE) || pa + size < pa)
        return false;
    paddr_t last = pa + size - PAGE_SIZE;
    return size == 0 || arch_p2m_entry_addr(arch_p2m_make_leaf(last, P2M_RAM_RW, 3), 3) == last;
}

int p2m_init(struct p2m *p, uint16_t vmid)
{
    memset(p, 0, sizeof(*p));
    spin_lock_init(&p->lock);
    p->root = PADDR_INVALID;
    p->vmid = vmid;
    if (!arch_p2m_root_pages())
        return -EINVAL; /* arch_p2m_setup() has not run */
    paddr_t root = page_alloc(root_order());
    if (root == PADDR_INVALID)
        return -ENOMEM;
    size_t len = (size_t)arch_p2m_root_pages() * PAGE_SIZE;
    memset(arch_phys_to_virt(root), 0, len);
    arch_p2m_table_written(arch_phys_to_virt(root), len);
    p->root = root;
    p->ipa_limit = 1ULL << arch_p2m_ipa_bits();
    p->table_pages = arch_p2m_root_pages();
    return 0;
}

/* The flush first: the VMID may be reused, and no walk cache may keep a
 * pointer into table pages that go back to the allocator. */
void p2m_destroy(struct p2m *p)
{
    if (p->root == PADDR_INVALID)
        return;
    unsigned long flags = spin_lock_irqsave(&p->lock);
    arch_p2m_flush(p, 0, 0);
    uint64_t *root = arch_phys_to_virt(p->root);
    unsigned int level = arch_p2m_root_level();
    for (size_t i = 0; i < (size_t)arch_p2m_root_pages() * PTES_PER_PAGE; i++) {
        drop_entry(p, root[i], level);
        root[i] = 0;
    }
    (void)page_free(p->root, root_order());
    p->table_pages -= arch_p2m_root_pages();
    p->root = PADDR_INVALID;
    spin_unlock_irqrestore(&p->lock, flags);
}

static void leaves_of(const uint64_t *tbl, unsigned int level, size_t n, uint64_t base,
                      p2m_leaf_fn *fn, void *arg)
{
    for (size_t i = 0; i < n; i++) {
        uint64_t gpa = base + i * level_size(level);
        if (arch_p2m_is_table(tbl[i], level))
            leaves_of(table_of(tbl[i], level), level + 1, PTES_PER_PAGE, gpa, fn, arg);
        else if (arch_p2m_is_valid(tbl[i]))
            fn(gpa, arch_p2m_entry_addr(tbl[i], level), level_size(level),
               arch_p2m_entry_type(tbl[i]), arg);
    }
}

void p2m_for_each_leaf(struct p2m *p, p2m_leaf_fn *fn, void *arg)
{
    if (p->root == PADDR_INVALID)
        return;
    unsigned long flags = spin_lock_irqsave(&p->lock);
    leaves_of(arch_phys_to_virt(p->root), arch_p2m_root_level(),
              (size_t)arch_p2m_root_pages() * PTES_PER_PAGE, 0, fn, arg);
    spin_unlock_irqrestore(&p->lock, flags);
}

/*
 * On -ENOMEM the walk stopped at op.gpa. Everything in [gpa, op.gpa) is a
 * leaf this call wrote, wholly inside that range, below tables: unmapping
 * it needs no split, so it cannot fail. The rest of the range (which may
 * hold earlier mappings, or tables this call created empty) is unmapped as
 * far as memory allows: only a block straddling the end needs a split.
 */
int p2m_map(struct p2m *p, uint64_t gpa, paddr_t pa, uint64_t size, enum p2m_type t)
{
    if (!type_ok(t) || !range_ok(p, gpa, size) || !pa_ok(pa, size))
        return -EINVAL;
    struct p2m_op op = {.p = p, .kind = OP_MAP, .gpa = gpa, .end = gpa + size, .pa = pa, .t = t};
    unsigned long flags = spin_lock_irqsave(&p->lock);
    int rc = run(p, &op);
    if (rc) {
        struct p2m_op undo = {.p = p, .kind = OP_UNMAP, .gpa = gpa, .end = gpa + size};
        (void)run(p, &undo);
    }
    spin_unlock_irqrestore(&p->lock, flags);
    return rc;
}

/* Splits both edges first, so the walk itself never allocates: either the
 * whole range changes or (on -ENOMEM) no translation does. */
static int edit_range(struct p2m *p, struct p2m_op *op)
{
    if (op->gpa == op->end)
        return 0; /* nothing to do, and no edge worth splitting */
    unsigned long flags = spin_lock_irqsave(&p->lock);
    enum p2m_type keep = op->kind == OP_SET_TYPE ? op->t : P2M_INVALID;
    int rc = split_at(p, op->gpa, keep);
    if (!rc)
        rc = split_at(p, op->end, keep);
    if (!rc)
        rc = run(p, op);
    spin_unlock_irqrestore(&p->lock, flags);
    return rc;
}

int p2m_unmap(struct p2m *p, uint64_t gpa, uint64_t size)
{
    if (!range_ok(p, gpa, size))
        return -EINVAL;
    struct p2m_op op = {.p = p, .kind = OP_UNMAP, .gpa = gpa, .end = gpa + size};
    return edit_range(p, &op);
}

int p2m_set_type(struct p2m *p, uint64_t gpa, uint64_t size, enum p2m_type t)
{
    if (!type_ok(t) || !range_ok(p, gpa, size))
        return -EINVAL;
    struct p2m_op op = {.p = p, .kind = OP_SET_TYPE, .gpa = gpa, .end = gpa + size, .t = t};
    return edit_range(p, &op);
}

int p2m_lookup(struct p2m *p, uint64_t gpa, paddr_t *pa, enum p2m_type *t, uint64_t *block_size)
{
    if (p->root == PADDR_INVALID || gpa >= p->ipa_limit)
        return -ENOENT;
    int rc = -ENOENT;
    unsigned long flags = spin_lock_irqsave(&p->lock);
    const uint64_t *tbl = arch_phys_to_virt(p->root);
    for (unsigned int level = arch_p2m_root_level(); level <= 3; level++) {
        uint64_t e = tbl[entry_index(level, gpa)];
        if (!arch_p2m_is_valid(e))
            break;
        if (arch_p2m_is_table(e, level)) {
            tbl = table_of(e, level);
            continue;
        }
        uint64_t size = level_size(level);
        if (pa)
            *pa = arch_p2m_entry_addr(e, level) + (gpa & (size - 1));
        if (t)
            *t = arch_p2m_entry_type(e);
        if (block_size)
            *block_size = size;
        rc = 0;
        break;
    }
    spin_unlock_irqrestore(&p->lock, flags);
    return rc;
}
