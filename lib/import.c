/*
 * import.c - the bulk loaders of ceu-import (import.h): the kinds and
 * their columns, the batch, and a loader per kind.  A row's fields are
 * parsed and its person and class looked up in import_field.c.
 *
 * A loader validates the whole row before it writes anything, so that a
 * rejected row leaves no trace; exams are checked here and judged by
 * chunks (import_exam.c), the rule left to exam.c, which refuses an
 * attempt before anything of it is written.
 * Strings handed to the lower modules live in fixed buffers: a row costs
 * no allocation.  Roster and hours records, and persons, are queued, not
 * written (import_queue.c).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "filing.h"
#include "import.h"
#include "import_exam.h"
#include "import_field.h"
#include "import_queue.h"
#include "journal.h"
#include "seal.h"
#include "person.h"
#include "policy.h"
#include "record.h"
#include "text.h"
#include "values.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define ID_ALIASES "身份证号|身份证号码|证件号码|公民身份号码"
#define UNIT_ALIASES "单位代码|统一社会信用代码|信用代码"
/* The rejects file of an earlier run may be fixed and loaded again. */
#define REJECT_COLS { "line", "行号", 0 }, { "error", "错误", 0 }

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

enum { S_SOURCE, S_NAME };
static const struct ceu_csv_col source_cols[] = {
	{ "source", "系统|来源", 1 }, { "name", "名称|系统名称", 1 },
	REJECT_COLS,
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
	{ filing_cols, NELEM(filing_cols) },
	{ source_cols, NELEM(source_cols) },
	{ roster_cols, NELEM(roster_cols) },
	{ hours_cols, NELEM(hours_cols) }, { exam_cols, NELEM(exam_cols) },
	{ policy_cols, NELEM(policy_cols) },
};

/* The kinds are an enumeration of values.h: English or Chinese. */
int
ceu_import_kind_parse(const char *s)
{
	return ceu_enum_parse(CEU_ENUM_IMPORT, s);
}

const char *
ceu_import_kind_name(int kind)
{
	return ceu_enum_name(CEU_ENUM_IMPORT, kind, CEU_LANG_EN);
}

/* Reject the row being read: why, left where the reader's messages go
 * (error.h).  Returns CEU_EDATA. */
int
imp_reject(struct ceu_import *im, const char *fmt, ...)
{
	struct ceu_db *db = im->rd->db;
	va_list ap;

	va_start(ap, fmt);
	db->code = ceu_vmsg(db->msg, CEU_EDATA, fmt, ap);
	va_end(ap);
	return CEU_EDATA;
}

/* The English name of column col of the import's kind. */
const char *
imp_col_name(const struct ceu_import *im, int col)
{
	return kinds[im->kind].cols[col].name;
}

/* ---- the batch ---- */

/* Whether kind's loader looks up every reference its rows carry itself
 * (ceu_import_begin). */
static int
fk_off_kind(int kind)
{
	return kind == CEU_IMPORT_PERSONS || kind == CEU_IMPORT_ROSTER ||
	    kind == CEU_IMPORT_HOURS || kind == CEU_IMPORT_EXAMS;
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
	im->db = im->own.db = db;
	im->rd = &im->own;
	im->kind = kind;
	im->file = file;
	im->source = source;
	if (kind < 0 || kind >= CEU_IMPORT_NKINDS)
		return ceu_db_fail(db, CEU_EUSAGE, "unknown kind");
	if (kind == CEU_IMPORT_HOURS && (source == NULL || *source == '\0'))
		return ceu_db_fail(db, CEU_EUSAGE, "hours need --source NAME, "
		    "the integrated system they come from (R10)");
	if (kind != CEU_IMPORT_HOURS && source != NULL)
		return ceu_db_fail(db, CEU_EUSAGE, "--source is for hours "
		    "only");
	/* The source names each record's activity (R10): never cut. */
	if (source != NULL && strlen(source) > CEU_TEXT_CODE_MAX)
		return ceu_db_fail(db, CEU_EUSAGE, "--source longer than %d "
		    "bytes (the limit)", CEU_TEXT_CODE_MAX);
	/* R10: a registered system, in its registered spelling. */
	if (source != NULL && (rc = ceu_source_require(db, source,
	    im->source_name)) != CEU_OK)
		return rc;
	if (source != NULL)
		im->source = im->source_name;
	/*
	 * A bounded page cache, for this connection until ceu_import_end,
	 * keeps memory flat whatever the file size.
	 *
	 * Persons, roster, hours and exams are written with the foreign key
	 * checks off (until ceu_import_end).  Every reference such a row
	 * carries is one the loader has just looked up in this transaction
	 * (the unit of a person, the person by ID number, the filing by its
	 * number) or made (the batch, an exam round); units, persons and
	 * filings are never deleted, and a new record has no audit yet.
	 * Checked again row by row, those look-ups cost a fifth of writing
	 * the row.  CHECK constraints and the unique indexes (R10's among
	 * them) stay on: the database itself still refuses a value that must
	 * never be stored and a second count of one activity.
	 */
	im->began = db->depth == 0;
	if (im->began && fk_off_kind(kind) &&
	    (rc = ceu_db_exec(db, "PRAGMA foreign_keys = OFF")) != CEU_OK) {
		im->began = 0;
		return rc;
	}
	im->fk_off = im->began && fk_off_kind(kind);
	if ((rc = ceu_db_exec(db, "PRAGMA cache_size = -32768")) ||
	    (rc = ceu_db_begin(db))) {
		im->began = 0;
		return rc;
	}
	/* persons: the units on file, in memory (R1). */
	if (kind == CEU_IMPORT_PERSONS &&
	    (rc = ceu_person_load_begin(db, &im->persons)) != CEU_OK)
		return rc;
	/* hours: the filing numbers on file, so that telling whether a ref
	 * names a filed class (R10) costs no query per row. */
	if (kind == CEU_IMPORT_HOURS &&
	    (rc = ceu_filing_set_load(db, &im->filings)) != CEU_OK)
		return rc;
	if ((st = ceu_db_stmt(db, sql)) == NULL)
		return db->code;
	sqlite3_bind_text(st, 1, ceu_import_kind_name(kind), -1,
	    SQLITE_STATIC);
	sqlite3_bind_text(st, 2, file, -1, SQLITE_STATIC);
	if (im->source != NULL)
		sqlite3_bind_text(st, 3, im->source, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, db->actor, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, db->now, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return ceu_db_sqlfail(db, "cannot start batch");
	im->batch = sqlite3_last_insert_rowid(db->sql);
	if ((rc = ceu_seal_row(db, CEU_SEAL_BATCH, im->batch)) != CEU_OK)
		return rc;
	return ceu_record_last_id(db, &im->last_before);
}

void
ceu_import_end(struct ceu_import *im)
{
	struct ceu_db *db = im->db;

	if (im->began && db->depth > 0)
		ceu_db_rollback(db);
	im->began = 0;
	ceu_filing_set_free(&im->filings);
	imp_exam_free(im->exams);
	im->exams = NULL;
	ceu_person_load_free(im->persons);
	im->persons = NULL;
	free(im->unnamed);
	im->unnamed = NULL;
	ceu_import_queue_free(im->own.queue);
	im->own.queue = NULL;
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
	    kinds[im->kind].ncols, ignore_extra, im->map, im->db->msg) !=
	    CEU_OK)
		return im->db->code = CEU_EDATA;
	im->nfields = hdr->nfield;
	free(im->unnamed);
	im->unnamed = ceu_calloc(hdr->nfield + 1, 1);
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
			return imp_reject(im, "value '%s' in column %zu, which has "
			    "no header", row->field[j], j + 1);
	return CEU_OK;
}

/* The batch as the journal keeps it, a JSON object (sqlite3_free it);
 * NULL with db->msg on failure. */
static char *
batch_json(struct ceu_import *im, const char *sha256)
{
	static const char sql[] = "SELECT json_object('kind', ?1, 'file', "
	    "?2, 'sha256', ?3, 'source', ?4, 'added', ?5, 'updated', ?6, "
	    "'unchanged', ?7, 'duplicates', ?8, 'rejected', ?9, 'late', ?10, "
	    "'replaced', ?11)";
	const long n[] = { im->added, im->updated, im->unchanged,
	    im->duplicates, im->rejected, im->late, im->replaced };
	sqlite3_stmt *st = ceu_db_stmt(im->db, sql);
	char *json = NULL;

	if (st == NULL)
		return NULL;
	sqlite3_bind_text(st, 1, ceu_import_kind_name(im->kind), -1,
	    SQLITE_STATIC);
	sqlite3_bind_text(st, 2, im->file, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, sha256, -1, SQLITE_STATIC);
	if (im->source != NULL)
		sqlite3_bind_text(st, 4, im->source, -1, SQLITE_STATIC);
	for (int i = 0; i < 7; i++)
		sqlite3_bind_int64(st, 5 + i, n[i]);
	if (sqlite3_step(st) == SQLITE_ROW)
		json = sqlite3_mprintf("%s", ceu_col_text(st, 0));
	else
		ceu_db_sqlfail(im->db, "batch");
	sqlite3_reset(st);
	return json;
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
	if ((rc = ceu_seal_row(db, CEU_SEAL_BATCH, im->batch)) != CEU_OK)
		return rc;
	/* R16: one journal row for the batch; the records carry its id. */
	if ((after = batch_json(im, sha256)) == NULL)
		return db->code;
	snprintf(id, sizeof(id), "%lld", im->batch);
	/* R6, R9: rows loaded after their deadline, with the reason. */
	rc = ceu_journal_append(db, "import", "batch", id, NULL, after,
	    im->late_reason);
	sqlite3_free(after);
	return rc;
}

void
ceu_import_count(struct ceu_import *im, int outcome)
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
	case CEU_IMPORT_DUPLICATE:
		im->duplicates++;
		break;
	default:
		im->rejected++;
		break;
	}
}

/* Count what an upsert did (enum ceu_upsert). */
static void
count_upsert(struct ceu_import *im, int what)
{
	ceu_import_count(im, what == CEU_ADDED ? CEU_IMPORT_ADDED :
	    what == CEU_UPDATED ? CEU_IMPORT_UPDATED : CEU_IMPORT_UNCHANGED);
}

/* ---- units, persons, policy ---- */

static int
load_unit(struct ceu_import *im, const struct ceu_csv_row *row)
{
	char code[CEU_ID_LEN + 1], name[CEU_TEXT_NAME_MAX + 1], city[32];
	char industry[CEU_TEXT_CODE_MAX + 1];
	const char *why;
	struct ceu_unit u, old;
	int found, what, rc;

	if ((rc = imp_unit(im, row, U_CODE, code)) != CEU_OK ||
	    (rc = imp_text(im, row, U_NAME, 1, name, sizeof(name))) ||
	    (rc = imp_text(im, row, U_CITY, 1, city, sizeof(city))) ||
	    (rc = imp_text(im, row, U_INDUSTRY, 1, industry,
	    sizeof(industry))))
		return rc;
	/* R1: a unit is in one city, named by its 6-digit code. */
	if ((why = ceu_ident_city(city)) != NULL)
		return ceu_db_fail(im->db, CEU_EDATA, "invalid city code '%s' "
		    "(%s)", city, ceu_tr(why));
	u = (struct ceu_unit){ code, name, city, industry };
	if ((rc = ceu_unit_find(im->db, code, &found, &old)) != CEU_OK)
		return rc;
	if (found && strcmp(old.name, name) == 0 &&
	    strcmp(old.city_code, city) == 0 &&
	    strcmp(old.industry, industry) == 0) {
		ceu_import_count(im, CEU_IMPORT_UNCHANGED);
		return CEU_OK;
	}
	/* R16: a new unit is journaled by the batch, a change to one on
	 * file before/after. */
	if (!found) {
		if ((rc = ceu_unit_add(im->db, &u, im->batch)) != CEU_OK)
			return rc;
		ceu_import_count(im, CEU_IMPORT_ADDED);
		return CEU_OK;
	}
	if ((rc = ceu_unit_upsert(im->db, &u, im->batch, 1, &what)))
		return rc;
	count_upsert(im, what);
	return CEU_OK;
}

/* R1: a person in a unit on file (held in memory, else looked up), to
 * be added or updated with its chunk (import_queue.c). */
static int
load_person(struct ceu_import *im, const struct ceu_csv_row *row)
{
	char id[CEU_ID_LEN + 1], unit[CEU_ID_LEN + 1];
	char name[CEU_TEXT_NAME_MAX + 1], specialty[CEU_TEXT_NAME_MAX + 1];
	char title[CEU_TEXT_NAME_MAX + 1];
	struct ceu_person p;
	int found, rc;

	if ((rc = imp_id(im, row, P_ID, id)) != CEU_OK ||
	    (rc = imp_text(im, row, P_NAME, 1, name, sizeof(name))) ||
	    (rc = imp_unit(im, row, P_UNIT, unit)) ||
	    (rc = imp_text(im, row, P_SPECIALTY, 0, specialty,
	    sizeof(specialty))) ||
	    (rc = imp_text(im, row, P_TITLE, 0, title, sizeof(title))))
		return rc;
	if (!ceu_person_load_has_unit(im->persons, unit)) {
		if ((rc = ceu_unit_find(im->rd->db, unit, &found, NULL)))
			return rc;
		if (!found)
			return imp_reject(im, "unknown unit '%s'", unit);
	}
	p = (struct ceu_person){ 0, id, name, unit, specialty, title };
	/* R16: a change of name or unit is journaled before/after, a new
	 * person by the batch (ceu_person_load_row). */
	ceu_import_queue_person(im, &p);
	return CEU_OK;
}

static int
load_policy(struct ceu_import *im, const struct ceu_csv_row *row)
{
	char key[CEU_TEXT_KEY_MAX + 1], value[256];
	int year, what, rc;
	size_t i;

	if ((rc = imp_year(im, row, Y_YEAR, &year)) != CEU_OK ||
	    (rc = imp_text(im, row, Y_KEY, 1, key, sizeof(key))) ||
	    (rc = imp_text(im, row, Y_VALUE, 1, value, sizeof(value))) ||
	    (rc = ceu_policy_set(im->db, year, key, value, &what)))
		return rc;
	/* The years set, to check what their keys say together once every
	 * row is in (ceu_import_rows). */
	for (i = 0; i < im->npolicy_years && im->policy_years[i] != year; i++)
		;
	if (i == im->npolicy_years && i < NELEM(im->policy_years))
		im->policy_years[im->npolicy_years++] = year;
	count_upsert(im, what);
	return CEU_OK;
}

/*
 * After a policy file: each year it set, and the years after it up to
 * this one that inherit from it, loads as a whole (policy.h: deadlines in
 * order, back-fill as a pair), so that no row leaves a year that every
 * later command would fail on.  Rows may come in any order, so this is
 * checked once all are in.  CEU_OK, or CEU_EDATA naming year and key.
 */
int
ceu_import_check_policy(struct ceu_import *im)
{
	struct ceu_policy p;
	int rc, y, last = im->db->today / 10000;

	for (size_t i = 0; i < im->npolicy_years; i++)
		for (y = im->policy_years[i]; y == im->policy_years[i] ||
		    y <= last; y++)
			if ((rc = ceu_policy_load(im->db, y, &p)) != CEU_OK)
				return rc;
	return CEU_OK;
}

/* ---- sources ---- */

/* R10: an integrated system that delivers hours. */
static int
load_source(struct ceu_import *im, const struct ceu_csv_row *row)
{
	char source[CEU_TEXT_CODE_MAX + 1], name[CEU_TEXT_NAME_MAX + 1];
	int what, rc;

	if ((rc = imp_text(im, row, S_SOURCE, 1, source, sizeof(source))) ||
	    (rc = imp_text(im, row, S_NAME, 1, name, sizeof(name))) ||
	    (rc = ceu_source_upsert(im->db, source, name, im->batch, &what)))
		return rc;
	count_upsert(im, what);
	return CEU_OK;
}

/* ---- filings ---- */

static int
load_filing(struct ceu_import *im, const struct ceu_csv_row *row)
{
	char no[CEU_TEXT_CODE_MAX + 1], organizer[CEU_TEXT_NAME_MAX + 1];
	char title[CEU_TEXT_TITLE_MAX + 1];
	struct ceu_filing f;
	int what, rc;

	if ((rc = imp_text(im, row, F_NO, 1, no, sizeof(no))) ||
	    (rc = imp_text(im, row, F_ORGANIZER, 1, organizer,
	    sizeof(organizer))) ||
	    (rc = imp_text(im, row, F_TITLE, 1, title, sizeof(title))) ||
	    (rc = imp_subject(im, row, F_SUBJECT, &f.subject)) ||
	    (rc = imp_category(im, row, F_CATEGORY, 1, &f.category)) ||
	    (rc = imp_date(im, row, F_START, &f.start)) ||
	    (rc = imp_date(im, row, F_END, &f.end)) ||
	    (rc = imp_hours(im, row, F_HOURS, &f.hours)))
		return rc;
	f.no = no;
	f.organizer = organizer;
	f.title = title;
	/* R9, R10: checked and filed once (filing.c). */
	if ((rc = ceu_filing_add(im->db, &f, im->batch, &what)) != CEU_OK)
		return rc;
	ceu_import_count(im, what == CEU_ADDED ? CEU_IMPORT_ADDED :
	    CEU_IMPORT_UNCHANGED);
	return CEU_OK;
}

/* ---- records: roster and hours ---- */

/* The policy of year, remembered for the next row (files come by year). */
static int
reader_policy(struct ceu_import *im, int year)
{
	struct ceu_import_reader *rd = im->rd;

	if (rd->pol.year == year)
		return CEU_OK;
	rd->pol.year = 0;
	return ceu_policy_load(rd->db, year, &rd->pol);
}

/* R9, R10, R11, R16: what the record of a roster or hours row may be, and
 * whether it arrives in time (or late, with the import's reason); then
 * it is queued. */
static int
queue_checked(struct ceu_import *im, struct ceu_record *r)
{
	struct ceu_import_reader *rd = im->rd;
	int rc;

	if ((rc = reader_policy(im, r->year)) != CEU_OK ||
	    (rc = ceu_record_check(rd->db, r, &rd->pol)) != CEU_OK ||
	    (rc = ceu_record_check_arrival(rd->db, &rd->pol, im->late_reason,
	    &r->late)) != CEU_OK)
		return rc;
	ceu_import_queue_record(im, r);
	return CEU_OK;
}

static int
load_roster(struct ceu_import *im, const struct ceu_csv_row *row)
{
	struct ceu_import_reader *rd = im->rd;
	char no[CEU_FILING_LEN + 1], id[CEU_ID_LEN + 1], h[24], fh[24];
	char name[CEU_TEXT_NAME_MAX + 1], shown[CEU_ID_LEN + 1];
	struct ceu_record r;
	int found, rc;
	long hours;

	if ((rc = imp_filing_no(im, row, R_FILING, no)) ||
	    (rc = imp_id(im, row, R_ID, id)) ||
	    (rc = imp_text(im, row, R_NAME, 1, name, sizeof(name))) ||
	    (rc = imp_hours(im, row, R_HOURS, &hours)))
		return rc;
	if ((rc = imp_filing(im, no, &found)) != CEU_OK)
		return rc;
	if (!found)
		return imp_reject(im, "unknown filing %s (R10: file the class "
		    "first)", no);
	if ((rc = imp_person(im, id, 1)) != CEU_OK)
		return rc;
	/* R10: the organiser's roster names people as the register does. */
	if (strcmp(name, rd->person_name) != 0)
		return imp_reject(im, "name '%s' does not match the register '%s' "
		    "for %s", name, rd->person_name,
		    ceu_ident_shown(id, rd->db->show_id, shown));
	if (hours > rd->filing_hours)
		return imp_reject(im, "hours %s exceed the %s hours filed for %s",
		    ceu_hours_format(hours, h),
		    ceu_hours_format(rd->filing_hours, fh), no);
	memset(&r, 0, sizeof(r));
	r.person_id = rd->person_id;
	r.year = rd->filing_start / 10000;	/* R9 */
	r.subject = rd->filing_subject;
	r.category = rd->filing_category;
	r.hours = hours;
	r.title = rd->filing_title;
	r.date = rd->filing_start;
	r.end_date = rd->filing_end;
	r.source = "roster";
	r.filing_no = rd->filing_no;
	r.status = CEU_APPROVED;
	r.batch = im->batch;
	return queue_checked(im, &r);
}

static int
load_hours(struct ceu_import *im, const struct ceu_csv_row *row)
{
	struct ceu_import_reader *rd = im->rd;
	char id[CEU_ID_LEN + 1], title[CEU_TEXT_TITLE_MAX + 1];
	char ref[CEU_TEXT_CODE_MAX + 1], no[CEU_FILING_LEN + 1];
	int year, subject, category, date, found, rc;
	struct ceu_record r;
	long hours;

	if ((rc = imp_id(im, row, H_ID, id)) ||
	    (rc = imp_year(im, row, H_YEAR, &year)) ||
	    (rc = imp_subject(im, row, H_SUBJECT, &subject)) ||
	    (rc = imp_category(im, row, H_CATEGORY,
	    subject == CEU_PROFESSIONAL, &category)) ||
	    (rc = imp_hours(im, row, H_HOURS, &hours)) ||
	    (rc = imp_text(im, row, H_TITLE, 1, title, sizeof(title))) ||
	    (rc = imp_date(im, row, H_DATE, &date)) ||
	    (rc = imp_text(im, row, H_REF, 1, ref, sizeof(ref))))
		return rc;
	/* R9: hours belong to the year of the activity. */
	if ((rc = ceu_record_check_dates(rd->db, year, date, 0)) != CEU_OK ||
	    (rc = imp_person(im, id, 0)) != CEU_OK)
		return rc;
	/* R10: a ref that is a filing number, however spelt, is that filed
	 * class. */
	found = ceu_ident_filing(ref, no) == NULL &&
	    ceu_filing_set_has(&im->filings, no);
	if (found && (rc = imp_filing(im, no, &found)) != CEU_OK)
		return rc;
	memset(&r, 0, sizeof(r));
	r.person_id = rd->person_id;
	r.year = year;
	r.subject = subject;
	r.category = category;
	r.hours = hours;
	r.title = title;
	r.date = date;
	r.source = "integration";
	r.source_name = im->source;
	r.filing_no = found ? rd->filing_no : NULL;
	r.ref = ref;
	r.status = CEU_APPROVED;
	r.batch = im->batch;
	return queue_checked(im, &r);
}

/* ---- exams ---- */

/* An attempt: its fields checked here; its person looked up and the
 * attempt judged with its chunk (import_exam.c, exam.c). */
static int
load_exam(struct ceu_import *im, const struct ceu_csv_row *row)
{
	char id[CEU_ID_LEN + 1];
	int year, date, score = 0, rc;

	if ((rc = imp_id(im, row, E_ID, id)) ||
	    (rc = imp_year(im, row, E_YEAR, &year)) ||
	    (rc = imp_date(im, row, E_DATE, &date)) ||
	    (rc = imp_score(im, row, E_SCORE, &score)))
		return rc;
	imp_exam_put(im, id, year, date, score);
	return CEU_OK;
}

/* ---- rows ---- */

int
ceu_import_blank_row(const struct ceu_csv_row *row)
{
	for (size_t i = 0; i < row->nfield; i++)
		if (row->field[i][strspn(row->field[i], " \t\r\n")] != '\0')
			return 0;
	return 1;
}

int
ceu_import_queued_kind(int kind)
{
	return kind == CEU_IMPORT_ROSTER || kind == CEU_IMPORT_HOURS ||
	    kind == CEU_IMPORT_PERSONS;
}

int
ceu_import_load_row(struct ceu_import *im, const struct ceu_csv_row *row)
{
	static int (*const load[CEU_IMPORT_NKINDS])(struct ceu_import *,
	    const struct ceu_csv_row *) = {
		load_unit, load_person, load_filing, load_source, load_roster,
		load_hours,
		load_exam, load_policy,
	};
	struct ceu_db *db = im->rd->db;
	int rc;

	im->change[0] = '\0';
	if (row->error != NULL)		/* not valid in the file's encoding */
		rc = ceu_db_fail(db, CEU_EDATA, "%s", row->error);
	else if (row->nfield != im->nfields)
		rc = ceu_db_fail(db, CEU_EDATA, "%zu fields where the header "
		    "has %zu", row->nfield, im->nfields);
	else if ((rc = check_unnamed(im, row)) == CEU_OK)
		rc = load[im->kind](im, row);
	/* A refusal by a rule is the row's fault. */
	if (rc == CEU_EREFUSED)
		rc = db->code = CEU_EDATA;
	return rc;
}
