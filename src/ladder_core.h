/*
 * ladder_core.h
 *		Tiered rules as plain C: a measure, then steps over it, each with an
 *		outcome. 'minutes: (0,10] 4 per unit; (10,30] 50; (30,60) 1 daily_wage;
 *		[60,) 1 absence_day' is AT-1 of attendance_tiered. Nothing here calls
 *		PostgreSQL; src/ladder.c is the SQL shell.
 *
 * Numbers are exact decimals with up to six places, held as int64 millionths.
 */
#ifndef CS_POLICY_LADDER_CORE_H
#define CS_POLICY_LADDER_CORE_H

#include "text_core.h"
#include "wire_core.h"

#define LADDER_SCALE		1000000	/* millionths */
#define LADDER_MAX_STEPS	64
/* the largest number the text form reads, in millionths: 999999999999.999999 */
#define LADDER_NUMBER_MAX	INT64_C(999999999999999999)

typedef enum LadderMeasure
{
	MEASURE_MINUTES = 0,
	MEASURE_OCCURRENCES,		/* whole numbers: the n-th time in a period */
	MEASURE_DAYS,
	MEASURE_POINTS,
	MEASURE_AMOUNT,				/* CNY, chosen or found by the recorder */
	MEASURE_COUNT
} LadderMeasure;

/* Flags an outcome can raise, as bits. */
typedef enum LadderFlag
{
	FLAG_NOTICE = 1 << 0,
	FLAG_WARNING = 1 << 1,
	FLAG_BONUS_WITHHELD = 1 << 2,
	FLAG_PERFORMANCE_ZERO = 1 << 3,
	FLAG_WAGE_WITHHELD = 1 << 4,
	FLAG_DISMISSAL_REVIEW = 1 << 5,
	FLAG_RESIGNATION = 1 << 6,
	FLAG_ABSENCE = 1 << 7,		/* the measured time itself is absence */
	FLAG_SELF_REVIEW = 1 << 8,	/* CP-9: a written self-review is due */
	FLAG_TRANSFER_REVIEW = 1 << 9,	/* CP-9: transfer or dismissal is
									 * considered */
	FLAG_TRAINING_FAILED = 1 << 10	/* AT-16: the onboarding training ends */
} LadderFlag;

#define LADDER_NFLAGS 12
extern const char *const ladder_flag_names[LADDER_NFLAGS];
extern const char *const ladder_measure_names[MEASURE_COUNT];

/* What a step charges; every part may be zero. */
typedef struct LadderOutcome
{
	int64_t		amount;			/* fixed amount, CNY */
	int64_t		per_unit;		/* amount per unit of the measure, CNY */
	int64_t		daily_wages;	/* multiple of the daily wage */
	int64_t		monthly_wages;	/* fraction of the monthly wage */
	int64_t		absence_days;	/* days counted as absence */
	int64_t		points;			/* points deducted (negative: added) */
	int32_t		flags;			/* LadderFlag bits */
	int32_t		reserved;		/* zero */
} LadderOutcome;

typedef struct LadderStep
{
	int64_t		lower;			/* millionths */
	int64_t		upper;			/* millionths; ignored when upper_infinite */
	uint8_t		lower_inclusive;
	uint8_t		upper_inclusive;
	uint8_t		upper_infinite;
	uint8_t		reserved[5];	/* zero */
	LadderOutcome outcome;
} LadderStep;

typedef struct LadderSpec
{
	int			measure;		/* LadderMeasure */
	int			nsteps;
	LadderStep	steps[LADDER_MAX_STEPS];
} LadderSpec;

/*
 * A ladder wherever its steps are stored: in a LadderSpec, in a stored
 * ladder value or inside a rulebook. Evaluation reads ladders through this,
 * so nothing has to be copied out first.
 */
typedef struct LadderRef
{
	int			measure;
	int			nsteps;
	const LadderStep *steps;
} LadderRef;

static inline LadderRef
ladder_ref(const LadderSpec *l)
{
	LadderRef	r = {l->measure, l->nsteps, l->steps};

	return r;
}

extern bool ladder_parse(const char *text, size_t len, LadderSpec *out, ParseError *err);
extern bool ladder_validate(const LadderSpec *ladder, const char **message);
extern bool ladder_validate_ref(LadderRef ladder, const char **message);
extern size_t ladder_format(const LadderSpec *ladder, char *buf, size_t buflen);
extern size_t ladder_format_ref(LadderRef ladder, char *buf, size_t buflen);
extern size_t ladder_format_step(LadderRef ladder, int step, char *buf, size_t buflen);
extern size_t ladder_format_number(int64_t value, char *buf, size_t buflen);

/* [-]digits[.up to six digits] at s[*pos], as millionths. */
extern bool ladder_parse_number(const char *s, size_t len, size_t *pos, int64_t *value, ParseError *err);

/* Parses a ladder from s[*pos] up to the first character in stop (or the end). */
extern bool ladder_parse_until(const char *s, size_t len, size_t *pos, const char *stop,
							   LadderSpec *out, ParseError *err);

/*
 * Binary form: measure, number of steps, then per step the bounds, the
 * three bound flags, the six outcome amounts and the flag bits. The steps
 * alone are also part of a rulebook's binary form.
 */
#define LADDER_WIRE_STEP_BYTES (8 + 8 + 3 + 6 * 8 + 4)
extern void ladder_encode(WireOut *o, LadderRef ladder);
extern bool ladder_decode(WireReader *r, LadderSpec *out, WireError *err);
extern void ladder_encode_steps(WireOut *o, LadderRef ladder);
extern bool ladder_decode_steps(WireReader *r, LadderStep *steps, int nsteps, WireError *err);

/* The step containing x (millionths), or -1 when none does. */
extern int	ladder_find(LadderRef ladder, int64_t x);

/*
 * Whether a charges at least as much as b, part by part, for every measure
 * >= 0. When it does not and witness is not NULL, *witness is a measure at
 * which a charges less.
 */
extern bool ladder_dominates(LadderRef a, LadderRef b, int64_t *witness);

#endif
