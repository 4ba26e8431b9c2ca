/* SPDX-License-Identifier: MIT */
/*
 * The changes requests make, applied to a store without any check: the
 * request handlers call them after checking, and a committing transaction
 * replays its recorded changes with them. fire: send watch events (only
 * for the main store; a transaction's copy changes silently). owner: for
 * an unprivileged creator, the domid that owns the nodes it creates; -1
 * to inherit the parent's owner.
 */
#ifndef XENSTORED_APPLY_H
#define XENSTORED_APPLY_H

#include <stdbool.h>
#include <stdint.h>

#include "core.h"
#include "store.h"

void xs_apply_write(struct xs_core *core, struct xs_store *st, const char *path, const void *value,
                    uint32_t len, int owner, bool fire);
void xs_apply_mkdir(struct xs_core *core, struct xs_store *st, const char *path, int owner,
                    bool fire);
void xs_apply_rm(struct xs_core *core, struct xs_store *st, const char *path, bool fire);
void xs_apply_perms(struct xs_core *core, struct xs_store *st, const char *path,
                    const struct xs_perm *perms, unsigned int nr, bool fire);

#endif
