#!/bin/sh
# The hostile corpus (tests/hostile): malformed, oversized, binary and
# mixed-encoding files, absurd values, injection text, files that are no
# database; each case's status, message, and a refusal that changes
# nothing.
exec sh "$CEU_TOP/tests/hostile/run.sh" "$CEU_BIN"
