/* SPDX-License-Identifier: GPL-2.0-only OR BSD-2-Clause */
/*
 * A header the checker must accept: every kind of declaration it knows,
 * documented.  Used by tests/build/apidoc.sh.
 */
#ifndef GOOD_H
#define GOOD_H

/* Colours of a thing. */
enum colour {
	RED,
	GREEN = 2,
};

/**
 * struct thing - a thing
 * @len:   bytes in @buf
 * @buf:   the bytes; see thing_fill()
 * @fn:    called by thing_fill() with @len
 * @inner: a named nested struct
 * @a:     from an anonymous union
 * @b:     from the same union
 * @x:     a bit-field
 * @y:     declared with @x
 */
struct thing {
	unsigned long len;
	unsigned char buf[16];
	int (*fn)(void *arg, unsigned long len);
	struct {
		int deep;
	} inner;
	union {
		int a;
		long b;
	};
	unsigned int x : 3, y : 5;
	/* private: */
	int secret;
	/* public: */
};

/**
 * thing_fill() - fill a &struct thing
 * @t:   the thing
 * @val: the byte, GOOD_FILL_* for the named ones
 * @...: ignored
 *
 * Fills every byte of @t->buf.
 *
 * Return: 0, or -EINVAL when @t is NULL.
 */
int thing_fill(struct thing *t, int val, ...);

/** thing_count() - how many things there are */
unsigned long thing_count(void);

/**
 * thing_len() - the length of @t
 * @t: the thing
 */
static inline unsigned long thing_len(const struct thing *t)
{
	return t->len;
}

/**
 * THING_SIZE() - bytes of @n things
 * @n: how many
 */
#define THING_SIZE(n) ((n) * sizeof(struct thing))

#endif
