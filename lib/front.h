/*
 * front.h - the options every binary shares (SPEC "Common to every
 * binary"), parsed once for all of them.
 *
 * The cmd/ fronts merge ceu_front_longopts into their own getopt_long
 * table and hand every common option to ceu_front_option.  A bad value
 * is reported as every failure of libceu is (error.h): the message in
 * f->msg, for the caller to print.
 */
#ifndef CEU_FRONT_H
#define CEU_FRONT_H

#include <getopt.h>
#include <stddef.h>

#include "error.h"

#define CEU_VERSION "0.1.0"

/* getopt_long values of the common long-only options. */
enum {
	CEU_OPT_TODAY = 0x1000, CEU_OPT_ACTOR, CEU_OPT_BOM, CEU_OPT_SHOW_ID,
	CEU_OPT_HEADERS,
};

/* Short options shared by every binary: -d FILE -f FMT -o FILE -q -v -h
 * -V. */
#define CEU_FRONT_SHORTOPTS "d:f:ho:qvV"

struct ceu_front {
	const char *prog;
	const char *db_path;	/* --db, $CEU_DB, ./ceu.db */
	const char *today_arg;	/* --today, $CEU_TODAY, or NULL */
	int today;		/* yyyymmdd, resolved */
	const char *actor;	/* --actor, $CEU_ACTOR, login name */
	int format;		/* enum ceu_format, or -1 until resolved */
	const char *output;	/* -o FILE, or NULL for stdout */
	int lang;		/* --headers: enum ceu_lang, or -1 until
				   resolved */
	int bom;
	int show_id;
	int verbose;		/* -v adds, -q subtracts */
	int busy_timeout_ms;	/* $CEU_BUSY_TIMEOUT seconds, else 15 s */
	int help, version;
	char msg[CEU_MSG_SIZE];	/* why an option was refused */
};

extern const struct option ceu_front_longopts[];

/* Defaults from the environment. */
void ceu_front_init(struct ceu_front *f, const char *prog);

/* Handle option ch with argument arg: 1 if it was a common option, 0 if
 * not, -1 if its argument is bad (f->msg says why). */
int ceu_front_option(struct ceu_front *f, int ch, const char *arg);

/* Resolve what depends on the others: today (system date when unset),
 * the format (with -o, the one its name ends in, else csv; table on a
 * terminal), the headers' language (en for csv, tsv and json; for table
 * and xlsx the language of the environment, ceu_front_env_lang), the
 * actor.  CEU_OK, or CEU_EUSAGE with f->msg (xlsx to a terminal). */
int ceu_front_resolve(struct ceu_front *f, int stdout_is_tty);

/* The language the user's environment asks for, as gettext reads it:
 * $LANGUAGE first unless the locale ($LC_ALL, else $LC_MESSAGES, else
 * $LANG) is plainly C or POSIX, then the locale; CEU_LANG_ZH when it is
 * Chinese (zh...), else CEU_LANG_EN. */
int ceu_front_env_lang(void);

#endif
