/*
 * error.c - messages in the user's language (error.h).
 */
#include <libintl.h>
#include <stdio.h>
#include <string.h>

#include "error.h"

int
ceu_vmsg(char *msg, int code, const char *fmt, va_list ap)
{
	vsnprintf(msg, CEU_MSG_SIZE, dgettext("ceu", fmt), ap);
	return code;
}

int
ceu_msg(char *msg, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ceu_vmsg(msg, code, fmt, ap);
	va_end(ap);
	return code;
}

const char *
ceu_tr(const char *msgid)
{
	return dgettext("ceu", msgid);
}

/* The words the database keeps for a record's source and status and a
 * certificate's kind (schema.sql), marked for the catalog. */
static const char *const words[] = {
	N_("self"), N_("roster"), N_("integration"), N_("exam"),
	N_("pending"), N_("approved"), N_("rejected"), N_("withdrawn"),
	N_("revoked"), N_("public"), N_("completion"),
};

const char *
ceu_tr_word(const char *word)
{
	size_t i;

	for (i = 0; word != NULL && i < sizeof(words) / sizeof(*words); i++)
		if (strcmp(word, words[i]) == 0)
			return ceu_tr(words[i]);
	return word;
}
