#!/bin/sh
# make.sh - remake certificate.png, one certificate as it prints, for a
# person to look at: the completion certificate of the ceu-cert tests'
# year (tests/cli/golden/cert-world.sh), issued by bin/ceu-cert and
# rendered by pdftoppm.  Its verify code and QR code differ at each run:
# a new database has a key of its own.
#
#	make && sh tests/artefacts/make.sh
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM
cd "$work"
CEU_BIN=$top/bin
CEU_TOP=$top
. "$top/tests/cli/lib.sh"
. "$top/tests/cli/golden/cert-world.sh"
cert_world
ceu-cert issue -q --kind completion --year 2023 --id "$ID1" --pdf c.pdf \
    >/dev/null
pdftoppm -png -r 80 -singlefile c.pdf "$top/tests/artefacts/certificate"
echo "tests/artefacts/certificate.png"
