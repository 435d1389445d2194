/*
 * workweek.c
 *		SQL shell of cs_policy.workweek: I/O, binary I/O, equality, hashing.
 *
 * The parsing and formatting live in workweek_core.c; these wrappers unpack
 * arguments, turn a parse status into an ereport and pack the result.
 */
#include "postgres.h"

#include "common/hashfn.h"
#include "fmgr.h"
#include "libpq/pqformat.h"
#include "mb/pg_wchar.h"
#include "utils/builtins.h"
#include "utils/timestamp.h"

#include "wire.h"
#include "workweek.h"

PG_FUNCTION_INFO_V1(workweek_in);
PG_FUNCTION_INFO_V1(workweek_out);
PG_FUNCTION_INFO_V1(workweek_recv);
PG_FUNCTION_INFO_V1(workweek_send);
PG_FUNCTION_INFO_V1(workweek_eq);
PG_FUNCTION_INFO_V1(workweek_ne);
PG_FUNCTION_INFO_V1(workweek_hash);
PG_FUNCTION_INFO_V1(workweek_hours);

/* Memory for the cores' lists (calendar days, access scope ids): palloc. */
static void *
palloc_for_core(size_t size)
{
	return palloc(size);
}

static void *
repalloc_for_core(void *ptr, size_t size)
{
	return repalloc(ptr, size);
}

const CoreAllocator cs_palloc_allocator = {palloc_for_core, repalloc_for_core};

void
cs_report_parse_error(const char *type_name, const char *input,
					  const ParseError *err, const char *hint)
{
	int			input_len = (int) strlen(input);
	int			position = Min(Max(err->position, 0), input_len);
	int			length = Min(Max(err->length, 0), input_len - position);
	char		message[128];
	int			sqlstate;

	/* Never cut a multibyte character in the quoted part. */
	if (position < input_len)
		length = Max(length, pg_mblen(input + position));
	length = Min(length, input_len - position);

	strlcpy(message, err->message, sizeof(message));
	message[0] = pg_toupper((unsigned char) message[0]);

	/*
	 * a time or date that cannot be: 22007; a text past a size limit: 54000;
	 * anything else in the text: 22P02
	 */
	sqlstate = err->kind == PARSE_DATETIME ? ERRCODE_INVALID_DATETIME_FORMAT
		: err->kind == PARSE_LIMIT ? ERRCODE_PROGRAM_LIMIT_EXCEEDED
		: ERRCODE_INVALID_TEXT_REPRESENTATION;

	if (length > 0)
		ereport(ERROR,
				(errcode(sqlstate),
				 errmsg("invalid input syntax for type %s: \"%s\"", type_name, input),
				 errdetail("%s: \"%.*s\" at character %d.", message, length, input + position, position + 1),
				 errhint("%s", hint)));
	ereport(ERROR,
			(errcode(sqlstate),
			 errmsg("invalid input syntax for type %s: \"%s\"", type_name, input),
			 input_len == 0 ? errdetail("%s; the text is empty.", message)
			 : errdetail("%s, at the end of the text.", message),
			 errhint("%s", hint)));
}

Datum
workweek_in(PG_FUNCTION_ARGS)
{
	char	   *text = PG_GETARG_CSTRING(0);
	WorkWeek   *week = palloc(sizeof(WorkWeek));
	ParseError	err;

	if (!ww_parse(text, strlen(text), week, &err))
		cs_report_parse_error("workweek", text, &err, WORKWEEK_SYNTAX_HINT);
	PG_RETURN_WORKWEEK_P(week);
}

Datum
workweek_out(PG_FUNCTION_ARGS)
{
	WorkWeek   *week = PG_GETARG_WORKWEEK_P(0);
	size_t		len = ww_format(week, NULL, 0);
	char	   *buf = palloc(len + 1);

	ww_format(week, buf, len + 1);
	PG_RETURN_CSTRING(buf);
}



/* Binary form: ww_encode and ww_decode (workweek_core.c). */
Datum
workweek_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	WorkWeek   *week = palloc(sizeof(WorkWeek));
	WireReader	r = cs_wire_reader(buf);
	WireError	err;

	cs_wire_finish(buf, &r, ww_decode(&r, week, &err), &err, "workweek");
	PG_RETURN_WORKWEEK_P(week);
}

Datum
workweek_send(PG_FUNCTION_ARGS)
{
	CS_WIRE_SEND(ww_encode, PG_GETARG_WORKWEEK_P(0));
}

/* Canonical and zero-filled, so equality is bitwise. */
Datum
workweek_eq(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(memcmp(PG_GETARG_WORKWEEK_P(0), PG_GETARG_WORKWEEK_P(1), sizeof(WorkWeek)) == 0);
}

Datum
workweek_ne(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(memcmp(PG_GETARG_WORKWEEK_P(0), PG_GETARG_WORKWEEK_P(1), sizeof(WorkWeek)) != 0);
}

Datum
workweek_hash(PG_FUNCTION_ARGS)
{
	return hash_any((const unsigned char *) PG_GETARG_WORKWEEK_P(0), sizeof(WorkWeek));
}

Datum
workweek_hours(PG_FUNCTION_ARGS)
{
	WorkWeek   *week = PG_GETARG_WORKWEEK_P(0);
	Interval   *result = palloc0(sizeof(Interval));

	result->time = ww_weekly_minutes(week) * USECS_PER_MINUTE;
	PG_RETURN_INTERVAL_P(result);
}
