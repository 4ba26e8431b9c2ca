/* SPDX-License-Identifier: MIT */
/*
 * The keys `domus create` understands (config.h), their checks and xl's
 * defaults (xl.cfg(5)): vcpus 1, maxvcpus = vcpus, maxmem = memory, type
 * "pvh", on_poweroff destroy, on_reboot restart, on_crash destroy.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfg_parse.h"
#include "config.h"
#include "xen/guest_layout.h"

#define MIB               (1024ULL * 1024ULL)
#define GUEST_RAM_MAX_MIB ((GUEST_RAM0_SIZE + GUEST_RAM1_SIZE) / MIB)
#define CONFIG_FILE_MAX   (1024 * 1024) /* a configuration is a small text file */

/* What a setting function gets: the configuration, where the key is. */
struct setting {
    struct domus_config *c;
    const struct cfg_value *v;
    const char *key;
    struct config_where where;
    char *err;
    size_t errlen;
};

static int fail(const struct setting *s, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int fail(const struct setting *s, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(s->err, s->errlen, fmt, ap);
    va_end(ap);
    return -1;
}

static const char *kind_name(enum cfg_kind k)
{
    return k == CFG_STRING ? "a string" : k == CFG_NUMBER ? "a number" : "a list";
}

/* The value must be of kind k. */
static int want(const struct setting *s, enum cfg_kind k)
{
    if (s->v->kind == k)
        return 0;
    return fail(s, "'%s' must be %s, not %s", s->key, kind_name(k), kind_name(s->v->kind));
}

/* A number in lo..hi: decimal, 0x hexadecimal or 0 octal (xl's forms). */
static int number(const struct setting *s, uint64_t lo, uint64_t hi, const char *unit,
                  uint64_t *out)
{
    if (want(s, CFG_NUMBER) < 0)
        return -1;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s->v->text, &end, 0);
    if (errno || *end)
        return fail(s, "%s = %s is not a number%s%s", s->key, s->v->text, unit[0] ? " of " : "",
                    unit);
    if (v < lo || v > hi)
        return fail(s, "%s = %llu is out of range (%llu to %llu%s%s)", s->key, v,
                    (unsigned long long)lo, (unsigned long long)hi, unit[0] ? " " : "", unit);
    *out = v;
    return 0;
}

/* A string, copied into *out (replacing an earlier value). */
static int string(const struct setting *s, char **out)
{
    if (want(s, CFG_STRING) < 0)
        return -1;
    if (strlen(s->v->text) != s->v->text_len)
        return fail(s, "'%s' holds a NUL character", s->key);
    char *copy = strdup(s->v->text);
    if (!copy)
        return fail(s, "out of memory");
    free(*out);
    *out = copy;
    return 0;
}

/* A path: a non-empty string. */
static int path(const struct setting *s, char **out)
{
    if (string(s, out) < 0)
        return -1;
    if (!**out)
        return fail(s, "'%s' is empty", s->key);
    return 0;
}

static bool name_char(char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
           ch == '-' || ch == '_' || ch == '.';
}

/* Names are used as file names and must not look like domain ids. */
static int set_name(const struct setting *s)
{
    if (want(s, CFG_STRING) < 0)
        return -1;
    const char *n = s->v->text;
    size_t len = s->v->text_len;
    if (len == 0)
        return fail(s, "'name' is empty");
    if (len > CONFIG_NAME_MAX)
        return fail(s, "name is longer than %d characters", CONFIG_NAME_MAX);
    bool digits_only = true;
    for (size_t i = 0; i < len; i++) {
        if (!name_char(n[i]))
            return fail(s, "name '%s' has characters other than letters, digits, '-', '_' and '.'",
                        n);
        digits_only = digits_only && n[i] >= '0' && n[i] <= '9';
    }
    if (digits_only)
        return fail(s, "name '%s' is a number, which would read as a domain id", n);
    if (!strcmp(n, "Domain-0"))
        return fail(s, "name 'Domain-0' belongs to the control domain");
    memcpy(s->c->name, n, len + 1);
    s->c->set_name = s->where;
    return 0;
}

static int set_type(const struct setting *s)
{
    if (want(s, CFG_STRING) < 0)
        return -1;
    if (!strcmp(s->v->text, "pvh"))
        return 0;
    return fail(s, "type '%s' is not supported: Arm guests are type \"pvh\"", s->v->text);
}

static int set_memory(const struct setting *s)
{
    s->c->set_memory = s->where;
    return number(s, 1, GUEST_RAM_MAX_MIB, "MiB", &s->c->memory_mib);
}

static int set_maxmem(const struct setting *s)
{
    s->c->set_maxmem = s->where;
    return number(s, 1, GUEST_RAM_MAX_MIB, "MiB", &s->c->maxmem_mib);
}

static int set_vcpus(const struct setting *s)
{
    uint64_t v;
    if (number(s, 1, GUEST_MAX_VCPUS, "", &v) < 0)
        return -1;
    s->c->vcpus = (unsigned int)v;
    s->c->set_vcpus = s->where;
    return 0;
}

static int set_maxvcpus(const struct setting *s)
{
    uint64_t v;
    if (number(s, 1, GUEST_MAX_VCPUS, "", &v) < 0)
        return -1;
    s->c->maxvcpus = (unsigned int)v;
    s->c->set_maxvcpus = s->where;
    return 0;
}

static int set_kernel(const struct setting *s)
{
    s->c->set_kernel = s->where;
    return path(s, &s->c->kernel);
}

static int set_ramdisk(const struct setting *s)
{
    return path(s, &s->c->ramdisk);
}

static int set_cmdline(const struct setting *s)
{
    return string(s, &s->c->cmdline);
}

static int set_root(const struct setting *s)
{
    return string(s, &s->c->root);
}

static int set_extra(const struct setting *s)
{
    return string(s, &s->c->extra);
}

static const char *const action_names[] = {
    [DOMUS_ACTION_DESTROY] = "destroy",
    [DOMUS_ACTION_RESTART] = "restart",
    [DOMUS_ACTION_PRESERVE] = "preserve",
};

const char *config_action_name(enum domus_action a)
{
    return (size_t)a < sizeof(action_names) / sizeof(action_names[0]) ? action_names[a] : "?";
}

static int action(const struct setting *s, enum domus_action *out)
{
    if (want(s, CFG_STRING) < 0)
        return -1;
    for (size_t i = 0; i < sizeof(action_names) / sizeof(action_names[0]); i++) {
        if (!strcmp(s->v->text, action_names[i])) {
            *out = (enum domus_action)i;
            return 0;
        }
    }
    return fail(s, "%s = '%s' is not supported (destroy, restart or preserve)", s->key, s->v->text);
}

static int set_on_poweroff(const struct setting *s)
{
    return action(s, &s->c->on_poweroff);
}

static int set_on_reboot(const struct setting *s)
{
    return action(s, &s->c->on_reboot);
}

static int set_on_crash(const struct setting *s)
{
    return action(s, &s->c->on_crash);
}

static const struct {
    const char *key;
    int (*set)(const struct setting *s);
} keys[] = {
    {"name", set_name},           {"type", set_type},         {"memory", set_memory},
    {"maxmem", set_maxmem},       {"vcpus", set_vcpus},       {"maxvcpus", set_maxvcpus},
    {"kernel", set_kernel},       {"ramdisk", set_ramdisk},   {"cmdline", set_cmdline},
    {"root", set_root},           {"extra", set_extra},       {"on_poweroff", set_on_poweroff},
    {"on_reboot", set_on_reboot}, {"on_crash", set_on_crash},
};

/* xl keys we know but do not implement: a clearer message than "unknown". */
static const char *const unsupported[] = {
    "acpi",
    "bootloader",
    "builder",
    "channel",
    "cpus",
    "cpus_soft",
    "device_tree",
    "disk",
    "dtdev",
    "gic_version",
    "iomem",
    "irqs",
    "max_grant_frames",
    "max_maptrack_frames",
    "on_soft_reset",
    "on_watchdog",
    "p9",
    "pci",
    "pool",
    "seclabel",
    "tee",
    "usbctrl",
    "uuid",
    "vfb",
    "vif",
    "vkb",
    "vtpm",
    "vuart",
};

static int setting(void *ctx, const char *key, const struct cfg_value *v, int line, char *err,
                   size_t errlen)
{
    const struct setting *base = ctx;
    struct setting s = *base;
    s.v = v;
    s.key = key;
    s.where.line = line;
    s.err = err;
    s.errlen = errlen;
    for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
        if (!strcmp(key, keys[i].key))
            return keys[i].set(&s);
    }
    for (size_t i = 0; i < sizeof(unsupported) / sizeof(unsupported[0]); i++) {
        if (!strcmp(key, unsupported[i]))
            return fail(&s, "key '%s' is not supported by domus", key);
    }
    return fail(&s, "unknown key '%s'", key);
}

void config_init(struct domus_config *c)
{
    memset(c, 0, sizeof(*c));
    c->vcpus = 1;
    c->on_poweroff = DOMUS_ACTION_DESTROY;
    c->on_reboot = DOMUS_ACTION_RESTART;
    c->on_crash = DOMUS_ACTION_DESTROY;
}

void config_free(struct domus_config *c)
{
    free(c->kernel);
    free(c->ramdisk);
    free(c->cmdline);
    free(c->root);
    free(c->extra);
    free(c->bootargs);
    memset(c, 0, sizeof(*c));
}

int config_parse(struct domus_config *c, const char *source, const char *text, size_t len,
                 char *err, size_t errlen)
{
    struct setting base = {.c = c, .where = {.source = source}};
    return cfg_parse(source, text, len, setting, &base, err, errlen);
}

int config_parse_file(struct domus_config *c, const char *path_name, char *err, size_t errlen)
{
    FILE *f = fopen(path_name, "rb");
    if (!f) {
        snprintf(err, errlen, "cannot open %s: %s", path_name, strerror(errno));
        return -1;
    }
    char *text = malloc(CONFIG_FILE_MAX + 1);
    size_t len = text ? fread(text, 1, CONFIG_FILE_MAX + 1, f) : 0;
    int bad = text ? ferror(f) : ENOMEM;
    fclose(f);
    int rc = -1;
    if (!text || bad)
        snprintf(err, errlen, "cannot read %s: %s", path_name,
                 text ? "read error" : "out of memory");
    else if (len > CONFIG_FILE_MAX)
        snprintf(err, errlen, "%s: larger than %d bytes; not a configuration file", path_name,
                 CONFIG_FILE_MAX);
    else
        rc = config_parse(c, path_name, text, len, err, errlen);
    free(text);
    return rc;
}

/* "root=R E", "root=R", "E" or nothing, unless cmdline (which wins). */
static int combine_cmdline(struct domus_config *c, char *err, size_t errlen)
{
    const char *r = c->root, *e = c->extra;
    size_t len = (c->cmdline ? strlen(c->cmdline) : 0) + (r ? strlen(r) + 5 : 0) +
                 (e ? strlen(e) + 1 : 0) + 1;
    free(c->bootargs);
    c->bootargs = NULL;
    c->warning[0] = '\0';
    if (!c->cmdline && !r && !e)
        return 0;
    c->bootargs = malloc(len);
    if (!c->bootargs) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    if (c->cmdline) {
        snprintf(c->bootargs, len, "%s", c->cmdline);
        if (r || e)
            snprintf(c->warning, sizeof(c->warning),
                     "ignoring root= and extra= in favour of cmdline=");
    } else if (r && e) {
        snprintf(c->bootargs, len, "root=%s %s", r, e);
    } else if (r) {
        snprintf(c->bootargs, len, "root=%s", r);
    } else {
        snprintf(c->bootargs, len, "%s", e);
    }
    return 0;
}

int config_finish(struct domus_config *c, const char *source, char *err, size_t errlen)
{
    if (!c->name[0]) {
        snprintf(err, errlen, "%s: 'name' is not set (the domain's name)", source);
        return -1;
    }
    if (!c->kernel) {
        snprintf(err, errlen, "%s: 'kernel' is not set (the path of an arm64 Linux Image)", source);
        return -1;
    }
    if (!c->memory_mib) {
        snprintf(err, errlen, "%s: 'memory' is not set (the domain's RAM in MiB)", source);
        return -1;
    }
    if (!c->maxmem_mib) {
        c->maxmem_mib = c->memory_mib;
    } else if (c->maxmem_mib < c->memory_mib) {
        snprintf(err, errlen, "%s:%d: maxmem (%llu MiB) is less than memory (%llu MiB)",
                 c->set_maxmem.source, c->set_maxmem.line, (unsigned long long)c->maxmem_mib,
                 (unsigned long long)c->memory_mib);
        return -1;
    }
    if (!c->maxvcpus) {
        c->maxvcpus = c->vcpus;
    } else if (c->vcpus > c->maxvcpus) {
        /* vcpus was set: its default, 1, is never too many. */
        snprintf(err, errlen, "%s:%d: vcpus (%u) is more than maxvcpus (%u)", c->set_vcpus.source,
                 c->set_vcpus.line, c->vcpus, c->maxvcpus);
        return -1;
    }
    return combine_cmdline(c, err, errlen);
}
