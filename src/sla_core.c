/*
 * sla_core.c
 *		Service-level targets (sla_core.h): the text form, the AT-5-style
 *		comparison for department overrides, and the clock over a
 *		complaint's events.
 *
 * The clock of a target runs from the first of its start events until
 * one of its stop events, except while the complaint waits for the
 * customer when the target pauses; a reopening resumes a target that the
 * complaint's resolution, information or closing had stopped (the time
 * it stood met does not count). Its allowance is a length of real or
 * working time; one in days is first turned into the time from the start
 * to its deadline (the end of the n-th day, or of the n-th working day's
 * hours), so that pauses push the deadline on by the time they took.
 */
#include "sla_core.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const sla_event_names[EV_COUNT] = {
	"received", "assigned", "handed_on", "waiting", "resumed", "resolved", "informed", "closed", "reopened",
	"team_formed", "manager_notified", "report_filed", "diagnosed_in_house", "diagnosed_external", "sent_out",
	"repaired", "returned", "called_back", "inspected", "found_valid"
};

const char *const sla_state_names[SLA_STATE_COUNT] = {"met", "breached", "running", "at_risk"};

#define ALL_EVENTS	((1u << EV_COUNT) - 1)
#define USECS_PER_MINUTE (60 * SLA_USECS_PER_SECOND)
#define USECS_PER_HOUR	(60 * USECS_PER_MINUTE)

/* ------------------------------------------------------------ parsing */

static bool
is_word_char(char c)
{
	return (c >= 'a' && c <= 'z') || c == '_';
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

/* Takes the word at *pos if it is one of the given (NULL-terminated). */
static bool
take_word(const char *s, size_t len, size_t *pos, const char *const *words)
{
	size_t		end = read_word(s, len, *pos);

	for (; *words; words++)
		if (word_is(s, *pos, end, *words))
		{
			*pos = end;
			text_skip_spaces(s, len, pos);
			return true;
		}
	return false;
}

static bool
expect_word(const char *s, size_t len, size_t *pos, const char *word, const char *message, ParseError *err)
{
	const char *const words[] = {word, NULL};

	if (take_word(s, len, pos, words))
		return true;
	return text_fail(err, PARSE_SYNTAX, *pos, read_word(s, len, *pos) > *pos ? read_word(s, len, *pos) - *pos : (*pos < len),
					 message);
}

/* received|reopened */
static bool
parse_events(const char *s, size_t len, size_t *pos, uint32_t *bits, ParseError *err)
{
	*bits = 0;
	for (;;)
	{
		size_t		end = read_word(s, len, *pos);
		int			k = -1;

		for (int i = 0; i < EV_COUNT; i++)
			if (word_is(s, *pos, end, sla_event_names[i]))
				k = i;
		if (k < 0)
			return text_fail(err, PARSE_VALUE, *pos, end > *pos ? end - *pos : (*pos < len),
							 "unknown event (the events are the labels of complaint_event_kind)");
		if (*bits & (1u << k))
			return text_fail(err, PARSE_VALUE, *pos, end - *pos, "an event is named twice");
		*bits |= 1u << k;
		*pos = end;
		text_skip_spaces(s, len, pos);
		if (*pos < len && s[*pos] == '|')
		{
			(*pos)++;
			text_skip_spaces(s, len, pos);
			continue;
		}
		return true;
	}
}

static bool
parse_allowance(const char *s, size_t len, size_t *pos, SlaTarget *t, ParseError *err)
{
	static const char *const same[] = {"same", NULL};
	static const char *const working[] = {"working", NULL};
	static const char *const days[] = {"day", "days", NULL};
	static const char *const hours[] = {"hour", "hours", NULL};
	static const char *const minutes[] = {"minute", "minutes", NULL};
	static const char *const seconds[] = {"second", "seconds", NULL};
	size_t		start = *pos;
	int64_t		n = 0;
	bool		is_working;

	if (take_word(s, len, pos, same))
	{
		if (!expect_word(s, len, pos, "day", "expected same day", err))
			return false;
		t->clock = SLA_DAYS;
		t->amount = 0;
		return true;
	}
	if (*pos >= len || !text_is_digit(s[*pos]))
		return text_fail(err, PARSE_SYNTAX, *pos, *pos < len,
						 "expected an allowance such as 3 working days, 1 hour or same day");
	while (*pos < len && text_is_digit(s[*pos]))
	{
		n = n * 10 + (s[*pos] - '0');
		(*pos)++;
		if (n > SLA_MAX_USECS / SLA_USECS_PER_SECOND)
			return text_fail(err, PARSE_VALUE, start, *pos - start, "the allowance is too long (ten years at most)");
	}
	text_skip_spaces(s, len, pos);
	is_working = take_word(s, len, pos, working);
	if (take_word(s, len, pos, days))
	{
		if (n > SLA_MAX_DAYS)
			return text_fail(err, PARSE_VALUE, start, *pos - start, "the allowance is too long (3660 days at most)");
		t->clock = is_working ? SLA_WORKING_DAYS : SLA_DAYS;
		t->amount = n;
		return true;
	}
	if (take_word(s, len, pos, hours))
		t->amount = n * USECS_PER_HOUR;
	else if (take_word(s, len, pos, minutes))
		t->amount = n * USECS_PER_MINUTE;
	else if (!is_working && take_word(s, len, pos, seconds))
		t->amount = n * SLA_USECS_PER_SECOND;
	else
		return text_fail(err, PARSE_SYNTAX, *pos, read_word(s, len, *pos) > *pos ? read_word(s, len, *pos) - *pos : (*pos < len),
						 is_working ? "expected working days, working hours or working minutes"
						 : "expected days, hours, minutes or seconds (or working days, hours, minutes)");
	t->clock = is_working ? SLA_WORKING_TIME : SLA_WALL;
	if (t->amount == 0)
		return text_fail(err, PARSE_VALUE, start, *pos - start, "a time allowance is more than nothing");
	if (t->amount > SLA_MAX_USECS)
		return text_fail(err, PARSE_VALUE, start, *pos - start, "the allowance is too long (3660 days at most)");
	return true;
}

bool
sla_parse(const char *s, size_t len, SlaTarget *out, ParseError *err)
{
	static const char *const paused[] = {"paused", NULL};
	size_t		pos = 0;
	size_t		stops_at;

	memset(out, 0, sizeof(*out));
	text_skip_spaces(s, len, &pos);
	if (!parse_events(s, len, &pos, &out->starts, err))
		return false;
	if (pos + 1 >= len || s[pos] != '-' || s[pos + 1] != '>')
		return text_fail(err, PARSE_SYNTAX, pos, pos < len, "expected -> between the start and stop events");
	pos += 2;
	text_skip_spaces(s, len, &pos);
	stops_at = pos;
	if (!parse_events(s, len, &pos, &out->stops, err))
		return false;
	if (out->starts & out->stops)
		return text_fail(err, PARSE_VALUE, stops_at, pos - stops_at, "an event cannot both start and stop the clock");
	if (!expect_word(s, len, &pos, "within", "expected within and the allowance", err))
		return false;
	if (!parse_allowance(s, len, &pos, out, err))
		return false;
	text_skip_spaces(s, len, &pos);
	if (pos < len && s[pos] == ',')
	{
		pos++;
		text_skip_spaces(s, len, &pos);
		if (!take_word(s, len, &pos, paused))
			return text_fail(err, PARSE_SYNTAX, pos, pos < len, "expected paused while waiting after ','");
		if (!expect_word(s, len, &pos, "while", "expected paused while waiting", err) ||
			!expect_word(s, len, &pos, "waiting", "expected paused while waiting", err))
			return false;
		out->flags |= SLA_PAUSE_WHILE_WAITING;
	}
	if (pos < len)
		return text_fail(err, PARSE_SYNTAX, pos, len - pos, "unexpected text after the target");
	/* the checks binary input runs: one validator for both */
	{
		const char *problem;

		if (!sla_validate(out, &problem))
			return text_fail(err, PARSE_VALUE, stops_at, pos - stops_at, problem);
	}
	return true;
}

bool
sla_validate(const SlaTarget *t, const char **message)
{
	if (t->starts == 0 || t->stops == 0 || (t->starts & ~ALL_EVENTS) || (t->stops & ~ALL_EVENTS))
		return (*message = "a target starts and stops at known events", false);
	if (t->starts & t->stops)
		return (*message = "an event cannot both start and stop the clock", false);
	/* a complaint is received once, before anything else happens to it */
	if (t->stops & (1u << EV_RECEIVED))
		return (*message = "received comes first: it starts a clock, it cannot stop one", false);
	if (t->clock < 0 || t->clock >= SLA_CLOCK_COUNT || (t->flags & ~SLA_PAUSE_WHILE_WAITING))
		return (*message = "unknown kind of allowance", false);
	if (t->clock == SLA_DAYS || t->clock == SLA_WORKING_DAYS)
	{
		if (t->amount < 0 || t->amount > SLA_MAX_DAYS)
			return (*message = "an allowance in days is 0 to 3660", false);
	}
	else if (t->amount <= 0 || t->amount > SLA_MAX_USECS ||
			 t->amount % (t->clock == SLA_WORKING_TIME ? USECS_PER_MINUTE : SLA_USECS_PER_SECOND) != 0)
		return (*message = "a time allowance is whole seconds (working time: whole minutes), up to 3660 days", false);
	return true;
}

/* --------------------------------------------------------- formatting */

static void
put_events(TextOut *o, uint32_t bits)
{
	bool		first = true;

	for (int i = 0; i < EV_COUNT; i++)
		if (bits & (1u << i))
		{
			if (!first)
				text_put(o, "|");
			text_put(o, sla_event_names[i]);
			first = false;
		}
}

static void
put_count(TextOut *o, int64_t n, const char *unit)
{
	char		num[32];

	snprintf(num, sizeof(num), "%lld ", (long long) n);
	text_put(o, num);
	text_put(o, unit);
	if (n != 1)
		text_put(o, "s");
}

static void
put_allowance(TextOut *o, const SlaTarget *t)
{
	bool		working = t->clock == SLA_WORKING_TIME || t->clock == SLA_WORKING_DAYS;

	if (t->clock == SLA_DAYS && t->amount == 0)
	{
		text_put(o, "same day");
		return;
	}
	if (t->clock == SLA_DAYS || t->clock == SLA_WORKING_DAYS)
	{
		put_count(o, t->amount, working ? "working day" : "day");
		return;
	}
	if (t->amount % USECS_PER_HOUR == 0)
		put_count(o, t->amount / USECS_PER_HOUR, working ? "working hour" : "hour");
	else if (t->amount % USECS_PER_MINUTE == 0)
		put_count(o, t->amount / USECS_PER_MINUTE, working ? "working minute" : "minute");
	else
		put_count(o, t->amount / SLA_USECS_PER_SECOND, "second");
}

static size_t
finish(TextOut *o)
{
	if (o->buflen > 0)
		o->buf[o->at < o->buflen ? o->at : o->buflen - 1] = '\0';
	return o->at;
}

size_t
sla_format_allowance(const SlaTarget *t, char *buf, size_t buflen)
{
	TextOut		o = {buf, buflen, 0};

	put_allowance(&o, t);
	return finish(&o);
}

size_t
sla_format(const SlaTarget *t, char *buf, size_t buflen)
{
	TextOut		o = {buf, buflen, 0};

	put_events(&o, t->starts);
	text_put(&o, " -> ");
	put_events(&o, t->stops);
	text_put(&o, " within ");
	put_allowance(&o, t);
	if (t->flags & SLA_PAUSE_WHILE_WAITING)
		text_put(&o, ", paused while waiting");
	return finish(&o);
}

/* ------------------------------------------------- department overrides */

bool
sla_at_least(const SlaTarget *a, const SlaTarget *b, char *why, size_t whylen)
{
	char		ta[64],
				tb[64];

	if (a->starts != b->starts || a->stops != b->stops)
	{
		snprintf(why, whylen, "it starts or stops at other events");
		return false;
	}
	sla_format_allowance(a, ta, sizeof(ta));
	sla_format_allowance(b, tb, sizeof(tb));
	if (a->clock != b->clock)
	{
		snprintf(why, whylen, "it allows %s, which cannot be compared with %s", ta, tb);
		return false;
	}
	if (a->amount > b->amount)
	{
		snprintf(why, whylen, "it allows %s where the parent allows %s", ta, tb);
		return false;
	}
	if ((a->flags & SLA_PAUSE_WHILE_WAITING) && !(b->flags & SLA_PAUSE_WHILE_WAITING))
	{
		snprintf(why, whylen, "it pauses while waiting for the customer where the parent does not");
		return false;
	}
	return true;
}

/* ------------------------------------------------------------- clock */

static int
event_order(const void *a, const void *b)
{
	const SlaEvent *x = a;
	const SlaEvent *y = b;

	if (x->at != y->at)
		return x->at < y->at ? -1 : 1;
	if (x->seq != y->seq)
		return x->seq < y->seq ? -1 : 1;
	return 0;
}

void
sla_sort_events(SlaEvent *events, int n)
{
	/*
	 * The lists the commands keep are in order; anything else a caller
	 * packs is sorted in O(n log n), however long (issue 16).
	 */
	for (int i = 1; i < n; i++)
		if (event_order(&events[i - 1], &events[i]) > 0)
		{
			qsort(events, n, sizeof(SlaEvent), event_order);
			return;
		}
}

typedef struct Clock
{
	const SlaTarget *t;
	const CalendarSpec *cal;
	const CalClock *clock;
	bool		working;
	int64_t		counted;		/* time counted so far */
	bool		due_known;
	int64_t		due_at;
	CalStatus	status;
} Clock;

/* The length of [a, b) in the target's clock. */
static int64_t
measure(Clock *c, int64_t a, int64_t b)
{
	int64_t		r = 0;

	if (!c->working)
		return b - a;
	if (c->status == CAL_OK)
		c->status = cal_working_time_between(c->cal, c->clock, a, b, &r);
	return r;
}

/* The instant d of the target's clock after a. */
static int64_t
advance(Clock *c, int64_t a, int64_t d)
{
	int64_t		r = a;

	if (!c->working)
		return a + d;
	if (c->status == CAL_OK)
		c->status = cal_add_working_time(c->cal, c->clock, a, d, &r);
	return r;
}

/* Counts a stretch [a, b) that the clock ran, noting when the allowance ran out. */
static void
count_stretch(Clock *c, int64_t a, int64_t b, int64_t allowance)
{
	int64_t		len = measure(c, a, b);

	if (!c->due_known && c->counted + len >= allowance)
	{
		c->due_at = advance(c, a, allowance - c->counted);
		c->due_known = true;
	}
	c->counted += len;
}

/* The allowance in real or working time, for a clock started at start. */
static int64_t
allowance_from(Clock *c, int64_t start)
{
	const SlaTarget *t = c->t;
	int32_t		day;
	int64_t		deadline;

	switch (t->clock)
	{
		case SLA_DAYS:
			/* to the end of the n-th day after the start's, local time */
			if (!c->clock->local_day(c->clock->arg, start, &day) ||
				!c->clock->to_instant(c->clock->arg, day + (int32_t) t->amount, 1440, &deadline))
			{
				c->status = CAL_OUT_OF_RANGE;
				return 0;
			}
			return deadline > start ? deadline - start : 0;
		case SLA_WORKING_DAYS:
			if (c->status == CAL_OK)
				c->status = cal_add_working_days(c->cal, c->clock, start, (int32_t) t->amount, &deadline);
			if (c->status != CAL_OK)
				return 0;
			return deadline > start ? measure(c, start, deadline) : 0;
		default:
			return t->amount;
	}
}

CalStatus
sla_evaluate(const SlaTarget *t, const CalendarSpec *cal, const CalClock *clock, const SlaEvent *events,
			 int nevents, int64_t as_of, int64_t at_risk_share, SlaStatus *out)
{
	Clock		c = {t, cal, clock, t->clock == SLA_WORKING_DAYS || t->clock == SLA_WORKING_TIME, 0, false, 0, CAL_OK};
	bool		pauses = (t->flags & SLA_PAUSE_WHILE_WAITING) != 0;
	bool		waiting = false;
	bool		running = false;
	int64_t		since = 0;		/* start of the stretch running now */
	int64_t		paused_since = 0;
	int64_t		now;

	memset(out, 0, sizeof(*out));
	out->working = c.working;
	for (int i = 0; i < nevents && events[i].at <= as_of; i++)
	{
		uint32_t	bit;
		int64_t		at = events[i].at;
		bool		was_paused = out->started && !out->met && pauses && waiting;
		bool		now_running;

		if (events[i].kind < 0 || events[i].kind >= EV_COUNT)
			continue;
		bit = 1u << events[i].kind;
		if (!out->started && (t->starts & bit))
		{
			out->started = true;
			out->started_at = at;
			out->allowance = allowance_from(&c, at);
			if (out->allowance == 0)
			{
				c.due_known = true;
				c.due_at = at;
			}
		}
		else if (out->started && !out->met && (t->stops & bit))
		{
			out->met = true;
			out->met_at = at;
		}
		else if (out->met && events[i].kind == EV_REOPENED && (t->stops & ~SLA_LIFECYCLE_STOPS) == 0)
			out->met = false;

		if (events[i].kind == EV_WAITING)
			waiting = true;
		else if (events[i].kind == EV_RESUMED || events[i].kind == EV_REOPENED || events[i].kind == EV_RESOLVED ||
				 events[i].kind == EV_CLOSED)
			waiting = false;

		now_running = out->started && !out->met && !(pauses && waiting);
		if (running && !now_running)
			count_stretch(&c, since, at, out->allowance);
		else if (!running && now_running)
			since = at;
		running = now_running;

		/* the time the clock stood still for the customer */
		if (!was_paused && out->started && !out->met && pauses && waiting)
			paused_since = at;
		else if (was_paused && !(out->started && !out->met && pauses && waiting))
			out->paused += at - paused_since;
	}
	if (!out->started)
		return c.status;
	if (running)
		count_stretch(&c, since, as_of, out->allowance);
	out->paused_now = !out->met && pauses && waiting;
	if (out->paused_now)
		out->paused += as_of - paused_since;
	out->left = out->allowance - c.counted;
	now = out->met ? out->met_at : as_of;
	out->due_at = c.due_known ? c.due_at : advance(&c, now, out->left);
	/* met at the deadline is met; a working-time clock may stand at zero after it */
	if (out->met)
		out->state = out->met_at <= out->due_at ? SLA_MET : SLA_BREACHED;
	else if (out->due_at < as_of)
		out->state = SLA_BREACHED;
	else if ((__int128) out->left * 1000000 < (__int128) out->allowance * at_risk_share)
		out->state = SLA_AT_RISK;
	else
		out->state = SLA_RUNNING;
	return c.status;
}

void
sla_encode(WireOut *o, const SlaTarget *t)
{
	wire_put_int32(o, (int32_t) t->starts);
	wire_put_int32(o, (int32_t) t->stops);
	wire_put_int32(o, t->clock);
	wire_put_int32(o, t->flags);
	wire_put_int64(o, t->amount);
}

/* Reads a target and runs the text input's checks on it. */
bool
sla_decode(WireReader *r, SlaTarget *out, WireError *err)
{
	const char *problem;

	memset(out, 0, sizeof(SlaTarget));
	out->starts = (uint32_t) wire_get_int32(r);
	out->stops = (uint32_t) wire_get_int32(r);
	out->clock = wire_get_int32(r);
	out->flags = wire_get_int32(r);
	out->amount = wire_get_int64(r);
	if (!wire_check_end(r, "sla_target", err))
		return false;
	if (!sla_validate(out, &problem))
		return wire_fail(err, WIRE_INVALID, "The value is not canonical: %s.", problem);
	return true;
}
