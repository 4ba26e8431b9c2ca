/*
 * Entry of the test guests (tests/guests): arm64 Image header, EL1
 * exception vectors, then guest_main(dtb) in the C file of each guest.
 *
 * Booted as dom0 (by Domus, or by Xen for the benchmarks) or as a domU by
 * domus-selftest: loaded 2 MiB aligned (text_offset 0) and entered at
 * EL1h with the MMU off, x0 = DTB (or 0) and x1..x3 as its builder chose
 * (0 for dom0): guest_main(x0, x1, x2, x3). The image is linked at 0 as a
 * PIE and applies its own R_AARCH64_RELATIVE relocations, so it runs
 * wherever it lands.
 */
    .section .text.head, "ax"
    .globl _start
_start:
    b       entry                       /* code0 */
    .long   0                           /* code1 */
    .quad   0                           /* text_offset */
    .quad   _end - _start               /* image_size, bss included */
    .quad   0                           /* flags: little-endian */
    .quad   0, 0, 0                     /* res2..res4 */
    .long   0x644d5241                  /* magic "ARM\x64" */
    .long   0                           /* res5 (no PE header) */

entry:
    msr     daifset, #0xf
    mov     x19, x0                     /* DTB: unused, but kept for debugging */
    adr     x20, _start                 /* where we run */
    mov     x21, x1                     /* the builder's arguments */
    mov     x22, x2
    mov     x23, x3

    /* Self-relocate; anything but RELATIVE is refused by build.sh. */
    adrp    x1, __rela_start
    add     x1, x1, :lo12:__rela_start
    adrp    x2, __rela_end
    add     x2, x2, :lo12:__rela_end
1:  cmp     x1, x2
    b.hs    2f
    ldp     x3, x4, [x1], #16           /* r_offset, r_info (type checked at build) */
    ldr     x5, [x1], #8                /* r_addend */
    add     x5, x5, x20
    str     x5, [x20, x3]
    b       1b
2:
    /* bss is 16-byte aligned at both ends (each guest .lds). */
    adrp    x1, __bss_start
    add     x1, x1, :lo12:__bss_start
    adrp    x2, __bss_end
    add     x2, x2, :lo12:__bss_end
3:  cmp     x1, x2
    b.hs    4f
    stp     xzr, xzr, [x1], #16
    b       3b
4:
    adrp    x1, stack_top
    add     x1, x1, :lo12:stack_top
    mov     sp, x1
    mov     x29, #0
    mov     x30, #0

    adrp    x1, vectors
    add     x1, x1, :lo12:vectors
    msr     vbar_el1, x1
    isb

    mov     x0, x19
    mov     x1, x21
    mov     x2, x22
    mov     x3, x23
    bl      guest_main
5:  wfi
    b       5b

/*
 * Exception vectors. Only a synchronous exception at the current EL on SP_EL1
 * (offset 0x200) is expected, and only while the guest has armed
 * trap_state (struct trap: u32 state, pad, u64 esr, u64 far) around
 * instructions that may fault (probe: one probing access; hcbench: PMU
 * registers a hypervisor may refuse): record ESR/FAR, skip the instruction
 * and return. Everything else is a bug and ends in unexpected_exception().
 */
    .macro  ventry, off
    .balign 0x80
    mov     x0, #\off
    b       bad_vector
    .endm

    .section .text.vectors, "ax"
    .balign 2048
vectors:
    ventry  0x000
    ventry  0x080
    ventry  0x100
    ventry  0x180
    .balign 0x80                        /* 0x200: current EL, SPx, synchronous */
    b       sync_spx
    ventry  0x280
    ventry  0x300
    ventry  0x380
    ventry  0x400
    ventry  0x480
    ventry  0x500
    ventry  0x580
    ventry  0x600
    ventry  0x680
    ventry  0x700
    ventry  0x780

sync_spx:
    /* The interrupted code is C: every register must survive. */
    stp     x0, x1, [sp, #-16]!
    adrp    x0, trap_state
    add     x0, x0, :lo12:trap_state
    ldr     w1, [x0]
    cbz     w1, 1f                      /* TRAP_IDLE: not expected */
    mrs     x1, esr_el1
    str     x1, [x0, #8]                /* trap_esr */
    mrs     x1, far_el1
    str     x1, [x0, #16]               /* trap_far */
    mov     w1, #2                      /* TRAP_TAKEN (again, if several) */
    str     w1, [x0]
    mrs     x1, elr_el1
    add     x1, x1, #4
    msr     elr_el1, x1
    ldp     x0, x1, [sp], #16
    eret
1:  ldp     x0, x1, [sp], #16
    mov     x0, #0x200

bad_vector:
    /* x0 = vector offset; the interrupted state is lost on purpose: we halt. */
    mrs     x1, esr_el1
    mrs     x2, elr_el1
    mrs     x3, far_el1
    bl      unexpected_exception
6:  wfi
    b       6b

    .section .bss
    .balign 16
    .space  16384
stack_top:
