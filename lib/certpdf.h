/*
 * certpdf.h - certificates as PDF (R12, SPEC "ceu-cert"): one A4
 * landscape page in Chinese a certificate, drawn with cairo and pango in
 * the AR PL UMing Song face (embedded as a subset, so that it prints the
 * same anywhere), with a QR code of the certificate's QR text
 * (libqrencode).
 *
 *	struct ceu_certpdf *pdf;
 *	ceu_certpdf_new(db, &pdf);			once: fonts, layouts
 *	ceu_certpdf_write(db, pdf, "out/S1.pdf", 0644, &page);	a file a page
 *	ceu_certpdf_write(db, pdf, "out/S2.pdf", 0644, &page2);
 *	ceu_certpdf_commit(db, pdf);		both appear, or neither
 *
 *	ceu_certpdf_open(db, pdf, "unit.pdf", 0644);	one file of many pages
 *	ceu_certpdf_page(db, pdf, &page); ...
 *	ceu_certpdf_close(db, pdf);
 *	ceu_certpdf_commit(db, pdf);		(or ceu_certpdf_rollback(pdf))
 *	ceu_certpdf_free(pdf);
 *
 * The module draws what it is given: the caller formats every printed
 * string (masked ID, hours, dates, the verify code in groups) and makes
 * the QR text (certqr.h); nothing here reads the database, which is only
 * the error context.
 *
 * Files are written as a transaction, like the database's: each is
 * written whole into a hidden folder inside the one it goes to
 * (FOLDER/.ceu-pdf-XXXXXX, with the mode asked for whatever the umask),
 * and ceu_certpdf_commit syncs them to disk and renames them into place,
 * replacing files of the same name; ceu_certpdf_rollback (or free, or a
 * failure the caller answers with rollback) removes them.  So a command
 * that fails half-way leaves its folder as it was, a path holds the old
 * file or the whole new one, never a part, and a transaction of any size
 * costs one sync and no memory per file.  All files of one transaction go
 * to one folder.  (A process killed before commit leaves its hidden
 * folder behind.)
 *
 * cairo, pango and libqrencode are loaded (dlopen) by ceu_certpdf_new, not
 * when a program starts: a program that links this module but prints no
 * PDF in a run (ceu-cert verify) does not pay for loading them.
 */
#ifndef CEU_CERTPDF_H
#define CEU_CERTPDF_H

#include "db.h"

/* The face, pinned: the folder fontconfig is pointed at (fonts-arphic-
 * uming), and the family taken from it. */
#ifndef CEU_CERTPDF_FONT_DIR
#define CEU_CERTPDF_FONT_DIR "/usr/share/fonts/truetype/arphic"
#endif
#define CEU_CERTPDF_FONT_FAMILY "AR PL UMing CN"

/* What one page shows, formatted by the caller (UTF-8, none NULL but
 * issuer). */
struct ceu_certpage {
	int kind;			/* enum ceu_cert_kind: the title */
	const char *serial;		/* "GX2023C000123" */
	const char *name;		/* "王静" */
	const char *id_masked;		/* "450102********1234" */
	const char *unit_name;
	const char *year;		/* "2023" */
	const char *public_hours;	/* "30" */
	const char *professional_hours;
	const char *total_hours;
	const char *issued_on;		/* "2023年12月20日" */
	const char *verify_code;	/* "ABCD-EFGH-JKMN-PQRS" */
	const char *qr_text;		/* ceu_certqr_text */
	const char *issuer;		/* who issues, or NULL */
};

struct ceu_certpdf;

/* Load the libraries and the face, and make what every page reuses.
 * CEU_EIO when a library or the face is missing (the message names the
 * Debian package).  The caller frees *out with ceu_certpdf_free. */
int ceu_certpdf_new(struct ceu_db *db, struct ceu_certpdf **out);

/* Free pdf, first rolling back what is not committed. */
void ceu_certpdf_free(struct ceu_certpdf *pdf);

/* Open the file path (mode such as 0644 or 0600, exactly) in the
 * transaction.  CEU_EUSAGE when a file is open already, when path names no
 * file, or when it is in another folder than the transaction's files;
 * CEU_ECANTCREAT when its folder takes no file. */
int ceu_certpdf_open(struct ceu_db *db, struct ceu_certpdf *pdf,
    const char *path, int mode);

/* Draw one certificate on a new page of the file open.  CEU_EDATA when
 * the QR text does not fit a QR code; CEU_EIO on a drawing error.  After a
 * failure the caller rolls back. */
int ceu_certpdf_page(struct ceu_db *db, struct ceu_certpdf *pdf,
    const struct ceu_certpage *page);

/* Finish the file open: written whole, it waits for commit.  CEU_EIO
 * (the file dropped, the others kept) when it cannot be written: a full
 * disk, no page. */
int ceu_certpdf_close(struct ceu_db *db, struct ceu_certpdf *pdf);

/* open, page, close: one certificate in one file of the transaction; a
 * failure drops that file only. */
int ceu_certpdf_write(struct ceu_db *db, struct ceu_certpdf *pdf,
    const char *path, int mode, const struct ceu_certpage *page);

/* Sync every file closed since the last commit to disk and rename it onto
 * its path.  CEU_EUSAGE while a file is open; CEU_EIO when the sync fails
 * (nothing renamed); CEU_ECANTCREAT when a rename fails (the files before
 * it are in place; rollback removes the rest). */
int ceu_certpdf_commit(struct ceu_db *db, struct ceu_certpdf *pdf);

/* Remove the file open and every file closed since the last commit. */
void ceu_certpdf_rollback(struct ceu_certpdf *pdf);

#endif
