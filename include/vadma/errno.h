/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * Error codes.  vadma functions return 0 (or a count) on success and a
 * negative errno-style code on failure.  The codes keep their Linux values so
 * that the kernel module passes them through unchanged; user space gets the
 * same numbers from its C library, and a freestanding build from here.
 * vadma_strerror() says what each means to vadma.
 *
 *   EINVAL     an argument is malformed: unaligned, zero size, reserved
 *              encoding, an impossible TCR field
 *   ERANGE     an address lies outside what the configuration can express
 *              (input range of a table, output address size)
 *   EEXIST     a map would overlap an existing mapping
 *   ENOMEM     an allocation failed; the state is as before the call
 *   ENOENT     nothing is mapped or registered where one was expected
 *   EFAULT     a translation or DMA faulted; details are in the fault record
 *   EIO        the hardware (or the model) reported an error
 *   ETIMEDOUT  a bounded poll gave up
 *   EBUSY      the resource is in use
 *   ENOSPC     no free entry (stream-match register, context bank, ASID)
 *   EAGAIN     not done yet: a transaction is stalled, try again
 *   EOPNOTSUPP the hardware or backend lacks the feature
 *   ESRCH      the process has exited
 *   ENODEV     the device is not there
 *   EACCES     refused: a protection ID or key does not match
 *   EPROTO     a packet broke the protocol
 *   EHOSTDOWN  the node has left
 */
#ifndef VADMA_ERRNO_H
#define VADMA_ERRNO_H

#if !defined(__KERNEL__) && !defined(VADMA_FREESTANDING)
#include <errno.h>
#endif

#ifndef ENOENT
#define ENOENT 2
#endif
#ifndef EPROTO
#define EPROTO 71
#endif
#ifndef EHOSTDOWN
#define EHOSTDOWN 112
#endif
#ifndef EACCES
#define EACCES 13
#endif
#ifndef ENODEV
#define ENODEV 19
#endif
#ifndef ESRCH
#define ESRCH 3
#endif
#ifndef EIO
#define EIO 5
#endif
#ifndef EAGAIN
#define EAGAIN 11
#endif
#ifndef ENOMEM
#define ENOMEM 12
#endif
#ifndef EFAULT
#define EFAULT 14
#endif
#ifndef EBUSY
#define EBUSY 16
#endif
#ifndef EEXIST
#define EEXIST 17
#endif
#ifndef EINVAL
#define EINVAL 22
#endif
#ifndef ENOSPC
#define ENOSPC 28
#endif
#ifndef ERANGE
#define ERANGE 34
#endif
#ifndef EOPNOTSUPP
#define EOPNOTSUPP 95
#endif
#ifndef ETIMEDOUT
#define ETIMEDOUT 110
#endif

/**
 * vadma_strerror() - what a vadma error code means
 * @err: a return value of a vadma function (negative code, or 0)
 *
 * Return: a static string; never NULL.
 */
const char *vadma_strerror(int err);

#endif /* VADMA_ERRNO_H */
