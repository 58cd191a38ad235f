/*
 * ceu-register - one person's records at the counter (SPEC "ceu-register"):
 * person, add, list, withdraw.  The rules (R1, R5, R8, R9, R10) live in
 * lib/register.c; this file parses options, calls it in one transaction
 * and prints.
 */
#include <libintl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "common.h"
#include "person.h"
#include "record.h"
#include "register.h"
#include "values.h"

static const char *const usage = N_(
    "usage: ceu-register person --id ID --name NAME --unit CODE\n"
    "           [--specialty S] [--title T]\n"
    "       ceu-register add (--id ID | --ids FILE) --year Y --category CAT\n"
    "           --hours H --title TEXT --date D [--end-date D]\n"
    "           [--evidence TEXT] [--subject professional|public_elective]\n"
    "           [--filing NO]\n"
    "       ceu-register list [--id ID | --ids FILE] [--unit CODE] [--year Y]\n"
    "           [--status S]\n"
    "       ceu-register withdraw [--reason TEXT] RECORD... | -\n"
    "common options: -d/--db FILE, --today YYYY-MM-DD, --actor NAME,\n"
    "  -f/--format csv|tsv|json|table|xlsx, -o/--output FILE,\n"
    "  --headers en|zh, --bom, --show-id, -q, -v, -h, -V\n");

enum { OPT_ID = 0x100, OPT_IDS, OPT_NAME, OPT_UNIT, OPT_SPECIALTY,
    OPT_TITLE, OPT_YEAR, OPT_CATEGORY, OPT_HOURS, OPT_DATE, OPT_END_DATE,
    OPT_EVIDENCE, OPT_SUBJECT, OPT_FILING, OPT_STATUS, OPT_REASON };

#define OPT(name, val) { name, required_argument, NULL, val }
#define END { NULL, 0, NULL, 0 }

/* Each subcommand's own options. */
static const struct option person_opts[] = {
	OPT("id", OPT_ID), OPT("name", OPT_NAME), OPT("unit", OPT_UNIT),
	OPT("specialty", OPT_SPECIALTY), OPT("title", OPT_TITLE), END
};
static const struct option add_opts[] = {
	OPT("id", OPT_ID), OPT("ids", OPT_IDS), OPT("year", OPT_YEAR),
	OPT("category", OPT_CATEGORY), OPT("hours", OPT_HOURS),
	OPT("title", OPT_TITLE), OPT("date", OPT_DATE),
	OPT("end-date", OPT_END_DATE), OPT("evidence", OPT_EVIDENCE),
	OPT("subject", OPT_SUBJECT), OPT("filing", OPT_FILING), END
};
static const struct option list_opts[] = {
	OPT("id", OPT_ID), OPT("ids", OPT_IDS), OPT("unit", OPT_UNIT),
	OPT("year", OPT_YEAR), OPT("status", OPT_STATUS), END
};
static const struct option withdraw_opts[] = {
	OPT("reason", OPT_REASON), END
};

struct opts {
	const char *id, *ids, *name, *unit, *specialty, *title, *evidence;
	const char *filing, *reason, *category;
	char id_no[CEU_ID_LEN + 1], unit_code[CEU_ID_LEN + 1];
	int year, date, end_date, subject, status;
	long hours;
};

static void
bad_value(const char *opt, const char *arg, const char *what)
{
	cmd_warn("invalid value '%s' for %s (%s)", arg, opt, what);
	cmd_usage();
}

/* One option of any subcommand into o; 0 if ch is not one. */
static int
take(struct opts *o, int ch, const char *arg)
{
	switch (ch) {
	case OPT_CATEGORY:	o->category = arg; break;
	case OPT_DATE:		o->date = cmd_date("--date", arg); break;
	case OPT_END_DATE:	o->end_date = cmd_date("--end-date", arg);
				break;
	case OPT_EVIDENCE:	o->evidence = arg; break;
	case OPT_FILING:	o->filing = arg; break;
	case OPT_ID:		cmd_id(arg, o->id_no); o->id = o->id_no; break;
	case OPT_IDS:		o->ids = arg; break;
	case OPT_NAME:		o->name = arg; break;
	case OPT_REASON:	o->reason = arg; break;
	case OPT_SPECIALTY:	o->specialty = arg; break;
	case OPT_TITLE:		o->title = arg; break;
	case OPT_UNIT:		cmd_unit(arg, o->unit_code);
				o->unit = o->unit_code; break;
	case OPT_YEAR:		o->year = cmd_year("--year", arg); break;
	case OPT_HOURS:
		if (ceu_hours_parse(arg, &o->hours) != 0)
			bad_value("--hours", arg, _("more than 0, at most one "
			    "decimal"));
		break;
	case OPT_STATUS:
		if ((o->status = ceu_status_parse(arg)) < 0)
			bad_value("--status", arg, _("pending, approved, "
			    "rejected, withdrawn or revoked"));
		break;
	case OPT_SUBJECT:
		if ((o->subject = ceu_subject_parse(arg)) < 0)
			bad_value("--subject", arg, _("professional or "
			    "public_elective"));
		break;
	default:
		return 0;
	}
	return 1;
}

/* Parse argv by the subcommand's options (opts); the operands are left
 * at argv[optind..]. */
static void
parse(int argc, char **argv, const struct option *opts, struct opts *o)
{
	int ch;

	memset(o, 0, sizeof(*o));
	o->subject = -1;	/* professional, or a filing's (R10) */
	o->status = -1;
	optind = 1;
	while ((ch = cmd_getopt(argc, argv, opts)) != -1)
		if (!take(o, ch, optarg))
			cmd_usage();
}

static void
require(const char *value, const char *opt)
{
	if (value == NULL || *value == '\0') {
		cmd_warn("%s is required", opt);
		cmd_usage();
	}
}

static void
finish(struct ceu_db *db, int rc)
{
	if (rc != CEU_OK || ceu_db_commit(db) != CEU_OK)
		cmd_die_db(db);
	ceu_db_close(db);
}

/* ceu-register person: R1, add or update one person. */
static int
run_person(int argc, char **argv)
{
	static const char *const said[] = { N_("person %s added"),
	    N_("person %s updated"), N_("person %s unchanged") };
	struct ceu_person p = { 0 };
	struct ceu_db *db;
	struct opts o;
	char shown[CEU_ID_LEN + 1];
	int what;

	parse(argc, argv, person_opts, &o);
	if (optind != argc)
		cmd_usage();
	require(o.id, "--id");
	require(o.name, "--name");
	require(o.unit, "--unit");
	p.id_no = o.id;
	p.name = o.name;
	p.unit_code = o.unit;
	p.specialty = o.specialty;
	p.title = o.title;
	db = cmd_open_db();
	if (ceu_db_begin(db) != CEU_OK)
		cmd_die_db(db);
	finish(db, ceu_register_person(db, &p, &what));
	cmd_info(said[what], cmd_show_id(o.id, shown));
	return CEU_OK;
}

/* ceu-register add: one pending record; prints its id. */
/* One activity registered for one person or for each of a list (a unit
 * registering a shared activity for its staff), in one transaction. */
struct add_ctx {
	struct ceu_db *db;
	struct ceu_registration r;
	const char *ids;	/* the list, when there is one */
	long long *rids;	/* the new records, printed once committed */
	size_t n, cap;
};

/* Register c->r for the person of text; keep the new record's id. */
static int
add_one(void *ctx, const char *text)
{
	struct add_ctx *c = ctx;
	struct ceu_person p;
	char id[CEU_ID_LEN + 1], shown[CEU_ID_LEN + 1];
	long long rid;

	if (ceu_register_find_person(c->db, text, id, &p) != CEU_OK)
		cmd_die_db(c->db);
	c->r.person_id = p.id;
	if (ceu_register_add(c->db, &c->r, &rid) != CEU_OK) {
		if (c->ids != NULL)	/* say whom, in a list */
			cmd_warn("%s %s:", cmd_show_id(id, shown), p.name);
		cmd_die_db(c->db);
	}
	if (c->n == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 16;
		c->rids = ceu_reallocarray(c->rids, c->cap, sizeof(*c->rids));
	}
	c->rids[c->n++] = rid;
	return 0;
}

static int
run_add(int argc, char **argv)
{
	struct add_ctx c = { NULL, { 0 }, NULL, NULL, 0, 0 };
	struct opts o;
	size_t i;

	parse(argc, argv, add_opts, &o);
	if (optind != argc)
		cmd_usage();
	/* R10: a filed class brings its title, category and dates. */
	if (o.filing == NULL) {
		require(o.title, "--title");
		require(o.category, "--category");
	}
	if ((o.id == NULL) == (o.ids == NULL) || o.year == 0 ||
	    o.hours == 0 || (o.date == 0 && o.filing == NULL)) {
		cmd_warn("--year, --hours, --date and one of --id, --ids are "
		    "required");
		cmd_usage();
	}
	/* R8: English or Chinese names of the six categories. */
	c.r.category = -1;
	if (o.category != NULL &&
	    (c.r.category = ceu_category_parse(o.category)) < 0)
		bad_value("--category", o.category, _("training, self_study, "
		    "academic, publication, major_work, other or 培训进修, "
		    "自学, 学术交流, 成果著作, 参与重大工作, 其他"));
	c.r.year = o.year;
	c.r.subject = o.subject;
	c.r.hours = o.hours;
	c.r.title = o.title;
	c.r.date = o.date;
	c.r.end_date = o.end_date;
	c.r.filing_no = o.filing;
	c.r.evidence = o.evidence;
	c.ids = o.ids;
	c.db = cmd_open_db();
	if (ceu_db_begin(c.db) != CEU_OK)
		cmd_die_db(c.db);
	if (o.id != NULL)
		add_one(&c, o.id);
	else
		cmd_read_ids(o.ids, add_one, &c);
	finish(c.db, CEU_OK);
	for (i = 0; i < c.n; i++)	/* only what was committed */
		printf("%lld\n", c.rids[i]);
	free(c.rids);
	return CEU_OK;
}

struct list_ctx {
	struct ceu_db *db;
	struct ceu_out *out;
	struct ceu_record_filter f;
};

static int
list_row(void *ctx, const struct ceu_record_row *row)
{
	const char *values[CEU_RECORD_NCOLS];
	char buf[CEU_RECORD_BUFSIZE], id[CEU_ID_LEN + 1];

	ceu_record_row_values(row, values, buf);
	values[1] = cmd_show_id(row->id_no, id);
	cmd_out_row(ctx, values);
	return 0;
}

/* One ID of --ids. */
static int
list_id(void *ctx, const char *id_no)
{
	struct list_ctx *c = ctx;
	struct ceu_record_filter f = c->f;

	f.id_no = id_no;
	if (ceu_records_each(c->db, &f, list_row, c->out) != CEU_OK)
		cmd_die_db(c->db);
	return 0;
}

/* ceu-register list: records with the SPEC's columns. */
static int
run_list(int argc, char **argv)
{
	struct list_ctx c;
	struct opts o;

	parse(argc, argv, list_opts, &o);
	if (optind != argc || (o.id && o.ids))
		cmd_usage();
	memset(&c, 0, sizeof(c));
	c.f.unit_code = o.unit;
	c.f.year = o.year;
	c.f.status = o.status;
	c.f.id_no = o.id;
	c.db = cmd_open_db();
	cmd_unit_known(c.db, o.unit);
	c.out = cmd_out_open(ceu_record_cols, CEU_RECORD_NCOLS);
	if (o.ids)
		cmd_read_ids(o.ids, list_id, &c);
	else if (ceu_records_each(c.db, &c.f, list_row, c.out) != CEU_OK)
		cmd_die_db(c.db);
	cmd_out_close(c.out);
	ceu_db_close(c.db);
	return CEU_OK;
}

struct withdraw_ctx {
	struct ceu_db *db;
	const char *reason;
	const char *file;
	int n;
};

static int
withdraw_one(struct withdraw_ctx *c, const char *value, const char *where)
{
	char *end;
	long long id = strtoll(value, &end, 10);

	if (*value == '\0' || *end != '\0' || id <= 0)
		cmd_die(where ? CEU_EDATA : CEU_EUSAGE, "%s%sinvalid record "
		    "id '%s'", where ? where : "", where ? ": " : "", value);
	if (ceu_register_withdraw(c->db, id, c->reason) != CEU_OK)
		cmd_die_db(c->db);
	c->n++;
	return 0;
}

static int
withdraw_line(void *ctx, const char *value, long line)
{
	struct withdraw_ctx *c = ctx;
	char where[256];

	snprintf(where, sizeof(where), "%s:%ld", c->file, line);
	return withdraw_one(c, value, where);
}

/* ceu-register withdraw: pending records only, all or none. */
static int
run_withdraw(int argc, char **argv)
{
	struct withdraw_ctx c = { 0 };
	struct opts o;
	int i;

	parse(argc, argv, withdraw_opts, &o);
	if (optind == argc)
		cmd_usage();
	c.db = cmd_open_db();
	c.reason = o.reason;
	if (ceu_db_begin(c.db) != CEU_OK)
		cmd_die_db(c.db);
	for (i = optind; i < argc; i++) {
		if (strcmp(argv[i], "-") == 0) {
			c.file = "stdin";
			cmd_read_list("-", "record_id", "记录号", withdraw_line,
			    &c);
		} else
			withdraw_one(&c, argv[i], NULL);
	}
	finish(c.db, CEU_OK);
	cmd_info(dngettext("ceu", "%d record withdrawn", "%d records withdrawn",
	    (unsigned long)c.n), c.n);
	return CEU_OK;
}

int
main(int argc, char *argv[])
{
	static const struct cmd_sub subs[] = {
		{ "add", run_add, add_opts }, { "list", run_list, list_opts },
		{ "person", run_person, person_opts },
		{ "withdraw", run_withdraw, withdraw_opts },
	};

	cmd_init("ceu-register", usage);
	cmd_dispatch(argc, argv, subs, sizeof(subs) / sizeof(subs[0]),
	    N_("unknown command '%s'"));
}
