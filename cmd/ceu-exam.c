/*
 * ceu-exam - the public required course at the counter (SPEC "ceu-exam",
 * RULES R3, R5, R6, R7): study, attempt, makeup, status.  The rules live
 * in lib/exam.c, shared with `ceu-import exams`; this file parses options,
 * calls them in one transaction and prints.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "exam.h"
#include "register.h"
#include "values.h"

static const char *const usage = N_(
    "usage: ceu-exam study (--id ID | --ids FILE) --year Y [--date D]\n"
    "           [--late --reason TEXT]\n"
    "       ceu-exam attempt (--id ID | --ids FILE) --year Y --score S "
    "[--date D]\n"
    "           [--late --reason TEXT]\n"
    "       ceu-exam makeup (--id ID | --ids FILE) --year Y --reason TEXT\n"
    "       ceu-exam status [--id ID | --ids FILE | --unit CODE] [--year Y]\n"
    "common options: -d/--db FILE, --today YYYY-MM-DD, --actor NAME,\n"
    "  -f/--format csv|tsv|json|table|xlsx, -o/--output FILE,\n"
    "  --headers en|zh, --bom, --show-id, -q, -v, -h, -V\n");

enum { OPT_ID = 0x100, OPT_IDS, OPT_UNIT, OPT_YEAR, OPT_SCORE, OPT_DATE,
    OPT_REASON, OPT_LATE };

#define WHO { "id", required_argument, NULL, OPT_ID }, \
	{ "ids", required_argument, NULL, OPT_IDS }, \
	{ "year", required_argument, NULL, OPT_YEAR }
#define END { NULL, 0, NULL, 0 }

/* R6: work done by the deadline, entered after it. */
#define LATE { "late", no_argument, NULL, OPT_LATE }, \
	{ "reason", required_argument, NULL, OPT_REASON }

/* Each subcommand's own options. */
static const struct option study_opts[] = {
	WHO, { "date", required_argument, NULL, OPT_DATE }, LATE, END
};
static const struct option attempt_opts[] = {
	WHO, { "date", required_argument, NULL, OPT_DATE },
	{ "score", required_argument, NULL, OPT_SCORE }, LATE, END
};
static const struct option makeup_opts[] = {
	WHO, { "reason", required_argument, NULL, OPT_REASON }, END
};
static const struct option status_opts[] = {
	WHO, { "unit", required_argument, NULL, OPT_UNIT }, END
};

struct opts {
	const char *id, *ids, *unit, *reason;
	char id_no[CEU_ID_LEN + 1], unit_code[CEU_ID_LEN + 1];
	int year, score, date;
	int has_score, late;
};

/* A score in tenths of a point: "85", "85.5", "0"; 0..100. */
static int
parse_score(const char *arg)
{
	int tenths;

	if (ceu_score_parse(arg, &tenths) != 0) {
		cmd_warn("invalid score '%s' for --score (0 to 100, at most "
		    "one decimal)", arg);
		cmd_usage();
	}
	return tenths;
}

/* Parse argv by the subcommand's options (opts); no operands. */
static void
parse(int argc, char **argv, const struct option *opts, struct opts *o)
{
	int ch;

	memset(o, 0, sizeof(*o));
	optind = 1;
	while ((ch = cmd_getopt(argc, argv, opts)) != -1) {
		switch (ch) {
		case OPT_DATE:
			o->date = cmd_date("--date", optarg);
			break;
		case OPT_ID:
			cmd_id(optarg, o->id_no);
			o->id = o->id_no;
			break;
		case OPT_IDS:
			o->ids = optarg;
			break;
		case OPT_LATE:
			o->late = 1;
			break;
		case OPT_REASON:
			o->reason = optarg;
			break;
		case OPT_SCORE:
			o->score = parse_score(optarg);
			o->has_score = 1;
			break;
		case OPT_UNIT:
			cmd_unit(optarg, o->unit_code);
			o->unit = o->unit_code;
			break;
		case OPT_YEAR:
			o->year = cmd_year("--year", optarg);
			break;
		default:
			cmd_usage();
		}
	}
	if (optind != argc)
		cmd_usage();
}

/* The person of --id, or die: 64 for a bad number, 1 when unknown. */
static long long
person_of(struct ceu_db *db, const char *text, char id[CEU_ID_LEN + 1],
    char *name, size_t namesize)
{
	struct ceu_person p;

	if (ceu_register_find_person(db, text, id, &p) != CEU_OK)
		cmd_die_db(db);
	snprintf(name, namesize, "%s", p.name);
	return p.id;
}

/*
 * study, attempt and makeup act on one person (--id) or on every person of
 * a list (--ids FILE|-), all in one transaction: one refusal and nothing
 * of the command is written (SPEC: every command is one transaction).
 */
struct person_cmd {
	struct ceu_db *db;
	const struct opts *o;
	int (*one)(struct person_cmd *c, long long pid, const char *name);
};

/* One person of the command, by canonical or raw ID number. */
static int
person_cmd_one(void *ctx, const char *text)
{
	struct person_cmd *c = ctx;
	char id[CEU_ID_LEN + 1], name[256], shown[CEU_ID_LEN + 1];
	long long pid = person_of(c->db, text, id, name, sizeof(name));

	if (c->one(c, pid, name) != CEU_OK) {
		if (c->o->ids != NULL)	/* say whom, in a list */
			cmd_warn("%s %s:", cmd_show_id(id, shown), name);
		cmd_die_db(c->db);
	}
	return 0;
}

enum { NEED_SCORE = 1, NEED_REASON = 2, MAY_BE_LATE = 4 };

/* Parse, check --id/--ids, --year and what need asks for, run one for
 * each person, commit. */
static int
run_person_cmd(int argc, char **argv, const struct option *opts, int need,
    int (*one)(struct person_cmd *, long long, const char *))
{
	struct opts o;
	struct person_cmd c = { NULL, &o, one };

	parse(argc, argv, opts, &o);
	if ((o.id == NULL) == (o.ids == NULL) || o.year == 0) {
		cmd_warn("--year and one of --id, --ids are required");
		cmd_usage();
	}
	if ((need & NEED_SCORE) && !o.has_score) {
		cmd_warn("--score is required");
		cmd_usage();
	}
	if ((need & NEED_REASON) && (o.reason == NULL || *o.reason == '\0')) {
		cmd_warn("--reason is required");
		cmd_usage();
	}
	/* R6: late only with a reason, and a reason only when late. */
	if ((need & MAY_BE_LATE) && (o.late != (o.reason != NULL) ||
	    (o.late && *o.reason == '\0'))) {
		cmd_warn("--late and --reason TEXT go together");
		cmd_usage();
	}
	c.db = cmd_open_db();
	if (ceu_db_begin(c.db) != CEU_OK)
		cmd_die_db(c.db);
	if (o.id != NULL)
		person_cmd_one(&c, o.id);
	else
		cmd_read_ids(o.ids, person_cmd_one, &c);
	if (ceu_db_commit(c.db) != CEU_OK)
		cmd_die_db(c.db);
	ceu_db_close(c.db);
	return CEU_OK;
}

/* R3: the course studied in the current round. */
static int
study_one(struct person_cmd *c, long long pid, const char *name)
{
	struct ceu_exam_status before, after;
	int year = c->o->year, rc;
	char d[11];

	if ((rc = ceu_exam_get_status(c->db, pid, year, &before)) != CEU_OK ||
	    (rc = ceu_exam_study(c->db, pid, year, c->o->date,
	    c->o->late ? c->o->reason : NULL)) != CEU_OK ||
	    (rc = ceu_exam_get_status(c->db, pid, year, &after)) != CEU_OK)
		return rc;
	if (before.round == after.round && before.studied)
		cmd_info("%s: the %d course was already studied in round %d",
		    name, year, after.round);
	else
		cmd_info("%s: the %d course studied on %s (round %d)", name,
		    year, ceu_date_format(c->o->date ? c->o->date : cmd.today,
		    d), after.round);
	return CEU_OK;
}

static int
run_study(int argc, char **argv)
{
	return run_person_cmd(argc, argv, study_opts, MAY_BE_LATE, study_one);
}

/* R6: one attempt; a pass credits the hours (R5). */
static int
attempt_one(struct person_cmd *c, long long pid, const char *name)
{
	struct ceu_exam_status s;
	int year = c->o->year, rc, passed;
	char score[24];

	if ((rc = ceu_exam_attempt(c->db, pid, year, c->o->score, c->o->date,
	    0, 0, c->o->late ? c->o->reason : NULL, &passed)) != CEU_OK ||
	    (rc = ceu_exam_get_status(c->db, pid, year, &s)) != CEU_OK)
		return rc;
	ceu_hours_format(c->o->score, score);
	if (passed)
		cmd_info("%s: %d attempt %d of round %d, score %s: passed; "
		    "public required hours credited to %d (R5)", name, year,
		    s.attempts_used, s.round, score, year);
	else
		cmd_info("%s: %d attempt %d of round %d, score %s: not "
		    "passed", name, year, s.attempts_used, s.round, score);
	return CEU_OK;
}

static int
run_attempt(int argc, char **argv)
{
	return run_person_cmd(argc, argv, attempt_opts,
	    NEED_SCORE | MAY_BE_LATE, attempt_one);
}

/* R6: a new round after a failed one. */
static int
makeup_one(struct person_cmd *c, long long pid, const char *name)
{
	struct ceu_exam_status s;
	int rc;

	if ((rc = ceu_exam_makeup(c->db, pid, c->o->year, c->o->reason)) !=
	    CEU_OK ||
	    (rc = ceu_exam_get_status(c->db, pid, c->o->year, &s)) != CEU_OK)
		return rc;
	cmd_info("%s: make-up round %d for %d opened; study the course "
	    "again before its first attempt (R6)", name, s.round, c->o->year);
	return CEU_OK;
}

static int
run_makeup(int argc, char **argv)
{
	return run_person_cmd(argc, argv, makeup_opts, NEED_REASON,
	    makeup_one);
}

static const struct ceu_out_col status_cols[] = {
	{ "id_no", CEU_COL_TEXT }, { "name", CEU_COL_TEXT },
	{ "year", CEU_COL_NUM }, { "round", CEU_COL_NUM },
	{ "attempts_used", CEU_COL_NUM }, { "best_score", CEU_COL_NUM },
	{ "passed", CEU_COL_BOOL }, { "passed_on", CEU_COL_TEXT },
};

static int
status_row(void *ctx, const struct ceu_exam_row *r)
{
	char id[CEU_ID_LEN + 1], year[8], round[8], used[8], best[24],
	    on[11];
	const char *row[8] = { cmd_show_id(r->id_no, id), r->name, year,
	    round, used, NULL, r->status.passed ? "yes" : "no", NULL };

	snprintf(year, sizeof(year), "%d", r->year);
	snprintf(round, sizeof(round), "%d", r->status.round);
	snprintf(used, sizeof(used), "%d", r->status.attempts_used);
	if (r->status.best_score >= 0)
		row[5] = ceu_hours_format(r->status.best_score, best);
	if (r->status.passed_on)
		row[7] = ceu_date_format(r->status.passed_on, on);
	cmd_out_row(ctx, row);
	return 0;
}

struct status_ctx {
	struct ceu_db *db;
	struct ceu_out *out;
	const struct opts *o;
};

/* One ID of --ids. */
static int
status_id(void *ctx, const char *id_no)
{
	struct status_ctx *c = ctx;
	struct ceu_exam_filter f = { id_no, c->o->unit, c->o->year };

	if (ceu_exam_each(c->db, &f, status_row, c->out) != CEU_OK)
		cmd_die_db(c->db);
	return 0;
}

/* ceu-exam status: a row per person-year. */
static int
run_status(int argc, char **argv)
{
	struct opts o;
	struct status_ctx c;
	struct ceu_exam_filter f;
	char id[CEU_ID_LEN + 1];

	parse(argc, argv, status_opts, &o);
	if ((o.id != NULL) + (o.ids != NULL) > 1) {
		cmd_warn("--id and --ids exclude each other");
		cmd_usage();
	}
	c.db = cmd_open_db();
	cmd_unit_known(c.db, o.unit);
	c.o = &o;
	if (o.id) {
		struct ceu_person p;

		if (ceu_register_find_person(c.db, o.id, id, &p) != CEU_OK)
			cmd_die_db(c.db);
	}
	c.out = cmd_out_open(status_cols, 8);
	if (o.ids)
		cmd_read_ids(o.ids, status_id, &c);
	else {
		f.id_no = o.id ? id : NULL;
		f.unit_code = o.unit;
		f.year = o.year;
		if (ceu_exam_each(c.db, &f, status_row, c.out) != CEU_OK)
			cmd_die_db(c.db);
	}
	cmd_out_close(c.out);
	ceu_db_close(c.db);
	return CEU_OK;
}

int
main(int argc, char *argv[])
{
	static const struct cmd_sub subs[] = {
		{ "attempt", run_attempt, attempt_opts },
		{ "makeup", run_makeup, makeup_opts },
		{ "status", run_status, status_opts },
		{ "study", run_study, study_opts },
	};

	cmd_init("ceu-exam", usage);
	cmd_dispatch(argc, argv, subs, sizeof(subs) / sizeof(subs[0]),
	    N_("unknown command '%s'"));
}
