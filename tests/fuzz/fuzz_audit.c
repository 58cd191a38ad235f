/*
 * fuzz_audit.c - libFuzzer target: the audit's decision parser (audit.h):
 * a decision word, a sampling rate, and a whole decisions file as
 * ceu-audit apply reads it (header, record ids, decisions, reasons),
 * checked against a database in memory in a transaction rolled back.
 *
 * The first byte chooses: 0 to 63 the decisions file, else the words.
 * What the parser accepts must be in range and read back the same; every
 * item read has a record id above 0, and a rejection without a reason is
 * marked bad.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "csvio.h"

#define CHECK(c) do { if (!(c)) { fprintf(stderr, "fuzz_audit: %s\n", \
	#c); abort(); } } while (0)

static void
count_problem(void *ctx, const struct ceu_audit_problem *p)
{
	CHECK(p->msg != NULL && *p->msg != '\0');
	(*(long *)ctx)++;
}

static void
check_file(const unsigned char *data, size_t size)
{
	static struct ceu_db *db;
	struct ceu_audit a;
	struct ceu_csv *csv;
	FILE *fp;
	long told = 0;
	size_t i;

	if (db == NULL && ceu_db_open(":memory:", 1, &db) != CEU_OK)
		abort();
	if ((fp = fmemopen((void *)data, size, "r")) == NULL)
		abort();
	csv = ceu_csv_open(fp, "decisions.csv", CEU_ENC_AUTO, ',');
	ceu_audit_init(&a, db, NULL);
	a.report = count_problem;
	a.report_ctx = &told;
	if (ceu_audit_read(&a, csv) == CEU_OK) {
		for (i = 0; i < a.n; i++) {
			CHECK(a.item[i].record_id > 0);
			CHECK(a.item[i].decision >= CEU_DECISION_NONE &&
			    a.item[i].decision <= CEU_DECISION_REVOKE);
			CHECK(a.item[i].bad || a.item[i].reason != NULL ||
			    a.item[i].decision != CEU_DECISION_REJECT);
		}
		CHECK(ceu_db_begin(db) == CEU_OK);
		ceu_audit_run(&a);
		ceu_db_rollback(db);
	}
	ceu_audit_free(&a);
	ceu_csv_close(csv);
	fclose(fp);
}

static void
check_words(const unsigned char *data, size_t size)
{
	char *s = malloc(size + 1);
	long rate;
	int d;

	CHECK(s != NULL);
	memcpy(s, data, size);
	s[size] = '\0';
	if ((d = ceu_decision_parse(s)) >= 0)
		CHECK(d <= CEU_DECISION_REJECT &&
		    ceu_decision_parse(ceu_decision_name(d)) == d);
	if (ceu_audit_rate_parse(s, &rate) == 0)
		CHECK(rate >= 1 && rate <= 10000);
	free(s);
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	if (size < 2)
		return 0;
	if (data[0] < 64)
		check_file(data + 1, size - 1);
	else
		check_words(data + 1, size - 1);
	return 0;
}
