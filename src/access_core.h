/*
 * access_core.h
 *		The access_scope value as plain C (SEC-1, SEC-2, SEC-5): who is
 *		viewing, what they may see of the whole center, and the lists of
 *		employees, teams and departments whose rows they may see. Parse,
 *		check, format, the binary form, and the lookups the row-level
 *		security policies ask row by row. Nothing from PostgreSQL;
 *		src/access.c is the SQL shell.
 */
#ifndef CS_POLICY_ACCESS_CORE_H
#define CS_POLICY_ACCESS_CORE_H

#include "text_core.h"
#include "wire_core.h"

#define SCOPE_ALL		0x1		/* the center: director, HR, analyst, auditor */
#define SCOPE_PAY		0x2		/* everyone's pay (HR, SEC-2) */
#define SCOPE_AUDIT		0x4		/* the audit log (auditors, SEC-5) */
#define SCOPE_FLAGS		(SCOPE_ALL | SCOPE_PAY | SCOPE_AUDIT)

/* the lists, in this order after each other in ids[] */
#define SCOPE_PERSONAL		0	/* employees whose own records are visible */
#define SCOPE_TEAM			1	/* ... whose team-shared records (roster, handover) are */
#define SCOPE_DEPARTMENTS	2	/* departments whose records are */
#define SCOPE_LISTS			3

/* a center of 100,000 employees and its departments fit with room to spare */
#define SCOPE_MAX_IDS	(4 * 1024 * 1024)

extern const char *const scope_list_names[SCOPE_LISTS];

/*
 * A scope, wherever its ids are: the lists back to back in ids, each
 * sorted ascending without duplicates once checked.
 */
typedef struct ScopeSpec
{
	int32_t		flags;			/* SCOPE_ALL, SCOPE_PAY, SCOPE_AUDIT */
	int64_t		viewer;			/* employee_id of whoever is acting; 0: nobody */
	int32_t		counts[SCOPE_LISTS];
	int64_t    *ids;
} ScopeSpec;

/* The ids of one list. */
static inline const int64_t *
scope_list(const ScopeSpec *s, int which, int32_t *n)
{
	const int64_t *at = s->ids;

	for (int i = 0; i < which; i++)
		at += s->counts[i];
	*n = s->counts[which];
	return at;
}

static inline int64_t
scope_total(const ScopeSpec *s)
{
	return (int64_t) s->counts[0] + s->counts[1] + s->counts[2];
}

/* Whether a sorted list holds id (binary search). */
extern bool scope_contains(const int64_t *ids, int32_t n, int64_t id);

/* Sorts each list and drops duplicates in place (O(n log n)). */
extern void scope_normalize(ScopeSpec *s);

/* "viewer=12 all pay audit", "viewer=12 personal={12} team={12,15} departments={4}" */
extern bool scope_parse(const char *text, size_t len, const CoreAllocator *mem, ScopeSpec *out,
						ParseError *err);
extern bool scope_validate(const ScopeSpec *s, const char **message);
extern size_t scope_format(const ScopeSpec *s, char *buf, size_t buflen);

/* Binary form: flags, viewer, the three counts, then every id. */
extern void scope_encode(WireOut *o, const ScopeSpec *s);
extern bool scope_decode(WireReader *r, const CoreAllocator *mem, ScopeSpec *out, WireError *err);

#endif
