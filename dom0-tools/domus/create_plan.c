/* SPDX-License-Identifier: MIT */
#include <stdlib.h>

#include "create_plan.h"

static const char *page_size(uint64_t flags)
{
    static const char *const sizes[] = {"unspecified page size", "4K pages", "16K pages",
                                        "64K pages"};
    return sizes[(flags >> 1) & 3];
}

/* "key : start-end (N bytes<more>)", end exclusive. */
static void range(FILE *f, const char *key, uint64_t start, uint64_t end, const char *more)
{
    fprintf(f, "%-13s : 0x%llx-0x%llx (%llu bytes%s)\n", key, (unsigned long long)start,
            (unsigned long long)end, (unsigned long long)(end - start), more);
}

void plan_print(FILE *f, const struct domus_config *c, const struct domus_build_input *in,
                const struct domus_build_plan *p)
{
    const struct domus_layout *l = &p->layout;
    const struct domus_image_info *img = &p->image;
    char what[512];
    fprintf(f, "%-13s : %s\n", "name", c->name);
    fprintf(f, "%-13s : %u (max %u)\n", "vcpus", c->vcpus, c->maxvcpus);
    fprintf(f, "%-13s : %llu MiB (max %llu MiB, max_pages %llu)\n", "memory",
            (unsigned long long)c->memory_mib, (unsigned long long)c->maxmem_mib,
            (unsigned long long)l->max_pages);
    for (unsigned int i = 0; i < l->nr_banks; i++)
        range(f, "ram", l->bank[i].base, l->bank[i].base + l->bank[i].size, "");
    snprintf(what, sizeof(what),
             " = image_size; file %s, %llu bytes; text_offset 0x%llx; flags 0x%llx: %s, %s",
             c->kernel, (unsigned long long)img->file_size, (unsigned long long)img->text_offset,
             (unsigned long long)img->flags, page_size(img->flags),
             img->flags & 8 ? "anywhere in RAM" : "low in RAM");
    range(f, "kernel", l->kernel_load, l->kernel_end, what);
    fprintf(f, "%-13s : 0x%llx\n", "entry", (unsigned long long)l->kernel_load);
    range(f, "dtb", l->dtb_base, l->dtb_base + p->dtb_size, "");
    if (in->ramdisk) {
        snprintf(what, sizeof(what), "; file %s", c->ramdisk);
        range(f, "initrd", l->initrd_start, l->initrd_end, what);
    }
    fprintf(f, "%-13s : gfn 0x%llx\n", "console_ring", (unsigned long long)l->console_gfn);
    fprintf(f, "%-13s : gfn 0x%llx\n", "xenstore_ring", (unsigned long long)l->store_gfn);
    fprintf(f, "%-13s : %s\n", "cmdline", c->bootargs ? c->bootargs : "(none)");
    fprintf(f, "%-13s : on_poweroff=%s on_reboot=%s on_crash=%s\n", "actions",
            config_action_name(c->on_poweroff), config_action_name(c->on_reboot),
            config_action_name(c->on_crash));
    fprintf(f, "%-13s : Xen %u.%u\n", "compatible", in->xen_major, in->xen_minor);
}

void plan_print_result(FILE *f, const struct domus_config *c, const struct domus_build_result *r,
                       bool paused)
{
    fprintf(f,
            "domain %s created: id %u, %s; console ring gfn 0x%llx port %u, xenstore ring "
            "gfn 0x%llx port %u\n",
            c->name, r->domid, paused ? "paused (domus unpause to start it)" : "running",
            (unsigned long long)r->console_gfn, r->console_port, (unsigned long long)r->store_gfn,
            r->store_port);
}

char *plan_build_info(const struct domus_config *c, const struct domus_build_result *r)
{
    char *text = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&text, &size);
    if (!f)
        return NULL;
    fprintf(f, "name=%s\n", c->name);
    fprintf(f, "console_gfn=0x%llx\nconsole_port=%u\n", (unsigned long long)r->console_gfn,
            r->console_port);
    fprintf(f, "store_gfn=0x%llx\nstore_port=%u\n", (unsigned long long)r->store_gfn,
            r->store_port);
    fprintf(f, "vcpus=%u\nmaxvcpus=%u\n", c->vcpus, c->maxvcpus);
    fprintf(f, "memory=%llu\nmaxmem=%llu\n", (unsigned long long)c->memory_mib,
            (unsigned long long)c->maxmem_mib);
    fprintf(f, "on_poweroff=%s\non_reboot=%s\non_crash=%s\n", config_action_name(c->on_poweroff),
            config_action_name(c->on_reboot), config_action_name(c->on_crash));
    if (fclose(f) != 0) {
        free(text);
        return NULL;
    }
    return text;
}
