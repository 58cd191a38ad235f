/*
 * text.h - UTF-8 text as spreadsheets and terminals bring it: validating
 * and decoding sequences, and blanks, which include the ideographic space
 * U+3000 that Chinese input methods type.
 *
 * The one place for these: the CSV reader validates with ceu_utf8_scan,
 * identifiers and values trim with ceu_blank_len, the table writer
 * measures with ceu_utf8_decode.
 */
#ifndef CEU_TEXT_H
#define CEU_TEXT_H

#include <stddef.h>

/* Length of the valid UTF-8 sequence at s (avail bytes left): 1 to 4, 0
 * if it is invalid, or -1 if it is a valid beginning cut short by the end
 * of s.  Overlong forms, surrogates and code points past U+10FFFF are
 * invalid. */
int ceu_utf8_len(const unsigned char *s, size_t avail);

/* The length of the valid UTF-8 prefix of s[0..n); *tail is the length of
 * a valid but incomplete sequence ending s (outside the prefix), else 0.
 * A return below n - *tail means an invalid byte there. */
size_t ceu_utf8_scan(const unsigned char *s, size_t n, size_t *tail);

/* The code point at the NUL-terminated s; *len its length (1 for an
 * invalid byte, which is returned as it is). */
unsigned ceu_utf8_decode(const unsigned char *s, size_t *len);

/* Length of a blank at s: ASCII white space (1) or U+3000 (3); 0 when s
 * does not start with one. */
size_t ceu_blank_len(const char *s);

/* Fold runs of blanks to one space and trim both ends, into out of
 * outsize bytes (always NUL-terminated when outsize > 0).  Text that does
 * not fit is cut, never inside a UTF-8 character.  in and out may be the
 * same buffer. */
void ceu_fold_blanks(const char *in, char *out, size_t outsize);

#endif
