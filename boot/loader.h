/* Internal interfaces of the UEFI front end (boot/). */
#ifndef BOOT_LOADER_H
#define BOOT_LOADER_H

#include <efi.h>
#include <efilib.h>

#include "common/bootinfo.h"

/* Prints "Domus: error: ..." on the firmware console. */
#define LOADER_ERR(fmt, ...) Print(L"Domus: error: " fmt L"\n", ##__VA_ARGS__)

/* Files beside domus.efi. */
EFI_STATUS file_dir_open(EFI_HANDLE image, EFI_FILE_HANDLE *root, CHAR16 *dir, UINTN dir_len);
EFI_STATUS file_load(EFI_FILE_HANDLE root, const CHAR16 *dir, const char *name,
                     EFI_MEMORY_TYPE type, UINT64 *base, UINT64 *size);

/* Pages from the firmware; returns 0 on failure. */
UINT64 pages_alloc(UINT64 bytes, EFI_MEMORY_TYPE type, UINT64 align);

/* Exits boot services, converting the final memory map into bi->mem. */
EFI_STATUS handoff_exit_boot_services(EFI_HANDLE image, struct boot_info *bi);

/* Cleans [base, base+len) to the point of unification and invalidates the
 * instruction cache, for code the loader has just copied. */
void cache_sync_code(UINT64 base, UINT64 len);

UINT64 read_counter(void);
unsigned int read_current_el(void);

#endif
