/*
 * localtime.c
 *		Local time in a named zone (see localtime.h).
 */
#include "postgres.h"

#include "utils/datetime.h"
#include "utils/timestamp.h"

#include "localtime.h"

/* Seconds from 1970-01-01 to 2000-01-01, PostgreSQL's epoch. */
#define UNIX_TO_PG_SECS ((int64) (POSTGRES_EPOCH_JDATE - UNIX_EPOCH_JDATE) * SECS_PER_DAY)

static int64
floor_div(int64 a, int64 b)
{
	int64		q = a / b;

	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

static void
clock_learn(LocalClock *c, int64 unix_secs)
{
	pg_time_t	t = (pg_time_t) unix_secs;
	long		before_gmtoff,
				after_gmtoff;
	int			before_isdst,
				after_isdst;
	pg_time_t	boundary;
	int			found = pg_next_dst_boundary(&t, &before_gmtoff, &before_isdst, &boundary,
											 &after_gmtoff, &after_isdst, c->tz);

	c->stretch_known = found >= 0;
	c->stretch_from = unix_secs;
	c->stretch_to = found == 1 ? (int64) boundary : PG_INT64_MAX;
	c->gmtoff = before_gmtoff;
}

bool
local_clock_to_instant(void *arg, int32_t day, int minute, int64_t *instant)
{
	LocalClock    *c = (LocalClock *) arg;
	int64		local_secs,
				guess,
				result;
	struct pg_tm tm;
	int			tzoff;
	int			y,
				m,
				d;

	/* 24:00 and the minutes of an overnight shift belong to later days */
	if (minute < 0)
		return false;
	day += minute / (MINS_PER_HOUR * HOURS_PER_DAY);
	minute %= MINS_PER_HOUR * HOURS_PER_DAY;
	/* far outside the timestamp range: refuse before any arithmetic */
	if (day < -(POSTGRES_EPOCH_JDATE) || day > TIMESTAMP_END_JULIAN - POSTGRES_EPOCH_JDATE)
		return false;
	local_secs = ((int64) day * SECS_PER_DAY + UNIX_TO_PG_SECS) + (int64) minute * SECS_PER_MINUTE;
	if (c->stretch_known)
	{
		guess = local_secs - c->gmtoff;
		if (guess >= c->stretch_from + SECS_PER_DAY &&
			(c->stretch_to == PG_INT64_MAX || guess < c->stretch_to - SECS_PER_DAY))
		{
			result = (guess - UNIX_TO_PG_SECS) * USECS_PER_SEC;
			if (!IS_VALID_TIMESTAMP(result))
				return false;
			*instant = result;
			return true;
		}
	}

	j2date(day + POSTGRES_EPOCH_JDATE, &y, &m, &d);
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y;
	tm.tm_mon = m;
	tm.tm_mday = d;
	tm.tm_hour = minute / MINS_PER_HOUR;
	tm.tm_min = minute % MINS_PER_HOUR;
	tzoff = DetermineTimeZoneOffset(&tm, c->tz);
	if (tm2timestamp(&tm, 0, &tzoff, &result) != 0 || !IS_VALID_TIMESTAMP(result))
		return false;
	*instant = result;
	/* loops move forward: learn the stretch that lies ahead */
	if (!c->stretch_known || local_secs - c->gmtoff >= c->stretch_to - SECS_PER_DAY)
		clock_learn(c, floor_div(result, USECS_PER_SEC) + UNIX_TO_PG_SECS);
	return true;
}

bool
local_clock_local_day(void *arg, int64_t instant, int32_t *day)
{
	LocalClock    *c = (LocalClock *) arg;
	int64		unix_secs;
	struct pg_tm tm;
	fsec_t		fsec;
	int			tzoff;

	if (!IS_VALID_TIMESTAMP(instant))
		return false;
	unix_secs = floor_div(instant, USECS_PER_SEC) + UNIX_TO_PG_SECS;
	if (c->stretch_known && unix_secs >= c->stretch_from && unix_secs < c->stretch_to)
	{
		*day = (int32) (floor_div(unix_secs + c->gmtoff, SECS_PER_DAY) -
						(POSTGRES_EPOCH_JDATE - UNIX_EPOCH_JDATE));
		return true;
	}
	if (timestamp2tm(instant, &tzoff, &tm, &fsec, NULL, c->tz) != 0)
		return false;
	*day = date2j(tm.tm_year, tm.tm_mon, tm.tm_mday) - POSTGRES_EPOCH_JDATE;
	return true;
}

void
local_clock_start(LocalClock *c, CalClock *clock, pg_tz *tz, TimestampTz near)
{
	c->tz = tz;
	c->stretch_known = false;
	/* two days early, so that the whole local day of "near" is inside */
	if (IS_VALID_TIMESTAMP(near))
		clock_learn(c, floor_div(near, USECS_PER_SEC) + UNIX_TO_PG_SECS - 2 * SECS_PER_DAY);
	clock->arg = c;
	clock->to_instant = local_clock_to_instant;
	clock->local_day = local_clock_local_day;
}


pg_tz *
cs_zone_by_name(const char *name)
{
	pg_tz	   *tz = pg_tzset(name);

	if (tz == NULL || !pg_tz_acceptable(tz))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("time zone \"%s\" not recognized", name),
				 errhint("Use a full IANA name such as Asia/Shanghai or Europe/Berlin; "
						 "SELECT name FROM pg_timezone_names lists them.")));
	return tz;
}
