/* SPDX-License-Identifier: MIT */
/* The self-test's parts, one file each; results go through check.h. */
#ifndef DOMUS_SELFTEST_H
#define DOMUS_SELFTEST_H

void selftest_grant(void);
void selftest_evtchn(void);
void selftest_xenver(void);
void selftest_badinput(void);
void selftest_domu(void);

/* Times n iterations of each operation; 0 if all ran, 1 if one failed. */
int selftest_bench(unsigned long n);
/* Times domain creation and RAM population (needs a Domus hypervisor). */
int selftest_domu_bench(unsigned long n);

#endif
