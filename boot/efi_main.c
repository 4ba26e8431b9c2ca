/*
 * domus.efi: the UEFI front end. It checks that it runs at EL2, finds the
 * firmware's device tree, reads domus.cfg beside itself, loads the modules
 * it names, places the hypervisor image, exits boot services and jumps.
 * Every failure before the exit is reported on the firmware console and
 * returns to the firmware.
 */
#include "boot/loader.h"

extern const unsigned char hv_blob_start[], hv_blob_end[];

static EFI_GUID dtb_guid = {
    0xb1b621d5, 0xf19c, 0x41a5, {0x83, 0x0b, 0xd9, 0x15, 0x2c, 0x69, 0xaa, 0xe0}};
static EFI_GUID acpi20_guid = {
    0x8868e871, 0xe4f1, 0x11d3, {0xbc, 0x22, 0x00, 0x80, 0xc7, 0x3c, 0x88, 0x81}};

#define DTB_SLACK (64 * 1024) /* room for the hypervisor to edit the tree later */

static void *find_config_table(EFI_GUID *guid)
{
    for (UINTN i = 0; i < ST->NumberOfTableEntries; i++)
        if (CompareGuid(&ST->ConfigurationTable[i].VendorGuid, guid) == 0)
            return ST->ConfigurationTable[i].VendorTable;
    return NULL;
}

static UINT32 be32(const void *p)
{
    const UINT8 *b = p;
    return ((UINT32)b[0] << 24) | ((UINT32)b[1] << 16) | ((UINT32)b[2] << 8) | b[3];
}

static EFI_STATUS copy_dtb(struct boot_info *bi)
{
    const void *dtb = find_config_table(&dtb_guid);
    if (!dtb) {
        if (find_config_table(&acpi20_guid))
            LOADER_ERR(L"the firmware hands ACPI tables but no device tree; Domus needs a "
                       L"device tree (on QEMU use -machine virt,acpi=off)");
        else
            LOADER_ERR(L"the firmware provides no device tree");
        return EFI_UNSUPPORTED;
    }
    if (be32(dtb) != 0xd00dfeed) {
        LOADER_ERR(L"the firmware's device tree has a bad magic number");
        return EFI_UNSUPPORTED;
    }
    UINT32 size = be32((const UINT8 *)dtb + 4);
    UINT64 copy = pages_alloc(size + DTB_SLACK, EfiLoaderData, EFI_PAGE_SIZE);
    if (!copy)
        return EFI_OUT_OF_RESOURCES;
    CopyMem((void *)(UINTN)copy, dtb, size);
    bi->dtb_base = copy;
    bi->dtb_size = size + DTB_SLACK;
    return EFI_SUCCESS;
}

static EFI_STATUS read_config(EFI_FILE_HANDLE root, const CHAR16 *dir, struct boot_info *bi)
{
    UINT64 base, size;
    EFI_STATUS st = file_load(root, dir, "domus.cfg", EfiLoaderData, &base, &size);
    if (EFI_ERROR(st)) {
        LOADER_ERR(L"cannot read domus.cfg in %s: %r", dir, st);
        return st;
    }
    struct cfg_error err;
    if (cfg_parse((const char *)(UINTN)base, (size_t)size, &bi->cfg, &err) != 0) {
        if (err.line)
            LOADER_ERR(L"domus.cfg:%d: %a", err.line, err.msg);
        else
            LOADER_ERR(L"domus.cfg: %a", err.msg);
        return EFI_INVALID_PARAMETER;
    }
    return EFI_SUCCESS;
}

static EFI_STATUS load_module(EFI_FILE_HANDLE root, const CHAR16 *dir, struct boot_info *bi,
                              const char *key, const char *name, UINT32 kind)
{
    struct boot_module *m = &bi->modules[bi->nr_modules];
    EFI_STATUS st = file_load(root, dir, name, EfiLoaderData, &m->base, &m->size);
    if (EFI_ERROR(st)) {
        LOADER_ERR(L"domus.cfg: %a '%a' cannot be loaded from %s: %r", key, name, dir, st);
        return st;
    }
    m->kind = kind;
    UINTN i = 0;
    for (; name[i] && i + 1 < BOOT_NAME_MAX; i++)
        m->name[i] = name[i];
    m->name[i] = 0;
    bi->nr_modules++;
    Print(L"Domus: loaded %a '%a' (%ld bytes)\n", key, name, m->size);
    return EFI_SUCCESS;
}

static EFI_STATUS load_modules(EFI_FILE_HANDLE root, const CHAR16 *dir, struct boot_info *bi)
{
    EFI_STATUS st = EFI_SUCCESS;
    if (bi->cfg.dom0_kernel[0])
        st = load_module(root, dir, bi, "dom0_kernel", bi->cfg.dom0_kernel, BOOT_MOD_KERNEL);
    if (!EFI_ERROR(st) && bi->cfg.dom0_initrd[0])
        st = load_module(root, dir, bi, "dom0_initrd", bi->cfg.dom0_initrd, BOOT_MOD_INITRD);
    return st;
}

/* Copies the hypervisor image to a suitably aligned, executable place. */
static EFI_STATUS place_hypervisor(struct boot_info *bi)
{
    const struct hv_image_header *h = (const void *)hv_blob_start;
    UINT64 blob = (UINT64)((UINTN)hv_blob_end - (UINTN)hv_blob_start);
    if (blob < sizeof(*h) || h->magic != HV_IMAGE_MAGIC || h->file_size > blob ||
        h->mem_size < h->file_size || (h->align & (h->align - 1))) {
        LOADER_ERR(L"the embedded hypervisor image is damaged");
        return EFI_LOAD_ERROR;
    }
    /* LoaderCode: the firmware maps LoaderData non-executable. */
    UINT64 base = pages_alloc(h->mem_size, EfiLoaderCode, h->align);
    if (!base) {
        LOADER_ERR(L"no memory for the hypervisor image (%ld bytes)", h->mem_size);
        return EFI_OUT_OF_RESOURCES;
    }
    CopyMem((void *)(UINTN)base, h, h->file_size);
    SetMem((void *)(UINTN)(base + h->file_size), h->mem_size - h->file_size, 0);
    cache_sync_code(base, h->mem_size);
    bi->image_base = base;
    bi->image_size = h->mem_size;
    return EFI_SUCCESS;
}

static struct boot_info *new_boot_info(void)
{
    UINT64 size = (sizeof(struct boot_info) + EFI_PAGE_SIZE - 1) & ~(UINT64)(EFI_PAGE_SIZE - 1);
    struct boot_info *bi = (void *)(UINTN)pages_alloc(size, EfiLoaderData, EFI_PAGE_SIZE);
    if (!bi)
        return NULL;
    SetMem(bi, size, 0);
    bi->magic = BOOTINFO_MAGIC;
    bi->version = BOOTINFO_VERSION;
    bi->size = sizeof(*bi);
    bi->self_base = (UINT64)(UINTN)bi;
    bi->self_size = size;
    return bi;
}

static EFI_STATUS prepare(EFI_HANDLE image, struct boot_info *bi)
{
    EFI_FILE_HANDLE root;
    CHAR16 dir[256];
    EFI_STATUS st = copy_dtb(bi);
    if (EFI_ERROR(st))
        return st;
    st = file_dir_open(image, &root, dir, 256);
    if (EFI_ERROR(st)) {
        LOADER_ERR(L"cannot open the volume domus.efi was loaded from: %r", st);
        return st;
    }
    st = read_config(root, dir, bi);
    if (!EFI_ERROR(st))
        st = load_modules(root, dir, bi);
    if (!EFI_ERROR(st))
        st = place_hypervisor(bi);
    uefi_call_wrapper(root->Close, 1, root);
    return st;
}

static EFI_STATUS not_started(EFI_STATUS st)
{
    Print(L"Domus: not started; returning to the firmware\n");
    return st;
}

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *systab)
{
    UINT64 t0 = read_counter();
    InitializeLib(image, systab);
    Print(L"Domus: UEFI loader starting\n");
    unsigned int el = read_current_el();
    if (el != 2) {
        LOADER_ERR(L"started at EL%d, but the hypervisor must start at EL2 (on QEMU use "
                   L"-machine virt,virtualization=on)",
                   el);
        return not_started(EFI_UNSUPPORTED);
    }
    struct boot_info *bi = new_boot_info();
    if (!bi) {
        LOADER_ERR(L"out of memory");
        return not_started(EFI_OUT_OF_RESOURCES);
    }
    bi->loader_entry_counter = t0;
    EFI_STATUS st = prepare(image, bi);
    if (EFI_ERROR(st))
        return not_started(st);
    Print(L"Domus: exiting boot services; hypervisor at 0x%lx\n", bi->image_base);
    st = handoff_exit_boot_services(image, bi);
    if (EFI_ERROR(st)) {
        LOADER_ERR(L"ExitBootServices failed: %r", st);
        return st;
    }
    __asm__ volatile("msr daifset, #0xf" ::: "memory");
    bi->handoff_counter = read_counter();
    void (*entry)(struct boot_info *) = (void (*)(struct boot_info *))(UINTN)bi->image_base;
    entry(bi);
    for (;;) /* not reached: the hypervisor never returns */
        __asm__ volatile("wfi");
}
