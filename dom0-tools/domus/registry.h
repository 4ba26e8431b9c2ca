/* SPDX-License-Identifier: MIT */
/*
 * What domus remembers about the domains it created, until xenstore holds
 * it: one file per domain in the run directory (/run/domus, or
 * $DOMUS_RUN_DIR): <id>.name holds the name, <id>.build the values the
 * builder hands on (ring frames and ports, vCPUs, memory, the on_*
 * actions) as key=value lines. Nothing here asks the hypervisor whether a
 * domain still exists: callers check.
 */
#ifndef DOMUS_REGISTRY_H
#define DOMUS_REGISTRY_H

#include <stddef.h>

#include "xen/xen.h"

/* The run directory. */
const char *registry_dir(void);

/* Records domain dom: its name and its build values (text, may be NULL).
 * 0, or -1 with the reason in err. */
int registry_save(domid_t dom, const char *name, const char *build, char *err, size_t errlen);

/* The name recorded for dom into name[size]: 0, or -1 if there is none. */
int registry_name(domid_t dom, char *name, size_t size);

/* The value of key in dom's build values into out[size]: 0, or -1 if
 * there is none. */
int registry_value(domid_t dom, const char *key, char *out, size_t size);

/* Up to max ids recorded with this name, lowest first; how many. */
int registry_lookup(const char *name, domid_t *ids, int max);

/* Forgets dom (after it was destroyed, or found gone). */
void registry_forget(domid_t dom);

#endif
