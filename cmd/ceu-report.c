/*
 * ceu-report - transcripts, compliance, summaries, title (R13) and
 * assessment (R14) checks, open deadlines, the back-fill backlog (R7) and
 * the journal (R16; ceu-report_journal.c).  A thin front over lib/report.c:
 * parse, call, print.
 *
 * Reports only read; each runs in one read transaction so that what it
 * prints is one consistent snapshot, without holding up the clerks.
 * Every subcommand takes its own options, checked before the database is
 * opened.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ceu-report.h"
#include "common.h"
#include "person.h"
#include "report.h"
#include "values.h"

static const char *const usage = N_(
    "usage: ceu-report transcript ID [--year Y]\n"
    "       ceu-report compliance --year Y [--unit C | --city C | "
    "--industry I]\n"
    "                  [--noncompliant]\n"
    "       ceu-report summary --year Y --by unit|city|industry\n"
    "       ceu-report title --year Y [--id ID | --ids FILE | --unit C]\n"
    "       ceu-report assessment --year Y [--unit C | --city C | "
    "--industry I]\n"
    "       ceu-report deadlines [--within DAYS]\n"
    "       ceu-report backlog --year Y [--unit C | --city C | "
    "--industry I]\n"
    "       ceu-report journal [--since YYYY-MM-DD]\n"
    "       ceu-report journal --verify [--head FILE]\n"
    "       ceu-report journal --head\n"
    "common options: -d/--db FILE, --today YYYY-MM-DD, --actor NAME,\n"
    "  -f/--format csv|tsv|json|table|xlsx, -o/--output FILE,\n"
    "  --headers en|zh, --bom, --show-id, -q, -v, -h, -V\n");

enum {
	OPT_YEAR = 0x2000, OPT_UNIT, OPT_CITY, OPT_INDUSTRY, OPT_NONCOMPLIANT,
	OPT_BY, OPT_ID, OPT_IDS, OPT_WITHIN,
};

#define YEAR { "year", required_argument, NULL, OPT_YEAR }
#define SCOPE { "unit", required_argument, NULL, OPT_UNIT }, \
	{ "city", required_argument, NULL, OPT_CITY }, \
	{ "industry", required_argument, NULL, OPT_INDUSTRY }
#define END { NULL, 0, NULL, 0 }

/* Each subcommand's own options. */
static const struct option transcript_opts[] = { YEAR, END };
static const struct option compliance_opts[] = {
	YEAR, SCOPE, { "noncompliant", no_argument, NULL, OPT_NONCOMPLIANT },
	END
};
static const struct option summary_opts[] = {
	YEAR, { "by", required_argument, NULL, OPT_BY }, END
};
static const struct option title_opts[] = {
	YEAR, { "id", required_argument, NULL, OPT_ID },
	{ "ids", required_argument, NULL, OPT_IDS },
	{ "unit", required_argument, NULL, OPT_UNIT }, END
};
static const struct option people_opts[] = { YEAR, SCOPE, END };
static const struct option deadlines_opts[] = {
	{ "within", required_argument, NULL, OPT_WITHIN }, END
};

/* The options the subcommand took. */
static struct {
	int year;
	struct ceu_scope scope;
	char unit[CEU_ID_LEN + 1];
	int noncompliant;
	int by;			/* enum ceu_summary_by, or -1 */
	const char *id;
	const char *ids;
	int within;
	char **args;		/* operands */
	int nargs;
} opt;

static struct ceu_db *db;

static void
set_scope(int kind, const char *value)
{
	if (opt.scope.kind != CEU_SCOPE_ALL)
		cmd_die(CEU_EUSAGE, "give one of --unit, --city, --industry");
	opt.scope.kind = kind;
	opt.scope.value = value;
	if (kind == CEU_SCOPE_UNIT) {
		cmd_unit(value, opt.unit);
		opt.scope.value = opt.unit;
	} else if (kind == CEU_SCOPE_CITY)
		cmd_city(value);	/* R1 */
}

/* Parse argv by the subcommand's options (opts). */
static void
parse_options(int argc, char **argv, const struct option *opts)
{
	char *end;
	int ch;

	opt.by = -1;
	opt.within = 30;
	optind = 1;
	while ((ch = cmd_getopt(argc, argv, opts)) != -1) {
		switch (ch) {
		case OPT_YEAR:
			opt.year = cmd_year("--year", optarg);
			break;
		case OPT_UNIT:
			set_scope(CEU_SCOPE_UNIT, optarg);
			break;
		case OPT_CITY:
			set_scope(CEU_SCOPE_CITY, optarg);
			break;
		case OPT_INDUSTRY:
			set_scope(CEU_SCOPE_INDUSTRY, optarg);
			break;
		case OPT_NONCOMPLIANT:
			opt.noncompliant = 1;
			break;
		case OPT_BY:
			/* unit, city, industry, or 单位, 城市, 行业 */
			opt.by = ceu_enum_parse(CEU_ENUM_BY, optarg);
			if (opt.by < 0)
				cmd_die(CEU_EUSAGE, "invalid --by '%s' (unit, "
				    "city or industry)", optarg);
			break;
		case OPT_ID:
			opt.id = optarg;
			break;
		case OPT_IDS:
			opt.ids = optarg;
			break;
		case OPT_WITHIN:
			opt.within = (int)strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || opt.within < 0 ||
			    opt.within > 3660)
				cmd_die(CEU_EUSAGE, "invalid --within '%s' "
				    "(days)", optarg);
			break;
		default:
			cmd_usage();
		}
	}
	opt.args = argv + optind;
	opt.nargs = argc - optind;
}

/* The subcommand needs --year. */
static void
need_year(const char *sub)
{
	if (opt.year == 0)
		cmd_die(CEU_EUSAGE, "%s needs --year", sub);
}

static void
no_operands(void)
{
	if (opt.nargs != 0)
		cmd_usage();
}

static const char *
yesno(int b)
{
	return b ? "yes" : "no";
}

struct ceu_db *
report_open_read(const struct ceu_scope *scope)
{
	struct ceu_db *rdb = cmd_open_db();

	if (ceu_db_begin_read(rdb) != CEU_OK ||
	    ceu_rules_scope_check(rdb, scope) != CEU_OK)
		cmd_die_db(rdb);
	return rdb;
}

int
report_close_read(struct ceu_db *rdb, int rc)
{
	if (ceu_db_commit(rdb) != CEU_OK)
		cmd_die_db(rdb);
	ceu_db_close(rdb);
	return rc;
}

/* Usage checked: the database, for the scope given. */
static void
open_read(void)
{
	db = report_open_read(&opt.scope);
}

static int
close_read(int rc)
{
	return report_close_read(db, rc);
}

/* ---------------------------------------------------------------------
 * compliance, assessment
 */

static int
compliance_row(void *ctx, const struct ceu_report_person *p)
{
	char id[CEU_ID_LEN + 1], buf[CEU_REPORT_BUFSIZE];
	const char *row[CEU_REPORT_COMPLIANCE_NCOLS];

	ceu_report_compliance_values(p, cmd.lang, row, buf);
	row[0] = cmd_show_id(p->id_no, id);
	if (!opt.noncompliant || !p->verdict.compliant)
		cmd_out_row(ctx, row);
	return 0;
}

static const struct ceu_out_col assessment_cols[] = {
	{ "id_no", CEU_COL_TEXT }, { "name", CEU_COL_TEXT },
	{ "excellent_allowed", CEU_COL_BOOL }, { "reason", CEU_COL_TEXT },
};

static int
assessment_row(void *ctx, const struct ceu_report_person *p)
{
	char id[CEU_ID_LEN + 1], why[CEU_REPORT_BUFSIZE];
	int ok = ceu_report_excellent_allowed(&p->verdict);	/* R14 */
	const char *row[4] = { cmd_show_id(p->id_no, id), p->name, yesno(ok),
	    ok ? "" : ceu_rules_reason(&p->verdict, cmd.lang, why,
	    sizeof(why)) };

	cmd_out_row(ctx, row);
	return 0;
}

/* compliance and assessment: a row per person of the scope. */
static int
report_people(int argc, char **argv, const struct option *opts,
    const struct ceu_out_col *cols, size_t n, ceu_report_person_fn fn)
{
	struct ceu_out *out;

	parse_options(argc, argv, opts);
	need_year(argv[0]);
	no_operands();
	open_read();
	out = cmd_out_open(cols, n);
	if (ceu_report_compliance(db, opt.year, &opt.scope, fn, out) != CEU_OK)
		cmd_die_db(db);
	cmd_out_close(out);
	return close_read(CEU_OK);
}

static int
report_compliance(int argc, char **argv)
{
	return report_people(argc, argv, compliance_opts,
	    ceu_report_compliance_cols, CEU_REPORT_COMPLIANCE_NCOLS,
	    compliance_row);
}

static int
report_assessment(int argc, char **argv)
{
	return report_people(argc, argv, people_opts, assessment_cols, 4,
	    assessment_row);
}

/* ---------------------------------------------------------------------
 * transcript
 */

/* The record columns of SPEC, then kind ("record" or "total"), then the
 * year's verdict on total rows. */
#define TRANSCRIPT_NCOLS (CEU_RECORD_NCOLS + 1 + CEU_REPORT_VERDICT_NCOLS)
static const struct ceu_out_col kind_col = {
	"kind", CEU_COL_OF(CEU_ENUM_ROW)
};

struct transcript_ctx {
	struct ceu_out *out;
	const char *id_no, *name, *unit_code;	/* as shown */
};

static int
transcript_row(void *ctx, const struct ceu_transcript_row *r)
{
	struct transcript_ctx *c = ctx;
	char year[8], buf[CEU_RECORD_BUFSIZE], vbuf[CEU_REPORT_BUFSIZE];
	const char *row[TRANSCRIPT_NCOLS] = { NULL };

	if (r->record != NULL)
		ceu_record_row_values(r->record, row, buf);
	else {	/* R2, R2a: the year's verdict */
		snprintf(year, sizeof(year), "%d", r->year);
		row[4] = year;
		ceu_report_verdict_values(&r->totals, &r->verdict, cmd.lang,
		    row + CEU_RECORD_NCOLS + 1, vbuf);
	}
	row[1] = c->id_no;
	row[2] = c->name;
	row[3] = c->unit_code;
	row[CEU_RECORD_NCOLS] = r->kind;
	cmd_out_row(c->out, row);
	return 0;
}

static int
report_transcript(int argc, char **argv)
{
	static struct ceu_out_col cols[TRANSCRIPT_NCOLS];
	struct transcript_ctx c;
	struct ceu_person p;
	char id_no[CEU_ID_LEN + 1], shown[CEU_ID_LEN + 1], name[256];
	char unit[CEU_ID_LEN + 1];
	int found;

	parse_options(argc, argv, transcript_opts);
	if (opt.nargs != 1)
		cmd_usage();
	cmd_id(opt.args[0], id_no);
	open_read();
	if (ceu_person_find(db, id_no, &found, &p) != CEU_OK)
		cmd_die_db(db);
	if (!found)
		cmd_die(CEU_EREFUSED, "person %s not found",
		    cmd_show_id(id_no, shown));
	snprintf(name, sizeof(name), "%s", p.name);
	snprintf(unit, sizeof(unit), "%s", p.unit_code);
	c.id_no = cmd_show_id(id_no, shown);
	c.name = name;
	c.unit_code = unit;
	/* The record columns, kind ("record" or "total"), the verdict. */
	memcpy(cols, ceu_record_cols, CEU_RECORD_NCOLS * sizeof(*cols));
	cols[CEU_RECORD_NCOLS] = kind_col;
	memcpy(cols + CEU_RECORD_NCOLS + 1, ceu_report_verdict_cols,
	    CEU_REPORT_VERDICT_NCOLS * sizeof(*cols));
	c.out = cmd_out_open(cols, TRANSCRIPT_NCOLS);
	if (ceu_report_transcript(db, id_no, opt.year, transcript_row, &c) !=
	    CEU_OK)
		cmd_die_db(db);
	cmd_out_close(c.out);
	return close_read(CEU_OK);
}

/* ---------------------------------------------------------------------
 * title (R13)
 */

static const struct ceu_out_col title_cols[] = {
	{ "id_no", CEU_COL_TEXT }, { "name", CEU_COL_TEXT },
	{ "current_year_exam_passed", CEU_COL_BOOL },
	{ "previous_year_compliant", CEU_COL_BOOL },
	{ "eligible", CEU_COL_BOOL },
};

struct title_ctx {
	struct ceu_out *out;
	int missing;		/* IDs not on the register */
	int refused;		/* the last person was not eligible */
};

static void
title_print(struct title_ctx *c, const char *id_no, const char *name,
    const struct ceu_title *t)
{
	char id[CEU_ID_LEN + 1];
	const char *row[5];

	row[0] = cmd_show_id(id_no, id);
	row[1] = name;
	row[2] = yesno(t->current_exam_passed);
	row[3] = yesno(t->previous_compliant);
	row[4] = yesno(t->eligible);
	cmd_out_row(c->out, row);
	c->refused = !t->eligible;
	if (!t->eligible && opt.id != NULL)
		cmd_warn("%s not eligible: %s", row[0], t->reason);
}

static int
title_person(void *ctx, const struct ceu_report_person *p,
    const struct ceu_title *t)
{
	title_print(ctx, p->id_no, p->name, t);
	return 0;
}

/* R13 for one person given by ID number; not on the register is counted
 * as missing (exit 1). */
static int
title_one(void *ctx, const char *id_no)
{
	struct title_ctx *c = ctx;
	struct ceu_title t;
	struct ceu_person p;
	char shown[CEU_ID_LEN + 1];
	int found;

	if (ceu_person_find(db, id_no, &found, &p) != CEU_OK)
		cmd_die_db(db);
	if (!found) {
		cmd_warn("person %s not found", cmd_show_id(id_no, shown));
		c->missing++;
		return 0;
	}
	if (ceu_report_title(db, p.id, opt.year, &t) != CEU_OK)
		cmd_die_db(db);
	title_print(c, id_no, p.name, &t);
	return 0;
}

static int
report_title(int argc, char **argv)
{
	struct title_ctx c = { NULL, 0, 0 };
	char id_no[CEU_ID_LEN + 1];

	parse_options(argc, argv, title_opts);
	need_year("title");
	no_operands();
	if ((opt.id != NULL) + (opt.ids != NULL) +
	    (opt.scope.kind != CEU_SCOPE_ALL) > 1)
		cmd_die(CEU_EUSAGE, "give one of --id, --ids, --unit");
	if (opt.id != NULL)
		cmd_id(opt.id, id_no);
	open_read();
	c.out = cmd_out_open(title_cols, 5);
	if (opt.id != NULL)
		title_one(&c, id_no);
	else if (opt.ids != NULL)
		cmd_read_ids(opt.ids, title_one, &c);
	else if (ceu_report_titles(db, opt.year, &opt.scope, title_person,
	    &c) != CEU_OK)
		cmd_die_db(db);
	cmd_out_close(c.out);
	/* SPEC: one person not eligible, or not found, is exit 1. */
	return close_read(c.missing || (opt.id != NULL && c.refused) ?
	    CEU_EREFUSED : CEU_OK);
}

/* ---------------------------------------------------------------------
 * summary, deadlines, backlog, journal
 */

static int
summary_row(void *ctx, const struct ceu_summary_row *s)
{
	char buf[CEU_REPORT_BUFSIZE];
	const char *row[CEU_REPORT_SUMMARY_NCOLS];

	ceu_report_summary_values(s, row, buf);
	cmd_out_row(ctx, row);
	return 0;
}

static int
report_summary(int argc, char **argv)
{
	struct ceu_out *out;

	parse_options(argc, argv, summary_opts);
	need_year("summary");
	no_operands();
	if (opt.by < 0)
		cmd_die(CEU_EUSAGE, "summary needs --by unit|city|industry");
	open_read();
	out = cmd_out_open(ceu_report_summary_cols(opt.by),
	    CEU_REPORT_SUMMARY_NCOLS);
	if (ceu_report_summary(db, opt.year, opt.by, summary_row, out) !=
	    CEU_OK)
		cmd_die_db(db);
	cmd_out_close(out);
	return close_read(CEU_OK);
}

/* The writer opens on the first row, so that -q prints nothing at all
 * when nothing is due (cron mails only non-empty output). */
static int
deadline_row(void *ctx, const struct ceu_deadline *d)
{
	struct ceu_out **out = ctx;
	char id[CEU_ID_LEN + 1], buf[CEU_REPORT_BUFSIZE];
	const char *row[CEU_REPORT_DEADLINE_NCOLS];

	ceu_report_deadline_values(d, row, buf);
	if (d->id_no != NULL)
		row[1] = cmd_show_id(d->id_no, id);
	if (*out == NULL)
		*out = cmd_out_open(ceu_report_deadline_cols,
		    CEU_REPORT_DEADLINE_NCOLS);
	cmd_out_row(*out, row);
	return 0;
}

static int
report_deadlines(int argc, char **argv)
{
	struct ceu_out *out = NULL;

	parse_options(argc, argv, deadlines_opts);
	no_operands();
	open_read();
	if (ceu_report_deadlines(db, opt.within, deadline_row, &out) != CEU_OK)
		cmd_die_db(db);
	if (out == NULL && cmd.verbose >= 0)
		out = cmd_out_open(ceu_report_deadline_cols,
		    CEU_REPORT_DEADLINE_NCOLS);
	if (out != NULL)
		cmd_out_close(out);
	return close_read(CEU_OK);
}

static int
backlog_row(void *ctx, const struct ceu_backlog *b)
{
	char id[CEU_ID_LEN + 1], buf[CEU_REPORT_BUFSIZE];
	const char *row[CEU_REPORT_BACKLOG_NCOLS];

	ceu_report_backlog_values(b, row, buf);
	row[0] = cmd_show_id(b->id_no, id);
	cmd_out_row(ctx, row);
	return 0;
}

static int
report_backlog(int argc, char **argv)
{
	struct ceu_out *out;

	parse_options(argc, argv, people_opts);
	need_year("backlog");
	no_operands();
	open_read();
	out = cmd_out_open(ceu_report_backlog_cols, CEU_REPORT_BACKLOG_NCOLS);
	if (ceu_report_backlog(db, opt.year, &opt.scope, backlog_row, out) !=
	    CEU_OK)
		cmd_die_db(db);
	cmd_out_close(out);
	return close_read(CEU_OK);
}

int
main(int argc, char *argv[])
{
	static const struct cmd_sub subs[] = {
		{ "transcript", report_transcript, transcript_opts },
		{ "compliance", report_compliance, compliance_opts },
		{ "summary", report_summary, summary_opts },
		{ "title", report_title, title_opts },
		{ "assessment", report_assessment, people_opts },
		{ "deadlines", report_deadlines, deadlines_opts },
		{ "backlog", report_backlog, people_opts },
		{ "journal", report_journal, report_journal_opts },
	};

	cmd_init("ceu-report", usage);
	cmd_dispatch(argc, argv, subs, sizeof(subs) / sizeof(subs[0]),
	    N_("unknown report '%s'"));
}
