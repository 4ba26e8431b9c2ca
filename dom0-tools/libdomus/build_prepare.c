/* SPDX-License-Identifier: MIT */
/* The pure stages of a build, in order: Image, layout, device tree. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domus_build.h"

/* Room for the device tree while it is written; a domU's is a few KiB
 * (about 150 bytes more per vCPU). */
#define DTB_ROOM (64 * 1024)

int domus_build_prepare(const struct domus_build_input *in, struct domus_build_plan *plan,
                        char *err, size_t errlen)
{
    memset(plan, 0, sizeof(*plan));
    if (domus_image_check(in->kernel, in->kernel_size, &plan->image, err, errlen) < 0)
        return -1;
    if (domus_layout_plan(in, &plan->image, &plan->layout, err, errlen) < 0)
        return -1;
    plan->dtb = malloc(DTB_ROOM);
    if (!plan->dtb) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    int size = domus_dtb_build(in, &plan->layout, plan->dtb, DTB_ROOM, err, errlen);
    if (size < 0) {
        domus_build_plan_free(plan);
        return -1;
    }
    plan->dtb_size = (size_t)size;
    return 0;
}

void domus_build_plan_free(struct domus_build_plan *plan)
{
    free(plan->dtb);
    memset(plan, 0, sizeof(*plan));
}
