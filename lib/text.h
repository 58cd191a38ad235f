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
 * outsize bytes (always NUL-terminated when outsize > 0).  Returns 0, or
 * -1 when the text does not fit: then out holds what does, never cut
 * inside a UTF-8 character, and the caller refuses the value rather than
 * keep it cut.  in and out may be the same buffer. */
int ceu_fold_blanks(const char *in, char *out, size_t outsize);

/* s made safe to show on a terminal, in a new string (alloc.h; free
 * it): tab, CR and LF become spaces; other control characters (C0, DEL,
 * C1), the bidirectional overrides and isolates, and bytes that are not
 * UTF-8 are written out as \xHH or \uHHHH, so that no escape sequence
 * reaches the terminal and the text stays valid UTF-8. */
char *ceu_text_visible(const char *s);

/* Whether s is valid UTF-8 without control characters other than tab,
 * CR and LF: text fit to store and print. */
int ceu_text_clean(const char *s);

/*
 * The longest text each kind of value holds, in bytes of UTF-8 (a Chinese
 * character takes 3), blanks folded, the NUL not counted: a longer value
 * is refused where it comes in, never cut (ceu-import(1), LIMITS).
 */
#define CEU_TEXT_NAME_MAX 255	/* a person's, a unit's or an organiser's
				   name; a specialty, a professional title */
#define CEU_TEXT_TITLE_MAX 511	/* an activity's title */
#define CEU_TEXT_CODE_MAX 127	/* a filing number, a ref, a source, an
				   industry */
#define CEU_TEXT_KEY_MAX 63	/* a policy key */

#endif
