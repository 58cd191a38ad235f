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
#include "ident.h"
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
	char id_no[CEU_ID_LEN + 1];
	int person;			/* its ID number's place in the
					   chunk's list */
	int year, date, score;
};

struct imp_exams {
	struct exam_row row[EXAM_ROWS];
	size_t n;
	char *text;
	size_t len, cap;
	char **field;			/* a reported row's fields */
	size_t field_cap;
	/* The chunk's ID numbers, each once, in order (the index is read
	 * in its own order), as a JSON array, and the person each is (0:
	 * none). */
	struct exam_row *sorted[EXAM_ROWS];
	char ids[EXAM_ROWS * (CEU_ID_LEN + 3) + 3];
	size_t ids_len;
	int nids;
	long long person_id[EXAM_ROWS];
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
imp_exam_put(struct ceu_import *im, const char *id_no, int year, int date,
    int score)
{
	struct imp_exams *x = im->exams;
	struct exam_row *e = &x->row[x->n];

	memcpy(e->id_no, id_no, CEU_ID_LEN + 1);
	e->year = year;
	e->date = date;
	e->score = score;
}

static int
by_id_no(const void *a, const void *b)
{
	return strcmp((*(struct exam_row *const *)a)->id_no,
	    (*(struct exam_row *const *)b)->id_no);
}

/* The chunk's ID numbers, each once, in order, into x->ids; each row's
 * place among them. */
static void
list_ids(struct imp_exams *x)
{
	size_t n = 0;

	for (size_t i = 0; i < x->n; i++)
		if (x->row[i].msg == NOWHERE)
			x->sorted[n++] = &x->row[i];
	qsort(x->sorted, n, sizeof(x->sorted[0]), by_id_no);
	x->nids = 0;
	x->ids_len = 0;
	for (size_t i = 0; i < n; i++) {
		if (i == 0 || strcmp(x->sorted[i - 1]->id_no,
		    x->sorted[i]->id_no) != 0) {
			x->ids_len += (size_t)snprintf(x->ids + x->ids_len,
			    sizeof(x->ids) - x->ids_len, "%c\"%s\"",
			    x->nids == 0 ? '[' : ',', x->sorted[i]->id_no);
			x->nids++;
		}
		x->sorted[i]->person = x->nids - 1;
	}
}

/* The person of each ID number of the chunk, by one query. */
static int
find_persons(struct ceu_import *im)
{
	/* The unique index on id_no holds the rowid: no table page read. */
	static const char sql[] = "SELECT j.key, p.id FROM json_each(?1) j "
	    "JOIN person p ON p.id_no = j.value";
	struct imp_exams *x = im->exams;
	struct ceu_db *db = im->db;
	sqlite3_stmt *st;
	long long k;
	int rc;

	list_ids(x);
	memset(x->person_id, 0, (size_t)x->nids * sizeof(x->person_id[0]));
	if (x->nids == 0)
		return CEU_OK;
	x->ids[x->ids_len++] = ']';
	if ((st = ceu_db_stmt(db, sql)) == NULL)
		return db->code;
	sqlite3_bind_text(st, 1, x->ids, (int)x->ids_len, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if ((k = sqlite3_column_int64(st, 0)) >= 0 && k < x->nids)
			x->person_id[k] = sqlite3_column_int64(st, 1);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return ceu_db_sqlfail(db, "person");
	for (size_t i = 0; i < x->n; i++)
		if (x->row[i].msg == NOWHERE &&
		    x->person_id[x->row[i].person] != 0)
			ceu_exam_bulk_want(x->bulk,
			    x->person_id[x->row[i].person], x->row[i].year);
	return CEU_OK;
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
	struct imp_exams *x = im->exams;
	char shown[CEU_ID_LEN + 1];
	long long person_id;
	int rc, added, late;

	if (e->msg != NOWHERE) {	/* left in db->msg too */
		snprintf(db->msg, sizeof(db->msg), "%s", x->text + e->msg);
		db->code = CEU_EDATA;
		report(im, e, CEU_IMPORT_REJECTED, db->msg);
		return CEU_OK;
	}
	if ((person_id = x->person_id[e->person]) == 0)
		rc = ceu_db_fail(db, CEU_EDATA, "unknown person %s (not on "
		    "the register; import persons first)",
		    ceu_ident_shown(e->id_no, db->show_id, shown));
	else
		rc = ceu_exam_bulk_attempt(db, x->bulk, person_id, e->year,
		    e->score, e->date, &added, &late);
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
	if ((rc = find_persons(im)) != CEU_OK ||
	    (rc = ceu_exam_bulk_load(im->db, x->bulk)) != CEU_OK)
		return rc;
	for (size_t i = 0; i < x->n; i++)
		if ((rc = judge(im, &x->row[i])) != CEU_OK)
			return rc;
	x->n = 0;
	x->len = 0;
	return ceu_exam_bulk_write(im->db, x->bulk);
}
