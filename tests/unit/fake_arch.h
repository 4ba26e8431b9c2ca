/* The fake architecture for host unit tests: fake physical RAM backed by a
 * host buffer, a settable counter, and records of what was programmed. */
#ifndef TESTS_FAKE_ARCH_H
#define TESTS_FAKE_ARCH_H

#include "common/types.h"

/* Backs guest-invisible "physical" [base, base+size) with host memory; the
 * buffer is allocated (size must be a multiple of PAGE_SIZE). One range at a
 * time; calling again replaces it. Returns the host pointer. */
void *fake_ram_setup(paddr_t base, size_t size);
void fake_ram_teardown(void);

extern uint64_t fake_counter;        /* value arch_counter_read() returns */
extern uint64_t fake_timer_deadline; /* last arch_timer_program() value */
extern unsigned int fake_cpu;        /* value arch_cpu_id() returns */
extern unsigned int fake_ipi_count;  /* arch_send_ipi() calls */

#endif
