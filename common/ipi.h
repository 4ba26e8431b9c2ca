/* Inter-processor messages: a pending-reason bitmask per CPU plus one
 * hardware IPI to make the target look at it. */
#ifndef COMMON_IPI_H
#define COMMON_IPI_H

#include "common/types.h"

enum ipi_reason {
    IPI_PING = 0, /* self-test: reply with IPI_PONG to the sender */
    IPI_PONG = 1,
    IPI_SELFTEST = 2, /* run the round-trip test from this CPU */
    IPI_HALT = 3,     /* stop: another CPU is halting the machine */
    IPI_RESCHED = 4,  /* look at the run queue / make the running vCPU exit */
    IPI_NR
};

void ipi_send(unsigned int cpu, enum ipi_reason r);
void ipi_handle(void);       /* from the arch IPI interrupt handler */
void ipi_run_deferred(void); /* from the idle loop, interrupts enabled */

/* Measures a ping/pong round trip between every ordered pair of online
 * CPUs and prints one line each. Returns the number that failed. */
unsigned int ipi_selftest_all(void);

/* Asks every other online CPU to halt. */
void ipi_halt_others(void);

#endif
