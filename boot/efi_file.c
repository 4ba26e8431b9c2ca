/* Loading files from the directory domus.efi was started from. */
#include "boot/loader.h"

/* Directory part of the loaded image's file path, with trailing '\'. */
static EFI_STATUS image_dir(EFI_LOADED_IMAGE *li, CHAR16 *dir, UINTN dir_len)
{
    CHAR16 *path = DevicePathToStr(li->FilePath);
    if (!path)
        return EFI_OUT_OF_RESOURCES;
    UINTN n = StrLen(path), cut = 0;
    for (UINTN i = 0; i < n; i++)
        if (path[i] == L'\\' || path[i] == L'/')
            cut = i + 1;
    if (cut == 0 || cut + 1 > dir_len) {
        FreePool(path);
        StrCpy(dir, L"\\");
        return EFI_SUCCESS;
    }
    for (UINTN i = 0; i < cut; i++)
        dir[i] = path[i] == L'/' ? L'\\' : path[i];
    dir[cut] = 0;
    FreePool(path);
    return EFI_SUCCESS;
}

EFI_STATUS file_dir_open(EFI_HANDLE image, EFI_FILE_HANDLE *root, CHAR16 *dir, UINTN dir_len)
{
    EFI_LOADED_IMAGE *li;
    EFI_STATUS st =
        uefi_call_wrapper(BS->HandleProtocol, 3, image, &LoadedImageProtocol, (void **)&li);
    if (EFI_ERROR(st))
        return st;
    st = image_dir(li, dir, dir_len);
    if (EFI_ERROR(st))
        return st;
    *root = LibOpenRoot(li->DeviceHandle);
    return *root ? EFI_SUCCESS : EFI_NOT_FOUND;
}

UINT64 pages_alloc(UINT64 bytes, EFI_MEMORY_TYPE type, UINT64 align)
{
    UINT64 extra = align > EFI_PAGE_SIZE ? align : 0;
    UINTN pages = (UINTN)((bytes + extra + EFI_PAGE_SIZE - 1) / EFI_PAGE_SIZE);
    EFI_PHYSICAL_ADDRESS addr = 0;
    if (EFI_ERROR(uefi_call_wrapper(BS->AllocatePages, 4, AllocateAnyPages, type, pages, &addr)))
        return 0;
    if (extra)
        addr = (addr + align - 1) & ~(align - 1);
    return addr;
}

static void ascii_to_wide(const char *s, CHAR16 *w, UINTN max)
{
    UINTN i = 0;
    for (; s[i] && i + 1 < max; i++)
        w[i] = s[i] == '/' ? L'\\' : (CHAR16)(unsigned char)s[i];
    w[i] = 0;
}

EFI_STATUS file_load(EFI_FILE_HANDLE root, const CHAR16 *dir, const char *name,
                     EFI_MEMORY_TYPE type, UINT64 *base, UINT64 *size)
{
    CHAR16 path[512], wname[256];
    ascii_to_wide(name, wname, 256);
    if (wname[0] == L'\\')
        StrCpy(path, wname); /* absolute on the volume */
    else if (StrLen(dir) + StrLen(wname) + 1 < 512) {
        StrCpy(path, dir);
        StrCat(path, wname);
    } else
        return EFI_INVALID_PARAMETER;
    EFI_FILE_HANDLE fh;
    EFI_STATUS st = uefi_call_wrapper(root->Open, 5, root, &fh, path, EFI_FILE_MODE_READ, 0ULL);
    if (EFI_ERROR(st))
        return st;
    EFI_FILE_INFO *info = LibFileInfo(fh);
    if (!info) {
        uefi_call_wrapper(fh->Close, 1, fh);
        return EFI_DEVICE_ERROR;
    }
    UINTN len = (UINTN)info->FileSize;
    FreePool(info);
    *base = pages_alloc(len ? len : 1, type, EFI_PAGE_SIZE);
    if (!*base) {
        uefi_call_wrapper(fh->Close, 1, fh);
        return EFI_OUT_OF_RESOURCES;
    }
    UINTN got = len;
    st = uefi_call_wrapper(fh->Read, 3, fh, &got, (void *)(UINTN)*base);
    uefi_call_wrapper(fh->Close, 1, fh);
    if (!EFI_ERROR(st) && got != len)
        st = EFI_DEVICE_ERROR;
    *size = len;
    return st;
}
