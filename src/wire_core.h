/*
 * wire_core.h
 *		The binary forms of cs_policy's types (what *_send writes and *_recv
 *		reads), as plain C: big-endian integers and NUL-ended strings, read
 *		with bounds checks and written by a counting writer. Each type's
 *		core has its own *_encode and *_decode built on these; the server's
 *		send and receive functions only hand the bytes over, and the fuzz
 *		harness feeds the same decoders. Nothing from PostgreSQL.
 */
#ifndef CS_POLICY_WIRE_CORE_H
#define CS_POLICY_WIRE_CORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Why a binary value was refused. */
typedef enum WireErrorKind
{
	WIRE_SHORT,					/* the message ends early (SQLSTATE 08P01) */
	WIRE_INVALID				/* well read but not a valid value (22P03) */
} WireErrorKind;

typedef struct WireError
{
	WireErrorKind kind;
	char		detail[200];	/* a sentence for errdetail */
} WireError;

/* Fills err and returns false, so that decoders can "return wire_fail(...)". */
extern bool wire_fail(WireError *err, WireErrorKind kind, const char *format,...)
			__attribute__((format(printf, 3, 4)));

/*
 * Reads from at[0 .. left). A read past the end yields 0 (or "") and sets
 * ended_early, so decoders read a whole record and check once.
 */
typedef struct WireReader
{
	const unsigned char *at;
	size_t		left;
	bool		ended_early;
} WireReader;

extern uint8_t wire_get_byte(WireReader *r);
extern int16_t wire_get_int16(WireReader *r);
extern int32_t wire_get_int32(WireReader *r);
extern int64_t wire_get_int64(WireReader *r);
/* A NUL-ended string of at most max bytes (without the NUL); NULL if longer. */
extern const char *wire_get_string(WireReader *r, size_t max);

/*
 * A count of items of at least min_bytes each that must still fit in the
 * message and be at most max: checked before anything is allocated for
 * them. -1 (with err filled) when not.
 */
extern int32_t wire_get_count(WireReader *r, size_t min_bytes_each, int32_t max, const char *what,
							  WireError *err);

/* Fails with "the message ends early" when a read passed the end. */
extern bool wire_check_end(const WireReader *r, const char *what, WireError *err);

/*
 * Writes what fits in buf[0 .. buflen) and counts all of it in at, so the
 * caller sizes the value with a first pass (buflen 0) and writes with a
 * second, like the text writers.
 */
typedef struct WireOut
{
	unsigned char *buf;
	size_t		buflen;
	size_t		at;
} WireOut;

extern void wire_put_byte(WireOut *o, uint8_t v);
extern void wire_put_int16(WireOut *o, int16_t v);
extern void wire_put_int32(WireOut *o, int32_t v);
extern void wire_put_int64(WireOut *o, int64_t v);
extern void wire_put_string(WireOut *o, const char *s);

#endif
