/*
 * An emulated PL011 for a guest, at the address of the real one: what the
 * guest writes goes to the hypervisor console; what is typed while the
 * console input belongs to the guest comes back through a small receive
 * FIFO. Enough of the register set for Linux's amba-pl011 driver (and
 * earlycon): data, flags, interrupt mask/status/clear, the line and
 * control registers (stored, no effect) and the PrimeCell ID registers.
 */
#include "arch/arm64/dom0.h"
#include "arch/arm64/vgic.h"
#include "common/log.h"
#include "common/spinlock.h"
#include "common/xmalloc.h"

#define DR    0x000
#define RSR   0x004
#define FR    0x018
#define IBRD  0x024
#define FBRD  0x028
#define LCR_H 0x02c
#define CR    0x030
#define IFLS  0x034
#define IMSC  0x038
#define RIS   0x03c
#define MIS   0x040
#define ICR   0x044
#define DMACR 0x048

#define FR_RXFE (1u << 4)
#define FR_TXFE (1u << 7)
#define INT_RX  (1u << 4)
#define INT_TX  (1u << 5)
#define INT_RT  (1u << 6)

#define RX_FIFO 4096 /* deep: typed-ahead input must not be lost */

struct vpl011 {
    spinlock_t lock;
    uint32_t intid;
    uint32_t imsc, ris, lcr_h, cr, ibrd, fbrd, ifls, dmacr;
    char rx[RX_FIFO];
    unsigned int rx_head, rx_tail;
    struct domain *d;
};

static struct vpl011 *dom0_uart;

/* PrimeCell peripheral and cell IDs of an ARM PL011 r1p5. */
static const uint8_t id_regs[8] = {0x11, 0x10, 0x34, 0x00, 0x0d, 0xf0, 0x05, 0xb1};

static void update_irq(struct vpl011 *u)
{
    /* The transmitter is always empty: TX interrupt permanently raised. */
    u->ris = (u->ris & ~INT_TX) | INT_TX;
    if (u->rx_head != u->rx_tail)
        u->ris |= INT_RX | INT_RT;
    else
        u->ris &= ~(INT_RX | INT_RT);
    if (u->ris & u->imsc)
        vgic_inject(u->d, NULL, u->intid);
}

static uint32_t read_reg(struct vpl011 *u, unsigned int off)
{
    switch (off) {
    case DR: {
        if (u->rx_head == u->rx_tail)
            return 0;
        return (uint8_t)u->rx[u->rx_tail++ % RX_FIFO];
    }
    case FR: return FR_TXFE | (u->rx_head == u->rx_tail ? FR_RXFE : 0);
    case IBRD: return u->ibrd;
    case FBRD: return u->fbrd;
    case LCR_H: return u->lcr_h;
    case CR: return u->cr;
    case IFLS: return u->ifls;
    case IMSC: return u->imsc;
    case RIS: return u->ris;
    case MIS: return u->ris & u->imsc;
    case DMACR: return u->dmacr;
    default:
        if (off >= 0xfe0 && off < 0x1000)
            return id_regs[(off - 0xfe0) / 4];
        return 0;
    }
}

static void write_reg(struct vpl011 *u, unsigned int off, uint32_t val)
{
    char c = (char)val;
    switch (off) {
    case DR: log_console_raw(&c, 1); break;
    case IBRD: u->ibrd = val; break;
    case FBRD: u->fbrd = val; break;
    case LCR_H: u->lcr_h = val; break;
    case CR: u->cr = val; break;
    case IFLS: u->ifls = val; break;
    case IMSC: u->imsc = val & 0x7ff; break;
    case ICR: u->ris &= ~val; break;
    case DMACR: u->dmacr = val; break;
    default: break; /* RSR/ECR and unknown: ignored */
    }
}

static bool vpl011_mmio(struct vcpu *v, struct mmio_access *a, void *priv)
{
    (void)v;
    struct vpl011 *u = priv;
    unsigned int off = (unsigned int)(a->gpa & 0xfff);
    if (a->size > 4 || (off & 3))
        return false; /* the registers are 32 bits wide and aligned */
    unsigned long f = spin_lock_irqsave(&u->lock);
    if (a->write)
        write_reg(u, off, (uint32_t)a->val);
    else
        a->val = read_reg(u, off);
    update_irq(u);
    spin_unlock_irqrestore(&u->lock, f);
    return true;
}

int vpl011_init(struct domain *d, paddr_t base, uint32_t intid)
{
    struct vpl011 *u = xzalloc(sizeof(*u));
    if (!u)
        return -1;
    spin_lock_init(&u->lock);
    u->d = d;
    u->intid = intid;
    u->cr = 0x300;
    dom0_uart = u;
    return mmio_register(d, base, 0x1000, vpl011_mmio, u);
}

void vpl011_input(struct domain *d, char c)
{
    struct vpl011 *u = dom0_uart;
    if (!u || u->d != d)
        return;
    unsigned long f = spin_lock_irqsave(&u->lock);
    if (u->rx_head - u->rx_tail < RX_FIFO)
        u->rx[u->rx_head++ % RX_FIFO] = c;
    update_irq(u);
    spin_unlock_irqrestore(&u->lock, f);
}
