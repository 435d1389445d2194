/*
 * text_core.h
 *		What the text parsers of cs_policy share (workweek, business_calendar,
 *		shift): where an error is, and the clock times HH:MM they all read
 *		and write. Plain C, nothing from PostgreSQL.
 */
#ifndef CS_POLICY_TEXT_CORE_H
#define CS_POLICY_TEXT_CORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What went wrong in a text, and where; messages are static strings. */
typedef enum ParseErrorKind
{
	PARSE_SYNTAX,				/* SQLSTATE 22P02 */
	PARSE_DATETIME,				/* SQLSTATE 22007: a time or date that
								 * cannot be */
	PARSE_VALUE,				/* well formed but inconsistent (22P02) */
	PARSE_LIMIT					/* past a documented size limit (54000) */
} ParseErrorKind;

typedef struct ParseError
{
	ParseErrorKind kind;
	int			position;		/* byte offset of the bad part */
	int			length;			/* its length in bytes (at least 1 if any
								 * text is left) */
	const char *message;		/* e.g. "unknown day" */
} ParseError;

/* Memory for parsers that build lists: palloc in the server, malloc in a fuzzer. */
typedef struct CoreAllocator
{
	void	   *(*alloc) (size_t size);
	void	   *(*grow) (void *ptr, size_t size);
} CoreAllocator;

/* Fills err and returns false, so that parsers can "return text_fail(...)". */
extern bool text_fail(ParseError *err, ParseErrorKind kind, size_t position, size_t length,
					  const char *message);

extern bool text_is_space(char c);
extern bool text_is_digit(char c);
extern void text_skip_spaces(const char *s, size_t len, size_t *pos);

/* Reads H:MM or HH:MM, 00:00 to 24:00, into minutes after midnight. */
extern bool text_parse_clock(const char *s, size_t len, size_t *pos, int *minutes, ParseError *err);

/*
 * A bounded writer for the output functions: writes what fits in buf and
 * counts all of it in at, so the caller sizes the buffer with a first pass
 * (buflen 0) and writes with a second.
 */
typedef struct TextOut
{
	char	   *buf;
	size_t		buflen;
	size_t		at;
} TextOut;

extern void text_put_n(TextOut *o, const char *text, size_t n);
extern void text_put(TextOut *o, const char *text);

/* Writes minutes (0 to 1440) as HH:MM at buf[at]; returns at + 5. */
extern size_t text_append_clock(char *buf, size_t buflen, size_t at, int minutes);

#endif
