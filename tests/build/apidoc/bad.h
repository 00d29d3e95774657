/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/* A header with one of each mistake the checker must find. */
#ifndef BAD_H
#define BAD_H

struct undocumented {
	int a;
};

/**
 * struct partly - members missing and extra
 * @a: described
 * @c: not a member
 */
struct partly {
	int a;
	int b;
	/* private: */
	int hidden;
};

int no_comment(int x);

/**
 * missing_param() - one parameter is not described
 * @x: described
 */
int missing_param(int x, int y);

/**
 * extra_param() - describes a parameter it does not have
 * @x: described
 * @z: not a parameter
 */
int extra_param(int x);

/**
 * renamed() - the comment's name is not the declaration's
 * @x: described
 */
int other_name(int x);

/**
 * twice() - a parameter described twice
 * @x: once
 * @x: twice
 */
int twice(int x);

static inline int inline_without(int v)
{
	return v;
}

/**
 * fnptr() - the name of a function-pointer parameter is "cb"
 * @cb: described
 */
void fnptr(int (*cb)(void *arg), void *arg);

/**
 * struct partly_private - a private member may not be described
 * @a: described
 * @hidden: private
 */
struct partly_private {
	int a;
	/* private: */
	int hidden;
};

#endif
