/*
 * cs_policy.c
 *		Module entry point of cs_policy.
 *
 * This file holds only the module magic and _PG_init, as pgvector's vector.c
 * does; each concern (calendar, shift, ladder, ...) lives in its own file
 * beside the SQL that declares it.
 */
#include "postgres.h"

#include "fmgr.h"

#include "access.h"
#include "calendar.h"

PG_MODULE_MAGIC;

void		_PG_init(void);

/* Each concern registers what it needs once per backend. */
void
_PG_init(void)
{
	cs_calendar_init();
	cs_access_init();
}
