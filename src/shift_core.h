/*
 * shift_core.h
 *		Shift times as plain C: parse, validate, format, compare.
 *
 * A shift is one or more windows of local time after the midnight that
 * starts its work date; windows may run past midnight into the next day
 * (SH-1: 20:00-08:00), there may be a break between them (08:30-12:00,
 * 13:00-17:00), and the whole shift spans at most 24 hours. Nothing here
 * calls PostgreSQL; src/shift.c is the SQL shell.
 */
#ifndef CS_POLICY_SHIFT_CORE_H
#define CS_POLICY_SHIFT_CORE_H

#include "text_core.h"
#include "wire_core.h"

#define SHIFT_MAX_WINDOWS	8

/* Minutes [start, end) after midnight of the work date; end may pass 1440. */
typedef struct ShiftWindow
{
	int16_t		start;			/* 0 .. 2879 */
	int16_t		end;			/* start + 1 .. first start + 1440 */
} ShiftWindow;

/* Fixed size and zero-filled, so that equal shifts are equal byte for byte. */
typedef struct Shift
{
	int16_t		nwindows;		/* 1 .. SHIFT_MAX_WINDOWS */
	int16_t		reserved;		/* zero */
	ShiftWindow windows[SHIFT_MAX_WINDOWS]; /* in time order, disjoint, not
											 * touching */
} Shift;

extern bool shift_parse(const char *text, size_t len, Shift *out, ParseError *err);
extern bool shift_validate(const Shift *shift, const char **message);
extern size_t shift_format(const Shift *shift, char *buf, size_t buflen);
extern int	shift_compare(const Shift *a, const Shift *b);
extern int32_t shift_minutes(const Shift *shift);

/* Binary form: the number of windows, then each window's two minutes. */
extern void shift_encode(WireOut *o, const Shift *shift);
extern bool shift_decode(WireReader *r, Shift *out, WireError *err);

#endif
