/*
 * person.c - units and persons on the register (R1).  See person.h.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "ident.h"
#include "journal.h"
#include "person.h"
#include "seal.h"

int
ceu_unit_find(struct ceu_db *db, const char *code, int *found,
    struct ceu_unit *out)
{
	static const char sql[] = "SELECT code, name, city_code, industry "
	    "FROM unit WHERE code = ?1";
	sqlite3_stmt *st = ceu_db_stmt(db, sql);
	int rc;

	if (st == NULL)
		return db->code;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	*found = rc == SQLITE_ROW;
	if (*found && out != NULL) {
		out->code = ceu_col_text(st, 0);
		out->name = ceu_col_text(st, 1);
		out->city_code = ceu_col_text(st, 2);
		out->industry = ceu_col_text(st, 3);
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return ceu_db_sqlfail(db, "unit");
	return CEU_OK;
}

/* The JSON of one row, by a static query taking ?1 (sqlite3_free it). */
static char *
row_json(struct ceu_db *db, const char *sql, const char *key)
{
	sqlite3_stmt *st = ceu_db_stmt(db, sql);

	if (st == NULL)
		return NULL;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	return ceu_db_row_text(st);
}

static const char unit_json_sql[] = "SELECT json_object('name', name, "
    "'city_code', city_code, 'industry', industry) FROM unit "
    "WHERE code = ?1";
static const char person_json_sql[] = "SELECT json_object('name', name, "
    "'unit_code', unit_code, 'specialty', specialty, 'title', title) "
    "FROM person WHERE id_no = ?1";

/* Journal an upsert of entity key, given the before state. */
static int
journal_upsert(struct ceu_db *db, const char *json_sql, const char *entity,
    const char *key, char *before, int what)
{
	char *after = row_json(db, json_sql, key);
	int rc;

	rc = ceu_journal_append(db, what == CEU_ADDED ? "add" : "update",
	    entity, key, before, after, NULL);
	sqlite3_free(after);
	return rc;
}

static void
bind_opt(sqlite3_stmt *st, int i, const char *s)
{
	if (s != NULL && *s != '\0')
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
}

/* A unit's row as both of its statements take it: ?1..?4 its columns,
 * ?5 the batch (NULL when 0), ?6 now. */
static void
bind_unit(struct ceu_db *db, sqlite3_stmt *st, const struct ceu_unit *u,
    long long batch)
{
	sqlite3_bind_text(st, 1, u->code, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, u->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, u->city_code, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, u->industry, -1, SQLITE_STATIC);
	if (batch)
		sqlite3_bind_int64(st, 5, batch);
	sqlite3_bind_text(st, 6, db->now, -1, SQLITE_STATIC);
}

/* Run an upsert statement of table t whose WHERE skips unchanged rows and
 * which returns the rowid of a row it wrote, to seal it (R16); *what from
 * the before state and whether a row was written. */
static int
run_upsert(struct ceu_db *db, sqlite3_stmt *st, enum ceu_seal_table t,
    const char *json_sql, const char *entity, const char *key, int journal,
    int *what)
{
	char *before = row_json(db, json_sql, key);
	long long rowid = 0;
	int rc = sqlite3_step(st);

	if (rc == SQLITE_ROW) {
		rowid = sqlite3_column_int64(st, 0);
		rc = sqlite3_step(st);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		sqlite3_free(before);
		return ceu_db_sqlfail(db, entity);
	}
	if (rowid == 0)
		*what = CEU_UNCHANGED;
	else
		*what = before ? CEU_UPDATED : CEU_ADDED;
	if (rowid != 0 && (rc = ceu_seal_row(db, t, rowid)) != CEU_OK) {
		sqlite3_free(before);
		return rc;
	}
	rc = CEU_OK;
	if (journal && *what != CEU_UNCHANGED)
		rc = journal_upsert(db, json_sql, entity, key, before, *what);
	sqlite3_free(before);
	return rc;
}

int
ceu_unit_upsert(struct ceu_db *db, const struct ceu_unit *u,
    long long batch, int journal, int *what)
{
	static const char sql[] = "INSERT INTO unit(code, name, city_code, "
	    "industry, batch, created_at, updated_at) VALUES (?1, ?2, ?3, "
	    "?4, ?5, ?6, ?6) ON CONFLICT (code) DO UPDATE SET name = "
	    "excluded.name, city_code = excluded.city_code, industry = "
	    "excluded.industry, updated_at = excluded.updated_at WHERE "
	    "(name, city_code, industry) IS NOT (excluded.name, "
	    "excluded.city_code, excluded.industry) RETURNING rowid";
	sqlite3_stmt *st = ceu_db_stmt(db, sql);

	if (st == NULL)
		return db->code;
	bind_unit(db, st, u, batch);
	return run_upsert(db, st, CEU_SEAL_UNIT, unit_json_sql, "unit",
	    u->code, journal, what);
}

int
ceu_unit_add(struct ceu_db *db, const struct ceu_unit *u, long long batch)
{
	/* One row, no upsert: SQLite then needs no statement journal. */
	static const char sql[] = "INSERT INTO unit(code, name, city_code, "
	    "industry, batch, created_at, updated_at, seal) VALUES (?1, ?2, "
	    "?3, ?4, ?5, ?6, ?6, ?7)";
	struct ceu_seal_value v[7] = {
		ceu_seal_opt(u->code), ceu_seal_opt(u->name),
		ceu_seal_opt(u->city_code), ceu_seal_opt(u->industry),
		batch ? ceu_seal_int(batch) : ceu_seal_opt(NULL),
		ceu_seal_opt(db->now), ceu_seal_opt(db->now),
	};
	sqlite3_stmt *st;
	long long seal;
	int rc;

	/* R16: sealed with the row (seal.c's UNIT_COLS, in order). */
	if ((rc = ceu_seal_make(db, CEU_SEAL_UNIT, 0, v, 7, &seal)) != CEU_OK)
		return rc;
	if ((st = ceu_db_stmt(db, sql)) == NULL)
		return db->code;
	bind_unit(db, st, u, batch);
	sqlite3_bind_int64(st, 7, seal);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? CEU_OK : ceu_db_sqlfail(db, "unit");
}

#define PERSON_BY_ID_NO "SELECT id, name, unit_code, specialty, title " \
	"FROM person WHERE id_no = ?1"

/* The person with id_no, by the cached statement sql (PERSON_BY_ID_NO);
 * out, if not NULL, gets its columns, valid until sql runs again. */
static int
person_by_id_no(struct ceu_db *db, const char *sql, const char *id_no,
    int *found, struct ceu_person *out)
{
	sqlite3_stmt *st = ceu_db_stmt(db, sql);
	int rc;

	if (st == NULL)
		return db->code;
	sqlite3_bind_text(st, 1, id_no, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	*found = rc == SQLITE_ROW;
	if (*found && out != NULL) {
		out->id = sqlite3_column_int64(st, 0);
		out->id_no = id_no;
		out->name = ceu_col_text(st, 1);
		out->unit_code = ceu_col_text(st, 2);
		out->specialty = ceu_col_text(st, 3);
		out->title = ceu_col_text(st, 4);
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return ceu_db_sqlfail(db, "person");
	return CEU_OK;
}

int
ceu_person_find(struct ceu_db *db, const char *id_no, int *found,
    struct ceu_person *out)
{
	static const char sql[] = PERSON_BY_ID_NO;

	return person_by_id_no(db, sql, id_no, found, out);
}

/* Whether p, upserted, would leave old (as ceu_person_find gives it) as
 * it is: an optional column left empty keeps what is on file. */
static int
person_same(const struct ceu_person *p, const struct ceu_person *old)
{
	return strcmp(p->name, old->name) == 0 &&
	    strcmp(p->unit_code, old->unit_code) == 0 &&
	    (p->specialty == NULL || *p->specialty == '\0' ||
	    strcmp(p->specialty, old->specialty) == 0) &&
	    (p->title == NULL || *p->title == '\0' ||
	    strcmp(p->title, old->title) == 0);
}

/* A person's row as both of its statements take it: ?1..?5 its columns
 * (optional ones NULL when empty), ?6 the batch (NULL when 0), ?7 now. */
static void
bind_person(struct ceu_db *db, sqlite3_stmt *st, const struct ceu_person *p,
    long long batch)
{
	sqlite3_bind_text(st, 1, p->id_no, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, p->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, p->unit_code, -1, SQLITE_STATIC);
	bind_opt(st, 4, p->specialty);
	bind_opt(st, 5, p->title);
	if (batch)
		sqlite3_bind_int64(st, 6, batch);
	sqlite3_bind_text(st, 7, db->now, -1, SQLITE_STATIC);
}

/* A person not on file, unjournaled (an import journals its batch), its
 * unit on file: one statement (a single row, so that SQLite needs no
 * statement journal); p->id set. */
static int
person_insert(struct ceu_db *db, struct ceu_person *p, long long batch)
{
	static const char sql[] = "INSERT INTO person(id_no, name, "
	    "unit_code, specialty, title, batch, created_at, updated_at) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)";
	sqlite3_stmt *st = ceu_db_stmt(db, sql);
	int rc;

	if (st == NULL)
		return db->code;
	bind_person(db, st, p, batch);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return ceu_db_sqlfail(db, "person");
	p->id = sqlite3_last_insert_rowid(db->sql);
	return ceu_seal_row(db, CEU_SEAL_PERSON, p->id);	/* R16 */
}

/* The upsert statement, its before and after journaled. */
static int
person_update(struct ceu_db *db, struct ceu_person *p, long long batch,
    int journal, int *what)
{
	/* Optional columns left empty keep what is on the register. */
	static const char sql[] = "INSERT INTO person(id_no, name, "
	    "unit_code, specialty, title, batch, created_at, updated_at) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7) ON CONFLICT (id_no) DO "
	    "UPDATE SET name = excluded.name, unit_code = excluded.unit_code, "
	    "specialty = coalesce(excluded.specialty, specialty), title = "
	    "coalesce(excluded.title, title), updated_at = excluded.updated_at "
	    "WHERE (name, unit_code, specialty, title) IS NOT "
	    "(excluded.name, excluded.unit_code, coalesce(excluded.specialty, "
	    "specialty), coalesce(excluded.title, title)) RETURNING id";
	sqlite3_stmt *st;
	int found, rc;

	if ((st = ceu_db_stmt(db, sql)) == NULL)
		return db->code;
	bind_person(db, st, p, batch);
	rc = run_upsert(db, st, CEU_SEAL_PERSON, person_json_sql, "person",
	    p->id_no, journal, what);
	if (rc != CEU_OK)
		return rc;
	return ceu_person_find(db, p->id_no, &found, p) == CEU_OK && found ?
	    CEU_OK : ceu_db_fail(db, CEU_EIO, "person '%s' vanished",
	    p->id_no);
}

int
ceu_person_id(struct ceu_db *db, const char *id_no, long long *id)
{
	/* The unique index on id_no holds the rowid: no table page read. */
	static const char sql[] = "SELECT id FROM person WHERE id_no = ?1";
	sqlite3_stmt *st = ceu_db_stmt(db, sql);
	int rc;

	*id = 0;
	if (st == NULL)
		return db->code;
	sqlite3_bind_text(st, 1, id_no, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		*id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return ceu_db_sqlfail(db, "person");
	return CEU_OK;
}

/* The person on file for an upsert, by a statement of its own: the
 * caller's p may hold the strings of ceu_person_find's, which reusing it
 * would free. */
static int
upsert_find(struct ceu_db *db, const char *id_no, int *found,
    struct ceu_person *out)
{
	/* The same query in an array of its own: ceu_db_stmt caches a
	 * statement by the address of its text. */
	static const char sql[] = PERSON_BY_ID_NO;

	return person_by_id_no(db, sql, id_no, found, out);
}

int
ceu_person_upsert(struct ceu_db *db, struct ceu_person *p, long long batch,
    int journal, int *what)
{
	return ceu_person_upsert_was(db, p, batch, journal, what, NULL, 0);
}

int
ceu_person_upsert_was(struct ceu_db *db, struct ceu_person *p,
    long long batch, int journal, int *what, char *was, size_t size)
{
	struct ceu_person old;
	int on_file, found, rc;

	if (was != NULL && size > 0)
		*was = '\0';
	if ((rc = upsert_find(db, p->id_no, &on_file, &old)) != CEU_OK)
		return rc;
	/* A person on file as the row has it: nothing to write (a file
	 * loaded again costs one look-up a row). */
	if (on_file && person_same(p, &old)) {
		*what = CEU_UNCHANGED;
		p->id = old.id;
		return CEU_OK;
	}
	if (on_file && was != NULL)
		snprintf(was, size, "%s", old.name);
	if ((rc = ceu_unit_find(db, p->unit_code, &found, NULL)) != CEU_OK)
		return rc;
	if (!found)
		return ceu_db_fail(db, CEU_EDATA, "unknown unit '%s'",
		    p->unit_code);
	/* R16: a change to a person on file is journaled before/after; an
	 * import's new persons (journal 0) by its batch. */
	if (!on_file && !journal) {
		*what = CEU_ADDED;
		return person_insert(db, p, batch);
	}
	return person_update(db, p, batch, 1, what);
}

/* ---- a bulk load ---- */

#define UNIT_CODE_LEN 18	/* schema.sql: length(code) = 18 */

struct ceu_person_load {
	char (*unit)[UNIT_CODE_LEN + 1];	/* open hash; "" is free */
	size_t mask;			/* slots - 1 */
	size_t nunit;
	long long next_id;		/* the next new person's */
	int insert_first;		/* the last row added a person */
};

/* The slot holding code, or the free one it would take. */
static char *
unit_slot(const struct ceu_person_load *pl, const char *code)
{
	uint32_t h = 2166136261u;	/* FNV-1a */
	size_t at;

	for (const char *c = code; *c != '\0'; c++)
		h = (h ^ (unsigned char)*c) * 16777619u;
	for (at = h & pl->mask; pl->unit[at][0] != '\0'; at = (at + 1) &
	    pl->mask)
		if (strcmp(pl->unit[at], code) == 0)
			break;
	return pl->unit[at];
}

/* Hold code (of UNIT_CODE_LEN bytes), the hash at most half full. */
static void
unit_hold(struct ceu_person_load *pl, const char *code)
{
	char (*old)[UNIT_CODE_LEN + 1] = pl->unit;
	size_t n = pl->mask + 1;
	char *slot;

	if (strlen(code) != UNIT_CODE_LEN)
		return;
	if (2 * (pl->nunit + 1) > n) {
		pl->unit = ceu_calloc(2 * n, sizeof(*pl->unit));
		pl->mask = 2 * n - 1;
		for (size_t i = 0; i < n; i++)
			if (old[i][0] != '\0')
				memcpy(unit_slot(pl, old[i]), old[i],
				    UNIT_CODE_LEN + 1);
		free(old);
	}
	if (*(slot = unit_slot(pl, code)) == '\0') {
		memcpy(slot, code, UNIT_CODE_LEN + 1);
		pl->nunit++;
	}
}

int
ceu_person_load_has_unit(const struct ceu_person_load *pl, const char *code)
{
	return *unit_slot(pl, code) != '\0';
}

/* R1: whether unit code is on file. */
static int
unit_known(struct ceu_db *db, const struct ceu_person_load *pl,
    const char *code, int *known)
{
	/* A unit on file but not held (added after the load began) is not
	 * held from then on: a reading thread may be reading pl. */
	if ((*known = *unit_slot(pl, code) != '\0'))
		return CEU_OK;
	return ceu_unit_find(db, code, known, NULL);
}

int
ceu_person_load_begin(struct ceu_db *db, struct ceu_person_load **out)
{
	static const char units_sql[] = "SELECT code FROM unit";
	static const char id_sql[] = "SELECT coalesce(max(id), 0) + 1 "
	    "FROM person";
	struct ceu_person_load *pl = ceu_calloc(1, sizeof(*pl));
	sqlite3_stmt *st;
	int rc;

	*out = NULL;
	pl->mask = 63;
	pl->unit = ceu_calloc(pl->mask + 1, sizeof(*pl->unit));
	pl->insert_first = 1;
	if ((st = ceu_db_stmt(db, units_sql)) == NULL)
		goto fail;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		unit_hold(pl, ceu_col_text(st, 0));
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		ceu_db_sqlfail(db, "unit");
		goto fail;
	}
	if ((st = ceu_db_stmt(db, id_sql)) == NULL)
		goto fail;
	rc = sqlite3_step(st);
	pl->next_id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW) {
		ceu_db_sqlfail(db, "person");
		goto fail;
	}
	*out = pl;
	return CEU_OK;
fail:
	ceu_person_load_free(pl);
	return db->code;
}

void
ceu_person_load_free(struct ceu_person_load *pl)
{
	if (pl == NULL)
		return;
	free(pl->unit);
	free(pl);
}

/* R16: the sealed columns of p (seal.c's PERSON_COLS) as a bulk load
 * writes it, with batch and made at now. */
static void
person_values(const struct ceu_person *p, long long batch, const char *now,
    struct ceu_seal_value v[8])
{
	v[0] = ceu_seal_opt(p->id_no);
	v[1] = ceu_seal_opt(p->name);
	v[2] = ceu_seal_opt(p->unit_code);
	v[3] = ceu_seal_opt(p->specialty);
	v[4] = ceu_seal_opt(p->title);
	v[5] = batch ? ceu_seal_int(batch) : ceu_seal_opt(NULL);
	v[6] = ceu_seal_opt(now);
	v[7] = ceu_seal_opt(now);
}

int
ceu_person_digest(const struct ceu_db *db, const struct ceu_person *p,
    long long batch, unsigned long long *digest)
{
	struct ceu_seal_value v[8];

	person_values(p, batch, db->now, v);
	return ceu_seal_digest(db, v, 8, digest);
}

/* R16: the seal of p as person id, of its digest when has_digest. */
static int
person_seal(struct ceu_db *db, const struct ceu_person *p, long long batch,
    long long id, const unsigned long long *digest, long long *seal)
{
	struct ceu_seal_value v[8];

	if (digest != NULL)
		return ceu_seal_of_digest(db, CEU_SEAL_PERSON, id, *digest,
		    seal);
	person_values(p, batch, db->now, v);
	return ceu_seal_make(db, CEU_SEAL_PERSON, id, v, 8, seal);
}

/* Bind p as person id, sealed, to the parameters of st: id, id_no,
 * name, unit_code, specialty, title, batch, created_at and updated_at,
 * seal. */
static int
bind_new(struct ceu_db *db, sqlite3_stmt *st, const struct ceu_person *p,
    long long batch, long long id, const unsigned long long *digest)
{
	long long seal;
	int rc;

	if ((rc = person_seal(db, p, batch, id, digest, &seal)) != CEU_OK)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, p->id_no, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, p->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, p->unit_code, -1, SQLITE_STATIC);
	bind_opt(st, 5, p->specialty);
	bind_opt(st, 6, p->title);
	if (batch)
		sqlite3_bind_int64(st, 7, batch);
	sqlite3_bind_text(st, 8, db->now, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 9, seal);
	return CEU_OK;
}

/* Insert p, its unit known, as person pl->next_id with its seal, unless
 * its ID number is on file: *added says which; p->id set when added. */
static int
load_insert(struct ceu_db *db, struct ceu_person_load *pl,
    struct ceu_person *p, const unsigned long long *digest, long long batch,
    int *added)
{
	/* Columns in the seal's order (seal.c), the seal last. */
	static const char sql[] = "INSERT INTO person(id, id_no, name, "
	    "unit_code, specialty, title, batch, created_at, updated_at, "
	    "seal) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?9) "
	    "ON CONFLICT (id_no) DO NOTHING";
	sqlite3_stmt *st;
	int rc;

	*added = 0;
	if ((st = ceu_db_stmt(db, sql)) == NULL)
		return db->code;
	if ((rc = bind_new(db, st, p, batch, pl->next_id, digest)) != CEU_OK)
		return rc;
	/* One row a statement: SQLite then needs no statement journal,
	 * which would copy every page the statement changes. */
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return ceu_db_sqlfail(db, "person");
	if ((*added = sqlite3_changes(db->sql) == 1))
		p->id = pl->next_id++;
	return CEU_OK;
}

/* A chunk's row in the order of its ID number: by key, which orders
 * ID numbers as the unique index does (18 characters, digits then X),
 * then by ID number, then by place in the file. */
struct by_id_no {
	unsigned long long key;
	const char *id_no;
	size_t k;
};

static unsigned long long
id_no_key(const char *s)
{
	unsigned long long key = 0;

	for (int i = 0; i < 18 && s[i] != '\0'; i++)
		key = key * 11 + (s[i] >= '0' && s[i] <= '9' ? (unsigned)(s[i] -
		    '0') : 10);
	return key;
}

static int
by_id_no_cmp(const void *a, const void *b)
{
	const struct by_id_no *x = a, *y = b;
	int c;

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	if ((c = strcmp(x->id_no, y->id_no)) != 0)
		return c;
	return x->k < y->k ? -1 : x->k > y->k;
}

/* Take back the persons this load added from id `from` on: they were
 * never committed, and a gap in ids would read as a deleted person
 * (R16). */
static int
take_back(struct ceu_db *db, long long from)
{
	static const char sql[] = "DELETE FROM person WHERE id >= ?1";

	return ceu_db_run_int(db, sql, from, "person");
}

int
ceu_person_load_chunk(struct ceu_db *db, struct ceu_person_load *pl,
    struct ceu_person *p, const unsigned long long *digest,
    const unsigned char *has_digest, size_t n, long long batch,
    unsigned char *added)
{
	struct by_id_no *order;
	long long first = pl->next_id, next = pl->next_id;
	size_t i;
	int rc = CEU_OK, ok = 1;

	memset(added, 0, n);
	if (!pl->insert_first || n < 2)
		return CEU_OK;
	for (i = 0; i < n; i++)
		if (*unit_slot(pl, p[i].unit_code) == '\0')
			return CEU_OK;	/* R1: looked up row by row */
	order = ceu_reallocarray(NULL, n, sizeof(*order));
	for (i = 0; i < n; i++)
		order[i] = (struct by_id_no){ id_no_key(p[i].id_no),
		    p[i].id_no, i };
	qsort(order, n, sizeof(*order), by_id_no_cmp);
	/* The first row of each ID number is new, until the unique index
	 * says otherwise; its id is its rank among them in file order. */
	for (i = 0; i < n; i++)
		added[order[i].k] = i == 0 || strcmp(order[i - 1].id_no,
		    order[i].id_no) != 0;
	for (i = 0; i < n; i++)
		p[i].id = added[i] ? next++ : 0;
	for (i = 0; rc == CEU_OK && ok && i < n; i++) {
		size_t k = order[i].k;

		if (!added[k])
			continue;
		pl->next_id = p[k].id;
		rc = load_insert(db, pl, &p[k], has_digest[k] ? &digest[k] :
		    NULL, batch, &ok);
	}
	pl->next_id = next;
	if (rc == CEU_OK && !ok) {
		/* A person on file: not a chunk of new persons after all. */
		rc = take_back(db, first);
		memset(added, 0, n);
		pl->insert_first = 0;
		pl->next_id = first;
	}
	free(order);
	return rc;
}

int
ceu_person_load_row(struct ceu_db *db, struct ceu_person_load *pl,
    struct ceu_person *p, const unsigned long long *digest, long long batch,
    int *what, char *was, size_t size)
{
	struct ceu_person old;
	char shown[CEU_ID_LEN + 1];
	int known, on_file, added, rc;

	if (was != NULL && size > 0)
		*was = '\0';
	/* R1 first: a person on file is in a unit on file, so a row whose
	 * unit is unknown changes the person, and is refused either way. */
	if ((rc = unit_known(db, pl, p->unit_code, &known)) != CEU_OK)
		return rc;
	if (!known)
		return ceu_db_fail(db, CEU_EDATA, "unknown unit '%s'",
		    p->unit_code);
	*what = CEU_ADDED;
	if (pl->insert_first && ((rc = load_insert(db, pl, p, digest, batch,
	    &added)) != CEU_OK || added))
		return rc;
	if ((rc = upsert_find(db, p->id_no, &on_file, &old)) != CEU_OK)
		return rc;
	if ((pl->insert_first = !on_file)) {
		if ((rc = load_insert(db, pl, p, digest, batch, &added)))
			return rc;
		/* Not on file a statement ago, in this transaction. */
		return added ? CEU_OK : ceu_db_fail(db, CEU_EIO, "person '%s' "
		    "vanished", ceu_ident_shown(p->id_no, db->show_id, shown));
	}
	if (person_same(p, &old)) {
		*what = CEU_UNCHANGED;
		p->id = old.id;
		return CEU_OK;
	}
	if (was != NULL)
		snprintf(was, size, "%s", old.name);
	/* R16: a change to a person on file is journaled before/after. */
	return person_update(db, p, batch, 1, what);
}
