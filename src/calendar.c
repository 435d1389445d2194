/*
 * calendar.c
 *		SQL shell of cs_policy.business_calendar and of the working-time
 *		functions (is_working_day, add_working_days, add_working_time,
 *		working_time_between), in two forms each:
 *
 *		- the value form takes a business_calendar and is IMMUTABLE: views
 *		  join cs_policy.calendar and pass its value column, so nothing
 *		  queries per row (see ARCHITECTURE.md, Citus);
 *		- the name form takes a calendar name and is STABLE: it reads
 *		  cs_policy.calendar.value once and keeps it in a per-backend cache,
 *		  which a relcache invalidation of cs_policy.calendar empties. The
 *		  command functions that change a calendar send that invalidation
 *		  (cs_policy.calendar_changed), so no session serves a stale value.
 *
 * Local time is the calendar's time zone, through PostgreSQL's own zone
 * code, so DST days are right on both transitions.
 */
#include "postgres.h"

#include <limits.h>

#include "catalog/namespace.h"
#include "common/hashfn.h"
#include "datatype/timestamp.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "libpq/pqformat.h"
#include "miscadmin.h"
#include "pgtime.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/datetime.h"
#include "utils/hsearch.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/snapmgr.h"
#include "utils/timestamp.h"

#include "calendar.h"
#include "localtime.h"
#include "wire.h"
#include "workweek.h"

PG_FUNCTION_INFO_V1(business_calendar_in);
PG_FUNCTION_INFO_V1(business_calendar_out);
PG_FUNCTION_INFO_V1(business_calendar_recv);
PG_FUNCTION_INFO_V1(business_calendar_send);
PG_FUNCTION_INFO_V1(business_calendar_eq);
PG_FUNCTION_INFO_V1(business_calendar_ne);
PG_FUNCTION_INFO_V1(business_calendar_hash);
PG_FUNCTION_INFO_V1(business_calendar_time_zone);
PG_FUNCTION_INFO_V1(calendar_is_working_day);
PG_FUNCTION_INFO_V1(calendar_is_working_day_by_name);
PG_FUNCTION_INFO_V1(calendar_first_difference);
PG_FUNCTION_INFO_V1(calendar_add_working_days);
PG_FUNCTION_INFO_V1(calendar_add_working_days_by_name);
PG_FUNCTION_INFO_V1(calendar_add_working_time);
PG_FUNCTION_INFO_V1(calendar_add_working_time_by_name);
PG_FUNCTION_INFO_V1(calendar_working_time_between);
PG_FUNCTION_INFO_V1(calendar_working_time_between_by_name);
PG_FUNCTION_INFO_V1(calendar_changed);

#define CALENDAR_SYNTAX_HINT \
	"Write a calendar like 'tz=Asia/Shanghai; week=Mon-Fri 09:00-18:00; " \
	"off=2025-10-01..2025-10-08; on=2025-09-28,2025-10-11'."

/* ------------------------------------------------------ the value */

/* A view of a stored calendar as a CalendarSpec (no copying of arrays). */
void
cs_calendar_unpack(const BusinessCalendar *value, CalendarSpec *spec)
{
	const char *p = value->data;

	if (value->version != BUSINESS_CALENDAR_VERSION)
		ereport(ERROR,
				(errcode(ERRCODE_DATA_CORRUPTED),
				 errmsg("business_calendar value of unknown format version %d", value->version)));
	/* never read past the value, whatever its counts say */
	if (value->nrules < 1 || value->noff < 0 || value->non < 0 ||
		value->makeup_day < 0 || value->makeup_day >= WW_DAYS ||
		offsetof(BusinessCalendar, data) + sizeof(CalWeekRule) * (Size) value->nrules +
		sizeof(CalRange) * ((Size) value->noff + (Size) value->non) + 1 > VARSIZE(value))
		ereport(ERROR,
				(errcode(ERRCODE_DATA_CORRUPTED),
				 errmsg("corrupt business_calendar value")));
	spec->makeup_day = value->makeup_day;
	spec->nrules = value->nrules;
	spec->rules = (CalWeekRule *) p;
	p += sizeof(CalWeekRule) * value->nrules;
	spec->noff = value->noff;
	spec->off = (CalRange *) p;
	p += sizeof(CalRange) * value->noff;
	spec->non = value->non;
	spec->on = (CalRange *) p;
	p += sizeof(CalRange) * value->non;
	strlcpy(spec->tz, p, sizeof(spec->tz));
}

/*
 * Checks the zone against the server's zone database and replaces the name
 * with its canonical spelling (asia/shanghai -> Asia/Shanghai).
 */
static void
canonicalize_time_zone(CalendarSpec *spec)
{
	pg_tz	   *tz = cs_zone_by_name(spec->tz);

	strlcpy(spec->tz, pg_get_timezone_name(tz), sizeof(spec->tz));
}

static BusinessCalendar *
calendar_pack(const CalendarSpec *spec)
{
	size_t		tzlen = strlen(spec->tz);
	Size		size = offsetof(BusinessCalendar, data) +
		sizeof(CalWeekRule) * spec->nrules +
		sizeof(CalRange) * (spec->noff + spec->non) + tzlen + 1;
	BusinessCalendar *value;
	char	   *p;

	if (!AllocSizeIsValid(size))
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("business calendar is too large")));
	value = palloc0(size);
	SET_VARSIZE(value, size);
	value->version = BUSINESS_CALENDAR_VERSION;
	value->makeup_day = (int16) spec->makeup_day;
	value->nrules = spec->nrules;
	value->noff = spec->noff;
	value->non = spec->non;
	p = value->data;
	memcpy(p, spec->rules, sizeof(CalWeekRule) * spec->nrules);
	p += sizeof(CalWeekRule) * spec->nrules;
	if (spec->noff > 0)
		memcpy(p, spec->off, sizeof(CalRange) * spec->noff);
	p += sizeof(CalRange) * spec->noff;
	if (spec->non > 0)
		memcpy(p, spec->on, sizeof(CalRange) * spec->non);
	p += sizeof(CalRange) * spec->non;
	memcpy(p, spec->tz, tzlen + 1);
	return value;
}

Datum
business_calendar_in(PG_FUNCTION_ARGS)
{
	char	   *text = PG_GETARG_CSTRING(0);
	CalendarSpec spec;
	ParseError	err;

	const char *problem;

	if (!cal_parse(text, strlen(text), &cs_palloc_allocator, &spec, &err))
		cs_report_parse_error("business_calendar", text, &err, CALENDAR_SYNTAX_HINT);
	/* the checks binary input runs too: one validator for both */
	if (!cal_validate(&spec, &problem))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input syntax for type business_calendar: \"%s\"", text),
				 errdetail("%c%s.", pg_toupper((unsigned char) problem[0]), problem + 1),
				 errhint("%s", CALENDAR_SYNTAX_HINT)));
	canonicalize_time_zone(&spec);
	PG_RETURN_BUSINESS_CALENDAR_P(calendar_pack(&spec));
}

Datum
business_calendar_out(PG_FUNCTION_ARGS)
{
	BusinessCalendar *value = PG_GETARG_BUSINESS_CALENDAR_P(0);
	CalendarSpec spec;
	size_t		len;
	char	   *buf;

	cs_calendar_unpack(value, &spec);
	len = cal_format(&spec, NULL, 0);
	buf = palloc(len + 1);
	cal_format(&spec, buf, len + 1);
	PG_RETURN_CSTRING(buf);
}

/* Binary form: cal_encode and cal_decode (calendar_core.c). */
static void
encode_stored_calendar(WireOut *o, const BusinessCalendar *value)
{
	CalendarSpec spec;

	cs_calendar_unpack(value, &spec);
	cal_encode(o, &spec);
}

Datum
business_calendar_send(PG_FUNCTION_ARGS)
{
	CS_WIRE_SEND(encode_stored_calendar, PG_GETARG_BUSINESS_CALENDAR_P(0));
}


Datum
business_calendar_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	CalendarSpec spec;
	WireReader	r = cs_wire_reader(buf);
	WireError	err;

	cs_wire_finish(buf, &r, cal_decode(&r, &cs_palloc_allocator, &spec, &err), &err, "business_calendar");
	/* the zone must exist here, as for the text input */
	canonicalize_time_zone(&spec);
	PG_RETURN_BUSINESS_CALENDAR_P(calendar_pack(&spec));
}

Datum
business_calendar_eq(PG_FUNCTION_ARGS)
{
	BusinessCalendar *a = PG_GETARG_BUSINESS_CALENDAR_P(0);
	BusinessCalendar *b = PG_GETARG_BUSINESS_CALENDAR_P(1);

	PG_RETURN_BOOL(VARSIZE(a) == VARSIZE(b) && memcmp(a, b, VARSIZE(a)) == 0);
}

Datum
business_calendar_ne(PG_FUNCTION_ARGS)
{
	BusinessCalendar *a = PG_GETARG_BUSINESS_CALENDAR_P(0);
	BusinessCalendar *b = PG_GETARG_BUSINESS_CALENDAR_P(1);

	PG_RETURN_BOOL(VARSIZE(a) != VARSIZE(b) || memcmp(a, b, VARSIZE(a)) != 0);
}

Datum
business_calendar_hash(PG_FUNCTION_ARGS)
{
	BusinessCalendar *value = PG_GETARG_BUSINESS_CALENDAR_P(0);

	return hash_any((const unsigned char *) VARDATA(value), VARSIZE(value) - VARHDRSZ);
}

Datum
business_calendar_time_zone(PG_FUNCTION_ARGS)
{
	CalendarSpec spec;

	cs_calendar_unpack(PG_GETARG_BUSINESS_CALENDAR_P(0), &spec);
	PG_RETURN_TEXT_P(cstring_to_text(spec.tz));
}

/*
 * What a call site remembers between rows (in fn_extra): the last zone
 * (pg_tzset hashes the name each time) and, for the name form, the last
 * calendar and the cache generation it came from.
 */
typedef struct CallMemo
{
	char		zone_name[CAL_TZ_MAX + 1];
	pg_tz	   *zone;
	uint64		calendar_generation;
	char		calendar_name[NAMEDATALEN];
	struct BusinessCalendar *calendar;
} CallMemo;

static CallMemo *
call_memo(FunctionCallInfo fcinfo)
{
	if (fcinfo->flinfo->fn_extra == NULL)
		fcinfo->flinfo->fn_extra = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(CallMemo));
	return (CallMemo *) fcinfo->flinfo->fn_extra;
}

static pg_tz *
zone_for(FunctionCallInfo fcinfo, const char *name)
{
	CallMemo   *memo = call_memo(fcinfo);

	if (memo->zone == NULL || strcmp(memo->zone_name, name) != 0)
	{
		memo->zone = cs_zone_by_name(name);
		strlcpy(memo->zone_name, name, sizeof(memo->zone_name));
	}
	return memo->zone;
}

void
cs_calendar_report_status(CalStatus status, const CalendarSpec *spec)
{
	if (status == CAL_NO_WORKING_DAYS)
		ereport(ERROR,
				(errcode(ERRCODE_DATA_EXCEPTION),
				 errmsg("business calendar has no working day within %d days", CAL_MAX_SEARCH_DAYS),
				 errdetail("Calendar in %s: every day searched was off or had no working hours.", spec->tz),
				 errhint("Check the calendar's workweeks and days off.")));
	if (status == CAL_OUT_OF_RANGE)
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("timestamp out of range")));
}

/* ------------------------------------------------- name-form cache */

/*
 * Calendar name -> copy of its value, in a context of our own. Emptied by
 * any relcache invalidation of cs_policy.calendar (and by a full reset);
 * generation tells call sites that their remembered pointer is gone.
 */
typedef struct CalendarCacheEntry
{
	char		name[NAMEDATALEN];	/* hash key */
	BusinessCalendar *value;
} CalendarCacheEntry;

static MemoryContext calendar_cache_context = NULL;
static HTAB *calendar_cache = NULL;
static uint64 calendar_cache_generation = 1;
static Oid	calendar_relid = InvalidOid;
static SPIPlanPtr calendar_lookup_plan = NULL;

static void
calendar_cache_reset(Datum arg pg_attribute_unused(), Oid relid)
{
	if (relid != InvalidOid && relid != calendar_relid)
		return;
	if (calendar_cache_context != NULL)
		MemoryContextReset(calendar_cache_context);
	calendar_cache = NULL;
	calendar_relid = InvalidOid;
	calendar_cache_generation++;
}

void
cs_calendar_init(void)
{
	CacheRegisterRelcacheCallback(calendar_cache_reset, (Datum) 0);
}

/* Reads a calendar's value as of now (latest snapshot): see above. */
static BusinessCalendar *
calendar_load(const char *name)
{
	Datum		arg = CStringGetTextDatum(name);
	bool		isnull;
	Datum		value;
	BusinessCalendar *copy = NULL;
	char	   *known = NULL;
	int			rc;

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	if (calendar_lookup_plan == NULL)
	{
		Oid			argtypes[1] = {TEXTOID};
		SPIPlanPtr	plan = SPI_prepare("SELECT value FROM cs_policy.calendar "
									   "WHERE name OPERATOR(pg_catalog.=) $1", 1, argtypes);

		if (plan == NULL || SPI_keepplan(plan) != 0)
			elog(ERROR, "could not prepare the calendar lookup: %s", SPI_result_code_string(SPI_result));
		calendar_lookup_plan = plan;
	}
	rc = SPI_execute_snapshot(calendar_lookup_plan, &arg, NULL,
							  GetLatestSnapshot(), InvalidSnapshot, true, false, 1);
	if (rc != SPI_OK_SELECT)
		elog(ERROR, "calendar lookup failed: %s", SPI_result_code_string(rc));
	if (SPI_processed == 1)
	{
		value = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);
		if (!isnull)
		{
			BusinessCalendar *found = DatumGetBusinessCalendarP(value);

			copy = MemoryContextAlloc(calendar_cache_context, VARSIZE(found));
			memcpy(copy, found, VARSIZE(found));
		}
	}
	else
	{
		rc = SPI_execute("SELECT pg_catalog.string_agg(name, ', ' ORDER BY name) FROM cs_policy.calendar",
						 true, 1);
		if (rc == SPI_OK_SELECT && SPI_processed == 1)
		{
			char	   *list = SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1);

			if (list != NULL)
			{
				/* in the caller's context, so that it outlives SPI_finish */
				known = SPI_palloc(strlen(list) + 1);
				strcpy(known, list);
			}
		}
	}
	SPI_finish();

	if (copy == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_NO_DATA_FOUND),
				 errmsg("calendar \"%s\" does not exist", name),
				 known ? errdetail("The calendars are: %s.", known) : errdetail("There are no calendars."),
				 errhint("Pass one of those names, or create the calendar with cs_policy.create_calendar.")));
	return copy;
}

/* The value of the named calendar, from the cache or freshly read. */
static BusinessCalendar *
calendar_by_name(FunctionCallInfo fcinfo, text *name_text)
{
	CallMemo   *memo = call_memo(fcinfo);
	char		name[NAMEDATALEN];
	int			len = VARSIZE_ANY_EXHDR(name_text);
	CalendarCacheEntry *entry;
	bool		found;

	if (len >= NAMEDATALEN)
		ereport(ERROR,
				(errcode(ERRCODE_NO_DATA_FOUND),
				 errmsg("calendar \"%.*s...\" does not exist", NAMEDATALEN, VARDATA_ANY(name_text)),
				 errdetail("Calendar names are at most %d bytes long.", NAMEDATALEN - 1)));
	memcpy(name, VARDATA_ANY(name_text), len);
	name[len] = '\0';

	if (memo->calendar_generation == calendar_cache_generation && strcmp(memo->calendar_name, name) == 0)
		return memo->calendar;

	if (calendar_cache_context == NULL)
		calendar_cache_context = AllocSetContextCreate(TopMemoryContext, "cs_policy calendar cache",
													   ALLOCSET_SMALL_SIZES);
	if (calendar_cache == NULL)
	{
		HASHCTL		ctl;

		ctl.keysize = NAMEDATALEN;
		ctl.entrysize = sizeof(CalendarCacheEntry);
		ctl.hcxt = calendar_cache_context;
		calendar_cache = hash_create("cs_policy calendars", 16, &ctl,
									 HASH_ELEM | HASH_STRINGS | HASH_CONTEXT);
	}
	if (!OidIsValid(calendar_relid))
		calendar_relid = get_relname_relid("calendar", get_namespace_oid("cs_policy", false));

	entry = hash_search(calendar_cache, name, HASH_FIND, &found);
	if (!found)
	{
		uint64		generation = calendar_cache_generation;
		BusinessCalendar *value = calendar_load(name);

		/* an invalidation while reading emptied the cache: read again next time */
		if (generation != calendar_cache_generation)
			return value;
		entry = hash_search(calendar_cache, name, HASH_ENTER, &found);
		entry->value = value;
	}
	memo->calendar_generation = calendar_cache_generation;
	strlcpy(memo->calendar_name, name, sizeof(memo->calendar_name));
	memo->calendar = entry->value;
	return entry->value;
}

/* Sent by the command functions after they change a calendar. */
Datum
calendar_changed(PG_FUNCTION_ARGS)
{
	Oid			relid = get_relname_relid("calendar", get_namespace_oid("cs_policy", false));

	if (OidIsValid(relid))
		CacheInvalidateRelcacheByRelid(relid);
	PG_RETURN_VOID();
}

/* ------------------------------------------------------- functions */

static BusinessCalendar *
calendar_arg(FunctionCallInfo fcinfo, bool by_name)
{
	if (by_name)
		return calendar_by_name(fcinfo, PG_GETARG_TEXT_PP(0));
	return PG_GETARG_BUSINESS_CALENDAR_P(0);
}

static Datum
is_working_day_common(FunctionCallInfo fcinfo, bool by_name)
{
	CalendarSpec spec;
	DateADT		day = PG_GETARG_DATEADT(1);

	cs_calendar_unpack(calendar_arg(fcinfo, by_name), &spec);
	if (DATE_NOT_FINITE(day))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("is_working_day is not defined for an infinite date")));
	PG_RETURN_BOOL(cal_is_working_day(&spec, day));
}

Datum
calendar_is_working_day(PG_FUNCTION_ARGS)
{
	return is_working_day_common(fcinfo, false);
}

Datum
calendar_is_working_day_by_name(PG_FUNCTION_ARGS)
{
	return is_working_day_common(fcinfo, true);
}

/*
 * The first day of a range that two calendars disagree on: its kind
 * (holiday, make-up working day) or its working hours (NULL: none). The
 * range is bounded: a scan of every day of the dates PostgreSQL holds
 * would take minutes.
 */
Datum
calendar_first_difference(PG_FUNCTION_ARGS)
{
	CalendarSpec a;
	CalendarSpec b;
	DateADT		from = PG_GETARG_DATEADT(2);
	DateADT		through = PG_GETARG_DATEADT(3);
	int32_t		day;

	cs_calendar_unpack(PG_GETARG_BUSINESS_CALENDAR_P(0), &a);
	cs_calendar_unpack(PG_GETARG_BUSINESS_CALENDAR_P(1), &b);
	if (DATE_NOT_FINITE(from) || DATE_NOT_FINITE(through) || !cal_day_in_range(from) || !cal_day_in_range(through))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("calendar_first_difference compares days of the years %d to %d", CAL_YEAR_MIN, CAL_YEAR_MAX),
				 errhint("Pass finite dates, e.g. the days of a period.")));
	if (through - from >= CAL_MAX_SEARCH_DAYS * 10)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("calendar_first_difference compares at most %d days, not %d", CAL_MAX_SEARCH_DAYS * 10,
						through - from + 1),
				 errhint("Compare the days of one period at a time.")));
	if (!cal_first_difference(&a, &b, from, through, &day))
		PG_RETURN_NULL();
	PG_RETURN_DATEADT(day);
}

static Datum
add_working_days_common(FunctionCallInfo fcinfo, bool by_name)
{
	CalendarSpec spec;
	TimestampTz t = PG_GETARG_TIMESTAMPTZ(1);
	int32		n = PG_GETARG_INT32(2);
	LocalClock	pgclock;
	CalClock	clock;
	int64		result;

	cs_calendar_unpack(calendar_arg(fcinfo, by_name), &spec);
	if (n < 0 || n > CAL_MAX_N)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("number of working days must be between 0 and %d, not %d", CAL_MAX_N, n),
				 errhint("n counts working days after the day of t: 0 means the end of that day's hours.")));
	if (TIMESTAMP_NOT_FINITE(t))
		PG_RETURN_TIMESTAMPTZ(t);
	local_clock_start(&pgclock, &clock, zone_for(fcinfo, spec.tz), t);
	cs_calendar_report_status(cal_add_working_days(&spec, &clock, t, n, &result), &spec);
	PG_RETURN_TIMESTAMPTZ(result);
}

Datum
calendar_add_working_days(PG_FUNCTION_ARGS)
{
	return add_working_days_common(fcinfo, false);
}

Datum
calendar_add_working_days_by_name(PG_FUNCTION_ARGS)
{
	return add_working_days_common(fcinfo, true);
}

static Datum
add_working_time_common(FunctionCallInfo fcinfo, bool by_name)
{
	CalendarSpec spec;
	TimestampTz t = PG_GETARG_TIMESTAMPTZ(1);
	Interval   *duration = PG_GETARG_INTERVAL_P(2);
	LocalClock	pgclock;
	CalClock	clock;
	int64		result;

	cs_calendar_unpack(calendar_arg(fcinfo, by_name), &spec);
	if (duration->month != 0 || duration->day != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("working time must be given in hours, minutes and seconds, not days or months"),
				 errdetail("A day of working time is not 24 hours."),
				 errhint("Write interval '27 hours' for working time, or use add_working_days for whole working days.")));
	if (duration->time < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("working time must not be negative"),
				 errhint("add_working_time moves forward through working hours only.")));
	if (TIMESTAMP_NOT_FINITE(t))
		PG_RETURN_TIMESTAMPTZ(t);
	local_clock_start(&pgclock, &clock, zone_for(fcinfo, spec.tz), t);
	cs_calendar_report_status(cal_add_working_time(&spec, &clock, t, duration->time, &result), &spec);
	PG_RETURN_TIMESTAMPTZ(result);
}

Datum
calendar_add_working_time(PG_FUNCTION_ARGS)
{
	return add_working_time_common(fcinfo, false);
}

Datum
calendar_add_working_time_by_name(PG_FUNCTION_ARGS)
{
	return add_working_time_common(fcinfo, true);
}

static Datum
working_time_between_common(FunctionCallInfo fcinfo, bool by_name)
{
	CalendarSpec spec;
	TimestampTz a = PG_GETARG_TIMESTAMPTZ(1);
	TimestampTz b = PG_GETARG_TIMESTAMPTZ(2);
	LocalClock	pgclock;
	CalClock	clock;
	int64		total;
	Interval   *result;

	cs_calendar_unpack(calendar_arg(fcinfo, by_name), &spec);
	if (TIMESTAMP_NOT_FINITE(a) || TIMESTAMP_NOT_FINITE(b))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("working time between infinite timestamps is not defined")));
	local_clock_start(&pgclock, &clock, zone_for(fcinfo, spec.tz), Min(a, b));
	cs_calendar_report_status(cal_working_time_between(&spec, &clock, a, b, &total), &spec);
	result = palloc0(sizeof(Interval));
	result->time = total;
	PG_RETURN_INTERVAL_P(result);
}

Datum
calendar_working_time_between(PG_FUNCTION_ARGS)
{
	return working_time_between_common(fcinfo, false);
}

Datum
calendar_working_time_between_by_name(PG_FUNCTION_ARGS)
{
	return working_time_between_common(fcinfo, true);
}
