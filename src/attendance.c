/*
 * attendance.c
 *		SQL shell of the attendance engine (attendance_core.h): one
 *		employee's attendance period, as one cs_policy.attendance_input
 *		value gathered by attendance_input(), judged into penalty lines
 *		(judge_attendance, under penalty_lines) and into what each shift came
 *		to (judge_attendance_shifts, under attendance_day). Both read the
 *		same input through the same engine, so the two never disagree; they
 *		take everything as values and run no query.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "executor/executor.h"
#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/datetime.h"
#include "utils/lsyscache.h"
#include "utils/multirangetypes.h"
#include "utils/numeric.h"
#include "utils/rangetypes.h"
#include "utils/timestamp.h"
#include "utils/typcache.h"

#include "attendance_core.h"
#include "packed.h"
#include "ladder.h"
#include "rulebook.h"
#include "shift.h"

PG_FUNCTION_INFO_V1(judge_attendance);
PG_FUNCTION_INFO_V1(judge_attendance_shifts);
PG_FUNCTION_INFO_V1(judge_overtime);
PG_FUNCTION_INFO_V1(judge_period);
PG_FUNCTION_INFO_V1(team_member_of);
PG_FUNCTION_INFO_V1(judge_for_close);

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
	TypeCacheEntry *range_type = cs_instants_range_type(mr);

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

		multirange_get_bounds(range_type, mr, i, &lower, &upper);
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

/* The entries of a packed punch list (NULL: none), as codes. */
static const int64 *
punch_codes(Datum value, bool isnull, int *n)
{
	PackedList *list = isnull ? NULL : cs_packed_datum(value);

	*n = 0;
	if (list == NULL)
		return NULL;
	/* in 64 bits: a forged count must not wrap around to pass */
	if ((int64) list->count * 8 != (int64) list->used)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("not a list made by collect_punches")));
	*n = list->count;
	return (const int64 *) PACKED_PAYLOAD(list);
}

static bool
code_in(const int64 *codes, int n, int64 code)
{
	for (int j = 0; j < n; j++)
		if (codes[j] == code)
			return true;
	return false;
}

/* The punches of a packed list, in time order, less those made by someone else. */
static AttPunch *
punches_from_list(Datum value, bool isnull, const int64 *voided, int nvoided, int *n)
{
	int			count;
	const int64 *codes = punch_codes(value, isnull, &count);
	AttPunch   *p = palloc(sizeof(AttPunch) * (count + 1));
	int			k = 0;

	for (int i = 0; i < count; i++)
	{
		int64		code;

		memcpy(&code, &codes[i], sizeof(code));
		/* a punch made by someone else does not count (AT-7): few, looked up one by one */
		if (nvoided > 0 && code_in(voided, nvoided, code))
			continue;
		p[k].in = (code & 1) != 0;
		p[k].at = (code - (code & 1)) / 2;
		k++;
	}
	/* in time order: sorting here is cheaper than an ORDER BY in the aggregate */
	sort_punches(p, k);
	*n = k;
	return p;
}

static AttShift *
shifts_from_list(Datum value, bool isnull, int *n)
{
	PackedList *list = isnull ? NULL : cs_packed_datum(value);
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

/* ------------------------------------------------------ the input */

/*
 * A composite value deformed once; its fields are found by name (the
 * composite types are declared next to attendance_input() in
 * src/attendance.sql), each name's position looked up once per backend.
 */
typedef struct Row
{
	Oid			type;
	uint64		ident;			/* changes when the type does (ALTER TYPE) */
	int32		typmod;
	int			natts;
	Datum	   *values;
	bool	   *nulls;
} Row;

static void
row_open(Row *r, Datum value)
{
	HeapTupleHeader t = DatumGetHeapTupleHeader(value);
	TupleDesc	desc;
	HeapTupleData tuple;

	r->type = HeapTupleHeaderGetTypeId(t);
	r->typmod = HeapTupleHeaderGetTypMod(t);
	r->ident = lookup_type_cache(r->type, TYPECACHE_TUPDESC)->tupDesc_identifier;
	desc = lookup_rowtype_tupdesc(r->type, r->typmod);
	r->natts = desc->natts;
	r->values = palloc(sizeof(Datum) * desc->natts);
	r->nulls = palloc(sizeof(bool) * desc->natts);
	tuple.t_len = HeapTupleHeaderGetDatumLength(t);
	ItemPointerSetInvalid(&tuple.t_self);
	tuple.t_tableOid = InvalidOid;
	tuple.t_data = t;
	heap_deform_tuple(&tuple, desc, r->values, r->nulls);
	ReleaseTupleDesc(desc);
}

static Datum
field(const Row *r, const char *name, bool *isnull)
{
	/* the names are literals: their addresses identify them */
	static struct
	{
		Oid			type;
		uint64		ident;
		const char *name;
		int			index;
	}			cache[128];
	static int	ncache = 0;
	int			index = -1;

	for (int i = 0; i < ncache && index < 0; i++)
		if (cache[i].name == name && cache[i].type == r->type && cache[i].ident == r->ident)
			index = cache[i].index;
	if (index < 0)
	{
		TupleDesc	desc = lookup_rowtype_tupdesc(r->type, r->typmod);

		for (int a = 0; a < desc->natts && index < 0; a++)
			if (!TupleDescAttr(desc, a)->attisdropped && strcmp(NameStr(TupleDescAttr(desc, a)->attname), name) == 0)
				index = a;
		ReleaseTupleDesc(desc);
		if (index < 0)
			ereport(ERROR,
					(errcode(ERRCODE_UNDEFINED_COLUMN),
					 errmsg("the attendance input has no field %s", name)));
		if (ncache < (int) lengthof(cache))
		{
			cache[ncache].ident = r->ident;
			cache[ncache].type = r->type;
			cache[ncache].name = name;
			cache[ncache++].index = index;
		}
	}
	if (index >= r->natts)
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("the attendance input has fewer fields than its type")));
	*isnull = r->nulls[index];
	return r->values[index];
}

static Datum
required(const Row *t, const char *name)
{
	bool		isnull;
	Datum		d = field(t, name, &isnull);

	if (isnull)
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("the attendance input's %s must not be null", name),
				 errhint("Judge what cs_policy.attendance_input(period) gathers.")));
	return d;
}

/* The elements of an array field (none for NULL); they may not be NULL. */
static int
items(const Row *t, const char *name, Datum **values)
{
	bool		isnull;
	Datum		d = field(t, name, &isnull);
	ArrayType  *a;
	int16		len;
	bool		byval;
	char		align;
	bool	   *nulls;
	int			n;

	*values = NULL;
	if (isnull)
		return 0;
	a = DatumGetArrayTypeP(d);
	if (ARR_NDIM(a) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("the attendance input's %s must be a one-dimensional array", name)));
	get_typlenbyvalalign(ARR_ELEMTYPE(a), &len, &byval, &align);
	deconstruct_array(a, ARR_ELEMTYPE(a), len, byval, align, values, &nulls, &n);
	for (int i = 0; i < n; i++)
		if (nulls[i])
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("the attendance input's %s must not contain NULL", name)));
	return n;
}

static int64
millionths_or_zero(const Row *t, const char *name)
{
	bool		isnull;
	Datum		d = field(t, name, &isnull);

	return isnull ? 0 : cs_numeric_to_millionths(DatumGetNumeric(d), name);
}

/* An input's extra, for the results: policy ids and the punches that came from corrections. */
/*
 * What a call site of the engine keeps from one employee to the next
 * (fn_extra): the engine runs once per employee, and building the result's
 * row type from the catalog, or decompressing and reading the department's
 * rulebook, each time cost more than judging some periods. Rulebooks are
 * known by the bytes they came as (a compressed value or a pointer to the
 * stored one, which never changes), so a value is never mistaken for
 * another.
 */
#define JUDGE_MEMO_BOOKS 16

typedef struct JudgeMemo
{
	TupleDesc	result_type;
	int			nbooks;
	struct
	{
		struct varlena *as_given;	/* the value as it came, copied */
		RulebookRef ref;		/* read from its detoasted copy */
	}			books[JUDGE_MEMO_BOOKS];
} JudgeMemo;

static JudgeMemo *
judge_memo(FunctionCallInfo fcinfo)
{
	if (fcinfo->flinfo->fn_extra == NULL)
		fcinfo->flinfo->fn_extra = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(JudgeMemo));
	return (JudgeMemo *) fcinfo->flinfo->fn_extra;
}

/* A rulebook of the input, read once per call site. */
static void
read_rulebook(JudgeMemo *memo, MemoryContext memo_context, Datum value, RulebookRef *out)
{
	struct varlena *given = (struct varlena *) DatumGetPointer(value);
	Size		size = VARSIZE_ANY(given);
	MemoryContext old;

	/* a pointer to a value in memory says nothing of its bytes */
	if (VARATT_IS_EXTERNAL(given) && !VARATT_IS_EXTERNAL_ONDISK(given))
	{
		cs_rulebook_ref(DatumGetRulebookP(value), out);
		return;
	}
	for (int i = 0; i < memo->nbooks; i++)
		if (VARSIZE_ANY(memo->books[i].as_given) == size && memcmp(memo->books[i].as_given, given, size) == 0)
		{
			*out = memo->books[i].ref;
			return;
		}
	if (memo->nbooks == JUDGE_MEMO_BOOKS)
	{
		cs_rulebook_ref(DatumGetRulebookP(value), out);
		return;
	}
	old = MemoryContextSwitchTo(memo_context);
	memo->books[memo->nbooks].as_given = palloc(size);
	memcpy(memo->books[memo->nbooks].as_given, given, size);
	cs_rulebook_ref((Rulebook *) PG_DETOAST_DATUM_COPY(value), &memo->books[memo->nbooks].ref);
	MemoryContextSwitchTo(old);
	*out = memo->books[memo->nbooks++].ref;
}

typedef struct InputExtra
{
	int64	   *policy_ids;
	const int64 *corrected;		/* punch codes (AT-4) */
	int			ncorrected;
} InputExtra;

/*
 * Reads one attendance_input: checks it like any input (22023, 22004) and
 * fills the engine's AttInput. Wages may be NULL only where withheld.
 */
static void
read_input(Datum value, AttInput *in, InputExtra *extra, JudgeMemo *memo, MemoryContext memo_context)
{
	Row			row;
	const Row  *t = &row;
	Datum	   *a;
	int			n;
	bool		isnull;
	Datum		d;
	const int64 *voided;
	int			nvoided;
	AttLeave   *leaves;
	AttException *exceptions;
	AttIncident *incidents;
	AttIncident *earlier;
	int			nin = 0,
				nearlier = 0;
	AttPolicy  *policies;
	RulebookRef *books;

	row_open(&row, value);
	memset(in, 0, sizeof(*in));
	in->period_first = DatumGetDateADT(required(t, "period_first"));
	in->period_last = DatumGetDateADT(required(t, "period_last"));
	d = field(t, "lookback_first", &isnull);
	in->lookback_first = isnull ? in->period_first : DatumGetDateADT(d);
	if (DATE_NOT_FINITE(in->period_first) || DATE_NOT_FINITE(in->period_last) ||
		DATE_NOT_FINITE(in->lookback_first) || in->period_last < in->period_first ||
		in->lookback_first > in->period_first || in->period_last - in->lookback_first > 400)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("an attendance period is finite days with lookback_first <= period_first <= period_last, within 400 days"),
				 errhint("cs_policy.attendance_period(employee_id, day) gives a period.")));
	in->as_of = DatumGetTimestampTz(required(t, "as_of"));
	in->hired_on = DatumGetDateADT(required(t, "hired_on"));
	d = field(t, "manager_or_above", &isnull);
	in->manager_or_above = !isnull && DatumGetBool(d);
	d = field(t, "withhold_pay", &isnull);
	in->withhold_pay = !isnull && DatumGetBool(d);
	/* SEC-2: a withheld wage is not given to the engine at all */
	in->daily_wage = millionths_or_zero(t, "daily_wage");
	in->monthly_wage = millionths_or_zero(t, "monthly_wage");
	if (!in->withhold_pay)
	{
		(void) required(t, "daily_wage");
		(void) required(t, "monthly_wage");
	}
	d = field(t, "adjustment", &isnull);
	in->has_adjustment = !isnull;
	if (!isnull)
		in->adjustment = cs_numeric_to_millionths(DatumGetNumeric(d), "the score adjustment");
	d = field(t, "adjustment_reason", &isnull);
	in->adjustment_reason = isnull ? NULL : TextDatumGetCString(d);

	d = field(t, "shifts", &isnull);
	in->shifts = shifts_from_list(d, isnull, &in->nshifts);
	d = field(t, "voided_punches", &isnull);
	voided = punch_codes(d, isnull, &nvoided);
	d = field(t, "punches", &isnull);
	in->punches = punches_from_list(d, isnull, voided, nvoided, &in->npunches);
	d = field(t, "corrected_punches", &isnull);
	extra->corrected = punch_codes(d, isnull, &extra->ncorrected);

	/* leave: (first_day, last_day, state, sick, approved_at) */
	n = items(t, "leave", &a);
	leaves = palloc(sizeof(AttLeave) * (n + 1));
	for (int i = 0; i < n; i++)
	{
		Row			l_row;
		const Row  *l = &l_row;

		row_open(&l_row, a[i]);
		leaves[i].first_day = DatumGetDateADT(required(l, "first_day"));
		leaves[i].last_day = DatumGetDateADT(required(l, "last_day"));
		leaves[i].state = DatumGetInt32(required(l, "state"));
		leaves[i].sick = DatumGetBool(required(l, "sick"));
		d = field(l, "approved_at", &isnull);
		/* not recorded: taken as approved in time */
		leaves[i].approved_at = isnull ? PG_INT64_MIN : DatumGetTimestampTz(d);
		if (leaves[i].state < LEAVE_COUNTS || leaves[i].state > LEAVE_VOID_ACTIVITY)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("a leave state is 0 (leave), 1 (void, LV-5), 2 (sick leave without documents, LV-3) or 3 (void, LV-7), not %d",
							leaves[i].state)));
	}
	in->leaves = leaves;
	in->nleaves = n;

	/* approved exceptions: (work_date, field_work, notified_at) */
	n = items(t, "excuses", &a);
	exceptions = palloc(sizeof(AttException) * (n + 1));
	for (int i = 0; i < n; i++)
	{
		Row			x_row;
		const Row  *x = &x_row;

		row_open(&x_row, a[i]);
		exceptions[i].work_date = DatumGetDateADT(required(x, "work_date"));
		exceptions[i].field_work = DatumGetBool(required(x, "field_work"));
		d = field(x, "notified_at", &isnull);
		exceptions[i].notified_at = isnull ? 0 : DatumGetTimestampTz(d);
	}
	in->exceptions = exceptions;
	in->nexceptions = n;

	/*
	 * incidents: (work_date, kind, measure, note) by date; those before the
	 * period only for the counts that look back (CP-9)
	 */
	n = items(t, "incidents", &a);
	incidents = palloc0(sizeof(AttIncident) * (n + 1));
	earlier = palloc0(sizeof(AttIncident) * (n + 1));
	for (int i = 0; i < n; i++)
	{
		Row			x_row;
		const Row  *x = &x_row;
		AttIncident inc;

		row_open(&x_row, a[i]);
		memset(&inc, 0, sizeof(inc));
		inc.work_date = DatumGetDateADT(required(x, "work_date"));
		inc.kind = TextDatumGetCString(required(x, "kind"));
		d = field(x, "measure", &isnull);
		inc.has_measure = !isnull;
		if (!isnull)
			inc.measure = cs_numeric_to_millionths(DatumGetNumeric(d), "an incident's measure");
		if (inc.has_measure && inc.measure < 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("an incident's measure is not negative")));
		d = field(x, "note", &isnull);
		inc.note = isnull ? NULL : TextDatumGetCString(d);
		d = field(x, "rule_id", &isnull);
		inc.rule_id = isnull ? NULL : TextDatumGetCString(d);
		if (inc.work_date < in->period_first)
			earlier[nearlier++] = inc;
		else
		{
			if (nin > 0 && inc.work_date < incidents[nin - 1].work_date)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("incidents must be in date order")));
			incidents[nin++] = inc;
		}
	}
	in->incidents = incidents;
	in->nincidents = nin;
	in->earlier_incidents = earlier;
	in->nearlier = nearlier;

	/* policies, nearest department first: (policy_id, label, valid_from, valid_until, rulebook, punch_window) */
	n = items(t, "policies", &a);
	policies = palloc(sizeof(AttPolicy) * (n + 1));
	books = palloc(sizeof(RulebookRef) * (n + 1));
	extra->policy_ids = palloc(sizeof(int64) * (n + 1));
	for (int i = 0; i < n; i++)
	{
		Row			q_row;
		const Row  *q = &q_row;
		DateADT		until;

		row_open(&q_row, a[i]);
		d = field(q, "rulebook", &isnull);
		if (isnull)
			books[i].nentries = 0;
		else
			read_rulebook(memo, memo_context, d, &books[i]);
		policies[i].book = &books[i];
		policies[i].valid_from = DatumGetDateADT(required(q, "valid_from"));
		d = field(q, "valid_until", &isnull);
		until = isnull ? DATEVAL_NOEND : DatumGetDateADT(d);
		/* infinity: open-ended */
		policies[i].valid_until = DATE_NOT_FINITE(until) ? PG_INT32_MAX : until;
		policies[i].label = TextDatumGetCString(required(q, "label"));
		policies[i].punch_window = window_usecs(DatumGetIntervalP(required(q, "punch_window")));
		extra->policy_ids[i] = DatumGetInt64(required(q, "policy_id"));
	}
	in->policies = policies;
	in->npolicies = n;

	/* AT-16: the onboarding training, if any */
	d = field(t, "training_first", &isnull);
	in->has_training = !isnull;
	if (in->has_training)
	{
		in->training_first = DatumGetDateADT(d);
		in->training_last = DatumGetDateADT(required(t, "training_last"));
		in->training_late_limit = DatumGetInt32(required(t, "training_late_limit"));
		in->training_absence_limit = DatumGetInt32(required(t, "training_absence_limit"));
		if (in->training_last < in->training_first || in->training_late_limit < 1 || in->training_absence_limit < 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("an onboarding training has days in order, a late limit of at least 1 and an absence limit of at least 0 minutes"),
					 errhint("The limits are the attendance settings training_late_limit and training_absence_limit_minutes (AT-16).")));
	}

	/* AT-17: overtime orders (order_id, work_date, starts_at, ends_at, state, decided_at, own_work) */
	{
		AttOvertimeOrder *orders;
		AttMetric  *metrics;
		static const char *const states[] = {"requested", "approved", "refused", "cancelled"};

		n = items(t, "overtime_orders", &a);
		orders = palloc0(sizeof(AttOvertimeOrder) * (n + 1));
		for (int i = 0; i < n; i++)
		{
			Row			o_row;
			const Row  *o = &o_row;
			char	   *state;

			row_open(&o_row, a[i]);
			state = TextDatumGetCString(required(o, "state"));

			orders[i].order_id = DatumGetInt64(required(o, "order_id"));
			orders[i].work_date = DatumGetDateADT(required(o, "work_date"));
			orders[i].starts_at = DatumGetTimestampTz(required(o, "starts_at"));
			orders[i].ends_at = DatumGetTimestampTz(required(o, "ends_at"));
			orders[i].own_work = DatumGetBool(required(o, "own_work"));
			d = field(o, "decided_at", &isnull);
			orders[i].decided = !isnull;
			orders[i].decided_at = isnull ? 0 : DatumGetTimestampTz(d);
			orders[i].state = -1;
			for (int k = 0; k < (int) lengthof(states); k++)
				if (strcmp(state, states[k]) == 0)
					orders[i].state = k;
			if (orders[i].state < 0 || orders[i].ends_at <= orders[i].starts_at ||
				(i > 0 && orders[i].work_date < orders[i - 1].work_date))
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("an overtime order is requested, approved, refused or cancelled, ends after it starts and comes in date order")));
		}
		in->orders = orders;
		in->norders = n;

		/* the days' metrics against the center's: (work_date, calls_per_hour, center_calls_per_hour, kpi, center_kpi) */
		n = items(t, "metrics", &a);
		metrics = palloc0(sizeof(AttMetric) * (n + 1));
		for (int i = 0; i < n; i++)
		{
			Row			m_row;
			const Row  *m = &m_row;
			bool		n1,
						n2;
			Datum		d1,
						d2;

			row_open(&m_row, a[i]);
			metrics[i].work_date = DatumGetDateADT(required(m, "work_date"));
			d1 = field(m, "calls_per_hour", &n1);
			d2 = field(m, "center_calls_per_hour", &n2);
			metrics[i].has_calls = !n1 && !n2;
			if (metrics[i].has_calls)
			{
				metrics[i].calls_per_hour = cs_numeric_to_millionths(DatumGetNumeric(d1), "calls per hour");
				metrics[i].center_calls_per_hour = cs_numeric_to_millionths(DatumGetNumeric(d2), "the center's calls per hour");
			}
			d1 = field(m, "kpi_score", &n1);
			d2 = field(m, "center_kpi_score", &n2);
			metrics[i].has_kpi = !n1 && !n2;
			if (metrics[i].has_kpi)
			{
				metrics[i].kpi = cs_numeric_to_millionths(DatumGetNumeric(d1), "the KPI score");
				metrics[i].center_kpi = cs_numeric_to_millionths(DatumGetNumeric(d2), "the center's KPI score");
			}
		}
		in->metrics = metrics;
		in->nmetrics = n;
		d = field(t, "overtime_rate", &isnull);
		in->overtime_rate = isnull ? 3 * LADDER_SCALE / 2 : cs_numeric_to_millionths(DatumGetNumeric(d), "the overtime rate");
		d = field(t, "overtime_hours_per_day", &isnull);
		in->overtime_hours_per_day = isnull ? 8 : DatumGetInt32(d);
		d = field(t, "overtime_min_minutes", &isnull);
		in->overtime_min_minutes = isnull ? 30 : DatumGetInt32(d);
		if (in->overtime_rate < 0 || in->overtime_rate > 10 * LADDER_SCALE || in->overtime_hours_per_day < 1 || in->overtime_hours_per_day > 24 ||
			in->overtime_min_minutes < 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("overtime is paid at a rate of 0 to 10, over 1 to 24 hours a day, from at least 0 minutes"),
					 errhint("The attendance settings overtime_rate, overtime_hours_per_day and overtime_min_minutes (AT-17).")));
	}
}

/* ------------------------------------------------------ the lines */

typedef struct EmitState
{
	ReturnSetInfo *rsinfo;
	const InputExtra *extra;
	bool		withhold_pay;
	int32		lines;
	int			overtime;		/* judge_period's last column: 1 overtime, 0 not; -1 none */
	bool		for_close;		/* judge_for_close's columns: part, shifts, shifts_on_leave */
	/* team_member_of: the judged shifts summed up */
	int64		member_shifts;
	int64		member_absence;	/* millionths of a day */
	int			member_absence_places;	/* the most decimals of one shift's, as SQL's sum keeps */
	int64		member_on_leave;
	int32		member_last_day;
	int			member_last_policy;	/* of the latest shift: index, -1 none */
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

/*
 * One rule per line: the first ID of the rule that charged it is the
 * line's rule_id; the rule's other IDs and those of what led to it (the
 * late that became an absence) are also_cites, each once.
 */
static int
split_ids(const char *ids, Datum *out, int n, int max, const char *first)
{
	while (ids && *ids && n < max)
	{
		size_t		len;
		bool		seen;

		while (*ids == ' ' || *ids == ',')
			ids++;
		len = strcspn(ids, ", ");
		if (len == 0)
			break;
		seen = first && strlen(first) == len && strncmp(first, ids, len) == 0;
		for (int i = 0; i < n && !seen; i++)
		{
			text	   *t = DatumGetTextPP(out[i]);

			seen = VARSIZE_ANY_EXHDR(t) == len && strncmp(VARDATA_ANY(t), ids, len) == 0;
		}
		if (!seen)
			out[n++] = PointerGetDatum(cstring_to_text_with_len(ids, (int) len));
		ids += len;
	}
	return n;
}

static void
emit_tuple(void *arg, const AttLine *line)
{
	EmitState  *st = arg;
	Datum		values[17];
	bool		nulls[17] = {false};
	Datum		flags[LADDER_NFLAGS];
	int			nflags = 0;
	char		first[RULE_NAME_LEN + 1] = "";
	Datum		also[16];
	int			nalso;

	for (int f = 0; f < LADDER_NFLAGS; f++)
		if ((line->flags & (1 << f)) && (1 << f) != FLAG_ABSENCE)
			flags[nflags++] = CStringGetTextDatum(ladder_flag_names[f]);
	if (line->rule_ids)
		snprintf(first, sizeof(first), "%.*s", (int) strcspn(line->rule_ids, ", "), line->rule_ids);
	nalso = split_ids(line->rule_ids + strlen(first), also, 0, lengthof(also), first);
	nalso = split_ids(line->also_ids, also, nalso, lengthof(also), first);
	values[0] = Int32GetDatum(++st->lines);
	values[1] = DateADTGetDatum(line->work_date);
	values[2] = CStringGetTextDatum(att_line_kind_names[line->kind]);
	nulls[3] = first[0] == '\0';
	values[3] = nulls[3] ? (Datum) 0 : CStringGetTextDatum(first);
	values[4] = PointerGetDatum(construct_array(also, nalso, TEXTOID, -1, false, TYPALIGN_INT));
	values[5] = cs_millionths_to_numeric(line->measure);
	nulls[6] = line->outcome[0] == '\0';
	values[6] = nulls[6] ? (Datum) 0 : CStringGetTextDatum(line->outcome);
	/* SEC-2: withheld from a reader who may not see the wage behind it */
	nulls[7] = line->from_pay && st->withhold_pay;
	values[7] = nulls[7] ? (Datum) 0 : money_numeric(line->amount);
	values[8] = cs_millionths_to_numeric(line->points);
	values[9] = PointerGetDatum(construct_array(flags, nflags, TEXTOID, -1, false, TYPALIGN_INT));
	values[10] = cs_millionths_to_numeric(line->absence_days);
	values[11] = CStringGetTextDatum(line->explanation);
	nulls[12] = line->policy < 0;
	values[12] = nulls[12] ? (Datum) 0 : Int64GetDatum(st->extra->policy_ids[line->policy]);
	values[13] = BoolGetDatum(line->from_pay);
	if (st->for_close)
	{
		values[14] = CStringGetTextDatum(st->overtime == 1 ? "overtime" : "penalty");
		nulls[15] = nulls[16] = true;
	}
	else if (st->overtime >= 0)
		values[14] = BoolGetDatum(st->overtime == 1);
	tuplestore_putvalues(st->rsinfo->setResult, st->rsinfo->setDesc, values, nulls);
}

/*
 * The member's days of absence, with as many decimals as the most of one
 * shift's, as SQL's sum keeps them; (Datum) 0 and *isnull for no shifts,
 * a sum of nothing.
 */
static Datum
member_days_absent(const EmitState *st, bool *isnull)
{
	int64		unit = 1;

	*isnull = st->member_shifts == 0;
	if (*isnull)
		return (Datum) 0;
	for (int p = st->member_absence_places; p < 6; p++)
		unit *= 10;
	/* (each shift's a whole number of units: so is the sum) */
	return NumericGetDatum(int64_div_fast_to_numeric(st->member_absence / unit, st->member_absence_places));
}

/*
 * judge_for_close's last row: the member's judged shifts summed up
 * (AT-10), in the columns of a line: work_date the latest shift's day,
 * absence_days their days of absence, policy_id the latest's policy.
 */
static void
emit_member(const EmitState *st, const InputExtra *extra)
{
	Datum		values[17] = {0};
	bool		nulls[17];

	for (int i = 0; i < 17; i++)
		nulls[i] = true;
	nulls[1] = st->member_shifts == 0;
	values[1] = nulls[1] ? (Datum) 0 : DateADTGetDatum(st->member_last_day);
	values[10] = member_days_absent(st, &nulls[10]);
	nulls[12] = extra == NULL || st->member_last_policy < 0;
	values[12] = nulls[12] ? (Datum) 0 : Int64GetDatum(extra->policy_ids[st->member_last_policy]);
	nulls[14] = nulls[15] = nulls[16] = false;
	values[14] = CStringGetTextDatum("team_member");
	values[15] = Int64GetDatum(st->member_shifts);
	values[16] = Int64GetDatum(st->member_on_leave);
	tuplestore_putvalues(st->rsinfo->setResult, st->rsinfo->setDesc, values, nulls);
}

/* What a judgement of an attendance_input gives. */
typedef enum JudgeWhat
{
	JUDGE_LINES,				/* penalty lines */
	JUDGE_SHIFTS,				/* what each shift came to */
	JUDGE_OVERTIME,				/* AT-17 */
	JUDGE_PERIOD,				/* penalty lines, then overtime lines */
	JUDGE_TEAM_MEMBER,			/* the judged shifts summed up (AT-10) */
	JUDGE_CLOSE					/* JUDGE_PERIOD, then JUDGE_TEAM_MEMBER */
} JudgeWhat;

static void emit_shift(void *arg, const AttShiftResult *r);
static void add_member_shift(void *arg, const AttShiftResult *r);

/* InitMaterializedSRF, with the row type built once per call site. */
static void
init_judge_srf(FunctionCallInfo fcinfo, JudgeMemo *memo)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	MemoryContext old;

	if (rsinfo == NULL || !IsA(rsinfo, ReturnSetInfo) || !(rsinfo->allowedModes & SFRM_Materialize))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("set-valued function called in context that cannot accept a set")));
	if (memo->result_type == NULL)
	{
		TupleDesc	built;

		if (get_call_result_type(fcinfo, NULL, &built) != TYPEFUNC_COMPOSITE)
			elog(ERROR, "return type must be a row type");
		old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);
		memo->result_type = CreateTupleDescCopy(built);
		MemoryContextSwitchTo(old);
	}
	/* the executor frees the row type it is handed: each call gets a copy */
	old = MemoryContextSwitchTo(rsinfo->econtext->ecxt_per_query_memory);
	rsinfo->returnMode = SFRM_Materialize;
	rsinfo->setDesc = CreateTupleDescCopy(memo->result_type);
	rsinfo->setResult = tuplestore_begin_heap((rsinfo->allowedModes & SFRM_Materialize_Random) != 0, false, work_mem);
	MemoryContextSwitchTo(old);
}

/* One employee's attendance period read, judged, its rows returned. */
static Datum
judge(FunctionCallInfo fcinfo, JudgeWhat what)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	AttInput	in;
	InputExtra	extra;
	EmitState	st;
	const char *error = NULL;
	bool		ok = true;

	JudgeMemo  *memo = judge_memo(fcinfo);

	init_judge_srf(fcinfo, memo);
	st.rsinfo = rsinfo;
	st.extra = &extra;
	st.for_close = what == JUDGE_CLOSE;
	st.lines = 0;
	st.overtime = what == JUDGE_PERIOD || what == JUDGE_CLOSE ? 0 : -1;
	st.member_shifts = st.member_absence = st.member_on_leave = 0;
	st.member_last_day = 0;
	st.member_last_policy = -1;
	st.member_absence_places = 0;
	if (PG_ARGISNULL(0))
	{
		if (what == JUDGE_CLOSE)
			emit_member(&st, NULL);
		/* no input: no lines, no shifts; a member of no shifts is one row of nothing */
		if (what == JUDGE_TEAM_MEMBER)
		{
			Datum		values[5] = {Int64GetDatum(0), (Datum) 0, Int64GetDatum(0), (Datum) 0, (Datum) 0};
			bool		nulls[5] = {false, true, false, true, true};

			tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
		}
		return (Datum) 0;
	}
	read_input(PG_GETARG_DATUM(0), &in, &extra, memo, fcinfo->flinfo->fn_mcxt);
	st.withhold_pay = in.withhold_pay;
	if (what == JUDGE_OVERTIME)
		att_judge_overtime(&in, emit_tuple, &st);
	else if (what == JUDGE_TEAM_MEMBER)
		ok = att_evaluate(&in, NULL, add_member_shift, &st, &error);
	else if (what == JUDGE_CLOSE)
		ok = att_evaluate(&in, emit_tuple, add_member_shift, &st, &error);
	else
		ok = att_evaluate(&in, what == JUDGE_SHIFTS ? NULL : emit_tuple, what == JUDGE_SHIFTS ? emit_shift : NULL,
						  &st, &error);
	if (ok && what == JUDGE_TEAM_MEMBER)
	{
		Datum		values[5];
		bool		nulls[5] = {false};

		values[0] = Int64GetDatum(st.member_shifts);
		values[1] = member_days_absent(&st, &nulls[1]);
		values[2] = Int64GetDatum(st.member_on_leave);
		nulls[3] = st.member_last_policy < 0;
		values[3] = nulls[3] ? (Datum) 0 : Int64GetDatum(extra.policy_ids[st.member_last_policy]);
		nulls[4] = st.member_shifts == 0;
		values[4] = nulls[4] ? (Datum) 0 : DateADTGetDatum(st.member_last_day);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	if (ok && (what == JUDGE_PERIOD || what == JUDGE_CLOSE))
	{
		/* the overtime lines are numbered apart, as judge_overtime numbers them */
		st.lines = 0;
		st.overtime = 1;
		att_judge_overtime(&in, emit_tuple, &st);
	}
	if (ok && what == JUDGE_CLOSE)
		emit_member(&st, &extra);
	if (!ok)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot judge the attendance period: %s", error)));
	return (Datum) 0;
}

/*
 * judge_attendance(input): one employee's attendance period (an
 * attendance_input) judged into penalty lines, in the order judged.
 */
Datum
judge_attendance(PG_FUNCTION_ARGS)
{
	return judge(fcinfo, JUDGE_LINES);
}

/*
 * judge_attendance_shifts(input): what each shift of the period came to,
 * judged by the same engine and from the same input as its penalty lines.
 */
Datum
judge_attendance_shifts(PG_FUNCTION_ARGS)
{
	return judge(fcinfo, JUDGE_SHIFTS);
}

/*
 * judge_overtime(input): AT-17, the overtime of one employee's attendance
 * period judged into lines like the penalty lines.
 */
Datum
judge_overtime(PG_FUNCTION_ARGS)
{
	return judge(fcinfo, JUDGE_OVERTIME);
}

/*
 * judge_period(input): the penalty lines and then the overtime lines of
 * one period, from one reading of the input (what the close stores): the
 * input is read and its shifts measured once, not once for each.
 */
Datum
judge_period(PG_FUNCTION_ARGS)
{
	return judge(fcinfo, JUDGE_PERIOD);
}

/*
 * team_member_of(input): AT-10, one employee's judged shifts of the period
 * summed up for the team's rate: how many, their days of absence, how
 * many on leave, the policy of the latest and its day. The shifts not yet
 * judged (their sign-out window still open) are left out. No row per
 * shift is made (0.17 s of a close of 10,000 agents as SQL over
 * judge_attendance_shifts).
 */
Datum
team_member_of(PG_FUNCTION_ARGS)
{
	return judge(fcinfo, JUDGE_TEAM_MEMBER);
}

/*
 * judge_for_close(input): what the close stores of one period and sums for
 * the team's rate, from one reading of the input: the rows of
 * judge_period (part penalty or overtime), then one of team_member_of
 * (part team_member). One pass instead of two: the close need not keep the
 * inputs for a second reading (0.2 s of a close of 10,000 agents).
 */
Datum
judge_for_close(PG_FUNCTION_ARGS)
{
	return judge(fcinfo, JUDGE_CLOSE);
}

/* ------------------------------------------------------ the shifts */

/*
 * A judged shift added to the member's sums. The latest shift's policy is
 * the one with the greatest (day, policy id), no policy counting as the
 * greatest: as max(ARRAY[day, policy_id]) would take it in SQL.
 */
static void
add_member_shift(void *arg, const AttShiftResult *r)
{
	EmitState  *st = arg;

	if (!r->judged)
		return;
	if (st->member_shifts == 0 || r->shift->work_date > st->member_last_day)
	{
		st->member_last_day = r->shift->work_date;
		st->member_last_policy = r->policy;
	}
	else if (r->shift->work_date == st->member_last_day && st->member_last_policy >= 0 &&
			 (r->policy < 0 || st->extra->policy_ids[r->policy] > st->extra->policy_ids[st->member_last_policy]))
		st->member_last_policy = r->policy;
	st->member_shifts++;
	st->member_absence += r->absence_days;
	/* the decimals judge_attendance_shifts shows this shift's days with */
	{
		int64		v = r->absence_days;
		int			places = 6;

		while (places > st->member_absence_places && v % 10 == 0)
		{
			v /= 10;
			places--;
		}
		st->member_absence_places = places;
	}
	st->member_on_leave += r->on_leave ? 1 : 0;
}

static void
emit_shift(void *arg, const AttShiftResult *r)
{
	EmitState  *st = arg;
	const AttShift *s = r->shift;
	const AttMeasure *m = &r->measure;
	Datum		values[15];
	bool		nulls[15] = {false};
	bool		corrected = false;
	int64		from = s->windows[0][0] - r->punch_window;
	int64		to = s->windows[s->nwindows - 1][1] + r->punch_window;

	/* AT-4: a punch of the shift's window came from an approved correction */
	for (int i = 0; i < st->extra->ncorrected && !corrected; i++)
	{
		int64		code = st->extra->corrected[i];
		int64		at = (code - (code & 1)) / 2;

		corrected = at >= from && at <= to;
	}
	values[0] = DateADTGetDatum(s->work_date);
	values[1] = TimestampTzGetDatum(s->windows[0][0]);
	values[2] = TimestampTzGetDatum(s->windows[s->nwindows - 1][1]);
	values[3] = TimestampTzGetDatum(m->first_in);
	nulls[3] = !m->has_in;
	values[4] = TimestampTzGetDatum(m->last_out);
	nulls[4] = !m->has_out;
	values[5] = Int32GetDatum(m->late_minutes);
	values[6] = Int32GetDatum(m->early_minutes);
	values[7] = Int32GetDatum(m->away_minutes);
	values[8] = BoolGetDatum(!m->has_in || m->window_missing_in);
	values[9] = BoolGetDatum(!m->has_out || m->window_missing_out);
	values[10] = BoolGetDatum(corrected);
	values[11] = BoolGetDatum(r->excused);
	values[12] = BoolGetDatum(r->on_leave);
	/* NULL until the shift's sign-out window is over: not judged yet */
	values[13] = cs_millionths_to_numeric(r->absence_days);
	nulls[13] = !r->judged;
	values[14] = r->policy >= 0 ? Int64GetDatum(st->extra->policy_ids[r->policy]) : (Datum) 0;
	nulls[14] = r->policy < 0;
	tuplestore_putvalues(st->rsinfo->setResult, st->rsinfo->setDesc, values, nulls);
}

