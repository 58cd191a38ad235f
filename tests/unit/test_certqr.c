/*
 * test_certqr.c - R12: the QR text of a certificate.  It carries the
 * printed fields and the database key's signature in ASCII; with the
 * public key alone, a genuine text verifies and any change to it does
 * not ("forged"), and what is not such a text is "malformed".
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "base32.h"
#include "certqr.h"
#include "key.h"

/* An error context only: nothing here reads a database. */
static struct ceu_db ctx;
static struct ceu_key key, other;

static int
make_keys(void **state)
{
	/* Keys from fixed seeds, as a key file would give them. */
	unsigned char seed[32];

	(void)state;
	if (sodium_init() < 0)
		return -1;
	memset(seed, 1, sizeof(seed));
	crypto_sign_seed_keypair(key.pk, key.sk, seed);
	key.has_secret = 1;
	memset(seed, 2, sizeof(seed));
	crypto_sign_seed_keypair(other.pk, other.sk, seed);
	other.has_secret = 1;
	return 0;
}

static struct ceu_certfields
sample(void)
{
	struct ceu_certfields f = {
		.kind = CEU_CERT_COMPLETION, .year = 2023,
		.issued_on = 20231220, .public_hours = 300,
		.professional_hours = 605, .total_hours = 905,
	};

	snprintf(f.serial, sizeof(f.serial), "GX2023C0000123");
	snprintf(f.id_masked, sizeof(f.id_masked), "450102********1234");
	snprintf(f.name, sizeof(f.name), "王静");
	snprintf(f.unit_name, sizeof(f.unit_name), "南宁市第一人民医院");
	return f;
}

/* The signed QR text of f. */
static void
text_of(const struct ceu_certfields *f, char *text)
{
	unsigned char sig[CEU_KEY_SIG_BYTES];

	assert_int_equal(ceu_certqr_sign(&ctx, &key, f, sig), CEU_OK);
	assert_int_equal(ceu_certqr_text(&ctx, f, sig, text,
	    CEU_CERTQR_TEXT_MAX), CEU_OK);
}

static void
r12_canonical_bytes_are_the_documented_format(void **state)
{
	static const unsigned char head[] = {
		0x02,			/* completion */
		0xe7, 0x0f,		/* 2023 */
		0x94, 0x5f,		/* 23 << 9 | 12 << 5 | 20 */
		0xac, 0x02,		/* 30.0 hours */
		0xdd, 0x04,		/* 60.5 */
		0x89, 0x07,		/* 90.5 */
	};
	struct ceu_certfields f = sample();
	unsigned char buf[CEU_CERTQR_BYTES_MAX], want[128];
	size_t len, n = sizeof(head);

	(void)state;
	memcpy(want, head, n);
	want[n++] = 14;
	memcpy(want + n, "GX2023C0000123", 14), n += 14;
	want[n++] = 18;
	memcpy(want + n, "450102********1234", 18), n += 18;
	want[n++] = 6;
	memcpy(want + n, "王静", 6), n += 6;
	want[n++] = 27;
	memcpy(want + n, "南宁市第一人民医院", 27), n += 27;
	assert_int_equal(ceu_certqr_bytes(&ctx, &f, buf, &len), CEU_OK);
	assert_int_equal(len, n);
	assert_memory_equal(buf, want, n);
}

static void
r12_qr_text_round_trip_genuine(void **state)
{
	struct ceu_certfields f = sample(), back;
	unsigned char sig[CEU_KEY_SIG_BYTES], sig2[CEU_KEY_SIG_BYTES];
	char text[CEU_CERTQR_TEXT_MAX], scanned[CEU_CERTQR_TEXT_MAX + 8];

	(void)state;
	assert_int_equal(ceu_certqr_sign(&ctx, &key, &f, sig), CEU_OK);
	/* Ed25519 is deterministic: a reprint signs alike. */
	assert_int_equal(ceu_certqr_sign(&ctx, &key, &f, sig2), CEU_OK);
	assert_memory_equal(sig, sig2, sizeof(sig));
	assert_int_equal(ceu_certqr_text(&ctx, &f, sig, text, sizeof(text)),
	    CEU_OK);
	/* ASCII of the QR code's alphanumeric mode only: the name travels
	 * encoded. */
	assert_int_equal(strncmp(text, "CEU1:", 5), 0);
	assert_int_equal(strspn(text + 5, ceu_base32_alphabet),
	    strlen(text) - 5);
	/* Compact: under version 9-M's 262 alphanumeric characters. */
	assert_true(strlen(text) <= 262);
	assert_int_equal(ceu_certqr_verify(&ctx, key.pk, text, &back, sig2),
	    CEU_OK);
	assert_memory_equal(&back, &f, sizeof(f));
	assert_memory_equal(sig2, sig, sizeof(sig));
	/* As a scanner or a terminal hands it over. */
	snprintf(scanned, sizeof(scanned), "  %s\r\n", text);
	assert_int_equal(ceu_certqr_verify(&ctx, key.pk, scanned, NULL, NULL),
	    CEU_OK);
	/* A buffer too small is said, not overrun. */
	assert_int_equal(ceu_certqr_text(&ctx, &f, sig, text, 100),
	    CEU_EUSAGE);
}

/* Re-encode payload as a QR text. */
static void
encode(const unsigned char *payload, size_t len, char *text)
{
	memcpy(text, "CEU1:", 5);
	ceu_base32_encode(payload, len, text + 5);
}

static void
r12_any_changed_byte_is_forged(void **state)
{
	static const unsigned char deltas[] = { 0x01, 0x10, 0x80, 0xff };
	struct ceu_certfields f = sample();
	unsigned char payload[512];
	char text[CEU_CERTQR_TEXT_MAX], changed[CEU_CERTQR_TEXT_MAX];
	size_t len, i, d;

	(void)state;
	text_of(&f, text);
	assert_int_equal(ceu_base32_decode(text + 5, strlen(text + 5), payload,
	    sizeof(payload), &len), 0);
	assert_int_equal(len, CEU_KEY_SIG_BYTES + 80);
	for (i = 0; i < len; i++)
		for (d = 0; d < sizeof(deltas); d++) {
			payload[i] ^= deltas[d];
			encode(payload, len, changed);
			assert_int_equal(ceu_certqr_verify(&ctx, key.pk,
			    changed, NULL, NULL), CEU_EREFUSED);
			payload[i] ^= deltas[d];
		}
	assert_non_null(strstr(ctx.msg, "forged"));
	/* A byte more or less at the end: forged too. */
	payload[len] = 0;
	encode(payload, len + 1, changed);
	assert_int_equal(ceu_certqr_verify(&ctx, key.pk, changed, NULL, NULL),
	    CEU_EREFUSED);
	encode(payload, len - 1, changed);
	assert_int_equal(ceu_certqr_verify(&ctx, key.pk, changed, NULL, NULL),
	    CEU_EREFUSED);
}

static void
r12_changed_name_year_or_hours_is_forged(void **state)
{
	struct ceu_certfields f = sample(), g;
	unsigned char sig[CEU_KEY_SIG_BYTES];
	char text[CEU_CERTQR_TEXT_MAX];
	int i;

	(void)state;
	assert_int_equal(ceu_certqr_sign(&ctx, &key, &f, sig), CEU_OK);
	for (i = 0; i < 4; i++) {
		g = f;
		if (i == 0)
			snprintf(g.name, sizeof(g.name), "王敬");
		else if (i == 1)
			g.year = 2024;
		else if (i == 2)
			g.total_hours = 906;
		else
			g.kind = CEU_CERT_PUBLIC;
		/* The genuine signature beside altered fields. */
		assert_int_equal(ceu_certqr_text(&ctx, &g, sig, text,
		    sizeof(text)), CEU_OK);
		assert_int_equal(ceu_certqr_verify(&ctx, key.pk, text, NULL,
		    NULL), CEU_EREFUSED);
	}
}

static void
r12_any_changed_character_is_not_genuine(void **state)
{
	struct ceu_certfields f = sample();
	char text[CEU_CERTQR_TEXT_MAX], changed[CEU_CERTQR_TEXT_MAX];
	size_t i, len;
	int v, rc;

	(void)state;
	text_of(&f, text);
	len = strlen(text);
	for (i = 0; i < len; i++)
		for (v = 0; v < 32; v += 5) {
			memcpy(changed, text, len + 1);
			changed[i] = i < 5 ? 'X' : ceu_base32_alphabet[v];
			if (strcmp(changed, text) == 0)
				continue;
			rc = ceu_certqr_verify(&ctx, key.pk, changed, NULL,
			    NULL);
			assert_true(rc == CEU_EREFUSED || rc == CEU_EDATA);
		}
}

static void
r12_another_key_is_forged(void **state)
{
	struct ceu_certfields f = sample();
	unsigned char sig[CEU_KEY_SIG_BYTES];
	char text[CEU_CERTQR_TEXT_MAX];

	(void)state;
	text_of(&f, text);
	assert_int_equal(ceu_certqr_verify(&ctx, other.pk, text, NULL, NULL),
	    CEU_EREFUSED);
	/* Signed by the other database, checked against this one's key. */
	assert_int_equal(ceu_certqr_sign(&ctx, &other, &f, sig), CEU_OK);
	assert_int_equal(ceu_certqr_text(&ctx, &f, sig, text, sizeof(text)),
	    CEU_OK);
	assert_int_equal(ceu_certqr_verify(&ctx, key.pk, text, NULL, NULL),
	    CEU_EREFUSED);
}

static void
r12_malformed_qr_text(void **state)
{
	struct ceu_certfields f = sample();
	char text[CEU_CERTQR_TEXT_MAX], bad[CEU_CERTQR_TEXT_MAX + 8];
	size_t len;

	(void)state;
	text_of(&f, text);
	len = strlen(text);
	assert_int_equal(ceu_certqr_verify(&ctx, key.pk, "", NULL, NULL),
	    CEU_EDATA);
	assert_int_equal(ceu_certqr_verify(&ctx, key.pk, "CEU1:", NULL, NULL),
	    CEU_EDATA);
	assert_int_equal(ceu_certqr_verify(&ctx, key.pk, "https://example.org",
	    NULL, NULL), CEU_EDATA);
	assert_non_null(strstr(ctx.msg, "CEU1:"));
	snprintf(bad, sizeof(bad), "CEU2:%s", text + 5);
	assert_int_equal(ceu_certqr_verify(&ctx, key.pk, bad, NULL, NULL),
	    CEU_EDATA);
	assert_non_null(strstr(ctx.msg, "version"));
	/* A scanner that turned it to lower case, or cut it short. */
	snprintf(bad, sizeof(bad), "CEU1:%s", text + 5);
	bad[10] = (char)(bad[10] | 0x20);
	if (bad[10] >= 'a' && bad[10] <= 'z')
		assert_int_equal(ceu_certqr_verify(&ctx, key.pk, bad, NULL,
		    NULL), CEU_EDATA);
	snprintf(bad, sizeof(bad), "%.80s", text);
	assert_int_equal(ceu_certqr_verify(&ctx, key.pk, bad, NULL, NULL),
	    CEU_EDATA);
	snprintf(bad, sizeof(bad), "%s", text);
	bad[len / 2] = ' ';
	assert_int_equal(ceu_certqr_verify(&ctx, key.pk, bad, NULL, NULL),
	    CEU_EDATA);
}

static void
r12_fields_refused_not_cut(void **state)
{
	struct ceu_certfields f;
	unsigned char buf[CEU_CERTQR_BYTES_MAX], sig[CEU_KEY_SIG_BYTES];
	struct ceu_certfields back;
	char text[CEU_CERTQR_TEXT_MAX];
	size_t len;
	int i;

	(void)state;
	/* The longest name that fits is kept whole. */
	f = sample();
	for (i = 0; i < CEU_CERT_NAME_MAX / 3; i++)
		memcpy(f.name + 3 * i, "静", 3);
	f.name[3 * i] = '\0';
	text_of(&f, text);
	assert_int_equal(ceu_certqr_verify(&ctx, key.pk, text, &back, NULL),
	    CEU_OK);
	assert_string_equal(back.name, f.name);
	/* One byte more is refused, naming the field, set or not. */
	assert_int_equal(ceu_certqr_set(&ctx, f.name, sizeof(f.name), "name",
	    "王静王静王静王静王静王静王静王静王静王静王静王静王静王静王静王静王静"
	    "王静王静王静王静王静王静王静王静王静"), CEU_EDATA);
	assert_non_null(strstr(ctx.msg, "name"));
	assert_string_equal(back.name, f.name);
	memset(f.name, 'x', sizeof(f.name));
	assert_int_equal(ceu_certqr_bytes(&ctx, &f, buf, &len), CEU_EDATA);
	assert_non_null(strstr(ctx.msg, "name"));
	assert_int_equal(ceu_certqr_set(&ctx, f.name, sizeof(f.name), "name",
	    "王静"), CEU_OK);
	assert_int_equal(ceu_certqr_bytes(&ctx, &f, buf, &len), CEU_OK);
	f = sample();
	f.name[0] = '\0';
	assert_int_equal(ceu_certqr_sign(&ctx, &key, &f, sig), CEU_EDATA);
	f = sample();
	snprintf(f.unit_name, sizeof(f.unit_name), "bad\xff");
	assert_int_equal(ceu_certqr_bytes(&ctx, &f, buf, &len), CEU_EDATA);
	assert_non_null(strstr(ctx.msg, "unit"));
	snprintf(f.unit_name, sizeof(f.unit_name), "two\nlines");
	assert_int_equal(ceu_certqr_bytes(&ctx, &f, buf, &len), CEU_EDATA);
	f = sample();
	f.kind = 3;
	assert_int_equal(ceu_certqr_bytes(&ctx, &f, buf, &len), CEU_EDATA);
	f = sample();
	f.issued_on = 20230230;
	assert_int_equal(ceu_certqr_bytes(&ctx, &f, buf, &len), CEU_EDATA);
	f = sample();
	f.year = 1899;
	assert_int_equal(ceu_certqr_bytes(&ctx, &f, buf, &len), CEU_EDATA);
	f = sample();
	f.professional_hours = -1;
	assert_int_equal(ceu_certqr_bytes(&ctx, &f, buf, &len), CEU_EDATA);
	/* An empty unit name is a value (a person with no unit). */
	f = sample();
	f.unit_name[0] = '\0';
	assert_int_equal(ceu_certqr_bytes(&ctx, &f, buf, &len), CEU_OK);
}

static void
r12_kind_names(void **state)
{
	(void)state;
	assert_string_equal(ceu_cert_kind_name(CEU_CERT_PUBLIC), "public");
	assert_string_equal(ceu_cert_kind_name(CEU_CERT_COMPLETION),
	    "completion");
	assert_null(ceu_cert_kind_name(0));
	assert_int_equal(ceu_cert_kind_parse("public"), CEU_CERT_PUBLIC);
	assert_int_equal(ceu_cert_kind_parse("completion"),
	    CEU_CERT_COMPLETION);
	assert_int_equal(ceu_cert_kind_parse("Public"), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(r12_canonical_bytes_are_the_documented_format),
		cmocka_unit_test(r12_qr_text_round_trip_genuine),
		cmocka_unit_test(r12_any_changed_byte_is_forged),
		cmocka_unit_test(r12_changed_name_year_or_hours_is_forged),
		cmocka_unit_test(r12_any_changed_character_is_not_genuine),
		cmocka_unit_test(r12_another_key_is_forged),
		cmocka_unit_test(r12_malformed_qr_text),
		cmocka_unit_test(r12_fields_refused_not_cut),
		cmocka_unit_test(r12_kind_names),
	};

	return cmocka_run_group_tests(tests, make_keys, NULL);
}
