/*
 * attendance.c
 *		SQL shell of the attendance engine (attendance_core.h): what a shift's
 *		punches measure (shift_attendance, for the view attendance_day) and an
 *		employee's month judged into penalty lines (judge_attendance_month,
 *		under penalty_lines). Both take everything as values, arrays built by
 *		the SQL that calls them; neither runs a query.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "funcapi.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/datetime.h"
#include "utils/lsyscache.h"
#include "utils/multirangetypes.h"
#include "utils/rangetypes.h"
#include "utils/timestamp.h"
#include "utils/typcache.h"

#include "attendance_core.h"
#include "packed.h"
#include "ladder.h"
#include "rulebook.h"

PG_FUNCTION_INFO_V1(shift_attendance);
PG_FUNCTION_INFO_V1(judge_attendance_month);

/* The elements of an array argument (none for NULL); elements may not be NULL. */
static int
array_items(FunctionCallInfo fcinfo, int arg, const char *what, Datum **values)
{
	ArrayType  *a;
	int16		len;
	bool		byval;
	char		align;
	bool	   *nulls;
	int			n;

	*values = NULL;
	if (PG_ARGISNULL(arg))
		return 0;
	a = PG_GETARG_ARRAYTYPE_P(arg);
	if (ARR_NDIM(a) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("%s must be a one-dimensional array", what)));
	get_typlenbyvalalign(ARR_ELEMTYPE(a), &len, &byval, &align);
	deconstruct_array(a, ARR_ELEMTYPE(a), len, byval, align, values, &nulls, &n);
	for (int i = 0; i < n; i++)
		if (nulls[i])
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("%s must not contain NULL", what)));
	return n;
}

static void
same_length(int a, int b, const char *what)
{
	if (a != b)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("the arrays of %s differ in length (%d and %d)", what, a, b)));
}

/* How far outside a shift its punches may be: hours, not months. */
static int64
window_usecs(const Interval *window)
{
	int64		usecs = window->time + (int64) window->day * USECS_PER_DAY;

	if (window->month != 0 || usecs < 0 || usecs > 12 * USECS_PER_HOUR)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("the punch window is from 0 to 12 hours")));
	return usecs;
}

/* A shift's real instants, from its tstzmultirange. */
static void
shift_from_multirange(Datum value, int32 work_date, AttShift *out)
{
	MultirangeType *mr = DatumGetMultirangeTypeP(value);
	static TypeCacheEntry *typcache = NULL;

	/* type cache entries live as long as the backend: look it up once */
	if (typcache == NULL || typcache->type_id != MultirangeTypeGetOid(mr))
		typcache = lookup_type_cache(MultirangeTypeGetOid(mr), TYPECACHE_MULTIRANGE_INFO);

	if (typcache->rngtype == NULL || typcache->rngtype->rngelemtype->type_id != TIMESTAMPTZOID)
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("shift instants must be a tstzmultirange")));
	if (mr->rangeCount < 1 || mr->rangeCount > ATT_MAX_WINDOWS)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("a shift has 1 to %d windows, not %d", ATT_MAX_WINDOWS, (int) mr->rangeCount)));
	memset(out, 0, sizeof(*out));
	out->work_date = work_date;
	out->nwindows = (int) mr->rangeCount;
	for (uint32 i = 0; i < mr->rangeCount; i++)
	{
		RangeBound	lower,
					upper;

		multirange_get_bounds(typcache->rngtype, mr, i, &lower, &upper);
		if (lower.infinite || upper.infinite || !lower.inclusive || upper.inclusive)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("a shift's windows are finite [start, end) ranges")));
		out->windows[i][0] = DatumGetTimestampTz(lower.val);
		out->windows[i][1] = DatumGetTimestampTz(upper.val);
	}
}

/* by time; at the same instant a sign-in first */
static int
punch_order(const void *a, const void *b)
{
	const AttPunch *x = a;
	const AttPunch *y = b;

	if (x->at != y->at)
		return x->at < y->at ? -1 : 1;
	return (int) y->in - (int) x->in;
}

/* by start */
static int
shift_order(const void *a, const void *b)
{
	const AttShift *x = a;
	const AttShift *y = b;

	if (x->windows[0][0] != y->windows[0][0])
		return x->windows[0][0] < y->windows[0][0] ? -1 : 1;
	return 0;
}

/* A shift in a packed list: this, then 2 x nwindows int64 instants. */
typedef struct PackedShift
{
	int32		work_date;
	int16		nwindows;
	int16		swapped;
} PackedShift;

/* A punch in a packed list: its instant times 2, plus 1 for a sign-in. */
#define PUNCH_LIMIT		(INT64CONST(1) << 61)

PG_FUNCTION_INFO_V1(collect_punches_step);
PG_FUNCTION_INFO_V1(collect_shifts_step);

/* collect_punches(at, is_in): one employee's punches, packed. */
Datum
collect_punches_step(PG_FUNCTION_ARGS)
{
	PackedList *list = cs_packed_arg(fcinfo, 0);
	int64		code;
	TimestampTz at;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
	{
		if (list == NULL)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(list);
	}
	at = PG_GETARG_TIMESTAMPTZ(1);
	if (at <= -PUNCH_LIMIT || at >= PUNCH_LIMIT)
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("a punch must be a finite time between 4713 BC and 294276 AD")));
	code = at * 2 + (PG_GETARG_BOOL(2) ? 1 : 0);
	PG_RETURN_POINTER(cs_packed_append(fcinfo, list, &code, sizeof(code), 1));
}

/* collect_shifts(work_date, instants, swapped): one employee's shifts, packed. */
Datum
collect_shifts_step(PG_FUNCTION_ARGS)
{
	PackedList *list = cs_packed_arg(fcinfo, 0);
	AttShift	shift;
	char		entry[sizeof(PackedShift) + sizeof(int64) * 2 * ATT_MAX_WINDOWS];
	PackedShift head;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
	{
		if (list == NULL)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(list);
	}
	shift_from_multirange(PG_GETARG_DATUM(2), PG_GETARG_DATEADT(1), &shift);
	head.work_date = shift.work_date;
	head.nwindows = (int16) shift.nwindows;
	head.swapped = !PG_ARGISNULL(3) && PG_GETARG_BOOL(3);
	memcpy(entry, &head, sizeof(head));
	memcpy(entry + sizeof(head), shift.windows, sizeof(int64) * 2 * shift.nwindows);
	PG_RETURN_POINTER(cs_packed_append(fcinfo, list, entry, sizeof(head) + sizeof(int64) * 2 * shift.nwindows, 1));
}


/* The punches of a packed list, in time order, less those voided. */
/*
 * Punches and shifts come nearly in time order (in the order they were
 * written): insertion sort is linear then. Long lists out of order fall back
 * to qsort.
 */
static void
sort_punches(AttPunch *p, int n)
{
	if (n > 512)
	{
		qsort(p, n, sizeof(AttPunch), punch_order);
		return;
	}
	for (int i = 1; i < n; i++)
	{
		AttPunch	x = p[i];
		int			j = i - 1;

		while (j >= 0 && punch_order(&p[j], &x) > 0)
		{
			p[j + 1] = p[j];
			j--;
		}
		p[j + 1] = x;
	}
}

static void
sort_shifts(AttShift *s, int n)
{
	if (n > 128)
	{
		qsort(s, n, sizeof(AttShift), shift_order);
		return;
	}
	for (int i = 1; i < n; i++)
	{
		AttShift	x;
		int			j = i - 1;

		if (shift_order(&s[j], &s[i]) <= 0)
			continue;
		x = s[i];
		while (j >= 0 && shift_order(&s[j], &x) > 0)
		{
			s[j + 1] = s[j];
			j--;
		}
		s[j + 1] = x;
	}
}

static AttPunch *
punches_from_list(FunctionCallInfo fcinfo, int arg, int void_arg, int *n)
{
	PackedList *list = cs_packed_arg(fcinfo, arg);
	PackedList *voided = void_arg >= 0 ? cs_packed_arg(fcinfo, void_arg) : NULL;
	int			count = list ? list->count : 0;
	AttPunch   *p;
	int			k = 0;

	if (list && list->used != count * 8)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("not a list made by collect_punches")));
	p = palloc(sizeof(AttPunch) * (count + 1));
	for (int i = 0; i < count; i++)
	{
		int64		code;

		memcpy(&code, PACKED_PAYLOAD(list) + 8 * i, sizeof(code));
		p[k].in = (code & 1) != 0;
		p[k].at = (code - (code & 1)) / 2;
		/* a punch made by someone else does not count (AT-7) */
		if (voided && voided->used == voided->count * 8)
		{
			bool		drop = false;

			for (int j = 0; j < voided->count && !drop; j++)
			{
				int64		v;

				memcpy(&v, PACKED_PAYLOAD(voided) + 8 * j, sizeof(v));
				drop = v == code;
			}
			if (drop)
				continue;
		}
		k++;
	}
	/* in time order: sorting here is cheaper than an ORDER BY in the aggregate */
	sort_punches(p, k);
	*n = k;
	return p;
}

static AttShift *
shifts_from_list(FunctionCallInfo fcinfo, int arg, int *n)
{
	PackedList *list = cs_packed_arg(fcinfo, arg);
	int			count = list ? list->count : 0;
	AttShift   *shifts = palloc0(sizeof(AttShift) * (count + 1));
	Size		at = 0;

	for (int i = 0; i < count; i++)
	{
		PackedShift head;

		if (at + sizeof(head) > (Size) list->used)
			goto corrupt;
		memcpy(&head, PACKED_PAYLOAD(list) + at, sizeof(head));
		if (head.nwindows < 1 || head.nwindows > ATT_MAX_WINDOWS ||
			at + sizeof(head) + sizeof(int64) * 2 * head.nwindows > (Size) list->used)
			goto corrupt;
		shifts[i].work_date = head.work_date;
		shifts[i].nwindows = head.nwindows;
		shifts[i].swapped = head.swapped != 0;
		memcpy(shifts[i].windows, PACKED_PAYLOAD(list) + at + sizeof(head), sizeof(int64) * 2 * head.nwindows);
		for (int w = 0; w < head.nwindows; w++)
			if (shifts[i].windows[w][1] <= shifts[i].windows[w][0] ||
				(w > 0 && shifts[i].windows[w][0] < shifts[i].windows[w - 1][1]))
				goto corrupt;
		at += sizeof(head) + sizeof(int64) * 2 * head.nwindows;
	}
	if (list && at != (Size) list->used)
		goto corrupt;
	sort_shifts(shifts, count);
	*n = count;
	return shifts;

corrupt:
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("not a list made by collect_shifts")));
	pg_unreachable();
}

static void
sum_absence(void *arg, const AttLine *line)
{
	*(int64 *) arg += line->absence_days;
}

/*
 * shift_attendance(rulebook, instants, punches, window, as_of,
 *     work_date, excused, field_notified_at, leave_state, swapped):
 * the first sign-in, last sign-out, late, early and away minutes of one
 * shift, and the days of absence it comes to under the rulebook (NULL: no
 * rules, only a shift missed altogether is absence), judged by the same
 * engine as penalty_lines, as the first event of its month.
 */
Datum
shift_attendance(PG_FUNCTION_ARGS)
{
	TupleDesc	desc;
	Datum		values[9];
	bool		nulls[9] = {false};
	AttShift	shift;
	AttMeasure	m;
	AttInput	in;
	AttPolicy	policy;
	RulebookRef book;
	AttException exception;
	AttLeave	leave;
	int64		absence = 0;
	const char *error;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(3) || PG_ARGISNULL(4) || PG_ARGISNULL(5))
		PG_RETURN_NULL();
	if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "shift_attendance must return a composite type");
	desc = BlessTupleDesc(desc);
	memset(&in, 0, sizeof(in));
	shift_from_multirange(PG_GETARG_DATUM(1), PG_GETARG_DATEADT(5), &shift);
	shift.swapped = !PG_ARGISNULL(9) && PG_GETARG_BOOL(9);
	in.punches = punches_from_list(fcinfo, 2, -1, &in.npunches);
	in.punch_window = window_usecs(PG_GETARG_INTERVAL_P(3));
	in.as_of = PG_GETARG_TIMESTAMPTZ(4);
	att_measure_shift(&shift, in.punches, in.npunches, in.punch_window, &m);

	if (PG_ARGISNULL(0))
		book.nentries = 0;
	else
		cs_rulebook_ref(PG_GETARG_RULEBOOK_P(0), &book);
	policy.book = &book;
	policy.valid_from = PG_INT32_MIN;
	policy.valid_until = PG_INT32_MAX;
	policy.label = "";
	in.policies = &policy;
	in.npolicies = 1;
	in.month_first = in.month_last = shift.work_date;
	in.hired_on = shift.work_date;
	in.shifts = &shift;
	in.nshifts = 1;
	if (!PG_ARGISNULL(6) && PG_GETARG_BOOL(6))
	{
		exception.work_date = shift.work_date;
		exception.field_work = !PG_ARGISNULL(7);
		exception.notified_at = exception.field_work ? PG_GETARG_TIMESTAMPTZ(7) : 0;
		in.exceptions = &exception;
		in.nexceptions = 1;
	}
	if (!PG_ARGISNULL(8))
	{
		leave.first_day = leave.last_day = shift.work_date;
		leave.state = PG_GETARG_INT32(8);
		if (leave.state < LEAVE_COUNTS || leave.state > LEAVE_UNDOCUMENTED)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("a leave state is 0 (leave), 1 (void) or 2 (undocumented), not %d", leave.state)));
		in.leaves = &leave;
		in.nleaves = 1;
	}
	if (!att_evaluate(&in, sum_absence, &absence, &error))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot judge the shift: %s", error)));

	values[0] = TimestampTzGetDatum(m.first_in);
	nulls[0] = !m.has_in;
	values[1] = TimestampTzGetDatum(m.last_out);
	nulls[1] = !m.has_out;
	values[2] = Int32GetDatum(m.late_minutes);
	values[3] = Int32GetDatum(m.early_minutes);
	values[4] = Int32GetDatum(m.away_minutes);
	values[5] = BoolGetDatum(!m.has_in);
	values[6] = BoolGetDatum(!m.has_out);
	/* NULL until the shift's sign-out window is over: not judged yet */
	nulls[7] = !att_shift_judged(&shift, in.punch_window, in.as_of);
	values[7] = cs_millionths_to_numeric(absence);
	values[8] = Int32GetDatum(m.worked_minutes);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(desc, values, nulls)));
}

/* ------------------------------------------------------ the month */

typedef struct EmitState
{
	ReturnSetInfo *rsinfo;
	const int64 *policy_ids;
	bool		withhold_pay;
	int32		lines;
} EmitState;

/* whole fen as numeric with two decimals */
static Datum
money_numeric(int64 millionths)
{
	char		buf[40];
	int64		fen = millionths / 10000;
	uint64		mag = fen < 0 ? (uint64) (-fen) : (uint64) fen;

	snprintf(buf, sizeof(buf), "%s" UINT64_FORMAT ".%02d", fen < 0 ? "-" : "", mag / 100, (int) (mag % 100));
	return DirectFunctionCall3(numeric_in, CStringGetDatum(buf), ObjectIdGetDatum(InvalidOid), Int32GetDatum(-1));
}

static void
emit_tuple(void *arg, const AttLine *line)
{
	EmitState  *st = arg;
	Datum		values[13];
	bool		nulls[13] = {false};
	Datum		flags[LADDER_NFLAGS];
	int			nflags = 0;

	for (int f = 0; f < LADDER_NFLAGS; f++)
		if ((line->flags & (1 << f)) && (1 << f) != FLAG_ABSENCE)
			flags[nflags++] = CStringGetTextDatum(ladder_flag_names[f]);
	values[0] = Int32GetDatum(++st->lines);
	values[1] = DateADTGetDatum(line->work_date);
	values[2] = CStringGetTextDatum(att_line_kind_names[line->kind]);
	nulls[3] = line->rule_ids == NULL || line->rule_ids[0] == '\0';
	values[3] = nulls[3] ? (Datum) 0 : CStringGetTextDatum(line->rule_ids);
	values[4] = cs_millionths_to_numeric(line->measure);
	nulls[5] = line->outcome[0] == '\0';
	values[5] = nulls[5] ? (Datum) 0 : CStringGetTextDatum(line->outcome);
	/* SEC-2: withheld from a reader who may not see the wage behind it */
	nulls[6] = line->from_pay && st->withhold_pay;
	values[6] = nulls[6] ? (Datum) 0 : money_numeric(line->amount);
	values[7] = cs_millionths_to_numeric(line->points);
	values[8] = PointerGetDatum(construct_array(flags, nflags, TEXTOID, -1, false, TYPALIGN_INT));
	values[9] = cs_millionths_to_numeric(line->absence_days);
	values[10] = CStringGetTextDatum(line->explanation);
	nulls[11] = line->policy < 0;
	values[11] = nulls[11] ? (Datum) 0 : Int64GetDatum(st->policy_ids[line->policy]);
	values[12] = BoolGetDatum(line->from_pay);
	tuplestore_putvalues(st->rsinfo->setResult, st->rsinfo->setDesc, values, nulls);
}

static int64
numeric_arg_millionths(FunctionCallInfo fcinfo, int arg, const char *what)
{
	if (PG_ARGISNULL(arg))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("%s must not be null", what)));
	return cs_numeric_to_millionths(PG_GETARG_NUMERIC(arg), what);
}

static const char *
text_or_null(Datum d)
{
	return text_to_cstring(DatumGetTextPP(d));
}

/*
 * judge_attendance_month(month, as_of, punch_window, daily_wage,
 *     monthly_wage, hired_on, adjustment, adjustment_reason,
 *     shifts, punches, voided_punches,
 *     leave_first, leave_last, leave_state, exception_dates,
 *     exception_field_work, exception_notified_at, incident_dates,
 *     incident_kinds, incident_measures, incident_notes, policy_rulebooks,
 *     policy_from, policy_until, policy_labels, policy_ids,
 *     earlier_incident_dates, earlier_incident_kinds, withhold_pay)
 * Shifts and punches are lists packed by collect_shifts and
 * collect_punches (in any order: they are sorted here); arrays of one
 * thing are in the same order, incidents by date; incident_measures and
 * incident_notes use -1 and '' for none. The earlier incidents are those of
 * the months before that a count looks back over (CP-9), in any order.
 */
Datum
judge_attendance_month(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	AttInput	in;
	EmitState	st;
	Datum	   *a,
			   *b,
			   *c,
			   *d;
	int			n,
				n2,
				n3,
				n4,
				n5;
	AttLeave   *leaves;
	AttException *exceptions;
	AttIncident *incidents;
	AttPolicy  *policies;
	RulebookRef *books;
	int64	   *policy_ids;
	const char *error;
	DateADT		month;

	InitMaterializedSRF(fcinfo, 0);
	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(2) || PG_ARGISNULL(5))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("the month, as_of, the punch window and the hiring date must not be null")));
	memset(&in, 0, sizeof(in));
	month = PG_GETARG_DATEADT(0);
	{
		int			y,
					m,
					dd;

		j2date(month + POSTGRES_EPOCH_JDATE, &y, &m, &dd);
		if (dd != 1)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("a month is given by its first day, not %d-%02d-%02d", y, m, dd)));
		in.month_first = month;
		in.month_last = date2j(m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, 1) - POSTGRES_EPOCH_JDATE - 1;
	}
	in.as_of = PG_GETARG_TIMESTAMPTZ(1);
	in.punch_window = window_usecs(PG_GETARG_INTERVAL_P(2));
	in.daily_wage = numeric_arg_millionths(fcinfo, 3, "daily_wage");
	in.monthly_wage = numeric_arg_millionths(fcinfo, 4, "monthly_wage");
	in.withhold_pay = PG_NARGS() > 28 && !PG_ARGISNULL(28) && PG_GETARG_BOOL(28);
	in.hired_on = PG_GETARG_DATEADT(5);
	in.has_adjustment = !PG_ARGISNULL(6);
	if (in.has_adjustment)
		in.adjustment = cs_numeric_to_millionths(PG_GETARG_NUMERIC(6), "the score adjustment");
	in.adjustment_reason = PG_ARGISNULL(7) ? NULL : text_to_cstring(PG_GETARG_TEXT_PP(7));

	in.shifts = shifts_from_list(fcinfo, 8, &in.nshifts);
	in.punches = punches_from_list(fcinfo, 9, 10, &in.npunches);

	/* leave */
	n = array_items(fcinfo, 11, "leave first days", &a);
	n2 = array_items(fcinfo, 12, "leave last days", &b);
	n3 = array_items(fcinfo, 13, "leave states", &c);
	same_length(n, n2, "leave");
	same_length(n, n3, "leave");
	leaves = palloc(sizeof(AttLeave) * (n + 1));
	for (int i = 0; i < n; i++)
	{
		leaves[i].first_day = DatumGetDateADT(a[i]);
		leaves[i].last_day = DatumGetDateADT(b[i]);
		leaves[i].state = DatumGetInt32(c[i]);
		if (leaves[i].state < LEAVE_COUNTS || leaves[i].state > LEAVE_UNDOCUMENTED)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("a leave state is 0 (leave), 1 (void) or 2 (undocumented), not %d", leaves[i].state)));
	}
	in.leaves = leaves;
	in.nleaves = n;

	/* exceptions */
	n = array_items(fcinfo, 14, "exception dates", &a);
	n2 = array_items(fcinfo, 15, "exception field work", &b);
	n3 = array_items(fcinfo, 16, "exception notice times", &c);
	same_length(n, n2, "exceptions");
	same_length(n, n3, "exceptions");
	exceptions = palloc(sizeof(AttException) * (n + 1));
	for (int i = 0; i < n; i++)
	{
		exceptions[i].work_date = DatumGetDateADT(a[i]);
		exceptions[i].field_work = DatumGetBool(b[i]);
		exceptions[i].notified_at = DatumGetTimestampTz(c[i]);
	}
	in.exceptions = exceptions;
	in.nexceptions = n;

	/* incidents */
	n = array_items(fcinfo, 17, "incident dates", &a);
	n2 = array_items(fcinfo, 18, "incident kinds", &b);
	n3 = array_items(fcinfo, 19, "incident measures", &c);
	n4 = array_items(fcinfo, 20, "incident notes", &d);
	same_length(n, n2, "incidents");
	same_length(n, n3, "incidents");
	same_length(n, n4, "incidents");
	incidents = palloc(sizeof(AttIncident) * (n + 1));
	for (int i = 0; i < n; i++)
	{
		int64		measure = cs_numeric_to_millionths(DatumGetNumeric(c[i]), "an incident's measure");

		incidents[i].work_date = DatumGetDateADT(a[i]);
		incidents[i].kind = text_or_null(b[i]);
		incidents[i].has_measure = measure >= 0;
		incidents[i].measure = measure;
		incidents[i].note = text_or_null(d[i]);
		if (i > 0 && incidents[i].work_date < incidents[i - 1].work_date)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("incidents must be in date order")));
	}
	in.incidents = incidents;
	in.nincidents = n;

	/* incidents of the months before, for counts over several months */
	n = array_items(fcinfo, 26, "earlier incident dates", &a);
	n2 = array_items(fcinfo, 27, "earlier incident kinds", &b);
	same_length(n, n2, "earlier incidents");
	{
		AttIncident *earlier = palloc0(sizeof(AttIncident) * (n + 1));

		for (int i = 0; i < n; i++)
		{
			earlier[i].work_date = DatumGetDateADT(a[i]);
			earlier[i].kind = text_or_null(b[i]);
		}
		in.earlier_incidents = earlier;
		in.nearlier = n;
	}

	/* policies, nearest department first */
	{
		Datum	   *e,
				   *ids;

		n = array_items(fcinfo, 21, "policy rulebooks", &a);
		n2 = array_items(fcinfo, 22, "policy starts", &b);
		n3 = array_items(fcinfo, 23, "policy ends", &c);
		n4 = array_items(fcinfo, 24, "policy labels", &e);
		n5 = array_items(fcinfo, 25, "policy ids", &ids);
		same_length(n, n2, "policies");
		same_length(n, n3, "policies");
		same_length(n, n4, "policies");
		same_length(n, n5, "policies");
		policies = palloc(sizeof(AttPolicy) * (n + 1));
		books = palloc(sizeof(RulebookRef) * (n + 1));
		policy_ids = palloc(sizeof(int64) * (n + 1));
		for (int i = 0; i < n; i++)
		{
			DateADT		until = DatumGetDateADT(c[i]);

			cs_rulebook_ref(DatumGetRulebookP(a[i]), &books[i]);
			policies[i].book = &books[i];
			policies[i].valid_from = DatumGetDateADT(b[i]);
			/* infinity: open-ended */
			policies[i].valid_until = DATE_NOT_FINITE(until) ? PG_INT32_MAX : until;
			policies[i].label = text_or_null(e[i]);
			policy_ids[i] = DatumGetInt64(ids[i]);
		}
		in.policies = policies;
		in.npolicies = n;
	}

	st.rsinfo = rsinfo;
	st.policy_ids = policy_ids;
	st.withhold_pay = in.withhold_pay;
	st.lines = 0;
	if (!att_evaluate(&in, emit_tuple, &st, &error))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot judge the month: %s", error)));
	return (Datum) 0;
}

/* ------------------------------------------------ a shift's punch window */

/*
 * shift_window_start(instants, margin) and shift_window_end(instants, margin):
 * from margin before a shift's first start to margin after its last end,
 * where its punches are looked for. They are C and LEAKPROOF so that, under
 * row-level security, the planner may still use them as index conditions
 * on punch (employee_id, at): lower(instants) - margin, written out in the
 * view, calls functions that are not leakproof and would be held back
 * behind the policy (SEC-1 must not make attendance_day slow).
 */
static Datum
shift_window_bound(FunctionCallInfo fcinfo, bool end)
{
	MultirangeType *mr = PG_GETARG_MULTIRANGE_P(0);
	Interval   *margin = PG_GETARG_INTERVAL_P(1);
	TypeCacheEntry *typcache;
	RangeBound	lower,
				upper;

	if (MultirangeIsEmpty(mr))
		PG_RETURN_NULL();
	typcache = multirange_get_typcache(fcinfo, MultirangeTypeGetOid(mr));
	multirange_get_bounds(typcache->rngtype, mr, end ? mr->rangeCount - 1 : 0, &lower, &upper);
	if (end ? upper.infinite : lower.infinite)
		PG_RETURN_NULL();
	return DirectFunctionCall2(end ? timestamptz_pl_interval : timestamptz_mi_interval,
							   end ? upper.val : lower.val, IntervalPGetDatum(margin));
}

PG_FUNCTION_INFO_V1(shift_window_start);
Datum
shift_window_start(PG_FUNCTION_ARGS)
{
	return shift_window_bound(fcinfo, false);
}

PG_FUNCTION_INFO_V1(shift_window_end);
Datum
shift_window_end(PG_FUNCTION_ARGS)
{
	return shift_window_bound(fcinfo, true);
}
