/*
 * The few symbols the prebuilt libraries expect from their environment.
 * Debian builds libfdt with the stack protector: it reads a canary from
 * __stack_chk_guard and calls __stack_chk_fail on a smashed frame.
 */
#include "common/arch.h"
#include "common/log.h"

/* Visible to the libraries despite -fvisibility=hidden. */
#define LIBC_EXPORT __attribute__((visibility("default")))

LIBC_EXPORT uintptr_t __stack_chk_guard = 0x2f8a5dc3e6b91047UL;

LIBC_EXPORT NORETURN void __stack_chk_fail(void);

void __stack_chk_fail(void)
{
    pr_err("Domus: stack smashing detected in a library function; halting\n");
    arch_halt_cpu();
}
