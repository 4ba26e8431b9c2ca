/*
 * Hypervisor entry. The UEFI front end copies the flat image to a 2 MiB
 * aligned address, exits boot services and branches to offset 0 at EL2 with
 * the MMU still on (the firmware's identity map), interrupts masked and
 * x0 = physical address of struct boot_info.
 *
 * Here we: relocate ourselves, clear .bss, set up the boot stack and the
 * exception vectors, and call start_hypervisor() in C. Secondary CPUs enter
 * at secondary_entry with the MMU off (PSCI CPU_ON semantics).
 */
#include "arch/arm64/asm.h"

    .section .text.head, "ax"
    .globl _start
_start:
    b       primary_entry
    .long   0
    .quad   0x56482d53554d4f44          /* "DOMUS-HV": HV_IMAGE_MAGIC */
    .quad   _file_end - _start          /* bytes to copy */
    .quad   _image_end - _start         /* bytes occupied, bss included */
    .quad   0x200000                    /* load alignment */

primary_entry:
    msr     daifset, #0xf
    mov     x19, x0                     /* boot_info */
    mrs     x20, cntpct_el0             /* entry timestamp */
    adr     x21, _start                 /* where we run */

    /* Apply R_AARCH64_RELATIVE relocations; count anything else. */
    adrp    x1, __rela_start
    add     x1, x1, :lo12:__rela_start
    adrp    x2, __rela_end
    add     x2, x2, :lo12:__rela_end
    mov     x22, #0                     /* unsupported relocations */
1:  cmp     x1, x2
    b.hs    3f
    ldp     x3, x4, [x1], #16           /* r_offset, r_info */
    ldr     x5, [x1], #8                /* r_addend */
    cmp     w4, #1027                   /* R_AARCH64_RELATIVE */
    b.eq    2f
    add     x22, x22, #1
    b       1b
2:  add     x5, x5, x21
    str     x5, [x21, x3]
    b       1b
3:
    /* Clear .bss. */
    adrp    x1, _bss_start
    add     x1, x1, :lo12:_bss_start
    adrp    x2, _bss_end
    add     x2, x2, :lo12:_bss_end
4:  cmp     x1, x2
    b.hs    5f
    stp     xzr, xzr, [x1], #16
    b       4b
5:
    adrp    x1, boot_stack_top
    add     x1, x1, :lo12:boot_stack_top
    mov     sp, x1
    mov     x29, #0
    mov     x30, #0

    adrp    x1, hyp_vectors
    add     x1, x1, :lo12:hyp_vectors
    msr     vbar_el2, x1
    isb

    mov     x0, x19
    mov     x1, x20
    mov     x2, x22
    bl      arm64_start_primary
    b       arch_halt_cpu

/*
 * Secondary CPU entry from PSCI CPU_ON: EL2, MMU off, x0 = the physical
 * address of this CPU's struct secondary_boot (cleaned to memory by the boot
 * CPU). Turn on the MMU with the tables the boot CPU built; the image is
 * identity mapped, so execution continues at the same address.
 */
    .globl secondary_entry
secondary_entry:
    msr     daifset, #0xf
    mov     x19, x0
    ldr     x1, [x19, #SB_HCR]
    msr     hcr_el2, x1
    ldr     x0, [x19, #SB_TTBR]
    ldr     x1, [x19, #SB_TCR]
    ldr     x2, [x19, #SB_MAIR]
    ldr     x3, [x19, #SB_SCTLR]
    bl      arm64_mmu_switch            /* the MMU is off already: harmless */
    adrp    x1, hyp_vectors
    add     x1, x1, :lo12:hyp_vectors
    msr     vbar_el2, x1
    isb
    ldr     x1, [x19, #SB_STACK]
    mov     sp, x1
    mov     x29, #0
    mov     x30, #0
    mov     x0, x19
    bl      arm64_start_secondary
    b       arch_halt_cpu

/*
 * arm64_mmu_switch(ttbr, tcr, mair, sctlr): leave the firmware's tables for
 * ours. The MMU goes off for the few instructions in between so no stale
 * translation can mix with the new one; this code is identity mapped in
 * both, and touches no memory while the MMU is off.
 */
    .globl arm64_mmu_switch
arm64_mmu_switch:
    dsb     sy
    mrs     x4, sctlr_el2
    bic     x4, x4, #1                  /* M */
    msr     sctlr_el2, x4
    isb
    msr     mair_el2, x2
    msr     tcr_el2, x1
    msr     ttbr0_el2, x0
    isb
    tlbi    alle2
    dsb     nsh
    ic      iallu
    dsb     nsh
    isb
    msr     sctlr_el2, x3
    isb
    ret

    .section .bss
    .balign 16
boot_stack:
    .space  BOOT_STACK_SIZE
    .globl boot_stack_top
boot_stack_top:
