/* SPDX-License-Identifier: MIT */
/*
 * libdomus: how dom0's user space talks to Domus. Everything goes through
 * Linux's privcmd device (/dev/xen/privcmd): IOCTL_PRIVCMD_HYPERCALL makes
 * the kernel issue the hypercall (HVC #0xEA1) on our behalf with our
 * pointers, and IOCTL_PRIVCMD_MMAPBATCH_V2 maps other domains' frames.
 *
 * Results follow the hypervisor's convention: >= 0 on success, a negative
 * errno value on failure. Xen's error numbers equal Linux's, so -ENOSYS
 * from the hypervisor and -ENOSYS from the kernel look the same (and
 * strerror(-rc) describes either).
 *
 * Buffers passed to the hypervisor must be mapped and, for results,
 * writable when the call is made: the hypervisor walks our page tables
 * itself and cannot fault pages in. The wrappers write their buffers
 * first so they are.
 */
#ifndef DOMUS_LIBDOMUS_H
#define DOMUS_LIBDOMUS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "xen/domus_domctl.h"
#include "xen/domus_sysctl.h"
#include "xen/event_channel.h"
#include "xen/xen.h"

/* ---- devices (device.c) */

/*
 * Opens a Xen device node read-write (close-on-exec). If the node does not
 * exist and module is not NULL, runs "modprobe <module>" once and tries
 * again. Returns the fd or -errno.
 */
int domus_open_xen_dev(const char *path, const char *module);

/* Opens /dev/xen/privcmd (loading xen-privcmd if needed): fd or -errno. */
int domus_privcmd_open(void);

/* ---- hypercalls (hypercall.c) */

/* Issues hypercall op with five arguments; its result, or -errno. */
long domus_hypercall(int privcmd, unsigned int op, uint64_t a0, uint64_t a1, uint64_t a2,
                     uint64_t a3, uint64_t a4);

/* xen_version(cmd, buf): XENVER_version returns (major << 16) | minor. */
long domus_xen_version(int privcmd, unsigned int cmd, void *buf);

/* ---- Domus sysctl (sysctl.c) */

/* Runs op (cmd and u filled in by the caller) with the right interface
 * version; the hypervisor writes op back. 0 or -errno. */
long domus_sysctl(int privcmd, struct domus_sysctl *op);

long domus_physinfo(int privcmd, struct domus_sysctl_physinfo *out);

/* Figures of domain dom (DOMID_SELF allowed). -ESRCH if there is none. */
long domus_getdomaininfo(int privcmd, domid_t dom, struct domus_sysctl_getdomaininfo *out);

/*
 * Hypercall counts of domain dom: counts[n] = calls of hypercall number n.
 * *nr: room in counts on entry, entries written on return. reset: zero the
 * counters after reading them.
 */
long domus_hypercall_stats(int privcmd, domid_t dom, uint64_t *counts, uint32_t *nr, bool reset);

/*
 * Copies up to size bytes of the hypervisor's log ring from position
 * offset into buf. out (may be NULL) receives first_offset, copied and
 * next_offset. Returns the bytes copied (0: nothing new) or -errno.
 */
long domus_readconsole(int privcmd, uint64_t offset, char *buf, uint32_t size,
                       struct domus_sysctl_readconsole *out);

/* ---- Domus domctl (domctl.c): building and running other domains */

/* Runs op (cmd, domid and u filled in by the caller) with the right
 * interface version; the hypervisor writes op back. 0 or -errno. */
long domus_domctl(int privcmd, struct domus_domctl *op);

/*
 * A new paused, empty domain. *dom: the id wanted (0: the lowest free one);
 * on success, the id given. -EEXIST if taken, -ENOSPC if none is free.
 */
long domus_createdomain(int privcmd, domid_t *dom, const struct domus_domctl_createdomain *args);

/* Tears domain dom down; -EAGAIN while other domains still map its pages. */
long domus_destroydomain(int privcmd, domid_t dom);

/* domus_destroydomain, called again while it answers -EAGAIN, for up to
 * timeout_ms milliseconds; the last answer. */
long domus_destroydomain_wait(int privcmd, domid_t dom, unsigned int timeout_ms);

/* Pause / unpause all of its vCPUs (pauses nest). Unpausing a domain that
 * is not paused: -EINVAL. */
long domus_pausedomain(int privcmd, domid_t dom);
long domus_unpausedomain(int privcmd, domid_t dom);

/* The 4 KiB pages of RAM domain dom may hold at most. */
long domus_max_mem(int privcmd, domid_t dom, uint64_t max_pages);

/* Where offline vCPU vcpu of dom starts: guest-physical pc, x0..x3. It
 * comes online, to run once the domain is unpaused. */
long domus_setvcpucontext(int privcmd, domid_t dom, uint32_t vcpu, uint64_t pc,
                          const uint64_t x[4]);

/* ---- memory of other domains (memory.c) */

/*
 * XENMEM_populate_physmap for domain dom: fresh RAM at n extents of
 * 2^order frames, extent i at gfns[i] (order 0: 4 KiB, 9: 2 MiB, gfn
 * aligned to it). Returns the extents done, fewer than n if the hypervisor
 * stopped (out of memory, beyond max_mem), or -errno if none was.
 */
long domus_populate_physmap(int privcmd, domid_t dom, const xen_pfn_t *gfns, unsigned long n,
                            unsigned int order);

/* XENMEM_decrease_reservation for domain dom: gives back the RAM of n
 * extents of 2^order frames at gfns[i]. Extents done or -errno. */
long domus_decrease_reservation(int privcmd, domid_t dom, const xen_pfn_t *gfns, unsigned long n,
                                unsigned int order);

/* ---- HVM parameters of other domains (hvm.c) */

/* HVMOP_set_param / HVMOP_get_param (index: HVM_PARAM_* of xen/hvm.h). */
long domus_hvm_set_param(int privcmd, domid_t dom, uint32_t index, uint64_t value);
long domus_hvm_get_param(int privcmd, domid_t dom, uint32_t index, uint64_t *value);

/* ---- event channels of other domains (evtchn_op.c) */

/* EVTCHNOP_alloc_unbound: a fresh port in dom that remote may connect to
 * later (bind_interdomain). *port: the port, in dom. */
long domus_evtchn_alloc_unbound(int privcmd, domid_t dom, domid_t remote, evtchn_port_t *port);

/* ---- our own event channels: /dev/xen/evtchn (evtchn_dev.c) */

/* Opens /dev/xen/evtchn (loading xen-evtchn if needed): fd or -errno. */
int domus_evtchn_open(void);
/* Binds a local port to remote_port of domid (an unbound port it
 * allocated for us): the local port, or -errno. */
int domus_evtchn_bind(int fd, domid_t domid, uint32_t remote_port);
/* Binds a local port to a global virtual IRQ (VIRQ_*): the port or -errno.
 * Only one binding of a VIRQ per domain: -EEXIST if taken. */
int domus_evtchn_bind_virq(int fd, uint32_t virq);
void domus_evtchn_unbind(int fd, uint32_t port);
void domus_evtchn_notify(int fd, uint32_t port);
/* Reads the ports that fired (up to max) and unmasks them again: how many
 * (0 if none), or -errno. */
int domus_evtchn_pending(int fd, uint32_t *ports, unsigned int max);

/* ---- a domain's xenstore entries (xs_domain.c), through a xenstore
 * connection (xsc.h) */

struct xsc;
struct domus_xs_node;

/* Writes nodes (domus_xs_nodes, domus_build.h) with their permissions, in
 * one transaction (tried again if it conflicts). 0 or -errno. */
int domus_xs_write_nodes(struct xsc *xs, domid_t dom, const struct domus_xs_node *nodes,
                         unsigned int n);
/* XS_INTRODUCE dom with its xenstore ring's frame and port. 0 or -errno. */
int domus_xs_introduce(struct xsc *xs, domid_t dom, xen_pfn_t gfn, evtchn_port_t port);
/* XS_RELEASE dom and remove /local/domain/<dom>; either already gone is
 * fine. 0 or the first -errno. */
int domus_xs_forget(struct xsc *xs, domid_t dom);

/* ---- foreign mapping (foreign.c) */

/*
 * Maps n frames of domain dom (its gfns[0..n-1]) into our address space,
 * one 4 KiB page each, with protection prot (PROT_READ, PROT_WRITE).
 * errs[i] receives 0 or the -errno of frame i; a frame that failed is not
 * accessible. Returns the address, or NULL with errno set if the mapping
 * as a whole failed. Undo with domus_foreign_unmap.
 */
void *domus_foreign_map(int privcmd, domid_t dom, int prot, const xen_pfn_t *gfns, int *errs,
                        unsigned int n);

/* Unmaps what domus_foreign_map returned. 0 or -errno. */
int domus_foreign_unmap(void *addr, unsigned int n);

/*
 * Maps n consecutive frames of domain dom from first_gfn, readable and
 * writable, all or nothing: NULL with errno set (the first failed frame's
 * error) if any frame could not be mapped. Undo with domus_foreign_unmap.
 */
void *domus_foreign_map_range(int privcmd, domid_t dom, xen_pfn_t first_gfn, unsigned int n);

/* ---- caches (cache.c) */

/* Cleans [addr, addr + len) to the point of coherency (DC CVAC), so that a
 * guest starting with its caches off sees what we wrote there. */
void domus_dcache_clean(const void *addr, size_t len);

/* ---- daemons (daemon.c) */

/* Forks into the background: the parent writes the child's pid to
 * pid_path (if not NULL; a failure is reported as prog's) and exits; the
 * child starts a session with standard streams on /dev/null. 0 in the
 * child, or -errno if the fork failed. */
int domus_daemonize(const char *prog, const char *pid_path);
/* Writes pid and a newline to path: 0 or -errno. */
int domus_write_pid(const char *path, pid_t pid);

/* ---- names (names.c) */

/* The name of hypercall number nr, or NULL if it has none we know. */
const char *domus_hypercall_name(unsigned int nr);

#endif
