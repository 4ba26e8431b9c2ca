/* SPDX-License-Identifier: MIT */
/*
 * Xenstore paths. A client names a node by an absolute path ("/a/b"), by a
 * path relative to its domain's home, /local/domain/<domid> ("device/vif"
 * from domain 5 is /local/domain/5/device/vif), or, for watches and
 * permissions only, by a special name starting with '@'. Paths use
 * letters, digits and "-/_@" only, have no empty component (no "//", no
 * trailing '/', except the root "/") and are at most XENSTORE_ABS_PATH_MAX
 * bytes once made absolute.
 */
#ifndef XENSTORED_PATH_H
#define XENSTORED_PATH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "xen/io_xs_wire.h"

/* Room for any canonical path and its NUL. */
#define XS_PATH_BUF (XENSTORE_ABS_PATH_MAX + 1)

/*
 * Checks the client's path in and writes its absolute form into out
 * (XS_PATH_BUF bytes). home_domid: whose home a relative path is under.
 * allow_special: '@' names are accepted (watches, permissions).
 * limit_rel: the part under a domain's home must also fit
 * XENSTORE_REL_PATH_MAX (the unprivileged domains' limit).
 * *relative (may be NULL) tells whether in was relative.
 * Returns 0 or XEN_EINVAL.
 */
int xs_path_resolve(const char *in, uint16_t home_domid, bool allow_special, bool limit_rel,
                    char *out, bool *relative);

/* True for the '@' names. */
bool xs_path_is_special(const char *path);

/* True if child is parent or lies under it (canonical paths). */
bool xs_path_is_under(const char *child, const char *parent);

/* Writes "/local/domain/<domid>" into buf (at least 24 bytes). */
void xs_path_home(uint16_t domid, char *buf, size_t size);

/*
 * For a relative watch: the part of an absolute path under domid's home,
 * or path itself if it is not under it.
 */
const char *xs_path_relative_to_home(const char *path, uint16_t domid);

/* Length of the parent's path ("/" for top-level nodes). */
size_t xs_path_parent_len(const char *path);

#endif
