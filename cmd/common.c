/*
 * common.c - the shared start-up of every ceu binary: locale and catalog,
 * diagnostics, usage, options, -o, the database and output writers.  See
 * common.h; the arguments they read alike are in args.c.
 */
#include <errno.h>
#include <libintl.h>
#include <limits.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common.h"
#include "outfile.h"
#include "text.h"
#include "values.h"

struct ceu_front cmd;
static const char *usage_text = "";	/* the msgid, English */
static const char *current_sub;		/* the subcommand being run */
static int warned;			/* a message was said */

#include "localedir.h"	/* CEU_LOCALEDIR, from the Makefile */

/* getenv, with "" as unset. */
static const char *
env_set(const char *name)
{
	const char *v = getenv(name);

	return v != NULL && *v != '\0' ? v : NULL;
}

/* Whether a locale name is the plain C one, in which gettext translates
 * nothing and ignores LANGUAGE. */
static int
plain_c(const char *name)
{
	return name == NULL || strcmp(name, "C") == 0 ||
	    strcmp(name, "POSIX") == 0;
}

/*
 * The user's locale, or C.UTF-8 speaking the language the user asked for.
 * A stock Debian machine generates no zh_CN locale: setlocale then fails
 * for LANG=zh_CN.UTF-8 and gettext would answer in English.  The locale
 * is named by the first of LC_ALL, LC_MESSAGES and LANG that is set
 * (POSIX); C or POSIX there asks for English.  When the locale named is
 * not on the machine, or none is named and LANGUAGE names a language,
 * messages run under C.UTF-8 (built into glibc since 2.35) with LANGUAGE,
 * which gettext honours in every locale but C, carrying the language:
 * LANGUAGE's own, else the name of the locale asked for.
 */
static void
set_locale(void)
{
	const char *named, *language = env_set("LANGUAGE");

	if (setlocale(LC_CTYPE, "") == NULL)
		setlocale(LC_CTYPE, "C.UTF-8");
	if ((named = env_set("LC_ALL")) == NULL &&
	    (named = env_set("LC_MESSAGES")) == NULL)
		named = env_set("LANG");
	if (setlocale(LC_MESSAGES, "") != NULL && named != NULL)
		return;		/* there, and gettext reads LANGUAGE */
	if (named != NULL && (plain_c(named) || strncmp(named, "C.", 2) == 0))
		return;		/* English was asked for */
	if ((named == NULL && language == NULL) ||
	    setlocale(LC_MESSAGES, "C.UTF-8") == NULL)
		return;
	if (language == NULL)
		setenv("LANGUAGE", named, 1);
}

/* Messages follow LANG (SPEC): the catalogs beside the binary (bin/locale,
 * the build), else where make install put them (LOCALEDIR). */
static void
bind_messages(void)
{
	char exe[PATH_MAX], dir[PATH_MAX + 32], *slash;
	ssize_t n;

	set_locale();
	snprintf(dir, sizeof(dir), "%s", CEU_LOCALEDIR);
	if ((n = readlink("/proc/self/exe", exe, sizeof(exe) - 1)) > 0) {
		exe[n] = '\0';
		if ((slash = strrchr(exe, '/')) != NULL) {
			*slash = '\0';
			snprintf(dir, sizeof(dir), "%s/locale", exe);
			if (access(dir, F_OK) != 0)
				snprintf(dir, sizeof(dir), "%s", CEU_LOCALEDIR);
		}
	}
	bindtextdomain("ceu", dir);
	bind_textdomain_codeset("ceu", "UTF-8");
}

void
cmd_init(const char *prog, const char *usage)
{
	ceu_front_init(&cmd, prog);
	usage_text = usage;
	bind_messages();
}

/* "prog: message\n" on stderr, the format in the user's language.  The
 * message quotes what came in (a title, a cell): it is shown with its
 * control characters and invalid bytes made visible (text.h), so that
 * nothing in it acts on the terminal. */
static void
vwarn(const char *fmt, va_list ap)
{
	char *msg = NULL, *shown;

	if (vasprintf(&msg, dgettext("ceu", fmt), ap) < 0)
		abort();	/* out of memory (alloc.h) */
	shown = ceu_text_visible(msg);
	fprintf(stderr, "%s: %s\n", cmd.prog, shown);
	warned = 1;
	free(shown);
	free(msg);
}

void
cmd_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn(fmt, ap);
	va_end(ap);
}

void
cmd_info(const char *fmt, ...)
{
	va_list ap;

	if (cmd.verbose < 0)
		return;
	va_start(ap, fmt);
	vwarn(fmt, ap);
	va_end(ap);
}

void
cmd_die(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn(fmt, ap);
	va_end(ap);
	if (code == CEU_EUSAGE)
		cmd_usage();	/* and where to read more */
	cmd_exit(code);
}

/* Where the command starts in the usage line [line, end): the program's
 * name and a blank; or NULL. */
static const char *
command_in(const char *line, const char *end)
{
	size_t np = strlen(cmd.prog);
	const char *p;

	for (p = line; (p = strstr(p, cmd.prog)) != NULL && p < end; p += np)
		if (p[np] == ' ')
			return p;
	return NULL;
}

/* Whether the command c (in the usage text) runs sub: sub is its first
 * word after the program's name and any [options]. */
static int
runs_sub(const char *c, const char *sub)
{
	size_t n = strlen(sub);

	for (c += strlen(cmd.prog); *c == ' ' || *c == '['; c++)
		if (*c == '[' && *(c += strcspn(c, "]\n")) != ']')
			return 0;
	return strncmp(c, sub, n) == 0 && (c[n] == ' ' || c[n] == '\n');
}

/* The synopsis of sub in the usage text, from the program's name to the
 * end of its first line ("usage:" left out), its length in *len: the
 * first that runs sub, else the first of all (ceu-import KIND). */
static const char *
synopsis(const char *text, const char *sub, int *len)
{
	const char *line, *end, *c, *first = NULL;

	for (line = text; *line != '\0'; line = end + (*end == '\n')) {
		end = line + strcspn(line, "\n");
		if ((c = command_in(line, end)) == NULL)
			continue;
		if (first == NULL)
			first = c;
		*len = (int)(end - c);
		if (sub != NULL && runs_sub(c, sub))
			return c;
	}
	if (first == NULL)
		return *len = 0, "";
	*len = (int)strcspn(first, "\n");
	return first;
}

/* -o names a file the command reads. */
static void
output_same(const char *other)
{
	cmd_die(CEU_EUSAGE, "%s '%s' is the same file as '%s'; name another "
	    "file", "--output", cmd.output, other);
}

void
cmd_usage(void)
{
	const char *line;
	int len = 0;

	/* One line that says what is wrong (a message already said it,
	 * else the synopsis of the subcommand), and where to read more. */
	if (!warned) {
		line = synopsis(_(usage_text), current_sub, &len);
		fprintf(stderr, _("usage: %.*s\n"), len, line);
	}
	cmd_warn("see '%s --help'", cmd.prog);
	cmd_exit(CEU_EUSAGE);
}

void
cmd_help(void)
{
	fputs(_(usage_text), stdout);
	cmd_exit(CEU_OK);
}

/* -o FILE: standard output is that file, written aside (outfile.h) and
 * renamed into place when the command succeeds; given up otherwise, so
 * that a failed command leaves the old file, or none. */
static struct ceu_outfile output;
static int output_pending;

static void
output_drop(void)
{
	if (output_pending)
		ceu_outfile_drop(&output);
	output_pending = 0;
}

void
cmd_exit(int code)
{
	char msg[CEU_MSG_SIZE];

	/* A command that ends early closes its connections too: SQLite
	 * then removes the -wal and -shm it made. */
	ceu_db_close_all();
	if (fflush(stdout) != 0 || ferror(stdout) || fclose(stdout) != 0) {
		cmd_warn("write error: %s", strerror(errno));
		output_drop();
		exit(code ? code : CEU_EIO);
	}
	if (output_pending && code != CEU_OK)
		output_drop();
	else if (output_pending) {
		output_pending = 0;
		if (ceu_outfile_close(&output, msg) != CEU_OK) {
			cmd_warn("%s", msg);
			exit(CEU_EIO);
		}
	}
	exit(code);
}

/* -o must name none of the files the command keeps (cmd_not_own: the
 * database, its -wal, -shm and -journal, its key) or reads: a file named
 * on the command line (an input, a --rejects, a backup), or the file
 * standard input reads. */
static void
output_check(int argc, char **argv)
{
	struct stat in, out;
	const char *a, *eq;

	cmd_not_own("--output", cmd.output);
	for (int k = 1; k < argc; k++) {
		a = argv[k];
		/* -o's own argument, whichever way it was written */
		if (cmd.output >= a && cmd.output <= a + strlen(a))
			continue;
		if (a[0] == '-' && a[1] == '-' && (eq = strchr(a, '=')) != NULL)
			a = eq + 1;
		else if (a[0] == '-')
			continue;
		if (*a != '\0' && ceu_outfile_same(cmd.output, a))
			output_same(a);
	}
	if (fstat(STDIN_FILENO, &in) == 0 && S_ISREG(in.st_mode) &&
	    stat(cmd.output, &out) == 0 && in.st_dev == out.st_dev &&
	    in.st_ino == out.st_ino)
		output_same("stdin");
}

/* -o FILE (not "-", which is standard output): checked, then opened in
 * standard output's place. */
static void
output_open(int argc, char **argv)
{
	char msg[CEU_MSG_SIZE];
	int rc;

	if (cmd.output == NULL || output_pending ||
	    strcmp(cmd.output, "-") == 0)
		return;
	output_check(argc, argv);
	if ((rc = ceu_outfile_open(&output, cmd.output, msg)) != CEU_OK)
		cmd_die(rc, "%s", msg);
	output_pending = 1;
	atexit(output_drop);
	if (fflush(stdout) != 0 || dup2(fileno(output.fp), STDOUT_FILENO) < 0)
		cmd_die(CEU_ECANTCREAT, "cannot create '%s': %s", cmd.output,
		    strerror(errno));
}

/* The caller's long options followed by the common ones. */
static struct option *
merge_longopts(const struct option *longopts)
{
	static struct option merged[96];
	size_t n = 0, i;

	for (i = 0; longopts && longopts[i].name; i++)
		merged[n++] = longopts[i];
	for (i = 0; ceu_front_longopts[i].name; i++)
		merged[n++] = ceu_front_longopts[i];
	memset(&merged[n], 0, sizeof(merged[n]));
	return merged;
}

/* Every argument is text fit to store and print: valid UTF-8 without
 * control characters (a title, an actor, a reason end up in output). */
static void
check_arguments(int argc, char **argv)
{
	char *shown;

	for (int i = 1; i < argc; i++) {
		if (ceu_text_clean(argv[i]))
			continue;
		shown = ceu_text_visible(argv[i]);
		cmd_warn("argument '%s' is not valid UTF-8 text", shown);
		free(shown);
		cmd_usage();
	}
}

int
cmd_getopt(int argc, char **argv, const struct option *longopts)
{
	struct option *merged = merge_longopts(longopts);
	int ch, rc;

	if (optind <= 1)
		check_arguments(argc, argv);
	opterr = 0;
	while ((ch = getopt_long(argc, argv, CEU_FRONT_SHORTOPTS, merged,
	    NULL)) != -1) {
		if (ch == '?' || ch == ':') {
			if (optopt && optopt < 0x100)
				cmd_warn("bad option '-%c'", optopt);
			else
				cmd_warn("bad option '%s'", argv[optind - 1]);
			cmd_usage();
		}
		rc = ceu_front_option(&cmd, ch, optarg);
		if (rc < 0) {
			cmd_warn("%s", cmd.msg);
			cmd_usage();
		}
		if (rc == 0)
			return ch;
		if (cmd.help)
			cmd_help();
		if (cmd.version) {
			printf("%s %s\n", cmd.prog, CEU_VERSION);
			cmd_exit(CEU_OK);
		}
	}
	if (ceu_front_resolve(&cmd, cmd.output == NULL &&
	    isatty(STDOUT_FILENO)) != CEU_OK) {
		cmd_warn("%s", cmd.msg);
		cmd_usage();
	}
	/* $CEU_ACTOR goes into the journal as --actor does. */
	if (!ceu_text_clean(cmd.actor)) {
		cmd_warn("argument '%s' is not valid UTF-8 text", "CEU_ACTOR");
		cmd_usage();
	}
	output_open(argc, argv);
	return -1;
}

/* Whether the long option arg ("--name", as getopt_long takes it: whole
 * or an unambiguous start) is one of table's that takes a value. */
static int
long_takes_value(const char *arg, const struct option *table)
{
	size_t n = strlen(arg + 2);

	for (; table != NULL && table->name != NULL; table++)
		if (strncmp(table->name, arg + 2, n) == 0)
			return table->has_arg == required_argument;
	return 0;
}

/* Whether option arg takes its value from the next argument: read from
 * the common options' tables and from every subcommand's. */
static int
takes_value(const char *arg, const struct cmd_sub *subs, size_t nsubs)
{
	const char *c;
	size_t i;

	if (arg[1] != '-') {	/* -d FILE, not -dFILE */
		c = strchr(CEU_FRONT_SHORTOPTS, arg[1]);
		return arg[2] == '\0' && c != NULL && c[1] == ':';
	}
	if (strchr(arg, '=') != NULL)
		return 0;
	if (long_takes_value(arg, ceu_front_longopts))
		return 1;
	for (i = 0; i < nsubs; i++)
		if (long_takes_value(arg, subs[i].opts))
			return 1;
	return 0;
}

int
cmd_subcommand_first(int argc, char **argv, const struct cmd_sub *subs,
    size_t nsubs)
{
	char *sub;
	int i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0 || argv[i][0] != '-' ||
		    argv[i][1] == '\0')
			break;
		if (takes_value(argv[i], subs, nsubs))
			i++;
	}
	if (i >= argc || strcmp(argv[i], "--") == 0)
		return 0;
	sub = argv[i];
	memmove(argv + 2, argv + 1, (size_t)(i - 1) * sizeof(*argv));
	argv[1] = sub;
	return 1;
}

void
cmd_run(const struct cmd_sub *sub, int argc, char **argv)
{
	current_sub = sub->name;
	cmd_exit(sub->run(argc, argv));
}

void
cmd_dispatch(int argc, char **argv, const struct cmd_sub *subs,
    size_t nsubs, const char *unknown)
{
	size_t i;

	cmd_complete(argc, argv, subs, nsubs);
	if (!cmd_subcommand_first(argc, argv, subs, nsubs)) {
		optind = 1;
		while (cmd_getopt(argc, argv, NULL) != -1)
			cmd_usage();
		cmd_usage();
	}
	/* PROG help [SUB]: the usage, without a database. */
	if (strcmp(argv[1], "help") == 0)
		cmd_help();
	for (i = 0; i < nsubs; i++)
		if (strcmp(argv[1], subs[i].name) == 0)
			cmd_run(&subs[i], argc - 1, argv + 1);
	cmd_warn(unknown, argv[1]);
	cmd_usage();
}

struct ceu_db *
cmd_open_db(void)
{
	struct ceu_db *db;

	if (ceu_db_open(cmd.db_path, 0, &db) != CEU_OK)
		cmd_die_db(db);
	db->actor = cmd.actor;
	db->today = cmd.today;
	db->show_id = cmd.show_id;
	ceu_db_set_busy_timeout(db, cmd.busy_timeout_ms);
	return db;
}

void
cmd_die_db(struct ceu_db *db)
{
	int code = db->code ? db->code : CEU_EIO;

	ceu_db_rollback(db);
	cmd_warn("%s", db->msg);
	ceu_db_close(db);
	cmd_exit(code);
}

void
cmd_key_made(const char *path)
{
	cmd_info("made the database's key '%s' (mode 0600): it signs the "
	    "journal and the certificates; back it up with the database",
	    path);
}

struct ceu_out *
cmd_out_open(const struct ceu_out_col *cols, size_t ncols)
{
	struct ceu_out *o;

	o = ceu_out_open(stdout, cmd.format, (cmd.bom ? CEU_OUT_BOM : 0) |
	    (cmd.lang == CEU_LANG_ZH ? CEU_OUT_ZH : 0), cols, ncols);
	if (o == NULL)	/* cmd.format is one of them (front.c) */
		abort();
	return o;
}

/* Exit with the writer's own message and code. */
static void
out_die(struct ceu_out *o)
{
	char msg[CEU_MSG_SIZE];
	int code;

	snprintf(msg, sizeof(msg), "%s", ceu_out_error(o, &code));
	ceu_out_free(o);
	cmd_die(code, "%s", msg);
}

void
cmd_out_row(struct ceu_out *o, const char *const *values)
{
	if (ceu_out_row(o, values) != 0)
		out_die(o);
}

void
cmd_out_close(struct ceu_out *o)
{
	if (ceu_out_finish(o) != 0)
		out_die(o);
	ceu_out_free(o);
}
