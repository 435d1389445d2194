/*
 * shift.c
 *		SQL shell of cs_policy.shift: I/O, binary I/O, btree and hash
 *		support, shift_length and shift_on (SH-1), shift_local_days (the
 *		local days a shift touches, SH-4) and the aggregate count_on_line
 *		(who is on line in each half hour, SH-3).
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "common/hashfn.h"
#include "common/int.h"
#include "fmgr.h"
#include "libpq/pqformat.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/multirangetypes.h"
#include "utils/rangetypes.h"
#include "utils/timestamp.h"
#include "utils/typcache.h"

#include "localtime.h"
#include "shift.h"
#include "wire.h"
#include "workweek.h"			/* cs_report_parse_error */

PG_FUNCTION_INFO_V1(shift_local_days);
PG_FUNCTION_INFO_V1(count_on_line_step);
PG_FUNCTION_INFO_V1(count_on_line_combine);
PG_FUNCTION_INFO_V1(count_on_line_final);
PG_FUNCTION_INFO_V1(shift_in);
PG_FUNCTION_INFO_V1(shift_out);
PG_FUNCTION_INFO_V1(shift_recv);
PG_FUNCTION_INFO_V1(shift_send);
PG_FUNCTION_INFO_V1(shift_cmp);
PG_FUNCTION_INFO_V1(shift_lt);
PG_FUNCTION_INFO_V1(shift_le);
PG_FUNCTION_INFO_V1(shift_eq);
PG_FUNCTION_INFO_V1(shift_ne);
PG_FUNCTION_INFO_V1(shift_ge);
PG_FUNCTION_INFO_V1(shift_gt);
PG_FUNCTION_INFO_V1(shift_hash);
PG_FUNCTION_INFO_V1(shift_length);
PG_FUNCTION_INFO_V1(shift_on);

Datum
shift_in(PG_FUNCTION_ARGS)
{
	char	   *text = PG_GETARG_CSTRING(0);
	Shift	   *shift = palloc(sizeof(Shift));
	ParseError	err;

	if (!shift_parse(text, strlen(text), shift, &err))
		cs_report_parse_error("shift", text, &err, SHIFT_SYNTAX_HINT);
	PG_RETURN_SHIFT_P(shift);
}

Datum
shift_out(PG_FUNCTION_ARGS)
{
	Shift	   *shift = PG_GETARG_SHIFT_P(0);
	size_t		len = shift_format(shift, NULL, 0);
	char	   *buf = palloc(len + 1);

	shift_format(shift, buf, len + 1);
	PG_RETURN_CSTRING(buf);
}

/* Binary form: shift_encode and shift_decode (shift_core.c). */
Datum
shift_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	Shift	   *shift = palloc(sizeof(Shift));
	WireReader	r = cs_wire_reader(buf);
	WireError	err;

	cs_wire_finish(buf, &r, shift_decode(&r, shift, &err), &err, "shift");
	PG_RETURN_SHIFT_P(shift);
}

Datum
shift_send(PG_FUNCTION_ARGS)
{
	CS_WIRE_SEND(shift_encode, PG_GETARG_SHIFT_P(0));
}

#define SHIFT_CMP(fcinfo) shift_compare(PG_GETARG_SHIFT_P(0), PG_GETARG_SHIFT_P(1))

Datum
shift_cmp(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(SHIFT_CMP(fcinfo));
}

Datum
shift_lt(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(SHIFT_CMP(fcinfo) < 0);
}

Datum
shift_le(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(SHIFT_CMP(fcinfo) <= 0);
}

Datum
shift_eq(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(SHIFT_CMP(fcinfo) == 0);
}

Datum
shift_ne(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(SHIFT_CMP(fcinfo) != 0);
}

Datum
shift_ge(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(SHIFT_CMP(fcinfo) >= 0);
}

Datum
shift_gt(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(SHIFT_CMP(fcinfo) > 0);
}

/* Canonical and zero-filled: equal shifts hash equally. */
Datum
shift_hash(PG_FUNCTION_ARGS)
{
	return hash_any((const unsigned char *) PG_GETARG_SHIFT_P(0), sizeof(Shift));
}

Datum
shift_length(PG_FUNCTION_ARGS)
{
	Interval   *result = palloc0(sizeof(Interval));

	result->time = (int64) shift_minutes(PG_GETARG_SHIFT_P(0)) * USECS_PER_MINUTE;
	PG_RETURN_INTERVAL_P(result);
}

/*
 * The real instants of a shift worked on work_date in zone tz: each window
 * from its local start to its local end, an overnight window ending on the
 * next day; on a DST day the clock's rule decides, so a 20:00-08:00 shift
 * lasts 11 or 13 hours when the clocks change during the night.
 */
Datum
shift_on(PG_FUNCTION_ARGS)
{
	Shift	   *shift = PG_GETARG_SHIFT_P(0);
	DateADT		work_date = PG_GETARG_DATEADT(1);
	char	   *zone = text_to_cstring(PG_GETARG_TEXT_PP(2));
	TypeCacheEntry *rangetyp = lookup_type_cache(TSTZRANGEOID, TYPECACHE_RANGE_INFO);
	RangeType  *ranges[SHIFT_MAX_WINDOWS];
	LocalClock	local;
	CalClock	clock;
	int			n = 0;

	if (DATE_NOT_FINITE(work_date))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("a shift cannot be worked on an infinite date")));
	local_clock_start(&local, &clock, cs_zone_by_name(zone),
					  (TimestampTz) work_date * USECS_PER_DAY);
	for (int i = 0; i < shift->nwindows; i++)
	{
		RangeBound	lower,
					upper;
		int64		from,
					to;

		if (!local_clock_to_instant(&local, work_date, shift->windows[i].start, &from) ||
			!local_clock_to_instant(&local, work_date, shift->windows[i].end, &to))
			ereport(ERROR,
					(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
					 errmsg("timestamp out of range")));
		if (to <= from)
			continue;			/* lost in a DST gap */
		lower.val = TimestampTzGetDatum(from);
		lower.infinite = false;
		lower.inclusive = true;
		lower.lower = true;
		upper.val = TimestampTzGetDatum(to);
		upper.infinite = false;
		upper.inclusive = false;
		upper.lower = false;
		ranges[n++] = make_range(rangetyp, &lower, &upper, false);
	}
	PG_RETURN_MULTIRANGE_P(make_multirange(TSTZMULTIRANGEOID, rangetyp, n, ranges));
}

/*
 * The range type of a shift's instants, which must be a tstzmultirange
 * (42804 otherwise). Type cache entries live as long as the backend: the
 * last one is kept.
 */
TypeCacheEntry *
cs_instants_range_type(const MultirangeType *instants)
{
	static TypeCacheEntry *typcache = NULL;

	if (typcache == NULL || typcache->type_id != MultirangeTypeGetOid(instants))
		typcache = lookup_type_cache(MultirangeTypeGetOid(instants), TYPECACHE_MULTIRANGE_INFO);
	if (typcache->rngtype == NULL || typcache->rngtype->rngelemtype->type_id != TIMESTAMPTZOID)
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("shift instants must be a tstzmultirange")));
	return typcache->rngtype;
}

/*
 * shift_local_days(instants, zone, base): the local days in zone that a
 * shift's real instants touch, as bits of a bigint: bit 63 - k for the day
 * base + k, from the local day of its first start to that of its last end
 * (an end at midnight belongs to the day before); days outside base ..
 * base + 63 are left out. OR-ed over a person's shifts (bit_or), it is the
 * days they worked, from which rest_violations counts their rest days
 * (SH-4): two conversions a shift, in C rather than as bit strings in SQL
 * (0.15 s of a close of 10,000 agents).
 */
typedef struct LocalDaysMemo
{
	char		zone[TZ_STRLEN_MAX + 1];
	LocalClock	local;			/* kept across rows: the stretch it learnt stays */
	CalClock	clock;
} LocalDaysMemo;

Datum
shift_local_days(PG_FUNCTION_ARGS)
{
	MultirangeType *instants = PG_GETARG_MULTIRANGE_P(0);
	text	   *zone = PG_GETARG_TEXT_PP(1);
	DateADT		base = PG_GETARG_DATEADT(2);
	LocalDaysMemo *memo = fcinfo->flinfo->fn_extra;
	TypeCacheEntry *range_type;
	RangeBound	first_lower,
				first_upper,
				last_lower,
				last_upper;
	int32		first_day,
				last_day;
	uint64		bits = 0;
	int			zone_len = VARSIZE_ANY_EXHDR(zone);

	if (MultirangeIsEmpty(instants))
		PG_RETURN_INT64(0);
	if (DATE_NOT_FINITE(base))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("the days of a shift are counted from a finite date")));
	if (zone_len > TZ_STRLEN_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("time zone \"%.*s\" not recognized", Min(zone_len, 64), VARDATA_ANY(zone))));
	if (memo == NULL)
		fcinfo->flinfo->fn_extra = memo = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(LocalDaysMemo));
	range_type = cs_instants_range_type(instants);
	multirange_get_bounds(range_type, instants, 0, &first_lower, &first_upper);
	multirange_get_bounds(range_type, instants, instants->rangeCount - 1, &last_lower, &last_upper);
	if (first_lower.infinite || last_upper.infinite)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("a shift's instants are bounded"),
				 errhint("A shift starts and ends: its instants are finite (shift_on gives them).")));
	if (memo->zone[0] == '\0' || strncmp(memo->zone, VARDATA_ANY(zone), zone_len) != 0 || memo->zone[zone_len] != '\0')
	{
		char	   *name = text_to_cstring(zone);

		local_clock_start(&memo->local, &memo->clock, cs_zone_by_name(name),
						  DatumGetTimestampTz(first_lower.val));
		strlcpy(memo->zone, name, sizeof(memo->zone));
		pfree(name);
	}
	if (!local_clock_local_day(&memo->local, DatumGetTimestampTz(first_lower.val), &first_day) ||
		!local_clock_local_day(&memo->local, DatumGetTimestampTz(last_upper.val) - 1, &last_day))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("timestamp out of range")));
	for (int64 day = Max((int64) first_day, (int64) base); day <= Min((int64) last_day, (int64) base + 63); day++)
		bits |= UINT64CONST(1) << (63 - (day - base));
	PG_RETURN_INT64((int64) bits);
}

/*
 * count_on_line(instants, first_slot, slots): SH-3, for each of "slots"
 * half hours from first_slot (a boundary of the 30-minute grid from
 * 2000-01-01 00:00 UTC, as date_bin gives it), how many of the shifts
 * aggregated are on line for the whole of it. Each piece of a shift is on
 * line from the first boundary at or after its start to the last at or
 * before its end: it adds one there and takes one away there, and the
 * final function's running sum counts who is on line. One pass over the
 * shifts, a few operations a piece, however long the period.
 *
 * The state is a bytea: the first slot, the number of slots and a change
 * per slot boundary (slots + 1), so that the combine function adds two
 * states (Citus and parallel workers aggregate apart).
 */
#define SLOT_USECS (INT64CONST(30) * 60 * USECS_PER_SEC)
#define COUNT_ON_LINE_MAX_SLOTS (400 * 48 + 1)	/* coverage(): up to 400 days from a slot's middle */

typedef struct OnLineState
{
	int32		vl_len_;		/* varlena header */
	int32		slots;
	TimestampTz first_slot;
	int32		change[FLEXIBLE_ARRAY_MEMBER];	/* slots + 1 */
} OnLineState;

static int64
slot_floor(TimestampTz t)
{
	return t >= 0 ? t - t % SLOT_USECS : t - (SLOT_USECS + t % SLOT_USECS) % SLOT_USECS;
}

static OnLineState *
on_line_state_new(MemoryContext context, TimestampTz first_slot, int32 slots)
{
	Size		size = offsetof(OnLineState, change) + sizeof(int32) * ((Size) slots + 1);
	OnLineState *state = MemoryContextAllocZero(context, size);

	SET_VARSIZE(state, size);
	state->slots = slots;
	state->first_slot = first_slot;
	return state;
}

static void
check_on_line_state(const OnLineState *state)
{
	if (VARSIZE(state) < offsetof(OnLineState, change) ||
		VARSIZE(state) != offsetof(OnLineState, change) + sizeof(int32) * ((Size) state->slots + 1) ||
		state->slots < 0 || state->slots > COUNT_ON_LINE_MAX_SLOTS ||
		!IS_VALID_TIMESTAMP(state->first_slot) || slot_floor(state->first_slot) != state->first_slot)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("not a state of count_on_line"),
				 errhint("Its states are made by the aggregate count_on_line itself.")));
}

Datum
count_on_line_step(PG_FUNCTION_ARGS)
{
	MemoryContext aggcontext;
	OnLineState *state;
	MultirangeType *instants;
	TypeCacheEntry *range_type;
	int64		end;

	if (!AggCheckCallContext(fcinfo, &aggcontext))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("count_on_line_step is the transition function of an aggregate"),
				 errhint("Call the aggregate count_on_line.")));
	if (PG_ARGISNULL(0))
	{
		TimestampTz first_slot;
		int32		slots;

		if (PG_ARGISNULL(2) || PG_ARGISNULL(3))
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("count_on_line needs the first slot and the number of slots"),
					 errhint("e.g. count_on_line(instants, date_bin('30 minutes', t, timestamptz '2000-01-01 00:00+00'), 48) for a day.")));
		first_slot = PG_GETARG_TIMESTAMPTZ(2);
		slots = PG_GETARG_INT32(3);
		if (!IS_VALID_TIMESTAMP(first_slot) || slot_floor(first_slot) != first_slot)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("the first slot must be a boundary of the half-hour grid"),
					 errhint("date_bin('30 minutes', t, timestamptz '2000-01-01 00:00+00') gives one.")));
		if (slots < 0 || slots > COUNT_ON_LINE_MAX_SLOTS)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("count_on_line counts from 0 to %d half hours, not %d", COUNT_ON_LINE_MAX_SLOTS, slots),
					 errhint("Count a period of up to 400 days, as coverage() does.")));
		state = on_line_state_new(aggcontext, first_slot, slots);
	}
	else
	{
		state = (OnLineState *) PG_GETARG_POINTER(0);
		check_on_line_state(state);
	}
	if (PG_ARGISNULL(1))
		PG_RETURN_POINTER(state);
	instants = PG_GETARG_MULTIRANGE_P(1);
	range_type = cs_instants_range_type(instants);
	/* the end of the last slot (past the last timestamp: as far as there is) */
	if (pg_add_s64_overflow(state->first_slot, (int64) state->slots * SLOT_USECS, &end))
		end = PG_INT64_MAX;
	for (uint32 i = 0; i < instants->rangeCount; i++)
	{
		RangeBound	lower,
					upper;
		int64		on_from,
					on_until,
					first,
					last;

		multirange_get_bounds(range_type, instants, i, &lower, &upper);
		if (lower.infinite || upper.infinite)
			continue;			/* no shift is unbounded; nothing to count */
		/* the first boundary at or after the start, the last at or before the end */
		on_from = slot_floor(DatumGetTimestampTz(lower.val) + SLOT_USECS - 1);
		on_until = slot_floor(DatumGetTimestampTz(upper.val));
		/* inside the slots counted, so that no difference below can overflow */
		on_from = Max(on_from, state->first_slot);
		on_until = Min(on_until, end);
		if (on_until <= on_from)
			continue;
		first = (on_from - state->first_slot) / SLOT_USECS;
		last = (on_until - state->first_slot) / SLOT_USECS;
		state->change[first]++;
		state->change[last]--;
	}
	PG_RETURN_POINTER(state);
}

Datum
count_on_line_combine(PG_FUNCTION_ARGS)
{
	MemoryContext aggcontext;
	OnLineState *a;
	OnLineState *b;

	if (!AggCheckCallContext(fcinfo, &aggcontext))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("count_on_line_combine is the combine function of an aggregate"),
				 errhint("Call the aggregate count_on_line.")));
	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();	/* (a shard without shifts on both sides) */
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	/* (a copy: a state read from elsewhere need not be aligned for its int64) */
	b = (OnLineState *) PG_DETOAST_DATUM_COPY(PG_GETARG_DATUM(1));
	check_on_line_state(b);
	if (PG_ARGISNULL(0))
	{
		a = on_line_state_new(aggcontext, b->first_slot, b->slots);
		memcpy(a->change, b->change, sizeof(int32) * ((Size) b->slots + 1));
		PG_RETURN_POINTER(a);
	}
	a = (OnLineState *) PG_GETARG_POINTER(0);
	check_on_line_state(a);
	if (a->slots != b->slots || a->first_slot != b->first_slot)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("count_on_line cannot add counts of different slots"),
				 errhint("Every row of one count_on_line passes the same first slot and number of slots.")));
	for (int32 i = 0; i <= a->slots; i++)
		a->change[i] += b->change[i];
	PG_RETURN_POINTER(a);
}

Datum
count_on_line_final(PG_FUNCTION_ARGS)
{
	OnLineState *state;
	Datum	   *counts;
	int32		on_line = 0;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	state = (OnLineState *) PG_DETOAST_DATUM_COPY(PG_GETARG_DATUM(0));
	check_on_line_state(state);
	counts = palloc(sizeof(Datum) * Max(state->slots, 1));
	for (int32 i = 0; i < state->slots; i++)
	{
		on_line += state->change[i];
		counts[i] = Int32GetDatum(on_line);
	}
	PG_RETURN_ARRAYTYPE_P(construct_array(counts, state->slots, INT4OID, sizeof(int32), true, TYPALIGN_INT));
}
