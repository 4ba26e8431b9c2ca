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

#include "xen/domus_sysctl.h"
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

/* ---- names (names.c) */

/* The name of hypercall number nr, or NULL if it has none we know. */
const char *domus_hypercall_name(unsigned int nr);

#endif
