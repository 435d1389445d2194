/*
 * calendar_core.c
 *		Business calendars: text form, checks, and working-time arithmetic.
 *
 * Text form (fields separated by ';', in any order on input; canonical
 * output in this order):
 *
 *	tz=Asia/Shanghai; week=Mon-Fri 09:00-18:00;
 *	week 05-01..09-30=Mon-Fri 08:30-11:30,13:30-17:30;
 *	week 2026-07-01..2026-08-31=Mon-Fri 08:00-12:00; makeup=Mon;
 *	off=2025-10-01..2025-10-08; on=2025-09-28,2025-10-11
 *
 * tz is an IANA zone (default Asia/Shanghai). week= is the default
 * workweek; "week MM-DD..MM-DD=" applies every year between those days
 * (a season, SH-2), "week YYYY-MM-DD..YYYY-MM-DD=" on those dates only; a
 * dated week beats a season, a season beats the default. off= lists days
 * off (holidays), on= make-up working days (days normally off that are
 * worked). A make-up working day takes the hours of the weekday named by
 * makeup= (Monday by default); if that weekday has no hours in the week in
 * force, those of the first day from Monday to Friday that has hours.
 *
 * A workweek itself contains ';', so a week value runs on until a ';'
 * followed by a part that contains '=' (the next field).
 */
#include "calendar_core.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---------------------------------------------------------------- days */

/*
 * Civil dates <-> day numbers (proleptic Gregorian), after H. Hinnant's
 * "chrono-compatible low-level date algorithms"; day 0 is 2000-01-01.
 */
#define DAYS_1970_TO_2000 10957

bool
cal_day_from_civil(int year, int month, int mday, int32_t *day)
{
	static const int month_days[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int64_t		y = year;
	int64_t		era,
				yoe,
				doy,
				doe;
	bool		leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;

	if (year < CAL_YEAR_MIN || year > CAL_YEAR_MAX || month < 1 || month > 12 || mday < 1 ||
		mday > month_days[month - 1] || (month == 2 && mday == 29 && !leap))
		return false;
	y -= month <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + mday - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	*day = (int32_t) (era * 146097 + doe - 719468 - DAYS_1970_TO_2000);
	return true;
}

/* A day of the years 0001 to 9999, which the text form writes. */
bool
cal_day_in_range(int32_t day)
{
	/* 0001-01-01 and 9999-12-31 counted from 2000-01-01 */
	return day >= -730119 && day <= 2921939;
}

void
cal_civil(int32_t day, int *year, int *month, int *mday)
{
	int64_t		z = (int64_t) day + DAYS_1970_TO_2000 + 719468;
	int64_t		era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t		doe = z - era * 146097;
	int64_t		yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t		doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t		mp = (5 * doy + 2) / 153;
	int			m = (int) (mp < 10 ? mp + 3 : mp - 9);

	*mday = (int) (doy - (153 * mp + 2) / 5 + 1);
	*month = m;
	*year = (int) (yoe + era * 400 + (m <= 2));
}

/* 0 = Monday .. 6 = Sunday; 2000-01-01 was a Saturday. */
int
cal_weekday(int32_t day)
{
	int			r = (int) (((int64_t) day + 5) % 7);

	return r < 0 ? r + 7 : r;
}

static bool
range_contains(const CalRange *r, int n, int32_t day)
{
	int			lo = 0,
				hi = n - 1;

	/* find the last range starting on or before day */
	while (lo <= hi)
	{
		int			mid = lo + (hi - lo) / 2;

		if (r[mid].from <= day)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return hi >= 0 && r[hi].through >= day;
}

static const WorkWeek *
week_for(const CalendarSpec *cal, int32_t day)
{
	int			mmdd = -1;

	/* dated weeks beat seasons, seasons beat the default */
	for (int i = cal->nrules - 1; i > 0; i--)
	{
		const CalWeekRule *rule = &cal->rules[i];

		if (rule->kind == CAL_RULE_DATES)
		{
			if (day >= rule->from && day <= rule->through)
				return &rule->week;
			continue;
		}
		if (mmdd < 0)
		{
			int			y,
						m,
						d;

			cal_civil(day, &y, &m, &d);
			mmdd = m * 100 + d;
		}
		if (mmdd >= rule->from && mmdd <= rule->through)
			return &rule->week;
	}
	return &cal->rules[0].week;
}

int
cal_day_windows(const CalendarSpec *cal, int32_t day, const WorkWindow **windows)
{
	const WorkWeek *week;
	int			weekday;

	if (cal->non > 0 && range_contains(cal->on, cal->non, day))
	{
		week = week_for(cal, day);
		weekday = cal->makeup_day;
		for (int d = 0; week->nwindows[weekday] == 0 && d < 5; d++)
			weekday = d;
	}
	else if (cal->noff > 0 && range_contains(cal->off, cal->noff, day))
		return 0;
	else
	{
		week = week_for(cal, day);
		weekday = cal_weekday(day);
	}
	*windows = week->windows[weekday];
	return week->nwindows[weekday];
}

bool
cal_is_working_day(const CalendarSpec *cal, int32_t day)
{
	const WorkWindow *w;

	return cal_day_windows(cal, day, &w) > 0;
}

/*
 * The first day of from .. through (inclusive) that differs between two
 * calendars, in their local time: a holiday or a make-up working day in
 * one only (SH-4 does not count a holiday as a rest day, whatever its
 * hours), or other working windows. False where every day is the same.
 * (The time zones are not compared: the same hours in another zone are
 * other instants, which is the caller's to say.)
 */
bool
cal_first_difference(const CalendarSpec *a, const CalendarSpec *b, int32_t from, int32_t through,
					 int32_t *day)
{
	for (int32_t d = from; d <= through; d++)
	{
		const WorkWindow *wa;
		const WorkWindow *wb;
		int			na = cal_day_windows(a, d, &wa);
		int			nb = cal_day_windows(b, d, &wb);
		bool		same = na == nb &&
			range_contains(a->off, a->noff, d) == range_contains(b->off, b->noff, d) &&
			range_contains(a->on, a->non, d) == range_contains(b->on, b->non, d);

		for (int i = 0; same && i < na; i++)
			same = wa[i].start == wb[i].start && wa[i].end == wb[i].end;
		if (!same)
		{
			*day = d;
			return true;
		}
	}
	return false;
}

/* -------------------------------------------------------- arithmetic */

/*
 * The end of working hours of the n-th working day after the local day of
 * t (that day itself does not count); n = 0: the end of that day's hours
 * if it is a working day, else of the next working day.
 */
CalStatus
cal_add_working_days(const CalendarSpec *cal, const CalClock *clock,
					 int64_t t, int32_t n, int64_t *result)
{
	int32_t		day;
	int			idle = 0;
	int			nwin;
	const WorkWindow *w;

	if (!clock->local_day(clock->arg, t, &day))
		return CAL_OUT_OF_RANGE;
	if (n > 0)
		day++;
	for (;;)
	{
		nwin = cal_day_windows(cal, day, &w);
		if (nwin > 0)
		{
			if (n <= 1)
				break;
			n--;
			idle = 0;
		}
		else if (++idle > CAL_MAX_SEARCH_DAYS)
			return CAL_NO_WORKING_DAYS;
		day++;
	}
	if (!clock->to_instant(clock->arg, day, w[nwin - 1].end, result))
		return CAL_OUT_OF_RANGE;
	return CAL_OK;
}

/*
 * The earliest instant x >= t such that the working time in [t, x) is
 * duration (>= 0).
 */
CalStatus
cal_add_working_time(const CalendarSpec *cal, const CalClock *clock,
					 int64_t t, int64_t duration, int64_t *result)
{
	int32_t		day;
	int			idle = 0;
	int64_t		remaining = duration;

	if (remaining <= 0)
	{
		*result = t;
		return CAL_OK;
	}
	if (!clock->local_day(clock->arg, t, &day))
		return CAL_OUT_OF_RANGE;
	for (;; day++)
	{
		const WorkWindow *w;
		int			nwin = cal_day_windows(cal, day, &w);
		bool		used = false;

		for (int i = 0; i < nwin; i++)
		{
			int64_t		start,
						end,
						available;

			if (!clock->to_instant(clock->arg, day, w[i].end, &end))
				return CAL_OUT_OF_RANGE;
			if (end <= t)
				continue;
			if (!clock->to_instant(clock->arg, day, w[i].start, &start))
				return CAL_OUT_OF_RANGE;
			if (start < t)
				start = t;
			available = end - start;
			if (available <= 0)
				continue;		/* a window lost to a DST gap */
			if (remaining <= available)
			{
				*result = start + remaining;
				return CAL_OK;
			}
			remaining -= available;
			used = true;
		}
		if (used)
			idle = 0;
		else if (++idle > CAL_MAX_SEARCH_DAYS)
			return CAL_NO_WORKING_DAYS;
	}
}

/* Working time in [a, b); negative when b < a. */
CalStatus
cal_working_time_between(const CalendarSpec *cal, const CalClock *clock,
						 int64_t a, int64_t b, int64_t *result)
{
	int32_t		day,
				last;
	int64_t		total = 0;

	if (b < a)
	{
		CalStatus	status = cal_working_time_between(cal, clock, b, a, result);

		*result = -*result;
		return status;
	}
	if (!clock->local_day(clock->arg, a, &day) || !clock->local_day(clock->arg, b, &last))
		return CAL_OUT_OF_RANGE;
	for (; day <= last; day++)
	{
		const WorkWindow *w;
		int			nwin = cal_day_windows(cal, day, &w);

		for (int i = 0; i < nwin; i++)
		{
			int64_t		start,
						end;

			if (!clock->to_instant(clock->arg, day, w[i].start, &start) ||
				!clock->to_instant(clock->arg, day, w[i].end, &end))
				return CAL_OUT_OF_RANGE;
			if (start < a)
				start = a;
			if (end > b)
				end = b;
			if (end > start)
				total += end - start;
		}
	}
	*result = total;
	return CAL_OK;
}

/* ---------------------------------------------------------- parsing */

typedef struct Positioned
{
	int			position;
	int			length;
} Positioned;

typedef struct Builder
{
	const CoreAllocator *mem;
	CalWeekRule *rules;
	Positioned *rule_at;
	int			nrules,
				cap_rules;
	CalRange   *ranges[2];		/* 0: off, 1: on */
	int			nranges[2],
				cap_ranges[2];
	Positioned *on_at;			/* where each make-up item was written */
	int			cap_on_at;
} Builder;

static void *
grow_array(const CoreAllocator *mem, void *array, int *cap, int needed, size_t elem)
{
	if (needed <= *cap)
		return array;
	*cap = *cap ? *cap * 2 : 16;
	if (*cap < needed)
		*cap = needed;
	return array ? mem->grow(array, (size_t) *cap * elem) : mem->alloc((size_t) *cap * elem);
}

static void
trim(const char *s, size_t *from, size_t *to)
{
	while (*from < *to && text_is_space(s[*from]))
		(*from)++;
	while (*to > *from && text_is_space(s[*to - 1]))
		(*to)--;
}

static int
digits_value(const char *s, size_t n)
{
	int			v = 0;

	for (size_t i = 0; i < n; i++)
	{
		if (!text_is_digit(s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* YYYY-MM-DD into a day number. */
static bool
parse_date(const char *s, size_t from, size_t to, int32_t *day, ParseError *err)
{
	int			y,
				m,
				d;

	if (to - from != 10 || s[from + 4] != '-' || s[from + 7] != '-' ||
		(y = digits_value(s + from, 4)) < 0 || (m = digits_value(s + from + 5, 2)) < 0 ||
		(d = digits_value(s + from + 8, 2)) < 0)
		return text_fail(err, PARSE_SYNTAX, from, to - from ? to - from : 1, "expected a date YYYY-MM-DD");
	if (!cal_day_from_civil(y, m, d, day))
		return text_fail(err, PARSE_DATETIME, from, to - from, "no such date");
	return true;
}

/* MM-DD into month * 100 + day (February 29 allowed). */
static bool
parse_month_day(const char *s, size_t from, size_t to, int32_t *mmdd, ParseError *err)
{
	int			m,
				d;
	int32_t		ignored;

	if (to - from != 5 || s[from + 2] != '-' || (m = digits_value(s + from, 2)) < 0 ||
		(d = digits_value(s + from + 3, 2)) < 0)
		return text_fail(err, PARSE_SYNTAX, from, to - from ? to - from : 1, "expected a month and day MM-DD");
	if (!cal_day_from_civil(2000, m, d, &ignored))
		return text_fail(err, PARSE_DATETIME, from, to - from, "no such day of the year");
	*mmdd = m * 100 + d;
	return true;
}

/* Finds "..": returns its offset or to if absent. */
static size_t
find_dots(const char *s, size_t from, size_t to)
{
	for (size_t i = from; i + 1 < to; i++)
		if (s[i] == '.' && s[i + 1] == '.')
			return i;
	return to;
}

/* A week's period: MM-DD..MM-DD (season) or a date or date..date. */
static bool
parse_period(const char *s, size_t from, size_t to, CalWeekRule *rule, ParseError *err)
{
	size_t		dots = find_dots(s, from, to);
	size_t		end1 = dots,
				start2 = dots < to ? dots + 2 : from;

	trim(s, &from, &end1);
	trim(s, &start2, &to);
	if (end1 - from == 5)
	{
		rule->kind = CAL_RULE_SEASON;
		if (!parse_month_day(s, from, end1, &rule->from, err) ||
			!parse_month_day(s, start2, to, &rule->through, err))
			return false;
		if (rule->through < rule->from)
			return text_fail(err, PARSE_VALUE, from, to - from,
						"a season runs forward within one year (split one that spans New Year)");
	}
	else
	{
		rule->kind = CAL_RULE_DATES;
		if (!parse_date(s, from, end1, &rule->from, err) ||
			!parse_date(s, start2, to, &rule->through, err))
			return false;
		if (rule->through < rule->from)
			return text_fail(err, PARSE_VALUE, from, to - from, "a date range ends before it starts");
	}
	return true;
}

/* off= or on=: dates and date ranges separated by ','. */
static bool
parse_day_list(Builder *b, int which, const char *s, size_t from, size_t to, ParseError *err)
{
	size_t		item = from;

	for (;;)
	{
		size_t		end = item;
		size_t		a_from,
					a_to,
					b_from,
					b_to,
					dots;
		CalRange	r;
		int			n;

		while (end < to && s[end] != ',')
			end++;
		dots = find_dots(s, item, end);
		a_from = item;
		a_to = dots;
		b_from = dots < end ? dots + 2 : item;
		b_to = end;
		trim(s, &a_from, &a_to);
		trim(s, &b_from, &b_to);
		if (!parse_date(s, a_from, a_to, &r.from, err) || !parse_date(s, b_from, b_to, &r.through, err))
			return false;
		if (r.through < r.from)
			return text_fail(err, PARSE_VALUE, a_from, b_to - a_from, "a date range ends before it starts");
		n = b->nranges[which];
		if (n >= CAL_MAX_RANGES)
			return text_fail(err, PARSE_LIMIT, a_from, b_to - a_from,
						"off= and on= list at most 100000 days or ranges each");
		b->ranges[which] = grow_array(b->mem, b->ranges[which], &b->cap_ranges[which], n + 1, sizeof(CalRange));
		b->ranges[which][n] = r;
		if (which == 1)
		{
			b->on_at = grow_array(b->mem, b->on_at, &b->cap_on_at, n + 1, sizeof(Positioned));
			b->on_at[n].position = (int) a_from;
			b->on_at[n].length = (int) (b_to - a_from);
		}
		b->nranges[which] = n + 1;
		if (end >= to)
			break;
		item = end + 1;
	}
	return true;
}

static int
compare_ranges(const CalRange *a, const CalRange *b)
{
	return a->from < b->from ? -1 : a->from > b->from;
}

static int
compare_ranges_qsort(const void *a, const void *b)
{
	return compare_ranges((const CalRange *) a, (const CalRange *) b);
}

/* O(n log n): a day list may be long (CAL_MAX_RANGES). */
static void
sort_ranges(CalRange *r, int n)
{
	if (n > 1)
		qsort(r, (size_t) n, sizeof(CalRange), compare_ranges_qsort);
}

/* Sorts and merges overlapping or adjacent ranges; returns the new count. */
static int
merge_ranges(CalRange *r, int n)
{
	int			out = 0;

	sort_ranges(r, n);
	for (int i = 0; i < n; i++)
	{
		if (out > 0 && (int64_t) r[i].from <= (int64_t) r[out - 1].through + 1)
		{
			if (r[i].through > r[out - 1].through)
				r[out - 1].through = r[i].through;
			continue;
		}
		r[out++] = r[i];
	}
	return out;
}

/*
 * A zone name as IANA writes them. Not the tz database's files that are no
 * zone of a place: "localtime" (the server's own setting), "posixrules"
 * and "Factory" (no offset anyone keeps).
 */
static bool
valid_tz_name(const char *s, size_t len)
{
	static const char *const not_zones[] = {"localtime", "posixrules", "Factory"};

	if (len == 0 || len > CAL_TZ_MAX)
		return false;
	for (size_t i = 0; i < sizeof(not_zones) / sizeof(not_zones[0]); i++)
		if (len == strlen(not_zones[i]) && strncasecmp(s, not_zones[i], len) == 0)
			return false;
	for (size_t i = 0; i < len; i++)
	{
		char		c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || text_is_digit(c) ||
			  c == '/' || c == '_' || c == '+' || c == '-'))
			return false;
	}
	return true;
}

/* Where the value of a week field ends: at a ';' whose next part has '='. */
static size_t
week_value_end(const char *s, size_t from, size_t len)
{
	size_t		end = from;

	for (;;)
	{
		size_t		next;
		bool		has_equals = false;

		while (end < len && s[end] != ';')
			end++;
		if (end >= len)
			return len;
		for (next = end + 1; next < len && s[next] != ';'; next++)
			if (s[next] == '=')
				has_equals = true;
		if (has_equals)
			return end;
		end = next;
	}
}

/* Puts the rules in canonical order and checks that periods do not overlap. */
static bool
order_rules(Builder *b, ParseError *err)
{
	for (int i = 1; i < b->nrules; i++)
	{
		CalWeekRule x = b->rules[i];
		Positioned	xp = b->rule_at[i];
		int			j = i - 1;

		while (j >= 1 && (b->rules[j].kind > x.kind ||
						  (b->rules[j].kind == x.kind && b->rules[j].from > x.from)))
		{
			b->rules[j + 1] = b->rules[j];
			b->rule_at[j + 1] = b->rule_at[j];
			j--;
		}
		b->rules[j + 1] = x;
		b->rule_at[j + 1] = xp;
	}
	for (int i = 2; i < b->nrules; i++)
		if (b->rules[i].kind == b->rules[i - 1].kind && b->rules[i].from <= b->rules[i - 1].through)
			return text_fail(err, PARSE_VALUE, (size_t) b->rule_at[i].position, (size_t) b->rule_at[i].length,
						b->rules[i].kind == CAL_RULE_SEASON ? "seasons overlap" : "dated weeks overlap");
	return true;
}

bool
cal_parse(const char *s, size_t len, const CoreAllocator *mem, CalendarSpec *out, ParseError *err)
{
	Builder		b;
	size_t		pos = 0;
	bool		have_tz = false,
				have_makeup = false;

	memset(&b, 0, sizeof(b));
	b.mem = mem;
	memset(out, 0, sizeof(*out));
	strcpy(out->tz, "Asia/Shanghai");

	/* rules[0] is reserved for the default week */
	b.rules = grow_array(mem, NULL, &b.cap_rules, 4, sizeof(CalWeekRule));
	b.rule_at = mem->alloc((size_t) b.cap_rules * sizeof(Positioned));
	b.nrules = 1;
	b.rules[0].kind = -1;

	while (pos < len && text_is_space(s[pos]))
		pos++;
	if (pos == len)
		return text_fail(err, PARSE_SYNTAX, 0, 0, "a calendar needs at least a week=... field");

	while (pos < len)
	{
		size_t		key_from,
					key_to,
					value_from,
					value_to,
					period_from,
					period_to;

		while (pos < len && text_is_space(s[pos]))
			pos++;
		key_from = pos;
		while (pos < len && s[pos] >= 'a' && s[pos] <= 'z')
			pos++;
		key_to = pos;
		period_from = pos;
		while (pos < len && s[pos] != '=' && s[pos] != ';')
			pos++;
		period_to = pos;
		if (pos >= len || s[pos] != '=')
			return text_fail(err, PARSE_SYNTAX, key_from, pos - key_from ? pos - key_from : 1,
						"expected a field name=value (tz, week, makeup, off or on)");
		value_from = ++pos;

#define KEY_IS(k) (key_to - key_from == strlen(k) && memcmp(s + key_from, k, strlen(k)) == 0)
		if (KEY_IS("week"))
		{
			CalWeekRule rule;
			ParseError	week_err;

			value_to = week_value_end(s, value_from, len);
			memset(&rule, 0, sizeof(rule));
			trim(s, &period_from, &period_to);
			if (period_from == period_to)
				rule.kind = CAL_RULE_DEFAULT;
			else if (!parse_period(s, period_from, period_to, &rule, err))
				return false;
			if (!ww_parse(s + value_from, value_to - value_from, &rule.week, &week_err))
				return text_fail(err, week_err.kind, value_from + (size_t) week_err.position,
							(size_t) week_err.length, week_err.message);
			if (rule.kind == CAL_RULE_DEFAULT)
			{
				if (b.rules[0].kind == CAL_RULE_DEFAULT)
					return text_fail(err, PARSE_VALUE, key_from, value_to - key_from,
								"a calendar has one default week (more weeks name their period)");
				b.rules[0] = rule;
				b.rule_at[0].position = (int) key_from;
				b.rule_at[0].length = (int) (value_to - key_from);
			}
			else
			{
				int			old_cap = b.cap_rules;

				if (b.nrules > CAL_MAX_RULES)
					return text_fail(err, PARSE_LIMIT, key_from, value_to - key_from,
								"a calendar has at most 1000 weeks of seasons and dates");
				b.rules = grow_array(mem, b.rules, &b.cap_rules, b.nrules + 1, sizeof(CalWeekRule));
				if (b.cap_rules != old_cap)
					b.rule_at = mem->grow(b.rule_at, (size_t) b.cap_rules * sizeof(Positioned));
				b.rules[b.nrules] = rule;
				b.rule_at[b.nrules].position = (int) key_from;
				b.rule_at[b.nrules].length = (int) (period_to - key_from);
				b.nrules++;
			}
		}
		else
		{
			value_to = value_from;
			while (value_to < len && s[value_to] != ';')
				value_to++;
			{
				size_t		pf = period_from,
							pt = period_to;

				trim(s, &pf, &pt);
				if (pf != pt)
					return text_fail(err, PARSE_SYNTAX, key_from, pt - key_from,
								"only week takes a period before '='");
			}
			if (KEY_IS("tz"))
			{
				size_t		f = value_from,
							t = value_to;

				trim(s, &f, &t);
				if (have_tz)
					return text_fail(err, PARSE_VALUE, key_from, value_to - key_from, "tz is given twice");
				if (!valid_tz_name(s + f, t - f))
					return text_fail(err, PARSE_VALUE, f, t - f ? t - f : 1,
								"expected a time zone name such as Asia/Shanghai");
				memcpy(out->tz, s + f, t - f);
				out->tz[t - f] = '\0';
				have_tz = true;
			}
			else if (KEY_IS("makeup"))
			{
				size_t		f = value_from,
							t = value_to;
				int			day;

				trim(s, &f, &t);
				if (have_makeup)
					return text_fail(err, PARSE_VALUE, key_from, value_to - key_from, "makeup is given twice");
				day = ww_parse_day_name(s + f, t - f);
				if (day < 0)
					return text_fail(err, PARSE_SYNTAX, f, t - f ? t - f : 1, "unknown day");
				out->makeup_day = day;
				have_makeup = true;
			}
			else if (KEY_IS("off") || KEY_IS("on"))
			{
				if (!parse_day_list(&b, KEY_IS("on"), s, value_from, value_to, err))
					return false;
			}
			else
				return text_fail(err, PARSE_SYNTAX, key_from, key_to - key_from ? key_to - key_from : 1,
							"unknown field (the fields are tz, week, makeup, off and on)");
		}
#undef KEY_IS

		pos = value_to;
		if (pos < len)
		{
			pos++;				/* the ';' */
			while (pos < len && text_is_space(s[pos]))
				pos++;
			if (pos == len)
				return text_fail(err, PARSE_SYNTAX, pos, 0, "expected a field after ';'");
		}
	}

	if (b.rules[0].kind != CAL_RULE_DEFAULT)
		return text_fail(err, PARSE_VALUE, len, 0, "a calendar needs a default week (week=...)");
	if (!order_rules(&b, err))
		return false;

	/*
	 * a make-up day may not also be a day off: checked item by item, as
	 * written, each by a binary search of the merged days off
	 */
	b.nranges[0] = merge_ranges(b.ranges[0], b.nranges[0]);
	for (int j = 0; j < b.nranges[1]; j++)
	{
		const CalRange *on = &b.ranges[1][j];
		int			lo = 0,
					hi = b.nranges[0];

		/* the first day off ending on or after the make-up day's start */
		while (lo < hi)
		{
			int			mid = lo + (hi - lo) / 2;

			if (b.ranges[0][mid].through < on->from)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo < b.nranges[0] && b.ranges[0][lo].from <= on->through)
			return text_fail(err, PARSE_VALUE, (size_t) b.on_at[j].position, (size_t) b.on_at[j].length,
						"a day is both off (a holiday) and on (a make-up working day)");
	}
	b.nranges[1] = merge_ranges(b.ranges[1], b.nranges[1]);

	out->nrules = b.nrules;
	out->rules = b.rules;
	out->noff = b.nranges[0];
	out->off = b.ranges[0];
	out->non = b.nranges[1];
	out->on = b.ranges[1];
	return true;
}

/* ------------------------------------------------------- validation */

static bool
ranges_canonical(const CalRange *r, int n)
{
	if (n > CAL_MAX_RANGES)
		return false;
	for (int i = 0; i < n; i++)
	{
		if (r[i].through < r[i].from || !cal_day_in_range(r[i].from) || !cal_day_in_range(r[i].through))
			return false;
		if (i > 0 && (int64_t) r[i].from <= (int64_t) r[i - 1].through + 1)
			return false;
	}
	return true;
}

/* Every rule cal_parse enforces, for values that did not come from text. */
bool
cal_validate(const CalendarSpec *cal, const char **message)
{
	size_t		tzlen = strnlen(cal->tz, sizeof(cal->tz));

	if (tzlen == sizeof(cal->tz) || !valid_tz_name(cal->tz, tzlen))
		return (*message = "the time zone name is not valid", false);
	if (cal->makeup_day < 0 || cal->makeup_day >= WW_DAYS)
		return (*message = "the make-up weekday is not a weekday", false);
	if (cal->nrules < 1 || cal->rules[0].kind != CAL_RULE_DEFAULT || cal->noff < 0 || cal->non < 0)
		return (*message = "a calendar needs exactly one default week, first", false);
	/* the default week has no period: its days are 0, as the text leaves them */
	if (cal->rules[0].from != 0 || cal->rules[0].through != 0)
		return (*message = "the default week has no period", false);
	if (cal->nrules > CAL_MAX_RULES + 1)
		return (*message = "a calendar has at most 1000 weeks of seasons and dates", false);
	for (int i = 0; i < cal->nrules; i++)
	{
		const CalWeekRule *r = &cal->rules[i];
		int32_t		ignored;

		if (!ww_validate(&r->week, message))
			return false;
		if (i == 0)
			continue;
		if (r->kind == CAL_RULE_SEASON)
		{
			if (!cal_day_from_civil(2000, r->from / 100, r->from % 100, &ignored) ||
				!cal_day_from_civil(2000, r->through / 100, r->through % 100, &ignored) ||
				r->through < r->from)
				return (*message = "a season is not a forward range of days of the year", false);
		}
		else if (r->kind != CAL_RULE_DATES || r->through < r->from)
			return (*message = "a week rule is neither a season nor a date range", false);
		else if (!cal_day_in_range(r->from) || !cal_day_in_range(r->through))
			return (*message = "a dated week is outside the years 0001 to 9999", false);
		if (r->kind < cal->rules[i - 1].kind ||
			(i > 1 && r->kind == cal->rules[i - 1].kind && r->from <= cal->rules[i - 1].through))
			return (*message = "week rules are not sorted and disjoint", false);
	}
	if (!ranges_canonical(cal->off, cal->noff) || !ranges_canonical(cal->on, cal->non))
		return (*message = "day lists are not sorted, disjoint and merged days of the years 0001 to 9999 (at most 100000)", false);
	for (int i = 0, j = 0; i < cal->noff && j < cal->non;)
	{
		if (cal->off[i].through < cal->on[j].from)
			i++;
		else if (cal->on[j].through < cal->off[i].from)
			j++;
		else
			return (*message = "a day is both off and on", false);
	}
	return true;
}

/* ------------------------------------------------------- formatting */

static void
put_digits(TextOut *o, int value, int width)
{
	char		d[8];

	for (int i = width - 1; i >= 0; i--)
	{
		d[i] = (char) ('0' + value % 10);
		value /= 10;
	}
	text_put_n(o, d, (size_t) width);
}

static void
put_date(TextOut *o, int32_t day)
{
	int			y,
				m,
				d;

	cal_civil(day, &y, &m, &d);
	put_digits(o, y, 4);
	text_put_n(o, "-", 1);
	put_digits(o, m, 2);
	text_put_n(o, "-", 1);
	put_digits(o, d, 2);
}

static void
put_ranges(TextOut *o, const char *key, const CalRange *r, int n)
{
	if (n == 0)
		return;
	text_put(o, key);
	for (int i = 0; i < n; i++)
	{
		if (i > 0)
			text_put_n(o, ",", 1);
		put_date(o, r[i].from);
		if (r[i].through != r[i].from)
		{
			text_put_n(o, "..", 2);
			put_date(o, r[i].through);
		}
	}
}

static void
put_week(TextOut *o, const WorkWeek *week)
{
	size_t		room = o->at < o->buflen ? o->buflen - o->at : 0;
	size_t		n = ww_format(week, room ? o->buf + o->at : NULL, room);

	o->at += n;
}

/* Canonical text; returns its length (the text is cut if buflen is short). */
size_t
cal_format(const CalendarSpec *cal, char *buf, size_t buflen)
{
	TextOut			o = {buf, buflen, 0};

	text_put(&o, "tz=");
	text_put(&o, cal->tz);
	text_put(&o, "; week=");
	put_week(&o, &cal->rules[0].week);
	for (int i = 1; i < cal->nrules; i++)
	{
		const CalWeekRule *r = &cal->rules[i];

		text_put(&o, "; week ");
		if (r->kind == CAL_RULE_SEASON)
		{
			put_digits(&o, r->from / 100, 2);
			text_put_n(&o, "-", 1);
			put_digits(&o, r->from % 100, 2);
			text_put_n(&o, "..", 2);
			put_digits(&o, r->through / 100, 2);
			text_put_n(&o, "-", 1);
			put_digits(&o, r->through % 100, 2);
		}
		else
		{
			put_date(&o, r->from);
			text_put_n(&o, "..", 2);
			put_date(&o, r->through);
		}
		text_put_n(&o, "=", 1);
		put_week(&o, &r->week);
	}
	if (cal->makeup_day != 0)
	{
		text_put(&o, "; makeup=");
		text_put(&o, ww_day_names[cal->makeup_day]);
	}
	put_ranges(&o, "; off=", cal->off, cal->noff);
	put_ranges(&o, "; on=", cal->on, cal->non);
	if (buflen > 0)
		buf[o.at < buflen ? o.at : buflen - 1] = '\0';
	return o.at;
}

void
cal_encode(WireOut *o, const CalendarSpec *cal)
{
	wire_put_int16(o, CAL_WIRE_VERSION);
	wire_put_int16(o, (int16_t) cal->makeup_day);
	wire_put_string(o, cal->tz);
	wire_put_int32(o, cal->nrules);
	for (int i = 0; i < cal->nrules; i++)
	{
		wire_put_int32(o, cal->rules[i].kind);
		wire_put_int32(o, cal->rules[i].from);
		wire_put_int32(o, cal->rules[i].through);
		ww_encode(o, &cal->rules[i].week);
	}
	wire_put_int32(o, cal->noff);
	for (int i = 0; i < cal->noff; i++)
	{
		wire_put_int32(o, cal->off[i].from);
		wire_put_int32(o, cal->off[i].through);
	}
	wire_put_int32(o, cal->non);
	for (int i = 0; i < cal->non; i++)
	{
		wire_put_int32(o, cal->on[i].from);
		wire_put_int32(o, cal->on[i].through);
	}
}

/* n ranges into memory from mem; counts were checked against the message */
static CalRange *
decode_ranges(WireReader *r, const CoreAllocator *mem, int n)
{
	CalRange   *ranges = mem->alloc(sizeof(CalRange) * (size_t) (n > 0 ? n : 1));

	for (int i = 0; i < n; i++)
	{
		ranges[i].from = wire_get_int32(r);
		ranges[i].through = wire_get_int32(r);
	}
	return ranges;
}

bool
cal_decode(WireReader *r, const CoreAllocator *mem, CalendarSpec *out, WireError *err)
{
	int			version = wire_get_int16(r);
	const char *tz;
	const char *problem;

	memset(out, 0, sizeof(CalendarSpec));
	out->makeup_day = wire_get_int16(r);
	if (!wire_check_end(r, "business_calendar", err))
		return false;
	if (version != CAL_WIRE_VERSION)
		return wire_fail(err, WIRE_INVALID, "Format version %d is not known; this server reads version %d.",
						 version, CAL_WIRE_VERSION);
	tz = wire_get_string(r, CAL_TZ_MAX);
	if (!wire_check_end(r, "business_calendar", err))
		return false;
	if (tz == NULL)
		return wire_fail(err, WIRE_INVALID, "The time zone name is longer than %d bytes.", CAL_TZ_MAX);
	memcpy(out->tz, tz, strlen(tz));

	/* a rule is at least its kind, two days and seven empty days */
	out->nrules = wire_get_count(r, 12 + 2 * WW_DAYS, CAL_MAX_RULES, "week rules", err);
	if (out->nrules < 0)
		return false;
	out->rules = mem->alloc(sizeof(CalWeekRule) * (size_t) (out->nrules > 0 ? out->nrules : 1));
	memset(out->rules, 0, sizeof(CalWeekRule) * (size_t) (out->nrules > 0 ? out->nrules : 1));
	for (int i = 0; i < out->nrules; i++)
	{
		out->rules[i].kind = wire_get_int32(r);
		out->rules[i].from = wire_get_int32(r);
		out->rules[i].through = wire_get_int32(r);
		if (!ww_decode(r, &out->rules[i].week, err))
			return false;
	}
	out->noff = wire_get_count(r, 8, CAL_MAX_RANGES, "days off", err);
	if (out->noff < 0)
		return false;
	out->off = decode_ranges(r, mem, out->noff);
	out->non = wire_get_count(r, 8, CAL_MAX_RANGES, "make-up working days", err);
	if (out->non < 0)
		return false;
	out->on = decode_ranges(r, mem, out->non);
	if (!wire_check_end(r, "business_calendar", err))
		return false;
	if (!cal_validate(out, &problem))
		return wire_fail(err, WIRE_INVALID, "The value is not canonical: %s.", problem);
	return true;
}
