/*
 * verifycode.h - the verify code printed on a certificate (R12, SPEC
 * "ceu-cert"): 16 characters of Crockford's base32 that a person types to
 * check a paper.  The first 15 are 75 bits of a keyed BLAKE2b hash of the
 * certificate's signature, so that the code is as unique as the signature
 * and nobody can choose one; the 16th is a check character.
 *
 * The check character is c = sum of x[i] * a^(15 - i) for i = 0..14 in
 * GF(32), where x[i] is the value of the i-th character, a is a root of
 * the primitive polynomial x^5 + x^2 + 1 and + is exclusive or: the
 * weights a^15 ... a^1 and the check's own weight 1 are sixteen different
 * non-zero elements.  So a code with one character changed, or with two
 * different characters swapped (next to each other or not), never checks:
 * it is "mistyped", never another certificate's code.
 */
#ifndef CEU_VERIFYCODE_H
#define CEU_VERIFYCODE_H

#include "db.h"
#include "key.h"

#define CEU_VERIFYCODE_LEN 16
/* XXXX-XXXX-XXXX-XXXX and a NUL. */
#define CEU_VERIFYCODE_DISPLAY_SIZE 20

/* The code of the certificate signed sig, in out (16 characters, NUL). */
void ceu_verifycode_from_signature(const unsigned char sig[CEU_KEY_SIG_BYTES],
    char out[CEU_VERIFYCODE_LEN + 1]);

/* The check character of the first 15 characters of a code (each of the
 * alphabet). */
char ceu_verifycode_check(const char *first15);

/* Read a code as a person types it: lower case, O for 0, I and L for 1,
 * hyphens and blanks (also full-width ones, U+3000) anywhere; out is the
 * 16 canonical characters.  CEU_OK; CEU_EREFUSED when the check character
 * does not match ("mistyped": out still holds what was typed, canonical);
 * CEU_EDATA when it is not a code at all (length, a character outside the
 * alphabet).  The message says which. */
int ceu_verifycode_parse(struct ceu_db *db, const char *in,
    char out[CEU_VERIFYCODE_LEN + 1]);

/* code as printed, in groups of four: XXXX-XXXX-XXXX-XXXX. */
void ceu_verifycode_display(const char *code,
    char out[CEU_VERIFYCODE_DISPLAY_SIZE]);

#endif
