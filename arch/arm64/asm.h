/* Constants shared between assembly and C (checked by static_assert in C). */
#ifndef ARCH_ARM64_ASM_H
#define ARCH_ARM64_ASM_H

#define BOOT_STACK_SIZE 16384
#define CPU_STACK_SIZE  16384

/* struct secondary_boot offsets (see arch/arm64/smp.c). */
#define SB_MAIR  0
#define SB_TCR   8
#define SB_TTBR  16
#define SB_SCTLR 24
#define SB_HCR   32
#define SB_STACK 40
#define SB_CPU   48

/* struct cpu_regs: the frame saved on every exception (arch/arm64/entry.S). */
#define REGS_X0   0
#define REGS_X30  (30 * 8)
#define REGS_SP   (31 * 8)
#define REGS_ELR  (32 * 8)
#define REGS_SPSR (33 * 8)
#define REGS_ESR  (34 * 8)
#define REGS_FAR  (35 * 8)
#define REGS_SIZE (36 * 8)

/* struct guest_regs at offset 0 of struct arch_vcpu. */
#define GREGS_X0     0
#define GREGS_X30    (30 * 8)
#define GREGS_PC     (31 * 8)
#define GREGS_PSTATE (32 * 8)

/* struct arm64_pcpu: what TPIDR_EL2 points at. */
#define PCPU_INFO  0
#define PCPU_GUEST 8

/* Exit reasons returned by arm64_guest_enter(). */
#define EXIT_SYNC   0
#define EXIT_IRQ    1
#define EXIT_FIQ    2
#define EXIT_SERROR 3

#endif
