/*
 * workweek_core.c
 *		Weekly working hours: 'Mon-Fri 08:30-12:00,13:00-17:30; Sat 09:00-12:00'.
 *
 * A text is a list of groups separated by ';'. A group names days (Mon ..
 * Sun, single or as ranges such as Mon-Fri, separated by ',') and then the
 * windows worked on each of them (HH:MM-HH:MM, separated by ','). A window
 * ends after it starts and no later than 24:00; windows of one day may not
 * overlap; a day may be named only once. Working hours never cross
 * midnight here: a calendar's day is a local calendar day (shifts that
 * cross midnight are the shift type's business).
 *
 * The canonical form sorts windows, merges windows that touch, and groups
 * days with identical hours, so that equal weeks print equally.
 */
#include "workweek_core.h"

#include <string.h>

const char *const ww_day_names[WW_DAYS] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

/* A window as read, with where it was written, for error positions. */
typedef struct RawWindow
{
	int			start;
	int			end;
	int			position;
	int			length;
} RawWindow;

#define WW_MAX_RAW_WINDOWS	64

static bool
is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static char
lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char) (c - 'A' + 'a') : c;
}

/* Returns 0..6 for Mon..Sun (any case), -1 for anything else. */
int
ww_parse_day_name(const char *s, size_t len)
{
	static const char *const lower_names[WW_DAYS] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

	if (len != 3)
		return -1;
	for (int d = 0; d < WW_DAYS; d++)
		if (lower(s[0]) == lower_names[d][0] && lower(s[1]) == lower_names[d][1] &&
			lower(s[2]) == lower_names[d][2])
			return d;
	return -1;
}

static void
sort_raw(RawWindow *w, int n)
{
	/* insertion sort: a day has a handful of windows */
	for (int i = 1; i < n; i++)
	{
		RawWindow	x = w[i];
		int			j = i - 1;

		while (j >= 0 && w[j].start > x.start)
		{
			w[j + 1] = w[j];
			j--;
		}
		w[j + 1] = x;
	}
}

/*
 * Puts one day's windows into the week: sorted, checked for overlaps,
 * touching windows merged.
 */
static bool
store_day(WorkWeek *out, int day, RawWindow *raw, int n, ParseError *err)
{
	int			used = 0;

	sort_raw(raw, n);
	for (int i = 0; i < n; i++)
	{
		if (used > 0 && raw[i].start < out->windows[day][used - 1].end)
			return text_fail(err, PARSE_VALUE, raw[i].position, raw[i].length,
						"working windows of one day overlap");
		if (used > 0 && raw[i].start == out->windows[day][used - 1].end)
		{
			out->windows[day][used - 1].end = (int16_t) raw[i].end;
			continue;
		}
		if (used == WW_MAX_WINDOWS)
			return text_fail(err, PARSE_VALUE, raw[i].position, raw[i].length,
						"a day has at most 8 working windows");
		out->windows[day][used].start = (int16_t) raw[i].start;
		out->windows[day][used].end = (int16_t) raw[i].end;
		used++;
	}
	out->nwindows[day] = (int16_t) used;
	return true;
}

bool
ww_parse(const char *s, size_t len, WorkWeek *out, ParseError *err)
{
	size_t		pos = 0;
	bool		seen[WW_DAYS] = {false};

	memset(out, 0, sizeof(*out));
	text_skip_spaces(s, len, &pos);
	if (pos == len)
		return text_fail(err, PARSE_SYNTAX, 0, 0, "a workweek names at least one day and its hours");

	for (;;)
	{
		bool		in_group[WW_DAYS] = {false};
		RawWindow	raw[WW_MAX_RAW_WINDOWS];
		int			nraw = 0;

		/* days: Mon, Mon-Fri, Mon-Wed,Fri ... */
		text_skip_spaces(s, len, &pos);
		for (;;)
		{
			size_t		start = pos;
			int			first,
						last;

			while (pos < len && is_alpha(s[pos]))
				pos++;
			if (pos == start)
				return text_fail(err, PARSE_SYNTAX, (int) start, start < len ? 1 : 0,
							"expected a day (Mon, Tue, Wed, Thu, Fri, Sat or Sun)");
			first = ww_parse_day_name(s + start, pos - start);
			if (first < 0)
				return text_fail(err, PARSE_SYNTAX, (int) start, (int) (pos - start), "unknown day");
			last = first;
			if (pos < len && s[pos] == '-')
			{
				size_t		start2 = ++pos;

				while (pos < len && is_alpha(s[pos]))
					pos++;
				last = ww_parse_day_name(s + start2, pos - start2);
				if (last < 0)
					return text_fail(err, PARSE_SYNTAX, (int) start2, (int) (pos - start2 ? pos - start2 : 1),
								"unknown day");
				if (last < first)
					return text_fail(err, PARSE_VALUE, (int) start, (int) (pos - start),
								"a day range runs from Monday towards Sunday");
			}
			for (int d = first; d <= last; d++)
			{
				if (seen[d] || in_group[d])
					return text_fail(err, PARSE_VALUE, (int) start, (int) (pos - start),
								"a day is given hours twice");
				in_group[d] = true;
			}
			if (pos < len && s[pos] == ',')
			{
				pos++;
				continue;
			}
			break;
		}
		if (pos >= len || !text_is_space(s[pos]))
			return text_fail(err, PARSE_SYNTAX, (int) pos, pos < len ? 1 : 0,
						"expected a space and then the hours, e.g. 09:00-18:00");
		text_skip_spaces(s, len, &pos);

		/* windows: 08:30-12:00,13:00-17:30 */
		for (;;)
		{
			size_t		start = pos;
			int			from,
						to;

			if (!text_parse_clock(s, len, &pos, &from, err))
				return false;
			if (pos >= len || s[pos] != '-')
				return text_fail(err, PARSE_SYNTAX, (int) start, (int) (pos - start),
							"expected a window HH:MM-HH:MM");
			pos++;
			if (!text_parse_clock(s, len, &pos, &to, err))
				return false;
			if (to <= from)
				return text_fail(err, PARSE_DATETIME, (int) start, (int) (pos - start),
							"a working window ends before it starts");
			if (nraw == WW_MAX_RAW_WINDOWS)
				return text_fail(err, PARSE_VALUE, (int) start, (int) (pos - start),
							"a day has at most 8 working windows");
			raw[nraw].start = from;
			raw[nraw].end = to;
			raw[nraw].position = (int) start;
			raw[nraw].length = (int) (pos - start);
			nraw++;
			if (pos < len && s[pos] == ',')
			{
				pos++;
				continue;
			}
			break;
		}

		for (int d = 0; d < WW_DAYS; d++)
		{
			RawWindow	copy[WW_MAX_RAW_WINDOWS];

			if (!in_group[d])
				continue;
			memcpy(copy, raw, sizeof(RawWindow) * nraw);
			if (!store_day(out, d, copy, nraw, err))
				return false;
			seen[d] = true;
		}

		text_skip_spaces(s, len, &pos);
		if (pos == len)
			break;
		if (s[pos] != ';')
			return text_fail(err, PARSE_SYNTAX, (int) pos, 1, "expected ';' before the next days");
		pos++;
		text_skip_spaces(s, len, &pos);
		if (pos == len)
			return text_fail(err, PARSE_SYNTAX, (int) pos, 0, "expected days after ';'");
	}
	return true;
}

/*
 * Checks a week that did not come from ww_parse (binary input): every rule
 * the parser enforces, plus the canonical form (merged, zeroed slots).
 */
bool
ww_validate(const WorkWeek *week, const char **message)
{
	bool		any = false;

	if (week->reserved != 0)
		return (*message = "reserved field is not zero", false);
	for (int d = 0; d < WW_DAYS; d++)
	{
		int			n = week->nwindows[d];

		if (n < 0 || n > WW_MAX_WINDOWS)
			return (*message = "a day has at most 8 working windows", false);
		for (int i = 0; i < WW_MAX_WINDOWS; i++)
		{
			const WorkWindow *w = &week->windows[d][i];

			if (i >= n)
			{
				if (w->start != 0 || w->end != 0)
					return (*message = "unused window slots are not zero", false);
				continue;
			}
			if (w->start < 0 || w->end > WW_MINUTES_PER_DAY || w->end <= w->start)
				return (*message = "a working window lies outside 00:00-24:00 or ends before it starts", false);
			if (i > 0 && w->start <= week->windows[d][i - 1].end)
				return (*message = "working windows are not sorted, disjoint and separated", false);
		}
		any |= n > 0;
	}
	if (!any)
		return (*message = "a workweek names at least one day and its hours", false);
	return true;
}

static size_t
append(char *buf, size_t buflen, size_t at, const char *text, size_t n)
{
	if (at < buflen)
		memcpy(buf + at, text, (at + n < buflen) ? n : buflen - at);
	return at + n;
}

static bool
same_hours(const WorkWeek *week, int a, int b)
{
	return week->nwindows[a] == week->nwindows[b] &&
		memcmp(week->windows[a], week->windows[b], sizeof(WorkWindow) * week->nwindows[a]) == 0;
}

/*
 * Writes the canonical text; returns its length (which may exceed buflen,
 * in which case the text is cut). buf is NUL-terminated when buflen > 0.
 */
size_t
ww_format(const WorkWeek *week, char *buf, size_t buflen)
{
	bool		done[WW_DAYS] = {false};
	size_t		at = 0;

	for (int d = 0; d < WW_DAYS; d++)
	{
		bool		member[WW_DAYS] = {false};
		bool		first_run = true;

		if (done[d] || week->nwindows[d] == 0)
			continue;
		for (int e = d; e < WW_DAYS; e++)
			if (!done[e] && same_hours(week, d, e))
				member[e] = done[e] = true;

		if (at > 0)
			at = append(buf, buflen, at, "; ", 2);
		/* runs of three or more days as Mon-Fri, shorter ones listed */
		for (int e = d; e < WW_DAYS;)
		{
			int			end = e;

			if (!member[e])
			{
				e++;
				continue;
			}
			while (end + 1 < WW_DAYS && member[end + 1])
				end++;
			if (!first_run)
				at = append(buf, buflen, at, ",", 1);
			first_run = false;
			at = append(buf, buflen, at, ww_day_names[e], 3);
			if (end - e >= 2)
			{
				at = append(buf, buflen, at, "-", 1);
				at = append(buf, buflen, at, ww_day_names[end], 3);
			}
			else if (end > e)
			{
				at = append(buf, buflen, at, ",", 1);
				at = append(buf, buflen, at, ww_day_names[end], 3);
			}
			e = end + 1;
		}
		at = append(buf, buflen, at, " ", 1);
		for (int i = 0; i < week->nwindows[d]; i++)
		{
			if (i > 0)
				at = append(buf, buflen, at, ",", 1);
			at = text_append_clock(buf, buflen, at, week->windows[d][i].start);
			at = append(buf, buflen, at, "-", 1);
			at = text_append_clock(buf, buflen, at, week->windows[d][i].end);
		}
	}
	if (buflen > 0)
		buf[at < buflen ? at : buflen - 1] = '\0';
	return at;
}

int64_t
ww_weekly_minutes(const WorkWeek *week)
{
	int64_t		total = 0;

	for (int d = 0; d < WW_DAYS; d++)
		for (int i = 0; i < week->nwindows[d]; i++)
			total += week->windows[d][i].end - week->windows[d][i].start;
	return total;
}

bool
ww_is_empty(const WorkWeek *week)
{
	for (int d = 0; d < WW_DAYS; d++)
		if (week->nwindows[d] > 0)
			return false;
	return true;
}

void
ww_encode(WireOut *o, const WorkWeek *week)
{
	for (int d = 0; d < WW_DAYS; d++)
	{
		wire_put_int16(o, week->nwindows[d]);
		for (int i = 0; i < week->nwindows[d]; i++)
		{
			wire_put_int16(o, week->windows[d][i].start);
			wire_put_int16(o, week->windows[d][i].end);
		}
	}
}

/* Reads a week and runs the text input's checks on it. */
bool
ww_decode(WireReader *r, WorkWeek *out, WireError *err)
{
	const char *problem;

	memset(out, 0, sizeof(WorkWeek));
	for (int d = 0; d < WW_DAYS; d++)
	{
		int			n = wire_get_int16(r);

		if (!wire_check_end(r, "working week", err))
			return false;
		if (n < 0 || n > WW_MAX_WINDOWS)
			return wire_fail(err, WIRE_INVALID, "%s has %d working windows; at most %d are allowed.",
							 ww_day_names[d], n, WW_MAX_WINDOWS);
		out->nwindows[d] = (int16_t) n;
		for (int i = 0; i < n; i++)
		{
			out->windows[d][i].start = wire_get_int16(r);
			out->windows[d][i].end = wire_get_int16(r);
		}
	}
	if (!wire_check_end(r, "working week", err))
		return false;
	if (!ww_validate(out, &problem))
		return wire_fail(err, WIRE_INVALID, "The value is not canonical: %s.", problem);
	return true;
}
