/*
 * The last steps before the hypervisor: the final memory map, the exit from
 * boot services and the conversion of the map into boot_info ranges.
 */
#include "boot/loader.h"

static UINT32 classify(const EFI_MEMORY_DESCRIPTOR *d)
{
    switch (d->Type) {
    case EfiConventionalMemory:
    case EfiBootServicesCode:
    case EfiBootServicesData:
    case EfiLoaderCode:
    case EfiLoaderData:
        /* Loader allocations that must survive are listed in boot_info and
         * reserved by the hypervisor itself. */
        return (d->Attribute & EFI_MEMORY_WB) ? BOOT_MEM_USABLE : BOOT_MEM_RESERVED;
    case EfiMemoryMappedIO:
    case EfiMemoryMappedIOPortSpace: return BOOT_MEM_MMIO;
    default: return BOOT_MEM_RESERVED;
    }
}

/* Appends a range, merging with the previous one when contiguous and of
 * the same class, so that the allocator sees few large regions. */
static void add_range(struct boot_info *bi, UINT64 base, UINT64 size, UINT32 type, UINT32 efi)
{
    if (bi->nr_mem) {
        struct boot_mem_range *last = &bi->mem[bi->nr_mem - 1];
        if (last->type == type && last->base + last->size == base) {
            last->size += size;
            return;
        }
    }
    if (bi->nr_mem == BOOT_MAX_MEM)
        return; /* the hypervisor reports the truncation from nr_mem */
    bi->mem[bi->nr_mem++] = (struct boot_mem_range){base, size, type, efi};
}

static void convert_map(struct boot_info *bi, UINT8 *map, UINTN map_size, UINTN desc_size)
{
    bi->nr_mem = 0;
    /* The firmware's map is sorted by address on edk2; merging relies on it
     * only for efficiency, never for correctness. */
    for (UINTN off = 0; off + desc_size <= map_size; off += desc_size) {
        EFI_MEMORY_DESCRIPTOR *d = (EFI_MEMORY_DESCRIPTOR *)(map + off);
        add_range(bi, d->PhysicalStart, d->NumberOfPages * EFI_PAGE_SIZE, classify(d), d->Type);
    }
}

EFI_STATUS handoff_exit_boot_services(EFI_HANDLE image, struct boot_info *bi)
{
    UINTN map_size = 0, key, desc_size;
    UINT32 desc_ver;
    EFI_STATUS st =
        uefi_call_wrapper(BS->GetMemoryMap, 5, &map_size, NULL, &key, &desc_size, &desc_ver);
    if (st != EFI_BUFFER_TOO_SMALL)
        return st;
    /* Room for the map to grow by the allocation below and by a few more. */
    UINTN buf_size = map_size + 16 * desc_size;
    UINT8 *map = (UINT8 *)(UINTN)pages_alloc(buf_size, EfiLoaderData, EFI_PAGE_SIZE);
    if (!map)
        return EFI_OUT_OF_RESOURCES;
    for (int attempt = 0; attempt < 4; attempt++) {
        map_size = buf_size;
        st = uefi_call_wrapper(BS->GetMemoryMap, 5, &map_size, (EFI_MEMORY_DESCRIPTOR *)map, &key,
                               &desc_size, &desc_ver);
        if (EFI_ERROR(st))
            return st;
        st = uefi_call_wrapper(BS->ExitBootServices, 2, image, key);
        if (!EFI_ERROR(st)) {
            convert_map(bi, map, map_size, desc_size);
            return EFI_SUCCESS;
        }
        /* The map changed under us (an event fired): fetch it again. */
    }
    return st;
}

void cache_sync_code(UINT64 base, UINT64 len)
{
    UINT64 ctr;
    __asm__ volatile("mrs %0, ctr_el0" : "=r"(ctr));
    UINT64 line = 4UL << ((ctr >> 16) & 0xf); /* DminLine */
    for (UINT64 a = base & ~(line - 1); a < base + len; a += line)
        __asm__ volatile("dc cvau, %0" ::"r"(a) : "memory");
    __asm__ volatile("dsb ish\n\tic ialluis\n\tdsb ish\n\tisb" ::: "memory");
}

UINT64 read_counter(void)
{
    UINT64 v;
    __asm__ volatile("isb\n\tmrs %0, cntpct_el0" : "=r"(v));
    return v;
}

unsigned int read_current_el(void)
{
    UINT64 v;
    __asm__ volatile("mrs %0, CurrentEL" : "=r"(v));
    return (unsigned int)((v >> 2) & 3);
}
