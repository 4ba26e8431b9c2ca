/* The fakes of fake_consoled.h. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "fake_consoled.h"
#include "libdomus.h"

struct fake_consoled fake_cd;

void fake_consoled_reset(void)
{
    memset(&fake_cd, 0, sizeof(fake_cd));
}

void *domus_foreign_map_range(int privcmd, domid_t dom, xen_pfn_t first_gfn, unsigned int n)
{
    (void)privcmd;
    (void)first_gfn;
    if (dom >= FAKE_MAX_DOMS || n != 1 || !fake_cd.page[dom]) {
        errno = EINVAL;
        return NULL;
    }
    fake_cd.mapped[dom] = true;
    return fake_cd.page[dom];
}

int domus_foreign_unmap(void *addr, unsigned int n)
{
    (void)n;
    for (int d = 0; d < FAKE_MAX_DOMS; d++)
        if (fake_cd.page[d] == addr)
            fake_cd.mapped[d] = false;
    return 0;
}

int domus_evtchn_bind(int fd, domid_t domid, uint32_t remote_port)
{
    (void)fd;
    (void)remote_port;
    if (domid >= FAKE_MAX_DOMS || fake_cd.bind_fails[domid])
        return -EINVAL;
    fake_cd.bound[domid] = true;
    return FAKE_PORT(domid);
}

void domus_evtchn_unbind(int fd, uint32_t port)
{
    (void)fd;
    if (port >= FAKE_PORT(0) && port < FAKE_PORT(FAKE_MAX_DOMS))
        fake_cd.bound[port - FAKE_PORT(0)] = false;
}

void domus_evtchn_notify(int fd, uint32_t port)
{
    (void)fd;
    if (port >= FAKE_PORT(0) && port < FAKE_PORT(FAKE_MAX_DOMS))
        fake_cd.notified[port - FAKE_PORT(0)]++;
}

void discover_set_tty(struct consoled *d, domid_t domid, const char *tty)
{
    (void)d;
    if (domid < FAKE_MAX_DOMS) {
        snprintf(fake_cd.tty[domid], sizeof(fake_cd.tty[domid]), "%s", tty);
        fake_cd.tty_writes[domid]++;
    }
}
