/*
 * mmio_covers() for host tests: common/mmio.c cannot be linked into the
 * unit build because fake_vgic_env.c replaces its mmio_register(). Both
 * use struct domain's arch.mmio table, so this looks up the same ranges.
 */
#include "common/domain.h"
#include "common/mmio.h"

bool mmio_covers(const struct domain *d, uint64_t gpa)
{
    const struct mmio_table *t = &d->arch.mmio;
    for (unsigned int i = 0; i < t->nr; i++)
        if (gpa >= t->r[i].base && gpa - t->r[i].base < t->r[i].size)
            return true;
    return false;
}
