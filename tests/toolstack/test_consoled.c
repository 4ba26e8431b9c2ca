/*
 * One console of the console daemon (dom0-tools/consoled/console.c, with
 * its pty, log file and ring code) against fake domains whose ring pages
 * are plain memory (fake_consoled.h): output reaches the log file and the
 * terminal, typed input reaches the ring, the terminal keeps only a
 * bounded backlog while the log keeps everything, a log past its limit
 * restarts, and a domain that writes bogus ring indexes loses its console
 * (a log line, its terminal closed, console/tty cleared) while another
 * domain's console goes on.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conlog.h"
#include "consoled.h"
#include "fake_consoled.h"
#include "log.h"
#include "ts.h"
#include "unit.h"

static struct consoled daemon_state;

static struct consoled *daemon_new(size_t log_limit)
{
    fake_consoled_reset();
    memset(&daemon_state, 0, sizeof(daemon_state));
    daemon_state.evtchn_fd = daemon_state.privcmd_fd = -1;
    daemon_state.log_dir = ts_tmpdir();
    daemon_state.log_limit = log_limit;
    char path[512];
    snprintf(path, sizeof(path), "%s/consoled.log", ts_tmpdir());
    unlink(path);
    cd_log_open(path);
    return &daemon_state;
}

static struct xencons_interface *page_new(domid_t dom)
{
    struct xencons_interface *p = calloc(1, sizeof(*p));
    if (!p)
        abort();
    fake_cd.page[dom] = p;
    return p;
}

static void guest_print(struct xencons_interface *p, const char *s)
{
    XENCONS_RING_IDX prod = p->out_prod;
    for (size_t i = 0; s[i]; i++, prod++)
        p->out[MASK_XENCONS_IDX(prod, p->out)] = s[i];
    p->out_prod = prod;
}

/* The whole of a file (static buffer). */
static const char *slurp(const char *path)
{
    static char text[1 << 17];
    text[0] = '\0';
    FILE *f = fopen(path, "r");
    if (!f)
        return text;
    size_t n = fread(text, 1, sizeof(text) - 1, f);
    text[n] = '\0';
    fclose(f);
    return text;
}

static const char *console_log(domid_t dom)
{
    char path[512];
    snprintf(path, sizeof(path), "%s/console-%u.log", ts_tmpdir(), dom);
    return slurp(path);
}

static const char *daemon_log(void)
{
    char path[512];
    snprintf(path, sizeof(path), "%s/consoled.log", ts_tmpdir());
    return slurp(path);
}

/* What the terminal has for a client: opens the slave, reads what is
 * there. */
static size_t client_read(const struct console *c, char *buf, size_t size)
{
    int fd = open(c->pty.path, O_RDWR | O_NOCTTY | O_NONBLOCK);
    if (fd < 0)
        return 0;
    size_t got = 0;
    ssize_t n;
    while (got < size - 1 && (n = read(fd, buf + got, size - 1 - got)) > 0)
        got += (size_t)n;
    buf[got] = '\0';
    close(fd);
    return got;
}

/* A domain's output reaches its log file and its terminal; the domain is
 * notified that room was made; console/tty names the terminal. */
TEST(consoled_output_to_log_and_terminal)
{
    struct consoled *d = daemon_new(CONSOLED_LOG_LIMIT);
    struct xencons_interface *p = page_new(3);
    guest_print(p, "early line\n");
    struct console *c = console_attach(d, 3, 0x39000, 2, "guest3");
    REQUIRE(c && !c->broken);
    CHECK(fake_cd.mapped[3] && fake_cd.bound[3] && c->local_port == FAKE_PORT(3));
    CHECK(!strcmp(fake_cd.tty[3], c->pty.path) && !strncmp(c->pty.path, "/dev/pts/", 9));
    CHECK(p->out_cons == p->out_prod); /* taken at attach */
    guest_print(p, "domU# ");
    console_serve(d, c);
    CHECK(fake_cd.notified[3] >= 2);
    const char *log = console_log(3);
    CHECK(strstr(log, "[domus-consoled] console of domain 3 (guest3) attached"));
    CHECK(strstr(log, "early line\ndomU# "));
    char buf[256];
    client_read(c, buf, sizeof(buf));
    CHECK(!strcmp(buf, "early line\ndomU# "));
    CHECK(strstr(daemon_log(), "dom3 (guest3): console attached"));
    console_detach(d, c, "test over");
    CHECK(!fake_cd.mapped[3] && !fake_cd.bound[3] && !d->consoles);
    CHECK(strstr(console_log(3), "[domus-consoled] console detached: test over"));
    free(p);
}

/* What a client types reaches the domain's in ring, as far as there is
 * room; the rest waits in the terminal. */
TEST(consoled_input_to_ring)
{
    struct consoled *d = daemon_new(CONSOLED_LOG_LIMIT);
    struct xencons_interface *p = page_new(3);
    struct console *c = console_attach(d, 3, 0x39000, 2, "guest3");
    REQUIRE(c && !c->broken);
    int fd = open(c->pty.path, O_RDWR | O_NOCTTY);
    REQUIRE(fd >= 0);
    CHECK(write(fd, "echo hi\r", 8) == 8);
    int before = fake_cd.notified[3];
    console_serve(d, c);
    CHECK(p->in_prod == 8 && !memcmp(p->in, "echo hi\r", 8));
    CHECK(fake_cd.notified[3] == before + 1);
    /* A full ring takes no more until the domain reads. */
    p->in_cons = 8;
    p->in_prod = c->ring.in_prod = 8 + XENCONS_IN_SIZE;
    CHECK(!console_wants_input(c));
    CHECK(write(fd, "x", 1) == 1);
    console_serve(d, c);
    CHECK(p->in_prod == 8 + XENCONS_IN_SIZE);
    p->in_cons = 9 + XENCONS_IN_SIZE - 1; /* one byte read */
    CHECK(console_wants_input(c));
    console_serve(d, c);
    CHECK(p->in_prod == 9 + XENCONS_IN_SIZE && p->in[MASK_XENCONS_IDX(8U, p->in)] == 'x');
    close(fd);
    console_detach(d, c, "test over");
    free(p);
}

/* Output nobody reads: the log keeps all of it, the terminal only a
 * bounded backlog of the newest, and the domain never waits. */
TEST(consoled_terminal_backlog_bounded)
{
    struct consoled *d = daemon_new(CONSOLED_LOG_LIMIT);
    struct xencons_interface *p = page_new(3);
    struct console *c = console_attach(d, 3, 0x39000, 2, "guest3");
    REQUIRE(c && !c->broken);
    char line[64];
    for (int i = 0; i < 2000; i++) {
        snprintf(line, sizeof(line), "line %04d\n", i);
        guest_print(p, line);
        if (p->out_prod - p->out_cons > XENCONS_OUT_SIZE - 64)
            console_serve(d, c);
    }
    console_serve(d, c);
    CHECK(p->out_cons == p->out_prod);
    const char *log = console_log(3);
    CHECK(strstr(log, "line 0000\n") && strstr(log, "line 1999\n"));
    static char buf[1 << 16];
    size_t n = client_read(c, buf, sizeof(buf));
    CHECK(n > 0 && n <= PTY_BACKLOG_MAX + XENCONS_OUT_SIZE * 4);
    CHECK(strstr(buf, "line 1999\n") && !strstr(buf, "line 0000\n"));
    console_detach(d, c, "test over");
    free(p);
}

/* A console log that reaches its limit starts again, saying so. */
TEST(consoled_log_limit)
{
    struct consoled *d = daemon_new(4096);
    struct xencons_interface *p = page_new(3);
    struct console *c = console_attach(d, 3, 0x39000, 2, "guest3");
    REQUIRE(c && !c->broken);
    char chunk[1001];
    memset(chunk, 'x', 1000);
    chunk[1000] = '\0';
    for (int i = 0; i < 10; i++) {
        guest_print(p, chunk);
        console_serve(d, c);
    }
    guest_print(p, "the end\n");
    console_serve(d, c);
    const char *log = console_log(3);
    CHECK(strlen(log) < 4096 + 2048);
    CHECK(strstr(log, "[domus-consoled] log restarted: it reached 4096 bytes\n"));
    CHECK(strstr(log, "the end\n"));
    console_detach(d, c, "test over");
    free(p);
}

/* A domain that writes bogus indexes loses its console: a line in the
 * daemon's log and in its console log, its terminal closed and console/tty
 * cleared, ring unmapped and port unbound; it stays listed (so it is not
 * taken again) and serving it again does nothing. Another domain's
 * console goes on. */
TEST(consoled_bogus_ring_dropped_others_go_on)
{
    struct consoled *d = daemon_new(CONSOLED_LOG_LIMIT);
    struct xencons_interface *good = page_new(3), *bad = page_new(4);
    struct console *cg = console_attach(d, 3, 0x39000, 2, "good");
    struct console *cb = console_attach(d, 4, 0x39000, 2, "bad");
    REQUIRE(cg && cb && !cg->broken && !cb->broken);
    guest_print(bad, "before\n");
    console_serve(d, cb);
    bad->out_prod = bad->out_cons + 0x10000;
    console_serve(d, cb);
    CHECK(cb->broken && cb->pty.master < 0 && cb->local_port < 0 && !cb->page);
    CHECK(!fake_cd.mapped[4] && !fake_cd.bound[4]);
    CHECK(!strcmp(fake_cd.tty[4], ""));
    CHECK(strstr(daemon_log(), "dom4: console dropped: output ring indexes are bogus"));
    CHECK(strstr(console_log(4), "before\n[domus-consoled] console dropped: output ring indexes"));
    int notified = fake_cd.notified[4];
    console_serve(d, cb);
    CHECK(fake_cd.notified[4] == notified && !fake_cd.mapped[4]);
    CHECK(!console_wants_input(cb));

    guest_print(good, "still here\n");
    console_serve(d, cg);
    CHECK(!cg->broken && strstr(console_log(3), "still here\n"));
    console_detach(d, cb, "gone");
    console_detach(d, cg, "gone");
    CHECK(!d->consoles);
    free(good);
    free(bad);
}

/* A ring that cannot be mapped, a page bogus from the start, or a port
 * that cannot be bound: the console is listed as broken, with the reason. */
TEST(consoled_attach_failures)
{
    struct consoled *d = daemon_new(CONSOLED_LOG_LIMIT);
    struct console *c = console_attach(d, 5, 0x39000, 2, "nomap"); /* no page */
    REQUIRE(c);
    CHECK(c->broken && strstr(daemon_log(), "dom5: console dropped: cannot map its ring page"));
    struct xencons_interface *p = page_new(6);
    p->in_prod = 4096;
    c = console_attach(d, 6, 0x39000, 2, "bogus");
    REQUIRE(c);
    CHECK(c->broken && !fake_cd.mapped[6] && strstr(daemon_log(), "dom6: console dropped: input"));
    struct xencons_interface *q = page_new(7);
    fake_cd.bind_fails[7] = true;
    c = console_attach(d, 7, 0x39000, 2, "nobind");
    REQUIRE(c);
    CHECK(c->broken && !fake_cd.mapped[7] &&
          strstr(daemon_log(), "dom7: console dropped: cannot bind its event channel (port 2)"));
    while (d->consoles)
        console_detach(d, d->consoles, "test over");
    free(p);
    free(q);
}
