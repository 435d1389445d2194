/*
 * access.h
 *		The access_scope value: who is viewing and whose rows they may see.
 */
#ifndef CS_POLICY_ACCESS_H
#define CS_POLICY_ACCESS_H

#include "postgres.h"

#include "access_core.h"

/* On disk: the header, then the lists back to back (access_core.h). */
typedef struct AccessScope
{
	int32		vl_len_;		/* varlena header */
	int32		flags;			/* SCOPE_ALL, SCOPE_PAY */
	int64		viewer;			/* employee_id of whoever is acting; 0: nobody */
	int32		counts[SCOPE_LISTS];	/* ids in each list */
	int32		padding;
	int64		ids[FLEXIBLE_ARRAY_MEMBER]; /* each list sorted ascending, no duplicates */
} AccessScope;

#define DatumGetAccessScopeP(d)		((AccessScope *) PG_DETOAST_DATUM(d))
#define PG_GETARG_ACCESS_SCOPE_P(n)	DatumGetAccessScopeP(PG_GETARG_DATUM(n))

/* _PG_init: act_as is undone with the subtransaction that made it */
extern void cs_access_init(void);

#endif
