/*
 * audit.h - R11: the unit's audit of the hours its people register
 * (approve, or reject with a reason, by the audit deadline of the year);
 * R15: the authorities' spot checks, a reproducible sample of approved
 * records, and the revocation of a record found false.
 *
 * The decisions of one command are taken all or none.  Its items are
 * added first (ceu_audit_add for operands, ceu_audit_read for a decisions
 * file), their form checked as they come; ceu_audit_run then checks each
 * against the archive (R11: a record of the unit's own people, pending,
 * not named twice, decided by the audit deadline or marked late; R15: an
 * approved record) and writes them only when every item passed.  Each
 * problem is told to a->report with the item's line, so that a front can
 * name every bad line; nothing here prints.
 *
 * A decision writes an audit row (the table keeps the history: a record
 * approved and later revoked has both rows) and changes the record's
 * status through ceu_record_set_status or ceu_record_revoke (record.h),
 * whose journal row says who, why, before and after (R16).
 *
 *	struct ceu_audit a;
 *	ceu_audit_init(&a, db, unit_code);	   NULL: revoke, any unit
 *	a.report = print_problem; a.report_ctx = ctx;
 *	ceu_audit_add(&a, 0, "12", CEU_DECISION_APPROVE, NULL); ...
 *	ceu_db_begin(db);
 *	rc = ceu_audit_run(&a);			   then commit or roll back
 *	ceu_audit_free(&a);
 */
#ifndef CEU_AUDIT_H
#define CEU_AUDIT_H

#include <stddef.h>
#include <stdint.h>

#include "csvio.h"
#include "db.h"
#include "out.h"
#include "record.h"
#include "rules.h"

enum ceu_decision {
	CEU_DECISION_NONE,	/* a blank cell: the record stays pending */
	CEU_DECISION_APPROVE,	/* approve, 通过 */
	CEU_DECISION_REJECT,	/* reject, 不通过: needs a reason (R11) */
	CEU_DECISION_REVOKE	/* R15: an approved record found false */
};

/* "approve" or "通过", "reject" or "不通过", and the other Chinese words
 * of values.h (ASCII case and surrounding blanks ignored); a blank cell
 * is CEU_DECISION_NONE; -1 for anything else.  Revocation is not a
 * unit's decision and is not parsed. */
int ceu_decision_parse(const char *s);
/* "approve", "reject", "revoke"; "" for none. */
const char *ceu_decision_name(int decision);

/* One item of a command: a record and what to do with it. */
struct ceu_audit_item {
	long line;		/* of the input file; 0 for an operand */
	long long record_id;
	int decision;		/* enum ceu_decision */
	char *reason;		/* trimmed, or NULL; owned */
	int bad;		/* its form was wrong (told already) */
	int late;		/* R11: taken after the audit deadline */
	long twice;		/* named before: that line + 1, or 1 for an
				   operand; 0 when not */
};

/* What is wrong with one item. */
struct ceu_audit_problem {
	long line;		/* of the input file; 0 for an operand */
	int code;		/* CEU_EDATA, CEU_EREFUSED or CEU_ESCOPE */
	const char *msg;	/* in the user's language */
};

struct ceu_audit {
	struct ceu_db *db;
	const char *unit;	/* R11: the unit whose people are audited;
				   NULL for revocations (R15: any unit) */
	int late;		/* R11: --late, decisions after the audit
				   deadline allowed */
	const char *late_reason;	/* with late: why, for the journal */
	struct ceu_audit_item *item;
	size_t n, cap;
	/* After ceu_audit_run: what was done. */
	long approved, rejected, revoked, left, late_count;
	/* Problems told so far, and the gravest one's code (CEU_ESCOPE
	 * before CEU_EDATA before CEU_EREFUSED), or CEU_OK. */
	long problems;
	int worst;
	void (*report)(void *ctx, const struct ceu_audit_problem *p);
	void *report_ctx;
	long line;		/* the item being checked */
	int years[16], deadlines[16];	/* R11: audit deadlines loaded */
	int ndeadlines;
};

/* Start a command's decisions on db; unit (canonical, NULL for
 * revocations) is R11's scope.  Free with ceu_audit_free. */
void ceu_audit_init(struct ceu_audit *a, struct ceu_db *db,
    const char *unit);
void ceu_audit_free(struct ceu_audit *a);

/* Add one item: record (its id as text), decision and reason (or NULL),
 * from line of a file (0 for an operand).  A bad record id, or a
 * rejection or revocation without a reason, is told to a->report and
 * returned (CEU_EDATA on a line, CEU_EUSAGE for an operand); the caller
 * goes on, so that every bad item is told. */
int ceu_audit_add(struct ceu_audit *a, long line, const char *record,
    int decision, const char *reason);

/*
 * Add the items of a decisions file (csv, just opened): a header naming
 * record_id (记录号), decision (决定) and, for rejections, reason (理由);
 * other columns, such as those ceu_audit_pending writes, are ignored;
 * rows of blank cells are skipped.  A bad row is told to a->report.
 * CEU_OK, or CEU_EDATA (CEU_EIO for a read error) with the header's or
 * the file's fault in db->msg.
 */
int ceu_audit_read(struct ceu_audit *a, struct ceu_csv *csv);

/* Check every item, then, when none has a problem, write every decision
 * in item order (inside the caller's transaction).  CEU_OK with the
 * counts set; a->worst when an item had a problem (the message in
 * db->msg, nothing written); or a database failure. */
int ceu_audit_run(struct ceu_audit *a);

/* ceu-audit pending: the record columns, then decision and reason. */
#define CEU_AUDIT_PENDING_NCOLS (CEU_RECORD_NCOLS + 2)
const struct ceu_out_col *ceu_audit_pending_cols(void);

/* R11: the pending records of unit's people (of year, or 0 for every
 * year), in the listing's order (record.h); fn as ceu_records_each's. */
int ceu_audit_pending(struct ceu_db *db, const char *unit, int year,
    int (*fn)(void *ctx, const struct ceu_record_row *row), void *ctx);

/* R11: whether unit is on the register: CEU_OK, or CEU_EREFUSED with
 * the message. */
int ceu_audit_unit_check(struct ceu_db *db, const char *unit);

/* R15: a sampling rate, "5", "2.5", "0.25" percent, into hundredths of a
 * percent (1 to 10000).  Returns 0, or -1 when s is not a number above 0
 * and at most 100 with at most two decimals. */
int ceu_audit_rate_parse(const char *s, long *rate);

/* R15: the rank of record (or unit) id under seed: a 64-bit mix of both,
 * the same on every machine. */
uint64_t ceu_audit_rank(uint64_t seed, uint64_t id);

/*
 * R15: how many of each unit's n[i] approved records a sample at rate
 * (hundredths of a percent) takes, into k[i]; units in a fixed order.
 * ceil(total * rate / 10000) in all.  When that is at least the number
 * of units with records, each of them gets one and the rest is shared in
 * proportion to what each has beyond it (largest remainders, ties to the
 * earlier unit); otherwise the units with records and the lowest rank[i]
 * get one each.  Never more than n[i].
 */
void ceu_audit_allocate(const long *n, const uint64_t *rank, size_t units,
    long rate, long *k);

/* What a sample is drawn from. */
struct ceu_sample {
	int year;
	struct ceu_scope scope;	/* all, a unit, a city or an industry */
	long rate;		/* hundredths of a percent */
	uint64_t seed;
};

/* R15: the sample of s: the approved records of s->year of the units of
 * s->scope, allocated by ceu_audit_allocate and, within a unit, those
 * of the lowest ceu_audit_rank(seed, record id).  fn gets them unit by
 * unit in code order, each unit's in the listing's order. */
int ceu_audit_sample(struct ceu_db *db, const struct ceu_sample *s,
    int (*fn)(void *ctx, const struct ceu_record_row *row), void *ctx);

#endif
