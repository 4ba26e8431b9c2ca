/* SPDX-License-Identifier: MIT */
/*
 * The daemon's event channels, all through one /dev/xen/evtchn file: a
 * port bound there fires by making the file readable; reading gives the
 * ports that fired, each masked until we write it back.
 */
#ifndef XENSTORED_EVTCHN_H
#define XENSTORED_EVTCHN_H

#include <stdint.h>

/* Opens /dev/xen/evtchn (loading xen-evtchn if needed): fd or -errno. */
int xs_evtchn_open(void);
/* Binds a local port to remote_port of domid: the local port or -errno. */
int xs_evtchn_bind(int fd, uint16_t domid, uint32_t remote_port);
/* Binds a local port to a global virtual IRQ: the port or -errno. */
int xs_evtchn_bind_virq(int fd, uint32_t virq);
void xs_evtchn_unbind(int fd, uint32_t port);
void xs_evtchn_notify(int fd, uint32_t port);
/*
 * Reads the ports that fired (up to max) and unmasks them again: how many
 * (0 if none), or -errno.
 */
int xs_evtchn_pending(int fd, uint32_t *ports, unsigned int max);

#endif
