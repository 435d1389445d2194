/*
 * calendar.h
 *		SQL type cs_policy.business_calendar: a calendar compiled into one
 *		immutable value (see calendar_core.h for the rules it carries).
 */
#ifndef CS_POLICY_CALENDAR_H
#define CS_POLICY_CALENDAR_H

#include "postgres.h"
#include "fmgr.h"

#include "calendar_core.h"

#define BUSINESS_CALENDAR_VERSION 1

/*
 * On disk: this header, then nrules CalWeekRule, noff and non CalRange,
 * then the time zone name with its NUL. Built zero-filled from a canonical
 * CalendarSpec, so equal calendars are equal byte for byte.
 */
typedef struct BusinessCalendar
{
	int32		vl_len_;		/* varlena header (do not touch directly!) */
	int16		version;		/* BUSINESS_CALENDAR_VERSION */
	int16		makeup_day;		/* weekday whose hours a make-up day takes */
	int32		nrules;			/* workweeks: default, seasons, dated */
	int32		noff;			/* ranges of days off */
	int32		non;			/* ranges of make-up working days */
	char		data[FLEXIBLE_ARRAY_MEMBER];
} BusinessCalendar;

#define DatumGetBusinessCalendarP(X)	((BusinessCalendar *) PG_DETOAST_DATUM(X))
#define PG_GETARG_BUSINESS_CALENDAR_P(n) DatumGetBusinessCalendarP(PG_GETARG_DATUM(n))
#define PG_RETURN_BUSINESS_CALENDAR_P(x) PG_RETURN_POINTER(x)

extern void cs_calendar_init(void);

/* A view of a stored calendar as a CalendarSpec (arrays point into the value). */
extern void cs_calendar_unpack(const BusinessCalendar *value, CalendarSpec *spec);

/* Raises the error of a failed calculation (no working day for ten years, out of range). */
extern void cs_calendar_report_status(CalStatus status, const CalendarSpec *spec);

#endif
