/* SPDX-License-Identifier: MIT */
/*
 * The arm64 Linux Image header (Linux Documentation/arch/arm64/booting.rst):
 * 64 bytes at the start of the file, little endian: code0, code1 (4 bytes
 * each), text_offset, image_size, flags, three reserved words (8 bytes
 * each), the magic "ARM\x64" and a PE header offset (4 bytes each).
 */
#include <stdio.h>
#include <string.h>

#include "domus_build.h"

#define OFF_TEXT_OFFSET 0x08
#define OFF_IMAGE_SIZE  0x10
#define OFF_FLAGS       0x18
#define OFF_MAGIC       0x38

#define FLAG_BE      (1ULL << 0)
#define FLAGS_KNOWN  0xfULL /* bits 4-63 are reserved */
#define TEXT_OFF_MAX 0x200000ULL
#define PAGE_MASK_4K 0xfffULL

static uint64_t le(const unsigned char *p, unsigned int bytes)
{
    uint64_t v = 0;
    for (unsigned int i = bytes; i-- > 0;)
        v = v << 8 | p[i];
    return v;
}

/* Some other kind of file someone might take for a kernel. */
static const char *what_else(const unsigned char *p, size_t len)
{
    if (len >= 2 && p[0] == 0x1f && p[1] == 0x8b)
        return "a gzip file (Image.gz?): decompress it first";
    if (len >= 4 && !memcmp(p, "\177ELF", 4))
        return "an ELF file (vmlinux?): the bootable form is arch/arm64/boot/Image";
    if (len >= 6 && !memcmp(p, "070701", 6))
        return "a cpio archive (an initrd?)";
    return "no \"ARM\\x64\" magic at offset 0x38";
}

int domus_image_check(const void *buf, size_t len, struct domus_image_info *out, char *err,
                      size_t errlen)
{
    const unsigned char *p = buf;
    if (len < DOMUS_IMAGE_HEADER_SIZE) {
        snprintf(err, errlen, "not an arm64 Linux Image: %zu bytes, shorter than its header (%d)",
                 len, DOMUS_IMAGE_HEADER_SIZE);
        return -1;
    }
    if (le(p + OFF_MAGIC, 4) != DOMUS_IMAGE_MAGIC) {
        snprintf(err, errlen, "not an arm64 Linux Image: %s", what_else(p, len));
        return -1;
    }
    out->text_offset = le(p + OFF_TEXT_OFFSET, 8);
    out->image_size = le(p + OFF_IMAGE_SIZE, 8);
    out->flags = le(p + OFF_FLAGS, 8);
    out->file_size = len;
    if (out->image_size == 0) {
        snprintf(err, errlen,
                 "Image header has image_size 0 (a kernel older than Linux 3.17): "
                 "not supported");
        return -1;
    }
    if (out->flags & FLAG_BE) {
        snprintf(err, errlen, "Image is a big-endian kernel: not supported");
        return -1;
    }
    if (out->flags & ~FLAGS_KNOWN) {
        snprintf(err, errlen, "Image header has unknown flags 0x%llx (bits 4-63 are reserved)",
                 (unsigned long long)out->flags);
        return -1;
    }
    if (out->text_offset >= TEXT_OFF_MAX || (out->text_offset & PAGE_MASK_4K)) {
        snprintf(err, errlen,
                 "Image header has text_offset 0x%llx: not a multiple of 4 KiB below 2 MiB",
                 (unsigned long long)out->text_offset);
        return -1;
    }
    if (out->image_size < len) {
        snprintf(err, errlen,
                 "Image header has image_size 0x%llx, smaller than the file (%zu bytes)",
                 (unsigned long long)out->image_size, len);
        return -1;
    }
    return 0;
}
