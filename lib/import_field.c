/*
 * import_field.c - the fields of an import row: each column's value
 * parsed and checked as its kind takes it (an ID number, a unit code,
 * hours, a date, a subject, a category, a score), and the person and the
 * filed class a row names, looked up and remembered for the next row.  A
 * field that cannot be taken rejects the row with a message naming the
 * column and the value (imp_reject).
 */
#include <stdio.h>
#include <string.h>

#include "filing.h"
#include "import.h"
#include "import_field.h"
#include "person.h"
#include "text.h"
#include "values.h"

/* Field col of row, "" when the column is absent. */
const char *
imp_field(const struct ceu_import *im, const struct ceu_csv_row *row, int col)
{
	int i = im->map[col];

	return i >= 0 && (size_t)i < row->nfield ? row->field[i] : "";
}

/* A text field with blanks folded into out, at most size - 1 bytes (its
 * documented limit, ceu-import(1)): a longer value is refused, never cut;
 * CEU_EDATA too when required and empty. */
int
imp_text(struct ceu_import *im, const struct ceu_csv_row *row, int col,
    int required, char *out, size_t size)
{
	if (ceu_fold_blanks(imp_field(im, row, col), out, size) != 0)
		return imp_reject(im, "%s longer than %zu bytes (the limit)",
		    imp_col_name(im, col), size - 1);
	if (required && *out == '\0')
		return imp_reject(im, "empty %s", imp_col_name(im, col));
	return CEU_OK;
}

/* R10: a filing number, normalised as IDs are. */
int
imp_filing_no(struct ceu_import *im, const struct ceu_csv_row *row, int col,
    char out[CEU_FILING_LEN + 1])
{
	const char *s = imp_field(im, row, col), *why;

	if ((why = ceu_ident_filing(s, out)) != NULL)
		return imp_reject(im, "invalid filing number '%s' (%s)", s,
		    ceu_tr(why));
	return CEU_OK;
}

int
imp_id(struct ceu_import *im, const struct ceu_csv_row *row, int col,
    char out[CEU_ID_LEN + 1])
{
	const char *s = imp_field(im, row, col), *why;
	char shown[CEU_ID_LEN + 1];

	if ((why = ceu_ident_person(s, out)) == NULL)
		return CEU_OK;
	/* Excel turns an unformatted ID column into numbers: 4.50102E+17. */
	if (strpbrk(s, "eE") != NULL && strchr(s, '+') != NULL)
		return imp_reject(im, "invalid ID number '%s': the spreadsheet "
		    "turned it into a number; format the column as text and "
		    "export again", s);
	return imp_reject(im, "invalid ID number '%s' (%s)",
	    ceu_ident_shown(s, im->rd->db->show_id, shown), ceu_tr(why));
}

int
imp_unit(struct ceu_import *im, const struct ceu_csv_row *row, int col,
    char out[CEU_ID_LEN + 1])
{
	const char *s = imp_field(im, row, col), *why;

	if ((why = ceu_ident_unit(s, out)) != NULL)
		return imp_reject(im, "invalid unit code '%s' (%s)", s,
		    ceu_tr(why));
	return CEU_OK;
}

int
imp_hours(struct ceu_import *im, const struct ceu_csv_row *row, int col,
    long *tenths)
{
	const char *s = imp_field(im, row, col);

	if (ceu_hours_parse(s, tenths) != 0)
		return imp_reject(im, "invalid hours '%s' (a number > 0 with at "
		    "most one decimal)", s);
	return CEU_OK;
}

int
imp_date(struct ceu_import *im, const struct ceu_csv_row *row, int col,
    int *ymd)
{
	const char *s = imp_field(im, row, col);
	char buf[32];

	ceu_fold_blanks(s, buf, sizeof(buf));
	if (ceu_date_parse_loose(buf, ymd) != 0)
		return imp_reject(im, "invalid %s '%s' (YYYY-MM-DD)",
		    imp_col_name(im, col), s);
	return CEU_OK;
}

int
imp_year(struct ceu_import *im, const struct ceu_csv_row *row, int col,
    int *year)
{
	const char *s = imp_field(im, row, col);
	char buf[32];

	ceu_fold_blanks(s, buf, sizeof(buf));
	if (ceu_year_parse(buf, year) != 0)
		return imp_reject(im, "invalid year '%s'", s);
	return CEU_OK;
}

/* R5, R10: hours that a route other than the exam may bring. */
int
imp_subject(struct ceu_import *im, const struct ceu_csv_row *row, int col,
    int *subject)
{
	const char *s = imp_field(im, row, col);
	char buf[64];

	ceu_fold_blanks(s, buf, sizeof(buf));
	if ((*subject = ceu_subject_parse(buf)) < 0)
		return imp_reject(im, "invalid subject '%s' (professional or "
		    "public_elective)", s);
	if (*subject == CEU_PUBLIC_REQUIRED)
		return imp_reject(im, "public_required hours come only from the "
		    "exam (R5); import them as exams");
	return CEU_OK;
}

/* R8: category in English or Chinese; may be empty when not required. */
int
imp_category(struct ceu_import *im, const struct ceu_csv_row *row,
    int col, int required, int *category)
{
	const char *s = imp_field(im, row, col);
	char buf[64];

	ceu_fold_blanks(s, buf, sizeof(buf));
	*category = -1;
	if (*buf == '\0' && !required)
		return CEU_OK;
	if ((*category = ceu_category_parse(buf)) < 0)
		return imp_reject(im, "invalid category '%s' (R8: training, "
		    "self_study, academic, publication, major_work, other)", s);
	return CEU_OK;
}

/* "85", "85.5" -> tenths of a point, 0..1000. */
int
imp_score(struct ceu_import *im, const struct ceu_csv_row *row, int col,
    int *score)
{
	const char *s = imp_field(im, row, col);

	if (ceu_score_parse(s, score) != 0)
		return imp_reject(im, "invalid score '%s' (0 to 100, at most one "
		    "decimal)", s);
	return CEU_OK;
}

/* The person with this ID number, remembered for the next row; with
 * named, the name on file too (a roster row is checked against it). */
int
imp_person(struct ceu_import *im, const char *id_no, int named)
{
	struct ceu_import_reader *rd = im->rd;
	struct ceu_person p;
	char shown[CEU_ID_LEN + 1];
	int found, rc;

	if (rd->person_id != 0 && strcmp(rd->person_id_no, id_no) == 0 &&
	    (rd->person_named || !named))
		return CEU_OK;
	rd->person_id = 0;
	rd->person_named = named;
	if (named)
		rc = ceu_person_find(rd->db, id_no, &found, &p);
	else if ((rc = ceu_person_id(rd->db, id_no, &p.id)) == CEU_OK)
		found = p.id != 0;
	if (rc != CEU_OK)
		return rc;
	if (!found)
		return imp_reject(im, "unknown person %s (not on the register; "
		    "import persons first)",
		    ceu_ident_shown(id_no, rd->db->show_id, shown));
	memcpy(rd->person_id_no, id_no, CEU_ID_LEN + 1);
	if (named && strlen(p.name) >= sizeof(rd->person_name))
		return imp_reject(im, "the name on file for %s is longer than %zu "
		    "bytes (the limit)", ceu_ident_shown(id_no,
		    rd->db->show_id, shown), sizeof(rd->person_name) - 1);
	if (named)
		snprintf(rd->person_name, sizeof(rd->person_name), "%s",
		    p.name);
	rd->person_id = p.id;
	return CEU_OK;
}

/* The filed class filing_no, remembered for the next row.  *found says
 * whether it exists (a missing one is not an error here). */
int
imp_filing(struct ceu_import *im, const char *filing_no, int *found)
{
	struct ceu_import_reader *rd = im->rd;
	struct ceu_filing f;
	int rc;

	*found = 1;
	if (rd->filing_no[0] != '\0' && strcmp(rd->filing_no, filing_no) == 0)
		return CEU_OK;
	rd->filing_no[0] = '\0';
	if ((rc = ceu_filing_find(rd->db, filing_no, found, &f)) != CEU_OK ||
	    !*found)
		return rc;
	/* Its title goes into every record of the class: never cut. */
	if (strlen(f.title) >= sizeof(rd->filing_title) ||
	    strlen(filing_no) >= sizeof(rd->filing_no))
		return imp_reject(im, "filing %s on file has a title or number "
		    "longer than the limit", filing_no);
	snprintf(rd->filing_title, sizeof(rd->filing_title), "%s", f.title);
	rd->filing_subject = f.subject;
	rd->filing_category = f.category;
	rd->filing_start = f.start;
	rd->filing_end = f.end;
	rd->filing_hours = f.hours;
	snprintf(rd->filing_no, sizeof(rd->filing_no), "%s", filing_no);
	return CEU_OK;
}
