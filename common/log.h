/* Hypervisor log: printk() goes to the console and to an in-memory ring
 * that dom0 can read later. */
#ifndef COMMON_LOG_H
#define COMMON_LOG_H

#include <stdarg.h>

#include "common/types.h"

enum log_level { LOG_ERR = 0, LOG_WARN = 1, LOG_INFO = 2, LOG_DEBUG = 3 };

void log_set_level(enum log_level lvl);
__attribute__((format(printf, 2, 3))) void log_printk(enum log_level lvl, const char *fmt, ...);
void log_vprintk(enum log_level lvl, const char *fmt, va_list ap);

/* Formatting into a buffer (integer-only: no FP in the hypervisor). */
__attribute__((format(printf, 3, 4))) int fmt_snprintf(char *buf, size_t size, const char *fmt,
                                                       ...);
int fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);

/* Copy out of the ring: bytes from offset 'from' (a running count); returns
 * the number copied and sets *next to continue from. */
size_t log_ring_read(uint64_t from, char *buf, size_t len, uint64_t *next);
uint64_t log_ring_head(void);

/* A guest's console bytes, written as they are (no ring, no newline fix). */
void log_console_raw(const char *s, size_t len);
/* A guest's console text (a domU's, prefixed by the caller): to the
 * console and into the log ring, so `domus dmesg` shows it too. */
void log_guest_text(const char *s, size_t len);

#define printk(...)   log_printk(LOG_INFO, __VA_ARGS__)
#define pr_err(...)   log_printk(LOG_ERR, __VA_ARGS__)
#define pr_warn(...)  log_printk(LOG_WARN, __VA_ARGS__)
#define pr_info(...)  log_printk(LOG_INFO, __VA_ARGS__)
#define pr_debug(...) log_printk(LOG_DEBUG, __VA_ARGS__)

#endif
