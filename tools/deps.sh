#!/bin/sh
# deps.sh PACKAGE... - make sure the Debian packages ceu needs are installed.
# Installs the missing ones when run as root; otherwise prints the exact
# command and fails.
missing=
for p in "$@"; do
	s=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null)
	[ "$s" = installed ] || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "deps: missing:$missing" >&2
if [ "$(id -u)" -eq 0 ]; then
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -q && apt-get install -y -q --no-install-recommends $missing
	exit $?
fi
echo "deps: run: sudo apt-get update && sudo apt-get install -y$missing" >&2
exit 1
