/*
 * certqr.h - what a certificate's QR code says (R12, SPEC "ceu-cert"):
 * the printed fields and the database key's Ed25519 signature over them,
 * as ASCII text, so that whoever holds the paper and the public key can
 * tell a genuine certificate from an altered one without the database.
 *
 *	struct ceu_certfields f = { ... };
 *	unsigned char sig[CEU_KEY_SIG_BYTES];
 *	char text[CEU_CERTQR_TEXT_MAX];
 *	ceu_certqr_sign(db, &key, &f, sig);	(issue: sig gives the verify
 *						 code, and is kept)
 *	ceu_certqr_text(db, &f, sig, text, sizeof(text));
 *	...
 *	ceu_certqr_verify(db, pk, scanned, &f, sig);	(offline verify)
 *
 * Format, version 1.  The canonical bytes of the fields are, in order:
 *
 *	kind		one byte: 1 public, 2 completion
 *	year		varint
 *	issued_on	varint of (year - 2000) << 9 | month << 5 | day
 *	public_hours, professional_hours, total_hours
 *			three varints, in tenths of an hour
 *	serial, id_masked, name, unit_name
 *			each a varint byte count and that many bytes of
 *			UTF-8 (no control characters)
 *
 * where a varint is unsigned LEB128 of the fewest bytes.  The signature is
 * ceu_key_sign with context "ceu-cert-v1" over those bytes.  The QR text is
 * "CEU1:" and Crockford's base32 of the signature (64 bytes) followed by
 * the canonical bytes: upper-case letters, digits and ':' only, so that a
 * scanner keeps it as it is (names travel inside the encoded bytes), the
 * QR code uses its compact alphanumeric mode, and a shell passes it
 * unquoted.
 */
#ifndef CEU_CERTQR_H
#define CEU_CERTQR_H

#include <stddef.h>

#include "db.h"
#include "key.h"

#define CEU_CERTQR_PREFIX "CEU1:"
#define CEU_CERTQR_CONTEXT "ceu-cert-v1"

/* The longest field values, in bytes (a longer one is refused, never
 * cut). */
#define CEU_CERT_SERIAL_MAX 40
#define CEU_CERT_ID_MAX 24
#define CEU_CERT_NAME_MAX 120
#define CEU_CERT_UNIT_MAX 240

/* The largest canonical encoding and QR text these limits allow. */
#define CEU_CERTQR_BYTES_MAX (1 + 3 * 5 + 3 * 5 + 4 * 2 + \
	CEU_CERT_SERIAL_MAX + CEU_CERT_ID_MAX + CEU_CERT_NAME_MAX + \
	CEU_CERT_UNIT_MAX)
#define CEU_CERTQR_TEXT_MAX (sizeof(CEU_CERTQR_PREFIX) + \
	((CEU_KEY_SIG_BYTES + CEU_CERTQR_BYTES_MAX) * 8 + 4) / 5)

/* R12: the two certificates. */
enum ceu_cert_kind {
	CEU_CERT_PUBLIC = 1,		/* 公需科目考试合格证书 */
	CEU_CERT_COMPLETION = 2,	/* 专业技术人员继续教育合格证书 */
};

/* What a certificate says, as signed: values, not their print. */
struct ceu_certfields {
	int kind;			/* enum ceu_cert_kind */
	int year;			/* the year certified, 1900..2999 */
	int issued_on;			/* yyyymmdd, 2000-01-01 or later */
	long public_hours;		/* tenths, >= 0 */
	long professional_hours;
	long total_hours;
	char serial[CEU_CERT_SERIAL_MAX + 1];
	char id_masked[CEU_CERT_ID_MAX + 1];	/* as printed */
	char name[CEU_CERT_NAME_MAX + 1];
	char unit_name[CEU_CERT_UNIT_MAX + 1];
};

/* Copy value into dst, one of the text fields of a struct ceu_certfields
 * (size: sizeof that field); what names it in the message, in the user's
 * language.  CEU_EDATA when it does not fit: a value is refused, never
 * cut. */
int ceu_certqr_set(struct ceu_db *db, char *dst, size_t size,
    const char *what, const char *value);

/* "public" / "completion" for a kind; NULL for another value. */
const char *ceu_cert_kind_name(int kind);
/* The kind named so, or -1. */
int ceu_cert_kind_parse(const char *name);

/* The canonical bytes of f into out (at least CEU_CERTQR_BYTES_MAX
 * bytes), *len of them.  CEU_EDATA, naming the field, when a value is out
 * of range, too long, empty (serial, name, ID) or not clean UTF-8. */
int ceu_certqr_bytes(struct ceu_db *db, const struct ceu_certfields *f,
    unsigned char *out, size_t *len);

/* key's signature of f's canonical bytes, context "ceu-cert-v1".  The
 * verify code is derived from it (ceu_verifycode_from_signature); Ed25519
 * is deterministic, so the same fields and key always give the same
 * signature.  Errors as ceu_certqr_bytes and ceu_key_sign. */
int ceu_certqr_sign(struct ceu_db *db, const struct ceu_key *key,
    const struct ceu_certfields *f, unsigned char sig[CEU_KEY_SIG_BYTES]);

/* The QR text of f and its signature sig, in out (size bytes;
 * CEU_CERTQR_TEXT_MAX always suffices).  Errors as ceu_certqr_bytes. */
int ceu_certqr_text(struct ceu_db *db, const struct ceu_certfields *f,
    const unsigned char sig[CEU_KEY_SIG_BYTES], char *out, size_t size);

/* Check a scanned QR text against the public key pk.  Blanks and a
 * newline around it are ignored.  CEU_OK when genuine: f and sig (either
 * may be NULL) hold what it says.  CEU_EREFUSED when it is a QR text of
 * this format that pk did not sign as it is (forged or altered: any byte
 * changed, or another database's key).  CEU_EDATA when it is not such a
 * text (prefix, characters, length).  The message says which. */
int ceu_certqr_verify(struct ceu_db *db,
    const unsigned char pk[CEU_KEY_PUBLIC_BYTES], const char *text,
    struct ceu_certfields *f, unsigned char sig[CEU_KEY_SIG_BYTES]);

#endif
