/* Hands boot RAM to the page allocator, minus everything still in use. */
#ifndef COMMON_MEMORY_H
#define COMMON_MEMORY_H

#include "common/bootinfo.h"

struct memory_report {
    uint64_t ram_total;  /* usable RAM the firmware reported */
    uint64_t reserved;   /* held back: image, boot info, DTB, modules */
    uint64_t left_to_fw; /* firmware_reserve */
    uint64_t managed;    /* handed to the page allocator */
    unsigned int regions;
};

int memory_init(const struct boot_info *bi, struct memory_report *rep);

#endif
