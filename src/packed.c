/*
 * packed.c
 *		Packed lists for the collecting aggregates (packed.h) and their
 *		common combine function.
 */
#include "postgres.h"

#include "fmgr.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"

#include "packed.h"

PG_FUNCTION_INFO_V1(collect_combine);

PackedList *
cs_packed_append(FunctionCallInfo fcinfo, PackedList *list, const void *entry, Size len, int entries)
{
	if (!AggCheckCallContext(fcinfo, NULL))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("%s is the transition function of an aggregate", get_func_name(fcinfo->flinfo->fn_oid)),
				 errhint("Call the aggregate: collect_punches, collect_shifts or collect_complaint_events.")));
	if (list == NULL || sizeof(PackedList) + (Size) list->used + len > VARSIZE(list))
	{
		/*
		 * A bigger list in the call's memory; the aggregate copies it into
		 * its own context and frees the old one.
		 */
		Size		used = list ? list->used : 0;
		Size		size = Max(list ? 2 * (Size) VARSIZE(list) : sizeof(PackedList) + 256,
							   sizeof(PackedList) + used + len);
		PackedList *bigger;

		if (size > MaxAllocSize)
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("too many entries to collect for one group"),
					 errdetail("A packed list holds at most 1 GB.")));
		bigger = palloc0(size);
		SET_VARSIZE(bigger, size);
		if (list)
		{
			bigger->count = list->count;
			bigger->used = list->used;
			memcpy(PACKED_PAYLOAD(bigger), PACKED_PAYLOAD(list), used);
		}
		list = bigger;
	}
	memcpy(PACKED_PAYLOAD(list) + list->used, entry, len);
	list->used += (int32) len;
	list->count += entries;
	return list;
}

PackedList *
cs_packed_arg(FunctionCallInfo fcinfo, int arg)
{
	if (PG_ARGISNULL(arg))
		return NULL;
	return cs_packed_datum(PG_GETARG_DATUM(arg));
}

PackedList *
cs_packed_datum(Datum value)
{
	PackedList *list = (PackedList *) PG_DETOAST_DATUM(value);

	if (VARSIZE(list) < sizeof(PackedList) || list->used < 0 || list->count < 0 ||
		sizeof(PackedList) + (Size) list->used > VARSIZE(list) || list->used % 8 != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("not a list made by collect_punches, collect_shifts or collect_complaint_events")));
	return list;
}

/* Both lists' entries in one (for partial aggregates: parallel and Citus). */
Datum
collect_combine(PG_FUNCTION_ARGS)
{
	PackedList *a = cs_packed_arg(fcinfo, 0);
	PackedList *b = cs_packed_arg(fcinfo, 1);

	if (b == NULL || b->count == 0)
		PG_RETURN_POINTER(a);
	a = cs_packed_append(fcinfo, a, PACKED_PAYLOAD(b), b->used, b->count);
	PG_RETURN_POINTER(a);
}
