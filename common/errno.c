// SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause
#include "vadma/env.h"

const char *vadma_strerror(int err)
{
	switch (err) {
	case 0:
		return "success";
	case -EINVAL:
		return "invalid argument (unaligned, zero size, reserved encoding or impossible field)";
	case -ERANGE:
		return "address outside the configured input or output range";
	case -EEXIST:
		return "range overlaps an existing mapping";
	case -ENOMEM:
		return "out of memory (state unchanged)";
	case -ENOENT:
		return "nothing mapped or registered there";
	case -EFAULT:
		return "translation fault (see the fault record)";
	case -EIO:
		return "the device reported an error";
	case -ETIMEDOUT:
		return "timed out waiting for the device";
	case -EBUSY:
		return "resource busy";
	case -ENOSPC:
		return "no free entry";
	case -EAGAIN:
		return "stalled: try again once it is resumed";
	case -EOPNOTSUPP:
		return "not supported by this hardware or backend";
	case -ESRCH:
		return "the process has exited";
	case -ENODEV:
		return "no such device";
	case -EACCES:
		return "refused: protection ID or key does not match";
	case -EPROTO:
		return "protocol error in a packet";
	case -EHOSTDOWN:
		return "the node has left";
	default:
		return "unknown error";
	}
}
