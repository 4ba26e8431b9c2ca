/* SPDX-License-Identifier: MIT */
/*
 * Domus public interface: the xenstore protocol. Xenstore is a small tree
 * of named byte strings that domains and dom0's tools share through a
 * daemon (xenstored) in dom0. A client talks to it with messages, each a
 * 16-byte header followed by len bytes of payload, over a byte stream: a
 * Unix socket for dom0's tools, or the shared ring page below for a
 * domain's kernel (which in turn offers /dev/xen/xenbus to its user space).
 *
 * Facts checked against Linux 6.1 (include/xen/interface/io/xs_wire.h,
 * drivers/xen/xenbus/) and Xen (xen/include/public/io/xs_wire.h,
 * docs/misc/xenstore.txt, docs/misc/xenstore-ring.txt).
 */
#ifndef DOMUS_PUBLIC_IO_XS_WIRE_H
#define DOMUS_PUBLIC_IO_XS_WIRE_H

#include <stddef.h>

#include "xen/errno.h"
#include "xen/grant_table.h" /* GNTTAB_RESERVED_XENSTORE: the grant of a domain's ring */
#include "xen/xen.h"

/* ------------------------------------------------------------------------
 * Message types. A reply carries its request's type, req_id and tx_id, or
 * type XS_ERROR with the request's req_id and tx_id and an error name
 * (below) as payload. Payload notation: "path\0" is a NUL-terminated
 * string; a value is raw bytes with no terminator.
 */
#define XS_CONTROL              0  /* "cmd\0" ["arg\0"...]: daemon-specific commands */
#define XS_DEBUG                0  /* the old name of XS_CONTROL */
#define XS_DIRECTORY            1  /* "path\0" -> child names, each NUL-terminated */
#define XS_READ                 2  /* "path\0" -> the value */
#define XS_GET_PERMS            3  /* "path\0" -> permission strings, each NUL-terminated */
#define XS_WATCH                4  /* "path\0token\0" -> "OK\0", then one event at once */
#define XS_UNWATCH              5  /* "path\0token\0" -> "OK\0" */
#define XS_TRANSACTION_START    6  /* "\0" (tx_id 0) -> the new id, decimal, "\0" */
#define XS_TRANSACTION_END      7  /* "T\0" commit or "F\0" abort -> "OK\0" (EAGAIN: conflict) */
#define XS_INTRODUCE            8  /* "domid\0gfn\0port\0" -> "OK\0": start serving a domain */
#define XS_RELEASE              9  /* "domid\0" -> "OK\0": stop serving it */
#define XS_GET_DOMAIN_PATH      10 /* "domid\0" -> "/local/domain/<domid>\0" */
#define XS_WRITE                11 /* "path\0" value -> "OK\0"; creates missing parents */
#define XS_MKDIR                12 /* "path\0" -> "OK\0"; an existing node is left as is */
#define XS_RM                   13 /* "path\0" -> "OK\0"; removes the subtree */
#define XS_SET_PERMS            14 /* "path\0perm\0perm\0..." -> "OK\0" */
#define XS_WATCH_EVENT          15 /* daemon to client only: "path\0token\0", req_id 0 */
#define XS_ERROR                16 /* daemon to client only: "ENAME\0" */
#define XS_IS_DOMAIN_INTRODUCED 17 /* "domid\0" -> "T\0" or "F\0" */
#define XS_RESUME               18 /* "domid\0" -> "OK\0": @releaseDomain may fire again */
#define XS_SET_TARGET           19 /* "domid\0tdomid\0" -> "OK\0": domid acts for tdomid */
#define XS_RESTRICT             20 /* removed from the protocol: never valid */
#define XS_RESET_WATCHES        21 /* "\0" -> "OK\0": drop the caller's watches and transactions */
#define XS_DIRECTORY_PART       22 /* "path\0offset\0" -> "gen\0" names from byte offset */
#define XS_GET_FEATURE          23 /* optional, newer Xen only */
#define XS_SET_FEATURE          24 /* optional, newer Xen only */
#define XS_GET_QUOTA            25 /* optional, newer Xen only */
#define XS_SET_QUOTA            26 /* optional, newer Xen only */
#define XS_INVALID              0xffffU /* guaranteed never to be a valid type */

/* The message header, in the byte stream before each payload. */
struct xsd_sockmsg {
    uint32_t type;   /* XS_* */
    uint32_t req_id; /* chosen by the client, echoed in the reply */
    uint32_t tx_id;  /* transaction of the request, 0 for none */
    uint32_t len;    /* payload bytes that follow */
};

/* In an XS_WATCH_EVENT payload: the changed path, then the watch's token. */
#define XS_WATCH_PATH  0
#define XS_WATCH_TOKEN 1

/* Payload limit, both directions. Linux drops a longer reply and refuses
 * to send a longer request; Xen's daemon drops a client that sends one. */
#define XENSTORE_PAYLOAD_MAX 4096
/* Longest path: absolute, and relative to a domain's home
 * (/local/domain/<domid>). Longer paths are refused with EINVAL. */
#define XENSTORE_ABS_PATH_MAX 3072
#define XENSTORE_REL_PATH_MAX 2048

/*
 * Errors travel as the errno's name, e.g. "ENOENT\0". These are the names
 * clients understand (Linux maps any other to EINVAL). Xen's numbers equal
 * Linux's. XS_WIRE_ERRORS(X) expands X(number, "NAME") for each.
 */
#define XS_WIRE_ERRORS(X)                                                                          \
    X(XEN_EINVAL, "EINVAL")                                                                        \
    X(XEN_EACCES, "EACCES")                                                                        \
    X(XEN_EEXIST, "EEXIST")                                                                        \
    X(XEN_EISDIR, "EISDIR")                                                                        \
    X(XEN_ENOENT, "ENOENT")                                                                        \
    X(XEN_ENOMEM, "ENOMEM")                                                                        \
    X(XEN_ENOSPC, "ENOSPC")                                                                        \
    X(XEN_EIO, "EIO")                                                                              \
    X(XEN_ENOTEMPTY, "ENOTEMPTY")                                                                  \
    X(XEN_ENOSYS, "ENOSYS")                                                                        \
    X(XEN_EROFS, "EROFS")                                                                          \
    X(XEN_EBUSY, "EBUSY")                                                                          \
    X(XEN_EAGAIN, "EAGAIN")                                                                        \
    X(XEN_EISCONN, "EISCONN")                                                                      \
    X(XEN_E2BIG, "E2BIG")

/* ------------------------------------------------------------------------
 * Permissions, as strings: a letter then a domid, e.g. "r5". The first
 * entry of a node names its owner (who may always read and write it) and
 * the access of every domain not listed; later entries give listed domains
 * their access. Dom0 (the control domain) may do anything.
 */
#define XS_PERM_CHAR_NONE  'n'
#define XS_PERM_CHAR_READ  'r'
#define XS_PERM_CHAR_WRITE 'w'
#define XS_PERM_CHAR_BOTH  'b'

/* Watch paths for the events the daemon makes up itself. */
#define XS_SPECIAL_INTRODUCE "@introduceDomain" /* a domain was introduced */
#define XS_SPECIAL_RELEASE   "@releaseDomain"   /* a domain was released or died */

/* ------------------------------------------------------------------------
 * The ring page: one 4 KiB page shared by a domain and the daemon, with
 * two byte queues. The domain writes requests into req and the daemon
 * replies and sends watch events through rsp. Indexes are free-running
 * 32-bit byte counts (the byte at index i sits at i % XENSTORE_RING_SIZE);
 * prod - cons never exceeds XENSTORE_RING_SIZE, and a side finding it does
 * has a broken peer. Writer: data, write barrier, advance prod, notify the
 * event channel. Reader: read prod, read barrier, copy, full barrier,
 * advance cons, notify (the writer may be waiting for room).
 *
 * Dom0's kernel allocates its own ring page and an unbound event channel
 * and waits for a notification from its local daemon before it uses
 * xenstore. Other domains get a page and a port from the domain builder,
 * which passes them to the daemon with XS_INTRODUCE; the builder also
 * grants the page to the daemon's domain as grant GNTTAB_RESERVED_XENSTORE.
 * Newer Xen adds a 32-bit event-channel port at offset 2076.
 */
#define XENSTORE_RING_SIZE 1024
typedef uint32_t XENSTORE_RING_IDX;
#define MASK_XENSTORE_IDX(idx) ((idx) & (XENSTORE_RING_SIZE - 1))

struct xenstore_domain_interface {
    char req[XENSTORE_RING_SIZE]; /* domain -> daemon: requests */
    char rsp[XENSTORE_RING_SIZE]; /* daemon -> domain: replies and watch events */
    XENSTORE_RING_IDX req_cons;   /* written by the daemon */
    XENSTORE_RING_IDX req_prod;   /* written by the domain */
    XENSTORE_RING_IDX rsp_cons;   /* written by the domain */
    XENSTORE_RING_IDX rsp_prod;   /* written by the daemon */
    uint32_t server_features;     /* XENSTORE_SERVER_FEATURE_*: what the daemon offers */
    uint32_t connection;          /* XENSTORE_CONNECTED / XENSTORE_RECONNECT */
    uint32_t error;               /* XENSTORE_ERROR_*: why the daemon stopped serving */
};

_Static_assert(sizeof(struct xsd_sockmsg) == 16, "xsd_sockmsg size");
_Static_assert(offsetof(struct xsd_sockmsg, len) == 12, "xsd_sockmsg.len");
_Static_assert(offsetof(struct xenstore_domain_interface, rsp) == 1024, "ring rsp");
_Static_assert(offsetof(struct xenstore_domain_interface, req_cons) == 2048, "ring req_cons");
_Static_assert(offsetof(struct xenstore_domain_interface, req_prod) == 2052, "ring req_prod");
_Static_assert(offsetof(struct xenstore_domain_interface, rsp_cons) == 2056, "ring rsp_cons");
_Static_assert(offsetof(struct xenstore_domain_interface, rsp_prod) == 2060, "ring rsp_prod");
_Static_assert(offsetof(struct xenstore_domain_interface, server_features) == 2064,
               "ring server_features");
_Static_assert(offsetof(struct xenstore_domain_interface, connection) == 2068, "ring connection");
_Static_assert(offsetof(struct xenstore_domain_interface, error) == 2072, "ring error");
_Static_assert(sizeof(struct xenstore_domain_interface) == 2076, "ring size");

/* server_features bits. */
#define XENSTORE_SERVER_FEATURE_RECONNECTION 1 /* the connection field is honoured */
#define XENSTORE_SERVER_FEATURE_ERROR        2 /* the error field is set */
#define XENSTORE_SERVER_FEATURE_WATCHDEPTH   4 /* XS_WATCH takes a depth (newer Xen) */

/* connection values (with XENSTORE_SERVER_FEATURE_RECONNECTION). */
#define XENSTORE_CONNECTED 0 /* normal operation */
#define XENSTORE_RECONNECT 1 /* the domain asked for a reset of the ring */

/* error values (with XENSTORE_SERVER_FEATURE_ERROR). */
#define XENSTORE_ERROR_NONE    0 /* the connection is served */
#define XENSTORE_ERROR_COMM    1 /* event channel trouble */
#define XENSTORE_ERROR_RINGIDX 2 /* the domain left the indexes inconsistent */
#define XENSTORE_ERROR_PROTO   3 /* the domain broke the protocol (e.g. a payload too long) */

#endif
