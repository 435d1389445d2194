/*
 * sla.c
 *		SQL shell of cs_policy.sla_target (sla_core.h): I/O, binary I/O,
 *		equality and hash, the comparison for department overrides, the
 *		aggregate that packs a complaint's events, and sla_clock, which
 *		evaluates a target over them (CP-3, CP-4, CP-5, CP-7).
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "common/hashfn.h"
#include "fmgr.h"
#include "funcapi.h"
#include "libpq/pqformat.h"
#include "catalog/pg_type.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/numeric.h"
#include "utils/timestamp.h"
#include "utils/tuplestore.h"

#include "calendar.h"
#include "localtime.h"
#include "packed.h"
#include "sla_core.h"
#include "wire.h"
#include "workweek.h"			/* cs_report_parse_error */

#define DatumGetSlaTargetP(X)		((SlaTarget *) DatumGetPointer(X))
#define PG_GETARG_SLA_TARGET_P(n)	DatumGetSlaTargetP(PG_GETARG_DATUM(n))

StaticAssertDecl(sizeof(SlaTarget) == 24, "sla_target must match INTERNALLENGTH in sla.sql");

#define SLA_SYNTAX_HINT \
	"A target is start events -> stop events within an allowance, e.g. 'received -> resolved within 3 working days, paused while waiting' or 'received -> manager_notified within 1 hour'."

PG_FUNCTION_INFO_V1(sla_target_in);
PG_FUNCTION_INFO_V1(sla_target_out);
PG_FUNCTION_INFO_V1(sla_target_recv);
PG_FUNCTION_INFO_V1(sla_target_send);
PG_FUNCTION_INFO_V1(sla_target_eq);
PG_FUNCTION_INFO_V1(sla_target_ne);
PG_FUNCTION_INFO_V1(sla_target_hash);
PG_FUNCTION_INFO_V1(sla_target_at_least);
PG_FUNCTION_INFO_V1(sla_target_more_lenient);
PG_FUNCTION_INFO_V1(sla_target_parts);
PG_FUNCTION_INFO_V1(collect_complaint_events_step);
PG_FUNCTION_INFO_V1(complaint_events_add);
PG_FUNCTION_INFO_V1(collect_complaint_events_final);
PG_FUNCTION_INFO_V1(complaint_owner);
PG_FUNCTION_INFO_V1(complaint_event_list);
PG_FUNCTION_INFO_V1(sla_clock);

static const char *const clock_names[SLA_CLOCK_COUNT] = {"wall_clock", "days", "working_days", "working_time"};

Datum
sla_target_in(PG_FUNCTION_ARGS)
{
	char	   *text = PG_GETARG_CSTRING(0);
	SlaTarget  *t = palloc(sizeof(SlaTarget));
	ParseError	err;

	if (!sla_parse(text, strlen(text), t, &err))
		cs_report_parse_error("sla_target", text, &err, SLA_SYNTAX_HINT);
	PG_RETURN_POINTER(t);
}

Datum
sla_target_out(PG_FUNCTION_ARGS)
{
	SlaTarget  *t = PG_GETARG_SLA_TARGET_P(0);
	size_t		len = sla_format(t, NULL, 0);
	char	   *buf = palloc(len + 1);

	sla_format(t, buf, len + 1);
	PG_RETURN_CSTRING(buf);
}

/* Binary form: sla_encode and sla_decode (sla_core.c). */
Datum
sla_target_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	SlaTarget  *t = palloc(sizeof(SlaTarget));
	WireReader	r = cs_wire_reader(buf);
	WireError	err;

	cs_wire_finish(buf, &r, sla_decode(&r, t, &err), &err, "sla_target");
	PG_RETURN_POINTER(t);
}

Datum
sla_target_send(PG_FUNCTION_ARGS)
{
	CS_WIRE_SEND(sla_encode, PG_GETARG_SLA_TARGET_P(0));
}

Datum
sla_target_eq(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(memcmp(PG_GETARG_SLA_TARGET_P(0), PG_GETARG_SLA_TARGET_P(1), sizeof(SlaTarget)) == 0);
}

Datum
sla_target_ne(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(memcmp(PG_GETARG_SLA_TARGET_P(0), PG_GETARG_SLA_TARGET_P(1), sizeof(SlaTarget)) != 0);
}

Datum
sla_target_hash(PG_FUNCTION_ARGS)
{
	return hash_any((const unsigned char *) PG_GETARG_SLA_TARGET_P(0), sizeof(SlaTarget));
}

/* A department's target may be stricter than its parent's, never more lenient. */
Datum
sla_target_at_least(PG_FUNCTION_ARGS)
{
	char		why[256];

	PG_RETURN_BOOL(sla_at_least(PG_GETARG_SLA_TARGET_P(0), PG_GETARG_SLA_TARGET_P(1), why, sizeof(why)));
}

Datum
sla_target_more_lenient(PG_FUNCTION_ARGS)
{
	char		why[256];

	if (sla_at_least(PG_GETARG_SLA_TARGET_P(0), PG_GETARG_SLA_TARGET_P(1), why, sizeof(why)))
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(cstring_to_text(why));
}

static Datum
event_names(uint32 bits)
{
	Datum		names[EV_COUNT];
	int			n = 0;

	for (int i = 0; i < EV_COUNT; i++)
		if (bits & (1u << i))
			names[n++] = CStringGetTextDatum(sla_event_names[i]);
	return PointerGetDatum(construct_array(names, n, TEXTOID, -1, false, TYPALIGN_INT));
}

/* starts, stops, allowance, clock, paused_while_waiting: for BI and plain SQL */
Datum
sla_target_parts(PG_FUNCTION_ARGS)
{
	SlaTarget  *t = PG_GETARG_SLA_TARGET_P(0);
	TupleDesc	desc;
	Datum		values[5];
	bool		nulls[5] = {false};
	char		allowance[64];

	if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "sla_target_parts must return a row");
	desc = BlessTupleDesc(desc);
	sla_format_allowance(t, allowance, sizeof(allowance));
	values[0] = event_names(t->starts);
	values[1] = event_names(t->stops);
	values[2] = CStringGetTextDatum(allowance);
	values[3] = CStringGetTextDatum(clock_names[t->clock]);
	values[4] = BoolGetDatum((t->flags & SLA_PAUSE_WHILE_WAITING) != 0);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(desc, values, nulls)));
}

/* ---------------------------------------------------- events, packed */

static int
event_kind(text *name)
{
	char	   *s = VARDATA_ANY(name);
	int			len = VARSIZE_ANY_EXHDR(name);

	for (int i = 0; i < EV_COUNT; i++)
		if ((int) strlen(sla_event_names[i]) == len && memcmp(sla_event_names[i], s, len) == 0)
			return i;
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("unknown complaint event \"%.*s\"", len, s),
			 errhint("The events are the labels of cs_policy.complaint_event_kind.")));
	return -1;
}

/* A complaint holds at most this many events (54000 past it). */
#define MAX_COMPLAINT_EVENTS 100000

/* One event from SQL arguments kind, at, seq and (when given) owner. */
static void
event_from_args(FunctionCallInfo fcinfo, int first, SlaEvent *e)
{
	memset(e, 0, sizeof(*e));
	e->kind = event_kind(PG_GETARG_TEXT_PP(first));
	e->at = PG_GETARG_TIMESTAMPTZ(first + 1);
	if (TIMESTAMP_NOT_FINITE(e->at))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("a complaint event happens at a finite time")));
	/* seq orders events at the same instant: the event id, whole */
	e->seq = PG_ARGISNULL(first + 2) ? 0 : PG_GETARG_INT64(first + 2);
	if (PG_NARGS() > first + 3 && !PG_ARGISNULL(first + 3))
	{
		e->owner = PG_GETARG_INT64(first + 3);
		e->has_owner = 1;
	}
}

/*
 * The events of a list, checked: the entry count against the bytes, each
 * kind and owner flag, so that no value from a caller is trusted. The
 * entries are copied out (a stored list is only 4-byte aligned), with
 * room for one more.
 */
static SlaEvent *
events_of(PackedList *list, int *n)
{
	SlaEvent   *events;

	*n = list->used / (int) sizeof(SlaEvent);
	if (list->used % sizeof(SlaEvent) != 0 || *n != list->count)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("not a list of complaint events"),
				 errdetail("It holds %d bytes of entries for %d events.", list->used, list->count),
				 errhint("Lists are made by collect_complaint_events or complaint_events_add.")));
	events = palloc(sizeof(SlaEvent) * (*n + 1));
	memcpy(events, PACKED_PAYLOAD(list), sizeof(SlaEvent) * *n);
	for (int i = 0; i < *n; i++)
		if (events[i].kind < 0 || events[i].kind >= EV_COUNT || (events[i].has_owner & ~1) != 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("not a list of complaint events"),
					 errdetail("Entry %d is not an event.", i + 1),
					 errhint("Lists are made by collect_complaint_events or complaint_events_add.")));
	return events;
}

/*
 * collect_complaint_events(kind, at, seq [, owner_id]): one complaint's
 * events, packed.
 */
Datum
collect_complaint_events_step(PG_FUNCTION_ARGS)
{
	PackedList *list = cs_packed_arg(fcinfo, 0);
	SlaEvent	e;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
	{
		if (list == NULL)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(list);
	}
	event_from_args(fcinfo, 1, &e);
	PG_RETURN_POINTER(cs_packed_append(fcinfo, list, &e, sizeof(e), 1));
}

/* A list of exactly these events, and extra after them if not NULL. */
static PackedList *
events_list(const SlaEvent *events, int n, const SlaEvent *extra)
{
	int			count = n + (extra ? 1 : 0);
	Size		size = sizeof(PackedList) + sizeof(SlaEvent) * count;
	PackedList *list = palloc0(size);

	SET_VARSIZE(list, size);
	list->count = count;
	list->used = (int32) (sizeof(SlaEvent) * count);
	if (n > 0)
		memcpy(PACKED_PAYLOAD(list), events, sizeof(SlaEvent) * n);
	if (extra)
		memcpy(PACKED_PAYLOAD(list) + sizeof(SlaEvent) * n, extra, sizeof(SlaEvent));
	return list;
}

/*
 * complaint_events_add(events, kind, at, seq, owner_id): the list with one
 * event more, exactly as long as it needs to be. The commands keep each
 * complaint's list with it (complaint.events) as they append to
 * complaint_event, so that the clocks read one row, not an index per
 * complaint (issue 18).
 */
Datum
complaint_events_add(PG_FUNCTION_ARGS)
{
	PackedList *list = cs_packed_arg(fcinfo, 0);
	SlaEvent   *events;
	SlaEvent	e;
	int			n = 0;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("a complaint event needs its kind and instant")));
	events = list ? events_of(list, &n) : NULL;
	if (n >= MAX_COMPLAINT_EVENTS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("a complaint holds at most %d events", MAX_COMPLAINT_EVENTS),
				 errhint("Close this complaint and register a new one for what follows.")));
	event_from_args(fcinfo, 1, &e);
	PG_RETURN_BYTEA_P((bytea *) events_list(events, n, &e));
}

/*
 * The final function of collect_complaint_events with owners: the list
 * without the room the aggregate grew it by, as complaint_events_add
 * makes it (to be stored).
 */
Datum
collect_complaint_events_final(PG_FUNCTION_ARGS)
{
	PackedList *list = cs_packed_arg(fcinfo, 0);
	SlaEvent   *events;
	int			n;

	if (list == NULL)
		PG_RETURN_NULL();
	events = events_of(list, &n);
	if (n > MAX_COMPLAINT_EVENTS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("a complaint holds at most %d events", MAX_COMPLAINT_EVENTS)));
	PG_RETURN_BYTEA_P((bytea *) events_list(events, n, NULL));
}

/*
 * complaint_owner(events, as_of, first_contact): CP-4, who answers for the
 * complaint at as_of: the one its events last handed it to by then (the
 * latest by seq that names someone), else its first contact.
 */
Datum
complaint_owner(PG_FUNCTION_ARGS)
{
	int			n;
	SlaEvent   *events = events_of(cs_packed_arg(fcinfo, 0), &n);
	TimestampTz as_of = PG_GETARG_TIMESTAMPTZ(1);
	int			last = -1;

	for (int i = 0; i < n; i++)
		if (events[i].has_owner && events[i].at <= as_of && (last < 0 || events[i].seq >= events[last].seq))
			last = i;
	if (last < 0)
		PG_RETURN_INT64(PG_GETARG_INT64(2));
	PG_RETURN_INT64(events[last].owner);
}

/* complaint_event_list(events): the list read back, one row an event. */
Datum
complaint_event_list(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	int			n;
	SlaEvent   *events = events_of(cs_packed_arg(fcinfo, 0), &n);

	InitMaterializedSRF(fcinfo, 0);
	for (int i = 0; i < n; i++)
	{
		Datum		values[4];
		bool		nulls[4] = {false, false, false, !events[i].has_owner};

		values[0] = CStringGetTextDatum(sla_event_names[events[i].kind]);
		values[1] = TimestampTzGetDatum(events[i].at);
		values[2] = Int64GetDatum(events[i].seq);
		values[3] = Int64GetDatum(events[i].owner);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	PG_RETURN_NULL();
}

/* ------------------------------------------------------------- clock */

typedef struct ClockMemo
{
	char		zone_name[CAL_TZ_MAX + 1];
	pg_tz	   *zone;
} ClockMemo;

static pg_tz *
zone_for(FunctionCallInfo fcinfo, const char *name)
{
	ClockMemo  *memo = fcinfo->flinfo->fn_extra;

	if (memo == NULL)
		memo = fcinfo->flinfo->fn_extra = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(ClockMemo));
	if (memo->zone == NULL || strcmp(memo->zone_name, name) != 0)
	{
		memo->zone = cs_zone_by_name(name);
		strlcpy(memo->zone_name, name, sizeof(memo->zone_name));
	}
	return memo->zone;
}

static Datum
interval_of(int64 usecs)
{
	Interval   *i = palloc0(sizeof(Interval));

	i->time = usecs;
	return IntervalPGetDatum(i);
}

/*
 * sla_clock(target, calendar, events, as_of, at_risk_share):
 * started_at, due_at, met_at, paused, paused_now, state, time_left,
 * allowance, clock; NULL when the target has not started by as_of.
 */
Datum
sla_clock(PG_FUNCTION_ARGS)
{
	SlaTarget  *t;
	CalendarSpec spec;
	PackedList *list;
	TimestampTz as_of;
	int64		share;
	SlaEvent   *events;
	int			n;
	LocalClock	pgclock;
	CalClock	clock;
	SlaStatus	st;
	TupleDesc	desc;
	Datum		values[9];
	bool		nulls[9] = {false};

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(2) || PG_ARGISNULL(3))
		PG_RETURN_NULL();
	t = PG_GETARG_SLA_TARGET_P(0);
	cs_calendar_unpack(DatumGetBusinessCalendarP(PG_GETARG_DATUM(1)), &spec);
	list = cs_packed_arg(fcinfo, 2);
	as_of = PG_GETARG_TIMESTAMPTZ(3);
	if (TIMESTAMP_NOT_FINITE(as_of))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("sla_clock needs a finite as_of")));
	share = 250000;
	if (!PG_ARGISNULL(4))
	{
		Numeric		s = PG_GETARG_NUMERIC(4);
		Numeric		scaled = numeric_mul_opt_error(s, int64_to_numeric(1000000), NULL);

		if (numeric_is_nan(s) || numeric_is_inf(s) ||
			DatumGetBool(DirectFunctionCall2(numeric_lt, NumericGetDatum(s), NumericGetDatum(int64_to_numeric(0)))) ||
			DatumGetBool(DirectFunctionCall2(numeric_gt, NumericGetDatum(s), NumericGetDatum(int64_to_numeric(1)))))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("at_risk_share is a share of the allowance, from 0 to 1")));
		share = DatumGetInt64(DirectFunctionCall1(numeric_int8, NumericGetDatum(scaled)));
	}
	events = events_of(list, &n);
	sla_sort_events(events, n);
	local_clock_start(&pgclock, &clock, zone_for(fcinfo, spec.tz), n > 0 ? events[0].at : as_of);
	cs_calendar_report_status(sla_evaluate(t, &spec, &clock, events, n, as_of, share, &st), &spec);
	if (!st.started)
		PG_RETURN_NULL();
	if (!IS_VALID_TIMESTAMP(st.due_at))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("the deadline of a target started at %s is out of range", timestamptz_to_str(st.started_at)),
				 errhint("Events and as_of near the ends of the timestamp range leave no room for the allowance.")));

	if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "sla_clock must return a row");
	desc = BlessTupleDesc(desc);
	values[0] = TimestampTzGetDatum(st.started_at);
	values[1] = TimestampTzGetDatum(st.due_at);
	nulls[2] = !st.met;
	values[2] = TimestampTzGetDatum(st.met_at);
	values[3] = interval_of(st.paused);
	values[4] = BoolGetDatum(st.paused_now);
	values[5] = CStringGetTextDatum(sla_state_names[st.state]);
	values[6] = interval_of(st.left);
	values[7] = interval_of(st.allowance);
	values[8] = CStringGetTextDatum(st.working ? "working time" : "wall clock");
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(desc, values, nulls)));
}
