/* SPDX-License-Identifier: MIT */
/*
 * Foreign mapping: privcmd hands out an empty mapping of its device, and
 * IOCTL_PRIVCMD_MMAPBATCH_V2 fills it. The kernel backs each page with a
 * ballooned-out frame of ours and asks the hypervisor to put the foreign
 * frame there (XENMEM_add_to_physmap_batch, XENMAPSPACE_gmfn_foreign).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <xen/privcmd.h>

#include "libdomus.h"

void *domus_foreign_map(int privcmd, domid_t dom, int prot, const xen_pfn_t *gfns, int *errs,
                        unsigned int n)
{
    if (n == 0) {
        errno = EINVAL;
        return NULL;
    }
    size_t len = (size_t)n * XEN_PAGE_SIZE;
    void *addr = mmap(NULL, len, prot, MAP_SHARED, privcmd, 0);
    if (addr == MAP_FAILED)
        return NULL;
    memset(errs, 0, n * sizeof(*errs));
    struct privcmd_mmapbatch_v2 batch = {
        .num = n,
        .dom = dom,
        .addr = (uint64_t)(uintptr_t)addr,
        .arr = gfns,
        .err = errs,
    };
    /* 0 with per-frame results in errs; -1/ENOENT if some frame is paged
     * out (also in errs); other errors concern the whole call. */
    if (ioctl(privcmd, IOCTL_PRIVCMD_MMAPBATCH_V2, &batch) < 0 && errno != ENOENT) {
        int saved = errno;
        munmap(addr, len);
        errno = saved;
        return NULL;
    }
    return addr;
}

int domus_foreign_unmap(void *addr, unsigned int n)
{
    return munmap(addr, (size_t)n * XEN_PAGE_SIZE) == 0 ? 0 : -errno;
}

void *domus_foreign_map_range(int privcmd, domid_t dom, xen_pfn_t first_gfn, unsigned int n)
{
    if (n == 0) {
        errno = EINVAL;
        return NULL;
    }
    xen_pfn_t *gfns = malloc(n * sizeof(*gfns));
    int *errs = malloc(n * sizeof(*errs));
    void *addr = NULL;
    if (!gfns || !errs) {
        errno = ENOMEM;
        goto out;
    }
    for (unsigned int i = 0; i < n; i++)
        gfns[i] = first_gfn + i;
    addr = domus_foreign_map(privcmd, dom, PROT_READ | PROT_WRITE, gfns, errs, n);
    if (!addr)
        goto out;
    for (unsigned int i = 0; i < n; i++) {
        if (errs[i] != 0) {
            int err = errs[i] < 0 ? -errs[i] : EFAULT;
            domus_foreign_unmap(addr, n);
            addr = NULL;
            errno = err;
            break;
        }
    }
out:
    free(gfns);
    free(errs);
    return addr;
}
