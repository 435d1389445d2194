/*
 * fuzz/targets.c
 *		libFuzzer targets for the pure C cores: one per text parser
 *		(workweek, shift, ladder, business_calendar, rulebook, sla_target,
 *		access_scope) and one per binary decoder of the same types. fuzz/run builds each
 *		with -DTARGET=<name> and runs it from fuzz/corpus/<name>.
 *
 * Text targets: for every text a parser accepts, validation agrees and the
 * canonical text parses back to the same value; the working-time
 * arithmetic runs on a UTC clock and each rulebook judges a small month of
 * punches, leave and incidents.
 *
 * Binary targets (the property of issue 16): whatever a decoder accepts
 * passes the text input's checks, encodes back to exactly the bytes it
 * read (the binary form is canonical) and prints a text that the parser
 * reads back to an equal value; whatever it refuses, it refuses with a
 * reason and without reading past the end (ASan sees the exact buffer).
 */
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include "workweek_core.h"
#include "calendar_core.h"
#include "shift_core.h"
#include "ladder_core.h"
#include "attendance_core.h"
#include "sla_core.h"
#include "rulebook_core.h"
#include "wire_core.h"
#include "access_core.h"

static void *ptrs[100000]; static int nptrs;
static void *m(size_t n) { void *p = malloc(n); ptrs[nptrs++] = p; return p; }
static void *g(void *p, size_t n) { void *q = realloc(p, n); for (int i = 0; i < nptrs; i++) if (ptrs[i] == p) ptrs[i] = q; return q; }
static void arena_reset(void) { for (int i = 0; i < nptrs; i++) free(ptrs[i]); nptrs = 0; }
static const CoreAllocator mem = {m, g};
static bool ti(void *a, int32_t day, int minute, int64_t *out) { (void)a; if (day < -2451545 || day > 100000000) return false; *out = ((int64_t)day*86400 + (int64_t)minute*60)*1000000; return true; }
static bool ld(void *a, int64_t t, int32_t *day) { (void)a; int64_t q = t / 86400000000LL; if (t % 86400000000LL < 0) q--; *day = (int32_t)q; return true; }

static char buf[65536], buf2[65536];
static unsigned char wire[1 << 20];

static void check_line(void *a, const AttLine *l) { (void)a; if (strnlen(l->explanation, ATT_LINE_TEXT) == ATT_LINE_TEXT || strnlen(l->outcome, sizeof l->outcome) == sizeof l->outcome) abort(); }

static void
fuzz_text_workweek(const char *s, size_t len)
{
    ParseError err;
    WorkWeek w, w2; const char *msg;
    if (!ww_parse(s, len, &w, &err)) { if (err.position < 0 || (size_t)err.position > len || err.position + err.length > (int)len + 1) abort(); return; }
    if (!ww_validate(&w, &msg)) abort();
    size_t n = ww_format(&w, NULL, 0); if (n >= sizeof buf) return;
    ww_format(&w, buf, n + 1);
    if (!ww_parse(buf, n, &w2, &err)) abort();
    if (memcmp(&w, &w2, sizeof w)) abort();
}

static void
fuzz_text_shift(const char *s, size_t len)
{
    ParseError err;
    Shift sh, sh2; const char *msg;
    if (!shift_parse(s, len, &sh, &err)) { if (err.position < 0 || (size_t)err.position > len) abort(); return; }
    if (!shift_validate(&sh, &msg)) abort();
    size_t n = shift_format(&sh, NULL, 0); if (n >= sizeof buf) return;
    shift_format(&sh, buf, n + 1);
    if (!shift_parse(buf, n, &sh2, &err)) { fprintf(stderr, "reparse [%s]: %s\n", buf, err.message); abort(); }
    if (memcmp(&sh, &sh2, sizeof sh)) { fprintf(stderr, "[%s]\n", buf); abort(); }
}

static void
fuzz_text_ladder(const char *s, size_t len)
{
    ParseError err;
    static LadderSpec l, l2; const char *msg;
    if (!ladder_parse(s, len, &l, &err)) { if (err.position < 0 || (size_t)err.position > len) abort(); return; }
    if (!ladder_validate(&l, &msg)) { fprintf(stderr, "validate: %s\n", msg); abort(); }
    size_t n = ladder_format(&l, NULL, 0); if (n >= sizeof buf) return;
    ladder_format(&l, buf, n + 1);
    if (!ladder_parse(buf, n, &l2, &err)) { fprintf(stderr, "reparse [%s]: %s\n", buf, err.message); abort(); }
    if (memcmp(&l, &l2, sizeof l)) { fprintf(stderr, "[%s]\n", buf); abort(); }
    if (!ladder_dominates(ladder_ref(&l), ladder_ref(&l), NULL)) { fprintf(stderr, "not at least itself [%s]\n", buf); abort(); }
    for (int64_t x = 0; x < 100 * LADDER_SCALE; x += LADDER_SCALE / 2) ladder_find(ladder_ref(&l), x);
}

static void
fuzz_text_rulebook(const char *s, size_t len)
{
    ParseError err;
    static RulebookSpec b, b2, merged; RulebookRef r, r2; const char *msg;
    static char packed[sizeof(RulebookSpec)], packed2[sizeof(RulebookSpec)];
    if (!rulebook_parse(s, len, &b, &err)) { if (err.position < 0 || (size_t)err.position > len) abort(); return; }
    if (!rulebook_validate(&b, &msg)) { fprintf(stderr, "validate: %s\n", msg); abort(); }
    size_t sz = rulebook_packed_size(&b); rulebook_pack(&b, packed);
    if (!rulebook_read(packed, sz, b.nentries, &r, &msg)) abort();
    size_t n = rulebook_format(&r, NULL, 0); if (n >= sizeof buf) return;
    rulebook_format(&r, buf, n + 1);
    if (!rulebook_parse(buf, n, &b2, &err)) { fprintf(stderr, "reparse [%s]: %s\n", buf, err.message); abort(); }
    size_t sz2 = rulebook_packed_size(&b2); rulebook_pack(&b2, packed2);
    if (sz != sz2 || memcmp(packed, packed2, sz)) { fprintf(stderr, "[%s]\n", buf); abort(); }
    if (!rulebook_read(packed2, sz2, b2.nentries, &r2, &msg)) abort();
    if (!rulebook_at_least(&r, &r2, buf2, sizeof buf2)) { fprintf(stderr, "not at least itself: %s\n", buf2); abort(); }
    if (rulebook_merge(&r, &r2, &merged, &msg) && !rulebook_validate(&merged, &msg)) { fprintf(stderr, "merge: %s\n", msg); abort(); }
    /* a period: five shifts of 8 hours, odd punches, leave, an exception, incidents of its kinds, overtime */
    static AttShift shifts[5]; static AttPunch punches[12];
    AttLeave leave = {3, 3, (int)(len % 3), (len & 4) != 0, 3 * 86400000000LL + (int64_t)(len % 7) * 3600000000LL};
    AttException ex = {2, (len & 1) != 0, 2 * 86400000000LL + 8 * 3600000000LL + 1200000000LL};
    AttIncident inc[3]; AttPolicy pol = {&r, 0, 31, "fuzz v1", 3 * 3600000000LL}; AttInput in; const char *e;
    AttOvertimeOrder order = {1, 4, 4 * 86400000000LL + 16 * 3600000000LL, 4 * 86400000000LL + 19 * 3600000000LL,
                              (int)(len % 4), (len & 8) != 0, 4 * 86400000000LL, (len & 16) != 0};
    AttMetric metric = {4, true, 12 * 1000000LL, 10 * 1000000LL, true, 90 * 1000000LL, 85 * 1000000LL};
    for (int d = 0; d < 5; d++) { shifts[d].work_date = d; shifts[d].nwindows = 1; shifts[d].swapped = d == 3;
        shifts[d].windows[0][0] = d * 86400000000LL + 8 * 3600000000LL; shifts[d].windows[0][1] = shifts[d].windows[0][0] + 8 * 3600000000LL; }
    for (int k = 0; k < 12; k++) { punches[k].at = (k / 2) * 43200000000LL + 7 * 3600000000LL + (int64_t)(k < (int)len ? (unsigned char) s[k] : k) * 60000000LL; punches[k].in = (k % 2) == 0; }
    const char *counted = "none"; for (int q = 0; q < r.nentries; q++) if (r.entries[q]->counts == COUNTS_INCIDENT) counted = r.entries[q]->name;
    for (int k = 0; k < 3; k++) { const RuleEntry *ie = NULL; for (int q = 0; q < r.nentries; q++) if (r.entries[q]->type == RULE_INCIDENT) ie = r.entries[q];
        inc[k].work_date = k; inc[k].kind = k == 2 ? counted : ie ? ie->name : "none"; inc[k].has_measure = k != 1; inc[k].measure = (int64_t) k * 7 * LADDER_SCALE; inc[k].note = "x"; inc[k].rule_id = "AT-7"; }
    AttIncident earlier[3] = {{-20, counted, false, 0, NULL, NULL}, {-300, counted, false, 0, NULL, NULL}, {-5000, counted, false, 0, NULL, NULL}};
    memset(&in, 0, sizeof in); in.period_first = 0; in.period_last = 30; in.lookback_first = -10; in.as_of = 40 * 86400000000LL;
    in.daily_wage = 240LL * LADDER_SCALE; in.monthly_wage = 5220LL * LADDER_SCALE; in.hired_on = -40; in.has_adjustment = len & 2; in.adjustment = 3LL * LADDER_SCALE; in.adjustment_reason = "fuzz";
    in.shifts = shifts; in.nshifts = 5; in.punches = punches; in.npunches = 12; in.leaves = &leave; in.nleaves = 1;
    in.exceptions = &ex; in.nexceptions = 1; in.incidents = inc; in.nincidents = 3; in.policies = &pol; in.npolicies = 1;
    in.earlier_incidents = earlier; in.nearlier = 3;
    in.has_training = (len & 32) != 0; in.training_first = 0; in.training_last = 4; in.training_late_limit = 2; in.training_absence_limit = 60;
    in.orders = &order; in.norders = 1; in.metrics = &metric; in.nmetrics = 1;
    in.overtime_rate = 1500000; in.overtime_hours_per_day = 8; in.overtime_min_minutes = 30;
    att_evaluate(&in, check_line, NULL, NULL, &e);
}

static void
fuzz_text_sla(const char *s, size_t len)
{
    ParseError err;
    /* an SLA target, then its clock over events made of the text's bytes, on a weekday calendar in UTC */
    SlaTarget t, t2; const char *msg; SlaStatus st;
    if (!sla_parse(s, len, &t, &err)) { if (err.position < 0 || (size_t)err.position > len) abort(); return; }
    if (!sla_validate(&t, &msg)) { fprintf(stderr, "validate: %s\n", msg); abort(); }
    size_t n = sla_format(&t, buf, sizeof buf);
    if (n >= sizeof buf || !sla_parse(buf, n, &t2, &err)) { fprintf(stderr, "reparse [%s]\n", buf); abort(); }
    if (memcmp(&t, &t2, sizeof t)) { fprintf(stderr, "[%s]\n", buf); abort(); }
    if (!sla_at_least(&t, &t2, buf2, sizeof buf2)) abort();
    CalendarSpec cal; const char *w = "tz=UTC; week=Mon-Fri 09:00-12:00,13:00-18:00; off=2025-10-01..2025-10-08; on=2025-10-11";
    if (!cal_parse(w, strlen(w), &mem, &cal, &err)) abort();
    CalClock clock = {NULL, ti, ld}; SlaEvent ev[16]; int nev = 0;
    int64_t at = 9400LL * 86400000000LL;
    for (size_t k = 0; k < len && nev < 16; k++) { at += (int64_t)(unsigned char) s[k] * 1800000000LL; ev[nev].at = at; ev[nev].kind = (unsigned char) s[len - 1 - k] % EV_COUNT; ev[nev].seq = nev; nev++; }
    sla_sort_events(ev, nev);
    if (sla_evaluate(&t, &cal, &clock, ev, nev, at + 86400000000LL, 250000, &st) == CAL_OK && st.started) {
        if (st.state < 0 || st.state >= SLA_STATE_COUNT || st.paused < 0 || (st.met && st.met_at < st.started_at)) abort();
        if ((st.state == SLA_MET) != (st.met && st.met_at <= st.due_at)) abort();
    }
}

static void
fuzz_text_calendar(const char *s, size_t len)
{
    ParseError err;
    CalendarSpec c, c2; const char *msg;
    if (!cal_parse(s, len, &mem, &c, &err)) { arena_reset(); if (err.position < 0 || (size_t)err.position > len) abort(); return; }
    if (!cal_validate(&c, &msg)) { fprintf(stderr, "validate: %s\n", msg); abort(); }
    size_t n = cal_format(&c, NULL, 0); if (n >= sizeof buf) return;
    cal_format(&c, buf, n + 1);
    if (!cal_parse(buf, n, &mem, &c2, &err)) { fprintf(stderr, "reparse [%s]: %s at %d\n", buf, err.message, err.position); abort(); }
    size_t n2 = cal_format(&c2, buf2, sizeof buf2);
    if (n2 != n || strcmp(buf, buf2)) abort();
    CalClock clock = {NULL, ti, ld}; int64_t r;
    for (int d = -3; d < 40; d++) cal_is_working_day(&c, 9400 + d * 17);
    /* a calendar and its reparsed text have the same hours every day */
    { int32_t day; if (cal_first_difference(&c, &c2, 9000, 9800, &day)) abort(); }
    cal_add_working_days(&c, &clock, 9400LL * 86400000000LL, (int32_t)(len % 20), &r);
    cal_working_time_between(&c, &clock, 9400LL * 86400000000LL, 9420LL * 86400000000LL, &r);
    cal_add_working_time(&c, &clock, 9400LL * 86400000000LL, (int64_t)(len % 50) * 3600000000LL, &r);
}

/*
 * The binary form of what a decoder accepted, written again: it must be
 * exactly the bytes the decoder consumed.
 */
#define ENCODE_AGAIN(encode, value) do { \
    WireOut o_ = {wire, sizeof wire, 0}; encode(&o_, value); \
    if (o_.at != consumed || memcmp(wire, data, consumed)) { fprintf(stderr, "not canonical: %zu bytes read, %zu written\n", consumed, o_.at); abort(); } \
    } while (0)

/* A refusal says why and has not read past the end. */
static void
check_refusal(const WireReader *r, const WireError *e, size_t size)
{
    if ((e->kind != WIRE_SHORT && e->kind != WIRE_INVALID) || e->detail[0] == '\0' || r->left > size) abort();
}

static void
fuzz_binary_workweek(const unsigned char *data, size_t size)
{
    WireReader r = {data, size, false}; WireError e; WorkWeek w, w2; ParseError err;
    if (!ww_decode(&r, &w, &e)) { check_refusal(&r, &e, size); return; }
    size_t consumed = size - r.left;
    ENCODE_AGAIN(ww_encode, &w);
    size_t n = ww_format(&w, buf, sizeof buf);
    if (n >= sizeof buf || !ww_parse(buf, n, &w2, &err) || memcmp(&w, &w2, sizeof w)) { fprintf(stderr, "[%s]\n", buf); abort(); }
}

static void
fuzz_binary_shift(const unsigned char *data, size_t size)
{
    WireReader r = {data, size, false}; WireError e; Shift sh, sh2; ParseError err;
    if (!shift_decode(&r, &sh, &e)) { check_refusal(&r, &e, size); return; }
    size_t consumed = size - r.left;
    ENCODE_AGAIN(shift_encode, &sh);
    size_t n = shift_format(&sh, buf, sizeof buf);
    if (n >= sizeof buf || !shift_parse(buf, n, &sh2, &err) || memcmp(&sh, &sh2, sizeof sh)) { fprintf(stderr, "[%s]\n", buf); abort(); }
}

static void
fuzz_binary_ladder(const unsigned char *data, size_t size)
{
    static LadderSpec l, l2; WireReader r = {data, size, false}; WireError e; ParseError err;
    if (!ladder_decode(&r, &l, &e)) { check_refusal(&r, &e, size); return; }
    size_t consumed = size - r.left;
    ENCODE_AGAIN(ladder_encode, ladder_ref(&l));
    size_t n = ladder_format(&l, buf, sizeof buf);
    if (n >= sizeof buf || !ladder_parse(buf, n, &l2, &err)) { fprintf(stderr, "reparse [%s]: %s\n", buf, n < sizeof buf ? err.message : "long"); abort(); }
    if (memcmp(&l, &l2, sizeof l)) { fprintf(stderr, "[%s]\n", buf); abort(); }
}

static void
fuzz_binary_rulebook(const unsigned char *data, size_t size)
{
    static RulebookSpec b, b2; static char packed[sizeof(RulebookSpec)], packed2[sizeof(RulebookSpec)];
    WireReader r = {data, size, false}; WireError e; ParseError err; RulebookRef ref; const char *msg;
    if (!rulebook_decode(&r, &b, &e)) { check_refusal(&r, &e, size); return; }
    size_t consumed = size - r.left;
    size_t sz = rulebook_packed_size(&b); rulebook_pack(&b, packed);
    if (!rulebook_read(packed, sz, b.nentries, &ref, &msg)) { fprintf(stderr, "packed: %s\n", msg); abort(); }
    ENCODE_AGAIN(rulebook_encode, &ref);
    size_t n = rulebook_format(&ref, buf, sizeof buf);
    if (n >= sizeof buf || !rulebook_parse(buf, n, &b2, &err)) { fprintf(stderr, "reparse [%s]: %s\n", buf, n < sizeof buf ? err.message : "long"); abort(); }
    size_t sz2 = rulebook_packed_size(&b2); rulebook_pack(&b2, packed2);
    if (sz != sz2 || memcmp(packed, packed2, sz)) { fprintf(stderr, "[%s]\n", buf); abort(); }
}

static void
fuzz_binary_sla(const unsigned char *data, size_t size)
{
    WireReader r = {data, size, false}; WireError e; SlaTarget t, t2; ParseError err;
    if (!sla_decode(&r, &t, &e)) { check_refusal(&r, &e, size); return; }
    size_t consumed = size - r.left;
    ENCODE_AGAIN(sla_encode, &t);
    size_t n = sla_format(&t, buf, sizeof buf);
    if (n >= sizeof buf || !sla_parse(buf, n, &t2, &err) || memcmp(&t, &t2, sizeof t)) { fprintf(stderr, "[%s]\n", buf); abort(); }
}

static void
fuzz_binary_calendar(const unsigned char *data, size_t size)
{
    WireReader r = {data, size, false}; WireError e; CalendarSpec c, c2; ParseError err;
    if (!cal_decode(&r, &mem, &c, &e)) { check_refusal(&r, &e, size); return; }
    size_t consumed = size - r.left;
    ENCODE_AGAIN(cal_encode, &c);
    size_t n = cal_format(&c, NULL, 0);
    if (n >= sizeof buf) return;
    cal_format(&c, buf, n + 1);
    if (!cal_parse(buf, n, &mem, &c2, &err)) { fprintf(stderr, "reparse [%s]: %s at %d\n", buf, err.message, err.position); abort(); }
    /* equal: the same bytes again */
    ENCODE_AGAIN(cal_encode, &c2);
}

static void
fuzz_text_scope(const char *s, size_t len)
{
    ParseError err; ScopeSpec sc, sc2; const char *msg;
    if (!scope_parse(s, len, &mem, &sc, &err)) { if (err.position < 0 || (size_t)err.position > len) abort(); return; }
    if (!scope_validate(&sc, &msg)) { fprintf(stderr, "validate: %s\n", msg); abort(); }
    size_t n = scope_format(&sc, NULL, 0); if (n >= sizeof buf) return;
    scope_format(&sc, buf, n + 1);
    if (!scope_parse(buf, n, &mem, &sc2, &err)) { fprintf(stderr, "reparse [%s]: %s\n", buf, err.message); abort(); }
    if (sc.flags != sc2.flags || sc.viewer != sc2.viewer || memcmp(sc.counts, sc2.counts, sizeof sc.counts) ||
        memcmp(sc.ids, sc2.ids, (size_t) scope_total(&sc) * sizeof(int64_t))) { fprintf(stderr, "[%s]\n", buf); abort(); }
    /* every listed id is found, and the next one up only if listed */
    for (int which = 0; which < SCOPE_LISTS; which++) {
        int32_t k; const int64_t *ids = scope_list(&sc, which, &k);
        for (int32_t i = 0; i < k; i++) {
            if (!scope_contains(ids, k, ids[i])) abort();
            if (ids[i] < INT64_MAX && scope_contains(ids, k, ids[i] + 1) != (i + 1 < k && ids[i + 1] == ids[i] + 1)) abort();
        }
    }
}

static void
fuzz_binary_scope(const unsigned char *data, size_t size)
{
    WireReader r = {data, size, false}; WireError e; ScopeSpec sc, sc2; ParseError err;
    if (!scope_decode(&r, &mem, &sc, &e)) { check_refusal(&r, &e, size); return; }
    size_t consumed = size - r.left;
    ENCODE_AGAIN(scope_encode, &sc);
    size_t n = scope_format(&sc, buf, sizeof buf);
    if (n >= sizeof buf || !scope_parse(buf, n, &mem, &sc2, &err)) { fprintf(stderr, "reparse [%s]\n", buf); abort(); }
    ENCODE_AGAIN(scope_encode, &sc2);
}

#ifndef TARGET
#error "build with -DTARGET=<name>; fuzz/run builds every target"
#endif
#define CONCAT2(a, b) a##b
#define CONCAT(a, b) CONCAT2(a, b)
#define IS_TEXT_text_workweek 1
#define IS_TEXT_text_shift 1
#define IS_TEXT_text_ladder 1
#define IS_TEXT_text_rulebook 1
#define IS_TEXT_text_sla 1
#define IS_TEXT_text_calendar 1
#define IS_TEXT_text_scope 1
#define IS_TEXT_binary_workweek 0
#define IS_TEXT_binary_shift 0
#define IS_TEXT_binary_ladder 0
#define IS_TEXT_binary_rulebook 0
#define IS_TEXT_binary_sla 0
#define IS_TEXT_binary_calendar 0
#define IS_TEXT_binary_scope 0

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
#if CONCAT(IS_TEXT_, TARGET)
    CONCAT(fuzz_, TARGET)((const char *) data, size);
#else
    CONCAT(fuzz_, TARGET)(data, size);
#endif
    arena_reset();
    return 0;
}
