/*
 * rulebook_core.c
 *		The penalty rules of a policy version as one value (rulebook_core.h):
 *		parsing, checking, the canonical text, the packed form, merging a
 *		policy's overrides into its preset, and the AT-5 comparison.
 *
 * Entries are separated by newlines (or '|'); each is a subject, the rule
 * IDs it reproduces in parentheses, '=', and a ladder or a number:
 *
 *	late [class] (ids) = ladder over minutes			also early, away
 *	missing_punch [class] (ids) = ladder over occurrences
 *	absence [class] (ids) = ladder over days			each absence
 *	month_absence (ids) = ladder over days				the month's total
 *	consecutive_absence (ids) = ladder over days		the longest run
 *	count late+early+minor [within (a,b]] (ids) = ladder over occurrences
 *	count incident name [within (a,b]] [over n months] (ids) = ladder over occurrences
 *	forgive late [within (a,b]] (ids) = how many
 *	incident name [class] (ids) = ladder over any measure
 *	parameter (ids) = number
 *
 * Classes are minor, moderate and serious (AT-13 counts them). Entries are
 * kept in a canonical order, so the text round-trips and equal rulebooks
 * are equal byte for byte.
 */
#include "rulebook_core.h"

#include <stdio.h>
#include <string.h>

const char *const rule_type_names[RULE_TYPE_COUNT] = {
	"late", "early", "away", "missing_punch", "absence", "month_absence", "consecutive_absence",
	"count", "forgive", "incident", "parameter"
};

const char *const rule_class_names[CLASS_COUNT] = {"", "minor", "moderate", "serious"};

const char *const rule_parameter_names[PARAM_COUNT] = {
	"full_attendance_bonus", "field_notice_by_start", "team_attendance_min", "score_base", "score_cap",
	"score_pay_per_point", "score_floor", "score_adjust_max", "score_unpaid_months", "punch_each_window"
};

/*
 * AT-5 for parameters: +1 when a higher value is stricter, -1 when a lower
 * one is, 0 when neither (a bonus, or how pay floats both ways).
 */
static const int parameter_strictness[PARAM_COUNT] = {0, 1, 1, -1, 0, 0, 1, 0, 0, 1};

/* Which measure each kind of entry takes (-1: any; -2: a number). */
static const int type_measure[RULE_TYPE_COUNT] = {
	MEASURE_MINUTES, MEASURE_MINUTES, MEASURE_MINUTES, MEASURE_OCCURRENCES, MEASURE_DAYS, MEASURE_DAYS,
	MEASURE_DAYS, MEASURE_OCCURRENCES, -2, -1, -2
};

/* ------------------------------------------------------------ helpers */

static bool
is_name_start(char c)
{
	return c >= 'a' && c <= 'z';
}

static bool
is_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

static size_t
read_name(const char *s, size_t len, size_t pos)
{
	if (pos >= len || !is_name_start(s[pos]))
		return pos;
	while (pos < len && is_name_char(s[pos]))
		pos++;
	return pos;
}

static bool
word_is(const char *s, size_t from, size_t to, const char *word)
{
	return to - from == strlen(word) && memcmp(s + from, word, to - from) == 0;
}

/* Spaces inside an entry: a newline ends the entry. */
static void
skip_blanks(const char *s, size_t len, size_t *pos)
{
	while (*pos < len && (s[*pos] == ' ' || s[*pos] == '\t' || s[*pos] == '\r'))
		(*pos)++;
}

static bool
is_separator(char c)
{
	return c == '\n' || c == '|';
}

static int
find_name(const char *const *names, int n, const char *s, size_t from, size_t to)
{
	for (int i = 0; i < n; i++)
		if (names[i][0] != '\0' && word_is(s, from, to, names[i]))
			return i;
	return -1;
}

/*
 * A rule ID of POLICY.md: an area (SH, AT, LV, CP, PR or SEC), '-', a
 * number from 1 to 9999.
 */
static bool
read_rule_id(const char *s, size_t len, size_t *pos)
{
	static const char *const areas[] = {"SH", "AT", "LV", "CP", "PR", "SEC"};
	size_t		p = *pos;
	int			letters = 0;
	int			digits = 0;
	bool		known = false;

	while (p < len && s[p] >= 'A' && s[p] <= 'Z' && letters < 4)
		p++, letters++;
	for (size_t i = 0; i < sizeof(areas) / sizeof(areas[0]); i++)
		if ((size_t) letters == strlen(areas[i]) && memcmp(s + *pos, areas[i], (size_t) letters) == 0)
			known = true;
	if (!known || p >= len || s[p] != '-')
		return false;
	p++;
	if (p >= len || s[p] < '1' || s[p] > '9')
		return false;
	while (p < len && text_is_digit(s[p]) && digits < 4)
		p++, digits++;
	if (p < len && text_is_digit(s[p]))
		return false;
	*pos = p;
	return true;
}

/* The list of rule IDs an entry holds, as parse_rule_ids writes it. */
static bool
rule_ids_canonical(const char *ids)
{
	size_t		len = strlen(ids);
	size_t		pos = 0;

	if (len == 0)
		return true;
	for (;;)
	{
		if (!read_rule_id(ids, len, &pos))
			return false;
		if (pos == len)
			return true;
		if (pos + 2 > len || ids[pos] != ',' || ids[pos + 1] != ' ')
			return false;
		pos += 2;
	}
}

/* "(AT-2, AT-9)" into "AT-2, AT-9". */
static bool
parse_rule_ids(const char *s, size_t len, size_t *pos, char *out, ParseError *err)
{
	size_t		start = *pos;
	size_t		at = 0;

	(*pos)++;					/* '(' */
	for (;;)
	{
		size_t		id_start;

		skip_blanks(s, len, pos);
		id_start = *pos;
		if (!read_rule_id(s, len, pos))
		{
			/* quote the whole would-be ID, not its first letter */
			size_t		id_end = id_start;

			while (id_end < len && s[id_end] != ',' && s[id_end] != ')' && !is_separator(s[id_end]) &&
				   !text_is_space(s[id_end]))
				id_end++;
			return text_fail(err, PARSE_SYNTAX, id_start, id_end - id_start,
							 "expected a rule ID such as AT-1 (SH, AT, LV, CP, PR or SEC, '-', a number from 1 to 9999)");
		}
		if (at + (*pos - id_start) + 3 > RULE_IDS_LEN)
			return text_fail(err, PARSE_VALUE, start, *pos - start, "too many rule IDs for one entry");
		if (at > 0)
		{
			out[at++] = ',';
			out[at++] = ' ';
		}
		memcpy(out + at, s + id_start, *pos - id_start);
		at += *pos - id_start;
		skip_blanks(s, len, pos);
		if (*pos < len && s[*pos] == ',')
		{
			(*pos)++;
			continue;
		}
		if (*pos < len && s[*pos] == ')')
		{
			(*pos)++;
			break;
		}
		return text_fail(err, PARSE_SYNTAX, *pos, *pos < len && !is_separator(s[*pos]),
						 "expected ',' or ')' after a rule ID");
	}
	out[at] = '\0';
	return true;
}

/* A range "within" that holds nothing, runs backwards or starts below 0. */
static bool
range_backwards(const RuleRange *r)
{
	return r->lower < 0 || (r->upper_infinite && r->upper_inclusive) ||
		(!r->upper_infinite && (r->upper < r->lower ||
								(r->upper == r->lower && !(r->lower_inclusive && r->upper_inclusive))));
}

/* (a,b], [a,) ... */
static bool
parse_range(const char *s, size_t len, size_t *pos, RuleRange *r, ParseError *err)
{
	size_t		start = *pos;

	if (*pos >= len || (s[*pos] != '(' && s[*pos] != '['))
		return text_fail(err, PARSE_SYNTAX, *pos, *pos < len && !is_separator(s[*pos]),
						 "expected a range such as (0,5] after within");
	r->present = 1;
	r->lower_inclusive = s[*pos] == '[';
	(*pos)++;
	skip_blanks(s, len, pos);
	if (!ladder_parse_number(s, len, pos, &r->lower, err))
		return false;
	skip_blanks(s, len, pos);
	if (*pos >= len || s[*pos] != ',')
		return text_fail(err, PARSE_SYNTAX, *pos, *pos < len && !is_separator(s[*pos]),
						 "expected ',' between the bounds of a range");
	(*pos)++;
	skip_blanks(s, len, pos);
	if (*pos < len && (s[*pos] == ')' || s[*pos] == ']'))
		r->upper_infinite = 1;
	else if (!ladder_parse_number(s, len, pos, &r->upper, err))
		return false;
	skip_blanks(s, len, pos);
	if (*pos >= len || (s[*pos] != ')' && s[*pos] != ']'))
		return text_fail(err, PARSE_SYNTAX, *pos, *pos < len && !is_separator(s[*pos]),
						 "expected ')' or ']' to close the range");
	r->upper_inclusive = s[*pos] == ']';
	(*pos)++;
	if (range_backwards(r))
		return text_fail(err, PARSE_VALUE, start, *pos - start, "the range is empty or runs backwards");
	return true;
}

/* Limits of parameters whose range means something. */
static const char *
parameter_problem(const RuleEntry *e)
{
	/*
	 * Every parameter is an amount of CNY, points, months or a share: none
	 * means anything past a million, and a larger one is a typing error
	 */
	if (e->value > RULE_PARAMETER_MAX)
		return "a parameter is at most 1000000";
	if (strcmp(e->name, "field_notice_by_start") == 0 && e->value != 0 && e->value != LADDER_SCALE)
		return "field_notice_by_start is 0 or 1";
	if (strcmp(e->name, "punch_each_window") == 0 && e->value != 0 && e->value != LADDER_SCALE)
		return "punch_each_window is 0 or 1";
	if (strcmp(e->name, "team_attendance_min") == 0 && e->value > LADDER_SCALE)
		return "team_attendance_min is a share, from 0 to 1";
	if ((strcmp(e->name, "score_unpaid_months") == 0 || strcmp(e->name, "score_adjust_max") == 0) &&
		e->value % LADDER_SCALE != 0)
		return "a number of months or points is whole";
	return NULL;
}

/* ------------------------------------------------------------ parsing */

static bool
parse_entry(const char *s, size_t len, size_t *pos, RuleEntry *e, LadderStep *steps, ParseError *err)
{
	size_t		start = *pos;
	size_t		end = read_name(s, len, *pos);
	int			k;

	memset(e, 0, sizeof(*e));
	e->measure = -1;
	if (end == *pos)
		return text_fail(err, PARSE_SYNTAX, *pos, 1, "expected a rule such as late, count, forgive, incident or a parameter");

	if (word_is(s, *pos, end, "count") || word_is(s, *pos, end, "forgive"))
	{
		e->type = word_is(s, *pos, end, "count") ? RULE_COUNT : RULE_FORGIVE;
		*pos = end;
		skip_blanks(s, len, pos);
		if (e->type == RULE_COUNT && word_is(s, *pos, read_name(s, len, *pos), "incident"))
		{
			/* CP-9: the n-th incident of one kind, possibly over several months */
			size_t		w;

			*pos = read_name(s, len, *pos);
			skip_blanks(s, len, pos);
			w = read_name(s, len, *pos);
			if (w == *pos)
				return text_fail(err, PARSE_SYNTAX, *pos, *pos < len && !is_separator(s[*pos]),
								 "expected the name of the incident counted, e.g. valid_complaint");
			if (w - *pos >= RULE_NAME_LEN)
				return text_fail(err, PARSE_VALUE, *pos, w - *pos, "an incident name has at most 31 characters");
			memcpy(e->name, s + *pos, w - *pos);
			e->counts = COUNTS_INCIDENT;
			*pos = w;
		}
		else
			for (;;)
			{
				size_t		w;

				skip_blanks(s, len, pos);
				w = read_name(s, len, *pos);
				if ((k = find_name(rule_type_names, RULE_ABSENCE + 1, s, *pos, w)) >= 0)
					e->counts |= 1u << k;
				else if ((k = find_name(rule_class_names, CLASS_COUNT, s, *pos, w)) >= 0)
					e->counts |= COUNTS_CLASS(k);
				else
					return text_fail(err, PARSE_SYNTAX, *pos, w > *pos ? w - *pos : (*pos < len && !is_separator(s[*pos])),
									 e->type == RULE_COUNT
									 ? "counts late, early, away, missing_punch, absence, a class (minor, moderate, serious) or incident <name>"
									 : "forgives late, early, away, missing_punch, absence or a class (minor, moderate, serious)");
				*pos = w;
				skip_blanks(s, len, pos);
				if (*pos < len && s[*pos] == '+')
				{
					(*pos)++;
					continue;
				}
				break;
			}
		skip_blanks(s, len, pos);
		{
			size_t		w = read_name(s, len, *pos);

			if (word_is(s, *pos, w, "within"))
			{
				*pos = w;
				skip_blanks(s, len, pos);
				if (!parse_range(s, len, pos, &e->within, err))
					return false;
				skip_blanks(s, len, pos);
			}
		}
		{
			size_t		w = read_name(s, len, *pos);

			if (word_is(s, *pos, w, "over"))
			{
				size_t		nstart;
				int64_t		n;

				if (e->counts != COUNTS_INCIDENT)
					return text_fail(err, PARSE_VALUE, *pos, w - *pos,
									 "only a count of incidents looks back over several months");
				*pos = w;
				skip_blanks(s, len, pos);
				nstart = *pos;
				if (!ladder_parse_number(s, len, pos, &n, err))
					return false;
				if (n % LADDER_SCALE != 0 || n < LADDER_SCALE || n > (int64_t) RULE_MAX_MONTHS * LADDER_SCALE)
					return text_fail(err, PARSE_VALUE, nstart, *pos - nstart, "a count looks back 1 to 120 whole months");
				e->months = n == LADDER_SCALE ? 0 : (int32_t) (n / LADDER_SCALE);
				skip_blanks(s, len, pos);
				w = read_name(s, len, *pos);
				if (!word_is(s, *pos, w, "months") && !word_is(s, *pos, w, "month"))
					return text_fail(err, PARSE_SYNTAX, *pos, w > *pos ? w - *pos : (*pos < len && !is_separator(s[*pos])),
									 "expected months after over n");
				*pos = w;
			}
		}
	}
	else if (word_is(s, *pos, end, "incident"))
	{
		size_t		w;

		e->type = RULE_INCIDENT;
		*pos = end;
		skip_blanks(s, len, pos);
		w = read_name(s, len, *pos);
		if (w == *pos)
			return text_fail(err, PARSE_SYNTAX, *pos, *pos < len && !is_separator(s[*pos]),
							 "expected the name of the incident, e.g. lost_card");
		if (w - *pos >= RULE_NAME_LEN)
			return text_fail(err, PARSE_VALUE, *pos, w - *pos, "an incident name has at most 31 characters");
		memcpy(e->name, s + *pos, w - *pos);
		*pos = w;
	}
	else if ((k = find_name(rule_type_names, RULE_CONSECUTIVE_ABSENCE + 1, s, *pos, end)) >= 0)
	{
		e->type = (int16_t) k;
		*pos = end;
	}
	else if ((k = find_name(rule_parameter_names, PARAM_COUNT, s, *pos, end)) >= 0)
	{
		e->type = RULE_PARAMETER;
		memcpy(e->name, rule_parameter_names[k], strlen(rule_parameter_names[k]));
		*pos = end;
	}
	else
		return text_fail(err, PARSE_SYNTAX, *pos, end - *pos,
						 "unknown rule (see the type's comment for the subjects and parameters)");

	/* a class, for what count rules may count by class */
	skip_blanks(s, len, pos);
	{
		size_t		w = read_name(s, len, *pos);

		if (w > *pos && (k = find_name(rule_class_names, CLASS_COUNT, s, *pos, w)) >= 0)
		{
			if (e->type > RULE_ABSENCE && e->type != RULE_INCIDENT)
				return text_fail(err, PARSE_VALUE, *pos, w - *pos,
								 "only late, early, away, missing_punch, absence and incidents have a class");
			e->rule_class = (int16_t) k;
			*pos = w;
			skip_blanks(s, len, pos);
		}
	}
	if (*pos < len && s[*pos] == '(')
	{
		if (!parse_rule_ids(s, len, pos, e->rule_ids, err))
			return false;
		skip_blanks(s, len, pos);
	}
	if (*pos >= len || s[*pos] != '=')
		return text_fail(err, PARSE_SYNTAX, *pos, *pos < len && !is_separator(s[*pos]),
						 "expected '=' before the ladder or number of the rule");
	(*pos)++;
	skip_blanks(s, len, pos);

	if (type_measure[e->type] == -2)
	{
		size_t		vstart = *pos;

		if (!ladder_parse_number(s, len, pos, &e->value, err))
			return false;
		if (e->value < 0)
			return text_fail(err, PARSE_VALUE, vstart, *pos - vstart, "a rule's number is not negative");
		if (e->type == RULE_PARAMETER && parameter_problem(e))
			return text_fail(err, PARSE_VALUE, vstart, *pos - vstart, parameter_problem(e));
		if (e->type == RULE_FORGIVE && e->value % LADDER_SCALE != 0)
			return text_fail(err, PARSE_VALUE, vstart, *pos - vstart, "how many are forgiven is a whole number");
	}
	else
	{
		static LadderSpec ladder;	/* 5 kB: not on the stack */
		size_t		lstart = *pos;

		if (!ladder_parse_until(s, len, pos, "\n|", &ladder, err))
			return false;
		if (type_measure[e->type] >= 0 && ladder.measure != type_measure[e->type])
			return text_fail(err, PARSE_VALUE, lstart, *pos - lstart,
							 e->type == RULE_LATE || e->type == RULE_EARLY || e->type == RULE_AWAY
							 ? "late, early and away are ladders over minutes"
							 : e->type == RULE_MISSING_PUNCH || e->type == RULE_COUNT
							 ? "missing_punch and count rules are ladders over occurrences"
							 : "absence rules are ladders over days");
		if (e->type != RULE_LATE && e->type != RULE_EARLY && e->type != RULE_AWAY)
			for (int i = 0; i < ladder.nsteps; i++)
				if (ladder.steps[i].outcome.flags & FLAG_ABSENCE)
					return text_fail(err, PARSE_VALUE, lstart, *pos - lstart,
									 "only late, early and away turn their minutes into absence");
		e->measure = ladder.measure;
		e->nsteps = ladder.nsteps;
		memcpy(steps, ladder.steps, sizeof(LadderStep) * ladder.nsteps);
	}
	skip_blanks(s, len, pos);
	if (*pos < len && !is_separator(s[*pos]))
		return text_fail(err, PARSE_SYNTAX, *pos, 1, "expected a new line or '|' before the next rule");
	(void) start;
	return true;
}

static int	entry_compare(const RuleEntry *a, const RuleEntry *b);

bool
rulebook_parse(const char *s, size_t len, RulebookSpec *out, ParseError *err)
{
	size_t		pos = 0;

	out->nentries = 0;
	for (;;)
	{
		size_t		start;

		while (pos < len && (text_is_space(s[pos]) || s[pos] == '|'))
			pos++;
		if (pos >= len)
			break;
		start = pos;
		if (out->nentries == RULEBOOK_MAX_ENTRIES)
			return text_fail(err, PARSE_VALUE, pos, 1, "a rulebook has at most 128 rules");
		if (!parse_entry(s, len, &pos, &out->entries[out->nentries].head,
						 out->entries[out->nentries].steps, err))
			return false;
		for (int i = 0; i < out->nentries; i++)
			if (entry_compare(&out->entries[i].head, &out->entries[out->nentries].head) == 0)
				return text_fail(err, PARSE_VALUE, start, pos - start, "a rule is given twice");
		out->nentries++;
	}
	if (out->nentries == 0)
		return text_fail(err, PARSE_SYNTAX, 0, 0, "a rulebook has at least one rule");
	/* canonical order: sort the entries (insertion sort, at most 128) */
	for (int i = 1; i < out->nentries; i++)
	{
		int			j = i;

		while (j > 0 && entry_compare(&out->entries[j - 1].head, &out->entries[j].head) > 0)
		{
			__typeof__(out->entries[0]) tmp;

			memcpy(&tmp, &out->entries[j], sizeof(tmp));
			memcpy(&out->entries[j], &out->entries[j - 1], sizeof(tmp));
			memcpy(&out->entries[j - 1], &tmp, sizeof(tmp));
			j--;
		}
	}
	/* the checks binary input runs: one validator for both */
	{
		const char *problem;

		if (!rulebook_validate(out, &problem))
			return text_fail(err, PARSE_VALUE, 0, len, problem);
	}
	return true;
}

/* ---------------------------------------------------------- ordering */

static int
cmp64(int64_t a, int64_t b)
{
	return a < b ? -1 : a > b;
}

/* Entries with the same subject compare equal: a rulebook has one of each. */
static int
entry_compare(const RuleEntry *a, const RuleEntry *b)
{
	int			c;

	if (a->type != b->type)
		return a->type < b->type ? -1 : 1;
	if ((c = strncmp(a->name, b->name, RULE_NAME_LEN)) != 0)
		return c;
	if (a->counts != b->counts)
		return a->counts < b->counts ? -1 : 1;
	if (a->within.present != b->within.present)
		return a->within.present < b->within.present ? -1 : 1;
	if (!a->within.present)
		return 0;
	if ((c = cmp64(a->within.lower, b->within.lower)) != 0)
		return c;
	if (a->within.lower_inclusive != b->within.lower_inclusive)
		return a->within.lower_inclusive > b->within.lower_inclusive ? -1 : 1;
	if (a->within.upper_infinite != b->within.upper_infinite)
		return a->within.upper_infinite < b->within.upper_infinite ? -1 : 1;
	if (!a->within.upper_infinite && (c = cmp64(a->within.upper, b->within.upper)) != 0)
		return c;
	if (a->within.upper_inclusive != b->within.upper_inclusive)
		return a->within.upper_inclusive < b->within.upper_inclusive ? -1 : 1;
	return 0;
}

/* -------------------------------------------------------- validation */

static bool
entry_problem(const RuleEntry *e, const char **message)
{
	const char *ladder_message;
	int			expected;

	if (e->type < 0 || e->type >= RULE_TYPE_COUNT || e->rule_class < 0 || e->rule_class >= CLASS_COUNT)
		return (*message = "unknown kind of rule", false);
	if (e->name[RULE_NAME_LEN - 1] != '\0' || e->rule_ids[RULE_IDS_LEN - 1] != '\0')
		return (*message = "a name is not terminated", false);
	for (size_t i = strlen(e->name); i < RULE_NAME_LEN; i++)
		if (e->name[i] != '\0')
			return (*message = "a rule is not canonical", false);
	for (size_t i = strlen(e->rule_ids); i < RULE_IDS_LEN; i++)
		if (e->rule_ids[i] != '\0')
			return (*message = "a rule is not canonical", false);
	if (!rule_ids_canonical(e->rule_ids))
		return (*message = "a rule ID is not one such as AT-1 (SH, AT, LV, CP, PR or SEC, '-', 1 to 9999)", false);
	if (e->type == RULE_PARAMETER)
	{
		if (find_name(rule_parameter_names, PARAM_COUNT, e->name, 0, strlen(e->name)) < 0)
			return (*message = "unknown parameter", false);
	}
	else if ((e->type == RULE_INCIDENT || e->counts == COUNTS_INCIDENT) != (e->name[0] != '\0'))
		return (*message = "incidents, and only they, counts of them and parameters, have names", false);
	if (e->name[0] != '\0' && e->type != RULE_PARAMETER)
		for (const char *c = e->name; *c; c++)
			if (!is_name_char(*c) || (c == e->name && !is_name_start(*c)))
				return (*message = "an incident name is lower-case letters, digits and _", false);
	if ((e->type == RULE_COUNT || e->type == RULE_FORGIVE) != (e->counts != 0))
		return (*message = "count and forgive rules, and only they, count something", false);
	if ((e->counts & ~(COUNTS_EVENTS | COUNTS_CLASSES | COUNTS_INCIDENT)) != 0 ||
		((e->counts & COUNTS_INCIDENT) && (e->counts != COUNTS_INCIDENT || e->type != RULE_COUNT)))
		return (*message = "unknown counted kind", false);
	if (e->reserved != 0 || e->months < 0 || e->months == 1 || e->months > RULE_MAX_MONTHS ||
		(e->months != 0 && e->counts != COUNTS_INCIDENT))
		return (*message = "a period of months is not canonical", false);
	if (e->within.present > 1 || e->within.lower_inclusive > 1 || e->within.upper_inclusive > 1 ||
		e->within.upper_infinite > 1 || e->within.reserved != 0 ||
		(!e->within.present && (e->within.lower | e->within.upper | e->within.lower_inclusive |
								e->within.upper_inclusive | e->within.upper_infinite)) ||
		(e->within.present && e->type != RULE_COUNT && e->type != RULE_FORGIVE) ||
		(e->within.upper_infinite && e->within.upper != 0) ||
		(e->within.present && (range_backwards(&e->within) || e->within.lower > LADDER_NUMBER_MAX ||
							   e->within.upper > LADDER_NUMBER_MAX)))
		return (*message = "a range is not canonical (or is empty, runs backwards or is out of range)", false);
	if (e->rule_class != CLASS_NONE && e->type > RULE_ABSENCE && e->type != RULE_INCIDENT)
		return (*message = "only late, early, away, missing_punch, absence and incidents have a class", false);
	expected = type_measure[e->type];
	if (expected == -2)
	{
		if (e->nsteps != 0 || e->measure != -1 || e->value < 0 || e->value > LADDER_NUMBER_MAX ||
			(e->type == RULE_FORGIVE && e->value % LADDER_SCALE != 0))
			return (*message = "a number rule is not canonical", false);
		if (e->type == RULE_PARAMETER && parameter_problem(e))
			return (*message = parameter_problem(e), false);
		return true;
	}
	if (e->value != 0)
		return (*message = "a ladder rule is not canonical", false);
	if ((expected >= 0 && e->measure != expected) || e->nsteps < 1)
		return (*message = "a rule has the wrong kind of ladder", false);
	if (!ladder_validate_ref(rule_ladder(e), &ladder_message))
		return (*message = ladder_message, false);
	if (e->type != RULE_LATE && e->type != RULE_EARLY && e->type != RULE_AWAY)
		for (int i = 0; i < e->nsteps; i++)
			if (rule_steps(e)[i].outcome.flags & FLAG_ABSENCE)
				return (*message = "only late, early and away turn their minutes into absence", false);
	return true;
}

bool
rulebook_validate(const RulebookSpec *book, const char **message)
{
	if (book->nentries < 1 || book->nentries > RULEBOOK_MAX_ENTRIES)
		return (*message = "a rulebook has 1 to 128 rules", false);
	for (int i = 0; i < book->nentries; i++)
	{
		if (!entry_problem(&book->entries[i].head, message))
			return false;
		if (i > 0 && entry_compare(&book->entries[i - 1].head, &book->entries[i].head) >= 0)
			return (*message = "rules are not in canonical order, or one is given twice", false);
	}
	return true;
}

/* ------------------------------------------------------- packed form */

size_t
rulebook_packed_size(const RulebookSpec *book)
{
	size_t		size = 0;

	for (int i = 0; i < book->nentries; i++)
		size += rule_entry_size(book->entries[i].head.nsteps);
	return size;
}

void
rulebook_pack(const RulebookSpec *book, void *dst)
{
	char	   *at = dst;

	for (int i = 0; i < book->nentries; i++)
	{
		size_t		size = rule_entry_size(book->entries[i].head.nsteps);

		memcpy(at, &book->entries[i], size);
		at += size;
	}
}

bool
rulebook_read(const void *src, size_t size, int nentries, RulebookRef *out, const char **message)
{
	const char *at = src;
	const char *end = at + size;

	if (nentries < 1 || nentries > RULEBOOK_MAX_ENTRIES)
		return (*message = "a rulebook has 1 to 128 rules", false);
	out->nentries = nentries;
	for (int i = 0; i < nentries; i++)
	{
		const RuleEntry *e = (const RuleEntry *) (const void *) at;

		if ((size_t) (end - at) < sizeof(RuleEntry) || e->nsteps < 0 || e->nsteps > LADDER_MAX_STEPS ||
			(size_t) (end - at) < rule_entry_size(e->nsteps))
			return (*message = "the rules do not fit the value", false);
		out->entries[i] = e;
		at += rule_entry_size(e->nsteps);
	}
	if (at != end)
		return (*message = "the value is longer than its rules", false);
	return true;
}

void
rulebook_spec_of(const RulebookRef *book, RulebookSpec *out)
{
	out->nentries = book->nentries;
	for (int i = 0; i < book->nentries; i++)
		memcpy(&out->entries[i], book->entries[i], rule_entry_size(book->entries[i]->nsteps));
}

bool
rulebook_merge(const RulebookRef *base, const RulebookRef *over, RulebookSpec *out, const char **message)
{
	int			i = 0,
				j = 0;

	/* both are sorted: merge, the override winning on equal subjects */
	out->nentries = 0;
	while (i < base->nentries || j < over->nentries)
	{
		const RuleEntry *e;
		int			c;

		if (i == base->nentries)
			c = 1;
		else if (j == over->nentries)
			c = -1;
		else
			c = entry_compare(base->entries[i], over->entries[j]);
		if (c < 0)
			e = base->entries[i++];
		else
		{
			e = over->entries[j++];
			if (c == 0)
				i++;
		}
		if (out->nentries == RULEBOOK_MAX_ENTRIES)
			return (*message = "a rulebook has at most 128 rules", false);
		memcpy(&out->entries[out->nentries++], e, rule_entry_size(e->nsteps));
	}
	return true;
}

const RuleEntry *
rulebook_find(const RulebookRef *book, int type, const char *name)
{
	for (int i = 0; i < book->nentries; i++)
	{
		const RuleEntry *e = book->entries[i];

		if (e->type == type && (name == NULL || strncmp(e->name, name, RULE_NAME_LEN) == 0))
			return e;
	}
	return NULL;
}

int
rulebook_window_months(const RulebookRef *book)
{
	int			months = 1;

	for (int i = 0; i < book->nentries; i++)
		if (book->entries[i]->months > months)
			months = book->entries[i]->months;
	return months;
}

bool
rulebook_parameter(const RulebookRef *book, RuleParameter p, int64_t *value)
{
	const RuleEntry *e = rulebook_find(book, RULE_PARAMETER, rule_parameter_names[p]);

	if (e == NULL)
		return false;
	*value = e->value;
	return true;
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
put_range(TextOut *o, const RuleRange *r)
{
	text_put(o, r->lower_inclusive ? "[" : "(");
	put_number(o, r->lower);
	text_put(o, ",");
	if (!r->upper_infinite)
		put_number(o, r->upper);
	text_put(o, r->upper_inclusive ? "]" : ")");
}

static void
put_subject(TextOut *o, const RuleEntry *e)
{
	switch (e->type)
	{
		case RULE_COUNT:
		case RULE_FORGIVE:
			{
				bool		first = true;

				text_put(o, rule_type_names[e->type]);
				text_put(o, " ");
				if (e->counts == COUNTS_INCIDENT)
				{
					text_put(o, "incident ");
					text_put(o, e->name);
				}
				for (int k = 0; k <= RULE_ABSENCE; k++)
					if (e->counts & (1u << k))
					{
						if (!first)
							text_put(o, "+");
						text_put(o, rule_type_names[k]);
						first = false;
					}
				for (int c = CLASS_MINOR; c < CLASS_COUNT; c++)
					if (e->counts & COUNTS_CLASS(c))
					{
						if (!first)
							text_put(o, "+");
						text_put(o, rule_class_names[c]);
						first = false;
					}
				if (e->within.present)
				{
					text_put(o, " within ");
					put_range(o, &e->within);
				}
				if (e->months)
				{
					text_put(o, " over ");
					put_number(o, (int64_t) e->months * LADDER_SCALE);
					text_put(o, " months");
				}
				break;
			}
		case RULE_INCIDENT:
			text_put(o, "incident ");
			text_put(o, e->name);
			break;
		case RULE_PARAMETER:
			text_put(o, e->name);
			break;
		default:
			text_put(o, rule_type_names[e->type]);
	}
	if (e->rule_class != CLASS_NONE)
	{
		text_put(o, " ");
		text_put(o, rule_class_names[e->rule_class]);
	}
}

size_t
rule_subject_format(const RuleEntry *e, char *buf, size_t buflen)
{
	TextOut			o = {buf, buflen, 0};

	put_subject(&o, e);
	if (buflen > 0)
		buf[o.at < buflen ? o.at : buflen - 1] = '\0';
	return o.at;
}

size_t
rulebook_format(const RulebookRef *book, char *buf, size_t buflen)
{
	TextOut			o = {buf, buflen, 0};

	for (int i = 0; i < book->nentries; i++)
	{
		const RuleEntry *e = book->entries[i];

		if (i > 0)
			text_put(&o, "\n");
		put_subject(&o, e);
		if (e->rule_ids[0] != '\0')
		{
			text_put(&o, " (");
			text_put(&o, e->rule_ids);
			text_put(&o, ")");
		}
		text_put(&o, " = ");
		if (e->nsteps > 0)
		{
			size_t		n = ladder_format_ref(rule_ladder(e), o.at < buflen ? buf + o.at : NULL,
											  o.at < buflen ? buflen - o.at : 0);

			o.at += n;
		}
		else
			put_number(&o, e->value);
	}
	if (buflen > 0)
		buf[o.at < buflen ? o.at : buflen - 1] = '\0';
	return o.at;
}

/* ----------------------------------------------------------- AT-5 */

static const char *
measure_unit(int measure, int64_t x)
{
	bool		one = x == LADDER_SCALE;

	switch (measure)
	{
		case MEASURE_MINUTES:
			return one ? " minute" : " minutes";
		case MEASURE_OCCURRENCES:
			return one ? " time" : " times";
		case MEASURE_DAYS:
			return one ? " day" : " days";
		case MEASURE_POINTS:
			return one ? " point" : " points";
		default:
			return " CNY";
	}
}

/* "(10,30] 50", or "nothing" below the first step */
static void
step_at(LadderRef l, int64_t x, char *buf, size_t buflen)
{
	int			i = ladder_find(l, x);

	if (i < 0)
		snprintf(buf, buflen, "nothing");
	else
		ladder_format_step(l, i, buf, buflen);
}

bool
rulebook_at_least(const RulebookRef *a, const RulebookRef *b, char *why, size_t whylen)
{
	char		subject[160];
	char		x_text[32];
	char		step_a[256];
	char		step_b[256];
	int64_t		witness;

	for (int j = 0; j < b->nentries; j++)
	{
		const RuleEntry *eb = b->entries[j];
		const RuleEntry *ea = NULL;

		for (int i = 0; i < a->nentries; i++)
			if (entry_compare(a->entries[i], eb) == 0)
				ea = a->entries[i];
		rule_subject_format(eb, subject, sizeof(subject));
		if (eb->type == RULE_PARAMETER)
		{
			int			p = find_name(rule_parameter_names, PARAM_COUNT, eb->name, 0, strlen(eb->name));
			int			dir = p >= 0 ? parameter_strictness[p] : 0;
			int64_t		va = ea ? ea->value : 0;

			if (dir == 0)
				continue;
			if (ea == NULL || (dir > 0 && va < eb->value) || (dir < 0 && va > eb->value))
			{
				char		vb[32];

				ladder_format_number(eb->value, vb, sizeof(vb));
				ladder_format_number(va, x_text, sizeof(x_text));
				snprintf(why, whylen, "%s is %s where the parent's is %s (%s)",
						 subject, ea ? x_text : "not set", vb, eb->rule_ids);
				return false;
			}
			continue;
		}
		if (eb->type == RULE_FORGIVE)
		{
			if (ea == NULL || ea->value <= eb->value)
				continue;
			ladder_format_number(ea->value, x_text, sizeof(x_text));
			ladder_format_number(eb->value, step_b, sizeof(step_b));
			snprintf(why, whylen, "%s: it forgives %s where the parent forgives %s (%s)",
					 subject, x_text, step_b, eb->rule_ids);
			return false;
		}
		if (ea == NULL)
		{
			snprintf(why, whylen, "it has no rule %s where the parent has one (%s)", subject, eb->rule_ids);
			return false;
		}
		if (eb->counts == COUNTS_INCIDENT && (ea->months ? ea->months : 1) < (eb->months ? eb->months : 1))
		{
			snprintf(why, whylen, "%s: it counts over %d month%s where the parent counts over %d (%s)", subject,
					 ea->months ? ea->months : 1, ea->months > 1 ? "s" : "", eb->months ? eb->months : 1, eb->rule_ids);
			return false;
		}
		if (ea->measure != eb->measure)
		{
			snprintf(why, whylen, "%s is a ladder over %s where the parent's is over %s (%s)", subject,
					 ladder_measure_names[ea->measure], ladder_measure_names[eb->measure], eb->rule_ids);
			return false;
		}
		if (!ladder_dominates(rule_ladder(ea), rule_ladder(eb), &witness))
		{
			ladder_format_number(witness, x_text, sizeof(x_text));
			step_at(rule_ladder(ea), witness, step_a, sizeof(step_a));
			step_at(rule_ladder(eb), witness, step_b, sizeof(step_b));
			snprintf(why, whylen, "%s: at %s%s it charges %s where the parent charges %s (%s)", subject,
					 x_text, measure_unit(eb->measure, witness), step_a, step_b, eb->rule_ids);
			return false;
		}
	}
	/* forgiving what the parent does not forgive is more lenient too */
	for (int i = 0; i < a->nentries; i++)
	{
		const RuleEntry *ea = a->entries[i];
		bool		found = false;

		if (ea->type != RULE_FORGIVE || ea->value == 0)
			continue;
		for (int j = 0; j < b->nentries; j++)
			if (entry_compare(ea, b->entries[j]) == 0)
				found = true;
		if (!found)
		{
			rule_subject_format(ea, subject, sizeof(subject));
			snprintf(why, whylen, "%s: it forgives what the parent does not", subject);
			return false;
		}
	}
	return true;
}

void
rulebook_encode(WireOut *o, const RulebookRef *book)
{
	wire_put_int32(o, book->nentries);
	for (int i = 0; i < book->nentries; i++)
	{
		const RuleEntry *e = book->entries[i];

		wire_put_int16(o, e->type);
		wire_put_int16(o, e->rule_class);
		wire_put_int32(o, (int32_t) e->counts);
		wire_put_string(o, e->name);
		wire_put_string(o, e->rule_ids);
		wire_put_int64(o, e->value);
		wire_put_int64(o, e->within.lower);
		wire_put_int64(o, e->within.upper);
		wire_put_byte(o, e->within.lower_inclusive);
		wire_put_byte(o, e->within.upper_inclusive);
		wire_put_byte(o, e->within.upper_infinite);
		wire_put_byte(o, e->within.present);
		wire_put_int32(o, e->measure);
		wire_put_int32(o, e->months);
		wire_put_int32(o, e->nsteps);
		ladder_encode_steps(o, rule_ladder(e));
	}
}

/* A rule's name or rule IDs: a string that fits dst with its NUL. */
static bool
decode_name(WireReader *r, char *dst, size_t size, const char *what, WireError *err)
{
	const char *s = wire_get_string(r, size - 1);

	if (!wire_check_end(r, "rulebook", err))
		return false;
	if (s == NULL)
		return wire_fail(err, WIRE_INVALID, "A rule's %s has at most %d bytes.", what, (int) size - 1);
	memset(dst, 0, size);
	memcpy(dst, s, strlen(s));
	return true;
}

/* Reads a rulebook and runs the text input's checks on it. */
bool
rulebook_decode(WireReader *r, RulebookSpec *out, WireError *err)
{
	const char *problem;

	memset(out, 0, sizeof(RulebookSpec));
	out->nentries = wire_get_int32(r);
	if (!wire_check_end(r, "rulebook", err))
		return false;
	if (out->nentries < 1 || out->nentries > RULEBOOK_MAX_ENTRIES)
		return wire_fail(err, WIRE_INVALID, "A rulebook has 1 to %d rules, not %d.",
						 RULEBOOK_MAX_ENTRIES, out->nentries);
	for (int i = 0; i < out->nentries; i++)
	{
		RuleEntry  *e = &out->entries[i].head;

		e->type = wire_get_int16(r);
		e->rule_class = wire_get_int16(r);
		e->counts = (uint32_t) wire_get_int32(r);
		if (!decode_name(r, e->name, sizeof(e->name), "name", err) ||
			!decode_name(r, e->rule_ids, sizeof(e->rule_ids), "rule IDs", err))
			return false;
		e->value = wire_get_int64(r);
		e->within.lower = wire_get_int64(r);
		e->within.upper = wire_get_int64(r);
		e->within.lower_inclusive = wire_get_byte(r);
		e->within.upper_inclusive = wire_get_byte(r);
		e->within.upper_infinite = wire_get_byte(r);
		e->within.present = wire_get_byte(r);
		e->measure = wire_get_int32(r);
		e->months = wire_get_int32(r);
		e->nsteps = wire_get_int32(r);
		if (!wire_check_end(r, "rulebook", err))
			return false;
		if (e->nsteps < 0 || e->nsteps > LADDER_MAX_STEPS)
			return wire_fail(err, WIRE_INVALID, "A rule's ladder has 0 to %d steps, not %d.",
							 LADDER_MAX_STEPS, e->nsteps);
		if (!ladder_decode_steps(r, out->entries[i].steps, e->nsteps, err))
			return false;
	}
	if (!rulebook_validate(out, &problem))
		return wire_fail(err, WIRE_INVALID, "The value is not a valid rulebook: %s.", problem);
	return true;
}
