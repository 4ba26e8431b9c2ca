/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "loadfile.h"

int load_file(const char *what, const char *path, size_t max, void **buf, size_t *len, char *err,
              size_t errlen)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) < 0) {
        snprintf(err, errlen, "cannot read %s %s: %s", what, path, strerror(errno));
        if (fd >= 0)
            close(fd);
        return -1;
    }
    const char *why = NULL;
    if (!S_ISREG(st.st_mode))
        why = "not a regular file";
    else if ((unsigned long long)st.st_size > max)
        why = "too large";
    else if (st.st_size == 0)
        why = "empty";
    char *data = why ? NULL : malloc((size_t)st.st_size);
    if (!why && !data)
        why = "out of memory";
    size_t got = 0;
    while (!why && got < (size_t)st.st_size) {
        ssize_t r = read(fd, data + got, (size_t)st.st_size - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            why = r < 0 ? strerror(errno) : "shorter than its size";
        else
            got += (size_t)r;
    }
    close(fd);
    if (why) {
        snprintf(err, errlen, "cannot read %s %s: %s", what, path, why);
        free(data);
        return -1;
    }
    *buf = data;
    *len = got;
    return 0;
}
