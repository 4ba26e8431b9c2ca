/*
 * What tests/guests/common/start.S needs from every test guest: the trap
 * record its synchronous vector fills while a guest has armed it around an
 * instruction that may fault (the vector knows the offsets), and the hook
 * for every other exception.
 */
#ifndef TESTS_GUESTS_TRAP_H
#define TESTS_GUESTS_TRAP_H

#include <stddef.h>
#include <stdint.h>

enum { TRAP_IDLE, TRAP_ARMED, TRAP_TAKEN };

struct trap {
    uint32_t state;
    uint32_t pad;
    uint64_t esr, far;
};
_Static_assert(offsetof(struct trap, esr) == 8 && offsetof(struct trap, far) == 16,
               "start.S knows the layout of struct trap");

extern volatile struct trap trap_state; /* defined by each guest */

void unexpected_exception(uint64_t vec, uint64_t esr, uint64_t elr, uint64_t far);

#endif
