/*
 * front.c - the common options of every binary (front.h).
 */
#include <ctype.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "db.h"
#include "front.h"
#include "out.h"
#include "values.h"

const struct option ceu_front_longopts[] = {
	{ "actor", required_argument, NULL, CEU_OPT_ACTOR },
	{ "bom", no_argument, NULL, CEU_OPT_BOM },
	{ "db", required_argument, NULL, 'd' },
	{ "format", required_argument, NULL, 'f' },
	{ "headers", required_argument, NULL, CEU_OPT_HEADERS },
	{ "help", no_argument, NULL, 'h' },
	{ "output", required_argument, NULL, 'o' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "show-id", no_argument, NULL, CEU_OPT_SHOW_ID },
	{ "today", required_argument, NULL, CEU_OPT_TODAY },
	{ "verbose", no_argument, NULL, 'v' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

/* getenv, with "" as unset. */
static const char *
env(const char *name)
{
	const char *v = getenv(name);

	return v != NULL && *v != '\0' ? v : NULL;
}

void
ceu_front_init(struct ceu_front *f, const char *prog)
{
	memset(f, 0, sizeof(*f));
	f->prog = prog;
	f->db_path = env("CEU_DB") ? env("CEU_DB") : "ceu.db";
	f->today_arg = env("CEU_TODAY");
	f->actor = env("CEU_ACTOR");
	f->format = -1;
	f->lang = -1;
	f->busy_timeout_ms = CEU_BUSY_TIMEOUT_MS;
	if (env("CEU_BUSY_TIMEOUT") != NULL) {
		/* Whole seconds to wait for another writer; bad text keeps
		 * the default rather than waiting forever or not at all. */
		char *end;
		long s = strtol(env("CEU_BUSY_TIMEOUT"), &end, 10);

		if (*end == '\0' && s >= 0 && s <= 3600)
			f->busy_timeout_ms = (int)s * 1000;
	}
}

int
ceu_front_option(struct ceu_front *f, int ch, const char *arg)
{
	switch (ch) {
	case CEU_OPT_ACTOR:
		if (*arg == '\0') {
			ceu_msg(f->msg, CEU_EUSAGE, "--actor needs a name");
			return -1;
		}
		f->actor = arg;
		return 1;
	case CEU_OPT_BOM:
		f->bom = 1;
		return 1;
	case CEU_OPT_SHOW_ID:
		f->show_id = 1;
		return 1;
	case CEU_OPT_TODAY:
		f->today_arg = arg;
		return 1;
	case 'd':
		f->db_path = arg;
		return 1;
	case 'f':
		if ((f->format = ceu_format_parse(arg)) < 0) {
			ceu_msg(f->msg, CEU_EUSAGE, "unknown format '%s' (csv, "
			    "tsv, json, table, xlsx)", arg);
			return -1;
		}
		return 1;
	case CEU_OPT_HEADERS:
		/* Formats and this option's own words stay English. */
		f->lang = strcmp(arg, "en") == 0 ? CEU_LANG_EN :
		    strcmp(arg, "zh") == 0 ? CEU_LANG_ZH : -1;
		if (f->lang < 0) {
			ceu_msg(f->msg, CEU_EUSAGE, "unknown --headers '%s' "
			    "(en or zh)", arg);
			return -1;
		}
		return 1;
	case 'o':
		if (*arg == '\0') {
			ceu_msg(f->msg, CEU_EUSAGE, "--output needs a file "
			    "name");
			return -1;
		}
		f->output = arg;
		return 1;
	case 'h':
		f->help = 1;
		return 1;
	case 'q':
		f->verbose--;
		return 1;
	case 'v':
		f->verbose++;
		return 1;
	case 'V':
		f->version = 1;
		return 1;
	}
	return 0;
}

/* -o FILE without -f: the format its name ends in (.csv .tsv .json
 * .xlsx, any case), else csv; a table is for a terminal, never a file. */
static int
format_of_name(const char *path)
{
	const char *dot = strrchr(path, '.');
	char ext[8];
	size_t i;
	int format;

	if (dot == NULL || strchr(dot, '/') != NULL || strlen(dot + 1) >=
	    sizeof(ext))
		return CEU_FMT_CSV;
	for (i = 0; dot[1 + i] != '\0'; i++)
		ext[i] = (char)tolower((unsigned char)dot[1 + i]);
	ext[i] = '\0';
	format = ceu_format_parse(ext);
	return format < 0 || format == CEU_FMT_TABLE ? CEU_FMT_CSV : format;
}

/* As gettext: $LANGUAGE, unless the locale is plainly C or POSIX. */
int
ceu_front_env_lang(void)
{
	const char *locale = env("LC_ALL"), *lang;

	if (locale == NULL)
		locale = env("LC_MESSAGES");
	if (locale == NULL)
		locale = env("LANG");
	lang = locale;
	if (env("LANGUAGE") != NULL && (locale == NULL ||
	    (strcmp(locale, "C") != 0 && strcmp(locale, "POSIX") != 0)))
		lang = env("LANGUAGE");
	return lang != NULL && strncmp(lang, "zh", 2) == 0 ? CEU_LANG_ZH :
	    CEU_LANG_EN;
}

/* The local calendar date as yyyymmdd. */
static int
system_today(void)
{
	time_t t = time(NULL);
	struct tm tm;

	localtime_r(&t, &tm);
	return (tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 +
	    tm.tm_mday;
}

int
ceu_front_resolve(struct ceu_front *f, int stdout_is_tty)
{
	struct passwd *pw;

	if (f->today_arg == NULL)
		f->today = system_today();
	else if (ceu_date_parse(f->today_arg, &f->today) != 0)
		return ceu_msg(f->msg, CEU_EUSAGE, "invalid date '%s' for %s "
		    "(YYYY-MM-DD)", f->today_arg, "--today");
	if (f->format < 0 && f->output != NULL)
		f->format = format_of_name(f->output);
	if (f->format < 0)
		f->format = stdout_is_tty ? CEU_FMT_TABLE : CEU_FMT_CSV;
	/* A workbook is bytes for a file or a pipe, not for a screen. */
	if (f->format == CEU_FMT_XLSX && f->output == NULL && stdout_is_tty)
		return ceu_msg(f->msg, CEU_EUSAGE, "xlsx is not for a "
		    "terminal: give -o FILE or redirect the output");
	if (f->lang < 0)
		f->lang = f->format == CEU_FMT_TABLE ||
		    f->format == CEU_FMT_XLSX ? ceu_front_env_lang() :
		    CEU_LANG_EN;
	if (f->actor == NULL) {
		f->actor = getlogin();
		if (f->actor == NULL && (pw = getpwuid(getuid())) != NULL)
			f->actor = pw->pw_name;
		if (f->actor == NULL)
			f->actor = "unknown";
	}
	return CEU_OK;
}
