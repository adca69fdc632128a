# A FIFO where a file should be is refused without being opened for a
# blocking read: a page, a content file and a theme partial.  The build
# once waited forever in open().
. "$(dirname "$0")/lib.sh"
copy_fixture basic
hb=$work/basic
mkfifo "$hb/content/pipe.md" "$hb/content/guide/data.csv"
status=0
timeout 20 "$BIN" build -C "$hb" -o "$work/site" >"$work/out" 2>"$work/err" ||
	status=$?
[ "$status" -eq 1 ] || die "exit status $status, expected 1: $(cat "$work/err")"
grep -q '^content/pipe.md: error: cannot read: not a regular file' "$work/err" ||
	die "no error for the FIFO page: $(cat "$work/err")"
grep -q '^content/guide/data.csv: error: cannot read: not a regular file' "$work/err" ||
	die "no error for the FIFO content file: $(cat "$work/err")"
[ ! -e "$work/site" ] || die "a failed build wrote the site"
# check reads the same files as build, so it fails the same way.
status=0
timeout 20 "$BIN" check -C "$hb" >"$work/out" 2>"$work/check-err" || status=$?
[ "$status" -eq 1 ] || die "check: exit status $status, expected 1"
cmp -s "$work/err" "$work/check-err" || die "check and build report differently: $(cat "$work/check-err")"

# In a theme and among plugins, a FIFO is named as such, not taken for a
# missing template (which it once was) nor waited on.
fifo_refused() {
	hostile_build "$hb"
	[ "$status" -eq 1 ] || die "exit status $status, expected 1: $(cat "$work/err")"
	[ "$(cat "$work/err")" = "$1: error: cannot read: not a regular file (a pipe, socket or device); only files and folders are read" ] ||
		die "unexpected messages for $1: $(cat "$work/err")"
	[ ! -e "$work/site" ] || die "a failed build wrote the site"
}
for f in partials/layout.mustache templates/page.mustache assets/plain.css; do
	rm -rf "$hb"
	copy_fixture basic
	rm "$hb/themes/plain/$f"
	mkfifo "$hb/themes/plain/$f"
	fifo_refused "themes/plain/$f"
done
mkdir "$hb/plugins"
mkfifo "$hb/plugins/note.lua"
rm "$hb/themes/plain/assets/plain.css"
cp "$fixtures/basic/themes/plain/assets/plain.css" "$hb/themes/plain/assets/"
fifo_refused plugins/note.lua
