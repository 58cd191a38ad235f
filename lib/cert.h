/*
 * cert.h - R12: the two certificates, the public-subject exam certificate
 * (公需科目考试合格证书) and the continuing-education completion
 * certificate (专业技术人员继续教育合格证书): who may have one, issuing it
 * signed with the database's key, what it relied on and its revocation
 * when that falls, finding it by serial or verify code, listing, and the
 * page it prints (certpdf.h).
 *
 *	struct ceu_cert_issuer is;
 *	struct ceu_cert c;
 *	ceu_cert_issuer_init(&is, db, &key, CEU_CERT_COMPLETION, 2023);
 *	ceu_cert_issue(&is, person_id, &c);	(inside a write transaction)
 *	ceu_cert_issue_scope(&is, unit, fn, ctx);	(a unit, or everyone)
 *	ceu_cert_find(db, CEU_CERT_BY_CODE, code, &c, &found);
 *	ceu_cert_page(db, &c, &text, &page);	then certpdf.h
 *
 * Eligibility is the verdicts of rules.c, never a second reading of the
 * rules.  Public: the year's public required exam passed (R3, R6; what
 * CEU_RULES_EXAM_PASSED says).  Completion: the year complete (R2a: the
 * exam passed and R2 on approved hours, under the policy's share basis).
 *
 * A certificate keeps what it printed and signed (name, masked ID, unit
 * name, hours, serial, issue date, and the signature of certqr.h, which
 * its verify code comes from), so that a reprint after a rename gives the
 * same page, QR code and verify code.  It keeps its basis too: the ids of
 * the approved records it relied on, for a public certificate the year's
 * public required credits of the exam pass (R5), for a completion
 * certificate every approved record of the year, the exam pass among
 * them.  It is valid while each of them stays approved: the one door for
 * a record's status, ceu_record_set_status (record.h), calls
 * ceu_cert_basis_changed, which revokes at once, in the caller's
 * transaction, every valid certificate that relied on the record, with
 * the reason, journaled (R12, R15, R16).  A certificate is never deleted;
 * a new one may be issued on the new basis.
 *
 * Serial: "GX", the year certified, P (public) or C (completion) and the
 * certificate's row id in seven digits or more: GX2023C0000123.  Unique
 * because the row id is; the row ids of a revoked certificate and of the
 * one issued after it differ, and so do their serials and codes.
 *
 * Failures are reported the library's way (db.h).
 */
#ifndef CEU_CERT_H
#define CEU_CERT_H

#include "certpdf.h"
#include "certqr.h"
#include "db.h"
#include "ident.h"
#include "key.h"
#include "out.h"
#include "policy.h"
#include "verifycode.h"

/* One certificate as stored (or, offline, as its QR text says). */
struct ceu_cert {
	long long id;			/* 0 offline */
	long long person_id;
	struct ceu_certfields f;	/* as printed and signed */
	unsigned char sig[CEU_KEY_SIG_BYTES];
	int has_sig;			/* 0: of a database before schema 4,
					   which cannot be printed again */
	char code[CEU_VERIFYCODE_LEN + 1];	/* the verify code */
	char id_no[CEU_ID_LEN + 1];	/* the whole ID number; "" offline */
	char unit_code[CEU_ID_LEN + 1];
	int revoked;
	char revoked_at[32];		/* ISO 8601 UTC, or "" */
	char revoke_reason[512];	/* or "" */
	int is_new;			/* ceu_cert_issue: issued by this call */
};

/* Issuing one kind of certificate for one year, to one person after
 * another; counts what happened. */
struct ceu_cert_issuer {
	struct ceu_db *db;
	const struct ceu_key *key;
	int kind;			/* enum ceu_cert_kind */
	int year;
	struct ceu_policy pol;		/* the year's, for the verdicts */
	long issued;			/* new certificates */
	long held;			/* valid ones the persons had already */
	long refused;			/* persons not eligible */
	long no_exam;			/* of them: public exam not passed */
	long short_hours;		/* of them: R2 not met */
	char reason[160];		/* the last refusal's reasons */
};

/* Start issuing kind for year: the year's policy is loaded.  key holds
 * the secret half.  CEU_EUSAGE for a kind or year out of range; a policy
 * failure as ceu_policy_load. */
int ceu_cert_issuer_init(struct ceu_cert_issuer *is, struct ceu_db *db,
    const struct ceu_key *key, int kind, int year);

/*
 * Issue the certificate to person_id, in the caller's write transaction:
 * CEU_OK with *c the valid certificate the person holds, new (c->is_new,
 * journaled) or had already (re-issuing returns it).  CEU_EREFUSED when
 * the person is not eligible, with the reasons in words in db->msg
 * ("public exam not passed; total 75 < 90") and counted in is; c then
 * holds the person's id_no and name.  CEU_EREFUSED also for no such
 * person; CEU_EDATA when a value does not fit a certificate.
 */
int ceu_cert_issue(struct ceu_cert_issuer *is, long long person_id,
    struct ceu_cert *c);

/* ceu_cert_issue to every person of unit (NULL: everyone), in person
 * order, inside the caller's write transaction; fn gets each certificate
 * held (new or not) with refused NULL, or an ineligible person's c (id_no,
 * name) with the reasons in refused, which is not an error.  Stops at
 * fn's first non-zero return, which is returned, or at a failure. */
int ceu_cert_issue_scope(struct ceu_cert_issuer *is, const char *unit,
    int (*fn)(void *ctx, const struct ceu_cert *c, const char *refused),
    void *ctx);

/*
 * R12, R15: record_id has just left 'approved' (its new status and the
 * reason given for it): every valid certificate that relied on it is
 * revoked, with the reason, journaled.  Called by ceu_record_set_status
 * inside its transaction; an indexed lookup when the record backs none.
 */
int ceu_cert_basis_changed(struct ceu_db *db, long long record_id,
    int status, const char *reason);

/* What ceu_cert_find looks a certificate up by. */
enum ceu_cert_key { CEU_CERT_BY_SERIAL, CEU_CERT_BY_CODE };

/* The certificate whose serial, or canonical verify code, is value: CEU_OK
 * and *found, with *c filled when found. */
int ceu_cert_find(struct ceu_db *db, int by, const char *value,
    struct ceu_cert *c, int *found);

/* Which certificates ceu_cert_each lists; 0, NULL or -1 do not filter. */
struct ceu_cert_filter {
	int year;
	const char *unit_code;		/* the holder's unit */
	int kind;			/* enum ceu_cert_kind, or -1 */
	int revoked;			/* 0 valid, 1 revoked, -1 either */
};

/* Call fn for each certificate matching f, in the order issued; stops at
 * fn's first non-zero return, which is returned. */
int ceu_cert_each(struct ceu_db *db, const struct ceu_cert_filter *f,
    int (*fn)(void *ctx, const struct ceu_cert *c), void *ctx);

/* Check a scanned QR text against the public key pk without the
 * database, as ceu_certqr_verify does; when genuine (CEU_OK), c holds its
 * fields, signature and verify code, and no id_no. */
int ceu_cert_verify_qr(struct ceu_db *db,
    const unsigned char pk[CEU_KEY_PUBLIC_BYTES], const char *text,
    struct ceu_cert *c);

/* The strings a page prints, formatted for certpdf.h. */
struct ceu_cert_print {
	char year[8], pub[24], prof[24], total[24], date[32];
	char code[CEU_VERIFYCODE_DISPLAY_SIZE];
	char qr[CEU_CERTQR_TEXT_MAX];
};

/* The page of c, its strings in t (which must outlive page).
 * CEU_EREFUSED for a revoked certificate or one without a signature,
 * which are not printed; errors of ceu_certqr_text. */
int ceu_cert_page(struct ceu_db *db, const struct ceu_cert *c,
    struct ceu_cert_print *t, struct ceu_certpage *page);

/* The serial's file name in folder: FOLDER/SERIAL.pdf, into out. */
void ceu_cert_pdf_path(const char *folder, const struct ceu_cert *c,
    char *out, size_t size);

/* The columns `issue` prints (SPEC) and those of list and verify. */
#define CEU_CERT_ISSUE_NCOLS 10
#define CEU_CERT_NCOLS 15
extern const struct ceu_out_col ceu_cert_issue_cols[];
extern const struct ceu_out_col ceu_cert_cols[];

/* c's values for ceu_cert_cols into values, using buf (CEU_CERT_BUFSIZE
 * bytes): status first (status, or NULL for "valid" / "revoked"), then
 * in values[1..10] those of ceu_cert_issue_cols, then unit_code,
 * unit_name, revoked_at, revoke_reason.  values[3] is the whole ID
 * number, which the caller masks; offline, the masked one printed. */
#define CEU_CERT_BUFSIZE 160
void ceu_cert_values(const struct ceu_cert *c, const char *status,
    const char *values[CEU_CERT_NCOLS], char *buf);

#endif
