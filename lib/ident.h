/*
 * ident.h - identifiers: resident ID numbers (GB 11643), unified social
 * credit codes (GB 32100), and the masking of ID numbers in output.
 *
 * Every parser normalises first (surrounding blanks, full-width digits and
 * letters, lower-case x) and then validates.  On failure it returns a short
 * static reason ("check digit", "birth date", "length", ...), a fragment
 * of the catalog that the caller translates with ceu_tr() (error.h) and
 * puts into its message:
 *   invalid ID number 450102199001011235 (check digit)
 * On success it returns NULL and out holds the 18 canonical characters and
 * a NUL.
 */
#ifndef CEU_IDENT_H
#define CEU_IDENT_H

#define CEU_ID_LEN 18

/* R1: a person's resident ID or residence-permit (81/82/83) number. */
const char *ceu_ident_person(const char *in, char out[CEU_ID_LEN + 1]);

/* The check character (0-9 or X) of the first 17 digits of an ID number. */
char ceu_ident_person_check(const char *first17);

/* R1: a unit's unified social credit code. */
const char *ceu_ident_unit(const char *in, char out[CEU_ID_LEN + 1]);

/* The check character of the first 17 characters of a credit code. */
char ceu_ident_unit_check(const char *first17);

/* R1: a city code, 6 digits (450100): NULL, or the reason it is not. */
const char *ceu_ident_city(const char *in);

/* R10: a filing number, normalised as the identifiers above are (blanks
 * dropped, full-width ASCII folded, letters upper case): "ｇｘ2023-00001 "
 * is GX2023-00001.  NULL, or "empty" / "length" (more than
 * CEU_FILING_LEN bytes). */
#define CEU_FILING_LEN 120
const char *ceu_ident_filing(const char *in, char out[CEU_FILING_LEN + 1]);

/* 450102********1234: first 6 and last 4 kept.  out may equal id. */
void ceu_ident_mask(const char *id, char out[CEU_ID_LEN + 1]);

/* text as a message may show it (SPEC: masked unless --show-id): text
 * itself when show is set or it does not look like an ID number, else
 * masked into out as ceu_ident_mask does.  Looking like one: 15 to 20
 * characters, digits and X alone (a valid number, or one a digit off). */
const char *ceu_ident_shown(const char *text, int show,
    char out[CEU_ID_LEN + 1]);

/* text (a journal row's JSON, say) with every ID number in it masked as
 * ceu_ident_mask does: each run of 18 or more digits (an X may end it)
 * keeps its first 6 and last 4.  A new string (alloc.h; free it). */
char *ceu_ident_mask_all(const char *text);

#endif
