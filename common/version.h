#ifndef COMMON_VERSION_H
#define COMMON_VERSION_H

#define DOMUS_VERSION_MAJOR 0
#define DOMUS_VERSION_MINOR 1
#define DOMUS_VERSION       "0.1.0"
/* The Xen ABI level Domus implements and reports (XENVER_version, physinfo). */
#define DOMUS_XEN_VERSION ((4u << 16) | 17u)

#ifndef DOMUS_GIT
#define DOMUS_GIT "unknown"
#endif

#endif
