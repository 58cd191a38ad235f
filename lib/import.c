/*
 * import.c - the bulk loaders of ceu-import.  See import.h.
 *
 * Each kind has a column table and a row loader.  A loader validates the
 * whole row before it writes anything, so that a rejected row leaves no
 * trace; the one loader that writes several rows (exams) runs inside a
 * savepoint.  Strings handed to the lower modules live in fixed buffers:
 * a row costs no allocation.
 *
 * Records (roster, hours) are the bulk of every import, and SQLite spends
 * more on starting a statement than on inserting a row; so a validated
 * record is not written at once but queued with a copy of its row, and
 * each chunk of QUEUE_ROWS is written by one ceu_record_add_many, after
 * which its rows are reported in file order.  The queue is allocated once
 * and reused: memory stays flat whatever the file size.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exam.h"
#include "import.h"
#include "journal.h"
#include "person.h"
#include "policy.h"
#include "record.h"
#include "text.h"
#include "values.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define QUEUE_ROWS 4096			/* records written by one statement */
#define QUEUE_TEXT (4 << 20)		/* or fewer when their rows are long */
#define NOWHERE ((size_t)-1)
#define ID_ALIASES "身份证号|身份证号码|证件号码|公民身份号码"
#define UNIT_ALIASES "单位代码|统一社会信用代码|信用代码"
/* The rejects file of an earlier run may be fixed and loaded again. */
#define REJECT_COLS { "line", "行号", 0 }, { "error", "错误", 0 }

static const char *const kind_names[CEU_IMPORT_NKINDS] = {
	"units", "persons", "filings", "roster", "hours", "exams", "policy",
};

enum { U_CODE, U_NAME, U_CITY, U_INDUSTRY };
static const struct ceu_csv_col unit_cols[] = {
	{ "unit_code", UNIT_ALIASES, 1 }, { "name", "单位名称|名称", 1 },
	{ "city_code", "城市代码|城市|所在市", 1 },
	{ "industry", "行业|行业主管部门", 1 }, REJECT_COLS,
};

enum { P_ID, P_NAME, P_UNIT, P_SPECIALTY, P_TITLE };
static const struct ceu_csv_col person_cols[] = {
	{ "id_no", ID_ALIASES, 1 }, { "name", "姓名", 1 },
	{ "unit_code", UNIT_ALIASES, 1 }, { "specialty", "专业", 0 },
	{ "title", "职称", 0 }, REJECT_COLS,
};

enum { F_NO, F_ORGANIZER, F_TITLE, F_SUBJECT, F_CATEGORY, F_START, F_END,
	F_HOURS };
static const struct ceu_csv_col filing_cols[] = {
	{ "filing_no", "备案号|备案编号", 1 },
	{ "organizer", "主办单位|主办方", 1 },
	{ "title", "名称|培训名称|班级名称", 1 }, { "subject", "科目", 1 },
	{ "category", "类别", 1 }, { "start_date", "开始日期", 1 },
	{ "end_date", "结束日期", 1 }, { "hours", "学时", 1 }, REJECT_COLS,
};

enum { R_FILING, R_ID, R_NAME, R_HOURS };
static const struct ceu_csv_col roster_cols[] = {
	{ "filing_no", "备案号|备案编号", 1 }, { "id_no", ID_ALIASES, 1 },
	{ "name", "姓名", 1 }, { "hours", "学时", 1 }, REJECT_COLS,
};

enum { H_ID, H_YEAR, H_SUBJECT, H_CATEGORY, H_HOURS, H_TITLE, H_DATE,
	H_REF };
static const struct ceu_csv_col hours_cols[] = {
	{ "id_no", ID_ALIASES, 1 }, { "year", "年度|年份", 1 },
	{ "subject", "科目", 1 }, { "category", "类别", 1 },
	{ "hours", "学时", 1 }, { "title", "名称|内容", 1 },
	{ "date", "日期", 1 }, { "ref", "编号|参考号", 1 }, REJECT_COLS,
};

enum { E_ID, E_YEAR, E_DATE, E_SCORE };
static const struct ceu_csv_col exam_cols[] = {
	{ "id_no", ID_ALIASES, 1 }, { "year", "年度|年份", 1 },
	{ "date", "日期|考试日期", 1 }, { "score", "成绩|分数", 1 },
	REJECT_COLS,
};

enum { Y_YEAR, Y_KEY, Y_VALUE };
static const struct ceu_csv_col policy_cols[] = {
	{ "year", "年度|年份", 1 }, { "key", "键", 1 }, { "value", "值", 1 },
	REJECT_COLS,
};

static const struct {
	const struct ceu_csv_col *cols;
	size_t ncols;
} kinds[CEU_IMPORT_NKINDS] = {
	{ unit_cols, NELEM(unit_cols) }, { person_cols, NELEM(person_cols) },
	{ filing_cols, NELEM(filing_cols) }, { roster_cols, NELEM(roster_cols) },
	{ hours_cols, NELEM(hours_cols) }, { exam_cols, NELEM(exam_cols) },
	{ policy_cols, NELEM(policy_cols) },
};

int
ceu_import_kind_parse(const char *s)
{
	for (int i = 0; i < CEU_IMPORT_NKINDS; i++)
		if (strcmp(s, kind_names[i]) == 0)
			return i;
	return -1;
}

const char *
ceu_import_kind_name(int kind)
{
	return kind >= 0 && kind < CEU_IMPORT_NKINDS ? kind_names[kind] : NULL;
}

const struct ceu_csv_col *
ceu_import_columns(int kind, size_t *ncols)
{
	if (kind < 0 || kind >= CEU_IMPORT_NKINDS)
		return NULL;
	*ncols = kinds[kind].ncols;
	return kinds[kind].cols;
}

static void queue_free(struct ceu_import_queue *);
static int queued_kind(int);

/* ---- the batch ---- */

/* hours: the filing numbers on file, sorted, so that telling whether a
 * ref names a filed class (R10) costs no query per row. */
static int
load_filing_set(struct ceu_import *im)
{
	static const char sql[] = "SELECT filing_no FROM filing "
	    "ORDER BY filing_no";
	sqlite3_stmt *st = ceu_db_stmt(im->db, sql);
	size_t cap = 0, len;
	const char *no;
	char **v;
	int rc;

	if (st == NULL)
		return im->db->code;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (im->nfilings == cap) {
			cap = cap ? cap * 2 : 64;
			if ((v = realloc(im->filings, cap * sizeof(*v))) == NULL)
				break;
			im->filings = v;
		}
		no = ceu_col_text(st, 0);
		len = strlen(no) + 1;
		if ((im->filings[im->nfilings] = malloc(len)) == NULL)
			break;
		memcpy(im->filings[im->nfilings++], no, len);
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return ceu_db_fail(im->db, CEU_EIO, "out of memory");
	return rc == SQLITE_DONE ? CEU_OK : ceu_db_sqlfail(im->db, "filing");
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Whether ref is a filing number on file (sorted as SQLite's BINARY). */
static int
in_filing_set(const struct ceu_import *im, const char *ref)
{
	return im->nfilings > 0 && bsearch(&ref, im->filings, im->nfilings,
	    sizeof(char *), cmp_str) != NULL;
}

int
ceu_import_begin(struct ceu_db *db, struct ceu_import *im, int kind,
    const char *file, const char *source)
{
	static const char sql[] = "INSERT INTO batch(kind, file, sha256, "
	    "source, actor, at) VALUES (?1, ?2, '', ?3, ?4, ?5)";
	sqlite3_stmt *st;
	int rc;

	memset(im, 0, sizeof(*im));
	im->db = im->rd = db;
	im->kind = kind;
	im->file = file;
	im->source = source;
	if (kind < 0 || kind >= CEU_IMPORT_NKINDS)
		return ceu_db_fail(db, CEU_EUSAGE, "unknown kind");
	if (kind == CEU_IMPORT_HOURS && (source == NULL || *source == '\0'))
		return ceu_db_fail(db, CEU_EUSAGE, "hours need --source NAME, "
		    "the integrated system they come from (R10)");
	if (kind != CEU_IMPORT_HOURS && source != NULL)
		return ceu_db_fail(db, CEU_EUSAGE, "--source is for hours only");
	/*
	 * A bounded page cache, for this connection until ceu_import_end,
	 * keeps memory flat whatever the file size.
	 *
	 * Roster and hours records are written with the foreign key checks
	 * off (until ceu_import_end).  Every reference such a record carries
	 * is one the loader has just looked up in this transaction (the
	 * person by ID number, the filing by its number) or made (the
	 * batch); persons and filings are never deleted, and a new record
	 * has no audit yet.  Checked again row by row, those look-ups cost a
	 * fifth of writing the record.  CHECK constraints and R10's unique
	 * index stay on: the database itself still refuses a value that
	 * must never be stored and a second count of one activity.
	 */
	im->began = db->depth == 0;
	if (im->began && queued_kind(kind) &&
	    (rc = ceu_db_exec(db, "PRAGMA foreign_keys = OFF")) != CEU_OK) {
		im->began = 0;
		return rc;
	}
	im->fk_off = im->began && queued_kind(kind);
	if ((rc = ceu_db_exec(db, "PRAGMA cache_size = -32768")) ||
	    (rc = ceu_db_begin(db))) {
		im->began = 0;
		return rc;
	}
	if (kind == CEU_IMPORT_HOURS && (rc = load_filing_set(im)) != CEU_OK)
		return rc;
	if ((st = ceu_db_stmt(db, sql)) == NULL)
		return db->code;
	sqlite3_bind_text(st, 1, kind_names[kind], -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, file, -1, SQLITE_STATIC);
	if (source != NULL)
		sqlite3_bind_text(st, 3, source, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, db->actor, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, db->now, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return ceu_db_sqlfail(db, "cannot start batch");
	im->batch = sqlite3_last_insert_rowid(db->sql);
	return ceu_record_last_id(db, &im->last_before);
}

void
ceu_import_end(struct ceu_import *im)
{
	struct ceu_db *db = im->db;

	if (im->began && db->depth > 0)
		ceu_db_rollback(db);
	im->began = 0;
	for (size_t i = 0; i < im->nfilings; i++)
		free(im->filings[i]);
	free(im->filings);
	im->filings = NULL;
	free(im->unnamed);
	im->unnamed = NULL;
	im->nfilings = 0;
	queue_free(im->queue);
	im->queue = NULL;
	ceu_db_exec(db, "PRAGMA cache_size = -2000");
	if (im->fk_off)
		ceu_db_exec(db, "PRAGMA foreign_keys = ON");
	im->fk_off = 0;
}

int
ceu_import_header(struct ceu_import *im, const struct ceu_csv_row *hdr,
    int ignore_extra)
{
	if (ceu_csv_map_header(hdr, kinds[im->kind].cols,
	    kinds[im->kind].ncols, ignore_extra, im->map, im->db->msg) != CEU_OK)
		return im->db->code = CEU_EDATA;
	im->nfields = hdr->nfield;
	free(im->unnamed);
	if ((im->unnamed = calloc(hdr->nfield + 1, 1)) == NULL)
		abort();
	for (size_t j = 0; j < hdr->nfield; j++)
		im->unnamed[j] = hdr->field[j][strspn(hdr->field[j],
		    " \t\r\n")] == '\0';
	return CEU_OK;
}

/* A value under a blank header cell: a column nobody named, which the
 * loader would otherwise drop without a word. */
static int
check_unnamed(struct ceu_import *im, const struct ceu_csv_row *row)
{
	for (size_t j = 0; j < row->nfield && j < im->nfields; j++)
		if (im->unnamed[j] && row->field[j][strspn(row->field[j],
		    " \t\r\n")] != '\0')
			return ceu_db_fail(im->rd, CEU_EDATA, "value '%s' in "
			    "column %zu, which has no header", row->field[j],
			    j + 1);
	return CEU_OK;
}

void
ceu_import_reject(struct ceu_import *im)
{
	im->rejected++;
}

int
ceu_import_finish(struct ceu_import *im, const char *sha256)
{
	static const char sql[] = "UPDATE batch SET sha256 = ?2, added = ?3, "
	    "unchanged = ?4, rejected = ?5, first_record = ?6, "
	    "last_record = ?7 WHERE id = ?1";
	struct ceu_db *db = im->db;
	sqlite3_stmt *st;
	char id[24], *after;
	long long last;
	int rc;

	if ((rc = ceu_import_flush(im)) != CEU_OK ||
	    (rc = ceu_record_last_id(db, &last)) != CEU_OK)
		return rc;
	if ((st = ceu_db_stmt(db, sql)) == NULL)
		return db->code;
	/* The batch's "added" counts every row that changed something. */
	sqlite3_bind_int64(st, 1, im->batch);
	sqlite3_bind_text(st, 2, sha256, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, im->added + im->updated);
	sqlite3_bind_int64(st, 4, im->unchanged + im->duplicates);
	sqlite3_bind_int64(st, 5, im->rejected);
	/* This run holds the write lock: every record made since it began
	 * is its own. */
	if (last > im->last_before) {
		sqlite3_bind_int64(st, 6, im->last_before + 1);
		sqlite3_bind_int64(st, 7, last);
	} else {
		sqlite3_bind_null(st, 6);
		sqlite3_bind_null(st, 7);
	}
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return ceu_db_sqlfail(db, "cannot close batch");
	/* R16: one journal row for the batch; the records carry its id. */
	after = sqlite3_mprintf("{\"kind\":\"%w\",\"file\":%Q,\"sha256\":\"%w\","
	    "\"source\":%Q,\"added\":%ld,\"updated\":%ld,\"unchanged\":%ld,"
	    "\"duplicates\":%ld,\"rejected\":%ld}", kind_names[im->kind],
	    im->file, sha256, im->source, im->added, im->updated,
	    im->unchanged, im->duplicates, im->rejected);
	if (after == NULL)
		return ceu_db_fail(db, CEU_EIO, "out of memory");
	snprintf(id, sizeof(id), "%lld", im->batch);
	rc = ceu_journal_append(db, "import", "batch", id, NULL, after, NULL);
	sqlite3_free(after);
	return rc;
}

/* ---- field helpers ---- */

/* Field col of row, "" when the column is absent. */
static const char *
field(const struct ceu_import *im, const struct ceu_csv_row *row, int col)
{
	int i = im->map[col];

	return i >= 0 && (size_t)i < row->nfield ? row->field[i] : "";
}

/* A text field with blanks folded; CEU_EDATA when required and empty. */
static int
text_field(struct ceu_import *im, const struct ceu_csv_row *row, int col,
    int required, char *out, size_t size)
{
	ceu_fold_blanks(field(im, row, col), out, size);
	if (required && *out == '\0')
		return ceu_db_fail(im->rd, CEU_EDATA, "empty %s",
		    kinds[im->kind].cols[col].name);
	return CEU_OK;
}

static int
id_field(struct ceu_import *im, const struct ceu_csv_row *row, int col,
    char out[CEU_ID_LEN + 1])
{
	const char *s = field(im, row, col), *why;

	if ((why = ceu_ident_person(s, out)) == NULL)
		return CEU_OK;
	/* Excel turns an unformatted ID column into numbers: 4.50102E+17. */
	if (strpbrk(s, "eE") != NULL && strchr(s, '+') != NULL)
		return ceu_db_fail(im->rd, CEU_EDATA, "invalid ID number '%s': "
		    "the spreadsheet turned it into a number; format the "
		    "column as text and export again", s);
	return ceu_db_fail(im->rd, CEU_EDATA, "invalid ID number '%s' (%s)",
	    s, why);
}

static int
unit_field(struct ceu_import *im, const struct ceu_csv_row *row, int col,
    char out[CEU_ID_LEN + 1])
{
	const char *s = field(im, row, col), *why;

	if ((why = ceu_ident_unit(s, out)) != NULL)
		return ceu_db_fail(im->rd, CEU_EDATA, "invalid unit code '%s' "
		    "(%s)", s, why);
	return CEU_OK;
}

static int
hours_field(struct ceu_import *im, const struct ceu_csv_row *row, int col,
    long *tenths)
{
	const char *s = field(im, row, col);

	if (ceu_hours_parse(s, tenths) != 0)
		return ceu_db_fail(im->rd, CEU_EDATA, "invalid hours '%s' "
		    "(a number > 0 with at most one decimal)", s);
	return CEU_OK;
}

static int
date_field(struct ceu_import *im, const struct ceu_csv_row *row, int col,
    int *ymd)
{
	const char *s = field(im, row, col);
	char buf[32];

	ceu_fold_blanks(s, buf, sizeof(buf));
	if (ceu_date_parse_loose(buf, ymd) != 0)
		return ceu_db_fail(im->rd, CEU_EDATA, "invalid %s '%s' "
		    "(YYYY-MM-DD)", kinds[im->kind].cols[col].name, s);
	return CEU_OK;
}

static int
year_field(struct ceu_import *im, const struct ceu_csv_row *row, int col,
    int *year)
{
	const char *s = field(im, row, col);
	char buf[32];

	ceu_fold_blanks(s, buf, sizeof(buf));
	if (ceu_year_parse(buf, year) != 0)
		return ceu_db_fail(im->rd, CEU_EDATA, "invalid year '%s'", s);
	return CEU_OK;
}

/* Subjects in English or as the notice names them. */
static int
subject_parse(const char *s)
{
	static const struct { const char *zh; int subject; } zh[] = {
		{ "专业科目", CEU_PROFESSIONAL }, { "专业", CEU_PROFESSIONAL },
		{ "公需科目选修", CEU_PUBLIC_ELECTIVE },
		{ "公需选修", CEU_PUBLIC_ELECTIVE },
		{ "公需科目必修", CEU_PUBLIC_REQUIRED },
		{ "公需必修", CEU_PUBLIC_REQUIRED },
	};

	for (size_t i = 0; i < NELEM(zh); i++)
		if (strcmp(s, zh[i].zh) == 0)
			return zh[i].subject;
	return ceu_subject_parse(s);
}

/* R5, R10: hours that a route other than the exam may bring. */
static int
subject_field(struct ceu_import *im, const struct ceu_csv_row *row, int col,
    int *subject)
{
	const char *s = field(im, row, col);
	char buf[64];

	ceu_fold_blanks(s, buf, sizeof(buf));
	if ((*subject = subject_parse(buf)) < 0)
		return ceu_db_fail(im->rd, CEU_EDATA, "invalid subject '%s' "
		    "(professional or public_elective)", s);
	if (*subject == CEU_PUBLIC_REQUIRED)
		return ceu_db_fail(im->rd, CEU_EDATA, "public_required hours "
		    "come only from the exam (R5); import them as exams");
	return CEU_OK;
}

/* R8: category in English or Chinese; may be empty when not required. */
static int
category_field(struct ceu_import *im, const struct ceu_csv_row *row,
    int col, int required, int *category)
{
	const char *s = field(im, row, col);
	char buf[64];

	ceu_fold_blanks(s, buf, sizeof(buf));
	*category = -1;
	if (*buf == '\0' && !required)
		return CEU_OK;
	if ((*category = ceu_category_parse(buf)) < 0)
		return ceu_db_fail(im->rd, CEU_EDATA, "invalid category '%s' "
		    "(R8: training, self_study, academic, publication, "
		    "major_work, other)", s);
	return CEU_OK;
}

/* "85", "85.5" -> tenths of a point, 0..1000. */
static int
score_field(struct ceu_import *im, const struct ceu_csv_row *row, int col,
    int *score)
{
	const char *s = field(im, row, col);

	if (ceu_score_parse(s, score) != 0)
		return ceu_db_fail(im->rd, CEU_EDATA, "invalid score '%s' (0 to "
		    "100, at most one decimal)", s);
	return CEU_OK;
}

/* The person with this ID number, remembered for the next row. */
static int
lookup_person(struct ceu_import *im, const char *id_no)
{
	struct ceu_person p;
	int found, rc;

	if (im->person_id != 0 && strcmp(im->person_id_no, id_no) == 0)
		return CEU_OK;
	im->person_id = 0;
	if ((rc = ceu_person_find(im->rd, id_no, &found, &p)) != CEU_OK)
		return rc;
	if (!found)
		return ceu_db_fail(im->rd, CEU_EDATA, "unknown person %s (not "
		    "on the register; import persons first)", id_no);
	memcpy(im->person_id_no, id_no, CEU_ID_LEN + 1);
	snprintf(im->person_name, sizeof(im->person_name), "%s", p.name);
	im->person_id = p.id;
	return CEU_OK;
}

/* The filed class filing_no, remembered for the next row.  *found says
 * whether it exists (a missing one is not an error here). */
static int
lookup_filing(struct ceu_import *im, const char *filing_no, int *found)
{
	static const char sql[] = "SELECT title, subject, category, "
	    "start_date, end_date, hours FROM filing WHERE filing_no = ?1";
	sqlite3_stmt *st;
	int rc;

	*found = 1;
	if (im->filing_no[0] != '\0' && strcmp(im->filing_no, filing_no) == 0)
		return CEU_OK;
	im->filing_no[0] = '\0';
	if ((st = ceu_db_stmt(im->rd, sql)) == NULL)
		return im->rd->code;
	sqlite3_bind_text(st, 1, filing_no, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		snprintf(im->filing_title, sizeof(im->filing_title), "%s",
		    ceu_col_text(st, 0));
		im->filing_subject = ceu_subject_parse(ceu_col_text(st, 1));
		im->filing_category = ceu_category_parse(ceu_col_text(st, 2));
		ceu_date_parse(ceu_col_text(st, 3), &im->filing_start);
		ceu_date_parse(ceu_col_text(st, 4), &im->filing_end);
		im->filing_hours = (long)sqlite3_column_int64(st, 5);
		snprintf(im->filing_no, sizeof(im->filing_no), "%s",
		    filing_no);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return ceu_db_sqlfail(im->rd, "filing");
	*found = rc == SQLITE_ROW;
	return CEU_OK;
}

static void
count(struct ceu_import *im, int outcome)
{
	im->outcome = outcome;
	switch (outcome) {
	case CEU_IMPORT_ADDED:
		im->added++;
		break;
	case CEU_IMPORT_UPDATED:
		im->updated++;
		break;
	case CEU_IMPORT_UNCHANGED:
		im->unchanged++;
		break;
	default:
		im->duplicates++;
		break;
	}
}

/* Count what an upsert did (enum ceu_upsert). */
static void
count_upsert(struct ceu_import *im, int what)
{
	count(im, what == CEU_ADDED ? CEU_IMPORT_ADDED : what == CEU_UPDATED ?
	    CEU_IMPORT_UPDATED : CEU_IMPORT_UNCHANGED);
}

/* ---- units, persons, policy ---- */

static int
load_unit(struct ceu_import *im, const struct ceu_csv_row *row)
{
	char code[CEU_ID_LEN + 1], name[256], city[32], industry[128];
	struct ceu_unit u;
	int found, what, rc;

	if ((rc = unit_field(im, row, U_CODE, code)) != CEU_OK ||
	    (rc = text_field(im, row, U_NAME, 1, name, sizeof(name))) ||
	    (rc = text_field(im, row, U_CITY, 1, city, sizeof(city))) ||
	    (rc = text_field(im, row, U_INDUSTRY, 1, industry,
	    sizeof(industry))))
		return rc;
	/* R1: a unit is in one city, named by its 6-digit code. */
	if (strlen(city) != 6 || strspn(city, "0123456789") != 6)
		return ceu_db_fail(im->db, CEU_EDATA, "invalid city code '%s' "
		    "(6 digits, as 450100)", city);
	u = (struct ceu_unit){ code, name, city, industry };
	if ((rc = ceu_unit_find(im->db, code, &found, NULL)) != CEU_OK)
		return rc;
	/* R16: a change to a unit on file is journaled before/after. */
	if ((rc = ceu_unit_upsert(im->db, &u, im->batch, found, &what)))
		return rc;
	count_upsert(im, what);
	return CEU_OK;
}

static int
load_person(struct ceu_import *im, const struct ceu_csv_row *row)
{
	char id[CEU_ID_LEN + 1], unit[CEU_ID_LEN + 1], name[256];
	char specialty[256], title[256];
	struct ceu_person p;
	int found, what, rc;

	if ((rc = id_field(im, row, P_ID, id)) != CEU_OK ||
	    (rc = text_field(im, row, P_NAME, 1, name, sizeof(name))) ||
	    (rc = unit_field(im, row, P_UNIT, unit)) ||
	    (rc = text_field(im, row, P_SPECIALTY, 0, specialty,
	    sizeof(specialty))) ||
	    (rc = text_field(im, row, P_TITLE, 0, title, sizeof(title))))
		return rc;
	p = (struct ceu_person){ 0, id, name, unit, specialty, title };
	if ((rc = ceu_person_find(im->db, id, &found, NULL)) != CEU_OK)
		return rc;
	/* R1: the unit must be on file (ceu_person_upsert says so);
	 * R16: a change of name or unit is journaled before/after. */
	if ((rc = ceu_person_upsert(im->db, &p, im->batch, found, &what)))
		return rc;
	im->person_id = 0;	/* the name may have changed */
	count_upsert(im, what);
	return CEU_OK;
}

static int
load_policy(struct ceu_import *im, const struct ceu_csv_row *row)
{
	char key[64], value[256];
	int year, what, rc;

	if ((rc = year_field(im, row, Y_YEAR, &year)) != CEU_OK ||
	    (rc = text_field(im, row, Y_KEY, 1, key, sizeof(key))) ||
	    (rc = text_field(im, row, Y_VALUE, 1, value, sizeof(value))) ||
	    (rc = ceu_policy_set(im->db, year, key, value, &what)))
		return rc;
	count_upsert(im, what);
	return CEU_OK;
}

/* ---- filings ---- */

/* ?1..?8: a filing's number, organiser, title, subject, category,
 * dates and hours (dates bound as copies). */
static void
bind_filing(sqlite3_stmt *st, const char *no, const char *organizer,
    const char *title, int subject, int category, int start, int end,
    long hours)
{
	char d[11];

	sqlite3_bind_text(st, 1, no, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, organizer, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, title, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, ceu_subject_name(subject), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, ceu_category_name(category), -1,
	    SQLITE_STATIC);
	sqlite3_bind_text(st, 6, ceu_date_format(start, d), -1,
	    SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 7, ceu_date_format(end, d), -1,
	    SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 8, hours);
}

/* A filing already on file must say the same; a class re-filed with other
 * values would change hours already on archives. */
static int
filing_same(struct ceu_import *im, const char *no, const char *organizer,
    const char *title, int subject, int category, int start, int end,
    long hours, int *same)
{
	static const char sql[] = "SELECT organizer = ?2 AND title = ?3 AND "
	    "subject = ?4 AND category = ?5 AND start_date = ?6 AND "
	    "end_date = ?7 AND hours = ?8 FROM filing WHERE filing_no = ?1";
	sqlite3_stmt *st = ceu_db_stmt(im->db, sql);
	int rc;

	if (st == NULL)
		return im->db->code;
	bind_filing(st, no, organizer, title, subject, category, start, end,
	    hours);
	rc = sqlite3_step(st);
	*same = rc == SQLITE_ROW && sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? CEU_OK : ceu_db_sqlfail(im->db, "filing");
}

static int
insert_filing(struct ceu_import *im, const char *no, const char *organizer,
    const char *title, int subject, int category, int start, int end,
    long hours)
{
	static const char sql[] = "INSERT INTO filing(filing_no, organizer, "
	    "title, subject, category, start_date, end_date, hours, batch, "
	    "created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
	sqlite3_stmt *st = ceu_db_stmt(im->db, sql);
	int rc;

	if (st == NULL)
		return im->db->code;
	bind_filing(st, no, organizer, title, subject, category, start, end,
	    hours);
	sqlite3_bind_int64(st, 9, im->batch);
	sqlite3_bind_text(st, 10, im->db->now, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? CEU_OK : ceu_db_sqlfail(im->db,
	    "cannot add filing");
}

static int
load_filing(struct ceu_import *im, const struct ceu_csv_row *row)
{
	char no[128], organizer[256], title[512];
	int subject, category, start, end, found, same, rc;
	long hours;

	if ((rc = text_field(im, row, F_NO, 1, no, sizeof(no))) ||
	    (rc = text_field(im, row, F_ORGANIZER, 1, organizer,
	    sizeof(organizer))) ||
	    (rc = text_field(im, row, F_TITLE, 1, title, sizeof(title))) ||
	    (rc = subject_field(im, row, F_SUBJECT, &subject)) ||
	    (rc = category_field(im, row, F_CATEGORY, 1, &category)) ||
	    (rc = date_field(im, row, F_START, &start)) ||
	    (rc = date_field(im, row, F_END, &end)) ||
	    (rc = hours_field(im, row, F_HOURS, &hours)))
		return rc;
	if (end < start)
		return ceu_db_fail(im->db, CEU_EDATA, "end_date before "
		    "start_date");
	/* R9: a class belongs to one year, the year of its dates. */
	if (end / 10000 != start / 10000)
		return ceu_db_fail(im->db, CEU_EDATA, "class runs across years "
		    "%d and %d; file one class per year (R9)", start / 10000,
		    end / 10000);
	if ((rc = lookup_filing(im, no, &found)) != CEU_OK)
		return rc;
	if (!found) {
		if ((rc = insert_filing(im, no, organizer, title, subject,
		    category, start, end, hours)) == CEU_OK)
			count(im, CEU_IMPORT_ADDED);
		return rc;
	}
	if ((rc = filing_same(im, no, organizer, title, subject, category,
	    start, end, hours, &same)) != CEU_OK)
		return rc;
	if (!same)
		return ceu_db_fail(im->db, CEU_EDATA, "filing %s is on file "
		    "with other values; a filed class is not changed (R10)",
		    no);
	count(im, CEU_IMPORT_UNCHANGED);
	return CEU_OK;
}

/* ---- records: roster and hours ---- */

/* One queued row: its fields as read and either why it was rejected or
 * the record it makes, whose strings are offsets into the queue's text
 * until the chunk is written. */
struct queued {
	long line;
	size_t nfield;
	size_t fields;			/* nfield strings, one after another */
	size_t msg;			/* rejected: why; else NOWHERE */
	size_t title, filing_no, ref;	/* or NOWHERE for NULL */
	size_t key;			/* its activity key (R10) */
	struct ceu_record rec;
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
	char **field;			/* a reported row's fields */
	size_t field_cap;
};

static void
queue_free(struct ceu_import_queue *q)
{
	if (q == NULL)
		return;
	free(q->text);
	free(q->field);
	free(q);
}

/* Copy s (NULL: none) into the queue's text; its offset, or NOWHERE. */
static int
queue_text(struct ceu_import *im, const char *s, size_t *at)
{
	struct ceu_import_queue *q = im->queue;
	size_t len;
	char *p;

	*at = NOWHERE;
	if (s == NULL)
		return CEU_OK;
	len = strlen(s) + 1;
	if (q->len + len > q->cap) {
		size_t cap = 2 * (q->len + len);

		if ((p = realloc(q->text, cap)) == NULL)
			return ceu_db_fail(im->rd, CEU_EIO, "out of memory");
		q->text = p;
		q->cap = cap;
	}
	memcpy(q->text + q->len, s, len);
	*at = q->len;
	q->len += len;
	return CEU_OK;
}

/* Start queueing row: a copy of its fields and line, for the report. */
static int
queue_row(struct ceu_import *im, const struct ceu_csv_row *row)
{
	struct ceu_import_queue *q = im->queue;
	struct queued *e;
	size_t at;
	int rc;

	if (q == NULL) {
		if ((q = im->queue = calloc(1, sizeof(*q))) == NULL)
			return ceu_db_fail(im->rd, CEU_EIO, "out of memory");
	}
	e = &q->row[q->n];
	e->line = row->line;
	e->nfield = row->nfield;
	e->fields = q->len;
	e->msg = NOWHERE;
	for (size_t i = 0; i < row->nfield; i++)
		if ((rc = queue_text(im, row->field[i], &at)) != CEU_OK)
			return rc;
	return CEU_OK;
}

/* The record of the row being queued (validated): its strings copied. */
static int
queue_record(struct ceu_import *im, const struct ceu_record *r)
{
	struct queued *e = &im->queue->row[im->queue->n];
	char key[512];
	int rc;

	e->rec = *r;
	/* Made here, by the thread that reads, not the one that writes. */
	ceu_record_key(r, key, sizeof(key));
	if ((rc = queue_text(im, r->title, &e->title)) != CEU_OK ||
	    (rc = queue_text(im, r->filing_no, &e->filing_no)) != CEU_OK ||
	    (rc = queue_text(im, r->ref, &e->ref)) != CEU_OK ||
	    (rc = queue_text(im, key, &e->key)) != CEU_OK)
		return rc;
	return CEU_OK;
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
	struct ceu_csv_row row = { e->nfield, NULL, e->line };
	struct ceu_import_report rep = { &row, outcome, msg };
	const char *s = q->text + e->fields;

	if (outcome == CEU_IMPORT_REJECTED)
		im->rejected++;
	else
		count(im, outcome);
	im->outcome = outcome;
	if (im->report == NULL)
		return CEU_OK;
	if (e->nfield > q->field_cap) {
		char **p = realloc(q->field, e->nfield * sizeof(*p));

		if (p == NULL)
			return ceu_db_fail(im->db, CEU_EIO, "out of memory");
		q->field = p;
		q->field_cap = e->nfield;
	}
	for (size_t i = 0; i < e->nfield; i++, s += strlen(s) + 1)
		q->field[i] = (char *)s;
	row.field = q->field;
	im->report(im->report_ctx, &rep);
	return CEU_OK;
}

/* Report an accepted row by what ceu_record_add_many did with r (R10:
 * held by the same route with the same hours is this row loaded again,
 * unchanged; held by another is a duplicate, said where). */
static int
report_record(struct ceu_import *im, struct ceu_import_queue *q,
    const struct queued *e, const struct ceu_record *r,
    const struct ceu_record_result *res)
{
	long long holder = res->holder;
	int rc;

	if (res->added)
		return report_row(im, q, e, CEU_IMPORT_ADDED, NULL);
	if (res->same)
		return report_row(im, q, e, CEU_IMPORT_UNCHANGED, NULL);
	if (holder == 0 && (rc = ceu_record_holder(im->db, r, &holder)))
		return rc;
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

/* Write the records of chunk q and report its rows, in file order. */
static int
flush_queue(struct ceu_import *im, struct ceu_import_queue *q)
{
	size_t i, k = 0;
	int rc;

	if (q == NULL || q->n == 0)
		return CEU_OK;
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
	q->n = 0;
	q->len = 0;
	/* Leave no dirty page in the cache: the next chunk's statement then
	 * never spills one, which would copy it to the statement journal
	 * first (twice the writes). */
	if (rc == CEU_OK && sqlite3_db_cacheflush(im->db->sql) != SQLITE_OK)
		rc = ceu_db_sqlfail(im->db, "cannot write records");
	return rc;
}

int
ceu_import_flush(struct ceu_import *im)
{
	return flush_queue(im, im->queue);
}

static int
load_roster(struct ceu_import *im, const struct ceu_csv_row *row)
{
	char no[128], id[CEU_ID_LEN + 1], name[256];
	struct ceu_record r;
	int found, rc;
	long hours;

	if ((rc = text_field(im, row, R_FILING, 1, no, sizeof(no))) ||
	    (rc = id_field(im, row, R_ID, id)) ||
	    (rc = text_field(im, row, R_NAME, 1, name, sizeof(name))) ||
	    (rc = hours_field(im, row, R_HOURS, &hours)))
		return rc;
	if ((rc = lookup_filing(im, no, &found)) != CEU_OK)
		return rc;
	if (!found)
		return ceu_db_fail(im->rd, CEU_EDATA, "unknown filing %s (R10: "
		    "file the class first)", no);
	if ((rc = lookup_person(im, id)) != CEU_OK)
		return rc;
	/* R10: the organiser's roster names people as the register does. */
	if (strcmp(name, im->person_name) != 0)
		return ceu_db_fail(im->rd, CEU_EDATA, "name '%s' does not match "
		    "the register '%s' for %s", name, im->person_name, id);
	if (hours > im->filing_hours) {
		char h[24], fh[24];
		return ceu_db_fail(im->rd, CEU_EDATA, "hours %s exceed the %s "
		    "hours filed for %s", ceu_hours_format(hours, h),
		    ceu_hours_format(im->filing_hours, fh), no);
	}
	memset(&r, 0, sizeof(r));
	r.person_id = im->person_id;
	r.year = im->filing_start / 10000;	/* R9 */
	r.subject = im->filing_subject;
	r.category = im->filing_category;
	r.hours = hours;
	r.title = im->filing_title;
	r.date = im->filing_start;
	r.end_date = im->filing_end;
	r.source = "roster";
	r.filing_no = im->filing_no;
	r.status = CEU_APPROVED;
	r.batch = im->batch;
	return queue_record(im, &r);
}

static int
load_hours(struct ceu_import *im, const struct ceu_csv_row *row)
{
	char id[CEU_ID_LEN + 1], title[512], ref[128];
	int year, subject, category, date, found, rc;
	struct ceu_record r;
	long hours;

	if ((rc = id_field(im, row, H_ID, id)) ||
	    (rc = year_field(im, row, H_YEAR, &year)) ||
	    (rc = subject_field(im, row, H_SUBJECT, &subject)) ||
	    (rc = category_field(im, row, H_CATEGORY,
	    subject == CEU_PROFESSIONAL, &category)) ||
	    (rc = hours_field(im, row, H_HOURS, &hours)) ||
	    (rc = text_field(im, row, H_TITLE, 1, title, sizeof(title))) ||
	    (rc = date_field(im, row, H_DATE, &date)) ||
	    (rc = text_field(im, row, H_REF, 1, ref, sizeof(ref))))
		return rc;
	/* R9: hours belong to the year of the activity. */
	if (date / 10000 != year)
		return ceu_db_fail(im->rd, CEU_EDATA, "date %s is not in year "
		    "%d (R9: no cross-year registration)", field(im, row,
		    H_DATE), year);
	if ((rc = lookup_person(im, id)) != CEU_OK)
		return rc;
	/* R10: a ref that is a filing number is that filed class. */
	found = in_filing_set(im, ref);
	if (found && (rc = lookup_filing(im, ref, &found)) != CEU_OK)
		return rc;
	memset(&r, 0, sizeof(r));
	r.person_id = im->person_id;
	r.year = year;
	r.subject = subject;
	r.category = category;
	r.hours = hours;
	r.title = title;
	r.date = date;
	r.source = "integration";
	r.source_name = im->source;
	r.filing_no = found ? im->filing_no : NULL;
	r.ref = ref;
	r.status = CEU_APPROVED;
	r.batch = im->batch;
	return queue_record(im, &r);
}

/* ---- exams ---- */

static int
load_exam(struct ceu_import *im, const struct ceu_csv_row *row)
{
	char id[CEU_ID_LEN + 1];
	int year, date, score = 0, exists, passed, rc;

	if ((rc = id_field(im, row, E_ID, id)) ||
	    (rc = year_field(im, row, E_YEAR, &year)) ||
	    (rc = date_field(im, row, E_DATE, &date)) ||
	    (rc = score_field(im, row, E_SCORE, &score)) ||
	    (rc = lookup_person(im, id)))
		return rc;
	if ((rc = ceu_exam_attempt_exists(im->db, im->person_id, year, date,
	    score, &exists)) != CEU_OK)
		return rc;
	if (exists) {
		count(im, CEU_IMPORT_UNCHANGED);
		return CEU_OK;
	}
	/* R6, R7: the rule of ceu-exam attempt, in one place; a refused
	 * attempt leaves nothing behind. */
	if ((rc = ceu_db_exec(im->db, "SAVEPOINT import_row")) != CEU_OK)
		return rc;
	rc = ceu_exam_attempt(im->db, im->person_id, year, score, date, 1,
	    im->batch, &passed);
	if (rc != CEU_OK) {
		int code = im->db->code;
		char msg[sizeof(im->db->msg)];

		memcpy(msg, im->db->msg, sizeof(msg));
		ceu_db_exec(im->db, "ROLLBACK TO import_row");
		ceu_db_exec(im->db, "RELEASE import_row");
		/* A refusal by the rule is this row's fault. */
		return ceu_db_fail(im->db, code == CEU_EREFUSED ? CEU_EDATA :
		    code, "%s", msg);
	}
	if ((rc = ceu_db_exec(im->db, "RELEASE import_row")) != CEU_OK)
		return rc;
	count(im, CEU_IMPORT_ADDED);
	return CEU_OK;
}

/* ---- rows ---- */

static int
blank_row(const struct ceu_csv_row *row)
{
	for (size_t i = 0; i < row->nfield; i++)
		if (row->field[i][strspn(row->field[i], " \t\r\n")] != '\0')
			return 0;
	return 1;
}

/* Validate and load row by its kind; roster and hours rows are queued
 * (queue_row must have started them). */
static int
load_row(struct ceu_import *im, const struct ceu_csv_row *row)
{
	static int (*const load[CEU_IMPORT_NKINDS])(struct ceu_import *,
	    const struct ceu_csv_row *) = {
		load_unit, load_person, load_filing, load_roster, load_hours,
		load_exam, load_policy,
	};
	int rc;

	if (row->nfield != im->nfields)
		rc = ceu_db_fail(im->rd, CEU_EDATA, "%zu fields where the "
		    "header has %zu", row->nfield, im->nfields);
	else if ((rc = check_unnamed(im, row)) == CEU_OK)
		rc = load[im->kind](im, row);
	if (rc == CEU_EREFUSED)
		rc = im->rd->code = CEU_EDATA;
	return rc;
}

static int
queued_kind(int kind)
{
	return kind == CEU_IMPORT_ROSTER || kind == CEU_IMPORT_HOURS;
}

/* Validate row into the chunk being filled, with why it is rejected. */
static int
queue_take(struct ceu_import *im, const struct ceu_csv_row *row)
{
	struct queued *e;
	int rc;

	if ((rc = queue_row(im, row)) != CEU_OK)
		return rc;
	e = &im->queue->row[im->queue->n];
	if ((rc = load_row(im, row)) == CEU_EDATA)
		rc = queue_text(im, im->rd->msg, &e->msg);
	if (rc != CEU_OK)
		return rc;
	im->queue->n++;
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

	/* Excel leaves rows of empty cells below a sheet: not data. */
	if (blank_row(row))
		return CEU_OK;
	if (!queued_kind(im->kind)) {
		if ((rc = load_row(im, row)) == CEU_EDATA) {
			im->rejected++;
			im->outcome = CEU_IMPORT_REJECTED;
			rep.msg = im->rd->msg;
		} else if (rc != CEU_OK)
			return rc;
		rep.outcome = im->outcome;
		if (im->report != NULL)
			im->report(im->report_ctx, &rep);
		return CEU_OK;
	}
	if ((rc = queue_take(im, row)) != CEU_OK)
		return rc;
	return queue_full(im->queue) ? ceu_import_flush(im) : CEU_OK;
}

int
ceu_import_row(struct ceu_import *im, const struct ceu_csv_row *row)
{
	int rc;

	if (blank_row(row))
		return CEU_OK;
	if (!queued_kind(im->kind)) {
		if ((rc = load_row(im, row)) == CEU_EDATA)
			im->rejected++;
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
 * changed by a roster or hours import), while the caller's thread writes
 * the chunks already filled, in file order, and reports their rows.
 * Chunks go round between the two; each is touched by one thread at a
 * time, handed over under the mutex.
 */
#define NCHUNKS 3

struct pipeline {
	struct ceu_import *im;
	struct ceu_csv *csv;
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
	struct ceu_import *im = p->im;
	int stopped;

	pthread_mutex_lock(&p->mu);
	if (im->queue->n > 0) {
		im->queue->offset = ceu_csv_offset(p->csv);
		p->full[(p->head + p->nfull) % NCHUNKS] = im->queue;
		p->nfull++;
		pthread_cond_broadcast(&p->cv);
	}
	if (!last) {
		/* Only ever called with a full chunk, now handed over. */
		while (p->nspare == 0 && !p->stop)
			pthread_cond_wait(&p->cv, &p->mu);
		im->queue = p->stop ? NULL : p->spare[--p->nspare];
	}
	stopped = p->stop;
	pthread_mutex_unlock(&p->mu);
	return stopped;
}

static void *
reader_main(void *arg)
{
	struct pipeline *p = arg;
	struct ceu_import *im = p->im;
	const struct ceu_csv_row *row;
	int got = 0, rc = CEU_OK, stopped = 0;

	while (!stopped && (got = ceu_csv_next(p->csv, &row)) == 1) {
		/* Excel leaves rows of empty cells below a sheet. */
		if (blank_row(row))
			continue;
		if ((rc = queue_take(im, row)) != CEU_OK)
			break;
		if (queue_full(im->queue))
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

/* Read and write at once; CEU_EUSAGE when it cannot be done here (the
 * database is not a file another connection can open). */
static int
rows_threaded(struct ceu_import *im, struct ceu_csv *csv,
    void (*progress)(void *, long long), void *ctx, int *fault)
{
	struct pipeline p;
	struct ceu_db *rd;
	pthread_t reader;
	int rc;

	if (ceu_db_open_reader(im->db, &rd) != CEU_OK)
		return CEU_EUSAGE;
	memset(&p, 0, sizeof(p));
	p.im = im;
	p.csv = csv;
	pthread_mutex_init(&p.mu, NULL);
	pthread_cond_init(&p.cv, NULL);
	queue_free(im->queue);
	for (size_t i = 0; i < NCHUNKS; i++)
		if ((p.chunk[i] = calloc(1, sizeof(*p.chunk[i]))) == NULL)
			abort();
	im->queue = p.chunk[0];
	for (size_t i = 1; i < NCHUNKS; i++)
		p.spare[p.nspare++] = p.chunk[i];
	im->rd = rd;
	if (pthread_create(&reader, NULL, reader_main, &p) != 0) {
		rc = CEU_EUSAGE;
		im->queue = NULL;
	} else {
		rc = write_chunks(&p, progress, ctx);
		pthread_join(reader, NULL);
		im->queue = NULL;
		if (rc == CEU_OK && p.rc != CEU_OK) {
			/* The reader's failure, told on the writer's side. */
			im->db->code = rd->code;
			memcpy(im->db->msg, rd->msg, sizeof(im->db->msg));
			rc = rd->code;
		}
		*fault = p.fault;
	}
	im->rd = im->db;
	ceu_db_close(rd);
	for (size_t i = 0; i < NCHUNKS; i++)
		queue_free(p.chunk[i]);
	pthread_cond_destroy(&p.cv);
	pthread_mutex_destroy(&p.mu);
	return rc;
}

int
ceu_import_rows(struct ceu_import *im, struct ceu_csv *csv,
    void (*progress)(void *ctx, long long offset), void *ctx, int *fault)
{
	const struct ceu_csv_row *row;
	long n = 0;
	int got, rc;

	*fault = 0;
	if (queued_kind(im->kind) && (rc = rows_threaded(im, csv, progress,
	    ctx, fault)) != CEU_EUSAGE)
		return rc;
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
	return CEU_OK;
}

/* ---- listing and undo ---- */

int
ceu_import_batches(struct ceu_db *db,
    int (*fn)(void *ctx, const char *const *values), void *ctx)
{
	static const char sql[] = "SELECT id, kind, file, sha256, added, "
	    "unchanged, rejected, actor, at, undone_at FROM batch ORDER BY id";
	const char *v[CEU_IMPORT_BATCH_COLS];
	sqlite3_stmt *st = ceu_db_stmt(db, sql);
	int rc = SQLITE_DONE, stop = 0;

	if (st == NULL)
		return db->code;
	while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (int i = 0; i < CEU_IMPORT_BATCH_COLS; i++)
			v[i] = (const char *)sqlite3_column_text(st, i);
		stop = fn(ctx, v);
	}
	sqlite3_reset(st);
	if (!stop && rc != SQLITE_DONE)
		return ceu_db_sqlfail(db, "batch");
	return CEU_OK;
}


static int
batch_state(struct ceu_db *db, long long batch, char *kind, size_t size,
    int *undone, long long *first, long long *last)
{
	static const char sql[] = "SELECT kind, undone_at, "
	    "coalesce(first_record, 0), coalesce(last_record, -1) FROM batch "
	    "WHERE id = ?1";
	sqlite3_stmt *st = ceu_db_stmt(db, sql);
	int rc;

	if (st == NULL)
		return db->code;
	sqlite3_bind_int64(st, 1, batch);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		snprintf(kind, size, "%s", ceu_col_text(st, 0));
		*undone = sqlite3_column_type(st, 1) != SQLITE_NULL;
		*first = sqlite3_column_int64(st, 2);
		*last = sqlite3_column_int64(st, 3);
		if (*undone)
			ceu_db_fail(db, CEU_EREFUSED, "batch %lld was undone "
			    "already (%s)", batch, ceu_col_text(st, 1));
	}
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return ceu_db_fail(db, CEU_EREFUSED, "no batch %lld; see "
		    "'ceu-import batches'", batch);
	if (rc != SQLITE_ROW)
		return ceu_db_sqlfail(db, "batch");
	return *undone ? CEU_EREFUSED : CEU_OK;
}

/* The next record of batch after id, up to last, that still counts; 0
 * when none.  (A batch's records are an id range: no index on
 * record(batch) is needed, nor paid for by every loaded row.) */
static int
next_record(struct ceu_db *db, long long batch, long long last,
    long long *id)
{
	static const char sql[] = "SELECT id FROM record WHERE id > ?2 AND "
	    "id <= ?3 AND batch = ?1 AND status IN ('pending', 'approved') "
	    "ORDER BY id LIMIT 1";
	sqlite3_stmt *st = ceu_db_stmt(db, sql);
	int rc;

	if (st == NULL)
		return db->code;
	sqlite3_bind_int64(st, 1, batch);
	sqlite3_bind_int64(st, 2, *id);
	sqlite3_bind_int64(st, 3, last);
	rc = sqlite3_step(st);
	*id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? CEU_OK :
	    ceu_db_sqlfail(db, "record");
}

/* How many people the batch's records that still count belong to. */
static int
count_people(struct ceu_db *db, long long batch, long long first,
    long long last, long *people)
{
	static const char sql[] = "SELECT count(DISTINCT person_id) FROM "
	    "record WHERE id BETWEEN ?2 AND ?3 AND batch = ?1 AND status IN "
	    "('pending', 'approved')";
	sqlite3_stmt *st = ceu_db_stmt(db, sql);
	int rc;

	if (st == NULL)
		return db->code;
	sqlite3_bind_int64(st, 1, batch);
	sqlite3_bind_int64(st, 2, first);
	sqlite3_bind_int64(st, 3, last);
	rc = sqlite3_step(st);
	*people = (long)sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? CEU_OK : ceu_db_sqlfail(db, "record");
}

static int
mark_undone(struct ceu_db *db, long long batch, const char *reason,
    long records, long people)
{
	static const char sql[] = "UPDATE batch SET undone_at = ?2, "
	    "undo_reason = ?3 WHERE id = ?1";
	sqlite3_stmt *st = ceu_db_stmt(db, sql);
	char id[24], *after;
	int rc;

	if (st == NULL)
		return db->code;
	sqlite3_bind_int64(st, 1, batch);
	sqlite3_bind_text(st, 2, db->now, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, reason, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return ceu_db_sqlfail(db, "batch");
	snprintf(id, sizeof(id), "%lld", batch);
	after = sqlite3_mprintf("{\"undone_at\":\"%w\",\"records\":%ld,"
	    "\"people\":%ld}", db->now, records, people);
	rc = ceu_journal_append(db, "undo", "batch", id, NULL, after, reason);
	sqlite3_free(after);
	return rc;
}

int
ceu_import_undo(struct ceu_db *db, long long batch, const char *reason,
    long *records, long *people)
{
	char kind[32];
	long long id, first = 0, last = -1;
	int undone, rc;

	*records = *people = 0;
	if (reason == NULL || *reason == '\0')
		return ceu_db_fail(db, CEU_EUSAGE, "undo needs --reason TEXT "
		    "(R16)");
	if ((rc = batch_state(db, batch, kind, sizeof(kind), &undone,
	    &first, &last)))
		return rc;
	if (strcmp(kind, "roster") != 0 && strcmp(kind, "hours") != 0 &&
	    strcmp(kind, "exams") != 0)
		return ceu_db_fail(db, CEU_EREFUSED, "batch %lld loaded %s, "
		    "which are corrected by importing them again; undo is "
		    "for roster, hours and exams", batch, kind);
	if ((rc = count_people(db, batch, first, last, people)) != CEU_OK)
		return rc;
	for (id = first - 1;;) {
		if ((rc = next_record(db, batch, last, &id)) != CEU_OK)
			return rc;
		if (id == 0)
			break;
		/* R16: each revocation journaled with before and after. */
		if ((rc = ceu_record_set_status(db, id, CEU_REVOKED, reason, 0)))
			return rc;
		++*records;
	}
	return mark_undone(db, batch, reason, *records, *people);
}
