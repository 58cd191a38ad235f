/*
 * exitcode.h - the exit statuses of every ceu binary (SPEC "Exit status").
 *
 * Library functions return one of these; the cmd/ fronts pass them on to
 * exit(3).  They follow sysexits(3) where the SPEC does.
 */
#ifndef CEU_EXITCODE_H
#define CEU_EXITCODE_H

enum ceu_exit {
	CEU_OK = 0,		/* done */
	CEU_EREFUSED = 1,	/* refused by a rule, or not found */
	CEU_EUSAGE = 64,	/* usage error */
	CEU_EDATA = 65,		/* bad input data */
	CEU_ENOINPUT = 66,	/* input file or database missing */
	CEU_ECANTCREAT = 73,	/* cannot create output */
	CEU_EIO = 74,		/* I/O error */
	CEU_EBUSY = 75,		/* database busy past the timeout */
	CEU_ESCOPE = 77,	/* outside the caller's scope */
};

#endif
