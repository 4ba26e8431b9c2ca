/* The generic part of boot, entered by the arch once it has a console,
 * its own page tables and interrupts. */
#ifndef COMMON_SETUP_H
#define COMMON_SETUP_H

#include "common/bootinfo.h"

NORETURN void hv_main(const struct boot_info *bi, uint64_t entry_counter);

/* Every CPU ends here: sleep until an interrupt, then run deferred work. */
NORETURN void cpu_idle_loop(void);

#endif
