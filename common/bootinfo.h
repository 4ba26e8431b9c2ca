/*
 * The hand-off from the UEFI front end (boot/) to the hypervisor core.
 * The loader fills one struct boot_info in memory it allocated, exits boot
 * services and enters the hypervisor image with x0 = its physical address.
 * Everything here is physical addresses; layout is private to Domus but
 * versioned so a stale loader is caught.
 */
#ifndef COMMON_BOOTINFO_H
#define COMMON_BOOTINFO_H

#include "common/config.h"
#include "common/types.h"

#define BOOTINFO_MAGIC   0x4f4f4253554d4f44ULL /* "DOMUSBOO" */
#define BOOTINFO_VERSION 1

#define BOOT_MAX_MODULES 8
#define BOOT_MAX_MEM     256
#define BOOT_NAME_MAX    64

enum boot_module_kind {
    BOOT_MOD_KERNEL = 1,
    BOOT_MOD_INITRD = 2,
};

struct boot_module {
    uint64_t base;
    uint64_t size;
    uint32_t kind;
    uint32_t pad;
    char name[BOOT_NAME_MAX];
};

enum boot_mem_type {
    BOOT_MEM_USABLE = 1,   /* free for the hypervisor once boot is done */
    BOOT_MEM_RESERVED = 2, /* firmware runtime, ACPI, reserved: never touch */
    BOOT_MEM_MMIO = 3,
};

struct boot_mem_range {
    uint64_t base;
    uint64_t size;
    uint32_t type;
    uint32_t efi_type; /* the firmware's own type, for diagnostics */
};

struct boot_info {
    uint64_t magic;
    uint32_t version;
    uint32_t size;                   /* sizeof(struct boot_info) as the loader saw it */
    uint64_t self_base, self_size;   /* where this struct lives */
    uint64_t image_base, image_size; /* hypervisor image incl. bss */
    uint64_t dtb_base, dtb_size;     /* our copy of the firmware's DTB */
    uint64_t loader_entry_counter;   /* CNTPCT at efi_main entry */
    uint64_t handoff_counter;        /* CNTPCT just before the jump */
    uint32_t nr_modules;
    uint32_t nr_mem;
    struct boot_module modules[BOOT_MAX_MODULES];
    struct boot_mem_range mem[BOOT_MAX_MEM];
    struct domus_config cfg;
};

/* The hypervisor image header, at offset 0 of domus-hv.bin. */
#define HV_IMAGE_MAGIC 0x56482d53554d4f44ULL /* "DOMUS-HV" */

struct hv_image_header {
    uint32_t branch; /* b to the real entry */
    uint32_t reserved;
    uint64_t magic;
    uint64_t file_size; /* bytes of the flat file that must be copied */
    uint64_t mem_size;  /* bytes the image occupies, bss included */
    uint64_t align;     /* required alignment of the load address */
};

#endif
