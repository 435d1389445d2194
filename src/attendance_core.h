/*
 * attendance_core.h
 *		The attendance engine as plain C: what one shift's punches measure,
 *		and one employee's attendance period of shifts, punches, leave,
 *		exceptions and incidents judged by the rulebooks in force, as
 *		explained penalty lines. Nothing here calls PostgreSQL; src/attendance.c is the SQL
 *		shell.
 *
 * Instants are microseconds (as timestamptz), days are days since
 * 2000-01-01 (as date), numbers are millionths (as in ladder_core.h).
 */
#ifndef CS_POLICY_ATTENDANCE_CORE_H
#define CS_POLICY_ATTENDANCE_CORE_H

#include "rulebook_core.h"

#define ATT_MAX_WINDOWS		8
#define ATT_USECS_PER_MINUTE INT64_C(60000000)
#define ATT_LINE_TEXT		640

typedef struct AttShift
{
	int32_t		work_date;
	int			nwindows;
	int64_t		windows[ATT_MAX_WINDOWS][2];	/* real instants [start, end) */
	bool		swapped;		/* came from a swap: no leave on it (SH-8) */
} AttShift;

typedef struct AttPunch
{
	int64_t		at;
	bool		in;				/* sign-in; false: sign-out */
} AttPunch;

/* How approved leave counts on its days. */
typedef enum AttLeaveState
{
	LEAVE_COUNTS = 0,			/* leave */
	LEAVE_VOID,					/* taken on a false reason: absence (LV-5) */
	LEAVE_UNDOCUMENTED,			/* sick leave without documents after return (LV-3) */
	LEAVE_VOID_ACTIVITY			/* the person did what its type rules out: absence (LV-7) */
} AttLeaveState;

typedef struct AttLeave
{
	int32_t		first_day;
	int32_t		last_day;
	int			state;			/* AttLeaveState */
	bool		sick;			/* sick leave: may be approved afterwards (LV-1, LV-3) */
	int64_t		approved_at;	/* when it was decided (LV-1) */
} AttLeave;

/* An approved attendance exception (AT-8); a field worker's call (AT-11). */
typedef struct AttException
{
	int32_t		work_date;
	bool		field_work;
	int64_t		notified_at;	/* when the field worker called */
} AttException;

typedef struct AttIncident
{
	int32_t		work_date;
	const char *kind;			/* NUL-terminated */
	bool		has_measure;
	int64_t		measure;		/* minutes, amount, ... as the rule measures */
	const char *note;			/* NUL-terminated, may be NULL */
	const char *rule_id;		/* the rule that names the kind, cited when no rule in force charges it */
} AttIncident;

/* AT-17: an overtime order and its decision. */
typedef enum AttOrderState
{
	ORDER_REQUESTED = 0,
	ORDER_APPROVED,
	ORDER_REFUSED,
	ORDER_CANCELLED
} AttOrderState;

typedef struct AttOvertimeOrder
{
	int64_t		order_id;
	int32_t		work_date;
	int64_t		starts_at;		/* the ordered time [starts_at, ends_at) */
	int64_t		ends_at;
	int			state;			/* AttOrderState */
	bool		decided;
	int64_t		decided_at;
	bool		own_work;		/* the employee's own unfinished work */
} AttOvertimeOrder;

/* AT-17: a day's metrics against the center's average that day. */
typedef struct AttMetric
{
	int32_t		work_date;
	bool		has_calls;
	int64_t		calls_per_hour; /* millionths */
	int64_t		center_calls_per_hour;
	bool		has_kpi;
	int64_t		kpi;
	int64_t		center_kpi;
} AttMetric;

/* A policy version that may be in force on some days of the period. */
typedef struct AttPolicy
{
	const RulebookRef *book;
	int32_t		valid_from;
	int32_t		valid_until;	/* first day no longer in force; INT32_MAX: open */
	const char *label;			/* "attendance_tiered v1" */
	int64_t		punch_window;	/* how far outside a shift its punches may be (3 hours) */
} AttPolicy;

typedef struct AttInput
{
	int32_t		period_first;	/* first and last day of the attendance period (AT-15) */
	int32_t		period_last;
	/*
	 * Shifts from here to the period's first day are judged only to know
	 * the run of missed shifts the period starts with (AT-9); their lines
	 * belong to the period before.
	 */
	int32_t		lookback_first;
	int64_t		as_of;			/* shifts are judged once this is past their sign-out window */
	int64_t		daily_wage;
	int64_t		monthly_wage;
	bool		withhold_pay;	/* SEC-2: the reader may not see these wages */
	int32_t		hired_on;		/* AT-14: pay floats after the first months */
	bool		manager_or_above;	/* AT-20: punches once in and once out a day */
	bool		has_adjustment; /* AT-14: a trainer's adjustment of the month the period closes in */
	int64_t		adjustment;		/* points added (negative: removed) */
	const char *adjustment_reason;

	const AttShift *shifts;		/* by start */
	int			nshifts;
	const AttPunch *punches;	/* by time */
	int			npunches;
	const AttLeave *leaves;
	int			nleaves;
	const AttException *exceptions;
	int			nexceptions;
	const AttIncident *incidents;	/* by work date */
	int			nincidents;
	/*
	 * Incidents before the period, as far back as a count looks (CP-9: the
	 * n-th valid complaint over 12 months); only their day and kind are
	 * read.
	 */
	const AttIncident *earlier_incidents;
	int			nearlier;
	const AttPolicy *policies;	/* nearest department first */
	int			npolicies;

	/*
	 * AT-16: the onboarding training of a new hire, on these days; so many
	 * unexcused lates, or more than so many minutes of unexcused absence,
	 * end it.
	 */
	bool		has_training;
	int32_t		training_first;
	int32_t		training_last;
	int32_t		training_late_limit;
	int32_t		training_absence_limit;	/* minutes */

	/* AT-17: overtime orders (by start), the days' metrics, the pay */
	const AttOvertimeOrder *orders;
	int			norders;
	const AttMetric *metrics;
	int			nmetrics;
	int64_t		overtime_rate;	/* millionths: 1.5 x the hourly wage */
	int32_t		overtime_hours_per_day; /* the hourly wage is the daily wage over these */
	int32_t		overtime_min_minutes;	/* shorter time beyond a shift is not overtime */
} AttInput;

/* What one shift's punches measure. */
typedef struct AttMeasure
{
	bool		has_in;
	bool		has_out;
	int64_t		first_in;		/* first sign-in from window before the start to the end */
	int64_t		last_out;		/* last sign-out from the start to window after the end */
	int32_t		late_minutes;	/* whole minutes, rounded down */
	int32_t		early_minutes;
	int32_t		away_minutes;	/* away from post inside the shift's windows */
	int32_t		worked_minutes; /* the length of the shift's windows */
	bool		window_missing_in;	/* AT-20: a window with punches has no sign-in */
	bool		window_missing_out; /* AT-20: a window with punches has no sign-out */
} AttMeasure;

/* What a line is about. */
typedef enum AttLineKind
{
	LINE_LATE = RULE_LATE,
	LINE_EARLY = RULE_EARLY,
	LINE_AWAY = RULE_AWAY,
	LINE_MISSING_PUNCH = RULE_MISSING_PUNCH,
	LINE_ABSENCE = RULE_ABSENCE,
	LINE_MONTH_ABSENCE = RULE_MONTH_ABSENCE,
	LINE_CONSECUTIVE_ABSENCE = RULE_CONSECUTIVE_ABSENCE,
	LINE_COUNT = RULE_COUNT,
	LINE_FORGIVEN = RULE_FORGIVE,
	LINE_INCIDENT = RULE_INCIDENT,
	LINE_FULL_ATTENDANCE,
	LINE_ADJUSTMENT,
	LINE_SCORE,
	LINE_TRAINING,
	LINE_OVERTIME,
	LINE_KIND_COUNT
} AttLineKind;

extern const char *const att_line_kind_names[LINE_KIND_COUNT];

typedef struct AttLine
{
	int32_t		work_date;
	int			kind;			/* AttLineKind */
	const char *rule_ids;		/* the rule's IDs, "AT-1, AT-5": the first is the line's */
	const char *also_ids;		/* IDs of what led to it (an absence from a late: AT-1), or "" */
	int			policy;			/* index into AttInput.policies */
	int64_t		measure;		/* minutes, days, the n-th, amount, score */
	char		outcome[256];	/* the step that applied, e.g. "(10,30] 50" */
	int64_t		amount;			/* CNY in millionths, whole fen; negative: paid out */
	int64_t		points;			/* points deducted (negative: added) */
	int32_t		flags;			/* LadderFlag bits */
	int64_t		absence_days;	/* days of absence this line stands for */
	bool		from_pay;		/* the amount derives from a wage (SEC-2) */
	char		explanation[ATT_LINE_TEXT];
} AttLine;

typedef void (*AttEmit) (void *arg, const AttLine *line);

/* What one shift of the period came to, for attendance_day. */
typedef struct AttShiftResult
{
	const AttShift *shift;
	AttMeasure	measure;
	int64_t		punch_window;	/* of the policy in force, for the shift's punches */
	int			policy;			/* index into AttInput.policies, or -1: no rules that day */
	bool		judged;			/* its sign-out window is over */
	bool		excused;		/* an approved exception (AT-8, AT-11) */
	bool		on_leave;		/* approved leave counts (LV-1) */
	int64_t		absence_days;	/* millionths */
} AttShiftResult;

typedef void (*AttShiftEmit) (void *arg, const AttShiftResult *result);

/* The punches of one shift (punches sorted by time). */
extern void att_measure_shift(const AttShift *shift, const AttPunch *punches, int npunches,
							  int64_t window, AttMeasure *out);

/* Whether a shift's sign-out window is over by as_of. */
extern bool att_shift_judged(const AttShift *shift, int64_t window, int64_t as_of);

/* The punch window of a policy (a default where no policy is in force). */
#define ATT_DEFAULT_PUNCH_WINDOW (INT64_C(3) * 60 * ATT_USECS_PER_MINUTE)

/* The policy in force on a day, or -1. */
extern int	att_policy_on(const AttInput *in, int32_t day);

/*
 * Judges the period: its lines to emit, and each of its shifts to
 * on_shift (may be NULL); false with a message when the input is
 * inconsistent.
 */
extern bool att_evaluate(const AttInput *in, AttEmit emit, AttShiftEmit on_shift, void *arg, const char **error);

/* AT-17: the period's overtime, ordered or not, judged (src/overtime_core.c). */
extern void att_judge_overtime(const AttInput *in, AttEmit emit, void *arg);

/* Shared with overtime_core.c: money as "50.00", rounding to the fen, ordinals. */
extern void att_format_money(int64_t millionths, char *buf, size_t len);
extern int64_t att_round_fen(__int128 picos);
extern int64_t att_shift_start(const AttShift *s);
extern int64_t att_shift_end(const AttShift *s);

#endif
