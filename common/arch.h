/*
 * The arch boundary: every function an architecture must supply to the
 * generic core. arch/arm64/ implements them for the real machine and
 * tests/unit/fake_arch.c for host unit tests. There are no weak defaults:
 * a missing hook fails at link time.
 */
#ifndef COMMON_ARCH_H
#define COMMON_ARCH_H

#include "common/types.h"

/* Memory: the hypervisor reaches RAM through a direct map. */
void *arch_phys_to_virt(paddr_t pa);
paddr_t arch_virt_to_phys(const void *va);

/* CPUs. */
unsigned int arch_cpu_id(void);    /* logical id of the running CPU */
void arch_cpu_relax(void);         /* spin-wait hint */
NORETURN void arch_halt_cpu(void); /* stop this CPU for good */

/* Interrupt masking on the running CPU; save returns the previous state. */
unsigned long arch_irq_save(void);
void arch_irq_restore(unsigned long flags);

/* Time: a monotonic counter and a one-shot per-CPU deadline. */
uint64_t arch_counter_read(void);
uint64_t arch_counter_freq(void);           /* ticks per second */
void arch_timer_program(uint64_t deadline); /* 0 or UINT64_MAX: disarm */

/* Inter-processor interrupts (one reason code per call). */
void arch_send_ipi(unsigned int cpu, unsigned int reason);

/* Console output of raw bytes at the lowest level (no locking). */
void arch_console_write(const char *s, size_t len);

/* Console input: one byte, or -1 when none is waiting. */
int arch_console_getc(void);
/* Hands a typed character to the control domain's console. */
void arch_console_guest_input(char c);
bool arch_console_guest_present(void);

/* Boot-sequence hooks used by common/setup.c. */
unsigned int arch_smp_bringup(void); /* starts secondaries; returns CPUs online */
void arch_memory_ready(void);        /* the page allocator now works */
void arch_irq_enable(void);
void arch_wait_for_interrupt(void);
unsigned int arch_current_el(void);
const char *arch_name(void);
NORETURN void arch_poweroff(void);
NORETURN void arch_reboot(void);
/* Takes a deliberate fault (debug key / boot self-test of the dump path). */
void arch_selftest_fault(void);
/* Prints each domain's guest exits (traps) by kind. */
void arch_dump_exit_stats(void);
/* Writes to the hypervisor's own code: must take a permission fault. */
void arch_selftest_write_text(void);

#endif
