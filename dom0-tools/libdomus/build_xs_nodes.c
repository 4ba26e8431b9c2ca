/* SPDX-License-Identifier: MIT */
/*
 * A domU's xenstore home, /local/domain/<id>, as Xen's libxl makes it for
 * an arm64 guest (libxl__domain_make, libxl__build_post and the primary
 * console's nodes in libxl__device_console_add), less what Domus has no
 * use for (/vm/<uuid>, hvmloader, the device-model and libxl nodes).
 *
 * Permissions as libxl's: the home and everything the tools rely on
 * belong to dom0 and the domain may only read them ("n0" "rD"), so a
 * guest cannot rename itself, move its console ring or change its memory
 * target; the nodes a guest answers through (control/shutdown, sysrq and
 * its feature flags) and its scratch directories belong to the domain
 * ("nD").
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "domus_build.h"

/* libxl's limit for the console daemon's buffer (LIBXL_XENCONSOLE_LIMIT). */
#define CONSOLE_LIMIT 1048576

struct nodes {
    struct domus_xs_node *out;
    size_t max, n;
    domid_t dom;
    bool overflow;
};

static void add(struct nodes *ns, bool guest_owned, const char *rel, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void add(struct nodes *ns, bool guest_owned, const char *rel, const char *fmt, ...)
{
    if (ns->n == ns->max) {
        ns->overflow = true;
        return;
    }
    struct domus_xs_node *node = &ns->out[ns->n++];
    snprintf(node->path, sizeof(node->path), "/local/domain/%u%s%s", ns->dom, rel[0] ? "/" : "",
             rel);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(node->value, sizeof(node->value), fmt, ap);
    va_end(ap);
    node->guest_owned = guest_owned;
}

int domus_xs_nodes(const struct domus_build_input *in, domid_t dom,
                   const struct domus_build_result *res, struct domus_xs_node *out, size_t max)
{
    struct nodes ns = {.out = out, .max = max, .dom = dom};
    /* Linux's balloon driver takes static-max minus the RAM it booted with
     * as an offset it keeps from memory/target; its RAM is what the
     * device tree lists (memory), so static-max is that too. (libxl
     * writes maxmem, which on Arm, with no populate-on-demand, must be
     * the same.) */
    unsigned long long kib = (unsigned long long)in->memory_mib * 1024;
    add(&ns, false, "", "%s", "");
    add(&ns, false, "name", "%s", in->name ? in->name : "");
    add(&ns, false, "domid", "%u", dom);
    add(&ns, false, "memory", "%s", "");
    add(&ns, false, "memory/static-max", "%llu", kib);
    add(&ns, false, "memory/target", "%llu", kib);
    add(&ns, false, "cpu", "%s", "");
    for (unsigned int i = 0; i < in->max_vcpus; i++) {
        char rel[32];
        snprintf(rel, sizeof(rel), "cpu/%u/availability", i);
        add(&ns, false, rel, "%s", i < in->vcpus ? "online" : "offline");
    }
    add(&ns, false, "store/ring-ref", "%llu", (unsigned long long)res->store_gfn);
    add(&ns, false, "store/port", "%u", res->store_port);
    add(&ns, false, "console/backend-id", "%u", 0U);
    add(&ns, false, "console/ring-ref", "%llu", (unsigned long long)res->console_gfn);
    add(&ns, false, "console/port", "%u", res->console_port);
    add(&ns, false, "console/limit", "%u", CONSOLE_LIMIT);
    add(&ns, false, "console/type", "%s", "xenconsoled");
    add(&ns, false, "console/output", "%s", "pty");
    add(&ns, false, "console/tty", "%s", ""); /* the console daemon fills it in */
    add(&ns, false, "control", "%s", "");
    add(&ns, true, "control/shutdown", "%s", "");
    add(&ns, true, "control/feature-poweroff", "%s", "");
    add(&ns, true, "control/feature-reboot", "%s", "");
    add(&ns, true, "control/feature-suspend", "%s", "");
    add(&ns, true, "control/sysrq", "%s", "");
    /* Our xenstored implements XS_RESET_WATCHES: Linux sends it at start. */
    add(&ns, false, "control/platform-feature-xs_reset_watches", "%s", "1");
    add(&ns, false, "device", "%s", "");
    static const char *const scratch[] = {"data", "drivers", "feature", "attr", "error"};
    for (size_t i = 0; i < sizeof(scratch) / sizeof(scratch[0]); i++)
        add(&ns, true, scratch[i], "%s", "");
    return ns.overflow ? -1 : (int)ns.n;
}

unsigned int domus_xs_perms(const struct domus_xs_node *n, domid_t dom, char perms[2][8])
{
    if (n->guest_owned) {
        snprintf(perms[0], sizeof(perms[0]), "n%u", dom);
        return 1;
    }
    snprintf(perms[0], sizeof(perms[0]), "n0");
    snprintf(perms[1], sizeof(perms[1]), "r%u", dom);
    return 2;
}
