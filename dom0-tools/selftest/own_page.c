/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "grant_util.h"
#include "own_page.h"

#define PAGEMAP_PRESENT  (1ULL << 63)
#define PAGEMAP_PFN_MASK ((1ULL << 55) - 1)

static int gfn_of(const void *va, uint64_t *gfn)
{
    int fd = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -errno;
    uint64_t entry = 0;
    off_t at = (off_t)((uintptr_t)va / XEN_PAGE_SIZE * sizeof(entry));
    ssize_t n = pread(fd, &entry, sizeof(entry), at);
    int err = n < 0 ? -errno : 0;
    close(fd);
    if (err)
        return err;
    /* Without CAP_SYS_ADMIN the kernel reports frame 0. */
    if (n != sizeof(entry) || !(entry & PAGEMAP_PRESENT) || !(entry & PAGEMAP_PFN_MASK))
        return -EPERM;
    *gfn = entry & PAGEMAP_PFN_MASK;
    return 0;
}

int own_page_get(struct own_page *p, unsigned int seed)
{
    void *va = mmap(NULL, XEN_PAGE_SIZE, PROT_READ | PROT_WRITE,
                    MAP_PRIVATE | MAP_ANONYMOUS | MAP_LOCKED, -1, 0);
    if (va == MAP_FAILED)
        return -errno;
    p->va = va;
    pattern_fill(p->va, seed); /* faults it in: now it has a frame */
    int rc = gfn_of(va, &p->gfn);
    if (rc)
        munmap(va, XEN_PAGE_SIZE);
    return rc;
}

void own_page_put(struct own_page *p)
{
    munmap(p->va, XEN_PAGE_SIZE);
}
