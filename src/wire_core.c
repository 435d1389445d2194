/*
 * wire_core.c
 *		Bounds-checked big-endian reading and counted writing of binary
 *		values; see wire_core.h.
 */
#include "wire_core.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

bool
wire_fail(WireError *err, WireErrorKind kind, const char *format,...)
{
	va_list		args;

	err->kind = kind;
	va_start(args, format);
	vsnprintf(err->detail, sizeof(err->detail), format, args);
	va_end(args);
	return false;
}

/* The next n bytes, or NULL (and ended_early) when fewer are left. */
static const unsigned char *
take(WireReader *r, size_t n)
{
	const unsigned char *p;

	if (r->ended_early || r->left < n)
	{
		r->ended_early = true;
		r->left = 0;
		return NULL;
	}
	p = r->at;
	r->at += n;
	r->left -= n;
	return p;
}

static uint64_t
get_unsigned(WireReader *r, size_t n)
{
	const unsigned char *p = take(r, n);
	uint64_t	v = 0;

	if (p == NULL)
		return 0;
	for (size_t i = 0; i < n; i++)
		v = (v << 8) | p[i];
	return v;
}

uint8_t
wire_get_byte(WireReader *r)
{
	return (uint8_t) get_unsigned(r, 1);
}

int16_t
wire_get_int16(WireReader *r)
{
	return (int16_t) (uint16_t) get_unsigned(r, 2);
}

int32_t
wire_get_int32(WireReader *r)
{
	return (int32_t) (uint32_t) get_unsigned(r, 4);
}

int64_t
wire_get_int64(WireReader *r)
{
	return (int64_t) get_unsigned(r, 8);
}

const char *
wire_get_string(WireReader *r, size_t max)
{
	const unsigned char *end;
	const char *s;

	if (r->ended_early)
		return "";
	end = memchr(r->at, '\0', r->left);
	if (end == NULL)
	{
		take(r, r->left + 1);
		return "";
	}
	s = (const char *) r->at;
	take(r, (size_t) (end - r->at) + 1);
	return strlen(s) > max ? NULL : s;
}

int32_t
wire_get_count(WireReader *r, size_t min_bytes_each, int32_t max, const char *what,
			   WireError *err)
{
	int32_t		n = wire_get_int32(r);

	if (r->ended_early)
	{
		wire_fail(err, WIRE_SHORT, "The message ends before the number of %s.", what);
		return -1;
	}
	if (n < 0 || n > max)
	{
		wire_fail(err, WIRE_INVALID, "A value holds 0 to %d %s, not %d.", (int) max, what, (int) n);
		return -1;
	}
	/* n <= max keeps the product far from overflow */
	if ((uint64_t) n * min_bytes_each > r->left)
	{
		wire_fail(err, WIRE_SHORT, "The message claims %d %s but holds fewer.", (int) n, what);
		return -1;
	}
	return n;
}

bool
wire_check_end(const WireReader *r, const char *what, WireError *err)
{
	if (r->ended_early)
		return wire_fail(err, WIRE_SHORT, "The message ends inside the %s.", what);
	return true;
}

static void
put_unsigned(WireOut *o, uint64_t v, size_t n)
{
	for (size_t i = 0; i < n; i++)
	{
		if (o->at + i < o->buflen)
			o->buf[o->at + i] = (unsigned char) (v >> (8 * (n - 1 - i)));
	}
	o->at += n;
}

void
wire_put_byte(WireOut *o, uint8_t v)
{
	put_unsigned(o, v, 1);
}

void
wire_put_int16(WireOut *o, int16_t v)
{
	put_unsigned(o, (uint16_t) v, 2);
}

void
wire_put_int32(WireOut *o, int32_t v)
{
	put_unsigned(o, (uint32_t) v, 4);
}

void
wire_put_int64(WireOut *o, int64_t v)
{
	put_unsigned(o, (uint64_t) v, 8);
}

void
wire_put_string(WireOut *o, const char *s)
{
	size_t		n = strlen(s) + 1;

	for (size_t i = 0; i < n; i++)
	{
		if (o->at + i < o->buflen)
			o->buf[o->at + i] = (unsigned char) s[i];
	}
	o->at += n;
}
