/*
 * import_queue.h - inside the importer: what import.c (the kinds, the
 * batch and the loaders) and import_queue.c (the chunk queue and the
 * reading thread) call of each other.  Not part of libceu's API.
 */
#ifndef CEU_IMPORT_QUEUE_H
#define CEU_IMPORT_QUEUE_H

#include "import.h"
#include "person.h"
#include "record.h"

/* Whether kind's rows are queued and written by chunks: records (roster,
 * hours) and persons. */
int ceu_import_queued_kind(int kind);

/* Whether row has nothing but blank cells: Excel leaves such rows below a
 * sheet; they are not data. */
int ceu_import_blank_row(const struct ceu_csv_row *row);

/* Validate and load row by the import's kind, its look-ups on im->rd: a
 * roster or hours row is queued (ceu_import_queue_record), a persons row
 * too (ceu_import_queue_person), an exams row put into its chunk
 * (imp_exam_put), any other written.  CEU_OK; CEU_EDATA when the row is
 * rejected, nothing of it written and the reason in im->rd->db->msg; any
 * other code is a database failure. */
int ceu_import_load_row(struct ceu_import *im, const struct ceu_csv_row *row);

/* Count one row's outcome (enum ceu_import_outcome) into im. */
void ceu_import_count(struct ceu_import *im, int outcome);

/* Queue r, the record of the row being loaded (its strings copied), into
 * the chunk im->rd is filling. */
void ceu_import_queue_record(struct ceu_import *im,
    const struct ceu_record *r);

/* Queue p, the person of the row being loaded (its strings copied), its
 * unit known (R1), into the chunk im->rd is filling. */
void ceu_import_queue_person(struct ceu_import *im,
    const struct ceu_person *p);

/* After a policy file, each year it set (and those inheriting from it up
 * to db->today's) loads whole: CEU_OK, or CEU_EDATA naming year and key
 * (policy.h). */
int ceu_import_check_policy(struct ceu_import *im);

/* Free a chunk; NULL is accepted. */
void ceu_import_queue_free(struct ceu_import_queue *q);

#endif
