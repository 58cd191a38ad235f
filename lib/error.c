/*
 * error.c - messages in the user's language (error.h).
 */
#include <libintl.h>
#include <stdio.h>

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
