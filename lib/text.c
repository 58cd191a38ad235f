/*
 * text.c - UTF-8 sequences and blanks (text.h).
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "text.h"

int
ceu_utf8_len(const unsigned char *s, size_t avail)
{
	unsigned c = s[0], lo = 0x80, hi = 0xBF;
	size_t need, i;

	if (c < 0x80)
		return 1;
	if (c < 0xC2 || c > 0xF4)
		return 0;
	need = c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
	if (c == 0xE0)
		lo = 0xA0;
	else if (c == 0xED)
		hi = 0x9F;
	else if (c == 0xF0)
		lo = 0x90;
	else if (c == 0xF4)
		hi = 0x8F;
	for (i = 1; i < need; i++, lo = 0x80, hi = 0xBF) {
		if (i >= avail)
			return -1;
		if (s[i] < lo || s[i] > hi)
			return 0;
	}
	return (int)need;
}

size_t
ceu_utf8_scan(const unsigned char *s, size_t n, size_t *tail)
{
	uint64_t w;
	size_t i = 0;
	int k;

	*tail = 0;
	while (i < n) {
		/* Eight ASCII bytes at a time: most of a CSV file. */
		if (n - i >= 8) {
			memcpy(&w, s + i, 8);
			if ((w & 0x8080808080808080ULL) == 0) {
				i += 8;
				continue;
			}
		}
		k = ceu_utf8_len(s + i, n - i);
		if (k == 0)
			return i;
		if (k < 0) {
			*tail = n - i;
			return i;
		}
		i += (size_t)k;
	}
	return i;
}

unsigned
ceu_utf8_decode(const unsigned char *s, size_t *len)
{
	/* A NUL is never a continuation byte: the sequence stops at it. */
	int k = ceu_utf8_len(s, 4);
	unsigned cp;

	if (k <= 0) {
		*len = 1;
		return s[0];
	}
	*len = (size_t)k;
	if (k == 1)
		return s[0];
	cp = s[0] & (0xFF >> (k + 1));
	while (--k > 0)
		cp = cp << 6 | (*++s & 0x3F);
	return cp;
}

size_t
ceu_blank_len(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;

	if (*u == ' ' || (*u >= '\t' && *u <= '\r'))
		return 1;
	if (u[0] == 0xE3 && u[1] == 0x80 && u[2] == 0x80)
		return 3;
	return 0;
}

int
ceu_fold_blanks(const char *in, char *out, size_t outsize)
{
	size_t n = 0, k, run, room;
	int pending = 0, cut = 0;

	if (outsize == 0)
		return *in != '\0' ? -1 : 0;
	for (;;) {
		while ((k = ceu_blank_len(in)) > 0) {
			in += k;
			pending = n > 0;
		}
		if (*in == '\0')
			break;
		/* A run of text up to the next blank, copied at once. */
		for (run = 1; in[run] != '\0' && ceu_blank_len(in + run) == 0;
		    run++)
			;
		room = n + (size_t)pending < outsize - 1 ?
		    outsize - 1 - n - (size_t)pending : 0;
		if (run > room) {
			cut = 1;
			/* Cut before the first character that does not fit. */
			while (room > 0 &&
			    (((unsigned char)in[room]) & 0xC0) == 0x80)
				room--;
			run = room;
		}
		if (run == 0) {
			cut = 1;
			break;
		}
		if (pending)
			out[n++] = ' ';
		pending = 0;
		memmove(out + n, in, run);
		n += run;
		in += run;
		if (cut)
			break;
	}
	out[n] = '\0';
	return cut ? -1 : 0;
}

/* Whether code point cp (at s, len bytes) must be shown escaped. */
static int
unsafe(unsigned cp, size_t len)
{
	if (len == 1)
		return cp < 0x20 || cp == 0x7F;
	return (cp >= 0x80 && cp < 0xA0) || (cp >= 0x202A && cp <= 0x202E) ||
	    (cp >= 0x2066 && cp <= 0x2069);
}

char *
ceu_text_visible(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t n = strlen(s), k = 0, len;
	char *out = ceu_malloc(6 * n + 1);
	unsigned cp;
	int l;

	while (*u != '\0') {
		l = ceu_utf8_len(u, 4);
		if (l <= 0) {
			k += (size_t)sprintf(out + k, "\\x%02X", *u++);
			continue;
		}
		cp = ceu_utf8_decode(u, &len);
		if (cp == '\t' || cp == '\r' || cp == '\n')
			out[k++] = ' ';
		else if (unsafe(cp, len))
			k += (size_t)sprintf(out + k, len == 1 ? "\\x%02X" :
			    "\\u%04X", cp);
		else {
			memcpy(out + k, u, len);
			k += len;
		}
		u += len;
	}
	out[k] = '\0';
	return out;
}

int
ceu_text_clean(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t n = strlen(s), tail;

	if (ceu_utf8_scan(u, n, &tail) != n)
		return 0;
	for (; *u != '\0'; u++)
		if ((*u < 0x20 && *u != '\t' && *u != '\r' && *u != '\n') ||
		    *u == 0x7F)
			return 0;
	return 1;
}
