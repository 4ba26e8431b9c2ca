/* Fake copy_from_guest/copy_to_guest for host tests (see fake_guest_env.h). */
#include <string.h>

#include "common/errno.h"
#include "common/guest_access.h"
#include "fake_guest_env.h"

bool fake_guest_fault;

int copy_from_guest(struct vcpu *v, void *dst, uint64_t gva, size_t len)
{
    (void)v;
    if (fake_guest_fault || (gva == 0 && len))
        return -EFAULT;
    memcpy(dst, (const void *)(uintptr_t)gva, len);
    return 0;
}

int copy_to_guest(struct vcpu *v, uint64_t gva, const void *src, size_t len)
{
    (void)v;
    if (fake_guest_fault || (gva == 0 && len))
        return -EFAULT;
    memcpy((void *)(uintptr_t)gva, src, len);
    return 0;
}
