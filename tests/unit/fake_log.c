/* Host stand-ins for common/log.h: messages go to stdout with a level tag,
 * formatting uses the C library, and there is no ring. */
#include <stdio.h>

#include "common/log.h"

static enum log_level current_level = LOG_DEBUG; /* tests want to see all */

static const char *level_tag(enum log_level lvl)
{
    switch (lvl) {
    case LOG_ERR: return "(ERR) ";
    case LOG_WARN: return "(WARN) ";
    case LOG_INFO: return "(INFO) ";
    case LOG_DEBUG: return "(DEBUG) ";
    default: return "(?) ";
    }
}

void log_set_level(enum log_level lvl)
{
    current_level = lvl;
}

void log_vprintk(enum log_level lvl, const char *fmt, va_list ap)
{
    if (lvl > current_level)
        return;
    fputs(level_tag(lvl), stdout);
    vprintf(fmt, ap);
}

void log_printk(enum log_level lvl, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    log_vprintk(lvl, fmt, ap);
    va_end(ap);
}

int fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    return vsnprintf(buf, size, fmt, ap);
}

int fmt_snprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = fmt_vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}

size_t log_ring_read(uint64_t from, char *buf, size_t len, uint64_t *next)
{
    (void)buf;
    (void)len;
    if (next)
        *next = from;
    return 0;
}

uint64_t log_ring_head(void)
{
    return 0;
}
