/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <string.h>

#include "path.h"

static bool valid_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '/' || c == '_' || c == '@';
}

/* No empty component: no "//" and no trailing '/' (except the root). */
static bool well_formed(const char *p, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (!valid_char(p[i]))
            return false;
        if (p[i] == '/' && i + 1 < len && p[i + 1] == '/')
            return false;
    }
    return len == 1 || p[len - 1] != '/';
}

void xs_path_home(uint16_t domid, char *buf, size_t size)
{
    snprintf(buf, size, "/local/domain/%u", (unsigned int)domid);
}

/* Length of the part after "/local/domain/<n>/", or of the whole path. */
static size_t under_home_len(const char *path)
{
    static const char prefix[] = "/local/domain/";
    size_t n = strlen(path);
    if (strncmp(path, prefix, sizeof(prefix) - 1))
        return n;
    const char *p = path + sizeof(prefix) - 1;
    while (*p >= '0' && *p <= '9')
        p++;
    if (*p != '/')
        return n;
    return strlen(p + 1);
}

int xs_path_resolve(const char *in, uint16_t home_domid, bool allow_special, bool limit_rel,
                    char *out, bool *relative)
{
    size_t len = strlen(in);
    if (len == 0 || len > XENSTORE_ABS_PATH_MAX || !well_formed(in, len))
        return XEN_EINVAL;
    bool rel = in[0] != '/' && in[0] != '@';
    if (relative)
        *relative = rel;
    if (in[0] == '@') {
        if (!allow_special)
            return XEN_EINVAL;
        memcpy(out, in, len + 1);
        return 0;
    }
    /* '@' inside a path is allowed by the character set but names no
     * special node. */
    if (rel) {
        char home[24];
        xs_path_home(home_domid, home, sizeof(home));
        size_t hlen = strlen(home);
        if (hlen + 1 + len > XENSTORE_ABS_PATH_MAX)
            return XEN_EINVAL;
        memcpy(out, home, hlen);
        out[hlen] = '/';
        memcpy(out + hlen + 1, in, len + 1);
    } else {
        memcpy(out, in, len + 1);
    }
    if (limit_rel && under_home_len(out) > XENSTORE_REL_PATH_MAX)
        return XEN_EINVAL;
    return 0;
}

bool xs_path_is_special(const char *path)
{
    return path[0] == '@';
}

bool xs_path_is_under(const char *child, const char *parent)
{
    size_t plen = strlen(parent);
    if (!strcmp(parent, "/"))
        return child[0] == '/';
    if (strncmp(child, parent, plen))
        return false;
    return child[plen] == '\0' || child[plen] == '/';
}

const char *xs_path_relative_to_home(const char *path, uint16_t domid)
{
    char home[24];
    xs_path_home(domid, home, sizeof(home));
    size_t hlen = strlen(home);
    if (!strncmp(path, home, hlen) && path[hlen] == '/')
        return path + hlen + 1;
    return path;
}

size_t xs_path_parent_len(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash || slash == path)
        return 1;
    return (size_t)(slash - path);
}
