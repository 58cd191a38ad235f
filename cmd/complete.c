/*
 * complete.c - what bash completes (completion/ceu.bash), asked of the
 * program itself so that it never goes stale: `PROG __complete WORD...`
 * prints, one a line, the candidates for the last WORD (the one being
 * typed, "" for a new one), read from the option tables the program
 * parses with (struct cmd_sub, ceu_front_longopts) and the value names of
 * libceu.  A line "@file" asks the shell to complete a file name.
 *
 *	$ ceu-report __complete compliance --f
 *	--format
 */
#include <stdio.h>
#include <string.h>

#include "common.h"
#include "out.h"
#include "values.h"

/* The line that asks the shell for file names (a word of the protocol
 * between this file and completion/ceu.bash, not of the user's). */
#define FILE_NAMES "@file\n"

/* Say word when it starts with what is being typed. */
static void
offer(const char *word, const char *cur)
{
	if (word != NULL && strncmp(word, cur, strlen(cur)) == 0)
		printf("%s\n", word);
}

/* The --long options of table. */
static void
offer_options(const struct option *table, const char *cur)
{
	char name[64];

	for (; table != NULL && table->name != NULL; table++) {
		snprintf(name, sizeof(name), "--%s", table->name);
		offer(name, cur);
	}
}

/* Names tried on a parser, offered when it takes them: a format or an
 * encoding that this build does not know is left out. */
static void
offer_parsed(const char *const *names, int (*parse)(const char *),
    const char *cur)
{
	for (; *names != NULL; names++)
		if (parse(*names) >= 0)
			offer(*names, cur);
}

/* The values of option name (its long name, without "--"). */
static void
offer_values(const char *name, const char *cur)
{
	static const char *const formats[] = { "csv", "tsv", "json", "table",
	    "xlsx", NULL };
	static const char *const encodings[] = { "auto", "utf-8", "gb18030",
	    NULL };
	static const char *const files[] = { "db", "rejects", "ids", "output",
	    "pdf", "out", "merged", "pubkey", NULL };
	int i;

	for (i = 0; files[i] != NULL; i++)
		if (strcmp(name, files[i]) == 0)
			fputs(FILE_NAMES, stdout);
	if (strcmp(name, "format") == 0)
		offer_parsed(formats, ceu_format_parse, cur);
	else if (strcmp(name, "encoding") == 0)
		offer_parsed(encodings, ceu_encoding_parse, cur);
	else if (strcmp(name, "category") == 0)
		for (i = 0; i < CEU_NCATEGORIES; i++) {	/* R8 */
			offer(ceu_category_name(i), cur);
			offer(ceu_category_name_zh(i), cur);
		}
	else if (strcmp(name, "subject") == 0)
		for (i = 0; i < CEU_NSUBJECTS; i++)
			offer(ceu_subject_name(i), cur);
	else if (strcmp(name, "status") == 0 &&
	    strcmp(cmd.prog, "ceu-cert") == 0) {	/* a certificate's */
		offer("valid", cur);
		offer("revoked", cur);
	} else if (strcmp(name, "status") == 0)
		for (i = 0; i < CEU_NSTATUSES; i++)
			offer(ceu_status_name(i), cur);
	else if (strcmp(name, "kind") == 0) {	/* R12 */
		offer("public", cur);
		offer("completion", cur);
	}
	else if (strcmp(name, "by") == 0) {
		offer("unit", cur);
		offer("city", cur);
		offer("industry", cur);
	} else if (strcmp(name, "headers") == 0) {
		offer("en", cur);
		offer("zh", cur);
	} else if (strcmp(name, "delimiter") == 0)
		offer("tab", cur);
}

/* The long name of the common short option word ("-o" is output), when
 * it takes a value; else NULL.  Only the common options have short
 * names (CEU_FRONT_SHORTOPTS), the same letters as their long ones. */
static const char *
value_short(const char *word)
{
	const struct option *o;

	if (word[0] != '-' || word[1] == '-' || word[1] == '\0' ||
	    word[2] != '\0')
		return NULL;
	for (o = ceu_front_longopts; o->name != NULL; o++)
		if (o->val == word[1])
			return o->has_arg == required_argument ? o->name : NULL;
	return NULL;
}

/* The long name of option word ("-f" is format, "--form" format too) in
 * table or the common ones, when it takes a value; else NULL. */
static const char *
value_option(const char *word, const struct option *table)
{
	const struct option *t[2] = { table, ceu_front_longopts };
	size_t n;
	int i;

	if (word[0] == '-' && word[1] != '-')
		return value_short(word);
	if (strncmp(word, "--", 2) != 0 || word[2] == '\0')
		return NULL;
	n = strcspn(word + 2, "=");
	for (i = 0; i < 2; i++)
		for (table = t[i]; table != NULL && table->name; table++)
			if (strncmp(table->name, word + 2, n) == 0)
				return table->has_arg == required_argument ?
				    table->name : NULL;
	return NULL;
}

/* Candidates for cur, the last word, after words[0..n) of subcommand
 * sub (NULL: none yet, the options before it). */
static void
offer_for(const struct cmd_sub *sub, const struct cmd_sub *subs,
    size_t nsubs, char **words, int n, const char *cur)
{
	const struct option *opts = sub != NULL ? sub->opts : NULL;
	const char *opt;
	size_t i;

	if (strncmp(cur, "--", 2) == 0 && strchr(cur, '=') != NULL) {
		if ((opt = value_option(cur, opts)) != NULL)
			offer_values(opt, strchr(cur, '=') + 1);
	} else if (n > 0 && (opt = value_option(words[n - 1], opts)) != NULL &&
	    strchr(words[n - 1], '=') == NULL)
		offer_values(opt, cur);
	else if (*cur == '-') {
		offer_options(opts, cur);
		offer_options(ceu_front_longopts, cur);
	} else if (sub == NULL) {
		for (i = 0; i < nsubs; i++)
			offer(subs[i].name, cur);
		offer("help", cur);
	} else if (strcmp(sub->name, "help") == 0)
		for (i = 0; i < nsubs; i++)
			offer(subs[i].name, cur);
	else
		fputs(FILE_NAMES, stdout);	/* an operand */
}

/* Whether word is an option that takes its value from the next word,
 * for the common options and those of every subcommand (they may come
 * before the subcommand). */
static int
takes_next(const char *word, const struct cmd_sub *subs, size_t nsubs)
{
	size_t k;

	if (strchr(word, '=') != NULL)
		return 0;
	for (k = 0; k < nsubs; k++)
		if (value_option(word, subs[k].opts) != NULL)
			return 1;
	return value_option(word, NULL) != NULL;
}

/* The subcommand words[i] names, "help" among them, or NULL. */
static const struct cmd_sub *
find_sub(const char *word, const struct cmd_sub *subs, size_t nsubs)
{
	static const struct cmd_sub help = { "help", NULL, NULL };
	size_t k;

	if (strcmp(word, "help") == 0)
		return &help;
	for (k = 0; k < nsubs; k++)
		if (strcmp(word, subs[k].name) == 0)
			return &subs[k];
	return NULL;
}

int
cmd_complete(int argc, char **argv, const struct cmd_sub *subs,
    size_t nsubs)
{
	const struct cmd_sub *sub = NULL;
	char **words = argv + 2;
	int n = argc - 3, i, at = 0;

	if (argc < 3 || strcmp(argv[1], "__complete") != 0)
		return 0;
	/* The subcommand: the first word that is no option nor an
	 * option's value. */
	for (i = 0; i < n && sub == NULL; i++) {
		if (words[i][0] == '-' && words[i][1] != '\0') {
			i += takes_next(words[i], subs, nsubs);
			continue;
		}
		if ((sub = find_sub(words[i], subs, nsubs)) == NULL)
			cmd_exit(CEU_OK);	/* unknown: nothing to offer */
		at = i + 1;
	}
	/* A command another program runs (ceu CMD): the caller asks it. */
	if (sub != NULL && sub->run == NULL && strcmp(sub->name, "help") != 0)
		return at + 1;
	offer_for(sub, subs, nsubs, words + at, n - at, words[n]);
	cmd_exit(CEU_OK);
}
