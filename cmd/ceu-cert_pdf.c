/*
 * ceu-cert_pdf.c - the PDF files of ceu-cert (ceu-cert.h): one
 * transaction of their own (certpdf.h), put into place after the
 * database's commit, complete, or undone at any exit before it, with
 * the folder this run made.
 */
#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ceu-cert.h"
#include "common.h"

static struct ceu_certpdf *pdf;
static const char *pdf_opt;	/* the option naming the folder */
static const char *made_folder;	/* made by this run, removed unless done */
static int pdf_done;

static void
pdf_cleanup(void)
{
	ceu_certpdf_free(pdf);	/* rolls back what is not committed */
	pdf = NULL;
	if (made_folder != NULL && !pdf_done)
		rmdir(made_folder);
}

struct ceu_certpdf *
cert_pdf_start(struct ceu_db *db, const char *opt, const char *folder)
{
	struct stat sb;

	atexit(pdf_cleanup);
	pdf_opt = opt;
	if (ceu_certpdf_new(db, &pdf) != CEU_OK)
		cmd_die_db(db);
	if (folder == NULL)
		return pdf;
	if (stat(folder, &sb) == 0) {
		if (!S_ISDIR(sb.st_mode))
			cmd_die(CEU_ECANTCREAT, "'%s' is not a folder", folder);
		return pdf;
	}
	if (errno != ENOENT || mkdir(folder, 0700) != 0)
		cmd_die(CEU_ECANTCREAT, "cannot create folder '%s': %s", folder,
		    strerror(errno));
	made_folder = folder;
	return pdf;
}

int
cert_pdf_put(struct ceu_db *db, const struct ceu_cert *c, const char *path,
    int folder)
{
	struct ceu_cert_print text;
	struct ceu_certpage page;
	char file[4096];

	if (ceu_cert_page(db, c, &text, &page) != CEU_OK)
		return db->code;
	if (path == NULL)
		return ceu_certpdf_page(db, pdf, &page);
	if (folder) {
		ceu_cert_pdf_path(path, c, file, sizeof(file));
		cmd_not_own(pdf_opt, file);
	} else
		snprintf(file, sizeof(file), "%s", path);
	/* Files ceu makes are its owner's only: they hold ID numbers. */
	return ceu_certpdf_write(db, pdf, file, 0600, &page);
}

void
cert_pdf_commit(struct ceu_db *db)
{
	if (pdf != NULL && ceu_certpdf_commit(db, pdf) != CEU_OK)
		cmd_die_db(db);
	pdf_done = 1;
}
