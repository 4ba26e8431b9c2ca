/* ARM PL011 UART: the hypervisor's console. */
#ifndef DRIVERS_PL011_H
#define DRIVERS_PL011_H

#include "common/types.h"

void pl011_init(void *base);
void pl011_write(const char *s, size_t len);
int pl011_getc(void);           /* -1 when no character is waiting */
void pl011_enable_rx_irq(void); /* raise the UART interrupt on input */
bool pl011_ready(void);

#endif
