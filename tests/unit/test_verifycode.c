/*
 * test_verifycode.c - R12: the verify code a person types.  Any one
 * character changed and any two different characters swapped make it
 * "mistyped" (never another code); typing is forgiving as Crockford's.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "base32.h"
#include "verifycode.h"

/* An error context only: nothing here reads a database. */
static struct ceu_db ctx;

/* The code of the n-th test signature. */
static void
code_of(int n, char code[CEU_VERIFYCODE_LEN + 1])
{
	unsigned char sig[CEU_KEY_SIG_BYTES];
	int i;

	for (i = 0; i < CEU_KEY_SIG_BYTES; i++)
		sig[i] = (unsigned char)(n * 131 + i * 7 + (n >> 3));
	ceu_verifycode_from_signature(sig, code);
}

static void
r12_code_from_signature_is_16_checked_characters(void **state)
{
	char code[CEU_VERIFYCODE_LEN + 1], again[CEU_VERIFYCODE_LEN + 1];
	char out[CEU_VERIFYCODE_LEN + 1], other[CEU_VERIFYCODE_LEN + 1];
	int n;

	(void)state;
	for (n = 0; n < 100; n++) {
		code_of(n, code);
		code_of(n, again);
		assert_string_equal(code, again);
		assert_int_equal(strlen(code), CEU_VERIFYCODE_LEN);
		assert_int_equal(strspn(code, ceu_base32_alphabet),
		    CEU_VERIFYCODE_LEN);
		assert_int_equal(ceu_verifycode_parse(&ctx, code, out), CEU_OK);
		assert_string_equal(out, code);
		code_of(n + 1, other);
		assert_string_not_equal(code, other);
	}
}

static void
r12_every_substitution_is_mistyped(void **state)
{
	char code[CEU_VERIFYCODE_LEN + 1], typed[CEU_VERIFYCODE_LEN + 1];
	char out[CEU_VERIFYCODE_LEN + 1];
	int n, i, v, orig;

	(void)state;
	for (n = 0; n < 64; n++) {
		code_of(n, code);
		for (i = 0; i < CEU_VERIFYCODE_LEN; i++) {
			orig = ceu_base32_value(code[i], 0);
			for (v = 0; v < 32; v++) {
				if (v == orig)
					continue;
				memcpy(typed, code, sizeof(typed));
				typed[i] = ceu_base32_alphabet[v];
				assert_int_equal(ceu_verifycode_parse(&ctx,
				    typed, out), CEU_EREFUSED);
			}
		}
	}
	assert_non_null(strstr(ctx.msg, "mistyped"));
}

static void
r12_every_transposition_is_mistyped(void **state)
{
	char code[CEU_VERIFYCODE_LEN + 1], typed[CEU_VERIFYCODE_LEN + 1];
	char out[CEU_VERIFYCODE_LEN + 1];
	int n, i, j, swaps = 0;

	(void)state;
	for (n = 0; n < 64; n++) {
		code_of(n, code);
		for (i = 0; i < CEU_VERIFYCODE_LEN; i++)
			for (j = i + 1; j < CEU_VERIFYCODE_LEN; j++) {
				if (code[i] == code[j])
					continue;
				memcpy(typed, code, sizeof(typed));
				typed[i] = code[j];
				typed[j] = code[i];
				assert_int_equal(ceu_verifycode_parse(&ctx,
				    typed, out), CEU_EREFUSED);
				swaps++;
			}
	}
	assert_true(swaps > 64 * 100);
}

static void
r12_code_typed_forgivingly(void **state)
{
	char code[CEU_VERIFYCODE_LEN + 1], shown[CEU_VERIFYCODE_DISPLAY_SIZE];
	char typed[128], out[CEU_VERIFYCODE_LEN + 1];
	int n, i, j;

	(void)state;
	for (n = 0; n < 64; n++) {
		code_of(n, code);
		/* Grouped as printed. */
		ceu_verifycode_display(code, shown);
		assert_int_equal(strlen(shown), 19);
		assert_true(shown[4] == '-' && shown[9] == '-' &&
		    shown[14] == '-');
		assert_int_equal(ceu_verifycode_parse(&ctx, shown, out),
		    CEU_OK);
		assert_string_equal(out, code);
		/* Lower case, O for 0, I and L for 1, blanks anywhere. */
		for (i = j = 0; i < CEU_VERIFYCODE_LEN; i++) {
			char c = code[i];

			if (c == '0')
				c = i % 2 ? 'O' : 'o';
			else if (c == '1')
				c = i % 3 == 0 ? 'I' : i % 3 == 1 ? 'l' : 'L';
			else if (c >= 'A' && c <= 'Z' && i % 2)
				c = (char)(c - 'A' + 'a');
			typed[j++] = c;
			if (i % 5 == 2)
				typed[j++] = ' ';
			if (i == 7)
				typed[j++] = '\t';
		}
		typed[j] = '\0';
		assert_int_equal(ceu_verifycode_parse(&ctx, typed, out),
		    CEU_OK);
		assert_string_equal(out, code);
	}
}

static void
r12_code_typed_full_width(void **state)
{
	char code[CEU_VERIFYCODE_LEN + 1], typed[256], out[CEU_VERIFYCODE_LEN + 1];
	int i;
	size_t j = 0;

	(void)state;
	code_of(7, code);
	/* A Chinese input method's full-width letters and digits, its
	 * ideographic space and full-width hyphen. */
	for (i = 0; i < CEU_VERIFYCODE_LEN; i++) {
		unsigned cp = 0xff00 + (unsigned)(code[i] - 0x20);

		typed[j++] = (char)0xef;
		typed[j++] = (char)(0x80 | (cp >> 6 & 0x3f));
		typed[j++] = (char)(0x80 | (cp & 0x3f));
		if (i == 3)
			j += (size_t)snprintf(typed + j, 4, "\xe3\x80\x80");
		if (i == 7)
			j += (size_t)snprintf(typed + j, 4, "\xef\xbc\x8d");
	}
	typed[j] = '\0';
	assert_int_equal(ceu_verifycode_parse(&ctx, typed, out), CEU_OK);
	assert_string_equal(out, code);
}

static void
r12_code_malformed(void **state)
{
	static const char *const bad[] = {
		"", "----", "ABCD-EFGH-JKMN-PQR", "ABCD-EFGH-JKMN-PQRST",
		"ABCD-EFGH-JKMN-PQRU", "ABCD-EFGH-JKMN-PQR*", "ABCD.EFGH.JKMN.PQRS",
		"ABCD-EFGH-JKMN-PQR\xe7\x8e\x8b",
	};
	char out[CEU_VERIFYCODE_LEN + 1];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(ceu_verifycode_parse(&ctx, bad[i], out),
		    CEU_EDATA);
		assert_non_null(strstr(ctx.msg, "not a verify code"));
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(r12_code_from_signature_is_16_checked_characters),
		cmocka_unit_test(r12_every_substitution_is_mistyped),
		cmocka_unit_test(r12_every_transposition_is_mistyped),
		cmocka_unit_test(r12_code_typed_forgivingly),
		cmocka_unit_test(r12_code_typed_full_width),
		cmocka_unit_test(r12_code_malformed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
