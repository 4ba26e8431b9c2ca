/*
 * Software timers (see timer.h).
 *
 * A queue is a singly linked list sorted by (deadline, seq). Queues stay
 * short (a few timers per CPU), so the O(n) insert and remove cost less than
 * a heap's bookkeeping would.
 *
 * A timer is owned by one context at a time: its owner arms and stops it,
 * expiry takes it off the queue under the queue lock. Every list change
 * happens under the lock of the queue concerned, and t->queue is checked
 * again under that lock, so a stale t->queue read by the owner only makes
 * a removal find nothing.
 */
#include "common/timer.h"
#include "common/arch.h"
#include "common/cpu.h"

#define NS_PER_SEC 1000000000ULL

/* ---- Queue primitives -------------------------------------------------- */

void timer_queue_init(struct timer_queue *q)
{
    spin_lock_init(&q->lock);
    q->head = NULL;
    q->next_seq = 0;
    q->fired = 0;
}

void timer_init(struct timer *t, timer_fn fn, void *data)
{
    t->deadline = 0;
    t->fn = fn;
    t->data = data;
    t->next = NULL;
    t->queue = NULL;
    t->seq = 0;
}

static uint64_t head_deadline_locked(const struct timer_queue *q)
{
    return q->head ? q->head->deadline : UINT64_MAX;
}

/* A fresh seq is larger than any queued one, so placing t after every timer
 * with deadline <= its own keeps equal deadlines first-in first-out. */
static void link_locked(struct timer_queue *q, struct timer *t, uint64_t deadline)
{
    struct timer **pp = &q->head;

    t->deadline = deadline;
    t->seq = q->next_seq++;
    while (*pp && (*pp)->deadline <= deadline)
        pp = &(*pp)->next;
    t->next = *pp;
    *pp = t;
    t->queue = q;
}

static bool unlink_locked(struct timer_queue *q, struct timer *t)
{
    if (t->queue != q)
        return false;
    for (struct timer **pp = &q->head; *pp; pp = &(*pp)->next) {
        if (*pp == t) {
            *pp = t->next;
            t->next = NULL;
            t->queue = NULL;
            return true;
        }
    }
    return false; /* not reached while the queue is consistent */
}

/* (Re)arms t on q, taking it off any other queue first. The two locks are
 * never held together, so there is no lock order to respect. Returns the
 * queue's earliest deadline before and after, for the per-CPU layer. */
static void queue_arm(struct timer_queue *q, struct timer *t, uint64_t deadline, uint64_t *before,
                      uint64_t *after)
{
    struct timer_queue *old = t->queue;
    unsigned long flags;

    if (old && old != q)
        timer_queue_remove(old, t);
    flags = spin_lock_irqsave(&q->lock);
    *before = head_deadline_locked(q);
    unlink_locked(q, t);
    link_locked(q, t, deadline);
    *after = head_deadline_locked(q);
    spin_unlock_irqrestore(&q->lock, flags);
}

void timer_queue_insert(struct timer_queue *q, struct timer *t, uint64_t deadline)
{
    uint64_t before, after;

    queue_arm(q, t, deadline, &before, &after);
}

bool timer_queue_remove(struct timer_queue *q, struct timer *t)
{
    unsigned long flags = spin_lock_irqsave(&q->lock);
    bool removed = unlink_locked(q, t);

    spin_unlock_irqrestore(&q->lock, flags);
    return removed;
}

/* Takes the head off q if it is due; NULL otherwise. */
static struct timer *pop_expired(struct timer_queue *q, uint64_t now)
{
    unsigned long flags = spin_lock_irqsave(&q->lock);
    struct timer *t = q->head;

    if (t && t->deadline <= now) {
        q->head = t->next;
        t->next = NULL;
        t->queue = NULL;
        q->fired++;
    } else {
        t = NULL;
    }
    spin_unlock_irqrestore(&q->lock, flags);
    return t;
}

/* The lock is dropped around each callback so that it may re-arm or stop
 * timers on this very queue. A callback that re-arms at or before 'now' is
 * run again in the same pass: periodic timers must advance their deadline. */
unsigned int timer_queue_expire(struct timer_queue *q, uint64_t now)
{
    unsigned int fired = 0;
    struct timer *t;

    while ((t = pop_expired(q, now)) != NULL) {
        /* fn and data are read after the pop: only the owner changes them,
         * and not while the timer can fire. */
        if (t->fn)
            t->fn(t, t->data);
        fired++;
    }
    return fired;
}

uint64_t timer_queue_next_deadline(struct timer_queue *q)
{
    unsigned long flags = spin_lock_irqsave(&q->lock);
    uint64_t next = head_deadline_locked(q);

    spin_unlock_irqrestore(&q->lock, flags);
    return next;
}

/* ---- Per-CPU layer ----------------------------------------------------- */

/* Zero-initialised storage is already a valid empty queue (unlocked lock,
 * no timers); timer_cpu_init() just makes that explicit. */
static struct timer_queue cpu_queues[NR_CPUS];

/* arch_cpu_id() < NR_CPUS is an arch invariant. Callers keep interrupts
 * masked while they use the result, so it stays the running CPU's queue. */
static struct timer_queue *this_cpu_queue(void)
{
    return &cpu_queues[arch_cpu_id()];
}

void timer_cpu_init(unsigned int cpu)
{
    if (cpu < NR_CPUS)
        timer_queue_init(&cpu_queues[cpu]);
}

/* Interrupts stay masked from choosing the queue to programming the hardware
 * so that this CPU's timer interrupt cannot program a stale deadline in
 * between. If t leaves another CPU's queue, that CPU may take one spurious
 * interrupt, which finds nothing due and reprograms. */
void timer_set(struct timer *t, uint64_t deadline)
{
    unsigned long irq = arch_irq_save();
    uint64_t before, after;

    queue_arm(this_cpu_queue(), t, deadline, &before, &after);
    if (after != before)
        arch_timer_program(after);
    arch_irq_restore(irq);
}

/* Only the running CPU's hardware can be programmed from here; stopping a
 * timer queued on another CPU leaves that CPU at most a spurious interrupt. */
void timer_stop(struct timer *t)
{
    unsigned long irq = arch_irq_save();
    struct timer_queue *q = t->queue;

    if (q) {
        unsigned long flags = spin_lock_irqsave(&q->lock);
        uint64_t before = head_deadline_locked(q);
        bool removed = unlink_locked(q, t);
        uint64_t after = head_deadline_locked(q);

        spin_unlock_irqrestore(&q->lock, flags);
        if (removed && after != before && q == this_cpu_queue())
            arch_timer_program(after);
    }
    arch_irq_restore(irq);
}

void timer_interrupt(void)
{
    struct timer_queue *q = this_cpu_queue();

    timer_queue_expire(q, arch_counter_read());
    /* Callbacks may have armed new timers: program whatever is first now,
     * or disarm with UINT64_MAX. */
    arch_timer_program(timer_queue_next_deadline(q));
}

/* v * to / from, rounded down, saturating at UINT64_MAX, without 128-bit
 * arithmetic: whole seconds and the remainder are scaled separately. With
 * rem < from, rem * (to / from) < to, and rem * (to % from) < from * from,
 * which fits in 64 bits as long as from < 2^32 (NS_PER_SEC is, and so is any
 * counter frequency: CNTFRQ_EL0 holds 32 bits). */
static uint64_t rescale(uint64_t v, uint64_t from, uint64_t to)
{
    uint64_t sec, rem, whole, frac;

    if (from == 0)
        return UINT64_MAX; /* no frequency: "never" is the safe answer */
    sec = v / from;
    rem = v % from;
    if (sec != 0 && to > UINT64_MAX / sec)
        return UINT64_MAX;
    whole = sec * to;
    frac = rem * (to / from) + rem * (to % from) / from;
    if (whole > UINT64_MAX - frac)
        return UINT64_MAX;
    return whole + frac;
}

uint64_t timer_ns_to_ticks(uint64_t ns)
{
    return rescale(ns, NS_PER_SEC, arch_counter_freq());
}

uint64_t timer_ticks_to_ns(uint64_t ticks)
{
    return rescale(ticks, arch_counter_freq(), NS_PER_SEC);
}
