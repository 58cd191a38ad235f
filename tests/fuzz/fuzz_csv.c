/*
 * fuzz_csv.c - libFuzzer target: the CSV reader with its encoding
 * detection (csvio.h), and the copy of a pipe (input.h).
 *
 * The first byte chooses how to read (encoding, delimiter, bad lines
 * kept or not); the rest is the file.  Besides what the sanitizers
 * catch, the reader's promises are checked: every field is valid UTF-8
 * within its bounds, lines never go back, a bad line is a row's error
 * only when asked for, valid UTF-8 is never read as anything else, and
 * the spool copies exactly what it accepts.  The fuzzing build reads in
 * chunks of a few bytes (CEU_CSV_CHUNK), so that chunk ends fall
 * everywhere.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvio.h"
#include "input.h"
#include "text.h"

#define CHECK(c) do { if (!(c)) { fprintf(stderr, "fuzz_csv: %s\n", #c); \
	abort(); } } while (0)

static void
check_rows(const unsigned char *data, size_t size, int encoding, char delim,
    int keep_bad)
{
	FILE *fp = fmemopen((void *)data, size, "r");
	const struct ceu_csv_row *row;
	struct ceu_csv *r;
	size_t i, tail, len;
	long line = 1;
	int rc, utf8 = ceu_utf8_scan(data, size, &tail) == size && tail == 0;

	CHECK(fp != NULL);
	r = ceu_csv_open(fp, "fuzz.csv", encoding, delim);
	if (keep_bad)
		ceu_csv_keep_bad_lines(r);
	while ((rc = ceu_csv_next(r, &row)) == 1) {
		CHECK(row->line >= line);
		line = row->line;
		CHECK(row->nfield <= CEU_CSV_FIELDS_MAX);
		CHECK(keep_bad || row->error == NULL);
		/* Valid UTF-8 in "auto" is never a bad line. */
		CHECK(!(utf8 && encoding == CEU_ENC_AUTO && row->error));
		for (i = 0; i < row->nfield; i++) {
			len = strlen(row->field[i]);
			CHECK(len <= CEU_CSV_FIELD_MAX);
			CHECK(ceu_utf8_scan((const unsigned char *)
			    row->field[i], len, &tail) == len && tail == 0);
		}
	}
	CHECK(rc == 0 || *ceu_csv_error(r) != '\0');
	if (utf8 && encoding == CEU_ENC_AUTO && rc == 0)
		CHECK(ceu_csv_encoding(r) == CEU_ENC_UTF8);
	ceu_csv_close(r);
	fclose(fp);
}

static void
check_spool(const unsigned char *data, size_t size)
{
	FILE *in = fmemopen((void *)data, size, "r"), *out;
	char msg[CEU_MSG_SIZE];
	unsigned char *back = malloc(size + 1);
	size_t n;

	CHECK(in != NULL && back != NULL);
	if (ceu_input_copy(in, "stdin", &out, msg) == CEU_OK) {
		n = fread(back, 1, size + 1, out);
		CHECK(n == size && memcmp(back, data, size) == 0);
		CHECK(memchr(data, '\0', size) == NULL);
		fclose(out);
	} else
		CHECK(out == NULL && *msg != '\0');
	fclose(in);
	free(back);
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	static const int enc[4] = { CEU_ENC_AUTO, CEU_ENC_UTF8,
	    CEU_ENC_GB18030, CEU_ENC_AUTO };

	if (size < 2)		/* fmemopen wants a byte */
		return 0;
	check_rows(data + 1, size - 1, enc[data[0] & 3],
	    data[0] & 8 ? '\t' : ',', data[0] & 4);
	if (data[0] & 16)
		check_spool(data + 1, size - 1);
	return 0;
}
