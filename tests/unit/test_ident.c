/*
 * test_ident.c - R1 identifiers: resident ID numbers (GB 11643), residence
 * permits, unified social credit codes (GB 32100) and masking.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "ident.h"

static void
assert_person_ok(const char *in, const char *want)
{
	char out[CEU_ID_LEN + 1];
	const char *why = ceu_ident_person(in, out);

	if (why != NULL)
		fail_msg("'%s' refused (%s)", in, why);
	assert_string_equal(out, want);
}

static void
assert_person_bad(const char *in, const char *reason)
{
	char out[CEU_ID_LEN + 1] = "untouched";

	assert_non_null(ceu_ident_person(in, out));
	assert_string_equal(ceu_ident_person(in, out), reason);
	assert_string_equal(out, "untouched");
}

static void
id_known_valid_numbers__accepted(void **state)
{
	(void)state;
	assert_person_ok("11010519491231002X", "11010519491231002X");
	assert_person_ok("440524188001010014", "440524188001010014");
	assert_person_ok("450102199001011231", "450102199001011231");
}

static void
id_check_character__computed(void **state)
{
	(void)state;
	assert_int_equal(ceu_ident_person_check("11010519491231002"), 'X');
	assert_int_equal(ceu_ident_person_check("44052418800101001"), '4');
	assert_int_equal(ceu_ident_person_check("45010219900101123"), '1');
}

static void
id_residence_permits_81_82_83__accepted(void **state)
{
	(void)state;
	assert_person_ok("810000199001011230", "810000199001011230");
	assert_person_ok("820000199001011232", "820000199001011232");
	assert_person_ok("830000199001011234", "830000199001011234");
}

static void
id_wrong_length__rejected(void **state)
{
	(void)state;
	assert_person_bad("45010219900101123", "length");
	assert_person_bad("4501021990010112311", "length");
	assert_person_bad("", "length");
	assert_person_bad("   ", "length");
}

static void
id_bad_character__rejected(void **state)
{
	(void)state;
	assert_person_bad("4501021990010112A1", "character");
	assert_person_bad("45010219900101123Y", "character");
	assert_person_bad("450102 99001011231", "character");
	assert_person_bad("45010219900101123\xC3\xA9", "character");
}

static void
id_bad_region__rejected(void **state)
{
	(void)state;
	assert_person_bad("000000199001011231", "region");
	assert_person_bad("950102199001011231", "region");
}

static void
id_bad_birth_date__rejected(void **state)
{
	(void)state;
	assert_person_bad("450102199002301231", "birth date");
	assert_person_bad("450102199013011231", "birth date");
	assert_person_bad("450102199001001231", "birth date");
	assert_person_bad("450102179912311231", "birth date");
	assert_person_bad("450102210001011231", "birth date");
	/* Feb 29 only in leap years; 2000 is one, 1900 is not */
	assert_person_bad("450102190002291231", "birth date");
	assert_person_bad("450102199902291231", "birth date");
	assert_person_ok("450102200002291234", "450102200002291234");
	assert_person_ok("450102190002281232", "450102190002281232");
	assert_person_ok("450102209912311231", "450102209912311231");
}

static void
id_check_digit_wrong__rejected(void **state)
{
	(void)state;
	assert_person_bad("450102199001011235", "check digit");
	assert_person_bad("110105194912310021", "check digit");
	assert_person_bad("45010219900101004X", "check digit");
}

static void
id_blanks_and_full_width__normalised(void **state)
{
	(void)state;
	assert_person_ok("  450102199001011231\t", "450102199001011231");
	/* U+3000 ideographic space around the number */
	assert_person_ok("\xE3\x80\x80" "450102199001011231" "\xE3\x80\x80",
	    "450102199001011231");
	/* full-width digits U+FF10.. */
	assert_person_ok("\xEF\xBC\x94\xEF\xBC\x95" "0102199001011231",
	    "450102199001011231");
}

static void
id_lower_case_x__normalised(void **state)
{
	(void)state;
	assert_person_ok("11010519491231002x", "11010519491231002X");
	/* full-width lower-case x U+FF58 and upper-case X U+FF38 */
	assert_person_ok("11010519491231002\xEF\xBD\x98", "11010519491231002X");
	assert_person_ok("11010519491231002\xEF\xBC\xB8", "11010519491231002X");
}

static void
unit_known_valid_code__accepted(void **state)
{
	char out[CEU_ID_LEN + 1];

	(void)state;
	assert_null(ceu_ident_unit("91350100M000100Y43", out));
	assert_string_equal(out, "91350100M000100Y43");
	assert_null(ceu_ident_unit("12100000400000624D", out));
	assert_string_equal(out, "12100000400000624D");
	assert_int_equal(ceu_ident_unit_check("91350100M000100Y4"), '3');
}

static void
unit_lower_case_and_blanks__normalised(void **state)
{
	char out[CEU_ID_LEN + 1];

	(void)state;
	assert_null(ceu_ident_unit(" 91350100m000100y43 ", out));
	assert_string_equal(out, "91350100M000100Y43");
	assert_null(ceu_ident_unit("\xEF\xBC\x99" "1350100M000100Y43", out));
	assert_string_equal(out, "91350100M000100Y43");
}

static void
unit_invalid_codes__rejected(void **state)
{
	char out[CEU_ID_LEN + 1] = "untouched";

	(void)state;
	assert_string_equal(ceu_ident_unit("91350100M000100Y4", out), "length");
	assert_string_equal(ceu_ident_unit("91350100M000100Y433", out),
	    "length");
	/* I, O, Z, S, V are not in the GB 32100 alphabet */
	assert_string_equal(ceu_ident_unit("91350100I000100Y43", out),
	    "character");
	assert_string_equal(ceu_ident_unit("91350100O000100Y43", out),
	    "character");
	assert_string_equal(ceu_ident_unit("91350100S000100Y43", out),
	    "character");
	assert_string_equal(ceu_ident_unit("91350100M000100Y4-", out),
	    "character");
	assert_string_equal(ceu_ident_unit("91350100M000100Y44", out),
	    "check digit");
	assert_string_equal(out, "untouched");
}

/* R10: filing numbers normalised as IDs are, wherever they appear. */
static void
r10_filing_number_normalised(void **state)
{
	char out[CEU_FILING_LEN + 1];

	(void)state;
	assert_null(ceu_ident_filing("GX2023-00001", out));
	assert_string_equal(out, "GX2023-00001");
	assert_null(ceu_ident_filing(" gx2023-00001\t", out));
	assert_string_equal(out, "GX2023-00001");
	assert_null(ceu_ident_filing("ＧＸ２０２３－００００１", out));
	assert_string_equal(out, "GX2023-00001");
	assert_null(ceu_ident_filing("GX 2023-00001　", out));
	assert_string_equal(out, "GX2023-00001");
	/* Other characters are kept as they are. */
	assert_null(ceu_ident_filing("桂人社备〔2023〕1号", out));
	assert_string_equal(out, "桂人社备〔2023〕1号");
	assert_string_equal(ceu_ident_filing(" 　", out), "empty");
	assert_string_equal(ceu_ident_filing("", out), "empty");
}

static void
mask_keeps_first_six_and_last_four(void **state)
{
	char out[CEU_ID_LEN + 1];
	char same[CEU_ID_LEN + 1] = "450102199001011231";

	(void)state;
	ceu_ident_mask("450102199001011234", out);
	assert_string_equal(out, "450102********1234");
	ceu_ident_mask(same, same);
	assert_string_equal(same, "450102********1231");
}

static void
mask_of_odd_length__never_shows_all(void **state)
{
	char out[CEU_ID_LEN + 1];

	(void)state;
	ceu_ident_mask("12345", out);
	assert_string_equal(out, "*****");
	ceu_ident_mask("", out);
	assert_string_equal(out, "");
}


static void
shown_masks_id_like_values_unless_asked(void **state)
{
	char buf[CEU_ID_LEN + 1];

	(void)state;
	assert_string_equal(ceu_ident_shown("450102199001011235", 0, buf),
	    "450102********1235");
	assert_string_equal(ceu_ident_shown("45010219900101123", 0, buf),
	    "450102*******1123");
	assert_string_equal(ceu_ident_shown("450102199001011235", 1, buf),
	    "450102199001011235");
	assert_string_equal(ceu_ident_shown("abc", 0, buf), "abc");
	assert_string_equal(ceu_ident_shown("4.50102E+17", 0, buf),
	    "4.50102E+17");
}

static void
mask_all__every_number_in_text(void **state)
{
	char *got;

	(void)state;
	got = ceu_ident_mask_all("{\"id\":\"450102199001011231\","
	    "\"b\":\"45020319851230456X\",\"n\":12345,"
	    "\"x\":\"a450102199001011231b\"}");
	assert_string_equal(got, "{\"id\":\"450102********1231\","
	    "\"b\":\"450203********456X\",\"n\":12345,"
	    "\"x\":\"a450102********1231b\"}");
	free(got);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(id_known_valid_numbers__accepted),
		cmocka_unit_test(id_check_character__computed),
		cmocka_unit_test(id_residence_permits_81_82_83__accepted),
		cmocka_unit_test(id_wrong_length__rejected),
		cmocka_unit_test(id_bad_character__rejected),
		cmocka_unit_test(id_bad_region__rejected),
		cmocka_unit_test(id_bad_birth_date__rejected),
		cmocka_unit_test(id_check_digit_wrong__rejected),
		cmocka_unit_test(id_blanks_and_full_width__normalised),
		cmocka_unit_test(id_lower_case_x__normalised),
		cmocka_unit_test(unit_known_valid_code__accepted),
		cmocka_unit_test(unit_lower_case_and_blanks__normalised),
		cmocka_unit_test(unit_invalid_codes__rejected),
		cmocka_unit_test(r10_filing_number_normalised),
		cmocka_unit_test(mask_keeps_first_six_and_last_four),
		cmocka_unit_test(mask_of_odd_length__never_shows_all),
		cmocka_unit_test(shown_masks_id_like_values_unless_asked),
		cmocka_unit_test(mask_all__every_number_in_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
