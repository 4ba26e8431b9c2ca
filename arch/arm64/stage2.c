/*
 * The stage-2 descriptor format and geometry for AArch64 (VMSAv8-64, 4 KiB
 * granule). Pure functions over integers: no system register is touched
 * here, so the host unit tests link this file unchanged.
 */
#include "arch/arm64/stage2.h"
#include "common/arch_p2m.h"
#include "common/errno.h"

/* Descriptor bits (stage 2, 4 KiB granule). */
#define S2_VALID        (1ULL << 0)
#define S2_TABLE        (1ULL << 1) /* levels 0-2: table (else block); level 3: page */
#define S2_MEMATTR(x)   ((uint64_t)(x) << 2)
#define S2_NORMAL_WB    S2_MEMATTR(0xf) /* outer and inner write-back cacheable */
#define S2_DEVICE_nGnRE S2_MEMATTR(0x1)
#define S2_AP_RO        (1ULL << 6) /* S2AP[7:6] = 0b01 */
#define S2_AP_RW        (3ULL << 6) /* S2AP[7:6] = 0b11 */
#define S2_SH_INNER     (3ULL << 8)
#define S2_AF           (1ULL << 10)
#define S2_XN           (1ULL << 54) /* XN[1:0] = 0b10: no execution at EL1 nor EL0 */
#define S2_SW_SHIFT     55           /* bits [58:55] are ignored by the walker: ours */
#define S2_SW_MASK      (0xfULL << S2_SW_SHIFT)
#define S2_ADDR_MASK    0x0000fffffffff000ULL /* OA[47:12] */

#define S2_MAX_CONCAT_BITS 4 /* up to 16 concatenated root tables */
#define S2_TABLE_BITS      9 /* 512 descriptors per 4 KiB table */

static unsigned int root_level;
static unsigned int root_pages;
static unsigned int ipa_bits_set;

/*
 * Picks the deepest start level (fewest lookups) whose root, possibly made
 * of concatenated tables, resolves every IPA bit above the level's shift:
 * the root resolves at most 9 + 4 bits. With IPA 32..48 this yields the
 * architecture's valid choices: 32-34 bits start at level 2 (4-16 pages),
 * 35-39 at level 1 (1 page), 40-43 at level 1 (2-16 pages), 44-48 at
 * level 0 (1 page; level 0 never needs, nor allows, concatenation).
 */
int arch_p2m_setup(unsigned int ipa_bits)
{
    if (ipa_bits < 32 || ipa_bits > 48)
        return -EINVAL;
    unsigned int level = 2;
    while (ipa_bits - arch_p2m_level_shift(level) > S2_TABLE_BITS + S2_MAX_CONCAT_BITS)
        level--;
    unsigned int bits = ipa_bits - arch_p2m_level_shift(level);
    root_level = level;
    root_pages = bits > S2_TABLE_BITS ? 1U << (bits - S2_TABLE_BITS) : 1U;
    ipa_bits_set = ipa_bits;
    return 0;
}

unsigned int arch_p2m_root_level(void)
{
    return root_level;
}

unsigned int arch_p2m_root_pages(void)
{
    return root_pages;
}

unsigned int arch_p2m_ipa_bits(void)
{
    return ipa_bits_set;
}

uint64_t stage2_vtcr(unsigned int pa_range_field)
{
    if (!ipa_bits_set)
        return 0;
    /* SL0 counts up from level 2 for the 4 KiB granule. */
    uint64_t sl0 = 2 - root_level;
    uint64_t ps = pa_range_field > VTCR_PARANGE_48 ? VTCR_PARANGE_48 : pa_range_field;
    return VTCR_T0SZ(ipa_bits_set) | VTCR_SL0(sl0) | VTCR_IRGN0_WBWA | VTCR_ORGN0_WBWA |
           VTCR_SH0_INNER | VTCR_TG0_4K | VTCR_PS(ps) | VTCR_RES1;
}

unsigned int arch_p2m_level_shift(unsigned int level)
{
    return PAGE_SHIFT + S2_TABLE_BITS * (3 - level);
}

bool arch_p2m_block_allowed(unsigned int level)
{
    return level == 1 || level == 2;
}

/* Memory type, rights and execute permission of each p2m type. */
static uint64_t type_bits(enum p2m_type t)
{
    uint64_t normal = S2_NORMAL_WB | S2_SH_INNER | S2_AF;
    switch (t) {
    case P2M_RAM_RW: return normal | S2_AP_RW;
    case P2M_RAM_RO: return normal | S2_AP_RO;
    case P2M_MMIO: return S2_DEVICE_nGnRE | S2_AP_RW | S2_AF | S2_XN;
    case P2M_GRANT_RW: return normal | S2_AP_RW | S2_XN;
    case P2M_GRANT_RO: return normal | S2_AP_RO | S2_XN;
    case P2M_INVALID:
    case P2M_NR_TYPES:
    default: return 0;
    }
}

/* Returns 0 (an invalid descriptor) for a bad type or a level that cannot
 * hold a leaf, so a caller's mistake can never map anything. */
uint64_t arch_p2m_make_leaf(paddr_t pa, enum p2m_type t, unsigned int level)
{
    uint64_t bits = type_bits(t);
    if (!bits || level > 3 || (level < 3 && !arch_p2m_block_allowed(level)))
        return 0;
    uint64_t align = (1ULL << arch_p2m_level_shift(level)) - 1;
    uint64_t kind = level == 3 ? S2_VALID | S2_TABLE : S2_VALID;
    return (pa & S2_ADDR_MASK & ~align) | bits | ((uint64_t)t << S2_SW_SHIFT) | kind;
}

uint64_t arch_p2m_make_table(paddr_t table)
{
    return (table & S2_ADDR_MASK) | S2_TABLE | S2_VALID;
}

bool arch_p2m_is_valid(uint64_t e)
{
    return (e & S2_VALID) != 0;
}

bool arch_p2m_is_table(uint64_t e, unsigned int level)
{
    return level < 3 && (e & (S2_VALID | S2_TABLE)) == (S2_VALID | S2_TABLE);
}

/* A block's address bits below its size are RES0; mask them anyway so a
 * stray bit can never offset a translation. */
paddr_t arch_p2m_entry_addr(uint64_t e, unsigned int level)
{
    if (arch_p2m_is_table(e, level))
        return e & S2_ADDR_MASK;
    return e & S2_ADDR_MASK & ~((1ULL << arch_p2m_level_shift(level)) - 1);
}

enum p2m_type arch_p2m_entry_type(uint64_t e)
{
    uint64_t t = (e & S2_SW_MASK) >> S2_SW_SHIFT;
    if (!arch_p2m_is_valid(e) || t >= P2M_NR_TYPES)
        return P2M_INVALID;
    return (enum p2m_type)t;
}
