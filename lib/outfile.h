/*
 * outfile.h - a file a command writes for its user (a rejects file, an
 * output): mode 0600 whatever the umask, written beside its name and
 * renamed into place once complete, so that a failed command leaves the
 * old file (or none) rather than half a new one; and never one of the
 * files the command reads or keeps otherwise.
 *
 *	struct ceu_outfile f;
 *	if (ceu_outfile_same(path, input)) ... refuse ...
 *	if (ceu_outfile_open(&f, path, msg) != CEU_OK) ... msg ...
 *	fprintf(f.fp, ...);
 *	if (ceu_outfile_close(&f, msg) != CEU_OK) ... msg ...
 *	(or ceu_outfile_drop(&f) to give up: the old file stays)
 *
 * A path that names a device or a pipe (/dev/stdout) is written to as
 * it is.  Failures follow error.h: a code and the message in msg
 * (CEU_MSG_SIZE bytes).
 */
#ifndef CEU_OUTFILE_H
#define CEU_OUTFILE_H

#include <limits.h>
#include <stdio.h>

#include "error.h"

struct ceu_outfile {
	FILE *fp;
	const char *path;
	char temp[PATH_MAX];	/* where it is written; "" when written in
				   place or done */
};

/* Whether a and b name one file: the same device and inode when both
 * exist, else the same name once their folders are made absolute. */
int ceu_outfile_same(const char *a, const char *b);

/* Start writing path: CEU_OK and f->fp, or CEU_ECANTCREAT. */
int ceu_outfile_open(struct ceu_outfile *f, const char *path, char *msg);

/* Finish: flush, sync and rename into place.  CEU_OK, or CEU_EIO (the
 * temporary removed, the old file left). */
int ceu_outfile_close(struct ceu_outfile *f, char *msg);

/* Give up: the temporary removed, the old file left.  Safe to call more
 * than once, and after ceu_outfile_close. */
void ceu_outfile_drop(struct ceu_outfile *f);

#endif
