/*
 * shift.c
 *		SQL shell of cs_policy.shift: I/O, binary I/O, btree and hash
 *		support, shift_length and shift_on (SH-1).
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "common/hashfn.h"
#include "fmgr.h"
#include "libpq/pqformat.h"
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
