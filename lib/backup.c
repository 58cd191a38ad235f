/*
 * backup.c - ceu backup: a copy of the database, checked before it is
 * put in place, and the rotation of a backup folder.  See
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
#include "backup_file.h"

/* A message of this library in the user's language (see ceu_db_fail). */
#define _(s) dgettext("ceu", s)

#define BACKUP_NAME "ceu-####-##-##-######.db"	/* #: a digit */

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
		bad = bk_path_fmt(run->path, sizeof(run->path), "%s/ceu-%s.db",
		    strcmp(run->folder, "/") == 0 ? "" : run->folder, stamp);
		/* One temporary name a folder: two runs into one folder at
		 * once are refused, and a killed run's is taken over. */
		temp_base = "ceu-backup";
	} else {
		if (o->keep > 0)
			return ceu_db_fail(db, CEU_EUSAGE, "--keep needs a "
			    "folder, and '%s' is none", o->dest);
		bk_folder_of(o->dest, run->folder);
		bad = bk_path_fmt(run->path, sizeof(run->path), "%s", o->dest);
		temp_base = bk_base_of(o->dest);
		if (*temp_base == '\0' || stat(run->folder, &sb) != 0 ||
		    !S_ISDIR(sb.st_mode))
			return ceu_db_fail(db, CEU_ECANTCREAT, "cannot create "
			    "'%s': no such folder", o->dest);
	}
	bad |= bk_path_fmt(run->temp, sizeof(run->temp), "%s/.%s.partial",
	    run->folder, temp_base);
	bad |= bk_path_fmt(run->key_temp, sizeof(run->key_temp),
	    "%s/.%s.key.partial", run->folder, temp_base);
	bad |= bk_path_fmt(run->sum_temp, sizeof(run->sum_temp),
	    "%s/.%s.b2sum.partial", run->folder, temp_base);
	bad |= bk_path_fmt(run->key, sizeof(run->key), "%s.key", run->path);
	bad |= bk_path_fmt(run->sum, sizeof(run->sum), "%s.b2sum", run->path);
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
	if (bk_same_file(&sb, db->path) ||
	    (bk_path_fmt(side, sizeof(side), "%s-wal", db->path) == 0 &&
	    bk_same_file(&sb, side)) ||
	    (bk_path_fmt(side, sizeof(side), "%s-shm", db->path) == 0 &&
	    bk_same_file(&sb, side)) ||
	    (o->key != NULL && bk_same_file(&sb, o->key)))
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
	if (bk_read_small(key, buf, sizeof(buf), &len) != 0) {
		if (errno == ENOENT)
			return CEU_OK;
		return ceu_db_fail(db, CEU_EIO, "cannot read key '%s': %s",
		    key, strerror(errno));
	}
	if (bk_write_private(run->key_temp, buf, len) != 0)
		return ceu_db_fail(db, CEU_ECANTCREAT, "cannot create '%s': %s",
		    run->key_temp, strerror(errno));
	bk_digest_bytes(buf, len, hex);
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
	if ((rc = bk_check_file(bk, 0, info)) == CEU_EREFUSED)
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
	const char *name = bk_base_of(run->path);
	int n;

	n = snprintf(sum, sizeof(sum), "%s  %s\n", r->info.digest, name);
	if (r->key)
		n += snprintf(sum + n, sizeof(sum) - (size_t)n, "%s  %s.key\n",
		    key_hex, name);
	if (fsync(run->fd) != 0)
		return ceu_db_fail(db, CEU_EIO, "cannot write '%s': %s",
		    run->temp, strerror(errno));
	if (bk_write_private(run->sum_temp, sum, (size_t)n) != 0)
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
	bk_sync_folder(run->folder);
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

	if (!backup_name(bk_base_of(path)) ||
	    bk_path_fmt(sum_path, sizeof(sum_path), "%s.b2sum", path) != 0 ||
	    bk_read_small(sum_path, sum, sizeof(sum) - 1, &len) != 0)
		return 0;
	sum[len] = '\0';
	if (bk_sum_lookup(sum, bk_base_of(path), hex) != 0 ||
	    (fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return 0;
	whole = fstat(fd, &sb) == 0 && bk_read_header(fd, &h) == 0 && h.valid &&
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
	if (bk_path_fmt(side, sizeof(side), "%s.key", path) == 0)
		unlink(side);
	if (bk_path_fmt(side, sizeof(side), "%s.b2sum", path) == 0)
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
		    strcmp(e->d_name, bk_base_of(run->path)) == 0)
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
		if (bk_path_fmt(path, sizeof(path), "%s/%s", run->folder,
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
	rc = bk_copy_into(db, db->sql, run->temp);
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
		bk_drop_temp(run->temp);
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
	if ((run.fd = bk_take_temp(run.temp)) < 0)
		return bk_temp_fail(db, run.temp);
	rc = make_copy(db, o, &run, r);
	close(run.fd);
	if (rc != CEU_OK)
		return rc;
	snprintf(r->path, sizeof(r->path), "%s", run.path);
	if (o->keep > 0)
		rc = rotate(db, o, &run, &r->removed);
	return rc;
}
