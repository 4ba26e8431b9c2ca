/*
 * Helpers shared by the toolstack host tests (tests/toolstack/): fake
 * kernel Images, scratch files and running the host-built domus command.
 */
#ifndef TESTS_TOOLSTACK_TS_H
#define TESTS_TOOLSTACK_TS_H

#include <stddef.h>
#include <stdint.h>

#include "domus_build.h"

/* A little-endian arm64 Image of file_size bytes (>= 64) with this header;
 * the bytes after the header are a pattern that depends on their offset.
 * malloc'd. */
unsigned char *ts_image(uint64_t text_offset, uint64_t image_size, uint64_t flags,
                        size_t file_size);

/* A build input with sensible defaults around kernel/ramdisk. */
struct domus_build_input ts_input(const void *kernel, size_t kernel_size, const void *ramdisk,
                                  size_t ramdisk_size, uint64_t memory_mib, unsigned int vcpus);

/* A fresh directory under /tmp (removed at exit, with its files). */
const char *ts_tmpdir(void);

/* Writes len bytes to dir/name; returns the path (static buffer, one of
 * eight in rotation). */
const char *ts_write(const char *name, const void *data, size_t len);

/* Runs "build/toolstack/domus ARGS" (sh syntax) in ts_tmpdir(), stdout and
 * stderr together into out[size]; returns the exit status (-1 if it did
 * not exit normally). */
int ts_domus(const char *args, char *out, size_t size);

#endif
