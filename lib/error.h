/*
 * error.h - how libceu fails.  A function that fails returns a code of
 * exitcode.h and leaves "what is wrong" in the handle its caller holds
 * (the database's db->msg, the CSV reader's, the options'), lower case,
 * no full stop, subject quoted, in the user's language: the format is
 * looked up in the "ceu" gettext catalog, which the program binds.
 * The library never prints and never exits.
 *
 *	return ceu_msg(msg, CEU_EDATA, "unknown column '%s'", name);
 *
 * Fragments that a message splices in (the reason after "invalid ID
 * number") are marked N_("check digit") where they are defined and
 * looked up with ceu_tr() where they are used.
 */
#ifndef CEU_ERROR_H
#define CEU_ERROR_H

#include <stdarg.h>

#include "exitcode.h"

#define CEU_MSG_SIZE 1024

/* Marks a fragment for the catalog without translating it there. */
#define N_(s) (s)

/* fmt, translated, formatted into msg (CEU_MSG_SIZE bytes); returns
 * code, so that `return ceu_msg(...)` reads. */
int ceu_msg(char *msg, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int ceu_vmsg(char *msg, int code, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));

/* A fragment marked with N_(), in the user's language. */
const char *ceu_tr(const char *msgid);

/* A word the database keeps for a record's source or status ("roster",
 * "approved") or a certificate's kind ("completion"), in the user's
 * language for a message; any other word as it is. */
const char *ceu_tr_word(const char *word);

#endif
