/*
 * person.h - units and persons on the register (R1).
 *
 * Lookups by the canonical identifiers that ident.h produces; upserts that
 * say whether anything changed and journal the before and after (R16).
 */
#ifndef CEU_PERSON_H
#define CEU_PERSON_H

#include <stddef.h>

#include "db.h"

struct ceu_unit {
	const char *code;	/* unified social credit code, canonical */
	const char *name;
	const char *city_code;	/* 6 digits */
	const char *industry;
};

struct ceu_person {
	long long id;		/* set by lookups and upserts */
	const char *id_no;	/* canonical, 18 characters */
	const char *name;
	const char *unit_code;
	const char *specialty;	/* or NULL */
	const char *title;	/* or NULL */
};

/* Find a unit: CEU_OK and, when found, *found = 1; name/city/industry
 * copied into out when out is not NULL (strings valid until the next
 * call). */
int ceu_unit_find(struct ceu_db *db, const char *code, int *found,
    struct ceu_unit *out);

/* Add or update a unit (R1).  *what says which; with journal a journal row
 * records before and after; batch is 0 or the import batch. */
int ceu_unit_upsert(struct ceu_db *db, const struct ceu_unit *u,
    long long batch, int journal, int *what);

/* Add unit u, not on file (R1), by one plain INSERT carrying its seal
 * (R16), its batch 0 or the import's: a bulk load's, whose batch is
 * journaled.  CEU_OK or a database failure. */
int ceu_unit_add(struct ceu_db *db, const struct ceu_unit *u,
    long long batch);

/* Find a person by ID number: CEU_OK, and *found; out (if not NULL) gets
 * id, name and unit_code (strings valid until the next call). */
int ceu_person_find(struct ceu_db *db, const char *id_no, int *found,
    struct ceu_person *out);

/* The id of the person with this ID number into *id, 0 when none: a
 * bulk load's look-up, which reads the index only. */
int ceu_person_id(struct ceu_db *db, const char *id_no, long long *id);

/* Add or update a person (R1): the unit must exist (CEU_EDATA, "unknown
 * unit 'X'").  p->id is set.  A change of unit or name is journaled with
 * before and after; so is a new person when journal is set. */
int ceu_person_upsert(struct ceu_db *db, struct ceu_person *p,
    long long batch, int journal, int *what);

/* ceu_person_upsert, and the name on file before a change into was
 * (size bytes, or NULL; "" when the person is new or unchanged).  A
 * person already on file and unchanged costs one look-up; a change to
 * one is journaled whatever journal says; a new person is journaled when
 * journal is set, else added by one plain insert (a bulk load's, whose
 * batch is journaled). */
int ceu_person_upsert_was(struct ceu_db *db, struct ceu_person *p,
    long long batch, int journal, int *what, char *was, size_t size);

/*
 * A bulk load of persons (an import's, inside its transaction): the unit
 * codes on file held in memory, so that R1's check costs no query, and the
 * id the next new person gets, so that a new person costs one INSERT that
 * carries its seal (R16, seal.h) and ids run on without a gap.
 *
 *	struct ceu_person_load *pl;
 *	ceu_person_load_begin(db, &pl);	   after the transaction began
 *	ceu_person_load_row(db, pl, &p, batch, &what, was, size);  a row
 *	ceu_person_load_free(pl);
 */
struct ceu_person_load;

/* Start a bulk load on db: CEU_OK and *pl (free it with
 * ceu_person_load_free), or a database failure. */
int ceu_person_load_begin(struct ceu_db *db, struct ceu_person_load **pl);
void ceu_person_load_free(struct ceu_person_load *pl);

/* ceu_person_upsert_was for a bulk load (journal 0: a new person is
 * journaled by the load's batch, a change before/after): the same
 * outcome, messages and rows, the unit looked up in memory (a code not
 * held there is looked up on file), a new person inserted by one
 * statement with its seal (of digest, ceu_person_digest's, or made here
 * when digest is NULL) and, while rows keep adding persons, inserted
 * before it is looked up (the unique index is the look-up). */
int ceu_person_load_row(struct ceu_db *db, struct ceu_person_load *pl,
    struct ceu_person *p, const unsigned long long *digest, long long batch,
    int *what, char *was, size_t size);

/*
 * The new persons among p[0..n) (one chunk's accepted rows, in file
 * order), added at once: while rows keep adding persons (the load's
 * guess), each row whose unit is held and whose ID number is not on file
 * nor earlier in the chunk is inserted as ceu_person_load_row would have
 * inserted it, the same id (ids in file order) and seal (of digest[k]
 * when has_digest[k]), but in the order of the ID numbers, which keeps
 * the unique index's writes together.  added[k] says which were; the
 * others (an ID number again, a person on file) are the caller's to load
 * row by row, in file order, after.  When a row finds its ID number on
 * file, what this call added is taken back and none is added.
 */
int ceu_person_load_chunk(struct ceu_db *db, struct ceu_person_load *pl,
    struct ceu_person *p, const unsigned long long *digest,
    const unsigned char *has_digest, size_t n, long long batch,
    unsigned char *added);

/* Whether unit code is held in memory (R1; one that is not may still be
 * on file).  Reads pl only: a reading thread may ask. */
int ceu_person_load_has_unit(const struct ceu_person_load *pl,
    const char *code);

/* The digest of p's seal (R16, seal.h) as a bulk load adds it with
 * batch: 0, or -1 when db has no key loaded.  Touches nothing shared: a
 * reading thread may make it. */
int ceu_person_digest(const struct ceu_db *db, const struct ceu_person *p,
    long long batch, unsigned long long *digest);

#endif
