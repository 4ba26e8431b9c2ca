/* SPDX-License-Identifier: MIT */
/*
 * domus create [-n|--dry-run] [-p|--paused] [-c|--console] [-v] [--dtb-out FILE]
 *              CFG [KEY=VALUE...]
 *
 * Reads an xl-style configuration (config.h; KEY=VALUE arguments are
 * settings added after the file's, as with xl), loads the kernel and
 * initrd, plans the guest (domus_build_prepare) and builds it
 * (domus_build_run: the hypervisor through privcmd, xenstore through
 * /dev/xen/xenbus). A dry run prints the plan and the steps a build
 * would take without asking the hypervisor anything that changes state.
 * With -c the terminal is then attached to the new domain's console.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "config.h"
#include "create_plan.h"
#include "domus_build.h"
#include "libdomus.h"
#include "loadfile.h"
#include "registry.h"
#include "xen/version.h"
#include "xsc.h"

#define IMAGE_MAX  (512UL * 1024 * 1024)  /* the DTB must follow within 512 MiB */
#define INITRD_MAX (2048UL * 1024 * 1024) /* RAM0 is 3 GiB */
#define NAME_IDS   64

struct create_args {
    bool dry_run, paused, verbose, console;
    const char *dtb_out;
    const char *cfg;
    char **settings; /* KEY=VALUE */
    int nr_settings;
};

struct images {
    void *kernel, *ramdisk;
    size_t kernel_size, ramdisk_size;
};

static const char usage[] =
    "usage: domus create [-n|--dry-run] [-p|--paused] [-c|--console] [-v|--verbose]\n"
    "                    [--dtb-out FILE] CFG [KEY=VALUE...]\n";

static int bad_usage(const char *fmt, const char *arg)
{
    fprintf(stderr, "domus create: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n%s", usage);
    return 2;
}

static int parse_args(int argc, char **argv, struct create_args *a)
{
    static const struct option longopts[] = {
        {"dry-run", no_argument, NULL, 'n'},
        {"paused", no_argument, NULL, 'p'},
        {"verbose", no_argument, NULL, 'v'},
        {"dtb-out", required_argument, NULL, 'd'},
        {"console", no_argument, NULL, 'c'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    memset(a, 0, sizeof(*a));
    optind = 1;
    opterr = 0;
    int opt;
    while ((opt = getopt_long(argc, argv, ":npcvh", longopts, NULL)) != -1) {
        switch (opt) {
        case 'n': a->dry_run = true; break;
        case 'p': a->paused = true; break;
        case 'c': a->console = true; break;
        case 'v': a->verbose = true; break;
        case 'd': a->dtb_out = optarg; break;
        case 'h': fputs(usage, stdout); return -1;
        case ':': return bad_usage("option '%s' needs an argument", argv[optind - 1]);
        default: return bad_usage("unknown option '%s'", argv[optind - 1]);
        }
    }
    if (a->console && a->dry_run)
        return bad_usage("%s", "--console needs a real build, not --dry-run");
    if (optind >= argc)
        return bad_usage("%s", "no configuration file given");
    a->cfg = argv[optind++];
    a->settings = argv + optind;
    a->nr_settings = argc - optind;
    for (int i = 0; i < a->nr_settings; i++) {
        if (!strchr(a->settings[i], '='))
            return bad_usage("'%s' is neither an option nor KEY=VALUE", a->settings[i]);
    }
    return 0;
}

/* The file, then the KEY=VALUE arguments as lines of "command line". */
static int read_config(const struct create_args *a, struct domus_config *c)
{
    char err[512];
    fprintf(stderr, "Parsing config from %s\n", a->cfg);
    if (config_parse_file(c, a->cfg, err, sizeof(err)) < 0)
        return cmd_error(1, "create", "%s", err);
    size_t len = 0;
    for (int i = 0; i < a->nr_settings; i++)
        len += strlen(a->settings[i]) + 1;
    char *text = malloc(len + 1);
    if (!text)
        return cmd_error(1, "create", "out of memory");
    text[0] = '\0';
    for (int i = 0; i < a->nr_settings; i++) {
        strcat(text, a->settings[i]);
        strcat(text, "\n");
    }
    int rc = config_parse(c, "command line", text, strlen(text), err, sizeof(err));
    free(text);
    if (rc < 0 || config_finish(c, a->cfg, err, sizeof(err)) < 0)
        return cmd_error(1, "create", "%s", err);
    if (c->warning[0])
        fprintf(stderr, "domus create: warning: %s\n", c->warning);
    return 0;
}

static int read_images(const struct domus_config *c, struct images *im)
{
    char err[512];
    memset(im, 0, sizeof(*im));
    if (load_file("kernel", c->kernel, IMAGE_MAX, &im->kernel, &im->kernel_size, err, sizeof(err)) <
        0)
        return cmd_error(1, "create", "%s", err);
    if (c->ramdisk && load_file("ramdisk", c->ramdisk, INITRD_MAX, &im->ramdisk, &im->ramdisk_size,
                                err, sizeof(err)) < 0)
        return cmd_error(1, "create", "%s", err);
    return 0;
}

/* The Xen version the guest will be told (and its device tree names):
 * the hypervisor's, or 4.17 (what Domus reports) without privcmd. */
static void xen_version(int privcmd, struct domus_build_input *in)
{
    long v = privcmd >= 0 ? domus_xen_version(privcmd, XENVER_version, NULL) : -1;
    in->xen_major = v > 0 ? (unsigned int)(v >> 16) : 4;
    in->xen_minor = v > 0 ? (unsigned int)(v & 0xffff) : 17;
}

static void fill_input(const struct domus_config *c, const struct images *im,
                       struct domus_build_input *in)
{
    memset(in, 0, sizeof(*in));
    in->name = c->name;
    in->vcpus = c->vcpus;
    in->max_vcpus = c->maxvcpus;
    in->memory_mib = c->memory_mib;
    in->maxmem_mib = c->maxmem_mib;
    in->bootargs = c->bootargs;
    in->kernel = im->kernel;
    in->kernel_size = im->kernel_size;
    in->ramdisk = im->ramdisk;
    in->ramdisk_size = im->ramdisk_size;
}

static int write_dtb(const char *path, const struct domus_build_plan *p)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return cmd_error(1, "create", "cannot write %s: %s", path, strerror(errno));
    int bad = fwrite(p->dtb, 1, p->dtb_size, f) != p->dtb_size;
    bad |= fclose(f) != 0;
    if (bad)
        return cmd_error(1, "create", "cannot write %s: %s", path, strerror(errno));
    return 0;
}

static void print_step(void *arg, const char *line)
{
    (void)arg;
    printf("  %s\n", line);
}

/* A real build needs a name no live domain has. */
static int name_free(int privcmd, const char *name)
{
    domid_t ids[NAME_IDS];
    int n = registry_lookup(name, ids, NAME_IDS);
    for (int i = 0; i < n; i++) {
        struct domus_sysctl_getdomaininfo gi;
        long rc = domus_getdomaininfo(privcmd, ids[i], &gi);
        if (rc == 0)
            return cmd_error(1, "create", "a domain named '%s' exists already (id %u)", name,
                             ids[i]);
        if (rc == -ESRCH)
            registry_forget(ids[i]); /* left from a domain that is gone */
    }
    return 0;
}

static int build(const struct create_args *a, const struct domus_config *c, int privcmd,
                 const struct domus_build_input *in, const struct domus_build_plan *plan)
{
    if (name_free(privcmd, c->name))
        return 1;
    struct domus_build_options opt = {
        .unpause = !a->paused,
        .log = a->verbose ? print_step : NULL,
    };
    struct domus_build_result res;
    char err[768];
    struct xsc xs;
    int rc = xsc_open(&xs, false, NULL);
    if (rc < 0)
        return cmd_error(1, "create", "cannot reach xenstore (" XSC_DEVICE "): %s", strerror(-rc));
    if (a->verbose)
        printf("steps:\n");
    struct domus_build_ctx ctx = {.privcmd = privcmd, .xs = &xs};
    rc = domus_build_run(&domus_privcmd_build_ops, &ctx, in, plan, &opt, &res, err, sizeof(err));
    xsc_close(&xs);
    char *info = plan_build_info(c, &res);
    char reg_err[512] = "";
    if ((rc == 0 || res.exists) &&
        registry_save(res.domid, c->name, info, reg_err, sizeof(reg_err)) < 0)
        fprintf(stderr, "domus create: warning: %s\n", reg_err);
    free(info);
    if (rc < 0)
        return cmd_error(1, "create", "%s", err);
    plan_print_result(stdout, c, &res, a->paused);
    if (a->console) {
        fflush(stdout);
        return console_attach(res.domid);
    }
    return 0;
}

static int dry_run(const struct create_args *a, const struct domus_build_input *in,
                   const struct domus_build_plan *plan)
{
    struct domus_build_options opt = {.unpause = !a->paused, .dry_run = true, .log = print_step};
    struct domus_build_result res;
    char err[768];
    printf("steps (dry run: none of them was taken):\n");
    if (domus_build_run(&domus_dry_run_build_ops, NULL, in, plan, &opt, &res, err, sizeof(err)) < 0)
        return cmd_error(1, "create", "%s", err);
    return 0;
}

int cmd_create(int argc, char **argv)
{
    struct create_args a;
    int status = parse_args(argc, argv, &a);
    if (status)
        return status < 0 ? 0 : status;
    struct domus_config c;
    struct images im = {0};
    struct domus_build_plan plan = {0};
    struct domus_build_input in;
    int privcmd = -1;
    config_init(&c);
    if ((status = read_config(&a, &c)) || (status = read_images(&c, &im)))
        goto out;
    /* A dry run uses privcmd only if it is there, and only to read. */
    privcmd = a.dry_run ? domus_open_xen_dev("/dev/xen/privcmd", NULL) : cmd_privcmd("create");
    if (!a.dry_run && privcmd < 0) {
        status = 1;
        goto out;
    }
    fill_input(&c, &im, &in);
    xen_version(privcmd, &in);
    char err[512];
    struct domus_image_info img;
    if (domus_image_check(in.kernel, in.kernel_size, &img, err, sizeof(err)) < 0) {
        status = cmd_error(1, "create", "kernel %s: %s", c.kernel, err);
        goto out;
    }
    if (domus_build_prepare(&in, &plan, err, sizeof(err)) < 0) {
        status = cmd_error(1, "create", "%s", err);
        goto out;
    }
    if (a.dtb_out && (status = write_dtb(a.dtb_out, &plan)))
        goto out;
    if (a.dry_run || a.verbose)
        plan_print(stdout, &c, &in, &plan);
    status = a.dry_run ? dry_run(&a, &in, &plan) : build(&a, &c, privcmd, &in, &plan);
out:
    if (privcmd >= 0)
        close(privcmd);
    domus_build_plan_free(&plan);
    free(im.kernel);
    free(im.ramdisk);
    config_free(&c);
    return status;
}
