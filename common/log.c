/*
 * printk: formats a line, appends it to the in-memory log ring (read by
 * dom0 later through a sysctl) and writes it to the console. A line is
 * emitted whole under one lock so CPUs do not interleave characters.
 */
#include <string.h>

#include "common/arch.h"
#include "common/log.h"
#include "common/spinlock.h"

#define LOG_RING_SIZE (64 * 1024) /* power of two */
#define LOG_LINE_MAX  512

static char ring[LOG_RING_SIZE];
static uint64_t ring_head; /* bytes ever written; ring holds the last SIZE */
static spinlock_t log_lock = SPINLOCK_INIT;
static enum log_level level = LOG_INFO;

void log_set_level(enum log_level lvl)
{
    level = lvl;
}

static void ring_append(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        ring[(ring_head + i) & (LOG_RING_SIZE - 1)] = s[i];
    ring_head += n;
}

/* Console output with "\n" -> "\r\n" for terminals. */
static void console_emit(const char *s, size_t n)
{
    size_t start = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\n') {
            arch_console_write(s + start, i - start);
            arch_console_write("\r\n", 2);
            start = i + 1;
        }
    }
    arch_console_write(s + start, n - start);
}

void log_vprintk(enum log_level lvl, const char *fmt, va_list ap)
{
    char line[LOG_LINE_MAX];
    int n = fmt_vsnprintf(line, sizeof(line), fmt, ap);
    size_t len = n < 0 ? 0 : MIN((size_t)n, sizeof(line) - 1);
    unsigned long flags = arch_irq_save();
    /* A CPU that faulted while holding the lock must still get its dump
     * out: after a bounded wait, print without it. */
    bool locked = false;
    for (unsigned int i = 0; i < 1000000 && !(locked = spin_trylock(&log_lock)); i++)
        arch_cpu_relax();
    ring_append(line, len);
    if (lvl <= level)
        console_emit(line, len);
    if (locked)
        spin_unlock(&log_lock);
    arch_irq_restore(flags);
}

void log_printk(enum log_level lvl, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    log_vprintk(lvl, fmt, ap);
    va_end(ap);
}

void log_guest_text(const char *s, size_t len)
{
    unsigned long flags = spin_lock_irqsave(&log_lock);
    ring_append(s, len);
    console_emit(s, len);
    spin_unlock_irqrestore(&log_lock, flags);
}

void log_console_raw(const char *s, size_t len)
{
    unsigned long flags = spin_lock_irqsave(&log_lock);
    arch_console_write(s, len);
    spin_unlock_irqrestore(&log_lock, flags);
}

uint64_t log_ring_head(void)
{
    return ring_head;
}

size_t log_ring_read(uint64_t from, char *buf, size_t len, uint64_t *next)
{
    unsigned long flags = spin_lock_irqsave(&log_lock);
    uint64_t oldest = ring_head > LOG_RING_SIZE ? ring_head - LOG_RING_SIZE : 0;
    if (from < oldest)
        from = oldest;
    size_t n = 0;
    for (; from < ring_head && n < len; from++, n++)
        buf[n] = ring[from & (LOG_RING_SIZE - 1)];
    *next = from;
    spin_unlock_irqrestore(&log_lock, flags);
    return n;
}
