/*
 * Software timers: each CPU keeps a queue of pending timers ordered by
 * deadline (in counter ticks) and programs its one hardware timer for the
 * earliest. Callbacks run in interrupt context on the timer's CPU.
 */
#ifndef COMMON_TIMER_H
#define COMMON_TIMER_H

#include "common/spinlock.h"
#include "common/types.h"

struct timer;
typedef void (*timer_fn)(struct timer *t, void *data);

struct timer {
    uint64_t deadline;
    timer_fn fn;
    void *data;
    struct timer *next;        /* queue link, sorted by deadline */
    struct timer_queue *queue; /* NULL when not queued */
    uint64_t seq;              /* insertion order: equal deadlines fire first-in first-out */
};

struct timer_queue {
    spinlock_t lock;
    struct timer *head;
    uint64_t next_seq;
    uint64_t fired; /* statistics */
};

void timer_queue_init(struct timer_queue *q);
void timer_init(struct timer *t, timer_fn fn, void *data);

/* Queue primitives (no hardware access; used by the per-CPU layer and by
 * unit tests). insert re-queues a timer that was already queued. */
void timer_queue_insert(struct timer_queue *q, struct timer *t, uint64_t deadline);
bool timer_queue_remove(struct timer_queue *q, struct timer *t);
/* Runs every timer whose deadline <= now, in deadline order; callbacks may
 * re-arm timers. Returns the number fired. */
unsigned int timer_queue_expire(struct timer_queue *q, uint64_t now);
/* Earliest deadline, or UINT64_MAX if empty. */
uint64_t timer_queue_next_deadline(struct timer_queue *q);

/* Per-CPU layer (uses arch_cpu_id(), arch_timer_program()). */
void timer_cpu_init(unsigned int cpu);
void timer_set(struct timer *t, uint64_t deadline); /* on the calling CPU */
void timer_stop(struct timer *t);
void timer_interrupt(void); /* from the arch timer IRQ handler */
uint64_t timer_ns_to_ticks(uint64_t ns);
uint64_t timer_ticks_to_ns(uint64_t ticks);

#endif
