/*
 * cert.c - R12: the two certificates (cert.h): eligibility by the
 * verdicts of rules.c, issuing signed certificates with their basis,
 * revoking them when the basis falls, finding, listing, printing.
 *
 * A certificate's row holds everything it printed, so that reading it
 * back gives the same fields, signature, QR text and verify code as on
 * the day it was issued; only validity changes (revoked_at).
 */
#include <stdio.h>
#include <string.h>

#include "cert.h"
#include "journal.h"
#include "rules.h"
#include "seal.h"
#include "values.h"

/* ---- reading a certificate ---- */

/* A certificate and its holder; those of a database before schema 4
 * have no printed fields of their own, and show the holder's. */
#define CERT_SELECT "SELECT c.id, c.person_id, c.kind, c.year, " \
	"c.issued_on, c.public_hours, c.professional_hours, c.total_hours, " \
	"c.serial, coalesce(c.id_masked, ''), coalesce(c.name, p.name), " \
	"coalesce(c.unit_name, u.name, ''), c.signature, c.verify_code, " \
	"p.id_no, p.unit_code, coalesce(c.revoked_at, ''), " \
	"coalesce(c.revoke_reason, '') FROM certificate c " \
	"JOIN person p ON p.id = c.person_id " \
	"LEFT JOIN unit u ON u.code = p.unit_code "

/* Copy column i of st into dst (size bytes). */
static void
col_copy(sqlite3_stmt *st, int i, char *dst, size_t size)
{
	snprintf(dst, size, "%s", ceu_col_text(st, i));
}

/* The row st is on (CERT_SELECT) into c. */
static void
read_cert(sqlite3_stmt *st, struct ceu_cert *c)
{
	int issued = 0;

	memset(c, 0, sizeof(*c));
	c->id = sqlite3_column_int64(st, 0);
	c->person_id = sqlite3_column_int64(st, 1);
	c->f.kind = ceu_cert_kind_parse(ceu_col_text(st, 2));
	c->f.year = sqlite3_column_int(st, 3);
	if (ceu_date_parse(ceu_col_text(st, 4), &issued) == 0)
		c->f.issued_on = issued;
	c->f.public_hours = (long)sqlite3_column_int64(st, 5);
	c->f.professional_hours = (long)sqlite3_column_int64(st, 6);
	c->f.total_hours = (long)sqlite3_column_int64(st, 7);
	col_copy(st, 8, c->f.serial, sizeof(c->f.serial));
	col_copy(st, 9, c->f.id_masked, sizeof(c->f.id_masked));
	col_copy(st, 10, c->f.name, sizeof(c->f.name));
	col_copy(st, 11, c->f.unit_name, sizeof(c->f.unit_name));
	if (sqlite3_column_bytes(st, 12) == CEU_KEY_SIG_BYTES) {
		memcpy(c->sig, sqlite3_column_blob(st, 12), CEU_KEY_SIG_BYTES);
		c->has_sig = 1;
	}
	col_copy(st, 13, c->code, sizeof(c->code));
	col_copy(st, 14, c->id_no, sizeof(c->id_no));
	col_copy(st, 15, c->unit_code, sizeof(c->unit_code));
	col_copy(st, 16, c->revoked_at, sizeof(c->revoked_at));
	col_copy(st, 17, c->revoke_reason, sizeof(c->revoke_reason));
	c->revoked = c->revoked_at[0] != '\0';
	if (c->f.id_masked[0] == '\0' && strlen(c->id_no) == CEU_ID_LEN)
		ceu_ident_mask(c->id_no, c->f.id_masked);
}

/* Step st, bound by the caller, for at most one certificate. */
static int
find_one(struct ceu_db *db, sqlite3_stmt *st, struct ceu_cert *c,
    int *found)
{
	int rc = sqlite3_step(st);

	*found = rc == SQLITE_ROW;
	if (*found)
		read_cert(st, c);
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? CEU_OK :
	    ceu_db_sqlfail(db, "certificate");
}

int
ceu_cert_find(struct ceu_db *db, int by, const char *value,
    struct ceu_cert *c, int *found)
{
	static const char by_serial[] = CERT_SELECT "WHERE c.serial = ?1";
	static const char by_code[] = CERT_SELECT "WHERE c.verify_code = ?1";
	sqlite3_stmt *st = ceu_db_stmt(db, by == CEU_CERT_BY_CODE ? by_code :
	    by_serial);

	*found = 0;
	if (st == NULL)
		return db->code;
	sqlite3_bind_text(st, 1, value, -1, SQLITE_STATIC);
	return find_one(db, st, c, found);
}

/* The valid certificate of kind for person_id and year, if any. */
static int
find_valid(struct ceu_db *db, long long person_id, int kind, int year,
    struct ceu_cert *c, int *found)
{
	static const char sql[] = CERT_SELECT "WHERE c.person_id = ?1 AND "
	    "c.year = ?2 AND c.kind = ?3 AND c.revoked_at IS NULL";
	sqlite3_stmt *st = ceu_db_stmt(db, sql);

	*found = 0;
	if (st == NULL)
		return db->code;
	sqlite3_bind_int64(st, 1, person_id);
	sqlite3_bind_int(st, 2, year);
	sqlite3_bind_text(st, 3, ceu_cert_kind_name(kind), -1, SQLITE_STATIC);
	return find_one(db, st, c, found);
}

int
ceu_cert_each(struct ceu_db *db, const struct ceu_cert_filter *f,
    int (*fn)(void *ctx, const struct ceu_cert *c), void *ctx)
{
	static const char sql[] = CERT_SELECT "WHERE (?1 IS NULL OR "
	    "c.year = ?1) AND (?2 IS NULL OR p.unit_code = ?2) AND "
	    "(?3 IS NULL OR c.kind = ?3) AND (?4 IS NULL OR "
	    "(c.revoked_at IS NOT NULL) = ?4) ORDER BY c.id";
	sqlite3_stmt *st = ceu_db_stmt(db, sql);
	struct ceu_cert c;
	int rc, stop = 0;

	if (st == NULL)
		return db->code;
	if (f->year)
		sqlite3_bind_int(st, 1, f->year);
	if (f->unit_code != NULL)
		sqlite3_bind_text(st, 2, f->unit_code, -1, SQLITE_STATIC);
	if (ceu_cert_kind_name(f->kind) != NULL)
		sqlite3_bind_text(st, 3, ceu_cert_kind_name(f->kind), -1,
		    SQLITE_STATIC);
	if (f->revoked >= 0)
		sqlite3_bind_int(st, 4, f->revoked != 0);
	while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		read_cert(st, &c);
		stop = fn(ctx, &c);
	}
	sqlite3_reset(st);
	if (stop)
		return stop;
	return rc == SQLITE_DONE ? CEU_OK : ceu_db_sqlfail(db, "certificates");
}

/* ---- the journal ---- */

/* The JSON state of certificate id, for the journal (sqlite3_free it). */
static char *
cert_json(struct ceu_db *db, long long id)
{
	static const char sql[] = "SELECT json_object('serial', serial, "
	    "'verify_code', verify_code, 'person_id', person_id, 'year', "
	    "year, 'kind', kind, 'public_hours', public_hours, "
	    "'professional_hours', professional_hours, 'total_hours', "
	    "total_hours, 'issued_on', issued_on, 'name', name, 'id_masked', "
	    "id_masked, 'unit_name', unit_name, 'basis', json(basis), "
	    "'revoked_at', revoked_at, 'revoke_reason', revoke_reason) "
	    "FROM certificate WHERE id = ?1";
	sqlite3_stmt *st = ceu_db_stmt(db, sql);

	if (st == NULL)
		return NULL;
	sqlite3_bind_int64(st, 1, id);
	return ceu_db_row_text(st);
}

/* ---- issuing ---- */

int
ceu_cert_issuer_init(struct ceu_cert_issuer *is, struct ceu_db *db,
    const struct ceu_key *key, int kind, int year)
{
	memset(is, 0, sizeof(*is));
	is->db = db;
	is->key = key;
	is->kind = kind;
	is->year = year;
	if (ceu_cert_kind_name(kind) == NULL || year < 1900 || year > 2999)
		return ceu_db_fail(db, CEU_EUSAGE, "no certificate of kind %d "
		    "for year %d", kind, year);
	return ceu_policy_load(db, year, &is->pol);
}

/* The holder's ID number, name and unit into c; CEU_EREFUSED when there
 * is no such person. */
static int
holder(struct ceu_db *db, long long person_id, struct ceu_cert *c)
{
	static const char sql[] = "SELECT p.id_no, p.name, p.unit_code, "
	    "u.name FROM person p JOIN unit u ON u.code = p.unit_code "
	    "WHERE p.id = ?1";
	sqlite3_stmt *st = ceu_db_stmt(db, sql);
	int rc;

	if (st == NULL)
		return db->code;
	sqlite3_bind_int64(st, 1, person_id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		col_copy(st, 0, c->id_no, sizeof(c->id_no));
		col_copy(st, 2, c->unit_code, sizeof(c->unit_code));
		c->person_id = person_id;
		if ((rc = ceu_certqr_set(db, c->f.name, sizeof(c->f.name),
		    ceu_tr(N_("name")), ceu_col_text(st, 1))) == CEU_OK)
			rc = ceu_certqr_set(db, c->f.unit_name,
			    sizeof(c->f.unit_name), ceu_tr(N_("unit name")),
			    ceu_col_text(st, 3));
		sqlite3_reset(st);
		return rc;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return ceu_db_sqlfail(db, "person");
	return ceu_db_fail(db, CEU_EREFUSED, "no person %lld on the register",
	    person_id);
}

/* R12: whether the person may have is->kind, by the verdicts of rules.c;
 * if not, the reasons in words in is->reason and db->msg, counted. */
static int
eligible(struct ceu_cert_issuer *is, const struct ceu_year_hours *h,
    const struct ceu_verdict *v, const struct ceu_cert *c)
{
	char id[CEU_ID_LEN + 1];

	if (is->kind == CEU_CERT_PUBLIC ? h->exam_passed : v->compliant)
		return CEU_OK;
	is->refused++;
	is->no_exam += !h->exam_passed;
	/* R2a: the public certificate asks for the exam alone. */
	if (is->kind == CEU_CERT_COMPLETION && !v->hours_ok)
		is->short_hours++;
	snprintf(is->reason, sizeof(is->reason), "%s",
	    is->kind == CEU_CERT_PUBLIC ? ceu_tr("public exam not passed") :
	    v->reason);
	ceu_ident_mask(c->id_no, id);
	return ceu_db_fail(is->db, CEU_EREFUSED, "%s is not eligible for the "
	    "%s certificate of %d: %s (R12, %s)", id,
	    ceu_tr_word(ceu_cert_kind_name(is->kind)), is->year, is->reason,
	    is->kind == CEU_CERT_PUBLIC ? "R3, R6" : "R2a");
}

/* The certificate's hours, by kind: the public one certifies the
 * required course (its study and exam credits, R3, R5); the completion
 * one the year's approved hours (R2a). */
static void
set_hours(int kind, const struct ceu_year_hours *h,
    const struct ceu_verdict *v, struct ceu_certfields *f)
{
	if (kind == CEU_CERT_PUBLIC) {
		f->public_hours = h->public_required;
		f->professional_hours = 0;
		f->total_hours = h->public_required;
		return;
	}
	f->public_hours = v->public_hours;
	f->professional_hours = v->professional_hours;
	f->total_hours = v->total_hours;
}

/* The basis: the approved records of the person's year that the hours
 * are made of (for a public certificate, its public required ones), as
 * a JSON array of ids into *json (sqlite3_free it), and their hours.
 * (Codes of schema.sql: status 1 approved, subject 0 public_required.) */
static int
basis_of(struct ceu_db *db, long long person_id, int year, int kind,
    char **json, long *hours)
{
	static const char sql[] = "SELECT json_group_array(id), "
	    "coalesce(sum(hours), 0) FROM (SELECT id, hours FROM record "
	    "WHERE year = ?1 AND person_id = ?2 AND status_code = 1 AND "
	    "(?3 OR subject_code = 0) ORDER BY id)";
	sqlite3_stmt *st = ceu_db_stmt(db, sql);
	int rc;

	*json = NULL;
	if (st == NULL)
		return db->code;
	sqlite3_bind_int(st, 1, year);
	sqlite3_bind_int64(st, 2, person_id);
	sqlite3_bind_int(st, 3, kind == CEU_CERT_COMPLETION);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*json = sqlite3_mprintf("%s", ceu_col_text(st, 0));
		*hours = (long)sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? CEU_OK : ceu_db_sqlfail(db, "record");
}

/* Serial, issue date, masked ID; then the signature and verify code. */
static int
sign(struct ceu_cert_issuer *is, struct ceu_cert *c)
{
	struct ceu_db *db = is->db;
	int rc;

	c->f.kind = is->kind;
	c->f.year = is->year;
	c->f.issued_on = db->today;
	snprintf(c->f.serial, sizeof(c->f.serial), "GX%d%c%07lld", is->year,
	    is->kind == CEU_CERT_PUBLIC ? 'P' : 'C', c->id);
	/* What the paper shows of the ID number, whoever prints it. */
	ceu_ident_mask(c->id_no, c->f.id_masked);
	if ((rc = ceu_certqr_sign(db, is->key, &c->f, c->sig)) != CEU_OK)
		return rc;
	c->has_sig = 1;
	ceu_verifycode_from_signature(c->sig, c->code);
	return CEU_OK;
}

/* Store c with its basis, and journal it (R16). */
static int
insert(struct ceu_db *db, const struct ceu_cert *c, const char *basis)
{
	static const char sql[] = "INSERT INTO certificate(id, serial, "
	    "verify_code, person_id, year, kind, public_hours, "
	    "professional_hours, total_hours, issued_on, name, id_masked, "
	    "unit_name, signature, basis) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
	    "?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)";
	sqlite3_stmt *st = ceu_db_stmt(db, sql);
	char date[11], *json;
	int rc;

	if (st == NULL)
		return db->code;
	sqlite3_bind_int64(st, 1, c->id);
	sqlite3_bind_text(st, 2, c->f.serial, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, c->code, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, c->person_id);
	sqlite3_bind_int(st, 5, c->f.year);
	sqlite3_bind_text(st, 6, ceu_cert_kind_name(c->f.kind), -1,
	    SQLITE_STATIC);
	sqlite3_bind_int64(st, 7, c->f.public_hours);
	sqlite3_bind_int64(st, 8, c->f.professional_hours);
	sqlite3_bind_int64(st, 9, c->f.total_hours);
	sqlite3_bind_text(st, 10, ceu_date_format(c->f.issued_on, date), -1,
	    SQLITE_STATIC);
	sqlite3_bind_text(st, 11, c->f.name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 12, c->f.id_masked, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 13, c->f.unit_name, -1, SQLITE_STATIC);
	sqlite3_bind_blob(st, 14, c->sig, CEU_KEY_SIG_BYTES, SQLITE_STATIC);
	sqlite3_bind_text(st, 15, basis, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return ceu_db_sqlfail(db, "cannot issue certificate");
	/* R16: sealed like every row. */
	if ((rc = ceu_seal_row(db, CEU_SEAL_CERTIFICATE, c->id)) != CEU_OK)
		return rc;
	json = cert_json(db, c->id);
	rc = ceu_journal_append(db, "issue", "certificate", c->f.serial, NULL,
	    json, NULL);
	sqlite3_free(json);
	return rc;
}

/* A new certificate for the eligible person of c (holder filled). */
static int
issue_new(struct ceu_cert_issuer *is, struct ceu_cert *c)
{
	struct ceu_db *db = is->db;
	char *basis = NULL;
	long hours = 0;
	int rc;

	if ((rc = basis_of(db, c->person_id, is->year, is->kind, &basis,
	    &hours)) != CEU_OK)
		goto out;
	/* The basis is what the hours are made of, read in the same
	 * transaction: a difference is a fault, never signed. */
	if (hours != c->f.total_hours) {
		rc = ceu_db_fail(db, CEU_EIO, "certificate basis of person "
		    "%lld: %ld tenths of hours, the verdict %ld", c->person_id,
		    hours, c->f.total_hours);
		goto out;
	}
	/* The serial is made of the new row's id. */
	if ((rc = ceu_seal_rows(db, CEU_SEAL_CERTIFICATE, &c->id)) != CEU_OK)
		goto out;
	c->id++;
	if ((rc = sign(is, c)) != CEU_OK ||
	    (rc = insert(db, c, basis)) != CEU_OK)
		goto out;
	c->is_new = 1;
	is->issued++;
out:
	sqlite3_free(basis);
	return rc;
}

int
ceu_cert_issue(struct ceu_cert_issuer *is, long long person_id,
    struct ceu_cert *c)
{
	struct ceu_db *db = is->db;
	struct ceu_year_hours h;
	struct ceu_verdict v;
	int rc, found;

	is->reason[0] = '\0';
	if ((rc = find_valid(db, person_id, is->kind, is->year, c, &found)) !=
	    CEU_OK)
		return rc;
	if (found) {
		/* Re-issuing returns the certificate the person holds. */
		is->held++;
		return CEU_OK;
	}
	memset(c, 0, sizeof(*c));
	if ((rc = holder(db, person_id, c)) != CEU_OK ||
	    (rc = ceu_rules_year_hours(db, person_id, is->year, &h)) != CEU_OK)
		return rc;
	ceu_rules_verdict(&is->pol, &h, &v);
	if ((rc = eligible(is, &h, &v, c)) != CEU_OK)
		return rc;
	set_hours(is->kind, &h, &v, &c->f);
	return issue_new(is, c);
}

int
ceu_cert_issue_scope(struct ceu_cert_issuer *is, const char *unit,
    int (*fn)(void *ctx, const struct ceu_cert *c, const char *refused),
    void *ctx)
{
	static const char all_sql[] = "SELECT id FROM person ORDER BY id";
	static const char unit_sql[] = "SELECT id FROM person "
	    "WHERE unit_code = ?1 ORDER BY id";
	sqlite3_stmt *st = ceu_db_stmt(is->db, unit ? unit_sql : all_sql);
	struct ceu_cert c;
	int rc = CEU_OK, step;

	if (st == NULL)
		return is->db->code;
	if (unit != NULL)
		sqlite3_bind_text(st, 1, unit, -1, SQLITE_STATIC);
	while (rc == CEU_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
		rc = ceu_cert_issue(is, sqlite3_column_int64(st, 0), &c);
		if (rc == CEU_EREFUSED && is->reason[0] != '\0')
			rc = fn(ctx, &c, is->reason);
		else if (rc == CEU_OK)
			rc = fn(ctx, &c, NULL);
	}
	sqlite3_reset(st);
	if (rc == CEU_OK && step != SQLITE_DONE)
		return ceu_db_sqlfail(is->db, "person");
	return rc;
}

/* ---- revocation (R12, R15) ---- */

/* Revoke certificate id for reason, journaled with before and after. */
static int
revoke(struct ceu_db *db, long long id, const char *reason)
{
	static const char sql[] = "UPDATE certificate SET revoked_at = ?2, "
	    "revoke_reason = ?3 WHERE id = ?1 AND revoked_at IS NULL";
	static const char serial_sql[] = "SELECT serial FROM certificate "
	    "WHERE id = ?1";
	sqlite3_stmt *st;
	char *before, *after, serial[CEU_CERT_SERIAL_MAX + 1] = "";
	int rc;

	if ((st = ceu_db_stmt(db, serial_sql)) == NULL)
		return db->code;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW)
		col_copy(st, 0, serial, sizeof(serial));
	sqlite3_reset(st);
	if ((st = ceu_db_stmt(db, sql)) == NULL)
		return db->code;
	before = cert_json(db, id);
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, db->now, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, reason, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE || ceu_seal_row(db, CEU_SEAL_CERTIFICATE, id) !=
	    CEU_OK) {
		sqlite3_free(before);
		return rc != SQLITE_DONE ? ceu_db_sqlfail(db, "cannot revoke "
		    "certificate") : db->code;
	}
	after = cert_json(db, id);
	rc = ceu_journal_append(db, "revoke", "certificate", serial, before,
	    after, reason);
	sqlite3_free(before);
	sqlite3_free(after);
	return rc;
}

int
ceu_cert_basis_changed(struct ceu_db *db, long long record_id, int status,
    const char *reason)
{
	/* The record's person and year lead to their valid certificates
	 * (certificate_valid), at most one of each kind; the basis says
	 * whether one relied on the record. */
	static const char sql[] = "SELECT c.id FROM record r "
	    "JOIN certificate c ON c.person_id = r.person_id AND "
	    "c.year = r.year AND c.revoked_at IS NULL WHERE r.id = ?1 AND "
	    "EXISTS (SELECT 1 FROM json_each(c.basis) WHERE value = ?1) "
	    "LIMIT 1";
	char why[600];
	sqlite3_stmt *st;
	long long id;
	int rc;

	for (;;) {
		if ((st = ceu_db_stmt(db, sql)) == NULL)
			return db->code;
		sqlite3_bind_int64(st, 1, record_id);
		rc = sqlite3_step(st);
		id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
		sqlite3_reset(st);
		if (rc == SQLITE_DONE)
			return CEU_OK;
		if (rc != SQLITE_ROW)
			return ceu_db_sqlfail(db, "certificate");
		snprintf(why, sizeof(why), "record %lld %s%s%s", record_id,
		    ceu_status_name(status), reason && *reason ? ": " : "",
		    reason ? reason : "");
		if ((rc = revoke(db, id, why)) != CEU_OK)
			return rc;
	}
}

/* ---- offline, and printing ---- */

int
ceu_cert_verify_qr(struct ceu_db *db,
    const unsigned char pk[CEU_KEY_PUBLIC_BYTES], const char *text,
    struct ceu_cert *c)
{
	int rc;

	memset(c, 0, sizeof(*c));
	if ((rc = ceu_certqr_verify(db, pk, text, &c->f, c->sig)) != CEU_OK)
		return rc;
	c->has_sig = 1;
	ceu_verifycode_from_signature(c->sig, c->code);
	return CEU_OK;
}

int
ceu_cert_page(struct ceu_db *db, const struct ceu_cert *c,
    struct ceu_cert_print *t, struct ceu_certpage *p)
{
	const struct ceu_certfields *f = &c->f;
	int rc;

	if (c->revoked)
		return ceu_db_fail(db, CEU_EREFUSED, "certificate %s was "
		    "revoked at %s (%s): it is not printed (R12)", f->serial,
		    c->revoked_at, c->revoke_reason);
	if (!c->has_sig)
		return ceu_db_fail(db, CEU_EREFUSED, "certificate %s was "
		    "issued before certificates were signed: it can be "
		    "verified by its code, not printed", f->serial);
	if ((rc = ceu_certqr_text(db, f, c->sig, t->qr, sizeof(t->qr))) !=
	    CEU_OK)
		return rc;
	ceu_verifycode_display(c->code, t->code);
	snprintf(t->year, sizeof(t->year), "%d", f->year);
	ceu_hours_format(f->public_hours, t->pub);
	ceu_hours_format(f->professional_hours, t->prof);
	ceu_hours_format(f->total_hours, t->total);
	snprintf(t->date, sizeof(t->date), "%d年%d月%d日", f->issued_on / 10000,
	    f->issued_on / 100 % 100, f->issued_on % 100);
	*p = (struct ceu_certpage){ .kind = f->kind, .serial = f->serial,
	    .name = f->name, .id_masked = f->id_masked,
	    .unit_name = f->unit_name, .year = t->year,
	    .public_hours = t->pub, .professional_hours = t->prof,
	    .total_hours = t->total, .issued_on = t->date,
	    .verify_code = t->code, .qr_text = t->qr };
	return CEU_OK;
}

void
ceu_cert_pdf_path(const char *folder, const struct ceu_cert *c, char *out,
    size_t size)
{
	snprintf(out, size, "%s/%s.pdf", folder, c->f.serial);
}

/* ---- output ---- */

const struct ceu_out_col ceu_cert_issue_cols[CEU_CERT_ISSUE_NCOLS] = {
	{ "serial", CEU_COL_TEXT }, { "verify_code", CEU_COL_TEXT },
	{ "id_no", CEU_COL_TEXT }, { "name", CEU_COL_TEXT },
	{ "year", CEU_COL_NUM }, { "kind", CEU_COL_OF(CEU_ENUM_CERT_KIND) },
	{ "public_hours", CEU_COL_NUM }, { "professional_hours", CEU_COL_NUM },
	{ "total_hours", CEU_COL_NUM }, { "issued_on", CEU_COL_TEXT },
};

const struct ceu_out_col ceu_cert_cols[CEU_CERT_NCOLS] = {
	{ "status", CEU_COL_OF(CEU_ENUM_CERT_STATUS) },
	{ "serial", CEU_COL_TEXT }, { "verify_code", CEU_COL_TEXT },
	{ "id_no", CEU_COL_TEXT }, { "name", CEU_COL_TEXT },
	{ "year", CEU_COL_NUM }, { "kind", CEU_COL_OF(CEU_ENUM_CERT_KIND) },
	{ "public_hours", CEU_COL_NUM }, { "professional_hours", CEU_COL_NUM },
	{ "total_hours", CEU_COL_NUM }, { "issued_on", CEU_COL_TEXT },
	{ "unit_code", CEU_COL_TEXT }, { "unit_name", CEU_COL_TEXT },
	{ "revoked_at", CEU_COL_TEXT }, { "revoke_reason", CEU_COL_TEXT },
};

/* s, or NULL (an empty cell) when it is empty. */
static const char *
cell(const char *s)
{
	return *s != '\0' ? s : NULL;
}

void
ceu_cert_values(const struct ceu_cert *c, const char *status,
    const char *values[CEU_CERT_NCOLS], char *buf)
{
	const struct ceu_certfields *f = &c->f;
	char *code = buf, *year = buf + 24, *pub = buf + 32,
	    *prof = buf + 56, *total = buf + 80, *date = buf + 104;
	int i;

	for (i = 0; i < CEU_CERT_NCOLS; i++)
		values[i] = NULL;
	values[0] = status ? status : c->revoked ? "revoked" : "valid";
	code[0] = '\0';
	if (strlen(c->code) == CEU_VERIFYCODE_LEN)
		ceu_verifycode_display(c->code, code);
	else
		snprintf(code, 24, "%s", c->code);
	values[2] = cell(code);
	if (f->serial[0] == '\0')
		return;		/* no certificate: the code alone */
	snprintf(year, 8, "%d", f->year);
	values[1] = f->serial;
	values[3] = c->id_no[0] != '\0' ? c->id_no : f->id_masked;
	values[4] = f->name;
	values[5] = year;
	values[6] = ceu_cert_kind_name(f->kind);
	values[7] = ceu_hours_format(f->public_hours, pub);
	values[8] = ceu_hours_format(f->professional_hours, prof);
	values[9] = ceu_hours_format(f->total_hours, total);
	values[10] = f->issued_on ? ceu_date_format(f->issued_on, date) :
	    NULL;
	values[11] = cell(c->unit_code);
	values[12] = cell(f->unit_name);
	values[13] = cell(c->revoked_at);
	values[14] = cell(c->revoke_reason);
}
