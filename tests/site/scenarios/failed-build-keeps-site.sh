# A failed build leaves the previous site byte for byte as it was, whether
# it fails while loading (bad front matter) or while rendering (a broken
# link, after the staging folder was made and filled).
. "$(dirname "$0")/lib.sh"
copy_fixture basic
hb=$work/basic
"$BIN" build -C "$hb" >/dev/null 2>&1 || die "first build failed"
snapshot() { (cd "$hb/site" && find . -type f | sort | xargs sha256sum); }
before=$(snapshot)
cp "$hb/content/guide/usage.md" "$work/usage.md"

printf -- '---\ntitle: [broken\n---\n' >"$hb/content/guide/usage.md"
status=0
"$BIN" build -C "$hb" 2>"$work/err" || status=$?
[ "$status" -eq 1 ] || die "broken front matter: exit $status, expected 1"
grep -q "content/guide/usage.md:3:1: error: yaml" "$work/err" || die "no yaml error: $(cat "$work/err")"
[ "$before" = "$(snapshot)" ] || die "the old site changed (load error)"

cp "$work/usage.md" "$hb/content/guide/usage.md"
printf '\nSee [nothing](nowhere.md).\n' >>"$hb/content/guide/usage.md"
status=0
"$BIN" build -C "$hb" -j 2 2>"$work/err" || status=$?
[ "$status" -eq 1 ] || die "broken link: exit $status, expected 1"
grep -q "error: link: no page 'nowhere.md'" "$work/err" || die "no link error: $(cat "$work/err")"
[ "$before" = "$(snapshot)" ] || die "the old site changed (render error)"
leftovers=$(find "$hb" -maxdepth 1 -name '.site.*')
[ -z "$leftovers" ] || die "staging folder left behind: $leftovers"
