/*
 * Device-tree queries over the firmware's DTB with libfdt. Debian's libfdt
 * holds FP/SIMD instructions, so these run only during boot, before the
 * hypervisor turns FP/SIMD trapping on and before any guest exists.
 */
#ifndef COMMON_DEVTREE_H
#define COMMON_DEVTREE_H

#include "common/types.h"

/* Validates the blob; returns 0 or a negative libfdt error. */
int dt_check(const void *fdt);

/* Reads entry 'index' of a node's "reg" (honours the parent's cell sizes). */
int dt_get_reg(const void *fdt, int node, int index, paddr_t *base, uint64_t *size);

/* Node of the console: "dtuart" follows /chosen/stdout-path (options after
 * ':' ignored); anything else is taken as a node path or alias. */
int dt_console_node(const void *fdt, const char *choice);

/* GIC INTID of interrupt 'index' of a node (3-cell GIC specifiers). */
int dt_get_irq(const void *fdt, int node, int index, uint32_t *intid);

/* First node with the compatible string, or a negative value. */
int dt_find_compatible(const void *fdt, const char *compat);

const char *dt_strerror(int err);

#endif
