/*
 * import_exam.h - inside the importer: ceu-import exams by chunks
 * (import_exam.c), as import.c (the loader) and import_queue.c (taking
 * and flushing rows) call it.  Not part of libceu's API.
 */
#ifndef CEU_IMPORT_EXAM_H
#define CEU_IMPORT_EXAM_H

#include "csvio.h"
#include "import.h"

/* Take one data row of an exams import into the chunk being filled: its
 * fields copied for the report, checked (ceu_import_load_row, whose
 * loader calls imp_exam_put), the chunk judged and written when full.
 * CEU_OK, or a database failure: roll back. */
int imp_exam_queue(struct ceu_import *im, const struct ceu_csv_row *row);

/* The attempt of the row being taken, its fields checked, for the
 * chunk; its person (id_no, canonical) is looked up with the chunk's. */
void imp_exam_put(struct ceu_import *im, const char *id_no, int year,
    int date, int score);

/* Judge the chunk's attempts in file order (exam.h, ceu_exam_bulk_*),
 * write what they add, report every row in file order.  CEU_OK, or a
 * failure: roll back. */
int imp_exam_flush(struct ceu_import *im);

/* Free what an exams import holds; NULL is accepted. */
void imp_exam_free(struct imp_exams *x);

#endif
