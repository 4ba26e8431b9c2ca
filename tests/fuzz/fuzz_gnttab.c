/*
 * libFuzzer harness for common/grant_table.c. Two fake domains (A = 1,
 * B = 2) with RAM pages, a read-only page and two grant frames each; the
 * input is a sequence of steps, each taken by one of them: write one of its
 * own grant entries (as a guest does, leaving GTF_reading/GTF_writing
 * alone), map / unmap / copy batches built from the input, a single-struct
 * op, a raw op over input bytes, a faulting argument copy, or destroying
 * and re-creating a table. After every step: gnttab_audit() of both tables,
 * pins equal mappings (until a destroy made orphans), grant-typed p2m
 * entries equal live mappings. At the end both domains go away and the page
 * allocator must be back to where it started.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/arch_p2m.h"
#include "common/errno.h"
#include "common/grant_table.h"
#include "common/p2m.h"
#include "common/page_alloc.h"
#include "common/xmalloc.h"
#include "fake_arch.h"
#include "fake_guest_env.h"
#include "xen/grant_table.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct domain *domains[MAX_DOMAINS];

#define RAM_BASE  0x40000000ULL
#define RAM_SIZE  MiB(8)
#define GPA_RAM   0x10000000ULL /* NRAM pages, then one read-only page */
#define NRAM      4
#define GPA_MAP   0x20000000ULL /* window of NWIN pages for mappings */
#define NWIN      32
#define NENTRIES  (2 * GNTTAB_V1_ENTRIES_PER_FRAME)
#define MAX_BATCH 8

static struct domain dom[2];
static struct vcpu vcpu[2];
static paddr_t ram[2][NRAM + 1];
static bool destroyed;                  /* a destroy may have left orphan handles */
static uint64_t stat_maps, stat_copies; /* successes, printed with -DFUZZ_STATS */

/* Input cursor: reads past the end give zeros. */
struct in {
    const uint8_t *p;
    size_t n;
};

static uint8_t u8(struct in *in)
{
    if (!in->n)
        return 0;
    in->n--;
    return *in->p++;
}

static uint16_t u16(struct in *in)
{
    return (uint16_t)(u8(in) | u8(in) << 8);
}

static uint32_t u32(struct in *in)
{
    return u16(in) | (uint32_t)u16(in) << 16;
}

static uint64_t free_pages(void)
{
    struct page_alloc_stats st;
    page_alloc_get_stats(&st);
    return st.free_pages;
}

static void die(const char *why)
{
    fprintf(stderr, "invariant broken: %s\n", why);
    abort();
}

static void make_domain(unsigned int i)
{
    struct domain *d = &dom[i];
    memset(d, 0, sizeof(*d));
    memset(&vcpu[i], 0, sizeof(vcpu[i]));
    d->id = (domid_t)(i + 1);
    vcpu[i].dom = d;
    if (p2m_init(&d->p2m, d->id))
        die("p2m_init");
    for (unsigned int k = 0; k <= NRAM; k++) {
        ram[i][k] = page_alloc(0);
        if (ram[i][k] == PADDR_INVALID || p2m_map(&d->p2m, GPA_RAM + k * PAGE_SIZE, ram[i][k],
                                                  PAGE_SIZE, k == NRAM ? P2M_RAM_RO : P2M_RAM_RW))
            die("guest RAM");
    }
    domains[d->id] = d;
}

static void table_up(struct domain *d)
{
    paddr_t pa;
    d->dying = false;
    if (gnttab_domain_init(d) || gnttab_frame_pa(d, 1, &pa))
        die("gnttab init");
}

static domid_t pick_dom(uint8_t b)
{
    switch (b % 8) {
    case 0: return DOMID_SELF;
    case 1: return 0;
    case 2: return 3;
    case 3: return DOMID_INVALID;
    case 4:
    case 5: return 1;
    default: return 2;
    }
}

static uint64_t pick_gfn(uint8_t b)
{
    if (b < 240)
        return (GPA_RAM >> PAGE_SHIFT) + b % (NRAM + 1);
    return b == 255 ? UINT64_MAX : (GPA_MAP >> PAGE_SHIFT) + b % 4;
}

static uint64_t pick_addr(uint8_t b)
{
    if (b < 224)
        return GPA_MAP + (uint64_t)(b % NWIN) * PAGE_SIZE;
    if (b < 240)
        return GPA_RAM + (uint64_t)(b % (NRAM + 1)) * PAGE_SIZE; /* over RAM */
    return b == 255 ? GiB(2048) : GPA_MAP + b;                   /* beyond reach / unaligned */
}

static uint16_t pick_ref(struct in *in)
{
    uint8_t b = u8(in);
    if (b < 200)
        return b % 16;
    return b == 255 ? 0xffff : u16(in);
}

/* The guest writes an entry of its own table. */
static void guest_grant(struct domain *d, struct in *in)
{
    paddr_t pa;
    uint16_t ref = pick_ref(in) % NENTRIES;
    uint8_t f = u8(in), who = u8(in), gfn = u8(in);
    if (!d->gnttab || gnttab_frame_pa(d, ref / GNTTAB_V1_ENTRIES_PER_FRAME, &pa))
        return;
    struct grant_entry_v1 *e =
        (struct grant_entry_v1 *)arch_phys_to_virt(pa) + ref % GNTTAB_V1_ENTRIES_PER_FRAME;
    uint16_t busy = __atomic_load_n(&e->flags, __ATOMIC_RELAXED) & (GTF_reading | GTF_writing);
    e->domid = pick_dom(who) == DOMID_SELF ? d->id : pick_dom(who);
    e->frame = (uint32_t)pick_gfn(gfn);
    uint16_t nf = (uint16_t)((f & 0x7) | busy); /* type and GTF_readonly */
    __atomic_store_n(&e->flags, nf, __ATOMIC_RELEASE);
}

static void do_map(struct vcpu *v, struct in *in)
{
    static struct gnttab_map_grant_ref m[MAX_BATCH];
    unsigned int n = u8(in) % MAX_BATCH + 1;
    for (unsigned int i = 0; i < n; i++) {
        uint8_t fl = u8(in);
        m[i] = (struct gnttab_map_grant_ref){pick_addr(u8(in)),
                                             fl < 200 ? GNTMAP_host_map | (fl & 1U) << 2 : fl,
                                             pick_ref(in),
                                             pick_dom(u8(in)),
                                             0,
                                             0,
                                             0};
    }
    long rc = do_grant_table_op(v, GNTTABOP_map_grant_ref, (uint64_t)(uintptr_t)m, n);
    if (rc != 0 && rc != -EFAULT)
        die("map rc");
    for (unsigned int i = 0; rc == 0 && i < n; i++)
        if (m[i].status == GNTST_okay && m[i].handle >= GNTTAB_MAX_MAPTRACK)
            die("bad handle returned");
        else if (m[i].status == GNTST_okay)
            stat_maps++;
}

static void do_unmap(struct vcpu *v, struct in *in)
{
    static struct gnttab_unmap_grant_ref u[MAX_BATCH];
    unsigned int n = u8(in) % MAX_BATCH + 1;
    for (unsigned int i = 0; i < n; i++) {
        uint8_t a = u8(in), h = u8(in);
        u[i] = (struct gnttab_unmap_grant_ref){a < 128 ? 0 : pick_addr(a), 0,
                                               h < 250 ? h % 40U : u32(in), 0};
    }
    long rc = do_grant_table_op(v, GNTTABOP_unmap_grant_ref, (uint64_t)(uintptr_t)u, n);
    if (rc != 0 && rc != -EFAULT)
        die("unmap rc");
}

static void do_copy(struct vcpu *v, struct in *in)
{
    static struct gnttab_copy c[MAX_BATCH];
    unsigned int n = u8(in) % MAX_BATCH + 1;
    for (unsigned int i = 0; i < n; i++) {
        uint16_t flags = u8(in) & 3;
        struct gnttab_copy *g = &c[i];
        memset(g, 0, sizeof(*g));
        g->flags = flags;
        if (flags & GNTCOPY_source_gref)
            g->source.u.ref = pick_ref(in);
        else
            g->source.u.gmfn = pick_gfn(u8(in));
        if (flags & GNTCOPY_dest_gref)
            g->dest.u.ref = pick_ref(in);
        else
            g->dest.u.gmfn = pick_gfn(u8(in));
        g->source.domid = pick_dom(u8(in));
        g->dest.domid = pick_dom(u8(in));
        g->source.offset = u16(in) % 4200;
        g->dest.offset = u16(in) % 4200;
        g->len = u16(in) % 4200;
    }
    long rc = do_grant_table_op(v, GNTTABOP_copy, (uint64_t)(uintptr_t)c, n);
    if (rc != 0 && rc != -EFAULT)
        die("copy rc");
    for (unsigned int i = 0; rc == 0 && i < n; i++)
        stat_copies += c[i].status == GNTST_okay && c[i].len;
}

/* A single-structure op, or any op over raw input bytes. */
static void do_misc(struct vcpu *v, struct in *in)
{
    static _Alignas(8) uint8_t buf[sizeof(struct gnttab_copy) * (GNTTAB_MAX_BATCH + 1)];
    uint8_t k = u8(in);
    uint64_t count = k & 0x80 ? u16(in) % 600 : 1;
    unsigned int cmd = u8(in) % 14;
    memset(buf, 0, sizeof(buf));
    for (size_t i = 0; i < 64 && in->n; i++)
        buf[i] = u8(in);
    if (cmd == GNTTABOP_setup_table) {
        static xen_pfn_t list[GNTTAB_MAX_FRAMES];
        struct gnttab_setup_table *s = (void *)buf;
        s->nr_frames %= 40;
        s->frame_list = XEN_GUEST_HANDLE_INIT(k & 1 ? list : NULL);
        count = 1;
    }
    if (cmd == GNTTABOP_map_grant_ref) { /* keep mappings inside the windows */
        struct gnttab_map_grant_ref *m = (void *)buf;
        for (uint64_t i = 0; i < count && i <= GNTTAB_MAX_BATCH; i++)
            m[i].host_addr = pick_addr((uint8_t)m[i].host_addr);
    }
    (void)do_grant_table_op(v, cmd, (uint64_t)(uintptr_t)buf, count);
}

static unsigned int grant_pages(struct domain *d)
{
    unsigned int n = 0;
    for (unsigned int k = 0; k < NWIN + NRAM + 1; k++) {
        uint64_t gpa = k < NWIN ? GPA_MAP + k * PAGE_SIZE : GPA_RAM + (k - NWIN) * PAGE_SIZE;
        paddr_t pa;
        enum p2m_type t;
        uint64_t bs;
        if (p2m_lookup(&d->p2m, gpa, &pa, &t, &bs) == 0 && (t == P2M_GRANT_RW || t == P2M_GRANT_RO))
            n++;
    }
    return n;
}

static void check(void)
{
    uint64_t pins = 0, maps = 0, pages = 0;
    for (unsigned int i = 0; i < 2; i++) {
        if (gnttab_audit(&dom[i]))
            die("audit");
        pins += gnttab_nr_pins(&dom[i]);
        maps += gnttab_nr_maps(&dom[i]);
        pages += grant_pages(&dom[i]);
    }
    if (pins > maps || pages != pins)
        die("pins / maps / p2m disagree");
    if (!destroyed && pins != maps)
        die("pins != maps");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static bool once;
    if (!once) {
        fake_ram_setup(RAM_BASE, RAM_SIZE);
        if (arch_p2m_setup(40))
            die("p2m setup");
        once = true;
    }
    page_alloc_reset();
    xmalloc_reset();
    if (page_alloc_add_region(RAM_BASE, RAM_BASE + RAM_SIZE))
        die("region");
    memset(domains, 0, sizeof(domains));
    fake_guest_fault = false;
    destroyed = false;
    uint64_t start = free_pages();
    make_domain(0);
    make_domain(1);
    table_up(&dom[0]);
    table_up(&dom[1]);

    struct in in = {data, size};
    for (unsigned int steps = 0; in.n && steps < 256; steps++) {
        uint8_t sel = u8(&in);
        unsigned int who = sel & 1;
        struct vcpu *v = &vcpu[who];
        if (!dom[who].gnttab) {
            if ((sel >> 1) % 8 == 7)
                table_up(&dom[who]);
            continue;
        }
        switch ((sel >> 1) % 8) {
        case 0:
        case 1: guest_grant(&dom[who], &in); break;
        case 2: do_map(v, &in); break;
        case 3: do_unmap(v, &in); break;
        case 4: do_copy(v, &in); break;
        case 5: do_misc(v, &in); break;
        case 6:
            fake_guest_fault = true;
            do_misc(v, &in);
            fake_guest_fault = false;
            break;
        default:
            dom[who].dying = true;
            gnttab_domain_destroy(&dom[who]);
            destroyed = true;
            break;
        }
        check();
    }

    for (unsigned int i = 0; i < 2; i++) {
        dom[i].dying = true;
        gnttab_domain_destroy(&dom[i]);
    }
    for (unsigned int i = 0; i < 2; i++) {
        if (grant_pages(&dom[i]))
            die("grant mapping left after destroy");
        p2m_destroy(&dom[i].p2m);
        for (unsigned int k = 0; k <= NRAM; k++)
            if (page_free(ram[i][k], 0))
                die("page_free");
    }
    if (free_pages() != start)
        die("pages leaked");
#ifdef FUZZ_STATS
    fprintf(stderr, "maps %llu copies %llu\n", (unsigned long long)stat_maps,
            (unsigned long long)stat_copies);
#endif
    return 0;
}
