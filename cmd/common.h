/*
 * common.h - the shared start-up of every ceu binary, like git's
 * common-main.c: the common options, diagnostics prefixed with the program
 * name, the database, output writers, ID lists, and exit with a checked
 * stdout.  Everything that talks to the user lives in cmd/, never in lib/.
 */
#ifndef CEU_CMD_COMMON_H
#define CEU_CMD_COMMON_H

#include <getopt.h>
#include <stddef.h>

#include "csvio.h"
#include "out.h"
#include "db.h"
#include "exitcode.h"
#include "front.h"
#include "ident.h"

extern struct ceu_front cmd;	/* the common options, after cmd_getopt */

/* A fragment a message splices in, in the user's language (the formats
 * of cmd_warn, cmd_info and cmd_die are looked up by them). */
#define _(s) ceu_tr(s)

/* Name the program and its usage text, in English and marked N_() for
 * the catalog: -h, --help and `PROG help` print it in the user's
 * language, a usage error the synopsis line of the subcommand. */
void cmd_init(const char *prog, const char *usage);

/* getopt_long over the caller's long options (NULL: none) and the common
 * ones, which it handles itself.  Returns the next option of the
 * caller's own, or -1 at the end; -h/-V print and exit; an option the
 * table does not have, or a bad value, is a usage error (exit 64).  Set
 * optind yourself to restart on another argv. */
int cmd_getopt(int argc, char **argv, const struct option *longopts);

/*
 * A subcommand with its own options (git's parse_options per builtin):
 * run(argc, argv), argv[0] the subcommand's name, parses them with
 * cmd_getopt(argc, argv, opts), so that a flag it does not take is a usage
 * error, checked before any file is opened.
 */
struct cmd_sub {
	const char *name;
	int (*run)(int argc, char **argv);
	const struct option *opts;	/* its own options, or NULL */
};

/* Move the subcommand to argv[1] when options come before it
 * (`ceu-report --db gx.db deadlines`): the first operand that is not the
 * value of an option, the common ones or those of subs (which of them
 * take a value is read from their tables).  Returns 1 when there is a
 * subcommand. */
int cmd_subcommand_first(int argc, char **argv, const struct cmd_sub *subs,
    size_t nsubs);

/* Run sub with its argv (argv[0] its name) and exit with its status. */
void cmd_run(const struct cmd_sub *sub, int argc, char **argv)
    __attribute__((noreturn));

/* Run the subcommand that argv[1] names and exit with its status; with
 * no subcommand only the common options (-h, -V) are taken; `help` prints
 * the usage; an unknown one is a usage error, said with the format
 * unknown ("unknown kind '%s'", marked N_() for the catalog).  Answers
 * `PROG __complete WORD...` too (cmd_complete). */
void cmd_dispatch(int argc, char **argv, const struct cmd_sub *subs,
    size_t nsubs, const char *unknown) __attribute__((noreturn));

/* A usage error: one line that says what is wrong (the message said
 * before, else the subcommand's synopsis) and "see 'PROG --help'" on
 * stderr; exit 64. */
void cmd_usage(void) __attribute__((noreturn));
/* The whole usage, in the user's language, to stdout; exit 0. */
void cmd_help(void) __attribute__((noreturn));

/*
 * Bash completion (complete.c): when argv is `PROG __complete WORD...`,
 * print the candidates for the last WORD, read from subs' option tables
 * and the common ones, and exit.  A subcommand of subs whose run is NULL
 * is another program's (ceu CMD): then the index in argv of its name is
 * returned, for the caller to ask that program.  Returns 0 otherwise.
 */
int cmd_complete(int argc, char **argv, const struct cmd_sub *subs,
    size_t nsubs);

/* "prog: message" on stderr. */
void cmd_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Unless -q: "prog: message" on stderr. */
void cmd_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Warn and exit with code. */
void cmd_die(int code, const char *fmt, ...)
    __attribute__((format(printf, 2, 3), noreturn));

/* Open the database (never creating it) with actor and today set; exits
 * with the SPEC's code when it cannot. */
struct ceu_db *cmd_open_db(void);
/* Report db->msg and exit with db->code, rolling back first. */
void cmd_die_db(struct ceu_db *db) __attribute__((noreturn));
/* Say that the database's key was made as path: back it up. */
void cmd_key_made(const char *path);

/* A file the user named by opt (path) to be written must be none of the
 * files the command keeps: the database, its -wal, -shm and -journal,
 * and its key.  When it is one: a usage error (exit 64), said before
 * anything is opened. */
void cmd_not_own(const char *opt, const char *path);

/* Output in the chosen format to stdout; die on failure. */
struct ceu_out *cmd_out_open(const struct ceu_out_col *cols, size_t ncols);
void cmd_out_row(struct ceu_out *o, const char *const *values);
void cmd_out_close(struct ceu_out *o);

/* An ID number as output shows it: masked unless --show-id. */
const char *cmd_show_id(const char *id_no, char buf[CEU_ID_LEN + 1]);

/* Read a list from FILE or "-": a CSV whose header has column (or one of
 * its aliases "a|b"), or else one value a line.  Calls fn for each
 * non-empty value with its line; stops and returns fn's non-zero value.
 * Exits 66 on a missing file. */
int cmd_read_list(const char *file, const char *column, const char *aliases,
    int (*fn)(void *ctx, const char *value, long line), void *ctx);

/* --ids FILE|-: each ID number of the list (a CSV with an id_no column,
 * or one a line), normalised and validated, to fn; a bad one is exit 65
 * naming the file and line.  Stops at fn's first non-zero return. */
int cmd_read_ids(const char *file,
    int (*fn)(void *ctx, const char *id_no), void *ctx);

/*
 * Arguments, each checked one way with one message; a bad one is a usage
 * error (exit 64) naming the value.
 */
/* A year (YYYY) for option opt. */
int cmd_year(const char *opt, const char *arg);
/* A date (YYYY-MM-DD) for option opt, as yyyymmdd. */
int cmd_date(const char *opt, const char *arg);
/* An ID number (R1), normalised into out. */
void cmd_id(const char *arg, char out[CEU_ID_LEN + 1]);
/* A unit's credit code (R1), normalised into out. */
void cmd_unit(const char *arg, char out[CEU_ID_LEN + 1]);
/* A city code (R1); returns arg. */
const char *cmd_city(const char *arg);

/* R1: a --unit that names no unit on the register is exit 1 with the
 * reason, not an empty listing; unit NULL (not given) passes. */
void cmd_unit_known(struct ceu_db *db, const char *unit);

/* Close stdout checking for errors (a full disk is exit 74), then exit. */
void cmd_exit(int code) __attribute__((noreturn));

#endif
