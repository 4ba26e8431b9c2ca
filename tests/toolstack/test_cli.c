/*
 * The domus command built for the host (build/toolstack/domus): the dry
 * run end to end, and the command lines and inputs it refuses, with their
 * exit status (2 bad usage, 1 refused) and message. Only what needs no
 * hypervisor: nothing here opens privcmd.
 */
#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ts.h"
#include "unit.h"

#define MIB (1024 * 1024)

static char out[65536];

/* A kernel, an initrd and a configuration naming them, in ts_tmpdir(). */
static void files(void)
{
    static bool done;
    if (done)
        return;
    unsigned char *k = ts_image(0, 3 * MIB, 0xa, MIB + 1);
    ts_write("Image", k, MIB + 1);
    free(k);
    char initrd[100];
    memset(initrd, '0', sizeof(initrd));
    memcpy(initrd, "070701", 6);
    ts_write("initrd", initrd, sizeof(initrd));
    static const char cfg[] = "name = 'g1'\nmemory = 64\nvcpus = 3\nkernel = 'Image'\n"
                              "ramdisk = 'initrd'\nextra = 'console=hvc0'\n";
    ts_write("g.cfg", cfg, sizeof(cfg) - 1);
    static const char bad[] = "name = 'g1'\nmemory = 64\nfoo = 'bar'\n";
    ts_write("bad.cfg", bad, sizeof(bad) - 1);
    static const char notimg[] = "name = 'g1'\nmemory = 64\nkernel = 'initrd'\n";
    ts_write("notimg.cfg", notimg, sizeof(notimg) - 1);
    static const char missing[] = "name = 'g1'\nmemory = 64\nkernel = 'nothere'\n";
    ts_write("missing.cfg", missing, sizeof(missing) - 1);
    done = true;
}

/* The dry run prints the plan and the steps, writes the device tree and
 * exits 0. */
TEST(cli_dry_run)
{
    files();
    REQUIRE(ts_domus("create --dry-run g.cfg --dtb-out g.dtb", out, sizeof(out)) == 0);
    CHECK(strstr(out, "Parsing config from g.cfg\n"));
    CHECK(strstr(out, "name          : g1\n"));
    CHECK(strstr(out, "vcpus         : 3 (max 3)\n"));
    CHECK(strstr(out, "memory        : 64 MiB (max 64 MiB, max_pages 16386)\n"));
    CHECK(strstr(out, "ram           : 0x40000000-0x44000000 (67108864 bytes)\n"));
    CHECK(strstr(out, "kernel        : 0x40000000-0x40300000 (3145728 bytes = image_size"));
    CHECK(strstr(out, "entry         : 0x40000000\n"));
    CHECK(strstr(out, "dtb           : 0x40400000-0x404"));
    CHECK(strstr(out, "initrd        : 0x40600000-0x40600064 (100 bytes; file initrd)\n"));
    CHECK(strstr(out, "console_ring  : gfn 0x39000\n"));
    CHECK(strstr(out, "xenstore_ring : gfn 0x39001\n"));
    CHECK(strstr(out, "cmdline       : console=hvc0\n"));
    CHECK(strstr(out, "steps (dry run: none of them was taken):\n"));
    CHECK(strstr(out, "  setvcpucontext dom=new vcpu=0 pc=0x40000000 x0=0x40400000"));
    char path[512];
    snprintf(path, sizeof(path), "%s/g.dtb", ts_tmpdir());
    FILE *f = fopen(path, "rb");
    REQUIRE(f);
    static char dtb[65536];
    size_t n = fread(dtb, 1, sizeof(dtb), f);
    fclose(f);
    CHECK(n > 0 && fdt_check_header(dtb) == 0 && fdt_totalsize(dtb) == n);
    CHECK(fdt_path_offset(dtb, "/cpus/cpu@2") >= 0);
}

/* -p: the dry run's steps end without the unpause. */
TEST(cli_dry_run_paused)
{
    files();
    REQUIRE(ts_domus("create -n -p g.cfg", out, sizeof(out)) == 0);
    CHECK(strstr(out, "  setvcpucontext dom=new vcpu=0"));
    CHECK(!strstr(out, "unpausedomain"));
    REQUIRE(ts_domus("create --dry-run g.cfg", out, sizeof(out)) == 0);
    CHECK(strstr(out, "  unpausedomain dom=new\n"));
}

/* KEY=VALUE after the file overrides it, and is checked like it. */
TEST(cli_key_value)
{
    files();
    REQUIRE(ts_domus("create -n g.cfg memory=128 'extra=\"quiet\"'", out, sizeof(out)) == 0);
    CHECK(strstr(out, "memory        : 128 MiB (max 128 MiB"));
    CHECK(strstr(out, "cmdline       : quiet\n"));
    CHECK(ts_domus("create -n g.cfg memory=128 vcpus=x", out, sizeof(out)) == 1);
    CHECK(strstr(out, "domus create: command line:2: expected a value"));
    CHECK(ts_domus("create -n g.cfg colour=1", out, sizeof(out)) == 1);
    CHECK(strstr(out, "domus create: command line:1: unknown key 'colour'\n"));
}

/* Refusals: each with its status and message, and no plan printed. */
TEST(cli_refusals)
{
    files();
    static const struct {
        const char *args;
        int status;
        const char *message;
    } cases[] = {
        {"create", 2, "domus create: no configuration file given\nusage: domus create"},
        {"create -n", 2, "domus create: no configuration file given"},
        {"create --bogus g.cfg", 2, "domus create: unknown option '--bogus'"},
        {"create -x g.cfg", 2, "domus create: unknown option '-x'"},
        {"create -n g.cfg --dtb-out", 2, "domus create: option '--dtb-out' needs an argument"},
        {"create -n g.cfg memory", 2, "domus create: 'memory' is neither an option nor KEY=VALUE"},
        {"create -n nothere.cfg", 1, "domus create: cannot open nothere.cfg: No such file"},
        {"create -n bad.cfg", 1, "domus create: bad.cfg:3: unknown key 'foo'\n"},
        {"create -n notimg.cfg", 1,
         "domus create: kernel initrd: not an arm64 Linux Image: a cpio archive"},
        {"create -n missing.cfg", 1,
         "domus create: cannot read kernel nothere: No such file or directory\n"},
        {"create -n g.cfg memory=4", 1, "domus create: memory = 4 MiB is too small"},
        {"create -n g.cfg ramdisk=\\'nothere\\'", 1, "domus create: cannot read ramdisk nothere"},
        {"create -n g.cfg --dtb-out /nonexistent/x.dtb", 1,
         "domus create: cannot write /nonexistent/x.dtb"},
        {"list extra", 2, "domus list: unexpected argument 'extra'"},
        {"destroy", 2, "domus destroy: which domain? (usage: domus destroy ID|NAME)"},
        {"destroy 1 2", 2, "domus destroy: unexpected argument '2'"},
        {"pause", 2, "domus pause: which domain?"},
        {"unpause a b", 2, "domus unpause: unexpected argument 'b'"},
        {"frobnicate", 2, "domus: unknown command 'frobnicate'"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        int status = ts_domus(cases[i].args, out, sizeof(out));
        if (status != cases[i].status || !strstr(out, cases[i].message))
            printf("    '%s': status %d, output:\n%s", cases[i].args, status, out);
        CHECK(status == cases[i].status);
        CHECK(strstr(out, cases[i].message));
        CHECK(!strstr(out, "steps ("));
    }
}

/* Help exits 0 and lists the new commands. */
TEST(cli_help)
{
    CHECK(ts_domus("help", out, sizeof(out)) == 0);
    CHECK(strstr(out, "create") && strstr(out, "list") && strstr(out, "destroy") &&
          strstr(out, "unpause"));
    CHECK(ts_domus("create --help", out, sizeof(out)) == 0);
    CHECK(strstr(out, "usage: domus create [-n|--dry-run]"));
}
