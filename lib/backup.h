/*
 * backup.h - copies of the database a cron job can trust, checking them,
 * and putting one back.
 *
 *	struct ceu_backup_opts o = { .dest = "/srv/backup", .key = keyfile,
 *	    .keep = 14 };
 *	struct ceu_backup_result r;
 *	if (ceu_backup_make(db, &o, &r) != CEU_OK) ... db->code, db->msg
 *
 * A backup is a page copy of the database taken in one read transaction
 * with SQLite's online backup API, so that clerks and imports go on
 * writing meanwhile and the copy holds each of their transactions wholly
 * or not at all.  It is written beside its destination under a temporary
 * name (.NAME.partial, locked while written), opened again and checked
 * (PRAGMA integrity_check, the journal chain of R16), and only then
 * renamed into place, with the database's key beside it (NAME.key) and a
 * checksum file (NAME.b2sum: BLAKE2b-512 of the backup and its key, as
 * b2sum(1) writes them), all mode 0600.  A backup is a plain SQLite file
 * in rollback-journal mode: opening it to read leaves nothing beside it.
 *
 * Restoring copies a checked backup into the database with the same
 * backup API, in one write transaction that other processes see like any
 * other commit; the database it replaces is copied to FILE.before-restore
 * first, under the same write lock, so that no write falls between.
 */
#ifndef CEU_BACKUP_H
#define CEU_BACKUP_H

#include <limits.h>

#include "db.h"

/* BLAKE2b-512 in hex, with its NUL. */
#define CEU_BACKUP_DIGEST_HEX 129

/* What a check found in a backup. */
struct ceu_backup_info {
	int schema;		/* PRAGMA user_version */
	int page_size;
	long long pages;
	long long journal_rows;	/* rows whose hash chain was verified */
	long long head_id;	/* the last journal row, 0 when none */
	char head_hash[65];	/* its hash, "" when none */
	char digest[CEU_BACKUP_DIGEST_HEX];	/* of the file's bytes */
	int summed;		/* a checksum file beside it named it, and
				   the file and its key matched */
};

struct ceu_backup_opts {
	const char *dest;	/* a file, or an existing folder */
	const char *key;	/* the database's key file; NULL: none */
	int keep;		/* folder only: keep the newest keep
				   verified backups (0: keep all) */
	/* Told of every old backup keep removes; may be NULL. */
	void (*removed)(void *ctx, const char *path);
	void *ctx;
};

struct ceu_backup_result {
	char path[PATH_MAX];	/* the backup made */
	int key;		/* the key was copied to path.key; 0 when
				   opts.key was NULL or no such file */
	int removed;		/* old backups removed by keep */
	double copy_seconds;	/* where the time went: the copy, */
	double check_seconds;	/* and its check */
	struct ceu_backup_info info;
};

/* Back db up to o->dest (see above).  In a folder the backup is named
 * ceu-YYYY-MM-DD-HHMMSS.db (local time), and with o->keep all but the
 * newest o->keep verified backups of that folder are removed (verified:
 * named so, whole, with the checksum file a backup gets only once it has
 * verified); a file of another name, or one that is not whole, is never
 * removed.  Returns CEU_OK only for a copy that verified and is in place;
 * CEU_EREFUSED when the copy does not verify (the database itself is
 * damaged; nothing is left at the destination); CEU_ECANTCREAT when the
 * destination cannot be written or is the database itself; CEU_EBUSY when
 * another backup is writing the same temporary file; CEU_EIO. */
int ceu_backup_make(struct ceu_db *db, const struct ceu_backup_opts *o,
    struct ceu_backup_result *r);

/* Open the backup at path read-only, changing nothing on disk.  On
 * failure *out is NULL and msg (1024 bytes) says why: CEU_ENOINPUT when
 * there is no such file, CEU_EDATA when it has a write-ahead log beside it
 * (a live database, not a backup), CEU_EIO.  The caller owns *out and
 * closes it with ceu_db_close; set its actor before a restore. */
int ceu_backup_open(const char *path, struct ceu_db **out, char *msg);

/* Check the backup bk: whole (its size is what its header says), a ceu
 * database of this schema version or older, the checksum file beside it
 * (if any) matching it and its key, PRAGMA integrity_check ok, and the
 * journal chain intact (R16).  CEU_OK with *info filled; CEU_EREFUSED
 * when it is truncated, altered or damaged; CEU_EDATA when it is not a
 * ceu database or is newer than this ceu; CEU_EIO.  The message names
 * the file. */
int ceu_backup_check(struct ceu_db *bk, struct ceu_backup_info *info);

/* Whether path is a backup that keep counts as verified: named
 * ceu-YYYY-MM-DD-HHMMSS.db, whole, and named by its checksum file. */
int ceu_backup_whole(const char *path);

struct ceu_restore_opts {
	const char *db;		/* the database to restore into, FILE */
	const char *key;	/* its key file */
	const char *source_key;	/* the backup's key file, SOURCE.key */
	int force;		/* replace an existing database */
	int busy_timeout_ms;	/* how long to wait for other writers */
};

enum ceu_restore_key {
	CEU_RESTORE_KEY_NONE,	/* no key beside the backup: left alone */
	CEU_RESTORE_KEY_SAME,	/* the database's key is the backup's */
	CEU_RESTORE_KEY_NEW,	/* installed where there was none */
	CEU_RESTORE_KEY_REPLACED,	/* installed; the other kept as
					   KEY.before-restore */
};

struct ceu_restore_result {
	struct ceu_backup_info info;	/* of the backup, as checked */
	char kept[PATH_MAX];	/* FILE.before-restore, "" when there was
				   no database */
	int moved;		/* the database could not be read and was
				   moved to kept as it was */
	int upgraded_from;	/* the backup's older schema, or 0 */
	enum ceu_restore_key key;
	int key_made;		/* neither the backup nor the database had
				   a key, and the restore made o->key */
};

/* Restore the backup bk (from ceu_backup_open, actor set) into o->db:
 * check it (ceu_backup_check), copy it beside o->db, bring an older
 * schema up to this one, journal the restore in it (R16: from which
 * backup, its journal head, and the head of the database it replaces),
 * and put it in place.  An existing o->db is refused (CEU_EREFUSED)
 * unless o->force; then it is kept as FILE.before-restore (which must not
 * exist yet: CEU_ECANTCREAT) and the backup is copied into it through
 * SQLite under one write lock, so that programs that have it open see the
 * restored database as they would see any commit.  A file SQLite cannot
 * read at all is moved aside instead, with its -wal.  Then the key.
 * Errors as ceu_backup_check, and CEU_EBUSY, CEU_EIO; the message is in
 * bk->msg. */
int ceu_backup_restore(struct ceu_db *bk, const struct ceu_restore_opts *o,
    struct ceu_restore_result *r);

#endif
