/*
 * overtime_core.c
 *		AT-17: overtime judged from the same input as the attendance
 *		engine (attendance_core.h): the time worked under each overtime
 *		order, and the time worked beyond a shift without one.
 *
 * Overtime is paid only when it was ordered and approved by the manager
 * before the work; overtime that is the employee's own unfinished work is
 * not paid; overtime on a day whose metrics (calls per hour, KPI) all stay
 * below the center's average that day earns commission only. Paid
 * overtime is the minutes worked in the ordered time, outside the day's
 * shifts, at the hourly wage (the daily wage over the hours of a day)
 * times the overtime rate. Each line says which of these applied, with
 * the arithmetic, citing AT-17. Nothing here calls PostgreSQL.
 */
#include "attendance_core.h"

#include <stdio.h>
#include <string.h>

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wformat-truncation"
#endif

#define SCALE		LADDER_SCALE

static int64_t
overlap(int64_t a, int64_t b, int64_t c, int64_t d)
{
	int64_t		lo = a > c ? a : c;
	int64_t		hi = b < d ? b : d;

	return hi > lo ? hi - lo : 0;
}

/* Time of [a, b) inside the shifts' windows (a shift is not overtime). */
static int64_t
in_shifts(const AttInput *in, int64_t a, int64_t b)
{
	int64_t		t = 0;

	for (int i = 0; i < in->nshifts; i++)
		for (int w = 0; w < in->shifts[i].nwindows; w++)
			t += overlap(a, b, in->shifts[i].windows[w][0], in->shifts[i].windows[w][1]);
	return t;
}

static int64_t
window_on(const AttInput *in, int32_t day)
{
	int			p = att_policy_on(in, day);

	return p >= 0 ? in->policies[p].punch_window : ATT_DEFAULT_PUNCH_WINDOW;
}

/*
 * The time worked in [a, b): from the sign-in before the last sign-out
 * that falls in it (or within the punch window after it), both clipped to
 * it, less the shifts' time.
 */
static int64_t
worked_in(const AttInput *in, int64_t a, int64_t b, int64_t window)
{
	int			out = -1;
	int			start = -1;
	int64_t		from,
				to;

	for (int i = 0; i < in->npunches; i++)
		if (!in->punches[i].in && in->punches[i].at > a && in->punches[i].at <= b + window)
			out = i;
	if (out < 0)
		return 0;
	for (int i = out - 1; i >= 0 && start < 0; i--)
		if (in->punches[i].in)
			start = i;
	if (start < 0)
		return 0;
	from = in->punches[start].at > a ? in->punches[start].at : a;
	to = in->punches[out].at < b ? in->punches[out].at : b;
	if (to <= from)
		return 0;
	return (to - from) - in_shifts(in, from, to);
}

static const AttMetric *
metric_on(const AttInput *in, int32_t day)
{
	for (int i = 0; i < in->nmetrics; i++)
		if (in->metrics[i].work_date == day)
			return &in->metrics[i];
	return NULL;
}

/* Every recorded metric of the day below the center's average: commission only. */
static bool
below_average(const AttMetric *m, char *why, size_t len)
{
	char		a[32],
				b[32],
				c[32],
				d[32];

	if (m == NULL || (!m->has_calls && !m->has_kpi) ||
		(m->has_calls && m->calls_per_hour >= m->center_calls_per_hour) ||
		(m->has_kpi && m->kpi >= m->center_kpi))
		return false;
	ladder_format_number(m->calls_per_hour, a, sizeof(a));
	ladder_format_number(m->center_calls_per_hour, b, sizeof(b));
	ladder_format_number(m->kpi, c, sizeof(c));
	ladder_format_number(m->center_kpi, d, sizeof(d));
	if (m->has_calls && m->has_kpi)
		snprintf(why, len, "calls per hour %s and KPI %s below the center's %s and %s that day", a, c, b, d);
	else if (m->has_calls)
		snprintf(why, len, "calls per hour %s below the center's %s that day", a, b);
	else
		snprintf(why, len, "KPI %s below the center's %s that day", c, d);
	return true;
}

static void
start_overtime_line(const AttInput *in, AttLine *line, int32_t day, int64_t minutes)
{
	memset(line, 0, sizeof(*line));
	line->work_date = day;
	line->kind = LINE_OVERTIME;
	line->rule_ids = "AT-17";
	line->also_ids = "";
	line->policy = att_policy_on(in, day);
	line->measure = minutes * SCALE;
}

static const char *
label_on(const AttInput *in, int policy)
{
	return policy >= 0 ? in->policies[policy].label : "";
}

static void
judge_order(const AttInput *in, const AttOvertimeOrder *o, AttEmit emit, void *arg)
{
	int64_t		window = window_on(in, o->work_date);
	int64_t		minutes;
	char		why[200];
	char		pay[200];
	AttLine		line;
	const char *label;

	if (o->ends_at + window > in->as_of)
		return;					/* not over yet */
	minutes = worked_in(in, o->starts_at, o->ends_at, window) / ATT_USECS_PER_MINUTE;
	if (o->state != ORDER_APPROVED && minutes == 0)
		return;					/* neither ordered nor worked */
	start_overtime_line(in, &line, o->work_date, minutes);
	label = label_on(in, line.policy);
	if (o->state != ORDER_APPROVED || !o->decided || o->decided_at > o->starts_at)
	{
		snprintf(line.outcome, sizeof(line.outcome), "not_paid");
		snprintf(line.explanation, sizeof(line.explanation),
				 "overtime order %lld: %lld min worked, %s: not paid (AT-17%s%s)", (long long) o->order_id,
				 (long long) minutes,
				 o->state == ORDER_APPROVED ? "approved only after the work began" :
				 o->state == ORDER_REFUSED ? "the order was refused" :
				 o->state == ORDER_CANCELLED ? "the order was cancelled" : "the order was never approved",
				 label[0] ? ", " : "", label);
	}
	else if (o->own_work)
	{
		snprintf(line.outcome, sizeof(line.outcome), "not_paid");
		snprintf(line.explanation, sizeof(line.explanation),
				 "overtime order %lld: %lld min worked on the employee's own unfinished work: not paid (AT-17%s%s)",
				 (long long) o->order_id, (long long) minutes, label[0] ? ", " : "", label);
	}
	else if (below_average(metric_on(in, o->work_date), why, sizeof(why)))
	{
		snprintf(line.outcome, sizeof(line.outcome), "commission_only");
		snprintf(line.explanation, sizeof(line.explanation),
				 "overtime order %lld: %lld min worked, %s: commission only, no overtime pay (AT-17%s%s)",
				 (long long) o->order_id, (long long) minutes, why, label[0] ? ", " : "", label);
	}
	else
	{
		char		wage[32],
					rate[32],
					amount[32],
					hours[32];

		/* minutes x daily wage / (hours a day x 60) x rate, rounded once */
		line.amount = -att_round_fen((__int128) minutes * in->daily_wage * in->overtime_rate /
									 ((int64_t) in->overtime_hours_per_day * 60));
		line.from_pay = true;
		ladder_format_number(in->overtime_rate, rate, sizeof(rate));
		ladder_format_number((int64_t) minutes * SCALE / 60, hours, sizeof(hours));
		att_format_money(in->daily_wage, wage, sizeof(wage));
		att_format_money(-line.amount, amount, sizeof(amount));
		if (in->withhold_pay)
			snprintf(pay, sizeof(pay), "%s h x daily wage / %d x %s = withheld", hours, in->overtime_hours_per_day, rate);
		else
			snprintf(pay, sizeof(pay), "%s h x daily wage %s / %d x %s = %s", hours, wage, in->overtime_hours_per_day,
					 rate, amount);
		snprintf(line.outcome, sizeof(line.outcome), "paid");
		snprintf(line.explanation, sizeof(line.explanation),
				 "overtime order %lld, approved before the work: %lld min worked, %s paid (AT-17%s%s)",
				 (long long) o->order_id, (long long) minutes, pay, label[0] ? ", " : "", label);
	}
	emit(arg, &line);
}

/* Time beyond a shift without an order that covers it: not paid. */
static void
judge_unordered(const AttInput *in, const AttShift *s, AttEmit emit, void *arg)
{
	int64_t		window = window_on(in, s->work_date);
	int64_t		end = att_shift_end(s);
	AttMeasure	m;
	int64_t		minutes;
	AttLine		line;
	const char *label;

	if (end + window > in->as_of)
		return;
	att_measure_shift(s, in->punches, in->npunches, window, &m);
	if (!m.has_out || m.last_out <= end)
		return;
	minutes = (m.last_out - end - in_shifts(in, end, m.last_out)) / ATT_USECS_PER_MINUTE;
	if (minutes < in->overtime_min_minutes || minutes <= 0)
		return;
	for (int i = 0; i < in->norders; i++)
		if (overlap(end, m.last_out, in->orders[i].starts_at, in->orders[i].ends_at) > 0)
			return;				/* judged with its order */
	start_overtime_line(in, &line, s->work_date, minutes);
	label = label_on(in, line.policy);
	snprintf(line.outcome, sizeof(line.outcome), "not_paid");
	snprintf(line.explanation, sizeof(line.explanation),
			 "%lld min worked beyond the shift without an overtime order: not paid (AT-17%s%s)",
			 (long long) minutes, label[0] ? ", " : "", label);
	emit(arg, &line);
}

void
att_judge_overtime(const AttInput *in, AttEmit emit, void *arg)
{
	int			i = 0,
				j = 0;

	/* by day: a day's shifts, then its orders */
	while (i < in->nshifts || j < in->norders)
	{
		if (j == in->norders || (i < in->nshifts && in->shifts[i].work_date <= in->orders[j].work_date))
		{
			const AttShift *s = &in->shifts[i++];

			if (s->work_date >= in->period_first && s->work_date <= in->period_last)
				judge_unordered(in, s, emit, arg);
		}
		else
		{
			const AttOvertimeOrder *o = &in->orders[j++];

			if (o->work_date >= in->period_first && o->work_date <= in->period_last)
				judge_order(in, o, emit, arg);
		}
	}
}
