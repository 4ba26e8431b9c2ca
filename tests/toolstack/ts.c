/* Helpers of the toolstack host tests (ts.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ts.h"

static void put_le(unsigned char *p, uint64_t v, unsigned int bytes)
{
    for (unsigned int i = 0; i < bytes; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

unsigned char *ts_image(uint64_t text_offset, uint64_t image_size, uint64_t flags, size_t file_size)
{
    unsigned char *p = calloc(1, file_size < 64 ? 64 : file_size);
    if (!p)
        abort();
    for (size_t i = 64; i < file_size; i++)
        p[i] = (unsigned char)(i * 7 + (i >> 12));
    put_le(p + 0x00, 0x14000010, 4); /* b +0x40, like a real Image's code0 */
    put_le(p + 0x08, text_offset, 8);
    put_le(p + 0x10, image_size, 8);
    put_le(p + 0x18, flags, 8);
    put_le(p + 0x38, DOMUS_IMAGE_MAGIC, 4);
    return p;
}

struct domus_build_input ts_input(const void *kernel, size_t kernel_size, const void *ramdisk,
                                  size_t ramdisk_size, uint64_t memory_mib, unsigned int vcpus)
{
    struct domus_build_input in = {
        .vcpus = vcpus,
        .max_vcpus = vcpus,
        .memory_mib = memory_mib,
        .maxmem_mib = memory_mib,
        .bootargs = "console=hvc0",
        .kernel = kernel,
        .kernel_size = kernel_size,
        .ramdisk = ramdisk,
        .ramdisk_size = ramdisk_size,
        .xen_major = 4,
        .xen_minor = 17,
    };
    return in;
}

static char tmpdir[64];

static void remove_tmpdir(void)
{
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", tmpdir);
}

const char *ts_tmpdir(void)
{
    if (!tmpdir[0]) {
        snprintf(tmpdir, sizeof(tmpdir), "/tmp/domus-toolstack.XXXXXX");
        if (!mkdtemp(tmpdir))
            abort();
        atexit(remove_tmpdir);
    }
    return tmpdir;
}

const char *ts_write(const char *name, const void *data, size_t len)
{
    static char paths[8][256];
    static unsigned int next;
    char *path = paths[next++ % 8];
    snprintf(path, sizeof(paths[0]), "%s/%s", ts_tmpdir(), name);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0)
        abort();
    return path;
}

int ts_domus(const char *args, char *out, size_t size)
{
    char cwd[4096], cmd[8192];
    if (!getcwd(cwd, sizeof(cwd)))
        abort();
    const char *bin = getenv("DOMUS_HOST_BIN");
    snprintf(cmd, sizeof(cmd), "cd '%s' && DOMUS_RUN_DIR='%s/run' '%s%s' %s 2>&1", ts_tmpdir(),
             ts_tmpdir(), bin ? "" : cwd, bin ? bin : "/build/toolstack/domus", args);
    FILE *p = popen(cmd, "r");
    if (!p)
        abort();
    size_t len = fread(out, 1, size - 1, p);
    out[len] = '\0';
    int status = pclose(p);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* Line-buffered output, so that every result line is out before a
 * sanitizer's report ends the run. */
__attribute__((constructor)) static void ts_line_buffered(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
}
