/* SPDX-License-Identifier: MIT */
/*
 * The Unix socket for dom0's tools (/run/xenstored/socket, root only).
 * Its clients are privileged, like dom0's own kernel, and name relative
 * paths from dom0's home; unlike a ring, a client that breaks the
 * protocol is simply disconnected.
 */
#ifndef XENSTORED_SOCKET_H
#define XENSTORED_SOCKET_H

#include <stdbool.h>

#include "core.h"

#define XS_SOCKET_PATH        "/run/xenstored/socket"
#define XS_SOCKET_MAX_CLIENTS 64

extern const struct xs_transport xs_socket_transport;

/* Listens on path (its directory is made, a stale socket replaced): the
 * fd or -errno. */
int xs_socket_listen(const char *path);
/* Accepts a client: its connection, or NULL (the error is logged). */
struct xs_conn *xs_socket_accept(struct xs_core *core, int listen_fd);
/* The client's fd. */
int xs_socket_fd(const struct xs_conn *conn);
/* Reads what the client sent (if readable) and writes what it is owed.
 * False once the connection is over: the caller frees it. */
bool xs_socket_serve(struct xs_conn *conn, bool readable);

#endif
