/* SPDX-License-Identifier: MIT */
/* The run directory's per-domain files (registry.h). */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "registry.h"

#define DEFAULT_DIR "/run/domus"

const char *registry_dir(void)
{
    const char *d = getenv("DOMUS_RUN_DIR");
    return d && *d ? d : DEFAULT_DIR;
}

static void file_path(char *buf, size_t size, domid_t dom, const char *suffix)
{
    snprintf(buf, size, "%s/%u.%s", registry_dir(), dom, suffix);
}

/* Writes text to path through a temporary file renamed into place. */
static int write_file(const char *path, const char *text, char *err, size_t errlen)
{
    char tmp[4096 + 8];
    snprintf(tmp, sizeof(tmp), "%s.tmp", path);
    FILE *f = fopen(tmp, "w");
    if (!f) {
        snprintf(err, errlen, "cannot write %s: %s", tmp, strerror(errno));
        return -1;
    }
    int bad = fputs(text, f) < 0;
    bad |= fclose(f) != 0;
    if (bad || rename(tmp, path) < 0) {
        snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno));
        unlink(tmp);
        return -1;
    }
    return 0;
}

int registry_save(domid_t dom, const char *name, const char *build, char *err, size_t errlen)
{
    const char *dir = registry_dir();
    if (mkdir(dir, 0755) < 0 && errno != EEXIST) {
        snprintf(err, errlen, "cannot create %s: %s", dir, strerror(errno));
        return -1;
    }
    char path[4096], line[128];
    snprintf(line, sizeof(line), "%s\n", name);
    file_path(path, sizeof(path), dom, "name");
    if (write_file(path, line, err, errlen) < 0)
        return -1;
    file_path(path, sizeof(path), dom, "build");
    if (build)
        return write_file(path, build, err, errlen);
    unlink(path);
    return 0;
}

int registry_name(domid_t dom, char *name, size_t size)
{
    char path[4096];
    file_path(path, sizeof(path), dom, "name");
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    char *got = fgets(name, (int)size, f);
    fclose(f);
    if (!got)
        return -1;
    name[strcspn(name, "\n")] = '\0';
    return name[0] ? 0 : -1;
}

int registry_value(domid_t dom, const char *key, char *out, size_t size)
{
    char path[4096], line[256];
    file_path(path, sizeof(path), dom, "build");
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    size_t klen = strlen(key);
    int rc = -1;
    while (rc < 0 && fgets(line, sizeof(line), f)) {
        line[strcspn(line, "\n")] = '\0';
        if (!strncmp(line, key, klen) && line[klen] == '=' && strlen(line + klen + 1) < size) {
            snprintf(out, size, "%s", line + klen + 1);
            rc = 0;
        }
    }
    fclose(f);
    return rc;
}

/* The id a directory entry "<id>.name" is about; -1 for anything else. */
static long entry_id(const char *entry)
{
    char *end;
    if (entry[0] < '0' || entry[0] > '9')
        return -1;
    errno = 0;
    unsigned long v = strtoul(entry, &end, 10);
    if (errno || strcmp(end, ".name") || v >= DOMID_FIRST_RESERVED)
        return -1;
    return (long)v;
}

static int cmp_id(const void *a, const void *b)
{
    return (int)*(const domid_t *)a - (int)*(const domid_t *)b;
}

int registry_lookup(const char *name, domid_t *ids, int max)
{
    DIR *d = opendir(registry_dir());
    if (!d)
        return 0;
    int n = 0;
    struct dirent *e;
    while (n < max && (e = readdir(d)) != NULL) {
        long id = entry_id(e->d_name);
        char recorded[128];
        if (id >= 0 && registry_name((domid_t)id, recorded, sizeof(recorded)) == 0 &&
            !strcmp(recorded, name))
            ids[n++] = (domid_t)id;
    }
    closedir(d);
    qsort(ids, (size_t)n, sizeof(*ids), cmp_id);
    return n;
}

void registry_forget(domid_t dom)
{
    char path[4096];
    file_path(path, sizeof(path), dom, "name");
    unlink(path);
    file_path(path, sizeof(path), dom, "build");
    unlink(path);
}
