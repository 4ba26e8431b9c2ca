/* Hypervisor console input: debug keys typed on the serial console. */
#ifndef COMMON_CONSOLE_H
#define COMMON_CONSOLE_H

#include "common/types.h"

void console_input_interrupt(void); /* from the UART interrupt */
void console_handle_key(int c);
void console_run_deferred(void); /* from the idle loop */
void console_print_help(void);
void console_set_guest_focus(bool guest);

#endif
