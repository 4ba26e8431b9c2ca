/* SPDX-License-Identifier: MIT */
/*
 * Linux's user API header <xen/privcmd.h> includes <xen/interface/xen.h>
 * for domid_t and xen_pfn_t, a kernel-internal header that user space does
 * not have. Our own public xen/xen.h defines both with the same layout, so
 * it stands in for it.
 */
#ifndef DOMUS_TOOLS_XEN_INTERFACE_XEN_H
#define DOMUS_TOOLS_XEN_INTERFACE_XEN_H

#include "xen/xen.h"

#endif
