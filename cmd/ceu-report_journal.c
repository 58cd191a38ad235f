/*
 * ceu-report_journal.c - `ceu-report journal` (R16): the journal listed
 * [--since], or checked (--verify [--head FILE]: the chain, every row's
 * seal, the signed head and one kept elsewhere), or its signed head
 * printed (--head) for a cron job to keep.  Its own options; the read
 * transaction is ceu-report's (ceu-report.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ceu-report.h"
#include "common.h"
#include "ident.h"
#include "journal.h"
#include "seal.h"
#include "verify.h"

enum { OPT_SINCE = 0x2000, OPT_VERIFY, OPT_HEAD };

const struct option report_journal_opts[] = {
	{ "since", required_argument, NULL, OPT_SINCE },
	{ "verify", no_argument, NULL, OPT_VERIFY },
	{ "head", no_argument, NULL, OPT_HEAD }, { NULL, 0, NULL, 0 }
};

/* The options journal took. */
static struct {
	const char *since;
	int verify, head;
	char **args;		/* operands */
	int nargs;
} opt;

static const struct ceu_scope all = { CEU_SCOPE_ALL, NULL };
static struct ceu_db *db;

static void
parse_options(int argc, char **argv)
{
	int ch;

	optind = 1;
	while ((ch = cmd_getopt(argc, argv, report_journal_opts)) != -1) {
		switch (ch) {
		case OPT_SINCE:
			cmd_date("--since", optarg);
			opt.since = optarg;
			break;
		case OPT_VERIFY:
			opt.verify = 1;
			break;
		case OPT_HEAD:
			opt.head = 1;
			break;
		default:
			cmd_usage();
		}
	}
	opt.args = argv + optind;
	opt.nargs = argc - optind;
}

static int
journal_row(void *ctx, const char *const fields[CEU_JOURNAL_NCOLS])
{
	char *masked[CEU_JOURNAL_NCOLS];
	int i;

	if (cmd.show_id) {
		cmd_out_row(ctx, fields);
		return 0;
	}
	/* ID numbers are in entity ids and in the before and after. */
	for (i = 0; i < CEU_JOURNAL_NCOLS; i++)
		masked[i] = fields[i] ? ceu_ident_mask_all(fields[i]) : NULL;
	cmd_out_row(ctx, (const char *const *)masked);
	for (i = 0; i < CEU_JOURNAL_NCOLS; i++)
		free(masked[i]);
	return 0;
}

/* One thing --verify found. */
static void
journal_found(void *ctx, const char *msg)
{
	(void)ctx;
	cmd_warn("%s", msg);
}

/* The head kept in file ("-": stdin), for --verify --head FILE. */
static void
read_kept(const char *file, struct ceu_seal_head *kept)
{
	char text[CEU_SEAL_HEAD_TEXT + 2];
	FILE *f = strcmp(file, "-") == 0 ? stdin : fopen(file, "r");
	size_t len;

	if (f == NULL)
		cmd_die(errno == ENOENT ? CEU_ENOINPUT : CEU_EIO, "cannot "
		    "open '%s': %s", file, strerror(errno));
	len = fread(text, 1, sizeof(text) - 1, f);
	text[len] = '\0';
	if (ferror(f))
		cmd_die(CEU_EIO, "cannot read '%s': %s", file, strerror(errno));
	if (f != stdin)
		fclose(f);
	if (ceu_seal_head_parse(db, text, kept) != CEU_OK)
		cmd_die(CEU_EDATA, "%s: %s", file, db->msg);
}

/* R16: --verify [--head FILE]: the chain, every seal, the signed head and
 * the head kept in FILE. */
static int
journal_verify(void)
{
	struct ceu_seal_head kept;
	struct ceu_verify_result r;

	if (opt.nargs != (opt.head ? 1 : 0) || opt.since != NULL)
		cmd_usage();
	db = report_open_read(&all);
	if (opt.head)
		read_kept(opt.args[0], &kept);
	if (ceu_verify(db, opt.head ? &kept : NULL, journal_found, NULL, &r) !=
	    CEU_OK)
		cmd_die_db(db);
	cmd_info("journal: %lld rows verified, and the %lld rows of the "
	    "archive match their seals and the signed head", r.journal_rows,
	    r.rows);
	if (opt.head)
		cmd_info("the journal extends the head kept in '%s' (row %lld)",
		    opt.args[0], kept.rows[CEU_SEAL_JOURNAL]);
	return report_close_read(db, CEU_OK);
}

/* R16: --head: the signed head, for a cron job to keep elsewhere. */
static int
journal_head(void)
{
	char text[CEU_SEAL_HEAD_TEXT];
	struct ceu_seal_head h;
	int found;

	if (opt.nargs != 0)
		cmd_usage();
	if (opt.since != NULL)
		cmd_usage();
	db = report_open_read(&all);
	if (ceu_seal_head_get(db, &h, &found) != CEU_OK)
		cmd_die_db(db);
	if (!found)
		cmd_die(CEU_EREFUSED, "the database has no signed journal head; "
		    "see 'ceu-report journal --verify'");
	if (ceu_seal_head_check(db, &h) != CEU_OK)
		cmd_die(db->code, "the journal head is not signed by the "
		    "database's key: %s", db->msg);
	ceu_seal_head_text(&h, text);
	printf("%s\n", text);
	return report_close_read(db, CEU_OK);
}

int
report_journal(int argc, char **argv)
{
	struct ceu_out *out;

	parse_options(argc, argv);
	if (opt.verify)
		return journal_verify();
	if (opt.head)
		return journal_head();
	if (opt.nargs != 0)
		cmd_usage();
	db = report_open_read(&all);
	out = cmd_out_open(ceu_journal_cols, CEU_JOURNAL_NCOLS);
	if (ceu_journal_each(db, opt.since, journal_row, out) != CEU_OK)
		cmd_die_db(db);
	cmd_out_close(out);
	return report_close_read(db, CEU_OK);
}
