/*
 * ladder.c
 *		SQL shell of cs_policy.ladder: I/O, binary I/O, equality, and the
 *		functions ladder_apply and ladder_at_least (AT-5).
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "common/hashfn.h"
#include "fmgr.h"
#include "funcapi.h"
#include "libpq/pqformat.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/numeric.h"

#include "ladder.h"
#include "wire.h"
#include "workweek.h"			/* cs_report_parse_error */

PG_FUNCTION_INFO_V1(ladder_in);
PG_FUNCTION_INFO_V1(ladder_out);
PG_FUNCTION_INFO_V1(ladder_recv);
PG_FUNCTION_INFO_V1(ladder_send);
PG_FUNCTION_INFO_V1(ladder_eq);
PG_FUNCTION_INFO_V1(ladder_ne);
PG_FUNCTION_INFO_V1(ladder_hash);
PG_FUNCTION_INFO_V1(ladder_measure);
PG_FUNCTION_INFO_V1(ladder_apply);
PG_FUNCTION_INFO_V1(ladder_at_least);
PG_FUNCTION_INFO_V1(ladder_more_lenient_at);
PG_FUNCTION_INFO_V1(ladder_steps);

Ladder *
cs_ladder_pack(const LadderSpec *spec)
{
	Size		size = offsetof(Ladder, steps) + sizeof(LadderStep) * spec->nsteps;
	Ladder	   *value = palloc0(size);

	SET_VARSIZE(value, size);
	value->measure = spec->measure;
	value->nsteps = spec->nsteps;
	memcpy(value->steps, spec->steps, sizeof(LadderStep) * spec->nsteps);
	return value;
}

LadderRef
cs_ladder_ref(const Ladder *value)
{
	LadderRef	ref;

	if (value->nsteps < 1 || value->nsteps > LADDER_MAX_STEPS ||
		value->measure < 0 || value->measure >= MEASURE_COUNT ||
		VARSIZE(value) != offsetof(Ladder, steps) + sizeof(LadderStep) * value->nsteps)
		ereport(ERROR,
				(errcode(ERRCODE_DATA_CORRUPTED),
				 errmsg("corrupt ladder value: measure %d, %d steps", value->measure, value->nsteps)));
	ref.measure = value->measure;
	ref.nsteps = value->nsteps;
	ref.steps = value->steps;
	return ref;
}

Datum
ladder_in(PG_FUNCTION_ARGS)
{
	char	   *text = PG_GETARG_CSTRING(0);
	LadderSpec *spec = palloc(sizeof(LadderSpec));
	ParseError	err;

	if (!ladder_parse(text, strlen(text), spec, &err))
		cs_report_parse_error("ladder", text, &err, LADDER_SYNTAX_HINT);
	PG_RETURN_LADDER_P(cs_ladder_pack(spec));
}

Datum
ladder_out(PG_FUNCTION_ARGS)
{
	LadderRef	ladder = cs_ladder_ref(PG_GETARG_LADDER_P(0));
	size_t		len = ladder_format_ref(ladder, NULL, 0);
	char	   *buf = palloc(len + 1);

	ladder_format_ref(ladder, buf, len + 1);
	PG_RETURN_CSTRING(buf);
}



/*
 * Binary form: measure, number of steps, then per step the bounds, the
 * three bound flags, the six outcome amounts and the flag bits.
 */
/* Binary form: ladder_encode and ladder_decode (ladder_core.c). */
static void
encode_stored_ladder(WireOut *o, const Ladder *ladder)
{
	ladder_encode(o, cs_ladder_ref(ladder));
}

Datum
ladder_send(PG_FUNCTION_ARGS)
{
	CS_WIRE_SEND(encode_stored_ladder, PG_GETARG_LADDER_P(0));
}

Datum
ladder_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	LadderSpec *spec = palloc(sizeof(LadderSpec));
	WireReader	r = cs_wire_reader(buf);
	WireError	err;

	cs_wire_finish(buf, &r, ladder_decode(&r, spec, &err), &err, "ladder");
	PG_RETURN_LADDER_P(cs_ladder_pack(spec));
}

Datum
ladder_eq(PG_FUNCTION_ARGS)
{
	Ladder	   *a = PG_GETARG_LADDER_P(0);
	Ladder	   *b = PG_GETARG_LADDER_P(1);

	PG_RETURN_BOOL(VARSIZE(a) == VARSIZE(b) && memcmp(a, b, VARSIZE(a)) == 0);
}

Datum
ladder_ne(PG_FUNCTION_ARGS)
{
	Ladder	   *a = PG_GETARG_LADDER_P(0);
	Ladder	   *b = PG_GETARG_LADDER_P(1);

	PG_RETURN_BOOL(VARSIZE(a) != VARSIZE(b) || memcmp(a, b, VARSIZE(a)) != 0);
}

Datum
ladder_hash(PG_FUNCTION_ARGS)
{
	Ladder	   *value = PG_GETARG_LADDER_P(0);

	return hash_any((const unsigned char *) VARDATA(value), VARSIZE(value) - VARHDRSZ);
}

Datum
ladder_measure(PG_FUNCTION_ARGS)
{
	LadderRef	ladder = cs_ladder_ref(PG_GETARG_LADDER_P(0));

	PG_RETURN_TEXT_P(cstring_to_text(ladder_measure_names[ladder.measure]));
}

Datum
cs_millionths_to_numeric(int64 value)
{
	int			places = 6;		/* LADDER_SCALE is 10^6 */

	/*
	 * As few decimals as the value needs, as ladder_format_number writes it
	 * (12.5, not 12.500000); built from the integer, not parsed from text:
	 * the engine makes several for every penalty line.
	 */
	StaticAssertStmt(LADDER_SCALE == 1000000, "six decimal places");
	while (places > 0 && value % 10 == 0)
	{
		value /= 10;
		places--;
	}
	return NumericGetDatum(int64_div_fast_to_numeric(value, places));
}

int64
cs_numeric_to_millionths(Numeric value, const char *what)
{
	Datum		scaled;

	if (numeric_is_nan(value) || numeric_is_inf(value))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must be a finite number, not %s", what,
						DatumGetCString(DirectFunctionCall1(numeric_out, NumericGetDatum(value))))));
	scaled = DirectFunctionCall2(numeric_mul, NumericGetDatum(value),
								 DirectFunctionCall1(int8_numeric, Int64GetDatum(LADDER_SCALE)));
	scaled = DirectFunctionCall2(numeric_round, scaled, Int32GetDatum(0));
	{
		Datum		limit = NumericGetDatum(int64_to_numeric(LADDER_NUMBER_MAX));

		if (DatumGetInt32(DirectFunctionCall2(numeric_cmp, DirectFunctionCall1(numeric_abs, scaled), limit)) > 0)
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("%s is out of range: %s", what,
							DatumGetCString(DirectFunctionCall1(numeric_out, NumericGetDatum(value)))),
					 errhint("Numbers of ladders and rulebooks are at most 999999999999.999999.")));
		return DatumGetInt64(DirectFunctionCall1(numeric_int8, scaled));
	}
}

/*
 * ladder_apply(ladder, measure): the step the measure falls in and what it
 * charges. The per-unit amount is multiplied by the measure; wages are
 * returned as multiples, for the caller to apply to the person's wages.
 */
Datum
ladder_apply(PG_FUNCTION_ARGS)
{
	LadderRef	ladder = cs_ladder_ref(PG_GETARG_LADDER_P(0));
	Numeric		measure = PG_GETARG_NUMERIC(1);
	TupleDesc	desc;
	Datum		values[8];
	bool		nulls[8] = {false};
	int64		x;
	int			i;

	if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "ladder_apply must return a composite type");
	desc = BlessTupleDesc(desc);
	if (numeric_is_nan(measure) || numeric_is_inf(measure))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("a ladder measures finite numbers, not %s",
						DatumGetCString(DirectFunctionCall1(numeric_out, NumericGetDatum(measure))))));
	x = cs_numeric_to_millionths(measure, "a measure");
	i = ladder_find(ladder, x);
	if (i < 0)
	{
		Datum		zero = cs_millionths_to_numeric(0);

		nulls[0] = nulls[1] = true;
		values[2] = values[3] = values[4] = values[5] = values[6] = zero;
		values[7] = PointerGetDatum(construct_empty_array(TEXTOID));
	}
	else
	{
		const LadderOutcome *o = &ladder.steps[i].outcome;
		char		step_text[512];
		Datum		flags[LADDER_NFLAGS];
		int			nflags = 0;
		Datum		amount;

		ladder_format_step(ladder, i, step_text, sizeof(step_text));
		/* fixed + per unit x measure, rounded to the fen */
		amount = DirectFunctionCall2(numeric_add, cs_millionths_to_numeric(o->amount),
									 DirectFunctionCall2(numeric_mul, cs_millionths_to_numeric(o->per_unit),
														 NumericGetDatum(measure)));
		amount = DirectFunctionCall2(numeric_round, amount, Int32GetDatum(2));
		for (int f = 0; f < LADDER_NFLAGS; f++)
			if (o->flags & (1 << f))
				flags[nflags++] = CStringGetTextDatum(ladder_flag_names[f]);
		values[0] = Int32GetDatum(i + 1);
		values[1] = CStringGetTextDatum(step_text);
		values[2] = amount;
		values[3] = cs_millionths_to_numeric(o->daily_wages);
		values[4] = cs_millionths_to_numeric(o->monthly_wages);
		values[5] = cs_millionths_to_numeric(o->absence_days);
		values[6] = cs_millionths_to_numeric(o->points);
		values[7] = PointerGetDatum(construct_array(flags, nflags, TEXTOID, -1, false, TYPALIGN_INT));
	}
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(desc, values, nulls)));
}

static void
check_same_measure(LadderRef a, LadderRef b)
{
	if (a.measure != b.measure)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot compare a ladder over %s with one over %s",
						ladder_measure_names[a.measure], ladder_measure_names[b.measure]),
				 errhint("Compare ladders that measure the same thing.")));
}

/* AT-5: department rules may be stricter than the company's, never more lenient. */
Datum
ladder_at_least(PG_FUNCTION_ARGS)
{
	LadderRef	a = cs_ladder_ref(PG_GETARG_LADDER_P(0));
	LadderRef	b = cs_ladder_ref(PG_GETARG_LADDER_P(1));

	check_same_measure(a, b);
	PG_RETURN_BOOL(ladder_dominates(a, b, NULL));
}

/* AT-5, for an explanation: a measure at which a charges less than b. */
Datum
ladder_more_lenient_at(PG_FUNCTION_ARGS)
{
	LadderRef	a = cs_ladder_ref(PG_GETARG_LADDER_P(0));
	LadderRef	b = cs_ladder_ref(PG_GETARG_LADDER_P(1));
	int64		witness;

	check_same_measure(a, b);
	if (ladder_dominates(a, b, &witness))
		PG_RETURN_NULL();
	PG_RETURN_DATUM(cs_millionths_to_numeric(witness));
}

/* The steps one a row: bounds and what each charges (for BI and for plain SQL). */
Datum
ladder_steps(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	LadderRef	ladder;

	InitMaterializedSRF(fcinfo, 0);
	ladder = cs_ladder_ref(PG_GETARG_LADDER_P(0));
	for (int i = 0; i < ladder.nsteps; i++)
	{
		const LadderStep *st = &ladder.steps[i];
		const LadderOutcome *o = &st->outcome;
		Datum		values[12];
		bool		nulls[12] = {false};
		Datum		flags[LADDER_NFLAGS];
		int			nflags = 0;

		for (int f = 0; f < LADDER_NFLAGS; f++)
			if (o->flags & (1 << f))
				flags[nflags++] = CStringGetTextDatum(ladder_flag_names[f]);
		values[0] = Int32GetDatum(i + 1);
		values[1] = cs_millionths_to_numeric(st->lower);
		values[2] = BoolGetDatum(st->lower_inclusive);
		nulls[3] = st->upper_infinite;
		values[3] = st->upper_infinite ? (Datum) 0 : cs_millionths_to_numeric(st->upper);
		values[4] = BoolGetDatum(st->upper_inclusive);
		values[5] = cs_millionths_to_numeric(o->amount);
		values[6] = cs_millionths_to_numeric(o->per_unit);
		values[7] = cs_millionths_to_numeric(o->daily_wages);
		values[8] = cs_millionths_to_numeric(o->monthly_wages);
		values[9] = cs_millionths_to_numeric(o->absence_days);
		values[10] = cs_millionths_to_numeric(o->points);
		values[11] = PointerGetDatum(construct_array(flags, nflags, TEXTOID, -1, false, TYPALIGN_INT));
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}
