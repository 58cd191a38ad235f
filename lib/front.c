/*
 * front.c - the common options of every binary (front.h).
 */
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
	{ "help", no_argument, NULL, 'h' },
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
			    "tsv, json, table)", arg);
			return -1;
		}
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
	if (f->format < 0)
		f->format = stdout_is_tty ? CEU_FMT_TABLE : CEU_FMT_CSV;
	if (f->actor == NULL) {
		f->actor = getlogin();
		if (f->actor == NULL && (pw = getpwuid(getuid())) != NULL)
			f->actor = pw->pw_name;
		if (f->actor == NULL)
			f->actor = "unknown";
	}
	return CEU_OK;
}
