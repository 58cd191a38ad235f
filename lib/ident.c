/*
 * ident.c - validation and masking of identifiers (R1): resident ID and
 * residence-permit numbers (GB 11643) and unified social credit codes
 * (GB 32100).
 *
 * Input comes from spreadsheets typed on Chinese keyboards, so each parser
 * first normalises: surrounding ASCII blanks, tabs and U+3000 go, full-width
 * digits and letters (U+FF10..U+FF5A) become ASCII, and letters are upper
 * case.  Only then is the 18-character value validated.
 */
#include <string.h>

#include "alloc.h"
#include "error.h"
#include "ident.h"
#include "text.h"
#include "values.h"

static const char unit_alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/*
 * Copy in to out (at most CEU_ID_LEN characters) with blanks trimmed and
 * full-width ASCII folded to ASCII, letters upper-cased.  Returns NULL, or
 * "length" / "character" when the text cannot be an 18-character code.
 */
static const char *
normalise(const char *in, char out[CEU_ID_LEN + 1])
{
	const unsigned char *s = (const unsigned char *)in, *p, *end;
	size_t n = 0, k;

	while ((k = ceu_blank_len((const char *)s)) > 0)
		s += k;
	/* The end: just after the last byte that is not a blank. */
	for (p = end = s; *p != '\0'; p += k ? k : 1)
		if ((k = ceu_blank_len((const char *)p)) == 0)
			end = p + 1;
	while (s < end) {
		unsigned c = *s++;
		if (c == 0xEF && end - s >= 2 && (s[0] == 0xBC || s[0] == 0xBD) &&
		    s[1] >= 0x80 && s[1] <= 0xBF) {
			/* U+FF01..U+FF5E are U+0021..U+007E shifted */
			unsigned cp = 0xF000 | (unsigned)(s[0] & 0x3F) << 6 |
			    (s[1] & 0x3F);
			s += 2;
			if (cp < 0xFF01 || cp > 0xFF5E)
				return N_("character");
			c = cp - 0xFF01 + 0x21;
		} else if (c >= 0x80) {
			return N_("character");
		}
		if (c >= 'a' && c <= 'z')
			c -= 'a' - 'A';
		if (n == CEU_ID_LEN)
			return N_("length");
		out[n++] = (char)c;
	}
	out[n] = '\0';
	return n == CEU_ID_LEN ? NULL : N_("length");
}

/*
 * Whether the 8 digits at s are a calendar date in 1800..2099.  1800, not
 * 1900: the standard's own example 440524188001010014 is born in 1880.
 */
static int
valid_birth_date(const char *s)
{
	int y = 0, m, d, i;

	for (i = 0; i < 4; i++)
		y = y * 10 + (s[i] - '0');
	m = (s[4] - '0') * 10 + (s[5] - '0');
	d = (s[6] - '0') * 10 + (s[7] - '0');
	if (y < 1800 || y > 2099 || m < 1 || m > 12 || d < 1)
		return 0;
	return d <= ceu_month_days(y, m);
}

/* check character of 17 ASCII digits. */
char
ceu_ident_person_check(const char *first17)
{
	static const int weight[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9,
	    10, 5, 8, 4, 2 };
	int i, sum = 0;

	for (i = 0; i < 17; i++)
		sum += (first17[i] - '0') * weight[i];
	return "10X98765432"[sum % 11];
}

/*
 * R1: 17 digits and a check character; region code
 * with a first digit 1-8 (81/82/83 are residence permits), birth date a
 * real day between 1800 and 2099.
 */
const char *
ceu_ident_person(const char *in, char out[CEU_ID_LEN + 1])
{
	char id[CEU_ID_LEN + 1];
	const char *why;
	int i;

	if ((why = normalise(in, id)) != NULL)
		return why;
	for (i = 0; i < 17; i++)
		if (id[i] < '0' || id[i] > '9')
			return N_("character");
	if ((id[17] < '0' || id[17] > '9') && id[17] != 'X')
		return N_("character");
	if (id[0] < '1' || id[0] > '8')
		return N_("region");
	if (!valid_birth_date(id + 6))
		return N_("birth date");
	if (ceu_ident_person_check(id) != id[17])
		return N_("check digit");
	memcpy(out, id, sizeof id);
	return NULL;
}

/* check character of 17 credit-code characters,
 * or '\0' when one of them is outside the GB 32100 alphabet. */
char
ceu_ident_unit_check(const char *first17)
{
	static const int weight[17] = { 1, 3, 9, 27, 19, 26, 16, 17, 20, 29,
	    25, 13, 8, 24, 10, 30, 28 };
	int i, sum = 0;

	for (i = 0; i < 17; i++) {
		const char *p = first17[i] ? strchr(unit_alphabet, first17[i])
		    : NULL;
		if (p == NULL)
			return '\0';
		sum += (int)(p - unit_alphabet) * weight[i];
	}
	return unit_alphabet[(31 - sum % 31) % 31];
}

/* R1: 18 characters of the GB 32100 alphabet (no
 * I, O, Z, S, V), the last one the check character. */
const char *
ceu_ident_unit(const char *in, char out[CEU_ID_LEN + 1])
{
	char code[CEU_ID_LEN + 1];
	const char *why;
	int i;

	if ((why = normalise(in, code)) != NULL)
		return why;
	for (i = 0; i < CEU_ID_LEN; i++)
		if (strchr(unit_alphabet, code[i]) == NULL)
			return N_("character");
	if (ceu_ident_unit_check(code) != code[17])
		return N_("check digit");
	memcpy(out, code, sizeof code);
	return NULL;
}

/* Text that is not 18 bytes long is masked whole
 * except for what fits, so a bad value never leaks in full. */
void
ceu_ident_mask(const char *id, char out[CEU_ID_LEN + 1])
{
	char tmp[CEU_ID_LEN + 1];
	size_t n = strnlen(id, CEU_ID_LEN + 1);

	if (n != CEU_ID_LEN) {
		size_t keep = n > 10 ? n - 10 : 0, i;
		if (keep > 6)
			keep = 6;
		for (i = 0; i < CEU_ID_LEN && i < n; i++)
			tmp[i] = i < keep ? id[i] : '*';
		tmp[i] = '\0';
		memcpy(out, tmp, i + 1);
		return;
	}
	memcpy(tmp, id, 6);
	memset(tmp + 6, '*', 8);
	memcpy(tmp + 14, id + 14, 4);
	tmp[CEU_ID_LEN] = '\0';
	memcpy(out, tmp, sizeof tmp);
}

const char *
ceu_ident_shown(const char *text, int show, char out[CEU_ID_LEN + 1])
{
	size_t n = strlen(text);

	if (show || n < 15 || n > 20 || strspn(text, "0123456789Xx") != n)
		return text;
	if (n > CEU_ID_LEN) {
		/* Longer than a number: its first 6 and last 4 around stars. */
		memcpy(out, text, 6);
		memset(out + 6, '*', 8);
		memcpy(out + 14, text + n - 4, 4);
		out[CEU_ID_LEN] = '\0';
		return out;
	}
	memcpy(out, text, 6);
	memset(out + 6, '*', n - 10);
	memcpy(out + n - 4, text + n - 4, 5);
	return out;
}

char *
ceu_ident_mask_all(const char *text)
{
	char *out = ceu_strdup(text), *p;
	size_t n;

	/* Each run of digits (and an X after them) long enough to hold a
	 * number: all but its first 6 and last 4, so that no 18 characters
	 * of it are left whole. */
	for (p = out; *p != '\0'; p += n ? n : 1) {
		n = strspn(p, "0123456789");
		if (n > 0 && (p[n] == 'X' || p[n] == 'x'))
			n++;
		if (n >= CEU_ID_LEN)
			memset(p + 6, '*', n - 10);
	}
	return out;
}

const char *
ceu_ident_city(const char *in)
{
	/* R1: a unit is in one city, named by its 6-digit code. */
	if (strlen(in) != 6 || strspn(in, "0123456789") != 6)
		return N_("6 digits, as 450100");
	return NULL;
}

/*
 * R10: a filing number as IDs are normalised: blanks anywhere dropped,
 * full-width ASCII (U+FF01..U+FF5E) folded, letters upper-cased; other
 * characters (a Chinese 桂人社备〔2023〕1号) kept as they are.
 */
const char *
ceu_ident_filing(const char *in, char out[CEU_FILING_LEN + 1])
{
	const unsigned char *s = (const unsigned char *)in;
	size_t n = 0, k;

	while (*s != '\0') {
		unsigned c = *s;

		if ((k = ceu_blank_len((const char *)s)) > 0) {
			s += k;
			continue;
		}
		k = 1;
		if (c == 0xEF && (s[1] == 0xBC || s[1] == 0xBD) &&
		    s[2] >= 0x80 && s[2] <= 0xBF) {
			unsigned cp = 0xF000 | (unsigned)(s[1] & 0x3F) << 6 |
			    (s[2] & 0x3F);

			if (cp >= 0xFF01 && cp <= 0xFF5E) {
				c = cp - 0xFF01 + 0x21;
				k = 3;
			}
		}
		if (c >= 'a' && c <= 'z')
			c -= 'a' - 'A';
		if (k == 3 || c < 0x80) {
			if (n == CEU_FILING_LEN)
				return N_("length");
			out[n++] = (char)c;
		} else {
			/* A byte of another character, as it is. */
			if (n == CEU_FILING_LEN)
				return N_("length");
			out[n++] = (char)*s;
		}
		s += k;
	}
	out[n] = '\0';
	return n == 0 ? N_("empty") : NULL;
}
