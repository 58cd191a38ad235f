/*
 * backup.c - backups of the database, their check, and restore.  See
 * backup.h for the contract.
 *
 * Where the time goes, on the generated province of bench/backup.sh (4.4
 * million records, 1.1 GB): the page copy takes about what the sqlite3
 * shell's .backup takes (written with no journal and synced once, in one
 * read transaction that a concurrent import never makes restart; mmap and
 * larger page caches measured no faster); PRAGMA integrity_check of the
 * copy takes about eight times that, on one core, because it looks every
 * row up in each of its indexes; the checksum of the copy is read on a
 * second thread meanwhile, and the copy goes out to disk behind the check.
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

/* A message of this library in the user's language (see ceu_db_fail). */
#define _(s) dgettext("ceu", s)

#define KEY_MAX (16 * 1024)		/* a key file is a few bytes */
#define SUM_MAX (64 * 1024)
#define BACKUP_NAME "ceu-####-##-##-######.db"	/* #: a digit */

/* ---- paths and files ---- */

/* buf = fmt...; 0, or -1 when it does not fit. */
static int __attribute__((format(printf, 3, 4)))
path_fmt(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n < 0 || (size_t)n >= size ? -1 : 0;
}

/* The folder of path ("." when it names none) into buf of PATH_MAX. */
static void
folder_of(const char *path, char *buf)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL)
		snprintf(buf, PATH_MAX, ".");
	else if (slash == path)
		snprintf(buf, PATH_MAX, "/");
	else
		snprintf(buf, PATH_MAX, "%.*s", (int)(slash - path), path);
}

static const char *
base_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash != NULL ? slash + 1 : path;
}

static int
same_file(const struct stat *a, const char *path)
{
	struct stat b;

	return stat(path, &b) == 0 && a->st_dev == b.st_dev &&
	    a->st_ino == b.st_ino;
}

/* Make the renames and links in folder durable. */
static void
sync_folder(const char *folder)
{
	int fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
}

/*
 * Create or take over path, a temporary file of ours, empty, mode 0600
 * whatever the umask, and locked so that a second run fails rather than
 * write into it; what SQLite left beside it in a run that was killed
 * goes.  Returns the descriptor, or -1 with errno (EWOULDBLOCK: another
 * run holds it).  The lock is checked to be on the file the name still
 * names: a run that finished may have renamed it into place meanwhile.
 */
static int
take_temp(const char *path)
{
	static const char *const beside[] = { "-journal", "-wal", "-shm" };
	char side[PATH_MAX + 16];
	struct stat sb;
	int fd, tries;

	for (tries = 0; tries < 3; tries++) {
		fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC,
		    0600);
		if (fd < 0)
			return -1;
		if (flock(fd, LOCK_EX | LOCK_NB) != 0 || fstat(fd, &sb) != 0)
			break;
		if (!same_file(&sb, path)) {
			close(fd);
			continue;
		}
		if (fchmod(fd, 0600) != 0 || ftruncate(fd, 0) != 0)
			break;
		for (size_t i = 0; i < sizeof(beside) / sizeof(*beside); i++)
			if (path_fmt(side, sizeof(side), "%s%s", path,
			    beside[i]) == 0)
				unlink(side);
		return fd;
	}
	if (tries == 3)
		errno = EWOULDBLOCK;
	else {
		int e = errno;

		close(fd);
		errno = e;
	}
	return -1;
}

/* Remove a temporary file of ours and what SQLite may have left beside. */
static void
drop_temp(const char *path)
{
	char side[PATH_MAX + 16];

	unlink(path);
	if (path_fmt(side, sizeof(side), "%s-wal", path) == 0)
		unlink(side);
	if (path_fmt(side, sizeof(side), "%s-shm", path) == 0)
		unlink(side);
}

/* Read a small file whole into buf (size bytes at most; a larger file is
 * EFBIG).  0 with *len, or -1 with errno. */
static int
read_small(const char *path, char *buf, size_t size, size_t *len)
{
	ssize_t n;
	int fd, e;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return -1;
	*len = 0;
	while ((n = read(fd, buf + *len, size - *len)) > 0)
		if ((*len += (size_t)n) == size)
			break;
	e = n < 0 ? errno : *len == size ? EFBIG : 0;
	close(fd);
	errno = e;
	return e != 0 ? -1 : 0;
}

/* Write data to path, mode 0600, synced.  0, or -1 with errno. */
static int
write_private(const char *path, const void *data, size_t len)
{
	const char *p = data;
	ssize_t n;
	int fd, e = 0;

	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC,
	    0600);
	if (fd < 0)
		return -1;
	if (fchmod(fd, 0600) != 0)
		e = errno;
	while (e == 0 && len > 0) {
		if ((n = write(fd, p, len)) < 0) {
			e = errno;
			break;
		}
		p += n;
		len -= (size_t)n;
	}
	if (e == 0 && fsync(fd) != 0)
		e = errno;
	if (close(fd) != 0 && e == 0)
		e = errno;
	errno = e;
	return e != 0 ? -1 : 0;
}

/* ---- checksums: BLAKE2b-512, as b2sum(1) ---- */

static void
digest_bytes(const void *data, size_t len, char hex[CEU_BACKUP_DIGEST_HEX])
{
	unsigned char out[crypto_generichash_BYTES_MAX];

	crypto_generichash(out, sizeof(out), data, len, NULL, 0);
	sodium_bin2hex(hex, CEU_BACKUP_DIGEST_HEX, out, sizeof(out));
}

struct digest_job {
	int fd;
	int err;		/* errno of a failed read, or 0 */
	char hex[CEU_BACKUP_DIGEST_HEX];
};

/* The checksum of job->fd's file, read from the start; on a thread of
 * its own while the file is checked. */
static void *
digest_run(void *arg)
{
	struct digest_job *job = arg;
	crypto_generichash_state h;
	unsigned char out[crypto_generichash_BYTES_MAX], *buf;
	size_t size = 1 << 20;
	off_t off = 0;
	ssize_t n;

	buf = ceu_malloc(size);
	posix_fadvise(job->fd, 0, 0, POSIX_FADV_SEQUENTIAL);
	crypto_generichash_init(&h, NULL, 0, sizeof(out));
	while ((n = pread(job->fd, buf, size, off)) > 0) {
		crypto_generichash_update(&h, buf, (size_t)n);
		off += n;
	}
	job->err = n < 0 ? errno : 0;
	crypto_generichash_final(&h, out, sizeof(out));
	sodium_bin2hex(job->hex, sizeof(job->hex), out, sizeof(out));
	free(buf);
	return NULL;
}

/* The checksum that the b2sum text sum gives for name, into hex; 0, or
 * -1 when it names no such file.  Lines are "HEX  NAME" (or "HEX *NAME"). */
static int
sum_lookup(const char *sum, const char *name, char hex[CEU_BACKUP_DIGEST_HEX])
{
	size_t nlen = strlen(name), hlen = CEU_BACKUP_DIGEST_HEX - 1;
	const char *line, *end;

	for (line = sum; *line != '\0'; line = *end ? end + 1 : end) {
		if ((end = strchr(line, '\n')) == NULL)
			end = line + strlen(line);
		if ((size_t)(end - line) != hlen + 2 + nlen ||
		    line[hlen] != ' ' || (line[hlen + 1] != ' ' &&
		    line[hlen + 1] != '*') ||
		    memcmp(line + hlen + 2, name, nlen) != 0)
			continue;
		memcpy(hex, line, hlen);
		hex[hlen] = '\0';
		return 0;
	}
	return -1;
}

/* ---- the SQLite header ---- */

struct header {
	long long pages;	/* in-header database size */
	int page_size;
	int valid;		/* the size is current (SQLite 3.7.0 on) */
	uint32_t app_id;
	int schema;		/* user_version */
};

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

/* 0, or -1 when fd does not start with a SQLite header. */
static int
read_header(int fd, struct header *h)
{
	unsigned char b[100];

	if (pread(fd, b, sizeof(b), 0) != (ssize_t)sizeof(b) ||
	    memcmp(b, "SQLite format 3", 16) != 0)
		return -1;
	h->page_size = b[16] << 8 | b[17];
	if (h->page_size == 1)
		h->page_size = 65536;
	if (h->page_size < 512 || (h->page_size & (h->page_size - 1)) != 0)
		return -1;
	h->pages = be32(b + 28);
	h->valid = h->pages > 0 && memcmp(b + 24, b + 92, 4) == 0;
	h->schema = (int)be32(b + 60);
	h->app_id = be32(b + 68);
	return 0;
}

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
	if (read_header(fd, &h) != 0)
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
	static const char sql[] =
	    "SELECT id, hash FROM journal ORDER BY id DESC LIMIT 1";
	sqlite3_stmt *st;
	long long bad;
	char why[sizeof(bk->msg)];

	if (ceu_journal_verify(bk, &info->journal_rows, &bad) != CEU_OK)
		return bk->code == CEU_EREFUSED ? CEU_EREFUSED :
		    damaged(bk, strcpy(why, bk->msg));
	if ((st = ceu_db_stmt(bk, sql)) == NULL)
		return bk->code;
	if (sqlite3_step(st) == SQLITE_ROW) {
		info->head_id = sqlite3_column_int64(st, 0);
		snprintf(info->head_hash, sizeof(info->head_hash), "%s",
		    ceu_col_text(st, 1));
	}
	sqlite3_reset(st);
	return CEU_OK;
}

/* The checksum file beside the backup, if any: it must name the backup,
 * and the key too when it names one. */
static int
check_sum(struct ceu_db *bk, const char *digest, struct ceu_backup_info *info)
{
	char path[PATH_MAX + 8], name[PATH_MAX], sum[SUM_MAX], key[KEY_MAX];
	char want[CEU_BACKUP_DIGEST_HEX], got[CEU_BACKUP_DIGEST_HEX];
	size_t len;

	if (path_fmt(path, sizeof(path), "%s.b2sum", bk->path) != 0 ||
	    read_small(path, sum, sizeof(sum) - 1, &len) != 0) {
		if (errno == ENOENT)
			return CEU_OK;
		return ceu_db_fail(bk, CEU_EIO, "cannot read '%s': %s", path,
		    strerror(errno));
	}
	sum[len] = '\0';
	if (sum_lookup(sum, base_of(bk->path), want) != 0)
		return damaged(bk, _("its checksum file does not name it"));
	if (strcmp(want, digest) != 0)
		return damaged(bk, _("its checksum differs from its checksum "
		    "file (altered)"));
	snprintf(name, sizeof(name), "%s.key", base_of(bk->path));
	if (sum_lookup(sum, name, want) == 0) {
		if (path_fmt(path, sizeof(path), "%s.key", bk->path) != 0 ||
		    read_small(path, key, sizeof(key), &len) != 0)
			return damaged(bk, _("its key file is missing"));
		digest_bytes(key, len, got);
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
static int
check_file(struct ceu_db *bk, int sum, struct ceu_backup_info *info)
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
	threaded = pthread_create(&t, NULL, digest_run, &job) == 0;
	if (!threaded)
		digest_run(&job);
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

	if ((rc = check_file(bk, 1, info)) == CEU_EREFUSED)
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
	if (path_fmt(wal, sizeof(wal), "%s-wal", path) == 0 &&
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

/* ---- copying ---- */

/* Map SQLite's result rc of a call on sql to a code and message in err:
 * the backup API returns its errors rather than leaving them in sql. */
static int
step_fail(struct ceu_db *err, int rc, sqlite3 *sql, const char *what)
{
	const char *why = sqlite3_errcode(sql) == rc ? sqlite3_errmsg(sql) :
	    sqlite3_errstr(rc);

	rc &= 0xff;
	if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
		return ceu_db_fail(err, CEU_EBUSY, "database '%s' is busy; try "
		    "again", what);
	return ceu_db_fail(err, rc == SQLITE_NOTADB || rc == SQLITE_CORRUPT ?
	    CEU_EREFUSED : CEU_EIO, "'%s': %s", what, why);
}

/* take_temp failed on path. */
static int
temp_fail(struct ceu_db *err, const char *path)
{
	if (errno == EWOULDBLOCK)
		return ceu_db_fail(err, CEU_EBUSY, "another run is writing "
		    "'%s'; try again later", path);
	return ceu_db_fail(err, CEU_ECANTCREAT, "cannot create '%s': %s",
	    path, strerror(errno));
}

/* Map a failed SQLite call on sql to a code and message in err. */
static int
sql_fail(struct ceu_db *err, sqlite3 *sql, const char *what)
{
	return step_fail(err, sqlite3_errcode(sql), sql, what);
}

/*
 * Copy the main database of connection src into path, an empty file of
 * ours, with SQLite's backup API in one step: one read transaction, so
 * that a writer's commit meanwhile neither restarts the copy nor shows in
 * it.  The copy is written with no journal (it is not in place until it
 * has verified) and left in rollback-journal mode, so that reading it
 * later makes no -wal or -shm.  Errors in err.
 */
static int
copy_into(struct ceu_db *err, sqlite3 *src, const char *path)
{
	sqlite3 *dst = NULL;
	sqlite3_backup *b;
	int rc;

	if (sqlite3_open_v2(path, &dst, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		rc = ceu_db_fail(err, CEU_ECANTCREAT, "cannot create '%s': %s",
		    path, sqlite3_errmsg(dst));
		sqlite3_close(dst);
		return rc;
	}
	sqlite3_extended_result_codes(dst, 0);
	rc = sqlite3_exec(dst, "PRAGMA journal_mode = OFF;"
	    "PRAGMA synchronous = OFF; PRAGMA locking_mode = EXCLUSIVE",
	    NULL, NULL, NULL);
	if (rc == SQLITE_OK &&
	    (b = sqlite3_backup_init(dst, "main", src, "main")) != NULL) {
		rc = sqlite3_backup_step(b, -1);
		sqlite3_backup_finish(b);
		if (rc == SQLITE_DONE)
			rc = sqlite3_exec(dst, "PRAGMA journal_mode = DELETE",
			    NULL, NULL, NULL);
	} else if (rc == SQLITE_OK)
		rc = sqlite3_errcode(dst);
	if (rc != SQLITE_OK)
		step_fail(err, rc, dst, sqlite3_db_filename(src, "main"));
	sqlite3_close(dst);
	return rc == SQLITE_OK ? CEU_OK : err->code;
}

/* ---- ceu backup ---- */

/* The file names of one backup run. */
struct run {
	char folder[PATH_MAX];
	char path[PATH_MAX];		/* the backup, in place */
	char temp[PATH_MAX];		/* where it is written first */
	char key[PATH_MAX + 8];		/* path.key, and its temporary */
	char key_temp[PATH_MAX];
	char sum[PATH_MAX + 8];		/* path.b2sum, and its temporary */
	char sum_temp[PATH_MAX];
	int fd;				/* temp's, locked */
};

/* Where the backup goes: dest itself, or a new name in the folder dest. */
static int
plan_run(struct ceu_db *db, const struct ceu_backup_opts *o, struct run *run)
{
	struct stat sb;
	const char *temp_base;
	char stamp[32];
	int folder = stat(o->dest, &sb) == 0 && S_ISDIR(sb.st_mode);
	time_t t = time(NULL);
	struct tm tm;
	int bad;

	localtime_r(&t, &tm);
	strftime(stamp, sizeof(stamp), "%Y-%m-%d-%H%M%S", &tm);
	if (folder) {
		size_t n = strlen(o->dest);

		while (n > 1 && o->dest[n - 1] == '/')
			n--;
		snprintf(run->folder, sizeof(run->folder), "%.*s", (int)n,
		    o->dest);
		bad = path_fmt(run->path, sizeof(run->path), "%s/ceu-%s.db",
		    strcmp(run->folder, "/") == 0 ? "" : run->folder, stamp);
		/* One temporary name a folder: two runs into one folder at
		 * once are refused, and a killed run's is taken over. */
		temp_base = "ceu-backup";
	} else {
		if (o->keep > 0)
			return ceu_db_fail(db, CEU_EUSAGE, "--keep needs a "
			    "folder, and '%s' is none", o->dest);
		folder_of(o->dest, run->folder);
		bad = path_fmt(run->path, sizeof(run->path), "%s", o->dest);
		temp_base = base_of(o->dest);
		if (*temp_base == '\0' || stat(run->folder, &sb) != 0 ||
		    !S_ISDIR(sb.st_mode))
			return ceu_db_fail(db, CEU_ECANTCREAT, "cannot create "
			    "'%s': no such folder", o->dest);
	}
	bad |= path_fmt(run->temp, sizeof(run->temp), "%s/.%s.partial",
	    run->folder, temp_base);
	bad |= path_fmt(run->key_temp, sizeof(run->key_temp),
	    "%s/.%s.key.partial", run->folder, temp_base);
	bad |= path_fmt(run->sum_temp, sizeof(run->sum_temp),
	    "%s/.%s.b2sum.partial", run->folder, temp_base);
	bad |= path_fmt(run->key, sizeof(run->key), "%s.key", run->path);
	bad |= path_fmt(run->sum, sizeof(run->sum), "%s.b2sum", run->path);
	if (bad)
		return ceu_db_fail(db, CEU_ECANTCREAT, "cannot create '%s': "
		    "name too long", o->dest);
	return CEU_OK;
}

/* Refuse a destination that is the database, its -wal or -shm, or the
 * key: a backup renamed over them would destroy what it copies. */
static int
refuse_self(struct ceu_db *db, const struct ceu_backup_opts *o,
    const struct run *run)
{
	char side[PATH_MAX + 8];
	struct stat sb;

	if (stat(run->path, &sb) != 0)
		return CEU_OK;
	if (same_file(&sb, db->path) ||
	    (path_fmt(side, sizeof(side), "%s-wal", db->path) == 0 &&
	    same_file(&sb, side)) ||
	    (path_fmt(side, sizeof(side), "%s-shm", db->path) == 0 &&
	    same_file(&sb, side)) ||
	    (o->key != NULL && same_file(&sb, o->key)))
		return ceu_db_fail(db, CEU_ECANTCREAT, "'%s' is the database "
		    "or its key; back it up elsewhere", run->path);
	return CEU_OK;
}

/* The key beside the copy, under its temporary name; *copied 0 when the
 * database has no key file. */
static int
copy_key(struct ceu_db *db, const char *key, const struct run *run,
    int *copied, char hex[CEU_BACKUP_DIGEST_HEX])
{
	char buf[KEY_MAX];
	size_t len;

	*copied = 0;
	if (key == NULL)
		return CEU_OK;
	if (read_small(key, buf, sizeof(buf), &len) != 0) {
		if (errno == ENOENT)
			return CEU_OK;
		return ceu_db_fail(db, CEU_EIO, "cannot read key '%s': %s",
		    key, strerror(errno));
	}
	if (write_private(run->key_temp, buf, len) != 0)
		return ceu_db_fail(db, CEU_ECANTCREAT, "cannot create '%s': %s",
		    run->key_temp, strerror(errno));
	digest_bytes(buf, len, hex);
	sodium_memzero(buf, sizeof(buf));
	*copied = 1;
	return CEU_OK;
}

/* Open the copy afresh and check it; its message, if any, into db. */
static int
check_copy(struct ceu_db *db, const struct run *run,
    struct ceu_backup_info *info)
{
	struct ceu_db *bk;
	char msg[1024];
	int rc;

	if ((rc = ceu_backup_open(run->temp, &bk, msg)) != CEU_OK)
		return ceu_db_fail(db, rc, "%s", msg);
	if ((rc = check_file(bk, 0, info)) == CEU_EREFUSED)
		ceu_db_fail(db, rc, "the copy of '%s' does not verify, so "
		    "the database itself is damaged: %s", db->path, bk->msg);
	else if (rc != CEU_OK)
		ceu_db_fail(db, rc, "%s", bk->msg);
	ceu_db_close(bk);
	return rc;
}

/* The checksum file, then the key, then the backup: the backup shows
 * under its name last, complete, with what belongs to it. */
static int
put_in_place(struct ceu_db *db, const struct run *run,
    const struct ceu_backup_result *r, const char *key_hex)
{
	char sum[2 * (CEU_BACKUP_DIGEST_HEX + PATH_MAX)];
	const char *name = base_of(run->path);
	int n;

	n = snprintf(sum, sizeof(sum), "%s  %s\n", r->info.digest, name);
	if (r->key)
		n += snprintf(sum + n, sizeof(sum) - (size_t)n, "%s  %s.key\n",
		    key_hex, name);
	if (fsync(run->fd) != 0)
		return ceu_db_fail(db, CEU_EIO, "cannot write '%s': %s",
		    run->temp, strerror(errno));
	if (write_private(run->sum_temp, sum, (size_t)n) != 0)
		return ceu_db_fail(db, CEU_ECANTCREAT, "cannot create '%s': %s",
		    run->sum_temp, strerror(errno));
	/* Without a key, an older backup's key under this name goes. */
	if (!r->key && unlink(run->key) != 0 && errno != ENOENT)
		return ceu_db_fail(db, CEU_EIO, "cannot remove '%s': %s",
		    run->key, strerror(errno));
	if ((r->key && rename(run->key_temp, run->key) != 0) ||
	    rename(run->sum_temp, run->sum) != 0 ||
	    rename(run->temp, run->path) != 0)
		return ceu_db_fail(db, CEU_ECANTCREAT, "cannot create '%s': %s",
		    run->path, strerror(errno));
	sync_folder(run->folder);
	return CEU_OK;
}

static int
by_name_newest_first(const void *a, const void *b)
{
	return strcmp(*(char *const *)b, *(char *const *)a);
}

static int
backup_name(const char *name)
{
	size_t i;

	for (i = 0; BACKUP_NAME[i] != '\0'; i++)
		if (BACKUP_NAME[i] == '#' ? !isdigit((unsigned char)name[i]) :
		    name[i] != BACKUP_NAME[i])
			return 0;
	return name[i] == '\0';
}

int
ceu_backup_whole(const char *path)
{
	char sum_path[PATH_MAX + 8], sum[SUM_MAX];
	char hex[CEU_BACKUP_DIGEST_HEX];
	struct header h;
	struct stat sb;
	size_t len;
	int fd, whole;

	if (!backup_name(base_of(path)) ||
	    path_fmt(sum_path, sizeof(sum_path), "%s.b2sum", path) != 0 ||
	    read_small(sum_path, sum, sizeof(sum) - 1, &len) != 0)
		return 0;
	sum[len] = '\0';
	if (sum_lookup(sum, base_of(path), hex) != 0 ||
	    (fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return 0;
	whole = fstat(fd, &sb) == 0 && read_header(fd, &h) == 0 && h.valid &&
	    h.app_id == CEU_APPLICATION_ID &&
	    (long long)sb.st_size == h.pages * h.page_size;
	close(fd);
	return whole;
}

/* Remove one old backup and what belongs to it. */
static int
remove_backup(struct ceu_db *db, const char *path,
    const struct ceu_backup_opts *o)
{
	char side[PATH_MAX + 8];

	if (unlink(path) != 0)
		return ceu_db_fail(db, CEU_EIO, "cannot remove '%s': %s", path,
		    strerror(errno));
	if (path_fmt(side, sizeof(side), "%s.key", path) == 0)
		unlink(side);
	if (path_fmt(side, sizeof(side), "%s.b2sum", path) == 0)
		unlink(side);
	if (o->removed != NULL)
		o->removed(o->ctx, path);
	return CEU_OK;
}

/* --keep: all but the newest o->keep verified backups of the folder go;
 * the one just made counts first, whatever the clock did. */
static int
rotate(struct ceu_db *db, const struct ceu_backup_opts *o,
    const struct run *run, int *removed)
{
	char **names = NULL, path[PATH_MAX];
	size_t n = 0, cap = 0, i;
	struct dirent *e;
	DIR *d;
	int kept = 1, rc = CEU_OK;

	if ((d = opendir(run->folder)) == NULL)
		return ceu_db_fail(db, CEU_EIO, "cannot read folder '%s': %s",
		    run->folder, strerror(errno));
	while ((e = readdir(d)) != NULL) {
		if (!backup_name(e->d_name) ||
		    strcmp(e->d_name, base_of(run->path)) == 0)
			continue;
		if (n == cap)
			names = ceu_reallocarray(names, cap = cap ? 2 * cap :
			    32, sizeof(*names));
		names[n++] = ceu_strdup(e->d_name);
	}
	closedir(d);
	if (n > 0)
		qsort(names, n, sizeof(*names), by_name_newest_first);
	for (i = 0; i < n && rc == CEU_OK; i++) {
		if (path_fmt(path, sizeof(path), "%s/%s", run->folder,
		    names[i]) != 0 || !ceu_backup_whole(path))
			continue;
		if (++kept > o->keep) {
			rc = remove_backup(db, path, o);
			*removed += rc == CEU_OK;
		}
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return rc;
}

/* Seconds since *since, which becomes now. */
static double
lap(struct timespec *since)
{
	struct timespec now;
	double s;

	clock_gettime(CLOCK_MONOTONIC, &now);
	s = (double)(now.tv_sec - since->tv_sec) +
	    (double)(now.tv_nsec - since->tv_nsec) / 1e9;
	*since = now;
	return s;
}

/* Copy, key, check, and put in place; the temporary files go on error. */
static int
make_copy(struct ceu_db *db, const struct ceu_backup_opts *o,
    struct run *run, struct ceu_backup_result *r)
{
	char key_hex[CEU_BACKUP_DIGEST_HEX] = "";
	struct timespec t;
	int rc;

	lap(&t);
	rc = copy_into(db, db->sql, run->temp);
	/* Disk writes start now and go on behind the check. */
	if (rc == CEU_OK)
		sync_file_range(run->fd, 0, 0, SYNC_FILE_RANGE_WRITE);
	if (rc == CEU_OK)
		rc = copy_key(db, o->key, run, &r->key, key_hex);
	r->copy_seconds = lap(&t);
	if (rc == CEU_OK)
		rc = check_copy(db, run, &r->info);
	r->check_seconds = lap(&t);
	if (rc == CEU_OK)
		rc = put_in_place(db, run, r, key_hex);
	if (rc != CEU_OK) {
		drop_temp(run->temp);
		unlink(run->key_temp);
		unlink(run->sum_temp);
	}
	return rc;
}

int
ceu_backup_make(struct ceu_db *db, const struct ceu_backup_opts *o,
    struct ceu_backup_result *r)
{
	struct run run;
	int rc;

	memset(r, 0, sizeof(*r));
	memset(&run, 0, sizeof(run));
	if (sodium_init() < 0)
		return ceu_db_fail(db, CEU_EIO, "libsodium failed to start");
	if ((rc = plan_run(db, o, &run)) != CEU_OK ||
	    (rc = refuse_self(db, o, &run)) != CEU_OK)
		return rc;
	if ((run.fd = take_temp(run.temp)) < 0)
		return temp_fail(db, run.temp);
	rc = make_copy(db, o, &run, r);
	close(run.fd);
	if (rc != CEU_OK)
		return rc;
	snprintf(r->path, sizeof(r->path), "%s", run.path);
	if (o->keep > 0)
		rc = rotate(db, o, &run, &r->removed);
	return rc;
}

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
	if (read_small(o->source_key, rs->source_key, sizeof(rs->source_key),
	    &rs->source_key_len) != 0)
		return errno == ENOENT ? CEU_OK : ceu_db_fail(bk, CEU_EIO,
		    "cannot read key '%s': %s", o->source_key, strerror(errno));
	if (read_small(o->key, live, sizeof(live), &len) != 0) {
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
	if (path_fmt(rs->key_kept, sizeof(rs->key_kept), "%s.before-restore",
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
	const char *base = base_of(o->db);
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
	folder_of(o->db, rs->folder);
	bad = path_fmt(rs->staged, sizeof(rs->staged), "%s/.%s.restore.partial",
	    rs->folder, base);
	bad |= path_fmt(rs->kept_temp, sizeof(rs->kept_temp),
	    "%s/.%s.before-restore.partial", rs->folder, base);
	if (rs->live)
		bad |= path_fmt(r->kept, sizeof(r->kept), "%s.before-restore",
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

/* The last journal row of the database on sql, if it has one. */
static void
live_head(sqlite3 *sql, long long *id, char hash[65])
{
	sqlite3_stmt *st;

	*id = 0;
	hash[0] = '\0';
	if (sqlite3_prepare_v2(sql, "SELECT id, hash FROM journal ORDER BY id "
	    "DESC LIMIT 1", -1, &st, NULL) != SQLITE_OK)
		return;
	if (sqlite3_step(st) == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		snprintf(hash, 65, "%s", ceu_col_text(st, 1));
	}
	sqlite3_finalize(st);
}

/* Copy the database as it is now, read through its own file, to
 * r->kept; the journal row's before says what it was. */
static int
keep_live(struct ceu_db *bk, struct ceu_db *s, const struct ceu_restore_opts *o,
    struct restore *rs, struct ceu_restore_result *r, char **before)
{
	char hash[65] = "";
	long long id = 0;
	sqlite3 *old = NULL;
	int fd, rc;

	if ((fd = take_temp(rs->kept_temp)) < 0)
		return temp_fail(bk, rs->kept_temp);
	if (sqlite3_open_v2(o->db, &old, SQLITE_OPEN_READONLY |
	    SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
		rc = sql_fail(bk, old, o->db);
	else {
		sqlite3_busy_timeout(old, o->busy_timeout_ms);
		live_head(old, &id, hash);
		rc = copy_into(bk, old, rs->kept_temp);
	}
	sqlite3_close(old);
	if (rc == CEU_OK && (fsync(fd) != 0 ||
	    rename(rs->kept_temp, r->kept) != 0))
		rc = ceu_db_fail(bk, CEU_ECANTCREAT, "cannot create '%s': %s",
		    r->kept, strerror(errno));
	rs->kept_made = rc == CEU_OK;
	if (rc != CEU_OK)
		drop_temp(rs->kept_temp);
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
	return sql_fail(bk, *live, o->db);
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
			rc = sql_fail(bk, live, o->db);
		else if ((step = sqlite3_backup_step(b, 0)) != SQLITE_OK)
			rc = step_fail(bk, step, live, o->db);
	}
	if (rc == CEU_OK)
		rc = keep_live(bk, s, o, rs, r, &before);
	if (rc == CEU_OK && journal_restore(s, bk, o, &r->info, before) !=
	    CEU_OK)
		rc = ceu_db_fail(bk, s->code, "%s", s->msg);
	if (rc == CEU_OK && (step = sqlite3_backup_step(b, -1)) != SQLITE_DONE)
		rc = step_fail(bk, step, live, o->db);
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
	if (path_fmt(from, sizeof(from), "%s-wal", o->db) == 0 &&
	    path_fmt(to, sizeof(to), "%s-wal", r->kept) == 0)
		rename(from, to);
	if (path_fmt(from, sizeof(from), "%s-shm", o->db) == 0)
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
	sync_folder(rs->folder);
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
	folder_of(o->key, folder);
	if (path_fmt(temp, sizeof(temp), "%s/.%s.partial", folder,
	    base_of(o->key)) != 0 ||
	    write_private(temp, rs->source_key, rs->source_key_len) != 0)
		return ceu_db_fail(bk, CEU_ECANTCREAT, "cannot create key "
		    "'%s': %s", o->key, strerror(errno));
	if ((rs->key == CEU_RESTORE_KEY_REPLACED &&
	    link(o->key, rs->key_kept) != 0) || rename(temp, o->key) != 0) {
		unlink(temp);
		return ceu_db_fail(bk, CEU_ECANTCREAT, "cannot create key "
		    "'%s': %s", o->key, strerror(errno));
	}
	sync_folder(folder);
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

int
ceu_backup_restore(struct ceu_db *bk, const struct ceu_restore_opts *o,
    struct ceu_restore_result *r)
{
	struct restore rs;
	struct ceu_db *s = NULL;
	int rc;

	memset(r, 0, sizeof(*r));
	memset(&rs, 0, sizeof(rs));
	if ((rc = plan_restore(bk, o, &rs, r)) != CEU_OK ||
	    (rc = ceu_backup_check(bk, &r->info)) != CEU_OK)
		return rc;
	if ((rs.fd = take_temp(rs.staged)) < 0)
		return temp_fail(bk, rs.staged);
	rc = copy_into(bk, bk->sql, rs.staged);
	if (rc == CEU_OK && (rc = ceu_db_open(rs.staged, 1, &s)) != CEU_OK)
		ceu_db_fail(bk, rc, "%s", s->msg);
	if (rc == CEU_OK) {
		s->actor = bk->actor;
		r->upgraded_from = s->upgraded_from;
		rc = put_back(bk, &s, o, &rs, r);
	}
	ceu_db_close(s);
	drop_temp(rs.staged);
	close(rs.fd);
	if (rc == CEU_OK && (rc = install_key(bk, o, &rs)) == CEU_OK)
		r->key = rs.key;
	sodium_memzero(rs.source_key, sizeof(rs.source_key));
	return rc;
}
