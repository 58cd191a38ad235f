/*
 * outfile.c - files written aside and renamed into place (outfile.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "outfile.h"

/* path with its folder made absolute (its last part may not exist). */
static void
canonical(const char *path, char out[PATH_MAX])
{
	char a[PATH_MAX], b[PATH_MAX], dir[PATH_MAX];

	snprintf(a, sizeof(a), "%s", path);
	snprintf(b, sizeof(b), "%s", path);
	if (realpath(dirname(a), dir) == NULL ||
	    snprintf(out, PATH_MAX, "%s/%s", dir, basename(b)) >= PATH_MAX)
		snprintf(out, PATH_MAX, "%s", path);
}

int
ceu_outfile_same(const char *a, const char *b)
{
	char ca[PATH_MAX], cb[PATH_MAX];
	struct stat sa, sb;

	if (stat(a, &sa) == 0 && stat(b, &sb) == 0)
		return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
	canonical(a, ca);
	canonical(b, cb);
	return strcmp(ca, cb) == 0;
}

int
ceu_outfile_open(struct ceu_outfile *f, const char *path, char *msg)
{
	struct stat sb;
	int fd;

	memset(f, 0, sizeof(*f));
	f->path = path;
	if (stat(path, &sb) == 0 && !S_ISREG(sb.st_mode)) {
		if ((f->fp = fopen(path, "w")) == NULL)
			return ceu_msg(msg, CEU_ECANTCREAT, "cannot create "
			    "'%s': %s", path, strerror(errno));
		return CEU_OK;
	}
	if (snprintf(f->temp, sizeof(f->temp), "%s.XXXXXX", path) >=
	    (int)sizeof(f->temp)) {
		*f->temp = '\0';
		return ceu_msg(msg, CEU_ECANTCREAT, "cannot create '%s': %s",
		    path, strerror(ENAMETOOLONG));
	}
	if ((fd = mkostemp(f->temp, O_CLOEXEC)) < 0) {
		*f->temp = '\0';
		return ceu_msg(msg, CEU_ECANTCREAT, "cannot create '%s': %s",
		    path, strerror(errno));
	}
	if (fchmod(fd, 0600) != 0 || (f->fp = fdopen(fd, "w")) == NULL) {
		ceu_msg(msg, CEU_ECANTCREAT, "cannot create '%s': %s", path,
		    strerror(errno));
		close(fd);
		ceu_outfile_drop(f);
		return CEU_ECANTCREAT;
	}
	return CEU_OK;
}

int
ceu_outfile_close(struct ceu_outfile *f, char *msg)
{
	int failed;

	if (f->fp == NULL)
		return CEU_OK;
	failed = fflush(f->fp) != 0 || (*f->temp != '\0' &&
	    fsync(fileno(f->fp)) != 0);
	if (fclose(f->fp) != 0)
		failed = 1;
	f->fp = NULL;
	if (!failed && *f->temp != '\0' && rename(f->temp, f->path) != 0)
		failed = 1;
	if (failed) {
		ceu_msg(msg, CEU_EIO, "cannot write '%s': %s", f->path,
		    strerror(errno));
		ceu_outfile_drop(f);
		return CEU_EIO;
	}
	*f->temp = '\0';
	return CEU_OK;
}

void
ceu_outfile_drop(struct ceu_outfile *f)
{
	if (f->fp != NULL)
		fclose(f->fp);
	f->fp = NULL;
	if (*f->temp != '\0')
		unlink(f->temp);
	*f->temp = '\0';
}
