/*
 * access.h
 *		The access_scope value: who is viewing and whose rows they may see.
 */
#ifndef CS_POLICY_ACCESS_H
#define CS_POLICY_ACCESS_H

#include "postgres.h"

#define SCOPE_ALL		0x1		/* the center: director, HR, analyst, auditor */
#define SCOPE_PAY		0x2		/* everyone's pay (HR, SEC-2) */
#define SCOPE_AUDIT		0x4		/* the audit log (auditors, SEC-5) */

/* the lists, in this order after each other in ids[] */
#define SCOPE_PERSONAL		0	/* employees whose own records are visible */
#define SCOPE_TEAM			1	/* ... whose team-shared records (roster, handover) are */
#define SCOPE_DEPARTMENTS	2	/* departments whose records are */
#define SCOPE_LISTS			3

/* a center of 100,000 employees and its departments fit with room to spare */
#define SCOPE_MAX_IDS	(4 * 1024 * 1024)

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
