/*
 * args.c - the arguments every ceu binary reads alike: ID numbers, unit
 * and city codes, years and dates, lists of ID numbers from a file, and
 * files that may not be ceu's own.  See common.h.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "common.h"
#include "key.h"
#include "outfile.h"
#include "rules.h"
#include "values.h"

void
cmd_not_own(const char *opt, const char *path)
{
	static const char *const sides[] = { "", "-wal", "-shm", "-journal" };
	static struct ceu_db ctx;	/* the error context: nothing open */
	char own[PATH_MAX + 16];
	size_t i;

	for (i = 0; i < sizeof(sides) / sizeof(sides[0]); i++) {
		snprintf(own, sizeof(own), "%s%s", cmd.db_path, sides[i]);
		if (ceu_outfile_same(path, own))
			goto same;
	}
	if (ceu_key_path(&ctx, cmd.db_path, own, sizeof(own)) != CEU_OK ||
	    !ceu_outfile_same(path, own))
		return;
same:
	cmd_die(CEU_EUSAGE, "%s '%s' is the same file as '%s'; name another "
	    "file", opt, path, own);
}

const char *
cmd_show_id(const char *id_no, char buf[CEU_ID_LEN + 1])
{
	if (cmd.show_id || strlen(id_no) != CEU_ID_LEN)
		return id_no;
	ceu_ident_mask(id_no, buf);
	return buf;
}

int
cmd_year(const char *opt, const char *arg)
{
	int year;

	if (ceu_year_parse(arg, &year) != 0) {
		cmd_warn("invalid year '%s' for %s", arg, opt);
		cmd_usage();
	}
	return year;
}

int
cmd_date(const char *opt, const char *arg)
{
	int ymd;

	if (ceu_date_parse(arg, &ymd) != 0) {
		cmd_warn("invalid date '%s' for %s (YYYY-MM-DD)", arg, opt);
		cmd_usage();
	}
	return ymd;
}

void
cmd_id(const char *arg, char out[CEU_ID_LEN + 1])
{
	const char *why;

	char shown[CEU_ID_LEN + 1];

	if ((why = ceu_ident_person(arg, out)) != NULL)
		cmd_die(CEU_EUSAGE, "invalid ID number %s (%s)",
		    ceu_ident_shown(arg, cmd.show_id, shown), ceu_tr(why));
}

void
cmd_unit(const char *arg, char out[CEU_ID_LEN + 1])
{
	const char *why;

	if ((why = ceu_ident_unit(arg, out)) != NULL)
		cmd_die(CEU_EUSAGE, "invalid unit code '%s' (%s)", arg,
		    ceu_tr(why));
}

const char *
cmd_city(const char *arg)
{
	const char *why;

	if ((why = ceu_ident_city(arg)) != NULL)
		cmd_die(CEU_EUSAGE, "invalid city code '%s' (%s)", arg,
		    ceu_tr(why));
	return arg;
}

void
cmd_unit_known(struct ceu_db *db, const char *unit)
{
	struct ceu_scope scope = { CEU_SCOPE_UNIT, unit };

	if (unit != NULL && ceu_rules_scope_check(db, &scope) != CEU_OK)
		cmd_die_db(db);
}

/* Does the header row name column? */
static int
header_index(const struct ceu_csv_row *row, const char *column,
    const char *aliases)
{
	struct ceu_csv_col col = { column, aliases, 1 };
	char msg[CEU_MSG_SIZE];
	int map;

	if (ceu_csv_map_header(row, &col, 1, 1, &map, msg) != CEU_OK)
		return -1;
	return map;
}

int
cmd_read_list(const char *file, const char *column, const char *aliases,
    int (*fn)(void *ctx, const char *value, long line), void *ctx)
{
	const struct ceu_csv_row *row;
	struct ceu_csv *r;
	FILE *fp = stdin;
	int col = -1, first = 1, rc = 0, got = 0;

	if (strcmp(file, "-") != 0 && (fp = fopen(file, "rb")) == NULL)
		cmd_die(errno == ENOENT ? CEU_ENOINPUT : CEU_EIO,
		    "cannot open '%s': %s", file, strerror(errno));
	r = ceu_csv_open(fp, strcmp(file, "-") ? file : "stdin",
	    CEU_ENC_AUTO, ',');
	while (rc == 0 && (got = ceu_csv_next(r, &row)) == 1) {
		if (first && (col = header_index(row, column, aliases)) >= 0) {
			first = 0;
			continue;
		}
		first = 0;
		if (col < 0)
			col = 0;
		if ((size_t)col < row->nfield && *row->field[col] != '\0')
			rc = fn(ctx, row->field[col], row->line);
	}
	if (rc == 0 && got < 0)
		cmd_die(ceu_csv_code(r), "%s: %s", file, ceu_csv_error(r));
	ceu_csv_close(r);
	if (fp != stdin)
		fclose(fp);
	return rc;
}

/* The ID numbers of a list seen so far, with their lines: an open hash
 * table that doubles when half full. */
struct seen_id {
	char id[CEU_ID_LEN + 1];
	long line;			/* 0: an empty slot */
};

struct ids_walk {
	const char *file;
	int (*fn)(void *, const char *);
	void *ctx;
	struct seen_id *seen;
	size_t n, cap;
};

static size_t
id_hash(const char *id)
{
	size_t h = 5381;

	while (*id)
		h = h * 33 + (unsigned char)*id++;
	return h;
}

/* The slot of id in w->seen: where it is, or the empty one for it. */
static struct seen_id *
seen_slot(struct ids_walk *w, const char *id)
{
	size_t at = id_hash(id) & (w->cap - 1);

	while (w->seen[at].line != 0 && strcmp(w->seen[at].id, id) != 0)
		at = (at + 1) & (w->cap - 1);
	return &w->seen[at];
}

/* Note id seen on line; the line it was seen on before, or 0. */
static long
seen_before(struct ids_walk *w, const char *id, long line)
{
	struct seen_id *old = w->seen, *slot;
	size_t oldcap = w->cap;

	if (2 * (w->n + 1) > w->cap) {
		w->cap = w->cap ? 2 * w->cap : 64;
		w->seen = ceu_calloc(w->cap, sizeof(*w->seen));
		for (size_t i = 0; i < oldcap; i++)
			if (old[i].line != 0)
				*seen_slot(w, old[i].id) = old[i];
		free(old);
	}
	slot = seen_slot(w, id);
	if (slot->line != 0)
		return slot->line;
	memcpy(slot->id, id, sizeof(slot->id));
	slot->line = line;
	w->n++;
	return 0;
}

static int
ids_one(void *ctx, const char *value, long line)
{
	struct ids_walk *w = ctx;
	char id[CEU_ID_LEN + 1], shown[CEU_ID_LEN + 1];
	const char *why;
	long first;

	if ((why = ceu_ident_person(value, id)) != NULL)
		cmd_die(CEU_EDATA, "%s:%ld: invalid ID number %s (%s)",
		    w->file, line, ceu_ident_shown(value, cmd.show_id, shown),
		    ceu_tr(why));
	/* One person once a list: a command acts once on each. */
	if ((first = seen_before(w, id, line)) != 0)
		cmd_die(CEU_EUSAGE, "%s:%ld: %s is on the list already (line "
		    "%ld): one person once a list", w->file, line,
		    cmd_show_id(id, shown), first);
	return w->fn(w->ctx, id);
}

int
cmd_read_ids(const char *file, int (*fn)(void *ctx, const char *id_no),
    void *ctx)
{
	struct ids_walk w = { strcmp(file, "-") ? file : "stdin", fn, ctx,
	    NULL, 0, 0 };
	int rc;

	rc = cmd_read_list(file, "id_no", "身份证号|证件号码|公民身份号码",
	    ids_one, &w);
	free(w.seen);
	return rc;
}
