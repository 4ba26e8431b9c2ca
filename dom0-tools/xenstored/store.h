/* SPDX-License-Identifier: MIT */
/*
 * The store: a tree of nodes under "/", each with a value (bytes), its
 * permissions and its children in creation order, plus the two special
 * nodes "@introduceDomain" and "@releaseDomain", which exist only to carry
 * permissions for their watches. Every change stamps the changed node with
 * a fresh generation number from a counter shared by the main store and
 * every transaction's copy of it, so a generation names one state of one
 * node: a transaction can tell whether what it saw has changed since.
 * Creating or removing a node also changes its parent (the children).
 *
 * The store counts the nodes each domain owns (entry 0 of their
 * permissions) for the node quota. Functions here check nothing:
 * permissions and quotas are the requests' business.
 */
#ifndef XENSTORED_STORE_H
#define XENSTORED_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "perms.h"

struct xs_node {
    char *name; /* last component; "" for the root, the whole name for specials */
    struct xs_node *parent;
    struct xs_node **children;
    unsigned int nr_children, children_room;
    uint8_t *value;
    uint32_t value_len;
    struct xs_perm *perms;
    unsigned int nr_perms; /* >= 1 */
    uint64_t gen;
};

struct xs_owner_count {
    uint16_t domid;
    uint32_t nodes;
};

struct xs_store {
    struct xs_node *root;
    struct xs_node *introduce; /* @introduceDomain */
    struct xs_node *release;   /* @releaseDomain */
    uint64_t *gen;             /* the shared generation counter */
    struct xs_owner_count *owners;
    unsigned int nr_owners, owners_room;
};

/* A store holding "/", "/tool", "/tool/xenstored" and the special nodes,
 * all owned by dom0 with no access for others ("n0"). */
struct xs_store *store_new(uint64_t *gen_counter);
/* A deep copy (a transaction's view). */
struct xs_store *store_clone(const struct xs_store *st);
void store_free(struct xs_store *st);

/* The node at a canonical path (absolute or special), or NULL. */
struct xs_node *store_lookup(const struct xs_store *st, const char *path);
/* The deepest existing node on the way to path: path's own node if it
 * exists, else its nearest existing ancestor. NULL for a missing special. */
struct xs_node *store_nearest(const struct xs_store *st, const char *path);
/* How many nodes store_create(path) would add (0 if it exists). */
unsigned int store_missing(const struct xs_store *st, const char *path);

/*
 * Creates the node at absolute path, which must not exist, and its missing
 * ancestors, with empty values. Each inherits its parent's permissions;
 * if owner >= 0 it also becomes entry 0's domid (an unprivileged domain
 * owns what it creates). Returns the new node.
 */
struct xs_node *store_create(struct xs_store *st, const char *path, int owner);
void store_set_value(struct xs_store *st, struct xs_node *n, const void *value, uint32_t len);
void store_set_perms(struct xs_store *st, struct xs_node *n, const struct xs_perm *perms,
                     unsigned int nr);
/* Removes n and its subtree (n must not be the root or a special node). */
void store_remove(struct xs_store *st, struct xs_node *n);

/*
 * A domain is gone: the nodes it owned pass to dom0 and the entries that
 * named it are dropped (a later domain with the same id must not inherit
 * its access). Returns how many nodes changed.
 */
unsigned int store_forget_domain(struct xs_store *st, uint16_t domid);

/* The child of n called name (length len), or NULL. */
struct xs_node *store_child(const struct xs_node *n, const char *name, size_t len);
/* Writes n's canonical path into buf (XS_PATH_BUF bytes). */
void store_path(const struct xs_node *n, char *buf);
/* Bytes of n's children as a DIRECTORY payload (names, each NUL-terminated). */
size_t store_children_bytes(const struct xs_node *n);
/* Nodes in the subtree of n, n included. */
unsigned int store_subtree_size(const struct xs_node *n);
/* Nodes owned by domid. */
uint32_t store_owned(const struct xs_store *st, uint16_t domid);

/*
 * Calls fn on every node of the subtree of n, parents before children.
 * fn gets the node's path (built as it goes). Stops and returns fn's
 * non-zero value if it gives one.
 */
int store_walk(const struct xs_node *n, int (*fn)(const struct xs_node *, const char *, void *),
               void *arg);

/*
 * Checks the store's own invariants (parent links, counts, non-empty
 * permissions, unique child names). 0, or -1 with a reason in why.
 */
int store_check(const struct xs_store *st, char *why, size_t size);

#endif
