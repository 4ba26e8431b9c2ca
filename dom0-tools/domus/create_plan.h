/* SPDX-License-Identifier: MIT */
/* What `domus create` prints about a build, and what it records of it. */
#ifndef DOMUS_CREATE_PLAN_H
#define DOMUS_CREATE_PLAN_H

#include <stdbool.h>
#include <stdio.h>

#include "config.h"
#include "domus_build.h"

/* The plan: one "key : value" line per item (addresses in hex, ends
 * exclusive, sizes in bytes). */
void plan_print(FILE *f, const struct domus_config *c, const struct domus_build_input *in,
                const struct domus_build_plan *p);

/* One line about the domain just built. */
void plan_print_result(FILE *f, const struct domus_config *c, const struct domus_build_result *r,
                       bool paused);

/* key=value lines of what later tools need (rings, ports, vCPUs, memory,
 * actions), malloc'd; NULL if out of memory. */
char *plan_build_info(const struct domus_config *c, const struct domus_build_result *r);

#endif
