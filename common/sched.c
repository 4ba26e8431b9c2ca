/*
 * Per-pCPU run queues. Lock order: a run queue lock is taken after any
 * vGIC lock and never together with another run queue's lock. State
 * changes of a vCPU happen under its pCPU's run-queue lock, which is what
 * makes "check for a pending interrupt, then block" race-free against a
 * waker that marks the interrupt pending and then takes the same lock.
 */
#include <stdatomic.h>

#include "common/arch.h"
#include "common/console.h"
#include "common/ipi.h"
#include "common/log.h"
#include "common/percpu.h"
#include "common/sched.h"

struct runq {
    spinlock_t lock;
    struct list_head queue; /* RUNNABLE vCPUs, in order */
    struct vcpu *curr;      /* RUNNING here, or NULL */
    _Atomic bool need_resched;
    struct timer slice;
};

static struct runq runqs[NR_CPUS];

static void slice_expired(struct timer *t, void *data)
{
    (void)t;
    struct runq *rq = data;
    atomic_store(&rq->need_resched, true);
}

void sched_init_cpu(unsigned int cpu)
{
    struct runq *rq = &runqs[cpu];
    spin_lock_init(&rq->lock);
    list_init(&rq->queue);
    timer_init(&rq->slice, slice_expired, rq);
}

void sched_place(struct vcpu *v, unsigned int pcpu)
{
    v->pcpu = pcpu;
    list_init(&v->runq);
    if (atomic_load(&v->state) == VCPU_RUNNABLE) {
        unsigned long f = spin_lock_irqsave(&runqs[pcpu].lock);
        list_add_tail(&v->runq, &runqs[pcpu].queue);
        spin_unlock_irqrestore(&runqs[pcpu].lock, f);
    }
}

/* A woken vCPU preempts the running one at once (the time slice only
 * starts when a queue has more than one vCPU, so without this it could
 * wait until the running one blocks). */
static void notify_pcpu(unsigned int pcpu)
{
    if (pcpu == arch_cpu_id())
        atomic_store(&runqs[pcpu].need_resched, true);
    else
        ipi_send(pcpu, IPI_RESCHED);
}

/* Queues v if it is blocked (or, with offline_too, offline). */
static void wake_from(struct vcpu *v, bool offline_too)
{
    struct runq *rq = &runqs[v->pcpu];
    unsigned long f = spin_lock_irqsave(&rq->lock);
    int s = atomic_load(&v->state);
    bool queued =
        (s == VCPU_BLOCKED || (offline_too && s == VCPU_OFFLINE)) && !atomic_load(&v->dom->dying);
    if (queued) {
        atomic_store(&v->state, VCPU_RUNNABLE);
        list_add_tail(&v->runq, &rq->queue);
    }
    spin_unlock_irqrestore(&rq->lock, f);
    if (queued)
        notify_pcpu(v->pcpu);
}

void vcpu_wake(struct vcpu *v)
{
    wake_from(v, true);
}

void vcpu_unblock(struct vcpu *v)
{
    wake_from(v, false);
}

void vcpu_kick(struct vcpu *v)
{
    int s = atomic_load(&v->state);
    if (s == VCPU_BLOCKED)
        vcpu_unblock(v);
    else if (s == VCPU_RUNNING && v->pcpu != arch_cpu_id())
        ipi_send(v->pcpu, IPI_RESCHED); /* makes it exit and pick up the interrupt */
}

struct vcpu *current_vcpu(void)
{
    return runqs[arch_cpu_id()].curr;
}

bool sched_need_resched(void)
{
    return atomic_load(&runqs[arch_cpu_id()].need_resched);
}

bool sched_block(struct vcpu *v)
{
    struct runq *rq = &runqs[v->pcpu];
    unsigned long f = spin_lock_irqsave(&rq->lock);
    bool block = !arch_vcpu_has_pending_irq(v);
    if (block)
        atomic_store(&v->state, VCPU_BLOCKED);
    spin_unlock_irqrestore(&rq->lock, f);
    return block;
}

void sched_yield(struct vcpu *v)
{
    (void)v;
    atomic_store(&runqs[arch_cpu_id()].need_resched, true);
}

void sched_offline(struct vcpu *v)
{
    struct runq *rq = &runqs[v->pcpu];
    unsigned long f = spin_lock_irqsave(&rq->lock);
    atomic_store(&v->state, VCPU_OFFLINE);
    spin_unlock_irqrestore(&rq->lock, f);
}

void sched_ipi(void)
{
    atomic_store(&runqs[arch_cpu_id()].need_resched, true);
}

static struct vcpu *pick_next(struct runq *rq)
{
    unsigned long f = spin_lock_irqsave(&rq->lock);
    struct vcpu *v = NULL;
    while (!v && !list_empty(&rq->queue)) {
        v = list_entry(rq->queue.next, struct vcpu, runq);
        list_del(&v->runq);
        if (atomic_load(&v->dom->dying)) { /* a crashed domain's vCPUs leave */
            atomic_store(&v->state, VCPU_OFFLINE);
            v = NULL;
            continue;
        }
        if (!domain_may_run(v->dom)) { /* paused or shut down: back with the unpause */
            atomic_store(&v->state, VCPU_PAUSED);
            v = NULL;
            continue;
        }
        atomic_store(&v->state, VCPU_RUNNING);
    }
    rq->curr = v;
    atomic_store(&rq->need_resched, false);
    bool others = !list_empty(&rq->queue);
    spin_unlock_irqrestore(&rq->lock, f);
    /* A time slice only matters when someone else is waiting. */
    if (v && others)
        timer_set(&rq->slice, arch_counter_read() + timer_ns_to_ticks(SCHED_SLICE_NS));
    else
        timer_stop(&rq->slice);
    return v;
}

/* Puts a vCPU that is still RUNNING back at the tail of its queue. */
static void requeue(struct runq *rq, struct vcpu *v)
{
    unsigned long f = spin_lock_irqsave(&rq->lock);
    if (atomic_load(&v->state) == VCPU_RUNNING) {
        atomic_store(&v->state, VCPU_RUNNABLE);
        list_add_tail(&v->runq, &rq->queue);
    }
    rq->curr = NULL;
    spin_unlock_irqrestore(&rq->lock, f);
}

void sched_run(void)
{
    struct runq *rq = &runqs[arch_cpu_id()];
    for (;;) {
        struct vcpu *v = pick_next(rq);
        cpu_quiescent(this_cpu());
        if (!v) {
            /* Idle: sleep until an interrupt; it may make a vCPU runnable. */
            arch_idle_unload();
            arch_irq_enable();
            ipi_run_deferred();
            if (arch_cpu_id() == 0)
                console_run_deferred();
            unsigned long f = arch_irq_save();
            if (list_empty(&rq->queue))
                arch_wait_for_interrupt();
            arch_irq_restore(f);
            continue;
        }
        uint64_t t0 = arch_counter_read();
        arch_vcpu_switch_to(v);
        arch_vcpu_run(v);
        v->runtime_ticks += arch_counter_read() - t0;
        requeue(rq, v);
    }
}

/* Waits (kicking its pCPU) while v is RUNNING; with the state under the
 * run-queue lock, fn decides what to do with it otherwise. */
static void settle(struct vcpu *v, void (*fn)(struct runq *rq, struct vcpu *v))
{
    for (;;) {
        struct runq *rq = &runqs[v->pcpu];
        unsigned long f = spin_lock_irqsave(&rq->lock);
        bool running = atomic_load(&v->state) == VCPU_RUNNING;
        if (!running && fn)
            fn(rq, v);
        spin_unlock_irqrestore(&rq->lock, f);
        if (!running)
            return;
        ipi_send(v->pcpu, IPI_RESCHED);
        while (atomic_load(&v->state) == VCPU_RUNNING)
            arch_cpu_relax();
    }
}

void sched_wait_not_running(struct vcpu *v)
{
    settle(v, NULL);
}

void sched_resume(struct vcpu *v)
{
    struct runq *rq = &runqs[v->pcpu];
    unsigned long f = spin_lock_irqsave(&rq->lock);
    bool queued = atomic_load(&v->state) == VCPU_PAUSED;
    if (queued) {
        atomic_store(&v->state, VCPU_RUNNABLE);
        list_add_tail(&v->runq, &rq->queue);
    }
    spin_unlock_irqrestore(&rq->lock, f);
    if (queued)
        notify_pcpu(v->pcpu);
}

static void take_off(struct runq *rq, struct vcpu *v)
{
    (void)rq;
    if (atomic_load(&v->state) == VCPU_RUNNABLE)
        list_del(&v->runq);
    atomic_store(&v->state, VCPU_OFFLINE);
}

void sched_remove(struct vcpu *v)
{
    settle(v, take_off);
}

void sched_quiesce(void)
{
    uint64_t seen[NR_CPUS];
    unsigned int me = arch_cpu_id();
    struct cpu_info *ci = this_cpu();
    for (unsigned int c = 0; c < NR_CPUS; c++)
        seen[c] = atomic_load(&cpu_info[c].quiesce_gen);
    for (unsigned int c = 0; c < NR_CPUS; c++) {
        if (c == me || !atomic_load(&cpu_info[c].online))
            continue;
        ipi_send(c, IPI_RESCHED);
        /* Waiting here we hold nothing another pCPU may free (the caller
         * keeps no pointer it looked up across this call), so we count as
         * quiescent too: two pCPUs quiescing at once do not wait for
         * each other forever. */
        while (atomic_load_explicit(&cpu_info[c].quiesce_gen, memory_order_acquire) == seen[c]) {
            cpu_quiescent(ci);
            arch_cpu_relax();
        }
    }
}
