/*
 * input.h - the file an import reads: opened once ("-": standard input),
 * hashed (sha256, for the batch row) as the reader takes its bytes, the
 * pages behind the reader let go; input that is no file (a pipe) copied
 * aside first, so that a slow producer never holds the write lock while
 * it makes its rows.
 *
 *	struct ceu_input in;
 *	char hex[CEU_INPUT_SHA256_HEX];
 *
 *	if ((rc = ceu_input_open(&in, path, msg)) != CEU_OK) ...
 *	... the database opened ...
 *	if ((rc = ceu_input_spool(&in, name, msg)) != CEU_OK) ...
 *	r = ceu_csv_open(in.fp, name, encoding, delimiter);
 *	... every row read ...
 *	ceu_csv_close(r);
 *	ceu_input_sha256(&in, hex);
 *	ceu_input_close(&in);
 */
#ifndef CEU_INPUT_H
#define CEU_INPUT_H

#include <stdio.h>

#include <sodium.h>

/* 64 hex digits and the NUL. */
#define CEU_INPUT_SHA256_HEX (2 * crypto_hash_sha256_BYTES + 1)

struct ceu_input {
	FILE *fp;		/* what to read: the file through the hash,
				   or its copy */
	long long size;		/* the file's bytes (0 for a pipe until it
				   is copied), for a progress bar */
	FILE *file;		/* the file opened, or stdin */
	crypto_hash_sha256_state state;
	int regular;		/* a file, not a pipe */
	long long read, dropped; /* bytes read, bytes let go */
};

/* Open path ("-": stdin) into in.  CEU_OK; CEU_ENOINPUT when there is no
 * such file, CEU_EIO when it cannot be read, the message in msg
 * (CEU_MSG_SIZE bytes).  ceu_input_close in either case. */
int ceu_input_open(struct ceu_input *in, const char *path, char *msg);

/* When in is no file: copy it aside (ceu_input_copy; name for messages)
 * and read the copy from now on; its bytes are hashed on the way.
 * Nothing for a file.  CEU_OK, or ceu_input_copy's error. */
int ceu_input_spool(struct ceu_input *in, const char *name, char *msg);

/* The sha256 of every byte read so far, in hex, into hex; once, after the
 * last read. */
void ceu_input_sha256(struct ceu_input *in, char hex[CEU_INPUT_SHA256_HEX]);

/* Close what ceu_input_open opened (stdin stays open). */
void ceu_input_close(struct ceu_input *in);

/*
 * Copy in (a pipe) to a private temporary file (0600, unlinked, in
 * $TMPDIR or /tmp) and return it at its start in *out, so that it can be
 * read again at the speed of a file.  The copy stops at what the CSV
 * reader would refuse anyway: a NUL byte, UTF-16 text, a line longer
 * than CEU_CSV_ROW_MAX; then, or on a read or write error, CEU_EDATA or
 * CEU_EIO with the message in msg (CEU_MSG_SIZE bytes, "line 3: NUL
 * byte ..."), *out NULL.  name is used in messages.
 */
int ceu_input_copy(FILE *in, const char *name, FILE **out, char *msg);

#endif
