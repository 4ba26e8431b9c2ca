/* CPU bookkeeping shared by the generic core. */
#ifndef COMMON_CPU_H
#define COMMON_CPU_H

#include "common/types.h"

#define NR_CPUS 64

/* Number of CPUs that have come online (boot CPU included). */
extern unsigned int cpu_online_count;

#endif
