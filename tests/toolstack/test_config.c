/* The xl.cfg subset of `domus create` (dom0-tools/domus/config.c). */
#include <string.h>

#include "config.h"
#include "ts.h"
#include "unit.h"

static char err[512];

/* Parses text as file g.cfg and finishes it; 0 or -1 (message in err). */
static int parse(const char *text, struct domus_config *c)
{
    config_init(c);
    err[0] = '\0';
    if (config_parse(c, "g.cfg", text, strlen(text), err, sizeof(err)) < 0)
        return -1;
    return config_finish(c, "g.cfg", err, sizeof(err));
}

static const char good[] = "# a guest\n"
                           "name = \"web-1.a_b\"\n"
                           "type='pvh'   # Arm guests are PVH\n"
                           "memory = 0x100; maxmem = 512\n"
                           "vcpus = 2\n"
                           "maxvcpus = 010\n"
                           "kernel = \"/boot/Image\"\n"
                           "ramdisk = '/boot/initrd.img'\n"
                           "cmdline = \"console=hvc0 quiet\"\n"
                           "on_poweroff = \"preserve\"\n"
                           "on_reboot = \"destroy\"\n"
                           "on_crash = \"restart\"";

/* Every key of the subset is read, with xl's number forms and separators. */
TEST(config_all_keys)
{
    struct domus_config c;
    REQUIRE(parse(good, &c) == 0);
    CHECK(!strcmp(c.name, "web-1.a_b"));
    CHECK(c.memory_mib == 256);
    CHECK(c.maxmem_mib == 512);
    CHECK(c.vcpus == 2);
    CHECK(c.maxvcpus == 8); /* octal */
    CHECK(!strcmp(c.kernel, "/boot/Image"));
    CHECK(!strcmp(c.ramdisk, "/boot/initrd.img"));
    CHECK(!strcmp(c.bootargs, "console=hvc0 quiet"));
    CHECK(c.on_poweroff == DOMUS_ACTION_PRESERVE);
    CHECK(c.on_reboot == DOMUS_ACTION_DESTROY);
    CHECK(c.on_crash == DOMUS_ACTION_RESTART);
    CHECK(c.warning[0] == '\0');
    config_free(&c);
}

/* xl's defaults: 1 vCPU, maxvcpus = vcpus, maxmem = memory, the actions. */
TEST(config_defaults)
{
    struct domus_config c;
    REQUIRE(parse("name='a'\nkernel='k'\nmemory=64\n", &c) == 0);
    CHECK(c.vcpus == 1 && c.maxvcpus == 1);
    CHECK(c.memory_mib == 64 && c.maxmem_mib == 64);
    CHECK(c.ramdisk == NULL && c.bootargs == NULL);
    CHECK(c.on_poweroff == DOMUS_ACTION_DESTROY);
    CHECK(c.on_reboot == DOMUS_ACTION_RESTART);
    CHECK(c.on_crash == DOMUS_ACTION_DESTROY);
    config_free(&c);
}

/* root and extra combine as xl's do; cmdline wins over both, with a warning. */
TEST(config_cmdline_root_extra)
{
    static const struct {
        const char *keys, *bootargs;
        bool warns;
    } cases[] = {
        {"root='/dev/xvda'\nextra='ro quiet'\n", "root=/dev/xvda ro quiet", false},
        {"root='/dev/xvda'\n", "root=/dev/xvda", false},
        {"extra='ro quiet'\n", "ro quiet", false},
        {"extra='x'\ncmdline='console=hvc0'\n", "console=hvc0", true},
        {"cmdline=''\n", "", false},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char text[256];
        struct domus_config c;
        snprintf(text, sizeof(text), "name='a'\nkernel='k'\nmemory=64\n%s", cases[i].keys);
        REQUIRE(parse(text, &c) == 0);
        CHECK(c.bootargs && !strcmp(c.bootargs, cases[i].bootargs));
        CHECK((c.warning[0] != '\0') == cases[i].warns);
        config_free(&c);
    }
}

/* Strings: both quotes, escapes; lists parse (over several lines, nested,
 * with a trailing comma) even though no key of ours takes one. */
TEST(config_syntax_forms)
{
    struct domus_config c;
    REQUIRE(parse("name=\"a\"; kernel = 'k\\x41\\101\\t\\\\\\'\\\"'; memory=1\n"
                  "\n   # only a comment\n;;\n",
                  &c) == 0);
    CHECK(!strcmp(c.kernel, "kAA\t\\'\""));
    config_free(&c);
    REQUIRE(parse("name='a'\nkernel='k'\nmemory=1\nvif = [ 'mac=00:16:3e:00:00:01',\n"
                  "   [ 1, 2 ], ]\n",
                  &c) < 0);
    CHECK(strstr(err, "g.cfg:4: key 'vif' is not supported by domus") == err);
    config_free(&c);
}

/* A key set twice keeps its last value; settings after the file (the
 * KEY=VALUE arguments) override it and are named in messages. */
TEST(config_last_wins_and_command_line)
{
    struct domus_config c;
    config_init(&c);
    const char *file = "name='a'\nkernel='k'\nmemory=64\nmemory=128\n";
    REQUIRE(config_parse(&c, "g.cfg", file, strlen(file), err, sizeof(err)) == 0);
    CHECK(c.memory_mib == 128);
    const char *args = "memory=32\nvcpus=4\n";
    REQUIRE(config_parse(&c, "command line", args, strlen(args), err, sizeof(err)) == 0);
    REQUIRE(config_finish(&c, "g.cfg", err, sizeof(err)) == 0);
    CHECK(c.memory_mib == 32 && c.vcpus == 4 && c.maxvcpus == 4);
    const char *bad = "memory=32\nfoo=1\n";
    CHECK(config_parse(&c, "command line", bad, strlen(bad), err, sizeof(err)) < 0);
    CHECK(!strcmp(err, "command line:2: unknown key 'foo'"));
    config_free(&c);
}

/* Each bad file gives exactly this message: the file, the line, what. */
TEST(config_errors_name_the_line)
{
    static const struct {
        const char *text, *message;
    } cases[] = {
        {"name='a'\nmemory=64\nfoo = 1\n", "g.cfg:3: unknown key 'foo'"},
        {"name='a'\n\n\ndisk = ['x']\n", "g.cfg:4: key 'disk' is not supported by domus"},
        {"memory = '64'\n", "g.cfg:1: 'memory' must be a number, not a string"},
        {"name = 5\n", "g.cfg:1: 'name' must be a string, not a number"},
        {"kernel = ['a']\n", "g.cfg:1: 'kernel' must be a string, not a list"},
        {"memory = 0\n", "g.cfg:1: memory = 0 is out of range (1 to 1043456 MiB)"},
        {"\nvcpus = 129\n", "g.cfg:2: vcpus = 129 is out of range (1 to 128)"},
        {"memory = 512M\n", "g.cfg:1: memory = 512M is not a number of MiB"},
        {"memory = 08\n", "g.cfg:1: memory = 08 is not a number of MiB"},
        {"memory = 99999999999999999999999\n",
         "g.cfg:1: memory = 99999999999999999999999 is not a number of MiB"},
        {"memory = -5\n", "g.cfg:1: unexpected character '-'"},
        {"type = \"hvm\"\n", "g.cfg:1: type 'hvm' is not supported: Arm guests are type \"pvh\""},
        {"on_reboot = 'coredump-restart'\n",
         "g.cfg:1: on_reboot = 'coredump-restart' is not supported (destroy, restart or "
         "preserve)"},
        {"name = 'a b'\n",
         "g.cfg:1: name 'a b' has characters other than letters, digits, '-', '_' and '.'"},
        {"name = '42'\n", "g.cfg:1: name '42' is a number, which would read as a domain id"},
        {"name = 'Domain-0'\n", "g.cfg:1: name 'Domain-0' belongs to the control domain"},
        {"name = ''\n", "g.cfg:1: 'name' is empty"},
        {"kernel = ''\n", "g.cfg:1: 'kernel' is empty"},
        {"name = \"abc\n", "g.cfg:1: string not closed before the end of the line"},
        {"name = 'a\\q'\n", "g.cfg:1: unknown escape '\\q' in a string"},
        {"name = 'a\\x4'\n", "g.cfg:1: '\\x' must be followed by two hexadecimal digits"},
        {"\n\nmemory += 5\n", "g.cfg:3: '+=' (appending to 'memory') is not supported"},
        {"memory 64\n", "g.cfg:1: expected '=' after 'memory', found number 64"},
        {"memory = 64 65\n",
         "g.cfg:1: expected the end of the line or ';' after the value of 'memory', found "
         "number 65"},
        {"memory =\n", "g.cfg:1: expected a value (a string, a number or a list), found the end "
                       "of the line"},
        {"= 5\n", "g.cfg:1: expected a key name, found '='"},
        {"vif = [ 'a' 'b' ]\n", "g.cfg:1: expected ',' or ']' in a list, found string \"b\""},
        {"vif = [ 'a',\n 'b'\n", "g.cfg:3: expected ',' or ']' in a list, found the end of the "
                                 "file"},
        {"vif = [[[[[[[[[[]]]]]]]]]]\n", "g.cfg:1: lists nested too deeply"},
        {"name='a'\nkernel='k'\nmemory=64\nmaxmem=32\n",
         "g.cfg:4: maxmem (32 MiB) is less than memory (64 MiB)"},
        {"name='a'\nkernel='k'\nmemory=64\nvcpus=4\nmaxvcpus=2\n",
         "g.cfg:4: vcpus (4) is more than maxvcpus (2)"},
        {"kernel='k'\nmemory=64\n", "g.cfg: 'name' is not set (the domain's name)"},
        {"name='a'\nmemory=64\n", "g.cfg: 'kernel' is not set (the path of an arm64 Linux Image)"},
        {"name='a'\nkernel='k'\n", "g.cfg: 'memory' is not set (the domain's RAM in MiB)"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct domus_config c;
        int rc = parse(cases[i].text, &c);
        CHECK(rc < 0);
        if (strcmp(err, cases[i].message))
            printf("    case %zu: got '%s'\n    wanted        '%s'\n", i, err, cases[i].message);
        CHECK(!strcmp(err, cases[i].message));
        config_free(&c);
    }
}

/* A NUL byte means it is not a text file; the line it is on is named. */
TEST(config_nul_byte)
{
    struct domus_config c;
    config_init(&c);
    static const char text[] = "name='a'\nmem\0ory=1\n";
    CHECK(config_parse(&c, "g.cfg", text, sizeof(text) - 1, err, sizeof(err)) < 0);
    CHECK(!strcmp(err, "g.cfg:2: a NUL byte (this is not a text file)"));
    config_free(&c);
}

/* config_parse_file: a missing file, and a good one. */
TEST(config_parse_file)
{
    struct domus_config c;
    config_init(&c);
    CHECK(config_parse_file(&c, "/nonexistent/g.cfg", err, sizeof(err)) < 0);
    CHECK(!strcmp(err, "cannot open /nonexistent/g.cfg: No such file or directory"));
    const char *path = ts_write("good.cfg", good, strlen(good));
    REQUIRE(config_parse_file(&c, path, err, sizeof(err)) == 0);
    REQUIRE(config_finish(&c, path, err, sizeof(err)) == 0);
    CHECK(c.memory_mib == 256 && !strcmp(c.name, "web-1.a_b"));
    config_free(&c);
}
