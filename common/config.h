/*
 * domus.cfg: the boot configuration read by the UEFI front end.
 *
 * Format: one "key = value" per line; '#' starts a comment; blank lines are
 * ignored; a value may be double-quoted (needed when it holds '#' or leading
 * or trailing spaces). Sizes take a K, M or G suffix (binary units).
 * Every error names the line. The parser is pure C with no library calls so
 * that the EFI loader and the host unit tests use the very same code.
 */
#ifndef COMMON_CONFIG_H
#define COMMON_CONFIG_H

#include "common/types.h"

#define CFG_PATH_MAX    128
#define CFG_CMDLINE_MAX 1024
#define CFG_CONSOLE_MAX 64
#define CFG_ERR_MAX     160
#define CFG_MAX_VCPUS   128

struct domus_config {
    /* Hypervisor options. */
    char console[CFG_CONSOLE_MAX]; /* "dtuart" (stdout-path) or a DT path */
    uint32_t loglevel;             /* enum log_level value */
    uint64_t firmware_reserve;     /* bytes of RAM left untouched for firmware */
    /* Domain 0 (used from the dom0 issue on; parsed and checked now). */
    char dom0_kernel[CFG_PATH_MAX];
    char dom0_initrd[CFG_PATH_MAX];
    char dom0_cmdline[CFG_CMDLINE_MAX];
    uint64_t dom0_mem;   /* bytes; 0 = not given */
    uint32_t dom0_vcpus; /* 0 = not given */
    uint32_t bootflags;  /* CFG_BOOT_* */
};

/* Boot flags (key "test" in domus.cfg: self-tests to run at boot). */
#define CFG_BOOT_SELFTEST_CRASH 0x1u /* read an unmapped address after boot */
#define CFG_BOOT_SELFTEST_WTEXT 0x2u /* write to the hypervisor's own text after boot */

struct cfg_error {
    unsigned int line; /* 1-based; 0 when not tied to a line */
    char msg[CFG_ERR_MAX];
};

/* Fills *cfg with defaults, then parses text[0..len). Returns 0, or -1 with
 * *err describing the first problem. */
int cfg_parse(const char *text, size_t len, struct domus_config *cfg, struct cfg_error *err);

/* Parses a size such as "512M", "2G", "4096", "64K". Returns 0 or -1. */
int cfg_parse_size(const char *s, size_t len, uint64_t *out);

#endif
