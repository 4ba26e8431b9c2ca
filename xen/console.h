/* SPDX-License-Identifier: MIT */
/*
 * Domus public interface: the hypervisor console hypercall
 * (__HYPERVISOR_console_io, 18). The PV console ring page a domU shares
 * with the console daemon in dom0 is in xen/io_console.h.
 */
#ifndef DOMUS_PUBLIC_CONSOLE_H
#define DOMUS_PUBLIC_CONSOLE_H

#include "xen/xen.h"

/*
 * console_io(cmd, count, buf): buf is a guest virtual address.
 * CONSOLEIO_write: print count bytes of buf; returns 0 on success.
 * CONSOLEIO_read: copy up to count bytes of pending console input into buf;
 * returns the number copied (0 if none). dom0 only.
 */
#define CONSOLEIO_write 0
#define CONSOLEIO_read  1

#endif
