/* The ring transport: a fake ring page with a fake domain on the other
 * side. Wrap-around, a full response queue, bad indexes (the domain is
 * no longer served, others are) and a protocol violation. */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "ring.h"
#include "ring_conn.h"

struct fake_ring {
    struct xs_ring ring;
    struct xenstore_domain_interface page;
    unsigned int notified;
};

static void fake_notify(struct xs_ring *ring)
{
    ((struct fake_ring *)ring->priv)->notified++;
}

static void fake_release(struct xs_ring *ring)
{
    free(ring->priv);
}

static struct fake_ring *new_ring(struct xs_core *core, uint16_t domid, struct xs_conn **out)
{
    struct fake_ring *f = calloc(1, sizeof(*f));
    f->ring = (struct xs_ring){
        .intf = &f->page, .notify = fake_notify, .release = fake_release, .priv = f};
    *out = xs_conn_new(core, domid, domid == 0, "ring", &xs_ring_transport, &f->ring);
    (*out)->introduced = domid != 0;
    return f;
}

/* The domain's side: puts bytes into the request queue. */
static size_t domain_write(struct fake_ring *f, const void *data, size_t len)
{
    struct xenstore_domain_interface *p = &f->page;
    size_t done = 0;
    while (done < len && p->req_prod - p->req_cons < XENSTORE_RING_SIZE) {
        p->req[MASK_XENSTORE_IDX(p->req_prod)] = ((const char *)data)[done++];
        p->req_prod++;
    }
    return done;
}

/* The domain's side: takes bytes from the response queue. */
static size_t domain_read(struct fake_ring *f, void *out, size_t max)
{
    struct xenstore_domain_interface *p = &f->page;
    size_t done = 0;
    while (done < max && p->rsp_cons != p->rsp_prod) {
        ((char *)out)[done++] = p->rsp[MASK_XENSTORE_IDX(p->rsp_cons)];
        p->rsp_cons++;
    }
    return done;
}

static size_t request(char *buf, uint32_t type, uint32_t req_id, const char *payload, size_t len)
{
    struct xsd_sockmsg hdr = {.type = type, .req_id = req_id, .len = (uint32_t)len};
    memcpy(buf, &hdr, sizeof(hdr));
    memcpy(buf + sizeof(hdr), payload, len);
    return sizeof(hdr) + len;
}

/* One domain writes a value through a ring whose indexes wrap around
 * 2^32 and whose data wraps around the page; the reply comes back. */
TEST(xsd_ring_wraparound)
{
    t_core(NULL);
    struct xs_conn *d0 = t_client(0);
    t_write(d0, 0, "/r", "");
    struct xs_conn *c;
    struct fake_ring *f = new_ring(d0->core, 0, &c);
    f->page.req_cons = f->page.req_prod = 0xfffffff0U;
    f->page.rsp_cons = f->page.rsp_prod = 0xfffffff8U;
    char msg[64];
    size_t n = request(msg, XS_WRITE, 5, "/r/w\0value", 10);
    CHECK(domain_write(f, msg, n) == n);
    CHECK(xs_ring_serve(c));
    CHECK(f->notified >= 1 && f->page.req_cons == f->page.req_prod);
    char reply[64];
    size_t got = domain_read(f, reply, sizeof(reply));
    struct xsd_sockmsg hdr;
    memcpy(&hdr, reply, sizeof(hdr));
    CHECK(got == sizeof(hdr) + 3 && hdr.type == XS_WRITE && hdr.req_id == 5);
    CHECK(!strcmp(t_read(d0, 0, "/r/w"), "value"));
}

/* Replies that do not fit wait in the queue until the domain makes room;
 * meanwhile its further requests are not read (outstanding quota). */
TEST(xsd_ring_full_response_queue)
{
    t_core(NULL);
    struct xs_conn *d0 = t_client(0);
    char big[1000];
    memset(big, 'x', sizeof(big));
    big[sizeof(big) - 1] = '\0';
    char path_value[1100];
    memcpy(path_value, "/v", 3);
    memcpy(path_value + 3, big, sizeof(big) - 1);
    t_send(d0, XS_WRITE, 0, path_value, 3 + sizeof(big) - 1);
    struct t_msg m;
    CHECK(t_reply(d0, &m));
    struct xs_conn *c;
    struct fake_ring *f = new_ring(d0->core, 0, &c);
    char msg[64];
    size_t n = request(msg, XS_READ, 1, "/v", 3);
    for (int i = 0; i < 3; i++)
        CHECK(domain_write(f, msg, n) == n);
    xs_ring_serve(c);
    /* Three replies of 1015 bytes: one fits, the rest waits. */
    CHECK(f->page.rsp_prod - f->page.rsp_cons == XENSTORE_RING_SIZE);
    CHECK(xs_conn_has_output(c));
    char sink[4096];
    size_t total = 0;
    for (int round = 0; round < 10 && total < 3 * (16 + 999); round++) {
        total += domain_read(f, sink, sizeof(sink));
        xs_ring_serve(c);
    }
    CHECK(total == 3 * (16 + 999));
    CHECK(!c->error && !xs_conn_has_output(c));
}

/* A domain that sets impossible indexes is dropped: the error field says
 * why, nothing more is read; another ring is still served. */
TEST(xsd_ring_bad_indexes)
{
    t_core(NULL);
    struct xs_conn *d0 = t_client(0);
    t_write(d0, 0, "/x", "y");
    struct xs_conn *bad, *good;
    struct fake_ring *fb = new_ring(d0->core, 5, &bad);
    struct fake_ring *fg = new_ring(d0->core, 6, &good);
    fb->page.req_prod = fb->page.req_cons + XENSTORE_RING_SIZE + 1;
    xs_ring_serve(bad);
    CHECK(fb->page.error == XENSTORE_ERROR_RINGIDX && bad->error && fb->ring.stopped);
    CHECK(!xs_ring_serve(bad)); /* stays stopped */
    /* Bad response indexes too. */
    struct xs_conn *bad2;
    struct fake_ring *fb2 = new_ring(d0->core, 7, &bad2);
    fb2->page.rsp_cons = fb2->page.rsp_prod + 2000;
    char msg[64];
    size_t n = request(msg, XS_GET_DOMAIN_PATH, 1, "7", 2);
    domain_write(fb2, msg, n);
    xs_ring_serve(bad2);
    CHECK(fb2->page.error == XENSTORE_ERROR_RINGIDX);
    n = request(msg, XS_GET_DOMAIN_PATH, 2, "6", 2);
    domain_write(fg, msg, n);
    CHECK(xs_ring_serve(good));
    char reply[64];
    CHECK(domain_read(fg, reply, sizeof(reply)) == 16 + 16);
    CHECK(!strcmp(reply + 16, "/local/domain/6"));
    CHECK(fg->page.error == XENSTORE_ERROR_NONE);
    CHECK(t_consistent());
}

/* A payload over the limit: E2BIG goes out, then the ring is dropped
 * with XENSTORE_ERROR_PROTO. */
TEST(xsd_ring_protocol_violation)
{
    t_core(NULL);
    struct xs_conn *d0 = t_client(0), *c;
    struct fake_ring *f = new_ring(d0->core, 8, &c);
    struct xsd_sockmsg hdr = {.type = XS_WRITE, .req_id = 9, .len = 100000};
    domain_write(f, &hdr, sizeof(hdr));
    xs_ring_serve(c);
    char reply[64];
    CHECK(domain_read(f, reply, sizeof(reply)) == 16 + 6);
    CHECK(!strcmp(reply + 16, "E2BIG"));
    CHECK(f->page.error == XENSTORE_ERROR_PROTO && f->ring.stopped);
    /* Still counted as introduced until released. */
    CHECK(xs_core_domain(d0->core, 8) == c);
}
