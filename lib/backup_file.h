/*
 * backup_file.h - what backup.c, backup_check.c and restore.c share: the
 * files of a backup, their checksums, the SQLite header, the page copy and
 * the check.  Internal to libceu; the contract is backup.h.
 */
#ifndef CEU_BACKUP_FILE_H
#define CEU_BACKUP_FILE_H

#include <stdint.h>
#include <sys/stat.h>

#include "backup.h"

#define KEY_MAX (16 * 1024)		/* a key file is a few bytes */
#define SUM_MAX (64 * 1024)

/* A file's checksum read on a thread of its own (bk_digest_run). */
struct digest_job {
	int fd;
	int err;		/* errno of a failed read, or 0 */
	char hex[CEU_BACKUP_DIGEST_HEX];
};

/* What the first 100 bytes of a SQLite file say. */
struct header {
	long long pages;	/* in-header database size */
	int page_size;
	int valid;		/* the size is current (SQLite 3.7.0 on) */
	uint32_t app_id;
	int schema;		/* user_version */
};

/* buf = fmt...; 0, or -1 when it does not fit. */
int bk_path_fmt(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* The folder of path ("." when it names none) into buf of PATH_MAX. */
void bk_folder_of(const char *path, char *buf);

/* The last name of path. */
const char *bk_base_of(const char *path);

/* Whether path names the file of a. */
int bk_same_file(const struct stat *a, const char *path);

/* Make the renames and links in folder durable. */
void bk_sync_folder(const char *folder);

/*
 * Create or take over path, a temporary file of ours, empty, mode 0600
 * whatever the umask, and locked so that a second run fails rather than
 * write into it; what SQLite left beside it in a run that was killed
 * goes.  Returns the descriptor, or -1 with errno (EWOULDBLOCK: another
 * run holds it).  The lock is checked to be on the file the name still
 * names: a run that finished may have renamed it into place meanwhile.
 */
int bk_take_temp(const char *path);

/* Remove a temporary file of ours and what SQLite may have left beside. */
void bk_drop_temp(const char *path);

/* Read a small file whole into buf (size bytes at most; a larger file is
 * EFBIG).  0 with *len, or -1 with errno. */
int bk_read_small(const char *path, char *buf, size_t size, size_t *len);

/* Write data to path, mode 0600, synced.  0, or -1 with errno. */
int bk_write_private(const char *path, const void *data, size_t len);

/* The checksum of len bytes at data, into hex. */
void bk_digest_bytes(const void *data, size_t len,
    char hex[CEU_BACKUP_DIGEST_HEX]);

/* The checksum of job->fd's file, read from the start; on a thread of
 * its own while the file is checked. */
void *bk_digest_run(void *arg);

/* The checksum that the b2sum text sum gives for name, into hex; 0, or
 * -1 when it names no such file.  Lines are "HEX  NAME" (or "HEX *NAME"). */
int bk_sum_lookup(const char *sum, const char *name,
    char hex[CEU_BACKUP_DIGEST_HEX]);

/* 0, or -1 when fd does not start with a SQLite header. */
int bk_read_header(int fd, struct header *h);

/* Map SQLite's result rc of a call on sql to a code and message in err:
 * the backup API returns its errors rather than leaving them in sql. */
int bk_step_fail(struct ceu_db *err, int rc, sqlite3 *sql, const char *what);

/* bk_take_temp failed on path. */
int bk_temp_fail(struct ceu_db *err, const char *path);

/* Map a failed SQLite call on sql to a code and message in err. */
int bk_sql_fail(struct ceu_db *err, sqlite3 *sql, const char *what);

/*
 * Copy the main database of connection src into path, an empty file of
 * ours, with SQLite's backup API in one step: one read transaction, so
 * that a writer's commit meanwhile neither restarts the copy nor shows in
 * it.  The copy is written with no journal (it is not in place until it
 * has verified) and left in rollback-journal mode, so that reading it
 * later makes no -wal or -shm.  Errors in err.
 */
int bk_copy_into(struct ceu_db *err, sqlite3 *src, const char *path);

/* The checks of ceu_backup_check; the checksum file only with sum (a copy
 * not yet in place has none).  The file's checksum is read on a second
 * thread while SQLite checks the database. */
int bk_check_file(struct ceu_db *bk, int sum, struct ceu_backup_info *info);

#endif
