/*
 * base32.c - Crockford's base32.  See base32.h.
 */
#include "base32.h"

const char ceu_base32_alphabet[33] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

int
ceu_base32_value(int c, int forgiving)
{
	int i;

	if (forgiving) {
		if (c >= 'a' && c <= 'z')
			c -= 'a' - 'A';
		if (c == 'O')
			c = '0';
		else if (c == 'I' || c == 'L')
			c = '1';
	}
	for (i = 0; i < 32; i++)
		if (ceu_base32_alphabet[i] == c)
			return i;
	return -1;
}

size_t
ceu_base32_encoded_len(size_t n)
{
	return (n * 8 + 4) / 5;
}

void
ceu_base32_encode(const unsigned char *in, size_t n, char *out)
{
	unsigned int acc = 0;
	int bits = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		acc = (acc << 8) | in[i];
		bits += 8;
		while (bits >= 5) {
			bits -= 5;
			*out++ = ceu_base32_alphabet[(acc >> bits) & 31];
		}
	}
	if (bits > 0)
		*out++ = ceu_base32_alphabet[(acc << (5 - bits)) & 31];
	*out = '\0';
}

int
ceu_base32_decode(const char *text, size_t len, unsigned char *out,
    size_t size, size_t *outlen)
{
	unsigned int acc = 0;
	int bits = 0, v;
	size_t i, n = 0;

	/* A count of characters that no count of bytes gives is not ours. */
	if (ceu_base32_encoded_len(len * 5 / 8) != len)
		return -1;
	for (i = 0; i < len; i++) {
		if ((v = ceu_base32_value((unsigned char)text[i], 0)) < 0)
			return -1;
		acc = (acc << 5) | (unsigned int)v;
		bits += 5;
		if (bits >= 8) {
			bits -= 8;
			if (n == size)
				return -1;
			out[n++] = (unsigned char)(acc >> bits);
		}
	}
	if ((acc & ((1u << bits) - 1)) != 0)
		return -1;
	*outlen = n;
	return 0;
}
