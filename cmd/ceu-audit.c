/*
 * ceu-audit - the unit's audit of registered hours (R11) and the
 * authorities' spot checks (R15), SPEC "ceu-audit": pending, approve,
 * reject, apply, sample, revoke.  The rules live in lib/audit.c; this
 * file parses options, reads the input, runs the decisions in one
 * transaction and prints.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "audit.h"
#include "common.h"
#include "values.h"

static const char *const usage = N_(
    "usage: ceu-audit pending --unit CODE [--year Y]\n"
    "       ceu-audit approve --unit CODE [--reason TEXT] [--late] "
    "RECORD... | -\n"
    "       ceu-audit reject --unit CODE --reason TEXT [--late] "
    "RECORD... | -\n"
    "       ceu-audit apply --unit CODE [--late --reason TEXT] FILE | -\n"
    "       ceu-audit sample --year Y [--city C | --industry I | "
    "--unit CODE]\n"
    "           --rate PCT --seed N\n"
    "       ceu-audit revoke --reason TEXT RECORD... | -\n"
    "common options: -d/--db FILE, --today YYYY-MM-DD, --actor NAME,\n"
    "  -f/--format csv|tsv|json|table|xlsx, -o/--output FILE,\n"
    "  --headers en|zh, --bom, --show-id, -q, -v, -h, -V\n");

enum { OPT_UNIT = 0x100, OPT_YEAR, OPT_REASON, OPT_LATE, OPT_CITY,
    OPT_INDUSTRY, OPT_RATE, OPT_SEED };

#define OPT(name, val) { name, required_argument, NULL, val }
#define FLAG(name, val) { name, no_argument, NULL, val }
#define END { NULL, 0, NULL, 0 }

/* Each subcommand's own options. */
static const struct option pending_opts[] = {
	OPT("unit", OPT_UNIT), OPT("year", OPT_YEAR), END
};
static const struct option approve_opts[] = {
	OPT("unit", OPT_UNIT), OPT("reason", OPT_REASON),
	FLAG("late", OPT_LATE), END
};
static const struct option reject_opts[] = {
	OPT("unit", OPT_UNIT), OPT("reason", OPT_REASON),
	FLAG("late", OPT_LATE), END
};
static const struct option apply_opts[] = {
	OPT("unit", OPT_UNIT), OPT("reason", OPT_REASON),
	FLAG("late", OPT_LATE), END
};
static const struct option sample_opts[] = {
	OPT("year", OPT_YEAR), OPT("city", OPT_CITY),
	OPT("industry", OPT_INDUSTRY), OPT("unit", OPT_UNIT),
	OPT("rate", OPT_RATE), OPT("seed", OPT_SEED), END
};
static const struct option revoke_opts[] = {
	OPT("reason", OPT_REASON), END
};

struct opts {
	const char *unit, *reason, *city, *industry;
	char unit_code[CEU_ID_LEN + 1];
	int year, late, seeded;
	long rate;
	uint64_t seed;
};

static void
bad_value(const char *opt, const char *arg, const char *what)
{
	cmd_warn("invalid value '%s' for %s (%s)", arg, opt, what);
	cmd_usage();
}

/* --seed: a decimal number that fits in 64 bits. */
static uint64_t
seed_arg(const char *arg)
{
	unsigned long long v;
	char *end;

	errno = 0;
	v = strtoull(arg, &end, 10);
	if (*arg < '0' || *arg > '9' || *end != '\0' || errno != 0)
		bad_value("--seed", arg, _("a number from 0 to "
		    "18446744073709551615"));
	return (uint64_t)v;
}

/* One option of any subcommand into o; 0 if ch is not one. */
static int
take(struct opts *o, int ch, const char *arg)
{
	switch (ch) {
	case OPT_CITY:		o->city = cmd_city(arg); break;
	case OPT_INDUSTRY:	o->industry = arg; break;
	case OPT_LATE:		o->late = 1; break;
	case OPT_REASON:	o->reason = arg; break;
	case OPT_SEED:		o->seed = seed_arg(arg); o->seeded = 1; break;
	case OPT_UNIT:		cmd_unit(arg, o->unit_code);
				o->unit = o->unit_code; break;
	case OPT_YEAR:		o->year = cmd_year("--year", arg); break;
	case OPT_RATE:
		if (ceu_audit_rate_parse(arg, &o->rate) != 0)
			bad_value("--rate", arg, _("a percentage above 0, at "
			    "most 100, at most two decimals"));
		break;
	default:
		return 0;
	}
	return 1;
}

/* Parse argv by the subcommand's options; operands at argv[optind..]. */
static void
parse(int argc, char **argv, const struct option *opts, struct opts *o)
{
	int ch;

	memset(o, 0, sizeof(*o));
	optind = 1;
	while ((ch = cmd_getopt(argc, argv, opts)) != -1)
		if (!take(o, ch, optarg))
			cmd_usage();
}

static void
require(const void *value, const char *opt)
{
	if (value == NULL) {
		cmd_warn("%s is required", opt);
		cmd_usage();
	}
}

/* R11: --late needs a reason that the journal keeps. */
static void
require_late_reason(const struct opts *o)
{
	if (o->late && (o->reason == NULL || *o->reason == '\0')) {
		cmd_warn("--late needs --reason TEXT (R11)");
		cmd_usage();
	}
}

/* The database, with unit (when given) on its register. */
static struct ceu_db *
open_for(const char *unit)
{
	struct ceu_db *db = cmd_open_db();

	if (unit != NULL && ceu_audit_unit_check(db, unit) != CEU_OK)
		cmd_die_db(db);
	return db;
}

/* A listed record: the record columns, masked, then blank cells. */
static int
record_row(void *ctx, const struct ceu_record_row *row)
{
	const char *values[CEU_AUDIT_PENDING_NCOLS] = { NULL };
	char buf[CEU_RECORD_BUFSIZE], id[CEU_ID_LEN + 1];

	ceu_record_row_values(row, values, buf);
	values[1] = cmd_show_id(row->id_no, id);
	cmd_out_row(ctx, values);
	return 0;
}

/* ceu-audit pending: the unit's pending records, with empty decision
 * and reason columns for the clerk to fill in (R11). */
static int
run_pending(int argc, char **argv)
{
	struct ceu_out *out;
	struct ceu_db *db;
	struct opts o;

	parse(argc, argv, pending_opts, &o);
	if (optind != argc)
		cmd_usage();
	require(o.unit, "--unit");
	db = open_for(o.unit);
	out = cmd_out_open(ceu_audit_pending_cols(), CEU_AUDIT_PENDING_NCOLS);
	if (ceu_audit_pending(db, o.unit, o.year, record_row, out) != CEU_OK)
		cmd_die_db(db);
	cmd_out_close(out);
	ceu_db_close(db);
	return CEU_OK;
}

/*
 * Problems with the input, kept until the end and printed in line order:
 * a file's lines are told as they are read, then again as their records
 * are looked up.
 */
struct told {
	long line;
	size_t seq;
	char *text;
};

struct input {
	struct ceu_audit a;
	const char *file;	/* the file being read, for "FILE:LINE:" */
	int decision;		/* approve, reject, revoke: for each item */
	const char *reason;
	struct told *told;
	size_t ntold, cap;
};

static void
tell(void *ctx, const struct ceu_audit_problem *p)
{
	struct input *in = ctx;
	struct told *t;
	size_t size = strlen(p->msg) + strlen(in->file) + 32;

	if (in->ntold == in->cap) {
		in->cap = in->cap ? 2 * in->cap : 16;
		in->told = ceu_reallocarray(in->told, in->cap,
		    sizeof(*in->told));
	}
	t = &in->told[in->ntold];
	t->line = p->line;
	t->seq = in->ntold++;
	t->text = ceu_malloc(size);
	if (p->line > 0)
		snprintf(t->text, size, "%s:%ld: %s", in->file, p->line,
		    p->msg);
	else
		snprintf(t->text, size, "%s", p->msg);
}

static int
told_cmp(const void *x, const void *y)
{
	const struct told *a = x, *b = y;

	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* Print what was told, in line order, and free it. */
static void
tell_all(struct input *in)
{
	size_t i;

	if (in->ntold > 1)
		qsort(in->told, in->ntold, sizeof(*in->told), told_cmp);
	for (i = 0; i < in->ntold; i++) {
		cmd_warn("%s", in->told[i].text);
		free(in->told[i].text);
	}
	free(in->told);
	in->told = NULL;
	in->ntold = 0;
}

static void
input_init(struct input *in, struct ceu_db *db, const struct opts *o,
    const char *unit, int decision)
{
	memset(in, 0, sizeof(*in));
	ceu_audit_init(&in->a, db, unit);
	in->a.late = o->late;
	in->a.late_reason = o->reason;
	in->a.report = tell;
	in->a.report_ctx = in;
	in->file = "";
	in->decision = decision;
	in->reason = o->reason;
}

/* A record id of a list on stdin (`-`). */
static int
add_line(void *ctx, const char *value, long line)
{
	struct input *in = ctx;

	ceu_audit_add(&in->a, line, value, in->decision, in->reason);
	return 0;
}

/* The operands: record ids, or `-` for a list on stdin (SPEC). */
static void
add_operands(struct input *in, int argc, char **argv)
{
	int i;

	for (i = optind; i < argc; i++) {
		if (strcmp(argv[i], "-") != 0) {
			ceu_audit_add(&in->a, 0, argv[i], in->decision,
			    in->reason);
			continue;
		}
		in->file = "stdin";
		cmd_read_list("-", "record_id", "记录号|记录编号", add_line,
		    in);
	}
}

/* Run the decisions in one transaction: every problem told and nothing
 * applied, or all of them committed; then say what was done. */
static int
decide(struct input *in)
{
	struct ceu_audit *a = &in->a;
	struct ceu_db *db = a->db;
	int rc;

	if ((rc = ceu_db_begin(db)) == CEU_OK &&
	    (rc = ceu_audit_run(a)) == CEU_OK)
		rc = ceu_db_commit(db);
	tell_all(in);
	ceu_audit_free(a);
	if (rc != CEU_OK)
		cmd_die_db(db);
	if (a->revoked > 0)
		cmd_info("%ld revoked (R15)", a->revoked);
	else
		cmd_info("%ld approved, %ld rejected, %ld left pending",
		    a->approved, a->rejected, a->left);
	if (a->late_count > 0)
		cmd_info("%ld decided after the audit deadline, marked late "
		    "(R11)", a->late_count);
	ceu_db_close(db);
	return CEU_OK;
}

/* approve, reject: decisions on the operands' records. */
static int
run_verdict(int argc, char **argv, int decision)
{
	struct input in;
	struct opts o;

	parse(argc, argv, decision == CEU_DECISION_REJECT ? reject_opts :
	    approve_opts, &o);
	require(o.unit, "--unit");
	if (decision == CEU_DECISION_REJECT)
		require(o.reason, "--reason");
	require_late_reason(&o);
	if (optind == argc)
		cmd_usage();
	input_init(&in, open_for(o.unit), &o, o.unit, decision);
	add_operands(&in, argc, argv);
	return decide(&in);
}

static int
run_approve(int argc, char **argv)
{
	return run_verdict(argc, argv, CEU_DECISION_APPROVE);
}

static int
run_reject(int argc, char **argv)
{
	return run_verdict(argc, argv, CEU_DECISION_REJECT);
}

/* ceu-audit apply: a decisions file, as pending wrote it and a clerk or
 * a script filled it in (Excel's UTF-8 with BOM or GB18030, CRLF). */
static int
run_apply(int argc, char **argv)
{
	struct ceu_csv *csv;
	struct input in;
	struct opts o;
	FILE *fp = stdin;
	const char *file;

	parse(argc, argv, apply_opts, &o);
	require(o.unit, "--unit");
	require_late_reason(&o);
	if (o.reason != NULL && !o.late) {
		cmd_warn("--reason goes with --late: each line gives its own");
		cmd_usage();
	}
	if (optind != argc - 1)
		cmd_usage();
	file = argv[optind];
	input_init(&in, open_for(o.unit), &o, o.unit, CEU_DECISION_NONE);
	in.reason = NULL;
	if (strcmp(file, "-") != 0 && (fp = fopen(file, "rb")) == NULL)
		cmd_die(errno == ENOENT ? CEU_ENOINPUT : CEU_EIO,
		    "cannot open '%s': %s", file, strerror(errno));
	in.file = fp == stdin ? "stdin" : file;
	csv = ceu_csv_open(fp, in.file, CEU_ENC_AUTO, ',');
	if (ceu_audit_read(&in.a, csv) != CEU_OK) {
		tell_all(&in);
		cmd_warn("%s: %s", in.file, in.a.db->msg);
		cmd_exit(in.a.db->code);
	}
	ceu_csv_close(csv);
	if (fp != stdin)
		fclose(fp);
	return decide(&in);
}

/* ceu-audit revoke: approved records found false, any unit's (R15). */
static int
run_revoke(int argc, char **argv)
{
	struct input in;
	struct opts o;

	parse(argc, argv, revoke_opts, &o);
	require(o.reason, "--reason");
	if (optind == argc)
		cmd_usage();
	input_init(&in, open_for(NULL), &o, NULL, CEU_DECISION_REVOKE);
	add_operands(&in, argc, argv);
	return decide(&in);
}

/* ceu-audit sample: approved records for a spot check (R15). */
static int
run_sample(int argc, char **argv)
{
	struct ceu_sample s = { 0 };
	struct ceu_out *out;
	struct ceu_db *db;
	struct opts o;

	parse(argc, argv, sample_opts, &o);
	if (optind != argc || (!!o.city + !!o.industry + !!o.unit) > 1)
		cmd_usage();
	require(o.year ? &o : NULL, "--year");
	require(o.rate ? &o : NULL, "--rate");
	require(o.seeded ? &o : NULL, "--seed");
	s.year = o.year;
	s.rate = o.rate;
	s.seed = o.seed;
	s.scope.kind = o.unit ? CEU_SCOPE_UNIT : o.city ? CEU_SCOPE_CITY :
	    o.industry ? CEU_SCOPE_INDUSTRY : CEU_SCOPE_ALL;
	s.scope.value = o.unit ? o.unit : o.city ? o.city : o.industry;
	db = open_for(o.unit);
	/* R1: a city or industry with no unit is a mistake, not a sample of
	 * nothing. */
	if (ceu_db_begin_read(db) != CEU_OK ||
	    ceu_rules_scope_check(db, &s.scope) != CEU_OK)
		cmd_die_db(db);
	out = cmd_out_open(ceu_record_cols, CEU_RECORD_NCOLS);
	if (ceu_audit_sample(db, &s, record_row, out) != CEU_OK ||
	    ceu_db_commit(db) != CEU_OK)
		cmd_die_db(db);
	cmd_out_close(out);
	ceu_db_close(db);
	return CEU_OK;
}

int
main(int argc, char *argv[])
{
	static const struct cmd_sub subs[] = {
		{ "apply", run_apply, apply_opts },
		{ "approve", run_approve, approve_opts },
		{ "pending", run_pending, pending_opts },
		{ "reject", run_reject, reject_opts },
		{ "revoke", run_revoke, revoke_opts },
		{ "sample", run_sample, sample_opts },
	};

	cmd_init("ceu-audit", usage);
	cmd_dispatch(argc, argv, subs, sizeof(subs) / sizeof(subs[0]),
	    N_("unknown command '%s'"));
}
