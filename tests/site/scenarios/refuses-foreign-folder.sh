# A folder prepbook did not make is never replaced, and the handbook
# itself never is.
. "$(dirname "$0")/lib.sh"
copy_fixture basic
hb=$work/basic
mkdir "$work/docs"
echo precious >"$work/docs/notes.txt"
status=0
"$BIN" build -C "$hb" -o "$work/docs" 2>"$work/err" || status=$?
[ "$status" -eq 3 ] || die "exited $status, expected 3"
grep -q "refusing to write the site to" "$work/err" || die "no refusal: $(cat "$work/err")"
[ "$(cat "$work/docs/notes.txt")" = precious ] || die "notes.txt changed"
status=0
"$BIN" build -C "$hb" -o . 2>"$work/err" || status=$?
[ "$status" -eq 3 ] || die "building over the handbook exited $status"
[ -f "$hb/handbook.yml" ] || die "the handbook was touched"
status=0
"$BIN" build -C "$hb" -o content/out 2>"$work/err" || status=$?
[ "$status" -eq 3 ] || die "building into content/ exited $status"
[ ! -e "$hb/content/out" ] || die "content/out was created"
