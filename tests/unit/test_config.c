/* Unit tests for the domus.cfg parser (common/config.c). */
#include <string.h>

#include "common/config.h"
#include "common/log.h"
#include "unit.h"

/* Parses a NUL-terminated text. */
static int parse(const char *text, struct domus_config *cfg, struct cfg_error *err)
{
    return cfg_parse(text, strlen(text), cfg, err);
}

/* Every error message must be terminated inside the buffer. */
static int msg_ok(const struct cfg_error *err)
{
    return memchr(err->msg, '\0', sizeof(err->msg)) != NULL;
}

/* Fills buf with "<prefix><n copies of c><suffix>". */
static const char *build(char *buf, size_t size, const char *prefix, char c, size_t n,
                         const char *suffix)
{
    size_t p = strlen(prefix), s = strlen(suffix);

    if (p + n + s + 1 > size)
        return NULL;
    memcpy(buf, prefix, p);
    memset(buf + p, c, n);
    memcpy(buf + p + n, suffix, s + 1);
    return buf;
}

/* A file using every key, comments, quotes, blanks and CRLF line ends. */
TEST(config_full_file)
{
    static const char text[] =
        "# Domus boot configuration\r\n"
        "\r\n"
        "   \t\r\n"
        "console = \"/pl011@9000000\"   # the DT path of the UART\r\n"
        "loglevel=debug\r\n"
        "\tfirmware_reserve =  0x200000 \t\r\n"
        "dom0_kernel = Image\r\n"
        "dom0_initrd = \" initrd #2.img \"\r\n"
        "dom0_cmdline = \"console=hvc0 say=\\\"hi\\\" back\\\\slash\" # comment\r\n"
        "  # indented comment\r\n"
        "dom0_mem = 512M\r\n"
        "dom0_vcpus = 4\r\n"
        "test = crash"; /* no final line end */
    struct domus_config cfg;
    struct cfg_error err;

    REQUIRE(parse(text, &cfg, &err) == 0);
    CHECK(err.line == 0);
    CHECK(err.msg[0] == '\0');
    CHECK(strcmp(cfg.console, "/pl011@9000000") == 0);
    CHECK(cfg.loglevel == LOG_DEBUG);
    CHECK(cfg.firmware_reserve == MiB(2));
    CHECK(strcmp(cfg.dom0_kernel, "Image") == 0);
    CHECK(strcmp(cfg.dom0_initrd, " initrd #2.img ") == 0);
    CHECK(strcmp(cfg.dom0_cmdline, "console=hvc0 say=\"hi\" back\\slash") == 0);
    CHECK(cfg.dom0_mem == MiB(512));
    CHECK(cfg.dom0_vcpus == 4);
    CHECK(cfg.bootflags == CFG_BOOT_SELFTEST_CRASH);
}

/* Absent keys keep their defaults, for empty, comment-only and LF files. */
TEST(config_defaults)
{
    static const char *const texts[] = {
        "",
        "\n\n",
        "# only a comment\n   # another\n\t\n",
        "loglevel = info\n",
    };
    for (size_t i = 0; i < ARRAY_SIZE(texts); i++) {
        struct domus_config cfg;
        struct cfg_error err;

        memset(&cfg, 0x5a, sizeof(cfg)); /* defaults must not rely on a clear */
        REQUIRE(parse(texts[i], &cfg, &err) == 0);
        CHECK(err.line == 0 && err.msg[0] == '\0');
        CHECK(strcmp(cfg.console, "dtuart") == 0);
        CHECK(cfg.loglevel == LOG_INFO);
        CHECK(cfg.firmware_reserve == 0);
        CHECK(cfg.dom0_kernel[0] == '\0' && cfg.dom0_initrd[0] == '\0');
        CHECK(cfg.dom0_cmdline[0] == '\0');
        CHECK(cfg.dom0_mem == 0 && cfg.dom0_vcpus == 0 && cfg.bootflags == 0);
    }
}

/* Each value form (plain, quoted, escapes, comments, blanks) gives the
 * expected console string. */
TEST(config_value_forms)
{
    static const struct {
        const char *line;
        const char *value;
    } cases[] = {
        {"console=x", "x"},
        {"console = a b  c  ", "a b  c"},
        {"console\t=\tserial0\t# comment", "serial0"},
        {"console = serial0#comment", "serial0"},
        {"console = \"  padded  \"", "  padded  "},
        {"console = \"has # hash\"", "has # hash"},
        {"console = \"q\\\"x\\\\y\"  \t", "q\"x\\y"},
        {"console = \"a\"#c", "a"},
        {"console = a\"b", "a\"b"},
        {"console = /soc/uart@1\r", "/soc/uart@1"},
    };
    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        struct domus_config cfg;
        struct cfg_error err;

        CHECK(parse(cases[i].line, &cfg, &err) == 0);
        CHECK(strcmp(cfg.console, cases[i].value) == 0);
    }
}

/* Every loglevel name maps to its enum log_level value. */
TEST(config_loglevels)
{
    static const struct {
        const char *text;
        uint32_t level;
    } cases[] = {
        {"loglevel = error", LOG_ERR},
        {"loglevel = warn", LOG_WARN},
        {"loglevel = info", LOG_INFO},
        {"loglevel = \"debug\"", LOG_DEBUG},
    };
    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        struct domus_config cfg;
        struct cfg_error err;

        CHECK(parse(cases[i].text, &cfg, &err) == 0);
        CHECK(cfg.loglevel == cases[i].level);
    }
}

/* Self-test lists: blanks around names, repeats allowed. */
TEST(config_test_list)
{
    static const char *const texts[] = {
        "test = crash",
        "test = crash , crash",
        "test = \" crash\"",
        "test=crash,crash,crash",
    };
    for (size_t i = 0; i < ARRAY_SIZE(texts); i++) {
        struct domus_config cfg;
        struct cfg_error err;

        CHECK(parse(texts[i], &cfg, &err) == 0);
        CHECK(cfg.bootflags == CFG_BOOT_SELFTEST_CRASH);
    }
}

/* Values at each length limit are accepted and one more byte is an error;
 * a line of exactly 2048 bytes (terminator excluded) is fine, 2049 is not. */
TEST(config_length_limits)
{
    static const struct {
        const char *key;
        size_t max; /* longest accepted value */
        const char *msg;
    } cases[] = {
        {"console = ", CFG_CONSOLE_MAX - 1, "value for console is too long (max 63 characters)"},
        {"dom0_kernel = ", CFG_PATH_MAX - 1, "value for dom0_kernel is too long (max 127"},
        {"dom0_initrd = ", CFG_PATH_MAX - 1, "value for dom0_initrd is too long"},
        {"dom0_cmdline = ", CFG_CMDLINE_MAX - 1, "value for dom0_cmdline is too long (max 1023"},
        {"# ", 2048 - 2, "line too long (more than 2048 bytes)"},
    };
    static char buf[4096];
    struct domus_config cfg;
    struct cfg_error err;

    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        REQUIRE(build(buf, sizeof(buf), cases[i].key, 'a', cases[i].max, "\r\n"));
        CHECK(parse(buf, &cfg, &err) == 0);
        CHECK(err.line == 0);
        REQUIRE(build(buf, sizeof(buf), cases[i].key, 'a', cases[i].max + 1, "\r\n"));
        CHECK(parse(buf, &cfg, &err) == -1);
        CHECK(err.line == 1);
        CHECK(strstr(err.msg, cases[i].msg) != NULL);
    }
    REQUIRE(build(buf, sizeof(buf), "console = ", 'c', CFG_CONSOLE_MAX - 1, ""));
    REQUIRE(parse(buf, &cfg, &err) == 0);
    CHECK(strlen(cfg.console) == CFG_CONSOLE_MAX - 1);
}

struct bad_case {
    const char *text;
    size_t len; /* 0: strlen(text) */
    unsigned int line;
    const char *msg; /* expected substring */
};

static char long_line_text[2200];

static const struct bad_case bad_cases[] = {
    /* syntax */
    {"console\n", 0, 1, "expected 'key = value'"},
    {"# comment\n\nconsole dtuart\n", 0, 3, "expected 'key = value'"},
    {"loglevel = info\nconsole # = x\n", 0, 2, "expected 'key = value'"},
    {"= dtuart\n", 0, 1, "empty key"},
    {"  \t= dtuart\n", 0, 1, "empty key"},
    {"Console = dtuart\n", 0, 1, "bad key 'Console'"},
    {"loglevel = info\r\ndom0-mem = 16M\r\n", 0, 2, "bad key 'dom0-mem'"},
    {"console = \"dtuart\n", 0, 1, "unterminated quoted value"},
    {"loglevel = warn\nconsole = \"dtuart\\\"\n", 0, 2, "unterminated quoted value"},
    {"console = \"dt\\\n", 0, 1, "unterminated quoted value"},
    {"console = \"a\\nb\"\n", 0, 1, "bad escape '\\n'"},
    {"console = \"dtuart\" extra\n", 0, 1, "unexpected 'extra' after quoted value"},
    {"console = \"a\"\"b\"\n", 0, 1, "after quoted value"},
    {"console =\n", 0, 1, "empty value for key 'console'"},
    {"console =   # nothing\n", 0, 1, "empty value for key 'console'"},
    {"\n\ndom0_cmdline = \"\"\n", 0, 3, "empty value for key 'dom0_cmdline'"},
    {"foo = 1\n", 0, 1, "unknown key 'foo'"},
    {"console = a\nloglevel = info\nconsole = b\n", 0, 3,
     "duplicate key 'console' (first set on line 1)"},
    {"test = crash\ntest = crash\n", 0, 2, "duplicate key 'test'"},
    {"console = a\0b\n", 14, 1, "NUL byte"},
    {"loglevel = info\r\n\0\r\n", 20, 2, "NUL byte"},
    {long_line_text, 0, 2, "line too long"},
    /* values */
    {"loglevel = verbose\n", 0, 1, "bad loglevel 'verbose' (use error, warn, info or debug)"},
    {"loglevel = INFO\n", 0, 1, "bad loglevel 'INFO'"},
    {"loglevel = 2\n", 0, 1, "bad loglevel '2'"},
    {"firmware_reserve = 1T\n", 0, 1, "bad size '1T' for firmware_reserve"},
    {"firmware_reserve = 1024G\n", 0, 1, "firmware_reserve must be below 1024G"},
    {"firmware_reserve = 0x10000000000\n", 0, 1, "firmware_reserve must be below"},
    {"firmware_reserve = 4097\n", 0, 1, "firmware_reserve must be a multiple of 4K"},
    {"dom0_mem = 12Q\n", 0, 1,
     "bad size '12Q' for dom0_mem (use a number with optional K, M or G)"},
    {"dom0_mem = 16 M\n", 0, 1, "bad size '16 M' for dom0_mem"},
    {"dom0_mem = 99999999999999999999\n", 0, 1, "bad size"},
    {"dom0_mem = 8M\n", 0, 1, "dom0_mem must be at least 16M"},
    {"dom0_mem = 0\n", 0, 1, "dom0_mem must be at least 16M"},
    {"dom0_mem = 0x1000001\n", 0, 1, "dom0_mem must be a multiple of 4K"},
    {"dom0_kernel = \"Ima\tge\"\n", 0, 1,
     "control character in file name for dom0_kernel: 'Ima\\x09ge'"},
    {"dom0_initrd = a\x01z\n", 0, 1, "control character in file name for dom0_initrd"},
    {"dom0_vcpus = 0\n", 0, 1, "dom0_vcpus must be between 1 and 128"},
    {"dom0_vcpus = 129\n", 0, 1, "dom0_vcpus must be between 1 and 128"},
    {"dom0_vcpus = 184467440737095516160\n", 0, 1, "dom0_vcpus must be between 1 and 128"},
    {"dom0_vcpus = 4x\n", 0, 1, "bad number '4x' for dom0_vcpus"},
    {"dom0_vcpus = -1\n", 0, 1, "bad number '-1' for dom0_vcpus"},
    {"dom0_vcpus = 0x4\n", 0, 1, "bad number '0x4'"},
    {"test = foo\n", 0, 1, "unknown self-test 'foo' in test (known: crash wtext)"},
    {"test = crash, Crash\n", 0, 1, "unknown self-test 'Crash'"},
    {"test = crash,,crash\n", 0, 1, "empty name in test list"},
    {"test = crash,\n", 0, 1, "empty name in test list"},
    {"test = , \n", 0, 1, "empty name in test list"},
    /* the first error wins, later lines are not looked at */
    {"console = a\nfoo = 1\nbar = 2\n", 0, 2, "unknown key 'foo'"},
};

/* Each bad input fails with the right line and a message naming the fault. */
TEST(config_errors)
{
    build(long_line_text, sizeof(long_line_text), "console = a\n# ", 'x', 2048 - 1, "\n");
    for (size_t i = 0; i < ARRAY_SIZE(bad_cases); i++) {
        const struct bad_case *c = &bad_cases[i];
        size_t len = c->len ? c->len : strlen(c->text);
        struct domus_config cfg;
        struct cfg_error err;

        memset(&err, 0x5a, sizeof(err));
        if (cfg_parse(c->text, len, &cfg, &err) != -1) {
            printf("  case %zu: accepted\n", i);
            CHECK(!"bad input accepted");
            continue;
        }
        REQUIRE(msg_ok(&err));
        if (err.line != c->line || !strstr(err.msg, c->msg)) {
            printf("  case %zu: line %u: %s\n", i, err.line, err.msg);
            CHECK(err.line == c->line);
            CHECK(strstr(err.msg, c->msg) != NULL);
        }
    }
}

/* Long offending text is cut short in the message, which always stays
 * NUL-terminated inside CFG_ERR_MAX. */
TEST(config_error_truncated)
{
    static char buf[2100];
    struct domus_config cfg;
    struct cfg_error err;

    build(buf, sizeof(buf), "", 'k', 1000, " = 1\n");
    REQUIRE(parse(buf, &cfg, &err) == -1);
    REQUIRE(msg_ok(&err));
    CHECK(strlen(err.msg) < CFG_ERR_MAX);
    CHECK(strncmp(err.msg, "unknown key 'kkk", 16) == 0);
    CHECK(strstr(err.msg, "...'") != NULL);

    build(buf, sizeof(buf), "dom0_mem = ", '\x01', 2000, "\n");
    REQUIRE(parse(buf, &cfg, &err) == -1);
    REQUIRE(msg_ok(&err));
    CHECK(strlen(err.msg) == CFG_ERR_MAX - 1); /* \x01 x 48 overflows */
    CHECK(strncmp(err.msg, "bad size '\\x01\\x01", 18) == 0);
}

/* A successful parse after a failed one clears the error. */
TEST(config_error_cleared)
{
    struct domus_config cfg;
    struct cfg_error err;

    CHECK(parse("foo = 1\n", &cfg, &err) == -1);
    CHECK(err.line == 1 && err.msg[0] != '\0');
    CHECK(parse("console = x\n", &cfg, &err) == 0);
    CHECK(err.line == 0 && err.msg[0] == '\0');
}

/* cfg_parse_size: suffixes in both cases, hex, limits and overflow. */
TEST(config_sizes)
{
    static const struct {
        const char *s;
        int ret;
        uint64_t value;
    } cases[] = {
        {"0", 0, 0},
        {"4096", 0, 4096},
        {"64K", 0, KiB(64)},
        {"64k", 0, KiB(64)},
        {"512M", 0, MiB(512)},
        {"512m", 0, MiB(512)},
        {"2G", 0, GiB(2)},
        {"2g", 0, GiB(2)},
        {"007", 0, 7},
        {"0x1000", 0, 0x1000},
        {"0X10M", 0, MiB(16)},
        {"0xAbC", 0, 0xabc},
        {"0x1g", 0, GiB(1)},
        {"18446744073709551615", 0, UINT64_MAX},
        {"0xffffffffffffffff", 0, UINT64_MAX},
        {"17179869183G", 0, GiB(17179869183ULL)},
        {"18446744073709551616", -1, 0},
        {"0x10000000000000000", -1, 0},
        {"17179869184G", -1, 0},
        {"18014398509481984K", -1, 0},
        {"", -1, 0},
        {"K", -1, 0},
        {"0x", -1, 0},
        {"0xM", -1, 0},
        {"12Q", -1, 0},
        {"1MB", -1, 0},
        {"1 M", -1, 0},
        {" 1", -1, 0},
        {"-1", -1, 0},
        {"+1", -1, 0},
        {"1.5G", -1, 0},
        {"ff", -1, 0},
        {"1T", -1, 0},
    };
    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        uint64_t v = 12345;
        int r = cfg_parse_size(cases[i].s, strlen(cases[i].s), &v);

        if (r != cases[i].ret || (r == 0 && v != cases[i].value))
            printf("  size case '%s': ret %d value %llu\n", cases[i].s, r, (unsigned long long)v);
        CHECK(r == cases[i].ret);
        CHECK(r == 0 ? v == cases[i].value : v == 12345);
    }
    /* The length bounds the parse: the text after it is not looked at. */
    uint64_t v = 0;
    CHECK(cfg_parse_size("16Mjunk", 3, &v) == 0 && v == MiB(16));
}
