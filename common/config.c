/*
 * domus.cfg parser (format in config.h).
 *
 * This file is linked into the UEFI loader as well as the host unit tests, so
 * it calls no library function at all: the few string helpers it needs are
 * below. It also avoids whole-struct clears and copies, which compilers may
 * turn into memset/memcpy calls that the loader has nothing to resolve with.
 */
#include "common/config.h"
#include "common/log.h"

#define CFG_LINE_MAX      2048           /* longest line, terminator excluded */
#define CFG_QUOTE_MAX     48             /* longest text echoed in an error */
#define CFG_DOM0_MEM_MIN  MiB(16)        /* less cannot boot a Linux dom0 */
#define CFG_RESERVE_LIMIT (GiB(1) << 10) /* 1 TiB: anything near is a typo */

#define CFG_NKEYS 9

/* The loglevel names are indexed by enum log_level. */
_Static_assert(LOG_ERR == 0 && LOG_WARN == 1 && LOG_INFO == 2 && LOG_DEBUG == 3,
               "level_names[] follows enum log_level");

struct cfg_parser {
    struct domus_config *cfg;
    struct cfg_error *err;
    unsigned int line;
    unsigned int seen[CFG_NKEYS]; /* line where each key was set, 0 = not yet */
    char value[CFG_LINE_MAX + 1]; /* the current line's value, unquoted */
    size_t value_len;
};

struct cfg_key {
    const char *name;
    int (*set)(struct cfg_parser *p, const char *name, const char *v, size_t n);
};

/* ---- Character and string helpers ------------------------------------- */

static bool is_blank(char c)
{
    return c == ' ' || c == '\t';
}

static bool is_control(char c)
{
    unsigned char u = (unsigned char)c;
    return u < 0x20 || u == 0x7f;
}

static bool is_key_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

static size_t skip_blanks(const char *s, size_t n, size_t i)
{
    while (i < n && is_blank(s[i]))
        i++;
    return i;
}

/* Length of s[0..n) once trailing blanks are dropped. */
static size_t trim_end(const char *s, size_t n)
{
    while (n > 0 && is_blank(s[n - 1]))
        n--;
    return n;
}

/* Does s[0..n) spell exactly the NUL-terminated lit? */
static bool span_is(const char *s, size_t n, const char *lit)
{
    for (size_t i = 0; i < n; i++) {
        if (lit[i] == '\0' || lit[i] != s[i])
            return false;
    }
    return lit[n] == '\0';
}

/* dst must hold n + 1 bytes. */
static void copy_str(char *dst, const char *src, size_t n)
{
    for (size_t i = 0; i < n; i++)
        dst[i] = src[i];
    dst[n] = '\0';
}

/* ---- Error messages ---------------------------------------------------- */

/* Appends to err->msg, dropping whatever does not fit: the message is always
 * NUL-terminated within CFG_ERR_MAX bytes. */
struct msg {
    char *buf;
    size_t len;
};

static void msg_putc(struct msg *m, char c)
{
    if (m->len + 1 >= CFG_ERR_MAX)
        return;
    m->buf[m->len++] = c;
    m->buf[m->len] = '\0';
}

static void msg_puts(struct msg *m, const char *s)
{
    while (*s)
        msg_putc(m, *s++);
}

static void msg_putu(struct msg *m, uint64_t v)
{
    char digits[20]; /* UINT64_MAX has 20 decimal digits */
    size_t n = 0;

    do {
        digits[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n)
        msg_putc(m, digits[--n]);
}

/* 'text', with control bytes shown as \xNN so the console stays sane and
 * long text cut short with "..." so the rest of the message still fits. */
static void msg_quote(struct msg *m, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    size_t shown = MIN(n, (size_t)CFG_QUOTE_MAX);

    msg_putc(m, '\'');
    for (size_t i = 0; i < shown; i++) {
        unsigned char u = (unsigned char)s[i];
        if (is_control(s[i])) {
            msg_puts(m, "\\x");
            msg_putc(m, hex[u >> 4]);
            msg_putc(m, hex[u & 0xf]);
        } else {
            msg_putc(m, s[i]);
        }
    }
    if (shown < n)
        msg_puts(m, "...");
    msg_putc(m, '\'');
}

static struct msg msg_begin(struct cfg_parser *p)
{
    struct msg m = {p->err->msg, 0};

    p->err->line = p->line;
    m.buf[0] = '\0';
    return m;
}

static int fail(struct cfg_parser *p, const char *text)
{
    struct msg m = msg_begin(p);

    msg_puts(&m, text);
    return -1;
}

/* "<pre>'<s>'<post>" */
static int fail_quoted(struct cfg_parser *p, const char *pre, const char *s, size_t n,
                       const char *post)
{
    struct msg m = msg_begin(p);

    msg_puts(&m, pre);
    msg_quote(&m, s, n);
    msg_puts(&m, post);
    return -1;
}

/* "<name><text>", e.g. "dom0_mem must be at least 16M". */
static int fail_key(struct cfg_parser *p, const char *name, const char *text)
{
    struct msg m = msg_begin(p);

    msg_puts(&m, name);
    msg_puts(&m, text);
    return -1;
}

/* ---- Numbers ----------------------------------------------------------- */

static int digit_value(char c, unsigned int base)
{
    int d;

    if (c >= '0' && c <= '9')
        d = c - '0';
    else if (c >= 'a' && c <= 'f')
        d = c - 'a' + 10;
    else if (c >= 'A' && c <= 'F')
        d = c - 'A' + 10;
    else
        return -1;
    return d < (int)base ? d : -1;
}

static unsigned int suffix_shift(char c)
{
    switch (c) {
    case 'k':
    case 'K': return 10;
    case 'm':
    case 'M': return 20;
    case 'g':
    case 'G': return 30;
    default: return 0;
    }
}

int cfg_parse_size(const char *s, size_t len, uint64_t *out)
{
    unsigned int base = 10, shift = 0;
    uint64_t v = 0;
    size_t i = 0, first;

    if (len > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        base = 16;
        i = 2;
    }
    for (first = i; i < len; i++) {
        int d = digit_value(s[i], base);
        if (d < 0)
            break;
        if (v > (UINT64_MAX - (uint64_t)d) / base)
            return -1; /* overflow */
        v = v * base + (uint64_t)d;
    }
    if (i == first)
        return -1; /* no digits */
    if (i < len) {
        shift = suffix_shift(s[i++]);
        if (shift == 0 || i != len)
            return -1;
    }
    if (v > (UINT64_MAX >> shift))
        return -1; /* the suffix overflows */
    *out = v << shift;
    return 0;
}

/* Plain decimal; values too large for 64 bits saturate, so that callers can
 * report them as out of range rather than as malformed. */
static bool parse_decimal(const char *s, size_t n, uint64_t *out)
{
    uint64_t v = 0;

    if (n == 0)
        return false;
    for (size_t i = 0; i < n; i++) {
        int d = digit_value(s[i], 10);
        if (d < 0)
            return false;
        if (v > (UINT64_MAX - (uint64_t)d) / 10)
            v = UINT64_MAX;
        else
            v = v * 10 + (uint64_t)d;
    }
    *out = v;
    return true;
}

/* ---- Per-key value handlers -------------------------------------------- */

static int set_string(struct cfg_parser *p, const char *name, char *dst, size_t cap, const char *v,
                      size_t n)
{
    if (n >= cap) {
        struct msg m = msg_begin(p);
        msg_puts(&m, "value for ");
        msg_puts(&m, name);
        msg_puts(&m, " is too long (max ");
        msg_putu(&m, cap - 1);
        msg_puts(&m, " characters)");
        return -1;
    }
    copy_str(dst, v, n);
    return 0;
}

/* File names go to the EFI file protocol: control bytes there are never
 * intended and would only produce a baffling "not found" later. */
static int set_path(struct cfg_parser *p, const char *name, char *dst, const char *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (is_control(v[i])) {
            struct msg m = msg_begin(p);
            msg_puts(&m, "control character in file name for ");
            msg_puts(&m, name);
            msg_puts(&m, ": ");
            msg_quote(&m, v, n);
            return -1;
        }
    }
    return set_string(p, name, dst, CFG_PATH_MAX, v, n);
}

static int set_console(struct cfg_parser *p, const char *name, const char *v, size_t n)
{
    return set_string(p, name, p->cfg->console, CFG_CONSOLE_MAX, v, n);
}

static int set_dom0_cmdline(struct cfg_parser *p, const char *name, const char *v, size_t n)
{
    return set_string(p, name, p->cfg->dom0_cmdline, CFG_CMDLINE_MAX, v, n);
}

static int set_dom0_kernel(struct cfg_parser *p, const char *name, const char *v, size_t n)
{
    return set_path(p, name, p->cfg->dom0_kernel, v, n);
}

static int set_dom0_initrd(struct cfg_parser *p, const char *name, const char *v, size_t n)
{
    return set_path(p, name, p->cfg->dom0_initrd, v, n);
}

static int set_loglevel(struct cfg_parser *p, const char *name, const char *v, size_t n)
{
    static const char *const level_names[] = {"error", "warn", "info", "debug"};

    (void)name;
    for (uint32_t i = 0; i < ARRAY_SIZE(level_names); i++) {
        if (span_is(v, n, level_names[i])) {
            p->cfg->loglevel = i;
            return 0;
        }
    }
    return fail_quoted(p, "bad loglevel ", v, n, " (use error, warn, info or debug)");
}

static int get_size(struct cfg_parser *p, const char *name, const char *v, size_t n, uint64_t *out)
{
    struct msg m;

    if (cfg_parse_size(v, n, out) == 0)
        return 0;
    m = msg_begin(p);
    msg_puts(&m, "bad size ");
    msg_quote(&m, v, n);
    msg_puts(&m, " for ");
    msg_puts(&m, name);
    msg_puts(&m, " (use a number with optional K, M or G)");
    return -1;
}

static int set_firmware_reserve(struct cfg_parser *p, const char *name, const char *v, size_t n)
{
    uint64_t size;

    if (get_size(p, name, v, n, &size) < 0)
        return -1;
    if (size >= CFG_RESERVE_LIMIT)
        return fail_key(p, name, " must be below 1024G");
    if (!IS_ALIGNED(size, PAGE_SIZE))
        return fail_key(p, name, " must be a multiple of 4K");
    p->cfg->firmware_reserve = size;
    return 0;
}

static int set_dom0_mem(struct cfg_parser *p, const char *name, const char *v, size_t n)
{
    uint64_t size;

    if (get_size(p, name, v, n, &size) < 0)
        return -1;
    if (size < CFG_DOM0_MEM_MIN)
        return fail_key(p, name, " must be at least 16M");
    if (!IS_ALIGNED(size, PAGE_SIZE))
        return fail_key(p, name, " must be a multiple of 4K");
    p->cfg->dom0_mem = size;
    return 0;
}

static int set_dom0_vcpus(struct cfg_parser *p, const char *name, const char *v, size_t n)
{
    uint64_t count;
    struct msg m;

    if (!parse_decimal(v, n, &count)) {
        m = msg_begin(p);
        msg_puts(&m, "bad number ");
        msg_quote(&m, v, n);
        msg_puts(&m, " for ");
        msg_puts(&m, name);
        return -1;
    }
    if (count >= 1 && count <= CFG_MAX_VCPUS) {
        p->cfg->dom0_vcpus = (uint32_t)count;
        return 0;
    }
    m = msg_begin(p);
    msg_puts(&m, name);
    msg_puts(&m, " must be between 1 and ");
    msg_putu(&m, CFG_MAX_VCPUS);
    return -1;
}

static const struct {
    const char *name;
    uint32_t flag;
} selftests[] = {
    {"crash", CFG_BOOT_SELFTEST_CRASH},
    {"wtext", CFG_BOOT_SELFTEST_WTEXT},
};

static int unknown_selftest(struct cfg_parser *p, const char *s, size_t n)
{
    struct msg m = msg_begin(p);

    msg_puts(&m, "unknown self-test ");
    msg_quote(&m, s, n);
    msg_puts(&m, " in test (known:");
    for (size_t i = 0; i < ARRAY_SIZE(selftests); i++) {
        msg_putc(&m, ' ');
        msg_puts(&m, selftests[i].name);
    }
    msg_putc(&m, ')');
    return -1;
}

/* One self-test name from the comma-separated list, blanks trimmed. */
static int add_selftest(struct cfg_parser *p, const char *s, size_t n)
{
    size_t start = skip_blanks(s, n, 0);

    s += start;
    n = trim_end(s, n - start);
    if (n == 0)
        return fail(p, "empty name in test list");
    for (size_t i = 0; i < ARRAY_SIZE(selftests); i++) {
        if (span_is(s, n, selftests[i].name)) {
            p->cfg->bootflags |= selftests[i].flag;
            return 0;
        }
    }
    return unknown_selftest(p, s, n);
}

static int set_test(struct cfg_parser *p, const char *name, const char *v, size_t n)
{
    size_t start = 0;

    (void)name;
    for (size_t i = 0; i <= n; i++) {
        if (i == n || v[i] == ',') {
            if (add_selftest(p, v + start, i - start) < 0)
                return -1;
            start = i + 1;
        }
    }
    return 0;
}

static const struct cfg_key cfg_keys[] = {
    {"console", set_console},
    {"loglevel", set_loglevel},
    {"firmware_reserve", set_firmware_reserve},
    {"dom0_kernel", set_dom0_kernel},
    {"dom0_initrd", set_dom0_initrd},
    {"dom0_cmdline", set_dom0_cmdline},
    {"dom0_mem", set_dom0_mem},
    {"dom0_vcpus", set_dom0_vcpus},
    {"test", set_test},
};

_Static_assert(ARRAY_SIZE(cfg_keys) == CFG_NKEYS, "seen[] has one slot per key");

/* ---- Lines ------------------------------------------------------------- */

/* The value after an opening quote at s[i]: decodes \" and \\ into p->value
 * and allows only blanks or a comment after the closing quote. */
static int lex_quoted(struct cfg_parser *p, const char *s, size_t n, size_t i)
{
    size_t out = 0;

    for (;;) {
        char c;
        if (i == n)
            return fail(p, "unterminated quoted value");
        c = s[i++];
        if (c == '"')
            break;
        if (c == '\\') {
            if (i == n)
                return fail(p, "unterminated quoted value");
            c = s[i++];
            if (c != '"' && c != '\\')
                return fail_quoted(p, "bad escape ", s + i - 2, 2,
                                   " in quoted value (only \\\" and \\\\)");
        }
        p->value[out++] = c;
    }
    p->value_len = out;
    i = skip_blanks(s, n, i);
    if (i < n && s[i] != '#')
        return fail_quoted(p, "unexpected ", s + i, trim_end(s + i, n - i), " after quoted value");
    return 0;
}

/* An unquoted value runs up to a comment or the end of the line. */
static void lex_plain(struct cfg_parser *p, const char *s, size_t n, size_t i)
{
    size_t end = i;

    while (end < n && s[end] != '#')
        end++;
    end = i + trim_end(s + i, end - i);
    copy_str(p->value, s + i, end - i);
    p->value_len = end - i;
}

/* Splits a line into *key and p->value. Returns 1 for a setting, 0 for a
 * blank or comment line, -1 on error. */
static int lex_line(struct cfg_parser *p, const char *s, size_t n, const char **key,
                    size_t *key_len)
{
    size_t i = skip_blanks(s, n, 0), start = i;

    if (i == n || s[i] == '#')
        return 0;
    while (i < n && s[i] != '=' && s[i] != '#' && !is_blank(s[i]))
        i++;
    *key = s + start;
    *key_len = i - start;
    i = skip_blanks(s, n, i);
    if (i == n || s[i] != '=')
        return fail(p, "expected 'key = value'");
    if (*key_len == 0)
        return fail(p, "empty key before '='");
    for (size_t k = 0; k < *key_len; k++) {
        if (!is_key_char((*key)[k]))
            return fail_quoted(p, "bad key ", *key, *key_len, " (use only a-z, 0-9 and _)");
    }
    i = skip_blanks(s, n, i + 1);
    if (i < n && s[i] == '"')
        return lex_quoted(p, s, n, i + 1) < 0 ? -1 : 1;
    lex_plain(p, s, n, i);
    return 1;
}

static int apply(struct cfg_parser *p, const char *key, size_t key_len)
{
    for (size_t k = 0; k < CFG_NKEYS; k++) {
        struct msg m;
        if (!span_is(key, key_len, cfg_keys[k].name))
            continue;
        if (p->seen[k] == 0) {
            p->seen[k] = p->line;
            if (p->value_len == 0)
                return fail_quoted(p, "empty value for key ", key, key_len, "");
            return cfg_keys[k].set(p, cfg_keys[k].name, p->value, p->value_len);
        }
        m = msg_begin(p);
        msg_puts(&m, "duplicate key ");
        msg_quote(&m, key, key_len);
        msg_puts(&m, " (first set on line ");
        msg_putu(&m, p->seen[k]);
        msg_putc(&m, ')');
        return -1;
    }
    return fail_quoted(p, "unknown key ", key, key_len, "");
}

/* One line, its '\n' already removed. */
static int parse_line(struct cfg_parser *p, const char *s, size_t n)
{
    const char *key = NULL;
    size_t key_len = 0;
    int r;

    if (n > 0 && s[n - 1] == '\r')
        n--; /* CRLF, as Windows editors write */
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\0')
            return fail(p, "NUL byte in line");
    }
    if (n > CFG_LINE_MAX) {
        struct msg m = msg_begin(p);
        msg_puts(&m, "line too long (more than ");
        msg_putu(&m, CFG_LINE_MAX);
        msg_puts(&m, " bytes)");
        return -1;
    }
    r = lex_line(p, s, n, &key, &key_len);
    if (r <= 0)
        return r;
    return apply(p, key, key_len);
}

/* Field by field: see the note at the top about whole-struct clears. The
 * string fields only need their terminator. */
static void set_defaults(struct domus_config *cfg)
{
    copy_str(cfg->console, "dtuart", 6);
    cfg->loglevel = LOG_INFO;
    cfg->firmware_reserve = 0;
    cfg->dom0_kernel[0] = '\0';
    cfg->dom0_initrd[0] = '\0';
    cfg->dom0_cmdline[0] = '\0';
    cfg->dom0_mem = 0;
    cfg->dom0_vcpus = 0;
    cfg->bootflags = 0;
}

int cfg_parse(const char *text, size_t len, struct domus_config *cfg, struct cfg_error *err)
{
    struct cfg_parser p;
    size_t pos = 0;

    set_defaults(cfg);
    err->line = 0;
    err->msg[0] = '\0';
    p.cfg = cfg;
    p.err = err;
    p.line = 0;
    p.value_len = 0;
    for (size_t k = 0; k < CFG_NKEYS; k++)
        p.seen[k] = 0;

    while (pos < len) {
        size_t end = pos;
        while (end < len && text[end] != '\n')
            end++;
        p.line++;
        if (parse_line(&p, text + pos, end - pos) < 0)
            return -1;
        pos = end + 1;
    }
    return 0;
}
