/*
 * test_base32.c - Crockford's base32, the alphabet of the verify code and
 * the certificate's QR text (R12): known values, round trips, and one
 * text for one byte string.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "base32.h"

static void
r12_base32_known_values(void **state)
{
	static const struct {
		const char *in, *out;
	} known[] = {
		{ "", "" }, { "f", "CR" }, { "fo", "CSQG" }, { "foo", "CSQPY" },
		{ "foob", "CSQPYRG" }, { "fooba", "CSQPYRK1" },
		{ "foobar", "CSQPYRK1E8" }, { "\xff", "ZW" },
	};
	unsigned char back[16];
	char text[32];
	size_t i, n;

	(void)state;
	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
		n = strlen(known[i].in);
		ceu_base32_encode((const unsigned char *)known[i].in, n, text);
		assert_string_equal(text, known[i].out);
		assert_int_equal(ceu_base32_encoded_len(n), strlen(text));
		assert_int_equal(ceu_base32_decode(text, strlen(text), back,
		    sizeof(back), &n), 0);
		assert_int_equal(n, strlen(known[i].in));
		assert_memory_equal(back, known[i].in, n);
	}
}

static void
r12_base32_round_trip_every_length(void **state)
{
	unsigned char in[64], back[64];
	char text[128];
	size_t len, n, i;

	(void)state;
	for (len = 0; len <= sizeof(in); len++) {
		for (i = 0; i < len; i++)
			in[i] = (unsigned char)(i * 37 + len * 11);
		ceu_base32_encode(in, len, text);
		assert_int_equal(strspn(text, ceu_base32_alphabet),
		    strlen(text));
		assert_int_equal(ceu_base32_decode(text, strlen(text), back,
		    sizeof(back), &n), 0);
		assert_int_equal(n, len);
		assert_memory_equal(back, in, len);
	}
}

static void
r12_base32_strict_decoding(void **state)
{
	unsigned char out[8];
	size_t n;

	(void)state;
	/* Lengths no byte count encodes to. */
	assert_int_equal(ceu_base32_decode("C", 1, out, sizeof(out), &n), -1);
	assert_int_equal(ceu_base32_decode("CSQ", 3, out, sizeof(out), &n),
	    -1);
	assert_int_equal(ceu_base32_decode("CSQPYR", 6, out, sizeof(out), &n),
	    -1);
	/* Characters outside the alphabet, lower case included. */
	assert_int_equal(ceu_base32_decode("CU", 2, out, sizeof(out), &n), -1);
	assert_int_equal(ceu_base32_decode("cr", 2, out, sizeof(out), &n), -1);
	assert_int_equal(ceu_base32_decode("C ", 2, out, sizeof(out), &n), -1);
	/* Padding bits that are not zero: "CS" would be "f" too. */
	assert_int_equal(ceu_base32_decode("CS", 2, out, sizeof(out), &n), -1);
	/* More bytes than room. */
	assert_int_equal(ceu_base32_decode("CSQPYRK1E8", 10, out, 5, &n), -1);
}

static void
r12_base32_forgiving_values(void **state)
{
	(void)state;
	assert_int_equal(ceu_base32_value('0', 0), 0);
	assert_int_equal(ceu_base32_value('Z', 0), 31);
	assert_int_equal(ceu_base32_value('O', 0), -1);
	assert_int_equal(ceu_base32_value('O', 1), 0);
	assert_int_equal(ceu_base32_value('o', 1), 0);
	assert_int_equal(ceu_base32_value('I', 1), 1);
	assert_int_equal(ceu_base32_value('l', 1), 1);
	assert_int_equal(ceu_base32_value('L', 1), 1);
	assert_int_equal(ceu_base32_value('z', 1), 31);
	assert_int_equal(ceu_base32_value('z', 0), -1);
	assert_int_equal(ceu_base32_value('U', 1), -1);
	assert_int_equal(ceu_base32_value('u', 1), -1);
	assert_int_equal(ceu_base32_value('-', 1), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(r12_base32_known_values),
		cmocka_unit_test(r12_base32_round_trip_every_length),
		cmocka_unit_test(r12_base32_strict_decoding),
		cmocka_unit_test(r12_base32_forgiving_values),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
