/* SPDX-License-Identifier: MIT */
/* Reading a whole file (a kernel, an initrd) into memory. */
#ifndef DOMUS_LOADFILE_H
#define DOMUS_LOADFILE_H

#include <stddef.h>

/*
 * Reads the regular file at path, at most max bytes, into a malloc'd
 * buffer (*buf, *len). what names it in messages ("kernel"). 0, or -1
 * with "cannot read <what> <path>: why" in err.
 */
int load_file(const char *what, const char *path, size_t max, void **buf, size_t *len, char *err,
              size_t errlen);

#endif
