/* Emulated MMIO ranges per domain (see mmio.h). */
#include "common/domain.h"
#include "common/errno.h"
#include "common/mmio.h"

int mmio_register(struct domain *d, uint64_t base, uint64_t size, mmio_handler_fn fn, void *priv)
{
    struct mmio_table *t = &d->arch.mmio;
    if (!size || base + size < base)
        return -EINVAL;
    if (t->nr == MMIO_MAX_RANGES)
        return -ENOSPC;
    for (unsigned int i = 0; i < t->nr; i++)
        if (base < t->r[i].base + t->r[i].size && t->r[i].base < base + size)
            return -EEXIST;
    t->r[t->nr++] = (struct mmio_range){base, size, fn, priv};
    return 0;
}

/* The range holding [gpa, gpa+size), or NULL. */
static const struct mmio_range *find_range(const struct domain *d, uint64_t gpa, uint64_t size)
{
    const struct mmio_table *t = &d->arch.mmio;
    for (unsigned int i = 0; i < t->nr; i++) {
        const struct mmio_range *r = &t->r[i];
        if (gpa >= r->base && gpa - r->base + size <= r->size)
            return r;
    }
    return NULL;
}

bool mmio_covers(const struct domain *d, uint64_t gpa)
{
    return find_range(d, gpa, 1) != NULL;
}

bool mmio_dispatch(struct vcpu *v, struct mmio_access *a)
{
    const struct mmio_range *r = find_range(v->dom, a->gpa, a->size);
    return r ? r->fn(v, a, r->priv) : false;
}
