/*
 * base32.h - Crockford's base32 (https://www.crockford.com/base32.html):
 * the digits and the upper-case letters without I, L, O and U, five bits a
 * character.  The verify code and the QR text of a certificate are written
 * in it: it is short to type, never mistaken for another letter, and all of
 * it is in the QR code's alphanumeric mode and safe in a shell argument.
 */
#ifndef CEU_BASE32_H
#define CEU_BASE32_H

#include <stddef.h>

/* "0123456789ABCDEFGHJKMNPQRSTVWXYZ": the character of each value. */
extern const char ceu_base32_alphabet[33];

/* The value (0-31) of character c, or -1.  With forgiving, as a person
 * types it: lower case too, O for 0, I and L for 1; otherwise only the
 * alphabet itself. */
int ceu_base32_value(int c, int forgiving);

/* Characters that ceu_base32_encode writes for n bytes (8n/5 rounded up). */
size_t ceu_base32_encoded_len(size_t n);

/* in[0..n) as text in out (ceu_base32_encoded_len(n) + 1 bytes, NUL
 * added), most significant bit first, the last character padded with zero
 * bits. */
void ceu_base32_encode(const unsigned char *in, size_t n, char *out);

/* The strict inverse of ceu_base32_encode: text[0..len) into out (size
 * bytes), *outlen bytes.  0, or -1 for a character outside the alphabet, a
 * length that no byte count encodes to, padding bits that are not zero, or
 * more than size bytes: one byte string has one text. */
int ceu_base32_decode(const char *text, size_t len, unsigned char *out,
    size_t size, size_t *outlen);

#endif
