/*
 * sla_core.h
 *		Service-level targets of complaints as plain C: a target is a clock
 *		that starts at one event of a complaint's life and stops at another,
 *		with an allowance in wall-clock time, calendar days, working days or
 *		working time, optionally standing still while the complaint waits
 *		for the customer:
 *
 *		received -> resolved within 3 working days, paused while waiting
 *		received -> manager_notified within 1 hour
 *		diagnosed_in_house -> repaired within 10 working days
 *		feedback closed the same day: received -> closed within same day
 *
 * sla_evaluate() reads one complaint's events and says when the clock
 * started, when it is due, when it was met, how long it stood still and
 * how much time is left (or overdue). Nothing here calls PostgreSQL;
 * src/sla.c is the SQL shell.
 */
#ifndef CS_POLICY_SLA_CORE_H
#define CS_POLICY_SLA_CORE_H

#include "calendar_core.h"

/*
 * What can happen to a complaint, in the order of the SQL enum
 * cs_policy.complaint_event_kind (the names are the link).
 */
typedef enum SlaEventKind
{
	EV_RECEIVED = 0,
	EV_ASSIGNED,
	EV_HANDED_ON,
	EV_WAITING,					/* waiting for the customer */
	EV_RESUMED,
	EV_RESOLVED,
	EV_INFORMED,				/* the complainant told the result */
	EV_CLOSED,
	EV_REOPENED,
	EV_TEAM_FORMED,				/* CP-3: an incident team for a dispute */
	EV_MANAGER_NOTIFIED,		/* CP-4: an emergency reported */
	EV_REPORT_FILED,			/* CP-5: the investigation report */
	EV_DIAGNOSED_IN_HOUSE,		/* CP-7: the repair stages */
	EV_DIAGNOSED_EXTERNAL,
	EV_SENT_OUT,
	EV_REPAIRED,
	EV_RETURNED,
	EV_CALLED_BACK,				/* CP-8 */
	EV_INSPECTED,				/* CP-10: returned goods inspected */
	EV_FOUND_VALID,				/* CP-9: valid against an agent */
	EV_COUNT
} SlaEventKind;

extern const char *const sla_event_names[EV_COUNT];

/* The events that end a stage of the complaint's own life: a reopening resumes targets stopped by them. */
#define SLA_LIFECYCLE_STOPS ((1u << EV_RESOLVED) | (1u << EV_INFORMED) | (1u << EV_CLOSED))

/* How the allowance is measured. */
typedef enum SlaClockKind
{
	SLA_WALL = 0,				/* hours, minutes, seconds of real time */
	SLA_DAYS,					/* to the end of the n-th calendar day after
								 * the start's (0: the same day) */
	SLA_WORKING_DAYS,			/* to the end of hours of the n-th working
								 * day after the start's */
	SLA_WORKING_TIME,			/* hours and minutes of working time */
	SLA_CLOCK_COUNT
} SlaClockKind;

#define SLA_PAUSE_WHILE_WAITING 1
#define SLA_MAX_DAYS			3660
#define SLA_USECS_PER_SECOND	INT64_C(1000000)
#define SLA_MAX_USECS			(INT64_C(86400) * SLA_MAX_DAYS * SLA_USECS_PER_SECOND)

/* Fixed size and zero-filled: equal targets are equal byte for byte. */
typedef struct SlaTarget
{
	uint32_t	starts;			/* event bits that start the clock */
	uint32_t	stops;			/* event bits that stop it */
	int32_t		clock;			/* SlaClockKind */
	int32_t		flags;			/* SLA_PAUSE_WHILE_WAITING */
	int64_t		amount;			/* usecs (wall, working time) or days */
} SlaTarget;

extern bool sla_parse(const char *text, size_t len, SlaTarget *out, ParseError *err);
extern bool sla_validate(const SlaTarget *t, const char **message);
extern size_t sla_format(const SlaTarget *t, char *buf, size_t buflen);

/* Binary form: start and stop event bits, the kind of allowance, flags, amount. */
extern void sla_encode(WireOut *o, const SlaTarget *t);
extern bool sla_decode(WireReader *r, SlaTarget *out, WireError *err);

/* "3 working days", "1 hour", "same day" */
extern size_t sla_format_allowance(const SlaTarget *t, char *buf, size_t buflen);

/*
 * Whether a is at least as strict as b (the same events, a clock of the
 * same kind with no more time, pausing only where b pauses); when not,
 * why, in words.
 */
extern bool sla_at_least(const SlaTarget *a, const SlaTarget *b, char *why, size_t whylen);

/* One event of a complaint. */
typedef struct SlaEvent
{
	int64_t		at;				/* instant, usecs as timestamptz */
	int64_t		seq;			/* order among events at the same instant
								 * (the event id) */
	int64_t		owner;			/* employee_id it went to (assigned,
								 * handed_on), if has_owner */
	int32_t		kind;			/* SlaEventKind */
	int32_t		has_owner;		/* 1: owner is set; 0: the event names
								 * nobody */
} SlaEvent;

typedef enum SlaState
{
	SLA_MET = 0,
	SLA_BREACHED,
	SLA_RUNNING,
	SLA_AT_RISK,
	SLA_STATE_COUNT
} SlaState;

extern const char *const sla_state_names[SLA_STATE_COUNT];

typedef struct SlaStatus
{
	bool		started;		/* false: nothing else is set */
	int64_t		started_at;
	bool		met;
	int64_t		met_at;			/* when met (the last stop, if reopened) */
	int64_t		due_at;
	int64_t		allowance;		/* in the target's clock: usecs of real or
								 * working time */
	int64_t		left;			/* allowance minus time counted; < 0: overdue */
	int64_t		paused;			/* real usecs the clock stood still waiting */
	bool		paused_now;
	bool		working;		/* left and allowance are working time */
	int			state;			/* SlaState */
} SlaStatus;

/*
 * Evaluates a target over a complaint's events (sorted by at, then seq)
 * as of an instant; events after it are not read. at_risk_share is the
 * share of the allowance under which a running target is at risk, in
 * millionths. Returns CAL_OK or a calendar failure.
 */
extern CalStatus sla_evaluate(const SlaTarget *t, const CalendarSpec *cal, const CalClock *clock,
							  const SlaEvent *events, int nevents, int64_t as_of, int64_t at_risk_share,
							  SlaStatus *out);

/* Sorts events by at, then seq: a pass when they are in order already (as stored), else qsort. */
extern void sla_sort_events(SlaEvent *events, int n);

#endif
