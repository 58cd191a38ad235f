/*
 * fuzz_ident.c - libFuzzer target: the identifier validators and the
 * masking of ID numbers (ident.h).
 *
 * The input, as a string, goes through every validator; what they accept
 * must be canonical (accepted again as it is, the check character its
 * own), and masked text must keep its length and hold no ID number.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ident.h"

#define CHECK(c) do { if (!(c)) { fprintf(stderr, "fuzz_ident: %s\n", \
	#c); abort(); } } while (0)

/* Whether s holds an ID number that no letter or digit touches. */
static int
holds_id(const char *s)
{
	char win[CEU_ID_LEN + 1], out[CEU_ID_LEN + 1];
	size_t n = strlen(s), i;

	for (i = 0; i + CEU_ID_LEN <= n; i++) {
		memcpy(win, s + i, CEU_ID_LEN);
		win[CEU_ID_LEN] = '\0';
		if (strspn(win, "0123456789Xx") == CEU_ID_LEN &&
		    ceu_ident_person(win, out) == NULL)
			return 1;
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	char *s = malloc(size + 1), *masked;
	char out[CEU_ID_LEN + 1], again[CEU_ID_LEN + 1], shown[CEU_ID_LEN + 1];

	CHECK(s != NULL);
	memcpy(s, data, size);
	s[size] = '\0';
	if (ceu_ident_person(s, out) == NULL) {
		CHECK(strlen(out) == CEU_ID_LEN);
		CHECK(out[17] == ceu_ident_person_check(out));
		CHECK(ceu_ident_person(out, again) == NULL);
		CHECK(strcmp(out, again) == 0);
		ceu_ident_mask(out, shown);
		CHECK(strlen(shown) == CEU_ID_LEN && !holds_id(shown));
	}
	if (ceu_ident_unit(s, out) == NULL) {
		CHECK(strlen(out) == CEU_ID_LEN);
		CHECK(out[17] == ceu_ident_unit_check(out));
		CHECK(ceu_ident_unit(out, again) == NULL);
		CHECK(strcmp(out, again) == 0);
	}
	if (ceu_ident_city(s) == NULL)
		CHECK(strlen(s) == 6);
	masked = ceu_ident_mask_all(s);
	CHECK(strlen(masked) == strlen(s) && !holds_id(masked));
	free(masked);
	if (ceu_ident_shown(s, 0, shown) == shown)
		CHECK(strlen(shown) <= CEU_ID_LEN && !holds_id(shown));
	CHECK(ceu_ident_shown(s, 1, shown) == s);
	free(s);
	return 0;
}
