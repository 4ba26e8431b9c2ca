/*
 * xen_version: what the guest learns about its hypervisor. Domus answers
 * as a Xen 4.17 for arm64 (the ABI level it implements), names itself in
 * the extra version, and reports the features an auto-translated arm guest
 * relies on.
 */
#include <string.h>

#include "common/errno.h"
#include "common/guest_access.h"
#include "common/hypercall.h"
#include "common/version.h"
#include "xen/version.h"

static uint32_t features(const struct domain *d)
{
    uint32_t f = (1u << XENFEAT_writable_page_tables) | (1u << XENFEAT_auto_translated_physmap) |
                 (1u << XENFEAT_ARM_SMCCC_supported);
    if (d->is_privileged)
        f |= 1u << XENFEAT_dom0;
    f |= d->direct_map ? 1u << XENFEAT_direct_mapped : 1u << XENFEAT_not_direct_mapped;
    return f;
}

static long get_features(struct vcpu *v, uint64_t arg)
{
    struct xen_feature_info fi;
    if (copy_from_guest(v, &fi, arg, sizeof(fi)))
        return -EFAULT;
    fi.submap = fi.submap_idx == 0 ? features(v->dom) : 0;
    return copy_to_guest(v, arg, &fi, sizeof(fi)) ? -EFAULT : 0;
}

/* Copies a NUL-padded string into a fixed-size guest buffer. */
static long put_string(struct vcpu *v, uint64_t arg, const char *s, size_t size)
{
    char buf[1024];
    if (size > sizeof(buf))
        return -EINVAL;
    memset(buf, 0, size);
    strncpy(buf, s, size - 1);
    return copy_to_guest(v, arg, buf, size) ? -EFAULT : 0;
}

static long compile_info(struct vcpu *v, uint64_t arg)
{
    struct xen_compile_info ci;
    memset(&ci, 0, sizeof(ci));
    strncpy(ci.compiler, "gcc (Domus " DOMUS_VERSION ")", sizeof(ci.compiler) - 1);
    strncpy(ci.compile_by, "domus", sizeof(ci.compile_by) - 1);
    strncpy(ci.compile_domain, "domus", sizeof(ci.compile_domain) - 1);
    strncpy(ci.compile_date, DOMUS_GIT, sizeof(ci.compile_date) - 1);
    return copy_to_guest(v, arg, &ci, sizeof(ci)) ? -EFAULT : 0;
}

long do_xen_version(struct vcpu *v, uint64_t cmd, uint64_t arg)
{
    struct xen_platform_parameters pp = {0};
    switch (cmd) {
    case XENVER_version: return DOMUS_XEN_VERSION;
    case XENVER_extraversion:
        return put_string(v, arg, "-domus" DOMUS_VERSION, sizeof(xen_extraversion_t));
    case XENVER_compile_info: return compile_info(v, arg);
    case XENVER_capabilities:
        return put_string(v, arg, "xen-3.0-aarch64", sizeof(xen_capabilities_info_t));
    case XENVER_changeset: return put_string(v, arg, DOMUS_GIT, sizeof(xen_changeset_info_t));
    case XENVER_platform_parameters: return copy_to_guest(v, arg, &pp, sizeof(pp)) ? -EFAULT : 0;
    case XENVER_get_features: return get_features(v, arg);
    case XENVER_pagesize: return PAGE_SIZE;
    case XENVER_guest_handle: return 0;
    case XENVER_commandline:
        if (!v->dom->is_privileged)
            return -EPERM;
        return put_string(v, arg, "", sizeof(xen_commandline_t));
    default: return -ENOSYS;
    }
}
