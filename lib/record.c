/*
 * record.c - adding hour records and changing their status.  See record.h.
 *
 * Every record is added by one statement, INSERT ... SELECT from the
 * eponymous virtual table ceu_record_chunk, which shows the array handed
 * to ceu_record_add_many as rows.  One statement for many records is what
 * makes a bulk load cheap (SQLite's cost per statement, not per row,
 * dominates a single-row INSERT); one statement for one record or many
 * keeps R10 in one place.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "journal.h"
#include "record.h"
#include "text.h"
#include "values.h"

void
ceu_record_key(const struct ceu_record *r, char *key, size_t size)
{
	char title[400], date[11];

	/* R10: a filed class is one activity whatever route brings it. */
	if (r->filing_no != NULL && *r->filing_no != '\0')
		snprintf(key, size, "filing:%s", r->filing_no);
	else if (strcmp(r->source, "exam") == 0)
		snprintf(key, size, "exam:%d:%s", r->year, r->ref);
	else if (strcmp(r->source, "integration") == 0)
		snprintf(key, size, "source:%s:%s",
		    r->source_name ? r->source_name : "", r->ref ? r->ref : "");
	else {
		ceu_fold_blanks(r->title, title, sizeof(title));
		snprintf(key, size, "self:%s|%s", title,
		    ceu_date_format(r->date, date));
	}
}

/* NULL and "" are the same absent value. */
static int
same_text(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

/* R10: whether a record of source, source_name, ref and hours is r loaded
 * again by the same route, rather than the activity brought by another. */
static int
same_route(const struct ceu_record *r, const char *source,
    const char *source_name, const char *ref, long long hours)
{
	return same_text(r->source, source) &&
	    same_text(r->source_name, source_name) &&
	    same_text(r->ref, ref) && r->hours == hours;
}

/* ---- the records of one call, as a virtual table ---- */

/* The columns of ceu_record_chunk, in the order of chunk_schema. */
enum {
	C_PERSON, C_YEAR, C_SUBJECT, C_CATEGORY, C_HOURS, C_TITLE, C_DATE,
	C_END_DATE, C_SOURCE, C_SOURCE_NAME, C_FILING, C_REF, C_KEY,
	C_STATUS, C_BATCH, C_EVIDENCE
};
static const char chunk_schema[] = "CREATE TABLE x(person_id, year, "
    "subject, category, hours, title, date, end_date, source, source_name, "
    "filing_no, ref, activity_key, status, batch, evidence)";

/*
 * The records of the current ceu_record_add_many call and what is derived
 * from them: each one's activity key, and which of them the INSERT is
 * offered (not a record whose activity an earlier one of the same call
 * holds).  Owned by the connection, freed when it closes, and reused: once
 * the arrays have grown to the size of a chunk a bulk load allocates
 * nothing per record.
 */
struct ceu_record_chunk {
	const struct ceu_record *r;
	size_t n;
	size_t cap;		/* of key_at, first, offered; slot has 2 cap */
	size_t *key_at;		/* where record i's key starts in keys */
	size_t *first;		/* the record of the call holding i's key */
	unsigned char *offered;	/* first[i] == i: offered to the INSERT */
	uint32_t *slot;		/* open hash of (person, key): index + 1 */
	char *keys;
	size_t keys_len, keys_cap;
};

struct chunk_vtab {
	sqlite3_vtab base;
	struct ceu_record_chunk *c;
};

struct chunk_cursor {
	sqlite3_vtab_cursor base;
	const struct ceu_record_chunk *c;
	size_t i;
};

static const char *
chunk_key(const struct ceu_record_chunk *c, size_t i)
{
	return c->r[i].key != NULL ? c->r[i].key : c->keys + c->key_at[i];
}

static int
chunk_connect(sqlite3 *sql, void *aux, int argc, const char *const *argv,
    sqlite3_vtab **vtab, char **err)
{
	struct chunk_vtab *v;
	int rc;

	(void)argc, (void)argv, (void)err;
	if ((rc = sqlite3_declare_vtab(sql, chunk_schema)) != SQLITE_OK)
		return rc;
	if ((v = sqlite3_malloc(sizeof(*v))) == NULL)
		return SQLITE_NOMEM;
	memset(v, 0, sizeof(*v));
	v->c = aux;
	*vtab = &v->base;
	return SQLITE_OK;
}

static int
chunk_disconnect(sqlite3_vtab *vtab)
{
	sqlite3_free(vtab);
	return SQLITE_OK;
}

/* A full scan is the one plan; the rowid is the record's index. */
static int
chunk_best_index(sqlite3_vtab *vtab, sqlite3_index_info *info)
{
	(void)vtab;
	info->estimatedCost = 4096;
	info->estimatedRows = 4096;
	return SQLITE_OK;
}

static int
chunk_open(sqlite3_vtab *vtab, sqlite3_vtab_cursor **cur)
{
	struct chunk_cursor *k;

	if ((k = sqlite3_malloc(sizeof(*k))) == NULL)
		return SQLITE_NOMEM;
	memset(k, 0, sizeof(*k));
	k->c = ((struct chunk_vtab *)vtab)->c;
	*cur = &k->base;
	return SQLITE_OK;
}

static int
chunk_close(sqlite3_vtab_cursor *cur)
{
	sqlite3_free(cur);
	return SQLITE_OK;
}

/* From record i on, the first that is offered. */
static void
chunk_seek(struct chunk_cursor *k, size_t i)
{
	while (i < k->c->n && !k->c->offered[i])
		i++;
	k->i = i;
}

static int
chunk_filter(sqlite3_vtab_cursor *cur, int plan, const char *planstr,
    int argc, sqlite3_value **argv)
{
	(void)plan, (void)planstr, (void)argc, (void)argv;
	chunk_seek((struct chunk_cursor *)cur, 0);
	return SQLITE_OK;
}

static int
chunk_next(sqlite3_vtab_cursor *cur)
{
	struct chunk_cursor *k = (struct chunk_cursor *)cur;

	chunk_seek(k, k->i + 1);
	return SQLITE_OK;
}

static int
chunk_eof(sqlite3_vtab_cursor *cur)
{
	struct chunk_cursor *k = (struct chunk_cursor *)cur;

	return k->i >= k->c->n;
}

static int
chunk_rowid(sqlite3_vtab_cursor *cur, sqlite3_int64 *rowid)
{
	*rowid = (sqlite3_int64)((struct chunk_cursor *)cur)->i;
	return SQLITE_OK;
}

/* Text, or NULL when s is NULL or empty (r's strings outlive the
 * statement). */
static void
text_or_null(sqlite3_context *cx, const char *s)
{
	if (s != NULL && *s != '\0')
		sqlite3_result_text(cx, s, -1, SQLITE_STATIC);
	else
		sqlite3_result_null(cx);
}

/* Column col of the record under the cursor, as the record table stores
 * it. */
static int
chunk_column(sqlite3_vtab_cursor *cur, sqlite3_context *cx, int col)
{
	const struct chunk_cursor *k = (const struct chunk_cursor *)cur;
	const struct ceu_record *r = &k->c->r[k->i];
	char date[11];

	switch (col) {
	case C_PERSON:
		sqlite3_result_int64(cx, r->person_id);
		break;
	case C_YEAR:
		sqlite3_result_int(cx, r->year);
		break;
	case C_SUBJECT:
		text_or_null(cx, ceu_subject_name(r->subject));
		break;
	case C_CATEGORY:
		text_or_null(cx, r->category >= 0 ?
		    ceu_category_name(r->category) : NULL);
		break;
	case C_HOURS:
		sqlite3_result_int64(cx, r->hours);
		break;
	case C_TITLE:
		sqlite3_result_text(cx, r->title, -1, SQLITE_STATIC);
		break;
	case C_DATE:
		sqlite3_result_text(cx, ceu_date_format(r->date, date), 10,
		    SQLITE_TRANSIENT);
		break;
	case C_END_DATE:
		if (r->end_date)
			sqlite3_result_text(cx, ceu_date_format(r->end_date,
			    date), 10, SQLITE_TRANSIENT);
		break;
	case C_SOURCE:
		sqlite3_result_text(cx, r->source, -1, SQLITE_STATIC);
		break;
	case C_SOURCE_NAME:
		text_or_null(cx, r->source_name);
		break;
	case C_FILING:
		text_or_null(cx, r->filing_no);
		break;
	case C_REF:
		text_or_null(cx, r->ref);
		break;
	case C_KEY:
		sqlite3_result_text(cx, chunk_key(k->c, k->i), -1,
		    SQLITE_STATIC);
		break;
	case C_STATUS:
		text_or_null(cx, ceu_status_name(r->status));
		break;
	case C_BATCH:
		if (r->batch)
			sqlite3_result_int64(cx, r->batch);
		break;
	case C_EVIDENCE:
		text_or_null(cx, r->evidence);
		break;
	}
	return SQLITE_OK;
}

static const sqlite3_module chunk_module = {
	.iVersion = 1,
	.xConnect = chunk_connect,	/* no xCreate: eponymous only */
	.xBestIndex = chunk_best_index,
	.xDisconnect = chunk_disconnect,
	.xOpen = chunk_open,
	.xClose = chunk_close,
	.xFilter = chunk_filter,
	.xNext = chunk_next,
	.xEof = chunk_eof,
	.xColumn = chunk_column,
	.xRowid = chunk_rowid,
};

static void
chunk_free(void *p)
{
	struct ceu_record_chunk *c = p;

	free(c->key_at);
	free(c->first);
	free(c->offered);
	free(c->slot);
	free(c->keys);
	free(c);
}

/* The connection's chunk, the module registered on first use. */
static struct ceu_record_chunk *
chunk_get(struct ceu_db *db)
{
	struct ceu_record_chunk *c;

	if (db->chunk != NULL)
		return db->chunk;
	if ((c = calloc(1, sizeof(*c))) == NULL) {
		ceu_db_fail(db, CEU_EIO, "out of memory");
		return NULL;
	}
	/* On failure too, SQLite calls chunk_free. */
	if (sqlite3_create_module_v2(db->sql, "ceu_record_chunk",
	    &chunk_module, c, chunk_free) != SQLITE_OK) {
		ceu_db_sqlfail(db, "ceu_record_chunk");
		return NULL;
	}
	return db->chunk = c;
}

/* Room for n records and keys bytes more; 0 or -1 out of memory. */
static int
chunk_reserve(struct ceu_record_chunk *c, size_t n, size_t keys)
{
	void *p;

	if (n > c->cap) {
		if ((p = realloc(c->key_at, n * sizeof(size_t))) == NULL)
			return -1;
		c->key_at = p;
		if ((p = realloc(c->first, n * sizeof(size_t))) == NULL)
			return -1;
		c->first = p;
		if ((p = realloc(c->offered, n)) == NULL)
			return -1;
		c->offered = p;
		if ((p = realloc(c->slot, 2 * n * sizeof(uint32_t))) == NULL)
			return -1;
		c->slot = p;
		c->cap = n;
	}
	if (c->keys_len + keys > c->keys_cap) {
		size_t cap = 2 * (c->keys_len + keys);

		if ((p = realloc(c->keys, cap)) == NULL)
			return -1;
		c->keys = p;
		c->keys_cap = cap;
	}
	return 0;
}

/* FNV-1a of the person and the key. */
static uint32_t
chunk_hash(long long person, const char *key)
{
	uint32_t h = 2166136261u;

	for (int i = 0; i < 8; i++, person >>= 8)
		h = (h ^ (uint32_t)(person & 0xff)) * 16777619u;
	for (; *key != '\0'; key++)
		h = (h ^ (unsigned char)*key) * 16777619u;
	return h;
}

/* R10 within the call: record i is offered unless an earlier record of
 * the same person has its key. */
static void
chunk_place(struct ceu_record_chunk *c, size_t i)
{
	size_t mask = 2 * c->cap - 1, at;
	const char *key = chunk_key(c, i);
	uint32_t j;

	at = chunk_hash(c->r[i].person_id, key) & mask;
	for (; (j = c->slot[at]) != 0; at = (at + 1) & mask) {
		if (c->r[j - 1].person_id == c->r[i].person_id &&
		    strcmp(chunk_key(c, j - 1), key) == 0) {
			c->first[i] = j - 1;
			c->offered[i] = 0;
			return;
		}
	}
	c->slot[at] = (uint32_t)(i + 1);
	c->first[i] = i;
	c->offered[i] = 1;
}

/* Load r[0..n) into the connection's chunk: keys, and who is offered. */
static int
chunk_load(struct ceu_db *db, struct ceu_record_chunk *c,
    const struct ceu_record *r, size_t n)
{
	char key[512];
	size_t cap = 16, len;

	while (cap < n)
		cap *= 2;
	c->r = r;
	c->n = 0;
	c->keys_len = 0;
	if (n > UINT32_MAX / 4 || chunk_reserve(c, cap, 0) != 0)
		return ceu_db_fail(db, CEU_EIO, "out of memory");
	memset(c->slot, 0, 2 * c->cap * sizeof(uint32_t));
	for (size_t i = 0; i < n; i++) {
		if (r[i].key != NULL) {
			chunk_place(c, i);
			continue;
		}
		ceu_record_key(&r[i], key, sizeof(key));
		len = strlen(key) + 1;
		if (chunk_reserve(c, cap, len) != 0)
			return ceu_db_fail(db, CEU_EIO, "out of memory");
		memcpy(c->keys + c->keys_len, key, len);
		c->key_at[i] = c->keys_len;
		c->keys_len += len;
		chunk_place(c, i);
	}
	c->n = n;
	return CEU_OK;
}

/* ---- adding ---- */

int
ceu_record_last_id(struct ceu_db *db, long long *id)
{
	static const char sql[] = "SELECT coalesce(max(id), 0) FROM record";
	sqlite3_stmt *st = ceu_db_stmt(db, sql);
	int rc;

	if (st == NULL)
		return db->code;
	rc = sqlite3_step(st);
	*id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? CEU_OK : ceu_db_sqlfail(db, "record");
}

/* Insert the offered records; *added says how many were. */
static int
chunk_insert(struct ceu_db *db, long *added)
{
	/* R10: the partial unique index record_activity refuses a second
	 * pending/approved record of one activity; DO NOTHING lets us say
	 * which record holds it.  (WHERE 1 tells ON CONFLICT from a join's
	 * ON.) */
	static const char sql[] = "INSERT INTO record(person_id, year, "
	    "subject, category, hours, title, date, end_date, source, "
	    "source_name, filing_no, ref, activity_key, status, batch, "
	    "evidence) SELECT person_id, year, subject, category, hours, "
	    "title, date, end_date, source, source_name, filing_no, ref, "
	    "activity_key, status, batch, evidence FROM ceu_record_chunk "
	    "WHERE 1 "
	    "ON CONFLICT (person_id, activity_key) WHERE status IN "
	    "('pending', 'approved') DO NOTHING";
	sqlite3_stmt *st = ceu_db_stmt(db, sql);
	int rc;

	if (st == NULL)
		return db->code;
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return ceu_db_sqlfail(db, "cannot add record");
	*added = (long)sqlite3_changes(db->sql);
	return CEU_OK;
}

/*
 * After the INSERT, the record holding each offered record's activity:
 * one newer than last was added by this call, so it is the offered record
 * itself (two offered records never share a key); an older one held the
 * activity before.
 */
static int
chunk_holders(struct ceu_db *db, const struct ceu_record_chunk *c,
    long long last, struct ceu_record_result *res)
{
	static const char sql[] = "SELECT c.rowid, r.id, r.source, "
	    "r.source_name, r.ref, r.hours FROM ceu_record_chunk AS c "
	    "CROSS JOIN record AS r ON r.person_id = c.person_id AND "
	    "r.activity_key = c.activity_key AND r.status IN ('pending', "
	    "'approved')";
	sqlite3_stmt *st = ceu_db_stmt(db, sql);
	long long id;
	size_t i;
	int rc;

	if (st == NULL)
		return db->code;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		i = (size_t)sqlite3_column_int64(st, 0);
		if ((id = sqlite3_column_int64(st, 1)) > last)
			continue;
		res[i].added = 0;
		res[i].holder = id;
		res[i].same = same_route(&c->r[i], ceu_col_text(st, 2),
		    ceu_col_text(st, 3), ceu_col_text(st, 4),
		    sqlite3_column_int64(st, 5));
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? CEU_OK : ceu_db_sqlfail(db, "record");
}

int
ceu_record_add_many(struct ceu_db *db, const struct ceu_record *r,
    size_t n, struct ceu_record_result *res)
{
	struct ceu_record_chunk *c;
	long long last = 0;
	long added = 0, offered = 0;
	size_t i;
	int rc;

	if (n == 0)
		return CEU_OK;
	if ((c = chunk_get(db)) == NULL)
		return db->code;
	if ((rc = chunk_load(db, c, r, n)) != CEU_OK)
		goto out;
	for (i = 0; i < n; i++) {
		offered += c->offered[i];
		res[i] = (struct ceu_record_result){ c->offered[i], 0, 0,
		    c->first[i] };
		/* R10: one activity twice in the call: the first holds it. */
		if (!c->offered[i])
			res[i].same = same_route(&r[i], r[c->first[i]].source,
			    r[c->first[i]].source_name, r[c->first[i]].ref,
			    r[c->first[i]].hours);
	}
	if ((rc = ceu_record_last_id(db, &last)) != CEU_OK ||
	    (rc = chunk_insert(db, &added)) != CEU_OK)
		goto out;
	if (added < offered)
		rc = chunk_holders(db, c, last, res);
out:
	c->r = NULL;
	c->n = 0;
	return rc;
}

/* The pending or approved record holding key for the person. */
static int
find_activity(struct ceu_db *db, long long person_id, const char *key,
    long long *id)
{
	static const char sql[] = "SELECT id FROM record WHERE person_id = ?1 "
	    "AND activity_key = ?2 AND status IN ('pending', 'approved')";
	sqlite3_stmt *st = ceu_db_stmt(db, sql);
	int rc;

	if (st == NULL)
		return db->code;
	sqlite3_bind_int64(st, 1, person_id);
	sqlite3_bind_text(st, 2, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	*id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? CEU_OK :
	    ceu_db_sqlfail(db, "record");
}

int
ceu_record_holder(struct ceu_db *db, const struct ceu_record *r,
    long long *id)
{
	char key[512];

	ceu_record_key(r, key, sizeof(key));
	return find_activity(db, r->person_id, key, id);
}

int
ceu_record_refuse(struct ceu_db *db, long long id)
{
	char where[256];

	ceu_record_describe(db, id, where, sizeof(where));
	/* R10: the same activity is never counted twice. */
	return ceu_db_fail(db, CEU_EREFUSED, "the same activity is already "
	    "on the archive as %s (R10)", where);
}

/* The JSON state of a record, for the journal (sqlite3_free it). */
static char *
record_json(struct ceu_db *db, long long id)
{
	static const char sql[] = "SELECT json_object('person_id', person_id, "
	    "'year', year, 'subject', subject, 'category', category, "
	    "'hours', hours, 'title', title, 'date', date, 'end_date', "
	    "end_date, 'source', source, 'source_name', source_name, "
	    "'filing_no', filing_no, 'ref', ref, 'status', status, 'batch', "
	    "batch, 'evidence', evidence, 'late', late) FROM record "
	    "WHERE id = ?1";
	sqlite3_stmt *st = ceu_db_stmt(db, sql);
	char *json = NULL;

	if (st == NULL)
		return NULL;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW)
		json = sqlite3_mprintf("%s", ceu_col_text(st, 0));
	sqlite3_reset(st);
	return json;
}

int
ceu_record_add(struct ceu_db *db, const struct ceu_record *r, int journal,
    long long *id)
{
	struct ceu_record_result res;
	char idbuf[24];
	char *json;
	int rc;

	if ((rc = ceu_record_add_many(db, r, 1, &res)) != CEU_OK)
		return rc;
	if (!res.added) {
		*id = res.holder;
		return ceu_record_refuse(db, res.holder);
	}
	*id = sqlite3_last_insert_rowid(db->sql);
	if (!journal)
		return CEU_OK;
	snprintf(idbuf, sizeof(idbuf), "%lld", *id);
	json = record_json(db, *id);
	rc = ceu_journal_append(db, "add", "record", idbuf, NULL, json, NULL);
	sqlite3_free(json);
	return rc;
}

int
ceu_record_describe(struct ceu_db *db, long long id, char *buf, size_t size)
{
	static const char sql[] = "SELECT source, coalesce(filing_no, "
	    "source_name, ''), batch, status FROM record WHERE id = ?1";
	sqlite3_stmt *st = ceu_db_stmt(db, sql);
	char batch[32] = "";

	snprintf(buf, size, "record %lld", id);
	if (st == NULL)
		return db->code;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		const char *via = ceu_col_text(st, 1);

		if (sqlite3_column_type(st, 2) != SQLITE_NULL)
			snprintf(batch, sizeof(batch), ", batch %lld",
			    (long long)sqlite3_column_int64(st, 2));
		snprintf(buf, size, "record %lld (%s%s%s%s, %s)", id,
		    ceu_col_text(st, 0), *via ? " " : "", via, batch,
		    ceu_col_text(st, 3));
	}
	sqlite3_reset(st);
	return CEU_OK;
}

int
ceu_record_set_status(struct ceu_db *db, long long id, int status,
    const char *reason, int late)
{
	static const char sql[] = "UPDATE record SET status = ?2, late = "
	    "max(late, ?3) WHERE id = ?1";
	char *before, *after, idbuf[24];
	sqlite3_stmt *st;
	int rc;

	if ((before = record_json(db, id)) == NULL)
		return ceu_db_fail(db, CEU_EREFUSED, "no record %lld", id);
	if ((st = ceu_db_stmt(db, sql)) == NULL) {
		sqlite3_free(before);
		return db->code;
	}
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, ceu_status_name(status), -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, late != 0);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		sqlite3_free(before);
		return ceu_db_sqlfail(db, "cannot change record");
	}
	after = record_json(db, id);
	snprintf(idbuf, sizeof(idbuf), "%lld", id);
	rc = ceu_journal_append(db, ceu_status_name(status), "record", idbuf,
	    before, after, reason);
	sqlite3_free(before);
	sqlite3_free(after);
	return rc;
}
