/*
 * ceu - the front door: `ceu init` creates or upgrades a database, `ceu
 * policy` prints the policy in force, and `ceu CMD ARGS` runs ceu-CMD ARGS,
 * looked up beside this program first and then on PATH, like git.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common.h"
#include "journal.h"
#include "policy.h"
#include "values.h"

static const char usage[] =
    "usage: ceu [-d FILE] init\n"
    "       ceu [-d FILE] policy [--year Y]\n"
    "       ceu help\n"
    "       ceu CMD [ARGS...]   (import, register, exam, audit, cert, report)\n"
    "common options: -d/--db FILE, --today YYYY-MM-DD, --actor NAME,\n"
    "  -f/--format csv|tsv|json|table, --bom, --show-id, -q, -v, -h, -V\n";

/* ceu init: create the database, or upgrade it in place. */
static int
cmd_init_db(int argc, char **argv)
{
	struct ceu_db *db;
	char msg[1024];
	int existed, rc;

	optind = 1;
	if (cmd_getopt(argc, argv, "", NULL) != -1 || optind != argc)
		cmd_usage();
	existed = access(cmd.db_path, F_OK) == 0;
	rc = ceu_db_open(cmd.db_path, 1, &db, msg);
	if (rc != CEU_OK)
		cmd_die(rc, "%s", msg);
	db->actor = cmd.actor;
	/* R16: the creation of the file is the journal's first row. */
	if (!existed && (ceu_db_begin(db) != CEU_OK ||
	    ceu_journal_append(db, "init", "database", cmd.db_path, NULL,
	    "{\"schema\":" CEU_SCHEMA_VERSION_TEXT "}", NULL) != CEU_OK ||
	    ceu_db_commit(db) != CEU_OK))
		cmd_die_db(db);
	if (db->upgraded_from > 0) {
		char before[32];

		/* R16: so is every upgrade of it. */
		snprintf(before, sizeof(before), "{\"schema\":%d}",
		    db->upgraded_from);
		if (ceu_db_begin(db) != CEU_OK ||
		    ceu_journal_append(db, "upgrade", "database", cmd.db_path,
		    before, "{\"schema\":" CEU_SCHEMA_VERSION_TEXT "}",
		    NULL) != CEU_OK || ceu_db_commit(db) != CEU_OK)
			cmd_die_db(db);
		cmd_info("upgraded database '%s' from schema %d to %d",
		    cmd.db_path, db->upgraded_from, CEU_SCHEMA_VERSION);
	} else if (existed)
		cmd_info("checked database '%s' (schema %d)", cmd.db_path,
		    CEU_SCHEMA_VERSION);
	else
		cmd_info("created database '%s' (schema %d)", cmd.db_path,
		    CEU_SCHEMA_VERSION);
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
static int
cmd_policy(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "year", required_argument, NULL, 'y' },
		{ NULL, 0, NULL, 0 }
	};
	static const struct ceu_out_col cols[] = {
		{ "year", CEU_COL_NUM }, { "key", CEU_COL_TEXT },
		{ "value", CEU_COL_TEXT }, { "from_year", CEU_COL_NUM },
	};
	struct ceu_db *db;
	struct ceu_out *out;
	int ch, year = 0, rc;

	optind = 1;
	while ((ch = cmd_getopt(argc, argv, "", longopts)) != -1) {
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

/* Run ceu-NAME: beside this program first, then on PATH. */
static void
run_sub(const char *self, const char *name, char **argv)
{
	char path[PATH_MAX], prog[128];
	const char *slash;

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
		cmd_die(CEU_EUSAGE, "'%s' is not a ceu command; see 'ceu help'",
		    name);
	cmd_die(CEU_EIO, "cannot run '%s': %s", prog, strerror(errno));
}

int
main(int argc, char *argv[])
{
	const char *sub;

	cmd_init("ceu", usage);
	if (cmd_subcommand_first(argc, argv))
		sub = argv[1];
	else
		sub = "-";
	if (strcmp(sub, "help") == 0) {
		fputs(usage, stdout);
		cmd_exit(CEU_OK);
	}
	if (strcmp(sub, "init") == 0)
		cmd_exit(cmd_init_db(argc - 1, argv + 1));
	if (strcmp(sub, "policy") == 0)
		cmd_exit(cmd_policy(argc - 1, argv + 1));
	if (sub[0] == '-') {
		/* Only the common options: ceu --version, ceu -h. */
		optind = 1;
		while (cmd_getopt(argc, argv, "", NULL) != -1)
			cmd_usage();
		cmd_usage();
	}
	run_sub(argv[0], sub, argv + 1);
	return CEU_EIO;
}
