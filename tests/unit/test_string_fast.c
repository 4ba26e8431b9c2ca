/* The hypervisor's own memcpy/memmove/memset (common/string_fast.c), built
 * under other names so the host's C library stays in charge here. */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "unit.h"

#define memcpy  fast_memcpy
#define memmove fast_memmove
#define memset  fast_memset
void *fast_memcpy(void *restrict dst, const void *restrict src, size_t n);
void *fast_memmove(void *dst, const void *src, size_t n);
void *fast_memset(void *dst, int c, size_t n);
#include "common/string_fast.c"
#undef memcpy
#undef memmove
#undef memset

static unsigned char buf[256], ref[256];

static void fill(void)
{
    for (unsigned int i = 0; i < sizeof(buf); i++)
        buf[i] = ref[i] = (unsigned char)(i * 7 + 3);
}

/* Every overlap direction, distance, alignment and length up to 100. */
TEST(string_fast_memmove_overlaps)
{
    bool ok = true;
    for (size_t src = 0; src < 24 && ok; src++)
        for (size_t dst = 0; dst < 24 && ok; dst++)
            for (size_t n = 0; n <= 100 && ok; n++) {
                fill();
                fast_memmove(buf + dst, buf + src, n);
                memmove(ref + dst, ref + src, n);
                ok = memcmp(buf, ref, sizeof(buf)) == 0;
            }
    CHECK(ok);
}

TEST(string_fast_memcpy_memset)
{
    bool ok = true;
    for (size_t off = 0; off < 16 && ok; off++)
        for (size_t n = 0; n <= 100 && ok; n++) {
            fill();
            fast_memcpy(buf + 128 + off, buf + (off * 3) % 8, n);
            memcpy(ref + 128 + off, ref + (off * 3) % 8, n);
            fast_memset(buf + off, (int)n, n / 2);
            memset(ref + off, (int)n, n / 2);
            ok = memcmp(buf, ref, sizeof(buf)) == 0;
        }
    CHECK(ok);
}
