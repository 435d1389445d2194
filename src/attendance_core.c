/*
 * attendance_core.c
 *		The attendance engine (attendance_core.h): one employee's attendance
 *		period (AT-15), judged shift by shift and incident by incident under
 *		the rulebook in force on each day, then the rules of the whole period.
 *		The shifts of the days before the period are judged silently first,
 *		for the run of missed shifts it starts with (AT-9) and a training
 *		that goes on (AT-16).
 *
 * For each shift whose sign-out window is over:
 *	- an approved exception excuses it (AT-8); a field worker's call after
 *	  the start is a late where the rulebook says so (AT-11);
 *	- approved leave covers it, unless the shift came from a swap (SH-8),
 *	  the leave was taken on a false reason (LV-5), the person did during
 *	  it what its type rules out (LV-7) or it is sick leave without its
 *	  documents after return (LV-3): then it is a day's absence;
 *	- no punch at all is a day's absence; a missing punch is an event of
 *	  its own (AT-4, AT-6), and the lateness or early leave it hides is not
 *	  measured;
 *	- late, early and away minutes go through their ladders (AT-1, AT-6,
 *	  AT-7, AT-8). A step that forgives (AT-7), turns the minutes into
 *	  absence (AT-1, AT-8) or charges; only charged events are counted by
 *	  the count rules (AT-2, AT-9, AT-11, AT-13): "a lateness that became an
 *	  absence is not counted again as a late".
 * Incidents recorded by people go through their own ladders, the n-th of a
 * kind in the period where the ladder counts occurrences (AT-7, AT-11,
 * AT-12, AT-13); a count of one kind of incident may look back over the
 * months before (CP-9). A trainee's unexcused late or absence that crosses
 * a limit ends the onboarding training (AT-16). Then the period: absence
 * days against month_absence (AT-3 instead of the per-absence charges when
 * more, AT-9 flags), every run of missed shifts at the highest step it
 * reached (AT-9), the full-attendance bonus (AT-6) and the points score
 * with its pay (AT-13, AT-14).
 *
 * Every line says what was measured, which step applied, the arithmetic,
 * the rule IDs and the policy version.
 */
#include "attendance_core.h"
#include "calendar_core.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

/*
 * Explanations are built with snprintf into fixed buffers and cut there on
 * purpose (a line of explanation has at most ATT_LINE_TEXT bytes); GCC's
 * guesses at truncation are noise here.
 */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wformat-truncation"
#endif

const char *const att_line_kind_names[LINE_KIND_COUNT] = {
	"late", "early", "away", "missing_punch", "absence", "month_absence", "consecutive_absence",
	"count", "forgiven", "incident", "full_attendance", "adjustment", "score", "training", "overtime"
};

#define SCALE		LADDER_SCALE
#define MAX_COUNTERS 256
#define MAX_RUN		64			/* the days of a run of missed shifts that are kept */
#define MAX_RUNS	32			/* runs of missed shifts in one period */

/* A run of missed shifts in a row (AT-9): its length and the days of its shifts. */
typedef struct Run
{
	int32_t		length;
	int32_t		days[MAX_RUN];
} Run;

/* ------------------------------------------------------------ measures */

static int64_t
overlap(int64_t a, int64_t b, int64_t c, int64_t d)
{
	int64_t		lo = a > c ? a : c;
	int64_t		hi = b < d ? b : d;

	return hi > lo ? hi - lo : 0;
}

static int64_t
shift_start(const AttShift *s)
{
	return s->windows[0][0];
}

static int64_t
shift_end(const AttShift *s)
{
	return s->windows[s->nwindows - 1][1];
}

bool
att_shift_judged(const AttShift *shift, int64_t window, int64_t as_of)
{
	return shift_end(shift) + window <= as_of;
}

/*
 * A sign-in belongs to a shift from window before its start until its end,
 * a sign-out from its start until window after its end. Lateness is
 * measured at the first start and early leave at the last end (a split
 * shift is judged as a whole); time away runs from a sign-out inside the
 * shift to the next sign-in, counting only the shift's windows, so the
 * break of a split shift is not time away.
 */
void
att_measure_shift(const AttShift *s, const AttPunch *p, int n, int64_t window, AttMeasure *m)
{
	int64_t		start = shift_start(s);
	int64_t		end = shift_end(s);
	int64_t		away = 0;
	int64_t		away_from = -1;
	int			lo = 0,
				hi = n;

	memset(m, 0, sizeof(*m));
	for (int w = 0; w < s->nwindows; w++)
		m->worked_minutes += (int32_t) ((s->windows[w][1] - s->windows[w][0]) / ATT_USECS_PER_MINUTE);

	/* the punches from window before the start: binary search */
	while (lo < hi)
	{
		int			mid = lo + (hi - lo) / 2;

		if (p[mid].at < start - window)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (int i = lo; i < n && p[i].at <= end + window; i++)
	{
		if (p[i].in)
		{
			if (p[i].at < end && !m->has_in)
			{
				m->has_in = true;
				m->first_in = p[i].at;
			}
			if (away_from >= 0 && p[i].at < end)
			{
				for (int w = 0; w < s->nwindows; w++)
					away += overlap(away_from, p[i].at, s->windows[w][0], s->windows[w][1]);
				away_from = -1;
			}
		}
		else
		{
			if (p[i].at > start)
			{
				m->has_out = true;
				m->last_out = p[i].at;
			}
			/* the first sign-out of a time away starts it (a second one does not) */
			if (p[i].at > start && p[i].at < end && away_from < 0 && m->has_in)
				away_from = p[i].at;
		}
	}
	if (m->has_in && m->first_in > start)
		m->late_minutes = (int32_t) ((m->first_in - start) / ATT_USECS_PER_MINUTE);
	if (m->has_out && m->last_out < end)
		m->early_minutes = (int32_t) ((end - m->last_out) / ATT_USECS_PER_MINUTE);
	m->away_minutes = (int32_t) (away / ATT_USECS_PER_MINUTE);
}

int
att_policy_on(const AttInput *in, int32_t day)
{
	for (int i = 0; i < in->npolicies; i++)
		if (in->policies[i].valid_from <= day && day < in->policies[i].valid_until)
			return i;
	return -1;
}

/* ------------------------------------------------------------ numbers */

/* millionths as text, at most two decimals: 0.15625 -> "0.16" */
static void
format_short(int64_t v, char *buf, size_t len)
{
	int64_t		r = v >= 0 ? (v + 5000) / 10000 * 10000 : -((-v + 5000) / 10000 * 10000);

	ladder_format_number(r, buf, len);
}

/* millionths of CNY as "50.00" */
static void
format_money(int64_t v, char *buf, size_t len)
{
	int64_t		fen = v >= 0 ? (v + 5000) / 10000 : -((-v + 5000) / 10000);
	uint64_t	mag = fen < 0 ? (uint64_t) (-fen) : (uint64_t) fen;

	snprintf(buf, len, "%s%llu.%02llu", fen < 0 ? "-" : "", (unsigned long long) (mag / 100),
			 (unsigned long long) (mag % 100));
}

/* round millionths to whole fen, half away from zero */
static int64_t
round_fen(__int128 picos)
{
	/* picos: 10^-12 CNY */
	__int128	q = picos >= 0 ? (picos + 5000000000) / 10000000000 : -((-picos + 5000000000) / 10000000000);

	return (int64_t) (q * 10000);
}

void
att_format_money(int64_t millionths, char *buf, size_t len)
{
	format_money(millionths, buf, len);
}

int64_t
att_round_fen(__int128 picos)
{
	return round_fen(picos);
}

int64_t
att_shift_start(const AttShift *s)
{
	return shift_start(s);
}

int64_t
att_shift_end(const AttShift *s)
{
	return shift_end(s);
}

static const char *
ordinal_suffix(int64_t n)
{
	if (n % 100 >= 11 && n % 100 <= 13)
		return "th";
	switch (n % 10)
	{
		case 1:
			return "st";
		case 2:
			return "nd";
		case 3:
			return "rd";
		default:
			return "th";
	}
}

/* ---------------------------------------------------------- the month */

typedef struct Counter
{
	char		subject[160];
	int64_t		n;
} Counter;

typedef struct Month
{
	const AttInput *in;
	AttEmit		emit;
	void	   *arg;
	int			ncounters;
	int64_t		absence_days;	/* millionths */
	int64_t		absence_charged;	/* millionths of CNY charged per absence */
	bool		absence_from_pay;	/* ... and some of it in wages (SEC-2) */
	int64_t		points;			/* deducted (millionths) */
	int64_t		shift_absence;	/* days of absence of the shift being judged */
	int32_t		run;			/* shifts missed in a row */
	int32_t		run_days[MAX_RUN];	/* their work dates */
	int			nruns;			/* runs that ended in the period (runs[]) */
	bool		shift_excused;	/* of the shift being judged */
	bool		shift_on_leave;
	AttMeasure	shift_measure;
	int32_t		training_lates;	/* AT-16: unexcused, in the training */
	int32_t		training_absence;	/* minutes */
	bool		training_failed;
	int			faults;			/* anything that spoils full attendance */
	int			judged;
	int			pending;		/* shifts not judged yet */
	int			last_policy;
	int			seen;			/* shifts and incidents of the period */
	const char *error;
	/* last: only the first ncounters and nruns are in use, the rest is never cleared */
	Counter		counters[MAX_COUNTERS];
	Run			runs[MAX_RUNS];
} Month;

/* The run of missed shifts that just ended: kept to be judged with the period. */
static void
end_run(Month *mo)
{
	Run		   *r;

	if (mo->run == 0)
		return;
	if (mo->nruns < MAX_RUNS)
		r = &mo->runs[mo->nruns++];
	else
	{
		/* more runs than room: the shortest gives way, it reaches the lowest step if any */
		r = &mo->runs[0];
		for (int i = 1; i < MAX_RUNS; i++)
			if (mo->runs[i].length < r->length)
				r = &mo->runs[i];
		if (r->length >= mo->run)
		{
			mo->run = 0;
			return;
		}
	}
	r->length = mo->run;
	memcpy(r->days, mo->run_days, sizeof(int32_t) * (mo->run < MAX_RUN ? mo->run : MAX_RUN));
	mo->run = 0;
}

/* A month cleared for a new judgement: all but the counters not in use. */
#define CLEAR_MONTH(m) memset((m), 0, offsetof(Month, counters))

static int64_t *
counter(Month *mo, const char *subject)
{
	for (int i = 0; i < mo->ncounters; i++)
		if (strcmp(mo->counters[i].subject, subject) == 0)
			return &mo->counters[i].n;
	if (mo->ncounters == MAX_COUNTERS)
	{
		mo->error = "too many kinds of events in one month";
		return &mo->counters[0].n;
	}
	snprintf(mo->counters[mo->ncounters].subject, sizeof(mo->counters[0].subject), "%s", subject);
	mo->counters[mo->ncounters].n = 0;
	return &mo->counters[mo->ncounters++].n;
}

/*
 * What a step charges at measure x: the amount (whole fen), and the
 * arithmetic as text: "7 x 4 = 28.00", "3 x daily wage 240.00 = 720.00".
 */
static int64_t
charge(const Month *mo, AttLine *line, const LadderOutcome *o, int64_t x, char *text, size_t len)
{
	/* SEC-2: a charge in days' or months' wages shows the pay it came from */
	bool		from_pay = o->daily_wages != 0 || o->monthly_wages != 0;
	bool		withhold = from_pay && mo->in->withhold_pay;
	__int128	picos = (__int128) o->amount * SCALE + (__int128) o->per_unit * x +
		(__int128) o->daily_wages * mo->in->daily_wage + (__int128) o->monthly_wages * mo->in->monthly_wage;
	int64_t		amount = round_fen(picos);
	char		a[32],
				b[32],
				c[32];
	size_t		at = 0;
	int			parts = 0;

	text[0] = '\0';
#define APPEND(...) do { if (at < len) at += (size_t) snprintf(text + at, len - at, __VA_ARGS__); } while (0)
	if (o->amount)
	{
		format_money(o->amount, a, sizeof(a));
		APPEND("%s", a);
		parts++;
	}
	if (o->per_unit)
	{
		ladder_format_number(x, a, sizeof(a));
		ladder_format_number(o->per_unit, b, sizeof(b));
		APPEND("%s%s x %s", parts ? " + " : "", a, b);
		parts++;
	}
	if (o->daily_wages)
	{
		ladder_format_number(o->daily_wages, a, sizeof(a));
		format_money(mo->in->daily_wage, b, sizeof(b));
		if (withhold)
			APPEND("%s%s x daily wage", parts ? " + " : "", a);
		else
			APPEND("%s%s x daily wage %s", parts ? " + " : "", a, b);
		parts++;
	}
	if (o->monthly_wages)
	{
		ladder_format_number(o->monthly_wages, a, sizeof(a));
		format_money(mo->in->monthly_wage, b, sizeof(b));
		if (withhold)
			APPEND("%s%s x monthly wage", parts ? " + " : "", a);
		else
			APPEND("%s%s x monthly wage %s", parts ? " + " : "", a, b);
		parts++;
	}
	if (parts > 1 || o->per_unit || o->daily_wages || o->monthly_wages)
	{
		format_money(amount, c, sizeof(c));
		APPEND(" = %s", withhold ? "withheld" : c);
	}
	if (from_pay)
		line->from_pay = true;
	if (o->points)
	{
		ladder_format_number(o->points > 0 ? o->points : -o->points, a, sizeof(a));
		APPEND("%s%s %s %s", parts ? " + " : "", a, o->points == 1000000 || o->points == -1000000 ? "point" : "points",
			   o->points > 0 ? "off" : "on");
		parts++;
	}
	for (int f = 0; f < LADDER_NFLAGS; f++)
		if ((o->flags & (1 << f)) && (1 << f) != FLAG_ABSENCE)
		{
			APPEND("%s%s", parts ? " + " : "", ladder_flag_names[f]);
			parts++;
		}
	if (parts == 0)
		APPEND("no charge");
#undef APPEND
	return amount;
}

/* " (AT-1, attendance_tiered v1)" */
static void
citation(const Month *mo, int policy, const char *ids, char *buf, size_t len)
{
	const char *label = policy >= 0 ? mo->in->policies[policy].label : "";

	if (ids[0] && label[0])
		snprintf(buf, len, " (%s, %s)", ids, label);
	else if (ids[0] || label[0])
		snprintf(buf, len, " (%s)", ids[0] ? ids : label);
	else
		buf[0] = '\0';
}

static void
emit_line(Month *mo, AttLine *line)
{
	mo->points += line->points;
	mo->emit(mo->arg, line);
}

static void
start_line(AttLine *line, int32_t day, int kind, int policy, const char *ids, int64_t measure)
{
	memset(line, 0, sizeof(*line));
	line->work_date = day;
	line->kind = kind;
	line->policy = policy;
	line->rule_ids = ids;
	line->also_ids = "";
	line->measure = measure;
}

/* Events of a shift or an incident, with the class their entry gives them. */
typedef struct Event
{
	int32_t		day;
	int			type;			/* RuleType */
	int			rule_class;
	int64_t		measure;
	const char *what;			/* "late 12 min" */
	const char *incident;		/* the kind, for RULE_INCIDENT */
} Event;

static bool
in_range(const RuleRange *r, int64_t x)
{
	if (!r->present)
		return true;
	if (x < r->lower || (x == r->lower && !r->lower_inclusive))
		return false;
	return r->upper_infinite || x < r->upper || (x == r->upper && r->upper_inclusive);
}

static bool
counts_event(const RuleEntry *c, const Event *ev)
{
	bool		by_type = ev->type <= RULE_ABSENCE && (c->counts & (1u << ev->type));
	bool		by_class = ev->rule_class != CLASS_NONE && (c->counts & COUNTS_CLASS(ev->rule_class));
	bool		by_kind = c->counts == COUNTS_INCIDENT && ev->type == RULE_INCIDENT &&
		strncmp(c->name, ev->incident, RULE_NAME_LEN) == 0;

	return (by_type || by_class || by_kind) && in_range(&c->within, ev->measure);
}

/* The first day of the month months - 1 before the month of first_day. */
static int32_t
months_back(int32_t first_day, int months)
{
	int			year,
				month,
				mday;
	int32_t		day;

	cal_civil(first_day, &year, &month, &mday);
	month -= months - 1;
	while (month < 1)
	{
		month += 12;
		year--;
	}
	if (!cal_day_from_civil(year, month, 1, &day))
		return first_day;
	return day;
}

/*
 * CP-9: a count of one kind of incident over several months starts from
 * the incidents of the months before this one.
 */
static int64_t
earlier_count(const Month *mo, const RuleEntry *c)
{
	const AttInput *in = mo->in;
	int32_t		from;
	int64_t		n = 0;

	if (c->counts != COUNTS_INCIDENT || c->months <= 1)
		return 0;
	from = months_back(in->period_first, c->months);
	for (int i = 0; i < in->nearlier; i++)
		if (in->earlier_incidents[i].work_date >= from && in->earlier_incidents[i].work_date < in->period_first &&
			strncmp(in->earlier_incidents[i].kind, c->name, RULE_NAME_LEN) == 0)
			n++;
	return n;
}

/* AT-2, AT-9, AT-11, AT-13: the n-th counted event of the month */
static void
count_event(Month *mo, const RulebookRef *book, int policy, const Event *ev)
{
	for (int i = 0; i < book->nentries; i++)
	{
		const RuleEntry *c = book->entries[i];
		char		subject[160];
		char		cost[256];
		char		cite[96];
		char		counted[128];
		AttLine		line;
		int64_t    *n;
		int			step;

		if (c->type != RULE_COUNT || !counts_event(c, ev))
			continue;
		rule_subject_format(c, subject, sizeof(subject));
		{
			int			before = mo->ncounters;

			n = counter(mo, subject);
			if (mo->ncounters > before)
				*n = earlier_count(mo, c);
		}
		(*n)++;
		step = ladder_find(rule_ladder(c), *n * SCALE);
		if (step < 0)
			continue;
		start_line(&line, ev->day, LINE_COUNT, policy, c->rule_ids, *n * SCALE);
		ladder_format_step(rule_ladder(c), step, line.outcome, sizeof(line.outcome));
		line.amount = charge(mo, &line, &rule_steps(c)[step].outcome, *n * SCALE, cost, sizeof(cost));
		line.points = rule_steps(c)[step].outcome.points;
		line.flags = rule_steps(c)[step].outcome.flags;
		/* "count late+early+away" reads "late/early/away" */
		snprintf(counted, sizeof(counted), "%s", subject + strlen(c->counts == COUNTS_INCIDENT ? "count incident " : "count "));
		for (char *ch = counted; *ch; ch++)
			if (*ch == '+')
				*ch = '/';
		citation(mo, policy, c->rule_ids, cite, sizeof(cite));
		{
			char		range[64] = "";
			char		period[48] = "in the period";
			char	   *over = strstr(counted, " over ");
			char	   *within = strstr(counted, " within ");
			int			cut;

			if (over)
			{
				snprintf(period, sizeof(period), "in the %d months to this one", c->months);
				*over = '\0';
			}
			cut = (int) strlen(counted);
			if (within)
			{
				snprintf(range, sizeof(range), "%s", within);
				cut = (int) (within - counted);
			}
			snprintf(line.explanation, sizeof(line.explanation),
					 "%lld%s %.*s%s %s (%s), step %.*s -> %s%s",
					 (long long) *n, ordinal_suffix(*n), cut, counted, range, period, ev->what,
					 (int) strcspn(line.outcome, " "), line.outcome, cost, cite);
		}
		emit_line(mo, &line);
	}
}

/*
 * One absence of days (millionths): charged by the absence ladder, counted
 * for the month. origin says where it came from ("no punch", "late 45
 * min"); origin_ids cite the rule that made it an absence.
 */
static void
absence(Month *mo, const RulebookRef *book, int policy, int32_t day, int64_t days, const char *origin,
		const char *origin_ids)
{
	const RuleEntry *a = rulebook_find(book, RULE_ABSENCE, NULL);
	const RuleEntry *month = rulebook_find(book, RULE_MONTH_ABSENCE, NULL);
	char		d[32];
	char		cost[256];
	char		cite[96];
	AttLine		line;
	int			step = a ? ladder_find(rule_ladder(a), days) : -1;
	/* LV-1: no rule of its own: absent without approved leave */
	const char *ids = step >= 0 ? a->rule_ids : origin_ids[0] ? origin_ids : month ? month->rule_ids : "LV-1";

	mo->absence_days += days;
	mo->shift_absence += days;
	mo->faults++;

	start_line(&line, day, LINE_ABSENCE, policy, ids, days);
	if (ids != origin_ids)
		line.also_ids = origin_ids;
	line.absence_days = days;
	format_short(days, d, sizeof(d));
	citation(mo, policy, ids, cite, sizeof(cite));
	if (step >= 0)
	{
		const LadderOutcome *o = &rule_steps(a)[step].outcome;

		ladder_format_step(rule_ladder(a), step, line.outcome, sizeof(line.outcome));
		line.amount = charge(mo, &line, o, days, cost, sizeof(cost));
		line.points = o->points;
		line.flags = o->flags;
		mo->absence_charged += line.amount;
		mo->absence_from_pay |= line.from_pay;
		snprintf(line.explanation, sizeof(line.explanation), "absent %s day%s (%s), step %.*s -> %s%s",
				 d, days == SCALE ? "" : "s", origin, (int) strcspn(line.outcome, " "), line.outcome, cost, cite);
	}
	else
		snprintf(line.explanation, sizeof(line.explanation), "absent %s day%s (%s): counted as absence%s",
				 d, days == SCALE ? "" : "s", origin, cite);
	emit_line(mo, &line);
	{
		Event		ev = {day, RULE_ABSENCE, a ? a->rule_class : CLASS_NONE, days, origin, NULL};

		count_event(mo, book, policy, &ev);
	}
}

/* The forgive rule that still forgives this event, if any (AT-7). */
static const RuleEntry *
forgiving(Month *mo, const RulebookRef *book, const Event *ev, int64_t *nth)
{
	for (int i = 0; i < book->nentries; i++)
	{
		const RuleEntry *f = book->entries[i];
		char		subject[160];
		int64_t    *n;

		if (f->type != RULE_FORGIVE || !counts_event(f, ev))
			continue;
		rule_subject_format(f, subject, sizeof(subject));
		n = counter(mo, subject);
		if (*n * SCALE < f->value)
		{
			*nth = ++(*n);
			return f;
		}
	}
	return NULL;
}

/* Late, early or away minutes through their ladder. */
static void
minutes_event(Month *mo, const RulebookRef *book, int policy, int32_t day, int type, int32_t minutes,
			  int32_t worked_minutes, const char *note)
{
	const RuleEntry *e = rulebook_find(book, type, NULL);
	int64_t		x = (int64_t) minutes * SCALE;
	char		what[128];
	char		cost[256];
	char		cite[96];
	AttLine		line;
	const LadderOutcome *o;
	const RuleEntry *f;
	int64_t		nth;
	int64_t		days;
	int			step;
	Event		ev;

	if (e == NULL || (step = ladder_find(rule_ladder(e), x)) < 0)
		return;					/* not an offence under this rulebook */
	o = &rule_steps(e)[step].outcome;
	snprintf(what, sizeof(what), "%s %d min%s", rule_type_names[type], minutes, note);
	ev.day = day;
	ev.type = type;
	ev.rule_class = e->rule_class;
	ev.measure = x;
	ev.what = what;
	mo->faults++;

	if ((f = forgiving(mo, book, &ev, &nth)) != NULL)
	{
		char		of[32];
		char		range[64] = "";

		start_line(&line, day, LINE_FORGIVEN, policy, f->rule_ids, x);
		ladder_format_number(f->value, of, sizeof(of));
		if (f->within.present)
		{
			char		sub[160];

			rule_subject_format(f, sub, sizeof(sub));
			snprintf(range, sizeof(range), " %s", strstr(sub, "within") ? strstr(sub, "within") : "");
		}
		citation(mo, policy, f->rule_ids, cite, sizeof(cite));
		snprintf(line.outcome, sizeof(line.outcome), "forgiven");
		snprintf(line.explanation, sizeof(line.explanation), "%s, forgiven: %lld%s of %s%s this period%s",
				 what, (long long) nth, ordinal_suffix(nth), of, range, cite);
		emit_line(mo, &line);
		return;
	}

	days = o->absence_days;
	if (o->flags & FLAG_ABSENCE)
		days = worked_minutes > 0 ? (x + worked_minutes / 2) / worked_minutes : SCALE;
	if (days > 0)
	{
		/* it becomes an absence, and is not counted again as a late (POLICY.md) */
		char		d[32];
		char		origin[256];
		LadderOutcome rest = *o;

		rest.absence_days = 0;
		rest.flags &= ~FLAG_ABSENCE;
		format_short(days, d, sizeof(d));
		if (rest.amount || rest.per_unit || rest.daily_wages || rest.monthly_wages || rest.points || rest.flags)
		{
			start_line(&line, day, type, policy, e->rule_ids, x);
			ladder_format_step(rule_ladder(e), step, line.outcome, sizeof(line.outcome));
			line.amount = charge(mo, &line, &rest, x, cost, sizeof(cost));
			line.points = rest.points;
			line.flags = rest.flags;
			citation(mo, policy, e->rule_ids, cite, sizeof(cite));
			snprintf(line.explanation, sizeof(line.explanation), "%s, step %.*s -> %s%s", what,
					 (int) strcspn(line.outcome, " "), line.outcome, cost, cite);
			emit_line(mo, &line);
		}
		{
			char		step_text[64];

			ladder_format_step(rule_ladder(e), step, step_text, sizeof(step_text));
			snprintf(origin, sizeof(origin), "%s, step %.*s%s%s", what, (int) strcspn(step_text, " "), step_text,
					 e->rule_ids[0] ? ", " : "", e->rule_ids);
		}
		absence(mo, book, policy, day, days, origin, e->rule_ids);
		return;
	}

	start_line(&line, day, type, policy, e->rule_ids, x);
	ladder_format_step(rule_ladder(e), step, line.outcome, sizeof(line.outcome));
	line.amount = charge(mo, &line, o, x, cost, sizeof(cost));
	line.points = o->points;
	line.flags = o->flags;
	citation(mo, policy, e->rule_ids, cite, sizeof(cite));
	snprintf(line.explanation, sizeof(line.explanation), "%s, step %.*s -> %s%s", what,
			 (int) strcspn(line.outcome, " "), line.outcome, cost, cite);
	emit_line(mo, &line);
	count_event(mo, book, policy, &ev);
}

/* A punch missing and not corrected (AT-4, AT-6). */
static void
missing_punch(Month *mo, const RulebookRef *book, int policy, int32_t day, const char *which)
{
	const RuleEntry *e = rulebook_find(book, RULE_MISSING_PUNCH, NULL);
	int64_t    *n = counter(mo, "missing_punch");
	char		what[96];
	char		cost[256];
	char		cite[96];
	AttLine		line;
	int			step;

	(*n)++;
	mo->faults++;
	snprintf(what, sizeof(what), "missing %s, not corrected (%lld%s in the period)", which, (long long) *n,
			 ordinal_suffix(*n));
	step = e ? ladder_find(rule_ladder(e), *n * SCALE) : -1;
	if (step >= 0 && rule_steps(e)[step].outcome.absence_days > 0)
	{
		char		origin[160];

		snprintf(origin, sizeof(origin), "%s%s%s", what, e->rule_ids[0] ? ", " : "", e->rule_ids);
		absence(mo, book, policy, day, rule_steps(e)[step].outcome.absence_days, origin, e->rule_ids);
		return;
	}
	/* AT-4: a missed punch not corrected in time stays missing, charged or not */
	start_line(&line, day, LINE_MISSING_PUNCH, policy, e ? e->rule_ids : "AT-4", *n * SCALE);
	citation(mo, policy, line.rule_ids, cite, sizeof(cite));
	if (step >= 0)
	{
		const LadderOutcome *o = &rule_steps(e)[step].outcome;

		ladder_format_step(rule_ladder(e), step, line.outcome, sizeof(line.outcome));
		line.amount = charge(mo, &line, o, *n * SCALE, cost, sizeof(cost));
		line.points = o->points;
		line.flags = o->flags;
		snprintf(line.explanation, sizeof(line.explanation), "%s, step %.*s -> %s%s", what,
				 (int) strcspn(line.outcome, " "), line.outcome, cost, cite);
	}
	else
		snprintf(line.explanation, sizeof(line.explanation), "%s: no rule of the policy charges it%s", what, cite);
	emit_line(mo, &line);
	{
		Event		ev = {day, RULE_MISSING_PUNCH, e ? e->rule_class : CLASS_NONE, *n * SCALE, what, NULL};

		count_event(mo, book, policy, &ev);
	}
}

static const AttException *
exception_on(const AttInput *in, int32_t day)
{
	for (int i = 0; i < in->nexceptions; i++)
		if (in->exceptions[i].work_date == day)
			return &in->exceptions[i];
	return NULL;
}

static const AttLeave *
leave_on(const AttInput *in, int32_t day)
{
	for (int i = 0; i < in->nleaves; i++)
		if (in->leaves[i].first_day <= day && day <= in->leaves[i].last_day)
			return &in->leaves[i];
	return NULL;
}

/* Where no attendance rules are in force, a shift is still judged: by none. */
static const RulebookRef no_rules = {0};

static const RulebookRef *
book_of(const AttInput *in, int policy)
{
	return policy >= 0 ? in->policies[policy].book : &no_rules;
}

static int64_t
window_of(const AttInput *in, int policy)
{
	return policy >= 0 ? in->policies[policy].punch_window : ATT_DEFAULT_PUNCH_WINDOW;
}

/* AT-20: whether each window of the shift has its own sign-in and sign-out */
static bool
punched_by_window(const AttInput *in, const AttShift *s, int policy)
{
	int64_t		each;

	return s->nwindows > 1 && !in->manager_or_above &&
		rulebook_parameter(book_of(in, policy), PARAM_PUNCH_EACH_WINDOW, &each) && each > 0;
}

/*
 * The shift measured (att_measure_shift) and, where each window is punched
 * on its own (AT-20), each window as a shift of its own: a punch belongs to
 * the window nearer to it (a break is cut in its middle). The shift's late,
 * early and away minutes are then the windows' added up, and it misses a
 * punch when a window with punches misses one. Returns the number of
 * windows measured into parts (0: the shift is judged whole).
 */
static int
measure(const AttInput *in, const AttShift *s, int policy, AttMeasure *m, AttMeasure parts[ATT_MAX_WINDOWS])
{
	int			lo = 0;

	att_measure_shift(s, in->punches, in->npunches, window_of(in, policy), m);
	if (!punched_by_window(in, s, policy))
		return 0;
	m->late_minutes = m->early_minutes = m->away_minutes = 0;
	for (int w = 0; w < s->nwindows; w++)
	{
		AttShift	part = *s;
		int64_t		until = w == s->nwindows - 1 ? INT64_MAX
			: s->windows[w][1] + (s->windows[w + 1][0] - s->windows[w][1]) / 2;
		int			hi = lo;
		AttMeasure *p = &parts[w];

		while (hi < in->npunches && in->punches[hi].at < until)
			hi++;
		part.nwindows = 1;
		part.windows[0][0] = s->windows[w][0];
		part.windows[0][1] = s->windows[w][1];
		att_measure_shift(&part, in->punches + lo, hi - lo, window_of(in, policy), p);
		lo = hi;
		if (!p->has_in && !p->has_out)
			continue;
		m->late_minutes += p->has_in ? p->late_minutes : 0;
		m->early_minutes += p->has_out ? p->early_minutes : 0;
		m->away_minutes += p->away_minutes;
		m->window_missing_in |= !p->has_in;
		m->window_missing_out |= !p->has_out;
	}
	return s->nwindows;
}

/*
 * AT-20: each window judged as a shift of its own; a window without any
 * punch is its share of the day's absence. Minutes turned into absence are
 * a share of the whole day's.
 */
static void
judge_windows(Month *mo, const AttShift *s, int policy, const RulebookRef *book, int32_t day_minutes,
			  const AttMeasure *parts)
{
	for (int w = 0; w < s->nwindows; w++)
	{
		const AttMeasure *m = &parts[w];
		char		note[48];
		char		which[48];

		snprintf(note, sizeof(note), " (window %d of %d, AT-20)", w + 1, s->nwindows);
		if (!m->has_in && !m->has_out)
		{
			snprintf(which, sizeof(which), "no punch in window %d of %d, AT-20", w + 1, s->nwindows);
			absence(mo, book, policy, s->work_date, SCALE / s->nwindows, which, "AT-20");
			continue;
		}
		snprintf(which, sizeof(which), "sign-in of window %d of %d", w + 1, s->nwindows);
		if (!m->has_in)
			missing_punch(mo, book, policy, s->work_date, which);
		else if (m->late_minutes > 0)
			minutes_event(mo, book, policy, s->work_date, RULE_LATE, m->late_minutes, day_minutes, note);
		snprintf(which, sizeof(which), "sign-out of window %d of %d", w + 1, s->nwindows);
		if (!m->has_out)
			missing_punch(mo, book, policy, s->work_date, which);
		else if (m->early_minutes > 0)
			minutes_event(mo, book, policy, s->work_date, RULE_EARLY, m->early_minutes, day_minutes, note);
		if (m->away_minutes > 0)
			minutes_event(mo, book, policy, s->work_date, RULE_AWAY, m->away_minutes, day_minutes, note);
	}
}

static void
judge_shift_events(Month *mo, const AttShift *s, int policy)
{
	const AttInput *in = mo->in;
	const RulebookRef *book = book_of(in, policy);
	const AttException *x;
	const AttLeave *leave;
	AttMeasure	m;
	AttMeasure	parts[ATT_MAX_WINDOWS];
	int			nparts;
	int64_t		notice;

	nparts = measure(in, s, policy, &m, parts);
	mo->shift_measure = m;
	if ((x = exception_on(in, s->work_date)) != NULL)
	{
		mo->shift_excused = true;
		/* AT-11: a field worker who calls after the start is late; else AT-8: excused */
		if (x->field_work && x->notified_at > shift_start(s) &&
			rulebook_parameter(book, PARAM_FIELD_NOTICE_BY_START, &notice) && notice > 0)
			minutes_event(mo, book, policy, s->work_date, RULE_LATE,
						  (int32_t) ((x->notified_at - shift_start(s)) / ATT_USECS_PER_MINUTE),
						  m.worked_minutes, " (field work, called after the start)");
		return;
	}
	if ((leave = leave_on(in, s->work_date)) != NULL)
	{
		if (s->swapped && leave->state == LEAVE_COUNTS)
			absence(mo, book, policy, s->work_date, SCALE, "leave on a swapped day, SH-8", "SH-8");
		else if (leave->state == LEAVE_VOID)
			absence(mo, book, policy, s->work_date, SCALE, "leave taken on a false reason, LV-5", "LV-5");
		else if (leave->state == LEAVE_VOID_ACTIVITY)
			absence(mo, book, policy, s->work_date, SCALE, "leave voided: the person did what its type rules out, LV-7", "LV-7");
		else if (leave->state == LEAVE_UNDOCUMENTED)
			absence(mo, book, policy, s->work_date, SCALE, "sick leave without documents, LV-3", "LV-3");
		else if (!leave->sick && leave->approved_at > shift_start(s))
			/* LV-1: approved before it starts, else absence (sick leave may come after, LV-3) */
			absence(mo, book, policy, s->work_date, SCALE, "leave approved only after the shift began, LV-1", "LV-1");
		else
		{
			mo->shift_on_leave = true;
			mo->faults++;		/* on leave: no full attendance */
		}
		return;
	}
	if (!m.has_in && !m.has_out)
	{
		/* LV-1: away without approved leave is absence */
		absence(mo, book, policy, s->work_date, SCALE, "no punch", "");
		return;
	}
	if (nparts > 0)
	{
		judge_windows(mo, s, policy, book, m.worked_minutes, parts);
		return;
	}
	if (!m.has_in)
		missing_punch(mo, book, policy, s->work_date, "sign-in");
	else if (m.late_minutes > 0)
		minutes_event(mo, book, policy, s->work_date, RULE_LATE, m.late_minutes, m.worked_minutes, "");
	if (!m.has_out)
		missing_punch(mo, book, policy, s->work_date, "sign-out");
	else if (m.early_minutes > 0)
		minutes_event(mo, book, policy, s->work_date, RULE_EARLY, m.early_minutes, m.worked_minutes, "");
	if (m.away_minutes > 0)
		minutes_event(mo, book, policy, s->work_date, RULE_AWAY, m.away_minutes, m.worked_minutes, "");
}

/*
 * AT-16: an unexcused late or absence in the onboarding training; the one
 * that crosses a limit ends the training (one line, flag training_failed).
 */
static void
judge_training(Month *mo, const AttShift *s, int policy)
{
	const AttInput *in = mo->in;
	const AttMeasure *m = &mo->shift_measure;
	int32_t		missed;
	char		what[160];
	char		cite[96];
	AttLine		line;

	if (!in->has_training || mo->training_failed || s->work_date < in->training_first ||
		s->work_date > in->training_last || mo->shift_excused || mo->shift_on_leave)
		return;
	/* the time not at the training: all of a session missed, or late, left early or away */
	missed = !m->has_in && !m->has_out ? m->worked_minutes
		: (m->has_in ? m->late_minutes : 0) + (m->has_out ? m->early_minutes : 0) + m->away_minutes;
	if (m->has_in && m->late_minutes > 0)
		mo->training_lates++;
	mo->training_absence += missed;
	if (m->has_in && m->late_minutes > 0 && mo->training_lates >= in->training_late_limit)
	{
		start_line(&line, s->work_date, LINE_TRAINING, policy, "AT-16", (int64_t) mo->training_lates * SCALE);
		snprintf(what, sizeof(what), "%d%s unexcused late in the onboarding training (late %d min)",
				 mo->training_lates, ordinal_suffix(mo->training_lates), m->late_minutes);
	}
	else if (mo->training_absence > in->training_absence_limit)
	{
		start_line(&line, s->work_date, LINE_TRAINING, policy, "AT-16", (int64_t) mo->training_absence * SCALE);
		snprintf(what, sizeof(what), "%d min of unexcused absence in the onboarding training, more than %d (%d min this day)",
				 mo->training_absence, in->training_absence_limit, missed);
	}
	else
		return;
	mo->training_failed = true;
	line.flags = FLAG_TRAINING_FAILED;
	snprintf(line.outcome, sizeof(line.outcome), "training_failed");
	citation(mo, policy, "AT-16", cite, sizeof(cite));
	snprintf(line.explanation, sizeof(line.explanation), "%s: the training ends and the trainee is not hired%s",
			 what, cite);
	emit_line(mo, &line);
}

/*
 * A shift, and the run of shifts missed in a row it extends or ends (AT-9);
 * what it came to goes to on_shift.
 */
static void
judge_shift(Month *mo, const AttShift *s, AttShiftEmit on_shift)
{
	const AttInput *in = mo->in;
	int			policy = att_policy_on(in, s->work_date);
	AttShiftResult r;

	memset(&r, 0, sizeof(r));
	r.shift = s;
	r.policy = policy;
	r.punch_window = window_of(in, policy);
	r.judged = att_shift_judged(s, r.punch_window, in->as_of);
	if (!r.judged)
		mo->pending++;
	else
	{
		if (policy >= 0)
			mo->last_policy = policy;
		mo->judged++;
		mo->shift_absence = 0;
		mo->shift_excused = mo->shift_on_leave = false;
		judge_shift_events(mo, s, policy);
		judge_training(mo, s, policy);
		if (mo->shift_absence >= SCALE)
		{
			if (mo->run < MAX_RUN)
				mo->run_days[mo->run] = s->work_date;
			mo->run++;
		}
		else
			end_run(mo);
		r.excused = mo->shift_excused;
		r.on_leave = mo->shift_on_leave;
		r.absence_days = mo->shift_absence;
	}
	if (on_shift)
	{
		AttMeasure	parts[ATT_MAX_WINDOWS];

		(void) measure(in, s, policy, &r.measure, parts);
		on_shift(mo->arg, &r);
	}
}

static bool
counted_by_kind(const RulebookRef *book, const char *kind)
{
	for (int i = 0; i < book->nentries; i++)
		if (book->entries[i]->counts == COUNTS_INCIDENT &&
			strncmp(book->entries[i]->name, kind, RULE_NAME_LEN) == 0)
			return true;
	return false;
}

static void
judge_incident(Month *mo, const AttIncident *inc)
{
	const AttInput *in = mo->in;
	int			policy = att_policy_on(in, inc->work_date);
	const RulebookRef *book;
	const RuleEntry *e;
	char		what[200];
	char		cost[256];
	char		cite[96];
	char		note[220] = "";
	AttLine		line;
	int64_t		x;
	int			step;

	if (policy < 0)
		return;
	book = in->policies[policy].book;
	mo->last_policy = policy;
	e = rulebook_find(book, RULE_INCIDENT, inc->kind);
	if (inc->note && inc->note[0])
		snprintf(note, sizeof(note), ": %.200s", inc->note);
	if (e != NULL && e->measure == MEASURE_OCCURRENCES)
	{
		char		subject[RULE_NAME_LEN + 16];
		int64_t    *n;

		snprintf(subject, sizeof(subject), "incident %s", inc->kind);
		n = counter(mo, subject);
		(*n)++;
		x = *n * SCALE;
		snprintf(what, sizeof(what), "%s (%lld%s in the period)", inc->kind, (long long) *n, ordinal_suffix(*n));
	}
	else
	{
		char		m[32];

		x = inc->has_measure ? inc->measure : 0;
		ladder_format_number(x, m, sizeof(m));
		snprintf(what, sizeof(what), "%s, %s %s", inc->kind, e ? ladder_measure_names[e->measure] : "measure",
				 inc->has_measure ? m : "not given");
	}
	if (e == NULL && counted_by_kind(book, inc->kind))
	{
		/* no charge of its own, only counted (CP-9: count incident ...) */
		Event		ev = {inc->work_date, RULE_INCIDENT, CLASS_NONE, x, what, inc->kind};

		snprintf(what, sizeof(what), "%s%s", inc->kind, note);
		count_event(mo, book, policy, &ev);
		return;
	}
	start_line(&line, inc->work_date, LINE_INCIDENT, policy,
			   e ? e->rule_ids : inc->rule_id ? inc->rule_id : "", x);
	citation(mo, policy, line.rule_ids, cite, sizeof(cite));
	step = e ? ladder_find(rule_ladder(e), x) : -1;
	if (step < 0)
	{
		snprintf(line.explanation, sizeof(line.explanation), "incident %s: %s%s%s", what,
				 e ? "outside every step of its rule" : "no rule of the policy charges it", cite, note);
		emit_line(mo, &line);
		return;
	}
	ladder_format_step(rule_ladder(e), step, line.outcome, sizeof(line.outcome));
	line.amount = charge(mo, &line, &rule_steps(e)[step].outcome, x, cost, sizeof(cost));
	line.points = rule_steps(e)[step].outcome.points;
	line.flags = rule_steps(e)[step].outcome.flags;
	snprintf(line.explanation, sizeof(line.explanation), "incident %s, step %.*s -> %s%s%s", what,
			 (int) strcspn(line.outcome, " "), line.outcome, cost, cite, note);
	emit_line(mo, &line);
	if (rule_steps(e)[step].outcome.absence_days > 0)
		absence(mo, book, policy, inc->work_date, rule_steps(e)[step].outcome.absence_days, what, e->rule_ids);
	{
		/* what the count lines say it was: "valid_complaint: complaint 202511-00002: rude" */
		char		short_what[RULE_NAME_LEN + sizeof(note)];
		Event		ev = {inc->work_date, RULE_INCIDENT, e ? e->rule_class : CLASS_NONE, x, short_what, inc->kind};

		snprintf(short_what, sizeof(short_what), "%s%s", inc->kind, note);
		count_event(mo, book, policy, &ev);
	}
}

/* Days since 2000-01-01 as year * 12 + month - 1 (civil calendar). */
static int64_t
month_index(int32_t day)
{
	int64_t		z = (int64_t) day + 730425;	/* days since 0000-03-01 */
	int64_t		era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t		doe = z - era * 146097;
	int64_t		yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t		doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t		mp = (5 * doy + 2) / 153;
	int64_t		month = mp < 10 ? mp + 3 : mp - 9;
	int64_t		year = yoe + era * 400 + (month <= 2);

	return year * 12 + month - 1;
}

static int64_t
unpaid_months(const RulebookRef *book)
{
	int64_t		n = 0;

	rulebook_parameter(book, PARAM_SCORE_UNPAID_MONTHS, &n);
	return n;
}

/* AT-14: the first months are scored but pay does not float. */
static bool
score_floats(const AttInput *in, const RulebookRef *book)
{
	/* the month the period closes in */
	return month_index(in->period_last) >= month_index(in->hired_on) + unpaid_months(book) / SCALE;
}

/* The day a run of missed shifts first came into a step. */
static int32_t
run_reached(const Run *r, const RuleEntry *e, int step)
{
	int			k = 1;

	while (k < r->length && ladder_find(rule_ladder(e), (int64_t) k * SCALE) != step)
		k++;
	return r->days[(k < MAX_RUN ? k : MAX_RUN) - 1];
}

/* The rules of the whole period, under the policy in force at its end. */
static void
judge_month(Month *mo)
{
	const AttInput *in = mo->in;
	int			policy = att_policy_on(in, in->period_last);
	const RulebookRef *book;
	const RuleEntry *e;
	char		d[32];
	char		cost[256];
	char		cite[96];
	AttLine		line;
	int64_t		v;
	int			step;

	if (policy < 0)
		policy = mo->last_policy;
	if (policy < 0)
		return;
	book = in->policies[policy].book;

	/*
	 * AT-9: every run of missed shifts, counted from before the period, at
	 * the highest step it reached, charged on the day it reached it: in the
	 * period before when it reached it there.
	 */
	end_run(mo);
	if ((e = rulebook_find(book, RULE_CONSECUTIVE_ABSENCE, NULL)) != NULL)
		for (int r = 0; r < mo->nruns; r++)
		{
			const Run  *run = &mo->runs[r];
			int64_t		length = (int64_t) run->length * SCALE;

			if ((step = ladder_find(rule_ladder(e), length)) < 0 || run_reached(run, e, step) < in->period_first)
				continue;
			start_line(&line, run_reached(run, e, step), LINE_CONSECUTIVE_ABSENCE, policy, e->rule_ids, length);
			ladder_format_step(rule_ladder(e), step, line.outcome, sizeof(line.outcome));
			line.amount = charge(mo, &line, &rule_steps(e)[step].outcome, length, cost, sizeof(cost));
			line.points = rule_steps(e)[step].outcome.points;
			line.flags = rule_steps(e)[step].outcome.flags;
			citation(mo, policy, e->rule_ids, cite, sizeof(cite));
			snprintf(line.explanation, sizeof(line.explanation), "%d shifts in a row missed, step %.*s -> %s%s",
					 run->length, (int) strcspn(line.outcome, " "), line.outcome, cost, cite);
			emit_line(mo, &line);
		}

	/* AT-3: a month's absence may cost more than its absences one by one; AT-9 flags */
	if (mo->absence_days > 0 && (e = rulebook_find(book, RULE_MONTH_ABSENCE, NULL)) != NULL &&
		(step = ladder_find(rule_ladder(e), mo->absence_days)) >= 0)
	{
		const LadderOutcome *o = &rule_steps(e)[step].outcome;
		int64_t		month_charge;

		start_line(&line, in->period_last, LINE_MONTH_ABSENCE, policy, e->rule_ids, mo->absence_days);
		ladder_format_step(rule_ladder(e), step, line.outcome, sizeof(line.outcome));
		month_charge = charge(mo, &line, o, mo->absence_days, cost, sizeof(cost));
		line.points = o->points;
		line.flags = o->flags;
		format_short(mo->absence_days, d, sizeof(d));
		citation(mo, policy, e->rule_ids, cite, sizeof(cite));
		/* the difference shows the wages of either side */
		line.from_pay |= mo->absence_from_pay;
		if (month_charge > mo->absence_charged)
		{
			char		before[32],
						extra[32];

			line.amount = month_charge - mo->absence_charged;
			format_money(mo->absence_charged, before, sizeof(before));
			format_money(line.amount, extra, sizeof(extra));
			if (line.from_pay && in->withhold_pay)
			{
				strcpy(before, "withheld");
				strcpy(extra, "withheld");
			}
			snprintf(line.explanation, sizeof(line.explanation),
					 "%s days of absence in the period, step %.*s -> %s instead of the %s charged per absence: +%s%s",
					 d, (int) strcspn(line.outcome, " "), line.outcome, cost, before, extra, cite);
		}
		else if (month_charge > 0)
		{
			char		before[32];

			format_money(mo->absence_charged, before, sizeof(before));
			if (line.from_pay && in->withhold_pay)
				strcpy(before, "withheld");
			snprintf(line.explanation, sizeof(line.explanation),
					 "%s days of absence in the period, step %.*s -> %s, not more than the %s charged per absence%s",
					 d, (int) strcspn(line.outcome, " "), line.outcome, cost, before, cite);
		}
		else
			snprintf(line.explanation, sizeof(line.explanation), "%s days of absence in the period, step %.*s -> %s%s",
					 d, (int) strcspn(line.outcome, " "), line.outcome, cost, cite);
		emit_line(mo, &line);
	}

	/* AT-6: full attendance, once every shift of the month is judged */
	if (rulebook_parameter(book, PARAM_FULL_ATTENDANCE_BONUS, &v) && v > 0 && mo->faults == 0 &&
		mo->judged > 0 && mo->pending == 0)
	{
		char		bonus[32];

		e = rulebook_find(book, RULE_PARAMETER, "full_attendance_bonus");
		start_line(&line, in->period_last, LINE_FULL_ATTENDANCE, policy, e->rule_ids, (int64_t) mo->judged * SCALE);
		line.amount = -round_fen((__int128) v * SCALE);
		format_money(-line.amount, bonus, sizeof(bonus));
		snprintf(line.outcome, sizeof(line.outcome), "bonus %s", bonus);
		citation(mo, policy, e->rule_ids, cite, sizeof(cite));
		snprintf(line.explanation, sizeof(line.explanation),
				 "full attendance in the period (%d shifts, no late, early leave, absence or missing punch): bonus %s%s",
				 mo->judged, bonus, cite);
		emit_line(mo, &line);
	}

	/* AT-13, AT-14: the points score and the pay it moves */
	if (rulebook_parameter(book, PARAM_SCORE_BASE, &v))
	{
		int64_t		base = v;
		int64_t		cap = INT64_MAX;
		int64_t		per_point = 0;
		int64_t		floor_ = -1;
		int64_t		score;
		char		b[32],
					s[32],
					ded[96],
					tail[200] = "";

		e = rulebook_find(book, RULE_PARAMETER, "score_base");
		if (in->has_adjustment && in->adjustment != 0)
		{
			start_line(&line, in->period_last, LINE_ADJUSTMENT, policy,
					   rulebook_find(book, RULE_PARAMETER, "score_adjust_max")
					   ? rulebook_find(book, RULE_PARAMETER, "score_adjust_max")->rule_ids : e->rule_ids,
					   in->adjustment);
			line.points = -in->adjustment;
			ladder_format_number(in->adjustment > 0 ? in->adjustment : -in->adjustment, s, sizeof(s));
			snprintf(line.outcome, sizeof(line.outcome), "%s%s points", in->adjustment > 0 ? "+" : "-", s);
			citation(mo, policy, line.rule_ids, cite, sizeof(cite));
			snprintf(line.explanation, sizeof(line.explanation), "the trainer %s %s points: %.200s%s",
					 in->adjustment > 0 ? "adds" : "removes", s,
					 in->adjustment_reason ? in->adjustment_reason : "", cite);
			emit_line(mo, &line);
		}
		rulebook_parameter(book, PARAM_SCORE_CAP, &cap);
		rulebook_parameter(book, PARAM_SCORE_PAY_PER_POINT, &per_point);
		rulebook_parameter(book, PARAM_SCORE_FLOOR, &floor_);
		score = base - mo->points;
		ladder_format_number(base, b, sizeof(b));
		/* the deductions, and the trainer's adjustment on its own */
		{
			int64_t		adjusted = in->has_adjustment ? in->adjustment : 0;
			char		adj[32];

			int64_t		net = mo->points + adjusted;

			ladder_format_number(net >= 0 ? net : -net, ded, sizeof(ded));
			snprintf(ded + strlen(ded), sizeof(ded) - strlen(ded), net >= 0 ? " deducted" : " added");
			if (adjusted != 0)
			{
				ladder_format_number(adjusted > 0 ? adjusted : -adjusted, adj, sizeof(adj));
				snprintf(ded + strlen(ded), sizeof(ded) - strlen(ded), " %s %s by the trainer",
						 adjusted > 0 ? "+" : "-", adj);
			}
		}
		if (score > cap)
		{
			char		c[32];

			ladder_format_number(cap, c, sizeof(c));
			snprintf(tail, sizeof(tail), ", capped at %s", c);
			score = cap;
		}
		start_line(&line, in->period_last, LINE_SCORE, policy, e->rule_ids, score);
		ladder_format_number(score, s, sizeof(s));
		snprintf(line.outcome, sizeof(line.outcome), "score %s", s);
		if (floor_ >= 0 && score < floor_)
			line.flags |= FLAG_DISMISSAL_REVIEW;
		{
			char		pay[256];
			char		fl[96] = "";
			const RuleEntry *pe = rulebook_find(book, RULE_PARAMETER, "score_pay_per_point");
			const char *ids = pe ? pe->rule_ids : e->rule_ids;

			if (line.flags & FLAG_DISMISSAL_REVIEW)
			{
				char		f[32];

				ladder_format_number(floor_, f, sizeof(f));
				snprintf(fl, sizeof(fl), "; under %s: dismissal_review", f);
			}
			if (!score_floats(in, book))
				snprintf(pay, sizeof(pay), "pay does not float in the first %lld months",
						 (long long) (unpaid_months(book) / SCALE));
			else
			{
				char		pp[32],
							diff[32],
							amt[32];
				int64_t		delta = score - base;

				line.amount = -round_fen((__int128) delta * per_point);
				ladder_format_number(delta >= 0 ? delta : -delta, diff, sizeof(diff));
				ladder_format_number(per_point, pp, sizeof(pp));
				format_money(line.amount >= 0 ? line.amount : -line.amount, amt, sizeof(amt));
				snprintf(pay, sizeof(pay), "%s points %s %s x %s = %s%s pay", diff, delta >= 0 ? "above" : "below", b,
						 pp, delta >= 0 ? "+" : "-", amt);
			}
			line.rule_ids = ids;
			citation(mo, policy, ids, cite, sizeof(cite));
			snprintf(line.explanation, sizeof(line.explanation), "score %s %s %s = %s%s: %s%s%s", b,
					 mo->points + (in->has_adjustment ? in->adjustment : 0) >= 0 ? "-" : "+", ded, s, tail,
					 pay, fl, cite);
		}
		emit_line(mo, &line);
	}
}

/* The shifts and incidents of [first, last] in date order, a day's shifts before its incidents. */
static void
judge_days(Month *mo, int32_t first, int32_t last, AttShiftEmit on_shift)
{
	const AttInput *in = mo->in;
	int			i = 0,
				j = 0;

	while ((i < in->nshifts || j < in->nincidents) && mo->error == NULL)
	{
		if (j == in->nincidents || (i < in->nshifts && in->shifts[i].work_date <= in->incidents[j].work_date))
		{
			const AttShift *s = &in->shifts[i++];

			if (s->work_date >= first && s->work_date <= last)
			{
				mo->seen++;
				judge_shift(mo, s, on_shift);
			}
		}
		else
		{
			const AttIncident *inc = &in->incidents[j++];

			if (inc->work_date >= first && inc->work_date <= last)
			{
				mo->seen++;
				judge_incident(mo, inc);
			}
		}
	}
}

static void
discard_line(void *arg, const AttLine *line)
{
	(void) arg;
	(void) line;
}

bool
att_evaluate(const AttInput *in, AttEmit emit, AttShiftEmit on_shift, void *arg, const char **error)
{
	/* counters: 40 kB each, not on the stack */
	static Month mo;
	static Month before;

	for (int k = 0; k < in->nshifts; k++)
		if (in->shifts[k].nwindows < 1 || in->shifts[k].nwindows > ATT_MAX_WINDOWS)
			return (*error = "a shift has 1 to 8 windows", false);
	for (int k = 1; k < in->npunches; k++)
		if (in->punches[k].at < in->punches[k - 1].at)
			return (*error = "punches are not in time order", false);
	for (int k = 1; k < in->nshifts; k++)
		if (in->shifts[k].windows[0][0] < in->shifts[k - 1].windows[0][0])
			return (*error = "shifts are not in time order", false);
	for (int k = 1; k < in->nincidents; k++)
		if (in->incidents[k].work_date < in->incidents[k - 1].work_date)
			return (*error = "incidents are not in date order", false);
	if (in->period_last < in->period_first || in->lookback_first > in->period_first)
		return (*error = "the period's days are out of order", false);

	/*
	 * AT-9: the run of missed shifts the period starts with, and AT-16: the
	 * training's count so far, judged silently
	 */
	CLEAR_MONTH(&before);
	before.in = in;
	before.emit = discard_line;
	before.last_policy = -1;
	judge_days(&before, in->lookback_first, in->period_first - 1, NULL);
	if (before.error)
		return (*error = before.error, false);

	CLEAR_MONTH(&mo);
	mo.in = in;
	mo.emit = emit ? emit : discard_line;
	mo.arg = arg;
	mo.last_policy = -1;
	mo.run = before.run;
	memcpy(mo.run_days, before.run_days, sizeof(mo.run_days));
	/* AT-16: a training that started in the period before goes on counting */
	mo.training_lates = before.training_lates;
	mo.training_absence = before.training_absence;
	mo.training_failed = before.training_failed;
	judge_days(&mo, in->period_first, in->period_last, on_shift);
	if (mo.error)
		return (*error = mo.error, false);
	/* a period with nothing in it has no rules of its own to judge */
	if (mo.seen > 0 || in->has_adjustment)
		judge_month(&mo);
	if (mo.error)
		return (*error = mo.error, false);
	return true;
}

