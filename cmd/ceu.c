/*
 * ceu - the front door: `ceu init` creates or upgrades a database, `ceu
 * policy` prints the policy in force, `ceu backup` and `ceu restore` copy
 * it safely, and `ceu CMD ARGS` runs ceu-CMD ARGS, looked up beside this
 * program first and then on PATH, like git.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "backup.h"
#include "common.h"
#include "key.h"
#include "policy.h"

static const char *const usage = N_(
    "usage: ceu [-d FILE] init\n"
    "       ceu [-d FILE] policy [--year Y]\n"
    "       ceu [-d FILE] backup [--no-key] [--keep N] DEST\n"
    "       ceu backup --check FILE...\n"
    "       ceu [-d FILE] restore [--force] SOURCE\n"
    "       ceu help [CMD]\n"
    "       ceu CMD [ARGS...]   (import, register, exam, audit, report,\n"
    "                           cert)\n"
    "common options: -d/--db FILE, --today YYYY-MM-DD, --actor NAME,\n"
    "  -f/--format csv|tsv|json|table|xlsx, -o/--output FILE,\n"
    "  --headers en|zh, --bom, --show-id, -q, -v, -h, -V\n");

/* ceu init: create the database, or upgrade it in place; either makes the
 * database's key when it has none (SPEC "Storage"), in the transaction
 * that seals its rows (seal.h). */
static int
cmd_init_db(int argc, char **argv)
{
	char key[CEU_KEY_PATH_MAX];
	struct ceu_db *db;

	optind = 1;
	if (cmd_getopt(argc, argv, NULL) != -1 || optind != argc)
		cmd_usage();
	/* R16: the creation or upgrade is journaled by lib. */
	if (ceu_db_init(cmd.db_path, cmd.actor, &db) != CEU_OK)
		cmd_die_db(db);
	if (db->upgraded_from > 0)
		cmd_info("upgraded database '%s' from schema %d to %d",
		    cmd.db_path, db->upgraded_from, CEU_SCHEMA_VERSION);
	else if (db->created)
		cmd_info("created database '%s' (schema %d)", cmd.db_path,
		    CEU_SCHEMA_VERSION);
	else
		cmd_info("checked database '%s' (schema %d)", cmd.db_path,
		    CEU_SCHEMA_VERSION);
	if (db->key_made && ceu_key_path(db, cmd.db_path, key, sizeof(key)) ==
	    CEU_OK)
		cmd_key_made(key);
	ceu_db_close(db);
	return CEU_OK;
}

static int
policy_row(void *ctx, int year, const char *key, const char *value,
    int from_year)
{
	char y[8], from[8];
	const char *row[4] = { y, key, value, from };

	snprintf(y, sizeof(y), "%d", year);
	snprintf(from, sizeof(from), "%d", from_year);
	cmd_out_row(ctx, row);
	return 0;
}

/* ceu policy [--year Y]: the policy in force, one key a row. */
static const struct option policy_opts[] = {
	{ "year", required_argument, NULL, 'y' },
	{ NULL, 0, NULL, 0 }
};

static int
cmd_policy(int argc, char **argv)
{
	static const struct ceu_out_col cols[] = {
		{ "year", CEU_COL_NUM }, { "key", CEU_COL_TEXT },
		{ "value", CEU_COL_TEXT }, { "from_year", CEU_COL_NUM },
	};
	struct ceu_db *db;
	struct ceu_out *out;
	int ch, year = 0, rc;

	optind = 1;
	while ((ch = cmd_getopt(argc, argv, policy_opts)) != -1) {
		switch (ch) {
		case 'y':
			year = cmd_year("--year", optarg);
			break;
		default:
			cmd_usage();
		}
	}
	if (optind != argc)
		cmd_usage();
	if (year == 0)
		year = cmd.today / 10000;
	db = cmd_open_db();
	out = cmd_out_open(cols, 4);
	rc = ceu_policy_each(db, year, policy_row, out);
	if (rc != CEU_OK)
		cmd_die_db(db);
	cmd_out_close(out);
	ceu_db_close(db);
	return CEU_OK;
}

static void
backup_removed(void *ctx, const char *path)
{
	(void)ctx;
	cmd_info("removed old backup '%s'", path);
}

/* ceu backup --check FILE...: verify backups, for monitoring; the status
 * is the first failure's. */
static int
check_backups(int argc, char **argv)
{
	struct ceu_backup_info info;
	struct ceu_db *bk;
	char msg[1024];
	int i, rc, status = CEU_OK;

	for (i = 0; i < argc; i++) {
		if ((rc = ceu_backup_open(argv[i], &bk, msg)) != CEU_OK)
			cmd_warn("%s", msg);
		else if ((rc = ceu_backup_check(bk, &info)) != CEU_OK)
			cmd_warn("%s", bk->msg);
		else {
			if (!info.summed)
				cmd_warn("no checksum file '%s.b2sum': checked "
				    "the database only", argv[i]);
			cmd_info("backup '%s' verified (schema %d, journal "
			    "row %lld)", argv[i], info.schema, info.head_id);
		}
		ceu_db_close(bk);
		if (status == CEU_OK)
			status = rc;
	}
	return status;
}

static const struct option backup_opts[] = {
	{ "check", no_argument, NULL, 'c' },
	{ "keep", required_argument, NULL, 'k' },
	{ "no-key", no_argument, NULL, 'n' },
	{ NULL, 0, NULL, 0 }
};

/* ceu backup [--no-key] [--keep N] DEST, or --check FILE... */
static int
cmd_backup(int argc, char **argv)
{
	struct ceu_backup_opts o = { .removed = backup_removed };
	struct ceu_backup_result r;
	struct ceu_db *db;
	struct stat sb;
	int ch, check = 0, no_key = 0;
	char *end, key[CEU_KEY_PATH_MAX];

	optind = 1;
	while ((ch = cmd_getopt(argc, argv, backup_opts)) != -1) {
		switch (ch) {
		case 'c':
			check = 1;
			break;
		case 'k':
			o.keep = (int)strtol(optarg, &end, 10);
			if (*end != '\0' || o.keep < 1 || o.keep > 100000) {
				cmd_warn("invalid number '%s' for --keep",
				    optarg);
				cmd_usage();
			}
			break;
		case 'n':
			no_key = 1;
			break;
		default:
			cmd_usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (check && (argc < 1 || o.keep > 0 || no_key))
		cmd_usage();
	if (check)
		return check_backups(argc, argv);
	if (argc != 1)
		cmd_usage();
	if (o.keep > 0 && (stat(argv[0], &sb) != 0 || !S_ISDIR(sb.st_mode))) {
		cmd_warn("--keep needs a folder, and '%s' is none", argv[0]);
		cmd_usage();
	}
	o.dest = argv[0];
	db = cmd_open_db();
	if (!no_key && ceu_key_path(db, cmd.db_path, key, sizeof(key)) !=
	    CEU_OK)
		cmd_die_db(db);
	o.key = no_key ? NULL : key;
	if (ceu_backup_make(db, &o, &r) != CEU_OK)
		cmd_die_db(db);
	if (!no_key && !r.key)
		cmd_warn("no key file '%s': the backup has none beside it",
		    o.key);
	printf("%s\n", r.path);
	cmd_info("backup '%s' verified (journal row %lld)", r.path,
	    r.info.head_id);
	if (cmd.verbose > 0)
		cmd_info("copied in %.2f s, checked in %.2f s", r.copy_seconds,
		    r.check_seconds);
	ceu_db_close(db);
	return CEU_OK;
}

/* What ceu restore did with the key, said. */
static void
restore_key_said(const struct ceu_restore_opts *o, enum ceu_restore_key key,
    int made)
{
	if (made)
		cmd_key_made(o->key);
	else if (key == CEU_RESTORE_KEY_NONE)
		cmd_warn("no key file '%s' beside the backup: the database's "
		    "key is left as it is", o->source_key);
	else if (key == CEU_RESTORE_KEY_NEW)
		cmd_info("restored the key as '%s'", o->key);
	else if (key == CEU_RESTORE_KEY_REPLACED)
		cmd_info("restored the key as '%s'; the one it replaced is "
		    "kept as '%s.before-restore'", o->key, o->key);
}

static const struct option restore_opts[] = {
	{ "force", no_argument, NULL, 'F' },
	{ NULL, 0, NULL, 0 }
};

/* ceu restore [--force] SOURCE */
static int
cmd_restore(int argc, char **argv)
{
	struct ceu_restore_opts o = { 0 };
	struct ceu_restore_result r;
	struct ceu_db *bk;
	char source_key[PATH_MAX + 8], key[CEU_KEY_PATH_MAX], msg[1024];
	int ch, rc;

	optind = 1;
	while ((ch = cmd_getopt(argc, argv, restore_opts)) != -1) {
		if (ch != 'F')
			cmd_usage();
		o.force = 1;
	}
	if (optind != argc - 1)
		cmd_usage();
	snprintf(source_key, sizeof(source_key), "%s.key", argv[optind]);
	if ((rc = ceu_backup_open(argv[optind], &bk, msg)) != CEU_OK)
		cmd_die(rc, "%s", msg);
	bk->actor = cmd.actor;
	if (ceu_key_path(bk, cmd.db_path, key, sizeof(key)) != CEU_OK)
		cmd_die_db(bk);
	o.db = cmd.db_path;
	o.key = key;
	o.source_key = source_key;
	o.busy_timeout_ms = cmd.busy_timeout_ms;
	if (ceu_backup_restore(bk, &o, &r) != CEU_OK)
		cmd_die_db(bk);
	if (!r.info.summed)
		cmd_warn("no checksum file '%s.b2sum': checked the database "
		    "only", argv[optind]);
	if (r.moved)
		cmd_warn("'%s' could not be read as a database: moved to '%s' "
		    "as it was", o.db, r.kept);
	else if (*r.kept != '\0')
		cmd_info("the database it replaced is kept as '%s'", r.kept);
	if (r.upgraded_from > 0)
		cmd_info("upgraded the restored database from schema %d to %d",
		    r.upgraded_from, CEU_SCHEMA_VERSION);
	restore_key_said(&o, r.key, r.key_made);
	cmd_info("restored '%s' from '%s' (journal row %lld)", o.db,
	    argv[optind], r.info.head_id);
	ceu_db_close(bk);
	return CEU_OK;
}

/* Run ceu-NAME: beside this program first, then on PATH.  NAME is a
 * plain name (lower-case letters, digits, '-'): never a path, so that
 * `ceu ../x` or `ceu /tmp/x` runs nothing but ceu's own programs. */
static void
run_sub(const char *self, const char *name, char **argv)
{
	char path[PATH_MAX], prog[128];
	const char *slash;

	if (strlen(name) > 64 || strspn(name, "abcdefghijklmnopqrstuvwxyz"
	    "0123456789-") != strlen(name) || *name == '-') {
		cmd_die(CEU_EUSAGE, "'%s' is not a ceu command", name);
	}
	snprintf(prog, sizeof(prog), "ceu-%s", name);
	argv[0] = prog;
	if ((slash = strrchr(self, '/')) != NULL) {
		snprintf(path, sizeof(path), "%.*s/%s", (int)(slash - self),
		    self, prog);
		if (access(path, X_OK) == 0)
			execv(path, argv);
	} else if (readlink("/proc/self/exe", path, sizeof(path) - 1) > 0) {
		path[sizeof(path) - 1] = '\0';
		if ((slash = strrchr(path, '/')) != NULL) {
			snprintf(path + (slash - path) + 1,
			    sizeof(path) - (size_t)(slash - path) - 1, "%s",
			    prog);
			if (access(path, X_OK) == 0)
				execv(path, argv);
		}
	}
	execvp(prog, argv);
	if (errno == ENOENT)
		cmd_die(CEU_EUSAGE, "'%s' is not a ceu command", name);
	cmd_die(CEU_EIO, "cannot run '%s': %s", prog, strerror(errno));
}

/* The ceu-* programs beside this one, added to all[n..max) as commands
 * that another program runs (for completion); returns the new n. */
static size_t
programs_beside(struct cmd_sub *all, size_t n, size_t max)
{
	static char names[32][64];
	char dir[PATH_MAX], *slash;
	struct dirent *e;
	size_t k = 0;
	ssize_t len;
	DIR *d;

	if ((len = readlink("/proc/self/exe", dir, sizeof(dir) - 1)) <= 0)
		return n;
	dir[len] = '\0';
	if ((slash = strrchr(dir, '/')) == NULL)
		return n;
	*slash = '\0';
	if ((d = opendir(dir)) == NULL)
		return n;
	while ((e = readdir(d)) != NULL && n < max && k < 32) {
		if (strncmp(e->d_name, "ceu-", 4) != 0 ||
		    strlen(e->d_name + 4) >= sizeof(names[0]) ||
		    faccessat(dirfd(d), e->d_name, X_OK, 0) != 0)
			continue;
		snprintf(names[k], sizeof(names[k]), "%s", e->d_name + 4);
		all[n].name = names[k++];
		all[n].run = NULL;
		all[n++].opts = NULL;
	}
	closedir(d);
	return n;
}

/* ceu __complete WORD...: ceu's own words, or those of the program that
 * runs the command named (ceu-CMD __complete WORD...). */
static void
complete(int argc, char **argv, const struct cmd_sub *own, size_t nown)
{
	struct cmd_sub all[40];
	size_t n;
	int at;

	memcpy(all, own, nown * sizeof(*own));
	n = programs_beside(all, nown, sizeof(all) / sizeof(all[0]));
	if ((at = cmd_complete(argc, argv, all, n)) <= 0)
		return;
	argv[at - 1] = argv[at];
	argv[at] = "__complete";
	run_sub(argv[0], argv[at - 1], argv + at - 1);
}

/* ceu help [CMD]: ceu's usage, or CMD's (ceu-CMD --help). */
static void
help(int argc, char **argv, const struct cmd_sub *own, size_t nown)
{
	char *args[3] = { NULL, "--help", NULL };
	size_t i;

	if (argc < 3 || strcmp(argv[2], "help") == 0)
		cmd_help();
	for (i = 0; i < nown; i++)
		if (strcmp(argv[2], own[i].name) == 0)
			cmd_help();
	run_sub(argv[0], argv[2], args);
}

int
main(int argc, char *argv[])
{
	static const struct cmd_sub own[] = {
		{ "init", cmd_init_db, NULL },
		{ "policy", cmd_policy, policy_opts },
		{ "backup", cmd_backup, backup_opts },
		{ "restore", cmd_restore, restore_opts },
	};
	const size_t nown = sizeof(own) / sizeof(own[0]);
	const char *sub;
	size_t i;

	cmd_init("ceu", usage);
	complete(argc, argv, own, nown);
	if (cmd_subcommand_first(argc, argv, own, nown))
		sub = argv[1];
	else
		sub = "-";
	if (strcmp(sub, "help") == 0)
		help(argc, argv, own, nown);
	for (i = 0; i < nown; i++)
		if (strcmp(sub, own[i].name) == 0)
			cmd_run(&own[i], argc - 1, argv + 1);
	if (sub[0] == '-') {
		/* Only the common options: ceu --version, ceu -h. */
		optind = 1;
		while (cmd_getopt(argc, argv, NULL) != -1)
			cmd_usage();
		cmd_usage();
	}
	run_sub(argv[0], sub, argv + 1);
	return CEU_EIO;
}
