/*
 * fuzz/parsers.c
 *		libFuzzer harness for the pure C cores: workweek, shift, ladder,
 *		business_calendar, rulebook and sla_target text. The first byte picks
 *		the parser.
 *		For every text a parser accepts it checks that validation agrees,
 *		that the canonical text parses back to the same value, runs the
 *		working-time arithmetic on a UTC clock, and judges a small month of
 *		punches, leave and incidents under each rulebook. Run with fuzz/run.
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

static void *ptrs[100000]; static int nptrs;
static void *m(size_t n) { void *p = malloc(n); ptrs[nptrs++] = p; return p; }
static void *g(void *p, size_t n) { void *q = realloc(p, n); for (int i = 0; i < nptrs; i++) if (ptrs[i] == p) ptrs[i] = q; return q; }
static void arena_reset(void) { for (int i = 0; i < nptrs; i++) free(ptrs[i]); nptrs = 0; }
static const CalAllocator mem = {m, g};
static bool ti(void *a, int32_t day, int minute, int64_t *out) { (void)a; if (day < -2451545 || day > 100000000) return false; *out = ((int64_t)day*86400 + (int64_t)minute*60)*1000000; return true; }
static bool ld(void *a, int64_t t, int32_t *day) { (void)a; int64_t q = t / 86400000000LL; if (t % 86400000000LL < 0) q--; *day = (int32_t)q; return true; }

static void check_line(void *a, const AttLine *l) { (void)a; if (strnlen(l->explanation, ATT_LINE_TEXT) == ATT_LINE_TEXT || strnlen(l->outcome, sizeof l->outcome) == sizeof l->outcome) abort(); }

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 1) return 0;
    int which = data[0] % 6; const char *s = (const char *)data + 1; size_t len = size - 1;
    ParseError err; char buf[65536], buf2[65536];
    if (which == 0) {
        WorkWeek w, w2; const char *msg;
        if (!ww_parse(s, len, &w, &err)) { if (err.position < 0 || (size_t)err.position > len || err.position + err.length > (int)len + 1) abort(); return 0; }
        if (!ww_validate(&w, &msg)) abort();
        size_t n = ww_format(&w, NULL, 0); if (n >= sizeof buf) return 0;
        ww_format(&w, buf, n + 1);
        if (!ww_parse(buf, n, &w2, &err)) abort();
        if (memcmp(&w, &w2, sizeof w)) abort();
    } else if (which == 1) {
        Shift sh, sh2; const char *msg;
        if (!shift_parse(s, len, &sh, &err)) { if (err.position < 0 || (size_t)err.position > len) abort(); return 0; }
        if (!shift_validate(&sh, &msg)) abort();
        size_t n = shift_format(&sh, NULL, 0); if (n >= sizeof buf) return 0;
        shift_format(&sh, buf, n + 1);
        if (!shift_parse(buf, n, &sh2, &err)) { fprintf(stderr, "reparse [%s]: %s\n", buf, err.message); abort(); }
        if (memcmp(&sh, &sh2, sizeof sh)) { fprintf(stderr, "[%s]\n", buf); abort(); }
    } else if (which == 3) {
        static LadderSpec l, l2; const char *msg;
        if (!ladder_parse(s, len, &l, &err)) { if (err.position < 0 || (size_t)err.position > len) abort(); return 0; }
        if (!ladder_validate(&l, &msg)) { fprintf(stderr, "validate: %s\n", msg); abort(); }
        size_t n = ladder_format(&l, NULL, 0); if (n >= sizeof buf) return 0;
        ladder_format(&l, buf, n + 1);
        if (!ladder_parse(buf, n, &l2, &err)) { fprintf(stderr, "reparse [%s]: %s\n", buf, err.message); abort(); }
        if (memcmp(&l, &l2, sizeof l)) { fprintf(stderr, "[%s]\n", buf); abort(); }
        if (!ladder_dominates(ladder_ref(&l), ladder_ref(&l), NULL)) { fprintf(stderr, "not at least itself [%s]\n", buf); abort(); }
        for (int64_t x = 0; x < 100 * LADDER_SCALE; x += LADDER_SCALE / 2) ladder_find(ladder_ref(&l), x);
    } else if (which == 4) {
        static RulebookSpec b, b2, merged; RulebookRef r, r2; const char *msg;
        static char packed[sizeof(RulebookSpec)], packed2[sizeof(RulebookSpec)];
        if (!rulebook_parse(s, len, &b, &err)) { if (err.position < 0 || (size_t)err.position > len) abort(); return 0; }
        if (!rulebook_validate(&b, &msg)) { fprintf(stderr, "validate: %s\n", msg); abort(); }
        size_t sz = rulebook_packed_size(&b); rulebook_pack(&b, packed);
        if (!rulebook_read(packed, sz, b.nentries, &r, &msg)) abort();
        size_t n = rulebook_format(&r, NULL, 0); if (n >= sizeof buf) return 0;
        rulebook_format(&r, buf, n + 1);
        if (!rulebook_parse(buf, n, &b2, &err)) { fprintf(stderr, "reparse [%s]: %s\n", buf, err.message); abort(); }
        size_t sz2 = rulebook_packed_size(&b2); rulebook_pack(&b2, packed2);
        if (sz != sz2 || memcmp(packed, packed2, sz)) { fprintf(stderr, "[%s]\n", buf); abort(); }
        if (!rulebook_read(packed2, sz2, b2.nentries, &r2, &msg)) abort();
        if (!rulebook_at_least(&r, &r2, buf2, sizeof buf2)) { fprintf(stderr, "not at least itself: %s\n", buf2); abort(); }
        if (rulebook_merge(&r, &r2, &merged, &msg) && !rulebook_validate(&merged, &msg)) { fprintf(stderr, "merge: %s\n", msg); abort(); }
        /* a month: five shifts of 8 hours, odd punches, leave, an exception, incidents of its kinds */
        static AttShift shifts[5]; static AttPunch punches[12]; AttLeave leave = {3, 3, (int)(len % 3)};
        AttException ex = {2, (len & 1) != 0, 2 * 86400000000LL + 8 * 3600000000LL + 1200000000LL};
        AttIncident inc[3]; AttPolicy pol = {&r, 0, 31, "fuzz v1"}; AttInput in; const char *e;
        for (int d = 0; d < 5; d++) { shifts[d].work_date = d; shifts[d].nwindows = 1; shifts[d].swapped = d == 3;
            shifts[d].windows[0][0] = d * 86400000000LL + 8 * 3600000000LL; shifts[d].windows[0][1] = shifts[d].windows[0][0] + 8 * 3600000000LL; }
        for (int k = 0; k < 12; k++) { punches[k].at = (k / 2) * 43200000000LL + 7 * 3600000000LL + (int64_t)(k < (int)len ? (unsigned char) s[k] : k) * 60000000LL; punches[k].in = (k % 2) == 0; }
        const char *counted = "none"; for (int q = 0; q < r.nentries; q++) if (r.entries[q]->counts == COUNTS_INCIDENT) counted = r.entries[q]->name;
        for (int k = 0; k < 3; k++) { const RuleEntry *ie = NULL; for (int q = 0; q < r.nentries; q++) if (r.entries[q]->type == RULE_INCIDENT) ie = r.entries[q];
            inc[k].work_date = k; inc[k].kind = k == 2 ? counted : ie ? ie->name : "none"; inc[k].has_measure = k != 1; inc[k].measure = (int64_t) k * 7 * LADDER_SCALE; inc[k].note = "x"; }
        AttIncident earlier[3] = {{-20, counted, false, 0, NULL}, {-300, counted, false, 0, NULL}, {-5000, counted, false, 0, NULL}};
        memset(&in, 0, sizeof in); in.month_first = 0; in.month_last = 30; in.as_of = 40 * 86400000000LL; in.punch_window = 3 * 3600000000LL;
        in.daily_wage = 240LL * LADDER_SCALE; in.monthly_wage = 5220LL * LADDER_SCALE; in.hired_on = -40; in.has_adjustment = len & 2; in.adjustment = 3LL * LADDER_SCALE;
        in.shifts = shifts; in.nshifts = 5; in.punches = punches; in.npunches = 12; in.leaves = &leave; in.nleaves = 1;
        in.exceptions = &ex; in.nexceptions = 1; in.incidents = inc; in.nincidents = 3; in.policies = &pol; in.npolicies = 1;
        in.earlier_incidents = earlier; in.nearlier = 3;
        att_evaluate(&in, check_line, NULL, &e);
    } else if (which == 5) {
        /* an SLA target, then its clock over events made of the text's bytes, on a weekday calendar in UTC */
        SlaTarget t, t2; const char *msg; SlaStatus st;
        if (!sla_parse(s, len, &t, &err)) { if (err.position < 0 || (size_t)err.position > len) abort(); return 0; }
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
    } else {
        CalendarSpec c, c2; const char *msg;
        if (!cal_parse(s, len, &mem, &c, &err)) { arena_reset(); if (err.position < 0 || (size_t)err.position > len) abort(); return 0; }
        if (!cal_validate(&c, &msg)) { fprintf(stderr, "validate: %s\n", msg); abort(); }
        size_t n = cal_format(&c, NULL, 0); if (n >= sizeof buf) return 0;
        cal_format(&c, buf, n + 1);
        if (!cal_parse(buf, n, &mem, &c2, &err)) { fprintf(stderr, "reparse [%s]: %s at %d\n", buf, err.message, err.position); abort(); }
        size_t n2 = cal_format(&c2, buf2, sizeof buf2);
        if (n2 != n || strcmp(buf, buf2)) abort();
        CalClock clock = {NULL, ti, ld}; int64_t r;
        for (int d = -3; d < 40; d++) cal_is_working_day(&c, 9400 + d * 17);
        cal_add_working_days(&c, &clock, 9400LL * 86400000000LL, (int32_t)(len % 20), &r);
        cal_working_time_between(&c, &clock, 9400LL * 86400000000LL, 9420LL * 86400000000LL, &r);
        cal_add_working_time(&c, &clock, 9400LL * 86400000000LL, (int64_t)(len % 50) * 3600000000LL, &r);
    }
    arena_reset();
    return 0;
}
