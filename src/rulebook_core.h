/*
 * rulebook_core.h
 *		A rulebook is the penalty rules of one policy version as one value:
 *		ladders for what the punches measure (late, early, away, missing
 *		punches, absence), count escalation, forgiveness, the incidents a
 *		supervisor records, and a few named parameters. One entry a line:
 *
 *		late (AT-1) = minutes: (0,10] 4 per unit; (10,30] 50; (30,60) 1 daily_wage; [60,) absence
 *		count late+early+away (AT-2) = occurrences: [3,14] 100; [15,) 100 + dismissal_review
 *		count incident valid_complaint over 12 months (CP-9) = occurrences: [5,) transfer_review
 *		forgive late within (0,5] (AT-7) = 2
 *		incident lost_card (AT-7) = occurrences: [1,1] 50; [2,) 100
 *		full_attendance_bonus (AT-6) = 50
 *
 * Nothing here calls PostgreSQL; src/rulebook.c is the SQL shell and
 * src/attendance_core.c applies a rulebook to a month.
 */
#ifndef CS_POLICY_RULEBOOK_CORE_H
#define CS_POLICY_RULEBOOK_CORE_H

#include "ladder_core.h"

#define RULEBOOK_MAX_ENTRIES	128
#define RULE_NAME_LEN			32	/* incident kinds and parameter names, with the NUL */
#define RULE_IDS_LEN			32	/* "AT-2, AT-9", with the NUL */
#define RULE_MAX_MONTHS			120 /* how far back a count may look */
#define RULE_PARAMETER_MAX		(INT64_C(1000000) * LADDER_SCALE)	/* no parameter means
																	 * more than a million */

/* What an entry rules on; also the order entries are written in. */
typedef enum RuleType
{
	RULE_LATE = 0,				/* minutes late at the start of a shift */
	RULE_EARLY,					/* minutes left before its end */
	RULE_AWAY,					/* minutes away from post inside it */
	RULE_MISSING_PUNCH,			/* the n-th punch missing in the month */
	RULE_ABSENCE,				/* one absence, in days */
	RULE_MONTH_ABSENCE,			/* the month's days of absence */
	RULE_CONSECUTIVE_ABSENCE,	/* the longest run of shifts missed */
	RULE_COUNT,					/* the n-th counted event of the month */
	RULE_FORGIVE,				/* the first n events of a kind are forgiven */
	RULE_INCIDENT,				/* a kind of incident a person records */
	RULE_PARAMETER,				/* a named number */
	RULE_TYPE_COUNT
} RuleType;

/* Severity classes that count rules can count (AT-13). */
typedef enum RuleClass
{
	CLASS_NONE = 0,
	CLASS_MINOR,
	CLASS_MODERATE,
	CLASS_SERIOUS,
	CLASS_COUNT
} RuleClass;

/*
 * What count and forgive entries count, as bits: the events measured from
 * punches, and the classes of any event.
 */
#define COUNTS_LATE			(1u << RULE_LATE)
#define COUNTS_EARLY		(1u << RULE_EARLY)
#define COUNTS_AWAY			(1u << RULE_AWAY)
#define COUNTS_MISSING		(1u << RULE_MISSING_PUNCH)
#define COUNTS_ABSENCE		(1u << RULE_ABSENCE)
#define COUNTS_INCIDENT		(1u << RULE_INCIDENT)	/* the incidents of the kind named */
#define COUNTS_CLASS(c)		(1u << (16 + (c)))
#define COUNTS_EVENTS		(COUNTS_LATE | COUNTS_EARLY | COUNTS_AWAY | COUNTS_MISSING | COUNTS_ABSENCE)
#define COUNTS_CLASSES		(COUNTS_CLASS(CLASS_MINOR) | COUNTS_CLASS(CLASS_MODERATE) | COUNTS_CLASS(CLASS_SERIOUS))

/* The parameters a rulebook may set. */
typedef enum RuleParameter
{
	PARAM_FULL_ATTENDANCE_BONUS = 0,	/* AT-6: paid for a month without fault */
	PARAM_FIELD_NOTICE_BY_START,	/* AT-11: 1 = a field worker's late notice is a late */
	PARAM_TEAM_ATTENDANCE_MIN,	/* AT-10: a team's attendance rate, at least */
	PARAM_SCORE_BASE,			/* AT-13: points a month starts with */
	PARAM_SCORE_CAP,			/* AT-14: the score counts up to this */
	PARAM_SCORE_PAY_PER_POINT,	/* AT-14: pay per point above or below the base */
	PARAM_SCORE_FLOOR,			/* AT-14: a score under this is flagged */
	PARAM_SCORE_ADJUST_MAX,		/* AT-14: a trainer's adjustment, at most */
	PARAM_SCORE_UNPAID_MONTHS,	/* AT-14: months scored before pay floats */
	PARAM_PUNCH_EACH_WINDOW,	/* AT-20: 1 = below manager level each window of a split shift is punched */
	PARAM_COUNT
} RuleParameter;

extern const char *const rule_type_names[RULE_TYPE_COUNT];
extern const char *const rule_class_names[CLASS_COUNT];
extern const char *const rule_parameter_names[PARAM_COUNT];

/* An interval of a measure, in millionths: (a,b], [a,), ... */
typedef struct RuleRange
{
	int64_t		lower;
	int64_t		upper;			/* ignored when upper_infinite */
	uint8_t		lower_inclusive;
	uint8_t		upper_inclusive;
	uint8_t		upper_infinite;
	uint8_t		present;		/* 0: no range (everything) */
	int32_t		reserved;		/* zero */
} RuleRange;

/*
 * One entry, as stored: this header, then nsteps ladder steps right after
 * it. Zero-filled so that equal rulebooks are equal byte for byte; its size
 * is a multiple of 8 so that steps and entries follow each other aligned.
 */
typedef struct RuleEntry
{
	int16_t		type;			/* RuleType */
	int16_t		rule_class;		/* RuleClass */
	uint32_t	counts;			/* COUNTS_* bits of RULE_COUNT and RULE_FORGIVE */
	char		name[RULE_NAME_LEN];	/* incident kind (also of a count) or
										 * parameter name */
	char		rule_ids[RULE_IDS_LEN]; /* the rules this entry reproduces */
	int64_t		value;			/* parameter, or how many are forgiven
								 * (millionths) */
	RuleRange	within;			/* which events of RULE_COUNT/RULE_FORGIVE */
	int32_t		measure;		/* LadderMeasure, -1 without a ladder */
	int32_t		nsteps;			/* 0 without a ladder */
	int32_t		months;			/* a count of incidents over this many
								 * months (the month and those before it);
								 * 0: the month alone */
	int32_t		reserved;		/* zero */
} RuleEntry;

_Static_assert(sizeof(RuleEntry) % 8 == 0, "ladder steps must follow a rule entry aligned");

static inline const LadderStep *
rule_steps(const RuleEntry *e)
{
	return (const LadderStep *) (const void *) ((const char *) e + sizeof(RuleEntry));
}

/* Parsed: every entry at full size, for building and checking. */
typedef struct RulebookSpec
{
	int			nentries;
	struct
	{
		RuleEntry	head;
		LadderStep	steps[LADDER_MAX_STEPS];
	}			entries[RULEBOOK_MAX_ENTRIES];
} RulebookSpec;

/* Read in place: the entries of a stored (packed) rulebook. */
typedef struct RulebookRef
{
	int			nentries;
	const RuleEntry *entries[RULEBOOK_MAX_ENTRIES];
} RulebookRef;

static inline size_t
rule_entry_size(int nsteps)
{
	return sizeof(RuleEntry) + (size_t) nsteps * sizeof(LadderStep);
}

static inline LadderRef
rule_ladder(const RuleEntry *e)
{
	LadderRef	r = {e->measure, e->nsteps, rule_steps(e)};

	return r;
}

extern bool rulebook_parse(const char *text, size_t len, RulebookSpec *out, ParseError *err);
extern bool rulebook_validate(const RulebookSpec *book, const char **message);
extern size_t rulebook_format(const RulebookRef *book, char *buf, size_t buflen);

/*
 * Binary form: the number of rules, then per rule its kind, class, counted
 * kinds, name, rule IDs, number, range, its ladder's measure, the months a
 * count looks back over, and the ladder's steps.
 */
extern void rulebook_encode(WireOut *o, const RulebookRef *book);
extern bool rulebook_decode(WireReader *r, RulebookSpec *out, WireError *err);

/* The packed form: entries back to back; returns the bytes written. */
extern size_t rulebook_packed_size(const RulebookSpec *book);
extern void rulebook_pack(const RulebookSpec *book, void *dst);

/* Reads packed entries (size bytes); false with a message when corrupt. */
extern bool rulebook_read(const void *src, size_t size, int nentries, RulebookRef *out, const char **message);
extern void rulebook_spec_of(const RulebookRef *book, RulebookSpec *out);

/* The entries of base, with those of override replacing the same subjects. */
extern bool rulebook_merge(const RulebookRef *base, const RulebookRef *override, RulebookSpec *out,
						   const char **message);

/* The entry for a subject, or NULL. */
extern const RuleEntry *rulebook_find(const RulebookRef *book, int type, const char *name);
extern bool rulebook_parameter(const RulebookRef *book, RuleParameter p, int64_t *value);

/* The longest period a count of the rulebook looks back over, in months (1: the month). */
extern int	rulebook_window_months(const RulebookRef *book);

/* Writes the subject of an entry: "late", "count late+early", "incident lost_card". */
extern size_t rule_subject_format(const RuleEntry *e, char *buf, size_t buflen);

/*
 * AT-5: whether a is at least as strict as b: every rule of b is in a and
 * charges at least as much. When not, explains the first difference in
 * why (at most whylen bytes).
 */
extern bool rulebook_at_least(const RulebookRef *a, const RulebookRef *b, char *why, size_t whylen);

#endif
