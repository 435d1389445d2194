/*
 * calendar_core.h
 *		Business calendars as plain C: parse, validate, format, and the
 *		working-time arithmetic on them.
 *
 * Nothing here calls PostgreSQL; time zones enter through a CalClock whose
 * callbacks the SQL shell (calendar.c) implements with PostgreSQL's zone
 * code. Days are counted from 2000-01-01 (PostgreSQL's DateADT), instants
 * in microseconds from 2000-01-01 00:00 UTC (PostgreSQL's TimestampTz).
 */
#ifndef CS_POLICY_CALENDAR_CORE_H
#define CS_POLICY_CALENDAR_CORE_H

#include "workweek_core.h"

#define CAL_TZ_MAX			255
#define CAL_MAX_SEARCH_DAYS 3660	/* ten years without a working day: give
									 * up */
#define CAL_MAX_N			1000000 /* add_working_days' n */
#define CAL_MAX_RANGES		100000	/* days or ranges in off= or on= (a
									 * century of holidays is ~1,000) */
#define CAL_MAX_RULES		1000	/* weeks of seasons and dates */
#define CAL_YEAR_MIN		1		/* years as PostgreSQL's date and the */
#define CAL_YEAR_MAX		9999	/* text's YYYY hold them */

/* Which days a workweek applies to. */
typedef enum CalRuleKind
{
	CAL_RULE_DEFAULT = 0,		/* every day no other rule claims */
	CAL_RULE_SEASON = 1,		/* every year, month-day from .. through */
	CAL_RULE_DATES = 2			/* the days from .. through */
} CalRuleKind;

typedef struct CalWeekRule
{
	int32_t		kind;			/* CalRuleKind */
	int32_t		from;			/* season: month * 100 + day; dates: day
								 * number */
	int32_t		through;		/* inclusive, same units */
	WorkWeek	week;
} CalWeekRule;

/* Days from .. through, inclusive. */
typedef struct CalRange
{
	int32_t		from;
	int32_t		through;
} CalRange;

/*
 * A calendar, unpacked. Canonical when: rules[0] is the only default rule,
 * seasons follow sorted and disjoint, then dated rules sorted and disjoint;
 * off and on are sorted, disjoint and not adjacent, and share no day.
 */
typedef struct CalendarSpec
{
	char		tz[CAL_TZ_MAX + 1];
	int			makeup_day;		/* weekday (0 = Mon) whose hours a make-up
								 * working day takes */
	int			nrules;
	CalWeekRule *rules;
	int			noff;
	CalRange   *off;			/* days off: holidays */
	int			non;
	CalRange   *on;				/* make-up working days */
} CalendarSpec;

/* Local time for the arithmetic: the shell binds it to a time zone. */
typedef struct CalClock
{
	void	   *arg;
	/* local day + minute (0 .. 1440) -> instant; false if out of range */
	bool		(*to_instant) (void *arg, int32_t day, int minute, int64_t *instant);
	/* instant -> local day; false if out of range */
	bool		(*local_day) (void *arg, int64_t instant, int32_t *day);
} CalClock;

typedef enum CalStatus
{
	CAL_OK = 0,
	CAL_NO_WORKING_DAYS,		/* ten years searched without a working day */
	CAL_OUT_OF_RANGE			/* past the range of timestamps */
} CalStatus;

/* text */
extern bool cal_parse(const char *text, size_t len, const CoreAllocator *mem,
					  CalendarSpec *out, ParseError *err);
extern bool cal_validate(const CalendarSpec *cal, const char **message);
extern size_t cal_format(const CalendarSpec *cal, char *buf, size_t buflen);

/*
 * Binary form: version, make-up weekday, time zone, then each rule (kind,
 * from, through, workweek), then the off and on ranges. Decoding runs the
 * text input's checks; whether the zone exists is the server's to check.
 */
#define CAL_WIRE_VERSION	1
extern void cal_encode(WireOut *o, const CalendarSpec *cal);
extern bool cal_decode(WireReader *r, const CoreAllocator *mem, CalendarSpec *out, WireError *err);

/* days */
extern int	cal_weekday(int32_t day);
extern void cal_civil(int32_t day, int *year, int *month, int *mday);
extern bool cal_day_from_civil(int year, int month, int mday, int32_t *day);
extern bool cal_day_in_range(int32_t day);
extern int	cal_day_windows(const CalendarSpec *cal, int32_t day, const WorkWindow **windows);
extern bool cal_is_working_day(const CalendarSpec *cal, int32_t day);
extern bool cal_first_difference(const CalendarSpec *a, const CalendarSpec *b, int32_t from,
								 int32_t through, int32_t *day);

/* working time */
extern CalStatus cal_add_working_days(const CalendarSpec *cal, const CalClock *clock,
									  int64_t t, int32_t n, int64_t *result);
extern CalStatus cal_add_working_time(const CalendarSpec *cal, const CalClock *clock,
									  int64_t t, int64_t duration, int64_t *result);
extern CalStatus cal_working_time_between(const CalendarSpec *cal, const CalClock *clock,
										  int64_t a, int64_t b, int64_t *result);

#endif
