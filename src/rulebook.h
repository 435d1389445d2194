/*
 * rulebook.h
 *		SQL type cs_policy.rulebook (see rulebook_core.h).
 */
#ifndef CS_POLICY_RULEBOOK_H
#define CS_POLICY_RULEBOOK_H

#include "postgres.h"
#include "fmgr.h"

#include "rulebook_core.h"

/* On disk: this header, then the packed entries (8-byte aligned). */
typedef struct Rulebook
{
	int32		vl_len_;		/* varlena header (do not touch directly!) */
	int32		nentries;
} Rulebook;

#define DatumGetRulebookP(X)		((Rulebook *) PG_DETOAST_DATUM(X))
#define PG_GETARG_RULEBOOK_P(n)		DatumGetRulebookP(PG_GETARG_DATUM(n))
#define PG_RETURN_RULEBOOK_P(x)		PG_RETURN_POINTER(x)

/* The entries of a stored rulebook, read in place (checks them). */
extern void cs_rulebook_ref(const Rulebook *value, RulebookRef *out);
extern Rulebook *cs_rulebook_pack(const RulebookSpec *spec);

#define RULEBOOK_SYNTAX_HINT \
	"A rulebook has one rule a line, e.g. 'late (AT-1) = minutes: (0,10] 4 per unit; (10,30] 50' or 'full_attendance_bonus (AT-6) = 50'."

#endif
