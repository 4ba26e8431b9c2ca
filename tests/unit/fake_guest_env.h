/* Fake guest memory access for host tests: a guest virtual address is a host
 * pointer. Setting fake_guest_fault makes every copy fail with -EFAULT. */
#ifndef TESTS_FAKE_GUEST_ENV_H
#define TESTS_FAKE_GUEST_ENV_H

#include <stdbool.h>

extern bool fake_guest_fault;

#endif
