/*
 * ceu-import - bulk CSV loaders (SPEC "ceu-import"): units, persons,
 * filings, roster, hours, exams and policy, each run a batch that
 * `ceu-import batches` lists and `ceu-import undo` revokes.
 *
 * The rules live in lib/import.c; this front opens the file (lib/input.c
 * hashes its bytes as they stream past), hands each row over, reports
 * rejected rows as FILE:LINE: reason, writes --rejects, and decides
 * commit or rollback: all or nothing unless --keep-going, nothing at all
 * with --dry-run.
 *
 * Input from a pipe is copied aside first (ceu_input_spool), so that a
 * slow producer never holds the write lock while it makes its rows: the lock
 * is taken once the whole input is there, and the import stays one
 * transaction.  The rejects file is never one the command reads or
 * writes otherwise (the input, the database and its side files, the
 * key): it is written beside its name and renamed once complete, 0600.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "alloc.h"
#include "batch.h"
#include "common.h"
#include "import.h"
#include "input.h"
#include "key.h"
#include "outfile.h"
#include "values.h"

static const char *const usage = N_(
    "usage: ceu-import KIND [--dry-run] [--keep-going] [--rejects FILE]\n"
    "           [--encoding auto|utf-8|gb18030] [--delimiter C]\n"
    "           [--ignore-extra] [--source NAME] [--late --reason TEXT]\n"
    "           FILE|-\n"
    "       ceu-import batches\n"
    "       ceu-import undo BATCH --reason TEXT\n"
    "KIND: units, persons, filings, sources, roster, hours (with --source),\n"
    "  exams, policy; --late for roster, hours and exams\n"
    "common options: -d/--db FILE, --today YYYY-MM-DD, --actor NAME,\n"
    "  -f/--format csv|tsv|json|table|xlsx, -o/--output FILE,\n"
    "  --headers en|zh, --bom, -q, -v, -h, -V\n");

enum {
	OPT_DRY_RUN = 0x2000, OPT_KEEP_GOING, OPT_REJECTS, OPT_ENCODING,
	OPT_DELIMITER, OPT_IGNORE_EXTRA, OPT_SOURCE, OPT_REASON, OPT_LATE,
};

struct options {
	int dry_run, keep_going, ignore_extra, encoding, late;
	char delimiter;
	const char *rejects, *source, *reason;
};

/* ---- rejects file ---- */

struct rejects {
	struct ceu_outfile file;	/* fp NULL without --rejects */
	struct ceu_out *out;
	struct ceu_out_col *cols;
	const char **values;
	size_t nfield;
	long shown, unshown;		/* rows said on stderr, and not */
};

/* The rejects file being written, given up at exit unless completed:
 * a failed command leaves the old file, or none. */
static struct ceu_outfile *rejects_pending;

static void
rejects_drop(void)
{
	if (rejects_pending != NULL)
		ceu_outfile_drop(rejects_pending);
}

/* --rejects must name none of the files the import reads or writes: the
 * input, and those of cmd_not_own. */
static void
rejects_check(const char *path, const char *input)
{
	if (strcmp(input, "-") != 0 && ceu_outfile_same(path, input))
		cmd_die(CEU_EUSAGE, "--rejects '%s' is the same file as '%s'; "
		    "name another file", path, input);
	cmd_not_own("--rejects", path);
}

/* Open the rejects file (outfile.h: 0600, renamed into place by
 * rejects_close). */
static void
rejects_open(struct rejects *rj, const char *path)
{
	char msg[CEU_MSG_SIZE];
	int rc;

	memset(rj, 0, sizeof(*rj));
	if (path == NULL)
		return;
	if ((rc = ceu_outfile_open(&rj->file, path, msg)) != CEU_OK)
		cmd_die(rc, "%s", msg);
	rejects_pending = &rj->file;
	atexit(rejects_drop);
}

/* The header of the rejects file: the input's columns, line, error. */
static void
rejects_header(struct rejects *rj, const struct ceu_csv_row *hdr)
{
	size_t i;

	if (rj->file.fp == NULL)
		return;
	rj->nfield = hdr->nfield;
	rj->cols = ceu_calloc(hdr->nfield + 2, sizeof(*rj->cols));
	rj->values = ceu_calloc(hdr->nfield + 2, sizeof(*rj->values));
	for (i = 0; i < hdr->nfield; i++) {
		rj->cols[i].name = ceu_strdup(hdr->field[i]);
		rj->cols[i].type = CEU_COL_TEXT;
	}
	rj->cols[i++] = (struct ceu_out_col){ "line", CEU_COL_NUM };
	rj->cols[i] = (struct ceu_out_col){ "error", CEU_COL_TEXT };
	rj->out = ceu_out_open(rj->file.fp, CEU_FMT_CSV, 0, rj->cols, i + 1);
}

/* One rejected row with its original fields (ragged rows padded or cut
 * to the header), its physical line and the reason. */
static void
rejects_row(struct rejects *rj, const struct ceu_csv_row *row,
    const char *error)
{
	char line[24];
	size_t i;

	if (rj->out == NULL)
		return;
	for (i = 0; i < rj->nfield; i++)
		rj->values[i] = i < row->nfield ? row->field[i] : "";
	snprintf(line, sizeof(line), "%ld", row->line);
	rj->values[i++] = line;
	rj->values[i] = error;
	if (ceu_out_row(rj->out, rj->values) != 0)
		cmd_die(CEU_EIO, "write error: %s", strerror(errno));
}

static void
rejects_close(struct rejects *rj)
{
	char msg[CEU_MSG_SIZE];
	int rc;

	if (rj->file.fp == NULL)
		return;
	if (rj->out != NULL && ceu_out_close(rj->out) != 0)
		cmd_die(CEU_EIO, "cannot write '%s': %s", rj->file.path,
		    strerror(errno));
	if ((rc = ceu_outfile_close(&rj->file, msg)) != CEU_OK)
		cmd_die(rc, "%s", msg);
	rejects_pending = NULL;
	for (size_t i = 0; i < rj->nfield; i++)
		free((char *)rj->cols[i].name);
	free(rj->cols);
	free(rj->values);
}

/* ---- progress ---- */

/* A bar on stderr while a large file loads onto a terminal. */
struct bar {
	const char *name;
	long long size;
	int shown;			/* percent on screen, or -1 */
};

static void
progress(void *ctx, long long done)
{
	struct bar *b = ctx;
	int pct = (int)(done * 100 / b->size);

	if (pct == b->shown)
		return;
	b->shown = pct;
	fprintf(stderr, "\r%s: %s %3d%% [%-40.*s]", cmd.prog, b->name, pct,
	    pct * 40 / 100, "########################################");
}

/* ---- loading ---- */

static void
summary(const struct ceu_import *im, const char *name, const char *tail)
{
	char extra[384] = "";
	int n = 0;

	/* Fragments of the one line, each in the user's language. */
	if (im->updated)
		n += snprintf(extra + n, sizeof(extra) - n, _(", %ld updated"),
		    im->updated);
	snprintf(extra + n, sizeof(extra) - n, _(", %ld unchanged"),
	    im->unchanged);
	n = (int)strlen(extra);
	if (im->duplicates)
		n += snprintf(extra + n, sizeof(extra) - n,
		    _(", %ld duplicates (R10)"), im->duplicates);
	if (im->replaced && n < (int)sizeof(extra))
		n += snprintf(extra + n, sizeof(extra) - n,
		    _(", %ld own registrations replaced (R10)"), im->replaced);
	if (im->late && n < (int)sizeof(extra))
		n += snprintf(extra + n, sizeof(extra) - n,
		    _(", %ld late (R9)"), im->late);
	if (im->renamed && n < (int)sizeof(extra))
		snprintf(extra + n, sizeof(extra) - n,
		    _(", %ld names changed (-v lists them)"), im->renamed);
	if (im->rejected)
		cmd_warn("%s: %ld added%s, %ld rejected %s", name, im->added,
		    extra, im->rejected, tail);
	else
		cmd_info("%s: %ld added%s, %ld rejected %s", name, im->added,
		    extra, im->rejected, tail);
}

/* What the loader made of one row: a rejected row is reported with its
 * reason (and written to --rejects), a duplicate (R10) with -v. */
struct feed {
	const char *name;
	struct rejects *rj;
};

/* With -q, the rows said one by one stop here (the rest are counted,
 * and in the rejects file). */
#define QUIET_ROWS 100

static void
report_row(void *ctx, const struct ceu_import_report *rep)
{
	const struct feed *f = ctx;
	struct rejects *rj = f->rj;

	if (rep->outcome == CEU_IMPORT_REJECTED) {
		rejects_row(rj, rep->row, rep->msg);
		if (cmd.verbose < 0 && rj->shown >= QUIET_ROWS) {
			rj->unshown++;
			return;
		}
		rj->shown++;
		cmd_warn("%s:%ld: %s", f->name, rep->row->line, rep->msg);
	} else if (rep->outcome == CEU_IMPORT_DUPLICATE && cmd.verbose > 0)
		cmd_warn("%s:%ld: not added: %s", f->name, rep->row->line,
		    rep->msg);
	else if (rep->msg != NULL && cmd.verbose > 0)
		cmd_warn("%s:%ld: %s", f->name, rep->row->line, rep->msg);
}

/* Feed every row of r to the loader, which reports each row; a database
 * failure or a malformed file (the reader cannot go on) ends the command
 * with nothing written. */
static void
load_rows(struct ceu_db *db, struct ceu_import *im, struct ceu_csv *r,
    const char *name, struct rejects *rj, long long size)
{
	struct feed f = { name, rj };
	struct bar b = { name, size, -1 };
	int on = size > (8 << 20) && isatty(STDERR_FILENO) && cmd.verbose >= 0;
	int fault;

	im->report = report_row;
	im->report_ctx = &f;
	if (ceu_import_rows(im, r, on ? progress : NULL, &b, &fault) != CEU_OK)
		cmd_die_db(db);
	if (on)
		fprintf(stderr, "\r\033[K");
	if (fault) {
		/* A malformed file cannot be read past the fault: nothing of
		 * it is loaded, whatever --keep-going says. */
		cmd_warn("%s: %s; nothing written", name, ceu_csv_error(r));
		ceu_db_rollback(db);
		cmd_exit(ceu_csv_code(r));
	}
}

static int
run_import(int kind, const char *file, const struct options *o)
{
	const char *name = strcmp(file, "-") == 0 ? "stdin" : file;
	char hex[CEU_INPUT_SHA256_HEX], tail[128], msg[CEU_MSG_SIZE];
	const struct ceu_csv_row *hdr;
	struct ceu_import im;
	struct ceu_input in;
	struct rejects rj;
	struct ceu_csv *r;
	struct ceu_db *db;
	int got, rc;

	if ((rc = ceu_input_open(&in, file, msg)) != CEU_OK)
		cmd_die(rc, "%s", msg);
	db = cmd_open_db();
	if (o->rejects != NULL)
		rejects_check(o->rejects, file);
	rejects_open(&rj, o->rejects);
	/* Input from a pipe: copied aside before the write lock. */
	if ((rc = ceu_input_spool(&in, name, msg)) != CEU_OK)
		cmd_die(rc, "%s: %s; nothing written", name, msg);
	if (ceu_import_begin(db, &im, kind, file, o->source) != CEU_OK)
		cmd_die_db(db);
	im.late_reason = o->late ? o->reason : NULL;
	r = ceu_csv_open(in.fp, name, o->encoding, o->delimiter);
	/* A line not valid in the file's encoding is that row's fault. */
	ceu_csv_keep_bad_lines(r);
	if ((got = ceu_csv_next(r, &hdr)) == 0)
		cmd_die(CEU_EDATA, "%s: empty file, no header row", name);
	if (got < 0)
		cmd_die(ceu_csv_code(r), "%s: %s", name, ceu_csv_error(r));
	if (hdr->error != NULL)
		cmd_die(CEU_EDATA, "%s:%ld: %s", name, hdr->line, hdr->error);
	if (ceu_import_header(&im, hdr, o->ignore_extra) != CEU_OK)
		cmd_die(CEU_EDATA, "%s:%ld: %s", name, hdr->line, db->msg);
	rejects_header(&rj, hdr);
	load_rows(db, &im, r, name, &rj, in.size);
	ceu_csv_close(r);
	ceu_input_sha256(&in, hex);
	ceu_input_close(&in);
	if (rj.unshown > 0 && o->rejects != NULL)
		cmd_warn("… and %ld more (see '%s')", rj.unshown, o->rejects);
	else if (rj.unshown > 0)
		cmd_warn("… and %ld more (see --rejects)", rj.unshown);
	rejects_close(&rj);
	if (o->dry_run || (im.rejected && !o->keep_going)) {
		ceu_db_rollback(db);
		snprintf(tail, sizeof(tail), "%s", o->dry_run ? _("(dry run, "
		    "nothing written)") : _("(nothing written: all or nothing; "
		    "fix the rows or use --keep-going)"));
	} else {
		if (ceu_import_finish(&im, hex) != CEU_OK ||
		    ceu_db_commit(db) != CEU_OK)
			cmd_die_db(db);
		snprintf(tail, sizeof(tail), _("(batch %lld)"), im.batch);
	}
	summary(&im, name, tail);
	ceu_import_end(&im);
	ceu_db_close(db);
	return im.rejected ? CEU_EDATA : CEU_OK;
}

/* ---- batches and undo ---- */

static int
batch_row(void *ctx, const char *const *values)
{
	cmd_out_row(ctx, values);
	return 0;
}

static int
run_batches(void)
{
	static const struct ceu_out_col cols[CEU_BATCH_NCOLS] = {
		{ "batch", CEU_COL_NUM },
		{ "kind", CEU_COL_OF(CEU_ENUM_IMPORT) },
		{ "file", CEU_COL_TEXT }, { "sha256", CEU_COL_TEXT },
		{ "added", CEU_COL_NUM }, { "unchanged", CEU_COL_NUM },
		{ "rejected", CEU_COL_NUM }, { "actor", CEU_COL_TEXT },
		{ "at", CEU_COL_TEXT }, { "undone_at", CEU_COL_TEXT },
	};
	struct ceu_db *db = cmd_open_db();
	struct ceu_out *out = cmd_out_open(cols, CEU_BATCH_NCOLS);

	if (ceu_batch_each(db, batch_row, out) != CEU_OK)
		cmd_die_db(db);
	cmd_out_close(out);
	ceu_db_close(db);
	return CEU_OK;
}

static int
run_undo(const char *arg, const struct options *o)
{
	struct ceu_db *db;
	long records, people;
	long long batch;
	char *end;

	errno = 0;
	batch = strtoll(arg, &end, 10);
	if (*arg == '\0' || *end != '\0' || errno != 0 || batch <= 0) {
		cmd_warn("invalid batch '%s'", arg);
		cmd_usage();
	}
	if (o->reason == NULL || *o->reason == '\0') {
		cmd_warn("undo needs --reason TEXT");
		cmd_usage();
	}
	db = cmd_open_db();
	if (ceu_db_begin(db) != CEU_OK ||
	    ceu_batch_undo(db, batch, o->reason, &records, &people) != CEU_OK ||
	    ceu_db_commit(db) != CEU_OK)
		cmd_die_db(db);
	cmd_info("batch %lld undone: %ld records of %ld people revoked",
	    batch, records, people);
	ceu_db_close(db);
	return CEU_OK;
}

/* ---- options ---- */

#define LOAD_OPTS \
	{ "dry-run", no_argument, NULL, OPT_DRY_RUN }, \
	{ "keep-going", no_argument, NULL, OPT_KEEP_GOING }, \
	{ "rejects", required_argument, NULL, OPT_REJECTS }, \
	{ "encoding", required_argument, NULL, OPT_ENCODING }, \
	{ "delimiter", required_argument, NULL, OPT_DELIMITER }, \
	{ "ignore-extra", no_argument, NULL, OPT_IGNORE_EXTRA }

/* R6, R9: records of a year after its audit deadline, with a reason. */
#define LATE_OPTS \
	{ "late", no_argument, NULL, OPT_LATE }, \
	{ "reason", required_argument, NULL, OPT_REASON }

/* Each subcommand's own options: every kind loads a file; hours also
 * name their system; roster, hours and exams may come late. */
static const struct option load_opts[] = { LOAD_OPTS, { NULL, 0, NULL, 0 } };
static const struct option late_opts[] = {
	LOAD_OPTS, LATE_OPTS, { NULL, 0, NULL, 0 }
};
static const struct option hours_opts[] = {
	LOAD_OPTS, LATE_OPTS, { "source", required_argument, NULL, OPT_SOURCE },
	{ NULL, 0, NULL, 0 }
};
static const struct option undo_opts[] = {
	{ "reason", required_argument, NULL, OPT_REASON },
	{ NULL, 0, NULL, 0 }
};

/* --delimiter: one character, or "tab". */
static char
delimiter_arg(const char *arg)
{
	if (strcmp(arg, "tab") == 0 || strcmp(arg, "\\t") == 0)
		arg = "\t";
	if (strlen(arg) != 1 || *arg == '"' || *arg == '\n') {
		cmd_warn("invalid delimiter '%s' (one character, or tab)", arg);
		cmd_usage();
	}
	return *arg;
}

/* Parse argv by opts into o; the operands are left at argv[optind..]. */
static void
parse_options(int argc, char **argv, const struct option *opts,
    struct options *o)
{
	int ch;

	memset(o, 0, sizeof(*o));
	o->encoding = CEU_ENC_AUTO;
	o->delimiter = ',';
	optind = 1;
	while ((ch = cmd_getopt(argc, argv, opts)) != -1) {
		switch (ch) {
		case OPT_DRY_RUN:
			o->dry_run = 1;
			break;
		case OPT_KEEP_GOING:
			o->keep_going = 1;
			break;
		case OPT_REJECTS:
			o->rejects = optarg;
			break;
		case OPT_ENCODING:
			if ((o->encoding = ceu_encoding_parse(optarg)) < 0) {
				cmd_warn("unknown encoding '%s'", optarg);
				cmd_usage();
			}
			break;
		case OPT_DELIMITER:
			o->delimiter = delimiter_arg(optarg);
			break;
		case OPT_IGNORE_EXTRA:
			o->ignore_extra = 1;
			break;
		case OPT_SOURCE:
			o->source = optarg;
			break;
		case OPT_REASON:
			o->reason = optarg;
			break;
		case OPT_LATE:
			o->late = 1;
			break;
		default:
			cmd_usage();
		}
	}
}

/* ceu-import KIND [options] FILE|- */
static int
run_kind(int argc, char **argv)
{
	int kind = ceu_import_kind_parse(argv[0]);
	struct options o;

	parse_options(argc, argv, kind == CEU_IMPORT_HOURS ? hours_opts :
	    kind == CEU_IMPORT_ROSTER || kind == CEU_IMPORT_EXAMS ?
	    late_opts : load_opts, &o);
	if (optind != argc - 1)
		cmd_usage();
	/* R6, R9: late only with a reason, and a reason only when late. */
	if (o.late != (o.reason != NULL) ||
	    (o.late && *o.reason == '\0')) {
		cmd_warn("--late and --reason TEXT go together");
		cmd_usage();
	}
	if (kind == CEU_IMPORT_HOURS && o.source == NULL) {
		cmd_warn("hours need --source NAME (the integrated system)");
		cmd_usage();
	}
	return run_import(kind, argv[optind], &o);
}

/* ceu-import batches */
static int
run_list(int argc, char **argv)
{
	optind = 1;
	if (cmd_getopt(argc, argv, NULL) != -1 || optind != argc)
		cmd_usage();
	return run_batches();
}

/* ceu-import undo BATCH --reason TEXT */
static int
run_undo_cmd(int argc, char **argv)
{
	struct options o;

	parse_options(argc, argv, undo_opts, &o);
	if (optind != argc - 1)
		cmd_usage();
	return run_undo(argv[optind], &o);
}

int
main(int argc, char *argv[])
{
	static const struct cmd_sub subs[] = {
		{ "units", run_kind, load_opts },
		{ "persons", run_kind, load_opts },
		{ "filings", run_kind, load_opts },
		{ "sources", run_kind, load_opts },
		{ "roster", run_kind, late_opts },
		{ "hours", run_kind, hours_opts },
		{ "exams", run_kind, late_opts },
		{ "policy", run_kind, load_opts },
		/* The kinds in Chinese (values.h) */
		{ "单位", run_kind, load_opts },
		{ "人员", run_kind, load_opts },
		{ "备案", run_kind, load_opts },
		{ "来源系统", run_kind, load_opts },
		{ "培训名单", run_kind, load_opts },
		{ "名单", run_kind, load_opts },
		{ "学时", run_kind, hours_opts },
		{ "考试", run_kind, load_opts },
		{ "政策", run_kind, load_opts },
		{ "batches", run_list, NULL },
		{ "undo", run_undo_cmd, undo_opts },
	};

	cmd_init("ceu-import", usage);
	/* Options may come before or after KIND. */
	cmd_dispatch(argc, argv, subs, sizeof(subs) / sizeof(subs[0]),
	    N_("unknown kind '%s'"));
}
