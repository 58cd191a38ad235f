/*
 * fixture.h - the small world the unit tests stand on, on a fresh database
 * (testdb.h): two units in two cities, a person at each, one filed class,
 * one registered integrated system (R10).
 *
 *	struct ceu_db *db = fixture_open(20230615);	   today
 *	... fixture_count(db, "SELECT count(*) FROM record") ...
 *	testdb_close(db);
 */
#ifndef CEU_FIXTURE_H
#define CEU_FIXTURE_H

#include "testdb.h"

#define FIXTURE_UNIT1 "91450100MA5K0001X6"	/* Nanning 450100 */
#define FIXTURE_UNIT2 "12450200MB1234567F"	/* Liuzhou 450200 */
#define FIXTURE_ID1 "450102199001011231"	/* person 1, 张伟, UNIT1 */
#define FIXTURE_ID2 "45020319851230456X"	/* person 2, 李娜, UNIT2 */
#define FIXTURE_FILING "GX2023-00001"	/* 2023-05-01..03, 24 h */
#define FIXTURE_SOURCE "sys"		/* an integrated system */

static const char fixture_sql[] =
    "INSERT INTO unit(code, name, city_code, industry, created_at, "
    " updated_at) VALUES "
    " ('" FIXTURE_UNIT1 "', 'u', '450100', 'i', 'x', 'x'),"
    " ('" FIXTURE_UNIT2 "', 'v', '450200', 'j', 'x', 'x');"
    "INSERT INTO person(id, id_no, name, unit_code, created_at, "
    " updated_at) VALUES "
    " (1, '" FIXTURE_ID1 "', '张伟', '" FIXTURE_UNIT1 "', 'x', 'x'),"
    " (2, '" FIXTURE_ID2 "', '李娜', '" FIXTURE_UNIT2 "', 'x', 'x');"
    "INSERT INTO filing(filing_no, organizer, title, subject, category, "
    " start_date, end_date, hours, created_at) VALUES "
    " ('" FIXTURE_FILING "', 'o', '培训班', 'professional', 'training', "
    " '2023-05-01', '2023-05-03', 240, 'x');"
    "INSERT INTO source(source, name, created_at, updated_at) VALUES "
    " ('" FIXTURE_SOURCE "', '行业系统', 'x', 'x');";

/* A fresh database with the world above, its day today (yyyymmdd). */
static inline struct ceu_db *
fixture_open(int today)
{
	struct ceu_db *db = testdb_open();

	db->today = today;
	if (ceu_db_exec(db, fixture_sql) != CEU_OK) {
		fprintf(stderr, "fixture: %s\n", db->msg);
		abort();
	}
	return db;
}

/* The one number a query answers, or abort. */
static inline long long
fixture_count(struct ceu_db *db, const char *sql)
{
	sqlite3_stmt *st;
	long long n;

	if (sqlite3_prepare_v2(db->sql, sql, -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_ROW) {
		fprintf(stderr, "fixture: %s: %s\n", sql,
		    sqlite3_errmsg(db->sql));
		abort();
	}
	n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

#endif
