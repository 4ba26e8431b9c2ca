/* SPDX-License-Identifier: MIT */
/*
 * Domus public interface: error numbers of the Xen ABI. A failing hypercall
 * returns the negated value (e.g. -XEN_EINVAL). They equal Linux's generic
 * errno values, so Linux guests pass them on unchanged.
 */
#ifndef DOMUS_PUBLIC_ERRNO_H
#define DOMUS_PUBLIC_ERRNO_H

#define XEN_EPERM         1   /* not allowed for this caller */
#define XEN_ENOENT        2   /* no such entry */
#define XEN_ESRCH         3   /* no such domain */
#define XEN_EINTR         4   /* hypervisor-internal: never returned to guests */
#define XEN_EIO           5   /* I/O or internal error */
#define XEN_ENXIO         6   /* no such device or address */
#define XEN_E2BIG         7   /* argument list too long */
#define XEN_ENOEXEC       8   /* not an executable image */
#define XEN_EBADF         9   /* bad handle / file number */
#define XEN_ECHILD        10  /* no child */
#define XEN_EAGAIN        11  /* temporarily unavailable: try again */
#define XEN_EWOULDBLOCK   11  /* same as XEN_EAGAIN */
#define XEN_ENOMEM        12  /* out of memory */
#define XEN_EACCES        13  /* permission denied */
#define XEN_EFAULT        14  /* bad guest address */
#define XEN_EBUSY         16  /* resource busy */
#define XEN_EEXIST        17  /* already exists */
#define XEN_EXDEV         18  /* cross-domain link */
#define XEN_ENODEV        19  /* no such device */
#define XEN_ENOTDIR       20  /* not a directory */
#define XEN_EISDIR        21  /* is a directory */
#define XEN_EINVAL        22  /* invalid argument */
#define XEN_ENFILE        23  /* table full (system-wide) */
#define XEN_EMFILE        24  /* table full (per domain) */
#define XEN_ENOSPC        28  /* no space left */
#define XEN_EROFS         30  /* read-only */
#define XEN_EMLINK        31  /* too many links */
#define XEN_EDOM          33  /* argument out of domain */
#define XEN_ERANGE        34  /* result out of range */
#define XEN_EDEADLK       35  /* would deadlock */
#define XEN_EDEADLOCK     35  /* same as XEN_EDEADLK */
#define XEN_ENAMETOOLONG  36  /* name too long */
#define XEN_ENOLCK        37  /* no locks available */
#define XEN_ENOSYS        38  /* operation not implemented */
#define XEN_ENOTEMPTY     39  /* not empty */
#define XEN_ENODATA       61  /* no data available */
#define XEN_ETIME         62  /* timer expired / time already passed */
#define XEN_EBADMSG       74  /* malformed message */
#define XEN_EOVERFLOW     75  /* value too large */
#define XEN_EILSEQ        84  /* illegal sequence */
#define XEN_ERESTART      85  /* hypervisor-internal: restart the hypercall */
#define XEN_ENOTSOCK      88  /* not a socket */
#define XEN_EMSGSIZE      90  /* message too long */
#define XEN_EOPNOTSUPP    95  /* operation not supported */
#define XEN_EADDRINUSE    98  /* address in use */
#define XEN_EADDRNOTAVAIL 99  /* address not available */
#define XEN_ENOBUFS       105 /* buffer too small */
#define XEN_EISCONN       106 /* already connected */
#define XEN_ENOTCONN      107 /* not connected */
#define XEN_ETIMEDOUT     110 /* timed out */
#define XEN_ECONNREFUSED  111 /* connection refused */

#endif
