/* Host-test helpers for the xenstored core (harness.h). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "log.h"

static struct xs_core core;
static bool core_live;
static char text[XENSTORE_PAYLOAD_MAX + 64];

/* What a test client has received and not looked at yet. */
struct mailbox {
    struct t_msg *msgs;
    unsigned int n;
};

static void box_destroy(struct xs_conn *c)
{
    struct mailbox *b = c->tp_data;
    free(b->msgs);
    free(b);
}

static const struct xs_transport test_transport = {.kind = "test", .destroy = box_destroy};

struct xs_core *t_core(const struct xs_quota *quota)
{
    static const struct xs_quota def = XS_QUOTA_DEFAULT;
    xs_log_silence();
    if (core_live)
        xs_core_fini(&core);
    xs_core_init(&core, quota ? quota : &def);
    core_live = true;
    return &core;
}

struct xs_conn *t_client(uint16_t domid)
{
    char name[16];
    snprintf(name, sizeof(name), "t%u", domid);
    struct xs_conn *c = xs_conn_new(&core, domid, domid == 0, name, &test_transport,
                                    calloc(1, sizeof(struct mailbox)));
    c->introduced = domid != 0;
    return c;
}

void t_feed(struct xs_conn *c, const void *data, size_t len, size_t chunk)
{
    const char *p = data;
    while (len) {
        size_t room = xs_conn_input_room(c);
        size_t n = len < chunk ? len : chunk;
        if (n > room)
            n = room;
        if (!n)
            return; /* the core takes nothing more now */
        xs_conn_input(c, p, n);
        p += n;
        len -= n;
    }
}

void t_send(struct xs_conn *c, uint32_t type, uint32_t tx, const void *payload, size_t len)
{
    static uint32_t req_id;
    struct xsd_sockmsg hdr = {.type = type, .req_id = ++req_id, .tx_id = tx, .len = (uint32_t)len};
    char *buf = malloc(sizeof(hdr) + len);
    memcpy(buf, &hdr, sizeof(hdr));
    memcpy(buf + sizeof(hdr), payload, len);
    t_feed(c, buf, sizeof(hdr) + len, sizeof(hdr) + len);
    free(buf);
}

/* Moves everything the core queued for c into its mailbox. */
static struct mailbox *collect(struct xs_conn *c)
{
    struct mailbox *b = c->tp_data;
    size_t len;
    const char *data;
    while ((data = xs_conn_output(c, &len))) {
        b->msgs = realloc(b->msgs, (b->n + 1) * sizeof(*b->msgs));
        struct t_msg *m = &b->msgs[b->n++];
        memcpy(&m->hdr, data, sizeof(m->hdr));
        memcpy(m->body, data + sizeof(m->hdr), m->hdr.len);
        m->body[m->hdr.len] = '\0';
        xs_conn_output_done(c, sizeof(m->hdr) + m->hdr.len);
    }
    return b;
}

/* Takes the first message of the mailbox that is (or is not) an event. */
static bool take(struct xs_conn *c, struct t_msg *m, int want_event)
{
    struct mailbox *b = collect(c);
    for (unsigned int i = 0; i < b->n; i++) {
        bool is_event = b->msgs[i].hdr.type == XS_WATCH_EVENT;
        if (want_event >= 0 && is_event != (bool)want_event)
            continue;
        *m = b->msgs[i];
        memmove(&b->msgs[i], &b->msgs[i + 1], (b->n - i - 1) * sizeof(*b->msgs));
        b->n--;
        return true;
    }
    return false;
}

bool t_next(struct xs_conn *c, struct t_msg *m)
{
    return take(c, m, -1);
}

bool t_reply(struct xs_conn *c, struct t_msg *m)
{
    return take(c, m, 0);
}

unsigned int t_drain_events(struct xs_conn *c)
{
    struct t_msg m;
    unsigned int n = 0;
    while (take(c, &m, 1))
        n++;
    return n;
}

static const char *vreq(struct xs_conn *c, bool *is_error, uint32_t type, uint32_t tx, va_list ap)
{
    char payload[XENSTORE_PAYLOAD_MAX * 2];
    size_t len = 0;
    const char *s;
    while ((s = va_arg(ap, const char *))) {
        size_t l = strlen(s) + 1;
        if (len + l > sizeof(payload))
            break;
        memcpy(payload + len, s, l);
        len += l;
    }
    t_send(c, type, tx, payload, len);
    static struct t_msg m;
    if (!t_reply(c, &m)) {
        if (is_error)
            *is_error = true;
        return "(no reply)";
    }
    if (is_error)
        *is_error = m.hdr.type == XS_ERROR;
    snprintf(text, sizeof(text), "%s", m.body);
    return text;
}

const char *t_req(struct xs_conn *c, uint32_t type, uint32_t tx, ...)
{
    va_list ap;
    va_start(ap, tx);
    const char *r = vreq(c, NULL, type, tx, ap);
    va_end(ap);
    return r;
}

const char *t_req_err(struct xs_conn *c, bool *is_error, uint32_t type, uint32_t tx, ...)
{
    va_list ap;
    va_start(ap, tx);
    const char *r = vreq(c, is_error, type, tx, ap);
    va_end(ap);
    return r;
}

const char *t_write(struct xs_conn *c, uint32_t tx, const char *path, const char *value)
{
    size_t plen = strlen(path) + 1, vlen = strlen(value);
    char *payload = malloc(plen + vlen + 1);
    memcpy(payload, path, plen);
    memcpy(payload + plen, value, vlen);
    t_send(c, XS_WRITE, tx, payload, plen + vlen);
    free(payload);
    struct t_msg m;
    if (!t_reply(c, &m))
        return "(no reply)";
    snprintf(text, sizeof(text), "%s", m.body);
    return text;
}

const char *t_read(struct xs_conn *c, uint32_t tx, const char *path)
{
    return t_req(c, XS_READ, tx, path, NULL);
}

uint32_t t_tx_start(struct xs_conn *c)
{
    bool err;
    const char *r = t_req_err(c, &err, XS_TRANSACTION_START, 0, "", NULL);
    return err ? 0 : (uint32_t)strtoul(r, NULL, 10);
}

const char *t_event(struct xs_conn *c)
{
    struct t_msg m;
    text[0] = '\0';
    if (take(c, &m, 1)) {
        size_t l = strlen(m.body);
        snprintf(text, sizeof(text), "%s %s", m.body,
                 l + 1 < m.hdr.len ? m.body + l + 1 : "(no token)");
    }
    return text;
}

bool t_consistent(void)
{
    char why[256];
    if (xs_core_check(&core, why, sizeof(why))) {
        printf("  inconsistent: %s\n", why);
        return false;
    }
    return true;
}

uint16_t t_attached_domid;
int64_t t_attached_gfn;
uint32_t t_attached_port;
static int attach_fails;

static int fake_attach(void *ctx, uint16_t domid, int64_t gfn, uint32_t port,
                       const struct xs_transport **tp, void **tp_data)
{
    (void)ctx;
    t_attached_domid = domid;
    t_attached_gfn = gfn;
    t_attached_port = port;
    if (attach_fails)
        return attach_fails;
    *tp = &test_transport;
    *tp_data = calloc(1, sizeof(struct mailbox));
    return 0;
}

static const struct xs_domain_ops fake_ops = {.attach = fake_attach};

void t_fake_domains(int fail)
{
    attach_fails = fail;
    xs_core_set_domain_ops(&core, &fake_ops, NULL);
}
