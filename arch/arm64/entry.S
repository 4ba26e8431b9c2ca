/*
 * EL2 exception vectors. Every entry saves the full general-purpose state
 * into a struct cpu_regs on the current stack and calls C with a pointer to
 * it; IRQs return through the same frame. Entries for lower ELs exist for
 * guests (added by the dom0 work); until then they are unexpected.
 */
#include "arch/arm64/asm.h"

/* Vector slot kinds passed to arm64_unexpected() */
#define VEC_SYNC   0
#define VEC_IRQ    1
#define VEC_FIQ    2
#define VEC_SERROR 3

.macro save_regs
    sub     sp, sp, #REGS_SIZE
    stp     x0, x1, [sp, #0]
    stp     x2, x3, [sp, #16]
    stp     x4, x5, [sp, #32]
    stp     x6, x7, [sp, #48]
    stp     x8, x9, [sp, #64]
    stp     x10, x11, [sp, #80]
    stp     x12, x13, [sp, #96]
    stp     x14, x15, [sp, #112]
    stp     x16, x17, [sp, #128]
    stp     x18, x19, [sp, #144]
    stp     x20, x21, [sp, #160]
    stp     x22, x23, [sp, #176]
    stp     x24, x25, [sp, #192]
    stp     x26, x27, [sp, #208]
    stp     x28, x29, [sp, #224]
    add     x0, sp, #REGS_SIZE
    stp     x30, x0, [sp, #REGS_X30]
    mrs     x0, elr_el2
    mrs     x1, spsr_el2
    stp     x0, x1, [sp, #REGS_ELR]
    mrs     x0, esr_el2
    mrs     x1, far_el2
    stp     x0, x1, [sp, #REGS_ESR]
.endm

.macro restore_regs_eret
    ldp     x0, x1, [sp, #REGS_ELR]
    msr     elr_el2, x0
    msr     spsr_el2, x1
    ldp     x0, x1, [sp, #0]
    ldp     x2, x3, [sp, #16]
    ldp     x4, x5, [sp, #32]
    ldp     x6, x7, [sp, #48]
    ldp     x8, x9, [sp, #64]
    ldp     x10, x11, [sp, #80]
    ldp     x12, x13, [sp, #96]
    ldp     x14, x15, [sp, #112]
    ldp     x16, x17, [sp, #128]
    ldp     x18, x19, [sp, #144]
    ldp     x20, x21, [sp, #160]
    ldp     x22, x23, [sp, #176]
    ldp     x24, x25, [sp, #192]
    ldp     x26, x27, [sp, #208]
    ldp     x28, x29, [sp, #224]
    ldr     x30, [sp, #REGS_X30]
    add     sp, sp, #REGS_SIZE
    eret
.endm

/* Each vector slot is only 32 instructions: branch to the real code. */
.macro vec_slot target
    .balign 0x80
    b       \target
.endm

/* A guest exit: free two registers for the exit code. */
.macro vec_guest target
    .balign 0x80
    stp     x0, x1, [sp, #-16]!
    b       \target
.endm

/* An unexpected exception: dump and stop this CPU (never returns). */
.macro unexpected_handler name, kind, origin
\name:
    save_regs
    mov     x0, sp
    mov     x1, #\kind
    mov     x2, #\origin
    bl      arm64_unexpected
    b       arch_halt_cpu
.endm

    .section .text.vectors, "ax"
    .balign 0x800
    .globl hyp_vectors
hyp_vectors:
    /* Current EL with SP_EL0: never used (we always run on SP_EL2). */
    vec_slot el2t_sync
    vec_slot el2t_irq
    vec_slot el2t_fiq
    vec_slot el2t_serror
    /* Current EL with SP_EL2. */
    vec_slot el2h_sync
    vec_slot el2h_irq
    vec_slot el2h_fiq
    vec_slot el2h_serror
    /* Lower EL, AArch64: guests. x0/x1 go on the stack first. */
    vec_guest guest_exit_sync
    vec_guest guest_exit_irq
    vec_guest guest_exit_fiq
    vec_guest guest_exit_serror
    /* Lower EL, AArch32 (a guest's 32-bit EL0): the same exits. */
    vec_guest guest_exit_sync
    vec_guest guest_exit_irq
    vec_guest guest_exit_fiq
    vec_guest guest_exit_serror

    .text
el2h_sync:
    save_regs
    mov     x0, sp
    bl      arm64_sync_current
    restore_regs_eret

el2h_irq:
    save_regs
    mov     x0, sp
    bl      arm64_irq_current
    restore_regs_eret

    unexpected_handler el2t_sync, VEC_SYNC, 0
    unexpected_handler el2t_irq, VEC_IRQ, 0
    unexpected_handler el2t_fiq, VEC_FIQ, 0
    unexpected_handler el2t_serror, VEC_SERROR, 0
    unexpected_handler el2h_fiq, VEC_FIQ, 1
    unexpected_handler el2h_serror, VEC_SERROR, 1
