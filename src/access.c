/*
 * access.c
 *		Who is acting and what they may see (SEC-1, SEC-2): the access_scope
 *		value and the employee a pooled application named for this
 *		transaction.
 *
 * An access_scope is computed once per statement by cs_policy.access_scope()
 * (which reads the employee, department and grant tables) and then asked row
 * by row by pure functions: sees(scope, employee_id), sees_team(...),
 * sees_department(...), sees_pay(...). The row-level security policies are
 * written with them, so that a policy runs no query per row and every
 * Citus shard can evaluate it on the rows it holds.
 *
 * The acting employee of a pooled login (act_as) lives in this backend's
 * memory, stamped with the local transaction id: it cannot be set with
 * set_config, it is gone with the transaction, and only act_as (SECURITY
 * DEFINER, owned by the extension's owner) may call the setter. On Citus
 * the shards are read by other backends on other nodes, which get the
 * acting employee as a pass (cs_policy.acting_pass, SET LOCAL and sent to
 * them): signed here with hmac_sha256 and a secret only the owner reads,
 * bound to the calling role and the distributed transaction.
 */
#include "postgres.h"

#include "access/xact.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "libpq/pqformat.h"
#include "miscadmin.h"
#include "storage/proc.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "catalog/pg_type.h"
#include "common/hmac.h"
#include "common/sha2.h"
#include "utils/guc.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"

#include "access.h"
#include "wire.h"
#include "workweek.h"			/* cs_report_parse_error */

PG_FUNCTION_INFO_V1(access_scope_in);
PG_FUNCTION_INFO_V1(access_scope_out);
PG_FUNCTION_INFO_V1(access_scope_recv);
PG_FUNCTION_INFO_V1(access_scope_send);
PG_FUNCTION_INFO_V1(access_scope_make);
PG_FUNCTION_INFO_V1(access_scope_viewer);
PG_FUNCTION_INFO_V1(access_scope_sees);
PG_FUNCTION_INFO_V1(access_scope_sees_team);
PG_FUNCTION_INFO_V1(access_scope_sees_department);
PG_FUNCTION_INFO_V1(access_scope_sees_pay);
PG_FUNCTION_INFO_V1(access_scope_reads_audit);
PG_FUNCTION_INFO_V1(access_hmac_sha256);
PG_FUNCTION_INFO_V1(access_set_acting_for);
PG_FUNCTION_INFO_V1(access_acting_for);
PG_FUNCTION_INFO_V1(access_scope_current);

#define SCOPE_SYNTAX_HINT \
	"An access_scope reads \"viewer=12 all pay audit\" or \"viewer=12 personal={12} team={12,15} departments={4}\"."

/* A stored scope read in place. */
static ScopeSpec
scope_view(const AccessScope *s)
{
	ScopeSpec	spec;

	spec.flags = s->flags;
	spec.viewer = s->viewer;
	for (int i = 0; i < SCOPE_LISTS; i++)
		spec.counts[i] = s->counts[i];
	spec.ids = (int64 *) s->ids;
	return spec;
}

/* The ids of one list of a stored scope, in place (per row: no copying). */
static inline const int64 *
stored_list(const AccessScope *s, int which, int32 *n)
{
	ScopeSpec	view = scope_view(s);

	return scope_list(&view, which, n);
}

/* A stored scope made from a checked one. */
static AccessScope *
scope_pack(const ScopeSpec *spec)
{
	int64		total = scope_total(spec);
	Size		size = offsetof(AccessScope, ids) + total * sizeof(int64);
	AccessScope *s = palloc0(size);

	SET_VARSIZE(s, size);
	s->flags = spec->flags;
	s->viewer = spec->viewer;
	for (int i = 0; i < SCOPE_LISTS; i++)
		s->counts[i] = spec->counts[i];
	memcpy(s->ids, spec->ids, total * sizeof(int64));
	return s;
}

Datum
access_scope_in(PG_FUNCTION_ARGS)
{
	const char *input = PG_GETARG_CSTRING(0);
	ScopeSpec	spec;
	ParseError	err;
	const char *problem;

	if (!scope_parse(input, strlen(input), &cs_palloc_allocator, &spec, &err))
		cs_report_parse_error("access_scope", input, &err, SCOPE_SYNTAX_HINT);
	/* the checks binary input runs: one validator for both */
	if (!scope_validate(&spec, &problem))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input syntax for type access_scope: \"%s\"", input),
				 errdetail("The value is not valid: %s.", problem),
				 errhint(SCOPE_SYNTAX_HINT)));
	PG_RETURN_POINTER(scope_pack(&spec));
}

Datum
access_scope_out(PG_FUNCTION_ARGS)
{
	ScopeSpec	spec = scope_view(PG_GETARG_ACCESS_SCOPE_P(0));
	size_t		len = scope_format(&spec, NULL, 0);
	char	   *buf = palloc(len + 1);

	scope_format(&spec, buf, len + 1);
	PG_RETURN_CSTRING(buf);
}

/* Binary form: scope_encode and scope_decode (access_core.c). */
Datum
access_scope_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	ScopeSpec	spec;
	WireReader	r = cs_wire_reader(buf);
	WireError	err;

	cs_wire_finish(buf, &r, scope_decode(&r, &cs_palloc_allocator, &spec, &err), &err, "access_scope");
	PG_RETURN_POINTER(scope_pack(&spec));
}

static void
encode_stored_scope(WireOut *o, const AccessScope *s)
{
	ScopeSpec	spec = scope_view(s);

	scope_encode(o, &spec);
}

Datum
access_scope_send(PG_FUNCTION_ARGS)
{
	CS_WIRE_SEND(encode_stored_scope, PG_GETARG_ACCESS_SCOPE_P(0));
}

/* The ids of a bigint[] argument, NULL elements refused. */
static int64 *
array_ids(ArrayType *a, int32 *n, const char *what)
{
	Datum	   *elems;
	bool	   *nulls;
	int			count;
	int64	   *ids;

	if (ARR_ELEMTYPE(a) != INT8OID)
		elog(ERROR, "%s must be a bigint[]", what);
	deconstruct_array(a, INT8OID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE, &elems, &nulls, &count);
	ids = palloc((count + 1) * sizeof(int64));
	for (int i = 0; i < count; i++)
	{
		if (nulls[i])
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("%s must not contain nulls", what)));
		ids[i] = DatumGetInt64(elems[i]);
	}
	*n = count;
	return ids;
}

/* access_scope_make(viewer, see_all, see_pay, personal, team, departments, read_audit) */
Datum
access_scope_make(PG_FUNCTION_ARGS)
{
	ScopeSpec	spec;
	int64	   *lists[SCOPE_LISTS];
	int64		total = 0;
	int64	   *at;

	memset(&spec, 0, sizeof(spec));
	spec.viewer = PG_ARGISNULL(0) ? 0 : PG_GETARG_INT64(0);
	if (!PG_ARGISNULL(1) && PG_GETARG_BOOL(1))
		spec.flags |= SCOPE_ALL;
	if (!PG_ARGISNULL(2) && PG_GETARG_BOOL(2))
		spec.flags |= SCOPE_PAY;
	if (PG_NARGS() > 6 && !PG_ARGISNULL(6) && PG_GETARG_BOOL(6))
		spec.flags |= SCOPE_AUDIT;
	for (int i = 0; i < SCOPE_LISTS; i++)
	{
		if (PG_ARGISNULL(3 + i))
		{
			lists[i] = NULL;
			spec.counts[i] = 0;
		}
		else
			lists[i] = array_ids(PG_GETARG_ARRAYTYPE_P(3 + i), &spec.counts[i], scope_list_names[i]);
		total += spec.counts[i];
	}
	if (spec.viewer < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("the viewer of an access scope is an employee_id or 0, not " INT64_FORMAT, spec.viewer)));
	if (total > SCOPE_MAX_IDS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("an access scope holds at most %d ids, not " INT64_FORMAT, SCOPE_MAX_IDS, total)));
	spec.ids = palloc((total + 1) * sizeof(int64));
	at = spec.ids;
	for (int i = 0; i < SCOPE_LISTS; i++)
	{
		if (spec.counts[i] > 0)
			memcpy(at, lists[i], spec.counts[i] * sizeof(int64));
		at += spec.counts[i];
	}
	scope_normalize(&spec);
	{
		const char *problem;

		if (!scope_validate(&spec, &problem))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("invalid access scope: %s", problem),
					 errhint("Ids are employee or department ids, 0 or more.")));
	}
	PG_RETURN_POINTER(scope_pack(&spec));
}

Datum
access_scope_viewer(PG_FUNCTION_ARGS)
{
	AccessScope *s = PG_GETARG_ACCESS_SCOPE_P(0);

	if (s->viewer == 0)
		PG_RETURN_NULL();
	PG_RETURN_INT64(s->viewer);
}

/* SEC-1: one's own rows, and those of the people one answers for */
Datum
access_scope_sees(PG_FUNCTION_ARGS)
{
	AccessScope *s = PG_GETARG_ACCESS_SCOPE_P(0);
	int64		id = PG_GETARG_INT64(1);
	int32		n;
	const int64 *ids;

	if (s->flags & SCOPE_ALL)
		PG_RETURN_BOOL(true);
	if (s->viewer != 0 && s->viewer == id)
		PG_RETURN_BOOL(true);
	ids = stored_list(s, SCOPE_PERSONAL, &n);
	PG_RETURN_BOOL(scope_contains(ids, n, id));
}

/* what a team shares: the roster, handover logs, who is who */
Datum
access_scope_sees_team(PG_FUNCTION_ARGS)
{
	AccessScope *s = PG_GETARG_ACCESS_SCOPE_P(0);
	int64		id = PG_GETARG_INT64(1);
	int32		n;
	const int64 *ids;

	if (s->flags & SCOPE_ALL)
		PG_RETURN_BOOL(true);
	if (s->viewer != 0 && s->viewer == id)
		PG_RETURN_BOOL(true);
	ids = stored_list(s, SCOPE_PERSONAL, &n);
	if (scope_contains(ids, n, id))
		PG_RETURN_BOOL(true);
	ids = stored_list(s, SCOPE_TEAM, &n);
	PG_RETURN_BOOL(scope_contains(ids, n, id));
}

Datum
access_scope_sees_department(PG_FUNCTION_ARGS)
{
	AccessScope *s = PG_GETARG_ACCESS_SCOPE_P(0);
	int64		id = PG_GETARG_INT64(1);
	int32		n;
	const int64 *ids;

	if (s->flags & SCOPE_ALL)
		PG_RETURN_BOOL(true);
	ids = stored_list(s, SCOPE_DEPARTMENTS, &n);
	PG_RETURN_BOOL(scope_contains(ids, n, id));
}

/* SEC-2: one's own pay, and HR everyone's; nobody else's */
Datum
access_scope_sees_pay(PG_FUNCTION_ARGS)
{
	AccessScope *s = PG_GETARG_ACCESS_SCOPE_P(0);
	int64		id = PG_GETARG_INT64(1);

	PG_RETURN_BOOL((s->flags & SCOPE_PAY) != 0 || (s->viewer != 0 && s->viewer == id));
}

/* SEC-5: the audit log is the auditors' */
Datum
access_scope_reads_audit(PG_FUNCTION_ARGS)
{
	AccessScope *s = PG_GETARG_ACCESS_SCOPE_P(0);

	PG_RETURN_BOOL((s->flags & SCOPE_AUDIT) != 0);
}

/*
 * The employee a pooled application acts for in this transaction. The
 * local transaction id makes it transaction-local without a callback: a
 * later transaction of the backend has another one.
 */
#if PG_VERSION_NUM >= 170000
#define CURRENT_LXID (MyProc->vxid.lxid)
#else
#define CURRENT_LXID (MyProc->lxid)
#endif

static int64 acting_for_employee = 0;
static LocalTransactionId acting_for_lxid = InvalidLocalTransactionId;
static Oid	acting_for_user = InvalidOid;	/* the role that called act_as */
static SubTransactionId acting_for_subxact = InvalidSubTransactionId;

/*
 * ROLLBACK TO SAVEPOINT (or an exception block) that undoes act_as's audit
 * row and pass undoes the acting employee too; a released savepoint hands
 * it to its parent.
 */
static void
acting_for_subxact_callback(SubXactEvent event, SubTransactionId mySubid,
							SubTransactionId parentSubid, void *arg pg_attribute_unused())
{
	if (acting_for_lxid == InvalidLocalTransactionId || acting_for_subxact != mySubid)
		return;
	if (event == SUBXACT_EVENT_ABORT_SUB)
	{
		acting_for_employee = 0;
		acting_for_lxid = InvalidLocalTransactionId;
		acting_for_subxact = InvalidSubTransactionId;
	}
	else if (event == SUBXACT_EVENT_COMMIT_SUB)
		acting_for_subxact = parentSubid;
}

void
cs_access_init(void)
{
	RegisterSubXactCallback(acting_for_subxact_callback, NULL);
}

/* act_as holds for the role that called it, in its transaction */
static inline bool
acting_for_valid(void)
{
	return acting_for_lxid != InvalidLocalTransactionId && acting_for_lxid == CURRENT_LXID &&
		acting_for_user == GetOuterUserId();
}

Datum
access_set_acting_for(PG_FUNCTION_ARGS)
{
	if (PG_ARGISNULL(0))
	{
		acting_for_employee = 0;
		acting_for_lxid = InvalidLocalTransactionId;
		PG_RETURN_VOID();
	}
	acting_for_employee = PG_GETARG_INT64(0);
	acting_for_lxid = CURRENT_LXID;
	acting_for_user = GetOuterUserId();
	acting_for_subxact = GetCurrentSubTransactionId();
	PG_RETURN_VOID();
}

Datum
access_acting_for(PG_FUNCTION_ARGS)
{
	if (!acting_for_valid())
		PG_RETURN_NULL();
	PG_RETURN_INT64(acting_for_employee);
}

/*
 * access_scope(): the caller's scope, built once per statement by
 * build_access_scope() (SECURITY DEFINER, it reads employees, departments
 * and grants) and then returned from this backend's memory. Row-level
 * policies call it row by row without a subquery (Citus refuses subqueries
 * in policies), so the cache is what keeps a policy at the cost of a
 * function call. It is keyed by everything the scope depends on: the
 * transaction, the statement, the calling role (SET ROLE or the session
 * user: GetOuterUserId, which SECURITY DEFINER does not change) and the
 * employee act_as named.
 */
static AccessScope *scope_cache = NULL;
static LocalTransactionId scope_lxid = InvalidLocalTransactionId;
static TimestampTz scope_statement = 0;
static Oid	scope_user = InvalidOid;
static int64 scope_acting = 0;
static char *scope_pass = NULL;	/* the acting pass it was built with (Citus) */
static SPIPlanPtr scope_plan = NULL;

/* same pass, both unset included */
static inline bool
same_pass(const char *cached, const char *now)
{
	if (cached == NULL || now == NULL || now[0] == '\0')
		return (cached == NULL) == (now == NULL || now[0] == '\0');
	return strcmp(cached, now) == 0;
}

Datum
access_scope_current(PG_FUNCTION_ARGS)
{
	LocalTransactionId lxid = CURRENT_LXID;
	TimestampTz statement = GetCurrentStatementStartTimestamp();
	Oid			user = GetOuterUserId();
	int64		acting = acting_for_valid() ? acting_for_employee : 0;
	const char *pass = GetConfigOption("cs_policy.acting_pass", true, false);
	bool		isnull;
	Datum		d;
	AccessScope *built;
	MemoryContext old;

	if (scope_cache != NULL && scope_lxid == lxid && scope_statement == statement &&
		scope_user == user && scope_acting == acting && same_pass(scope_pass, pass))
		PG_RETURN_POINTER(scope_cache);
	/* the setting's own string is not ours to keep across the build */
	if (pass != NULL)
		pass = pstrdup(pass);

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "access_scope: SPI_connect failed");
	if (scope_plan == NULL)
	{
		SPIPlanPtr	plan = SPI_prepare("SELECT cs_policy.build_access_scope()", 0, NULL);

		if (plan == NULL)
			elog(ERROR, "access_scope: SPI_prepare failed: %s", SPI_result_code_string(SPI_result));
		if (SPI_keepplan(plan) != 0)
			elog(ERROR, "access_scope: SPI_keepplan failed");
		scope_plan = plan;
	}
	if (SPI_execute_plan(scope_plan, NULL, NULL, true, 1) != SPI_OK_SELECT || SPI_processed != 1)
		elog(ERROR, "access_scope: build_access_scope() returned no row");
	d = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);
	if (isnull)
		elog(ERROR, "access_scope: build_access_scope() returned NULL");
	built = DatumGetAccessScopeP(d);
	/*
	 * Until the end of the transaction: a statement or an open cursor may
	 * still hold an earlier one, so none is freed; a build equal to the
	 * last (statement after statement, the usual case) is not copied
	 * again, so that a long transaction does not grow. (After a commit
	 * scope_cache and scope_pass dangle: the lxid is compared before them,
	 * and they are then replaced.)
	 */
	if (scope_cache != NULL && scope_lxid == lxid && VARSIZE(scope_cache) == VARSIZE(built) &&
		memcmp(scope_cache, built, VARSIZE(built)) == 0 && same_pass(scope_pass, pass))
	{
		SPI_finish();
		scope_statement = statement;
		scope_user = user;
		scope_acting = acting;
		PG_RETURN_POINTER(scope_cache);
	}
	old = MemoryContextSwitchTo(TopTransactionContext);
	scope_cache = palloc(VARSIZE(built));
	memcpy(scope_cache, built, VARSIZE(built));
	scope_pass = (pass != NULL && pass[0] != '\0') ? pstrdup(pass) : NULL;
	MemoryContextSwitchTo(old);
	SPI_finish();
	scope_lxid = lxid;
	scope_statement = statement;
	scope_user = user;
	scope_acting = acting;
	PG_RETURN_POINTER(scope_cache);
}

/*
 * hmac_sha256(message, key): signs the acting pass (RFC 2104 with SHA-256,
 * PostgreSQL's own implementation, as SCRAM uses it).
 */
Datum
access_hmac_sha256(PG_FUNCTION_ARGS)
{
	text	   *message = PG_GETARG_TEXT_PP(0);
	bytea	   *key = PG_GETARG_BYTEA_PP(1);
	bytea	   *result = palloc(VARHDRSZ + PG_SHA256_DIGEST_LENGTH);
	pg_hmac_ctx *ctx = pg_hmac_create(PG_SHA256);

	if (ctx == NULL)
		ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("out of memory")));
	if (pg_hmac_init(ctx, (const uint8 *) VARDATA_ANY(key), VARSIZE_ANY_EXHDR(key)) < 0 ||
		pg_hmac_update(ctx, (const uint8 *) VARDATA_ANY(message), VARSIZE_ANY_EXHDR(message)) < 0 ||
		pg_hmac_final(ctx, (uint8 *) VARDATA(result), PG_SHA256_DIGEST_LENGTH) < 0)
	{
#if PG_VERSION_NUM >= 150000
		char	   *why = pstrdup(pg_hmac_error(ctx));
#else
		char	   *why = pstrdup("unknown error");
#endif

		pg_hmac_free(ctx);
		elog(ERROR, "hmac_sha256 failed: %s", why);
	}
	pg_hmac_free(ctx);
	SET_VARSIZE(result, VARHDRSZ + PG_SHA256_DIGEST_LENGTH);
	PG_RETURN_BYTEA_P(result);
}
