/*
 * test_import.c - the loaders of ceu-import, row by row: header aliases,
 * R5/R9/R10 validation, unchanged versus duplicate, batches and undo.
 */
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "batch.h"
#include "import.h"
#include "seal.h"
#include "fixture.h"

#define ID1 "450102199001011231"
#define ID2 "45020319851230456X"

static struct ceu_csv_row
row_of(char **fields, size_t n, long line)
{
	struct ceu_csv_row r = { n, fields, line, NULL };
	return r;
}

static char *roster_head[] = { "备案号", "身份证号", "姓名", "学时" };
static char *hours_head[] = { "id_no", "year", "subject", "category",
	"hours", "title", "date", "ref" };

/* Begin a batch of kind over header. */
static void
start(struct ceu_db *db, struct ceu_import *im, int kind, char **head,
    size_t n, const char *source)
{
	struct ceu_csv_row h = row_of(head, n, 1);

	assert_int_equal(ceu_import_begin(db, im, kind, "t.csv", source),
	    CEU_OK);
	assert_int_equal(ceu_import_header(im, &h, 0), CEU_OK);
}

static void
kinds_and_chinese_headers(void **state)
{
	char *head[] = { "编号", "身份证号", "年度", "科目", "类别", "学时",
		"名称", " 日期 " };
	struct ceu_csv_row h = row_of(head, 8, 1);
	struct ceu_db *db = fixture_open(20230615);
	struct ceu_import im;

	(void)state;
	assert_int_equal(ceu_import_kind_parse("roster"), CEU_IMPORT_ROSTER);
	assert_int_equal(ceu_import_kind_parse("rosters"), -1);
	assert_string_equal(ceu_import_kind_name(CEU_IMPORT_EXAMS), "exams");
	assert_int_equal(ceu_import_begin(db, &im, CEU_IMPORT_HOURS, "h.csv",
	    "sys"), CEU_OK);
	assert_int_equal(ceu_import_header(&im, &h, 0), CEU_OK);
	assert_int_equal(im.map[0], 1);		/* id_no <- 身份证号 */
	assert_int_equal(im.map[7], 0);		/* ref <- 编号 */
	assert_int_equal(im.map[6], 7);		/* date <- " 日期 " */
	ceu_import_end(&im);
	testdb_close(db);
}

static void
r10_hours_need_a_source(void **state)
{
	struct ceu_db *db = fixture_open(20230615);
	struct ceu_import im;

	(void)state;
	assert_int_equal(ceu_import_begin(db, &im, CEU_IMPORT_HOURS, "h.csv",
	    NULL), CEU_EUSAGE);
	ceu_import_end(&im);
	assert_int_equal(db->depth, 0);
	testdb_close(db);
}

static void
r9_r5_bad_hours_rows_rejected_without_trace(void **state)
{
	char *cross[] = { ID1, "2023", "professional", "training", "4", "t",
		"2022-12-31", "H1" };
	char *required[] = { ID1, "2023", "public_required", "", "15", "t",
		"2023-03-01", "H2" };
	char *ragged[] = { ID1, "2023" };
	struct ceu_csv_row r;
	struct ceu_db *db = fixture_open(20230615);
	struct ceu_import im;

	(void)state;
	start(db, &im, CEU_IMPORT_HOURS, hours_head, 8, "sys");
	r = row_of(cross, 8, 2);
	assert_int_equal(ceu_import_row(&im, &r), CEU_EDATA);
	assert_non_null(strstr(db->msg, "(R9"));
	r = row_of(required, 8, 3);
	assert_int_equal(ceu_import_row(&im, &r), CEU_EDATA);
	assert_non_null(strstr(db->msg, "(R5)"));
	r = row_of(ragged, 2, 4);
	assert_int_equal(ceu_import_row(&im, &r), CEU_EDATA);
	assert_string_equal(db->msg, "2 fields where the header has 8");
	assert_int_equal(im.rejected, 3);
	assert_int_equal(fixture_count(db, "SELECT count(*) FROM record"), 0);
	ceu_import_end(&im);
	testdb_close(db);
}

static void
r10_roster_again_unchanged_other_route_duplicate(void **state)
{
	char *row1[] = { "GX2023-00001", ID1, "张伟", "24" };
	char *viasys[] = { ID1, "2023", "professional", "training", "24",
		"培训班", "2023-05-01", "GX2023-00001" };
	struct ceu_csv_row r;
	struct ceu_db *db = fixture_open(20230615);
	struct ceu_import im;

	(void)state;
	start(db, &im, CEU_IMPORT_ROSTER, roster_head, 4, NULL);
	r = row_of(row1, 4, 2);
	assert_int_equal(ceu_import_row(&im, &r), CEU_OK);
	assert_int_equal(im.outcome, CEU_IMPORT_ADDED);
	assert_int_equal(ceu_import_row(&im, &r), CEU_OK);
	assert_int_equal(im.outcome, CEU_IMPORT_UNCHANGED);
	assert_int_equal(ceu_import_finish(&im, "00"), CEU_OK);
	assert_int_equal(ceu_db_commit(db), CEU_OK);
	ceu_import_end(&im);

	start(db, &im, CEU_IMPORT_HOURS, hours_head, 8, "sys");
	r = row_of(viasys, 8, 2);
	assert_int_equal(ceu_import_row(&im, &r), CEU_OK);
	assert_int_equal(im.outcome, CEU_IMPORT_DUPLICATE);
	assert_int_equal(im.added, 0);
	ceu_import_end(&im);
	assert_int_equal(fixture_count(db, "SELECT count(*) FROM record"), 1);
	assert_int_equal(fixture_count(db,
	    "SELECT added + 10 * unchanged FROM batch "
	    "WHERE id = 1"), 11);
	testdb_close(db);
}

/* R10: --source names a registered system, whatever its case and
 * blanks; an unknown one is refused before anything is read. */
static void
r10_source_registered_any_spelling(void **state)
{
	struct ceu_db *db = fixture_open(20230615);
	struct ceu_import im;

	(void)state;
	assert_int_equal(ceu_import_begin(db, &im, CEU_IMPORT_HOURS, "h.csv",
	    " SYS "), CEU_OK);
	assert_string_equal(im.source, "sys");
	ceu_import_end(&im);
	assert_int_equal(ceu_import_begin(db, &im, CEU_IMPORT_HOURS, "h.csv",
	    "sys2"), CEU_EREFUSED);
	assert_non_null(strstr(db->msg, "unknown source 'sys2' (R10)"));
	assert_non_null(strstr(db->msg, "ceu-import sources"));
	ceu_import_end(&im);
	assert_int_equal(db->depth, 0);
	assert_int_equal(fixture_count(db, "SELECT count(*) FROM batch"), 0);
	testdb_close(db);
}

/* R10: a filing number spelt in lower case, full width or with blanks is
 * the filed class, on a roster and as a system's ref. */
static void
r10_filing_number_spellings_are_one_class(void **state)
{
	char *row1[] = { "gx2023-00001 ", ID1, "张伟", "24" };
	char *viasys[] = { ID1, "2023", "professional", "training", "24",
		"培训班", "2023-05-01", "ＧＸ2023-00001" };
	struct ceu_csv_row r;
	struct ceu_db *db = fixture_open(20230615);
	struct ceu_import im;

	(void)state;
	start(db, &im, CEU_IMPORT_ROSTER, roster_head, 4, NULL);
	r = row_of(row1, 4, 2);
	assert_int_equal(ceu_import_row(&im, &r), CEU_OK);
	assert_int_equal(im.outcome, CEU_IMPORT_ADDED);
	assert_int_equal(ceu_import_finish(&im, "00"), CEU_OK);
	assert_int_equal(ceu_db_commit(db), CEU_OK);
	ceu_import_end(&im);
	start(db, &im, CEU_IMPORT_HOURS, hours_head, 8, "sys");
	r = row_of(viasys, 8, 2);
	assert_int_equal(ceu_import_row(&im, &r), CEU_OK);
	assert_int_equal(im.outcome, CEU_IMPORT_DUPLICATE);
	ceu_import_end(&im);
	assert_int_equal(fixture_count(db, "SELECT count(*) FROM record WHERE "
	    "filing_no = 'GX2023-00001'"), 1);
	testdb_close(db);
}

/* R9, R11: a roster of 2023 loads until 2024-01-31; after it only with
 * a reason, its records marked late and the reason journaled. */
static void
r9_roster_after_audit_deadline_needs_late(void **state)
{
	char *row1[] = { "GX2023-00001", ID1, "张伟", "24" };
	struct ceu_csv_row r = row_of(row1, 4, 2);
	struct ceu_db *db = fixture_open(20240201);
	struct ceu_import im;

	(void)state;
	start(db, &im, CEU_IMPORT_ROSTER, roster_head, 4, NULL);
	assert_int_equal(ceu_import_row(&im, &r), CEU_EDATA);
	assert_non_null(strstr(db->msg, "audit deadline 2024-01-31"));
	ceu_import_end(&im);
	start(db, &im, CEU_IMPORT_ROSTER, roster_head, 4, NULL);
	im.late_reason = "organiser sent it late";
	assert_int_equal(ceu_import_row(&im, &r), CEU_OK);
	assert_int_equal(im.late, 1);
	assert_int_equal(ceu_import_finish(&im, "00"), CEU_OK);
	assert_int_equal(ceu_db_commit(db), CEU_OK);
	ceu_import_end(&im);
	assert_int_equal(fixture_count(db, "SELECT count(*) FROM record WHERE "
	    "late = 1"), 1);
	assert_int_equal(fixture_count(db, "SELECT count(*) FROM journal WHERE "
	    "action = 'import' AND reason = 'organiser sent it late' AND "
	    "json_extract(after, '$.late') = 1"), 1);
	testdb_close(db);
}

/* R9, R16: a roster of a class not yet held, hours over the policy's
 * largest record, a blank title: refused, row by row. */
static void
r16_rows_that_cannot_be_true_rejected(void **state)
{
	char *big[] = { ID1, "2023", "professional", "training", "90.5",
		"进修", "2023-05-02", "H1" };
	char *ahead[] = { ID1, "2023", "professional", "training", "2",
		"课", "2023-07-01", "H2" };
	char *excel[] = { ID1, "2023", "professional", "training", "32.00",
		"课", "2023-06-01", "H3" };
	struct ceu_csv_row r;
	struct ceu_db *db = fixture_open(20230615);
	struct ceu_import im;

	(void)state;
	start(db, &im, CEU_IMPORT_HOURS, hours_head, 8, "sys");
	r = row_of(big, 8, 2);
	assert_int_equal(ceu_import_row(&im, &r), CEU_EDATA);
	assert_non_null(strstr(db->msg, "max_record_hours"));
	r = row_of(ahead, 8, 3);
	assert_int_equal(ceu_import_row(&im, &r), CEU_EDATA);
	assert_non_null(strstr(db->msg, "after today"));
	r = row_of(excel, 8, 4);
	assert_int_equal(ceu_import_row(&im, &r), CEU_OK);
	ceu_import_end(&im);
	testdb_close(db);
}

static void
r10_roster_name_and_hours_checked(void **state)
{
	char *wrong_name[] = { "GX2023-00001", ID1, "张 伟", "24" };
	char *too_many[] = { "GX2023-00001", ID2, "李娜", "24.5" };
	struct ceu_csv_row r;
	struct ceu_db *db = fixture_open(20230615);
	struct ceu_import im;

	(void)state;
	start(db, &im, CEU_IMPORT_ROSTER, roster_head, 4, NULL);
	r = row_of(wrong_name, 4, 2);
	assert_int_equal(ceu_import_row(&im, &r), CEU_EDATA);
	assert_non_null(strstr(db->msg, "does not match the register"));
	r = row_of(too_many, 4, 3);
	assert_int_equal(ceu_import_row(&im, &r), CEU_EDATA);
	assert_string_equal(db->msg, "hours 24.5 exceed the 24 hours filed "
	    "for GX2023-00001");
	ceu_import_end(&im);
	testdb_close(db);
}

static void
r16_undo_revokes_once(void **state)
{
	char *a[] = { "GX2023-00001", ID1, "张伟", "24" };
	char *b[] = { "GX2023-00001", ID2, "李娜", "20" };
	struct ceu_csv_row r;
	struct ceu_db *db = fixture_open(20230615);
	struct ceu_import im;
	long records, people;

	(void)state;
	start(db, &im, CEU_IMPORT_ROSTER, roster_head, 4, NULL);
	r = row_of(a, 4, 2);
	assert_int_equal(ceu_import_row(&im, &r), CEU_OK);
	r = row_of(b, 4, 3);
	assert_int_equal(ceu_import_row(&im, &r), CEU_OK);
	assert_int_equal(ceu_import_finish(&im, "00"), CEU_OK);
	assert_int_equal(ceu_db_commit(db), CEU_OK);
	ceu_import_end(&im);

	assert_int_equal(ceu_db_begin(db), CEU_OK);
	assert_int_equal(ceu_batch_undo(db, im.batch, "wrong class",
	    &records, &people), CEU_OK);
	assert_int_equal(ceu_db_commit(db), CEU_OK);
	assert_int_equal(records, 2);
	assert_int_equal(people, 2);
	assert_int_equal(fixture_count(db,
	    "SELECT count(*) FROM record WHERE status "
	    "= 'revoked'"), 2);
	assert_int_equal(fixture_count(db, "SELECT count(*) FROM journal WHERE "
	    "action = 'revoked'"), 2);
	assert_int_equal(ceu_db_begin(db), CEU_OK);
	assert_int_equal(ceu_batch_undo(db, im.batch, "again", &records,
	    &people), CEU_EREFUSED);
	ceu_db_rollback(db);
	testdb_close(db);
}


/* What the loader reported, by line. */
struct seen {
	int outcome[4200];
	char msg[4200][160];
	long last_line;
	int in_order;
};

static void
seen_row(void *ctx, const struct ceu_import_report *rep)
{
	struct seen *seen = ctx;
	long line = rep->row->line;

	if (line <= seen->last_line)
		seen->in_order = 0;
	seen->last_line = line;
	seen->outcome[line] = rep->outcome;
	snprintf(seen->msg[line], sizeof(seen->msg[line]), "%s",
	    rep->msg ? rep->msg : "");
}

/* Queue an hours row of ID1 with ref and hours at line. */
static void
queue_hours(struct ceu_import *im, const char *ref, const char *hours,
    const char *title, long line)
{
	char *f[] = { ID1, "2023", "professional", "training", (char *)hours,
		(char *)title, "2023-06-01", (char *)ref };
	struct ceu_csv_row r = row_of(f, 8, line);

	assert_int_equal(ceu_import_queue(im, &r), CEU_OK);
}

static void
r10_queued_rows_across_a_chunk_boundary(void **state)
{
	static struct seen seen = { .in_order = 1 };
	struct ceu_db *db = fixture_open(20230615);
	struct ceu_import im;
	char ref[16];
	long line = 2;

	(void)state;
	start(db, &im, CEU_IMPORT_HOURS, hours_head, 8, "sys");
	im.report = seen_row;
	im.report_ctx = &seen;
	for (int i = 0; i < 4100; i++) {
		snprintf(ref, sizeof(ref), "H%d", i);
		queue_hours(&im, ref, "1", "课", line++);
	}
	/* R10: the same source and ref again with other hours is a
	 * conflict, rejected with both values, not a copy skipped. */
	queue_hours(&im, "H5", "2", "课", line++);	/* held by chunk 1 */
	queue_hours(&im, "H4097", "1", "课", line++);	/* same, this chunk */
	queue_hours(&im, "H4098", "3", "课", line++);	/* other hours */
	assert_int_equal(ceu_import_flush(&im), CEU_OK);
	assert_true(seen.in_order);
	assert_int_equal(seen.last_line, 4104);
	assert_int_equal(seen.outcome[2], CEU_IMPORT_ADDED);
	assert_int_equal(seen.outcome[4101], CEU_IMPORT_ADDED);
	assert_int_equal(seen.outcome[4102], CEU_IMPORT_REJECTED);
	assert_non_null(strstr(seen.msg[4102], "record 6 (integration sys"));
	assert_non_null(strstr(seen.msg[4102], "hours 1 there, 2 here"));
	assert_int_equal(seen.outcome[4103], CEU_IMPORT_UNCHANGED);
	assert_int_equal(seen.outcome[4104], CEU_IMPORT_REJECTED);
	assert_non_null(strstr(seen.msg[4104], "record 4099 ("));
	assert_non_null(strstr(seen.msg[4104], "hours 1 there, 3 here"));
	assert_int_equal(im.added, 4100);
	assert_int_equal(im.unchanged, 1);
	assert_int_equal(im.rejected, 2);
	assert_int_equal(im.duplicates, 0);
	assert_int_equal(fixture_count(db,
	    "SELECT count(*) FROM record"), 4100);
	ceu_import_end(&im);
	testdb_close(db);
}

/* What ceu_import_rows reported, for a file of many chunks. */
struct told {
	long rows, last_line, rejected, unchanged, rejected_at[64];
	int in_order;
	long long last_offset;
	int offsets_in_order;
};

static void
told_row(void *ctx, const struct ceu_import_report *rep)
{
	struct told *t = ctx;

	t->in_order &= rep->row->line > t->last_line;
	t->last_line = rep->row->line;
	t->rows++;
	if (rep->outcome == CEU_IMPORT_REJECTED && t->rejected < 64)
		t->rejected_at[t->rejected++] = rep->row->line;
	t->unchanged += rep->outcome == CEU_IMPORT_UNCHANGED;
}

static void
told_progress(void *ctx, long long offset)
{
	struct told *t = ctx;

	t->offsets_in_order &= offset >= t->last_offset;
	t->last_offset = offset;
}

/*
 * 20,000 hours rows, five chunks and more, read on a thread of their own
 * while the chunks before are written: every row is reported once, in
 * file order, with its own line; a bad row (hours 0, line 1000k + 1) is
 * rejected alone; a row repeating one four chunks back is unchanged (R10).
 */
static char *
many_rows(size_t *len, int unterminated_at)
{
	char *buf = NULL;
	FILE *fp = open_memstream(&buf, len);

	assert_non_null(fp);
	fprintf(fp, "id_no,year,subject,category,hours,title,date,ref\n");
	for (int i = 1; i <= 20000; i++) {
		const char *id = i % 2 ? ID1 : ID2;

		if (i == unterminated_at)
			fprintf(fp, "%s,2023,professional,training,1,\"open", id);
		else if (i % 1000 == 0)
			fprintf(fp, "%s,2023,professional,training,0,课,"
			    "2023-06-01,H%d\n", id, i);
		else if (i == 19999)
			fprintf(fp, "%s,2023,professional,training,1,课,"
			    "2023-06-01,H%d\n", id, 3);
		else
			fprintf(fp, "%s,2023,professional,training,1,课,"
			    "2023-06-01,H%d\n", id, i);
	}
	fclose(fp);
	return buf;
}

/* Load buf as an hours file through ceu_import_rows, telling t; the
 * import is left open (end it with ceu_import_end). */
static int
load_many(struct ceu_db *db, struct ceu_import *im, char *buf, size_t len,
    struct told *t, int progress)
{
	const struct ceu_csv_row *hdr;
	struct ceu_csv *csv;
	FILE *fp = fmemopen(buf, len, "r");
	int fault = -1;

	assert_non_null(fp);
	assert_int_equal(ceu_import_begin(db, im, CEU_IMPORT_HOURS, "t.csv",
	    "sys"), CEU_OK);
	assert_non_null(csv = ceu_csv_open(fp, "t.csv", CEU_ENC_AUTO, ','));
	assert_int_equal(ceu_csv_next(csv, &hdr), 1);
	assert_int_equal(ceu_import_header(im, hdr, 0), CEU_OK);
	im->report = told_row;
	im->report_ctx = t;
	assert_int_equal(ceu_import_rows(im, csv, progress ? told_progress :
	    NULL, t, &fault), CEU_OK);
	ceu_csv_close(csv);
	fclose(fp);
	free(buf);
	return fault;
}

static void
rows_on_a_thread_reported_in_file_order(void **state)
{
	struct told t = { .in_order = 1, .offsets_in_order = 1 };
	struct ceu_db *db = fixture_open(20230615);
	struct ceu_import im;
	size_t len;
	char *buf = many_rows(&len, 0);

	(void)state;
	assert_int_equal(load_many(db, &im, buf, len, &t, 1), 0);
	assert_int_equal(t.rows, 20000);
	assert_true(t.in_order);
	assert_int_equal(t.last_line, 20001);
	assert_int_equal(t.rejected, 20);
	for (int k = 0; k < 20; k++)
		assert_int_equal(t.rejected_at[k], 1000 * (k + 1) + 1);
	assert_int_equal(t.unchanged, 1);
	assert_true(t.offsets_in_order);
	assert_int_equal(t.last_offset, (long long)len);
	assert_int_equal(im.added, 20000 - 20 - 1);
	assert_int_equal(fixture_count(db,
	    "SELECT count(*) FROM record"), 19979);
	/* The writing connection got its foreign key checks back. */
	ceu_import_end(&im);
	assert_int_equal(fixture_count(db, "PRAGMA foreign_keys"), 1);
	testdb_close(db);
}

/* A file the reader cannot read past (an unterminated quote at row
 * 15000): the rows before it are reported, the fault is told. */
static void
rows_on_a_thread_stop_at_a_malformed_file(void **state)
{
	struct told t = { .in_order = 1, .offsets_in_order = 1 };
	struct ceu_db *db = fixture_open(20230615);
	struct ceu_import im;
	size_t len;
	char *buf = many_rows(&len, 15000);

	(void)state;
	assert_int_equal(load_many(db, &im, buf, len, &t, 0), 1);
	assert_int_equal(t.rows, 14999);
	assert_true(t.in_order);
	assert_int_equal(t.last_line, 15000);
	ceu_import_end(&im);
	assert_int_equal(fixture_count(db, "SELECT count(*) FROM record"), 0);
	testdb_close(db);
}

static void
r10_a_row_the_database_refuses_is_rejected_alone(void **state)
{
	static struct seen seen = { .in_order = 1 };
	struct ceu_db *db = fixture_open(20230615);
	struct ceu_import im;

	(void)state;
	/* A refusal the loader's rules do not foresee. */
	assert_int_equal(ceu_db_exec(db, "CREATE TEMP TRIGGER refuse BEFORE "
	    "INSERT ON record WHEN NEW.title = 'bad' BEGIN SELECT "
	    "RAISE(ABORT, 'refused by the test'); END"), CEU_OK);
	start(db, &im, CEU_IMPORT_HOURS, hours_head, 8, "sys");
	im.report = seen_row;
	im.report_ctx = &seen;
	queue_hours(&im, "H1", "1", "good", 2);
	queue_hours(&im, "H2", "1", "bad", 3);
	queue_hours(&im, "H1", "1", "good", 4);
	queue_hours(&im, "H3", "0", "zero", 5);
	queue_hours(&im, "H4", "1", "good", 6);
	assert_int_equal(ceu_import_flush(&im), CEU_OK);
	assert_true(seen.in_order);
	assert_int_equal(seen.outcome[2], CEU_IMPORT_ADDED);
	assert_int_equal(seen.outcome[3], CEU_IMPORT_REJECTED);
	assert_non_null(strstr(seen.msg[3], "refused by the test"));
	assert_int_equal(seen.outcome[4], CEU_IMPORT_UNCHANGED);
	assert_int_equal(seen.outcome[5], CEU_IMPORT_REJECTED);
	assert_non_null(strstr(seen.msg[5], "invalid hours '0'"));
	assert_int_equal(seen.outcome[6], CEU_IMPORT_ADDED);
	assert_int_equal(im.rejected, 2);
	assert_int_equal(fixture_count(db, "SELECT count(*) FROM record"), 2);
	ceu_import_end(&im);
	testdb_close(db);
}


/* ---- persons, by chunks ---- */

static char *person_head[] = { "id_no", "name", "unit_code", "specialty",
	"title" };

/* The i-th of many valid ID numbers (R1), not the fixture's. */
static void
person_id(int i, char id[CEU_ID_LEN + 1])
{
	char buf[32];

	snprintf(buf, sizeof(buf), "4501031980%02d%02d%03d", 1 + i / 28000 %
	    12, 1 + i / 1000 % 28, i % 1000);
	memcpy(id, buf, 17);
	id[17] = ceu_ident_person_check(id);
	id[18] = '\0';
}

/* Queue a persons row at line. */
static void
queue_person(struct ceu_import *im, const char *id, const char *name,
    const char *unit, long line)
{
	char *f[] = { (char *)id, (char *)name, (char *)unit, "", "" };
	struct ceu_csv_row r = row_of(f, 5, line);

	assert_int_equal(ceu_import_queue(im, &r), CEU_OK);
}

/* R16: how many rows of table t carry their seal, those whose id (the
 * scan's first column) is at most skip left out (0: none left out). */
static long
rows_sealed(struct ceu_db *db, enum ceu_seal_table t, long long skip)
{
	sqlite3_stmt *st;
	long n = 0;
	int ok;

	assert_int_equal(sqlite3_prepare_v2(db->sql, ceu_seal_scan_sql(t), -1,
	    &st, NULL), SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (skip > 0 && sqlite3_column_int64(st, 0) <= skip)
			continue;
		assert_int_equal(ceu_seal_check(db, t, st, &ok), CEU_OK);
		n += ok;
	}
	sqlite3_finalize(st);
	return n;
}

/* R16: how many persons after the fixture's two carry their seal. */
static long
persons_sealed(struct ceu_db *db)
{
	return rows_sealed(db, CEU_SEAL_PERSON, 2);
}

/*
 * 4,100 new persons over two chunks, with a bad row mid-chunk (an unknown
 * unit, R1), a person of the register as it is, an ID number twice in one
 * chunk and once more in the next with another name: every row reported
 * once, in file order; the new persons take ids 3, 4, ... in file order,
 * each sealed (R16); the rename is said and journaled before/after.
 */
static void
r1_r16_persons_by_chunks_reported_in_file_order(void **state)
{
	static struct seen seen = { .in_order = 1 };
	struct ceu_db *db = fixture_open(20230615);
	struct ceu_import im;
	char id[CEU_ID_LEN + 1], unknown[CEU_ID_LEN + 1] = "91450100MA5K0002X";
	char sql[128];
	long line = 2;

	(void)state;
	unknown[17] = ceu_ident_unit_check(unknown);
	start(db, &im, CEU_IMPORT_PERSONS, person_head, 5, NULL);
	im.report = seen_row;
	im.report_ctx = &seen;
	for (int i = 0; i < 4100; i++) {
		person_id(4099 - i, id);	/* ID numbers running down */
		queue_person(&im, id, "王芳", FIXTURE_UNIT1, line++);
		if (i == 10)		/* line 13 */
			queue_person(&im, id, "王芳", unknown, line++);
		if (i == 20)		/* line 24 */
			queue_person(&im, ID1, "张伟", FIXTURE_UNIT1, line++);
		if (i == 30)		/* line 35 */
			queue_person(&im, id, "王芳", FIXTURE_UNIT1, line++);
	}
	person_id(40, id);
	queue_person(&im, id, "王小芳", FIXTURE_UNIT2, line++);	/* 4105 */
	assert_int_equal(ceu_import_flush(&im), CEU_OK);
	assert_true(seen.in_order);
	assert_int_equal(seen.last_line, 4105);
	assert_int_equal(seen.outcome[2], CEU_IMPORT_ADDED);
	assert_int_equal(seen.outcome[13], CEU_IMPORT_REJECTED);
	assert_non_null(strstr(seen.msg[13], "unknown unit"));
	assert_int_equal(seen.outcome[14], CEU_IMPORT_ADDED);
	assert_int_equal(seen.outcome[24], CEU_IMPORT_UNCHANGED);
	assert_int_equal(seen.outcome[35], CEU_IMPORT_UNCHANGED);
	assert_int_equal(seen.outcome[4105], CEU_IMPORT_UPDATED);
	assert_non_null(strstr(seen.msg[4105], "王芳 → 王小芳"));
	assert_int_equal(im.added, 4100);
	assert_int_equal(im.updated, 1);
	assert_int_equal(im.unchanged, 2);
	assert_int_equal(im.rejected, 1);
	assert_int_equal(im.renamed, 1);
	assert_int_equal(fixture_count(db, "SELECT count(*) FROM person"),
	    4102);
	assert_int_equal(fixture_count(db, "SELECT max(id) FROM person"),
	    4102);
	/* New persons take ids in file order, whatever their ID numbers
	 * (4099 down to 0): row i's is 3 + i. */
	person_id(4099, id);
	snprintf(sql, sizeof(sql), "SELECT id FROM person WHERE id_no = "
	    "'%s'", id);
	assert_int_equal(fixture_count(db, sql), 3);
	person_id(7, id);
	snprintf(sql, sizeof(sql), "SELECT id FROM person WHERE id_no = "
	    "'%s'", id);
	assert_int_equal(fixture_count(db, sql), 4095);
	person_id(0, id);
	snprintf(sql, sizeof(sql), "SELECT id FROM person WHERE id_no = "
	    "'%s'", id);
	assert_int_equal(fixture_count(db, sql), 4102);
	assert_int_equal(persons_sealed(db), 4100);
	assert_int_equal(fixture_count(db, "SELECT count(*) FROM journal "
	    "WHERE entity = 'person' AND action = 'update' AND "
	    "before LIKE '%王芳%' AND after LIKE '%王小芳%'"), 1);
	ceu_import_end(&im);
	testdb_close(db);
}

/* The id of the person with the i-th ID number (person_id). */
static long
person_row_id(struct ceu_db *db, int i)
{
	char id[CEU_ID_LEN + 1], sql[128];

	person_id(i, id);
	snprintf(sql, sizeof(sql), "SELECT coalesce((SELECT id FROM person "
	    "WHERE id_no = '%s'), 0)", id);
	return fixture_count(db, sql);
}

/*
 * R1, R16: a chunk of new persons is written in the order of its ID
 * numbers, yet each takes the id of its place in the file, and is sealed
 * for it.  The first import: 3,000 new persons in a scrambled order, one
 * ID number twice (the second row a rename, journaled).  The second: 400
 * new persons and, in the middle of their ID numbers' order, one on file:
 * the persons written before it are taken back, and every row is loaded
 * again row by row, ids still in file order and without a gap.
 */
static void
r1_r16_new_persons_written_in_id_order_take_file_order_ids(void **state)
{
	static struct seen seen = { .in_order = 1 };
	struct ceu_db *db = fixture_open(20230615);
	struct ceu_import im;
	char id[CEU_ID_LEN + 1];
	long line = 2;
	int i;

	(void)state;
	start(db, &im, CEU_IMPORT_PERSONS, person_head, 5, NULL);
	im.report = seen_row;
	im.report_ctx = &seen;
	for (i = 0; i < 3000; i++) {
		person_id(2 * (i * 1201 % 3000), id);	/* even, scrambled */
		queue_person(&im, id, "王芳", FIXTURE_UNIT1, line++);
		if (i == 100) {		/* line 103: row 50's again */
			person_id(2 * (50 * 1201 % 3000), id);
			queue_person(&im, id, "王小芳", FIXTURE_UNIT1, line++);
		}
	}
	assert_int_equal(ceu_import_flush(&im), CEU_OK);
	assert_true(seen.in_order);
	assert_int_equal(seen.outcome[2], CEU_IMPORT_ADDED);
	assert_int_equal(seen.outcome[103], CEU_IMPORT_UPDATED);
	assert_non_null(strstr(seen.msg[103], "王芳 → 王小芳"));
	assert_int_equal(im.added, 3000);
	assert_int_equal(im.updated, 1);
	/* Row i (of the 3,000) is person 3 + i: the fixture has 1 and 2. */
	for (i = 0; i < 3000; i += 37)
		assert_int_equal(person_row_id(db, 2 * (i * 1201 % 3000)),
		    3 + i);
	assert_int_equal(person_row_id(db, 2 * (2999 * 1201 % 3000)), 3002);
	assert_int_equal(fixture_count(db, "SELECT max(id) - count(*) FROM "
	    "person"), 0);
	assert_int_equal(persons_sealed(db), 3000);
	assert_int_equal(fixture_count(db, "SELECT count(*) FROM journal "
	    "WHERE entity = 'person' AND action = 'update' AND after LIKE "
	    "'%王小芳%'"), 1);
	assert_int_equal(ceu_import_finish(&im, "x"), CEU_OK);
	assert_int_equal(ceu_db_commit(db), CEU_OK);
	ceu_import_end(&im);

	/* Odd ID numbers, new, running down; row 201 is the person with ID
	 * number 400, on file, which sorts amid them. */
	memset(&seen, 0, sizeof(seen));
	seen.in_order = 1;
	line = 2;
	start(db, &im, CEU_IMPORT_PERSONS, person_head, 5, NULL);
	im.report = seen_row;
	im.report_ctx = &seen;
	for (i = 0; i < 400; i++) {
		person_id(2 * (399 - i) + 1, id);
		queue_person(&im, id, "李娜", FIXTURE_UNIT2, line++);
		if (i == 199) {		/* line 202 */
			person_id(400, id);
			queue_person(&im, id, "王芳", FIXTURE_UNIT1, line++);
		}
	}
	assert_int_equal(ceu_import_flush(&im), CEU_OK);
	assert_true(seen.in_order);
	assert_int_equal(seen.outcome[202], CEU_IMPORT_UNCHANGED);
	assert_int_equal(im.added, 400);
	assert_int_equal(person_row_id(db, 2 * 399 + 1), 3003);
	assert_int_equal(person_row_id(db, 2 * 200 + 1), 3202);
	assert_int_equal(person_row_id(db, 2 * 199 + 1), 3203);
	assert_int_equal(person_row_id(db, 1), 3402);
	assert_int_equal(fixture_count(db, "SELECT max(id) - count(*) FROM "
	    "person"), 0);
	assert_int_equal(persons_sealed(db), 3400);
	ceu_import_end(&im);
	testdb_close(db);
}

/* A persons file read on a thread of its own, loaded twice: the second
 * run finds every person as it is, and adds nothing. */
static void
r1_persons_file_on_a_thread_then_again_unchanged(void **state)
{
	struct ceu_db *db = fixture_open(20230615);
	const struct ceu_csv_row *hdr;
	struct ceu_import im;
	char id[CEU_ID_LEN + 1], *buf = NULL;
	size_t len;
	int fault;

	(void)state;
	for (int run = 0; run < 2; run++) {
		struct told t = { .in_order = 1, .offsets_in_order = 1 };
		FILE *fp = open_memstream(&buf, &len);
		struct ceu_csv *csv;

		fprintf(fp, "身份证号,姓名,单位代码\n");
		for (int i = 0; i < 9000; i++) {
			person_id(i, id);
			fprintf(fp, "%s,人%d,%s\n", id, i, i == 5000 ?
			    "bad" : FIXTURE_UNIT2);
		}
		fclose(fp);
		fp = fmemopen(buf, len, "r");
		assert_int_equal(ceu_import_begin(db, &im, CEU_IMPORT_PERSONS,
		    "p.csv", NULL), CEU_OK);
		assert_non_null(csv = ceu_csv_open(fp, "p.csv", CEU_ENC_AUTO,
		    ','));
		assert_int_equal(ceu_csv_next(csv, &hdr), 1);
		assert_int_equal(ceu_import_header(&im, hdr, 0), CEU_OK);
		im.report = told_row;
		im.report_ctx = &t;
		assert_int_equal(ceu_import_rows(&im, csv, NULL, NULL, &fault),
		    CEU_OK);
		assert_int_equal(fault, 0);
		assert_true(t.in_order);
		assert_int_equal(t.rows, 9000);
		assert_int_equal(t.rejected, 1);
		assert_int_equal(t.rejected_at[0], 5002);
		assert_int_equal(t.unchanged, run ? 8999 : 0);
		assert_int_equal(im.added, run ? 0 : 8999);
		assert_int_equal(ceu_import_finish(&im, "00"), CEU_OK);
		assert_int_equal(ceu_db_commit(db), CEU_OK);
		ceu_import_end(&im);
		ceu_csv_close(csv);
		fclose(fp);
		free(buf);
		buf = NULL;
	}
	assert_int_equal(fixture_count(db, "SELECT max(id) FROM person"),
	    9001);
	assert_int_equal(persons_sealed(db), 8999);
	testdb_close(db);
}


/* R16: how many units carry their seal. */
static long
units_sealed(struct ceu_db *db)
{
	return rows_sealed(db, CEU_SEAL_UNIT, 0);
}

/* R1, R16: a new unit is added sealed, with its batch and no journal row
 * of its own; the same row again changes nothing; another name is an
 * update journaled before/after, sealed again; new units after it are
 * added as the first was. */
static void
r1_r16_units_added_unchanged_updated(void **state)
{
	char *head[] = { "unit_code", "name", "city_code", "industry" };
	char code[CEU_ID_LEN + 1] = "91450100MA5K0003X";
	char *row[] = { code, "南宁一中", "450100", "教育" };
	char *renamed[] = { code, "南宁市第一中学", "450100", "教育" };
	char other_code[CEU_ID_LEN + 1] = "91450100MA5K0005X";
	char *other[] = { other_code, "南宁二中", "450100", "教育" };
	struct ceu_db *db = fixture_open(20230615);
	struct ceu_import im;
	struct ceu_csv_row r;

	(void)state;
	code[17] = ceu_ident_unit_check(code);
	other_code[17] = ceu_ident_unit_check(other_code);
	start(db, &im, CEU_IMPORT_UNITS, head, 4, NULL);
	r = row_of(row, 4, 2);
	assert_int_equal(ceu_import_row(&im, &r), CEU_OK);
	assert_int_equal(im.outcome, CEU_IMPORT_ADDED);
	r = row_of(row, 4, 3);
	assert_int_equal(ceu_import_row(&im, &r), CEU_OK);
	assert_int_equal(im.outcome, CEU_IMPORT_UNCHANGED);
	assert_int_equal(fixture_count(db, "SELECT count(*) FROM journal "
	    "WHERE entity = 'unit'"), 0);
	assert_int_equal(fixture_count(db, "SELECT count(*) FROM unit WHERE "
	    "batch = 1 AND name = '南宁一中'"), 1);
	r = row_of(renamed, 4, 4);
	assert_int_equal(ceu_import_row(&im, &r), CEU_OK);
	assert_int_equal(im.outcome, CEU_IMPORT_UPDATED);
	assert_int_equal(fixture_count(db, "SELECT count(*) FROM journal "
	    "WHERE entity = 'unit' AND action = 'update' AND before LIKE "
	    "'%南宁一中%' AND after LIKE '%南宁市第一中学%'"), 1);
	/* New units after one on file: each added, sealed, with no journal
	 * row of its own. */
	r = row_of(other, 4, 5);
	assert_int_equal(ceu_import_row(&im, &r), CEU_OK);
	assert_int_equal(im.outcome, CEU_IMPORT_ADDED);
	other_code[16] = '4';
	other_code[17] = ceu_ident_unit_check(other_code);
	r = row_of(other, 4, 6);
	assert_int_equal(ceu_import_row(&im, &r), CEU_OK);
	assert_int_equal(im.outcome, CEU_IMPORT_ADDED);
	assert_int_equal(fixture_count(db, "SELECT count(*) FROM unit WHERE "
	    "name = '南宁二中'"), 2);
	assert_int_equal(fixture_count(db, "SELECT count(*) FROM journal "
	    "WHERE entity = 'unit'"), 1);
	/* The fixture's two units are not sealed; the new ones are. */
	assert_int_equal(units_sealed(db), 3);
	ceu_import_end(&im);
	testdb_close(db);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(kinds_and_chinese_headers),
		cmocka_unit_test(r10_hours_need_a_source),
		cmocka_unit_test(r9_r5_bad_hours_rows_rejected_without_trace),
		cmocka_unit_test(r10_roster_again_unchanged_other_route_duplicate),
		cmocka_unit_test(r10_roster_name_and_hours_checked),
		cmocka_unit_test(r10_source_registered_any_spelling),
		cmocka_unit_test(r10_filing_number_spellings_are_one_class),
		cmocka_unit_test(r9_roster_after_audit_deadline_needs_late),
		cmocka_unit_test(r16_rows_that_cannot_be_true_rejected),
		cmocka_unit_test(r16_undo_revokes_once),
		cmocka_unit_test(r10_queued_rows_across_a_chunk_boundary),
		cmocka_unit_test(r10_a_row_the_database_refuses_is_rejected_alone),
		cmocka_unit_test(rows_on_a_thread_reported_in_file_order),
		cmocka_unit_test(rows_on_a_thread_stop_at_a_malformed_file),
		cmocka_unit_test(r1_r16_persons_by_chunks_reported_in_file_order),
		cmocka_unit_test(
		    r1_r16_new_persons_written_in_id_order_take_file_order_ids),
		cmocka_unit_test(r1_r16_units_added_unchanged_updated),
		cmocka_unit_test(
		    r1_persons_file_on_a_thread_then_again_unchanged),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
