/* SPDX-License-Identifier: MIT */
/*
 * The domain builder: turns a kernel Image, an optional initrd and a few
 * figures into a running unprivileged domain (domU) laid out like Xen's
 * arm64 guests (xen/guest_layout.h), through the steps xen/domus_domctl.h
 * lists. Three pure stages, testable anywhere:
 *
 *   domus_image_check   the arm64 Image header (Linux's booting.rst)
 *   domus_layout_plan   where RAM, kernel, device tree, initrd and the
 *                       xenstore and console rings go
 *   domus_dtb_build     the guest's device tree (libfdt)
 *
 * bundled by domus_build_prepare, then one stage that acts,
 * domus_build_run, through a table of operations (struct
 * domus_build_ops): privcmd hypercalls for real (build_privcmd.c), none at
 * all for a dry run (build_dry_run.c), a fake in the host tests.
 *
 * Functions that can fail return 0 (or a size) on success and -1 with a
 * message in err on failure.
 */
#ifndef DOMUS_BUILD_H
#define DOMUS_BUILD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "xen/domus_domctl.h"
#include "xen/event_channel.h"
#include "xen/xen.h"

/* ---- the kernel Image (build_image.c) */

/* The header fields that matter (all little endian in the file). */
struct domus_image_info {
    uint64_t text_offset; /* from a 2 MiB-aligned base */
    uint64_t image_size;  /* bytes the kernel needs from its first byte */
    uint64_t flags;       /* bit 0 big endian, 2:1 page size, 3 placement */
    uint64_t file_size;
};

#define DOMUS_IMAGE_HEADER_SIZE 64
#define DOMUS_IMAGE_MAGIC       0x644d5241U /* "ARM\x64", at 0x38 */

/* Checks that buf[0..len) is a little-endian arm64 Linux Image we can
 * boot, and reads its header into out. */
int domus_image_check(const void *buf, size_t len, struct domus_image_info *out, char *err,
                      size_t errlen);

/* ---- what to build */

struct domus_build_input {
    const char *name;       /* the domain's name (xenstore's name node) */
    unsigned int vcpus;     /* online at boot (the rest are listed, offline) */
    unsigned int max_vcpus; /* 1 .. GUEST_MAX_VCPUS */
    uint64_t memory_mib;    /* RAM populated at boot */
    uint64_t maxmem_mib;    /* RAM it may ever hold (>= memory_mib) */
    const char *bootargs;   /* kernel command line, or NULL */
    const void *kernel;     /* the Image file's bytes */
    size_t kernel_size;
    const void *ramdisk; /* the initrd's bytes, or NULL */
    size_t ramdisk_size;
    unsigned int xen_major, xen_minor; /* in the device tree's compatibles */
};

/* ---- the guest's memory layout (build_layout.c) */

#define DOMUS_MAX_BANKS      2
#define DOMUS_NR_MAGIC_PAGES 2           /* console ring, xenstore ring */
#define DOMUS_DTB_SLOT       0x200000ULL /* 2 MiB block of its own */
#define DOMUS_DTB_MAX        DOMUS_DTB_SLOT

struct domus_mem_range {
    uint64_t base, size;
};

/* Guest-physical addresses; ends are exclusive. */
struct domus_layout {
    struct domus_mem_range bank[DOMUS_MAX_BANKS]; /* RAM, from GUEST_RAM0_BASE */
    unsigned int nr_banks;
    uint64_t kernel_base;              /* 2 MiB aligned */
    uint64_t kernel_load;              /* kernel_base + text_offset: first byte, entry point */
    uint64_t kernel_end;               /* kernel_load + image_size */
    uint64_t dtb_base;                 /* start of the device tree's 2 MiB block */
    uint64_t initrd_start, initrd_end; /* both 0 without an initrd */
    xen_pfn_t console_gfn, store_gfn;  /* magic pages in GUEST_MAGIC_BASE */
    uint64_t max_pages;                /* for DOMUS_DOMCTL_max_mem */
};

/* Places everything (Linux's arm64 boot protocol): the kernel at RAM0's
 * start + text_offset, the device tree in the next 2 MiB block, the initrd
 * after it; all in RAM0, the device tree within its first 512 MiB. */
int domus_layout_plan(const struct domus_build_input *in, const struct domus_image_info *img,
                      struct domus_layout *out, char *err, size_t errlen);

/* ---- the guest's device tree (build_dtb.c) */

/* Writes the device tree into buf[0..size); returns its size. */
int domus_dtb_build(const struct domus_build_input *in, const struct domus_layout *l, void *buf,
                    size_t size, char *err, size_t errlen);

/* ---- the pure stages together (build_prepare.c) */

struct domus_build_plan {
    struct domus_image_info image;
    struct domus_layout layout;
    void *dtb; /* malloc'd */
    size_t dtb_size;
};

int domus_build_prepare(const struct domus_build_input *in, struct domus_build_plan *plan,
                        char *err, size_t errlen);
void domus_build_plan_free(struct domus_build_plan *plan);

/* ---- the domain's xenstore nodes (build_xs_nodes.c) */

#define DOMUS_XS_PATH_MAX  96
#define DOMUS_XS_VALUE_MAX 80
/* Enough for every vCPU's node and the fixed ones. */
#define DOMUS_XS_MAX_NODES (40 + 128)

struct domus_xs_node {
    char path[DOMUS_XS_PATH_MAX]; /* absolute */
    char value[DOMUS_XS_VALUE_MAX];
    /* Owned by the domain, which may write it (libxl's "rw" nodes); else
     * owned by dom0 and only readable by the domain. */
    bool guest_owned;
};

/* The permission strings of node n of domain dom, owner first: "nD"
 * (guest-owned), or "n0" "rD". How many (1 or 2). */
unsigned int domus_xs_perms(const struct domus_xs_node *n, domid_t dom, char perms[2][8]);

struct domus_build_result;

/*
 * The nodes domus create writes for domain dom under /local/domain/<dom>,
 * parents before children, as libxl writes them for an arm64 domU (what
 * Linux reads: memory/target, control/shutdown and the feature nodes it
 * writes, control/sysrq, device; and what the tools read: name, domid,
 * the console and store rings). Returns how many (at most max), or -1 if
 * max is too small.
 */
int domus_xs_nodes(const struct domus_build_input *in, domid_t dom,
                   const struct domus_build_result *res, struct domus_xs_node *out, size_t max);

/* ---- acting (build_run.c) */

/*
 * What domus_build_run calls; each returns 0 (or a count) or -errno, like
 * the libdomus wrapper of the same name. ctx is the caller's.
 */
struct domus_build_ops {
    long (*createdomain)(void *ctx, const struct domus_domctl_createdomain *args, domid_t *dom);
    long (*max_mem)(void *ctx, domid_t dom, uint64_t max_pages);
    /* Extents done (fewer than n: stopped) or -errno. */
    long (*populate_physmap)(void *ctx, domid_t dom, const xen_pfn_t *gfns, unsigned long n,
                             unsigned int order);
    /* n frames from gfn, readable and writable; NULL with *err = -errno. */
    void *(*map)(void *ctx, domid_t dom, xen_pfn_t gfn, unsigned int n, long *err);
    /* Undoes map, cleaning the data cache over the range first. */
    long (*unmap)(void *ctx, void *addr, unsigned int n);
    long (*alloc_unbound)(void *ctx, domid_t dom, domid_t remote, evtchn_port_t *port);
    long (*set_param)(void *ctx, domid_t dom, uint32_t index, uint64_t value);
    long (*setvcpucontext)(void *ctx, domid_t dom, uint32_t vcpu, uint64_t pc, const uint64_t x[4]);
    /* Writes the domain's xenstore nodes (with their permissions). */
    long (*xs_write)(void *ctx, domid_t dom, const struct domus_xs_node *nodes, unsigned int n);
    /* XS_INTRODUCE: xenstored starts serving the domain's ring. */
    long (*xs_introduce)(void *ctx, domid_t dom, xen_pfn_t gfn, evtchn_port_t port);
    /* Undoes both: XS_RELEASE and the nodes removed. */
    long (*xs_forget)(void *ctx, domid_t dom);
    long (*unpause)(void *ctx, domid_t dom);
    /* Destroys dom, waiting a bounded time while it answers -EAGAIN. */
    long (*destroy)(void *ctx, domid_t dom);
};

struct domus_build_options {
    bool unpause; /* false: leave it paused (domus create -p) */
    bool dry_run; /* logs say "would"; the domain id is unknown */
    /* Called with one line per step (NULL: quiet). */
    void (*log)(void *arg, const char *line);
    void *log_arg;
};

struct domus_build_result {
    domid_t domid;
    bool exists;             /* a domain is there now (built, or left behind) */
    const char *failed_step; /* NULL on success */
    evtchn_port_t console_port, store_port;
    xen_pfn_t console_gfn, store_gfn;
};

/*
 * Runs the build: createdomain, max_mem, populate_physmap (RAM, then the
 * magic pages), the kernel, device tree and initrd written and the magic
 * pages zeroed through foreign mappings, alloc_unbound for the xenstore
 * and console ports, the four HVM parameters, vCPU 0's context, the
 * xenstore nodes, XS_INTRODUCE, unpause. On a failure after createdomain
 * the domain is taken away again (its xenstore nodes and introduction if
 * they were made, then the domain); if even that fails, res->exists says
 * so and err says both.
 */
int domus_build_run(const struct domus_build_ops *ops, void *ctx,
                    const struct domus_build_input *in, const struct domus_build_plan *plan,
                    const struct domus_build_options *opt, struct domus_build_result *res,
                    char *err, size_t errlen);

/* ---- operation tables */

/* Real hypercalls through privcmd and real xenstore requests
 * (build_privcmd.c); ctx: struct domus_build_ctx *. */
struct xsc;
struct domus_build_ctx {
    int privcmd;
    struct xsc *xs;
};
extern const struct domus_build_ops domus_privcmd_build_ops;

/* No hypercalls at all (build_dry_run.c); ctx: NULL. Maps are scratch
 * memory, the domain id is 0. */
extern const struct domus_build_ops domus_dry_run_build_ops;

#endif
