#!/bin/sh
# make install and make uninstall, into a staging root (DESTDIR) with
# PREFIX=/usr: the programs, the pages in both languages, the catalogs,
# the completion and the examples, with their modes; then nothing left
# but PREFIX itself.  The binaries installed are the ones under test
# (install-files, what make install does after building).
. "$CEU_TOP/tests/cli/lib.sh"

# mk TARGET: make TARGET into ./root, outside of any make that runs the
# tests (its MAKEFLAGS name another build).
mk() {
	env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s -C "$CEU_TOP" \
	    B="$CEU_BIN" DESTDIR="$PWD/root" PREFIX=/usr "$1" >out 2>err
}

# The programs: every one built but the developer's tool ceu-gen.
progs=$(cd "$CEU_BIN" && ls ceu ceu-* | grep -vx ceu-gen)
npages=$(ls "$CEU_TOP"/man/*.[1-8] | grep -vc /ceu-gen.1)

test_expect 'make install puts every part in place, with its mode' '
	mk install-files &&
	cd root/usr &&
	for p in $progs; do
		test "$(stat -c %a bin/$p)" = 755 &&
		test "$(stat -c %a share/man/man1/$p.1)" = 644 &&
		test "$(stat -c %a share/man/zh_CN/man1/$p.1)" = 644 &&
		test -L share/bash-completion/completions/$p -o $p = ceu ||
		exit 1
	done &&
	test -f share/man/man7/ceu.7 && test -f share/man/zh_CN/man7/ceu.7 &&
	test "$(stat -c %a share/locale/zh_CN/LC_MESSAGES/ceu.mo)" = 644 &&
	test "$(stat -c %a share/bash-completion/completions/ceu)" = 644 &&
	test "$(readlink share/bash-completion/completions/ceu-report)" = ceu &&
	test -f share/doc/ceu/examples/crontab && test -f share/doc/ceu/README.md &&
	test ! -e bin/ceu-gen && test ! -e share/man/man1/ceu-gen.1 &&
	test ! -e share/man/zh_CN/man1/ceu-gen.1 &&
	n=$(echo $progs | wc -w) &&
	test "$(find . -type f | wc -l)" = $((n + 2 * npages + 1 + 1 + 2)) &&
	test "$(find share/man/zh_CN -type f | wc -l)" = $npages
'

test_expect 'the installed programs run, the completion names each of them' '
	root/usr/bin/ceu --version >out && grep -q "^ceu " out &&
	root/usr/bin/ceu-report help >out && grep -q "^usage: ceu-report" out &&
	for p in $progs; do
		grep -q "complete -F _ceu.* $p\( \|$\)" \
		    root/usr/share/bash-completion/completions/ceu || exit 1
	done
'

test_expect 'make uninstall removes all of it, its folders included' '
	mk uninstall && cd root && find . | sort >../left && cd .. &&
	printf ".\n./usr\n" >want && test_cmp want left
'

test_expect 'make uninstall keeps what is not its own' '
	mk install-files && mkdir -p root/usr/share/man/man1 &&
	echo x >root/usr/share/man/man1/other.1 && echo x >root/usr/bin/other &&
	mk uninstall &&
	test -f root/usr/share/man/man1/other.1 && test -f root/usr/bin/other &&
	test ! -e root/usr/bin/ceu && test ! -e root/usr/share/doc/ceu &&
	test ! -e root/usr/share/locale
'

test_done
