/* arm64 dom0 construction internals. */
#ifndef ARCH_ARM64_DOM0_H
#define ARCH_ARM64_DOM0_H

#include "common/dom0.h"

int dom0_dt_build(void *out, size_t size, const void *fw, const struct domain *d,
                  const struct dom0_plan *p, paddr_t initrd, uint64_t initrd_size);
/* Maps every device of the firmware's tree that dom0 owns; fills the list
 * of SPIs it owns. Returns 0 or -errno. */
int dom0_passthrough(struct domain *d, const void *fw, uint32_t *spis, unsigned int *nr_spis,
                     unsigned int max_spis);

/* The emulated PL011 (vpl011.c). */
int vpl011_init(struct domain *d, paddr_t base, uint32_t intid);
void vpl011_input(struct domain *d, char c); /* a character typed for the guest */

#endif
