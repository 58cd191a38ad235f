/*
 * ceu-cert.h - what the front of ceu-cert (ceu-cert.c) shares with its
 * PDF files (ceu-cert_pdf.c): written as one transaction of their own,
 * they appear after the database's commit, complete, or not at all.
 */
#ifndef CEU_CERT_FRONT_H
#define CEU_CERT_FRONT_H

#include "cert.h"
#include "db.h"

/* The PDF writer, once for the run (its libraries loaded now, so that a
 * missing one is said before anything is done); folder, named by the
 * option opt, is made when missing, and removed at exit unless the files
 * were committed; NULL: no folder.  Dies on failure. */
struct ceu_certpdf *cert_pdf_start(struct ceu_db *db, const char *opt,
    const char *folder);

/* c as a page: a file of its own (path; FOLDER/SERIAL.pdf when folder
 * says that path is one, not one of ceu's own files) or, with path NULL,
 * the next page of the file open.  CEU_OK, or the error in db. */
int cert_pdf_put(struct ceu_db *db, const struct ceu_cert *c,
    const char *path, int folder);

/* After the database's commit: the files into place.  Dies on failure. */
void cert_pdf_commit(struct ceu_db *db);

#endif
