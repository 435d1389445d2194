/*
 * localtime.h
 *		Local time in a named zone for the pure arithmetic of calendar_core
 *		and shift: a CalClock bound to a PostgreSQL time zone.
 */
#ifndef CS_POLICY_LOCALTIME_H
#define CS_POLICY_LOCALTIME_H

#include "postgres.h"

#include "datatype/timestamp.h"
#include "pgtime.h"

#include "calendar_core.h"

/*
 * A clock on one zone. Converting a local time needs the zone's offset,
 * which only changes at transitions; the clock remembers one stretch of UTC
 * time with a constant offset and answers inside it by arithmetic, keeping
 * a day's distance from the transitions at either end (where a local time
 * can be ambiguous or missing) for PostgreSQL's own DetermineTimeZoneOffset,
 * the same rule that timestamp -> timestamptz uses.
 */
typedef struct LocalClock
{
	pg_tz	   *tz;
	bool		stretch_known;
	int64		stretch_from;	/* Unix seconds: offset known from here ... */
	int64		stretch_to;		/* ... to here, exclusive */
	long		gmtoff;			/* seconds east of UTC in the stretch */
} LocalClock;

/* Starts a clock in zone tz whose work begins near the instant "near". */
extern void local_clock_start(LocalClock *c, CalClock *clock, pg_tz *tz, TimestampTz near);

/* local day + minute (any minute >= 0; 1440 is the next day's 00:00) -> instant */
extern bool local_clock_to_instant(void *clock, int32_t day, int minute, int64_t *instant);

/* instant -> local day */
extern bool local_clock_local_day(void *clock, int64_t instant, int32_t *day);

/* The zone of that name, or an error 22023 naming it. */
extern pg_tz *cs_zone_by_name(const char *name);

#endif
