/* SPDX-License-Identifier: MIT */
/*
 * A domain's configuration: the subset of xl.cfg(5) that `domus create`
 * understands. Keys: name, type ("pvh" only), memory and maxmem (MiB),
 * vcpus and maxvcpus, kernel, ramdisk, cmdline / root / extra (combined as
 * xl does), on_poweroff / on_reboot / on_crash (destroy, restart,
 * preserve). Any other key, a value of the wrong kind or out of range is
 * an error naming the file and the line.
 */
#ifndef DOMUS_CONFIG_H
#define DOMUS_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CONFIG_NAME_MAX 64 /* characters in a domain name */

enum domus_action {
    DOMUS_ACTION_DESTROY,
    DOMUS_ACTION_RESTART,
    DOMUS_ACTION_PRESERVE,
};

/* Where a setting was made: "file:line" for messages. */
struct config_where {
    const char *source;
    int line;
};

struct domus_config {
    char name[CONFIG_NAME_MAX + 1];
    char *kernel;  /* path of the kernel Image */
    char *ramdisk; /* path of the initrd, or NULL */
    char *cmdline, *root, *extra;
    uint64_t memory_mib, maxmem_mib;
    unsigned int vcpus, maxvcpus;
    enum domus_action on_poweroff, on_reboot, on_crash;

    /* Filled by config_finish: the kernel command line as xl builds it
     * from cmdline, root and extra (NULL: none), and a warning if some of
     * them were ignored (empty: none). */
    char *bootargs;
    char warning[160];

    /* Which keys were set, and where (for messages about two keys). */
    struct config_where set_name, set_kernel, set_memory, set_maxmem, set_vcpus, set_maxvcpus;
};

/* An empty configuration with xl's defaults. */
void config_init(struct domus_config *c);

/* Frees what the configuration holds (not c itself). */
void config_free(struct domus_config *c);

/*
 * Applies the settings in len bytes of text (named source in messages).
 * A key set twice keeps its last value, as in xl. 0, or -1 with
 * "source:line: ..." in err.
 */
int config_parse(struct domus_config *c, const char *source, const char *text, size_t len,
                 char *err, size_t errlen);

/* Reads the file at path and applies it. 0, or -1 with the reason in err. */
int config_parse_file(struct domus_config *c, const char *path, char *err, size_t errlen);

/*
 * Checks that the mandatory keys are there and the keys agree with each
 * other, and fills in the defaults that depend on other keys (maxmem,
 * maxvcpus) and bootargs. source names the configuration in messages
 * about keys that are missing. 0, or -1 with the reason in err.
 */
int config_finish(struct domus_config *c, const char *source, char *err, size_t errlen);

/* "destroy", "restart" or "preserve". */
const char *config_action_name(enum domus_action a);

#endif
