/*
 * test_verify.c - R16: every row sealed on every write path, ids without
 * gaps, the journal's head signed; ceu_verify names what differs, and a
 * head kept elsewhere catches even whoever holds the key.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "fixture.h"
#include "journal.h"
#include "record.h"
#include "seal.h"
#include "values.h"
#include "verify.h"

/* What the last ceu_verify found, one finding a line. */
static char found[8192];

static void
note(void *ctx, const char *msg)
{
	(void)ctx;
	strncat(found, msg, sizeof(found) - strlen(found) - 2);
	strcat(found, "\n");
}

/* ceu_verify in a read transaction; kept may be NULL. */
static int
verify(struct ceu_db *db, const struct ceu_seal_head *kept,
    struct ceu_verify_result *r)
{
	int rc;

	found[0] = '\0';
	assert_int_equal(ceu_db_begin_read(db), CEU_OK);
	rc = ceu_verify(db, kept, note, NULL, r);
	assert_int_equal(ceu_db_commit(db), CEU_OK);
	return rc;
}

/* The fixture, its rows (written behind ceu's back) sealed as an upgrade
 * step seals them, and the head signed. */
static struct ceu_db *
sealed_world(void)
{
	struct ceu_db *db = fixture_open(20230615);

	assert_int_equal(ceu_db_begin(db), CEU_OK);
	for (int t = 0; t < CEU_SEAL_NTABLES; t++)
		assert_int_equal(ceu_seal_table(db, t), CEU_OK);
	assert_int_equal(ceu_journal_append(db, "init", "database", "x", NULL,
	    NULL, NULL), CEU_OK);
	assert_int_equal(ceu_db_commit(db), CEU_OK);
	return db;
}

static struct ceu_record
system_record(const char *ref)
{
	struct ceu_record r = {
		.person_id = 1, .year = 2023, .subject = CEU_PROFESSIONAL,
		.category = CEU_TRAINING, .hours = 10, .title = "网络课程",
		.date = 20230601, .source = "integration",
		.source_name = "hr", .ref = ref, .status = CEU_APPROVED,
	};
	return r;
}

/* Every column of every sealed table is in its seal, but the seal itself
 * and what is computed from the others: a column added to a table and not
 * to seal.c would be changeable unseen. */
static void
r16_every_column_is_sealed(void **state)
{
	struct ceu_db *db = testdb_open();
	sqlite3_stmt *st;
	char want[1024];

	(void)state;
	for (int t = 0; t < CEU_SEAL_NTABLES; t++) {
		want[0] = '\0';
		assert_int_equal(sqlite3_prepare_v2(db->sql, "SELECT name FROM "
		    "pragma_table_xinfo(?1) WHERE hidden = 0 AND name <> 'seal' "
		    "AND NOT (?2 AND pk = 1 AND lower(type) = 'integer') "
		    "AND NOT (?1 = 'journal' AND name = 'hash') ORDER BY cid",
		    -1, &st, NULL), SQLITE_OK);
		sqlite3_bind_text(st, 1, ceu_seal_name(t), -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 2, ceu_seal_has_id(t));
		while (sqlite3_step(st) == SQLITE_ROW)
			snprintf(want + strlen(want), sizeof(want) - strlen(want),
			    "%s%s", *want ? ", " : "", ceu_col_text(st, 0));
		sqlite3_finalize(st);
		assert_string_equal(ceu_seal_cols(t), want);
	}
	testdb_close(db);
}

static void
r16_sealed_world_verifies_and_a_change_is_named(void **state)
{
	struct ceu_db *db = sealed_world();
	struct ceu_verify_result r;

	(void)state;
	assert_int_equal(verify(db, NULL, &r), CEU_OK);
	assert_int_equal(r.journal_rows, 1);
	/* The fixture's units, persons, policy, filing and sources. */
	assert_int_equal(r.rows, fixture_count(db, "SELECT (SELECT count(*) "
	    "FROM unit) + (SELECT count(*) FROM person) + (SELECT count(*) "
	    "FROM policy) + (SELECT count(*) FROM filing) + (SELECT count(*) "
	    "FROM source)"));
	assert_true(r.rows >= 2 + 2 + 10 + 1);
	assert_int_equal(r.found, 0);
	assert_int_equal(ceu_db_exec(db, "UPDATE filing SET hours = 2400"),
	    CEU_OK);
	assert_int_equal(verify(db, NULL, &r), CEU_EREFUSED);
	assert_int_equal(r.found, 1);
	assert_string_equal(found, "filing GX2023-00001 was altered behind "
	    "ceu's back: its seal does not match\n");
	assert_non_null(strstr(db->msg, "findings: 1"));
	testdb_close(db);
}

/* A seal is of the row's place too: the values of one row with the seal
 * of another, or swapped between two, do not verify. */
static void
r16_a_seal_belongs_to_its_row(void **state)
{
	struct ceu_db *db = sealed_world();
	struct ceu_verify_result r;

	(void)state;
	assert_int_equal(ceu_db_exec(db, "UPDATE person SET id = 9 WHERE id = 1;"
	    "UPDATE person SET id = 1 WHERE id = 2;"
	    "UPDATE person SET id = 2 WHERE id = 9"), CEU_OK);
	assert_int_equal(verify(db, NULL, &r), CEU_EREFUSED);
	assert_non_null(strstr(found, "person 1 was altered"));
	assert_non_null(strstr(found, "person 2 was altered"));
	testdb_close(db);
}

/* R10 and R16: a chunk of which some activities are held already adds
 * the others with the next ids, no gap, each sealed. */
static void
r16_a_chunk_with_held_activities_leaves_no_gap(void **state)
{
	struct ceu_db *db = sealed_world();
	struct ceu_record r[4] = { system_record("H1"), system_record("H2"),
		system_record("H3"), system_record("H4") };
	struct ceu_record_result res[4];
	struct ceu_verify_result v;

	(void)state;
	assert_int_equal(ceu_db_begin(db), CEU_OK);
	assert_int_equal(ceu_record_add_many(db, r + 1, 1, res), CEU_OK);
	assert_int_equal(ceu_record_add_many(db, r, 4, res), CEU_OK);
	assert_int_equal(ceu_db_commit(db), CEU_OK);
	assert_true(res[0].added && !res[1].added && res[2].added &&
	    res[3].added);
	assert_int_equal(res[1].holder, 1);
	/* H2 first, then the three others of the chunk, in order. */
	assert_int_equal(fixture_count(db, "SELECT group_concat(id || ref, "
	    "'') = '1H22H13H34H4' FROM (SELECT id, ref FROM record ORDER BY "
	    "id)"), 1);
	assert_int_equal(verify(db, NULL, &v), CEU_OK);
	testdb_close(db);
}

static void
r16_status_change_is_sealed_and_journaled_json(void **state)
{
	struct ceu_db *db = sealed_world();
	struct ceu_record r = system_record("H1");
	struct ceu_verify_result v;
	long long id;

	(void)state;
	r.status = CEU_PENDING;
	assert_int_equal(ceu_db_begin(db), CEU_OK);
	assert_int_equal(ceu_record_add(db, &r, 1, &id), CEU_OK);
	assert_int_equal(ceu_record_set_status(db, id, CEU_APPROVED, "ok", 1),
	    CEU_OK);
	assert_int_equal(ceu_db_commit(db), CEU_OK);
	assert_int_equal(verify(db, NULL, &v), CEU_OK);
	assert_int_equal(fixture_count(db, "SELECT count(*) FROM journal "
	    "WHERE (after IS NULL OR json_type(after) = 'object') AND "
	    "(before IS NULL OR json_type(before) = 'object')"), 3);
	/* The journal takes nothing but a JSON object. */
	assert_int_equal(ceu_journal_append(db, "x", "record", "1", NULL,
	    "'90'", NULL), CEU_EIO);
	assert_int_equal(ceu_journal_append(db, "x", "record", "1", "[1]",
	    NULL, NULL), CEU_EIO);
	testdb_close(db);
}

/* Whoever holds the key may edit an old journal row, seal it, hash the
 * chain again and sign a new head: all consistent, but not with the head
 * a cron job kept the day before. */
static void
r16_a_kept_head_catches_whoever_holds_the_key(void **state)
{
	struct ceu_db *db = sealed_world();
	struct ceu_seal_head kept;
	struct ceu_verify_result v;
	char text[CEU_SEAL_HEAD_TEXT], prev[CEU_JOURNAL_HASH_HEX];
	char hex[CEU_JOURNAL_HASH_HEX], sql[256];
	const char *f[9] = { "1", db->now, "mallory", "init", "database",
		"x", NULL, NULL, NULL };
	int found_head;

	(void)state;
	assert_int_equal(ceu_db_begin(db), CEU_OK);
	assert_int_equal(ceu_journal_append(db, "add", "record", "1", NULL,
	    "{\"hours\":10}", NULL), CEU_OK);
	assert_int_equal(ceu_db_commit(db), CEU_OK);
	assert_int_equal(ceu_seal_head_get(db, &kept, &found_head), CEU_OK);
	assert_true(found_head);
	ceu_seal_head_text(&kept, text);
	assert_int_equal(ceu_seal_head_parse(db, text, &kept), CEU_OK);
	assert_int_equal(verify(db, &kept, &v), CEU_OK);
	/* The rewrite, with the key: row 1's actor, its seal, the chain. */
	assert_int_equal(ceu_db_begin(db), CEU_OK);
	assert_int_equal(ceu_db_exec(db, "UPDATE journal SET actor = "
	    "'mallory' WHERE id = 1"), CEU_OK);
	assert_int_equal(ceu_seal_row(db, CEU_SEAL_JOURNAL, 1), CEU_OK);
	prev[0] = '\0';
	ceu_journal_hash(prev, f, hex);
	snprintf(sql, sizeof(sql), "UPDATE journal SET hash = '%s' WHERE "
	    "id = 1", hex);
	assert_int_equal(ceu_db_exec(db, sql), CEU_OK);
	assert_int_equal(ceu_db_commit(db), CEU_OK);
	/* Row 2 follows from row 1's new hash. */
	assert_int_equal(verify(db, NULL, &v), CEU_EREFUSED);
	assert_non_null(strstr(found, "journal row 2 was altered"));
	assert_int_equal(ceu_db_begin(db), CEU_OK);
	{
		const char *g[9] = { "2", db->now, "unit", "add", "record",
			"1", NULL, "{\"hours\":10}", NULL };

		memcpy(prev, hex, sizeof(prev));
		ceu_journal_hash(prev, g, hex);
	}
	snprintf(sql, sizeof(sql), "UPDATE journal SET hash = '%s' WHERE "
	    "id = 2", hex);
	assert_int_equal(ceu_db_exec(db, sql), CEU_OK);
	assert_int_equal(ceu_db_commit(db), CEU_OK);
	assert_int_equal(verify(db, NULL, &v), CEU_OK);
	assert_int_equal(verify(db, &kept, &v), CEU_EREFUSED);
	assert_string_equal(found, "journal row 2 no longer has the hash of "
	    "the kept head: the journal was rewritten\n");
	testdb_close(db);
}

static void
r16_head_text_round_trip_and_refusals(void **state)
{
	struct ceu_db *db = sealed_world();
	struct ceu_seal_head h, back;
	char text[CEU_SEAL_HEAD_TEXT], older[CEU_SEAL_HEAD_TEXT];
	int found_head;

	(void)state;
	assert_int_equal(ceu_seal_head_get(db, &h, &found_head), CEU_OK);
	assert_true(found_head);
	assert_int_equal(h.rows[CEU_SEAL_JOURNAL], 1);
	assert_int_equal(h.rows[CEU_SEAL_POLICY], fixture_count(db,
	    "SELECT count(*) FROM policy"));
	assert_int_equal(ceu_seal_head_check(db, &h), CEU_OK);
	ceu_seal_head_text(&h, text);
	assert_int_equal(ceu_seal_head_parse(db, text, &back), CEU_OK);
	assert_memory_equal(h.rows, back.rows, sizeof(h.rows));
	assert_string_equal(h.hash, back.hash);
	assert_int_equal(ceu_seal_head_check(db, &back), CEU_OK);
	/* A count changed breaks the signature. */
	back.rows[CEU_SEAL_RECORD] = 7;
	assert_int_equal(ceu_seal_head_check(db, &back), CEU_EREFUSED);
	/* A head of a ceu with fewer tables: the rest count 0. */
	snprintf(older, sizeof(older), "%.*s%s", (int)(strstr(text,
	    " audit=") - text), text, strstr(text, " sig="));
	assert_int_equal(ceu_seal_head_parse(db, older, &back), CEU_OK);
	assert_int_equal(back.ntables, CEU_SEAL_AUDIT);
	assert_int_equal(back.rows[CEU_SEAL_CERTIFICATE], 0);
	assert_int_equal(ceu_seal_head_parse(db, "ceu-journal-head-v1 "
	    "journal=1", &back), CEU_EDATA);
	assert_int_equal(ceu_seal_head_parse(db, "hello", &back), CEU_EDATA);
	testdb_close(db);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(r16_every_column_is_sealed),
		cmocka_unit_test(r16_sealed_world_verifies_and_a_change_is_named),
		cmocka_unit_test(r16_a_seal_belongs_to_its_row),
		cmocka_unit_test(r16_a_chunk_with_held_activities_leaves_no_gap),
		cmocka_unit_test(r16_status_change_is_sealed_and_journaled_json),
		cmocka_unit_test(r16_a_kept_head_catches_whoever_holds_the_key),
		cmocka_unit_test(r16_head_text_round_trip_and_refusals),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
