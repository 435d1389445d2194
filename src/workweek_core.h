/*
 * workweek_core.h
 *		Weekly working hours as plain C: parse, validate, format.
 *
 * Nothing here calls PostgreSQL (no palloc, no ereport), so that a fuzzer
 * can drive it outside the server; src/workweek.c is the SQL shell.
 */
#ifndef CS_POLICY_WORKWEEK_CORE_H
#define CS_POLICY_WORKWEEK_CORE_H

#include "text_core.h"
#include "wire_core.h"

#define WW_DAYS				7		/* index 0 = Monday ... 6 = Sunday */
#define WW_MAX_WINDOWS		8		/* per day, after merging adjacent ones */
#define WW_MINUTES_PER_DAY	1440

/* One stretch of working time within a day: minutes [start, end). */
typedef struct WorkWindow
{
	int16_t		start;			/* 0 .. 1439 */
	int16_t		end;			/* start + 1 .. 1440 (24:00) */
} WorkWindow;

/*
 * A week of working hours. Fixed size and fully initialised (unused slots
 * are zero), so that two equal weeks are equal byte for byte.
 */
typedef struct WorkWeek
{
	int16_t		nwindows[WW_DAYS];	/* windows used on each day */
	int16_t		reserved;		/* zero; keeps the windows 4-byte aligned */
	WorkWindow	windows[WW_DAYS][WW_MAX_WINDOWS];	/* sorted, disjoint,
													 * not adjacent */
} WorkWeek;

extern const char *const ww_day_names[WW_DAYS];

extern bool ww_parse(const char *text, size_t len, WorkWeek *out, ParseError *err);
extern bool ww_validate(const WorkWeek *week, const char **message);
extern size_t ww_format(const WorkWeek *week, char *buf, size_t buflen);
extern int	ww_parse_day_name(const char *s, size_t len);
extern int64_t ww_weekly_minutes(const WorkWeek *week);
extern bool ww_is_empty(const WorkWeek *week);

/* Binary form: per day the number of windows, then each window's minutes. */
extern void ww_encode(WireOut *o, const WorkWeek *week);
extern bool ww_decode(WireReader *r, WorkWeek *out, WireError *err);

#endif
