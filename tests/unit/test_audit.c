/*
 * test_audit.c - R11: the unit's audit (decisions parsed, its own people
 * only, pending only, once per input, by the deadline or marked late,
 * all or nothing); R15: revocation and the spot-check sample; R16: each
 * decision journaled, the audit table keeping the history.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "audit.h"
#include "fixture.h"
#include "record.h"
#include "rules.h"
#include "values.h"

/* A pending own registration of person pid, titled title, 10 hours. */
static long long
registered(struct ceu_db *db, long long pid, const char *title)
{
	struct ceu_record r = {
		.person_id = pid, .year = 2023, .subject = CEU_PROFESSIONAL,
		.category = CEU_SELF_STUDY, .hours = 100, .title = title,
		.date = 20230410, .source = "self", .status = CEU_PENDING,
	};
	long long id;

	assert_int_equal(ceu_record_add(db, &r, 1, &id), CEU_OK);
	return id;
}

static char *
id_text(long long id, char buf[24])
{
	snprintf(buf, 24, "%lld", id);
	return buf;
}

/* The problems told, by code, and the last message. */
struct seen {
	int n, scope, data, refused, usage;
	long line;
	char msg[CEU_MSG_SIZE];
};

static void
note(void *ctx, const struct ceu_audit_problem *p)
{
	struct seen *s = ctx;

	s->n++;
	s->scope += p->code == CEU_ESCOPE;
	s->data += p->code == CEU_EDATA;
	s->refused += p->code == CEU_EREFUSED;
	s->usage += p->code == CEU_EUSAGE;
	s->line = p->line;
	snprintf(s->msg, sizeof(s->msg), "%s", p->msg);
}

static void
start(struct ceu_audit *a, struct ceu_db *db, const char *unit,
    struct seen *s)
{
	memset(s, 0, sizeof(*s));
	ceu_audit_init(a, db, unit);
	a->report = note;
	a->report_ctx = s;
}

/* Run a's decisions in one transaction, committed only when they pass. */
static int
run(struct ceu_audit *a)
{
	int rc;

	assert_int_equal(ceu_db_begin(a->db), CEU_OK);
	if ((rc = ceu_audit_run(a)) == CEU_OK)
		assert_int_equal(ceu_db_commit(a->db), CEU_OK);
	else
		ceu_db_rollback(a->db);
	ceu_audit_free(a);
	return rc;
}

static long long
count(struct ceu_db *db, const char *sql)
{
	return fixture_count(db, sql);
}

static void
r11_decisions_parse_english_chinese_and_blank(void **state)
{
	(void)state;
	assert_int_equal(ceu_decision_parse("approve"), CEU_DECISION_APPROVE);
	assert_int_equal(ceu_decision_parse(" Approve "),
	    CEU_DECISION_APPROVE);
	assert_int_equal(ceu_decision_parse("通过"), CEU_DECISION_APPROVE);
	assert_int_equal(ceu_decision_parse("　通过　"), CEU_DECISION_APPROVE);
	assert_int_equal(ceu_decision_parse("REJECT"), CEU_DECISION_REJECT);
	assert_int_equal(ceu_decision_parse("不通过"), CEU_DECISION_REJECT);
	assert_int_equal(ceu_decision_parse(""), CEU_DECISION_NONE);
	assert_int_equal(ceu_decision_parse("  \t"), CEU_DECISION_NONE);
	assert_int_equal(ceu_decision_parse(NULL), CEU_DECISION_NONE);
	/* Nothing is guessed: near misses and a revocation are refused. */
	assert_int_equal(ceu_decision_parse("approved"), -1);
	assert_int_equal(ceu_decision_parse("yes"), -1);
	assert_int_equal(ceu_decision_parse("通 过"), -1);
	assert_int_equal(ceu_decision_parse("revoke"), -1);
	assert_string_equal(ceu_decision_name(CEU_DECISION_REJECT), "reject");
}

static void
r11_approve_and_reject_with_journal_and_history(void **state)
{
	struct ceu_db *db = fixture_open(20230615);
	long long a1 = registered(db, 1, "自学一"), a2 = registered(db, 1,
	    "自学二");
	struct ceu_audit a;
	struct seen s;
	char b[24];

	(void)state;
	start(&a, db, FIXTURE_UNIT1, &s);
	assert_int_equal(ceu_audit_add(&a, 0, id_text(a1, b),
	    CEU_DECISION_APPROVE, NULL), CEU_OK);
	assert_int_equal(ceu_audit_add(&a, 0, id_text(a2, b),
	    CEU_DECISION_REJECT, " 证明材料缺失 "), CEU_OK);
	assert_int_equal(run(&a), CEU_OK);
	assert_int_equal(a.approved, 1);
	assert_int_equal(a.rejected, 1);
	assert_int_equal(count(db, "SELECT count(*) FROM record WHERE "
	    "status = 'approved'"), 1);
	/* R16: one journal row a decision, with actor, reason, before and
	 * after; the audit row keeps the decision. */
	assert_int_equal(count(db, "SELECT count(*) FROM journal WHERE "
	    "action = 'rejected' AND actor = 'unit' AND "
	    "reason = '证明材料缺失' AND json_extract(before, '$.status') = 'pending' AND "
	    "json_extract(after, '$.status') = 'rejected'"), 1);
	assert_int_equal(count(db, "SELECT count(*) FROM audit WHERE "
	    "decision = 'reject' AND reason = '证明材料缺失' AND late = 0 AND "
	    "actor = 'unit'"), 1);
	testdb_close(db);
}

static void
r11_reject_without_reason_is_bad_data(void **state)
{
	struct ceu_db *db = fixture_open(20230615);
	long long id = registered(db, 1, "自学");
	struct ceu_audit a;
	struct seen s;
	char b[24];

	(void)state;
	start(&a, db, FIXTURE_UNIT1, &s);
	assert_int_equal(ceu_audit_add(&a, 4, id_text(id, b),
	    CEU_DECISION_REJECT, "  "), CEU_EDATA);
	assert_int_equal(s.line, 4);
	assert_non_null(strstr(s.msg, "reason"));
	assert_int_equal(run(&a), CEU_EDATA);
	assert_int_equal(count(db, "SELECT count(*) FROM audit"), 0);
	testdb_close(db);
}

static void
r11_another_units_record_is_out_of_scope_and_nothing_applied(void **state)
{
	struct ceu_db *db = fixture_open(20230615);
	long long own = registered(db, 1, "自学"), other = registered(db, 2,
	    "他人自学");
	struct ceu_audit a;
	struct seen s;
	char b[24];

	(void)state;
	start(&a, db, FIXTURE_UNIT1, &s);
	ceu_audit_add(&a, 2, id_text(own, b), CEU_DECISION_APPROVE, NULL);
	/* Even a line that decides nothing may not name it. */
	ceu_audit_add(&a, 3, id_text(other, b), CEU_DECISION_NONE, NULL);
	assert_int_equal(run(&a), CEU_ESCOPE);
	assert_int_equal(s.scope, 1);
	assert_int_equal(s.line, 3);
	/* The record is named, never the other unit's person. */
	assert_non_null(strstr(s.msg, b));
	assert_null(strstr(s.msg, FIXTURE_ID2));
	assert_null(strstr(s.msg, "李娜"));
	assert_null(strstr(s.msg, FIXTURE_UNIT2));
	assert_int_equal(count(db, "SELECT count(*) FROM record WHERE "
	    "status <> 'pending'"), 0);
	assert_int_equal(count(db, "SELECT count(*) FROM audit"), 0);
	testdb_close(db);
}

static void
r11_only_pending_records_once_per_input(void **state)
{
	struct ceu_db *db = fixture_open(20230615);
	long long id = registered(db, 1, "自学"), id2 = registered(db, 1,
	    "自学二");
	struct ceu_audit a;
	struct seen s;
	char b[24];

	(void)state;
	start(&a, db, FIXTURE_UNIT1, &s);
	ceu_audit_add(&a, 0, id_text(id, b), CEU_DECISION_APPROVE, NULL);
	assert_int_equal(run(&a), CEU_OK);
	/* Decided already: refused as an operand, bad data in a file. */
	start(&a, db, FIXTURE_UNIT1, &s);
	ceu_audit_add(&a, 0, id_text(id, b), CEU_DECISION_REJECT, "x");
	assert_int_equal(run(&a), CEU_EREFUSED);
	assert_non_null(strstr(s.msg, "approved, not pending"));
	start(&a, db, FIXTURE_UNIT1, &s);
	ceu_audit_add(&a, 7, id_text(id, b), CEU_DECISION_REJECT, "x");
	assert_int_equal(run(&a), CEU_EDATA);
	/* The same record twice: an error naming the first line. */
	start(&a, db, FIXTURE_UNIT1, &s);
	ceu_audit_add(&a, 2, id_text(id2, b), CEU_DECISION_APPROVE, NULL);
	ceu_audit_add(&a, 5, id_text(id2, b), CEU_DECISION_APPROVE, NULL);
	assert_int_equal(run(&a), CEU_EDATA);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.line, 5);
	assert_non_null(strstr(s.msg, "line 2"));
	assert_int_equal(count(db, "SELECT count(*) FROM audit"), 1);
	testdb_close(db);
}

static void
r11_after_the_deadline_refused_unless_late_and_marked(void **state)
{
	struct ceu_db *db = fixture_open(20230615);
	long long id = registered(db, 1, "自学"), id2 = registered(db, 1,
	    "自学二");
	struct ceu_audit a;
	struct seen s;
	char b[24];

	(void)state;
	db->today = 20240131;		/* the deadline itself: in time */
	start(&a, db, FIXTURE_UNIT1, &s);
	ceu_audit_add(&a, 0, id_text(id, b), CEU_DECISION_APPROVE, NULL);
	assert_int_equal(run(&a), CEU_OK);
	assert_int_equal(a.late_count, 0);
	db->today = 20240201;
	start(&a, db, FIXTURE_UNIT1, &s);
	ceu_audit_add(&a, 0, id_text(id2, b), CEU_DECISION_REJECT, "不实");
	assert_int_equal(run(&a), CEU_EREFUSED);
	assert_non_null(strstr(s.msg, "2024-01-31"));
	start(&a, db, FIXTURE_UNIT1, &s);
	a.late = 1;
	a.late_reason = "审核员病休";
	ceu_audit_add(&a, 0, id_text(id2, b), CEU_DECISION_REJECT, "不实");
	assert_int_equal(run(&a), CEU_OK);
	assert_int_equal(a.late_count, 1);
	/* R11: marked on the record and the audit row, the journal saying
	 * why it is late. */
	assert_int_equal(count(db, "SELECT count(*) FROM record WHERE "
	    "late = 1"), 1);
	assert_int_equal(count(db, "SELECT count(*) FROM audit WHERE "
	    "late = 1 AND reason = '不实 (late: 审核员病休)'"), 1);
	assert_int_equal(count(db, "SELECT count(*) FROM journal WHERE "
	    "reason = '不实 (late: 审核员病休)'"), 1);
	testdb_close(db);
}

static void
r11_blank_decision_leaves_the_record_pending(void **state)
{
	struct ceu_db *db = fixture_open(20230615);
	long long id = registered(db, 1, "自学");
	struct ceu_audit a;
	struct seen s;
	char b[24];

	(void)state;
	start(&a, db, FIXTURE_UNIT1, &s);
	ceu_audit_add(&a, 2, id_text(id, b), CEU_DECISION_NONE, "later");
	assert_int_equal(run(&a), CEU_OK);
	assert_int_equal(a.left, 1);
	assert_int_equal(count(db, "SELECT count(*) FROM record WHERE "
	    "status = 'pending'"), 1);
	assert_int_equal(count(db, "SELECT count(*) FROM audit"), 0);
	testdb_close(db);
}

/* A decisions file as Excel saves it: BOM, CRLF, Chinese headers, the
 * pending list's other columns. */
static void
r11_read_a_decisions_file_as_excel_saves_it(void **state)
{
	struct ceu_db *db = fixture_open(20230615);
	long long id = registered(db, 1, "自学"), id2 = registered(db, 1,
	    "自学二"), id3 = registered(db, 1, "自学三");
	char text[512];
	struct ceu_audit a;
	struct ceu_csv *csv;
	struct seen s;
	FILE *fp;

	(void)state;
	snprintf(text, sizeof(text),
	    "\xEF\xBB\xBF记录号,姓名,决定,理由,备注\r\n"
	    "%lld,张伟,通过,,\r\n%lld,张伟,不通过,无证明,\r\n"
	    "%lld,张伟,,,\r\n,,,,\r\n", id, id2, id3);
	fp = fmemopen(text, strlen(text), "r");
	csv = ceu_csv_open(fp, "d.csv", CEU_ENC_AUTO, ',');
	start(&a, db, FIXTURE_UNIT1, &s);
	assert_int_equal(ceu_audit_read(&a, csv), CEU_OK);
	assert_int_equal(a.n, 3);
	assert_int_equal(a.item[1].line, 3);
	assert_string_equal(a.item[1].reason, "无证明");
	assert_int_equal(run(&a), CEU_OK);
	assert_int_equal(a.approved, 1);
	assert_int_equal(a.rejected, 1);
	assert_int_equal(a.left, 1);
	ceu_csv_close(csv);
	fclose(fp);
	testdb_close(db);
}

static void
r11_every_bad_line_is_told_with_its_line(void **state)
{
	struct ceu_db *db = fixture_open(20230615);
	char text[] = "record_id,decision,reason\n1x,approve,\n5,maybe,\n"
	    "6,reject,\n";
	struct ceu_audit a;
	struct ceu_csv *csv;
	struct seen s;
	FILE *fp;

	(void)state;
	registered(db, 1, "自学");
	fp = fmemopen(text, strlen(text), "r");
	csv = ceu_csv_open(fp, "d.csv", CEU_ENC_AUTO, ',');
	start(&a, db, FIXTURE_UNIT1, &s);
	assert_int_equal(ceu_audit_read(&a, csv), CEU_OK);
	/* Line 2 a bad id, line 3 a bad decision, line 4 no reason. */
	assert_int_equal(s.data, 3);
	assert_int_equal(s.line, 4);
	assert_int_equal(run(&a), CEU_EDATA);
	assert_non_null(strstr(db->msg, "nothing was applied"));
	ceu_csv_close(csv);
	fclose(fp);
	testdb_close(db);
}

static void
r11_a_file_without_the_decision_column_is_refused(void **state)
{
	struct ceu_db *db = fixture_open(20230615);
	char text[] = "record_id,reason\n1,x\n";
	struct ceu_audit a;
	struct ceu_csv *csv;
	struct seen s;
	FILE *fp = fmemopen(text, strlen(text), "r");

	(void)state;
	csv = ceu_csv_open(fp, "d.csv", CEU_ENC_AUTO, ',');
	start(&a, db, FIXTURE_UNIT1, &s);
	assert_int_equal(ceu_audit_read(&a, csv), CEU_EDATA);
	assert_non_null(strstr(db->msg, "decision"));
	ceu_audit_free(&a);
	ceu_csv_close(csv);
	fclose(fp);
	testdb_close(db);
}

static void
r15_revoke_after_approval_keeps_both_decisions(void **state)
{
	struct ceu_db *db = fixture_open(20230615);
	long long id = registered(db, 1, "自学");
	struct ceu_year_hours h;
	struct ceu_audit a;
	struct seen s;
	char b[24];

	(void)state;
	start(&a, db, FIXTURE_UNIT1, &s);
	ceu_audit_add(&a, 0, id_text(id, b), CEU_DECISION_APPROVE, NULL);
	assert_int_equal(run(&a), CEU_OK);
	assert_int_equal(ceu_rules_year_hours(db, 1, 2023, &h), CEU_OK);
	assert_int_equal(h.professional, 100);
	/* R15: any unit's record, no reason no revocation. */
	start(&a, db, NULL, &s);
	assert_int_equal(ceu_audit_add(&a, 0, id_text(id, b),
	    CEU_DECISION_REVOKE, NULL), CEU_EUSAGE);
	ceu_audit_free(&a);
	start(&a, db, NULL, &s);
	ceu_audit_add(&a, 0, id_text(id, b), CEU_DECISION_REVOKE, "伪造证明");
	assert_int_equal(run(&a), CEU_OK);
	assert_int_equal(a.revoked, 1);
	/* The verdict follows at once. */
	assert_int_equal(ceu_rules_year_hours(db, 1, 2023, &h), CEU_OK);
	assert_int_equal(h.professional, 0);
	assert_int_equal(count(db, "SELECT count(*) FROM audit WHERE "
	    "record_id = (SELECT max(id) FROM record)"), 2);
	assert_int_equal(count(db, "SELECT count(*) FROM journal WHERE "
	    "action = 'revoked' AND reason = '伪造证明'"), 1);
	testdb_close(db);
}

static void
r15_only_an_approved_record_is_revoked(void **state)
{
	struct ceu_db *db = fixture_open(20230615);
	long long id = registered(db, 2, "自学");
	struct ceu_audit a;
	struct seen s;
	char b[24];

	(void)state;
	start(&a, db, NULL, &s);
	ceu_audit_add(&a, 0, id_text(id, b), CEU_DECISION_REVOKE, "x");
	assert_int_equal(run(&a), CEU_EREFUSED);
	assert_non_null(strstr(s.msg, "pending, not approved"));
	start(&a, db, NULL, &s);
	assert_int_equal(ceu_audit_add(&a, 0, "12a", CEU_DECISION_REVOKE, "x"),
	    CEU_EUSAGE);
	ceu_audit_free(&a);
	testdb_close(db);
}

static void
r15_rate_is_a_percentage_above_0_at_most_100(void **state)
{
	long r = 0;

	(void)state;
	assert_int_equal(ceu_audit_rate_parse("5", &r), 0);
	assert_int_equal(r, 500);
	assert_int_equal(ceu_audit_rate_parse("2.5", &r), 0);
	assert_int_equal(r, 250);
	assert_int_equal(ceu_audit_rate_parse("0.01", &r), 0);
	assert_int_equal(r, 1);
	assert_int_equal(ceu_audit_rate_parse("100", &r), 0);
	assert_int_equal(r, 10000);
	assert_int_equal(ceu_audit_rate_parse("0", &r), -1);
	assert_int_equal(ceu_audit_rate_parse("0.001", &r), -1);
	assert_int_equal(ceu_audit_rate_parse("100.01", &r), -1);
	assert_int_equal(ceu_audit_rate_parse("1000", &r), -1);
	assert_int_equal(ceu_audit_rate_parse("5.", &r), -1);
	assert_int_equal(ceu_audit_rate_parse(".5", &r), -1);
	assert_int_equal(ceu_audit_rate_parse("-5", &r), -1);
	assert_int_equal(ceu_audit_rate_parse("5%", &r), -1);
	assert_int_equal(ceu_audit_rate_parse("", &r), -1);
}

static void
r15_rank_is_the_same_on_every_machine(void **state)
{
	(void)state;
	/* splitmix64's finaliser (its first output from state 0 is
	 * 0xe220a8397b1dcdaf), worked out by hand: a change here changes
	 * every sample ever drawn. */
	assert_true(ceu_audit_rank(0, 0) == 0xa706dd2f4d197e6fu);
	assert_true(ceu_audit_rank(7, 12) == 0x967dba0b719c2f41u);
	assert_true(ceu_audit_rank(7, 12) != ceu_audit_rank(8, 12));
	assert_true(ceu_audit_rank(7, 12) != ceu_audit_rank(7, 13));
}

static long
sum(const long *k, size_t n)
{
	long t = 0;
	size_t i;

	for (i = 0; i < n; i++)
		t += k[i];
	return t;
}

static void
r15_allocation_every_unit_once_when_the_rate_allows(void **state)
{
	const long n[] = { 100, 1, 0, 20, 3 };
	const uint64_t rank[] = { 5, 4, 3, 2, 1 };
	long k[5];
	size_t i;

	(void)state;
	/* 124 records at 10%: 13 draws, every unit with records one. */
	ceu_audit_allocate(n, rank, 5, 1000, k);
	assert_int_equal(sum(k, 5), 13);
	for (i = 0; i < 5; i++) {
		assert_true(k[i] <= n[i]);
		assert_true(n[i] == 0 || k[i] >= 1);
	}
	assert_int_equal(k[2], 0);
	assert_true(k[0] > k[3]);
	/* 100%: everything. */
	ceu_audit_allocate(n, rank, 5, 10000, k);
	for (i = 0; i < 5; i++)
		assert_int_equal(k[i], n[i]);
	/* 1%: 2 draws for 4 units, to the two of the lowest rank. */
	ceu_audit_allocate(n, rank, 5, 100, k);
	assert_int_equal(sum(k, 5), 2);
	assert_int_equal(k[4], 1);
	assert_int_equal(k[3], 1);
	/* The smallest rate draws one record. */
	ceu_audit_allocate(n, rank, 5, 1, k);
	assert_int_equal(sum(k, 5), 1);
}

static int
collect(void *ctx, const struct ceu_record_row *row)
{
	char *out = ctx;
	size_t len = strlen(out);

	snprintf(out + len, 4096 - len, "%lld:%s ", row->id, row->unit_code);
	return 0;
}

static void
r15_sample_reproducible_and_stratified(void **state)
{
	struct ceu_db *db = fixture_open(20230615);
	struct ceu_sample smp = { 2023, { CEU_SCOPE_ALL, NULL }, 1000, 42 };
	char first[4096] = "", again[4096] = "", other[4096] = "";
	char title[32];
	int i;

	(void)state;
	for (i = 0; i < 30; i++) {	/* 30 approved at UNIT1, 2 at UNIT2 */
		snprintf(title, sizeof(title), "自学%d", i);
		registered(db, i < 2 ? 2 : 1, title);
	}
	assert_int_equal(ceu_db_exec(db, "UPDATE record SET status_code = "
	    "1"), CEU_OK);	/* approved */
	assert_int_equal(ceu_audit_sample(db, &smp, collect, first), CEU_OK);
	/* 10% of 32: 4 records, UNIT2's small share not lost. */
	assert_non_null(strstr(first, FIXTURE_UNIT2));
	assert_non_null(strstr(first, FIXTURE_UNIT1));
	assert_int_equal(ceu_db_exec(db, "ANALYZE"), CEU_OK);
	assert_int_equal(ceu_audit_sample(db, &smp, collect, again), CEU_OK);
	assert_string_equal(first, again);
	smp.seed = 43;
	assert_int_equal(ceu_audit_sample(db, &smp, collect, other), CEU_OK);
	assert_string_not_equal(first, other);
	testdb_close(db);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(r11_decisions_parse_english_chinese_and_blank),
		cmocka_unit_test(
		    r11_approve_and_reject_with_journal_and_history),
		cmocka_unit_test(r11_reject_without_reason_is_bad_data),
		cmocka_unit_test(
		  r11_another_units_record_is_out_of_scope_and_nothing_applied),
		cmocka_unit_test(r11_only_pending_records_once_per_input),
		cmocka_unit_test(
		    r11_after_the_deadline_refused_unless_late_and_marked),
		cmocka_unit_test(r11_blank_decision_leaves_the_record_pending),
		cmocka_unit_test(r11_read_a_decisions_file_as_excel_saves_it),
		cmocka_unit_test(r11_every_bad_line_is_told_with_its_line),
		cmocka_unit_test(
		    r11_a_file_without_the_decision_column_is_refused),
		cmocka_unit_test(
		    r15_revoke_after_approval_keeps_both_decisions),
		cmocka_unit_test(r15_only_an_approved_record_is_revoked),
		cmocka_unit_test(r15_rate_is_a_percentage_above_0_at_most_100),
		cmocka_unit_test(r15_rank_is_the_same_on_every_machine),
		cmocka_unit_test(
		    r15_allocation_every_unit_once_when_the_rate_allows),
		cmocka_unit_test(r15_sample_reproducible_and_stratified),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
