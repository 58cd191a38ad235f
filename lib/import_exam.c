/*
 * import_exam.c - ceu-import exams by chunks (import_exam.h).
 *
 * A row is checked as it is read (its fields, its person: import.c's
 * load_exam) and kept, with a copy of its fields for the report, in a
 * chunk of EXAM_ROWS.  A full chunk (or the end of the file) is judged
 * at once: the state of its people's years is read by one query, each
 * attempt is judged by exam.c in file order, as the per-attempt path
 * would judge it (R3, R5, R6, R7), the rounds and attempts it adds are
 * written by multi-row statements, and every row is reported, in file
 * order.  The chunk is allocated once and reused: memory stays flat
 * whatever the file size.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "exam.h"
#include "import_exam.h"
#include "import_queue.h"

#define EXAM_ROWS 4096			/* rows judged together */
#define EXAM_TEXT (1 << 20)		/* or fewer when their rows are long */
#define NOWHERE ((size_t)-1)

/* One row of the chunk: its line and fields as read (nfield strings, one
 * after another, from offset fields of the chunk's text), and either why
 * it was rejected when read or the attempt it brings. */
struct exam_row {
	long line;
	size_t nfield, fields;
	size_t msg;			/* rejected: why; else NOWHERE */
	long long person_id;
	int year, date, score;
};

struct imp_exams {
	struct exam_row row[EXAM_ROWS];
	size_t n;
	char *text;
	size_t len, cap;
	char **field;			/* a reported row's fields */
	size_t field_cap;
	struct ceu_exam_bulk *bulk;
};

void
imp_exam_free(struct imp_exams *x)
{
	if (x == NULL)
		return;
	ceu_exam_bulk_free(x->bulk);
	free(x->text);
	free(x->field);
	free(x);
}

/* Copy s into the chunk's text: its offset. */
static size_t
keep_text(struct imp_exams *x, const char *s)
{
	size_t len = strlen(s) + 1, at = x->len;

	if (x->len + len > x->cap) {
		x->cap = 2 * (x->len + len);
		x->text = ceu_reallocarray(x->text, x->cap, 1);
	}
	memcpy(x->text + at, s, len);
	x->len += len;
	return at;
}

void
imp_exam_put(struct ceu_import *im, long long person_id, int year, int date,
    int score)
{
	struct imp_exams *x = im->exams;
	struct exam_row *e = &x->row[x->n];

	e->person_id = person_id;
	e->year = year;
	e->date = date;
	e->score = score;
	ceu_exam_bulk_want(x->bulk, person_id, year);
}

int
imp_exam_queue(struct ceu_import *im, const struct ceu_csv_row *row)
{
	struct ceu_db *db = im->db;
	struct imp_exams *x;
	struct exam_row *e;
	int rc;

	if (im->exams == NULL) {
		im->exams = ceu_calloc(1, sizeof(*im->exams));
		im->exams->bulk = ceu_exam_bulk_new(im->batch,
		    im->late_reason);
	}
	x = im->exams;
	e = &x->row[x->n];
	e->line = row->line;
	e->nfield = row->nfield;
	e->fields = x->len;
	e->msg = NOWHERE;
	for (size_t i = 0; i < row->nfield; i++)
		keep_text(x, row->field[i]);
	if ((rc = ceu_import_load_row(im, row)) == CEU_EDATA)
		e->msg = keep_text(x, db->msg);
	else if (rc != CEU_OK)
		return rc;
	x->n++;
	if (x->n == EXAM_ROWS || x->len > EXAM_TEXT)
		return imp_exam_flush(im);
	return CEU_OK;
}

/* Count row e and tell im->report what became of it; msg is why, or
 * NULL. */
static void
report(struct ceu_import *im, const struct exam_row *e, int outcome,
    const char *msg)
{
	struct imp_exams *x = im->exams;
	struct ceu_csv_row row = { e->nfield, NULL, e->line, NULL };
	struct ceu_import_report rep = { &row, outcome, msg };
	const char *s = x->text + e->fields;

	ceu_import_count(im, outcome);
	if (im->report == NULL)
		return;
	if (e->nfield > x->field_cap) {
		x->field = ceu_reallocarray(x->field, e->nfield,
		    sizeof(*x->field));
		x->field_cap = e->nfield;
	}
	for (size_t i = 0; i < e->nfield; i++, s += strlen(s) + 1)
		x->field[i] = (char *)s;
	row.field = x->field;
	im->report(im->report_ctx, &rep);
}

/* Judge the attempt of row e (R3, R5, R6, R7: exam.c) and report it. */
static int
judge(struct ceu_import *im, const struct exam_row *e)
{
	struct ceu_db *db = im->db;
	int rc, added, late;

	if (e->msg != NOWHERE) {	/* left in db->msg too */
		snprintf(db->msg, sizeof(db->msg), "%s",
		    im->exams->text + e->msg);
		db->code = CEU_EDATA;
		report(im, e, CEU_IMPORT_REJECTED, db->msg);
		return CEU_OK;
	}
	rc = ceu_exam_bulk_attempt(db, im->exams->bulk, e->person_id,
	    e->year, e->score, e->date, &added, &late);
	/* A refusal by a rule is the row's fault. */
	if (rc == CEU_EREFUSED || rc == CEU_EDATA) {
		db->code = CEU_EDATA;
		report(im, e, CEU_IMPORT_REJECTED, db->msg);
		return CEU_OK;
	}
	if (rc != CEU_OK)
		return rc;
	/* R6: in time until the audit deadline, then late (counted). */
	im->late += late;
	report(im, e, added ? CEU_IMPORT_ADDED : CEU_IMPORT_UNCHANGED, NULL);
	return CEU_OK;
}

int
imp_exam_flush(struct ceu_import *im)
{
	struct imp_exams *x = im->exams;
	int rc;

	if (x == NULL || x->n == 0)
		return CEU_OK;
	if ((rc = ceu_exam_bulk_load(im->db, x->bulk)) != CEU_OK)
		return rc;
	for (size_t i = 0; i < x->n; i++)
		if ((rc = judge(im, &x->row[i])) != CEU_OK)
			return rc;
	x->n = 0;
	x->len = 0;
	return ceu_exam_bulk_write(im->db, x->bulk);
}
