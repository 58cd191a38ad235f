#!/bin/sh
# The zh_CN catalog is complete: every message of the sources is in it,
# translated and not fuzzy; and every string a user can read is marked for
# it (tools/msgcheck).  Each check is tried on a broken copy too, so that
# it is seen to fail.
. "$CEU_TOP/tests/cli/lib.sh"

po=$CEU_TOP/po/zh_CN.po
keywords=$(sed 's/#.*//' "$CEU_TOP/po/keywords" | sed '/^[[:space:]]*$/d;s/^/-k/')

# catalog_complete PO: all its messages translated, none fuzzy.
catalog_complete() {
	msgfmt --statistics -o /dev/null "$1" 2>stats &&
	grep -qx "[0-9]* translated messages\." stats
}

# sources_pot [FILE...]: the template of the sources (and FILEs), in
# ./now.pot.
sources_pot() {
	here=$PWD
	(cd "$CEU_TOP" && xgettext --from-code=UTF-8 -k $keywords \
	    --no-location -o "$here/now.pot" lib/*.c cmd/*.c "$@")
}

test_expect 'the zh_CN catalog: every message translated, none fuzzy' '
	catalog_complete "$po" &&
	sed "0,/^msgstr \"[^\"]/s/^msgstr \"[^\"].*/msgstr \"\"/" "$po" >untr.po &&
	! catalog_complete untr.po && grep -q untranslated stats &&
	awk "/^msgid \"[^\"]/ && !done { print \"#, fuzzy\"; done = 1 } 1" \
	    "$po" >fuzzy.po &&
	! catalog_complete fuzzy.po && grep -q fuzzy stats
'

test_expect 'every message of the sources is in the zh_CN catalog' '
	sources_pot && msgcmp "$po" now.pot &&
	echo "const char *s = N_(\"a message nobody translated\");" >new.c &&
	sources_pot "$PWD/new.c" && grep -q "nobody translated" now.pot &&
	! msgcmp "$po" now.pot 2>err && grep -q "used but not defined" err
'

test_expect 'every string a user reads is marked for the catalog' '
	perl "$CEU_TOP/tools/msgcheck" "$CEU_TOP/po/keywords" \
	    "$CEU_TOP"/lib/*.c "$CEU_TOP"/cmd/*.c >out &&
	grep -q "; 0 unmarked$" out
'

test_expect 'msgcheck finds a message, a fragment, a value name and prose unmarked' '
	cat >said.c <<-\EOC &&
	static void f(int n) {
		printf("%d rows loaded\n", n);
		cmd_warn("%s: %s", "the file", _("is empty"));
		cmd_info(_("record %s is %s"), "12", ceu_status_name(n));
		cmd_warn("%s", n ? "only one missing" : _("none"));
		fputs(_("marked and fine"), stdout);
		cmd_die(64, _("bad option '\''%s'\''"), "--today");
		/* The journal'\''s words, not a message. */
		snprintf(why, sizeof(why), "replaced by %s (R10)", w);
		reason = "replaced by hand";
	}
	EOC
	! perl "$CEU_TOP/tools/msgcheck" "$CEU_TOP/po/keywords" said.c >out &&
	grep -q "said.c:2: .*rows loaded" out &&
	grep -q "said.c:3: .*the file" out &&
	grep -q "said.c:4: ceu_status_name()" out &&
	grep -q "said.c:5: .*only one missing" out &&
	! grep -q "said.c:9:" out && grep -q "said.c:10: .*by hand" out &&
	grep -q "; 5 unmarked$" out
'

test_done
