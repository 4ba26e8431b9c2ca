/*
 * arm64 dom0: the kernel Image, initrd and device tree go into the first
 * RAM bank (Image at the bank base plus its text_offset, then the initrd,
 * then the tree, each 2 MiB aligned), devices are passed through, and
 * vCPU 0 starts at the kernel with x0 = the tree, as the arm64 Linux boot
 * protocol asks. Everything the guest reads with its MMU off is cleaned to
 * the point of coherency first.
 */
#include <string.h>

#include "arch/arm64/dom0.h"
#include "arch/arm64/guest.h"
#include "arch/arm64/platform.h"
#include "arch/arm64/regs.h"
#include "arch/arm64/setup.h"
#include "common/log.h"
#include "common/page_alloc.h"
#include "drivers/gicv3.h"

#define IMAGE_MAGIC 0x644d5241u /* "ARM\x64" at offset 56 */
#define DT_MAX_SIZE MiB(2)

struct image_header {
    uint32_t code0, code1;
    uint64_t text_offset, image_size, flags;
    uint64_t res2, res3, res4;
    uint32_t magic, res5;
};

const char *arch_kernel_check(const void *image, uint64_t size)
{
    const struct image_header *h = image;
    if (size < sizeof(*h))
        return "is too small to be an arm64 Image";
    if (h->magic != IMAGE_MAGIC)
        return "is not an arm64 Image (no ARM\\x64 magic at offset 56)";
    if (h->flags & 1)
        return "is a big-endian Image";
    if (h->image_size && h->image_size < size)
        return "has a header image_size smaller than the file";
    return NULL;
}

static void clean_to_poc(paddr_t pa, uint64_t len)
{
    for (uint64_t a = ALIGN_DOWN(pa, 64); a < pa + len; a += 64)
        __asm__ volatile("dc cvac, %0" ::"r"(a) : "memory");
    __asm__ volatile("dsb sy" ::: "memory");
}

static paddr_t place(paddr_t at, const void *src, uint64_t len)
{
    memcpy(arch_phys_to_virt(at), src, len);
    clean_to_poc(at, len);
    return at;
}

static int map_ram(struct domain *d, const struct dom0_plan *p)
{
    for (unsigned int i = 0; i < p->nr_banks; i++) {
        int rc = p2m_map(&d->p2m, p->bank_base[i], p->bank_base[i], p->bank_size[i], P2M_RAM_RW);
        if (rc)
            return rc;
    }
    return 0;
}

static int setup_irqs(struct domain *d, const struct boot_info *bi)
{
    static uint32_t spis[1024];
    unsigned int n = 0;
    uint32_t nr = gicv3_nr_irqs();
    int rc = dom0_passthrough(d, (const void *)(uintptr_t)bi->dtb_base, spis, &n, 1024);
    if (rc)
        return rc;
    rc = vgic_domain_init(d, platform.gicd_base, platform.gicr_base, nr > 32 ? nr - 32 : 0);
    if (rc)
        return rc;
    vgic_set_hw_spis(d, spis, n);
    arm64_route_spis(d, spis, n);
    return vpl011_init(d, platform.uart_base, platform.uart_irq);
}

int arch_dom0_build(struct domain *d, const struct dom0_plan *p, const struct boot_info *bi)
{
    const struct image_header *h = arch_phys_to_virt(p->kernel->base);
    paddr_t bank = p->bank_base[0], bank_end = bank + p->bank_size[0];
    paddr_t kernel = bank + h->text_offset;
    uint64_t ksize = MAX(h->image_size, p->kernel->size);
    paddr_t initrd = ALIGN_UP(kernel + ksize, MiB(2));
    uint64_t isize = p->initrd ? p->initrd->size : 0;
    paddr_t dtb = ALIGN_UP(initrd + isize, MiB(2));
    if (dtb + DT_MAX_SIZE > bank_end) {
        pr_err("dom0: kernel, initrd and device tree do not fit in the first %lu MiB bank\n",
               (unsigned long)(p->bank_size[0] >> 20));
        return -1;
    }
    int rc = map_ram(d, p);
    if (rc)
        return rc;
    place(kernel, h, p->kernel->size);
    if (isize)
        place(initrd, arch_phys_to_virt(p->initrd->base), isize);
    arm64_fp_allow(); /* libfdt below; no guest has run yet */
    rc = dom0_dt_build(arch_phys_to_virt(dtb), DT_MAX_SIZE, (const void *)(uintptr_t)bi->dtb_base,
                       d, p, initrd, isize);
    if (rc == 0)
        rc = setup_irqs(d, bi);
    arm64_fp_trap();
    if (rc) {
        pr_err("dom0: device tree or device set-up failed (%d)\n", rc);
        return rc;
    }
    clean_to_poc(dtb, DT_MAX_SIZE);
    arm64_vcpu_reset(d->vcpus[0], kernel, dtb);
    atomic_store(&d->vcpus[0]->state, VCPU_RUNNABLE);
    return 0;
}
