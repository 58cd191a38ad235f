/*
 * verify.c - R16: the archive checked against its seals, its journal and
 * the signed head (verify.h).
 *
 * One pass over each table in rowid order: the journal first (its chain,
 * its seals), then every sealed table.  A row is read once and its seal
 * made again from what it holds; nothing is kept per row, so memory stays
 * flat whatever the size of the archive.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "journal.h"
#include "verify.h"

/* The state of one verification. */
struct check {
	struct ceu_db *db;
	const struct ceu_seal_head *head;	/* signed, or NULL */
	const struct ceu_seal_head *kept;	/* kept elsewhere, or NULL */
	void (*found)(void *ctx, const char *msg);
	void *ctx;
	struct ceu_verify_result *r;
};

static void say(struct check *k, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* One finding, in the user's language. */
static void
say(struct check *k, const char *fmt, ...)
{
	char msg[CEU_MSG_SIZE];
	va_list ap;

	va_start(ap, fmt);
	ceu_vmsg(msg, CEU_EREFUSED, fmt, ap);
	va_end(ap);
	k->r->found++;
	k->found(k->ctx, msg);
}

/* Rows first..last of table name are not there. */
static void
missing(struct check *k, const char *name, long long first, long long last)
{
	if (first == last)
		say(k, "%s: row %lld is missing: deleted behind ceu's back",
		    name, first);
	else
		say(k, "%s: rows %lld to %lld are missing: deleted behind "
		    "ceu's back", name, first, last);
}

/* The table's last row is last, where the signed head counts head. */
static void
against_head(struct check *k, const char *name, long long last,
    long long head)
{
	if (last < head && last + 1 == head)
		say(k, "%s: row %lld was deleted behind ceu's back: the signed "
		    "head counts %lld rows", name, head, head);
	else if (last < head)
		say(k, "%s: rows %lld to %lld were deleted behind ceu's back: "
		    "the signed head counts %lld rows", name, last + 1, head,
		    head);
	else if (last > head && last == head + 1)
		say(k, "%s: row %lld was added behind ceu's back: the signed "
		    "head counts %lld rows", name, last, head);
	else if (last > head)
		say(k, "%s: rows %lld to %lld were added behind ceu's back: "
		    "the signed head counts %lld rows", name, head + 1, last,
		    head);
}

/* A table known by a key has n rows, where the signed head counts head. */
static void
against_count(struct check *k, const char *name, long long n,
    long long head)
{
	if (n < head)
		say(k, "%s: %lld rows where the signed head counts %lld: rows "
		    "were deleted behind ceu's back", name, n, head);
	else if (n > head)
		say(k, "%s: %lld rows where the signed head counts %lld: rows "
		    "were added behind ceu's back", name, n, head);
}

/* Rows of a table a head kept elsewhere counted, and the table now. */
static void
against_kept(struct check *k, const char *name, long long last,
    long long kept)
{
	if (last < kept)
		say(k, "%s: %lld rows, fewer than the %lld of the kept head: "
		    "rows were deleted", name, last, kept);
}

/* ---- the journal ---- */

/* Row id of the journal on st: its chain from prev, its seal, and the
 * kept head's row. */
static int
journal_row(struct check *k, sqlite3_stmt *st, long long id, char *prev)
{
	char hex[CEU_JOURNAL_HASH_HEX];
	const char *f[9];
	int ok;

	if (ceu_seal_check(k->db, CEU_SEAL_JOURNAL, st, &ok) != CEU_OK)
		return k->db->code;
	f[0] = (const char *)sqlite3_column_text(st, 0);
	for (int i = 1; i < 9; i++)
		f[i] = (const char *)sqlite3_column_text(st, i + 1);
	/* After a gap the chain cannot be followed: the gap is said. */
	if (prev != NULL)
		ceu_journal_hash(prev, f, hex);
	if (!ok || (prev != NULL && strcmp(hex, ceu_col_text(st, 10)) != 0))
		say(k, "journal row %lld was altered behind ceu's back", id);
	if (k->kept != NULL && id == k->kept->rows[CEU_SEAL_JOURNAL] &&
	    strcmp(ceu_col_text(st, 10), k->kept->hash) != 0)
		say(k, "journal row %lld no longer has the hash of the kept "
		    "head: the journal was rewritten", id);
	return CEU_OK;
}

/* The chain, row by row; *last and hash: its last row. */
static int
check_journal(struct check *k, long long *last, char *hash)
{
	static const char sql[] = "SELECT id, seal, at, actor, action, "
	    "entity, entity_id, before, after, reason, hash FROM journal "
	    "ORDER BY id";
	sqlite3_stmt *st = ceu_db_stmt(k->db, sql);
	char prev[CEU_JOURNAL_HASH_HEX] = "";
	long long id, expect = 1;
	int rc, gap;

	if (st == NULL)
		return k->db->code;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0);
		if ((gap = id != expect))
			missing(k, "journal", expect, id - 1);
		if (journal_row(k, st, id, gap ? NULL : prev) != CEU_OK)
			break;
		snprintf(prev, sizeof(prev), "%s", ceu_col_text(st, 10));
		expect = id + 1;
		k->r->journal_rows++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return rc == SQLITE_ROW ? k->db->code :
		    ceu_db_sqlfail(k->db, "journal");
	*last = expect - 1;
	memcpy(hash, prev, CEU_JOURNAL_HASH_HEX);
	return CEU_OK;
}

/* The journal's end against the signed head and the kept one. */
static void
journal_ends(struct check *k, long long last, const char *hash)
{
	const struct ceu_seal_head *h = k->head, *kept = k->kept;

	if (h != NULL) {
		against_head(k, "journal", last, h->rows[CEU_SEAL_JOURNAL]);
		if (last == h->rows[CEU_SEAL_JOURNAL] &&
		    strcmp(hash, h->hash) != 0)
			say(k, "the journal was rewritten: row %lld does not "
			    "have the hash the signed head gives it", last);
	}
	if (kept != NULL && last < kept->rows[CEU_SEAL_JOURNAL])
		say(k, "the journal ends at row %lld, before row %lld of the "
		    "kept head: rows were deleted", last,
		    kept->rows[CEU_SEAL_JOURNAL]);
}

/* ---- the sealed tables ---- */

/* How the row on st is named: its id, or for a table known by a key
 * column its key (policy: year and key). */
static void
row_name(enum ceu_seal_table t, sqlite3_stmt *st, char *buf, size_t size)
{
	if (ceu_seal_has_id(t))
		snprintf(buf, size, "%s %lld", ceu_seal_name(t),
		    (long long)sqlite3_column_int64(st, 0));
	else if (t == CEU_SEAL_POLICY)
		snprintf(buf, size, "policy %s %s", ceu_col_text(st, 2),
		    ceu_col_text(st, 3));
	else
		snprintf(buf, size, "%s %s", ceu_seal_name(t),
		    ceu_col_text(st, 2));
}

/* Every row of t: no gap in the ids, each with its seal; *last its last
 * rowid, or for a table known by a key (whose rowid is no part of the
 * row) its rows. */
static int
scan_table(struct check *k, enum ceu_seal_table t, long long *last)
{
	sqlite3_stmt *st = ceu_db_stmt(k->db, ceu_seal_scan_sql(t));
	long long rowid, expect = 1;
	char name[256];
	int rc, ok;

	if (st == NULL)
		return k->db->code;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		rowid = ceu_seal_has_id(t) ? sqlite3_column_int64(st, 0) :
		    expect;
		if (rowid != expect)
			missing(k, ceu_seal_name(t), expect, rowid - 1);
		if (ceu_seal_check(k->db, t, st, &ok) != CEU_OK)
			break;
		if (!ok) {
			row_name(t, st, name, sizeof(name));
			say(k, "%s was altered behind ceu's back: its seal "
			    "does not match", name);
		}
		expect = rowid + 1;
		k->r->rows++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return rc == SQLITE_ROW ? k->db->code :
		    ceu_db_sqlfail(k->db, ceu_seal_name(t));
	*last = expect - 1;
	return CEU_OK;
}

static int
check_table(struct check *k, enum ceu_seal_table t)
{
	long long last = 0;
	int rc;

	if ((rc = scan_table(k, t, &last)) != CEU_OK)
		return rc;
	if (k->head != NULL && ceu_seal_has_id(t))
		against_head(k, ceu_seal_name(t), last, k->head->rows[t]);
	else if (k->head != NULL)
		against_count(k, ceu_seal_name(t), last, k->head->rows[t]);
	if (k->kept != NULL)
		against_kept(k, ceu_seal_name(t), last, k->kept->rows[t]);
	return CEU_OK;
}

/* ---- the heads ---- */

/* The signed head, checked; k->head stays NULL when there is none to
 * trust. */
static int
signed_head(struct check *k, struct ceu_seal_head *h)
{
	int found, rc;

	rc = ceu_seal_head_get(k->db, h, &found);
	if (rc == CEU_EDATA) {
		say(k, "the signed journal head is malformed: %s", k->db->msg);
		return CEU_OK;
	}
	if (rc != CEU_OK)
		return rc;
	if (!found) {
		say(k, "the database has no signed journal head: it was "
		    "removed behind ceu's back");
		return CEU_OK;
	}
	if ((rc = ceu_seal_head_check(k->db, h)) == CEU_EREFUSED)
		say(k, "the journal head is not signed by the database's key: "
		    "it was forged, or the key replaced");
	else if (rc != CEU_OK)
		return rc;
	k->head = h;
	return CEU_OK;
}

static int
kept_head(struct check *k)
{
	int rc;

	if (k->kept == NULL)
		return CEU_OK;
	if ((rc = ceu_seal_head_check(k->db, k->kept)) == CEU_EREFUSED)
		say(k, "the kept head is not signed by the database's key: the "
		    "key was replaced, or the head is another database's");
	else if (rc != CEU_OK)
		return rc;
	return CEU_OK;
}

int
ceu_verify(struct ceu_db *db, const struct ceu_seal_head *kept,
    void (*found)(void *ctx, const char *msg), void *ctx,
    struct ceu_verify_result *r)
{
	struct check k = { db, NULL, kept, found, ctx, r };
	struct ceu_seal_head h;
	char hash[CEU_JOURNAL_HASH_HEX] = "";
	long long last = 0;
	int rc;

	memset(r, 0, sizeof(*r));
	if ((rc = signed_head(&k, &h)) != CEU_OK ||
	    (rc = kept_head(&k)) != CEU_OK ||
	    (rc = check_journal(&k, &last, hash)) != CEU_OK)
		return rc;
	journal_ends(&k, last, hash);
	for (int t = 0; t < CEU_SEAL_NTABLES; t++)
		if (t != CEU_SEAL_JOURNAL && (rc = check_table(&k, t)) != CEU_OK)
			return rc;
	if (r->found > 0)
		return ceu_db_fail(db, CEU_EREFUSED, "the archive is not what "
		    "ceu wrote (R16): findings: %lld", r->found);
	return CEU_OK;
}
