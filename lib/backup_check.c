/*
 * backup_check.c - checking a backup: its header, PRAGMA integrity_check,
 * the journal chain of R16 and its checksum file; opening one read-only.
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
#include "backup_file.h"

/* A message of this library in the user's language (see ceu_db_fail). */
#define _(s) dgettext("ceu", s)


/* ---- checking a backup ---- */

/* Record why the backup bk does not verify: CEU_EREFUSED.  The callers
 * of check_file say what it is that does not verify. */
static int
damaged(struct ceu_db *bk, const char *why)
{
	return ceu_db_fail(bk, CEU_EREFUSED, "%s", why);
}

/* Whole, and a ceu database this ceu can read. */
static int
check_header(struct ceu_db *bk, int fd, struct ceu_backup_info *info)
{
	struct header h;
	struct stat sb;

	if (fstat(fd, &sb) != 0)
		return ceu_db_fail(bk, CEU_EIO, "cannot read '%s': %s",
		    bk->path, strerror(errno));
	if (bk_read_header(fd, &h) != 0)
		return damaged(bk, _("no SQLite header (truncated or "
		    "overwritten)"));
	if (h.valid && (long long)sb.st_size != h.pages * h.page_size)
		return ceu_db_fail(bk, CEU_EREFUSED, "%lld bytes where its "
		    "header says %lld (truncated or altered)",
		    (long long)sb.st_size, h.pages * h.page_size);
	if (h.app_id != CEU_APPLICATION_ID)
		return ceu_db_fail(bk, CEU_EDATA, "'%s' is not a ceu database",
		    bk->path);
	if (h.schema > CEU_SCHEMA_VERSION)
		return ceu_db_fail(bk, CEU_EDATA, "'%s' has schema version %d, "
		    "newer than this ceu (%d)", bk->path, h.schema,
		    CEU_SCHEMA_VERSION);
	info->schema = h.schema;
	info->page_size = h.page_size;
	info->pages = h.valid ? h.pages : sb.st_size / h.page_size;
	return CEU_OK;
}

/* PRAGMA integrity_check: "ok", or the first thing wrong. */
static int
check_integrity(struct ceu_db *bk)
{
	sqlite3_stmt *st = NULL;
	int rc;

	rc = sqlite3_prepare_v2(bk->sql, "PRAGMA integrity_check(1)", -1, &st,
	    NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && strcmp(ceu_col_text(st, 0), "ok") == 0) {
		sqlite3_finalize(st);
		return CEU_OK;
	}
	if (rc == SQLITE_ROW)
		damaged(bk, ceu_col_text(st, 0));
	else
		damaged(bk, sqlite3_errmsg(bk->sql));
	sqlite3_finalize(st);
	return bk->code;
}

/* R16: the journal chain, and its last row. */
static int
check_journal(struct ceu_db *bk, struct ceu_backup_info *info)
{
	long long bad;
	char why[sizeof(bk->msg)];

	if (ceu_journal_verify(bk, &info->journal_rows, &bad) != CEU_OK)
		return bk->code == CEU_EREFUSED ? CEU_EREFUSED :
		    damaged(bk, strcpy(why, bk->msg));
	return ceu_journal_head(bk, &info->head_id, info->head_hash);
}

/* The checksum file beside the backup, if any: it must name the backup,
 * and the key too when it names one. */
static int
check_sum(struct ceu_db *bk, const char *digest, struct ceu_backup_info *info)
{
	char path[PATH_MAX + 8], name[PATH_MAX], sum[SUM_MAX], key[KEY_MAX];
	char want[CEU_BACKUP_DIGEST_HEX], got[CEU_BACKUP_DIGEST_HEX];
	size_t len;

	if (bk_path_fmt(path, sizeof(path), "%s.b2sum", bk->path) != 0 ||
	    bk_read_small(path, sum, sizeof(sum) - 1, &len) != 0) {
		if (errno == ENOENT)
			return CEU_OK;
		return ceu_db_fail(bk, CEU_EIO, "cannot read '%s': %s", path,
		    strerror(errno));
	}
	sum[len] = '\0';
	if (bk_sum_lookup(sum, bk_base_of(bk->path), want) != 0)
		return damaged(bk, _("its checksum file does not name it"));
	if (strcmp(want, digest) != 0)
		return damaged(bk, _("its checksum differs from its checksum "
		    "file (altered)"));
	snprintf(name, sizeof(name), "%s.key", bk_base_of(bk->path));
	if (bk_sum_lookup(sum, name, want) == 0) {
		if (bk_path_fmt(path, sizeof(path), "%s.key", bk->path) != 0 ||
		    bk_read_small(path, key, sizeof(key), &len) != 0)
			return damaged(bk, _("its key file is missing"));
		bk_digest_bytes(key, len, got);
		if (strcmp(want, got) != 0)
			return damaged(bk, _("its key file differs from its "
			    "checksum file (altered)"));
	}
	info->summed = 1;
	return CEU_OK;
}

/* The checks of ceu_backup_check; the checksum file only with sum (a copy
 * not yet in place has none).  The file's checksum is read on a second
 * thread while SQLite checks the database. */
int
bk_check_file(struct ceu_db *bk, int sum, struct ceu_backup_info *info)
{
	struct digest_job job;
	pthread_t t;
	int threaded, rc;

	memset(info, 0, sizeof(*info));
	memset(&job, 0, sizeof(job));
	if (sodium_init() < 0)
		return ceu_db_fail(bk, CEU_EIO, "libsodium failed to start");
	if ((job.fd = open(bk->path, O_RDONLY | O_CLOEXEC)) < 0)
		return ceu_db_fail(bk, CEU_EIO, "cannot read '%s': %s",
		    bk->path, strerror(errno));
	if ((rc = check_header(bk, job.fd, info)) != CEU_OK) {
		close(job.fd);
		return rc;
	}
	threaded = pthread_create(&t, NULL, bk_digest_run, &job) == 0;
	if (!threaded)
		bk_digest_run(&job);
	rc = check_integrity(bk);
	if (rc == CEU_OK)
		rc = check_journal(bk, info);
	if (threaded)
		pthread_join(t, NULL);
	close(job.fd);
	if (rc == CEU_OK && job.err != 0)
		rc = ceu_db_fail(bk, CEU_EIO, "cannot read '%s': %s", bk->path,
		    strerror(job.err));
	if (rc != CEU_OK)
		return rc;
	memcpy(info->digest, job.hex, sizeof(info->digest));
	return sum ? check_sum(bk, info->digest, info) : CEU_OK;
}

int
ceu_backup_check(struct ceu_db *bk, struct ceu_backup_info *info)
{
	char why[sizeof(bk->msg)];
	int rc;

	if ((rc = bk_check_file(bk, 1, info)) == CEU_EREFUSED)
		ceu_db_fail(bk, rc, "backup '%s' does not verify: %s",
		    bk->path, strcpy(why, bk->msg));
	return rc;
}

/* "file:" URI of path, read-only and immutable: SQLite then takes no
 * lock and makes no -wal or -shm beside it.  The caller frees it. */
static char *
immutable_uri(const char *path)
{
	static const char hex[] = "0123456789ABCDEF";
	char *uri, *p;

	uri = ceu_malloc(strlen(path) * 3 + 32);
	p = uri + sprintf(uri, "file:");
	for (const unsigned char *s = (const unsigned char *)path; *s; s++) {
		if (isalnum(*s) || strchr("/._-~", *s) != NULL) {
			*p++ = (char)*s;
			continue;
		}
		*p++ = '%';
		*p++ = hex[*s >> 4];
		*p++ = hex[*s & 15];
	}
	strcpy(p, "?immutable=1");
	return uri;
}

int
ceu_backup_open(const char *path, struct ceu_db **out, char *msg)
{
	char wal[PATH_MAX + 8], *uri;
	struct ceu_db *bk;
	struct stat sb;
	int rc;

	*out = NULL;
	if (stat(path, &sb) != 0) {
		rc = errno == ENOENT ? CEU_ENOINPUT : CEU_EIO;
		snprintf(msg, 1024, _("cannot open '%s': %s"), path,
		    strerror(errno));
		return rc;
	}
	if (S_ISDIR(sb.st_mode)) {
		snprintf(msg, 1024, _("'%s' is a folder, not a backup"), path);
		return CEU_EDATA;
	}
	/* Opened immutable, a file with a log would be read without it. */
	if (bk_path_fmt(wal, sizeof(wal), "%s-wal", path) == 0 &&
	    stat(wal, &sb) == 0 && sb.st_size > 0) {
		snprintf(msg, 1024, _("'%s' has a write-ahead log beside it: "
		    "a database in use, not a backup; back it up with "
		    "'ceu backup --db %s'"), path, path);
		return CEU_EDATA;
	}
	bk = ceu_calloc(1, sizeof(*bk));
	bk->path = path;
	bk->actor = "unknown";
	uri = immutable_uri(path);
	rc = sqlite3_open_v2(uri, &bk->sql, SQLITE_OPEN_READONLY |
	    SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, NULL);
	free(uri);
	if (rc != SQLITE_OK) {
		snprintf(msg, 1024, _("cannot open '%s': %s"), path,
		    bk->sql ? sqlite3_errmsg(bk->sql) : sqlite3_errstr(rc));
		ceu_db_close(bk);
		return CEU_EIO;
	}
	sqlite3_extended_result_codes(bk->sql, 0);
	*out = bk;
	return CEU_OK;
}
