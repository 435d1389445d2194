/*
 * wire.h
 *		The server's side of the binary forms: hands a receive function's
 *		message to a core decoder and turns its refusal into an ereport, and
 *		sizes and fills a send function's bytea from a core encoder. The
 *		formats themselves are in the cores (wire_core.h).
 */
#ifndef CS_POLICY_WIRE_H
#define CS_POLICY_WIRE_H

#include "postgres.h"

#include "lib/stringinfo.h"

#include "wire_core.h"

/* The unread rest of a receive function's message. */
static inline WireReader
cs_wire_reader(StringInfo buf)
{
	WireReader	r = {(const unsigned char *) buf->data + buf->cursor,
	(size_t) (buf->len - buf->cursor), false};

	return r;
}

/*
 * After a decoder: consumes what it read, or reports why it refused: a
 * message that ends early is a protocol violation (as PostgreSQL's own
 * pq_getmsg* say), anything else an invalid binary representation.
 */
static inline void
cs_wire_finish(StringInfo buf, const WireReader *r, bool decoded, const WireError *err,
			   const char *type_name)
{
	if (!decoded)
		ereport(ERROR,
				(errcode(err->kind == WIRE_SHORT ? ERRCODE_PROTOCOL_VIOLATION
						 : ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid binary %s", type_name),
				 errdetail("%s", err->detail),
				 errhint("Send the bytes that %s_send writes, or the text form.", type_name)));
	buf->cursor = buf->len - (int) r->left;
}

/* A send function's result: encode once to size, once to write. */
#define CS_WIRE_SEND(encode, value) \
	do { \
		WireOut		size_ = {NULL, 0, 0}; \
		WireOut		out_; \
		bytea	   *result_; \
		encode(&size_, (value)); \
		result_ = (bytea *) palloc(VARHDRSZ + size_.at); \
		SET_VARSIZE(result_, VARHDRSZ + size_.at); \
		out_.buf = (unsigned char *) VARDATA(result_); \
		out_.buflen = size_.at; \
		out_.at = 0; \
		encode(&out_, (value)); \
		PG_RETURN_BYTEA_P(result_); \
	} while (0)

#endif
