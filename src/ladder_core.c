/*
 * ladder_core.c
 *		Tiered rules: 'minutes: (0,10] 4 per unit; (10,30] 50; (30,60) 1 daily_wage;
 *		[60,) 1 absence_day'.
 *
 * A ladder names its measure (minutes, occurrences, days or points) and
 * lists steps separated by ';'. A step is an interval of the measure in
 * mathematical notation, (a,b] [a,b) [a,b] (a,b), with an empty upper bound
 * for "and more", followed by what it charges: outcomes joined by '+':
 *
 *	50				a fixed amount (CNY)
 *	4 per unit		an amount per unit of the measure (per minute, ...)
 *	1 daily_wage	a multiple of the daily wage
 *	0.5 monthly_wage a fraction of the monthly wage
 *	1 absence_day	days counted as absence
 *	2 points		points deducted (negative: added)
 *	warning			a flag: notice, warning, bonus_withheld, performance_zero,
 *					wage_withheld, dismissal_review, resignation, self_review,
 *					transfer_review, training_failed, major_demerit (a major
 *					demerit on the record, AT-20)
 *	none			nothing (a forgiven step)
 *
 * Steps run upward without gaps or overlaps: each starts where the one
 * before ends, the shared bound belonging to exactly one of them. For
 * occurrences, which are whole numbers, [1,1]; [2,2]; [3,) is contiguous.
 * Below the first step the ladder charges nothing.
 */
#include "ladder_core.h"

#include <string.h>

const char *const ladder_flag_names[LADDER_NFLAGS] = {
	"notice", "warning", "bonus_withheld", "performance_zero", "wage_withheld",
	"dismissal_review", "resignation", "absence", "self_review", "transfer_review", "training_failed",
	"major_demerit"
};

const char *const ladder_measure_names[MEASURE_COUNT] = {"minutes", "occurrences", "days", "points", "amount"};

/*
 * Spaces between tokens; a character listed in stop ends the ladder even
 * when it is a space (a rulebook ends each ladder at a newline).
 */
static void
skip_spaces(const char *s, size_t len, size_t *pos, const char *stop)
{
	while (*pos < len && text_is_space(s[*pos]) && !(stop && strchr(stop, s[*pos])))
		(*pos)++;
}

static bool
at_stop(const char *s, size_t len, size_t pos, const char *stop)
{
	return pos >= len || (stop != NULL && s[pos] != '\0' && strchr(stop, s[pos]) != NULL);
}

/* ------------------------------------------------------------ numbers */

/* [-]digits[.up to six digits] as millionths. */
bool
ladder_parse_number(const char *s, size_t len, size_t *pos, int64_t *value, ParseError *err)
{
	size_t		start = *pos;
	bool		negative = false;
	int64_t		whole = 0;
	int64_t		fraction = 0;
	int			places = 0;
	int			digits = 0;

	if (*pos < len && s[*pos] == '-')
	{
		negative = true;
		(*pos)++;
	}
	while (*pos < len && text_is_digit(s[*pos]))
	{
		if (whole > (INT64_MAX / LADDER_SCALE - 9) / 10)
			return text_fail(err, PARSE_VALUE, start, *pos - start + 1, "a number is too large");
		whole = whole * 10 + (s[*pos] - '0');
		(*pos)++;
		digits++;
	}
	if (*pos < len && s[*pos] == '.')
	{
		(*pos)++;
		while (*pos < len && text_is_digit(s[*pos]))
		{
			if (places == 6)
				return text_fail(err, PARSE_VALUE, start, *pos - start + 1, "a number has at most six decimals");
			fraction = fraction * 10 + (s[*pos] - '0');
			places++;
			(*pos)++;
		}
		if (places == 0)
			return text_fail(err, PARSE_SYNTAX, start, *pos - start, "expected digits after the decimal point");
	}
	if (digits == 0)
		return text_fail(err, PARSE_SYNTAX, start, *pos < len ? 1 : 0, "expected a number");
	for (int i = places; i < 6; i++)
		fraction *= 10;
	if (whole > LADDER_NUMBER_MAX / LADDER_SCALE)
		return text_fail(err, PARSE_VALUE, start, *pos - start, "a number is at most 999999999999.999999");
	*value = whole * LADDER_SCALE + fraction;
	if (negative)
		*value = -*value;
	return true;
}

size_t
ladder_format_number(int64_t value, char *buf, size_t buflen)
{
	char		tmp[32];
	int			n = 0;
	uint64_t	magnitude = value < 0 ? (uint64_t) (-(value + 1)) + 1 : (uint64_t) value;
	uint64_t	whole = magnitude / LADDER_SCALE;
	uint64_t	fraction = magnitude % LADDER_SCALE;
	char		digits[24];
	int			nd = 0;
	size_t		at = 0;

	if (value < 0)
		tmp[n++] = '-';
	do
	{
		digits[nd++] = (char) ('0' + whole % 10);
		whole /= 10;
	} while (whole > 0);
	while (nd > 0)
		tmp[n++] = digits[--nd];
	if (fraction > 0)
	{
		int			places = 6;

		while (fraction % 10 == 0)
		{
			fraction /= 10;
			places--;
		}
		tmp[n++] = '.';
		for (int i = places - 1; i >= 0; i--)
		{
			uint64_t	p = 1;

			for (int k = 0; k < i; k++)
				p *= 10;
			tmp[n++] = (char) ('0' + (fraction / p) % 10);
		}
	}
	for (int i = 0; i < n; i++, at++)
		if (at < buflen)
			buf[at] = tmp[i];
	if (buflen > 0)
		buf[at < buflen ? at : buflen - 1] = '\0';
	return at;
}

/* ------------------------------------------------------------ parsing */

static bool
is_word_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static size_t
read_word(const char *s, size_t len, size_t pos)
{
	while (pos < len && is_word_char(s[pos]))
		pos++;
	return pos;
}

static bool
word_is(const char *s, size_t from, size_t to, const char *word)
{
	return to - from == strlen(word) && memcmp(s + from, word, to - from) == 0;
}

/* One outcome, added into *out. */
static bool
parse_outcome(const char *s, size_t len, size_t *pos, const char *stop, LadderOutcome *out, ParseError *err)
{
	size_t		start = *pos;
	size_t		end;
	int64_t		value;

	if (*pos < len && is_word_char(s[*pos]))
	{
		end = read_word(s, len, *pos);
		if (word_is(s, *pos, end, "none"))
		{
			*pos = end;
			return true;
		}
		for (int f = 0; f < LADDER_NFLAGS; f++)
			if (word_is(s, *pos, end, ladder_flag_names[f]))
			{
				if (out->flags & (1 << f))
					return text_fail(err, PARSE_VALUE, start, end - start, "a flag is given twice in one step");
				out->flags |= 1 << f;
				*pos = end;
				return true;
			}
		return text_fail(err, PARSE_SYNTAX, start, end - start,
						 "unknown outcome (flags are notice, warning, bonus_withheld, performance_zero, "
						 "wage_withheld, dismissal_review, resignation, absence, self_review, "
						 "transfer_review, training_failed, major_demerit)");
	}
	if (!ladder_parse_number(s, len, pos, &value, err))
		return false;
	skip_spaces(s, len, pos, stop);
	end = read_word(s, len, *pos);
	{
		int64_t    *slot = NULL;
		size_t		word_end = end;
		bool		negative_allowed = false;

		if (end == *pos)
			slot = &out->amount;
		else if (word_is(s, *pos, end, "per"))
		{
			size_t		unit = end;

			skip_spaces(s, len, &unit, stop);
			word_end = read_word(s, len, unit);
			if (!word_is(s, unit, word_end, "unit"))
				return text_fail(err, PARSE_SYNTAX, start, word_end - start, "expected \"per unit\"");
			slot = &out->per_unit;
		}
		else if (word_is(s, *pos, end, "daily_wage") || word_is(s, *pos, end, "daily_wages"))
			slot = &out->daily_wages;
		else if (word_is(s, *pos, end, "monthly_wage") || word_is(s, *pos, end, "monthly_wages"))
			slot = &out->monthly_wages;
		else if (word_is(s, *pos, end, "absence_day") || word_is(s, *pos, end, "absence_days"))
			slot = &out->absence_days;
		else if (word_is(s, *pos, end, "points") || word_is(s, *pos, end, "point"))
		{
			slot = &out->points;
			negative_allowed = true;
		}
		else
			return text_fail(err, PARSE_SYNTAX, *pos, end - *pos,
							 "unknown unit (write per unit, daily_wage, monthly_wage, absence_day or points)");
		if (value < 0 && !negative_allowed)
			return text_fail(err, PARSE_VALUE, start, word_end - start, "only points may be negative");
		if (*slot != 0)
			return text_fail(err, PARSE_VALUE, start, word_end - start, "a kind of outcome is given twice in one step");
		*slot = value;
		*pos = word_end;
	}
	return true;
}

/* Checks that steps run upward without gap or overlap; reports step i. */
static const char *
step_problem(LadderRef l, int i)
{
	const LadderStep *st = &l.steps[i];

	if (st->lower < 0)
		return "a step starts below zero";
	if (!st->upper_infinite && (st->upper < st->lower ||
								(st->upper == st->lower && !(st->lower_inclusive && st->upper_inclusive))))
		return "a step is empty or runs backwards";
	if (st->upper_infinite && st->upper_inclusive)
		return "an open-ended step ends with ')'";
	/* 0 minutes late, the 0th time or 0 days is nothing to charge */
	if ((l.measure == MEASURE_MINUTES || l.measure == MEASURE_OCCURRENCES || l.measure == MEASURE_DAYS) &&
		st->lower == 0 && st->lower_inclusive &&
		(st->outcome.amount | st->outcome.per_unit | st->outcome.daily_wages | st->outcome.monthly_wages |
		 st->outcome.absence_days | st->outcome.points | st->outcome.flags) != 0)
		return "a step that holds 0 minutes, occurrences or days charges nothing (start it with '(0,')";
	if (l.measure == MEASURE_OCCURRENCES &&
		(st->lower % LADDER_SCALE != 0 || (!st->upper_infinite && st->upper % LADDER_SCALE != 0)))
		return "occurrences are whole numbers";
	if (l.measure == MEASURE_OCCURRENCES && !st->upper_infinite &&
		(st->lower + (st->lower_inclusive ? 0 : LADDER_SCALE)) > (st->upper - (st->upper_inclusive ? 0 : LADDER_SCALE)))
		return "a step holds no whole number";
	if (i > 0)
	{
		const LadderStep *prev = &l.steps[i - 1];

		if (prev->upper_infinite || st->lower < prev->upper)
			return "steps overlap or are out of order";
		if (l.measure == MEASURE_OCCURRENCES)
		{
			int64_t		prev_last = prev->upper - (prev->upper_inclusive ? 0 : LADDER_SCALE);
			int64_t		first = st->lower + (st->lower_inclusive ? 0 : LADDER_SCALE);

			if (first <= prev_last)
				return "steps overlap or are out of order";
			if (first > prev_last + LADDER_SCALE)
				return "there is a gap between two steps";
		}
		else
		{
			if (st->lower > prev->upper || (!prev->upper_inclusive && !st->lower_inclusive))
				return "there is a gap between two steps";
			if (prev->upper_inclusive && st->lower_inclusive)
				return "steps overlap or are out of order";
		}
	}
	return NULL;
}

bool
ladder_parse_until(const char *s, size_t len, size_t *at, const char *stop, LadderSpec *out, ParseError *err)
{
	size_t		pos = *at;
	size_t		end;

	memset(out, 0, sizeof(*out));
	skip_spaces(s, len, &pos, stop);
	end = read_word(s, len, pos);
	out->measure = -1;
	for (int m = 0; m < MEASURE_COUNT; m++)
		if (word_is(s, pos, end, ladder_measure_names[m]))
			out->measure = m;
	if (out->measure < 0)
		return text_fail(err, PARSE_SYNTAX, pos, end > pos ? end - pos : (pos < len),
						 "a ladder starts with its measure: minutes, occurrences, days, points or amount");
	pos = end;
	skip_spaces(s, len, &pos, stop);
	if (pos >= len || s[pos] != ':')
		return text_fail(err, PARSE_SYNTAX, pos, pos < len, "expected ':' after the measure");
	pos++;

	for (;;)
	{
		LadderStep *st;
		size_t		start;

		skip_spaces(s, len, &pos, stop);
		start = pos;
		if (out->nsteps == LADDER_MAX_STEPS)
			return text_fail(err, PARSE_VALUE, start, 1, "a ladder has at most 64 steps");
		st = &out->steps[out->nsteps];
		if (pos >= len || (s[pos] != '(' && s[pos] != '['))
			return text_fail(err, PARSE_SYNTAX, pos, pos < len, "expected a step such as (10,30] 50");
		st->lower_inclusive = s[pos] == '[';
		pos++;
		skip_spaces(s, len, &pos, stop);
		if (!ladder_parse_number(s, len, &pos, &st->lower, err))
			return false;
		skip_spaces(s, len, &pos, stop);
		if (pos >= len || s[pos] != ',')
			return text_fail(err, PARSE_SYNTAX, pos, pos < len, "expected ',' between the bounds of a step");
		pos++;
		skip_spaces(s, len, &pos, stop);
		if (pos < len && (s[pos] == ')' || s[pos] == ']'))
			st->upper_infinite = 1;
		else if (!ladder_parse_number(s, len, &pos, &st->upper, err))
			return false;
		skip_spaces(s, len, &pos, stop);
		if (pos >= len || (s[pos] != ')' && s[pos] != ']'))
			return text_fail(err, PARSE_SYNTAX, pos, pos < len, "expected ')' or ']' to close the step");
		st->upper_inclusive = s[pos] == ']';
		pos++;
		skip_spaces(s, len, &pos, stop);
		for (;;)
		{
			if (!parse_outcome(s, len, &pos, stop, &st->outcome, err))
				return false;
			skip_spaces(s, len, &pos, stop);
			if (pos < len && s[pos] == '+')
			{
				pos++;
				skip_spaces(s, len, &pos, stop);
				continue;
			}
			break;
		}
		out->nsteps++;
		{
			const char *problem = step_problem(ladder_ref(out), out->nsteps - 1);

			if (problem)
				return text_fail(err, PARSE_VALUE, start, pos - start, problem);
		}
		if (at_stop(s, len, pos, stop))
			break;
		if (s[pos] != ';')
			return text_fail(err, PARSE_SYNTAX, pos, 1, "expected ';' before the next step");
		pos++;
		skip_spaces(s, len, &pos, stop);
		if (at_stop(s, len, pos, stop))
			return text_fail(err, PARSE_SYNTAX, pos, 0, "expected a step after ';'");
	}
	/* the checks binary input runs: one validator for both */
	{
		const char *problem;

		if (!ladder_validate(out, &problem))
			return text_fail(err, PARSE_VALUE, *at, pos - *at, problem);
	}
	*at = pos;
	return true;
}

bool
ladder_parse(const char *s, size_t len, LadderSpec *out, ParseError *err)
{
	size_t		pos = 0;

	return ladder_parse_until(s, len, &pos, NULL, out, err);
}

bool
ladder_validate_ref(LadderRef l, const char **message)
{
	if (l.measure < 0 || l.measure >= MEASURE_COUNT)
		return (*message = "unknown measure", false);
	if (l.nsteps < 1 || l.nsteps > LADDER_MAX_STEPS)
		return (*message = "a ladder has 1 to 64 steps", false);
	for (int i = 0; i < l.nsteps; i++)
	{
		const LadderStep *st = &l.steps[i];
		const LadderOutcome *o = &st->outcome;
		const char *problem = step_problem(l, i);

		if (problem)
			return (*message = problem, false);
		if (st->lower_inclusive > 1 || st->upper_inclusive > 1 || st->upper_infinite > 1 ||
			st->reserved[0] | st->reserved[1] | st->reserved[2] | st->reserved[3] | st->reserved[4] ||
			(st->upper_infinite && st->upper != 0) || o->reserved != 0 ||
			(o->flags & ~((1 << LADDER_NFLAGS) - 1)) != 0)
			return (*message = "a step is not canonical", false);
		if (o->amount < 0 || o->per_unit < 0 || o->daily_wages < 0 || o->monthly_wages < 0 || o->absence_days < 0)
			return (*message = "only points may be negative", false);
		/* what the text form can write */
		if (st->lower > LADDER_NUMBER_MAX || st->upper > LADDER_NUMBER_MAX || o->amount > LADDER_NUMBER_MAX ||
			o->per_unit > LADDER_NUMBER_MAX || o->daily_wages > LADDER_NUMBER_MAX ||
			o->monthly_wages > LADDER_NUMBER_MAX || o->absence_days > LADDER_NUMBER_MAX ||
			o->points > LADDER_NUMBER_MAX || o->points < -LADDER_NUMBER_MAX)
			return (*message = "a number is past 999999999999.999999", false);
	}
	return true;
}

bool
ladder_validate(const LadderSpec *l, const char **message)
{
	return ladder_validate_ref(ladder_ref(l), message);
}

/* ---------------------------------------------------------- formatting */

static void
put_number(TextOut *o, int64_t value)
{
	char		tmp[32];

	ladder_format_number(value, tmp, sizeof(tmp));
	text_put(o, tmp);
}

static void
put_step(TextOut *o, const LadderStep *st)
{
	const LadderOutcome *oc = &st->outcome;
	bool		first = true;
	struct
	{
		int64_t		value;
		const char *unit;
	}			parts[6] = {
		{oc->amount, ""}, {oc->per_unit, " per unit"}, {oc->daily_wages, " daily_wage"},
		{oc->monthly_wages, " monthly_wage"}, {oc->absence_days, " absence_day"}, {oc->points, " points"}
	};

	text_put(o, st->lower_inclusive ? "[" : "(");
	put_number(o, st->lower);
	text_put(o, ",");
	if (!st->upper_infinite)
		put_number(o, st->upper);
	text_put(o, st->upper_inclusive ? "] " : ") ");
	for (int i = 0; i < 6; i++)
	{
		if (parts[i].value == 0)
			continue;
		if (!first)
			text_put(o, " + ");
		put_number(o, parts[i].value);
		text_put(o, parts[i].unit);
		first = false;
	}
	for (int f = 0; f < LADDER_NFLAGS; f++)
	{
		if (!(oc->flags & (1 << f)))
			continue;
		if (!first)
			text_put(o, " + ");
		text_put(o, ladder_flag_names[f]);
		first = false;
	}
	if (first)
		text_put(o, "none");
}

size_t
ladder_format_ref(LadderRef l, char *buf, size_t buflen)
{
	TextOut			o = {buf, buflen, 0};

	text_put(&o, ladder_measure_names[l.measure]);
	text_put(&o, ": ");
	for (int i = 0; i < l.nsteps; i++)
	{
		if (i > 0)
			text_put(&o, "; ");
		put_step(&o, &l.steps[i]);
	}
	if (buflen > 0)
		buf[o.at < buflen ? o.at : buflen - 1] = '\0';
	return o.at;
}

size_t
ladder_format(const LadderSpec *l, char *buf, size_t buflen)
{
	return ladder_format_ref(ladder_ref(l), buf, buflen);
}

size_t
ladder_format_step(LadderRef l, int step, char *buf, size_t buflen)
{
	TextOut			o = {buf, buflen, 0};

	put_step(&o, &l.steps[step]);
	if (buflen > 0)
		buf[o.at < buflen ? o.at : buflen - 1] = '\0';
	return o.at;
}

/* ---------------------------------------------------------- evaluation */

static bool
step_contains(const LadderStep *st, int64_t x)
{
	if (x < st->lower || (x == st->lower && !st->lower_inclusive))
		return false;
	if (st->upper_infinite)
		return true;
	return x < st->upper || (x == st->upper && st->upper_inclusive);
}

int
ladder_find(LadderRef l, int64_t x)
{
	for (int i = 0; i < l.nsteps; i++)
		if (step_contains(&l.steps[i], x))
			return i;
	return -1;
}

/* What the ladder charges at x, part by part (the per-unit part applied). */
static void
charge_at(LadderRef l, int64_t x, __int128 parts[6], int32_t *flags)
{
	int			i = ladder_find(l, x);
	const LadderOutcome *o;

	memset(parts, 0, sizeof(__int128) * 6);
	*flags = 0;
	if (i < 0)
		return;
	o = &l.steps[i].outcome;
	parts[0] = (__int128) o->amount * LADDER_SCALE + (__int128) o->per_unit * x;
	parts[1] = o->daily_wages;
	parts[2] = o->monthly_wages;
	parts[3] = o->absence_days;
	parts[4] = o->points;
	parts[5] = 0;
	*flags = o->flags;
}

static bool
dominates_at(LadderRef a, LadderRef b, int64_t x, int64_t *witness)
{
	__int128	pa[6],
				pb[6];
	int32_t		fa,
				fb;

	if (x < 0)
		return true;
	charge_at(a, x, pa, &fa);
	charge_at(b, x, pb, &fb);
	for (int i = 0; i < 6; i++)
		if (pa[i] < pb[i])
		{
			if (witness)
				*witness = x;
			return false;
		}
	if ((fb & ~fa) != 0)
	{
		if (witness)
			*witness = x;
		return false;
	}
	return true;
}

/*
 * Both ladders are linear between their bounds, so checking each bound,
 * its neighbours and the midpoints between bounds covers every measure;
 * beyond the last bound the per-unit amounts decide.
 */
static bool dominates_search(LadderRef a, LadderRef b, int64_t *witness);

/*
 * As a witness, a whole number where one shows the difference: "at 11
 * minutes" reads better than "at 10.000001 minutes".
 */
bool
ladder_dominates(LadderRef a, LadderRef b, int64_t *witness)
{
	int64_t		w;
	int64_t		whole;

	if (dominates_search(a, b, &w))
		return true;
	if (witness)
	{
		*witness = w;
		whole = (w / LADDER_SCALE) * LADDER_SCALE;
		if (w % LADDER_SCALE != 0)
		{
			if (w <= INT64_MAX - LADDER_SCALE && !dominates_at(a, b, whole + LADDER_SCALE, NULL))
				*witness = whole + LADDER_SCALE;
			else if (!dominates_at(a, b, whole, NULL))
				*witness = whole;
		}
	}
	return false;
}

static bool
dominates_search(LadderRef a, LadderRef b, int64_t *witness)
{
	int64_t		bounds[4 * LADDER_MAX_STEPS + 1];
	int			n = 0;
	int64_t		step = a.measure == MEASURE_OCCURRENCES && b.measure == MEASURE_OCCURRENCES ? LADDER_SCALE : 1;
	int64_t		last;
	const LadderRef *l[2] = {&a, &b};
	int			ta,
				tb;

	bounds[n++] = 0;
	for (int k = 0; k < 2; k++)
		for (int i = 0; i < l[k]->nsteps; i++)
		{
			bounds[n++] = l[k]->steps[i].lower;
			if (!l[k]->steps[i].upper_infinite)
				bounds[n++] = l[k]->steps[i].upper;
		}
	/* sort (insertion: at most a few hundred) */
	for (int i = 1; i < n; i++)
	{
		int64_t		v = bounds[i];
		int			j = i - 1;

		while (j >= 0 && bounds[j] > v)
		{
			bounds[j + 1] = bounds[j];
			j--;
		}
		bounds[j + 1] = v;
	}
	for (int i = 0; i < n; i++)
	{
		if (!dominates_at(a, b, bounds[i] - step, witness) || !dominates_at(a, b, bounds[i], witness) ||
			!dominates_at(a, b, bounds[i] + step, witness))
			return false;
		if (i + 1 < n && bounds[i + 1] > bounds[i] &&
			!dominates_at(a, b, bounds[i] + (bounds[i + 1] - bounds[i]) / 2 / step * step, witness))
			return false;
	}
	/* beyond every bound: the last steps' per-unit amounts */
	last = bounds[n - 1] + step;
	ta = ladder_find(a, last);
	tb = ladder_find(b, last);
	if (tb >= 0 && b.steps[tb].outcome.per_unit > 0 &&
		(ta < 0 || a.steps[ta].outcome.per_unit < b.steps[tb].outcome.per_unit))
	{
		if (witness)
		{
			/* where the smaller slope falls behind: past the crossing */
			__int128	pa[6],
						pb[6];
			int32_t		fa,
						fb;
			__int128	slope = (__int128) b.steps[tb].outcome.per_unit -
				(ta < 0 ? 0 : a.steps[ta].outcome.per_unit);
			__int128	k;

			charge_at(a, last, pa, &fa);
			charge_at(b, last, pb, &fb);
			k = (pa[0] - pb[0]) / slope + 1;
			k = (k + step - 1) / step * step;
			*witness = k > INT64_MAX - last ? INT64_MAX : last + (int64_t) k;
		}
		return false;
	}
	return true;
}

void
ladder_encode_steps(WireOut *o, LadderRef ladder)
{
	for (int i = 0; i < ladder.nsteps; i++)
	{
		const LadderStep *st = &ladder.steps[i];

		wire_put_int64(o, st->lower);
		wire_put_int64(o, st->upper);
		wire_put_byte(o, st->lower_inclusive);
		wire_put_byte(o, st->upper_inclusive);
		wire_put_byte(o, st->upper_infinite);
		wire_put_int64(o, st->outcome.amount);
		wire_put_int64(o, st->outcome.per_unit);
		wire_put_int64(o, st->outcome.daily_wages);
		wire_put_int64(o, st->outcome.monthly_wages);
		wire_put_int64(o, st->outcome.absence_days);
		wire_put_int64(o, st->outcome.points);
		wire_put_int32(o, st->outcome.flags);
	}
}

/* Reads nsteps steps; the caller validates the ladder they make. */
bool
ladder_decode_steps(WireReader *r, LadderStep *steps, int nsteps, WireError *err)
{
	memset(steps, 0, sizeof(LadderStep) * (size_t) nsteps);
	for (int i = 0; i < nsteps; i++)
	{
		LadderStep *st = &steps[i];

		st->lower = wire_get_int64(r);
		st->upper = wire_get_int64(r);
		st->lower_inclusive = wire_get_byte(r);
		st->upper_inclusive = wire_get_byte(r);
		st->upper_infinite = wire_get_byte(r);
		st->outcome.amount = wire_get_int64(r);
		st->outcome.per_unit = wire_get_int64(r);
		st->outcome.daily_wages = wire_get_int64(r);
		st->outcome.monthly_wages = wire_get_int64(r);
		st->outcome.absence_days = wire_get_int64(r);
		st->outcome.points = wire_get_int64(r);
		st->outcome.flags = wire_get_int32(r);
	}
	return wire_check_end(r, "ladder's steps", err);
}

void
ladder_encode(WireOut *o, LadderRef ladder)
{
	wire_put_int16(o, (int16_t) ladder.measure);
	wire_put_int16(o, (int16_t) ladder.nsteps);
	ladder_encode_steps(o, ladder);
}

/* Reads a ladder and runs the text input's checks on it. */
bool
ladder_decode(WireReader *r, LadderSpec *out, WireError *err)
{
	const char *problem;

	memset(out, 0, sizeof(LadderSpec));
	out->measure = wire_get_int16(r);
	out->nsteps = wire_get_int16(r);
	if (!wire_check_end(r, "ladder", err))
		return false;
	if (out->nsteps < 1 || out->nsteps > LADDER_MAX_STEPS)
		return wire_fail(err, WIRE_INVALID, "A ladder has 1 to %d steps, not %d.", LADDER_MAX_STEPS, out->nsteps);
	if (!ladder_decode_steps(r, out->steps, out->nsteps, err))
		return false;
	if (!ladder_validate(out, &problem))
		return wire_fail(err, WIRE_INVALID, "The value is not a valid ladder: %s.", problem);
	return true;
}
