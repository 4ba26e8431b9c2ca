/* PL011 UART driver: polled output, interrupt-driven input. */
#include "drivers/pl011.h"

#define UARTDR   0x000
#define UARTFR   0x018
#define UARTIMSC 0x038
#define UARTICR  0x044
#define FR_RXFE  (1u << 4)
#define FR_TXFF  (1u << 5)
#define INT_RX   (1u << 4)
#define INT_RT   (1u << 6)

static volatile uint8_t *uart;

static inline uint32_t rd(unsigned int off)
{
    return *(volatile uint32_t *)(uart + off);
}

static inline void wr(unsigned int off, uint32_t v)
{
    *(volatile uint32_t *)(uart + off) = v;
}

void pl011_init(void *base)
{
    /* The firmware already set the line up (baud, 8n1); keep its settings. */
    uart = base;
    wr(UARTIMSC, 0);
    wr(UARTICR, 0x7ff);
}

bool pl011_ready(void)
{
    return uart != NULL;
}

void pl011_write(const char *s, size_t len)
{
    if (!uart)
        return;
    for (size_t i = 0; i < len; i++) {
        while (rd(UARTFR) & FR_TXFF)
            ;
        wr(UARTDR, (uint8_t)s[i]);
    }
}

int pl011_getc(void)
{
    if (!uart || (rd(UARTFR) & FR_RXFE))
        return -1;
    return (int)(rd(UARTDR) & 0xff);
}

void pl011_enable_rx_irq(void)
{
    wr(UARTICR, INT_RX | INT_RT);
    wr(UARTIMSC, INT_RX | INT_RT);
}
