/*
 * import_queue.c - the importer's chunk queue and its reading thread
 * (import.h, import_queue.h).
 *
 * Records (roster, hours) are the bulk of every import, and SQLite spends
 * more on starting a statement than on inserting a row; so a validated
 * record is not written at once but queued with a copy of its row, and
 * each chunk of QUEUE_ROWS is written by one ceu_record_add_many, after
 * which its rows are reported in file order.  Persons are queued the same
 * way, so that a thread of its own reads, checks and seals them (the
 * digest, R16) while the caller's writes them, a row a statement: a
 * chunk's new persons in the order of their ID numbers, which keeps the
 * unique index's writes together (ceu_person_load_chunk), the others in
 * file order (ceu_person_load_row).  Chunks are allocated once and
 * reused: memory stays flat whatever the file size.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "import.h"
#include "import_exam.h"
#include "import_queue.h"
#include "person.h"
#include "record.h"

#define QUEUE_ROWS 4096			/* records written by one statement */
#define QUEUE_TEXT (4 << 20)		/* or fewer when their rows are long */
#define NOWHERE ((size_t)-1)

/* A queued person: its strings as offsets into the queue's text. */
struct queued_person {
	size_t id_no, name, unit_code, specialty, title;
	unsigned long long digest;	/* of its seal, made by the reader */
	int has_digest;
};

/* One queued row: its fields as read and either why it was rejected or
 * the record or person it makes, whose strings are offsets into the
 * queue's text until the chunk is written. */
struct queued {
	long line;
	size_t nfield;
	size_t fields;			/* nfield strings, one after another */
	size_t msg;			/* rejected: why; else NOWHERE */
	size_t title, filing_no, ref;	/* or NOWHERE for NULL */
	size_t key;			/* its activity key (R10) */
	size_t title_key;		/* its title and date (R10) */
	struct ceu_record rec;
	struct queued_person per;
};

struct ceu_import_queue {
	struct queued row[QUEUE_ROWS];
	size_t n;
	long long offset;		/* of the file, after the last row */
	char *text;
	size_t len, cap;
	/* Built when the chunk is written: */
	struct ceu_record rec[QUEUE_ROWS];	/* the accepted rows' records */
	struct ceu_record_result res[QUEUE_ROWS];
	/* persons: the accepted rows, the digests of their seals, what
	 * became of each (enum ceu_import_outcome) and what to say of it (an
	 * offset into notes, or NOWHERE) */
	struct ceu_person per[QUEUE_ROWS];
	unsigned long long digest[QUEUE_ROWS];
	int outcome[QUEUE_ROWS];
	size_t note[QUEUE_ROWS];
	unsigned char has_digest[QUEUE_ROWS];
	unsigned char added[QUEUE_ROWS];	/* added with the chunk */
	char *notes;
	size_t notes_len, notes_cap;
	char **field;			/* a reported row's fields */
	size_t field_cap;
};

void
ceu_import_queue_free(struct ceu_import_queue *q)
{
	if (q == NULL)
		return;
	free(q->text);
	free(q->notes);
	free(q->field);
	free(q);
}

/* Copy s (NULL: none) into the text of chunk q; its offset, or
 * NOWHERE. */
static size_t
queue_text(struct ceu_import_queue *q, const char *s)
{
	size_t len, at;

	if (s == NULL)
		return NOWHERE;
	len = strlen(s) + 1;
	if (q->len + len > q->cap) {
		q->cap = 2 * (q->len + len);
		q->text = ceu_reallocarray(q->text, q->cap, 1);
	}
	memcpy(q->text + q->len, s, len);
	at = q->len;
	q->len += len;
	return at;
}

/* Start queueing row into the chunk being filled: a copy of its fields
 * and line, for the report. */
static void
queue_row(struct ceu_import_reader *rd, const struct ceu_csv_row *row)
{
	struct ceu_import_queue *q;
	struct queued *e;

	if (rd->queue == NULL)
		rd->queue = ceu_calloc(1, sizeof(*rd->queue));
	q = rd->queue;
	e = &q->row[q->n];
	e->line = row->line;
	e->nfield = row->nfield;
	e->fields = q->len;
	e->msg = NOWHERE;
	for (size_t i = 0; i < row->nfield; i++)
		queue_text(q, row->field[i]);
}

void
ceu_import_queue_record(struct ceu_import *im, const struct ceu_record *r)
{
	struct ceu_import_queue *q = im->rd->queue;
	struct queued *e = &q->row[q->n];
	char key[CEU_RECORD_KEY_SIZE];

	e->rec = *r;
	/* Made here, by the thread that reads, not the one that writes:
	 * the key (R10), and the digest of the record's seal (R16). */
	ceu_record_key(r, key, sizeof(key));
	e->rec.has_digest = ceu_record_digest(im->db, r, key,
	    &e->rec.digest) == 0;
	e->title = queue_text(q, r->title);
	e->filing_no = queue_text(q, r->filing_no);
	e->ref = queue_text(q, r->ref);
	e->key = queue_text(q, key);
	ceu_record_title_key(r, key, sizeof(key));
	e->title_key = queue_text(q, key);
}

void
ceu_import_queue_person(struct ceu_import *im, const struct ceu_person *p)
{
	struct ceu_import_queue *q = im->rd->queue;
	struct queued_person *e = &q->row[q->n].per;

	/* R16: the digest of its seal, made by the thread that reads. */
	e->has_digest = ceu_person_digest(im->db, p, im->batch,
	    &e->digest) == 0;
	e->id_no = queue_text(q, p->id_no);
	e->name = queue_text(q, p->name);
	e->unit_code = queue_text(q, p->unit_code);
	e->specialty = queue_text(q, p->specialty);
	e->title = queue_text(q, p->title);
}

static const char *
queue_string(const struct ceu_import_queue *q, size_t at)
{
	return at == NOWHERE ? NULL : q->text + at;
}

/* Tell im->report what became of queued row e; msg is why, or NULL. */
static int
report_row(struct ceu_import *im, struct ceu_import_queue *q,
    const struct queued *e, int outcome, const char *msg)
{
	struct ceu_csv_row row = { e->nfield, NULL, e->line, NULL };
	struct ceu_import_report rep = { &row, outcome, msg };
	const char *s = q->text + e->fields;

	ceu_import_count(im, outcome);
	if (im->report == NULL)
		return CEU_OK;
	if (e->nfield > q->field_cap) {
		q->field = ceu_reallocarray(q->field, e->nfield,
		    sizeof(*q->field));
		q->field_cap = e->nfield;
	}
	for (size_t i = 0; i < e->nfield; i++, s += strlen(s) + 1)
		q->field[i] = (char *)s;
	row.field = q->field;
	im->report(im->report_ctx, &rep);
	return CEU_OK;
}

static int report_rejected(struct ceu_import *im, struct ceu_import_queue *q,
    const struct queued *e, const char *msg);

/* Report an accepted row by what ceu_record_add_many did with r (R10:
 * held by the same route with the same values is this row loaded again,
 * unchanged; by the same route with other values a conflict, rejected;
 * held by another a duplicate, said where). */
static int
report_record(struct ceu_import *im, struct ceu_import_queue *q,
    const struct queued *e, const struct ceu_record *r,
    const struct ceu_record_result *res)
{
	long long holder = res->holder;
	int rc;

	if (res->added) {
		im->late += r->late != 0;
		im->replaced += res->replaced != 0;
		return report_row(im, q, e, CEU_IMPORT_ADDED, NULL);
	}
	if (res->same)
		return report_row(im, q, e, CEU_IMPORT_UNCHANGED, NULL);
	if (holder == 0 && (rc = ceu_record_holder(im->db, r, &holder)))
		return rc;
	if (res->conflict) {
		ceu_record_conflict(im->db, r, holder);
		return report_rejected(im, q, e, im->db->msg);
	}
	ceu_record_refuse(im->db, holder);
	return report_row(im, q, e, CEU_IMPORT_DUPLICATE, im->db->msg);
}

/* Report a rejected row, leaving its reason in db->msg as well. */
static int
report_rejected(struct ceu_import *im, struct ceu_import_queue *q,
    const struct queued *e, const char *msg)
{
	if (msg != im->db->msg)
		snprintf(im->db->msg, sizeof(im->db->msg), "%s", msg);
	im->db->code = CEU_EDATA;
	return report_row(im, q, e, CEU_IMPORT_REJECTED, im->db->msg);
}

/* The database refused the chunk (a CHECK or foreign key the rules let
 * through): write it a record at a time, so that only the rows it
 * refuses are rejected. */
static int
flush_one_by_one(struct ceu_import *im, struct ceu_import_queue *q)
{
	struct ceu_record_result res;
	size_t k = 0;
	int rc;

	for (size_t i = 0; i < q->n; i++) {
		const struct queued *e = &q->row[i];

		if (e->msg != NOWHERE)
			rc = report_rejected(im, q, e, q->text + e->msg);
		else if ((rc = ceu_record_add_many(im->db, &q->rec[k], 1,
		    &res)) == CEU_EDATA)
			rc = report_rejected(im, q, e, im->db->msg);
		else if (rc == CEU_OK)
			rc = report_record(im, q, e, &q->rec[k], &res);
		k += e->msg == NOWHERE;
		if (rc != CEU_OK)
			return rc;
	}
	return CEU_OK;
}

/* ---- persons ---- */

/* Keep s, what to say of a row of chunk q, apart from q->text (where the
 * persons' strings are); its offset in q->notes. */
static size_t
person_note(struct ceu_import_queue *q, const char *s)
{
	size_t len = strlen(s) + 1, at;

	if (q->notes_len + len > q->notes_cap) {
		q->notes_cap = 2 * (q->notes_len + len);
		q->notes = ceu_reallocarray(q->notes, q->notes_cap, 1);
	}
	memcpy(q->notes + q->notes_len, s, len);
	at = q->notes_len;
	q->notes_len += len;
	return at;
}

/* Load accepted person k of chunk q by itself (ceu_person_load_row: R1,
 * R16): its outcome, and a change of name to say. */
static int
person_one(struct ceu_import *im, struct ceu_import_queue *q, size_t k)
{
	struct ceu_db *db = im->db;
	struct ceu_person *p = &q->per[k];
	char before[CEU_TEXT_NAME_MAX + 1], shown[CEU_ID_LEN + 1];
	char msg[CEU_MSG_SIZE];
	int what, rc;

	q->note[k] = NOWHERE;
	rc = ceu_person_load_row(db, im->persons, p, q->has_digest[k] ?
	    &q->digest[k] : NULL, im->batch, &what, before, sizeof(before));
	if (rc == CEU_EDATA) {
		q->outcome[k] = CEU_IMPORT_REJECTED;
		q->note[k] = person_note(q, db->msg);
		return CEU_OK;
	}
	if (rc != CEU_OK)
		return rc;
	q->outcome[k] = what == CEU_ADDED ? CEU_IMPORT_ADDED :
	    what == CEU_UPDATED ? CEU_IMPORT_UPDATED : CEU_IMPORT_UNCHANGED;
	/* A name that changes is said (a file in another encoding, a column
	 * shifted), not only journaled. */
	if (what != CEU_UNCHANGED && *before != '\0' &&
	    strcmp(before, p->name) != 0) {
		im->renamed++;
		ceu_msg(msg, CEU_OK, "name of %s changed: %s → %s",
		    ceu_ident_shown(p->id_no, db->show_id, shown), before,
		    p->name);
		q->note[k] = person_note(q, msg);
	}
	return CEU_OK;
}

/* Write the persons of chunk q and report its rows, in file order. */
static int
flush_persons(struct ceu_import *im, struct ceu_import_queue *q)
{
	size_t i, k = 0, n;
	int rc = CEU_OK;

	q->notes_len = 0;
	for (i = 0; i < q->n; i++) {
		const struct queued_person *e = &q->row[i].per;

		if (q->row[i].msg != NOWHERE)
			continue;
		q->per[k] = (struct ceu_person){ 0, queue_string(q, e->id_no),
		    queue_string(q, e->name), queue_string(q, e->unit_code),
		    queue_string(q, e->specialty), queue_string(q, e->title) };
		q->digest[k] = e->digest;
		q->has_digest[k] = e->has_digest;
		k++;
	}
	/* The chunk's new persons at once, then the others row by row. */
	rc = ceu_person_load_chunk(im->db, im->persons, q->per, q->digest,
	    q->has_digest, k, im->batch, q->added);
	for (n = k, k = 0; rc == CEU_OK && k < n; k++) {
		if (q->added[k]) {
			q->outcome[k] = CEU_IMPORT_ADDED;
			q->note[k] = NOWHERE;
		} else
			rc = person_one(im, q, k);
	}
	for (i = 0, k = 0; rc == CEU_OK && i < q->n; i++) {
		const struct queued *e = &q->row[i];

		if (e->msg != NOWHERE)
			rc = report_rejected(im, q, e, q->text + e->msg);
		else if (q->outcome[k] == CEU_IMPORT_REJECTED)
			rc = report_rejected(im, q, e, q->notes + q->note[k++]);
		else {
			rc = report_row(im, q, e, q->outcome[k], q->note[k] ==
			    NOWHERE ? NULL : q->notes + q->note[k]);
			k++;
		}
	}
	return rc;
}

/* ---- records ---- */

/* Write the records of chunk q and report its rows, in file order. */
static int
flush_records(struct ceu_import *im, struct ceu_import_queue *q)
{
	size_t i, k = 0;
	int rc;

	for (i = 0; i < q->n; i++) {
		const struct queued *e = &q->row[i];
		struct ceu_record *r = &q->rec[k];

		if (e->msg != NOWHERE)
			continue;
		*r = e->rec;
		r->title = queue_string(q, e->title);
		r->filing_no = queue_string(q, e->filing_no);
		r->ref = queue_string(q, e->ref);
		r->key = queue_string(q, e->key);
		r->title_key = queue_string(q, e->title_key);
		k++;
	}
	rc = ceu_record_add_many(im->db, q->rec, k, q->res);
	if (rc == CEU_EDATA)
		rc = flush_one_by_one(im, q);
	else if (rc == CEU_OK) {
		for (i = 0, k = 0; rc == CEU_OK && i < q->n; i++) {
			const struct queued *e = &q->row[i];

			if (e->msg != NOWHERE)
				rc = report_rejected(im, q, e,
				    q->text + e->msg);
			else {
				rc = report_record(im, q, e, &q->rec[k],
				    &q->res[k]);
				k++;
			}
		}
	}
	return rc;
}

/* Write the rows of chunk q and report them, in file order. */
static int
flush_queue(struct ceu_import *im, struct ceu_import_queue *q)
{
	int rc, flushed;

	if (q == NULL || q->n == 0)
		return CEU_OK;
	rc = im->kind == CEU_IMPORT_PERSONS ? flush_persons(im, q) :
	    flush_records(im, q);
	q->n = 0;
	q->len = 0;
	/* Leave no dirty page in the cache: the next chunk's statement then
	 * never spills one, which would copy it to the statement journal
	 * first (twice the writes).  Persons are written a row a statement,
	 * which needs no statement journal. */
	if (rc == CEU_OK && im->kind != CEU_IMPORT_PERSONS &&
	    (flushed = sqlite3_db_cacheflush(im->db->sql)) != SQLITE_OK)
		rc = ceu_db_rcfail(im->db, flushed, "cannot write records");
	return rc;
}

int
ceu_import_flush(struct ceu_import *im)
{
	int rc;

	if ((rc = imp_exam_flush(im)) != CEU_OK)
		return rc;
	return flush_queue(im, im->rd->queue);
}

/* ---- taking rows ---- */

/* Validate row into the chunk being filled, with why it is rejected. */
static int
queue_take(struct ceu_import *im, const struct ceu_csv_row *row)
{
	struct ceu_import_reader *rd = im->rd;
	struct queued *e;
	int rc;

	queue_row(rd, row);
	e = &rd->queue->row[rd->queue->n];
	if ((rc = ceu_import_load_row(im, row)) == CEU_EDATA) {
		e->msg = queue_text(rd->queue, rd->db->msg);
		rc = CEU_OK;
	}
	if (rc != CEU_OK)
		return rc;
	rd->queue->n++;
	return CEU_OK;
}

static int
queue_full(const struct ceu_import_queue *q)
{
	return q->n == QUEUE_ROWS || q->len > QUEUE_TEXT;
}

int
ceu_import_queue(struct ceu_import *im, const struct ceu_csv_row *row)
{
	struct ceu_import_report rep = { row, 0, NULL };
	int rc;

	if (ceu_import_blank_row(row))
		return CEU_OK;
	if (im->kind == CEU_IMPORT_EXAMS)	/* by chunks of their own */
		return imp_exam_queue(im, row);
	if (!ceu_import_queued_kind(im->kind)) {
		if ((rc = ceu_import_load_row(im, row)) == CEU_EDATA) {
			ceu_import_count(im, CEU_IMPORT_REJECTED);
			rep.msg = im->db->msg;
		} else if (rc != CEU_OK)
			return rc;
		else if (im->change[0] != '\0')
			rep.msg = im->change;
		rep.outcome = im->outcome;
		if (im->report != NULL)
			im->report(im->report_ctx, &rep);
		return CEU_OK;
	}
	if ((rc = queue_take(im, row)) != CEU_OK)
		return rc;
	return queue_full(im->rd->queue) ? ceu_import_flush(im) : CEU_OK;
}

int
ceu_import_row(struct ceu_import *im, const struct ceu_csv_row *row)
{
	int rc;

	if (ceu_import_blank_row(row))
		return CEU_OK;
	if (!ceu_import_queued_kind(im->kind) &&
	    im->kind != CEU_IMPORT_EXAMS) {
		if ((rc = ceu_import_load_row(im, row)) == CEU_EDATA)
			ceu_import_count(im, CEU_IMPORT_REJECTED);
		return rc;
	}
	if ((rc = ceu_import_queue(im, row)) != CEU_OK ||
	    (rc = ceu_import_flush(im)) != CEU_OK)
		return rc;
	return im->outcome == CEU_IMPORT_REJECTED ? CEU_EDATA : CEU_OK;
}

/* ---- reading while writing ---- */

/*
 * Reading, parsing and checking a row costs about half what writing it
 * does, and the two need not wait for each other: a thread of its own
 * reads the file and fills chunks, checking rows against a read-only
 * connection of its own (which sees what was committed before this
 * import began: the persons and filings it checks against are not
 * changed by a roster or hours import, nor the units by a persons
 * import), while the caller's thread writes
 * the chunks already filled, in file order, and reports their rows.
 * Chunks go round between the two; each is touched by one thread at a
 * time, handed over under the mutex.
 */
#define NCHUNKS 3

struct pipeline {
	struct ceu_import *im;
	struct ceu_csv *csv;
	struct ceu_import_reader rd;	/* the reading thread's own */
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct ceu_import_queue *chunk[NCHUNKS];
	struct ceu_import_queue *full[NCHUNKS];	/* to write, oldest first */
	size_t head, nfull;
	struct ceu_import_queue *spare[NCHUNKS];	/* to fill */
	size_t nspare;
	int done;			/* the reader has handed over all */
	int stop;			/* the writer failed: read no further */
	int rc;				/* the reader's: CEU_OK or a failure */
	int fault;			/* the CSV reader failed */
};

/* The reader: hand the chunk it filled to the writer and take a spare
 * one.  Nonzero when the writer has stopped. */
static int
hand_over(struct pipeline *p, int last)
{
	struct ceu_import_queue *q = p->rd.queue;
	int stopped;

	pthread_mutex_lock(&p->mu);
	if (q->n > 0) {
		q->offset = ceu_csv_offset(p->csv);
		p->full[(p->head + p->nfull) % NCHUNKS] = q;
		p->nfull++;
		pthread_cond_broadcast(&p->cv);
	}
	if (!last) {
		/* Only ever called with a full chunk, now handed over. */
		while (p->nspare == 0 && !p->stop)
			pthread_cond_wait(&p->cv, &p->mu);
		p->rd.queue = p->stop ? NULL : p->spare[--p->nspare];
	}
	stopped = p->stop;
	pthread_mutex_unlock(&p->mu);
	return stopped;
}

static void *
reader_main(void *arg)
{
	struct pipeline *p = arg;
	const struct ceu_csv_row *row;
	int got = 0, rc = CEU_OK, stopped = 0;

	while (!stopped && (got = ceu_csv_next(p->csv, &row)) == 1) {
		if (ceu_import_blank_row(row))
			continue;
		if ((rc = queue_take(p->im, row)) != CEU_OK)
			break;
		if (queue_full(p->rd.queue))
			stopped = hand_over(p, 0);
	}
	if (!stopped)
		hand_over(p, 1);
	pthread_mutex_lock(&p->mu);
	p->rc = rc;
	p->fault = !stopped && rc == CEU_OK && got < 0;
	p->done = 1;
	pthread_cond_broadcast(&p->cv);
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

/* The writer: write and report each chunk the reader fills, in order. */
static int
write_chunks(struct pipeline *p, void (*progress)(void *, long long),
    void *ctx)
{
	struct ceu_import_queue *q;
	int rc = CEU_OK;

	for (;;) {
		pthread_mutex_lock(&p->mu);
		while (p->nfull == 0 && !p->done)
			pthread_cond_wait(&p->cv, &p->mu);
		if (p->nfull == 0) {
			pthread_mutex_unlock(&p->mu);
			return rc;
		}
		q = p->full[p->head];
		p->head = (p->head + 1) % NCHUNKS;
		p->nfull--;
		pthread_mutex_unlock(&p->mu);
		rc = flush_queue(p->im, q);
		if (rc == CEU_OK && progress != NULL)
			progress(ctx, q->offset);
		pthread_mutex_lock(&p->mu);
		p->spare[p->nspare++] = q;
		p->stop = rc != CEU_OK;
		pthread_cond_broadcast(&p->cv);
		pthread_mutex_unlock(&p->mu);
		if (rc != CEU_OK)
			return rc;
	}
}

/* Give the import its own reader back and free the pipeline's. */
static void
pipeline_free(struct pipeline *p)
{
	p->im->rd = &p->im->own;
	ceu_db_close(p->rd.db);
	for (size_t i = 0; i < NCHUNKS; i++)
		ceu_import_queue_free(p->chunk[i]);
	pthread_cond_destroy(&p->cv);
	pthread_mutex_destroy(&p->mu);
}

/* Start reading csv on a thread of its own, checking against a read-only
 * connection of its own: 1 when it runs; 0 when it cannot run here,
 * nothing read then (a database in memory has no file for a second
 * connection to open, or no thread could be made). */
static int
pipeline_start(struct pipeline *p, struct ceu_import *im,
    struct ceu_csv *csv)
{
	memset(p, 0, sizeof(*p));
	if (ceu_db_open_reader(im->db, &p->rd.db) != CEU_OK)
		return 0;
	p->im = im;
	p->csv = csv;
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->cv, NULL);
	for (size_t i = 0; i < NCHUNKS; i++)
		p->chunk[i] = ceu_calloc(1, sizeof(*p->chunk[i]));
	p->rd.queue = p->chunk[0];
	for (size_t i = 1; i < NCHUNKS; i++)
		p->spare[p->nspare++] = p->chunk[i];
	im->rd = &p->rd;
	if (pthread_create(&p->thread, NULL, reader_main, p) != 0) {
		pipeline_free(p);
		return 0;
	}
	return 1;
}

/* Write what the reading thread fills until it has read all; then free
 * the pipeline.  A failure of the reader is told on the writer's side. */
static int
pipeline_run(struct pipeline *p, void (*progress)(void *, long long),
    void *ctx, int *fault)
{
	struct ceu_db *db = p->im->db;
	int rc;

	rc = write_chunks(p, progress, ctx);
	pthread_join(p->thread, NULL);
	if (rc == CEU_OK && p->rc != CEU_OK) {
		memcpy(db->msg, p->rd.db->msg, sizeof(db->msg));
		rc = db->code = p->rd.db->code;
	}
	*fault = p->fault;
	pipeline_free(p);
	return rc;
}

int
ceu_import_rows(struct ceu_import *im, struct ceu_csv *csv,
    void (*progress)(void *ctx, long long offset), void *ctx, int *fault)
{
	const struct ceu_csv_row *row;
	struct pipeline p;
	long n = 0;
	int got, rc;

	*fault = 0;
	/* Rows queued before are written first, in file order. */
	if ((rc = ceu_import_flush(im)) != CEU_OK)
		return rc;
	if (ceu_import_queued_kind(im->kind) && pipeline_start(&p, im, csv))
		return pipeline_run(&p, progress, ctx, fault);
	while ((got = ceu_csv_next(csv, &row)) == 1) {
		if ((rc = ceu_import_queue(im, row)) != CEU_OK)
			return rc;
		if (progress != NULL && (++n & 4095) == 0)
			progress(ctx, ceu_csv_offset(csv));
	}
	/* The rows before a fault are reported as they were read. */
	if ((rc = ceu_import_flush(im)) != CEU_OK)
		return rc;
	*fault = got < 0;
	if (!*fault && im->kind == CEU_IMPORT_POLICY)
		return ceu_import_check_policy(im);
	return CEU_OK;
}
