/*
 * ladder.h
 *		SQL type cs_policy.ladder (see ladder_core.h).
 */
#ifndef CS_POLICY_LADDER_H
#define CS_POLICY_LADDER_H

#include "postgres.h"
#include "fmgr.h"
#include "utils/numeric.h"

#include "ladder_core.h"

/* On disk: this header and nsteps LadderStep, zero-filled. */
typedef struct Ladder
{
	int32		vl_len_;		/* varlena header (do not touch directly!) */
	int32		measure;		/* LadderMeasure */
	int32		nsteps;
	int32		reserved;		/* zero; keeps the steps 8-byte aligned */
	LadderStep	steps[FLEXIBLE_ARRAY_MEMBER];
} Ladder;

#define DatumGetLadderP(X)		((Ladder *) PG_DETOAST_DATUM(X))
#define PG_GETARG_LADDER_P(n)	DatumGetLadderP(PG_GETARG_DATUM(n))
#define PG_RETURN_LADDER_P(x)	PG_RETURN_POINTER(x)

/* The steps of a stored ladder, read in place (checks the header). */
extern LadderRef cs_ladder_ref(const Ladder *value);

/* A ladder value made from parsed steps. */
extern Ladder *cs_ladder_pack(const LadderSpec *spec);

/* millionths as numeric */
extern Datum cs_millionths_to_numeric(int64 value);

/* numeric as millionths; errors when out of range or not finite */
extern int64 cs_numeric_to_millionths(Numeric value, const char *what);

#define LADDER_SYNTAX_HINT \
	"A ladder names its measure and its steps, e.g. 'minutes: (0,10] 4 per unit; (10,30] 50; (30,60) 1 daily_wage; [60,) 1 absence_day'."

#endif
