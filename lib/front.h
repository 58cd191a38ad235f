/*
 * front.h - the options every binary shares (SPEC "Common to every
 * binary"), parsed once for all of them.
 *
 * The cmd/ fronts merge ceu_front_longopts into their own getopt_long
 * table and hand every common option to ceu_front_option; the library
 * side never prints: it returns an error text for the caller to report.
 */
#ifndef CEU_FRONT_H
#define CEU_FRONT_H

#include <getopt.h>
#include <stddef.h>

#define CEU_VERSION "0.1.0"

/* getopt_long values of the common long-only options. */
enum {
	CEU_OPT_TODAY = 0x1000, CEU_OPT_ACTOR, CEU_OPT_BOM, CEU_OPT_SHOW_ID,
};

/* Short options shared by every binary: -d FILE -f FMT -q -v -h -V. */
#define CEU_FRONT_SHORTOPTS "d:f:hqvV"

struct ceu_front {
	const char *prog;
	const char *db_path;	/* --db, $CEU_DB, ./ceu.db */
	const char *today_arg;	/* --today, $CEU_TODAY, or NULL */
	int today;		/* yyyymmdd, resolved */
	const char *actor;	/* --actor, $CEU_ACTOR, login name */
	int format;		/* enum ceu_format, or -1 until resolved */
	int bom;
	int show_id;
	int verbose;		/* -v adds, -q subtracts */
	int busy_timeout_ms;	/* $CEU_BUSY_TIMEOUT seconds, else 15 s */
	int help, version;
};

extern const struct option ceu_front_longopts[];

/* Defaults from the environment. */
void ceu_front_init(struct ceu_front *f, const char *prog);

/* Handle option ch with argument arg: 1 if it was a common option, 0 if
 * not, -1 if its argument is bad (err says why). */
int ceu_front_option(struct ceu_front *f, int ch, const char *arg,
    char *err, size_t errsize);

/* Resolve what depends on the others: today (system date when unset),
 * the format (table on a terminal), the actor.  0, or -1 with err. */
int ceu_front_resolve(struct ceu_front *f, int stdout_is_tty, char *err,
    size_t errsize);

#endif
