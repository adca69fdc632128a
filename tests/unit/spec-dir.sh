#!/bin/sh
# The Mustache conformance test must say in one line how to provide the
# suite when MUSTACHE_SPEC_DIR points nowhere, and pass when it points at a
# copy of the suite.  $1 is the test binary, $2 a folder with the suite.
set -u
bin=$1 suite=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL spec-dir: $1"; exit 1; }

MUSTACHE_SPEC_DIR= "$bin" >"$tmp/out" 2>&1 && fail "passed with no suite"
[ "$(wc -l <"$tmp/out")" -eq 1 ] || fail "not one line: $(cat "$tmp/out")"
grep -q "set MUSTACHE_SPEC_DIR" "$tmp/out" || fail "no hint: $(cat "$tmp/out")"

MUSTACHE_SPEC_DIR=$tmp/nowhere "$bin" >"$tmp/out" 2>&1 && fail "passed with a wrong folder"
[ "$(wc -l <"$tmp/out")" -eq 1 ] || fail "not one line: $(cat "$tmp/out")"
grep -q "$tmp/nowhere" "$tmp/out" || fail "folder not named: $(cat "$tmp/out")"

cp -R "$suite" "$tmp/copy"
MUSTACHE_SPEC_DIR=$tmp/copy "$bin" >"$tmp/out" 2>&1 || fail "a copy of the suite did not pass"
echo "spec-dir: 3 passed, 0 failed"
