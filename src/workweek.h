/*
 * workweek.h
 *		SQL type cs_policy.workweek: weekly working hours (see workweek_core.h).
 */
#ifndef CS_POLICY_WORKWEEK_H
#define CS_POLICY_WORKWEEK_H

#include "postgres.h"
#include "fmgr.h"

#include "workweek_core.h"

/* A fixed-length, pass-by-reference type: the struct itself is the datum. */
#define DatumGetWorkWeekP(X)	((WorkWeek *) DatumGetPointer(X))
#define PG_GETARG_WORKWEEK_P(n) DatumGetWorkWeekP(PG_GETARG_DATUM(n))
#define PG_RETURN_WORKWEEK_P(x) PG_RETURN_POINTER(x)

StaticAssertDecl(sizeof(WorkWeek) == 240, "workweek must match INTERNALLENGTH in workweek.sql");

/* Shared by the types that parse text: reports err against input. */
/* palloc and repalloc for the cores that build lists */
extern const CoreAllocator cs_palloc_allocator;

extern void cs_report_parse_error(const char *type_name, const char *input,
								  const ParseError *err, const char *hint) pg_attribute_noreturn();

/* Binary form of a week, also used inside business_calendar's. */
struct StringInfoData;

/* Hint that shows the workweek syntax. */
#define WORKWEEK_SYNTAX_HINT \
	"A workweek lists days and their hours, e.g. 'Mon-Fri 08:30-12:00,13:00-17:30; Sat 09:00-12:00'."

#endif
