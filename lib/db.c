/*
 * db.c - the one SQLite file (db.h): opening and creating it (its schema
 * and upgrades are db_schema.c's), transactions, the statement cache, and
 * the failures every library function reports through it.
 *
 * A file is looked at before it is changed: its header is read with
 * read(2), and only a ceu database (or, for ceu init, a missing or empty
 * file) is opened for writing, so that a refused file stays byte for
 * byte as it was, with nothing beside it.  A file ceu init makes is
 * created 0600 whatever the umask (SQLite gives its -wal and -shm the
 * file's mode), and removed again when the init fails.  Every handle is
 * on a list until closed, so that a command that ends early still closes
 * its connections, and SQLite removes the -wal and -shm it made.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "alloc.h"
#include "db.h"
#include "db_schema.h"
#include "seal.h"

int
ceu_db_fail(struct ceu_db *db, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	db->code = ceu_vmsg(db->msg, code, fmt, ap);
	va_end(ap);
	return code;
}

int
ceu_db_rcfail(struct ceu_db *db, int rc, const char *what)
{
	const char *why;

	/* The connection's own message when it is about rc: it says more. */
	why = (sqlite3_errcode(db->sql) & 0xff) == (rc & 0xff) ?
	    sqlite3_errmsg(db->sql) : sqlite3_errstr(rc);
	/* What the user can act on is said whole, without the statement. */
	/* A write that found no room is a full disk, whatever SQLite
	 * made of it (an I/O error on the -wal or -shm). */
	if (((rc & 0xff) == SQLITE_IOERR || (rc & 0xff) == SQLITE_CANTOPEN) &&
	    db->sql != NULL && sqlite3_system_errno(db->sql) == ENOSPC)
		rc = SQLITE_FULL;
	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return ceu_db_fail(db, CEU_EBUSY, "database '%s' is busy; try "
		    "again", db->path);
	case SQLITE_FULL:
		return ceu_db_fail(db, CEU_EIO, "cannot write '%s': the disk "
		    "is full", db->path);
	case SQLITE_READONLY:
		return ceu_db_fail(db, CEU_EIO, "cannot write '%s': it is "
		    "read-only here", db->path);
	case SQLITE_NOTADB:
	case SQLITE_CORRUPT:
		return ceu_db_fail(db, CEU_EDATA, "'%s' is damaged or not a "
		    "ceu database (%s)", db->path, why);
	case SQLITE_CONSTRAINT:
		return ceu_db_fail(db, CEU_EDATA, "%s: %s", ceu_tr(what), why);
	case SQLITE_IOERR:
	case SQLITE_CANTOPEN:
		return ceu_db_fail(db, CEU_EIO, "cannot read or write '%s': %s",
		    db->path, why);
	}
	return ceu_db_fail(db, CEU_EIO, "%s: %s", ceu_tr(what), why);
}

int
ceu_db_sqlfail(struct ceu_db *db, const char *what)
{
	return ceu_db_rcfail(db, sqlite3_errcode(db->sql), what);
}

/* Fill db->now with the current UTC time. */
static void
set_now(struct ceu_db *db)
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(db->now, sizeof(db->now), "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void
ceu_db_set_busy_timeout(struct ceu_db *db, int ms)
{
	db->busy_ms = ms;
	sqlite3_busy_timeout(db->sql, ms);
}

static int
configure(struct ceu_db *db)
{
	ceu_db_set_busy_timeout(db, db->busy_ms);
	if (ceu_db_exec(db, "PRAGMA foreign_keys = ON") != CEU_OK)
		return db->code;
	if (ceu_db_exec(db, "PRAGMA journal_mode = WAL") != CEU_OK)
		return db->code;
	return ceu_db_exec(db, "PRAGMA synchronous = NORMAL");
}

/* Before SQLite starts: no memory statistics, which take a global lock
 * on every allocation of every connection (a load allocates per row on
 * two threads).  Called before the first connection opens. */
static void
configure_sqlite(void)
{
	static int done;

	if (!done)
		sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	done = 1;
}

/* Every handle not yet closed, so that ceu_db_close_all finds them. */
static pthread_mutex_t open_mu = PTHREAD_MUTEX_INITIALIZER;
static struct ceu_db *open_list;

static void
track(struct ceu_db *db, int on)
{
	struct ceu_db **pp;

	pthread_mutex_lock(&open_mu);
	for (pp = &open_list; *pp != NULL && *pp != db; pp = &(*pp)->next_open)
		;
	if (on && *pp == NULL) {
		db->next_open = open_list;
		open_list = db;
	} else if (!on && *pp != NULL)
		*pp = db->next_open;
	pthread_mutex_unlock(&open_mu);
}

/* A handle for path that holds no connection yet. */
static struct ceu_db *
new_handle(const char *path)
{
	struct ceu_db *db = ceu_calloc(1, sizeof(*db));

	configure_sqlite();
	db->path = path;
	db->actor = "unknown";
	db->busy_ms = CEU_BUSY_TIMEOUT_MS;
	set_now(db);
	track(db, 1);
	return db;
}

/* What the header of a file says it is. */
enum kind_of_file { FILE_CEU, FILE_FRESH, FILE_FOREIGN };

static unsigned long
be32(const unsigned char *p)
{
	return (unsigned long)p[0] << 24 | (unsigned long)p[1] << 16 |
	    (unsigned long)p[2] << 8 | p[3];
}

/* Ask SQLite, read-only, what a file whose header cannot tell is (its
 * changes still in a -wal, or an SQLite file that may be empty). */
static int
ask_sqlite(struct ceu_db *db, int *kind)
{
	sqlite3 *sql = NULL;
	int appid = 0, tables = 1;

	*kind = FILE_FOREIGN;
	if (sqlite3_open_v2(db->path, &sql, SQLITE_OPEN_READONLY |
	    SQLITE_OPEN_NOMUTEX, NULL) == SQLITE_OK &&
	    db_pragma_int(sql, "PRAGMA application_id", &appid) == SQLITE_OK &&
	    db_pragma_int(sql, "SELECT count(*) FROM sqlite_schema", &tables) ==
	    SQLITE_OK)
		*kind = appid == CEU_APPLICATION_ID ? FILE_CEU :
		    tables == 0 ? FILE_FRESH : FILE_FOREIGN;
	sqlite3_close(sql);
	return CEU_OK;
}

/* Whether path has a -wal file with frames in it. */
static int
wal_pending(const char *path)
{
	char wal[PATH_MAX + 8];
	struct stat sb;

	snprintf(wal, sizeof(wal), "%s-wal", path);
	return stat(wal, &sb) == 0 && sb.st_size > 0;
}

/* What the file is, read with read(2) so that nothing is changed, not
 * even a -wal or -shm made beside it: a ceu database, a fresh file (empty,
 * or an SQLite file without tables), or something else. */
static int
peek(struct ceu_db *db, int create, int *kind)
{
	unsigned char h[100];
	ssize_t n;
	int fd;

	if ((fd = open(db->path, O_RDONLY | O_CLOEXEC)) < 0)
		return ceu_db_fail(db, CEU_EIO, "cannot open '%s': %s",
		    db->path, strerror(errno));
	n = read(fd, h, sizeof(h));
	close(fd);
	if (n < 0)
		return ceu_db_fail(db, CEU_EIO, "cannot read '%s': %s",
		    db->path, strerror(errno));
	*kind = n == 0 ? FILE_FRESH : FILE_FOREIGN;
	if (n < (ssize_t)sizeof(h) || memcmp(h, "SQLite format 3", 16) != 0)
		return CEU_OK;
	if (be32(h + 68) != CEU_APPLICATION_ID) {
		if (wal_pending(db->path) || h[18] != 2)
			return ask_sqlite(db, kind);
		return CEU_OK;
	}
	*kind = FILE_CEU;
	/* A schema this ceu cannot use is refused here too, before SQLite
	 * makes anything beside the file (a -wal holds the newest word). */
	if (!wal_pending(db->path))
		return db_schema_usable(db, (int)be32(h + 60), create);
	return CEU_OK;
}

/* Make path, 0600 whatever the umask, for ceu init to fill. */
static int
make_file(struct ceu_db *db)
{
	int fd = open(db->path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
	    O_CLOEXEC, 0600);

	if (fd < 0)
		return ceu_db_fail(db, CEU_ECANTCREAT, "cannot create '%s': %s",
		    db->path, strerror(errno));
	if (fchmod(fd, 0600) != 0 || close(fd) != 0) {
		ceu_db_fail(db, CEU_ECANTCREAT, "cannot create '%s': %s",
		    db->path, strerror(errno));
		unlink(db->path);
		return db->code;
	}
	return CEU_OK;
}

/* Close the connection, keeping the handle and its message. */
/* The policies loaded in a transaction hold only until it ends: another
 * connection may change the table after it (policy.c). */
static void
forget_policy(struct ceu_db *db)
{
	free(db->policy_memo);
	db->policy_memo = NULL;
}

static void
disconnect(struct ceu_db *db)
{
	sqlite3_stmt *st;

	for (int i = 0; i < db->ncache; i++)
		sqlite3_finalize(db->cache[i].stmt);
	db->ncache = 0;
	while (db->sql != NULL &&
	    (st = sqlite3_next_stmt(db->sql, NULL)) != NULL)
		sqlite3_finalize(st);
	sqlite3_close(db->sql);
	db->sql = NULL;
	db->depth = 0;
	forget_policy(db);
}

/* A file ceu init made and could not fill: gone again, with its sides. */
static void
drop_file(struct ceu_db *db)
{
	static const char *const sides[] = { "-wal", "-shm", "-journal" };
	char side[PATH_MAX + 16];

	disconnect(db);
	unlink(db->path);
	for (size_t i = 0; i < sizeof(sides) / sizeof(sides[0]); i++) {
		snprintf(side, sizeof(side), "%s%s", db->path, sides[i]);
		unlink(side);
	}
}

/* Whether the folder of path is one this process cannot write in. */
static int
folder_readonly(const char *path)
{
	char copy[PATH_MAX];

	snprintf(copy, sizeof(copy), "%s", path);
	return access(dirname(copy), W_OK) != 0;
}

/* "file:PATH?immutable=1", PATH escaped: read without -wal or -shm. */
static char *
immutable_uri(const char *path)
{
	char *uri = ceu_malloc(3 * strlen(path) + 32), *p = uri;

	p += sprintf(p, "file:");
	for (const unsigned char *c = (const unsigned char *)path; *c; c++)
		p += sprintf(p, strchr("?#%", *c) || *c < 0x21 ? "%%%02X" :
		    "%c", *c);
	strcpy(p, "?immutable=1");
	return uri;
}

/*
 * A ceu database in a folder this process cannot write in: SQLite cannot
 * make the -wal and -shm a reader needs, so the file is read as it is
 * (immutable), unless a -wal beside it lets SQLite read it as usual.
 * Writing then fails with "read-only here".
 */
static int
connect_readonly(struct ceu_db *db)
{
	char *uri = immutable_uri(db->path);
	int rc;

	disconnect(db);
	if (wal_pending(db->path) && sqlite3_open_v2(db->path, &db->sql,
	    SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) == SQLITE_OK &&
	    ceu_seal_open(db) == CEU_OK && db_schema_check(db, 0, 0) == CEU_OK) {
		free(uri);
		return CEU_OK;
	}
	disconnect(db);
	rc = sqlite3_open_v2(uri, &db->sql, SQLITE_OPEN_READONLY |
	    SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, NULL);
	free(uri);
	if (rc != SQLITE_OK)
		return ceu_db_fail(db, CEU_EIO, "cannot open '%s': %s",
		    db->path, sqlite3_errstr(rc));
	sqlite3_extended_result_codes(db->sql, 0);
	ceu_db_set_busy_timeout(db, db->busy_ms);
	if (ceu_seal_open(db) != CEU_OK)
		return db->code;
	return db_schema_check(db, 0, 0);
}

/* The connection that may write, on a file peek found to be ours (or
 * fresh, for ceu init). */
static int
connect(struct ceu_db *db, int create, int journal, int fresh)
{
	/* One connection, one thread: no mutex around every API call. */
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
	int rc;

	if ((rc = sqlite3_open_v2(db->path, &db->sql, flags, NULL)) !=
	    SQLITE_OK)
		return ceu_db_fail(db, CEU_EIO, "cannot open '%s': %s",
		    db->path, sqlite3_errstr(rc));
	sqlite3_extended_result_codes(db->sql, 0);
	if (ceu_seal_open(db) != CEU_OK)
		return db->code;
	/*
	 * A new file gets 16 KiB pages (an existing one keeps its own): a
	 * bulk load writes every page twice, to the WAL and back, and with
	 * pages four times the default it makes a quarter of the frames and
	 * leaves its B-trees shallower; reports scan the same bytes in fewer
	 * pages.  Only a file not yet written takes it.
	 */
	if (fresh && ceu_db_exec(db, "PRAGMA page_size = 16384") != CEU_OK)
		return db->code;
	if (configure(db) != CEU_OK) {
		if (create || !folder_readonly(db->path))
			return db->code;
		return connect_readonly(db);
	}
	return db_schema_check(db, create, journal);
}

/* Open db->path; see ceu_db_open and ceu_db_init. */
static int
open_file(struct ceu_db *db, int create, int journal)
{
	struct stat sb;
	int made = 0, kind = FILE_FRESH, rc;

	if (*db->path == '\0' || strcmp(db->path, ":memory:") == 0)
		return connect(db, create, journal, 1);
	if (stat(db->path, &sb) != 0) {
		if (errno != ENOENT)
			return ceu_db_fail(db, CEU_EIO, "cannot open '%s': %s",
			    db->path, strerror(errno));
		if (!create)
			return ceu_db_fail(db, CEU_ENOINPUT, "no database '%s'; "
			    "create it with 'ceu init --db %s'", db->path,
			    db->path);
		if ((rc = make_file(db)) != CEU_OK)
			return rc;
		made = 1;
	} else if (!S_ISREG(sb.st_mode))
		return ceu_db_fail(db, CEU_EDATA, "'%s' is not a ceu database "
		    "(not a regular file)", db->path);
	if ((rc = peek(db, create, &kind)) == CEU_OK) {
		if (kind == FILE_FOREIGN || (kind == FILE_FRESH && !create))
			rc = ceu_db_fail(db, CEU_EDATA, "'%s' is not a ceu "
			    "database", db->path);
		else
			rc = connect(db, create, journal, kind == FILE_FRESH);
	}
	if (rc != CEU_OK && made)
		drop_file(db);
	return rc;
}

int
ceu_db_open(const char *path, int create, struct ceu_db **out)
{
	return ceu_db_open_keyed(path, NULL, create, out);
}

int
ceu_db_open_keyed(const char *path, const char *key, int create,
    struct ceu_db **out)
{
	*out = new_handle(path);
	(*out)->key_path = key;
	return open_file(*out, create, 0);
}

int
ceu_db_init(const char *path, const char *actor, struct ceu_db **out)
{
	*out = new_handle(path);
	(*out)->actor = actor;
	return open_file(*out, 1, 1);
}

int
ceu_db_open_readonly(const char *path, int busy_ms, struct ceu_db **out)
{
	struct ceu_db *rd = *out = new_handle(path);

	if (sqlite3_open_v2(path, &rd->sql, SQLITE_OPEN_READONLY |
	    SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
		return ceu_db_fail(rd, CEU_EIO, "cannot open '%s': %s", path,
		    rd->sql ? sqlite3_errmsg(rd->sql) :
		    ceu_tr(N_("out of memory")));
	sqlite3_extended_result_codes(rd->sql, 0);
	ceu_db_set_busy_timeout(rd, busy_ms);
	return CEU_OK;
}

int
ceu_db_open_reader(const struct ceu_db *db, struct ceu_db **out)
{
	struct ceu_db *rd;

	*out = NULL;
	if (db->path == NULL || *db->path == '\0' ||
	    strcmp(db->path, ":memory:") == 0)
		return CEU_EUSAGE;
	/* The lock wait the caller chose reaches this connection too. */
	if (ceu_db_open_readonly(db->path, db->busy_ms, &rd) != CEU_OK) {
		ceu_db_close(rd);
		return CEU_EIO;
	}
	rd->actor = db->actor;
	rd->today = db->today;
	rd->show_id = db->show_id;
	memcpy(rd->now, db->now, sizeof(rd->now));
	*out = rd;
	return CEU_OK;
}

void
ceu_db_close(struct ceu_db *db)
{
	if (db == NULL)
		return;
	track(db, 0);
	disconnect(db);
	ceu_seal_close(db);
	free(db);
}

void
ceu_db_close_all(void)
{
	struct ceu_db *db;

	for (;;) {
		pthread_mutex_lock(&open_mu);
		db = open_list;
		pthread_mutex_unlock(&open_mu);
		if (db == NULL)
			return;
		ceu_db_close(db);
	}
}

int
ceu_db_exec(struct ceu_db *db, const char *sql)
{
	char *err = NULL;

	if (sqlite3_exec(db->sql, sql, NULL, NULL, &err) != SQLITE_OK) {
		sqlite3_free(err);
		return ceu_db_sqlfail(db, db->path);
	}
	return CEU_OK;
}

int
ceu_db_run_int(struct ceu_db *db, const char *sql, long long v,
    const char *what)
{
	sqlite3_stmt *st = ceu_db_stmt(db, sql);
	int rc;

	if (st == NULL)
		return db->code;
	sqlite3_bind_int64(st, 1, v);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? CEU_OK : ceu_db_sqlfail(db, what);
}

int
ceu_db_begin(struct ceu_db *db)
{
	if (db->depth++ > 0)
		return CEU_OK;
	if (ceu_db_exec(db, "BEGIN IMMEDIATE") != CEU_OK) {
		db->depth = 0;
		return db->code;
	}
	db->writing = 1;
	db->changes = sqlite3_total_changes64(db->sql);
	/* R16: what this transaction writes is sealed with the key. */
	if (ceu_seal_ready(db) != CEU_OK) {
		int code = db->code;

		ceu_db_rollback(db);
		db->code = code;
		return code;
	}
	return CEU_OK;
}

int
ceu_db_begin_read(struct ceu_db *db)
{
	if (db->depth++ > 0)
		return CEU_OK;
	if (ceu_db_exec(db, "BEGIN") != CEU_OK) {
		db->depth = 0;
		return db->code;
	}
	db->writing = 0;
	return CEU_OK;
}

int
ceu_db_commit(struct ceu_db *db)
{
	if (db->depth == 0 || --db->depth > 0)
		return CEU_OK;
	forget_policy(db);
	/* R16: a transaction that changed the archive signs its head. */
	if (db->writing && sqlite3_total_changes64(db->sql) != db->changes &&
	    ceu_seal_sign(db) != CEU_OK) {
		int code = db->code;

		sqlite3_exec(db->sql, "ROLLBACK", NULL, NULL, NULL);
		db->code = code;
		return code;
	}
	if (ceu_db_exec(db, "COMMIT") != CEU_OK) {
		int code = db->code;

		sqlite3_exec(db->sql, "ROLLBACK", NULL, NULL, NULL);
		db->code = code;
		return code;
	}
	return CEU_OK;
}

void
ceu_db_rollback(struct ceu_db *db)
{
	if (db->depth == 0)
		return;
	db->depth = 0;
	forget_policy(db);
	if (!sqlite3_get_autocommit(db->sql))
		sqlite3_exec(db->sql, "ROLLBACK", NULL, NULL, NULL);
}

sqlite3_stmt *
ceu_db_stmt(struct ceu_db *db, const char *sql)
{
	sqlite3_stmt *st;
	int i;

	for (i = 0; i < db->ncache; i++) {
		if (db->cache[i].sql == sql) {
			st = db->cache[i].stmt;
			sqlite3_reset(st);
			sqlite3_clear_bindings(st);
			return st;
		}
	}
	if (sqlite3_prepare_v2(db->sql, sql, -1, &st, NULL) != SQLITE_OK) {
		ceu_db_sqlfail(db, "prepare");
		return NULL;
	}
	if (db->ncache == (int)(sizeof(db->cache) / sizeof(db->cache[0]))) {
		/* Never evict: a caller may hold a statement while taking
		 * another.  The cache is sized for every query of libceu. */
		sqlite3_finalize(st);
		ceu_db_fail(db, CEU_EIO, "statement cache full");
		return NULL;
	}
	db->cache[db->ncache].sql = sql;
	db->cache[db->ncache].stmt = st;
	db->ncache++;
	return st;
}

const char *
ceu_col_text(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	return s ? (const char *)s : "";
}

char *
ceu_db_row_text(sqlite3_stmt *st)
{
	char *text = NULL;

	if (sqlite3_step(st) == SQLITE_ROW)
		text = sqlite3_mprintf("%s", ceu_col_text(st, 0));
	sqlite3_reset(st);
	return text;
}
