/*
 * Debug keys on the hypervisor console, in the spirit of Xen's: single
 * characters typed on the serial line ask for state dumps, self-tests or a
 * power action. (Once dom0 exists, the input-switch sequence decides
 * whether characters reach it or these handlers.)
 */
#include "common/arch.h"
#include "common/console.h"
#include "common/ipi.h"
#include "common/log.h"
#include "common/page_alloc.h"
#include "common/percpu.h"
#include "common/xmalloc.h"

static void show_memory(void)
{
    struct page_alloc_stats st;
    struct xmalloc_stats xs;
    page_alloc_get_stats(&st);
    xmalloc_get_stats(&xs);
    printk("mem: %lu KiB free of %lu KiB managed in %u region(s); allocator metadata %lu KiB\n",
           (unsigned long)(st.free_pages * 4), (unsigned long)(st.total_pages * 4), st.regions,
           (unsigned long)(st.meta_pages * 4));
    printk("mem: xmalloc %lu bytes in use, %lu slab page(s), %lu large page(s)\n",
           (unsigned long)xs.bytes_in_use, (unsigned long)xs.slab_pages,
           (unsigned long)xs.large_pages);
}

static void show_cpus(void)
{
    for (unsigned int i = 0; i < cpu_online_count; i++)
        printk("cpu%u: hwid %#lx online %d irqs %lu\n", i, (unsigned long)cpu_info[i].hwid,
               (int)cpu_info[i].online, (unsigned long)cpu_info[i].irqs);
}

static void show_log(void)
{
    printk("log: %lu bytes written to the ring so far\n", (unsigned long)log_ring_head());
}

void console_print_help(void)
{
    printk("debug keys: h help, m memory, c CPUs, i IPI test, l log ring, t guest traps,\n"
           "            C crash (fault dump test), R reboot, O power off\n");
}

void console_handle_key(int c)
{
    switch (c) {
    case 'h': console_print_help(); break;
    case 'm': show_memory(); break;
    case 'c': show_cpus(); break;
    case 'i': ipi_selftest_all(); break;
    case 'l': show_log(); break;
    case 't': arch_dump_exit_stats(); break;
    case 'C': arch_selftest_fault(); break;
    case 'R': printk("Domus: rebooting\n"); arch_reboot();
    case 'O': printk("Domus: powering off\n"); arch_poweroff();
    case '\r':
    case '\n': break;
    default: printk("unknown key '%c' (%#x): 'h' for help\n", c >= 32 && c < 127 ? c : '?', c);
    }
}

/* Input is queued in interrupt context and handled from the idle loop,
 * where handlers may wait for other CPUs' interrupts. */
static char inbuf[64];
static unsigned int in_head, in_tail;

/* Input focus: the hypervisor's debug keys, or the control domain's
 * console. Three Ctrl-A in a row switch, as on Xen. */
#define SWITCH_CHAR 0x01
static bool focus_guest;
static unsigned int switch_count;

void console_set_guest_focus(bool guest)
{
    focus_guest = guest;
    printk("(Domus) console input to %s (type Ctrl-A three times to switch)\n",
           guest ? "dom0" : "the hypervisor");
}

static void input_char(char c)
{
    if (c == SWITCH_CHAR && ++switch_count == 3) {
        switch_count = 0;
        console_set_guest_focus(!focus_guest && arch_console_guest_present());
        return;
    }
    if (c != SWITCH_CHAR)
        switch_count = 0;
    if (focus_guest)
        arch_console_guest_input(c);
    else if (in_head - in_tail < sizeof(inbuf))
        inbuf[in_head++ % sizeof(inbuf)] = c;
}

void console_input_interrupt(void)
{
    int c;
    while ((c = arch_console_getc()) >= 0)
        input_char((char)c);
}

void console_run_deferred(void)
{
    for (;;) {
        unsigned long flags = arch_irq_save();
        int c = in_tail == in_head ? -1 : (unsigned char)inbuf[in_tail++ % sizeof(inbuf)];
        arch_irq_restore(flags);
        if (c < 0)
            return;
        console_handle_key(c);
    }
}
