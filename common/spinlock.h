/* Ticket spinlocks built on C11 atomics (fair, FIFO order). */
#ifndef COMMON_SPINLOCK_H
#define COMMON_SPINLOCK_H

#include <stdatomic.h>

#include "common/arch.h"

typedef struct spinlock {
    _Atomic uint32_t next;
    _Atomic uint32_t owner;
} spinlock_t;

#define SPINLOCK_INIT                                                                              \
    {                                                                                              \
        0, 0                                                                                       \
    }

static inline void spin_lock_init(spinlock_t *l)
{
    atomic_store_explicit(&l->next, 0, memory_order_relaxed);
    atomic_store_explicit(&l->owner, 0, memory_order_relaxed);
}

static inline void spin_lock(spinlock_t *l)
{
    uint32_t me = atomic_fetch_add_explicit(&l->next, 1, memory_order_relaxed);
    while (atomic_load_explicit(&l->owner, memory_order_acquire) != me)
        arch_cpu_relax();
}

static inline bool spin_trylock(spinlock_t *l)
{
    uint32_t owner = atomic_load_explicit(&l->owner, memory_order_relaxed);
    uint32_t expect = owner;
    return atomic_compare_exchange_strong_explicit(&l->next, &expect, owner + 1,
                                                   memory_order_acquire, memory_order_relaxed);
}

static inline void spin_unlock(spinlock_t *l)
{
    uint32_t o = atomic_load_explicit(&l->owner, memory_order_relaxed);
    atomic_store_explicit(&l->owner, o + 1, memory_order_release);
}

static inline unsigned long spin_lock_irqsave(spinlock_t *l)
{
    unsigned long flags = arch_irq_save();
    spin_lock(l);
    return flags;
}

static inline void spin_unlock_irqrestore(spinlock_t *l, unsigned long flags)
{
    spin_unlock(l);
    arch_irq_restore(flags);
}

#endif
