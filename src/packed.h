/*
 * packed.h
 *		Packed lists: what an aggregate such as collect_punches,
 *		collect_shifts or collect_complaint_events gathers for one group, as
 *		a bytea that grows in place inside the aggregate (doubling when
 *		full) and that two partial aggregates concatenate (collect_combine,
 *		for parallel plans and Citus). The state is a bytea, not internal,
 *		so that partial aggregates can travel between nodes.
 */
#ifndef CS_POLICY_PACKED_H
#define CS_POLICY_PACKED_H

#include "postgres.h"
#include "fmgr.h"

typedef struct PackedList
{
	int32		vl_len_;		/* varlena header: the allocated size */
	int32		count;			/* entries */
	int32		used;			/* payload bytes in use */
	int32		reserved;		/* zero */
	/* payload follows, 8-byte aligned */
} PackedList;

#define PACKED_PAYLOAD(l)	((char *) (l) + sizeof(PackedList))

/* Appends entries (len bytes, a multiple of 8) to list, which may be NULL; only inside an aggregate. */
extern PackedList *cs_packed_append(FunctionCallInfo fcinfo, PackedList *list, const void *entry, Size len,
									int entries);

/* The list of argument arg, or NULL; raises 22023 when it is not a packed list. */
extern PackedList *cs_packed_arg(FunctionCallInfo fcinfo, int arg);

/* The same for a value (a field of a composite). */
extern PackedList *cs_packed_datum(Datum value);

#endif
