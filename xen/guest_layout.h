/* SPDX-License-Identifier: MIT */
/*
 * The virtual machine an unprivileged arm64 domain (domU) sees: where its
 * RAM, interrupt controller and Xen regions sit in guest-physical space,
 * and which interrupts it gets. The values are the ones Xen on Arm gives
 * its domUs (Xen's public arch-arm.h), so a guest's device tree reads the
 * same under both. The hypervisor (vGIC placement, p2m limits) and the
 * domain builder (the guest's device tree) share this file; a guest itself
 * learns all of it from the device tree it is booted with.
 *
 * Dom0 is not laid out this way: it is direct-mapped and sees the host's
 * own layout.
 */
#ifndef DOMUS_PUBLIC_GUEST_LAYOUT_H
#define DOMUS_PUBLIC_GUEST_LAYOUT_H

/* GICv3: one distributor and one redistributor region with a frame pair
 * (RD + SGI, 128 KiB) per vCPU, room for GUEST_MAX_VCPUS of them. */
#define GUEST_GICV3_GICD_BASE    0x03001000ULL
#define GUEST_GICV3_GICD_SIZE    0x00010000ULL
#define GUEST_GICV3_GICR0_BASE   0x03020000ULL
#define GUEST_GICV3_GICR0_SIZE   0x01000000ULL
#define GUEST_GICV3_RDIST_STRIDE 0x00020000ULL

/* The emulated PL011 (an early console, optional) and its SPI. */
#define GUEST_PL011_BASE 0x22000000ULL
#define GUEST_PL011_SIZE 0x00001000ULL
#define GUEST_VPL011_SPI 32

/* Where the guest maps its grant-table frames (16 MiB of guest-physical
 * space, never RAM), advertised in the /hypervisor node. */
#define GUEST_GNTTAB_BASE 0x38000000ULL
#define GUEST_GNTTAB_SIZE 0x01000000ULL

/* The "magic" pages the domain builder fills before the guest starts:
 * xenstore and console rings (their pfns go in HVM_PARAM_STORE_PFN and
 * HVM_PARAM_CONSOLE_PFN). */
#define GUEST_MAGIC_BASE 0x39000000ULL
#define GUEST_MAGIC_SIZE 0x01000000ULL

/* RAM: up to 3 GiB at 1 GiB, the rest from 8 GiB. */
#define GUEST_RAM0_BASE 0x0040000000ULL
#define GUEST_RAM0_SIZE 0x00c0000000ULL
#define GUEST_RAM1_BASE 0x0200000000ULL
#define GUEST_RAM1_SIZE 0xfe00000000ULL

#define GUEST_MAX_VCPUS 128

/* Private peripheral interrupts. */
#define GUEST_TIMER_VIRT_PPI    27
#define GUEST_TIMER_PHYS_S_PPI  29
#define GUEST_TIMER_PHYS_NS_PPI 30
#define GUEST_EVTCHN_PPI        31

#endif
