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

PG_MODULE_MAGIC;

void		_PG_init(void);

/*
 * Nothing to set up yet: the module has no GUCs, hooks or shared memory.
 * Kept so that later concerns have one obvious place to register them.
 */
void
_PG_init(void)
{
}
