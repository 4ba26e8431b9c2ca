/*
 * Small-object allocator over the page allocator.
 *
 * Requests up to 2 KiB come from slabs: one page per slab, a 64-byte header
 * at its start, objects of one power-of-two class after it, each aligned
 * to its own size. The header's bitmap records which objects are live; it
 * is both the free list (allocation takes the lowest clear bit) and the
 * double-free check. Keeping no links inside free objects means a write
 * after free cannot corrupt the allocator.
 *
 * Larger requests take a whole page block with a 16-byte header in front.
 * Both headers carry a magic mixed with the page's physical address, so a
 * header-like pattern copied elsewhere is not taken as genuine.
 */
#include <string.h>

#include "common/arch.h"
#include "common/errno.h"
#include "common/list.h"
#include "common/log.h"
#include "common/page_alloc.h"
#include "common/spinlock.h"
#include "common/xmalloc.h"

#define NR_CLASSES    8
#define MIN_CLASS     16
#define MAX_CLASS     2048
#define SLAB_HDR_SIZE 64
#define SLAB_MAX_OBJS ((PAGE_SIZE - SLAB_HDR_SIZE) / MIN_CLASS)
#define SLAB_MAGIC    0x51ab51abU
#define LARGE_MAGIC   0x1a3ce0f5U

/* Both headers start with the magic so one read tells them apart. */
struct slab_hdr {
    uint32_t magic; /* SLAB_MAGIC ^ page tag; 0 once released */
    uint16_t cls;   /* size class index */
    uint16_t nr_objs;
    uint16_t nr_free;
    uint16_t pad[3];
    struct list_head link;                    /* on partial[cls] while not full */
    uint64_t used[(SLAB_MAX_OBJS + 63) / 64]; /* bit set: object allocated */
};

struct large_hdr {
    uint32_t magic; /* LARGE_MAGIC ^ page tag; 0 once freed */
    uint32_t order;
    uint64_t pad; /* keeps the payload 16-byte aligned */
};

_Static_assert(sizeof(struct slab_hdr) <= SLAB_HDR_SIZE, "slab header too big");
_Static_assert(sizeof(struct large_hdr) == 16, "large header must keep 16-byte alignment");

static spinlock_t xm_lock = SPINLOCK_INIT;
static struct list_head partial[NR_CLASSES];
static bool lists_ready;
static uint64_t bytes_in_use;
static uint64_t slab_pages;
static uint64_t large_pages;

static void lists_init_once(void)
{
    if (lists_ready)
        return;
    for (unsigned int i = 0; i < NR_CLASSES; i++)
        list_init(&partial[i]);
    lists_ready = true;
}

static uint64_t order_size(unsigned int order)
{
    return (uint64_t)PAGE_SIZE << order;
}

static size_t class_size(unsigned int cls)
{
    return (size_t)MIN_CLASS << cls;
}

/* Objects start at the first multiple of their size past the header. */
static size_t class_first(unsigned int cls)
{
    return MAX(class_size(cls), (size_t)SLAB_HDR_SIZE);
}

static unsigned int class_of(size_t size)
{
    unsigned int cls = 0;
    while (class_size(cls) < size)
        cls++;
    return cls;
}

/* Ties a header to the page it sits in. */
static uint32_t page_tag(paddr_t pa)
{
    return (uint32_t)(pa >> PAGE_SHIFT) * 0x9e3779b1U;
}

static bool bit_test(const uint64_t *map, unsigned int i)
{
    return (map[i / 64] >> (i % 64)) & 1;
}

static void bit_flip(uint64_t *map, unsigned int i)
{
    map[i / 64] ^= 1ULL << (i % 64);
}

/* The lowest clear bit below n; the caller knows one exists. */
static unsigned int bit_first_clear(const uint64_t *map, unsigned int n)
{
    unsigned int w = 0;
    while (map[w] == ~0ULL)
        w++;
    unsigned int i = w * 64 + (unsigned int)__builtin_ctzll(~map[w]);
    return i < n ? i : n;
}

static struct slab_hdr *slab_new(unsigned int cls)
{
    paddr_t pa = page_alloc(0);
    if (pa == PADDR_INVALID)
        return NULL;
    struct slab_hdr *s = arch_phys_to_virt(pa);
    memset(s, 0, sizeof(*s));
    s->magic = SLAB_MAGIC ^ page_tag(pa);
    s->cls = (uint16_t)cls;
    s->nr_objs = (uint16_t)((PAGE_SIZE - class_first(cls)) / class_size(cls));
    s->nr_free = s->nr_objs;
    list_add(&s->link, &partial[cls]);
    slab_pages++;
    return s;
}

static void *slab_alloc(unsigned int cls)
{
    struct slab_hdr *s;

    if (list_empty(&partial[cls]))
        s = slab_new(cls);
    else
        s = list_entry(partial[cls].next, struct slab_hdr, link);
    if (!s)
        return NULL;
    unsigned int i = bit_first_clear(s->used, s->nr_objs);
    bit_flip(s->used, i);
    if (--s->nr_free == 0)
        list_del(&s->link); /* full slabs live on no list */
    bytes_in_use += class_size(cls);
    return (char *)s + class_first(cls) + i * class_size(cls);
}

static void *large_alloc(size_t size)
{
    unsigned int order = 0;
    while (order_size(order) < size + sizeof(struct large_hdr))
        order++;
    paddr_t pa = page_alloc(order);
    if (pa == PADDR_INVALID)
        return NULL;
    struct large_hdr *h = arch_phys_to_virt(pa);
    h->magic = LARGE_MAGIC ^ page_tag(pa);
    h->order = order;
    h->pad = 0;
    large_pages += 1ULL << order;
    bytes_in_use += order_size(order);
    return h + 1;
}

void *xmalloc(size_t size)
{
    void *p;

    if (size == 0 || size > order_size(PAGE_MAX_ORDER) - sizeof(struct large_hdr))
        return NULL;
    unsigned long flags = spin_lock_irqsave(&xm_lock);
    lists_init_once();
    if (size <= MAX_CLASS)
        p = slab_alloc(class_of(size));
    else
        p = large_alloc(size);
    spin_unlock_irqrestore(&xm_lock, flags);
    return p;
}

void *xzalloc(size_t size)
{
    void *p = xmalloc(size);
    if (p)
        memset(p, 0, size);
    return p;
}

/* Validates a slab object fully, then releases it; 0 or -EINVAL. */
static int slab_free(struct slab_hdr *s, paddr_t page, size_t off)
{
    unsigned int cls = s->cls;

    if (cls >= NR_CLASSES || s->nr_objs == 0 || s->nr_free >= s->nr_objs)
        return -EINVAL;
    size_t size = class_size(cls);
    if (off < class_first(cls) || (off - class_first(cls)) % size != 0)
        return -EINVAL;
    unsigned int i = (unsigned int)((off - class_first(cls)) / size);
    if (i >= s->nr_objs || !bit_test(s->used, i))
        return -EINVAL;

    bit_flip(s->used, i);
    bytes_in_use -= size;
    if (s->nr_free++ == 0)
        list_add(&s->link, &partial[cls]);
    if (s->nr_free == s->nr_objs) {
        /* Empty: hand the page back, wiping the magic so stale pointers fail. */
        list_del(&s->link);
        s->magic = 0;
        slab_pages--;
        (void)page_free(page, 0);
    }
    return 0;
}

static int large_free(struct large_hdr *h, paddr_t page, uint32_t magic)
{
    unsigned int order = h->order;

    if (order > PAGE_MAX_ORDER)
        return -EINVAL;
    /* Wipe before freeing: the page is not ours to write afterwards. */
    h->magic = 0;
    if (page_free(page, order) != 0) {
        h->magic = magic;
        return -EINVAL;
    }
    large_pages -= 1ULL << order;
    bytes_in_use -= order_size(order);
    return 0;
}

static int xfree_locked(paddr_t pa)
{
    paddr_t page = pa & PAGE_MASK;
    size_t off = (size_t)(pa - page);
    uint32_t magic = *(const uint32_t *)arch_phys_to_virt(page);

    if (magic == (SLAB_MAGIC ^ page_tag(page)))
        return slab_free(arch_phys_to_virt(page), page, off);
    if (magic == (LARGE_MAGIC ^ page_tag(page)) && off == sizeof(struct large_hdr))
        return large_free(arch_phys_to_virt(page), page, magic);
    return -EINVAL;
}

int xfree(void *p)
{
    if (!p)
        return 0;
    paddr_t pa = arch_virt_to_phys(p);
    unsigned long flags = spin_lock_irqsave(&xm_lock);
    lists_init_once();
    int ret = xfree_locked(pa);
    spin_unlock_irqrestore(&xm_lock, flags);
    if (ret)
        pr_warn("xfree: bad pointer (pa %#llx)\n", (unsigned long long)pa);
    return ret;
}

void xmalloc_get_stats(struct xmalloc_stats *st)
{
    unsigned long flags = spin_lock_irqsave(&xm_lock);
    st->bytes_in_use = bytes_in_use;
    st->slab_pages = slab_pages;
    st->large_pages = large_pages;
    spin_unlock_irqrestore(&xm_lock, flags);
}

void xmalloc_reset(void)
{
    spin_lock_init(&xm_lock);
    bytes_in_use = 0;
    slab_pages = 0;
    large_pages = 0;
    lists_ready = false;
    lists_init_once();
}
