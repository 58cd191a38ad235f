/*
 * input.c - the file an import reads (input.h): opened once, hashed as
 * it streams past the reader (sha256, for the batch row, so that stdin
 * needs no second pass), its pages let go behind the reader; input that
 * is no file (a pipe, a terminal) copied aside to a private temporary
 * file first, checked as the CSV reader would check it.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"
#include "csvio.h"
#include "error.h"
#include "input.h"

/* The fuzzing build copies in tiny chunks too (csvio.c), so that line
 * ends fall across them. */
#ifdef CEU_CSV_CHUNK
#define COPY_CHUNK CEU_CSV_CHUNK
#else
#define COPY_CHUNK (64 * 1024)
#endif

/* Let the pages behind the reader go every this many bytes. */
#define DROP_EVERY (8 << 20)

/* ---- the copy of a pipe ---- */

/* What the copy has seen: enough to stop where the reader would. */
struct spool {
	long line;
	size_t len;		/* bytes of the line so far */
	int after_cr, started;
};

/* A private file in $TMPDIR (else /tmp), unlinked at once; -1 with errno
 * when none can be made. */
static int
temp_fd(void)
{
	const char *dir = getenv("TMPDIR");
	char path[4096];
	int fd;

	if (dir == NULL || *dir == '\0')
		dir = "/tmp";
#ifdef O_TMPFILE
	if ((fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600)) >= 0)
		return fd;
#endif
	if (snprintf(path, sizeof(path), "%s/ceu-spool-XXXXXX", dir) >=
	    (int)sizeof(path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	if ((fd = mkostemp(path, O_CLOEXEC)) >= 0)
		unlink(path);
	return fd;
}

/* Check a block of the copy as the reader would: CEU_OK or CEU_EDATA. */
static int
spool_scan(struct spool *sp, const unsigned char *s, size_t n, char *msg)
{
	if (!sp->started && n >= 2 && ((s[0] == 0xFF && s[1] == 0xFE) ||
	    (s[0] == 0xFE && s[1] == 0xFF)))
		return ceu_msg(msg, CEU_EDATA, "line 1: UTF-16 text; save the "
		    "file as CSV UTF-8");
	sp->started = 1;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n' || s[i] == '\r') {
			if (s[i] == '\r' || !sp->after_cr)
				sp->line++;
			sp->after_cr = s[i] == '\r';
			sp->len = 0;
			continue;
		}
		sp->after_cr = 0;
		if (s[i] == '\0')
			return ceu_msg(msg, CEU_EDATA, "line %ld: NUL byte (a "
			    "binary or UTF-16 file?)", sp->line);
		if (++sp->len > CEU_CSV_ROW_MAX)
			return ceu_msg(msg, CEU_EDATA, "line %ld: row longer "
			    "than %d bytes", sp->line, CEU_CSV_ROW_MAX);
	}
	return CEU_OK;
}

int
ceu_input_copy(FILE *in, const char *name, FILE **out, char *msg)
{
	unsigned char *buf = ceu_malloc(COPY_CHUNK);
	struct spool sp = { 1, 0, 0, 0 };
	FILE *fp = NULL;
	int fd, rc = CEU_OK;
	size_t n;

	*out = NULL;
	if ((fd = temp_fd()) < 0 || (fp = fdopen(fd, "w+")) == NULL) {
		rc = ceu_msg(msg, CEU_EIO, "cannot make a temporary file: %s",
		    strerror(errno));
		if (fd >= 0)
			close(fd);
	}
	while (rc == CEU_OK && (n = fread(buf, 1, COPY_CHUNK, in)) > 0) {
		if ((rc = spool_scan(&sp, buf, n, msg)) == CEU_OK &&
		    fwrite(buf, 1, n, fp) != n)
			rc = ceu_msg(msg, CEU_EIO, "cannot write a temporary "
			    "file: %s", strerror(errno));
	}
	if (rc == CEU_OK && ferror(in))
		rc = ceu_msg(msg, CEU_EIO, "cannot read '%s': %s", name,
		    strerror(errno));
	if (rc == CEU_OK && (fflush(fp) != 0 || fseek(fp, 0, SEEK_SET) != 0))
		rc = ceu_msg(msg, CEU_EIO, "cannot write a temporary file: %s",
		    strerror(errno));
	free(buf);
	if (rc != CEU_OK) {
		if (fp != NULL)
			fclose(fp);
		return rc;
	}
	*out = fp;
	return CEU_OK;
}

/* ---- the input, hashed as it is read ---- */

static ssize_t
hashed_read(void *cookie, char *buf, size_t size)
{
	struct ceu_input *in = cookie;
	size_t n = fread(buf, 1, size, in->file);

	if (n == 0 && ferror(in->file))
		return -1;
	crypto_hash_sha256_update(&in->state, (unsigned char *)buf, n);
	/* The file is read once: the pages behind the reader are let go
	 * rather than left to push the archive's own out of the cache. */
	in->read += (long long)n;
	if (in->regular && in->read - in->dropped >= DROP_EVERY) {
		posix_fadvise(fileno(in->file), 0, in->read & ~4095LL,
		    POSIX_FADV_DONTNEED);
		in->dropped = in->read;
	}
	return (ssize_t)n;
}

int
ceu_input_open(struct ceu_input *in, const char *path, char *msg)
{
	static cookie_io_functions_t io = { .read = hashed_read };
	struct stat sb;

	memset(in, 0, sizeof(*in));
	in->file = stdin;
	if (strcmp(path, "-") != 0 && (in->file = fopen(path, "rb")) == NULL)
		return ceu_msg(msg, errno == ENOENT ? CEU_ENOINPUT : CEU_EIO,
		    "cannot open '%s': %s", path, strerror(errno));
	in->regular = fstat(fileno(in->file), &sb) == 0 &&
	    S_ISREG(sb.st_mode);
	in->size = in->regular ? (long long)sb.st_size : 0;
	if (in->regular)
		posix_fadvise(fileno(in->file), 0, 0, POSIX_FADV_SEQUENTIAL);
	if (sodium_init() < 0)
		return ceu_msg(msg, CEU_EIO, "libsodium failed to start");
	crypto_hash_sha256_init(&in->state);
	if ((in->fp = fopencookie(in, "r", io)) == NULL)
		return ceu_msg(msg, CEU_EIO, "cannot read '%s': %s", path,
		    strerror(errno));
	return CEU_OK;
}

int
ceu_input_spool(struct ceu_input *in, const char *name, char *msg)
{
	FILE *copy;
	int rc;

	if (in->regular)
		return CEU_OK;
	if ((rc = ceu_input_copy(in->fp, name, &copy, msg)) != CEU_OK)
		return rc;
	fclose(in->fp);
	in->fp = copy;
	in->size = in->read;
	return CEU_OK;
}

void
ceu_input_sha256(struct ceu_input *in, char hex[CEU_INPUT_SHA256_HEX])
{
	unsigned char sum[crypto_hash_sha256_BYTES];

	crypto_hash_sha256_final(&in->state, sum);
	sodium_bin2hex(hex, CEU_INPUT_SHA256_HEX, sum, sizeof(sum));
}

void
ceu_input_close(struct ceu_input *in)
{
	if (in->fp != NULL)
		fclose(in->fp);
	if (in->file != NULL && in->file != stdin)
		fclose(in->file);
	in->fp = in->file = NULL;
}
