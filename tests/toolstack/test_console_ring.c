/*
 * The console daemon's ring handling (dom0-tools/consoled/ring.c) against
 * a ring page in plain memory that plays the domain: output taken in
 * order across the wrap of the array and of the 32-bit indexes, input put
 * with the room the domain left, and bogus indexes (a guest can write
 * anything on the page) refused with a reason, never read or written
 * outside the rings (AddressSanitizer watches), never hanging.
 */
#include <stdlib.h>
#include <string.h>

#include "ring.h"
#include "unit.h"

/* The page, in a heap block of its own so that ASan sees any stray access
 * past the structure. */
static struct xencons_interface *page_new(void)
{
    struct xencons_interface *p = calloc(1, sizeof(*p));
    if (!p)
        abort();
    return p;
}

/* The domain prints len bytes (as hvc_xen does: bytes, then out_prod). */
static void guest_print(struct xencons_interface *p, const char *s, size_t len)
{
    XENCONS_RING_IDX prod = p->out_prod;
    for (size_t i = 0; i < len; i++, prod++)
        p->out[MASK_XENCONS_IDX(prod, p->out)] = s[i];
    p->out_prod = prod;
}

static char why[256];

/* A fresh page: nothing to read, all the input room, marked connected. */
TEST(cons_ring_fresh_page)
{
    struct xencons_interface *p = page_new();
    p->connection = XENCONSOLE_DISCONNECTED;
    struct cons_ring r;
    REQUIRE(cons_ring_attach(&r, p, why, sizeof(why)) == 0);
    CHECK(p->connection == XENCONSOLE_CONNECTED);
    char buf[16];
    CHECK(cons_ring_read(&r, buf, sizeof(buf), why, sizeof(why)) == 0);
    CHECK(cons_ring_space(&r, why, sizeof(why)) == XENCONS_IN_SIZE);
    free(p);
}

/* Output comes out in order, at most max bytes a call, and out_cons on the
 * page follows. */
TEST(cons_ring_read_in_order)
{
    struct xencons_interface *p = page_new();
    struct cons_ring r;
    REQUIRE(cons_ring_attach(&r, p, why, sizeof(why)) == 0);
    guest_print(p, "hello, world", 12);
    char buf[16] = {0};
    CHECK(cons_ring_read(&r, buf, 5, why, sizeof(why)) == 5);
    CHECK(!memcmp(buf, "hello", 5) && p->out_cons == 5);
    CHECK(cons_ring_read(&r, buf, sizeof(buf), why, sizeof(why)) == 7);
    CHECK(!memcmp(buf, ", world", 7) && p->out_cons == 12);
    CHECK(cons_ring_read(&r, buf, sizeof(buf), why, sizeof(why)) == 0);
    free(p);
}

/* Across the end of the out array and the 32-bit wrap of the indexes. */
TEST(cons_ring_read_wraps)
{
    struct xencons_interface *p = page_new();
    p->out_cons = p->out_prod = 0xfffffff0U; /* a daemon before us stopped here */
    struct cons_ring r;
    REQUIRE(cons_ring_attach(&r, p, why, sizeof(why)) == 0);
    char text[XENCONS_OUT_SIZE], buf[XENCONS_OUT_SIZE];
    for (size_t i = 0; i < sizeof(text); i++)
        text[i] = (char)('a' + i % 26);
    guest_print(p, text, sizeof(text)); /* a full ring */
    CHECK(p->out_prod == 0x7f0);
    CHECK(cons_ring_read(&r, buf, sizeof(buf), why, sizeof(why)) == XENCONS_OUT_SIZE);
    CHECK(!memcmp(buf, text, sizeof(text)));
    CHECK(p->out_cons == 0x7f0);
    free(p);
}

/* More waiting than the ring holds: refused with the indexes named, and
 * nothing taken. */
TEST(cons_ring_read_bogus_refused)
{
    struct xencons_interface *p = page_new();
    struct cons_ring r;
    REQUIRE(cons_ring_attach(&r, p, why, sizeof(why)) == 0);
    char buf[XENCONS_OUT_SIZE];
    const XENCONS_RING_IDX bad[] = {XENCONS_OUT_SIZE + 1, 0x7fffffffU, 0xffffffffU, 0x80000000U};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        p->out_prod = bad[i];
        why[0] = '\0';
        CHECK(cons_ring_read(&r, buf, sizeof(buf), why, sizeof(why)) == -1);
        CHECK(strstr(why, "output ring indexes are bogus"));
        CHECK(p->out_cons == 0);
    }
    p->out_prod = XENCONS_OUT_SIZE; /* exactly full is fine */
    CHECK(cons_ring_read(&r, buf, sizeof(buf), why, sizeof(why)) == XENCONS_OUT_SIZE);
    free(p);
}

/* The daemon's own index is private: a domain scribbling on out_cons
 * changes nothing (it is written back, never read back). */
TEST(cons_ring_own_index_private)
{
    struct xencons_interface *p = page_new();
    struct cons_ring r;
    REQUIRE(cons_ring_attach(&r, p, why, sizeof(why)) == 0);
    guest_print(p, "abc", 3);
    p->out_cons = 0x12345678;
    char buf[8];
    CHECK(cons_ring_read(&r, buf, sizeof(buf), why, sizeof(why)) == 3);
    CHECK(!memcmp(buf, "abc", 3) && p->out_cons == 3);
    free(p);
}

/* Input goes in as far as the domain has room, wraps, and a bogus in_cons
 * is refused. */
TEST(cons_ring_write_input)
{
    struct xencons_interface *p = page_new();
    struct cons_ring r;
    REQUIRE(cons_ring_attach(&r, p, why, sizeof(why)) == 0);
    char text[1500];
    for (size_t i = 0; i < sizeof(text); i++)
        text[i] = (char)i;
    CHECK(cons_ring_write(&r, text, sizeof(text), why, sizeof(why)) == XENCONS_IN_SIZE);
    CHECK(p->in_prod == XENCONS_IN_SIZE && !memcmp(p->in, text, XENCONS_IN_SIZE));
    CHECK(cons_ring_space(&r, why, sizeof(why)) == 0);
    CHECK(cons_ring_write(&r, text, 1, why, sizeof(why)) == 0);
    p->in_cons = 100; /* the domain read 100 bytes */
    CHECK(cons_ring_space(&r, why, sizeof(why)) == 100);
    CHECK(cons_ring_write(&r, text + XENCONS_IN_SIZE, 200, why, sizeof(why)) == 100);
    CHECK(!memcmp(p->in, text + XENCONS_IN_SIZE, 100)); /* wrapped to the start */
    p->in_cons = p->in_prod + 1;                        /* consumed more than was there */
    CHECK(cons_ring_space(&r, why, sizeof(why)) == -1);
    CHECK(strstr(why, "input ring indexes are bogus"));
    CHECK(cons_ring_write(&r, text, 1, why, sizeof(why)) == -1);
    free(p);
}

/* A page that is bogus from the start is refused at attach. */
TEST(cons_ring_attach_bogus)
{
    struct xencons_interface *p = page_new();
    struct cons_ring r;
    p->out_prod = 5000;
    CHECK(cons_ring_attach(&r, p, why, sizeof(why)) == -1 && strstr(why, "output"));
    p->out_prod = 0;
    p->in_prod = 2000;
    CHECK(cons_ring_attach(&r, p, why, sizeof(why)) == -1 && strstr(why, "input"));
    free(p);
}

/* Any indexes at all: each call ends, and either refuses or stays within
 * the ring's size. */
TEST(cons_ring_random_indexes)
{
    struct xencons_interface *p = page_new();
    char buf[XENCONS_OUT_SIZE];
    unsigned int seed = 12345;
    for (int i = 0; i < 20000; i++) {
        struct cons_ring r = {.intf = p,
                              .out_cons = (XENCONS_RING_IDX)rand_r(&seed) * 7919U,
                              .in_prod = (XENCONS_RING_IDX)rand_r(&seed) * 104729U};
        p->out_prod = r.out_cons + (XENCONS_RING_IDX)(rand_r(&seed) % 4200) - 50;
        p->in_cons = r.in_prod - (XENCONS_RING_IDX)(rand_r(&seed) % 2200) + 50;
        int n = cons_ring_read(&r, buf, sizeof(buf), why, sizeof(why));
        CHECK(n >= -1 && n <= XENCONS_OUT_SIZE);
        int w = cons_ring_write(&r, buf, sizeof(buf), why, sizeof(why));
        CHECK(w >= -1 && w <= XENCONS_IN_SIZE);
    }
    free(p);
}
