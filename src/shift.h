/*
 * shift.h
 *		SQL type cs_policy.shift (see shift_core.h).
 */
#ifndef CS_POLICY_SHIFT_H
#define CS_POLICY_SHIFT_H

#include "postgres.h"
#include "fmgr.h"
#include "utils/multirangetypes.h"
#include "utils/typcache.h"

#include "shift_core.h"

#define DatumGetShiftP(X)		((Shift *) DatumGetPointer(X))
#define PG_GETARG_SHIFT_P(n)	DatumGetShiftP(PG_GETARG_DATUM(n))
#define PG_RETURN_SHIFT_P(x)	PG_RETURN_POINTER(x)

StaticAssertDecl(sizeof(Shift) == 36, "shift must match INTERNALLENGTH in shift.sql");

#define SHIFT_SYNTAX_HINT \
	"A shift is one or more windows in time order, e.g. '08:30-17:30', '20:00-08:00' (ends the next day) or '08:30-12:00,13:00-17:00'."

/* The range type of a shift's instants (a tstzmultirange, or 42804). */
extern TypeCacheEntry *cs_instants_range_type(const MultirangeType *instants);

#endif
