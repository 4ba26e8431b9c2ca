/* SPDX-License-Identifier: MIT */
/*
 * A xenstore client connection, shared by the dom0 tools (the xenstore
 * command, domus, domus-consoled): by default through the kernel's
 * /dev/xen/xenbus (the kernel forwards each request over its ring to
 * xenstored and hands back the reply, and keeps the file's transactions
 * and watches), or straight to xenstored's Unix socket. Errors are
 * negative errno values; xenstored's error names are turned into them.
 * Running out of memory ends the program with a message.
 */
#ifndef XSC_H
#define XSC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "xen/io_xs_wire.h"

#define XSC_DEVICE "/dev/xen/xenbus"
#define XSC_SOCKET "/run/xenstored/socket"
/* How long to wait for a reply before giving up (ms). */
#define XSC_REPLY_TIMEOUT_MS 30000

struct xsc_msg {
    struct xsd_sockmsg hdr;
    char *body; /* hdr.len bytes and a NUL */
};

struct xsc {
    int fd;
    bool socket;
    uint32_t last_req;
    char *in; /* bytes read and not yet taken */
    size_t in_len, in_room;
    struct xsc_msg *events; /* watch events read while waiting for a reply */
    size_t nr_events;
};

/* Opens the device (or, with socket, the socket at path). 0 or -errno. */
int xsc_open(struct xsc *c, bool socket, const char *path);
void xsc_close(struct xsc *c);

/*
 * Sends one message and waits for its reply (watch events that arrive
 * meanwhile are kept for xsc_event). header_len, if not NULL, replaces
 * the true payload length in the header (testing only). Returns 0 with
 * the reply in *out (free with xsc_msg_free), or -errno if the message
 * could not be sent or no reply came.
 */
int xsc_send(struct xsc *c, uint32_t type, uint32_t tx, const void *payload, size_t len,
             const uint32_t *header_len, struct xsc_msg *out);
/*
 * A request whose payload is the given strings, each NUL-terminated, then
 * (if value) len raw bytes. 0 and the reply in *out, or -errno: transport
 * trouble, the error xenstored answered, or -E2BIG for a message over the
 * protocol's limit (not sent).
 */
int xsc_call(struct xsc *c, uint32_t type, uint32_t tx, const char *const *strings, unsigned int nr,
             const void *value, size_t len, struct xsc_msg *out);
/* The next watch event, waiting up to timeout_ms (-1: forever; 0: only
 * one already read or readable now). 0, or -ETIMEDOUT, or another -errno. */
int xsc_event(struct xsc *c, struct xsc_msg *out, int timeout_ms);
void xsc_msg_free(struct xsc_msg *m);

/* ---- one request each (xsc_ops.c); tx 0: outside any transaction */

/* The value at path, NUL-terminated, into *value (malloc'd; the caller
 * frees it). 0 or -errno (-ENOENT: no such node). */
int xsc_read(struct xsc *c, uint32_t tx, const char *path, char **value);
int xsc_write(struct xsc *c, uint32_t tx, const char *path, const char *value);
int xsc_mkdir(struct xsc *c, uint32_t tx, const char *path);
/* Removes path and everything below it. */
int xsc_rm(struct xsc *c, uint32_t tx, const char *path);
/* Sets the permission list of path: nr strings such as "n0", "r5". */
int xsc_set_perms(struct xsc *c, uint32_t tx, const char *path, const char *const *perms,
                  unsigned int nr);
/* The children of path: the reply, whose body holds the names one after
 * the other, each NUL-terminated (xsc_msg_free it). */
int xsc_directory(struct xsc *c, uint32_t tx, const char *path, struct xsc_msg *out);
/* Sets a watch; its first event comes at once (xsc_event). */
int xsc_watch(struct xsc *c, const char *path, const char *token);
int xsc_tx_start(struct xsc *c, uint32_t *tx);
/* Commits (or aborts) tx: -EAGAIN if another client changed what it read. */
int xsc_tx_end(struct xsc *c, uint32_t tx, bool commit);
/* XS_INTRODUCE / XS_RELEASE of a domain (privileged clients only). */
int xsc_introduce(struct xsc *c, unsigned int domid, unsigned long long gfn, unsigned int port);
int xsc_release(struct xsc *c, unsigned int domid);
/* 1 if xenstored serves domid, 0 if not, or -errno. */
int xsc_is_introduced(struct xsc *c, unsigned int domid);

/* The errno of an error name ("ENOENT"); EINVAL for an unknown one. */
int xsc_errno(const char *name);
/* "ENOENT" for -ENOENT (or "error N" for one without a wire name). */
const char *xsc_error_name(int err);
/* The name of a message type ("READ"), or NULL. */
const char *xsc_type_name(uint32_t type);

#endif
