/*
 * exam_bulk.c - an import's exam attempts a chunk at a time
 * (ceu_exam_bulk_*, exam.h), for ceu-import exams (import_exam.c).
 *
 * The state of a chunk's person-years is read by one query and put
 * together by exam.c's exam_state_add, the same as one person-year's;
 * each attempt is judged in file order by exam.c's exam_judge_round, the
 * one judge of R3, R6 and R7, on that state, which it then advances in
 * memory; the rounds and attempts accepted are written at the chunk's end
 * by multi-row INSERTs, each row with its id and seal (R16), and the
 * credits of passes (R5, exam_credit) gathered and written with them.
 * Nothing of a refused attempt is ever written.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "exam_judge.h"
#include "seal.h"
#include "values.h"

/* A person-year of the chunk, in a table open-addressed by key. */
struct bulk_year {
	long long key;		/* person_id << 12 | year (years < 4096);
				   0: a free slot */
	struct year_state s;
	int loaded;		/* s is read */
	int seen;		/* its first live attempt in seen[], or -1 */
};

/* A live attempt of a person-year (date, score): one on file, or one
 * this import adds; so that a row loaded again changes nothing. */
struct bulk_seen {
	int date, score, next;	/* next: the year's next, or -1 */
};

struct bulk_round {		/* round 1, opened and studied on date */
	long long id, person_id;
	int year, date;
};

struct bulk_attempt {
	long long id, round_id;
	int attempt, score, date, passed;
};

struct ceu_exam_bulk {
	long long batch;
	const char *late_reason;
	struct bulk_year *slot;
	size_t nslot, nused;		/* nslot a power of 2 */
	struct bulk_seen *seen;
	size_t nseen, capseen;
	char *keys;			/* the keys to load, a JSON array */
	size_t keys_len, keys_cap;
	struct bulk_round *round;	/* to write */
	size_t nround, capround;
	struct bulk_attempt *att;
	size_t natt, capatt;
	long long next_round, next_attempt;	/* ids; 0 before reading */
	struct exam_credits *credits;
};

#define BULK_KEY(person_id, year) ((long long)(person_id) << 12 | (year))

/* Whether c has no room for another pass's credits. */
static int
credits_full(const struct exam_credits *c)
{
	return c->n + 2 > EXAM_CREDITS_MAX;
}

/* R5: write the credits gathered in c and empty it.  CEU_OK; CEU_EREFUSED
 * when one is held already (R10: the year's credit on file for a person
 * whose attempts show no pass); a credit the database refuses is the
 * archive's fault, not a row's (CEU_EIO).  Any failure fails the import. */
static int
credits_flush(struct ceu_db *db, struct exam_credits *c)
{
	struct ceu_record_result *res;
	int rc;

	if (c->n == 0)
		return CEU_OK;
	if (c->res == NULL)
		c->res = ceu_calloc(EXAM_CREDITS_MAX, sizeof(*res));
	res = c->res;
	rc = ceu_record_add_many(db, c->r, c->n, res);
	for (size_t i = 0; rc == CEU_OK && i < c->n; i++)
		if (!res[i].added && (rc = ceu_record_holder(db, &c->r[i],
		    &res[i].holder)) == CEU_OK)
			rc = ceu_record_refuse(db, res[i].holder);
	c->n = 0;
	return rc == CEU_EDATA ? (db->code = CEU_EIO) : rc;
}

static void
credits_free(struct exam_credits *c)
{
	if (c == NULL)
		return;
	free(c->res);
	free(c);
}

struct ceu_exam_bulk *
ceu_exam_bulk_new(long long batch, const char *late_reason)
{
	struct ceu_exam_bulk *b = ceu_calloc(1, sizeof(*b));

	b->batch = batch;
	b->late_reason = late_reason;
	b->nslot = 1024;
	b->slot = ceu_calloc(b->nslot, sizeof(*b->slot));
	b->credits = ceu_calloc(1, sizeof(*b->credits));
	return b;
}

void
ceu_exam_bulk_free(struct ceu_exam_bulk *b)
{
	if (b == NULL)
		return;
	free(b->slot);
	free(b->seen);
	free(b->keys);
	free(b->round);
	free(b->att);
	credits_free(b->credits);
	free(b);
}

/* v (capacity *cap elements of size) with room for element n. */
static void *
grow(void *v, size_t n, size_t *cap, size_t size)
{
	if (n < *cap)
		return v;
	while (n >= *cap)
		*cap = *cap ? 2 * *cap : 256;
	return ceu_reallocarray(v, *cap, size);
}

/* The slot of key: its own, or the free one it would take. */
static struct bulk_year *
bulk_slot(const struct ceu_exam_bulk *b, long long key)
{
	size_t i = (size_t)((unsigned long long)key * 0x9E3779B97F4A7C15ULL >>
	    32) & (b->nslot - 1);

	while (b->slot[i].key != 0 && b->slot[i].key != key)
		i = (i + 1) & (b->nslot - 1);
	return &b->slot[i];
}

/* The person-year key, added (not loaded) if new. */
static struct bulk_year *
bulk_add(struct ceu_exam_bulk *b, long long key)
{
	struct bulk_year *y = bulk_slot(b, key), *old;
	size_t n;

	if (y->key == key)
		return y;
	if (2 * (b->nused + 1) > b->nslot) {
		old = b->slot;
		n = b->nslot;
		b->nslot *= 2;
		b->slot = ceu_calloc(b->nslot, sizeof(*b->slot));
		for (size_t i = 0; i < n; i++)
			if (old[i].key != 0)
				*bulk_slot(b, old[i].key) = old[i];
		free(old);
		y = bulk_slot(b, key);
	}
	b->nused++;
	exam_state_init(&y->s);
	y->key = key;
	y->loaded = 0;
	y->seen = -1;
	return y;
}

/* Remember a live attempt of y. */
static void
bulk_see(struct ceu_exam_bulk *b, struct bulk_year *y, int date, int score)
{
	b->seen = grow(b->seen, b->nseen, &b->capseen, sizeof(*b->seen));
	b->seen[b->nseen] = (struct bulk_seen){ date, score, y->seen };
	y->seen = (int)b->nseen++;
}

static int
bulk_seen(const struct ceu_exam_bulk *b, const struct bulk_year *y,
    int date, int score)
{
	for (int i = y->seen; i >= 0; i = b->seen[i].next)
		if (b->seen[i].date == date && b->seen[i].score == score)
			return 1;
	return 0;
}

void
ceu_exam_bulk_want(struct ceu_exam_bulk *b, long long person_id, int year)
{
	struct bulk_year *y;
	char key[24];
	int len;

	if (year < 1 || year > 4095 || person_id <= 0 ||
	    (y = bulk_slot(b, BULK_KEY(person_id, year)))->key != 0)
		return;
	bulk_add(b, BULK_KEY(person_id, year));
	len = snprintf(key, sizeof(key), "%lld",
	    BULK_KEY(person_id, year));
	b->keys = grow(b->keys, b->keys_len + (size_t)len + 2, &b->keys_cap,
	    1);
	b->keys[b->keys_len] = b->keys_len == 0 ? '[' : ',';
	b->keys_len++;
	memcpy(b->keys + b->keys_len, key, (size_t)len + 1);
	b->keys_len += (size_t)len;
}

/* The ids the next round and attempt take: this import holds the write
 * lock, and writes both tables only through the chunk until it is
 * written. */
static int
bulk_ids(struct ceu_db *db, struct ceu_exam_bulk *b)
{
	static const char sql[] = "SELECT (SELECT coalesce(max(id), 0) + 1 "
	    "FROM exam_round), (SELECT coalesce(max(id), 0) + 1 FROM "
	    "exam_attempt)";
	sqlite3_stmt *st;
	int rc;

	if (b->next_round != 0)
		return CEU_OK;
	if ((st = ceu_db_stmt(db, sql)) == NULL)
		return db->code;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		b->next_round = sqlite3_column_int64(st, 0);
		b->next_attempt = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? CEU_OK : ceu_db_sqlfail(db, "exam round");
}

/* Add row st (STATE_COLS) to its person-year. */
static void
bulk_row(struct ceu_exam_bulk *b, sqlite3_stmt *st)
{
	struct bulk_year *y = bulk_slot(b, BULK_KEY(sqlite3_column_int64(st,
	    S_PERSON), sqlite3_column_int(st, S_YEAR)));

	if (y->key == 0 || y->loaded)
		return;
	if (exam_state_add(&y->s, st))
		bulk_see(b, y, exam_col_date(st, S_DATE),
		    sqlite3_column_int(st, S_SCORE));
}

int
ceu_exam_bulk_load(struct ceu_db *db, struct ceu_exam_bulk *b)
{
	static const char sql[] = "SELECT " STATE_COLS " FROM json_each(?1) j "
	    "JOIN exam_round r ON r.person_id = j.value >> 12 AND "
	    "r.year = j.value & 4095 LEFT JOIN exam_attempt a ON "
	    "a.round_id = r.id";
	sqlite3_stmt *st;
	int rc;

	if ((rc = bulk_ids(db, b)) != CEU_OK || b->keys_len == 0)
		return rc;
	b->keys = grow(b->keys, b->keys_len + 1, &b->keys_cap, 1);
	b->keys[b->keys_len++] = ']';
	if ((st = ceu_db_stmt(db, sql)) == NULL)
		return db->code;
	sqlite3_bind_text(st, 1, b->keys, (int)b->keys_len, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		bulk_row(b, st);
	sqlite3_reset(st);
	b->keys_len = 0;
	if (rc != SQLITE_DONE)
		return ceu_db_sqlfail(db, "exam round");
	for (size_t i = 0; i < b->nslot; i++)
		b->slot[i].loaded = b->slot[i].key != 0;
	return CEU_OK;
}

/* The person-year, read now when it was not wanted before the load. */
static int
bulk_year(struct ceu_db *db, struct ceu_exam_bulk *b, long long person_id,
    int year, struct bulk_year **out)
{
	int rc;

	if ((*out = bulk_slot(b, BULK_KEY(person_id, year)))->loaded)
		return CEU_OK;
	ceu_exam_bulk_want(b, person_id, year);
	if ((rc = ceu_exam_bulk_load(db, b)) != CEU_OK)
		return rc;
	*out = bulk_slot(b, BULK_KEY(person_id, year));
	return CEU_OK;
}

/* What an accepted attempt adds: its round (when it opens one), its row,
 * to be written with the chunk; the person-year's state as it leaves
 * it. */
static void
bulk_take(struct ceu_exam_bulk *b, struct bulk_year *y, long long person_id,
    int year, int score, int date, int need, int passed)
{
	struct year_state *s = &y->s;

	if (need == ROUND_OPEN) {
		b->round = grow(b->round, b->nround, &b->capround,
		    sizeof(*b->round));
		b->round[b->nround++] = (struct bulk_round){ b->next_round,
		    person_id, year, date };
		s->round_id = b->next_round++;
		s->round = 1;
		s->opened_on = date;
	}
	if (need != ROUND_READY)
		s->studied_on = date;
	if (s->next_attempt == 0)
		s->next_attempt = 1;
	b->att = grow(b->att, b->natt, &b->capatt, sizeof(*b->att));
	b->att[b->natt++] = (struct bulk_attempt){ b->next_attempt++,
	    s->round_id, s->next_attempt++, score, date, passed };
	s->attempts_used++;
	if (score > s->best_score)
		s->best_score = score;
	if (passed && s->passed_on == 0)
		s->passed_on = date;
	bulk_see(b, y, date, score);
}

/* A new attempt of person-year y: judged (R3, R6, R7) as at the counter,
 * taken and credited (R5) when accepted. */
static int
bulk_judge(struct ceu_db *db, struct ceu_exam_bulk *b, struct bulk_year *y,
    long long person_id, int year, int score, int date, int *late)
{
	struct ceu_policy p;
	char sc[24];
	int rc, need, passed;

	if (score < 0 || score > 1000)
		return ceu_db_fail(db, CEU_EDATA, "score %s is not between 0 "
		    "and 100", ceu_hours_format(score, sc));
	/* R6: judged by its own date, whatever route brings it. */
	if ((rc = ceu_exam_check_entry(db, year, &date, 1, b->late_reason,
	    late)) != CEU_OK || (rc = ceu_policy_load(db, year, &p)) ||
	    (rc = exam_judge_round(db, year, date, 1, &p, &y->s, &need)))
		return rc;
	if (credits_full(b->credits) &&
	    (rc = credits_flush(db, b->credits)) != CEU_OK)
		return rc;
	/* The one write not deferred: a make-up round's implied study. */
	if (need == ROUND_STUDY &&
	    (rc = exam_mark_studied(db, y->s.round_id, date, 0, NULL)) !=
	    CEU_OK)
		return rc;
	passed = score >= p.pass_score;
	bulk_take(b, y, person_id, year, score, date, need, passed);
	if (passed)
		exam_credit(db, person_id, year, date, b->batch, *late, &p,
		    b->credits);
	return CEU_OK;
}

int
ceu_exam_bulk_attempt(struct ceu_db *db, struct ceu_exam_bulk *b,
    long long person_id, int year, int score, int date, int *added,
    int *late)
{
	struct bulk_year *y;
	char buf[24];
	int rc;

	*added = *late = 0;
	if (year < 1900 || year > 2999) {	/* the schema's years */
		snprintf(buf, sizeof(buf), "%d", year);
		return ceu_db_fail(db, CEU_EDATA, "invalid year '%s'", buf);
	}
	if ((rc = bulk_year(db, b, person_id, year, &y)) != CEU_OK)
		return rc;
	/* A row loaded again adds nothing. */
	if (bulk_seen(b, y, date, score))
		return CEU_OK;
	if ((rc = bulk_judge(db, b, y, person_id, year, score, date, late)) !=
	    CEU_OK)
		return rc;
	*added = 1;
	return CEU_OK;
}

/* Multi-row INSERTs: a chunk's rows BULK_ROWS by one statement, then the
 * rest one by one.  Each row comes with its id and seal (R16). */
#define BULK_ROWS 64
#define X2(t) t "," t
#define X8(t) X2(X2(X2(t)))
#define X64(t) X8(X8(t))
#define ROUND_INSERT "INSERT INTO exam_round(id, person_id, year, round, " \
	"opened_on, reason, studied_on, seal) VALUES "
#define ROUND_VALUES "(?, ?, ?, 1, ?, NULL, ?, ?)"
#define ATTEMPT_INSERT "INSERT INTO exam_attempt(id, round_id, attempt, " \
	"score, date, passed, batch, created_at, seal) VALUES "
#define ATTEMPT_VALUES "(?, ?, ?, ?, ?, ?, ?, ?, ?)"

/* Bind round r as the k-th row of st. */
static int
bind_round(struct ceu_db *db, sqlite3_stmt *st, int k,
    const struct bulk_round *r)
{
	struct ceu_seal_value v[6];
	long long seal;
	char d[11];
	int i = k * 6;

	ceu_date_format(r->date, d);
	v[0] = ceu_seal_int(r->person_id);
	v[1] = ceu_seal_int(r->year);
	v[2] = ceu_seal_int(1);
	v[3] = ceu_seal_text(d);
	v[4] = ceu_seal_opt(NULL);
	v[5] = ceu_seal_text(d);
	if (ceu_seal_make(db, CEU_SEAL_EXAM_ROUND, r->id, v, 6, &seal) !=
	    CEU_OK)
		return db->code;
	sqlite3_bind_int64(st, i + 1, r->id);
	sqlite3_bind_int64(st, i + 2, r->person_id);
	sqlite3_bind_int(st, i + 3, r->year);
	sqlite3_bind_text(st, i + 4, d, 10, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, i + 5, d, 10, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, i + 6, seal);
	return CEU_OK;
}

/* Bind attempt a of b as the k-th row of st. */
static int
bind_attempt(struct ceu_db *db, sqlite3_stmt *st, int k,
    const struct ceu_exam_bulk *b, const struct bulk_attempt *a)
{
	struct ceu_seal_value v[7];
	long long seal;
	char d[11];
	int i = k * 9;

	ceu_date_format(a->date, d);
	v[0] = ceu_seal_int(a->round_id);
	v[1] = ceu_seal_int(a->attempt);
	v[2] = ceu_seal_int(a->score);
	v[3] = ceu_seal_text(d);
	v[4] = ceu_seal_int(a->passed);
	v[5] = ceu_seal_int(b->batch);
	v[6] = ceu_seal_text(db->now);
	if (ceu_seal_make(db, CEU_SEAL_EXAM_ATTEMPT, a->id, v, 7, &seal) !=
	    CEU_OK)
		return db->code;
	sqlite3_bind_int64(st, i + 1, a->id);
	sqlite3_bind_int64(st, i + 2, a->round_id);
	sqlite3_bind_int(st, i + 3, a->attempt);
	sqlite3_bind_int(st, i + 4, a->score);
	sqlite3_bind_text(st, i + 5, d, 10, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, i + 6, a->passed);
	sqlite3_bind_int64(st, i + 7, b->batch);
	sqlite3_bind_text(st, i + 8, db->now, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, i + 9, seal);
	return CEU_OK;
}

/* Write rows [0, n) of the chunk's rounds (attempts: 0) or attempts
 * (1). */
static int
bulk_insert(struct ceu_db *db, const struct ceu_exam_bulk *b, int attempts,
    size_t n)
{
	static const char *const sql[2][2] = {
		{ ROUND_INSERT ROUND_VALUES, ROUND_INSERT X64(ROUND_VALUES) },
		{ ATTEMPT_INSERT ATTEMPT_VALUES,
		    ATTEMPT_INSERT X64(ATTEMPT_VALUES) },
	};
	sqlite3_stmt *st;
	size_t i = 0, k;
	int many, rc;

	while (i < n) {
		many = n - i >= BULK_ROWS;
		if ((st = ceu_db_stmt(db, sql[attempts][many])) == NULL)
			return db->code;
		for (k = 0; k < (many ? BULK_ROWS : 1); k++, i++)
			if ((rc = attempts ? bind_attempt(db, st, (int)k, b,
			    &b->att[i]) : bind_round(db, st, (int)k,
			    &b->round[i])) != CEU_OK)
				return rc;
		rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			return ceu_db_sqlfail(db, attempts ?
			    "cannot record the attempt" :
			    "cannot open exam round");
	}
	return CEU_OK;
}

int
ceu_exam_bulk_write(struct ceu_db *db, struct ceu_exam_bulk *b)
{
	int rc;

	if ((rc = bulk_insert(db, b, 0, b->nround)) != CEU_OK ||
	    (rc = bulk_insert(db, b, 1, b->natt)) != CEU_OK)
		return rc;
	b->nround = b->natt = 0;
	if ((rc = credits_flush(db, b->credits)) != CEU_OK)
		return rc;
	/* Leave no dirty page in the cache: the next chunk's statements
	 * then never spill one, which would copy it to the statement
	 * journal first (twice the writes). */
	if ((rc = sqlite3_db_cacheflush(db->sql)) != SQLITE_OK)
		return ceu_db_rcfail(db, rc, "cannot record the attempt");
	/* The next chunk reads its people afresh. */
	memset(b->slot, 0, b->nslot * sizeof(*b->slot));
	b->nused = b->nseen = b->keys_len = 0;
	b->next_round = b->next_attempt = 0;
	return CEU_OK;
}
