/*
 * record_chunk.h - inside record.c: the records of one ceu_record_add_many
 * call, shown to SQL as the eponymous virtual table ceu_record_chunk, so
 * that one INSERT ... SELECT adds them all.  Not part of libceu's API.
 */
#ifndef CEU_RECORD_CHUNK_H
#define CEU_RECORD_CHUNK_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "record.h"

/*
 * The records of the current ceu_record_add_many call and what is derived
 * from them: each one's activity key, and which of them the INSERT is
 * offered (not a record whose activity an earlier one of the same call
 * holds).  Owned by the connection, freed when it closes, and reused: once
 * the arrays have grown to the size of a chunk a bulk load allocates
 * nothing per record.
 */
struct ceu_record_chunk {
	struct ceu_db *db;	/* whose key seals the rows */
	const struct ceu_record *r;
	size_t n;
	long long base;		/* the offered records are ids base + 1,
				   base + 2, ... in order (record.c) */
	size_t cap;		/* of key_at, first, offered; slot has 2 cap */
	size_t *key_at;		/* where record i's key starts in keys */
	size_t *first;		/* the record of the call holding i's key */
	unsigned char *offered;	/* first[i] == i: offered to the INSERT */
	uint32_t *slot;		/* open hash of (person, key): index + 1 */
	char *keys;
	size_t keys_len, keys_cap;
};

/* The connection's chunk, the module registered on first use; NULL with
 * db->msg when the module cannot be registered. */
struct ceu_record_chunk *ceu_record_chunk_get(struct ceu_db *db);

/* Show r[0..n) as the table's rows, each with the id it will have and its
 * seal (seal.h) made for that id: each one's activity key made, and
 * which are offered (R10 within the call: not a record whose activity an
 * earlier one of r holds; c->first[i] is the one that does). */
int ceu_record_chunk_load(struct ceu_db *db, struct ceu_record_chunk *c,
    const struct ceu_record *r, size_t n);

/* Record i's activity key. */
const char *ceu_record_chunk_key(const struct ceu_record_chunk *c,
    size_t i);

#endif
