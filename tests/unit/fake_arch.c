/* Fake arch hooks so that the real common/ code runs on the host. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/arch.h"
#include "fake_arch.h"

static unsigned char *ram_host;
static paddr_t ram_base;
static size_t ram_size;

uint64_t fake_counter;
uint64_t fake_timer_deadline;
unsigned int fake_cpu;
unsigned int fake_ipi_count;

void *fake_ram_setup(paddr_t base, size_t size)
{
    fake_ram_teardown();
    ram_host = aligned_alloc(PAGE_SIZE, size);
    if (!ram_host)
        abort();
    memset(ram_host, 0xa5, size); /* garbage, as real RAM would hold */
    ram_base = base;
    ram_size = size;
    return ram_host;
}

void fake_ram_teardown(void)
{
    free(ram_host);
    ram_host = NULL;
    ram_size = 0;
}

void *arch_phys_to_virt(paddr_t pa)
{
    if (pa < ram_base || pa - ram_base >= ram_size) {
        fprintf(stderr, "fake_arch: phys_to_virt(%#llx) outside fake RAM\n",
                (unsigned long long)pa);
        abort();
    }
    return ram_host + (pa - ram_base);
}

paddr_t arch_virt_to_phys(const void *va)
{
    const unsigned char *p = va;
    if (p < ram_host || (size_t)(p - ram_host) >= ram_size) {
        fprintf(stderr, "fake_arch: virt_to_phys(%p) outside fake RAM\n", va);
        abort();
    }
    return ram_base + (paddr_t)(p - ram_host);
}

unsigned int arch_cpu_id(void)
{
    return fake_cpu;
}
void arch_cpu_relax(void)
{
}
void arch_halt_cpu(void)
{
    abort();
}
unsigned long arch_irq_save(void)
{
    return 0;
}
void arch_irq_restore(unsigned long flags)
{
    (void)flags;
}
uint64_t arch_counter_read(void)
{
    return fake_counter;
}
uint64_t arch_counter_freq(void)
{
    return 1000000000ULL;
}
void arch_timer_program(uint64_t deadline)
{
    fake_timer_deadline = deadline;
}
void arch_send_ipi(unsigned int cpu, unsigned int reason)
{
    (void)cpu;
    (void)reason;
    fake_ipi_count++;
}
void arch_console_guest_input(char c)
{
    (void)c;
}
bool arch_console_guest_present(void)
{
    return false;
}
void arch_dump_exit_stats(void)
{
}
void arch_console_write(const char *s, size_t len)
{
    fwrite(s, 1, len, stdout);
}
