/* The run directory's per-domain files (dom0-tools/domus/registry.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "registry.h"
#include "ts.h"
#include "unit.h"

static char err[256];

static void use_dir(const char *sub)
{
    char dir[256];
    snprintf(dir, sizeof(dir), "%s/%s", ts_tmpdir(), sub);
    setenv("DOMUS_RUN_DIR", dir, 1);
}

/* Names and build values are saved, found by id and by name, forgotten. */
TEST(registry_save_lookup_forget)
{
    use_dir("reg1");
    char name[64];
    domid_t ids[8];
    CHECK(registry_name(3, name, sizeof(name)) < 0);
    CHECK(registry_lookup("web", ids, 8) == 0);
    REQUIRE(registry_save(3, "web", "console_port=2\n", err, sizeof(err)) == 0);
    REQUIRE(registry_save(12, "db", NULL, err, sizeof(err)) == 0);
    REQUIRE(registry_save(1, "web", NULL, err, sizeof(err)) == 0);
    CHECK(registry_name(3, name, sizeof(name)) == 0 && !strcmp(name, "web"));
    CHECK(registry_name(12, name, sizeof(name)) == 0 && !strcmp(name, "db"));
    CHECK(registry_lookup("web", ids, 8) == 2 && ids[0] == 1 && ids[1] == 3);
    CHECK(registry_lookup("we", ids, 8) == 0);
    CHECK(registry_lookup("web", ids, 1) == 1);
    char path[512];
    snprintf(path, sizeof(path), "%s/3.build", registry_dir());
    CHECK(access(path, R_OK) == 0);
    registry_forget(3);
    CHECK(access(path, F_OK) != 0);
    CHECK(registry_name(3, name, sizeof(name)) < 0);
    CHECK(registry_lookup("web", ids, 8) == 1 && ids[0] == 1);
}

/* Files that are not "<id>.name" are ignored. */
TEST(registry_ignores_other_files)
{
    use_dir("reg2");
    REQUIRE(registry_save(4, "x", NULL, err, sizeof(err)) == 0);
    ts_write("reg2/x.name", "x\n", 2);
    ts_write("reg2/99999.name", "x\n", 2);
    ts_write("reg2/5.names", "x\n", 6 - 4);
    domid_t ids[8];
    CHECK(registry_lookup("x", ids, 8) == 1 && ids[0] == 4);
}

/* An unwritable run directory is an error with the reason. */
TEST(registry_unwritable)
{
    setenv("DOMUS_RUN_DIR", "/proc/domus-no-such-dir", 1);
    CHECK(registry_save(1, "a", NULL, err, sizeof(err)) < 0);
    CHECK(strstr(err, "cannot create /proc/domus-no-such-dir"));
    unsetenv("DOMUS_RUN_DIR");
}

/* One build value by key: whole keys only, a missing key or file is -1,
 * a value too long for the buffer is -1. */
TEST(registry_value_by_key)
{
    use_dir("reg3");
    REQUIRE(registry_save(2, "g", "name=g\non_poweroff=preserve\non_crash=destroy\n", err,
                          sizeof(err)) == 0);
    char v[16];
    CHECK(registry_value(2, "on_poweroff", v, sizeof(v)) == 0 && !strcmp(v, "preserve"));
    CHECK(registry_value(2, "on_crash", v, sizeof(v)) == 0 && !strcmp(v, "destroy"));
    CHECK(registry_value(2, "on_", v, sizeof(v)) < 0);
    CHECK(registry_value(2, "on_reboot", v, sizeof(v)) < 0);
    CHECK(registry_value(2, "on_poweroff", v, 4) < 0);
    CHECK(registry_value(9, "name", v, sizeof(v)) < 0);
}
