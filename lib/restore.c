/*
 * restore.c - ceu restore: a checked backup copied into the database
 * under its write lock, the replaced file kept, the restore journaled.
 * See backup.h for the contract.
 */

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libintl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "alloc.h"
#include "backup.h"
#include "journal.h"
#include "key.h"
#include "backup_file.h"

/* A message of this library in the user's language (see ceu_db_fail). */
#define _(s) dgettext("ceu", s)


/* ---- ceu restore ---- */

/* What one restore touches. */
struct restore {
	char folder[PATH_MAX];		/* o->db's */
	char staged[PATH_MAX];		/* the backup copied beside o->db */
	char kept_temp[PATH_MAX];	/* FILE.before-restore, written */
	char key_kept[PATH_MAX];	/* KEY.before-restore */
	int fd;				/* staged's, locked */
	int live;			/* o->db exists */
	int kept_made;			/* r->kept is ours */
	enum ceu_restore_key key;
	char source_key[KEY_MAX];
	size_t source_key_len;
};

/* install_live: o->db cannot be read as a database at all. */
#define UNREADABLE (-1)

/* What happens to the key: the backup's replaces the database's only
 * when they differ, and then the database's is kept. */
static int
plan_key(struct ceu_db *bk, const struct ceu_restore_opts *o,
    struct restore *rs)
{
	char live[KEY_MAX];
	size_t len;

	rs->key = CEU_RESTORE_KEY_NONE;
	if (o->source_key == NULL || o->key == NULL)
		return CEU_OK;
	if (bk_read_small(o->source_key, rs->source_key, sizeof(rs->source_key),
	    &rs->source_key_len) != 0)
		return errno == ENOENT ? CEU_OK : ceu_db_fail(bk, CEU_EIO,
		    "cannot read key '%s': %s", o->source_key, strerror(errno));
	if (bk_read_small(o->key, live, sizeof(live), &len) != 0) {
		if (errno != ENOENT)
			return ceu_db_fail(bk, CEU_EIO, "cannot read key "
			    "'%s': %s", o->key, strerror(errno));
		rs->key = CEU_RESTORE_KEY_NEW;
		return CEU_OK;
	}
	rs->key = len == rs->source_key_len &&
	    memcmp(live, rs->source_key, len) == 0 ? CEU_RESTORE_KEY_SAME :
	    CEU_RESTORE_KEY_REPLACED;
	sodium_memzero(live, sizeof(live));
	if (rs->key == CEU_RESTORE_KEY_SAME)
		return CEU_OK;
	if (bk_path_fmt(rs->key_kept, sizeof(rs->key_kept), "%s.before-restore",
	    o->key) != 0 || access(rs->key_kept, F_OK) == 0)
		return ceu_db_fail(bk, CEU_ECANTCREAT, "'%s' is there from an "
		    "earlier restore; move it away first", rs->key_kept);
	return CEU_OK;
}

/* The refusals, before anything is read or written. */
static int
plan_restore(struct ceu_db *bk, const struct ceu_restore_opts *o,
    struct restore *rs, struct ceu_restore_result *r)
{
	const char *base = bk_base_of(o->db);
	struct stat sb;
	int bad;

	rs->live = stat(o->db, &sb) == 0;
	if (rs->live && S_ISDIR(sb.st_mode))
		return ceu_db_fail(bk, CEU_ECANTCREAT, "'%s' is a folder",
		    o->db);
	if (rs->live && !o->force)
		return ceu_db_fail(bk, CEU_EREFUSED, "database '%s' exists; "
		    "restore over it with --force, which keeps it as "
		    "'%s.before-restore'", o->db, o->db);
	bk_folder_of(o->db, rs->folder);
	bad = bk_path_fmt(rs->staged, sizeof(rs->staged), "%s/.%s.restore.partial",
	    rs->folder, base);
	bad |= bk_path_fmt(rs->kept_temp, sizeof(rs->kept_temp),
	    "%s/.%s.before-restore.partial", rs->folder, base);
	if (rs->live)
		bad |= bk_path_fmt(r->kept, sizeof(r->kept), "%s.before-restore",
		    o->db);
	if (bad || *base == '\0')
		return ceu_db_fail(bk, CEU_ECANTCREAT, "cannot create '%s': "
		    "bad name", o->db);
	if (rs->live && access(r->kept, F_OK) == 0)
		return ceu_db_fail(bk, CEU_ECANTCREAT, "'%s' is there from an "
		    "earlier restore; move it away first", r->kept);
	return plan_key(bk, o, rs);
}

/* A JSON object { name: path, journal_id, hash } of a journal head (id 0:
 * none, null), made by SQLite; the caller frees it with sqlite3_free. */
static char *
head_json(struct ceu_db *s, const char *name, const char *path,
    long long id, const char *hash)
{
	static const char sql[] =
	    "SELECT json_object(?1, ?2, 'journal_id', ?3, 'hash', ?4)";
	sqlite3_stmt *st = ceu_db_stmt(s, sql);
	char *json = NULL;

	if (st == NULL)
		return NULL;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, path, -1, SQLITE_STATIC);
	if (id > 0) {
		sqlite3_bind_int64(st, 3, id);
		sqlite3_bind_text(st, 4, hash, -1, SQLITE_STATIC);
	}
	if (sqlite3_step(st) != SQLITE_ROW)
		ceu_db_sqlfail(s, "journal");
	else if ((json = sqlite3_mprintf("%s", ceu_col_text(st, 0))) == NULL)
		abort();	/* SQLite's allocator: out of memory (alloc.h) */
	sqlite3_reset(st);
	return json;
}

/*
 * R16: the restore in the restored database itself, as the last row of
 * its chain: from which backup and the backup's journal head (after), and
 * what it replaced (before, or NULL).  An older backup brought up to this
 * schema says so first, as ceu init does.
 */
static int
journal_restore(struct ceu_db *s, struct ceu_db *bk,
    const struct ceu_restore_opts *o, const struct ceu_backup_info *info,
    const char *before)
{
	char from[PATH_MAX], up[32], *after;
	int rc;

	if (realpath(bk->path, from) == NULL)
		snprintf(from, sizeof(from), "%s", bk->path);
	if ((after = head_json(s, "from", from, info->head_id,
	    info->head_hash)) == NULL)
		return s->code;
	snprintf(up, sizeof(up), "{\"schema\":%d}", s->upgraded_from);
	if ((rc = ceu_db_begin(s)) == CEU_OK && s->upgraded_from > 0)
		rc = ceu_journal_append(s, "upgrade", "database", o->db, up,
		    "{\"schema\":" CEU_SCHEMA_VERSION_TEXT "}", NULL);
	if (rc == CEU_OK)
		rc = ceu_journal_append(s, "restore", "database", o->db, before,
		    after, NULL);
	if (rc == CEU_OK)
		rc = ceu_db_commit(s);
	else
		ceu_db_rollback(s);
	sqlite3_free(after);
	return rc;
}

/* Copy the database as it is now, read through its own file, to
 * r->kept; the journal row's before says what it was. */
static int
keep_live(struct ceu_db *bk, struct ceu_db *s, const struct ceu_restore_opts *o,
    struct restore *rs, struct ceu_restore_result *r, char **before)
{
	char hash[CEU_JOURNAL_HASH_HEX] = "";
	long long id = 0;
	struct ceu_db *old;
	int fd, rc;

	if ((fd = bk_take_temp(rs->kept_temp)) < 0)
		return bk_temp_fail(bk, rs->kept_temp);
	if ((rc = ceu_db_open_readonly(o->db, o->busy_timeout_ms, &old)) !=
	    CEU_OK)
		rc = ceu_db_fail(bk, old->code, "%s", old->msg);
	else {
		/* What it was, for the journal: none if it has no journal. */
		if (ceu_journal_head(old, &id, hash) != CEU_OK)
			id = 0, hash[0] = '\0';
		rc = bk_copy_into(bk, old->sql, rs->kept_temp);
	}
	ceu_db_close(old);
	if (rc == CEU_OK && (fsync(fd) != 0 ||
	    rename(rs->kept_temp, r->kept) != 0))
		rc = ceu_db_fail(bk, CEU_ECANTCREAT, "cannot create '%s': %s",
		    r->kept, strerror(errno));
	rs->kept_made = rc == CEU_OK;
	if (rc != CEU_OK)
		bk_drop_temp(rs->kept_temp);
	close(fd);
	if (rc == CEU_OK && (*before = head_json(s, "kept", r->kept, id,
	    hash)) == NULL)
		rc = ceu_db_fail(bk, s->code, "%s", s->msg);
	return rc;
}

/* A database in WAL mode takes a copy only of its own page size: give
 * the staged copy the live file's (an older file may have 4 KiB pages). */
static int
match_page_size(struct ceu_db *bk, struct ceu_db *s, sqlite3 *live)
{
	sqlite3_stmt *st;
	char sql[160];
	int want = 0, have = 0;

	if (sqlite3_prepare_v2(live, "PRAGMA page_size", -1, &st, NULL) ==
	    SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		want = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (sqlite3_prepare_v2(s->sql, "PRAGMA page_size", -1, &st, NULL) ==
	    SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		have = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (want == 0 || want == have)
		return CEU_OK;
	snprintf(sql, sizeof(sql), "PRAGMA journal_mode = DELETE;"
	    "PRAGMA page_size = %d; VACUUM; PRAGMA journal_mode = WAL", want);
	if (ceu_db_exec(s, sql) != CEU_OK)
		return ceu_db_fail(bk, s->code, "%s", s->msg);
	return CEU_OK;
}

/* Open the database o->db to restore into, in WAL mode as ceu keeps it;
 * UNREADABLE when SQLite cannot read it at all. */
static int
open_live(struct ceu_db *bk, const struct ceu_restore_opts *o,
    sqlite3 **live)
{
	int rc;

	rc = sqlite3_open_v2(o->db, live, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_NOMUTEX, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_extended_result_codes(*live, 0);
		sqlite3_busy_timeout(*live, o->busy_timeout_ms);
		rc = sqlite3_exec(*live, "PRAGMA journal_mode = WAL", NULL,
		    NULL, NULL);
	}
	if (rc == SQLITE_OK)
		return CEU_OK;
	rc = sqlite3_errcode(*live) & 0xff;
	if (rc == SQLITE_NOTADB || rc == SQLITE_CORRUPT)
		return UNREADABLE;
	return bk_sql_fail(bk, *live, o->db);
}

/*
 * Restore into the database o->db where it is, through SQLite's backup
 * API with o->db as the destination: the first step takes its write lock
 * and copies nothing; under that lock the database as it is is copied to
 * r->kept and the restore journaled in s; the second step copies s and
 * commits.  No other write falls between, and programs that have o->db
 * open see the restored database as they would see any commit.
 * UNREADABLE when SQLite cannot read o->db at all.
 */
static int
install_live(struct ceu_db *bk, struct ceu_db *s,
    const struct ceu_restore_opts *o, struct restore *rs,
    struct ceu_restore_result *r)
{
	sqlite3 *live = NULL;
	sqlite3_backup *b = NULL;
	char *before = NULL;
	int rc, step;

	if ((rc = open_live(bk, o, &live)) == CEU_OK &&
	    (rc = match_page_size(bk, s, live)) == CEU_OK) {
		if ((b = sqlite3_backup_init(live, "main", s->sql, "main")) ==
		    NULL)
			rc = bk_sql_fail(bk, live, o->db);
		else if ((step = sqlite3_backup_step(b, 0)) != SQLITE_OK)
			rc = bk_step_fail(bk, step, live, o->db);
	}
	if (rc == CEU_OK)
		rc = keep_live(bk, s, o, rs, r, &before);
	if (rc == CEU_OK && journal_restore(s, bk, o, &r->info, before) !=
	    CEU_OK)
		rc = ceu_db_fail(bk, s->code, "%s", s->msg);
	if (rc == CEU_OK && (step = sqlite3_backup_step(b, -1)) != SQLITE_DONE)
		rc = bk_step_fail(bk, step, live, o->db);
	if (b != NULL)
		sqlite3_backup_finish(b);
	if (rc != CEU_OK && rs->kept_made)
		unlink(r->kept);
	/* The restore went through the log: fold it back, if no reader
	 * holds an older snapshot. */
	if (rc == CEU_OK)
		sqlite3_exec(live, "PRAGMA wal_checkpoint(TRUNCATE)", NULL,
		    NULL, NULL);
	sqlite3_free(before);
	sqlite3_close(live);
	return rc;
}

/* A file SQLite cannot read is moved aside as it is, with its log. */
static int
move_aside(struct ceu_db *bk, const struct ceu_restore_opts *o,
    struct ceu_restore_result *r, char **before, struct ceu_db *s)
{
	char from[PATH_MAX + 8], to[PATH_MAX + 8];

	if (rename(o->db, r->kept) != 0)
		return ceu_db_fail(bk, CEU_EIO, "cannot move '%s' to '%s': %s",
		    o->db, r->kept, strerror(errno));
	r->moved = 1;
	if (bk_path_fmt(from, sizeof(from), "%s-wal", o->db) == 0 &&
	    bk_path_fmt(to, sizeof(to), "%s-wal", r->kept) == 0)
		rename(from, to);
	if (bk_path_fmt(from, sizeof(from), "%s-shm", o->db) == 0)
		unlink(from);
	if ((*before = head_json(s, "kept", r->kept, 0, "")) == NULL)
		return ceu_db_fail(bk, s->code, "%s", s->msg);
	return CEU_OK;
}

/* Where there is no database (or no longer one), the staged copy, journaled
 * and complete in its file, takes the name: linked, never over another. */
static int
install_new(struct ceu_db *bk, struct ceu_db **sp,
    const struct ceu_restore_opts *o, struct restore *rs,
    struct ceu_restore_result *r, const char *before)
{
	struct ceu_db *s = *sp;

	if (journal_restore(s, bk, o, &r->info, before) != CEU_OK ||
	    ceu_db_exec(s, "PRAGMA wal_checkpoint(TRUNCATE)") != CEU_OK)
		return ceu_db_fail(bk, s->code, "%s", s->msg);
	ceu_db_close(s);
	*sp = NULL;
	if (fsync(rs->fd) != 0 || link(rs->staged, o->db) != 0)
		return ceu_db_fail(bk, CEU_ECANTCREAT, "cannot create '%s': %s",
		    o->db, strerror(errno));
	bk_sync_folder(rs->folder);
	return CEU_OK;
}

/* The backup's key where the database's key goes; the one it replaces
 * kept. */
static int
install_key(struct ceu_db *bk, const struct ceu_restore_opts *o,
    struct restore *rs)
{
	char folder[PATH_MAX], temp[PATH_MAX];

	if (rs->key == CEU_RESTORE_KEY_NONE || rs->key == CEU_RESTORE_KEY_SAME)
		return CEU_OK;
	bk_folder_of(o->key, folder);
	if (bk_path_fmt(temp, sizeof(temp), "%s/.%s.partial", folder,
	    bk_base_of(o->key)) != 0 ||
	    bk_write_private(temp, rs->source_key, rs->source_key_len) != 0)
		return ceu_db_fail(bk, CEU_ECANTCREAT, "cannot create key "
		    "'%s': %s", o->key, strerror(errno));
	if ((rs->key == CEU_RESTORE_KEY_REPLACED &&
	    link(o->key, rs->key_kept) != 0) || rename(temp, o->key) != 0) {
		unlink(temp);
		return ceu_db_fail(bk, CEU_ECANTCREAT, "cannot create key "
		    "'%s': %s", o->key, strerror(errno));
	}
	bk_sync_folder(folder);
	return CEU_OK;
}

/* The staged copy s into place, whichever way o->db allows. */
static int
put_back(struct ceu_db *bk, struct ceu_db **sp,
    const struct ceu_restore_opts *o, struct restore *rs,
    struct ceu_restore_result *r)
{
	char *before = NULL;
	int rc;

	if (!rs->live)
		return install_new(bk, sp, o, rs, r, NULL);
	if ((rc = install_live(bk, *sp, o, rs, r)) != UNREADABLE)
		return rc;
	if ((rc = move_aside(bk, o, r, &before, *sp)) == CEU_OK)
		rc = install_new(bk, sp, o, rs, r, before);
	sqlite3_free(before);
	return rc;
}

/* The key the restored database will have, which seals and signs the
 * staged copy (R16): the backup's, or else the database's own. */
static const char *
staged_key(struct ceu_db *bk, const struct ceu_restore_opts *o,
    const struct restore *rs, char buf[CEU_KEY_PATH_MAX])
{
	if (rs->key != CEU_RESTORE_KEY_NONE)
		return o->source_key;
	if (o->key != NULL)
		return o->key;
	return ceu_key_path(bk, o->db, buf, CEU_KEY_PATH_MAX) == CEU_OK ?
	    buf : NULL;
}

int
ceu_backup_restore(struct ceu_db *bk, const struct ceu_restore_opts *o,
    struct ceu_restore_result *r)
{
	char key[CEU_KEY_PATH_MAX];
	struct restore rs;
	struct ceu_db *s = NULL;
	int rc;

	memset(r, 0, sizeof(*r));
	memset(&rs, 0, sizeof(rs));
	if ((rc = plan_restore(bk, o, &rs, r)) != CEU_OK ||
	    (rc = ceu_backup_check(bk, &r->info)) != CEU_OK)
		return rc;
	if ((rs.fd = bk_take_temp(rs.staged)) < 0)
		return bk_temp_fail(bk, rs.staged);
	rc = bk_copy_into(bk, bk->sql, rs.staged);
	if (rc == CEU_OK && (rc = ceu_db_open_keyed(rs.staged,
	    staged_key(bk, o, &rs, key), 1, &s)) != CEU_OK)
		ceu_db_fail(bk, rc, "%s", s->msg);
	if (rc == CEU_OK) {
		s->actor = bk->actor;
		r->upgraded_from = s->upgraded_from;
		r->key_made = s->key_made;
		rc = put_back(bk, &s, o, &rs, r);
	}
	ceu_db_close(s);
	bk_drop_temp(rs.staged);
	close(rs.fd);
	if (rc == CEU_OK && (rc = install_key(bk, o, &rs)) == CEU_OK)
		r->key = rs.key;
	sodium_memzero(rs.source_key, sizeof(rs.source_key));
	return rc;
}
