#ifndef COMMON_VERSION_H
#define COMMON_VERSION_H

#define DOMUS_VERSION_MAJOR 0
#define DOMUS_VERSION_MINOR 1
#define DOMUS_VERSION       "0.1.0"
#ifndef DOMUS_GIT
#define DOMUS_GIT "unknown"
#endif

#endif
