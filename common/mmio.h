/*
 * Emulated MMIO: per-domain ranges with a handler each. A guest data abort
 * whose syndrome describes the access is routed here by address; an access
 * no handler claims is reflected into the guest as an external abort.
 */
#ifndef COMMON_MMIO_H
#define COMMON_MMIO_H

#include "common/types.h"

struct vcpu;
struct domain;

/* One decoded access. For a write, val holds the data (zero-extended);
 * for a read, the handler fills it. */
struct mmio_access {
    uint64_t gpa;
    unsigned int size; /* 1, 2, 4 or 8 bytes */
    bool write;
    uint64_t val;
};

/* Returns true when handled; false makes the guest take an abort. */
typedef bool (*mmio_handler_fn)(struct vcpu *v, struct mmio_access *a, void *priv);

#define MMIO_MAX_RANGES 8

struct mmio_range {
    uint64_t base, size;
    mmio_handler_fn fn;
    void *priv;
};

struct mmio_table {
    unsigned int nr;
    struct mmio_range r[MMIO_MAX_RANGES];
};

int mmio_register(struct domain *d, uint64_t base, uint64_t size, mmio_handler_fn fn, void *priv);
/* Dispatches; false when no range covers the access or the handler refused. */
bool mmio_dispatch(struct vcpu *v, struct mmio_access *a);
/* Whether an emulated device sits at this guest physical address. */
bool mmio_covers(const struct domain *d, uint64_t gpa);

#endif
