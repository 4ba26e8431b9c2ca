/* Unit tests for software timers (common/timer.c). */
#include <string.h>

#include "common/timer.h"
#include "fake_arch.h"
#include "unit.h"

/* What fired, in order, with the deadline it fired for. */
#define MAX_FIRED 512
static struct timer *fired[MAX_FIRED];
static uint64_t fired_at[MAX_FIRED];
static size_t nfired;

static void record_reset(void)
{
    nfired = 0;
}

static void record(struct timer *t, void *data)
{
    (void)data;
    if (nfired < MAX_FIRED) {
        fired[nfired] = t;
        fired_at[nfired] = t->deadline;
    }
    nfired++;
}

/* Fixed-seed generator so that failures reproduce. */
static uint64_t lcg_state;

static uint32_t lcg_next(void)
{
    lcg_state = lcg_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (uint32_t)(lcg_state >> 33);
}

static size_t queue_length(const struct timer_queue *q)
{
    size_t n = 0;

    for (const struct timer *t = q->head; t; t = t->next)
        n++;
    return n;
}

/* True when q holds exactly the timers in want[], in that order. */
static bool queue_is(const struct timer_queue *q, struct timer *const *want, size_t n)
{
    const struct timer *t = q->head;

    for (size_t i = 0; i < n; i++, t = t->next) {
        if (t != want[i] || t->queue != q)
            return false;
    }
    return t == NULL;
}

/* A fresh queue is empty and an initialised timer is not queued. */
TEST(timer_queue_empty)
{
    struct timer_queue q;
    struct timer t;

    timer_queue_init(&q);
    timer_init(&t, record, &q);
    CHECK(t.fn == record && t.data == &q && t.queue == NULL && t.next == NULL);
    CHECK(timer_queue_next_deadline(&q) == UINT64_MAX);
    CHECK(timer_queue_expire(&q, UINT64_MAX) == 0);
    CHECK(!timer_queue_remove(&q, &t));
    CHECK(q.fired == 0);
}

/* Many timers inserted in random order come out sorted by (deadline, seq),
 * and fire in that order; equal deadlines fire in insertion order. */
TEST(timer_queue_random_order)
{
    enum { N = 300 };
    static struct timer timers[N];
    struct timer_queue q;

    timer_queue_init(&q);
    lcg_state = 42;
    for (size_t i = 0; i < N; i++) {
        timer_init(&timers[i], record, NULL);
        timer_queue_insert(&q, &timers[i], lcg_next() % 64); /* many ties */
    }
    CHECK(queue_length(&q) == N);
    for (const struct timer *t = q.head; t && t->next; t = t->next) {
        const struct timer *u = t->next;
        CHECK(t->deadline < u->deadline || (t->deadline == u->deadline && t->seq < u->seq));
    }

    record_reset();
    CHECK(timer_queue_expire(&q, UINT64_MAX) == N);
    REQUIRE(nfired == N);
    for (size_t i = 1; i < N; i++) {
        CHECK(fired_at[i - 1] <= fired_at[i]);
        if (fired_at[i - 1] == fired_at[i])
            CHECK(fired[i - 1] < fired[i]); /* array order = insertion order */
    }
    CHECK(q.head == NULL && q.fired == N);
    CHECK(timer_queue_next_deadline(&q) == UINT64_MAX);
}

/* Equal deadlines fire first-in first-out; re-inserting one at the same
 * deadline sends it to the back of its group. */
TEST(timer_queue_fifo)
{
    struct timer t[5], early, late;
    struct timer_queue q;

    timer_queue_init(&q);
    timer_init(&early, record, NULL);
    timer_init(&late, record, NULL);
    timer_queue_insert(&q, &late, 150);
    for (size_t i = 0; i < 5; i++) {
        timer_init(&t[i], record, NULL);
        timer_queue_insert(&q, &t[i], 100);
    }
    timer_queue_insert(&q, &early, 50);
    timer_queue_insert(&q, &t[1], 100);

    struct timer *const want[] = {&early, &t[0], &t[2], &t[3], &t[4], &t[1], &late};
    CHECK(queue_is(&q, want, ARRAY_SIZE(want)));
    record_reset();
    CHECK(timer_queue_expire(&q, 1000) == ARRAY_SIZE(want));
    REQUIRE(nfired == ARRAY_SIZE(want));
    for (size_t i = 0; i < ARRAY_SIZE(want); i++)
        CHECK(fired[i] == want[i]);
}

/* Removal from the middle, head and tail; removing a timer that is not on
 * the queue (never queued, already removed, on another queue) is refused. */
TEST(timer_queue_remove)
{
    struct timer a, b, c, d, other;
    struct timer_queue q, q2;

    timer_queue_init(&q);
    timer_queue_init(&q2);
    timer_init(&a, record, NULL);
    timer_init(&b, record, NULL);
    timer_init(&c, record, NULL);
    timer_init(&d, record, NULL);
    timer_init(&other, record, NULL);
    timer_queue_insert(&q, &c, 30);
    timer_queue_insert(&q, &a, 10);
    timer_queue_insert(&q, &d, 40);
    timer_queue_insert(&q, &b, 20);

    CHECK(timer_queue_remove(&q, &b)); /* middle */
    CHECK(b.queue == NULL && b.next == NULL);
    struct timer *const w1[] = {&a, &c, &d};
    CHECK(queue_is(&q, w1, 3));

    CHECK(timer_queue_remove(&q, &a)); /* head */
    CHECK(timer_queue_next_deadline(&q) == 30);
    CHECK(timer_queue_remove(&q, &d)); /* tail */
    struct timer *const w2[] = {&c};
    CHECK(queue_is(&q, w2, 1));

    CHECK(!timer_queue_remove(&q, &d));     /* already removed */
    CHECK(!timer_queue_remove(&q, &other)); /* never queued */
    CHECK(!timer_queue_remove(&q2, &c));    /* lives on q, not q2 */
    CHECK(c.queue == &q);
    CHECK(timer_queue_remove(&q, &c));
    CHECK(q.head == NULL && timer_queue_next_deadline(&q) == UINT64_MAX);
}

/* Re-inserting a queued timer moves it (no duplicate), also across queues. */
TEST(timer_queue_reinsert)
{
    struct timer a, b, c;
    struct timer_queue q, q2;

    timer_queue_init(&q);
    timer_queue_init(&q2);
    timer_init(&a, record, NULL);
    timer_init(&b, record, NULL);
    timer_init(&c, record, NULL);
    timer_queue_insert(&q, &a, 10);
    timer_queue_insert(&q, &b, 20);
    timer_queue_insert(&q, &c, 30);

    timer_queue_insert(&q, &a, 25);
    struct timer *const w1[] = {&b, &a, &c};
    CHECK(queue_is(&q, w1, 3));
    CHECK(a.deadline == 25);

    timer_queue_insert(&q, &c, 5);
    struct timer *const w2[] = {&c, &b, &a};
    CHECK(queue_is(&q, w2, 3));

    timer_queue_insert(&q2, &b, 1);
    struct timer *const w3[] = {&c, &a};
    struct timer *const w4[] = {&b};
    CHECK(queue_is(&q, w3, 2));
    CHECK(queue_is(&q2, w4, 1));
}

/* expire fires exactly the timers due at 'now', in deadline order, and
 * leaves the rest queued. */
TEST(timer_queue_expire_due)
{
    struct timer t10, t20, t30, t40;
    struct timer_queue q;

    timer_queue_init(&q);
    timer_init(&t10, record, NULL);
    timer_init(&t20, record, NULL);
    timer_init(&t30, record, NULL);
    timer_init(&t40, record, NULL);
    timer_queue_insert(&q, &t30, 30);
    timer_queue_insert(&q, &t10, 10);
    timer_queue_insert(&q, &t40, 40);
    timer_queue_insert(&q, &t20, 20);

    record_reset();
    CHECK(timer_queue_expire(&q, 9) == 0);
    CHECK(timer_queue_expire(&q, 20) == 2);
    REQUIRE(nfired == 2);
    CHECK(fired[0] == &t10 && fired[1] == &t20);
    CHECK(t10.queue == NULL && t20.queue == NULL);
    CHECK(timer_queue_next_deadline(&q) == 30);
    CHECK(timer_queue_expire(&q, 29) == 0);
    CHECK(timer_queue_expire(&q, 40) == 2);
    REQUIRE(nfired == 4);
    CHECK(fired[2] == &t30 && fired[3] == &t40);
    CHECK(q.fired == 4 && q.head == NULL);
}

struct rearm_ctx {
    struct timer_queue *q;
    struct timer *child, *late;
    bool queued_in_callback; /* a firing timer must look unqueued */
};

/* Re-arms itself one period later on the same queue. */
static void periodic(struct timer *t, void *data)
{
    struct rearm_ctx *ctx = data;

    if (t->queue != NULL || t->next != NULL)
        ctx->queued_in_callback = true;
    record(t, data);
    timer_queue_insert(ctx->q, t, t->deadline + 10);
}

/* Arms two other timers on the same queue, one due in this pass. */
static void spawner(struct timer *t, void *data)
{
    struct rearm_ctx *ctx = data;

    record(t, data);
    timer_queue_insert(ctx->q, ctx->child, 60);
    timer_queue_insert(ctx->q, ctx->late, 500);
}

/* Callbacks may re-arm themselves and arm others on the queue being expired
 * (no deadlock); what becomes due during the pass fires in the same pass. */
TEST(timer_queue_rearm_in_callback)
{
    struct timer p, s, child, late;
    struct timer_queue q;
    struct rearm_ctx ctx = {&q, &child, &late, false};

    timer_queue_init(&q);
    timer_init(&p, periodic, &ctx);
    timer_init(&s, spawner, &ctx);
    timer_init(&child, record, NULL);
    timer_init(&late, record, NULL);
    timer_queue_insert(&q, &p, 10);
    timer_queue_insert(&q, &s, 15);

    record_reset();
    CHECK(timer_queue_expire(&q, 100) == 12);
    REQUIRE(nfired == 12);
    /* child (armed at 15) precedes p's re-arm at 60 (armed at 50). */
    static const uint64_t want_at[] = {10, 15, 20, 30, 40, 50, 60, 60, 70, 80, 90, 100};
    for (size_t i = 0; i < ARRAY_SIZE(want_at); i++)
        CHECK(fired_at[i] == want_at[i]);
    CHECK(fired[1] == &s && fired[6] == &child && fired[7] == &p);
    CHECK(!ctx.queued_in_callback);
    struct timer *const rest[] = {&p, &late};
    CHECK(queue_is(&q, rest, 2));
    CHECK(p.deadline == 110);
}

/* Re-arms itself 100 ticks later through the per-CPU layer. */
static void percpu_periodic(struct timer *t, void *data)
{
    record(t, data);
    timer_set(t, t->deadline + 100);
}

/* The per-CPU layer keeps the fake hardware deadline at the earliest pending
 * timer, only reprograms when that changes, and disarms (UINT64_MAX) when the
 * queue empties; timer_set moves a timer between CPUs. */
TEST(timer_percpu_program)
{
    struct timer a, b, c, per;

    fake_cpu = 0;
    fake_counter = 0;
    timer_cpu_init(0);
    timer_cpu_init(1);
    timer_init(&a, record, NULL);
    timer_init(&b, record, NULL);
    timer_init(&c, record, NULL);
    timer_init(&per, percpu_periodic, NULL);
    record_reset();

    timer_set(&a, 100);
    CHECK(fake_timer_deadline == 100);
    fake_timer_deadline = 7; /* untouched unless the earliest changes */
    timer_set(&b, 200);
    CHECK(fake_timer_deadline == 7);
    timer_set(&c, 50);
    CHECK(fake_timer_deadline == 50);
    timer_stop(&c);
    CHECK(fake_timer_deadline == 100);
    timer_stop(&c); /* not queued: nothing happens */
    CHECK(fake_timer_deadline == 100);
    timer_set(&a, 300); /* the head moves back */
    CHECK(fake_timer_deadline == 200);

    fake_counter = 250;
    timer_interrupt();
    CHECK(nfired == 1 && fired[0] == &b);
    CHECK(fake_timer_deadline == 300);
    timer_stop(&a);
    CHECK(fake_timer_deadline == UINT64_MAX);

    /* A callback re-arming through timer_set during the interrupt. */
    timer_set(&per, 260);
    fake_counter = 270;
    timer_interrupt();
    CHECK(nfired == 2 && fired[1] == &per);
    CHECK(per.deadline == 360 && fake_timer_deadline == 360);
    timer_stop(&per);
    CHECK(fake_timer_deadline == UINT64_MAX);

    /* Moving a timer to CPU 1 takes it off CPU 0's queue. */
    timer_set(&a, 400);
    fake_cpu = 1;
    timer_set(&a, 500);
    CHECK(fake_timer_deadline == 500);
    fake_cpu = 0;
    fake_counter = 1000;
    timer_interrupt();
    CHECK(nfired == 2);
    CHECK(fake_timer_deadline == UINT64_MAX);
    fake_cpu = 1;
    timer_interrupt();
    CHECK(nfired == 3 && fired[2] == &a);
    CHECK(fake_timer_deadline == UINT64_MAX);
    CHECK(a.queue == NULL);

    fake_cpu = 0;
    fake_counter = 0;
}

/* ns -> ticks -> ns round trips (the fake counter runs at 1 GHz), including
 * values whose naive product with the frequency would overflow. */
TEST(timer_ns_ticks)
{
    static const uint64_t values[] = {0,
                                      1,
                                      999,
                                      999999999,
                                      1000000000,
                                      1000000001,
                                      123456789012345ULL,
                                      UINT64_MAX / 1000,
                                      UINT64_MAX - 1,
                                      UINT64_MAX};
    for (size_t i = 0; i < ARRAY_SIZE(values); i++) {
        uint64_t ticks = timer_ns_to_ticks(values[i]);
        CHECK(ticks == values[i]);
        CHECK(timer_ticks_to_ns(ticks) == values[i]);
    }
}
