/*
 * libFuzzer harness for xenstored's core (dom0-tools/xenstored), built on
 * the host. Every input starts from a fresh store with three clients:
 * dom0 (privileged) and domains 1 and 2 (unprivileged), with small quotas
 * so that the fuzzer reaches them, and a fake XS_INTRODUCE that works.
 * The input is a sequence of records; byte 0 picks the client (bits 0-1:
 * 0 dom0, 1 dom1, 2 dom2, 3 a domain introduced on the way) and the kind:
 *   bit 7 clear: bytes 1..: raw bytes (length in byte 1) fed to the
 *                client's input as they are (any header, any payload);
 *   bit 7 set:   a well-formed header: byte 1 the type (mod 32), byte 2
 *                the transaction (0: none, else one of the client's open
 *                ones, or a made-up id if bit 6 of byte 0 is set), byte 3
 *                the payload length, then the payload, where 0xff k
 *                becomes useful string k (a path, a perm, ...) and its NUL;
 *   bit 5 set:   afterwards the introduced domain is released (as if it died).
 * After each record every reply and event queued is checked (length,
 * known error names, events of exactly two strings) and so are the
 * core's invariants (xs_core_check); a break aborts.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conn.h"
#include "core.h"
#include "log.h"
#include "request.h"
#include "transaction.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct xs_quota fuzz_quota = {.nodes = 40,
                                           .watches = 6,
                                           .transactions = 3,
                                           .value_size = 64,
                                           .perms = 3,
                                           .outstanding = 4,
                                           .tx_nodes = 30,
                                           .events = 16};

static const char *const paths[] = {
    "/a",
    "/a/b",
    "/a/b/c",
    "/local/domain/1",
    "/local/domain/2/x",
    "x/y",
    "device",
    "@introduceDomain",
    "@releaseDomain",
    "/",
    "/tool/xenstored",
    "r0",
    "b1",
    "n2",
    "3",
    "T",
};

static struct xs_core core;
static struct xs_conn *clients[4];

static void fail(const char *what, const char *detail)
{
    fprintf(stderr, "fuzz_xenstored: %s: %s\n", what, detail);
    abort();
}

static const struct xs_transport fuzz_transport = {.kind = "fuzz", .destroy = NULL};

static int fake_attach(void *ctx, uint16_t domid, int64_t gfn, uint32_t port,
                       const struct xs_transport **tp, void **tp_data)
{
    (void)ctx;
    (void)gfn;
    if (port == 13)
        return XEN_EINVAL; /* a mapping that fails */
    *tp = &fuzz_transport;
    *tp_data = NULL;
    (void)domid;
    return 0;
}

static const struct xs_domain_ops fake_ops = {.attach = fake_attach};

static bool known_error(const char *name)
{
#define FUZZ_ERR(num, str)                                                                         \
    if (!strcmp(name, str))                                                                        \
        return true;
    XS_WIRE_ERRORS(FUZZ_ERR)
#undef FUZZ_ERR
    return false;
}

/* Takes and checks everything queued for c. */
static void drain(struct xs_conn *c)
{
    size_t len;
    const uint8_t *p;
    while ((p = xs_conn_output(c, &len))) {
        struct xsd_sockmsg hdr;
        if (len < sizeof(hdr))
            fail("output", "a message shorter than its header");
        memcpy(&hdr, p, sizeof(hdr));
        if (hdr.len > XENSTORE_PAYLOAD_MAX || len != sizeof(hdr) + hdr.len)
            fail("output", "bad length");
        const char *body = (const char *)p + sizeof(hdr);
        if (hdr.type == XS_ERROR) {
            if (!hdr.len || body[hdr.len - 1] || strlen(body) + 1 != hdr.len)
                fail("error reply", "not one NUL-terminated name");
            if (!known_error(body))
                fail("error reply", body);
        } else if (hdr.type == XS_WATCH_EVENT) {
            unsigned int strings = 0;
            for (uint32_t i = 0; i < hdr.len; i++)
                strings += body[i] == '\0';
            if (strings != 2 || body[hdr.len - 1] || hdr.req_id || hdr.tx_id)
                fail("watch event", "not path\\0token\\0 with ids 0");
        } else if (!xs_type_name(hdr.type)) {
            fail("reply", "of an unknown type");
        }
        xs_conn_output_done(c, len);
    }
}

static void drain_all(void)
{
    for (struct xs_conn *c = core.conns; c; c = c->next)
        drain(c);
}

static void feed(struct xs_conn *c, const uint8_t *p, size_t n)
{
    while (n) {
        size_t room = xs_conn_input_room(c);
        if (!room) {
            if (c->error)
                return;
            drain(c); /* the outstanding quota: take the replies */
            room = xs_conn_input_room(c);
            if (!room)
                fail("input", "no room after draining");
        }
        size_t take = n < room ? n : room;
        xs_conn_input(c, p, take);
        p += take;
        n -= take;
    }
}

static struct xs_conn *client(unsigned int sel)
{
    if (sel == 3) {
        for (struct xs_conn *c = core.conns; c; c = c->next) {
            if (c->introduced && c->domid > 2)
                return c;
        }
        return clients[0];
    }
    return clients[sel];
}

static uint32_t pick_tx(struct xs_conn *c, uint8_t sel, bool made_up)
{
    if (made_up)
        return 1000u + sel;
    if (!sel)
        return 0;
    unsigned int i = 1;
    for (struct xs_tx *t = c->txs; t; t = t->next, i++) {
        if (i == sel)
            return t->id;
    }
    return 0;
}

/* Builds a message; returns the bytes used from data. */
static size_t structured(struct xs_conn *c, uint8_t sel, const uint8_t *data, size_t size)
{
    if (size < 3)
        return size;
    uint8_t plen = data[2];
    const uint8_t *src = data + 3;
    size_t avail = size - 3 < plen ? size - 3 : plen;
    char payload[XENSTORE_PAYLOAD_MAX];
    size_t len = 0;
    for (size_t i = 0; i < avail && len < sizeof(payload) - 32; i++) {
        if (src[i] == 0xff && i + 1 < avail) {
            const char *p = paths[src[++i] % (sizeof(paths) / sizeof(paths[0]))];
            memcpy(payload + len, p, strlen(p) + 1);
            len += strlen(p) + 1;
        } else {
            payload[len++] = (char)src[i];
        }
    }
    struct xsd_sockmsg hdr = {.type = data[0] % 32,
                              .req_id = 7,
                              .tx_id = pick_tx(c, data[1] & 3, sel & 0x40),
                              .len = (uint32_t)len};
    feed(c, (const uint8_t *)&hdr, sizeof(hdr));
    feed(c, (const uint8_t *)payload, len);
    return 3 + avail;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    xs_log_silence();
    xs_core_init(&core, &fuzz_quota);
    xs_core_set_domain_ops(&core, &fake_ops, NULL);
    clients[0] = xs_conn_new(&core, 0, true, "dom0", &fuzz_transport, NULL);
    clients[1] = xs_conn_new(&core, 1, false, "dom1", &fuzz_transport, NULL);
    clients[2] = xs_conn_new(&core, 2, false, "dom2", &fuzz_transport, NULL);
    clients[1]->introduced = clients[2]->introduced = true;

    size_t off = 0;
    while (off < size) {
        uint8_t sel = data[off++];
        struct xs_conn *c = client(sel & 3);
        if (sel & 0x80) {
            off += structured(c, sel, data + off, size - off);
        } else if (off < size) {
            size_t n = data[off++];
            if (n > size - off)
                n = size - off;
            feed(c, data + off, n);
            off += n;
        }
        if ((sel & 0x20) && (sel & 3) == 3 && c != clients[0])
            xs_core_release_domain(&core, c);
        drain_all();
        char why[256];
        if (xs_core_check(&core, why, sizeof(why)))
            fail("invariant", why);
    }
    xs_core_fini(&core);
    return 0;
}
