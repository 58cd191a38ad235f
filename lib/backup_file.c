/*
 * backup_file.c - the files of a backup: paths, temporary files, checksums
 * (BLAKE2b-512, as b2sum(1)), the SQLite header, and the page copy.
 * Shared by backup.c, backup_check.c and restore.c; see backup_file.h.
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


/* ---- paths and files ---- */

/* buf = fmt...; 0, or -1 when it does not fit. */
int __attribute__((format(printf, 3, 4)))
bk_path_fmt(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n < 0 || (size_t)n >= size ? -1 : 0;
}

/* The folder of path ("." when it names none) into buf of PATH_MAX. */
void
bk_folder_of(const char *path, char *buf)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL)
		snprintf(buf, PATH_MAX, ".");
	else if (slash == path)
		snprintf(buf, PATH_MAX, "/");
	else
		snprintf(buf, PATH_MAX, "%.*s", (int)(slash - path), path);
}

const char *
bk_base_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash != NULL ? slash + 1 : path;
}

int
bk_same_file(const struct stat *a, const char *path)
{
	struct stat b;

	return stat(path, &b) == 0 && a->st_dev == b.st_dev &&
	    a->st_ino == b.st_ino;
}

/* Make the renames and links in folder durable. */
void
bk_sync_folder(const char *folder)
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
int
bk_take_temp(const char *path)
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
		if (!bk_same_file(&sb, path)) {
			close(fd);
			continue;
		}
		if (fchmod(fd, 0600) != 0 || ftruncate(fd, 0) != 0)
			break;
		for (size_t i = 0; i < sizeof(beside) / sizeof(*beside); i++)
			if (bk_path_fmt(side, sizeof(side), "%s%s", path,
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
void
bk_drop_temp(const char *path)
{
	char side[PATH_MAX + 16];

	unlink(path);
	if (bk_path_fmt(side, sizeof(side), "%s-wal", path) == 0)
		unlink(side);
	if (bk_path_fmt(side, sizeof(side), "%s-shm", path) == 0)
		unlink(side);
}

/* Read a small file whole into buf (size bytes at most; a larger file is
 * EFBIG).  0 with *len, or -1 with errno. */
int
bk_read_small(const char *path, char *buf, size_t size, size_t *len)
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
int
bk_write_private(const char *path, const void *data, size_t len)
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

void
bk_digest_bytes(const void *data, size_t len, char hex[CEU_BACKUP_DIGEST_HEX])
{
	unsigned char out[crypto_generichash_BYTES_MAX];

	crypto_generichash(out, sizeof(out), data, len, NULL, 0);
	sodium_bin2hex(hex, CEU_BACKUP_DIGEST_HEX, out, sizeof(out));
}

/* The checksum of job->fd's file, read from the start; on a thread of
 * its own while the file is checked. */
void *
bk_digest_run(void *arg)
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
int
bk_sum_lookup(const char *sum, const char *name,
    char hex[CEU_BACKUP_DIGEST_HEX])
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

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

/* 0, or -1 when fd does not start with a SQLite header. */
int
bk_read_header(int fd, struct header *h)
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


/* ---- copying ---- */

/* Map SQLite's result rc of a call on sql to a code and message in err:
 * the backup API returns its errors rather than leaving them in sql. */
int
bk_step_fail(struct ceu_db *err, int rc, sqlite3 *sql, const char *what)
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

/* bk_take_temp failed on path. */
int
bk_temp_fail(struct ceu_db *err, const char *path)
{
	if (errno == EWOULDBLOCK)
		return ceu_db_fail(err, CEU_EBUSY, "another run is writing "
		    "'%s'; try again later", path);
	return ceu_db_fail(err, CEU_ECANTCREAT, "cannot create '%s': %s",
	    path, strerror(errno));
}

/* Map a failed SQLite call on sql to a code and message in err. */
int
bk_sql_fail(struct ceu_db *err, sqlite3 *sql, const char *what)
{
	return bk_step_fail(err, sqlite3_errcode(sql), sql, what);
}

/*
 * Copy the main database of connection src into path, an empty file of
 * ours, with SQLite's backup API in one step: one read transaction, so
 * that a writer's commit meanwhile neither restarts the copy nor shows in
 * it.  The copy is written with no journal (it is not in place until it
 * has verified) and left in rollback-journal mode, so that reading it
 * later makes no -wal or -shm.  Errors in err.
 */
int
bk_copy_into(struct ceu_db *err, sqlite3 *src, const char *path)
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
		bk_step_fail(err, rc, dst, sqlite3_db_filename(src, "main"));
	sqlite3_close(dst);
	return rc == SQLITE_OK ? CEU_OK : err->code;
}
