/*
 * text_core.c
 *		Error positions and clock times for the text parsers (text_core.h).
 */
#include "text_core.h"

#include <string.h>

bool
text_fail(ParseError *err, ParseErrorKind kind, size_t position, size_t length, const char *message)
{
	err->kind = kind;
	err->position = (int) position;
	err->length = (int) length;
	err->message = message;
	return false;
}

void
text_put_n(TextOut *o, const char *text, size_t n)
{
	if (o->at < o->buflen)
		memcpy(o->buf + o->at, text, (o->at + n < o->buflen) ? n : o->buflen - o->at);
	o->at += n;
}

void
text_put(TextOut *o, const char *text)
{
	text_put_n(o, text, strlen(text));
}

bool
text_is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

bool
text_is_digit(char c)
{
	return c >= '0' && c <= '9';
}

void
text_skip_spaces(const char *s, size_t len, size_t *pos)
{
	while (*pos < len && text_is_space(s[*pos]))
		(*pos)++;
}

bool
text_parse_clock(const char *s, size_t len, size_t *pos, int *minutes, ParseError *err)
{
	size_t		start = *pos;
	int			hour = 0;
	int			minute;
	int			digits = 0;

	while (*pos < len && text_is_digit(s[*pos]) && digits < 3)
	{
		hour = hour * 10 + (s[*pos] - '0');
		(*pos)++;
		digits++;
	}
	if (digits == 0 || digits > 2)
		return text_fail(err, PARSE_SYNTAX, start, digits ? (size_t) digits : 1,
						 digits ? "an hour has one or two digits" : "expected a time HH:MM");
	if (*pos >= len || s[*pos] != ':')
		return text_fail(err, PARSE_SYNTAX, start, *pos - start + (*pos < len), "expected a time HH:MM");
	(*pos)++;
	if (*pos + 2 > len || !text_is_digit(s[*pos]) || !text_is_digit(s[*pos + 1]) ||
		(*pos + 2 < len && text_is_digit(s[*pos + 2])))
		return text_fail(err, PARSE_SYNTAX, start, *pos - start + 1, "minutes are written with two digits");
	minute = (s[*pos] - '0') * 10 + (s[*pos + 1] - '0');
	*pos += 2;
	if (minute > 59)
		return text_fail(err, PARSE_DATETIME, start, *pos - start, "minutes run from 00 to 59");
	if (hour > 24 || (hour == 24 && minute > 0))
		return text_fail(err, PARSE_DATETIME, start, *pos - start, "a time is past the end of the day (24:00)");
	*minutes = hour * 60 + minute;
	return true;
}

size_t
text_append_clock(char *buf, size_t buflen, size_t at, int minutes)
{
	char		t[5];

	t[0] = (char) ('0' + minutes / 600);
	t[1] = (char) ('0' + (minutes / 60) % 10);
	t[2] = ':';
	t[3] = (char) ('0' + (minutes % 60) / 10);
	t[4] = (char) ('0' + minutes % 10);
	for (int i = 0; i < 5; i++, at++)
		if (at < buflen)
			buf[at] = t[i];
	return at;
}
