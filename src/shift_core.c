/*
 * shift_core.c
 *		Shift times: '08:30-17:30', '20:00-08:00', '08:30-12:00,13:00-17:00'.
 *
 * Windows are written in time order, separated by ','. A window whose end
 * is not after its start runs past midnight (20:00-08:00 ends at 08:00 the
 * next day); a window whose start is earlier on the clock than the start
 * of the window before it begins on the next day (20:00-02:00,03:00-08:00).
 * A window must not be empty, windows must not overlap, and the shift from
 * its first start to its last end lasts at most 24 hours. Windows that
 * touch are merged, so that equal shifts print and compare equally.
 */
#include "shift_core.h"

#include <string.h>

#define MINUTES_PER_DAY 1440

bool
shift_parse(const char *s, size_t len, Shift *out, ParseError *err)
{
	size_t		pos = 0;
	int			n = 0;

	memset(out, 0, sizeof(*out));
	while (pos < len && text_is_space(s[pos]))
		pos++;
	if (pos == len)
		return text_fail(err, PARSE_SYNTAX, 0, 0, "a shift has at least one window HH:MM-HH:MM");

	for (;;)
	{
		size_t		wstart;
		int			from,
					to,
					start,
					end;

		while (pos < len && text_is_space(s[pos]))
			pos++;
		wstart = pos;
		if (!text_parse_clock(s, len, &pos, &from, err))
			return false;
		if (pos >= len || s[pos] != '-')
			return text_fail(err, PARSE_SYNTAX, wstart, pos - wstart + (pos < len), "expected a window HH:MM-HH:MM");
		pos++;
		if (!text_parse_clock(s, len, &pos, &to, err))
			return false;
		if (from == MINUTES_PER_DAY)
			return text_fail(err, PARSE_DATETIME, wstart, pos - wstart, "a window cannot start at 24:00 (write 00:00)");
		if (from == to)
			return text_fail(err, PARSE_DATETIME, wstart, pos - wstart,
						"a window is empty (24 hours from 08:00 are written 08:00-24:00,00:00-08:00)");

		/* place the window: on or after the previous window's start */
		start = from;
		if (n > 0)
		{
			int			base = out->windows[n - 1].start;

			start = from + (base / MINUTES_PER_DAY) * MINUTES_PER_DAY;
			if (start < base)
				start += MINUTES_PER_DAY;
		}
		end = to + (start / MINUTES_PER_DAY) * MINUTES_PER_DAY;
		if (end <= start)
			end += MINUTES_PER_DAY;	/* runs past midnight */

		if (n > 0 && start < out->windows[n - 1].end)
			return text_fail(err, PARSE_VALUE, wstart, pos - wstart, "windows of a shift overlap");
		if (end - out->windows[0].start > MINUTES_PER_DAY && n > 0)
			return text_fail(err, PARSE_VALUE, wstart, pos - wstart, "a shift lasts more than 24 hours from its first start");
		if (n > 0 && start == out->windows[n - 1].end)
			out->windows[n - 1].end = (int16_t) end;	/* touching: merge */
		else
		{
			if (n == SHIFT_MAX_WINDOWS)
				return text_fail(err, PARSE_VALUE, wstart, pos - wstart, "a shift has at most 8 windows");
			out->windows[n].start = (int16_t) start;
			out->windows[n].end = (int16_t) end;
			n++;
		}

		while (pos < len && text_is_space(s[pos]))
			pos++;
		if (pos == len)
			break;
		if (s[pos] != ',')
			return text_fail(err, PARSE_SYNTAX, pos, 1, "expected ',' before the next window");
		pos++;
	}
	out->nwindows = (int16_t) n;
	return true;
}

bool
shift_validate(const Shift *shift, const char **message)
{
	int			n = shift->nwindows;

	if (shift->reserved != 0 || n < 1 || n > SHIFT_MAX_WINDOWS)
		return (*message = "a shift has 1 to 8 windows", false);
	if (shift->windows[0].start < 0 || shift->windows[0].start >= MINUTES_PER_DAY)
		return (*message = "a shift starts on its work date", false);
	for (int i = 0; i < SHIFT_MAX_WINDOWS; i++)
	{
		const ShiftWindow *w = &shift->windows[i];

		if (i >= n)
		{
			if (w->start != 0 || w->end != 0)
				return (*message = "unused window slots are not zero", false);
			continue;
		}
		if (w->end <= w->start)
			return (*message = "a window is empty or runs backwards", false);
		if (i > 0 && w->start <= shift->windows[i - 1].end)
			return (*message = "windows are not in time order, disjoint and separated", false);
		if (i > 0 && w->start - shift->windows[i - 1].start >= MINUTES_PER_DAY)
			return (*message = "a window starts a day or more after the one before it", false);
	}
	if (shift->windows[n - 1].end - shift->windows[0].start > MINUTES_PER_DAY)
		return (*message = "a shift lasts more than 24 hours", false);
	return true;
}

size_t
shift_format(const Shift *shift, char *buf, size_t buflen)
{
	size_t		at = 0;

	for (int i = 0; i < shift->nwindows; i++)
	{
		int			end = shift->windows[i].end % MINUTES_PER_DAY;

		if (i > 0)
		{
			if (at < buflen)
				buf[at] = ',';
			at++;
		}
		at = text_append_clock(buf, buflen, at, shift->windows[i].start % MINUTES_PER_DAY);
		if (at < buflen)
			buf[at] = '-';
		at++;
		/* 24 hours from a start other than midnight: as two touching windows */
		if (shift->windows[i].end - shift->windows[i].start == MINUTES_PER_DAY && end != 0)
		{
			const char *midnight = "24:00,00:00-";

			for (const char *p = midnight; *p; p++, at++)
				if (at < buflen)
					buf[at] = *p;
		}
		/* a window ending at midnight ends at 24:00 of its day */
		at = text_append_clock(buf, buflen, at, end == 0 ? MINUTES_PER_DAY : end);
	}
	if (buflen > 0)
		buf[at < buflen ? at : buflen - 1] = '\0';
	return at;
}

/* Earlier start first, then the earlier end, then fewer windows. */
int
shift_compare(const Shift *a, const Shift *b)
{
	int			n = a->nwindows < b->nwindows ? a->nwindows : b->nwindows;

	for (int i = 0; i < n; i++)
	{
		if (a->windows[i].start != b->windows[i].start)
			return a->windows[i].start < b->windows[i].start ? -1 : 1;
		if (a->windows[i].end != b->windows[i].end)
			return a->windows[i].end < b->windows[i].end ? -1 : 1;
	}
	return (a->nwindows > b->nwindows) - (a->nwindows < b->nwindows);
}

int32_t
shift_minutes(const Shift *shift)
{
	int32_t		total = 0;

	for (int i = 0; i < shift->nwindows; i++)
		total += shift->windows[i].end - shift->windows[i].start;
	return total;
}

void
shift_encode(WireOut *o, const Shift *shift)
{
	wire_put_int16(o, shift->nwindows);
	for (int i = 0; i < shift->nwindows; i++)
	{
		wire_put_int16(o, shift->windows[i].start);
		wire_put_int16(o, shift->windows[i].end);
	}
}

/* Reads a shift and runs the text input's checks on it. */
bool
shift_decode(WireReader *r, Shift *out, WireError *err)
{
	int			n = wire_get_int16(r);
	const char *problem;

	memset(out, 0, sizeof(Shift));
	if (!wire_check_end(r, "shift", err))
		return false;
	if (n < 1 || n > SHIFT_MAX_WINDOWS)
		return wire_fail(err, WIRE_INVALID, "A shift has 1 to %d windows, not %d.", SHIFT_MAX_WINDOWS, n);
	out->nwindows = (int16_t) n;
	for (int i = 0; i < n; i++)
	{
		out->windows[i].start = wire_get_int16(r);
		out->windows[i].end = wire_get_int16(r);
	}
	if (!wire_check_end(r, "shift", err))
		return false;
	if (!shift_validate(out, &problem))
		return wire_fail(err, WIRE_INVALID, "The value is not canonical: %s.", problem);
	return true;
}
