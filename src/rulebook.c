/*
 * rulebook.c
 *		SQL shell of cs_policy.rulebook: I/O, binary I/O, equality, merging
 *		a policy's overrides into its preset, the AT-5 comparison and the
 *		rules as rows.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "common/hashfn.h"
#include "fmgr.h"
#include "funcapi.h"
#include "libpq/pqformat.h"
#include "mb/pg_wchar.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/rangetypes.h"
#include "utils/typcache.h"

#include "ladder.h"
#include "rulebook.h"
#include "wire.h"

PG_FUNCTION_INFO_V1(rulebook_in);
PG_FUNCTION_INFO_V1(rulebook_out);
PG_FUNCTION_INFO_V1(rulebook_recv);
PG_FUNCTION_INFO_V1(rulebook_send);
PG_FUNCTION_INFO_V1(rulebook_eq);
PG_FUNCTION_INFO_V1(rulebook_ne);
PG_FUNCTION_INFO_V1(rulebook_hash);
PG_FUNCTION_INFO_V1(rulebook_merge_sql);
PG_FUNCTION_INFO_V1(rulebook_at_least_sql);
PG_FUNCTION_INFO_V1(rulebook_more_lenient);
PG_FUNCTION_INFO_V1(rulebook_rules);
PG_FUNCTION_INFO_V1(rulebook_window_months_sql);

void
cs_rulebook_ref(const Rulebook *value, RulebookRef *out)
{
	const char *problem;

	if (!rulebook_read((const char *) value + sizeof(Rulebook), VARSIZE(value) - sizeof(Rulebook),
					   value->nentries, out, &problem))
		ereport(ERROR,
				(errcode(ERRCODE_DATA_CORRUPTED),
				 errmsg("corrupt rulebook value: %s", problem)));
}

Rulebook *
cs_rulebook_pack(const RulebookSpec *spec)
{
	Size		size = sizeof(Rulebook) + rulebook_packed_size(spec);
	Rulebook   *value = palloc0(size);

	SET_VARSIZE(value, size);
	value->nentries = spec->nentries;
	rulebook_pack(spec, (char *) value + sizeof(Rulebook));
	return value;
}

/* Quotes the line of the text that holds the error, and where in it. */
static void
report_rulebook_error(const char *input, const ParseError *err)
{
	int			input_len = (int) strlen(input);
	int			position = Min(Max(err->position, 0), input_len);
	int			line_start = position;
	int			line_end = position;
	int			line_no = 1;
	int			length;
	char		message[256];

	while (line_start > 0 && input[line_start - 1] != '\n')
		line_start--;
	while (line_end < input_len && input[line_end] != '\n')
		line_end++;
	for (int i = 0; i < line_start; i++)
		if (input[i] == '\n')
			line_no++;
	length = Min(Max(err->length, 0), line_end - position);
	if (position < line_end)
		length = Min(Max(length, pg_mblen(input + position)), line_end - position);
	strlcpy(message, err->message, sizeof(message));
	message[0] = pg_toupper((unsigned char) message[0]);

	if (input_len == 0 || length == 0)
		ereport(ERROR,
				(errcode(err->kind == PARSE_DATETIME ? ERRCODE_INVALID_DATETIME_FORMAT
						 : ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input syntax for type rulebook: \"%.*s\"", line_end - line_start, input + line_start),
				 input_len == 0 ? errdetail("%s; the text is empty.", message)
				 : errdetail("%s, at the end of line %d.", message, line_no),
				 errhint("%s", RULEBOOK_SYNTAX_HINT)));
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("invalid input syntax for type rulebook: \"%.*s\"", line_end - line_start, input + line_start),
			 errdetail("%s: \"%.*s\" at character %d of line %d.", message, length, input + position,
					   position - line_start + 1, line_no),
			 errhint("%s", RULEBOOK_SYNTAX_HINT)));
}

Datum
rulebook_in(PG_FUNCTION_ARGS)
{
	char	   *text = PG_GETARG_CSTRING(0);
	RulebookSpec *spec = palloc(sizeof(RulebookSpec));
	ParseError	err;

	if (!rulebook_parse(text, strlen(text), spec, &err))
		report_rulebook_error(text, &err);
	PG_RETURN_RULEBOOK_P(cs_rulebook_pack(spec));
}

Datum
rulebook_out(PG_FUNCTION_ARGS)
{
	RulebookRef book;
	size_t		len;
	char	   *buf;

	cs_rulebook_ref(PG_GETARG_RULEBOOK_P(0), &book);
	len = rulebook_format(&book, NULL, 0);
	buf = palloc(len + 1);
	rulebook_format(&book, buf, len + 1);
	PG_RETURN_CSTRING(buf);
}

/* Binary form: rulebook_encode and rulebook_decode (rulebook_core.c). */
static void
encode_stored_rulebook(WireOut *o, const Rulebook *value)
{
	RulebookRef book;

	cs_rulebook_ref(value, &book);
	rulebook_encode(o, &book);
}

Datum
rulebook_send(PG_FUNCTION_ARGS)
{
	CS_WIRE_SEND(encode_stored_rulebook, PG_GETARG_RULEBOOK_P(0));
}

Datum
rulebook_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	RulebookSpec *spec = palloc(sizeof(RulebookSpec));
	WireReader	r = cs_wire_reader(buf);
	WireError	err;

	cs_wire_finish(buf, &r, rulebook_decode(&r, spec, &err), &err, "rulebook");
	PG_RETURN_RULEBOOK_P(cs_rulebook_pack(spec));
}

Datum
rulebook_eq(PG_FUNCTION_ARGS)
{
	Rulebook   *a = PG_GETARG_RULEBOOK_P(0);
	Rulebook   *b = PG_GETARG_RULEBOOK_P(1);

	PG_RETURN_BOOL(VARSIZE(a) == VARSIZE(b) && memcmp(a, b, VARSIZE(a)) == 0);
}

Datum
rulebook_ne(PG_FUNCTION_ARGS)
{
	Rulebook   *a = PG_GETARG_RULEBOOK_P(0);
	Rulebook   *b = PG_GETARG_RULEBOOK_P(1);

	PG_RETURN_BOOL(VARSIZE(a) != VARSIZE(b) || memcmp(a, b, VARSIZE(a)) != 0);
}

Datum
rulebook_hash(PG_FUNCTION_ARGS)
{
	Rulebook   *value = PG_GETARG_RULEBOOK_P(0);

	return hash_any((const unsigned char *) VARDATA(value), VARSIZE(value) - VARHDRSZ);
}

/* A policy's rules: its preset's, with the policy's own replacing the same subjects. */
Datum
rulebook_merge_sql(PG_FUNCTION_ARGS)
{
	RulebookRef base;
	RulebookRef over;
	RulebookSpec *out = palloc(sizeof(RulebookSpec));
	const char *problem;

	cs_rulebook_ref(PG_GETARG_RULEBOOK_P(0), &base);
	cs_rulebook_ref(PG_GETARG_RULEBOOK_P(1), &over);
	if (!rulebook_merge(&base, &over, out, &problem))
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("cannot merge the rulebooks: %s", problem)));
	PG_RETURN_RULEBOOK_P(cs_rulebook_pack(out));
}

/* How many months of earlier incidents the counts of a rulebook need (CP-9). */
Datum
rulebook_window_months_sql(PG_FUNCTION_ARGS)
{
	RulebookRef book;

	cs_rulebook_ref(PG_GETARG_RULEBOOK_P(0), &book);
	PG_RETURN_INT32(rulebook_window_months(&book));
}

/* AT-5: a department's rules may be stricter than its parent's, never more lenient. */
Datum
rulebook_at_least_sql(PG_FUNCTION_ARGS)
{
	RulebookRef a;
	RulebookRef b;
	char		why[512];

	cs_rulebook_ref(PG_GETARG_RULEBOOK_P(0), &a);
	cs_rulebook_ref(PG_GETARG_RULEBOOK_P(1), &b);
	PG_RETURN_BOOL(rulebook_at_least(&a, &b, why, sizeof(why)));
}

Datum
rulebook_more_lenient(PG_FUNCTION_ARGS)
{
	RulebookRef a;
	RulebookRef b;
	char		why[512];

	cs_rulebook_ref(PG_GETARG_RULEBOOK_P(0), &a);
	cs_rulebook_ref(PG_GETARG_RULEBOOK_P(1), &b);
	if (rulebook_at_least(&a, &b, why, sizeof(why)))
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(cstring_to_text(why));
}

/*
 * The rules one a row: subject, kind, name (incident or parameter), class,
 * what a count or forgive rule counts and within which range, rule IDs,
 * the ladder or the number, and the months a count looks back over.
 */
Datum
rulebook_rules(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	RulebookRef book;
	TypeCacheEntry *numrange = lookup_type_cache(NUMRANGEOID, TYPECACHE_RANGE_INFO);

	InitMaterializedSRF(fcinfo, 0);
	cs_rulebook_ref(PG_GETARG_RULEBOOK_P(0), &book);
	for (int i = 0; i < book.nentries; i++)
	{
		const RuleEntry *e = book.entries[i];
		Datum		values[10];
		bool		nulls[10] = {false};
		char		subject[200];
		LadderSpec	spec;

		rule_subject_format(e, subject, sizeof(subject));
		values[0] = CStringGetTextDatum(subject);
		values[1] = CStringGetTextDatum(e->type == RULE_INCIDENT ? "incident" : rule_type_names[e->type]);
		nulls[2] = e->name[0] == '\0';
		values[2] = nulls[2] ? (Datum) 0 : CStringGetTextDatum(e->name);
		nulls[3] = e->rule_class == CLASS_NONE;
		values[3] = nulls[3] ? (Datum) 0 : CStringGetTextDatum(rule_class_names[e->rule_class]);
		nulls[4] = e->counts == 0;
		if (!nulls[4])
		{
			Datum		counted[RULE_INCIDENT + 1 + CLASS_COUNT];
			int			n = 0;

			for (int k = 0; k <= RULE_INCIDENT; k++)
				if (e->counts & (1u << k))
					counted[n++] = CStringGetTextDatum(rule_type_names[k]);
			for (int c = CLASS_MINOR; c < CLASS_COUNT; c++)
				if (e->counts & COUNTS_CLASS(c))
					counted[n++] = CStringGetTextDatum(rule_class_names[c]);
			values[4] = PointerGetDatum(construct_array(counted, n, TEXTOID, -1, false, TYPALIGN_INT));
		}
		nulls[5] = !e->within.present;
		if (e->within.present)
		{
			RangeBound	lower = {0},
						upper = {0};

			lower.val = cs_millionths_to_numeric(e->within.lower);
			lower.inclusive = e->within.lower_inclusive;
			lower.lower = true;
			upper.infinite = e->within.upper_infinite;
			upper.val = upper.infinite ? (Datum) 0 : cs_millionths_to_numeric(e->within.upper);
			upper.inclusive = e->within.upper_inclusive;
			upper.lower = false;
			values[5] = RangeTypePGetDatum(make_range(numrange, &lower, &upper, false));
		}
		nulls[6] = e->rule_ids[0] == '\0';
		values[6] = nulls[6] ? (Datum) 0 : CStringGetTextDatum(e->rule_ids);
		if (e->nsteps > 0)
		{
			spec.measure = e->measure;
			spec.nsteps = e->nsteps;
			memcpy(spec.steps, rule_steps(e), sizeof(LadderStep) * e->nsteps);
			values[7] = PointerGetDatum(cs_ladder_pack(&spec));
			nulls[8] = true;
		}
		else
		{
			nulls[7] = true;
			values[8] = cs_millionths_to_numeric(e->value);
		}
		nulls[9] = e->type != RULE_COUNT;
		values[9] = Int32GetDatum(e->months ? e->months : 1);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}
