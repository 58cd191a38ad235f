/*
 * ceu-cert - the two certificates of R12 (SPEC "ceu-cert"): issue, print,
 * verify (with the database by the verify code, or offline by the QR
 * text and the public key), list, pubkey.  Eligibility, the basis and
 * the signing live in lib/cert.c, the pages in lib/certpdf.c; this file
 * parses options, runs one transaction and prints.
 *
 * PDF files are written as a transaction of their own (ceu-cert_pdf.c):
 * after the database's commit they appear, complete, or not at all.
 */
#include <libintl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ceu-cert.h"
#include "cert.h"
#include "common.h"
#include "person.h"
#include "values.h"

static const char *const usage = N_(
    "usage: ceu-cert issue --kind public|completion --year Y\n"
    "           (--id ID | --ids FILE|- | --unit CODE | --all) [--pdf PATH]\n"
    "       ceu-cert print SERIAL... (--out DIR | --merged FILE)\n"
    "       ceu-cert print --unit CODE --year Y [--kind K]\n"
    "           (--out DIR | --merged FILE)\n"
    "       ceu-cert verify CODE\n"
    "       ceu-cert verify --pubkey FILE --qr TEXT|-\n"
    "       ceu-cert list [--year Y] [--unit CODE] [--kind K] "
    "[--status valid|revoked]\n"
    "       ceu-cert pubkey\n"
    "common options: -d/--db FILE, --today YYYY-MM-DD, --actor NAME,\n"
    "  -f/--format csv|tsv|json|table|xlsx, -o/--output FILE,\n"
    "  --headers en|zh, --bom, --show-id, -q, -v, -h, -V\n");

enum { OPT_KIND = 0x100, OPT_YEAR, OPT_ID, OPT_IDS, OPT_UNIT, OPT_ALL,
    OPT_PDF, OPT_OUT, OPT_MERGED, OPT_PUBKEY, OPT_QR, OPT_STATUS };

#define OPT(name, val) { name, required_argument, NULL, val }
#define FLAG(name, val) { name, no_argument, NULL, val }
#define END { NULL, 0, NULL, 0 }

/* Each subcommand's own options. */
static const struct option issue_opts[] = {
	OPT("kind", OPT_KIND), OPT("year", OPT_YEAR), OPT("id", OPT_ID),
	OPT("ids", OPT_IDS), OPT("unit", OPT_UNIT), FLAG("all", OPT_ALL),
	OPT("pdf", OPT_PDF), END
};
static const struct option print_opts[] = {
	OPT("unit", OPT_UNIT), OPT("year", OPT_YEAR), OPT("kind", OPT_KIND),
	OPT("out", OPT_OUT), OPT("merged", OPT_MERGED), END
};
static const struct option verify_opts[] = {
	OPT("pubkey", OPT_PUBKEY), OPT("qr", OPT_QR), END
};
static const struct option list_opts[] = {
	OPT("year", OPT_YEAR), OPT("unit", OPT_UNIT), OPT("kind", OPT_KIND),
	OPT("status", OPT_STATUS), END
};

struct opts {
	int kind, year, all, status;
	char id[CEU_ID_LEN + 1], unit_code[CEU_ID_LEN + 1];
	const char *id_arg, *ids, *unit, *pdf, *out, *merged, *pubkey, *qr;
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
	case OPT_ALL:		o->all = 1; break;
	case OPT_ID:		cmd_id(arg, o->id); o->id_arg = o->id; break;
	case OPT_IDS:		o->ids = arg; break;
	case OPT_MERGED:	o->merged = arg; break;
	case OPT_OUT:		o->out = arg; break;
	case OPT_PDF:		o->pdf = arg; break;
	case OPT_PUBKEY:	o->pubkey = arg; break;
	case OPT_QR:		o->qr = arg; break;
	case OPT_UNIT:		cmd_unit(arg, o->unit_code);
				o->unit = o->unit_code; break;
	case OPT_YEAR:		o->year = cmd_year("--year", arg); break;
	case OPT_KIND:	/* R12: English or Chinese (values.h) */
		if ((o->kind = ceu_enum_parse(CEU_ENUM_CERT_KIND, arg)) < 0)
			bad_value("--kind", arg, _("public, completion"));
		o->kind += CEU_CERT_PUBLIC;
		break;
	case OPT_STATUS:	/* a certificate's: valid 0, revoked 1 */
		o->status = ceu_enum_parse(CEU_ENUM_CERT_STATUS, arg);
		if (o->status < 0 || o->status > 1)
			bad_value("--status", arg, _("valid, revoked"));
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
	o->kind = o->status = -1;
	optind = 1;
	while ((ch = cmd_getopt(argc, argv, opts)) != -1)
		if (!take(o, ch, optarg))
			cmd_usage();
}

static void
require(int given, const char *opt)
{
	if (!given) {
		cmd_warn("%s is required", opt);
		cmd_usage();
	}
}

/* ---- issue ---- */

struct issuing {
	struct ceu_cert_issuer is;
	struct ceu_out *out;
	const char *pdf;	/* --pdf, or NULL */
	int folder;		/* it names a folder */
	const char *file;	/* --ids: its name, for messages; or NULL */
};

/* The database's key, made on first use of a database without one. */
static void
load_key(struct ceu_db *db, struct ceu_key *key)
{
	char path[CEU_KEY_PATH_MAX];
	int made;

	if (ceu_key_path(db, cmd.db_path, path, sizeof(path)) != CEU_OK ||
	    ceu_key_ensure(db, path, key, &made) != CEU_OK)
		cmd_die_db(db);
	if (made)
		cmd_key_made(path);
}

/* A certificate the person holds now, printed (and written); or, with
 * refused, an ineligible person of a list, skipped and counted. */
static int
issued(void *ctx, const struct ceu_cert *c, const char *refused)
{
	struct issuing *w = ctx;
	const char *v[CEU_CERT_NCOLS];
	char buf[CEU_CERT_BUFSIZE], id[CEU_ID_LEN + 1];

	if (refused != NULL) {
		if (cmd.verbose > 0)
			cmd_info("%s %s: not eligible: %s", cmd_show_id(c->id_no,
			    id), c->f.name, refused);
		return 0;
	}
	/* Opened at the first row: a refused run prints nothing. */
	if (w->out == NULL)
		w->out = cmd_out_open(ceu_cert_issue_cols,
		    CEU_CERT_ISSUE_NCOLS);
	ceu_cert_values(c, NULL, v, buf);
	v[3] = cmd_show_id(c->id_no, id);
	cmd_out_row(w->out, v + 1);
	return w->pdf ? cert_pdf_put(w->is.db, c, w->pdf, w->folder) : 0;
}

/* An ID number of --id, refused with the reasons when not eligible, or
 * of the list --ids, skipped then; one not on the register refuses the
 * run. */
static int
issue_id(void *ctx, const char *id_no)
{
	struct issuing *w = ctx;
	struct ceu_db *db = w->is.db;
	struct ceu_person p;
	struct ceu_cert c;
	char id[CEU_ID_LEN + 1];
	int found, rc;

	if ((rc = ceu_person_find(db, id_no, &found, &p)) != CEU_OK)
		return rc;
	if (!found && w->file != NULL)
		return ceu_db_fail(db, CEU_EREFUSED, "%s: no person %s on the "
		    "register; nothing issued", w->file, cmd_show_id(id_no,
		    id));
	if (!found)
		return ceu_db_fail(db, CEU_EREFUSED, "no person %s on the "
		    "register", cmd_show_id(id_no, id));
	rc = ceu_cert_issue(&w->is, p.id, &c);
	if (rc == CEU_EREFUSED && w->file != NULL && w->is.reason[0] != '\0')
		return issued(w, &c, w->is.reason);
	return rc == CEU_OK ? issued(w, &c, NULL) : rc;
}

/* What was issued, held and skipped, on stderr. */
static void
issue_said(const struct ceu_cert_issuer *is)
{
	cmd_info("%ld issued, %ld held already", is->issued, is->held);
	if (is->refused == 0)
		return;
	if (is->kind == CEU_CERT_PUBLIC)
		cmd_warn("%ld not eligible, skipped: public exam not passed "
		    "(R12, R3, R6)", is->refused);
	else
		cmd_warn("%ld not eligible, skipped (R12, R2a): %ld public "
		    "exam not passed, %ld short of the hours of R2", is->refused,
		    is->no_exam, is->short_hours);
	if (cmd.verbose <= 0)
		cmd_info("-v names them");
}

static int
run_issue(int argc, char **argv)
{
	struct issuing w = { .folder = 0 };
	struct ceu_key key;
	struct ceu_db *db;
	struct opts o;
	int rc;

	parse(argc, argv, issue_opts, &o);
	if (optind != argc || (!!o.id_arg + !!o.ids + !!o.unit + o.all) != 1)
		cmd_usage();
	require(o.kind >= 0, "--kind");
	require(o.year != 0, "--year");
	if (o.pdf != NULL)
		cmd_not_own("--pdf", o.pdf);
	db = cmd_open_db();
	cmd_unit_known(db, o.unit);
	load_key(db, &key);
	w.pdf = o.pdf;
	w.folder = o.pdf != NULL && o.id_arg == NULL;
	if (o.ids != NULL)
		w.file = strcmp(o.ids, "-") != 0 ? o.ids : "stdin";
	if (o.pdf != NULL)
		cert_pdf_start(db, "--pdf", w.folder ? o.pdf : NULL);
	if (ceu_db_begin(db) != CEU_OK ||
	    ceu_cert_issuer_init(&w.is, db, &key, o.kind, o.year) != CEU_OK)
		cmd_die_db(db);
	if (o.id_arg)
		rc = issue_id(&w, o.id);
	else if (o.ids)
		rc = cmd_read_ids(o.ids, issue_id, &w);
	else
		rc = ceu_cert_issue_scope(&w.is, o.unit, issued, &w);
	ceu_key_wipe(&key);
	if (rc != CEU_OK || ceu_db_commit(db) != CEU_OK)
		cmd_die_db(db);
	cert_pdf_commit(db);
	if (w.out == NULL)
		w.out = cmd_out_open(ceu_cert_issue_cols,
		    CEU_CERT_ISSUE_NCOLS);
	cmd_out_close(w.out);
	issue_said(&w.is);
	ceu_db_close(db);
	return CEU_OK;
}

/* ---- print ---- */

struct printing {
	struct ceu_db *db;
	const char *out;	/* --out DIR, or NULL: the merged file */
	long n;
};

static int
print_one(void *ctx, const struct ceu_cert *c)
{
	struct printing *pr = ctx;

	pr->n++;
	return cert_pdf_put(pr->db, c, pr->out, 1);
}

/* SERIAL... as given: each must be there, and valid. */
static int
print_serials(struct printing *pr, int argc, char **argv)
{
	struct ceu_cert c;
	int i, found, rc;

	for (i = 0; i < argc; i++) {
		if ((rc = ceu_cert_find(pr->db, CEU_CERT_BY_SERIAL, argv[i], &c,
		    &found)) != CEU_OK)
			return rc;
		if (!found)
			return ceu_db_fail(pr->db, CEU_EREFUSED, "no "
			    "certificate %s; see 'ceu-cert list'", argv[i]);
		if ((rc = print_one(pr, &c)) != CEU_OK)
			return rc;
	}
	return CEU_OK;
}

static int
run_print(int argc, char **argv)
{
	struct ceu_cert_filter f = { .revoked = 0 };
	struct printing pr = { NULL, NULL, 0 };
	struct ceu_certpdf *pdf;
	struct opts o;
	int rc;

	parse(argc, argv, print_opts, &o);
	argc -= optind;
	argv += optind;
	if ((o.out != NULL) + (o.merged != NULL) != 1 ||
	    (argc > 0) == (o.unit != NULL || o.year != 0 || o.kind >= 0))
		cmd_usage();
	if (argc == 0) {
		require(o.unit != NULL, "--unit");
		require(o.year != 0, "--year");
	}
	cmd_not_own(o.out ? "--out" : "--merged", o.out ? o.out : o.merged);
	pr.db = cmd_open_db();
	cmd_unit_known(pr.db, o.unit);
	pr.out = o.out;
	pdf = cert_pdf_start(pr.db, "--out", o.out);
	if (ceu_db_begin_read(pr.db) != CEU_OK ||
	    (o.merged && ceu_certpdf_open(pr.db, pdf, o.merged, 0600) !=
	    CEU_OK))
		cmd_die_db(pr.db);
	f.year = o.year;
	f.unit_code = o.unit;
	f.kind = o.kind;
	rc = argc > 0 ? print_serials(&pr, argc, argv) :
	    ceu_cert_each(pr.db, &f, print_one, &pr);
	if (rc == CEU_OK && pr.n == 0)
		rc = ceu_db_fail(pr.db, CEU_EREFUSED, "no valid certificate "
		    "of unit %s for %d", o.unit, o.year);
	if (rc != CEU_OK || (o.merged && ceu_certpdf_close(pr.db, pdf) !=
	    CEU_OK) || ceu_db_commit(pr.db) != CEU_OK)
		cmd_die_db(pr.db);
	cert_pdf_commit(pr.db);
	cmd_info(dngettext("ceu", "%ld certificate written to '%s'",
	    "%ld certificates written to '%s'", (unsigned long)pr.n), pr.n,
	    o.out ? o.out : o.merged);
	ceu_db_close(pr.db);
	return CEU_OK;
}

/* ---- verify ---- */

/* One row of ceu_cert_cols for c with status. */
static void
verify_row(const struct ceu_cert *c, const char *status)
{
	const char *v[CEU_CERT_NCOLS];
	char buf[CEU_CERT_BUFSIZE], id[CEU_ID_LEN + 1];
	struct ceu_out *out = cmd_out_open(ceu_cert_cols, CEU_CERT_NCOLS);

	ceu_cert_values(c, status, v, buf);
	if (c->id_no[0] != '\0')
		v[3] = cmd_show_id(c->id_no, id);
	cmd_out_row(out, v);
	cmd_out_close(out);
}

/* verify CODE: valid, revoked, unknown or mistyped; 0 only when valid. */
static int
verify_code(const char *arg)
{
	struct ceu_db *db = cmd_open_db();
	char code[CEU_VERIFYCODE_LEN + 1];
	struct ceu_cert c;
	int rc, found = 0;

	memset(&c, 0, sizeof(c));
	rc = ceu_verifycode_parse(db, arg, code);
	memcpy(c.code, code, sizeof(code));
	if (rc == CEU_EREFUSED) {
		verify_row(&c, "mistyped");
		cmd_warn("%s", db->msg);
		ceu_db_close(db);
		return CEU_EREFUSED;
	}
	if (rc != CEU_OK ||
	    ceu_cert_find(db, CEU_CERT_BY_CODE, code, &c, &found) != CEU_OK)
		cmd_die_db(db);
	if (!found) {
		verify_row(&c, "unknown");
		cmd_warn("no certificate has the verify code %s", arg);
	} else {
		verify_row(&c, NULL);
		if (c.revoked)
			cmd_warn("certificate %s was revoked at %s: %s",
			    c.f.serial, c.revoked_at, c.revoke_reason);
	}
	ceu_db_close(db);
	return found && !c.revoked ? CEU_OK : CEU_EREFUSED;
}

/* verify --pubkey FILE --qr TEXT|-: genuine or forged, without the
 * database (what the paper says; whether it was revoked since, only the
 * verify code can tell). */
static int
verify_offline(const char *pubkey, const char *qr)
{
	static struct ceu_db ctx;	/* the error context: no database */
	unsigned char pk[CEU_KEY_PUBLIC_BYTES];
	char text[CEU_CERTQR_TEXT_MAX + 64];
	struct ceu_cert c;
	int rc;

	if (strcmp(qr, "-") == 0) {
		if (fgets(text, sizeof(text), stdin) == NULL)
			text[0] = '\0';
		qr = text;
	}
	if (ceu_key_public_read(&ctx, pubkey, pk) != CEU_OK)
		cmd_die(ctx.code, "%s", ctx.msg);
	if ((rc = ceu_cert_verify_qr(&ctx, pk, qr, &c)) == CEU_EREFUSED) {
		memset(&c, 0, sizeof(c));
		verify_row(&c, "forged");
		cmd_warn("%s", ctx.msg);
		return rc;
	}
	if (rc != CEU_OK)
		cmd_die(rc, "%s", ctx.msg);
	verify_row(&c, "genuine");
	return CEU_OK;
}

static int
run_verify(int argc, char **argv)
{
	struct opts o;

	parse(argc, argv, verify_opts, &o);
	if (o.pubkey != NULL || o.qr != NULL) {
		if (optind != argc)
			cmd_usage();
		require(o.pubkey != NULL, "--pubkey");
		require(o.qr != NULL, "--qr");
		return verify_offline(o.pubkey, o.qr);
	}
	if (optind != argc - 1)
		cmd_usage();
	return verify_code(argv[optind]);
}

/* ---- list, pubkey ---- */

static int
list_row(void *ctx, const struct ceu_cert *c)
{
	const char *v[CEU_CERT_NCOLS];
	char buf[CEU_CERT_BUFSIZE], id[CEU_ID_LEN + 1];

	ceu_cert_values(c, NULL, v, buf);
	v[3] = cmd_show_id(c->id_no, id);
	cmd_out_row(ctx, v);
	return 0;
}

static int
run_list(int argc, char **argv)
{
	struct ceu_cert_filter f;
	struct ceu_out *out;
	struct ceu_db *db;
	struct opts o;

	parse(argc, argv, list_opts, &o);
	if (optind != argc)
		cmd_usage();
	f = (struct ceu_cert_filter){ o.year, o.unit, o.kind, o.status };
	db = cmd_open_db();
	cmd_unit_known(db, o.unit);
	if (ceu_db_begin_read(db) != CEU_OK)
		cmd_die_db(db);
	out = cmd_out_open(ceu_cert_cols, CEU_CERT_NCOLS);
	if (ceu_cert_each(db, &f, list_row, out) != CEU_OK ||
	    ceu_db_commit(db) != CEU_OK)
		cmd_die_db(db);
	cmd_out_close(out);
	ceu_db_close(db);
	return CEU_OK;
}

/* pubkey: the public key, for whoever checks certificates offline. */
static int
run_pubkey(int argc, char **argv)
{
	char text[CEU_KEY_PUBLIC_TEXT_SIZE];
	struct ceu_key key;
	struct ceu_db *db;
	struct opts o;

	parse(argc, argv, NULL, &o);
	if (optind != argc)
		cmd_usage();
	db = cmd_open_db();
	load_key(db, &key);
	ceu_key_public_text(key.pk, text);
	ceu_key_wipe(&key);
	printf("%s\n", text);
	ceu_db_close(db);
	return CEU_OK;
}

int
main(int argc, char *argv[])
{
	static const struct cmd_sub subs[] = {
		{ "issue", run_issue, issue_opts },
		{ "list", run_list, list_opts },
		{ "print", run_print, print_opts },
		{ "pubkey", run_pubkey, NULL },
		{ "verify", run_verify, verify_opts },
	};

	cmd_init("ceu-cert", usage);
	cmd_dispatch(argc, argv, subs, sizeof(subs) / sizeof(subs[0]),
	    N_("unknown command '%s'"));
}
