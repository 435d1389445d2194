/*
 * access_core.c
 *		The access_scope value as plain C; see access_core.h.
 */
#include "access_core.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const scope_list_names[SCOPE_LISTS] = {"personal", "team", "departments"};

bool
scope_contains(const int64_t *ids, int32_t n, int64_t id)
{
	int32_t		lo = 0,
				hi = n - 1;

	while (lo <= hi)
	{
		int32_t		mid = lo + (hi - lo) / 2;

		if (ids[mid] == id)
			return true;
		if (ids[mid] < id)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return false;
}

static int
compare_ids(const void *a, const void *b)
{
	int64_t		x = *(const int64_t *) a,
				y = *(const int64_t *) b;

	return x < y ? -1 : x > y ? 1 : 0;
}

void
scope_normalize(ScopeSpec *s)
{
	int64_t    *from = s->ids;
	int64_t    *to = s->ids;

	for (int which = 0; which < SCOPE_LISTS; which++)
	{
		int32_t		n = s->counts[which];
		int32_t		kept = 0;

		qsort(from, (size_t) n, sizeof(int64_t), compare_ids);
		for (int32_t i = 0; i < n; i++)
			if (kept == 0 || to[kept - 1] != from[i])
				to[kept++] = from[i];
		from += n;
		to += kept;
		s->counts[which] = kept;
	}
}

bool
scope_validate(const ScopeSpec *s, const char **message)
{
	if ((s->flags & ~SCOPE_FLAGS) != 0)
		return (*message = "unknown flags", false);
	if (s->viewer < 0)
		return (*message = "the viewer is negative", false);
	for (int which = 0; which < SCOPE_LISTS; which++)
		if (s->counts[which] < 0 || s->counts[which] > SCOPE_MAX_IDS)
			return (*message = "a list's count is out of range", false);
	if (scope_total(s) > SCOPE_MAX_IDS)
		return (*message = "the lists hold more than 4194304 ids", false);
	for (int which = 0; which < SCOPE_LISTS; which++)
	{
		int32_t		n;
		const int64_t *ids = scope_list(s, which, &n);

		for (int32_t i = 0; i < n; i++)
		{
			if (ids[i] < 0)
				return (*message = "an id is negative", false);
			if (i > 0 && ids[i - 1] >= ids[i])
				return (*message = "the ids of a list are not in ascending order", false);
		}
	}
	return true;
}

/* A word at s[pos] that ends at a space or the end. */
static bool
word_at(const char *s, size_t len, size_t pos, const char *word)
{
	size_t		n = strlen(word);

	return pos + n <= len && memcmp(s + pos, word, n) == 0 && (pos + n == len || s[pos + n] == ' ');
}

/* digits at s[*pos] as a non-negative id */
static bool
parse_id(const char *s, size_t len, size_t *pos, int64_t *id, ParseError *err)
{
	size_t		start = *pos;
	int64_t		v = 0;

	if (*pos >= len || !text_is_digit(s[*pos]))
		return text_fail(err, PARSE_SYNTAX, *pos, 1, "an id is a number of digits");
	while (*pos < len && text_is_digit(s[*pos]))
	{
		int			digit = s[*pos] - '0';

		if (v > (INT64_MAX - digit) / 10)
			return text_fail(err, PARSE_VALUE, start, *pos - start + 1, "an id is out of range");
		v = v * 10 + digit;
		(*pos)++;
	}
	*id = v;
	return true;
}

bool
scope_parse(const char *text, size_t len, const CoreAllocator *mem, ScopeSpec *out, ParseError *err)
{
	bool		seen[SCOPE_LISTS] = {false};
	int64_t    *lists[SCOPE_LISTS];
	int32_t		room[SCOPE_LISTS];
	size_t		pos = 0;

	memset(out, 0, sizeof(ScopeSpec));
	for (int i = 0; i < SCOPE_LISTS; i++)
	{
		room[i] = 8;
		lists[i] = mem->alloc((size_t) room[i] * sizeof(int64_t));
	}
	for (;;)
	{
		int			which = -1;

		while (pos < len && text[pos] == ' ')
			pos++;
		if (pos >= len)
			break;
		if (len - pos >= 7 && memcmp(text + pos, "viewer=", 7) == 0)
		{
			pos += 7;
			if (!parse_id(text, len, &pos, &out->viewer, err))
				return false;
		}
		else if (word_at(text, len, pos, "all"))
			out->flags |= SCOPE_ALL, pos += 3;
		else if (word_at(text, len, pos, "pay"))
			out->flags |= SCOPE_PAY, pos += 3;
		else if (word_at(text, len, pos, "audit"))
			out->flags |= SCOPE_AUDIT, pos += 5;
		else
		{
			for (int i = 0; i < SCOPE_LISTS; i++)
			{
				size_t		n = strlen(scope_list_names[i]);

				if (len - pos >= n + 2 && memcmp(text + pos, scope_list_names[i], n) == 0 &&
					text[pos + n] == '=' && text[pos + n + 1] == '{')
				{
					which = i;
					break;
				}
			}
			if (which < 0)
				return text_fail(err, PARSE_SYNTAX, pos, 1,
								 "expected viewer=, all, pay, audit, personal=, team= or departments=");
			if (seen[which])
				return text_fail(err, PARSE_SYNTAX, pos, strlen(scope_list_names[which]), "a list is given twice");
			seen[which] = true;
			pos += strlen(scope_list_names[which]) + 2;
			while (pos >= len || text[pos] != '}')
			{
				int64_t		id;

				if (scope_total(out) >= SCOPE_MAX_IDS)
					return text_fail(err, PARSE_LIMIT, pos, 1, "the lists hold at most 4194304 ids");
				if (!parse_id(text, len, &pos, &id, err))
					return false;
				if (out->counts[which] == room[which])
				{
					room[which] *= 2;
					lists[which] = mem->grow(lists[which], (size_t) room[which] * sizeof(int64_t));
				}
				lists[which][out->counts[which]++] = id;
				if (pos < len && text[pos] == ',')
					pos++;
				else if (pos >= len || text[pos] != '}')
					return text_fail(err, PARSE_SYNTAX, pos, 1, "ids are separated by commas and the list ends with }");
			}
			pos++;
		}
		if (pos < len && text[pos] != ' ')
			return text_fail(err, PARSE_SYNTAX, pos, 1, "parts are separated by spaces");
	}
	/* the lists back to back, sorted, without duplicates */
	out->ids = mem->alloc((size_t) (scope_total(out) + 1) * sizeof(int64_t));
	{
		int64_t    *at = out->ids;

		for (int i = 0; i < SCOPE_LISTS; i++)
		{
			memcpy(at, lists[i], (size_t) out->counts[i] * sizeof(int64_t));
			at += out->counts[i];
		}
	}
	scope_normalize(out);
	return true;
}

size_t
scope_format(const ScopeSpec *s, char *buf, size_t buflen)
{
	TextOut		o = {buf, buflen, 0};
	char		number[24];

	snprintf(number, sizeof(number), "%lld", (long long) s->viewer);
	text_put(&o, "viewer=");
	text_put(&o, number);
	if (s->flags & SCOPE_ALL)
		text_put(&o, " all");
	if (s->flags & SCOPE_PAY)
		text_put(&o, " pay");
	if (s->flags & SCOPE_AUDIT)
		text_put(&o, " audit");
	for (int which = 0; which < SCOPE_LISTS; which++)
	{
		int32_t		n;
		const int64_t *ids = scope_list(s, which, &n);

		if (n == 0)
			continue;
		text_put(&o, " ");
		text_put(&o, scope_list_names[which]);
		text_put(&o, "={");
		for (int32_t i = 0; i < n; i++)
		{
			snprintf(number, sizeof(number), "%s%lld", i ? "," : "", (long long) ids[i]);
			text_put(&o, number);
		}
		text_put(&o, "}");
	}
	if (buflen > 0)
		buf[o.at < buflen ? o.at : buflen - 1] = '\0';
	return o.at;
}

void
scope_encode(WireOut *o, const ScopeSpec *s)
{
	int64_t		total = scope_total(s);

	wire_put_int32(o, s->flags);
	wire_put_int64(o, s->viewer);
	for (int i = 0; i < SCOPE_LISTS; i++)
		wire_put_int32(o, s->counts[i]);
	for (int64_t i = 0; i < total; i++)
		wire_put_int64(o, s->ids[i]);
}

/* Reads a scope and runs the text input's checks on it. */
bool
scope_decode(WireReader *r, const CoreAllocator *mem, ScopeSpec *out, WireError *err)
{
	int64_t		total = 0;
	const char *problem;

	memset(out, 0, sizeof(ScopeSpec));
	out->flags = wire_get_int32(r);
	out->viewer = wire_get_int64(r);
	for (int i = 0; i < SCOPE_LISTS; i++)
	{
		out->counts[i] = wire_get_int32(r);
		if (!wire_check_end(r, "access_scope", err))
			return false;
		if (out->counts[i] < 0 || out->counts[i] > SCOPE_MAX_IDS)
			return wire_fail(err, WIRE_INVALID, "A list claims %d ids; at most %d fit.",
							 (int) out->counts[i], SCOPE_MAX_IDS);
		total += out->counts[i];
	}
	if (total > SCOPE_MAX_IDS)
		return wire_fail(err, WIRE_INVALID, "The lists claim %lld ids; at most %d fit.",
						 (long long) total, SCOPE_MAX_IDS);
	if ((uint64_t) total * 8 > r->left)
		return wire_fail(err, WIRE_SHORT, "The message holds fewer ids than its lists claim.");
	out->ids = mem->alloc((size_t) (total + 1) * sizeof(int64_t));
	for (int64_t i = 0; i < total; i++)
		out->ids[i] = wire_get_int64(r);
	if (!wire_check_end(r, "access_scope", err))
		return false;
	if (!scope_validate(out, &problem))
		return wire_fail(err, WIRE_INVALID, "The value is not a valid access_scope: %s.", problem);
	return true;
}
