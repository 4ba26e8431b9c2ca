/* SPDX-License-Identifier: MIT */
/* Self-test "xenver": what xen_version tells dom0's user space. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "libdomus.h"
#include "selftest.h"
#include "xen/version.h"

#define XEN_4_17 0x40011

void selftest_xenver(void)
{
    int privcmd = domus_privcmd_open();
    if (!check(privcmd >= 0, "xenver-privcmd", "%s", rc_str(privcmd)))
        return;

    check_rc("xenver-version", domus_xen_version(privcmd, XENVER_version, NULL), XEN_4_17);

    xen_extraversion_t extra;
    memset(extra, 0, sizeof(extra));
    long rc = domus_xen_version(privcmd, XENVER_extraversion, extra);
    extra[sizeof(extra) - 1] = '\0';
    printf("xenver: extraversion '%s'\n", extra);
    check(rc == 0 && strncmp(extra, "-domus", 6) == 0, "xenver-extraversion",
          "returned %s, text '%s'", rc_str(rc), extra);

    struct xen_feature_info fi = {.submap_idx = 0, .submap = 0};
    rc = domus_xen_version(privcmd, XENVER_get_features, &fi);
    check(rc == 0 && (fi.submap & (1u << XENFEAT_auto_translated_physmap)) &&
              (fi.submap & (1u << XENFEAT_dom0)),
          "xenver-features", "returned %s, submap 0x%x", rc_str(rc), fi.submap);

    check_rc("xenver-pagesize", domus_xen_version(privcmd, XENVER_pagesize, NULL), XEN_PAGE_SIZE);
    close(privcmd);
}
