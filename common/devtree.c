/* Device-tree helpers (boot only: see devtree.h). */
#include <libfdt.h>
#include <string.h>

#include "common/devtree.h"

int dt_check(const void *fdt)
{
    return fdt_check_header(fdt);
}

static uint64_t read_cells(const fdt32_t *p, int cells)
{
    uint64_t v = 0;
    for (int i = 0; i < cells; i++)
        v = (v << 32) | fdt32_to_cpu(p[i]);
    return v;
}

int dt_get_reg(const void *fdt, int node, int index, paddr_t *base, uint64_t *size)
{
    int parent = fdt_parent_offset(fdt, node);
    if (parent < 0)
        return parent;
    int ac = fdt_address_cells(fdt, parent), sc = fdt_size_cells(fdt, parent);
    if (ac < 1 || ac > 2 || sc < 0 || sc > 2)
        return -FDT_ERR_BADNCELLS;
    int len;
    const fdt32_t *reg = fdt_getprop(fdt, node, "reg", &len);
    if (!reg)
        return len;
    int stride = ac + sc;
    if (index < 0 || (index + 1) * stride * 4 > len)
        return -FDT_ERR_NOTFOUND;
    reg += index * stride;
    *base = read_cells(reg, ac);
    *size = sc ? read_cells(reg + ac, sc) : 0;
    return 0;
}

int dt_console_node(const void *fdt, const char *choice)
{
    char path[128];
    const char *p = choice;
    if (strcmp(choice, "dtuart") == 0) {
        int chosen = fdt_path_offset(fdt, "/chosen");
        if (chosen < 0)
            return chosen;
        p = fdt_getprop(fdt, chosen, "stdout-path", NULL);
        if (!p)
            return -FDT_ERR_NOTFOUND;
    }
    size_t n = strcspn(p, ":");
    if (n >= sizeof(path))
        return -FDT_ERR_BADPATH;
    memcpy(path, p, n);
    path[n] = '\0';
    if (path[0] != '/') {
        const char *alias = fdt_get_alias(fdt, path);
        if (!alias)
            return -FDT_ERR_NOTFOUND;
        return fdt_path_offset(fdt, alias);
    }
    return fdt_path_offset(fdt, path);
}

int dt_get_irq(const void *fdt, int node, int index, uint32_t *intid)
{
    int len;
    const fdt32_t *irq = fdt_getprop(fdt, node, "interrupts", &len);
    if (!irq)
        return len;
    if (index < 0 || (index + 1) * 12 > len)
        return -FDT_ERR_NOTFOUND;
    irq += index * 3;
    uint32_t type = fdt32_to_cpu(irq[0]), num = fdt32_to_cpu(irq[1]);
    /* type 0 = SPI (INTID 32+n), 1 = PPI (INTID 16+n) */
    *intid = num + (type == 0 ? 32 : 16);
    return 0;
}

int dt_find_compatible(const void *fdt, const char *compat)
{
    return fdt_node_offset_by_compatible(fdt, -1, compat);
}

const char *dt_strerror(int err)
{
    return fdt_strerror(err);
}
