/*
 * Domain 0: checked against domus.cfg and the machine before anything is
 * built, then given RAM in large naturally aligned blocks from the page
 * allocator, direct-mapped (guest physical == host physical).
 */
#include "common/arch.h"
#include "common/dom0.h"
#include "common/log.h"
#include "common/page_alloc.h"
#include "common/percpu.h"
#include "common/sched.h"

static const struct boot_module *find_module(const struct boot_info *bi, uint32_t kind)
{
    for (uint32_t i = 0; i < bi->nr_modules; i++)
        if (bi->modules[i].kind == kind)
            return &bi->modules[i];
    return NULL;
}

static const char *check_plan(const struct boot_info *bi, struct dom0_plan *p)
{
    static char why[160];
    struct page_alloc_stats st;
    p->kernel = find_module(bi, BOOT_MOD_KERNEL);
    p->initrd = find_module(bi, BOOT_MOD_INITRD);
    p->cmdline = bi->cfg.dom0_cmdline;
    p->mem = bi->cfg.dom0_mem ? bi->cfg.dom0_mem : DOM0_DEFAULT_MEM;
    p->nr_vcpus = bi->cfg.dom0_vcpus ? bi->cfg.dom0_vcpus : 1;
    if (!p->kernel)
        return "no dom0_kernel in domus.cfg";
    const char *bad = arch_kernel_check(arch_phys_to_virt(p->kernel->base), p->kernel->size);
    if (bad) {
        fmt_snprintf(why, sizeof(why), "dom0_kernel '%s' %s", p->kernel->name, bad);
        return why;
    }
    page_alloc_get_stats(&st);
    if (p->mem > st.free_pages * PAGE_SIZE - MiB(16)) {
        fmt_snprintf(why, sizeof(why), "dom0_mem %lu MiB is more than the %lu MiB free",
                     (unsigned long)(p->mem >> 20),
                     (unsigned long)((st.free_pages * PAGE_SIZE - MiB(16)) >> 20));
        return why;
    }
    if (p->mem & (MiB(2) - 1))
        return "dom0_mem must be a multiple of 2M";
    return NULL;
}

/* Largest blocks first, so dom0 gets few banks and 1 GiB/2 MiB mappings. */
static const char *alloc_banks(struct dom0_plan *p)
{
    uint64_t left = p->mem;
    for (unsigned int order = PAGE_MAX_ORDER; left && order >= 9; order--) {
        uint64_t sz = PAGE_SIZE << order;
        while (left >= sz) {
            paddr_t pa = page_alloc(order);
            if (pa == PADDR_INVALID)
                break;
            unsigned int i = p->nr_banks;
            if (i && p->bank_base[i - 1] + p->bank_size[i - 1] == pa) {
                p->bank_size[i - 1] += sz;
            } else if (i == DOM0_MAX_BANKS) {
                page_free(pa, order);
                return "RAM too fragmented for dom0's banks";
            } else {
                p->bank_base[i] = pa;
                p->bank_size[i] = sz;
                p->nr_banks++;
            }
            left -= sz;
        }
    }
    return left ? "not enough contiguous RAM for dom0_mem" : NULL;
}

static void place_vcpus(struct domain *d)
{
    /* 1:1 on pCPUs while there are enough; then they share by slices. */
    for (unsigned int i = 0; i < d->nr_vcpus; i++)
        sched_place(d->vcpus[i], i % cpu_online_count);
}

struct domain *dom0_build(const struct boot_info *bi)
{
    struct dom0_plan plan = {0};
    const char *err = check_plan(bi, &plan);
    if (!err)
        err = alloc_banks(&plan);
    if (err) {
        pr_err("dom0: %s; not starting dom0\n", err);
        return NULL;
    }
    struct domain *d = domain_create(DOM0_ID, plan.nr_vcpus, true);
    if (!d) {
        pr_err("dom0: cannot create the domain; not starting dom0\n");
        return NULL;
    }
    d->direct_map = true;
    d->tot_pages = d->max_pages = plan.mem >> PAGE_SHIFT;
    d->nr_ram_banks = plan.nr_banks;
    for (unsigned int i = 0; i < plan.nr_banks; i++) {
        d->ram_base[i] = plan.bank_base[i];
        d->ram_size[i] = plan.bank_size[i];
    }
    if (arch_dom0_build(d, &plan, bi) != 0) {
        pr_err("dom0: build failed; not starting dom0\n");
        return NULL;
    }
    place_vcpus(d);
    printk("dom0: %u vCPU(s), %lu MiB in %u bank(s) from %#lx, kernel '%s'%s%s\n", d->nr_vcpus,
           (unsigned long)(plan.mem >> 20), plan.nr_banks, (unsigned long)plan.bank_base[0],
           plan.kernel->name, plan.initrd ? ", initrd " : "", plan.initrd ? plan.initrd->name : "");
    return d;
}
