/*
 * verifycode.c - the verify code of a certificate.  See verifycode.h for
 * the check character and why it catches what it catches.
 */
#include <string.h>

#include <sodium.h>

#include "base32.h"
#include "verifycode.h"

/* The hash key: the code is a hash of the signature made for this use. */
static const char code_key[] = "ceu-verify-code-v1";

/* v * a in GF(32) = GF(2)[x] / (x^5 + x^2 + 1). */
static int
times_a(int v)
{
	v <<= 1;
	if (v & 0x20)
		v ^= 0x25;
	return v;
}

char
ceu_verifycode_check(const char *first15)
{
	int c = 0, i;

	/* Horner: ((x0 a + x1) a + ...) a = sum x[i] a^(15 - i). */
	for (i = 0; i < CEU_VERIFYCODE_LEN - 1; i++)
		c = times_a(c ^ ceu_base32_value((unsigned char)first15[i],
		    0));
	return ceu_base32_alphabet[c];
}

void
ceu_verifycode_from_signature(const unsigned char sig[CEU_KEY_SIG_BYTES],
    char out[CEU_VERIFYCODE_LEN + 1])
{
	unsigned char h[16];
	char text[27];		/* 16 bytes: 26 characters */

	crypto_generichash(h, sizeof(h), sig, CEU_KEY_SIG_BYTES,
	    (const unsigned char *)code_key, sizeof(code_key) - 1);
	/* The first 15 characters are the hash's first 75 bits. */
	ceu_base32_encode(h, sizeof(h), text);
	memcpy(out, text, CEU_VERIFYCODE_LEN - 1);
	out[CEU_VERIFYCODE_LEN - 1] = ceu_verifycode_check(out);
	out[CEU_VERIFYCODE_LEN] = '\0';
}

/* The length of a separator at s (hyphen, blank, full-width hyphen or
 * blank), or 0. */
static size_t
separator(const unsigned char *s)
{
	if (*s == '-' || *s == ' ' || *s == '\t')
		return 1;
	if (s[0] == 0xe3 && s[1] == 0x80 && s[2] == 0x80)	/* U+3000 */
		return 3;
	if (s[0] == 0xef && s[1] == 0xbc && s[2] == 0x8d)	/* U+FF0D */
		return 3;
	return 0;
}

/* A full-width letter or digit at s (U+FF10..FF5A) as ASCII in *c: the
 * bytes it takes, or 0. */
static size_t
full_width(const unsigned char *s, int *c)
{
	int cp;

	if (s[0] != 0xef || (s[1] != 0xbc && s[1] != 0xbd) ||
	    (s[2] & 0xc0) != 0x80)
		return 0;
	cp = 0xf000 | (s[1] & 0x3f) << 6 | (s[2] & 0x3f);
	if (cp < 0xff10 || cp > 0xff5a)
		return 0;
	*c = cp - 0xfee0;
	return 3;
}

/* The next character of the code at *s, advancing; -1 at the end. */
static int
next_char(const unsigned char **s)
{
	size_t n;
	int c;

	while ((n = separator(*s)) > 0)
		*s += n;
	if (**s == '\0')
		return -1;
	if ((n = full_width(*s, &c)) > 0) {
		*s += n;
		return c;
	}
	return *(*s)++;
}

int
ceu_verifycode_parse(struct ceu_db *db, const char *in,
    char out[CEU_VERIFYCODE_LEN + 1])
{
	const unsigned char *s = (const unsigned char *)in;
	char shown[CEU_VERIFYCODE_DISPLAY_SIZE];
	int c, v, n = 0;

	while ((c = next_char(&s)) >= 0) {
		if ((v = ceu_base32_value(c, 1)) < 0)
			return ceu_db_fail(db, CEU_EDATA, "not a verify code: "
			    "it has a character other than 0-9 and A-Z "
			    "without U");
		if (n < CEU_VERIFYCODE_LEN)
			out[n] = ceu_base32_alphabet[v];
		n++;
	}
	if (n != CEU_VERIFYCODE_LEN)
		return ceu_db_fail(db, CEU_EDATA, "not a verify code: %d "
		    "characters, %d expected", n, CEU_VERIFYCODE_LEN);
	out[n] = '\0';
	if (ceu_verifycode_check(out) != out[n - 1]) {
		ceu_verifycode_display(out, shown);
		return ceu_db_fail(db, CEU_EREFUSED, "verify code '%s' is "
		    "mistyped: its check character does not match; compare it "
		    "with the paper", shown);
	}
	return CEU_OK;
}

void
ceu_verifycode_display(const char *code,
    char out[CEU_VERIFYCODE_DISPLAY_SIZE])
{
	int i, j = 0;

	for (i = 0; i < CEU_VERIFYCODE_LEN; i++) {
		if (i > 0 && i % 4 == 0)
			out[j++] = '-';
		out[j++] = code[i];
	}
	out[j] = '\0';
}
