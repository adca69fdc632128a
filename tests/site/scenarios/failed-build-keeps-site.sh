# A failed build leaves the previous site byte for byte as it was.
. "$(dirname "$0")/lib.sh"
copy_fixture basic
hb=$work/basic
"$BIN" build -C "$hb" >/dev/null 2>&1 || die "first build failed"
before=$(cd "$hb/site" && find . -type f | sort | xargs sha256sum)
printf -- '---\ntitle: [broken\n---\n' >"$hb/content/guide/usage.md"
status=0
"$BIN" build -C "$hb" 2>"$work/err" || status=$?
[ "$status" -eq 1 ] || die "broken build exited $status, expected 1"
grep -q "content/guide/usage.md:3:1: error: yaml" "$work/err" || die "no yaml error: $(cat "$work/err")"
after=$(cd "$hb/site" && find . -type f | sort | xargs sha256sum)
[ "$before" = "$after" ] || die "the old site changed"
leftovers=$(find "$hb" -maxdepth 1 -name '.site.*')
[ -z "$leftovers" ] || die "staging folder left behind: $leftovers"
