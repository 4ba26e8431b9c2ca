/*
 * Unexpected exceptions at EL2: print everything needed to find the bug
 * (decoded ESR, FAR, all registers, a frame-pointer backtrace with offsets
 * into the image for addr2line), ask the other CPUs to stop, and halt.
 * Guests never reach this path: their traps go through the lower-EL
 * vectors, which reflect faults back into the guest.
 */
#include "arch/arm64/mmu.h"
#include "arch/arm64/regs.h"
#include "common/arch.h"
#include "common/ipi.h"
#include "common/log.h"

extern char _image_start[], _text_start[], _text_end[];

static const char *const vec_kind[] = {"synchronous", "IRQ", "FIQ", "SError"};
static const char *const vec_origin[] = {"EL2 (SP_EL0)", "EL2", "lower EL (AArch64)",
                                         "lower EL (AArch32)"};

static const char *ec_name(unsigned int ec)
{
    switch (ec) {
    case 0x00: return "unknown reason";
    case 0x01: return "WFI/WFE";
    case 0x07: return "FP/SIMD access trapped";
    case 0x0e: return "illegal execution state";
    case 0x15: return "SVC (AArch64)";
    case 0x16: return "HVC (AArch64)";
    case 0x17: return "SMC (AArch64)";
    case 0x18: return "system register access";
    case 0x19: return "SVE access trapped";
    case 0x20: return "instruction abort from a lower EL";
    case 0x21: return "instruction abort at the same EL";
    case 0x22: return "PC alignment fault";
    case 0x24: return "data abort from a lower EL";
    case 0x25: return "data abort at the same EL";
    case 0x26: return "SP alignment fault";
    case 0x2f: return "SError";
    case 0x3c: return "BRK (AArch64)";
    default: return "other";
    }
}

static const char *fsc_name(unsigned int fsc)
{
    switch (fsc & 0x3c) {
    case 0x00: return "address size fault";
    case 0x04: return "translation fault";
    case 0x08: return "access flag fault";
    case 0x0c: return "permission fault";
    default: break;
    }
    switch (fsc) {
    case 0x10: return "synchronous external abort";
    case 0x21: return "alignment fault";
    case 0x30: return "TLB conflict abort";
    default: return "other fault";
    }
}

static void decode_esr(uint64_t esr, uint64_t far)
{
    unsigned int ec = (unsigned int)(esr >> 26) & 0x3f;
    unsigned int iss = (unsigned int)esr & 0x1ffffff;
    printk("  ESR_EL2 %#010lx: EC %#04x (%s), IL %u, ISS %#x\n", (unsigned long)esr, ec,
           ec_name(ec), (unsigned int)(esr >> 25) & 1, iss);
    if (ec == 0x20 || ec == 0x21 || ec == 0x24 || ec == 0x25) {
        unsigned int fsc = iss & 0x3f;
        printk("  fault: %s", fsc_name(fsc));
        if ((fsc & 0x30) == 0)
            printk(" at level %u", fsc & 3);
        if (ec >= 0x24)
            printk(", %s access", (iss >> 6) & 1 ? "write" : "read");
        printk("\n  FAR_EL2 %#018lx\n", (unsigned long)far);
    }
}

static bool in_text(uint64_t a)
{
    return a >= (uint64_t)(uintptr_t)_text_start && a < (uint64_t)(uintptr_t)_text_end;
}

static uint64_t image_offset(uint64_t a)
{
    return a - (uint64_t)(uintptr_t)_image_start;
}

static bool readable(uint64_t va)
{
    return (va & 7) == 0 && mmu_lookup(va) != 0 && mmu_lookup(va + 8) != 0;
}

static void backtrace(const struct cpu_regs *r)
{
    printk("  backtrace (offsets into domus-hv.elf, for addr2line):\n");
    printk("    #0 pc %#lx (+%#lx)\n", (unsigned long)r->elr, (unsigned long)image_offset(r->elr));
    if (in_text(r->x[30]))
        printk("    #1 lr %#lx (+%#lx)\n", (unsigned long)r->x[30],
               (unsigned long)image_offset(r->x[30]));
    uint64_t fp = r->x[29];
    for (unsigned int depth = 2; depth < 24 && fp && readable(fp); depth++) {
        const uint64_t *frame = (const uint64_t *)(uintptr_t)fp;
        uint64_t ret = frame[1];
        if (!in_text(ret))
            break;
        printk("    #%u    %#lx (+%#lx)\n", depth, (unsigned long)ret,
               (unsigned long)image_offset(ret));
        if (frame[0] <= fp)
            break; /* frames grow upwards; anything else is corrupt */
        fp = frame[0];
    }
}

static void dump_regs(const struct cpu_regs *r)
{
    for (unsigned int i = 0; i < 30; i += 3)
        printk("  x%-2u %016lx  x%-2u %016lx  x%-2u %016lx\n", i, (unsigned long)r->x[i], i + 1,
               (unsigned long)r->x[i + 1], i + 2, (unsigned long)r->x[i + 2]);
    printk("  x30 %016lx  sp  %016lx\n", (unsigned long)r->x[30], (unsigned long)r->sp);
    printk("  ELR_EL2 %016lx  SPSR_EL2 %08lx\n", (unsigned long)r->elr, (unsigned long)r->spsr);
}

void arm64_unexpected(struct cpu_regs *r, uint64_t kind, uint64_t origin)
{
    pr_err("\n*** Domus: unexpected %s exception from %s on CPU %u ***\n", vec_kind[kind & 3],
           vec_origin[origin & 3], arch_cpu_id());
    decode_esr(r->esr, r->far);
    dump_regs(r);
    backtrace(r);
    ipi_halt_others();
    pr_err("*** CPU %u halted; the other CPUs were asked to stop ***\n", arch_cpu_id());
    arch_halt_cpu();
}

void arm64_sync_current(struct cpu_regs *r)
{
    /* The hypervisor expects no synchronous exception of its own. */
    arm64_unexpected(r, 0, 1);
}
