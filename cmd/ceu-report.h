/*
 * ceu-report.h - what the front of ceu-report (ceu-report.c) shares with
 * the subcommands kept in files of their own (ceu-report_journal.c).
 */
#ifndef CEU_REPORT_FRONT_H
#define CEU_REPORT_FRONT_H

#include <getopt.h>

#include "db.h"
#include "rules.h"

/* Usage checked: the database, in one read transaction, so that what a
 * report prints is one consistent snapshot, without holding up the
 * clerks.  A --unit, --city or --industry (scope) that names nothing on
 * the register is exit 1, not an empty report (R1).  Dies on failure. */
struct ceu_db *report_open_read(const struct ceu_scope *scope);

/* End the read transaction; its COMMIT says the snapshot held.  Closes
 * db; returns rc, or dies. */
int report_close_read(struct ceu_db *db, int rc);

/* ceu-report journal (ceu-report_journal.c) and its options. */
extern const struct option report_journal_opts[];
int report_journal(int argc, char **argv);

#endif
