/* The arm64 Image header check (dom0-tools/libdomus/build_image.c). */
#include <stdlib.h>
#include <string.h>

#include "domus_build.h"
#include "ts.h"
#include "unit.h"

#define MIB (1024 * 1024)

static char err[256];

/* A good header is read field by field (Debian's kernel: text_offset 0,
 * flags 0xa = little endian, 4K pages, anywhere). */
TEST(image_good)
{
    unsigned char *img = ts_image(0, 3 * MIB, 0xa, 2 * MIB + 5);
    struct domus_image_info info;
    REQUIRE(domus_image_check(img, 2 * MIB + 5, &info, err, sizeof(err)) == 0);
    CHECK(info.text_offset == 0);
    CHECK(info.image_size == 3 * MIB);
    CHECK(info.flags == 0xa);
    CHECK(info.file_size == 2 * MIB + 5);
    free(img);
    /* The old fixed offset and a file exactly image_size long are fine. */
    img = ts_image(0x80000, 4096, 0x2, 4096);
    CHECK(domus_image_check(img, 4096, &info, err, sizeof(err)) == 0);
    CHECK(info.text_offset == 0x80000);
    free(img);
}

/* Each way a file can fail gives its own message. */
TEST(image_refused)
{
    static const struct {
        uint64_t text_offset, image_size, flags;
        size_t file_size;
        const char *message;
    } cases[] = {
        {0, 0, 0xa, 4096, "Image header has image_size 0 (a kernel older than Linux 3.17)"},
        {0, MIB, 0xb, 4096, "Image is a big-endian kernel: not supported"},
        {0, MIB, 0x1a, 4096, "Image header has unknown flags 0x1a"},
        {0x80800, MIB, 0xa, 4096, "Image header has text_offset 0x80800: not a multiple of 4 KiB"},
        {0x200000, MIB, 0xa, 4096, "Image header has text_offset 0x200000"},
        {0, 4096, 0xa, 8192,
         "Image header has image_size 0x1000, smaller than the file (8192 bytes)"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        unsigned char *img =
            ts_image(cases[i].text_offset, cases[i].image_size, cases[i].flags, cases[i].file_size);
        struct domus_image_info info;
        CHECK(domus_image_check(img, cases[i].file_size, &info, err, sizeof(err)) < 0);
        CHECK(strstr(err, cases[i].message) == err);
        free(img);
    }
}

/* Files that are not Images at all, and what they look like instead. */
TEST(image_not_an_image)
{
    struct domus_image_info info;
    unsigned char buf[128] = {0};
    CHECK(domus_image_check(buf, 63, &info, err, sizeof(err)) < 0);
    CHECK(!strcmp(err, "not an arm64 Linux Image: 63 bytes, shorter than its header (64)"));
    CHECK(domus_image_check(buf, sizeof(buf), &info, err, sizeof(err)) < 0);
    CHECK(!strcmp(err, "not an arm64 Linux Image: no \"ARM\\x64\" magic at offset 0x38"));
    buf[0] = 0x1f;
    buf[1] = 0x8b;
    CHECK(domus_image_check(buf, sizeof(buf), &info, err, sizeof(err)) < 0);
    CHECK(strstr(err, "a gzip file (Image.gz?)"));
    memcpy(buf, "\177ELF", 4);
    CHECK(domus_image_check(buf, sizeof(buf), &info, err, sizeof(err)) < 0);
    CHECK(strstr(err, "an ELF file (vmlinux?)"));
    memcpy(buf, "070701", 6);
    CHECK(domus_image_check(buf, sizeof(buf), &info, err, sizeof(err)) < 0);
    CHECK(strstr(err, "a cpio archive"));
    /* The magic alone, one byte off, is not enough. */
    unsigned char *img = ts_image(0, MIB, 0xa, 4096);
    img[0x39] ^= 1;
    CHECK(domus_image_check(img, 4096, &info, err, sizeof(err)) < 0);
    free(img);
}
